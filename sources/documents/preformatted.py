"""Tabs in preformatted text (``<pre>``) as the spaces a browser shows, before MuPDF lays the document out.

A browser sets a tab in ``<pre>`` to the next tab stop (CSS ``tab-size: 8``); MuPDF draws it as one space.
A listing indented with tabs (Go, a Makefile, C in the kernel's style) was drawn, and written in its fenced
code, with each level one space deep ("for x in y:\\n print(x)") where a reader of the book sees eight. Each
tab is replaced here by the spaces to its tab stop, counted from the line's start through the ``<pre>``'s
inline elements (a highlighted listing's ``<span>``\\ s).
"""

from __future__ import annotations

import re

from sources.documents.html_tree import local_name as _local
from sources.documents.html_tree import rewritten

TAB_SIZE = 8  # CSS's initial tab-size
_MAYBE = re.compile(r"<(?:\w+:)?pre\b", re.I)


def expanded_tabs(html: str, xml: bool) -> str:
    """``html`` with the tabs of each ``<pre>`` set as spaces (see the module's note); the same string when
    there is none. ``xml``: the document is XHTML (an EPUB chapter), written back as XML."""
    return html if "\t" not in html else rewritten(html, xml, _MAYBE, _tabs_expanded)


def _tabs_expanded(root) -> bool:
    """The tabs of each ``<pre>`` under ``root`` set as spaces; whether any was."""
    import lxml.etree

    blocks = [el for el in root.iter(lxml.etree.Element) if _local(el) == "pre"
              and not any(_local(up) == "pre" for up in el.iterancestors())]
    changed = False
    for pre in blocks:
        column = 0
        for node, attribute in _texts(pre):
            before = getattr(node, attribute)
            if not before:
                continue
            after, column = _expanded(before, column)
            if after != before:
                setattr(node, attribute, after)
                changed = True
    return changed


def _texts(pre):
    """The text pieces of ``pre`` in reading order, as ``(element, "text" | "tail")``; not ``pre``'s own tail."""
    import lxml.etree

    yield pre, "text"
    for el in pre.iterdescendants():
        if isinstance(el.tag, str) or isinstance(el, lxml.etree._Comment):
            if isinstance(el.tag, str):
                yield el, "text"
            yield el, "tail"


def _expanded(text: str, column: int) -> tuple[str, int]:
    """``text`` with its tabs set to spaces, starting at ``column`` of its line; and the column it ends at."""
    out = []
    for ch in text:
        if ch == "\t":
            width = TAB_SIZE - column % TAB_SIZE
            out.append(" " * width)
            column += width
        else:
            out.append(ch)
            column = 0 if ch == "\n" else column + 1
    return "".join(out), column
