"""Charts from tables: the targets are grounded in the table, the code draws the image, styles differ."""

import dataclasses
import io
import json
import random
import re
from decimal import ROUND_HALF_UP, Decimal

import matplotlib.pyplot as plt
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image

from samples.make_samples import SOLAR_CSV, table_files
from shards import Reject, Sample
from sources.charts.code import chart_code, draw_checked, drawn_texts, render_code
from sources.charts.specs import ChartOptions, ChartSpec, Style, choose_charts
from sources.charts.read import read_table_charts, render_legibly
from sources.charts.targets import _questions, summary
from sources.common.tables import TableError, read_tables

SOLAR = {"Quarter": ["Q1", "Q2", "Q3", "Q4"], "Capacity (MW)": [88, 97, 121, 106],
         "Revenue (M EUR)": [41.2, 45.9, 57.3, 50.8], "Costs (M EUR)": [30.1, 33.0, 40.2, 37.9]}


def parse_markdown(table: str) -> tuple[list[str], list[list[str]]]:
    rows = [[c.strip() for c in line.strip("|").split(" | ")] for line in table.splitlines()]
    return rows[0], rows[2:]


def number(text: str) -> float:
    return float(text)


def recompute(question: str, header: list[str], rows: list[list[str]]) -> str | None:
    """The answer to a chart question worked out again from the table, by the question's wording."""
    col = {name: [r[i] for r in rows] for i, name in enumerate(header)}
    xs = col[header[0]]
    fmt = lambda v: format(Decimal(v).normalize(), "f")  # noqa: E731  (numbers at the data's own precision)
    if m := re.match(r"How many values of (.+) does the chart show\?", question):
        return str(len(col[m[1]]))
    if m := re.match(r"Which (.+) has the (highest|lowest) (.+)\?", question):
        ys = [number(v) for v in col[m[3]]]
        target = max(ys) if m[2] == "highest" else min(ys)
        return xs[ys.index(target)]
    if m := re.match(r"What is the (.+) for (.+)\?", question):
        return col[m[1]][xs.index(m[2])]
    if m := re.match(r"What is the difference between the highest and the lowest (.+?)(?: shown)?\?", question):
        ys = [Decimal(v) for v in col[m[1]]]
        return fmt(max(ys) - min(ys))
    if m := re.match(r"Does (.+) rise or fall from (.+) to (.+)\?", question):
        ys = [number(v) for v in col[m[1]]]
        return "rises" if ys[-1] > ys[0] else "falls" if ys[-1] < ys[0] else "stays level"
    if m := re.match(r"What share of the total (.+) does (.+) have\?", question):
        ys = [Decimal(v) for v in col[m[1]]]
        return f"{(100 * ys[xs.index(m[2])] / sum(ys)).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"
    if m := re.match(r"For (.+), is (.+) higher than (.+)\?", question):
        i = xs.index(m[1])
        return "Yes" if number(col[m[2]][i]) > number(col[m[3]][i]) else "No"
    if m := re.match(r"Is the relationship between (.+) and (.+) positive, negative or unclear\?", question):
        import numpy as np

        r = np.corrcoef([number(v) for v in col[m[1]]], [number(v) for v in col[m[2]]])[0, 1]
        return "positive" if r > 0.3 else "negative" if r < -0.3 else "unclear"
    if question == "How many points does the scatter plot show?":
        return str(len(rows))
    if m := re.match(r"What is the (largest|smallest) value of (.+)\?", question):
        ys = [Decimal(v) for v in col[m[2]]]
        return fmt(max(ys) if m[1] == "largest" else min(ys))
    return None


def chart_samples(data: bytes, name: str, **options):
    return [s for s in read_table_charts(data, f"mem://{name}", ChartOptions(**options))
            if isinstance(s, Sample) and s.meta["task"] == "chart"]


def source_rows(table: dict, header: list[str]) -> list[list[str]]:
    fmt = lambda v: v if isinstance(v, str) else str(int(v)) if float(v).is_integer() else str(v)  # noqa: E731
    return [[fmt(table[h][i]) for h in header] for i in range(len(table[header[0]]))]


def test_every_qa_answer_and_table_matches_the_source_table():
    checked = 0
    for seed in range(6):
        for sample in chart_samples(SOLAR_CSV.encode(), "solar.csv", seed=seed, charts_per_table=4, qa_per_chart=8):
            header, rows = parse_markdown(sample.text)
            assert rows == source_rows(SOLAR, header), sample.meta["chart"]  # chart-to-table is the data
            for pair in sample.meta["qa"]:
                expected = recompute(pair["question"], header, rows)
                assert expected is not None, f"no checker for {pair['question']!r}"
                assert pair["answer"] == expected, (pair, sample.meta["chart"])
                checked += 1
    assert checked >= 60


def test_line_scatter_and_histogram_answers_on_numeric_tables():
    rng = random.Random(3)
    table = {"Year": list(range(2000, 2030)), "Sales": [round(50 + rng.random() * 40, 1) for _ in range(30)],
             "Price": [round(3 + rng.random() * 2, 2) for _ in range(30)],
             "Units": [rng.randrange(100, 900) for _ in range(30)]}
    buf = io.BytesIO()
    pq.write_table(pa.table(table), buf)
    charts = set()
    for seed in range(8):
        for sample in chart_samples(buf.getvalue(), "sales.parquet", seed=seed, charts_per_table=5, qa_per_chart=8):
            charts.add(sample.meta["chart"])
            header, rows = parse_markdown(sample.text)
            if sample.meta["chart"] != "histogram":  # the target's table is the data (line/area: a prefix)
                assert rows == source_rows(table, header)[:len(rows)], sample.meta["chart"]
            for pair in sample.meta["qa"]:
                expected = recompute(pair["question"], header, rows)
                if sample.meta["chart"] == "histogram":
                    continue  # bins are checked below
                assert expected is not None and pair["answer"] == expected, pair
            if sample.meta["chart"] == "histogram":
                counts = [int(r[1]) for r in rows]
                assert sum(counts) == 30
                for pair in sample.meta["qa"]:  # each histogram answer worked out again from the bins
                    question, answer = pair["question"], pair["answer"]
                    if question.startswith("How many bins"):
                        assert answer == str(len(rows))
                    elif question.startswith("How many values"):
                        assert answer == "30"
                    else:
                        assert question.startswith("Which range") and answer == rows[counts.index(max(counts))][0]
    assert {"line", "scatter", "histogram"} <= charts


def test_the_code_draws_exactly_the_image():
    import matplotlib

    samples = chart_samples(SOLAR_CSV.encode(), "solar.csv", charts_per_table=4)
    assert len(samples) == 4
    assert plt.get_fignums() == []  # every figure closed: memory stays flat
    for sample in samples:
        code = sample.meta["code"]
        assert sample.conversation[3]["content"] == f"```python\n{code}```"
        # run as a user runs it (not through render_code, which made the image): the same pixels
        with matplotlib.rc_context():
            exec(code, {})
            buf = io.BytesIO()
            plt.gcf().savefig(buf, format="png", metadata={"Software": None})
        plt.close("all")
        drawn = Image.open(buf).convert("RGB")
        stored = Image.open(io.BytesIO(sample.images[0])).convert("RGB")
        assert drawn.size == stored.size and drawn.tobytes() == stored.tobytes(), sample.meta["chart"]


@pytest.mark.parametrize("sheet", ["default", "ggplot", "dark_background", "Solarize_Light2", "classic", "grayscale"])
def test_the_image_is_the_png_savefig_writes_byte_for_byte(sheet):
    # render_code draws once and encodes the pixels itself: the bytes must be savefig's own PNG's, also where
    # a style sets the saved figure's colours and where the code gives its figure another dpi than the PNG's
    import matplotlib

    spec = choose_charts(read_tables(SOLAR_CSV.encode(), "solar.csv")[0], random.Random(0), ChartOptions())[0]
    code = chart_code(ChartSpec(**{**vars(spec), "style": dataclasses.replace(spec.style, sheet=sheet)}))
    assert ", dpi=100, layout='constrained')" in code
    for source in (code, code.replace(", dpi=100, layout='constrained')", ", dpi=150, layout='constrained')", 1)):
        with matplotlib.rc_context():
            namespace: dict = {}
            exec(source.replace("plt.show()", ""), namespace)
            buf = io.BytesIO()
            namespace["fig"].savefig(buf, format="png", dpi=100, metadata={"Software": None})
        plt.close("all")
        assert render_code(source) == buf.getvalue()


def test_a_chart_is_drawn_once_not_twice_as_savefig_draws_it(monkeypatch):
    # savefig on a constrained-layout figure draws it twice (a draw without pixels for the layout, then the
    # pixels); the check and the PNG need one draw, with the same pixels (the test above)
    from matplotlib.figure import Figure

    spec = choose_charts(read_tables(SOLAR_CSV.encode(), "solar.csv")[0], random.Random(0), ChartOptions())[0]
    draws = []
    drawing = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda fig, renderer: draws.append(fig) or drawing(fig, renderer))
    render_code(chart_code(spec))
    assert len(draws) == 1


def test_charts_decode_and_differ_across_styles():
    spec = choose_charts(read_tables(SOLAR_CSV.encode(), "solar.csv")[0], random.Random(0), ChartOptions())[0]
    images = set()
    for i, sheet in enumerate(["default", "ggplot", "bmh", "grayscale"]):
        styled = ChartSpec(**{**vars(spec), "style": Style(sheet, ["DejaVu Sans", "DejaVu Serif"][i % 2],
                                                           (6.4, 4.2), i % 2 == 0, "best", i < 2, "o")})
        png = render_code(chart_code(styled))
        image = Image.open(io.BytesIO(png))
        image.load()
        assert image.size == (640, 420)
        images.add(png)
    assert len(images) == 4


def test_builds_repeat_and_seeds_vary_the_charts():
    a = [(s.key, s.images[0]) for s in chart_samples(SOLAR_CSV.encode(), "solar.csv")]
    b = [(s.key, s.images[0]) for s in chart_samples(SOLAR_CSV.encode(), "solar.csv")]
    assert a == b
    styles = {json.dumps(s.meta["style"], sort_keys=True) for seed in range(5)
              for s in chart_samples(SOLAR_CSV.encode(), "solar.csv", seed=seed)}
    assert len(styles) >= 5


def test_table_image_sample_transcribes_the_table():
    out = list(read_table_charts(SOLAR_CSV.encode(), "mem://solar.csv"))
    [image_sample] = [s for s in out if s.meta["task"] == "table_recognition"]
    header, rows = parse_markdown(image_sample.text)
    assert header == list(SOLAR) and rows == source_rows(SOLAR, header)
    assert Image.open(io.BytesIO(image_sample.images[0])).format == "PNG"


@pytest.mark.parametrize("name", ["tables/solar.csv", "tables/city_population.parquet", "tables/weather.jsonl",
                                  "tables/market.xlsx"])
def test_every_bundled_table_format_is_read_and_charted(name):
    data = table_files()[name]
    [table] = read_tables(data, name)
    assert table.rows >= 4 and table.of_kind("numeric")
    assert chart_samples(data, name)


def test_unreadable_and_empty_tables_are_rejected():
    [broken] = read_table_charts(table_files()["tables/broken.parquet"], "mem://broken.parquet")
    assert isinstance(broken, Reject) and broken.reason == "error:table:unreadable"
    with pytest.raises(TableError) as info:
        read_tables(b"a,b\n", "mem://empty.csv")
    assert info.value.reason == "filtered:empty_table"
    [nothing] = read_table_charts(b"Note,Author\nx,y\n", "mem://notes.csv", ChartOptions(table_image=False))
    assert nothing.reason == "filtered:no_chartable_columns"
    [json_bad] = read_table_charts(b'{"a": 1}', "mem://x.json")
    assert json_bad.reason == "error:table:unreadable"


def test_repeated_categories_are_summed_and_said_so():
    csv = b"Region,Sales\nNorth,10\nSouth,5\nNorth,7\nEast,3\n"
    bars = [s for s in chart_samples(csv, "long.csv", charts_per_table=3) if s.meta["chart"] == "bar"]
    assert bars and bars[0].meta["aggregated"] and "| North | 17 |" in bars[0].text


def test_a_rising_measure_is_not_taken_for_the_x_axis():
    data = table_files()["tables/city_population.parquet"]  # Year, then Lyon/Porto/Gdansk (Lyon only rises)
    lines = [s for seed in range(6) for s in chart_samples(data, "cities.parquet", seed=seed, charts_per_table=4)
             if s.meta["chart"] in ("line", "area")]
    assert lines and all(parse_markdown(s.text)[0][0] == "Year" for s in lines)


def test_summaries_keep_an_acronym_name_every_tie_and_run_newest_first_dates_in_time_order():
    # a blind hunt's tables: "The bar chart shows gDP by Country"; with two teams level at the top only the first
    # was named; dates exported newest first were drawn right to left and the summary said the series falls
    gdp = b"Country,GDP\nFrance,2.9\nItaly,2.1\nSpain,1.4\n"
    summaries = {s.meta["summary"] for seed in range(4) for s in chart_samples(gdp, "gdp.csv", seed=seed)}
    assert summaries and all("shows GDP by Country" in summary for summary in summaries)
    points = b"Team,Points\nAlpha,5\nBeta,9\nGamma,9\nDelta,3\nEpsilon,3\n"
    bars = [s for seed in range(4) for s in chart_samples(points, "points.csv", seed=seed) if s.meta["chart"] == "bar"]
    assert bars and all("Points is highest for Beta and Gamma (9) and lowest for Delta and Epsilon (3)."
                        in s.meta["summary"] for s in bars)
    closes = b"Date,Close\n2024-05-01,130\n2024-04-01,120\n2024-03-01,115\n2024-02-01,110\n2024-01-01,100\n"
    lines = [s for seed in range(6) for s in chart_samples(closes, "closes.csv", seed=seed, charts_per_table=4)
             if s.meta["chart"] in ("line", "area")]
    assert lines and all("rises overall from 2024-01-01 to 2024-05-01" in s.meta["summary"] for s in lines)
    assert all(parse_markdown(s.text)[1][0][0] == "2024-01-01" for s in lines)


def test_series_of_very_different_sizes_are_never_drawn_on_one_axis():
    # a blind hunt's table: population, growth and GDP in one grouped bar chart showed GDP's bars alone (its
    # axis ran to 1e12) while the QA asked for Spain's growth, which no bar in the image shows
    csv = (b"Country,Population,Growth,GDP\nFrance,68170000,0.3,3031000000000\nItaly,58940000,-0.1,2255000000000\n"
           b"Spain,48350000,0.7,1581000000000\nPoland,36820000,-0.4,811000000000\n")
    charts = [s for seed in range(8) for s in chart_samples(csv, "countries.csv", seed=seed, charts_per_table=6)]
    assert charts and all(len(parse_markdown(s.text)[0]) == 2 for s in charts)  # a category and one series each


def test_integers_past_2_to_the_53_stay_exact_in_every_target():
    # a blind hunt's table: an int64 balance of 9007199254740993 was written 9007199254740990 in the table and
    # the answers (a double has no such integer, and 15 significant digits cut it further); 16 digits below
    # 2**53 were cut too, and a sum of repeated categories or a difference went through doubles
    buf = io.BytesIO()
    pq.write_table(pa.table({"Wallet": ["a", "b", "c", "a"],
                             "Balance": pa.array([9007199254740993, 1234567890123456, 5, 2], pa.int64())}), buf)
    for data, name in ((buf.getvalue(), "big.parquet"),
                       (b"Wallet,Balance\na,9007199254740993\nb,1234567890123456\nc,5\na,2\n", "big.csv")):
        [bar] = [s for s in chart_samples(data, name, charts_per_table=6, qa_per_chart=12) if s.meta["chart"] == "bar"]
        assert bar.text == ("| Wallet | Balance |\n|---|---|\n| a | 9007199254740995 |\n| b | 1234567890123456 |\n"
                            "| c | 5 |")
        assert bar.meta["summary"] == ("The bar chart shows total Balance by Wallet for 3 values of Wallet. Balance is "
                                       "highest for a (9007199254740995) and lowest for c (5).")
        qa = {p["question"]: p["answer"] for p in bar.meta["qa"]}
        assert qa["What is the Balance for b?"] == "1234567890123456"
        assert qa["What is the difference between the highest and the lowest Balance?"] == "9007199254740990"
        assert "balance = [9007199254740995, 1234567890123456, 5]" in bar.meta["code"]


LONG_LABELS = ("Department,Budget\nDepartment of Transportation and Infrastructure Planning,40\n"
               "Ministry of Health and Social Welfare Services,35\nNational Agency for Environmental Protection,15\n"
               "Office of the Chief Information Officer,10\n").encode()


def test_long_category_labels_are_laid_out_until_every_one_reads_in_the_image():
    # a blind hunt's table: the labels ran past the figure's edge (horizontal bars), into each other (vertical
    # bars), and tight_layout shrank the pie to a dot, while the targets named every department in full
    import matplotlib

    from sources.charts.legible import check_legible

    samples = [s for seed in range(4) for s in chart_samples(LONG_LABELS, "long.csv", seed=seed)]
    assert {s.meta["chart"] for s in samples} == {"bar", "pie"}
    for sample in samples:
        assert sample.text.splitlines()[2] == "| Department of Transportation and Infrastructure Planning | 40 |"
        code = sample.meta["code"]
        # none reads on one line under vertical bars or beside a pie; horizontal bars may keep them whole
        # where the layout leaves the bars their share of the figure
        assert sample.meta["style"]["wrap"] in (20, 12) and "textwrap.fill(label" in code \
            or sample.meta["style"]["horizontal"] and sample.meta["style"]["wrap"] == 0
        with matplotlib.rc_context():  # the stored code, run again, passes the check the image passed
            namespace = {}
            exec(code.replace("plt.show()", ""), namespace)
            namespace["fig"].savefig(io.BytesIO(), format="png")
            check_legible(namespace["fig"])
        plt.close("all")
    pies = [s for s in samples if s.meta["chart"] == "pie"]
    assert pies and all(s.meta["style"]["legend"] for s in pies)  # beside the pie, the labels shrank it away


@pytest.mark.parametrize("code, fault", [
    # a label cut at the figure's edge
    ("fig, ax = plt.subplots(figsize=(4, 3), dpi=100)\nax.barh(['A very long category name that never ends', 'B'],"
     " [1, 2])\n", "'A very long category name that never ends' runs 267 px past the figure's left edge (400x300 px)"),
    # labels running into each other
    ("fig, ax = plt.subplots(figsize=(4, 3), dpi=100)\nax.bar(['Northern region', 'Southern region', 'Eastern region'],"
     " [1, 2, 3])\nfig.tight_layout()\n", "'Northern region' and 'Southern region' overlap"),
    # a pie left no room (tight_layout shrinks it so for long labels), and a plot area squeezed by its labels
    ("fig, ax = plt.subplots(figsize=(6, 4), dpi=100)\nax.pie([3, 1])\nax.set_position([0.45, 0.45, 0.1, 0.1])\n",
     "the pie is 32 px across in a 600x400 px figure, under 30% of its smaller side"),
    ("fig, ax = plt.subplots(figsize=(6, 4), dpi=100)\nax.bar(['A', 'B'], [1, 2])\n"
     "ax.set_position([0.1, 0.1, 0.2, 0.8])\n", "the plot area is 120x320 px in a 600x400 px figure, under 30% of its "
     "width or height"),
])
def test_an_illegible_chart_is_refused_with_what_cannot_be_read(code, fault):
    from sources.charts.legible import IllegibleText

    with pytest.raises(IllegibleText) as info:
        render_code("import matplotlib.pyplot as plt\n" + code)
    assert info.value.reason == "unsupported:illegible_labels" and str(info.value) == fault
    assert plt.get_fignums() == []


def test_a_chart_no_layout_draws_legibly_is_a_reject_with_the_reason():
    words = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2  # one word wider than the figure: no wrapping breaks it
    csv = "Disease,Cases\n" + "".join(f"{words}{i},{i + 1}\n" for i in range(12))
    out = list(read_table_charts(csv.encode(), "mem://words.csv", ChartOptions(table_image=False)))
    rejects = [r for r in out if isinstance(r, Reject)]
    assert rejects and not [r for r in out if isinstance(r, Sample)]
    tried = ("; nor does any of the {} other layouts tried (wrapped labels and title, fewer ticks, horizontal bars, "
             "a legend, value labels or none)")
    # (its second chart was a pie of the first 8 of the 12 rows, which no longer is drawn: a pie is a whole)
    assert [(r.reason, r.locator, r.detail) for r in rejects] == [
        ("unsupported:illegible_labels", "table=words;chart=0",
         "'Disease' runs 487 px past the figure's bottom edge (560x420 px)" + tried.format(11))]


def test_a_layout_is_drawn_once_and_wrapping_that_cannot_mend_the_fault_is_tried_last(monkeypatch):
    # the bench's tables: a pie whose value labels overlap failed in all 8 layouts that keep them (wrapped
    # labels and fewer ticks change neither the slices nor their labels) before the layout without them read
    from sources.charts import read as charts_read
    from sources.charts.code import layouts
    from sources.charts.legible import IllegibleText

    style = Style(sheet="default", font="DejaVu Sans", figsize=(7.2, 4.8), grid=False, legend_loc="best",
                  annotate=True, marker="")
    spec = ChartSpec(chart="pie", title="Returns by Item", x_label="Item", y_label="Returns",
                     x=[f"item{i}" for i in range(8)], series={"Returns": [300, 9, 14, 250, 220, 12, 8, 190]},
                     style=style)
    drawn = []

    errors = []

    def render(code):
        drawn.append(code)
        try:
            return draw_checked(code)
        except IllegibleText as exc:
            errors.append(exc)
            raise

    monkeypatch.setattr(charts_read, "draw_checked", render)
    layout, code, drawing = charts_read.render_legibly(spec)
    every = [chart_code(each) for each in layouts(spec)]
    assert len(every) == 16 and len(set(every)) == 8  # thinner ticks: the same code for a pie
    # as chosen (value labels overlap), then in a legend (they still do), then without value labels: read
    # the wrapped variants, put off, are tried before the value labels are dropped
    assert [every.index(c) for c in drawn] == [0, 4, 1, 5, 8]
    assert [str(e) for e in errors] == ["'0.9%' and '1.4%' overlap"] * 4
    assert code == every[8] and not layout.style.annotate and drawing.png.startswith(b"\x89PNG")
    # when nothing reads, every distinct drawing is tried before the reject, the deferred ones last
    drawn.clear()
    monkeypatch.setattr(charts_read, "draw_checked", lambda code: drawn.append(code) or _raise_illegible(code))
    with pytest.raises(IllegibleText) as info:
        charts_read.render_legibly(spec)
    assert sorted(drawn) == sorted(set(every)) and len(drawn) == 8
    assert [every.index(c) for c in drawn] == [0, 4, 1, 5, 8, 12, 9, 13]  # wrapped labels last, by value labels
    assert "nor does any of the 7 other layouts tried" in str(info.value)


def test_a_layout_put_off_is_tried_before_the_value_labels_are_dropped():
    # a review: the horizontal, wrapped layout that keeps the value labels (the first that reads) was put off
    # behind every other, and the chart was drawn without its value labels
    from sources.charts.fonts import font_list
    from sources.charts.read import render_legibly

    csv = ('Site name,Shipments total,Returns total\n"partner southern 0",57.34,89.66\n"alpha station 1",59.14,49.24\n'
           '"centre 2",93.80,39.01\n"warehouse distribution hub beta overseas 3",50.41,1.72\n"central delta 4",61.21,40.23')
    [table] = read_tables(csv.encode(), "mem://t.csv")
    [spec] = [s for s in choose_charts(table, random.Random(5), ChartOptions()) if s.chart == "grouped_bar"][:1]
    spec = dataclasses.replace(spec, fonts=tuple(font_list(drawn_texts(spec), spec.style.font, ())))
    layout, _, _ = render_legibly(spec)
    # turned, with its value labels: its legend, over a bar inside the axes, below them before any label wraps
    placed = (layout.horizontal, layout.wrap, layout.style.annotate, layout.style.legend_loc)
    assert placed == (True, 0, True, "below")


def _raise_illegible(code):
    from sources.charts.legible import IllegibleText

    raise IllegibleText("'2.8%' and '4.3%' overlap", "overlap", ("2.8%", "4.3%"))


def test_a_column_of_percentages_is_a_measure_written_with_its_percent_sign():
    # a blind hunt's table: "41%", "35%" were taken for category labels ("Which Share has the highest Seats?")
    csv = b"Party,Share,Seats\nA,41%,120\nB,12.5 %,90\nC,24%,40\n"
    [table] = read_tables(csv, "pct.csv")
    assert [(c.name, c.kind, c.values, c.unit) for c in table.columns][1] == ("Share", "numeric", [41, 12.5, 24], "%")
    samples = [s for seed in range(4) for s in chart_samples(csv, "pct.csv", seed=seed, charts_per_table=6,
                                                             qa_per_chart=12)]
    assert all(parse_markdown(s.text)[0][0] == "Party" for s in samples)  # never an axis of labels "41%"
    shares = [s for s in samples if "Share" in parse_markdown(s.text)[0]]
    assert shares and {s.meta["chart"] for s in shares} == {"bar"}  # 77.5% in all: no pie of one whole
    for sample in shares:
        assert sample.text == "| Party | Share |\n|---|---|\n| A | 41% |\n| B | 12.5% |\n| C | 24% |"
        assert sample.meta["summary"] == ("The bar chart shows share by Party for 3 values of Party. Share is highest "
                                          "for A (41%) and lowest for B (12.5%).")
        qa = {p["question"]: p["answer"] for p in sample.meta["qa"]}
        assert qa["What is the Share for B?"] == "12.5%"
        assert qa["What is the difference between the highest and the lowest Share?"] == "28.5%"
        axis = "x" if sample.meta["style"]["horizontal"] else "y"
        assert f"ax.{axis}axis.set_major_formatter('{{x:g}}%')" in sample.meta["code"]
        if sample.meta["style"]["value_labels"]:
            assert "labels=['41%', '12.5%', '24%']" in sample.meta["code"]
    [image] = [s for s in read_table_charts(csv, "mem://pct.csv") if s.meta["task"] == "table_recognition"]
    assert parse_markdown(image.text)[1][1] == ["B", "12.5%", "90"]


def test_whole_numbers_past_64_bits_are_drawn_in_no_chart_and_nothing_fails():
    # a review: exact ints past int64 ("12,345,678,901,234,567,890") raised in matplotlib (OverflowError in
    # bars, TypeError in pies): two error:render rejects a table; such a column is charted nowhere now
    rows = ["country,debt", '"Alpha","12,345,678,901,234,567,890"', '"Beta","23,456,789,012,345,678,901"',
            '"Gamma","9,876,543,210,987,654,321"', '"Delta","31,234,567,890,123,456,789"']
    out = list(read_table_charts(("\n".join(rows) + "\n").encode(), "mem://debt.csv", ChartOptions(seed=0)))
    assert [type(r).__name__ for r in out] == ["Sample"] and "chart" not in out[0].meta
    assert "| Alpha | 12345678901234567890 |" in out[0].text


@pytest.mark.parametrize("sheet", ["default", "fivethirtyeight"])
def test_a_long_title_with_two_dollar_signs_is_broken_into_lines_inside_the_figure(sheet):
    # matplotlib's wrap=True measures a line holding two "$" as mathtext even with parse_math off: a financial
    # table's "Revenue ($M), Cost ($M) and Profit ($M) by Region" stayed on one line and ran past the edge
    title = "Revenue ($M), Cost ($M) and Profit ($M) by Region of the Company"
    series = {"Revenue ($M)": [120.5, 98.0]}
    spec = ChartSpec(chart="bar", title=title, x_label="Region", y_label="Value",
                     x=["North America", "Europe"], series=series, fonts=("DejaVu Sans",),
                     style=Style(sheet, "DejaVu Sans", (5.6, 4.2), False, "best", False, ""))
    code = chart_code(spec)
    lines = {"default": ["Revenue ($M), Cost ($M) and Profit ($M) by Region of", "the Company"],
             "fivethirtyeight": ["Revenue ($M), Cost ($M) and Profit", "($M) by Region of the Company"]}[sheet]
    # centred on the figure, whose width the lines are measured against, not over the axes a legend moves aside
    assert f"fig.suptitle({chr(10).join(lines)!r})\n" in code and "wrap=True" not in code and "set_title" not in code
    image = Image.open(io.BytesIO(render_code(code)))  # passes check_legible: the title inside the figure
    assert image.size == (560, 420)
    if sheet == "fivethirtyeight":  # the same chart with the title left to matplotlib's wrap: past the edge
        from sources.charts.legible import IllegibleText

        old = code.replace(f"fig.suptitle({chr(10).join(lines)!r})", f"ax.set_title({title!r}, wrap=True)")
        with pytest.raises(IllegibleText) as info:
            render_code(old)
        assert str(info.value) == ("'Revenue ($M), Cost ($M) and Profit ($M) by Region of the ...' runs 2 px past the "
                                   "figure's right edge (560x420 px)")


def _fruit_and_plants(chart: str, loc: str) -> ChartSpec:
    if chart == "grouped_bar":  # the bundled fruit table: a legend in the upper left hid the Apples bar's top
        x, series = ["Apples", "Pears", "Plums", "Cherries", "Figs"], {"Sold": [420, 212, 130, 95, 48],
                                                                         "Wasted": [31, 18, 22, 14, 6]}
    else:  # three lines over the whole plot: no corner, nor matplotlib's best place, is clear of them
        x = list(range(2001, 2013))
        series = {f"Plant {name}": [(i * 37 + k * 53) % 100 for i in range(12)] for k, name in enumerate("ABC", 1)}
    return ChartSpec(chart=chart, title="A chart", x_label="Item", y_label="Value", x=x, series=series,
                     fonts=("DejaVu Sans",), style=Style("default", "DejaVu Sans", (5.6, 4.2), True, loc, False, "o"))


@pytest.mark.parametrize("chart, loc, fault, moved, legend", [
    ("grouped_bar", "upper left", "the end of bar 1 of 'Sold'", "best", "ax.legend(loc='best')"),
    ("line", "upper right", "point 10 of 'Plant A'", "outside", "ax.legend(loc='center left', bbox_to_anchor=(1.0, 0.5))"),
])
def test_a_legend_drawn_over_a_value_the_targets_name_is_moved_where_it_covers_none(chart, loc, fault, moved, legend):
    from sources.charts.legible import IllegibleText
    from sources.charts.read import render_legibly

    spec = _fruit_and_plants(chart, loc)
    with pytest.raises(IllegibleText) as info:
        render_code(chart_code(spec))
    assert str(info.value) == f"the legend covers {fault}" and info.value.fault == "legend"
    layout, code, drawing = render_legibly(spec)
    assert layout.style.legend_loc == moved and f"\n{legend}\n" in code
    assert dataclasses.replace(layout, style=spec.style) == spec  # nothing else changed
    assert render_code(code) == drawing.png


def test_a_legend_of_long_names_goes_below_the_axes_where_beside_them_it_leaves_no_room():
    # a review's table: four "Revenue from ... ($M)" lines over twelve years; the legend inside covers points
    # wherever it goes, and beside the axes it left them a sliver, their year ticks run together: refused
    from sources.charts.legible import IllegibleText

    columns = {"Revenue from Product Sales ($M)": [257.5, 255.9, 304.6, 338.4, 281.7, 276.5, 246.8, 189.6, 258.7,
                                                   291.1, 270.6, 287.1],
               "Revenue from Subscription Services ($M)": [300.2, 324.9, 321.1, 290.9, 301.3, 245.0, 215.0, 263.9,
                                                           315.7, 377.5, 393.8, 338.3],
               "Revenue from Professional Services ($M)": [239.3, 281.8, 320.9, 383.8, 445.9, 414.7, 383.2, 395.5,
                                                           351.2, 346.1, 400.8, 372.4],
               "Licensing and Royalty Income ($M)": [153.2, 105.4, 45.6, 102.8, 92.4, 89.3, 89.1, 112.5, 95.8,
                                                     143.7, 193.7, 237.4]}
    spec = ChartSpec("line", "Revenue by Year", "Year", "Value", list(range(2010, 2022)), columns,
                     Style("classic", "DejaVu Sans", (6.4, 4.2), True, "upper right", False, "D"),
                     fonts=("DejaVu Sans",))
    beside = dataclasses.replace(spec, style=dataclasses.replace(spec.style, legend_loc="outside"))
    with pytest.raises(IllegibleText) as info:
        render_code(chart_code(beside))
    assert str(info.value) == "'2010' and '2011' overlap"
    layout, code, drawing = render_legibly(spec)
    assert layout.style.legend_loc == "below"
    assert "\nfig.legend(loc='outside lower center', ncols=1, fontsize='small')\n" in code
    assert dataclasses.replace(layout, style=spec.style) == spec  # nothing else changed
    assert render_code(code) == drawing.png
    # short names share a row
    short = dataclasses.replace(layout, series={f"Plant {k}": ys for k, ys in zip("ABCD", columns.values())})
    assert "fig.legend(loc='outside lower center', ncols=2, fontsize='small')" in chart_code(short)


def test_a_y_axis_label_longer_than_the_figure_is_high_is_broken_at_spaces():
    # a review's table of long column names: under a title of both names, broken over three lines, the y axis
    # was shorter than "Commercial electricity demand (GWh)", which ran past the figure's top and bottom edges
    from sources.charts.legible import IllegibleText

    x = [290.4, 152.4, 896.5, 220.5, 637.1, 124.8, 671.3, 848.5, 872.4, 408.7, 645.6, 230.5]
    y = [535.4, 110.5, 476.2, 607.9, 151.2, 792.4, 836.9, 803.1, 448.9, 380.7, 843.2, 788.5]
    spec = ChartSpec("scatter", "Commercial electricity demand (GWh) against Residential electricity demand (GWh)",
                     "Residential electricity demand (GWh)", "Commercial electricity demand (GWh)", x,
                     {"Commercial electricity demand (GWh)": y},
                     Style("fivethirtyeight", "DejaVu Serif", (6.4, 4.2), False, "best", False, "o"),
                     fonts=("DejaVu Serif",))
    with pytest.raises(IllegibleText) as info:
        render_code(chart_code(dataclasses.replace(spec, wrap=20)))
    assert re.fullmatch(r"'Commercial electricity demand \(GWh\)' runs \d+ px past the figure's (top|bottom) edge "
                        r"\(640x420 px\)", str(info.value))
    layout, code, drawing = render_legibly(spec)
    assert layout.y_wrap == 24 and "\nax.set_ylabel('Commercial electricity\\ndemand (GWh)')\n" in code
    assert render_code(code) == drawing.png


def test_a_measured_title_stays_in_the_figure_beside_a_legend_that_moves_the_axes():
    # the review's table: four "($M)" series and their legend beside the axes; the broken title, centred over
    # the axes the legend pushed left, ran 4 px past the figure's left edge
    series = {f"{name} ($M)": [(i * step + 11) % 100 for i in range(12)] for name, step in
              (("Net Sales", 37), ("Gross Profit", 53), ("Operating Income", 71), ("Net Income", 23))}
    title = "Net Sales ($M), Gross Profit ($M), Operating Income ($M) and Net Income ($M) by Year"
    spec = ChartSpec("line", title, "Year", "Value", list(range(2012, 2024)), series,
                     Style("default", "DejaVu Sans", (6.4, 4.2), True, "outside", False, "o"), fonts=("DejaVu Sans",))
    code = chart_code(spec)
    assert "fig.suptitle('Net Sales ($M), Gross Profit ($M), Operating Income ($M)\\nand Net Income ($M) by Year')\n" in code
    assert Image.open(io.BytesIO(render_code(code))).size == (640, 420)  # passes check_legible


# a blind review's table: one segment sells a thousandth of what the others do
SEGMENTS = {"Segment": ["Enterprise", "Mid-Market", "SMB", "Consumer", "Education"],
            "Q1 Sales": [985000, 640000, 52000, 1200, 310000], "Q2 Sales": [1020000, 700000, 61000, 900, 295000]}


@pytest.mark.parametrize("draw, fault", [
    # Consumer's segments of the stacked bars, a fraction of a pixel each
    ("bottom = [0] * 5\nfor name in ('Q1 Sales', 'Q2 Sales'):\n"
     "    ax.bar(x, series[name], bottom=bottom, label=name)\n"
     "    bottom = [b + v for b, v in zip(bottom, series[name])]\n",
     "bar 4 of 'Q1 Sales' (1200) is drawn 0.2 px long, under 1.5 px"),
    ("ax.pie(series['Q1 Sales'])\nax.legend(x, loc='center left', bbox_to_anchor=(1.0, 0.5))\n", "a wedge of 0.22 degrees is 0.6 px wide at its rim, under 1.5 px"),
    ("ax.stackplot(range(5), [985000, 1020000, 1110000, 990000, 1000000], [1200, 900, 1500, 1100, 1000], "
     "labels=['Enterprise', 'Consumer'])\n", "the area 'Consumer' is at most 0.5 px thick, under 1.5 px"),
])
def test_a_value_drawn_too_small_to_see_is_refused_with_its_size(draw, fault):
    from sources.charts.legible import IllegibleText

    code = (f"import matplotlib.pyplot as plt\nx, series = {SEGMENTS['Segment']!r}, {SEGMENTS!r}\n"
            f"fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=100, layout='constrained')\n{draw}")
    with pytest.raises(IllegibleText) as info:
        render_code(code)
    assert (info.value.reason, info.value.fault, str(info.value)) == ("unsupported:unseen_values", "value", fault)
    # where the value is drawn large enough, or its bar is labelled, the same chart reads
    visible = code.replace("1200", "120000").replace("900", "90000").replace("1500", "150000").replace(
        "1100", "110000").replace("[1200", "[120000")
    assert render_code(visible)


def test_bars_too_small_to_see_are_given_their_value_labels_or_the_chart_is_refused():
    from sources.charts.read import render_legibly

    x, sales = SEGMENTS["Segment"], {"Q1 Sales": SEGMENTS["Q1 Sales"]}
    spec = ChartSpec("bar", "Q1 Sales by Segment", "Segment", "Q1 Sales", x, sales,
                     Style("default", "DejaVu Sans", (6.4, 4.2), True, "best", False, "o"), fonts=("DejaVu Sans",))
    layout, code, drawing = render_legibly(spec)
    assert drawing.value_px is None  # every bar labelled: values are read, not measured
    assert layout.style.annotate and "ax.bar_label(bars, labels=['985000', '640000', '52000', '1200', '310000'])" in code
    assert dataclasses.replace(layout, style=spec.style) == spec  # nothing else changed
    # from the table: every bar or grouped bar chart written labels its values, a stacked one is refused
    csv = "Segment,Q1 Sales,Q2 Sales\n" + "".join(f"{s},{a},{b}\n" for s, a, b in zip(*SEGMENTS.values()))
    out = [r for seed in range(6) for r in read_table_charts(csv.encode(), "mem://segments.csv",
                                                             ChartOptions(seed=seed, table_image=False))]
    bars = [s for s in out if isinstance(s, Sample) and s.meta["chart"] in ("bar", "grouped_bar")]
    assert bars and all(s.meta["style"]["value_labels"] for s in bars)
    unseen = [r for r in out if isinstance(r, Reject) and r.reason == "unsupported:unseen_values"]
    assert unseen and all(re.match(r"(bar \d+ of '.*'|a wedge of) .* under 1.5 px; nor does any", r.detail) for r in unseen)
    # pies whose wedge labels overlapped, then whose wedges in a legend were too thin: the cause is named
    assert unseen == [r for r in out if isinstance(r, Reject)]


def test_a_histograms_bin_too_small_to_see_is_written_by_its_count_label():
    # a long-tailed column: a bin of 1 beside a bin of 299 is drawn about 1 px tall; the targets count it
    # ("How many values does the histogram count in total?" "300"), so it is labelled, not left unseen
    raw = [float(v % 10) for v in range(299)] + [95.0]
    edges = list(range(0, 101, 10))
    counts = [float(c) for c in np.histogram(raw, bins=edges)[0]]
    spec = ChartSpec("histogram", "Distribution of Income", "Income", "Count", edges, {"count": counts},
                     Style("default", "DejaVu Sans", (6.4, 4.2), False, "best", False, "o"), raw=raw,
                     fonts=("DejaVu Sans",))
    layout, code, drawing = render_legibly(spec)
    assert layout.style.annotate and drawing.value_px is None
    assert ("ax.bar_label(bars, labels=['299', '0', '0', '0', '0', '0', '0', '0', '0', '1'], fontsize=7)"
            in code)
    # from the table: every histogram is drawn, its labels where the style asks or the bin needs them
    csv = "Income\n" + "".join(f"{v}\n" for v in raw)
    out = [r for seed in range(6) for r in read_table_charts(csv.encode(), "mem://income.csv",
                                                             ChartOptions(seed=seed, table_image=False))]
    histograms = [s for s in out if isinstance(s, Sample) and s.meta["chart"] == "histogram"]
    assert len(histograms) == 6 and not [r for r in out if isinstance(r, Reject)]
    assert all(s.meta["style"]["value_labels"] == ("ax.bar_label(" in s.meta["code"]) for s in histograms)


def test_values_the_image_draws_level_are_not_compared_in_the_targets():
    # a review's table of monthly returns: Apple's lowest, March's -7.75, is drawn 0.1 px from April's -7.73;
    # "Which Date has the lowest ...?" "2024-03-01" asked what no reader of the line can tell
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    returns = [-3.27, -3.19, -7.75, -7.73, -7.59, -3.02, 0.07, 0.77, 1.16, -2.07, -4.52, -1.96]
    spec = ChartSpec("line", "Returns by Month", "Month", "Close (%)", months, {"Close (%)": returns},
                     Style("default", "DejaVu Sans", (6.4, 4.2), True, "best", False, "o"), fonts=("DejaVu Sans",))
    _, _, drawing = render_legibly(spec)
    assert 25 < drawing.value_px < 40  # pixels a percentage point: 9 points over some 280 px
    assert summary(spec, drawing.value_px) == (
        "The line chart shows returns by Month for 12 values of Month. Close (%) is highest for 2024-09 (1.16) "
        "and lowest for 2024-03 (-7.75, 2024-04 at -7.73 close above), and rises overall from 2024-01 to 2024-12.")
    questions = [q for q, _ in _questions(spec, drawing.value_px)]
    assert "Which Month has the highest Close (%)?" in questions  # 1.16 is 0.39 above 0.77: some 12 px
    assert "Which Month has the lowest Close (%)?" not in questions
    # the same values written on the chart (value labels) are read, and compared
    labelled = dataclasses.replace(spec, chart="bar", style=dataclasses.replace(spec.style, annotate=True))
    _, _, drawing = render_legibly(labelled)
    assert drawing.value_px is None
    assert "Which Month has the lowest Close (%)?" in [q for q, _ in _questions(labelled, drawing.value_px)]


def test_stacked_bars_too_short_to_see_are_turned_at_once(monkeypatch):
    # the bench's tables: Returns of 3 stacked on Sales of some 500 drew a 1.1 px segment; wrapping labels or
    # thinning ticks keeps the scale (four drawings failed so), the figure's longer side shows it
    from sources.charts import read as charts_read
    from sources.charts.legible import IllegibleText

    items = [f"item{i}" for i in range(8)]
    series = {"Sales": [480, 350, 420, 300, 390, 460, 280, 410], "Returns": [12, 3, 25, 18, 30, 9, 14, 21],
              "Stock": [200, 150, 260, 180, 240, 120, 300, 210]}
    spec = ChartSpec("stacked_bar", "Sales, Returns and Stock by Item", "Item", "Value", items, series,
                     Style("default", "DejaVu Sans", (6.4, 4.2), True, "outside", False, ""), fonts=("DejaVu Sans",))
    drawn, faults = [], []

    def draw(code):
        drawn.append(code)
        try:
            return draw_checked(code)
        except IllegibleText as exc:
            faults.append(str(exc))
            raise

    monkeypatch.setattr(charts_read, "draw_checked", draw)
    layout, _, drawing = charts_read.render_legibly(spec)
    assert faults == ["bar 2 of 'Returns' (3) is drawn 1.3 px long, under 1.5 px"]
    assert len(drawn) == 2 and layout == dataclasses.replace(spec, horizontal=True)
    assert 0.5 < drawing.value_px < 0.7  # some 560 px for the longest bar's 990


def test_a_total_row_that_adds_up_is_left_out_and_one_that_does_not_is_never_a_share():
    # a blind hunt: "Total" (60, the sum of HR, IT and Ops) was charted as a department: a pie with a Total
    # slice, "Which dept has the highest cost? Total", HR 8.3% of a whole that counted every cost twice
    csv = b"dept,cost\nHR,10\nIT,30\nOps,20\nTotal,60\n"
    samples = [s for seed in range(4) for s in chart_samples(csv, "costs.csv", seed=seed, charts_per_table=4,
                                                             qa_per_chart=8)]
    assert {s.meta["chart"] for s in samples} == {"bar", "pie"}
    for sample in samples:
        assert sample.text == "| dept | cost |\n|---|---|\n| HR | 10 |\n| IT | 30 |\n| Ops | 20 |"
        assert sample.meta["rows_left_out"] == ["row 4 'Total': the sum of rows 1 to 3"]
        qa = {pair["question"]: pair["answer"] for pair in sample.meta["qa"]}
        assert qa.get("Which dept has the highest cost?", "IT") == "IT"
        assert qa.get("What share of the total cost does IT have?", "50.0%") == "50.0%"
    # subtotals of the rows above them, and a grand total of the parts, in another language
    csv = "Bereich,Kosten\nA1,5\nA2,7\nZwischensumme,12\nB1,4\nB2,6.5\nZwischensumme,10.5\nGesamt,22.5\n".encode()
    [sample, *_] = chart_samples(csv, "kosten.csv", charts_per_table=1)
    assert parse_markdown(sample.text)[1] == [["A1", "5"], ["A2", "7"], ["B1", "4"], ["B2", "6.5"]]
    assert sample.meta["rows_left_out"] == ["row 3 'Zwischensumme': the sum of rows 1 to 2",
                                            "row 6 'Zwischensumme': the sum of rows 4 to 5",
                                            "row 7 'Gesamt': the sum of rows 1, 2, 4, 5"]
    # "Total" that is no sum of the rows (a name, or the total of rows not given) stays, and no pie is drawn
    csv = b"company,revenue\nShell,380\nBP,240\nTotal,260\nEni,110\n"
    samples = [s for seed in range(6) for s in chart_samples(csv, "oil.csv", seed=seed, charts_per_table=4)]
    assert samples and {s.meta["chart"] for s in samples} == {"bar"}
    assert all("| Total | 260 |" in s.text and "rows_left_out" not in s.meta for s in samples)


@pytest.mark.parametrize("label, total", [
    ("Total", True), ("TOTAL:", True), ("Grand Total", True), ("Sub-total", True), ("Total Europe", True),
    ("Europe total", True), ("Gesamt", True), ("Summe", True), ("Totale", True), ("合计", True), ("华东总计", True),
    ("Totalizer", False), ("Summer", False), ("Ball", False), ("Overall satisfaction", False)])
def test_total_labels_in_several_languages(label, total):
    from sources.charts.totals import is_total_label

    assert is_total_label(label) is total


def test_years_ids_and_codes_are_never_drawn_as_values_and_a_long_table_is_charted_one_year_at_a_time():
    # a blind hunt: "What is the year for Germany? 4043" (years summed), pies of years and of ids, and each
    # country's GDP summed over the years (8.3 for Germany, which no year had above 4.2)
    csv = b"country,year,gdp\nFrance,2021,2.9\nGermany,2021,4.2\nItaly,2021,2.1\nFrance,2022,2.8\nGermany,2022,4.1\n" \
          b"Italy,2022,2.0\n"
    samples = [s for seed in range(4) for s in chart_samples(csv, "gdp.csv", seed=seed, charts_per_table=4,
                                                             qa_per_chart=12)]
    assert {s.meta["chart"] for s in samples} == {"bar", "pie"}
    for sample in samples:
        assert sample.text == "| country | gdp in 2022 |\n|---|---|\n| France | 2.8 |\n| Germany | 4.1 |\n| Italy | 2 |"
        assert sample.meta["rows_left_out"] == ["3 rows of other values of year than 2022: the table repeats its "
                                                "categories across year, and the charts show year 2022"]
        qa = {pair["question"]: pair["answer"] for pair in sample.meta["qa"]}
        assert qa["What is the gdp in 2022 for Germany?"] == "4.1"
        assert qa["Which country has the highest gdp in 2022?"] == "Germany"
    csv = b"id,product,units\n101,Apples,30\n102,Pears,45\n103,Plums,25\n"
    samples = [s for seed in range(4) for s in chart_samples(csv, "units.csv", seed=seed, charts_per_table=4)]
    assert samples and all(parse_markdown(s.text)[0] == ["product", "units"] for s in samples)
    # years newest first are an x axis in time order, never a value
    csv = b"region,year,sales\nNorth,2024,10\nSouth,2023,12\nEast,2022,15\nWest,2021,11\n"
    samples = [s for seed in range(4) for s in chart_samples(csv, "sales.csv", seed=seed, charts_per_table=4)]
    lines = [s for s in samples if s.meta["chart"] in ("line", "area")]
    assert lines and all(s.text == "| year | sales |\n|---|---|\n| 2021 | 11 |\n| 2022 | 15 |\n| 2023 | 12 |\n"
                                   "| 2024 | 10 |" for s in lines)
    assert all(parse_markdown(s.text)[0] == ["region", "sales"] for s in samples if s not in lines)


@pytest.mark.parametrize("name, values, role", [
    ("Year", [2021, 2021, 2022], "time"), ("Fiscal year", [2020, 2021], "time"), ("order_no", [7, 3], "id"),
    ("productId", [1, 2], "id"), ("ZIP code", [2134, 10001], "id"), ("Number of visits", [7, 9], ""),
    ("Sales per year", [5, 6], ""), ("period_end", [1, 2], "time"), ("Jahr", [1999, 2000], "time"),
    ("season", [1998, 1999, 2000], "time"), ("season", [2000, 1995, 1990], "time"),
    ("sales", [1200, 1350, 1500], ""), ("sales", [2001, 1999, 2000], ""), ("units", [30, 45, 25], "")])
def test_numeric_keys_are_told_from_measures(name, values, role):
    from sources.charts.keys import key_role
    from sources.common.tables import Column

    assert key_role(Column(name, "numeric", values)) == role


def test_a_rising_measure_of_named_rows_is_no_axis_and_steps_of_unnamed_rows_are():
    # North, South and East's revenues happen to rise: a line of Revenue 2024 over Revenue 2023 asked "Which
    # Revenue 2023 has the highest Revenue 2024? 30"; a table of steps with no category is drawn over them
    csv = b"Region,Revenue 2023,Revenue 2024\nNorth,10,12\nSouth,20,18\nEast,30,33\n"
    samples = [s for seed in range(6) for s in chart_samples(csv, "revenue.csv", seed=seed, charts_per_table=6)]
    assert samples and all(parse_markdown(s.text)[0][0] == "Region" for s in samples)
    csv = b"step,loss\n1,0.9\n2,0.5\n3,0.4\n4,0.35\n"
    lines = [s for seed in range(4) for s in chart_samples(csv, "loss.csv", seed=seed, charts_per_table=4)
             if s.meta["chart"] in ("line", "area")]
    assert lines and all(parse_markdown(s.text)[0] == ["step", "loss"] for s in lines)


def test_a_pie_is_never_drawn_of_part_of_the_rows():
    # sixteen categories: a pie of the first eight was drawn as the whole, and its QA answered shares of that part
    # ("What share of the total val does n8 have?" 22.2 % where the table gives 3.6 %); bars of the first rows
    # claim no whole and stay
    csv = "name,val\n" + "".join(f"n{k},{k}\n" for k in range(1, 16)) + "zz,100\n"
    out = [s for seed in range(8) for s in read_table_charts(csv.encode(), "mem://many.csv",
                                                              ChartOptions(seed=seed, table_image=False))
           if isinstance(s, Sample)]
    charts = {s.meta["chart"] for s in out}
    assert "pie" not in charts and charts & {"bar", "line", "area"}
    small = "name,val\n" + "".join(f"n{k},{k}\n" for k in range(1, 7))
    assert any(s.meta["chart"] == "pie" for seed in range(8)
               for s in read_table_charts(small.encode(), "mem://few.csv", ChartOptions(seed=seed, table_image=False))
               if isinstance(s, Sample))


@pytest.mark.parametrize("measure, pie", [("score", False), ("Avg rating", False), ("GDP per capita", False),
                                          ("Price/kg", False), ("Temperature", False), ("Growth %", False),
                                          ("sales", True), ("Votes", True)])
def test_a_pie_is_drawn_only_of_a_measure_whose_rows_add_up(measure, pie):
    # (hunt) a pie of scores: "What share of the total score does A have? -> 27.8%", a total no one keeps
    table = read_tables(f"country,{measure}\nA,95.5\nB,90.1\nC,88\nD,70.2\n".encode(), "t.csv")[0]
    charts = {s.chart for seed in range(8)
              for s in choose_charts(table, random.Random(seed), ChartOptions(charts_per_table=6))}
    assert ("pie" in charts, "bar" in charts) == (pie, True)


@pytest.mark.parametrize("measure, summed", [("score", False), ("Price", False), ("share", False), ("sales", True)])
def test_repeated_categories_are_summed_only_where_the_measure_adds_up(measure, summed):
    # (hunt) a name given twice had its scores summed: "Total score by name", "Which name has the highest score?
    # -> A" for A's 90 and 95 (185) against B's 99
    rows = [("A", 90), ("B", 99), ("A", 95), ("C", 70)]
    unit = "%" if measure == "share" else ""
    table = read_tables((f"name,{measure}\n" + "".join(f"{x},{y}{unit}\n" for x, y in rows)).encode(), "t.csv")[0]
    specs = [s for seed in range(8)
             for s in choose_charts(table, random.Random(seed), ChartOptions(charts_per_table=6))]
    if summed:
        assert {(s.title, tuple(s.x)) for s in specs if s.chart == "bar"} == {("Total sales by name", ("A", "B", "C"))}
        assert {tuple(s.series["sales"]) for s in specs if s.chart == "bar"} == {(185, 99, 70)}
    else:
        assert [s.title for s in specs if s.aggregated] == []


@pytest.mark.parametrize("measure, adds", [("Revenue per country", True), ("Sales 2023/24", True),
                                           ("Revenue FY23/24", True), ("Deaths per 100k", False),
                                           ("Sales per employee", False)])
def test_a_measure_per_its_rows_or_of_a_years_span_adds_up(measure, adds):
    # (review) "Revenue per country" by country is each country's revenue, and "Sales 2023/24" (a UK or Indian
    # fiscal year) a year's sales: read as ratios by their "per" and "/", they had no pie and no totals by country
    rows = [("A", 90), ("B", 99), ("A", 95), ("C", 70)]
    data = (f"country,{measure}\n" + "".join(f"{x},{y}\n" for x, y in rows)).encode()
    table = read_tables(data, "t.csv")[0]
    specs = [s for seed in range(8)
             for s in choose_charts(table, random.Random(seed), ChartOptions(charts_per_table=6))]
    totals = {(s.title, tuple(s.x), tuple(s.series[measure])) for s in specs if s.aggregated}
    assert totals == ({(f"Total {measure} by country", ("A", "B", "C"), (185, 99, 70))} if adds else set())
    distinct = read_tables(data.replace(b"A,95", b"D,95"), "t.csv")[0]
    assert adds == any(s.chart == "pie" for seed in range(8)
                       for s in choose_charts(distinct, random.Random(seed), ChartOptions(charts_per_table=6)))


@pytest.mark.parametrize("measure, pie", [
    ("Preis", False), ("Prix unitaire", False), ("Precio", False), ("价格", False), ("Stückpreis", False),
    ("Ø Umsatz", False), ("Umsatz pro Kopf", False), ("增长率", False), ("평균 점수", False), ("Température", False),
    ("Unit cost", False), ("Stückkosten", False),
    ("Betrag", True), ("Umsatz", True), ("销售额", True), ("总价", True), ("Umsatz pro Land", True),
    ("Corporate sales", True), ("Unit sales", True), ("Units", True)])
def test_a_pie_is_drawn_only_of_a_measure_whose_rows_add_up_in_any_language(measure, pie):
    # (hunt) unit prices headed "Preis", "Prix unitaire" or "价格" were drawn as a pie, "What share of the total
    # Preis does A have?": the words of such measures were English only, and CJK headers had no words at all
    table = read_tables(f"Land,{measure}\nA,95.5\nB,90.1\nC,88\nD,70.2\n".encode(), "t.csv")[0]
    charts = {s.chart for seed in range(8)
              for s in choose_charts(table, random.Random(seed), ChartOptions(charts_per_table=6))}
    assert ("pie" in charts, "bar" in charts) == (pie, True)


@pytest.mark.parametrize("measures, unit, rows, stacked", [
    (("Avg score Q1", "Avg score Q2"), "", [(81.5, 83), (77, 79.5), (90, 88), (70, 72)], False),
    (("Preis 2023", "Preis 2024"), "", [(5, 6), (7, 8), (2, 3), (4, 4)], False),
    (("Share A", "Share B"), "%", [(41, 24), (30, 35), (22, 20), (18, 30)], False),
    (("Sales Q1", "Sales Q2"), "", [(81.5, 83), (77, 79.5), (90, 88), (70, 72)], True),
    (("Rent", "Other"), "%", [(40, 60), (35.5, 64.5), (50, 50), (20, 80)], True)])
def test_bars_are_stacked_only_of_measures_whose_parts_make_a_whole(measures, unit, rows, stacked):
    # (hunt) two quarters' average scores were stacked, a bar of 164.5 "Avg score" for team A: stacks of averages,
    # prices or of percentages of no one whole are no quantity; shares of each row's 100 stack
    text = f"Team,{','.join(measures)}\n" + "".join(
        f"{t},{a}{unit},{b}{unit}\n" for t, (a, b) in zip("ABCD", rows))
    table = read_tables(text.encode(), "t.csv")[0]
    charts = {s.chart for seed in range(12)
              for s in choose_charts(table, random.Random(seed), ChartOptions(charts_per_table=8))}
    assert ("stacked_bar" in charts, "grouped_bar" in charts) == (stacked, True)


@pytest.mark.parametrize("measures, stacked", [(("Avg score A", "Avg score B"), False), (("Preis A", "Preis B"), False),
                                               (("Sales A", "Sales B"), True)])
def test_areas_of_several_series_are_drawn_only_of_measures_that_add_up(measures, stacked):
    # (hunt) an area chart stacks its series (stackplot): two teams' average scores a year were drawn one on the
    # other, the top edge a sum of averages
    text = f"Year,{','.join(measures)}\n" + "".join(f"{2018 + i},{50 + i},{60 - i}\n" for i in range(6))
    table = read_tables(text.encode(), "t.csv")[0]
    specs = [s for seed in range(12)
             for s in choose_charts(table, random.Random(seed), ChartOptions(charts_per_table=8))]
    assert {tuple(s.series) for s in specs if s.chart == "area"} == ({measures} if stacked else set())
    assert {tuple(s.series) for s in specs if s.chart == "line"} == {measures}


@pytest.mark.parametrize("by, measure, pie", [
    ("Quarter", "Profit/Loss", True), ("Quartal", "Einnahmen / Ausgaben", True), ("Year", "Import/Export", True),
    ("Countries", "Revenue per country", True), ("Task", "Duration (min)", True),
    ("Land", "Wechselkurs", False), ("Aktie", "Schlusskurs", False), ("Station", "Min", False),
    ("Station", "Max", False), ("Stock", "Close", False), ("Land", "Medianeinkommen", False),
    ("Product", "Price/kg", False), ("Filiale", "Umsatz/Mitarbeiter", False)])
def test_a_pie_of_a_pair_of_flows_a_quote_or_a_statistic_is_drawn_only_where_its_rows_add_up(by, measure, pie):
    # (review) "Profit/Loss" or "Import/Export" was refused a pie as a ratio ("/"), and "Revenue per country" by
    # "Countries" as one per head; a stock's "Close", a station's "Min", a "Wechselkurs" were drawn as parts of a whole
    table = read_tables(f"{by},{measure}\nA,95.5\nB,90.1\nC,88\nD,70.2\n".encode(), "t.csv")[0]
    charts = {s.chart for seed in range(8)
              for s in choose_charts(table, random.Random(seed), ChartOptions(charts_per_table=6))}
    assert ("pie" in charts, "bar" in charts) == (pie, True)


def test_a_stocks_daily_prices_or_a_stations_min_and_max_are_never_stacked():
    # (review) a stock's daily table (as a finance site exports it) was drawn as an area of Open, High and Low stacked,
    # its top edge 3 times the price; a station's Min and Max temperatures as stacked bars
    quotes = "Date,Open,High,Low,Close,Adj Close,Volume\n" + "".join(
        f"2024-01-{d:02d},{100 + d},{102 + d},{99 + d},{101 + d},{101 + d},{10 ** 6 + d}\n" for d in range(2, 12))
    extremes = "Station,Min,Max\n" + "".join(f"S{i},{5 + i},{20 + i}\n" for i in range(5))
    for text in (quotes, extremes):
        table = read_tables(text.encode(), "t.csv")[0]
        specs = [s for seed in range(12)
                 for s in choose_charts(table, random.Random(seed), ChartOptions(charts_per_table=8))]
        assert {s.chart for s in specs} & {"area", "stacked_bar", "pie"} == set()
        assert {s.chart for s in specs} & {"line", "grouped_bar"}


@pytest.mark.parametrize("text, charts", [
    ("Region,% of total\nA,40\nB,35\nC,25\n", {("pie", ("% of total",))}),
    ("Party,Votes (%)\nA,40.2\nB,35.1\nC,24.7\n", {("pie", ("Votes (%)",))}),
    ("Region,Growth %\nA,4\nB,3\nC,2\n", set()),
    ("Year,Rent %,Food %,Other %\n2020,40,35,25\n2021,41,34,25\n2022,42,33,25\n2023,40,30,30\n",
     {("area", ("Rent %", "Food %", "Other %"))}),
    ("Year,Rent %,Food %\n2020,40,35\n2021,41,34\n2022,42,33\n2023,40,30\n", set())])
def test_percentages_named_so_in_the_header_are_a_pie_or_stacked_where_they_sum_to_100(text, charts):
    # (review) a header's "%" read as a rate's sign refused the pie of "% of total" and "Votes (%)" summing to 100,
    # and the stacked area of a budget's "Rent %", "Food %", "Other %": only numbers written "40%" were percentages
    table = read_tables(text.encode(), "t.csv")[0]
    drawn = {(s.chart, tuple(s.series)) for seed in range(12)
             for s in choose_charts(table, random.Random(seed), ChartOptions(charts_per_table=8))}
    assert {d for d in drawn if d[0] in ("pie", "stacked_bar", "area")} == charts


@pytest.mark.parametrize("measure, pie", [
    ("Total price", True), ("Gesamtpreis", True), ("Prix total", True), ("Precio total", True),
    ("Unit price", False), ("Average price", False), ("Jahresdurchschnitt", False), ("Gesamtdurchschnitt", False)])
def test_a_total_price_adds_up_in_any_language_and_an_average_compound_does_not(measure, pie):
    # (review) an order's "Total price" per product, "Gesamtpreis" or "Prix total" was refused a pie as a price (only
    # Chinese "总价" was a total), while German averages compounded at their end ("Jahresdurchschnitt") were summed
    table = read_tables(f"Produkt,{measure}\nA,95.5\nB,90.1\nC,88\nD,70.2\n".encode(), "t.csv")[0]
    charts = {s.chart for seed in range(8)
              for s in choose_charts(table, random.Random(seed), ChartOptions(charts_per_table=6))}
    assert ("pie" in charts, "bar" in charts) == (pie, True)


@pytest.mark.parametrize("measure", ["Inflation", "CPI", "ROI", "CTR", "NPS", "Satisfaction", "Occupancy",
                                     "Luftfeuchtigkeit", "Wirkungsgrad", "Zufriedenheit", "Prozentsatz", "Auslastung",
                                     "Herzfrequenz", "Bruttomarge"])
def test_a_rate_level_or_index_named_in_a_word_of_its_own_is_never_a_pie(measure):
    # (review) the word table had "humidity", "efficiency", "margin" but not German "Luftfeuchtigkeit", "Wirkungsgrad",
    # "Bruttomarge", nor an index or rate named by itself ("Inflation", "CPI", "ROI"): each was drawn as a pie
    table = read_tables(f"Land,{measure}\nA,95.5\nB,90.1\nC,88\nD,70.2\n".encode(), "t.csv")[0]
    charts = {s.chart for seed in range(8)
              for s in choose_charts(table, random.Random(seed), ChartOptions(charts_per_table=6))}
    assert ("pie" in charts, "bar" in charts) == (False, True)


@pytest.mark.parametrize("by, measure, pie", [
    ("Channel", "Quote requests", True), ("Team", "Note count", True), ("Region", "Alder trees", True),
    ("Site", "Taxa recorded", True), ("Land", "Arbeitslosenquote", False), ("Land", "Quote", False),
    ("Land", "Quote der Frauen", False), ("Schüler", "Note", False), ("Klasse", "Alter", False),
    ("Joueur", "Rang", False), ("Land", "Quote Frauen", False), ("Land", "Quote Männer", False),
    ("Kreis", "Quote Erwerbstätige", False), ("Channel", "Quote count", True)])
def test_a_word_of_a_level_in_one_language_and_a_count_in_english_counts_only_in_its_own(by, measure, pie):
    # (review) English "Quote requests", a count of requests, was refused a pie: German "Quote" (a rate) is a word of
    # a level; it counts as the whole header, as a compound's head ("Arbeitslosenquote") or beside German words
    # (lead: "Quote Frauen", the share of women, was a pie: a German word beside it, not "der", says it is German)
    table = read_tables(f"{by},{measure}\nA,95\nB,90\nC,88\nD,70\n".encode(), "t.csv")[0]
    charts = {s.chart for seed in range(8)
              for s in choose_charts(table, random.Random(seed), ChartOptions(charts_per_table=6))}
    assert ("pie" in charts, "bar" in charts) == (pie, True)


def _drawn(text: str, seeds: int = 12) -> set[tuple[str, str]]:
    """(chart, title) of every chart of the CSV ``text`` over ``seeds`` seeds, its month names read as
    `read.read_table_charts` reads them."""
    from sources.charts.dates import text_dates

    table = text_dates(read_tables(text.encode(), "t.csv")[0])
    return {(s.chart, s.title) for seed in range(seeds)
            for s in choose_charts(table, random.Random(seed), ChartOptions(charts_per_table=8))}


@pytest.mark.parametrize("text, summed", [
    # a stock over months: no pie of January's against February's balance, no total of them
    ("Monat,Kontostand\nJan,1200\nFeb,1350\nMär,1100\nApr,1500\n", set()),
    ("Month,Inventory\nJan,1200\nFeb,1350\nMar,1100\nApr,1500\n", set()),
    ("Quarter,Balance\nQ1 2023,10\nQ2 2023,20\nQ3 2023,5\nQ4 2023,7\n", set()),
    ("Mes,Saldo\nene,10\nfeb,20\nmar,5\nabr,7\n", set()),
    # an account's balance summed over its months is none; the accounts' balances in a month add up
    ("Konto,Monat,Kontostand\nA,Jan,100\nB,Jan,200\nA,Feb,120\nB,Feb,180\nA,Mar,90\nB,Mar,210\n",
     {("bar", "Total Kontostand by Monat")}),
    # a bank statement's running balance is summed by no description; its amounts are
    ("Date,Description,Amount,Balance\n2024-01-02,Rent,-500,1500\n2024-01-05,Salary,2000,3500\n"
     "2024-01-09,Rent,-500,3000\n2024-01-20,Food,-50,2950\n2024-02-02,Salary,2000,4950\n",
     {("bar", "Total Amount by Description")}),
    # stocks of one moment's parts add up: warehouses, and two stocks in a month stacked
    ("Lager,Bestand\nNord,10\nSüd,20\nOst,5\nWest,7\n", {("pie", "Bestand by Lager")}),
    ("Warehouse,Inventory\nA,10\nB,20\nA,5\nC,7\n",
     {("bar", "Total Inventory by Warehouse"), ("pie", "Total Inventory by Warehouse")}),
    ("Month,Inventory A,Inventory B\nJan,10,12\nFeb,20,18\nMar,5,6\nApr,7,7\n",
     {("stacked_bar", "Inventory A and Inventory B by Month")}),
    # one stock at three moments is never stacked: a bar of January's, February's and March's stock
    ("Lager,Bestand Jan,Bestand Feb,Bestand Mär\nNord,10,12,11\nSüd,20,18,22\nOst,5,6,7\n",
     {("pie", f"Bestand {m} by Lager") for m in ("Jan", "Feb", "Mär")}),
    ("Account,Opening balance,Closing balance\nA,10,12\nB,20,18\nC,5,6\n",
     {("pie", "Opening balance by Account"), ("pie", "Closing balance by Account")})])
def test_a_stock_adds_up_over_one_moments_parts_never_over_moments(text, summed):
    # (lead) balances and inventories ("Kontostand", "Bestand", "Balance", "Inventory", "Saldo") over months were drawn
    # as pies ("What share of the total Kontostand does Feb have?"), summed per account over its months ("Total
    # Kontostand by Konto") and stacked month on month: a stock held at a moment is no part of a whole over time
    drawn = _drawn(text)
    assert {d for d in drawn if d[0] in ("pie", "stacked_bar", "area") or d[1].startswith("Total ")} == summed
    assert any(chart in ("bar", "line") for chart, _ in drawn)


@pytest.mark.parametrize("measure", ["Score total", "Score sum", "Temperature total", "Margin totals"])
def test_a_level_totalled_is_still_no_pie(measure):
    # (review) "Score total" (a player's total score) was read as "Level 1 sales" is, a count of scores, and drawn as
    # a pie: "A has 27.8% of the total score", the pie "Total score" is refused
    table = read_tables(f"Player,{measure}\nA,95\nB,90\nC,88\nD,70\n".encode(), "t.csv")[0]
    charts = {s.chart for seed in range(8)
              for s in choose_charts(table, random.Random(seed), ChartOptions(charts_per_table=6))}
    assert ("pie" in charts, "bar" in charts) == (False, True)


@pytest.mark.parametrize("time, moment", [("Date", "2024-03-31"), ("Month", "Mar"), ("Stand", "Q1 2024"), ("", "")])
def test_a_stock_read_at_one_moment_adds_up_over_its_parts_whatever_column_says_the_moment(time, moment):
    # (review) an inventory snapshot whose every row carries its one date ("Date" 2024-03-31) lost its totals per
    # warehouse and per product, and drew nothing: the rows were taken for a stock read at several moments
    rows = ["Warehouse,Product,Inventory", "North,A,10", "North,B,20", "South,A,5", "South,B,7", "East,A,3", "East,B,4"]
    text = "".join(f"{time if i == 0 else moment}{',' if time else ''}{row}\n" for i, row in enumerate(rows))
    assert {d for d in _drawn(text) if d[1].startswith("Total ")} == {
        (chart, f"Total Inventory by {by}") for chart in ("bar", "pie") for by in ("Warehouse", "Product")}


@pytest.mark.parametrize("measure", ["Stock sold", "Inventory added", "Stock purchases", "Balance change",
                                     "Trade balance", "Stock out", "Lagerzugang", "Bestandsveränderung",
                                     "Wanderungssaldo", "Saldo migratorio", "Net change in inventory"])
def test_what_flowed_in_or_out_of_a_stock_adds_up_over_moments(measure):
    # (review) a stock's word named a stock wherever it stood: "Stock sold" or "Inventory added" by product over
    # months lost its total per product and its pie over months, as a balance does; they are flows, as sales are
    text = f"Product,Month,{measure}\nA,Jan,10\nB,Jan,20\nA,Feb,5\nB,Feb,7\nA,Mar,3\nB,Mar,4\n"
    assert {("bar", f"Total {measure} by Product"), ("pie", f"Total {measure} by Product")} <= _drawn(text)
    assert ("pie", f"{measure} by Month") in _drawn(f"Month,{measure}\nJan,10\nFeb,20\nMar,5\nApr,7\n")


@pytest.mark.parametrize("measure, pie", [
    ("Pegel", False), ("Niveau", False), ("Wasserstand", False), ("Füllstand", False), ("Nivel", False),
    ("Livello", False), ("Уровень", False), ("Level", False),
    ("Level 1 sales", True), ("Age group count", True), ("Price count", True), ("Grade 3 students", True),
    ("Sales level", False), ("Average sales", False), ("Avg count", False), ("Pct sales", False),
    # a ratio as a header writes one (net-to-gross; revenue per 1000 impressions, deaths per 1000 people): what
    # "X / 1000" divides by, a unit or a population, the header does not say, and a ratio is no pie
    ("Net/Gross", False), ("Sales / 1000", False)])
def test_a_level_is_no_pie_in_any_language_and_a_word_of_one_before_a_count_names_what_is_counted(measure, pie):
    # (lead) "Pegel", "Niveau" (levels, as "Level" is) were pies; "Level 1 sales" and "Age group count" were refused as
    # levels: the header's last word names the measure, a level's word before it what is counted or its group
    table = read_tables(f"Gruppe,{measure}\nA,95\nB,90\nC,88\nD,70\n".encode(), "t.csv")[0]
    charts = {s.chart for seed in range(8)
              for s in choose_charts(table, random.Random(seed), ChartOptions(charts_per_table=6))}
    assert ("pie" in charts, "bar" in charts) == (pie, True)
