"""The fast pHash views equal ImageHash's, bit for bit: `pillow_lanczos.resize` gives Pillow's
Lanczos pixels and `image_hash.phashes` gives what ``imagehash.phash`` gives on each cropped view,
on varied pictures, sizes and modes."""

from __future__ import annotations

import io

import imagehash
import numpy as np
import pytest
from PIL import Image

from bench.dedup_images import generated
from quality import image_hash, pillow_lanczos


def reference_phashes(image: Image.Image, hash_size: int) -> list[str]:
    """What `image_hash.phashes` computed before it was made fast: crop each view, ImageHash's phash."""
    width, height = image.size
    views = [image.crop((int(width * f), int(height * f), width - int(width * f), height - int(height * f)))
             if f else image for f in image_hash.CROPS]
    return [str(imagehash.phash(view, hash_size=hash_size)) for view in views]


def noise(width: int, height: int, seed: int) -> np.ndarray:
    """Grey pixels with hard 0/255 edges (Lanczos overshoots: both clips are hit) and smooth parts."""
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, (height, width))
    pixels[:, : width // 3] = rng.choice([0, 255], (height, width // 3))
    pixels[height // 2:] = np.linspace(0, 255, width)[None, :].astype(int)
    return pixels.astype(np.uint8)


@pytest.mark.parametrize("width,height", [(1, 1), (7, 300), (31, 32), (32, 32), (33, 40), (64, 64), (97, 31),
                                          (253, 256), (256, 197), (640, 480), (1024, 77), (2048, 1536)])
@pytest.mark.parametrize("side", [20, 32, 64])
def test_resize_equals_pillow(width, height, side):
    pixels = noise(width, height, seed=width * 7919 + height)
    expected = np.asarray(Image.fromarray(pixels).resize((side, side), Image.Resampling.LANCZOS))
    got = pillow_lanczos.resize(pixels, side, side)
    assert got.shape == (side, side)
    np.testing.assert_array_equal(got, expected)
    # a view into a larger array (how phashes passes its crops) gives the same
    padded = np.zeros((height + 6, width + 10), dtype=np.uint8)
    padded[3:-3, 5:-5] = pixels
    np.testing.assert_array_equal(pillow_lanczos.resize(padded[3:-3, 5:-5], side, side), expected)


def _cmyk_jpeg(image: Image.Image) -> Image.Image:
    buf = io.BytesIO()
    image.convert("CMYK").save(buf, format="JPEG", quality=85)
    return Image.open(io.BytesIO(buf.getvalue()))


def varied(i: int) -> Image.Image:
    """Picture ``i`` of bench.dedup_images in one of several modes and sizes."""
    picture = generated(i)
    width, height = picture.size
    kind = i % 10
    if kind == 1:
        return picture.convert("L")
    if kind == 2:
        return picture.convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
    if kind == 3:
        rgba = picture.convert("RGBA")
        rgba.putalpha(Image.linear_gradient("L").resize(picture.size))
        return rgba
    if kind == 4:
        return _cmyk_jpeg(picture)
    if kind == 5:
        return picture.crop((3, 5, min(width, 3 + 97), min(height, 5 + 41)))  # odd sizes
    if kind == 6:
        return picture.resize((1537, 1025))  # large: wide bands, rows split across products
    if kind == 7:
        return picture.resize((24, 30))  # smaller than the 32 px thumbnail: Pillow scales up
    if kind == 8:
        return picture.convert("1")
    if kind == 9:
        return picture.convert("LA")
    return picture


@pytest.mark.parametrize("hash_size", [8, 16, 5])
def test_phashes_equal_imagehash(hash_size):
    count = 60 if hash_size == 8 else 20
    for i in range(count):
        image = varied(i)
        expected = reference_phashes(image, hash_size)
        assert image_hash.phashes(image, hash_size) == expected, (i, image.mode, image.size)
        assert image_hash.phashes(image, hash_size, grey=image.convert("L")) == expected


def test_phashes_of_a_flat_image_equal_imagehash():
    """All DCT terms but one are 0 up to rounding: the bits hang on pocketfft's rounding, kept as is."""
    for colour in ("white", "black", (120, 30, 200)):
        image = Image.new("RGB", (100, 80), colour)
        assert image_hash.phashes(image) == reference_phashes(image, 8)


def test_pixel_digest_is_the_pictures_not_the_files():
    """The same pixels as PNG, lossless WebP or an RGBA copy with opaque alpha digest alike; one pixel
    changed, the same bytes in another shape, or a picture's grey copy digest apart (32 hex digits)."""
    picture = Image.fromarray(np.random.default_rng(5).integers(0, 256, (61, 97, 3), dtype=np.uint8))
    encoded = []
    for fmt, options in (("PNG", {}), ("WEBP", {"lossless": True})):
        buf = io.BytesIO()
        picture.save(buf, format=fmt, **options)
        encoded.append(Image.open(io.BytesIO(buf.getvalue())))
    digests = {image_hash.pixel_digest(image) for image in (picture, *encoded, picture.convert("RGBA"))}
    assert len(digests) == 1 and len(next(iter(digests))) == 32
    changed = picture.copy()
    changed.putpixel((0, 0), tuple(255 - v for v in picture.getpixel((0, 0))))
    width, height = picture.size
    reshaped = Image.frombytes("RGB", (height, width), picture.tobytes())
    others = [image_hash.pixel_digest(image) for image in (changed, reshaped, picture.convert("L"))]
    assert len(set(others) | digests) == 4
