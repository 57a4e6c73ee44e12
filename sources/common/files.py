"""Reading one file's bytes through Beam's FileSystems, so local paths, gs:// and s3:// all work.

Sources, the quality stage and the pipeline read every input and side file this one way. A caller
that reads a file a record merely names (an image beside a caption) passes ``max_bytes``: a larger
file is refused from its size before any of it is read.
"""

from __future__ import annotations

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
