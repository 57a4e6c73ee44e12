"""Near-duplicate edges through packed LSH buckets (pipelines/transforms/lsh_buckets.py) join exactly
the samples a brute-force search joins: every pair that shares an LSH key, may pair, and is within
the threshold; each such pair of distinct fingerprints is compared in one bucket only."""

from __future__ import annotations

import dataclasses
import functools
import os
from collections import Counter

import apache_beam as beam
import numpy as np
import pytest
from apache_beam.testing.test_pipeline import TestPipeline

from bench.dedup_images import generated, planted_copy
from pipelines.transforms.dedup import Fingerprint
from pipelines.transforms import lsh_buckets
from pipelines.transforms.lsh_buckets import (BucketEdgesFn, NearEdges, _sorted_unique, bucket_runs, entry_type,
                                              group_tables, image_entries, packed_runs, text_entries)
from pipelines.transforms.lsh_members import ImageColumns, ImageMembers, image_members, text_members, uri_digest
from pipelines.transforms.near_edges import EdgesEnough, may_pair
from quality import image_hash, image_lsh, minhash
from quality.config import DedupOptions
from quality.star_contraction import UnionFind
from shards.sample import make_key

OPTIONS = DedupOptions()
KINDS = ("caption", "chart", "scene_ocr")


@functools.lru_cache(maxsize=1)
def picture_hashes(n: int = 240) -> list[list[str]]:
    """pHash views (hex) of ``n`` generated pictures, one in ten an edited copy of an earlier one."""
    return [image_hash.phashes(planted_copy(generated(i - 5), i) if i % 10 == 9 else generated(i)) for i in range(n)]


def picture_fingerprints() -> list[Fingerprint]:
    hashes = picture_hashes()
    fps = []
    for i, views in enumerate(hashes):
        # every 7th picture shares its uri with the one before (one input's two kinds never pair)
        uri = f"u{i - 1 if i % 7 == 0 else i}"
        fps.append(Fingerprint(f"p{i:04d}", (uri, KINDS[i % 3]), (0,), (), phashes=(views,)))
    fps += [Fingerprint(f"logo{i:03d}", (f"l{i}", "caption"), (0,), (), phashes=(hashes[3],)) for i in range(40)]
    fps += [Fingerprint(f"two{i}", (f"t{i}", "caption"), (0,), (), phashes=(hashes[100 + i], hashes[19 + 10 * i]))
            for i in range(6)]  # two pictures: the second a planted copy's original
    return fps


def text_fingerprints() -> list[Fingerprint]:
    words = [f"w{i}" for i in range(400)]
    rng = np.random.default_rng(3)
    texts = [" ".join(rng.choice(words, 40)) for _ in range(60)]
    texts += [t + " extra words" for t in texts[:20]] + [t.rsplit(" ", 1)[0] for t in texts[20:30]]
    signatures = minhash.signatures(texts, OPTIONS.ngram, OPTIONS.num_perm)
    kinds = ("text", "interleaved", "doc_ocr")
    return [Fingerprint(f"x{i:03d}", (f"d{i % 50}", kinds[i % 3]), (0,), (), signature=s)
            for i, s in enumerate(signatures)]


def brute_force(fps: list[Fingerprint], what: str) -> set[frozenset]:
    """Components of the pairs that share an LSH key, may pair and are similar, as sets of keys."""
    shape = minhash.band_shape(OPTIONS.threshold, OPTIONS.num_perm)
    if what == "image":
        keys = [set().union(*(image_lsh.keys(image_hash.view_ints(v), OPTIONS.image_lsh_bits,
                                             OPTIONS.image_lsh_tables) for v in fp.phashes)) for fp in fps]
    else:
        keys = [set(minhash.band_keys(fp.signature, *shape)) for fp in fps]
    edges = []
    for i, a in enumerate(fps):
        for j in range(i):
            b = fps[j]
            if not keys[i] & keys[j] or not may_pair(a.origin, b.origin, text=what == "text"):
                continue
            if what == "image":
                close = min(image_hash.min_distance(image_hash.view_ints(x), image_hash.view_ints(y))
                            for x in a.phashes for y in b.phashes) <= OPTIONS.image_max_distance
            else:
                close = minhash.jaccard(a.signature, b.signature) >= OPTIONS.threshold
            if close:
                edges.append((a.key, b.key))
    return components(edges)


def components(edges) -> set[frozenset]:
    union = UnionFind(edges)
    members: dict = {}
    for pair in edges:
        for key in pair:
            members.setdefault(union.find(key), set()).add(key)
    return {frozenset(m) for m in members.values()}


_FOUND: list = []


def _record(edge) -> None:
    _FOUND.append(edge)  # FnApiRunner runs in this process; a bound method would be pickled with a copy


@pytest.mark.parametrize("staged", [False, True])
@pytest.mark.parametrize("what", ["image", "text"])
def test_packed_buckets_join_what_a_brute_force_search_joins_each_pair_once(what, staged, tmp_path):
    """Members crossing the grouping as they are or waiting in staging files (records then carry references)."""
    fps = picture_fingerprints() if what == "image" else text_fingerprints()
    expected = brute_force(fps, what)
    assert sum(len(c) for c in expected) >= (60 if what == "image" else 40)  # copies, logos, edits: tested
    _FOUND.clear()
    staging = str(tmp_path / "near") if staged else None
    with TestPipeline(runner="FnApiRunner") as p:
        _ = p | beam.Create(fps) | NearEdges(OPTIONS, what, staging) | beam.Map(_record)
    assert not staged or os.listdir(staging)
    pairs = Counter(pair for pair, _ in _FOUND)
    assert components(pairs) == expected
    assert max(pairs.values()) == 1  # no bucket was capped: a pair is compared in its smallest shared key only
    assert all(why.startswith("near image, " if what == "image" else "near text, ") for _, why in _FOUND)


def test_entries_are_the_lsh_keys_of_every_view_of_every_image():
    fps = picture_fingerprints()[-3:]  # samples of two pictures
    members = image_members(fps)
    entries = image_entries(members, OPTIONS)
    assert [members.key(i) for i in range(len(members))] == [fp.key for fp in fps]
    for index, fp in enumerate(fps):
        mine = entries[entries["member"] == index]
        names = {image_lsh.key_name(int(t), int(v)) for t, v in zip(mine["table"], mine["value"])}
        assert names == set().union(*(image_lsh.keys(image_hash.view_ints(v), OPTIONS.image_lsh_bits,
                                                     OPTIONS.image_lsh_tables) for v in fp.phashes))


@pytest.mark.parametrize("keys", ["plain", "hex"])
def test_image_columns_give_back_each_member_as_it_was(keys):
    """A batch's members as columns (shuffled to each table group), through bytes and back: each member
    is the tuple `NearEdgesFn` takes, (key, ((uri digest, kind), images' view ints)), for any keys (a
    build's 24 hex digits packed, others as text), and a picture costs ~50 bytes, not ~80 pickled."""
    fps = picture_fingerprints() + [Fingerprint("x", ("u", "text"), (0,), ())]  # no pictures: not a member
    if keys == "hex":
        fps = [dataclasses.replace(fp, key=make_key(fp.key)) for fp in fps]
    members = ImageColumns.from_bytes(image_members(fps).to_bytes())
    pictures = [fp for fp in fps if fp.phashes]
    assert len(members) == len(pictures) and members.key_width == (24 if keys == "hex" else 0)
    for index, fp in enumerate(pictures):
        expected = (fp.key, ((uri_digest(fp.origin[0]), fp.origin[1]),
                             tuple(image_hash.view_ints(v) for v in fp.phashes)))
        assert members.member(index) == expected
    views = sum(len(v) for fp in pictures for v in fp.phashes)
    assert members.view_owners().tolist() == [i for i, fp in enumerate(pictures) for v in fp.phashes for _ in v]
    assert len(members.values) == views
    if keys == "hex":
        assert len(image_members(fps).to_bytes()) < 55 * len(pictures) + 200


@pytest.mark.parametrize("what", ["image", "text"])
def test_a_groups_entries_are_the_whole_entries_of_its_tables(what):
    """A group's consumer makes its entries from the members: the same entries, in the same order, as
    the rows of all tables' entries that fall in its tables (what the producer shuffled before)."""
    if what == "image":
        members, entries_of = image_members(picture_fingerprints()), image_entries
    else:
        members, entries_of = text_members(text_fingerprints()), text_entries
    whole = entries_of(members, OPTIONS)
    groups = range(-(-(int(whole["table"].max()) + 1) // 8))
    assert len(groups) > 1
    for group in groups:
        tables = group_tables(OPTIONS, what, group)
        mine = (whole["table"] >= tables.start) & (whole["table"] < tables.stop)
        assert entries_of(members, OPTIONS, tables).tobytes() == whole[mine].tobytes()
    assert sum(len(group_tables(OPTIONS, what, g)) for g in groups) == int(whole["table"].max()) + 1


@pytest.mark.parametrize("what", ["image", "text"])
def test_sorted_unique_entries_are_np_unique_of_them(what):
    """A consumer's entries, deduplicated by a lexsort, come out as np.unique gives them: same order
    (table, value, member), a repeated entry once, on narrow and 64-bit values."""
    rng = np.random.default_rng(3)
    for n in (0, 1, 2, 7, 5000):
        entries = np.empty(n, dtype=entry_type(OPTIONS, what))
        entries["table"] = rng.integers(0, 8, n)
        entries["value"] = rng.integers(0, 40, n) * (2**50 if what == "text" else 2**22) + rng.integers(0, 2, n)
        entries["member"] = rng.integers(0, n // 4 + 1, n)
        assert _sorted_unique(entries).tobytes() == np.unique(entries).tobytes()


@pytest.mark.parametrize("bits,count,hash_bits", [(28, 64, 64), (24, 32, 64), (10, 20, 25)])
def test_key_values_take_each_tables_bits_from_the_hash(bits, count, hash_bits):
    """`image_lsh.key_values` (byte lookups) against its definition, bit by bit on Python ints: bit i
    of a hash's value in table t is the hash's bit at tables()[t, i], counted from the most significant."""
    rng = np.random.default_rng(7)
    hashes = [0, 2**hash_bits - 1, 2**(hash_bits - 1)] + [int(h) for h in rng.integers(0, 2**hash_bits - 1, 200,
                                                                                         dtype=np.uint64)]
    positions = image_lsh.tables(bits, count, hash_bits)
    expected = [[sum(((h >> (hash_bits - 1 - int(p))) & 1) << i for i, p in enumerate(row)) for row in positions]
                for h in hashes]
    assert image_lsh.key_values(np.array(hashes, dtype=np.uint64), bits, count, hash_bits).tolist() == expected
    some = slice(count // 3, count - 1)  # a consumer's tables only
    assert (image_lsh.key_values(np.array(hashes, dtype=np.uint64), bits, count, hash_bits, some).tolist()
            == [row[some] for row in expected])


def few_whys(edges) -> dict:
    whys: dict = {}
    for (a, b), why in edges:
        for end in (a, b):
            whys.setdefault(end, set()).add(why)
    return {node: sorted(w)[:EdgesEnough.WHYS] for node, w in whys.items()}


@pytest.mark.parametrize("seed", range(6))
def test_edges_enough_keep_the_components_and_each_ends_smallest_reasons(seed):
    """Dense clusters (a capped bucket's windows) and sparse chains, reasons from a few values: the kept
    edges are a subset with the same components and per-sample reasons, alone and with other edges."""
    rng = np.random.default_rng(seed)
    nodes = [f"n{i:03d}" for i in range(120)]
    edges = []
    for _ in range(2000 if seed % 2 else 300):
        a, b = rng.choice(len(nodes) // (1 + seed % 3), 2, replace=False)
        edges.append(((nodes[a], nodes[b]), f"near image, {rng.integers(0, 8)} bits apart"))
    enough = EdgesEnough()
    kept = [e for e in edges if enough.keep(e)]
    assert set(kept) <= set(edges) and len(kept) < len(edges)
    assert components(p for p, _ in kept) == components(p for p, _ in edges)
    assert few_whys(kept) == few_whys(edges)
    others = [((nodes[i], nodes[i + 1]), "exact image") for i in range(0, 119, 7)]
    assert components(p for p, _ in kept + others) == components(p for p, _ in edges + others)
    assert few_whys(kept + others) == few_whys(edges + others)


@pytest.mark.parametrize("value_bits", [28, 64])
def test_bucket_runs_packed_or_not_are_the_runs_of_the_sorted_distinct_entries(value_bits):
    """Packed into uint64s (28-bit image values) or through the lexsort (64-bit band values): the same
    buckets of two or more members, in (table, value) order, each member once."""
    rng = np.random.default_rng(5)
    n, tables = 5000, range(16, 24)
    entries = np.empty(n, dtype=entry_type(OPTIONS, "image" if value_bits == 28 else "text"))
    entries["table"] = rng.integers(tables.start, tables.stop, n)
    entries["value"] = rng.integers(0, 300, n) * (2**(value_bits - 9) - 1)
    entries["member"] = rng.integers(0, 2**32 - 1 if value_bits == 28 else 2000, n)
    entries["member"][::3] = entries["member"][1::3][:len(entries[::3])]  # a member in many buckets
    expected = {}
    for t, v, m in entries.tolist():
        expected.setdefault((t, v), set()).add(m)
    expected = [(t, v, sorted(m)) for (t, v), m in sorted(expected.items()) if len(m) > 1]
    got = [(t, v, [int(x) for x in run]) for t, v, run in bucket_runs(entries.copy(), tables, value_bits)]
    assert got == expected and len(got) > 50


@pytest.mark.parametrize("chunk", [3, 1 << 18])
def test_a_consumers_own_packed_entries_give_the_buckets_of_all_its_entries(monkeypatch, chunk):
    """A picture group's consumer packs its entries batch by batch into one array and looks for runs a
    chunk at a time: the same buckets of two or more members, in (table, value) order, each member
    once, as a dictionary of all the batches' entries gives, across chunk edges."""
    monkeypatch.setattr(lsh_buckets, "RUN_CHUNK", chunk)
    fps = picture_fingerprints()
    batches = [image_members(fps[i:i + 50]) for i in range(0, len(fps), 50)]
    members = ImageMembers()
    for batch in batches:
        members.add(batch.to_bytes())
    found = 0
    for group in range(OPTIONS.image_lsh_tables // 8):
        tables = group_tables(OPTIONS, "image", group)
        expected, count = {}, 0
        for batch in batches:
            for t, v, m in image_entries(batch, OPTIONS, tables).tolist():
                expected.setdefault((t, v), set()).add(m + count)
            count += len(batch)
        expected = [(t, v, sorted(m)) for (t, v), m in sorted(expected.items()) if len(m) > 1]
        packed = members.packed_entries(OPTIONS, tables)
        assert len(packed) == sum(len(b.values) for b in batches) * len(tables)
        got = [(t, v, run.tolist()) for t, v, run in packed_runs(packed, tables, OPTIONS.image_lsh_bits)]
        assert got == expected
        found += len(got)
    assert found > 100


def test_a_group_consumer_forgets_its_members_lsh_values_once_the_group_is_done():
    """`key_matrix` remembers members by identity within a group; the next group's members are new
    objects, so the consumer clears what it remembered (up to ~30 MB) rather than keep it to the end."""
    fps = picture_fingerprints()
    fn = BucketEdgesFn(OPTIONS, "image")
    fn.setup()
    edges = list(fn.process((0, [image_members(fps[i:i + 50]).to_bytes() for i in range(0, len(fps), 50)])))
    assert edges and fn.matrices == {}


@pytest.mark.parametrize("n", [0, 1, 2, 50])
def test_packed_runs_of_entries_in_no_shared_bucket_are_none(n):
    """Few entries, none sharing a (table, value) with another: no runs (and no error)."""
    rng = np.random.default_rng(n)
    values = rng.choice(2**28, n, replace=False).astype(np.uint64)
    packed = (values << np.uint64(32)) | np.arange(n, dtype=np.uint64)
    assert list(packed_runs(packed, range(0, 8), 28)) == []
    twice = np.concatenate([packed, packed])  # each member met twice in its own bucket: still no run of two
    assert list(packed_runs(twice, range(0, 8), 28)) == []


@pytest.mark.parametrize("what", ["image", "text"])
def test_first_in_band_is_first_shared_for_every_bucket_and_pair(what):
    """`NearEdgesFn.first_in_band` (one array computation a bucket) says for every rep of every bucket,
    and every pair of them, what ``first_shared(...) == band`` says (pictures of one and of two images)."""
    fps = picture_fingerprints() if what == "image" else text_fingerprints()
    fn = BucketEdgesFn(OPTIONS, what)
    fn.setup()
    if what == "image":
        values = {fp.key: (fp.origin, tuple(image_hash.view_ints(v) for v in fp.phashes)) for fp in fps}
        keys = {fp.key: {tuple(map(int, k.split(":", 1)[0:1])) + (int(k.split(":")[1], 16),)
                         for v in fp.phashes for k in image_lsh.keys(image_hash.view_ints(v), OPTIONS.image_lsh_bits,
                                                                      OPTIONS.image_lsh_tables)} for fp in fps}
    else:
        shape = minhash.band_shape(OPTIONS.threshold, OPTIONS.num_perm)
        values = {fp.key: (fp.origin, fp.signature) for fp in fps}
        keys = {fp.key: set(enumerate(minhash.band_values(fp.signature, *shape))) for fp in fps}
    buckets: dict = {}
    for key, found in keys.items():
        for band in found:
            buckets.setdefault(band, []).append(key)
    checked = trues = 0
    for band, members in buckets.items():
        if len(members) < 2:
            continue
        reps = sorted(members)
        own, pairs = fn.first_in_band(band, reps, values)
        assert own == [fn.first_shared(a, a, values) == band for a in reps]
        assert pairs.tolist() == [[fn.first_shared(a, b, values) == band for b in reps] for a in reps]
        checked += len(reps) ** 2
        trues += sum(own) + int(pairs.sum())
    assert checked > 200 and 0 < trues < checked
