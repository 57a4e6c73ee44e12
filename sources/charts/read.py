"""Tables to `chart` samples: charts drawn from the data with grounded targets, and the table as an image.

Each chart sample carries the chart image, the plotted data as a markdown table
(``text``), and a conversation asking for the table, the matplotlib code, a summary
and computed QA pairs; ``meta`` keeps each target separately. Choices of chart type
and style are seeded by the table's content and ``seed``, so a build repeats. Text no
installed font can draw is a reject (``unsupported:missing_glyphs``), and so is each part
of a column the table reader had to leave out (its ``issues``).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import random
from typing import Iterator

from shards.reject import ReasonError, Reject, error_reject
from shards.sample import Sample, make_key
from sources.charts.code import BAR_CHARTS, LABELLED_CHARTS, Drawing, chart_code, draw_checked, drawn_texts, layouts
from sources.charts.currencies import split_currencies
from sources.charts.dates import text_dates, undecided_time_key
from sources.charts.fonts import FALLBACK_FONTS, check_drawn, font_list
from sources.charts.keys import measures, numbered_measures, one_year
from sources.charts.legible import IllegibleText
from sources.charts.specs import ChartOptions, ChartSpec, choose_charts
from sources.charts.targets import fmt, markdown_table, qa_pairs, summary, table_rows
from sources.charts.totals import leave_out_totals
from sources.charts.wide import left_out_notes, name_series, pivots
from sources.common.tables import DataTable, TableError, read_tables

SOURCE = "charts"
KIND = "chart"
MAX_TABLE_IMAGE_ROWS = 20
Y_LABEL_WRAP = 24  # characters a line of a y axis' label too long for the figure's height (`_mends`)
LEGEND_PLACES = ("best", "outside", "below")  # tried in turn for a legend over a text or a value (`render_legibly`)


def read_table_charts(data: bytes, uri: str, options: ChartOptions = ChartOptions(),
                      context=None) -> Iterator[Sample | Reject]:
    """Chart samples (and a table-image sample) for every table in the file."""
    try:
        tables = read_tables(data, uri)
    except TableError as exc:
        yield Reject(SOURCE, uri, exc.reason, detail=str(exc))
        return
    digest = hashlib.sha256(data).hexdigest()
    produced = False
    for table in tables:
        for issue in table.issues:
            yield Reject(SOURCE, uri, issue.reason, detail=issue.detail,
                         locator=f"table={table.name};column={issue.column}")
        if not table.rows:  # a table of no row (a sheet's table a filter hid): its issues are its record
            continue
        # dates written as text are a time axis, not names (the table image shows them as written)
        keyed = text_dates(table)
        if undecided := undecided_time_key(keyed):
            yield Reject(SOURCE, uri, "filtered:ambiguous_date_order", detail=undecided[1],
                         locator=f"table={table.name};column={undecided[0]}")
            produced = True  # the table is accounted for: its reject says why it has no chart
        else:
            if numbered := numbered_measures(keyed):  # months? ranks? sizes?: refused, said, the others charted
                produced = True
                names, one = [c.name for c in numbered], len(numbered) == 1
                yield Reject(SOURCE, uri, "filtered:numbered_headers", locator=f"table={table.name};column={names[0]}",
                             detail=f"column{'' if one else 's'} {', '.join(map(repr, names))} "
                                    f"{'is' if one else 'are'} headed by a bare number (a month? a rank? a size?), "
                                    f"which names no measure: {'its' if one else 'their'} charts would ask for "
                                    f"\"the {names[0]}\" of a row, so {'it is' if one else 'they are'} not charted")
                left = {id(c) for c in numbered}  # by identity: two columns of equal values are still two
                keyed = dataclasses.replace(keyed, columns=[c for c in keyed.columns if id(c) not in left])
            for sample in _split_charts(keyed, digest, uri, options):
                produced = True
                yield sample
        if options.table_image:
            locator = f"table={table.name};image"
            produced = True
            key = make_key(KIND, digest, locator)
            try:
                yield table_image_sample(table, key, uri, locator, options.fallback_fonts)
            except ReasonError as exc:
                yield Reject(SOURCE, uri, exc.reason, detail=str(exc), locator=locator, key=key)
    if not produced:
        yield Reject(SOURCE, uri, "filtered:no_chartable_columns",
                     detail="no column combination fits a chart (need numbers, with categories or order)")


def _split_charts(table: DataTable, digest: str, uri: str, options: ChartOptions) -> Iterator[Sample | Reject]:
    """The charts of one table (its text dates read, `text_dates`); where a column names the currency of its
    amounts (`split_currencies`), its money charted one currency at a time, its other measures whole, and one
    reject ``filtered:mixed_currencies`` saying what of the money is not charted (currencies of too few rows, past
    the most charted, two currency columns)."""
    split = split_currencies(table)
    if split is None:
        yield from _table_charts(table, digest, uri, options)
        return
    yield from _table_charts(split.rest, digest, uri, options)
    for part in split.parts:
        yield from _table_charts(part.table, digest, uri, options, f"table={table.name};currency={part.currency}",
                                 list(part.notes))
    if split.left_out:
        yield Reject(SOURCE, uri, "filtered:mixed_currencies", locator=f"table={table.name};column={split.column}",
                     detail="; ".join(split.left_out))


def _table_charts(table: DataTable, digest: str, uri: str, options: ChartOptions, where: str = "",
                  notes: list[str] = ()) -> Iterator[Sample | Reject]:
    """The charts of one table: of its rows, and of a long table pivoted wide; ``where``: their locators'
    start (``table=<name>`` where empty), ``notes``: what of the source table all of them leave out, said."""
    where = where or f"table={table.name}"
    # seeded by the table's name where its locator is its own: a table with no currency column is drawn as before
    rng = random.Random(f"{options.seed}:{digest}:{table.name if where == f'table={table.name}' else where}")
    # a long table is charted one year at a time (its years are no quantity to sum); a total row is a sum of the
    # others, no category beside them; one that does not add up is no share
    charted, left_out = one_year(table)
    left_out = [*notes, *left_out]
    totals = leave_out_totals(charted, measures(charted))
    left_out += totals.left_out
    specs = choose_charts(totals.table, rng, options, shares=not totals.unsummed)
    yield from _chart_samples(specs, where, digest, uri, rng, options, lambda _: left_out)
    # beside the one-year slice, a long table pivoted wide: a line per category over time, with its own
    # locators and draw of charts (seeded by them, so the slice's charts stay as they were)
    for pivot in pivots(table):
        at = f"{where};by={pivot.time};of={pivot.measure}"
        rng = random.Random(f"{options.seed}:{digest}:{at}")
        specs = [name_series(spec, pivot) for spec in choose_charts(pivot.table, rng, options, shares=False)]
        said = functools.partial(left_out_notes, pivot=pivot)
        yield from _chart_samples(specs, at, digest, uri, rng, options, lambda spec: [*notes, *said(spec)])


def _chart_samples(specs: list[ChartSpec], where: str, digest: str, uri: str, rng: random.Random,
                   options: ChartOptions, notes) -> Iterator[Sample | Reject]:
    """A sample (or a reject) per spec, located at ``where`` and its index; ``notes(spec)``: what of the table
    it leaves out, said in its meta."""
    for index, spec in enumerate(specs):
        locator = f"{where};chart={index}"
        key = make_key(KIND, digest, locator, str(options.seed))
        try:
            yield chart_sample(spec, key, uri, locator, rng, options, left_out=notes(spec))
        except ReasonError as exc:  # text no font draws, or that no layout shows legibly
            yield Reject(SOURCE, uri, exc.reason, detail=str(exc), locator=locator, key=key)
        except Exception as exc:  # one chart that fails to draw must not lose the others
            yield error_reject(SOURCE, uri, "render", exc, locator=locator, key=key)


def chart_sample(spec: ChartSpec, key: str, uri: str, locator: str, rng: random.Random,
                 options: ChartOptions, left_out: list[str] = ()) -> Sample:
    """The chart of ``spec`` with its targets; ``left_out``: the table's rows not charted, each said why
    (total rows, `sources.charts.totals`; other years of a long table, `sources.charts.keys`), kept in ``meta``."""
    # the fonts are found before drawing: text none of them can draw is a reject, never a box
    spec = dataclasses.replace(spec, fonts=tuple(font_list(drawn_texts(spec), spec.style.font,
                                                            options.fallback_fonts)))
    spec, code, drawing = render_legibly(spec)
    table = markdown_table(*table_rows(spec))
    # the summary and the QA compare values only as far as the image tells them apart
    text_summary = summary(spec, drawing.value_px)
    qa = qa_pairs(spec, rng, options.qa_per_chart, drawing.value_px)
    conversation = [
        {"role": "user", "content": "<image>\nConvert this chart into a markdown table of its data."},
        {"role": "assistant", "content": table},
        {"role": "user", "content": "Write the matplotlib code that draws this chart."},
        {"role": "assistant", "content": f"```python\n{code}```"},
        {"role": "user", "content": "Summarize what the chart shows."},
        {"role": "assistant", "content": text_summary},
    ]
    for pair in qa:
        conversation += [{"role": "user", "content": pair["question"]},
                         {"role": "assistant", "content": pair["answer"]}]
    style = spec.style
    meta = {"source": SOURCE, "uri": uri, "locator": locator, "task": "chart", "chart": spec.chart,
            "style": {"sheet": style.sheet, "font": style.font, "fonts": list(spec.fonts),
                      "figsize": list(style.figsize),
                      "horizontal": spec.horizontal, "wrap": spec.wrap, "legend": spec.legend,
                      "sparse_ticks": spec.sparse, "value_labels": style.annotate},
            "code": code, "summary": text_summary, "qa": qa,
            "aggregated": spec.aggregated, "truncated": spec.truncated}
    if left_out or spec.not_drawn:
        meta["rows_left_out"] = [*left_out, *spec.not_drawn]
    if spec.measure:  # a long table pivoted wide: each series a category's values of the measure
        meta["series"] = {"measure": spec.measure, "of": spec.legend_title, "left_out": list(spec.left_out)}
    return Sample(key=key, kind=KIND, images=[drawing.png], text=table, conversation=conversation, meta=meta)


def render_legibly(spec: ChartSpec) -> tuple[ChartSpec, str, Drawing]:
    """A layout of the spec (`layouts`, fewest changes first) whose image shows every text its targets
    name, with its code and drawing (PNG and value scale). Raises `IllegibleText` (a reject) when none does,
    naming what the chosen layout got wrong.

    Two shortcuts keep a hard chart from costing a drawing per layout (most fail for one reason that most
    changes leave alone): a layout whose code is one already tried is not drawn again (a pie has no number
    axes to thin), and a layout that only wraps labels differently from one that failed, where no text at
    fault is one that the wrapping changes, is put off to the end of the layouts that keep the same value
    labels: those are dropped only once every layout keeping them has failed. The layout chosen may be another
    that reads (a turn before a wrap), never one with less on it; every distinct layout is still tried before
    a reject, but one that only wraps and ticks differently from one whose value was too small to see
    (`_same_scale`: wrapped labels leave the values less room, not more). A layout that fails where `_mends`
    can change it (a legend over a text or a value, bars too small to see) is tried at once so changed, the
    rest of it unchanged. The reject names the first fault, or a
    value too small to see where one layout showed it."""
    first, tried, later = None, set(), {}  # later: code -> layout, put off
    failed: list[tuple[ChartSpec, IllegibleText]] = []

    def attempt(layout: ChartSpec, code: str) -> Drawing | None:
        nonlocal first
        tried.add(code)
        try:
            return draw_checked(code)
        except IllegibleText as exc:
            first = first or exc
            failed.append((layout, exc))
            return None

    for layout in [*layouts(spec), None]:  # None: the end, where what was put off is tried
        if later and (layout is None or layout.style.annotate != next(iter(later.values())).style.annotate):
            for code, put_off in later.items():
                if (drawing := attempt(put_off, code)) is not None:
                    return put_off, code, drawing
            later.clear()
        if layout is None:
            break
        code = chart_code(layout)
        if code in tried or code in later:  # the same drawing fails the same way
            continue
        if any(exc.fault == "value" and _same_scale(before, layout) for before, exc in failed):
            continue  # its value is as small: not drawn
        if any(_wrap_only(before, layout) and not _wrapped_at_fault(before, layout, exc) for before, exc in failed):
            later[code] = layout
            continue
        if (drawing := attempt(layout, code)) is not None:
            return layout, code, drawing
        fault = failed[-1][1].fault
        for mended in _mends(layout, fault, failed[-1][1].texts):
            # moved, the legend is in the way no more: what fails now is not its place; but a legend beside
            # the axes takes their width (ticks run together), which one below them gives back
            if fault == "legend" and failed[-1][1].fault != fault and failed[-1][0].style.legend_loc != "outside":
                break
            if (code := chart_code(mended)) not in tried and (drawing := attempt(mended, code)) is not None:
                return mended, code, drawing
    # a value too small to see stays so in every layout (they change texts, not the scale): it is the cause
    cause = next((exc for _, exc in failed if exc.fault == "value"), first)
    raise IllegibleText(f"{cause}; nor does any of the {len(tried) - 1} other layouts tried (wrapped labels and "
                        f"title, fewer ticks, horizontal bars, a legend, value labels or none)", cause.fault,
                        reason=cause.reason)


def _mends(layout: ChartSpec, fault: str, texts: tuple[str, ...] = ()) -> Iterator[ChartSpec]:
    """``layout`` changed where the fault it failed with lies, each tried at once, in turn. A legend over a text
    or a value goes where matplotlib finds room (``loc="best"`` keeps clear of texts and data where it can),
    then beside the axes (the layout makes it room: it covers none). Bars too small to see get their value
    labels (a bar chart, grouped bar chart or histogram drawn without them: a histogram's bin of 1 beside bins
    of hundreds is written by its count), then are turned: the figure's longer side gives the values more pixels."""
    if fault == "legend":
        loc = layout.style.legend_loc
        for place in LEGEND_PLACES[LEGEND_PLACES.index(loc) + 1:] if loc in LEGEND_PLACES else LEGEND_PLACES:
            yield dataclasses.replace(layout, style=dataclasses.replace(layout.style, legend_loc=place))
    elif fault == "edge" and texts == (layout.x_label if layout.horizontal else layout.y_label,) \
            and not layout.y_wrap and len(texts[0]) > Y_LABEL_WRAP:
        # the y axis' label longer than the figure is high (under a title of two long names: "Commercial
        # electricity demand (GWh)" ran past its top and bottom edges): broken at spaces, as people set it
        yield dataclasses.replace(layout, y_wrap=Y_LABEL_WRAP)
    elif fault == "value":
        if layout.chart in LABELLED_CHARTS and not layout.style.annotate:
            yield dataclasses.replace(layout, style=dataclasses.replace(layout.style, annotate=True))
        if layout.chart in BAR_CHARTS:
            yield dataclasses.replace(layout, horizontal=not layout.horizontal)


def _same_scale(a: ChartSpec, b: ChartSpec) -> bool:
    """Whether layouts ``a`` and ``b`` differ only in how labels wrap and how many ticks the number axes
    have: they draw values at about the same scale, so a value too small to see in one is in the other."""
    return dataclasses.replace(a, wrap=b.wrap, sparse=b.sparse) == b


def _wrap_only(a: ChartSpec, b: ChartSpec) -> bool:
    """Whether layouts ``a`` and ``b`` differ in how labels wrap and in nothing else."""
    return a.wrap != b.wrap and dataclasses.replace(a, wrap=b.wrap) == b


def _wrapped_at_fault(a: ChartSpec, b: ChartSpec, exc: IllegibleText) -> bool:
    """Whether a text at fault in layout ``a`` is one that wrapping otherwise (layout ``b``) can change: a
    category label longer than the narrower wrap (a shorter one is drawn as it is), the title where it ran
    past an edge (matplotlib wraps a title only where it is wider than the figure, and no text was, when the
    fault is another), or any text when none is named (the plot area)."""
    def words(text) -> str:
        return " ".join(str(text).split())

    width = min(w for w in (a.wrap, b.wrap) if w)
    wrappable = {words(x) for x in a.x if isinstance(x, str) and len(x) > width}
    if exc.fault == "edge":
        wrappable.add(words(a.title))
    return not exc.texts or any(words(text) in wrappable for text in exc.texts)


def table_image_sample(table: DataTable, key: str, uri: str, locator: str,
                       fallback_fonts: tuple[str, ...] = FALLBACK_FONTS) -> Sample:
    """The table itself drawn as an image, its markdown as the target (table recognition)."""
    header = [c.name for c in table.columns][:8]
    units = [c.unit for c in table.columns][:8]
    rows = [["" if v is None else v[:40] if isinstance(v, str) else fmt(v, unit) for v, unit in zip(values[:8], units)]
            for values in zip(*(c.values for c in table.columns))][:MAX_TABLE_IMAGE_ROWS]
    target = markdown_table(header, rows)
    fonts = font_list([*header, *(c for row in rows for c in row)], "DejaVu Sans", fallback_fonts)
    image = render_table(header, rows, fonts)
    conversation = [{"role": "user", "content": "<image>\nTranscribe this table into markdown."},
                    {"role": "assistant", "content": target}]
    meta = {"source": SOURCE, "uri": uri, "locator": locator, "task": "table_recognition",
            "rows_shown": len(rows), "rows": table.rows}
    return Sample(key=key, kind=KIND, images=[image], text=target, conversation=conversation, meta=meta)


def render_table(header: list[str], rows: list[list[str]], fonts: list[str] | None = None) -> bytes:
    """``header`` and ``rows`` drawn as a table, literally (no mathtext), in ``fonts`` (a fallback list)."""
    import warnings

    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"font.family": fonts or ["DejaVu Sans"], "text.parse_math": False}), \
            warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = _draw_table(plt, header, rows)
    check_drawn(caught)
    return png


def _draw_table(plt, header: list[str], rows: list[list[str]]) -> bytes:
    import io

    fig, ax = plt.subplots(figsize=(min(2 + 1.6 * len(header), 14), 0.6 + 0.32 * (len(rows) + 1)), dpi=100)
    try:
        ax.axis("off")
        cells = ax.table(cellText=rows, colLabels=header, loc="center", cellLoc="left")
        cells.auto_set_font_size(False)
        cells.set_fontsize(9)
        for (row, _), cell in cells.get_celld().items():
            if row == 0:
                cell.set_text_props(weight="bold")
                cell.set_facecolor("#e8eef7")
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None}, bbox_inches="tight")
    finally:
        plt.close(fig)
    return buf.getvalue()
