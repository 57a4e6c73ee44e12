"""Words the text layer glued together across a gap a reader sees: a space where two letters or digits of one line
stand apart.

MuPDF writes a space only where the pen moves on by more than 0.15 of the font size (its stext device's
``SPACE_DIST``) and the page holds no space character there. A browser's table without column padding is
narrower than that: under `border-collapse: collapse` (normalize.css, Bootstrap's reboot) a cell's text stands
2 px from the next column's, 0.125 em at 16 px, and Chromium writes no space between cells, so the widest cell of
a column ran into the next one ("CANNOT_EXECUTEpermission problem", a table's head "ServicePortProto"). A table
of contents whose number overflows its box does the same ("10.11List of git repositories", Debian's reference
manual as dblatex sets it, 0.086 em).

A gap between two letters or digits (`str.isalnum`) on one baseline, in upright spans of one size, is a word space
when it is `WORD_GAP` ems (and `MIN_GAP` points) or more and the gaps next to it are tight: text set with letter
spacing moves every letter apart (a tracked "PostScript" beside plain words, microtype's \\textls, MUI's overline),
and glyphs placed at rounded pixels stand a few tenths of a point apart each, not one word from the next. Where a
table has no padding at all (`padding: 0`), a cell's last letter touches the next column's first: there a space, and
a span cut, goes where the letters touch on a column's edge (where lines of two rows or more of the block start) and
case or a digit says two words meet ("ServicePortProto"), in a block set in rows only, every row of it two lines or
more (as `column_cuts` asks): a book's index, an entry alone on its row, had its names and sizes parted where
another entry's line starts ("\\PassOptions ToClass", "7x 10"). Punctuation is left alone: TeX's italic correction and
math spacing set "f(x" and ". . .)" 0.11-0.12 em apart, and an italic span's letters may stand apart by their own
italic correction ("f" in Computer Modern's math italic: 0.11 em).

A page's characters cost as much again as its text, so only lines that may hold such a join are read from them:
lines of a block set in rows (a table) or starting with a number (a contents entry), holding a run of letters
and digits that case, digits or the language's word list say may be two words (`_joined`).
"""

from __future__ import annotations

import re

from sources.documents.code_blocks import is_mono
from sources.documents.hyphens import word_list
from sources.documents.small_caps import as_shown
from sources.documents.text_layer import box_key, each_text_block, line_text, normal_form, raw_lines_at

WORD_GAP = 0.08  # ems: under MuPDF's 0.15, over kerning (|gap| < 0.06 em on real books)
MIN_GAP = 0.8  # points: over a glyph's place rounded to a 96 dpi pixel (0.75 pt; wkhtmltopdf#2634 at 6 pt)
TIGHT = 0.3  # the share of a word's gap the gaps beside it stay under: letters of one word, set tight
_ITALIC = 2  # MuPDF's span flag for an italic font
_NUMBERED = re.compile(r"\s*\d")  # a line starting with a number: a table of contents' entry, a numbered item
_RUN = re.compile(r"[^\W_]+")  # letters and digits
_CASE_OR_NUMBER = re.compile(r"\d[^\W\d_]|[a-z][A-Z]|[A-Z]{2}[a-z]")
# a number run into the next ("12.0012.00": a price in one cell, a total in the next, a browser's table 2 px apart):
# a decimal number whose fraction goes on into another's
_NUMBER_THEN_NUMBER = re.compile(r"\d[.,]\d+[.,]\d")
# a word run into a number: in prose, not in code, whose names hold digits ("iso9660" in Debian Reference's fstab,
# its letters and digits set a pitch apart that is no word's gap)
_WORD_THEN_NUMBER = re.compile(r"[^\W\d_]\d")
EDGE = 1.0  # points within which letters touch, and a letter starts at a column's edge
EDGE_ROWS = 2  # rows of a block whose lines start at an x: a column's edge
BASELINE = 0.1  # ems between two characters' baselines within which they stand on one


def with_word_gaps(page, text: dict, flags: int, language: str | None = None) -> dict:
    """``text`` (a page's dict text read with ``flags``) with a space in every line where two of its characters
    stand a word's gap apart without one (see the module's docstring); ``text`` itself where none do.

    A line's characters cost as much again as the page's text, so only suspects are read from them (`_suspects`:
    a block's lines set in rows, a table or a form, holding a run of letters and digits that looks like two words
    run together, by case, digits or ``language``'s word list, `_joined`; not the document's vocabulary, which
    holds the run itself where the page is among those sampled), from the page's ``rawdict``
    where a step before read it, else clipped to the suspects (`text_layer.raw_lines_at`). A line whose spans do
    not match their characters (a step before rebuilt it) stays."""
    words = word_list(language) if language else frozenset()
    suspects = [line for block in text["blocks"] for line in _suspects(block.get("lines", ()), words)]
    if not suspects:
        return text
    raw = raw_lines_at(page, flags, [line["bbox"] for line in suspects])  # one read: interpreting the page costs
    twins = {id(line): raw.get(box_key(line["bbox"])) for line in suspects}
    changed = False

    def spaced(block: dict) -> list[dict]:
        nonlocal changed
        lines = []
        edges = _column_edges(block["lines"]) if any(id(line) in twins for line in block.get("lines", ())) else []
        for line in block.get("lines", ()):
            new = _spaced(line, twins[id(line)], edges) if id(line) in twins else line
            changed |= new is not line
            lines.append(new)
        return [{**block, "lines": lines}]

    out = each_text_block(text, spaced)
    return out if changed else text


def _suspects(lines, words: frozenset[str]) -> list[dict]:
    """Of a block's ``lines``, where two stand on one baseline (a row of cells: the cell that runs into the next
    may be alone on its own row) or a line starts with a number, those whose text `_joined` holds two words run
    together."""
    rows = [round(line["bbox"][3]) for line in lines]
    in_rows = len(set(rows)) < len(rows)
    return [line for line in lines if (in_rows or _NUMBERED.match(line_text(line)))
            and _joined(line_text(line), words, not any(is_mono(span) for span in line["spans"]))]


def _joined(text: str, words: frozenset[str], prose: bool = True) -> bool:
    """Whether ``text`` holds a run of letters and digits that may be two words with no space between them: a
    number run into a word ("10.11List") or into another ("12.0012.00"; "1,234.56" too: the gaps decide), or, in
    ``prose`` (no monospaced span), a word into a number (a cell's "domain" touching the next column's "53"), a
    small letter before a capital or capitals before a small one ("ServicePort", "EXECUTEpermission"), or a run
    ``words`` lacks that splits into two it has ("givenpermission"). Code names and plurals of acronyms match too:
    the characters' gaps decide."""
    if _NUMBER_THEN_NUMBER.search(text):
        return True
    for run in _RUN.findall(text):
        if _CASE_OR_NUMBER.search(run) or prose and _WORD_THEN_NUMBER.search(run):
            return True
        low = run.lower()
        if words and len(low) >= 8 and low not in words and any(
                low[:k] in words and low[k:] in words for k in range(4, len(low) - 3)):
            return True
    return False


def _column_edges(lines: list[dict]) -> list[float]:
    """Where a block's columns start: an x (points) at which lines on `EDGE_ROWS` rows or more start (within
    `EDGE`), a table's rows giving each of its columns a left edge; none where a row of the block holds one
    line alone (prose, an index's entry, a cell's wrapped line: no table whose every row shows its columns)."""
    from sources.documents.code_blocks import baseline

    rows: dict[int, int] = {}
    for line in lines:
        rows[round(baseline(line))] = rows.get(round(baseline(line)), 0) + 1
    if min(rows.values(), default=0) < 2:
        return []
    starts: dict[int, set[int]] = {}
    for line in lines:
        starts.setdefault(round(line["bbox"][0]), set()).add(round(line["bbox"][3]))
    return [x for x in starts if len(set().union(*(starts.get(x + d, set()) for d in (-1, 0, 1)))) >= EDGE_ROWS]


def _spaced(line: dict, twin: dict | None, edges: list[float] = ()) -> dict:
    """``line`` with a space after each character that a word's gap parts from the next, or that touches the
    next at a column's edge (``edges``: `_column_edges`) where case or a digit parts two words, or ``line``
    itself."""
    if twin is None or [box_key(s["bbox"]) for s in twin["spans"]] != [box_key(s["bbox"]) for s in line["spans"]]:
        return line
    if any(as_shown(normal_form("".join(ch["c"] for ch in raw["chars"])), span.get("font", "")) != span["text"]
           for raw, span in zip(twin["spans"], line["spans"])):
        return line  # NFC or a small-caps reading changed the characters: their places are not the text's
    chars = [(i, ch, span) for i, span in enumerate(twin["spans"]) for ch in span["chars"]]
    pairs = [(k, b[1]["bbox"][0] - a[1]["bbox"][2], a[2]["size"]) for k, (a, b) in enumerate(zip(chars, chars[1:]))
             if _comparable(a, b)]
    # a word's gap between two runs set tight: the comparable gaps next to it on each side (where there are) are
    # a fraction of it, so a letter-spaced word (every letter apart: "P o s t S c r i p t" beside plain words),
    # and glyphs placed at rounded pixels (a few tenths of a point each) get none
    after = {k for j, (k, gap, size) in enumerate(pairs) if gap >= max(WORD_GAP * size, MIN_GAP) and all(
        pairs[i][1] < TIGHT * gap for i in (j - 1, j + 1) if 0 <= i < len(pairs)) and len(pairs) > 1}
    # a browser's table with no padding (`border-collapse: collapse`, `padding: 0`) sets a wide cell's last letter
    # against the next column's first, no gap at all: "ServicePortProto" over rows whose cells start at "P" and
    # "P". Where the letters touch on such an edge and case or a digit says two words meet, a space, and a span
    # starting at the edge (where `column_cuts` cuts the line: a span's start is where it is, not measured)
    edge_cuts = {k for k, (a, b) in enumerate(zip(chars, chars[1:])) if edges and _comparable(a, b)
                 and _words_meet(a[1]["c"], b[1]["c"]) and abs(b[1]["bbox"][0] - a[1]["bbox"][2]) < EDGE
                 and any(abs(b[1]["bbox"][0] - x) < EDGE for x in edges)}
    if not after and not edge_cuts:
        return line
    pieces: list[list[tuple]] = [[] for _ in twin["spans"]]  # each span's pieces: (characters, their text)
    for k, (i, ch, _) in enumerate(chars):
        if not pieces[i] or k - 1 in edge_cuts or k - 1 in after:  # a piece's box is its characters': measured
            pieces[i].append(([], []))
        pieces[i][-1][0].append(ch)
        pieces[i][-1][1].append(ch["c"] + (" " if k in after or k in edge_cuts else ""))
    spans = [_piece(span, part, text) for span, parts in zip(line["spans"], pieces) for part, text in parts]
    return {**line, "spans": spans}


def _piece(span: dict, chars: list[dict], text: list[str]) -> dict:
    """Of ``span``, the piece of ``chars`` (raw characters) with ``text``: the span itself where they are all of it."""
    piece = {**span, "text": as_shown(normal_form("".join(text)), span.get("font", ""))}
    if len(chars) < len(span["text"]):  # the span cut at a column's edge: the piece's own box
        _, y0, _, y1 = span["bbox"]
        piece["bbox"] = (chars[0]["bbox"][0], y0, chars[-1]["bbox"][2], y1)
        if "origin" in span:
            piece["origin"] = (chars[0]["origin"][0], span["origin"][1])
    return piece


def _words_meet(a: str, b: str) -> bool:
    """Whether two letters or digits side by side may end one word and start the next: a small letter before a
    capital, or a digit beside a letter."""
    return a.islower() and b.isupper() or a.isdigit() != b.isdigit()


def _comparable(a: tuple, b: tuple) -> bool:
    """Whether two successive characters (span index, rawdict char, span) are letters or digits set alike on one
    baseline, upright: their gap says whether a word ends between them."""
    (_, ca, sa), (_, cb, sb) = a, b
    if not (ca["c"].isalnum() and cb["c"].isalnum()) or (sa["flags"] | sb["flags"]) & _ITALIC:
        return False
    return sa["size"] == sb["size"] and abs(ca["origin"][1] - cb["origin"][1]) <= BASELINE * sa["size"]
