"""A sample whose target is what the OCR engine read: scene photos, and document pages without a
usable text layer, are made the same way."""

from __future__ import annotations

import numpy as np

from shards.reject import Reject
from shards.sample import Sample
from sources.common.ocr import OcrLine, box_extent, dominant_script


MIN_LETTERS_READ = 0.3  # of the letters and digits the lines' boxes hold, read: under it the lines are unread
ADVANCE = 0.5  # a character's width in its line box's heights (Latin ~0.45-0.55; CJK ~1, code ~0.6)


def letters_read_share(lines: list[OcrLine]) -> float:
    """The letters and digits read in ``lines`` over those their boxes hold (a box ``ADVANCE`` of its
    height a character): about 0.8-0.9 on a page of English prose, 0.5 of Chinese (square characters),
    under 0.05 where a recogniser met a script it does not know and gave punctuation."""
    room = 0.0
    for line in lines:
        x0, y0, x1, y1 = box_extent(line.box)
        room += (x1 - x0) / max(ADVANCE * (y1 - y0), 1e-6)
    read = sum(c.isalnum() for line in lines for c in line.text)
    return read / room if room else 1.0


def ocr_sample(source: str, kind: str, key: str, uri: str, locator: str, image_bytes: bytes,
               size: tuple[int, int], lines: list[OcrLine], min_confidence: float, engine: str) -> Sample | Reject:
    """A ``kind`` sample from OCR lines, or the reason there is none (``no_text``: no lines, or lines
    without a letter or digit; ``low_confidence``)."""
    if not lines:
        return Reject(source, uri, "filtered:no_text", detail="the OCR engine found no text",
                      locator=locator, key=key)
    kept = [line for line in lines if line.confidence >= min_confidence]
    if not kept:
        best = max(line.confidence for line in lines)
        return Reject(source, uri, "filtered:low_confidence", locator=locator, key=key,
                      detail=f"{len(lines)} lines, best confidence {best:.2f} < {min_confidence}")
    share = letters_read_share(kept)
    if share < MIN_LETTERS_READ:
        # what a recogniser gives for a script it does not know: PP-OCR read a Russian page as ", .  , ."
        # (11 points) or as commas and a few look-alikes, "paHbωe." for "раньше" (14 points)
        return Reject(source, uri, "filtered:no_text", locator=locator, key=key,
                      detail=f"{len(kept)} lines read as {share:.0%} of the letters and digits their boxes "
                             f"hold, mostly punctuation (a script the OCR engine does not read?)")
    text = "\n".join(line.text for line in kept)
    meta = {"source": source, "uri": uri, "locator": locator, "image_size": list(size),
            "lines": [line.to_dict() for line in kept], "lines_below_threshold": len(lines) - len(kept),
            "ocr_confidence": round(float(np.mean([line.confidence for line in kept])), 4),
            "script": dominant_script(text), "ocr_engine": engine, "text_source": "ocr"}
    return Sample(key=key, kind=kind, images=[image_bytes], text=text, meta=meta)
