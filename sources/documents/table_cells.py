"""A ruled table's cells read from the page's characters: each cell's lines (`cell_lines`), and the rows
of text a row of the grid holds (`text_rows`)."""

from __future__ import annotations

import re
from typing import NamedTuple

import pymupdf

from sources.documents.math_fonts import RADICAL, drawn_symbols, is_math_extension
from sources.documents.script_marks import glued, line_size, script_kinds
from sources.documents.small_caps import is_small_caps
from sources.documents.text_layer import normal_form


class CellLine(NamedTuple):
    """A line of a table's cell: its ``baseline`` (points; None: unknown), ``text``, the ``left`` and
    ``right`` ends of its characters in the cell, and where its ``room`` ends (points): the cell's right
    edge less the padding its text keeps from the left one."""

    baseline: float | None
    text: str
    left: float = 0.0
    right: float = 0.0
    room: float = 0.0


def _closed(text: str, tag: str) -> str:
    """``text`` with ``tag`` closed before its trailing spaces."""
    stripped = text.rstrip()
    return f"{stripped}</{tag}>{text[len(stripped):]}"


def cell_text(blocks: list[dict], cell) -> str:
    """The text of ``cell`` (x0, y0, x1, y1) from a ``rawdict``'s blocks (`cell_lines`), a line break
    between lines."""
    return "\n".join(line.text for line in cell_lines(blocks, cell))


def cell_lines(blocks: list[dict], cell) -> list[CellLine]:
    """The lines of ``cell`` (x0, y0, x1, y1) from a ``rawdict``'s blocks (`CellLine`), as PyMuPDF's
    ``table.extract_cells(textpage, cell, markdown=False)`` gives the text (spaces kept), without
    extracting the page's characters again, but word by word: a word belongs to the
    cell its first character is more than half inside. Character by character, a word that runs past
    its cell's border (Debian Reference's "task-gnome-desktop", set in a column too narrow for it) was
    cut in two and its tail glued to the next cell's text: "task-gnome-deskt" | "opI:179"."""
    cx0, cy0, cx1, cy1 = cell
    out = []
    for block in blocks:
        x0, y0, x1, y1 = block["bbox"]
        if block["type"] != 0 or x0 > cx1 or x1 < cx0 or y0 > cy1 or y1 < cy0:
            continue
        for line in block["lines"]:
            x0, y0, x1, y1 = line["bbox"]
            if x0 > cx1 or x1 < cx0 or y0 > cy1 or y1 < cy0:
                continue
            text, in_word, previous = "", False, None  # previous: (was a space, right edge)
            baseline = next((span["origin"][1] for span in line["spans"] if span["chars"] and "origin" in span), None)
            left, right = cx1, cx0
            views = [{**span, "text": "".join(ch["c"] for ch in span["chars"])} for span in line["spans"]]
            dx, dy = line.get("dir", (1.0, 0.0))
            placed = dx > 0 and abs(dy) < 0.02 and all("size" in v and "origin" in v for v in views)  # not a turned line
            kinds = script_kinds(views) if placed else [None] * len(views)
            size = line_size(views) if placed else 0.0
            shown, opened = None, None  # the last span with text (a script's base); the tag left open
            for span, view, kind in zip(line["spans"], views, kinds):
                symbols, caps = is_math_extension(span.get("font", "")), is_small_caps(span.get("font", ""))
                # a script against its base in its tags (`script_marks`): "10<sup>−3</sup>", "Base<sup>1</sup>"
                tag = kind if kind and shown is not None and text and not text[-1].isspace() \
                    and glued(view, shown, size) else None
                if opened and tag != opened and view["text"].strip():
                    text, opened = _closed(text, opened), None
                for char in span["chars"]:
                    if symbols:
                        char = {**char, "c": drawn_symbols(char["c"])}
                    elif caps:  # the capitals a small-caps font shows (`small_caps`)
                        char = {**char, "c": char["c"].upper()}
                    space = char["c"] in pymupdf.table.white_spaces
                    x0, y0, x1, y1 = char["bbox"]
                    # a word starts after a space, where the pen jumps (back over the text before: one
                    # column's word run into the next, a span set on top of it; or a gap forward), and
                    # where the cell's border falls between two characters (tight padding: "412" | "items")
                    if space or previous is None or previous[0] or not (
                            previous[1] - 0.3 * (y1 - y0) <= x0 <= previous[1] + 0.3 * (y1 - y0)) or \
                            previous[1] <= cx0 <= x0 or previous[1] <= cx1 <= x0:
                        area = max(0.0, x1 - x0) * max(0.0, y1 - y0)
                        inside = max(0.0, min(x1, cx1) - max(x0, cx0)) * max(0.0, min(y1, cy1) - max(y0, cy0))
                        in_word = (inside > 0.5 * area if area else  # a control character has no box: its middle
                                   cx0 <= (x0 + x1) / 2 <= cx1 and cy0 <= (y0 + y1) / 2 <= cy1)
                    if in_word:
                        if tag and not opened and not space:
                            text, opened = text + f"<{tag}>", tag
                        text += char["c"] if not (tag and space and not opened) else ""
                        if not space:
                            left, right = min(left, x0), max(right, x1)
                    elif space:
                        text += " "
                    previous = (space, x1)
                if view["text"].strip():
                    shown = view
            if opened:
                text = _closed(text, opened)
            out.append(CellLine(baseline, normal_form(text), left, right, cx1))
    # the room a line has ends a padding before the border: the padding as the text keeps it on the left
    pad = min((line.left - cx0 for line in out if line.text.strip()), default=0.0)
    return [line._replace(room=cx1 - max(0.0, pad)) for line in out]


def text_rows(cells: list[list[CellLine]]) -> list[list[list[CellLine]]]:
    """A row of the grid under its head (each cell its `CellLine`s: a grid row holds no rule inside it) as
    the rows of text it holds: one, or one a line. A grid ruled only down its columns and round its edges (LaTeX's
    ``|l|r|r|`` with ``\\hline`` above and below) gives one cell a column for all its rows, and they were
    written as one row: "|1 8 64|1,020 7,450 41,000|". The lines are rows when they stand on shared baselines,
    two rows or more, each row's in two cells or more and one line a cell at most (a column may end a row
    early: Octave's table of Greek letters, three pairs of columns, the last one short), none runs on into
    the next (a line ending in a hyphen or comma, a next line starting with a lower-case Latin word), and in
    some cell a line was not broken for width (the next line's first word fits after it: "1" | "8"): text
    that wraps in its cells stays one row (Debian Reference's "NFS network mounted filesystem with the" |
    "Linux kernel")."""
    filled = [[line for line in cell if line.text.strip()] for cell in cells]
    if sum(1 for cell in filled if cell) < 2 or any(line.baseline is None for cell in filled for line in cell):
        return [cells]
    rows: list[float] = []  # the baselines the lines share, top down (a radical sign's is its bar's: none)
    for y in sorted(line.baseline for cell in filled for line in cell if line.text.strip() != RADICAL):
        if not rows or y - rows[-1] > 2:
            rows.append(y)
    if len(rows) < 2:
        return [cells]
    places = [[_row_of(line, rows) for line in cell] for cell in filled]
    if any(len(set(at)) != len(at) for at in places) or any(
            sum(r in at for at in places) < 2 for r in range(len(rows))):
        return [cells]
    for cell in filled:
        for before, line in zip(cell, cell[1:]):
            if before.text.rstrip().endswith(("-", ",", "\u00ad")) or _RUNS_ON.match(line.text.lstrip()):
                return [cells]
    if not any(not _wrapped(before, line) for cell in filled for before, line in zip(cell, cell[1:])):
        return [cells]
    return [[[line for line, at in zip(cell, spots) if at == r] for cell, spots in zip(filled, places)]
            for r in range(len(rows))]


def _row_of(line: CellLine, rows: list[float]) -> int:
    """The index of the row of ``rows`` (baselines, top down) ``line`` stands on: the nearest, or for a radical
    sign, hung from the height of its bar, the first at or under its baseline (Octave's "\\surd" | "√" was a
    row of its own, and its table of symbols one row of every cell's lines)."""
    if line.text.strip() == RADICAL:
        return next((r for r, y in enumerate(rows) if y >= line.baseline - 2), len(rows) - 1)
    return min(range(len(rows)), key=lambda r: abs(rows[r] - line.baseline))


_RUNS_ON = re.compile("[a-z]{2}")  # a wrapped sentence's next word; a lone "o" (omicron, Octave's table) is a symbol


def _wrapped(line: CellLine, following: CellLine) -> bool:
    """Whether ``line`` ends where its cell's text wrapped: the first word of ``following`` would not fit
    after it before the cell's edge (its characters' widths estimated from ``following``'s box)."""
    text = following.text.strip()
    width = (following.right - following.left) / len(text)
    return line.right + (len(text.split()[0]) + 1) * width > line.room
