"""Deduplicate: exact and near duplicates across every source and kind, one kept per cluster.

Only small fingerprints travel through the grouping steps: exact hashes, MinHash band keys with
the signature, LSH keys of perceptual-hash bits. Each step finds duplicate pairs (edges); connected
components turn chains (A~B, B~C) into one cluster; the best-ranked sample of a cluster is kept
(highest quality score, then longest text, then most pixels, then smallest key) and the rest are
rejected as ``duplicate_of:<kept key>``. Samples themselves are shuffled once, to meet their verdict.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging

import apache_beam as beam
import numpy as np
from apache_beam.metrics import Metrics

from pipelines.transforms.connected_components import ConnectedComponents
from pipelines.transforms.tags import REJECTS
from quality import image_hash, image_lsh, minhash
from quality.config import DedupOptions
from quality.star_contraction import bucket_pairs
from quality.text import normalise, sample_text, tokens
from shards.reject import sample_reject
from shards.sample import Sample

LOG = logging.getLogger(__name__)
PROSE_KINDS = ("text", "interleaved", "sft")


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


def may_pair(a: tuple[str, str], b: tuple[str, str], text: bool = False) -> bool:
    """Whether samples of two origins (uri, kind) can be duplicates. Same kind: always. One input's
    samples of two kinds (a screenshot's web_code and doc_ocr): never. Otherwise images of any kinds,
    and texts of `PROSE_KINDS` only (an OCR page and an article may share words, not a task)."""
    if a[1] == b[1]:
        return True
    if a[0] == b[0]:
        return False
    return not text or (a[1] in PROSE_KINDS and b[1] in PROSE_KINDS)


def exact_edges(item):
    """Samples sharing an exact hash, each joined to the first (by key) it may pair with: linear work."""
    digest, members = item
    unique = sorted(dict(members).items())
    text = digest.startswith("t:")
    for i, (key, origin) in enumerate(unique[1:], start=1):
        first = next((k for k, o in unique[:i] if may_pair(o, origin, text)), None)
        if first is not None:
            yield (first, key), "exact " + ("text" if text else "image")


def text_bands(fp: Fingerprint, options: DedupOptions):
    if fp.signature is not None:
        for band in minhash.band_keys(fp.signature, *minhash.band_shape(options.threshold, options.num_perm)):
            yield band, (fp.key, (fp.origin, fp.signature))


def image_bands(fp: Fingerprint, options: DedupOptions):
    """One record per LSH key of the sample (its images' and their views' keys pooled), carrying
    every image's views as ints: two samples are near duplicates when any two of their images are."""
    images = tuple(image_hash.view_ints(views) for views in fp.phashes)
    for band in sorted(_image_keys(images, options)):
        yield band, (fp.key, (fp.origin, images))


def _image_keys(images: tuple[tuple[int, ...], ...], options: DedupOptions) -> set[str]:
    return set().union(*(image_lsh.keys(views, options.image_lsh_bits, options.image_lsh_tables,
                                        options.image_hash_size ** 2) for views in images))


class NearEdgesFn(beam.DoFn):
    """(bucket key, members) -> ((key, key), why): edges enough to join every similar pair's samples.

    Samples with identical fingerprints and kind (one stock caption or logo in thousands of samples)
    are one group: each is joined to the group's first, and only one member per group meets the
    rest of the bucket, so a bucket of copies costs linear work, not a cap. A similar pair of groups
    gets one edge, between members allowed to pair (`may_pair`); components need no more. Two near
    duplicates share many buckets (a copy 0 bits away shares all 64 image keys), so an edge is
    emitted only from the smallest bucket key its two fingerprints share. A bucket of more than
    ``max_bucket`` distinct groups compares each with the ``max_bucket`` before it (`bucket_pairs`)
    and emits every edge it finds, since it may be the smallest shared one; it is counted and logged.
    Counters: ``{what}_pairs_compared`` (the work), ``{what}_buckets``, ``capped_buckets``,
    ``capped_members``."""

    def __init__(self, options: DedupOptions, what: str):
        self.options, self.what = options, what

    def setup(self):
        self.compared = Metrics.counter("dedup", f"{self.what}_pairs_compared")
        self.buckets = Metrics.counter("dedup", f"{self.what}_buckets")
        self.capped = Metrics.counter("dedup", "capped_buckets")
        self.capped_members = Metrics.counter("dedup", "capped_members")

    def process(self, item):
        band, members = item
        values = dict(members)
        groups: dict = {}  # (fingerprint, kind) -> keys in order
        for key in sorted(values):
            groups.setdefault((_digest(values[key][1]), values[key][0][1]), []).append(key)
        size = len(groups)
        capped = size > self.options.max_bucket
        self.buckets.inc()
        if capped:
            self.capped.inc()
            self.capped_members.inc(size)
            LOG.warning("dedup: %s bucket %s holds %d distinct samples; each is compared with the %d "
                            "before it in key order only", self.what, band, size, self.options.max_bucket)
        compared = 0
        for first, *others in groups.values():
            if others and (capped or band == min(self._keys(values[first]))):
                for other in others:  # same fingerprint, same kind: similar, and always allowed to pair
                    compared += 1
                    yield (first, other), self._similar(values[first], values[other])

        def similar(group_a, group_b):
            nonlocal compared
            pair = _pairable(group_a, group_b, values, text=self.what == "text")
            if pair is None:
                return None
            compared += 1
            why = self._similar(values[pair[0]], values[pair[1]])
            return None if why is None else (pair, why)

        reps = [(keys[0], keys) for keys in groups.values()]
        for a, b, (pair, why) in bucket_pairs(reps, similar, self.options.max_bucket):
            if capped or band == min(self._keys(values[a]) & self._keys(values[b])):
                yield tuple(sorted(pair)), why
        self.compared.inc(compared)

    def _similar(self, a, b) -> str | None:
        if self.what == "text":
            return _similar_texts(a, b, self.options.threshold)
        return _similar_images(a, b, self.options.image_max_distance)

    def _keys(self, value) -> set[str]:
        opts = self.options
        if self.what == "text":
            return set(minhash.band_keys(value[1], *minhash.band_shape(opts.threshold, opts.num_perm)))
        return _image_keys(value[1], opts)


def _digest(fingerprint):
    """A hashable stand-in for a MinHash signature (array) or an image's views (tuples of ints)."""
    return fingerprint.tobytes() if isinstance(fingerprint, np.ndarray) else fingerprint


def _pairable(group_a: list[str], group_b: list[str], values: dict, text: bool) -> tuple[str, str] | None:
    """A member of each group (fingerprints equal within a group) that `may_pair`, or None. Members of
    a group share a kind, so only the uri can differ: try the first of each, then any other."""
    def origin(key):
        return values[key][0]

    a0, b0 = group_a[0], group_b[0]
    if may_pair(origin(a0), origin(b0), text):
        return a0, b0
    b = next((k for k in group_b[1:] if may_pair(origin(a0), origin(k), text)), None)
    if b is not None:
        return a0, b
    a = next((k for k in group_a[1:] if may_pair(origin(k), origin(b0), text)), None)
    return None if a is None else (a, b0)


def _similar_texts(a, b, threshold: float) -> str | None:
    j = minhash.jaccard(a[1], b[1]) if may_pair(a[0], b[0], text=True) else 0.0
    return f"near text, Jaccard ~{j:.2f}" if j >= threshold else None


def _similar_images(a, b, max_distance: int) -> str | None:
    d = (min(image_hash.min_distance(x, y) for x in a[1] for y in b[1]) if may_pair(a[0], b[0])
         else max_distance + 1)
    return f"near image, {d} bits apart" if d <= max_distance else None


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


class _Verdict(beam.DoFn):
    def setup(self):
        self.duplicates = Metrics.counter("dedup", "duplicates")

    def process(self, item):
        key, groups = item
        kept = groups["kept_as"]
        for sample in groups["samples"]:
            if kept:
                self.duplicates.inc()
                why = ", ".join(sorted({w for whys in groups["why"] for w in whys})[:3])
                yield beam.pvalue.TaggedOutput(REJECTS, sample_reject(sample, f"duplicate_of:{kept[0]}", why))
            else:
                yield sample


class Deduplicate(beam.PTransform):
    """PCollection[Sample] -> tagged outputs: ``samples`` (kept) and ``rejects`` (duplicates)."""

    def __init__(self, options: DedupOptions):
        super().__init__()
        self.options = options

    def expand(self, samples):
        opts = self.options
        fps = (samples
               | "Fingerprint" >> beam.Map(fingerprint, opts)
               | "Batch" >> beam.BatchElements(min_batch_size=8, max_batch_size=256)
               | "Sign" >> beam.ParDo(SignFn(opts)))
        exact = (fps
                 | "ExactKeys" >> beam.FlatMap(lambda fp: [(h, (fp.key, fp.origin)) for h in fp.exact])
                 | "ByExactKey" >> beam.GroupByKey()
                 | "ExactEdges" >> beam.FlatMap(exact_edges))
        text = (fps
                | "TextBands" >> beam.FlatMap(text_bands, opts)
                | "ByTextBand" >> beam.GroupByKey()
                | "TextEdges" >> beam.ParDo(NearEdgesFn(opts, "text")))
        image = (fps
                 | "ImageBands" >> beam.FlatMap(image_bands, opts)
                 | "ByImageBand" >> beam.GroupByKey()
                 | "ImageEdges" >> beam.ParDo(NearEdgesFn(opts, "image")))
        edges = (exact, text, image) | "AllEdges" >> beam.Flatten()
        components = (edges
                      | "Pairs" >> beam.Keys()
                      | "Components" >> ConnectedComponents(opts.rounds))
        ranks = fps | "Rank" >> beam.Map(lambda fp: (fp.key, fp.rank))
        kept_as = ({"component": components, "rank": ranks}
                   | "JoinRanks" >> beam.CoGroupByKey()
                   | "ByComponent" >> beam.FlatMapTuple(
                       lambda key, g: [(c, (key, g["rank"][0])) for c in g["component"]][:1])
                   | "GroupComponents" >> beam.GroupByKey()
                   | "Representatives" >> beam.FlatMap(representatives))
        why = (edges
               | "WhyPerKey" >> beam.FlatMap(lambda e: [(e[0][0], e[1]), (e[0][1], e[1])])
               | "FewWhys" >> beam.CombinePerKey(FewDistinct(3)))  # a cluster centre meets every edge
        return ({"samples": samples | "ByKey" >> beam.Map(lambda s: (s.key, s)), "kept_as": kept_as, "why": why}
                | "JoinVerdicts" >> beam.CoGroupByKey()
                | "Verdict" >> beam.ParDo(_Verdict()).with_outputs(REJECTS, main="samples"))
