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

A font whose lines hold too few letters and digits to judge that way, but enough other characters (a
subset font without a glyph map whose codes read as ``!"#$%&'()*+,-``, where the page shows a title in
Chinese or English: PyMuPDF #3925), is judged by one of those lines: where the recogniser reads many more
letters and digits in its image than the line holds, varied ones, the font's figure is 1.0
(`_symbols_shown_as_words`). Punctuation read back as punctuation (dot leaders, rules, ``* * *``) and
bars read as one letter over and over ("IIII") are no mismatch.

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
    pooled character error rate over up to ``lines`` of its lines; ``("symbols", font)`` -> 1.0 or None for
    a font judged by a line of few letters, `_symbols_shown_as_words`) is the document's memory,
    filled here on the first page a font has a line to judge on. Pages are read in order, so the
    same document gives the same verdicts on any worker."""
    by_font: dict[str, list[dict]] = {}
    symbols: dict[str, dict] = {}  # font -> its longest line of too few letters and digits to judge so
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
            elif len("".join(line["text"].split())) >= MIN_CHARS and (
                    font not in symbols or len(line["text"]) > len(symbols[font]["text"])):
                symbols[font] = line
    for font, candidates in by_font.items():
        if font not in verdicts:
            # a font whose lines here are all in a script the recogniser does not know (Cyrillic for
            # PP-OCR) is judged on a later page, or never: no verdict is no mismatch
            chosen = judge_first(candidates, charset_of(engine))[:lines]
            if chosen:
                verdicts[font] = _pooled_cer(page, chosen, engine)
    figures = [verdicts[font] for font in by_font if font in verdicts]
    for font, line in symbols.items():
        if font in by_font or font in verdicts:
            continue  # its letters are judged (here, or on an earlier page)
        key = ("symbols", font)  # kept apart: a later page's words in this font are still judged
        if key not in verdicts:
            verdicts[key] = 1.0 if _symbols_shown_as_words(page, line, engine) else None
        if verdicts[key] is not None:
            figures.append(verdicts[key])
    return max(figures, default=None)


def _pooled_cer(page, chosen: list[dict], engine) -> float:
    errors = length = 0.0
    for line in chosen:
        wrong, count = read_back(line["text"], _line_image(page, line), engine)
        errors, length = errors + wrong, length + count
    return errors / length


MIN_DISTINCT = 4  # different letters and digits a read-back must show to be words (not a bar read as "IIII")


def _symbols_shown_as_words(page, line: dict, engine) -> bool:
    """Whether the image of ``line`` (a text-layer line of few letters and digits) shows words: the recogniser
    reads at least `MIN_CHARS` more letters and digits than twice the line's, `MIN_DISTINCT` of them different."""
    held, read = alnum(line["text"]), alnum(engine.recognise(_line_image(page, line))[0])
    return len(read) >= MIN_CHARS + 2 * len(held) and len(set(read)) >= MIN_DISTINCT


def _line_image(page, line: dict) -> np.ndarray:
    """The line's box on ``page`` rendered at the recogniser's line height: RGB (H, W, 3) uint8."""
    import pymupdf

    box = pymupdf.Rect(line["bbox"])
    zoom = LINE_HEIGHT / max(box.height, 1.0)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=box + (-2, -2, 2, 2), alpha=False,
                          colorspace=pymupdf.csRGB)
    image = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride // 3, 3)[:, :pix.width]
    return np.ascontiguousarray(image)
