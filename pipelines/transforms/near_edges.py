"""Near-duplicate edges within one LSH bucket: which samples may pair, and which pairs are similar.

`NearEdgesFn` takes a bucket (its key and members) and emits the edges that join its similar
samples; `pipelines.transforms.lsh_buckets` finds the buckets. A member is ``(key, (origin,
fingerprint))``: origin ``(uri or its digest, kind)``, fingerprint a MinHash signature (text) or a
tuple of images' view hashes as ints (images).
"""

from __future__ import annotations

import logging

import apache_beam as beam
import numpy as np
from apache_beam.metrics import Metrics

from quality import image_hash, image_lsh, minhash
from quality.config import DedupOptions
from quality.star_contraction import UnionFind, bucket_pairs

LOG = logging.getLogger(__name__)
PROSE_KINDS = ("text", "interleaved", "sft")


def may_pair(a: tuple[str, str], b: tuple[str, str], text: bool = False) -> bool:
    """Whether samples of two origins (uri, kind) can be duplicates. Same kind: always. One input's
    samples of two kinds (a screenshot's web_code and doc_ocr): never. Otherwise images of any kinds,
    and texts of `PROSE_KINDS` only (an OCR page and an article may share words, not a task)."""
    if a[1] == b[1]:
        return True
    if a[0] == b[0]:
        return False
    return not text or (a[1] in PROSE_KINDS and b[1] in PROSE_KINDS)


class NearEdgesFn(beam.DoFn):
    """(bucket key, members) -> ((key, key), why): edges enough to join every similar pair's samples.

    Samples with identical fingerprints and kind (one stock caption or logo in thousands of samples)
    are one group: each is joined to the group's first, and only one member per group meets the
    rest of the bucket, so a bucket of copies costs linear work, not a cap. A similar pair of groups
    gets one edge, between members allowed to pair (`may_pair`); components need no more. Two near
    duplicates share many buckets (a copy 0 bits away shares all 64 image keys), so a pair is
    compared and its edge emitted only in the smallest bucket key, ``(table, value)``, its two
    fingerprints share (`first_shared`). A bucket of more than
    ``max_bucket`` distinct groups compares each with the ``max_bucket`` before it (`bucket_pairs`)
    and emits every edge it finds, since it may be the smallest shared one; it is counted and logged.
    Counters: ``{what}_pairs_compared`` (the work), ``{what}_buckets``, ``capped_buckets``,
    ``capped_members``."""

    def __init__(self, options: DedupOptions, what: str):
        self.options, self.what = options, what

    def setup(self):
        self.matrices: dict = {}  # key -> (fingerprint, its LSH values), for `key_matrix`
        self.compared = Metrics.counter("dedup", f"{self.what}_pairs_compared")
        self.buckets = Metrics.counter("dedup", f"{self.what}_buckets")
        self.capped = Metrics.counter("dedup", "capped_buckets")
        self.capped_members = Metrics.counter("dedup", "capped_members")

    def process(self, item):
        band, members = item
        values = dict(members)
        groups: dict = {}  # (fingerprint, kind) -> keys in order
        for key in sorted(values):
            groups.setdefault((fingerprint_digest(values[key][1]), values[key][0][1]), []).append(key)
        size = len(groups)
        capped = size > self.options.max_bucket
        self.buckets.inc()
        if capped:
            self.capped.inc()
            self.capped_members.inc(size)
            LOG.warning("dedup: %s bucket %d:%x holds %d distinct samples; each is compared with the %d "
                        "before it in key order only", self.what, *band, size, self.options.max_bucket)
        compared = 0
        reps = [keys[0] for keys in groups.values()]
        # whether this bucket is the smallest key each rep shares with itself and with each other rep: one
        # array computation a bucket, not a `first_shared` call a pair (146k calls at 10k caption pairs, 3.07M
        # at 100k); a capped bucket asks nothing
        own, pairs = (None, None) if capped else self.first_in_band(band, reps, values)
        at = {key: i for i, key in enumerate(reps)}
        for i, (first, *others) in enumerate(groups.values()):
            if others and (capped or (own[i] if own is not None else band == self.first_shared(first, first, values))):
                for other in others:  # same fingerprint, same kind: similar, and always allowed to pair
                    compared += 1
                    yield (first, other), self._similar(values[first], values[other])

        def similar(group_a, group_b):
            nonlocal compared
            if not capped and not (pairs[at[group_a[0]], at[group_b[0]]] if pairs is not None
                                   else band == self.first_shared(group_a[0], group_b[0], values)):
                return None  # met in a smaller bucket too: compared there
            pair = _pairable(group_a, group_b, values, text=self.what == "text")
            if pair is None:
                return None
            compared += 1
            why = self._similar(values[pair[0]], values[pair[1]])
            return None if why is None else (pair, why)

        for _, _, (pair, why) in bucket_pairs([(keys[0], keys) for keys in groups.values()], similar,
                                              self.options.max_bucket):
            yield tuple(sorted(pair)), why
        self.compared.inc(compared)

    def first_shared(self, a: str, b: str, values: dict) -> tuple[int, int] | None:
        """The smallest LSH key ``(table, value)`` the fingerprints of members ``a`` and ``b`` share."""
        ka, kb = self.key_matrix(a, values[a][1]), self.key_matrix(b, values[b][1])
        shared = (ka[:, None, :] == kb[None, :, :]).any(axis=(0, 1))  # (tables,)
        if not shared.any():
            return None
        table = int(np.argmax(shared))
        return table, int(min(set(ka[:, table].tolist()) & set(kb[:, table].tolist())))

    # (reps, reps, rows, rows, tables) comparisons past which `first_in_band` leaves a bucket to `first_shared`
    # (a bucket of 64 pictures of 3 views compares 2.4M; samples of many images would need far more)
    MAX_COMPARISONS = 4_000_000

    def first_in_band(self, band: tuple[int, int], reps: list[str], values: dict):
        """``(own, pairs)``: ``own[i]`` is ``first_shared(reps[i], reps[i]) == band`` and ``pairs[i, j]``
        ``first_shared(reps[i], reps[j]) == band``, for all reps at once; ``(None, None)`` where the arrays
        would be too large (or a rep has no LSH values), leaving the bucket to `first_shared`."""
        matrices = self.key_matrices(reps, values)
        if matrices is None:
            return None, None
        count, rows, _ = matrices.shape
        if count * count * rows * rows * matrices.shape[2] > self.MAX_COMPARISONS:
            return None, None
        table, value = band
        # a rep's own smallest key: its smallest value in table 0, which all its rows share with themselves
        own = (table == 0) & (matrices[:, :, 0].min(axis=1) == value)
        equal = matrices[:, None, :, None, :table + 1] == matrices[None, :, None, :, :table + 1]  # (a, b, ra, rb, t)
        before = equal[..., :table].any(axis=(2, 3, 4))  # a key shared in an earlier table
        mine = matrices[:, None, :, None, table]  # (a, 1, ra, 1): a's values in the band's table
        at_table = equal[..., table]
        pairs = ~before & (at_table & (mine == value)).any(axis=(2, 3)) & ~(at_table & (mine < value)).any(axis=(2, 3))
        return own.tolist(), pairs

    def key_matrices(self, keys: list[str], values: dict) -> np.ndarray | None:
        """(members, rows, tables) uint64: each member's `key_matrix`, its rows repeated up to the largest
        count (a repeated row adds no key), or None when one has no rows. A text's bands are remembered
        (`key_matrix`: a blake2b a band); a picture's values are made for the bucket in one lookup and
        not kept, so nothing grows with the members a consumer meets (at 100k pairs the old cache of
        20,000 members was cleared and refilled 7 times a picture)."""
        if self.what == "text":
            return np.stack([self.key_matrix(key, values[key][1]) for key in keys])
        opts = self.options
        views = [[v for image in values[key][1] for v in image] for key in keys]
        rows = max(map(len, views))
        if not all(views):
            return None
        padded = np.array([v + v[:1] * (rows - len(v)) for v in views], dtype=np.uint64)  # (members, rows)
        lsh = image_lsh.key_values(padded.ravel(), opts.image_lsh_bits, opts.image_lsh_tables,
                                   opts.image_hash_size ** 2)
        return lsh.reshape(len(views), rows, -1)

    def key_matrix(self, key: str, fingerprint) -> np.ndarray:
        """(rows, tables) uint64: a fingerprint's LSH values, a row per image view (one row for a
        text's bands); remembered for the bucket's call, where a member meets many others."""
        cache = self.matrices
        if len(cache) > 20_000:  # a bound (~30 MB), not a policy: a group's consumer meets every member
            cache.clear()
        found = cache.get(key)
        if found is None or found[0] is not fingerprint:
            opts = self.options
            if self.what == "text":
                shape = minhash.band_shape(opts.threshold, opts.num_perm)
                matrix = np.array([minhash.band_values(fingerprint, *shape)], dtype=np.uint64)
            else:
                views = np.array([v for image in fingerprint for v in image], dtype=np.uint64)
                matrix = image_lsh.key_values(views, opts.image_lsh_bits, opts.image_lsh_tables,
                                              opts.image_hash_size ** 2)
            found = cache[key] = (fingerprint, matrix)
        return found[1]

    def _similar(self, a, b) -> str | None:
        if self.what == "text":
            return _similar_texts(a, b, self.options.threshold)
        return _similar_images(a, b, self.options.image_max_distance)


class EdgesEnough:
    """Of a stream of edges ``((a, b), why)``, the ones Deduplicate's result depends on: it needs the
    connected components and each sample's `WHYS` smallest distinct reasons, so an edge is kept when it
    joins two components of the edges kept so far, or brings one of its ends a reason among the
    smallest that end has met (at most `WHYS` such edges an end at any time). The kept edges give the
    same components and the same smallest reasons as all of them, here and in a union with any
    other edges, since they are a subset holding a spanning forest and each end's reasons.

    A capped bucket of near copies (drawn scenes a few bits apart) emits an edge for each similar
    pair in its windows: 697,000 edges among 7,142 samples at 30,000 caption pairs, ~100 an end,
    which the local runner held three times over (the edges, both ways in a grouping, decoded) (issue #25)."""

    WHYS = 3  # Deduplicate's FewDistinct(3)

    def __init__(self):
        self.union = UnionFind()
        self.whys: dict[str, list[str]] = {}

    def keep(self, edge) -> bool:
        (a, b), why = edge
        kept = self.union.find(a) != self.union.find(b)
        if kept:
            self.union.union(a, b)
        for end in (a, b):
            mine = self.whys.setdefault(end, [])
            if why not in mine and (len(mine) < self.WHYS or why < mine[-1]):
                mine.append(why)
                mine.sort()
                del mine[self.WHYS:]
                kept = True
        return kept


def fingerprint_digest(fingerprint):
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
