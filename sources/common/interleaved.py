"""Interleaved parts shared by documents and web pages: text segments and images in reading order,
cut into parts of at most ``token_budget`` tokens (words, plus ``image_tokens`` per image).

A paragraph longer than a part is cut between sentences, never inside one (`split_long_text`);
extracted images are normalised or dropped as decorative (`normalise_image`).
"""

from __future__ import annotations

import re

from sources.common.images import ImageLimits, ImageRejected, normalised_bytes

KIND = "interleaved"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


class Part:
    """The part being filled: segments, images, tokens, and the pages it spans."""

    def __init__(self, options):
        self.budget, self.image_tokens = options.token_budget, options.image_tokens
        self.segments: list[dict] = []
        self.images: list[bytes] = []
        self.tokens = 0
        self.pages: list[int] = []

    def full_after(self, text: str, heading: bool) -> bool:
        # a heading starts a new part when the current one is half full: sections stay whole
        grows = self.tokens + len(text.split())
        return bool(self.segments) and (grows > self.budget or (heading and self.tokens > self.budget / 2))

    def full_after_image(self) -> bool:
        return bool(self.segments) and self.tokens + self.image_tokens > self.budget

    def add_text(self, text: str, page: int) -> None:
        self.segments.append({"text": text})
        self.tokens += len(text.split())
        self.pages.append(page)

    def continue_text(self, text: str, page: int) -> None:
        """``text`` joined to the last segment with a space where that is text (the rest of a paragraph whose
        picture in the middle was dropped), else a segment of its own."""
        if not self.segments or "text" not in self.segments[-1]:
            self.add_text(text, page)
            return
        self.segments[-1]["text"] += " " + text
        self.tokens += len(text.split())

    def add_image(self, data: bytes, caption: str | None, page: int) -> None:
        self.images.append(data)
        segment = {"image": len(self.images) - 1}
        if caption:
            segment["caption"] = caption
            self.tokens += len(caption.split())
        self.segments.append(segment)
        self.tokens += self.image_tokens
        self.pages.append(page)


def split_long_text(text: str, budget: int) -> list[str]:
    """The block as it is, or cut between sentences when it alone is longer than a part."""
    if len(text.split()) <= budget:
        return [text]
    pieces, current = [], ""
    for sentence in _SENTENCE_END.split(text):
        if current and len((current + " " + sentence).split()) > budget:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    return pieces + ([current] if current else [])


def normalise_image(data: bytes, ext: str) -> tuple[bytes | None, str | None]:
    """PNG/JPEG bytes for an extracted image, or why not (near-uniform, unreadable)."""
    import numpy as np

    try:
        stored, image = normalised_bytes(data, ImageLimits(min_side=1, max_side=2048))
    except ImageRejected:
        try:  # formats Pillow lacks (JPX, JBIG2...) go through PyMuPDF
            import pymupdf

            stored, image = normalised_bytes(pymupdf.Pixmap(data).tobytes("png"), ImageLimits(min_side=1))
        except Exception:
            return None, f"unreadable:{ext or 'unknown'}"
    if float(np.asarray(image.convert("L").resize((64, 64))).std()) < 4.0:
        return None, "decorative:near_uniform"
    return stored, None
