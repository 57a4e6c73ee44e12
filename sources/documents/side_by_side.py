"""Stacks of lines MuPDF holds in one block though the page sets them side by side, far apart.

Two subfigures' captions under their pictures ("(a) First" beside "(b) Second") and two authors' boxes under a title
(article's ``\\author{Ann Lee \\and Bo Chen \\\\ University of X}``) are boxes set beside each other on one row,
a wide space between them. MuPDF held each pair in one block, and the block was read as one paragraph or heading
("### Ann Lee Bo Chen University of X"; the captions a list of two items). The page shows each stack on its own:
a block a stack (`stacks_apart`), the reading order puts them left to right, and a row's stacks are read one after
another, before a caption centred under them (`stacks_together`). Stacks that line up row for row are a table's
columns, and a stack in lower case runs on from its neighbour: those blocks stay whole.
"""

from __future__ import annotations

from sources.documents.blocks import union_box
from sources.documents.code_blocks import baseline
from sources.documents.line_breaks import words
from sources.documents.text_layer import line_text

STACK_GAP = 2.5  # font sizes of clear space between two stacks, at least (article sets \and as 1em and two 6pt
# \tabcolsep; a justified row's widest space is about one)
STACK_WORDS = 2  # words (holding a letter) each stack holds at least: no equation's number or entry's page beside


def stacks_apart(block: dict, starts: list[float] = ()) -> list[dict] | None:
    """The text ``block`` (a ``get_text("dict")`` block) as one block per stack of its lines, left to right, where
    its lines fall into two stacks or more that overlap nothing of each other across, `STACK_GAP` font sizes or
    more apart, whose first lines share one baseline (within 2 points), or whose last lines do (boxes set on their
    bottom or centred: a caption of two rows beside one of one), each holding `STACK_WORDS` words; None
    where they do not (a paragraph, an equation beside its number, a term over its wrapped description), where
    the stacks line up row for row (`_rows_line_up`: a table's columns), where one starts in lower case (a display's
    equation and its condition, one sentence across the gap), or where the block is one row starting where one of
    the page's other blocks does (``starts``: their left edges, points; within a point): a running head's section
    at the text's edge and its chapter at the other edge are one row. A caption of two rows at the text's edge
    beside one of one is two stacks."""
    lines = [ln for ln in block.get("lines", ()) if line_text(ln).strip()]
    one_row = all(abs(baseline(ln) - baseline(lines[0])) < 2 for ln in lines)
    if len(lines) < 2 or one_row and any(abs(block["bbox"][0] - x) <= 1 for x in starts):
        return None
    stacks: list[list] = []  # [x0, x1, lines]
    for line in sorted(lines, key=lambda ln: ln["bbox"][0]):
        x0, _, x1, _ = line["bbox"]
        if stacks and x0 < stacks[-1][1]:  # overlaps the stack left of it across: one of its lines
            stacks[-1][1] = max(stacks[-1][1], x1)
            stacks[-1][2].append(line)
        else:
            stacks.append([x0, x1, [line]])
    if len(stacks) < 2:
        return None
    sizes = [span["size"] for ln in lines for span in ln["spans"] if span["text"].strip()]
    firsts = [min(baseline(ln) for ln in members) for _, _, members in stacks]
    lasts = [max(baseline(ln) for ln in members) for _, _, members in stacks]
    if not sizes or not any(max(ys) - min(ys) < 2 for ys in (firsts, lasts)) \
            or any(b[0] - a[1] < STACK_GAP * max(sizes) for a, b in zip(stacks, stacks[1:])) \
            or any(sum(words(line_text(ln)) for ln in members) < STACK_WORDS for _, _, members in stacks) \
            or _rows_line_up([members for _, _, members in stacks]) \
            or any(_first_row(members)[:1].islower() for _, _, members in stacks):
        # (a stack in lower case is a sentence's or an equation's: "y = ax + b" and its condition "for all ...",
        # set \qquad apart, are one display; a caption's "(a)", an author's name start otherwise)
        return None
    parts = []
    for _, _, members in stacks:
        members.sort(key=lambda ln: (ln["bbox"][1], ln["bbox"][0]))
        parts.append({**block, "bbox": union_box(ln["bbox"] for ln in members), "lines": members})
    return parts


def _first_row(members: list[dict]) -> str:
    """The text of the top row of a stack's lines ``members`` (its leftmost line there), stripped."""
    top = min(members, key=lambda ln: (round(baseline(ln)), ln["bbox"][0]))
    return line_text(top).strip()


def _rows_line_up(stacks: list[list[dict]]) -> bool:
    """Whether two of ``stacks`` (each its lines) or more hold two rows or more, and every stack's rows stand on
    baselines of the stack with the most rows (within 2 points): a table's columns without a rule ("Hill Farm" over
    "Lake Farm" beside "Spring wheat" over "Winter rye ...", a cell wrapped to rows of its own), whose rows pair their
    cells. Read a stack at a time, each row's cells were pulled apart; two boxes side by side whose rows stand
    apart, or of which one holds a single row (an author's name beside a name over its affiliation), are stacks."""
    rows = []
    for members in stacks:
        ys = sorted(baseline(ln) for ln in members)
        rows.append([y for k, y in enumerate(ys) if not k or y - ys[k - 1] > 2])
    most = max(rows, key=len)
    return sum(len(ys) >= 2 for ys in rows) >= 2 \
        and all(any(abs(y - z) <= 2 for z in most) for ys in rows for y in ys)


def stacks_together(items: list[tuple], rows: dict[int, int]) -> list[tuple]:
    """A page's ``items`` in reading order (each ``(box, kind, markdown, boxes, lines)``), the items of each row of
    stacks `stacks_apart` split read one after another: ``rows`` maps the ``id`` of each split line to its row's
    number. Column order puts an item under the row between its stacks where it stands in none of their columns,
    or across one of them (a figure's caption centred under its subfigures' captions: "(a) First" | "Figure 1:
    ..." | "(b) Second"); such an item, under the whole row, is read after it. An item under one stack alone, in
    its column, stays where column order put it."""
    def row_of(item: tuple) -> int | None:
        members = item[4] if len(item) > 4 else []
        return next((rows[id(ln)] for ln in members if id(ln) in rows), None)

    items = list(items)
    for row in dict.fromkeys(rows.values()):  # (in the order the rows were split: the same each run)
        at = [k for k, item in enumerate(items) if row_of(item) == row]
        if len(at) < 2 or at[-1] - at[0] == len(at) - 1:
            continue
        stacks = [items[k][0] for k in at]
        between = [items[k] for k in range(at[0], at[-1]) if k not in at]
        bottom = max(box[3] for box in stacks)
        if all(item[0][1] >= bottom - 1 and not any(item[0][0] >= box[0] - 2 and item[0][2] <= box[2] + 2
                                                      for box in stacks) for item in between):
            items[at[0]:at[-1] + 1] = [items[k] for k in at] + between
    return items
