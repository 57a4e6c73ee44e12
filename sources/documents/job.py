"""One document being read: what its pages and interleaved parts share, built once per document."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, Callable

from shards.sample import make_key
from sources.documents.markdown import DocumentStyle

if TYPE_CHECKING:
    from sources.documents.read import DocumentOptions

KIND = "doc_ocr"


@dataclasses.dataclass(frozen=True)
class DocumentJob:
    """A document's provenance, options and style.

    uri, source: where the document came from and its source name (``pdf``, ``epub``, ``html``).
    digest: sha256 of the bytes the pages are read from; keys derive from it.
    options, context: `DocumentOptions` and the worker's `SourceContext` (None: no OCR engine).
    style: the body font size, running header/footer lines and page numbering (`markdown.document_style`).
    clock: the CPU clock of this thread (seconds) a page's time is measured with: unlike the wall
      clock, what a page costs does not depend on how busy the machine is, so the same pages pass.
    layout: the layout name when these are the pages of a re-rendered copy (`templates.LAYOUTS`).
    pages: the task's page range (``pages=65-128``) when the document is read in tasks (`read.split_document`).
    """

    uri: str
    source: str
    digest: str
    options: DocumentOptions
    context: Any
    style: DocumentStyle
    clock: Callable[[], float]
    layout: str | None = None
    pages: str | None = None
    # what a document's pages share: each font's text/image agreement figure (`agreement.text_image_cer`),
    # so a font is read back once a document, not once a page; and the pages' margin lines
    # (`style.MarginMemory`: running heads that change from chapter to chapter), None: not known
    font_verdicts: dict = dataclasses.field(default_factory=dict)
    # the text-line boxes the detector found on scanned pages `document_style` sampled
    # (`ocr_layout.OcrMargins`), each handed to its page once: the page is not searched twice
    detected: dict = dataclasses.field(default_factory=dict)
    # those pages as `OcrMargins` rendered them, and straightened where turned (`ocr_layout.Rendered`):
    # shared by the document's tasks, each taken by its page once (not rendered and straightened twice)
    rendered: dict = dataclasses.field(default_factory=dict)
    # the turns OSD was sure of on sampled scans lying on their side or upside down (`ocr_layout.OcrMargins`):
    # such a page is turned upright at once, OSD not asked twice
    turns: dict = dataclasses.field(default_factory=dict)
    margins: Any = None
    # the pages whose page sample and interleaved part read one layout of the page (`read.read_document`): the
    # sample lays the page out with its images in place and leaves the blocks in ``page_blocks``, each taken by
    # the part once; the page was laid out twice, a third of the page stage's CPU (issue #18)
    shared: range = range(0)
    page_blocks: dict = dataclasses.field(default_factory=dict)
    # the pages (0-based) of an EPUB's chapters whose text is all inside <noscript> (`epub.PreparedBook.noscript`):
    # refused as an HTML page of it is (``filtered:noscript_only``), not read as blank
    scripted: frozenset = frozenset()

    def repeated_margins(self, index: int) -> frozenset[str]:
        """Page ``index``'s margin lines that a neighbouring page repeats (`style.MarginMemory`)."""
        return self.margins.repeated(index) if self.margins is not None else frozenset()

    def locator(self, where: str) -> str:
        """``where`` (``page=3``, ``remainder``) in this document, after the layout for a re-rendered copy."""
        return f"layout={self.layout};{where}" if self.layout else where

    def page_locator(self, index: int) -> str:
        return self.locator(f"page={index + 1}")

    def part_locator(self, number: int) -> str:
        """The locator of interleaved part ``number``: parts restart in each task, so the range names them."""
        return f"{self.pages};part={number}" if self.pages else f"part={number}"

    def page_key(self, index: int) -> str:
        return make_key(KIND, self.digest, self.page_locator(index))
