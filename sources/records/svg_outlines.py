"""Clips by one convex outline (a polar plot's circle): whether they cut the drawing they clip.

MuPDF applies no ``clip-path`` (`sources.records.svg`): a clip is allowed where it cuts nothing. matplotlib clips a
polar axes' line, grid and fills by the axes' circle, written as one ``<path>`` of cubic Béziers, and every such
figure was refused though its lines lie inside the circle. Here a clip whose outline is one closed convex path is
allowed where every point the drawing passes through lies inside it (within `TOLERANCE`). Curves, the outline's
and the drawing's, are followed by chords (`CHORDS` to a segment), which stray from them by far less than the
tolerance at a figure's sizes (a 45° arc of radius 100 by 0.12); arcs (``A``) and smooth curves (``S``, ``T``) are
not followed, and a clip around them is refused as before.
"""

from __future__ import annotations

from sources.records.svg import (_ARITY, _PATH_TOKEN, TOLERANCE, _apply, _compose, _length, _local, _OverBudget,
                                 _transform)

CHORDS = 16  # chords a curve segment is followed by
Point = tuple[float, float]


def outline_cuts(el, d: str, by_id, budget: list[int]) -> str | None:
    """Why clipping ``el`` by the outline of path data ``d`` changes its drawing (or may), or None where all of it
    lies inside the outline. Raises `sources.records.svg._OverBudget` past ``budget`` elements visited."""
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


def drawn_points(el, matrix, by_id, budget: list[int], own: bool = True, depth: int = 0) -> list[Point] | None:
    """The points ``el`` draws through (a path's, its curves by chords; a rectangle's corners; a circle's or
    ellipse's box, more than it draws), in the coordinates ``matrix`` maps them to; None where they are not known
    (text, an arc, a nested viewport). Raises `_OverBudget` past ``budget`` elements visited."""
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
    get = lambda name: _length(el.get(name, "0"))  # noqa: E731
    try:
        if tag == "use":
            href = next((el.get(h) for h in ("href", "{http://www.w3.org/1999/xlink}href") if el.get(h)), "")
            ref = by_id.get(href[1:]) if href.startswith("#") else None
            shift = (1, 0, 0, 1, get("x"), get("y"))
            return drawn_points(ref, _compose(matrix, shift), by_id, budget, True, depth + 1) if ref is not None else []
        if tag in ("g", "a", "switch"):
            points: list[Point] = []
            for child in el:
                found = drawn_points(child, matrix, by_id, budget, True, depth + 1)
                if found is None:
                    return None
                points += found
            return points
        if tag in ("rect", "image"):
            x, y, w, h = get("x"), get("y"), get("width"), get("height")
            own_points = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
        elif tag in ("circle", "ellipse"):
            rx, ry = (get("r"), get("r")) if tag == "circle" else (get("rx"), get("ry"))
            cx, cy = get("cx"), get("cy")
            own_points = [(cx - rx, cy - ry), (cx + rx, cy - ry), (cx + rx, cy + ry), (cx - rx, cy + ry)]
        elif tag == "line":
            own_points = [(get("x1"), get("y1")), (get("x2"), get("y2"))]
        elif tag in ("polyline", "polygon"):
            lines = polylines("M " + el.get("points", ""))
            own_points = [p for line in lines or [] for p in line] if lines is not None else None
        elif tag == "path":
            lines = polylines(el.get("d", ""))
            own_points = None if lines is None else [p for line in lines for p in line]
        else:
            return None if tag in ("text", "tspan", "textPath", "foreignObject", "svg") else []
    except (ValueError, IndexError):
        return None
    return None if own_points is None else [_apply(matrix, p) for p in own_points]


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
