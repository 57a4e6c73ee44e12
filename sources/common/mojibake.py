"""Mojibake: text encoded in UTF-8 and decoded as cp1252 or latin-1 ("CafÃ© crÃ¨me", "GrÃ¼ÃŸe").

Scraped captions, SFT records and text layers carry it often; written as it is, a target teaches the
garbled form. ftfy (the library LAION's and CLIP's pipelines clean captions with) judges whether text
looks like mojibake (``badness.is_bad``) and undoes it where the bytes allow; where it is still garbled
after, the text is refused by its caller, never written.
"""

from __future__ import annotations

import functools


def repaired(text: str) -> tuple[str, bool | None]:
    """``(text, whether ftfy repaired mojibake in it)``; ``(text, None)`` when it is mojibake ftfy cannot
    undo. Text that does not look garbled is returned as it is (ftfy's other fixes, such as straightening
    quotes, are not applied to it)."""
    if text.isascii():  # mojibake is made of non-ASCII characters: most captions pass here, for ~0.1 us
        return text, False
    from ftfy import fix_text
    from ftfy.badness import is_bad

    if not is_bad(text):
        return text, False
    fixed = fix_text(text, _encoding_only())
    return (fixed, True) if not is_bad(fixed) else (text, None)


@functools.cache
def _encoding_only():
    """ftfy's fixes that undo a wrong decoding, and none of those that rewrite text written as meant: with
    all on, a turn holding mojibake also lost its HTML escapes ("Use &lt;b&gt;" became "Use <b>"), its
    curly quotes, full-width forms ("「ＡＢＣ」"), ligatures and line breaks."""
    from ftfy import TextFixerConfig

    return TextFixerConfig(unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
                           fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
                           remove_control_chars=False, normalization=None, explain=False)
