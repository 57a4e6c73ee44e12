"""The images of an HTML document or EPUB chapter laid out by MuPDF: put inline where they can be read,
else taken out.

MuPDF lays an HTML document out from its bytes alone, and an image it cannot load is drawn as the text
"[image]", which then stood in the page's image and in its target: every one of the 62 pages of Debian's
Python documentation page for sqlite3 (``<img src="../_static/py.svg">``) began with it. It cannot
load an image whose ``src`` is relative to the file (it never sees the file's location), nor an SVG
image at all. So, before layout, each ``<img>``:

- whose ``src`` resolves to something readable of at most `MAX_IMAGE_BYTES` is put inline as a
  ``data:`` URI, an SVG drawn to PNG first (by MuPDF, at its own size, at most `MAX_SVG_SIDE` pixels a
  side): for an HTML file, a file beside it that Beam's ``FileSystems`` can read (local paths and cloud
  storage alike, `beside`); for an EPUB chapter, a member of its archive (`in_archive`: a book that
  lists an image it lacks drew "[image]" in its page too);
- whose ``src`` is already a ``data:`` URI of a raster image stays as it is;
- any other (a web address: nothing is fetched while building; a file that is not there; an SVG that
  does not draw) is taken out, and the page is laid out without it.
"""

from __future__ import annotations

import base64
import mimetypes
import os
import posixpath
import re
from typing import Callable
from urllib.parse import unquote, urlsplit

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_SVG_SIDE = 2048  # pixels
_IMG = re.compile(r"<img\b[^>]*>", re.I | re.S)
_SRC = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_RASTER = ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp", "image/tiff")


def inline_images(html: str, read: Callable[[str], bytes | None], keep_raster: bool = False) -> str:
    """``html`` with every ``<img>`` put inline or taken out (see the module's note); ``read``: the bytes
    of an image by its ``src`` path (`beside`, `in_archive`), None where there are none. With
    ``keep_raster``, a raster image that can be read keeps its ``src`` (MuPDF finds it itself, as in an
    EPUB's archive). Each distinct ``src`` is read once."""
    cache: dict[str, tuple[str | None, bool]] = {}

    def replace(match: re.Match) -> str:
        tag = match.group(0)
        found = _SRC.search(tag)
        if not found:
            return ""
        src = next(g for g in found.groups() if g is not None)
        if src not in cache:
            cache[src] = _data_uri(src.strip(), read)
        data, drawn = cache[src]
        if data is None:
            return ""
        return tag if keep_raster and not drawn else tag[:found.start()] + f' src="{data}"' + tag[found.end():]

    return _IMG.sub(replace, html)


def beside(uri: str) -> Callable[[str], bytes | None]:
    """A reader of the files an HTML document at ``uri`` names (`inline_images`)."""
    return lambda path: _read(resolved) if (resolved := _resolved(path, uri)) else None


def in_archive(book, member: str) -> Callable[[str], bytes | None]:
    """A reader of the images an EPUB chapter (``member`` of the open ``zipfile.ZipFile`` ``book``) names."""
    names = set(book.namelist())

    def read(path: str) -> bytes | None:
        name = posixpath.normpath(posixpath.join(posixpath.dirname(member), path)).lstrip("/")
        if name not in names or book.getinfo(name).file_size > MAX_IMAGE_BYTES:
            return None
        return book.read(name)
    return read


def _data_uri(src: str, read: Callable[[str], bytes | None]) -> tuple[str | None, bool]:
    """``src`` as a ``data:`` URI of a raster image MuPDF draws (None when it cannot be had), and whether
    that image was drawn here (an SVG)."""
    if src.lower().startswith("data:"):
        mime = src[5:].split(";", 1)[0].split(",", 1)[0].lower()
        return (src if mime in _RASTER else None), False
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:  # a web address (or nothing): never fetched here
        return None, False
    path = unquote(parts.path)
    data = read(path)
    if data is None:
        return None, False
    mime, drawn = mimetypes.guess_type(path)[0] or "", False
    if mime == "image/svg+xml" or data.lstrip()[:5] in (b"<svg ", b"<?xml"):
        data, mime, drawn = _svg_png(data), "image/png", True
        if data is None:
            return None, False
    if mime not in _RASTER:
        return None, False
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}", drawn


def _resolved(path: str, uri: str) -> str | None:
    """``path`` (from a ``src``) against the document's ``uri``: a local path or ``scheme://...``; None
    for a document that has no place (bytes handed over in memory, ``mem://``)."""
    if "://" in uri:
        scheme, rest = uri.split("://", 1)
        if scheme == "mem":
            return None
        joined = path if path.startswith("/") else posixpath.join(posixpath.dirname(rest), path)
        return f"{scheme}://{posixpath.normpath(joined)}"
    return os.path.normpath(os.path.join(os.path.dirname(uri), path))


def _read(path: str) -> bytes | None:
    from apache_beam.io.filesystems import FileSystems

    try:
        [result] = FileSystems.match([path], limits=[1])
        if not result.metadata_list or result.metadata_list[0].size_in_bytes > MAX_IMAGE_BYTES:
            return None
        with FileSystems.open(path, compression_type="uncompressed") as handle:
            return handle.read()
    except Exception:  # unreadable: the image is left out, the page is still laid out
        return None


def _svg_png(data: bytes) -> bytes | None:
    """An SVG image drawn by MuPDF at its own size (at most `MAX_SVG_SIDE` pixels a side), as PNG."""
    import pymupdf

    try:
        with pymupdf.open(stream=data, filetype="svg") as svg:
            page = svg[0]
            zoom = min(1.0, MAX_SVG_SIDE / max(page.rect.width, page.rect.height, 1))
            return page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False).tobytes("png")
    except Exception:
        return None
