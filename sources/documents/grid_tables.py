"""CSS grids of known columns as the tables a browser shows them as, before MuPDF lays a page out.

MuPDF's HTML layout knows no ``display: grid``; `flex_layout` sets a grid as a block whose cells stand a space
apart, which reads as one run where the cells wrap or are short: an invoice set as ``.inv{display:grid;
grid-template-columns:3fr 1fr 1fr}`` came out one paragraph, "Item Qty Price Widget 2 4.00 Gadget large 1 19.50".
A browser sets such a grid's cells in rows of its columns, lined up; here the container's items are put into a
``<table>`` of that many columns (each item whole in its cell, in document order), which MuPDF lays out lined up
and the page's markdown reads as a table. Only where the columns are known: ``grid-template-columns`` a list of
track sizes (``repeat(3, 1fr)`` counted out), set in the element's ``style`` or by the rules of the page's own
style sheets (``<style>``, and the sheets a ``<link rel="stylesheet">`` names, read by the caller's reader) that
match it, ranked as the cascade ranks them (importance, then the selector's specificity, then order; selectors
matched by ``cssselect``). Only where its items are cells: a grid that lays a page out (an item that holds a
block, a heading or a paragraph of prose: a sidebar and its main text, columns of paragraphs, a grid nested in
an item) is not a table. A track count that hangs on the page's width (``repeat(auto-fill, ...)``), a flow by
column, ``grid-template-areas``, or an item placed by ``grid-column``/``grid-row``/``grid-area`` (in its
``style`` or by a rule: a header spanning the columns) is left to `flex_layout` (cells a space apart).
"""

from __future__ import annotations

import functools
import re
from typing import Callable

from sources.documents.html_tree import local_name, rewritten

_MAYBE = re.compile(r"grid-template-columns", re.I)
_MAYBE_LINKED = re.compile(r"grid-template-columns|<link\b", re.I)  # a sheet read or imported may set one
_REPEAT = re.compile(r"repeat\(\s*(\d+)\s*,", re.I)
_GRID = ("display", "grid-template-columns", "grid-template", "grid-template-areas", "grid-auto-flow", "grid")
_PLACING = ("grid-column", "grid-row", "grid-area", "grid-column-start", "grid-column-end", "grid-row-start",
            "grid-row-end")
# an item holding one of these (or being one) is a block of a page's layout, not a cell: a browser's block-level
# elements, less those a cell's text is set in
_BLOCKS = frozenset({"address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figure",
                     "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p",
                     "pre", "section", "table", "ul"})
_OWN_BLOCKS = _BLOCKS - {"div", "p", "dl"}  # an item that is itself one of these (a cell's own <div>, <p>)
_UNRENDERED = frozenset({"script", "style", "template", "link", "meta", "noscript", "datalist", "title", "base"})
# the absolute and font-relative lengths MuPDF sets a cell's width in (a percentage of a table it sizes by its content
# is not what the grid meant; viewport units name no page here)
_LENGTHS = frozenset({"px", "pt", "pc", "in", "cm", "mm", "q", "em", "rem", "ex", "ch"})
PROSE_WORDS = 30  # an item of more words than this is a paragraph of prose, not a cell
FREE_TRACK = 24  # points, the least room a track that shares the free space (1fr, auto) takes: a word's
BODY_MARGINS = 24  # points, a page's body margins, left and right together (1em each, 16px)


def grids_as_tables(html: str, xml: bool, page_size: tuple[float, float],
                    read: Callable[[str], bytes | None] | None = None) -> str:
    """``html`` with each grid of known columns (see the module's note) holding its items in a table of those
    columns; the same string where there is none. ``read``: the bytes of a file the page names by a relative path
    (its linked style sheets), None where it cannot be had; their ``@media`` rules are read as a screen of
    ``page_size`` (points) applies them (`media_queries.screen_css`, as the page's ``<style>`` sheets were before
    this). ``xml``: XHTML, written back as XML."""
    maybe = _MAYBE_LINKED if read is not None else _MAYBE  # a linked sheet may set the grid
    return rewritten(html, xml, maybe, lambda root: _tabled(root, read, page_size))


def track_count(value: str) -> int | None:
    """How many columns ``grid-template-columns: value`` makes (``"3fr 1fr 1fr"``: 3, ``"repeat(2, 1fr) 80px"``:
    3, line names ``[a]`` not counted); None where it is not a plain list of tracks (``none``, ``subgrid``,
    ``repeat(auto-fill, ...)``, ``masonry``) or cannot be read."""
    import tinycss2

    count = 0
    for token in tinycss2.parse_component_value_list(value, skip_comments=True):
        if token.type in ("whitespace", "[] block"):
            continue
        if token.type == "function" and token.lower_name == "repeat":
            times = _REPEAT.match(tinycss2.serialize([token]))
            inner = tinycss2.serialize(token.arguments).partition(",")[2]
            tracks = track_count(inner)
            if not times or not tracks:
                return None
            count += int(times.group(1)) * tracks
        elif token.type in ("dimension", "percentage") or token.type == "number" and token.value == 0 \
                or token.type == "function" and token.lower_name in ("minmax", "fit-content", "calc") \
                or token.type == "ident" and token.lower_value in ("auto", "min-content", "max-content"):
            count += 1
        else:
            return None
    return count or None


def _tabled(root, read, page_size: tuple[float, float]) -> bool:
    import lxml.etree

    declared = cascaded(root, page_sheets(root, read, page_size))
    changed = False
    for el in list(root.iter(lxml.etree.Element)):
        found = declared.get(el, {})
        columns = _columns(found)
        if not columns or columns < 2:
            continue
        items, loose = _grid_items(el, declared)
        if len(items) > columns and not loose and not any(_placed(declared.get(i, {}))
                                                          or _laid_out(i) and not _card(i, declared) for i in items):
            widths = fixed_widths(found.get("grid-template-columns", ""))
            _into_table(el, items, columns, widths if _fits(widths, page_size[0]) else [])
            changed = True
    return changed


def _grid_items(el, declared: dict) -> tuple[list, bool]:
    """A grid's items (its element children the grid places) and whether text stands loose beside them (text is
    an item too: such a grid is no table)."""
    items = [child for child in el if isinstance(child.tag, str) and not _unplaced(child, declared)]
    return items, bool((el.text or "").strip() or any((item.tail or "").strip() for item in items))


def page_sheets(root, read, page_size: tuple[float, float]) -> list[str]:
    """The text of the page's ``<style>`` sheets (their imports and ``@media`` rules already read by
    `html_rewrites.for_layout`) and of those its ``<link rel="stylesheet">`` names, in order, each linked one with
    the sheets it imports set in place of its ``@import`` rules (`css_imports`: a flex row set by an imported sheet
    had run its items together, "AlphaBeta") and its ``@media`` rules as a screen of ``page_size`` applies them."""
    import lxml.etree

    from sources.documents.css_imports import sheet_text, with_imports
    from sources.documents.media_queries import screen_css

    out = []
    for el in root.iter(lxml.etree.Element):
        tag = el.tag.rpartition("}")[2].lower() if isinstance(el.tag, str) else ""
        if tag == "style" and el.text:
            out.append(el.text)  # `html_rewrites.for_layout` set its imports in place and screened it already
        elif tag == "link" and read is not None and "stylesheet" in (el.get("rel") or "").lower().split() \
                and el.get("href") and "://" not in el.get("href"):
            href = el.get("href").partition("#")[0]
            data = read(href)
            out.append(screen_css(with_imports(sheet_text(data), href, read, page_size), page_size)
                       if data else "")
    return out


def cascaded(root, sheets: list[str], names: tuple[str, ...] = _GRID + _PLACING) -> dict:
    """Each element of ``root`` that a declaration of ``names`` (lower case; the grid and placing ones unless told)
    reaches -> those declarations (lower-cased name -> value) as the cascade settles them: of the rules of
    ``sheets`` (top level: `media_queries` set the held ``@media`` ones there) whose selectors match it and of its
    own ``style``, the important ones over the rest, then the weightier selector (an element's ``style`` weighs
    most), then the later rule. A selector cssselect
    cannot read or turn into XPath (a pseudo-element, ``:hover``) matches nothing, as on a printed page."""
    import cssselect
    import lxml.etree
    import tinycss2

    ranked: dict = {}  # element -> name -> (rank, value)
    order = 0
    for css in sheets:
        for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
            declarations = _declarations(rule.content, names) if rule.type == "qualified-rule" else []
            if not declarations:
                continue
            try:
                selectors = cssselect.parse(tinycss2.serialize(rule.prelude))
            except cssselect.SelectorError:
                continue
            for selector in selectors:
                try:
                    path = None if selector.pseudo_element else _translator().selector_to_xpath(selector)
                except cssselect.xpath.ExpressionError:
                    path = None
                order += 1
                for el in root.xpath(path) if path else ():
                    _rank(ranked, el, declarations, (0, *selector.specificity()), order)
    for el in root.iter(lxml.etree.Element):
        style = el.get("style")
        if style and any(name in style.lower() for name in names):
            _rank(ranked, el, _declarations(style, names), (1, 0, 0, 0), 0)
    return {el: {name: value for name, (_, value) in found.items()} for el, found in ranked.items()}


@functools.cache
def _translator():
    """cssselect's HTML translator matching a type selector by its local name (``*|div``), as an EPUB's XHTML
    elements, in the XHTML namespace, need."""
    from cssselect import HTMLTranslator

    class LocalNames(HTMLTranslator):
        def xpath_element(self, selector):
            if selector.element and not selector.namespace:
                selector.namespace = "*"
            return super().xpath_element(selector)

    return LocalNames()


def _rank(ranked: dict, el, declarations: list, specificity: tuple, order: int) -> None:
    found = ranked.setdefault(el, {})
    for name, value, important in declarations:
        rank = (important, tuple(specificity), order)
        if name not in found or found[name][0] <= rank:
            found[name] = (rank, value)


def _declarations(content, names: tuple[str, ...] = _GRID + _PLACING) -> list[tuple[str, str, bool]]:
    """The declarations of ``names`` (the grid and placing ones unless told) of a rule's content (or of a
    ``style``): (lower-cased name, value, whether ``!important``), in order."""
    import tinycss2

    return [(d.lower_name, tinycss2.serialize(d.value).strip(), d.important) for d in
            tinycss2.parse_blocks_contents(content, skip_whitespace=True, skip_comments=True)
            if d.type == "declaration" and d.lower_name in names]


def _columns(found: dict) -> int | None:
    """How many columns an element with the declarations ``found`` (`cascaded`) lays its items out in as a grid;
    None where it is no grid or its columns are not known."""
    if not re.fullmatch(r"(inline-)?grid", found.get("display", "").lower()) \
            or found.keys() & {"grid-template", "grid-template-areas", "grid"} \
            or "column" in found.get("grid-auto-flow", "").lower():
        return None
    return track_count(found.get("grid-template-columns", ""))


def _placed(found: dict) -> bool:
    """Whether an item with the declarations ``found`` is placed in the grid (a span, a line), not laid in turn."""
    return any(found.get(name, "auto").lower() != "auto" for name in _PLACING)


def _unplaced(item, declared: dict) -> bool:
    """Whether a grid's child is no item of it, as a browser renders none: a script, a style sheet, a template,
    a hidden input, an element ``hidden`` or set ``display: none``. Counted as cells, they moved every cell after
    them a column on (a form's hidden token first: "Item Qty Widget", "2 Cable 3")."""
    return local_name(item) in _UNRENDERED or item.get("hidden") is not None \
        or local_name(item) == "input" and (item.get("type") or "").lower() == "hidden" \
        or declared.get(item, {}).get("display", "").lower().startswith("none")


def _laid_out(item) -> bool:
    """Whether a grid's ``item`` is a block of a page's layout, not a cell: a sectioning element or a heading, one
    holding a block (a paragraph, a list, a nested grid's box), or a paragraph of prose (`PROSE_WORDS`)."""
    import lxml.etree

    if local_name(item) in _OWN_BLOCKS or len((item.xpath("string()") or "").split()) > PROSE_WORDS:
        return True
    return any(local_name(el) in _BLOCKS for el in item.iterdescendants(lxml.etree.Element))


def _card(item, declared: dict) -> bool:
    """Whether a grid's ``item`` is a card: a grid of known columns whose items are cells on two rows or more (a
    card's labels and their values), or a frame holding only such a card (a wrapper ``<div>`` with no text of its
    own, its border drawn around the card's grid). Taken for a block of the page's layout, a grid of such framed
    cards was set as blocks one under another, and each card read as one paragraph, "Name Alice Smith Role Engineer
    Team Storage", where cards side by side are a table a card (`borderless_tables.records`). A grid of one row is
    a media object (a product's picture or title beside its text): taken for a card, a gallery of them was a table
    whose cards were read down its columns, the first and third before the second."""
    el = item
    while True:
        kids, loose = _grid_items(el, declared)
        columns = _columns(declared.get(el, {}))
        if columns and columns >= 2:  # two rows of cells at the least, as a grid made a table (`_tabled`) has
            return len(kids) > columns and not loose and not any(
                _placed(declared.get(kid, {})) or _laid_out(kid) for kid in kids)
        if len(kids) != 1 or loose or local_name(kids[0]) != "div":
            return False
        el = kids[0]


def fixed_widths(value: str) -> list[str | None]:
    """Each column's width where ``grid-template-columns: value`` fixes it as a length (``"5em 1fr"``:
    ``["5em", None]``; ``repeat()`` counted out), None for a track that shares the free space or fits its content
    (``fr``, ``auto``, ``minmax()``); ``[]`` where the list cannot be read (`track_count`)."""
    import tinycss2

    widths: list[str | None] = []
    for token in tinycss2.parse_component_value_list(value, skip_comments=True):
        if token.type in ("whitespace", "[] block"):
            continue
        if token.type == "function" and token.lower_name == "repeat":
            times = _REPEAT.match(tinycss2.serialize([token]))
            inner = fixed_widths(tinycss2.serialize(token.arguments).partition(",")[2])
            if not times or not inner:
                return []
            widths += inner * int(times.group(1))
        elif token.type == "dimension" and token.lower_unit in _LENGTHS:
            widths.append(tinycss2.serialize([token]))
        else:
            widths.append(None)
    return widths


def _fits(widths: list[str | None], page_width: float) -> bool:
    """Whether the columns ``widths`` fixes (`fixed_widths`), with room for a word in each that it does not, fit
    a page ``page_width`` points wide within its body's margins. A grid of tracks fixed wider than the page was a
    table as wide: MuPDF set its last columns past the page's edge, and they were lost from it ("|Item|Qty|" of a
    bill's four columns) or the page was refused as cut; laid out by its content, the table fits."""
    from sources.documents.media_queries import length_points

    fixed = [length_points(width) for width in widths if width]
    if any(points is None for points in fixed):
        return False  # a length in ex or ch: its size is not known here
    return sum(fixed) + FREE_TRACK * widths.count(None) <= page_width - BODY_MARGINS


def _into_table(el, items: list, columns: int, widths: list[str | None] = ()) -> None:
    """``el``'s ``items`` moved into a ``<table>`` (its namespace's) of ``columns`` cells a row, set where the
    first item stood, a cell as wide as ``widths`` (`fixed_widths`) fixes its column: laid out by its content,
    a column of labels fixed at ``5em`` was as narrow as its words and MuPDF ran a label into its value, "Name Alice
    Smith"; the whitespace between items (no item in a grid) left out."""
    import lxml.etree

    namespace = el.tag.rpartition("}")[0] + "}" if el.tag.startswith("{") else ""
    table = lxml.etree.Element(f"{namespace}table", style="width: 100%; border-collapse: collapse")
    el.insert(el.index(items[0]), table)
    for start in range(0, len(items), columns):
        row = lxml.etree.SubElement(table, f"{namespace}tr")
        for item in items[start:start + columns]:
            width = widths[len(row)] if len(widths) == columns else None
            cell = lxml.etree.SubElement(row, f"{namespace}td", style="padding: 0 0.5em 0 0; vertical-align: top"
                                         + (f"; width: {width}" if width else ""))
            item.tail = None
            cell.append(item)
