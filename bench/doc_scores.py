"""The scores of bench.doc_quality: one system's text for a document against the document's truth
(`bench.doc_corpus.Truth`). Each score is a pair of counts (hits, out of), summed over documents, so
that the table can say how many cases a row rests on.

Text is compared as a reader sees it: whitespace runs collapsed, markdown emphasis and code marks
(``*``, `````, ``_`` at word edges) and ``<br>`` dropped. Markdown structure is read from lines:
``#`` headings, ``-``/``*``/``+``/``•`` bullets, ``|`` table rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

BULLET = re.compile(r"^\s*(?:[-*+•●◦▪]|o)\s+")
HEADING = re.compile(r"^\s*#{1,6}\s+")
SEPARATOR = re.compile(r"^\|?[\s:|-]+\|?$")


def plain(text: str) -> str:
    """Whitespace collapsed, markdown marks, <br>, <sup>/<sub> tags and backslash escapes ("\\_", "\\*") gone."""
    text = re.sub(r"<br\s*/?>", " ", text)
    text = re.sub(r"</?su[bp]>", "", text)
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)  # CommonMark's escapes: the character itself
    text = re.sub(r"[*`]+", "", text)
    text = re.sub(r"(?<!\w)_+|_+(?!\w)", "", text)
    return " ".join(text.split())


def lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def prose_lines(text: str) -> list[str]:
    """The text's lines outside code fences: a ``# comment`` in a listing is no heading."""
    kept, fenced = [], False
    for line in lines(text):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            kept.append(line)
    return kept


def code_lines(text: str, truth) -> tuple[int, int]:
    """``<pre>`` lines that stand as whole lines of the text (as many times as the HTML has them)."""
    have = Counter(plain(line) for line in lines(text))
    return _matched(Counter(plain(line) for line in truth.code_lines), have), len(truth.code_lines)


def list_items(text: str, truth) -> tuple[int, int]:
    """Bulleted items found: a bullet line whose text starts with the item's first six words."""
    bullets = [plain(BULLET.sub("", line)).lower() for line in prose_lines(text) if BULLET.match(line)]
    found = 0
    for item in truth.list_items:
        head = " ".join(plain(item).lower().split()[:6])
        hit = next((i for i, line in enumerate(bullets) if line.startswith(head)), None)
        if hit is not None:
            found += 1
            bullets.pop(hit)
    return found, len(truth.list_items)


def reading_order(text: str, truth) -> tuple[float, int, int] | None:
    """Kendall's tau between the truth's line order and where each line is found in the text (lines not
    found are left out), with how many were found of how many; None if the truth has no order."""
    from scipy.stats import kendalltau

    if not truth.order:
        return None
    flat = plain(text)
    places = [(rank, flat.find(plain(line))) for rank, line in enumerate(truth.order)]
    places = [(rank, at) for rank, at in places if at >= 0]
    if len(places) < 2:
        return 0.0, len(places), len(truth.order)
    tau = kendalltau([r for r, _ in places], [a for _, a in places]).statistic
    return float(tau), len(places), len(truth.order)


def hyphens(text: str, truth) -> tuple[int, int]:
    """Compounds the printed page breaks at their own hyphen that the text has whole, hyphen kept, as
    often as the HTML has them."""
    flat = plain(text)
    return sum(count(c, flat) >= count(c, truth.text) for c in truth.compounds), len(truth.compounds)


def count(word: str, text: str) -> int:
    """Occurrences of ``word`` as a whole word (a hyphen continues a word)."""
    return len(re.findall(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))


def table_rows(text: str) -> list[list[str]]:
    """Every markdown table row of the text as its cells (separator rows left out)."""
    rows = []
    for line in prose_lines(text):
        line = line.strip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1 and not SEPARATOR.match(line):
            rows.append([plain(cell) for cell in line[1:-1].split("|")])
    return rows


def _squeezed(text: str) -> str:
    return "".join(text.split())


def phantom_rows(text: str, truth) -> tuple[int, int]:
    """Rows made up by a link's underline read as a ruling: markdown rows that are no row of the HTML
    but whose every non-empty cell is a piece of one cell of a row of a ruled table with links (a row
    cut in two), or that are empty; with the rows of those tables."""
    tables = [t for t in truth.tables if t["data"] and t["ruled"] and t["links"]]
    rows = [r for t in tables for r in t["rows"]]
    whole = {_squeezed("".join(r)) for r in rows}
    phantom = 0
    for cells in table_rows(text):
        if not rows or _squeezed("".join(cells)) in whole:
            continue
        pieces = [_squeezed(c) for c in cells if c.strip()]
        if not pieces or any(all(any(p in _squeezed(cell) for cell in row) for p in pieces) for row in rows):
            phantom += 1
    return phantom, len(rows)


def cell_spaces(text: str, truth) -> tuple[int, int]:
    """Cells whose text changes font (a link or code beside plain text) found as a cell, counted when
    their spaces are wrong (found only with spaces ignored); with how many were found at all."""
    cells = [c for row in table_rows(text) for c in row]
    exact, squeezed = Counter(cells), Counter(_squeezed(c) for c in cells)
    wrong = found = 0
    for cell in (c for t in truth.tables for c in t["mixed"]):
        if exact[cell]:
            exact[cell] -= 1
            squeezed[_squeezed(cell)] -= 1
            found += 1
        elif squeezed[_squeezed(cell)]:
            squeezed[_squeezed(cell)] -= 1
            found += 1
            wrong += 1
    return wrong, found


def borderless_cells(text: str, truth) -> tuple[int, int]:
    """Non-empty cells of borderless data tables found as markdown table cells. The HTML's cell is read as
    the text's are (`plain`): SQLite's "`keyword`" cell could match no text's, whose code marks are dropped."""
    have = Counter(c for row in table_rows(text) for c in row)
    want = Counter(plain(c) for t in truth.tables if t["data"] and t["ruled"] is False for r in t["rows"] for c in r
                   if c)
    return _matched(want, have), sum(want.values())


def headings(text: str) -> list[str]:
    return [plain(HEADING.sub("", line)).lower() for line in prose_lines(text) if HEADING.match(line)]


def term_headings(text: str, truth) -> tuple[int, int]:
    """``<dt>`` terms made headings (a heading that is the term or its first line), of the terms."""
    made = headings(text)
    terms = [plain(t).lower() for t in truth.terms]
    return sum(any(h and (h == t or (len(h) > 3 and t.startswith(h))) for h in made) for t in terms), len(terms)


def small_headings_missed(text: str, truth, ratio: float = 1.2) -> tuple[int, int]:
    """Headings set at most ``ratio`` times the body text's size that are no heading of the text."""
    made = set(headings(text))
    small = [plain(h).lower() for h, size in truth.headings if 0 < size <= ratio]
    return sum(h not in made for h in small), len(small)


def control_characters(text: str) -> int:
    """NUL and other control characters (line breaks and tabs aside)."""
    return sum(unicodedata.category(ch) == "Cc" and ch not in "\n\t\r" for ch in text)


def _matched(want: Counter, have: Counter) -> int:
    return sum(min(count, have[key]) for key, count in want.items())


# Scanned pages


def without_running_lines(text: str, running: list[str], tolerance: float = 0.4) -> tuple[str, int]:
    """The text less the running headers and footers drawn on the scans, and how many it had. OCR
    misreads them and may join one to the line beside it, so each line's first or last words are
    compared with each running line, character error rate at most ``tolerance``, and cut when they match."""
    kept, found = [], 0
    for line in text.split("\n"):
        cuts = 0
        for mark in running:
            line, cut = _cut_running(line, _squeezed(mark).lower(), tolerance)
            cuts += cut
        found += cuts
        if line.strip() or not cuts:  # a line that was only a running line goes
            kept.append(line)
    return "\n".join(kept), found


def _cut_running(line: str, mark: str, tolerance: float) -> tuple[str, bool]:
    """The line less its first or last words that read as ``mark`` (the closest such piece), and whether cut."""
    from sources.common.ocr import character_error_rate

    words, best = line.split(), (tolerance, None)
    for take in range(1, len(words) + 1):
        if len(_squeezed(" ".join(words[:take]))) > len(mark) * (1 + tolerance) + 2:
            break
        for piece, rest in ((words[:take], words[take:]), (words[-take:], words[:-take])):
            piece = _squeezed(plain(" ".join(piece))).lower()
            if re.search(r"\d", mark) and not re.search(r"\d", piece):  # "Page 1 of 3" is not "Pages of"
                continue
            error = character_error_rate(mark, piece)
            if error <= best[0]:
                best = (error, rest)
    return (line, False) if best[1] is None else (" ".join(best[1]), True)


def words_lost(truth: str, text: str, run: int = 8) -> tuple[int, int]:
    """Words of the truth missing from the text in runs of at least ``run`` (a line or a block dropped,
    not a misread word), aligned word by word; with the truth's word count. A run that stands elsewhere
    in the text (half its word triples there: a block read in another order) is moved, not lost."""
    from difflib import SequenceMatcher

    want, have = plain(truth).lower().split(), plain(text).lower().split()
    triples = set(zip(have, have[1:], have[2:]))
    lost = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, want, have, autojunk=False).get_opcodes():
        gap = (i2 - i1) - (j2 - j1 if op == "replace" else 0)
        if op not in ("delete", "replace") or gap < run:
            continue
        gone = list(zip(want[i1:i2], want[i1 + 1:i2], want[i1 + 2:i2]))
        if sum(t in triples for t in gone) < len(gone) / 2:
            lost += gap
    return lost, len(want)
