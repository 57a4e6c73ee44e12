"""Pillow's Lanczos resize of a grey image, bit for bit, as banded matrix products (for `image_hash.phashes`).

``Image.resize(size, LANCZOS)`` recomputes its filter weights on every call (two ``sin`` a tap, 49
taps an output pixel at 8x) and sums pixel by pixel in scalar C: ~0.2 ms for a 256 px image to 32x32,
three times an image for the pHash views. Here the weights are Pillow's own, made the way its
``precompute_coeffs`` and ``normalize_coeffs_8bpc`` make them (same doubles, same rounding to 22-bit
integers) once per (input size, output size), and each pass is a few float64 BLAS products over the
band of inputs a group of outputs reads (the vertical one on the rows as they are, its bands transposed);
sums of integer products (under 2**36) are exact whatever the order, the weights carry clip8's 2**-22 (a
power of two: the sums are those integers' exact multiples), and each pass then rounds and clips as
Pillow's ``clip8`` does. tests/test_image_hash.py checks the pixels equal Pillow's on varied images and sizes.
"""

from __future__ import annotations

import functools
import math

import numpy as np

_PRECISION_BITS = 22  # Pillow's PRECISION_BITS for 8-bit images: 32 - 8 - 2
_SCALE = 1.0 / (1 << _PRECISION_BITS)
_SUPPORT = 3.0  # Lanczos-3


def _lanczos(x: np.ndarray) -> np.ndarray:
    """Pillow's ``lanczos_filter`` elementwise: sinc(x) * sinc(x / 3) on [-3, 3), with each ``sin`` the
    C library's (`math.sin`; numpy's own SIMD sine may differ in the last bit)."""
    def sinc(v):
        scaled = v * math.pi
        sines = np.fromiter(map(math.sin, scaled.ravel().tolist()), dtype=np.float64, count=scaled.size)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(v == 0.0, 1.0, sines.reshape(v.shape) / scaled)

    return np.where((-3.0 <= x) & (x < 3.0), sinc(x) * sinc(x / 3), 0.0)


# Output pixels a product: their inputs are a band of the input, so a product skips most zero weights.
_GROUP = 8
# OpenBLAS runs a product on all cores once m * n * k reaches 65536 * 4, and its idle threads then spin:
# more CPU, not less, for products this small. Products stay under it (rows are split when needed).
_SINGLE_THREAD_MACS = 65536 * 4 - 1


# A cached entry holds its bands only, each also transposed: ~50 KB for a 256 px side, ~190 KB for 1024 px
# (the captions source's largest side), ~380 KB for 2048 px: at most ~100 MB (~200 MB) however many sizes.
@functools.lru_cache(maxsize=512)
def _weights(in_size: int, out_size: int) -> tuple[int, int, list[tuple[int, int, np.ndarray, np.ndarray]]]:
    """Pillow's integer weights for a whole-image resize along one axis, times 2**-22 (its final shift;
    exact), as float64: the first and one-past-last input any output reads (Pillow's ``ybox_first`` and
    ``ybox_last``), and per `_GROUP` outputs the band ``[lo, hi)`` of inputs they read with its (hi - lo,
    outputs) weights and their (outputs, hi - lo) transpose."""
    scale = filterscale = float(in_size) / out_size
    if filterscale < 1.0:
        filterscale = 1.0
    support = _SUPPORT * filterscale
    ss = 1.0 / filterscale
    # each output's taps in one row, as precompute_coeffs makes them (same double operations, same order)
    centers = (np.arange(out_size) + 0.5) * scale
    firsts = np.maximum((centers - support + 0.5).astype(np.int64), 0)  # C's (int): toward zero
    counts = np.minimum((centers + support + 0.5).astype(np.int64), in_size) - firsts
    taps = np.arange(int(math.ceil(support)) * 2 + 1)
    used = taps < counts[:, None]
    filtered = np.where(used, _lanczos(((firsts[:, None] + taps) - centers[:, None] + 0.5) * ss), 0.0)
    totals = np.cumsum(filtered, axis=1)[:, -1:]  # summed left to right, as Pillow does (np.sum pairs them)
    with np.errstate(invalid="ignore", divide="ignore"):
        normalised = np.where(totals != 0.0, filtered / totals, filtered)
    scaled = normalised * (1 << _PRECISION_BITS)
    fixed = np.trunc(np.where(normalised < 0, scaled - 0.5, scaled + 0.5))  # C's (int) of +-0.5 + w * 2**22
    weights = np.zeros((in_size, out_size))
    rows, columns = np.nonzero(used)
    weights[firsts[rows] + taps[columns], rows] = fixed[rows, columns] * _SCALE  # clip8's shift, exactly
    bounds = list(zip(firsts.tolist(), (firsts + counts).tolist()))
    groups = []
    for start in range(0, out_size, _GROUP):
        lo = min(b[0] for b in bounds[start:start + _GROUP])
        hi = max(b[1] for b in bounds[start:start + _GROUP])
        band = np.ascontiguousarray(weights[lo:hi, start:start + _GROUP])  # BLAS wants contiguous operands
        across = np.ascontiguousarray(band.T)  # the same for a pass down the columns (`_pass_down`)
        band.setflags(write=False)
        across.setflags(write=False)
        groups.append((lo, hi, band, across))
    return bounds[0][0], bounds[-1][1], groups


def _clip8(sums: np.ndarray) -> np.ndarray:
    """Pillow's ``clip8`` of sums made with `_weights`' bands, which carry the 2**-22 of its shift: (sum +
    2**21) >> 22 is floor(scaled sum + 0.5), clipped to 0..255 (in place, float64). Scaling by a power of two
    is exact, so the scaled sums are the integer sums' exact multiples whatever the order."""
    sums += 0.5
    np.floor(sums, out=sums)
    return np.clip(sums, 0.0, 255.0, out=sums)


def _pass(pixels: np.ndarray, groups: list, out_size: int) -> np.ndarray:
    """One pass along the last axis of (rows, inputs) float64 ``pixels``: (rows, out_size), clipped."""
    rows = pixels.shape[0]
    out = np.empty((rows, out_size))
    for start, (lo, hi, band, _) in zip(range(0, out_size, _GROUP), groups):
        step = max(1, _SINGLE_THREAD_MACS // band.size)
        for top in range(0, rows, step):
            np.matmul(pixels[top:top + step, lo:hi], band, out=out[top:top + step, start:start + band.shape[1]])
    return _clip8(out)


def _pass_down(pixels: np.ndarray, groups: list, out_size: int, offset: int = 0) -> np.ndarray:
    """One pass along the first axis of (inputs, columns) float64 ``pixels`` (input row ``offset`` of the
    whole image first): (out_size, columns), clipped. Each group of output rows is its transposed band times
    the rows it reads, so the pixels are never transposed (a copy and a product on the transpose cost ~10 us
    more a view of a 256 px image)."""
    columns = pixels.shape[1]
    out = np.empty((out_size, columns))
    for start, (lo, hi, _, across) in zip(range(0, out_size, _GROUP), groups):
        step = max(1, _SINGLE_THREAD_MACS // across.size)
        for left in range(0, columns, step):
            np.matmul(across, pixels[lo - offset:hi - offset, left:left + step],
                      out=out[start:start + across.shape[0], left:left + step])
    return _clip8(out)


def resize(pixels: np.ndarray, width: int, height: int) -> np.ndarray:
    """``Image.fromarray(pixels).resize((width, height), Image.Resampling.LANCZOS)`` of grey pixels
    (a (h, w) array of integers 0..255, any dtype, views allowed), as a (height, width) float64 array."""
    in_height, in_width = pixels.shape
    out = np.asarray(pixels, dtype=np.float64)
    top = 0
    if width != in_width:  # Pillow's need_horizontal (for a whole-image box)
        if height != in_height:
            top, bottom, _ = _weights(in_height, height)
            out = out[top:bottom]  # only the rows the vertical pass reads (Pillow's ybox_first..ybox_last)
        _, _, groups = _weights(in_width, width)
        out = _pass(out, groups, width)
    if height != in_height:  # need_vertical: rows offset by ybox_first when the horizontal pass cut them
        _, _, groups = _weights(in_height, height)
        out = _pass_down(out, groups, height, top)
    return np.array(out, dtype=np.float64)  # a copy when no pass ran: Pillow copies too
