"""Reading one file's bytes through Beam's FileSystems, so local paths, gs:// and s3:// all work.

Sources, the quality stage and the pipeline read every input and side file this one way.
"""

from __future__ import annotations

from apache_beam.io.filesystems import FileSystems


def read_bytes(uri: str) -> bytes:
    """The bytes of ``uri`` as stored (no decompression by extension)."""
    with FileSystems.open(uri, compression_type="uncompressed") as f:
        return f.read()
