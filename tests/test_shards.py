"""Shard writing and reading: atomic, byte-reproducible, and read back exactly by the real webdataset library."""

import hashlib
import io
import json
import subprocess
import sys
import tarfile

import pytest
import webdataset as wds

from shards import Sample, TarShardWriter, read_manifest, read_samples, verify_shards
from shards.manifest import write_manifest
from shards.writer import SampleWriter
from tests.helpers import jpeg_bytes, png_bytes


def samples(n=5):
    return [Sample(key=f"key{i:03d}", kind="doc_ocr", images=[png_bytes(color=(i, 0, 0)), jpeg_bytes()],
                   text=f"page {i} — ünïcode 文本", meta={"source": "pdf", "uri": f"d{i}.pdf", "page": i})
            for i in range(n)]


def write(path, items):
    writer = TarShardWriter(str(path), "doc_ocr")
    for s in items:
        writer.write(s)
    return writer.close()


@pytest.mark.parametrize("writer_type", [TarShardWriter])
def test_writers_follow_the_contract(tmp_path, writer_type):
    writer = writer_type(str(tmp_path / "a.tar"), "doc_ocr")
    assert isinstance(writer, SampleWriter)
    for s in samples(2):
        writer.write(s)
    info = writer.close()
    assert info.samples == 2 and info.bytes == (tmp_path / "a.tar").stat().st_size


def test_shard_appears_only_when_complete(tmp_path):
    path = tmp_path / "doc_ocr-000000.tar"
    writer = TarShardWriter(str(path), "doc_ocr")
    writer.write(samples(1)[0])
    assert not path.exists() and (tmp_path / "doc_ocr-000000.tar.partial").exists()
    writer.close()
    assert path.exists() and not (tmp_path / "doc_ocr-000000.tar.partial").exists()


def test_round_trip_through_webdataset_is_exact(tmp_path):
    items = samples(5)
    write(tmp_path / "s.tar", items)
    assert list(read_samples(str(tmp_path / "s.tar"))) == items
    # and the raw library, with its own decoders, sees the same members
    raw = list(wds.WebDataset(str(tmp_path / "s.tar"), shardshuffle=False).decode("pil"))
    assert [r["__key__"] for r in raw] == [s.key for s in items]
    assert raw[0]["0.png"].size == (32, 24) and raw[0]["json"]["text"] == items[0].text


def test_same_samples_give_byte_identical_shards(tmp_path):
    a = write(tmp_path / "a.tar", samples())
    b = write(tmp_path / "b.tar", samples())
    assert a.sha256 == b.sha256 and a.bytes == b.bytes


def test_shards_are_the_bytes_webdatasets_tar_writer_writes(tmp_path):
    """The build writes tars with the standard library (`shards.tar`): webdataset imports torch. The
    bytes must be webdataset.TarWriter's, so that shards stay byte-identical to earlier builds."""
    ours = write(tmp_path / "ours.tar", samples())
    with open(tmp_path / "theirs.tar", "wb") as stream:
        writer = wds.TarWriter(stream, encoder=False, mtime=0.0)
        for s in samples():
            writer.write(s.to_wds())
        writer.close()
    assert (tmp_path / "ours.tar").read_bytes() == (tmp_path / "theirs.tar").read_bytes()
    assert ours.sha256 == hashlib.sha256((tmp_path / "theirs.tar").read_bytes()).hexdigest()


def test_the_builds_own_tar_reading_gives_what_webdataset_gives(tmp_path):
    from shards.tar import read_shards

    write(tmp_path / "a.tar", samples(3))
    write(tmp_path / "b.tar", samples(5)[3:])
    paths = [str(tmp_path / "a.tar"), str(tmp_path / "b.tar")]
    assert list(read_shards(paths)) == list(read_samples(paths)) == samples(5)


def test_a_build_imports_neither_webdataset_nor_torch():
    """``import webdataset`` imports torch, 1.4 s of CPU a build (issue #18): the build writes, reports and
    writes its energon blends without it."""
    code = ("import sys\n"
            "import pipelines.build, pipelines.report, shards.writer, shards.energon\n"
            "assert shards.energon.stage_mixes()\n"
            "print(sorted(m for m in ('torch', 'webdataset') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_reading_a_webdataset_tar_imports_neither_webdataset_nor_torch(tmp_path):
    """The captions source reads a WebDataset tar with the standard library (torch was ~180 MB of a caption
    build's peak and ~1.4 s of its CPU), splitting member names as webdataset does."""
    write(tmp_path / "a.tar", samples(2))
    code = ("import sys\n"
            "from sources.records.tar_samples import tar_samples\n"
            f"found = list(tar_samples(open({str(tmp_path / 'a.tar')!r}, 'rb').read()))\n"
            "assert len(found) == 2, found\n"
            "print(sorted(m for m in ('torch', 'webdataset') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("name", ["img.jpg", "k.v2.JPG", "a/b.c.d", "dir.x/y.txt", "dir.x/y", "noext", "x.",
                                  ".hidden", "a/b/c.tar.gz", "__key__.json", ""])
def test_base_plus_ext_splits_a_name_as_webdataset_does(name):
    from webdataset.tariterators import base_plus_ext

    from shards.tar import base_plus_ext as ours

    assert ours(name) == base_plus_ext(name)


def test_writer_refuses_a_sample_of_another_kind(tmp_path):
    writer = TarShardWriter(str(tmp_path / "x.tar"), "caption")
    with pytest.raises(ValueError, match="doc_ocr sample"):
        writer.write(samples(1)[0])


def test_manifest_reader_and_verification(tmp_path):
    info = write(tmp_path / "doc_ocr" / "doc_ocr-000000.tar", samples(3))
    entry = dict(vars(info), path="doc_ocr/doc_ocr-000000.tar")
    write_manifest(str(tmp_path), {"shards": [entry]})
    manifest = read_manifest(str(tmp_path))
    assert verify_shards(manifest) == []
    assert len(list(read_samples(str(tmp_path)))) == 3
    assert list(read_samples(str(tmp_path), kinds=["caption"])) == []
    with open(tmp_path / "doc_ocr" / "doc_ocr-000000.tar", "r+b") as f:  # flip one byte
        f.seek(600)
        byte = f.read(1)
        f.seek(600)
        f.write(bytes([byte[0] ^ 0xFF]))
    assert verify_shards(manifest) == ["doc_ocr/doc_ocr-000000.tar: size or sha256 differs from the manifest"]


def test_a_trainer_reads_local_shards_without_apache_beam(tmp_path):
    """GPU training images rarely ship Apache Beam: the trainer's imports and a local build's manifest
    and shards must not need it (only URLs go through Beam's FileSystems)."""
    info = write(tmp_path / "doc_ocr" / "doc_ocr-000000.tar", samples(2))
    write_manifest(str(tmp_path), {"shards": [dict(vars(info), path="doc_ocr/doc_ocr-000000.tar")]})
    code = ("import sys; sys.modules['apache_beam'] = None\n"  # any import of Beam now fails
            "import model.train, model.data\n"
            "from shards import read_manifest, read_samples\n"
            f"assert len(read_manifest({str(tmp_path)!r})['shards']) == 1\n"
            f"print([s.key for s in read_samples({str(tmp_path)!r})])\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "['key000', 'key001']"


def test_reading_something_that_is_not_a_manifest_fails_clearly(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"shards": []}))
    with pytest.raises(ValueError, match="not a vlbuild-shards"):
        read_manifest(str(tmp_path))


def test_members_are_laid_out_as_the_design_says(tmp_path):
    write(tmp_path / "s.tar", samples(1))
    with tarfile.open(tmp_path / "s.tar") as tar:
        assert tar.getnames() == ["key000.0.png", "key000.1.jpg", "key000.json"]


def _tarfile_bytes(members, mtime):
    """What tarfile's own ``w|`` writer (webdataset.TarWriter's) writes for (name, data) ``members``."""
    stream = io.BytesIO()
    with tarfile.open(fileobj=stream, mode="w|") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode, info.uname, info.gname = len(data), mtime, 0o444, "bigdata", "bigdata"
            tar.addfile(info, io.BytesIO(data))
    return stream.getvalue()


@pytest.mark.parametrize("mtime", [0.0, 0, 1.5, 1_700_000_000.25, 8 ** 11, -1.0])
def test_the_tar_stream_writes_tarfiles_bytes(mtime):
    """`shards.tar.TarStream` copies a header tarfile made and sets its name, size and checksum; names
    past ustar's field or not ASCII, and sizes past its digits, take tarfile's own header."""
    from shards.tar import TarStream

    members = [("000000001.jpg", b"\xff\xd8" * 700), ("000000001.txt", b"a caption"), ("k.json", b""),
               ("x" * 99 + "y", b"1" * 511), ("x" * 100 + "y", b"2" * 512), ("d/sub.dir/key.v2.png", b"3" * 513),
               ("café.txt", "é".encode()), ("a b\tc.txt", bytearray(b"4" * 1024)), ("mv.bin", memoryview(b"5" * 10)),
               ("z" * 300 + ".txt", b"6" * 10241)]
    stream = io.BytesIO()
    tar = TarStream(stream)
    for name, data in members:
        tar.add(name, data, mtime)
    tar.close()
    tar.close()  # a second close writes nothing, as tarfile's
    assert stream.getvalue() == _tarfile_bytes([(n, bytes(d)) for n, d in members], mtime)
    empty = io.BytesIO()
    TarStream(empty).close()
    assert empty.getvalue() == _tarfile_bytes([], mtime)


def test_the_tar_streams_headers_read_back_as_written():
    from shards.tar import TarStream

    stream = io.BytesIO()
    tar = TarStream(stream)
    for i in range(50):
        tar.add(f"{i:09d}.txt", b"x" * (i * 37), 0.0)
    tar.close()
    stream.seek(0)
    with tarfile.open(fileobj=stream, mode="r:") as read:
        infos = read.getmembers()
        assert [(m.name, m.size, m.mode, m.uname, m.mtime) for m in infos] == \
            [(f"{i:09d}.txt", i * 37, 0o444, "bigdata", 0.0) for i in range(50)]
        assert read.extractfile(infos[7]).read() == b"x" * 259


def _tarfile_members(data):
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
        return [(m.name, m.offset, m.offset_data, m.size) for m in tar if m.isreg()], tar.offset


def _tar_of(entries, **options):
    """A tar made by tarfile of (name, data or a one-item list of a TarInfo type) ``entries``."""
    stream = io.BytesIO()
    with tarfile.open(fileobj=stream, mode="w", **options) as tar:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            if isinstance(data, bytes):
                info.size, info.mtime = len(data), 1_700_000_000.5
                tar.addfile(info, io.BytesIO(data))
            else:
                info.type = data[0]
                tar.addfile(info)
    return stream.getvalue()


def test_plain_members_are_the_members_tarfile_reads(tmp_path):
    """`shards.tar.plain_members` reads the tars the build and img2dataset write (pax headers of a float
    mtime, or none) as tarfile does: the same names, header and data offsets, sizes and end."""
    from shards.tar import plain_members

    write(tmp_path / "a.tar", samples(6))  # the build's: a pax header a member
    with open(tmp_path / "b.tar", "wb") as stream:  # webdataset's with an int mtime: no pax headers
        writer = wds.TarWriter(stream, encoder=False, mtime=0)
        for s in samples(4):
            writer.write(s.to_wds())
        writer.close()
    tars = [(tmp_path / "a.tar").read_bytes(), (tmp_path / "b.tar").read_bytes(),
            _tar_of([("k1.jpg", b"x" * 513), ("k1.txt", b""), ("dir/u.json", b"{}"), ("x" * 100, b"1")])]
    for data in tars:
        found = plain_members(io.BytesIO(data))
        assert found is not None and found == _tarfile_members(data)
        assert len(found[0]) >= 3


@pytest.mark.parametrize("case", ["directory", "symlink", "long_name", "gnu_long_name", "ustar_prefix", "bad_checksum",
                                  "cut_short", "data_cut_short", "no_end", "empty", "gzip", "pax_path", "pax_size",
                                  "global_pax", "base256_size"])
def test_plain_members_leaves_other_tars_to_tarfile(case):
    """Anything but the plain layout gives None (the callers then read with tarfile), whatever tarfile
    makes of it."""
    from shards.tar import plain_members

    simple = [("k.jpg", b"x" * 600), ("k.txt", b"caption")]
    data = {
        "directory": lambda: _tar_of([("d", [tarfile.DIRTYPE]), *simple]),
        "symlink": lambda: _tar_of([*simple, ("l", [tarfile.SYMTYPE])]),
        "long_name": lambda: _tar_of([("n" * 101 + ".txt", b"1"), *simple]),
        "gnu_long_name": lambda: _tar_of([("n" * 101 + ".txt", b"1")], format=tarfile.GNU_FORMAT),
        "ustar_prefix": lambda: _tar_of([("p" * 80 + "/" + "n" * 60 + ".txt", b"1")], format=tarfile.USTAR_FORMAT),
        "bad_checksum": lambda: (lambda d: d[:148] + b"0000000\0" + d[156:])(_tar_of(simple)),
        "cut_short": lambda: _tar_of(simple)[:1024 + 512 + 100],
        "data_cut_short": lambda: _tar_of(simple)[:1024 + 300],
        "no_end": lambda: _tar_of(simple)[:-10240 + 2560][:(1024 + 1024 + 1024)],
        "empty": lambda: _tar_of([]),
        "gzip": lambda: __import__("gzip").compress(_tar_of(simple)),
        "pax_path": lambda: _tar_of(simple, pax_headers={"path": "other.txt"}),
        "pax_size": lambda: _tar_of([("k.jpg", b"x" * 600)], pax_headers={"comment": "hi"}),
        "global_pax": lambda: _tar_of(simple, pax_headers={"mtime": "1.5"}),
        "base256_size": lambda: (lambda d: d[:124] + b"\x80" + bytes(7) + (600).to_bytes(4, "big") + d[136:])(
            _tar_of(simple, format=tarfile.GNU_FORMAT)),
    }[case]()
    assert plain_members(io.BytesIO(data)) is None


def test_energon_index_is_the_same_read_plainly_or_through_tarfile(tmp_path, monkeypatch):
    import shards.energon as energon

    write(tmp_path / "caption" / "caption-000000.tar", samples(5))
    plainly = energon.index_shard(str(tmp_path), "caption/caption-000000.tar")
    monkeypatch.setattr(energon, "plain_members", lambda stream: None)
    assert energon.index_shard(str(tmp_path), "caption/caption-000000.tar") == plainly
    assert plainly.name == "caption-000000.tar" and len(plainly.samples) == 5


def _turns(*pairs):
    return [{"role": role, "content": content} for role, content in pairs]


@pytest.mark.parametrize("kind,text,conversation,images,fault", [
    ("sft", None, _turns(("user", "<image>\nWhat colour?"), ("assistant", "Red.")), 1, None),
    ("chart", None, _turns(("user", "<image>\nThe table?"), ("assistant", "| <image> | 3 |")), 1,
     ("filtered:image_in_answer", "assistant turn 2 holds 1 <image> marker(s) as text: '| <image> | 3 |'")),
    ("sft", None, _turns(("user", "<image><image>\nCompare."), ("assistant", "Same.")), 1,
     ("error:contract:marker_count", "2 <image> markers in the prompt for 1 images")),
    ("web_code", '<img alt="<image>">', None, 1,
     ("filtered:image_in_answer", "the web_code text, a reader's answer, holds 1 <image> marker(s) as text: "
                                  "'<img alt=\"<image>\">'")),
    ("caption", "An <image> tag.", None, 1,
     ("filtered:image_in_answer", "the caption text, a reader's answer, holds 1 <image> marker(s) as text: "
                                  "'An <image> tag.'")),
    ("web_code", "<html><body>plain</body></html>", None, 2, None),
    ("doc_ocr", "HTML's <image> element is obsolete.", None, 1, None),  # no reader of OCR text counts markers
])
def test_marker_contract_says_what_a_conversation_reader_would_count(kind, text, conversation, images, fault):
    from shards.contract import marker_fault
    from shards.energon_loaders import conversation_sample

    sample = Sample(key="k", kind=kind, images=[png_bytes()] * images, text=text, conversation=conversation)
    assert marker_fault(sample) == fault
    if kind in ("sft", "chart", "web_code"):  # energon's loader agrees: it refuses just what the contract refuses
        raw = {"json": {**json.loads(sample.to_wds()["json"])}, **{f"{i}.png": i for i in range(images)}}
        if fault is None:
            assert len(conversation_sample(raw)["images"]) == images
        else:
            with pytest.raises(ValueError, match="markers for"):
                conversation_sample(raw)
