"""Benchmark decontamination: an index of a benchmark's questions (word n-grams) and images
(perceptual hashes), and the check of one sample against it.

Benchmarks are small next to training data (thousands of items), so each worker holds the
whole index in memory, loaded once; the training data itself is never gathered.
"""

from __future__ import annotations

import io
import os
from collections import Counter, defaultdict

import numpy as np
from apache_beam.io.filesystems import FileSystems
from PIL import Image

from quality import image_hash
from quality.config import Benchmark, DecontaminationOptions
from quality.text import ngrams, tokens
from sources.common.files import read_bytes

MIN_QUESTION_WORDS = 6  # shorter questions ("What is shown?") would match ordinary prose
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff")


def _paths(pattern: str, suffixes: tuple[str, ...] | None = None) -> list[str]:
    if not any(c in pattern for c in "*?[") and (pattern.endswith("/") or os.path.isdir(pattern)):
        pattern = pattern.rstrip("/") + "/**"
    found = [m.path for r in FileSystems.match([pattern]) for m in r.metadata_list]
    if not found:
        raise FileNotFoundError(f"benchmark path {pattern} matches no files")
    return sorted(p for p in found if suffixes is None or p.lower().endswith(suffixes))


def read_questions(path: str, field: str) -> list[str]:
    """The question texts of one file: rows with ``field`` in any table format the chart source reads
    (JSONL, JSON, CSV/TSV, Parquet...), or plain text with one question per line."""
    from sources.common.tables import TABLE_EXTENSIONS, read_arrow

    data, lower = read_bytes(path), path.lower()
    if not lower.endswith(TABLE_EXTENSIONS) or lower.endswith(".xlsx"):
        return [line.strip() for line in data.decode("utf-8").splitlines() if line.strip()]
    return [str(row[field]) for row in read_arrow(data, lower).to_pylist() if row.get(field)]


class BenchmarkIndex:
    """Every benchmark's question n-grams and image hashes, to test samples against."""

    def __init__(self, options: DecontaminationOptions, hash_size: int = 8):
        self.options, self.hash_size = options, hash_size
        self.grams: dict[tuple[int, str], list[int]] = defaultdict(list)  # (length, n-gram) -> items
        self.items: list[tuple[str, int, str]] = []  # (benchmark, n-grams in the item, question)
        self.hashes: list[np.ndarray] = []
        self.image_names: list[tuple[str, str]] = []  # (benchmark, file) per row of hashes
        for bench in options.benchmarks:
            self._add(bench)
        self.lengths = sorted({length for length, _ in self.grams})
        self.matrix = np.stack(self.hashes) if self.hashes else None

    def _add(self, bench: Benchmark) -> None:
        for path in bench.questions:
            for file in _paths(path):
                for question in read_questions(file, bench.text_field):
                    words = tokens(question)
                    if len(words) < MIN_QUESTION_WORDS:
                        continue
                    n = min(self.options.ngram, len(words))
                    grams = set(ngrams(words, n))
                    for gram in grams:
                        self.grams[(n, gram)].append(len(self.items))
                    self.items.append((bench.name, len(grams), question))
        for path in bench.images:
            for file in _paths(path, IMAGE_SUFFIXES):
                with Image.open(io.BytesIO(read_bytes(file))) as image:
                    for view in image_hash.phashes(image, self.hash_size):
                        self.hashes.append(image_hash.bits(view))
                        self.image_names.append((bench.name, file))

    def __len__(self) -> int:
        return len(self.items) + len(set(self.image_names))

    def match_text(self, text: str) -> tuple[str, str] | None:
        """(benchmark, what matched) when ``text`` holds most of a benchmark question."""
        if not self.items or not text:
            return None
        words = tokens(text)
        hits: Counter = Counter()
        for n in self.lengths:
            for gram in set(ngrams(words, n)) if len(words) >= n else ():
                hits.update(self.grams.get((n, gram), ()))
        for item, count in hits.most_common(3):
            name, size, question = self.items[item]
            if count >= self.options.min_containment * size:
                return name, f"holds {count}/{size} n-grams of question {question[:120]!r}"
        return None

    def match_image(self, views: list[str]) -> tuple[str, str] | None:
        """(benchmark, what matched) when an image (its views' hashes) is near a benchmark image's view."""
        if self.matrix is None:
            return None
        distances = np.min([np.count_nonzero(self.matrix != image_hash.bits(v), axis=1) for v in views], axis=0)
        best = int(distances.argmin())
        if distances[best] <= self.options.image_max_distance:
            name, file = self.image_names[best]
            return name, f"image {distances[best]} bits from {file}"
        return None
