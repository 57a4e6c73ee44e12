"""The members of the near-duplicate search's table-group records: what a batch of fingerprints
becomes on its way to each group's consumer, and how the consumer holds them.

Pictures travel as `ImageColumns` (packed keys, uri digests, kind codes, one uint64 array of view
hashes: ~47 bytes a picture, against ~81 for pickled tuples and ~450 as the consumer's Python
objects; issue #25); texts as a pickled list of (key, origin, signature). A consumer makes a member
the tuple `NearEdgesFn` takes only for the buckets it is in (`ImageMembers.member`).
"""

from __future__ import annotations

import bisect
import hashlib
import pickle

import numpy as np

from quality import image_hash, image_lsh
from quality.config import DedupOptions


def uri_digest(uri: str) -> bytes:
    """A uri's stand-in in a member's origin: `may_pair` only asks whether two uris are equal."""
    return hashlib.blake2b(uri.encode("utf-8"), digest_size=8).digest()


class ImageColumns:
    """A batch's image members as columns: keys, uri digests, kind codes and one uint64 array of every
    image's view hashes (by member, image, view), with counts of images a member and views an image.

    Sent to each of a picture's 8 table groups (or staged, the records then carrying references) and
    held by the group's consumer for the whole corpus: ~47 bytes a picture (24-hex keys packed as 12
    bytes), against ~81 as pickled tuples and ~450 as Python objects (issue #25). A member comes back
    as a tuple (`member`) only for the buckets it is in. Views must fit 64 bits (``image_hash_size``
    8), as the LSH keys' lookup needs."""

    def __init__(self, keys: bytes, key_width: int, digests: bytes, kinds: tuple[str, ...], codes: np.ndarray,
                 images: np.ndarray, views: np.ndarray, values: np.ndarray):
        # key_width > 0: keys of that many hex digits packed two to a byte; 0: utf-8 joined by "\0"
        self.keys, self.key_width, self.digests, self.kinds = keys, key_width, digests, kinds
        self.codes, self.images, self.views, self.values = codes, images, views, values

    @classmethod
    def of(cls, batch) -> "ImageColumns":
        """The members of a batch of fingerprints with pictures, in batch order."""
        fps = [fp for fp in batch if fp.phashes]
        keys = [fp.key for fp in fps]
        width = len(keys[0]) if keys else 0
        if width and width % 2 == 0 and all(len(k) == width and _is_hex(k) for k in keys):
            packed = b"".join(bytes.fromhex(k) for k in keys)
        else:
            if any("\0" in k for k in keys):
                raise ValueError("a sample key holds a NUL character")
            packed, width = "\0".join(keys).encode("utf-8"), 0
        kinds = tuple(sorted({fp.origin[1] for fp in fps}))
        images = [image_hash.view_ints(v) for fp in fps for v in fp.phashes]
        return cls(packed, width, b"".join(uri_digest(fp.origin[0]) for fp in fps), kinds,
                   _narrow([kinds.index(fp.origin[1]) for fp in fps]), _narrow([len(fp.phashes) for fp in fps]),
                   _narrow([len(v) for v in images]), np.array([x for v in images for x in v], dtype=np.uint64))

    def __len__(self) -> int:
        return len(self.codes)

    def to_bytes(self) -> bytes:
        arrays = [(a.dtype.str, a.tobytes()) for a in (self.codes, self.images, self.views, self.values)]
        return pickle.dumps((self.keys, self.key_width, self.digests, self.kinds, arrays),
                            protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, blob: bytes) -> "ImageColumns":
        keys, width, digests, kinds, arrays = pickle.loads(blob)
        return cls(keys, width, digests, kinds, *(np.frombuffer(data, dtype=kind) for kind, data in arrays))

    def view_owners(self) -> np.ndarray:
        """Each view's member index (uint32), in `values` order."""
        image_owners = np.repeat(np.arange(len(self), dtype=np.uint32), self.images)
        return np.repeat(image_owners, self.views)

    def key(self, index: int) -> str:
        if self.key_width:
            size = self.key_width // 2
            return self.keys[index * size:(index + 1) * size].hex()
        if not hasattr(self, "_keys"):
            self._keys = self.keys.decode("utf-8").split("\0")  # a consumer's own decoded copy
        return self._keys[index]

    def member(self, index: int) -> tuple:
        """Member ``index`` as `NearEdgesFn` takes it: (key, ((uri digest, kind), images as view-int tuples))."""
        starts = self._image_starts()
        first, last = int(starts[index]), int(starts[index + 1])
        view_starts = self._view_starts()
        images = tuple(tuple(self.values[view_starts[i]:view_starts[i + 1]].tolist()) for i in range(first, last))
        origin = (self.digests[index * 8:(index + 1) * 8], self.kinds[int(self.codes[index])])
        return self.key(index), (origin, images)

    def _image_starts(self) -> np.ndarray:
        if not hasattr(self, "_images_at"):
            self._images_at = np.concatenate(([0], np.cumsum(self.images, dtype=np.int64)))
        return self._images_at

    def _view_starts(self) -> np.ndarray:
        if not hasattr(self, "_views_at"):
            self._views_at = np.concatenate(([0], np.cumsum(self.views, dtype=np.int64)))
        return self._views_at


def _narrow(counts: list[int]) -> np.ndarray:
    """Small non-negative ints in the narrowest unsigned type that holds them (kind codes, counts)."""
    top = max(counts, default=0)
    return np.array(counts, dtype=np.uint8 if top < 2**8 else np.uint16 if top < 2**16 else np.uint32)


def _is_hex(key: str) -> bool:
    """Whether ``key`` is lowercase hex that `bytes.hex` gives back as it is (what `make_key` makes)."""
    try:
        return bytes.fromhex(key).hex() == key
    except ValueError:
        return False


def image_members(batch) -> ImageColumns:
    """The members of a batch of fingerprints with pictures, as `ImageColumns`."""
    return ImageColumns.of(batch)


def text_members(batch) -> list:
    """The members of a batch of fingerprints with MinHash signatures: (key, (uri digest, kind), signature)."""
    return [(fp.key, (uri_digest(fp.origin[0]), fp.origin[1]), fp.signature) for fp in batch
            if fp.signature is not None]


class TextMembers:
    """A consumer's text members, decoded batch by batch: `member` as `ImageColumns.member` gives one."""

    def __init__(self):
        self.members: list = []

    def add(self, blob: bytes) -> list:
        batch = pickle.loads(blob)
        self.members += batch
        return batch

    def member(self, index: int) -> tuple:
        key, origin, signature = self.members[index]
        return key, (origin, signature)


class ImageMembers:
    """A consumer's image members: the batches' `ImageColumns`, a member made a tuple the first time a
    bucket of two or more holds it, then kept (`NearEdgesFn.key_matrix` knows a fingerprint by identity)."""

    def __init__(self):
        self.batches: list[ImageColumns] = []
        self.starts: list[int] = [0]
        self.made: dict[int, tuple] = {}

    def add(self, blob: bytes) -> ImageColumns:
        batch = ImageColumns.from_bytes(blob)
        self.batches.append(batch)
        self.starts.append(self.starts[-1] + len(batch))
        return batch

    def packed_entries(self, options: DedupOptions, tables: range) -> np.ndarray:
        """The entries of all members in ``tables``, packed as `packed_runs` takes them, in one array
        filled batch by batch (8 bytes an entry; no structured entries and no concatenated copy)."""
        value_bits, count = options.image_lsh_bits, options.image_lsh_tables
        packed = np.empty(sum(len(b.values) for b in self.batches) * len(tables), dtype=np.uint64)
        offsets = np.arange(len(tables), dtype=np.uint64) << np.uint64(value_bits + 32)  # (tables,)
        at = 0
        for batch, start in zip(self.batches, self.starts):
            values = image_lsh.key_values(batch.values, value_bits, count, options.image_hash_size ** 2,
                                          slice(tables.start, tables.stop))  # (views, tables)
            owners = batch.view_owners().astype(np.uint64) + np.uint64(start)  # (views,)
            block = (values << np.uint64(32)) | offsets | owners[:, None]
            packed[at:at + block.size] = block.ravel()
            at += block.size
        return packed

    def member(self, index: int) -> tuple:
        made = self.made.get(index)
        if made is None:
            at = bisect.bisect_right(self.starts, index) - 1
            made = self.made[index] = self.batches[at].member(index - self.starts[at])
        return made
