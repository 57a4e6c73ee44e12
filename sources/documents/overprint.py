"""Whether a page prints a glyph over its own copy: the one case in which MuPDF's style collection
changes the characters a table's detection reads.

PyMuPDF reads a table's characters with ``TEXT_COLLECT_STYLES`` (``pymupdf.table.FLAGS``). With it,
MuPDF compares every glyph it adds with every glyph of the page before it (``check_for_fake_bold`` in
``stext-device.c``): a glyph of the same character whose origin lies within a tenth of its size in x and
in y (``FAKE_BOLD_MAX_DIST``) is a fake-bold copy, dropped, and the first is marked bold. That
comparison is quadratic in the page's glyphs: 9 of the 22 ms of a Debian Reference table page's
characters. Its other findings (underlines, strike-outs, a fill then a stroke of one glyph) are flags
that PyMuPDF's table detection and `table_chars` never read; on 3,399 real pages (Debian's TeX Live,
Octave and Debian Reference manuals) the characters read without it were the same, character for
character, on every page that prints no glyph over its copy. A run printed twice half a point apart
(a table head in fake bold) is read twice without it: "Item Item".
"""

from __future__ import annotations

import numpy as np

FAKE_BOLD_MAX_DIST = 0.1  # MuPDF's: a copy within this share of the glyph's size, in x and in y


def overprinted(page) -> bool:
    """Whether some glyph of ``page`` (its ``get_texttrace()``: every glyph drawn, copies included) has the
    code of an earlier or later one and an origin within `FAKE_BOLD_MAX_DIST` of the larger one's size
    of it, in x and in y. MuPDF also asks for the same font: left out here, so a page it would find none
    on may still say True (and is read as PyMuPDF reads it), never the other way. Read once a page."""
    kept = page.__dict__.get("_vlbuild_overprinted")
    if kept is None:
        kept = page.__dict__["_vlbuild_overprinted"] = _overprinted(page.get_texttrace())
    return kept


def _overprinted(trace: list[dict]) -> bool:
    codes, xs, ys, sizes = [], [], [], []
    for run in trace:
        for code, _, (x, y), _ in run["chars"]:
            codes.append(code)
            xs.append(x)
            ys.append(y)
        sizes += [run["size"]] * len(run["chars"])
    if len(codes) < 2:
        return False
    x, y, reach = np.array(xs), np.array(ys), FAKE_BOLD_MAX_DIST * np.array(sizes)
    # glyphs in order of (code, x): each one's candidates are those after it of its code within the page's
    # widest reach in x, a window found by a search on one sorted key (codes spaced wider than any x span)
    order = np.lexsort((x, np.array(codes)))
    x, y, reach = x[order], y[order], reach[order]
    spread = float(x.max() - x.min()) + 2 * float(reach.max()) + 1
    key = np.array(codes, dtype=np.float64)[order] * spread + (x - x.min())
    ends = np.searchsorted(key, key + reach.max(), side="right")
    counts = ends - np.arange(len(key)) - 1
    if not counts.any():
        return False
    firsts = np.repeat(np.arange(len(key)), counts)
    seconds = firsts + 1 + (np.arange(len(firsts)) - np.repeat(np.cumsum(counts) - counts, counts))
    near = np.maximum(reach[firsts], reach[seconds])
    return bool(np.any((np.abs(x[seconds] - x[firsts]) < near) & (np.abs(y[seconds] - y[firsts]) < near)))
