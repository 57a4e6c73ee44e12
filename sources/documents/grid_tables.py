"""CSS grids of known columns as the tables a browser shows them as, before MuPDF lays a page out.

MuPDF's HTML layout knows no ``display: grid``; `flex_layout` sets a grid as a block whose cells stand a space
apart, which reads as one run where the cells wrap or are short: an invoice set as ``.inv{display:grid;
grid-template-columns:3fr 1fr 1fr}`` came out one paragraph, "Item Qty Price Widget 2 4.00 Gadget large 1 19.50".
A browser sets such a grid's cells in rows of its columns, lined up; here the container's items are put into a
``<table>`` of that many columns (each item whole in its cell, in document order), which MuPDF lays out lined up
and the page's markdown reads as a table. Only where the columns are known: ``grid-template-columns`` a list of
track sizes (``repeat(3, 1fr)`` counted out), set in the element's ``style`` or by a rule of the page's own style
sheets (``<style>``, and the sheets a ``<link rel="stylesheet">`` names, read by the caller's reader) whose
selector is one compound selector (``div.invoice``, ``#totals``, ``.grid``): a track count that hangs on the page's
width (``repeat(auto-fill, ...)``), a flow by column, ``grid-template-areas``, an item placed by
``grid-column``/``grid-area``, or a selector with a combinator is left to `flex_layout` (cells a space apart).
"""

from __future__ import annotations

import re
from typing import Callable

from sources.documents.html_tree import rewritten

_MAYBE = re.compile(r"grid-template-columns", re.I)
_MAYBE_LINKED = re.compile(r"grid-template-columns|<link\b", re.I)
_COMPOUND = re.compile(r"^([a-zA-Z][\w-]*)?((?:[.#][\w-]+)*)$")
_PLACED = re.compile(r"grid-(?:column|row|area)\s*:", re.I)
_REPEAT = re.compile(r"repeat\(\s*(\d+)\s*,", re.I)


def grids_as_tables(html: str, xml: bool, read: Callable[[str], bytes | None] | None = None) -> str:
    """``html`` with each grid of known columns (see the module's note) holding its items in a table of those
    columns; the same string where there is none. ``read``: the bytes of a file the page names by a relative path
    (its linked style sheets), None where it cannot be had. ``xml``: XHTML, written back as XML."""
    maybe = _MAYBE_LINKED if read is not None else _MAYBE  # a linked sheet may set the grid
    return rewritten(html, xml, maybe, lambda root: _tabled(root, read))


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


def _tabled(root, read) -> bool:
    import lxml.etree

    rules = [rule for css in _sheets(root, read) for rule in _grid_rules(css)]
    changed = False
    for el in list(root.iter(lxml.etree.Element)):
        if not isinstance(el.tag, str):
            continue
        columns = _columns(el, rules)
        items = [child for child in el if isinstance(child.tag, str)]
        loose = (el.text or "").strip() or any((i.tail or "").strip() for i in items)  # text is an item too
        if columns and columns > 1 and len(items) > columns and not loose \
                and not any(_PLACED.search(i.get("style") or "") for i in items):
            _into_table(el, items, columns)
            changed = True
    return changed


def _sheets(root, read) -> list[str]:
    """The text of the page's ``<style>`` sheets and of those its ``<link rel="stylesheet">`` names, in order."""
    import lxml.etree

    out = []
    for el in root.iter(lxml.etree.Element):
        tag = el.tag.rpartition("}")[2].lower() if isinstance(el.tag, str) else ""
        if tag == "style" and el.text:
            out.append(el.text)
        elif tag == "link" and read is not None and "stylesheet" in (el.get("rel") or "").lower().split() \
                and el.get("href") and "://" not in el.get("href"):
            data = read(el.get("href").partition("#")[0])
            out.append(data.decode("utf-8", "replace") if data else "")
    return out


def _grid_rules(css: str) -> list[tuple[tuple[str, frozenset, frozenset], dict]]:
    """The rules of ``css`` (top level: `media_queries` set the held ``@media`` ones there) whose selectors
    are compound ones: ((tag, classes, ids), their grid declarations), each selector of a list apart."""
    if not _MAYBE.search(css) and "grid" not in css.lower():
        return []
    import tinycss2

    from sources.documents.flex_layout import _top_level_split

    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if rule.type != "qualified-rule":
            continue
        declarations = _grid_declarations(rule.content)
        if not declarations:
            continue
        for selector in _top_level_split(tinycss2.serialize(rule.prelude)):
            match = _COMPOUND.match(selector.strip())
            if match and selector.strip():
                parts = re.findall(r"([.#])([\w-]+)", match.group(2))
                key = ((match.group(1) or "").lower(), frozenset(n for k, n in parts if k == "."),
                       frozenset(n for k, n in parts if k == "#"))
                out.append((key, declarations))
    return out


def _grid_declarations(content) -> dict[str, str]:
    """The grid-related declarations of a rule's content (lower-cased name -> value), the last of each winning."""
    import tinycss2

    names = ("display", "grid-template-columns", "grid-template", "grid-template-areas", "grid-auto-flow", "grid")
    return {d.lower_name: tinycss2.serialize(d.value).strip() for d in
            tinycss2.parse_blocks_contents(content, skip_whitespace=True, skip_comments=True)
            if d.type == "declaration" and d.lower_name in names}


def _columns(el, rules) -> int | None:
    """How many columns ``el`` lays its items out in as a grid, from the rules that match it and then its own
    ``style`` (which wins); None where it is no grid or its columns are not known."""
    tag = el.tag.rpartition("}")[2].lower()
    classes, ids = frozenset((el.get("class") or "").split()), frozenset([el.get("id")] if el.get("id") else [])
    found: dict[str, str] = {}
    for (rule_tag, rule_classes, rule_ids), declarations in rules:
        if (not rule_tag or rule_tag == tag) and rule_classes <= classes and rule_ids <= ids:
            found.update(declarations)  # later rules win (specificity set aside: the same compound kind)
    style = el.get("style")
    if style and "grid" in style.lower():
        found.update(_grid_declarations(style))
    if not re.fullmatch(r"(inline-)?grid", found.get("display", "").lower()) \
            or found.keys() & {"grid-template", "grid-template-areas", "grid"} \
            or "column" in found.get("grid-auto-flow", "").lower():
        return None
    return track_count(found.get("grid-template-columns", ""))


def _into_table(el, items: list, columns: int) -> None:
    """``el``'s ``items`` moved into a ``<table>`` (its namespace's) of ``columns`` cells a row, set where the
    first item stood; the whitespace between items (no item in a grid) left out."""
    import lxml.etree

    namespace = el.tag.rpartition("}")[0] + "}" if el.tag.startswith("{") else ""
    table = lxml.etree.Element(f"{namespace}table", style="width: 100%; border-collapse: collapse")
    el.insert(el.index(items[0]), table)
    for start in range(0, len(items), columns):
        row = lxml.etree.SubElement(table, f"{namespace}tr")
        for item in items[start:start + columns]:
            cell = lxml.etree.SubElement(row, f"{namespace}td", style="padding: 0 0.5em 0 0; vertical-align: top")
            item.tail = None
            cell.append(item)
