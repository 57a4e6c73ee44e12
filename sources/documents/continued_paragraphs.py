"""A paragraph MuPDF cut into blocks put back together.

MuPDF starts a block where the content stream jumps or the line spacing does: a paragraph whose first line
is drawn last (an edited or incrementally saved PDF) was its first line, then the rest; a line made taller by
a superscript or subscript (H₂O, x², a footnote marker) was a block of its own, so the paragraph was cut in
two mid-sentence ("The angle α plus" / "β equals π/2"). A block is joined to the one above it where the text
plainly runs on: the lower block starts where the upper one does, in the same size, about a line under it,
the upper one's last line was broken because the next word did not fit (`line_breaks`' test; three lines
at least, for the column's width), and the lower one starts with a lower-case letter or the upper one ends with a comma, semicolon or hyphen (a table of
contents' lines, or two one-line paragraphs, each filling their width, do not run on so). In a list whose
entries are set with a hanging indent, an entry's first row that ends a sentence runs on into the rows hung
under it too (`_entries_joined`).
"""

from __future__ import annotations

import re

from sources.documents.blocks import REFERENCE_LABEL, REFERENCE_ROW, hung_rows_run_on, line_text, rows_of, union_box
from sources.documents.code_blocks import baseline, is_code_line, is_mono
from sources.documents.line_breaks import PROSE_WORDS, ColumnEdges, broken_for_width, words
from sources.documents.reading_direction import right_to_left
from sources.documents.small_caps import starts_lower

MIN_CHARS = 30  # characters the upper block's last line holds at least: a line of prose, broken for width
TOUCH = 0.2  # font sizes of space between the two lines' boxes beyond a paragraph's own, at most
# font sizes two lines' starts may differ by and stand at one edge: glyphs' side bearings differ (a line of a
# URL's "https" started 1.7 points left of the paragraph's "ization." under it); a first line is set in 1 em
ALIGN = 0.25
RUN_ON = 2.0  # line pitches from the upper block's last baseline to the lower one's first, at most
LEADER = re.compile(r"(?:\. ?){4,}")  # a dot leader: an index's or a table of contents' entry
RUNS_ON_AFTER = (",", ";", "-", "\u2013", "\u2014")  # a line ending so runs on (`column_breaks` too)
_SENTENCE_ENDS = (".", "!", "?", ":", "\u3002", "\uff01", "\uff1f", "\uff1a", "\u061f", "\u06d4")  # . ! ? : 。！？： ؟ ۔


def continued_paragraphs(text: dict, pitch: float | None, body: float | None = None) -> dict:
    """``text`` (a page's dict text) with each block that continues the paragraph of the block before it in the
    dict, or that the block before it continues (a first line drawn last), joined to it. ``pitch``: the document's usual baseline distance in a paragraph (points; None: from
    the blocks' own lines, else 1.3 font sizes), for text of ``body`` size (points; lines of another size are
    measured by it in proportion)."""
    edges = ColumnEdges(text)
    blocks: list[dict] = []
    for block in text["blocks"]:
        if blocks and (_runs_on(blocks[-1], block, pitch, body, edges) or _runs_on(block, blocks[-1], pitch, body, edges)):
            before = blocks[-1]  # its lines above this block's, or (drawn after them) below
            lines = before["lines"] + block["lines"] if _runs_on(before, block, pitch, body, edges) else \
                block["lines"] + before["lines"]
            blocks[-1] = _merged(before, lines)
        else:
            blocks.append(block)
    blocks = _entries_joined(blocks, pitch, body, edges)
    return {**text, "blocks": blocks} if len(blocks) < len(text["blocks"]) else text


def _merged(block: dict, lines: list[dict]) -> dict:
    return {**block, "lines": lines, "bbox": union_box(ln["bbox"] for ln in lines)}


def _entries_joined(blocks: list[dict], pitch: float | None, body: float | None, edges: ColumnEdges) -> list[dict]:
    """``blocks`` (joined where they run on) with an entry's first row, a block of its own that ends a sentence
    ("Torben Hagerup, Kurt Mehlhorn, and J. Ian Munro."), joined to the block hung under it ("1993. Maintaining
    ...") where another entry of the list, in the two blocks or in those before and after them, is set so too
    (`_hung_entry_in`): the list's entries are hung, so this one is (ACM's and APA's references). Alone, one row
    over a paragraph set in says nothing: a definition's term is set so as often, and its case tells nothing
    either (`_runs_on` leaves it apart)."""
    out: list[dict] = []
    for k, block in enumerate(blocks):
        above = out[-1] if out else None
        hung = _first_row_over_hung(above, block) if above is not None else None
        if hung is not None \
                and any(_hung_entry_in(other, *hung, block, edges) for other in out[-2:] + blocks[k:k + 2]) \
                and _runs_on(above, block, pitch, body, edges, listed=True):
            out[-1] = _merged(above, above["lines"] + block["lines"])
        else:
            out.append(block)
    return out


def _first_row_over_hung(above: dict, below: dict) -> tuple[float, float] | None:
    """Where ``below`` (text) starts half a font size to four right of where ``above``'s last row starts, in its
    size, as a row hung under an entry's first: (that size, the row's start in points), else None (the cheap
    test, before the list is looked at)."""
    if any(b.get("type") == 1 or not b.get("lines") for b in (above, below)):
        return None
    first, last = below["lines"][0], above["lines"][-1]
    size = max(s["size"] for s in first["spans"])
    outer = min(ln["bbox"][0] for ln in _last_row(above["lines"]))
    if abs(max(s["size"] for s in last["spans"]) - size) <= 0.5 and 0.5 * size <= first["bbox"][0] - outer <= 4 * size:
        return size, outer
    return None


def _hung_entry_in(block: dict, size: float, outer: float, below: dict, edges: ColumnEdges) -> bool:
    """Whether ``block`` holds a list's entry set as an entry's first row starting at ``outer`` (points) in
    ``size`` and ``below`` would be one: a row at that edge, in that size and in no bold or monospaced term's
    font, broken for width (`blocks.hung_rows_run_on`) over a row that starts where ``below`` does."""
    if block.get("type") == 1 or not block.get("lines"):
        return False
    first = below["lines"][0]
    rows = rows_of(block["lines"])
    right = edges.right(block["bbox"])
    for row, hung in zip(rows, rows[1:]):
        start, under = min(ln["bbox"][0] for ln in row), min(ln["bbox"][0] for ln in hung)
        if abs(start - outer) <= 2 and abs(under - first["bbox"][0]) <= 2 \
                and abs(max(s["size"] for ln in row for s in ln["spans"]) - size) <= 0.5 \
                and not _styled(row + hung) and not any(LEADER.search(line_text(ln)) for ln in row + hung) \
                and hung_rows_run_on([row, hung], outer, right):
            return True
    return False


def _runs_on(above: dict, below: dict, pitch: float | None, body: float | None, edges: ColumnEdges,
             listed: bool = False) -> bool:
    """Whether ``below`` goes on with the paragraph of ``above`` (see the module's text); ``listed``: the two
    stand in a list whose entries are set with a hanging indent (`_entries_joined`), where rows hung under an
    entry's first row run on whatever their case."""
    if above.get("type") == 1 or below.get("type") == 1 or not above.get("lines") or not below.get("lines") \
            or above.get("verse") or below.get("verse"):  # a verse's lines are its author's (`verse`)
        return False
    last, first = above["lines"][-1], below["lines"][0]
    ended, following = line_text(last).rstrip(), line_text(first).strip()
    backwards = right_to_left(ended)  # a right-to-left paragraph's lines start at the right, end at the left
    start = 2 if backwards else 0
    size = max(s["size"] for s in first["spans"])
    if backwards != right_to_left(following) or is_code_line(last) or is_code_line(first) \
            or abs(max(s["size"] for s in last["spans"]) - size) > 0.5:
        return False
    if pitch and body:  # the document's pitch, for a paragraph of this size (a licence set larger than the body)
        pitch = pitch * size / body
    # or the blocks' own, where they are set looser (acmart's manuscript: references 7 on 10 under a body 9 on 11,
    # each entry's first row a block of its own, were two paragraphs an entry)
    step = max(pitch or 0.0, _own_pitch(above) or 0.0, _own_pitch(below) or 0.0) or 1.3 * size
    if not 0 < baseline(first) - baseline(last) <= RUN_ON * step:
        return False
    # the lines' boxes touch, as a paragraph's do (a superscript makes its line's box taller, not the space
    # between the boxes); paragraphs set apart by a little space (LaTeX's parskip: gnuplot's manual, whose
    # paragraphs often start with a lower-case keyword) are not run on
    # (the space a paragraph's lines leave between their boxes is its pitch less a line's height: 2 points in
    # LaTeX at 10 on 12, under 0 for fonts whose boxes are taller than their pitch); a line's height is the lower
    # of the two: a note's mark raises the last line's top (elsarticle in Times: "... a third reader³" over
    # "settled the rest." stood 2.0 points apart, over the 1.99 a box of the mark's height left)
    usual = step - min(last["bbox"][3] - last["bbox"][1], first["bbox"][3] - first["bbox"][1])
    if first["bbox"][1] - last["bbox"][3] > max(usual, 0.0) + TOUCH * size:
        return False
    # the last row's lines: MuPDF cuts a justified line at a stretched space ("tions Optimally." | "In
    # Proceedings of the 20th In-"), and the row starts where its first piece does
    row = _last_row(above["lines"])
    row_start = max(ln["bbox"][2] for ln in row) if backwards else min(ln["bbox"][0] for ln in row)
    inner = hung_edge(above["lines"], size) if not backwards else None
    edge = above["bbox"][start] if inner is None else inner
    hanging = _hanging(above, first, size) and not backwards
    # a paragraph's indented first line, a block of its own where MuPDF cut the paragraph after it (a formula
    # in it: "A bracket grows ... $\\big[ x \\big]$ and so does a sum" | "an integral ...")
    indented = len(above["lines"]) == 1 and 0.5 * size <= last["bbox"][0] - first["bbox"][0] <= 3 * size \
        and not backwards
    # a flushright paragraph's rows, each a block of its own: aligned at their right ends, not their starts
    flush_right = not backwards and _flush_right_under(row, below, size)
    aligned = flush_right or abs(row_start - edge) <= ALIGN * size and (
        abs(first["bbox"][start] - edge) <= ALIGN * size or indented
        or len(above["lines"]) == 1 and _under_a_span(last, first)
        or not backwards and _centred_under(row, below))

    # a reference's rows hung under its first (judged only where needed: the rows are grouped for it); a term set
    # in bold or a monospaced font over its definition is no such row (KOMA-Script's "twolineappendix,
    # appendixprefix, ..." over "Chapter titles in the ..."), nor is an index's entry, whose sub-entries are set
    # in under it ("recipient . . . see also addressee" over "additional . . . 176")
    def plain() -> bool:
        return not backwards and not (_styled(row) and not _styled([first])) \
            and not any(LEADER.search(line_text(ln)) for ln in row + [first])

    def entry() -> bool:  # runs on whatever its case, as a label's
        return plain() and _hung_entry(above, below, size, ended[-1:].isalnum(), edges)

    hung = hanging
    if not aligned and not hanging:  # where the lines start: hung under the row above, or no run-on
        hung = entry() or plain() and _hung_under(above, row_start, first, size)
        if not hung:
            return False
    # a label under a figure's swatch is no line of prose
    if sum(len(line_text(ln).strip()) + 1 for ln in row) - 1 < MIN_CHARS or not following:
        return False
    # an entry's hung row under another stopping on a word (no sentence's end) runs on whatever its case: a
    # list set hung starts no entry at its inner edge ("... Classes for Quaternion" | "Orders. SIAM J. ...")
    hung_on = inner is not None and aligned and ended[-1:].isalnum()
    if not (hanging or following[0].islower() or starts_lower(first) or ended.endswith(RUNS_ON_AFTER)
            or _caseless_run_on(ended, following) or listed and hung and not aligned or hung_on or entry()):
        return False
    # how far the column's lines run: the widest of the two blocks' lines but the paragraph's last (short); with
    # under three lines (two one-line blocks, each as wide as the other, say nothing of a column) the page's
    # column round them
    lines = above["lines"] + below["lines"]
    box = union_box(ln["bbox"] for ln in lines)
    if flush_right:  # TeX broke a row set flush right where the next word did not fit in the room at its left
        left = edges.left(box)
        return left is not None and broken_for_width(-row_start, first, following, -left)
    ends = [ln["bbox"][2 - start] for ln in lines[:-1]]
    if len(lines) >= 3:
        edge = min(ends) if backwards else max(ends)
    else:
        edge = (edges.left if backwards else edges.right)(box)
    if hung and not hanging and edge is not None:  # rows hung with no label: the column's edge, not their own (a
        # ballad's lines, every other one set in, are all about as long: "... glittering eye," | "Now wherefore")
        column, left = edges.right(box), edges.left(box)
        if column is not None and left is not None and row_start > left + ALIGN * size:
            # rows set in from the column's left edge stand in a display set in as far from its right (LaTeX's
            # verse and quote: \rightmargin is \leftmargin): a verse's long line, wrapped and hung under itself,
            # ended a word short of the display's edge, not the column's ("... that blows across" | "the valley")
            column -= row_start - left
        # (two rows measure no display of their own: the edge is the column's, and the display's stands in from it,
        # "... that blows across" over a row of its own, "the valley ...", was two paragraphs)
        edge = max(edge, column or edge) if len(lines) >= 3 else column or edge
    if edge is None:  # the rows are all their column holds (two: too few to measure it by); a word the first
        # broke with a hyphen runs on in lower case into the row hung under it ("... Digital Li-" | "braries. ...")
        return hung and re.search(r"[^\W\d_]-$", ended) is not None and following[0].islower()
    if backwards:  # the same test in a mirror: the line ends at its left, the column at its left edge
        return broken_for_width(-last["bbox"][0], first, following, -edge)
    return broken_for_width(last["bbox"][2], first, following, edge)


CENTRED = 1.0  # points a row's middle may stand off the row above's and be centred under it (TeX: a fraction of one)


def _centred_under(row: list[dict], below: dict) -> bool:
    """Whether ``below``'s rows are a centred paragraph's last, centred under the row above, ``row`` (its lines), and
    set in from both its edges, each a row of prose (`line_breaks.PROSE_WORDS` words; an equation's or a label's
    row holds fewer): TeX wrapped a \\centering paragraph over a first row that filled the column and a last
    centred under it, which MuPDF set as a block of its own ("... into the big" | "ledger kept at the old mill
    ..."). Whether the text runs on is `_runs_on`'s test."""
    x0, x1 = min(ln["bbox"][0] for ln in row), max(ln["bbox"][2] for ln in row)
    return all(abs((ln["bbox"][0] + ln["bbox"][2]) / 2 - (x0 + x1) / 2) <= CENTRED and ln["bbox"][0] > x0 + CENTRED
               and words(line_text(ln)) >= PROSE_WORDS
               for ln in below["lines"])


def _flush_right_under(row: list[dict], below: dict, size: float) -> bool:
    """Whether ``below``'s lines all end where the row above, ``row`` (its lines), ends (`ALIGN` font sizes) and
    start right of where it starts: rows of a paragraph set flush right (LaTeX's flushright), which MuPDF set a block
    a row ("... hauling it to town in the" | "autumn, and they sell it ..." was two paragraphs). Whether the text
    runs on is `_runs_on`'s test, made at the rows' left."""
    x0, x1 = min(ln["bbox"][0] for ln in row), max(ln["bbox"][2] for ln in row)
    return all(abs(ln["bbox"][2] - x1) <= ALIGN * size and ln["bbox"][0] > x0 + ALIGN * size for ln in below["lines"])


# a list item's or a reference's label: "[12]", "12.", "(a)", "iv.", a bullet
_LABEL = re.compile(rf"^\s*(?:{REFERENCE_LABEL}|\(?[0-9]{{1,3}}[.)]|\(?[a-z][.)]|\(?[ivx]{{1,5}}[.)]"
                    r"|[\u2022\u2013\u25e6*-])\s")


def _hanging(above: dict, first: dict, size: float) -> bool:
    """Whether ``first`` (the first line of the block below ``above``) stands at a hanging indent under the
    last line of ``above``, a line led by a label: a bibliography's entry or a list item, whose first line
    MuPDF set at the end of a block (LaTeX's thebibliography: "[3] ... Y. Bengio. Learn-" / "ing phrase
    representations ...", "[1] ... I. Polosukhin." / "Attention is all you need."; the GPL in texinfo: the
    block of item a's last line and item b's first, "b. ... released under this Li-", then "cense and any
    conditions ..."). Its text runs on whatever its case; a line led by a label of its own is a sub-item, but
    under a reference's (bracketed) label, whose entry has none: its rows may start with a number ("[1] ...
    Computations, version" | "11. Retrieved February 28, ...", acmart's sample-acmsmall-conf)."""
    last, above_text = above["lines"][-1], line_text(above["lines"][-1])
    sub_item = _LABEL.match(line_text(first)) and not REFERENCE_ROW.match(above_text)
    return bool(_LABEL.match(above_text)) and not sub_item \
        and 0.5 * size <= first["bbox"][0] - last["bbox"][0] <= 4 * size


def hung_edge(lines: list[dict], size: float) -> float | None:
    """Where the hung rows of a block's ``lines`` set with a hanging indent start (points), its last row one of
    them: its rows start at two edges (within `ALIGN`), the inner half a font size or more right of the outer, and
    a row at the outer edge has one at the inner under it (an entry's first row over its others; the block may hold
    the end of an entry before it, and entries after: "... Programming." "Matthew Van Gundy, ... and Gio-"
    "vanni Vigna. 2007. ... Evad-", whose last row, hung, was no row at the block's edge and ran on into
    nothing); None for any other block."""
    rows = rows_of(lines)
    starts = [min(ln["bbox"][0] for ln in row) for row in rows]
    outer, inner = min(starts), starts[-1]
    if inner - outer < 0.5 * size \
            or any(abs(x - outer) > ALIGN * size and abs(x - inner) > ALIGN * size for x in starts):
        return None
    hung = [x for x in starts if abs(x - inner) <= ALIGN * size]
    if not any(abs(x - outer) <= ALIGN * size and abs(y - inner) <= ALIGN * size for x, y in zip(starts, starts[1:])):
        return None
    return min(hung)


def _last_row(lines: list[dict]) -> list[dict]:
    """The lines on the baseline of the last of ``lines`` that end them (`blocks.rows_of`'s last row)."""
    k = len(lines) - 1
    while k > 0 and abs(baseline(lines[k - 1]) - baseline(lines[k])) < 2:
        k -= 1
    return lines[k:]


def _styled(lines: list[dict]) -> bool:
    """Whether most of the characters of ``lines`` are set in bold or a monospaced font (a term's, an option's)."""
    spans = [span for line in lines for span in line["spans"]]
    styled = sum(len(span["text"].strip()) for span in spans if span["flags"] & 16 or is_mono(span))
    return 2 * styled > sum(len(span["text"].strip()) for span in spans)


def _hung_entry(above: dict, below: dict, size: float, mid_sentence: bool, edges: ColumnEdges) -> bool:
    """Whether the rows of ``above`` and ``below`` are a list set with a hanging indent, ``above``'s last row an
    entry's first (at the outer edge) and ``below``'s first hung under it (at the inner edge, half a font size
    to four right of it), two entries at least (or ``above``'s last row stops ``mid_sentence``, on a letter or
    digit) and no fewer rows at the inner edge than at the outer: a reference's rows after its first run on
    whatever their case ("... Master's thesis. Royal" | "Institute of Technology (KTH) ...", "You: these
    envelopes ... correspond largely to" | "Western envelope sizes ..."). One row over an indented paragraph is a
    definition's term as often (texinfo's "T& elem (octave_idx_type) [Method]" over "The () operator ..."),
    and a term that ends short of the column's edge fails the caller's test that the row was broken for width."""
    rows = rows_of(above["lines"] + below["lines"])
    starts = [min(ln["bbox"][0] for ln in row) for row in rows]
    outer = min(starts)
    inner = [x for x in starts if x > outer + 2]
    rows_above = len(rows_of(above["lines"]))
    outers = len(starts) - len(inner)
    return bool(inner) and len(inner) >= outers and (outers >= 2 or mid_sentence) and max(inner) - min(inner) <= 2 \
        and 0.5 * size <= min(inner) - outer <= 4 * size and starts[rows_above - 1] <= outer + 2 \
        and below["lines"][0]["bbox"][0] > outer + 2 \
        and hung_rows_run_on(rows, outer, edges.right(union_box(ln["bbox"] for ln in above["lines"] + below["lines"])))


def _hung_under(above: dict, row_start: float, first: dict, size: float) -> bool:
    """Whether ``above``'s last row (starting at ``row_start``, points) starts half a font size or more left of
    its other rows, or is its only one (an author-year reference's first line, the rest of each entry hung
    under it: ACM's and APA's bibliographies, no label), and ``first`` stands at a hanging indent under it:
    "... Maintaining Discrete Proba-" / "bility Distributions Optimally ..." were two paragraphs, and "...
    and Gio-" / "vanni Vigna. 2007. ...". Unlike a label's (`_hanging`), such a line says nothing of the case
    the text runs on in."""
    others = [ln["bbox"][0] for ln in above["lines"] if ln["bbox"][1] < above["lines"][-1]["bbox"][1] - 2]
    return (not others or row_start <= min(others) - 0.5 * size) \
        and 0.5 * size <= first["bbox"][0] - row_start <= 4 * size


def _under_a_span(line: dict, first: dict) -> bool:
    """Whether ``first`` starts where a span of ``line`` after its first does, left to right: a term's
    description set on the term's row and run on under itself (groff's .TP: "{ list; } list is simply executed
    ... with a newline or" / "semicolon. This is known as a group command")."""
    return not right_to_left(line_text(line)) and any(
        abs(span["bbox"][0] - first["bbox"][0]) < 1 for span in line["spans"][1:] if span["text"].strip())


def _caseless_run_on(ended: str, following: str) -> bool:
    """Whether a line in a script without capitals (Hebrew, Arabic, Chinese) runs on into ``following``: it
    starts with a letter, and ``ended`` stops at no sentence's end. Case says nothing there: a Hebrew
    paragraph's wrapped last word, which MuPDF put in a block of its own, was written as a paragraph."""
    return following[0].isalpha() and not following[0].isupper() and not ended.endswith(_SENTENCE_ENDS)


def _own_pitch(block: dict) -> float | None:
    lines = block["lines"]
    steps = [baseline(b) - baseline(a) for a, b in zip(lines, lines[1:]) if baseline(b) > baseline(a)]
    return min(steps) if steps else None
