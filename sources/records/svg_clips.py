"""Whether a ``clip-path`` cuts the drawing it clips: MuPDF applies none (`sources.records.svg`), so a clip is
allowed only where it cuts nothing, which takes the geometry of both (transforms, path data, extents).

A clip by one rectangle (a plot's axes) cuts nothing where the drawing's extent lies inside it. A clip by one
convex outline (a polar plot's circle): matplotlib clips a polar axes' line, grid and fills by the axes' circle,
written as one ``<path>`` of cubic Béziers, and every such figure was refused though its lines lie inside the circle.
Such a clip is allowed where every point the drawing passes through lies inside it (within `TOLERANCE`). Curves, the
outline's and the drawing's, are followed by chords (`CHORDS` to a segment), which stray from them by far less than
the tolerance at a figure's sizes (a 45° arc of radius 100 by 0.12); arcs (``A``) and smooth curves (``S``, ``T``)
are not followed, and a clip around them is refused as before.
"""

from __future__ import annotations

import math
import re

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}
TOLERANCE = 1.0  # user units a clipped drawing may pass its clip by (a stroke's half width on the axes' edge)
CHORDS = 16  # chords a curve segment is followed by
Point = tuple[float, float]


def local_name(tag) -> str:
    """An element's or attribute's name without its namespace (``{http://www.w3.org/2000/svg}path``: ``path``)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class OverBudget(Exception):
    """More elements visited working out clipped extents than an SVG may ask for."""


def clip_cuts(el, clip: str, by_id, budget: list[int]) -> str | None:
    """Why clipping ``el`` changes its drawing (or may: a clip other than one rectangle, a drawing whose extent is
    not known), or None where all of it lies inside the clip's rectangle or convex outline (`_outline_cuts`).
    Raises `OverBudget` past ``budget`` elements visited."""
    found = re.fullmatch(r"url\(\s*['\"]?#([^'\")\s]+)['\"]?\s*\)", clip)
    target = by_id.get(found.group(1)) if found else None
    if target is None:
        return None if found else f"clip-path {clip[:60]!r}, which MuPDF does not apply"
    shapes = [child for child in target if local_name(child.tag) not in ("title", "desc")]
    if (target.get("clipPathUnits", "userSpaceOnUse") != "userSpaceOnUse" or target.get("transform")
            or len(shapes) != 1 or local_name(shapes[0].tag) not in ("rect", "path") or shapes[0].get("transform")):
        return "a clip-path other than one rectangle or one convex outline, which MuPDF does not apply"
    if local_name(shapes[0].tag) == "path":  # a polar plot's circle
        return _outline_cuts(el, shapes[0].get("d", ""), by_id, budget)
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


def _extent(el, matrix, by_id, budget: list[int], own: bool = True):
    """``(left, top, right, bottom)`` of what ``el`` draws, in the coordinates ``matrix`` maps it to (its own
    transform applied where ``own``; each shape within its `_points`); ``()`` for nothing drawn; None where it is
    not known (text, an arc, a nested viewport). Raises `OverBudget` past ``budget`` elements visited."""
    points = _walk(el, matrix, by_id, budget, _points, own)
    return None if points is None else _box(points) if points else _EMPTY


def _walk(el, matrix, by_id, budget: list[int], shape_points, own: bool = True, depth: int = 0):
    """The points ``shape_points(el, tag)`` gives for each shape ``el`` draws (itself, its children, what it
    uses), in the coordinates ``matrix`` maps them to (its own transform applied where ``own``); None where one is
    not known (text, a nested viewport, a shape ``shape_points`` gives None for). Raises `OverBudget` past
    ``budget`` elements visited."""
    if depth > 64:
        return None
    budget[0] -= 1
    if budget[0] < 0:
        raise OverBudget
    if own and el.get("transform"):
        local = _transform(el.get("transform"))
        if local is None:
            return None
        matrix = _compose(matrix, local)
    tag = local_name(el.tag)
    try:
        if tag == "use":
            href = next((el.get(h) for h in ("href", "{http://www.w3.org/1999/xlink}href") if el.get(h)), "")
            ref = by_id.get(href[1:]) if href.startswith("#") else None
            shift = (1, 0, 0, 1, _length(el.get("x", "0")), _length(el.get("y", "0")))
            return [] if ref is None else _walk(ref, _compose(matrix, shift), by_id, budget, shape_points, True,
                                                depth + 1)
        if tag in ("g", "a", "switch"):
            points = []
            for child in el:
                found = _walk(child, matrix, by_id, budget, shape_points, True, depth + 1)
                if found is None:
                    return None
                points += found
            return points
        if tag in _SHAPES:
            own_points = shape_points(el, tag)
            return None if own_points is None else [_apply(matrix, p) for p in own_points]
    except (ValueError, IndexError):
        return None
    return None if tag in ("text", "tspan", "textPath", "foreignObject", "svg") else []


_SHAPES = ("rect", "image", "circle", "ellipse", "line", "polyline", "polygon", "path")


def _points(el, tag: str):
    """The points a shape's outline lies within (a curve within its control points); [] for a container or an
    element drawing nothing; None for a shape whose extent is not worked out here (an arc)."""
    get = lambda name: _length(el.get(name, "0"))  # noqa: E731
    # four corners, so a rotated or skewed box is still bounded by them (two opposite ones bound it only upright)
    if tag in ("rect", "image"):
        x, y, w, h = get("x"), get("y"), get("width"), get("height")
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    if tag in ("circle", "ellipse"):
        rx, ry = (get("r"), get("r")) if tag == "circle" else (get("rx"), get("ry"))
        cx, cy = get("cx"), get("cy")
        return [(cx - rx, cy - ry), (cx + rx, cy - ry), (cx + rx, cy + ry), (cx - rx, cy + ry)]
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


def _outline_cuts(el, d: str, by_id, budget: list[int]) -> str | None:
    """Why clipping ``el`` by the outline of path data ``d`` changes its drawing (or may), or None where all of it
    lies inside the outline. Raises `OverBudget` past ``budget`` elements visited."""
    outline = _convex(d)
    if outline is None:
        return "a clip-path other than one rectangle or one convex outline, which MuPDF does not apply"
    points = drawn_points(el, (1, 0, 0, 1, 0, 0), by_id, budget, own=False)
    if points is None:
        return "a clip-path around a drawing whose extent is not known, which MuPDF does not apply"
    edges = list(zip(outline, outline[1:] + outline[:1]))
    # the outline turns one way: a point inside is on that side of every edge (by at most TOLERANCE outside)
    turn = 1 if _area(outline) > 0 else -1
    lengths = [max(((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5, 1e-12) for (ax, ay), (bx, by) in edges]
    for px, py in points:
        for ((ax, ay), (bx, by)), length in zip(edges, lengths):
            if turn * ((bx - ax) * (py - ay) - (by - ay) * (px - ax)) / length < -TOLERANCE:
                return "a clip-path cutting its drawing, which MuPDF does not apply (it would draw past the clip)"
    return None


def polylines(d: str) -> list[list[Point]] | None:
    """Path data ``d`` as the points of its subpaths, curves followed by chords; None for data with an arc or a
    smooth curve (``A``, ``S``, ``T``) or malformed."""
    tokens = _PATH_TOKEN.findall(d)
    lines: list[list[Point]] = []
    x = y = 0.0
    command, i = None, 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command, i = tokens[i], i + 1
            if command in "Zz":
                if lines and lines[-1]:
                    x, y = lines[-1][0]
                    lines[-1].append((x, y))
                continue
        if command is None or command.upper() in "AST":
            return None
        upper, relative = command.upper(), command.islower()
        n = _ARITY[upper]
        if i + n > len(tokens) or any(t.isalpha() for t in tokens[i:i + n]):
            return None
        values = [float(v) for v in tokens[i:i + n]]
        i += n
        if upper == "H":
            pairs = [(values[0] + (x if relative else 0), y)]
        elif upper == "V":
            pairs = [(x, values[0] + (y if relative else 0))]
        else:
            pairs = [(values[k] + (x if relative else 0), values[k + 1] + (y if relative else 0))
                     for k in range(0, n, 2)]
        if upper == "M":
            lines.append([pairs[0]])
            command = "l" if relative else "L"  # pairs after a moveto are linetos
        elif not lines:
            lines.append([(x, y)])
        if upper in ("C", "Q"):
            lines[-1].extend(_curve([(x, y), *pairs]))
        elif upper != "M":
            lines[-1].append(pairs[-1])
        x, y = pairs[-1]
    return lines


def drawn_points(el, matrix, by_id, budget: list[int], own: bool = True) -> list[Point] | None:
    """The points ``el`` draws through (a path's, its curves by chords; a rectangle's corners; a circle's or
    ellipse's box, more than it draws), in the coordinates ``matrix`` maps them to; None where they are not known
    (text, an arc, a nested viewport). Raises `OverBudget` past ``budget`` elements visited."""
    return _walk(el, matrix, by_id, budget, _passed_through, own)


def _passed_through(el, tag: str) -> list[Point] | None:
    """The points a shape passes through, its curves by chords (`polylines`), or the corners of its box (a
    rectangle, a circle, a line: `_points`); None where they are not followed (an arc)."""
    if tag not in ("polyline", "polygon", "path"):
        return _points(el, tag)
    lines = polylines("M " + el.get("points", "") if tag != "path" else el.get("d", ""))
    return None if lines is None else [p for line in lines for p in line]


def _convex(d: str) -> list[Point] | None:
    """The outline of path data ``d`` where it is one closed convex polygon (its curves by chords; subpaths that
    enclose nothing left out), else None."""
    # a subpath enclosing nothing (matplotlib's polar wedge closes its circle round a "hole" of radius 0) is none
    lines = [line for line in polylines(d) or [] if len(line) >= 4 and abs(_area(line)) > 1e-9]
    if len(lines) != 1:
        return None
    outline = lines[0]
    if abs(outline[0][0] - outline[-1][0]) > 1e-6 or abs(outline[0][1] - outline[-1][1]) > 1e-6:
        return None  # open: not an outline
    outline = [p for k, p in enumerate(outline[:-1]) if k == 0 or p != outline[k - 1]]
    crosses = [(b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
               for a, b, c in zip(outline, outline[1:] + outline[:1], outline[2:] + outline[:2])]
    scale = max(abs(c) for c in crosses) if crosses else 0
    if scale == 0 or not (all(c >= -1e-9 * scale for c in crosses) or all(c <= 1e-9 * scale for c in crosses)):
        return None
    return outline


def _area(outline: list[Point]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(outline, outline[1:] + outline[:1])) / 2


def _curve(controls: list[Point]) -> list[Point]:
    """The points a quadratic or cubic Bézier (``controls``, its start first) passes at `CHORDS` even steps."""
    points = []
    for k in range(1, CHORDS + 1):
        t = k / CHORDS
        row = controls
        while len(row) > 1:  # de Casteljau
            row = [((1 - t) * a[0] + t * b[0], (1 - t) * a[1] + t * b[1]) for a, b in zip(row, row[1:])]
        points.append(row[0])
    return points
