"""Superscripts and subscripts put back on their line.

MuPDF keeps a raised or lowered small glyph run on its line when the producer draws it inside the line's
text ("mc" "2" from pdfLaTeX comes as one line, the "2" flagged superscript), but one drawn on its own (a
footnote marker or an exponent placed by a separate text operation) comes as a block of its own. Read on
its own it is read out of place (after its column, as a column of its own), and its bare number is taken
for a page number. So such a piece is put back into the line it touches, written inline as MuPDF writes
the ones it keeps ("mc2", "Smith12", "H2O"), and flagged superscript (`SUPERSCRIPT`: what `headings`
reads as a line of running text).
"""

from __future__ import annotations

import bisect

import pymupdf

from sources.documents.blocks import union_box
from sources.documents.text_layer import each_text_block, largest_size, upright

SUPERSCRIPT = pymupdf.TEXT_FONT_SUPERSCRIPT  # MuPDF's span flag for a raised (here: raised or lowered) run
SMALL = 0.85  # a script is set at most this share of its line's size (LaTeX: 7 on 10 points, 5 on 7)
MAX_CHARS = 6  # "12", "*", "-1", "n+1", "a,b": longer small text beside a line is a text of its own


def attach_scripts(text: dict) -> dict:
    """``text`` (a page's `text_layer.visible` dict text) with each short line set smaller than the line it
    touches on its row (it starts where that line ends or ends where it starts, its middle within that line's
    height) moved into that line as its last or first spans; a line after the script on the same row, set as
    the host is, joins them too ("mc" "2" " is energy"), and so does a line broken at a script inside it
    (`_broken_before`). Blocks left without lines are dropped."""
    lines = [line for block in text["blocks"] if block.get("type") != 1 for line in block.get("lines", ())
             if upright(line)]
    hosts = Rows(lines)
    largest = max((largest_size(ln) for ln in lines), default=0.0)
    moved: set[int] = set()
    for line in lines:
        if largest_size(line) > SMALL * largest or not _is_script_shape(line):  # nothing on the page is large enough
            continue
        host, before = _host(line, hosts.around((line["bbox"][1] + line["bbox"][3]) / 2), moved)
        if host is None:
            continue
        spans = [{**span, "flags": span["flags"] | SUPERSCRIPT} for span in line["spans"]]
        host["spans"] = host["spans"] + spans if before else spans + host["spans"]
        moved.add(id(line))
        if before:
            after = _continuation(host, line, hosts.around((host["bbox"][1] + host["bbox"][3]) / 2), moved)
            if after is not None:
                gap = after["bbox"][0] - line["bbox"][2]
                space = [{**after["spans"][0], "text": " "}] if gap > 0.15 * largest_size(host) else []
                host["spans"] = host["spans"] + space + after["spans"]
                host["bbox"] = union_box((host["bbox"], after["bbox"]))
                moved.add(id(after))
        host["bbox"] = union_box((host["bbox"], line["bbox"]))
    ends_small = any(_script_at(line, -1) for line in lines)
    for line in lines:  # MuPDF broke the row at a script inside a line: "Energy equals mc" | "2 for a body"
        if id(line) in moved or not (ends_small or _script_at(line, 0)):
            continue
        before = _broken_before(line, hosts, moved)
        if before is not None:
            gap = line["bbox"][0] - before["bbox"][2]
            space = [{**line["spans"][0], "text": " "}] if gap > 0.15 * largest_size(before) else []
            before["spans"] = before["spans"] + space + [
                {**span, "flags": span["flags"] | SUPERSCRIPT} if span["size"] <= SMALL * largest_size(line) else span
                for span in line["spans"]]
            before["bbox"] = union_box((before["bbox"], line["bbox"]))
            moved.add(id(line))
    if not moved:
        return text

    def remade(block: dict) -> list[dict]:
        kept = [ln for ln in block.get("lines", ()) if id(ln) not in moved]
        return [{**block, "lines": kept, "bbox": union_box(ln["bbox"] for ln in kept)}] if kept else []

    return each_text_block(text, remade)


def _is_script_shape(line: dict) -> bool:
    shown = "".join(span["text"] for span in line["spans"]).strip()
    return 0 < len(shown) <= MAX_CHARS and " " not in shown


class Rows:
    """Lines indexed by their top, to find those whose height holds a point fast (a page of table cells
    has hundreds of short lines, each a script candidate)."""

    def __init__(self, lines: list[dict]):
        self.lines = sorted(lines, key=lambda ln: ln["bbox"][1])
        self.tops = [ln["bbox"][1] for ln in self.lines]
        self.tallest = max((ln["bbox"][3] - ln["bbox"][1] for ln in lines), default=0.0)

    def around(self, y: float) -> list[dict]:
        """The lines whose box spans height ``y``."""
        lo, hi = bisect.bisect_left(self.tops, y - self.tallest), bisect.bisect_right(self.tops, y)
        return [ln for ln in self.lines[lo:hi] if ln["bbox"][3] >= y]


def _host(script: dict, hosts: list[dict], moved: set[int]) -> tuple[dict | None, bool]:
    """The line ``script`` is a script of, and whether it follows that line's text (else it leads it)."""
    x0, y0, x1, y1 = script["bbox"]
    middle, size = (y0 + y1) / 2, largest_size(script)
    for host in hosts:
        if host is script or id(host) in moved:
            continue
        h0, t0, h1, t1 = host["bbox"]
        host_size = largest_size(host)
        if not (size <= SMALL * host_size and t0 <= middle <= t1):
            continue
        reach = 0.3 * host_size
        if -1 <= x0 - h1 <= reach:
            return host, True
        if -1 <= h0 - x1 <= reach:
            return host, False
    return None, True


def _continuation(host: dict, script: dict, hosts: list[dict], moved: set[int]) -> dict | None:
    """The line that goes on after ``script`` on ``host``'s row, set in the host's size."""
    _, t0, _, t1 = host["bbox"]
    for line in hosts:
        if line is host or id(line) in moved:
            continue
        x0, y0, _, y1 = line["bbox"]
        if -1 <= x0 - script["bbox"][2] <= 0.6 * largest_size(host) and abs(y0 - t0) < 2 and abs(y1 - t1) < 2 \
                and abs(largest_size(line) - largest_size(host)) < 0.5:
            return line
    return None


def _broken_before(line: dict, rows: "Rows", moved: set[int]) -> dict | None:
    """The line that ``line`` goes on from, where MuPDF broke one line at a script: on its row, set in its
    size, ending where it starts, with a script at the junction (its last span or ``line``'s first)."""
    size = largest_size(line)
    full = [span for span in line["spans"] if span["text"].strip() and span["size"] > SMALL * size]
    if not full:
        return None
    middle = (full[0]["bbox"][1] + full[0]["bbox"][3]) / 2
    for other in rows.around(middle):
        if other is line or id(other) in moved or abs(largest_size(other) - size) >= 0.5:
            continue
        if not -1 <= line["bbox"][0] - other["bbox"][2] <= 0.6 * size:
            continue
        if _script_at(line, 0) or _script_at(other, -1):
            return other
    return None


def _script_at(line: dict, end: int) -> bool:
    """Whether the line's first (``end`` 0) or last (-1) visible span is set smaller than the line."""
    shown = [span for span in line["spans"] if span["text"].strip()]
    return len(shown) > 1 and shown[end]["size"] <= SMALL * largest_size(line)
