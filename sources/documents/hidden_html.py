"""HTML that a browser does not draw, taken out before MuPDF lays an HTML document or EPUB chapter out.

MuPDF's HTML layout honours ``display: none`` from a style sheet or a ``style`` attribute, and does not lay
out ``<template>``, ``<script>`` or ``<style>``; but its default style sheet lacks rules the HTML standard's
rendering section gives every browser: ``[hidden] { display: none }`` (a ``<div hidden>`` and all it holds was
drawn, in the page image and its target, where a reader of the page sees nothing), a ``<dialog>`` that is not
``open``, and the contents of a closed ``<details>`` but for its ``<summary>``. Those are taken out here, by
parsing with lxml (XML first for XHTML, as MuPDF reads it; HTML where it is not well formed).
``aria-hidden`` hides from a screen reader only: such text is drawn, and kept.
"""

from __future__ import annotations

import re

# a cheap test before any parse: most documents have none of these
_MAYBE = re.compile(r"hidden|<dialog|<details", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def without_hidden(html: str, xml: bool) -> str:
    """``html`` with what a browser hides taken out (see the module's note); the same string when there is
    none. ``xml``: the document is XHTML (an EPUB chapter, a .xhtml file), written back as XML."""
    import lxml.etree
    import lxml.html

    if not _MAYBE.search(html):
        return html
    body = _XML_DECLARATION.sub("", html)  # lxml takes no encoding declaration in a str
    root = None
    if xml:
        parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        try:
            root = lxml.etree.fromstring(body, parser)
        except lxml.etree.XMLSyntaxError:  # not well formed (an HTML entity without its DTD): read as HTML
            root = None
    if root is None:
        root = lxml.html.document_fromstring(body)
    elements = list(root.iter(lxml.etree.Element))
    hidden = [el for el in elements
              if el.get("hidden") is not None or (_local(el) == "dialog" and el.get("open") is None)]
    closed = [el for el in elements if _local(el) == "details" and el.get("open") is None and _shows_more(el)]
    if not hidden and not closed:
        return html
    for el in hidden:
        if el.getparent() is not None:
            _drop(el)
    for details in closed:
        _close(details)
    if xml:  # XHTML stays XML (well formed even where it was read as HTML): MuPDF reads it as XML
        out = lxml.etree.tostring(root.getroottree(), encoding="unicode", method="xml")
    else:
        out = lxml.html.tostring(root, encoding="unicode", doctype=root.getroottree().docinfo.doctype or None)
    declaration = _XML_DECLARATION.match(html)
    return (declaration.group(0) if declaration and xml else "") + out


def _local(el) -> str:
    import lxml.etree

    return lxml.etree.QName(el).localname.lower()


def _shows_more(details) -> bool:
    """Whether a ``<details>`` holds more than its summary (text or elements) that a closed one hides."""
    return bool((details.text or "").strip()) or any(
        _local(child) != "summary" or (child.tail or "").strip() for child in details)


def _drop(el) -> None:
    """Take ``el`` and all it holds out, keeping the text after it (its tail) where it stood."""
    parent, tail = el.getparent(), el.tail
    if tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _close(details) -> None:
    """A closed ``<details>``: its first ``<summary>`` alone is drawn (with no summary a browser draws
    "Details", which no text here holds: then nothing of it is kept)."""
    summary = next((child for child in details if _local(child) == "summary"), None)
    details.text = None
    for child in list(details):
        if child is not summary:
            details.remove(child)
    if summary is not None:
        summary.tail = None
