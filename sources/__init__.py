"""Connectors that turn one raw input into samples. No Beam inside: each is pure and testable on a file.

`SOURCES` names every source, the kinds it writes, the file extensions it reads
and its options dataclass; the pipeline routes each input file by extension.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Iterator

from shards.reject import Reject
from shards.sample import Sample

ReadFn = Callable[[bytes, str, Any], Iterator[Sample | Reject]]


@dataclasses.dataclass(frozen=True)
class SourceSpec:
    """A source: ``read(data, uri, options)`` yields samples and rejects for one input."""

    name: str
    kinds: tuple[str, ...]
    extensions: tuple[str, ...]
    options_type: type
    read_path: str  # "module:function", imported on first use so optional dependencies stay optional

    def reader(self) -> ReadFn:
        module, func = self.read_path.split(":")
        return getattr(__import__(module, fromlist=[func]), func)

    def make_options(self, values: dict[str, Any]) -> Any:
        """The options dataclass from a dict, refusing names it does not know."""
        known = {f.name for f in dataclasses.fields(self.options_type)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"source {self.name!r} has no option(s) {unknown}; it knows {sorted(known)}")
        return self.options_type(**values)


def _specs() -> dict[str, SourceSpec]:
    from sources.pdf import PdfOptions

    specs = [SourceSpec("pdf", ("doc_ocr",), (".pdf",), PdfOptions, "sources.pdf:read_pdf")]
    return {s.name: s for s in specs}


SOURCES: dict[str, SourceSpec] = _specs()


def source_for_path(path: str) -> SourceSpec | None:
    """The source that reads files like ``path`` (by extension, case-insensitive), or None."""
    lower = path.lower()
    for spec in SOURCES.values():
        if lower.endswith(spec.extensions):
            return spec
    return None
