"""Document pages (PDF, EPUB, HTML/XHTML) to `doc_ocr` samples: the page image and its markdown.

PyMuPDF opens all three; EPUB and HTML are reflowed into pages of ``page_size``. The
target is the page as markdown in reading order (`sources.documents.markdown`), with block and
line boxes in ``meta`` (in image pixels) for grounding. Pages without a text layer,
or whose text layer is garbage (private-use glyphs, replacement characters), are read
by the OCR engine when one is given, else rejected, never written with an empty or
garbled target. A file that cannot be read becomes one reject; a page that takes more than
``max_page_seconds`` of CPU is rejected and the document goes on (CPU time, not the wall clock: the
same pages pass on a busy machine). What a document's pages
share is one `sources.documents.job.DocumentJob`; each page is made in
`sources.documents.page_sample`.
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import re
import threading
import time
from typing import Iterator

from shards.reject import ReasonError, Reject, error_reject
from shards.sample import Sample
from sources.common.html_encoding import EncodingRefused, as_utf8, decode_html
from sources.common.interleaved import KIND as INTERLEAVED
from sources.common.options import ImageStorage, InterleavedOptions
from sources.documents.epub import encrypted_chapters, package_fault, resolved_spine
from sources.documents.html_images import beside, inline_images, objects_as_images
from sources.documents.hidden_html import noscript_only
from sources.documents.html_rewrites import for_layout
from sources.documents.interleaved import interleaved_samples
from sources.documents.job import KIND, DocumentJob
from sources.documents.markdown import document_style, load_page
from sources.documents.ocr_layout import OcrMargins
from sources.documents.style import MarginMemory
from sources.documents.page_sample import garbage_ratio, page_sample
from sources.documents.templates import LAYOUTS, render_layout

__all__ = ["KIND", "DocumentOptions", "filetype_of", "garbage_ratio", "read_document"]

FILETYPES = {".pdf": "pdf", ".epub": "epub", ".html": "html", ".htm": "html", ".xhtml": "xhtml"}
# A listing's line too long for the page was cut at its edge ("wget https://example.org/.../d"), its
# rest lost from image and target alike: long lines wrap instead (MuPDF wraps other text already)
# MuPDF's own style sheet lays <details> and <summary> out inline: two in a row ran together, "Show the
# answerOpen one"; each is a block of its own, as a browser shows them (a little apart, as its markers set them)
REFLOW_CSS = "pre { white-space: pre-wrap; } details { display: block; margin: 0.5em 0; } summary { display: block; }"
PAGES_MARK = "#pages="  # a task's page range, after its document's uri (`split_document`)
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
    agreement_lines: this many of each font's longest text-layer lines (once a document) are read back by the
      OCR engine's recogniser (`sources.documents.agreement`); where their character error rate is over
      ``max_text_image_cer`` the text layer is not what the page shows (a Type3 font mapping glyphs to
      other letters): the page is OCR'd, else rejected (``filtered:text_image_mismatch``). The figure is
      kept in ``meta["text_image_cer"]``. 0 turns the check off (as does reading without an OCR engine).
    min_line_pixels: a text-layer page whose body lines are lower than this in its image (pixels; an A0
      poster at 1024 pixels sets 11 points in 3) is rejected (``filtered:text_too_small``): its target
      could not be read off its image (`sources.documents.page_checks`). 0 turns the check off.
    max_page_seconds: a page that takes more CPU time than this (seconds, this thread's) is rejected
      (``error:timeout:page``); the rest of the document is still read.
    page_size: width and height in points that EPUB and HTML are laid out into (A5 by default).
    reflow_font_size: body font size for laying out EPUB and HTML.
    interleaved, token_budget, image_tokens, min_image_side: how the document is cut into `interleaved`
      samples (`sources.common.options.InterleavedOptions`).
    repeated_image_pages: an image on at least this many pages is a logo or ornament.
    rerender_layouts: also set each document's markdown in this many other layouts (fonts, sizes,
      columns; `sources.documents.templates.LAYOUTS`) and write those pages too, to multiply page styles.
    pages_per_task: a longer document is cut into tasks of this many pages (`split_document`), spread
      across workers like any input (0: never cut). Page samples are the same either way (keys,
      texts); interleaved parts end at a task's last page.
    """

    max_image_side: int = 1024
    min_text_chars: int = 1
    max_pages: int = 0
    ocr_scanned_pages: bool = True
    ocr_min_confidence: float = 0.6
    max_garbage_ratio: float = 0.3
    min_line_pixels: float = 6.0
    max_page_seconds: float = 60.0
    agreement_lines: int = 1
    max_text_image_cer: float = 0.5
    page_size: tuple[float, float] = (420.0, 595.0)
    reflow_font_size: float = 11.0
    repeated_image_pages: int = 3
    rerender_layouts: int = 0
    pages_per_task: int = 64

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.max_image_side < 16:
            raise ValueError("max_image_side must be at least 16 pixels")
        if self.pages_per_task < 0:
            raise ValueError("pages_per_task must be 0 (never cut) or more")
        object.__setattr__(self, "page_size", tuple(self.page_size))  # YAML gives a list


def filetype_of(uri: str) -> str:
    lower = task_pages(uri)[0].lower()
    return next((kind for ext, kind in FILETYPES.items() if lower.endswith(ext)), "pdf")


def split_document(data: bytes, uri: str, options: DocumentOptions = DocumentOptions()) -> Iterator[tuple[str, None]]:
    """``(task uri, None)`` for each range of ``options.pages_per_task`` pages of a longer document:
    ``book.pdf#pages=1-64``, ``book.pdf#pages=65-128``... (1-based, inclusive). None: a task reads its
    input's own bytes again (a 300 MB book is not copied into every task). A document that fits one
    task, or that cannot be opened (its reader rejects it with the reason), yields nothing and goes whole."""
    if not options.pages_per_task:
        return
    doc, problem, *_ = _open(data, filetype_of(uri), options, uri)
    if problem:
        return
    with doc:
        count = doc.page_count if not options.max_pages else min(options.max_pages, doc.page_count)
    if count <= options.pages_per_task:
        return
    for first in range(1, count + 1, options.pages_per_task):
        yield f"{uri}{PAGES_MARK}{first}-{min(first + options.pages_per_task - 1, count)}", None


def task_pages(uri: str) -> tuple[str, tuple[int, int] | None]:
    """A task's uri as its document's uri and the page range (1-based, inclusive), or ``(uri, None)``."""
    base, mark, pages = uri.rpartition(PAGES_MARK)
    found = re.fullmatch(r"(\d+)-(\d+)", pages) if mark else None
    return (base, (int(found[1]), int(found[2]))) if found else (uri, None)


def read_document(data: bytes, uri: str, options: DocumentOptions = DocumentOptions(), context=None,
                  clock=time.thread_time) -> Iterator[Sample | Reject]:
    """Yield a `doc_ocr` sample or a `Reject` for every page of the document in ``data``.

    ``uri`` is the input's location, kept as provenance; its extension says the format. A task's uri
    (``book.pdf#pages=65-128``, `split_document`) reads only those pages; provenance names the book.
    """
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)  # errors come back as rejects, not stderr noise
    task = uri
    uri, pages = task_pages(task)
    filetype = filetype_of(uri)
    source = filetype if filetype != "xhtml" else "html"
    doc, problem, flow, lost, holes, scripted = _open(data, filetype, options, uri)
    if problem:
        yield Reject(source, uri, problem[0], detail=problem[1])
        return
    if not pages or pages[0] == 1:  # a spine entry naming no chapter: said once, by the book's first task
        for position, why in lost:
            yield Reject(source, uri, "error:open:broken_spine", locator=f"spine={position}", detail=why)
    wants = context.wants if context is not None else (lambda kind: True)
    digest = hashlib.sha256(data).hexdigest()
    with doc:
        count = doc.page_count if not options.max_pages else min(options.max_pages, doc.page_count)
        style, sampled, detected, rendered, turns = _document_style(doc, digest, uri, count, options, context)
        read = range(pages[0] - 1, min(pages[1], count)) if pages else range(count)
        # an EPUB's auxiliary pages (linear="no": notes) are out of the reading flow: pages only
        flowing = read if flow is None else read[:max(0, flow - read.start)]
        interleaving = options.interleaved and wants(INTERLEAVED)
        job = DocumentJob(uri, source, digest, options, context, style, clock,
                          pages=f"pages={pages[0]}-{pages[1]}" if pages else None, detected=detected,
                          rendered=rendered, turns=turns, margins=MarginMemory(doc, count, sampled),
                          shared=flowing if interleaving and wants(KIND) else range(0), scripted=scripted)
        texts: list[str] | None = [] if options.rerender_layouts else None  # kept only when needed
        samples = _pages(job, doc, read, sampled, texts) if wants(KIND) else iter(())
        if interleaving:
            made: list = []  # page samples made while the parts read their pages: yielded before the parts' records

            def laid_out(index: int) -> list[dict] | None:  # the page's sample first: its layout serves both
                if index in job.shared:
                    made.append(next(samples))
                return job.page_blocks.pop(index, None)

            try:
                for record in interleaved_samples(job, doc, flowing, laid_out, holes):
                    yield from made
                    made.clear()
                    yield record
            except Exception as exc:  # the pages below are still worth having
                yield error_reject(source, uri, "interleave", exc, locator="interleaved")
            yield from made
        for record in samples:  # pages past the parts (a pass that failed): no part takes their blocks
            job.page_blocks.clear()
            yield record
    for layout in LAYOUTS[: options.rerender_layouts if texts else 0]:  # texts: None or [] means none
        yield from _rerendered(job, "\n\n".join(texts), layout)


# The last documents' `document_style` results in this worker, by what decides them (the document's bytes,
# pages read, options, OCR engine): a book cut into tasks (`split_document`) samples the same pages in every
# task, and a worker that reads several of its tasks need not read them (nor OCR a scan's margins) again.
_STYLES: collections.OrderedDict = collections.OrderedDict()
_STYLES_KEPT = 2
_STYLES_LOCK = threading.Lock()


def _document_style(doc, digest: str, uri: str, count: int, options: DocumentOptions, context):
    """``(style, sampled pages' text, detected line boxes, rendered pages, turns OSD found)`` of the open
    document at ``uri`` whose bytes hash to ``digest`` (`markdown.document_style`), read once per worker for the
    tasks of one document. Its place is part of it: an HTML page is laid out with the sheets (and those they
    import) and images beside it, and a page of the same bytes read from another folder was given the first
    one's sampled text ("AlphaBeta" where its own sheet set "Alpha Beta"). Each call gets its own copies of the
    dicts but the rendered pages (pages pop from them); the rendered pages are shared, each taken by its page
    once, so that their pixels are not held after it is read."""
    # a scan's running heads are read off its sampled pages' margins: OCR pages drop them as text pages do
    scans = OcrMargins(context, options) if options.ocr_scanned_pages and context is not None else None
    key = (digest, uri, count, options, getattr(context, "ocr", None) if scans else None)
    with _STYLES_LOCK:
        known = _STYLES.get(key)
        if known is not None:
            _STYLES.move_to_end(key)
    if known is None:
        style, sampled = document_style(doc, count, read_margins=scans)
        known = (style, sampled, scans.boxes if scans else {}, scans.rendered if scans else {},
                 scans.turns if scans else {})
        with _STYLES_LOCK:
            _STYLES[key] = known
            while len(_STYLES) > _STYLES_KEPT:
                _STYLES.popitem(last=False)
    style, sampled, detected, rendered, turns = known
    return style, dict(sampled), dict(detected), rendered, dict(turns)


def _pages(job: DocumentJob, doc, pages: range, sampled: dict[int, dict], texts: list[str] | None):
    """A sample or reject for each page of ``pages`` (0-based). ``sampled``: the pages' text that
    `document_style` read, handed over (and dropped) page by page, the others' text as its margins were read
    from it (`style.MarginMemory.page_text`: extracted once); each page's markdown is added to
    ``texts`` unless it is None (it is kept only for re-rendering, so memory stays flat over a long book)."""
    for index in pages:
        if job.options.pages_per_task and index % job.options.pages_per_task == 0:
            # the fonts' agreement verdicts are remembered within one task's pages only, read whole or
            # not: a task cannot know what the pages before it said, so neither may the whole reading
            job.font_verdicts.clear()
        if index in job.scripted:  # an EPUB chapter's page, all its text in <noscript>: as an HTML page is refused
            sampled.pop(index, None)
            yield Reject(job.source, job.uri, "filtered:noscript_only", detail=NOSCRIPT_ONLY,
                         locator=job.page_locator(index), key=job.page_key(index))
            continue
        start = job.clock()
        try:
            text = sampled.pop(index, None) or (job.margins.page_text(index) if job.margins else None)
            record = page_sample(job, load_page(doc, index), index, text)
        except Exception as exc:  # one bad page must not lose the rest of the document
            record = error_reject(job.source, job.uri, "render", exc, locator=job.page_locator(index),
                                  key=job.page_key(index))
        spent = job.clock() - start
        if spent > job.options.max_page_seconds:  # pathological: not kept, whatever it produced
            record = Reject(job.source, job.uri, "error:timeout:page", locator=job.page_locator(index),
                            key=job.page_key(index),
                            detail=f"{spent:.1f} s of CPU > max_page_seconds {job.options.max_page_seconds:g}")
        if texts is not None and isinstance(record, Sample):
            texts.append(record.text)
        yield record


def _rerendered(job: DocumentJob, markdown: str, layout):
    """The document's markdown set in another layout and read back page by page."""
    import pymupdf

    try:
        data = render_layout(markdown, layout)
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        yield error_reject(job.source, job.uri, "rerender", exc, locator=f"layout={layout.name}")
        return
    with doc:
        style, sampled = document_style(doc, doc.page_count)
        copy = dataclasses.replace(job, digest=hashlib.sha256(data).hexdigest(), style=style, layout=layout.name,
                                   font_verdicts={}, detected={},  # another PDF: its own fonts and pages
                                   margins=MarginMemory(doc, doc.page_count, sampled),
                                   scripted=frozenset())  # the book's <noscript> pages: none of this PDF's
        yield from _pages(copy, doc, range(doc.page_count), sampled, None)


NOSCRIPT_ONLY = ("all its text is inside <noscript> (but its navigation, header or footer), which a browser running "
                 "its scripts does not show (the scripts write the page), and nothing else is drawn")
# what `_open` returns beside a problem: no flow, lost entries, holes or scripted pages
_UNOPENED = (None, (), frozenset(), frozenset())


def _open(data: bytes, filetype: str, options: DocumentOptions, uri: str = ""):
    """``(document, None, flow, lost, holes, scripted)``: the document opened (at ``uri``: an HTML document's images
    are read from beside it), how many of its first pages are its reading flow (None: all; an EPUB's auxiliary
    spine items, `epub.resolved_spine`, are laid out after it) and an EPUB's spine entries that name no chapter
    (``(1-based position, why)``, `epub.resolved_spine`), the pages (0-based) that begin the chapter after such
    an entry (an interleaved part ends before them) and the pages of its chapters whose text is all inside
    ``<noscript>`` (`PreparedBook.noscript`); or ``(None, (reason, detail), None, [], frozenset(), frozenset())``."""
    import pymupdf

    if not data:
        return None, ("error:open:empty", "the file is empty"), *_UNOPENED
    magic, why = _MAGIC.get(filetype, (b"", ""))
    if magic and magic not in data[:1024]:
        return None, (f"error:open:not_{filetype}", why), *_UNOPENED
    auxiliary, lost, holes, noscript, broken = 0, [], (), (), None
    if filetype == "epub":
        locked = encrypted_chapters(data)
        if locked:
            return None, ("error:open:encrypted", f"DRM: META-INF/encryption.xml lists {len(locked)} chapter(s) as "
                                                  f"encrypted, {locked[0]!r} first"), *_UNOPENED
        try:
            data, auxiliary, lost, holes, noscript = resolved_spine(data, options.page_size)
        except EncodingRefused as exc:
            return None, (exc.reason, str(exc)), *_UNOPENED
        except ReasonError as exc:  # a missing or malformed container or package: its reason, if MuPDF fails too
            fault = package_fault(data) or exc  # read strictly: "not well-formed XML" where that is the fault
            broken = (fault.reason, str(fault))
    if filetype in ("html", "xhtml"):  # MuPDF reads HTML as UTF-8 whatever it declares: decoded here
        try:
            xml = filetype == "xhtml"
            images = beside(uri)  # an object showing an image is an <img> first, then placed with the others
            text = objects_as_images(decode_html(data)[0], images, xml=xml)
            if noscript_only(text, xml):  # a browser runs its scripts: the page it shows is theirs, not this text
                return None, ("filtered:noscript_only", NOSCRIPT_ONLY), *_UNOPENED
            data = as_utf8(for_layout(inline_images(text, images), xml, options.page_size, images), xml=xml)
        except EncodingRefused as exc:
            return None, (exc.reason, str(exc)), *_UNOPENED
    try:
        # MuPDF's context holds the user style sheet, the same for every reflowed document, and a document
        # takes it when opened: set after the opening, the first HTML or EPUB a process read went without it
        pymupdf.mupdf.fz_set_user_css(REFLOW_CSS)
        doc = pymupdf.open(stream=data, filetype=filetype)
        if doc.is_reflowable:
            doc.layout(width=options.page_size[0], height=options.page_size[1], fontsize=options.reflow_font_size)
        pages = 0 if doc.needs_pass else doc.page_count  # counting parses: a broken EPUB zip fails here
    except Exception as exc:
        fault = package_fault(data) if filetype == "epub" and not broken else None
        broken = broken or (fault and (fault.reason, str(fault)))
        return None, broken or ("error:open:corrupt", f"{type(exc).__name__}: {exc}"), *_UNOPENED
    if doc.needs_pass:
        doc.close()
        return None, ("error:open:encrypted", "the document needs a password"), *_UNOPENED
    if pages == 0:
        doc.close()
        return None, broken or ("error:open:no_pages", "the document has no pages"), *_UNOPENED
    # MuPDF lays each spine item out as a chapter of its own pages: the auxiliary ones are the last chapters
    flow = sum(doc.chapter_page_count(c) for c in range(doc.chapter_count - auxiliary)) if auxiliary else None
    starts = [sum(doc.chapter_page_count(c) for c in range(hole)) for hole in holes if hole < doc.chapter_count]
    scripted = frozenset(page for c in noscript if c < doc.chapter_count
                         for page in range(sum(doc.chapter_page_count(k) for k in range(c)),
                                           sum(doc.chapter_page_count(k) for k in range(c + 1))))
    return doc, None, flow, lost, frozenset(starts), scripted
