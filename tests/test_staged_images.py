"""Image bytes wait in staging files between the filter and the shard writer (shards/staged.py): the
shards get back exactly the bytes the samples had, and what crosses the graph's groupings is small."""

from __future__ import annotations

import os
import pickle
import random

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline

from pipelines.config import ShardConfig
from pipelines.transforms.stage_images import StageImages
from pipelines.transforms.write_shards import STAGED_IMAGES, WriteShards
from shards import read_samples
from shards.sample import Sample
from shards.staged import StagedImage, StagingReader, StagingWriter

PNG = b"\x89PNG\r\n\x1a\n"
_SEEN: list = []


def _record(sample) -> None:
    _SEEN.append(sample)  # FnApiRunner runs in this process


def _samples() -> list[Sample]:
    random.seed(7)
    out = []
    for i in range(30):
        # PNG signatures then noise: the writer checks the format, never decodes; sizes differ
        images = [PNG + random.randbytes(1500 + 37 * i), PNG + random.randbytes(900 + i)][: 1 + i % 2]
        kind = "caption" if len(images) == 1 else "interleaved"
        segments = None if kind == "caption" else [{"text": f"part {i}"}, {"image": 0}, {"image": 1}]
        out.append(Sample(f"k{i:03d}", kind, images=images, text=f"picture {i}" if kind == "caption" else None,
                          segments=segments, meta={"source": "test", "uri": f"u{i}"}))
    out.append(Sample("plain", "text", text="no images at all", meta={"source": "test", "uri": "t"}))
    return out


def test_shards_hold_the_original_bytes_and_only_references_cross_the_grouping(tmp_path):
    samples = _samples()
    _SEEN.clear()
    output = str(tmp_path)
    with TestPipeline(runner="FnApiRunner") as p:
        staged = p | beam.Create(samples) | StageImages(output)
        _ = staged | "Seen" >> beam.Map(_record)
        _ = staged | WriteShards(output, ShardConfig(max_samples=8))
    assert all(isinstance(i, StagedImage) for s in _SEEN for i in s.images)
    assert sorted(len(s.images) for s in _SEEN) == sorted(len(s.images) for s in samples)
    small = max(len(pickle.dumps(s)) for s in _SEEN if s.images)
    assert small < 900 < min(len(pickle.dumps(s)) for s in samples if s.images)  # bytes stayed behind
    written = {s.key: s for s in read_samples(os.path.join(output, "*", "*.tar"))}
    assert set(written) == {s.key for s in samples}
    for sample in samples:
        assert written[sample.key].images == sample.images  # byte for byte, in order
    assert os.listdir(os.path.join(output, STAGED_IMAGES))  # the manifest step deletes them, not the writer


def test_a_staging_file_cut_short_is_an_error_not_a_short_image(tmp_path):
    writer = StagingWriter(str(tmp_path), "a.bin")
    refs = writer.stage([b"first", b"second image"])
    writer.close()
    reader = StagingReader(str(tmp_path))
    assert [reader.read(r) for r in refs] == [b"first", b"second image"]
    reader.close()
    with open(tmp_path / "a.bin", "r+b") as f:
        f.truncate(8)
    reader = StagingReader(str(tmp_path))
    with pytest.raises(OSError, match="ends before byte 17"):
        reader.read(refs[1])
    reader.close()
