"""LSH buckets without a record per key: the near-duplicate search's shuffle, sized by samples, not keys.

A picture has up to 192 LSH keys (64 tables x 3 views, quality/image_lsh.py) and nearly every
bucket they name holds that one picture. Grouping one record per key, each carrying the sample's
key, origin and hashes, made the search 70% of the quality stage's CPU and ~160 KiB of the local
runner's memory a caption pair (issue #25, bench.caption_scale). Here a batch of fingerprints becomes
one record per group of `GROUP_TABLES` tables: the batch's members pickled once (the same bytes in
each of its records) and a packed array of (table, value, member) entries. A group's consumer sorts
its entries, finds the runs of two or more members sharing a (table, value), and hands each run to
`NearEdgesFn` as a grouped bucket was handed before: the same samples are joined, each pair compared
in the smallest key it shares only (tests/test_lsh_buckets.py), and the single-member buckets never
become Python objects.

A consumer holds its group's entries for the whole corpus: 9 bytes an entry (`entry_type`), 24
entries a picture with 3 views and 8 tables a group, plus its members (~100 bytes pickled, a few
hundred as objects): ~0.5 GB at a million pictures.
"""

from __future__ import annotations

import hashlib
import pickle

import apache_beam as beam
import numpy as np

from pipelines.transforms.near_edges import NearEdgesFn, fingerprint_digest
from quality import image_hash, image_lsh, minhash
from quality.config import DedupOptions

GROUP_TABLES = 8  # tables a shuffle key: 8 consumers for 64 image tables; a batch's members pickled 8 times


def entry_type(options: DedupOptions, what: str) -> np.dtype:
    """An entry's packed layout, as narrow as the tables and values allow: 9 bytes for the default
    image LSH (64 tables of 28 bits)."""
    if what == "image":
        tables, wide = options.image_lsh_tables, options.image_lsh_bits > 32
    else:
        tables, wide = minhash.band_shape(options.threshold, options.num_perm)[0], True  # 64-bit band digests
    return np.dtype([("table", "<u1" if tables <= 256 else "<u2"), ("value", "<u8" if wide else "<u4"),
                     ("member", "<u4")])


def uri_digest(uri: str) -> bytes:
    """A uri's stand-in in a member's origin: `may_pair` only asks whether two uris are equal."""
    return hashlib.blake2b(uri.encode("utf-8"), digest_size=8).digest()


def image_entries(batch, options: DedupOptions) -> tuple[list, np.ndarray]:
    """(members, entries) of a batch of fingerprints with pictures: a member is (key, (uri digest,
    kind), the sample's images as view ints); an entry is one (table, value) of one view of one
    of its images. Values as `image_lsh.keys` names them."""
    members, views, owner = [], [], []
    for fp in batch:
        if fp.phashes:
            images = tuple(image_hash.view_ints(v) for v in fp.phashes)
            for image in images:
                views += image
                owner += [len(members)] * len(image)
            members.append((fp.key, (uri_digest(fp.origin[0]), fp.origin[1]), images))
    count = options.image_lsh_tables
    values = image_lsh.key_values(np.array(views, dtype=np.uint64), options.image_lsh_bits, count,
                                  options.image_hash_size ** 2)  # (views, tables)
    entries = np.empty(values.size, dtype=entry_type(options, "image"))
    entries["table"] = np.tile(np.arange(count), len(views))
    entries["value"] = values.ravel()
    entries["member"] = np.repeat(np.array(owner, dtype=np.uint32), count)
    return members, entries


def text_entries(batch, options: DedupOptions) -> tuple[list, np.ndarray]:
    """(members, entries) of a batch of fingerprints with MinHash signatures: a member is (key,
    (uri digest, kind), signature); an entry is one band's value (`minhash.band_values`)."""
    shape = minhash.band_shape(options.threshold, options.num_perm)
    members, rows = [], []
    for fp in batch:
        if fp.signature is not None:
            values = minhash.band_values(fp.signature, *shape)
            rows += [(band, value, len(members)) for band, value in enumerate(values)]
            members.append((fp.key, (uri_digest(fp.origin[0]), fp.origin[1]), fp.signature))
    return members, np.array(rows, dtype=entry_type(options, "text"))


ENTRIES = {"image": image_entries, "text": text_entries}


class BucketRecordsFn(beam.DoFn):
    """A batch of fingerprints -> (table group, (pickled members, packed entries)), one per group."""

    def __init__(self, options: DedupOptions, what: str):
        self.options, self.what = options, what

    def process(self, batch):
        members, entries = ENTRIES[self.what](batch, self.options)
        if not members:
            return
        blob = pickle.dumps(members, protocol=pickle.HIGHEST_PROTOCOL)
        groups = entries["table"] // GROUP_TABLES
        for group in np.unique(groups):
            yield int(group), (blob, entries[groups == group].tobytes())


class BucketEdgesFn(NearEdgesFn):
    """(table group, records) -> edges: each bucket of two or more members through `NearEdgesFn`."""

    def process(self, item):
        _, records = item
        members, parts = [], []
        for blob, packed in records:
            entries = np.frombuffer(packed, dtype=entry_type(self.options, self.what)).copy()
            entries["member"] += len(members)
            members += pickle.loads(blob)
            parts.append(entries)
        entries = _sorted_unique(np.concatenate(parts))
        bucket = np.concatenate(([0], np.flatnonzero(np.diff(entries["table"]) | np.diff(entries["value"])) + 1,
                                 [len(entries)]))
        for start, end in zip(bucket[:-1], bucket[1:]):
            if end - start > 1:
                first = entries[start]
                # sorted: of one key met twice (two records of one sample), the same one always wins
                run = sorted(((members[m][0], members[m][1:]) for m in entries["member"][start:end]),
                             key=lambda member: (member[0], member[1][0], fingerprint_digest(member[1][1])))
                yield from super().process(((int(first["table"]), int(first["value"])), run))


def _sorted_unique(entries: np.ndarray) -> np.ndarray:
    """The distinct entries sorted by (table, value, member), as ``np.unique`` gives them (a view met
    twice counts once), by a lexsort of the three columns: np.unique sorts a structured array through
    a per-element field-by-field comparison, ~0.4 s for the 240,000 entries of one group at 10k pictures
    and 40% of the near-image dedup's CPU there."""
    entries = entries[np.lexsort((entries["member"], entries["value"], entries["table"]))]
    distinct = np.ones(len(entries), dtype=bool)
    distinct[1:] = ((entries["table"][1:] != entries["table"][:-1]) | (entries["value"][1:] != entries["value"][:-1])
                    | (entries["member"][1:] != entries["member"][:-1]))
    return entries[distinct]


class NearEdges(beam.PTransform):
    """PCollection[Fingerprint] -> PCollection[((key, key), why)]: near-duplicate edges of ``what``
    ("image" or "text"), found through LSH buckets shuffled in packed groups."""

    def __init__(self, options: DedupOptions, what: str):
        super().__init__()
        self.options, self.what = options, what

    def expand(self, fingerprints):
        return (fingerprints
                | "Batch" >> beam.BatchElements(min_batch_size=64, max_batch_size=2048)
                | "Records" >> beam.ParDo(BucketRecordsFn(self.options, self.what))
                | "ByTableGroup" >> beam.GroupByKey()
                | "Edges" >> beam.ParDo(BucketEdgesFn(self.options, self.what)))
