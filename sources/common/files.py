"""Reading one file's bytes through Beam's FileSystems, so local paths, gs:// and s3:// all work.

Sources, the quality stage and the pipeline read every input and side file this one way. A caller
that reads a file a record merely names (an image beside a caption) passes ``max_bytes``: a larger
file is refused from its size before any of it is read.

While a source runs under `recording_reads`, every file it reads here (or names with `note_read`: a
file read another way, a LaTeX project's folder, a URL fetched) is recorded with its `stamp`, so the extraction cache
can tell when what an input's samples were made from has changed (`unchanged`).
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import os
from typing import Callable, Iterator

from apache_beam.io.filesystems import FileSystems

from shards.reject import ReasonError


class FileTooLarge(ReasonError, OSError):
    """A file over the caller's ``max_bytes``; ``size`` is its size (or ``max_bytes + 1`` when the
    file system could not tell and reading was stopped there)."""

    def __init__(self, uri: str, size: int, max_bytes: int):
        super().__init__("error:read:too_large", f"{uri}: {size} bytes > {max_bytes}")
        self.size = size


def read_bytes(uri: str, max_bytes: int | None = None) -> bytes:
    """The bytes of ``uri`` as stored (no decompression by extension); with ``max_bytes``, at most
    that many: the size is checked first and the read stops one byte past the cap, so a file that
    grows or a file system that cannot tell sizes still costs no more than the cap."""
    note_read(uri)  # stamped before reading: a change while it is read shows as a change later
    if max_bytes is not None:
        try:
            size = FileSystems.get_filesystem(uri).size(uri)
        except Exception:  # noqa: BLE001 - a missing file is reported by open() below, with its own error
            size = None
        if size is not None and size > max_bytes:
            raise FileTooLarge(uri, size, max_bytes)
    with FileSystems.open(uri, compression_type="uncompressed") as f:
        if max_bytes is None:
            return f.read()
        # read(n) sets n bytes aside before reading: ask for what the file holds, then go on in steps
        # (a file that grew, or one whose size was unknown) until the cap is passed
        parts = [f.read(min(max_bytes, size if size is not None else 1 << 20) + 1)]
        total = len(parts[0])
        while parts[-1] and total <= max_bytes:
            parts.append(f.read(min(1 << 20, max_bytes + 1 - total)))
            total += len(parts[-1])
    if total > max_bytes:
        raise FileTooLarge(uri, total, max_bytes)
    return parts[0] if len(parts) <= 2 and not parts[-1] else b"".join(parts)


# uri -> stamp of the files the running source read; None outside `recording_reads`
_READS: contextvars.ContextVar[dict | None] = contextvars.ContextVar("vlbuild_reads", default=None)


def note_read(uri: str) -> None:
    """Record that the running source read ``uri`` (a file, or a local folder it read as a whole)."""
    _note(_READS.get(), uri)


def read_recorder() -> Callable[[str], None]:
    """`note_read` for the reads being recorded now, to call from another thread that reads for the running
    source (the browser's, which does not share its context)."""
    return functools.partial(_note, _READS.get())


def _note(reads: dict | None, uri: str) -> None:
    if reads is not None and uri not in reads:
        reads[uri] = stamp(uri)


def recording_reads(records: Iterator, reads: dict) -> Iterator:
    """``records`` as they come, with what the source reads while making each one recorded in ``reads``
    (``uri -> stamp``). Only while the source runs: the steps that handle a record between two of them
    read for themselves."""
    records = iter(records)
    while True:
        token = _READS.set(reads)
        try:
            record = next(records)
        except StopIteration:
            return
        finally:
            _READS.reset(token)
        yield record


def unchanged(reads: dict) -> bool:
    """Whether every file in ``reads`` still has the stamp it had (a missing one still missing). A file fetched
    over HTTP (`fetched`) tells nothing of its version short of fetching it again: never unchanged (an image
    changed on its server was served as it was)."""
    return all(not fetched(uri) and stamp(uri) == before for uri, before in reads.items())


def fetched(uri: str) -> bool:
    """Whether ``uri`` is read over HTTP (a caption's image URL, a live page and what it loads)."""
    return uri.startswith(("http://", "https://"))


def stamp(uri: str) -> tuple | None:
    """What tells a file's version without reading it: ``(size, mtime_ns, ctime_ns, inode)`` of a local file,
    a digest of every path and those under a local folder, ``(size, last_updated)`` on other file systems;
    None when it is not there. The change time and inode as git's index keeps them: a file replaced by one of
    its size with its modification time kept (``cp -p``, ``tar -x``, ``rsync -t``) has a new change time, which
    nobody sets, or a new inode."""
    if fetched(uri):
        return None  # (`unchanged` never trusts one)
    local = uri[len("file://"):] if uri.startswith("file://") else None if "://" in uri else uri
    if local is None:
        try:
            found = FileSystems.get_filesystem(uri).metadata(uri)
        except Exception:  # noqa: BLE001 - not there, or a file system that cannot tell: as good as missing
            return None
        return found.size_in_bytes, found.last_updated_in_seconds
    try:
        info = os.stat(local)
    except OSError:
        return None
    if not os.path.isdir(local):
        return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino
    digest = hashlib.sha256()
    for folder, names, files in os.walk(local):
        names.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                entry = os.stat(path)
            except OSError:
                continue
            digest.update(f"{os.path.relpath(path, local)}\0{entry.st_size}\0{entry.st_mtime_ns}\0"
                          f"{entry.st_ctime_ns}\0{entry.st_ino}\0".encode())
    return ("folder", digest.hexdigest())
