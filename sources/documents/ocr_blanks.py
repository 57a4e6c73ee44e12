"""A form's fill-in blanks ("Name: ________") written as underscores on a scanned page, as its text layer has them.

Tesseract's layout analysis takes a run of underscores for a rule and leaves it out of the line: "Name:
________________" was read "Name:", a target that drops the blank a text-layer page of the same PDF writes.
The run is still on the page, among its rules across (`rulings.erased_rulings`, thin straight runs of ink
five letters long at least): one that starts just after a line's last letter, on its row down at the letters'
feet, and that no other line stands over, is that line's blank, written as underscores after it (a space
between, as the text layer sets them). A rule under a line's letters (an underline, a table's rule under its
row) starts before the line ends, and a rule alone on its row (a rule between sections) has no line to end.
A blank in mid-line ("The undersigned ____ agrees ...") Tesseract reads as two lines, the row's text after the
blank a line of its own, which the layout set after the next paragraph: that line is joined on after the blank.
"""

from __future__ import annotations

import dataclasses

from sources.common.ocr import OcrLine, box_extent
from sources.common.tesseract_lines import FIXED_PITCH, pitch_spread

Box = tuple[float, float, float, float]  # (x0, y0, x1, y1) in pixels

BLANK_GAP = 1.5  # line heights between a line's end and its blank's rule at most: a space or two
# an underscore's width in the page's characters' mean advance (its lines' widths over their characters, spaces
# counted): Nimbus Sans's 0.556 em and Nimbus Roman's 0.5 em came to 1.26-1.34 of English prose's mean at 9-14
# points, where a line height's share (0.53) read 16 underscores in 9-point Times as 18, in 14-point Helvetica
# as 17. In a monospaced font (`tesseract_lines.pitch_spread` under `FIXED_PITCH`) an underscore is one pitch
UNDERSCORE = 1.3


def blanks_filled(lines: list[OcrLine], across: list[Box]) -> list[OcrLine]:
    """``lines`` with each line that a fill-in blank follows on its row (one of ``across``, the page's rules
    across as boxes in the lines' pixels, `rulings.erased_rulings`) ending in that blank as underscores, as
    many as the rule is long in underscores of the page's letters (`underscore_width`), its box widened over
    the rule; where a line goes on along the row after the blank (`_row_goes_on`: "I, ____, agree", read as
    two lines), that line joined on after the underscores, its box taken in. A line the engine read with its
    underscores keeps its reading."""
    if not across or not lines:
        return lines
    boxes = [box_extent(line.box) for line in lines]
    underscore = underscore_width(lines)
    out: list[OcrLine | None] = list(lines)
    for rule in sorted(across):
        middle = (rule[1] + rule[3]) / 2
        for i, (x0, y0, x1, y1) in enumerate(boxes):
            height = y1 - y0
            follows = 0 <= rule[0] - x1 <= BLANK_GAP * height or (x0 < rule[0] and abs(rule[0] - x1) <= 0.2 * height)
            if out[i] is None or not (follows and (y0 + y1) / 2 < middle < y1 + 0.5 * height) or \
                    out[i].text.rstrip().endswith("_"):
                continue
            after = next((j for j, b in enumerate(boxes) if j != i and out[j] is not None
                          and _row_goes_on(boxes[i], rule, b)), None)
            # another line over the rule on its row: a table's rule under its cells, not this line's blank
            if any(j not in (i, after) and out[j] is not None and b[0] < rule[2] and b[2] > rule[0]
                   and b[1] < middle < b[3] + 0.5 * (b[3] - b[1]) for j, b in enumerate(boxes)):
                break
            count = max(1, round((rule[2] - rule[0]) / underscore))
            text, end = f"{out[i].text.rstrip()} {'_' * count}", rule[2]
            if after is not None:  # the text layer sets punctuation close after a blank ("____, agree")
                rest = out[after].text.strip()
                text = f"{text}{'' if rest[:1] in ',.;:)' else ' '}{rest}"
                end, y0, y1 = boxes[after][2], min(y0, boxes[after][1]), max(y1, boxes[after][3])
                out[after] = None
            box = [[x0, y0], [end, y0], [end, y1], [x0, y1]]
            out[i] = dataclasses.replace(out[i], text=text, box=box, word_widths=None)
            boxes[i] = (x0, y0, end, y1)
            break
    return [line for line in out if line is not None]


def _row_goes_on(line: Box, rule: Box, other: Box) -> bool:
    """Whether ``other`` (a line's box) starts where a blank (``rule``) after ``line`` ends, a space or two
    on (``BLANK_GAP`` of ``line``'s height), its middle within ``line``'s height: the same row's text after
    the blank, which Tesseract, leaving the blank out, reads as a line of its own."""
    height = line[3] - line[1]
    return rule[2] - 0.5 * height <= other[0] <= rule[2] + BLANK_GAP * height and \
        line[1] < (other[1] + other[3]) / 2 < line[3]


def underscore_width(lines: list[OcrLine]) -> float:
    """An underscore's width (pixels) in the font of ``lines`` (a page's, read): their characters' mean advance
    (boxes' widths over characters, spaces counted), ``UNDERSCORE`` of it, or all of it where their words keep
    one pitch (a monospaced font, `tesseract_lines.pitch_spread`). The text layer's count of a blank's
    underscores is its rule's length over this; the lines' heights told it badly (Tesseract's boxes of one
    size stood 12.8 pixels high in Times, 15 in Helvetica)."""
    boxes = [box_extent(line.box) for line in lines]
    advance = sum(x1 - x0 for x0, _, x1, _ in boxes) / max(1, sum(len(line.text) for line in lines))
    spread = pitch_spread([w for line in lines for w in (line.word_widths or ())])
    return advance if spread is not None and spread < FIXED_PITCH else UNDERSCORE * advance
