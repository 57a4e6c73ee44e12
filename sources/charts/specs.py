"""Which charts fit a table, and how each one looks: `ChartSpec`s chosen from the columns.

A spec holds the exact data it plots (after dropping missing values, ordering and
capping), so the rendered chart, its code, its data table, its summary and its QA
answers all come from the same numbers.
"""

from __future__ import annotations

import dataclasses
import decimal
import math
import random
from collections import OrderedDict
from typing import Any

import numpy as np

from sources.charts.fonts import FALLBACK_FONTS
from sources.charts.keys import in_time, key_role, moment_named
from sources.charts.measures import a_stock, adds_up, percent_named
from sources.common.tables import Column, DataTable, exact_sum, format_number

STYLES = ("default", "ggplot", "bmh", "seaborn-v0_8-whitegrid", "seaborn-v0_8-darkgrid", "fivethirtyeight",
          "Solarize_Light2", "classic", "grayscale", "tableau-colorblind10")
FONTS = ("DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono", "STIXGeneral")
FIGSIZES = ((6.4, 4.2), (7.2, 4.8), (5.6, 4.2), (8.0, 4.5))
LEGEND_LOCS = ("best", "upper left", "upper right", "lower right")
MARKERS = ("o", "s", "^", "D", "")


@dataclasses.dataclass(frozen=True)
class Style:
    sheet: str
    font: str
    figsize: tuple[float, float]
    grid: bool
    legend_loc: str
    annotate: bool
    marker: str

    @classmethod
    def draw(cls, rng: random.Random) -> "Style":
        return cls(rng.choice(STYLES), rng.choice(FONTS), rng.choice(FIGSIZES), rng.random() < 0.6,
                   rng.choice(LEGEND_LOCS), rng.random() < 0.5, rng.choice(MARKERS))


@dataclasses.dataclass
class ChartSpec:
    """chart: bar | grouped_bar | stacked_bar | line | area | pie | scatter | histogram.
    x: category labels, ordered x values, scatter x values, or histogram bin edges.
    series: name -> values aligned with ``x`` (histogram: ``{"count": counts}``).
    raw: histogram's raw values (the code bins them itself).
    fonts: the fonts that draw its text, the style's first (see `sources.charts.fonts`); empty until checked.
    wrap: category labels drawn wrapped at this many characters (0: on one line); legend: a pie's categories
      in a legend rather than beside the wedges; sparse: fewer ticks on the number axes, the others turned
      (see `sources.charts.code.layouts`); y_wrap: the y axis' label drawn wrapped at this many characters (a
      mend for one that ran past the figure's edge, `sources.charts.read._mends`).
    measure, legend_title, left_out: where the series are the categories of a long table pivoted wide
      (`sources.charts.wide`): the quantity each series holds ("gdp"; the targets say "gdp of France"), the
      legend's title (the category column) and the categories not drawn, said in the summary and meta.
    A line's series may hold None: a gap, where the table has no value (a category missing in a year).
    not_drawn: sentences saying which of the table's rows it does not draw (no label, no value), for the
      summary and meta."""

    chart: str
    title: str
    x_label: str
    y_label: str
    x: list[Any]
    series: dict[str, list[float]]
    style: Style
    horizontal: bool = False
    aggregated: bool = False
    truncated: bool = False
    raw: list[float] | None = None
    fonts: tuple[str, ...] = ()
    wrap: int = 0
    legend: bool = False
    sparse: bool = False
    y_wrap: int = 0
    units: dict[str, str] = dataclasses.field(default_factory=dict)  # column name -> unit ("%", "${}"), see Column
    measure: str = ""
    legend_title: str = ""
    left_out: tuple[str, ...] = ()
    not_drawn: tuple[str, ...] = ()  # the table's rows the chart does not draw, each said as a sentence


@dataclasses.dataclass(frozen=True)
class ChartOptions:
    """charts_per_table: how many charts to draw from one table.
    max_categories: at most this many bars, slices or ordered x values (the first rows).
    max_points: at most this many scatter points or histogram values.
    table_image: also render the table itself as an image (table recognition).
    qa_per_chart: at most this many computed question-answer pairs per chart.
    seed: with the table's content, decides chart types and styles, so builds repeat.
    fallback_fonts: font families tried, in order, for characters the style's font lacks (CJK); text that
      none of the installed ones can draw is rejected (``unsupported:missing_glyphs``)."""

    charts_per_table: int = 3
    max_categories: int = 12
    max_points: int = 300
    table_image: bool = True
    qa_per_chart: int = 5
    seed: int = 0
    fallback_fonts: tuple[str, ...] = FALLBACK_FONTS

    def __post_init__(self) -> None:
        object.__setattr__(self, "fallback_fonts", tuple(self.fallback_fonts))  # a YAML list


def choose_charts(table: DataTable, rng: random.Random, options: ChartOptions,
                  shares: bool = True) -> list[ChartSpec]:
    """Up to ``charts_per_table`` specs that fit the table's columns, chosen with ``rng``; ``shares``: whether
    the rows may be drawn as the parts of one whole (a pie), False where a row is a total that no sum bears out
    (`sources.charts.totals`)."""
    candidates = _candidates(table, options, shares)
    picked = sorted(rng.sample(range(len(candidates)), min(options.charts_per_table, len(candidates))))
    specs = []
    for index in picked:
        chart, x_col, y_cols = candidates[index]
        spec = _build(chart, x_col, y_cols, table, Style.draw(rng), rng, options)
        if spec is not None:
            specs.append(spec)
    return specs


def _candidates(table: DataTable, options: ChartOptions,
                shares: bool = True) -> list[tuple[str, Column | None, list[Column]]]:
    # matplotlib draws through 64-bit numbers: a whole number past them raised (OverflowError) in every chart
    # of its column; exact in the table's own text, such a column is drawn in none
    numeric = [c for c in table.of_kind("numeric") if sum(v is not None for v in c.values) >= 2
               and all(v is None or abs(v) < 2**63 for v in c.values)]
    nums = [c for c in numeric if not key_role(c)]  # a year, an id or a zip is no quantity to draw or sum
    cats = [c for c in table.of_kind("categorical")
            if 2 <= len({v for v in c.values if v is not None}) <= 4 * options.max_categories]
    # an x axis for lines: dates, a time key (years, newest first too: drawn in time order), or, in a table
    # whose rows no category names, whole numbers that only grow (steps); a measure that happens to rise (a
    # city's population; Revenue 2023 of North, South and East) is a series, not an axis, and an id is no axis
    # (101, 102, 103 are names, not steps)
    unnamed = not table.of_kind("categorical")
    ordered = (table.of_kind("temporal") + [c for c in numeric if _whole(c.values) and (
        key_role(c) == "time" and _increasing(sorted(v for v in c.values if v is not None))
        or not key_role(c) and unnamed and _increasing(c.values))])[:1]
    found: list[tuple[str, Column | None, list[Column]]] = []
    for cat in cats[:2]:
        for num in nums[:3]:
            found.append(("bar", cat, [num]))
            # percentages make a pie only as the parts of one whole (41% drawn as a 52.9% slice misleads), other
            # measures only where they add up (a pie of scores answered "A has 27.8% of the total score")
            # and a stock (a balance, an inventory) only over parts of one moment, never over months
            whole = (abs(exact_sum([v for v in num.values if v is not None]) - 100) <= 0.5 if _percent(num)
                     else adds_up(num.name, cat.name) and not (a_stock(num.name) and in_time(cat)))
            if shares and all(v is None or v > 0 for v in num.values) and whole:
                found.append(("pie", cat, [num]))
        group = _one_scale(nums[:4])
        if len(group) >= 2:
            found.append(("grouped_bar", cat, group))
            # stacks are parts of one bar's whole: of averages or rates (two quarters' mean scores, 81.5 on 83) the
            # bar's height is no quantity; percentages stack only as the parts of each row's 100
            if _stackable(group, cat):
                found.append(("stacked_bar", cat, group))
    for x in ordered:
        ys = _one_scale([c for c in nums if c is not x][:MAX_SERIES["line"]])
        if ys:
            found.append(("line", x, ys))
            layers = ys[:MAX_SERIES["area"]]  # drawn stacked (stackplot): as a stacked bar's, parts of one whole
            if _stackable(layers, x):
                found.append(("area", x, layers))
    free = [c for c in nums if c not in ordered]
    if len(free) >= 2 and table.rows >= 5:
        found.append(("scatter", free[0], [free[1]]))
    for num in nums[:2]:  # bin edges are doubles: values past 2**53 would fall in bins their ranges do not say
        if sum(v is not None for v in num.values) >= 20 and all(v is None or abs(v) < 2**53 for v in num.values):
            found.append(("histogram", None, [num]))
    return found


def _percent(column: Column) -> bool:
    """Whether a column's numbers are percentages: written so ("45%", `Column.unit`) or so headed ("% of total",
    "Votes (%)", `measures.percent_named`), its numbers bare. Such a column is a whole's parts only where they sum to
    100: refused as a sign of a rate, "% of total" summing to 100 was drawn as no pie."""
    return column.unit == "%" or percent_named(column.name)


def _amounts(columns: list[Column], by: Column) -> bool:
    """Whether every one of ``columns`` is an amount that adds up over ``by``'s rows (`measures.adds_up`), no
    percentage: summed over repeated names, or stacked, its total is a quantity."""
    return all(not _percent(c) and adds_up(c.name, by.name) for c in columns)


def _stocks_over_time(columns: list[Column], by: Column, table: DataTable) -> bool:
    """Whether summing ``columns``' rows of each of ``by``'s values would add a stock (`measures.a_stock`: a balance,
    an inventory) over moments: where another column places the rows in time (`keys.in_time`), an account's rows
    are its balance in January, February...; summed by ``by`` itself in time, they are one moment's parts, as are
    rows whose moment is one for each of ``by``'s values (a snapshot's date on every row)."""
    return any(a_stock(c.name) for c in columns) and any(
        in_time(c) and _moments_within(by, c) for c in table.columns if c is not by)


def _moments_within(by: Column, moment: Column) -> bool:
    """Whether the rows of one of ``by``'s values were read at more than one ``moment``."""
    seen: dict = {}
    return any(m is not None and seen.setdefault(x, m) != m for x, m in zip(by.values, moment.values))


def _stackable(columns: list[Column], by: Column) -> bool:
    """Whether ``columns`` (no negative value) stack as parts of one whole over ``by``: one alone, amounts that add
    up (no stock read at several moments, "Bestand Jan", "Bestand Feb": `keys.moment_named`), or percentages whose
    every row sums to 100."""
    return all(v is None or v >= 0 for c in columns for v in c.values) and (
        len(columns) == 1 or _amounts(columns, by) and not _stock_at_moments(columns) or _parts_of_100(columns))


def _stock_at_moments(columns: list[Column]) -> bool:
    """Whether ``columns`` are stocks (`measures.a_stock`) each named for a moment ("Balance 2023", "Opening
    balance"): stacked, a bar was January's inventory plus February's, one stock counted at each moment."""
    return any(a_stock(c.name) for c in columns) and any(moment_named(c.name) for c in columns)


def _parts_of_100(group: list[Column]) -> bool:
    """Whether the columns are percentages whose every row sums to 100 (to half a point): the shares of one whole
    per row ("Rent %", "Food %", "Other %"), which stack."""
    rows = list(zip(*(c.values for c in group)))
    return all(_percent(c) for c in group) and all(
        None not in row and v >= 0 and abs(exact_sum(row) - 100) <= 0.5 for row in rows for v in row)


def _build(chart, x_col, y_cols, table, style, rng, options) -> ChartSpec | None:
    y_names = [c.name for c in y_cols]
    units = {c.name: c.unit for c in [x_col, *y_cols] if c is not None and c.unit}
    if chart == "histogram":
        values = [v for v in y_cols[0].values if v is not None][: options.max_points]
        edges = bin_edges(values, rng.choice((6, 8, 10, 12)))
        counts, _ = np.histogram(values, bins=edges)  # what ax.hist(values, bins=edges) draws
        return ChartSpec(chart, f"Distribution of {y_names[0]}", y_names[0], "Count",
                         [_num(e) for e in edges], {"count": [float(c) for c in counts]}, style,
                         truncated=len(values) < sum(v is not None for v in y_cols[0].values), raw=values,
                         units=units)
    everything = [(x, ys) for x, *ys in zip(x_col.values, *(c.values for c in y_cols))]
    labelled = [(x, ys) for x, ys in everything if x is not None]
    rows = [(x, ys) for x, ys in labelled if any(y is not None for y in ys)]
    # rows not drawn are said (summary and meta), never dropped silently: a bar chart without North's empty
    # cell read as every region's
    unlabelled = sum(x is None and any(y is not None for y in ys) for x, ys in everything)
    not_drawn = [f"{_count(unlabelled, 'row')} with no {x_col.name} {_be(unlabelled)} not drawn."] if unlabelled else []
    if chart == "scatter":
        points = [(x, ys) for x, ys in labelled if None not in ys]
        if len(points) < len(labelled):
            not_drawn.append(f"{_count(len(labelled) - len(points), 'row')} with no {y_names[0]} "
                             f"{_be(len(labelled) - len(points))} not drawn.")
        shown = points[: options.max_points]
        return ChartSpec(chart, f"{y_names[0]} against {x_col.name}", x_col.name, y_names[0],
                         [_num(x) for x, _ in shown], {y_names[0]: [_num(y[0]) for _, y in shown]}, style,
                         units=units, truncated=len(shown) < len(points), not_drawn=tuple(not_drawn))
    if chart != "line" or len({x for x, _ in rows}) < len(rows):
        # a missing value is a gap only in a line of one point per x: a bar, a stacked layer or a sum of it
        # would be made up; and a row left out for it takes its other series' values along (an area of
        # three countries without the year one lacks answered "highest in 2023" where 2022 was)
        if any(None in ys for _, ys in rows) and len(y_cols) > 1:
            return None
        # a category with a row of no value has no total either: North's 3 of its rows 10 and 3 was no total
        unknown = list(dict.fromkeys(x for x, ys in labelled if None in ys))
        rows = [(x, ys) for x, ys in labelled if x not in unknown]
        if unknown:
            repeated = any(sum(x == label for x, _ in labelled) > 1 for label in unknown)  # "has a row with no"
            not_drawn.append(f"{_listed_labels(unknown)} {'has' if len(unknown) == 1 else 'have'} "
                             f"{'a row with ' if repeated else ''}no {y_names[0]} and {_be(len(unknown))} not drawn.")
    elif empty := [x for x, ys in labelled if all(y is None for y in ys)]:  # a line's x with no value at all
        not_drawn.append(f"{_listed_labels(empty)} {'has' if len(empty) == 1 else 'have'} no value and "
                         f"{_be(len(empty))} not drawn.")
    if chart == "pie" and not_drawn:  # a pie is a whole: with a part unknown, its shares are of no whole
        return None
    if chart in ("line", "area") and (x_col.kind == "temporal" or key_role(x_col) == "time"):
        # time runs left to right: a newest-first export drawn as it came read the series backwards ("falls" for
        # a rise)
        rows.sort(key=lambda row: row[0])
    aggregated = len({x for x, _ in rows}) < len(rows)
    if aggregated and (not _amounts(y_cols, x_col) or _stocks_over_time(y_cols, x_col, table)):
        # a sum of two scores, prices or shares is none of them: "Total score by name: A 185"; nor is an account's
        # balance summed over its months its balance
        return None
    if aggregated:  # repeated categories (long-format data): one bar per category, summed
        sums: OrderedDict = OrderedDict()
        for x, ys in rows:
            sums[x] = [exact_sum([a, b]) for a, b in zip(sums.get(x, [0.0] * len(ys)), ys)]
        rows = list(sums.items())
    limit = 8 if chart == "pie" else options.max_categories
    truncated = len(rows) > limit
    if chart == "pie" and truncated:  # a pie is a whole: eight of sixteen rows drawn as one answered "n8 has 22.2 %
        return None  # of the total" where it holds 3.6 % (Metabase #9432); bars of the first rows claim no whole
    shown = rows[:limit]
    if len(shown) < 2:
        return None
    label = listed(y_names)
    # the first of more rows than a chart holds say so in its title: the image is of part of the table
    title = f"{'Total ' if aggregated else ''}{label} by {x_col.name}" + (
        f" (first {limit} of {len(rows)})" if truncated else "")
    rows = shown
    return ChartSpec(chart, title, x_col.name, label if len(y_names) == 1 else "Value",
                     [_label(x) for x, _ in rows],
                     {name: [None if ys[i] is None else _num(ys[i]) for _, ys in rows]
                      for i, name in enumerate(y_names)}, style,
                     horizontal=chart in ("bar", "grouped_bar", "stacked_bar") and rng.random() < 0.3,
                     aggregated=aggregated, truncated=truncated, units=units, not_drawn=tuple(not_drawn))


MAX_SERIES = {"line": 4, "area": 3}  # series one line or area chart draws (the first columns of one scale)
SCALE_SPAN = 20.0  # times: series on one axis whose largest values differ more are not drawn together


def _one_scale(columns: list[Column]) -> list[Column]:
    """The columns whose largest magnitude is within `SCALE_SPAN` of the first's, in order: series drawn on
    one axis must all be readable on it. Population, growth and GDP of four countries in one grouped bar chart
    showed GDP's bars alone (an axis to 1e12), while the QA asked for the growth of Spain."""
    def size(column: Column) -> float:
        return max((abs(v) for v in column.values if v is not None), default=0.0)

    if not columns or size(columns[0]) == 0:
        return columns[:1]
    top = size(columns[0])  # and in one unit: percentages and counts are not read off one axis
    return [c for c in columns if top / SCALE_SPAN <= size(c) <= top * SCALE_SPAN and c.unit == columns[0].unit]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _be(n: int) -> str:
    return "is" if n == 1 else "are"


def _listed_labels(labels: list, most: int = 5) -> str:
    """Category labels as a sentence lists them, the first ``most`` of many and how many more."""
    names = [x.isoformat() if hasattr(x, "isoformat") else x if isinstance(x, str) else format_number(_num(x))
             for x in labels]
    if len(names) > most:
        names = [*names[:most], f"{len(names) - most} more"]
    return listed(names)


def listed(names: list[str]) -> str:
    """Names as a sentence lists them: "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _increasing(values) -> bool:
    present = [v for v in values if v is not None]
    return len(present) >= 3 and all(a < b for a, b in zip(present, present[1:]))


def _whole(values) -> bool:
    return all(float(v).is_integer() for v in values if v is not None)


def bin_edges(values: list[float], bins: int) -> list[float]:
    """``bins + 1`` edges from the smallest value to the largest, rounded to two significant digits of the
    bin width (more where needed to keep them apart), so the table can say ``0.0021 to 0.0024`` exactly."""
    lo, hi = min(values), max(values)
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    width = (hi - lo) / bins
    places = 1 - math.floor(math.log10(width))
    with decimal.localcontext(prec=60):  # a large value at a fine step has many digits
        return _rounded_edges(lo, hi, width, bins, places)


def _rounded_edges(lo: float, hi: float, width: float, bins: int, places: int) -> list[float]:
    while True:
        step = decimal.Decimal(1).scaleb(-places)
        raw = [decimal.Decimal(format_number(lo + i * width)) for i in range(bins + 1)]
        edges = [decimal.Decimal(format_number(lo)).quantize(step, decimal.ROUND_FLOOR),
                 *(e.quantize(step) for e in raw[1:-1]),
                 decimal.Decimal(format_number(hi)).quantize(step, decimal.ROUND_CEILING)]
        if all(a < b for a, b in zip(edges, edges[1:])):
            return [float(e) for e in edges]
        places += 1


def _label(x) -> Any:
    if hasattr(x, "isoformat"):
        return x.isoformat()
    return _num(x) if isinstance(x, float) else x


def _num(v: float) -> float | int:
    """Whole numbers as ints, so code, tables and answers read ``88``, not ``88.0``; others as they are
    (the table reader settled them to their own precision). An int stays exact at any size."""
    if isinstance(v, int):
        return v
    v = float(v)
    return int(v) if v.is_integer() and abs(v) < 2**53 else v
