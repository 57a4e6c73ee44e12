"""Charts of perturbed tables (negative, equal, tiny beside huge and missing values; percentages not summing to 100;
long, CJK and Arabic names; thousands separators; many rows; a measure named like a year): every value a chart's
table holds, every QA answer and every summary extreme worked out again from the source table, and every row
not drawn said."""

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from shards import Sample
from sources.charts.read import read_table_charts
from sources.charts.specs import ChartOptions
from sources.common.tables import TableError, format_number, read_tables

PERTURBED = {
    "negatives": "Region,Profit,Loss\nNorth,-12,5\nSouth,8,-3\nEast,-4.5,2\nWest,20,-1\n",
    "all_equal": "Region,Sales\nNorth,10\nSouth,10\nEast,10\nWest,10\n",
    "tiny_beside_huge": "Region,Sales\nNorth,1\nSouth,1000000\nEast,2\nWest,999000\n",
    "percent_not_100": "Party,Share\nA,45%\nB,30%\nC,10%\n",
    "long_names": "Department,Budget\n" + "".join(f"The Very Long Department Name Number {i} of the Ministry,{10 + i}\n"
                                               for i in range(5)),
    "arabic": "مدينة,سكان\nالقاهرة,21\nالرياض,7\nدبي,3\n",
    "thousands": 'City,Population\nA,"1,234,567"\nB,"987,654"\nC,"2,000,000"\n',
    "many_rows": "name,val\n" + "".join(f"n{k},{(k * 37) % 101}\n" for k in range(20)),
    "missing_cells": "Region,Q1,Q2\nNorth,10,\nSouth,,5\nEast,7,8\nWest,NaN,9\nCentral,3,4\n",
    "missing_label": "Region,Sales\nNorth,10\n,50\nEast,7\nWest,3\n",
    "repeated_with_missing": "Region,Sales,Cost\nNorth,10,\nSouth,5,2\nNorth,7,3\nEast,3,1\n",
    "dates_as_text": "Date,Close\n01/05/2024,130\n02/05/2024,120\n03/05/2024,115\n04/05/2024,110\n",
    "year_named_measure": "Region,2023,2024\nNorth,10,12\nSouth,20,18\nEast,30,33\n",
    "wide_with_gap": "year,North,South\n2020,1.5,2\n2021,,3\n2022,2.5,4\n2023,3,3.5\n",
    # amounts as accountants and spreadsheets write them: a currency, grouped thousands, losses in parentheses
    "currency": 'Region,Revenue,Profit\nNorth,"$1,200",$(4.50)\nSouth,$950,$30\nEast,"$2,010.5",-$12\n'
                'West,$80,$(1.25)\n',
    "accounting": 'Dept,Net income\nHR,(12)\nIT,30\nOps,(4.5)\nLegal,"(1,200)"\nSales,20\n',
    "euro_suffix": "Land;Umsatz\nDE;1 234,50 €\nFR;980 €\nIT;2 001,25 €\nES;45 €\n",
    # a sale a row, the days mostly each its own, a blank line and an empty row: totals per region and per day
    "transaction_log": "region,date,amount\nNorth,2024-01-05,10\nSouth,2024-01-05,3\nNorth,2024-01-07,4\n\n"
                       "East,2024-01-08,7\n,,\nSouth,2024-01-09,2.5\nNorth,2024-01-10,-1\nEast,2024-01-12,5\n",
}


def charts(data: bytes, name: str, seeds=range(2)) -> list[Sample]:
    options = {"charts_per_table": 6, "qa_per_chart": 20, "table_image": False}
    return [s for seed in seeds for s in read_table_charts(data, f"mem://{name}", ChartOptions(seed=seed, **options))
            if isinstance(s, Sample)]


def table_rejects(data: bytes, name: str) -> list:
    """The rejects of the table ``data`` read as ``name``."""
    return [r for r in read_table_charts(data, f"mem://{name}", ChartOptions(table_image=False))
            if not isinstance(r, Sample)]


def cells(text: str) -> tuple[list[str], list[list[str]]]:
    rows = [[c.strip() for c in line.strip()[2:-2].split(" | ")] for line in text.splitlines()]
    return rows[0], rows[2:]


def label(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else value if isinstance(value, str) else \
        format_number(value)


def source_series(table, header) -> dict[str, list]:
    """The chart's columns from the source table: each x once, its values summed where repeated (None where
    any is missing: a total of unknown parts is unknown; a repeated x drawn unsummed differs from it)."""
    columns = {c.name: c for c in table.columns}
    found: dict[str, list] = {}
    for i in range(table.rows):
        x = columns[header[0]].values[i]
        if x is None:
            continue
        ys = [None if columns[h].values[i] is None else Decimal(format_number(columns[h].values[i]))
              for h in header[1:]]
        before = found.get(label(x))
        found[label(x)] = ys if before is None else [None if a is None or b is None else a + b
                                                     for a, b in zip(before, ys)]
    return found


def written(text: str, unit: str) -> Decimal:
    """The number a cell of a column in ``unit`` writes: "45%" (unit "%"), "-$4.5" ("${}"), "1200 €" ("{} €")."""
    before, _, after = (unit if "{}" in unit else "{}" + unit).partition("{}")
    negative = text.startswith("-") and "{}" in unit and not before.startswith("-")
    body = text[negative:].removeprefix(before).removesuffix(after)
    return -Decimal(body) if negative else Decimal(body)


def problems_of(sample: Sample, table) -> list[str]:
    """What the sample's targets say that the source table does not."""
    meta, found = sample.meta, []
    header, rows = cells(sample.text)
    if meta["chart"] in ("histogram", "scatter"):
        return found
    units = {c.name: c.unit for c in table.columns}
    source = source_series(table, header)
    number = lambda text, name: None if text == "" else written(text, units[name])  # noqa: E731
    drawn = {r[0]: [number(c, h) for c, h in zip(r[1:], header[1:])] for r in rows}
    for x, ys in drawn.items():  # every value drawn is the table's
        if source.get(x) != ys:
            found.append(f"{x}: drawn {ys}, the table has {source.get(x)}")
    said = " ".join(meta.get("rows_left_out", []))
    for x, ys in source.items():  # every row not drawn is said, or the chart says it shows the first rows
        if x not in drawn and not meta["truncated"] and x not in said:
            found.append(f"{x} ({ys}) not drawn, and not said")
    columns = {c.name: c.values for c in table.columns}
    unlabelled = any(x is None and y is not None for x, y in zip(columns[header[0]], columns[header[1]]))
    if meta["chart"] == "pie" and (unlabelled or any(None in ys for ys in source.values())):
        found.append("a pie of a whole with parts of no value")
    whole = not meta["truncated"]
    for pair in meta["qa"]:
        q, a = pair["question"], pair["answer"]
        if m := re.fullmatch(r"Which (.+?)( shown)? has the (highest|lowest) (.+)\?", q):
            if not m[2] and not whole:
                found.append(f"{q!r} asked of the first rows as of all")
            j = header.index(m[4]) - 1
            pool = drawn if m[2] else source
            values = [ys[j] for ys in pool.values() if ys[j] is not None]
            best = (max if m[3] == "highest" else min)(values)
            if [x for x, ys in pool.items() if ys[j] == best] != [a]:
                found.append(f"{q!r}: {a!r}")
        elif m := re.fullmatch(r"What is the (.+) for (.+)\?", q):
            value = source[m[2]][header.index(m[1]) - 1]
            if value is None or number(a, m[1]) != value:
                found.append(f"{q!r}: {a!r}, the table has {value}")
        elif m := re.fullmatch(r"What is the difference between the highest and the lowest (.+?)( shown)?\?", q):
            pool = drawn if m[2] else source
            values = [ys[header.index(m[1]) - 1] for ys in pool.values()]
            values = [v for v in values if v is not None]
            if number(a, m[1]) != max(values) - min(values):
                found.append(f"{q!r}: {a!r}")
        elif m := re.fullmatch(r"What share of the total (.+) does (.+) have\?", q):
            j = header.index(m[1]) - 1
            share = 100 * source[m[2]][j] / sum(ys[j] for ys in source.values())
            if a != f"{share.quantize(Decimal('0.1'), ROUND_HALF_UP)}%":
                found.append(f"{q!r}: {a!r}")
        elif m := re.fullmatch(r"For (.+), is (.+) higher than (.+)\?", q):
            ys = source[m[1]]
            if a != ("Yes" if ys[header.index(m[2]) - 1] > ys[header.index(m[3]) - 1] else "No"):
                found.append(f"{q!r}: {a!r}")
        elif m := re.fullmatch(r"Does (.+) rise or fall from (.+) to (.+)\?", q):
            j = header.index(m[1]) - 1
            first, last = source[m[2]][j], source[m[3]][j]
            if a != ("rises" if last > first else "falls" if last < first else "stays level"):
                found.append(f"{q!r}: {a!r}")
    for m in re.finditer(r"(?:^|\. )([^.]+?) is highest for (.+?) \((\S+?)[,)].*? and lowest for (.+?) \((\S+?)[,)]",
                         meta["summary"]):
        if m[1] in header:
            values = [ys[header.index(m[1]) - 1] for ys in (source if whole else drawn).values()]
            values = [v for v in values if v is not None]
            if (number(m[3], m[1]), number(m[5], m[1])) != (max(values), min(values)):
                found.append(f"summary: {m[0]!r}")
    return found


@pytest.mark.parametrize("name", PERTURBED)
def test_every_target_of_a_perturbed_table_agrees_with_the_table(name):
    data = PERTURBED[name].encode()
    [table] = read_tables(data, f"mem://{name}.csv")
    samples = charts(data, f"{name}.csv")
    assert samples
    for sample in samples:
        assert problems_of(sample, table) == [], (sample.meta["locator"], sample.meta["chart"], sample.text)


def test_rows_with_no_value_or_no_label_are_said_and_never_drawn_as_parts_of_a_whole():
    # a blind hunt: a pie of the three regions with a Q1 answered "North has 50.0% of the total Q1" where South's
    # and West's were not known, and a bar chart without them read as every region's
    samples = charts(PERTURBED["missing_cells"].encode(), "q.csv", seeds=range(4))
    assert "pie" not in {s.meta["chart"] for s in samples}
    [q1] = {s.meta["summary"]: s for s in samples if s.text.startswith("| Region | Q1 |")}.values()
    assert q1.text == "| Region | Q1 |\n|---|---|\n| North | 10 |\n| East | 7 |\n| Central | 3 |"
    assert q1.meta["rows_left_out"] == ["South and West have no Q1 and are not drawn."]
    assert q1.meta["summary"] == ("The bar chart shows Q1 by Region for 3 values of Region. South and West have no "
                                  "Q1 and are not drawn. Q1 is highest for North (10) and lowest for Central (3).")
    # two series: a category without one of its values is no bar of the other either (its row would go)
    assert not [s for s in samples if s.meta["chart"] in ("grouped_bar", "stacked_bar")]
    samples = charts(PERTURBED["missing_label"].encode(), "s.csv", seeds=range(4))
    assert {s.meta["chart"] for s in samples} == {"bar"}
    assert all(s.meta["rows_left_out"] == ["1 row with no Region is not drawn."] for s in samples)


def test_a_category_with_a_row_of_no_value_has_no_total():
    # North's rows: Cost empty, then 3; its "total Cost" was 3, and "Which Region has the highest Cost?" South
    samples = charts(PERTURBED["repeated_with_missing"].encode(), "c.csv", seeds=range(4))
    costs = [s for s in samples if s.text.startswith("| Region | Cost |")]
    assert costs and {s.meta["chart"] for s in costs} == {"bar"}  # and no pie
    assert {s.text for s in costs} == {"| Region | Cost |\n|---|---|\n| South | 2 |\n| East | 1 |"}
    assert all(s.meta["rows_left_out"] == ["North has a row with no Cost and is not drawn."] for s in costs)


def test_a_chart_of_the_first_rows_says_so_and_asks_of_those_shown():
    # twenty rows, twelve bars: "Which name has the highest val?" n8, where n19 of all twenty has more
    [bar] = [s for s in charts(PERTURBED["many_rows"].encode(), "m.csv", seeds=[0]) if s.meta["chart"] == "bar"]
    assert bar.meta["summary"].startswith("The bar chart shows val by name (first 12 of 20) for 12 values of name.")
    assert "ax.set_title('val by name (first 12 of 20)')" in bar.meta["code"]
    qa = {p["question"]: p["answer"] for p in bar.meta["qa"]}
    assert qa["Which name shown has the highest val?"] == "n8"
    assert qa["What is the difference between the highest and the lowest val shown?"] == "94"


def test_summaries_name_a_code_as_written_and_values_all_equal_once():
    [summary] = {s.meta["summary"] for s in charts(b"Region,Q1\nNorth,10\nSouth,12\nEast,9\n", "q.csv")
                 if s.meta["chart"] == "bar"}
    assert summary.startswith("The bar chart shows Q1 by Region")  # "shows q1 by Region" named no column
    bars = [s for s in charts(PERTURBED["all_equal"].encode(), "e.csv") if s.meta["chart"] == "bar"]
    assert bars and all(s.meta["summary"] == "The bar chart shows sales by Region for 4 values of Region. Sales is "
                        "10 for all 4 values of Region." for s in bars)


def test_a_missing_value_in_a_line_is_a_gap_and_its_row_stays():
    # a wide table: North has no 2021; its row was dropped, South's 3 with it
    lines = [s for s in charts(PERTURBED["wide_with_gap"].encode(), "w.csv", seeds=range(4))
             if s.meta["chart"] == "line"]
    assert lines and {s.text for s in lines} == {
        "| year | North | South |\n|---|---|---|\n| 2020 | 1.5 | 2 |\n| 2021 |  | 3 |\n| 2022 | 2.5 | 4 |\n"
        "| 2023 | 3 | 3.5 |"}
    assert all("north = [1.5, None, 2.5, 3]" in s.meta["code"] for s in lines)
    qa = {p["question"]: p["answer"] for s in lines for p in s.meta["qa"]}
    assert qa.get("Which year has the highest South?", "2022") == "2022"


def test_spreadsheet_cells_formatted_as_percentages_are_charted_as_the_sheet_shows_them():
    # a sheet showing 45%, 30% and 25%: charted, tabled and answered as 0.45, 0.3 and 0.25
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for row in [["Party", "Share"], ["A", 0.45], ["B", 0.3], ["C", 0.25]]:
        book.active.append(row)
    for (cell,) in book.active.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.number_format = "0%"
    buf = io.BytesIO()
    book.save(buf)
    samples = charts(buf.getvalue(), "shares.xlsx", seeds=range(3))
    assert {s.meta["chart"] for s in samples} == {"bar", "pie"}  # the parts of one whole: 100%
    assert {s.text for s in samples} == {"| Party | Share |\n|---|---|\n| A | 45% |\n| B | 30% |\n| C | 25% |"}
    qa = {p["question"]: p["answer"] for s in samples for p in s.meta["qa"]}
    assert qa["What is the Share for B?"] == "30%"


def test_accounting_negatives_in_parentheses_are_negative_where_the_column_is_money():
    # an accounts sheet writes a loss as (12): read as no number, "Ops has no Profit and is not drawn" where Ops
    # lost 4.5; here the header names money and "(1,200)" is grouped as amounts are
    data = b'Dept,Profit\nHR,(12)\nIT,30\nOps,(4.5)\nLegal,"(1,200)"\nSales,20\n'
    samples = charts(data, "accounts.csv", seeds=range(4))
    bars = [s for s in samples if s.meta["chart"] == "bar"]
    assert bars and {s.text for s in bars} == {
        "| Dept | Profit |\n|---|---|\n| HR | -12 |\n| IT | 30 |\n| Ops | -4.5 |\n| Legal | -1200 |\n| Sales | 20 |"}
    qa = {p["question"]: p["answer"] for s in bars for p in s.meta["qa"]}
    assert qa["What is the Profit for Ops?"] == "-4.5"
    assert qa["Which Dept has the lowest Profit?"] == "Legal"
    assert qa["What is the difference between the highest and the lowest Profit?"] == "1230"
    assert all("rows_left_out" not in s.meta and "not drawn" not in s.meta["summary"] for s in bars)
    assert not any(s.meta["chart"] == "pie" for s in samples)  # losses are no shares of a whole


def test_amounts_written_with_a_currency_sign_are_charted_and_answered_as_the_file_writes_them():
    # "$1,200", "$(4.50)", "-$5", "$-7.25": every cell was text, and the column drew no chart at all
    data = b'Dept,Profit\nHR,$12\nIT,"$1,200"\nOps,$(4.50)\nLegal,-$5\nSales,$-7.25\n'
    samples = charts(data, "dollars.csv", seeds=range(4))
    bars = [s for s in samples if s.meta["chart"] == "bar"]
    assert bars and {s.text for s in samples} == {
        "| Dept | Profit |\n|---|---|\n| HR | $12 |\n| IT | $1200 |\n| Ops | -$4.5 |\n| Legal | -$5 |\n"
        "| Sales | -$7.25 |"}
    qa = {p["question"]: p["answer"] for s in samples for p in s.meta["qa"]}
    assert qa["What is the Profit for Ops?"] == "-$4.5"
    assert qa["Which Dept has the highest Profit?"] == "IT"
    assert qa["Which Dept has the lowest Profit?"] == "Sales"
    assert qa["What is the difference between the highest and the lowest Profit?"] == "$1207.25"
    for sample in samples:
        assert "highest for IT ($1200)" in sample.meta["summary"]
        assert "lowest for Sales (-$7.25" in sample.meta["summary"]
        # the value axis' ticks in dollars too ("-$5", not "$-5"), as the percentages' ticks read "40%"
        axis = "x" if "ax.barh(" in sample.meta["code"] else "y"
        assert (f"ax.{axis}axis.set_major_formatter(lambda v, pos: ('-' if v < 0 else '') + '$' + "
                "f'{abs(v):.15g}')") in sample.meta["code"]


@pytest.mark.parametrize("data, values, unit", [
    ("Item;Cost\nA;1 200 €\nB;3,50 €\nC;12 €\n", [1200, 3.5, 12], "{} €"),  # a French sheet: grouped by spaces
    ("Item,Cost\nA,£12\nB,£3.50\nC,£40\n", [12, 3.5, 40], "£{}"),
    ("Item,Cost\nA,12 USD\nB,3.5 USD\nC,\nD,40 USD\n", [12, 3.5, None, 40], "{} USD"),
    ("Item,Cost\nA,€3.50\nB,€(2.00)\nC,€1\n", [3.5, -2, 1], "€{}"),
    ('Item,Cost\nA,"$1,200"\nB,(50)\nC,$30\nD,0\n', [1200, -50, 30, 0], "${}"),  # most amounts carry the $
    # (review B7) one currency in its sign and its code was "€ and EUR", two currencies, and the column text
    ("Item,Cost\nA,€12\nB,EUR 9\nC,€3.50\nD,0\n", [12, 9, 3.5, 0], "€{}"),
    ("Item,Cost\nA,US$12\nB,USD 9\nC,US$4\n", [12, 9, 4], "US${}"),
])
def test_a_column_of_one_currency_is_numeric_in_that_unit(data, values, unit):
    [table] = read_tables(data.encode(), "mem://cost.csv")
    cost = table.columns[1]
    assert (cost.kind, cost.values, cost.unit, table.issues) == ("numeric", values, unit, [])


def test_a_dollar_sign_beside_a_code_stays_two_currencies_a_sign_of_one_currency_is_its_code():
    # "$" is the US's, Canada's, Australia's...: a Canadian table writes "$" for its own dollar and "USD" for the
    # US's, so "$1,200" beside "USD 900" stays text, never summed; "€" is only the euro, one currency with "EUR"
    [table] = read_tables(b'Item,Cost\nA,"$1,200"\nB,USD 900\nC,"$2,000"\nD,USD 700\n', "mem://cost.csv")
    assert (table.columns[1].kind, [(i.reason, i.detail) for i in table.issues]) == ("text", [(
        "filtered:mixed_currencies", "column 'Cost' in cost writes amounts in $ and USD: amounts in different "
                                     "currencies are neither summed nor compared, so it stays text")])
    [table] = read_tables("Item,Cost\nA,€1200\nB,EUR 900\nC,€ -\nD,(€50)\n".encode(), "mem://cost.csv")
    assert (table.columns[1].values, table.columns[1].unit, table.issues) == ([1200, 900, 0, -50], "€{}", [])


def test_a_bare_whole_number_in_parentheses_under_a_money_header_of_written_amounts_is_no_negative():
    # (review B6) "(1)" under "$1,200" in a Revenue column was -$1: the header named money, so every parenthesised
    # cell was a loss. Where every other number is written as an amount, a bare "(1)" is written as none of them (a
    # note's marker as often as a loss): no number, and said. "(3.50)", "(1,200)" written as amounts are losses,
    # and among bare numbers ("(50)" beside "30") the header's money decides
    amounts = ["$1,200", "$3,400", "$2,000", "$950", "$1,750", "$2,300", "$1,100", "$4,000", "$800", "$1,500"]
    rows = [amounts[0], "(1)", *amounts[1:]]
    data = ("Region,Revenue\n" + "".join(f'{chr(65 + k)},"{v}"\n' for k, v in enumerate(rows))).encode()
    [table] = read_tables(data, "mem://r.csv")
    revenue = table.columns[1]
    assert (revenue.kind, revenue.values[:3], revenue.unit) == ("numeric", [1200, None, 3400], "${}")
    assert [(i.column, i.reason, i.detail) for i in table.issues] == [(
        "Revenue", "filtered:non_numeric_cells",
        "1 of 11 cells of column 'Revenue' in r are not numbers and count as missing: row 2 '(1)'")]
    assert not any("-$1" in s.text + str(s.meta["qa"]) + s.meta["summary"] for s in charts(data, "r.csv"))
    for cell, value in (("(3.50)", -3.5), ("(1,200)", -1200), ("$(1)", -1)):
        data = ("Region,Revenue\n" + "".join(f'{chr(65 + k)},"{v}"\n' for k, v in enumerate(
            [amounts[0], cell, *amounts[1:]]))).encode()
        [table] = read_tables(data, "mem://r.csv")
        assert (table.columns[1].values[:3], table.issues) == ([1200, value, 3400], []), cell
    [table] = read_tables(b"Region,Revenue\nA,1200\nB,(1)\nC,30\n", "mem://r.csv")
    assert (table.columns[1].values, table.issues) == ([1200, -1, 30], [])


def test_a_bare_whole_number_in_parentheses_under_a_money_header_of_decimal_amounts_is_no_negative():
    # (review rrec) "(1)" under "1200.50", "3400.00"... (a CSV export's amounts, ungrouped, two decimals) was still
    # -1 under a Revenue header: only a currency or grouped digits counted as written amounts. Written with
    # decimals, every other cell is an amount and the bare "(1)" none: no number, and said; "(1.00)" is a loss
    amounts = ["1200.50", "3400.00", "2000.25", "950.75", "1750.00", "2300.00", "1100.10", "4000.00", "800.00",
               "1500.00"]
    for cell, value, issues in (("(1)", None, [("Revenue", "filtered:non_numeric_cells", "1 of 11 cells of column "
                                                "'Revenue' in r are not numbers and count as missing: row 2 '(1)'")]),
                                ("(1.00)", -1, []), ("(350.00)", -350, [])):
        data = ("Region,Revenue\n" + "".join(f'{chr(65 + k)},"{v}"\n' for k, v in enumerate(
            [amounts[0], cell, *amounts[1:]]))).encode()
        [table] = read_tables(data, "mem://r.csv")
        assert (table.columns[1].values[:3], [(i.column, i.reason, i.detail) for i in table.issues]) == (
            [1200.5, value, 3400], issues), cell


def test_amounts_that_look_like_years_are_amounts_not_a_time_axis():
    # $2001, $2002, $2003 in order: whole numbers a year or so apart were taken for years and drawn as no measure
    samples = charts("Item,Price\nA,$2001\nB,$2002\nC,$2003\n".encode(), "prices.csv")
    assert samples and {s.text for s in samples} == {"| Item | Price |\n|---|---|\n| A | $2001 |\n| B | $2002 |\n"
                                                     "| C | $2003 |"}


def test_an_amount_whose_decimal_mark_nothing_settles_is_rejected_not_guessed():
    # "1.250 €" in a file of semicolons may be 1.25 or 1250 euros: read as written, a currency's amounts settled
    # no mark and it was taken for 1.25; an amount that settles it ("1 234,50 €") is read in that mark
    with pytest.raises(TableError) as caught:
        read_tables("Item;Cost\nA;1.250 €\nB;3 €\n".encode(), "mem://cost.csv")
    assert caught.value.reason == "filtered:ambiguous_number_format"
    [table] = read_tables("Item;Cost\nA;1.250 €\nB;1 234,50 €\n".encode(), "mem://cost.csv")
    assert (table.columns[1].values, table.columns[1].unit) == ([1250, 1234.5], "{} €")


def test_mixed_currencies_are_never_summed_or_compared():
    # $5 and €6 are no two amounts of one scale: the column stays text, and the reject says why
    data = b"Item,Price\nA,$5\nB,\xe2\x82\xac6\nC,$7\nD,$8\n"
    [table] = read_tables(data, "mem://prices.csv")
    assert (table.columns[1].kind, table.columns[1].values) == ("text", ["$5", "€6", "$7", "$8"])
    assert [(i.column, i.reason) for i in table.issues] == [("Price", "filtered:mixed_currencies")]
    assert "$" in table.issues[0].detail and "€" in table.issues[0].detail
    assert charts(data, "prices.csv") == []
    rejects = table_rejects(data, "prices.csv")
    assert [r.reason for r in rejects] == ["filtered:mixed_currencies", "filtered:no_chartable_columns"]
    assert rejects[0].locator == "table=prices;column=Price"


def test_a_column_of_amounts_in_several_currencies_names_no_rows():
    # "$12" and "€9" beside a measure: the column stayed categorical and named a pie's slices of Units ("$12": 5)
    data = "Region,Price,Units\nNorth,$12,5\nSouth,€9,7\nEast,$21,4\nWest,€8,8\nCentral,$15,3\n".encode()
    assert {cells(s.text)[0][0] for s in charts(data, "p.csv")} == {"Region"}
    assert [(r.reason, r.locator) for r in table_rejects(data, "p.csv")] == [
        ("filtered:mixed_currencies", "table=p;column=Price")]


@pytest.mark.parametrize("profit, reason, detail", [
    # a bare "(350)" among dollars under a money header: a loss, or a note's marker? (`_accounting`: unsure).
    # Four numbers in five cells made the column text, with no reject, and "$1,200", "(350)" named a pie's slices
    (["$1,200", "(350)", "$2,100", "$900", "$1,500"], "filtered:unsure_amounts",
     "column 'Profit' in p has 4 numbers in 5 cells and 1 written as amounts the column does not say how to read "
     "(a number in parentheses: a loss? a note's marker? a standard error?): row 2 '(350)'; too few numbers to "
     "chart it as a measure, too many to name rows by, so it is not charted"),
    # a "TBD" in five: the same silent text ("n/a" is a missing cell to pyarrow already)
    (["1200", "TBD", "2100", "900", "1500"], "filtered:non_numeric_cells",
     "column 'Profit' in p has 4 numbers in 5 cells and 1 not numbers: row 2 'TBD'; too few numbers to chart it "
     "as a measure, too many to name rows by, so it is not charted"),
    # (review) a note's marker against a number was "not numbers", as a "TBD" is: named for what it is, still unread
    (["1200", "1,234*", "2100", "900", "1,500a"], "filtered:note_marked_numbers",
     "column 'Profit' in p has 3 numbers in 5 cells and 2 written with a note's marker set against a number (the "
     "note may qualify it: an estimate, a provisional figure, a break in the series; a letter may be a unit or a "
     "magnitude, \"12b\"), not read as the number: row 2 '1,234*', row 5 '1,500a'; too few numbers to chart it as "
     "a measure, too many to name rows by, so it is not charted"),
])
def test_a_column_of_numbers_with_a_few_unread_cells_is_rejected_never_names(profit, reason, detail):
    rows = zip(["North", "South", "East", "West", "Central"], profit, [5, 7, 4, 8, 3])
    data = ("Region,Profit,Units\n" + "".join(f'{r},"{p}",{u}\n' for r, p, u in rows)).encode()
    [table] = read_tables(data, "mem://p.csv")
    assert (table.columns[1].kind, table.columns[1].values) == ("text", profit)
    assert [(i.column, i.reason, i.detail) for i in table.issues] == [("Profit", reason, detail)]
    assert {cells(s.text)[0][0] for s in charts(data, "p.csv")} == {"Region"}  # Units by region only
    assert [(r.reason, r.locator) for r in table_rejects(data, "p.csv")] == [(reason, "table=p;column=Profit")]


def test_a_note_marked_number_among_many_is_missing_and_said_by_name():
    # one "2,100†" among ten numbers: the column is a measure, that cell missing, refused as a note's marker
    values = ["1200", "1300", "2,100\u2020", "900", "1500", "1100", "1000", "1400", "1600", "1700", "1800"]
    data = ("Region,Profit\n" + "".join(f'R{i},"{v}"\n' for i, v in enumerate(values))).encode()
    [table] = read_tables(data, "mem://p.csv")
    assert (table.columns[1].kind, table.columns[1].values[2]) == ("numeric", None)
    assert [(i.column, i.reason, i.detail) for i in table.issues] == [(
        "Profit", "filtered:note_marked_numbers", "1 of 11 cells of column 'Profit' in p are written with a note's "
        "marker set against a number (the note may qualify it: an estimate, a provisional figure, a break in the "
        "series; a letter may be a unit or a magnitude, \"12b\"), not read as the number, and count as missing: "
        "row 3 '2,100\u2020'")]


@pytest.mark.parametrize("data, names", [
    (b"Route,Riders\n101,5000\n5A,3000\n7,2500\n12B,1800\n20,1200\n", ["101", "5A", "7", "12B", "20"]),
    (b"Size,Sold\nS,12\nM,30\nL,25\n8,10\n10,14\n12,9\n", ["S", "M", "L", "8", "10", "12"]),
])
def test_a_first_column_of_codes_or_sizes_mostly_numbers_names_the_rows(data, names):
    # (review) a bus route's "5A" among "101" and "7", a size "M" among "8" and "10": the table's only names, each
    # row's own. They were read as a measure with cells unread, refused (non_numeric_cells), and the table fit no chart
    [table] = read_tables(data, "mem://t.csv")
    assert ([(c.kind, c.values) for c in table.columns[:1]], table.issues) == ([("categorical", names)], [])
    assert {cells(s.text)[0][0] for s in charts(data, "t.csv")} == {table.columns[0].name}
    assert table_rejects(data, "t.csv") == []
    # amounts in the first column stay unread, never names: "$1,200" names no bar
    data = b'Price,Units\n"$1,200",5\nTBD,7\n$900,4\n"$2,100",8\n"$1,500",3\n'
    assert [(r.reason, r.locator) for r in table_rejects(data, "p.csv")] == [
        ("filtered:non_numeric_cells", "table=p;column=Price"), ("filtered:no_chartable_columns", None)]


@pytest.mark.parametrize("written, na, values, unit", [
    (["12%", "n/a", "30%", "40%", "18%", "5%"], "n/a", [12, None, 30, 40, 18, 5], "%"),
    (["$12", "N/A", "$30", "$40", "$18", "$5"], "N/A", [12, None, 30, 40, 18, 5], "${}"),
    (["12%", "#N/A", "30%", "-", "18%", "5%"], "#N/A", [12, None, 30, None, 18, 5], "%"),
])
def test_a_not_available_cell_among_percentages_or_amounts_is_missing_not_names(written, na, values, unit):
    # (review) pyarrow reads "n/a" as missing in a column of numbers but keeps it in a column it reads as text, as
    # one of "12%"s or "$5"s is: five percentages in six cells fell short of a measure, and "12%", "n/a" named the
    # rows of Pop ("Which Share has the highest Pop?": "18%"). A "n/a" is a typed blank, as a dash is
    rows = zip("ABCDEF", written, [5, 6, 7, 8, 9, 3])
    data = ("Country,Share,Pop\n" + "".join(f"{c},{w},{p}\n" for c, w, p in rows)).encode()
    [table] = read_tables(data, "mem://s.csv")
    assert (table.columns[1].kind, table.columns[1].values, table.columns[1].unit) == ("numeric", values, unit)
    blank = [f"row {i + 1} {w!r}" for i, w in enumerate(written) if w in (na, "-")]
    assert [(i.reason, i.detail) for i in table.issues] == [(
        "filtered:non_numeric_cells", f"{len(blank)} of 6 cells of column 'Share' in s are not numbers and count as "
                                      f"missing: {', '.join(blank)}")]
    samples = charts(data, "s.csv")
    assert samples and not any(cells(s.text)[0][0] == "Share" and na in s.text for s in samples)
    # a code "NA" (Namibia) in a column of names stays a name
    [table] = read_tables(b"Code,Pop\nNA,5\nUS,6\nFR,7\n", "mem://c.csv")
    assert (table.columns[0].kind, table.columns[0].values) == ("categorical", ["NA", "US", "FR"])


def test_standard_errors_in_parentheses_under_coefficients_stay_as_written():
    # a regression table: the coefficient, its standard error in parentheses under it; "(0.12)" is no loss of
    # 0.12, though a column is grouped ("1,204") or named like money ("Income effect")
    data = (b'Variable,Model 1,Income effect\nEducation,0.52,"1,204"\n,(0.12),"(1,020)"\nExperience,0.31,"1,150"\n'
            b',(0.08),(980)\nFemale,-0.21,-310\n,(0.05),(95)\n')
    [table] = read_tables(data, "mem://regression.csv")
    assert [(c.kind, c.values) for c in table.columns[1:]] == [
        ("text", ["0.52", "(0.12)", "0.31", "(0.08)", "-0.21", "(0.05)"]),
        ("text", ["1,204", "(1,020)", "1,150", "(980)", "-310", "(95)"])]
    assert not any(re.search(r"-0\.12|-1020|-980", s.text + str(s.meta["qa"])) for s in charts(data, "r.csv"))


@pytest.mark.parametrize("cells", [
    ["1,204***", "(1,020)", "1,150*", "(980)", "2,310", "(95)", "4,100", "5,000", "6,000", "7,000", "8,000",
     "9,000", "9,100", "9,200", "9,300", "9,400", "9,500", "9,600", "9,700", "9,800"],  # starred coefficients
    ["(1,020)", "(980)", "(1,100)", "(2,500)"],  # standard errors in a column of their own
])
def test_standard_errors_under_starred_or_beside_coefficients_are_never_negative(cells):
    data = "Estimate\n" + "".join(f'"{c}"\n' for c in cells)
    [table] = read_tables(data.encode(), "mem://regression.csv")
    assert all(v is None or v >= 0 for c in table.columns if c.kind == "numeric" for v in c.values)


def test_years_in_parentheses_are_never_negative_amounts():
    # "(2019)" in a grouped amounts column is a year noted beside them, not a loss of 2019: missing, and said
    data = b'Title,Amount\nA,"1,200"\nB,(2019)\n' + b"".join(b'%s,"%d,100"\n' % (t, k) for k, t in
                                                             enumerate([b"C", b"D", b"E", b"F", b"G", b"H", b"I",
                                                                        b"J", b"K"], 1))
    [table] = read_tables(data, "mem://films.csv")
    amount = table.columns[1]
    assert (amount.kind, amount.values[:3], amount.unit) == ("numeric", [1200, None, 1100], "")
    assert [(i.column, i.reason) for i in table.issues] == [("Amount", "filtered:non_numeric_cells")]
    assert not any("-2019" in s.text + str(s.meta["qa"]) for s in charts(data, "films.csv"))


GROUPED = ["1,005", "2,310", "1,450", "3,020", "1,180", "2,760", "1,999", "4,100", "1,234"]


def test_a_small_whole_number_in_parentheses_among_grouped_numbers_is_no_negative():
    # "(3)" under "1,005" was read as -3: grouped digits elsewhere say the column holds amounts, not that its
    # parentheses are signs ("(3)" may be a note's marker or a count); it stays no number, and is said
    rows = [f'"{v}"' for v in GROUPED]
    data = ("Item,Change\n" + "".join(f"{chr(65 + k)},{v}\n" for k, v in enumerate([rows[0], "(3)", *rows[1:]])))
    [table] = read_tables(data.encode(), "mem://c.csv")
    change = table.columns[1]
    assert (change.kind, change.values[:3], change.unit) == ("numeric", [1005, None, 2310], "")
    assert [(i.column, i.reason, i.detail) for i in table.issues] == [(
        "Change", "filtered:non_numeric_cells",
        "1 of 10 cells of column 'Change' in c are not numbers and count as missing: row 2 '(3)'")]
    assert not any(re.search(r"-3\b", s.text + str(s.meta["qa"]) + s.meta["summary"])
                   for s in charts(data.encode(), "c.csv"))
    # written as the amounts are, with decimals ("(3.50)" among "1,005.00"), or grouped ("(1,200)"), it is a loss
    rows = [f'"{v}.00"' for v in GROUPED]
    data = ("Item,Change\n" + "".join(f"{chr(65 + k)},{v}\n" for k, v in enumerate([rows[0], "(3.50)", *rows[1:]])))
    [table] = read_tables(data.encode(), "mem://c.csv")
    assert (table.columns[1].values[:3], table.issues) == ([1005, -3.5, 2310], [])
    [table] = read_tables(b'Item,Change\nA,"1,005"\nB,(3)\nC,"(1,200)"\n', "mem://c.csv")
    assert (table.columns[1].values, table.issues) == ([1005, -3, -1200], [])


def test_an_accountants_dash_is_zero_where_the_column_keeps_accounts_and_missing_elsewhere():
    # Excel saves its accounting format's zero as "$ -"; a ledger writes "-" or "–": read as missing, IT was no
    # part of the lowest Profit, the count or the mean. Zero where the column's own evidence says accounts (its
    # currency, its negatives in parentheses)
    data = 'Dept,Profit\nHR,$12\nIT,$ -\nOps,$(4.50)\nLegal,-\nSales,"$1,200"\nHQ,–\n'.encode()
    [table] = read_tables(data, "mem://accounts.csv")
    assert (table.columns[1].values, table.columns[1].unit, table.issues) == ([12, 0, -4.5, 0, 1200, 0], "${}", [])
    samples = charts(data, "accounts.csv", seeds=range(3))
    assert "| Dept | Profit |\n|---|---|\n| HR | $12 |\n| IT | $0 |\n| Ops | -$4.5 |\n| Legal | $0 |\n" \
           "| Sales | $1200 |\n| HQ | $0 |" in {s.text for s in samples}
    [table] = read_tables(b'Dept,Profit\nHR,(12)\nIT,30\nOps,-\nLegal,"(1,200)"\nSales,20\n', "mem://accounts.csv")
    assert (table.columns[1].values, table.issues) == ([-12, 30, 0, -1200, 20], [])
    # a currency alone is no accounting: a price list's "-" is "no price" as often as "$0". It was read as $0: the
    # lowest Price, a mean pulled down. Missing, and said
    prices = ["$4.50", "-", "$3.20", "$5.10", "$1.00", "$2.40", "$6.30", "$3.90", "$2.80", "$4.10"]
    data = ("Item,Price\n" + "".join(f"{chr(65 + k)},{v}\n" for k, v in enumerate(prices))).encode()
    [table] = read_tables(data, "mem://prices.csv")
    assert (table.columns[1].values, table.columns[1].unit) == (
        [4.5, None, 3.2, 5.1, 1, 2.4, 6.3, 3.9, 2.8, 4.1], "${}")
    assert [(i.reason, i.detail) for i in table.issues] == [(
        "filtered:non_numeric_cells",
        "1 of 10 cells of column 'Price' in prices are not numbers and count as missing: row 2 '-'")]
    samples = charts(data, "prices.csv", seeds=range(3))
    assert samples and not any("$0" in s.text + str(s.meta["qa"]) + s.meta["summary"] for s in samples)
    # a price list of two dashes in ten ("no price") lost its whole Price column: the dashes, missing now, were counted
    # as text against the numbers, so the column was text and the table "fits no chart". A dash is a typed blank
    prices[5] = "-"
    data = ("Item,Price\n" + "".join(f"{chr(65 + k)},{v}\n" for k, v in enumerate(prices))).encode()
    [table] = read_tables(data, "mem://prices.csv")
    assert (table.columns[1].kind, table.columns[1].values, table.columns[1].unit) == (
        "numeric", [4.5, None, 3.2, 5.1, 1, None, 6.3, 3.9, 2.8, 4.1], "${}")
    assert [(i.reason, i.detail) for i in table.issues] == [(
        "filtered:non_numeric_cells",
        "2 of 10 cells of column 'Price' in prices are not numbers and count as missing: row 2 '-', row 6 '-'")]
    samples = charts(data, "prices.csv", seeds=range(3))
    assert samples and not any("$0" in s.text + str(s.meta["qa"]) + s.meta["summary"] for s in samples)
    # and so in a column of percentages: two dashes in ten made it text
    shares = ["45%", "-", "30%", "12%", "8%", "-", "5%", "20%", "15%", "10%"]
    data = ("Team,Share\n" + "".join(f"{chr(65 + k)},{v}\n" for k, v in enumerate(shares))).encode()
    [table] = read_tables(data, "mem://shares.csv")
    assert (table.columns[1].kind, table.columns[1].values, table.columns[1].unit) == (
        "numeric", [45, None, 30, 12, 8, None, 5, 20, 15, 10], "%")
    # a dash beside another currency is no mark of this column's accounts: "$ -" among euros made its "-" a €0
    prices = ["€4.50", "$ -", "€3.20", "-", *(f"€{k}" for k in range(5, 21))]
    data = ("Item,Price\n" + "".join(f"{chr(65 + k)},{v}\n" for k, v in enumerate(prices))).encode()
    [table] = read_tables(data, "mem://prices.csv")
    assert (table.columns[1].values, table.columns[1].unit) == ([4.5, None, 3.2, None, *range(5, 21)], "€{}")
    assert [(i.reason, i.detail) for i in table.issues] == [(
        "filtered:non_numeric_cells",
        "2 of 20 cells of column 'Price' in prices are not numbers and count as missing: row 2 '$ -', row 4 '-'")]
    # no currency, no parentheses: a dash may be "none" or "not applicable", missing as before, and said
    data = "Team,Score\n" + "".join(f"{chr(65 + k)},{v}\n" for k, v in enumerate(["10", "-", *range(20, 100, 10)]))
    [table] = read_tables(data.encode(), "mem://scores.csv")
    assert table.columns[1].values[:3] == [10, None, 20]
    assert [(i.reason, i.detail) for i in table.issues] == [(
        "filtered:non_numeric_cells",
        "1 of 10 cells of column 'Score' in scores are not numbers and count as missing: row 2 '-'")]


def test_parentheses_in_a_column_with_no_sign_of_money_stay_as_today():
    # no currency, no grouping, no money in the header: (5) may be a note, a count or an error; left missing
    data = b"Team,Score\nA,10\nB,(5)\nC,20\nD,(3)\nE,(7)\n"
    [table] = read_tables(data, "mem://scores.csv")
    assert (table.columns[1].kind, table.columns[1].values) == ("categorical", ["10", "(5)", "20", "(3)", "(7)"])


def sheet(rows: list[list], formats: list[str]) -> bytes:
    """An .xlsx of ``rows`` whose second column's numbers are shown in ``formats`` (a number format a row)."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    for (cell,), number_format in zip(book.active.iter_rows(min_row=2, min_col=2, max_col=2), formats):
        cell.number_format = number_format
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_spreadsheet_cells_formatted_as_dollars_are_charted_as_the_sheet_shows_them():
    # Excel's currency and accounting formats show 1200 as "$1,200.00" and -4.5 as "($4.50)": charted bare
    accounting = '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)'
    data = sheet([["Dept", "Profit"], ["HR", 12], ["IT", 1200], ["Ops", -4.5]],
                 ['"$"#,##0.00_);("$"#,##0.00)', accounting, accounting])
    samples = charts(data, "profit.xlsx", seeds=range(3))
    assert {s.text for s in samples} == {"| Dept | Profit |\n|---|---|\n| HR | $12 |\n| IT | $1200 |\n| Ops | -$4.5 |"}
    qa = {p["question"]: p["answer"] for s in samples for p in s.meta["qa"]}
    assert qa["What is the Profit for IT?"] == "$1200"
    assert qa["What is the difference between the highest and the lowest Profit?"] == "$1204.5"


def test_a_dash_typed_in_a_sheets_accounting_column_is_zero_and_elsewhere_missing():
    # the accounting format shows zero as "-"; a "-" typed as text there means the same zero, not a gap
    accounting = '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)'
    rows = [["Dept", "Profit"], ["HR", 12], ["IT", "-"], ["Ops", -4.5], ["Legal", 1200]]
    for formats in ([accounting] * 4, [accounting, "General", accounting, accounting]):  # its own, or its column's
        [table] = read_tables(sheet(rows, formats), "mem://profit.xlsx")
        assert (table.columns[1].kind, table.columns[1].values, table.columns[1].unit) == (
            "numeric", [12, 0, -4.5, 1200], "${}")
    samples = charts(sheet(rows, [accounting] * 4), "profit.xlsx", seeds=range(3))
    assert {s.text for s in samples} == {
        "| Dept | Profit |\n|---|---|\n| HR | $12 |\n| IT | $0 |\n| Ops | -$4.5 |\n| Legal | $1200 |"}
    # a format that shows zero as "0" says nothing of a dash: no zero, missing and said (a typed blank: the column
    # stays numbers, where it was text for one dash in four)
    [table] = read_tables(sheet(rows, ['"$"#,##0.00_);("$"#,##0.00)'] * 4), "mem://profit.xlsx")
    assert (table.columns[1].kind, table.columns[1].values, table.columns[1].unit) == (
        "numeric", [12, None, -4.5, 1200], "${}")
    assert [(i.reason, i.detail) for i in table.issues] == [(
        "filtered:non_numeric_cells",
        "1 of 4 cells of column 'Profit' in profit-Sheet are not numbers and count as missing: row 2 '-'")]


def test_spreadsheet_cells_in_several_currencies_are_never_summed_or_compared():
    data = sheet([["Item", "Price"], ["A", 5], ["B", 6], ["C", 7]], ['"$"#,##0', '#,##0 [$€-407]', '"$"#,##0'])
    [table] = read_tables(data, "mem://prices.xlsx")
    assert (table.columns[1].kind, table.columns[1].values) == ("text", ["$5", "6 €", "$7"])
    assert [(i.column, i.reason) for i in table.issues] == [("Price", "filtered:mixed_currencies")]
    assert charts(data, "prices.xlsx") == []


@pytest.mark.parametrize("number_format", ['"$"0.00" M"', '"$"#,##0.0,,"M"', '"$"0.00"/hr"', '0.00 "€/kg"',
                                           '#,##0\\ "€"\\ "p.a."'])
def test_a_currency_format_that_writes_more_than_the_currency_is_no_amount_in_it(number_format):
    # '"$"0.00" M"' shows 1.2 as "$1.20 M": read as '${}' the target said "$1.2", a millionth of what the sheet
    # shows; "$1.20/hr" is a rate, not $1.2. Such a column stays bare numbers, as before currencies were read
    data = sheet([["Item", "Value"], ["A", 1.2], ["B", 1.1], ["C", 1.3]], [number_format] * 3)
    [table] = read_tables(data, "mem://values.xlsx")
    value = table.columns[1]
    assert (value.kind, value.values, value.unit) == ("numeric", [1.2, 1.1, 1.3], "")
    assert not any("$" in s.text or "€" in s.text for s in charts(data, "values.xlsx"))


def test_a_sheet_of_euro_numbers_and_dollar_text_is_never_summed_as_dollars():
    # 1200 shown as "1.200,00 €" beside cells typed as text "$5", "$6": the text made the column '${}' and the
    # sheet's euros were charted, summed and compared as dollars ("$1200"); its numbers' own currency counts too
    data = sheet([["Item", "Price"], ["A", 1200], ["B", "$5"], ["C", "$6"], ["D", 1300]],
                 ["#,##0.00 [$€-407]", "General", "General", "#,##0.00 [$€-407]"])
    [table] = read_tables(data, "mem://prices.xlsx")
    assert (table.columns[1].kind, table.columns[1].values) == ("text", ["1200 €", "$5", "$6", "1300 €"])
    assert [(i.column, i.reason) for i in table.issues] == [("Price", "filtered:mixed_currencies")]
    assert charts(data, "prices.xlsx") == []
    # the text's currency and the sheet's agree: one column of dollars
    data = sheet([["Item", "Price"], ["A", 1200], ["B", "$5"], ["C", "$6"]], ['"$"#,##0', "General", "General"])
    [table] = read_tables(data, "mem://prices.xlsx")
    assert (table.columns[1].values, table.columns[1].unit, table.issues) == ([1200, 5, 6], "${}", [])


@pytest.mark.parametrize("data", ["Item,Price\nA,€1.500\nB,€800\nC,€2.300\n",
                                  "Item,Price\nA,1.500 €\nB,800 €\n", "Item,Price\nA,$2.300\nB,$12\n"])
def test_an_amount_with_three_digits_after_a_dot_in_a_comma_file_is_rejected_not_guessed(data):
    # a comma-separated file writes its decimals with a dot, but "€1.500" is how a European writes 1500 euros:
    # read as 1.5 the table and answers said "€1.5" where the file may mean €1500; nothing else settles the mark
    with pytest.raises(TableError) as caught:
        read_tables(data.encode(), "mem://prices.csv")
    assert caught.value.reason == "filtered:ambiguous_number_format"


@pytest.mark.parametrize("data, values", [
    ("Item,Price\nA,$3.459\nB,$3.5\n", [3.459, 3.5]),  # another amount settles the dot
    ('Item,Price\nA,"$1,500"\nB,$800\n', [1500, 800]),  # a comma file's comma groups thousands, as before
    ("Item,Price,Rate\nA,€1.500,0.25\nB,€800,0.5\n", [1.5, 800]),  # a decimal elsewhere settles it
])
def test_amounts_in_a_comma_file_whose_mark_something_settles_are_read(data, values):
    [table] = read_tables(data.encode(), "mem://prices.csv")
    assert table.columns[1].values == values


@pytest.mark.parametrize("data", [
    "Part,Drawing\nBracket,CAD-101\nHinge,CAD-102\nPlate,CAD-103\n",  # drawing numbers, not losses of CAD 101
    "Part,Code\nBracket,EUR001\nHinge,EUR002\nPlate,EUR013\n",  # zero-padded codes
    "Course,Code\nDrafting,CAD101\nModelling,CAD204\nRendering,CAD310\n",  # course codes
    "Course,Code\nA,101CAD\nB,204CAD\nC,310CAD\n",
    "Part,Code\nBracket,EUR 001\nHinge,EUR 002\nPlate,EUR 013\n",
])
def test_codes_that_begin_with_a_currency_code_are_no_amounts(data):
    # "CAD-101" was read as a loss of 101 Canadian dollars and charted as "-CAD101" ("What is the Drawing for
    # Hinge?" "-CAD102"); a currency's code is written apart from its amount ("CAD 101", "12 USD"), and an amount
    # has no leading zeros
    [table] = read_tables(data.encode(), "mem://parts.csv")
    assert table.columns[1].kind == "categorical"
    assert not any("CAD" in s.text or "EUR" in s.text for s in charts(data.encode(), "parts.csv"))


# a ledger whose currency is a column of its own (Stripe's "amount,currency", a bank export's "...,Amount,Currency")
LEDGER = (b"date,region,currency,amount\n2024-01-05,North,USD,100\n2024-01-05,North,EUR,90\n2024-01-07,South,USD,50\n"
          b"2024-01-08,South,EUR,40\n2024-01-09,North,USD,10\n2024-01-10,South,EUR,5\n")


def ledger_charts(samples: list[Sample]) -> dict[str, set[str]]:
    """The tables the samples chart, by where they are (the locator up to the chart's index)."""
    found: dict[str, set[str]] = {}
    for s in samples:
        found.setdefault(s.meta["locator"].rsplit(";chart=", 1)[0], set()).add(s.text)
    return found


def test_amounts_whose_currency_a_column_names_are_charted_one_currency_at_a_time():
    # North's USD 100, EUR 90 and USD 10 were charted, asked and shared as "200"; the dates as one line of mixed
    # money (190 on 2024-01-05): each currency's rows are charted alone, in it, and the others said
    def table(x, rows, code):
        return f"| {x} | amount ({code}) |\n|---|---|\n" + "".join(f"| {a} | {code} {b} |\n" for a, b in rows).strip()

    samples = charts(LEDGER, "ledger.csv", seeds=range(3))
    assert ledger_charts(samples) == {
        "table=ledger;currency=USD": {table("region", [("North", 110), ("South", 50)], "USD"),
                                      table("date", [("2024-01-05", 100), ("2024-01-07", 50), ("2024-01-09", 10)],
                                            "USD")},
        "table=ledger;currency=EUR": {table("region", [("North", 90), ("South", 45)], "EUR"),
                                      table("date", [("2024-01-05", 90), ("2024-01-08", 40), ("2024-01-10", 5)],
                                            "EUR")}}
    usd = next(s for s in samples if "currency=USD" in s.meta["locator"] and s.meta["chart"] == "bar")
    assert usd.meta["rows_left_out"] == [
        "3 rows in other currencies (EUR): column 'currency' names the currency of amount, and amounts in different "
        "currencies are neither summed nor compared; the charts show the rows in USD"]
    qa = {p["question"]: p["answer"] for p in usd.meta["qa"]}
    assert qa == {"How many values of region does the chart show?": "2",
                  "Which region has the highest amount (USD)?": "North",
                  "Which region has the lowest amount (USD)?": "South",
                  "What is the amount (USD) for South?": "USD 50",
                  "What is the difference between the highest and the lowest amount (USD)?": "USD 60"}


def test_amounts_whose_currency_a_sheet_column_names_are_charted_one_currency_at_a_time():
    import csv
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for k, row in enumerate(csv.reader(io.StringIO(LEDGER.decode()))):
        book.active.append(row if k == 0 else [*row[:3], int(row[3])])
    buf = io.BytesIO()
    book.save(buf)
    assert ledger_charts(charts(buf.getvalue(), "ledger.xlsx", seeds=range(3))) == {
        where.replace("ledger;", "ledger-Sheet;"): texts for where, texts in
        ledger_charts(charts(LEDGER, "ledger.csv", seeds=range(3))).items()}


def test_currencies_spelled_out_are_a_currency_column_as_their_codes_are():
    # "US Dollar", "us dollars", "Euro", "EURO": a bank export spells the currency out; not taken for a currency
    # column, North's 100 dollars, 90 euros and 10 dollars were charted and answered as "200"
    named = (b"date,region,currency,amount\n2024-01-05,North,US Dollar,100\n2024-01-05,North,Euro,90\n"
             b"2024-01-07,South,us dollars,50\n2024-01-08,South,EURO,40\n2024-01-09,North,USD,10\n"
             b"2024-01-10,South,euros,5\n")
    samples = charts(named, "ledger.csv", seeds=range(3))
    assert ledger_charts(samples) == ledger_charts(charts(LEDGER, "ledger.csv", seeds=range(3)))
    usd = next(s for s in samples if "currency=USD" in s.meta["locator"] and s.meta["chart"] == "bar")
    qa = {p["question"]: p["answer"] for p in usd.meta["qa"]}
    assert (qa["Which region has the highest amount (USD)?"], qa["What is the amount (USD) for South?"]) == (
        "North", "USD 50")
    # ISO 4217's names too ("Pound Sterling"), and CLDR's ("Japanese Yen"), in any case
    data = (b"country,currency,gdp\nUS,US Dollar,27000\nGermany,Euro,4500\nFrance,euro,3000\nJapan,JAPANESE YEN,4200\n"
            b"UK,Pound Sterling,3300\n")
    assert ledger_charts(charts(data, "countries.csv", seeds=range(3))) == {
        "table=countries;currency=EUR": {"| country | gdp (EUR) |\n|---|---|\n| Germany | EUR 4500 |\n"
                                         "| France | EUR 3000 |"}}
    rejects = table_rejects(data, "countries.csv")
    assert [r.detail for r in rejects] == [
        "column 'currency' names the currency of gdp; amounts in different currencies are neither summed nor "
        "compared, and these are not charted: USD: 1 row, fewer than 2 to chart; JPY: 1 row, fewer than 2 to chart; "
        "GBP: 1 row, fewer than 2 to chart"]
    # a measure whose header spells its currency out is in it, every row alike, as "GDP (current US$)" is (prices
    # summed by currency, "EUR 15", are no quantity: not charted, `specs.adds_up`)
    data = b"Country,Currency,Price (US Dollar)\nA,EUR,10\nB,USD,20\nC,EUR,5\n"
    assert ledger_charts(charts(data, "prices.csv")) == {
        "table=prices": {"| Country | Price (US Dollar) |\n|---|---|\n| A | 10 |\n| B | 20 |\n| C | 5 |"}}
    # a metal is no currency: medals beside prize money are charted whole
    medals = b"athlete,medal,prize\nA,Gold,100\nB,Silver,50\nC,Gold,80\n"
    assert ledger_charts(charts(medals, "medals.csv")) == {"table=medals": {
        "| athlete | prize |\n|---|---|\n| A | 100 |\n| B | 50 |\n| C | 80 |",
        "| medal | prize |\n|---|---|\n| Gold | 180 |\n| Silver | 50 |"}}


def test_a_measure_of_each_row_in_its_own_currency_is_charted_within_one_currency_only():
    # GDPs in dollars, euros, yen and pounds are neither shares of one whole nor comparable: Germany's and
    # France's euros are charted together, the currencies of one row are said in a reject; population, no money,
    # is charted over the whole table
    data = (b"country,currency,gdp,population\nUS,USD,27000,335\nGermany,EUR,4500,84\nFrance,EUR,3000,68\n"
            b"Japan,JPY,4200,125\nUK,GBP,3300,68\n")
    samples = charts(data, "countries.csv", seeds=range(3))
    assert ledger_charts(samples) == {
        "table=countries": {
            "| country | population |\n|---|---|\n| US | 335 |\n| Germany | 84 |\n| France | 68 |\n| Japan | 125 |\n"
            "| UK | 68 |",
            "| currency | population |\n|---|---|\n| USD | 335 |\n| EUR | 152 |\n| JPY | 125 |\n| GBP | 68 |"},
        "table=countries;currency=EUR": {"| country | gdp (EUR) |\n|---|---|\n| Germany | EUR 4500 |\n"
                                         "| France | EUR 3000 |"}}
    rejects = table_rejects(data, "countries.csv")
    assert [(r.reason, r.locator, r.detail) for r in rejects] == [(
        "filtered:mixed_currencies", "table=countries;column=currency",
        "column 'currency' names the currency of gdp; amounts in different currencies are neither summed nor "
        "compared, and these are not charted: USD: 1 row, fewer than 2 to chart; JPY: 1 row, fewer than 2 to chart; "
        "GBP: 1 row, fewer than 2 to chart")]


def test_a_measure_whose_header_names_its_currency_is_charted_whole_beside_a_currency_column():
    # World Bank's "GDP (current US$)" beside each country's "Currency Unit": the GDPs are all dollars
    data = b"Country,Currency Unit,GDP (current US$)\nA,EUR,10\nB,USD,20\nC,EUR,5\n"
    assert ledger_charts(charts(data, "wdi.csv")) == {
        "table=wdi": {"| Country | GDP (current US$) |\n|---|---|\n| A | 10 |\n| B | 20 |\n| C | 5 |",
                      "| Currency Unit | GDP (current US$) |\n|---|---|\n| EUR | 15 |\n| USD | 20 |"}}


def test_a_table_whose_currency_column_names_one_currency_is_charted_whole():
    data = b"region,currency,amount\nNorth,USD,10\nSouth,USD,20\nNorth,USD,5\n"
    assert ledger_charts(charts(data, "one.csv")) == {
        "table=one": {"| region | amount |\n|---|---|\n| North | 15 |\n| South | 20 |"}}


def test_counts_beside_a_currency_column_are_charted_whole_and_headers_of_money_are_money():
    from sources.charts.currencies import is_money
    from sources.common.tables import Column

    data = b"city,currency,\"Population, total\",visitors\nA,USD,10,3\nB,EUR,20,4\nC,EUR,5,6\n"
    samples = charts(data, "cities.csv")
    assert not any(";currency=" in s.meta["locator"] for s in samples)
    assert "| city | Population, total |\n|---|---|\n| A | 10 |\n| B | 20 |\n| C | 5 |" in {s.text for s in samples}
    assert [is_money(Column(name, "numeric", [1, 2])) for name in (
        "Population, total", "units", "Amount", "unit price", "total", "2023", "net income", "GDP (current US$)",
        "fee_usd", "Price in €", "Cadence cost", "n", "#", "column 4", "Unnamed: 3", "col3", "Anzahl",
        "Preis pro Stück", "orders")] == [False, False, True, True, True, True, True, False, False, False, True, False,
                                          False, None, None, None, False, True, False]
    assert is_money(Column("Share", "numeric", [1, 2], "%")) is False


def test_a_measure_whose_header_names_nothing_beside_a_currency_column_is_never_charted_as_money():
    # a blank header (read as "column 4") or "col3" beside a currency column was taken for money: its counts were
    # charted and answered as "USD 3"; nothing tells money from a count there, so neither is charted, and said.
    # "n" is the count's own name: charted over the whole table, never in a currency
    counts = (b"region,currency,amount,n\nNorth,USD,100,3\nNorth,EUR,90,2\nSouth,USD,50,4\nSouth,EUR,40,1\n")
    assert ledger_charts(charts(counts, "t.csv", seeds=range(3))) == {
        "table=t": {"| region | n |\n|---|---|\n| North | 5 |\n| South | 5 |",
                    "| currency | n |\n|---|---|\n| USD | 7 |\n| EUR | 3 |"},
        "table=t;currency=USD": {"| region | amount (USD) |\n|---|---|\n| North | USD 100 |\n| South | USD 50 |"},
        "table=t;currency=EUR": {"| region | amount (EUR) |\n|---|---|\n| North | EUR 90 |\n| South | EUR 40 |"}}
    for header, name in ((b"", "column 4"), (b"col3", "col3")):
        data = counts.replace(b",n\n", b"," + header + b"\n")
        assert ledger_charts(charts(data, "t.csv", seeds=range(3))) == {
            "table=t;currency=USD": {"| region | amount (USD) |\n|---|---|\n| North | USD 100 |\n| South | USD 50 |"},
            "table=t;currency=EUR": {"| region | amount (EUR) |\n|---|---|\n| North | EUR 90 |\n| South | EUR 40 |"}}
        rejects = table_rejects(data, "t.csv")
        assert [(r.reason, r.locator, r.detail) for r in rejects] == [(
            "filtered:mixed_currencies", "table=t;column=currency",
            f"column {name!r} names nothing that tells whether it is money in the currency column 'currency' names "
            f"or a count, so it is not charted: as money a count would be written in a currency, as a count amounts "
            f"in different currencies would be summed")]


def test_a_measure_whose_header_names_neither_money_nor_a_sum_beside_a_currency_column_is_not_charted_as_money():
    # "tickets" beside a currency column was taken for money: its counts charted and answered as "USD 3". A count's
    # name is charted over the whole table; a name that tells neither ("KPI") is not charted, and said; a ledger's
    # sum ("Total") or a period ("Q1 2023") stays money, as a wide table of amounts heads its columns
    counts = b"region,currency,amount,tickets\nNorth,USD,100,3\nNorth,EUR,90,2\nSouth,USD,50,4\nSouth,EUR,40,1\n"
    charted = ledger_charts(charts(counts, "t.csv", seeds=range(3)))
    assert charted["table=t"] == {"| region | tickets |\n|---|---|\n| North | 5 |\n| South | 5 |",
                                  "| currency | tickets |\n|---|---|\n| USD | 7 |\n| EUR | 3 |"}
    assert not any("USD 3" in text or "USD 7" in text for texts in charted.values() for text in texts)
    data = counts.replace(b",tickets\n", b",KPI\n")
    assert ledger_charts(charts(data, "t.csv", seeds=range(3))) == {
        "table=t;currency=USD": {"| region | amount (USD) |\n|---|---|\n| North | USD 100 |\n| South | USD 50 |"},
        "table=t;currency=EUR": {"| region | amount (EUR) |\n|---|---|\n| North | EUR 90 |\n| South | EUR 40 |"}}
    assert [r.detail for r in table_rejects(data, "t.csv")] == [
        "column 'KPI' names nothing that tells whether it is money in the currency column 'currency' names or a "
        "count, so it is not charted: as money a count would be written in a currency, as a count amounts in "
        "different currencies would be summed"]
    data = counts.replace(b",tickets\n", b",Q1 2023\n")
    assert ledger_charts(charts(data, "t.csv", seeds=range(3)))["table=t;currency=USD"] >= {
        "| region | Q1 2023 (USD) |\n|---|---|\n| North | USD 3 |\n| South | USD 4 |"}


@pytest.mark.parametrize("header", ["ARPU", "ARPPU", "CLV", "CAC", "Monthly ARPU", "Blended CAC"])
def test_money_per_user_beside_a_currency_column_is_money_in_the_rows_currency(header):
    # (review B4) "ARPU", average revenue per user, was refused as naming nothing that tells money from a count: it
    # is money, charted in each row's currency as "Average revenue per user" is
    data = f"region,currency,amount,{header}\nNorth,USD,100,3\nNorth,EUR,90,2\nSouth,USD,50,4\nSouth,EUR,40,1\n"
    assert table_rejects(data.encode(), "t.csv") == []
    charted = ledger_charts(charts(data.encode(), "t.csv", seeds=range(3)))
    assert f"| region | {header} (USD) |\n|---|---|\n| North | USD 3 |\n| South | USD 4 |" in charted[
        "table=t;currency=USD"]
    assert f"| region | {header} (EUR) |\n|---|---|\n| North | EUR 2 |\n| South | EUR 1 |" in charted[
        "table=t;currency=EUR"]
    assert not any(header in text for text in charted.get("table=t", ()))


def test_ltv_beside_a_currency_column_is_not_charted_as_money():
    # (review rrec) "LTV" is a mortgage book's loan-to-value ratio (80, 95) as often as a customer's lifetime value:
    # read as money it was charted and answered "USD 80" of a ratio. It names nothing that tells money from a
    # ratio, so it is not charted, and said, as "KPI" is; the amounts are charted in their currencies
    data = b"loan,currency,amount,LTV\nL1,USD,200000,80\nL2,EUR,150000,95\nL3,USD,300000,60\nL4,EUR,100000,75\n"
    charted = ledger_charts(charts(data, "t.csv", seeds=range(3)))
    assert not any("LTV" in text for texts in charted.values() for text in texts)
    assert [r.detail for r in table_rejects(data, "t.csv")] == [
        "column 'LTV' names nothing that tells whether it is money in the currency column 'currency' names or a "
        "count, so it is not charted: as money a count would be written in a currency, as a count amounts in "
        "different currencies would be summed"]


@pytest.mark.parametrize("header", ["LTV/CAC", "CAC payback (months)", "CAC 40"])
def test_a_ratio_or_a_count_of_money_per_user_beside_a_currency_column_is_not_charted_as_money(header):
    # (review rrec) "CAC" named money wherever it stood: "LTV/CAC" (a ratio, 3.2) and "CAC payback (months)" were
    # charted and answered "USD 3", "USD 14", and "CAC 40" (Paris's index, points) so too. ARPU, CAC... are money
    # where the header names nothing else; beside another word they name neither, so not charted, and said
    data = f"region,currency,amount,{header}\nNorth,USD,100,3\nNorth,EUR,90,2\nSouth,USD,50,4\nSouth,EUR,40,1\n"
    charted = ledger_charts(charts(data.encode(), "t.csv", seeds=range(3)))
    assert not any(header in text for texts in charted.values() for text in texts)
    assert [r.detail for r in table_rejects(data.encode(), "t.csv")] == [
        f"column '{header}' names nothing that tells whether it is money in the currency column 'currency' names or "
        "a count, so it is not charted: as money a count would be written in a currency, as a count amounts in "
        "different currencies would be summed"]


def test_revenue_in_won_beside_a_currency_column_is_in_its_own_currency():
    # (review B5) "Revenue (won)" was refused as "in won, but not said which": the won of a table of money is South
    # Korea's, the column's own currency as "Revenue (KRW)" is, charted over the whole table and never in a row's
    from sources.charts.currencies import is_money
    from sources.common.tables import Column

    data = b"region,currency,amount,Revenue (won)\nNorth,USD,100,3000\nNorth,EUR,90,2000\nSouth,USD,50,4000\n" \
           b"South,EUR,40,1000\n"
    assert table_rejects(data, "t.csv") == []
    charted = ledger_charts(charts(data, "t.csv", seeds=range(3)))
    assert charted["table=t"] == {"| region | Revenue (won) |\n|---|---|\n| North | 5000 |\n| South | 5000 |",
                                  "| currency | Revenue (won) |\n|---|---|\n| USD | 7000 |\n| EUR | 3000 |"}
    assert not any("Revenue (won) (" in text for texts in charted.values() for text in texts)
    assert [is_money(Column(name, "numeric", [1, 2])) for name in (
        "Revenue (won)", "Price in won", "Revenue (KRW)", "Revenue (₩)", "Games won")] == [False] * 4 + [None]  # a verb


@pytest.mark.parametrize("header", ["Number of payments", "# of payments", "No. of fees", "Count of Amount",
                                    "Payment count", "Sales (units)", "Sales qty", "paymentCount", "n_payments",
                                    "N payments", "Nombre de paiements"])
def test_a_count_of_moneys_things_beside_a_currency_column_is_a_count(header):
    # "Number of payments" (Excel's pivot: "Count of Amount") was money by its money word and answered as "USD 3": the
    # count's word heads the measure, the money word names what it counts; charted over the whole table
    data = f"region,currency,amount,{header}\nNorth,USD,100,3\nNorth,EUR,90,2\nSouth,USD,50,4\nSouth,EUR,40,1\n"
    charted = ledger_charts(charts(data.encode(), "t.csv", seeds=range(3)))
    assert charted["table=t"] == {f"| region | {header} |\n|---|---|\n| North | 5 |\n| South | 5 |",
                                  f"| currency | {header} |\n|---|---|\n| USD | 7 |\n| EUR | 3 |"}
    assert charted["table=t;currency=USD"] == {
        "| region | amount (USD) |\n|---|---|\n| North | USD 100 |\n| South | USD 50 |"}
    # a count word after "per" qualifies a price: money in its row's currency
    data = data.replace(header, "Price per 100 units")
    assert "| region | Price per 100 units (USD) |\n|---|---|\n| North | USD 3 |\n| South | USD 4 |" in ledger_charts(
        charts(data.encode(), "t.csv", seeds=range(3)))["table=t;currency=USD"]


@pytest.mark.parametrize("header", ["Tax rate", "GDP growth (annual %)", "Price index", "Sales (%)", "Credit score",
                                    "Payment days", "Salary percentile"])
def test_a_measure_of_money_that_is_no_amount_beside_a_currency_column_is_not_money(header):
    # "Tax rate", "GDP growth (annual %)", "Price index" were money by their money word, charted in each row's
    # currency and answered as "USD 3": a rate, a growth, an index, a score of money is no amount of it
    data = f"region,currency,amount,{header}\nNorth,USD,100,3\nNorth,EUR,90,2\nSouth,USD,50,4\nSouth,EUR,40,1\n"
    samples = charts(data.encode(), "t.csv", seeds=range(3))
    assert ledger_charts(samples)["table=t;currency=USD"] == {
        "| region | amount (USD) |\n|---|---|\n| North | USD 100 |\n| South | USD 50 |"}
    assert not any(f"{header} (" in s.text or "USD 3" in s.text + str(s.meta["qa"]) for s in samples)
    # after "per" (or "/") it qualifies an amount: a price per kg is money in its row's currency
    data = data.replace(header, "Price/kg")
    assert "| region | Price/kg (USD) |\n|---|---|\n| North | USD 3 |\n| South | USD 4 |" in ledger_charts(
        charts(data.encode(), "t.csv", seeds=range(3)))["table=t;currency=USD"]


def test_an_order_exports_money_beside_its_currency_column_is_charted_in_it():
    # Shopify's orders export: "Shipping" (and PayPal's, Square's "Tips", "Refunds", "Discounts") named no money word
    # and since money needs one, was rejected as naming "nothing that tells whether it is money"
    data = (b"Name,Currency,Subtotal,Shipping,Tips,Refunds,Discounts,Lineitem quantity\n#1001,USD,100,10,5,0,2,2\n"
            b"#1002,EUR,90,5,3,9,0,1\n#1003,USD,50,0,2,5,1,3\n#1004,EUR,40,5,1,0,4,1\n")
    assert table_rejects(data, "orders.csv") == []
    charted = ledger_charts(charts(data, "orders.csv", seeds=range(6)))["table=orders;currency=USD"]
    assert "| Name | Shipping (USD) |\n|---|---|\n| #1001 | USD 10 |\n| #1003 | USD 0 |" in charted


@pytest.mark.parametrize("header", ["Bookings value", "Tickets value", "Orders value", "Transactions values",
                                    "Total trips value"])
def test_the_value_of_counted_things_beside_a_currency_column_is_money(header):
    # "Bookings value" was a count by its count word (bookings), charted over the whole table: North's USD 100 and
    # EUR 90 answered as "190". The value of things is money, in its row's currency
    data = f"region,currency,{header}\nNorth,USD,100\nNorth,EUR,90\nSouth,USD,50\nSouth,EUR,40\n".encode()
    samples = charts(data, "t.csv", seeds=range(3))
    assert ledger_charts(samples)["table=t;currency=USD"] == {
        f"| region | {header} (USD) |\n|---|---|\n| North | USD 100 |\n| South | USD 50 |"}
    assert not any("190" in s.text + str(s.meta["qa"]) + s.meta["summary"] for s in samples)
    # a value of a rate or an index is none ("Index value")
    assert "table=t;currency=USD" not in ledger_charts(charts(data.replace(header.encode(), b"Index value"), "t.csv"))


def test_a_letter_alone_beside_a_currency_column_is_no_period():
    # "Q" (an economist's quantity beside "P") was read as the "Q" of "Q1 2023", a period, so money: "USD 3". A
    # period writes its number ("Q1", "H2"); the letter alone tells nothing, so it is not charted, and said
    data = b"region,currency,P,Q\nNorth,USD,100,3\nNorth,EUR,90,2\nSouth,USD,50,4\nSouth,EUR,40,1\n"
    assert not any("USD 3" in s.text for s in charts(data, "t.csv", seeds=range(3)))
    assert [r.detail for r in table_rejects(data, "t.csv")] == [
        "columns 'P' and 'Q' name nothing that tells whether they are money in the currency column 'currency' names "
        "or a count, so they are not charted: as money a count would be written in a currency, as a count amounts "
        "in different currencies would be summed"]
    data = data.replace(b",P,Q\n", b",H1,Q4 2023\n")
    assert "| region | Q4 2023 (USD) |\n|---|---|\n| North | USD 3 |\n| South | USD 4 |" in ledger_charts(
        charts(data, "t.csv", seeds=range(3)))["table=t;currency=USD"]


@pytest.mark.parametrize("header, noun", [("Price (pounds)", "pounds"), ("Cost in Rs.", "Rs"), ("Amount (kr)", "kr")])
def test_a_money_header_that_writes_a_currency_noun_that_is_also_a_word_is_in_a_currency_of_its_own(header, noun):
    # "Price (pounds)" beside a currency column was charted in each row's currency ("EUR 10" for ten pounds): the
    # nouns that are words too ("price per pound", "exam marks") were never read as currencies in a header
    data = f"Country,Currency,{header}\nA,EUR,10\nB,USD,20\nC,EUR,5\nD,USD,7\n".encode()
    assert charts(data, "prices.csv", seeds=range(3)) == []
    assert [r.detail for r in table_rejects(data, "prices.csv")] == [
        f"column {header!r} is in {noun}, but not said which (the currency column 'Currency' names others): charted "
        f"in a row's currency it would be written in one its header denies, charted whole amounts in different "
        f"currencies would be summed, so it is not charted"]
    # per pound, a weight: the price is in its row's currency
    data = b"Country,Currency,price per pound\nA,EUR,10\nB,USD,20\nC,EUR,5\nD,USD,7\n"
    assert ledger_charts(charts(data, "prices.csv", seeds=range(3)))["table=prices;currency=EUR"] == {
        "| Country | price per pound (EUR) |\n|---|---|\n| A | EUR 10 |\n| C | EUR 5 |"}


@pytest.mark.parametrize("header, noun", [("Price (reais)", "reais"), ("Amount in Rs. lakhs", "Rs"),
                                          ("Cost (Rs. in lakhs)", "Rs"), ("Price in pounds per kg", "pounds"),
                                          ("Fee (kr; excl. VAT)", "kr"), ("Price (Rp)", "Rp"), ("Price (Ft)", "Ft"),
                                          ("Price (zł)", "zł"), ("Cost (Kč)", "Kč"), ("Price (lei)", "lei"),
                                          ("Price (SFr.)", "SFr"), ("Amount (R)", "R"), ("Price (NT$)", "NT$")])
def test_a_currency_noun_that_is_also_a_word_is_read_before_a_qualifier_or_in_its_own_plural(header, noun):
    # and a local sign of several letters (Rp, Ft, zł, Kč, NT$): "EUR 10" was written for ten rupiah
    # these were charted in each row's currency ("EUR 10" for ten reais, or ten lakh rupees): the noun was read only
    # where ")" or the header's end came right after it, and Brazil's plural (reais) not at all
    data = f"Country,Currency,{header}\nA,EUR,10\nB,USD,20\nC,EUR,5\nD,USD,7\n".encode()
    assert charts(data, "prices.csv", seeds=range(3)) == []
    assert [r.detail for r in table_rejects(data, "prices.csv")] == [
        f"column {header!r} is in {noun}, but not said which (the currency column 'Currency' names others): charted "
        f"in a row's currency it would be written in one its header denies, charted whole amounts in different "
        f"currencies would be summed, so it is not charted"]


def test_a_weight_in_pounds_beside_money_words_is_no_currency():
    # "Shipping weight in pounds" names money (shipping) and "in pounds": it was read as in a currency of its own and
    # rejected as "in pounds"; a weight is no money, charted over the whole table
    data = b"Order,Currency,Shipping weight (pounds)\nA,EUR,10\nB,USD,20\nC,EUR,5\nD,USD,7\n"
    assert table_rejects(data, "orders.csv") == []
    assert "| Order | Shipping weight (pounds) |\n|---|---|\n| A | 10 |\n| B | 20 |\n| C | 5 |\n| D | 7 |" in {
        s.text for s in charts(data, "orders.csv", seeds=range(3))}


@pytest.mark.parametrize("header", ["GDP (real)", "Income (real)", "Wages in real terms"])
def test_real_money_beside_a_currency_column_is_in_its_rows_currency(header):
    # "GDP (real)" (adjusted for inflation) was read as in reals, a currency of its own: not charted, and said to be
    # "in real". Brazil's money writes its plural, reais; "real" alone is the economist's
    data = f"Country,Currency,{header}\nA,EUR,10\nB,USD,20\nC,EUR,5\nD,USD,7\n".encode()
    assert ledger_charts(charts(data, "prices.csv", seeds=range(3)))["table=prices;currency=EUR"] == {
        f"| Country | {header} (EUR) |\n|---|---|\n| A | EUR 10 |\n| C | EUR 5 |"}
    assert table_rejects(data, "prices.csv") == []


def test_money_beside_two_currency_columns_is_never_charted():
    # Stripe's export: Amount in the charge's Currency, Fee and Net in the Converted Currency; nothing in the
    # table says which column's currency is whose, so neither is taken: the money is a reject, the count charted
    data = (b"id,Amount,Currency,Fee,Converted Currency,Quantity\nch_1,10,eur,0.59,usd,1\nch_2,20,usd,0.88,usd,3\n"
            b"ch_3,30,eur,1.2,usd,2\n")
    samples = charts(data, "payments.csv")
    assert {s.text for s in samples} == {"| id | Quantity |\n|---|---|\n| ch_1 | 1 |\n| ch_2 | 3 |\n| ch_3 | 2 |",
                                         "| Currency | Quantity |\n|---|---|\n| eur | 3 |\n| usd | 3 |"}
    rejects = table_rejects(data, "payments.csv")
    assert [(r.reason, r.locator, r.detail) for r in rejects] == [(
        "filtered:mixed_currencies", "table=payments;column=Currency",
        "columns 'Currency' and 'Converted Currency' name currencies, and nothing tells which names that of Amount "
        "and Fee: amounts in different currencies are neither summed nor compared, so none is charted")]


def test_a_currency_column_that_writes_currencies_as_words_is_never_summed_across_them():
    # "U.S. dollars" beside "Euros" (CLDR spells it "US Dollar"), or "Rand" beside "Real" under a "currency" header:
    # not taken for a currency column, North's 100 dollars, 90 euros and 10 dollars were charted as "North 200"
    dotted = LEDGER.replace(b",USD,", b",U.S. dollars,").replace(b",EUR,", b",Euros,")
    assert ledger_charts(charts(dotted.replace(b"U.S. dollars", b"Pounds Sterling"), "ledger.csv", seeds=range(3))) \
        == {k.replace("USD", "GBP"): {t.replace("USD", "GBP") for t in v} for k, v in ledger_charts(
            charts(LEDGER, "ledger.csv", seeds=range(3))).items()}
    assert ledger_charts(charts(dotted, "ledger.csv", seeds=range(3))) == ledger_charts(
        charts(LEDGER, "ledger.csv", seeds=range(3)))
    words = LEDGER.replace(b",USD,", b",Rand,").replace(b",EUR,", b",Real,")
    assert charts(words, "ledger.csv") == []
    rejects = [r for r in read_table_charts(words, "mem://ledger.csv", ChartOptions(table_image=False))
               if not isinstance(r, Sample)]
    assert [(r.reason, r.locator, r.detail) for r in rejects] == [(
        "filtered:mixed_currencies", "table=ledger;column=currency",
        "6 rows whose 'currency' names no currency known: their amount in no chart")]
    # "Real" and "Fake" under no currency header are no currencies: charted whole, as before
    data = b"item,kind,amount\nA,Real,10\nB,Fake,4\nC,Real,6\n"
    assert "| kind | amount |\n|---|---|\n| Real | 16 |\n| Fake | 4 |" in {s.text for s in charts(data, "items.csv")}


def test_a_measure_whose_header_names_a_currency_noun_is_never_charted_in_a_rows_currency():
    # "Price (U.S. dollars)" beside a country's currency was charted in each row's: Germany's 10 dollars as "EUR 10"
    data = b"Country,Currency,Price (U.S. dollars)\nA,EUR,10\nB,USD,20\nC,EUR,5\nD,USD,7\n"
    assert ledger_charts(charts(data, "prices.csv")) == {"table=prices": {
        "| Country | Price (U.S. dollars) |\n|---|---|\n| A | 10 |\n| B | 20 |\n| C | 5 |\n| D | 7 |"}}
    # "in dollars": US, Canadian or Australian? Neither in a row's currency nor summed whole
    data = data.replace(b"Price (U.S. dollars)", b"Price in dollars")
    assert charts(data, "prices.csv") == []
    rejects = table_rejects(data, "prices.csv")
    assert [(r.reason, r.locator, r.detail) for r in rejects] == [(
        "filtered:mixed_currencies", "table=prices;column=Currency",
        "column 'Price in dollars' is in dollars, but not said which (the currency column 'Currency' names others): "
        "charted in a row's currency it would be written in one its header denies, charted whole amounts in "
        "different currencies would be summed, so it is not charted")]


def test_a_bare_number_in_parentheses_among_amounts_in_a_currency_is_no_negative():
    # "(1)" under "$1,200" in a "Sales" column (a note's marker) was read as a loss and charted as "-$1"; written
    # as an amount ("(12.50)", "(1,200)") it is one
    rows = ['"$1,200"', "$300", "$400", "$520", "$610", "$700", "$810", "$930", "$150", "$260"]
    data = "Item,Sales\n" + "".join(f"{chr(65 + k)},{v}\n" for k, v in enumerate([*rows, "(1)"]))
    [table] = read_tables(data.encode(), "mem://sales.csv")
    assert (table.columns[1].values[-2:], table.columns[1].unit) == ([260, None], "${}")
    assert [(i.reason, i.detail) for i in table.issues] == [(
        "filtered:non_numeric_cells",
        "1 of 11 cells of column 'Sales' in sales are not numbers and count as missing: row 11 '(1)'")]
    assert not any("-$1" in s.text + str(s.meta["qa"]) + s.meta["summary"] for s in charts(data.encode(), "s.csv"))
    for cell, value in (("(12.50)", -12.5), ('"(1,200)"', -1200)):
        [table] = read_tables(data.replace("(1)", cell).encode(), "mem://sales.csv")
        assert (table.columns[1].values[-1], table.issues) == (value, [])


def test_a_price_level_written_in_currency_signs_is_no_currency_column():
    # Yelp's price level ("$", "$$", "$$$"), mostly "$": taken for a currency column of two currencies, the review
    # counts of the "$" rows were charted and answered as money ("$10"); it names no currency, so none is charted
    data = ("name,price,reviews\n" + "".join(f"{chr(65 + k)},{p},{n}\n" for k, (p, n) in enumerate(
        [("$", 10), ("$", 20), ("$", 5), ("$", 7), ("$", 9), ("$", 4), ("$", 3), ("$", 8), ("$$", 3), ("$$$", 4)])))
    samples = charts(data.encode(), "places.csv", seeds=range(3))
    assert "| price | reviews |\n|---|---|\n| $ | 66 |\n| $$ | 3 |\n| $$$ | 4 |" in {s.text for s in samples}
    assert not any(";currency=" in s.meta["locator"] or "($)" in s.text for s in samples)


def test_a_sheets_currency_in_a_locale_block_is_one_known_or_not():
    # "[$kr-414]" (Norway), "[$Fr.-100C]" (Switzerland): a currency CURRENCY does not know was read as none, and
    # 5 dollars, 6 kroner and 7 dollars were charted and compared as bare numbers ("highest Price: C")
    for kroner, shown in (("#,##0 [$kr-414]", "6 kr"), ('#,##0.00 "kr"', "6")):
        data = sheet([["Item", "Price"], ["A", 5], ["B", 6], ["C", 7]], ['"$"#,##0', kroner, '"$"#,##0'])
        [table] = read_tables(data, "mem://prices.xlsx")
        assert (table.columns[1].kind, table.columns[1].values) == ("text", ["$5", shown, "$7"])
        assert [(i.reason, i.detail) for i in table.issues] == [(
            "filtered:mixed_currencies",
            f"column 'Price' of sheet 'Sheet' shows its numbers in $ and "
            f"{'kr' if 'kr-' in kroner else 'a format of another unit'}: amounts in different currencies are neither "
            f"summed nor compared, so it stays text")]
        assert charts(data, "prices.xlsx") == []
    # one such currency throughout is the column's unit, as "$" is
    data = sheet([["Item", "Price"], ["A", 5], ["B", 6], ["C", 7]], ["#,##0.00 [$zł-415]"] * 3)
    [table] = read_tables(data, "mem://prices.xlsx")
    assert (table.columns[1].values, table.columns[1].unit) == ([5, 6, 7], "{} zł")
    qa = {p["question"]: p["answer"] for s in charts(data, "prices.xlsx") for p in s.meta["qa"]}
    assert qa["What is the Price for B?"] == "6 zł"


def test_one_sign_in_the_locale_blocks_of_two_countries_is_two_currencies():
    # (review B7) "[$kr-41D]" (Sweden) beside "[$kr-406]" (Denmark) was one "kr": kronor of two countries summed and
    # compared; so "$" of the US and of Canada. The euro of Germany and of France is one currency
    for formats, shown, named in (
            (["#,##0 [$kr-41D]", "#,##0 [$kr-406]"], ["5 kr (locale 41D)", "6 kr (locale 406)", "7 kr (locale 41D)"],
             "kr (locale 41D) and kr (locale 406)"),
            (["[$$-409]#,##0", "[$$-1009]#,##0"], ["$5 (USD)", "$6 (CAD)", "$7 (USD)"], "$ (USD) and $ (CAD)")):
        data = sheet([["Item", "Price"], ["A", 5], ["B", 6], ["C", 7]], [formats[0], formats[1], formats[0]])
        [table] = read_tables(data, "mem://prices.xlsx")
        assert (table.columns[1].kind, table.columns[1].values) == ("text", shown)
        assert [(i.reason, i.detail) for i in table.issues] == [(
            "filtered:mixed_currencies", f"column 'Price' of sheet 'Sheet' shows its numbers in {named}: amounts in "
                                         "different currencies are neither summed nor compared, so it stays text")]
        assert charts(data, "prices.xlsx") == []
    data = sheet([["Item", "Price"], ["A", 5], ["B", 6], ["C", 7]], ["#,##0 [$€-407]", "#,##0 [$€-40C]"] * 2)
    [table] = read_tables(data, "mem://prices.xlsx")
    assert (table.columns[1].values, table.columns[1].unit, table.issues) == ([5, 6, 7], "{} €", [])


def test_a_pound_or_a_c_dollar_beside_another_spelling_is_never_read_as_one_currency():
    # (review) "£" was GBP wherever written: a sheet's "[$£-809]" (the UK) beside "[$£-C01]" (Egypt) was one
    # currency, pounds sterling and Egyptian pounds summed; "C$" (Canada's, and Nicaragua's córdoba's sign) beside
    # "CAD" one
    rows = [["Item", "Price"], ["A", 5], ["B", 6], ["C", 7]]
    data = sheet(rows, ["[$£-809]#,##0", "[$£-C01]#,##0", "[$£-809]#,##0"])
    [table] = read_tables(data, "mem://prices.xlsx")
    assert (table.columns[1].kind, table.columns[1].values) == ("text", ["£5 (GBP)", "£6 (locale C01)", "£7 (GBP)"])
    assert [(i.reason, i.detail) for i in table.issues] == [(
        "filtered:mixed_currencies", "column 'Price' of sheet 'Sheet' shows its numbers in £ (GBP) and £ (locale "
                                     "C01): amounts in different currencies are neither summed nor compared, so it "
                                     "stays text")]
    assert charts(data, "prices.xlsx") == []
    # the United Kingdom's English and Welsh are one pound
    data = sheet(rows, ["[$£-809]#,##0", "[$£-452]#,##0", "[$£-809]#,##0"])
    [table] = read_tables(data, "mem://prices.xlsx")
    assert (table.columns[1].values, table.columns[1].unit, table.issues) == ([5, 6, 7], "£{}", [])
    # a CSV's "£" beside "GBP", "C$" beside "CAD": two currencies, not one read on a guess
    for sign, code in ("£", "GBP"), ("C$", "CAD"):
        [table] = read_tables(f"Item,Price\nA,{sign}5\nB,{code} 9\nC,{sign}7\n".encode(), "mem://prices.csv")
        assert (table.columns[1].kind, [(i.reason, i.detail) for i in table.issues]) == ("text", [(
            "filtered:mixed_currencies", f"column 'Price' in prices writes amounts in {sign} and {code}: amounts in "
                                         "different currencies are neither summed nor compared, so it stays text")])


def test_one_sign_in_the_locale_blocks_of_one_countrys_languages_is_one_currency():
    # (review rrec) "[$$-409]" (the US's English) beside "[$$-540A]" (the US's Spanish), Switzerland's German and
    # French "Fr.", Norway's Bokmål and Nynorsk "kr" were read as two currencies each, and the column stayed text:
    # one country's locales write one currency, charted
    for formats, unit in ((["[$$-409]#,##0", "[$$-540A]#,##0"], "${}"), (["#,##0 [$Fr.-807]", "#,##0 [$Fr.-100C]"],
                                                                       "{} Fr."),
                          (["#,##0 [$kr-414]", "#,##0 [$kr-814]"], "{} kr")):
        data = sheet([["Item", "Price"], ["A", 5], ["B", 6], ["C", 7]], [formats[0], formats[1], formats[0]])
        [table] = read_tables(data, "mem://prices.xlsx")
        assert (table.columns[1].values, table.columns[1].unit, table.issues) == ([5, 6, 7], unit, []), formats


def test_a_sheets_sign_and_code_of_one_currency_are_one_as_in_a_csv():
    # (review rrec) a CSV's "€12" beside "EUR 9" was one currency, a sheet's "€" format beside its "EUR" format two
    # ("shows its numbers in € and EUR: amounts in different currencies"), its column text. "$" beside "USD" stays
    # two in both ("$" is several countries' dollar)
    for formats, unit in ((['"€"#,##0', '"EUR "#,##0'], "€{}"), (['#,##0 [$€-407]', '[$EUR] #,##0'], "{} €")):
        data = sheet([["Item", "Price"], ["A", 5], ["B", 6], ["C", 7]], [formats[0], formats[1], formats[0]])
        [table] = read_tables(data, "mem://prices.xlsx")
        assert (table.columns[1].values, table.columns[1].unit, table.issues) == ([5, 6, 7], unit, []), formats
    data = sheet([["Item", "Price"], ["A", 5], ["B", 6], ["C", 7]], ['"$"#,##0', '"USD "#,##0', '"$"#,##0'])
    [table] = read_tables(data, "mem://prices.xlsx")
    assert (table.columns[1].kind, [i.reason for i in table.issues]) == ("text", ["filtered:mixed_currencies"])


def test_currency_nouns_beside_currency_names_are_a_currency_column_under_any_header():
    # "dollars" (whose?) beside "euros" under a "unit" header: North's 100 dollars and 90 euros were charted as 200;
    # the euros are charted alone, the dollars' rows said
    data = LEDGER.replace(b"currency", b"unit").replace(b",USD,", b",dollars,").replace(b",EUR,", b",euros,")
    samples = charts(data, "ledger.csv", seeds=range(3))
    assert ledger_charts(samples) == {k.replace("USD", "EUR"): v for k, v in ledger_charts(
        charts(LEDGER, "ledger.csv", seeds=range(3))).items() if "EUR" in k}
    eur = next(s for s in samples if s.meta["chart"] == "bar")
    assert eur.meta["rows_left_out"] == [
        "3 rows whose 'unit' names no currency known: their amount in no chart"]


def test_a_camel_case_header_that_names_its_currency_is_charted_whole():
    # "PriceUSD", "totalAmountEur" (an API's JSON): the code joined to a word was not read, and Germany's 10 dollars
    # were charted in its row's currency as "EUR 10"
    from sources.charts.currencies import is_money
    from sources.common.tables import Column

    data = b"Country,Currency,PriceUSD\nA,EUR,10\nB,USD,20\nC,EUR,5\nD,USD,7\n"
    assert ledger_charts(charts(data, "prices.csv")) == {"table=prices": {
        "| Country | PriceUSD |\n|---|---|\n| A | 10 |\n| B | 20 |\n| C | 5 |\n| D | 7 |"}}
    assert [is_money(Column(name, "numeric", [1, 2])) for name in ("totalAmountEur", "amountUSD", "Cadence cost")] \
        == [False, False, True]


def test_a_currency_column_with_rows_of_no_currency_is_still_one():
    # "N/A" and "Unknown" among USD and EUR under a "currency" header: too few known values for a currency column,
    # North's 100 dollars, 90 euros and 10 dollars were charted as "North 200"
    data = (b"region,currency,amount\nNorth,USD,100\nNorth,EUR,90\nSouth,USD,50\nSouth,N/A,40\nNorth,USD,10\n"
            b"South,Unknown,5\n")
    samples = charts(data, "ledger.csv", seeds=range(3))
    assert ledger_charts(samples) == {"table=ledger;currency=USD": {
        "| region | amount (USD) |\n|---|---|\n| North | USD 110 |\n| South | USD 50 |"}}
    assert samples[0].meta["rows_left_out"] == [
        "1 row in other currencies (EUR): column 'currency' names the currency of amount, and amounts in different "
        "currencies are neither summed nor compared; the charts show the rows in USD",
        "2 rows whose 'currency' names no currency known: their amount in no chart"]


def test_excels_builtin_accounting_format_shows_dollars_and_its_dash_is_zero():
    # Excel's Accounting button stores format id 44, which openpyxl's table writes without its semicolons: its "$"
    # was read as no currency, so a column of it beside one in euros was summed as bare numbers, and a dash typed in
    # it was missing where the sheet shows zero
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    rows = [["Dept", "Profit"], ["HR", 12], ["IT", "-"], ["Ops", -4.5], ["Legal", 1200]]
    [table] = read_tables(sheet(rows, [BUILTIN_FORMATS[44]] * 4), "mem://profit.xlsx")
    assert (table.columns[1].values, table.columns[1].unit, table.issues) == ([12, 0, -4.5, 1200], "${}", [])
    data = sheet([["Item", "Price"], ["A", 5], ["B", 6], ["C", 7]], [BUILTIN_FORMATS[44], "#,##0 [$€-407]"] * 2)
    [table] = read_tables(data, "mem://prices.xlsx")
    assert (table.columns[1].kind, table.columns[1].values) == ("text", ["$5", "6 €", "$7"])
    assert [(i.column, i.reason) for i in table.issues] == [("Price", "filtered:mixed_currencies")]


def test_a_sheets_numbers_in_another_unit_beside_dollar_text_are_never_dollars():
    # 1200 shown as "1.200,00 kr" (a quoted unit no currency table knows) beside "$5" typed as text: the text made
    # the column '${}' and the sheet's kroner were charted as "$1200"
    data = sheet([["Item", "Price"], ["A", 1200], ["B", "$5"], ["C", "$6"], ["D", 1300]],
                 ['#,##0.00 "kr"', "General", "General", '#,##0.00 "kr"'])
    [table] = read_tables(data, "mem://prices.xlsx")
    assert (table.columns[1].kind, table.columns[1].values) == ("text", ["1200", "$5", "$6", "1300"])
    assert [(i.reason, i.detail) for i in table.issues] == [(
        "filtered:mixed_currencies", "column 'Price' of sheet 'Sheet' shows its numbers in a format of another unit "
        "and $: amounts in different currencies are neither summed nor compared, so it stays text")]
    assert charts(data, "prices.xlsx") == []


def test_a_header_that_names_any_currencys_code_is_charted_whole():
    # "Price (AED)", "Revenue RMB": codes that amounts' cells are not read in, so a header's was not read either, and
    # each row's dirhams were charted in its currency column's ("USD 10")
    from sources.charts.currencies import is_money
    from sources.common.tables import Column

    data = b"Country,Currency,Price (AED)\nA,EUR,10\nB,USD,20\nC,EUR,5\nD,USD,7\n"
    assert ledger_charts(charts(data, "prices.csv")) == {"table=prices": {
        "| Country | Price (AED) |\n|---|---|\n| A | 10 |\n| B | 20 |\n| C | 5 |\n| D | 7 |"}}
    assert [is_money(Column(name, "numeric", [1, 2])) for name in (
        "Revenue RMB", "amountRUB", "ALL revenue", "TOP sales", "Total")] == [False, False, True, True, True]


def test_measures_headed_by_bare_numbers_are_not_charted_and_said():
    # (review B8) a wide table whose columns are headed "1".."12" (months? grades? sizes?) was charted column by
    # column: "What is the 3 for B?" answered "3", "The pie chart shows 2 by Product". Nothing names what the numbers
    # count, so those columns are not charted, and said; the table's other measures are, and years stay periods
    header = "Product,Total," + ",".join(str(m) for m in range(1, 13))
    rows = ["A,80," + ",".join(str(5 + m) for m in range(12)), "B,40," + ",".join(str(1 + m) for m in range(12)),
            "C,60," + ",".join(str(3 + 2 * m) for m in range(12))]
    data = "\n".join([header, *rows, ""]).encode()
    samples = charts(data, "months.csv", seeds=range(3))
    assert samples and all(s.text.splitlines()[0] in ("| Product | Total |",) for s in samples)
    names = ", ".join(repr(str(m)) for m in range(1, 13))
    assert [(r.reason, r.locator, r.detail) for r in table_rejects(data, "months.csv")] == [(
        "filtered:numbered_headers", "table=months;column=1",
        f"columns {names} are headed by a bare number (a month? a rank? a size?), which names no measure: their "
        f"charts would ask for \"the 1\" of a row, so they are not charted")]
    years = b"Product,2022,2023\nA,5,6\nB,1,2\nC,3,5\n"
    assert table_rejects(years, "years.csv") == []
    charted = {s.text for s in charts(years, "years.csv")}
    assert "| Product | 2022 |\n|---|---|\n| A | 5 |\n| B | 1 |\n| C | 3 |" in charted


def test_measures_headed_by_bare_numbers_past_the_years_are_not_charted_either():
    # (review) "1".."12" were refused, "5000" and "10000" (speeds? sizes?) charted as measures: "What is the 5000
    # for B?". A number is a year's header only with four digits within the years; "1,500" is grouped, no year
    data = b'Model,Total,5000,10000,2100,"1,500"\nA,80,3,4,5,6\nB,40,5,6,7,8\nC,60,7,8,9,10\n'
    assert [(r.reason, r.locator, r.detail) for r in table_rejects(data, "speeds.csv")] == [(
        "filtered:numbered_headers", "table=speeds;column=5000",
        "columns '5000', '10000', '1,500' are headed by a bare number (a month? a rank? a size?), which names no "
        "measure: their charts would ask for \"the 5000\" of a row, so they are not charted")]
    samples = charts(data, "speeds.csv", seeds=range(3))
    assert samples and {n for s in samples for n in cells(s.text)[0][1:]} <= {"Total", "2100"}


def test_years_written_with_a_zero_fraction_are_years_not_numbered_headers():
    # (review) pandas writes a float column's years "2020.0" (a pivot of a year column with a gap): refused as
    # numbered_headers since "5000" was, the table charted before
    data = b"Country,2020.0,2021.0\nA,5,6\nB,1,2\nC,3,5\n"
    assert table_rejects(data, "gdp.csv") == []
    charted = {s.text for s in charts(data, "gdp.csv")}
    assert "| Country | 2020.0 |\n|---|---|\n| A | 5 |\n| B | 1 |\n| C | 3 |" in charted
    assert [r.locator for r in table_rejects(b"Item,2020.5,5000.0\nA,1,2\nB,3,4\n", "t.csv")] == [
        "table=t;column=2020.5"]


def test_measures_headed_by_bare_fractions_are_not_charted_either():
    # (review rrec) "1".."12" were refused, "1.5", "2.5" (doses? sizes?) charted: "What is the 1.5 for B?" answered
    # "1". A bare number names no measure with or without its fraction
    data = b"Product,Total,1.5,2.5\nA,80,5,6\nB,40,1,2\nC,60,3,5\n"
    assert [(r.reason, r.locator) for r in table_rejects(data, "doses.csv")] == [
        ("filtered:numbered_headers", "table=doses;column=1.5")]
    samples = charts(data, "doses.csv", seeds=range(3))
    assert samples and all(s.text.splitlines()[0] == "| Product | Total |" for s in samples)
