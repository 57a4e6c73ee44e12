"""Accents TeX draws over a letter, read as the accented letter.

TeX's ``\\"e`` and ``\\'e`` in a font without the accented letter (Computer Modern in OT1, still common in
papers and in their references) draw the accent's own glyph over the letter, and the text layer holds both as
they are drawn: "van Merri¨enboer", "Poincar´e", "Schr¨odinger", where the page shows "Merriënboer". Such an
accent is told from a character set in the text ("it´s", a typist's apostrophe) by where it stands: over the
letter next to it, the two glyphs' boxes overlapping by most of the accent's width. It is then read as the
combining mark on that letter and composed (NFC).
"""

from __future__ import annotations

import unicodedata

import pymupdf

from sources.documents.text_layer import each_text_block, normal_form

# spacing accents and the combining marks they draw: diaeresis, acute, grave, circumflex, tilde, macron, breve,
# dot above, ring above, caron, double acute, cedilla, ogonek
SPACING_ACCENTS = {"\u00a8": "\u0308", "\u00b4": "\u0301", "`": "\u0300", "\u02c6": "\u0302", "^": "\u0302",
                   "\u02dc": "\u0303", "~": "\u0303", "\u00af": "\u0304", "\u02d8": "\u0306", "\u02d9": "\u0307",
                   "\u02da": "\u030a", "\u02c7": "\u030c", "\u02dd": "\u030b", "\u00b8": "\u0327", "\u02db": "\u0328"}
_DOTTED = {"\u0131": "i", "\u0237": "j"}  # TeX accents \i and \j, the dotless letters: "Ma\^\itre" is "Maître"
OVER = 0.5  # share of the accent's width that lies over the letter


def with_accents(page, text: dict, flags: int) -> dict:
    """``text`` (a page's dict text read with ``flags``) with every span that holds a spacing accent read again
    from its characters (``rawdict``, clipped to the span), each accent that stands over a letter beside it
    composed with that letter. ``text`` itself where no span holds one."""
    if not any(c in SPACING_ACCENTS for block in text["blocks"] for line in block.get("lines", ())
               for span in line["spans"] for c in span["text"]):
        return text
    return each_text_block(text, lambda block: [_block_with_accents(page, block, flags)])


def _block_with_accents(page, block: dict, flags: int) -> dict:
    lines = []
    for line in block.get("lines", ()):
        spans = [_composed(page, span, flags) if any(c in SPACING_ACCENTS for c in span["text"]) else span
                 for span in line["spans"]]
        lines.append({**line, "spans": spans})
    return {**block, "lines": lines}


def _composed(page, span: dict, flags: int) -> dict:
    """``span`` with the accents that stand over a letter composed with it, or as it is where its characters
    read again do not spell its text (the clip took in other text)."""
    chars = [ch for block in page.get_text("rawdict", clip=pymupdf.Rect(span["bbox"]), flags=flags)["blocks"]
             for line in block.get("lines", ()) for s in line["spans"] for ch in s["chars"]]
    if normal_form("".join(ch["c"] for ch in chars)).strip() != span["text"].strip():
        return span
    out, skip = [], set()
    for k, ch in enumerate(chars):
        if k in skip:
            continue
        mark = SPACING_ACCENTS.get(ch["c"])
        letter = next((j for j in (k + 1, k - 1) if 0 <= j < len(chars) and j not in skip
                       and chars[j]["c"].isalpha() and _over(ch, chars[j])), None) if mark else None
        if letter is None:
            out.append(ch["c"])
        elif letter == k + 1:  # drawn before its letter (TeX's \accent): the letter comes next
            out.append(unicodedata.normalize("NFC", _DOTTED.get(chars[letter]["c"], chars[letter]["c"]) + mark))
            skip.add(letter)
        else:  # drawn after its letter, already written
            out[-1] = unicodedata.normalize("NFC", _DOTTED.get(out[-1], out[-1]) + mark)
    lead = span["text"][: len(span["text"]) - len(span["text"].lstrip())]
    tail = span["text"][len(span["text"].rstrip()):]
    return {**span, "text": lead + normal_form("".join(out)).strip() + tail}


def _over(accent: dict, letter: dict) -> bool:
    """Whether the ``accent`` character's box lies over the ``letter``'s by `OVER` of its width at least."""
    a0, _, a1, _ = accent["bbox"]
    b0, _, b1, _ = letter["bbox"]
    return a1 > a0 and min(a1, b1) - max(a0, b0) >= OVER * (a1 - a0)
