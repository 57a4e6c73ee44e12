"""Text-only corpora to `text` samples: JSONL/JSON/CSV/Parquet rows with a text field, or plain text.

Plain text is one document per file by default (``split: blank_lines`` cuts at blank lines,
``lines`` one per line, as some corpora ship). Each document gives a sample or a reject; the
quality stage then filters and deduplicates them like every other kind.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterator

from shards.reject import Reject, error_reject
from shards.sample import Sample, make_key
from sources.common.tables import CAPTION_COLUMNS

KIND = "text"
TEXT_COLUMNS = ("text", "content", "body", "document") + CAPTION_COLUMNS


@dataclasses.dataclass(frozen=True)
class TextOptions:
    """text_field: None takes the first of text, content, body, document. split: for plain text,
    ``file`` (one document), ``blank_lines`` or ``lines``. min_chars: shorter documents are dropped here."""

    text_field: str | None = None
    split: str = "file"
    min_chars: int = 1

    def __post_init__(self) -> None:
        if self.split not in ("file", "blank_lines", "lines"):
            raise ValueError("split must be file, blank_lines or lines")


def read_text_corpus(data: bytes, uri: str, options: TextOptions = TextOptions(),
                     context=None) -> Iterator[Sample | Reject]:
    """A sample or a reject per document."""
    if uri.lower().endswith((".txt", ".text", ".md")):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Reject("text", uri, "error:text:not_utf8", detail=str(exc)[:300])
            return
        pieces = {"file": [text], "blank_lines": re.split(r"\n\s*\n", text), "lines": text.splitlines()}
        docs = [d for d in pieces[options.split] if d.strip()] or [text]
    else:
        from sources.common.tables import read_arrow

        try:
            rows = read_arrow(data, uri.lower()).to_pylist()
        except Exception as exc:
            yield error_reject("text", uri, "text", exc)
            return
        field = options.text_field or next((c for c in TEXT_COLUMNS if rows and c in rows[0]), None)
        if not rows or field is None:
            yield Reject("text", uri, "error:text:no_text_field",
                         detail=f"no rows, or none of the fields {TEXT_COLUMNS} (set text_field)")
            return
        docs = [row.get(field) for row in rows]
    for index, doc in enumerate(docs):
        locator = f"doc={index + 1}"
        if not isinstance(doc, str) or len(doc.strip()) < options.min_chars:
            yield Reject("text", uri, "filtered:empty_text", detail=repr(doc)[:80], locator=locator)
            continue
        doc = doc.strip()
        yield Sample(make_key(KIND, uri, locator, doc), KIND, text=doc,
                     meta={"source": "text", "uri": uri, "locator": locator})
