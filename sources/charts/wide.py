"""A long table (country, year, gdp: each country repeated across the years) pivoted wide: the time key as x,
one series per category, its values of one measure, in time order, charted beside the one-year slice of
`sources.charts.keys.one_year`.

A pivot is made only where each (category, time) pair occurs at most once: two GDPs of France in 2021 are no
one value to draw. A category missing in a year is a gap (None), never a value made up. The pivoted table's
columns are named for what they hold ("gdp of France"), so a chart of one or two of them reads right (a
histogram of "gdp of France"); a line or area of several is drawn with the categories as its legend and the
measure on its y axis (`name_series`), and the categories it leaves out are said (`ChartSpec.left_out`).
"""

from __future__ import annotations

import dataclasses

from sources.charts.keys import key_role, long_keys, measures
from sources.charts.specs import MAX_SERIES, SCALE_SPAN, ChartSpec
from sources.charts.totals import is_total_label, leave_out_totals
from sources.common.tables import Column, DataTable, exact_sum

MAX_MEASURES = 3  # measures pivoted from one long table, each its own table of charts
# categories past which some chart of them (an area's 3 series) cannot draw them all: the largest are drawn,
# never the first met (nine regions drew the four smallest, written first, as "sales by year and region")
RANKED_PAST = min(MAX_SERIES.values())


@dataclasses.dataclass(frozen=True)
class Pivot:
    """table: the time column and one column per category named "<measure> of <label>", one row per time,
    in time order; labels: the categories, in order of first appearance, or where more than a chart of them
    draws (`RANKED_PAST`), largest total of the measure first (``ranked``); totals: those labelled as totals
    whose value at each time is the sum of the others' there, left out (a sum is no category beside its parts:
    stacked on them, an area drew France, Germany and their total as twice the total)."""

    table: DataTable
    time: str
    category: str
    measure: str
    labels: tuple[str, ...]
    totals: tuple[str, ...] = ()
    ranked: bool = False

    def column(self, label: str) -> str:
        return f"{self.measure} of {label}"


def pivots(table: DataTable) -> list[Pivot]:
    """The long ``table`` pivoted wide, one `Pivot` per measure (the first `MAX_MEASURES`); ``[]`` for a table
    that is not long, or whose every category repeats a time (an ambiguous pair)."""
    keys = long_keys(table)
    if keys is None:
        return []
    time = keys.time
    for category in keys.categories:
        pairs = [(c, t) for c, t in zip(category.values, time.values) if c is not None and t is not None]
        labels = list(dict.fromkeys(c for c, _ in pairs))
        if len(set(pairs)) < len(pairs):
            continue  # a category that repeats a time: two GDPs of France in 2021 are no one value to draw
        moments = sorted({t for _, t in pairs})
        found = []
        for measure in measures(table)[:MAX_MEASURES]:
            cells = {(c, t): v for c, t, v in zip(category.values, time.values, measure.values)
                     if c is not None and t is not None}
            totals = tuple(label for label in labels if is_total_label(label)
                           and _sums_others(label, category, time, measure))
            kept = [label for label in labels if label not in totals]
            ranked = len(kept) > RANKED_PAST
            if ranked:  # largest total first; ties in order of appearance (sorted is stable)
                kept.sort(key=lambda label: -exact_sum([v for (c, _), v in cells.items()
                                                        if c == label and v is not None]))
            pivot = Pivot(DataTable(table.name, []), time.name, category.name, measure.name, tuple(kept), totals,
                          ranked)
            if len(pivot.labels) < 2:
                continue
            columns = [Column(time.name, time.kind, moments, time.unit)]
            columns += [Column(pivot.column(label), "numeric", [cells.get((label, t)) for t in moments],
                               measure.unit) for label in pivot.labels]
            found.append(dataclasses.replace(pivot, table=DataTable(table.name, columns)))
        return found
    return []


def _sums_others(label: str, category: Column, time: Column, measure: Column) -> bool:
    """Whether the category ``label`` (a total's) holds, at each time it has a value, the sum of the other
    categories' values of ``measure`` there (within their rounding, `sources.charts.totals`)."""
    moments = {t for c, t, v in zip(category.values, time.values, measure.values) if c == label and v is not None}
    for moment in moments:
        rows = [i for i, t in enumerate(time.values) if t == moment and category.values[i] is not None]
        part = DataTable("", [Column(category.name, "categorical", [category.values[i] for i in rows]),
                              Column(measure.name, "numeric", [measure.values[i] for i in rows], measure.unit)])
        if label in leave_out_totals(part, part.columns[1:]).table.columns[0].values:
            return False  # kept: no sum of the others (the oil company "Total")
    return bool(moments)


def name_series(spec: ChartSpec, pivot: Pivot) -> ChartSpec:
    """``spec`` (a chart of ``pivot.table``) named to read right: a line or area of two or more categories over
    time with the categories as its series (the legend, titled by the category column) and the measure on its
    y axis; the categories it does not draw in ``left_out``. A chart of one or two columns keeps their names
    ("gdp of France"), which say what it draws."""
    if spec.chart not in ("line", "area") or len(spec.series) < 2:
        return spec
    label = {pivot.column(name): name for name in pivot.labels}
    series = {label[name]: values for name, values in spec.series.items()}
    units = {label.get(name, name): unit for name, unit in spec.units.items()}
    left_out = tuple(name for name in pivot.labels if name not in series)
    title = f"{pivot.measure} by {pivot.time} and {pivot.category}"
    if left_out and pivot.ranked and list(series) == list(pivot.labels[:len(series)]):
        # part of the categories says so in the title, as "(first 12 of 20)" does of rows (`specs._build`)
        title += f" (top {len(series)} of {len(pivot.labels)} by total {pivot.measure})"
    return dataclasses.replace(spec, series=series, units=units, measure=pivot.measure, legend_title=pivot.category,
                               y_label=pivot.measure, title=title, left_out=left_out)


def left_out_notes(spec: ChartSpec, pivot: Pivot) -> list[str]:
    """Which of ``pivot``'s categories ``spec`` (named by `name_series`) does not draw, and why (as
    `sources.charts.specs._candidates` chooses a line's series): for meta."""
    summed = [f"{label!r}: in each {pivot.time} the sum of the other values of {pivot.category}, not drawn as one "
              f"of them" for label in pivot.totals]
    if not spec.left_out:
        return summed
    columns = {c.name: c for c in pivot.table.columns}
    chartable = [name for name in pivot.labels if sum(v is not None for v in columns[pivot.column(name)].values) >= 2
                 and not key_role(columns[pivot.column(name)])]
    cap = MAX_SERIES[spec.chart]
    past = f"the top {cap} by total {pivot.measure}" if pivot.ranked else f"the first {cap} series"
    why = {"fewer than 2 values": [n for n in spec.left_out if n not in chartable],
           f"past {past} a{'n' if spec.chart == 'area' else ''} {spec.chart} chart draws":
               [n for n in spec.left_out if n in chartable[cap:]],
           f"not within {SCALE_SPAN:g} times the size of {next(iter(spec.series))}'s values, on one axis":
               [n for n in spec.left_out if n in chartable[:cap]]}
    return [f"{len(names)} of the {len(pivot.labels)} values of {pivot.category} not drawn, {reason}: "
            f"{', '.join(names)}" for reason, names in why.items() if names] + summed
