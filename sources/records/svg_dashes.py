"""Dashed straight lines in an SVG cut into their dashes, which MuPDF, drawing every ``stroke-dasharray`` solid,
then draws as a browser does.

matplotlib writes each dashed line (``ls='--'``, ``':'``, a style's dashed grid such as bmh's) as one ``<path>`` of
straight segments whose style attribute sets ``stroke-dasharray`` and ``stroke-dashoffset``. Each such path is
written again as one subpath per dash, measured in the path's own user units as SVG measures dashes, each subpath
restarting the pattern. Paths with curves or arcs, dashes set any other way, and patterns of lengths not in user
units are left as they are (`svg.undrawable` refuses them).
"""

from __future__ import annotations

import math
import re

MAX_DASHES = 100_000  # dashes written in one SVG at most; past it the SVG is left as it is (and refused)

_PATH_TAG = re.compile(rb"""<path\b(?:[^>"']|"[^"]*"|'[^']*')*>""")
_ATTRIBUTE = re.compile(rb"""(\s)([-:\w]+)(\s*=\s*)(["'])(.*?)\4""", re.S)
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_TOKEN = re.compile(r"[A-Za-z]|" + _NUMBER)
_ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "Z": 0}


def dashes_as_paths(svg: bytes) -> bytes:
    """``svg`` with each dashed ``<path>`` of straight segments (its dashes set in its style attribute) written as
    its dashes; every other element as it is."""
    if b"stroke-dasharray" not in svg:
        return svg
    budget = [MAX_DASHES]
    out = _PATH_TAG.sub(lambda match: _dashed_tag(match.group(0), budget), svg)
    return out if budget[0] >= 0 else svg


def _dashed_tag(tag: bytes, budget: list[int]) -> bytes:
    attributes = {m.group(2).decode("ascii", "replace"): m for m in _ATTRIBUTE.finditer(tag)}
    if "stroke-dasharray" in attributes or "stroke-dashoffset" in attributes or "d" not in attributes \
            or "style" not in attributes:
        return tag
    style = attributes["style"].group(5).decode("utf-8", "replace")
    declarations = [part for part in style.split(";") if part.strip()]
    named = {part.split(":", 1)[0].strip().lower(): part.split(":", 1)[1].strip()
             for part in declarations if ":" in part}
    if "stroke-dasharray" not in named or named.get("fill", "").lower() != "none" or "&" in style:
        return tag  # a filled shape's outline dashed: its fill is not the dashes' outline
    pattern = _pattern(named["stroke-dasharray"])
    try:
        offset = float(named.get("stroke-dashoffset", "0").removesuffix("px"))
    except ValueError:
        return tag
    if pattern is None or not math.isfinite(offset):
        return tag
    kept = ";".join(part for part in declarations
                    if part.split(":", 1)[0].strip().lower() not in ("stroke-dasharray", "stroke-dashoffset"))
    if pattern:
        subpaths = _subpaths(attributes["d"].group(5).decode("ascii", "replace"))
        if subpaths is None:
            return tag
        # counted before cutting: a long line dashed finely would take hours to cut
        length = sum(math.dist(a, b) for points in subpaths for a, b in zip(points, points[1:]))
        if min(length / sum(pattern), MAX_DASHES + 1) * len(pattern) / 2 > budget[0]:
            budget[0] = -1
            return tag
        dashes = [dash for points in subpaths for dash in _dashes(points, pattern, offset)]
        budget[0] -= len(dashes)
        if budget[0] < 0:
            return tag
        d = " ".join("M " + " L ".join(f"{_number(x)} {_number(y)}" for x, y in dash) for dash in dashes)
    else:
        d = attributes["d"].group(5).decode("ascii", "replace")  # all zero: drawn solid
    for name, value in (("d", d), ("style", kept)):
        match = attributes[name]
        written = match.group(1) + match.group(2) + match.group(3) + match.group(4) + value.encode() + match.group(4)
        tag = tag.replace(match.group(0), written, 1)
    return tag


def _pattern(value: str) -> list[float] | None:
    """The dash and gap lengths (repeated once where odd in number, as SVG does); [] for none or all zero, drawn
    solid; None where any is negative, not a number of user units, or the pattern is too fine to cut."""
    if value.strip().lower() == "none":
        return []
    try:
        lengths = [float(part.removesuffix("px")) for part in re.split(r"[\s,]+", value.strip()) if part]
    except ValueError:
        return None
    if not lengths or any(not math.isfinite(v) or v < 0 for v in lengths):
        return None
    if sum(lengths) == 0:
        return []
    if sum(lengths) < 1e-3:
        return None
    return lengths * 2 if len(lengths) % 2 else lengths


def _subpaths(d: str) -> list[list[tuple[float, float]]] | None:
    """Each subpath's points in turn (a closed one ending at its start again); None where a command is other than
    a move, a line or a close."""
    tokens = _TOKEN.findall(d)
    subpaths, points, x, y, command, i = [], [], 0.0, 0.0, None, 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command, i = tokens[i], i + 1
            if command.upper() not in _ARITY:
                return None
            if command in "Zz":
                if points:
                    points.append(points[0])
                    x, y = points[0]
                    subpaths.append(points)
                    points = [(x, y)]
                continue
        if command is None or command in "Zz":
            return None
        upper, relative = command.upper(), command.islower()
        n = _ARITY[upper]
        values = tokens[i:i + n]
        if len(values) < n or any(v.isalpha() for v in values):
            return None
        numbers = [float(v) for v in values]
        i += n
        if upper == "H":
            x = numbers[0] + (x if relative else 0)
        elif upper == "V":
            y = numbers[0] + (y if relative else 0)
        else:
            x, y = numbers[0] + (x if relative else 0), numbers[1] + (y if relative else 0)
        if upper == "M":
            if len(points) > 1:
                subpaths.append(points)
            points = [(x, y)]
            command = "l" if relative else "L"  # pairs after a moveto are linetos
        else:
            points.append((x, y))
    if len(points) > 1:
        subpaths.append(points)
    return subpaths


def _dashes(points: list[tuple[float, float]], pattern: list[float], offset: float) -> list[list[tuple]]:
    """The dashes along one subpath's points, each a list of points, the pattern begun ``offset`` into it."""
    period = sum(pattern)
    at = offset % period
    index = 0
    while at >= pattern[index]:  # where in the pattern the subpath starts
        at -= pattern[index]
        index = (index + 1) % len(pattern)
    left = pattern[index] - at
    dashes, current = [], [points[0]] if index % 2 == 0 else None
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        length = math.hypot(x1 - x0, y1 - y0)
        done = 0.0
        while length - done > left:
            done += left
            point = (x0 + (x1 - x0) * done / length, y0 + (y1 - y0) * done / length)
            if current is not None:  # a dash ends
                current.append(point)
                dashes.append(current)
                current = None
            else:  # a gap ends
                current = [point]
            index = (index + 1) % len(pattern)
            left = pattern[index]
        left -= length - done
        if current is not None and length > 0:
            current.append((x1, y1))
    if current is not None and len(current) > 1:
        dashes.append(current)
    return [dash for dash in dashes if len(dash) > 1]


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"
