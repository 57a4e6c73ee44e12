"""Near-duplicate search stays near-linear (issue #25): image comparisons per sample do not grow
with the corpus, copies at the distance threshold are still found, and a bucket too big to
compare whole is reported, not silently cut."""

from __future__ import annotations

import functools
import io
import logging
from collections import defaultdict

import apache_beam as beam
import numpy as np
import pytest
from apache_beam.testing.test_pipeline import TestPipeline

from bench.dedup_images import generated, planted_copy
from pipelines.transforms.dedup import Deduplicate
from pipelines.transforms.near_edges import NearEdgesFn
from quality import image_hash, image_lsh
from quality.config import DedupOptions, QualityConfig
from quality.sample_filter import filter_sample
from shards.sample import Sample

OPTIONS = DedupOptions()


@functools.lru_cache(maxsize=1)
def corpus_views(n: int = 1000) -> list[tuple[int, ...]]:
    """pHash views of ``n`` generated pictures (photo crops, collages, scenes), one in ten an edited
    copy of an earlier one, hashed by the project's `image_hash.phashes`."""
    views = []
    for i in range(n):
        image = planted_copy(generated(i - 5), i) if i % 10 == 9 else generated(i)
        views.append(image_hash.view_ints(image_hash.phashes(image)))
    return views


def old_band_keys(views: tuple[int, ...]) -> set[str]:
    """The scheme LSH replaced: each view cut into 8 bands of 8 bits (256 values a band)."""
    return {f"{b}:{(view >> (56 - 8 * b)) & 0xFF:02x}" for view in views for b in range(8)}


def lsh_keys(views: tuple[int, ...]) -> set[str]:
    return image_lsh.keys(views, OPTIONS.image_lsh_bits, OPTIONS.image_lsh_tables)


def compared_per_sample(views: list[tuple[int, ...]], keys_of) -> float:
    """Comparisons `NearEdgesFn` makes, per sample: every pair of a bucket, each member with the
    ``max_bucket`` before it in a larger one."""
    buckets = defaultdict(list)
    for i, v in enumerate(views):
        for key in keys_of(v):
            buckets[key].append(i)
    cap = OPTIONS.max_bucket
    return sum(min(j, cap) for members in buckets.values() for j in range(len(members))) / len(views)


@pytest.mark.parametrize("keys_of, bounded", [(lsh_keys, True), (old_band_keys, False)], ids=["lsh", "old_bands"])
def test_comparisons_per_image_do_not_grow_from_n_to_4n(keys_of, bounded):
    views = corpus_views()
    small, large = compared_per_sample(views[:250], keys_of), compared_per_sample(views, keys_of)
    # LSH: ~11 per image at both sizes, nearly all of them one true pair met in many of its 64
    # keys; the old bands: ~30 at 250 images, ~115 at 1000 (~1,150 at 100k, the figure)
    assert (large <= 1.5 * small and large <= 24) == bounded, (small, large)


def test_lsh_keys_are_stable_and_drawn_from_the_informative_bits():
    tables = image_lsh.tables(OPTIONS.image_lsh_bits, OPTIONS.image_lsh_tables)
    assert tables.shape == (64, 28) and tables.min() >= 1  # bit 0 (the DC term's sign) is always set
    views = (0xAAD52A55AAD52A55,)
    assert lsh_keys(views) == lsh_keys(views) and len(lsh_keys(views)) == 64
    flipped = (views[0] ^ 1 << 63,)  # the first bit is in no key
    assert lsh_keys(flipped) == lsh_keys(views)
    assert image_lsh.recall_at(2, 28, 64) > 0.999 and image_lsh.recall_at(4, 28, 64) > 0.99


def _photo_quadrants(count: int):
    """Quadrants of scikit-image's photographs (those bundled, long side 400 px): distinct pictures."""
    from bench.dedup_images import photos

    out = []
    for photo in photos():
        w, h = photo.size
        out += [photo.crop(box) for box in ((0, 0, w // 2, h // 2), (w // 2, 0, w, h // 2),
                                            (0, h // 2, w // 2, h), (w // 2, h // 2, w, h))]
    return out[:count]


def _sample(key: str, image) -> Sample:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    sample = Sample(key, "caption", images=[buf.getvalue()], text="a picture", meta={"source": "test", "uri": key})
    return filter_sample(sample, QualityConfig())


_KEPT: dict[str, str] = {}


def _record(reject) -> None:
    _KEPT[reject.key] = reject.reason.split(":", 1)[1]  # FnApiRunner runs in this process


def test_copies_at_the_threshold_resized_recompressed_cropped_watermarked_are_found():
    from bench.dedup import image_variants

    groups, samples, kept = [], [], []
    for i, picture in enumerate(_photo_quadrants(48)):  # 12 photographs cut in four
        hashes = image_hash.view_ints(image_hash.phashes(picture))
        if any(image_hash.min_distance(hashes, other) <= 2 * OPTIONS.image_max_distance for other in kept):
            continue  # two quadrants of a page of text look alike to pHash: not distinct pictures
        kept.append(hashes)
        keys = [f"p{i:02d}v{j}" for j in range(5)]
        groups.append(keys)
        samples += [_sample(k, image) for k, image in zip(keys, [picture] + image_variants(picture))]
    views = {s.key: image_hash.view_ints(s.meta[image_hash.META_KEY][0]["phash"]) for s in samples}
    distance = {(a, b): image_hash.min_distance(views[a], views[b]) for g in groups for a in g for b in g if a < b}
    edge = sum(4 <= d <= OPTIONS.image_max_distance for d in distance.values())
    assert edge >= 20  # the edge is tested
    _KEPT.clear()
    with TestPipeline(runner="FnApiRunner") as p:
        out = p | beam.Create(samples) | Deduplicate(OPTIONS)
        _ = out["rejects"] | beam.Map(_record)
    label = {k: _KEPT.get(k, k) for g in groups for k in g}
    for group in groups:
        # every copy within the threshold of some other member ends in the group's one cluster
        joined = {k for k in group if any(d <= OPTIONS.image_max_distance for (a, b), d in distance.items()
                                          if k in (a, b))}
        assert len({label[k] for k in joined}) <= 1, {k: label[k] for k in group}
    owner = {k: i for i, g in enumerate(groups) for k in g}
    assert all(owner[k] == owner[kept] for k, kept in _KEPT.items())  # no two pictures merged


def test_a_bucket_over_max_bucket_is_compared_linearly_reported_and_still_joins_its_copies(caplog):
    options = DedupOptions(max_bucket=2)
    base = 0x8F3C_0F0F_33CC_A5A5
    members = [(f"s{i}", (("u", "caption"), (((base ^ 3 << 2 * i),) * 3,))) for i in range(6)]  # 2 bits apart
    fn = NearEdgesFn(options, "image")
    fn.setup()
    with caplog.at_level(logging.WARNING):
        edges = [pair for pair, _ in fn.process(((0, 0xABC), members))]
    assert "holds 6 distinct samples" in caplog.text
    assert len(edges) == 0 + 1 + 2 + 2 + 2 + 2  # each with the 2 before it, not all 15 pairs
    from quality.star_contraction import UnionFind

    union = UnionFind(edges)
    assert len({union.find(key) for key, _ in members}) == 1  # the chain still makes one cluster


def test_a_bucket_of_identical_fingerprints_is_joined_in_linear_work_without_a_cap(caplog):
    logo = ((0x8F3C_0F0F_33CC_A5A5,) * 3,)
    members = [(f"s{i:04d}", ((f"u{i}", "caption"), logo)) for i in range(1000)]
    near = ((0x8F3C_0F0F_33CC_A5A5 ^ 1 << 63,) * 3,)  # 1 bit apart, the first bit: in no key, so every key shared
    members += [("other", (("u0", "scene_ocr"), logo)), ("w", (("w", "caption"), near))]
    band = (0, int(image_lsh.key_values(np.array(logo[0], np.uint64), OPTIONS.image_lsh_bits,
                                         OPTIONS.image_lsh_tables)[:, 0].min()))  # its smallest key
    fn = NearEdgesFn(OPTIONS, "image")
    fn.setup()
    with caplog.at_level(logging.WARNING):
        edges = [pair for pair, _ in fn.process((band, members))]
    assert "holds" not in caplog.text  # 3 distinct fingerprint-and-kind groups: far under max_bucket
    assert len(edges) == 999 + 3  # each copy to the first, then one edge per pair of the 3 groups
    # the scene_ocr sample shares u0 with s0000 (one input's two kinds never pair): joined via another copy
    assert ("other", "s0001") in edges and ("s0000", "w") in edges


def test_exact_edges_of_encoded_members_are_those_of_plain_members():
    """The exact-key grouping carries each member as bytes with its uri's digest (`exact_members`): the
    same edges as members of plain (key, (uri, kind)) tuples, across uris and kinds (one input's two
    kinds never pair; texts pair across prose kinds only), a member met twice counted once."""
    import pickle
    import random

    from pipelines.transforms.dedup import Fingerprint, exact_edges, exact_members
    from pipelines.transforms.near_edges import may_pair

    def plain_edges(digest, members):  # exact_edges before its members were bytes
        unique = sorted(dict(members).items())
        for i, (key, origin) in enumerate(unique[1:], start=1):
            first = next((k for k, o in unique[:i] if may_pair(o, origin, digest.startswith("t:"))), None)
            if first is not None:
                yield (first, key), "exact " + ("text" if digest.startswith("t:") else "image")

    rng = random.Random(4)
    kinds = ("caption", "text", "sft", "doc_ocr", "interleaved")
    fps = [Fingerprint(f"k{rng.randrange(60):03d}", (f"u{rng.randrange(8)}", rng.choice(kinds)), (0,),
                       (rng.choice(("t:a", "t:b", "i:c", "i:d")),)) for _ in range(120)]
    fps = list({fp.key: fp for fp in fps}.values()) + fps[:5]  # one key one origin; some met twice
    found = 0
    for digest in ("t:a", "t:b", "i:c", "i:d"):
        mine = [fp for fp in fps if fp.exact == (digest,)]
        encoded = [member for fp in mine for h, member in exact_members(fp)]
        assert all(isinstance(m, bytes) and len(m) < 80 for m in encoded)
        edges = list(exact_edges((digest, encoded)))
        assert edges == list(plain_edges(digest, [(fp.key, fp.origin) for fp in mine]))
        found += len(edges)
        assert pickle.loads(encoded[0])[0] == mine[0].key
    assert found > 40
