"""Latin letters typed where Greek text is set: LGR, the encoding babel's ``greek`` switches to, gives the ASCII
letters' slots Greek letters (``\\selectlanguage{greek} logos`` prints "λογος"; accents and breathings come from
``'``, ``<``, ``>`` and ``"`` around them), so the target's "logos" is not what the page shows. Such a block's
page is refused (`sources.latex.read`, ``error:latex:char``) rather than written in Latin letters; Latin text
inside ``\\textlatin{...}`` or ``\\foreignlanguage{english}{...}``, and Greek typed as Greek (UTF-8), stay
as written.

Which language holds is followed through the body in order (``\\selectlanguage``, ``otherlanguage``), from the
main language babel (or fontenc's last encoding) sets; a language set inside a group ends with it.
"""

from __future__ import annotations

import re

from sources.latex.captions import braced
from sources.latex.characters import BABEL, CLASS_OPTIONS, PACKAGE_OPTIONS
from sources.latex.scopes import math_spans

_GREEK = r"(?:greek|polutonikogreek|ancientgreek|LGR)"
# where a document may set Greek with LGR: babel's Greek or fontenc's LGR loaded
_LOADS_GREEK = re.compile(r"\\(?:usepackage|RequirePackage)\s*\[[^\]]*\b" + _GREEK + r"\b[^\]]*\]\s*\{\s*(?:babel|"
                          r"fontenc)\s*\}")
_BABEL_OPTIONS = re.compile(r"\\(?:usepackage|RequirePackage)\s*\[([^\]]*)\]\s*\{\s*babel\s*\}")
# the class's options (`CLASS_OPTIONS`) are babel's languages too, before its own (those that name one: "11pt"
# does not)
_LANGUAGE = re.compile(_GREEK + r"|(?:US|UK)?english|american|british|canadian|australian|newzealand|french|francais"
                       r"|n?german|n?austrian|spanish|catalan|italian|portuges|portuguese|brazil(?:ian)?|dutch|russian"
                       r"|ukrainian|polish|czech|slovak|slovene|croatian|serbian|hungarian|magyar|romanian|bulgarian"
                       r"|turkish|finnish|swedish|danish|norsk|nynorsk|icelandic|estonian|latvian|lithuanian|hebrew"
                       r"|latin|basque|galician|irish|welsh|breton|esperanto|indonesian|afrikaans|albanian")
# a language set for what follows (group 1: its name), an otherlanguage environment ended
_SET = re.compile(r"\\(?:selectlanguage|begin\s*\{\s*otherlanguage\*?\s*\})\s*(?:\[[^\]]*\])?\s*\{\s*([^{}]*?)\s*\}"
                  r"|\\(greektext|latintext)(?![A-Za-z@])|\\end\s*\{\s*otherlanguage\*?\s*\}")
# text set in a language as an argument: \\textgreek{...}, \\textlatin{...}, \\foreignlanguage{name}{...}
_ARGUMENT = re.compile(r"\\(?:(textgreek|textLGR)|(textlatin)|foreignlanguage\s*(?:\[[^\]]*\])?\s*\{\s*([^{}]*?)\s*\})"
                       r"(?![A-Za-z@])\s*(?=\{)")
# commands whose argument is a key, a file name, a colour, a counter, a page style or a length, not text (with a
# second such argument: a tabular's column spec, \\multicolumn's, a counter's value or its parent); an environment's
# name but otherlanguage's; an optional argument ("[htbp]"); a length written out ("2cm")
_KEYED = re.compile(r"\\(?:label|ref|eqref|pageref|autoref|cref|Cref|nameref|cite[a-zA-Z]*|nocite|bibitem|url|href"
                    r"|hyperlink|hypertarget|includegraphics|input|include|usepackage|bibliography|bibliographystyle"
                    r"|hypersetup|captionsetup|color|textcolor|colorbox|definecolor|pagestyle|thispagestyle"
                    r"|pagenumbering|(?:new|set|addto|step|refstep)counter|numberwithin|counterwithin|counterwithout"
                    r"|multicolumn|multirow|enlargethispage"
                    r"|[hv]space|setlength|addtolength|rule|(?:begin|end)(?!\s*\{\s*otherlanguage))\*?"
                    r"\s*(?:\[[^\]]*\])?\s*\{[^{}]*\}(?:\s*\{[lcrpmbX|@{}0-9.a-z*]*\})?"
                    r"|(?<=[A-Za-z@\]}])\s*\[[^\]]*\]|\d*\.?\d+\s*(?:pt|cm|mm|in|em|ex|bp|sp|pc)\b")
_COMMAND = re.compile(r"\\(?:[A-Za-z@]+|.)")
# a language set, or a group opened or closed (an escaped brace, "\\{", is none)
_SET_OR_GROUP = re.compile(_SET.pattern + r"|\\[{}]|[{}]")
_GREEK_ON, _GREEK_OFF = "\x01", "\x02"


def greek_main(preamble: str) -> bool | None:
    """Whether ``preamble`` makes Greek (LGR) the main text's: True, False, or None where it loads no Greek.
    Where babel is loaded its main language decides (``main=``, else the last of its languages: the class's
    options that name one, then babel's own), as it sets that language's encoding; else fontenc's last."""
    classed = CLASS_OPTIONS.search(preamble)
    babel = BABEL.search(preamble) is not None
    languages = [o.strip() for o in classed.group(1).split(",") if _LANGUAGE.fullmatch(o.strip())] \
        if classed and babel else []
    if not _LOADS_GREEK.search(preamble) and not any(re.fullmatch(_GREEK, o) for o in languages):
        return None
    options = [o.strip() for found, _ in PACKAGE_OPTIONS.findall(preamble) for o in found.split(",") if o.strip()]
    main = [o[5:] for o in options if o.startswith("main=")]
    languages += [o for found in _BABEL_OPTIONS.findall(preamble) for o in map(str.strip, found.split(","))
                  if o and "=" not in o]
    last = main[-1] if main else languages[-1] if languages else (options[-1] if options else "")
    return re.fullmatch(_GREEK, last) is not None


def greek_at_lines(texts: list[str], main: bool) -> list[bool]:
    """Whether Greek holds as each of the body's lines ``texts`` starts, from ``main`` (`greek_main`)."""
    out, greek, stack, groups = [], main, [], []
    for text in texts:
        out.append(greek)
        for found in _SET_OR_GROUP.finditer(text):
            if found.group(0) in ("{", "}", "\\{", "\\}"):  # a group: a \\selectlanguage inside it ends with it
                if found.group(0) == "{":
                    groups.append(greek)
                elif found.group(0) == "}" and groups:
                    greek = groups.pop()
                continue
            if found.group(0).lstrip("\\").startswith("end"):
                greek = stack.pop() if stack else greek
                continue
            if "otherlanguage" in found.group(0):
                stack.append(greek)
            named = found.group(1)
            greek = found.group(2) == "greektext" if found.group(2) else re.fullmatch(_GREEK, named) is not None
    return out


def latin_under_greek(text: str, greek: bool) -> str | None:
    """The first word of Latin letters ``text`` (a block's LaTeX) types where Greek holds (``greek``: as it
    starts), or None. Math, commands and keys (``\\label{...}``) are no letters of the text."""
    for a, b in reversed(math_spans(text)):
        text = text[:a] + " " + text[b:]
    text = _KEYED.sub(" ", text)
    out, at = [], 0
    for found in _ARGUMENT.finditer(text):  # an argument's language: marked around it
        if found.start() < at:
            continue
        body, end = braced(text, found.end())
        if body is None:
            continue
        inner = found.group(1) or (found.group(3) and re.fullmatch(_GREEK, found.group(3)))
        out += [text[at:found.start()], _GREEK_ON if inner else _GREEK_OFF, body, "\x03"]
        at = end
    text = "".join(out + [text[at:]])
    state, stack, groups = greek, [], []
    for found in re.finditer(r"[\x01\x02\x03]|" + _SET.pattern + r"|" + _COMMAND.pattern + r"|[A-Za-z]+|[{}]", text):
        token = found.group(0)
        if token == "{":  # a group: a language set inside it ends with it
            groups.append(state)
        elif token == "}":
            state = groups.pop() if groups else state
        elif token in (_GREEK_ON, _GREEK_OFF):
            stack.append(state)
            state = token == _GREEK_ON
        elif token == "\x03":
            state = stack.pop() if stack else state
        elif token.startswith("\\"):
            if re.match(r"\\end\s*\{", token):  # otherlanguage's end: the language the block began in, taken
                state = greek
            elif _SET.fullmatch(token):
                state = token.endswith("greektext") or bool(found.group(1) and re.fullmatch(_GREEK, found.group(1)))
        elif state:
            return token
    return None


# what LGR sets in the slots of "?" and ";": the Greek question mark (";") and the ano teleia ("·", U+0387); its
# "``" and "''" ligatures are single quotes (pandoc wrote double ones, "“β”" for the page's "‘β’")
_GREEK_PUNCTUATION = {"?": ";", ";": "\u0387", "``": "\u2018", "''": "\u2019"}


# what `greek_punctuation` reads: the marks LGR prints otherwise, groups, and what sets or ends a language
_PUNCTUATION_TOKEN = re.compile(r"``|''|[{}?;]|" + _ARGUMENT.pattern + r"|" + _SET.pattern + r"|" + _COMMAND.pattern)


def greek_punctuation(text: str, greek: bool) -> str:
    """``text`` (a block's LaTeX) with each "?", ";", "``" and "''" typed where Greek holds (``greek``: as it starts)
    written as LGR prints them, ";", "·", "‘" and "’": "Τι είναι? Ναι;" is "Τι είναι; Ναι·" on the page. Math, commands
    (``\\;``) and keys stay as written; a language is followed as `latin_under_greek` follows it."""
    if not re.search(r"[?;]|``|''", text):
        return text
    skipped = sorted(math_spans(text) + [found.span() for found in _KEYED.finditer(text)])
    state, groups, argument = greek, [], None  # argument: the language of the group an argument opens next
    out, at = [], 0
    for found in _PUNCTUATION_TOKEN.finditer(text):
        if any(a <= found.start() < b for a, b in skipped):
            continue
        token = found.group(0)
        if token == "{":  # a group: a language set inside it ends with it
            groups.append(state)
            state = argument if argument is not None else state
            argument = None
        elif token == "}":
            state = groups.pop() if groups else state
        elif token in _GREEK_PUNCTUATION:
            if state:
                out += [text[at:found.start()], _GREEK_PUNCTUATION[token]]
                at = found.end()
        elif (given := _ARGUMENT.match(text, found.start())) is not None and given.end() == found.end():
            argument = bool(given.group(1) or given.group(3) and re.fullmatch(_GREEK, given.group(3)))
        elif re.match(r"\\end\s*\{", token):
            state = greek
        elif (setting := _SET.fullmatch(token)) is not None:
            state = token.endswith("greektext") or bool(setting.group(1) and re.fullmatch(_GREEK, setting.group(1)))
    return "".join(out + [text[at:]])
