"""Fonts set at a fixed pitch whose PDF does not say so, told by their own glyph widths.

`code_blocks.is_mono` knows a monospaced span by MuPDF's fixed-pitch flag (the font descriptor's) or by its
font's name (cmtt, Courier, ...). A bitmap font has neither: pdfTeX writes Computer Modern's typewriter in T1
encoding as a Type 3 font of PK bitmaps where cm-super is not installed (named "F34", no descriptor), and so do
dvips' and older arXiv PDFs. A listing in it was read as prose with spaces inside its tokens ("def
train(model , data , epochs =10):", listings' fixed columns taken for word gaps). A simple font's ``Widths``
(PDF 32000-1, 9.6.2.1 and 9.6.5: one advance a character code) tell it: a font whose letters all advance alike is
fixed-pitch. Digits alone advance alike in most proportional fonts (tabular figures), so letters must be among
them, several.
"""

from __future__ import annotations

import re

MONO_FLAG = 8  # MuPDF's span flag for a fixed-pitch font (`code_blocks.is_mono` reads it)
MIN_LETTERS = 6  # letters with a width, at least, before equal widths say fixed pitch
SAME = 0.01  # share of the width by which advances may differ and be one pitch (rounded widths)
_SIMPLE = ("Type1", "Type3", "TrueType", "MMType1")  # fonts with a Widths array (composite fonts have W)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def with_fixed_pitch(page, text: dict) -> dict:
    """``text`` (``page``'s ``get_text("dict")``) with MuPDF's fixed-pitch flag set on each span whose font the
    page's PDF gives equal widths (`fixed_pitch_fonts`); ``text`` itself where there is none to set."""
    fonts = fixed_pitch_fonts(page)
    if not fonts or not any(span["font"] in fonts and not span["flags"] & MONO_FLAG for block in text["blocks"]
                            for line in block.get("lines", ()) for span in line["spans"]):
        return text
    blocks = []
    for block in text["blocks"]:
        if "lines" not in block:
            blocks.append(block)
            continue
        blocks.append({**block, "lines": [{**line, "spans": [
            {**span, "flags": span["flags"] | MONO_FLAG} if span["font"] in fonts else span
            for span in line["spans"]]} for line in block["lines"]]})
    return {**text, "blocks": blocks}


def fixed_pitch_fonts(page) -> frozenset[str]:
    """The names (as MuPDF gives a span's ``font``: the base font less its subset tag) of the simple fonts of
    ``page`` whose ``Widths`` give `MIN_LETTERS` letters or more (ASCII codes) and every glyph with a width the
    same advance. None for a page that is no PDF's."""
    doc = page.parent
    if not doc.is_pdf:
        return frozenset()
    found = set()
    for xref, _, kind, basefont, _, _ in page.get_fonts():
        if kind in _SIMPLE and _fixed(doc, xref):
            found |= {basefont, basefont.split("+", 1)[-1]}
    return frozenset(found)


def _fixed(doc, xref: int) -> bool:
    kind, value = doc.xref_get_key(xref, "Widths")
    if kind == "xref":
        value = doc.xref_object(int(value.split()[0]), compressed=True)
    elif kind != "array":
        return False
    first = doc.xref_get_key(xref, "FirstChar")
    start = int(first[1]) if first[0] == "int" else 0
    widths = [float(number) for number in _NUMBER.findall(value)]
    advances = {code: width for code, width in enumerate(widths, start) if width > 0}
    letters = [code for code in advances if 65 <= code <= 90 or 97 <= code <= 122]
    if len(letters) < MIN_LETTERS:
        return False
    low, high = min(advances.values()), max(advances.values())
    return high - low <= SAME * high
