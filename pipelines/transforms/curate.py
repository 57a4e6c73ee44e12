"""Curate: the quality stage between extraction and shard writing: filter, decontaminate, deduplicate.

Filtering runs first so dropped samples never compete to be a cluster's kept copy, and so the
kept copy is chosen with the quality scores filtering wrote.
"""

from __future__ import annotations

import apache_beam as beam

from pipelines.transforms.decontaminate import Decontaminate
from pipelines.transforms.dedup import Deduplicate
from pipelines.transforms.filter_samples import FilterSamples
from pipelines.transforms.tags import REJECTS
from quality.config import QualityConfig


class Curate(beam.PTransform):
    """PCollection[Sample] -> {"samples": kept samples, "rejects": filtered, contaminated, duplicates}."""

    def __init__(self, config: QualityConfig):
        super().__init__()
        self.config = config

    def expand(self, samples):
        rejects = []
        for name, step in self._steps():
            out = samples | name >> step
            samples = out.samples
            rejects.append(out[REJECTS])
        return {"samples": samples, REJECTS: tuple(rejects) | "QualityRejects" >> beam.Flatten()}

    def _steps(self):
        config, dedup = self.config, self.config.dedup
        yield "Filter", FilterSamples(config)
        if config.decontamination.benchmarks:
            yield "Decontaminate", Decontaminate(config.decontamination, dedup.image_hash_size)
        if dedup.exact or dedup.near_text or dedup.near_images:
            yield "Deduplicate", Deduplicate(dedup)
