"""Connectors that turn one raw input into samples. No Beam inside: each is testable on a file.

`SOURCES` names every source, the kinds it writes, the file extensions it reads
(empty: only when a config entry names it) and its options dataclass; the pipeline
routes each input file by extension. A reader is called as
``read(data, uri, options, context)``; ``context`` gives per-worker resources.
"""

from __future__ import annotations

import dataclasses
import sys
from importlib.metadata import EntryPoint
from typing import Any, Callable, Iterator

from shards.reject import Reject
from shards.sample import Sample

from sources.common.images import IMAGE_EXTENSIONS
from sources.common.ocr import OcrEngine, OcrOptions, get_engine, release_engines


@dataclasses.dataclass(frozen=True)
class SourceContext:
    """Per-worker resources a source may use. Heavy ones load on first use and are then
    shared by every input the worker reads (`warm` loads them in ``DoFn.setup``)."""

    ocr: OcrOptions = OcrOptions()
    kinds: frozenset[str] | None = None  # the kinds the build asks for (None: all)

    def wants(self, kind: str) -> bool:
        """Whether to make samples of ``kind``: a source that makes several skips unwanted work."""
        return self.kinds is None or kind in self.kinds

    def ocr_engine(self) -> OcrEngine:
        return get_engine(self.ocr)

    def scan_engine(self) -> OcrEngine:
        """The engine that reads scanned document pages (``ocr.scan_backend``)."""
        return get_engine(self.ocr.for_scans())

    def browser(self):
        """This worker's headless Chromium (`sources.web.browser`), started on first use."""
        from sources.web.browser import get_browser

        return get_browser()

    def warm(self, specs: list["SourceSpec"]) -> None:
        if any(spec.uses_ocr for spec in specs):
            engine = self.ocr_engine()
            if hasattr(engine, "load"):  # an engine that sets itself up on first use: now, in setup
                engine.load()
        if any(spec.uses_browser for spec in specs):
            self.browser().start()

    def release(self) -> None:
        """Free what `warm` or first use loaded: called from ``DoFn.teardown``."""
        release_engines()
        if "sources.web.browser" in sys.modules:  # only a worker that rendered has browsers to close
            from sources.web.browser import release_browsers

            release_browsers()


ReadFn = Callable[[bytes, str, Any, SourceContext], Iterator[Sample | Reject]]


@dataclasses.dataclass(frozen=True)
class SourceSpec:
    """A source: ``read(data, uri, options)`` yields samples and rejects for one input."""

    name: str
    kinds: tuple[str, ...]
    extensions: tuple[str, ...]
    options_type: type
    reader_ref: str  # the reader's object reference, "module:function" (as in entry points), imported on
                     # first use so optional dependencies stay optional
    uses_ocr: bool = False  # every input needs the OCR engine, so it loads in DoFn.setup (fallback users
                            # such as documents load it on their first scanned page, once per worker too)
    uses_browser: bool = False  # renders in headless Chromium: the build checks it is installed first
    uses_tex: bool = False  # compiles with pdfLaTeX: the build checks it is installed first
    reads_scans: bool = False  # OCRs scanned pages with ``ocr.scan_backend``: the build checks Tesseract first
    libraries: tuple[str, ...] = ("pillow",)  # the distributions (and "chromium") whose versions decide what
                                              # the source yields: the extraction cache redoes an input when
                                              # one changes (`pipelines.extraction_cache`)
    splitter_ref: str | None = None  # "module:function" cutting one input into tasks spread across workers,
                                     # ``split(data, uri, options)`` -> (task uri, task bytes) pairs

    def splitter(self) -> Callable[[bytes, str, Any], Iterator[tuple[str, bytes]]] | None:
        return _load(self.splitter_ref) if self.splitter_ref else None

    def reader(self) -> ReadFn:
        return _load(self.reader_ref)

    def make_options(self, values: dict[str, Any]) -> Any:
        """The options dataclass from a dict, refusing names it does not know."""
        known = {f.name for f in dataclasses.fields(self.options_type)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"source {self.name!r} has no option(s) {unknown}; it knows {sorted(known)}")
        return self.options_type(**values)


def _load(ref: str) -> Callable:
    """The function an object reference (``"module:function"``) names, imported now."""
    return EntryPoint(name=ref, value=ref, group="vlbuild.sources").load()


DOCUMENT_KINDS = ("doc_ocr", "interleaved")
WEB_KINDS = ("web_code", "doc_ocr", "interleaved")


def _specs() -> dict[str, SourceSpec]:
    from sources.charts.specs import ChartOptions
    from sources.common.tables import TABLE_EXTENSIONS
    from sources.documents.read import DocumentOptions
    from sources.hub.layouts import HubOptions
    from sources.latex.read import LatexOptions
    from sources.records.captions import CaptionOptions
    from sources.records.notebooks import NotebookOptions
    from sources.records.sft import SftOptions
    from sources.records.text_corpus import TextOptions
    from sources.scene_text.label_sets import LabelOptions
    from sources.scene_text.photos import SceneTextOptions
    from sources.web.read import WebOptions

    document = "sources.documents.read:read_document"
    split_document = "sources.documents.read:split_document"  # long books: page-range tasks
    ocr = ("rapidocr", "onnxruntime", "rapidfuzz", "opencv-python-headless", "numpy", "pillow")
    documents = ("pymupdf-lite", "ftfy", "tesseract", *ocr)
    tables = ("pyarrow", "openpyxl", "numpy")
    web = ("chromium", "playwright", "trafilatura", "lxml", "lxml_html_clean", "warcio", "urllib3", "pyarrow",
           "pymupdf-lite", "numpy", "pillow")
    records = ("pillow", "pyarrow", "webdataset", "urllib3", "charset-normalizer")
    specs = [
        SourceSpec("pdf", DOCUMENT_KINDS, (".pdf",), DocumentOptions, document, libraries=documents,
                   splitter_ref=split_document, reads_scans=True),
        SourceSpec("epub", DOCUMENT_KINDS, (".epub",), DocumentOptions, document, libraries=documents,
                   splitter_ref=split_document, reads_scans=True),
        SourceSpec("html", DOCUMENT_KINDS, (".html", ".htm", ".xhtml"), DocumentOptions, document,
                   libraries=documents, reads_scans=True),
        # LaTeX projects: arXiv source archives (.tar.gz, .tgz), a gzipped or plain main .tex; a plain .tar is
        # the captions source's, so a LaTeX one is read when an entry names `latex`
        SourceSpec("latex", DOCUMENT_KINDS, (".tex", ".tex.gz", ".tar.gz", ".tgz"), LatexOptions,
                   "sources.latex.read:read_latex", uses_tex=True,
                   libraries=("pdflatex", "pypandoc_binary", "pymupdf-lite", "pillow", "numpy")),
        SourceSpec("scene_text", ("scene_ocr",), IMAGE_EXTENSIONS, SceneTextOptions,
                   "sources.scene_text.photos:read_scene_text", uses_ocr=True, libraries=ocr),
        SourceSpec("icdar", ("scene_ocr",), (), LabelOptions, "sources.scene_text.label_sets:read_icdar",
                   uses_ocr=True, libraries=ocr),
        SourceSpec("coco_text", ("scene_ocr",), (), LabelOptions, "sources.scene_text.label_sets:read_coco_text",
                   uses_ocr=True, libraries=ocr),
        SourceSpec("charts", ("chart",), TABLE_EXTENSIONS, ChartOptions, "sources.charts.read:read_table_charts",
                   libraries=("matplotlib", "pillow", *tables)),
        SourceSpec("notebook", ("web_code",), (".ipynb",), NotebookOptions,
                   "sources.records.notebooks:read_notebook", libraries=("pillow", "pymupdf-lite", "nbformat")),
        SourceSpec("web_urls", WEB_KINDS, (), WebOptions, "sources.web.read:read_url_list", uses_browser=True, libraries=web,
                   splitter_ref="sources.web.url_lists:split_url_list"),
        SourceSpec("warc", WEB_KINDS, (".warc", ".warc.gz"), WebOptions, "sources.web.read:read_warc",
                   uses_browser=True, libraries=web),
        SourceSpec("web_html", WEB_KINDS, (), WebOptions, "sources.web.read:read_html_page", uses_browser=True,
                   libraries=web),
        # caption tables share extensions with chart tables, so they are read when an entry names them;
        # a .tar is a WebDataset of pairs (img2dataset's output); text corpora are named too
        SourceSpec("captions", ("caption",), (".tar",), CaptionOptions, "sources.records.captions:read_captions",
                   libraries=records),
        SourceSpec("text", ("text",), (), TextOptions, "sources.records.text_corpus:read_text_corpus",
                   libraries=("pyarrow", "charset-normalizer")),
        # SFT conversations (LLaVA / ShareGPT JSON, chat-messages JSONL, WebDataset tars): named only
        SourceSpec("sft", ("sft",), (), SftOptions, "sources.records.sft:read_sft", libraries=records),
        # Hugging Face Hub datasets (Parquet, Arrow, JSONL, JSON) by a column layout or preset: named only
        SourceSpec("hf_dataset", ("caption", "sft", "web_code", "chart", "interleaved", "text", "doc_ocr", "scene_ocr"),
                   (), HubOptions, "sources.hub.read:read_hf_dataset",
                   libraries=("pyarrow", "pillow", "urllib3")),
    ]
    return {s.name: s for s in specs}


SOURCES: dict[str, SourceSpec] = _specs()


def source_for_path(path: str) -> SourceSpec | None:
    """The source that reads files like ``path`` (by extension, case-insensitive), or None. A task cut
    from a file (``book.pdf#pages=1-64``) goes where its file goes."""
    lower = path.lower()
    if "#" in lower and not any(lower.endswith(spec.extensions) for spec in SOURCES.values() if spec.extensions):
        lower = lower.rpartition("#")[0]
    for spec in SOURCES.values():
        if spec.extensions and lower.endswith(spec.extensions):
            return spec
    return None
