"""LSH over perceptual-hash bits: candidate near-duplicate images whose buckets stay small as N grows.

Cutting a 64-bit pHash into 8 bands of 8 bits (two hashes within 7 bits share a band, by
pigeonhole) gives keys of only 256 values each, and pHashes of photographs share them far more
than random bits would: every bucket grows with the corpus, and comparisons per image grew from
253 at 2k images to 1,100 at 100k (issue #25). Here each of ``tables`` keys is ``bits`` bits drawn
at random (seed fixed, so every worker draws the same) from the hash. Two hashes ``d`` bits apart
share a given key with probability C(63-d, 28) / C(63, 28) (0.30 at d=2, 0.088 at d=4, 0.024 at
d=6), and at least one of 64 keys with 1.00, 0.997 and 0.79 (`recall_at`). An image meets about
N * 64 * 2**-28 unrelated ones per pair of views (pHash bits collide ~1.4x as often as uniform
ones): 1.5 false candidates per image at a million images (bench.dedup_scale). 24-bit keys, 32 of them, found copies as well but
gave 11 false candidates per image at 1M, growing linearly; more bits need more keys for the
same recall. The price is recall at the edge of the threshold: a copy 6 bits from every view of
its original is missed one time in five (the 8-band scheme found it always, by pigeonhole, but
its buckets of 256 key values had to be cut at `max_bucket`, losing pairs silently).

The first bit is never drawn: it is the sign of the DCT's DC term against the median, set
on all but 3 of the 300,000 views of 100,000 generated pictures (bench/dedup_images.py), so it
tells nothing.
"""

from __future__ import annotations

import functools
from math import comb

import numpy as np

SEED = 25  # fixed: the keys must be the same on every worker and in every run


@functools.cache
def tables(bits: int, count: int, hash_bits: int = 64) -> np.ndarray:
    """(count, bits) bit positions (0 = the hash's first, most significant bit), each row drawn
    without replacement from positions 1 .. hash_bits - 1."""
    if not 0 < bits < hash_bits:
        raise ValueError(f"LSH keys of {bits} bits do not fit a {hash_bits}-bit hash")
    rng = np.random.default_rng(SEED)
    positions = np.stack([np.sort(rng.choice(np.arange(1, hash_bits), bits, replace=False)) for _ in range(count)])
    positions.setflags(write=False)
    return positions


def key_values(views: np.ndarray, bits: int, count: int, hash_bits: int = 64,
               columns: slice = slice(None)) -> np.ndarray:
    """(n, count) uint64: each of ``n`` hashes' (uint64, as `image_hash.view_ints` gives) value in
    each of the ``count`` tables; bit i of a value is the hash's bit at ``tables(...)[t, i]``.
    ``columns`` picks some tables only (the same values as those columns of the whole).

    A hash's value in a table is the OR, over its 8 bytes, of what that byte's bits put in it: one
    lookup a byte and table (`_byte_tables`), not one shift a bit (~50x faster, the same values)."""
    lookup = _byte_tables(bits, count, hash_bits)[:, :, columns]  # (8, 256, count)
    octets = np.asarray(views, dtype="<u8").reshape(-1, 1).view(np.uint8)  # (n, 8), least significant first
    out = lookup[0][octets[:, 0]]
    for byte in range(1, 8):
        out |= lookup[byte][octets[:, byte]]
    return out


@functools.cache
def _byte_tables(bits: int, count: int, hash_bits: int) -> np.ndarray:
    """(8, 256, count) uint64: entry [j, b, t] is table t's value from a hash whose byte j (0 the least
    significant) is b and whose other bits are 0."""
    # Each (table, bit) draws one hash bit, which sits in one byte: that byte's 256 values set bit ``i`` of the
    # table's value where they have it. Bits of one table are distinct, so adding them is OR-ing them; the
    # (8, 256, count, bits) broadcast this replaced took ~0.7 s of CPU at every worker's start.
    shifts = hash_bits - 1 - tables(bits, count, hash_bits)  # (count, bits): the drawn bit's place in the int
    table, bit = np.indices(shifts.shape)  # (count, bits) each
    byte, within = (shifts // 8).ravel(), (shifts % 8).ravel().astype(np.uint64)  # (count * bits,)
    octets = np.arange(256, dtype=np.uint64)
    values = ((octets[None, :] >> within[:, None]) & np.uint64(1)) << bit.ravel().astype(np.uint64)[:, None]
    lookup = np.zeros((8, 256, count), dtype=np.uint64)
    np.add.at(lookup, (byte[:, None], octets.astype(np.intp)[None, :], table.ravel()[:, None]), values)
    lookup.setflags(write=False)
    return lookup


def key_name(table: int, value: int) -> str:
    """A key as `keys` writes it: ``"table:value"``, the value in hex."""
    return f"{table}:{value:x}"


def keys(views: tuple[int, ...], bits: int, count: int, hash_bits: int = 64) -> set[str]:
    """The LSH keys of one image, the union over its views' hashes (ints, as `image_hash.view_ints`
    gives): ``"table:value"`` strings, at most ``count * len(views)`` of them."""
    values = key_values(np.array(views, dtype=np.uint64), bits, count, hash_bits)
    return {key_name(t, int(v)) for row in values for t, v in enumerate(row)}


def recall_at(distance: int, bits: int, count: int, hash_bits: int = 64) -> float:
    """The chance that two hashes ``distance`` bits apart (none of them the first bit) share at
    least one of the ``count`` keys."""
    usable = hash_bits - 1
    if distance > usable - bits:
        return 0.0
    one = comb(usable - distance, bits) / comb(usable, bits)
    return 1 - (1 - one) ** count
