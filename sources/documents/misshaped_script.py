"""Words a text layer can only hold when it misnames a complex script's shaped glyphs.

Devanagari, Bengali, Arabic and the other scripts whose letters a font shapes (joins, reorders, stacks) are
drawn from glyphs that are not characters: a vowel sign set before its consonant, a ligature of three
letters, a letter's medial form. A PDF or an EPUB laid out without the map from those glyphs back to
characters gives a text layer that looks like the script and is not what the page says: MuPDF's HTML engine
wrote Hindi "किताब" as "ə ताब" (an IPA letter for the vowel sign) and Arabic "الطالب" as "اǄطاǄب" (a Latin
letter for the lam), and an EPUB's "किताब" came out "िताब" (the vowel sign first, its consonant lost); both
looked fine and were written (a hunt after PyMuPDF#4805 and pdf_oxide#663). No real word does either: a word
never starts with a combining mark, and no word mixes a Latin letter with the letters of such a script.
"""

from __future__ import annotations

import functools
import unicodedata

# the scripts whose words a Latin letter never joins (the first word of each character's Unicode name)
SHAPED = frozenset({"DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA",
                    "MALAYALAM", "SINHALA", "ARABIC", "SYRIAC", "HEBREW", "THAI", "LAO", "TIBETAN", "MYANMAR",
                    "KHMER"})
# misshapen words a page may hold before its text layer is judged misread: one could be a quirk of its own;
# and the share of its shaped-script words they must be: a layer that misnames the glyphs misnames most (6 of
# 12 words in the hunt's Hindi), where a Hebrew text with cantillation marks set by reledmac had 2 of its many
# words start with a mark (MuPDF's order of stacked marks), its page otherwise right
MAX_WORDS = 1
SHARE = 0.2


def misshaped_words(text: str) -> list[str]:
    """The words of ``text`` (split at spaces, punctuation at their ends aside) that start with a `SHAPED`
    script's combining mark (a vowel sign, a point) or mix Latin letters with the letters of such a script, in
    order. A Latin combining accent or a variation selector alone (Debian Reference's backtick drawn as a
    combining grave, a math font's U+FE01 after a bracket) is another fault, of no shaped script."""
    if text.isascii():  # most pages: no mark, no shaped script (checked in C, not letter by letter)
        return []
    out = []
    for word in text.split():
        if word.isascii():
            continue
        core = word.strip("()[]{}<>\"'.,;:!?«»“”‘’-–—/|*_#")
        if core and (_mark(core[0]) and _script(core[0]) in SHAPED or _mixed(core)):
            out.append(word)
    return out


def misshaped(text: str) -> list[str]:
    """`misshaped_words` of ``text`` where there are more than `MAX_WORDS` and at least `SHARE` of its words
    that hold a `SHAPED` script's letters, else []."""
    words = misshaped_words(text)
    if len(words) <= MAX_WORDS:
        return []
    shaped = sum(1 for word in text.split() if not word.isascii() and any(
        ch.isalpha() and _script(ch) in SHAPED for ch in word))
    return words if len(words) >= SHARE * shaped else []


def _mixed(word: str) -> bool:
    """Whether a run of letters (and their marks) of ``word`` holds Latin letters and a `SHAPED` script's: a
    hyphen or a slash may join words of two scripts ("DNA-परीक्षण"), nothing joins their letters."""
    scripts: set[str] = set()
    for ch in word + " ":
        if ch.isalpha():
            scripts.add(_script(ch))
        elif not _mark(ch):  # the run of letters and their marks ends
            if "LATIN" in scripts and scripts & SHAPED:
                return True
            scripts = set()
    return False


@functools.lru_cache(maxsize=4096)
def _mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Mc", "Me")


@functools.lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    return unicodedata.name(ch, "?").split(" ", 1)[0]


# Hebrew's vowel points (sheva to qubuts): a letter is read with one. Patah and hiriq together are the one
# spelling that sets two (the qere of Jerusalem, "יְרוּשָׁלַ͏ִם"); meteg, dagesh, the shin and sin dots and the
# cantillation accents are no vowels
_HEBREW_VOWELS = frozenset(chr(c) for c in range(0x05B0, 0x05BC))
_TWO_VOWELS_READ = frozenset({"\u05b7\u05b4", "\u05b4\u05b7"})


def misplaced_marks(text: str) -> list[str]:
    """The words of ``text`` with a Hebrew letter that holds two vowel points (but patah and hiriq), in order: a
    text layer whose marks are not drawn after their letters (a font that shapes Biblical Hebrew moves a holam or
    a final kaf's sheva ahead of its letter, and MuPDF boxes a mark as a point on its letter's edge) gives a
    letter its neighbour's point, and the word, though it looks like Hebrew, is not what the page shows
    (reledmac's "אֱֹלהִים" for "אֱלֹהִים", "חֹשְֶׁך" for "חֹשֶׁךְ")."""
    if text.isascii():
        return []
    out = []
    for word in text.split():
        vowels = ""  # the vowel points of the letter last read
        for ch in word + " ":
            if ch in _HEBREW_VOWELS:
                vowels += ch
            elif not _mark(ch):
                if len(vowels) > 1 and vowels not in _TWO_VOWELS_READ:
                    out.append(word)
                    break
                vowels = ""
    return out
