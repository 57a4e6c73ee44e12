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

from sources.documents.blocks import line_text

GAP = 3  # points between the numbers and the text at the least (lineno: \linenumbersep, 10 points)


def without_line_numbers(text: dict) -> dict:
    """``text`` (a page's dict text) without its margin line numbers (`line_numbering`), a block that held
    some cut into its paragraphs (`_paragraphs`); blocks left without lines are dropped."""
    drop = line_numbering(text)
    if not drop:
        return text
    blocks = []
    for block in text["blocks"]:
        if block.get("type") == 1:
            blocks.append(block)
            continue
        lines = block.get("lines", [])
        kept = [ln for ln in lines if id(ln) not in drop]
        for paragraph in (_paragraphs(kept) if len(kept) < len(lines) else [kept] if kept else []):
            blocks.append({**block, "lines": paragraph,
                           "bbox": (min(ln["bbox"][0] for ln in paragraph), min(ln["bbox"][1] for ln in paragraph),
                                    max(ln["bbox"][2] for ln in paragraph), max(ln["bbox"][3] for ln in paragraph))})
    return {**text, "blocks": blocks}


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
    """The ids of the lines of ``text`` that number the text's lines: on either side, two or more bare
    numbers beyond all other text, increasing down the page, each step of one number spanning a line
    pitch of the text (its lines' height 0.8 to 2.2 times, as a median; a heading between two lines is
    further)."""
    lines = [ln for block in text["blocks"] if block.get("type") != 1 for ln in block.get("lines", ())
             if line_text(ln).strip() and abs(ln.get("dir", (1.0, 0.0))[1]) < 0.02]
    numbers = [ln for ln in lines if _bare_number(line_text(ln))]
    others = [ln for ln in lines if not _bare_number(line_text(ln))]
    if len(numbers) < 2 or not others:
        return set()
    left, right = min(ln["bbox"][0] for ln in others), max(ln["bbox"][2] for ln in others)
    height = statistics.median(ln["bbox"][3] - ln["bbox"][1] for ln in others)
    drop: set[int] = set()
    for side in ([ln for ln in numbers if ln["bbox"][2] <= left - GAP],
                 [ln for ln in numbers if ln["bbox"][0] >= right + GAP]):
        side.sort(key=lambda ln: ln["bbox"][1])
        if len(side) >= 2 and _steps_by_line(side, height):
            drop |= {id(ln) for ln in side}
    return drop


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
