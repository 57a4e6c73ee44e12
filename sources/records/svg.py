"""SVG figures to PNG with bounded work: an SVG is a program, and a small one can ask for unbounded work.

Nested ``<use>`` elements multiply (ten levels of ten uses is 10^10 shapes in 2.5 KB): the elements
are counted with every ``<use>`` expanded before anything is drawn, and a count over ``max_elements``
is refused. What the count cannot foresee is bounded by drawing in a child process (PyMuPDF, as
before) that is stopped after ``seconds`` and may use at most ``MEMORY_BYTES`` of memory.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

from sources.common.images import ImageRejected

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
    ``error:image:unreadable``, ``error:image:svg_too_complex`` or ``error:image:svg_timeout``."""
    count = expanded_elements(svg, max_elements)
    if count > max_elements:
        raise ImageRejected("error:image:svg_too_complex",
                            f"more than {max_elements} elements once its <use> references are expanded")
    try:
        done = subprocess.run([sys.executable, "-I", "-c", _DRAW], input=svg, capture_output=True,
                              timeout=seconds, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ImageRejected("error:image:svg_timeout", f"drawing took over {seconds:g} s") from exc
    if done.returncode != 0 or not done.stdout.startswith(b"\x89PNG"):
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or [f"exit {done.returncode}"])[-1]
        raise ImageRejected("error:image:unreadable", f"SVG: {last}"[:300])
    return done.stdout


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
