"""Interleaved parts shared by documents and web pages: text segments and images in reading order,
cut into parts of at most ``token_budget`` tokens (words, plus ``image_tokens`` per image).

Text is measured in `text_tokens`: words between spaces, but each Chinese or Japanese character (and CJK
punctuation) a token of its own. Those scripts put no space between words: counted by spaces, a chapter in
Chinese was a handful of "words" (a paragraph of 2,000 characters one token) and a whole book went into one
part many times the budget, while a tokenizer reads about a token a character.

A paragraph longer than a part is cut between sentences, never inside one (`split_long_text`; a Chinese or
Japanese sentence ends at "。", "！" or "？" with no space after);
extracted images are normalised or dropped as decorative (`normalise_image`).
"""

from __future__ import annotations

import re
import unicodedata

from sources.common.images import ImageLimits, ImageRejected, normalised_bytes

KIND = "interleaved"
# where a sentence ends: a Latin one at the space before a capital, a digit, a quote or a Hangul syllable (Korean
# ends its sentences with "." and a space); a Chinese or Japanese one right after "。", "！" or "？" and the
# closing quote or bracket that belongs to it ("「東京です。」と", "“好。”然后"), not inside "？！" or "。」"
_CLOSERS = "」』）〕】》〉”’\"')\\]"
_SENTENCE_END = re.compile(rf"(?<=[.!?])\s+(?=[A-Z0-9\"'(\uac00-\ud7a3])"
                           rf"|(?<=[。！？])(?![。！？{_CLOSERS}])\s*|(?<=[。！？][{_CLOSERS}])(?![。！？{_CLOSERS}])\s*"
                           r"|(?<=[\u0e00-\u0eff])\s+(?=[\u0e00-\u0eff])|(?<=[\u17d4\u17d5\u104b])\s*")
# Thai and Lao write no space between words and a space between sentences (or phrases): a space between two of
# their letters is where one ends; Khmer's and Burmese's full stops ("។", "៕", "။") end one with or without a
# space. A Thai paragraph longer than a part was never cut (no "." in it) and went whole into a part over budget
# Han (with its extensions and compatibility forms), kana, bopomofo, CJK punctuation and full-width forms: a
# token each (Hangul is left to spaces: Korean writes them between words)
_CJK = re.compile("[\u2e80-\u2fdf\u3000-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                  "\uf900-\ufaff\uff00-\uff60\U00020000-\U0003ffff]")


# Thai, Lao, Burmese and Khmer letters and signs: no spaces between words, so each letter counts a token as a
# CJK character does (their vowel signs and tone marks, combining, count none)
UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


def text_tokens(text: str) -> int:
    """How many tokens ``text`` counts for a part's budget: its words between spaces, each Chinese or Japanese
    character (and CJK punctuation) a token of its own (see the module's note), and each Thai, Lao, Burmese or
    Khmer letter (a Thai phrase of 40 letters between spaces was one "word")."""
    cjk = len(_CJK.findall(text))
    unspaced = [c for c in UNSPACED.findall(text) if not unicodedata.category(c).startswith("M")]
    if unspaced:
        text = UNSPACED.sub(" ", text)
    return cjk + len(unspaced) + len((_CJK.sub(" ", text) if cjk else text).split())


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
        grows = self.tokens + text_tokens(text)
        return bool(self.segments) and (grows > self.budget or (heading and self.tokens > self.budget / 2))

    def full_after_image(self) -> bool:
        return bool(self.segments) and self.tokens + self.image_tokens > self.budget

    def add_text(self, text: str, page: int) -> None:
        self.segments.append({"text": text})
        self.tokens += text_tokens(text)
        self.pages.append(page)

    def continue_text(self, text: str, page: int) -> None:
        """``text`` joined to the last segment with a space (none between two Chinese or Japanese characters) where
        that is text (the rest of a paragraph whose picture in the middle was dropped), else a segment of its
        own."""
        if not self.segments or "text" not in self.segments[-1]:
            self.add_text(text, page)
            return
        last = self.segments[-1]["text"]
        # Chinese and Japanese put no space between words: "東京は" and "日本です" around a dropped picture
        # are one word run on, not two
        joint = "" if _CJK.match(last[-1:]) and _CJK.match(text[:1]) else " "
        self.segments[-1]["text"] = last + joint + text
        self.tokens += text_tokens(text)

    def add_image(self, data: bytes, caption: str | None, page: int) -> None:
        self.images.append(data)
        segment = {"image": len(self.images) - 1}
        if caption:
            segment["caption"] = caption
            self.tokens += text_tokens(caption)
        self.segments.append(segment)
        self.tokens += self.image_tokens
        self.pages.append(page)


def split_long_text(text: str, budget: int) -> list[str]:
    """The block as it is, or cut between sentences when it alone is longer than a part; each piece the text's
    own characters, the spaces between its sentences as they were."""
    if text_tokens(text) <= budget:
        return [text]
    sentences, at = [], 0  # (start, end, tokens) of each sentence, the space after it left out
    for match in _SENTENCE_END.finditer(text):
        if match.start() > at:
            sentences.append((at, match.start(), text_tokens(text[at:match.start()])))
        at = max(at, match.end())
    if at < len(text):
        sentences.append((at, len(text), text_tokens(text[at:])))
    pieces, first, last, tokens = [], None, 0, 0
    for start, end, count in sentences:
        if first is not None and tokens + count > budget:
            pieces.append(text[first:last].strip())
            first, tokens = None, 0
        first, last, tokens = start if first is None else first, end, tokens + count
    if first is not None:
        pieces.append(text[first:last].strip())
    return [piece for piece in pieces if piece]


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
