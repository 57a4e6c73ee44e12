"""Unlabelled images to `scene_ocr` samples: the OCR engine's confident lines as the target.

The target is the transcription in reading order; every kept line's text, confidence
and box go to ``meta["lines"]`` for grounding ("text at box") tasks.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Iterator

import numpy as np

from shards.reject import Reject
from shards.sample import Sample, make_key
from sources.images import ImageLimits, ImageRejected, normalised_bytes
from sources.ocr import OcrLine, dominant_script

SOURCE = "scene_text"
KIND = "scene_ocr"


@dataclasses.dataclass(frozen=True)
class SceneTextOptions:
    """min_confidence: lines the engine is less sure of are left out of the target.
    min_side / max_side / max_pixels: image limits (see `sources.images.ImageLimits`)."""

    min_confidence: float = 0.6
    min_side: int = 32
    max_side: int = 2048
    max_pixels: int = 50_000_000

    @property
    def limits(self) -> ImageLimits:
        return ImageLimits(self.min_side, self.max_side, self.max_pixels)


def read_scene_text(data: bytes, uri: str, options: SceneTextOptions = SceneTextOptions(),
                    context=None) -> Iterator[Sample | Reject]:
    """One `scene_ocr` sample (or one reject) for the image in ``data``."""
    try:
        stored, image = normalised_bytes(data, options.limits)
    except ImageRejected as exc:
        yield Reject(SOURCE, uri, exc.reason, detail=str(exc))
        return
    engine = context.ocr_engine()
    lines = engine.read(np.asarray(image))
    key = make_key(KIND, hashlib.sha256(data).hexdigest())
    yield ocr_sample(SOURCE, KIND, key, uri, "image", stored, image.size, lines, options.min_confidence,
                     engine.name)


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
