"""Spreadsheets (.xlsx, read by openpyxl) as `sources.common.tables.DataTable`s: merged cells, two-row
headers, formulas saved without their results and numbers merged over rows, as a spreadsheet shows them."""

from __future__ import annotations

import datetime
import decimal
import io
import re
from typing import Any

from sources.common.amounts import CURRENCY, DASHES, SIGN_CODES, currency_of_unit, unit_symbol, with_unit
from sources.common.tables import (ColumnIssue, DataTable, TableError, body_rows, columns_table, format_number,
                                   from_arrow, next_table, notes_below, settle, unique_names, unsure_header)


def read_xlsx(data: bytes, stem: str) -> list[DataTable]:
    """A table per sheet of the workbook ``data`` (``stem``: the file's name, each table named stem-sheet; a
    sheet's further tables, below a blank row under a header of their own, stem-sheet-2...: `next_table`), its
    header the first row of two cells or more (a row of names under a merged header cell joined to it), merged
    cells filled as a spreadsheet shows them, and as `ColumnIssue` each column whose formulas have no stored
    result or whose numbers are merged over several rows; a table whose every row is hidden is one of no column
    whose one issue (``filtered:hidden_rows``) says so, as is a sheet the workbook hides (``filtered:hidden_sheet``)
    and a sheet whose rows of one cell above its first wider
    row may be a table's rows, not titles (``error:table:unsure_header``: `tables.unsure_header`). Raises
    `TableError` ``filtered:hidden_rows`` where the only tables' rows are all hidden (else the first sheet's reason
    where no sheet is read); openpyxl's errors propagate (`read_tables` makes them ``error:table:unreadable``)."""
    import openpyxl

    # merged ranges need a full (not read-only) load; a second load without data_only shows which cells
    # are formulas, whose results only exist where the program that saved the file stored them
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    formulas = openpyxl.load_workbook(io.BytesIO(data))
    tables, hidden = [], []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":  # "hidden", or "veryHidden" (shown again by a macro only): lookups, helpers
            tables.append(DataTable(f"{stem}-{sheet.title}", [], [ColumnIssue("", "filtered:hidden_sheet", (
                f"sheet {sheet.title!r} is hidden ({sheet.sheet_state}): a reader of the workbook sees none of it, "
                "so none is read"))]))
            continue
        raw = [list(r) for r in sheet.iter_rows(min_row=1, min_col=1, values_only=True)]
        grid = _filled(raw, sheet.merged_cells.ranges)
        hiding = _hidden(sheet)
        # the header is the first row with two or more cells of its own: rows above it are titles
        start = next((i for i, r in enumerate(raw) if sum(v is not None for v in r) >= 2), None)
        part = 1
        # one-cell rows above it a title only where they look like one: a table of one column, a note beside a later
        # row, lost its rows above that row unsaid
        if start is not None and (unsure := unsure_header(raw, 0, start, " (a cell beside one of its rows)")):
            tables.append(DataTable(f"{stem}-{sheet.title}", [], [ColumnIssue("", "error:table:unsure_header",
                                                                              f"sheet {sheet.title!r}: {unsure}")]))
            start = None
        while start is not None:
            sub = _sub_header(raw, sheet.merged_cells.ranges, start)
            first = start + 1 + (sub is not None)  # the first body row
            end = next_table(grid, first, _is_number)
            last = notes_below(grid, first, end)
            name = f"{stem}-{sheet.title}" + (f"-{part}" if part > 1 else "")
            if table := _sheet_table(sheet, formulas, raw, grid, start, sub, last, name, hiding):
                tables.append(table)
            elif rows := [i + 1 for i in body_rows(grid, start, first, last) if i in hiding[0]]:
                where = f"rows {rows[0]} to {rows[-1]} of sheet {sheet.title!r}"
                hidden.append(where)
                # a table of no row, its one issue the record of it: beside a shown table, it vanished unsaid
                first_name = next((str(v) for v in grid[start] if v is not None), "")
                tables.append(DataTable(name, [], [ColumnIssue(first_name, "filtered:hidden_rows",
                                                               _all_hidden(where))]))
            start, part = (end, part + 1) if end < len(grid) else (None, part)
    if not any(t.columns for t in tables) and hidden:  # filtered to nothing: said so, not "no column fits a chart"
        raise TableError("filtered:hidden_rows", _all_hidden("; ".join(hidden)))
    if tables and not any(t.columns for t in tables):  # no sheet read: the file's reject is the first sheet's why
        raise TableError(tables[0].issues[0].reason, tables[0].issues[0].detail)
    return tables


def _all_hidden(where: str) -> str:
    """The detail of a table whose every row (``where``: "rows 2 to 3 of sheet 'S'") a filter or its author hid."""
    return f"every row of the table is hidden ({where}): a reader of the sheet sees none, so none is read"


def _sheet_table(sheet, formulas, raw, grid, start: int, sub, end: int, name: str,
                 hiding: tuple[set[int], set[int]]) -> DataTable | None:
    """The table whose header is row ``start`` of the sheet (``sub``: the names under its merged header cells, or
    None) and whose body runs to row ``end``; None without a body row shown (``hiding``: `_hidden`'s rows and
    columns)."""
    # each name as the sheet shows it: a month's date formatted "mmm yyyy" is "Jan 2024", not "2024-01-01 00:00:00"
    header = [None if v is None else _header_text(v, sheet.cell(row=start + 1, column=j + 1).number_format)
              for j, v in enumerate(grid[start])]
    dated = [h for v, h in zip(grid[start], header) if isinstance(v, datetime.datetime)]
    if len(set(dated)) < len(dated):  # months of two years shown "Jan": named "Jan.1", its year lost; ISO dates
        header = [None if v is None else _header_text(v) for v in grid[start]]
    if sub is not None:  # "Revenue" over two columns, "2023" and "2024" under it: "Revenue 2023"...
        header = [" ".join(_header_text(v) for v in (h, s) if v is not None) for h, s in zip(header, sub)]
    body = body_rows(grid, start, start + 1 + (sub is not None), end)  # no header again, over a report's next page
    hidden_rows, hidden_columns = hiding
    shown = [i for i in body if i not in hidden_rows]  # rows a filter or their author hid: no reader sees them
    if not shown:
        return None
    names = unique_names([str(h) if h is not None else "" for h in header])
    width = max((j + 1 for i in [start, *body] for j, v in enumerate(grid[i]) if v is not None), default=0)
    left_rows, body = [i for i in body if i in hidden_rows], shown
    uncached = _uncached_formulas(formulas[sheet.title], grid, body, width)
    merged = _merged_numbers(raw, sheet.merged_cells.ranges, body[0])
    keep = [j for j in range(width) if j not in uncached and j not in merged and j not in hidden_columns]
    zeros = {j: _dash_zeros(sheet, grid, body, j) for j in keep}
    cells = [[0 if i in zeros[j] else _cell(grid[i][j], sheet, i, j) for i in body] for j in keep]
    table = from_arrow(columns_table([names[j] for j in keep], cells), name)
    _as_percentages(table, {names[j] for j in keep if _percent_column(sheet, body, j)})
    _as_amounts(table, {names[j]: _currency_units(sheet, body, j, zeros[j]) for j in keep}, sheet.title,
                {names[j]: [grid[i][j] for i in body] for j in keep})
    if left_rows:
        where = ", ".join(str(i + 1) for i in left_rows[:5]) + (", ..." if len(left_rows) > 5 else "")
        table.issues.append(ColumnIssue(names[keep[0]] if keep else "", "filtered:hidden_rows",
                                        f"{len(left_rows)} row(s) of sheet {sheet.title!r} are hidden (rows "
                                        f"{where}): left out, as the sheet shows it"))
    for j in sorted(hidden_columns):
        if j < width and j not in uncached and j not in merged and any(grid[i][j] is not None for i in body):
            table.issues.append(ColumnIssue(names[j], "filtered:hidden_column",
                                            f"column {names[j]!r} of sheet {sheet.title!r} is hidden: left out, "
                                            f"as the sheet shows it"))
    for j, cells in uncached.items():
        where = ", ".join(f"{ref} {formula!r}" for ref, formula in cells[:3])
        table.issues.append(ColumnIssue(names[j], "unsupported:uncached_formulas",
                                        f"column {names[j]!r} of sheet {sheet.title!r}: {len(cells)} formula "
                                        f"cell(s) have no stored result ({where}); the file was saved by a "
                                        f"program that does not compute formulas: open and save it in a "
                                        f"spreadsheet program to store them"))
    for j, blocks in merged.items():
        where = ", ".join(f"{ref} {value!r}" for ref, value in blocks[:3])
        table.issues.append(ColumnIssue(names[j], "filtered:merged_values",
                                        f"column {names[j]!r} of sheet {sheet.title!r}: {len(blocks)} merged "
                                        f"range(s) hold one number over several cells ({where}); one row each, "
                                        f"it would be counted once a row"))
    return table


def _percent_column(sheet, body: list[int], j: int) -> bool:
    """Whether every number in column ``j`` of the ``body`` rows is formatted as a percentage ("0%", "0.0%"):
    the sheet shows 0.45 as 45%."""
    cells = [sheet.cell(row=i + 1, column=j + 1) for i in body]
    numbers = [c for c in cells if _is_number(c.value)]
    return bool(numbers) and all("%" in c.number_format for c in numbers)


def _as_percentages(table: DataTable, names: set[str]) -> None:
    """The numeric columns ``names`` of ``table`` as the sheet shows them: 0.45 as 45 with the unit "%" (as a
    CSV's "45%" reads). Read as stored, a share of 45% was charted and answered as 0.45."""
    for column in table.columns:
        if column.name in names and column.kind == "numeric" and not column.unit:
            column.values = [None if v is None else settle(decimal.Decimal(format_number(v)) * 100)
                             for v in column.values]
            column.unit = "%"


def _currency_units(sheet, body: list[int], j: int, zeros: set[int] = frozenset()) -> list[str | None]:
    """The currency each cell of column ``j`` of the ``body`` rows shows its number in, as a unit template
    (`_currency` of its number format: ``"$"#,##0.00`` shows 1200 as "$1,200.00", ``${}``): "" for a number
    shown in none, None for a cell that holds no number. A dash read as zero (``zeros``, `_dash_zeros`) is in the
    currency of its own format, or where that shows none, in the one currency of the column's numbers."""
    cells = [sheet.cell(row=i + 1, column=j + 1) for i in body]
    units = _by_locale([_currency(c.number_format) if _is_number(c.value) else None for c in cells],
                       [c.number_format for c in cells])
    shown = list(dict.fromkeys(u for u in units if u is not None))  # one currency in two spellings is one
    column = shown[0] if len({currency_of_unit(u) for u in shown}) == 1 else ""
    return [_currency(c.number_format) or column if i in zeros else u for i, c, u in zip(body, cells, units)]


_LOCALE_ID = re.compile(r"\[\$[^\]-]*-([0-9A-Fa-f]{1,8})\]")  # "[$kr-41D]": Sweden's locale
# locales of one country's currency written by a sign several countries write ("$", "kr", "Fr.", "R"): Canada's
# English and French, the US's English and Spanish, Switzerland's German, French, Italian and Romansh (and
# Liechtenstein's), Norway's Bokmål, Nynorsk and Sami, South Africa's English, Afrikaans and Zulu, the United
# Kingdom's English, Welsh and Scottish Gaelic ("£", also Egypt's "[$£-C01]") are one currency
_LOCALE_CURRENCY = {"409": "USD", "540A": "USD", "1009": "CAD", "C0C": "CAD", "807": "CHF", "100C": "CHF",
                    "810": "CHF", "417": "CHF", "1407": "CHF", "414": "NOK", "814": "NOK", "43B": "NOK",
                    "1C09": "ZAR", "436": "ZAR", "435": "ZAR", "809": "GBP", "452": "GBP", "491": "GBP"}


def _by_locale(units: list[str | None], formats: list[str]) -> list[str | None]:
    """``units`` with the locale said where one sign of several currencies is written in locale blocks of two
    locales or more: "kr" in ``[$kr-41D]`` (Sweden) and ``[$kr-406]`` (Denmark), "$" in ``[$$-409]`` and
    ``[$$-1009]`` (Canada) are two currencies, ``{} kr (locale 41D)`` and ``{} kr (locale 406)``: as one, kronor
    of two countries were summed. A sign or code of one currency only ("€" in Germany's and France's), or one
    country's locales ("$" of Canada's English and French, `_LOCALE_CURRENCY`), stays one."""
    locales = [m[1].upper().lstrip("0") if (m := _LOCALE_ID.search(f or "")) and u else None
               for u, f in zip(units, formats)]
    locales = [_LOCALE_CURRENCY.get(locale, locale) if locale else None for locale in locales]  # "C0C": "CAD"
    seen: dict[str, set[str]] = {}
    for u, locale in zip(units, locales):
        if u and u != OTHERWISE and locale:
            seen.setdefault(unit_symbol(u), set()).add(locale)
    several = {symbol for symbol, found in seen.items()
               if len(found) > 1 and symbol not in SIGN_CODES and not re.fullmatch(r"[A-Z]{3}", symbol)}
    return [(f"{u} ({locale})" if locale in _LOCALE_CURRENCY.values() else f"{u} (locale {locale})")
            if u and locale and unit_symbol(u) in several else u for u, locale in zip(units, locales)]


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _dash_zeros(sheet, grid: list[list[Any]], body: list[int], j: int) -> set[int]:
    """The rows of ``body`` whose cell in column ``j`` is a dash typed as text (``-``, ``–``, ``—``) where the
    sheet shows zero as a dash: the cell's own number format does (`_zero_dash`: Excel's accounting format), or
    every number of the column is shown in such a format. Read as missing, the zero changed the column's lowest
    value, its count and its mean; a dash elsewhere may mean "none" or "not applicable" and stays missing."""
    dashes = [i for i in body if isinstance(grid[i][j], str) and grid[i][j].strip() in DASHES]
    if not dashes:
        return set()
    numbers = [c for c in (sheet.cell(row=i + 1, column=j + 1) for i in body) if _is_number(c.value)]
    column = bool(numbers) and all(_zero_dash(c.number_format) for c in numbers)
    return {i for i in dashes if column or _zero_dash(sheet.cell(row=i + 1, column=j + 1).number_format)}


# a number format's parts: a quoted literal, a locale block ([$€-407]: its symbol), an escaped character, another
# bracket ([Red], [>=100]), a padding or fill ("_)", "* ": the width of a character, or it repeated), a digit
# placeholder, any other character
_FORMAT_PART = re.compile(r'"([^"]*)"|\[\$([^\]-]*)[^\]]*\]|\\(.)|(\[[^\]]*\])|([_*].)|([0#?])|(.)')
# what a format may write around an amount besides its currency: spaces, a sign, parentheses, the number's marks
_AMOUNT_MARKS = set(" ()+-,.")


# a number format's sections (positive;negative;zero;text), split at semicolons outside quoted literals
_SECTIONS = re.compile(r';(?=(?:[^"]*"[^"]*")*[^"]*$)')


# openpyxl's table of Excel's built-in formats gives id 44, the Accounting button's ("$1,200.00", "$ -"), without
# its semicolons; read so, it wrote no currency (its "@" read as text beside the number) and no zero section
_BUILTIN_FIXES = {'_("$"* #,##0.00_)_("$"* \\(#,##0.00\\)_("$"* "-"??_)_(@_)':
                  '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)'}


def _zero_dash(number_format: str) -> bool:
    """Whether a number format shows zero as a dash: its zero section writes a dash and no digit, beside at most
    a currency, spaces and padding (Excel's accounting ``_("$"* "-"??_)``, ``#,##0;(#,##0);"-"``)."""
    sections = _SECTIONS.split(_BUILTIN_FIXES.get(number_format, number_format))
    if len(sections) < 3:
        return False
    shown = ""
    for quoted, locale, escaped, _bracket, _padding, digit, other in _FORMAT_PART.findall(sections[2]):
        literal = (quoted or escaped or other).strip()
        if digit == "0":  # it shows a digit ("?" shows a zero as a space, "#" as nothing)
            return False
        if not locale and not CURRENCY.fullmatch(literal):
            shown += literal
    return shown in DASHES


# what `_currency` gives for a format that writes more than a currency beside its number ("$1.20 M", "6,00 kr")
OTHERWISE = "?"


def _currency(number_format: str) -> str:
    """The currency a number format writes a positive number with, as a unit template: ``${}`` for
    ``"$"#,##0.00``, ``[$$-409]#,##0`` or Excel's accounting ``_("$"* #,##0.00_)``, ``{} €`` for
    ``#,##0.00 [$€-407]`` or ``#,##0.00\ "€"``, ``{} kr`` for ``#,##0.00 [$kr-414]`` (a locale block's symbol
    is a currency, known to `CURRENCY` or not: Norway's, Switzerland's ``[$Fr.-100C]``, Poland's ``[$zł-415]``);
    "" where it writes none; `OTHERWISE` where it writes several, or anything else beside it: ``"$"0.00" M"``
    shows 1.2 as "$1.20 M" (read "$1.2", a millionth of it), ``"$"0.00"/hr"`` a rate, ``0.00 "kr"`` a unit
    that may be a currency."""
    found, digits_seen = [], False
    number_format = _BUILTIN_FIXES.get(number_format, number_format)
    parts = _FORMAT_PART.findall(_SECTIONS.split(number_format)[0])  # the positive numbers' section
    if not any(digit for *_, digit, _other in parts):
        return ""  # a text or date format: no amount
    for quoted, locale, escaped, _bracket, _padding, digit, other in parts:
        literal = (quoted or locale or escaped or other).strip()
        if digit:
            digits_seen = True
        elif literal and (locale or CURRENCY.fullmatch(literal)):
            found.append((literal, digits_seen))
        elif not set(literal) <= _AMOUNT_MARKS:  # "M", "k", "/hr", "p.a.", "E+", "kr": more than an amount of it
            return OTHERWISE
    if not found:
        return ""
    if len({symbol for symbol, _ in found}) != 1:
        return OTHERWISE
    symbol, after = found[0]
    spaced = symbol.isalpha() or symbol.endswith(".")  # "USD 12", "kr 12", "Fr. 12"; "$12", "R$12"
    return f"{{}} {symbol}" if after else f"{symbol} {{}}" if spaced else f"{symbol}{{}}"


def _as_amounts(table: DataTable, units: dict[str, list[str | None]], sheet: str,
                cells: dict[str, list[Any]]) -> None:
    """The numeric columns of ``table`` every number of which the sheet shows in one currency (``units``: by
    column name, `_currency_units` of its cells) with that unit, as a CSV's "$1,200" reads. A column shown in
    several currencies is text as the sheet shows it ("$5", "€6"; ``cells``: the sheet's values by column name),
    with the issue ``filtered:mixed_currencies``: read as bare numbers, 5 dollars and 6 euros were summed and
    compared. So is a column of amounts read from text ("$5" typed as text) whose numbers the sheet shows in
    another currency: 1200 shown as "1.200,00 €" was charted as "$1200". A column some of whose numbers show no
    currency (a cell left in General format) stays as it was: bare numbers."""
    for column in table.columns:
        shown = units.get(column.name, [])
        numbers = [u for u, v in zip(shown, column.values) if v is not None]
        currencies = {u for u in numbers if u and u != OTHERWISE}
        otherwise = OTHERWISE in numbers  # "$5" beside "6,00 kr": read bare, 5 dollars and 6 kroner were 11
        if column.kind != "numeric" or not currencies and not (otherwise and "{}" in column.unit):
            continue  # "$1.20 M" in every cell: bare numbers, as before currencies were read
        if "{}" in column.unit:  # its text's currency: the sheet's numbers in it, or the column is of two
            if not otherwise and {currency_of_unit(u) for u in currencies} == {currency_of_unit(column.unit)}:
                continue
        elif column.unit:
            continue
        elif len({currency_of_unit(u) for u in currencies}) == 1 and not otherwise:  # "€" and "EUR": the euro
            if None not in numbers and "" not in numbers:  # not a number read from text, nor one shown bare
                column.unit = next(u for u in numbers if u in currencies)  # as the column first shows it
            continue
        written = [u if u is not None else column.unit for u, v in zip(shown, column.values) if v is not None]
        named = " and ".join(dict.fromkeys("a format of another unit" if u == OTHERWISE else unit_symbol(u)
                                           for u in written if u))
        column.kind, column.unit = "text", ""  # no names of rows: "$5" and "6,00 kr" named bars
        shown = ["" if u == OTHERWISE else u for u in shown]
        column.values = [None if v is None else with_unit(format_number(v), u or "") if u is not None
                         else " ".join(str(cell).split()) for u, v, cell in zip(shown, column.values,
                                                                                 cells.get(column.name, []))]
        table.issues.append(ColumnIssue(column.name, "filtered:mixed_currencies",
                                        f"column {column.name!r} of sheet {sheet!r} shows its numbers in {named}: "
                                        f"amounts in different currencies are neither summed nor compared, so it "
                                        f"stays text"))


def _merged_numbers(raw: list[list[Any]], merged, first: int) -> dict[int, list[tuple[str, Any]]]:
    """Column index -> (range, number) of the merged ranges from row ``first`` (the data's first) on that hold
    a number over several cells. A budget of 100 merged over teams A and B is one 100, not 100 each: filled
    into each row, the teams' total read 320 where the sheet says 220. (A merged label, "Europe" over its
    countries, is one each.)"""
    found: dict[int, list[tuple[str, Any]]] = {}
    for block in merged:
        i, j = block.min_row - 1, block.min_col - 1
        value = raw[i][j] if i < len(raw) and j < len(raw[i]) else None
        several = block.max_row > block.min_row or block.max_col > block.min_col
        if i >= first and several and isinstance(value, (int, float)) and not isinstance(value, bool):
            for column in range(j, block.max_col):  # filled across, each column it covers holds it
                found.setdefault(column, []).append((block.coord, value))
    return found


def _sub_header(raw: list[list[Any]], merged, start: int) -> list[Any] | None:
    """The row under the header row ``start`` where it names the columns of the header's cells merged over
    several columns ("Revenue" over B:C, "2023" and "2024" under it) and holds nothing else; None where it is
    no such row. Kept as data, that row was dropped as a row of no numbers, its names lost ("Revenue",
    "Revenue.1")."""
    spans = [b for b in merged if b.min_row - 1 == start and b.max_col > b.min_col]
    if not spans or start + 1 >= len(raw):
        return None
    under = {j for b in spans for j in range(b.min_col - 1, b.max_col)}
    row = raw[start + 1] + [None] * max(0, max(under) + 1 - len(raw[start + 1]))
    named = all(row[j] is not None for j in under)
    return row if named and all(v is None for j, v in enumerate(row) if j not in under) else None


# a date's number formats that show a month and a year, or a year, and nothing else, as strftime writes them
_DATE_FORMATS = {"mmm yyyy": "%b %Y", "mmm-yy": "%b-%y", "mmm yy": "%b %y", "mmmm yyyy": "%B %Y", "mmm-yyyy": "%b-%Y",
                 "yyyy": "%Y", "mmmm": "%B", "mmm": "%b", "yyyy-mm": "%Y-%m", "mm/yyyy": "%m/%Y"}


def _header_text(value, number_format: str = "") -> str:
    """A header cell as a column name: numbers as written (``2023``); dates as their number format shows them where
    it shows a month or a year alone (``mmm yyyy``: "Jan 2024", `_DATE_FORMATS`), else in ISO form; so too a month's
    name in a language other than English (``[$-407]mmmm yyyy`` shows "Januar 2024", strftime writes "January")."""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        shown = _DATE_FORMATS.get(re.sub(r'\\|"|;@$|\[\$-[0-9A-Fa-f]+\]', "", number_format).strip().lower())
        locale = re.search(r"\[\$-([0-9A-Fa-f]+)\]", number_format)
        if shown and "%b" in shown.lower() and locale and int(locale[1], 16) & 0x3FF != 0x09:
            shown = None  # a Windows locale id whose language (its low 10 bits) is not English (0x09)
        return value.strftime(shown) if shown else value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return format_number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def _hidden(sheet) -> tuple[set[int], set[int]]:
    """The 0-based rows and columns of ``sheet`` its author or a filter hid. Read as data, a hidden helper column
    ("helper": 0.1, 0.2...) was charted beside Sales, and rows an autofilter hid were parts of a pie."""
    rows = {i - 1 for i, d in sheet.row_dimensions.items() if d.hidden}
    columns = {j - 1 for d in sheet.column_dimensions.values() if d.hidden and d.min
               for j in range(d.min, (d.max or d.min) + 1)}
    return rows, columns


def _filled(raw: list[list[Any]], merged) -> list[list[Any]]:
    """The sheet's values with every merged range holding its top-left value in each cell, as a
    spreadsheet shows it (openpyxl gives the value to the first cell only), but for a range that is all its rows
    hold: a line of text across the sheet, a section's label ("Europe" over its countries) or a note ("Source:
    national statistics office"), one cell in its first column. Filled, it was a row of names after a blank row,
    a second table's header ("Europe Germany", "Europe 5": France its one row) or a table of notes."""
    grid = [list(r) for r in raw]
    for block in merged:
        value = grid[block.min_row - 1][block.min_col - 1]
        rows = raw[block.min_row - 1:block.max_row]
        if block.min_col < block.max_col and all(
                v is None for r in rows for j, v in enumerate(r) if not block.min_col - 1 <= j < block.max_col):
            continue
        for i in range(block.min_row - 1, min(block.max_row, len(grid))):
            for j in range(block.min_col - 1, min(block.max_col, len(grid[i]))):
                grid[i][j] = value
    return grid


def _uncached_formulas(sheet, grid, body: list[int], width: int) -> dict[int, list[tuple[str, str]]]:
    """Column index -> (cell, formula) of the formula cells in ``body`` that have no stored value."""
    rows = set(body)
    found: dict[int, list[tuple[str, str]]] = {}
    for row in sheet.iter_rows():
        for cell in row:
            i, j = cell.row - 1, cell.column - 1
            if cell.data_type == "f" and i in rows and j < width and grid[i][j] is None:
                formula = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", "")
                found.setdefault(j, []).append((cell.coordinate, str(formula)))
    return found


def _cell(value, sheet, i: int, j: int):
    """The value of row ``i``, column ``j`` of ``sheet`` for `columns_table`: a time of day as its text ("08:30:00",
    which `from_arrow` reads as a time or a duration by its header), and a time of over a day in a format of hours
    and no date ("h:mm": openpyxl read 25:30, 1.0625 days, as 1900-01-01 01:30, a category) as its clock, "25:30:00"."""
    if isinstance(value, datetime.datetime) and value.year <= 1900 and _TIME_ONLY.fullmatch(
            re.sub(r'"[^"]*"|\[[^\]]*\]', "", sheet.cell(row=i + 1, column=j + 1).number_format.lower())):
        from openpyxl.utils.datetime import to_excel

        seconds = round(to_excel(value) * 86400)
        return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return value.isoformat() if isinstance(value, datetime.time) else value


_TIME_ONLY = re.compile(r"[hms:.0\s]*[hs][hms:.0\s]*")  # a format of a time and no date: "h:mm", "mm:ss.0"
