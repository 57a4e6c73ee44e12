"""Text set sideways: a paragraph turned a quarter (a landscape table's notes on a portrait page, a text
box rotated 90 degrees). MuPDF gives each of its lines a block of its own, so every line became a
paragraph; here the blocks of one sideways paragraph are joined again, lines in reading order.

Lines are sideways when their writing direction (``dir``) is straight up, (0, -1), or straight down,
(0, 1). Turned up, the next line stands to the right; turned down, to the left. Vertical CJK writing
(downward columns of upright glyphs, `vertical`) is read before this, as its own kind.
"""

from __future__ import annotations

from sources.documents.blocks import union_box

_UP, _DOWN = (0.0, -1.0), (0.0, 1.0)


def sideways_joined(text: dict) -> dict:
    """PyMuPDF's ``get_text("dict")`` result with consecutive blocks of sideways lines that continue
    one another (same direction and size, the next line beside the last, at most 0.8 of a line's
    thickness apart, overlapping along the text) made one block, its lines in reading order."""
    out: list[dict] = []
    for block in text["blocks"]:
        way = _way(block)
        last = out[-1] if out else None
        if way and last is not None and _way(last) == way and _continues(last["lines"][-1], block["lines"][0], way):
            lines = last["lines"] + block["lines"]
            out[-1] = {**last, "lines": lines, "bbox": union_box(ln["bbox"] for ln in lines)}
        else:
            out.append(block)
    return {**text, "blocks": out}


def _way(block: dict) -> tuple | None:
    """The block's direction where all its lines are set sideways one way; else None."""
    if block.get("type") == 1 or not block.get("lines") or block.get("vertical"):  # vertical CJK: its own paragraphs
        return None
    ways = {tuple(round(v, 2) for v in line.get("dir", (1.0, 0.0))) for line in block["lines"]}
    return next(iter(ways)) if len(ways) == 1 and ways <= {_UP, _DOWN} else None


def _continues(line: dict, nxt: dict, way: tuple) -> bool:
    x0, y0, x1, y1 = line["bbox"]
    a0, b0, a1, b1 = nxt["bbox"]
    thick = x1 - x0
    gap = a0 - x1 if way == _UP else x0 - a1  # turned up, lines run left to right; turned down, right to left
    size = max(s["size"] for s in line["spans"])
    same_size = abs(max(s["size"] for s in nxt["spans"]) - size) < 0.1 * size
    return same_size and -0.3 * thick <= gap <= 0.8 * thick and min(y1, b1) - max(y0, b0) > 0
