"""Tabular files (CSV, Parquet, Arrow/Feather, JSON records or lines, XLSX) into typed `DataTable`s.

pyarrow reads every format but spreadsheets (openpyxl, read-only). Columns are typed
``numeric``, ``temporal`` or ``categorical`` so the chart source can pick charts
that fit them.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import json
import math
from typing import Any

from shards.reject import ReasonError

# the column names record files (caption pairs, text corpora) commonly use, tried in this order
IMAGE_COLUMNS = ("image", "image_path", "file_name", "filepath", "path", "url", "image_url")
CAPTION_COLUMNS = ("caption", "text", "alt", "alt_text", "title")
TABLE_EXTENSIONS = (".csv", ".tsv", ".parquet", ".feather", ".arrow", ".jsonl", ".json", ".xlsx")


class TableError(ReasonError):
    """A file that holds no usable table; ``reason`` is the reject reason code."""


@dataclasses.dataclass
class Column:
    name: str
    kind: str  # numeric | temporal | categorical
    values: list[Any]  # None where missing


@dataclasses.dataclass
class DataTable:
    name: str
    columns: list[Column]

    @property
    def rows(self) -> int:
        return len(self.columns[0].values) if self.columns else 0

    def of_kind(self, kind: str) -> list[Column]:
        return [c for c in self.columns if c.kind == kind]


def read_tables(data: bytes, uri: str) -> list[DataTable]:
    """Every table in the file (one per sheet for spreadsheets). Raises `TableError`."""
    lower = uri.lower()
    stem = uri.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    try:
        if lower.endswith(".xlsx"):
            return [t for t in _read_xlsx(data, stem) if t.columns and t.rows]
        result = from_arrow(read_arrow(data, lower), stem)  # names and cells decode here too
    except TableError:
        raise
    except Exception as exc:  # each reader has its own error types; all mean "not a readable table"
        raise TableError("error:table:unreadable", f"{type(exc).__name__}: {exc}"[:500]) from exc
    if not result.columns or not result.rows:
        raise TableError("filtered:empty_table", "no rows or no usable columns")
    return [result]


def read_arrow(data: bytes, lower: str):
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.feather as feather
    import pyarrow.json as pjson
    import pyarrow.parquet as pq

    buf = io.BytesIO(data)
    if lower.endswith(".csv"):
        return pcsv.read_csv(buf)
    if lower.endswith(".tsv"):
        return pcsv.read_csv(buf, parse_options=pcsv.ParseOptions(delimiter="\t"))
    if lower.endswith(".parquet"):
        return pq.read_table(buf)
    if lower.endswith((".feather", ".arrow")):
        return feather.read_table(buf)
    if lower.endswith(".jsonl"):
        return pjson.read_json(buf)
    records = json.loads(data)  # .json: an array of records, or {"data": [...]}
    if isinstance(records, dict):
        records = next((v for v in records.values() if isinstance(v, list)), None)
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise TableError("error:table:unreadable", "JSON must be a list of records (objects)")
    return pa.Table.from_pylist(records)


def from_arrow(table, name: str) -> DataTable:
    import pyarrow.types as pt

    columns = []
    for field, chunked in zip(table.schema, table.columns):
        values = chunked.to_pylist()
        if all(v is None for v in values):
            continue
        if pt.is_integer(field.type) or pt.is_floating(field.type) or pt.is_decimal(field.type):
            kind, values = "numeric", [None if v is None or _nan(v) else float(v) for v in values]
        elif pt.is_temporal(field.type):
            kind = "temporal"
        elif pt.is_string(field.type) or pt.is_large_string(field.type) or pt.is_boolean(field.type):
            kind, values = "categorical", [None if v is None else str(v) for v in values]
        else:
            continue  # lists, structs, binary: nothing a chart can show
        columns.append(Column(str(field.name), kind, values))
    return DataTable(name, columns)


def _read_xlsx(data: bytes, stem: str) -> list[DataTable]:
    import openpyxl
    import pyarrow as pa

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    tables = []
    for sheet in book.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
        if len(rows) < 2:
            continue
        header = [str(h) if h is not None else f"column {i + 1}" for i, h in enumerate(rows[0])]
        records = [dict(zip(header, _cell(r))) for r in rows[1:]]
        try:
            tables.append(from_arrow(pa.Table.from_pylist(records), f"{stem}-{sheet.title}"))
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # a column mixing numbers and text: read it as text
            records = [{k: None if v is None else str(v) for k, v in rec.items()} for rec in records]
            tables.append(from_arrow(pa.Table.from_pylist(records), f"{stem}-{sheet.title}"))
    return tables


def _cell(row):
    return [v.isoformat() if isinstance(v, datetime.time) else v for v in row]


def _nan(v) -> bool:
    return isinstance(v, float) and math.isnan(v)
