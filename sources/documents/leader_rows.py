"""A dot leader that MuPDF read apart from the row it leads along: the title before it and the page number after
it, on its baseline, are one line with it again.

A browser sets a contents entry's leader as a box of its own (a ``::before`` run of dots floated under the row, a
flex item between the title and the number), so its text layer holds three runs on one baseline, and MuPDF's
blocks gather them by kind, not by row: the titles one block, the leaders another, the numbers a third. Read block
by block, a contents page came out as its titles, then its dots, then its numbers ("Introduction Getting
started ... . . . . . . 1 7 12 25"). Each line that is a leader alone (`continued_paragraphs.LEADER`, nothing
else) is joined to the nearest line on its baseline that ends just before it (the title) and, where there is one,
to the nearest that starts just after it (the number), in the title's block: "Introduction . . . . . . 1", an entry as
a text layer of one run per row reads it (`blocks.is_entry`). A leader with no line just before it on its row
stays: dots a column or a gap away are content of their own (a Morse table's "....", an elided line in a column
beside another's text).
"""

from __future__ import annotations

from sources.documents.blocks import union_box
from sources.documents.code_blocks import baseline
from sources.documents.continued_paragraphs import LEADER
from sources.documents.text_layer import line_text

ROW = 2.0  # points between two baselines of one row
REACH = 0.5  # of the leader's height: how far a title's end may lie past the leader's start (antialiased boxes)
GAP = 1.0  # of the leader's height: how far before the leader's start a title may end (its box's padding, a dot's
# room), and after its end a number may start; dots further off are a cell or a column of their own


def leaders_joined(text: dict) -> dict:
    """``text`` (a page's ``get_text("dict")`` result) with each leader line joined to the title and the number
    on its row (see the module's note); ``text`` itself where no leader stands apart from its row."""
    lines = [(b, ln) for b, block in enumerate(text["blocks"]) for ln in block.get("lines", ())
             if block.get("type") != 1]
    leaders = [(b, ln) for b, ln in lines if _is_leader(ln)]
    if not leaders:
        return text
    leader_ids = {id(ln) for _, ln in leaders}
    joined: dict[int, list[tuple[dict, dict]]] = {}  # title's id -> [(leader, number or {})]
    gone: set[int] = set()
    for b, leader in leaders:
        if id(leader) in gone:
            continue
        row = [(c, ln) for c, ln in lines if ln is not leader and id(ln) not in gone and abs(baseline(ln) - baseline(
            leader)) < ROW and c != b]
        height = leader["bbox"][3] - leader["bbox"][1]
        reach, gap = REACH * height, GAP * height
        before = [ln for _, ln in row if leader["bbox"][0] - gap <= ln["bbox"][2] <= leader["bbox"][0] + reach
                  and id(ln) not in leader_ids]
        after = [ln for _, ln in row if leader["bbox"][2] - reach <= ln["bbox"][0] <= leader["bbox"][2] + gap
                 and id(ln) not in leader_ids]
        if not before:
            continue
        title = max(before, key=lambda ln: ln["bbox"][2])
        number = min(after, key=lambda ln: ln["bbox"][0]) if after else None
        joined.setdefault(id(title), []).append((leader, number or {}))
        gone.update({id(leader)} | ({id(number)} if number else set()))
    if not joined:
        return text
    blocks = []
    for block in text["blocks"]:
        if block.get("type") == 1:
            blocks.append(block)
            continue
        kept = []
        for line in block.get("lines", ()):
            if id(line) in gone:
                continue
            for leader, number in joined.get(id(line), ()):
                line = _joined(line, leader, number)
            kept.append(line)
        if kept:
            boxes = [ln["bbox"] for ln in kept]
            blocks.append({**block, "lines": kept, "bbox": union_box(boxes)})
    return {**text, "blocks": blocks}


def _is_leader(line: dict) -> bool:
    return bool(LEADER.fullmatch(" ".join(line_text(line).split())))


def _joined(title: dict, leader: dict, number: dict) -> dict:
    """One line of ``title``'s, ``leader``'s and ``number``'s spans (``number`` may be empty), a space between
    each, with the boxes of all; the characters a line carries (`covered_text`) are no longer its own."""
    spans = list(title["spans"])
    for part in (leader, number):
        for k, span in enumerate(part.get("spans", ())):
            spans.append({**span, "text": " " + span["text"].lstrip()} if k == 0 else span)
    boxes = [title["bbox"], leader["bbox"], *([number["bbox"]] if number else [])]
    line = {**title, "spans": spans, "bbox": union_box(boxes)}
    line.pop("chars", None)
    return line
