"""Line numbering in a page's margin, dropped as running page numbers are.

LaTeX's lineno, legal and review copies print a number beside every line (or every fifth) in the margin.
MuPDF reads each number into the block of the line it sits beside, so the numbers were woven into the
prose ("...and the plans 1 for the new library..."). Such a column is told by its place and its rhythm:
bare numbers, all outside the text (left of every other line's start or right of every line's end), that
increase down the page by one step for every line of text they pass ("1", "2"... or "5", "10"...). A
listing's own line numbers stand inside the text's width and stay; so do numbered paragraphs, whose
numbers step once for many lines.
"""

from __future__ import annotations

import statistics

from sources.documents.blocks import line_text, union_box
from sources.documents.text_layer import each_text_block

GAP = 3  # points between the numbers and the text at the least (lineno: \linenumbersep, 10 points)


def without_line_numbers(text: dict) -> dict:
    """``text`` (a page's dict text) without its margin line numbers (`line_numbering`), a block that held
    some cut into its paragraphs (`_paragraphs`); blocks left without lines are dropped."""
    drop = line_numbering(text)
    if not drop:
        return text

    def remade(block: dict) -> list[dict]:
        lines = block.get("lines", [])
        kept = [ln for ln in lines if id(ln) not in drop]
        return [{**block, "lines": paragraph, "bbox": union_box(ln["bbox"] for ln in paragraph)}
                for paragraph in (_paragraphs(kept) if len(kept) < len(lines) else [kept] if kept else [])]

    return each_text_block(text, remade)


def _paragraphs(lines: list[dict]) -> list[list[dict]]:
    """A numbered block's lines cut into its paragraphs: MuPDF, reading each number into the block of its line,
    holds a page's paragraphs in one block. A paragraph starts where a line begins further right than the line
    above, which ends short of the block's right edge (its paragraph's last line, and an indented first line)."""
    if not lines:
        return []
    right = max(ln["bbox"][2] for ln in lines)
    out = [[lines[0]]]
    for above, line in zip(lines, lines[1:]):
        size = above["bbox"][3] - above["bbox"][1]
        if line["bbox"][0] > above["bbox"][0] + 2 and above["bbox"][2] < right - 2 * size:
            out.append([line])
        else:
            out[-1].append(line)
    return out


def line_numbering(text: dict) -> set[int]:
    """The ids of the lines of ``text`` that number the text's lines: on either side of the page's text, or
    of a block's (a column's numbers sit in its block, in the gutter in two columns), two or more bare numbers
    beyond all its other lines, where no line of the page starts (ends) too (a listing's numbers stand where
    the prose beside it starts), increasing down the page, each step of one number spanning a line pitch of
    the text (its lines' height 0.8 to 2.2 times, as a median; a heading between two lines is further)."""
    groups = []
    for block in text["blocks"]:
        if block.get("type") != 1:
            groups.append([ln for ln in block.get("lines", ()) if line_text(ln).strip()
                           and abs(ln.get("dir", (1.0, 0.0))[1]) < 0.02])
    page = [ln for group in groups for ln in group]
    texts = [ln for ln in page if not _bare_number(line_text(ln))]
    drop: set[int] = set()
    for group in [page] + groups:
        numbers = [ln for ln in group if _bare_number(line_text(ln))]
        others = [ln for ln in group if not _bare_number(line_text(ln))]
        if len(numbers) < 2 or not others:
            continue
        left, right = min(ln["bbox"][0] for ln in others), max(ln["bbox"][2] for ln in others)
        height = statistics.median(ln["bbox"][3] - ln["bbox"][1] for ln in others)
        for on_left, side in ((True, [ln for ln in numbers if ln["bbox"][2] <= left - GAP]),
                              (False, [ln for ln in numbers if ln["bbox"][0] >= right + GAP])):
            side.sort(key=lambda ln: ln["bbox"][1])
            if len(side) >= 2 and _steps_by_line(side, height) and _clear(side, texts, on_left):
                drop |= {id(ln) for ln in side}
    return drop


def _clear(numbers: list[dict], texts: list[dict], on_left: bool) -> bool:
    """Whether no text line of the page starts (``on_left``; else ends) where the numbers stand."""
    x0, x1 = min(ln["bbox"][0] for ln in numbers), max(ln["bbox"][2] for ln in numbers)
    if on_left:
        return not any(x0 - 1 <= ln["bbox"][0] <= x1 + GAP for ln in texts)
    return not any(x0 - GAP <= ln["bbox"][2] <= x1 + 1 for ln in texts)


def _bare_number(shown: str) -> bool:
    shown = shown.strip()
    return shown.isdigit() and len(shown) <= 5


def _steps_by_line(column: list[dict], height: float) -> bool:
    values = [int(line_text(ln).strip()) for ln in column]
    if any(b <= a for a, b in zip(values, values[1:])):
        return False
    per_step = [(b["bbox"][1] - a["bbox"][1]) / (vb - va)
                for a, b, va, vb in zip(column, column[1:], values, values[1:])]
    return 0.8 * height <= statistics.median(per_step) <= 2.2 * height and min(per_step) >= 0.6 * height
