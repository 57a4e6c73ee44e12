"""Can a page's image carry its text layer's target? Two ways a right text layer still makes a wrong sample.

A scan behind stray text (`scan_behind`): a scanned page whose only visible text is a stamp laid over
it ("Downloaded from https://archive.example.org on 12 March 2021", a page number), or whose OCR layer is
invisible (render mode 3, dropped as unseen) beside such a stamp, has a text layer; its target was that
one line while the page shows a whole text. Such a page is read by OCR like a scan.

Text too small to read (`too_small`): a poster (A0 rendered at 1024 pixels: its 11-point body 3 pixels
high) or a long strip (a 300 x 5000-point page: 2 pixels) keeps its whole text layer as a target that
no one, and no model, can read off the image written beside it.
"""

from __future__ import annotations

SCAN_COVER = 0.8  # share of the page one picture covers at least to be a scan
STRAY_TEXT = 0.03  # share of the page the visible text's line boxes cover at most, over a scan


def scan_behind(page, blocks: list[dict]) -> bool:
    """Whether ``page`` (PyMuPDF) is a picture covering ``SCAN_COVER`` of it or more with visible text
    (``blocks`` as `markdown.page_markdown` gives them, boxes in points) over under ``STRAY_TEXT`` of it:
    the text a reader sees is the picture's, not the layer's."""
    area = abs(page.rect)
    text = sum((line["bbox"][2] - line["bbox"][0]) * (line["bbox"][3] - line["bbox"][1])
               for block in blocks if block["kind"] != "image" for line in block.get("lines", []))
    if not area or text >= STRAY_TEXT * area or not page.get_images():  # get_image_info runs the page: ~1 ms
        return False
    pictures = [info["bbox"] for info in page.get_image_info()]
    return max((abs(_clipped(bbox, page.rect)) for bbox in pictures), default=0.0) >= SCAN_COVER * area


def body_line_pixels(blocks: list[dict], scale: float) -> float | None:
    """The height in the page image (pixels; ``scale`` pixels a point) of the line boxes most of the
    page's characters are set in: the median over characters; None without text lines."""
    weighted = sorted(((line["bbox"][3] - line["bbox"][1]) * scale, max(1, len(line.get("text", "").strip())))
                      for block in blocks if block["kind"] != "image" for line in block.get("lines", []))
    half, seen = sum(n for _, n in weighted) / 2, 0
    for height, n in weighted:
        seen += n
        if seen >= half:
            return height
    return None


def too_small(blocks: list[dict], scale: float, min_pixels: float) -> float | None:
    """The body's line height in pixels (`body_line_pixels`) where it is under ``min_pixels``
    (`read.DocumentOptions.min_line_pixels`): text the page image cannot show legibly; None where it can."""
    height = body_line_pixels(blocks, scale)
    return height if height is not None and height < min_pixels else None


def _clipped(bbox, rect):
    import pymupdf

    return pymupdf.Rect(bbox) & rect
