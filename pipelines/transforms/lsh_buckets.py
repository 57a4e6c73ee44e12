"""LSH buckets without a record per key: the near-duplicate search's shuffle, sized by samples, not keys.

A picture has up to 192 LSH keys (64 tables x 3 views, quality/image_lsh.py) and nearly every
bucket they name holds that one picture. Grouping one record per key, each carrying the sample's
key, origin and hashes, made the search 70% of the quality stage's CPU and ~160 KiB of the local
runner's memory a caption pair (issue #25, bench.caption_scale). Here a batch of fingerprints becomes
one record per group of `GROUP_TABLES` tables: the batch's members encoded once (the same bytes in
each of its records; pictures as `ImageColumns`, texts pickled). A group's consumer makes its tables'
(table, value, member) entries from the members' view ints or signatures (shuffled, the packed
entries were two thirds of the records: 216 bytes a picture a group against ~100 for its member),
sorts them, finds the runs of two or more members sharing a (table, value), and hands each run to
`NearEdgesFn` as a grouped bucket was handed before: the same samples are joined, each pair compared
in the smallest key it shares only (tests/test_lsh_buckets.py), and the single-member buckets never
become Python objects.

A consumer holds its group's members and entries for the whole corpus: 9 bytes an entry
(`entry_type`), 24 entries a picture with 3 views and 8 tables a group, plus its members (~50 bytes a
picture as columns, made tuples only for the buckets they are in): ~0.3 GB at a million pictures. The
local runner holds every group's records at once (8 x ~50 bytes a picture, two or three copies while
it hands them over).
"""

from __future__ import annotations

import pickle
import uuid

import apache_beam as beam
import numpy as np

from pipelines.transforms.lsh_members import (ImageColumns, ImageMembers, TextMembers, image_members,
                                              text_members)
from pipelines.transforms.near_edges import EdgesEnough, NearEdgesFn, fingerprint_digest
from quality import image_lsh, minhash
from quality.config import DedupOptions
from shards.staged import StagingReader, StagingWriter, pack_reference, unpack_reference

GROUP_TABLES = 8  # tables a shuffle key: 8 consumers for 64 image tables; a batch's members sent 8 times


def entry_type(options: DedupOptions, what: str) -> np.dtype:
    """An entry's packed layout, as narrow as the tables and values allow: 9 bytes for the default
    image LSH (64 tables of 28 bits)."""
    if what == "image":
        tables, wide = options.image_lsh_tables, options.image_lsh_bits > 32
    else:
        tables, wide = minhash.band_shape(options.threshold, options.num_perm)[0], True  # 64-bit band digests
    return np.dtype([("table", "<u1" if tables <= 256 else "<u2"), ("value", "<u8" if wide else "<u4"),
                     ("member", "<u4")])


def table_count(options: DedupOptions, what: str) -> int:
    """LSH tables (image) or bands (text): an entry's ``table`` is below it."""
    if what == "image":
        return options.image_lsh_tables
    return minhash.band_shape(options.threshold, options.num_perm)[0]


def image_entries(members: ImageColumns, options: DedupOptions, tables: range | None = None) -> np.ndarray:
    """The entries of image members in ``tables`` (default all): one (table, value, member index) per
    table and view of each of a member's images, by view then table. Values as `image_lsh.keys` names them."""
    count = options.image_lsh_tables
    tables = range(count) if tables is None else tables
    values = image_lsh.key_values(members.values, options.image_lsh_bits, count,
                                  options.image_hash_size ** 2, slice(tables.start, tables.stop))  # (views, tables)
    entries = np.empty(values.size, dtype=entry_type(options, "image"))
    entries["table"] = np.tile(np.arange(tables.start, tables.stop), len(members.values))
    entries["value"] = values.ravel()
    entries["member"] = np.repeat(members.view_owners(), len(tables))
    return entries


def text_entries(members: list, options: DedupOptions, tables: range | None = None) -> np.ndarray:
    """The entries of text members in bands ``tables`` (default all): one (band, value, member index)
    per band (`minhash.band_values`), by member then band."""
    shape = minhash.band_shape(options.threshold, options.num_perm)
    tables = range(shape[0]) if tables is None else tables
    rows = [(band, value, index) for index, (_, _, signature) in enumerate(members)
            for band, value in zip(tables, minhash.band_values(signature, *shape, tables))]
    return np.array(rows, dtype=entry_type(options, "text"))


MEMBERS = {"image": image_members, "text": text_members}
ENTRIES = {"image": image_entries, "text": text_entries}


def group_tables(options: DedupOptions, what: str, group: int) -> range:
    """The tables of shuffle key ``group``: `GROUP_TABLES` of them (fewer in the last)."""
    return range(group * GROUP_TABLES, min((group + 1) * GROUP_TABLES, table_count(options, what)))


class BucketRecordsFn(beam.DoFn):
    """A batch of fingerprints -> (table group, the batch's members as bytes), one per group: each group's
    consumer makes its tables' entries from the members (their view ints or signatures), so no entry is
    shuffled. Image members travel as `ImageColumns`, text members pickled. Given a ``staging`` folder,
    the bytes are written there once and each group's record is their reference (`shards.staged`)."""

    def __init__(self, options: DedupOptions, what: str, staging: str | None = None):
        self.options, self.what, self.staging = options, what, staging

    def start_bundle(self):
        # one file a bundle, named at random: a retried bundle writes a new one
        self.writer = StagingWriter(self.staging, f"{uuid.uuid4().hex[:16]}.bin") if self.staging else None

    def process(self, batch):
        members = MEMBERS[self.what](batch)
        if not len(members):
            return
        blob = members.to_bytes() if self.what == "image" else pickle.dumps(members, protocol=pickle.HIGHEST_PROTOCOL)
        if self.writer:
            blob = pack_reference(self.writer.stage([blob])[0])
        for group in range(-(-table_count(self.options, self.what) // GROUP_TABLES)):
            yield group, blob

    def finish_bundle(self):
        if self.writer:
            self.writer.close()  # before any reader: readers are past the grouping


class BucketEdgesFn(NearEdgesFn):
    """(table group, records) -> edges: each bucket of two or more members through `NearEdgesFn`;
    of its edges, those `EdgesEnough` keeps (the same components and reasons)."""

    def __init__(self, options: DedupOptions, what: str, staging: str | None = None):
        super().__init__(options, what)
        self.staging = staging

    def process(self, item):
        group, records = item
        tables = group_tables(self.options, self.what, group)
        members = ImageMembers() if self.what == "image" else TextMembers()
        value_bits = self.options.image_lsh_bits if self.what == "image" else 64
        records = self._read(records)
        if self.what == "image" and _fits_packed(tables, value_bits):
            for blob in records:
                members.add(blob)
            packed = members.packed_entries(self.options, tables)
            runs = packed_runs(packed, tables, value_bits)
            del packed  # the generator holds the only copy
        else:
            parts, count = [], 0
            for blob in records:
                batch = members.add(blob)
                entries = ENTRIES[self.what](batch, self.options, tables)
                entries["member"] += count
                count += len(batch)
                parts.append(entries)
            runs = bucket_runs(np.concatenate(parts), tables, value_bits)
            del parts, entries  # the generator holds the only copy: it frees what it no longer needs
        enough = EdgesEnough()
        for table, value, run in runs:
            # sorted: of one key met twice (two records of one sample), the same one always wins
            run = sorted((members.member(int(m)) for m in run),
                         key=lambda member: (member[0], member[1][0], fingerprint_digest(member[1][1])))
            for edge in super().process(((table, value), run)):
                if enough.keep(edge):
                    yield edge
        # `key_matrix` knows a fingerprint by identity, and the next group's members are new objects: what it
        # remembers (up to ~30 MB) would otherwise stay alive, unused, until the build ends
        self.matrices.clear()


    def _read(self, records):
        """The records' member bytes: as they came, or read back from the staging files they reference."""
        if not self.staging:
            yield from records
            return
        staged = StagingReader(self.staging)
        try:
            for reference in records:
                yield staged.read(unpack_reference(reference))
        finally:
            staged.close()


def _fits_packed(tables: range, value_bits: int) -> bool:
    """Whether a table's offset in ``tables``, a value and a member index fit one uint64."""
    return max(1, (len(tables) - 1).bit_length()) + value_bits + 32 <= 64


def bucket_runs(entries: np.ndarray, tables: range, value_bits: int):
    """(table, value, member indices) of each bucket of two or more members among ``entries`` (of
    ``tables``; values below 2**value_bits), by (table, value); a member met twice in a bucket counts once.

    Where a table's offset in ``tables``, its value and a member index fit one uint64 (the default
    image LSH: 3 + 28 + 32 bits), the entries are sorted as those integers, in place (`packed_runs`),
    against ~44 bytes an entry through `_sorted_unique`'s lexsort (24 entries a picture, the largest
    transient of the near-image search; issue #25). A group's consumer of pictures packs its entries
    itself (`ImageMembers.packed_entries`): 8 bytes an entry, not 9 structured and 8 packed."""
    offset_bits = max(1, (len(tables) - 1).bit_length())
    if offset_bits + value_bits + 32 > 64:
        entries = _sorted_unique(entries)
        bucket = np.concatenate(([0], np.flatnonzero(np.diff(entries["table"]) | np.diff(entries["value"])) + 1,
                                 [len(entries)]))
        for start, end in zip(bucket[:-1], bucket[1:]):
            if end - start > 1:
                yield int(entries["table"][start]), int(entries["value"][start]), entries["member"][start:end]
        return
    packed = (((entries["table"].astype(np.uint64) - np.uint64(tables.start)) << np.uint64(value_bits + 32))
              | (entries["value"].astype(np.uint64) << np.uint64(32)) | entries["member"].astype(np.uint64))
    del entries
    yield from packed_runs(packed, tables, value_bits)


RUN_CHUNK = 1 << 18  # entries compared at a time while looking for runs: bounds the temporaries (~5 MB)


def packed_runs(packed: np.ndarray, tables: range, value_bits: int):
    """`bucket_runs` of entries packed as uint64s, ``(table offset << value_bits + 32) | (value << 32) |
    member``: sorts ``packed`` in place and finds the entries equal to the one before in their top 32
    bits, a chunk at a time, so that besides the array it holds only what shared buckets hold (nearly
    every bucket has one member: a whole array of run starts or bucket keys would be as large as it)."""
    packed.sort()
    same = [np.empty(0, dtype=np.int64)]
    for lo in range(1, len(packed), RUN_CHUNK):
        hi = min(lo + RUN_CHUNK, len(packed))
        same.append(np.flatnonzero((packed[lo:hi] >> np.uint64(32)) == (packed[lo - 1:hi - 1] >> np.uint64(32))) + lo)
    same = np.concatenate(same)
    if not len(same):
        return  # every bucket holds one entry
    # each unbroken stretch of such positions is the rest of one bucket, which starts one before it
    cuts = np.concatenate(([0], np.flatnonzero(np.diff(same) != 1) + 1, [len(same)]))
    value_mask = (1 << value_bits) - 1
    for first, last in zip(cuts[:-1].tolist(), cuts[1:].tolist()):
        start, end = int(same[first]) - 1, int(same[last - 1]) + 1
        members = packed[start:end] & np.uint64(0xFFFFFFFF)
        members = members[np.concatenate(([True], members[1:] != members[:-1]))]  # a member met twice once
        if len(members) > 1:
            key = int(packed[start]) >> 32
            yield tables.start + (key >> value_bits), key & value_mask, members


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
    ("image" or "text"), found through LSH buckets shuffled in packed groups. Given ``staging`` (a folder
    on any Beam filesystem), a batch's members wait there and its records carry references: the local
    runner holds a grouping's values for the whole corpus, two or three times while it hands them over."""

    def __init__(self, options: DedupOptions, what: str, staging: str | None = None):
        super().__init__()
        self.options, self.what, self.staging = options, what, staging

    def expand(self, fingerprints):
        return (fingerprints
                | "Batch" >> beam.BatchElements(min_batch_size=64, max_batch_size=2048)
                | "Records" >> beam.ParDo(BucketRecordsFn(self.options, self.what, self.staging))
                | "ByTableGroup" >> beam.GroupByKey()
                | "Edges" >> beam.ParDo(BucketEdgesFn(self.options, self.what, self.staging)))
