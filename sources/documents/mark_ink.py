"""Which letter each combining mark of a line is set on, from where the content stream drew it and its font's ink.

MuPDF's characters give a combining mark (a Hebrew vowel point, an Arabic haraka) a box of no width at the end of
the glyph drawn before it, not where the mark was drawn: a shaper hands a right-to-left run over left to right,
each letter's marks before it (HarfBuzz, which XeLaTeX and LibreOffice use), so the box stood on the edge of the
letter left of the mark's own, and reledmac's pointed Hebrew came out with each point on the next letter
("אלֱֹהיִם" for "אֱלֹהִים"). The text trace keeps the origin each glyph was drawn at, and the embedded font the
glyph's outline, whose horizontal extent (a mark's ink lies left or right of its origin as its font designs it)
says over which letter the mark stands; where it stands over two letters or none, the order drawn decides.
"""

from __future__ import annotations

import re
import unicodedata

# a character MuPDF reads from fonts that set Biblical Hebrew (Ezra SIL under XeLaTeX) that no source held: it
# draws nothing and only blocks the canonical reordering of marks, so lines are read without it
GRAPHEME_JOINER = "\u034f"
# Hebrew's holam (and the holam of a vav) is set at its letter's upper left, and past it over the letter read
# next where its letter is narrow (Ezra SIL's "וַיֹּאמֶר" has the yod's holam over the alef): ems it may stand
# left of its letter's box
_UPPER_LEFT = frozenset("\u05b9\u05ba")
UPPER_LEFT_REACH = 0.2
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_NOT_NAME = re.compile(r"[^A-Za-z0-9]")


def drawn_glyphs(page) -> list[tuple[str, float, float, float | None]]:
    """``[(character, origin x, baseline, ink x)]``: each character drawn upright on ``page``, in the order
    drawn; ink x, for a combining mark alone, is the middle of its ink across (None where its font cannot be
    read: not embedded, an outline fontTools does not know). Read once a page, where a line holds a mark."""
    kept = page.__dict__.get("_vlbuild_drawn_glyphs")
    if kept is not None:
        return kept
    out: list[tuple[str, float, float, float | None]] = []
    by_name = None
    for run in page.get_texttrace():
        if run.get("wmode") or abs(run["dir"][1]) > 0.02 or run["dir"][0] <= 0:
            continue  # upright lines alone are put in reading order by their characters
        drawn = None  # the glyph last drawn and its origin: a glyph of -1 is a character of the glyph before
        for code, glyph, origin, _ in run["chars"]:
            if glyph >= 0:
                drawn = glyph, origin
            if not _mark(chr(code)):
                out.append((chr(code), origin[0], origin[1], None))
                continue
            if by_name is None:
                by_name = _fonts_by_name(page)
            extent = None if drawn is None else _glyph_extent(
                page.parent, _font_of(by_name, run.get("font", "")), drawn[0])
            middle = None if extent is None else (
                drawn[1][0] + (extent[0] + extent[1]) / 2 * run["size"] * run["dir"][0])
            out.append((chr(code), origin[0], origin[1], middle))
    page.__dict__["_vlbuild_drawn_glyphs"] = out
    return out


def _font_of(by_name: dict[str, int], name: str) -> int | None:
    """The xref of the font the trace calls ``name``: its name as the page gives it, or the one page font whose
    name starts so ("DejaVuSans" for "DejaVu Sans Book")."""
    name = _plain(name)
    if name in by_name:
        return by_name[name]
    found = {xref for known, xref in by_name.items() if name and known.startswith(name)}
    return found.pop() if len(found) == 1 else None


Unit = tuple[dict, float, list[str]]  # a rawdict character, its font size, the marks set on it


def letters_with_marks(chars: list[tuple[dict, float]], page, reach: float) -> list[Unit] | None:
    """``chars`` (a line's rawdict characters with their font sizes, marks among them) as ``(character, size,
    marks)``: each character but the marks, a letter with the marks whose ink stands over its box (within
    ``reach`` ems), as the content stream drew them (`drawn_glyphs`). A mark whose ink stands over two letters or
    none (a holam at its letter's upper left reaches the next; an accent between letters) goes to the letter
    drawn next to it on the side where the line's other marks have theirs: a shaper that hands a right-to-left
    run over left to right draws a letter's marks before it, a PDF in reading order after it. None where the line
    holds no mark, where the trace does not give each of its marks with its ink, or where a mark's letter is not
    known so."""
    marks = sorted(ch["c"] for ch, _ in chars if _mark(ch["c"]))
    if not marks:
        return None
    size = max(size for _, size in chars)
    y = chars[0][0]["origin"][1]
    x0, x1 = min(ch["bbox"][0] for ch, _ in chars) - size, max(ch["bbox"][2] for ch, _ in chars) + size
    drawn = [(c, at, ink) for c, at, baseline, ink in drawn_glyphs(page)
             if c != GRAPHEME_JOINER and abs(baseline - y) < 0.1 * size and x0 <= at <= x1]
    if sorted(c for c, _, _ in drawn if _mark(c)) != marks or any(ink is None for c, _, ink in drawn if _mark(c)):
        return None
    units = [(ch, size, []) for ch, size in chars if not _mark(ch["c"])]
    letters = [unit for unit in units if unit[0]["c"] != " "]
    by_place = {(unit[0]["c"], round(unit[0]["origin"][0], 1)): unit for unit in letters}
    placed = []  # each mark, the letters its ink stands over, and the letters drawn before and after it
    after_theirs = before_theirs = 0  # marks over one letter drawn after it, and before it
    for k, (c, _, ink) in enumerate(drawn):
        if not _mark(c):
            continue
        left = UPPER_LEFT_REACH if c in _UPPER_LEFT else reach
        near = [unit for unit in letters
                if unit[0]["bbox"][0] - left * size <= ink <= unit[0]["bbox"][2] + reach * size]
        before = next((by_place.get((d, round(at, 1))) for d, at, _ in reversed(drawn[:k]) if not _mark(d)), None)
        after = next((by_place.get((d, round(at, 1))) for d, at, _ in drawn[k + 1:] if not _mark(d)), None)
        after_theirs += len(near) == 1 and near[0] is before
        before_theirs += len(near) == 1 and near[0] is after
        placed.append((c, near, before, after))
    for c, near, before, after in placed:
        letter = near[0] if len(near) == 1 else (before if after_theirs >= before_theirs else after)
        if letter is None or near and letter not in near:
            return None
        letter[2].append(c)
    return units


def _mark(c: str) -> bool:
    return unicodedata.category(c) in ("Mn", "Me")


def _plain(name: str) -> str:
    return _NOT_NAME.sub("", _SUBSET.sub("", name)).lower()


def _fonts_by_name(page) -> dict[str, int]:
    """``{plain name: xref}`` for ``page``'s fonts, by the names the trace may give (its BaseFont, or the name its
    embedded file gives itself: "NotoSerifHebrew-Regular" for "Noto Serif Hebrew Regular")."""
    import pymupdf

    out = {}
    for xref, _, _, base, *_ in page.get_fonts():
        out[_plain(base)] = xref
        try:
            data = page.parent.extract_font(xref)[3]
            if data:
                out.setdefault(_plain(pymupdf.Font(fontbuffer=data).name), xref)
        except Exception:  # an embedded file MuPDF cannot load: its BaseFont alone
            pass
    return out


def _glyph_extent(doc, xref: int | None, glyph: int) -> tuple[float, float] | None:
    """Glyph ``glyph``'s ink across, in ems from its origin, in embedded font ``xref``; None where it is not known."""
    if xref is None:
        return None
    kept = doc.__dict__.setdefault("_vlbuild_glyph_outlines", {})  # a document's few fonts with marks
    if xref not in kept:
        kept[xref] = _outlines(doc, xref)
    outlines = kept[xref]
    if outlines is None:
        return None
    glyphs, order, per_em, extents = outlines
    if glyph not in extents:
        extents[glyph] = None
        if 0 <= glyph < len(order):
            from fontTools.pens.boundsPen import BoundsPen

            pen = BoundsPen(glyphs)
            try:
                glyphs[order[glyph]].draw(pen)
            except Exception:  # an outline fontTools cannot draw
                pen.bounds = None
            if pen.bounds is not None:
                extents[glyph] = (pen.bounds[0] / per_em, pen.bounds[2] / per_em)
    return extents[glyph]


def _outlines(doc, xref: int):
    import io

    from fontTools.ttLib import TTFont

    try:
        data = doc.extract_font(xref)[3]
        font = TTFont(io.BytesIO(data)) if data else None
        if font is None:
            return None
        return font.getGlyphSet(), font.getGlyphOrder(), font["head"].unitsPerEm, {}
    except Exception:  # a bare CFF, a broken table: where its marks stand is not known
        return None
