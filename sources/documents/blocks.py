"""One text block of a page as markdown pieces: code, lists, headings and paragraphs.

A block as MuPDF groups it can hold several kinds of text (texinfo sets an example inside its paragraph's
block), so a block is cut into runs first (`code_blocks.code_runs`) and each run becomes its own piece
with its own box.
"""

from __future__ import annotations

import re

from sources.documents.code_blocks import code_runs
from sources.documents.text_layer import join_lines

_BULLET = re.compile(r"^\s*([\u2022\u25e6\u25aa\u2023\u2043\u2013\-\*\u00b7])\s+")
_NUMBERED = re.compile(r"^\s*(\(?\d{1,3}[.)]|\(?[a-z][.)])\s+")


def block_pieces(lines: list[dict], style) -> list[tuple[str, str, list[dict]]]:
    """The block's ``lines`` as pieces ``(kind, markdown, lines)`` in order; kind is ``code`` (its
    markdown is filled in once code pieces that continue each other are merged), ``heading``,
    ``list`` or ``text``. ``style``: the document's `markdown.DocumentStyle` (where its body is set in
    a monospaced font, monospace does not mark code)."""
    pieces = []
    for is_code, members in ([(False, lines)] if style.mono_body else code_runs(lines, style.pitch)):
        if is_code:
            pieces.append(("code", "", members))
        else:
            pieces.append((*prose_markdown(members, style.body), members))
    return pieces


def line_text(line: dict) -> str:
    return "".join(span["text"] for span in line["spans"])


def prose_markdown(lines: list[dict], body: float) -> tuple[str, str]:
    """Prose lines as a heading, a list or a paragraph: ``(kind, markdown)``."""
    spans = [s for ln in lines for s in ln["spans"] if s["text"].strip()]
    size = max(s["size"] for s in spans)
    text = join_lines([line_text(ln) for ln in lines])
    if size >= body * 1.15 and len(text) < 200:
        level = 1 if size >= body * 1.8 else 2 if size >= body * 1.4 else 3
        return "heading", "#" * level + " " + text
    if _BULLET.match(text) or _NUMBERED.match(text):
        return "list", _list_items(lines)
    if all(s["flags"] & 16 for s in spans) and len(text) < 120:  # bold, body-sized: a run-in heading
        return "heading", f"**{text}**"
    return "text", text


def _list_items(lines) -> str:
    items: list[str] = []
    for line in lines:
        text = line_text(line).strip()
        bullet, number = _BULLET.match(text), _NUMBERED.match(text)
        if bullet:
            items.append("- " + text[bullet.end():])
        elif number:
            items.append(number.group(1).strip("()").rstrip(".)") + ". " + text[number.end():])
        elif items:  # a wrapped line of the previous item
            items[-1] = join_lines([items[-1], text])
        else:
            items.append(text)
    return "\n".join(items)
