"""A sample whose target is what the OCR engine read: scene photos, and document pages without a
usable text layer, are made the same way."""

from __future__ import annotations

import numpy as np

from shards.reject import Reject
from shards.sample import Sample
from sources.common.ocr import OcrLine, dominant_script


def ocr_sample(source: str, kind: str, key: str, uri: str, locator: str, image_bytes: bytes,
               size: tuple[int, int], lines: list[OcrLine], min_confidence: float, engine: str) -> Sample | Reject:
    """A ``kind`` sample from OCR lines, or the reason there is none (``no_text``, ``low_confidence``)."""
    if not lines:
        return Reject(source, uri, "filtered:no_text", detail="the OCR engine found no text",
                      locator=locator, key=key)
    kept = [line for line in lines if line.confidence >= min_confidence]
    if not kept:
        best = max(line.confidence for line in lines)
        return Reject(source, uri, "filtered:low_confidence", locator=locator, key=key,
                      detail=f"{len(lines)} lines, best confidence {best:.2f} < {min_confidence}")
    text = "\n".join(line.text for line in kept)
    meta = {"source": source, "uri": uri, "locator": locator, "image_size": list(size),
            "lines": [line.to_dict() for line in kept], "lines_below_threshold": len(lines) - len(kept),
            "ocr_confidence": round(float(np.mean([line.confidence for line in kept])), 4),
            "script": dominant_script(text), "ocr_engine": engine, "text_source": "ocr"}
    return Sample(key=key, kind=kind, images=[image_bytes], text=text, meta=meta)
