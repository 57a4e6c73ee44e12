"""Grounded targets for a chart, computed from the data it plots, never guessed.

- `markdown_table`: the plotted data (chart-to-table).
- `summary`: extremes, spread and trend in a few sentences (chart-to-text).
- `qa_pairs`: questions whose answers are computed (max/min, value at x, count,
  difference, comparison of two series, trend, share of a pie, correlation).
Where the values are not written on the chart, two values are compared only where the image draws them apart
(`MIN_MARK` pixels at the drawing's scale, ``value_px``): "Which month has the lowest return?" is not asked
where March's -7.75 and June's -7.73 are drawn 0.1 px apart.
Numbers are written by `fmt` everywhere (the image's value labels too), at the data's own
precision, so an answer reads exactly as the table and the image do; derived numbers (differences,
sums) are worked out in decimal, as a person would from the written values.
"""

from __future__ import annotations

import decimal
import random
import re

import numpy as np

from sources.charts.legible import MIN_MARK
from sources.charts.specs import ChartSpec, listed
from sources.common.amounts import with_unit
from sources.common.tables import exact_sum, format_number

CHART_NAMES = {"bar": "bar chart", "grouped_bar": "grouped bar chart", "stacked_bar": "stacked bar chart",
               "line": "line chart", "area": "area chart", "pie": "pie chart", "scatter": "scatter plot",
               "histogram": "histogram"}


def fmt(value, unit: str = "") -> str:
    """A cell as text: numbers at their own precision (``88``, ``41.2``, ``0.0021``) with their column's ``unit``
    as the file writes it (``45%``, ``-$4.5``, ``1200 €``: `with_unit`), dates in ISO form."""
    if isinstance(value, str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return with_unit(format_number(value), unit)


def formatter(spec: ChartSpec, name: str):
    """`fmt` for the values of the column ``name`` (the x column or a series) with that column's unit."""
    unit = spec.units.get(name, "")
    return lambda value: fmt(value, unit)


def share(ys: list[float], i: int) -> str:
    """``ys[i]`` as a percentage of the total to one decimal, rounded half up from the written values
    (as a person works it out, and as the pie's wedge label reads)."""
    percent = 100 * decimal.Decimal(format_number(ys[i])) / decimal.Decimal(format_number(exact_sum(ys)))
    return f"{percent.quantize(decimal.Decimal('0.1'), decimal.ROUND_HALF_UP)}%"


def _cell(text: str) -> str:
    """A markdown table cell (GFM): a pipe escaped, and a backslash where it would escape what follows
    it (``C:\\path`` stays as it is); line breaks as spaces."""
    return _ESCAPING_BACKSLASH.sub(r"\\\\", text).replace("|", "\\|").replace("\n", " ")


_ESCAPING_BACKSLASH = re.compile(r"\\(?=[!-/:-@[-`{-~]|$)")  # before ASCII punctuation, or last


def table_rows(spec: ChartSpec) -> tuple[list[str], list[list[str]]]:
    """The plotted data as a header and rows of formatted cells."""
    if spec.chart == "histogram":
        edges, counts, fx = spec.x, spec.series["count"], formatter(spec, spec.x_label)
        return [f"{spec.x_label} range", "Count"], [[f"{fx(a)} to {fx(b)}", fmt(c)]
                                                   for a, b, c in zip(edges, edges[1:], counts)]
    header = [spec.x_label, *spec.series]
    fx, fys = formatter(spec, spec.x_label), [formatter(spec, name) for name in spec.series]
    return header, [[fx(x), *("" if v[i] is None else f(v[i]) for f, v in zip(fys, spec.series.values()))]
                    for i, x in enumerate(spec.x)]


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def apart(a, b, value_px: float | None) -> bool:
    """Whether values ``a`` and ``b`` differ and are drawn at least `MIN_MARK` pixels apart at ``value_px``
    pixels a unit of the value axis (None: the values are written on the chart, and read)."""
    return a != b and (value_px is None or abs(float(a) - float(b)) * value_px >= MIN_MARK)


def summary(spec: ChartSpec, value_px: float | None = None) -> str:
    """The chart in a few sentences: each series' highest and lowest categories with their values (and those
    drawn level with them, `apart`), a line's or an area's trend; a histogram's most common range; a scatter
    plot's ranges and correlation."""
    name, fx = CHART_NAMES[spec.chart], formatter(spec, spec.x_label)
    if spec.chart == "histogram":
        counts = spec.series["count"]
        top = int(np.argmax(counts))
        tops = [k for k, count in enumerate(counts) if count == counts[top]]  # tied bins are all named
        ranges = listed([f"{fx(spec.x[k])} to {fx(spec.x[k + 1])}" for k in tops])
        return (f"The {name} shows how {len(spec.raw)} values of {spec.x_label} are distributed over "
                f"{len(counts)} bins from {fx(spec.x[0])} to {fx(spec.x[-1])}. The most common "
                f"{'range is' if len(tops) == 1 else 'ranges are'} {ranges}, with {fmt(counts[top])} values"
                f"{'' if len(tops) == 1 else ' each'}.")
    if spec.chart == "scatter":
        (y_name, ys), = spec.series.items()
        fy = formatter(spec, y_name)
        r = float(np.corrcoef(spec.x, ys)[0, 1]) if len(set(spec.x)) > 1 and len(set(ys)) > 1 else 0.0
        return (f"The {name} shows {len(ys)} points of {y_name} against {spec.x_label}. {spec.x_label} ranges "
                f"from {fx(min(spec.x))} to {fx(max(spec.x))} and {y_name} from {fy(min(ys))} to "
                f"{fy(max(ys))}; the relationship is {_correlation(r)}." + "".join(f" {n}" for n in spec.not_drawn))
    parts = [f"The {name} shows {_in_sentence(spec.title)} for {len(spec.x)} values of {spec.x_label}."]
    parts += spec.not_drawn
    if spec.left_out:  # never a subset presented as the whole
        drawn = len(spec.series)
        parts.append(f"It draws {drawn} of the {drawn + len(spec.left_out)} values of {spec.legend_title}; "
                     f"{listed(list(spec.left_out))} {'is' if len(spec.left_out) == 1 else 'are'} left out.")
    for series, values in spec.series.items():
        fy, y_name = formatter(spec, series), quantity(spec, series)
        xs, ys = present(spec.x, values)  # a gap (a missing value) is no value
        if not ys:
            continue
        hi, lo = max(ys), min(ys)  # every category at the top or the bottom is named: "Beta and Gamma (9)"
        highest = listed([fx(x) for x, y in zip(xs, ys) if y == hi])
        lowest = listed([fx(x) for x, y in zip(xs, ys) if y == lo])
        near_hi, near_lo = (_level(xs, ys, value, value_px, fx, fy) for value in (hi, lo))
        text = (f"{y_name} is highest for {highest} ({fy(hi)}{near_hi and f', {near_hi} close behind'}) and lowest "
                f"for {lowest} ({fy(lo)}{near_lo and f', {near_lo} close above'})")
        if hi == lo:  # "highest for North, South and East (10) and lowest for North, South and East (10)"
            where = f"{'both' if len(xs) == 2 else f'all {len(xs)}'} values of {spec.x_label}"
            text = f"{y_name} is {fy(hi)} for {where if len(xs) == len(spec.x) else f'each {spec.x_label} it has'}"
        if spec.chart in ("line", "area"):
            trend = _trend(ys) if ys[0] == ys[-1] or apart(ys[0], ys[-1], value_px) else "stays about level"
            text += f", and {trend} overall from {fx(xs[0])} to {fx(xs[-1])}"
        parts.append(text + ".")
        if len(parts) > 3 + bool(spec.left_out) + len(spec.not_drawn):
            break
    return " ".join(parts)


def quantity(spec: ChartSpec, series: str) -> str:
    """What a series holds, as the text says it: its name, or where the series are the categories of a long
    table pivoted wide, the measure of it ("gdp of France")."""
    return f"{spec.measure} of {series}" if spec.measure else series


def present(xs: list, ys: list) -> tuple[list, list]:
    """The x values and values of a series where it has a value (a line's gaps left out)."""
    pairs = [(x, y) for x, y in zip(xs, ys) if y is not None]
    return [x for x, _ in pairs], [y for _, y in pairs]


def _level(xs: list, ys: list, extreme, value_px: float | None, fx, fy) -> str:
    """The categories whose values are drawn level with ``extreme`` though not equal to it, with their values
    ("Beta at 17.8", "Beta and Gamma at 17.8 and 17.85"); "" where none is."""
    near = [(x, y) for x, y in zip(xs, ys) if y != extreme and not apart(y, extreme, value_px)]
    return f"{listed([fx(x) for x, _ in near])} at {listed([fy(y) for _, y in near])}" if near else ""


def _in_sentence(title: str) -> str:
    """A title as the middle of a sentence: its first letter lower-cased where its first word is a capital and
    lower-case letters ("Sales by region" is "sales by region"); an acronym or a name set otherwise stays
    ("GDP by Country", "Q1 by Region")."""
    first = title.split(" ", 1)[0]
    # a word of a capital and lower-case letters only is a sentence's first word; "Q1", "GDP", "iPhone", "H2O"
    # are names ("shows q1 by Region" named no column of the table)
    return title[:1].lower() + title[1:] if first.isalpha() and first[1:].islower() else title


def qa_pairs(spec: ChartSpec, rng: random.Random, limit: int,
             value_px: float | None = None) -> list[dict[str, str]]:
    """Up to ``limit`` question/answer pairs, each answer computed from the plotted data; a comparison only
    where the image draws the values apart at ``value_px`` pixels a unit (`apart`)."""
    pool = _questions(spec, value_px)
    picked = sorted(rng.sample(range(len(pool)), min(limit, len(pool))))
    return [{"question": pool[i][0], "answer": pool[i][1]} for i in picked]


def _questions(spec: ChartSpec, value_px: float | None) -> list[tuple[str, str]]:
    fx = formatter(spec, spec.x_label)

    def alone(ys: list, i: int) -> bool:  # ys[i] is drawn apart from every other value
        return all(apart(y, ys[i], value_px) for k, y in enumerate(ys) if k != i)

    if spec.chart == "histogram":
        counts, edges = spec.series["count"], spec.x
        top = int(np.argmax(counts))
        qa = [(f"How many bins does the histogram of {spec.x_label} have?", str(len(counts))),
              ("How many values does the histogram count in total?", fmt(sum(counts)))]
        if alone(counts, top):
            qa.append((f"Which range of {spec.x_label} holds the most values?",
                       f"{fx(edges[top])} to {fx(edges[top + 1])}"))
        return qa
    if spec.chart == "scatter":
        (y_name, ys), = spec.series.items()
        r = float(np.corrcoef(spec.x, ys)[0, 1]) if len(set(spec.x)) > 1 and len(set(ys)) > 1 else 0.0
        return [("How many points does the scatter plot show?", str(len(ys))),
                (f"What is the largest value of {y_name}?", formatter(spec, y_name)(max(ys))),
                (f"What is the smallest value of {spec.x_label}?", fx(min(spec.x))),
                (f"Is the relationship between {spec.x_label} and {y_name} positive, negative or unclear?",
                 _correlation(r).split(" ")[0])]
    x_name = spec.x_label
    qa = [(f"How many values of {x_name} does the chart show?", str(len(spec.x)))]
    # the first rows of more than a chart holds: its extremes are of those it shows, and asked so ("Which name
    # has the highest val?" answered n8 of the first 12 where n19 of all 20 was)
    shown = " shown" if spec.truncated else ""
    for series, values in list(spec.series.items())[:2]:
        xs, ys = present(spec.x, values)  # a gap (a missing value) is no value
        if not ys:
            continue
        hi, lo, fy, y_name = int(np.argmax(ys)), int(np.argmin(ys)), formatter(spec, series), quantity(spec, series)
        if alone(ys, hi):
            qa.append((f"Which {x_name}{shown} has the highest {y_name}?", fx(xs[hi])))
        if alone(ys, lo):
            qa.append((f"Which {x_name}{shown} has the lowest {y_name}?", fx(xs[lo])))
        i = len(xs) // 2
        qa.append((f"What is the {y_name} for {fx(xs[i])}?", fy(ys[i])))
        # in the values' own unit: 41% - 24% reads 17% (percentage points), as the table's cells subtract
        qa.append((f"What is the difference between the highest and the lowest {y_name}{shown}?",
                   fy(exact_sum([max(ys), -min(ys)]))))
        if spec.chart in ("line", "area") and (ys[0] == ys[-1] or apart(ys[0], ys[-1], value_px)):
            qa.append((f"Does {y_name} rise or fall from {fx(xs[0])} to {fx(xs[-1])}?",
                       _trend(ys)))
        if spec.chart == "pie":
            qa.append((f"What share of the total {y_name} does {fx(xs[hi])} have?", share(ys, hi)))
    if len(spec.series) >= 2:
        (a_name, a), (b_name, b) = list(spec.series.items())[:2]
        both = [k for k in range(len(spec.x)) if a[k] is not None and b[k] is not None]
        i = both[len(both) // 3] if both else 0
        if both and apart(a[i], b[i], value_px):
            qa.append((f"For {fx(spec.x[i])}, is {quantity(spec, a_name)} higher than {quantity(spec, b_name)}?",
                       "Yes" if a[i] > b[i] else "No"))
    return qa


def _trend(ys: list[float]) -> str:
    """From the first value to the last: rises, falls or stays level."""
    if ys[-1] > ys[0]:
        return "rises"
    if ys[-1] < ys[0]:
        return "falls"
    return "stays level"


def _correlation(r: float) -> str:
    if r > 0.3:
        return f"positive (correlation {r:.2f})"
    if r < -0.3:
        return f"negative (correlation {r:.2f})"
    return f"unclear (correlation {r:.2f})"
