"""Whole samples wait in staging files while Deduplicate finds their duplicates and while WriteShards
buckets them (pipelines/transforms/stage_samples.py): the groupings carry only keys and references,
and what comes out is what came out when they carried the samples."""

from __future__ import annotations

import os

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline

from bench.dedup_images import generated_jpeg
from pipelines.coders import SampleCoder
from pipelines.transforms.curate import Curate
from pipelines.transforms.stage_samples import StagedSamples, StageSamplesFn
from pipelines.transforms.write_shards import bucket_of
from quality.config import QualityConfig
from shards.sample import Sample
from shards.staged import StagedImage, pack_reference, unpack_reference

_SEEN: dict[str, list] = {}


def _record(item, label: str) -> None:
    _SEEN.setdefault(label, []).append(item)  # FnApiRunner runs in this process


def _captions() -> list[Sample]:
    """Caption pairs: some pictures met twice (exact copies), captions long enough to pass the filters."""
    words = "a photograph of the old harbour at dawn with boats and gulls over calm grey water".split()
    samples = []
    for i in range(24):
        caption = " ".join(words[i % 5:] + words[:i % 5]) + f" number {i}"
        samples.append(Sample(f"{i:024x}", "caption", images=[generated_jpeg(i % 17)], text=caption,
                              meta={"source": "test", "uri": f"tar{i % 4}", "locator": f"m{i}"}))
    return samples


def _curated(samples: list[Sample], staging: str | None) -> tuple[list, list]:
    _SEEN.clear()
    with TestPipeline(runner="FnApiRunner") as p:
        out = p | beam.Create(samples) | Curate(QualityConfig(), staging=staging)
        _ = out["samples"] | "Kept" >> beam.Map(_record, "kept")
        _ = out["rejects"] | "Rejected" >> beam.Map(_record, "rejects")
    kept = sorted((SampleCoder().encode(s) for s in _SEEN.get("kept", [])))
    rejects = sorted((r.key, r.reason, r.detail, r.uri, r.locator) for r in _SEEN.get("rejects", []))
    return kept, rejects


def test_deduplicate_with_staged_samples_keeps_and_rejects_what_it_does_without(tmp_path):
    samples = _captions()
    staging = os.path.join(tmp_path, "dedup")
    kept, rejects = _curated(samples, staging)
    assert (kept, rejects) == _curated(samples, None)
    assert len(kept) == 17 and sum(r[1].startswith("duplicate_of:") for r in rejects) == 7
    # the samples and the near-image search's members waited there (the manifest step deletes the folder)
    assert sorted(os.listdir(staging)) == ["near-image", "samples"]
    assert all(os.listdir(os.path.join(staging, step)) for step in ("near-image", "samples"))


def test_a_staged_sample_comes_back_equal_and_its_grouping_value_is_small(tmp_path):
    sample = Sample("0" * 24, "caption", images=[StagedImage("0123456789abcdef.bin", 10**9, 41_000)],
                    text="a caption of twenty words " * 4, meta={"source": "t", "uri": "/data/x/pairs-00001.tar",
                                                                  "locator": "000000123.jpg"})
    fn = StageSamplesFn(str(tmp_path))
    fn.start_bundle()
    (key, kind, reference), = fn.process(sample)
    fn.finish_bundle()
    assert (key, kind) == (sample.key, "caption") and len(reference) < 40
    assert unpack_reference(pack_reference(unpack_reference(reference))) == unpack_reference(reference)
    staged = StagedSamples(str(tmp_path))
    assert staged.read(reference) == sample
    staged.close()
    _, value = bucket_of((key, kind, reference), {"caption": 10}, 5)
    assert len(value) < 100 < len(SampleCoder().encode(sample))  # what WriteShards' buckets carry
