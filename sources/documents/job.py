"""One document being read: what its pages and interleaved parts share, built once per document."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, Callable

from shards.sample import make_key

if TYPE_CHECKING:
    from sources.documents.read import DocumentOptions

KIND = "doc_ocr"


@dataclasses.dataclass(frozen=True)
class DocumentJob:
    """A document's provenance, options and style.

    uri, source: where the document came from and its source name (``pdf``, ``epub``, ``html``).
    digest: sha256 of the bytes the pages are read from; keys derive from it.
    options, context: `DocumentOptions` and the worker's `SourceContext` (None: no OCR engine).
    body, running: the body font size and running header/footer lines (`markdown.document_style`).
    deadline, clock: the document stops when ``clock()`` passes ``deadline``.
    layout: the layout name when these are the pages of a re-rendered copy (`templates.LAYOUTS`).
    """

    uri: str
    source: str
    digest: str
    options: DocumentOptions
    context: Any
    body: float
    running: set[str]
    deadline: float
    clock: Callable[[], float]
    layout: str | None = None

    def locator(self, where: str) -> str:
        """``where`` (``page=3``, ``remainder``) in this document, after the layout for a re-rendered copy."""
        return f"layout={self.layout};{where}" if self.layout else where

    def page_locator(self, index: int) -> str:
        return self.locator(f"page={index + 1}")

    def page_key(self, index: int) -> str:
        return make_key(KIND, self.digest, self.page_locator(index))

    def timed_out(self) -> bool:
        return self.clock() > self.deadline
