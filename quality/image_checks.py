"""Checks on a decoded image: size, aspect ratio, near-uniform (blank) content.

Decoding errors, decompression bombs, EXIF rotation and the bounded size are the sources' job
(`sources.common.images.load_image`); this runs on every image of every sample, whatever made it.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from quality.config import ImageCheckOptions


def check(image: Image.Image, options: ImageCheckOptions = ImageCheckOptions()) -> str | None:
    """None, or the ``filtered:<rule>`` the image breaks."""
    return check_shape(image, options) or check_blank(image.convert("L"), options)


def check_shape(image: Image.Image, options: ImageCheckOptions = ImageCheckOptions()) -> str | None:
    """The size and aspect-ratio rules of `check`."""
    width, height = image.size
    if min(width, height) < options.min_side:
        return "filtered:image_too_small"
    if max(width, height) > options.max_aspect * min(width, height):
        return "filtered:image_aspect_ratio"
    return None


def check_blank(grey: Image.Image, options: ImageCheckOptions = ImageCheckOptions(),
                pixels: np.ndarray | None = None) -> str | None:
    """The near-uniform rule of `check`, on the image converted to grey (``image.convert("L")``, which
    the filter shares with the pHash; left unchanged). ``pixels`` is ``np.asarray(grey)`` when the
    caller has it (each conversion copies the image)."""
    if max(grey.size) > 256:  # thumbnail() shrinks in place, and does nothing to an image that fits
        thumb = grey.copy()
        thumb.thumbnail((256, 256))
        pixels = np.asarray(thumb)
    elif pixels is None:
        pixels = np.asarray(grey)
    if float(pixels.astype(np.float32).std()) < options.min_std:
        return "filtered:image_blank"
    return None
