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
from sources.common.images import ImageLimits, ImageRejected, normalised_bytes
from sources.common.ocr_sample import ocr_sample

SOURCE = "scene_text"
KIND = "scene_ocr"


@dataclasses.dataclass(frozen=True)
class SceneTextOptions:
    """min_confidence: lines the engine is less sure of are left out of the target.
    min_side / max_side / max_pixels: image limits (see `sources.common.images.ImageLimits`)."""

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

