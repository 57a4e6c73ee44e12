"""Tables on a document page as markdown: ruled ones from PyMuPDF's ``find_tables``, looked for only where
ruling lines exist, and the cells' text read as the page's characters are, spaces and all.

- A link's underline is not a ruling: a thin horizontal shape just under a text line's baseline and no
  wider than that line is left out of the drawings ``find_tables`` reads (an underline that reached a
  cell's border within its snap tolerance cut the row in two, and ``to_markdown`` filled the phantom
  row with a copy of the one above).
- A cell's text is its characters in reading order, as `extract_cells` gives them without markup:
  ``to_markdown`` strips each styled span, which lost the space at every font change ("see the" +
  "pam_env(8)" -> "see thepam_env(8)"), and adds ``**`` and backticks the rest of the page never has.
  A merged cell is written once, its other cells left empty, not copied. (`table_cells.cell_text` reads the
  table's characters once for all cells: ``extract_cells`` extracts them again for every cell, 70% of
  the time of a table-heavy page such as the Debian Reference's.)

Tables without rulings are `sources.documents.borderless_tables`'.
"""

from __future__ import annotations

import pymupdf

from sources.documents import table_chars, table_rulings
from sources.documents.literal_emphasis import literal, pipe_cell
from sources.documents.table_cells import CellLine, cell_lines, text_rows
from sources.documents.text_layer import join_lines

table_chars.install()  # PyMuPDF's own table detection, its character list built 5x faster


def find_tables(page, drawings: list[dict], text: dict | None = None) -> list:
    """Tables that PyMuPDF finds, looked for only where ruling lines exist (``drawings``: the page's
    ``get_cdrawings()``) and only in the area they cover: detection reads the characters of its
    clip, so a clip cuts it from 11 to 2 ms. ``text``: the page's dict text, whose lines tell link
    underlines from rulings."""
    xs, ys = [], []
    for drawing in drawings:
        for item in drawing.get("items", ()):
            if item[0] == "l":
                xs += (item[1][0], item[2][0])
                ys += (item[1][1], item[2][1])
            elif item[0] == "re":
                xs += (item[1][0], item[1][2])
                ys += (item[1][1], item[1][3])
    if len(xs) < 8:  # fewer than four rulings: no grid to find
        return []
    pymupdf.no_recommend_layout()  # PyMuPDF would print an advert for its layout package
    ruled = pymupdf.Rect(min(xs) - 3, min(ys) - 3, max(xs) + 3, max(ys) + 3) & page.rect
    try:
        is_underline = _Underlines([ln for block in (text or {}).get("blocks", []) for ln in block.get("lines", [])])
        under = _ruled_on([d["rect"] for d in drawings], [is_underline(d["rect"]) for d in drawings])
        if table_rulings.applies(page) and not table_rulings.may_hold_table(
                [d for d, below in zip(drawings, under) if not below], ruled):
            return []  # no grid of two rows and two columns can come of these rulings: none would be kept
        # what find_tables would read itself (the same paths, as objects), less the underlines
        paths = table_chars.drawings_of(page, drawings)
        if len(paths) != len(drawings):
            under = _ruled_on([p["rect"] for p in paths], [is_underline(p["rect"]) for p in paths])
        paths = [p for p, below in zip(paths, under) if not below]
        return [t for t in page.find_tables(clip=ruled, strategy="lines_strict", paths=paths).tables
                if t.row_count >= 2 and t.col_count >= 2 and _cells_with_text(t, 2) >= 2]
    except Exception:  # a page whose drawings confuse table detection keeps its text as paragraphs
        return []


def _ruled_on(rects: list, under: list[bool]) -> list[bool]:
    """``under`` (whether each of ``rects`` is a line under text) less the thin lines that another thin line
    goes on from, end to end on one height, where a thin upright line meets the two: a table's ruling drawn a
    cell at a time, a column's rule at each joint. With no padding (`border-collapse: collapse`, `padding: 0`) a
    cell's bottom border lies just under its text and no wider: the head's were taken for link underlines and
    the head read as one row with the first ("Service ssh"). A link's underline drawn in pieces (a run in bold)
    has no upright rule at its joints."""
    if not any(under):
        return under
    lefts: set[tuple[int, int]] = set()  # (height, x) of each thin line's left end, and of its right end
    rights: set[tuple[int, int]] = set()
    uprights = []
    for x0, y0, x1, y1 in rects:
        if 0 <= y1 - y0 <= 2 and x1 - x0 >= 2:
            lefts.add((round(y0), round(x0)))
            rights.add((round(y0), round(x1)))
        elif 0 <= x1 - x0 <= 2 and y1 - y0 >= 2:
            uprights.append((x0, y0, x1, y1))

    def joint(x: float, y: float, ends: set) -> bool:  # another line's end at (x, y), an upright rule through it
        return any((round(y), round(x) + d) in ends for d in (-1, 0, 1)) and any(
            u[0] - 1 <= x <= u[2] + 1 and u[1] - 1 <= y <= u[3] + 1 for u in uprights)

    return [below and not (joint(x1, y0, lefts) or joint(x0, y0, rights))
            for (x0, y0, x1, y1), below in zip(rects, under)]


def _cells_with_text(table, enough: int) -> int:
    """How many of a found table's cells hold text, counted up to ``enough``: a grid of drawn shapes around
    one word (the Asymptote manual's logo: four cells, "symptote" in one) is a picture, not a table.
    Where `table_chars` is installed its count finds the cells' characters without extracting their text."""
    if table_chars.PYMUPDF_EXTRACT is not None and hasattr(table, "_chars"):
        return table_chars.cells_with_text(table, enough)
    return min(enough, sum(1 for row in table.extract() for cell in row if cell and cell.strip()))


class _Underlines:
    """Whether a drawing (its ``rect``) is a line under text (one of ``lines``, a page's dict text lines): thin
    and horizontal, its top within a quarter of the font size below a line's baseline, and no wider than that
    line (a row's ruling runs past the cell's padding). Each line's bounds are read once, when the first thin
    drawing is asked about; a line that cannot be read fails the question where reading it failed."""

    def __init__(self, lines: list[dict]):
        self.lines = lines
        self.bounds: list | None = None  # per line: (top, bottom, left, right) for the rect's y0, x0, x1, or the error

    def __call__(self, rect) -> bool:
        # a Rect or its four numbers, read once (a Rect made of each of 20,000 drawings, and its properties read,
        # took 0.5 s of CPU on Debian's two manuals); its height and width as Rect's properties compute them
        x0, y0, x1, y1 = rect
        if max(0, y1 - y0) > 2 or max(0, x1 - x0) < 2:
            return False
        if self.bounds is None:
            self.bounds = [self._bounds(line) for line in self.lines]
        for bound in self.bounds:
            if isinstance(bound, Exception):
                raise bound
            top, bottom, left, right = bound
            if top <= y0 <= bottom and left <= x0 and x1 <= right:
                return True
        return False

    @staticmethod
    def _bounds(line: dict):
        try:
            x0, _, x1, _ = line["bbox"]
            span = line["spans"][0]
            base, size = span["origin"][1], span["size"]
            return base - 0.1 * size, base + 0.25 * size, x0 - 1, x1 + 1
        except Exception as error:  # noqa: BLE001 - raised again where the question reaches this line
            return error


def table_markdown(table, keeps_hyphen=None, raw: list[dict] | None = None) -> str:
    """A found table as a markdown pipe table, its cells' text without markup (see the module
    docstring); lines inside a cell are joined as a paragraph's are. ``raw``: the blocks of
    ``table.textpage.extractRAWDICT()`` if read already (a page's tables share one TextPage)."""
    raw = raw if raw is not None else table.textpage.extractRAWDICT()["blocks"]
    grid = [[cell_lines(raw, box) if box is not None else [] for box in row.cells] for row in table.rows]
    names = header_above(table)
    if names is not None:  # the header stands above the grid: every row is data
        grid.insert(0, [[CellLine(None, join_lines((name or "").splitlines()))] for name in names])
    # the head row stays one: column names set on two lines each ("Mean" over "Error") are one name a column
    head, *body = [[pipe_cell(literal(join_lines([line.text for line in cell], keeps_hyphen))) for cell in row]
                   for n, grid_row in enumerate(_without_padding(table, grid, raw))
                   for row in (text_rows(grid_row) if n else [grid_row])]
    if names is None and _heads_down_the_side(table, raw):  # no row of names: the pipe table's head is empty
        head, body = ["" for _ in head], [head, *body]
    lines = ["|" + "|".join(head) + "|", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["|" + "|".join(row) + "|" for row in body]
    return "\n".join(lines)


_BOLD = 16  # MuPDF's span flag for a bold font


def _heads_down_the_side(table, raw: list[dict]) -> bool:
    """Whether ``table``'s heads are its first column only: every row's first cell in bold (HTML's ``<th>`` a
    row: "Name | Ann Lee", "Age | 31"), and its first row plain beyond that cell. Its first row is data then,
    not column names; taken for the pipe table's head (a pipe table must have one), "Ann Lee" was written as
    the name of the column, where the reader sees no row of names. Such a table is written as pandoc writes a
    table without a head: an empty head row over every row."""
    def bold(box) -> bool | None:  # None: no character in the box
        flags = [span["flags"] & _BOLD for block in raw if block["type"] == 0 for line in block["lines"]
                 for span in line["spans"] for c in span["chars"] if not c["c"].isspace()
                 and box[0] <= (c["bbox"][0] + c["bbox"][2]) / 2 <= box[2]
                 and box[1] <= (c["bbox"][1] + c["bbox"][3]) / 2 <= box[3]]
        return all(flags) if flags else None

    rows = [list(row.cells) for row in table.rows]
    # the first row first: most tables' names are set in bold, and the answer comes after a few cells
    if len(rows) < 2 or not rows[0] or not any(bold(box) is False for box in rows[0][1:] if box is not None):
        return False
    return all(row and row[0] is not None and bold(row[0]) for row in rows)


PADDING = 1.5  # font sizes: a column (row) of the grid narrower than this, with no character in it, is padding


def _without_padding(table, rows: list[list[str]], raw: list[dict]) -> list[list[str]]:
    """``rows`` (the text of ``table``'s cells, row by row) less the columns and rows of the grid that are
    only a cell's padding: narrower than `PADDING` font sizes, no character inside, no cell of its own (only
    merged cells across it). A table set inside a
    cell (HTML's nested tables) draws its rulings a padding's width inside that cell's, and PyMuPDF's grid
    took the strips between them for columns: two unnamed empty columns in every row ("|alpha||Dev|Size||
    Ann|"). A merged cell that starts in a strip is written in the place after it."""
    chars = [((c["bbox"][0] + c["bbox"][2]) / 2, (c["bbox"][1] + c["bbox"][3]) / 2, span["size"])
             for block in raw if block["type"] == 0 for line in block["lines"] for span in line["spans"]
             for c in span["chars"] if not c["c"].isspace()]
    boxes = [list(row.cells) for row in table.rows]
    x0, y0, x1, y1 = table.bbox
    cols = sorted({box[0] for row in boxes for box in row if box} | {x1})
    tops = sorted({box[1] for row in boxes for box in row if box} | {y1})
    if not chars or len(cols) != len(rows[0]) + 1 or len(tops) not in (len(rows), len(rows) + 1):
        return rows  # a grid it does not describe
    if len(tops) == len(rows):  # the first row is column names set above the grid (`header_above`)
        boxes.insert(0, [(x0, y0, x1, y0)] * len(rows[0]))
        tops.insert(0, float("-inf"))  # no strip
    size = sorted(c[2] for c in chars)[len(chars) // 2]

    def single(i: int, j: int) -> bool:  # a cell of one row and one column
        box = boxes[i][j]
        return box is not None and abs(box[2] - cols[j + 1]) < 0.5 and abs(box[3] - tops[i + 1]) < 0.5

    def strips(edges: list[float], along: int, own) -> list[int]:
        # narrow, no character's middle in it, and no cell of its own: a padding strip lies in cells merged
        # across it; an empty row a table means to have (its own cells, each as high as padding) is kept
        return [j for j in range(len(edges) - 1) if edges[j + 1] - edges[j] < PADDING * size and not own(j) and not any(
            edges[j] < c[along] < edges[j + 1] and (y0, x0)[along] < c[1 - along] < (y1, x1)[along] for c in chars)]

    across = strips(cols, 0, lambda j: any(single(i, j) for i in range(len(boxes))))
    down = strips(tops, 1, lambda i: any(single(i, j) for j in range(len(cols) - 1)))
    if across:
        rows = [_dropped(row, box_row, across) for row, box_row in zip(rows, boxes)]
        boxes = [_dropped(box_row, box_row, across) for box_row in boxes]
    if down:
        columns = [_dropped(list(column), list(box_column), down) for column, box_column in zip(zip(*rows), zip(*boxes))]
        rows = [list(row) for row in zip(*columns)]
    return rows


def _dropped(values: list, boxes: list, strips: list[int]) -> list:
    """``values`` less the places ``strips``; a value there moves on to the next place where that one is
    merged into it (its box None, its value empty)."""
    values = list(values)
    for j in strips:
        if values[j] and j + 1 < len(values) and boxes[j + 1] is None and not values[j + 1]:
            values[j + 1] = values[j]
    return [value for j, value in enumerate(values) if j not in strips]


def header_above(table) -> list[str] | None:
    """The column names of a header PyMuPDF finds above ``table``'s grid (``table.header`` when it is
    ``external``), or None when its top row is its header.

    PyMuPDF's ``Table.header`` costs about 9 ms of CPU a table (the Debian manuals' 172 tables: 1.6 s): it
    extracts the whole table, looks for bold characters in the top rows and renders two clips before it
    reads the text above the grid. Every way out of it but one says "the top row is the header", and that
    one needs a text line just above the grid: the lowest span above the top row less than its own height
    above it. That one reading is done first (`_text_just_above`, 1.5 ms), and PyMuPDF's own check runs
    only where it passes (5 of the manuals' 172 tables; 3 have a header above), so the answer is PyMuPDF's
    on every table."""
    if not hasattr(table, "_vlbuild_header_above"):  # asked by table_area and table_markdown: judged once
        table._vlbuild_header_above = _header_above(table)
    return table._vlbuild_header_above


def _header_above(table) -> list[str] | None:
    if not _text_just_above(table):
        return None
    header = table.header
    return header.names if header.external else None


def table_area(table) -> pymupdf.Rect:
    """Where ``table`` stands on its page: its grid, and the header above it where `header_above` finds one
    (the names' text is the table's: read again as a paragraph, it was written twice)."""
    area = pymupdf.Rect(table.bbox)
    if header_above(table) is not None:  # Table.header is computed once and kept
        area |= pymupdf.Rect(table.header.bbox)
    return area


def _text_just_above(table) -> bool:
    """Whether ``Table._get_header`` (PyMuPDF 2.0) would find a text line close enough above the table to
    look further: the same clipped reading (the page above the top row, its non-blank, non-superscript
    spans, the lowest first) under the two text-extraction switches of the table's detection, as
    ``Table.header`` sets them. Always True on another PyMuPDF release than the one this reading was
    checked against (`table_chars.PATCHED_VERSION`): its own check decides."""
    flags = getattr(table, "_header_flags", None)
    if flags is None or pymupdf.pymupdf_version != table_chars.PATCHED_VERSION:
        return True
    top = pymupdf.Rect(table.rows[0].bbox)
    clip = pymupdf.Rect(top.x0, 0, top.x1, top.y0)
    tools = pymupdf.TOOLS
    old = bool(tools.set_small_glyph_heights()), bool(tools.unset_quad_corrections())
    tools.set_small_glyph_heights(flags[0])
    tools.unset_quad_corrections(flags[1])
    try:
        blocks = table.page.get_text("dict", clip=clip, flags=pymupdf.TEXTFLAGS_TEXT)["blocks"]
    finally:
        tools.set_small_glyph_heights(old[0])
        tools.unset_quad_corrections(old[1])
    spans = [s for b in blocks for ln in b["lines"] for s in ln["spans"]
             if not (pymupdf.table.white_spaces.issuperset(s["text"]) or s["flags"] & pymupdf.TEXT_FONT_SUPERSCRIPT)]
    if not spans:
        return False
    x0, y0, x1, y1 = max(spans, key=lambda s: s["bbox"][3])["bbox"]  # the first of the lowest, as a stable sort
    return top.y0 - y1 < y1 - y0
