"""One text block of a page as markdown pieces: code, lists, headings and paragraphs.

A block as MuPDF groups it can hold several kinds of text (texinfo sets an example inside its paragraph's
block), so a block is cut into runs first (`code_blocks.code_runs`) and each run becomes its own piece
with its own box.
"""

from __future__ import annotations

import re

from sources.documents.centred_grid import centred
from sources.documents.code_blocks import baseline, code_runs
from sources.documents.coloured_titles import coloured_title, titled
from sources.documents.heading_stacks import heading_a_row
from sources.documents.headings import heading_markdown, letters_size
from sources.documents.line_breaks import (PROSE_WORDS, broken_before, broken_for_width, word_width, words,
                                           written_lines)
from sources.documents.lists import line_parts, list_markdown, list_runs, markers_joined, starts_item
from sources.documents.text_layer import join_lines, line_text, starts_url


def block_pieces(lines: list[dict], style, keeps_hyphen=None, column_right: float | None = None,
                 column_left: float | None = None) -> list[tuple[str, str, list[dict]]]:
    """The block's ``lines`` as pieces ``(kind, markdown, lines)`` in order; kind is ``code`` (its
    markdown is filled in once code pieces that continue each other are merged), ``heading``,
    ``list`` or ``text``. ``style``: the document's `markdown.DocumentStyle` (where its body is set in
    a monospaced font, monospace does not mark code; on a page read by OCR, lines whose words' widths
    keep one pitch are marked monospaced: `ocr_layout._mark_fixed_pitch`).
    ``keeps_hyphen``: the line-end hyphen decision (`hyphens.Hyphenation.keeps`). ``column_right``: the
    right edge (points) of the prose of the column the block stands in (`line_breaks.ColumnEdges`),
    against which a paragraph whose every line was broken by its author is told (a poem); ``column_left``:
    its left edge, where two such lines must start (`line_breaks.written_lines`)."""
    pieces = []
    fonts_tell = not style.mono_body
    for is_code, members in (code_runs(lines, style.pitch) if fonts_tell else [(False, lines)]):
        if is_code:
            pieces.append(("code", "", members))
            continue
        for paragraph in (entry for headed in _heading_apart(members, style.body)
                          for run in _heading_sizes_apart(headed, style.body)
                          for numbered in _labelled_apart(run)
                          for hung in _hung_apart(numbered, column_right)
                          for cut in _dedented(hung, style.body, column_right)
                          for boxed in _narrower_box_apart(cut, style.body)
                          for part in _indented_apart(boxed, style.body, column_right, column_left)
                          for spaced in _spaced_apart(part, style.body, style.pitch, column_right)
                          for listed in _entries_apart(spaced)
                          for entry in _fields_apart(listed)):
            paragraph = markers_joined(paragraph)  # a marker cut from its item's text ("1." | "Install ...")
            texts = [line_text(ln) for ln in paragraph]
            for is_list, run in list_runs(paragraph, texts):
                pieces.append((*prose_markdown(run, style, is_list, keeps_hyphen, column_right, column_left),
                               line_parts(run)))
    return pieces


def _heading_apart(lines: list[dict], body: float) -> list[list[dict]]:
    """Lines cut after the block's first line when that line alone looks like a heading (every span bold, or
    set 15% above the body) and the next does not: MuPDF holds a heading with what follows it in one block
    at times (the live manual's "4.4 First steps" over its paragraph's number, "180"), and the two joined
    made no heading ("4.4 First steps: building an ISO hybrid image 180"). A bold first line that runs to the
    right edge of a longer block, or ends in a hyphen, is a paragraph's, wrapped; a label ending in a colon
    with the next line on its baseline less than two body sizes after it (`_run_in`) is one that MuPDF cut from
    its row at a justified line's stretched space (texinfo's "See also:" before its references: the label was
    a heading of its own, read at times after its list); a term a tab stop before its text is a table's cell; a
    bold number on the next line's baseline numbers it (`_numbers_its_row`). A first line a point or more larger
    than the body and the line under it, in a colour of its own, is a heading too (`coloured_titles.coloured_title`)."""
    if len(lines) < 2 or not (_looks_heading(lines[0], body) or coloured_title(lines[0], lines[1], body)) \
            or _looks_heading(lines[1], body) \
            or line_text(lines[0]).rstrip().endswith("-") or _run_in(lines[0], lines[1], body) \
            or _numbers_its_row(lines[0], lines[1]):
        return [lines]
    if len(lines) > 2 and lines[0]["bbox"][2] > max(ln["bbox"][2] for ln in lines) - 2 * body \
            and not centred(lines):
        return [lines]  # it runs to the text's right edge: a paragraph's bold first line, wrapped
    if not _looks_heading(lines[0], body):  # a title by its colour: a heading at the body's size too
        return [[titled(lines[0])], lines[1:]]
    return [lines[:1], lines[1:]]


SIZE_STEP = 0.05  # of the larger size, the least two stacked heading rows' sizes differ by to be two headings


def _heading_sizes_apart(lines: list[dict], body: float) -> list[list[dict]]:
    """Lines cut between two rows that both look like headings (`_looks_heading`) set at sizes `SIZE_STEP` or more
    apart (their letters' largest): a heading over one a size smaller, which MuPDF held in one block ("\\LARGE
    Storage of Grain" over "\\Large On Small Farms in Winter" was one heading; a name over its institution set
    \\large was too). TeX wraps a heading's rows at one size."""
    out = [[lines[0]]]
    for above, line in zip(lines, lines[1:]):
        sizes = [letters_size(above["spans"]), letters_size(line["spans"])]
        if abs(baseline(line) - baseline(above)) >= 2 and min(sizes) > 0 \
                and abs(sizes[0] - sizes[1]) >= SIZE_STEP * max(sizes) \
                and _looks_heading(above, body) and _looks_heading(line, body):
            out.append([line])
        else:
            out[-1].append(line)
    return out


def _numbers_its_row(number: dict, line: dict) -> bool:
    """Whether ``number`` is a number alone (an algorithm's line number, set bold and small by algorithm2e) on
    the baseline of ``line``, the statement it numbers, cut from it at the statement's indent: "2" was a
    heading-like paragraph of its own and "d[v] ← ∞;" another."""
    return line_text(number).strip().isdigit() and abs(baseline(line) - baseline(number)) < 2


def _run_in(label: dict, line: dict, body: float) -> bool:
    """Whether ``label`` ends in a colon and ``line`` goes on its row (same baseline) less than two body sizes
    after it: a label that introduces its text ("See also:"). A run-in heading (LaTeX's \\paragraph, gnuplot's
    "Column" before its text) stays a heading."""
    return line_text(label).rstrip().endswith(":") and abs(baseline(line) - baseline(label)) < 2 \
        and 0 <= line["bbox"][0] - label["bbox"][2] < 2 * body


def _looks_heading(line: dict, body: float) -> bool:
    spans = [s for s in line["spans"] if s["text"].strip()]
    return _bold(line) or bool(spans) and min(s["size"] for s in spans) >= 1.15 * body


def _dedented(lines: list[dict], body: float, column_right: float | None = None) -> list[list[dict]]:
    """Prose lines cut where a line starts two body sizes or more left of the row above (`_row_above`) and that
    row ends a sentence (but the block's first: a paragraph's first line set in may end one), ends two body
    sizes or more short of the block's right edge (or, in a block of two lines and for a row of three words or
    more, its column's, ``column_right``, where further: a one-line definition and the term under it, which
    MuPDF groups as a block, were one paragraph, "True if expression is false. expression1 && expression2"), or
    is not bold where the line is (`_bold`), or is set in further than a paragraph's row is (`_set_in_alone`): a
    definition list's next term after the last line of an indented definition (MuPDF groups a <dd> with the <dt>
    below it), not a paragraph's wrapped line after its indented first line; and where a row
    is set as the one above it (a table's, `_row_like_above`). A line that starts a list item is left to the
    list (a hanging "2." after an indented wrapped line of item 1)."""
    out = [[lines[0]]]
    own = max(ln["bbox"][2] for ln in lines)
    wide = max(own, column_right or 0.0)
    for k, line in enumerate(lines[1:], 1):
        start, end, ended = _row_above(lines, k)
        # the column's edge measures a prose line of a block too small to show its own (a figure's tick labels,
        # "0 20 40 x", are no prose; an inset quote's lines end at its own edge), a definition of a word or two
        # too ("Alice" over the next term "Role", which MuPDF groups as a block: "Alice Role" was one paragraph)
        worded = len(ended.split()) >= 3 or any(ch.isalpha() for ch in ended) and not any(
            ch.isdigit() for ch in ended)
        right = wide if worded and len(lines) < 3 else own
        new_row = abs(baseline(line) - baseline(lines[k - 1])) >= 2
        # a row that ends a sentence, under another row (a first line set in ends one too, now and then)
        ends = end <= right - 2 * body or _SENTENCE_END.search(ended) and _row_start(lines, k - 1) > 0
        # or the line is set in bold under a row that is not: a <dt> under a short <dd> with no full stop
        # ("the first letter" then "beta", in bold, were one paragraph on a page with no other prose to measure)
        ends = ends or _bold(line) and not _bold(lines[k - 1])
        # or the row is set in from the line under it further than a paragraph's first line or a float's neighbour
        # is (`_set_in_alone`): a <dd> of a word or two over the next term, on a page with no prose to measure
        ends = ends or _set_in_alone(start, end, ended, line, body)
        if new_row and (line["bbox"][0] <= start - 2 * body and ends or _row_like_above(lines, k, body)
                        or _across_a_table_row(lines, k, body)) and not starts_item(line, line_text(line), True):
            out.append([line])
        else:
            out[-1].append(line)
    return out


SET_IN_SHARE = 0.25  # of the widest measure a row could have been wrapped at, the most a paragraph's row is set in


def _set_in_alone(start: float, end: float, ended: str, line: dict, body: float) -> bool:
    """Whether a row from ``start`` to ``end`` (points) holding ``ended``, set in two body sizes or more from
    ``line`` under it, was broken by its author: had the typesetter wrapped it before ``line``'s first word, its
    measure (from ``line``'s start) would end before that word's end after it (`line_breaks.broken_for_width`), and
    the row would be set in by more than `SET_IN_SHARE` of that measure, which no paragraph's first line is (an
    indent of 1-3 ems), nor, in rows of `PROSE_WORDS` words or more, a row beside a drop cap or a wrapped figure.
    A definition list's short <dd> ("Alice", "1999") over the next term, set back at the term's x, which MuPDF
    groups as a block: without a long prose line on the page to measure the column, "Alice Role" was a paragraph."""
    after = line_text(line).strip()
    if not after or words(ended) >= PROSE_WORDS:
        return False
    x0 = line["bbox"][0]
    widest = end + word_width(line, after) - x0  # the measure the row could have wrapped at, at most
    return start - x0 >= 2 * body and start - x0 > SET_IN_SHARE * widest


def _bold(line: dict) -> bool:
    """Whether every span of ``line`` holding text is set in bold (MuPDF's span flag 16)."""
    spans = [span for span in line["spans"] if span["text"].strip()]
    return bool(spans) and all(span["flags"] & 16 for span in spans)


def _row_above(lines: list[dict], k: int) -> tuple[float, float, str]:
    """Where the row of ``lines[k - 1]`` starts and ends (points) and its text: the lines before ``k`` on its
    baseline, which MuPDF cuts a row into at wide gaps (a justified row's words, a run-in heading and its
    text): the line before alone ("respectively." at a row's end, "FQDN.") is no row."""
    row = [ln for ln in lines[:k] if abs(baseline(ln) - baseline(lines[k - 1])) < 2]
    return (min(ln["bbox"][0] for ln in row), max(ln["bbox"][2] for ln in row),
            " ".join(line_text(ln).strip() for ln in sorted(row, key=lambda ln: ln["bbox"][0])))


def rows_of(lines: list[dict]) -> list[list[dict]]:
    """Dict ``lines`` in order grouped into rows: a line on the baseline of the one before it (within 2 points)
    is a piece of its row, where MuPDF cut a justified row at a stretched space ("tions Optimally." | "In
    Proceedings of the 20th In-")."""
    rows: list[list[dict]] = []
    for k, line in enumerate(lines):
        if k and abs(baseline(line) - baseline(lines[k - 1])) < 2:
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _hung_apart(lines: list[dict], column_right: float | None = None) -> list[list[dict]]:
    """Lines cut before each row set at the outer edge of a block set with a hanging indent: every row starts
    at one of two edges, the inner half a font size to four right of the outer (ACM's and APA's author-year
    references, each entry's rows after its first hung under it), two rows or more at each and no fewer at the
    inner, and the row above ends no sentence's middle (a comma, a semicolon, a hyphen or a lower-case letter). Without labels
    (`lists`) the entries were one paragraph ("... https://doi.org/10.1145/1188913.1188915 Sten Andler. 1979.
    Predicate Path ..."); a paragraph whose first line is set in starts at the inner edge and runs on at the
    outer, and its rows above an outer one end mid-sentence."""
    starts, k = [], 0  # (index of each row's first line, where the row starts)
    for row in rows_of(lines):
        starts.append((k, min(ln["bbox"][0] for ln in row)))
        k += len(row)
    if len(starts) < 4:
        return [lines]
    size = max(s["size"] for s in lines[0]["spans"])
    outer = min(x for _, x in starts)
    inner = [x for _, x in starts if x > outer + 2]
    outers = len(starts) - len(inner)
    # most rows hung (an entry's rows after its first), and the block starting at the outer edge unless more
    # rows are hung than not: paragraphs whose first lines are set in have those at the inner edge
    if len(inner) < 2 or outers < 2 or len(inner) < outers or starts[0][1] > outer + 2 and len(inner) == outers \
            or max(inner) - min(inner) > 2 or not 0.5 * size <= min(inner) - outer <= 4 * size \
            or not hung_rows_run_on(rows_of(lines), outer, column_right):
        return [lines]
    out = [lines[:starts[1][0]]]
    for (k, x), (end, _) in zip(starts[1:], starts[2:] + [(len(lines), 0.0)]):
        ended = line_text(lines[k - 1]).rstrip()
        # (a URL ends an entry whatever its last letter: "... from http://www.poker-edge.com/stats.php")
        if x <= outer + 2 and (not re.search(r"[,;\-a-z]$", ended) or _ends_in_url(lines[:k])):
            out.append([])
        out[-1] += lines[k:end]
    return out


# a numbered reference's label: "[12]", "[Knu97]", "[ABC+10]" (`continued_paragraphs` reads a line led by one)
REFERENCE_LABEL = r"\[[^\]\s]{1,12}\]"
REFERENCE_ROW = re.compile(rf"\s*{REFERENCE_LABEL}(?:\s|$)")  # a line led by one, or one alone (biblatex)


def _labelled_apart(lines: list[dict]) -> list[list[dict]]:
    """Lines cut before each row led by a reference's label set in the margin (`REFERENCE_LABEL`): the rows
    without one all start at one inner edge, and each row with one half a font size to four left of it (a
    numbered bibliography set hung, thebibliography's: the entries' rows after their first hung under the text,
    the labels flush right, so that "[9]" starts right of "[10]"). Entries ran together where MuPDF grouped them
    as one block ("... (Nov. 1996). [9] Sarah Cohen ..."): their count of rows at each edge, and where the
    labels start, tell `_hung_apart` nothing; the label says where each starts."""
    rows = rows_of(lines)
    starts = [min(ln["bbox"][0] for ln in row) for row in rows]
    size = max(s["size"] for s in lines[0]["spans"])
    # (a hung row may start with a bracket too: "[cs.DL]" after a broken arXiv number)
    leads = [line_text(min(row, key=lambda ln: ln["bbox"][0])) for row in rows]
    labelled = [x < max(starts) - 0.5 * size and bool(REFERENCE_ROW.match(lead)) for x, lead in zip(starts, leads)]
    inner = [x for x, label in zip(starts, labelled) if not label]
    if not any(labelled[1:]) or not inner or max(inner) - min(inner) > 2 \
            or not all(0.5 * size <= min(inner) - x <= 4 * size for x, label in zip(starts, labelled) if label):
        return [lines]
    out: list[list[dict]] = []
    for row, label in zip(rows, labelled):
        if label or not out:
            out.append([])
        out[-1] += row
    return out


def hung_rows_run_on(rows: list[list[dict]], outer: float, column_right: float | None = None) -> bool:
    """Whether every row of ``rows`` (`rows_of`) set in from the ``outer`` edge (points), but the first, follows
    a row broken because its first word did not fit (`line_breaks.broken_for_width`, against the rows' right
    edge or their column's, ``column_right``, where further): as an entry's rows hung under its first run on.
    Short paragraphs whose first lines are set in (a novel's dialogue) start at the inner edge under a
    paragraph's short last row; a ballad's lines set in every other one are short all."""
    right = max([ln["bbox"][2] for row in rows for ln in row] + [column_right or 0.0])
    for above, row in zip(rows, rows[1:]):
        first = min(row, key=lambda ln: ln["bbox"][0])
        text = line_text(first).strip()
        if first["bbox"][0] > outer + 2 and not (text and broken_for_width(
                max(ln["bbox"][2] for ln in above), first, text, right)):
            return False
    return True


def _ends_in_url(lines: list[dict]) -> bool:
    """Whether ``lines`` end in a URL: their last word, with the last words of the lines before for as long
    as each is one word alone (a URL broken over rows: "http://www.iesl.cs.umass.edu/data/data-" |
    "umasscitationfield"), holds "://" or starts with "www."."""
    word = ""
    for words in reversed([[w for ln in row for w in line_text(ln).split()] for row in rows_of(lines)[-4:]]):
        word = (words[-1] if words else "") + word
        if len(words) != 1:
            break
    return "://" in word or word.startswith("www.")


_SENTENCE_END = re.compile(r"[.!?:][\"')\u201d\u2019]*$")
INDENT = (0.5, 3.0)  # body sizes a paragraph's first line is set in by, from the block's left edge (TeX: 1.4)


def _indented_apart(lines: list[dict], body: float, column_right: float | None = None,
                    column_left: float | None = None) -> list[list[dict]]:
    """Prose lines cut before a line set in by a paragraph's indent (`INDENT`), starting as a sentence does,
    under a line that ends a sentence two body sizes or more short of the block's (or its column's) right
    edge: a paragraph that ended and the next that
    began, which MuPDF groups as one block where the space between them is small (TeX's 2.7 points): a
    one-line paragraph was joined to the next ("... is preferred to R. You need to ensure that ..."). A line
    that starts a list item is left to the list.

    The indent is measured from the block's left edge, or from its column's, ``column_left`` (points), where the
    block's lines all start at one edge set in from it by a paragraph's indent, `PARINDENT` (a column of one-line
    paragraphs, each its own first line: they were one paragraph, "Plums grow on trees too. Cherries grow on
    trees."); a quotation or a verse stands further in, or is set in from both edges (`_displayed`). A row that
    ends a sentence at the right edge ends its paragraph too where the block shows paragraphs set in
    (`_sets_in_paragraphs`): a paragraph that filled its last row ran into the next."""
    if len(lines) < 2:
        return [lines]
    left = min(ln["bbox"][0] for ln in lines)
    set_in = _sets_in_paragraphs(lines, left, body)
    # (all at one edge: a list item's rows start at its marker and at its text, both set in from the column's)
    moved = column_left is not None and PARINDENT[0] * body <= left - column_left <= PARINDENT[1] * body \
        and all(ln["bbox"][0] < left + 1 for ln in lines) and not _displayed(lines, left, column_left, column_right)
    stands_in = left - column_left if moved else 0.0
    if moved:
        left = column_left
    # a column of one-line paragraphs: three rows or more, each set in by no more than a paragraph's indent (two rows
    # set in may be a box's wrapped text; a verse's or a list's rows stand 2em in, \leftmargini in a twocolumn page)
    rows = rows_of(lines)
    one_liners = moved and len(rows) >= 3 and stands_in <= ONE_LINER_INDENT * body
    # the column's right edge measured by other blocks than these rows (one-line paragraphs alone on a page's column
    # make its edge their widest row's)
    measured = column_right is not None and column_right > max(ln["bbox"][2] for ln in lines) + LEVEL
    right = max([ln["bbox"][2] for ln in lines] + [column_right or 0.0])
    # rows that fill the measure: two or more end at its right edge, as a justified paragraph's do (a verse's, a
    # ragged column's do not)
    justified = sum(right - max(ln["bbox"][2] for ln in row) <= LEVEL for row in rows) >= 2
    row_ends = _row_ends(lines)
    out = [[lines[0]]]
    for k, (above, line) in enumerate(zip(lines, lines[1:]), 1):
        indent = line["bbox"][0] - left
        start, end, ended = _row_above(lines, k)
        starts = line_text(line).lstrip()
        # a row set flush under a justified paragraph's row that ended a sentence with room for this row's first
        # word starts a paragraph too: one set \noindent, or a \centering one whose first row filled the measure
        # ("... the pasture grows again." | "Inspectors come once a year. ..."): TeX breaks a line short only there.
        # The short row ends level with neither row beside it (`_short_last_row`): rows beside a wrapped figure end
        # level at its edge, short of the column's, and one of them ending a sentence ends no paragraph
        short = bool(starts) and end <= right - 2 * body and not broken_for_width(end, line, starts, right)
        flush = justified and abs(indent) <= 1.0 and starts[:1] and short and _short_last_row(lines, row_ends, k, body)
        # a row ending no sentence ends its paragraph too where it stops short over a paragraph's full first row at
        # its edge with a row under that (`_opens_a_paragraph`): a \\noindent one-liner ("... that is the question")
        # ran into the paragraph after it
        # or set in by a paragraph's indent (rows the author broke and set in with \\hspace or \\quad ran into the
        # indented paragraph after them: "Step two Step three Grain silos ...")
        opens = (abs(indent) <= 1.0 or INDENT[0] * body <= indent <= INDENT[1] * body) and starts[:1] and short \
            and _opens_a_paragraph(lines, row_ends, k, right, left, ended)
        # or, in a ragged-right block (no two rows level at its edge), it stops short between rows TeX wrapped
        ragged = not justified and abs(indent) <= 1.0 and starts[:1] and _ragged_paragraph_end(lines, row_ends, k)
        # or it is set in under a row set flush right far from the left edge, which ends no sentence: a name signed
        # under a paragraph (\\hspace*{\\fill}), no wrapped row ("Margaret Hollins" ran into the paragraph after it)
        signed = INDENT[0] * body <= indent <= INDENT[1] * body and start > left + SIGNED * body \
            and end >= right - LEVEL
        # (a paragraph starts as a sentence does, in upper case, or with a URL: "https://..." set on a row of its own)
        if ((INDENT[0] * body <= indent <= INDENT[1] * body and (end <= right - 2 * body or set_in) or flush
             or ragged) and _SENTENCE_END.search(ended) or opens or signed) \
                and baseline(line) > baseline(above) + 0.5 * body \
                and starts[:1] and (not starts[0].islower() or starts_url(starts)) \
                and not starts_item(line, starts, True) and not _heading_rows(above, line, body):
            out.append([line])
        elif one_liners and baseline(line) > baseline(above) + 0.5 * body \
                and starts[:1] and not starts[0].islower() and not starts_item(line, starts, True) \
                and not (measured and broken_for_width(end, line, starts, right)):
            # every row set in by a paragraph's indent from the column's edge: a paragraph's rows after its first
            # start at that edge, so each row is a one-line paragraph's, whatever it ends with ("Silos hold the
            # harvest" | "The herd is fed all winter" ran into one paragraph); rows so short make the column's right
            # edge their own, so none ends short of it. A lower-case start goes on (a box's wrapped text), and so
            # does a row under one broken because its first word did not fit (a ragged list entry's wrapped rows)
            out.append([line])
        else:
            out[-1].append(line)
    return out


def _heading_rows(above: dict, line: dict, body: float) -> bool:
    """Whether ``line`` and the line ``above`` it are rows of one heading: both set as a heading (`_looks_heading`),
    at one size (within half a point), centred one under the other (`centred_grid.centred`). Whatever a row ends
    with, no paragraph ends there ("Deep Learning for Medicine:" over "A Survey" was two titles): the heading is
    written one heading or a heading a row by `heading_stacks`."""
    sizes = [span["size"] for ln in (above, line) for span in ln["spans"] if span["text"].strip()]
    return bool(sizes) and max(sizes) - min(sizes) <= 0.5 and _looks_heading(above, body) \
        and _looks_heading(line, body) and centred([above, line])


def _opens_a_paragraph(lines: list[dict], row_ends: list[float], k: int, right: float, left: float,
                       ended: str) -> bool:
    """Whether ``lines[k]`` starts a row that fills the measure (ends at ``right`` within `LEVEL`), over another row
    at the block's left edge ``left``, under a row that does not end (``ended``: its text) with a comma, semicolon or
    dash: a justified paragraph's first row. A short row over it that left room for its first word was broken by its
    author, never by TeX; a verse's rows fill no measure but their longest, and break after a comma as often as
    not."""
    below = next((ln for ln in lines[k + 1:] if baseline(ln) > baseline(lines[k]) + 2), None)
    return row_ends[k] >= right - LEVEL and below is not None and abs(below["bbox"][0] - left) <= 1.0 \
        and not ended.rstrip().endswith((",", ";", "-", "\u2013", "\u2014"))


def _ragged_paragraph_end(lines: list[dict], row_ends: list[float], k: int) -> bool:
    """Whether the row above ``lines[k]`` ends a paragraph of a ragged-right block (\\raggedright, no indent and
    no space between paragraphs: a minipage's): it left room for ``lines[k]``'s first word before the block's widest
    row ends (``row_ends``: `_row_ends`), and the rows either side of it were broken because their next word did not
    fit there, so TeX wrapped both paragraphs ("... must be checked every" | "week." | "Farmers who store ..." ran
    into one paragraph). The widest row is the measure's least: rows beside it were wrapped to it or a wider one. A
    verse's or an address's rows, each its author's, were not wrapped. The block's last row has no row under it to
    show it wrapped, and needs none: TeX never leaves a paragraph's last word alone on a row it would have fitted on
    above (a \\noindent URL set \\large under the paragraph that gives it ran into that paragraph)."""
    first = _row_first(lines, k)
    below = next((j for j in range(k + 1, len(lines)) if baseline(lines[j]) > baseline(lines[k]) + 2), None)
    if not first:
        return False
    right = max(row_ends)
    return not broken_before(row_ends[k - 1], lines[k], right) \
        and broken_before(row_ends[first - 1], lines[first], right) \
        and (below is None or broken_before(row_ends[k], lines[below], right))


def _narrower_box_apart(lines: list[dict], body: float) -> list[list[dict]]:
    """Lines cut after a justified paragraph (two rows or more level at the block's right edge) whose last row ends a
    sentence short of that edge, where every row under it (two or more) ends two body sizes or more short of that
    edge and the first was wrapped to their own widest row: prose TeX wrapped in a box narrower than the paragraph
    (a \\raggedright minipage under it), which MuPDF held in the paragraph's block. Measured against the paragraph's
    edge, each of the box's rows stopped short: the box ran into the paragraph ("... the pasture grows again. Grain
    kept through ...") or was cut at its sentences' ends ("... dry and cool in the bins." | "UNESCO has studied
    ..."). A row level with the edge may end a sentence inside a paragraph whose next rows a figure narrowed."""
    rows = rows_of(lines)
    ends = [max(ln["bbox"][2] for ln in row) for row in rows]
    right = max(ends, default=0.0)
    for r in range(2, len(rows) - 1):
        box = max(ends[r:])
        if sum(right - end <= LEVEL for end in ends[:r]) >= 2 and ends[r - 1] < right - LEVEL \
                and box <= right - 2 * body and _SENTENCE_END.search(line_text(rows[r - 1][-1]).rstrip()) \
                and broken_before(ends[r], rows[r + 1][0], box):
            cut = sum(len(row) for row in rows[:r])
            return [lines[:cut], lines[cut:]]
    return [lines]


SIGNED = 8.0  # body sizes from the block's left edge a row set flush right (a signature) starts at least
ONE_LINER_INDENT = 1.75  # body sizes one-line paragraphs stand in at most (TeX: 1-1.5; a list, a verse: 2 or more)


def _row_ends(lines: list[dict]) -> list[float]:
    """Where the row of each of ``lines`` ends (points), by its index: the right end of its row (`rows_of`)."""
    ends: list[float] = []
    for row in rows_of(lines):
        ends += [max(ln["bbox"][2] for ln in row)] * len(row)
    return ends


def _row_first(lines: list[dict], k: int) -> int:
    """The index of the first line of the row ``lines[k - 1]`` ends (the lines before it on its baseline)."""
    first = k - 1
    while first and abs(baseline(lines[first - 1]) - baseline(lines[k - 1])) < 2:
        first -= 1
    return first


def _short_last_row(lines: list[dict], row_ends: list[float], k: int, body: float) -> bool:
    """Whether the row above ``lines[k]`` ends level (`FILLED`) with neither the row above it nor the row
    ``lines[k]`` starts (``row_ends``: `_row_ends`): a paragraph's short last row, under its full row or a one-line
    paragraph's, over the next paragraph's first. Rows TeX filled to a narrower measure (beside a wrapfigure) end
    level with one another."""
    first = _row_first(lines, k)
    neighbours = [row_ends[k]] + ([row_ends[first - 1]] if first else [])
    return all(abs(end - row_ends[k - 1]) > FILLED * body for end in neighbours)


FILLED = 0.25  # body sizes two rows filled to one measure end within (margin kerning sets a full stop out a little)


PARINDENT = (0.5, 2.0)  # body sizes TeX sets a paragraph's first line in by (1-1.5); a quotation stands 2.5 in
# (2 in a twocolumn page's narrower column, where `_displayed` tells it by its right edge)
LEVEL = 0.5  # points two rows' right ends (or a block's two margins) may differ by and stand level


def _displayed(lines: list[dict], left: float, column_left: float, column_right: float | None) -> bool:
    """Whether a block whose rows all start at ``left`` (points), set in from ``column_left``, is a displayed text
    (a quotation: LaTeX's quote and quotation set it in by \\leftmargin on both sides, 2em in a twocolumn page's
    column) and no column of one-line paragraphs: two of its rows end level with its widest (wrapped rows,
    justified), or its widest ends as far in from ``column_right`` as it starts in from ``column_left``. Measured
    from the column's edge its every row was a paragraph's first line, and a quotation was cut at each row ending a
    sentence ("... By autumn the trees bore fruit." | "We picked it by hand. ...")."""
    ends = [max(ln["bbox"][2] for ln in row) for row in rows_of(lines)]
    widest = max(ends)
    if sum(widest - end <= LEVEL for end in ends) >= 2:
        return True
    return column_right is not None and abs((column_right - widest) - (left - column_left)) <= 2 * LEVEL


def _sets_in_paragraphs(lines: list[dict], left: float, body: float) -> bool:
    """Whether ``lines`` show paragraphs whose first lines are set in from ``left`` (points) by `INDENT`: the
    first row is, or two rows in a row start at ``left`` (a paragraph's wrapped rows). An author-year reference
    list hangs its entries' rows under their first (`_hung_apart`): its first row starts at ``left``, the rows
    after it set in, and a row of an entry that ends with a full stop at the edge ("... of the ACM.") goes on."""
    rows = rows_of(lines)
    starts = [min(ln["bbox"][0] for ln in row) - left for row in rows]
    if INDENT[0] * body <= starts[0] <= INDENT[1] * body:
        return True
    return any(a < 1 and b < 1 for a, b in zip(starts, starts[1:]))


# a caption's label: "Table 34.1:", "Figure 2.", "Fig. 3:", "Listing 4 -"
CAPTION = re.compile(r"(?:Table|Figure|Fig\.|Listing|Algorithm|Chart|Exhibit|Plate)\s+[0-9A-Z][0-9.\-]*"
                     r"\s*[:.\u2013\u2014-]\s")
PARSKIP = 0.2  # body sizes more than the block's pitch a baseline lies under the row above, at least: a new paragraph


def _spaced_apart(lines: list[dict], body: float, pitch: float | None, column_right: float | None = None
                  ) -> list[list[dict]]:
    """Prose lines cut before a line set `PARSKIP` or more further below the row above than the block's pitch
    (the least step between its rows; with one step, the document's ``pitch``, points), under a row that ends a
    sentence two body sizes or more short of the block's (or its column's) right edge: paragraphs set apart by
    a little space and no indent, which MuPDF groups as one block (texinfo's paragraphs inside a list item, 3
    points apart: the GPL's "... technological measures." then "4. Conveying Verbatim Copies." then "You may
    convey ..." were one paragraph, item 4's number in its middle). A row that ends short of the edge is a
    paragraph's last in justified text; the space under it says so in ragged text too. A caption (`CAPTION`)
    ends where the space is, sentence or not, wherever its row ends (Octave's "Table 34.1: Available
    overloaded operators and their corresponding class method" ran into the paragraph under it)."""
    rows = [k for k in range(len(lines)) if _row_start(lines, k) == k]
    steps = [baseline(lines[b]) - baseline(lines[a]) for a, b in zip(rows, rows[1:])]
    usual = min(steps) if len(steps) >= 2 else pitch
    if usual is None or not steps:
        return [lines]
    right = max([ln["bbox"][2] for ln in lines] + [column_right or 0.0])
    out = [lines[:rows[1]]]
    for k, after, step in zip(rows[1:], rows[2:] + [len(lines)], steps):  # each row after the first: its lines
        _, end, ended = _row_above(lines, k)
        if step >= usual + PARSKIP * body and (end <= right - 2 * body and _SENTENCE_END.search(ended)
                                               or CAPTION.match(line_text(out[-1][0]).lstrip())) \
                and not _heading_rows(lines[k - 1], lines[k], body):
            out.append(lines[k:after])
        else:
            out[-1] += lines[k:after]
    return out


# a line that ends as a table of contents' or an index's entry does: a dot leader (three dots or more, spaced or
# not) and the page numbers ("2.1 Basic types . . . . 3", "close . . . . 22, 26"), a roman one after five dots
# or more ("Preface ...... xi"; "she had waited... I" is prose)
_ENTRY_END = re.compile(r"(?:(?:\.[ \t]?){3,}[ \t]*[0-9]+|(?:\.[ \t]?){5,}[ \t]*[ivxlcIVXLC]+)"
                        r"(?:[ \t]*[,\u2013-][ \t]*[0-9ivxlcIVXLC]+)*[ \t]*$")


def is_entry(text: str) -> bool:
    """Whether ``text`` ends as a table of contents' or an index's entry (`_ENTRY_END`)."""
    return bool(_ENTRY_END.search(text))


def _fields_apart(lines: list[dict]) -> list[list[dict]]:
    """Lines cut before each row that starts with a label (`_label`) where the row before or after it does too:
    labelled fields a line each (algorithm2e's "Input: a graph G" over "Output: distances d", algorithmic's
    "Require:"/"Ensure:" under its caption and its numbered lines "1:", "2:", a form's "Name:" and "Date:"),
    which MuPDF groups as one block and which were one paragraph ("... a source s Output: distances d",
    "1: procedure EUCLID(a, b) 2: r ← a mod b"). A label inside a paragraph has no labelled row beside it."""
    rows = rows_of(lines)
    labelled = [_label(row) for row in rows]
    out = [rows[0]]
    for k, row in enumerate(rows[1:], 1):
        if labelled[k] and (labelled[k - 1] or k + 1 < len(rows) and labelled[k + 1]):
            out.append(list(row))
        else:
            out[-1] = out[-1] + row
    return out


_LINE_NUMBER = re.compile(r"\d+:$")  # algorithmic's "1:", set smaller than its line
_SECTION_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3}){0,3}|[A-Z]")  # "5", "5.2", "11.2.1"; an appendix's "A"


def _label(row: list[dict]) -> bool:
    """Whether a ``row`` (its lines left to right, as MuPDF cut it) starts with a bold run of at most three
    words ending in a colon ("Input:"), with a line number and a colon set smaller than the text after it
    ("1:", a line of its own at times: the statement after it is indented), or with a section's number, a piece
    of its own before the row's text (a contents entry without its page: mnras' "5.2" | "Authors and
    institutions", whose entries were run together, "5 Title page 5.1 Title")."""
    if len(row) >= 2 and _SECTION_NUMBER.fullmatch(line_text(row[0]).strip()):
        return True
    spans = [span for line in row for span in line["spans"] if span["text"].strip()]
    if len(spans) >= 2 and _LINE_NUMBER.match(spans[0]["text"].strip()) and spans[0]["size"] < 0.9 * spans[1]["size"]:
        return True
    label = ""
    for span in row[0]["spans"]:
        if not span["text"].strip() and label:
            label += span["text"]
            continue
        if not span["flags"] & 16:
            break
        label += span["text"]
        if label.rstrip().endswith(":"):
            return 0 < len(label.split()) <= 3
    return False


def _entries_apart(lines: list[dict]) -> list[list[dict]]:
    """Lines cut after each that ends as a contents or index entry (`is_entry`): MuPDF groups a contents
    page's entries set 13 points apart as one block, and its entries were one paragraph ("2.1 Basic types . .
    . 3 2.1.1 Vectors . . . 3 ..."); an entry whose title wraps keeps its lines. Rows with no leader are cut
    a row each where, each a title and its page, they read as a contents page (`borderless_tables.contents`:
    a flex row a browser spreads, which MuPDF set as a line "Introduction 1" under the next entry's, no gap
    between, and the page was one paragraph, "Introduction 1 Getting started 7 ...")."""
    from sources.documents.borderless_tables import contents

    out: list[list[dict]] = [[]]
    rows: list[list[dict]] = [[]]  # the lines of each row (one baseline), top down
    for k, line in enumerate(lines):
        out[-1].append(line)
        rows[-1].append(line)
        if k + 1 < len(lines) and abs(baseline(lines[k + 1]) - baseline(line)) < 2:
            continue
        if is_entry("".join(line_text(ln) for ln in rows[-1])):  # a page number can be a line of its own
            out.append([])
        rows.append([])
    rows = [row for row in rows if row]
    if len(out) == 1 and contents([" ".join(line_text(ln).strip() for ln in row).rpartition(" ")[::2]
                                   for row in rows]):
        return rows
    return [part for part in out if part]


def _row_like_above(lines: list[dict], k: int, body: float, above: list[dict] | None = None) -> bool:
    """Whether ``lines[k]`` starts a row of two to four pieces set as the row above it is: each piece a body size
    or more after the one before (a tab stop, not a space) and under the piece above it (texinfo's
    @table and @multitable, gnuplot's tables of keys and functions, a two-column list of operators). A
    paragraph's wrapped line has no such row above it, so the row after a cell that ran to the block's right
    edge is a row still ("%in% Matching operator, binary (in model formulae: nesting) < Less than, binary"). A
    justified row that MuPDF cut at its wide word gaps has more pieces, or runs to the block's edge as the row
    above does (TeX's stretched sentence spaces: "...these defaults.  Most configuration variables may"), its
    gaps narrower than `TAB` (texinfo sets a definition's category flush right on each signature's row: "double
    choose (double n, double k)" and "[Function]" run to the edge, a wide gap between them). ``above``: the
    pieces of the row to compare with, where not the one right above (`_across_a_table_row`'s)."""
    row, above = _pieces(lines, k), above or _pieces(lines, _row_start(lines, k - 1))
    right = max(ln["bbox"][2] for ln in lines)
    gaps = [b["bbox"][0] - a["bbox"][2] for pieces in (row, above) for a, b in zip(pieces, pieces[1:])]
    if row[-1]["bbox"][2] > right - 1 and above[-1]["bbox"][2] > right - 1 and max(gaps, default=0.0) < TAB * body:
        return False  # both rows run to the block's edge: justified prose, its sentences' spaces stretched
    return 2 <= len(row) <= 4 and len(above) == len(row) and \
        all(a["bbox"][0] < b["bbox"][2] and b["bbox"][0] < a["bbox"][2] for a, b in zip(row, above)) and \
        all(b["bbox"][0] - a["bbox"][2] >= body for pieces in (row, above) for a, b in zip(pieces, pieces[1:]))


TAB = 4.0  # body sizes: a gap this wide before a row's last piece is no stretched space (a category set flush right)


def _across_a_table_row(lines: list[dict], k: int, body: float) -> bool:
    """Whether ``lines[k]`` is a row of one piece that runs across a gap between the cells of the row above it,
    a table's row (set as an earlier row of the block is, `_row_like_above`, over the lines a cell wrapped onto
    between them): a paragraph after a borderless table, which MuPDF groups with its rows (the table's last row,
    "colour The colour of the rule", and the paragraph under it were one paragraph). A cell's wrapped line stays
    under its cell."""
    if len(_pieces(lines, k)) != 1:
        return False
    above = _row_start(lines, k - 1)
    cells = _pieces(lines, above)
    x0, x1 = lines[k]["bbox"][0], lines[k]["bbox"][2]
    if len(cells) < 2 or not any(x0 < a["bbox"][2] and x1 > b["bbox"][0] for a, b in zip(cells, cells[1:])):
        return False
    at = above
    while at > 0:  # back over the lines cells wrapped onto, to the table's row before
        at = _row_start(lines, at - 1)
        row = _pieces(lines, at)
        if len(row) == 1 and row[0]["bbox"][0] >= cells[1]["bbox"][0] - 1:
            continue  # a line a cell after the first wrapped onto
        return len(row) == len(cells) and _row_like_above(lines, above, body, row)
    return False


def _row_start(lines: list[dict], j: int) -> int:
    """The index of the first of the lines on the baseline of ``lines[j]``, counting back from it."""
    while j > 0 and abs(baseline(lines[j - 1]) - baseline(lines[j])) < 2:
        j -= 1
    return j


def _pieces(lines: list[dict], j: int) -> list[dict]:
    """The lines from ``lines[j]`` on that stand on its baseline, left to right."""
    row = [lines[j]]
    while j + len(row) < len(lines) and abs(baseline(lines[j + len(row)]) - baseline(lines[j])) < 2:
        row.append(lines[j + len(row)])
    return sorted(row, key=lambda ln: ln["bbox"][0])


def union_box(boxes) -> tuple[float, float, float, float]:
    """The smallest box (x0, y0, x1, y1) holding all ``boxes`` (an iterable of such, not empty)."""
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def prose_markdown(lines: list[dict], style, is_list: bool = False, keeps_hyphen=None,
                   column_right: float | None = None, column_left: float | None = None) -> tuple[str, str]:
    """Prose lines as a heading (`headings.heading_markdown`), a list (``is_list``: they start with a
    list marker) or a paragraph: ``(kind, markdown)``."""
    text = join_lines([line_text(ln) for ln in lines], keeps_hyphen)
    heading = None if is_entry(text) else heading_markdown(lines, text, style)  # a contents entry, set bold
    written = None if heading or is_list or style.read_by_ocr else written_lines(lines, column_right, column_left)
    if written is not None:  # a poem, an address
        text = "\n".join(join_lines([line_text(ln) for ln in group], keeps_hyphen) for group in written)
    if heading and not (is_list and heading.startswith("**")):
        return "heading", heading_a_row(heading, lines, keeps_hyphen, column_right, column_left)
    if is_list:
        return "list", list_markdown(lines, [line_text(ln) for ln in lines], keeps_hyphen)
    return "text", text
