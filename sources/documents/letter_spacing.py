"""Letter-spaced text read as words: a heading set with wide tracking ("S U M M A R Y  O F  T H E", a PDF's
character spacing ``Tc``, InDesign's tracking, LaTeX's letterspacing of small capitals) is read by MuPDF
with a space it adds between every two letters, as it adds one at any gap wider than a fraction of the
font size; the spaces the text really holds are then lost among them, and the target read "S U M M A R Y
O F T H E M E E T I N G" where a reader reads "SUMMARY OF THE MEETING".

A span whose text is all single characters a space apart is read again with MuPDF's added spaces
inhibited (``TEXT_INHIBIT_SPACES``): the space characters the text holds stay, and words placed far apart
without one come as separate lines, joined by a space. That reading replaces the span's text only
where it holds the same characters in the same order (text that truly is letters a space apart, "a b c
d", reads the same both ways and stays) and still holds a space, or is one word of five letters or more,
or another span of its block is so surely letter-spaced: pdfTeX writes no space characters, and its "a b c
d" would read "abcd".
"""

from __future__ import annotations

import re

import pymupdf

from sources.documents.small_caps import as_shown
from sources.documents.text_layer import each_text_block, normal_form

# two characters at least, each a space apart, one of them a letter or digit: tracking spaces words out;
# a dot leader (". . . .", 1,290 spans on 34 pages of Debian's two manuals) is punctuation a space apart
# and would cost a clipped reading each for nothing
_LETTER_SPACED = re.compile(r"^(?=.*\w)(?:\S ){1,}\S$")


def respaced(page, text: dict, flags: int) -> dict:
    """``text`` (a ``get_text("dict")`` result of ``page`` read with ``flags``) with each letter-spaced
    span's text read with only the spaces it holds (see the module's note); ``text`` itself where no span
    is letter-spaced."""
    if not any(_LETTER_SPACED.match(span["text"].strip()) for block in text["blocks"]
               for line in block.get("lines", ()) for span in line["spans"]):
        return text
    return each_text_block(text, lambda block: [_block_respaced(page, block, flags)])


def _block_respaced(page, block: dict, flags: int) -> dict:
    """``block`` with its letter-spaced spans read again. A span read again without a space left is taken
    as one word where it has five letters or more, or where another span of its block is letter-spaced
    surely (words set apart by the generator, each a line of its own: "M I N U T E S", "A N D")."""
    lines = block.get("lines", ())
    readings = [[_read_again(page, span, flags) for span in line["spans"]] for line in lines]
    if not any(words is not None and (" " in words or (len(words) >= 5 and words.isalpha()))
               for line in readings for words in line):
        return block
    out = []
    for line, words_of in zip(lines, readings):
        spans = []
        for span, words in zip(line["spans"], words_of):
            text = span["text"]
            lead, tail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            spans.append(span if words is None else {**span, "text": lead + words + tail})
        out.append({**line, "spans": spans})
    return {**block, "lines": out}


def _read_again(page, span: dict, flags: int) -> str | None:
    """The letter-spaced ``span``'s text read with MuPDF's added spaces inhibited, or None where it is not
    letter-spaced, reads the same, or the reading holds other characters (the clip took in other text)."""
    shown = span["text"].strip()
    if not _LETTER_SPACED.match(shown):
        return None
    again = page.get_text("text", clip=pymupdf.Rect(span["bbox"]), flags=flags | pymupdf.TEXT_INHIBIT_SPACES)
    words = " ".join(as_shown(normal_form(again), span.get("font", "")).split())  # as `text_layer.visible` read it
    if words == shown or words.replace(" ", "") != shown.replace(" ", ""):
        return None
    return words
