"""The ``hf_dataset`` source: rows of a Hugging Face Hub dataset file to samples, by a column layout.

Reads the files the Hub serves and ``datasets`` writes: Parquet (row group by row group), Arrow
(``save_to_disk``'s IPC stream, or an IPC file), JSON Lines (line by line, each line its own problem)
and JSON (a list of records, as LLaVA and ShareGPT4V ship). Each row becomes one sample (an interleaved
document may be cut into several parts) or one reject with its reason; the layout (`layouts.py`: a
preset and/or ``kind`` + ``columns``) says which column holds what.
"""

from __future__ import annotations

import io
import json
import posixpath
from typing import Any, Iterator

from shards.reject import Reject, error_reject
from shards.sample import Sample
from sources.common.tables import wrapped_rows
from sources.hub.layouts import HubOptions
from sources.hub.targets import RowRejected, row_samples
from sources.records.json_records import DuplicateKey, duplicate_key, lone_surrogate, marked_object
from sources.records.json_records import loads as load_json

SOURCE = "hf_dataset"
EXTENSIONS = (".parquet", ".arrow", ".jsonl", ".ndjson", ".json")


def read_hf_dataset(data: bytes, uri: str, options: HubOptions = HubOptions(), context=None) -> Iterator[Sample | Reject]:
    """A sample (or an interleaved document's parts) or a reject per row of one dataset file."""
    layout = options.layout()
    if layout is None:
        yield Reject(SOURCE, uri, "error:hub:no_layout", detail="set options.preset, or options.kind and columns")
        return
    if context is not None and not context.wants(layout.kind):
        yield Reject(SOURCE, uri, "skipped:kind_not_requested", detail=f"this layout makes {layout.kind} samples")
        return
    if not uri.lower().endswith(EXTENSIONS):
        yield Reject(SOURCE, uri, "unsupported:extension", detail=f"hf_dataset reads {', '.join(EXTENSIONS)}")
        return
    root = posixpath.join(posixpath.dirname(uri), options.images_dir) if options.images_dir else posixpath.dirname(uri)
    produced = False
    try:
        for locator, row in rows(data, uri, options):
            produced = True
            if isinstance(row, Reject):
                yield Reject(SOURCE, uri, row.reason, detail=row.detail, locator=locator)
                continue
            try:
                yield from row_samples(row, layout, options, uri, locator, root)
            except RowRejected as exc:
                yield Reject(SOURCE, uri, exc.reason, detail=str(exc)[:300], locator=locator)
    except Exception as exc:  # the file itself is unreadable (not Parquet, a broken Arrow stream...)
        yield error_reject(SOURCE, uri, "hub", exc, locator="remainder" if produced else None)
        return
    if not produced:
        yield Reject(SOURCE, uri, "error:hub:no_rows", detail="the file holds no rows")


def rows(data: bytes, uri: str, options: HubOptions) -> Iterator[tuple[str, dict[str, Any] | Reject]]:
    """(locator, row) for the file's rows as Python values (structs as dicts, lists as lists, binary as
    bytes); a JSON line that cannot be read is a `Reject` in its place. The locator is ``line=N`` for
    JSON Lines (the line in the file, blank lines counted, so that it can be found there) and ``row=N``
    for the others."""
    if uri.lower().endswith((".jsonl", ".ndjson")):
        for number, line in enumerate(data.split(b"\n"), start=1):
            if line.strip():
                yield f"line={number}", _json_line(line, uri, options)
    else:
        yield from ((f"row={number}", row) for number, row in enumerate(_table_rows(data, uri), start=1))


def _json_line(line: bytes, uri: str, options: HubOptions) -> dict[str, Any] | Reject:
    if len(line) > options.max_row_bytes:
        return Reject(SOURCE, uri, "error:hub:row_too_large", detail=f"{len(line)} bytes > {options.max_row_bytes}")
    try:
        value = load_json(line)
    except DuplicateKey as exc:
        return Reject(SOURCE, uri, "error:hub:duplicate_key", detail=str(exc)[:300])
    except (ValueError, RecursionError) as exc:
        return Reject(SOURCE, uri, "error:hub:bad_json", detail=str(exc)[:300])
    if (surrogate := lone_surrogate(value)) is not None:  # no UTF-8 key or shard holds it: this row only
        return Reject(SOURCE, uri, "error:hub:bad_text", detail=surrogate)
    return value if isinstance(value, dict) else Reject(
        SOURCE, uri, "error:hub:not_a_row", detail=f"a JSON {type(value).__name__}, not an object")


def _table_rows(data: bytes, uri: str) -> Iterator[dict[str, Any] | Reject]:
    lower = uri.lower()
    if lower.endswith(".parquet"):
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(io.BytesIO(data)).iter_batches(batch_size=64):
            yield from batch.to_pylist()
    elif lower.endswith(".arrow"):
        import pyarrow as pa

        try:  # datasets' save_to_disk and cache files are IPC streams; feather v2 is an IPC file
            reader = pa.ipc.open_stream(io.BytesIO(data))
        except pa.ArrowInvalid:
            reader = pa.ipc.open_file(io.BytesIO(data))
            for i in range(reader.num_record_batches):
                yield from reader.get_batch(i).to_pylist()
            return
        for batch in reader:
            yield from batch.to_pylist()
    else:
        records = json.loads(data, object_pairs_hook=marked_object)  # a key given twice refuses its row only
        if isinstance(records, dict):  # {"data": [...]}, as some exports wrap their list
            records, why = wrapped_rows(records)
            if records is None:
                raise ValueError(why)
        if not isinstance(records, list):
            raise ValueError("a .json dataset file must hold a list of records")
        for value in records:
            if (surrogate := lone_surrogate(value)) is not None:
                yield Reject(SOURCE, uri, "error:hub:bad_text", detail=surrogate)
                continue
            if (twice := duplicate_key(value)) is not None:
                yield Reject(SOURCE, uri, "error:hub:duplicate_key", detail=twice[:300])
                continue
            yield value if isinstance(value, dict) else Reject(
                SOURCE, uri, "error:hub:not_a_row", detail=f"a JSON {type(value).__name__}, not an object")
