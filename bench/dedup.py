"""Dedup quality and speed: precision and recall of the near-duplicate stage on generated pairs with
known edits, and MinHash signatures/s against a plain datasketch loop.

Text: documents cut from Python's own documentation (``pydoc_data``, real English prose with code),
each copied with one known edit (sentences inserted from another document, a sentence span deleted,
paragraphs reordered, site boilerplate added). Images: the photographs scikit-image ships, cut into
quadrants (distinct pictures), plus charts of different data in one style (look-alikes), each
copied resized, recompressed, slightly cropped and watermarked. Pairs within a group are duplicates,
every other pair is distinct; the real `Deduplicate` transform clusters them on Beam's local runner.
Needs the test extra (scikit-image).
"""

from __future__ import annotations

import glob
import io
import os
import random
import re
import tempfile
import time
from itertools import combinations

import numpy as np
from PIL import Image, ImageDraw

from bench.common import bench_parser, report
from quality.config import DedupOptions

MODULE = "bench.dedup"
BOILER_HEAD = "Home | Docs | Download | Community | Search\nSkip to main content\n\n"
BOILER_TAIL = "\n\nCopyright 2001-2026 the authors. All rights reserved. Privacy policy. Report a bug."


def documents(words: int = 220) -> list[str]:
    """Real prose: Python's documentation topics cut into documents of about ``words`` words. Some
    topics repeat others' text, so a document whose exact shingle Jaccard with an earlier one is 0.3
    or more is left out: the "distinct" pairs are truly distinct."""
    from pydoc_data.topics import topics

    from quality.minhash import shingles

    docs = []
    for name in sorted(topics):
        paragraphs = [p.strip() for p in topics[name].split("\n\n") if len(p.split()) > 5]
        current: list[str] = []
        for paragraph in paragraphs:
            current.append(paragraph)
            if sum(len(p.split()) for p in current) >= words:
                docs.append("\n\n".join(current))
                current = []
    kept, sets = [], []
    for doc in docs:
        grams = set(shingles(doc, DedupOptions().ngram))
        if all(len(grams & other) < 0.3 * len(grams | other) for other in sets):
            kept.append(doc)
            sets.append(grams)
    return kept


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def text_variants(doc: str, other: str, rng: random.Random) -> list[str]:
    sents, extra = _sentences(doc), _sentences(other)
    n = max(1, len(sents) // 10)
    inserted = list(sents)
    for s in rng.sample(extra, min(n, len(extra))):
        inserted.insert(rng.randrange(len(inserted) + 1), s)
    start = rng.randrange(max(1, len(sents) - n))
    deleted = sents[:start] + sents[start + n:]
    paragraphs = doc.split("\n\n")
    reordered = paragraphs[1:] + paragraphs[:1] if len(paragraphs) > 1 else list(reversed(sents))
    return [" ".join(inserted), " ".join(deleted), "\n\n".join(reordered), BOILER_HEAD + doc + BOILER_TAIL]


def pictures() -> list[Image.Image]:
    """Quadrants of scikit-image's bundled photographs, and charts of different data in one style."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import skimage.data

    out = []
    for name in ("astronaut", "camera", "chelsea", "coffee", "coins", "horse", "moon", "page",
                 "rocket", "text", "grass", "gravel", "brick", "retina", "hubble_deep_field", "clock",
                 "immunohistochemistry", "stereo_motorcycle", "logo", "colorwheel", "skin"):
        try:
            array = getattr(skimage.data, name)()
        except Exception:  # some need a download: not here
            continue
        array = array[0] if isinstance(array, tuple) else array
        image = Image.fromarray(np.asarray(array)).convert("RGB")
        w, h = image.size
        out += [image.crop(box) for box in ((0, 0, w // 2, h // 2), (w // 2, 0, w, h // 2),
                                            (0, h // 2, w // 2, h), (w // 2, h // 2, w, h))]
    rng = np.random.default_rng(0)
    for i in range(24):
        fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
        values = rng.integers(5, 100, size=int(rng.integers(3, 8)))
        (ax.bar if i % 2 else ax.plot)(range(len(values)), values)
        ax.set_title(f"Series {i}")
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
        out.append(Image.open(buf).convert("RGB"))
    return out


def image_variants(image: Image.Image) -> list[Image.Image]:
    w, h = image.size
    half = image.resize((max(32, w // 2), max(32, h // 2)), Image.Resampling.BILINEAR)
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=25)
    jpeg = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    dx, dy = int(w * 0.04), int(h * 0.04)
    cropped = image.crop((dx, dy, w - dx, h - dy))
    marked = image.copy()
    ImageDraw.Draw(marked).text((w * 0.6, h * 0.85), "(c) stock-photos.example", fill=(255, 255, 255))
    return [half, jpeg, cropped, marked]


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def clusters(samples, options: DedupOptions) -> dict[str, str]:
    """Each sample key -> the key kept for its cluster, by the real transforms on Beam's local runner."""
    import apache_beam as beam
    from apache_beam.testing.test_pipeline import TestPipeline

    from pipelines.transforms.curate import Curate
    from quality.config import (HeuristicOptions, ImageCheckOptions, LanguageOptions, PiiOptions,
                                QualityConfig)

    config = QualityConfig(language=LanguageOptions(enabled=False), heuristics=HeuristicOptions(enabled=False),
                           images=ImageCheckOptions(enabled=False), pii=PiiOptions(enabled=False), dedup=options)
    with tempfile.TemporaryDirectory() as tmp:
        with TestPipeline(runner="FnApiRunner") as p:
            out = p | beam.Create(samples) | Curate(config)
            _ = (out["rejects"]
                 | beam.Map(lambda r: f"{r.key} {r.reason.split(':', 1)[1]}")
                 | beam.io.WriteToText(os.path.join(tmp, "kept_as")))
        lines = [line.split() for path in glob.glob(os.path.join(tmp, "kept_as*"))
                 for line in open(path, encoding="utf-8")]
    return dict(lines)


def precision_recall(groups: list[list[str]], kept_as: dict[str, str]) -> tuple[float, float, int, int]:
    truth = {frozenset(p) for g in groups for p in combinations(g, 2)}
    members = [k for g in groups for k in g]
    label = {k: kept_as.get(k, k) for k in members}
    predicted = {frozenset((a, b)) for a, b in combinations(members, 2) if label[a] == label[b]}
    hits = len(truth & predicted)
    return hits / max(1, len(predicted)), hits / max(1, len(truth)), len(truth), len(members) * (len(members) - 1) // 2 - len(truth)


def misses(groups: list[list[str]], kept_as: dict[str, str]) -> None:
    """Print groups the dedup split (missed copies) and clusters that mixed groups (false matches)."""
    owner = {k: i for i, g in enumerate(groups) for k in g}
    for group in groups:
        labels = {kept_as.get(k, k) for k in group}
        if len(labels) > 1:
            print("split:", {k: kept_as.get(k, k) for k in group})
    for key, kept in kept_as.items():
        if owner[key] != owner.get(kept):
            print("merged:", key, "->", kept)


def text_case(options: DedupOptions, originals: int):
    from shards.sample import Sample

    rng = random.Random(0)
    docs = documents()
    groups, samples = [], []
    for i, doc in enumerate(docs):
        copies = [doc] + (text_variants(doc, docs[(i + 7) % len(docs)], rng) if i < originals else [])
        keys = [f"t{i:04d}v{j}" for j in range(len(copies))]
        groups.append(keys)
        samples += [Sample(k, "text", text=c, meta={"source": "bench", "uri": k}) for k, c in zip(keys, copies)]
    return groups, samples


def image_case(options: DedupOptions):
    from shards.sample import Sample
    from quality.sample_filter import filter_sample
    from quality.config import QualityConfig

    groups, samples = [], []
    for i, picture in enumerate(pictures()):
        copies = [picture] + image_variants(picture)
        keys = [f"i{i:04d}v{j}" for j in range(len(copies))]
        groups.append(keys)
        for key, image in zip(keys, copies):
            sample = Sample(key, "caption", images=[_png(image)], text="a picture",
                            meta={"source": "bench", "uri": key})
            samples.append(filter_sample(sample, QualityConfig(dedup=options)))
    return groups, samples


def signature_speed(docs: list[str], options: DedupOptions, repeats: int) -> tuple[float, float]:
    from datasketch import MinHash

    from quality import minhash

    def plain():
        for doc in docs:
            m = MinHash(num_perm=options.num_perm, seed=minhash.SEED)
            for shingle in minhash.shingles(doc, options.ngram):
                m.update(shingle)

    def batched():
        for start in range(0, len(docs), 256):  # the batch size the pipeline's BatchElements reaches
            minhash.signatures(docs[start:start + 256], options.ngram, options.num_perm)

    times = []
    for fn in (plain, batched):
        best = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        times.append(best)
    return len(docs) / times[0], len(docs) / times[1]


def main(argv=None) -> None:
    parser = bench_parser(MODULE, __doc__, repeats=3)
    parser.add_argument("--originals", type=int, default=120, help="text documents that get edited copies")
    parser.add_argument("--verbose", action="store_true", help="print the groups split or merged wrongly")
    args = parser.parse_args(argv)
    options = DedupOptions()
    lines = [f"Defaults: MinHash {options.num_perm} permutations over word {options.ngram}-grams, Jaccard "
             f">= {options.threshold}; pHash {options.image_hash_size ** 2} bits within "
             f"{options.image_max_distance}, LSH {options.image_lsh_tables} keys of "
             f"{options.image_lsh_bits} bits.", "",
             "| case | items | duplicate pairs | distinct pairs | precision | recall |", "|---|---|---|---|---|---|"]
    for name, (groups, samples) in (("text (insert, delete, reorder, boilerplate)", text_case(options, args.originals)),
                                    ("images (resize 50%, JPEG q25, crop 4%/side, watermark)", image_case(options))):
        kept_as = clusters(samples, options)
        p, r, dup, distinct = precision_recall(groups, kept_as)
        if args.verbose:
            misses(groups, kept_as)
        lines.append(f"| {name} | {len(samples)} | {dup} | {distinct} | {p:.3f} | {r:.3f} |")
    docs = documents() * 4
    plain, batched = signature_speed(docs, options, args.repeats)
    lines += ["", "| MinHash signatures (same documents, shingling included, one core) | docs/s |", "|---|---|",
              f"| plain loop: `MinHash(num_perm)` + `update` per shingle, per document | {plain:.0f} |",
              f"| `quality.minhash.signatures` (`MinHash.bulk`, batches of 256) | {batched:.0f} |", "",
              f"Ratio batched / plain: **{batched / plain:.2f}x** (target >= 2x) over {len(docs)} documents."]
    report("Dedup: precision/recall and MinHash speed", MODULE, lines, not args.no_record)


if __name__ == "__main__":
    main()
