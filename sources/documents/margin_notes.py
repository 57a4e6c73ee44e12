"""Margin notes: LaTeX's \\marginpar and its kind, a few lines of words in the margin beside a paragraph.

MuPDF reads a note into the block of the paragraph it sits beside, each of its lines after the text line
of its row, so the note was spliced into the paragraph's sentences ("...The committee met Note: budget
approved\n\non Tuesday..."). `markdown._split_columns` finds the note's lines among the block's columns
(`is_margin_note`), makes each note (`notes_in_rows`) a block of its own, and the page's reading order
places it after the piece it sits beside (`beside_their_text`).
"""

from __future__ import annotations

import re

from sources.documents.blocks import line_text

_WORD = re.compile(r"[^\W\d_]{3,}")  # a word: three letters in a row


def notes_in_rows(lines: list[dict], text_right: float) -> list[list[dict]]:
    """Margin note lines as one list of lines per note, left margin's first, each in rows top to bottom: a
    gap of more than half a line between rows starts the next note. ``text_right``: the text's right edge."""
    notes: list[list[dict]] = []
    for right in (False, True):
        side = sorted((ln for ln in lines if (ln["bbox"][0] >= text_right) == right),
                      key=lambda ln: (round(ln["bbox"][1]), ln["bbox"][0]))
        for at, line in enumerate(side):
            last = side[at - 1]["bbox"] if at else None
            if last is None or line["bbox"][1] - last[3] > 0.5 * (last[3] - last[1]):
                notes.append([])
            notes[-1].append(line)
    return notes


def margin_notes(columns: list[list], main: list, lines: list[dict]) -> list[list]:
    """The columns ``[x0, x1, lines]`` of a block's ``lines`` that are margin notes beside ``main`` (its column of
    most lines): the columns in one margin taken as one note where they are a note's rows (`_rows_of_a_note`) and
    that is one (`is_margin_note`), else each column that is. A note's words on a row are lines of their own where
    its spaces were stretched, and two rows' words that happen not to overlap ("approved" ending 2 points left of
    "budget" above it) were columns of their own, neither a note alone (each had the other beside it): the note
    was spliced into the paragraph."""
    found = []
    for right, side in ((True, [c for c in columns if c[0] >= main[1] + 6]),
                        (False, [c for c in columns if c[1] <= main[0] - 6])):
        if len(side) > 1 and _rows_of_a_note([ln for c in side for ln in c[2]], right) \
                and sum(len({round(ln["bbox"][3]) for ln in c[2]}) >= 2 for c in side) <= 1:
            whole = [min(c[0] for c in side), max(c[1] for c in side), [ln for c in side for ln in c[2]]]
            if is_margin_note(whole, main, lines):
                found.append(whole)
                continue
        found += [c for c in side if is_margin_note(c, main, lines)]
    return found


def _rows_of_a_note(lines: list[dict], right: bool) -> bool:
    """Whether ``lines`` in a margin are two rows or more, each starting where the others do (on the right; ending,
    on the left) within a point: a note's rows, not a justified row's words that MuPDF cut apart (one row: the
    end of a sentence, "Thus, the") nor a listing's right-aligned numbers under its head. (A table's columns,
    each of two rows or more, are told apart by `margin_notes`: a note's words beyond its rows' first are on
    one row each.)"""
    rows: dict[int, list[float]] = {}
    for line in lines:
        rows.setdefault(round(line["bbox"][3]), []).append(line["bbox"][0] if right else -line["bbox"][2])
    edges = [min(row) for row in rows.values()]
    return len(edges) >= 2 and max(edges) - min(edges) <= 1.0


def is_margin_note(column: list, main: list, lines: list[dict]) -> bool:
    """Whether a column ``[x0, x1, lines]`` of a block's ``lines`` is a note in the margin beside ``main``, the
    block's column of most lines (LaTeX's \\marginpar: MuPDF reads it into the paragraph it sits beside,
    between the lines of its rows): words (a run of three letters: not line numbers, bullets or list
    labels), half as wide as the text at most, apart from it by 6 points or more (LaTeX's \\marginparsep:
    7 to 11) with nothing between on its rows nor beyond it (a justified row that MuPDF cut into words has
    its words there: each was taken for a note in turn, and a Debian Reference tip's sentence was seven
    paragraphs, "for" / "the" / "network"...), beside text of three rows or more, its lines following each other at the text's pitch over less
    than half of the text's height: a list's labels, a definition list's terms, a reference card's values
    run down beside all of it. On the left, where a definition's term stands by its first line, a note is
    two lines or more below that row."""
    x0, x1, members = column
    right = x0 >= main[1] + 6
    if x1 - x0 > 0.5 * (main[1] - main[0]) or not (right or x1 <= main[0] - 6) \
            or not any(_WORD.search(line_text(ln)) for ln in members) \
            or len({round(ln["bbox"][1]) for ln in main[2]}) < 3:
        return False
    own = {id(ln) for ln in members}
    for note in members:
        _, top, _, bottom = note["bbox"]
        for line in lines:
            a, b, c, d = line["bbox"]
            if id(line) not in own and b < bottom and d > top and (
                    (main[1] + 1 < c and a < note["bbox"][0] or a > note["bbox"][2]) if right
                    else (a < main[0] - 1 and c > note["bbox"][2] or c < note["bbox"][0])):
                return False
    tops = sorted(ln["bbox"][1] for ln in members)
    pitch = max(ln["bbox"][3] - ln["bbox"][1] for ln in members) * 1.6
    height = max(ln["bbox"][3] for ln in members) - tops[0]
    text_top = min(ln["bbox"][1] for ln in main[2])
    if not right and (len(members) < 2 or tops[0] <= text_top + 2):
        return False  # on the left, a term of its definition (texinfo's @table) starts on the text's first row
    return all(b - a <= pitch for a, b in zip(tops, tops[1:])) and \
        height < 0.5 * (max(ln["bbox"][3] for ln in main[2]) - text_top)


def beside_their_text(ordered: list[tuple], notes: set[int]) -> list[tuple]:
    """``ordered`` with each margin note (its item's id in ``notes``) moved after the piece its first line sits
    beside (the nearest on its row): read by its place among the columns it would come after a shorter
    paragraph below it, or after the whole column."""
    if not notes:
        return ordered
    out = [it for it in ordered if id(it) not in notes]
    for note in (it for it in ordered if id(it) in notes):
        x0, y0, x1, y1 = note[4][0]["bbox"] if note[4] else note[0]
        beside = [it for it in out if id(it) not in notes and it[0][1] <= (y0 + y1) / 2 <= it[0][3]]
        if beside:
            host = min(beside, key=lambda it: max(it[0][0] - x1, x0 - it[0][2], 0))
            at = next(i for i, it in enumerate(out) if it is host) + 1
            while at < len(out) and id(out[at]) in notes:  # after the notes placed there already
                at += 1
            out.insert(at, note)
        else:
            out.append(note)
    return out
