"""Text as the quality stage sees it: one normalisation and one tokeniser for every rule.

Chinese, Japanese and Korean have no spaces, so each CJK character is a token of its own;
elsewhere a token is a run of letters and digits. Hashing, MinHash shingles, contamination
n-grams and the heuristics all use these, so "the same text" means one thing everywhere.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from shards.sample import Sample

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKEN_RE = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+", re.UNICODE)
_CJK_RE = re.compile(rf"[{_CJK}]")
_SPACE_RE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFKC, lower case, whitespace collapsed: what an exact-duplicate hash is taken over."""
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()


def tokens(text: str) -> list[str]:
    """Words (letters/digits runs) and single CJK characters of the normalised text."""
    return _TOKEN_RE.findall(normalise(text))


def cjk_share(text: str) -> float:
    """The share of CJK characters among non-space characters (word-based rules skip CJK text)."""
    chars = len(text) - text.count(" ") - text.count("\n")
    return len(_CJK_RE.findall(text)) / chars if chars else 0.0


def ngrams(words: list[str], n: int) -> list[str]:
    """Word n-grams joined by spaces; a text shorter than ``n`` is one n-gram of all its words."""
    if len(words) <= n:
        return [" ".join(words)] if words else []
    return [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]


def digest(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:32]


def sample_text(sample: Sample) -> str:
    """The text a sample carries, as one string: its target, its interleaved text segments,
    or its conversation's turns (image placeholders left out)."""
    parts = [sample.text or ""]
    parts += [s.get("text", "") for s in sample.segments or [] if isinstance(s.get("text"), str)]
    for turn in sample.conversation or []:
        content = turn.get("content", turn.get("value", ""))
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):
            parts += [c.get("text", "") for c in content if isinstance(c, dict) and isinstance(c.get("text"), str)]
    return "\n".join(p for p in parts if p)
