"""What MuPDF's HTML layout cannot show as a reader sees it, rewritten before the layout: one chain for an HTML
page and an EPUB chapter alike (`sources.documents.read`, `sources.documents.epub`)."""

from __future__ import annotations

import functools
from typing import Callable

from sources.documents.css_imports import imported_styles
from sources.documents.flex_layout import flex_as_blocks
from sources.documents.grid_tables import grids_as_tables
from sources.documents.hidden_html import without_hidden
from sources.documents.html_tables import ruled_tables
from sources.documents.mathml import linear_math
from sources.documents.media_queries import screen_styles
from sources.documents.preformatted import expanded_tabs
from sources.documents.ruby import ruby_in_parentheses


def for_layout(html: str, xml: bool, page_size: tuple[float, float],
               read: Callable[[str], bytes | None] | None = None) -> str:
    """``html`` (its images already placed: `html_images.inline_images`) with the sheets its ``<style>`` elements
    import set in place (`css_imports`: MuPDF reads no ``@import``), its style sheets' media rules as a
    screen of ``page_size`` (points) applies them (`media_queries`: MuPDF reads none), MathML set as text and scripts
    (`mathml`), ruby readings in parentheses (`ruby`), ``<table border>`` ruled (`html_tables`), a ``<pre>``'s
    tabs expanded (`preformatted`), a grid of known columns a table of them (`grid_tables`), flex and grid boxes as
    blocks whose items stand apart (`flex_layout`) and what a browser hides taken out (`hidden_html`). ``xml``: XHTML
    (an EPUB chapter), written back as XML; ``read``: the bytes of a file the page names by a relative path (its
    linked style sheets), None where it cannot be had."""
    if read is not None:
        read = functools.lru_cache(maxsize=None)(read)  # one read a sheet: imports, grids and flex rows all ask
    laid = screen_styles(imported_styles(html, xml, read, page_size), xml, page_size)
    laid = grids_as_tables(laid, xml, page_size, read)
    laid = flex_as_blocks(linear_math(laid, xml=xml), xml, page_size, read)
    laid = expanded_tabs(ruled_tables(ruby_in_parentheses(laid, xml=xml), xml=xml), xml=xml)
    return without_hidden(laid, xml=xml)
