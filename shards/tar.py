"""WebDataset's tar layout written and read with the standard library alone, for the build.

``import webdataset`` imports torch (its package pulls in ``webdataset.pytorch``): about 1.4 s of CPU in
every build, about a tenth of a 300-page document build's (bench/RESULTS.md, issue #18), for a tar writer of
twenty lines and a member grouping of ten. `write_members` writes the bytes ``webdataset.TarWriter``
(``encoder=False``) writes, member for member (`tests/test_shards.py` compares them); `read_members`
groups a shard's files into samples as ``webdataset``'s ``group_by_keys`` does. The trainer and the
tests still read through the real library (`shards.reader`).
"""

from __future__ import annotations

import functools
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


class TarStream:
    """A streaming tar writer (``tarfile``'s ``w|`` with its default format, pax, and defaults: what
    ``webdataset.TarWriter`` writes) over ``stream``: `add` a member, `close` to end the archive.

    tarfile builds each header in Python (a dict of fields, a pax header for the float mtime, 15 parts
    joined, a checksum by ``struct``): ~0.1 ms a member, a tenth of a caption build's CPU a pair. Here a
    member whose name is ASCII and fits the ustar field (every name the build writes) gets tarfile's
    header for the same fields as a copy of one made by tarfile (per mtime) with its name, size and
    checksum set; any other name or size takes tarfile's own ``tobuf``. `tests/test_shards.py` compares
    the bytes with tarfile's and webdataset's."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        self.offset = 0  # bytes written: the end pads to a whole record from here, as tarfile does
        self.closed = False

    def add(self, name: str, data: bytes, mtime: float) -> None:
        """Append the file ``name`` holding ``data``, owner, group and mode as `write_members` sets them."""
        size = len(data)
        if len(name) <= _NAME_FIELD and size < _MAX_USTAR_SIZE and name.isascii():
            prefix, template = _template(mtime)
            block = bytearray(template)
            raw = name.encode("ascii")
            block[:len(raw)] = raw
            block[_SIZE_AT:_SIZE_AT + 12] = b"%011o\0" % size
            block[_CHKSUM_AT:_CHKSUM_AT + 8] = b"%06o\0 " % sum(block)  # summed with the field as spaces
            header = prefix + block
        else:
            header = _member_info(name, size, mtime).tobuf(tarfile.PAX_FORMAT, tarfile.ENCODING, "surrogateescape")
        padding = -size % tarfile.BLOCKSIZE
        self._stream.write(b"".join((header, data, tarfile.NUL * padding)))
        self.offset += len(header) + size + padding

    def close(self) -> None:
        """End the archive as ``TarFile.close`` does: two zero blocks, then zeros to a whole record. The
        stream itself stays open."""
        if self.closed:
            return
        self.closed = True
        self.offset += 2 * tarfile.BLOCKSIZE
        self._stream.write(tarfile.NUL * (2 * tarfile.BLOCKSIZE + -self.offset % tarfile.RECORDSIZE))


_NAME_FIELD = 100  # ustar's name field; a longer (or non-ASCII) name goes in a pax header
_MAX_USTAR_SIZE = 8 ** 11  # eleven octal digits; a larger size goes in a pax header
_SIZE_AT, _CHKSUM_AT = 124, 148  # byte offsets of the size and checksum fields in a ustar header


def _member_info(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode, info.uname, info.gname = size, mtime, _MODE, _USER, _GROUP
    return info


@functools.lru_cache(maxsize=8, typed=True)  # typed: an int mtime of 0 gets no pax header, 0.0 does
def _template(mtime: float) -> tuple[bytes, bytes]:
    """tarfile's header for an empty member named "" with ``mtime``: what goes before its ustar block (the
    pax header a float mtime gets, the same for every such member) and the block itself, its checksum
    field spaces."""
    buf = _member_info("", 0, mtime).tobuf(tarfile.PAX_FORMAT, tarfile.ENCODING, "surrogateescape")
    block = bytearray(buf[-tarfile.BLOCKSIZE:])
    block[_CHKSUM_AT:_CHKSUM_AT + 8] = b" " * 8
    return buf[:-tarfile.BLOCKSIZE], bytes(block)


def open_tar(stream: BinaryIO) -> TarStream:
    """A streaming tar writer over ``stream`` (``webdataset.TarWriter``'s mode: ``w|``, the default format)."""
    return TarStream(stream)


def write_members(tar: TarStream, members: dict[str, Any], mtime: float) -> None:
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
        tar.add(f"{key}.{extension}", value, mtime)


# A pax record tarfile reads and a plain reading may pass over: the times say nothing of where a member is
_PAX_TIMES = re.compile(rb"(\d+) (?:mtime|atime|ctime)=[^\n]*\n")
_ZERO_BLOCK = bytes(tarfile.BLOCKSIZE)


def plain_members(stream: BinaryIO) -> tuple[list[tuple[str, int, int, int]], int] | None:
    """The regular files of the uncompressed tar in ``stream`` as tarfile's ``r:`` reading finds them,
    read from their headers without tarfile, or None when the tar holds anything but what the build
    and img2dataset write: (name, header offset, data offset, size) a member, and the offset of the
    end-of-archive block (tarfile's ``offset`` once it has read the last member).

    The plain layout: ustar headers of type ``0`` with valid checksums, no name prefix, octal sizes,
    names in UTF-8, each optionally after a pax header holding only time records (the float mtime
    tarfile writes), every member's data inside the stream, then a zero block. tarfile parses each
    header in Python (~0.1 ms a member with its pax header); anything else (links, directories, long
    names, sparse files, a damaged or cut-short tar) gets None, and the caller reads it with tarfile.
    `tests/test_shards.py` checks the members against tarfile's on plain and unusual tars."""
    members, offset, start = [], 0, None
    stream.seek(0, 2)
    length = stream.tell()
    while True:
        stream.seek(offset)
        block = stream.read(tarfile.BLOCKSIZE)
        if len(block) != tarfile.BLOCKSIZE:
            return None  # tarfile stops quietly at a short header; the caller's tarfile reading says why
        if block == _ZERO_BLOCK:
            return (members, offset) if start is None and members else None
        size = _header_size(block)
        if size is None or offset + tarfile.BLOCKSIZE + size > length:
            return None
        kind = block[156:157]
        if kind == tarfile.XHDTYPE and start is None:
            records = stream.read(size)
            at = 0
            while at < size:
                match = _PAX_TIMES.match(records, at)
                if not match or int(match.group(1)) != match.end() - at:
                    return None
                at = match.end()
            start = offset
        elif kind == tarfile.REGTYPE and not any(block[345:500]):
            try:
                name = block[:100].split(b"\0", 1)[0].decode("utf-8")
            except UnicodeDecodeError:
                return None
            members.append((name, offset if start is None else start, offset + tarfile.BLOCKSIZE, size))
            start = None
        else:
            return None
        offset += tarfile.BLOCKSIZE + -(-size // tarfile.BLOCKSIZE) * tarfile.BLOCKSIZE


def _header_size(block: bytes) -> int | None:
    """A header's size as tarfile reads it, or None when its checksum is not the block's unsigned sum
    (tarfile also takes a signed one) or a field is not what tarfile's ``nti`` reads as octal."""
    checksum, size = _octal(block[148:156]), _octal(block[124:136])
    if checksum is None or size is None or size < 0 or checksum != sum(block) - sum(block[148:156]) + 256:
        return None
    return size


def _octal(field: bytes) -> int | None:
    """tarfile's ``nti`` of an octal field (base-256 fields give None)."""
    if field[0] in (0o200, 0o377):
        return None
    try:
        return int(field.split(b"\0", 1)[0].decode("ascii").strip() or "0", 8)
    except ValueError:
        return None


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
