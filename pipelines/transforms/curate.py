"""Curate: the quality stage between extraction and shard writing: filter, decontaminate, deduplicate.

Filtering runs first so dropped samples never compete to be a cluster's kept copy, and so the
kept copy is chosen with the quality scores filtering wrote. The filter is the last step that
reads image bytes (decoding for checks and hashes): a ``stage`` step given to `Curate` runs right
after it (the build stages images there, `StageImages`). Given a ``staging`` folder, Deduplicate
keeps the samples there while it finds their duplicates (`StageSamples`).
"""

from __future__ import annotations

import apache_beam as beam

from pipelines.transforms.decontaminate import Decontaminate
from pipelines.transforms.dedup import Deduplicate
from pipelines.transforms.filter_samples import FilterSamples
from pipelines.transforms.tags import REJECTS
from quality import image_hash
from quality.config import QualityConfig


class Curate(beam.PTransform):
    """PCollection[Sample] -> {"samples": kept samples, "rejects": filtered, contaminated, duplicates}."""

    def __init__(self, config: QualityConfig, stage: beam.PTransform | None = None, staging: str | None = None):
        super().__init__()
        self.config, self.stage, self.staging = config, stage, staging

    def expand(self, samples):
        out = samples | "Filter" >> FilterSamples(self.config)
        samples, rejects = out.samples, [out[REJECTS]]
        if self.stage is not None:  # the filter was the last step to read image bytes
            samples = samples | "StageImages" >> self.stage
        for name, step in self._comparisons():
            out = samples | name >> step
            samples = out.samples
            rejects.append(out[REJECTS])
        samples = samples | "DropImageHashes" >> beam.Map(image_hash.without_hashes)  # their readers are done
        return {"samples": samples, REJECTS: tuple(rejects) | "QualityRejects" >> beam.Flatten()}

    def _comparisons(self):
        """The steps after the filter, which compare samples by the fingerprints it left."""
        config, dedup = self.config, self.config.dedup
        if config.decontamination.benchmarks:
            yield "Decontaminate", Decontaminate(config.decontamination, dedup.image_hash_size)
        if dedup.exact or dedup.near_text or dedup.near_images:
            yield "Deduplicate", Deduplicate(dedup, self.staging)
