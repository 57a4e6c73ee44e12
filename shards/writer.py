"""Writing samples into WebDataset tar shards.

A shard is written under a temporary name and renamed when complete, so a reader
never sees a partial shard. All file access goes through Beam's FileSystems, so the
same code writes to local disk, ``gs://`` or ``s3://``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Protocol, runtime_checkable

from apache_beam.io.filesystems import FileSystems

from shards.sample import Sample
from shards.tar import open_tar, write_members

# Fixed tar metadata: the same samples give byte-identical shards on every run.
_TAR_MTIME = 0.0


@dataclasses.dataclass
class ShardInfo:
    """What the manifest records of one shard (in the manifest ``path`` is relative to the build output)."""

    path: str
    kind: str
    samples: int
    bytes: int
    sha256: str


@runtime_checkable
class SampleWriter(Protocol):
    """The one writer contract: ``write`` samples, then ``close`` to publish."""

    def write(self, sample: Sample) -> None: ...

    def close(self) -> ShardInfo: ...


class _HashingStream:
    """A write-only stream that counts and hashes what passes through it."""

    def __init__(self, raw):
        self.raw = raw
        self.sha = hashlib.sha256()
        self.nbytes = 0

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.nbytes += len(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()


class TarShardWriter:
    """Writes one shard of ``kind`` samples as ``path + ".partial"``, renamed to ``path`` on close."""

    def __init__(self, path: str, kind: str):
        self.path, self.kind = path, kind
        self.temp_path = path + ".partial"
        self._raw = FileSystems.create(self.temp_path)
        self._stream = _HashingStream(self._raw)
        self._tar = open_tar(self._stream)  # webdataset.TarWriter's bytes, without importing torch (`shards.tar`)
        self.samples = 0
        self.nbytes = 0

    def write(self, sample: Sample) -> None:
        if sample.kind != self.kind:
            raise ValueError(f"{sample.kind} sample {sample.key} written to a {self.kind} shard")
        write_members(self._tar, sample.to_wds(), _TAR_MTIME)
        self.samples += 1
        self.nbytes += sample.nbytes()

    def close(self) -> ShardInfo:
        self._tar.close()  # closes the tar stream, not our raw file
        self._raw.close()
        replace(self.temp_path, self.path)
        return ShardInfo(self.path, self.kind, self.samples, self._stream.nbytes, self._stream.sha.hexdigest())


def replace(src: str, dst: str) -> None:
    """Rename ``src`` to ``dst``, replacing ``dst`` if it exists (Beam's rename refuses to)
    and making its folder if needed (object stores have none to make)."""
    if FileSystems.exists(dst):
        FileSystems.delete([dst])
    folder = dst.rsplit("/", 1)[0]
    if not FileSystems.exists(folder):
        try:
            FileSystems.mkdirs(folder)
        except OSError:  # another worker made it first
            pass
    FileSystems.rename([src], [dst])


def write_whole(path: str, data: bytes) -> str:
    """Write ``data`` to ``path`` so that a reader sees all of it or nothing: a temporary name, then
    renamed. Returns ``path``."""
    temp = path + ".partial"
    with FileSystems.create(temp) as f:
        f.write(data)
    replace(temp, path)
    return path
