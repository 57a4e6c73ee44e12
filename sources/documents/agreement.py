"""Does a page's target say what its image shows? A few of its text-layer lines read back by OCR.

A text layer can be wrong and look fine: a Type3 or bitmap font whose glyphs map to other characters
("Cjunbq hmzqit" where the page shows "Bitmap glyphs"), a font with a broken ToUnicode map, text
drawn over by something else. A wrong map is a font's fault, so each font of a document (by name) is
judged once, on the first page where it sets lines long enough: up to ``lines`` of its lines (those
`line_agreement.judge_first` puts first) are rendered from the page at the recognition model's line
height and read back (`sources.common.line_agreement`); the character error rate over their letters
and digits, pooled, is the agreement figure. On clean pages it is near 0.02; a wrong text layer gives
0.6 and more. Lines in a script the recogniser does not know (`line_agreement.readable`) are not judged:
a right Russian text layer read back by PP-OCR scored 1.0 and was replaced by its reading, ", .  , .".

Known limit: fonts are told apart by name, so two font objects of one name (a merged PDF's parts) share
one verdict. Judging each object instead cost a recognition on every page where producers embed a
font per page (PyMuPDF's Story output, figures that carry their own fonts: 33 CMMI12 objects in the
Asymptote manual), which made the page stage three times slower.
"""

from __future__ import annotations

import numpy as np

from sources.common.line_agreement import LINE_HEIGHT, MIN_CHARS, alnum, judge_first, read_back
from sources.common.ocr import charset_of


def text_image_cer(page, blocks: list[dict], engine, lines: int, verdicts: dict[str, float]) -> float | None:
    """The worst agreement figure among the fonts of the page's lines (``blocks`` as
    `markdown.page_markdown` gives them, boxes in points); None when no line is long enough to judge.

    A wrong map is a font's fault, so each font is read back once a document: ``verdicts`` (font ->
    pooled character error rate over up to ``lines`` of its lines) is the document's memory,
    filled here on the first page a font has a line to judge on. Pages are read in order, so the
    same document gives the same verdicts on any worker."""
    by_font: dict[str, list[dict]] = {}
    for block in blocks:
        for line in block.get("lines", []) if block["kind"] != "image" else ():
            x0, y0, x1, y1 = line["bbox"]
            font = line.get("font", "")
            if x1 - x0 <= y1 - y0 or not line.get("upright", True):  # slanted: unreadable in its box
                continue
            if font in verdicts and font in by_font:  # judged: one line says it is used
                continue
            if len(line["text"]) >= MIN_CHARS and len(alnum(line["text"])) >= MIN_CHARS:
                by_font.setdefault(font, []).append(line)
    for font, candidates in by_font.items():
        if font not in verdicts:
            # a font whose lines here are all in a script the recogniser does not know (Cyrillic for
            # PP-OCR) is judged on a later page, or never: no verdict is no mismatch
            chosen = judge_first(candidates, charset_of(engine))[:lines]
            if chosen:
                verdicts[font] = _pooled_cer(page, chosen, engine)
    return max((verdicts[font] for font in by_font if font in verdicts), default=None)


def _pooled_cer(page, chosen: list[dict], engine) -> float:
    import pymupdf

    errors = length = 0.0
    for line in chosen:
        box = pymupdf.Rect(line["bbox"])
        zoom = LINE_HEIGHT / max(box.height, 1.0)
        pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=box + (-2, -2, 2, 2), alpha=False,
                              colorspace=pymupdf.csRGB)
        image = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride // 3, 3)[:, :pix.width]
        wrong, count = read_back(line["text"], np.ascontiguousarray(image), engine)
        errors, length = errors + wrong, length + count
    return errors / length
