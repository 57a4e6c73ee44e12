"""Signs that a scanned page lies on its side or upside down, read off its first OCR reading, and the page
as Tesseract's orientation detection (OSD) looks at it. OSD costs about what reading the page costs (0.6-1.0 s
of CPU), so it runs only on a page that shows a sign (`not_upright_sign`): an upright page of clean print
shows none. Used where a scanned page is read (`page_sample`) and where its margins are sampled
(`ocr_layout.OcrMargins`)."""

from __future__ import annotations

from sources.common.ocr import DARK, box_extent
from sources.common.pages import render_page

SURE_SHARE = 0.25  # of the letters read, in lines at the confidence threshold or over, under which a page is
# not the scan engine's to read: Tesseract's eng put none of a Chinese page's there, and 40% of a scanned table's
# (rules read as rows of letters) that it still read better than PP-OCR (error rate 0.09 against 0.36)

# a sign of its own where the page holds ink: Tesseract found no line at all on a page of prose lying on its
# side (1 of 6 turned scans). A blank page, which would pay 0.27 s of CPU for OSD (0.19 s before), holds none
NOTHING_READ = "no letter was read"
INKED = 0.002  # share of dark pixels: prose 3%, three lines 0.4%, one line 0.03%, a blank page's scan 0


def mostly_unsure(lines, min_confidence: float) -> bool:
    """Whether under ``SURE_SHARE`` of the letters read are in lines of ``min_confidence`` or more."""
    letters = [sum(c.isalpha() for c in line.text) for line in lines]
    sure = sum(n for n, line in zip(letters, lines) if line.confidence >= min_confidence)
    return sum(letters) > 0 and sure < SURE_SHARE * sum(letters)


def not_upright_sign(lines, min_confidence: float, sideways: float = 0.0, pixels=None) -> str | None:
    """What in a scanned page's first reading (``lines``, before they are checked; ``sideways``: the
    share of its letters the engine read in words taller than wide; ``pixels``: the page image) says it
    may lie on its side or upside down, or None: no letter read at all on a page with ink (`INKED`), most
    of its letters in words or lines taller than wide (a page turned a quarter, its lines running down
    it), or under `SURE_SHARE` of them read at the confidence threshold (upside down, Tesseract read prose
    at confidence 0.24-0.34, upright at 0.93). A line the checks leave garbled is the last sign
    (`page_sample._ocr_page`). The check costs an upright page under a millisecond."""
    if not any(c.isalpha() for line in lines for c in line.text):
        inked = pixels is not None and float((pixels[::4, ::4].mean(axis=2) < DARK).mean()) >= INKED
        return NOTHING_READ if inked else None
    if max(sideways, sideways_share(lines)) > 0.5:
        return "most of its letters were read in words running down the page"
    if mostly_unsure(lines, min_confidence):
        return f"under {SURE_SHARE:.0%} of its letters were read at the confidence threshold"
    return None


def sideways_share(lines) -> float:
    """Share of the letters read that lie in lines whose boxes are taller than wide."""
    letters = [sum(c.isalpha() for c in line.text) for line in lines]
    tall = sum(n for n, line in zip(letters, lines)
               if n > 1 and (lambda x0, y0, x1, y1: y1 - y0 > x1 - x0)(*box_extent(line.box)))
    return tall / sum(letters) if sum(letters) else 0.0


def osd_pixels(page, max_side: int):
    """The page rendered for OSD at twice ``max_side``, as pixels: sharper than the page image enlarged
    (OSD was sure of 12 scans' orientation by a margin of 12-19 so, 7-15 from their 1024 pixel images)."""
    import numpy as np

    pix, _ = render_page(page, 2 * max_side)
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)


def page_signs(engine, page, pixels, boxes, min_confidence: float) -> tuple[str | None, float]:
    """(`not_upright_sign` of the page ``pixels`` the scan ``engine`` found ``boxes`` in, or None where the
    engine has no OSD or the page is no PDF's, so it cannot be turned as ``/Rotate`` turns it; the share
    of its letters the engine read in words taller than wide). Costs nothing more than the reading: the
    engine keeps the page's lines and words (`tesseract.TesseractEngine.sideways_share`)."""
    if not (hasattr(engine, "orientation") and page.parent.is_pdf):
        return None, 0.0
    # Tesseract's page reading keeps its words' boxes; another engine's lines say it (`not_upright_sign`)
    sideways = engine.sideways_share(pixels) if hasattr(engine, "sideways_share") else 0.0
    return not_upright_sign(engine.read(pixels, boxes), min_confidence, sideways, pixels), sideways
