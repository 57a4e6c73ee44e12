"""WebDataset tars read as samples: members grouped by key, every member's size checked from its header.

The key and extension of a member follow webdataset's convention (`webdataset.tariterators.
base_plus_ext`: the key runs to the first dot of the file name, so ``img.v2.jpg`` is key ``img``,
extension ``v2.jpg``), and like webdataset's reader directories and ``__meta__`` members are skipped.
Unlike its streaming ``group_by_keys``, which needs a sample's members to be adjacent (a tar written out
of order gives each half as a separate, incomplete sample), members are grouped over the whole tar.

A tar may be much bigger inside than outside (gzip-compressed, or GNU sparse members whose header
claims gigabytes): a member larger than ``max_member_bytes`` is refused from its header before any of it
is read, and once the bytes that reading on would cost (members read, plus the stored bytes skipped
past refused ones) pass ``max_expanded_bytes`` the rest of the tar is refused.
Members of an uncompressed tar are slices of the input, read when a sample asks for them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import re
import tarfile
from typing import Callable, Iterator, Mapping

from shards.reject import Reject

MAX_MEMBER_BYTES = 256 * 2**20  # an image member as large as ImageLimits.max_bytes
MAX_EXPANDED_BYTES = 2**30
_META = re.compile(r"__[^/]*__($|/)")  # webdataset's skip_meta
_COMPRESSED = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")


@dataclasses.dataclass(frozen=True)
class TarSample:
    """The members of one key: ``members`` maps extension to bytes (read on access); ``problem`` is a
    ``(reason, detail)`` that spoils the whole sample (a refused or duplicated member)."""

    key: str
    members: Mapping[str, bytes]
    problem: tuple[str, str] | None = None

    @property
    def locator(self) -> str:
        return f"key={self.key}"


@dataclasses.dataclass(frozen=True)
class TarProblem:
    """Something that is no sample's: ``locator`` names the member, or is ``remainder`` for the rest
    of a tar that could not be read on."""

    reason: str
    detail: str
    locator: str


class _Members(Mapping[str, bytes]):
    def __init__(self, loaders: dict[str, Callable[[], bytes]]):
        self._loaders = loaders

    def __getitem__(self, ext: str) -> bytes:
        return self._loaders[ext]()

    def __iter__(self):
        return iter(self._loaders)

    def __len__(self) -> int:
        return len(self._loaders)


def tar_samples(data: bytes, max_member_bytes: int = MAX_MEMBER_BYTES,
                max_expanded_bytes: int = MAX_EXPANDED_BYTES) -> Iterator[TarSample | TarProblem]:
    """The samples of a (possibly compressed) WebDataset tar, in the order their keys first appear,
    then problems that belong to no sample."""
    # webdataset's splitting, without importing webdataset (and torch: ~1.4 s)
    from shards.tar import base_plus_ext, plain_members

    plain = not data.startswith(_COMPRESSED)
    view = memoryview(data)
    loaders: dict[str, dict[str, Callable[[], bytes]]] = {}
    problems: dict[str, tuple[str, str]] = {}
    loose: list[TarProblem] = []
    claimed, current = 0, None
    try:
        # a plain tar's headers read without tarfile (the same members; anything else is tarfile's to read)
        found = plain_members(io.BytesIO(data)) if plain else None
        with contextlib.nullcontext() if found else tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
            for info in _tar_infos(*found) if found else tar:
                if not info.isreg() or _META.match(info.name):
                    continue
                key, ext = base_plus_ext(info.name)
                if key is None:
                    loose.append(TarProblem("error:tar:member_without_extension",
                                            "webdataset names members KEY.EXT; this one has no extension",
                                            f"member={info.name}"))
                    continue
                members = loaders.setdefault(key, {})
                current, refused = key, info.size > max_member_bytes
                # what reading on costs: a refused member's stored bytes are still skipped (decompressed,
                # when the tar is); a GNU sparse member stores only its data, not its holes
                stored = sum(n for _, n in info.sparse) if info.issparse() else info.size
                claimed += stored if refused else info.size
                if ext in members:
                    problems.setdefault(key, ("error:tar:duplicate_member", f"{info.name} appears twice"))
                    continue
                if refused:
                    problems.setdefault(key, ("error:tar:member_too_large",
                                              f"{info.name}: {info.size} bytes > max_member_bytes "
                                              f"{max_member_bytes} (from its header; not read)"))
                if claimed > max_expanded_bytes:  # stop before skipping (decompressing) past the member
                    problems.setdefault(key, ("error:tar:too_large", f"{info.name}: the tar stops being "
                                              "read at this member"))
                    loose.append(TarProblem("error:tar:too_large",
                                            f"members claim {claimed} bytes > max_expanded_bytes "
                                            f"{max_expanded_bytes}; the rest of the tar is not read",
                                            "remainder"))
                    break
                if refused:
                    continue
                if plain and not info.issparse():  # a slice of the input: nothing copied until asked for
                    start = info.offset_data
                    members[ext] = lambda s=start, n=info.size: bytes(view[s:s + n])
                else:
                    payload = tar.extractfile(info).read()
                    members[ext] = lambda p=payload: p
                if tar is not None:
                    tar.members = []  # tarfile keeps every header otherwise
            else:
                stream, end = (io.BytesIO(data), found[1]) if found else (tar.fileobj, tar.offset)
                lost = _bytes_after_end(stream, end)
                if lost:
                    loose.append(TarProblem("error:tar:unreadable", lost, "remainder"))
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        if current is not None:  # the sample being read when the tar broke may lack members
            problems.setdefault(current, ("error:tar:unreadable", f"the tar breaks off after this sample's "
                                          f"last member read, so it may lack members: {exc}"[:300]))
        loose.append(TarProblem("error:tar:unreadable",
                                f"{type(exc).__name__}: {exc}"[:300], "remainder"))
    for key, members in loaders.items():
        yield TarSample(key, _Members(members), problems.get(key))
    yield from loose


def whole_samples(data: bytes, source: str, uri: str, limits) -> Iterator[TarSample | Reject]:
    """`tar_samples` within ``limits`` (a `RecordLimits`), each problem already ``source``'s reject."""
    for item in tar_samples(data, limits.max_member_bytes, limits.max_expanded_bytes):
        if isinstance(item, TarProblem):
            yield Reject(source, uri, item.reason, detail=item.detail, locator=item.locator)
        elif item.problem:
            yield Reject(source, uri, item.problem[0], detail=item.problem[1], locator=item.locator)
        else:
            yield item


def _tar_infos(members: list[tuple[str, int, int, int]], end: int) -> Iterator[tarfile.TarInfo]:
    """`shards.tar.plain_members`' members as the TarInfo tarfile gives (name, size, data offset)."""
    for name, offset, data_offset, size in members:
        info = tarfile.TarInfo(name)
        info.size, info.offset, info.offset_data = size, offset, data_offset
        yield info


def _bytes_after_end(stream, offset: int) -> str:
    """Why the tar did not end cleanly, or "": tarfile ends quietly at a header cut short or
    corrupt, so what follows the last member (from ``offset``, the end tarfile reached) must be the
    end-of-archive zeros (checked up to 1 MiB)."""
    stream.seek(offset)
    for _ in range(16):
        chunk = stream.read(1 << 16)
        if not chunk:
            return ""
        if chunk.strip(b"\0"):
            return f"data after the last readable member at byte {offset} (a header cut short or corrupt)"
    return ""


def last_extension(ext: str) -> str:
    """``v2.jpg`` -> ``jpg``: how webdataset's decoders tell a member's type."""
    return ext.rsplit(".", 1)[-1].lower()
