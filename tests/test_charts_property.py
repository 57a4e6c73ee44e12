"""Property: for random tables (every column type, sizes, precisions, names with CJK and symbols, in
every file format), each chart's data table round-trips to the source data, and every QA answer worked
out again from that table equals the target.

The expectations here are computed from the generated data with `decimal`, independently of the
source's own code: rows kept are those with every plotted value present (a line of one point per x keeps a
row with any, its missing values gaps; a category with any row missing a value is left out whole), repeated
categories are summed, histogram counts are recounted from the written ranges.
"""

import datetime
import io
import json
import os
import re
from collections import OrderedDict
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samples.make_samples import fixed_zip_dates
from shards import Reject
from sources.charts.fonts import charmap
from sources.charts.read import read_table_charts
from sources.charts.specs import ChartOptions

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "25"))
OPTIONS = ChartOptions(charts_per_table=4, qa_per_chart=12, table_image=False)
HAS_CJK_FONT = any(charmap(f) for f in ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei"))
# letters, CJK (when a font draws it), and the symbols that broke tables before: $ (mathtext), | and \ (markdown)
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüß"
LETTERS += "城市销量北京上海东京りんごバナナ한국" if HAS_CJK_FONT else ""
SYMBOLS = " $%&|\\_-+()[]#@!?*/'\":;,.0123456789"
NULL_WORDS = {"na", "nan", "null", "n/a", "none", "true", "false", "nil", "n.a."}


def _text(first=LETTERS):
    """A label: starts with a letter (so it is never read as a number, date or null), single spaces."""
    return st.tuples(st.sampled_from(first), st.text(LETTERS + SYMBOLS, max_size=10)).map(
        lambda t: " ".join((t[0] + t[1]).split())).filter(lambda s: s.lower() not in NULL_WORDS)


@st.composite
def tables(draw):
    """(names, columns, kinds): 2-25 rows; a category column, 1-3 measures at their own precision and
    magnitude, maybe missing cells, maybe an ordered year column and a date column; names may repeat."""
    rows = draw(st.integers(2, 25))
    columns, kinds = [], []
    labels = draw(st.lists(_text(), min_size=1, max_size=rows))
    columns.append([draw(st.sampled_from(labels)) for _ in range(rows)])
    kinds.append("categorical")
    for _ in range(draw(st.integers(1, 3))):
        places, digits = draw(st.integers(0, 6)), draw(st.integers(1, 7))
        positive = draw(st.booleans())
        cells = []
        for _ in range(rows):
            n = draw(st.integers(1 if positive else -10**digits, 10**digits))
            cells.append(None if draw(st.integers(0, 9)) == 0 else Decimal(n).scaleb(-places))
        columns.append(cells)
        kinds.append("numeric")
    if draw(st.booleans()):
        start = draw(st.integers(1950, 2020))
        columns.append([Decimal(start + i) for i in range(rows)])
        kinds.append("numeric")
    if draw(st.booleans()):
        day = datetime.date(2020, 1, 1)
        columns.append([day + datetime.timedelta(days=7 * i) for i in range(rows)])
        kinds.append("temporal")
    names = draw(st.lists(_text(), min_size=len(columns), max_size=len(columns)))
    if draw(st.booleans()):
        names[-1] = names[0]  # a repeated name
    return names, columns, kinds


def write(fmt: str, names, columns) -> bytes:
    rows = list(zip(*columns))
    if fmt in ("csv", "csv;"):
        delimiter, mark = (",", ".") if fmt == "csv" else (";", ",")

        def cell(v):
            if v is None:
                return ""
            if isinstance(v, Decimal):
                return format(v, "f").replace(".", mark)
            if isinstance(v, datetime.date):
                return v.isoformat()
            return '"' + v.replace('"', '""') + '"'  # text quoted, so a delimiter inside it stays text

        head = delimiter.join('"' + n.replace('"', '""') + '"' for n in names)
        return (head + "\n" + "".join(delimiter.join(cell(v) for v in r) + "\n" for r in rows)).encode()
    plain = [[float(v) if isinstance(v, Decimal) else v for v in c] for c in columns]
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        buf = io.BytesIO()
        pq.write_table(pa.Table.from_arrays([pa.array(c) for c in plain], names=names), buf)
        return buf.getvalue()
    if fmt == "jsonl":
        return "".join(json.dumps({k: v.isoformat() if isinstance(v, datetime.date) else v
                                   for k, v in zip(names, r)}, ensure_ascii=False) + "\n"
                       for r in zip(*plain)).encode()
    import openpyxl

    book = openpyxl.Workbook()
    book.properties.created = datetime.datetime(2024, 1, 1)
    sheet = book.active
    sheet.append(names)
    for r in zip(*plain):
        sheet.append(list(r))
    buf = io.BytesIO()
    book.save(buf)
    return fixed_zip_dates(buf.getvalue())  # the same table, the same bytes: its charts repeat


def parse_markdown(table: str) -> tuple[list[str], list[list[str]]]:
    """A GFM table as written here: cells split at " | " (a pipe inside a cell is escaped, so never has a
    space before it), then backslash escapes undone."""
    def cells(line):
        parts = line[2:-2].split(" | ")
        return [re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", p) for p in parts]

    lines = table.splitlines()
    assert re.fullmatch(r"\|(---\|)+", lines[1])
    return cells(lines[0]), [cells(line) for line in lines[2:]]


def canonical(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    return format(Decimal(value).normalize(), "f")


def expected_rows(chart, names, columns, kinds, header):
    """What the chart's table must hold, from the source data alone."""
    index = {n: i for i, n in enumerate(unique(names))}
    if chart == "histogram":
        return None
    x, ys = columns[index[header[0]]], [columns[index[h]] for h in header[1:]]
    rows = [(a, bs) for a, *bs in zip(x, *ys) if a is not None and any(b is not None for b in bs)]
    if chart == "line" and len({a for a, _ in rows}) == len(rows):  # gaps: a missing value is an empty cell
        return [[canonical(a), *("" if b is None else canonical(b) for b in bs)] for a, bs in rows][
            : OPTIONS.max_categories]
    if chart == "scatter":
        return [[canonical(a), *map(canonical, bs)] for a, *bs in zip(x, *ys) if a is not None and None not in bs][
            : OPTIONS.max_points]
    # a category with a row of no value has no total: left out whole
    unknown = {a for a, *bs in zip(x, *ys) if a is not None and None in bs}
    rows = [(a, bs) for a, bs in rows if a not in unknown]
    sums: OrderedDict = OrderedDict()
    for a, bs in rows:
        sums[a] = [s + b for s, b in zip(sums.get(a, [Decimal(0)] * len(bs)), bs)]
    limit = 8 if chart == "pie" else OPTIONS.max_categories
    return [[canonical(a), *map(canonical, bs)] for a, bs in sums.items()][:limit]


def unique(names):
    """pandas' names for repeated columns (its ``dedup_names``): ``a``, ``a.1``, ``a.2``."""
    counts, out = {}, []
    for name in names:
        count = counts.get(name, 0)
        while count:
            counts[name] = count + 1
            name = f"{name}.{count}"
            count = counts.get(name, 0)
        out.append(name)
        counts[name] = count + 1
    return out


def answer(question: str, header: list[str], rows: list[list[str]]) -> str:
    """The answer worked out again from the table, by matching the question's wording exactly."""
    col = {name: [r[i] for r in rows] for i, name in enumerate(header)}
    xs = col[header[0]]
    # a chart of the first rows of more asks of those "shown": the same answer from its table
    question = re.sub(f"^Which {re.escape(header[0])} shown has", lambda _: f"Which {header[0]} has", question)
    question = re.sub(r"^(What is the difference between the highest and the lowest .+) shown\?$", r"\1?", question)
    num = lambda name: [Decimal(v) if v else None for v in col[name]]  # noqa: E731  (a line's gap: "")
    for y in header[1:]:
        # a series' values where it has them (a line's gaps left out), with their x values
        at = [] if y == header[0] else [i for i, v in enumerate(num(y)) if v is not None]
        ys, on = [num(y)[i] for i in at], [xs[i] for i in at]
        for word, pick in (("highest", max), ("lowest", min)):
            if question == f"Which {header[0]} has the {word} {y}?":
                return on[ys.index(pick(ys))]
        if question == f"What is the difference between the highest and the lowest {y}?":
            return canonical(max(ys) - min(ys))
        if on and question == f"Does {y} rise or fall from {on[0]} to {on[-1]}?":
            return "rises" if ys[-1] > ys[0] else "falls" if ys[-1] < ys[0] else "stays level"
        for i, label in enumerate(xs):
            if question == f"What is the {y} for {label}?":
                return col[y][i]
            if question == f"What share of the total {y} does {label} have?":
                return f"{(100 * num(y)[i] / sum(ys)).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"
        for z in header[1:]:
            for i, label in enumerate(xs):
                if question == f"For {label}, is {y} higher than {z}?":
                    return "Yes" if num(y)[i] > num(z)[i] else "No"
    if question == f"How many values of {header[0]} does the chart show?":
        return str(len(rows))
    if question == "How many points does the scatter plot show?":
        return str(len(rows))
    if question == f"What is the largest value of {header[1]}?":
        return canonical(max(num(header[1])))
    if question == f"What is the smallest value of {header[0]}?":
        return canonical(min(num(header[0])))
    if question == f"Is the relationship between {header[0]} and {header[1]} positive, negative or unclear?":
        a, b = [float(v) for v in col[header[0]]], [float(v) for v in col[header[1]]]
        r = float(np.corrcoef(a, b)[0, 1]) if len(set(a)) > 1 and len(set(b)) > 1 else 0.0
        return "positive" if r > 0.3 else "negative" if r < -0.3 else "unclear"
    raise AssertionError(f"no checker for {question!r}")


def read_either_way(data: bytes) -> bool:
    """Whether every decimal a semicolon file writes has one comma and three digits after it, and no leading
    zero (``12,345``): none then says whether its commas mark decimals or group thousands."""
    import csv

    cells = [c for row in list(csv.reader(io.StringIO(data.decode()), delimiter=";"))[1:] for c in row]
    decimals = [c for c in cells if re.fullmatch(r"-?\d+,\d+", c)]
    return bool(decimals) and all(re.fullmatch(r"-?[1-9]\d{0,2},\d{3}", c) for c in decimals)


def check_histogram(sample, names, columns, header, rows):
    source = unique(names).index(header[0][: -len(" range")])
    values = [Decimal(v) for v in columns[source] if v is not None][: OPTIONS.max_points]
    edges = [Decimal(r[0].split(" to ")[0]) for r in rows] + [Decimal(rows[-1][0].split(" to ")[1])]
    counts = [int(r[1]) for r in rows]
    assert edges[0] <= min(values) and edges[-1] >= max(values) and sum(counts) == len(values)
    for i, count in enumerate(counts):
        last = i == len(counts) - 1
        assert count == sum(edges[i] <= v and (v < edges[i + 1] or last and v == edges[i + 1]) for v in values)
    for pair in sample.meta["qa"]:
        q, a = pair["question"], pair["answer"]
        if q.startswith("How many bins"):
            assert a == str(len(rows))
        elif q.startswith("How many values"):
            assert a == str(sum(counts))
        else:
            assert q == f"Which range of {header[0][: -len(' range')]} holds the most values?"
            assert a == rows[counts.index(max(counts))][0]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.filter_too_much])
@given(tables(), st.sampled_from(["csv", "csv;", "parquet", "jsonl", "xlsx"]), st.integers(0, 3))
def test_every_answer_and_table_agrees_with_the_data(table, fmt, seed):
    names, columns, kinds = table
    if fmt == "jsonl":  # a JSON object cannot repeat a key: the file holds the names pandas would give
        names = unique(names)
    data = write(fmt, names, columns)
    out = list(read_table_charts(data, f"mem://t.{fmt.strip(';')}", ChartOptions(**{**vars(OPTIONS), "seed": seed})))
    assert out
    for record in out:
        if isinstance(record, Reject):  # too few values to chart, or a chart no layout draws legibly (random
            if record.reason in ("unsupported:illegible_labels", "unsupported:unseen_values"):  # labels in CJK
                # and symbols, 25 of them; values of very different sizes)
                assert ";chart=" in record.locator, record
                continue
            if record.reason == "filtered:ambiguous_number_format":  # 1,250 reads as 1.25 and as 1250
                assert fmt == "csv;" and len(out) == 1 and read_either_way(data), record
                continue
            assert record.reason == "filtered:no_chartable_columns" and len(out) == 1, record
            continue
        header, rows = parse_markdown(record.text)
        chart = record.meta["chart"]
        if chart == "histogram":
            check_histogram(record, names, columns, header, rows)
            continue
        expected = expected_rows(chart, names, columns, kinds, header)
        shown = rows
        if kinds[unique(names).index(header[0])] == "temporal":  # dates or midnight timestamps
            shown = [[r[0].removesuffix("T00:00:00"), *r[1:]] for r in rows]
        assert shown == expected, chart
        for pair in record.meta["qa"]:
            assert pair["answer"] == answer(pair["question"], header, rows), (chart, pair)


@pytest.mark.parametrize("fmt", ["csv", "csv;", "parquet", "jsonl", "xlsx"])
def test_a_fixed_table_with_symbols_round_trips_in_every_format(fmt):
    names = ["城市" if HAS_CJK_FONT else "City", "$ | \\ sales", "$ | \\ sales"]
    columns = [["a|b", "c$d$", "e\\f"], [Decimal("0.0021"), Decimal("12.5"), Decimal("3")],
               [Decimal("-1"), Decimal("2"), Decimal("3.25")]]
    if fmt == "jsonl":
        names[2] = names[1] + ".1"
    out = list(read_table_charts(write(fmt, names, columns), f"mem://t.{fmt.strip(';')}", OPTIONS))
    # the pie's wedge of 0.0021 in 15.5 is too thin to see: refused (`unsupported:unseen_values`)
    [grouped] = [r for r in out if not isinstance(r, Reject) and r.meta["chart"] == "grouped_bar"]
    assert grouped.text.splitlines()[0] == f"| {names[0]} | $ \\| \\ sales | $ \\| \\ sales.1 |"
    assert parse_markdown(grouped.text) == ([names[0], names[1], names[1] + ".1"],
                                            [["a|b", "0.0021", "-1"], ["c$d$", "12.5", "2"], ["e\\f", "3", "3.25"]])
