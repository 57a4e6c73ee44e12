"""Tabular files (CSV, Parquet, Arrow/Feather, JSON records or lines, XLSX) into typed `DataTable`s.

pyarrow reads every format but spreadsheets (openpyxl: `sources.common.xlsx_tables`). CSV dialects are sniffed
(`sources.common.csv_dialect`: the encoding, the delimiter, the decimal mark). Columns are typed ``numeric``,
``temporal`` or ``categorical`` so the chart source can pick charts that fit them; text cells of percentages
(``45%``) and of amounts in one currency (``$1,200``, ``1 200 €``; accounting's ``(4.50)`` a loss where the
column's own evidence says it keeps accounts: `sources.common.amounts`) are numbers in that unit, and durations
written as a clock under a header naming one are minutes or seconds (`sources.common.durations`). Column names
are made unique as pandas does (``score``, ``score.1``). What a reader had to leave out of a column (cells that
are not numbers, formulas without a stored result, a number merged over several cells) is kept in
`DataTable.issues`, never dropped silently.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import decimal
import io
import json
import math
import re
from collections import defaultdict
from typing import Any

from sources.common.amounts import DASHES, YEARS, column_amounts, parse_number, read_amount
from sources.common.csv_dialect import SEP_LINE, SNIFF_BYTES, CsvDialect, TableError, sniff_csv  # noqa: F401 (callers')
from sources.common.durations import read_durations

# the column names record files (caption pairs, text corpora) commonly use, tried in this order
IMAGE_COLUMNS = ("image", "image_path", "file_name", "filepath", "path", "url", "image_url")
CAPTION_COLUMNS = ("caption", "text", "alt", "alt_text", "title")
TABLE_EXTENSIONS = (".csv", ".tsv", ".parquet", ".feather", ".arrow", ".jsonl", ".json", ".xlsx")

MOSTLY_NUMBERS = 0.9  # a text column is a measure when at least this share of its cells are numbers
SIGNIFICANT_DIGITS = 15  # what a double holds exactly; beyond it is binary noise (0.30000000000000004)


@dataclasses.dataclass
class Column:
    name: str
    # numeric | temporal | categorical | text: numbers the reader could not read as one measure (amounts in several
    # currencies, a "(350)" unsure among "$1,200"s, a "n/a" too many): shown as written in the table's image, but
    # charted neither as a measure nor as names of rows ("$1,200" and "(350)" as bars' names were a wrong chart)
    kind: str
    values: list[Any]  # None where missing
    # how each number is written: after it ("%" for a column of percentages, "45%", "12.5 %"), or around it, "{}"
    # where the number goes, for a column of one currency ("${}" for "$1,200", "{} €" for "1 200 €"); see with_unit
    unit: str = ""


@dataclasses.dataclass(frozen=True)
class ColumnIssue:
    """Part of a column a reader left out (``reason`` a reject reason code), or a whole column."""

    column: str
    reason: str
    detail: str


@dataclasses.dataclass
class DataTable:
    name: str
    columns: list[Column]
    issues: list[ColumnIssue] = dataclasses.field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.columns[0].values) if self.columns else 0

    def of_kind(self, kind: str) -> list[Column]:
        return [c for c in self.columns if c.kind == kind]


def read_tables(data: bytes, uri: str) -> list[DataTable]:
    """Every table in the file (one per sheet for spreadsheets; one of a spreadsheet may have no row, its
    ``issues`` saying why). Raises `TableError`."""
    lower = uri.lower()
    stem = uri.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    try:
        if lower.endswith(".xlsx"):
            from sources.common.xlsx_tables import read_xlsx  # (it builds on this module's tables)

            # a table of no row is kept where an issue says why (every row hidden): no table vanishes unsaid
            return [t for t in read_xlsx(data, stem) if t.columns and t.rows or t.issues]
        dialect = sniff_csv(data, lower) if lower.endswith((".csv", ".tsv")) else CsvDialect(",", ".")
        if dialect.ambiguous:  # a guess would be off by a factor of 1000 in every such cell
            raise TableError("filtered:ambiguous_number_format", dialect.ambiguous)
        parts = csv_parts(data, dialect) if lower.endswith((".csv", ".tsv")) else [data]
        if parts != [data]:  # each part decoded already (one too: a table with its blank foot rows or notes cut)
            dialect = dialect._replace(encoding="utf-8")
        results = [from_arrow(read_arrow(part, lower, dialect), stem + (f"-{n}" if n > 1 else ""),
                              decimal_mark=dialect.decimal_mark) for n, part in enumerate(parts, 1)]
    except TableError:
        raise
    except Exception as exc:  # each reader has its own error types; all mean "not a readable table"
        raise TableError("error:table:unreadable", f"{type(exc).__name__}: {exc}"[:500]) from exc
    results = [result for result in results if result.columns and result.rows]
    if not results:
        raise TableError("filtered:empty_table", "no rows or no usable columns")
    return results


def csv_parts(data: bytes, dialect: CsvDialect) -> list[bytes]:
    """The tables of a CSV, one after another below blank lines (`next_table`: a block of two tables exported
    from one sheet): ``[data]`` for one, else each part's lines, UTF-8. Read as one, the second table's header
    was a row of the first and its rows the first's ("Product", "Units" under "Region", "Sales": products
    charted as regions, their units as sales)."""
    text = data.decode("utf-8-sig" if dialect.encoding == "utf-8" else dialect.encoding)
    d = re.escape(dialect.delimiter)
    blank = re.compile(rf"\n[{d} \t\r]*\n")
    one_cell = re.compile(rf"\n[^{d}\"\r\n]+{d}*(?:\r?\n|$)")  # a section's label ("North", "North,")
    if not blank.search(text) and not SEP_LINE.match(text) and not _titled(text[:SNIFF_BYTES], dialect) and (
            not one_cell.search(text)):
        return [data]
    lines = text.splitlines(keepends=True)
    reader = csv.reader(iter(lines), delimiter=dialect.delimiter)
    rows, ends = [], []  # each row's fields and the line after it (a quoted field may span lines)
    try:
        for fields in reader:
            rows.append([field if field.strip() else None for field in fields])
            ends.append(reader.line_num)
    except csv.Error:  # a NUL byte, a field past the csv module's limit: read whole, as pyarrow reads it
        return [data]
    def number(cell: str) -> bool:
        return parse_number(cell, dialect.decimal_mark) is not None

    starts = [_header_row(rows)]
    while (split := next_table(rows, starts[-1] + 1, number)) < len(rows):
        starts.append(split)
    spans = [(a, notes_below(rows, a + 1, b)) for a, b in zip(starts, starts[1:] + [len(rows)])]
    # a table's header repeated further down (a report exported page by page) heads no rows of its own, and a line
    # of bare delimiters is no row (pyarrow skips an empty line, not ",,": a row of no region and no sales)
    keep = [[a, *body_rows(rows, a, a + 1, b)] for a, b in spans]
    # a row of one cell under a wider header, a section's label, is a row of the first column with no values (as a
    # label merged across a sheet is, `sources.common.xlsx_tables`): pyarrow refused the file ("Expected 3 columns,
    # got 1: North")
    short = {r: len(rows[part[0]]) for part in keep for r in part[1:]
             if len(rows[r]) < len(rows[part[0]]) and rows[r][0] is not None and not any(rows[r][1:])}
    # but one below the last wider row heads no rows: a note ("Source: Destatis", "* provisional") under the table
    # with no blank line between (`notes_below`), which was a region of no sales
    keep = [part[:next((k for k in range(len(part), 1, -1) if part[k - 1] not in short), len(part))] for part in keep]
    if keep == [list(range(len(rows)))] and not short:
        return [data]

    def line(r: int) -> str:
        if r not in short:
            return "".join(lines[(ends[r - 1] if r else 0):ends[r]])
        out = io.StringIO()
        csv.writer(out, delimiter=dialect.delimiter, lineterminator="\n").writerow([rows[r][0], *[""] * (short[r] - 1)])
        return out.getvalue()
    return ["".join(line(r) for r in part).encode("utf-8") for part in keep]


def _header_row(rows: list[list[Any]]) -> int:
    """The row of a CSV's header: the first, but for Excel's "sep=" line (`SEP_LINE`) and lines of one cell or
    none above a row of two names or more, or of a name and years ("Region", "2023", "2024": a wide table's periods)
    (a title, "Sales report 2024", and a blank line, as a sheet exported with its title writes them; the rule
    `sources.common.xlsx_tables` finds a sheet's header by). Read as the header, the title named the column of
    regions, "column 2" the sales, and "Region", "Sales" were a row. The lines above must look like a title
    (`_title_above`); raises `TableError` ``error:table:unsure_header`` where they may as well be rows of a table
    of one column whose later cell holds the delimiter unquoted ("Washington, D.C."): read as its header, that
    row dropped the rows above it unsaid."""
    first = int(bool(rows) and bool(rows[0]) and re.fullmatch(r"sep=.?\s*", rows[0][0] or "", re.I) is not None
                and all(v is None for v in rows[0][1:]))
    for i in range(first, len(rows)):
        cells = [v for v in rows[i] if v is not None]
        if len(cells) >= 2:  # a row of data below one cell is a table of a column whose header names one
            if not (_a_name(cells[0]) and all(_a_name(v) or _a_year(v) for v in cells[1:])):
                return first
            if unsure := unsure_header(rows, first, i):
                raise TableError("error:table:unsure_header", unsure)
            return i
    return first


def unsure_header(rows: list[list[Any]], first: int, header: int,
                  how: str = " (a delimiter unquoted in a cell)") -> str:
    """Why the lines of one cell from row ``first`` to ``header`` (the first of two cells or more) of ``rows``
    (cells None where empty) may be rows of a table of one column rather than a title above that header
    (`_title_above`), "" where they look like a title (or are none): read as titles, a table's rows were dropped.
    ``how``: how a row of such a table came to hold two cells, said after "one column"."""
    above = [k for k in range(first, header) if any(v is not None for v in rows[k])]
    if not above or _title_above(rows, above, header):
        return ""
    cells = [str(v).strip() for v in rows[header] if v is not None]
    return (f"row {header + 1} ({', '.join(map(repr, cells))}) is the first of two cells or more, under "
            f"{len(above)} rows of one cell ({', '.join(repr(_one_cell(rows[k])) for k in above)}): rows of a table "
            f"of one column{how}, or titles above a header? read as neither")


MAX_TITLE_LINES = 2  # a title and a subtitle (a source, a date): more lines of one cell are sooner a column's rows


def _title_above(rows: list[list[Any]], above: list[int], header: int) -> bool:
    """Whether the lines ``above`` (indices of ``rows`` of one cell each) look like a title over row ``header``:
    few (`MAX_TITLE_LINES`), more than one set apart from the header by a blank line, and their shape (a row of
    one cell) not repeated among the rows below the header before a row of two cells or more."""
    if len(above) > MAX_TITLE_LINES or (len(above) > 1 and above[-1] == header - 1):
        return False
    widths = []  # the body's rows' numbers of cells, to the first blank row
    for row in rows[header + 1:]:
        if not (width := sum(v is not None for v in row)):
            break
        widths.append(width)
    # a row of one cell followed by a wider one is the data's own shape; one at the foot is a note ("Source: ...")
    last_wide = max((k for k, w in enumerate(widths) if w >= 2), default=-1)
    return 1 not in widths[:last_wide] or _sections(rows[header + 1:header + 2 + last_wide])


def _sections(body: list[list[Any]]) -> bool:
    """Whether the one-cell rows among ``body`` (a header's rows to its last wider one, none blank) are its sections'
    labels ("North" over its products): each over a wider row, the wider rows as many or more, each with a number
    right of its first cell. A one-column table whose later cells hold the delimiter unquoted ("Washington, D.C.",
    "St. Louis, MO") has rows of one cell over rows of one cell, and no numbers."""
    widths = [sum(v is not None for v in row) for row in body]
    wide = [row for row, width in zip(body, widths) if width >= 2]
    return (len(wide) >= max(2, widths.count(1)) and all(b >= 2 for a, b in zip(widths, widths[1:]) if a == 1)
            and all(any(_numeric(v) for v in row[1:] if v is not None) for row in wide))


def _numeric(value) -> bool:
    """Whether a cell is a number: one a sheet stores, or text that reads as one with either decimal mark."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    text = value.strip() if isinstance(value, str) else ""
    return parse_number(text) is not None or parse_number(text, ",") is not None


def _one_cell(row: list[Any]) -> str:
    """The text of a row's one cell."""
    return str(next(v for v in row if v is not None)).strip()


def _a_year(value) -> bool:
    """Whether a cell is a year as a header writes one ("2023"), within `amounts.YEARS`."""
    text = value.strip() if isinstance(value, str) else ""
    return len(text) == 4 and text.isdigit() and YEARS[0] <= int(text) <= YEARS[1]


def _titled(head: str, dialect: CsvDialect) -> bool:
    """Whether a CSV's first line is a title of one cell above its header (`_header_row`)."""
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=dialect.delimiter)
    try:
        rows = [[f if f.strip() else None for f in r] for _, r in zip(range(20), reader)]
    except csv.Error:
        return False
    return _header_row(rows) > 0


def next_table(rows: list[list[Any]], first: int, number) -> int:
    """The row from ``first`` (a table's first body row) on where another table of the same sheet or file starts,
    ``len(rows)`` where none does: a row of two or more names (`_a_name`) after a blank row (cells None), whose
    names stand over a column the rows above hold numbers in (``number``: whether a cell is one). Read as one
    table, a second table's header "Product", "Units" under "Region", "Sales" was a row of the first, and its
    products were charted as regions, their units as sales."""
    for i in range(first + 1, len(rows)):
        cells = [(j, v) for j, v in enumerate(rows[i]) if v is not None]
        if any(v is not None for v in rows[i - 1]) or len(cells) < 2 or not all(_a_name(v) for _, v in cells):
            continue
        if repeats(rows[i], rows[first - 1]):  # the table's header again, over its next page: the same table
            continue
        if not _heads(rows, i, cells, number):
            continue
        if any(number(r[j]) for j, _ in cells for r in rows[first:i] if j < len(r) and r[j] is not None):
            return i
    return len(rows)


def _heads(rows: list[list[Any]], i: int, cells: list[tuple[int, Any]], number) -> bool:
    """Whether row ``i`` (its ``cells``: index and name) can head the rows below it, to the next blank row: a head
    names each column they fill with numbers (``number``) right of its first name (a blank corner over the rows'
    names is a cross-table's; a column of notes or flags, "discontinued", "*", may go unnamed), and not all with
    one text (a label merged across a sheet, exported to CSV: "Europe,Europe"). A note with a second cell over a
    table's first two columns ("Source: statistics office", "2024 edition"), its third unnamed, or a label so
    spread had headed a fake second table, "Source: statistics office" its column of countries."""
    if len({str(v).strip() for _, v in cells}) == 1:
        return False
    named = {j for j, _ in cells}
    for row in rows[i + 1:]:
        if not any(v is not None for v in row):
            break
        if any(v is not None and j > cells[0][0] and j not in named and number(v) for j, v in enumerate(row)):
            return False
    return True


def body_rows(rows: list[list[Any]], header: int, first: int, end: int) -> list[int]:
    """The rows from ``first`` to ``end`` that are a body's under the header at row ``header``: not blank, and not
    that header written again (`repeats`)."""
    return [i for i in range(first, end) if any(v is not None for v in rows[i]) and not repeats(rows[i], rows[header])]


def repeats(row: list[Any], header: list[Any]) -> bool:
    """Whether ``row`` is ``header`` written again (cells compared as text, blank cells at the end left out): a
    report exported page by page heads each page with it. Read as a new table, each page was a table of its own and
    a pie of one page's rows gave each row a share of that page alone."""
    def cells(r: list[Any]) -> list[str]:
        texts = ["" if v is None else str(v).strip() for v in r]
        while texts and not texts[-1]:
            texts.pop()
        return texts
    return any(v is not None for v in row) and cells(row) == cells(header)


def notes_below(rows: list[list[Any]], first: int, end: int) -> int:
    """Where a table whose body runs from row ``first`` to ``end`` ends without the notes below it: lines of one
    cell of text after a blank row ("Source: World Bank", "Figures in USD bn"), as a sheet or its export closes a
    table. Read as rows, a note was a country "with no gdp, not drawn", a row of the table's image. Blank rows
    at its foot are none of its rows either (a CSV's line of bare delimiters)."""
    while end > first and not any(v is not None for v in rows[end - 1]):
        end -= 1
    i = end
    while i > first and sum(v is not None for v in rows[i - 1]) == 1 and _a_name(
            next(v for v in rows[i - 1] if v is not None)):
        i -= 1
    return i - 1 if first < i < end and not any(v is not None for v in rows[i - 1]) else end


# words and marks tables put for a value not given: statistics offices' flags (Eurostat's ":", the ONS's "[x]",
# "[c]", "[z]") and a sheet's placeholders; in a row after a blank row, "R6, TBD" had been a second table's header
PLACEHOLDERS = frozenset({":", "..", "...", "…", "?", "[x]", "[c]", "[z]", "[u]", "[w]", "tbd", "tba", "tbc",
                          "pending", "unknown", "n.a.", "n.a", "n.d.", "n.d", "nd", "n.v.", "missing",
                          # a value withheld: "Luxembourg, confidential" had headed a table of the rows below it
                          "confidential", "suppressed", "withheld", "redacted", "not available", "not published",
                          "not applicable", "n/p"})


def _a_name(value) -> bool:
    """Whether a cell could be a column's name: text, not a number written as text, a dash, a "n/a", a placeholder
    (`PLACEHOLDERS`) or an error a spreadsheet stored ("#DIV/0!"): a row of those after a blank row is data left
    out, not a header."""
    text = value.strip() if isinstance(value, str) else ""
    return bool(text) and text not in DASHES and text not in NOT_AVAILABLE and not text.startswith("#") and (
        text.lower() not in PLACEHOLDERS) and parse_number(text) is None


def read_arrow(data: bytes, lower: str, dialect: CsvDialect | None = None):
    """A pyarrow Table of a CSV/TSV (its ``dialect`` sniffed when None), Parquet, Feather/Arrow, JSON
    lines or JSON records file (``lower``: its lower-cased name)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.feather as feather
    import pyarrow.json as pjson
    import pyarrow.parquet as pq

    buf = io.BytesIO(data)
    if lower.endswith((".csv", ".tsv")):
        dialect = dialect or sniff_csv(data, lower)
        if dialect.encoding != "utf-8":  # decoded here: pyarrow's own transcoding can abort the process at exit
            buf = io.BytesIO(data.decode(dialect.encoding).encode("utf-8"))
        # newlines_in_values: a quoted field may hold line breaks; without it pyarrow splits blocks
        # (1 MB) inside such a field and rejects the whole file ("Expected 4 columns, got 2")
        parse = pcsv.ParseOptions(delimiter=dialect.delimiter, newlines_in_values=True)
        table = pcsv.read_csv(buf, parse_options=parse, convert_options=pcsv.ConvertOptions(
            decimal_point=dialect.decimal_mark))
        if clocks := {f.name: pa.string() for f in table.schema if pa.types.is_time(f.type)}:
            # as written: "12:30" may be a duration's minutes and seconds, which pyarrow read as half past noon
            # (`sources.common.durations`); `from_arrow` reads the others as times of day again
            buf.seek(0)
            table = pcsv.read_csv(buf, parse_options=parse, convert_options=pcsv.ConvertOptions(
                decimal_point=dialect.decimal_mark, column_types=clocks))
        return table
    if lower.endswith(".parquet"):
        return pq.ParquetFile(buf).read()  # read_table's dataset layer refuses repeated column names
    if lower.endswith((".feather", ".arrow")):
        return feather.read_table(buf)
    if lower.endswith(".jsonl"):
        try:
            return pjson.read_json(buf)
        except pa.ArrowInvalid:  # a field that changes type between rows: read it as text below
            records = [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
    else:
        records = json.loads(data)  # .json: an array of records, or {"data": [...]}
        if isinstance(records, dict):
            records, why = wrapped_rows(records)
            if records is None:
                raise TableError("error:table:unreadable", why)
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise TableError("error:table:unreadable", "JSON must be a list of records (objects)")
    names = list(dict.fromkeys(k for r in records for k in r))
    return columns_table(names, [[r.get(k) for r in records] for k in names])


def text_rows(data: bytes, lower: str) -> tuple[list[str], list[dict | str]]:
    """``(column names, rows)`` of a caption or text table, each row a dict of its cells, or, for a CSV row
    whose fields are not the header's number, why not (that row's reject; pyarrow refused the whole file
    for one ragged row). A CSV/TSV is read by Python's csv module in its sniffed dialect, every cell the
    text written in it (pyarrow typed a caption "0012345678" as 12345678.0, a long number lost digits);
    other formats by `read_arrow`. Blank lines are no rows, nor is Excel's "sep=" line above the header."""
    if not lower.endswith((".csv", ".tsv")):
        table = read_arrow(data, lower)
        return table.column_names, table.to_pylist()
    dialect = sniff_csv(data, lower)
    text = data.decode("utf-8-sig" if dialect.encoding == "utf-8" else dialect.encoding)
    if said := SEP_LINE.match(text):  # Excel's "sep=," line, which `sniff_csv` read: no header ("sep=", "")
        text = text[said.end():]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter)
    names = next(reader, [])
    rows: list[dict | str] = []
    for fields in reader:
        if not fields:
            continue
        rows.append(dict(zip(names, fields)) if len(fields) == len(names) else
                    f"{len(fields)} fields where the header has {len(names)}: "
                    f"{dialect.delimiter.join(fields)[:200]!r}")
    return names, rows


def repeated_columns(names: list[str], used) -> str:
    """Why a table whose header is ``names`` cannot be read by column name: a name in ``used`` it gives
    twice (a row as a dict keeps the last one, silently); "" when none is."""
    repeated = [name for name in dict.fromkeys(used) if names.count(name) > 1]
    return (f"the header names {repeated[0]!r} {names.count(repeated[0])} times: which column is meant?"
            if repeated else "")


def wrapped_rows(wrapper: dict) -> tuple[list | None, str]:
    """The records an object wraps (``{"version": 2, "info": ["..."], "data": [{...}, ...]}``, as exports write
    them): its one list of objects; ``(None, why)`` where it holds none, or several (which of them are the
    rows is not said: the first list was taken, "info" for "data")."""
    lists = {key: value for key, value in wrapper.items() if isinstance(value, list)}
    of_objects = [key for key, value in lists.items() if value and all(isinstance(v, dict) for v in value)]
    if len(of_objects) == 1:
        return lists[of_objects[0]], ""
    if of_objects:
        named = ", ".join(map(repr, of_objects))
        return None, f"the object holds several lists of records ({named}): which are the rows?"
    return None, f"the object holds no list of records (its keys: {', '.join(map(repr, list(wrapper)[:8]))})"


def from_arrow(table, name: str, decimal_mark: str = ".") -> DataTable:
    """A typed `DataTable` of a pyarrow Table: unique names, numbers settled to their own precision,
    text columns that are (mostly) numbers read as numbers with the rest reported in ``issues``."""
    import pyarrow as pa
    import pyarrow.types as pt

    columns, issues = [], []
    for col_name, field, chunked in zip(unique_names([str(f.name) for f in table.schema]), table.schema,
                                        table.columns):
        kind, unit = None, ""
        if pt.is_dictionary(field.type):  # pandas' Categorical in Parquet or Feather: its values, not its codes
            chunked = chunked.cast(field.type.value_type)
            field = field.with_type(field.type.value_type)
        if pt.is_floating(field.type) and field.type != pa.float64():  # float32 0.1 is 0.100000001 as double
            kind, values = "numeric", [None if v is None else float(v) for v in chunked.cast(pa.string()).to_pylist()]
        elif pt.is_integer(field.type) or pt.is_floating(field.type) or pt.is_decimal(field.type):
            kind, values = "numeric", chunked.to_pylist()
        elif (pt.is_temporal(field.type) or pt.is_string(field.type) or pt.is_large_string(field.type)
              or pt.is_boolean(field.type)):  # a boolean as its words, "True"
            values = chunked.to_pylist()
            if not pt.is_temporal(field.type):
                values = [None if v is None else " ".join(str(v).split()) or None for v in values]
            if (durations := read_durations(col_name, values)) is not None:  # "Dauer" of "0:45": no time of day
                col_name, values, why = durations
                kind = None if why else "numeric"
                if why:
                    issues.append(ColumnIssue(col_name, "filtered:ambiguous_duration", why))
            elif pt.is_temporal(field.type) or (times := _times_of_day(values)) is not None:
                # a time of day as pyarrow types one ("08:30"; `read_arrow` read it as text to ask the header first)
                kind = "temporal"
                values = values if pt.is_temporal(field.type) else times
            else:
                kind, values, issue, unit = _text_or_numbers(col_name, values, decimal_mark, name)
                if issue:
                    issues.append(issue)
        if kind is None or all(v is None for v in values):
            continue  # lists, structs, binary, all empty: nothing a chart can show
        if kind == "numeric":
            values = [settle(v) for v in values]
        columns.append(Column(col_name, kind, values, unit))
    issues = _codes_naming_rows(columns, issues)
    return DataTable(name, columns, issues)


_TIME_OF_DAY = re.compile(r"\d{2}:\d{2}(?::\d{2})?")  # pyarrow's times: "08:30", "08:30:15"


def _times_of_day(values: list[str | None]) -> list[datetime.time | None] | None:
    """``values`` as the times of day pyarrow reads ("08:30", "08:30:15"), or None where one is none ("24:00")."""
    if not any(values) or not all(v is None or _TIME_OF_DAY.fullmatch(v) for v in values):
        return None
    try:
        return [None if v is None else datetime.time.fromisoformat(v) for v in values]
    except ValueError:
        return None


# a code or a size as written: a bare whole number ("101", "8") or a word or code with a letter ("5A", "XL")
_CODE = re.compile(r"\d+|.*[^\W\d_].*")


def _codes_naming_rows(columns: list[Column], issues: list[ColumnIssue]) -> list[ColumnIssue]:
    """``issues`` less the one of the table's first column where that column is its codes or sizes, made
    categorical again (in ``columns``): text (`_text_or_numbers`: mostly numbers, a few cells not) whose cells are
    bare whole numbers and words or codes ("101", "5A", "12B"; "8", "10", "M"), each row's own, with no other
    column to name the rows. A bus route's "5A" among "101" and "7" is no unread number: refused, a table of riders
    by route fit no chart. Amounts ("$1,200", "1,200", "12.5") and percentages stay text, never names."""
    if not columns or columns[0].kind != "text" or any(c.kind == "categorical" for c in columns):
        return issues
    first = columns[0]
    present = [v for v in first.values if v is not None]
    said = [i for i in issues if i.column == first.name]
    if ([i.reason for i in said] != ["filtered:non_numeric_cells"] or len(set(present)) != len(present)
            or not all(isinstance(v, str) and _CODE.fullmatch(v) and (v.isdigit() or not read_amount(v))
                       for v in present)):
        return issues
    first.kind = "categorical"
    return [i for i in issues if i is not said[0]]


# the spellings of "no value" pyarrow reads as missing in a column of numbers ("n/a", "NA", "#N/A") but keeps in a
# text column ("NA" may be Namibia): in a column of "12%"s or "$5"s, which pyarrow reads as text, a typed blank as a
# dash is. A Share of "12%", "n/a", "30%"... was names of rows, "Which Share has the highest Pop?": "18%"
NOT_AVAILABLE = frozenset({"#N/A", "#N/A N/A", "#NA", "N/A", "NA", "n/a", "NULL", "null", "NaN", "nan", "-NaN",
                           "-nan"})


# a number with a note's marker set against it ("1,234*", "1,234†", "1,234a"): left unread, and said so by name.
# The note may qualify the value (an estimate, a provisional figure, a break in the series that makes it no
# match for its neighbours), and the table does not hold it; a letter may be a unit or a magnitude ("12b",
# "40m"), so no marker is read as one
_NOTE_MARKED = re.compile(r"(.*\d)(?:[*\u2020\u2021\u00a7\u00b6]{1,3}|[a-z])")
_NOTE_WHY = ("a note's marker set against a number (the note may qualify it: an estimate, a provisional figure, a "
             "break in the series; a letter may be a unit or a magnitude, \"12b\"), not read as the number")


def _note_marked(value: Any, decimal_mark: str) -> bool:
    """Whether ``value`` is a number with a note's marker against it (`_NOTE_MARKED`)."""
    m = _NOTE_MARKED.fullmatch(value.strip()) if isinstance(value, str) else None
    return m is not None and parse_number(m[1], decimal_mark) is not None


def _text_or_numbers(column: str, values: list, decimal_mark: str, table: str):
    """``(kind, values, issue, unit)``: a text column whose cells are nearly all numbers is a measure whose
    other cells count as missing (and are reported; a dash, a typed blank, is not counted against the numbers
    where at least half the cells are numbers); so is one whose cells are nearly all percentages
    (``45%``, ``12.5 %``: the numbers, with the unit ``%``) or amounts of one currency (``$1,200``, ``1 200 €``:
    the numbers, with the unit ``${}``, ``{} €``; accounting's ``(4.50)`` negative where
    `sources.common.amounts.column_amounts` says so);
    otherwise it stays categorical (with the issue ``filtered:mixed_currencies`` where it writes several)."""
    present = [(i, v) for i, v in enumerate(values) if v is not None]
    unit = ""
    percents = [_PERCENT.fullmatch(v) if v is not None else None for v in values]
    # the dash cells, found once: typed blanks, not counted against the numbers where they stay missing (below; no
    # percentage is a dash, so in a column of percentages every one stays missing)
    dashed = [i for i, v in present if isinstance(v, str) and (v.strip() in DASHES or v.strip() in NOT_AVAILABLE)]
    if sum(m is not None for m in percents) >= MOSTLY_NUMBERS * (len(present) - len(dashed)):
        unit, values = "%", [m[1] if m else v for m, v in zip(percents, values)]
        numbers = [parse_number(v, decimal_mark) if v is not None and m else None for m, v in zip(percents, values)]
    else:
        unit, numbers, mixed = column_amounts(column, values, decimal_mark, MOSTLY_NUMBERS * len(present))
        if mixed:
            return "text", values, ColumnIssue(column, "filtered:mixed_currencies", (
                f"column {column!r} in {table} writes amounts in {mixed}: amounts in different currencies are "
                f"neither summed nor compared, so it stays text")), ""
    found = sum(n is not None for n in numbers)
    # a dash left missing is a typed blank ("-": no price, none), said but not counted as text against the numbers:
    # two in a price list of ten made its whole Price text, and the table "fit no chart"
    blanks = sum(numbers[i] is None for i in dashed)  # those an accounts column reads as 0 are numbers
    others = [(i, v) for i, v in present if numbers[i] is None]
    if found < 2 or found < MOSTLY_NUMBERS * (len(present) - blanks) or 2 * found < len(present):
        written = [m[0] if m else v for m, v in zip(percents, values)] if unit == "%" else values
        if found < 2 or 2 * found < len(present):
            return "categorical", written, None, ""
        # mostly numbers, too few for a measure: no names of rows either ("$1,200", "(350)" named a pie's slices),
        # so not charted, and said; the cells an amount's reading left unsure by name ("(350)" is no "n/a")
        text = [(i, v) for i, v in others if i not in dashed]
        unsure = [(i, v) for i, v in text if unit != "%" and (a := read_amount(v, decimal_mark)) and not a.dash]
        marked = [(i, v) for i, v in text if _note_marked(v, decimal_mark)] if not unsure else []
        said = unsure or (marked if len(marked) == len(text) else text)
        shown = ", ".join(f"row {i + 1} {v!r}" for i, v in said[:3]) + (", ..." if len(said) > 3 else "")
        why = (f"{len(unsure)} written as amounts the column does not say how to read (a number in parentheses: "
               f"a loss? a note's marker? a standard error?)" if unsure else
               f"{len(text)} written with {_NOTE_WHY}" if said is marked else f"{len(text)} not numbers")
        reason = "filtered:unsure_amounts" if unsure else "filtered:note_marked_numbers" if said is marked else \
            "filtered:non_numeric_cells"
        return "text", written, ColumnIssue(
            column, reason,
            f"column {column!r} in {table} has {found} numbers in {len(present)} cells and {why}: {shown}; too few "
            f"numbers to chart it as a measure, too many to name rows by, so it is not charted"), ""
    issue = None
    if others:
        shown = ", ".join(f"row {i + 1} {v!r}" for i, v in others[:3]) + (", ..." if len(others) > 3 else "")
        marked = all(_note_marked(v, decimal_mark) for _, v in others)
        reason, are = (("filtered:note_marked_numbers", f"are written with {_NOTE_WHY}, and") if marked else
                       ("filtered:non_numeric_cells", "are not numbers and"))
        issue = ColumnIssue(column, reason, f"{len(others)} of {len(present)} cells of column {column!r} in {table} "
                                            f"{are} count as missing: {shown}")
    return "numeric", numbers, issue, unit


_PERCENT = re.compile(r"(.*\d)\s*%")  # a number (parse_number decides) and a percent sign


def settle(value) -> int | float | None:
    """A number at its own precision: at most 15 significant digits, so binary noise goes
    (``0.30000000000000004`` is ``0.3``) and ``0.0021`` stays ``0.0021``; None for missing or non-finite.
    Whole numbers are exact ints: an int64 such as 9007199254740993 (past 2**53, where doubles skip
    integers) as it is, and a whole double below 2**53 (every one of them is exact) at all its digits,
    not rounded to 15 (1234567890123456 is not 1234567890123460)."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, decimal.Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    value = float(value)
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}") if math.isfinite(value) else None


def format_number(value: float | int) -> str:
    """The shortest text that reads back as ``value`` (``88``, ``41.2``, ``0.0021``; never ``2.1e-03``);
    an int at all its digits."""
    import numpy as np

    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if value == 0:
        return "0"  # never "-0"
    # a whole double too (1e23 is "100000000000000000000000", not its binary 99999999999999991611392)
    return np.format_float_positional(float(value), trim="-")


def exact_sum(values) -> int | float:
    """The sum as a person adds the written numbers (``0.1 + 0.2`` is ``0.3``, not 0.30000000000000004);
    a whole sum is an exact int (9007199254740993 - 5 is 9007199254740988, which no double holds)."""
    with decimal.localcontext(prec=80):  # the default 28 digits would round two large ints' sum
        total = sum((decimal.Decimal(format_number(v)) for v in values), decimal.Decimal(0))
    return int(total) if total == total.to_integral_value() else float(total)


def unique_names(names: list[str]) -> list[str]:
    """Column names made unique as pandas does (``score``, ``score.1``); blank ones are ``column N``."""
    names = [" ".join(n.split()) or f"column {i + 1}" for i, n in enumerate(names)]
    counts: dict[str, int] = defaultdict(int)
    out = []
    for name in names:
        count = counts[name]
        while count > 0:  # pandas' dedup: "a.1" may itself be taken, so count on from it
            counts[name] = count + 1
            name = f"{name}.{count}"
            count = counts[name]
        out.append(name)
        counts[name] = count + 1
    return out


def columns_table(names: list[str], columns: list[list[Any]]):
    """A pyarrow Table of Python values by column; a column mixing types (numbers and text) is text, so
    `from_arrow` decides what it holds. Repeated names are kept (`from_arrow` makes them unique)."""
    import pyarrow as pa

    arrays = []
    for values in columns:
        try:
            arrays.append(pa.array(values))
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            arrays.append(pa.array([None if v is None else str(v) for v in values], pa.string()))
    return pa.Table.from_arrays(arrays, names=names)
