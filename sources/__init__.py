"""Connectors that turn one raw input into samples. No Beam inside: each is testable on a file.

`SOURCES` names every source, the kinds it writes, the file extensions it reads
(empty: only when a config entry names it) and its options dataclass; the pipeline
routes each input file by extension. A reader is called as
``read(data, uri, options, context)``; ``context`` gives per-worker resources.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Any, Callable, Iterator

from shards.reject import Reject
from shards.sample import Sample

from sources.ocr import OcrEngine, OcrOptions, get_engine, release_engines


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

    def browser(self):
        """This worker's headless Chromium (`sources.browser`), started on first use."""
        from sources.browser import get_browser

        return get_browser()

    def warm(self, specs: list["SourceSpec"]) -> None:
        if any(spec.uses_ocr for spec in specs):
            self.ocr_engine()
        if any(spec.uses_browser for spec in specs):
            self.browser().start()

    def release(self) -> None:
        """Free what `warm` or first use loaded: called from ``DoFn.teardown``."""
        release_engines()
        if "sources.browser" in sys.modules:  # only a worker that rendered has browsers to close
            from sources.browser import release_browsers

            release_browsers()


ReadFn = Callable[[bytes, str, Any, SourceContext], Iterator[Sample | Reject]]


@dataclasses.dataclass(frozen=True)
class SourceSpec:
    """A source: ``read(data, uri, options)`` yields samples and rejects for one input."""

    name: str
    kinds: tuple[str, ...]
    extensions: tuple[str, ...]
    options_type: type
    read_path: str  # "module:function", imported on first use so optional dependencies stay optional
    uses_ocr: bool = False  # every input needs the OCR engine, so it loads in DoFn.setup (fallback users
                            # such as documents load it on their first scanned page, once per worker too)
    uses_browser: bool = False  # renders in headless Chromium: the build checks it is installed first
    split_path: str | None = None  # "module:function" cutting one input into tasks spread across workers,
                                   # ``split(data, uri, options)`` -> (task uri, task bytes) pairs

    def splitter(self) -> Callable[[bytes, str, Any], Iterator[tuple[str, bytes]]] | None:
        return _imported(self.split_path) if self.split_path else None

    def reader(self) -> ReadFn:
        return _imported(self.read_path)

    def make_options(self, values: dict[str, Any]) -> Any:
        """The options dataclass from a dict, refusing names it does not know."""
        known = {f.name for f in dataclasses.fields(self.options_type)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"source {self.name!r} has no option(s) {unknown}; it knows {sorted(known)}")
        return self.options_type(**values)


def _imported(path: str) -> Callable:
    """The function a ``"module:function"`` path names, imported now."""
    module, func = path.split(":")
    return getattr(__import__(module, fromlist=[func]), func)


DOCUMENT_KINDS = ("doc_ocr", "interleaved")
WEB_KINDS = ("web_code", "doc_ocr", "interleaved")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".gif")


def _specs() -> dict[str, SourceSpec]:
    from sources.captions import CaptionOptions
    from sources.chart_specs import ChartOptions
    from sources.notebooks import NotebookOptions
    from sources.documents import DocumentOptions
    from sources.scene_text import SceneTextOptions
    from sources.sft import SftOptions
    from sources.tables import TABLE_EXTENSIONS
    from sources.text_corpus import TextOptions
    from sources.text_labels import LabelOptions
    from sources.web import WebOptions

    specs = [
        SourceSpec("pdf", DOCUMENT_KINDS, (".pdf",), DocumentOptions, "sources.documents:read_document"),
        SourceSpec("epub", DOCUMENT_KINDS, (".epub",), DocumentOptions, "sources.documents:read_document"),
        SourceSpec("html", DOCUMENT_KINDS, (".html", ".htm", ".xhtml"), DocumentOptions,
                   "sources.documents:read_document"),
        SourceSpec("scene_text", ("scene_ocr",), IMAGE_EXTENSIONS, SceneTextOptions,
                   "sources.scene_text:read_scene_text", uses_ocr=True),
        SourceSpec("icdar", ("scene_ocr",), (), LabelOptions, "sources.text_labels:read_icdar", uses_ocr=True),
        SourceSpec("coco_text", ("scene_ocr",), (), LabelOptions, "sources.text_labels:read_coco_text",
                   uses_ocr=True),
        SourceSpec("charts", ("chart",), TABLE_EXTENSIONS, ChartOptions, "sources.charts:read_table_charts"),
        SourceSpec("notebook", ("web_code",), (".ipynb",), NotebookOptions, "sources.notebooks:read_notebook"),
        SourceSpec("web_urls", WEB_KINDS, (), WebOptions, "sources.web:read_url_list", uses_browser=True,
                   split_path="sources.url_lists:split_url_list"),
        SourceSpec("warc", WEB_KINDS, (".warc", ".warc.gz"), WebOptions, "sources.web:read_warc", uses_browser=True),
        SourceSpec("web_html", WEB_KINDS, (), WebOptions, "sources.web:read_html_page", uses_browser=True),
        # caption tables share extensions with chart tables, so they are read when an entry names them;
        # a .tar is a WebDataset of pairs (img2dataset's output); text corpora are named too
        SourceSpec("captions", ("caption",), (".tar",), CaptionOptions, "sources.captions:read_captions"),
        SourceSpec("text", ("text",), (), TextOptions, "sources.text_corpus:read_text_corpus"),
        # SFT conversations (LLaVA / ShareGPT JSON, chat-messages JSONL, WebDataset tars): named only
        SourceSpec("sft", ("sft",), (), SftOptions, "sources.sft:read_sft"),
    ]
    return {s.name: s for s in specs}


SOURCES: dict[str, SourceSpec] = _specs()


def source_for_path(path: str) -> SourceSpec | None:
    """The source that reads files like ``path`` (by extension, case-insensitive), or None."""
    lower = path.lower()
    for spec in SOURCES.values():
        if spec.extensions and lower.endswith(spec.extensions):
            return spec
    return None
