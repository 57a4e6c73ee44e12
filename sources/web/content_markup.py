"""The drawn HTML rewritten where trafilatura misreads the structure its markup gives, before it extracts the
main text (`samples._interleaved`). Each rewrite is judged from the page's own structure:

- a table used for layout (`_layout`: a cell of blocks, a heading or paragraphs, holding most of the table's
  text) is boxes, not a data table: its rows and cells become <div>s. trafilatura wrote it as one row of
  cells ("Home Events Contact | Parish news The ferry ..."): the navigation cell beside the content taken in,
  the heading lost, the paragraphs run together (trafilatura#334, #90). As boxes, the navigation is judged
  by its links as any box is, and the content cell's blocks are blocks. Such tables repeated side by side are
  a thread's posts or a list's entries, left as they are;
- a list inside a data table's cell is its items as lines: trafilatura keeps lists in cells only at recall
  ("noise"), and an opening-hours table lost every time ("Mon |", trafilatura#531). A list of links only
  is left as it is: a footer's or a menu's columns of links in a table are the noise it meant;
- a list of links only that a paragraph introduces ("Client libraries:", then Python, .NET, ...) is content:
  trafilatura drops any list dense in links (trafilatura#769). Its links become plain text (the main text
  writes no links). So is one a heading introduces that names what an article cites or offers as its own
  ("Sources", "References", "Further reading", "Downloads": `_CONTENT_HEADING`): at precision trafilatura dropped
  the list and its heading with it (at recall, and by default, it keeps them, and a "Related" list too). A menu
  of links (in a <nav>, <header>, <footer>, <aside>, <menu> or a navigation role, or after no such paragraph or
  heading: a "Related articles", "See also" or "Share" heading's list, the site's other pages, not this one's
  text) is left to trafilatura.

The HTML is given back unchanged (the same string) where nothing is rewritten.
"""

from __future__ import annotations

import re

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# a heading over links that are an article's own content: what it cites, what it offers to download
_CONTENT_HEADING = re.compile(r"(?:sources?|references|bibliography|works cited|further reading|downloads?|attachments)"
                              r"\s*:?", re.IGNORECASE)
_CHROME = ("nav", "header", "footer", "aside", "menu")  # what holds menus of links


def for_extraction(html: str) -> str:
    """``html`` (the drawn page) with its layout tables, lists in table cells and introduced lists of links
    rewritten for trafilatura (the module's docstring)."""
    import lxml.html

    if "<table" not in html and "<ul" not in html and "<ol" not in html:
        return html
    root = lxml.html.document_fromstring(html)
    changed = False
    laid = [table for table in root.iter("table") if _layout(table)]
    # layout tables repeated side by side (each under the same layout table or none) are boxes alike, a thread's
    # posts (vBulletin 3's <table id=post1>): as <div>s trafilatura took the first, named a post, for the page
    within = [next((t for t in table.iterancestors("table") if t in laid), None) for table in laid]
    for table, outer in zip(laid, within):
        if within.count(outer) == 1:
            _unwrap(table)
            changed = True
    for cell in list(root.iter("td", "th")):
        for found in reversed([e for e in cell.iter("ul", "ol") if _owner(e, ("td", "th")) is cell]):
            if not _links_only(found):
                _lines(found)
                changed = True
    for found in list(root.iter("ul", "ol")):
        if _introduced(found) and _links_only(found):
            for link in list(found.iter("a")):
                link.tag = "span"
                link.attrib.pop("href", None)
            changed = True
    if not changed:
        return html
    return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _owner(element, tags: tuple[str, ...]):
    """The nearest ancestor of ``element`` whose tag is one of ``tags`` (None where none is)."""
    return next(element.iterancestors(*tags), None)


def _own_cells(table) -> list:
    """``table``'s own cells, not those of tables inside it."""
    return [cell for cell in table.iter("td", "th") if _owner(cell, ("table",)) is table]


def _layout(table) -> bool:
    """Whether ``table`` lays a page out (old-style: a navigation cell beside the content's): no header cell
    nor caption, and one of its cells holds blocks, a heading or two paragraphs, and at least half of the
    table's text. A data table's cells hold values, a line each, or notes, each a small part of the table."""
    cells = _own_cells(table)
    if not cells or any(cell.tag == "th" for cell in cells) or table.find("caption") is not None:
        return False
    total = len(_text(table))
    for cell in cells:
        blocks = any(True for _ in cell.iter(*_HEADINGS)) or sum(1 for p in cell.iter("p") if _text(p)) >= 2
        if blocks and 2 * len(_text(cell)) >= total > 0:
            return True
    return False


def _unwrap(table) -> None:
    """``table``'s own structure (itself, its row groups, rows and cells) as <div>s: boxes of blocks."""
    own = [table, *(e for e in table.iter("thead", "tbody", "tfoot", "tr", "td", "th")
                    if _owner(e, ("table",)) is table)]
    for element in own:
        element.tag = "div"
        for name in ("width", "height", "valign", "align", "colspan", "rowspan", "border", "cellpadding",
                     "cellspacing", "bgcolor"):
            element.attrib.pop(name, None)


def _lines(found) -> None:
    """A list (inside a table cell) as its items, a <div> each: lines of the cell."""
    for item in found:
        if item.tag == "li":
            item.tag = "div"
    found.tag = "div"


def _links_only(found) -> bool:
    """Whether each item of ``found`` (a <ul> or <ol>) is a link: its text all inside <a>s."""
    items = [item for item in found if item.tag == "li"]
    if not items:
        return False
    for item in items:
        linked = "".join("".join(a.itertext()) for a in item.iter("a") if _owner(a, ("a",)) is None)
        if not linked.strip() or len("".join(_text(item).split())) > len("".join(linked.split())):
            return False
    return True


def _introduced(found) -> bool:
    """Whether a paragraph or a heading introduces ``found`` (a list): the element right before it, with no text
    between, is a <p> whose text ends in a colon ("Client libraries:") or a heading that names an article's own
    links (`_CONTENT_HEADING`: "Sources"), and no menu's part (`_CHROME`, a navigation role) holds it."""
    before = found.getprevious()
    if before is None or (before.tail or "").strip() or not (
            before.tag == "p" and _text(before).endswith(":")
            or before.tag in _HEADINGS and _CONTENT_HEADING.fullmatch(_text(before))):
        return False
    return not any(e.tag in _CHROME or (e.get("role") or "").lower() in ("navigation", "menu", "menubar")
                   for e in found.iterancestors())
