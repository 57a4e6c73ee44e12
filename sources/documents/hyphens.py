"""Whether a hyphen at a line end belongs to the word ("constant-time") or only breaks it ("inter-national").

Chromium never hyphenates on its own and Word rarely does, so a line-end hyphen in their PDFs is the
word's own; LaTeX hyphenates all the time. Dropping every line-end hyphen turned "constant-time",
"big-endian", "user-defined" and "libpam-ldap" into non-words. So a hyphenated line end is joined only
on evidence, first from the document itself, then from a word list:
1. the hyphenated form occurs elsewhere in the document (or on the page): keep the hyphen;
2. the joined form occurs elsewhere: join;
3. the document is in a language with a word list (`words/`, English: SCOWL) and the joined form is
   a word there: join; not a word: keep (a compound of words, a name, an identifier), unless the
   document's typesetter hyphenates words (`typesetter_hyphenates`: its line-end hyphens break more
   listed words than they join listed words) and one half is not a word ("ren-" + "derer");
4. no word list for the document's language: join, as a hyphenating typesetter broke the word (German
   sets "Fahrradweg" whole, where both halves are words of their own; its hyphenated compounds mostly
   continue in capitals, "Ost-" + "West", which are never joined).

Before all these, a suspended hyphen: "Emacs-" at a line's end and "or vi-style" on the next is "Emacs- or
vi-style", as "pre- and post-processing" and "first- and second-order" are. Where the next line starts with a
coordinating word of the document's language (`COORDINATING`; the English ones, where the language is not
known, with German's and French's) and the joined form is no word (not in the list nor the document, and
not the hyphenated form either), the hyphen stays and a space follows it (`SUSPENDED`). A word the
typesetter broke never leaves "and" or "or" alone on the next line: TeX keeps three letters at least after
a break in English, and breaks where syllables part ("br-and" is no break of "brand").
"""

from __future__ import annotations

import functools
import gzip
import re
from collections import Counter
from importlib import resources

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
WORD_LISTS = ("en",)  # words/<language>.txt.gz
# words that join a suspended hyphen's compound to the next one ("pre- and post-war"), by language; None: a
# document whose language is not known
COORDINATING = {"en": frozenset({"and", "or", "nor"}),
                None: frozenset({"and", "or", "nor", "und", "oder", "bzw", "et", "ou"})}
_FIRST_WORD = re.compile(r"\s*([^\W\d_]+)(?=\s|$|[,;:.])")
SUSPENDED = "suspended"  # `Hyphenation.keeps`' answer for a suspended hyphen: kept, and a space after it


@functools.lru_cache(maxsize=None)
def word_list(language: str) -> frozenset[str]:
    """The lower-cased words of ``language``'s list (empty where the list is not installed)."""
    try:
        data = resources.files("sources.documents").joinpath(f"words/{language}.txt.gz").read_bytes()
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return frozenset()
    return frozenset(gzip.decompress(data).decode().split())


def line_words(lines: list[str], parts: bool = True) -> list[str]:
    """The lower-cased words of consecutive lines, hyphenated compounds whole and (with ``parts``)
    also split into their parts, less the two halves of a word a line-end hyphen may have broken."""
    out: list[str] = []
    broken = False  # the previous line ended in a hyphen: this line's first word is half a word
    for line in lines:
        words = _WORD.findall(line.lower())
        if broken and words:
            words = words[1:]
        broken = line.rstrip().endswith("-")
        if broken and words:
            words = words[:-1]
        for word in words:
            out.append(word)
            if parts and "-" in word:
                out += word.split("-")
    return out


def document_language(words: Counter) -> str | None:
    """The language whose word list holds most of ``words`` (a count of whole words; compounds, and
    words under three letters, which the lists leave out, do not count), if it holds at least half of
    them; None when too few words to tell or no list fits."""
    plain = {word: n for word, n in words.items() if len(word) >= 3 and "-" not in word}
    total = sum(plain.values())
    if total < 5:
        return None
    for language in WORD_LISTS:
        known = word_list(language)
        if known and sum(n for word, n in plain.items() if word in known) >= 0.5 * total:
            return language
    return None


def typesetter_hyphenates(breaks: list[tuple[str, str]], language: str | None) -> bool | None:
    """Whether the typesetter of a document hyphenates words, from its line-end hyphens ``breaks``
    (``(text before the hyphen, next line)``): True when more of them break a listed word
    ("inter-" + "national") than join two listed words into a form that is not one ("constant-" +
    "time"); None when they say nothing or there is no word list."""
    words = word_list(language) if language else frozenset()
    broken = joined = 0
    for before, after in breaks:
        left, right = _WORD.findall(before[-80:].lower()), _WORD.findall(after[:80].lower())
        if not words or not left or not right:
            continue
        tail, head = left[-1].split("-")[-1], right[0].split("-")[0]
        if tail + head in words:
            broken += 1
        elif tail in words and head in words:
            joined += 1
    return None if broken == joined == 0 else broken > joined


class Hyphenation:
    """The line-end hyphen decision for one page: ``vocabulary``, the lower-cased words of the
    document's sampled pages, ``page``, this page's; ``language``, the document's word list (None:
    none); ``hyphenates``: whether its typesetter hyphenates words (`typesetter_hyphenates`)."""

    def __init__(self, vocabulary: frozenset[str], page: set[str], language: str | None,
                 hyphenates: bool | None = None):
        self.vocabulary, self.page = vocabulary, page
        self.words = word_list(language) if language else frozenset()
        self.hyphenates = hyphenates
        self.coordinating = COORDINATING.get(language, COORDINATING[None])

    def _seen(self, word: str) -> bool:
        return word in self.page or word in self.vocabulary

    def keeps(self, before: str, after: str) -> bool | str:
        """Whether the hyphen in ``before`` + "-" + ``after`` stays when a line break falls after it;
        ``before``: the text up to the hyphen, ``after``: the next line. `SUSPENDED` (true) where it stays
        with a space after it ("Emacs-" + "or vi-style": module docstring)."""
        left = _WORD.findall(before[-80:].lower())
        right = _WORD.findall(after[:80].lower())
        if not left or not right or not before.lower().endswith(left[-1]):
            return False
        compound, tail = left[-1], left[-1].split("-")[-1]
        head = right[0].split("-")[0]
        if self._seen(f"{compound}-{right[0]}") or self._seen(f"{tail}-{head}"):
            return True
        first = _FIRST_WORD.match(after.lower())
        if first and first.group(1) in self.coordinating and tail + head not in self.words \
                and not self._seen(tail + head):
            return SUSPENDED
        if self._seen(tail + head):
            return False
        if not self.words or tail + head in self.words:
            return False
        if self.hyphenates:  # a word the list lacks, broken by the typesetter, unless it is a compound
            return all(half in self.words or self._seen(half) for half in (tail, head))
        return True
