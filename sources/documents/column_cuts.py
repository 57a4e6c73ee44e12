"""A borderless table's line that runs across a column's left edge, cut there: MuPDF cuts a row into lines only
where a gap is far wider than a space, and a browser's table without padding (Chromium's default: two points
between cells) leaves its widest cell a space from the next. "WARNING 30" was one line across the "Value"
column that every other row starts, the two columns merged into one, and the table was written with cells of
two ("|Level Value|Meaning|", "|DEBUG 10|...").

An edge is where lines of two baselines or more start (MuPDF cut their rows there), `SUPPORT` rows at least
with the lines across it, or where one line starts and `SUPPORT` rows more run across it (a browser's invoice
whose prices each ran into their totals, but for the row with no price); the lines across it are cut only where
each has a space (or a span start) whose place, measured with a standard font of its kind scaled to the span's
width, is within `TOLERANCE` of the edge (`TOLERANCE_EM` font sizes where more): a line with no word starting there
(a title across the table, a cell that spans) leaves the edge uncut.
Only a block whose every row holds two lines or more is cut: a line alone on its row is a cell's wrapped line
or prose, and a justified cell that MuPDF cut at its stretched spaces (texinfo's @multitable: "fcdf" | "in" |
"Octave" | "Forge", whose last word starts where the same word does in the rows above) is no column.

A column set flush right (an invoice's quantities, prices and totals) shares a right edge, not a left one: the
lines across such an edge are cut where a word of theirs ends on it, and a line still across the gutter the other
lines leave between two columns is cut at its space there. There a row alone on its baseline may be cut (the
widest, every cell run into the next: "Adapter 10 112.00 1,120.00", one MuPDF line that left the whole invoice a
paragraph), where two rows held two lines or more and every row does once cut (`_cut_at_right_edges`).
"""

from __future__ import annotations

import functools
import re

SUPPORT = 3  # rows with a line at a column's edge (starting there, or cut there): a column, not a chance
# points between the measured place of a line's word and the column's edge, and that in font sizes where more: the
# places are a standard font's scaled to the span, and a font of other proportions (DejaVu Serif's bold head
# "Type Default" over Times' advances: "D" measured 2.6 points right of where it stands, at 12 points) drifts
TOLERANCE, TOLERANCE_EM = 2.0, 0.25
EDGE = 1.0  # points within which lines start at one edge
# a figure: an amount, a quantity, a share ("1,120.00", "-3", "$12", "15 %")
_FIGURE = re.compile(r"[-+(]?[$€£¥]?\d[\d.,\s]*%?\)?")


def cut_at_columns(lines: list[dict]) -> list[dict]:
    """``lines`` (a block's, dict lines) with the lines that run across a column's left edge cut in two there,
    and those across a flush right column's right edge (`_cut_at_right_edges`; see the module's docstring); the
    others as they are, in order."""
    from sources.documents.code_blocks import baseline

    lines = _cut_at_right_edges(lines)
    rows = _lines_a_row(lines)
    if min(rows.values(), default=0) < 2:
        return lines  # a line alone on its row: a cell's wrapped line, a justified cell cut at its spaces, prose
    for edge in sorted({round(line["bbox"][0], 1) for line in lines}):
        starting = {round(baseline(o)) for o in lines if abs(o["bbox"][0] - edge) <= EDGE}
        crossing = [k for k, o in enumerate(lines) if o["bbox"][0] < edge - EDGE and o["bbox"][2] > edge + EDGE]
        # an edge one row starts alone: the rows across it must give it `SUPPORT` more (an invoice's widest price
        # run into every total, "12.00 12.00", over the one row with no price: "Total due ... 25.75")
        if not crossing or len(starting) + len(crossing) < SUPPORT or len(starting) < 2 and len(crossing) < SUPPORT:
            continue
        cuts = {k: _cut(lines[k], edge) for k in crossing}
        if any(cut is None for cut in cuts.values()):
            continue  # a line with no word starting at the edge: it spans the columns, or there are none
        if len(starting) < 2 and not _figures([o for o in lines if abs(o["bbox"][0] - edge) <= EDGE]
                                              + [parts[-1] for parts in cuts.values()]):
            continue  # no column of figures: a dot leader's piece, whose dots stand level with every other's
        lines = [part for k, line in enumerate(lines) for part in cuts.get(k, [line])]
    return lines


def _figures(lines: list[dict]) -> bool:
    """Whether ``lines`` (an edge one row starts alone, and the parts the lines across it were cut into right of
    it) are a column of figures: the line starting there and all but one of the others (a header: "Total") each a
    number. A contents page's dot leaders stand level line for line, so a leader MuPDF broke into two lines starts
    an edge that every other entry's leader has a space at (". . . . ." | ". . . . ."); no column."""
    texts = ["".join(span["text"] for span in line["spans"]).strip() for line in lines]
    return bool(_FIGURE.fullmatch(texts[0])) and sum(not _FIGURE.fullmatch(text) for text in texts[1:]) <= 1


def _lines_a_row(lines: list[dict]) -> dict[int, int]:
    """How many of ``lines`` stand on each baseline (rounded, points)."""
    from sources.documents.code_blocks import baseline

    rows: dict[int, int] = {}
    for line in lines:
        rows[round(baseline(line))] = rows.get(round(baseline(line)), 0) + 1
    return rows


def _cut_at_right_edges(lines: list[dict]) -> list[dict]:
    """``lines`` with those across a column set flush right cut at its right edge (an invoice's quantities and
    prices: no left edge its rows share), an edge where lines of two rows or more end, each line across it cut
    where a word of it ends there; ``lines`` themselves unless two rows held two lines or more and every row does
    once cut (a row alone on its baseline is a table's only where it is cut into cells: the widest row, every
    cell of it run into the next, "Adapter 10 112.00 1,120.00", MuPDF's one line)."""
    from sources.documents.code_blocks import baseline

    if sum(count >= 2 for count in _lines_a_row(lines).values()) < 2:
        return lines
    cut = lines
    for edge in sorted({round(line["bbox"][2], 1) for line in cut}):
        ending = {round(baseline(o)) for o in cut if abs(o["bbox"][2] - edge) <= EDGE}
        crossing = [k for k, o in enumerate(cut) if o["bbox"][0] < edge - EDGE and o["bbox"][2] > edge + EDGE]
        if len(ending) < 2 or not crossing or len(ending) + len(crossing) < SUPPORT:
            continue
        cuts = {k: _cut(cut[k], edge, ending=True) for k in crossing}
        if any(parts is None for parts in cuts.values()):
            continue  # a line with no word ending at the edge: it spans the columns, or there are none
        cut = [part for k, line in enumerate(cut) for part in cuts.get(k, [line])]
    cut = [part for line in cut for part in _cut_at_gutters(line, cut)]
    return cut if min(_lines_a_row(cut).values()) >= 2 else lines


def _cut_at_gutters(line: dict, lines: list[dict]) -> list[dict]:
    """``line`` cut at each space of it that stands in a gutter the block's other ``lines`` leave between two
    columns (an x range none of them crosses, with columns each side), or ``[line]``: a row's first cell, set
    flush left, a space from the next one, set flush right ("Adapter 10", the quantity's column starting right of
    the names' widest)."""
    from sources.documents.borderless_tables import column_ranges

    columns = column_ranges([o for o in lines if o is not line])
    gutters = [(a[1], b[0]) for a, b in zip(columns, columns[1:])]
    for g0, g1 in gutters:
        if not line["bbox"][0] < g0 < g1 < line["bbox"][2]:
            continue
        spans = line["spans"]
        for k in range(1, len(spans)):
            before = [o for o in spans[:k] if o["text"].strip()]
            at_space = not spans[k - 1]["text"].strip() or spans[k - 1]["text"].endswith(" ")
            if spans[k]["text"].strip() and before and at_space and before[-1]["bbox"][2] <= g1 \
                    and spans[k]["bbox"][0] >= g0:  # the words each side of the space stand each side of the gutter
                return [line_of(line, before)] + _cut_at_gutters(line_of(line, spans[k:]), lines)
    return [line]


def _cut(line: dict, edge: float, ending: bool = False) -> list[dict] | None:
    """``line`` as two lines, the second starting at the space or span start measured nearest ``edge`` (within
    `TOLERANCE`, with the first ending left of it), or None where none is. ``ending``: ``edge`` is a right edge,
    the first line's word (before the space, or the span before) ending at it, the second starting right of it."""
    best = None  # (distance, span index, character index of the second line's first character)
    for k, span in enumerate(line["spans"]):
        tolerance = max(TOLERANCE, TOLERANCE_EM * span["size"])
        if k and span["text"].strip():
            before = [o for o in line["spans"][:k] if o["text"].strip()]  # the word before: no space's span
            place = (before[-1]["bbox"][2] if before else -9e9) if ending else span["bbox"][0]
            if abs(place - edge) <= tolerance and (not ending or span["bbox"][0] > edge):
                best = min(best or (9e9,), (abs(place - edge), k, 0))
        places = char_places(span)
        for i, ch in enumerate(span["text"]):
            if ch == " " and span["text"][:i].strip() and span["text"][i + 1:].strip():
                start = places[i] if ending else places[i + 1]
                if abs(start - edge) <= tolerance and (places[i + 1] > edge if ending else places[i] < edge):
                    best = min(best or (9e9,), (abs(start - edge), k, i + 1))
    if best is None:
        return None
    _, k, i = best
    spans = line["spans"]
    places = char_places(spans[k])
    left = spans[:k] + ([span_part(spans[k], 0, i - 1, places)] if i else [])
    right = ([span_part(spans[k], i, len(spans[k]["text"]), places)] if i else [spans[k]]) + spans[k + 1:]
    while len(left) > 1 and not left[-1]["text"].strip():  # the space before the cut (a span of its own)
        left = left[:-1]
    return [line_of(line, left), line_of(line, right)]


def char_places(span: dict) -> list[float]:
    """The x (points) at which each character of a span starts, and where its last ends: the advances of a
    standard font of its kind (Courier for monospaced, Times for serifed, else Helvetica) scaled to the span.
    Each prefix's width is ``Font.text_length`` of it, summed here once along the span (measuring every prefix
    anew made a span of n characters cost n**2 / 2 glyph lookups: 3 s of CPU on Debian Reference)."""
    flags = span.get("flags", 0)
    font = "cour" if flags & 8 else "tiro" if flags & 4 else "helv"
    text, (x0, _, x1, _), size = span["text"], span["bbox"], span["size"]
    total, widths = 0, [0 * size]  # text_length's own sum: an int 0 plus each advance in order, times the size
    for ch in text:
        total += _advance(font, ch)
        widths.append(total * size)
    scale = (x1 - x0) / widths[-1] if widths[-1] > 0 else 0.0
    return [x0 + w * scale for w in widths]


@functools.lru_cache(maxsize=4096)
def _advance(font: str, ch: str) -> float:
    """The advance of ``ch`` at size 1 in the PyMuPDF base-14 font ``font``, as ``Font.text_length`` adds it."""
    [advance] = _font(font).char_lengths(ch, fontsize=1)
    return advance


@functools.cache
def _font(name: str):
    import pymupdf

    return pymupdf.Font(name)


def span_part(span: dict, start: int, end: int, places: list[float]) -> dict:
    """The characters ``start:end`` of ``span`` as a span of their own, its box cut to their places."""
    x0, y0, _, y1 = span["bbox"]
    part = {**span, "text": span["text"][start:end], "bbox": (places[start], y0, places[end], y1)}
    part.pop("chars", None)
    if "origin" in span:
        part["origin"] = (places[start], span["origin"][1])
    return part


def line_of(line: dict, spans: list[dict]) -> dict:
    """A line of ``spans`` cut from ``line``: its box their union's across, the line's down."""
    _, y0, _, y1 = line["bbox"]
    cut = {**line, "spans": spans, "bbox": (min(s["bbox"][0] for s in spans), y0, max(s["bbox"][2] for s in spans),
                                            y1)}
    cut.pop("chars", None)  # (character, size) pairs of the whole line (`covered_text`): no longer this line's
    return cut
