"""Can a page's image carry its text layer's target? Three ways a right text layer still makes a wrong sample.

A scan behind stray text (`scan_behind`): a scanned page whose only visible text is a stamp laid over
it ("Downloaded from https://archive.example.org on 12 March 2021", a page number), or whose OCR layer is
invisible (render mode 3, dropped as unseen) beside such a stamp, has a text layer; its target was that
one line while the page shows a whole text. Such a page is read by OCR like a scan.

Text too small to read (`too_small`): a poster (A0 rendered at 1024 pixels: its 11-point body 3 pixels
high) or a long strip (a 300 x 5000-point page: 2 pixels) keeps its whole text layer as a target that
no one, and no model, can read off the image written beside it.

Text cut by a reflowed page's edge (`cut_at_edge`): a table or a line wider than the page runs past its
edge; the glyphs wholly outside are not drawn and not in the text layer, and a glyph the edge cuts is in
the layer whole. A reflowed HTML or EPUB table of twelve columns on an A5 page came out as its first four
columns and "C" of the fifth header ("value0x3longword v" a row), the other columns silently gone.
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


EDGE_SLACK = 1.0  # points: a line's box within this of the page's edge reaches it


def cut_at_edge(page, blocks: list[dict]) -> list[tuple[str, tuple]]:
    """The text lines of a reflowed ``page`` (EPUB, HTML) that its edge cuts, as (text, box in points);
    ``[]`` where none is, and on a PDF page. MuPDF lays reflowed text out inside margins and places nothing
    past the edge, so a line of ``blocks`` (`markdown.page_markdown`'s, boxes in points) reaching within
    ``EDGE_SLACK`` of an edge overflowed it: the text past it is lost from the document, not only from the
    image (a wider ``page_size`` holds it). A PDF page's glyphs past its edge are left out of its target as
    text under a cover is (`covered_text.beyond_the_page`): its target is what the page shows."""
    if not page.parent.is_reflowable:
        return []
    rect = page.rect
    inner = (rect.x0 + EDGE_SLACK, rect.y0 + EDGE_SLACK, rect.x1 - EDGE_SLACK, rect.y1 - EDGE_SLACK)
    return [(line.get("text", ""), tuple(line["bbox"])) for block in blocks if block["kind"] != "image"
            for line in block.get("lines", []) if _passes(line["bbox"], inner)]


def is_cut(block: dict, cut: list[tuple[str, tuple]]) -> bool:
    """Whether a line of ``block`` (`markdown.page_markdown`'s) lies on a line `cut_at_edge` found."""
    return any(line["bbox"][0] < box[2] and box[0] < line["bbox"][2] and line["bbox"][1] < box[3]
               and box[1] < line["bbox"][3] for line in block.get("lines", []) for _, box in cut)


def _passes(box, bounds) -> bool:
    """Whether the line box ``box`` reaches past a side of ``bounds`` (both x0, y0, x1, y1): across by
    any amount, up or down by a quarter of its height (a line box's top is the font's ascender, which
    may pass a page's top while no ink does)."""
    slack = 0.25 * (box[3] - box[1])
    return box[0] < bounds[0] or box[2] > bounds[2] or box[1] < bounds[1] - slack or box[3] > bounds[3] + slack


def _clipped(bbox, rect):
    import pymupdf

    return pymupdf.Rect(bbox) & rect
