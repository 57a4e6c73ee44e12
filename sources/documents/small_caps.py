"""Small capitals read as the capitals the page shows.

texinfo's ``@sc`` and LaTeX's ``\\textsc`` set lower-case letters in a small-caps font, whose glyphs for
them are capitals a little smaller than the font's own: Octave's manual shows "your BLAS library" where its
text layer says "your blas library" (the font's glyph names are the lower-case letters'), and "\\textsc{Smith}"
shows "SMITH". Markdown has no small capitals; what a reader reads there is capitals, so a span set in a
small-caps font is written in upper case. The agreement check (`agreement`, `line_agreement.alnum`) folds
case, so it judges such a line the same either way.

A small-caps font is known by its name (`is_small_caps`): TeX's cmcsc (Computer Modern caps and small caps,
texinfo's ``@sc``), cm-super's sfcc and sfxc, Latin Modern's "LMRomanCaps", and any family whose name says
"SmallCaps", "Caps", "SmCp", or "SC" after a style word ("MinionPro-RegularSC"; "NotoSansSC", Simplified
Chinese, is no small caps). Not known: small capitals set with the regular font's own alternate glyphs (an
OpenType ``smcp`` feature, TeX Gyre's Type1 fonts), whose name says nothing; PSNFSS's fake small caps
(Times, Palatino) draw the font's capitals and read as capitals already.
"""

from __future__ import annotations

import functools
import re

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_CAPS_NAME = re.compile(r"^(?:cmcsc(?:sl)?|sfcc|sfxc)\d|caps(?![a-z])|smcp", re.IGNORECASE)
# "SC" as a style of its own, after a style word ("RegularSC", "Bold-SC"): upper case, as families write it
_SC_STYLE = re.compile(r"(?:Regular|Roman|Italic|It|Bold|Light|Medium|Book|Semibold|SemiBold|Black|Demi)"
                       r"[-_]?SC(?![a-z])")


@functools.lru_cache(maxsize=4096)  # a page asks about each of its few fonts once a span: 262,000 times on 457 pages
def is_small_caps(font: str) -> bool:
    """Whether ``font`` (a span's font name, subset tag or not) is a small-caps font."""
    name = _SUBSET.sub("", font)
    return bool(_CAPS_NAME.search(name) or _SC_STYLE.search(name))


def as_shown(text: str, font: str) -> str:
    """``text`` as the page shows it in ``font``: in upper case where the font is a small-caps one, as it is
    elsewhere."""
    return text.upper() if text and is_small_caps(font) else text


def starts_lower(line: dict) -> bool:
    """Whether a dict line's text starts with a lower-case letter as its text layer sets it, a small-caps
    span's letters as set (``set_as``, `text_layer.visible`'s): "blas" shown BLAS, with which a paragraph runs
    on into the next line as it does into any word in lower case."""
    for span in line["spans"]:
        text = span.get("set_as", span["text"]).lstrip()
        if text:
            return text[0].islower()
    return False
