"""Cells of centred lines set side by side above a page's columns, read a cell at a time, row by row.

acmart sets three or more authors as a grid under the title: each author a cell of lines (name, institution,
city, e-mail) centred on the cell's axis, two cells a row, over the page's two columns. Read with the columns,
a left-hand cell went with the first column and a right-hand one after it ("### Bo Person Grain Institute ..."
after the first column's last paragraph, "Cy Writer" before "1 INTRODUCTION"). A cell is told by its lines
alone: two or more, of different widths, their middles on one axis, stacked closer than half a line; a grid
is two such cells or more beside each other at the top of a band, above everything else in it. Column text
does not look so: a paragraph's lines start at one edge, a column's heading is set flush with its text.
"""

from __future__ import annotations

import re
import statistics

from sources.documents.text_layer import join_lines, line_text

AXIS = 2.0  # points: lines whose middles are this close share an axis (TeX centres to a fraction of a point)
WIDTHS = 3.0  # points: the least difference of a cell's line widths that shows its lines are centred
_KINDS = ("text", "heading")


def centred_grid(items: list[tuple]) -> list[tuple]:
    """The items of a page (``(bbox, kind, markdown, line boxes, lines)``) that make a grid of centred cells, in
    its reading order: rows top to bottom, a row's cells left to right, a cell's items top to bottom; empty
    where there is none. A grid starts at a row of two cells or more and goes on over the rows of cells right
    under it (a last author alone on a row); no other item stands beside it, between its top and its foot, and
    no column goes on right over it (`_in_columns`)."""
    items = sorted(items, key=lambda it: it[0][1])
    cells = [cell for cell in _cells(items) if centred([line for it in cell for line in it[3]])]
    members = {id(it) for cell in cells for it in cell}
    others = [it for it in items if id(it) not in members]
    rows = _rows([cell for cell in cells if not _displayed(cell, cells, others)])
    first = next((k for k, row in enumerate(rows) if len(row) >= 2), None)
    if first is None:
        return []
    grid = [rows[first]]
    for row in rows[first + 1:]:
        if any(grid[-1][0][-1][0][3] <= it[0][1] < row[0][0][0][1] for it in others):
            break  # something stands between the rows: the grid ended
        grid.append(row)
    top = min(_extent(cell)[1] for cell in grid[0])
    foot = max(_extent(cell)[3] for row in grid for cell in row)
    if any(it[0][1] < foot and it[0][3] > top for it in others) or _in_columns(grid[0], others):
        return []
    return [it for row in grid for cell in row for it in cell]


def line_a_field(item: tuple) -> tuple:
    """A grid cell's text item with a line a field, as the cell sets them: name, institution, city, e-mail each
    on its line (a heading item: each line a heading of its level). Joined as a paragraph's, IEEEtran's cell was one line ("Bo Person Grain Institute Uppsala, Sweden
    bo@grain.example")."""
    bbox, kind, markdown, boxes, lines = item
    level = re.match(r"#{1,6} ", markdown) if kind == "heading" else None
    if kind != "text" and not level or len(boxes) < 2:
        return item
    # each line's text as its paragraph's was made, scripts tagged: a box's text is the plain glyphs ("1Grain
    # Institute" for an affiliation's marked "<sup>1</sup>Grain Institute")
    fields = [join_lines([line_text(ln)]) for ln in lines] if len(lines) == len(boxes) else [b["text"] for b in boxes]
    # a cell set at a heading's size (article's \author, all \large): a heading a line, as its neighbour's lines
    # are where MuPDF cut them into blocks ("### Bo Person Silo Lab, Lund bo@silo.example" was one)
    return bbox, kind, "\n".join(f"{level[0] if level else ''}{field}" for field in fields), boxes, lines


def _in_columns(row: list[list[tuple]], others: list[tuple]) -> bool:
    """Whether a row of cells goes on columns above it: right over a cell (within two of its lines) ends an item
    that stands over that cell alone and is no title centred on its axis (a column's paragraph or heading,
    ragged right, over each of two displays side by side; a letter's "Yours sincerely," over each signer, set
    further than a cell's lines); a title over a row of authors is centred on the middle one's axis or reaches
    over more than one."""
    for cell in row:
        x0, top, x1, _ = _extent(cell)
        axis, lead = _axis(cell[0]), 2 * max(map(_line_height, cell))
        beside = [(_extent(c)[0], _extent(c)[2]) for c in row if c is not cell]
        for it in others:
            if top - lead <= it[0][3] <= top and it[0][0] < x1 and it[0][2] > x0 \
                    and not any(it[0][0] < right and it[0][2] > left for left, right in beside) \
                    and (it[1] != "heading" or _axis(it) is None or abs(_axis(it) - axis) > AXIS):
                return True
    return False


def _cells(items: list[tuple]) -> list[list[tuple]]:
    """Text items (top to bottom) stacked on one axis closer than half the lines' height of either (a title over
    the middle author's cell is further), each stack a cell;
    an item whose lines do not share an axis is in none."""
    cells: list[list[tuple]] = []
    for item in items:
        axis = _axis(item)
        if axis is None:
            continue
        for cell in cells:
            last = cell[-1]
            if abs(_axis(last) - axis) <= AXIS \
                    and 0 <= item[0][1] - last[0][3] < 0.5 * min(map(_line_height, (last, item))):
                cell.append(item)
                break
        else:
            cells.append([item])
    return cells


def centred(lines: list[dict]) -> bool:
    """Whether ``lines`` (dicts with a ``bbox``) are set centred: two or more, of different widths (by `WIDTHS`),
    their middles on one axis (within `AXIS`)."""
    widths = [line["bbox"][2] - line["bbox"][0] for line in lines]
    return len(lines) >= 2 and _shared_middle(lines) is not None and max(widths) - min(widths) >= WIDTHS


def _displayed(cell: list[tuple], cells: list[list[tuple]], others: list[tuple]) -> bool:
    """Whether a cell is centred on the column it stands in, as a display is (two centred equations atop two
    columns, or ending them, each on its column's axis, are no grid): of the lines under it, and a paragraph's
    above it, that are wider than it and reach across it but over no cell beside it, most share its axis (a
    justified column's). acmart's authors are centred on halves of the page, 6 points off its columns' axes;
    the title over them is no paragraph."""
    axis = _axis(cell[0])
    x0, top, x1, foot = _extent(cell)
    beside = [(left, right) for left, other_top, right, other_foot in map(_extent, (c for c in cells if c is not cell))
              if other_top < foot and other_foot > top]
    # above it, only a paragraph's lines (not a title's, centred on the page as the middle author is)
    wider = [line["bbox"] for it in others if it[1] in _KINDS and it[0][1] >= foot
             or it[1] == "text" and it[0][3] <= top and _axis(it) is None
             for line in it[3] if line["bbox"][0] < x0 and line["bbox"][2] > x1
             and not any(line["bbox"][0] < right and line["bbox"][2] > left for left, right in beside)]
    return 2 * sum(abs((b[0] + b[2]) / 2 - axis) <= AXIS for b in wider) > len(wider)


def _axis(item: tuple) -> float | None:
    """The middle shared by all the lines of a text item, None where they do not share one."""
    return _shared_middle(item[3]) if item[1] in _KINDS and item[3] else None


def _shared_middle(lines: list[dict]) -> float | None:
    """The mean middle of ``lines`` where all their middles lie within `AXIS`, else None."""
    middles = [(line["bbox"][0] + line["bbox"][2]) / 2 for line in lines]
    return statistics.fmean(middles) if max(middles) - min(middles) <= AXIS else None


def _extent(cell: list[tuple]) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) holding a cell's items (`blocks.union_box`, which imports this module)."""
    return (min(it[0][0] for it in cell), min(it[0][1] for it in cell), max(it[0][2] for it in cell),
            max(it[0][3] for it in cell))


def _line_height(item: tuple) -> float:
    return statistics.median(line["bbox"][3] - line["bbox"][1] for line in item[3])


def _rows(cells: list[list[tuple]]) -> list[list[list[tuple]]]:
    """Cells in rows: a cell starting above the bottom of a row's first cell is in its row; left to right."""
    rows: list[list[list[tuple]]] = []
    for cell in sorted(cells, key=lambda c: c[0][0][1]):
        if rows and cell[0][0][1] < _extent(rows[-1][0])[3]:
            rows[-1].append(cell)
        else:
            rows.append([cell])
    return [sorted(row, key=lambda c: c[0][0][0]) for row in rows]
