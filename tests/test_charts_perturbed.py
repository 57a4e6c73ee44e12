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
from sources.common.tables import format_number, read_tables

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
    # a sale a row, the days mostly each its own, a blank line and an empty row: totals per region and per day
    "transaction_log": "region,date,amount\nNorth,2024-01-05,10\nSouth,2024-01-05,3\nNorth,2024-01-07,4\n\n"
                       "East,2024-01-08,7\n,,\nSouth,2024-01-09,2.5\nNorth,2024-01-10,-1\nEast,2024-01-12,5\n",
}


def charts(data: bytes, name: str, seeds=range(2)) -> list[Sample]:
    options = {"charts_per_table": 6, "qa_per_chart": 20, "table_image": False}
    return [s for seed in seeds for s in read_table_charts(data, f"mem://{name}", ChartOptions(seed=seed, **options))
            if isinstance(s, Sample)]


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


def problems_of(sample: Sample, table) -> list[str]:
    """What the sample's targets say that the source table does not."""
    meta, found = sample.meta, []
    header, rows = cells(sample.text)
    if meta["chart"] in ("histogram", "scatter"):
        return found
    units = {c.name: c.unit for c in table.columns}
    source = source_series(table, header)
    number = lambda text, name: None if text == "" else Decimal(text.removesuffix(units[name]))  # noqa: E731
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
