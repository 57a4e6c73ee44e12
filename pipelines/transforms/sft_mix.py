"""SFT samples onto the taxonomy (`MapTaxonomy`) and into the target mix (`BalanceMix`).

`MapTaxonomy` classifies ``sft`` samples in batches (one embedding call per batch; the models load
once per worker) and stores the prediction in ``meta["taxonomy"]``; other kinds pass through.
`BalanceMix` counts samples per category and either weights each (``meta["mix_weight"]``) or keeps
each category's quota: only keys are grouped to choose the kept ones (smallest key hash first, so
the choice is the same on every runner), and the left-out samples are rejected with their category.
"""

from __future__ import annotations

import hashlib

import apache_beam as beam

from pipelines.transforms.tags import REJECTS
from shards.reject import sample_reject
from taxonomy.config import SftConfig
from taxonomy.mix import MixTargets, quotas, weights
from taxonomy.tree import UNMAPPED


class _Classify(beam.DoFn):
    """A batch of samples -> the same samples, ``sft`` ones with ``meta["taxonomy"]``. The models load
    at the first ``sft`` sample: a build without any never loads them."""

    def __init__(self, config: SftConfig):
        self.config = config

    def setup(self):
        self.classifier = None

    def process(self, batch):
        from sources.records.sft import instruction

        sft = [s for s in batch if s.kind == "sft"]
        if sft and self.classifier is None:
            from taxonomy.classify import Classifier

            self.classifier = Classifier(self.config.classify_options())
        predictions = iter(self.classifier.predict([instruction(s) for s in sft], [len(s.images) for s in sft],
                                                   [s.key for s in sft]) if sft else ())
        for sample in batch:
            yield sample.with_meta(taxonomy=next(predictions).to_meta()) if sample.kind == "sft" else sample


class MapTaxonomy(beam.PTransform):
    """PCollection[Sample] -> the same samples, ``sft`` ones with ``meta["taxonomy"]``. One ParDo over
    batches of every kind, not a partition and a flatten: on Beam's local runner a flatten of two
    branches keeps a copy of every sample (issue #25)."""

    def __init__(self, config: SftConfig):
        super().__init__()
        self.config = config

    def expand(self, samples):
        return (samples
                | "Batch" >> beam.BatchElements(min_batch_size=1, max_batch_size=64)
                | "Classify" >> beam.ParDo(_Classify(self.config)))


def _is_sft(sample, _partitions) -> int:
    return 0 if sample.kind == "sft" else 1


def category(sample, targets: MixTargets) -> str:
    return targets.category(sample.meta.get("taxonomy", {}).get("path", UNMAPPED))


def _rank(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _chosen(item, quota: dict[str, int]):
    cat, keys = item
    for key in sorted(keys, key=_rank)[:quota.get(cat, 0)]:
        yield key, cat


def _verdict(item, targets: MixTargets):
    _, groups = item
    for sample in groups["sample"]:
        if groups["kept"]:
            yield sample
        else:
            cat = category(sample, targets)
            yield beam.pvalue.TaggedOutput(REJECTS, sample_reject(
                sample, f"filtered:mix:{cat}", f"over the target share of {cat} ({targets.share(cat):.3f})"))


def _weighted(sample, weight: dict[str, float], targets: MixTargets):
    return sample.with_meta(mix_weight=round(weight[category(sample, targets)], 6))


class BalanceMix(beam.PTransform):
    """PCollection[Sample] -> tagged ``samples`` (all non-SFT, and SFT weighted or within quota) and
    ``rejects`` (SFT samples a subset leaves out)."""

    def __init__(self, targets: MixTargets):
        super().__init__()
        self.targets = targets

    def expand(self, samples):
        t = self.targets
        sft, other = samples | "SftOrNot" >> beam.Partition(_is_sft, 2)
        cats = sft | "Category" >> beam.Map(lambda s: (category(s, t), s.key))
        counts = cats | "Count" >> beam.combiners.Count.PerKey() | "AllCounts" >> beam.combiners.ToDict()
        # the weights or quotas are worked out once, from all the counts, and read by every element
        per_category = beam.pvalue.AsSingleton(
            counts | "PerCategory" >> beam.Map(weights if t.mode == "weight" else quotas, t))
        if t.mode == "weight":
            weighted = sft | "Weight" >> beam.Map(_weighted, per_category, t)
            return {"samples": (weighted, other) | "Join" >> beam.Flatten(),
                    REJECTS: samples.pipeline | "NoRejects" >> beam.Create([])}
        kept = (cats
                | "ByCategory" >> beam.GroupByKey()
                | "Quota" >> beam.FlatMap(_chosen, per_category))
        verdicts = ({"sample": sft | "ByKey" >> beam.Map(lambda s: (s.key, s)), "kept": kept}
                    | "Meet" >> beam.CoGroupByKey()
                    | "Verdict" >> beam.FlatMap(_verdict, t).with_outputs(REJECTS, main="samples"))
        return {"samples": (verdicts.samples, other) | "Join" >> beam.Flatten(), REJECTS: verdicts[REJECTS]}
