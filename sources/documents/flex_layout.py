"""Flex and grid containers as MuPDF can lay them out, before it lays the document out.

MuPDF's HTML layout knows no ``display: flex`` or ``grid`` (CSS Flexible Box Layout, CSS Grid Layout): it lays
such a box out as an inline one, so a contents page set as a browser sets it, one flex row per entry with the
title at the left and the page number at the right (``<div style="display:flex;justify-content:space-between">
<span>Introduction</span><span>1</span></div>``), was one run of text on the page and in its text layer:
"Introduction1Getting started7Installing the tools12". Here each such container is a block, as a browser lays
it out, and its items stand apart: in a row (flex's default direction, a grid's cells) a space between each item
and the next, as a reader sees them apart on one line ("Introduction 1"); in a column (``flex-direction:
column``) each item a block. Where the author's style sheet sets the display, the rule is set to a block (a
column's items too); the spaces are written into the document's text, around each item of a row that spreads
them, as the cascade of the page's sheets (``<style>`` and linked ones) and ``style`` attributes settles it
(`grid_tables`' `cascaded`): not as the items' generated content (``S > * + *::before { content: " " }``), which
took the place of an item's own (a price's "$" set by ``span::before``: "Coffee 3"). An item that takes the row's
free space (it grows, or has an ``auto`` margin) holds its neighbours apart however the row is justified: a space
on each of its sides, only where its parent is a flex or grid container: the same rule set on an element in a
paragraph keeps a word whole ("un<span class=w>break</span>able", ``.w{flex-grow:1}``, had read "un break able").
A rule whose selector holds a pseudo-element is left as it is: it is no element's box.
"""

from __future__ import annotations

import re
from typing import Callable

from sources.documents.html_tree import rewritten

_MAYBE = re.compile(r"display\s*:\s*(?:inline-)?(?:flex|grid)", re.I)
_MAYBE_LINKED = re.compile(r"display\s*:\s*(?:inline-)?(?:flex|grid)|<link\b", re.I)  # a sheet read may set it
# what `_display`, `_is_column`, `_apart` and `_growing` read of an element, as the cascade settles it
_CASCADED = ("display", "flex-direction", "flex-flow", "gap", "column-gap", "grid-gap", "grid-column-gap",
             "justify-content", "place-content", "flex", "flex-grow", "margin", "margin-left", "margin-right",
             "margin-inline", "margin-inline-start", "margin-inline-end")
_FLEX_OR_GRID = re.compile(r"^(inline-)?(flex|grid)$", re.I)
_COLUMN = re.compile(r"^column", re.I)
_IMPORTANT = {True: " !important", False: ""}
_PSEUDO_ELEMENT = re.compile(r"::|:(?:before|after|first-line|first-letter)\b", re.I)
# items a flex container blockifies as themselves (CSS Display: a list item stays one, a table a table): set as a
# plain block, a list item lost its marker and MuPDF ran the items into one line
_OWN_BLOCKS = frozenset({"li", "table"})


def flex_as_blocks(html: str, xml: bool, page_size: tuple[float, float] = (612.0, 792.0),
                   read: Callable[[str], bytes | None] | None = None) -> str:
    """``html`` with its flex and grid containers laid out as blocks whose items stand apart (see the module's
    note); the same string where there is none. ``xml``: the document is XHTML (an EPUB chapter), written back as
    XML. ``read``: the bytes of a file the page names by a relative path (its linked style sheets, which may set a
    container or an item that grows), None where it cannot be had; their ``@media`` rules are read as a screen of
    ``page_size`` (points) applies them."""
    maybe = _MAYBE_LINKED if read is not None else _MAYBE
    return rewritten(html, xml, maybe, lambda root: _as_blocks(root, read, page_size))


def css_as_blocks(css: str) -> str:
    """A style sheet's text with each rule that sets a flex or grid display set to ``block`` and followed by the
    rules that keep its items apart (see the module's note); ``css`` itself where no rule does."""
    if not _MAYBE.search(css):
        return css
    import tinycss2

    return tinycss2.serialize(_rules_as_blocks(tinycss2.parse_stylesheet(css)))


def _as_blocks(root, read, page_size: tuple[float, float]) -> bool:
    """The items that stand apart under ``root`` with a space on each side (`_items_apart`, read from the sheets
    before they change), each ``<style>`` and each element whose ``style`` sets a flex or grid
    display rewritten; whether one was."""
    import lxml.etree

    changed = _items_apart(root, read, page_size)
    for el in root.iter(lxml.etree.Element):
        tag = el.tag.rpartition("}")[2].lower() if isinstance(el.tag, str) else ""
        if tag == "style" and el.text and _MAYBE.search(el.text):
            css = css_as_blocks(el.text)
            changed |= css != el.text
            el.text = css
        style = el.get("style")
        if style and _MAYBE.search(style):
            changed |= _inline_as_block(el, style)
    return changed


def _items_apart(root, read, page_size: tuple[float, float]) -> bool:
    """Spaces written into the text around the items that stand apart (see the module's note): each item of a row
    that spreads them (`_apart`) and each item that grows (`_growing`) and whose parent is a flex or grid container,
    each as the cascade of the page's sheets and ``style`` attributes settles it (`grid_tables.cascaded`; ``read``,
    ``page_size``: its linked sheets', see `flex_as_blocks`); whether one was written. Written outside the items,
    not as their generated content: their own ``::before`` and ``::after`` are the page's (a price's "$" set by a
    plain ``span::before`` had lost to a row's ``.row > * + *::before`` space, "Coffee 3"). An element that grows
    in a paragraph or a plain block is no flex item and gets none: "un<span class=w>break</span>able" with
    ``.w{flex-grow:1}`` had read "un break able"."""
    import lxml.etree

    from sources.documents.grid_tables import cascaded, page_sheets

    sheets = page_sheets(root, read, page_size)
    if not any(_MAYBE.search(css) for css in sheets) and not any(
            _MAYBE.search(el.get("style") or "") for el in root.iter(lxml.etree.Element)):
        return False  # no flex or grid container: no item (most pages, or one linking only plain sheets)
    found = {el: _parsed(values) for el, values in cascaded(root, sheets, _CASCADED).items()}
    apart = {el for el, declarations in found.items() if (display := _display(declarations))
             and not _is_column(declarations, display) and _apart(declarations, display)}
    items = [child for el in apart for child in el if isinstance(child.tag, str)]
    items += [el for el, declarations in found.items() if el.getparent() is not None
              and _display(found.get(el.getparent(), [])) and _growing(declarations)]
    for item in items:
        _space_around(item)
    return bool(items)


def _parsed(values: dict) -> list:
    """``values`` (name -> value, `grid_tables.cascaded`'s) as tinycss2's declarations."""
    import tinycss2

    text = "; ".join(f"{name}: {value}" for name, value in values.items())
    return tinycss2.parse_blocks_contents(text, skip_whitespace=True, skip_comments=True)


def _space_around(item) -> None:
    """A space before ``item`` (ending its previous sibling's tail, or its parent's own text) and after it (starting
    its tail), where the text there does not already end or start with white space."""
    before, parent = item.getprevious(), item.getparent()
    text = parent.text if before is None else before.tail
    if not text or not text[-1].isspace():
        if before is None:
            parent.text = (text or "") + " "
        else:
            before.tail = (text or "") + " "
    if not item.tail or not item.tail[0].isspace():
        item.tail = " " + (item.tail or "")


def _inline_as_block(el, style: str) -> bool:
    """``el``, whose ``style`` attribute is ``style``, set as a block with its items apart: a space between its
    child elements in a row, each a block in a column; whether its display was a flex or grid one."""
    import tinycss2

    declarations = tinycss2.parse_blocks_contents(style, skip_whitespace=True, skip_comments=True)
    display = _display(declarations)
    if display is None:
        return False
    el.set("style", f"{style}; display: block{_IMPORTANT[display.endswith('!')]}")  # the last declaration wins
    column = _is_column(declarations, display)
    children = [child for child in el if isinstance(child.tag, str)]
    for child in children if column else ():
        if child.tag.rpartition("}")[2].lower() in _OWN_BLOCKS:
            continue
        child.set("style", f"{child.get('style') or ''}; display: block".lstrip("; "))
    apart = _apart(declarations, display) or any(_growing(tinycss2.parse_blocks_contents(
        child.get("style") or "", skip_whitespace=True, skip_comments=True)) for child in children)
    for child in children[:-1] if column or apart else ():
        if not (child.tail or "").strip() and not (child.tail or "").startswith(" "):
            child.tail = " " + (child.tail or "")
    if children and (el.text or "").strip() and not el.text[-1].isspace() and apart:
        el.text += " "  # a text item before the first element
    return True


def _rules_as_blocks(rules: list) -> list:
    """``rules`` (tinycss2's) with each flex or grid display set to block and its items' rules after it. MuPDF
    reads no at-rule's rules: those a screen applies (``@media screen``) were set in place first (`media_queries`),
    the rest stay. The spaces that keep a row's items apart are written in the document (`_items_apart`), not
    generated here: as an item's ``::before`` they took the place of the page's own ("$" before a price)."""
    import tinycss2

    out = []
    for rule in rules:
        prelude = tinycss2.serialize(rule.prelude) if rule.type == "qualified-rule" else ""
        if rule.type != "qualified-rule" or _PSEUDO_ELEMENT.search(prelude):
            out.append(rule)  # an at-rule, or no element's box
            continue
        declarations = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True)
        display = _display(declarations)
        selectors = [s.strip() for s in _top_level_split(prelude) if s.strip()]
        text = ""
        if display is None:
            out.append(rule)
        else:
            text = (f"{', '.join(selectors)} {{{tinycss2.serialize(rule.content)}; display: block"
                    f"{_IMPORTANT[display.endswith('!')]} }}\n")
            if _is_column(declarations, display):
                text += f"{', '.join(s + ' > *' for s in selectors)} {{ display: block }}\n"
        if text:
            out.extend(tinycss2.parse_component_value_list(text))
    return out


def _growing(declarations: list) -> bool:
    """Whether ``declarations`` (tinycss2's) make a flex item take its row's free space: a ``flex-grow`` above 0,
    a ``flex`` shorthand growing ("1", "auto", "2 1 0", a basis alone, "10em", which grows by 1; not "none",
    "initial", "0 0 auto"), or an ``auto`` left or right margin, the ``margin`` shorthand's too ("0 0 0 auto", a
    footer's last link pushed right; "0 auto"). Such an item stands its neighbours apart however the row is
    justified: a contents entry's leader drawn as a growing item's dotted border (``.dots{flex:1;border-bottom:1px
    dotted}``) between the title and the page, which read "Introduction1" with no space for it."""
    import tinycss2

    for d in declarations:
        if d.type != "declaration":
            continue
        value = tinycss2.serialize(d.value).strip().lower()
        first = value.split()[0] if value else ""
        if d.lower_name in ("flex", "flex-grow") and (first == "auto" or re.fullmatch(r"\d*\.?\d+", first)
                                                      and float(first) > 0):
            return True
        if d.lower_name == "flex" and re.fullmatch(r"\d*\.?\d+(?:%|[a-z]+)", value):  # "flex: 10em" is "1 1 10em"
            return True
        if d.lower_name in ("margin-left", "margin-right", "margin-inline-start", "margin-inline-end") \
                and first == "auto":
            return True
        sides = value.split()
        if d.lower_name == "margin" and 1 <= len(sides) <= 4 and "auto" in (sides[1:2] or sides) + sides[3:] \
                or d.lower_name == "margin-inline" and "auto" in sides:
            return True  # "margin: t r b l", "t lr b", "tb lr", "all": the right one second, the left fourth
    return False


def _display(declarations: list) -> str | None:
    """The last ``display`` of ``declarations`` (tinycss2's) where it is a flex or grid one, else None; ending in
    "!" where it is ``!important`` (the block then is too: a plain one loses to it, an author's important one
    elsewhere is kept)."""
    import tinycss2

    values = [tinycss2.serialize(d.value).strip().lower() + "!" * d.important for d in declarations
              if d.type == "declaration" and d.lower_name == "display"]
    return values[-1] if values and _FLEX_OR_GRID.match(values[-1].rstrip("!")) else None


def _is_column(declarations: list, display: str) -> bool:
    """Whether a flex container's items stack (``flex-direction: column``, or ``flex-flow`` starting so); a grid's
    cells stand in a row."""
    import tinycss2

    directions = [tinycss2.serialize(d.value).strip() for d in declarations
                  if d.type == "declaration" and d.lower_name in ("flex-direction", "flex-flow")]
    return "flex" in display and bool(directions) and bool(_COLUMN.match(directions[-1]))


def _apart(declarations: list, display: str) -> bool:
    """Whether a row's items stand apart where the browser sets them: a grid's cells fill their tracks, a flex row's
    items are spaced only by a ``gap`` or a ``justify-content`` that spreads them ("space-between"). With neither
    they touch, and the row reads as one run: "$19.99" (``<span>$</span><span>19</span>...``), "Download"."""
    import tinycss2

    if "grid" in display:
        return True
    for d in declarations:
        value = tinycss2.serialize(d.value).strip().lower() if d.type == "declaration" else ""
        if d.type == "declaration" and d.lower_name in ("gap", "column-gap", "grid-gap", "grid-column-gap") \
                and not re.fullmatch(r"(0[a-z%]*|normal)(\s.*)?", value.split()[-1] if value else "0"):
            return True
        if d.type == "declaration" and d.lower_name in ("justify-content", "place-content") and "space-" in value:
            return True
    return False


def _top_level_split(selectors: str) -> list[str]:
    """A selector list split at its commas outside parentheses (``:is(a, b)`` stays one)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(selectors):
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(selectors[start:i])
            start = i + 1
    return parts + [selectors[start:]]
