"""SVG figures to PNG with bounded work: an SVG is a program, and a small one can ask for unbounded work.

Nested ``<use>`` elements multiply (ten levels of ten uses is 10^10 shapes in 2.5 KB): the elements
are counted with every ``<use>`` expanded before anything is drawn, and a count over ``max_elements``
is refused. What the count cannot foresee is bounded by drawing in a child process (PyMuPDF, as
before) that is stopped after ``seconds`` and may use at most ``MEMORY_BYTES`` of memory.

What MuPDF's SVG renderer draws otherwise than a browser (`undrawable`): it clips nothing (``clip-path``,
nested viewports), and draws a gradient or pattern fill, ``rgba()``, ``hsl()``, ``transparent``, ``currentColor``,
``inherit`` and colours set by a style sheet black, dashed lines solid; masks, filters, markers and hidden
elements it draws as if none were there. A matplotlib figure with data beyond its axes limits, hatched bars or
a dashed line was stored with lines running over the margins, solid black bars or a solid line. An SVG
needing any of these is refused; a clip that cuts nothing (the drawing
lies inside its rectangle, as a plot's lines within autoscaled axes do, or inside its one convex outline, as a polar
plot's within its circle: `sources.records.svg_outlines`) is no change and is allowed.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

from sources.common.images import ImageRejected
from sources.records.svg_dashes import dashes_as_paths

SVG_MAX_ELEMENTS = 200_000  # about a second of PyMuPDF drawing here
SVG_SECONDS = 30.0
MEMORY_BYTES = 2 * 2**30
MAX_SIDE = 1600  # the longest side of the drawn figure, pixels
_HREFS = ("href", "{http://www.w3.org/1999/xlink}href")

# the PNG goes out on a copy of stdout; stdout itself is stderr: MuPDF prints its warnings there
# ("svg: ignoring external image"), which came before the PNG and made a valid SVG "unreadable"
_DRAW = f"""
import os, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_BYTES}, {MEMORY_BYTES}))
out = os.fdopen(os.dup(1), "wb")
os.dup2(2, 1)
import pymupdf
with pymupdf.open(stream=sys.stdin.buffer.read(), filetype="svg") as doc:
    page = doc[0]
    scale = min(2.0, {MAX_SIDE} / max(page.rect.width, page.rect.height, 1))
    out.write(page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False).tobytes("png"))
    out.flush()
"""


def rasterise_svg(svg: bytes, max_elements: int = SVG_MAX_ELEMENTS, seconds: float = SVG_SECONDS) -> bytes:
    """PNG bytes of ``svg`` (longest side at most 1600 px, at most 2x). Raises `ImageRejected`:
    ``error:image:unreadable``, ``error:image:svg_too_complex``, ``unsupported:svg_feature`` (`undrawable`)
    or ``error:image:svg_timeout``."""
    count = expanded_elements(svg, max_elements)
    if count > max_elements:
        raise ImageRejected("error:image:svg_too_complex",
                            f"more than {max_elements} elements once its <use> references are expanded")
    svg = dashes_as_paths(transparent_as_none(svg))  # before `undrawable`: what MuPDF then draws as it is
    if why := undrawable(ET.fromstring(svg), max_elements):  # parsed again: cheap beside drawing
        raise ImageRejected("unsupported:svg_feature", f"SVG: {why}"[:300])
    svg = opacity_as_attributes(svg)
    try:
        done = subprocess.run([sys.executable, "-I", "-c", _DRAW], input=svg, capture_output=True,
                              timeout=seconds, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ImageRejected("error:image:svg_timeout", f"drawing took over {seconds:g} s") from exc
    if done.returncode != 0 or not done.stdout.startswith(b"\x89PNG"):
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or [f"exit {done.returncode}"])[-1]
        raise ImageRejected("error:image:unreadable", f"SVG: {last}"[:300])
    return done.stdout


_TRANSPARENT_ATTRIBUTE = re.compile(rb"""(\s(?:fill|stroke)\s*=\s*)(["'])\s*transparent\s*\2""", re.I)
_TRANSPARENT_DECLARATION = re.compile(rb"((?:^|;)\s*(?:fill|stroke)\s*:\s*)transparent\s*(?=;|$)", re.I)


def transparent_as_none(svg: bytes) -> bytes:
    """``svg`` with each ``fill`` or ``stroke`` of ``transparent`` (graphviz's every background before 2.46) written
    ``none``: the same drawing, in the one form MuPDF does not draw black."""
    if b"transparent" not in svg.lower():
        return svg
    svg = _TRANSPARENT_ATTRIBUTE.sub(lambda m: m.group(1) + m.group(2) + b"none" + m.group(2), svg)
    return _STYLE_ATTRIBUTE.sub(lambda m: m.group(1) + m.group(2) + _TRANSPARENT_DECLARATION.sub(
        rb"\1none", m.group(3)) + m.group(2), svg)


_STYLE_ATTRIBUTE = re.compile(rb"""(\sstyle\s*=\s*)(["'])(.*?)\2""", re.S)
_OPACITY = re.compile(rb"(?:^|;)\s*((?:fill-|stroke-)?opacity)\s*:\s*([^;]*)")


def opacity_as_attributes(svg: bytes) -> bytes:
    """``svg`` with the opacities a style attribute sets (``style="fill: #1f77b4; fill-opacity: 0.3"``, matplotlib's
    every ``alpha``) written as presentation attributes, the one form MuPDF applies: from a style attribute it
    drew them opaque. The same drawing (a style attribute's value wins over an attribute's), unless the element
    sets the attribute too: then refused (`ImageRejected` ``unsupported:svg_feature``)."""
    def moved(match: re.Match) -> bytes:
        declarations = match.group(3)
        found = _OPACITY.findall(declarations)
        if not found:
            return match.group(0)
        rest = _OPACITY.sub(b"", declarations).strip(b"; \t\n")
        quote = match.group(2)
        attributes = b"".join(b" " + name + b"=" + quote + value.strip() + quote for name, value in found)
        return match.group(1) + quote + rest + quote + attributes

    if b"opacity" not in svg:
        return svg
    out = _STYLE_ATTRIBUTE.sub(moved, svg)
    try:
        ET.fromstring(out)
    except ET.ParseError as exc:  # an element setting an opacity both ways: which one shows is MuPDF's guess
        raise ImageRejected("unsupported:svg_feature", "SVG: an opacity set in a style attribute and as an "
                                                        f"attribute of one element ({exc})"[:300]) from exc
    return out


def expanded_elements(svg: bytes, cap: int) -> int:
    """How many elements drawing ``svg`` visits, each ``<use>`` counting what it references (counted
    without recursion, shared definitions once; capped at ``cap + 1``). Raises `ImageRejected` for
    XML that does not parse or ``<use>`` references that loop."""
    try:
        root = ET.fromstring(svg)
    except (ET.ParseError, ValueError) as exc:
        raise ImageRejected("error:image:unreadable", f"SVG: {exc}") from exc
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}

    def edges(el):
        out = list(el)
        if el.tag.rsplit("}", 1)[-1] == "use":
            href = next((el.get(h) for h in _HREFS if el.get(h)), "")
            if href.startswith("#") and href[1:] in by_id:
                out.append(by_id[href[1:]])
        return out

    cost: dict[int, int] = {}
    open_path: set[int] = set()
    stack = [(root, False)]
    while stack:
        el, finished = stack.pop()
        if finished:
            cost[id(el)] = min(cap + 1, 1 + sum(cost[id(child)] for child in edges(el)))
            open_path.discard(id(el))
            continue
        if id(el) in cost:
            continue
        if id(el) in open_path:
            raise ImageRejected("error:image:unreadable", "SVG: <use> references form a loop")
        open_path.add(id(el))
        stack.append((el, True))
        for child in edges(el):
            if id(child) in open_path:
                raise ImageRejected("error:image:unreadable", "SVG: <use> references form a loop")
            if id(child) not in cost:
                stack.append((child, False))
    return cost[id(root)]


_PAINT = ("fill", "stroke", "stop-color", "flood-color", "lighting-color")
_HIDDEN = {"display": ("none",), "visibility": ("hidden", "collapse")}
_SHEET_ALLOWED = {"stroke-linejoin", "stroke-linecap", "stroke-miterlimit"}  # matplotlib's, invisible if dropped
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_RGB = re.compile(r"rgb\(\s*[-+0-9.%\s,]+\)")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}
TOLERANCE = 1.0  # user units a clipped drawing may pass its clip by (a stroke's half width on the axes' edge)


def _named_colours() -> frozenset[str]:
    from PIL import ImageColor

    return frozenset(ImageColor.colormap) - {"rebeccapurple"}  # CSS4's one MuPDF does not know


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _declarations(style: str) -> dict[str, str]:
    out = {}
    for part in style.split(";"):
        if ":" in part:
            name, value = part.split(":", 1)
            out[name.strip().lower()] = value.strip()
    return out


def _properties(el) -> dict[str, str]:
    """An element's presentation attributes with its style attribute's declarations over them."""
    return {**{_local(k).lower(): v.strip() for k, v in el.attrib.items()}, **_declarations(el.get("style", ""))}


def undrawable(root: ET.Element, max_work: int = SVG_MAX_ELEMENTS) -> str | None:
    """Why MuPDF would draw ``root`` otherwise than a browser does, or None where it draws it the same. The
    extents of clipped drawings are worked out visiting at most ``max_work`` elements in all (clips nested in
    clips visit their drawings again)."""
    named = _named_colours()
    budget = [max_work]
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "style":
            sheet = re.sub(r"/\*.*?\*/", "", el.text or "", flags=re.S)
            used = {n.strip().lower() for n in re.findall(r"([-\w]+)\s*:", re.sub(r"^[^{]*\{|\}[^{]*\{", ";", sheet))}
            if used - _SHEET_ALLOWED:
                return f"a style sheet sets {', '.join(sorted(used - _SHEET_ALLOWED))}, which MuPDF ignores"
            continue
        if tag in ("mask", "filter", "pattern", "linearGradient", "radialGradient", "clipPath", "defs", "symbol"):
            continue
        props = _properties(el)
        if clash := _set_both_ways(el):
            return f"{clash} set as an attribute and, otherwise, in a style attribute: MuPDF draws the attribute's"
        for name in _PAINT:
            value = props.get(name)
            if value is not None and not _drawable_paint(value, named):
                return f"{name} {value[:60]!r}, which MuPDF draws black"
        for name in ("mask", "filter", "marker-start", "marker-mid", "marker-end"):
            if props.get(name, "none") != "none":
                return f"a {name}, which MuPDF draws as if it were not there"
        if props.get("stroke-dasharray", "none") not in ("none", ""):  # matplotlib's '--' lines, ':' grids
            return "dashed lines (stroke-dasharray), which MuPDF draws solid"
        for name, hidden in _HIDDEN.items():
            if props.get(name, "").lower() in hidden:
                return f"{name}: {props[name]}, which MuPDF draws as shown"
        clip = props.get("clip-path", "none")
        try:
            if clip != "none" and (why := _clip_cuts(el, clip, by_id, budget)):
                return why
        except _OverBudget:
            return f"clip-paths around more than {max_work} elements in all, too many to check"
    return None


def _set_both_ways(el) -> str | None:
    """A property the element sets to one value as a presentation attribute and to another in its style attribute:
    a browser draws the style's, MuPDF the attribute's."""
    declared = _declarations(el.get("style", ""))
    attributes = {_local(k).lower(): v.strip().lower() for k, v in el.attrib.items()}
    return next((name for name, value in declared.items()
                 if name in attributes and name != "style" and attributes[name] != value.lower()), None)


def _drawable_paint(value: str, named: frozenset[str]) -> bool:
    lower = value.lower()
    return (lower == "none" or _HEX.fullmatch(value) is not None or _RGB.fullmatch(value) is not None
            or lower in named)


class _OverBudget(Exception):
    """More elements visited working out clipped extents than an SVG may ask for."""


def _clip_cuts(el, clip: str, by_id, budget: list[int]) -> str | None:
    """Why clipping ``el`` changes its drawing (or may: a clip other than one rectangle, a drawing whose extent is
    not known), or None where all of it lies inside the clip's rectangle."""
    found = re.fullmatch(r"url\(\s*['\"]?#([^'\")\s]+)['\"]?\s*\)", clip)
    target = by_id.get(found.group(1)) if found else None
    if target is None:
        return None if found else f"clip-path {clip[:60]!r}, which MuPDF does not apply"
    shapes = [child for child in target if _local(child.tag) not in ("title", "desc")]
    if (target.get("clipPathUnits", "userSpaceOnUse") != "userSpaceOnUse" or target.get("transform")
            or len(shapes) != 1 or _local(shapes[0].tag) not in ("rect", "path") or shapes[0].get("transform")):
        return "a clip-path other than one rectangle or one convex outline, which MuPDF does not apply"
    if _local(shapes[0].tag) == "path":  # a polar plot's circle
        from sources.records.svg_outlines import outline_cuts  # (it builds on this module's geometry)

        return outline_cuts(el, shapes[0].get("d", ""), by_id, budget)
    rect = shapes[0]
    try:
        x, y = _length(rect.get("x", "0")), _length(rect.get("y", "0"))
        right, bottom = x + _length(rect.get("width", "0")), y + _length(rect.get("height", "0"))
    except ValueError:
        return "a clip-path rectangle of lengths not in user units, which MuPDF does not apply"
    box = _extent(el, (1, 0, 0, 1, 0, 0), by_id, budget, own=False)
    if box is None:
        return "a clip-path around a drawing whose extent is not known, which MuPDF does not apply"
    if box and (box[0] < x - TOLERANCE or box[1] < y - TOLERANCE or box[2] > right + TOLERANCE
                or box[3] > bottom + TOLERANCE):
        return "a clip-path cutting its drawing, which MuPDF does not apply (it would draw past the clip)"
    return None


def _length(value: str) -> float:
    value = value.strip()
    if value.endswith("px"):
        value = value[:-2]
    number = float(value)  # "1em", "50%": ValueError
    if not math.isfinite(number):
        raise ValueError(value)
    return number


Box = tuple[float, float, float, float]
_EMPTY: Box = ()  # type: ignore[assignment]


def _extent(el, matrix, by_id, budget: list[int], own: bool = True, depth: int = 0):
    """``(left, top, right, bottom)`` of what ``el`` draws, in the coordinates ``matrix`` maps it to (its own
    transform applied where ``own``); ``()`` for nothing drawn; None where it is not known (text, an arc, a
    nested viewport)."""
    if depth > 64:
        return None
    budget[0] -= 1
    if budget[0] < 0:
        raise _OverBudget
    if own and el.get("transform"):
        local = _transform(el.get("transform"))
        if local is None:
            return None
        matrix = _compose(matrix, local)
    tag = _local(el.tag)
    try:
        if tag == "use":
            href = next((el.get(h) for h in ("href", "{http://www.w3.org/1999/xlink}href") if el.get(h)), "")
            ref = by_id.get(href[1:]) if href.startswith("#") else None
            shift = (1, 0, 0, 1, _length(el.get("x", "0")), _length(el.get("y", "0")))
            return _extent(ref, _compose(matrix, shift), by_id, budget, True, depth + 1) if ref is not None else _EMPTY
        if tag in ("g", "a", "switch"):
            boxes = []
            for child in el:
                box = _extent(child, matrix, by_id, budget, True, depth + 1)
                if box is None:
                    return None
                boxes += [box] if box else []
            return _union(boxes)
        if tag in _SHAPES:
            points = _points(el, tag)
            return None if points is None else _union([_box([_apply(matrix, p) for p in points])] if points else [])
    except (ValueError, IndexError):
        return None
    return None if tag in ("text", "tspan", "textPath", "foreignObject", "svg") else _EMPTY


_SHAPES = ("rect", "image", "circle", "ellipse", "line", "polyline", "polygon", "path")


def _union(boxes) -> Box:
    if not boxes:
        return _EMPTY
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _points(el, tag: str):
    """The points a shape's outline lies within (a curve within its control points); [] for a container or an
    element drawing nothing; None for a shape whose extent is not worked out here (an arc)."""
    get = lambda name: _length(el.get(name, "0"))  # noqa: E731
    if tag == "rect" or tag == "image":
        return [(get("x"), get("y")), (get("x") + get("width"), get("y") + get("height"))]
    if tag == "circle":
        cx, cy, r = get("cx"), get("cy"), get("r")
        return [(cx - r, cy - r), (cx + r, cy + r)]
    if tag == "ellipse":
        cx, cy, rx, ry = get("cx"), get("cy"), get("rx"), get("ry")
        return [(cx - rx, cy - ry), (cx + rx, cy + ry)]
    if tag == "line":
        return [(get("x1"), get("y1")), (get("x2"), get("y2"))]
    if tag in ("polyline", "polygon"):
        numbers = [float(n) for n in _NUMBER.findall(el.get("points", ""))]
        return list(zip(numbers[::2], numbers[1::2]))
    if tag == "path":
        return _path_points(el.get("d", ""))
    return []


def _path_points(d: str):
    tokens = _PATH_TOKEN.findall(d)
    points, x, y, start, command, i = [], 0.0, 0.0, (0.0, 0.0), None, 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command, i = tokens[i], i + 1
            if command in "Zz":
                x, y = start
                continue
        if command is None:
            raise ValueError("path data before a command")
        upper = command.upper()
        if upper == "A":
            return None
        n = _ARITY[upper]
        values = [float(v) for v in tokens[i:i + n]]
        if len(values) < n or any(v.isalpha() for v in tokens[i:i + n]):
            raise ValueError("short path data")
        i += n
        relative = command.islower()
        if upper == "H":
            x = values[0] + (x if relative else 0)
            points.append((x, y))
        elif upper == "V":
            y = values[0] + (y if relative else 0)
            points.append((x, y))
        else:
            pairs = [(values[k] + (x if relative else 0), values[k + 1] + (y if relative else 0))
                     for k in range(0, n, 2)]
            points.extend(pairs)
            x, y = pairs[-1]
            if upper == "M":
                start = (x, y)
                command = "l" if relative else "L"  # pairs after a moveto are linetos
    return points


def _transform(text: str):
    matrix = (1, 0, 0, 1, 0, 0)
    for name, args in re.findall(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)", text):
        v = [float(n) for n in _NUMBER.findall(args)]
        if name == "matrix" and len(v) == 6:
            step = tuple(v)
        elif name == "translate" and v:
            step = (1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0)
        elif name == "scale" and v:
            step = (v[0], 0, 0, v[1] if len(v) > 1 else v[0], 0, 0)
        elif name == "rotate" and v:
            c, s = math.cos(math.radians(v[0])), math.sin(math.radians(v[0]))
            step = (c, s, -s, c, 0, 0)
            if len(v) == 3:
                step = _compose(_compose((1, 0, 0, 1, v[1], v[2]), step), (1, 0, 0, 1, -v[1], -v[2]))
        elif name in ("skewX", "skewY") and v:
            t = math.tan(math.radians(v[0]))
            step = (1, 0, t, 1, 0, 0) if name == "skewX" else (1, t, 0, 1, 0, 0)
        else:
            return None
        matrix = _compose(matrix, step)
    return matrix


def _compose(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e,
            b * e2 + d * f2 + f)


def _apply(m, point):
    x, y = point
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _box(points) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))
