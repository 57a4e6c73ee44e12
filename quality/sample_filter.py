"""One sample through the filters: PII scrubbed, language, text heuristics, quality score, image
checks, with the scores written into ``meta`` and the image hashes the later steps need into its
stage-private ``_image_hashes`` (`quality.image_hash.hashes_of` reads them).

Returns the (possibly scrubbed) sample, or a `Reject` naming the first rule it broke.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
from collections import Counter
from typing import Iterator

import numpy as np
from PIL import Image, UnidentifiedImageError

from quality import heuristics, image_checks, image_hash, langid, pii, quality_model
from quality.config import QualityConfig
from quality.text import sample_text
from shards.reject import Reject, sample_reject
from shards.sample import Sample
from sources.common.images import take_decoded


def filter_sample(sample: Sample, config: QualityConfig, model=None) -> Sample | Reject:
    """``sample`` filtered; ``model`` is the loaded quality classifier when one is configured."""
    meta = dict(sample.meta)
    kind = sample.kind
    if config.pii.enabled and kind in config.pii.kinds:
        sample, found = scrub_sample(sample)
        if found:
            meta["pii_replaced"] = dict(found)
    text = sample_text(sample)
    language = config.language
    if language.enabled and kind in language.kinds and len(text.strip()) >= language.min_chars:
        code, score = langid.identify(langid.prose(text) or text)
        meta["language"] = {"code": code, "score": round(score, 3)}
        if code not in language.keep and score >= language.min_score:
            return sample_reject(sample, "filtered:language", f"{code} at {score:.2f}; kept: {list(language.keep)}")
    if config.heuristics.enabled and kind in config.heuristics.kinds:
        reason = heuristics.check(text, config.heuristics)
        if reason:
            return sample_reject(sample, reason, text[:160])
    if model is not None and kind in config.quality_model.kinds:
        score = quality_model.score(model, text)
        meta["quality"] = round(score, 4)
        if score < config.quality_model.min_score:
            return sample_reject(sample, "filtered:quality_model", f"score {score:.3f} < {config.quality_model.min_score}")
    hashes = []
    for index, data in enumerate(sample.images):
        try:
            with _decoded(data) as image:
                grey = None  # image.convert("L")'s pixels once, for the blank check and the three pHash views
                if config.images.enabled:
                    reason = image_checks.check_shape(image, config.images)
                    if not reason:
                        grey_image = image.convert("L")
                        grey = np.asarray(grey_image)
                        reason = image_checks.check_blank(grey_image, config.images, grey)
                    if reason:
                        return sample_reject(sample, reason, f"image {index}: {image.size[0]}x{image.size[1]}")
                hashes.append({"pixels": image_hash.pixel_digest(image),
                               "phash": image_hash.phashes(image, config.dedup.image_hash_size, grey),
                               "area": image.size[0] * image.size[1]})
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            return sample_reject(sample, "filtered:image_unreadable", f"image {index}: {exc}"[:300])
    if hashes:
        meta[image_hash.META_KEY] = hashes
    return dataclasses.replace(sample, meta=meta)


@contextlib.contextmanager
def _decoded(data: bytes) -> Iterator[Image.Image]:
    """``data`` decoded: the image its source decoded just before, when it is still at hand (the same
    pixels: `sources.common.images.take_decoded`), else ``Image.open`` and ``load()``."""
    image = take_decoded(data)
    if image is not None:
        yield image
        return
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        yield image


def scrub_sample(sample: Sample) -> tuple[Sample, Counter]:
    """The sample with PII replaced in its text, segments and conversation turns."""
    found: Counter = Counter()

    def clean(text):
        if not isinstance(text, str):
            return text
        out, counts = pii.scrub(text)
        found.update(counts)
        return out

    segments = [{**s, "text": clean(s["text"])} if "text" in s else s for s in sample.segments or []]
    conversation = []
    for turn in sample.conversation or []:
        turn = dict(turn)
        for field in ("content", "value"):
            if isinstance(turn.get(field), str):
                turn[field] = clean(turn[field])
            elif isinstance(turn.get(field), list):
                turn[field] = [{**c, "text": clean(c["text"])} if isinstance(c, dict) and "text" in c else c
                               for c in turn[field]]
        conversation.append(turn)
    return dataclasses.replace(sample, text=clean(sample.text),
                               segments=segments if sample.segments is not None else None,
                               conversation=conversation if sample.conversation is not None else None), found
