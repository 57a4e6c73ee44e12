"""StageImages: samples' image bytes into staging files, references in their place (`shards.staged`).

One staging file a bundle, named at random (a retried bundle writes a new one; what the failed
attempt wrote is never referenced). The files sit under the build's staging folder, which the
manifest step deletes once every shard is written.
"""

from __future__ import annotations

import dataclasses
import uuid

import apache_beam as beam

from pipelines.transforms.write_shards import STAGED_IMAGES
from shards.manifest import join
from shards.staged import StagingWriter


class StageImagesFn(beam.DoFn):
    def __init__(self, output: str):
        self.output = output

    def start_bundle(self):
        # 64 random bits: a name never met twice in one build's few thousand bundles
        self.writer = StagingWriter(join(self.output, STAGED_IMAGES), f"{uuid.uuid4().hex[:16]}.bin")

    def process(self, sample):
        yield dataclasses.replace(sample, images=self.writer.stage(sample.images)) if sample.images else sample

    def finish_bundle(self):
        self.writer.close()  # before any reader: readers are past a grouping, so after this bundle ends


class StageImages(beam.PTransform):
    """PCollection[Sample] -> the same samples, their images as `StagedImage` references."""

    def __init__(self, output: str):
        super().__init__()
        self.output = output

    def expand(self, samples):
        return samples | "Stage" >> beam.ParDo(StageImagesFn(self.output))
