"""Generated 256 px pictures for the dedup benches: crops of scikit-image's photographs, collages
of such crops, drawn scenes; bench.dedup's edits as planted copies; pHash views from DCT
coefficients (what `quality.image_hash.phashes` computes, kept so a model can be fitted to them)."""

from __future__ import annotations

import functools
import io
import random

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance

PHOTOS = ("astronaut", "camera", "chelsea", "coffee", "coins", "horse", "moon", "page", "rocket", "text",
          "grass", "gravel", "brick", "retina", "hubble_deep_field", "clock", "immunohistochemistry",
          "stereo_motorcycle", "logo", "colorwheel", "cat")  # bundled: no download (under pytest a
# missing one would skip the test, scikit-image's fetcher calls pytest.skip)


@functools.lru_cache(maxsize=1)
def photos() -> tuple[Image.Image, ...]:
    """scikit-image's photographs bundled in its wheel, as RGB, long side at most 400 px."""
    import skimage.data

    out = []
    for name in PHOTOS:
        array = getattr(skimage.data, name)()
        array = np.asarray(array[0] if isinstance(array, tuple) else array)
        if array.dtype != np.uint8:
            array = (array * 255 if array.max() <= 1 else array).astype(np.uint8)
        image = Image.fromarray(array).convert("RGB")
        image.thumbnail((400, 400), Image.Resampling.LANCZOS)  # crops are shown at 256 px: smaller is faster
        out.append(image)
    return tuple(out)


def _crop(rng: random.Random, side: int) -> Image.Image:
    """A random crop (25-90% of the short side, aspect 3:4 to 4:3) of a random photograph, maybe
    mirrored, brightness and contrast jittered, its long side ``side`` px."""
    src = rng.choice(photos())
    w, h = src.size
    s, aspect = rng.uniform(0.25, 0.9) * min(w, h), rng.uniform(0.75, 1.33)
    cw, ch = min(w, int(s * aspect)), min(h, int(s / aspect))
    x, y = rng.randrange(w - cw + 1), rng.randrange(h - ch + 1)
    image = src.crop((x, y, x + cw, y + ch))
    if rng.random() < 0.5:
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    scale = side / max(image.size)
    image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                         Image.Resampling.BILINEAR)
    image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.7, 1.3))
    return ImageEnhance.Contrast(image).enhance(rng.uniform(0.7, 1.3))


def _collage(rng: random.Random) -> Image.Image:
    """A photo crop with 1-3 smaller crops of other photographs pasted on it."""
    image = _crop(rng, 256)
    for _ in range(rng.randint(1, 3)):
        tile = _crop(rng, rng.randrange(60, 160))
        image.paste(tile, (rng.randrange(max(1, image.width - tile.width // 2)),
                           rng.randrange(max(1, image.height - tile.height // 2))))
    return image


def _scene(rng: random.Random) -> Image.Image:
    """A drawn scene: sky, ground at a random horizon, 1-5 shapes of random colours."""
    w, h = 256, rng.choice((170, 192, 256))
    image = Image.new("RGB", (w, h), (rng.randrange(60, 200), rng.randrange(120, 230), rng.randrange(180, 256)))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, int(h * rng.uniform(0.45, 0.8)), w, h),
                   fill=(rng.randrange(30, 160), rng.randrange(80, 200), rng.randrange(20, 120)))
    for _ in range(rng.randrange(1, 6)):
        x, y, s = rng.randrange(w), rng.randrange(h), rng.randrange(10, 90)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        kind = rng.random()
        if kind < 0.3:
            draw.ellipse((x, y, x + s, y + s), fill=colour)
        elif kind < 0.7:
            draw.rectangle((x, y, x + s, y + int(s * rng.uniform(0.5, 2))), fill=colour)
        else:
            draw.polygon([(x, y), (x + s, y), (x + s // 2, y - s)], fill=colour)
    return image


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def generated_jpeg(i: int) -> bytes:
    """Picture ``i`` (the same every call) as JPEG bytes, q70-95: a photo crop, a collage or a scene."""
    rng = random.Random(i)
    image = _crop(rng, 256) if i % 3 == 0 else _collage(rng) if i % 3 == 1 else _scene(rng)
    return _jpeg(image, rng.randrange(70, 96))


def generated(i: int) -> Image.Image:
    """Picture ``i`` (the same every call), decoded: `generated_jpeg` as RGB."""
    return Image.open(io.BytesIO(generated_jpeg(i))).convert("RGB")


def planted_copy(image: Image.Image, i: int) -> Image.Image:
    """One of bench.dedup's edits of ``image`` (resize 50%, JPEG q25, crop 4% a side, watermark), by ``i``."""
    from bench.dedup import image_variants

    return image_variants(image)[i % 4]


def dct_views(image: Image.Image, hash_size: int = 8) -> np.ndarray:
    """(3, hash_size**2) the low DCT coefficients pHash thresholds, for each `image_hash.CROPS` view."""
    import scipy.fftpack

    from quality.image_hash import CROPS

    w, h = image.size
    out = []
    for f in CROPS:
        view = image.crop((int(w * f), int(h * f), w - int(w * f), h - int(h * f))) if f else image
        pixels = np.asarray(view.convert("L").resize((hash_size * 4, hash_size * 4), Image.Resampling.LANCZOS))
        dct = scipy.fftpack.dct(scipy.fftpack.dct(pixels, axis=0), axis=1)
        out.append(dct[:hash_size, :hash_size].reshape(-1))
    return np.array(out)


def hashes_of_dct(coeffs: np.ndarray) -> np.ndarray:
    """(..., 64) DCT coefficients -> (...) uint64 pHashes: bit i (from the most significant) set when
    coefficient i is above the median, as ImageHash's pHash."""
    bits = coeffs > np.median(coeffs, axis=-1, keepdims=True)
    weights = np.uint64(1) << np.arange(63, -1, -1, dtype=np.uint64)
    return (bits.astype(np.uint64) * weights).sum(-1)
