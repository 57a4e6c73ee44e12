"""bench.caption_scale at 50 pairs (issue #25), so the bench cannot rot silently: its corpus is
cached, shared between sizes and read whole by the `captions` source; its plain loop writes
every pair."""

from __future__ import annotations

import io
import tarfile

from PIL import Image

from bench import caption_scale
from shards.sample import Sample
from sources.records.captions import read_captions


def _members(path) -> list[str]:
    with tarfile.open(path) as tar:
        return tar.getnames()


def test_corpus_is_cached_shared_between_sizes_and_read_by_the_captions_source(tmp_path, monkeypatch):
    monkeypatch.setattr(caption_scale, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(caption_scale, "PER_TAR", 20)
    folder = caption_scale.corpus(50)
    tars = sorted(folder.glob("*.tar"))
    assert [len(_members(t)) for t in tars] == [40, 40, 20]  # a jpg and a txt a pair
    keys = {name.split(".")[0] for t in tars for name in _members(t)}
    assert len(keys) == 50
    first = tars[0].stat()
    assert caption_scale.corpus(50) == folder and tars[0].stat().st_mtime_ns == first.st_mtime_ns
    smaller = sorted(caption_scale.corpus(30).glob("*.tar"))
    assert smaller[0].stat().st_ino == first.st_ino  # the first 20 pairs made once for both sizes
    read = [r for t in tars for r in read_captions(t.read_bytes(), str(t))]
    assert len(read) == 50 and all(isinstance(r, Sample) for r in read)
    # 10-30 words with a stock phrase of 2-5 inside, one in ten with a word added or dropped
    assert all(11 <= len(r.text.split()) <= 36 for r in read)


def test_pairs_past_the_generated_pictures_reuse_them_with_their_own_captions(tmp_path, monkeypatch):
    monkeypatch.setattr(caption_scale, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(caption_scale, "PER_TAR", 10)
    monkeypatch.setattr(caption_scale, "PICTURES", 20)
    tars = sorted(caption_scale.corpus(50).glob("*.tar"))
    read = [r for t in tars for r in read_captions(t.read_bytes(), str(t))]
    assert len(read) == 50 and len({r.key for r in read}) == 50  # distinct pairs, distinct keys
    pictures = [r.images[0] for r in read]
    assert len(set(pictures[:20])) == 20 and pictures[20:40] == pictures[:20] and pictures[40:] == pictures[:10]
    assert [r.text for r in read[20:30]] != [r.text for r in read[:10]]


def test_plain_loop_writes_every_pair_as_a_decodable_jpeg(tmp_path, monkeypatch):
    monkeypatch.setattr(caption_scale, "CACHE", tmp_path / "cache")
    folder = caption_scale.corpus(50)
    out = tmp_path / "out"
    assert caption_scale.plain_loop(folder, out) == 50
    with tarfile.open(next(out.glob("*.tar"))) as tar:
        names = tar.getnames()
        first = tar.extractfile(next(n for n in names if n.endswith(".jpg"))).read()
    assert len(names) == 100
    assert max(Image.open(io.BytesIO(first)).size) == 256
