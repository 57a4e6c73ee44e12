"""An HTML document or EPUB chapter as an lxml tree and back, for the rewrites made before MuPDF lays it out
(`mathml`, `ruby`, `html_tables`, `preformatted`, `hidden_html`, `html_images`' objects; each through
`rewritten`): read as MuPDF reads it, written back as it came (XHTML as XML with its declaration, HTML with its
doctype)."""

from __future__ import annotations

import re
from typing import Any, Callable

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def parsed(html: str, xml: bool):
    """The root element of ``html``: read as XML first when ``xml`` (XHTML, as MuPDF reads it), as HTML where
    it is not well formed (an HTML entity without its DTD); None where it holds no element ("Document is empty"
    had failed the whole read of a book with a chapter that is only a comment)."""
    import lxml.etree
    import lxml.html

    body = _XML_DECLARATION.sub("", html)  # lxml takes no encoding declaration in a str
    if xml:
        parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        try:
            return lxml.etree.fromstring(body, parser)
        except lxml.etree.XMLSyntaxError:
            pass
    try:
        return lxml.html.document_fromstring(body)
    except lxml.etree.ParserError:  # no element at all (a placeholder chapter, only a comment): nothing to change
        return None


def rewritten(html: str, xml: bool, maybe: re.Pattern, change: Callable[[Any], bool]) -> str:
    """``html`` with ``change(root)`` made to its tree (`parsed`) and written back (`written`) where ``change`` says
    it changed something; the same string where ``maybe`` finds nothing in the text (a cheap test before any parse:
    most documents hold none of what a rewrite looks for), the document holds no element, or nothing changed."""
    if not maybe.search(html):
        return html
    root = parsed(html, xml)
    if root is None:
        return html
    return written(root, html, xml) if change(root) else html


def written(root, html: str, xml: bool) -> str:
    """``root`` (from `parsed`) written back as the document ``html`` was: XHTML as XML (well formed even where
    it was read as HTML: MuPDF reads it as XML) with its declaration, HTML with its doctype."""
    import lxml.etree
    import lxml.html

    if xml:
        out = lxml.etree.tostring(root.getroottree(), encoding="unicode", method="xml")
    else:
        out = lxml.html.tostring(root, encoding="unicode", doctype=root.getroottree().docinfo.doctype or None)
    declaration = _XML_DECLARATION.match(html)
    return (declaration.group(0) if declaration and xml else "") + out


def local_name(el) -> str:
    """An element's name without its namespace or prefix, lower case: ``{ns}math`` as XML reads it, ``m:math`` as
    lxml's HTML parser keeps a prefixed name (which ``lxml.etree.QName`` refuses: "Invalid tag name 'm:math'", an
    XHTML file with an HTML entity and a prefixed element failed its whole read)."""
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rpartition("}")[2].rpartition(":")[2].lower()
