"""Dedup scale: candidate pairs per sample for images and texts at 10k, 100k and 1M, without the build.

Fingerprints and bucket keys come from the project's functions (`quality.image_lsh.keys` on pHash
views, `quality.minhash.signatures` and `band_keys`), in a plain loop; buckets are counted with
numpy the way `NearEdgesFn` compares them (every pair of a bucket of up to ``max_bucket`` members,
each member with the ``max_bucket`` before it in a larger one). One sample in ten is an edited copy
of an earlier one (planted duplicates: their recall is reported); the other pairs found within the
threshold are "natural" near duplicates of the data itself.

Images. Real: 256 px JPEGs made here (bench.dedup_images), one third crops of scikit-image's
photographs, one third collages of such crops, one third drawn scenes; copies are resized, JPEG
q25, cropped 4% a side or watermarked (bench.dedup's edits); each hashed in its three views as
`quality.image_hash.phashes` does (checked equal on the first 200). 1M real pHashes take too long
on 2 cores, so the 1M row (and a 100k row to check it against the real one) uses a model: a
Gaussian fitted to the real images' 3 x 64 low DCT coefficients (what pHash thresholds at their
median), sampled and thresholded the same way; copies flip the bits measured between the real
copies and their originals. Texts: captions of 10-30 words (common caption phrases and words
drawn by their frequency in Python's documentation), copies with one word changed, dropped or
added. Signatures at 1M take minutes; `--sizes` picks the sizes.
"""

from __future__ import annotations

import dataclasses
import random
import time
from pathlib import Path

import numpy as np

from bench.common import bench_parser, report
from quality.config import DedupOptions

MODULE = "bench.dedup_scale"
CACHE = Path("/tmp/vlbuild-bench-dedup-scale")
COPY_EVERY = 10  # one sample in ten is an edited copy of an earlier one


def bucket_counts(keys: np.ndarray, members: np.ndarray, cap: int) -> tuple[int, int, int, np.ndarray]:
    """One table's buckets: (comparisons, capped buckets, members of capped buckets, (P, 2) the pairs
    compared). ``keys`` and ``members`` are parallel int arrays."""
    order = np.lexsort((members, keys))
    keys, members = keys[order], members[order]
    distinct = np.ones(len(keys), bool)
    distinct[1:] = (keys[1:] != keys[:-1]) | (members[1:] != members[:-1])
    keys, members = keys[distinct], members[distinct]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    small, big = sizes[sizes <= cap], sizes[sizes > cap]
    compared = int((small * (small - 1) // 2).sum() + (cap * (cap + 1) // 2 + (big - cap - 1) * cap).sum())
    return compared, len(big), int(big.sum()), _compared_pairs(members, starts, sizes, cap)


def _compared_pairs(members: np.ndarray, starts: np.ndarray, sizes: np.ndarray, cap: int) -> np.ndarray:
    """(P, 2) member pairs a bucket compares: all of a bucket up to ``cap``, each with the ``cap``
    before it in a larger one. Pairs ``gap`` apart are taken for every bucket at once."""
    out = []
    for gap in range(1, min(cap, int(sizes.max(initial=1)) - 1) + 1):
        spans = sizes > gap
        first = np.repeat(starts[spans], sizes[spans] - gap) + _ranges(sizes[spans] - gap)
        out.append(np.stack([members[first], members[first + gap]], 1))
    return np.concatenate(out) if out else np.zeros((0, 2), np.int64)


def _ranges(lengths: np.ndarray) -> np.ndarray:
    """0 .. n-1 for each n in ``lengths``, concatenated."""
    ends = np.cumsum(lengths)
    return np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - lengths, lengths)


def image_stats(views: np.ndarray, copy_of: np.ndarray, options: DedupOptions, old: bool = False) -> dict:
    """Candidate pairs of (N, 3) uint64 pHash views: per sample compared, distinct, natural near
    duplicates; recall of the planted copies; capped buckets. Identical fingerprints are one group
    whose members are joined to its first, as `NearEdgesFn` does. ``old``: the 8 bands of 8 bits,
    each sample on its own, as that code did."""
    from quality import image_lsh

    n = len(views)
    gid, chain = np.arange(n), 0
    if not old:
        views, gid, counts = np.unique(views, axis=0, return_inverse=True, return_counts=True)
        chain = int((counts - 1).sum())
    members = np.repeat(np.arange(len(views)), views.shape[1])
    if old:
        positions = np.arange(64).reshape(8, 8)
    else:
        positions = image_lsh.tables(options.image_lsh_bits, options.image_lsh_tables)
    compared, capped, capped_members = chain, 0, 0
    pairs = []
    for table in positions:
        shifts = (63 - table).astype(np.uint64)
        weights = np.uint64(1) << np.arange(len(table), dtype=np.uint64)
        keys = (((views.reshape(-1)[:, None] >> shifts) & np.uint64(1)) * weights).sum(1)
        c, nb, nm, compared_pairs = bucket_counts(keys, members, options.max_bucket)
        compared, capped, capped_members = compared + c, capped + nb, capped_members + nm
        if not old:
            pairs.append(compared_pairs)
    row = {"compared": compared / n, "capped_buckets": capped, "capped_members": capped_members}
    if old:
        return row
    pairs = np.unique(np.sort(np.concatenate(pairs), 1), axis=0)
    found = {tuple(p) for p in pairs[_min_distance(views, pairs) <= options.image_max_distance]}
    return {**row, **_recall(gid, copy_of, found, chain, len(pairs),
                             lambda a, b: _min_distance(views, np.array([[a, b]]))[0] <= options.image_max_distance)}


def _recall(gid: np.ndarray, copy_of: np.ndarray, found: set, chain: int, candidates: int, similar) -> dict:
    """Per-sample figures and the planted copies' recall, from the group pairs ``found`` similar."""
    n = len(gid)
    planted = [(gid[s], gid[i]) for i, s in enumerate(copy_of) if s >= 0 and gid[s] >= 0 and gid[i] >= 0]
    hit = sum(a == b or (min(a, b), max(a, b)) in found for a, b in planted)
    within = sum(a == b or similar(a, b) for a, b in planted)
    edges = chain + len(found)
    return {"distinct": (chain + candidates) / n, "near": edges / n, "natural": (edges - hit) / n,
            "recall": hit / max(1, len(planted)), "recall_within": hit / max(1, within)}


def _min_distance(views: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    best = np.full(len(pairs), 64)
    for a in range(views.shape[1]):
        for b in range(views.shape[1]):
            best = np.minimum(best, np.bitwise_count(views[pairs[:, 0], a] ^ views[pairs[:, 1], b]))
    return best


def real_images(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(views (n, 3) uint64, copy_of (n,), DCT coefficients (n, 3, 64)) of generated images, cached."""
    from bench.dedup_images import dct_views, generated, hashes_of_dct, planted_copy
    from quality.image_hash import phashes, view_ints

    path = CACHE / f"images_{n}.npz"
    if path.exists():
        data = np.load(path)
        return data["views"], data["copy_of"], data["dct"]
    rng = random.Random(0)
    coeffs = np.zeros((n, 3, 64), np.float32)
    copy_of = np.full(n, -1)
    images = {}
    for i in range(n):
        if i % COPY_EVERY == COPY_EVERY - 1:
            copy_of[i] = rng.randrange(i)
            image = planted_copy(images.get(copy_of[i]) or generated(int(copy_of[i])), i)
        else:
            image = generated(i)
            if i % 1000 < 100:  # keep a few originals to copy from without making them again
                images[i] = image
        coeffs[i] = dct_views(image)
        if i < 200 and tuple(int(v) for v in hashes_of_dct(coeffs[i])) != view_ints(phashes(image)):
            raise AssertionError(f"image {i}: pHash from DCT coefficients differs from quality.image_hash's")
    views = hashes_of_dct(coeffs)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, views=views, copy_of=copy_of, dct=coeffs)
    return views, copy_of, coeffs


def model_images(n: int, coeffs: np.ndarray, real_views: np.ndarray, real_copy_of: np.ndarray, seed: int = 0):
    """(views, copy_of) of ``n`` pHash-like hashes: a Gaussian fitted to real DCT coefficients,
    thresholded at each view's median; copies flip the bits one real copy differs from its original."""
    from bench.dedup_images import hashes_of_dct

    rng = np.random.default_rng(seed)
    flat = coeffs.reshape(len(coeffs), -1).astype(np.float64)
    originals = flat[real_copy_of < 0]
    mean, cov = originals.mean(0), np.cov(originals, rowvar=False)
    lower = np.linalg.cholesky(cov + 1e-6 * np.eye(len(cov)) * np.trace(cov) / len(cov))
    copy_of = np.full(n, -1)
    views = np.zeros((n, 3), np.uint64)
    masks = np.array([real_views[i] ^ real_views[s] for i, s in enumerate(real_copy_of) if s >= 0])
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        sample = mean + rng.standard_normal((m, len(mean))) @ lower.T
        views[start:start + m] = hashes_of_dct(sample.reshape(m, 3, 64))
    for i in range(COPY_EVERY - 1, n, COPY_EVERY):
        copy_of[i] = rng.integers(i)
        views[i] = views[copy_of[i]] ^ masks[rng.integers(len(masks))]
    return views, copy_of


def captions(n: int, seed: int = 0, common: float = 0.0) -> tuple[list[str], np.ndarray]:
    """``n`` captions of 10-30 words, one in ten a copy of an earlier one with a word added at either
    end or the last one dropped (a word changed inside a 10-word caption leaves a 5-gram Jaccard of
    about 0.3: not a near duplicate at 0.7, whatever the index). A ``common`` share of the others
    is one of 200 stock captions of 12 words, the first far more often than the last (1/rank)."""
    from collections import Counter
    from pydoc_data.topics import topics

    counts = Counter(w.lower() for text in topics.values() for w in text.split() if w.isalpha())
    words, freq = zip(*counts.most_common(20000))
    weights = np.array(freq, np.float64) / sum(freq)
    frames = ("a photo of", "a close up of", "stock photo of", "in the background", "on a white background",
              "high quality", "vector illustration of", "a man and a woman", "with a view of", "in front of the")
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(words), size=(n, 30), p=weights)
    stock = [" ".join(words[k] for k in rng.choice(len(words), 12, p=weights)) for _ in range(200)]
    stock_weights = 1 / np.arange(1, 201) / (1 / np.arange(1, 201)).sum()
    out, copy_of = [], np.full(n, -1)
    for i in range(n):
        if i % COPY_EVERY == COPY_EVERY - 1:
            copy_of[i] = rng.integers(i)
            tokens = out[copy_of[i]].split()
            edit = int(rng.integers(3))
            tokens = ([words[pick[i, 0]]] + tokens if edit == 0 else tokens + [words[pick[i, 0]]] if edit == 1
                      else tokens[:-1])
            out.append(" ".join(tokens))
            continue
        if rng.random() < common:
            out.append(stock[rng.choice(200, p=stock_weights)])
            continue
        length = int(rng.integers(10, 31))
        tokens = [words[k] for k in pick[i, :length]]
        frame = frames[int(rng.integers(len(frames)))].split()
        at = int(rng.integers(len(tokens)))
        out.append(" ".join(tokens[:at] + frame + tokens[at:])[:400])
    return out, copy_of


def text_stats(texts: list[str], copy_of: np.ndarray, options: DedupOptions) -> dict:
    """Candidate pairs of MinHash band buckets, per sample; recall of the planted copies."""
    from quality import minhash
    from quality.text import tokens

    bands, rows = minhash.band_shape(options.threshold, options.num_perm)
    n = len(texts)
    eligible = np.array([len(tokens(t)) >= options.min_words for t in texts])
    sigs = np.zeros((n, options.num_perm), np.uint32)
    for start in range(0, n, 256):
        batch = [i for i in range(start, min(n, start + 256)) if eligible[i]]
        for i, sig in zip(batch, minhash.signatures([texts[i] for i in batch], options.ngram, options.num_perm)):
            sigs[i] = sig
    eligible_sigs, inverse, counts = np.unique(sigs[eligible], axis=0, return_inverse=True, return_counts=True)
    gid = np.full(n, -1)
    gid[eligible] = inverse.reshape(-1)
    chain = int((counts - 1).sum())
    keys = np.array([[hash(k) for k in minhash.band_keys(sig, bands, rows)] for sig in eligible_sigs], np.int64)
    compared, capped, capped_members = chain, 0, 0
    pairs = []
    members = np.arange(len(eligible_sigs))
    for b in range(bands):
        c, nb, nm, compared_pairs = bucket_counts(keys[:, b], members, options.max_bucket)
        compared, capped, capped_members = compared + c, capped + nb, capped_members + nm
        pairs.append(compared_pairs)
    pairs = np.unique(np.sort(np.concatenate(pairs), 1), axis=0)

    def similar(a, b):
        return np.count_nonzero(eligible_sigs[a] == eligible_sigs[b], axis=-1) / options.num_perm >= options.threshold

    found = {tuple(p) for p in pairs[similar(pairs[:, 0], pairs[:, 1])]}
    return {"compared": compared / n, "capped_buckets": capped, "capped_members": capped_members,
            **_recall(gid, copy_of, found, chain, len(pairs), similar)}


def _row(name: str, n: int, s: dict, seconds: float) -> str:
    def cell(k, f="{:.2f}"):
        return f.format(s[k]) if k in s else "-"

    return (f"| {name} | {n:,} | {cell('compared')} | {cell('distinct')} | {cell('near')} | {cell('natural')} | "
            f"{cell('recall', '{:.3f}')} | {cell('recall_within', '{:.3f}')} | {s['capped_buckets']} ({s['capped_members']}) | {seconds:.0f} |")


def main(argv=None) -> None:
    parser = bench_parser(MODULE, __doc__, repeats=1)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="corpus sizes, comma-separated")
    parser.add_argument("--real", type=int, default=100_000, help="real images to generate and hash (cached)")
    parser.add_argument("--what", default="images,texts", help="images, texts or both")
    parser.add_argument("--common-captions", type=float, default=0.05,
                        help="share of captions that are one of 200 stock captions (a second row per size)")
    parser.add_argument("--compare-lsh", default="24x32", help="other image LSH settings (BITSxTABLES, comma-"
                        "separated) to run on the model hashes too; empty for none")
    args = parser.parse_args(argv)
    options = DedupOptions()
    sizes = [int(s) for s in args.sizes.split(",")]
    lines = [(f"Image LSH: {options.image_lsh_tables} keys of {options.image_lsh_bits} bits; pHash within "
              f"{options.image_max_distance}; MinHash {options.num_perm} permutations, Jaccard >= "
              f"{options.threshold}; max_bucket {options.max_bucket}. One sample in {COPY_EVERY} is a planted copy."),
             "",
             ("| corpus | N | compared / sample | distinct candidates / sample | near pairs / sample | "
              "natural near pairs / sample | planted recall | planted recall within threshold | "
              "capped buckets (members) | seconds |"),
             "|---|---|---|---|---|---|---|---|---|---|"]
    if "images" in args.what:
        t0 = time.perf_counter()
        views, copy_of, coeffs = real_images(args.real)
        print(f"{args.real} real images hashed or loaded in {time.perf_counter() - t0:.0f} s", flush=True)
        for n in sizes:
            if n <= args.real:
                for old in (True, False):
                    t0 = time.perf_counter()
                    s = image_stats(views[:n], copy_of[:n], options, old=old)
                    lines.append(_row("real images, old 8 bands x 8 bits" if old else
                                      f"real images, LSH {options.image_lsh_tables} x {options.image_lsh_bits} bits",
                                      n, s, time.perf_counter() - t0))
                    print(lines[-1], flush=True)
        others = [tuple(map(int, c.split("x"))) for c in args.compare_lsh.split(",") if c]
        for n in sizes:
            mviews, mcopy = model_images(n, coeffs, views, copy_of)
            for bits, count in [(options.image_lsh_bits, options.image_lsh_tables)] + others:
                t0 = time.perf_counter()
                s = image_stats(mviews, mcopy, dataclasses.replace(options, image_lsh_bits=bits,
                                                                     image_lsh_tables=count))
                lines.append(_row(f"model pHashes, LSH {count} x {bits} bits", n, s, time.perf_counter() - t0))
                print(lines[-1], flush=True)
    if "texts" in args.what:
        for n in sizes:
            for common in (0.0, args.common_captions) if args.common_captions else (0.0,):
                t0 = time.perf_counter()
                texts, copy_of = captions(n, common=common)
                s = text_stats(texts, copy_of, options)
                name = f"captions, {common:.0%} stock captions, MinHash bands"
                lines.append(_row(name, n, s, time.perf_counter() - t0))
                print(lines[-1], flush=True)
    report("Dedup: candidate pairs per sample against corpus size", MODULE, lines, not args.no_record)


if __name__ == "__main__":
    main()
