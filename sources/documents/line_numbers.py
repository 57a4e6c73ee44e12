"""Line numbering in a page's margin, dropped as running page numbers are.

LaTeX's lineno, legal and review copies print a number beside every line (or every fifth) in the margin.
MuPDF reads each number into the block of the line it sits beside, so the numbers were woven into the
prose ("...and the plans 1 for the new library..."). Such a column is told by its place and its rhythm:
bare numbers, all outside the text (left of every other line's start or right of every line's end), that
increase down the page by one step for every line of text they pass ("1", "2"... or "5", "10"...). A
listing's own line numbers stand inside the text's width: where MuPDF reads each into its own line, the
numbers stand left of the listing's lines and go as a block's margin numbers do; where it reads each into
its code line, as a first span in another font, they go too (`_listing_numbered`), and so do numbers that
stand each on the row of a code line just right of it (`_listing_numbers`; MuPDF makes each number and its
line a block): "1 def read_config(path):"
was no code line, so the listing was a paragraph a line with its indentation lost (LaTeX listings'
numbers=left; users of PDF extractors report numbers copied into the code as a fault). Numbered paragraphs,
whose numbers step once for many lines, stay.
"""

from __future__ import annotations

import statistics

from sources.documents.blocks import line_text, union_box
from sources.documents.text_layer import each_text_block

GAP = 3  # points between the numbers and the text at the least (lineno: \linenumbersep, 10 points)
# a numbered line's width in its height at the least, as a median: a line of prose is 25 to 40 heights, of verse
# (numbered every fifth line) 10 and more; a table's cell of a word or two is 2 to 6
NUMBERED_LINE_HEIGHTS = 8
SMALLER = 0.85  # a margin's numbers' line height to the text's at the most (lineno's \footnotesize: 0.8)


def without_line_numbers(text: dict) -> dict:
    """``text`` (a page's dict text) without its margin line numbers (`line_numbering`), a block that held
    some cut into its paragraphs (`_paragraphs`), and without the numbers a listing's lines start with
    (`_listing_numbered`); blocks left without lines are dropped."""
    text = _listing_numbered(text)
    drop = line_numbering(text) | _listing_numbers(text)
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
    above, which ends short of the block's right edge (its paragraph's last line, and an indented first line);
    a line on the row of the one before goes on with it (a heading's number and its title: "1" was a paragraph
    of its own under lineno, and "## Introduction" lost its number)."""
    if not lines:
        return []
    right = max(ln["bbox"][2] for ln in lines)
    out = [[lines[0]]]
    for above, line in zip(lines, lines[1:]):
        size = above["bbox"][3] - above["bbox"][1]
        same_row = above["bbox"][1] < (line["bbox"][1] + line["bbox"][3]) / 2 < above["bbox"][3]
        if not same_row and line["bbox"][0] > above["bbox"][0] + 2 and above["bbox"][2] < right - 2 * size:
            out.append([line])
        else:
            out[-1].append(line)
    return out


def line_numbering(text: dict) -> set[int]:
    """The ids of the lines of ``text`` that number the text's lines: on either side of the page's text, or
    of a block's (a column's numbers sit in its block, in the gutter in two columns), two or more bare numbers
    beyond all its other lines, where no line of the page starts (ends) too (a listing's numbers stand where
    the prose beside it starts), increasing down the page, each step of one number spanning a line pitch of
    the text (its lines' height 0.8 to 2.2 times, as a median, or up to 2.2 times its rows' pitch where the text
    is set spaced out; a heading between two lines is further)."""
    groups = []
    for block in text["blocks"]:
        if block.get("type") != 1:
            groups.append([ln for ln in block.get("lines", ()) if line_text(ln).strip()
                           and abs(ln.get("dir", (1.0, 0.0))[1]) < 0.02])
    page = [ln for group in groups for ln in group]
    texts = [ln for ln in page if not _bare_number(line_text(ln))]
    pitch = _row_pitch(texts)
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
            if len(side) >= 2 and _steps_by_line(side, height, pitch) and _clear(side, texts, on_left) \
                    and _margin_numbers(side, others, height):
                drop |= {id(ln) for ln in side}
    return drop | _in_found_columns([ln for ln in page if _bare_number(line_text(ln))], drop)


def _margin_numbers(numbers: list[dict], others: list[dict], height: float) -> bool:
    """Whether ``numbers`` (a column of them, top down, `_steps_by_line`) number a margin's lines, not count a
    table's rows: they skip lines ("5", "10": no table counts every fifth row), they are set smaller than the
    text's lines (``height``: a margin's are small, a table's cells all of a size), or the lines on their rows are
    lines of prose or verse, as wide as `NUMBERED_LINE_HEIGHTS` lines' height at the least, as a median. A table's
    cells are shorter: a headless table's column of counts ("Apples 1", "Pears 2", "Plums 3", each number beyond
    every other line and one a row) was taken for line numbers and dropped from the page. Measured by width alone,
    a short-lined poem's numbers ("Has given my heart 5") were kept in its verse."""
    values = [int(line_text(ln).strip()) for ln in numbers]
    if all(b - a > 1 for a, b in zip(values, values[1:])):
        return True
    if statistics.median(ln["bbox"][3] - ln["bbox"][1] for ln in numbers) < SMALLER * height:
        return True
    beside = [ln["bbox"][2] - ln["bbox"][0] for ln in others if any(
        ln["bbox"][1] < (n["bbox"][1] + n["bbox"][3]) / 2 < ln["bbox"][3] for n in numbers)]
    return bool(beside) and statistics.median(beside) >= NUMBERED_LINE_HEIGHTS * height


def _in_found_columns(numbers: list[dict], found: set[int]) -> set[int]:
    """The ids of the bare ``numbers`` (lines) not ``found`` (ids of line numbers) that stand in a column of found
    ones, aligned with it as its numbers are (their left or right edges within a point) and in its sequence
    down the page: a two-column page's second column numbered in the gutter, where MuPDF read a number into
    the block of a heading and one line ("2 Method" and "18"), too few for the block to tell ("## 18 2 Method",
    and the heading, reaching into the first column, had the columns read a row from each in turn)."""
    known = [ln for ln in numbers if id(ln) in found]
    extra = set()
    for line in numbers:
        if id(line) in found:
            continue
        for edge in (0, 2):
            column = [ln for ln in known if abs(ln["bbox"][edge] - line["bbox"][edge]) <= 1]
            if len(column) < 2:
                continue
            ordered = sorted(column + [line], key=lambda ln: ln["bbox"][1])
            values = [int(line_text(ln).strip()) for ln in ordered]
            if all(b > a for a, b in zip(values, values[1:])):
                extra.add(id(line))
                break
    return extra


def _row_pitch(texts: list[dict]) -> float:
    """The page's usual distance between the tops of its rows of text (points; 0 for fewer than three rows): the
    pitch a line number steps by where the text is set spaced out (a review copy's double spacing, 1.8 times
    its lines' height), which the lines' own height does not tell ("5" and "10" of lineno's every fifth
    number stayed in the text of elsarticle's review layout)."""
    tops = sorted({round(ln["bbox"][1]) for ln in texts})
    gaps = [b - a for a, b in zip(tops, tops[1:]) if b - a > 2]
    return statistics.median(gaps) if len(gaps) >= 2 else 0.0


def _clear(numbers: list[dict], texts: list[dict], on_left: bool) -> bool:
    """Whether no text line of the page starts (``on_left``; else ends) where the numbers stand."""
    x0, x1 = min(ln["bbox"][0] for ln in numbers), max(ln["bbox"][2] for ln in numbers)
    if on_left:
        return not any(x0 - 1 <= ln["bbox"][0] <= x1 + GAP for ln in texts)
    return not any(x0 - GAP <= ln["bbox"][2] <= x1 + 1 for ln in texts)


def _bare_number(shown: str) -> bool:
    shown = shown.strip()  # ASCII digits: "¹" and "①" are digits to isdigit() and no number to int()
    return shown.isascii() and shown.isdigit() and len(shown) <= 5


def _steps_by_line(column: list[dict], height: float, pitch: float = 0.0) -> bool:
    """Whether the numbers of ``column`` increase down it by one for each step of a line: 0.8 to 2.2 times the
    text's line ``height`` as a median, or up to 2.2 times its rows' ``pitch`` where that is larger (spaced
    text; acmart's manuscript numbers its margin at a pitch of its own, 1.2 lines, whatever the rows)."""
    values = [int(line_text(ln).strip()) for ln in column]
    if any(b <= a for a, b in zip(values, values[1:])):
        return False
    per_step = [(b["bbox"][1] - a["bbox"][1]) / (vb - va)
                for a, b, va, vb in zip(column, column[1:], values, values[1:])]
    return 0.8 * height <= statistics.median(per_step) <= 2.2 * max(height, pitch) and min(per_step) >= 0.6 * height


def _listing_numbered(text: dict) -> dict:
    """``text`` with the line numbers its code lines start with taken off: a line whose first span is a bare
    number not in a monospaced font and the rest all monospaced, on two lines or more of the page whose
    numbers increase down it."""
    from sources.documents.code_blocks import is_code_line

    numbered = {}
    for block in text["blocks"]:
        for line in block.get("lines", ()) if block.get("type") != 1 else ():
            spans = [s for s in line["spans"] if s["text"].strip()]
            if len(spans) >= 2 and _bare_number(spans[0]["text"]) and is_code_line({"spans": spans[1:]}) \
                    and not is_code_line({"spans": spans[:1]}):
                rest = spans[1:]
                if rest[0]["text"].startswith(" ") and rest[0]["bbox"][0] <= spans[0]["bbox"][2] + 0.5:
                    rest[0] = {**rest[0], "text": rest[0]["text"][1:]}  # the space MuPDF put at the gap
                numbered[id(line)] = (line["bbox"][1], int(spans[0]["text"]), rest)
    values = [value for _, value, _ in sorted(numbered.values(), key=lambda item: item[0])]
    if len(values) < 2 or any(b <= a for a, b in zip(values, values[1:])):
        return text

    def remade(block: dict) -> list[dict]:
        lines = []
        for line in block.get("lines", ()):
            if id(line) in numbered:
                rest = numbered[id(line)][2]
                line = {**line, "spans": rest, "bbox": union_box(s["bbox"] for s in rest)}
            lines.append(line)
        return [{**block, "lines": lines}]

    return each_text_block(text, remade)


def _listing_numbers(text: dict) -> set[int]:
    """The ids of the lines of ``text`` that are bare numbers each just left of a code line on its row (less
    than three of the code's font sizes before it), two or more of them increasing down the page."""
    from sources.documents.code_blocks import is_code_line

    lines = [ln for block in text["blocks"] if block.get("type") != 1 for ln in block.get("lines", ())]
    code = [ln for ln in lines if is_code_line(ln)]
    numbers = []
    for line in lines:
        if not _bare_number(line_text(line)) or is_code_line(line):
            continue
        x0, y0, x1, y1 = line["bbox"]
        middle = (y0 + y1) / 2
        if any(c["bbox"][1] <= middle <= c["bbox"][3] and 0 <= c["bbox"][0] - x1 <= 3 * c["spans"][0]["size"]
               for c in code):
            numbers.append(line)
    numbers.sort(key=lambda ln: ln["bbox"][1])
    values = [int(line_text(ln).strip()) for ln in numbers]
    if len(numbers) < 2 or any(b <= a for a, b in zip(values, values[1:])):
        return set()
    return {id(ln) for ln in numbers}
