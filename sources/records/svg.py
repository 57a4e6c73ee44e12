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
plot's within its circle: `sources.records.svg_clips`) is no change and is allowed.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

from sources.common.images import ImageRejected
from sources.records.svg_clips import OverBudget, clip_cuts, local_name
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


def _named_colours() -> frozenset[str]:
    from PIL import ImageColor

    return frozenset(ImageColor.colormap) - {"rebeccapurple"}  # CSS4's one MuPDF does not know



def _declarations(style: str) -> dict[str, str]:
    out = {}
    for part in style.split(";"):
        if ":" in part:
            name, value = part.split(":", 1)
            out[name.strip().lower()] = value.strip()
    return out


def _properties(el) -> dict[str, str]:
    """An element's presentation attributes with its style attribute's declarations over them."""
    return {**{local_name(k).lower(): v.strip() for k, v in el.attrib.items()}, **_declarations(el.get("style", ""))}


def undrawable(root: ET.Element, max_work: int = SVG_MAX_ELEMENTS) -> str | None:
    """Why MuPDF would draw ``root`` otherwise than a browser does, or None where it draws it the same. The
    extents of clipped drawings are worked out visiting at most ``max_work`` elements in all (clips nested in
    clips visit their drawings again)."""
    named = _named_colours()
    budget = [max_work]
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    for el in root.iter():
        tag = local_name(el.tag)
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
            if clip != "none" and (why := clip_cuts(el, clip, by_id, budget)):
                return why
        except OverBudget:
            return f"clip-paths around more than {max_work} elements in all, too many to check"
    return None


def _set_both_ways(el) -> str | None:
    """A property the element sets to one value as a presentation attribute and to another in its style attribute:
    a browser draws the style's, MuPDF the attribute's."""
    declared = _declarations(el.get("style", ""))
    attributes = {local_name(k).lower(): v.strip().lower() for k, v in el.attrib.items()}
    return next((name for name, value in declared.items()
                 if name in attributes and name != "style" and attributes[name] != value.lower()), None)


def _drawable_paint(value: str, named: frozenset[str]) -> bool:
    lower = value.lower()
    return (lower == "none" or _HEX.fullmatch(value) is not None or _RGB.fullmatch(value) is not None
            or lower in named)
