"""A whole build through a custom Beam filesystem: proof that no step opens local paths behind Beam's back.

`vfs://` paths exist only through `VirtualFileSystem`, which keeps files under a temporary
folder. A step that used ``open()`` or ``os`` on such a path would fail, or would create a
``vfs:`` folder in the working directory, which the test checks is never there.
"""

import json
import os
import posixpath
import shutil
import time

import yaml
from apache_beam.io.filesystem import FileMetadata
from apache_beam.io.localfilesystem import LocalFileSystem

from pipelines.build import main as build_main
from samples.make_samples import book_files, labelled_files, notebook_files, pdf_files, table_files, write_corpus
from shards import read_manifest, read_samples, verify_shards
from shards.manifest import shard_paths

SCHEME = "vfs://"


class VirtualFileSystem(LocalFileSystem):
    """``vfs://a/b`` is ``ROOT/a/b``; every call's paths are translated in and out."""

    ROOT = ""
    seen: set[str] = set()

    @classmethod
    def scheme(cls):
        return "vfs"

    def _local(self, path: str) -> str:
        assert path.startswith(SCHEME), f"not a vfs path: {path}"
        VirtualFileSystem.seen.add(path)
        return os.path.join(self.ROOT, path[len(SCHEME):])

    def _virtual(self, path: str) -> str:
        return SCHEME + os.path.relpath(path, self.ROOT).replace(os.sep, "/")

    def join(self, basepath, *paths):
        return posixpath.join(basepath, *paths)

    def split(self, path):
        return posixpath.split(path)

    def _url_dirname(self, url):
        return url.rsplit("/", 1)[0] + "/"

    def mkdirs(self, path):
        os.makedirs(self._local(path), exist_ok=True)

    def _list(self, dir_or_prefix):
        for folder, _, files in os.walk(self._local(dir_or_prefix)):
            for name in files:
                path = os.path.join(folder, name)
                yield FileMetadata(self._virtual(path), os.path.getsize(path), os.path.getmtime(path))

    def create(self, path, *args, **kwargs):
        return super().create(self._local(path), *args, **kwargs)

    def open(self, path, *args, **kwargs):
        return super().open(self._local(path), *args, **kwargs)

    def copy(self, sources, destinations):
        return super().copy([self._local(p) for p in sources], [self._local(p) for p in destinations])

    def rename(self, sources, destinations):
        return super().rename([self._local(p) for p in sources], [self._local(p) for p in destinations])

    def exists(self, path):
        return os.path.exists(self._local(path))

    def size(self, path):
        return os.path.getsize(self._local(path))

    def last_updated(self, path):
        return os.path.getmtime(self._local(path))

    def checksum(self, path):
        return str(self.size(path))

    def metadata(self, path):
        return FileMetadata(path, self.size(path), self.last_updated(path))

    def delete(self, paths):
        for path in paths:
            local = self._local(path)
            shutil.rmtree(local) if os.path.isdir(local) else os.remove(local)


def test_a_whole_build_runs_through_beam_filesystems(tmp_path, monkeypatch):
    store = tmp_path / "store"
    VirtualFileSystem.ROOT, VirtualFileSystem.seen = str(store), set()
    write_corpus(store / "in", {**pdf_files(), **book_files(), **table_files(), **notebook_files(), **labelled_files()})
    monkeypatch.chdir(tmp_path)  # a step that treated vfs:// as a local path would create ./vfs:
    config = tmp_path / "build.yaml"
    config.write_text(yaml.safe_dump({"sources": [
        {"paths": ["vfs://in/pdf/", "vfs://in/books/", "vfs://in/tables/", "vfs://in/notebooks/"]},
        {"paths": ["vfs://in/scene_icdar/*.txt"], "source": "icdar"},
        {"paths": ["vfs://in/scene_coco/annotations.json"], "source": "coco_text",
         "options": {"images_dir": "images"}}]}))
    code = build_main(["--config", str(config), "--output", "vfs://out", "--progress", "off"])
    assert code == 0 and not (tmp_path / "vfs:").exists()
    manifest = read_manifest("vfs://out")  # read back through Beam too
    assert verify_shards(manifest) == []
    assert all(row["balanced"] for row in manifest["ledger"].values())
    assert set(manifest["totals"]["samples"]) == {"chart", "doc_ocr", "interleaved", "scene_ocr", "web_code"}
    assert manifest["rejects"] and all(r.startswith("rejects/") for r in manifest["rejects"])
    assert {p.split("/")[2] for p in VirtualFileSystem.seen} >= {"in", "out"}
    # the reader streams the shards through Beam too (webdataset has no opener for vfs://)
    assert sum(1 for _ in read_samples("vfs://out")) == sum(manifest["totals"]["samples"].values())
    assert all(p.startswith(SCHEME) for p in shard_paths(manifest))
    assert "<h2>Examples</h2>" in (store / "out" / "report.html").read_text()
    assert json.loads((store / "out" / "manifest.json").read_text())["format"] == "vlbuild-shards/1"


def test_a_source_s_reads_are_recorded_with_stamps_and_only_while_it_runs(tmp_path, monkeypatch):
    """What the extraction cache re-checks: the files a source read (local or on another file system, a
    folder as a whole, a missing one as None), not the ones its consumer reads between two records."""
    from sources.common.files import note_read, read_bytes, recording_reads, stamp, unchanged

    monkeypatch.setattr(VirtualFileSystem, "ROOT", str(tmp_path))
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "b.txt").write_text("two")
    (tmp_path / "tex").mkdir()
    (tmp_path / "tex" / "part.tex").write_text("x")

    def source():
        yield read_bytes(str(tmp_path / "a.txt"))
        yield read_bytes(f"{SCHEME}b.txt")
        note_read(str(tmp_path / "tex"))
        note_read(str(tmp_path / "gone.png"))

    reads = {}
    for record in recording_reads(source(), reads):
        read_bytes(str(tmp_path / "consumer.txt")) if (tmp_path / "consumer.txt").exists() else None
        (tmp_path / "consumer.txt").write_text(record.decode())
    a = (tmp_path / "a.txt").stat()
    assert reads == {str(tmp_path / "a.txt"): (3, a.st_mtime_ns, a.st_ctime_ns, a.st_ino),
                     f"{SCHEME}b.txt": (3, os.path.getmtime(tmp_path / "b.txt")),
                     str(tmp_path / "tex"): stamp(str(tmp_path / "tex")), str(tmp_path / "gone.png"): None}
    assert reads[str(tmp_path / "tex")][0] == "folder" and unchanged(reads)
    (tmp_path / "tex" / "more.tex").write_text("y")  # a file added to the folder is a change
    assert not unchanged(reads)


def test_a_file_replaced_by_one_of_its_size_with_its_modification_time_kept_is_a_change(tmp_path):
    # `cp -p`, `tar -x` and `rsync -t` keep a file's modification time: a fixed image of the same size put back so
    # was served from the extraction cache with the old pixels. The change time (nobody sets it) tells, and, for a
    # file replaced by a rename, the inode
    from sources.common.files import stamp, unchanged

    for replace in ("in place", "renamed over"):
        image, folder = tmp_path / replace / "a.png", tmp_path / replace
        folder.mkdir()
        image.write_bytes(b"old pixels")
        reads = {str(image): stamp(str(image)), str(folder): stamp(str(folder))}
        assert unchanged(reads)
        kept = image.stat().st_mtime_ns
        time.sleep(0.01)  # a change time past the first one's, on file systems of coarse clocks
        if replace == "in place":
            image.write_bytes(b"new pixels")
        else:
            (folder / "new").write_bytes(b"new pixels")
            os.replace(folder / "new", image)
        os.utime(image, ns=(kept, kept))
        assert image.stat().st_size == 10 and image.stat().st_mtime_ns == kept
        assert stamp(str(image)) != reads[str(image)] and stamp(str(folder)) != reads[str(folder)]
        assert not unchanged(reads)
