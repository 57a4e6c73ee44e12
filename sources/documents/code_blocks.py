"""Code on a document page: lines set wholly in a monospaced font, as fenced markdown.

A code line keeps its line breaks and its indentation, which PDFs give as positions, not spaces (LaTeX's
verbatim, texinfo's @example and Chromium's ``<pre>`` place every line, and often every word, where it
belongs), so each span is put back at the column its position says: the column width is the font's
advance, the same for every character in a monospaced font. A code line is never a heading, however it
starts ("# configure the build" is a shell comment).

In a block that also holds prose (texinfo sets an example inside the paragraph's block), a run of code
lines is code when it is set apart: at least two lines, or more space above or below it than between the
prose lines, or after a line ending in a colon. A lone monospaced line inside a paragraph (a long path
that wrapped onto a line of its own) stays prose, and so does a monospaced line beside a prose line on
the same baseline (a cell of a reference card's row), and so do the rows of a URL the prose line before
them broke (`url_tail`: the url package sets it in typewriter, a piece a row, "https://www.library." |
"example.org/reading-room/" | "daily-counts.html"; it was a code block of the URL's rest).
"""

from __future__ import annotations

import functools
import re
import statistics
from typing import Callable

from sources.documents.text_layer import join_lines, line_text, starts_url, url_goes_on

_MONO_FLAG = 8  # MuPDF's span flag for a font its descriptor says is fixed-pitch
# fixed-pitch families whose descriptors often do not say so: TeX's cmtt/cmitt/cmsltt, EC's sftt, ...
_MONO_NAME = re.compile(r"mono|courier|consol|menlo|typewriter|inconsolata|sourcecode|firacode|jetbrains|"
                        r"cascadia|(?:^|\+)(?:cm|ec|sf|lm)[a-z]*tt\d", re.I)


def is_mono(span: dict) -> bool:
    """Whether a span is set in a monospaced font."""
    return bool(span["flags"] & _MONO_FLAG) or _mono_name(span["font"])


@functools.lru_cache(maxsize=4096)  # asked of a few fonts, once a span each time a block is looked at
def _mono_name(font: str) -> bool:
    return bool(_MONO_NAME.search(font))


# texinfo's glyphs in examples, set in a math font: @result "⇒", @expansion "↦", @print "⊣", @equiv "≡", @point "⋆"
_EXAMPLE_GLYPHS = frozenset("⇒↦⊣≡⋆")


def example_glyphs_only(text: str) -> bool:
    """Whether ``text`` holds texinfo's example glyphs and nothing else but spaces ("⊣" before a line of output)."""
    glyphs = "".join(text.split())
    return bool(glyphs) and _EXAMPLE_GLYPHS.issuperset(glyphs)


def is_code_line(line: dict) -> bool:
    """Whether every character of ``line`` that leaves ink is monospaced, texinfo's example glyphs aside
    (`_EXAMPLE_GLYPHS`: "⇒ p = [ 0.0680, 0 ]" is a line of its example; it was cut out of the listing,
    which went on in a second block)."""
    inked = False  # one pass, ending at the first span in another font (asked 90,000 times on 457 pages)
    for span in line["spans"]:
        text = span["text"].strip()
        if text and not _EXAMPLE_GLYPHS.issuperset(text):
            if not is_mono(span):
                return False
            inked = True
    if not inked:  # the glyph alone: MuPDF cut "⇒" from the result's wide-spaced numbers beside it (Octave's min)
        return example_glyphs_only("".join(s["text"] for s in line["spans"]))
    return True


def code_runs(lines: list[dict], pitch: float | None = None) -> list[tuple[bool, list[dict]]]:
    """The block's lines as runs ``(is_code, lines)`` in order; a run of code lines that is not set
    apart from the prose around it (see the module docstring) is prose. ``pitch``: the document's
    usual line pitch, for blocks with too few prose lines to show their own."""
    codes = [is_code_line(ln) for ln in lines]
    if not any(codes):
        return [(_kept_listing(lines), lines)]
    codes = [code or _commented(ln) or _comment_beside(ln, lines, codes) for ln, code in zip(lines, codes)]
    runs: list[list] = []
    prose = [baseline(ln) for ln, code in zip(lines, codes) if not code]
    for line, code in zip(lines, codes):
        # beside a prose line on its baseline, it is a cell of a row (a reference card), not a listing
        code = code and not any(abs(baseline(line) - y) < 2 for y in prose)
        if runs and runs[-1][0] == code:
            runs[-1][1].append(line)
        else:
            runs.append([code, [line]])
    if len(runs) == 1:
        return [(runs[0][0], runs[0][1])]
    pitch = _prose_pitch(lines, codes) or pitch
    out: list[list] = []
    for position, (code, members) in enumerate(runs):
        if code and (not _set_apart(runs, position, pitch)
                     or position and url_tail(runs[position - 1][1], members)):
            code = False
        if out and out[-1][0] == code:
            out[-1][1].extend(members)
        else:
            out.append([code, list(members)])
    return [(code, members) for code, members in out]


_KEPT_INDENT = re.compile(r"^ {2,}\S")  # a line that starts with spaces of its own: a browser's `white-space: pre*`
# code's marks, not prose's: a call straight after its name (prose's brackets follow a space: "on (and on)"), a
# brace or a square bracket, an assignment starting the line ("y = x + 1", "int n = 0"), a quoted key ('"name":'),
# a block's opening line ("if w < 0:"); a round bracket, a ";" or an "=" alone is a poem's aside, a clause's end,
# a chat's smiley ("yes :)", "broke =(")
_CODE_LIKE = re.compile(r"[A-Za-z_]\w*\(|[{}\[\]]|^(?:[A-Za-z_]\w*\s+)?[A-Za-z_][\w.]*\s*[-+*/%|&^]?=(?!=)"
                        r"|^\"[^\"]*\"\s*:|^(?:def|class|if|elif|else|for|while|try|except|finally|with)\b.*:$")


def _kept_listing(lines: list[dict]) -> bool:
    """Whether a block of ``lines`` in a proportional font is a listing whose line breaks and indentation the page
    kept (HTML's ``white-space: pre-wrap`` on a ``<div>``: a browser and MuPDF write its leading spaces into the
    text layer, where no typeset line starts with spaces): three lines or more, a line after the first set in by
    its own spaces, and most lines code's (`_CODE_LIKE`: a call, a brace, an assignment, a key, a block's opening).
    Its lines were joined as one paragraph, "def area(w, h): if w < 0: raise ValueError(w) return w * h", or kept
    without their indentation; fenced, each keeps its own spaces (`code_markdown`)."""
    texts = [line_text(ln) for ln in lines]
    return len(texts) >= 3 and any(_KEPT_INDENT.match(text) for text in texts[1:]) \
        and 2 * sum(bool(_CODE_LIKE.search(text.strip())) for text in texts) > len(texts)


def url_tail(before: list[dict], lines: list[dict]) -> bool:
    """Whether ``lines`` are the rest of a URL that the lines ``before`` them end in, a piece a row: the URL's
    last piece there is set in typewriter as they are (a sentence's full stop after it is not: "... at
    https://example.org/." over a listing's "daily-counts.html"), and each row is one word that goes on with the
    URL so far (`text_layer.url_goes_on`: "example.org/reading-room/" after "https://www.library.", not "ls -l"
    nor "\\setlength{...}")."""
    spans = [span for span in before[-1]["spans"] if span["text"].strip()] if before else []
    if not spans or not is_mono(spans[-1]):
        return False
    url = join_lines([line_text(ln) for ln in before])
    for line in lines:
        piece = line_text(line).strip()
        if not piece or len(piece.split()) != 1 or not url_goes_on(url, piece):
            return False
        url += piece
    return bool(lines)


# what opens a comment at the end of a line of code: C's, C++'s, the shells', SQL's and Lua's, Lisp's, TeX's,
# Pascal's and OCaml's, HTML's
_OPENERS = r"(?:/\*|//|#|--|;|%|\(\*|<!--)"
_COMMENT = re.compile(rf"^\s*{_OPENERS}")


def is_comment(text: str) -> bool:
    """Whether ``text`` starts as a code comment does (`_COMMENT`)."""
    return bool(_COMMENT.match(text))


def _comment_beside(line: dict, lines: list[dict], codes: list[bool]) -> bool:
    """Whether ``line`` is a comment set after a line of code on its baseline (texinfo's @example sets the
    words of a trailing comment in roman type, "/* is this a numeric vector of length 1? */"): it starts as a
    comment, or follows a code line that ends with the comment's opener. It was prose beside code, a cell of a
    row, and turned the listing's lines into a paragraph."""
    text = line_text(line)
    for other, code in zip(lines, codes):
        if code and other is not line and abs(baseline(other) - baseline(line)) < 2 \
                and other["bbox"][2] <= line["bbox"][0] + 1:
            if is_comment(text) or _CODE_THEN_OPENER.search(line_text(other)):
                return True
    return False


# code, then a comment's opener at the end: an opener alone is a table's term ("%", "#": operators)
_CODE_THEN_OPENER = re.compile(rf"\S\s+{_OPENERS}\s*$")


def _commented(line: dict) -> bool:
    """Whether ``line`` is monospaced up to a comment's opener after some code, and its other type comes after
    it: a line of code whose trailing comment is set in roman (": 16; /* general purpose, see below */")."""
    spans = line["spans"]
    mono = ""
    for k, span in enumerate(spans):
        if span["text"].strip() and not is_mono(span):
            return False
        mono += span["text"]
        if _CODE_THEN_OPENER.search(mono) and any(later["text"].strip() for later in spans[k + 1:]):
            return True
    return False


def with_trailing_comments(items: list[tuple]) -> list[tuple]:
    """Page pieces ``(bbox, kind, markdown, line boxes, lines)`` with a text piece whose every line is a
    comment on the baseline of a code piece's line, right of it, put into that code piece after that line:
    texinfo sets a listing's aligned trailing comments (their words in roman) apart from the code, and MuPDF
    made them a block beside it, which was read after the listing as a paragraph ("/* discussed above */ /*
    is this a numeric vector of length 1? ...")."""
    codes = [it for it in items if it[1] == "code"]
    if not codes:
        return items
    merged: dict[int, list[dict]] = {}  # id of a code piece -> its lines with the comments in place
    boxes: dict[int, list[dict]] = {}  # id of a code piece -> its line boxes and the comments'
    dropped = set()
    for item in items:
        if item[1] != "text" or not item[4] or not all(is_comment(line_text(ln)) for ln in item[4]):
            continue
        hosts = [_host(line, codes) for line in item[4]]
        if any(host is None for host in hosts):
            continue
        for line, box, (piece, at) in zip(item[4], item[3], hosts):
            boxes.setdefault(id(piece), list(piece[3])).append(box)
            lines = merged.setdefault(id(piece), list(piece[4]))
            row_end = max(i for i, ln in enumerate(lines) if abs(baseline(ln) - baseline(piece[4][at])) < 2)
            lines.insert(row_end + 1, line)
        dropped.add(id(item))
    if not dropped:
        return items
    out = []
    for item in items:
        if id(item) in dropped:
            continue
        if id(item) in merged:
            lines = merged[id(item)]
            corners = [ln["bbox"] for ln in lines]
            item = ((min(b[0] for b in corners), min(b[1] for b in corners), max(b[2] for b in corners),
                     max(b[3] for b in corners)), item[1], item[2], boxes[id(item)], lines)
        out.append(item)
    return out


def _host(line: dict, codes: list[tuple]) -> tuple[tuple, int] | None:
    """The code piece with a line on ``line``'s baseline that ends left of it, and that line's place."""
    for piece in codes:
        for at, other in enumerate(piece[4]):
            if abs(baseline(other) - baseline(line)) < 2 and other["bbox"][2] <= line["bbox"][0] + 1:
                return piece, at
    return None


def baseline(line: dict) -> float:
    """The line's baseline (points from the top): unlike its box, the same for every font."""
    return line["spans"][0]["origin"][1]


def _prose_pitch(lines: list[dict], codes: list[bool]) -> float | None:
    """The usual distance from one prose line's baseline to the next's in this block (points)."""
    pitches = [baseline(b) - baseline(a) for a, b, code_a, code_b in zip(lines, lines[1:], codes, codes[1:])
               if not code_a and not code_b and baseline(b) > baseline(a)]
    return statistics.median(pitches) if pitches else None


def _set_apart(runs: list[list], position: int, pitch: float | None) -> bool:
    members = runs[position][1]
    if len(members) >= 2:
        return True
    before = runs[position - 1][1][-1] if position > 0 else None
    after = runs[position + 1][1][0] if position + 1 < len(runs) else None
    if before is not None and "".join(s["text"] for s in before["spans"]).rstrip().endswith(":"):
        return True
    if pitch is None:
        return False
    size = max(s["size"] for s in members[0]["spans"])

    def alike(line) -> bool:  # a heading's space above it says nothing about the code
        return line is not None and max(s["size"] for s in line["spans"]) < 1.15 * size

    gaps = [baseline(members[0]) - baseline(before) if alike(before) else 0.0,
            baseline(after) - baseline(members[-1]) if alike(after) else 0.0]
    return max(gaps) > pitch + 0.2 * size


def code_markdown(lines: list[dict], characters: Callable[[dict], list[dict] | None] | None = None) -> str:
    """Code lines as a fenced block: each span at the column its position gives, relative to the
    leftmost line; a gap of a blank line's height between lines is kept as a blank line.

    ``characters(line)``: the line's characters (``rawdict``'s, `text_layer.raw_lines`), asked for only
    where a line looks spaced inside its tokens (`_SPACED`): LaTeX's listings set every character in a
    fixed column, a little apart, and MuPDF filled the gaps with spaces ("train(model , data ,
    epochs =10):" for "train(model, data, epochs=10):"). There the spaces are the whole columns between
    one glyph and the next (`_placed`)."""
    placed = _placed(lines, characters) if characters is not None and any(
        _SPACED.search(line_text(line)) for line in lines) else None
    if placed is not None:
        lines, width = placed
    else:
        widths = [(s["bbox"][2] - s["bbox"][0]) / len(s["text"]) for ln in lines for s in ln["spans"]
                  if len(s["text"]) >= 2 and s["bbox"][2] > s["bbox"][0]]
        width = statistics.median(widths) if widths else 0.6 * max(s["size"] for s in lines[0]["spans"])
    left = min(ln["bbox"][0] for ln in lines)
    rows: list[str] = []
    previous = None
    for row in _rows(lines):
        if previous is not None:
            height = previous["bbox"][3] - previous["bbox"][1]
            if row[0]["bbox"][1] - previous["bbox"][3] > 0.8 * height:
                rows.append("")
        text, end = "", None
        for span in (span for line in row for span in line["spans"]):
            if end is not None and span["bbox"][0] - end < 0.3 * width:  # it touches the span before: no space
                text += span["text"]  # (Chromium's signature, a font a span, widths a little apart, was spaced)
            else:
                column = round((span["bbox"][0] - left) / width) if width > 0 else 0
                text += " " * max(0 if end is None else 1, column - len(text)) + span["text"]
            end = span["bbox"][2]
        rows.append(text.rstrip())
        previous = row[0]
    body = "\n".join(rows).strip("\n")
    fence = "```"
    while fence in body:  # a fence longer than any run of backticks inside
        fence += "`"
    return f"{fence}\n{body}\n{fence}"


# a space inside a token's punctuation: before a comma, semicolon, closing bracket or "=", after an opening one
_SPACED = re.compile(r"\w [,;)\]]|[(\[] \w")


def _placed(lines: list[dict], characters: Callable[[dict], list[dict] | None]) -> tuple[list[dict], float] | None:
    """``lines`` rebuilt from their characters (``characters``), and their columns' pitch (points): each line
    one span from its first glyph, with as many spaces before a glyph as whole columns its gap from the
    glyph before spans (`_pitch`; listings' glyphs sit a little apart and drift within their tokens, a
    full-width glyph spans two columns). A line not all monospaced stays as it is, and so does one whose
    characters are not its own text (a line `visible` or `covered_text` left glyphs out of keeps its box:
    its twin would bring them back); None where no line is placed."""
    glyphs = []
    for line in lines:
        chars = characters(line) if is_code_line(line) else None  # a trailing comment in roman: as it is
        shown = [ch for ch in chars or () if ch["c"].strip()]
        own = "".join(line_text(line).split())
        glyphs.append(shown if shown and "".join(ch["c"] for ch in shown) == own else None)
    if not any(glyphs):
        return None
    pitch = _pitch([[ch["bbox"] for ch in line] for line in glyphs if line])
    if pitch <= 0:
        return None
    placed = []
    for line, shown in zip(lines, glyphs):
        if shown is None:
            placed.append(line)
            continue
        text = shown[0]["c"]
        for before, char in zip(shown, shown[1:]):
            text += " " * max(0, round((char["bbox"][0] - before["bbox"][2]) / pitch)) + char["c"]
        box = (shown[0]["bbox"][0], line["bbox"][1], shown[-1]["bbox"][2], line["bbox"][3])
        placed.append({**line, "bbox": box, "spans": [{**line["spans"][0], "text": text, "bbox": box}]})
    return placed, pitch


def _pitch(rows: list[list[tuple]]) -> float:
    """The columns' pitch (points) of rows of monospaced glyphs' boxes: the usual step from a glyph to the
    one after it in the next column (listings' columns are wider than their glyphs), else the glyphs'
    usual width (every glyph a space apart: "a = b"); a full-width glyph, two columns wide, counts in
    neither; 0 where no glyph has a width."""
    widths = sorted(x1 - x0 for row in rows for x0, _, x1, _ in row if x1 > x0)
    if not widths:
        return 0.0
    glyph = statistics.median(widths[: max(1, (3 * len(widths)) // 4)])
    steps = [b[0] - a[0] for row in rows for a, b in zip(row, row[1:]) if 0.9 * glyph <= b[0] - a[0] <= 1.4 * glyph]
    return statistics.median(steps) if steps else glyph


def _rows(lines: list[dict]) -> list[list[dict]]:
    """Code lines grouped into the rows they are drawn on, left to right: MuPDF cuts a drawn line at a
    wide gap or a font change into lines of one block side by side ("# chmod" and "[ugoa][+-=]... foo",
    Debian Reference's listings), which were written as two lines, the second indented to its column."""
    rows: list[list[dict]] = []
    for line in lines:
        row = rows[-1] if rows else None
        if row is not None and _beside(row[-1]["bbox"], line["bbox"]):
            row.append(line)
        else:
            rows.append([line])
    return rows


def _beside(a, b) -> bool:
    """Whether box ``b`` continues box ``a``'s row: after it, overlapping it over most of their height."""
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return b[0] >= a[2] - 1 and overlap > 0.6 * min(a[3] - a[1], b[3] - b[1])


def merged_code(ordered: list[tuple]) -> list[tuple]:
    """Page pieces ``(bbox, kind, markdown, line boxes, lines)`` in reading order, with code pieces
    that continue each other made one (MuPDF cuts a listing into blocks at wide gaps; texinfo's
    examples run across paragraph blocks): next in reading order, overlapping horizontally, less than
    two line heights apart, or on the row of the last line, after it. A code piece that is the rest of a URL
    the text or list item before it ends in (`url_tail`), under it, goes on in it: a reference that is a
    ``\\url`` alone, broken over two rows, is two blocks where the hanging indent starts the second, and its
    rest was written as a listing ("[2] https://woodward.library.ubc.ca/" over a fenced "researchhelp/...")."""
    from sources.documents.blocks import union_box  # (blocks reads this module's code runs)

    out: list[tuple] = []
    for item in ordered:
        under_prose = item[1] == "code" and bool(out) and out[-1][1] in ("text", "list") and bool(out[-1][4]) \
            and _right_under(out[-1], item)
        tail = under_prose and url_tail(out[-1][4], item[4])
        if tail or under_prose and _url_row_on(out[-1], item):
            rest = "".join(line_text(ln).strip() for ln in item[4])
            joint = "" if tail else " "  # a URL's rest goes on in it; a URL on a row of its own after a space
            out[-1] = (union_box((out[-1][0], item[0])), out[-1][1], out[-1][2] + joint + rest,
                       out[-1][3] + item[3], out[-1][4] + item[4])
            continue
        # line boxes taller than the pitch overlap; a piece beside the last line goes on its row (listings'
        # "return" | "model", cut at a wide gap)
        if item[1] == "code" and out and out[-1][1] == "code" and (
                _right_under(out[-1], item) or _beside(out[-1][4][-1]["bbox"], item[4][0]["bbox"])) \
                or _kept_listing_goes_on(out[-1] if out else None, item):
            lines = out[-1][4] + item[4]
            out[-1] = (union_box(ln["bbox"] for ln in lines), "code", "", out[-1][3] + item[3], lines)
            continue
        out.append(item)
    return out


def _kept_listing_goes_on(piece: tuple | None, item: tuple) -> bool:
    """Whether text ``item``, under ``piece`` (a text or code piece) at its left edge, goes on with it as
    one listing kept by ``white-space: pre-wrap`` in a proportional font (`_kept_listing`): each holds a line set
    in by its own spaces, and their lines together are such a listing. MuPDF cuts the listing into blocks at its
    blank lines, each too short to tell ("def f(x):" over "    y = x + 1", then "    return y"), and it was
    paragraphs without their indentation ("def f(x): y = x + 1" over "return y")."""
    if piece is None or item[1] != "text" or piece[1] not in ("text", "code") or not piece[4] or not item[4] \
            or abs(piece[0][0] - item[0][0]) > 1:
        return False
    height = piece[4][-1]["bbox"][3] - piece[4][-1]["bbox"][1]
    if not -0.5 * height < item[0][1] - piece[0][3] < 3.5 * height:  # two blank lines apart at most (PEP 8's)
        return False
    return all(any(_KEPT_INDENT.match(line_text(ln)) for ln in lines) and not any(map(is_code_line, lines))
               for lines in (piece[4], item[4])) and _kept_listing(piece[4] + item[4])


def _url_row_on(piece: tuple, item: tuple) -> bool:
    """Whether the code piece ``item`` is a URL alone on one row that goes on with the prose ``piece`` over it: it
    starts where the piece's last row does, and that row was broken because the URL would not fit before the
    piece's right edge (two rows at least, to measure it). A reference's \\url set on a row of its own, a block of
    its own (pdfTeX's font expansion gives each row its own text matrix), was fenced as a listing of one URL."""
    from sources.documents.line_breaks import broken_for_width  # (it reads this module's fonts)

    lines, url = piece[4], item[4][0]
    words = line_text(url).split()
    if len(item[4]) != 1 or len(words) != 1 or not starts_url(words[0]):
        return False
    last = [ln for ln in lines if abs(baseline(ln) - baseline(lines[-1])) < 2]  # the last row's pieces
    if len(last) == len(lines):
        return False
    size = max(span["size"] for span in url["spans"])
    return abs(item[0][0] - min(ln["bbox"][0] for ln in last)) <= 0.25 * size \
        and broken_for_width(max(ln["bbox"][2] for ln in last), url, words[0], max(ln["bbox"][2] for ln in lines))


def _right_under(piece: tuple, item: tuple) -> bool:
    """Whether ``item`` overlaps ``piece`` across and starts less than two of its last line's heights under its
    foot (half a height over it at most: line boxes taller than the pitch overlap)."""
    (x0, _, x1, y1), (a0, b0, a1, _) = piece[0], item[0]
    height = piece[4][-1]["bbox"][3] - piece[4][-1]["bbox"][1]
    return a0 < x1 and x0 < a1 and -0.5 * height < b0 - y1 < 2 * height
