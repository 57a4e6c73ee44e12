"""WriteShards: samples into WebDataset shards per kind, bounded in size, the same on every run.

Samples are hashed by key into buckets (about ``max_samples`` each, from a count per
kind); a bucket is sorted by key, loses exact duplicate keys (``duplicate_of:<key>``),
and is written as one or more staged shards. The samples wait in staging files meanwhile
(`StageSamples`): the buckets carry only their keys and references, since the local runner
holds a grouping's values for the whole corpus (issue #25). A last step renames the staged shards
to ``<kind>/<kind>-000000.tar`` in a stable order, so names and contents depend only
on the samples, never on the runner or worker count.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import math
import pickle
from collections import Counter

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipelines.config import ShardConfig
from pipelines.fault_injection import fault_point
from pipelines.transforms.stage_samples import StageSamplesFn, StagedSamples
from pipelines.transforms.tags import REJECTS
from shards.manifest import join
from shards.reject import sample_reject
from shards.staged import StagingReader
from shards.writer import ShardInfo, TarShardWriter, replace

STAGING = "_tmp"
STAGED_IMAGES = f"{STAGING}/images"  # StageImages' files, relative to the output
STAGED_SAMPLES = f"{STAGING}/samples"  # StageSamples' files, relative to the output (Deduplicate's: dedup/)
# Buckets are sized 10% under the limit so hash imbalance rarely spills into a small extra shard.
_BUCKET_FILL = 0.9


@dataclasses.dataclass
class StagedShard:
    """A complete shard under its staging name, waiting for its final name."""

    kind: str
    bucket: int
    part: int
    info: ShardInfo
    sources: dict[str, int]  # samples per source, for the ledger


def bucket_of(staged: tuple[str, str, bytes], counts: dict[str, int],
              max_samples: int) -> tuple[tuple[str, int], bytes]:
    """A staged sample (key, kind, reference; `StageSamplesFn`) -> ((kind, bucket), its key and reference
    pickled): one bytes value, as the local runner holds it in the grouping's table (~100 bytes)."""
    key, kind, reference = staged
    buckets = max(1, math.ceil(counts[kind] / (max_samples * _BUCKET_FILL)))
    digest = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")
    return (kind, digest % buckets), pickle.dumps((key, reference), protocol=pickle.HIGHEST_PROTOCOL)


def _in_order(references: list[tuple[str, bytes]], staged: StagedSamples):
    """The samples of (key, reference) pairs, read back one at a time, by key, then provenance (of
    samples sharing a key, the same one always comes first and is kept)."""
    for _, same_key in itertools.groupby(sorted(references), key=lambda item: item[0]):
        samples = [staged.read(reference) for _, reference in same_key]
        yield from sorted(samples, key=lambda s: (s.uri, str(s.meta.get("locator", ""))))


class WriteBucketFn(beam.DoFn):
    """((kind, bucket), staged samples as `bucket_of` gives them) -> StagedShard (main) and duplicate
    Rejects ('rejects')."""

    def __init__(self, output: str, limits: ShardConfig):
        self.output, self.limits = output, limits

    def setup(self):
        self.written = Metrics.counter("write", "samples")
        self.duplicates = Metrics.counter("write", "duplicates")
        self.shards = Metrics.counter("write", "shards")

    def process(self, element):
        (kind, bucket), values = element
        staged = StagedSamples(join(self.output, STAGED_SAMPLES))
        writer, part, sources, previous = None, 0, Counter(), None
        # images staged after the filter (StageImages) come back a bucket at a time
        staging = StagingReader(join(self.output, STAGED_IMAGES))
        for sample in _in_order([pickle.loads(v) for v in values], staged):
            if previous is not None and sample.key == previous.key:
                self.duplicates.inc()
                yield beam.pvalue.TaggedOutput(REJECTS, sample_reject(
                    sample, f"duplicate_of:{sample.key}",
                    f"same content as {previous.uri} {previous.meta.get('locator', '')}".strip()))
                continue
            previous = sample
            if writer and (writer.samples >= self.limits.max_samples
                           or writer.nbytes + sample.nbytes() > self.limits.max_bytes):
                yield self._close(writer, bucket, part, sources)
                writer, part, sources = None, part + 1, Counter()
            if writer is None:
                path = join(self.output, STAGING, f"{kind}-b{bucket:06d}-p{part:03d}.tar")
                writer = TarShardWriter(path, kind)
            writer.write(staging.restored(sample))
            sources[sample.source] += 1
            self.written.inc()
        staging.close()
        staged.close()
        if writer:
            yield self._close(writer, bucket, part, sources)

    def _close(self, writer: TarShardWriter, bucket: int, part: int, sources: Counter) -> StagedShard:
        self.shards.inc()
        return StagedShard(writer.kind, bucket, part, writer.close(), dict(sources))


def final_names(staged: list[StagedShard]) -> list[tuple[StagedShard, str]]:
    """Each staged shard with its final relative path, numbered per kind in (bucket, part) order."""
    named, per_kind = [], Counter()
    for shard in sorted(staged, key=lambda s: (s.kind, s.bucket, s.part)):
        named.append((shard, f"{shard.kind}/{shard.kind}-{per_kind[shard.kind]:06d}.tar"))
        per_kind[shard.kind] += 1
    return named


def publish(item: tuple[StagedShard, str], output: str) -> StagedShard:
    """Move one staged shard to its final name; the result's ``info.path`` is relative to ``output``."""
    shard, relpath = item
    replace(shard.info.path, join(output, relpath))
    fault_point("publish")
    return dataclasses.replace(shard, info=dataclasses.replace(shard.info, path=relpath))


class WriteShards(beam.PTransform):
    """PCollection[Sample] -> tagged outputs: main (published StagedShard), ``rejects`` (duplicates)."""

    def __init__(self, output: str, limits: ShardConfig):
        super().__init__()
        self.output, self.limits = output, limits

    def expand(self, samples):
        # (key, kind, reference): the samples wait in staging files until their bucket is written
        references = samples | "StageSamples" >> beam.ParDo(StageSamplesFn(join(self.output, STAGED_SAMPLES)))
        counts = (references
                  | "KindOf" >> beam.Map(lambda reference: (reference[1], 1))
                  | "CountPerKind" >> beam.CombinePerKey(sum))
        staged = (references
                  | "AssignBucket" >> beam.Map(bucket_of, beam.pvalue.AsDict(counts), self.limits.max_samples)
                  | "GroupByBucket" >> beam.GroupByKey()
                  | "WriteBucket" >> beam.ParDo(WriteBucketFn(self.output, self.limits)).with_outputs(
                      REJECTS, main="staged"))
        published = (staged.staged
                     | "AllStaged" >> beam.combiners.ToList()
                     | "FinalNames" >> beam.FlatMap(final_names)
                     | "SpreadRenames" >> beam.Reshuffle()
                     | "Publish" >> beam.Map(publish, self.output))
        return {"shards": published, REJECTS: staged[REJECTS]}
