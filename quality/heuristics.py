"""Gopher- and C4-style text quality rules (Rae et al. 2021, "Scaling Language Models", appendix A;
Raffel et al. 2020, C4). Each rule returns None (keep) or the reason code it drops a text with.

The defaults are looser than Gopher's on length (pages and interleaved parts here are shorter
than whole web documents) and otherwise the published ones.
"""

from __future__ import annotations

import re
from collections import Counter

from quality.config import HeuristicOptions
from quality.text import cjk_share, tokens

# Gopher's stop words: real English prose uses at least two of them.
STOP_WORDS = frozenset(["the", "be", "to", "of", "and", "that", "have", "with"])
BOILERPLATE = ("lorem ipsum", "javascript is disabled", "enable javascript", "we use cookies",
               "this website uses cookies", "terms of use", "all rights reserved")
_BULLETS = ("•", "-", "*", "·", "‣", "◦")
_SYMBOLS_RE = re.compile(r"#|\.\.\.|…")
_HEADING_MARKERS = re.compile(r"^#{1,6}(?=[ \t])", re.MULTILINE)
_BAD_CHARS_RE = re.compile("[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")


def check(text: str, options: HeuristicOptions = HeuristicOptions()) -> str | None:
    """The first rule ``text`` breaks, as ``filtered:<rule>``, or None."""
    if len(_BAD_CHARS_RE.findall(text)) > options.max_bad_characters * max(1, len(text)):
        return "filtered:bad_characters"
    words = tokens(text)
    if len(words) < options.min_words:
        return "filtered:too_few_words"
    if len(words) > options.max_words:
        return "filtered:too_many_words"
    lowered = text.lower()
    if sum(lowered.count(b) for b in BOILERPLATE) >= 2 or "lorem ipsum" in lowered:
        return "filtered:boilerplate"
    digits = sum(c.isdigit() for c in text)
    if digits > options.max_digit_ratio * max(1, sum(not c.isspace() for c in text)):
        return "filtered:digit_ratio"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines:
        if sum(line.startswith(_BULLETS) for line in lines) > options.max_bullet_lines * len(lines):
            return "filtered:bullet_lines"
        if sum(line.endswith(("...", "…")) for line in lines) > options.max_ellipsis_lines * len(lines):
            return "filtered:ellipsis_lines"
        repeated = sum(n - 1 for n in Counter(lines).values() if n > 1)
        if len(lines) >= 4 and repeated > options.max_repeated_lines * len(lines):
            return "filtered:repeated_lines"
    if len(words) >= 10:
        grams = Counter(zip(words, words[1:], words[2:]))
        gram, count = grams.most_common(1)[0]
        if count > 1 and count * sum(map(len, gram)) > options.max_repeated_ngram_share * sum(map(len, words)):
            return "filtered:repeated_ngrams"
    if cjk_share(text) < 0.3:  # rules about words need space-separated words
        return _word_rules(text, words, options)
    return None


def _word_rules(text: str, words: list[str], options: HeuristicOptions) -> str | None:
    mean = sum(map(len, words)) / len(words)
    if not options.min_mean_word_length <= mean <= options.max_mean_word_length:
        return "filtered:mean_word_length"
    # Gopher's hash and ellipsis count, markdown's heading markers left out: they are a target's structure
    # ("## Home 6 kW": a web page's product list under its h2 headings was refused as symbols)
    if len(_SYMBOLS_RE.findall(_HEADING_MARKERS.sub("", text))) > options.max_symbol_ratio * len(words):
        return "filtered:symbol_ratio"
    raw = text.split()
    if sum(any(c.isalpha() for c in w) for w in raw) < options.min_alpha_words * len(raw):
        return "filtered:alpha_words"
    if len(STOP_WORDS.intersection(words)) < options.min_stop_words:
        return "filtered:stop_words"
    return None
