"""Whether an image shows anything drawn in a box: the test every text-layer source (documents' text layers,
web pages' DOM) puts to a line before its text may be a target, since a layer can hold text that paints
nothing a reader sees (white on white, an OCR layer under a scan, opacity near zero)."""

from __future__ import annotations

import numpy as np

MIN_INK = 24  # grey levels between a box's lightest and darkest pixel below which nothing is drawn


def inked(grey: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> bool:
    """Whether the grey image (H, W) uint8 varies by `MIN_INK` levels or more inside the pixel box
    ``[x0, x1] x [y0, y1]`` (inclusive, cut to the image); False for a box outside it."""
    region = grey[max(0, y0):max(0, y1) + 1, max(0, x0):max(0, x1) + 1]
    return region.size > 0 and int(region.max()) - int(region.min()) >= MIN_INK
