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
    if _surely_varied(pixels, options.min_std):
        return None
    if float(pixels.astype(np.float32).std()) < options.min_std:
        return "filtered:image_blank"
    return None


# Every `_STRIDE`-th pixel of every `_STRIDE`-th row: a 256 px image's 4,096 of 65,536 levels.
_STRIDE = 4
# What the sample's bound must clear beyond ``min_std``: the full image's float32 std is within ~1e-6 of
# the exact one, so a bound 1% above ``min_std`` guarantees the full check passes too.
_MARGIN = 1.01


def _surely_varied(pixels: np.ndarray, min_std: float) -> bool:
    """Whether a sample of ``pixels`` (a (h, w) grey array) already proves their standard deviation is at
    least ``min_std``, so `check_blank` need not take the whole image's (~45-70 us for 256 px, issue #25).

    For any subset S of N values, the sum of squared deviations from the whole mean is at least S's own
    about S's mean (the mean minimises it), so std >= std(S) * sqrt(|S| / N). Only a pass is decided
    here: a sample that cannot prove it (a near-uniform image, or a busy one whose sampled pixels are
    uniform) leaves the decision to the full std, so every image gets the verdict it got before."""
    sample = pixels[::_STRIDE, ::_STRIDE]
    if sample.size * 2 > pixels.size:  # too small to save anything (a 1-pixel-wide image, say)
        return False
    bound = float(sample.std(dtype=np.float64)) * np.sqrt(sample.size / pixels.size)
    return bound >= min_std * _MARGIN
