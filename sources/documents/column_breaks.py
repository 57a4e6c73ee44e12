"""A paragraph that a column's foot cut, read on at the next column's top.

LaTeX's two-column papers, Chromium's CSS columns and newspapers break a paragraph wherever its column ends
and go on at the top of the next one; MuPDF's blocks end there, so the paragraph was written as two ("... the
heating, and" / "to present it ..."). A text piece goes on with the one read before it where the page shows it
plainly: the upper piece is the last thing in its column and the lower one the first in a column right of it,
in one size, left to right; the upper piece's last line was broken because the next word did not fit
(`line_breaks.broken_for_width`, against its column's edge); the lower one's first line is not set in (a
paragraph's first line is, in LaTeX's body text), is no caption ("Figure 1: ...", a float at the column's
top) and is prose (it runs to its column's edge, or ends a sentence: not a drawing's label); and the text
runs on: the lower piece starts in lower case, or the upper one ends on a comma, semicolon or dash, or on a
letter or digit with two lines or more below ("... such as Anna" / "Berg, Peter Holm ..."). A float at the next
column's top (its caption, a picture, a table) may stand between the two pieces: the lower one is then the
column's first text under it, and the float is read after the paragraph (it was cut in three); a caption
MuPDF cut into blocks goes with its float whole: its blocks right under its first are no piece of the paragraph
(`_under_a_caption`). An entry of a list set with a hanging indent (a reference) goes on at the next column's
top where the rows there are hung as its own, whatever their text (`_hung_on`); a block there that holds the
entry's rest and new entries is cut before each (`_entries_at_top`). A list's item goes on where the rows at the
next column's top stand at its text's indent (`_in_the_item`). Footnotes under the upper piece, at its column's foot,
do not make it any less its column's last text (`_notes_over`); they are read after the paragraph. A URL the
column's foot broke goes on at the next column's top, its rest set in typewriter a piece a row, which is no code
block (`_url_runs_on`)."""

from __future__ import annotations

import re

from sources.documents.blocks import CAPTION, is_entry, rows_of
from sources.documents.code_blocks import baseline, url_tail
from sources.documents.column_order import between_bands
from sources.documents.continued_paragraphs import ALIGN, MIN_CHARS, RUNS_ON_AFTER, hung_edge
from sources.documents.footnotes import starts_with_mark
from sources.documents.line_breaks import PROSE_WORDS, ColumnEdges, broken_for_width
from sources.documents.lists import starts_item, text_start
from sources.documents.reading_direction import right_to_left
from sources.documents.small_caps import starts_lower
from sources.documents.text_layer import line_text

# a float's caption in any language and style: a word and a number, then a colon, a full stop or a dash
# ("Tabelle 1:", "Fig. 2.") or a capital (Springer's "Table 1 Visitors counted ...")
_LABELLED = re.compile(r"\W*[^\W\d_]{2,12}\.?\s+(?:\d+(?:\.\d+)*|[IVXL]+)[a-z]?(?:\s*[:.\u2013\u2014-]\s|\s+[A-Z])")
_WORD_PUNCT = re.compile(r"^[(\"\u201c]|[,;.:!?)\"\u201d-]$")  # what a prose word carries at its ends
NOTE_SHARE = 0.92  # of the body's size: a footnote is set smaller (LaTeX's 8 under 10, REVTeX's 9 under 10)
_SENTENCE_END = re.compile(r"[.!?:\u3002\uff01\uff1f][)\]\"'\u201d\u2019]*$")


def continued_across_columns(items: list[tuple], columns: ColumnEdges, pieces=None
                             ) -> tuple[list[tuple], list[bool]]:
    """Page items ``(bbox, kind, markdown, line boxes, lines)`` in reading order (bboxes in points), and for each
    whether its text goes on with the paragraph of the item before it, cut by a column's foot (the first item's
    answer is False). A float at the next column's top (`_float_over`) that the paragraph goes on under is moved
    after the paragraph's lower piece: the paragraph is one, the float after it (it was three pieces).
    ``pieces``: lines -> the items they make (`blocks.block_pieces`'), to cut an item at the next column's top
    that holds an entry's rest and new entries of a list set hung (`_entries_at_top`); None: no cut."""
    items, continues = list(items), [False] * len(items)
    lower = 0
    while lower + 1 < len(items):
        lower += 1
        if _under_a_caption(items, lower):  # a caption's further block (MuPDF cut it) is no paragraph's piece
            continue
        float_run = _float_over(items, lower)
        notes = _notes_over(items, lower - len(float_run), lower)
        upper = lower - 1 - len(float_run) - len(notes)
        skipped = frozenset(float_run), frozenset(notes)
        url = upper >= 0 and _url_runs_on(items, upper, lower, *skipped)
        cut, right = ([], None) if url or upper < 0 or pieces is None else \
            _entries_at_top(items, upper, lower, columns)
        cut_on = False
        if cut:  # the entry's rest goes on with it; each entry after it is a paragraph of its own
            parts = [pieces(rows) for rows in cut]
            trial = items[:lower] + [item for part in parts for item in part] + items[lower + 1:]
            if len(parts[0]) == 1 and _runs_on(trial, upper, lower, columns, *skipped, right=right):
                continues[lower:lower + 1] = [False] * (len(trial) - len(items) + 1)
                items, cut_on = trial, True
        if upper < 0 or not (url or cut_on or _runs_on(items, upper, lower, columns, *skipped)):
            continue
        if url:  # the URL's rest, in typewriter, read as a code block: it is the paragraph's text
            box, _, _, boxes, lines = items[lower]
            items[lower] = (box, "text", "".join(line_text(ln).strip() for ln in lines), boxes, lines)
        # (the float's and the notes' answers go with them)
        items[upper + 1:lower + 1] = [items[lower]] + items[upper + 1:lower]
        continues[upper + 1:lower + 1] = [True] + continues[upper + 1:lower]
    return items, continues


def _float_over(items: list[tuple], lower: int) -> list[int]:
    """The positions of the items read right before item ``lower`` that are a float standing over it in its
    column: a caption (`CAPTION`, `_LABELLED`) and what goes with it, a picture, a table or a drawing's short
    labels (no line of prose); empty where there is none."""
    x0, y0, x1, _ = items[lower][0]
    run, k = [], lower - 1
    while k >= 0:
        box, kind, md, _, lines = items[k]
        if box[3] > y0 + 1 or box[0] >= x1 - 1 or box[2] <= x0 + 1 or kind not in ("image", "table", "text"):
            break
        if kind == "text" and not (_caption(lines) or len(md) < MIN_CHARS or _under_a_caption(items, k)):
            break
        run.append(k)
        k -= 1
    return run[::-1] if any(items[k][1] == "text" and _caption(items[k][4]) for k in run) else []


def _notes_over(items: list[tuple], end: int, lower: int) -> list[int]:
    """The positions of the items read right before position ``end`` that are footnotes at the foot of a column
    left of item ``lower``: text set smaller than the lower item's first line (at most `NOTE_SHARE` of it), the
    first of them (the topmost) led by a note's mark (`footnotes.starts_with_mark`: "2 Those in ...", "∗Both
    authors ...", "[1] E. Witten ..."), those after it notes without one at times (acmart's "Authors'
    addresses: ..."); empty where there are none. A paragraph the column's foot cut over its footnotes is the
    last text of its column but for them (ltugboat's, acmart's and REVTeX's pages)."""
    (x0, _, _, _), lines_b = items[lower][0], items[lower][4]
    if not lines_b or items[lower][1] != "text":
        return []
    size = max(s["size"] for s in lines_b[0]["spans"])
    k = end - 1
    while k > 0 and items[k][1] == "text" and items[k][4] and items[k][0][2] <= x0 + 1 \
            and _type_size(items[k][4]) <= NOTE_SHARE * size:
        k -= 1
    run = list(range(k + 1, end))
    if not run or not starts_with_mark(items[run[0]][4][0]):
        return []
    a = items[k][0]  # the paragraph over them: the notes stand under it, across its width
    if any(items[n][0][1] < a[3] - 1 or items[n][0][0] >= a[2] - 1 or items[n][0][2] <= a[0] + 1 for n in run):
        return []
    return run


def _type_size(lines: list[dict]) -> float:
    """The size most of the characters of ``lines`` are set in (a note's mark is smaller, a formula's larger)."""
    sizes: dict[float, int] = {}
    for line in lines:
        for span in line["spans"]:
            sizes[round(span["size"], 1)] = sizes.get(round(span["size"], 1), 0) + len(span["text"].strip())
    return max(sizes, key=sizes.get)


def _under_a_caption(items: list[tuple], k: int) -> bool:
    """Whether item ``k`` is a text block right under a caption's (`_caption`) or under another such block, as
    close as a caption's lines stand (a line's space, not a float's from the text: MuPDF cut a caption into
    blocks at a wider line space, "Figure 1: Visitors a day over three years." | "Counted by the librarian
    ..."), the two overlapping across."""
    while k > 0 and items[k][1] == "text" and items[k][4] and items[k - 1][1] == "text" and items[k - 1][4]:
        (x0, y0, x1, _), first = items[k][0], items[k][4][0]
        above = items[k - 1][0]
        size = max(s["size"] for s in first["spans"])
        if not (0 <= y0 - above[3] <= 0.8 * size and above[0] < x1 - 1 and above[2] > x0 + 1):
            return False
        if _caption(items[k - 1][4]):
            return True
        k -= 1
    return False


def _caption(lines: list[dict], named: bool = False) -> bool:
    """Whether ``lines`` start a float's caption: their first row (MuPDF cuts a caption's row after its label
    at times: "Table 1:" | "Visitors a day ...") starts with its label; ``named``: a label `CAPTION` names
    ("Figure 2:"), not any word and number (`_LABELLED`), which a reference's rows start with as well
    ("Trakhtenbrot. 1998. Statecarts ...")."""
    if not lines:
        return False
    row = " ".join(line_text(ln).strip() for ln in lines if abs(baseline(ln) - baseline(lines[0])) < 2)
    return bool(CAPTION.match(row) or not named and _LABELLED.match(row))


def _runs_on(items: list[tuple], upper: int, lower: int, columns: ColumnEdges, float_run: frozenset = frozenset(),
             notes: frozenset = frozenset(), right: float | None = None) -> bool:
    (a, kind_a, md_a, _, lines_a), (b, kind_b, md_b, _, lines_b) = items[upper], items[lower]
    if kind_a not in ("text", "list") or kind_b != "text" or not lines_a or not lines_b \
            or kind_a == "text" and "\n" in md_a:
        return False  # a paragraph of author's line breaks (a poem, an address) ends where it ends
    if is_entry(line_text(lines_a[-1])) or is_entry(md_b):  # an index's columns: "set . . . 430" | "specular"
        return False
    # by rows: MuPDF cuts a justified row at its stretched spaces, a word a line at times ("The number of visitors
    # had" was "The" "number" ... "had": the foot's last line, "had", was no line of prose)
    foot_row, rows = rows_of(lines_a)[-1], rows_of(lines_b)
    last, first = max(foot_row, key=lambda ln: ln["bbox"][2]), lines_b[0]
    ended, following = " ".join(line_text(ln).strip() for ln in foot_row), line_text(first).strip()
    if not following or right_to_left(ended) or right_to_left(following):
        return False
    size = max(s["size"] for s in first["spans"])
    # a short row is no prose's (a drawing's label, a table's cells), but where it runs to its column's edge in
    # words (`PROSE_WORDS`) and the text runs on in lower case: a paragraph's first row alone at the foot, with
    # parskip not set in ("The number of visitors had" | "doubled over the past ...", in a narrow column; not a
    # table's "(0.062) (0.066)" | "log(Source GDP) -0.059"). A word ending a sentence or broken at its hyphen is a
    # word: multicols' three narrow columns hold rows of 25 letters ("returns to the hills. In-" | "spectors ...")
    right_a = columns.right(a)
    if len(ended) < MIN_CHARS and not (right_a is not None and last["bbox"][2] >= right_a - 0.5 * size
                                       and sum(_WORD_PUNCT.sub("", w).isalpha() for w in ended.split()) >= PROSE_WORDS
                                       and following[0].islower()):
        return False
    if abs(max(s["size"] for s in last["spans"]) - size) > 0.5:
        return False
    # the lower piece stands in a column right of the upper one and starts above its end
    if b[0] < a[2] - 1 or b[1] >= a[3] - size:
        return False
    if not (_last_in_column(items, upper, b[0], notes) and _first_in_column(items, lower, a[2], float_run)):
        return False
    # its first line is not set in: under a second line's start, at its column's left edge (but where it goes on
    # with an entry set hung, whose rows after the first are set in)
    # (by rows: MuPDF cuts a justified row at a stretched space, "npm installs it." | "Then all of its", and
    # the second line on the first's baseline said nothing of where the column's lines start)
    # (a list's item goes on where its rows stand at its text's indent, `_in_the_item`)
    item = kind_a == "list"
    if item and not _in_the_item(items, upper, lower, columns, size):
        return False
    hung = not item and _hung_on(items, upper, lower, columns, size, right)
    left = min(ln["bbox"][0] for row in rows[1:] for ln in row) if len(rows) > 1 else columns.left(b)
    if not (hung or item) and left is not None and first["bbox"][0] > left + 0.5 * size:
        return False
    # the lower piece is prose: its first row runs to its column's edge, or ends the paragraph; a float's
    # caption at the column's top ("Figure 1: ...") or a drawing's labels ("loss", "epoch") are not
    right = max(ln["bbox"][2] for ln in lines_b) if len(rows) > 1 else columns.right(b)
    full = right is not None and max(ln["bbox"][2] for ln in rows[0]) >= right - size
    top_row = " ".join(line_text(ln).strip() for ln in rows[0])
    if _caption(lines_b, named=hung) or not (full or hung or _SENTENCE_END.search(top_row)):
        return False
    # the upper piece stops mid-sentence (a paragraph that ends at a column's foot, with parskip and no indent,
    # may be followed by one starting in lower case: "... in the spring." | "iOS devices keep ..."); an entry's
    # row hung at the next column's top goes on with it whatever the text ("... Palo Alto, CA." | "UMI Order")
    if _SENTENCE_END.search(ended) and not hung:
        return False
    ends = [max(ln["bbox"][2] for ln in row) for row in rows_of(lines_a)[:-1]]
    edge = max(ends) if len(ends) >= 2 else columns.right(a)
    if edge is None or not broken_for_width(last["bbox"][2], first, following, edge):
        return False
    # a word that fits no sentence's end runs on whatever the next one's case ("Anna" | "Berg, Peter Holm"),
    # where the line is full to its column's edge (justified): a paragraph ending in a URL, a number or a name
    # without its full stop, on a ragged line, did not ("... visitor-counter" | "Furthermore, ...")
    return hung or following[0].islower() or starts_lower(first) or ended.endswith(RUNS_ON_AFTER) \
        or ended[-1].isalpha() and len(rows) >= 2 and last["bbox"][2] >= edge - 0.5 * size \
        and not re.search(r"(?:://|www\.)\S*$", ended)


def _url_runs_on(items: list[tuple], upper: int, lower: int, float_run: frozenset = frozenset(),
                 notes: frozenset = frozenset()) -> bool:
    """Whether item ``lower``, a code block first in a column right of text item ``upper``, the last in its own,
    in one size, is the rest of a URL that the upper one's last line ends in (`code_blocks.url_tail`: a piece a row,
    each going on with the URL), cut by the column's foot ("... at https://www.library.example." |
    "org/reading-room/" | "daily-counts.html"). A code block after a paragraph that ends a URL ("... from
    https://example.org." | "ls -l") does not go on."""
    (a, kind_a, _, _, lines_a), (b, kind_b, _, _, lines_b) = items[upper], items[lower]
    if kind_a != "text" or kind_b != "code" or not lines_a or not lines_b:
        return False
    if b[0] < a[2] - 1 or b[1] >= a[3]:
        return False
    last, first = lines_a[-1], lines_b[0]
    if abs(max(s["size"] for s in last["spans"]) - max(s["size"] for s in first["spans"])) > 0.5:
        return False
    return _last_in_column(items, upper, b[0], notes) and _first_in_column(items, lower, a[2], float_run) \
        and url_tail(lines_a, lines_b)


def _hung_on(items: list[tuple], upper: int, lower: int, columns: ColumnEdges, size: float,
             right: float | None = None) -> bool:
    """Whether the rows of item ``lower`` go on with an entry set with a hanging indent that the column's foot cut
    in item ``upper`` (a reference, numbered or author-year): every row of the lower piece starts as far left of
    its column's right edge as the entry's rows after its first (`continued_paragraphs.hung_edge`) do of theirs.
    The columns are as wide, and their left edges tell less (labels set flush right start further left from
    "[10]" on, and a column of prose beside them starts at the labels' right). Where the entry's first row stands
    alone at the foot, the entry above it in the column shows where its rows hang. A paragraph whose first line
    is set in at the next column's top has its next at the column's edge. Where the lower piece's rows are all its
column holds (two: too few for `ColumnEdges`), the right end of its rows stands for the column's edge: its first
row, not the entry's last, is set justified to it."""
    (a, _, _, _, lines_a), (b, _, _, _, lines_b) = items[upper], items[lower]
    inner = _entry_edge(items, upper, size)
    right_a, right_b = columns.right(a), _short_column_right(items, lower, columns) if right is None else right
    if right_b is None and len(rows_of(lines_b)) >= 2:  # the column's only rows, too few to measure it by: the
        right_b = max(ln["bbox"][2] for ln in lines_b)  # first, justified (not the entry's last), runs to its edge
    elif right_b is None and columns.width and columns.left(a) is not None:
        # one row, all the column holds (Times set an entry's last row alone there: "... Number: AAT" |
        # "8506171."): the page's margins taken as equal, the last column ends where the first starts from the
        # page's other side (a page whose margins differ misses the hang by their difference, and stays apart)
        right_b = columns.width - columns.left(a)
    if inner is None or right_a is None or right_b is None:
        return False
    return all(abs(right_b - min(ln["bbox"][0] for ln in row) - (right_a - inner)) <= ALIGN * size
               for row in rows_of(lines_b))


def _in_the_item(items: list[tuple], upper: int, lower: int, columns: ColumnEdges, size: float) -> bool:
    """Whether every row of item ``lower`` starts at the indent of the text of the list item that item ``upper``
    (a list) ends with: as far left of its column's right edge as the item's last row, a row under its marker's
    (an item's rows after its first are set in to its text: "1. The treasurer ... heat-" | "ing, and presents
    ..."). Where the item's first row, its marker's, is the foot's, its text right of the marker shows the indent
    ("1. The treasurer prepares a detailed es-" | "timate of ..."). A new item at the next column's top (a list)
    or a paragraph at its column's edge does not go on."""
    lines_a, lines_b = items[upper][4], items[lower][4]
    rows_a = rows_of(lines_a)
    foot = rows_a[-1]
    start = text_start(foot) if starts_item(foot[0], line_text(foot[0]), True) else \
        min(ln["bbox"][0] for ln in foot) if len(rows_a) >= 2 else None
    right_a, right_b = columns.right(items[upper][0]), _short_column_right(items, lower, columns)
    if start is None or right_a is None or right_b is None:
        return False
    indent = right_a - start
    return all(abs(right_b - min(ln["bbox"][0] for ln in row) - indent) <= ALIGN * size for row in rows_of(lines_b))


SHORT_COLUMN = 10  # lines: in fewer, `ColumnEdges`' 90th percentile of their ends is no longest one


def _short_column_right(items: list[tuple], lower: int, columns: ColumnEdges) -> float | None:
    """The right edge (points) of the column item ``lower`` stands in: `ColumnEdges`', or in a column of under
    `SHORT_COLUMN` lines, the furthest end of its lines (a justified row runs to the edge; with three lines, the
    second-furthest end was a short row's: "System. Addison-Wesley, Reading, MA." | "[7] Jacques Cohen ... Digital"
    | "Libraries. ...")."""
    x0, _, x1, _ = items[lower][0]
    ends = [ln["bbox"][2] for box, _, _, _, lines in items if box[0] < x1 - 1 and box[2] > x0 + 1 for ln in lines]
    if 3 <= len(ends) < SHORT_COLUMN:
        return max(ends)
    return columns.right(items[lower][0])


def _entries_at_top(items: list[tuple], upper: int, lower: int, columns: ColumnEdges
                    ) -> tuple[list[list[dict]], float | None]:
    """The lines of item ``lower``, at the next column's top, cut before each new entry of the list set hung whose
    entry item ``upper`` ends the column with: the item's first rows hung as that entry's (`_hung_on`'s measure),
    and a row after them at the list's outer edge (as far left of its column's right edge as the entry's first
    row is of its own) under a row that ends no sentence's middle (`blocks._hung_apart`'s test), starts an entry
    ("... Sys-" | "tem. Addison-Wesley, Reading, MA." "Jacques Cohen (Ed.). 1996. ..." "braries. ..."): a block of
    three rows that MuPDF made of an entry's rest and the next entry. With the cut, the right edge (points) of the
    lower item's column it was measured by; ([], None) where the item is no such rows."""
    (a, kind_a, _, _, lines_a), (b, kind_b, _, _, lines_b) = items[upper], items[lower]
    if kind_a != "text" or kind_b != "text" or not lines_a or not lines_b:
        return [], None
    size = max(s["size"] for s in lines_b[0]["spans"])
    inner, right_a = _entry_edge(items, upper, size), columns.right(a)
    rows = rows_of(lines_b)
    # (the column's edge or its rows' furthest end, which a justified row runs to: a column of three rows is too
    # few for `ColumnEdges` to measure well, its 90th percentile a short row's end)
    right_b = max(columns.right(b) or 0.0, max(ln["bbox"][2] for ln in lines_b))
    if inner is None or right_a is None or len(rows) < 2:
        return [], None
    outer = min(ln["bbox"][0] for ln in rows_of(lines_a)[-1]) if len(rows_of(lines_a)) == 1 else \
        min(ln["bbox"][0] for ln in lines_a)
    hang, lead = right_a - inner, right_a - outer
    setting = []  # each row: hung (True), at the outer edge (False)
    for row in rows:
        start = right_b - min(ln["bbox"][0] for ln in row)
        if abs(start - hang) <= ALIGN * size:
            setting.append(True)
        elif abs(start - lead) <= ALIGN * size:
            setting.append(False)
        else:
            return [], None
    if not setting[0] or all(setting):
        return [], None
    cut: list[list[dict]] = [[]]
    for k, (row, hung) in enumerate(zip(rows, setting)):
        ended = line_text(rows[k - 1][-1]).rstrip() if k else ""
        if k and not hung and not re.search(r"[,;\-a-z]$", ended):
            cut.append([])
        cut[-1] += row
    return (cut, right_b) if len(cut) > 1 else ([], None)


def _entry_edge(items: list[tuple], upper: int, size: float) -> float | None:
    """Where the rows hung under the entry that item ``upper`` ends with start (points): its own hung rows', or,
    where the entry's first row stands alone, those of the entry above it in the column; None: no list set
    hung (`continued_paragraphs.hung_edge`)."""
    a, lines_a = items[upper][0], items[upper][4]
    inner = hung_edge(lines_a, size)
    if inner is None and upper and len(rows_of(lines_a)) == 1:
        box, kind, _, _, lines = items[upper - 1]
        above = kind == "text" and box[0] < a[2] and box[2] > a[0] and box[3] <= a[1] + 1
        inner = hung_edge(lines, size) if above else None
        if inner is not None and not 0.5 * size <= inner - lines_a[0]["bbox"][0] <= 4 * size:
            inner = None
    return inner


def _last_in_column(items: list[tuple], upper: int, gutter: float, notes: frozenset = frozenset()) -> bool:
    """Whether nothing on the page stands under item ``upper`` across its width but its column's footnotes
    (``notes``, `_notes_over`) and what spans the column right of ``gutter`` too (a paragraph set across both
    columns under them, after multicols' balanced columns: the paragraph the first column's foot cut was read as
    two), or stands under a heading between two bands of columns (`column_order.between_bands`) that ends it."""
    x0, _, x1, y1 = items[upper][0]
    under = [box for n, (box, *_) in enumerate(items) if n != upper and n not in notes
             and box[1] >= y1 - 1 and box[0] < x1 - 1 and box[2] > x0 + 1 and box[2] <= gutter + 1]
    if not under:
        return True
    boxes = [it[0] for it in items]
    cuts = [it[0][1] for it in items if it[0][1] >= y1 - 1 and between_bands(it, boxes)]
    return bool(cuts) and all(box[1] >= min(cuts) - 1 for box in under)


def _first_in_column(items: list[tuple], lower: int, gutter: float, float_run: frozenset = frozenset()) -> bool:
    """Whether nothing stands over item ``lower`` across its width but what spans the column left of
    ``gutter`` too (a title over both columns), the items of a float at the column's top (``float_run``) and what
    stands over a heading between two bands of columns (`column_order.between_bands`) that starts its band."""
    x0, y0, x1, _ = items[lower][0]
    over = [box for n, (box, *_) in enumerate(items) if n != lower and n not in float_run
            and box[3] <= y0 + 1 and box[0] < x1 - 1 and box[2] > x0 + 1 and box[0] >= gutter - 1]
    if not over:
        return True
    boxes = [it[0] for it in items]
    cuts = [it[0][3] for it in items if it[0][3] <= y0 + 1 and between_bands(it, boxes)]
    return bool(cuts) and all(box[3] <= max(cuts) + 1 for box in over)
