"""MinHash signatures (datasketch) over word n-grams, and LSH band keys for grouping.

Signatures are made in batches with ``MinHash.bulk``, which reuses one set of permutations
for the whole batch instead of setting them up per document (the bench measures the gain).
A signature travels as 32-bit unsigned ints: datasketch's hash values are below 2**32.
"""

from __future__ import annotations

import functools
import hashlib

import numpy as np
from datasketch import MinHash, MinHashLSH

from quality.text import ngrams, tokens

SEED = 1


def shingles(text: str, n: int) -> list[bytes]:
    """The distinct word n-grams of ``text`` as bytes (the sets whose Jaccard similarity is estimated)."""
    return [g.encode("utf-8") for g in set(ngrams(tokens(text), n))]


def signatures(texts: list[str], n: int, num_perm: int) -> list[np.ndarray]:
    """One uint32 signature per text, computed in one batch."""
    sets = [shingles(t, n) for t in texts]
    return [m.hashvalues.astype(np.uint32) for m in MinHash.bulk(sets, num_perm=num_perm, seed=SEED)]


@functools.lru_cache(maxsize=None)
def band_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) that datasketch's LSH picks for ``threshold``, balancing misses and false candidates."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def band_values(signature: np.ndarray, bands: int, rows: int, which: range | None = None) -> list[int]:
    """Each band's rows hashed to a 64-bit int (blake2b): the value `band_keys` names. ``which``
    picks some bands only (default all ``bands``)."""
    return [int.from_bytes(hashlib.blake2b(signature[b * rows:(b + 1) * rows].tobytes(), digest_size=8).digest(), "big")
            for b in (range(bands) if which is None else which)]


def band_name(band: int, value: int) -> str:
    """A band key as `band_keys` writes it: ``"band:value"``, the value as 16 hex digits."""
    return f"{band}:{value:016x}"


def band_keys(signature: np.ndarray, bands: int, rows: int) -> list[str]:
    """One key per band: two signatures that share a key are candidate near duplicates."""
    return [band_name(b, v) for b, v in enumerate(band_values(signature, bands, rows))]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity two signatures estimate."""
    return float(np.count_nonzero(a == b)) / len(a)
