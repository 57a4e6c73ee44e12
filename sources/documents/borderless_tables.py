"""Tables without rulings on a document page, found from how their lines stand: columns no line of another
crosses, rows level across them, short lines. Ruled tables are `sources.documents.tables`'.

- `borderless_table`: a block's lines as a pipe table, or None when they are prose, a list or code.
- `table_after_lead`: a table under the sentence that leads into it, in one block.
- `column_ranges`, `column_count` and `spanning_head`: the columns a block's lines stand in, and a head spanning them;
  `set_apart`: a line set as a head (bold, or larger).
"""

from __future__ import annotations

import math
import re

from sources.documents.code_blocks import baseline
from sources.documents.column_cuts import cut_at_columns
from sources.documents.line_breaks import broken_for_width, words
from sources.documents.literal_emphasis import literal, pipe_cell
from sources.documents.text_layer import join_lines


def column_ranges(lines: list[dict]) -> list[list[float]]:
    """The columns ``lines`` stand in, left to right: x ranges ``[x0, x1]`` (points) no line of another crosses."""
    columns: list[list[float]] = []
    for x0, x1 in sorted((ln["bbox"][0], ln["bbox"][2]) for ln in lines):
        if columns and x0 < columns[-1][1] - 1:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return columns


def column_count(lines: list[dict]) -> int:
    """How many columns ``lines`` stand in (`column_ranges`), a column of one row's lines only not counted
    where the lines stand on two rows or more (`_one_row_columns`)."""
    lines = spanning_head(lines)[1]
    return len(column_ranges(lines)) - len(_one_row_columns(lines))


def spanning_head(lines: list[dict]) -> tuple[list[dict], list[dict]]:
    """``(spans, rest)``: the lines of a table's top row when its names stand over two columns or more of
    the rows under it (LaTeX's \\multicolumn, "Set A" over "Acc" and "F1"; `column_ranges` of ``rest``),
    and the other lines; ``([], lines)`` where the top row holds no such name, one name alone or one over
    every column (a title). Taken as a row, those names merged the columns
    under them: the head and the body were read apart, the body as a paragraph at times."""
    from sources.documents.code_blocks import baseline

    if len(lines) < 4:
        return [], lines
    top = min(baseline(ln) for ln in lines)
    bottom = max(ln["bbox"][3] for ln in lines if abs(baseline(ln) - top) < 2)
    # and a name set across the top row and the next (\\multirow in the head: "Method" beside "Set A" and "Acc")
    head = [ln for ln in lines if abs(baseline(ln) - top) < 2 or ln["bbox"][1] < bottom - 1 and not any(
        abs(baseline(other) - baseline(ln)) < 2 for other in lines if other is not ln)]
    rest = [ln for ln in lines if not any(ln is h for h in head)]
    columns = column_ranges(rest)
    if len(columns) < 3 or len({round(baseline(ln)) for ln in rest}) < 2:
        return [], lines
    under = [[k for k, (c0, c1) in enumerate(columns) if ln["bbox"][0] < c1 and c0 < ln["bbox"][2]] for ln in head]
    # one name alone over the columns is a title ("Enhanced Text Control Codes" centred over gnuplot's table)
    if len(head) < 2 or any(not cols for cols in under) or all(len(cols) < 2 for cols in under) \
            or any(len(cols) == len(columns) for cols in under):
        return [], lines
    # a name over columns has a name of each under it, on the next row: a justified cell's row that MuPDF cut
    # at its stretched spaces ("fcdf" | "in" | "Octave" | "Forge", texinfo's @multitable) makes columns of its
    # words, and a row of the same words not cut ("exprnd in Octave Forge" over "statistics pkg") no span
    # names, not a data row: "$" | "4,500.00" under "First quarter" (Excel's accounting format), "12" | "15" |
    # "18" under "Sales by quarter" with no names of its own, made the first data row the head's
    below = min(baseline(ln) for ln in rest)
    row = [ln for ln in rest if abs(baseline(ln) - below) < 2]
    # under it: in the columns it stands over (a name centred over two columns may not reach over their names
    # when these are narrower than the column's values: Times's "Test" over "Acc" and "F1" beside "60.3")
    for ln, cols in zip(head, under):
        names = [other for other in row
                 if any(columns[k][0] < other["bbox"][2] and other["bbox"][0] < columns[k][1] for k in cols)]
        if len(cols) >= 2 and (len(names) < 2 or not all(_NAME.search(_line_text(name)) for name in names)):
            return [], lines
    return head, rest


_NAME = re.compile(r"[^\W\d_]")  # a column's name holds a letter ("Acc", "F1"); a value may not ("4,500.00", "$")


def _under_spans(names: list[str], spans: list[dict], columns: list[list[float]]) -> list[str]:
    """A table's head row ``names`` (one a column, ``columns`` their x ranges) each after the name of the span
    (`spanning_head`) it stands under, the one over most of its width: "Set A Acc", "Set A F1", as pipe
    tables have no cell across columns ("Method" under none stays "Method")."""
    out = []
    for name, (c0, c1) in zip(names, columns):
        overlaps = [(min(c1, ln["bbox"][2]) - max(c0, ln["bbox"][0]), ln) for ln in spans]
        width, span = max(overlaps, key=lambda pair: pair[0])
        above = pipe_cell(literal(_line_text(span))) if width > 0 else ""
        out.append(" ".join(part for part in (above, name) if part))
    return out


def _one_row_columns(lines: list[dict]) -> list[list[float]]:
    """The columns (`column_ranges`) whose lines all stand on one baseline, where ``lines`` stand on two or more:
    a justified cell's row that MuPDF cut at its stretched spaces ("tcdf" | "in" | "Octave" | "Forge", 9 points
    apart where a texinfo @multitable's columns are 12) shows columns no other row has."""
    from sources.documents.code_blocks import baseline

    if len({round(baseline(ln)) for ln in lines}) < 2:
        return []
    rows_in = [set() for _ in column_ranges(lines)]
    ranges = column_ranges(lines)
    for line in lines:
        column = _column_of(line, ranges)
        rows_in[column].add(round(baseline(line)))
    return [ranges[i] for i, rows in enumerate(rows_in) if len(rows) < 2]


def _column_of(line: dict, columns: list[list[float]]) -> int:
    """The column (of `column_ranges`, left to right) that ``line`` starts in: the last starting at most a point
    right of it. Columns of a table with no padding touch (`border-collapse: collapse`, `padding: 0`): a line at
    a column's start stands on the edge of the one before as well, and is the later one's."""
    return max(i for i, (c0, _) in enumerate(columns) if c0 - 1 <= line["bbox"][0])


LINE, LAST_LINE = 40, 60  # characters a table's line may hold at most, in the last column
ROW_PADDING = 1.5  # points by which the gaps that part a table's rows are wider than those inside a cell


def borderless_table(lines: list[dict], keeps_hyphen=None, across: list = ()) -> str | None:
    """A block's lines as a markdown table when they are one drawn without rulings, else None; a cell's lines
    are joined with ``keeps_hyphen`` (as `text_layer.join_lines` takes it: "ambient-" over "strength" in a
    head cell is "ambient-strength").

    Only what MuPDF's own line splitting shows is trusted: it cuts a row into separate lines where a gap
    is far wider than a space, so a table is at least three rows (baselines) each cut into two or more
    lines, whose lines fall into the same two or more columns (x ranges no line of another column
    crosses), with short lines (at most `LINE` characters, `LAST_LINE` in the last column under a head set
    apart in bold, where a cell of text wraps: Octave's "cell array of character vectors (cellstr)"; 25 on
    average: the two columns of a page of prose are rows of two long lines, a definition list's terms and
    their longer definitions, a row each, no table). Where two gaps between baselines or more are wider by `ROW_PADDING`
    than the narrowest (a cell's padding parts rows), a baseline under a narrow gap whose every line goes on
    a cell above it, broken there because its first word did not fit in the column (`_wrapped_on`), is that
    cell's next line, not a row: a cell of three lines was three rows, or no table at all; where no gaps part
    rows (texinfo's @multitable leaves a point more between rows), a baseline so broken that fills one cell
    only is the cell's next line ("betacdf in Octave Forge" over "statistics pkg"), and one that leaves a cell
    empty under cells whose lines end in a word broken off ("re_read_readline_init_" | "readline_re_read_"
    over "file" | "init_file"); any other row of two cells or more is a row ("Ours (small)" under "Baseline",
    no score for "Set B"); a baseline under a rule across (``across``: boxes in points, a scanned ruled table's,
    `rulings.erased_rulings`) is a row however close (`_ruled_between`). A name broken after an underscore is
    joined again without a space. Where rows are not cut
    (Chromium's tight cell padding), the block stays a paragraph: a wrong table is worse than none."""
    from sources.documents.code_blocks import baseline, example_glyphs_only, is_code_line, is_comment

    # a listing's columns (aligned code, comments beside it in roman, texinfo's "⊣" before a line of output:
    # Octave's freport) are no table's; a table of three columns or more may hold code where others do not
    # (texinfo's @multitable of function names: "beta_cdf" | "betacdf in ..." | "3.4.0"); two columns, code
    # terms beside their text, are a definition list (texinfo's @table, a paragraph a row: "%in% Matching ..."),
    # a name in code inside the second column's text is not (Octave's JSON types: "... due to matlab_lang_")
    codes = [is_code_line(ln) for ln in lines]
    if len(lines) < 6 or all(code or is_comment(_line_text(ln)) or example_glyphs_only(_line_text(ln))
                             for code, ln in zip(codes, lines)):
        return None
    if any(codes) and len(ranges := column_ranges(lines)) < 3 \
            and any(code and ln["bbox"][0] <= ranges[0][1] for code, ln in zip(codes, lines)):
        return None
    # a line across a column's edge that other rows start (a cell a space from the next: Chromium's tight
    # cells); a head's name across columns ("Set A" over "Acc" and "F1") is taken apart first, no line to cut
    spans, lines = spanning_head(lines)
    lines = cut_at_columns(lines)
    baselines: list[list[dict]] = []
    for line in sorted(lines, key=baseline):
        if baselines and abs(baseline(baselines[-1][0]) - baseline(line)) < 2:
            baselines[-1].append(line)
        else:
            baselines.append([line])
    baselines = _spans_joined(baselines)
    columns = column_ranges(lines)
    if len(columns) < 2 or _one_row_columns(lines):  # a row's words cut apart, not a column: no table to trust
        return None
    # gaps between one baseline's boxes and the next's: where some are wider by far (a cell's padding), those
    # part rows and the narrow ones may be a cell's lines; where they are all alike, each baseline is a row
    gaps = [min(ln["bbox"][1] for ln in below) - max(ln["bbox"][3] for ln in above if _on_row(ln, above))
            for above, below in zip(baselines, baselines[1:])]  # a cell set across rows (`_spans_joined`) parts none
    narrow = min(gaps, default=0.0) + ROW_PADDING
    parted = sum(gap >= narrow for gap in gaps) >= 2
    rows: list[list[list[dict]]] = []  # a row's cells, each its lines top to bottom
    for k, found in enumerate(baselines):
        cells: list[list[dict]] = [[] for _ in columns]
        for line in sorted(found, key=lambda ln: ln["bbox"][0]):
            cells[_column_of(line, columns)].append(line)
        # two names of the head side by side in one cell: two columns that a line in each row runs across
        # ("Type" and "Default" over "float 30", a space apart), no table to trust: its cells would hold two
        # columns' text. A row's cell may hold lines side by side ("$" and "4,500.00", a justified cell cut
        # at its stretched spaces); a head's name is not so cut
        if not rows and any(_on_row(a, [b]) and set_apart(a, lines) and set_apart(b, lines)
                            for cell in cells for j, a in enumerate(cell) for b in cell[j + 1:]):
            return None
        # under a narrow gap; or (rows not parted by padding) filling one cell only, or leaving one empty under
        # cells whose words broke at a line's end: wrapped cells' next lines
        continues = parted and gaps[k - 1] < narrow or not parted and k and (
            sum(1 for cell in cells if cell) < 2
            or not all(cells) and all(not new or bool(old) and _line_text(old[-1]).endswith(_BROKEN)
                                      for old, new in zip(rows[-1], cells)))
        # a head whose names wrap, set flush with its bottom (a name of one line on the last): empty cells over
        # a name's first line in the head only ("Enabled for" over "users" over "Feature"'s row)
        stacked = parted and len(rows) == 1
        # a head set apart (every name bold or larger) over a first row that is not: a row of its own, however
        # close (Chromium pads a <th> less than a <td>: "Region" over "North" read as one cell's two lines)
        under_head = len(rows) == 1 and all(set_apart(ln, lines) for cell in rows[0] for ln in cell) \
            and not any(set_apart(ln, lines) for ln in found)
        continues = continues and not (k and _ruled_between(baselines[k - 1], found, across))
        if k and continues and not under_head and all(not new or stacked and not old or _wrapped_on(old, new[0], columns[i])
                                   for i, (old, new) in enumerate(zip(rows[-1], cells))):
            for old, new in zip(rows[-1], cells):
                old += new
        else:
            rows.append(cells)
    if len(rows) < 3 or any(sum(1 for cell in row if cell) < 2 for row in rows) \
            or sum(len(found) >= 2 for found in baselines) < 3 or _numbered_lines(rows) or _list_markers(rows) \
            or sum(map(_justified_column, _columns_lines(rows))) >= 2:
        return None
    lengths = [len(" ".join(_line_text(ln).split())) for ln in lines]
    # under a head set apart, the last column's lines may run longer: its cells' text wraps in a wide column
    headed = all(set_apart(ln, lines) for cell in rows[0] for ln in cell)
    last = columns[-1][0] - 1 if headed else math.inf
    if any(n > (LAST_LINE if ln["bbox"][0] >= last else LINE) for n, ln in zip(lengths, lines)) \
            or sum(lengths) / len(lengths) > 25:
        return None
    table = [[pipe_cell(literal(join_lines(_unbroken([_line_text(ln) for ln in cell]), keeps_hyphen)))
              for cell in row] for row in rows]
    if headless(table) or contents(table):  # a contents page: its entries a line each, no table
        return None
    shape = records(table, headed=headed)
    if shape:  # records side by side: a table each under an empty head (a record has no column names)
        return "\n\n".join(records_markdown(table, shape))
    head, *body = table
    if spans:
        head = _under_spans(head, spans, columns)
    out = ["|" + "|".join(head) + "|", "|" + "|".join("---" for _ in head) + "|"]
    return "\n".join(out + ["|" + "|".join(row) + "|" for row in body])


JUSTIFIED_SHARE = 0.6  # of a column's lines, at least, set flush with both its edges where the column is prose


def _columns_lines(rows: list[list[list[dict]]]) -> list[list[dict]]:
    """The lines of each column of ``rows`` (a row's cells, each its lines), top to bottom."""
    return [[ln for row in rows for ln in row[k]] for k in range(len(rows[0]))]


def _justified_column(lines: list[dict]) -> bool:
    """Whether a column's ``lines`` are justified prose: three rows or more, and `JUSTIFIED_SHARE` of them at least
    words (three or more) flush with both edges of the column within a point, a row's pieces taken together (MuPDF
    cuts a justified row at its stretched spaces). Two such columns side by side are a page's columns of text
    (multicols' three narrow columns, whose rows are short enough for cells and stand on one baseline grid), read
    column by column: as a table, each row ran across the three columns' sentences. A table's cells are ragged,
    or, flush at both edges, one value each ("71.2" under "68.0")."""
    from sources.documents.code_blocks import baseline

    rows: dict[int, list[dict]] = {}
    for line in lines:
        rows.setdefault(round(baseline(line)), []).append(line)
    if len(rows) < 3:
        return False
    left, right = min(ln["bbox"][0] for ln in lines), max(ln["bbox"][2] for ln in lines)
    flush = sum(min(ln["bbox"][0] for ln in row) - left < 1 and right - max(ln["bbox"][2] for ln in row) < 1
                and sum(len(_line_text(ln).split()) for ln in row) >= 3 for row in rows.values())
    return flush >= JUSTIFIED_SHARE * len(rows)


def headless(table: list[list[str]]) -> bool:
    """Whether ``table`` (rows of cell texts, the first to be its head) has a column of choices that reads the same
    in every row, its first too: a form's ("Yes No" beside each question), two words or more and no digit, no column
    under a head. Read as a table, a scanned form was headed by its first question ("|Have you lived here ...?|Yes
    No|"). A table's page without its head may repeat one value down a column ("3.4.0" in Octave's list of
    obsolete functions, "kg"): still a table."""
    for i in range(len(table[0]) if len(table) > 1 else 0):
        values = {row[i] for row in table}
        words = values.pop().split() if len(values) == 1 else []
        if len(words) >= 2 and not any(ch.isdigit() for word in words for ch in word):
            return True
    return False


# a contents entry's page: "12", the front matter's "xi", or its pages, a journal issue's paper's "12–14"
_PAGE_NUMBER = re.compile(r"([0-9]{1,4})(?:[-–][0-9]{1,4})?|[ivxlc]{1,7}(?:[-–][ivxlc]{1,7})?")


def contents(table: list[list[str]]) -> bool:
    """Whether ``table`` (rows of cell texts) is a contents page's entries: three rows or more, each a title
    (letters) and, in its last column, a page number or a range of pages ("12–14"), the numbers (a range's first)
    never going back (the front matter's roman ones first). A browser sets such a page as rows whose leader is
    drawn, not written (a dotted ``border-bottom``, a ``radial-gradient`` of dots, ``justify-content:
    space-between`` and no leader at all): its text layer holds the title and the number a column apart, and as a
    table its first entry was the head of the rest ("|Introduction|1|" over "|Getting started|7|"). Written as its
    entries a paragraph each, as a contents page whose leader is text reads ("Introduction . . . 1", `leader_rows`).
    A table whose numbers are all of four digits (a ranking's years, a schedule's "0930": a book's contents starts
    below page 1000) is no contents page, though they never go back."""
    if len(table) < 3 or any(len(row) < 2 for row in table):
        return False
    pages = [_PAGE_NUMBER.fullmatch(row[-1]) for row in table]
    if not all(pages) or not all(any(ch.isalpha() for ch in " ".join(row[:-1])) for row in table):
        return False
    arabic = [page[1] for page in pages if page[1]]  # a range's first page; the front matter's roman ones before
    first = next((k for k, page in enumerate(pages) if page[1]), len(pages))
    if not all(page[1] for page in pages[first:]) or [int(n) for n in arabic] != sorted(int(n) for n in arabic):
        return False
    return not (arabic and all(len(n) == 4 for n in arabic))


def records(table: list[list[str]], spans: list[range] | None = None, headed: bool = False) -> tuple[int, int] | None:
    """How many of ``table``'s columns (or of the columns whose ``spans`` of ``table``'s columns they became:
    `block_rows.pipe_table`'s sub-columns) and rows a record takes where ``table`` is records set side by side,
    two or more, each as wide and each's first column the same labels, row for row (a grid of cards: "Name",
    "Role", "Team" beside each person's values), and, where that column of labels repeats down the table, as
    many rows as a round of them (a second row of cards under the first); a lone record where each of its labels
    ends in a colon ("Name:"), as a column's name does not, but under a first row set apart as a head (``headed``:
    bold, `set_apart`; a <th> row "Field:", "Value:" was made a record's first field); None where it is not such
    records.
    Read as one table, the cards' rows ran across each other under the first card's first row as head:
    "|Name|Alice Smith|Name|Bob Jones|"."""
    spans = spans or [range(j, j + 1) for j in range(len(table[0]))]
    for width in range(2, len(spans) // 2 + 1):
        if len(spans) % width or len({len(spans[start]) for start in range(0, len(spans), width)}) > 1:
            continue
        labels = [[row[spans[start][0]] for row in table] for start in range(0, len(spans), width)]
        if all(column == labels[0] for column in labels) and all(labels[0]):
            height = next(h for h in range(1, len(table) + 1) if len(table) % h == 0
                          and all(label == labels[0][k % h] for k, label in enumerate(labels[0])))
            return width, height
    # one record alone: its labels tell it where each ends in a colon ("Name:" over "Role:"), which no column's
    # name does; headed by its first row, a card read "|Name:|Alice Smith|" over "|---|---|"
    labels = [row[spans[0][0]] for row in table]
    if len(spans) >= 2 and len(table) >= 2 and not headed and all(_LABEL.fullmatch(label) for label in labels):
        return len(spans), len(table)
    return None


_LABEL = re.compile(r"[^\W\d_][^:]{0,40}:")  # a field's label: a word or a few, ending in a colon


def records_markdown(table: list[list[str]], shape: tuple[int, int]) -> list[str]:
    """``table``'s records (``shape``: columns and rows of one, `records`) as pipe tables, a record's rows in order
    and the records row by row of records, each under an empty head: a record's first field names no column."""
    width, height = shape
    return ["\n".join(["|" + "|" * width, "|" + "---|" * width]
                      + ["|" + "|".join(row[start:start + width]) + "|" for row in table[top:top + height]])
            for top in range(0, len(table), height) for start in range(0, len(table[0]), width)]


def _on_row(line: dict, row: list[dict]) -> bool:
    """Whether ``line`` stands on the baseline of ``row`` (its first line's)."""
    from sources.documents.code_blocks import baseline

    return abs(baseline(line) - baseline(row[0])) < 2


def _spans_joined(baselines: list[list[dict]]) -> list[list[dict]]:
    """Lines grouped by baseline (top to bottom), with a line alone on its baseline that stands between the
    rows above and below it (its box reaches into both) where neither has a line across it, put on the row
    above: a cell set across an even number of rows (LaTeX's \\multirow over two) is set half-way between
    their baselines, a row of one cell of its own, and the table was no table ("Baseline 71.2 68.0 ... 72.0
    69.1 ... Ours 78.4 ..." as a paragraph). The cell is written in the first row it spans, as pipe tables
    have no cell across rows."""
    out: list[list[dict]] = []
    for k, found in enumerate(baselines):
        below = baselines[k + 1] if k + 1 < len(baselines) else None
        if len(found) == 1 and out and below is not None and len(out[-1]) >= 2 and len(below) >= 2:
            x0, y0, x1, y1 = found[0]["bbox"]
            if y0 < max(ln["bbox"][3] for ln in out[-1]) and y1 > min(ln["bbox"][1] for ln in below) \
                    and not any(ln["bbox"][0] < x1 and x0 < ln["bbox"][2] for ln in out[-1] + below):
                out[-1] = out[-1] + found
                continue
        out.append(found)
    return out


_LEAD_END = re.compile(r"[.:!?][\"')\u201d\u2019]*$")  # a lead ends its sentence ("(listed alphabetically).")


def set_apart(line: dict, rows: list[dict]) -> bool:
    """Whether ``line`` is set as a heading over ``rows``: every span bold, or larger than most of the rows'
    text by 15% (Octave's reference card: "Statistics" in bold over its two columns of functions)."""
    spans = [span for span in line["spans"] if span["text"].strip()]
    sizes = sorted(span["size"] for ln in rows for span in ln["spans"] if span["text"].strip())
    return bool(spans) and (all(span["flags"] & 16 for span in spans)
                            or bool(sizes) and min(span["size"] for span in spans) >= 1.15 * sizes[len(sizes) // 2])


def _justified(lead: list[dict], rows: list[dict]) -> bool:
    """Whether two or more of the rows (baselines) of ``rows`` end where the lead's widest line does: a
    justified paragraph's lines, which MuPDF cut at their stretched spaces (Asymptote's "EndMargin3, Margin3,
    Margins3, | BeginPenMargin2, | ..." read as a table's rows)."""
    from sources.documents.code_blocks import baseline

    right = max(ln["bbox"][2] for ln in lead)
    ends: dict[int, float] = {}
    for line in rows:
        key = round(baseline(line))
        ends[key] = max(ends.get(key, 0.0), line["bbox"][2])
    return sum(abs(end - right) < 1 for end in ends.values()) >= 2


def table_after_lead(lines: list[dict], keeps_hyphen=None) -> tuple[list[dict], list[dict], str] | None:
    """``(lead, rows, markdown)`` when a block's ``lines`` are a paragraph and under it a borderless table
    (`borderless_table` of the lines from the first row cut into cells), else None. MuPDF holds a paragraph
    with the grid it introduces in one block (Octave's "The following people have helped ... (listed
    alphabetically)." over three columns of names): the whole was no table, and each row of names ran
    together as a paragraph of its own ("Ben Abbott Drew Abbot NVS Abhilash"). The lead's lines stand
    above the table's, each alone on its baseline; its last line may be short (the table then starts
    one line further on), and ends a sentence or is set as a heading (`set_apart`); the rows do not run to
    the lead's edge (`_justified`)."""
    from sources.documents.code_blocks import baseline

    if len(lines) < 7:
        return None
    shared = [k for k, line in enumerate(lines)
              if any(abs(baseline(other) - baseline(line)) < 2 for other in lines if other is not line)]
    if len(shared) < 6 or shared[0] == 0:
        return None
    for start in dict.fromkeys((shared[0], shared[0] - 1)):  # the lead's short last line may end the lead
        if start < 1:
            continue
        lead, rows = lines[:start], lines[start:]
        if max(ln["bbox"][3] for ln in lead) > min(ln["bbox"][1] for ln in rows) + 1 \
                or not (_LEAD_END.search(_line_text(lead[-1])) or set_apart(lead[-1], rows)) or _justified(lead, rows):
            continue  # not above the table; or a paragraph going on in the lines under it, cut at stretched spaces
        table = borderless_table(rows, keeps_hyphen)
        if table is not None:
            return lead, rows, table
    return None


def _numbered_lines(rows: list[list[list[dict]]]) -> bool:
    """Whether the first column of ``rows`` (cells of lines) counts the rows one by one in numbers set smaller
    than the text beside them: an algorithm's or a listing's line numbers (algorithm2e's, in bold at 7
    points beside 10), not a table's first column ("|5|u ← pop(Q);|" for line 5 of a shortest-path
    algorithm). A table's own numbering column is set as its other cells are."""
    # algorithmicx numbers its lines "1:", "2:"
    numbers = [" ".join(_line_text(ln) for ln in row[0]).removesuffix(":") for row in rows]
    if not all(number.isdigit() for number in numbers) \
            or any(int(b) != int(a) + 1 for a, b in zip(numbers, numbers[1:])):
        return False
    size = max(span["size"] for row in rows for ln in row[0] for span in ln["spans"])
    beside = sorted(span["size"] for row in rows for cell in row[1:] for ln in cell for span in ln["spans"]
                    if span["text"].strip())
    return bool(beside) and size < 0.85 * beside[len(beside) // 2]


def _list_markers(rows: list[list[list[dict]]]) -> bool:
    """Whether ``rows`` are two columns, the first of list markers alone ("1.", "b)", "iv.", a bullet): a list
    whose markers MuPDF cut from their items' text, set with a hanging indent, not a table ("|1.|Install the
    package on every host|"). A table with a column of numbers beside more than one other (SQLite's price
    list: number, item, price, links) stays a table."""
    from sources.documents.lists import _NUMBERED, BULLET_GLYPHS, CHECK_MARKS

    markers = frozenset(BULLET_GLYPHS + CHECK_MARKS + _DASHES)  # the glyphs `lists` reads as markers: Word's
    # private-use Symbol bullet (U+F0B7) cut from its item made a table with an empty first column
    return len(rows[0]) == 2 and all(
        len(row[0]) == 1 and (_NUMBERED.match(_line_text(row[0][0]) + " ") or _line_text(row[0][0]) in markers)
        for row in rows)


_DASHES = "–-*"
_BROKEN = ("_", "-")  # a cell's line ending so broke a word (texinfo breaks @code names after an underscore)


def _unbroken(texts: list[str]) -> list[str]:
    """A cell's line texts with each line that ends in an underscore joined to the next without a space."""
    out: list[str] = []
    for text in texts:
        if out and out[-1].endswith("_"):
            out[-1] += text
        else:
            out.append(text)
    return out


def _line_text(line: dict) -> str:
    return " ".join("".join(s["text"] for s in line["spans"]).split())


def _ruled_between(above: list[dict], below: list[dict], across: list) -> bool:
    """Whether one of ``across`` (rules across, boxes in points) stands between the baselines ``above`` and
    ``below`` (lines), under the middle of the one and over the middle of the other, beside them: a ruled
    table's rows. Set tightly, its rows stood as close as a cell's lines, and a row whose every cell would not
    have fitted on the line above was joined to it as their next lines ("|Cheese Dates|aged dried|7.80 4.60|")."""
    top = max((ln["bbox"][1] + ln["bbox"][3]) / 2 for ln in above)
    bottom = min((ln["bbox"][1] + ln["bbox"][3]) / 2 for ln in below)
    x0, x1 = min(ln["bbox"][0] for ln in above + below), max(ln["bbox"][2] for ln in above + below)
    return any(top < (r[1] + r[3]) / 2 < bottom and r[0] < x1 and r[2] > x0 for r in across)


def _wrapped_on(cell: list[dict], line: dict, column: list[float]) -> bool:
    """Whether ``line`` is the next line of ``cell`` in ``column`` (its x range, points, to its widest line):
    the first word of ``line`` would not have fitted after the cell's last line, so the typesetter broke
    there (`line_breaks`' test; the widest line shows how far the column's text may run)."""
    if not cell:
        return False
    text = _line_text(line)
    return bool(text) and broken_for_width(cell[-1]["bbox"][2], line, text, column[1])


CELL_GAP = 1.0  # font sizes of clear space between two lines of one row, at least, that part two cells of a table
CELL_WORDS = 2  # words (holding a letter) each cell's line holds at least: a sentence's, no label's or number's


def cells_of_a_row(lines: list[dict], starts: list[float]) -> bool:
    """Whether a block's ``lines`` are one row of two lines or more side by side, each of `CELL_WORDS` words or more,
    `CELL_GAP` font sizes or more apart (wider than a justified row's stretched space), each starting where one of
    the page's other blocks does (``starts``: their left edges, points; within a point): a borderless table's row
    whose cells MuPDF held in one block ("Farmers sell grain in the spring." beside "Prices are higher after
    winter.") under cells of its columns. Held whole, it stood across the table's two columns of cells and merged
    them into one, and the table was read as paragraphs; a block a cell, its columns' rows are found
    (`block_rows.table_rows`). An equation beside its number, a label beside its text, an entry beside its page hold
    fewer words on one side; a running head's section and chapter start no column of the page's ("1.2.
    INSTALLATION AND USAGE" at the text's edge, "CHAPTER 1. GETTING STARTED" where no block starts)."""
    if len(lines) < 2 or any(abs(baseline(ln) - baseline(lines[0])) >= 2 for ln in lines) \
            or not all(any(abs(ln["bbox"][0] - x) <= 1 for x in starts) for ln in lines):
        return False
    ordered = sorted(lines, key=lambda ln: ln["bbox"][0])
    sizes = [span["size"] for ln in lines for span in ln["spans"] if span["text"].strip()]
    return bool(sizes) and all(words(_line_text(ln)) >= CELL_WORDS for ln in lines) \
        and all(b["bbox"][0] - a["bbox"][2] >= CELL_GAP * max(sizes) for a, b in zip(ordered, ordered[1:]))
