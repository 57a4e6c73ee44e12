"""OCR lines cut at the rules down they cross: a ruled table's cells read as one line.

A ruled table's rules are erased before Tesseract reads the page (`rulings.without_rulings`: read, they
were "|" between the cells and the decimal points beside them were lost), and where its cells are padded
tightly (text a pixel or two from the rule) what is left between two cells is narrower than a word space:
Tesseract read a row as one line ("Apples 12", "Bread 2 3.25", "Eggs 6 (0.30 (1.80"), and the layout
step, which tells a table's columns by the gutters between its cells, wrote the rows as a paragraph. No
line of text runs across a rule down, so a line that crosses one is cut there, each piece read again from
its own crop (`cut_at_rules`), and the rules are kept (in points) for the table step to take a rule between
two pieces of a row as their gutter (`ocr_tables.table_runs`): PP-OCR, whose boxes stand a third of a line
above and below the letters, read a ruled table's cells apart but nearer than its gutter of line heights,
and the rows were joined into the paragraph above the table.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sources.common.ocr import DARK, OcrLine, box_extent, line_crop, recognise_many

Rule = tuple[float, float, float, float]  # (x0, y0, x1, y1) of a rule down


def crossed(box: tuple[float, float, float, float], rules: list[Rule]) -> list[Rule]:
    """The ``rules`` (boxes in the units of ``box``) that run across ``box`` (x0, y0, x1, y1) from top to
    bottom through its middle row and stand inside it from left to right, left to right."""
    x0, y0, x1, y1 = box
    middle = (y0 + y1) / 2
    return sorted((r for r in rules if x0 < r[0] and r[2] < x1 and r[1] <= middle <= r[3]), key=lambda r: r[0])


TOUCH = 2  # pixels beside a rule's erased band (its blur erased with it) that a letter it cut through inks


def cell_rules(lines: list[OcrLine], rules: list[Rule], pixels: np.ndarray) -> list[Rule]:
    """The ``rules`` (`rulings.erased_rulings`, in pixels of ``pixels``: (H, W, 3) uint8, the page with its
    rules erased) that part cells: a rule cuts through letters in under half of the ``lines`` it crosses
    (`crossed`), a letter being ink within ``TOUCH`` pixels either side of the erased band on one of the line's
    middle rows. A cell's text stands clear of the rules round it, by its padding; a streak of dust on the
    scanner's glass, or a pen's stroke down the page, runs through the words: taken for a table's rule, the
    lines it crossed were cut and their pieces set apart as cells ("... checked for da" then "mp")."""
    grey = pixels.min(axis=2) if pixels.ndim == 3 else pixels
    boxes = [box_extent(line.box) for line in lines]
    kept = []
    for rule in rules:
        x0, x1 = int(rule[0]), int(rule[2])  # the band erased is a pixel wider each side (`rulings`)
        left, right = grey[:, max(0, x0 - 1 - TOUCH):max(0, x0 - 1)] < DARK, grey[:, x1 + 1:x1 + 1 + TOUCH] < DARK
        through = [_middle_rows(box) for box in boxes if crossed(box, [rule])]
        cut = sum(bool((left[a:b].any(axis=1) & right[a:b].any(axis=1)).any()) for a, b in through)
        if not through or 2 * cut < len(through):
            kept.append(rule)
    return kept


def _middle_rows(box: tuple[float, float, float, float]) -> tuple[int, int]:
    """The rows (first, end exclusive) of ``box`` (x0, y0, x1, y1, pixels) but a quarter of its height above
    and below: a rule across, meeting the rule down at a cell's corner, inks both sides of it."""
    y0, y1 = int(box[1]), int(box[3])
    inner = max(1, (y1 - y0) // 4)
    return y0 + inner, y1 - inner


def cut_at_rules(lines: list[OcrLine], rules: list[Rule], pixels: np.ndarray, engine) -> list[OcrLine]:
    """``lines`` with each line that crosses one of ``rules`` (`rulings.erased_rulings`, in pixels of
    ``pixels``: (H, W, 3) uint8, the page with its rules erased) cut there into pieces, each trimmed to
    its ink (a piece with none in its middle half is left out, and a line left one piece keeps its reading,
    its box cut to the piece) and
    read again from its crop at twice the size, all in one
    go (`ocr.recognise_many`), with the confidence of that reading: which words of the line stood between
    which rules is not known (the engines give no places for a line's words), and a crop holds one cell's.
    Lines crossing no rule are kept as they are, but for a line within a rule's blur with no ink left
    where the rule is erased (the rule read as a letter); the order is kept, a line's pieces in its place."""
    if not rules:
        return lines
    out: list[OcrLine | list[list[list[float]]]] = []
    boxes = []
    for line in lines:
        x0, y0, x1, y1 = box_extent(line.box)
        cuts = crossed((x0, y0, x1, y1), rules)
        if not cuts:
            # a line whose ink was all rule is the rule read as a letter (PP-OCR, reading the page as it is,
            # read a rule's blurred edge beside "8.40" as "—"): no line
            # (a rule across it, where it meets the rule down, is ink above or below its middle half)
            if _inked(pixels, (x0, y0, x1, y1), 4)[0] is None and _beside_rule((x0, x1), rules):
                continue
            out.append(line)
            continue
        edges = [x0, *(v for r in cuts for v in (r[0], r[2])), x1]
        # a piece with no ink in its middle half is the blur of the rule's edge, or a rule across meeting it
        spans = [(a, b) for a, b in zip(edges[::2], edges[1::2]) if _inked(pixels, (a, y0, b, y1), 4)[0] is not None]
        if len(spans) < 2:  # a box reaching over the rule beside it (PP-OCR's): one cell, read right already,
            # its box cut to its ink, not over the rule: boxes of two columns overlapping made them one
            a, top, b, bottom = _inked(pixels, (*spans[0][:1], y0, spans[0][1], y1)) if spans else (None,) * 4
            out.append(line if a is None else dataclasses.replace(
                line, box=[[a, top], [b, top], [b, bottom], [a, bottom]]))
            continue
        pieces = [_inked(pixels, (a, y0, b, y1)) for a, b in spans]
        pieces = [[[a, top], [b, top], [b, bottom], [a, bottom]] for a, top, b, bottom in pieces]
        out.append(pieces)
        boxes += pieces
    if not boxes:
        return [line for line in out if isinstance(line, OcrLine)]
    readings = iter(recognise_many(engine, [line_crop(pixels, box, zoom=2.0) for box in boxes]))
    cut: list[OcrLine] = []
    for line in out:
        if isinstance(line, OcrLine):
            cut.append(line)
            continue
        for box in line:
            text, confidence = next(readings)
            cut.append(OcrLine(text=text.strip(), confidence=confidence, box=box))
    return cut


def _inked(pixels: np.ndarray, box: tuple[float, float, float, float], inside: int = 8) -> tuple:
    """``box`` (x0, y0, x1, y1, pixels) narrowed to the columns of ``pixels`` in it that hold ink, its
    rows kept (the line's); ``(None,) * 4`` where it holds none. Ink is looked for in the box's middle
    rows (all but a share ``1 / inside`` of its height above and below): a rule across, a pixel or two
    above or below the letters of a tightly padded cell, is no cell's."""
    height, width = pixels.shape[:2]
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    x0, x1, y0, y1 = max(0, x0), min(width, x1), max(0, y0), min(height, y1)
    inner = max(1, (y1 - y0) // inside)
    region = pixels[y0 + inner:y1 - inner, x0:x1]
    grey = region.min(axis=2) if region.ndim == 3 else region
    columns = np.flatnonzero((grey < DARK).any(axis=0)) if grey.size else np.array([], int)
    if not len(columns):
        return (None,) * 4
    return x0 + int(columns[0]), y0, x0 + int(columns[-1]) + 1, y1


def _beside_rule(span: tuple[float, float], rules: list[Rule]) -> bool:
    """Whether the x range ``span`` (pixels) lies within a few pixels of one of ``rules``: the blur round
    a rule, which is erased with it."""
    return any(r[0] - 3 <= span[0] and span[1] <= r[2] + 3 for r in rules)


def in_points(rules: list[Rule], scale: float) -> list[Rule]:
    """``rules`` (pixels of an image rendered at ``scale`` pixels a point) in points, as the layout step
    places lines."""
    return [tuple(v / scale for v in rule) for rule in rules]


def ruled_apart(a: dict, b: dict, rules: list[Rule]) -> bool:
    """Whether a rule of ``rules`` (points) stands between ``a`` and ``b``, pieces of one row
    (`ocr_layout._line`'s shape, ``a`` left of ``b``), across the row's middle: they are two cells. Between
    their centres: PP-OCR's boxes reach a pixel or two over the rule beside them."""
    y0, y1 = min(a["bbox"][1], b["bbox"][1]), max(a["bbox"][3], b["bbox"][3])
    middle, left, right = (y0 + y1) / 2, (a["bbox"][0] + a["bbox"][2]) / 2, (b["bbox"][0] + b["bbox"][2]) / 2
    return any(left < (r[0] + r[2]) / 2 < right and r[1] <= middle <= r[3] for r in rules)

