"""A character TeX sets by its code, ``\\char65``, ``\\char"41``, ``\\char'101``, ``\\char`\\A``, ``\\symbol{66}``,
as the character the page shows: pandoc wrote nothing for most ("Letters and end.") and "‘" for ``\\char`\\A``.

The code picks a slot of the current font, not a Unicode character, and the slots differ between encodings
(OT1's 60 is "¡", T1's "<"; OT1's 92 is a quote, T1's a backslash; cmti's 36 is "£"): only the slots every
text encoding LaTeX uses gives the ASCII character (letters, digits, a few marks) are written here.
A symbol font gives the same slots pictures (pifont's pzd sets a check mark at 52, "4" in a text font), so a
code set where a font is selected (``{\\usefont{U}{pzd}{m}{n}\\char52}``, or by a macro that selects one:
`font_switches`) is left too, and so is one under a language switch (``\\textgreek{\\char97}`` is an alpha: LGR gives
Greek letters the ASCII letters' slots; ``\\foreignlanguage``, ``otherlanguage``), or anywhere in a document whose
main text is Greek or Cyrillic or that switches to one for a stretch of paragraphs (``\\selectlanguage{greek}``).
`unprinted_character` names a code left (another slot, one given by a macro, one
inside math, one in a font selected), so the page holding it is refused rather than written without it.
"""

from __future__ import annotations

import functools
import re

from sources.latex.captions import braced
from sources.latex.inputs import still_open
from sources.latex.macros import definitions
from sources.latex.scopes import math_spans, name_of

# a TeX number as \\char reads it: decimal, "hex, 'octal, `c or `\\c (a space after a constant is eaten)
_NUMBER = r"(?:(\d+)|\"([0-9A-F]+)|'([0-7]+)|`\\?([^\s\\]|\\))"
_CHAR = re.compile(r"\\char(?![A-Za-z@])\s*=?\s*" + _NUMBER + r" ?|\\symbol\s*\{\s*" + _NUMBER + r"\s*\}")
_ANY = re.compile(r"\\(?:char|symbol)(?![A-Za-z@])")
# the slots OT1, T1 and the typewriter encodings all give the ASCII character (and pandoc reads as text)
_SAFE = {chr(c) for c in [*range(48, 58), *range(65, 91), *range(97, 123)]} | set("!(),-./:;=?")
# what selects a font whose slots may be any pictures: NFSS's commands, a \\font of TeX's, pifont's
# and a language's (babel's, polyglossia's, greek-fontenc's, cyrillic's): a language may bring its own encoding
_FONT_SELECTION = re.compile(r"\\(?:usefont|selectfont|fontencoding|fontfamily|font|newfont|DeclareFixedFont|Pifont"
                             r"|Pisymbol|Pilist|Piline|foreignlanguage|selectlanguage|otherlanguage|textgreek|greektext"
                             r"|textLGR|textcyrillic|cyrillictext|textcyr|cyr|textrussian|textukrainian)(?![A-Za-z@])"
                             r"|\\begin\s*\{\s*otherlanguage")
# what says that a document sets Greek or Cyrillic text: the encodings and babel's (polyglossia's) languages
_SCRIPTS = ("LGR|T2A|T2B|T2C|X2|OT2|LCY|LWN|greek|polutonikogreek|ancientgreek|russian|ukrainian|bulgarian|belarusian"
            "|serbianc|serbian-cyrillic|macedonian|mongolian|kazakh")
_SCRIPT = re.compile(r"(?<![A-Za-z])(?:" + _SCRIPTS + r")(?![A-Za-z])")
# a package's options: fontenc's last is the text's encoding, babel's last (or main=) its main language
PACKAGE_OPTIONS = re.compile(r"\\usepackage\s*\[([^\]]*)\]\s*\{\s*(fontenc|babel)\s*\}")  # (options, package)
# a Greek or Cyrillic language set for what follows, past its paragraph: a declaration, an environment
_LANGUAGE_STRETCH = re.compile(r"\\(?:greektext|cyrillictext)(?![A-Za-z@])|\\begin\s*\{\s*(?:" + _SCRIPTS + r")\*?\s*\}"
                               r"|(?:\\(?:selectlanguage|setmainlanguage)|\\begin\s*\{\s*otherlanguage\*?\s*\})"
                               r"\s*(?:\[[^\]]*\])?\s*\{\s*(?:" + _SCRIPTS + r")\s*\}")
# a language switch that may not hold where a code stands: one naming a language that keeps the text's encoding
# (group 1: "english", "german"), one whose text is its argument (held only inside it)
_LANGUAGE_SWITCH = re.compile(r"\\(?:foreignlanguage|selectlanguage|setmainlanguage|begin\s*\{\s*otherlanguage\*?\s*\})"
                              r"\s*(?:\[[^\]]*\])?\s*\{\s*([^{}]*?)\s*\}"
                              r"|\\(?:textgreek|textLGR|textcyrillic|textcyr|textrussian|textukrainian)(?![A-Za-z@])")
_ARGUMENT_SWITCH = re.compile(r"\\(?:foreignlanguage|text[A-Za-z]+)")
# the class's options are babel's too (its languages, before babel's own): a Greek or Cyrillic one there may be the
# main language (which of them is, among the class's other options, is not told here)
CLASS_OPTIONS = re.compile(r"\\documentclass\s*\[([^\]]*)\]")
BABEL = re.compile(r"\\(?:usepackage|RequirePackage)\s*(?:\[[^\]]*\])?\s*\{[^}]*\bbabel\b")
EVERYWHERE = "*"  # in `font_switches`: no code's character is known anywhere in the document


def _script_everywhere(latex: str) -> bool:
    """Whether ``latex`` (a preamble and body) sets Greek or Cyrillic text where a code's slot cannot be told from
    its block: its main encoding or language one of them, or a language set for a stretch of paragraphs in a
    document that loads one (which language holds where a code stands is not followed here)."""
    classed = CLASS_OPTIONS.search(latex)
    if classed and BABEL.search(latex) and any(_SCRIPT.fullmatch(o.strip()) for o in classed.group(1).split(",")):
        return True
    loads = [(package, [option.strip() for option in options.split(",") if option.strip()])
             for options, package in PACKAGE_OPTIONS.findall(latex)]
    if not any(_SCRIPT.search(option) for _, options in loads for option in options) and not re.search(
            r"\\(?:usepackage|RequirePackage)\s*(?:\[[^\]]*\])?\s*\{[^}]*(?:textalpha|alphabeta|teubner|polyglossia)",
            latex):
        return False
    main = [options[-1] for package, options in loads if options and not any(o.startswith("main=") for o in options)]
    main += [o[5:] for _, options in loads for o in options if o.startswith("main=")]
    return any(_SCRIPT.fullmatch(option) for option in main) or _LANGUAGE_STRETCH.search(latex) is not None


_FONT_NAMED = re.compile(r"\\(?:font|newfont\s*\{?|DeclareFixedFont\s*\{?)\s*(\\[A-Za-z@]+)")


def font_switches(latex: str) -> frozenset[str]:
    """The macros ``latex`` (a preamble, or a preamble and body) makes that select a font: a ``\\font\\dingfont=pzdr``
    and the macros whose definition selects one, or uses such a macro (``\\newcommand{\\ding}{\\fontfamily{pzd}
    \\selectfont}``), and `EVERYWHERE` where the document's Greek or Cyrillic text may hold any code
    (`_script_everywhere`)."""
    names = set(_FONT_NAMED.findall(latex))
    made = [(name_of(line), line) for line in definitions([latex])]
    while True:  # a macro using one found selects a font too: until no more are found
        uses = re.compile(r"\\(?:" + "|".join(re.escape(name[1:]) for name in sorted(names)) + r")(?![A-Za-z@])"
                          if names else r"(?!)")
        more = {name for name, line in made if name and name not in names and name.startswith("\\")
                and (_FONT_SELECTION.search(line) or uses.search(line))}
        if not more:
            return frozenset(names | ({EVERYWHERE} if _script_everywhere(latex) else set()))
        names |= more


def _font_selected(text: str, at: int, fonts: frozenset[str]) -> bool:
    """Whether a font selection (`_FONT_SELECTION`, a macro of ``fonts``) stands before ``at`` in ``text`` where
    it still holds there: not inside a group closed before ``at``; anywhere where ``fonts`` has `EVERYWHERE`."""
    if EVERYWHERE in fonts:
        return True
    before = still_open(_language_switches_held(text[:at]))
    return bool(_FONT_SELECTION.search(before) or (fonts and _font_uses(fonts).search(before)))


@functools.lru_cache(maxsize=64)
def _font_uses(fonts: frozenset[str]) -> re.Pattern:
    """A use of any macro of ``fonts`` (compiled once a set: `_font_selected` asks at each code)."""
    return re.compile("(?:" + "|".join(re.escape(name) for name in sorted(fonts)) + r")(?![A-Za-z@])")


def _language_switches_held(before: str) -> str:
    """``before`` (the text before a code) less its language switches that do not hold at its end
    (`_LANGUAGE_SWITCH`): one to a language not Greek or Cyrillic, one whose argument closed before it
    (``\\foreignlanguage{greek}{...} and \\char65``: `still_open` keeps its name once its groups are gone)."""
    if "language" not in before and "\\text" not in before:
        return before
    out, at = [], 0
    for found in _LANGUAGE_SWITCH.finditer(before):
        other = found.group(1) is not None and not _SCRIPT.fullmatch(found.group(1))
        closed = _ARGUMENT_SWITCH.match(found.group(0)) and braced(before, found.end())[0] is not None
        if other or closed:
            out += [before[at:found.start()], " "]
            at = found.end()
    return "".join(out + [before[at:]])


def _code(found: re.Match) -> int:
    decimal, hexa, octal, letter, *rest = found.groups()
    if rest and any(part is not None for part in rest):
        decimal, hexa, octal, letter = rest
    if decimal is not None:
        return int(decimal)
    if hexa is not None:
        return int(hexa, 16)
    if octal is not None:
        return int(octal, 8)
    return ord(letter)


def typeset_characters(text: str, fonts: frozenset[str] = frozenset()) -> str:
    """``text`` with each ``\\char`` and ``\\symbol`` outside math whose slot is one of `_SAFE` as that
    character, where no font is selected (by a command, or a macro of ``fonts``: `font_switches`); the others
    stay (`unprinted_character`)."""
    if "\\char" not in text and "\\symbol" not in text:
        return text
    spans = math_spans(text)
    out, at = [], 0
    for found in _CHAR.finditer(text):
        character = chr(_code(found)) if _code(found) < 0x110000 else ""
        if (character not in _SAFE or any(a <= found.start() < b for a, b in spans)
                or _font_selected(text, found.start(), fonts)):
            continue
        # a letter glued to the next ("\\char65B"): TeX ends the number at the B, the character stays one word
        out += [text[at:found.start()], character]
        at = found.end()
    return "".join(out + [text[at:]])


def unprinted_character(text: str, fonts: frozenset[str] = frozenset()) -> str | None:
    """The first ``\\char``/``\\symbol`` `typeset_characters` leaves in ``text`` (written from it), or None."""
    found = _ANY.search(typeset_characters(text, fonts))
    return found.group(0) if found else None
