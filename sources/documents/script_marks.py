"""Superscripts and subscripts written as such: ``2<sup>31</sup>``, ``H<sub>2</sub>O``, ``x<sub>i</sub><sup>2</sup>``.

A text layer holds a raised or lowered run as plain characters beside its base, so written inline it
changes what the page says: Octave's manual shows 2 to the power 31 and its target read "smaller than 231
elements" (another number); a mean of squares read "xi2", a footnote marker "Smith12". CommonMark keeps
inline HTML, and ``<sup>`` / ``<sub>`` are what converters that keep scripts write (marker's markdown), so a
script set against its base (no space between) is written in those tags. Whether a run is a script is
read from the page, not from MuPDF's superscript flag (which marks raised runs only, and any run a little
above the previous character): a span set at most `SMALL` of its line's size, its baseline `RAISED` of that
size above the line's or `LOWERED` below, starting at most `GLUED` of it after the text before it (MuPDF
puts a space where the pen jumps back over a script: dropped). A run after a word space (a marker after a
space) is no script of anything and stays as it is; so does a note's number that starts its line a space
before its text, and text in a monospaced font (code, where a raised character is not an exponent). A raised
marker that starts its line against its text is one: "<sup>1</sup>A 100k-token document" (a footnote).
A note's mark a word space after its word and a space before the next (`_spaced_marker`: "small \\footnote"
in the source, as elsarticle's own test paper has it) is the word's mark too, "small<sup>5</sup> distance":
left as it was, "placed at a small 5 distance" read as a number in the sentence.

Only the span's text changes, and each changed span keeps the page's own in ``plain``: the lines' text for
grounding and the agreement check has no tags, and neither have the vocabulary and the layout rules that
read spans before this step. A script inside a script nests ("e<sup>x<sub>i</sub></sup>", two levels); a
"<" of the page's text that would open a tag is escaped (`literal_emphasis.markup_opens`, read on the line's
text, as a tag may run across spans: "\\<sup>" on a page about HTML), but in a monospaced font (code: a fence
keeps it as it is).
"""

from __future__ import annotations

import re
from collections import Counter

from sources.documents.code_blocks import is_mono
from sources.documents.literal_emphasis import markup_opens
from sources.documents.math_fonts import is_math_extension
from sources.documents.stacked_math import OPERATORS as _OPERATORS
from sources.documents.text_layer import each_text_block, upright

SMALL = 0.85  # a script is set at most this share of its line's size (LaTeX: 7 on 10 points, 5 on 7)
RAISED = 0.15  # of the line's size: LaTeX raises an exponent ~0.36 of it, a footnote marker ~0.35
LOWERED = 0.12  # LaTeX lowers a subscript ~0.15 of it (0.25 under a superscript); text 0.08 low is no script
BODY_SHARE = 0.2  # of a line's characters: the least its own size sets
MAX_CHARS = 12  # "31", "i=1", "max", "n+1"; longer small text beside a line is text of its own
MARKER_CHARS = 3  # a note's or an affiliation's marker before its text: "1", "*", "†", "12", "a,b"
GLUED = 0.2  # of the line's size: a script starts at most this far after its base's end (TeX kerns an
# integral's upper limit ~0.1 on; a word space is ~0.33)
SPACED = 0.5  # of the line's size: a note's mark a word space after its word starts at most this far after it
_NOTE_MARK = re.compile(r"(?:\d{1,3}|[*\u2020\u2021\u00a7\u00b6]{1,3})")  # "5", "12", "*", "†", "§"
_MARKS = re.compile(r"</?su[bp]>")


def marked_scripts(text: dict) -> dict:
    """``text`` (a page's dict text, after `scripts.attach_scripts` put scripts drawn apart back on their
    lines) with each script run set against its base wrapped in ``<sup>`` or ``<sub>`` (consecutive spans of
    one kind in one tag: "i" "=1" -> ``<sub>i=1</sub>``)."""
    def remade(block: dict) -> list[dict]:
        old = block.get("lines", ())
        lines = [_marked(line, texts) for line, texts in zip(old, _escaped(old))]
        return [block if all(a is b for a, b in zip(lines, block.get("lines", ()))) else {**block, "lines": lines}]

    return each_text_block(text, remade)


def without_marks(text: str) -> str:
    """``text`` less the tags `marked_scripts` wrote."""
    return _MARKS.sub("", text)


def script_kinds(spans: list[dict]) -> list[str | None]:
    """For each of a line's ``spans`` (dict spans, or rawdict ones given a ``text``): "sup", "sub" or None (no
    script, `_kind`), measured against the baseline most of the line's full-size characters stand on."""
    if len({s["size"] for s in spans}) < 2:  # most lines: one size, no script
        return [None] * len(spans)
    size = line_size(spans)
    if not size or not any(s["text"].strip() and s["size"] <= SMALL * size for s in spans):
        return [None] * len(spans)
    # a span's origin is its first character's, and a space MuPDF put where the pen jumped has the pen's place
    # before the jump (" for a body" after a raised "2" stood on the 2's baseline): such spans are placed by
    # their box's foot, the font's depth measured on the line's other spans
    # (a TeX extension font's glyph hangs from a baseline at its top: no measure of the line's)
    full = [s for s in spans if s["text"].strip() and SMALL * size < s["size"] <= size]
    full = [s for s in full if not is_math_extension(s.get("font", ""))] or full
    sure = [s for s in full if not s["text"][0].isspace()] or full
    depth = sorted((s["bbox"][3] - s["origin"][1]) / s["size"] for s in sure)[len(sure) // 2]
    baseline = Counter(round(_baseline(s, depth), 1) for s in full for _ in s["text"].strip()).most_common(1)[0][0]
    return [_kind(span, size, baseline, depth) for span in spans]


def line_size(spans: list[dict]) -> float:
    """The size (points) a line of ``spans`` is set in: the largest that sets `BODY_SHARE` of its characters
    at least (a list's bullet set larger than its item is not; a base before two scripts, "x" of x_ij, is)."""
    counts = Counter()
    for span in spans:
        counts[span["size"]] += len(span["text"].strip())
    total = sum(counts.values())
    return max((size for size, n in counts.items() if n and n >= BODY_SHARE * total), default=0.0)


def glued(span: dict, before: dict, size: float) -> bool:
    """Whether ``span`` starts against ``before`` (the last span with text before it) on a line set ``size``
    points: at most `GLUED` of that size after its end, with no space first. A span's box starts with its
    spaces, so one led by a space is a word after a word space, unless it follows a big operator: the
    space is then MuPDF's, where the pen jumped to the operator's upper limit ("∫" " 1")."""
    if span["text"][:1].isspace() and _OPERATORS.isdisjoint(before["text"]):
        return False
    return span["bbox"][0] - before["bbox"][2] <= GLUED * size


def _marked(line: dict, escaped: list[str]) -> dict:
    """``line`` with its scripts in tags (`_tagged`) and a page's own "<" before a tag's name escaped (its spans'
    texts so, ``escaped``: `_escaped`), each changed span keeping its text as the page holds it in ``plain``."""
    if not upright(line):  # a turned line's scripts are raised across it, not up the page
        return line
    spans = line["spans"]
    texts = _tagged([span if is_mono(span) or text == span["text"] else {**span, "text": text}
                     for span, text in zip(spans, escaped)], 0)
    if texts == [span["text"] for span in spans]:
        return line
    return {**line, "spans": [span if text == span["text"] else {**span, "text": text, "plain": span["text"]}
                              for span, text in zip(spans, texts)]}


def _escaped(lines: list[dict]) -> list[list[str]]:
    """Per line of a block, its spans' texts with each "<" that opens a tag in the block's text escaped
    (`literal_emphasis.markup_opens`, read on the block's lines joined by a space, as a paragraph's are: a tag
    may run across spans, "<" in one, "b>" in the next, and across lines, "<img src=..." at a line's end and
    "alt=...>" on the next, where each line alone opened none and the paragraph's target lost the tag)."""
    texts = [[span["text"] for span in line["spans"]] for line in lines]
    opens = set(markup_opens(" ".join("".join(line) for line in texts)))
    if not opens:
        return texts
    out, start = [], 0
    for line in texts:
        row = []
        for text in line:
            marks = {at - start for at in opens if start <= at < start + len(text)}
            row.append("".join("\\" + c if i in marks else c for i, c in enumerate(text)) if marks else text)
            start += len(text)
        out.append(row)
        start += 1  # the space between two lines
    return out


def _tagged(spans: list[dict], depth: int) -> list[str]:
    """The spans' texts with each script run against its base in its tags, and a run's own scripts inside
    it (``depth``: how deep this run is; two levels at most): e^{x_i} -> "e<sup>x<sub>i</sub></sup>"."""
    texts = [span["text"] for span in spans]
    kinds = script_kinds(spans)
    if not any(kinds):
        return texts
    size = line_size(spans)
    i = 0
    while i < len(spans):
        kind, end = kinds[i], i
        if kind is None:
            i += 1
            continue
        while end + 1 < len(spans) and kinds[end + 1] == kind and not spans[end]["text"][-1:].isspace() \
                and not spans[end + 1]["text"][:1].isspace():  # one run: "i" "=1"
            end += 1
        base = next((k for k in range(i - 1, -1, -1) if spans[k]["text"].strip()), None)
        if base is None and _leads(spans, i, end, kind, size):  # a note's marker against its text: "¹A 100k-token"
            texts[i] = f"<sup>{texts[i].lstrip()}"
            texts[end] = f"{texts[end].rstrip()}</sup>"
        elif base is not None and not _logo(spans, base, i, end) and len("".join(
                s["text"] for s in spans[i:end + 1]).strip()) <= MAX_CHARS and (
                glued(spans[i], spans[base], size) or _spaced_marker(spans, base, i, end, kind, size)):
            for k in range(base + 1, i):  # a space MuPDF put between a base and its script: none on the page
                texts[k] = ""
            texts[base] = texts[base].rstrip()
            inner = _tagged(spans[i:end + 1], depth + 1) if depth < 1 and end > i else texts[i:end + 1]
            tail = inner[-1][len(inner[-1].rstrip()):]
            inner[0] = f"<{kind}>" + inner[0].lstrip()
            inner[-1] = f"{inner[-1].rstrip()}</{kind}>{tail}"
            texts[i:end + 1] = inner
        i = end + 1
    return texts


def _leads(spans: list[dict], first: int, last: int, kind: str, size: float) -> bool:
    """Whether the raised run ``first``-``last``, which starts its line, is set against the text after it (the
    next span starts at most `GLUED` of ``size`` after it, no space first): a footnote's or an affiliation's
    marker before its text, which read as part of its first word ("1A 100k-token document", "*Equal
    contribution"). A marker a space before its text stays as it is ("1 Forty-one, if the hamlet ...")."""
    after = next((k for k in range(last + 1, len(spans)) if spans[k]["text"]), None)
    return kind == "sup" and after is not None and spans[after]["text"][:1].strip() != "" \
        and spans[after]["size"] > spans[last]["size"] \
        and len("".join(s["text"] for s in spans[first:last + 1]).strip()) <= MARKER_CHARS \
        and spans[after]["bbox"][0] - spans[last]["bbox"][2] <= GLUED * size


def _spaced_marker(spans: list[dict], base: int, first: int, last: int, kind: str, size: float) -> bool:
    """Whether the raised run ``first``-``last`` is a note's mark set a word space after its word (the span
    ``base``: it ends in a letter or a digit), at most `SPACED` of ``size`` after it, with a space and more of
    the line after it: a number of three digits at most or note symbols ("5", "*", "†"). A raised run
    against the word after it ("the <sup>13</sup>C isotope") is no mark of the word before; nor is one after
    punctuation (a list of the note symbols, "§, ¶"; a caption's "phrases. * marks macros ..."), or one
    that ends its line (a stacked fraction's numerator, "or 3" over the "4" below)."""
    mark = "".join(s["text"] for s in spans[first:last + 1]).strip()
    word = spans[base]["text"].rstrip()
    if kind != "sup" or not _NOTE_MARK.fullmatch(mark) or not word[-1:].isalnum():
        return False
    if spans[first]["bbox"][0] - spans[base]["bbox"][2] > SPACED * size:
        return False
    after = next((k for k in range(last + 1, len(spans)) if spans[k]["text"]), None)
    return after is not None and "".join(s["text"] for s in spans[after:]).strip() != "" and (
        spans[after]["text"][:1].isspace() or spans[after]["bbox"][0] - spans[last]["bbox"][2] > GLUED * size)


def _logo(spans: list[dict], base: int, first: int, last: int) -> bool:
    """Whether the run ``first``-``last`` is the raised small "A" of LaTeX's logo ("L" before it, "T" after):
    the letters a reader reads as a name, not an exponent."""
    after = "".join(s["text"] for s in spans[last + 1:]).lstrip()
    return "".join(s["text"] for s in spans[first:last + 1]).strip() == "A" \
        and spans[base]["text"].rstrip().endswith("L") and after.startswith("T")


def _baseline(span: dict, depth: float) -> float:
    """The span's baseline: its origin's, or, where its text starts with a space, its box's foot less
    ``depth`` (the font's depth below the baseline, a share of the size)."""
    return span["bbox"][3] - depth * span["size"] if span["text"][:1].isspace() else span["origin"][1]


def _kind(span: dict, size: float, baseline: float, depth: float) -> str | None:
    """"sup", "sub" or None (no script) for a span of a line set ``size`` points on ``baseline``."""
    if not span["text"].strip() or span["size"] > SMALL * size or is_mono(span):
        return None
    shift = baseline - _baseline(span, depth)
    return "sup" if shift >= RAISED * size else "sub" if shift <= -LOWERED * size else None
