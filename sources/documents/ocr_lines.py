"""OCR lines checked before they become a page's target: a garbled line is read again, and a page
whose garbled lines stay garbled is refused rather than written with nonsense in it.

An OCR engine can be confident and wrong: a clearly legible sentence came back as "Al e e et e s t e e
ero" at confidence 0.7. Such a line is letters scattered into one- and two-letter pieces; in a language
with a word list (`hyphens.word_list`), it is also mostly not words. A line that looks so is recognised
again from its own crop at twice the size (the recogniser alone, the box being known); if the second
reading passes (words, and most of the letters the first found), it replaces the first; if not, the
page is refused (``filtered:ocr_garbled``).
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from sources.common.ocr import OcrLine
from sources.documents.hyphens import word_list

_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_TOKENS = 5  # shorter lines (a label, a number, a name) say too little to judge
MAX_SCATTERED = 0.5  # share of one- and two-letter pieces above which a line is letters scattered
MIN_WORDS = 0.35  # share of listed words below which a line is no language (where a list exists)
_SHORT_WORDS = {"a", "i", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my",
                "no", "of", "on", "or", "so", "to", "up", "us", "we"}


def is_garbled(text: str, language: str | None = "en") -> bool:
    """Whether an OCR line reads as letters scattered rather than words (see the module's note)."""
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    if len(tokens) < MIN_TOKENS or not all(t.isascii() for t in tokens):  # judged on Latin letters only
        return False
    scattered = sum(len(t) <= 2 and t not in _SHORT_WORDS for t in tokens) / len(tokens)
    if scattered > MAX_SCATTERED:
        return True
    words = word_list(language) if language else frozenset()
    return bool(words) and sum(t in words for t in tokens) / len(tokens) < MIN_WORDS


def checked_lines(lines: list[OcrLine], pixels: np.ndarray, engine, language: str | None) -> tuple[list[OcrLine], str | None]:
    """``lines`` with each garbled one read again from its crop at twice the size; and the first line
    still garbled after that (None when every line reads as words). ``pixels``: (H, W, 3) uint8, the
    image the boxes are in."""
    out, failed = [], None
    for line in lines:
        if not is_garbled(line.text, language):
            out.append(line)
            continue
        again = engine.recognise(_crop(pixels, line.box, zoom=2.0))
        if _letters(again) >= 0.6 * _letters(line.text) and not is_garbled(again, language):
            out.append(dataclasses.replace(line, text=again.strip()))
        else:
            out.append(line)
            failed = failed or line.text
    return out, failed


def _letters(text: str) -> int:
    """Letters read: a second reading that finds far fewer than the first read nothing."""
    return sum(len(t) for t in _TOKEN.findall(text))


def _crop(pixels: np.ndarray, box: list[list[float]], zoom: float) -> np.ndarray:
    from PIL import Image

    xs, ys = [p[0] for p in box], [p[1] for p in box]
    height, width = pixels.shape[:2]
    x0, y0 = max(0, int(min(xs)) - 2), max(0, int(min(ys)) - 2)
    x1, y1 = min(width, int(max(xs)) + 3), min(height, int(max(ys)) + 3)
    crop = Image.fromarray(np.ascontiguousarray(pixels[y0:y1, x0:x1]))
    return np.asarray(crop.resize((max(1, int(crop.width * zoom)), max(1, int(crop.height * zoom))),
                                  Image.Resampling.LANCZOS))
