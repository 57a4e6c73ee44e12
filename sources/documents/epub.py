"""EPUB spines as readers resolve them, before MuPDF lays the book out.

Real EPUBs (the Debian live manual's, made by its build tools) list one file several times in the
spine through manifest items whose ``href`` carries a fragment (``about.xhtml#o12``). Readers open
the file once; MuPDF looks for a file named with the fragment, finds none and lays out a page of
its own words instead ("ERROR: cannot find chapter ..."): 143 of the English live manual's 331
pages. Here such spine entries are dropped when their file is already in the spine, and otherwise
point at the file itself, so the book's pages are its chapters, each once. A chapter's image the
archive lacks, or an SVG one, which MuPDF drew as the text "[image]", is taken out or drawn to PNG
(`html_images`).
"""

from __future__ import annotations

import io
import posixpath
import xml.etree.ElementTree as ET
import zipfile
import zlib

_CONTAINER = "META-INF/container.xml"
# written back with the prefixes EPUB readers expect (ElementTree would invent ns0:, ns1:)
ET.register_namespace("", "http://www.idpf.org/2007/opf")
ET.register_namespace("dc", "http://purl.org/dc/elements/1.1/")
ET.register_namespace("opf", "http://www.idpf.org/2007/opf")


def resolved_spine(data: bytes) -> bytes:
    """The EPUB with fragment spine entries resolved (the same bytes when there are none, or when the
    archive cannot be read: opening it then says what is wrong)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            opf_path = _opf_path(book.read(_CONTAINER))
            opf = ET.fromstring(book.read(opf_path))
            changed = {opf_path: ET.tostring(opf, encoding="utf-8", xml_declaration=True)} if _resolve(opf) else {}
            changed.update(_chapters_with_images(book, opf, opf_path))
            if not changed:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as fixed:
                for info in book.infolist():
                    fixed.writestr(info, changed.get(info.filename) or book.read(info))
            return out.getvalue()
    # a damaged member (zlib.error), an encrypted one (RuntimeError), an unknown compression
    # (NotImplementedError): opening it then says what is wrong
    except (zipfile.BadZipFile, KeyError, ET.ParseError, ValueError, OSError, EOFError, zlib.error, RuntimeError,
            NotImplementedError):
        return data


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


def _chapters_with_images(book: zipfile.ZipFile, opf: ET.Element, opf_path: str) -> dict[str, bytes]:
    """The chapters (member name -> new bytes) whose images had to change for MuPDF to lay them out
    (`html_images.inline_images`: an image the archive lacks, or an SVG, was drawn as "[image]")."""
    from sources.documents.html_images import in_archive, inline_images

    manifest = next((e for e in opf if e.tag.endswith("manifest")), None)
    out = {}
    for item in manifest if manifest is not None else ():
        href = (item.get("href") or "").partition("#")[0]
        if item.get("media-type") not in ("application/xhtml+xml", "text/html") or not href:
            continue
        member = posixpath.normpath(posixpath.join(posixpath.dirname(opf_path), href))
        try:
            text = book.read(member).decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            continue  # MuPDF says what is wrong with it, as it did before
        fixed = inline_images(text, in_archive(book, member), keep_raster=True)
        if fixed != text:
            out[member] = fixed.encode("utf-8")
    return out
