"""Text-only corpora to `text` samples: JSONL/JSON/CSV/Parquet rows with a text field, or plain text.

Plain text is one document per file by default (``split: blank_lines`` cuts at blank lines,
``lines`` one per line, as some corpora ship; lines end at ``\n`` only). JSON rows are read one by
one (`json_records`), so fields a row does not use may change type. Each document gives a sample or a reject; the
quality stage then filters and deduplicates them like every other kind.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from typing import Iterator

from shards.reject import Reject, error_reject
from shards.sample import Sample, make_key
from sources.common.mojibake import repaired as repaired_mojibake
from sources.common.tables import CAPTION_COLUMNS
from sources.records.json_records import MAX_RECORD_BYTES, json_records

KIND = "text"
TEXT_COLUMNS = ("text", "content", "body", "document") + CAPTION_COLUMNS


@dataclasses.dataclass(frozen=True)
class TextOptions:
    """text_field: None takes the first of text, content, body, document. split: for plain text,
    ``file`` (one document), ``blank_lines`` or ``lines``. min_chars: shorter documents are dropped here.
    max_record_bytes: a longer JSON row is refused unparsed."""

    text_field: str | None = None
    split: str = "file"
    min_chars: int = 1
    max_record_bytes: int = MAX_RECORD_BYTES

    def __post_init__(self) -> None:
        if self.split not in ("file", "blank_lines", "lines"):
            raise ValueError("split must be file, blank_lines or lines")


def read_text_corpus(data: bytes, uri: str, options: TextOptions = TextOptions(),
                     context=None) -> Iterator[Sample | Reject]:
    """A sample or a reject per document."""
    lower = uri.lower()
    if lower.endswith((".txt", ".text", ".md")):
        try:
            text = data.decode("utf-8-sig")  # a byte-order mark is not part of the first document
        except UnicodeDecodeError as exc:
            yield Reject("text", uri, "error:text:not_utf8", detail=str(exc)[:300])
            return
        # a file written on Windows ends its lines by "\r\n": the line end, not text of the document
        text = text.replace("\r\n", "\n")
        # cut at "\n" only: U+2028, U+0085, form feeds... are characters of a line, not line ends
        pieces = {"file": [text], "blank_lines": re.split(r"\n[ \t\r]*\n", text),
                  "lines": [line.rstrip("\r") for line in text.split("\n")]}
        docs = [(f"doc={i + 1}", d) for i, d in enumerate(d for d in pieces[options.split] if d.strip())]
        yield from _documents(docs or [("doc=1", text)], uri, data, options)
    elif lower.endswith((".json", ".jsonl", ".ndjson")):
        yield from _documents(_json_documents(data, uri, options), uri, data, options)
    else:
        from sources.common.tables import repeated_columns, text_rows

        try:
            names, rows = text_rows(data, lower)  # a CSV's text is text as written ("00123", not 123.0)
        except Exception as exc:
            yield error_reject("text", uri, "text", exc)
            return
        field = options.text_field or next((c for c in TEXT_COLUMNS if c in names), None)
        if not rows or field is None or field not in names:
            yield _no_text_field(uri)
            return
        if repeated := repeated_columns(names, (field,)):  # a row keeps one of them: which?
            yield Reject("text", uri, "error:text:repeated_column", detail=repeated)
            return
        docs = [(f"doc={i + 1}", Reject("text", uri, "error:text:bad_row", detail=row, locator=f"doc={i + 1}")
                 if isinstance(row, str) else row.get(field)) for i, row in enumerate(rows)]
        yield from _documents(docs, uri, data, options)


def _json_documents(data: bytes, uri: str, options: TextOptions):
    """(locator, text or a Reject) per JSON row, each read on its own (rows need not share a schema)."""
    produced = False
    def is_record(obj: dict) -> bool:
        return options.text_field in obj if options.text_field else any(c in obj for c in TEXT_COLUMNS)

    for record in json_records(data, uri, options.max_record_bytes, rows=is_record):
        produced = True
        locator = (record.locator or "").replace("record=", "doc=").replace("line=", "doc=") or None
        if record.problem:
            yield locator, Reject("text", uri, f"error:text:{record.problem}", detail=record.detail, locator=locator)
            continue
        value = record.value if isinstance(record.value, dict) else {}
        field = options.text_field or next((c for c in TEXT_COLUMNS if c in value), None)
        if field is None:
            yield locator, Reject("text", uri, "error:text:no_text_field", locator=locator,
                                  detail=f"none of the fields {TEXT_COLUMNS} (set text_field)")
        else:
            yield locator, value.get(field)
    if not produced:
        yield None, _no_text_field(uri)


def _no_text_field(uri: str) -> Reject:
    return Reject("text", uri, "error:text:no_text_field",
                  detail=f"no rows, or none of the fields {TEXT_COLUMNS} (set text_field)")


def _documents(docs, uri: str, data: bytes, options: TextOptions) -> Iterator[Sample | Reject]:
    # keys from the file's bytes, not its path: the same corpus gives the same keys wherever it lies (a
    # key decides which of two duplicates is kept)
    digest = hashlib.sha256(data).hexdigest()
    for locator, doc in docs:
        if isinstance(doc, Reject):
            yield doc
        elif doc is not None and not isinstance(doc, str):  # a number, a list, an object: no document's text
            yield Reject("text", uri, "error:text:not_text", locator=locator,
                         detail=f"the text field holds a {type(doc).__name__}, not text: {doc!r}"[:300])
        elif doc is None or len(doc.strip()) < options.min_chars:
            yield Reject("text", uri, "filtered:empty_text", detail=repr(doc)[:80], locator=locator)
        else:
            doc, fixed = repaired_mojibake(doc.strip())
            if fixed is None:
                yield Reject("text", uri, "filtered:mojibake", detail=f"garbled past repair: {doc[:200]!r}",
                             locator=locator)
                continue
            yield Sample(make_key(KIND, digest, locator, doc), KIND, text=doc,
                         meta={"source": "text", "uri": uri, "locator": locator})
