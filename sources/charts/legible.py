"""Whether a drawn chart shows what its targets name: every text inside the figure, clear of every other
text and of the legend, and a plot area left to read.

The targets name each category, value label and title in full, but matplotlib draws what it is given
wherever it falls: a long category label runs past the figure's edge and is cut, vertical tick labels run
into each other, and the layout engine makes room for long pie labels by shrinking the pie to a dot. So
after drawing, each text's box (its rotated rectangle, from matplotlib's renderer) is checked against the
figure and against the other texts, and the plot area against the figure; `check_legible` raises
`IllegibleText` naming the first fault, and the chart is laid out again or rejected (`sources.charts.read`).
"""

from __future__ import annotations

import itertools
import math

from shards.reject import ReasonError

REASON = "unsupported:illegible_labels"
UNSEEN = "unsupported:unseen_values"  # a value drawn too small to see, which the targets still name
MIN_PLOT_SHARE = 0.3  # of the figure's width and height (a pie: of the smaller one) left for the data
TOLERANCE = 1.0  # pixels past the figure's edge
# a text's box is its font's full line height (ascent and descent), which digits and most letters do not fill:
# boxes that overlap by less than this share of the smaller one's height (neighbouring tick labels in a
# corner) still read; labels that run into each other overlap by far more
OVERLAP_SHARE = 0.25
# pixels: a bar, a stacked segment, an area's layer or a wedge's rim drawn thinner reads as no value at all (it is
# lost in the axis line, grid line or edge it lies on, about a pixel wide), though the table and the QA name its
# number; a 1.8 px bar of 15 beside bars of 900 still shows as a sliver
MIN_MARK = 1.5


class IllegibleText(ReasonError):
    """A chart whose image cannot show a text its targets name; the message says which and why. ``fault``
    is its kind ("edge": a text runs past the figure's edge, "overlap": two texts overlap, "legend": the
    legend covers a text or one of its texts overlaps another, "plot_area": too little room for the data, "value":
    a value drawn too small to see, reason `UNSEEN`; "" when not said) and ``texts`` holds the strings at fault
    (none for the plot area or a value)."""

    def __init__(self, detail: str, fault: str = "", texts: tuple[str, ...] = (), reason: str = REASON):
        super().__init__(reason, detail)
        self.fault, self.texts = fault, texts


def check_legible(fig) -> None:
    """Raise `IllegibleText` unless every visible text of the drawn ``fig`` lies inside it, overlaps no other
    text, and each axes keeps `MIN_PLOT_SHARE` of the figure for its data. Call once the figure is laid out
    and drawn (``savefig`` in any format, or ``draw_without_rendering``: the same boxes)."""
    renderer = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    boxes = [(text, _corners(text, renderer)) for text in drawn_texts(fig)]
    for text, corners in boxes:
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        cut = {"left": -min(xs), "right": max(xs) - width, "bottom": -min(ys), "top": max(ys) - height}
        edge, by = max(cut.items(), key=lambda item: item[1])
        if by > TOLERANCE:
            raise IllegibleText(f"{_quote(text)} runs {by:.0f} px past the figure's {edge} edge "
                                f"({width:.0f}x{height:.0f} px)", "edge", (text.get_text(),))
    legends = [legend for legend in [*(ax.get_legend() for ax in fig.axes), *fig.legends]
               if legend is not None and legend.get_visible()]
    in_legend = {id(t) for legend in legends for t in legend.findobj(lambda artist: True)}
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        if _overlap(box_a, box_b, OVERLAP_SHARE * min(_line_height(a), _line_height(b))):
            # one of them the legend's: the legend is in the way (its place can change), else the texts
            fault = "legend" if id(a) in in_legend or id(b) in in_legend else "overlap"
            raise IllegibleText(f"{_quote(a)} and {_quote(b)} overlap", fault, (a.get_text(), b.get_text()))
    for legend in legends:  # a legend's box hides the texts under it, and the values it is drawn over
        inside = {id(t) for t in legend.findobj(lambda artist: True)}
        frame = legend.get_window_extent(renderer)
        box = [(frame.x0, frame.y0), (frame.x1, frame.y0), (frame.x1, frame.y1), (frame.x0, frame.y1)]
        for text, corners in boxes:
            if id(text) not in inside and _overlap(box, corners, OVERLAP_SHARE * _line_height(text)):
                raise IllegibleText(f"the legend covers {_quote(text)}", "legend", (text.get_text(),))
        # a figure's legend (below the axes) has no axes of its own: judged over each
        hidden = next(filter(None, (_hidden_value(ax, frame, renderer) for ax in
                                    ([legend.axes] if legend.axes else fig.axes))), None)
        if hidden:
            raise IllegibleText(f"the legend covers {hidden}", "legend")
    for ax in fig.axes:
        _check_plot_area(ax, renderer, width, height)
        unseen = _unseen_value(ax, renderer)
        if unseen:
            raise IllegibleText(unseen, "value", reason=UNSEEN)


def _hidden_value(ax, frame, renderer) -> str | None:
    """The first value of ``ax``'s data that the legend's ``frame`` (its box in pixels) is drawn over, named: a
    bar's value end (the middle of its edge away from zero, so a stacked bar's each segment), a line's point,
    a stacked area's corner; None where it covers none. The targets ask for each of them ("What is Sold for
    Apples?"), and a legend placed in a corner hid the tallest bar's top."""
    from matplotlib.collections import PolyCollection
    from matplotlib.container import BarContainer

    def under(x: float, y: float) -> bool:
        return frame.x0 + TOLERANCE < x < frame.x1 - TOLERANCE and frame.y0 + TOLERANCE < y < frame.y1 - TOLERANCE

    for bars in (c for c in ax.containers if isinstance(c, BarContainer)):
        for number, patch in enumerate(bars.patches, 1):
            box = patch.get_window_extent(renderer)  # min and max, whatever the bar's sign
            if bars.orientation == "horizontal":
                end = (box.x1 if patch.get_width() >= 0 else box.x0, (box.y0 + box.y1) / 2)
            else:
                end = ((box.x0 + box.x1) / 2, box.y1 if patch.get_height() >= 0 else box.y0)
            if under(*end):
                return f"the end of bar {number} of {bars.get_label()!r}"
    for line in ax.lines:
        for number, (x, y) in enumerate(line.get_transform().transform(line.get_xydata()), 1):
            if under(x, y):
                return f"point {number} of {line.get_label()!r}"
    for area in (c for c in ax.collections if isinstance(c, PolyCollection)):
        for path in area.get_paths():
            if any(under(x, y) for x, y in area.get_transform().transform(path.vertices)):
                return f"a corner of the area {area.get_label()!r}"
    return None


def _unseen_value(ax, renderer) -> str | None:
    """The first non-zero value of ``ax`` drawn under `MIN_MARK` pixels and given no value label, named with
    its size: a bar or a stacked segment along its value axis, a pie's wedge along its rim, a stacked area's
    layer where it is that thin at every point; None where every value shows. A series of a few thousand
    beside one of a million drew bars of a fraction of a pixel, while the table and the QA named each ("What
    is Q2 Sales for Consumer?" "900"): a reader of the image sees no bar. A line's point shows at any value,
    and reads as near zero where it is, so it is not judged."""
    from matplotlib.collections import PolyCollection
    from matplotlib.container import BarContainer
    from matplotlib.patches import Wedge

    anchors = _label_anchors(ax)
    for bars in (c for c in ax.containers if isinstance(c, BarContainer)):
        across = bars.orientation == "horizontal"
        for number, patch in enumerate(bars.patches, 1):
            value = patch.get_width() if across else patch.get_height()
            box = patch.get_window_extent(renderer)
            drawn = box.width if across else box.height
            if not value or not math.isfinite(value) or drawn >= MIN_MARK or _labelled(box, anchors):
                continue
            series = "" if bars.get_label().startswith("_") else f" of {bars.get_label()!r}"  # "_container0"
            return f"bar {number}{series} ({value:g}) is drawn {drawn:.1f} px long, under {MIN_MARK:g} px"
    for area in (c for c in ax.collections if isinstance(c, PolyCollection)):
        to_pixels = area.get_transform()
        for path in area.get_paths():  # fill_between's polygon: the layer's top and bottom at each x
            levels: dict[float, list[float]] = {}
            for x, y in path.vertices:
                levels.setdefault(float(x), []).append(float(y))
            # a layer is one mark (thin at one point, it reads as near zero there, as a line's point does):
            # unseen where it is thin at every point
            thickness = max((abs(float(top - bottom)) for (_, top), (_, bottom) in
                             (to_pixels.transform([(x, max(ys)), (x, min(ys))]) for x, ys in levels.items())),
                            default=0.0)
            if 0 < thickness < MIN_MARK:
                return f"the area {area.get_label()!r} is at most {thickness:.1f} px thick, under {MIN_MARK:g} px"
    for wedge in (p for p in ax.patches if isinstance(p, Wedge)):
        angle, (cx, cy) = wedge.theta2 - wedge.theta1, wedge.center
        rim = math.radians(angle) * math.dist(*wedge.get_transform().transform([(cx, cy), (cx + wedge.r, cy)]))
        if 0 < rim < MIN_MARK:
            return f"a wedge of {angle:.2f} degrees is {rim:.1f} px wide at its rim, under {MIN_MARK:g} px"
    return None


def _label_anchors(ax) -> list:
    """Where ``ax``'s value labels are anchored, in pixels: `Axes.bar_label` anchors each at its bar's value
    end, in data coordinates."""
    from matplotlib.text import Annotation

    return [ax.transData.transform(text.xy) for text in ax.texts
            if isinstance(text, Annotation) and text.get_visible() and text.xycoords == "data"]


def _labelled(box, anchors: list) -> bool:
    """Whether a value label is anchored on the bar drawn in ``box`` (pixels)."""
    return any(box.x0 - TOLERANCE <= x <= box.x1 + TOLERANCE and box.y0 - TOLERANCE <= y <= box.y1 + TOLERANCE
               for x, y in anchors)


def value_px(fig, renderer) -> float | None:
    """Pixels per unit of the value axis of ``fig``'s (first) axes: how far apart two values are drawn, where
    no value label writes them. None where every bar is labelled (values are read, not measured), and for
    charts whose targets name no value read off an axis (pies, and figures with no axes or no data drawn)."""
    from matplotlib.container import BarContainer
    from matplotlib.patches import Wedge

    if not fig.axes:
        return None
    ax = fig.axes[0]
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    if any(isinstance(p, Wedge) for p in ax.patches) or not (bars or ax.lines or ax.collections):
        return None
    anchors = _label_anchors(ax)
    if bars and anchors and all(_labelled(p.get_window_extent(renderer), anchors) for c in bars for p in c.patches):
        return None
    across = bool(bars) and bars[0].orientation == "horizontal"
    (x0, y0), (x1, y1) = ax.transData.transform([(0, 0), (1, 1)])
    return abs(x1 - x0) if across else abs(y1 - y0)


def drawn_texts(fig) -> list:
    """The non-empty visible texts the figure draws (tick labels only at the ticks inside the view)."""
    from matplotlib.text import Text

    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            slack = (hi - lo) * 1e-9
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not lo - slack <= tick.get_loc() <= hi + slack:  # made but not drawn
                    hidden.update((id(tick.label1), id(tick.label2)))
    found = []

    def walk(artist):  # as drawing does: an invisible artist's children (a hidden tick's labels) are not drawn
        if not artist.get_visible():
            return
        if isinstance(artist, Text) and id(artist) not in hidden and artist.get_text().strip():
            found.append(artist)
        for child in artist.get_children():
            walk(child)

    walk(fig)
    return found


def _corners(text, renderer) -> list[tuple[float, float]]:
    """The four corners of ``text``'s rotated box in pixels. matplotlib gives the axis-aligned box of the
    rotated text; the rotated rectangle has the same centre and its unrotated size."""
    box = text.get_window_extent(renderer)
    angle = text.get_rotation() % 180
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    if angle % 90 == 0:
        return [(box.x0, box.y0), (box.x1, box.y0), (box.x1, box.y1), (box.x0, box.y1)]
    text.set_rotation(0)
    try:
        flat = text.get_window_extent(renderer)
    finally:
        text.set_rotation(angle)
    w, h = flat.width / 2, flat.height / 2
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    return [(cx + dx * cos - dy * sin, cy + dx * sin + dy * cos) for dx, dy in ((-w, -h), (w, -h), (w, h), (-w, h))]


def _line_height(text) -> float:
    """The text's font size in pixels (one line's height)."""
    return text.get_fontsize() * text.get_figure(root=True).dpi / 72


def _overlap(a: list[tuple[float, float]], b: list[tuple[float, float]], depth: float) -> bool:
    """Whether two convex quadrilaterals overlap by more than ``depth`` pixels along every axis that could
    separate them (the separating axis test)."""
    for poly in (a, b):
        for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]):
            nx, ny = y0 - y1, x1 - x0
            norm = math.hypot(nx, ny)
            if norm == 0:
                continue
            pa = [(x * nx + y * ny) / norm for x, y in a]
            pb = [(x * nx + y * ny) / norm for x, y in b]
            if min(max(pa), max(pb)) - max(min(pa), min(pb)) <= max(depth, TOLERANCE):
                return False
    return True


def _check_plot_area(ax, renderer, width: float, height: float) -> None:
    from matplotlib.patches import Wedge
    from matplotlib.transforms import Bbox

    wedges = [p for p in ax.patches if isinstance(p, Wedge)]
    if wedges:
        pie = Bbox.union([w.get_window_extent(renderer) for w in wedges])
        if min(pie.width, pie.height) < MIN_PLOT_SHARE * min(width, height):
            raise IllegibleText(f"the pie is {min(pie.width, pie.height):.0f} px across in a {width:.0f}x"
                                f"{height:.0f} px figure, under {MIN_PLOT_SHARE:.0%} of its smaller side", "plot_area")
        return
    area = ax.get_window_extent(renderer)
    if area.width < MIN_PLOT_SHARE * width or area.height < MIN_PLOT_SHARE * height:
        raise IllegibleText(f"the plot area is {area.width:.0f}x{area.height:.0f} px in a {width:.0f}x"
                            f"{height:.0f} px figure, under {MIN_PLOT_SHARE:.0%} of its width or height", "plot_area")


def _quote(text) -> str:
    words = " ".join(text.get_text().split())
    return repr(words if len(words) <= 60 else words[:57] + "...")
