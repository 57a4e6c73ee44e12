"""Staged images: a sample's image bytes left in a staging file while the sample crosses the graph.

Beam's local runner holds every element that crosses a grouping in memory, several times over
(decoded, re-encoded for the next stage, in the data channel); a caption pair's JPEG was most of
the ~45 KiB a pair the build's peak grew by (issue #25, bench.caption_scale). So once the filter
has read a sample's pictures (hashes, checks), its images are written to a staging file and the
sample carries `StagedImage` references instead; the shard writer reads them back, one shard's
worth at a time. The files live under the build's staging folder on any Beam filesystem (local,
gs://, s3://), so every worker of a cluster reads what another wrote.
"""

from __future__ import annotations

import dataclasses
import struct

from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from shards.manifest import join


@dataclasses.dataclass(frozen=True)
class StagedImage:
    """``length`` bytes at ``offset`` of the staging file ``name`` (in the build's staging folder, which
    the reader knows: a million samples would otherwise each carry the folder's path)."""

    name: str
    offset: int
    length: int

    def __len__(self) -> int:
        return self.length  # Sample.nbytes sizes shards before the bytes are back


def pack_reference(ref: StagedImage) -> bytes:
    """A reference as one bytes value (the file name, then offset and length, 8 bytes each): what a
    grouping carries for a staged sample (~60 bytes held, against ~200 for the tuple of its fields)."""
    return ref.name.encode("utf-8") + struct.pack("<QQ", ref.offset, ref.length)


def unpack_reference(data: bytes) -> StagedImage:
    """`pack_reference`'s bytes -> the reference."""
    offset, length = struct.unpack("<QQ", data[-16:])
    return StagedImage(data[:-16].decode("utf-8"), offset, length)


class StagingWriter:
    """Appends images to the staging file ``name`` in ``folder`` (opened on first use) and hands out
    their references."""

    def __init__(self, folder: str, name: str):
        self.path, self.name, self.offset, self.file = join(folder, name), name, 0, None

    def stage(self, images: list[bytes]) -> list[StagedImage]:
        if self.file is None:
            self.file = FileSystems.create(self.path, compression_type=CompressionTypes.UNCOMPRESSED)
        refs = []
        for data in images:
            self.file.write(data)
            refs.append(StagedImage(self.name, self.offset, len(data)))
            self.offset += len(data)
        return refs

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


class StagingReader:
    """Reads images staged in ``folder`` back, keeping each staging file open until `close`."""

    def __init__(self, folder: str):
        self.folder, self.files = folder, {}

    def read(self, image: StagedImage) -> bytes:
        handle = self.files.get(image.name)
        if handle is None:
            handle = self.files[image.name] = FileSystems.open(join(self.folder, image.name),
                                                               compression_type=CompressionTypes.UNCOMPRESSED)
        handle.seek(image.offset)
        data = handle.read(image.length)
        if len(data) != image.length:
            raise OSError(f"staging file {join(self.folder, image.name)} ends before byte {image.offset + image.length}")
        return data

    def restored(self, sample):
        """``sample`` with its staged images read back as bytes (unchanged when none are staged)."""
        if not any(isinstance(i, StagedImage) for i in sample.images):
            return sample
        return dataclasses.replace(sample, images=[self.read(i) if isinstance(i, StagedImage) else i
                                                   for i in sample.images])

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()
        self.files = {}
