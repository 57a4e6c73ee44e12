"""Text scaled past reading: glyphs squeezed or stretched (horizontal scaling ``Tz``, a text matrix that scales x
and not y, or y and not x) until no reader reads them.

A sentence set at ``3 Tz`` is a grey smudge a few points wide on the page, and its text layer still holds every
letter (the target wrote "Squezed sentence nobody can read on the page", an 'e' lost where MuPDF merges two
glyphs drawn at almost one spot); at ``2000 Tz`` each letter is a bar ten times as wide as it is tall, and the
page shows four of them before its edge. Both are judged by the glyphs' own boxes (the median of a span's;
MuPDF gives a glyph's box without the letter and word spacing, so a line spread by ``Tw`` or tracked tight is
judged by its letters), whatever their size:
- squeezed: under ``SQUEEZED`` of their height wide (Helvetica at ``10 Tz``: 0.04; at ``20 Tz``, 0.08, still
  read in the page image; a condensed font's letters 0.25 or more, its "l" about 0.1), and under
  ``SQUEEZED_SIZE`` of the font size (MuPDF's size is the geometric mean of the two scales, so a font whose box
  MuPDF makes too tall is not taken for squeezed);
- stretched: over ``STRETCHED`` times as wide as tall (Helvetica at ``600 Tz``, still read, is 2.4; the widest
  upright glyphs, an em dash, "W", an ideograph, under 1; a glyph squashed flat by a text matrix ``1 0 0 0.03``
  is stretched too), and over ``STRETCHED_SIZE`` times the font size.
Only a span whose own box says so (`may_be_scaled`) has its glyphs' boxes read; a column of glyphs MuPDF reads
as one line (TeX's vertical dots, a big bracket's pieces) advances as little as squeezed text, its glyphs of
their usual shape. Three glyphs or more, so a lone thin or wide glyph never decides.
"""

from __future__ import annotations

import statistics
import unicodedata

SQUEEZED = 0.06
SQUEEZED_SIZE = 0.2
STRETCHED = 4.0
STRETCHED_SIZE = 1.2  # the glyph's width over the font size as well (Helvetica at 2000 Tz: 2.5)
_MIN_GLYPHS = 3


def _glyphs(text: str) -> int:
    """How many of ``text``'s characters advance the pen: not spaces, combining marks (a vowel sign sits over
    its letter) or format characters."""
    return sum(1 for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Mn", "Me", "Cf"))


def may_be_scaled(span: dict) -> bool:
    """Whether a ``get_text("dict")`` span set on a level baseline advances so little or so much a glyph (its box's
    width over its glyphs, against its height) that its glyphs may be squeezed or stretched: the cheap look
    before `scaled` reads their boxes. A column of glyphs MuPDF reads as one line (TeX's vertical dots, three
    periods one over another; a big bracket's pieces) advances as little, its glyphs of their usual shape."""
    x0, y0, x1, y1 = span["bbox"]
    text = span["text"]
    # at least as wide a glyph as its characters would make it, at most a third of its box: the usual span
    # is decided before its characters are looked up (2% of a page's reading went to the count)
    if len(text) < _MIN_GLYPHS or ((x1 - x0) / len(text) >= min(SQUEEZED * (y1 - y0), SQUEEZED_SIZE * span["size"])
                                   and (x1 - x0) / _MIN_GLYPHS <= STRETCHED * (y1 - y0)):
        return False
    count = _glyphs(text)
    if count < _MIN_GLYPHS:
        return False
    advance = (x1 - x0) / count
    return advance < SQUEEZED * (y1 - y0) and advance < SQUEEZED_SIZE * span["size"] or advance > STRETCHED * (y1 - y0)


def scaled(chars: list[dict], size: float) -> bool:
    """Whether the glyphs of a ``get_text("rawdict")`` span's ``chars`` (its font ``size``) are squeezed or
    stretched past reading: the median of their own boxes (which MuPDF gives without the letter and word
    spacing) under `SQUEEZED` of its height wide and under `SQUEEZED_SIZE` of the font size, or over
    `STRETCHED` times its height and `STRETCHED_SIZE` times the font size."""
    # a box of no height (a Type3 font's that says none) tells nothing
    boxes = [(ch["bbox"][2] - ch["bbox"][0], ch["bbox"][3] - ch["bbox"][1]) for ch in chars
             if _glyphs(ch["c"]) and ch["bbox"][3] > ch["bbox"][1]]
    if len(boxes) < _MIN_GLYPHS:
        return False
    ratio, width = statistics.median(w / h for w, h in boxes), statistics.median(w for w, _ in boxes)
    return ratio < SQUEEZED and width < SQUEEZED_SIZE * size or ratio > STRETCHED and width > STRETCHED_SIZE * size
