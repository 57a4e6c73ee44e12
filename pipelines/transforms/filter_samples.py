"""FilterSamples: each sample through `quality.sample_filter` (PII, language, heuristics, quality model,
image checks); a dropped one becomes a ``filtered:<rule>`` reject, counted per rule."""

from __future__ import annotations

import os
import shutil
import tempfile

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from pipelines.transforms.tags import REJECTS
from quality import quality_model
from quality.config import QualityConfig
from quality.sample_filter import filter_sample
from shards.reject import Reject, error_reason, sample_reject


def local_copy(path: str) -> str:
    """A local file with the contents of ``path`` (fastText loads only local files; a model may be on gs://)."""
    if os.path.exists(path):
        return path
    handle, local = tempfile.mkstemp(suffix=os.path.splitext(path)[1])
    with FileSystems.open(path) as src, os.fdopen(handle, "wb") as dst:
        shutil.copyfileobj(src, dst)
    return local


class FilterFn(beam.DoFn):
    def __init__(self, config: QualityConfig):
        self.config = config

    def setup(self):
        path = self.config.quality_model.path
        self.model = quality_model.load(local_copy(path)) if path else None
        self.kept = Metrics.counter("filter", "kept")
        self.pii = Metrics.counter("filter", "pii_replaced")

    def process(self, sample):
        try:
            result = filter_sample(sample, self.config, self.model)
        except Exception as exc:  # a filter bug must not stop the build: the sample is accounted for
            result = sample_reject(sample, *error_reason("filter", exc))
        if isinstance(result, Reject):
            Metrics.counter("filter", result.reason.replace(":", "_")).inc()
            yield beam.pvalue.TaggedOutput(REJECTS, result)
            return
        self.kept.inc()
        self.pii.inc(sum(result.meta.get("pii_replaced", {}).values()))
        yield result


class FilterSamples(beam.PTransform):
    """PCollection[Sample] -> tagged outputs: ``samples`` (kept, scores in meta) and ``rejects``."""

    def __init__(self, config: QualityConfig):
        super().__init__()
        self.config = config

    def expand(self, samples):
        return samples | "Inspect" >> beam.ParDo(FilterFn(self.config)).with_outputs(REJECTS, main="samples")
