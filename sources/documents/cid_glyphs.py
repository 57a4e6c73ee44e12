"""Glyphs of a composite font the text layer gives as their CID, named by the font's own glyph names.

Where a composite (Type0) font's ``ToUnicode`` map leaves a glyph out, MuPDF's text layer (read with
``TEXT_CID_FOR_UNKNOWN_UNICODE``, as every reading here is) gives the glyph's CID as its character: with
``Identity-H`` the glyph's number in the font, which names no character at all. Under 32 it is a control code,
which `text_layer` places (`text_layer.UNNAMED`); from 32 on it reads as a letter or a mark. MuPDF's HTML engine
sets Thai in Noto Serif Thai, shaping a tone mark over a tall vowel as the positioned glyph ``uni0E48.small``
(glyph 45) that its map leaves out, and the target wrote "เพื-ออ่าน" for "เพื่ออ่าน". The text trace says which
glyph each character drew, and U+FFFD where MuPDF knows no character for it; that glyph is named here from the
embedded font: its glyph name ("uni0E48.small", "u1F600", "hyphen"), or the character whose glyph the font's
substitutions turn into it (a ligature of a mark and a tone mark, "nikhahit_maiEkthai", is both). One neither
names is U+FFFD, which the page's checks count as unreadable (`text_layer.unreadable`): never a letter it is not.
A simple font's stand-in is its own code, in most fonts the character in its standard place, and stays.
"""

from __future__ import annotations

import re

UNKNOWN = "\ufffd"
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_NOT_NAME = re.compile(r"[^A-Za-z0-9]")
_UNICODE_IS_CID = 128
_CONTROL = 0x20  # a stand-in under it is a control code, placed by `text_layer` as any unnamed code is


def with_cid_glyphs_named(page, text: dict, raw) -> dict:
    """``text`` (``page``'s ``get_text("dict")``) with each character a composite font's glyph stands in for by
    its CID named as the glyph is (see the module's note); ``raw()``: the page's `text_layer.raw_lines` (the
    characters' origins), read only where a span holds one. The same dict where there is none."""
    named = _traced(page) if _stand_in(text["blocks"]) else None
    if not named:
        return text
    lines = None

    def fixed(line: dict) -> dict:
        nonlocal lines
        if not any(_near(span, named) for span in line["spans"]):
            return line
        lines = raw() if lines is None else lines
        found = lines.get(_box_key(line["bbox"]))
        if found is None:
            return line
        chars = {_box_key(span["bbox"]): span["chars"] for span in found["spans"]}
        spans = []
        for span in line["spans"]:  # (the characters may be named already: `text_layer.raw_lines` names them)
            each = chars.get(_box_key(span["bbox"]))
            if each is not None and len(each) == len(span["text"]):
                span = {**span, "text": "".join(_named({**ch, "c": c}, named) for ch, c in zip(each, span["text"]))}
            spans.append(span)
        return {**line, "spans": spans}

    return {**text, "blocks": [block if block.get("type") == 1 else
                               {**block, "lines": [fixed(line) for line in block["lines"]]}
                               for block in text["blocks"]]}


def with_cid_glyph_chars(page, blocks: list[dict]) -> list[dict]:
    """``blocks`` (``page``'s ``get_text("rawdict")`` blocks: a table's cells read their characters) with each
    stand-in character named as `with_cid_glyphs_named` names a span's."""
    named = _traced(page) if _stand_in(blocks) else None
    if not named:
        return blocks
    return [block if block.get("type") == 1 else
            {**block, "lines": [{**line, "spans": [{**span, "chars": [{**ch, "c": _named(ch, named)}
                                                                      for ch in span["chars"]]}
                                                   for span in line["spans"]]} for line in block["lines"]]}
            for block in blocks]


def _stand_in(blocks: list[dict]) -> bool:
    """Whether a span of ``blocks`` (dict or rawdict) holds a CID given for a character (MuPDF's
    ``FZ_STEXT_UNICODE_IS_CID`` flag: a span's flags are its first character's, and MuPDF starts a span at a
    character whose flags its span lacks, so each such character's span has it): most pages read no trace."""
    return any(span.get("char_flags", 0) & _UNICODE_IS_CID for block in blocks for line in block.get("lines", ())
               for span in line["spans"])


def _named(ch: dict, named: dict[tuple, str]) -> str:
    """A rawdict character as its glyph names it where it is a stand-in (`_traced`: at its origin, its code the
    glyph's number, as with ``Identity-H``; a mark of no advance shares its origin with the next letter), else as
    it is."""
    name = named.get((_key(ch["origin"]), ord(ch["c"][:1] or "\0")))
    if name is None or ord(ch["c"][:1] or "\0") < _CONTROL and name == UNKNOWN:
        return ch["c"]
    return name


def _near(span: dict, named: dict[tuple, str]) -> bool:
    """Whether a named stand-in lies on ``span``'s baseline inside its box (a dict span gives one origin)."""
    x0, _, x1, _ = span["bbox"]
    y = round(span["origin"][1], 1)
    return any(origin[1] == y and x0 - 0.1 <= origin[0] <= x1 + 0.1 for origin, _ in named)


def _traced(page) -> dict[tuple, str]:
    """``{(origin, glyph) of a glyph of a composite font the trace names U+FFFD: what the glyph is}``: its character(s),
    or U+FFFD where the font does not say. Empty on a page without a composite font (most, read at no cost)."""
    kept = page.__dict__.get("_vlbuild_cid_glyphs")  # read once a page: the page's text and its tables' ask
    if kept is not None:
        return kept
    page.__dict__["_vlbuild_cid_glyphs"] = out = {}
    fonts = [xref for xref, _, kind, *_ in page.get_fonts() if kind == "Type0"]
    if not fonts:
        return out
    # the trace names a font as its embedded file does ("NotoSerifThai-Regular" for "Noto Serif Thai Regular")
    by_name = {_plain(name): xref for xref in fonts for name in _font_names_of(page.parent, xref)}
    for run in page.get_texttrace():
        xref = by_name.get(_plain(run.get("font", "")))
        if xref is None:
            continue
        for code, glyph, origin, _ in run["chars"]:
            if code == 0xFFFD:
                out[_key(origin), glyph] = _glyph_text(page.parent, xref, glyph) or UNKNOWN
    return out


def _plain(name: str) -> str:
    return _NOT_NAME.sub("", _SUBSET.sub("", name)).lower()


def _font_names_of(doc, xref: int) -> tuple[str, ...]:
    """Composite font ``xref``'s names: its BaseFont and the name its embedded file gives itself."""
    import pymupdf

    kept = doc.__dict__.setdefault("_vlbuild_font_names", {})  # a document's fonts, asked page by page
    if xref in kept:
        return kept[xref]
    names = [doc.xref_get_key(xref, "BaseFont")[1].lstrip("/").replace("#20", " ")]
    try:
        data = doc.extract_font(xref)[3]
        if data:
            names.append(pymupdf.Font(fontbuffer=data).name)
    except Exception:  # an embedded file MuPDF cannot load: the BaseFont alone
        pass
    kept[xref] = tuple(names)
    return kept[xref]


def _glyph_text(doc, xref: int, glyph: int) -> str:
    kept = doc.__dict__.setdefault("_vlbuild_glyph_texts", {})  # a document's few composite fonts
    if xref not in kept:
        kept[xref] = _glyph_texts(doc, xref)
    names = kept[xref]
    return names.get(glyph, "") if names is not None else ""


def _glyph_texts(doc, xref: int) -> dict[int, str] | None:
    """``{glyph: its text}`` for the embedded font of composite font ``xref``: from its glyph names, and for a
    glyph named none Unicode knows, from the characters the font's substitutions make it of. None where the
    font is not embedded or fontTools cannot read it."""
    import io

    from fontTools import agl
    from fontTools.ttLib import TTFont

    try:
        data = doc.extract_font(xref)[3]
        font = TTFont(io.BytesIO(data), lazy=True) if data else None
        order = font.getGlyphOrder() if font is not None else None
    except Exception:  # a font fontTools cannot parse (bare CFF, a broken table): nothing named
        return None
    if order is None:
        return None
    texts = {name: agl.toUnicode(name) for name in order}
    made = _made_of(font, {name: chr(code) for code, name in (font.getBestCmap() or {}).items()})
    return {glyph: texts[name] or made.get(name, "") for glyph, name in enumerate(order)}


def _made_of(font, cmap: dict[str, str]) -> dict[str, str]:
    """``{glyph name: text}`` for glyphs the font's GSUB single, alternate and ligature substitutions make of
    glyphs the character map names, followed two steps (a mark's narrow form, then its ligature)."""
    if "GSUB" not in font:
        return {}
    try:
        lookups = font["GSUB"].table.LookupList.Lookup if font["GSUB"].table.LookupList else []
    except Exception:
        return {}
    made = dict(cmap)
    for _ in range(2):
        for lookup in lookups:
            for table in lookup.SubTable:
                table = getattr(table, "ExtSubTable", table)  # an extension lookup wraps its table
                for source, target in getattr(table, "mapping", {}).items():  # single (a multiple's: lists)
                    if source in made and isinstance(target, str):
                        made.setdefault(target, made[source])
                for source, targets in getattr(table, "alternates", {}).items():
                    for target in targets if source in made else ():
                        made.setdefault(target, made[source])
                for first, ligatures in getattr(table, "ligatures", {}).items():
                    for ligature in ligatures:
                        parts = [first, *ligature.Component]
                        if all(part in made for part in parts):
                            made.setdefault(ligature.LigGlyph, "".join(made[part] for part in parts))
    return {name: text for name, text in made.items() if name not in cmap}


def _key(origin) -> tuple:
    return round(origin[0], 1), round(origin[1], 1)


def _box_key(bbox) -> tuple:
    return tuple(round(v, 2) for v in bbox)
