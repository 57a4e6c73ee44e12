"""Decoding user images safely and normalising them for shards.

Hostile or broken images are refused with a reason before they cost memory: the
pixel count is checked from the header, before decoding. Kept images are RGB as a
viewer shows them (transparency over white, 16-bit samples scaled: `as_rgb`),
upright (EXIF orientation applied) and no larger than a bounded side.
"""

from __future__ import annotations

import dataclasses
import io
import threading

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from shards.reject import ReasonError


class ImageRejected(ReasonError):
    """An image that cannot or should not be used; ``reason`` is a reject reason code."""


IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".gif")


@dataclasses.dataclass(frozen=True)
class ImageLimits:
    """min_side: smaller images hold too little to learn from.
    max_side: larger images are scaled down to this longest side.
    max_pixels: images with more pixels are refused unread (decompression bombs).
    max_bytes: larger encoded files are refused unread; sources that read an image a record names
    pass it to `sources.common.files.read_bytes` too, so the file is refused from its size."""

    min_side: int = 32
    max_side: int = 2048
    max_pixels: int = 50_000_000
    max_bytes: int = 256 * 2**20  # an uncompressed 50-megapixel RGBA TIFF (max_pixels) is 200 MB


def load_image(data: bytes, limits: ImageLimits = ImageLimits(), exif: bool = True) -> tuple[Image.Image, bool]:
    """Decode ``data`` into an RGB image within ``limits``, upright when ``exif`` (labelled
    datasets turn it off: their boxes are in the stored pixels' coordinates).

    Returns the image and whether it differs from the encoded original (so the
    original bytes can be kept when nothing changed). Raises `ImageRejected`.
    """
    if len(data) > limits.max_bytes:
        raise ImageRejected("error:image:too_large", f"{len(data)} bytes > max_bytes {limits.max_bytes}")
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise ImageRejected("error:image:too_many_pixels", str(exc)) from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise ImageRejected("error:image:unreadable", str(exc) or type(exc).__name__) from exc
    width, height = image.size
    if width * height > limits.max_pixels:
        raise ImageRejected("error:image:too_many_pixels",
                            f"{width}x{height} exceeds max_pixels {limits.max_pixels}")
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected("error:image:truncated", str(exc)) from exc
    original_format = image.format
    upright, changed = image, False
    if exif and image.getexif().get(0x0112, 1) != 1:  # exif_transpose copies even when there is nothing to do
        upright, changed = ImageOps.exif_transpose(image), True
    if upright.mode != "RGB" or "transparency" in upright.info:
        upright, changed = as_rgb(upright), True
    if min(upright.size) < limits.min_side:
        raise ImageRejected("filtered:image_too_small",
                            f"{upright.size[0]}x{upright.size[1]} is under min_side {limits.min_side}")
    if max(upright.size) > limits.max_side:
        upright = ImageOps.contain(upright, (limits.max_side, limits.max_side), Image.Resampling.LANCZOS)
        changed = True
    if original_format not in ("PNG", "JPEG"):
        changed = True  # GIF, BMP, TIFF, WebP (often animated or lossy)... are stored as PNG or JPEG
    return upright, changed


def as_rgb(image: Image.Image) -> Image.Image:
    """``image`` as the RGB picture a viewer shows: transparent pixels over white (a plain ``convert`` made
    them black, and black text or lines on a transparent background vanished into it), 16-bit samples
    (PNG, TIFF) scaled to 8 bits (``convert`` clipped them: mid-grey 32768 came out white, a near-black 200
    grey 200). Float samples have no range to scale from: `ImageRejected` ``error:image:float_pixels``."""
    if image.mode in ("F", "I;16F"):
        raise ImageRejected("error:image:float_pixels", f"{image.mode} image: float samples, no display range "
                                                        "to map to 8 bits")
    if image.mode.startswith("I"):  # I;16, I;16B (PNG, TIFF) and I (32-bit: older readers' 16-bit images)
        samples = np.asarray(image, dtype=np.int64)
        top = int(samples.max()) if samples.size else 0
        if image.mode == "I" and (top > 65535 or samples.min() < 0):
            raise ImageRejected("error:image:wide_pixels", f"32-bit samples from {samples.min()} to {top}: no "
                                                           "display range to map to 8 bits")
        scale = 1 if image.mode == "I" and top <= 255 else 257  # 65535 -> 255
        image = Image.fromarray(((samples + scale // 2) // scale).astype(np.uint8), "L")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        return Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba).convert("RGB")
    return image.convert("RGB")


IMAGE_FORMATS = ("png", "webp", "jpeg")


def check_image_format(fmt: str) -> None:
    """Refuse an ``image_format`` option that `encode_image` cannot write."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"image_format must be one of {', '.join(IMAGE_FORMATS)}, not {fmt!r}")


def encode_image(image: Image.Image, fmt: str = "png", quality: int = 90) -> bytes:
    """PNG or WebP (both lossless, for text) or JPEG bytes of an RGB image.

    Lossless WebP of a rendered page is under half PNG's size, encodes about as fast and decodes
    about 5x faster (`bench.page_formats`), which is what decides how fast the trainer reads pages.
    """
    buf = io.BytesIO()
    if fmt == "png":
        image.save(buf, format="PNG")
    elif fmt == "webp":  # method 1, effort 0: on pages the fastest encode of the small, fast-decoding file
        # (method 2: files within 1% of the size, decoded as fast, encoded ~15% slower on the Debian
        # manuals' pages; method 0: twice the bytes)
        image.save(buf, format="WEBP", lossless=True, method=1, quality=0)
    else:
        image.save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def normalised_bytes(data: bytes, limits: ImageLimits = ImageLimits(),
                     exif: bool = True) -> tuple[bytes, Image.Image]:
    """The bytes to store for ``data`` (the original when already fine) and the decoded image.

    When the original is kept, the image is what decoding it gives (``Image.open``, ``load()``) and is
    remembered for `take_decoded`: callers read it, never change it in place."""
    image, changed = load_image(data, limits, exif)
    if not changed:
        remember_decoded(data, image)
        return data, image
    return encode_image(image, "jpeg" if data[:3] == b"\xff\xd8\xff" else "png"), image


# The image the last `normalised_bytes` call in this thread decoded from bytes it kept, or the last page
# image encoded losslessly (`sources.common.pages.encode_pixmap`). On Beam's runners the quality filter runs
# in the source's fused stage, on each sample as the source yields it: it takes this image instead of
# decoding the same bytes again (a 256 px JPEG's decode was ~0.2-0.5 ms of a caption pair's ~2 ms, a page's
# lossless WebP ~3.5 ms of ~55, issues #25 and #18). One image a thread at most; where the filter runs
# elsewhere it finds nothing.
_last_decoded = threading.local()


def remember_decoded(data: bytes, image: Image.Image) -> None:
    """Hand ``image`` to the next `take_decoded` of this very ``data`` in this thread. ``image`` must be
    exactly what decoding ``data`` gives (the bytes kept as decoded, or a lossless encoding of the image),
    and nobody may change it afterwards."""
    _last_decoded.pair = (data, image)



def take_decoded(data: bytes) -> Image.Image | None:
    """The image `normalised_bytes` last decoded in this thread, if it came from this very bytes object
    (``is``, not ``==``: the object is held, so its identity is not reused), else None. Given once."""
    pair = getattr(_last_decoded, "pair", None)
    if pair is None or pair[0] is not data:
        return None
    _last_decoded.pair = None
    return pair[1]
