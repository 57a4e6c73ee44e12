"""OCR lines checked before they become a page's target: a garbled or unsure line is read again, and
a page with a line that stays garbled, or a hole in its text, is refused rather than written with
nonsense in it or words missing.

An OCR engine can be confident and wrong: a clearly legible sentence came back as "Al e e et e s t e e
ero" at confidence 0.7. Such a line is letters scattered into one- and two-letter pieces; in a language
with a word list (`hyphens.word_list`), it is also mostly not words. A line that looks so is recognised
again from its own crop at twice the size (the recogniser alone, the box being known); if the second
reading passes (words, and most of the letters the first found), it replaces the first; if not, the
page is refused (``filtered:ocr_garbled``). Lines under the confidence threshold are read again too:
dropped, they left holes (117 words lost in runs of 8 or more on 14 scanned pages, issue 19).
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from sources.common.ocr import OcrLine, box_extent, character_error_rate, line_crop, recognise_many
from sources.documents.hyphens import word_list

_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_TOKENS = 5  # shorter lines (a label, a number, a name) say too little to judge
MAX_SCATTERED = 0.5  # share of one- and two-letter pieces above which a line is letters scattered
_CODE_MARKS = set("()[]{}=<>\"")
AGREED = 0.2  # character error rate between two readings of a line under which they agree
MIN_WORDS = 0.2  # share of listed words below which a line is no language (where a list exists; code has few)
BESIDE = 4  # line heights between two pieces of one row at most: a table's cells (a wide gutter: 2)
_SHORT_WORDS = {"a", "i", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my",
                "no", "of", "on", "or", "so", "to", "up", "us", "we"}


def is_garbled(text: str, language: str | None = "en") -> bool:
    """Whether an OCR line reads as letters scattered rather than words (see the module's note)."""
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    if len(tokens) < MIN_TOKENS or not all(t.isascii() for t in tokens):  # judged on Latin letters only
        return False
    # scattered pieces stand alone between spaces: in code the short names sit among operators and
    # brackets ('print(f"X={x}, Y={y}")', 'case Point(x=0, y=y):' refused three scanned pages of Python's
    # tutorial when counted by letter runs)
    chunks = text.split()
    scattered = sum(_scattered(chunk) for chunk in chunks) / len(chunks)
    if scattered > MAX_SCATTERED:
        return True
    words = word_list(language) if language else frozenset()
    judged = [t for t in tokens if len(t) >= 3]  # the lists leave out shorter words (and code has x, y, i)
    return bool(words) and len(judged) >= 3 and sum(t in words for t in judged) / len(judged) < MIN_WORDS


def _scattered(chunk: str) -> bool:
    """Whether a space-separated chunk is a scattered piece: one or two letters, with no code punctuation
    (specks read as "l'", ",|", "r:" are pieces; "x=0," and "(x1," are code)."""
    letters = "".join(c for c in chunk if c.isalpha()).lower()
    return 1 <= len(letters) <= 2 and letters not in _SHORT_WORDS and not set(chunk) & _CODE_MARKS


def checked_lines(lines: list[OcrLine], pixels: np.ndarray, engine, language: str | None,
                  min_confidence: float, second=None) -> tuple[list[OcrLine], int, str | None]:
    """The lines to keep, each doubtful one read again; how many were left out; and the text of the
    first line that leaves a hole (None when there is none). ``pixels``: (H, W, 3) uint8, the image
    the boxes are in.

    Doubtful: garbled (`is_garbled`), or under ``min_confidence``. It is recognised again from its own
    crop at twice the size (the recogniser alone: a line the detector boxed badly reads cleanly from its
    padded box, as one of Python's documentation pages did, "o t s e t i t t eiy" at 0.60 becoming the
    whole sentence at 0.99). Of the two readings, the more confident one that reads as words and finds
    most of the letters the other found is kept; under the threshold too where it stands between lines
    of text: words read with some doubt are a better target than a hole, and so are two readings that
    agree (within ``AGREED``) and are not letters scattered. Where neither does, a garbled line is a hole; so is an unsure one
    between lines of text (lines above and below, a line height or two away, across the same columns)
    or beside one on its row (a table's cell, `_beside_lines`): left out, its paragraph would run on
    without it, its row a cell short (unless it reads two letters or fewer: Tesseract reads specks
    between lines as "a |"). An unsure line on its own is left out where neither reading looks like
    words (`wordy`: a speck read "o t s e"), and is a hole where one does (a heading read unsure), unless
    ``second`` (the other engine, or None) reads its crop as words at ``min_confidence`` that agree with
    one of the two readings (within ``AGREED``): that reading is kept. Two engines agreeing are a reading to
    trust for a line nothing around it vouches for; the scan engine's second reading, off the same pixels,
    may repeat its misread; and a lone heading read unsure refused its page where the other engine read it
    cleanly."""
    out, dropped, failed = [], 0, None
    garbled_at = [is_garbled(line.text, language) for line in lines]
    doubtful = [i for i, line in enumerate(lines) if line.confidence < min_confidence or garbled_at[i]]
    crops = {i: line_crop(pixels, lines[i].box, zoom=2.0) for i in doubtful}
    readings = dict(zip(doubtful, recognise_many(engine, list(crops.values()))))
    for position, line in enumerate(lines):
        garbled = garbled_at[position]
        if position not in readings:
            out.append(line)
            continue
        text, confidence = readings[position]
        again = dataclasses.replace(line, text=text.strip(), confidence=confidence, word_widths=None)
        between = _between_lines(lines, position, min_confidence) or _beside_lines(lines, position, min_confidence)
        # two readings that agree are a reading to trust between lines of text, if not letters scattered:
        # Tesseract reads code unsure ('X=xX, y=0):' at 0.49, the same again from its crop), and a page of
        # code lines was refused for the holes they left
        agreed = bool(again.text) and character_error_rate(line.text, again.text) <= AGREED and not any(
            _scattered(chunk) for chunk in again.text.split())
        readable = [ln for ln in (again, line) if ln.text and not is_garbled(ln.text, language)
                    and _letters(ln.text) >= 0.6 * max(_letters(line.text), _letters(again.text))
                    and (ln.confidence >= min_confidence or (between and (wordy(ln.text) or agreed)))]
        if readable:
            out.append(max(readable, key=lambda ln: ln.confidence))
        # a lone line that reads as words, read alike and surely by the other engine: a line nothing around
        # it vouches for, that two engines agree on
        elif not garbled and not between and (wordy(line.text) or wordy(again.text)) and (
                confirmed := _confirmed(second, crops[position], line, again, min_confidence)) is not None:
            out.append(confirmed)
        # two letters or fewer between lines: a speck ("a |"); on its own, a line that reads as words in
        # neither reading: a speck too ("o t s e"). One that does is a line, unread: a scanned contents
        # page's heading "Contents", read "‘Sontents" at 0.28, was left out of the page unseen
        elif garbled or (between and _letters(line.text) >= 3) or wordy(line.text) or wordy(again.text):
            out.append(line)
            failed = failed or line.text
        else:
            dropped += 1
    return out, dropped, failed


def _confirmed(second, crop: np.ndarray, line: OcrLine, again: OcrLine, min_confidence: float) -> OcrLine | None:
    """``line`` as ``second`` (an engine, or None) reads ``crop`` (its crop at twice the size), where that reading is
    sure (``min_confidence``), looks like words and agrees (within ``AGREED``) with ``line``'s text or
    ``again``'s (the scan engine's two readings); else None."""
    if second is None:
        return None
    text, confidence = second.recognise(crop)
    text = text.strip()
    if confidence < min_confidence or not wordy(text) or not any(
            ln.text and character_error_rate(ln.text, text) <= AGREED for ln in (line, again)):
        return None
    return dataclasses.replace(line, text=text, confidence=confidence, word_widths=None)


def wordy(text: str) -> bool:
    """Whether an unsure reading looks like words at all: one of three letters or more, and not mostly
    one- and two-letter pieces (too short a line for `is_garbled` to judge, "o t s e", is no words)."""
    tokens = _TOKEN.findall(text)
    return (any(len(t) >= 3 for t in tokens)
            and sum(len(t) <= 2 and t.lower() not in _SHORT_WORDS for t in tokens) <= 0.5 * len(tokens))


def _between_lines(lines: list[OcrLine], position: int, min_confidence: float) -> bool:
    """Whether confident lines stand right above and right below line ``position``, across it."""
    x0, y0, x1, y1 = box_extent(lines[position].box)
    height = y1 - y0
    above = below = False
    for other in lines:
        if other is lines[position] or other.confidence < min_confidence:
            continue
        ox0, oy0, ox1, oy1 = box_extent(other.box)
        if min(x1, ox1) - max(x0, ox0) < 0.5 * min(x1 - x0, ox1 - ox0):
            continue
        above = above or 0 <= y0 - oy1 < 2 * height
        below = below or 0 <= oy0 - y1 < 2 * height
    return above and below


def _beside_lines(lines: list[OcrLine], position: int, min_confidence: float) -> bool:
    """Whether a confident line stands on line ``position``'s row, within `BESIDE` of its heights: a
    table's cell among the row's other cells (a ruled table's head "Price Total", read unsure at the top
    of a table whose rows below were unsure too, was left out and the table written without two heads)."""
    x0, y0, x1, y1 = box_extent(lines[position].box)
    height = y1 - y0
    for other in lines:
        if other is lines[position] or other.confidence < min_confidence:
            continue
        ox0, oy0, ox1, oy1 = box_extent(other.box)
        if min(y1, oy1) - max(y0, oy0) >= 0.5 * min(height, oy1 - oy0) and max(ox0 - x1, x0 - ox1) < BESIDE * height:
            return True
    return False


def _letters(text: str) -> int:
    """Letters read: a second reading that finds far fewer than the first read nothing."""
    return sum(len(t) for t in _TOKEN.findall(text))

