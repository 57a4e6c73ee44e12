"""URL lists: plain text (one URL a line, ``#`` comments), CSV/TSV or Parquet with a URL column.

A list of a million URLs must not be one unit of work on one worker, so
`split_url_list` cuts it into tasks before the work is spread: URLs grouped by host
(so robots.txt is read once and the host's request interval is kept by one worker),
at most ``urls_per_task`` to a task, each task a plain text list of its own.
"""

from __future__ import annotations

import csv
import io
from itertools import groupby
from typing import Iterator
from urllib.parse import urlsplit

TASK_MARK = "#host="


def parse_url_list(data: bytes, uri: str, column: str = "url") -> list[str]:
    """The URLs in a list file, in order; blank lines and ``#`` comments skipped."""
    lower = uri.lower()
    if TASK_MARK in uri:  # a task cut from a list by split_url_list: plain text whatever the list was
        lower = ".txt"
    if lower.endswith(".parquet"):
        import pyarrow.parquet as pq

        table = pq.read_table(io.BytesIO(data), columns=[column])
        values = table.column(column).to_pylist()
    elif lower.endswith((".csv", ".tsv")):
        text = data.decode("utf-8-sig")
        rows = csv.DictReader(io.StringIO(text), delimiter="\t" if lower.endswith(".tsv") else ",")
        if column not in (rows.fieldnames or []):
            raise ValueError(f"no column {column!r} in {uri}; it has {rows.fieldnames}")
        values = [row[column] for row in rows]
    else:
        values = data.decode("utf-8-sig").splitlines()
    urls = [str(v).strip() for v in values if v is not None]
    return [u for u in urls if u and not u.startswith("#")]


def split_url_list(data: bytes, uri: str, options) -> Iterator[tuple[str, bytes]]:
    """``(task uri, task list)`` pairs: the list's URLs grouped by host, ``options.urls_per_task`` at most a task."""
    urls = parse_url_list(data, uri, options.column)
    by_host = sorted(enumerate(urls), key=lambda item: (_host(item[1]), item[0]))
    for host, group in groupby(by_host, key=lambda item: _host(item[1])):
        batch = [url for _, url in group]
        for part, start in enumerate(range(0, len(batch), options.urls_per_task), 1):
            chunk = batch[start:start + options.urls_per_task]
            yield f"{uri}{TASK_MARK}{host or 'none'}&part={part}", "\n".join(chunk).encode("utf-8")


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
