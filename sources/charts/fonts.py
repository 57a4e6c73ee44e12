"""Which installed fonts draw a chart's text: the style's font, then fallbacks (a CJK font among them).

matplotlib falls back glyph by glyph along ``rcParams['font.family']`` when it is a list, but
draws a box for a character that no font in the list has. So the text a chart will draw is
checked against each font's character map (FreeType's, through matplotlib's font manager)
before drawing: the list a chart gets is its style's font plus the fallbacks its text needs,
and text that no installed font can draw raises `MissingGlyphs` (a reject, never a box).
``tools/install-fonts`` installs Debian's ``fonts-noto-cjk``.
"""

from __future__ import annotations

import functools
import unicodedata

from shards.reject import ReasonError

# tried in this order after the style's font; Noto CJK (fonts-noto-cjk) and WenQuanYi (fonts-wqy-*) are
# Debian's CJK fonts. The SC/JP/KR faces of Noto hold the same characters with regional glyph shapes, so
# text with kana prefers JP and text with hangul KR.
FALLBACK_FONTS = ("DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK KR",
                  "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback")
REASON = "unsupported:missing_glyphs"
FONT_MISSING = "error:chart:font_missing"
INSTALL_HINT = "tools/install-fonts installs Debian's fonts-noto-cjk"


class MissingGlyphs(ReasonError):
    """Text no installed font can draw; the message names the characters and the fonts tried."""

    def __init__(self, detail: str):
        super().__init__(REASON, detail)


class MissingFont(ReasonError):
    """A font a chart's style names that is not installed (``family``): matplotlib would draw the chart in its
    default font (DejaVu Sans) without a word, the image no longer the one the chart's code target names."""

    def __init__(self, family: str):
        super().__init__(FONT_MISSING, f"the style's font {family!r} is not installed (matplotlib's findfont finds "
                                       f"no such family without falling back to its default): the chart would be "
                                       f"drawn in DejaVu Sans while its code names {family!r}; install the font or "
                                       f"leave it out of sources.charts.specs.FONTS")
        self.family = family


def font_list(texts: list[str], primary: str, fallbacks: tuple[str, ...] = FALLBACK_FONTS) -> list[str]:
    """``[primary, *fallbacks needed]``: the fonts that together draw every character of ``texts``.
    Raises `MissingFont` where ``primary`` is not installed (a fallback font is asked for only where the text
    needs it), `MissingGlyphs` naming the first text with a character none of them has."""
    if charmap(primary) is None:
        raise MissingFont(primary)
    chars = sorted({c for text in texts for c in text if not c.isspace()})
    missing = [c for c in chars if not covers(primary, c)]
    if not missing:
        return [primary]
    fallbacks = _by_script(fallbacks, missing)
    used = []
    for c in missing:
        family = next((f for f in fallbacks if covers(f, c)), None)
        if family is None:
            text = next(t for t in texts if c in t)
            installed = [f for f in dict.fromkeys((primary, *fallbacks)) if charmap(f) is not None]
            absent = [f for f in fallbacks if charmap(f) is None]
            raise MissingGlyphs(f"no installed font draws {c!r} ({_name(c)}) in {text[:80]!r}; tried "
                                f"{', '.join(installed)}" + (f" (not installed: {', '.join(absent)})" if absent else "")
                                + f"; {INSTALL_HINT}")
        if family not in used:
            used.append(family)
    return [primary, *[f for f in fallbacks if f in used and f != primary]]


def covers(family: str, char: str) -> bool:
    cmap = charmap(family)
    return cmap is not None and ord(char) in cmap


@functools.lru_cache(maxsize=64)
def charmap(family: str) -> frozenset[int] | None:
    """The code points the installed font ``family`` (regular face) has glyphs for; None if not installed."""
    from matplotlib import font_manager

    for attempt in range(2):
        try:
            path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            if attempt or not _add_new_system_fonts():
                return None
            continue
        return frozenset(font_manager.get_font(path).get_charmap())
    return None


@functools.lru_cache(maxsize=1)
def _add_new_system_fonts() -> bool:
    """Add fonts installed after matplotlib cached its font list (it never looks again); True if any."""
    from matplotlib import font_manager

    known = {str(f.fname) for f in font_manager.fontManager.ttflist}
    added = False
    for path in font_manager.findSystemFonts():
        if path not in known:
            try:
                font_manager.fontManager.addfont(path)
                added = True
            except Exception:  # a font file FreeType cannot read is one font less, not a failure
                continue
    return added


def _by_script(fallbacks: tuple[str, ...], chars: list[str]) -> list[str]:
    """``fallbacks`` with the regional face the text's script asks for (JP for kana, KR for hangul) ahead
    of the other CJK faces."""
    names = {unicodedata.name(c, "") for c in chars}
    tag = " JP" if any(n.startswith(("HIRAGANA", "KATAKANA")) for n in names) else \
        " KR" if any(n.startswith("HANGUL") for n in names) else None
    preferred = [f for f in fallbacks if tag and f.endswith(tag)]
    rest = [f for f in fallbacks if f not in preferred]
    first_cjk = next((i for i, f in enumerate(rest) if "CJK" in f), len(rest))
    return rest[:first_cjk] + preferred + rest[first_cjk:]


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip()


def check_drawn(caught: list) -> None:
    """Raise `MissingGlyphs` if matplotlib warned, while drawing, that a glyph was missing from its fonts
    (the check after drawing, for text the check before it did not know of)."""
    for warning in caught:
        message = str(warning.message)
        if message.startswith("Glyph ") and "missing from font" in message:
            raise MissingGlyphs(f"matplotlib drew a box: {message}; {INSTALL_HINT}")
