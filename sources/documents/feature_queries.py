"""CSS feature queries (``@supports``) as the browser the page is read for answers them, before MuPDF lays it out.

MuPDF's CSS reads no ``@supports`` rule: its rules were never applied, though every browser applies ``@supports
(display: grid) { ... }`` (a page's grid of cards, set only there over a plain fallback, ran its cells together
as one paragraph), and a fallback kept for old browsers (``@supports not (display: grid)``) stays unapplied, as it
did. The page is read as a current browser shows it (`media_queries`), so a condition holds where such a browser
supports what it names: a ``display`` value of CSS Display 3 (with ``flex``, ``grid``, their inline kinds,
``contents``, ``flow-root``), or one of the layout properties a current browser has (`_PROPERTIES`, any value:
``gap``, ``grid-template-columns``, ``position: sticky``...), combined with ``not``, ``and`` and ``or`` as CSS
Conditional 3 combines them. What this module does not know (another property, a ``selector()`` or
``font-tech()`` test, a condition it cannot read) is not known to hold: its rule stays unapplied, as it was, and
``not`` makes no unknown a known ("not (unknown)" holds for no page either).
"""

from __future__ import annotations

import re

# every display a current browser takes (no browser lays out "run-in"; Chromium and WebKit keep the old flexbox's)
_DISPLAYS = frozenset(
    {"block", "inline", "inline-block", "flex", "inline-flex", "grid", "inline-grid", "flow-root", "contents",
     "list-item", "none", "table", "inline-table", "table-row", "table-cell", "table-row-group",
     "table-header-group", "table-footer-group", "table-column", "table-column-group", "table-caption", "ruby",
     "ruby-text", "math", "-webkit-box", "-webkit-inline-box"})
_POSITIONS = frozenset({"static", "relative", "absolute", "fixed", "sticky"})
# layout properties every current browser has, whatever the value: feature queries on them guard grids, flex rows
# and columns with a plain fallback
_PROPERTIES = frozenset(
    {"gap", "row-gap", "column-gap", "grid-gap", "grid-template", "grid-template-columns", "grid-template-rows",
     "grid-template-areas", "grid-auto-flow", "grid-auto-rows", "grid-auto-columns", "grid-area", "grid-column",
     "grid-row", "flex", "flex-direction", "flex-wrap", "flex-flow", "flex-grow", "flex-shrink", "flex-basis",
     "justify-content", "justify-items", "justify-self", "align-items", "align-self", "align-content",
     "place-items", "place-content", "place-self", "order", "columns", "column-count", "column-width",
     "column-span", "aspect-ratio", "object-fit", "writing-mode", "white-space", "hyphens", "float", "clear",
     "width", "height", "min-width", "max-width", "margin", "padding", "box-sizing", "inset"})
_CSS_WIDE = frozenset({"inherit", "initial", "unset", "revert", "revert-layer"})


def supported(condition: str) -> bool | None:
    """Whether an ``@supports`` rule's ``condition`` (its prelude: ``(display: grid) and (gap: 1em)``, ``not
    (display: grid)``) holds for a current browser (see the module's note); None where it is not known."""
    import tinycss2

    return _condition([t for t in tinycss2.parse_component_value_list(condition)
                       if t.type not in ("whitespace", "comment")])


def _condition(tokens: list) -> bool | None:
    """A ``<supports-condition>``'s value from its tokens (whitespace and comments out); None where unknown."""
    if not tokens:
        return None
    if _keyword(tokens[0]) == "not":
        value = _in_parens(tokens[1]) if len(tokens) == 2 else None
        return None if value is None else not value
    values, joins = [_in_parens(tokens[0])], set()
    for k in range(1, len(tokens), 2):
        if k + 1 >= len(tokens) or _keyword(tokens[k]) not in ("and", "or"):
            return None
        joins.add(_keyword(tokens[k]))
        values.append(_in_parens(tokens[k + 1]))
    if len(joins) > 1:  # "a and b or c" is no condition: CSS asks for parentheses
        return None
    if joins == {"or"}:
        return True if True in values else None if None in values else False
    return False if False in values else None if None in values else True


def _in_parens(token) -> bool | None:
    """A ``<supports-in-parens>``: a nested condition, or a ``(property: value)`` declaration."""
    import tinycss2

    if token.type != "() block":
        return None  # selector(), font-tech(), font-format(): not known here
    inner = [t for t in token.content if t.type not in ("whitespace", "comment")]
    if inner and inner[0].type == "() block" or inner and _keyword(inner[0]) == "not":
        return _condition(inner)
    declaration = tinycss2.parse_one_declaration(token.content)
    if declaration.type != "declaration":
        return None
    value = " ".join(tinycss2.serialize(declaration.value).split()).lower()  # tinycss2 took out `!important`
    return _declaration(declaration.lower_name, value)


def _declaration(name: str, value: str) -> bool | None:
    """Whether a current browser takes ``name: value`` (both lower-cased); None where this module does not know."""
    if not value:
        return False
    if value in _CSS_WIDE:
        return True if name in _PROPERTIES or name in ("display", "position") else None
    if name == "display":
        words = value.split()  # the two-value syntax, "inline flex", "block flow-root"
        return value in _DISPLAYS or len(words) == 2 and all(re.fullmatch(r"[a-z-]+", w) for w in words) and \
            words[0] in ("block", "inline") and words[1] in ("flow", "flow-root", "flex", "grid", "table")
    if name == "position":
        return value in _POSITIONS
    return True if name in _PROPERTIES else None


def _keyword(token) -> str | None:
    return token.lower_value if token.type == "ident" else None
