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

A book whose container or package document is missing or not XML, or whose spine lists nothing, is refused as
``error:open:broken_package`` naming the fault (MuPDF said "Failed to open stream" or "no pages" whatever it
was); a package a reader reads despite its XML (an HTML entity in a title) is read leniently and prepared as any
other. A spine entry naming no manifest item, which MuPDF skipped without a word, is said (`resolved_spine`),
and the chapter after it is a hole's far side (``holes``): an interleaved part ends there.
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
from typing import NamedTuple

from shards.reject import ReasonError

_CONTAINER = "META-INF/container.xml"
# written back with the prefixes EPUB readers expect (ElementTree would invent ns0:, ns1:)
ET.register_namespace("", "http://www.idpf.org/2007/opf")
ET.register_namespace("dc", "http://purl.org/dc/elements/1.1/")
ET.register_namespace("opf", "http://www.idpf.org/2007/opf")


class PreparedBook(NamedTuple):
    """An EPUB prepared for MuPDF (`resolved_spine`)."""

    data: bytes  # the book's bytes, changed where MuPDF would not lay it out as a reader shows it
    auxiliary: int  # how many spine items at its end are auxiliary (``linear="no"``)
    lost: list[tuple[int, str]]  # (1-based spine position, why) of each spine entry that names no chapter
    # the chapters (0-based, in the order MuPDF lays them out) that such an entry stands right before: a hole in the
    # reading flow, which an interleaved part does not run across
    holes: tuple[int, ...] = ()
    # the chapters (0-based, as ``holes``) whose text is all inside <noscript> (`hidden_html.noscript_only`): a
    # reading system running the chapter's scripts shows none of it, and it was laid out blank, refused as
    # ``filtered:no_text_layer`` as if it were a scan
    noscript: tuple[int, ...] = ()


def resolved_spine(data: bytes, page_size: tuple[float, float]) -> PreparedBook:
    """The EPUB prepared for MuPDF (see the module's note), how many spine items at its end are auxiliary
    (``linear="no"``) and the spine entries that name no chapter (an ``idref`` the manifest lacks: MuPDF skipped
    such an entry without a word, and the book was read with a hole in it). The same bytes when nothing
    changes, or when the archive itself cannot be read (not a zip, a damaged or encrypted member): opening it
    then says what is wrong. Raises `ReasonError`: ``error:open:broken_package`` where the container or package
    document is missing or not XML (read leniently: `_lenient_xml`), or the package has no spine items, naming
    what is wrong (MuPDF said only "Failed to open stream" or "no pages", whatever the fault; the caller opens
    the book as it is and gives this reason where MuPDF cannot read it either); `EncodingRefused` for a chapter
    that cannot be decoded."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return PreparedBook(data, 0, [])
    try:
        with book:
            opf_path, opf = _package(book)
            lost = _lost_entries(opf)
            spine = next((e for e in opf if e.tag.endswith("spine")), ())
            lost_refs = [ref for ref in spine if ref.tag.endswith("itemref")]
            lost_refs = [lost_refs[position - 1] for position, _ in lost]
            resolved = _fallbacks(opf) | _resolve(opf)
            auxiliary = _auxiliary_last(opf)
            holes = _holes(spine, lost_refs)
            changed = _svg_spine_pages(book, opf, opf_path)
            if resolved or auxiliary or changed:
                changed[opf_path] = ET.tostring(opf, encoding="utf-8", xml_declaration=True)
            scripted: set[str] = set()  # chapters all in <noscript>, found as `_prepared_chapters` reads them
            changed.update(_prepared_chapters(book, opf, opf_path, scripted, page_size))
            noscript = _noscript_chapters(opf, opf_path, scripted)
            if not changed:
                return PreparedBook(data, auxiliary, lost, holes, noscript)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as fixed:
                for info in book.infolist():
                    fixed.writestr(info, changed.get(info.filename) or _read(book, info))
            return PreparedBook(out.getvalue(), auxiliary, lost, holes, noscript)
    except DamagedMember:  # what went wrong otherwise (a rewrite's bug) is raised: the input's reject names it
        return PreparedBook(data, 0, [])


_BROKEN = "error:open:broken_package"
# what zipfile raises for a damaged member: a bad CRC or header (BadZipFile, ValueError "negative seek value"),
# bad deflate data (zlib.error), an encrypted member (RuntimeError), an unknown compression (NotImplementedError)
_DAMAGE = (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError, OSError, ValueError)


class DamagedMember(Exception):
    """A member of the archive that cannot be read (`_DAMAGE`); MuPDF then says what is wrong with the book."""


def _read(book: zipfile.ZipFile, member) -> bytes:
    """The bytes of ``member`` (a name or a ``ZipInfo``); raises KeyError where the archive lacks it and
    `DamagedMember` where it cannot be read."""
    try:
        return book.read(member)
    except KeyError:
        raise
    except _DAMAGE as exc:
        raise DamagedMember(str(getattr(member, "filename", member))) from exc


def package_fault(data: bytes) -> ReasonError | None:
    """What is wrong with the container or package document of the EPUB in ``data``, read strictly (a reason to
    give where MuPDF cannot open a book whose package `resolved_spine` could read leniently: a package cut short
    was "Failed to open stream"); None where nothing is, or the archive cannot be read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            _package(book, strict=True)
    except ReasonError as exc:
        return exc
    except (DamagedMember, *_DAMAGE):
        return None
    return None


def _package(book: zipfile.ZipFile, strict: bool = False) -> tuple[str, ET.Element]:
    """``(path, root)`` of the book's package document (OPF), as ``META-INF/container.xml`` names it, both read
    leniently (`_lenient_xml`) unless ``strict``. Raises `ReasonError` (``error:open:broken_package``) naming
    what is missing or malformed, and where the package's spine lists no items."""
    try:
        container = _lenient_xml(_read(book, _CONTAINER), _CONTAINER, strict)
    except KeyError:
        raise ReasonError(_BROKEN, f"the archive has no {_CONTAINER}") from None
    opf_path = next((el.get("full-path") for el in container.iter()
                     if el.tag.endswith("rootfile") and el.get("full-path")), None)
    if opf_path is None:
        raise ReasonError(_BROKEN, f"{_CONTAINER} names no package document (no rootfile with a full-path)")
    try:
        opf = _lenient_xml(_read(book, opf_path), f"the package document {opf_path!r}", strict)
    except KeyError:
        raise ReasonError(_BROKEN, f"the package document {opf_path!r} that {_CONTAINER} names is not in the "
                                   "archive") from None
    spine = next((e for e in opf if e.tag.endswith("spine")), None)
    if spine is None or not any(ref.tag.endswith("itemref") for ref in spine):
        raise ReasonError(_BROKEN, f"the package document {opf_path!r} has "
                                   f"{'no spine' if spine is None else 'a spine with no items'}: no reading order")
    return opf_path, opf


def _lenient_xml(raw: bytes, what: str, strict: bool = False) -> ET.Element:
    """``raw`` read as XML, leniently as MuPDF and readers read a package (an HTML entity, a bare "&" in a title:
    MuPDF laid such books out, and so they are prepared as any other) unless ``strict``; raises `ReasonError`
    naming ``what`` where no element can be read from it (strictly: where it is not well formed)."""
    import lxml.etree

    try:
        return ET.fromstring(raw)
    except ET.ParseError as exc:
        if strict:
            raise ReasonError(_BROKEN, f"{what} is not well-formed XML: {exc}") from None
        fault = exc
    parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = lxml.etree.fromstring(raw, parser)
    except lxml.etree.XMLSyntaxError:
        root = None
    if root is None:
        raise ReasonError(_BROKEN, f"{what} is not XML: {fault}")
    for entity in list(root.iter(lxml.etree.Entity)):  # an entity the package cannot define: not its text
        _drop_node(entity)
    # built element by element, not written and parsed again: a prefix the package never declares ("opf:meta",
    # "opf:role" where only the default namespace is), which lxml recovers as part of the name, is no XML to
    # ElementTree's parser, and the book MuPDF reads was raised on ("unbound prefix")
    return _as_element(root)


def _as_element(node) -> ET.Element:
    """The lxml element ``node`` and what it holds as an ElementTree element (comments and processing
    instructions left out, the text after them kept)."""
    element = ET.Element(node.tag, dict(node.attrib))
    element.text, element.tail = node.text, node.tail
    for child in node:
        if isinstance(child.tag, str):
            element.append(_as_element(child))
        elif child.tail and len(element):
            element[-1].tail = (element[-1].tail or "") + child.tail
        elif child.tail:
            element.text = (element.text or "") + child.tail
    return element


def _drop_node(node) -> None:
    """Take ``node`` out of its lxml tree, keeping the text after it."""
    parent, previous = node.getparent(), node.getprevious()
    if node.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _lost_entries(opf: ET.Element) -> list[tuple[int, str]]:
    """``(1-based spine position, why)`` of each spine entry that names no chapter: an ``idref`` no manifest item
    has, or an item without an ``href``."""
    manifest = next((e for e in opf if e.tag.endswith("manifest")), None)
    spine = next((e for e in opf if e.tag.endswith("spine")), None)
    items = {item.get("id"): item for item in (manifest if manifest is not None else ()) if item.tag.endswith("item")}
    lost = []
    for position, ref in enumerate((ref for ref in spine if ref.tag.endswith("itemref")), 1):
        item = items.get(ref.get("idref"))
        if item is None:
            lost.append((position, f"spine entry {position} names idref {ref.get('idref')!r}, which no manifest item "
                                   "has"))
        elif not (item.get("href") or "").partition("#")[0]:
            lost.append((position, f"spine entry {position}: manifest item {ref.get('idref')!r} has no href"))
    return lost


def _holes(spine, lost_refs: list) -> tuple[int, ...]:
    """The chapters MuPDF lays out (0-based, in the final spine's order, which skips the ``lost_refs``) that a lost
    entry stands right before; none before the first chapter."""
    holes, chapter = set(), 0
    for ref in (ref for ref in spine if ref.tag.endswith("itemref")):
        if any(ref is lost for lost in lost_refs):
            if chapter:
                holes.add(chapter)
        else:
            chapter += 1
    return tuple(sorted(holes))

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
            png = svg_png(_read(book, member))
        except KeyError:
            continue
        picture = f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" alt=""/>' if png else ""
        out[member] = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
                       f"<title></title></head><body>{picture}</body></html>").encode()
        item.set("media-type", "application/xhtml+xml")
    return out


def _prepared_chapters(book: zipfile.ZipFile, opf: ET.Element, opf_path: str, scripted: set[str],
                       page_size: tuple[float, float]) -> dict[str, bytes]:
    """The chapters (member name -> new bytes) that had to change for MuPDF to lay them out as a reader shows
    them: read in their declared encoding (`chapter_text`), rewritten as `html_rewrites.for_layout` does (what a
    browser hides taken out: `hidden_html.without_hidden`), images MuPDF cannot load put inline or taken out
    (`html_images.inline_images`: an image the archive lacks, or an SVG, was drawn as "[image]"), MathML set
    as text and scripts (`mathml.linear_math`: MuPDF ran a formula's tokens and its TeX annotation together),
    ruby annotations in parentheses (`ruby`: MuPDF ran a reading into its word), a ``<table border>`` ruled
    (`html_tables`: MuPDF drew no rules), a ``<pre>``'s tabs as spaces to the tab stop (`preformatted`); and
    the style sheets whose flex or grid boxes MuPDF laid out inline (`flex_layout.css_as_blocks`), their media rules
    as a screen of ``page_size`` (points) applies them (`media_queries`: MuPDF reads none). Each chapter
    whose text is all inside ``<noscript>`` (`hidden_html.noscript_only`) is added to ``scripted`` (member names)."""
    from sources.common.html_encoding import as_utf8
    from sources.documents.hidden_html import noscript_only
    from sources.documents.html_images import in_archive, inline_images, objects_as_images
    from sources.documents.html_rewrites import for_layout

    manifest = next((e for e in opf if e.tag.endswith("manifest")), None)
    out = {}
    for item in manifest if manifest is not None else ():
        href = (item.get("href") or "").partition("#")[0]
        if item.get("media-type") not in ("application/xhtml+xml", "text/html", "text/css") or not href:
            continue
        member = posixpath.normpath(posixpath.join(posixpath.dirname(opf_path), href))
        if item.get("media-type") == "text/css":
            out.update(_blocks_css(book, member, page_size))
            continue
        try:
            raw = _read(book, member)
        except KeyError:
            continue  # MuPDF says what is wrong with it, as it did before
        text, recoded = chapter_text(raw, member)
        if noscript_only(text, xml=True):
            scripted.add(member)
        read = in_archive(book, member)
        # an object showing an image is an <img> first, then placed with the others
        placed = inline_images(objects_as_images(text, read, xml=True), read, keep_raster=True)
        fixed = for_layout(placed, True, page_size, read)
        if fixed != text or recoded:
            out[member] = as_utf8(fixed, xml=True)
    return out


def _blocks_css(book: zipfile.ZipFile, member: str, page_size: tuple[float, float]) -> dict[str, bytes]:
    """A style sheet's member name -> its bytes with the sheets it imports set in place (`css_imports`: MuPDF reads
    no ``@import``), its media rules as a screen of ``page_size`` (points) applies them (`media_queries`) and its
    flex and grid boxes as blocks (`flex_layout`), where it changed; none where it did not, is missing or is not
    UTF-8 (MuPDF reads it as it is)."""
    from sources.documents.css_imports import with_imports
    from sources.documents.flex_layout import css_as_blocks
    from sources.documents.html_images import in_archive
    from sources.documents.media_queries import screen_css

    try:
        css = _read(book, member).decode("utf-8-sig")  # a BOM began its first selector
    except (KeyError, UnicodeDecodeError):
        return {}
    fixed = css_as_blocks(screen_css(with_imports(css, "", in_archive(book, member), page_size), page_size))
    return {member: fixed.encode("utf-8")} if fixed != css else {}


def _noscript_chapters(opf: ET.Element, opf_path: str, scripted: set[str]) -> tuple[int, ...]:
    """The chapters MuPDF lays out (0-based, in the final spine's order, which skips entries naming no chapter)
    whose member is in ``scripted``: text all inside ``<noscript>`` but their chrome (`hidden_html.noscript_only`,
    as an HTML page's, found by `_prepared_chapters`)."""
    manifest = next((e for e in opf if e.tag.endswith("manifest")), None)
    spine = next((e for e in opf if e.tag.endswith("spine")), None)
    items = {item.get("id"): item for item in (manifest if manifest is not None else ()) if item.tag.endswith("item")}
    found, chapter = [], 0
    for ref in (ref for ref in (spine if spine is not None else ()) if ref.tag.endswith("itemref")):
        item = items.get(ref.get("idref"))
        href = (item.get("href") or "").partition("#")[0] if item is not None else ""
        if not href:
            continue  # MuPDF skips the entry: no chapter (`_lost_entries`)
        if item.get("media-type") in ("application/xhtml+xml", "text/html"):
            if posixpath.normpath(posixpath.join(posixpath.dirname(opf_path), href)) in scripted:
                found.append(chapter)
        chapter += 1
    return tuple(found)


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
