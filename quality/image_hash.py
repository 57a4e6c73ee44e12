"""Image fingerprints: a digest of the decoded pixels (exact duplicates whatever the encoding)
and a perceptual hash (ImageHash's pHash) whose Hamming distance finds resized, recompressed,
slightly cropped or watermarked copies."""

from __future__ import annotations

import dataclasses
import imagehash
import numpy as np
import xxhash
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
    """XXH3-128 of the RGB pixels and size, 32 hex digits: the same picture as PNG or as lossless WebP hashes
    the same. Exact duplicates only need a digest no two pictures of a corpus share, not one nobody can forge:
    SHA-256 of a 256 px caption image's 196 KB was ~118 us, a twelfth of a caption pair's build, XXH3 ~35 us
    (most of it Pillow's ``tobytes``), issue #25."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")  # convert() to the same mode is a copy
    h = xxhash.xxh3_128(f"{rgb.size[0]}x{rgb.size[1]}".encode())
    h.update(rgb.tobytes())
    return h.hexdigest()


# A global perceptual hash moves a lot when an image is cropped (up to 26 of 64 bits for a 4% crop
# on each side, in bench.dedup), so each image is also hashed with 4% and 8% cut from every side:
# a cropped copy's full view then meets the original's matching inner view.
CROPS = (0.0, 0.04, 0.08)


def phash(image: Image.Image, hash_size: int = 8) -> str:
    """The pHash (DCT of a grey thumbnail) as hex, ``hash_size**2`` bits."""
    return str(imagehash.phash(image, hash_size=hash_size))


def phashes(image: Image.Image, hash_size: int = 8, grey: Image.Image | np.ndarray | None = None) -> list[str]:
    """The pHash of the image and of its centre with each of `CROPS` cut from every side: what
    `phash` gives for each cropped view, computed faster (tests/test_image_hash.py checks equal).

    ``grey`` is ``image.convert("L")`` (or its pixels) when the caller has it already. The grey image is
    made once and its views are slices of its pixels (as float64, converted once): a crop commutes with
    the per-pixel conversion to grey, and ImageHash converts each view to grey first. Each view is
    resized as Pillow does (`pillow_lanczos`, ~3x faster) and the three DCTs, medians and bits are
    taken together."""
    import scipy.fftpack

    from quality import pillow_lanczos

    pixels = np.asarray(grey if grey is not None else image.convert("L"), dtype=np.float64)
    height, width = pixels.shape
    side = hash_size * 4  # ImageHash's highfreq_factor
    thumbs = np.stack([pillow_lanczos.resize(pixels[int(height * f):height - int(height * f),
                                                    int(width * f):width - int(width * f)], side, side)
                       for f in CROPS])  # (views, side, side), integers 0..255 as float64
    # ImageHash: dct(dct(pixels, axis=0), axis=1)[:hash_size, :hash_size]; only those rows are needed
    dct = scipy.fftpack.dct(scipy.fftpack.dct(thumbs, axis=1)[:, :hash_size], axis=2)[:, :, :hash_size]
    low = dct.reshape(len(CROPS), hash_size * hash_size)
    ordered = np.sort(low, axis=1)
    middle = low.shape[1] // 2  # numpy.median: the mean of the two middle values (an odd count: the middle one)
    median = (ordered[:, middle - 1] + ordered[:, middle]) / 2 if low.shape[1] % 2 == 0 else ordered[:, middle]
    return [_hex(row) for row in low > median[:, None]]


def _hex(bits: np.ndarray) -> str:
    """ImageHash's hex of a flat bool array: the bits as one big-endian number, ceil(n / 4) digits."""
    packed = int.from_bytes(np.packbits(bits).tobytes(), "big") >> (-len(bits) % 8)
    return f"{packed:0{-(-len(bits) // 4)}x}"


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
