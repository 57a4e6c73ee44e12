"""A paragraph whose lines the author broke, not the typesetter: a poem, an address, lines ended by
``<br>`` in HTML. A typesetter breaks a line only when the next word does not fit, so where every line
of a paragraph ends with room to spare in its column for the next line's first word, the breaks are the
author's and the target keeps them ("Roses are red,\\nViolets are blue,"; they were joined into one
line, "Roses are red, Violets are blue,"). A paragraph with one line that fills the column is prose and
is joined as before: a break judged line by line misread short lines of prose (a texinfo paragraph
narrower than the page's code) as the author's.
"""

from __future__ import annotations

SPARE = 1.5  # times the next word's estimated width (and a space) each line must leave free in its column
MIN_LINES = 3  # lines a paragraph needs to be judged: one short line of two says little (a centred caption's)


def authors_breaks(lines: list[dict], column_right: float | None) -> bool:
    """Whether every line but the last of a paragraph of ``MIN_LINES`` or more (``get_text("dict")``
    lines set horizontally, top to bottom, boxes in points) ends with more room to ``column_right`` (the
    right edge of the prose of its column, points; None: not known) than ``SPARE`` times the next line's
    first word with a space (its width estimated from that line's own characters) plus a character; no
    line ends in a hyphen."""
    if len(lines) < MIN_LINES or column_right is None:
        return False
    for line, following in zip(lines, lines[1:]):
        text, after = _text(line).rstrip(), _text(following).strip()
        if not text or not after or text.endswith(("-", "\u00ad")):
            return False
        x0, y0, x1, y1 = following["bbox"]
        if y0 < line["bbox"][3] - 0.5 * (y1 - y0):  # beside it on its row: no line end
            return False
        width = (x1 - x0) / len(after)
        if column_right - line["bbox"][2] <= SPARE * (len(after.split()[0]) + 1) * width + width:
            return False
    return True


def broken_for_width(end: float, following: dict, text: str, right: float) -> bool:
    """Whether a line ending at ``end`` (points) was broken because the next line's first word would not
    fit before ``right``: ``following`` is that next line (its box gives a character's width, estimated from
    its ``text``, non-empty). The typesetter's test, as `authors_breaks` makes it without its spare room."""
    x0, _, x1, _ = following["bbox"]
    width = (x1 - x0) / len(text)
    return end + (len(text.split()[0]) + 1) * width > right


class ColumnEdges:
    """The right edges of a page's columns (`right`), from its ``get_text("dict")`` result ``text``:
    blocks of one column share an answer, kept by their extent across."""

    def __init__(self, text: dict):
        self._lines = [line["bbox"] for block in text["blocks"] if block.get("type") != 1
                       for line in block.get("lines", ())]
        self._known: dict[tuple, float | None] = {}

    def right(self, rect) -> float | None:
        """The right edge (points) of the prose in the column a block's box ``rect`` (x0, y0, x1, y1)
        stands in: the 90th percentile of the right ends of the page's lines that overlap it across;
        None with under three such lines (a lone block has no column to measure against)."""
        return self._edge(rect, 2, 0.9)

    def left(self, rect) -> float | None:
        """The left edge (points) of the column ``rect`` stands in, where right-to-left lines end: the 10th
        percentile of the left ends of the page's lines that overlap it across; None as `right`."""
        return self._edge(rect, 0, 0.1)

    def _edge(self, rect, side: int, share: float) -> float | None:
        key = (round(rect[0]), round(rect[2]), side)
        if key not in self._known:
            ends = sorted(b[side] for b in self._lines if b[0] < rect[2] and b[2] > rect[0])
            self._known[key] = ends[int(share * (len(ends) - 1))] if len(ends) >= 3 else None
        return self._known[key]


def _text(line: dict) -> str:
    return "".join(span["text"] for span in line["spans"])
