"""A row of math MuPDF cut into pieces, read as one line again.

MuPDF starts a new line, and often a new block, where a glyph's baseline jumps or the pen moves back, and
TeX's math does both: a big delimiter or operator from the extension font (cmex10) hangs from its baseline
at the glyph's top, and a subscript under a superscript starts where the superscript started. pdfLaTeX's
"f\\Big(x + y\\Big) = \\big[a\\big] + 2^{31}" came out as nine blocks, read as nine paragraphs out of order
("f" | "(" | "x + y" | ")" | "=" | ...), and a sentence with an inline sum was cut in three, its pieces placed
apart ("and an inline sum ∑n" ... "i=1 xi with x2" ... "i and H2O in text."). Here lines that stand on one
row and touch left to right, one of each pair set in a math font, are one line again, their spans in that
order (a subscript and a superscript stacked at one place: as the text layer has them). The extension font's
boxes are measured by their ink first (`stacked_math.ink_boxes`): by its font's box, each glyph is several
lines tall. What has no linear order (a fraction, a sum's limits over and under it, a matrix) is
`stacked_math`'s, and refused.
"""

from __future__ import annotations

import bisect

from sources.documents.blocks import union_box
from sources.documents.math_fonts import RADICAL, is_math_extension
from sources.documents.stacked_math import is_math_font
from sources.documents.text_layer import each_text_block, largest_size, upright

MAX_GAP = 0.5  # font sizes between two pieces of one formula (TeX's widest space in a formula, \;, is 0.28)
# or, where the piece stands within the height of the host's line, between a word and a formula: a justified
# line's word space, 0.33 sizes and stretched to 0.6; two columns stand a size or more apart, a subfigure's
# captions 0.8, two table cells two \tabcolsep (1.2 sizes at 10 points, 0.8 at 4 points' padding)
WORD_GAP = 0.7
MAX_SCRIPT = 6  # characters of a script stacked inside a line ("ij", "n+1")
MIN_OVERLAP = 0.5  # of the lower piece's height: how much two pieces' boxes share to stand on one row


def with_inked_boxes(text: dict, ink: dict[int, tuple]) -> dict:
    """``text`` (a page's dict text) with the spans whose inked boxes ``ink`` holds (by ``id``,
    `stacked_math.ink_boxes`) in those boxes (and ``inked`` True), their lines' and blocks' boxes made again."""
    if not ink:
        return text

    def remade(block: dict) -> list[dict]:
        lines = []
        for line in block.get("lines", ()):
            if not any(id(span) in ink for span in line["spans"]):
                lines.append(line)
                continue
            spans = [{**span, "bbox": ink[id(span)], "inked": True} if id(span) in ink else span for span in line["spans"]]
            lines.append({**line, "spans": spans, "bbox": union_box(s["bbox"] for s in spans if s["text"].strip())
                          if any(s["text"].strip() for s in spans) else line["bbox"]})
        return [{**block, "lines": lines, "bbox": union_box(ln["bbox"] for ln in lines)}] if lines else []

    return each_text_block(text, remade)


def joined_math_rows(text: dict) -> dict:
    """``text`` (a page's dict text) with each horizontal line that a piece of math continues on its row
    (`_continues`) joined with it: its spans then the piece's (a space between where they stand apart), the
    piece taken from its block; blocks left without lines are dropped."""
    lines = [ln for block in text["blocks"] if block.get("type") != 1 for ln in block.get("lines", ())
             if upright(ln) and any(s["text"].strip() for s in ln["spans"])]
    mathy = {id(ln) for ln in lines if _mathy(ln)}
    if not mathy:
        return text
    # a piece is a line of a block all on one row ("ij" | "here." after X^{(k)}_{ij}), or a block's first line
    # with the rest below: never a line inside another column's text
    pieces = set()
    for block in text["blocks"]:
        if block.get("type") == 1 or not block.get("lines"):
            continue
        first, rest = block["lines"][0], block["lines"][1:]
        if all(min(ln["bbox"][3], first["bbox"][3]) - max(ln["bbox"][1], first["bbox"][1])
               >= MIN_OVERLAP * min(ln["bbox"][3] - ln["bbox"][1], first["bbox"][3] - first["bbox"][1]) for ln in rest):
            pieces.update(id(ln) for ln in block["lines"])
        elif all(ln["bbox"][1] >= first["bbox"][3] - 0.5 for ln in rest):
            pieces.add(id(first))
    lines.sort(key=lambda ln: ln["bbox"][0])
    starts = [ln["bbox"][0] for ln in lines]
    joined: dict[int, dict] = {}  # id of a line -> the line it became part of
    merged: dict[int, dict] = {}  # id of a host line -> its joined form
    for line in lines:
        if id(line) in joined:
            continue
        host, grown = line, True
        while grown:  # the pieces that start about where the host ends, the host growing with each
            grown = False
            size = largest_size(host)
            lo = bisect.bisect_left(starts, host["bbox"][2] - size)
            hi = bisect.bisect_right(starts, host["bbox"][2] + WORD_GAP * size)
            for piece in lines[lo:hi]:  # in order of their starts
                if piece is line or id(piece) not in pieces or id(piece) in joined or id(piece) in merged or not (
                        id(piece) in mathy or id(line) in mathy or host is not line) or not _continues(host, piece):
                    continue
                gap = piece["bbox"][0] - host["bbox"][2]
                space = [{**piece["spans"][0], "text": " "}] if gap > 0.15 * size else []
                # a radical sign's box from the bar's height: the row's own height, where it stands
                placed = _on_row_of(piece, host) if _radical(piece) else piece
                host = {**host, "spans": host["spans"] + space + placed["spans"],
                        "bbox": union_box((host["bbox"], placed["bbox"]))}
                joined[id(piece)], grown = host, True
                break
        if host is not line:
            merged[id(line)] = host
    for piece in lines:  # a script stacked under or over a script inside a line: X^{(k)}_{ij} here
        if id(piece) in pieces and id(piece) not in joined and id(piece) not in merged:
            found = _stacked_in(piece, [merged.get(id(ln), ln) for ln in lines if id(ln) not in joined
                                        and ln is not piece and id(piece) not in merged])
            if found is not None:
                host, at = found
                grown = {**host, "spans": host["spans"][:at + 1] + piece["spans"] + host["spans"][at + 1:],
                         "bbox": union_box((host["bbox"], piece["bbox"]))}
                original = next(ln for ln in lines if merged.get(id(ln), ln) is host)
                merged[id(original)], joined[id(piece)] = grown, grown
    if not merged:
        return text

    def remade(block: dict) -> list[dict]:
        kept = [merged.get(id(ln), ln) for ln in block.get("lines", ()) if id(ln) not in joined]
        return [{**block, "lines": kept, "bbox": union_box(ln["bbox"] for ln in kept)}] if kept else []

    return each_text_block(text, remade)


def _stacked_in(piece: dict, hosts: list[dict]) -> tuple[dict, int] | None:
    """The line ``piece`` is a stacked script of, and the index of the last span of the host's script it stands
    under or over (the same start, within an italic correction): a piece all set smaller than the host, of `MAX_SCRIPT` characters
    at most, within the host's height and extent."""
    shown = "".join(s["text"] for s in piece["spans"]).strip()
    if not shown or len(shown) > MAX_SCRIPT:
        return None
    x0, t1, x1, b1 = piece["bbox"]
    for host in hosts:
        h0, t0, h1, b0 = host["bbox"]
        size = largest_size(host)
        if not (h0 < x0 and x1 <= h1 and min(b0, b1) - max(t0, t1) >= MIN_OVERLAP * (b1 - t1)) \
                or largest_size(piece) > 0.85 * size:
            continue
        spans = host["spans"]
        for at, span in enumerate(spans):
            if span["text"].strip() and span["size"] <= 0.85 * size and abs(span["bbox"][0] - x0) <= 0.15 * size:
                while at + 1 < len(spans) and spans[at + 1]["text"].strip() and spans[at + 1]["size"] <= 0.85 * size \
                        and not spans[at + 1]["text"][0].isspace():  # after the whole script it stands under
                    at += 1
                return host, at
    return None


def _continues(host: dict, piece: dict) -> bool:
    """Whether ``piece`` goes on from ``host`` on its row: it starts past the host's start, at most `MAX_GAP`
    sizes after its end (`WORD_GAP` where it stands within the host's line's height), or over its last glyph
    (a script under a script), their boxes share `MIN_OVERLAP` of the lower one's height, math stands where
    they meet (`_math_meets`), and text of one size in both stands on one baseline."""
    size = largest_size(host)
    h0, t0, h1, b0 = host["bbox"]
    x0, t1, x1, b1 = piece["bbox"]
    within = t0 - 0.15 * size <= t1 and b1 <= b0 + 0.15 * size
    if not (h0 < x0 and h1 - size <= x0 <= h1 + (WORD_GAP if within else MAX_GAP) * size and x1 > h1):
        return False
    shared = min(b0, b1) - max(t0, t1)
    if shared < (0.0 if _radical(piece) else MIN_OVERLAP * min(b0 - t0, b1 - t1)) or not _math_meets(host, piece):
        return False
    # text of one size stands on one baseline in a formula (a figure's tick labels touch across the axes' corner)
    a, b = _baseline(host), _baseline(piece)
    return a is None or b is None or abs(a[0] - b[0]) > 0.5 or abs(a[1] - b[1]) <= 0.15 * size


def _radical(line: dict) -> bool:
    """Whether ``line`` is a radical sign alone: MuPDF boxes it from its baseline, the bar's height, so that it
    stands above the row it begins by most of its height ("softmax (QK⊤/" | "√" | "d) V." were three lines)."""
    return "".join(s["text"] for s in line["spans"]).strip() == RADICAL


def _on_row_of(piece: dict, host: dict) -> dict:
    """``piece`` (a line) and its spans boxed within the height of ``host``'s row."""
    top, bottom = host["bbox"][1], host["bbox"][3]

    def boxed(box):
        return box[0], top, box[2], bottom

    return {**piece, "bbox": boxed(piece["bbox"]), "spans": [{**s, "bbox": boxed(s["bbox"])} for s in piece["spans"]]}


def _baseline(line: dict) -> tuple[float, float] | None:
    """(size, baseline) of the line's largest text that tells its baseline: not an extension font's glyph (hung
    from its top), nor a radical sign (`RADICAL`), not a span led by a space MuPDF put where the pen jumped; None
    where none is."""
    sure = [s for s in line["spans"] if s["text"].strip() and not s["text"][0].isspace()
            and not is_math_extension(s.get("font", "")) and s["text"].strip() != RADICAL]
    if not sure:
        return None
    largest = max(sure, key=lambda s: s["size"])
    return largest["size"], largest["origin"][1]


def _math_meets(host: dict, piece: dict) -> bool:
    """Whether math stands where the two lines meet: the host's last text or the piece's first is set in a math
    font, or as a script (two columns' lines, the left one holding a formula somewhere, meet in words)."""
    last = next((s for s in reversed(host["spans"]) if s["text"].strip()), None)
    first = next((s for s in piece["spans"] if s["text"].strip()), None)
    # a script's digits are set in the text font (cmr7): their size tells
    size = min(largest_size(host), largest_size(piece))
    return any(s is not None and (is_math_font(s.get("font", "")) or s["size"] <= 0.85 * size) for s in (last, first))


def _mathy(line: dict) -> bool:
    return any(s["text"].strip() and is_math_font(s.get("font", "")) for s in line["spans"])
