"""Footnotes at a page's foot apart from each other.

Notes set one under the other, each starting with its marker (a number set smaller than the note, often
raised), are one block to MuPDF when they are short, and were written as one paragraph ("1 Forty-one, if the
hamlet is counted. 2 See the report of 1931."): a note's text ran into the next. Each note is now a block of
its own, where two lines or more of a block start with such a marker.
"""

from __future__ import annotations

import re

from sources.documents.blocks import union_box
from sources.documents.text_layer import each_text_block

SMALL = 0.85  # a marker is set at most this share of its note's size


def notes_apart(text: dict) -> dict:
    """``text`` (a page's dict text) with each block that holds two notes or more (`_starts_note`) cut before
    each note."""
    def remade(block: dict) -> list[dict]:
        lines = block.get("lines", [])
        starts = [i for i, line in enumerate(lines) if _starts_note(line)]
        if len(starts) < 2:
            return [block]
        cuts = sorted({0, *starts, len(lines)})
        return [{**block, "lines": lines[a:b], "bbox": union_box(ln["bbox"] for ln in lines[a:b])}
                for a, b in zip(cuts, cuts[1:]) if lines[a:b]]

    return each_text_block(text, remade)


def _starts_note(line: dict) -> bool:
    """Whether a line starts with a note's marker: a bare number of at most three digits as its first span, set
    smaller than the span after it, which holds words."""
    spans = [s for s in line["spans"] if s["text"].strip()]
    if len(spans) < 2:
        return False
    marker, note = spans[0]["text"].strip(), spans[1]
    return marker.isdigit() and len(marker) <= 3 and spans[0]["size"] <= SMALL * note["size"] \
        and any(ch.isalpha() for ch in note["text"])


# a note's mark: a number, LaTeX's symbols for \thanks and footnotes (∗ † ‡ § ¶ ‖), or REVTeX's bracketed number
# (raised, as `script_marks` writes it: "<sup>1</sup>")
_MARK = re.compile(r"\s*(<sup>)?(?:\d{1,3}|[*\u2217\u2020\u2021\u00a7\u00b6\u2016]{1,2}|\[\d{1,3}\])(?(1)</sup>)")


def starts_with_mark(line: dict) -> bool:
    """Whether a line starts as a footnote does: with a note's mark (`_MARK`) set smaller than the text after
    it or raised over it, or a symbol or a bracketed number of its own, and words after it ("2 Those in ...",
    "∗Both authors ...", "[1] E. Witten")."""
    spans = [s for s in line["spans"] if s["text"].strip()]
    if not spans:
        return False
    mark = _MARK.match(spans[0]["text"])
    if mark is None:
        return False
    rest, symbol = spans[0]["text"][mark.end():].strip(), not mark.group().strip().isdigit()
    if rest:  # the mark in the span of the note's text: a symbol's, a bracket's or a raised one
        return symbol and rest[0].isalpha()
    if len(spans) < 2 or not any(ch.isalpha() for ch in spans[1]["text"]):
        return False
    raised = spans[0]["origin"][1] < spans[1]["origin"][1] - 1
    return spans[0]["size"] <= SMALL * spans[1]["size"] or raised or symbol
