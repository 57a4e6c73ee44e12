"""Lines an OCR engine never read: rows of ink between two lines of text that no line's box covers.

An engine can lose a whole line without a trace: on a page of Python's reference, Tesseract's layout
analysis read the rows above and below "param2): do_stuff() await some_coroutine() Changed in version
3.7: ..." and returned nothing for it (issue 19: "whole lines vanish"). Its confidence cannot say so,
there is no line to be unsure of; the page's ink can. `vanished_lines` finds such rows, and
`recover_vanished` reads each one again as a single line: a reading in words fills the hole, and a page
where one stays unread is refused by `page_sample` rather than written with the hole in it. Ink shaped
like a line that lies beside the lines, not between them (`unread_ink`), is read too and added where it
reads as words; it leaves no hole in the text's flow, so where it does not (a picture) the page stays.
Letters the engine never boxed at all, in rows, that neither search finds (`unread_letters`: a row run
into a stamp's ring, or left in a photographed page's shadow) refuse the page too.
"""

from __future__ import annotations

import bisect
import collections
import re

import numpy as np

from sources.common.ocr import DARK, OcrLine, box_extent, line_crop, recognise_many
from sources.common.tesseract_lines import NUMBER
from sources.documents.ocr_lines import is_garbled, wordy

INKED_ROW = 0.1  # share of a gap's width in dark pixels no line covers that makes a row of it ink
MIN_ROWS = 0.5  # of the page's usual line height: the inked rows a vanished line takes at least
EXTEND = 0.3  # usual line heights a vanished line's rows are taken beyond the uncovered ones, up and down
MIN_WIDTH = 3.0  # usual line heights: a gap narrower than this (a table cell) is not searched
# letters no line covers, standing in rows of at least ROW_LETTERS, that refuse a page: a word or two lost
# from a row of text, not a picture's specks or a lone label
UNREAD_LETTERS = 12
ROW_LETTERS = 4


def vanished_lines(lines: list[OcrLine], pixels: np.ndarray) -> list[list[list[float]]]:
    """The boxes (image pixels, clockwise from top-left) of rows of ink that lie between a line and the
    next line below it across the same columns, room enough for a line between them, and that no line
    covers: at least ``MIN_ROWS`` line heights of rows, each with ``INKED_ROW`` of the gap's width in dark
    pixels outside every line's box (a rule or a speck is thinner; a picture stands apart from the text
    lines' columns and is searched only where it lies between two of them)."""
    if len(lines) < 2:
        return []
    loose = _loose_ink(lines, pixels)
    extents = [box_extent(line.box) for line in lines]
    usual = float(np.median([y1 - y0 for _, y0, _, y1 in extents]))
    holes = []
    for x0, y0, x1, y1 in extents:
        below = [e for e in extents if e[1] >= y1 and min(x1, e[2]) - max(x0, e[0]) > 0.5 * min(x1 - x0, e[2] - e[0])]
        if not below:
            continue
        nx0, ny0, nx1, _ = min(below, key=lambda e: e[1])
        left, right, top, bottom = int(max(x0, nx0)), int(min(x1, nx1)), int(np.ceil(y1)), int(ny0)
        if right - left < MIN_WIDTH * usual or bottom - top < MIN_ROWS * usual:
            continue
        inked = loose[top:bottom, left:right].sum(axis=1) >= INKED_ROW * (right - left)  # (rows,)
        run, best = 0, (0, 0)
        for row, ink in enumerate(inked):
            run = run + 1 if ink else 0
            best = max(best, (run, row + 1))
        if best[0] >= MIN_ROWS * usual:
            # the rows no box covers are the line's middle: its ascenders and descenders reach into the
            # boxes round it, and a crop without them reads "ana eacn silo IS Checked To"
            first, last = top + best[1] - best[0] - EXTEND * usual, top + best[1] + EXTEND * usual
            left, right = _ink_reach(loose[top + best[1] - best[0]:top + best[1]], left, right, usual)
            holes.append([[float(left), round(first, 1)], [float(right), round(first, 1)],
                          [float(right), round(last, 1)], [float(left), round(last, 1)]])
    return holes


def unread_ink(lines: list[OcrLine], pixels: np.ndarray) -> list[list[list[float]]]:
    """The boxes of patches of ink no line covers, anywhere on the page, shaped like a line of text: 0.6
    to 2 line heights high, at least two wide, a tenth of it dark. Tesseract's layout analysis left out a
    column of "(More info) (Purchase)" buttons beside a price list (16 words lost on a page of SQLite's
    site) without a hole between lines to show it."""
    import cv2

    if not lines:
        return []
    loose = _loose_ink(lines, pixels).astype(np.uint8)
    usual = float(np.median([box_extent(line.box)[3] - box_extent(line.box)[1] for line in lines]))
    # letters of a word and words of a line joined: closed across a word space, not across a line gap
    joined = cv2.dilate(loose, np.ones((max(1, int(usual / 4)), max(1, int(usual))), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes = []
    for left, top, w, h, _ in stats[1:count]:
        ink = loose[top:top + h, left:left + w].mean()
        if 0.6 * usual <= h <= 2 * usual and w >= 2 * usual and ink >= 0.1:
            boxes.append([[float(left), float(top)], [float(left + w), float(top)],
                          [float(left + w), float(top + h)], [float(left), float(top + h)]])
    return boxes


CELL_TEXT = re.compile(r"[\w.,%$\u00a3\u20ac()+\-]{1,4}")  # what a table's short cell reads as: "2", "n/a" is not


def unread_cells(lines: list[OcrLine], pixels: np.ndarray) -> list[list[list[float]]]:
    """The boxes of patches of ink no line covers that are a table's short cell: 0.5 to 1.5 line heights
    high and narrower than `unread_ink`'s two, standing alone (no loose ink within two line heights beside
    it) on the row of two lines or more (a table's row, its cells cut apart). Tesseract leaves a lone
    digit out of a row it reads the rest of (an invoice's quantity "2" between "Toner cartridge" and
    "61.50"), and the row was written a cell short, its other cells moved left under the wrong heads."""
    import cv2

    if len(lines) < 2:
        return []
    loose = _loose_ink(lines, pixels).astype(np.uint8)
    extents = [box_extent(line.box) for line in lines]
    usual = float(np.median([y1 - y0 for _, y0, _, y1 in extents]))
    joined = cv2.dilate(loose, np.ones((max(1, int(usual / 4)), max(1, int(usual / 4))), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes = []
    for left, top, w, h, _ in stats[1:count]:
        if not (0.5 * usual <= h <= 1.5 * usual and w < 2 * usual and loose[top:top + h, left:left + w].mean() >= 0.1):
            continue
        on_row = [e for e in extents if min(e[3], top + h) - max(e[1], top) > 0.5 * min(e[3] - e[1], h)]
        reach = int(2 * usual)  # alone on its row between lines: a word of a row of lost letters has others
        beside = (loose[top:top + h, max(0, left - reach):left].any()
                  or loose[top:top + h, left + w:left + w + reach].any())
        if len(on_row) >= 2 and not beside:
            boxes.append([[float(left), float(top)], [float(left + w), float(top)],
                          [float(left + w), float(top + h)], [float(left), float(top + h)]])
    return boxes


def recover_vanished(kept: list[OcrLine], read: list[OcrLine], pixels: np.ndarray, engine,
                     language: str | None, min_confidence: float) -> tuple[list[OcrLine], str | None]:
    """``kept`` with each of `vanished_lines` (searched among ``read``, every line the engine gave)
    read again as one line from its crop at twice the size and added where it reads as words
    (`ocr_lines.wordy`, not `ocr_lines.is_garbled`); and a note of the first that does not (None if none):
    the page is then refused, not written with a line missing. Then each of `unread_ink` (beside the
    lines: no hole in the text's flow) is read so too and added where it reads as words at
    ``min_confidence`` or more; one that does not is left out (a picture, a logo). Each of `unread_cells`
    (a table's short cell) is read so and added where it reads as a cell (`CELL_TEXT`) at ``min_confidence``
    or more. Ink between two pieces of one row that no line covers (`inked_gaps`: a pen stroke across the
    lines) is a failure too, and so is a patch of `unread_ink` that reads as numbers only (a table's
    columns the engine's layout left out: no picture)."""
    out, failed = list(kept), None
    for box in vanished_lines(read, pixels):
        text, confidence = engine.recognise(line_crop(pixels, box, zoom=2.0))
        text = text.strip()
        if wordy(text) and not is_garbled(text, language):
            out.append(OcrLine(text, confidence, box))
            read = [*read, out[-1]]
        else:
            failed = failed or f"a row of ink no line covers, at {box[0]}, read as {text!r}"
            read = [*read, OcrLine("", 0.0, box)]  # said already: not searched again below
    boxes = unread_ink(read, pixels)
    crops = [line_crop(pixels, box, zoom=2.0) for box in boxes]
    readings = recognise_many(engine, crops)
    for box, (text, confidence) in zip(boxes, readings):
        # numbers are a table's cells, no picture: Tesseract's layout left out a ruled table's price and
        # amount columns ("0.50 6.00" beside "Apples 12"), and read as no words they were dropped unseen
        if text.split() and all(NUMBER.fullmatch(word) for word in text.split()) and not failed:
            x, y = (int(v) for v in box[0])
            failed = f"a row of numbers no line covers ({text.strip()[:40]!r}), at ({x}, {y})"
        if confidence >= min_confidence and wordy(text) and not is_garbled(text.strip(), language):
            out.append(OcrLine(text.strip(), confidence, box))
    cells = unread_cells([*read, *out], pixels)
    for box, (text, confidence) in zip(cells, recognise_many(engine, [line_crop(pixels, b, zoom=2.0) for b in cells])):
        if confidence >= min_confidence and CELL_TEXT.fullmatch(text.strip()) and any(c.isalnum() for c in text):
            out.append(OcrLine(text.strip(), confidence, box))
    # every box read or judged covers its ink; letters left in rows were lost without a trace
    judged = [*read, *(OcrLine("", 0.0, box) for box in boxes), *out]
    lost = unread_letters(judged, pixels)
    if lost and not failed:
        count, rows, (x, y) = lost
        failed = f"{count} letters in {rows} row{'s' * (rows > 1)} of ink no line covers, the first at ({x}, {y})"
    led = unread_after_leaders([*read, *out], pixels)
    if led and not failed:
        count, (x, y) = led
        failed = (f"{count} dot leader{'s' * (count > 1)} no line covers end{'s' * (count == 1)} in letters no line "
                  f"covers (a contents page's page numbers?), the first at ({x}, {y})")
    # a patch `unread_ink` read as no words is no cover here: inside a row, its ink is the row's words
    crossed = inked_gaps([line for line in out if line.text.strip()], [*read, *out], pixels)
    if crossed and not failed:
        count, (x, y) = crossed
        failed = (f"{count} gap{'s' * (count > 1)} inside rows of text hold ink no line covers (a stroke across "
                  f"the lines?), the first at ({x}, {y})")
    return out, failed


INKED_GAP = 0.1  # share of a gap's pixels, between two pieces of one row, dark and covered by no line


def inked_gaps(lines: list[OcrLine], judged: list[OcrLine], pixels: np.ndarray) -> tuple[int, tuple[int, int]] | None:
    """(how many, the first's top-left in image pixels) of the gaps between two neighbouring pieces of one
    row of ``lines`` (overlapping down the page by over half the lower's height) at least a line height
    wide whose pixels, over the two pieces' shared rows, are ``INKED_GAP`` or more dark and covered by no
    box of ``judged``; None where none is. A pen stroke drawn across a paragraph cut Tesseract's lines
    where it crossed them and the words under it were never read: the pieces either side stood as two
    columns, read one after the other ("Farmers keep the harv" then "ilos through the winter"), words
    lost, and nothing left a hole between lines or letters in rows (the stroke joins them into one shape).
    A table's gutters hold no ink, or a thin rule."""
    loose = _loose_ink(judged, pixels)
    extents = sorted((box_extent(line.box) for line in lines), key=lambda e: e[0])
    usual = float(np.median([y1 - y0 for _, y0, _, y1 in extents])) if extents else 0.0
    found = []
    for i, (x0, y0, x1, y1) in enumerate(extents):
        row = [e for e in extents[i + 1:]
               if e[0] >= x1 and min(y1, e[3]) - max(y0, e[1]) > 0.5 * min(y1 - y0, e[3] - e[1])]
        if not row:
            continue
        nx0, ny0, _, ny1 = min(row, key=lambda e: e[0])
        left, right, top, bottom = int(np.ceil(x1)), int(nx0), int(max(y0, ny0)), int(min(y1, ny1))
        if right - left >= usual and bottom > top and loose[top:bottom, left:right].mean() >= INKED_GAP:
            found.append((top, left))
    if not found:
        return None
    top, left = min(found)
    return len(found), (int(left), int(top))


def unread_letters(lines: list[OcrLine], pixels: np.ndarray) -> tuple[int, int, tuple[int, int]] | None:
    """(letters, rows, the first row's top-left in image pixels) of the letter-shaped ink no line of
    ``lines`` covers, standing in rows of ``ROW_LETTERS`` or more, where there are ``UNREAD_LETTERS`` or
    more of them; None where there are fewer. A letter: a piece of ink darker than the page round it
    (a local threshold: a page photographed with a shadow across it is dark paper, not ink) 0.3 to 1.5
    usual line heights high and at most two wide, its centre outside every line's box and between the
    first line's top and the last line's bottom. Tesseract left
    three of five lines out of a page whose rows ran into a stamp's ring, and the left halves of the lines
    of a page in shadow; `vanished_lines` looks only between lines, `unread_ink` only at line-shaped
    patches, and the stamp's ring and the shadow are neither."""
    import cv2

    if not lines:
        return None
    usual = float(np.median([box_extent(line.box)[3] - box_extent(line.box)[1] for line in lines]))
    grey = cv2.cvtColor(np.ascontiguousarray(pixels), cv2.COLOR_RGB2GRAY)
    block = 2 * int(usual) + 1  # a neighbourhood wider than a letter: its paper sets the threshold
    ink = cv2.adaptiveThreshold(grey, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, max(block, 3), 20)
    count, _, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    cover = np.zeros(grey.shape, np.uint8)
    for line in lines:
        cv2.fillPoly(cover, [np.round(np.asarray(line.box, dtype=np.float32)).astype(np.int32)], 1)
    # rows above the first line read and below the last are a scan's margins: a small running head
    # Tesseract leaves out is dropped from the page anyway (`ocr_layout.OcrMargins`), not a hole
    first, last = min(box_extent(ln.box)[1] for ln in lines), max(box_extent(ln.box)[3] for ln in lines)
    letters = []
    for (left, top, width, height, _), (cx, cy) in zip(stats[1:count], centres[1:count]):
        if 0.3 * usual <= height <= 1.5 * usual and width <= 2 * usual and first <= cy <= last \
                and not cover[int(cy), int(cx)]:
            letters.append((left, top, width, height))
    if len(letters) < UNREAD_LETTERS:
        return None
    # letters joined into rows across a word space, not across a line gap
    mask = np.zeros(grey.shape, np.uint8)
    for left, top, width, height in letters:
        mask[top:top + height, left:left + width] = 1
    joined = cv2.dilate(mask, np.ones((1, max(1, int(usual))), np.uint8))
    rows, labels = cv2.connectedComponents(joined, connectivity=8)
    pieces = collections.defaultdict(list)  # a row's label: its letters' (left, bottom, height)
    for left, top, _, height in letters:
        pieces[int(labels[top, left])].append((left, top + height, height))
    sizes = {row: len(found) for row, found in pieces.items() if _worded(found, usual)}
    kept = [(top, left) for left, top, _, _ in letters if sizes.get(int(labels[top, left]), 0) >= ROW_LETTERS]
    if len(kept) < UNREAD_LETTERS:
        return None
    top, left = min(kept)
    return len(kept), sum(size >= ROW_LETTERS for size in sizes.values()), (int(left), int(top))


LEADER_DOTS = 5  # dots in a row at least that make a leader (an ellipsis has three)
DOT = 0.35  # of the usual line height: the most a leader's dot is high or wide


def unread_after_leaders(lines: list[OcrLine], pixels: np.ndarray) -> tuple[int, tuple[int, int]] | None:
    """(how many, the first's top-left in image pixels) of the dot leaders right of a line of ``lines``
    that no line covers (`LEADER_DOTS` dots or more, each at most `DOT` line heights, the first on the
    line's row within two line heights of its end, each the next within two) and that end in
    letter-shaped ink no line covers within two line heights; None where none does. Tesseract read a
    scanned contents page's titles and left each leader and the page number after it out: the page was
    written as a list of titles without their numbers, and neither the leaders (specks) nor a number of
    one to three digits make a row of letters (`unread_letters`)."""
    import cv2

    if not lines:
        return None
    loose = _loose_ink(lines, pixels).astype(np.uint8)
    usual = float(np.median([box_extent(line.box)[3] - box_extent(line.box)[1] for line in lines]))
    count, _, stats, centres = cv2.connectedComponentsWithStats(loose, connectivity=8)
    dots = [(cx, cy) for (_, _, w, h, _), (cx, cy) in zip(stats[1:count], centres[1:count])
            if w <= DOT * usual and h <= DOT * usual]
    dots.sort()
    xs = [cx for cx, _ in dots]  # a leader's next dot looked up by x, not by a scan of every dot
    letters = [(left, top, w, h) for left, top, w, h, _ in stats[1:count]
               if DOT * usual < h <= 1.5 * usual and w <= 2 * usual]
    found = set()
    for line in lines:
        x0, y0, x1, y1 = box_extent(line.box)
        # the leader followed dot by dot from the line's end: on a page turned by half a degree its dots
        # climb a third of a line height across the page, out of the line's own rows
        first = [(cx, cy) for cx, cy in dots if y0 + 0.4 * (y1 - y0) <= cy <= y1 and x1 - usual <= cx <= x1 + 2 * usual]
        chain = [min(first)] if first else []
        while chain:
            x, y = chain[-1]
            near = dots[bisect.bisect_right(xs, x):bisect.bisect_right(xs, x + 2 * usual)]
            step = [d for d in near if abs(d[1] - y) <= 0.2 * usual]
            if not step:
                break
            chain.append(min(step))
        if len(chain) < LEADER_DOTS:
            continue
        end, level = chain[-1]
        after = [(left, top) for left, top, w, h in letters
                 if end < left <= end + 2 * usual and top - 0.2 * usual <= level <= top + h + 0.2 * usual]
        if after:
            found.add(min(after))
    if not found:
        return None
    left, top = min(found, key=lambda p: (p[1], p[0]))
    return len(found), (int(left), int(top))


TALL_LETTERS = 0.15  # share of a row's letters a quarter taller than its short ones: ascenders among x-height
ON_BASELINE = 0.5  # share of a row's neighbouring letters whose bottoms meet: letters stand on one baseline
BASELINE_STEP = 0.1  # of the usual line height: the most two neighbouring letters' bottoms differ on a baseline


def _worded(pieces: list[tuple[int, int, int]], usual: float) -> bool:
    """Whether a row's pieces of ink, each (left, bottom, height) in pixels, are of the heights letters
    are and stand as letters do: some rise above the rest (b, d, l, capitals, digits among x-height
    letters), and most stand on the baseline of the letter before them (a descender or a comma does not;
    comparing neighbours, not a row's median, keeps a row turned by a degree). A run of like marks is not
    a row of letters: a heading's "*********************" underline of which Tesseract read "**"; nor is a
    scatter plot's markers, run together into pieces of many heights, each at its own height on the plot
    (a clean page with one was refused as "35 letters in 4 rows of ink no line covers")."""
    heights = [height for _, _, height in pieces]
    short = float(np.percentile(heights, 20))  # x-height letters (letters run together are taller)
    if sum(h >= 1.25 * short for h in heights) < TALL_LETTERS * len(heights):
        return False
    bottoms = [bottom for _, bottom, _ in sorted(pieces)]
    steps = np.abs(np.diff(bottoms))
    return not steps.size or np.count_nonzero(steps <= max(2.0, BASELINE_STEP * usual)) >= ON_BASELINE * steps.size


def _ink_reach(band: np.ndarray, left: int, right: int, usual: float) -> tuple[int, int]:
    """Columns ``left`` to ``right`` of ``band`` (rows of the page) widened to the ink beside them, across
    gaps under two line heights (a word space): the lost line may run past the lines round it."""
    inked = np.flatnonzero(band.any(axis=0))  # columns with ink
    gap = 2 * usual
    for column in inked[::-1]:
        if left - gap < column < left:
            left = int(column)
    for column in inked:
        if right < column < right + gap:
            right = int(column) + 1
    return left, right


def _loose_ink(lines: list[OcrLine], pixels: np.ndarray) -> np.ndarray:
    """(H, W) bool: the page's dark pixels that no line's box, widened by two pixels, covers."""
    import cv2
    from PIL import Image, ImageDraw

    height, width = pixels.shape[:2]
    cover = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(cover)
    for line in lines:
        draw.polygon([(float(x), float(y)) for x, y in line.box], fill=255)
    # widened by a 5 x 5 dilation: what Pillow's MaxFilter(5) gives, pixel for pixel, in 0.3 ms where
    # that took 35 ms a page (twice a page: 4% of a scanned page's CPU)
    covered = cv2.dilate(np.asarray(cover), np.ones((5, 5), np.uint8)) > 0
    # dark: a mean under DARK, as `ocr.ink_bands` has it; the three channels summed as integers give the same
    # pixels in 1 ms where the float mean took 13
    dark = (pixels[..., 0].astype(np.uint16) + pixels[..., 1] + pixels[..., 2]) < 3 * DARK
    return dark & ~covered

