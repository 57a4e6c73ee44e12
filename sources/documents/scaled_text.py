"""Text scaled past reading: glyphs squeezed or stretched (horizontal scaling ``Tz``, a text matrix that scales x
and not y, or y and not x) until no reader reads them.

A sentence set at ``3 Tz`` is a grey smudge a few points wide on the page, and its text layer still holds every
letter (the target wrote "Squezed sentence nobody can read on the page", an 'e' lost where MuPDF merges two
glyphs drawn at almost one spot); at ``2000 Tz`` each letter is a bar ten times as wide as it is tall, and the
page shows four of them before its edge. Both are judged by the glyphs' own geometry, whatever their size:
- squeezed: the span advances under ``SQUEEZED`` of its glyphs' height a glyph (its box's width over the
  glyphs it holds; Helvetica at ``10 Tz`` advances 0.04, at ``20 Tz`` 0.08, still read in the page image),
  and under ``SQUEEZED_SIZE`` of its font size (MuPDF's size is the geometric mean of the two scales, so a
  font whose box MuPDF makes too tall is not taken for squeezed). The span's advance, not each glyph's box:
  glyphs piled onto one another by a tracking that far below zero are the same smudge. Real condensed fonts
  and tight display tracking advance 0.25 or more (Helvetica at 36 points, -6 ``Tc``: 0.27);
- stretched: the span's glyphs are ``STRETCHED`` times as wide as they are tall (the median of their own boxes,
  which MuPDF gives without the letter and word spacing: a line spread by ``Tw`` to fill its measure is no
  stretched text). Helvetica at ``600 Tz``, still read, is 2.4; the widest upright glyphs (an em dash, "W",
  an ideograph) under 1; a glyph squashed flat (a text matrix ``1 0 0 0.03``) is stretched too.
Three glyphs or more, so a lone thin glyph ("l" of a condensed font) or a wide one never decides.
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


def squeezed(span: dict) -> bool:
    """Whether a ``get_text("dict")`` span set left to right or right to left on a level baseline advances so
    little a glyph (`SQUEEZED`) that its text is a smudge on the page."""
    count = _glyphs(span["text"])
    if count < _MIN_GLYPHS:
        return False
    x0, y0, x1, y1 = span["bbox"]
    advance = (x1 - x0) / count
    return advance < SQUEEZED * (y1 - y0) and advance < SQUEEZED_SIZE * span["size"]


def may_be_stretched(span: dict) -> bool:
    """Whether a dict span spreads wide enough (its box over its glyphs) that its glyphs may be stretched: the
    cheap look before `stretched` reads their boxes."""
    count = _glyphs(span["text"])
    x0, y0, x1, y1 = span["bbox"]
    return count >= _MIN_GLYPHS and (x1 - x0) / count > STRETCHED * (y1 - y0)


def stretched(chars: list[dict], size: float) -> bool:
    """Whether the glyphs of a ``get_text("rawdict")`` span's ``chars`` (its font ``size``) are so much wider than
    tall (`STRETCHED`) that no reader reads them as letters."""
    # a box of no height (a Type3 font's that says none) tells nothing
    widths = [(ch["bbox"][2] - ch["bbox"][0], ch["bbox"][3] - ch["bbox"][1]) for ch in chars
              if _glyphs(ch["c"]) and ch["bbox"][3] > ch["bbox"][1]]
    if len(widths) < _MIN_GLYPHS:
        return False
    ratio = statistics.median(w / h for w, h in widths)
    return ratio > STRETCHED and statistics.median(w for w, _ in widths) > STRETCHED_SIZE * size
