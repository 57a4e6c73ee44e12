"""A paragraph whose lines the author broke, not the typesetter: a poem, an address, lines ended by
``<br>`` in HTML. A typesetter breaks a line only when the next word does not fit, so where every line
of a paragraph ends with room to spare in its column for the next line's first word, the breaks are the
author's and the target keeps them ("Roses are red,\\nViolets are blue,"; they were joined into one
line, "Roses are red, Violets are blue,"). A paragraph with one line that fills the column is prose and
is joined as before: a break judged line by line misread short lines of prose (a texinfo paragraph
narrower than the page's code) as the author's.
"""

from __future__ import annotations

import functools

import pymupdf

from sources.documents.code_blocks import is_mono

SPARE = 1.5  # times the next word's estimated width (and a space) each line must leave free in its column
MIN_LINES = 3  # lines a paragraph needs to be judged: one short line of two says little (a centred caption's)
FLUSH = 1.0  # points by which a line set flush left may start off its column's left edge
JUSTIFIED = 0.5  # points within which the lines of a paragraph set justified all end (but its last)
SHORT = 0.25  # of its measure, a line that leaves this much free was broken by its author, whatever came next


def authors_breaks(lines: list[dict], column_right: float | None, column_left: float | None = None) -> bool:
    """Whether every line but the last of a paragraph of ``MIN_LINES`` or more, or of two lines that start
    at ``column_left`` (the left edge of the prose of its column, points; a caption's two lines, centred or
    in a box of their own, start elsewhere: texinfo's @deftypefnx sets a function's two signatures a line
    each, flush left, "complex (x)" over "complex (re, im)"), ends with room to ``column_right`` (the
    right edge of the prose of its column, points; None: not known) for the next line's first word
    (`_room_for`), or with a quarter of its measure (from the paragraph's left edge) free: a typesetter breaks
    so short a line only before a word of a quarter of the column, which a name in a signature can be
    ("old_val = suppress_verbose_help_message (new_val)" over "suppress_verbose_help_message (...)").
    No line ends in a hyphen, and the lines are not justified (`JUSTIFIED`: those but the last end at one x,
    those but the first start at one x, each holds `PROSE_WORDS` words; flush right, an address's lines start
    apart; a form's fields ("Name: ____") run to one tab stop, a word each; in a monospaced font, signatures of
    one length, "Matrix operator + (const double &s, const Matrix &a)", end level too; rows of one width centred in
    their column, the last too, are a centred list's: `_centred_level`): a justified
    paragraph's lines were the author's where a short page's centred title and authors made its column
    seem wider than it is. Lines are ``get_text("dict")`` lines set horizontally, top to bottom, boxes
    in points."""
    if column_right is None or len(lines) < 2:
        return False
    ends, starts = [ln["bbox"][2] for ln in lines[:-1]], [ln["bbox"][0] for ln in lines[1:]]
    if len(ends) >= 2 and max(ends) - min(ends) <= JUSTIFIED and max(starts) - min(starts) <= JUSTIFIED \
            and not any(is_mono(span) for ln in lines for span in ln["spans"] if span["text"].strip()) \
            and all(words(_text(ln)) >= PROSE_WORDS for ln in lines[:-1]) \
            and not _centred_level(lines, column_left, column_right):
        return False  # justified: the typesetter broke them (a short page's centred title set the column wider)
    if _wrapped_in_a_box(lines):
        return False  # prose TeX wrapped to a box narrower than the column (a minipage), its rows running on
    raggedleft = _flush_right(lines, column_left, column_right)
    if len(lines) < MIN_LINES and not raggedleft and not _set_in_short(lines, column_left, column_right) and (
            column_left is None or any(abs(ln["bbox"][0] - column_left) > FLUSH for ln in lines)):
        return False
    measure = column_right - min(ln["bbox"][0] for ln in lines)
    for line, following in zip(lines, lines[1:]):
        text, after = _text(line).rstrip(), _text(following).strip()
        if not text or not after or text.endswith(("-", "\u00ad")):
            return False
        x0, y0, x1, y1 = following["bbox"]
        if y0 < line["bbox"][3] - 0.5 * (y1 - y0):  # beside it on its row: no line end
            return False
        # set flush right, a line's room is at its left: TeX broke it there only where the next word did not fit
        room = line["bbox"][0] - column_left if raggedleft else column_right - line["bbox"][2]
        if room <= min(_room_for(following, after), SHORT * measure):
            return False
    return True


HANG = (0.5, 4.0)  # font sizes a wrapped line of verse hangs in under its start (LaTeX's verse: 1.5em)


def wrapped_rows(lines: list[dict], column_right: float | None, column_left: float | None) -> list[list[dict]]:
    """``lines`` (as `authors_breaks` takes them) grouped into the lines their author wrote, top to bottom: a line
    hung `HANG` font sizes in under its group's first (which starts at the lines' left edge) goes on with the line
    above it where that one was broken because the hung line's first word did not fit before the display's right
    edge. A display set in from ``column_left`` (points) ends as far in from ``column_right``: LaTeX's verse wraps a
    line longer than its measure and hangs the rest 1.5em in, its \\rightmargin its \\leftmargin ("... that blows
    across" | "the valley is cold and dull and grey," was a line each, as the page shows it, not as written).
    Lines that run past that edge (a list with no right margin) are no display's: a line each."""
    if column_right is None or column_left is None or len(lines) < 2 \
            or min(ln["bbox"][0] for ln in lines) - column_left <= FLUSH:
        return [[line] for line in lines]
    left = min(ln["bbox"][0] for ln in lines)
    right = column_right - (left - column_left)
    groups = [[lines[0]]]
    for line, following in zip(lines, lines[1:]):
        text = _text(following).strip()
        sizes = [span["size"] for span in following["spans"] if span["text"].strip()]
        start = groups[-1][0]["bbox"]
        if text and sizes and abs(start[0] - left) <= FLUSH and following["bbox"][1] >= line["bbox"][3] - 1 \
                and HANG[0] * max(sizes) <= following["bbox"][0] - start[0] <= HANG[1] * max(sizes) \
                and all(ln["bbox"][2] <= right + FLUSH for ln in groups[-1]) \
                and broken_for_width(line["bbox"][2], following, text, right):
            groups[-1].append(following)
        else:
            groups.append([following])
    return groups


def _as_one_line(group: list[dict]) -> dict:
    """The ``get_text("dict")`` lines of one of `wrapped_rows`' groups as one line for `authors_breaks`: its box
    from the first's start to the last's end, its spans all of theirs, a space between lines (a span with the keys
    of the next line's first, its font, flags and colour, that a span's readers ask for; size 0: no letter's)."""
    first, last = group[0]["bbox"], group[-1]["bbox"]
    spans = [span for k, line in enumerate(group)
             for span in ([_space_before(line)] if k else []) + line["spans"]]
    return {**group[0], "bbox": (first[0], first[1], last[2], last[3]), "spans": spans}


def _space_before(line: dict) -> dict:
    """A span of one space, sized 0, with the other keys of ``line``'s first span (no characters of its own)."""
    span = {key: value for key, value in line["spans"][0].items() if key != "chars"}
    return {**span, "text": " ", "size": 0.0}


def written_lines(lines: list[dict], column_right: float | None,
                  column_left: float | None = None) -> list[list[dict]] | None:
    """The lines their author broke (`authors_breaks`), each as the ``get_text("dict")`` lines it was set in (a verse's
    long line wrapped and hung: `wrapped_rows`), or None where the typesetter broke them."""
    groups = wrapped_rows(lines, column_right, column_left)
    if len(groups) < len(lines):
        if len(groups) >= 2 and authors_breaks([_as_one_line(group) for group in groups], column_right, column_left):
            return groups
        return None
    return [[line] for line in lines] if authors_breaks(lines, column_right, column_left) else None


def _wrapped_in_a_box(lines: list[dict]) -> bool:
    """Whether every line but the last of ``lines`` (as `authors_breaks` takes them) was broken because the next
    line's first word did not fit before the widest line's end, and one of them is prose running on in lower case
    (`_runs_on_in_prose`): a ragged-right paragraph TeX wrapped in a box narrower than its column (a minipage's
    "... must stay dry" over "and cool, and the bins ..." was kept a line a row, each short of the page's column).
    A verse's lines leave room for the next one's first word, or start it with a capital."""
    right = max(ln["bbox"][2] for ln in lines)
    texts = [_text(ln).strip() for ln in lines]
    return all(texts) and all(broken_for_width(line["bbox"][2], following, text, right)
                              for line, following, text in zip(lines, lines[1:], texts[1:])) \
        and any(_runs_on_in_prose(text, after) for text, after in zip(texts, texts[1:]))


def _set_in_short(lines: list[dict], column_left: float | None, column_right: float) -> bool:
    """Whether ``lines`` all start at one x set in from ``column_left`` (by more than `FLUSH`), and each leaves a
    quarter (`SHORT`) of the column's measure free: rows broken with \\\\ and set in with \\hspace* ("Step two" over
    "Step three", "Grain Institute" over "Uppsala" ran into one line). Centred rows (a display TeX wrapped in a
    narrow column, a signature's name over its title) start apart, and a row of prose (`PROSE_WORDS` words) whose
    sentence runs on in lower case under it is one TeX wrapped in a box set in (a \\parbox: "... and write the"
    over "moisture of every silo ...").
    Rows of fewer than `PROSE_WORDS` words each, none starting in lower case, are set in short
    however much room they leave: a letter's sender address ("Street 1" over "City") is a box set flush right,
    its rows ending a little short of the column's edge, and ran into one line."""
    if column_left is None:
        return False
    measure, x0 = column_right - column_left, lines[0]["bbox"][0]
    texts = [_text(ln).strip() for ln in lines]
    fields = all(0 < words(text) < PROSE_WORDS for text in texts) and not any(text[:1].islower() for text in texts)
    return x0 - column_left > FLUSH and all(
        abs(ln["bbox"][0] - x0) <= FLUSH and (fields or column_right - ln["bbox"][2] > SHORT * measure)
        for ln in lines) \
        and not any(_runs_on_in_prose(_text(line), _text(following)) for line, following in zip(lines, lines[1:]))


def _runs_on_in_prose(text: str, following: str) -> bool:
    """Whether a row's ``text`` is prose (`PROSE_WORDS` words or more) ending mid-sentence, no clause's mark at its
    end, and the row under it (``following``) goes on in lower case: a paragraph TeX wrapped."""
    first = following.split()[:1]
    return words(text) >= PROSE_WORDS and text.rstrip()[-1:].isalnum() and bool(first) and first[0].isalpha() \
        and first[0].islower()


RAGGED_LEFT = 2.5  # body sizes every line of a stack set flush right starts in from its column's left edge at least


def _flush_right(lines: list[dict], column_left: float | None, column_right: float) -> bool:
    """Whether ``lines`` are set flush right in their column (LaTeX's flushright, a stack of quotations or an
    address): every line ends at ``column_right`` (`FLUSH`) and starts `RAGGED_LEFT` font sizes or more in from
    ``column_left`` (further than a paragraph's indent: a justified paragraph whose last row fills its measure ends
    level too, its first row set in by 1-1.5). Their breaks are told by the room at their left: "To be or not to
    be." over "All the world is a stage." ran into one paragraph."""
    if column_left is None:
        return False
    sizes = [span["size"] for ln in lines for span in ln["spans"] if span["text"].strip()]
    return bool(sizes) and all(abs(column_right - ln["bbox"][2]) <= FLUSH
                               and ln["bbox"][0] - column_left >= RAGGED_LEFT * max(sizes) for ln in lines)


PROSE_WORDS = 4  # words a justified line holds at least (a form's "Name: ______" to a tab stop holds one)
CENTRED = 2.0  # points a stack's middle may stand off its column's and be centred in it (TeX: a fraction of one)


def _centred_level(lines: list[dict], column_left: float | None, column_right: float | None) -> bool:
    """Whether ``lines`` (as `authors_breaks` takes them) are rows of one width centred in their column, the last
    as wide as the rest: a centred list of addresses of near-equal widths ("Box 12, Oak Lane, Ayton" over "Box 14,
    Oak Lane, Byton") starts and ends its rows level as a justified paragraph does, and ran into one line. A
    justified paragraph sets its last row at its natural width (short of the others, but by chance) and starts at
    its column's edge, or (a quotation) lays its last row short."""
    if column_left is None or column_right is None:
        return False
    x0, x1 = min(ln["bbox"][0] for ln in lines), max(ln["bbox"][2] for ln in lines)
    last = lines[-1]["bbox"]
    return last[0] - x0 <= JUSTIFIED and x1 - last[2] <= JUSTIFIED and x0 - column_left > FLUSH \
        and abs((x0 - column_left) - (column_right - x1)) <= CENTRED


def words(text: str) -> int:
    """How many words (runs holding a letter) ``text`` has."""
    return sum(any(c.isalpha() for c in word) for word in text.split())


def _room_for(line: dict, text: str) -> float:
    """The room (points) a line must leave for ``line``'s first word (its text ``text``, stripped) to have
    fitted after it, with a space: where a span holds the word alone (a signature's name set in typewriter,
    its parenthesis in another font) the span's box measures it, and a character's width stands for the
    space; else it is estimated from the line's own characters, ``SPARE`` times over with a character to
    spare (letters' widths vary)."""
    x0, _, x1, _ = line["bbox"]
    char = (x1 - x0) / len(text)
    word = text.split()[0]
    first = next((span for span in line["spans"] if span["text"].strip()), None)
    if first is not None and first["text"].strip() == word:
        return first["bbox"][2] - first["bbox"][0] + char
    return SPARE * (len(word) + 1) * char + char


def centred_breaks(rows: list[list[dict]], column_left: float | None, column_right: float | None) -> bool:
    """Whether every row but the last of a centred stack (``rows``: each its ``get_text("dict")`` lines, top to
    bottom, two or more) was broken by its author: as wide as it is, it leaves room in its column's measure
    (``column_left`` to ``column_right``, points; None: not known) for the next row's first word (`_room_for`).
    A title TeX wrapped filled its measure; an author's name over their institution did not."""
    if column_left is None or column_right is None or len(rows) < 2:
        return False
    for row, below in zip(rows, rows[1:]):
        after = _text(below[0]).strip()
        if not after:
            return False
        width = max(ln["bbox"][2] for ln in row) - min(ln["bbox"][0] for ln in row)
        if width + _room_for(below[0], after) > column_right - column_left:
            return False
    return True


def filled_rows(rows: list[list[dict]]) -> bool:
    """Whether every row but the last of a centred stack (``rows``, as `centred_breaks` takes them) fills the
    measure of its widest row, leaving no room for the next row's first word: a title TeX wrapped in a box
    whose measure is not known (a minipage) is at least as wide as its widest row, and each row it broke was
    full. An author's breaks leave room: a title over "by" over a name ("The Orchards of the River Valley" |
    "by" | "Jane Doe") is three rows, no title's."""
    left = min(ln["bbox"][0] for row in rows for ln in row)
    right = max(ln["bbox"][2] for row in rows for ln in row)
    return not any(centred_breaks([row, below], left, right) for row, below in zip(rows, rows[1:]))


TITLE_WORDS = 4  # words each row but the last of a title TeX wrapped holds at least (a name holds two or three)


def wrapped_title(rows: list[list[dict]]) -> bool:
    """Whether a centred stack (``rows``, as `centred_breaks` takes them) is a title TeX wrapped, told without the
    case of its rows' first words (a title in Title Case starts every row with a capital, as an author's lines do):
    every row but the last holds `TITLE_WORDS` words or more and fills the stack's widest (`filled_rows`), which is
    one of them (TeX filled them; the last holds what was left), and one of them is narrower than the widest yet
    left no room for the next row's first word, so the fill was measured, not the widest row's own ("Notes On The
    Storage Of Grain In" | "Small Silos Across The Northern Valley" | "Farms Of The Region" in a minipage: it was a
    heading a row). Names ("Ann Example" | "Bo Person") hold fewer words; a title page's credits over a wider URL
    ("Original code by Johannes Große" | "Package by Will Robertson" | "http://github.com/...") end with the
    widest; an institution over its town is one wide row over a narrower: no measured fill. Every word is
    capitalised (`_title_case`) and no row holds a comma: authors over their department and university ("Ann
    Example and Bo Person and Cy Sample" | "Department of Agricultural Sciences" | "University of the Northern
    Valley"; "Ann B. Example, Bo C. Person, Cy D. Sample" | "Department Of Agricultural Engineering" | "Northern
    Valley University, Ayton") fill by chance."""
    texts = [" ".join(_text(ln) for ln in row) for row in rows]
    if len(rows) < 2 or any(words(text) < TITLE_WORDS for text in texts[:-1]) or not all(map(_title_case, texts)) \
            or any("," in text for text in texts):
        return False
    widths = [max(ln["bbox"][2] for ln in row) - min(ln["bbox"][0] for ln in row) for row in rows]
    widest = max(widths[:-1])
    return widest >= widths[-1] and filled_rows(rows) and any(width < widest - AXIS_SLACK for width in widths[:-1])


def _title_case(text: str) -> bool:
    """Whether every word of ``text`` holding a letter starts its letters with a capital ("Of The Region"; not
    "of the Region", nor "Ann Example and Bo Person")."""
    return all(next(c for c in word if c.isalpha()).isupper() for word in text.split() if any(map(str.isalpha, word)))


AXIS_SLACK = 2.0  # points a row may be narrower than the widest and still be it (TeX centres to a fraction of one)


def broken_for_width(end: float, following: dict, text: str, right: float) -> bool:
    """Whether a line ending at ``end`` (points) was broken because the next line's first word would not
    fit before ``right``: ``following`` is that next line (its box gives a character's width, estimated from
    its ``text``, non-empty). The typesetter's test, as `authors_breaks` makes it without its spare room.

    The word's width is the line's in the proportions Helvetica's widths give its letters (`word_width`), not a
    line's average letter's: a capital is twice as wide as an "i" ("UNESCO" after "... sold price." was
    measured 31 points and fitted, where TeX found it 45 and wrapped it)."""
    return end + word_width(following, text) > right


def broken_before(end: float, following: dict, right: float) -> bool:
    """`broken_for_width` of ``following``'s own text, stripped; False where it holds none."""
    text = _text(following).strip()
    return bool(text) and broken_for_width(end, following, text, right)


def word_width(line: dict, text: str) -> float:
    """The width (points) of ``text``'s first word and a space in ``line`` (whose text ``text`` is, stripped): the
    line's width shared out in Helvetica's proportions (`pymupdf.get_text_length`), or evenly among its characters
    where it is set in a monospaced font or Helvetica has no widths for its letters."""
    x0, _, x1, _ = line["bbox"]
    word = text.split()[0] + " "
    whole = 0.0 if any("font" in s and is_mono(s) for s in line["spans"] if s["text"].strip()) else _helvetica(text)
    if whole <= 0.0:
        return len(word) * (x1 - x0) / len(text)
    return _helvetica(word) * (x1 - x0) / whole


@functools.lru_cache(maxsize=8192)  # asked of a line's text once a test, and of the same lines again
def _helvetica(text: str) -> float:
    """``text``'s width (ems) in Helvetica."""
    return pymupdf.get_text_length(text, fontname="helv", fontsize=1.0)


class ColumnEdges:
    """The right edges of a page's columns (`right`), from its ``get_text("dict")`` result ``text``:
    blocks of one column share an answer, kept by their extent across."""

    def __init__(self, text: dict):
        self._lines = [line["bbox"] for block in text["blocks"] if block.get("type") != 1
                       for line in block.get("lines", ())]
        self.width = text.get("width")  # the page's (points), where the dict gives it
        self._known: dict[tuple, float | None] = {}
        # the lines set across the gutters of two rows or more (a lead, an abstract, a caption or a title over or
        # under the columns), each with the gutters it crosses
        self._gutters = _gutters(self._lines)
        self._across: list[tuple[int, list[tuple[float, float, float, float]]]] = []
        if self._gutters:
            import numpy as np

            boxes, gaps = np.array(self._lines, dtype=float).reshape(-1, 4), np.array(self._gutters, dtype=float)
            crossing = (boxes[:, :1] < gaps[:, 0]) & (boxes[:, 2:3] > gaps[:, 1])  # (lines, gaps)
            # each gap stands the height of the gutter it is a row of: from the first row of gaps over it, or of
            # lines that end at its left or start at its right (a column's justified lines: three columns 6pt
            # apart showed gaps on two rows only), to the last
            beside = (np.abs(boxes[:, 2:3] - gaps[:, 0]) <= 1) | (np.abs(boxes[:, :1] - gaps[:, 1]) <= 1)
            gaps[:, 2] = np.minimum(gaps[:, 2], np.where(beside, boxes[:, 1:2], np.inf).min(axis=0))
            gaps[:, 3] = np.maximum(gaps[:, 3], np.where(beside, boxes[:, 3:4], -np.inf).max(axis=0))
            over = (gaps[:, None, 0] < gaps[None, :, 1]) & (gaps[:, None, 1] > gaps[None, :, 0])
            tops = np.where(over, gaps[None, :, 2], np.inf).min(axis=1)
            feet = np.where(over, gaps[None, :, 3], -np.inf).max(axis=1)
            for k in np.flatnonzero(crossing.sum(axis=1) >= GUTTER_ROWS):
                self._across.append((int(k), [(*self._gutters[g][:2], float(tops[g]), float(feet[g]))
                                              for g in np.flatnonzero(crossing[k])]))

    def right(self, rect) -> float | None:
        """The right edge (points) of the prose in the column a block's box ``rect`` (x0, y0, x1, y1)
        stands in: the 90th percentile of the right ends of the page's lines that overlap it across (of under
        `FEW_LINES`, the furthest, where it starts where ``rect`` does or at their left), less those set across a
        gutter right of ``rect`` (a lead over two columns ended the first one's lines at the page's right edge: each
        of them ended short, broken by its author); None with under three such lines (a lone block has no column to
        measure against)."""
        return self._edge(rect, 2, 0.9)

    def left(self, rect) -> float | None:
        """The left edge (points) of the column ``rect`` stands in, where right-to-left lines end: the 10th
        percentile of the left ends of the page's lines that overlap it across, less those set across a gutter left
        of it; None as `right`."""
        return self._edge(rect, 0, 0.1)

    def _edge(self, rect, side: int, share: float) -> float | None:
        key = (round(rect[0]), round(rect[2]), side) + ((round(rect[1]), round(rect[3])) if self._across else ())
        if key not in self._known:
            x0, x1 = rect[0], rect[2]  # read once: indexing a Rect is a Python call (950,000 on 457 pages)
            y0, y1 = rect[1], rect[3]
            # (a gutter on the side measured: a definition list's gap between terms and descriptions, left of a
            # description, says nothing of where its lines end; a gutter on rows ``rect`` stands beside: a table's
            # gaps, crossed by a paragraph under it, say nothing of a verse under that)
            across = [(k, [(g0, g1) for g0, g1, gy0, gy1 in crossed if gy0 < y1 and gy1 > y0])
                      for k, crossed in self._across]
            apart = {k for k, crossed in across
                     if any(g0 >= x1 - 1 if side == 2 else g1 <= x0 + 1 for g0, g1 in crossed)}
            boxes = [b for k, b in enumerate(self._lines) if b[0] < x1 and b[2] > x0 and k not in apart]
            if side == 2:
                # right of a gutter, where `left` measures from the column's own lines, so does this, where three
                # or more: a table's p-column narrower than the text ends short of the paragraphs across it
                # (each of its cells' first rows ended with room to the page's edge, broken by its author)
                beside = {k for k, crossed in across if any(g1 <= x0 + 1 for _, g1 in crossed)}
                own = [b for k, b in enumerate(self._lines)
                       if b[0] < x1 and b[2] > x0 and k not in apart and k not in beside]
                boxes = own if len(own) >= 3 else boxes
            ends = sorted(b[side] for b in boxes)
            self._known[key] = ends[int(share * (len(ends) - 1))] if len(ends) >= 3 else None
            if side == 2 and 3 <= len(ends) < FEW_LINES:
                # of so few lines the percentile's rank, rounded down, is the second-furthest end, a short row's
                # where few rows fill the column (a letter's recipient, "Bo Chen" | "Main Road 5" | "Town", over a
                # body of one row, was measured against its own longest row: no room left, one line). The furthest
                # line is the column's measure where it starts where ``rect`` does or at the column's left (a box of
                # rows set flush right, a letter's sender over its date, ends with its widest); one set in or
                # centred is no measure (elsarticle's title over a column of three rows, a definition over a term)
                first, furthest = min(b[0] for b in boxes), max(boxes, key=lambda b: b[2])
                if min(abs(furthest[0] - x0), abs(furthest[0] - first)) <= FLUSH:
                    self._known[key] = furthest[2]
        return self._known[key]


FEW_LINES = 10  # lines a column's edge is measured over, at least, by a percentile of their ends (`ColumnEdges`)
GUTTER_GAP = 6.0  # points: the least gap between two lines on one row that stand in two columns
COLUMN_LINE = 72.0  # points: the least width of the lines either side of a gutter (a column of text's, an inch)
GUTTER_ROWS = 2  # gaps (of as many rows) a line crosses, at least, to be set across the columns


def _gutters(boxes: list) -> list[tuple[float, float, float, float]]:
    """The gaps (x0, x1, and the row's y0, y1) between lines side by side on one row, `GUTTER_GAP` wide or more:
    between a page's columns (or a table's), each row's own."""
    gaps: list[tuple[float, float, float, float]] = []
    row: list = []
    for box in sorted(boxes, key=lambda b: (b[1] + b[3]) / 2):
        if row and (box[1] + box[3]) / 2 - (row[0][1] + row[0][3]) / 2 > 2.0:  # middles 2 points apart: a new row
            gaps += _row_gaps(row)
            row = []
        row.append(box)
    return gaps + _row_gaps(row)


def _row_gaps(row: list) -> list[tuple[float, float, float, float]]:
    """The gaps of `GUTTER_GAP` or more between the boxes of one row, left to right, each between two lines of
    `COLUMN_LINE` or wider: columns of text, not a table's cells (a grid of letters under a paragraph made its
    lines ones across columns, and a verse under it measured its own column)."""
    gaps: list[tuple[float, float, float, float]] = []
    last = None
    for box in sorted(row, key=lambda b: b[0]):
        if last is not None and box[0] - last[2] >= GUTTER_GAP and last[2] - last[0] >= COLUMN_LINE \
                and box[2] - box[0] >= COLUMN_LINE:
            gaps.append((last[2], box[0], min(last[1], box[1]), max(last[3], box[3])))
        last = box if last is None or box[2] > last[2] else last
    return gaps


def _text(line: dict) -> str:
    return "".join(span["text"] for span in line["spans"])
