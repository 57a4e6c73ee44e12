"""PDF pages to `doc_ocr` samples: the page rendered by PyMuPDF, its text as the target.

Deliberately narrow (the documents issue widens it to markdown, EPUB and layouts):
one sample per page, the image's longest side at most ``max_image_side`` pixels, the
page's text in the order PyMuPDF extracts it. A file that cannot be read becomes one
reject; a page without a text layer becomes a page reject, never an empty target.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from typing import Iterator

from shards.reject import Reject, error_reject
from shards.sample import Sample, make_key

SOURCE = "pdf"
KIND = "doc_ocr"


@dataclasses.dataclass(frozen=True)
class PdfOptions:
    """How pages become samples.

    max_image_side: longest side of the rendered page in pixels (1024 = the SAM branch's input).
    image_format: ``png`` (lossless, text stays crisp) or ``jpeg`` (smaller shards).
    jpeg_quality: JPEG quality when ``image_format`` is ``jpeg``.
    min_text_chars: a page with fewer non-space characters has no usable text layer.
    max_pages: read at most this many pages of a document (0 = all).
    ocr_scanned_pages: OCR pages without a text layer (scans) instead of rejecting them.
    ocr_min_confidence: OCR lines below this confidence are left out of a scanned page's text.
    """

    max_image_side: int = 1024
    image_format: str = "png"
    jpeg_quality: int = 90
    min_text_chars: int = 1
    max_pages: int = 0
    ocr_scanned_pages: bool = True
    ocr_min_confidence: float = 0.6

    def __post_init__(self) -> None:
        if self.image_format not in ("png", "jpeg"):
            raise ValueError(f"image_format must be png or jpeg, not {self.image_format!r}")
        if self.max_image_side < 16:
            raise ValueError("max_image_side must be at least 16 pixels")


def read_pdf(data: bytes, uri: str, options: PdfOptions = PdfOptions(), context=None) -> Iterator[Sample | Reject]:
    """Yield a `doc_ocr` sample or a `Reject` for every page of the PDF in ``data``.

    ``uri`` is the input's location, kept as provenance. A document that cannot be
    opened yields exactly one whole-input reject. Pages without a text layer are
    OCR'd with ``context``'s engine when given and ``ocr_scanned_pages`` is on.
    """
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)  # errors come back as rejects, not stderr noise
    doc, problem = _open(pymupdf, data)
    if problem:
        yield Reject(SOURCE, uri, problem[0], detail=problem[1])
        return
    digest = hashlib.sha256(data).hexdigest()
    with doc:
        count = doc.page_count if not options.max_pages else min(options.max_pages, doc.page_count)
        for index in range(count):
            locator = f"page={index + 1}"
            key = make_key(KIND, digest, locator)
            try:
                yield _page_sample(pymupdf, doc[index], key, uri, index, doc.page_count, options, context)
            except Exception as exc:  # one bad page must not lose the rest of the document
                yield error_reject(SOURCE, uri, "render", exc, locator=locator, key=key)


def _open(pymupdf, data: bytes):
    """Open the document, or say why not as ``(reason, detail)``."""
    if not data:
        return None, ("error:open:empty", "the file is empty")
    if b"%PDF-" not in data[:1024]:
        return None, ("error:open:not_pdf", "no %PDF- header in the first 1024 bytes")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        return None, ("error:open:corrupt", f"{type(exc).__name__}: {exc}")
    if doc.needs_pass:
        doc.close()
        return None, ("error:open:encrypted", "the PDF needs a password")
    if doc.page_count == 0:
        doc.close()
        return None, ("error:open:no_pages", "the PDF has no pages")
    return doc, None


def _page_sample(pymupdf, page, key: str, uri: str, index: int, pages: int,
                 options: PdfOptions, context) -> Sample | Reject:
    text = page_text(page)
    locator = f"page={index + 1}"
    scanned = sum(not c.isspace() for c in text) < options.min_text_chars
    if scanned and not (options.ocr_scanned_pages and context is not None):
        return Reject(SOURCE, uri, "filtered:no_text_layer", detail="the page has no extractable text",
                      locator=locator, key=key)
    rect = page.rect
    scale = options.max_image_side / max(rect.width, rect.height)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False, colorspace=pymupdf.csRGB)
    if options.image_format == "png":
        image = pix.tobytes("png")
    else:
        image = pix.tobytes("jpeg", jpg_quality=options.jpeg_quality)
    if scanned:
        return _ocr_page(pix, image, key, uri, locator, index, pages, options, context)
    meta = {
        "source": SOURCE,
        "uri": uri,
        "locator": locator,
        "page": index + 1,
        "pages": pages,
        "page_size_pt": [round(rect.width, 2), round(rect.height, 2)],
        "image_size": [pix.width, pix.height],
    }
    if page.parent.is_repaired:
        meta["repaired"] = True  # MuPDF rebuilt a damaged file: worth knowing when auditing
    return Sample(key=key, kind=KIND, images=[image], text=text, meta=meta)


def _ocr_page(pix, image: bytes, key: str, uri: str, locator: str, index: int, pages: int,
              options: PdfOptions, context) -> Sample | Reject:
    """A scanned page: the OCR engine's confident lines become its text."""
    import numpy as np

    from sources.scene_text import ocr_sample

    pixels = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)
    engine = context.ocr_engine()
    result = ocr_sample(SOURCE, KIND, key, uri, locator, image, (pix.width, pix.height), engine.read(pixels),
                        options.ocr_min_confidence, engine.name)
    if isinstance(result, Reject):  # no text even by OCR: the page has no text layer to learn from
        result.reason, result.detail = "filtered:no_text_layer", f"no text layer; OCR: {result.detail}"
        return result
    result.meta.update(page=index + 1, pages=pages)
    return result


_BLANK_RUNS = re.compile(r"\n{3,}")


def page_text(page) -> str:
    """The page's text as PyMuPDF extracts it, trailing spaces and blank runs trimmed."""
    lines = [line.rstrip() for line in page.get_text("text").splitlines()]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()
