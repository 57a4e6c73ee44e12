"""A page's blocks in column order: the page cut into bands at blocks that span the columns
(`_spans_columns`), each band's blocks grouped into columns by their left edges and read column by column,
left to right.

Blocks at different left edges that do not stand side by side are one column, stacked (a title page's
lines set flush left and flush right, a heading narrower than the indent under it: `_stacked_together`),
unless each holds a wrapped paragraph or the two are a page's columns of short items, each under its own
heading (`_columns_apart`); neighbouring columns whose blocks start the same rows are one table drawn
without rules (`sources.documents.block_rows`), unless they are the page's columns of running text
(`_text_columns`). Used by `sources.documents.markdown`.
"""

from __future__ import annotations

import bisect
import itertools
import re

from sources.documents.block_rows import ROW_TOP, lead_in, pipe_table, rows_in_order, table_rows
from sources.documents.blocks import rows_of, union_box
from sources.documents.centred_grid import centred, centred_grid, line_a_field
from sources.documents.code_blocks import baseline
from sources.documents.footnotes import starts_with_mark
from sources.documents.text_layer import join_lines


def reading_order(items: list[tuple], page_width: float, keeps_hyphen=None) -> list[tuple]:
    """Column order: blocks are cut into horizontal bands at blocks that span the columns (`_spans_columns`);
    within a band, blocks are grouped into columns by their left edge and read column by column.
    ``keeps_hyphen``: as `text_layer.join_lines` takes it, for the cells of a table drawn without rules."""
    items = sorted(items, key=lambda it: (round(it[0][1]), it[0][0]))
    grid = centred_grid(items)  # a band of its own, whose cells tell nothing of the columns under it
    in_grid = {id(it) for it in grid}
    items = [it for it in items if id(it) not in in_grid]
    boxes = _Boxes([it[0] for it in items])
    ordered, band = [], []
    tops = [it[0] for it in items]
    for item in items:
        if grid and item[0][1] >= grid[0][0][1]:
            ordered += _band_order(band, page_width, keeps_hyphen) + [line_a_field(it) for it in grid]
            band, grid = [], []
        # a wide block that starts a row beside another (a borderless table's last cell) spans nothing
        if (_spans_columns(item[0], boxes, page_width) or between_bands(item, tops)) \
                and not _starts_row_beside(item[0], tops):  # ends the band
            # text across the page under a band ends its columns as the page's foot does: multicols' sections
            # over a closing paragraph were read a row of sections at a time (1, 4, 2, 5, 3, 6)
            ordered += _band_order(band, page_width, keeps_hyphen, foot=item[1] in _PROSE) + [item]
            band = []
        else:
            band.append(item)
    # nothing lies under the last band but a grid left over: its columns run to the foot of the page's text
    return ordered + _band_order(band, page_width, keeps_hyphen, foot=not grid) + [line_a_field(it) for it in grid]


_PROSE = ("text", "list", "heading")  # kinds of item whose text runs across the page


def _band_order(band: list[tuple], page_width: float, keeps_hyphen=None, foot: bool = False) -> list[tuple]:
    """A band's items in reading order: its columns (`_columns`), then the headings under them
    (`_under_columns`). ``foot``: the band is the page's last, nothing under it, or text across the page ends
    it."""
    band, under = _under_columns(band)
    return _columns(band, page_width, keeps_hyphen, foot) + under


def _under_columns(band: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """``(columns, under)``: a band's items less the headings at its foot that stand under every other item and
    beside one of them (under a band of columns, not in one: no item of the band stands lower), top to bottom.
    The band ends at an item across the columns, so such a heading leads into it: a page's multi-column list
    (Wikipedia's "See also", CSS `column-count`) and the heading after it, narrower than the first column, were
    read as that column's foot, before the second column ("References" between "Cherry tart" and "Date loaf").
    Only headings: a table under its head row beside a caption set in the margin is its column's still, and a
    column's foot under a shorter neighbour (a text's last page) runs on to the page's end, not to an item
    across the columns."""
    under: list[tuple] = []
    rest = list(band)
    while len(rest) > 1:
        foot = max(rest, key=lambda it: it[0][1])
        others = [it for it in rest if it is not foot]
        x0, y0, x1, _ = foot[0]
        if foot[1] != "heading" or y0 < max(it[0][3] for it in others) - 1 \
                or not any(it[0][2] <= x0 or it[0][0] >= x1 for it in others):
            break
        under.insert(0, foot)
        rest = others
    return rest, under


class _Boxes:
    """A page's item boxes by top and by bottom, to walk down (or up) the page from a height."""

    def __init__(self, boxes: list[tuple]):
        self.down = sorted(boxes, key=lambda b: b[1])
        self.tops = [b[1] for b in self.down]
        self.up = sorted(boxes, key=lambda b: b[3])
        self.bottoms = [b[3] for b in self.up]

    def below(self, y: float):
        """The boxes whose top is at ``y`` or lower, nearest first."""
        return (self.down[i] for i in range(bisect.bisect_left(self.tops, y), len(self.down)))

    def above(self, y: float):
        """The boxes whose bottom is at ``y`` or higher, nearest first."""
        return (self.up[i] for i in range(bisect.bisect_right(self.bottoms, y) - 1, -1, -1))


def _spans_columns(box: tuple, boxes: _Boxes, page_width: float, reach: int = 12) -> bool:
    """Whether an item's ``box`` is read across the columns, as a band of its own: it is wider than 55% of the
    page, or it lies over (or under) two blocks set side by side that it both overlaps, one of them mostly
    beyond it (a column of its own, not a piece of the item's column): a centred title or a table set across
    two columns. Grouped with one column, it would stretch that column over the next and read the right
    column first. The ``reach`` nearest overlapping blocks on each side are looked at."""
    x0, y0, x1, y1 = box
    if x1 - x0 > 0.55 * page_width:
        return True

    def beyond(other) -> bool:  # most of the block lies outside the item's width
        return max(0.0, x0 - other[0]) + max(0.0, other[2] - x1) > 0.5 * (other[2] - other[0])

    for walk in (boxes.below(y1 - 2), boxes.above(y0 + 2)):
        side = list(itertools.islice((b for b in walk if b is not box and b[0] < x1 - 5 and b[2] > x0 + 5), reach))
        for left in side:
            for right in side:
                if left[2] <= right[0] + 5 and _beside(left, right) and (beyond(left) or beyond(right)):
                    return True
    return False


def between_bands(item: tuple, boxes: list[tuple]) -> bool:
    """Whether a heading ``item`` stands between two bands of columns, narrower than its column: nothing beside it
    on its rows nor half its height above and under them, and over it the columns' feet level (within
    `LEVEL_FEET` of its height: multicols balances its columns to a line) and under it their tops level (within
    2 points), the nearest box above (under) it in its own column and the nearest beside it. Multicols interrupted
    by a \\section* across the page: its heading, as narrow as a column's, was read with the first column, down
    through the band under it, before the second column of the band over it. In a page's column, a heading has
    its neighbour's text beside it; beside a float a column's text neither stops nor starts level with its own.
    ``boxes``: the page's item boxes."""
    if item[1] != "heading":
        return False
    x0, y0, x1, y1 = item[0]
    half = (y1 - y0) / 2
    others = [b for b in boxes if b is not item[0]]
    if any(b[1] < y1 + half and b[3] > y0 - half and (b[0] >= x1 or b[2] <= x0) for b in others):
        return False

    def mine(b) -> bool:  # in the heading's column (overlapping it across), else beside it
        return b[0] < x1 and b[2] > x0

    feet = [max((b[3] for b in others if b[3] <= y0 and mine(b) == own), default=None) for own in (True, False)]
    tops = [min((b[1] for b in others if b[1] >= y1 and mine(b) == own), default=None) for own in (True, False)]
    return None not in feet + tops and abs(feet[0] - feet[1]) <= LEVEL_FEET * (y1 - y0) and abs(tops[0] - tops[1]) <= 2


LEVEL_FEET = 1.5  # heading heights two columns' feet over it may differ by (a column a line longer than the other)


def _beside(left: tuple, right: tuple) -> bool:
    """Whether box ``left`` and box ``right`` (its right edge left of the other's left) share a row, or are
    staggered by less than the shorter one's height across a gap of twice that height or more: two columns'
    headings, the right one set a little lower. A listing's lines indented one under the other are no such
    pair (their gap is a space or two), nor is a line set a little higher on the right: acmart's centred
    affiliation ("Lund, Sweden") just above the first column's heading made that column's paragraph one read
    across the columns, and the two columns under it were read a row from each in turn."""
    if left[1] < right[3] and right[1] < left[3]:
        return True
    slack = min(left[3] - left[1], right[3] - right[1])
    return left[1] <= right[1] < left[3] + slack and right[0] - left[2] >= 2 * slack


def _columns(band: list[tuple], page_width: float, keeps_hyphen=None, foot: bool = False) -> list[tuple]:
    """A band's items read column by column, left to right; neighbouring columns whose items start the
    same rows (`block_rows.table_rows`) are one table drawn without rules, written as a pipe table, after
    any heading set flush above its first column (`block_rows.lead_in`), unless both are a page's columns of
    running text (`_text_columns`; ``foot``: the band runs to the foot of the page's text, or to text across
    it); such a table whose
    rows of headings start rows of sections is read a section at a time (`_sections_across`)."""
    columns: list[list[tuple]] = []
    for item in sorted(band, key=lambda it: it[0][0]):
        if columns and item[0][0] < max(it[0][2] for it in columns[-1]) - 5:
            columns[-1].append(item)  # starts left of the column's right edge: same column
        else:
            columns.append([item])
    columns = _stacked_together(columns, page_width)
    runs: list[list[list[tuple]]] = []  # neighbouring columns paired row for row
    for column in columns:
        if runs and not _text_columns(runs[-1][-1], column, foot) \
                and table_rows(lead_in([runs[-1][-1], column])[1]) is not None:
            runs[-1].append(column)
        else:
            runs.append([column])
    ordered = []
    for run in runs:
        lead, cells = lead_in(run) if len(run) > 1 else ([], run)
        rows = table_rows(cells) if len(cells) > 1 else None
        table = pipe_table(rows, keeps_hyphen) if rows is not None else None
        if table is not None:
            ordered += rows_in_order(lead) + table
        elif rows is not None and sum(map(_heading_row, rows)) >= 2:
            ordered += rows_in_order(lead) + _sections_across(rows)
        else:  # one column, or a table whose cells are not plain text: read row by row
            ordered += rows_in_order(sorted((it for column in run for it in column), key=lambda it: it[0][1]))
    return ordered


def _heading_row(row: list[list[tuple]]) -> bool:
    """Whether each cell of a table's row (`block_rows.table_rows`) starts with a markdown heading."""
    return all(cell[0][1] == "heading" and cell[0][2].startswith("#") for cell in row)


def _sections_across(rows: list[list[list[tuple]]]) -> list[tuple]:
    """A grid's items whose rows of headings (`_heading_row`) each start a row of sections: each section (a
    heading and the rows under it, down to the next row of headings) read whole, left to right, one row of
    sections after another. Read row by row, both steps' headings came before both steps' text."""
    groups: list[list[list[list[tuple]]]] = []
    for row in rows:
        if _heading_row(row) or not groups or not _heading_row(groups[-1][0]):
            groups.append([])
        groups[-1].append(row)
    return [it for group in groups for j in range(len(group[0])) for row in group for it in row[j]]


def _stacked_together(columns: list[list[tuple]], page_width: float) -> list[list[tuple]]:
    """``columns`` (each a list of items, left to right) with each joined to the column before it where the two
    do not stand side by side: fewer than half the items of each lie beside (overlap across the page's height)
    an item of the other. Their items are stacked one under the other, set at different left edges, as one
    column: a title page's subtitle, edition and date set flush right under a title set flush left, its
    authors at the foot of the page, were read title and authors first, as if a column, then the rest; a
    heading narrower than the indent of the text under it was read before every paragraph of the page. Two
    columns that each hold a wrapped paragraph (`_wraps`), or that are set well apart (`_columns_apart`), stay
    columns."""
    out: list[list[tuple]] = []
    for column in columns:
        if out and not _side_by_side(out[-1], column) and not (_wraps(out[-1]) and _wraps(column)) \
                and not _columns_apart(out[-1], column, page_width):
            out[-1] = out[-1] + column
        else:
            out.append(column)
    return out


def _wraps(column: list[tuple]) -> bool:
    """Whether a column is one of text: a paragraph of it (a text or list item) wraps, on two rows or more or
    as blocks a line each set at a line's pitch, and its paragraphs start at one left edge (within
    `TEXT_EDGE`). Two such columns are read one after the other however their blocks are staggered (a
    newsletter's stories, each paragraph set lower than the one beside it, were read a paragraph from each in
    turn); a title page's lines set flush right start at no one edge, and a definition list's terms and
    one-line definitions wrap in neither column."""
    prose = sorted((item for item in column if item[1] in ("text", "list")), key=lambda it: it[0][1])
    if not prose or max(it[0][0] for it in prose) - min(it[0][0] for it in prose) > TEXT_EDGE:
        return False
    return any(len({round(baseline(ln)) for ln in item[4]}) >= 2 and not _centred_rows(item)
               and not _lines_its_author_broke(item) for item in prose) \
        or any(below[0][1] - above[0][3] < 0.5 * (above[0][3] - above[0][1]) for above, below in zip(prose, prose[1:]))


def _lines_its_author_broke(item: tuple) -> bool:
    """Whether a text item is written a line a row, every break its author's (`line_breaks.written_lines` kept
    them): an address, no wrapped paragraph. Counted as one, a letter's recipient ("Bo Chen" | "Main Road 5" |
    "Town") made a column of text beside the sender's address and date set flush right over it, and was read
    before them."""
    return item[1] == "text" and item[2].count("\n") + 1 == len(rows_of(item[4])) >= 2


def _centred_rows(item: tuple) -> bool:
    """Whether an item's rows are a centred stack, no wrapped paragraph: rows of different widths on one axis
    (`centred_grid.centred`), each its author's line (a letterhead's name over its address, written a line a row
    as verse). Counted as a paragraph wrapped, it made a column of text beside the recipient's address under it,
    and the letterhead was read after the address and the opening ("Dear Madam Chair,")."""
    return centred([{"bbox": union_box(ln["bbox"] for ln in row)} for row in rows_of(item[4])])


def _text_columns(left: list[tuple], right: list[tuple], foot: bool) -> bool:
    """Whether two neighbouring columns of a band are a page's columns of running text, never one table's:
    each holds wrapped prose (`_wraps`) and the two are as wide as each other (`_same_width`: paragraphs that
    fill their columns), or, in a band that runs to the foot of the page's text (``foot``), each holds wrapped
    prose, sections (`_sections`) or a footnote at its foot (`_noted`). A gutter clear from the band's top to
    the foot of the text splits the page, not a table: a short two-column page whose columns each held a
    heading and a line or two, level row for row, was read across, both headings, then both paragraphs; with
    footnotes at each column's foot, level too, the notes read 1, 3, 2, 4, or, under no heading, the two
    columns were a pipe table (under elsarticle's footer "Preprint submitted to Elsevier" too, which spans the
    page under the columns). A table's column of terms, numbers or prices holds none of these.

    Wrapped prose alone tells no page's columns from a table's whose cells wrap: each column must show
    something of a text's own as well (`_of_a_text`), or a comparison table at the page's foot, "Plan A" |
    "Plan B" over a row that wraps in both, was read as paragraphs, its cells apart. Nor are
    numbered headings that run across the rows (`_numbered_across`) a page's columns."""
    if _numbered_across(left, right) or not (_of_a_text(left) and _of_a_text(right)):
        return False
    if _wraps(left) and _wraps(right) and _same_width(left, right):
        return True
    return foot and all(_wraps(column) or _sections(column) or _noted(column) for column in (left, right))


_NUMBERED = re.compile(r"#+\s*(?:[^\W\d]+\.?\s+)?(\d{1,3})\b")  # "## 1 Apples", "### 2. Plums", "### Step 3"


def _numbered_across(left: list[tuple], right: list[tuple]) -> bool:
    """Whether two columns' numbered markdown headings run across the rows, not down the columns: read column
    by column they leave their order (1, 3, 2, 4), read row by row they keep it. A grid of numbered steps, two
    to a row, each a heading and its text (minipages, a CSS grid), holds sections in each column as a page's
    columns do, and was read 1, 3, 2, 4; a page's columns number their sections down the first, then on down
    the second. A line in bold ("**Algorithm 1**") numbers no section."""
    heads = sorted(((it[0][1], j, int(m.group(1))) for j, column in enumerate((left, right)) for it in column
                    if it[1] == "heading" and (m := _NUMBERED.match(it[2]))), key=lambda h: h[0])
    down = [n for _, _, n in sorted(heads, key=lambda h: h[1])]
    if len({j for _, j, _ in heads}) < 2 or down == sorted(down):
        return False
    across, row = [], []  # headings whose tops lie within ROW_TOP of the row's first read left to right
    for head in heads:
        if row and head[0] - row[0][0] > ROW_TOP:
            across += [n for _, _, n in sorted(row, key=lambda h: h[1])]
            row = []
        row.append(head)
    across += [n for _, _, n in sorted(row, key=lambda h: h[1])]
    return across == sorted(across)


def _of_a_text(column: list[tuple]) -> bool:
    """Whether a column shows a text's own marks: a section heading (`_section_title`, `_sections` or at its top)
    or a footnote at its foot (`_noted`). A table's head row is a line in bold the size of its cells (HTML's
    ``th``): "Plan A" | "Plan B" over rows whose cells wrap is no page's two columns."""
    return _noted(column) or any(map(_section_title, column))


def _sections(column: list[tuple]) -> bool:
    """Whether a column holds a section heading (`_section_title`) under its first item: a column's sections
    follow one another down it; a table's head row, set large, stands at its top only."""
    top = min(column, key=lambda it: it[0][1])
    return any(it is not top and _section_title(it) for it in column)


def _section_title(item: tuple) -> bool:
    """Whether an item is a section's title: a markdown heading, or a line numbered in Roman numerals in capitals
    (IEEEtran's "I. PART A", small capitals at the text's size and weight, which make no heading): a short
    two-column page of such sections, each a line, was a pipe table of its rows ("|I. PART A|V. PART E|")."""
    return item[1] == "heading" and item[2].startswith("#") \
        or item[1] == "text" and len(item[4]) == 1 and _ROMAN_TITLE.fullmatch(item[2].strip()) is not None


_ROMAN_TITLE = re.compile(r"[IVXLC]{1,7}\.\s+[^\W\da-z][^a-z]{0,80}")  # "IV. RESULTS AND DISCUSSION"


def _noted(column: list[tuple]) -> bool:
    """Whether a column's lowest item is a footnote (`footnotes.starts_with_mark`): notes sit at the foot of a
    column of text, under no table's column (IEEEtran's section headings are lines of the text's size, and a
    short page's paragraphs of a line each wrap nowhere)."""
    foot = max(column, key=lambda it: it[0][3])
    return bool(foot[4]) and starts_with_mark(foot[4][0])


def _same_width(left: list[tuple], right: list[tuple]) -> bool:
    """Whether two columns' extents (their items' leftmost left to rightmost right) are within a tenth of the
    wider one of each other."""
    widths = [max(it[0][2] for it in column) - min(it[0][0] for it in column) for column in (left, right)]
    return max(widths) - min(widths) <= 0.1 * max(widths)


TEXT_EDGE = 30.0  # points: a paragraph's first line set in (TeX's 15, a wide 2 em) starts it a little further
GUTTER = 12.0  # points: the least space between columns (IEEE's two columns: 0.17 in)


def _columns_apart(left: list[tuple], right: list[tuple], page_width: float) -> bool:
    """Whether two columns are a page's columns of short items however staggered: each holds two items or more
    starting at one left edge (within `TEXT_EDGE`) under a heading of its own (`_headed`), and the right one
    starts a third of the page or more right of the left one's edge, past a gutter of `GUTTER`. Two bulleted
    lists set side by side under their own headings, each item a little lower than the one beside it, were
    read as one list, an item from each in turn; a chat's messages, alternating left and right under no
    heading, are read in turn; a definition list's definitions, indented under their terms by an inch or
    less, stay stacked."""
    if len(left) < 2 or len(right) < 2 or not all(_headed(column) for column in (left, right)):
        return False
    edge, other = min(it[0][0] for it in left), min(it[0][0] for it in right)
    return (max(it[0][0] for it in left) - edge <= TEXT_EDGE and max(it[0][0] for it in right) - other <= TEXT_EDGE
            and other - edge >= page_width / 3 and other - max(it[0][2] for it in left) >= GUTTER)


def _headed(column: list[tuple]) -> bool:
    """Whether a column's topmost item is a heading: a column under its own heading ("Advantages")."""
    return min(column, key=lambda it: it[0][1])[1] == "heading"


def _side_by_side(left: list[tuple], right: list[tuple]) -> bool:
    """Whether half the items of ``left`` or more, or of ``right``, have an item of the other beside them: the two
    overlap by half the lower one's height at the least (`_beside_by`). Boxes on consecutive rows overlap by their
    leading: a definition list's one-line definition, set in under its term and over the next term, touched both
    ("Alice" between "Name" and "Role") and was taken for a column beside the terms, read after them all."""
    def mostly_beside(items: list[tuple], others: list[tuple]) -> bool:
        found = 0
        for item in items:
            found += any(_beside_by(item[0], other[0]) for other in others)
            if 2 * found >= len(items):
                return True
        return False

    return mostly_beside(left, right) or mostly_beside(right, left)


def _beside_by(box: tuple, other: tuple) -> bool:
    """Whether two boxes overlap across the page's height by half the lower one's height at the least."""
    overlap = min(box[3], other[3]) - max(box[1], other[1])
    return overlap > 0.5 * min(box[3] - box[1], other[3] - other[1])


def _starts_row_beside(box: tuple, boxes: list[tuple]) -> bool:
    """Whether another of ``boxes`` ends left of ``box`` and starts its row (tops within ``ROW_TOP``)."""
    return any(other is not box and other[2] <= box[0] + 1 and abs(other[1] - box[1]) <= ROW_TOP for other in boxes)
