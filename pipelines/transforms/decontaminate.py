"""Decontaminate: samples whose text holds a benchmark question or whose image is a near copy of a
benchmark image are rejected as ``contaminated:<benchmark>``.

Each worker loads the benchmark index once (`quality.decontamination`); benchmarks are small,
the training data is never gathered.
"""

from __future__ import annotations

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipelines.transforms.tags import REJECTS
from quality import image_hash
from quality.config import DecontaminationOptions
from quality.decontamination import BenchmarkIndex
from quality.text import sample_text
from shards.reject import sample_reject


class DecontaminateFn(beam.DoFn):
    def __init__(self, options: DecontaminationOptions, hash_size: int):
        self.options, self.hash_size = options, hash_size

    def setup(self):
        self.index = BenchmarkIndex(self.options, self.hash_size)
        self.contaminated = Metrics.counter("decontaminate", "contaminated")

    def process(self, sample):
        found = self.index.match_text(sample_text(sample))
        for hashes in image_hash.hashes_of(sample) if found is None else []:
            found = self.index.match_image(hashes["phash"])
            if found:
                break
        if found:
            self.contaminated.inc()
            yield beam.pvalue.TaggedOutput(REJECTS, sample_reject(sample, f"contaminated:{found[0]}", found[1]))
        else:
            yield sample


class Decontaminate(beam.PTransform):
    """PCollection[Sample] -> tagged outputs: ``samples`` (clean) and ``rejects`` (contaminated)."""

    def __init__(self, options: DecontaminationOptions, hash_size: int = 8):
        super().__init__()
        self.options, self.hash_size = options, hash_size

    def expand(self, samples):
        return samples | "Check" >> beam.ParDo(DecontaminateFn(self.options, self.hash_size)).with_outputs(REJECTS, main="samples")
