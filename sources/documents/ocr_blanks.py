"""A form's fill-in blanks ("Name: ________") written as underscores on a scanned page, as its text layer has them.

Tesseract's layout analysis takes a run of underscores for a rule and leaves it out of the line: "Name:
________________" was read "Name:", a target that drops the blank a text-layer page of the same PDF writes.
The run is still on the page, among its rules across (`rulings.erased_rulings`, thin straight runs of ink
five letters long at least): one that starts just after a line's last letter, on its row down at the letters'
feet, and that no other line stands over, is that line's blank, written as underscores after it (a space
between, as the text layer sets them). A rule under a line's letters (an underline, a table's rule under its
row) starts before the line ends, and a rule alone on its row (a rule between sections) has no line to end.
"""

from __future__ import annotations

import dataclasses

from sources.common.ocr import OcrLine, box_extent

Box = tuple[float, float, float, float]  # (x0, y0, x1, y1) in pixels

BLANK_GAP = 1.5  # line heights between a line's end and its blank's rule at most: a space or two
UNDERSCORE = 0.53  # an underscore's width in the page's line heights: Nimbus Sans (Helvetica) 0.556 em, Times
# 0.5 em, and Tesseract's line of 11 pt letters 24 pixels high at 150 dpi (11.5 pt): 16 underscores read as 16


def blanks_filled(lines: list[OcrLine], across: list[Box]) -> list[OcrLine]:
    """``lines`` with each line that a fill-in blank follows on its row (one of ``across``, the page's rules
    across as boxes in the lines' pixels, `rulings.erased_rulings`) ending in that blank as underscores, as
    many as the rule is long in underscores of the page's letters (``UNDERSCORE`` of its median line height),
    its box widened over the rule. A line the engine read with its underscores keeps its reading."""
    if not across or not lines:
        return lines
    boxes = [box_extent(line.box) for line in lines]
    heights = sorted(y1 - y0 for _, y0, _, y1 in boxes)
    underscore = UNDERSCORE * heights[len(heights) // 2]
    out = list(lines)
    for rule in sorted(across):
        middle = (rule[1] + rule[3]) / 2
        for i, (x0, y0, x1, y1) in enumerate(boxes):
            height = y1 - y0
            follows = 0 <= rule[0] - x1 <= BLANK_GAP * height or (x0 < rule[0] and abs(rule[0] - x1) <= 0.2 * height)
            if not (follows and (y0 + y1) / 2 < middle < y1 + 0.5 * height) or out[i].text.rstrip().endswith("_"):
                continue
            # another line over the rule on its row: a table's rule under its cells, not this line's blank
            if any(j != i and b[0] < rule[2] and b[2] > rule[0] and b[1] < middle < b[3] + 0.5 * (b[3] - b[1])
                   for j, b in enumerate(boxes)):
                break
            count = max(1, round((rule[2] - rule[0]) / underscore))
            box = [[x0, y0], [rule[2], y0], [rule[2], y1], [x0, y1]]
            out[i] = dataclasses.replace(out[i], text=f"{out[i].text.rstrip()} {'_' * count}", box=box,
                                         word_widths=None)
            boxes[i] = (x0, y0, rule[2], y1)
            break
    return out
