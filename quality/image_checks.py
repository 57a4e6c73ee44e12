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
    width, height = image.size
    if min(width, height) < options.min_side:
        return "filtered:image_too_small"
    if max(width, height) > options.max_aspect * min(width, height):
        return "filtered:image_aspect_ratio"
    thumb = image.convert("L")
    thumb.thumbnail((256, 256))
    if float(np.asarray(thumb, dtype=np.float32).std()) < options.min_std:
        return "filtered:image_blank"
    return None
