"""Prose set double-spaced read as paragraphs, not a paragraph a line.

A manuscript or a review copy (acmart's ``manuscript``, elsarticle's ``review`` and ``doubleblind``, setspace's
``\\doublespacing``, a thesis) leaves more space between a paragraph's lines than MuPDF keeps in one block: every
line is a block of its own, and every line was written as a paragraph ("... Therefore it is" | "not effective
for the dipole ..."). `continued_paragraphs` joins a block cut off a paragraph only where the boxes touch and the
text plainly runs on (a lower-case start), which a double-spaced line after a full line ("... the WGM. But" |
"Mie resonances are not affected.") does not show.

A block runs on from the block above where the step between their baselines is the pitch of their size on the
page, the upper one's last row was broken for width (the next word would not fit: `line_breaks.broken_for_width`,
as `verse` and `continued_paragraphs` ask) and the lower one starts at the paragraph's edge, with no list's marker
(an indented line starts a paragraph; so does a line after a short one, and a heading or a display is set apart by
more than the pitch). The pitch of a size is the step between blocks found most often, a font size and a half or
more, and the page sets that size spaced where `MIN_STEPS` blocks at least run on at it from a row that stops
mid-sentence (a reference manual's one-line descriptions, each over its "See also: ...", or a table of contents'
entries end a sentence or on a number, and end level at times: they prove nothing; rows MuPDF kept in one block
a pitch apart count too) and rows inside blocks that run on off the pitch (a paragraph's set single) are
`SINGLE_SHARE` of those at most: a page set single whose paragraphs are set apart by a little space (texinfo's,
Debian Reference's lists of one-line items) has paragraphs of several rows in one block, and one-line paragraphs
a pitch apart that look alike. A list's items at the pitch (and the
space set between items, `ITEM_SEP`) are one list (`next_item`), as items set single are.
"""

from __future__ import annotations

import re
from collections import Counter

from sources.documents.blocks import rows_of, union_box
from sources.documents.code_blocks import baseline, is_code_line
from sources.documents.continued_paragraphs import ALIGN, LEADER
from sources.documents.line_breaks import ColumnEdges, broken_for_width
from sources.documents.lists import starts_item, text_start
from sources.documents.text_layer import line_text, upright

# a row that stops mid-sentence: on a word, a comma, a semicolon or a hyphen (not a sentence's end, nor a number:
# a table of contents' page numbers, set flush right)
_MID_SENTENCE = re.compile(r"(?:[^\W\d_]|[,;\-\u2013\u2014])$")
SPACED = 1.45  # font sizes from one baseline to the next, at least, for a page set spaced (single: ~1.2)
MOST = 4.0  # font sizes a spaced pitch is at most (a triple-spaced draft: 3.6)
MIN_STEPS = 4  # blocks running on from the block above at the page's pitch, at least, to call it so
FEW_STEPS = 2  # as many, on a page that keeps no two rows of the size in one block
MEASURE = 1 / 3  # share of the page's width a measure spans, at least, there (a two-column page's column: 0.37)
SINGLE_SHARE = 0.25  # rows running on inside a block, at most, for each block running on at the pitch
SAME = 0.1  # font sizes two steps may differ by and be one pitch
SIZE = 0.6  # points two rows' font sizes may differ by and be one size
LEVEL = 1.0  # points rows' right ends may differ by and end level (justified)
INDENT = 2.0  # font sizes a paragraph's first row is set in by at most (LaTeX's 1.5 em; a quotation's 2.5 em)
QUOTE = 4.0  # font sizes a quotation is set in by at most (LaTeX's quote and quotation: 2.5 em)
ITEM_SEP = 1.0  # font sizes a list's items may be set apart by beyond the pitch (LaTeX's itemsep and parsep: 0.8)


def spaced_joined(text: dict, pitches: dict[int, float]) -> dict:
    """``text`` (a page's dict text, blocks in reading order) with each block that runs on from the block before it
    on a page set spaced (see the module's text) joined to it. ``pitches``: `spaced_pitches` of the page's blocks."""
    blocks = text["blocks"]
    if not pitches:
        return text
    edges = _Edges(text)
    out: list[dict] = []
    for block in blocks:
        if out and _prose(out[-1]) and _prose(block) and _step(out[-1], block, pitches) \
                and _runs_on(out[-1], block, edges):
            lines = out[-1]["lines"] + block["lines"]
            out[-1] = {**out[-1], "lines": lines, "bbox": union_box(ln["bbox"] for ln in lines)}
        else:
            out.append(block)
    return {**text, "blocks": out} if len(out) < len(blocks) else text


def spaced_pitches(text: dict) -> dict[int, float]:
    """The baseline step (points) between a paragraph's rows, by font size (rounded to a point), for each size the
    page (``text``, its dict text, blocks in reading order) sets spaced (see the module's text): a double-spaced
    abstract is set smaller than the body, and spaced as much."""
    blocks = [block for block in text["blocks"] if _prose(block)]
    between: dict[int, list[float]] = {}  # size -> steps from a block's last row to the next one's first
    for above, below in zip(blocks, blocks[1:]):
        last, first = rows_of(above["lines"])[-1], rows_of(below["lines"])[0]
        size = _size(first)
        step = baseline(first[0]) - baseline(last[0])
        if abs(_size(last) - size) <= SIZE and SPACED * size <= step <= MOST * size:
            between.setdefault(round(size), []).append(step)
    candidates = {}
    for size, steps in between.items():
        if len(steps) >= MIN_STEPS:
            pitch, _ = Counter(round(step * 2) / 2 for step in steps).most_common(1)[0]  # to half a point
            candidates[size] = pitch
    if not candidates:
        return {}
    edges = _Edges(text)
    running: Counter = Counter()  # size -> blocks running on from the block above at its pitch, mid-sentence
    # size -> the (left, right) ends of the rows those run on from, of blocks with no row cut into cells
    ends: dict[int, list[tuple[float, float]]] = {}
    for above, below in zip(blocks, blocks[1:]):
        if _step(above, below, candidates) and _runs_on(above, below, edges) \
                and _MID_SENTENCE.search(line_text(above["lines"][-1]).rstrip()):
            size = round(_size(rows_of(below["lines"])[0]))
            running[size] += 1
            if not (_cells(above) or _cells(below)):
                last = rows_of(above["lines"])[-1]
                ends.setdefault(size, []).append((min(ln["bbox"][0] for ln in last),
                                                  max(ln["bbox"][2] for ln in last)))
    single: Counter = Counter()  # size -> rows running on from the row above inside a block, set single
    kept = set()  # sizes MuPDF kept two rows or more of in one block
    for block in blocks:
        rows = rows_of(block["lines"])
        for upper, lower in zip(rows, rows[1:]):
            size = round(_size(lower))
            kept.add(size)
            if size in candidates and _row_runs_on(upper, lower, edges):
                # rows MuPDF kept in one block at the pitch are the page's spacing too (pdfTeX's font expansion
                # gives each row its own text matrix, and MuPDF then joins rows it left apart unexpanded)
                step = baseline(lower[0]) - baseline(upper[0])
                if abs(step - candidates[size]) > SAME * _size(lower):
                    single[size] += 1
                elif _MID_SENTENCE.search(line_text(upper[-1]).rstrip()):
                    running[size] += 1
    # a short page whose every row of the size is a block of its own (a paragraph's rows set single share a block)
    # shows its spacing in fewer rows: three two-row paragraphs and a one-row one were seven paragraphs
    # (their rows running on end level, justified: one-line paragraphs set single a parskip or a bigskip apart, none
    # filling a measure, each seemed broken for the longest one's width, and three ran into one paragraph). Rows of
    # cells are no such evidence: a borderless table's rows, padded apart, run on at a spaced pitch too (an EPUB's
    # <th> head over three rows made its page spaced, and the head a bold paragraph over the table)
    return {size: pitch for size, pitch in candidates.items()
            if (running[size] >= MIN_STEPS if size in kept
                else len(ends.get(size, ())) >= FEW_STEPS and _level(ends[size], text.get("width")))
            and single[size] <= SINGLE_SHARE * running[size]}


def _level(ends: list[tuple[float, float]], width: float | None) -> bool:
    """Whether two of rows (``ends``: each its left and right ends, points) at least end level (`LEVEL`) with
    the furthest, at a measure (from the leftmost start) of `MEASURE` of the page's ``width`` or more: a justified
    paragraph's rows (two short lines of a list may end level by chance)."""
    right = max(x1 for _, x1 in ends)
    return sum(1 for _, x1 in ends if abs(x1 - right) <= LEVEL) >= 2 \
        and (width is None or right - min(x0 for x0, _ in ends) >= MEASURE * width)


def _prose(block: dict) -> bool:
    return block.get("type") != 1 and bool(block.get("lines")) and not block.get("vertical") \
        and not block.get("verse") and all(upright(ln) for ln in block["lines"])


def _cells(block: dict) -> bool:
    """Whether a row of ``block`` holds two lines or more: MuPDF cut it at wide gaps (a table's row, not prose)."""
    return any(len(row) >= 2 for row in rows_of(block["lines"]))


def _size(row: list[dict]) -> float:
    return max(span["size"] for line in row for span in line["spans"])


def _step(above: dict, below: dict, pitches: dict[int, float]) -> bool:
    """Whether ``below``'s first row stands the pitch of its size under ``above``'s last, in that size."""
    last, first = rows_of(above["lines"])[-1], rows_of(below["lines"])[0]
    size = _size(first)
    pitch = pitches.get(round(size))
    return pitch is not None and abs(_size(last) - size) <= SIZE \
        and abs(baseline(first[0]) - baseline(last[0]) - pitch) <= SAME * size


def _runs_on(above: dict, below: dict, edges: _Edges) -> bool:
    """Whether ``below``'s first row goes on with the paragraph of ``above`` as a row of it would (see the module's
    text): at the paragraph's edge (where its rows start, or, under its first row alone, set in, left of it; a list
    item's at its text, past its marker: "feed." under a double-spaced item was a paragraph of its own), no
    marker, and ``above``'s last row broken for width."""
    rows, first = rows_of(above["lines"]), rows_of(below["lines"])[0]
    size = _size(first)
    start = min(ln["bbox"][0] for ln in first)
    edge = min(min(ln["bbox"][0] for ln in row) for row in rows)
    hanging = text_start(rows[0])  # a list item's rows after its first are set in to its text, past its marker
    if hanging is not None and abs(start - hanging) <= ALIGN * size and all(
            abs(min(ln["bbox"][0] for ln in row) - hanging) <= ALIGN * size for row in rows[1:]):
        return _row_runs_on(rows[-1], first, edges, edge)
    indented_first = len(rows) == 1 and 0.5 * size <= edge - start <= 3 * size
    if abs(start - edge) > ALIGN * size and not indented_first:
        return False
    # a paragraph's first row alone, set in from its column's edge, that fills its measure (a paragraph of one
    # row): a row set in as much under it starts the next paragraph ("... to the river." | "Run down ...")
    column_left = edges.columns.left(union_box(ln["bbox"] for ln in rows[0] + first))
    if len(rows) == 1 and column_left is not None and 0.5 * size <= edge - column_left <= INDENT * size \
            and abs(start - edge) <= ALIGN * size:
        return False
    return _row_runs_on(rows[-1], first, edges, start if indented_first else edge)


def _row_runs_on(upper: list[dict], lower: list[dict], edges: _Edges, edge: float | None = None) -> bool:
    """Whether the row ``lower`` goes on with the text of the row ``upper``: no code, no list's marker or dot
    leader, and ``upper`` broken for width at the right edge of the prose starting at ``edge`` (points; None:
    where ``lower`` starts)."""
    following = line_text(lower[0]).strip()
    if not following or abs(_size(upper) - _size(lower)) > SIZE or any(is_code_line(ln) for ln in upper + lower) \
            or starts_item(lower[0], following, True) or LEADER.search(line_text(upper[-1])):
        return False
    size = _size(lower)
    right = edges.right(min(ln["bbox"][0] for ln in lower) if edge is None else edge, size,
                        union_box(ln["bbox"] for ln in upper + lower))
    return right is not None and broken_for_width(max(ln["bbox"][2] for ln in upper), lower[0], following, right)


class _Edges:
    """The right edge of the prose whose rows start at a left edge: its own where two of those rows at least end
    level (a quotation or an abstract set in on both sides ends short of the column: a line of it ending there ran
    to its own edge), or where one ends as far short of the column's right edge as it starts right of its left
    one, `QUOTE` font sizes at most (a quotation of two rows), else the column's (`line_breaks.ColumnEdges`: rows
    of a ragged edge, or short ones, say nothing of where a line would break)."""

    def __init__(self, text: dict):
        self.rows = [(min(ln["bbox"][0] for ln in row), max(ln["bbox"][2] for ln in row))
                     for block in text["blocks"] if _prose(block) for row in rows_of(block["lines"])]
        self.columns = ColumnEdges(text)

    def right(self, left: float, size: float, rect) -> float | None:
        """The right edge (points) for rows starting at ``left`` (or set in from it up to three font sizes of
        ``size``) in the column of ``rect``."""
        ends = sorted(x1 for x0, x1 in self.rows if -ALIGN * size <= x0 - left <= 3 * size)  # first rows set in too
        if len(ends) >= 3:
            edge = ends[int(0.9 * (len(ends) - 1))]
            if sum(1 for x1 in ends if abs(x1 - edge) <= LEVEL) >= 2:
                return edge
        right, column_left = self.columns.right(rect), self.columns.left(rect)
        if right is not None and column_left is not None and ALIGN * size < left - column_left <= QUOTE * size:
            # a quotation of two rows, set in as much on both sides: the row ending as far short of the
            # column's right edge as the rows start right of its left one ran to its own edge (a centred row,
            # a display's or a table's, stands so wherever it starts: a quotation is set in a little)
            mirrored = right - (left - column_left)
            if any(abs(x0 - left) <= ALIGN * size and abs(x1 - mirrored) <= LEVEL for x0, x1 in self.rows):
                return mirrored
        return right


def next_item(above: dict, below: dict, pitches: dict[int, float]) -> bool:
    """Whether the list item whose first line is ``below`` follows the item ending with the line ``above`` in one
    list on a page set spaced (``pitches``, `spaced_pitches`): its baseline the pitch of its size under, or the
    pitch and the space set between items (`ITEM_SEP`); such items stand further apart than `lists.joined_lists`
    lets items of one list stand on a page set single."""
    size = max(span["size"] for span in below["spans"])
    pitch = pitches.get(round(size))
    return pitch is not None and -SAME * size <= baseline(below) - baseline(above) - pitch <= ITEM_SEP * size
