"""The images of an HTML document or EPUB chapter laid out by MuPDF: put inline where they can be read,
else taken out.

MuPDF lays an HTML document out from its bytes alone, and an image it cannot load is drawn as the text
"[image]", which then stood in the page's image and in its target: every one of the 62 pages of Debian's
Python documentation page for sqlite3 (``<img src="../_static/py.svg">``) began with it. It cannot
load an image whose ``src`` is relative to the file (it never sees the file's location), nor an SVG
image at all. So, before layout, each ``<img>``:

- whose ``src`` resolves to something readable (of at most `MAX_IMAGE_BYTES` beside an HTML file) is
  put inline as a ``data:`` URI (its type read from its first bytes, `sniffed_type`), an SVG drawn to
  PNG first (by MuPDF, at its own size, at most `MAX_SVG_SIDE` pixels a side): for an HTML file, a
  file beside it that Beam's ``FileSystems`` can read (local paths and cloud storage alike, `beside`);
  for an EPUB chapter, a member of its archive (`in_archive`: a book that lists an image it lacks drew
  "[image]" in its page too), where a raster image keeps its ``src``;
- whose ``src`` is already a ``data:`` URI of a raster image stays as it is;
- any other (a web address: nothing is fetched while building; a file that is not there; an SVG that
  does not draw) is taken out, and the page is laid out without it.

MuPDF draws no ``<object>``'s picture but always its fallback: ``<object data="fig.png" type="image/png">Figure:
the sales chart</object>`` put text a reader never sees in the page and its target, and left the picture out. An
object whose ``data`` is an image (by its ``type``, else its name's extension: PNG, JPEG, GIF, SVG, WebP) that can
be read (`objects_as_images`) is an ``<img>`` first, its fallback's words its ``alt``; it is then placed as any
image (`inline_images`, which must run after). Any other object (a video, a page, an image that is not there)
keeps its fallback: MuPDF and readers show it.
"""

from __future__ import annotations

import base64
import os
import posixpath
import re
from typing import Callable
from urllib.parse import unquote, urlsplit

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_SVG_SIDE = 2048  # pixels
# a tag as HTML's tokenizer reads it: a quoted attribute value may hold ">" (alt='sales > costs'; the tag was cut
# there and its rest written as text), and "src=" inside another attribute's value is no src
# an attribute: its name, then "=" and a value: quoted (and then it may hold ">"), or unquoted up to a space or
# ">" (and then it may hold a quote: alt=Rex's); a quote opens a value only right after "="
_ATTRIBUTE = re.compile(r"""\s*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_IMG = re.compile(r"<img\b(?>" + _ATTRIBUTE.pattern + r"|\s*/)*\s*>", re.I | re.S)  # attributes, then ">"
_RASTER = ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp", "image/tiff")
_OBJECT_TYPES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp")
_OBJECT_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
_MAYBE_OBJECT = re.compile(r"<(?:\w+:)?object\b", re.I)
_MAGIC = ((b"\x89PNG", "image/png"), (b"\xff\xd8", "image/jpeg"), (b"GIF8", "image/gif"), (b"BM", "image/bmp"),
          (b"II*\x00", "image/tiff"), (b"MM\x00*", "image/tiff"))


def inline_images(html: str, read: Callable[[str], bytes | None], keep_raster: bool = False) -> str:
    """``html`` with every ``<img>`` put inline or taken out (see the module's note); ``read``: the bytes
    of an image by its ``src`` path (`beside`, `in_archive`), None where there are none. With
    ``keep_raster``, an image that can be read and is no SVG keeps its ``src`` (MuPDF finds it itself in
    an EPUB's archive, whatever its size or type). Each distinct ``src`` is read once."""
    cache: dict[str, tuple[str | None, bool]] = {}

    def replace(match: re.Match) -> str:
        tag = match.group(0)
        found = next((a for a in _ATTRIBUTE.finditer(tag, len("<img")) if a.group(1).lower() == "src"
                      and any(g is not None for g in a.groups()[1:])), None)
        if not found:
            return ""
        src = next(g for g in found.groups()[1:] if g is not None)
        if src not in cache:
            cache[src] = _data_uri(src.strip(), read, keep_raster)
        data, keep = cache[src]
        if keep:
            return tag
        return "" if data is None else tag[:found.start()] + f' src="{data}"' + tag[found.end():]

    return _IMG.sub(replace, html)


def objects_as_images(html: str, read: Callable[[str], bytes | None], xml: bool) -> str:
    """``html`` with each ``<object>`` whose ``data`` is an image ``read`` gives (see the module's note) made an
    ``<img>`` (its ``alt`` the fallback's words); the same string when there is none. Run before
    `inline_images`, which places the new ``<img>``. ``xml``: XHTML (an EPUB chapter), written back as XML."""
    from sources.documents.html_tree import rewritten

    return rewritten(html, xml, _MAYBE_OBJECT, lambda root: _objects_replaced(root, read))


def _objects_replaced(root, read: Callable[[str], bytes | None]) -> bool:
    """Each ``<object>`` under ``root`` showing an image ``read`` gives made an ``<img>``; whether there was one."""
    import lxml.etree

    from sources.documents.html_tree import local_name

    objects = [el for el in root.iter(lxml.etree.Element) if local_name(el) == "object" and _is_image(el, read)]
    for el in objects:
        if el.getroottree().getroot() is not root:  # inside an object already made an image
            continue
        alt = " ".join("".join(el.itertext()).split())
        kept = {name: value for name, value in el.attrib.items()
                if name.rpartition("}")[2] in ("style", "class", "id", "width", "height", "lang", "dir")}
        namespace = el.tag.rpartition("}")[0] + "}" if el.tag.startswith("{") else ""
        image = lxml.etree.Element(namespace + "img", {"src": el.get("data").strip(), "alt": alt, **kept})
        image.tail = el.tail
        el.getparent().replace(el, image)
    return bool(objects)


def _is_image(el, read: Callable[[str], bytes | None]) -> bool:
    """Whether the ``<object>`` ``el`` shows an image (its ``type``, else its ``data``'s extension) the document
    ships (``read`` gives its bytes; nothing is fetched from the web)."""
    parts = urlsplit((el.get("data") or "").strip())
    if parts.scheme or parts.netloc or not parts.path:
        return False
    kind = (el.get("type") or "").split(";", 1)[0].strip().lower()
    if not (kind in _OBJECT_TYPES if kind else posixpath.splitext(parts.path)[1].lower() in _OBJECT_EXTENSIONS):
        return False
    return read(unquote(parts.path)) is not None


def beside(uri: str) -> Callable[[str], bytes | None]:
    """A reader of the files an HTML document at ``uri`` names (`inline_images`): None for a file that is
    not there, larger than `MAX_IMAGE_BYTES`, or named from the root ("/static/x.png": a site's root is
    not the file system's); a file that is there but cannot be read raises (the document is refused
    with the reason rather than laid out without its image on one try and with it on the next)."""
    return lambda path: _read(resolved) if (resolved := _resolved(path, uri)) else None


def in_archive(book, member: str) -> Callable[[str], bytes | None]:
    """A reader of the images an EPUB chapter (``member`` of the open ``zipfile.ZipFile`` ``book``) names;
    None for one the archive lacks or cannot give (a damaged member)."""
    names = set(book.namelist())

    def read(path: str) -> bytes | None:
        name = posixpath.normpath(posixpath.join(posixpath.dirname(member), path)).lstrip("/")
        if name not in names:
            return None
        try:
            return book.read(name)
        except Exception:  # zlib.error, an encrypted member: that image only is left out
            return None
    return read


def sniffed_type(data: bytes) -> str | None:
    """The image type of ``data`` by its first bytes (``image/png``, ``image/svg+xml``...), None when it
    is none of those MuPDF draws. By content, not by name: a name's type depends on the machine's
    ``/etc/mime.types`` (``.webp`` is unknown without it) and EPUBs name images ``image001``."""
    head = data[:16]
    for magic, mime in _MAGIC:
        if head.startswith(magic):
            return mime
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    text = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"<svg", b"<?xml", b"<!--", b"<!DOCTYPE svg")) and b"<svg" in text:
        return "image/svg+xml"
    return None


def _data_uri(src: str, read: Callable[[str], bytes | None], keep_raster: bool) -> tuple[str | None, bool]:
    """``src`` as a ``data:`` URI of a raster image MuPDF draws (None when it cannot be had), and whether
    the tag is kept as it is instead (``keep_raster``: a readable image that is no SVG)."""
    if src.lower().startswith("data:"):
        mime = src[5:].split(";", 1)[0].split(",", 1)[0].lower()
        return (src if mime in _RASTER else None), False
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:  # a web address (or nothing): never fetched here
        return None, False
    data = read(unquote(parts.path))
    if data is None:
        return None, False
    mime = sniffed_type(data)
    if mime == "image/svg+xml":
        data, mime = svg_png(data), "image/png"
        if data is None:
            return None, False
    elif keep_raster:
        return None, True
    if mime not in _RASTER:
        return None, False
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}", False


def _resolved(path: str, uri: str) -> str | None:
    """``path`` (from a ``src``) against the document's ``uri``: a local path or ``scheme://...``; None
    for a path from the root, or a document that has no place (bytes handed over in memory, ``mem://``)."""
    if path.startswith("/"):
        return None
    if "://" in uri:
        scheme, rest = uri.split("://", 1)
        if scheme == "mem":
            return None
        return f"{scheme}://{posixpath.normpath(posixpath.join(posixpath.dirname(rest), path))}"
    return os.path.normpath(os.path.join(os.path.dirname(uri), path))


def _read(path: str) -> bytes | None:
    """The file at ``path`` (FileSystems), None when it is not there or is over `MAX_IMAGE_BYTES`."""
    from apache_beam.io.filesystems import FileSystems

    from sources.common.files import note_read

    note_read(path)  # the extraction cache's entry lists it (missing ones too)
    if not FileSystems.exists(path):
        return None
    with FileSystems.open(path, compression_type="uncompressed") as handle:
        data = handle.read(MAX_IMAGE_BYTES + 1)
    return data if len(data) <= MAX_IMAGE_BYTES else None


def svg_png(data: bytes) -> bytes | None:
    """An SVG image drawn by MuPDF at its own size (at most `MAX_SVG_SIDE` pixels a side), as PNG."""
    import pymupdf

    try:
        with pymupdf.open(stream=data, filetype="svg") as svg:
            page = svg[0]
            zoom = min(1.0, MAX_SVG_SIDE / max(page.rect.width, page.rect.height, 1))
            return page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False).tobytes("png")
    except Exception:  # an SVG MuPDF cannot draw is left out like a missing file
        return None
