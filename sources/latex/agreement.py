"""Does a page's target say what the page's PDF text layer says? A misaligned page fails this.

Both sides are cut to their words of letters (three or more): the target with its math and markdown
syntax taken out, the text layer with words hyphenated over a line joined. Math is left out of both
sides: a formula's text layer is loose glyphs (``x2``, ``dy``) that its LaTeX does not spell, and short
tokens are where the two differ without either being wrong. The figure is the share of words the two
have in common (as multisets) over the larger side: 1.0 when the target holds exactly the page's words,
lower when a block is missing from it or belongs to another page.
"""

from __future__ import annotations

import re
from collections import Counter

_DISPLAY = re.compile(r"\$\$.*?\$\$", re.S)
_INLINE = re.compile(r"(?<!\\)\$[^$]*?(?<!\\)\$")
_WORD = re.compile(r"[^\W\d_]{3,}")


def target_words(markdown: str) -> list[str]:
    """The target's words (math, markup and link targets out), lower-cased."""
    text = _INLINE.sub(" ", _DISPLAY.sub(" ", markdown))
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    return [w.lower() for w in _WORD.findall(text)]


def layer_words(text: str) -> list[str]:
    """The text layer's words, lower-cased, with ``equa-\\ntion`` joined."""
    return [w.lower() for w in _WORD.findall(re.sub(r"-\s*\n\s*", "", text))]


def page_agreement(markdown: str, layer_text: str) -> float:
    """Words in common over the larger side's count (1.0 for a page with no words on either side)."""
    target, layer = Counter(target_words(markdown)), Counter(layer_words(layer_text))
    larger = max(sum(target.values()), sum(layer.values()))
    return sum((target & layer).values()) / larger if larger else 1.0
