"""A full-page screenshot cut into viewport-high tiles, and the text each tile shows.

Cuts fall between lines of text: a tile ends above the first line its viewport height would cut, so
every line is whole in exactly one tile, and the next tile starts with it. A tile's target is the
lines inside it that a reader sees (``seen == "all"`` in `page_layout.js`'s hit test): a line hidden
under a fixed header or a cookie banner is not in the target; a line partly hidden cannot be
written truthfully either way, so its tile is refused. A line whose box shows no ink in the tile is not seen
either (white on white, opacity 0.01). The DOM can still be wrong about what is drawn (text coloured like
a patterned background, an icon font drawing a word as a picture): `tile_cer`
reads lines of the tile back from its image, as documents' pages are checked. Lines holding text CSS draws
that no API gives (a counter, a quote, a list marker) refuse their tile too (``seen == "unread"``).
"""

from __future__ import annotations


import numpy as np

from sources.common.ink import inked
from sources.common.line_agreement import LINE_HEIGHT, judge_first, read_back
from sources.common.ocr import charset_of
from sources.documents.script_marks import without_marks


def cut_tiles(lines: list[dict], image_height: int, height: int) -> list[tuple[int, int]]:
    """``(top, bottom)`` page pixels of each tile, top to bottom, each at most ``height`` tall.

    lines: every text line with ``bbox`` ``[x0, y0, x1, y1]`` in page pixels. A cut never falls
    inside a line, unless the line is taller than a tile (then it is cut where the tile ends). Every tile is
    at least a pixel tall: a line starting inside the tile's first pixel row (a glyph line taller than the
    viewport at y 100.5 under a cut at 100) is one the tile cannot move above, so it is cut."""
    spans = sorted((line["bbox"][1], line["bbox"][3]) for line in lines)
    cuts, top = [], 0
    while top < image_height:
        bottom = min(top + height, image_height)
        while bottom < image_height:  # move up above any line the cut would go through
            # in whole pixels: a cut at int(y0) == top would make an empty tile, and the next the same, forever
            inside = [int(y0) for y0, y1 in spans if y0 < bottom < y1 and int(y0) > top]
            if not inside:
                break
            bottom = min(inside)
        cuts.append((top, bottom))
        top = bottom
    return cuts


def tile_blocks(blocks: list[dict], top: int, bottom: int,
                grey: np.ndarray | None = None) -> tuple[list[dict], list[str], list[str]]:
    """The blocks' lines wholly inside ``[top, bottom)`` that a reader sees, boxes relative to the
    tile, as blocks ``{"tag", "text", "bbox", "lines": [{"text", "bbox"}]}`` (lines joined by each
    line's ``glue``: a space, or nothing within a wrapped word or CJK run); the texts of the lines in
    the tile that are only partly seen; and of those seen that hold text CSS draws and the DOM cannot
    give (a counter, a quote, a list marker: ``seen == "unread"``). The caller refuses the tile when
    there are any. ``grey``: the tile's image (H, W) uint8; a line whose box shows no ink there is not
    seen (text coloured like its background, or at an opacity near zero: the DOM lays it out, the
    image shows nothing, `sources.common.ink`)."""
    shown, partial, unread = [], [], []
    for block in blocks:
        lines = [line for line in block.get("lines", []) if top <= (line["bbox"][1] + line["bbox"][3]) / 2 < bottom]
        partial += [line["text"] for line in lines if line.get("seen") == "part"]
        unread += [line["text"] for line in lines if line.get("seen") == "unread"]
        lines = [_moved(line, top) for line in lines if line.get("seen", "all") == "all"]
        if grey is not None:
            lines = [line for line in lines if inked(grey, *(int(round(v)) for v in line["bbox"]))]
        if lines:
            box = [min(ln["bbox"][0] for ln in lines), min(ln["bbox"][1] for ln in lines),
                   max(ln["bbox"][2] for ln in lines), max(ln["bbox"][3] for ln in lines)]
            text = "".join((ln["glue"] if i else "") + ln["text"] for i, ln in enumerate(lines))
            shown.append({"tag": block["tag"], "text": text, "bbox": box, "lines": [_plain(ln) for ln in lines]})
    return shown, partial, unread


ROW_GAP = 2.0  # line heights between two one-line blocks side by side that are one row of text (a nav, a pager)


def rows_joined(blocks: list[dict]) -> list[dict]:
    """``blocks`` (as `tile_blocks` gives them) with each run of one-line blocks that follow each other on one
    row, left to right and at most `ROW_GAP` line heights apart (breadcrumbs, a pager, tag chips, a toolbar: each
    item a flex item of its own), made one block of one line, joined by a space: the image shows one line
    ("Home › Guides › Networking" was written a line each; a blind hunt). Table cells are left as they are, and
    blocks of several lines (columns of paragraphs) too; only neighbours in reading order are joined."""
    joined: list[dict] = []
    for block in blocks:
        last = joined[-1] if joined else None
        if last is not None and _same_row(last, block):
            a, b = last["lines"][0], block["lines"][0]
            box = [min(a["bbox"][0], b["bbox"][0]), min(a["bbox"][1], b["bbox"][1]),
                   max(a["bbox"][2], b["bbox"][2]), max(a["bbox"][3], b["bbox"][3])]
            line = {"text": a["text"] + " " + b["text"], "bbox": box,
                    **({"math": True} if a.get("math") or b.get("math") else {})}
            joined[-1] = {**last, "text": line["text"], "bbox": box, "lines": [line]}
        else:
            joined.append(block)
    return joined


def _same_row(a: dict, b: dict) -> bool:
    if len(a["lines"]) != 1 or len(b["lines"]) != 1 or {a["tag"], b["tag"]} & {"td", "th"}:
        return False
    (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a["lines"][0]["bbox"], b["lines"][0]["bbox"]
    ha, hb = ay1 - ay0, by1 - by0
    if not 0.67 < ha / max(hb, 1e-6) < 1.5:  # a heading beside a badge is not one line of text
        return False
    low = min(ha, hb)
    return abs((ay0 + ay1) - (by0 + by1)) / 2 < 0.3 * low and ax1 - 1 <= bx0 <= ax1 + ROW_GAP * low


OVERLAP = 0.5  # of the smaller line's core height and of its width: two lines drawn over each other
# a line's box is its font's ascent to descent; its letters stand in about the middle 60% (x-height and caps):
# a kicker pulled 8 px into a 72 px heading's box touches no letter of it
CORE = 0.2


def overlapping(blocks: list[dict]) -> tuple[str, str] | None:
    """Two lines of different blocks (as `tile_blocks` gives them) drawn over each other, or None: the cores
    of their boxes (`CORE` off the top and the bottom) each over half the other's height, and their boxes over
    half the narrower one's width (two paragraphs positioned at one place, text over a watermark word) make a
    smear in the image that neither text is. Lines of one block are left alone (a drop cap's tall first line
    stands beside the lines under it)."""
    def core(box):
        trim = CORE * (box[3] - box[1])
        return box[1] + trim, box[3] - trim

    lines = sorted(((line["bbox"], core(line["bbox"]), line["text"], b) for b, block in enumerate(blocks)
                    for line in block["lines"]), key=lambda entry: entry[1][0])
    for i, (a, (a0, a1), text_a, block_a) in enumerate(lines):
        for b, (b0, b1), text_b, block_b in lines[i + 1:]:
            if b0 >= a1:  # sorted by core top: no later line reaches up into this one
                break
            if block_a == block_b:
                continue
            high = min(a1, b1) - max(a0, b0)
            wide = min(a[2], b[2]) - max(a[0], b[0])
            if high > OVERLAP * min(a1 - a0, b1 - b0) and wide > OVERLAP * min(a[2] - a[0], b[2] - b[0]):
                return text_a, text_b
    return None


def _moved(line: dict, top: int) -> dict:
    x0, y0, x1, y1 = line["bbox"]
    return {**line, "bbox": [round(x0, 1), round(y0 - top, 1), round(x1, 1), round(y1 - top, 1)]}


def _plain(line: dict) -> dict:
    """A line as targets' meta keep it: its text and box, and whether it holds a formula (`tile_cer`)."""
    return {"text": line["text"], "bbox": line["bbox"], **({"math": True} if line.get("math") else {})}


def tile_cer(image, blocks: list[dict], engine, lines: int) -> float | None:
    """The character error rate (letters and digits) of up to ``lines`` of the tile's lines read back
    from its image (``image``: the decoded tile, a Pillow RGB image; ``blocks`` as `tile_blocks` gives them,
    boxes in the tile's pixels), pooled; None when no line is long enough to judge, or none is in a script
    the recogniser knows (`sources.common.line_agreement`)."""
    from PIL import Image

    # a superscript's tags ("mc<sup>2</sup>", `page_layout.js`) are no characters of the image; nor is a
    # formula's TeX: a line holding one is not read back
    candidates = [{**line, "text": without_marks(line["text"])} if "<" in line["text"] else line
                  for block in blocks for line in block["lines"] if not line.get("math")]
    chosen = judge_first(candidates, charset_of(engine) if candidates else None)[:lines]
    if not chosen:
        return None
    errors = length = 0
    for line in chosen:
        x0, y0, x1, y1 = line["bbox"]
        crop = image.crop((max(0, int(x0) - 2), max(0, int(y0) - 2), min(image.width, int(x1) + 3),
                           min(image.height, int(y1) + 3)))
        zoom = LINE_HEIGHT / max(crop.height, 1)
        crop = crop.resize((max(1, round(crop.width * zoom)), LINE_HEIGHT), Image.Resampling.BICUBIC)
        wrong, count = read_back(line["text"], np.asarray(crop), engine)
        errors, length = errors + wrong, length + count
    return errors / length
