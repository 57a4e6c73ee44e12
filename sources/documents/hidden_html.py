"""HTML that a browser does not draw, taken out before MuPDF lays an HTML document or EPUB chapter out.

MuPDF's HTML layout honours ``display: none`` from a style sheet or a ``style`` attribute, and does not lay out
``<script>`` or ``<style>`` (nor, in HTML, ``<template>``); but its default style sheet lacks rules the HTML
standard's rendering section gives every browser: ``[hidden] { display: none }`` (a ``<div hidden>`` and all it
holds was drawn, in the page image and its target, where a reader of the page sees nothing), a ``<dialog>``
that is not ``open``, and the contents of a closed ``<details>`` but for its ``<summary>``; in XHTML (an EPUB
chapter) MuPDF also laid out a ``<template>``'s content, which its HTML parser leaves out, and every branch of
an EPUB 3.0 ``<epub:switch>`` (a formula and its fallback) where a reading system shows one. Those are taken
out here, by parsing with lxml (XML first for XHTML, as MuPDF reads it; HTML where it is not well formed).
``aria-hidden`` hides from a screen reader only: such text is drawn, and kept.

MuPDF also drew what a browser shows in place of an element it can play or script: the fallback of a
``<video>``, ``<audio>``, ``<canvas>`` or ``<iframe>`` ("Your reader does not support video", for readers that
know no ``<video>``: every reading system with HTML5 shows the player), a ``<noscript>`` (a browser runs scripts)
and a ``<datalist>``'s suggestions; those are taken out, and a drop-down ``<select>`` is its chosen option (the
first unless one is ``selected``), where MuPDF ran every option's words together ("RedBlue"); a list box
(``multiple``, ``size`` over 1) keeps its options, a line each. An ``<object>``'s fallback is kept: MuPDF and
readers show it for an object they cannot play (one showing an image is an ``<img>`` before this:
`html_images.objects_as_images`).
"""

from __future__ import annotations

import re

from sources.documents.html_tree import local_name as _local
from sources.documents.html_tree import parsed, rewritten

# a cheap test before any parse: most documents have none of these
_MAYBE = re.compile(r"hidden|<dialog|<details|<template|switch"
                    r"|<(?:\w+:)?(?:video|audio|canvas|iframe|noscript|datalist|select)\b", re.I)
# elements whose content is a fallback a browser does not draw (it plays, draws or scripts the element)
_FALLBACK_ONLY = ("video", "audio", "canvas", "iframe")
_MATHML = "http://www.w3.org/1998/Math/MathML"


def without_hidden(html: str, xml: bool) -> str:
    """``html`` with what a browser hides taken out (see the module's note); the same string when there is
    none. ``xml``: the document is XHTML (an EPUB chapter, a .xhtml file), written back as XML."""
    return rewritten(html, xml, _MAYBE, _unhidden)


def _unhidden(root) -> bool:
    """What a browser hides under ``root`` taken out; whether there was any."""
    import lxml.etree

    elements = list(root.iter(lxml.etree.Element))
    hidden = [el for el in elements if el.get("hidden") is not None or _local(el) == "template"
              or (_local(el) == "dialog" and el.get("open") is None)]
    hidden += [case for switch in elements if _local(switch) == "switch" for case in _not_chosen(switch)]
    hidden += [el for el in elements if _local(el) in ("noscript", "datalist")]
    fallbacks = [el for el in elements if _local(el) in _FALLBACK_ONLY and (len(el) or (el.text or "").strip())]
    selects = [el for el in elements if _local(el) == "select"]
    closed = [el for el in elements if _local(el) == "details" and el.get("open") is None and _shows_more(el)]
    for select in selects:  # first: a placeholder option marked ``hidden`` is still the drop-down's text
        _shown_options(select)
    for el in hidden:
        if el.getparent() is not None:
            take_out(el)
    for el in fallbacks:
        el.text = None
        for child in list(el):
            el.remove(child)
    for details in closed:
        _close(details)
    return bool(hidden or closed or fallbacks or selects)


# what a page shows that is no text: it is drawn, so a page of it is no empty page
_DRAWN = frozenset({"img", "svg", "image", "video", "canvas", "object", "embed", "picture", "input", "math",
                    "iframe"})


# a page's chrome round its content, which a page its scripts write often draws itself: its navigation, its
# header and its footer (by name or by ARIA role)
_CHROME = frozenset({"nav", "header", "footer"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo"})


def noscript_only(html: str, xml: bool) -> bool:
    """Whether all the text ``html`` draws is inside ``<noscript>`` (a page whose scripts write its content:
    "You need to enable JavaScript to run this app."), but its chrome (`_CHROME`: a nav bar "Home About",
    a footer): a browser runs the scripts and shows neither, so no page a reader sees holds that text, and
    with it taken out (`without_hidden`) the page was laid out blank and refused as ``filtered:no_text_layer``,
    "the page has no extractable text", as if it were a scan, or its nav bar was the whole target. Nothing else
    drawn (an image, a form's field; a hidden field draws nothing) either. A ``<noscript>`` holding a style
    sheet or a script and no text holds no text."""
    import lxml.etree

    if not re.search(r"<(?:\w+:)?noscript\b", html, re.I):
        return False
    rest = parsed(html, xml)  # a fresh tree of this call's own: cut down in place
    if rest is None:
        return False
    _drop_all(rest, lambda el: _local(el) in ("script", "style", "template", "title"))
    if not "".join(t for el in rest.iter(lxml.etree.Element) if _local(el) == "noscript"
                   for t in el.itertext()).strip():
        return False
    _drop_all(rest, lambda el: _local(el) in _CHROME or _local(el) in ("noscript", "head")
              or (el.get("role") or "").strip() in _CHROME_ROLES)
    return not "".join(rest.itertext()).strip() and not any(
        _local(el) in _DRAWN and not (_local(el) == "input" and (el.get("type") or "").lower() == "hidden")
        for el in rest.iter(lxml.etree.Element))


def _drop_all(root, picks) -> None:
    """Take each element under ``root`` that ``picks`` picks out (`take_out`)."""
    import lxml.etree

    for el in [el for el in root.iter(lxml.etree.Element) if picks(el)]:
        if el.getparent() is not None:
            take_out(el)


def _not_chosen(switch) -> list:
    """The branches of an EPUB 3.0 ``<epub:switch>`` a reading system does not show: it shows the first
    ``<epub:case>`` whose ``required-namespace`` it supports (MathML, which `mathml` sets as text here) or else
    the ``<epub:default>``. MuPDF knows no switch and laid out every branch: the formula and its fallback."""
    branches = [el for el in switch if _local(el) in ("case", "default")]
    chosen = next((el for el in branches if _local(el) == "case" and el.get("required-namespace") == _MATHML),
                  next((el for el in branches if _local(el) == "default"), None))
    return [el for el in branches if el is not chosen]


def _shown_options(select) -> None:
    """A ``<select>`` as a browser draws it, as a ``<span>`` holding that text (MuPDF ran every option's text
    together): a drop-down shows its chosen option, the last marked ``selected`` (a placeholder's "Choose...",
    disabled and hidden as it may be), else the first not disabled (a disabled placeholder before them is not
    shown: the HTML standard's selectedness rule); a list box (``multiple``, or ``size`` over 1) shows as many
    options as its size, a line each (4 for ``multiple`` without one, the HTML standard's default), scrolled so
    that its last chosen option is in view, as Chromium draws it: the options below are seen only by scrolling,
    and were written as if the box showed them; an ``<optgroup>``'s label is a row of its own there. An option
    shows its ``label`` where it has one."""
    import lxml.etree

    options = [el for el in select.iter(lxml.etree.Element) if _local(el) == "option"]
    texts = [(el.get("label") or "").strip() or " ".join("".join(el.itertext()).split()) for el in options]
    size = (select.get("size") or "").strip()
    rows = int(size) if size.isdigit() and int(size) > 0 else 4 if select.get("multiple") is not None else 1
    listbox = select.get("multiple") is not None or rows > 1
    chosen = [i for i, el in enumerate(options) if el.get("selected") is not None]
    if listbox:  # a hidden option takes no row of the box; a group's label takes one, over its options
        text_of = {id(el): text for el, text in zip(options, texts)}
        drawn = [el for el in select.iter(lxml.etree.Element)
                 if _local(el) in ("option", "optgroup") and el.get("hidden") is None]
        last = max((n for n, el in enumerate(drawn) if id(el) in text_of and el.get("selected") is not None),
                   default=0)
        start = max(0, last - rows + 1)
        shown = [text_of.get(id(el), (el.get("label") or "").strip()) for el in drawn[start:start + rows]]
    else:
        enabled = [i for i, el in enumerate(options) if not _disabled(el, select)]
        index = chosen[-1] if chosen else enabled[0] if enabled else 0
        shown = texts[index:index + 1]
    tail, namespace = select.tail, select.tag.rpartition("}")[0] + "}" if select.tag.startswith("{") else ""
    for child in list(select):
        select.remove(child)
    # its style and class stay with it: a select hidden by "display: none" (a page drawing a drop-down of its
    # own) was drawn as its option's text once it became a bare span
    kept = {name: value for name, value in select.attrib.items()
            if name.rpartition("}")[2] in ("style", "class", "id", "lang", "dir")}
    select.attrib.clear()
    select.attrib.update(kept)
    select.tag = namespace + "span"
    select.text = shown[0] if shown else None
    for text in shown[1:]:
        lxml.etree.SubElement(select, namespace + "br").tail = text
    select.tail = tail


def _disabled(option, select) -> bool:
    """Whether ``option`` is disabled: its own ``disabled``, or an ``<optgroup disabled>`` round it."""
    if option.get("disabled") is not None:
        return True
    for up in option.iterancestors():
        if up is select:
            return False
        if _local(up) == "optgroup" and up.get("disabled") is not None:
            return True
    return False


def _shows_more(details) -> bool:
    """Whether a ``<details>`` holds more than its summary (text or elements) that a closed one hides."""
    return bool((details.text or "").strip()) or any(
        _local(child) != "summary" or (child.tail or "").strip() for child in details)


def take_out(el) -> None:
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
