"""Which source lines were typeset on which page, read from the ``.synctex.gz`` pdfTeX writes with ``-synctex=1``.

The file is text (SyncTeX's documented format): a preamble of ``Input:TAG:PATH`` lines, then one
``{PAGE`` ... ``}PAGE`` section per page holding nested box records (``[`` ``]`` vertical boxes,
``(`` ``)`` horizontal ones) and leaf records (``x`` characters, ``k`` kerns, ``g`` glue, ``$`` math,
``h``/``v`` void boxes), each tagged ``TAG,LINE:H,V``: the input file and line TeX was reading when it
made that node, and its position (scaled points, ``Unit`` times).

The running head, the page number and the foot are made by LaTeX's output routine while TeX reads some
body line, so they carry that line's tag: only records inside the page's text block, the vertical box
exactly ``\\textheight`` tall that the output routine builds, are kept (`SyncTex.parse` is told the text
height; where no such box exists every record counts).
"""

from __future__ import annotations

import dataclasses
import gzip
import os
from collections import defaultdict

SP_PER_PT = 65536
_CONTENT = "x$hv"  # nodes made as TeX reads them: glue and kerns say nothing, a line's box is made at its
                   # paragraph's end (it carries the line of the \\par)


@dataclasses.dataclass(frozen=True)
class Mark:
    """A node typeset from ``line`` of ``path`` at height ``v`` (points from the top) on ``page`` (1-based)."""

    path: str
    line: int
    page: int
    v: float


@dataclasses.dataclass
class SyncTex:
    """Per page, the source lines typeset on it (`lines_on`), and per line the pages it reaches (`pages_of`)."""

    marks: list[Mark]
    pages: int

    @classmethod
    def parse(cls, data: bytes, root: str, text_height_pt: float | None = None) -> "SyncTex":
        """Read SyncTeX ``data`` (gzipped or not); input paths are made relative to the folder ``root``
        (files outside it, the class and packages, are left out). ``text_height_pt``: LaTeX's
        ``\\textheight``, to find each page's text block."""
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        root = os.path.realpath(root)
        target = round(text_height_pt * SP_PER_PT) if text_height_pt else None
        inputs: dict[str, str] = {}
        unit, page, pages = 1.0, 0, 0
        marks: list[Mark] = []
        stack: list[bool] = []  # per open box: whether it is inside the page's text block
        found: list[tuple[Mark, bool]] = []  # this page's marks, and whether each is in the text block
        for raw in data.decode("utf-8", "replace").splitlines():
            head = raw[:1]
            if raw.startswith("Input:"):
                tag, _, path = raw[6:].partition(":")
                path = os.path.realpath(path)
                if path.startswith(root + os.sep):
                    inputs[tag] = os.path.relpath(path, root)
            elif raw.startswith("Unit:"):
                unit = float(raw[5:])
            elif head == "{" and raw[1:].isdigit():
                page, stack, found = int(raw[1:]), [], []
            elif head == "}" and raw[1:].isdigit():
                body = any(inside for _, inside in found) or target is None
                marks.extend(mark for mark, inside in found if inside or not body)
                pages, page = max(pages, page), 0
            elif page and head in "[(":
                inside = bool(stack and stack[-1]) or target is None or (head == "[" and _is_text_block(raw, target))
                stack.append(inside)
                _add(found, raw, inputs, page, unit, inside)
            elif page and head in "])":
                if stack:
                    stack.pop()
            elif page and head in _CONTENT:
                _add(found, raw, inputs, page, unit, bool(stack and stack[-1]) or target is None)
        return cls(marks, pages)

    def lines_on(self, page: int) -> set[tuple[str, int]]:
        return {(m.path, m.line) for m in self.marks if m.page == page}

    def pages_of(self) -> dict[tuple[str, int], list[int]]:
        """(path, line) -> the pages it was typeset on, in order."""
        pages: dict[tuple[str, int], set[int]] = defaultdict(set)
        for mark in self.marks:
            pages[(mark.path, mark.line)].add(mark.page)
        return {key: sorted(found) for key, found in pages.items()}

    def top_of(self, lowest: bool = False) -> dict[tuple[str, int, int], float]:
        """(path, line, page) -> the highest point (smallest v, points) a node of that line reaches there (with
        ``lowest``: the lowest point)."""
        pick = max if lowest else min
        top: dict[tuple[str, int, int], float] = {}
        for m in self.marks:
            key = (m.path, m.line, m.page)
            top[key] = pick(top.get(key, m.v), m.v)
        return top


def _is_text_block(raw: str, target: int) -> bool:
    """Whether a ``[`` record is a box ``target`` scaled points tall (give or take the 2 sp that printing
    ``\\textheight`` in points and reading it back may lose)."""
    try:
        return abs(int(raw.rsplit(":", 1)[1].split(",")[1]) - target) <= 2
    except (IndexError, ValueError):
        return False


def _add(found: list, raw: str, inputs: dict[str, str], page: int, unit: float, inside: bool) -> None:
    if raw[0] not in _CONTENT:
        return
    tag_line, _, where = raw[1:].partition(":")
    tag, _, line = tag_line.partition(",")
    path = inputs.get(tag)
    if path is None or not line.isdigit():
        return
    try:
        v = int(where.split(":")[0].split(",")[1]) * unit / SP_PER_PT
    except (IndexError, ValueError):
        return
    found.append((Mark(path, int(line), page, v), inside))
