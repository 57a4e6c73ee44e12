"""Document pages (PDF, EPUB, HTML/XHTML) to `doc_ocr` samples: the page image and its markdown.

PyMuPDF opens all three; EPUB and HTML are reflowed into pages of ``page_size``. The
target is the page as markdown in reading order (`sources.documents.markdown`), with block and
line boxes in ``meta`` (in image pixels) for grounding. Pages without a text layer,
or whose text layer is garbage (private-use glyphs, replacement characters), are read
by the OCR engine when one is given, else rejected, never written with an empty or
garbled target. A file that cannot be read becomes one reject; a document that runs
past ``max_seconds`` stops with its remaining pages rejected.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import time
from typing import Iterator

from shards.reject import Reject, error_reject
from shards.sample import Sample, make_key
from sources.common.images import encode_image
from sources.common.interleaved import KIND as INTERLEAVED
from sources.documents.interleaved import interleaved_samples
from sources.common.options import ImageStorage, InterleavedOptions
from sources.documents.markdown import document_style, page_markdown
from sources.documents.templates import LAYOUTS, render_layout

KIND = "doc_ocr"
FILETYPES = {".pdf": "pdf", ".epub": "epub", ".html": "html", ".htm": "html", ".xhtml": "xhtml"}
_MAGIC = {"pdf": (b"%PDF-", "no %PDF- header in the first 1024 bytes"), "epub": (b"PK", "not a zip archive")}


@dataclasses.dataclass(frozen=True)
class DocumentOptions(ImageStorage, InterleavedOptions):
    """How document pages become samples.

    max_image_side: longest side of the rendered page in pixels (1024 = the SAM branch's input).
    image_format, jpeg_quality: how page images are stored (`sources.common.options.ImageStorage`).
    min_text_chars: a page with fewer non-space characters has no usable text layer.
    max_pages: read at most this many pages of a document (0 = all).
    ocr_scanned_pages: OCR pages without a usable text layer instead of rejecting them.
    ocr_min_confidence: OCR lines below this confidence are left out of a scanned page's text.
    max_garbage_ratio: a text layer with more private-use or replacement characters is garbage
      (mojibake such as "cafÃ©" is repaired with ftfy when it can be, else garbage too).
    max_seconds: a document still running after this long stops; its remaining pages are rejected.
    page_size: width and height in points that EPUB and HTML are laid out into (A5 by default).
    reflow_font_size: body font size for laying out EPUB and HTML.
    interleaved, token_budget, image_tokens, min_image_side: how the document is cut into `interleaved`
      samples (`sources.common.options.InterleavedOptions`).
    repeated_image_pages: an image on at least this many pages is a logo or ornament.
    rerender_layouts: also set each document's markdown in this many other layouts (fonts, sizes,
      columns; `sources.templates.LAYOUTS`) and write those pages too, to multiply page styles.
    """

    max_image_side: int = 1024
    min_text_chars: int = 1
    max_pages: int = 0
    ocr_scanned_pages: bool = True
    ocr_min_confidence: float = 0.6
    max_garbage_ratio: float = 0.3
    max_seconds: float = 300.0
    page_size: tuple[float, float] = (420.0, 595.0)
    reflow_font_size: float = 11.0
    repeated_image_pages: int = 3
    rerender_layouts: int = 0

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.max_image_side < 16:
            raise ValueError("max_image_side must be at least 16 pixels")
        object.__setattr__(self, "page_size", tuple(self.page_size))  # YAML gives a list


def filetype_of(uri: str) -> str:
    lower = uri.lower()
    return next((kind for ext, kind in FILETYPES.items() if lower.endswith(ext)), "pdf")


def read_document(data: bytes, uri: str, options: DocumentOptions = DocumentOptions(), context=None,
                  clock=time.monotonic) -> Iterator[Sample | Reject]:
    """Yield a `doc_ocr` sample or a `Reject` for every page of the document in ``data``.

    ``uri`` is the input's location, kept as provenance; its extension says the format.
    """
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)  # errors come back as rejects, not stderr noise
    filetype = filetype_of(uri)
    source = filetype if filetype != "xhtml" else "html"
    doc, problem = _open(pymupdf, data, filetype, options)
    if problem:
        yield Reject(source, uri, problem[0], detail=problem[1])
        return
    deadline = clock() + options.max_seconds
    digest = hashlib.sha256(data).hexdigest()
    wants = context.wants if context is not None else (lambda kind: True)
    with doc:
        count = doc.page_count if not options.max_pages else min(options.max_pages, doc.page_count)
        body, running, sampled = document_style(doc, count)
        if options.interleaved and wants(INTERLEAVED):
            try:
                yield from interleaved_samples(doc, uri, source, digest, range(count), body, running, options)
            except Exception as exc:  # the pages below are still worth having
                yield error_reject(source, uri, "interleave", exc, locator="interleaved")
        if not wants(KIND):
            return
        texts: list[str] | None = [] if options.rerender_layouts else None  # kept only when needed
        yield from _pages(pymupdf, doc, count, digest, uri, source, (body, running, sampled), options, context,
                          deadline, clock, texts)
    for layout in LAYOUTS[: options.rerender_layouts if texts else 0]:  # texts: None or [] means none
        yield from _rerendered(pymupdf, "\n\n".join(texts), layout, uri, source, options, context, deadline, clock)


def _pages(pymupdf, doc, count, digest, uri, source, style, options, context, deadline, clock, texts,
           layout: str | None = None):
    """A sample or reject per page; each page's markdown is added to ``texts`` unless it is None
    (it is kept only for re-rendering, so memory stays flat over a long book)."""
    body, running, sampled = style
    prefix = f"layout={layout};" if layout else ""
    for index in range(count):
        locator = f"{prefix}page={index + 1}"
        if clock() > deadline:
            yield Reject(source, uri, "error:timeout", locator=f"{prefix}remainder",
                         detail=f"stopped after {options.max_seconds:.0f} s at page {index + 1} of {count}")
            return
        key = make_key(KIND, digest, locator)
        try:
            record = _page_sample(pymupdf, doc[index], key, uri, source, index, doc.page_count, body, running,
                                  sampled.pop(index, None), options, context)
        except Exception as exc:  # one bad page must not lose the rest of the document
            record = error_reject(source, uri, "render", exc, locator=locator, key=key)
        if isinstance(record, Sample):
            if texts is not None:
                texts.append(record.text)
            if layout:
                record = dataclasses.replace(record, meta={**record.meta, "locator": locator, "layout": layout})
        elif layout:
            record = dataclasses.replace(record, locator=locator)
        yield record


def _rerendered(pymupdf, markdown: str, layout, uri, source, options, context, deadline, clock):
    """The document's markdown set in another layout and read back page by page."""
    try:
        data = render_layout(markdown, layout)
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        yield error_reject(source, uri, "rerender", exc, locator=f"layout={layout.name}")
        return
    with doc:
        style = document_style(doc, doc.page_count)
        yield from _pages(pymupdf, doc, doc.page_count, hashlib.sha256(data).hexdigest(), uri, source, style,
                          options, context, deadline, clock, None, layout=layout.name)


def _open(pymupdf, data: bytes, filetype: str, options: DocumentOptions):
    """Open the document, or say why not as ``(reason, detail)``."""
    if not data:
        return None, ("error:open:empty", "the file is empty")
    magic, why = _MAGIC.get(filetype, (b"", ""))
    if magic and magic not in data[:1024]:
        return None, (f"error:open:not_{filetype}", why)
    try:
        doc = pymupdf.open(stream=data, filetype=filetype)
        if doc.is_reflowable:
            doc.layout(width=options.page_size[0], height=options.page_size[1], fontsize=options.reflow_font_size)
        pages = 0 if doc.needs_pass else doc.page_count  # counting parses: a broken EPUB zip fails here
    except Exception as exc:
        return None, ("error:open:corrupt", f"{type(exc).__name__}: {exc}")
    if doc.needs_pass:
        doc.close()
        return None, ("error:open:encrypted", "the document needs a password")
    if pages == 0:
        doc.close()
        return None, ("error:open:no_pages", "the document has no pages")
    return doc, None


def _page_sample(pymupdf, page, key: str, uri: str, source: str, index: int, pages: int, body: float,
                 running: set[str], page_text: dict | None, options: DocumentOptions, context) -> Sample | Reject:
    locator = f"page={index + 1}"
    text, blocks = page_markdown(page, body, running, page_text)
    letters = len("".join(text.split()))
    text, repaired = _repair_mojibake(text)
    garbage = 1.0 if repaired is None else garbage_ratio(text)
    unusable = "no_text_layer" if letters < options.min_text_chars else (
        "garbage_text_layer" if garbage > options.max_garbage_ratio else None)
    if unusable and not (options.ocr_scanned_pages and context is not None):
        detail = ("the page has no extractable text" if unusable == "no_text_layer"
                  else f"{garbage:.0%} of the text layer is private-use or replacement characters")
        return Reject(source, uri, f"filtered:{unusable}", detail=detail, locator=locator, key=key)
    rect = page.rect
    scale = options.max_image_side / max(rect.width, rect.height)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False, colorspace=pymupdf.csRGB)
    image = _encode_page(pix, options)
    if unusable:
        return _ocr_page(pix, image, key, uri, source, locator, index, pages, unusable, options, context)
    meta = {
        "source": source,
        "uri": uri,
        "locator": locator,
        "page": index + 1,
        "pages": pages,
        "page_size_pt": [round(rect.width, 2), round(rect.height, 2)],
        "image_size": [pix.width, pix.height],
        "text_source": "text_layer",
        "blocks": [_scaled(block, scale) for block in blocks],
    }
    if page.parent.is_repaired:
        meta["repaired"] = True  # MuPDF rebuilt a damaged file: worth knowing when auditing
    if repaired:
        meta["text_repaired"] = "mojibake"
    return Sample(key=key, kind=KIND, images=[image], text=text, meta=meta)


def _encode_page(pix, options: DocumentOptions) -> bytes:
    if options.image_format == "png":
        return pix.tobytes("png")
    if options.image_format == "jpeg":
        return pix.tobytes("jpeg", jpg_quality=options.jpeg_quality)
    from PIL import Image  # MuPDF writes no WebP

    return encode_image(Image.frombytes("RGB", (pix.width, pix.height), pix.samples), "webp")


def _scaled(block: dict, scale: float) -> dict:
    """A block with its and its lines' boxes in the page image's pixels."""
    def px(bbox):
        return [round(v * scale, 1) for v in bbox]

    return {"kind": block["kind"], "bbox": px(block["bbox"]),
            "lines": [{"bbox": px(line["bbox"]), "text": line["text"]} for line in block["lines"]]}


_GARBAGE = re.compile("[\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff\x00-\x08\x0b\x0c\x0e-\x1f]")


def _repair_mojibake(text: str) -> tuple[str, bool | None]:
    """(text, whether ftfy repaired mojibake such as "cafÃ©"); None when it is mojibake ftfy cannot undo."""
    from ftfy import fix_text
    from ftfy.badness import is_bad

    if not is_bad(text):
        return text, False
    fixed = fix_text(text)
    return (fixed, True) if not is_bad(fixed) else (text, None)


def garbage_ratio(text: str) -> float:
    """Share of non-space characters that carry no text: private-use glyphs, U+FFFD, controls."""
    letters = len("".join(text.split()))
    return len(_GARBAGE.findall(text)) / letters if letters else 0.0


def _ocr_page(pix, image: bytes, key: str, uri: str, source: str, locator: str, index: int, pages: int,
              unusable: str, options: DocumentOptions, context) -> Sample | Reject:
    """A page whose text layer is missing or garbage: the OCR engine's confident lines become its text."""
    import numpy as np

    from sources.common.ocr_sample import ocr_sample

    pixels = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)
    engine = context.ocr_engine()
    result = ocr_sample(source, KIND, key, uri, locator, image, (pix.width, pix.height), engine.read(pixels),
                        options.ocr_min_confidence, engine.name)
    if isinstance(result, Reject):  # no text even by OCR: nothing to learn from
        return dataclasses.replace(result, reason=f"filtered:{unusable}",
                                   detail=f"{unusable.replace('_', ' ')}; OCR: {result.detail}")
    return dataclasses.replace(result, meta={**result.meta, "page": index + 1, "pages": pages,
                                             "replaced_text_layer": unusable})
