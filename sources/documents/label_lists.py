"""A numbered list set beside its label ("Notes:" in a cell of its own, the notes in the next: SQLite's null
handling page), the label cut from the first item.

MuPDF sets the label and the first item on one line (`Notes:  1. Older versions ...`, a non-breaking space or
two apart) and the items after it in a block of their own, so the page read a paragraph "Notes: 1. Older
versions ..." and a list that starts at 2. The line is cut where its first item starts when the item's marker
("1." or "1)") follows a label of at most `LABEL_WORDS` words ending in a colon, and the next line below starts
with the next number, the same delimiter, where the marker stands (measured within `PLACE_EM`): the label is
a paragraph of its own, the item the first of the list's block. A first item that wraps (in a wider font) goes
on, on lines at or right of its marker, in the label's block (where the next items may follow too: DejaVu Serif)
or at the head of the block under it (DejaVu Sans, "UNION." over "2. Test data unavailable.").
"""

from __future__ import annotations

import re

from sources.documents.blocks import union_box
from sources.documents.code_blocks import baseline
from sources.documents.column_cuts import TOLERANCE, char_places, line_of, span_part

LABEL_WORDS = 3
# ems within which the marker's measured place (a standard font's advances scaled to the span) is where the next
# items' markers stand: DejaVu Sans's "1." after "Notes:" was measured 2.9 points left of them at 12 points
PLACE_EM = 0.5
_LABEL = re.compile(r"^(\s*(?:\S+\s+){0,%d}?\S*:)[\s\u00a0]+(\d{1,2})([.)])[\s\u00a0]" % (LABEL_WORDS - 1))


def with_labels_apart(blocks: list[dict]) -> list[dict]:
    """The page's dict ``blocks`` with each such label (see the module's docstring) a block of its own, its first
    item (with the lines its block holds after it) put at the head of the block under it that holds the next
    items, or a block of its own right after the label where its block holds them; the others as they are."""
    out: list[list[dict]] = [[block] for block in blocks]
    for k, block in enumerate(blocks):
        lines = block.get("lines") or []
        if block.get("type", 0) != 0 or not lines or len(lines[0]["spans"]) != 1:
            continue
        line = lines[0]
        span = line["spans"][0]
        match = _LABEL.match(span["text"])
        if not match:
            continue
        start = match.start(2)
        places = char_places(span)
        marker = f"{int(match.group(2)) + 1}{match.group(3)}"
        place = (places[start], max(TOLERANCE, PLACE_EM * span["size"]))
        at = _item_at(lines[1:], place, marker)
        below = None if at is None or at < len(lines) - 1 else _next_item(blocks, lines[-1], place, marker)
        if at is None or at == len(lines) - 1 and below is None:
            continue
        cut = len(match.group(1))
        label = line_of(line, [span_part(span, 0, cut, places)])
        item = [line_of(line, [span_part(span, start, len(span["text"]), places)])] + lines[1:]
        out[k] = [{**block, "bbox": label["bbox"], "lines": [label]}]
        if below is None:  # the next items go on in the label's block
            out[k].append({**block, "bbox": union_box(ln["bbox"] for ln in item), "lines": item})
            continue
        under = out[below][0]
        out[below] = [{**under, "bbox": union_box([under["bbox"]] + [ln["bbox"] for ln in item]),
                       "lines": item + under["lines"]}]
    return [part for parts in out for part in parts]


def _item_at(lines: list[dict], place: tuple[float, float], marker: str) -> int | None:
    """The index in ``lines`` of the first that starts with ``marker`` at x (``place``: x and its tolerance, in
    points), each line before it going on with the item before (starting at x or right of it); ``len(lines)``
    where all go on so; None where one starts left of x first (a paragraph that goes on)."""
    x, tolerance = place
    for k, line in enumerate(lines):
        if line["bbox"][0] < x - tolerance:
            return None
        text = "".join(span["text"] for span in line["spans"]).lstrip()
        if text.startswith(marker) and abs(line["bbox"][0] - x) <= tolerance:
            return k
    return len(lines)


def _next_item(blocks: list[dict], line: dict, place: tuple[float, float], marker: str) -> int | None:
    """The block whose first line is the next under ``line`` (within two of its heights) and whose lines reach one
    starting with ``marker`` at ``place`` (`_item_at`: the item before may go on at the block's head)."""
    height = line["bbox"][3] - line["bbox"][1]
    for k, block in enumerate(blocks):
        lines = block.get("lines") or []
        if block.get("type", 0) != 0 or not lines or not 0 < baseline(lines[0]) - baseline(line) <= 2 * height:
            continue
        at = _item_at(lines, place, marker)
        if at is not None and at < len(lines):
            return k
    return None
