"""A page image with its rules down erased, for an OCR engine to read: the rules between a ruled table's
columns.

Tesseract reads a table's vertical rules as "|" between its cells, so a row came back as one line
("Apples | 12 | 0.50 | 6.00") that the layout step cannot cut into cells, and it lost the decimal points
beside the rules ("3.25" read as "325": a wrong number that looks right). A rule down is a straight,
thin run of ink far longer than any stroke of a letter: ``DOWN`` times the page's usual letter height
(the median height of its pieces of ink; a share of the page's size erased the stems of a small image's
large letters) and at most ``THIN`` of it thick. Those runs are found by a morphological opening (the
ink, darker than the paper round it, kept only where a line of that length fits in it) and painted the
paper's white, a pixel beyond them for the blur round their edges. Rules across are left: they part
rows and are not read as letters, and the flat top of a stamp's ring, drawn over text, is one by its
shape (erased, the text under the ring read as words that were wrong, where it was refused). A form's
empty tick boxes are erased too (`_tick_boxes`): a square outline a letter or two high, read as "O", "0)"
or, down a column of them, "gooaa", and "Yes" beside one was set as a heading. Text is not moved: boxes
read off the erased image are the page's.
"""

from __future__ import annotations

import numpy as np

Box = tuple[int, int, int, int]  # (x0, y0, x1, y1) in pixels, ends exclusive

DOWN = 5  # letter heights a rule down is long at least (a stem and ascender: under two; a stamp ring's end: three)
THIN = 0.4  # letter heights a rule is thick at most: a stamp's ring, drawn thick, is no rule; a rule of 1.1 pt
# (1.5 CSS pixels) is 3 to 4 pixels at 150 dpi, blurred, beside letters of 11: at 0.25 it was left, read as "|"


def _thin(runs: np.ndarray, side: int, most: float) -> np.ndarray:
    """The pieces of ``runs`` (a 0/1 mask) at most ``most`` pixels thick, as a bool mask: ``side`` is the
    statistics column that measures thickness (`cv2.CC_STAT_WIDTH` for runs down)."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    keep = np.zeros(count, bool)
    keep[1:] = stats[1:, side] <= max(2.0, most)
    return keep[labels]


BOX = (0.6, 2.0)  # letter heights a form's tick box is high and wide, from and to
EDGE = 0.9  # share of each of a tick box's four sides inked: an "O", a "0" or a "D" is round at a corner
APART = 0.4  # letter heights of clear paper a tick box has left and right of it: a word space, at least


def _tick_boxes(labels: np.ndarray, stats: np.ndarray, letter: float) -> np.ndarray | None:
    """The empty square outlines among the pieces of ink ``labels`` and ``stats`` (as
    `cv2.connectedComponentsWithStats` gives them) the size of a letter or two, as a bool mask, or None
    where there are none: each piece ``BOX`` letter heights high and wide, its four sides inked along
    ``EDGE`` of their length (a letter is round somewhere, or open), empty of any ink inside (a ticked box
    is the form's answer), and set apart from the
    ink beside it by ``APART`` (a katakana "ロ" or a Hangul "ㅁ" is such a square, set close to the letters
    beside it in its word: erased, "プログラム" lost its "ロ" and "마음" its "ㅁ")."""
    import cv2

    low, high = BOX[0] * letter, BOX[1] * letter
    keep = np.zeros(len(stats), bool)
    widths, heights = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    # sized as a box, picked out at once: a page has thousands of letters, not to be looped over one by one
    sized = (low <= widths) & (widths <= high) & (low <= heights) & (heights <= high) \
        & (widths <= 1.4 * heights) & (heights <= 1.4 * widths)
    sized[0] = False  # the paper
    # and inked at its four corners (a pixel in at most), as no "o" or "O" is: most letters are sized so
    candidates = np.flatnonzero(sized)
    left, top = stats[candidates, 0], stats[candidates, 1]
    right, bottom = left + stats[candidates, 2] - 1, top + stats[candidates, 3] - 1
    cornered = np.ones(len(candidates), bool)
    middle, centre = (top + bottom) // 2, (left + right) // 2  # and midway along each side: no "n", "u" or "H"
    corners = ((top, left, (1, 1)), (top, right, (1, -1)), (bottom, left, (-1, 1)), (bottom, right, (-1, -1)),
               (top, centre, (1, 0)), (bottom, centre, (-1, 0)), (middle, left, (0, 1)), (middle, right, (0, -1)))
    for ys, xs, step in corners:
        cornered &= (labels[ys, xs] == candidates) | (labels[ys + step[0], xs + step[1]] == candidates)
    cornered &= labels[middle, centre] != candidates  # empty in its middle, as an "e", "s" or "x" is not
    gap, reach = max(1, int(APART * letter)), int(letter)
    for index in candidates[cornered]:
        left, top, width, height = (int(v) for v in stats[index, :4])
        piece = labels[top:top + height, left:left + width] == index
        thick = max(1, min(width, height) // 5)  # a side blurred over a pixel or two
        sides = (piece[:thick].any(axis=0), piece[-thick:].any(axis=0), piece[:, :thick].any(axis=1),
                 piece[:, -thick:].any(axis=1))
        # empty of any ink, not of its own only: a tick or a cross drawn inside, not touching it, is the
        # form's answer, and its box erased round it left it a loose letter beside "Yes"
        inside = labels[top + 2 * thick:top + height - 2 * thick, left + 2 * thick:left + width - 2 * thick]
        beside = labels[top:top + height, max(0, left - gap):left + width + gap]
        alone = not (beside[:, :min(gap, left)] > 0).any() and not (beside[:, min(gap, left) + width:] > 0).any()
        # nor a piece of ink a letter height beside it reaching above and below it: a Hangul "ㅏ" by its "ㅁ"
        near = labels[max(0, top - 1):top + height + 1, max(0, left - reach):left + width + reach]
        taller = set(np.unique(near[0])) & set(np.unique(near[-1])) - {0, index} if len(near) == height + 2 else set()
        alone = alone and not taller
        keep[index] = all(side.mean() >= EDGE for side in sides) and inside.size > 0 and not inside.any() and alone
    return keep[labels] if keep.any() else None


def _rule_masks(pixels: np.ndarray, across: bool = True) -> tuple[np.ndarray, np.ndarray | None,
                                                                   np.ndarray | None] | None:
    """(the rules down, the rules across (None unless ``across``), the empty tick boxes or None) of ``pixels``
    ((H, W, 3) uint8 RGB, or (H, W) grey) as bool masks, or None where the page has no letters to measure them by.
    The rules across are wanted only where a reading's rows are told apart by them, not for every page erased."""
    import cv2

    grey = pixels if pixels.ndim == 2 else cv2.cvtColor(np.ascontiguousarray(pixels), cv2.COLOR_RGB2GRAY)
    # ink darker than the paper round it (a local threshold): paper in a shadow is no ink, and a shadow's
    # dark rows, taken for rules, were painted out with the text in them
    block = 2 * (min(grey.shape) // 40) + 1
    dark = cv2.adaptiveThreshold(grey, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, max(block, 3), 20)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    heights = stats[1:count, cv2.CC_STAT_HEIGHT]
    heights = heights[(heights >= 3) & (heights <= grey.shape[0] // 4)]  # specks and frames are no letters
    if not len(heights):
        return None
    letter = float(np.median(heights))
    length = max(8, int(DOWN * letter))
    down = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    sideways = _thin(cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((1, length), np.uint8)), cv2.CC_STAT_HEIGHT,
                     THIN * letter) if across else None
    return _thin(down, cv2.CC_STAT_WIDTH, THIN * letter), sideways, _tick_boxes(labels, stats, letter)


def without_rulings(pixels: np.ndarray) -> np.ndarray:
    """``pixels`` ((H, W, 3) uint8 RGB, or (H, W) grey) with its rules down and its empty tick boxes painted
    white; the same array where it has none."""
    masks = _rule_masks(pixels, across=False)
    return pixels if masks is None else _painted(pixels, masks[0], masks[2])


def erased_rulings(pixels: np.ndarray) -> tuple[np.ndarray, list[Box], list[Box]]:
    """(`without_rulings` of ``pixels``, its rules down and its rules across as boxes ``(x0, y0, x1, y1)`` in
    pixels, ends exclusive, left to right and top to bottom): the rules down are the borders between a ruled
    table's cells, which tell its columns apart where the cells are set closer than a gutter of words
    (`ocr_rules`); the rules across, left on the page, tell its rows apart where they are set closer than a
    cell's lines (`borderless_tables.borderless_table`). Found once for all three."""
    masks = _rule_masks(pixels)
    if masks is None:
        return pixels, [], []
    rules, across, boxes = masks
    return _painted(pixels, rules, boxes), _boxes(rules), _boxes(across)


def _painted(pixels: np.ndarray, rules: np.ndarray, boxes: np.ndarray | None) -> np.ndarray:
    """``pixels`` with ``rules`` and ``boxes`` (bool masks; boxes None for none) and a pixel round them painted
    white; the same array where both are empty."""
    import cv2

    if boxes is not None:
        rules = rules | boxes
    if not rules.any():
        return pixels
    rules = cv2.dilate(rules.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    out = pixels.copy()
    out[rules] = 255
    return out


def _boxes(mask: np.ndarray) -> list[Box]:
    """The pieces of ``mask`` (bool, (H, W)) as boxes ``(x0, y0, x1, y1)``, ends exclusive, in order."""
    import cv2

    if not mask.any():
        return []
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return sorted((int(x), int(y), int(x + w), int(y + h)) for x, y, w, h in stats[1:count, :4])
