"""Mojibake: text encoded in UTF-8 and decoded as cp1252 or latin-1 ("CafÃ© crÃ¨me", "GrÃ¼ÃŸe").

Scraped captions, SFT records and text layers carry it often; written as it is, a target teaches the
garbled form. ftfy (the library LAION's and CLIP's pipelines clean captions with) judges whether text
looks like mojibake (``badness.is_bad``) and undoes it where the bytes allow; where it is still garbled
after, the text is refused by its caller, never written.

Text about mojibake is not mojibake: "Why do I see Ã© instead of é?" repaired reads "Why do I see é instead of
é?", and its answer no longer matches it. `mentioned` tells such texts apart so their callers leave them as
written (noting why in the sample's meta: SFT records, Hub rows, captions); a text mis-decoded throughout is
still repaired. Whole documents (text corpora, pages) are not asked: in a long text, an encoding named
somewhere says little about the rest of it.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable

# names of text encodings and of the fault: a conversation holding them and mis-decoded-looking characters is
# about those characters ("What does Ã© mean?" / "UTF-8 read as Latin-1"). Words used for other things too
# ("encoding", "decode": one-hot encoding, base64) are not among them.
_ENCODING_NAMES = re.compile(r"(?i)(?<!\w)(?:utf-?(?:8|16|32)|latin-?1|iso[-_ ]?8859(?:-\d+)?|cp-?125\d|"
                             r"windows-?125\d|mac-?roman|mojibake|charset|(?:character|text) encoding)(?!\w)")
_OPENING, _CLOSING = "\"'`“‘«", "\"'`”’»"


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


def mentioned(texts: Iterable[str]) -> str | None:
    """Why ``texts`` (one text, or the turns of one conversation) that look mis-decoded are about those
    characters, to be written as they are; None when they are not (`repaired` applies). Evidence, in order:

    ``decoded_form_shown``: a text shows a mis-decoded word and, standing on its own, the word it decodes to
    ("Ã© instead of é", "cafÃ© instead of café"): mis-decoding a whole text leaves no such word behind.
    ``quoted``: a mis-decoded sequence is all of a quotation or code span (``"Ã©"``, ```â€™```).
    Each holds only where every mis-decoded word of the text is so shown or stands alone, mentioned as
    characters: "Voici la réponse à votre question : le cafÃ© est Ã  Paris" shows "à" beside "Ã ", but
    "cafÃ©" is a word of the sentence, mis-decoded (text pasted from two decodings, which `repaired` undoes).
    ``encoding_named``: the conversation names a text encoding or the fault (UTF-8, Latin-1, cp1252, mojibake)."""
    texts = [t for t in texts if t]
    bad = [t for t in texts if not t.isascii() and _is_bad(t)]
    if not bad:
        return None
    for text in bad:
        words = _garbled_words(text)
        outside = "".join(" " if any(lo <= i < hi for lo, hi, *_ in words) else c for i, c in enumerate(text))
        shown = [decoded != text[lo:hi] and _standing_alone(decoded, outside) for lo, hi, _, decoded in words]
        alone = [hi - lo == run_end - run_start for (lo, hi, (run_start, run_end), _) in words]
        if not words or not all(s or a for s, a in zip(shown, alone)):
            continue
        if any(shown):
            return "decoded_form_shown"
        if any(0 < lo and text[lo - 1] in _OPENING and text[hi:hi + 1] in _CLOSING for lo, hi, *_ in words):
            return "quoted"
    return "encoding_named" if any(_ENCODING_NAMES.search(t) for t in texts) else None


def _garbled_words(text: str) -> list[tuple[int, int, tuple[int, int], str]]:
    """``(start, end, the mis-decoded run's span, the word decoded)`` for each word holding a run ftfy judges
    mis-decoded (a run alone is its own word)."""
    from ftfy import fix_encoding
    from ftfy.chardata import UTF8_DETECTOR_RE

    words = []
    for run in UTF8_DETECTOR_RE.finditer(text):
        if not _is_bad(run.group()):
            continue
        lo, hi = run.span()
        while lo > 0 and text[lo - 1].isalnum():
            lo -= 1
        while hi < len(text) and text[hi].isalnum():
            hi += 1
        words.append((lo, hi, run.span(), fix_encoding(text[lo:hi]).strip()))
    return words


def _is_bad(text: str) -> bool:
    from ftfy.badness import is_bad

    return is_bad(text)


def _standing_alone(chars: str, text: str) -> bool:
    """Whether ``chars`` occur in ``text`` other than as part of a word (letters or digits on either side)."""
    return bool(chars) and re.search(rf"(?<![^\W_]){re.escape(chars)}(?![^\W_])", text) is not None


@functools.cache
def _encoding_only():
    """ftfy's fixes that undo a wrong decoding, and none of those that rewrite text written as meant: with
    all on, a turn holding mojibake also lost its HTML escapes ("Use &lt;b&gt;" became "Use <b>"), its
    curly quotes, full-width forms ("「ＡＢＣ」"), ligatures and line breaks."""
    from ftfy import TextFixerConfig

    return TextFixerConfig(unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
                           fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
                           remove_control_chars=False, normalization=None, explain=False)
