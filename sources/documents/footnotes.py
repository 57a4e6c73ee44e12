"""Footnotes at a page's foot apart from each other.

Notes set one under the other, each starting with its marker (a number set smaller than the note, often
raised), are one block to MuPDF when they are short, and were written as one paragraph ("1 Forty-one, if the
hamlet is counted. 2 See the report of 1931."): a note's text ran into the next. Each note is now a block of
its own, where two lines or more of a block start with such a marker.
"""

from __future__ import annotations

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
