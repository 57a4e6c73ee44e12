"""WebDataset's tar layout written and read with the standard library alone, for the build.

``import webdataset`` imports torch (its package pulls in ``webdataset.pytorch``): about 1.4 s of CPU in
every build, about a tenth of a 300-page document build's (bench/RESULTS.md, issue #18), for a tar writer of
twenty lines and a member grouping of ten. `write_members` writes the bytes ``webdataset.TarWriter``
(``encoder=False``) writes, member for member (`tests/test_shards.py` compares them); `read_members`
groups a shard's files into samples as ``webdataset``'s ``group_by_keys`` does. The trainer and the
tests still read through the real library (`shards.reader`).
"""

from __future__ import annotations

import io
import re
import tarfile
from typing import TYPE_CHECKING, Any, BinaryIO, Iterator

if TYPE_CHECKING:
    from shards.sample import Sample

# webdataset.TarWriter's defaults: the same owner, group and mode on every member
_USER = _GROUP = "bigdata"
_MODE = 0o0444
_KEY_AND_EXTENSION = re.compile(r"^((?:.*/|)[^.]+)[.]([^/]*)$")  # webdataset's base_plus_ext
_META = re.compile(r"__[^/]*__($|/)")  # webdataset's skip_meta


def base_plus_ext(name: str) -> tuple[str, str] | tuple[None, None]:
    """``webdataset.tariterators.base_plus_ext``: (key, extension) split at the file name's first dot,
    or (None, None) for a name without one."""
    match = _KEY_AND_EXTENSION.match(name)
    return (match.group(1), match.group(2)) if match else (None, None)


def open_tar(stream: BinaryIO) -> tarfile.TarFile:
    """A streaming tar writer over ``stream`` (``webdataset.TarWriter``'s mode: ``w|``, the default format)."""
    return tarfile.open(fileobj=stream, mode="w|")


def write_members(tar: tarfile.TarFile, members: dict[str, Any], mtime: float) -> None:
    """Write one sample's ``members`` (``__key__`` and extension -> bytes or str) as ``KEY.EXT`` files in
    sorted order of extension, members whose name starts with ``_`` left out."""
    key = members["__key__"]
    for extension in sorted(members):
        if extension[0] == "_":
            continue
        value = members[extension]
        if isinstance(value, str):
            value = value.encode("utf-8")
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise ValueError(f"{extension} doesn't map to bytes ({type(value)})")
        info = tarfile.TarInfo(f"{key}.{extension}")
        info.size, info.mtime, info.mode, info.uname, info.gname = len(value), mtime, _MODE, _USER, _GROUP
        tar.addfile(info, io.BytesIO(value))


def read_members(stream: BinaryIO) -> Iterator[dict[str, bytes]]:
    """Each sample of the tar in ``stream`` as ``{"__key__": key, extension: bytes}``: consecutive files of
    one key, split at the first dot of the file name, extensions lower-cased, ``__x__`` names skipped; a
    repeated extension within one key is an error (webdataset's ``tar_file_iterator`` and ``group_by_keys``)."""
    current: dict[str, bytes] | None = None
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        for info in tar:
            if not info.isreg() or _META.match(info.name):
                continue
            match = _KEY_AND_EXTENSION.match(info.name)
            if not match:
                continue
            key, extension = match.group(1), match.group(2).lower()
            if current is None or key != current["__key__"]:
                if current is not None:
                    yield current
                current = {"__key__": key}
            if extension in current:
                raise ValueError(f"{info.name}: duplicate file name in tar file")
            current[extension] = tar.extractfile(info).read()
    if current is not None:
        yield current


def read_shards(paths: list[str]) -> Iterator[Sample]:
    """Every sample of the shards at ``paths`` (local paths or URLs), in order: what `shards.reader.read_samples`
    yields for them, read without webdataset."""
    from shards.manifest import open_for_reading
    from shards.sample import Sample

    for path in paths:
        with open_for_reading(path) as stream:
            for members in read_members(stream):
                yield Sample.from_wds(members)
