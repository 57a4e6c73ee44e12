"""EPUB spines as readers resolve them, before MuPDF lays the book out.

Real EPUBs (the Debian live manual's, made by its build tools) list one file several times in the spine through
manifest items whose ``href`` carries a fragment (``about.xhtml#o12``). Readers open the file once; MuPDF looks
for a file named with the fragment, finds none and lays out a page of its own words instead ("ERROR: cannot
find chapter ..."): 143 of the English live manual's 331 pages. Here such spine entries are dropped when their
file is already in the spine, and otherwise point at the file itself, so the book's pages are its chapters,
each once; a spine entry of a type readers do not lay out is read through its manifest ``fallback``
(`_fallbacks`). A chapter's image the archive lacks, or an SVG one, which MuPDF drew as the text "[image]", is
taken out or drawn to PNG (`html_images`).

Each chapter is also read in the encoding it declares (its byte order mark, its XML declaration, a
``<meta>``) and handed to MuPDF as UTF-8: MuPDF decodes some encodings itself, but Shift_JIS and the other
CJK code pages through CMaps this build lacks ("unknown CMap: 90msp-H"), which failed the whole book as
corrupt. A chapter whose bytes are not the encoding it declares (or that declares none and is not UTF-8,
XML's default) refuses the book as ``filtered:broken_encoding``, the chapter and encoding named. What a
browser would not draw (a ``hidden`` element, a closed dialog or details) is taken out (`hidden_html`).

Spine items marked ``linear="no"`` are auxiliary content (EPUB 3.3, "the spine": footnotes, answer keys,
pop-up notes a reader opens from a link, outside the reading order). They are moved after the linear items,
so their pages are laid out (and written as page samples) after the book's text, and `resolved_spine` says
how many there are: the interleaved reading flow stops before them.
"""

from __future__ import annotations

import base64
import codecs
import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib

_CONTAINER = "META-INF/container.xml"
# written back with the prefixes EPUB readers expect (ElementTree would invent ns0:, ns1:)
ET.register_namespace("", "http://www.idpf.org/2007/opf")
ET.register_namespace("dc", "http://purl.org/dc/elements/1.1/")
ET.register_namespace("opf", "http://www.idpf.org/2007/opf")


def resolved_spine(data: bytes) -> tuple[bytes, int]:
    """The EPUB prepared for MuPDF (see the module's note) and how many spine items at its end are auxiliary
    (``linear="no"``). The same bytes and 0 when nothing changes, or when the archive cannot be read: opening
    it then says what is wrong. Raises `EncodingRefused` for a chapter that cannot be decoded."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            opf_path = _opf_path(book.read(_CONTAINER))
            opf = ET.fromstring(book.read(opf_path))
            resolved = _fallbacks(opf) | _resolve(opf)
            auxiliary = _auxiliary_last(opf)
            changed = _svg_spine_pages(book, opf, opf_path)
            if resolved or auxiliary or changed:
                changed[opf_path] = ET.tostring(opf, encoding="utf-8", xml_declaration=True)
            changed.update(_prepared_chapters(book, opf, opf_path))
            if not changed:
                return data, auxiliary
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as fixed:
                for info in book.infolist():
                    fixed.writestr(info, changed.get(info.filename) or book.read(info))
            return out.getvalue(), auxiliary
    # a damaged member (zlib.error), an encrypted one (RuntimeError), an unknown compression
    # (NotImplementedError): opening it then says what is wrong
    except (zipfile.BadZipFile, KeyError, ET.ParseError, ValueError, OSError, EOFError, zlib.error, RuntimeError,
            NotImplementedError):
        return data, 0


_ENCRYPTION = "META-INF/encryption.xml"
_CONTENT = (".xhtml", ".html", ".htm")  # a chapter; an encrypted font (IDPF or Adobe obfuscation) is only a font


def encrypted_chapters(data: bytes) -> list[str]:
    """The chapters (XHTML members) of the EPUB in ``data`` that ``META-INF/encryption.xml`` lists as encrypted:
    a book under DRM (Adobe ADEPT, Readium LCP), which MuPDF cannot read and lays out as pages of its own error
    text. Fonts obfuscated as EPUB allows are not counted. ``[]`` where there is none or the archive cannot be
    read (opening it then says what is wrong)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            if _ENCRYPTION not in book.namelist():
                return []
            listing = ET.fromstring(book.read(_ENCRYPTION))
    except (zipfile.BadZipFile, ET.ParseError, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError):
        return []
    members = [element.get("URI", "") for element in listing.iter() if element.tag.endswith("CipherReference")]
    return [member for member in members if member.lower().endswith(_CONTENT)]


def _opf_path(container: bytes) -> str:
    for element in ET.fromstring(container).iter():
        if element.tag.endswith("rootfile") and element.get("full-path"):
            return element.get("full-path")
    raise ValueError("no rootfile in container.xml")


_SHOWN = ("application/xhtml+xml", "text/html", "image/svg+xml")  # what a reading system lays out itself


def _fallbacks(opf: ET.Element) -> bool:
    """Point each spine entry whose item is no content document (a DTBook file, plain text, any "foreign" type
    EPUB allows in the spine with a ``fallback``) at the first item of its manifest fallback chain that is one,
    as reading systems do, in place; whether anything changed. MuPDF laid the foreign file out as if it were
    XHTML: a text file's page showed and wrote one stray word of it ("markup") where a reader shows the
    fallback chapter. An entry with no such fallback is left as it is."""
    manifest = next((e for e in opf if e.tag.endswith("manifest")), None)
    spine = next((e for e in opf if e.tag.endswith("spine")), None)
    if manifest is None or spine is None:
        return False
    items = {item.get("id"): item for item in manifest if item.tag.endswith("item")}
    changed = False
    for ref in spine:
        item, seen = items.get(ref.get("idref")), set()
        while item is not None and item.get("media-type") not in _SHOWN and item.get("fallback") not in seen:
            seen.add(item.get("fallback"))
            item = items.get(item.get("fallback"))
        if item is not None and item.get("media-type") in _SHOWN and item.get("id") != ref.get("idref"):
            ref.set("idref", item.get("id"))
            changed = True
    return changed


def _resolve(opf: ET.Element) -> bool:
    """Resolve fragment spine entries in place, and keep each file's first entry only; whether anything
    changed. A file listed again (a fragment of it first, then the file: both were laid out, the chapter
    written twice; or one item listed twice) is read once, where the spine first names it."""
    manifest = next((e for e in opf if e.tag.endswith("manifest")), None)
    spine = next((e for e in opf if e.tag.endswith("spine")), None)
    if manifest is None or spine is None:
        return False
    items = {item.get("id"): item for item in manifest if item.tag.endswith("item")}
    seen, changed = set(), False
    for ref in list(spine):
        item = items.get(ref.get("idref"))
        if item is None or not item.get("href"):
            continue
        path, _, fragment = item.get("href").partition("#")
        path = posixpath.normpath(path)
        if path in seen:
            spine.remove(ref)  # the file is already read from its first entry
            changed = True
        elif fragment:
            item.set("href", path)
            changed = True
        seen.add(path)
    return changed


def _auxiliary_last(opf: ET.Element) -> int:
    """Move the spine's ``linear="no"`` items after its linear ones (each group in its own order), in place;
    how many there are. 0 when every item is auxiliary (a book breaking the rule that one is linear): a reader
    shows it all, and so it is all read."""
    spine = next((e for e in opf if e.tag.endswith("spine")), None)
    refs = [ref for ref in (spine if spine is not None else ()) if ref.tag.endswith("itemref")]
    auxiliary = [ref for ref in refs if (ref.get("linear") or "").strip().lower() == "no"]
    if not auxiliary or len(auxiliary) == len(refs):
        return 0
    for ref in auxiliary:
        spine.remove(ref)
        spine.append(ref)
    return len(auxiliary)


def _svg_spine_pages(book: zipfile.ZipFile, opf: ET.Element, opf_path: str) -> dict[str, bytes]:
    """Spine items that are SVG images (a cover, a plate: EPUB 3 allows them) as XHTML pages showing the picture
    (member name -> new bytes; their manifest items, in ``opf``, then say XHTML). MuPDF laid an SVG spine item out
    as XHTML, its elements' text run together ("image/svg+xmlcover-final-v3Volume Two" on the page and in its
    target, a hunt after kfxgen#165); a reader shows the drawing. It is drawn to PNG as an SVG ``<img>`` is
    (`html_images`); one MuPDF cannot draw leaves an empty page."""
    from sources.documents.html_images import svg_png

    manifest = next((e for e in opf if e.tag.endswith("manifest")), None)
    spine = next((e for e in opf if e.tag.endswith("spine")), None)
    if manifest is None or spine is None:
        return {}
    in_spine = {ref.get("idref") for ref in spine}
    out = {}
    for item in manifest:
        href = (item.get("href") or "").partition("#")[0]
        if item.get("media-type") != "image/svg+xml" or item.get("id") not in in_spine or not href:
            continue
        member = posixpath.normpath(posixpath.join(posixpath.dirname(opf_path), href))
        try:
            png = svg_png(book.read(member))
        except KeyError:
            continue
        picture = f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" alt=""/>' if png else ""
        out[member] = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
                       f"<title></title></head><body>{picture}</body></html>").encode()
        item.set("media-type", "application/xhtml+xml")
    return out


def _prepared_chapters(book: zipfile.ZipFile, opf: ET.Element, opf_path: str) -> dict[str, bytes]:
    """The chapters (member name -> new bytes) that had to change for MuPDF to lay them out as a reader shows
    them: read in their declared encoding (`chapter_text`), rewritten as `html_rewrites.for_layout` does (what a
    browser hides taken out: `hidden_html.without_hidden`), images MuPDF cannot load put inline or taken out
    (`html_images.inline_images`: an image the archive lacks, or an SVG, was drawn as "[image]"), MathML set
    as text and scripts (`mathml.linear_math`: MuPDF ran a formula's tokens and its TeX annotation together),
    ruby annotations in parentheses (`ruby`: MuPDF ran a reading into its word), a ``<table border>`` ruled
    (`html_tables`: MuPDF drew no rules), a ``<pre>``'s tabs as spaces to the tab stop (`preformatted`)."""
    from sources.common.html_encoding import as_utf8
    from sources.documents.html_images import in_archive, inline_images
    from sources.documents.html_rewrites import for_layout

    manifest = next((e for e in opf if e.tag.endswith("manifest")), None)
    out = {}
    for item in manifest if manifest is not None else ():
        href = (item.get("href") or "").partition("#")[0]
        if item.get("media-type") not in ("application/xhtml+xml", "text/html") or not href:
            continue
        member = posixpath.normpath(posixpath.join(posixpath.dirname(opf_path), href))
        try:
            raw = book.read(member)
        except KeyError:
            continue  # MuPDF says what is wrong with it, as it did before
        text, recoded = chapter_text(raw, member)
        fixed = for_layout(inline_images(text, in_archive(book, member), keep_raster=True), xml=True)
        if fixed != text or recoded:
            out[member] = as_utf8(fixed, xml=True)
    return out


_DECLARED = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")


def chapter_text(raw: bytes, member: str) -> tuple[str, bool]:
    """``(text, whether it was not UTF-8)`` of a chapter: decoded by its byte order mark, else its XML
    declaration or ``<meta>`` (`html_encoding.decode_html`); undeclared, it must be UTF-8 (XML's default).
    Raises `EncodingRefused` (``filtered:broken_encoding``, naming ``member`` and the encoding) otherwise."""
    from w3lib.encoding import html_body_declared_encoding, read_bom

    from sources.common.html_encoding import EncodingRefused, decode_html

    bom = read_bom(raw)[0]
    declared = None if bom else html_body_declared_encoding(raw)
    if not bom and declared is None:
        label = _DECLARED.match(raw)
        if label and label.group(1).strip():  # a label no decoder here knows (w3lib resolves every known one)
            raise EncodingRefused("filtered:broken_encoding", f"chapter {member!r} declares the encoding "
                                  f"{label.group(1).decode('ascii', 'replace')!r}, which is not one known here")
        try:
            return raw.decode("utf-8"), False
        except UnicodeDecodeError as exc:
            raise EncodingRefused("filtered:broken_encoding", f"chapter {member!r} declares no encoding and is "
                                  f"not UTF-8, XML's default (byte {exc.start})") from None
    try:
        text, encoding = decode_html(raw)
    except EncodingRefused as exc:
        raise EncodingRefused(exc.reason, f"chapter {member!r}: {exc}") from None
    return text, codecs.lookup(encoding).name != "utf-8" or bom is not None
