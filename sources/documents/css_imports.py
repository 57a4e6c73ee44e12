"""A style sheet's ``@import`` rules read as a browser reads them: the imported sheet's rules set in their place.

MuPDF's CSS reads no ``@import`` (it stops at the rule, "syntax error"), and the page's sheets were read here for
their flex and grid rules (`flex_layout`, `grid_tables`, through `grid_tables.page_sheets`) without the sheets they
import: a flex row set by one (``<style>@import url(rows.css)</style>``, a linked sheet importing another) ran its
items together ("AlphaBeta", "Introduction 1 Getting started 7") where a browser sets them apart. The imports are
set in place in the page's ``<style>`` sheets (`imported_styles`) and in an EPUB's sheets (`epub`) before MuPDF
reads them, and in the sheets read here (`with_imports`). An ``@import`` is replaced by the text of the sheet it
names, read by the page's reader relative to the importing sheet (its own imports read in turn, each sheet once: a
cycle or a repeat adds nothing), and kept only where its media query list holds for a screen of the page's size
(`media_queries.holds`) and its ``supports()`` condition for a current browser (`feature_queries`); a ``layer``
puts its rules in a cascade layer, below the page's own, as they stand read in place before them. An ``@import``
after any rule but ``@charset``, another ``@import`` and a statement ``@layer`` is ignored, as a browser ignores it.
A sheet that cannot be had (absent, remote, a ``data:`` URL, no reader) adds nothing, as a browser that cannot
fetch it applies nothing of it.
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable

_MAYBE = re.compile(r"@import", re.I)
MAX_DEPTH = 8  # imports within imports read this deep; a browser has no limit but a cycle, which `seen` stops


def imported_styles(html: str, xml: bool, read: Callable[[str], bytes | None] | None,
                    page_size: tuple[float, float]) -> str:
    """``html`` with the sheets its ``<style>`` elements import set in place of their ``@import`` rules
    (`with_imports`; ``read``: the bytes of a file by its path relative to the page, None where it cannot be had;
    ``page_size``: points); the same string where none imports. ``xml``: XHTML, written back as XML."""
    from sources.documents.html_tree import local_name, rewritten

    def inline(root) -> bool:
        changed = False
        for el in root.iter("{*}style", "style"):
            if local_name(el) == "style" and el.text and _MAYBE.search(el.text):
                css = with_imports(el.text, "", read, page_size)
                changed |= css != el.text
                el.text = css
        return changed
    return rewritten(html, xml, _MAYBE, inline)


def with_imports(css: str, base: str, read: Callable[[str], bytes | None] | None,
                 page_size: tuple[float, float], seen: frozenset[str] = frozenset(), depth: int = 0) -> str:
    """``css`` (a sheet at ``base``, a path relative to the page, ``""`` for the page's own ``<style>``) with each
    ``@import`` rule replaced by the imported sheet's text (see the module's note; ``read``: the bytes of a file by
    its path relative to the page, None where it cannot be had; ``page_size``: points); ``css`` itself where it
    imports nothing."""
    if not _MAYBE.search(css):
        return css
    import tinycss2

    from sources.documents.media_queries import holds

    parts = []
    heading = True  # no rule but @charset, @import and a statement @layer yet: an @import after one is ignored
    for rule in tinycss2.parse_stylesheet(css):
        if rule.type != "at-rule" or rule.lower_at_keyword != "import":
            parts.append(tinycss2.serialize([rule]))
            heading = heading and (rule.type in ("whitespace", "comment", "error") or rule.type == "at-rule" and (
                rule.lower_at_keyword == "charset" or rule.lower_at_keyword == "layer" and rule.content is None))
            continue
        if not heading:
            continue  # "p { } @import url(x.css);": a browser reads no sheet of it
        prelude = [t for t in rule.prelude if t.type not in ("whitespace", "comment")]
        href = _href(prelude[0]) if prelude else None
        # a layer(name) or a bare layer puts the sheet's rules in a cascade layer, below the page's own: read in
        # place, before the page's rules, they are so; taken for a media query ("layer(base)") the sheet was dropped
        extras = [t for t in prelude[1:2] if t.type == "ident" and t.lower_value == "layer"
                  or t.type == "function" and t.lower_name == "layer"]
        condition = next((t for t in prelude[1:] if t.type == "function" and t.lower_name == "supports"), None)
        read_apart = prelude[:1] + extras + [condition]  # what is left is its media query list
        media = tinycss2.serialize([t for t in rule.prelude if all(t is not apart for apart in read_apart)])
        if condition is not None and not _supports(tinycss2.serialize(condition.arguments)):
            continue
        if media.strip() and not holds(media, page_size):
            continue
        path = _joined(base, href) if href else None
        if path is None or path in seen or depth >= MAX_DEPTH or read is None:
            continue
        data = read(path)
        if data:
            parts.append(with_imports(sheet_text(data), path, read, page_size, seen | {path},
                                      depth + 1))
    return "".join(parts)


def sheet_text(data: bytes) -> str:
    """A style sheet's bytes as its text, as a browser decodes them: UTF-8, a byte-order mark dropped (kept, it
    began the first selector, "\ufeff.row", which matched nothing, and the sheet's first rule was lost), a byte
    that is no UTF-8 replaced."""
    return data.decode("utf-8-sig", "replace")


def _supports(condition: str) -> bool:
    """Whether an ``@import``'s ``supports()`` condition holds for a current browser: a declaration
    (``display: grid``) or a condition (``not (display: grid)``); False where that is not known."""
    from sources.documents.feature_queries import supported

    return supported(f"({condition})") is True or supported(condition) is True


def _href(token) -> str | None:
    """The address an ``@import``'s first token names (``url(x.css)``, ``url("x.css")``, ``"x.css"``)."""
    if token.type in ("url", "string"):
        return token.value
    if token.type == "function" and token.lower_name == "url":
        strings = [t.value for t in token.arguments if t.type == "string"]
        return strings[0] if strings else None
    return None


def _joined(base: str, href: str) -> str | None:
    """``href`` relative to the sheet at ``base`` as a path relative to the page; None for one on another host or
    named from the root (never read: a site's root is not the file system's)."""
    href = href.partition("#")[0].partition("?")[0]
    if not href or "://" in href or href.startswith(("/", "data:")):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), href))
