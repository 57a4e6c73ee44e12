"""Deduplicate: exact and near duplicates across every source and kind, one kept per cluster.

Only small fingerprints travel through the grouping steps: exact hashes, and for near duplicates
packed LSH entries (MinHash bands, perceptual-hash bits; `pipelines.transforms.lsh_buckets`). Each step finds duplicate pairs (edges); connected
components turn chains (A~B, B~C) into one cluster; the best-ranked sample of a cluster is kept
(highest quality score, then longest text, then most pixels, then smallest key) and the rest are
rejected as ``duplicate_of:<kept key>``. Samples themselves meet their verdict in one join, without
the filter's image hashes (this is their last reader): given a staging folder, each is written there
(`StageSamples`) and only its reference crosses the join; otherwise it crosses as `SampleCoder`
bytes. The local runner holds a grouping's values for the whole corpus: ~550 bytes a caption pair
as bytes, ~60 as a reference (a decoded sample is ~6x its bytes).
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle

import apache_beam as beam
import numpy as np
from apache_beam.metrics import Metrics

from pipelines.coders import SampleCoder
from pipelines.transforms.connected_components import ConnectedComponents
from pipelines.transforms.lsh_buckets import NearEdges
from pipelines.transforms.lsh_members import uri_digest
from pipelines.transforms.near_edges import EdgesEnough, may_pair
from pipelines.transforms.stage_samples import StageSamplesFn, StagedSamples
from pipelines.transforms.tags import REJECTS
from quality import image_hash, minhash
from quality.config import DedupOptions
from quality.text import normalise, sample_text, tokens
from shards.manifest import join
from shards.reject import sample_reject
from shards.sample import Sample

@dataclasses.dataclass(frozen=True)
class Fingerprint:
    key: str
    origin: tuple[str, str]  # (uri, kind): one input's samples of different kinds never pair
    rank: tuple  # smaller is better: (-quality, -text length, -pixels, key)
    exact: tuple[str, ...]
    text: str | None = None  # for MinHash, dropped once signed
    signature: np.ndarray | None = None
    phashes: tuple[list[str], ...] = ()  # per image, its views' hashes


def fingerprint(sample: Sample, options: DedupOptions) -> Fingerprint:
    text = sample_text(sample)
    hashes = image_hash.hashes_of(sample)
    pixels = "|".join(h["pixels"] for h in hashes)
    rank = (-float(sample.meta.get("quality", 0.0)), -len(normalise(text)), -sum(h["area"] for h in hashes), sample.key)
    exact = []
    if options.exact and sample.kind in options.text_kinds and text.strip():
        exact.append("t:" + hashlib.sha256(f"{normalise(text)}\0{pixels}".encode()).hexdigest()[:32])
    if options.exact and sample.kind in options.image_kinds and pixels:
        exact.append("i:" + hashlib.sha256(pixels.encode()).hexdigest()[:32])
    near_text = options.near_text and sample.kind in options.text_kinds and len(tokens(text)) >= options.min_words
    near_images = options.near_images and sample.kind in options.picture_kinds
    return Fingerprint(sample.key, (sample.uri, sample.kind), rank, tuple(exact), text if near_text else None,
                       phashes=tuple(h["phash"] for h in hashes) if near_images else ())


class SignFn(beam.DoFn):
    """A batch of fingerprints -> the same with MinHash signatures (one ``MinHash.bulk`` per batch)."""

    def __init__(self, options: DedupOptions):
        self.options = options

    def process(self, batch):
        texts = [fp.text for fp in batch if fp.text is not None]
        sigs = iter(minhash.signatures(texts, self.options.ngram, self.options.num_perm))
        for fp in batch:  # each fingerprint is a new one: Beam elements are never changed in place
            yield fp if fp.text is None else dataclasses.replace(fp, signature=next(sigs), text=None)


def exact_members(fp: Fingerprint) -> list[tuple[str, bytes]]:
    """(exact hash, the sample's key and origin pickled, its uri as a digest) for each of its exact hashes.
    Bytes because the local runner holds this grouping's values decoded until its consumer runs: a
    tuple of strings was ~500 bytes a pair there, these are ~90 (issue #25); `may_pair` only asks
    whether two uris are equal."""
    member = pickle.dumps((fp.key, (uri_digest(fp.origin[0]), fp.origin[1])), protocol=pickle.HIGHEST_PROTOCOL)
    return [(h, member) for h in fp.exact]


def exact_edges(item):
    """Samples sharing an exact hash (members as `exact_members` gives them), each joined to the first
    (by key) it may pair with: linear work."""
    digest, members = item
    unique = sorted(dict(map(pickle.loads, members)).items())
    text = digest.startswith("t:")
    for i, (key, origin) in enumerate(unique[1:], start=1):
        first = next((k for k, o in unique[:i] if may_pair(o, origin, text)), None)
        if first is not None:
            yield (first, key), "exact " + ("text" if text else "image")


def representatives(item):
    """(component, [(key, rank)]) -> (duplicate key, kept key) for all but the best-ranked."""
    _, members = item
    ranked = sorted(set(members), key=lambda m: m[1])
    for key, _ in ranked[1:]:
        if key != ranked[0][0]:
            yield key, ranked[0][0]


class FewDistinct(beam.CombineFn):
    """The ``limit`` smallest distinct values: bounded however many edges a sample has."""

    def __init__(self, limit: int):
        self.limit = limit

    def create_accumulator(self):
        return []

    def add_input(self, acc, value):
        return sorted(set(acc) | {value})[:self.limit]

    def merge_accumulators(self, accs):
        return sorted(set().union(*map(set, accs)))[:self.limit]

    def extract_output(self, acc):
        return acc


def encoded_sample(sample: Sample) -> tuple[str, bytes]:
    """(key, the sample as `SampleCoder` bytes, less the image hashes no step after this one reads)."""
    return sample.key, SampleCoder().encode(image_hash.without_hashes(sample))


class _Verdict(beam.DoFn):
    """(key, {samples, kept_as, why}) -> the sample, or its reject as a duplicate. Samples come as
    `SampleCoder` bytes, or as references to the samples staged in ``staging``."""

    def __init__(self, staging: str | None = None):
        self.staging = staging

    def setup(self):
        self.duplicates = Metrics.counter("dedup", "duplicates")
        self.coder = SampleCoder()

    def start_bundle(self):
        self.staged = StagedSamples(self.staging) if self.staging else None

    def finish_bundle(self):
        if self.staged:
            self.staged.close()

    def process(self, item):
        key, groups = item
        kept = groups["kept_as"]
        for encoded in groups["samples"]:
            sample = self.staged.read(encoded) if self.staged else self.coder.decode(encoded)
            if kept:
                self.duplicates.inc()
                why = ", ".join(sorted({w for whys in groups["why"] for w in whys})[:3])
                yield beam.pvalue.TaggedOutput(REJECTS, sample_reject(sample, f"duplicate_of:{kept[0]}", why))
            else:
                yield sample


class Deduplicate(beam.PTransform):
    """PCollection[Sample] -> tagged outputs: ``samples`` (kept, without the filter's image hashes) and
    ``rejects`` (duplicates). Given ``staging`` (a folder on any Beam filesystem, the build's staging
    folder's), samples and the near-duplicate searches' members wait there while the duplicates are
    found; only references cross those groupings."""

    def __init__(self, options: DedupOptions, staging: str | None = None):
        super().__init__()
        self.options, self.staging = options, staging

    def expand(self, samples):
        opts = self.options
        fps = (samples
               | "Fingerprint" >> beam.Map(fingerprint, opts)
               | "Batch" >> beam.BatchElements(min_batch_size=8, max_batch_size=256)
               | "Sign" >> beam.ParDo(SignFn(opts)))
        exact = (fps
                 | "ExactKeys" >> beam.FlatMap(exact_members)
                 | "ByExactKey" >> beam.GroupByKey()
                 | "ExactEdges" >> beam.FlatMap(exact_edges))
        text = fps | "NearText" >> NearEdges(opts, "text", self._staging("near-text"))
        image = fps | "NearImages" >> NearEdges(opts, "image", self._staging("near-image"))
        edges = (exact, text, image) | "AllEdges" >> beam.Flatten()
        components = (edges
                      | "Pairs" >> beam.Keys()
                      | "Components" >> ConnectedComponents(opts.rounds))
        # pickled: the local runner holds every sample's rank until the components are known (after
        # the near-duplicate search), ~300 bytes a pair as a decoded tuple and ~90 as bytes
        ranks = fps | "Rank" >> beam.Map(lambda fp: (fp.key, pickle.dumps(fp.rank, protocol=pickle.HIGHEST_PROTOCOL)))
        kept_as = ({"component": components, "rank": ranks}
                   | "JoinRanks" >> beam.CoGroupByKey()
                   | "ByComponent" >> beam.FlatMapTuple(
                       lambda key, g: [(c, (key, pickle.loads(g["rank"][0]))) for c in g["component"]][:1])
                   | "GroupComponents" >> beam.GroupByKey()
                   | "Representatives" >> beam.FlatMap(representatives))
        why = (edges
               | "WhyPerKey" >> beam.FlatMap(lambda e: [(e[0][0], e[1]), (e[0][1], e[1])])
               | "FewWhys" >> beam.CombinePerKey(FewDistinct(EdgesEnough.WHYS)))  # a cluster centre meets every edge
        if self.staging:
            by_key = (samples
                      | "WithoutHashes" >> beam.Map(image_hash.without_hashes)
                      | "StageSamples" >> beam.ParDo(StageSamplesFn(self._staging("samples")))
                      | "ByKey" >> beam.Map(lambda staged: (staged[0], staged[2])))
        else:
            by_key = samples | "ByKey" >> beam.Map(encoded_sample)
        return ({"samples": by_key, "kept_as": kept_as, "why": why}
                | "JoinVerdicts" >> beam.CoGroupByKey()
                | "Verdict" >> beam.ParDo(_Verdict(self._staging("samples"))).with_outputs(REJECTS, main="samples"))

    def _staging(self, step: str) -> str | None:
        """Where ``step`` stages what waits for a grouping: a folder of the staging folder, if one was given."""
        return join(self.staging, step) if self.staging else None
