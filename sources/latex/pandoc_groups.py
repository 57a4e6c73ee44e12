"""Braced groups pandoc's LaTeX reader misreads, opened or freed before it reads them: a group after a command
that takes no argument (``\\noindent {\\it Hypothesize} is``), which it took for the command's argument and
dropped (jgm/pandoc#1783), and the plain groups inside ``\\texttt`` (``a{-}{-}b``), each of which it wrote a code
span of its own; and ``\\emph`` inside italic text, which the page sets upright and pandoc wrote italic
("*a *b* c*").
"""

from __future__ import annotations

import re

from sources.latex.captions import braced
from sources.latex.inputs import still_open
from sources.latex.scopes import math_spans

# commands that take no argument and print nothing pandoc writes, which its reader takes a braced group after for
# their argument and drops: "\\noindent {\\it Hypothesize} is" was written "is" (jgm/pandoc#1783); \\quad's space
_NO_ARGUMENT = re.compile(r"\\(?:(quad|qquad)|noindent|indent|medskip|smallskip|bigskip|centering|raggedleft|clearpage"
                          r"|cleardoublepage|newpage|null|relax|protect|unskip|sloppy|fussy|nopagebreak|pagebreak"
                          r"|linebreak|nolinebreak|break|leavevmode|selectfont|frenchspacing|nonfrenchspacing|onecolumn"
                          r"|twocolumn|vfill|hfill)(?![A-Za-z@])(?=\s*\{)")


_TEXTTT = re.compile(r"\\texttt\s*(?=\{)")
# a command (its spaces), a group holding no command or group, spaces, another character; and the control symbols
# that are characters, which take no argument (\\~ and \\' do: accents)
_CODE_TOKEN = re.compile(r"(\\[A-Za-z@]+\s*|\\.)|(\{[^{}\\]*\})|(\s+)|.", re.S)
_CHARACTER_SYMBOLS = ("\\{", "\\}", "\\_", "\\$", "\\#", "\\&", "\\%", "\\\\", "\\ ")


def flat_code(text: str) -> str:
    """``text`` with the plain groups inside each ``\\texttt{...}`` opened ("a{-}{-}b": the typewriter font has no
    dash ligature to break): pandoc wrote each group a code span of its own, and the spans ran together
    ("`a``-``-``b`", which a markdown reader takes for one span "a``-``-``b")."""
    if "\\texttt" not in text:
        return text
    out, at = [], 0
    for found in _TEXTTT.finditer(text):
        if found.start() < at:
            continue
        body, end = braced(text, found.end())
        if body is None or "{" not in body:
            continue
        out += [text[at:found.end()], "{", _opened_groups(body), "}"]
        at = end
    return "".join(out + [text[at:]])


def _opened_groups(code: str) -> str:
    """``code`` with its plain groups opened where no command takes them for an argument: "\\textbackslash{}begin",
    "\\emph{name}" and "\\href{a}{b}" stay (opened, they were "\\textbackslashbegin", a command TeX does not know,
    and "\\emphname"). A group after another group that closed an argument is taken for one too."""
    out, argument = [], False
    for found in _CODE_TOKEN.finditer(code):
        command, group, space = found.groups()
        if command is not None:
            argument = (command if len(command) == 2 else command.rstrip()) not in _CHARACTER_SYMBOLS
        elif group is not None:
            out.append(group if argument else group[1:-1])
            continue
        elif space is None:
            argument = found.group(0) == "}"  # the end of a group holding a command: an argument's, maybe
        out.append(found.group(0))
    return "".join(out)


def without_argumentless(text: str) -> str:
    """``text`` without the `_NO_ARGUMENT` commands a braced group follows (outside math: its LaTeX is the
    target's own), \\quad and \\qquad a space, so pandoc keeps the group."""
    if "{" not in text:
        return text
    spans = math_spans(text)
    return _NO_ARGUMENT.sub(lambda found: found.group(0) if any(a <= found.start() < b for a, b in spans)
                            else " " if found.group(1) else "", text)


# an emphasis (\\emph, "{\\em"): upright inside italic text, italic elsewhere
_EMPHASIS = re.compile(r"\\emph\s*\{|\{\s*\\em(?![A-Za-z@])\s*")
# what sets the shape an emphasis reads: toggled by an emphasis, italic, upright (the old \\bf, \\tt... reset it)
_SHAPE = re.compile(r"\\(?:(emph\s*\{|em(?![A-Za-z@]))|(text(?:it|sl)\s*\{|(?:itshape|slshape|it|sl)(?![A-Za-z@]))"
                    r"|text(?:up|normal|sc)\s*\{|(?:upshape|scshape|normalfont|rm|bf|tt|sf|sc)(?![A-Za-z@]))")


def upright_emphasis(text: str) -> str:
    """``text`` with each emphasis (outside math) that stands in italic text (an ``\\emph``, ``\\textit`` or ``{\\em``
    still open before it, an emphasis inside an emphasis) written ``\\textup{``: LaTeX sets it upright, and
    pandoc, reading an Emph inside an Emph, wrote "*a *b* c*" for the page's italic a, upright b, italic c
    (``upright_emphasis.lua`` cuts the outer emphasis around it)."""
    if "\\em" not in text:
        return text
    spans = math_spans(text)
    # the text less its math, whose font switches ("$\\it x$") set no shape for the text after it
    prose = text
    for a, b in spans:
        prose = prose[:a] + " " * (b - a) + prose[b:]
    out, at = [], 0
    for found in _EMPHASIS.finditer(text):
        if any(a <= found.start() < b for a, b in spans):
            continue
        italic = False
        for shape in _SHAPE.finditer(still_open(prose[:found.start()])):
            italic = not italic if shape.group(1) else bool(shape.group(2))
        if italic:
            out += [text[at:found.start()], "\\textup{"]
            at = found.end()
    return "".join(out + [text[at:]])



# a declaration that sets text medium or upright to its group's end, and the command pandoc reads with its class
# ("nodecor", "medium", "upright": `upright_emphasis.lua` cuts a bold or italic text around them)
_PLAIN_DECLARATION = re.compile(r"\\(normalfont|mdseries|upshape)(?![A-Za-z@])\s*")
_PLAIN_COMMAND = {"normalfont": "\\textnormal{", "mdseries": "\\textmd{", "upshape": "\\textup{"}


def plain_declarations(text: str) -> str:
    """``text`` with each ``\\normalfont``, ``\\mdseries`` and ``\\upshape`` (outside math) that stands inside a
    group written as ``\\textnormal``, ``\\textmd`` or ``\\textup`` of the rest of that group: pandoc read the
    declaration as nothing, so "\\textbf{b {\\normalfont n}}" was written "**b n**" for the page's bold b, medium
    n. One outside every group (to the block's end) is left as it is."""
    if "series" not in text and "shape" not in text and "normalfont" not in text:
        return text
    spans = math_spans(text)
    out, at = [], 0
    for found in _PLAIN_DECLARATION.finditer(text):
        if found.start() < at or any(a <= found.start() < b for a, b in spans):
            continue
        depth, end = 0, None
        for i in range(found.end(), len(text)):  # the end of the group the declaration stands in
            if text[i] in "{}" and text[i - 1] != "\\":
                depth += 1 if text[i] == "{" else -1
                if depth < 0:
                    end = i
                    break
        if end is None or re.search(r"\n\s*\n|\\par(?![A-Za-z@])", text[found.end():end]):
            continue  # no group, or one holding a paragraph's end (no argument of a text command can)
        out += [text[at:found.start()], _PLAIN_COMMAND[found.group(1)], plain_declarations(text[found.end():end]), "}"]
        at = end
    return "".join(out + [text[at:]])
