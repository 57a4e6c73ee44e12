"""ZapfDingbats glyphs the text layer misnames, named by the glyph MuPDF draws.

ZapfDingbats is one of PDF's 14 standard fonts, rarely embedded: FPDF, ReportLab and PyMuPDF itself set list
bullets, check marks and the ticks of checked form fields (their appearance streams) in it without a
``ToUnicode`` map. Its glyph names (``a1`` .. ``a191``) are none Unicode's glyph list knows, so MuPDF's text
layer gives a stand-in code: the bullet ``l`` (``a71``, a black circle) came out "G", a checkbox's tick "3",
check marks as control codes, and the page was written "|G|Bring a packed lunch|" or "Approved: 3" (PyMuPDF
#3739, pdf.js #5251). MuPDF draws these glyphs from its own copy of the font, and its text trace says which
glyph each character drew: that glyph's Unicode code point in the same font's character map is what the page
shows. A glyph is named so only where its traced advance matches that glyph's (an embedded ZapfDingbats
whose glyphs are in another order is left as the layer says, and its stand-ins are then judged as any
unnamed glyph is: `text_layer.visible`).
"""

from __future__ import annotations

import functools

FONT = "ZapfDingbats"
# the layer's stand-ins are ASCII, Latin-1 or control codes; every glyph of the font is a symbol past them
_STAND_IN_BELOW = 0x2000


def with_dingbats_named(page, text: dict) -> dict:
    """``text`` (``page``'s ``get_text("dict")``) with each ZapfDingbats span's stand-in codes replaced by
    the symbols its glyphs draw (see the module's note); the same dict where there is none to name."""
    if not any(_misnamed(span) for block in text["blocks"] for line in block.get("lines", ())
               for span in line["spans"]):
        return text
    named = _traced(page)
    if not named:
        return text

    def fixed(span: dict) -> dict:
        if not _misnamed(span):
            return span
        symbols = named.get(_key(span["origin"]))
        if symbols is None or len(symbols) < len(span["text"]):
            return span
        return {**span, "text": "".join(symbol if ord(ch) < _STAND_IN_BELOW and ch != " " else ch
                                        for ch, symbol in zip(span["text"], symbols))}

    return {**text, "blocks": [block if block.get("type") == 1 else
                               {**block, "lines": [{**line, "spans": [fixed(span) for span in line["spans"]]}
                                                   for line in block["lines"]]}
                               for block in text["blocks"]]}


def with_dingbats_chars(page, blocks: list[dict]) -> list[dict]:
    """``blocks`` (``page``'s ``get_text("rawdict")`` blocks: a table's cells read their characters) with each
    ZapfDingbats stand-in character named as `with_dingbats_named` names a span's, glyph by glyph."""
    if not any(_misnamed_chars(span) for block in blocks for line in block.get("lines", ()) for span in line["spans"]):
        return blocks
    named = _traced(page, each=True)

    def fixed(span: dict) -> dict:
        if not _misnamed_chars(span):
            return span
        return {**span, "chars": [{**ch, "c": named.get(_key(ch["origin"]), ch["c"])}
                                  if ord(ch["c"]) < _STAND_IN_BELOW and ch["c"] != " " else ch for ch in span["chars"]]}

    return [block if block.get("type") == 1 else
            {**block, "lines": [{**line, "spans": [fixed(span) for span in line["spans"]]} for line in block["lines"]]}
            for block in blocks]


def _misnamed_chars(span: dict) -> bool:
    return span.get("font") == FONT and any(ord(ch["c"]) < _STAND_IN_BELOW and ch["c"] != " " for ch in span["chars"])


def _misnamed(span: dict) -> bool:
    return span.get("font") == FONT and any(ord(ch) < _STAND_IN_BELOW and ch != " " for ch in span["text"])


def _traced(page, each: bool = False) -> dict[tuple, str]:
    """``{origin of a traced ZapfDingbats run's first glyph: the symbols its glyphs draw}``; a glyph that
    cannot be named for sure (no code point in MuPDF's font, or a traced width that is not the glyph's)
    is given as U+FFFD, which the page's checks count as unreadable."""
    names, widths = _glyph_names()
    out = {}
    for run in page.get_texttrace():
        if run.get("font") != FONT:
            continue
        size = run["size"]
        symbols = []
        for _, glyph, origin, bbox in run["chars"]:
            code = names.get(glyph)
            sure = code is not None and abs((bbox[2] - bbox[0]) - widths[glyph] * size) <= 0.05 * size
            symbols.append(chr(code) if sure else "\ufffd")
            if each:  # (``each``: keyed glyph by glyph, not by the run's first glyph)
                out[_key(origin)] = symbols[-1]
        if run["chars"] and not each:
            out[_key(run["chars"][0][2])] = "".join(symbols)
    return out


@functools.lru_cache(maxsize=1)
def _glyph_names() -> tuple[dict[int, int], dict[int, float]]:
    """MuPDF's own ZapfDingbats: ``{glyph: its Unicode code point}`` and ``{glyph: advance in ems}``."""
    import pymupdf

    font = pymupdf.Font("zadb")
    names: dict[int, int] = {}
    widths: dict[int, float] = {}
    for code in font.valid_codepoints():
        glyph = font.has_glyph(code)
        if glyph and glyph not in names:
            names[glyph] = code
            widths[glyph] = font.glyph_advance(code)
    return names, widths


def _key(origin) -> tuple:
    return round(origin[0], 1), round(origin[1], 1)
