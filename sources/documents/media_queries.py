"""Style sheets' media rules as a browser showing the page on a screen applies them, before MuPDF lays a page out.

MuPDF's CSS reads no at-rule's rules and no sheet's ``media``: a rule inside ``@media screen { ... }`` was never
applied (a flex row set there ran its items together, "AlphaBeta"), while a sheet a page gives only for print
(``<style media="print">``, ``<link rel="stylesheet" media="print">``) was applied as any other (its
``display: none`` took what the screen shows out of the page). The medium taken is a screen of the page's size:
the page image is what a reader sees, and reading systems lay an EPUB out as ``screen`` (an HTML file is shown the
same way, not printed). A media query holds where its type is ``screen`` or ``all`` (or none) and each of its
features holds for such a screen: ``width`` and ``height`` (with ``min-``/``max-``, or as a range, ``(width >=
600px)``) the page's, in CSS pixels (96 an inch, the page's points times 4/3), ``orientation``, ``aspect-ratio``,
``color`` (a colour page), ``monochrome`` (0), ``prefers-color-scheme: light``, ``prefers-reduced-motion`` and
``prefers-contrast: no-preference``, ``hover`` and ``pointer: none`` (a page cannot be pointed at). A feature it
does not know, or a query it cannot read, holds for no screen (as Media Queries 4 has a browser read what it does
not know: "not all"), so its rules stay unapplied, as they were. A held ``@media`` rule's rules are set in its
place (the cascade keeps their order); one that does not hold, and a sheet whose ``media`` does not, is taken
out (MuPDF would apply the sheet). An ``@supports`` rule, which MuPDF reads no more than ``@media``, is set in
place where a current browser is known to support what it asks (`feature_queries`), and taken out otherwise.
"""

from __future__ import annotations

import functools
import re

from sources.documents.feature_queries import supported
from sources.documents.hidden_html import take_out
from sources.documents.html_tree import rewritten

_MAYBE = re.compile(r"@media|@supports|\bmedia\s*=", re.I)
_AT_RULES = ("@media", "@supports")  # the conditional rules MuPDF reads none of
_CSS_PX_PER_PT = 4 / 3
_UNITS = {"px": 1.0, "pt": _CSS_PX_PER_PT, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6,
          "em": 16.0, "rem": 16.0}  # em in a media query is the initial font size, 16px
_SCREEN_TYPES = frozenset({"", "all", "screen"})
_FIXED = {"prefers-color-scheme": "light", "prefers-reduced-motion": "no-preference",
          "prefers-contrast": "no-preference", "hover": "none", "any-hover": "none", "pointer": "none",
          "any-pointer": "none", "scan": "progressive", "grid": "0", "monochrome": "0", "color": "8"}
_CONDITION = re.compile(r"^\(\s*([^()]*?)\s*\)$", re.S)
_RANGE = re.compile(r"^([^<>=]+?)\s*(<=|>=|<|>|=)\s*([^<>=]+?)(?:\s*(<=|>=|<|>|=)\s*([^<>=]+?))?$")


def screen_styles(html: str, xml: bool, page_size: tuple[float, float]) -> str:
    """``html`` with its ``<style>`` sheets' held ``@media`` rules set in place and the sheets (``<style>``, a
    ``<link rel="stylesheet">``) whose ``media`` does not hold taken out, for a screen of ``page_size`` (points;
    see the module's note); the same string where nothing changes. ``xml``: XHTML, written back as XML."""
    return rewritten(html, xml, _MAYBE, lambda root: _screen_sheets(root, page_size))


@functools.lru_cache(maxsize=64)  # one linked sheet is read for every chapter of a book
def screen_css(css: str, page_size: tuple[float, float]) -> str:
    """A style sheet's text with each ``@media`` rule that holds for a screen of ``page_size`` (points) replaced
    by its rules and each that does not left out; ``css`` itself where it has no ``@media`` rule."""
    if not any(at in css.lower() for at in _AT_RULES):
        return css
    import tinycss2

    return tinycss2.serialize(_held_rules(tinycss2.parse_stylesheet(css), page_size))


def holds(media: str, page_size: tuple[float, float]) -> bool:
    """Whether the media query list ``media`` (``"screen and (max-width: 600px), print"``) holds for a screen of
    ``page_size`` (width and height in points); an empty list holds (every medium)."""
    import tinycss2

    queries = [""]  # split at its commas outside parentheses
    for token in tinycss2.parse_component_value_list(media.strip().lower()):
        if token.type == "literal" and token.value == ",":
            queries.append("")
        else:
            queries[-1] += tinycss2.serialize([token])
    return any(_query_holds(" ".join(q.split()), page_size) for q in queries)


def _screen_sheets(root, page_size: tuple[float, float]) -> bool:
    import lxml.etree

    changed = False
    for el in list(root.iter(lxml.etree.Element)):
        tag = el.tag.rpartition("}")[2].lower() if isinstance(el.tag, str) else ""
        is_sheet = tag == "style" or tag == "link" and "stylesheet" in (el.get("rel") or "").lower().split()
        if is_sheet and el.get("media") is not None and not holds(el.get("media"), page_size):
            take_out(el)  # the text after it kept where it stood (a sheet linked inside the body)
            changed = True
        elif tag == "style" and el.text and any(at in el.text.lower() for at in _AT_RULES):
            css = screen_css(el.text, page_size)
            changed |= css != el.text
            el.text = css
    return changed


def _held_rules(rules: list, page_size: tuple[float, float]) -> list:
    import tinycss2

    out = []
    for rule in rules:
        if rule.type != "at-rule" or rule.lower_at_keyword not in ("media", "supports"):
            out.append(rule)
        elif rule.content is not None and (holds if rule.lower_at_keyword == "media" else _supported)(
                tinycss2.serialize(rule.prelude), page_size):
            out.extend(_held_rules(tinycss2.parse_rule_list(rule.content), page_size))  # nested ones too
    return out


def _supported(condition: str, page_size: tuple[float, float]) -> bool:
    """Whether an ``@supports`` condition is known to hold for a current browser (`feature_queries`); the page's
    size asks nothing of it."""
    return supported(condition) is True


def _query_holds(query: str, page_size: tuple[float, float]) -> bool:
    """Whether one media query (``only screen and (min-width: 40em)``, lower-cased) holds; False where it cannot
    be read or names a feature this module does not know."""
    prefix, _, rest = query.partition(" ") if query.startswith(("only ", "not ")) else ("", "", query)
    media_type, _, conditions = ("", "", rest) if rest.startswith("(") else rest.partition(" ")
    conditions = conditions.strip()
    if conditions and not rest.startswith("("):
        if not conditions.startswith("and "):
            return False
        conditions = conditions[4:].strip()
    parts = re.split(r"\)\s*and\s*\(", conditions) if conditions else []
    parts = [("(" if i else "") + p + (")" if i < len(parts) - 1 else "") for i, p in enumerate(parts)]
    features = [_feature_holds(p, page_size) for p in parts]
    if None in features:
        return False  # unknown: "not all", whatever ``not`` says
    held = media_type in _SCREEN_TYPES and all(features)
    return not held if prefix == "not" else held


def _feature_holds(condition: str, page_size: tuple[float, float]) -> bool | None:
    """Whether one ``(feature: value)`` holds; None where it is not one this module knows or cannot be read."""
    match = _CONDITION.match(condition.strip())
    if not match:
        return None
    body = match.group(1)
    width, height = page_size[0] * _CSS_PX_PER_PT, page_size[1] * _CSS_PX_PER_PT
    sizes = {"width": width, "height": height, "aspect-ratio": width / height,
             "device-width": width, "device-height": height, "device-aspect-ratio": width / height}
    if ":" in body:
        name, _, value = (part.strip() for part in body.partition(":"))
        bound, _, feature = name.partition("-") if name[:4] in ("min-", "max-") else ("", "", name)
        if feature in sizes:
            number = _number(value, feature)
            if number is None:
                return None
            actual = sizes[feature]
            return actual >= number if bound == "min" else actual <= number if bound == "max" else \
                abs(actual - number) < 1e-6
        if name == "orientation":
            return value == ("portrait" if height >= width else "landscape")
        if feature in ("color", "monochrome") and value.isdigit():
            actual = int(_FIXED[feature])
            return actual >= int(value) if bound == "min" else actual <= int(value) if bound == "max" else \
                actual == int(value)
        return value == _FIXED[name] if name in _FIXED else None
    if body in _FIXED:  # a boolean feature: held where its value is not none or 0
        return _FIXED[body] not in ("none", "0")
    if body in sizes:
        return True
    return _range_holds(body, sizes)


def _range_holds(body: str, sizes: dict) -> bool | None:
    """A range condition, ``width >= 600px`` or ``400px <= width < 700px``; None where it cannot be read."""
    match = _RANGE.match(body)
    if not match:
        return None
    first, op1, second, op2, third = match.groups()
    if first.strip() in sizes:
        feature, value = first.strip(), _number(second, first.strip())
        return None if value is None or op2 else _compare(sizes[feature], op1, value)
    feature = second.strip()
    low = _number(first, feature)
    if feature not in sizes or low is None:
        return None
    held = _compare(low, op1, sizes[feature])
    if op2:
        high = _number(third, feature)
        return None if high is None else held and _compare(sizes[feature], op2, high)
    return held


def _compare(a: float, op: str, b: float) -> bool:
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "=": abs(a - b) < 1e-6}[op]


def length_points(length: str) -> float | None:
    """A CSS length (``"250px"``, ``"2in"``, ``"10em"``: em the initial font size, 16px) in points; None where it is
    no absolute length or em."""
    px = _number(length, "width")
    return None if px is None else px / _CSS_PX_PER_PT


def _number(value: str, feature: str) -> float | None:
    """A length in CSS pixels, or a ratio ("16/9") for an aspect ratio; None where it is neither."""
    value = value.strip()
    if "aspect-ratio" in feature:
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:/\s*(\d+(?:\.\d+)?))?", value)
        return float(match.group(1)) / float(match.group(2) or 1) if match and float(match.group(2) or 1) else None
    match = re.fullmatch(r"(-?\d+(?:\.\d+)?|-?\.\d+)([a-z]*)", value)
    if not match or (match.group(2) not in _UNITS and not (match.group(2) == "" and float(match.group(1)) == 0)):
        return None
    return float(match.group(1)) * _UNITS.get(match.group(2), 1.0)
