"""The quality stage's settings, as dataclasses with named presets.

In a build config they sit under ``quality:``; every field has a default, so a config names
only what it changes::

    quality:
      preset: default                  # default | strict | off
      language: {keep: [en, zh, de]}
      dedup: {threshold: 0.8}
      quality_model: {path: models/quality.bin, min_score: 0.3}
      decontamination:
        benchmarks:
          - {name: chartqa, questions: [bench/chartqa_test.jsonl], images: [bench/chartqa_images/]}
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

TEXT_KINDS = ("text", "interleaved", "sft", "doc_ocr")
IMAGE_KINDS = ("caption", "chart", "scene_ocr", "web_code", "doc_ocr")
# Perceptual hashes see layout, not words: two different text pages of one template are a few bits
# apart (seen on the bundled PDFs), so pages and screenshots are near-deduplicated by their text.
PICTURE_KINDS = ("caption", "chart", "scene_ocr")


@dataclasses.dataclass(frozen=True)
class LanguageOptions:
    """fastText lid.176 on a text's prose (`quality.langid.prose`): texts of ``kinds`` whose top
    language is another than those in ``keep``, with at least ``min_score``, are dropped. A low score
    alone is no evidence of another language (English prose full of commands and package names scores
    en 0.4), so a text whose top language is kept stays whatever its score; texts under ``min_chars``
    are too short to judge and are kept. SFT is not judged by default: its turns are often code or
    formulas, which lid.176 reads as any language."""

    enabled: bool = True
    keep: tuple[str, ...] = ("en", "zh")
    min_score: float = 0.5
    min_chars: int = 40
    kinds: tuple[str, ...] = ("text", "interleaved", "caption")


@dataclasses.dataclass(frozen=True)
class HeuristicOptions:
    """Gopher/C4-style rules on the text of ``kinds`` (`quality.heuristics` says each rule's why).
    Word-based rules skip texts that are mostly CJK, where a "word" is one character."""

    enabled: bool = True
    kinds: tuple[str, ...] = ("text", "interleaved")
    min_words: int = 20
    max_words: int = 200_000
    min_mean_word_length: float = 2.5
    max_mean_word_length: float = 12.0
    max_symbol_ratio: float = 0.1
    max_digit_ratio: float = 0.35
    max_bullet_lines: float = 0.9
    max_ellipsis_lines: float = 0.3
    min_alpha_words: float = 0.7
    min_stop_words: int = 2
    max_repeated_lines: float = 0.3
    max_repeated_ngram_share: float = 0.2  # characters in the most repeated word 3-gram
    max_bad_characters: float = 0.01


@dataclasses.dataclass(frozen=True)
class QualityModelOptions:
    """A fastText classifier from ``python -m quality.train_classifier``: with a ``path``, texts of
    ``kinds`` scoring under ``min_score`` (probability of the positive label) are dropped."""

    path: str | None = None
    min_score: float = 0.5
    kinds: tuple[str, ...] = ("text", "interleaved")


@dataclasses.dataclass(frozen=True)
class ImageCheckOptions:
    """Every image of every sample: decodable, at least ``min_side``, aspect ratio within
    ``max_aspect``, not near-uniform (grey-level standard deviation at least ``min_std``).
    Sources already apply EXIF rotation, the decompression-bomb cap and a bounded side."""

    enabled: bool = True
    min_side: int = 32
    max_aspect: float = 6.0
    min_std: float = 2.0


@dataclasses.dataclass(frozen=True)
class PiiOptions:
    """Emails, phone numbers and IP addresses in the text of ``kinds`` become placeholders.
    Transcription kinds (doc_ocr, scene_ocr, web_code) are left alone: their text must match the pixels."""

    enabled: bool = True
    kinds: tuple[str, ...] = ("text", "interleaved", "caption", "sft")


@dataclasses.dataclass(frozen=True)
class DedupOptions:
    """Exact (normalised text, decoded pixels) and near duplicates (MinHash over word ``ngram``s with
    LSH at Jaccard ``threshold``; perceptual hashes within ``image_max_distance`` bits), resolved into
    clusters by connected components; the kept one per cluster is the highest quality score, then the
    longest text, then the most pixels, then the smallest key. Exact and near text apply to
    ``text_kinds``, exact pixels to ``image_kinds``, perceptual hashes to ``picture_kinds``; samples
    of different kinds made from one input (a screenshot's web_code and doc_ocr) are never duplicates."""

    exact: bool = True
    near_text: bool = True
    near_images: bool = True
    text_kinds: tuple[str, ...] = TEXT_KINDS
    image_kinds: tuple[str, ...] = IMAGE_KINDS
    picture_kinds: tuple[str, ...] = PICTURE_KINDS
    ngram: int = 5
    num_perm: int = 128
    threshold: float = 0.7
    min_words: int = 8  # shorter texts give no useful Jaccard estimate: exact dedup only
    image_hash_size: int = 8  # pHash side: 8 -> 64 bits
    image_max_distance: int = 7  # of 64 bits; distinct pictures in bench.dedup were 8+ apart
    # Candidate images share one of `image_lsh_tables` keys of `image_lsh_bits` random hash bits
    # (quality/image_lsh.py): a copy 2 bits away is found always, 4 bits 99.7%, 6 bits 79%.
    image_lsh_bits: int = 28
    image_lsh_tables: int = 64
    # A larger LSH bucket (a logo on thousands of pages) compares each member with the 64 before it
    # in key order: linear work, and a chain of copies still joins; such buckets are counted
    # (Beam counters dedup/capped_buckets, dedup/capped_members) and logged, never dropped silently.
    max_bucket: int = 64
    rounds: int = 4  # large-star/small-star rounds before the exact fallback for what did not converge

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1:
            raise ValueError("dedup threshold must be in (0, 1]")
        if not 0 < self.image_lsh_bits < self.image_hash_size ** 2:
            raise ValueError("image_lsh_bits must be fewer than the image hash's bits")
        if self.image_lsh_tables < 1 or self.max_bucket < 1:
            raise ValueError("image_lsh_tables and max_bucket must be at least 1")


@dataclasses.dataclass(frozen=True)
class Benchmark:
    """A benchmark to keep out of the training data: question files (JSONL/JSON/Parquet/CSV rows
    with ``text_field``, or plain text one per line) and image files or folders."""

    name: str
    questions: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    text_field: str = "question"


@dataclasses.dataclass(frozen=True)
class DecontaminationOptions:
    """A sample is contaminated when it holds at least ``min_containment`` of a benchmark question's
    word ``ngram``s, or an image within ``image_max_distance`` bits of a benchmark image."""

    benchmarks: tuple[Benchmark, ...] = ()
    ngram: int = 8
    min_containment: float = 0.8
    image_max_distance: int = 6


@dataclasses.dataclass(frozen=True)
class QualityConfig:
    enabled: bool = True
    language: LanguageOptions = LanguageOptions()
    heuristics: HeuristicOptions = HeuristicOptions()
    quality_model: QualityModelOptions = QualityModelOptions()
    images: ImageCheckOptions = ImageCheckOptions()
    pii: PiiOptions = PiiOptions()
    dedup: DedupOptions = DedupOptions()
    decontamination: DecontaminationOptions = DecontaminationOptions()

    @classmethod
    def from_name(cls, name: str) -> "QualityConfig":
        """``default``: every filter and dedup on; ``strict``: tighter thresholds (near-dup Jaccard
        0.6, English/Chinese at 0.65, 50+ words); ``off``: nothing is filtered or deduplicated
        beyond exact sample keys."""
        if name == "default":
            return cls()
        if name == "strict":
            return cls(language=LanguageOptions(min_score=0.65), heuristics=HeuristicOptions(min_words=50),
                       dedup=DedupOptions(threshold=0.6, image_max_distance=9))
        if name == "off":
            return cls(enabled=False)
        raise ValueError(f"unknown quality preset {name!r}; known: ['default', 'strict', 'off']")

    def with_paths_under(self, resolve) -> "QualityConfig":
        """The same settings with every file path passed through ``resolve`` (config-relative paths)."""
        model = self.quality_model
        benchmarks = tuple(dataclasses.replace(b, questions=tuple(map(resolve, b.questions)),
                                               images=tuple(map(resolve, b.images)))
                           for b in self.decontamination.benchmarks)
        return dataclasses.replace(
            self, quality_model=dataclasses.replace(model, path=resolve(model.path) if model.path else None),
            decontamination=dataclasses.replace(self.decontamination, benchmarks=benchmarks))

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "QualityConfig":
        data = dict(data or {})
        base = cls.from_name(data.pop("preset", "default"))
        return _merged(base, data)


def _merged(base: Any, changes: dict[str, Any]) -> Any:
    """``base`` with ``changes`` laid over it: nested dataclasses merge, lists become tuples,
    and an unknown name is an error that names the ones known."""
    hints = typing.get_type_hints(type(base))
    known = {f.name for f in dataclasses.fields(base)}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise ValueError(f"unknown {type(base).__name__} setting(s) {unknown}; known: {sorted(known)}")
    values = {}
    for name, value in changes.items():
        current = getattr(base, name)
        if dataclasses.is_dataclass(current) and isinstance(value, dict):
            value = _merged(current, value)
        elif name == "benchmarks":
            value = tuple(_merged(Benchmark(name=b["name"]), {k: v for k, v in b.items() if k != "name"})
                          for b in value)
        elif isinstance(value, (list, str)) and "tuple" in str(hints[name]):
            value = tuple([value] if isinstance(value, str) else value)
        values[name] = value
    return dataclasses.replace(base, **values)
