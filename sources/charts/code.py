"""A `ChartSpec` as the matplotlib code that draws it, and that code run to a PNG.

The chart image is made by running the very code that becomes the chart-to-code
target, so the code provably reproduces the image. The code draws text literally (no
mathtext: ``$0-$25`` is a label, not math), with the fonts `sources.charts.fonts` found for
it, and value labels as the very strings the targets use. Rendering uses the Agg backend,
restores matplotlib's settings after each chart and closes every figure, so memory stays
flat over thousands of charts; a glyph matplotlib still cannot find fails the render.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import keyword
import re
import textwrap
import unicodedata
import warnings

from sources.charts.fonts import check_drawn
from sources.charts.legible import check_legible, value_px
from sources.charts.specs import ChartSpec
from sources.charts.targets import fmt, formatter, share

# what matplotlib's own tick labels may draw besides the data's text
TICK_CHARACTERS = "0123456789.,+-\u2212e%:"
# names the drawing code itself uses: a column called "range" must not shadow range()
RESERVED = ("plt", "fig", "ax", "np", "bars", "bottom", "positions", "wedges", "range", "len", "list", "zip",
            "textwrap", "labels", "label")
CATEGORY_CHARTS = ("bar", "grouped_bar", "stacked_bar", "pie")
LABELLED_CHARTS = ("bar", "grouped_bar", "histogram")  # the charts drawn with value labels where the style asks
BAR_CHARTS = ("bar", "grouped_bar", "stacked_bar")  # the charts whose bars `layouts` turns
WRAP_WIDTHS = (20, 12)  # characters per line tried for long category labels
TITLE_WRAP = 40  # characters: a longer title is drawn with wrap=True
TITLE_SHARE = 0.8  # of the figure's width: the widest line of a title broken by `title_lines`
LEGEND_BESIDE = "loc='center left', bbox_to_anchor=(1.0, 0.5)"  # a legend beside the axes: a pie's, "outside"
LEGEND_BELOW_WIDE = 24  # characters: series names up to this long share a row of the legend below the axes


def identifier(name: str, taken: set[str]) -> str:
    """A readable Python variable name for a column name, unique within ``taken``."""
    # Python reads identifiers in NFKC form ("x\u00b2" is "x2"), so names are compared in that form
    base = "".join(c if f"_{c}".isidentifier() else "_" for c in unicodedata.normalize("NFKC", name).lower())
    base = re.sub("_+", "_", base).strip("_") or "values"
    if base[0].isdigit() or keyword.iskeyword(base) or base in RESERVED:
        base = f"col_{base}"
    out, n = base, 2
    while out in taken:
        out, n = f"{base}_{n}", n + 1
    taken.add(out)
    return out


def chart_code(spec: ChartSpec) -> str:
    """Self-contained pyplot code (data literals included) that draws ``spec``."""
    s = spec.style
    taken: set[str] = set()
    x_var = identifier(spec.x_label if spec.chart != "histogram" else "bin_edges", taken)
    y_vars = {name: identifier(name, taken) for name in spec.series}
    wrapped = spec.wrap and spec.chart in CATEGORY_CHARTS and any(isinstance(v, str) and len(v) > spec.wrap
                                                                   for v in spec.x)
    lines = ["import textwrap", ""] if wrapped else []
    lines += ["import matplotlib.pyplot as plt", ""]
    if spec.chart == "histogram":
        values_var = identifier(spec.x_label, taken)
        lines += [f"{values_var} = {spec.raw!r}", f"{x_var} = {spec.x!r}"]
    else:
        lines += [f"{x_var} = {spec.x!r}"] + [f"{v} = {spec.series[n]!r}" for n, v in y_vars.items()]
    fonts = list(spec.fonts) if len(spec.fonts) > 1 else s.font
    lines += ["", f"plt.style.use({s.sheet!r})", f"plt.rcParams['font.family'] = {fonts!r}",
              "plt.rcParams['text.parse_math'] = False",
              # constrained layout, not tight_layout: tight_layout places the axes once, from tick labels
              # drawn at the axes' size before it, and a y label ended 1 px past the edge when the moved axes
              # got longer ticks ("-2.5" for "0"); a pie's outside legend pushed its title off the figure.
              # Constrained layout lays out twice at draw time (matplotlib's advice; its PR #26203)
              f"fig, ax = plt.subplots(figsize={s.figsize!r}, dpi=100, layout='constrained')"]
    if wrapped:  # long category labels on lines of their own, at spaces: the same words, all in the figure
        lines.append(f"labels = [textwrap.fill(label, {spec.wrap}, break_long_words=False) for label in {x_var}]")
        x_var = "labels"
    lines += _draw(spec, x_var, y_vars, values_var if spec.chart == "histogram" else None)
    # a long title (three column names) is wrapped to the figure's width by matplotlib, not cut at its edge
    if not (spec.wrap or len(spec.title) > TITLE_WRAP):
        lines.append(f"ax.set_title({spec.title!r})")
    elif spec.title.count("$") >= 2:  # matplotlib's wrap=True mis-measures it: broken into lines here, and
        # centred on the figure, whose width they are measured against (over the axes, moved aside by long
        # labels or a legend beside them, the lines ran past the figure's edge)
        lines.append(f"fig.suptitle({title_lines(spec)!r})")
    else:
        lines.append(f"ax.set_title({spec.title!r}, wrap=True)")
    if spec.chart != "pie":
        x_axis, y_axis = (spec.y_label, spec.x_label) if spec.horizontal else (spec.x_label, spec.y_label)
        y_text = textwrap.fill(y_axis, spec.y_wrap, break_long_words=False, break_on_hyphens=False) \
            if spec.y_wrap else y_axis
        lines += [f"ax.set_xlabel({x_axis!r})", f"ax.set_ylabel({y_text!r})"]
        lines.append("ax.grid(True, alpha=0.4)" if s.grid else "ax.grid(False)")
        if len(spec.series) > 1:
            lines.append(_legend(spec))
        whole_x = spec.chart in ("line", "area") and all(isinstance(v, int) for v in spec.x)
        unit = spec.units.get(spec.x_label, "")
        if whole_x:  # each year written as itself: matplotlib's own ticks read "0.5 ... 2.0 +1.95e3"
            if "{}" in unit:  # an amount's sign goes before its currency: "-$5", as the table writes it
                lines.append(f"ax.set_xticks({x_var}, {[fmt(v, unit) for v in spec.x]!r})")
            else:
                lines.append(f"ax.set_xticks({x_var}, [f'{{v}}{unit}' for v in {x_var}])" if unit else
                             f"ax.set_xticks({x_var}, [str(v) for v in {x_var}])")
        for axis, axis_unit in _unit_axes(spec, whole_x):  # ticks read "40%", "$1200", as the table and answers do
            lines.append(_tick_format(axis, axis_unit))
        if spec.chart in ("bar", "grouped_bar", "stacked_bar", "line", "area") and (len(spec.x) > 6 or spec.sparse) \
                and not spec.horizontal and (isinstance(spec.x[0], str) or whole_x):
            lines.append("ax.tick_params(axis='x', labelrotation=45)")
        if spec.sparse:  # fewer, shorter ticks on the number axes: "-0.0125-0.0100-0.0075" ran together
            axis = {"scatter": "both", "histogram": "both"}.get(spec.chart, "x" if spec.horizontal else "y")
            lines.append(f"ax.locator_params(axis={axis!r}, nbins=4)")
    lines.append("plt.show()")
    return "\n".join(lines) + "\n"


def _legend(spec: ChartSpec) -> str:
    """The legend's line of code, by ``spec.style.legend_loc``: a place inside the axes, "outside" (beside
    them), or "below": a figure legend under the axes, for which the constrained layout makes room out of
    the figure's height (beside them, four series named "Revenue from Subscription Services ($M)" left the
    plot a sliver of the width, its year ticks run together). Its names are set a size smaller, two to a row
    where they are short."""
    loc = spec.style.legend_loc
    title = f", title={spec.legend_title!r}" if spec.legend_title else ""  # the categories' column: "country"
    if loc == "outside":
        return f"ax.legend({LEGEND_BESIDE}{title})"
    if loc == "below":
        columns = 2 if len(spec.series) > 2 and max(map(len, spec.series)) <= LEGEND_BELOW_WIDE else 1
        return f"fig.legend(loc='outside lower center', ncols={columns}, fontsize='small'{title})"
    return f"ax.legend(loc={loc!r}{title})"


def title_lines(spec: ChartSpec) -> str:
    """``spec.title`` broken at spaces into lines each at most `TITLE_SHARE` of the figure's width, measured
    in the figure title's font (the style sheet's ``figure.titlesize`` and weight, the chart's fonts, no
    mathtext), for ``fig.suptitle``.

    ``wrap=True`` would do this at draw time, but matplotlib measures each candidate line holding two "$"
    as mathtext whatever ``text.parse_math`` says (``Text._get_rendered_text_width``, matplotlib 3.11):
    "Revenue ($M) and Cost ($M) by Region" was measured short, left on one line, and ran past the
    figure's edge. A word wider than the share stays whole on its own line (`check_legible` judges it)."""
    import matplotlib
    import matplotlib.style
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    with matplotlib.rc_context():
        matplotlib.style.use(spec.style.sheet)
        params = matplotlib.rcParams
        font = FontProperties(family=list(spec.fonts) or [spec.style.font], size=params["figure.titlesize"],
                              weight=params["figure.titleweight"])
    measure = TextToPath()
    budget = spec.style.figsize[0] * 72 * TITLE_SHARE  # points, as TextToPath measures
    lines: list[str] = []
    for word in spec.title.split(" "):
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and measure.get_text_width_height_descent(joined, font, ismath=False)[0] <= budget:
            lines[-1] = joined
        else:
            lines.append(word)
    return "\n".join(lines)


def _unit_axes(spec: ChartSpec, whole_x: bool) -> list[tuple[str, str]]:
    """The axes ("x", "y") whose numbers are all in one unit ("%", "${}"), each with it, so their tick labels are
    written in it."""
    units = spec.units
    x_unit = units.get(spec.x_label, "")
    series_units = {units.get(name, "") for name in spec.series}
    value_unit = series_units.pop() if len(series_units) == 1 and spec.chart != "pie" else ""
    if spec.chart == "histogram":
        return [("x", x_unit)] if x_unit else []
    values = [("y", value_unit)] if value_unit else []
    if spec.chart == "scatter":
        return ([("x", x_unit)] if x_unit else []) + values
    if spec.horizontal:
        return [("x", unit) for _, unit in values]
    return values + ([("x", x_unit)] if x_unit and not whole_x and spec.chart in ("line", "area") else [])


def _tick_format(axis: str, unit: str) -> str:
    """The line of code that writes ``axis``' tick labels in ``unit``: "40%"; "-$5", "1200 €" for a currency's
    template (`sources.common.amounts.with_unit`), at up to 15 significant digits, so a tick at 1500000 reads
    "$1500000" (``:g`` would write "$1.5e+06") and one at 0.30000000000000004 reads "$0.3"."""
    if "{}" not in unit:
        return f"ax.{axis}axis.set_major_formatter('{{x:g}}{unit}')"
    before, after = unit.split("{}")
    parts = ["('-' if v < 0 else '')", *([repr(before)] if before else []), "f'{abs(v):.15g}'",
             *([repr(after)] if after else [])]
    return f"ax.{axis}axis.set_major_formatter(lambda v, pos: {' + '.join(parts)})"


def drawn_texts(spec: ChartSpec) -> list[str]:
    """Every text the chart's code draws (titles, labels, legend, categories, value labels), and the
    characters of matplotlib's tick labels: what its fonts must have glyphs for."""
    texts = [spec.title, spec.x_label, spec.y_label, *spec.series, spec.legend_title, TICK_CHARACTERS]
    texts += [unit.replace("{}", "") for unit in spec.units.values()]  # a currency's sign on the ticks: "€"
    texts += [fmt(x) for x in spec.x if isinstance(x, str)]
    if spec.chart in LABELLED_CHARTS and spec.style.annotate:
        texts += [formatter(spec, name)(v) for name, ys in spec.series.items() for v in ys if v is not None]
    return texts


def _value_labels(spec: ChartSpec, name: str) -> str:
    """The bar labels as the table writes them (matplotlib's own fmt='%g' would say 1.23457e+06), unit and all."""
    return repr([formatter(spec, name)(v) for v in spec.series[name]])


def _draw(spec: ChartSpec, x: str, ys: dict[str, str], values: str | None) -> list[str]:
    s, chart = spec.style, spec.chart
    bar = "ax.barh" if spec.horizontal else "ax.bar"
    if chart == "bar":
        [(name, y)] = ys.items()
        out = [f"bars = {bar}({x}, {y}, color='C0')"]
        return out + ([f"ax.bar_label(bars, labels={_value_labels(spec, name)})"] if s.annotate else [])
    if chart == "grouped_bar":
        width = round(0.8 / len(ys), 3)
        out = [f"positions = range(len({x}))"]
        for i, (name, y) in enumerate(ys.items()):
            offset = round((i - (len(ys) - 1) / 2) * width, 3)
            size = "height" if spec.horizontal else "width"
            out.append(f"bars = {bar}([p + {offset} for p in positions], {y}, {size}={width}, label={name!r})")
            if s.annotate:
                out.append(f"ax.bar_label(bars, labels={_value_labels(spec, name)}, fontsize=7)")
        ticks = "ax.set_yticks" if spec.horizontal else "ax.set_xticks"
        return out + [f"{ticks}(list(positions), {x})"]
    if chart == "stacked_bar":
        out = [f"bottom = [0] * len({x})"]
        base = "left" if spec.horizontal else "bottom"
        for name, y in ys.items():
            out += [f"{bar}({x}, {y}, {base}=bottom, label={name!r})",
                    f"bottom = [b + v for b, v in zip(bottom, {y})]"]
        return out
    if chart == "line":
        marker = f", marker={s.marker!r}" if s.marker else ""
        return [f"ax.plot({x}, {y}{marker}, label={name!r})" for name, y in ys.items()]
    if chart == "area":
        if len(ys) == 1:
            [y] = ys.values()
            return [f"ax.fill_between({x}, {y}, alpha=0.5)", f"ax.plot({x}, {y})"]
        return [f"ax.stackplot({x}, {', '.join(ys.values())}, labels={list(ys)!r}, alpha=0.8)"]
    if chart == "pie":
        [(name, y)] = ys.items()
        if spec.legend:  # the categories in a legend beside the pie, not around it
            out = [f"wedges = ax.pie({y}, startangle=90)",
                   f"ax.legend(wedges.wedges, {x}, {LEGEND_BESIDE})"]
            if s.annotate:
                shares = [share(spec.series[name], i) for i in range(len(spec.x))]
                out.append(f"ax.pie_label(wedges, {shares!r}, distance=0.6)")
            return out + ["ax.axis('equal')"]
        if not s.annotate:
            return [f"ax.pie({y}, labels={x}, startangle=90)", "ax.axis('equal')"]
        shares = [share(spec.series[name], i) for i in range(len(spec.x))]
        return [f"wedges = ax.pie({y}, labels={x}, startangle=90)",
                f"ax.pie_label(wedges, {shares!r}, distance=0.6)", "ax.axis('equal')"]
    if chart == "scatter":
        [y] = ys.values()
        return [f"ax.scatter({x}, {y}, s=18, alpha=0.8)"]
    if chart == "histogram":
        if not s.annotate:
            return [f"ax.hist({values}, bins={x}, edgecolor='white')"]
        return [f"counts, edges, bars = ax.hist({values}, bins={x}, edgecolor='white')",
                f"ax.bar_label(bars, labels={_value_labels(spec, 'count')}, fontsize=7)"]
    raise ValueError(f"unknown chart type {chart!r}")


@dataclasses.dataclass(frozen=True)
class Drawing:
    """A chart drawn and checked: its PNG, and the pixels a unit of its value axis spans where the values are
    not written on it (`sources.charts.legible.value_px`; None where they are, or for a pie)."""

    png: bytes
    value_px: float | None


def render_code(code: str, dpi: int = 100) -> bytes:
    """Run chart code under Agg and return the figure as PNG bytes (its ``plt.show()`` is skipped)."""
    return draw_checked(code, dpi).png


def draw_checked(code: str, dpi: int = 100) -> Drawing:
    """Run chart code under Agg: the figure as PNG bytes (its ``plt.show()`` is skipped) once
    `check_legible` passes it (else `IllegibleText`), and its value axis' scale."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.image
    import matplotlib.pyplot as plt
    import numpy as np

    namespace: dict = {}
    before = set(plt.get_fignums())
    # the code's style.use and rcParams do not leak into the next chart
    with matplotlib.rc_context(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(compile(code.replace("plt.show()", ""), "<chart>", "exec"), namespace)
            fig = namespace["fig"]
            # drawn once, as savefig draws a PNG (colours, dpi), but the pixels not yet encoded: a layout
            # that fails the check (about one in nine tried on generated tables) costs no PNG, and one that
            # passes is not drawn twice (a draw without pixels first cost every chart ~10%)
            drawn = draw_as_saved(fig, dpi)  # the check may make the canvas a renderer of its own
            check_legible(fig)  # every text the targets name can be read in the image
            scale = value_px(fig, drawn)
            buf = io.BytesIO()  # the PNG savefig writes (`FigureCanvasAgg.print_png`), byte for byte
            matplotlib.image.imsave(buf, np.asarray(drawn.buffer_rgba()), format="png", origin="upper", dpi=dpi,
                                    metadata={"Software": None})
        finally:  # every figure the code opened, also when it failed half-way
            for number in set(plt.get_fignums()) - before:
                plt.close(number)
    check_drawn(caught)
    return Drawing(buf.getvalue(), scale)


def draw_as_saved(fig, dpi: int):
    """Draw ``fig`` into its Agg canvas as ``fig.savefig(format="png", dpi=dpi)`` would, pixel for pixel, and
    return the canvas' renderer (its ``buffer_rgba()`` is the image, (H, W, 4) uint8).

    savefig on a figure with a layout engine (every chart here is ``layout='constrained'``) draws it twice:
    once with drawing disabled to run the layout, then again with the layout off
    (`FigureCanvasBase.print_figure`). One `FigureCanvasAgg.draw` runs the layout and draws in a single pass,
    about a fifth less CPU a chart, with the same pixels: savefig's colours (``savefig.facecolor`` and
    ``edgecolor``, 'auto' the figure's own; the 'classic' style makes them white) are set first. A style that
    asks savefig for more (a tight bounding box, a transparent figure) is drawn by savefig itself."""
    import matplotlib

    rc = matplotlib.rcParams
    if rc["savefig.bbox"] == "tight" or rc["savefig.transparent"]:
        fig.savefig(io.BytesIO(), format="rgba", dpi=dpi)
        return fig.canvas.renderer
    face, edge = rc["savefig.facecolor"], rc["savefig.edgecolor"]
    fig.set_dpi(dpi)
    fig.set_facecolor(fig.get_facecolor() if face == "auto" else face)
    fig.set_edgecolor(fig.get_edgecolor() if edge == "auto" else edge)
    fig.canvas.draw()
    return fig.canvas.renderer


def layouts(spec: ChartSpec):
    """``spec`` as chosen, then the other ways to draw it, fewest changes first: long category labels (and
    the title) wrapped, fewer ticks on the number axes (and the others turned), vertical bars turned
    horizontal or a pie's categories in a legend, and last no value labels. `sources.charts.read.render_legibly`
    draws one whose image passes `check_legible`, trying them in this order (but for its shortcuts)."""
    import dataclasses

    longest = max((len(x) for x in spec.x if isinstance(x, str)), default=0) if spec.chart in CATEGORY_CHARTS else 0
    wraps = [0, *(w for w in WRAP_WIDTHS if longest > w)]
    wraps += WRAP_WIDTHS[:1] if wraps == [0] else []  # the title wrapped, where no label is long
    turns = [False, True] if spec.chart in (*BAR_CHARTS, "pie") else [False]
    drops = [False, True] if spec.style.annotate else [False]
    changes = sorted(itertools.product(drops, turns, (False, True), range(len(wraps))))
    for drop, turn, sparse, wrap in changes:
        style = dataclasses.replace(spec.style, annotate=spec.style.annotate and not drop)
        turned = {"legend": True} if spec.chart == "pie" else {"horizontal": not spec.horizontal}
        yield dataclasses.replace(spec, style=style, wrap=wraps[wrap], sparse=sparse, **(turned if turn else {}))
