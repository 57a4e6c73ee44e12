"""The page's HTML cut down to what draws it, as the target of "UI to code" samples.

Starts from the DOM after scripts ran (what the screenshot shows), then removes what
does not draw: scripts and event handlers, comments, frames and embeds (trackers
live there), tracking pixels, preload/prefetch links, most meta tags, and inline
base64 blobs (replaced by a short placeholder so the markup stays valid). CSS stays,
inline and in ``<style>``, because it is half of what draws the page; linked
stylesheets the page loaded are inlined (their relative URLs made absolute), so the target holds all of it. Script and
frame removal is lxml-html-clean's `Cleaner` (its ``javascript`` mode would also drop
stylesheets, so handlers and ``javascript:`` URLs are removed here in the same walk
as the blobs).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

DATA_URI = re.compile(r"data:[a-z]+/[\w.+-]+;base64,[A-Za-z0-9+/=\s]{64,}", re.I)
PLACEHOLDER = "data:,"  # an empty data URI: valid where a URL goes, zero bytes of blob
KEPT_LINKS = {"stylesheet", "icon"}
KEPT_META = {"charset", "viewport"}


def simplify_html(html: str, base_url: str = "", stylesheets: dict[str, str] | None = None,
                  scripted: bool = True) -> str:
    """Simplified, whitespace-collapsed HTML of a rendered page; ``stylesheets`` maps a linked
    stylesheet's absolute URL (its href resolved against ``base_url``) to its text, to inline it.
    ``scripted``: the page was rendered with its scripts on, so its ``<noscript>`` showed nothing and goes;
    rendered without them, what it holds was drawn and stays, unwrapped (a browser with scripts on would hide
    it inside ``<noscript>``)."""
    import lxml.etree
    import lxml.html
    from lxml_html_clean import Cleaner

    cleaner = Cleaner(scripts=True, javascript=False, comments=True, style=False, inline_style=False,
                      links=False, meta=False, page_structure=False, processing_instructions=True,
                      embedded=True, frames=True, forms=False, annoying_tags=False,
                      remove_unknown_tags=False, safe_attrs_only=False)
    tree = cleaner.clean_html(lxml.html.document_fromstring(html))
    for element in list(tree.iter("link", "meta", "img", "noscript")):
        if element.tag == "noscript" and not scripted:
            element.drop_tag()
        elif _drop(element):
            element.drop_tree()
        elif element.tag == "link" and (css := (stylesheets or {}).get(
                href := urljoin(base_url, element.get("href", "")))) is not None:
            style = lxml.html.Element("style")
            style.text = absolute_urls(css, href)
            if element.get("media"):  # a print style sheet inlined without its media would draw on screen
                style.set("media", element.get("media"))
            element.addprevious(style)
            element.drop_tree()
    for element in tree.iter(lxml.etree.Element):
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                del element.attrib[name]
            elif value.strip().lower().startswith("javascript:"):
                element.set(name, "#")
            elif "data:" in value:
                element.set(name, DATA_URI.sub(PLACEHOLDER, value))
        if element.tag == "style" and element.text and "data:" in element.text:
            element.text = DATA_URI.sub(PLACEHOLDER, element.text)
    text = lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")
    return re.sub(r">\s+<", ">\n<", re.sub(r"[ \t]+", " ", text)).strip()


def absolute_urls(css: str, base: str) -> str:
    """``css``, a linked style sheet's text, with every relative URL it names (``url()``, ``@import``,
    ``image-set()``) made absolute against ``base``, the sheet's own URL: inlined into the page they would be
    read against the page's ("../img/bg.png" of /static/css/main.css is /static/img/bg.png, not /img/bg.png
    from /page.html), and its backgrounds and fonts go missing. Fragment (an SVG filter's ``#id``) and data
    URLs stay. Tokens by tinycss2 (CSS Syntax 3); the rest of the text is written back as it was read."""
    import tinycss2
    from tinycss2.ast import FunctionBlock, StringToken, URLToken
    from tinycss2.serializer import serialize_string_value, serialize_url

    def absolute(url: str) -> str:
        return url if not url.strip() or url.startswith(("#", "data:")) else urljoin(base, url.strip())

    def walk(nodes, naming: bool) -> None:  # naming: a string here is a URL
        for node in nodes or ():
            if isinstance(node, URLToken):
                node.representation = f"url({serialize_url(absolute(node.value))})"
            elif isinstance(node, StringToken) and naming:
                node.representation = f'"{serialize_string_value(absolute(node.value))}"'
            elif isinstance(node, FunctionBlock):
                walk(node.arguments, node.lower_name in ("url", "image-set", "-webkit-image-set"))
            else:
                walk(getattr(node, "prelude", None), getattr(node, "lower_at_keyword", None) == "import")
                walk(getattr(node, "content", None), False)

    rules = tinycss2.parse_stylesheet(css)
    walk(rules, False)
    return tinycss2.serialize(rules)


def _drop(element) -> bool:
    if element.tag == "noscript":
        return True  # what shows without scripts; the screenshot had them
    if element.tag == "link":
        rels = set((element.get("rel") or "").lower().split())
        # an alternate style sheet (or one disabled) is not applied: inlined, it would draw what the page does not
        return not KEPT_LINKS & rels or "stylesheet" in rels and ("alternate" in rels or element.get("disabled") is not None)
    if element.tag == "meta":
        return not (KEPT_META & set(element.attrib) or element.get("name", "").lower() in KEPT_META)
    # img: a tracking pixel (1x1, or 0 in either side)
    return any(element.get(side, "").strip() in ("0", "1") for side in ("width", "height"))
