"""Dates written as text in a key column ("Jan 2024", "13/05/2024", "5 January 2024"): charted in time order."""

import pytest

from shards import Sample
from sources.charts.dates import text_dates
from sources.charts.read import read_table_charts
from sources.charts.specs import ChartOptions
from sources.common.tables import read_tables

MAY = "| date | sales |\n|---|---|\n| 2024-05-01 | 3 |\n| 2024-05-13 | 5 |\n| 2024-06-02 | 9 |"


def charts(data: bytes, seeds=range(6)) -> list[Sample]:
    options = {"charts_per_table": 6, "qa_per_chart": 12, "table_image": False}
    return [s for seed in seeds for s in read_table_charts(data, "mem://dates.csv", ChartOptions(seed=seed, **options))
            if isinstance(s, Sample)]


@pytest.mark.parametrize("data, text, first, last", [
    # months written out of order: a line read "falls" from Mar to Feb, the text's order
    (b"month,sales\nMar 2024,5\nJan 2024,3\nFeb 2024,9\n",
     "| month | sales |\n|---|---|\n| 2024-01 | 3 |\n| 2024-02 | 9 |\n| 2024-03 | 5 |", "2024-01", "2024-03"),
    # day first: 13/05 has no 13th month, so 01/05 is the 1st of May, never the 5th of January
    (b"date,sales\n13/05/2024,5\n01/05/2024,3\n02/06/2024,9\n", MAY, "2024-05-01", "2024-06-02"),
    # month first, settled by 05/13
    (b"date,sales\n05/13/2024,5\n05/01/2024,3\n06/02/2024,9\n", MAY, "2024-05-01", "2024-06-02"),
    (b"day,sales\n5 January 2024,5\n20 February 2024,3\n3 January 2024,9\n",
     "| day | sales |\n|---|---|\n| 2024-01-03 | 9 |\n| 2024-01-05 | 5 |\n| 2024-02-20 | 3 |",
     "2024-01-03", "2024-02-20"),
])
def test_text_dates_are_drawn_and_asked_in_time_order(data, text, first, last):
    lines = [s for s in charts(data) if s.meta["chart"] in ("line", "area")]
    assert lines and {s.text for s in lines} == {text}
    name = text.split(" | ")[0].strip("| ")
    values = dict(row.strip("| ").split(" | ") for row in text.splitlines()[2:])
    trend = "rises" if int(values[last]) > int(values[first]) else "falls"
    for sample in lines:
        qa = {p["question"]: p["answer"] for p in sample.meta["qa"]}
        assert qa[f"Does sales rise or fall from {first} to {last}?"] == trend
        assert sample.meta["summary"].endswith(f"{trend} overall from {first} to {last}.")
        assert qa[f"How many values of {name} does the chart show?"] == "3"
    # a time key is an axis, as a date pyarrow reads is: no bar or pie takes its days for names
    assert all(s.meta["chart"] in ("line", "area") for s in charts(data))


def test_dates_whose_day_and_month_no_value_tells_apart_stay_text_in_their_written_order():
    # 01/05, 02/05, 03/05: the 1st to 3rd of May or January 5th, February 5th and March 5th? nothing says: no
    # order is made up; they are the names of rows, as written
    data = b"date,sales\n03/05/2024,5\n01/05/2024,3\n02/05/2024,9\n"
    [table] = read_tables(data, "mem://d.csv")
    assert text_dates(table) == table
    samples = charts(data)
    assert samples and not any(s.meta["chart"] in ("line", "area") for s in samples)
    assert {s.text for s in samples if s.meta["chart"] == "bar"} == {
        "| date | sales |\n|---|---|\n| 03/05/2024 | 5 |\n| 01/05/2024 | 3 |\n| 02/05/2024 | 9 |"}


@pytest.mark.parametrize("values", [["Jan 2024", "5 January 2024"], ["2024-01-05", "Mar 2024"], ["North", "Jan 2024"],
                                    ["13/05/2024", "05/13/2024"], ["Jan 2024"],
                                    # fiscal years and quarters looking like ISO months (review)
                                    ["2009-10", "2010-11", "2011-12"], ["2021-1", "2021-2", "2021-3"]])
def test_columns_not_all_of_one_date_form_stay_text(values):
    data = ("when,sales\n" + "".join(f"{v},{k}\n" for k, v in enumerate(values, 1))).encode()
    [table] = read_tables(data, "mem://d.csv")
    assert text_dates(table) == table


def test_a_long_table_over_dates_of_no_known_day_and_month_order_is_refused_never_summed():
    # two tickers' closes on 01/02, 02/02 and 03/02: as text categories, each ticker's closes were summed over
    # the days ("Total close by ticker": A 33, where no day had it above 12); which day is the latest, to chart
    # alone, nothing says
    from shards import Reject

    data = (b"ticker,date,close\nA,01/02/2024,10\nB,01/02/2024,20\nA,02/02/2024,11\nB,02/02/2024,21\n"
            b"A,03/02/2024,12\nB,03/02/2024,19\nC,,4\n")  # a row with no date: no date to read
    out = list(read_table_charts(data, "mem://p.csv", ChartOptions(table_image=False)))
    assert [(r.reason, r.locator) for r in out if isinstance(r, Reject)] == [
        ("filtered:ambiguous_date_order", "table=p;column=date")]
    assert not any(isinstance(s, Sample) for s in out)
    [reject] = out
    assert reject.detail == ("the dates of column 'date' read day first or month first (01/02/2024: 1 February or "
                             "2 January), and no value says which; the table repeats its categories across them, so "
                             "no day can be charted alone nor any sum over them be made")


def test_a_long_table_over_months_written_as_text_is_charted_at_its_latest_month_in_time_not_text_order():
    # Apr sorts first as text and is the latest month; as text, each country's sales were summed over months
    data = b"country,month,sales\nA,Feb 2024,1\nB,Feb 2024,2\nA,Mar 2024,3\nB,Mar 2024,4\nA,Apr 2024,5\nB,Apr 2024,1\n"
    samples = charts(data, seeds=range(3))
    sliced = [s for s in samples if ";by=" not in s.meta["locator"]]
    assert sliced and {s.text for s in sliced} == {"| country | sales in 2024-04 |\n|---|---|\n| A | 5 |\n| B | 1 |"}
    assert not any(s.meta["aggregated"] for s in samples)
    lines = [s for s in samples if ";by=month;" in s.meta["locator"] and s.meta["chart"] == "line"]
    assert lines and {s.text for s in lines} == {
        "| month | A | B |\n|---|---|---|\n| 2024-02 | 1 | 2 |\n| 2024-03 | 3 | 4 |\n| 2024-04 | 5 | 1 |"}
