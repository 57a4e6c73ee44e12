"""HTML tables' ``border`` attribute as the CSS a browser gives it, before MuPDF lays the document out.

``<table border="1">`` is the oldest way to rule a table, and EPUBs converted from Word, HTML or old
publishing tools still use it. The HTML standard's rendering section maps it to CSS (the table's own border
that wide, every cell's one pixel), so every browser and reading system draws the grid; MuPDF ignores the
attribute and drew the table without a single rule. Unruled, its rows were read as text runs ("Name Age Town
Ann 31 Leeds Bob and Cy", then "York" apart) where the reader sees a ruled table, which `tables` reads as one
from its rulings. Here each such table and its own cells (not a nested table's) get that CSS as inline style,
in front of any style they have, so the author's own declarations still win; cells are collapsed into one grid,
as MuPDF draws no separate borders.
"""

from __future__ import annotations

import re

from sources.documents.html_tree import local_name as _local
from sources.documents.html_tree import rewritten

_MAYBE = re.compile(r"<(?:\w+:)?table\b[^>]*\bborder\b", re.I)


def ruled_tables(html: str, xml: bool) -> str:
    """``html`` with each ``<table border>`` ruled in CSS (see the module's note); the same string when there
    is none. ``xml``: the document is XHTML (an EPUB chapter), written back as XML."""
    return rewritten(html, xml, _MAYBE, _ruled)


def _ruled(root) -> bool:
    """Each ``<table border>`` under ``root`` ruled in CSS; whether there was one."""
    import lxml.etree

    tables = [el for el in root.iter(lxml.etree.Element) if _local(el) == "table" and _width(el) > 0]
    for table in tables:
        _prepend(table, f"border: {_width(table)}px solid; border-collapse: collapse")
        for cell in table.iter(lxml.etree.Element):
            if _local(cell) in ("td", "th") and _table_of(cell) is table:
                _prepend(cell, "border: 1px solid")
    return bool(tables)


def _width(table) -> int:
    """The border width a ``border`` attribute gives: its number, 1 where it is empty or not a number (as the
    HTML standard reads it), 0 where there is none."""
    value = table.get("border")
    if value is None:
        return 0
    digits = re.match(r"\s*(\d+)", value)
    return min(int(digits.group(1)), 10) if digits else 1


def _table_of(cell):
    return next((up for up in cell.iterancestors() if _local(up) == "table"), None)


def _prepend(el, css: str) -> None:
    style = (el.get("style") or "").strip()
    el.set("style", f"{css}; {style}" if style else css)
