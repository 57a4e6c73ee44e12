"""A definition list's terms, read as the plain paragraphs they are, not as listings or headings.

A term is set in a monospaced font (an option, an API signature) or bold, and MuPDF gives it a block of its own:
read as code or a heading, a definition list became listings a line each or a section a term. Two layouts: a term
floated beside its definition on its first line's baseline (HTML's <dl> with floated <dt>s, a man page's options:
`terms_beside`), and a term over its definition set in further (texinfo's @table: `definition_terms`).
"""

from __future__ import annotations

import re

from sources.documents.code_blocks import baseline
from sources.documents.text_layer import line_text

TERM_LINES = 3  # lines a term floated beside its definition may wrap onto (more: a listing beside a paragraph)
# body sizes between a term's end and its definition's start, at least: a monospaced space at the body size (a line
# of code MuPDF cut at a space leaves less); a term that fills its float (10px short of its definition's margin, 0.75
# of Liberation Serif's 14px body) stands closer than a whole body size
TERM_GAP = 0.6


def terms_beside(items: list[tuple], body: float) -> list[tuple]:
    """Page pieces ``(bbox, kind, markdown, line boxes, lines)`` with a definition list's terms set beside their
    definitions as plain paragraphs: a code piece of at most `TERM_LINES` lines at one left edge (a term that
    wraps in its float) with a paragraph starting on its first line's baseline `TERM_GAP` body sizes or more right
    of its end and at most 15 right of its start (HTML's <dl> with floated <dt>s, a man page's options in a
    monospaced font) is a term, which the rows then pair with its text (`block_rows`): the terms were one listing
    read before all the definitions. Two terms of one line at least, their texts starting at one edge; a code
    line MuPDF cut at a space leaves less room, a column of a two-column page beside a listing's line starts
    further; a bold term is a paragraph already."""
    pairs = []  # (the term's position, where its text starts)
    for position, (bbox, kind, md, boxes, lines) in enumerate(items):
        # a term wider than its float wraps (an option and its argument, "--output / FILE"), each line at its edge
        if kind != "code" or not 1 <= len(lines) <= TERM_LINES \
                or any(abs(line["bbox"][0] - bbox[0]) > 1 for line in lines):
            continue
        beside = [other[0][0] for other in items if other[1] == "text" and other[4]
                  and abs(baseline(other[4][0]) - baseline(lines[0])) < 2
                  and TERM_GAP * body <= other[0][0] - bbox[2] and other[0][0] - bbox[0] <= 15 * body]
        if beside:
            pairs.append((position, min(beside)))
    out = list(items)
    for position, start in pairs:  # two terms or more, their texts starting at one edge: a list, not a line of
        # code at a column's top beside the next column's first line (a four-column newsletter). Only terms of one
        # line count: macro names stacked in a margin beside the text they describe (ltxdoc's \DescribeMacro:
        # "\newpmemlabel" over "\pmemlabelref") look like a term that wraps, and stay a listing
        if sum(abs(other - start) < 2 and len(items[k][4]) == 1 for k, other in pairs) >= 2:
            bbox, _, _, boxes, lines = items[position]
            out[position] = (bbox, "text", _wrapped_term(lines), boxes, lines)
    return out


def _wrapped_term(lines: list[dict]) -> str:
    """A term's ``lines`` as one line of text: joined by a space, but a name a browser broke after an underscore,
    a hyphen or a slash inside it ("java_unsigned_" over "autoconversion", Octave's preferences; "--no-" over
    "color") is joined again without one."""
    text = ""
    for line in lines:
        part = " ".join(line_text(line).split())
        text += part if not text or _BROKEN_NAME.search(text) else " " + part
    return text


_BROKEN_NAME = re.compile(r"\w[_/-]$")  # a name's piece ending where a browser may break it, no space there


def definition_terms(ordered: list[tuple], body: float) -> list[tuple]:
    """Page pieces ``(bbox, kind, markdown, line boxes, lines)`` in reading order, with a definition
    list's terms as plain paragraphs: a one-line code or heading piece right above a paragraph
    indented at least two body sizes further (texinfo's @table, HTML's <dl>, man pages' option lists) is
    a term (an option, an API signature), not a listing or a section; a heading set 1.4 times the body or
    larger (``#``, ``##``) stays one."""
    out = list(ordered)
    for position, (bbox, kind, md, boxes, lines) in enumerate(ordered[:-1]):
        after = ordered[position + 1]
        if kind not in ("code", "heading") or len(lines) != 1 or after[1] != "text":  # a list's items are indented too
            continue
        if md.startswith(("# ", "## ")):  # set 1.4 times the body or larger: a title (a centred one is "indented")
            continue
        height = bbox[3] - bbox[1]
        if after[0][0] >= bbox[0] + 2 * body and -0.5 * height < after[0][1] - bbox[3] < 1.5 * height:
            out[position] = (bbox, "text", " ".join(line_text(lines[0]).split()), boxes, lines)
    return out
