"""A long table (country, year, gdp) charted wide: a line per category over time, beside the one-year slice."""

import csv
import io
import re
from decimal import Decimal

from shards import Sample
from sources.charts.read import read_table_charts
from sources.charts.specs import ChartOptions
from sources.charts.wide import pivots
from sources.common.tables import read_tables

# Germany has no row for 2022: a gap in its line, never a value made up
GDP = (b"country,year,gdp\nFrance,2020,2.6\nGermany,2020,3.9\nItaly,2020,1.9\nFrance,2021,2.9\nGermany,2021,4.2\n"
       b"Italy,2021,2.1\nFrance,2022,2.8\nItaly,2022,2.0\nFrance,2023,3.0\nGermany,2023,4.5\nItaly,2023,2.3\n")


def charts(data: bytes, seeds=range(4), **options) -> list[Sample]:
    options = {"charts_per_table": 4, "qa_per_chart": 12, "table_image": False, **options}
    return [s for seed in seeds for s in read_table_charts(data, "mem://gdp.csv", ChartOptions(seed=seed, **options))
            if isinstance(s, Sample)]


def source_cells(data: bytes) -> dict[tuple[str, int], Decimal]:
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    return {(r["country"], int(r["year"])): Decimal(r["gdp"]) for r in rows}


def recompute(question: str, cells: dict, years: list[int]) -> str | None:
    """A pivot chart's answer worked out again from the long table's own rows (``years``: those charted)."""
    def series(country: str) -> list[tuple[int, Decimal]]:
        return [(y, cells[country, y]) for y in years if (country, y) in cells]

    text = lambda v: format(v.normalize(), "f")  # noqa: E731
    if m := re.fullmatch(r"How many values of year does the chart show\?", question):
        return str(len(years))
    if m := re.fullmatch(r"Which year has the (highest|lowest) gdp of (.+)\?", question):
        pick = max if m[1] == "highest" else min
        return str(pick(series(m[2]), key=lambda yv: yv[1])[0])
    if m := re.fullmatch(r"What is the gdp of (.+) for (\d+)\?", question):
        return text(cells[m[1], int(m[2])])
    if m := re.fullmatch(r"What is the difference between the highest and the lowest gdp of (.+)\?", question):
        values = [v for _, v in series(m[1])]
        return text(max(values) - min(values))
    if m := re.fullmatch(r"Does gdp of (.+) rise or fall from (\d+) to (\d+)\?", question):
        values = series(m[1])
        assert (values[0][0], values[-1][0]) == (int(m[2]), int(m[3]))  # its first and last years with a value
        first, last = values[0][1], values[-1][1]
        return "rises" if last > first else "falls" if last < first else "stays level"
    if m := re.fullmatch(r"For (\d+), is gdp of (.+) higher than gdp of (.+)\?", question):
        return "Yes" if cells[m[2], int(m[1])] > cells[m[3], int(m[1])] else "No"
    return None


def test_a_long_table_is_also_charted_as_a_line_per_category_over_time():
    samples = charts(GDP)
    wide = [s for s in samples if ";by=year;of=gdp;" in s.meta["locator"]]
    assert {s.meta["chart"] for s in wide} == {"line"}  # an area would have to drop 2022 (Germany's gap) or invent it
    # the one-year slice is charted as before, beside it
    assert {s.text for s in samples if s not in wide} == {
        "| country | gdp in 2023 |\n|---|---|\n| France | 3 |\n| Germany | 4.5 |\n| Italy | 2.3 |"}
    line = wide[0]
    assert line.meta["locator"] == "table=gdp;by=year;of=gdp;chart=0"
    assert line.text == ("| year | France | Germany | Italy |\n|---|---|---|---|\n| 2020 | 2.6 | 3.9 | 1.9 |\n"
                         "| 2021 | 2.9 | 4.2 | 2.1 |\n| 2022 | 2.8 |  | 2 |\n| 2023 | 3 | 4.5 | 2.3 |")
    assert line.meta["summary"] == (
        "The line chart shows gdp by year and country for 4 values of year. gdp of France is highest for 2023 (3) "
        "and lowest for 2020 (2.6), and rises overall from 2020 to 2023. gdp of Germany is highest for 2023 (4.5) "
        "and lowest for 2020 (3.9), and rises overall from 2020 to 2023. gdp of Italy is highest for 2023 (2.3) "
        "and lowest for 2020 (1.9), and rises overall from 2020 to 2023.")
    qa = {p["question"]: p["answer"] for p in line.meta["qa"]}
    assert qa["What is the gdp of Germany for 2021?"] == "4.2"
    assert qa["For 2021, is gdp of France higher than gdp of Germany?"] == "No"
    assert line.meta["series"] == {"measure": "gdp", "of": "country", "left_out": []}
    code = line.meta["code"]
    assert "germany = [3.9, 4.2, None, 4.5]" in code and "title='country'" in code  # a gap; the legend's title
    assert "ax.set_ylabel('gdp')" in code and "label='Germany'" in code
    cells, checked = source_cells(GDP), 0
    for sample in wide:  # every answer, again from the long table's rows
        years = [int(row.split(" | ")[0].strip("| ")) for row in sample.text.splitlines()[2:]]
        for pair in sample.meta["qa"]:
            assert recompute(pair["question"], cells, years) == pair["answer"], pair
            checked += 1
    assert checked >= 20
    # charts of a pivot are chosen and keyed by their own locators: a build repeats them
    assert [(s.key, s.text) for s in charts(GDP)] == [(s.key, s.text) for s in samples]


def test_categories_a_line_cannot_hold_are_said_never_drawn_as_the_whole():
    rows = ["country,year,gdp"]
    sizes = {"France": 26, "Germany": 39, "Italy": 19, "Spain": 13, "Poland": 6, "Malta": 1}
    rows += [f"{c},{y},{s + y - 2019}" for y in range(2019, 2023) for c, s in sizes.items()]
    data = "\n".join(rows).encode()
    [line] = [s for s in charts(data, seeds=[0]) if s.meta["chart"] == "line"]
    # more than a chart of them draws: the largest totals first (`test_a_pivot_of_more_categories_...`)
    assert line.text.splitlines()[0] == "| year | Germany | France | Italy | Spain |"
    assert line.meta["summary"].startswith(
        "The line chart shows gdp by year and country (top 4 of 6 by total gdp) for 4 values of year. It draws 4 of "
        "the 6 values of country; Poland and Malta are left out. gdp of Germany is highest for 2022 (42)")
    assert line.meta["rows_left_out"] == [
        "2 of the 6 values of country not drawn, past the top 4 by total gdp a line chart draws: Poland, Malta"]
    assert line.meta["series"]["left_out"] == ["Poland", "Malta"]
    # off the scale of the first: Malta's 1 beside France's 26 to 29 is not drawn on one axis with it
    small = "\n".join(re.sub(r",\d+$", ",1", r) if r.startswith("Malta") else r for r in rows
                      if not r.startswith(("Spain", "Poland"))).encode()
    [line] = [s for s in charts(small, seeds=[0]) if s.meta["chart"] == "line"]
    assert line.meta["rows_left_out"] == [
        "1 of the 4 values of country not drawn, not within 20 times the size of Germany's values, on one axis: Malta"]


def test_no_pivot_where_a_category_repeats_a_time_or_the_table_is_wide():
    # two rows for France in 2021: which is its GDP? no line is drawn of either
    twice = GDP + b"France,2021,3.1\n"
    [table] = read_tables(twice, "mem://gdp.csv")
    assert pivots(table) == []
    assert all(";by=" not in s.meta["locator"] for s in charts(twice, seeds=[0]))
    [table] = read_tables(b"year,France,Germany\n2020,2.6,3.9\n2021,2.9,4.2\n2022,2.8,4.1\n", "mem://w.csv")
    assert pivots(table) == []


def test_a_long_table_keyed_by_dates_is_never_summed_over_its_dates():
    # a perturbation hunt: two tickers' closes over four days drew "total close by ticker" 46 and 82 (sums of
    # prices no day had) and "total close by date"; the year's rule now holds for dates too
    data = (b"ticker,date,close\nA,2024-01-01,10\nB,2024-01-01,20\nA,2024-01-02,11\nB,2024-01-02,21\n"
            b"A,2024-01-03,12\nB,2024-01-03,19\nA,2024-01-04,13\nB,2024-01-04,22\n")
    samples = charts(data)
    assert not any(s.meta["aggregated"] for s in samples)
    sliced = [s for s in samples if ";by=" not in s.meta["locator"]]
    assert sliced and {s.text for s in sliced} == {"| ticker | close in 2024-01-04 |\n|---|---|\n| A | 13 |\n| B | 22 |"}
    assert sliced[0].meta["rows_left_out"] == ["6 rows of other values of date than 2024-01-04: the table repeats its "
                                               "categories across date, and the charts show date 2024-01-04"]
    [line] = {s.text: s for s in samples if s.meta["locator"] == "table=gdp;by=date;of=close;chart=0"}.values()
    assert line.meta["chart"] == "line"
    assert line.text == ("| date | A | B |\n|---|---|---|\n| 2024-01-01 | 10 | 20 |\n| 2024-01-02 | 11 | 21 |\n"
                         "| 2024-01-03 | 12 | 19 |\n| 2024-01-04 | 13 | 22 |")
    qa = {p["question"]: p["answer"] for p in line.meta["qa"]}
    assert qa["Which date has the lowest close of B?"] == "2024-01-03"


def test_a_total_of_the_categories_is_no_line_beside_them():
    # a perturbation hunt: "Total" (France + Germany each year) was a third country: stacked on them, the area
    # drew twice the total; one labelled so that is no sum (the oil company) stays a category
    rows = [("France", 2.6, 2.9, 2.8), ("Germany", 3.9, 4.2, 4.1), ("Total", 6.5, 7.1, 6.9)]
    data = ("country,year,gdp\n" + "".join(f"{c},{2020 + k},{v[k]}\n" for k in range(3) for c, *v in rows)).encode()
    wide = [s for s in charts(data) if ";by=" in s.meta["locator"]]
    assert {s.meta["chart"] for s in wide} == {"line", "area"}
    assert {s.text for s in wide} == {"| year | France | Germany |\n|---|---|---|\n| 2020 | 2.6 | 3.9 |\n"
                                      "| 2021 | 2.9 | 4.2 |\n| 2022 | 2.8 | 4.1 |"}
    assert all(s.meta["rows_left_out"] == ["'Total': in each year the sum of the other values of country, not drawn "
                                           "as one of them"] for s in wide)
    data = data.replace(b"Total,2021,7.1", b"Total,2021,1.5")
    [table] = read_tables(data, "mem://gdp.csv")
    [pivot] = pivots(table)
    assert pivot.labels == ("France", "Germany", "Total") and pivot.totals == ()


# a transaction log: many rows per region, each on its own day (two share one): no panel of regions over days
LOG = (b"region,date,amount\nNorth,2024-01-05,10\nSouth,2024-01-05,3\nNorth,2024-01-07,4\nEast,2024-01-08,7\n"
       b"South,2024-01-09,2\nNorth,2024-01-10,1\nEast,2024-01-12,5\nSouth,2024-01-15,6\n")


def test_a_transaction_log_is_summed_per_region_never_sliced_to_one_day():
    # it was charted as "amount in 2024-01-05": North 10 and South 3, the other six sales left out, East not at all
    samples = charts(LOG)
    rows = list(csv.DictReader(io.StringIO(LOG.decode())))
    totals = {}
    for row in rows:
        totals[row["region"]] = totals.get(row["region"], Decimal(0)) + Decimal(row["amount"])
    bars = [s for s in samples if s.meta["chart"] in ("bar", "pie")]
    assert bars and all(s.meta["aggregated"] and "rows_left_out" not in s.meta for s in bars)
    for sample in bars:
        drawn = dict(row.strip("| ").split(" | ") for row in sample.text.splitlines()[2:])
        assert {k: Decimal(v) for k, v in drawn.items()} == totals  # each region's total, every row of it
        assert sample.text.splitlines()[0] == "| region | amount |"
    assert all(";by=" not in s.meta["locator"] for s in samples)  # no line per region over days it mostly lacks


def test_a_panel_whose_categories_start_apart_is_a_panel_never_summed_over_its_years():
    # B's GDP from 2008 only, A's from 2000: most years hold one country's row, as a log's days hold one sale, and
    # the two GDPs were added up over the years (A 44.5, B 4.1; review). Over the years both are measured, both
    # have a row: a panel, charted one year at a time and a line per country
    data = ("country,year,gdp\n" + "".join(f"A,{y},{4 + (y - 2000) / 10}\n" for y in range(2000, 2010))
            + "B,2008,2.0\nB,2009,2.1\n").encode()
    bars = [s for s in charts(data) if s.meta["chart"] == "bar"]
    assert bars and all(s.text.splitlines()[:4] == ["| country | gdp in 2009 |", "|---|---|", "| A | 4.9 |",
                                                   "| B | 2.1 |"] for s in bars)
    assert any(";by=year" in s.meta["locator"] for s in charts(data))


def test_long_keys_finds_the_time_a_category_repeats_across_and_no_more():
    from sources.charts.keys import long_keys

    [gdp] = read_tables(GDP, "mem://gdp.csv")
    keys = long_keys(gdp)
    assert keys.time.name == "year" and [c.name for c in keys.categories] == ["country"]
    [log] = read_tables(LOG, "mem://log.csv")
    assert long_keys(log) is None
    [wide] = read_tables(b"year,France,Germany\n2020,2.6,3.9\n2021,2.9,4.2\n", "mem://w.csv")
    assert long_keys(wide) is None


def test_a_pivot_of_more_categories_than_a_line_holds_draws_the_largest_and_says_so():
    # nine regions, the largest written last: the line drew the first four met (R1 to R4, the smallest) and
    # called them "sales by year and region"
    sizes = {f"R{k}": 10 + k for k in range(1, 10)}
    data = ("region,year,sales\n" + "".join(f"{r},{y},{s + y - 2020}\n" for y in range(2020, 2024)
                                            for r, s in sizes.items())).encode()
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    totals = {r: sum(Decimal(row["sales"]) for row in rows if row["region"] == r) for r in sizes}
    top = sorted(totals, key=lambda r: -totals[r])[:4]
    lines = [s for s in charts(data) if ";by=" in s.meta["locator"] and s.meta["chart"] == "line"]
    assert lines
    for line in lines:
        assert line.text.splitlines()[0] == "| year | " + " | ".join(top) + " |"
        assert line.meta["summary"].startswith(
            "The line chart shows sales by year and region (top 4 of 9 by total sales) for 4 values of year. "
            "It draws 4 of the 9 values of region; R5, R4, R3, R2 and R1 are left out.")
        assert line.meta["rows_left_out"] == [
            "5 of the 9 values of region not drawn, past the top 4 by total sales a line chart draws: "
            "R5, R4, R3, R2, R1"]
    areas = [s for s in charts(data) if ";by=" in s.meta["locator"] and s.meta["chart"] == "area"]
    for area in areas:
        assert area.text.splitlines()[0] == "| year | " + " | ".join(top[:3]) + " |"
        assert "(top 3 of 9 by total sales)" in area.meta["summary"]
