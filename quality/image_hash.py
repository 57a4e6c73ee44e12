"""Image fingerprints: a digest of the decoded pixels (exact duplicates whatever the encoding)
and a perceptual hash (ImageHash's pHash) whose Hamming distance finds resized, recompressed,
slightly cropped or watermarked copies."""

from __future__ import annotations

import dataclasses
import hashlib

import imagehash
import numpy as np
from PIL import Image

# The Filter step's image fingerprints, one per image: {"pixels": digest, "phash": [hex per view], "area": px}.
# Stage-private (the underscore keeps it out of shards); Decontaminate and Deduplicate read it.
META_KEY = "_image_hashes"


def hashes_of(sample) -> list[dict]:
    """The image fingerprints the Filter step left on ``sample`` (none for a sample without images).

    Raises ValueError when a sample with images has none: a step that needs them ran before Filter."""
    if not sample.images:
        return []
    try:
        return sample.meta[META_KEY]
    except KeyError:
        raise ValueError(f"sample {sample.key} has images but no {META_KEY}: the Filter step must run "
                         "before the steps that compare images") from None


def without_hashes(sample):
    """``sample`` without the Filter step's image fingerprints: for the steps after Deduplicate, which
    never read them (they are never written either; a million samples need not carry them on)."""
    if META_KEY not in sample.meta:
        return sample
    return dataclasses.replace(sample, meta={k: v for k, v in sample.meta.items() if k != META_KEY})


def pixel_digest(image: Image.Image) -> str:
    """SHA-256 of the RGB pixels and size: the same picture as PNG or as lossless WebP hashes the same."""
    rgb = image.convert("RGB")
    h = hashlib.sha256(f"{rgb.size[0]}x{rgb.size[1]}".encode())
    h.update(rgb.tobytes())
    return h.hexdigest()[:32]


# A global perceptual hash moves a lot when an image is cropped (up to 26 of 64 bits for a 4% crop
# on each side, in bench.dedup), so each image is also hashed with 4% and 8% cut from every side:
# a cropped copy's full view then meets the original's matching inner view.
CROPS = (0.0, 0.04, 0.08)


def phash(image: Image.Image, hash_size: int = 8) -> str:
    """The pHash (DCT of a grey thumbnail) as hex, ``hash_size**2`` bits."""
    return str(imagehash.phash(image, hash_size=hash_size))


def phashes(image: Image.Image, hash_size: int = 8) -> list[str]:
    """The pHash of the image and of its centre with each of `CROPS` cut from every side."""
    width, height = image.size
    views = [image.crop((int(width * f), int(height * f), width - int(width * f), height - int(height * f)))
             if f else image for f in CROPS]
    return [phash(view, hash_size) for view in views]


def multi_distance(a: list[str], b: list[str]) -> int:
    """The smallest distance between any view of one image and any view of the other."""
    return min_distance(view_ints(a), view_ints(b))


def view_ints(views: list[str]) -> tuple[int, ...]:
    """Hex hashes as ints: a distance is then one XOR and a popcount (~0.2 us, not ~70 us via numpy)."""
    return tuple(int(view, 16) for view in views)


def min_distance(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    """`multi_distance` of views already made ints by `view_ints`."""
    return min((x ^ y).bit_count() for x in a for y in b)


def bits(hex_hash: str) -> np.ndarray:
    """A hex hash as a bool array of its bits."""
    return imagehash.hex_to_hash(hex_hash).hash.flatten()


def distance(a: str, b: str) -> int:
    """Hamming distance between two hex hashes of the same size."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
