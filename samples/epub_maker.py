"""Minimal valid EPUB 3 files, written with zipfile (PyMuPDF reads EPUB but does not write it)."""

from __future__ import annotations

import io
import zipfile

_CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

_CHAPTER = """<?xml version="1.0" encoding="{encoding}"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{title}</title></head>
<body>{body}</body></html>"""


def make_epub(title: str, chapters: list[tuple[str, str]], images: dict[str, bytes] | None = None,
              encoding: str = "utf-8", auxiliary: frozenset[int] = frozenset()) -> bytes:
    """An EPUB of ``chapters`` (title, XHTML body) whose bodies may use ``<img src="NAME"/>`` for ``images``;
    each chapter written in ``encoding`` (and so declared); the chapters numbered in ``auxiliary`` (0-based)
    marked ``linear="no"`` in the spine (notes outside the reading order)."""
    images = images or {}
    manifest = [f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>' for i in range(len(chapters))]
    manifest += [f'<item id="i{i}" href="{name}" media-type="image/{"png" if name.endswith(".png") else "jpeg"}"/>'
                 for i, name in enumerate(images)]
    linear = {True: ' linear="no"', False: ""}
    spine = "".join(f'<itemref idref="c{i}"{linear[i in auxiliary]}/>' for i in range(len(chapters)))
    opf = (f'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
           f'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">vlbuild-{sum(map(ord, title))}'
           f'</dc:identifier><dc:title>{title}</dc:title><dc:language>en</dc:language></metadata>'
           f'<manifest>{"".join(manifest)}</manifest><spine>{spine}</spine></package>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        def put(name, data, compress=zipfile.ZIP_DEFLATED):
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data, compress_type=compress)

        put("mimetype", "application/epub+zip", zipfile.ZIP_STORED)  # first and uncompressed, as EPUB requires
        put("META-INF/container.xml", _CONTAINER)
        put("OEBPS/content.opf", opf)
        for i, (chapter_title, body) in enumerate(chapters):
            put(f"OEBPS/c{i}.xhtml", _CHAPTER.format(encoding=encoding, title=chapter_title, body=body).encode(encoding))
        for name, data in images.items():
            put(f"OEBPS/{name}", data)
    return buf.getvalue()
