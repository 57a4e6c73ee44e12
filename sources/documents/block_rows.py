"""Blocks of a page set on rows: read left to right where they stand side by side, and neighbouring columns of
blocks that start the same rows as one table drawn without rules, written as a markdown pipe table.

An item here is `markdown.page_markdown`'s: ``(bbox, kind, markdown, line boxes, lines)``, bbox in points.
"""

from __future__ import annotations

import bisect

from sources.documents.blocks import is_entry, line_text, union_box
from sources.documents.literal_emphasis import literal, pipe_cell
from sources.documents.text_layer import join_lines

ROW_TOP = 3.0  # points two items' tops may differ by and start one row
CELL_KINDS = ("text", "list", "heading")  # what a cell can hold: no code block or picture (nor a "#" heading)
GUTTER = 3.0  # points of clear space a column of cells leaves before the next one's text starts


def table_rows(columns: list[list[tuple]]) -> list[list[list[tuple]]] | None:
    """The rows of neighbouring ``columns`` (their items) as a table drawn without rules, each row a list of
    its cells' items, a column's items in order; None where they are not one.

    Rows start where an item of every column starts (tops within ``ROW_TOP``): each row has such an item
    in each column (or several side by side), and an item that starts no row is a piece of the cell above
    it in its column (MuPDF cut a cell's last line into a block of its own: "$1500/year More Info" and
    "Purchase"), less than half a line under the cell's last piece. Two rows at least, three
    where a cell is in pieces. SQLite's keyword table ('keyword' | "A keyword in single quotes is a string
    literal.") was read as its terms, then their explanations, and its price list as its four items, then
    their four prices; two columns of prose start their paragraphs on the same row by chance only, and not
    all of them."""
    if any(it[1] not in CELL_KINDS for column in columns for it in column):
        return None  # a picture or a code block is no cell (its item holds no line boxes to measure)
    if all(_entries(column) for column in columns):
        return None
    tops = [[it[0][1] for it in column] for column in columns]
    starts: list[float] = []
    for t in sorted(t for t in tops[0] if all(any(abs(t - u) <= ROW_TOP for u in other) for other in tops[1:])):
        if not starts or t - starts[-1] > ROW_TOP:  # items side by side start one row
            starts.append(t)
    if len(starts) < 2:
        return None
    rows: list[list[list[tuple]]] = [[[] for _ in columns] for _ in starts]
    pieces = []
    for j, column in enumerate(columns):
        for item in column:
            row = next((i for i, start in enumerate(starts) if abs(item[0][1] - start) <= ROW_TOP), None)
            if row is not None:  # two in one column start it side by side ("1." and its item's text)
                rows[row][j].append(item)
            else:
                pieces.append((j, item))
    if any(not cell for row in rows for cell in row):
        return None
    for j, item in sorted(pieces, key=lambda piece: piece[1][0][1]):
        row = bisect.bisect_right(starts, item[0][1]) - 1
        # the next line of its own cell: under it by less than half a line (a paragraph further down, or
        # a column's next heading, lies further; a tall cell beside it does not make it the row's)
        if row < 0 or item[0][1] - max(it[0][3] for it in rows[row][j]) > 0.5 * _first_line_height(item):
            return None
        rows[row][j].append(item)
    if pieces and len(starts) < 3 or not _short_column(rows):
        return None
    return [[rows_in_order(sorted(cell, key=lambda it: it[0][1])) for cell in row] for row in rows]


def _entries(column: list[tuple]) -> bool:
    """Whether most of a column's items end as an index's or a table of contents' entries (`blocks.is_entry`:
    a dot leader and page numbers): columns all of such entries are an index set in columns, read down each
    column as its alphabet runs; level row for row (texinfo's two-column index: "SEEK_END . . . 314" beside
    "specular . . . 370"), they were a table pairing entries from two letters' runs."""
    return 2 * sum(is_entry(it[2]) for it in column) > len(column)


def _short_column(rows: list[list[list[tuple]]]) -> bool:
    """Whether a column holds something other than wrapped prose (`_wrapped`) in more than half its rows: a
    term, a number beside its text, a price and its links. Two columns of prose whose paragraphs start level
    (each the same number of lines, as a two-column paper's columns on one baseline grid often are) have
    none, and were written as a table whose head was a paragraph."""
    return any(sum(not _wrapped(row[j]) for row in rows) > len(rows) / 2 for j in range(len(rows[0])))


def _wrapped(cell: list[tuple]) -> bool:
    """Whether a cell is paragraphs of two rows or more, each row after a paragraph's first starting where
    the others do (a first line may be indented). A row is the line boxes on one baseline: MuPDF cuts a
    justified line at a sentence's stretched space ("lum and Nes." | "The secretary agreed to"), and the
    piece after the cut starts no row."""
    starts = [_row_starts(it[3]) for it in cell]
    lefts = [left for rows in starts for left in rows[1:]]
    return all(len(rows) >= 2 for rows in starts) and max(lefts) - min(lefts) <= 2


def _row_starts(boxes: list[dict]) -> list[int]:
    """The left end (rounded points) of each row of line ``boxes`` in order, a row being the boxes whose bottoms
    lie within 2 points of the one before."""
    starts: list[int] = []
    bottom = None
    for box in boxes:
        x0, _, _, y1 = box["bbox"]
        if bottom is not None and abs(y1 - bottom) < 2:
            starts[-1] = min(starts[-1], round(x0))
        else:
            starts.append(round(x0))
        bottom = y1
    return starts


def lead_in(columns: list[list[tuple]]) -> tuple[list[tuple], list[list[tuple]]]:
    """The items of the first of ``columns`` that lie wholly above every other column's items (the table's
    heading, set flush with its first column: "Licenses (details below)" over SQLite's price list), and the
    columns without them: such an item starts no row and is no piece of a cell."""
    top = min(it[0][1] for column in columns[1:] for it in column)
    lead = sorted((it for it in columns[0] if it[0][3] <= top), key=lambda it: it[0][1])
    return lead, [[it for it in columns[0] if it[0][3] > top], *columns[1:]]


def _first_line_height(item: tuple) -> float:
    box = item[3][0]["bbox"] if item[3] else item[0]
    return box[3] - box[1]


def pipe_table(rows: list[list[list[tuple]]], keeps_hyphen=None) -> list[tuple] | None:
    """A table drawn without rules (`table_rows`) as items: one markdown pipe table whose first row is its
    head, a cell's pieces and lines joined by spaces; where its last column is a contents page's page numbers
    (`borderless_tables.contents`), an entry a paragraph ("Introduction 1"); where its columns are records set
    side by side, each with the same column of labels (`borderless_tables.records`), a table a record, left to
    right, each headed by an empty row (a record's first field is no column's name). None where a cell holds
    anything but text, a list or a line set in bold (a term, ``**'keyword'**``). A column whose lines stand in
    two or more columns of their own on every row (`_sub_columns`) is that many columns, their lines joined with
    ``keeps_hyphen`` (as `text_layer.join_lines` takes it)."""
    from sources.documents.borderless_tables import contents, headless, records, records_markdown

    items = [it for row in rows for cell in row for it in cell]
    if any(it[1] not in CELL_KINDS or it[2].startswith("#") for it in items):
        return None
    table: list[list[str]] = [[] for _ in rows]
    spans = []  # the table's columns each of ``rows``' columns became
    for j in range(len(rows[0])):
        cells = [row[j] for row in rows]
        cuts = _sub_columns(cells)
        spans.append(range(len(table[0]), len(table[0]) + len(cuts) + 1))
        for i, cell in enumerate(cells):
            if cuts:
                table[i] += _cut_cell([ln for it in cell for ln in it[4]], cuts, keeps_hyphen)
            else:
                # a page's own "*" and "_" stay text (`literal_emphasis`); a term's bold is the project's
                table[i].append(" ".join(" ".join((it[2] if it[1] == "heading" else literal(it[2])).split())
                                         for it in cell))
    if contents(table):
        return [_entry([it for cell in row for it in cell], " ".join(text for text in texts if text))
                for row, texts in zip(rows, table)]
    table = [[pipe_cell(text) for text in row] for row in table]
    if headless(table):  # a form's questions and their choices: no head to write
        return None
    shape = records(table, spans)
    if shape:
        width, height = shape
        out = []
        for top in range(0, len(rows), height):
            for start in range(0, len(spans), width):
                first, last = spans[start][0], spans[start + width - 1][-1] + 1
                [md] = records_markdown([row[first:last] for row in table[top:top + height]], (last - first, height))
                part = [it for row in rows[top:top + height] for cell in row[start:start + width] for it in cell]
                out.append(_table_item(part, md))
        return out
    head, *body = table
    return [_table_item(items, "\n".join(["|" + "|".join(head) + "|", "|" + "|".join("---" for _ in head) + "|"]
                                         + ["|" + "|".join(row) + "|" for row in body]))]


def _table_item(items: list[tuple], md: str) -> tuple:
    """A pipe table's markdown ``md`` as one item of ``items``' boxes."""
    return union_box(it[0] for it in items), "table", md, [box for it in items for box in it[3]], []


def _entry(items: list[tuple], text: str) -> tuple:
    """One row of a contents page (its items, left to right) as one paragraph item of ``text``."""
    return (union_box(it[0] for it in items), "text", text,
            [box for it in items for box in it[3]], [ln for it in items for ln in it[4]])


def _sub_columns(cells: list[list[tuple]]) -> list[float]:
    """Where one column's cells (a row each) are cut into columns of their own: the x (points) at which lines
    start on two rows or more, with no line of the column crossing it and a clear `GUTTER` before it, and
    lines side by side across it on every row (SQLite's support page: the item's number "1." beside its
    text, the price "Free" beside its links, each a line of one MuPDF block). A first-line indent or an
    indented paragraph under another has no line beside it: no cut."""
    lines = [ln["bbox"] for cell in cells for it in cell for ln in it[4]]
    if any(not it[4] for cell in cells for it in cell):
        return []
    cuts = []
    for x in sorted({round(box[0]) for box in lines}):
        left = [box for box in lines if box[0] < x - 1]
        if not left or any(box[2] > x - GUTTER for box in left):
            continue
        if all(_beside(cell, x) for cell in cells):
            cuts.append(x - 1)
    return cuts


def _beside(cell: list[tuple], x: float) -> bool:
    """Whether a line of ``cell`` ending left of ``x`` and one starting there share a row."""
    boxes = [ln["bbox"] for it in cell for ln in it[4]]
    return any(_same_row(a, b) for a in boxes if a[2] < x for b in boxes if b[0] >= x - 1)


def _cut_cell(lines: list[dict], cuts: list[float], keeps_hyphen=None) -> list[str]:
    """A cell's lines as the text of each of its sub-columns (left of the first cut, between cuts, ...)."""
    parts: list[list[dict]] = [[] for _ in range(len(cuts) + 1)]
    for line in sorted(lines, key=lambda ln: (ln["bbox"][1], ln["bbox"][0])):
        parts[bisect.bisect_right(cuts, line["bbox"][0])].append(line)
    return [literal(" ".join(join_lines([line_text(ln) for ln in part], keeps_hyphen).split())) for part in parts]


def rows_in_order(column: list[tuple]) -> list[tuple]:
    """A column's items (sorted by top) with those set side by side on one row read left to right: a form's
    label and its filled-in value (a widget, an annotation, a block of its own two points higher) came
    value first ("Margaret Hamilton" before "Applicant name:"). Side by side: each overlaps the row's
    first item over more than half the lower of the two heights."""
    ordered, row = [], []
    for item in column:
        if row and _same_row(row[0][0], item[0]):
            row.append(item)
            continue
        ordered += sorted(row, key=lambda it: it[0][0])
        row = [item]
    return ordered + sorted(row, key=lambda it: it[0][0])


def _same_row(a: tuple, b: tuple) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0.5 * min(a[3] - a[1], b[3] - b[1]) and (a[2] <= b[0] or b[2] <= a[0])
