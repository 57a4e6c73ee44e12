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

from quality.inspect import rejected
from taxonomy.config import SftConfig
from taxonomy.mix import MixTargets, quotas, weights
from taxonomy.tree import UNMAPPED

REJECTS = "rejects"


class _Classify(beam.DoFn):
    def __init__(self, config: SftConfig):
        self.config = config

    def setup(self):
        from taxonomy.classify import Classifier

        self.classifier = Classifier(self.config.classify_options())

    def process(self, batch):
        from sources.sft import instruction

        sft = [s for s in batch if s.kind == "sft"]
        if sft:
            predictions = self.classifier.predict([instruction(s) for s in sft], [len(s.images) for s in sft],
                                                  [s.key for s in sft])
            for sample, prediction in zip(sft, predictions):
                sample.meta["taxonomy"] = prediction.to_meta()
        yield from batch


class MapTaxonomy(beam.PTransform):
    """PCollection[Sample] -> the same samples, ``sft`` ones with ``meta["taxonomy"]``."""

    def __init__(self, config: SftConfig):
        super().__init__()
        self.config = config

    def expand(self, samples):
        return (samples
                | "Batch" >> beam.BatchElements(min_batch_size=1, max_batch_size=64)
                | "Classify" >> beam.ParDo(_Classify(self.config)))


def category(sample, targets: MixTargets) -> str:
    return targets.category(sample.meta.get("taxonomy", {}).get("path", UNMAPPED))


def _rank(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _chosen(item, counts, targets: MixTargets):
    cat, keys = item
    quota = quotas(counts, targets).get(cat, 0)
    for key in sorted(keys, key=_rank)[:quota]:
        yield key, cat


def _verdict(item, targets: MixTargets):
    _, groups = item
    for sample in groups["sample"]:
        if groups["kept"]:
            yield sample
        else:
            cat = category(sample, targets)
            yield beam.pvalue.TaggedOutput(REJECTS, rejected(
                sample, f"filtered:mix:{cat}", f"over the target share of {cat} ({targets.share(cat):.3f})"))


def _weighted(sample, counts, targets: MixTargets):
    if sample.kind == "sft":
        sample.meta["mix_weight"] = round(weights(counts, targets)[category(sample, targets)], 6)
    return sample


class BalanceMix(beam.PTransform):
    """PCollection[Sample] -> tagged ``samples`` (all non-SFT, and SFT weighted or within quota) and
    ``rejects`` (SFT samples a subset leaves out)."""

    def __init__(self, targets: MixTargets):
        super().__init__()
        self.targets = targets

    def expand(self, samples):
        t = self.targets
        sft, other = samples | "SftOrNot" >> beam.Partition(lambda s, _: 0 if s.kind == "sft" else 1, 2)
        cats = sft | "Category" >> beam.Map(lambda s: (category(s, t), s.key))
        counts = beam.pvalue.AsDict(cats | "Count" >> beam.combiners.Count.PerKey())
        if t.mode == "weight":
            weighted = sft | "Weight" >> beam.Map(_weighted, counts, t)
            return {"samples": (weighted, other) | "Join" >> beam.Flatten(),
                    REJECTS: samples.pipeline | "NoRejects" >> beam.Create([])}
        kept = (cats
                | "ByCategory" >> beam.GroupByKey()
                | "Quota" >> beam.FlatMap(_chosen, counts, t))
        verdicts = ({"sample": sft | "ByKey" >> beam.Map(lambda s: (s.key, s)), "kept": kept}
                    | "Meet" >> beam.CoGroupByKey()
                    | "Verdict" >> beam.FlatMap(_verdict, t).with_outputs(REJECTS, main="samples"))
        return {"samples": (verdicts.samples, other) | "Join" >> beam.Flatten(), REJECTS: verdicts[REJECTS]}
