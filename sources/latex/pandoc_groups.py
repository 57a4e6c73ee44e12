"""Braced groups pandoc's LaTeX reader misreads, opened or freed before it reads them: a group after a command
that takes no argument (``\\noindent {\\it Hypothesize} is``), which it took for the command's argument and
dropped (jgm/pandoc#1783), and the plain groups inside ``\\texttt`` (``a{-}{-}b``), each of which it wrote a code
span of its own; ``\\emph`` inside italic text, which the page sets upright and pandoc wrote italic
("*a *b* c*"); and italic groups over paragraphs (inside a block, `italic_paragraphs`, or over blocks,
`carried_groups`), whose italics pandoc kept in the first paragraph only.
"""

from __future__ import annotations

import bisect
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
    out, at = [], 0
    for found, before in _outside_math(_EMPHASIS, text):
        italic = False
        for shape in _SHAPE.finditer(before):
            italic = not italic if shape.group(1) else bool(shape.group(2))
        if italic:
            out += [text[at:found.start()], "\\textup{"]
            at = found.end()
    return "".join(out + [text[at:]])


def _outside_math(pattern: re.Pattern, text: str):
    """Each match of ``pattern`` in ``text`` outside math, with what is still open before it (`still_open` of the
    text before it, its math blanked: a font switch in math sets no font for the text after it)."""
    spans = math_spans(text)
    prose = _blanked(text, spans)
    for found in pattern.finditer(text):
        if not any(a <= found.start() < b for a, b in spans):
            yield found, still_open(prose[:found.start()])


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with its math ``spans`` blanked, whose font switches ("$\\it x$") set no font for the text after it."""
    return "".join(text[at:a] + " " * (b - a) for at, (a, b) in zip([0] + [b for _, b in spans], spans)) + \
        text[spans[-1][1] if spans else 0:]


# LaTeX's old font switches, each \\normalfont and then its own (\\DeclareOldFontCommand): those that set upright text
# (1), and the italic ones (2), which set medium text (so "\\textbf{a {\\it b}}" prints b medium); a bold one open
_OLD_SWITCH = re.compile(r"\\(?:(rm|sf|tt|bf|sc)|(it|sl))(?![A-Za-z@])")
_BOLD = re.compile(r"\\(?:textbf\s*\{|bf(?![A-Za-z@])|bfseries(?![A-Za-z@]))")


def old_font_switches(text: str) -> str:
    """``text`` with each of LaTeX's old font switches (outside math) that resets the font written after
    ``\\normalfont``, as LaTeX defines it (`plain_declarations` then writes what follows as plain text): pandoc read
    "\\emph{d {\\bf e} f}" as bold italic e and "\\emph{s {\\rm t} u}" as all italic, for the page's bold upright e
    and upright t ("\\it" is no toggle: "\\emph{a {\\it b}}" stays italic). ``\\it`` and ``\\sl`` only where a bold
    is open, which they end."""
    if "\\" not in text or not _OLD_SWITCH.search(text):
        return text
    out, at = [], 0
    for found, before in _outside_math(_OLD_SWITCH, text):
        if found.group(2) and not _BOLD.search(before):
            continue
        out += [text[at:found.start()], "\\normalfont"]
        at = found.start()
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


# the declarations that set italic text (group 1: the name; \\em toggles it), one of them opening a group ("{\\em",
# "{\\itshape"), and the environments of the same name (`sources.latex.theorems` reads theorem styles' body fonts)
_ITALIC_NAMES = r"(em|itshape|it|slshape|sl)"
ITALIC_DECLARATION = re.compile(r"\\" + _ITALIC_NAMES + r"(?![A-Za-z@])\s*")
_ITALIC_GROUP = re.compile(r"\{\s*" + ITALIC_DECLARATION.pattern)
_ITALIC_ENVIRONMENT = re.compile(r"\\begin\s*\{" + _ITALIC_NAMES + r"\}")
# a paragraph's end (1), an environment opened or closed (2, 3), a list item with its label (`sources.latex.lists`)
_BREAK_OR_ENVIRONMENT = re.compile(r"(\n[ \t]*\n\s*|\\par(?![A-Za-z@])\s*)|\\(begin|end)\s*\{([^{}]*)\}"
                                   r"|\\item(?![A-Za-z@])\s*(?:\[[^\]]*\])?\s*(?:\u27e6[^\u27e7]*\u27e7 ?)?")
_LISTS = ("itemize", "enumerate", "description")
# the environments that set their lines in the font around them and take no argument (pandoc set no font in one
# inside a group: "{\\itshape a \\begin{center}b\\end{center}}" was written "*a*", "b")
_TEXT_ENVIRONMENTS = ("center", "flushleft", "flushright", "quote", "quotation", "verse")


def italic_paragraphs(text: str) -> str:
    """``text`` with each italic group that runs over paragraphs (``{\\em a\\n\\nb} c``, ``{\\itshape a\\par b}``,
    ``\\begin{itshape}...\\end{itshape}``) closed at each paragraph's end and opened again after it: pandoc read the
    group's italics into its first paragraph only, and ended the paragraph where the group closed ("*a*", "b",
    "c" for the page's italic a, then italic b and upright c in one paragraph); the environments it wrote as a
    plain div ("ab cd" upright). A break inside an environment the group holds (a list) is left to it."""
    if "\\" not in text:
        return text
    text = _declared_groups(_italic_commands(_italic_environments(text)))
    out, at = [], 0
    for found in _ITALIC_GROUP.finditer(text):
        if found.start() < at:
            continue
        body, end = braced(text, found.start())
        if body is None:
            continue
        inner = body[found.end() - found.start() - 1:]
        out += [text[at:found.end()], _reopened(inner, found.group(0).strip()), "}"]
        at = end
    return "".join(out + [text[at:]])


# what a group holds that pandoc ends its font at: a paragraph's end, an environment, a display
_BLOCK_INSIDE = re.compile(r"\n[ \t]*\n|\\par(?![A-Za-z@])|\\begin\s*\{|\$\$|\\\[")
# a list's item and its label
_ITEM = re.compile(r"(\\item(?![A-Za-z@])\s*(?:\[[^\]]*\])?)")


def _declared_groups(text: str) -> str:
    """``text`` with each italic declaration made inside a group after its start ("{Upright \\itshape a\\par b} c",
    an environment's "\\itshape a\\par b\\end{quote}") and holding a paragraph's end, a list or a display to the
    group's end opening a group of its own there, the group around it opened where only text stands before it
    ("Upright {\\itshape a\\par b} c", the same to TeX), which `italic_paragraphs` reads as any italic group:
    pandoc set the first paragraph's italics only ("Upright *a*", "b", "c")."""
    if not ITALIC_DECLARATION.search(text):
        return text
    spans = math_spans(text)
    out, at = [], 0
    for found in ITALIC_DECLARATION.finditer(text):
        if found.start() < at or any(a <= found.start() < b for a, b in spans) \
                or re.search(r"(?<!\\)\{\s*$", text[at:found.start()]):
            continue
        start, end = _enclosing(text, found.start(), found.end())
        if end is None or not _BLOCK_INSIDE.search(text, found.end(), end):
            continue
        # made in a list's item, it holds over the items after it, each a group of its own ("\\item a \\itshape b
        # \n\n c \\item d": one group over the items lost the list, "a *b*", "*c*", "d"); with a list inside them
        # too, left as pandoc reads it
        items = start is None and _ITEM.search(text, found.end(), end) is not None
        if items and re.search(r"\\begin\s*\{", text[found.end():end]):
            continue
        italic = "".join(part if k % 2 else "{\\" + found.group(1) + " " + part + "}"
                         for k, part in enumerate(_ITEM.split(text[found.end():end]) if items else
                                                  [text[found.end():end]]))
        if start is None:  # an environment's end closes it: the group runs to there
            out += [text[at:found.start()], italic]
            at = end
        elif "\\" not in text[start + 1:found.start()] and start >= at:  # only text before it: the group opened
            out += [text[at:start], text[start + 1:found.start()], italic]
            at = end + 1
    return "".join(out + [text[at:]])


def _enclosing(text: str, before: int, after: int) -> tuple[int | None, int | None]:
    """The group ``text[before:after]`` stands in: where its brace opens (None where an environment's is the
    group) and where it closes (its brace, the environment's ``\\end``; None where neither is in ``text``)."""
    depth, start = 0, None
    for i in range(before - 1, -1, -1):
        if text[i] in "{}" and (i == 0 or text[i - 1] != "\\"):
            depth += 1 if text[i] == "}" else -1
            if depth < 0:
                start = i
                break
    depth = 0
    for i in range(after, len(text)):
        if text[i] in "{}" and text[i - 1] != "\\":
            depth += 1 if text[i] == "{" else -1
            if depth < 0:
                return start, i
        elif start is None and depth == 0 and text.startswith("\\end", i) and re.match(r"\\end\s*\{", text[i:]):
            return None, i
    return start, None


# an italic command and the declaration its argument is a group of to TeX (\\emph, which toggles, not: its group
# inside italic text was read as italic)
_ITALIC_COMMAND = re.compile(r"\\(textit|textsl)\s*(?=\{)")
_DECLARATION_OF = {"textit": "itshape", "textsl": "slshape"}


def _italic_commands(text: str) -> str:
    """``text`` with each ``\\textit`` or ``\\textsl`` (outside math) whose argument holds a paragraph's end, an
    environment or a display as the group ``{\\itshape ...}`` it is to TeX, which `italic_paragraphs` reads: a
    display inside the argument was written inside the emphasis ("*a $$x$$ b*", no markdown)."""
    if not _ITALIC_COMMAND.search(text):
        return text
    spans = math_spans(text)
    out, at = [], 0
    for found in _ITALIC_COMMAND.finditer(text):
        if found.start() < at or any(a <= found.start() < b for a, b in spans):
            continue
        body, end = braced(text, found.end())
        if body is None or not _BLOCK_INSIDE.search(body):
            continue
        out += [text[at:found.start()], "{\\" + _DECLARATION_OF[found.group(1)] + " ", body, "}"]
        at = end
    return "".join(out + [text[at:]])


def _italic_environments(text: str) -> str:
    """``text`` with each ``\\begin{itshape}...\\end{itshape}`` (``em``, ``it``, ``sl``, ``slshape``) as the group
    ``{\\itshape ...}`` it is to TeX."""
    while (found := _ITALIC_ENVIRONMENT.search(text)) is not None:
        name = found.group(1)
        end = text.find("\\end{" + name + "}", found.end())
        if end < 0 or _ITALIC_ENVIRONMENT.search(text, found.end(), end):
            return text  # not closed, or another inside it: left to pandoc
        text = (text[:found.start()] + "{\\" + name + " " + text[found.end():end] + "}"
                + text[end + len(name) + 6:])
    return text


def _reopened(inner: str, opening: str) -> str:
    """A group's ``inner`` text (after its declaration ``opening``) closed before each paragraph's end and opened
    again after it, and closed around the lists it holds, their items' text each a group of its own (pandoc set
    no font on a list inside a group, and cut the text before it into a paragraph of its own); around a display
    (written inside the emphasis, "*a $$x$$ b*", no markdown) and a tabular, its cells each a group of its own
    (pandoc set them upright). A break inside another environment it holds (a ``center``) is left to it."""
    spans = math_spans(inner)
    displays = [(a, b) for a, b in spans if not inner.startswith(("$", "\\("), a) or inner.startswith("$$", a)]
    events = sorted([(found.start(), found) for found in _BREAK_OR_ENVIRONMENT.finditer(inner)
                     if not any(a <= found.start() < b for a, b in spans)]
                    + [(a, (a, b)) for a, b in displays], key=lambda event: event[0])
    out, at, lists, others, open_ = [], 0, 0, 0, True
    for start, found in events:
        if start < at:
            continue
        if isinstance(found, tuple):  # a display: out of the group, as the page sets it apart
            if not others and not _nested(inner, start):  # one in a command's argument ("\\emph{a $$x$$ b}")
                # is left to it: a brace there closed the argument ("*a $$x$$ b hold.*" for a theorem's "\\emph")
                # the spaces after it before the group opens again (a declaration's would eat them)
                after = found[1] + len(inner[found[1]:]) - len(inner[found[1]:].lstrip())
                out += [inner[at:start], "}" if open_ else "", inner[start:after], opening + " " if open_ else ""]
                at = after
            continue
        name = found.group(3)
        if name is not None and name in _TABULARS and not others and found.group(2) == "begin":
            end = _environment_end(inner, found.end(), name)
            out += [inner[at:start], "}" if open_ else "", _italic_cells(inner[start:end], opening),
                    opening + " " if open_ else ""]
            at = end
            continue
        if name is not None and name not in _LISTS + _TEXT_ENVIRONMENTS:
            others += 1 if found.group(2) == "begin" else -1
            continue
        if others:
            continue
        out.append(inner[at:found.start()])
        at = found.end()
        if found.group(1) is not None:  # a paragraph's end
            out += ["}" if open_ else "", found.group(0), opening + " " if open_ else ""]
        elif name is not None:  # a list or a text environment begun or ended: the group closed around it, opened
            # again after it (inside a text environment too: its lines hold no items to open it)
            lists += (1 if found.group(2) == "begin" else -1) if name in _LISTS else 0
            out += ["}" if open_ else "", found.group(0)]
            open_ = found.group(2) == "end" or name in _TEXT_ENVIRONMENTS
            if open_:  # the line's end after it before the group (pandoc wrote its space: ">  *a*")
                spaces = len(inner[at:]) - len(inner[at:].lstrip())
                out.append(inner[at:at + spaces])
                at += spaces
            out.append(opening + " " if open_ else "")
        elif lists:  # an item: its text a group
            out += ["}" if open_ else "", found.group(0), opening + " "]
            open_ = True
        else:
            out.append(found.group(0))
    return "".join(out + [inner[at:]]) + ("" if open_ else opening + " ")


def _nested(text: str, end: int) -> bool:
    """Whether ``text[:end]`` leaves a brace open (an escaped one, ``\\{``, is none)."""
    depth = 0
    for found in re.finditer(r"(?<!\\)[{}]", text[:end]):
        depth = max(depth + (1 if found.group(0) == "{" else -1), 0)
    return depth > 0


_TABULARS = ("tabular", "tabular*", "tabularx", "longtable")
# a tabular's \\begin, its name (its head read by `_tabular_head_end`)
_TABULAR_BEGIN = re.compile(r"\\begin\{(tabular\*|tabularx|tabular|longtable)\}")
# a row's end and the space it adds ("\\\\[2pt]": its "[2pt]" was read as the next cell's text)
_ROW_END = re.compile(r"\\\\\*?(?:\s*\[[^\]]*\])?")
# what a cell starts with that is no text of it: rules between rows; a cell spanning columns or rows (its text last)
_RULES = re.compile(r"(?:\s*\\(?:hline|toprule|midrule|bottomrule|addlinespace|cline\s*\{[^{}]*\}"
                    r"|cmidrule\s*(?:\([^()]*\))?\s*\{[^{}]*\})(?![A-Za-z@]))*\s*")
_SPANNING = re.compile(r"\\(multicolumn|multirow)\s*(?:\{[^{}]*\}\s*){2}(?=\{)")


def _environment_end(text: str, at: int, name: str) -> int:
    """Where the environment ``name`` begun before ``at`` ends in ``text`` (after its ``\\end``), else its end."""
    depth = 1
    for found in re.finditer(r"\\(begin|end)\s*\{" + re.escape(name) + r"\}", text[at:]):
        depth += 1 if found.group(1) == "begin" else -1
        if depth == 0:
            return at + found.end()
    return len(text)


def _italic_cells(tabular: str, opening: str) -> str:
    """A ``tabular`` (its ``\\begin`` to its ``\\end``) with each cell's text in a group ``opening`` opens (a
    spanning cell's text inside its ``\\multicolumn``): an italic group's font holds in its cells."""
    head = _tabular_head_end(tabular)
    close = tabular.rfind("\\end")
    if head is None or close < head:
        return tabular
    body, out, depth, cell = tabular[head:close], [], 0, 0
    i = 0
    while i <= len(body):  # cut at each & and \\\\ outside braces
        if i == len(body) or depth == 0 and (body[i] == "&" or body.startswith("\\\\", i)):
            out.append(_italic_cell(body[cell:i], opening))
            if i == len(body):
                break
            step = 1 if body[i] == "&" else _ROW_END.match(body, i).end() - i
            out.append(body[i:i + step])
            i = cell = i + step
            continue
        if body[i] == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(body[i], 0)
        i += 1
    return tabular[:head] + "".join(out) + tabular[close:]


def _tabular_head_end(tabular: str) -> int | None:
    """Where a tabular's head ends: its ``\\begin``, its width (tabular*, tabularx), its position and its column
    spec, braces inside it too ("p{3cm}"); None where it is not whole. (A position before the spec, or a width,
    was read as the first cell's text: "*ll alpha*".)"""
    begin = _TABULAR_BEGIN.match(tabular)
    if begin is None:
        return None
    at = begin.end()
    if begin.group(1) in ("tabular*", "tabularx"):
        width, at = braced(tabular, at)
        if width is None:
            return None
    if (position := re.match(r"\s*\[[^\]]*\]", tabular[at:])) is not None:
        at += position.end()
    spec, at = braced(tabular, at)
    return None if spec is None else at + len(tabular[at:]) - len(tabular[at:].lstrip())


def _italic_cell(cell: str, opening: str) -> str:
    """One cell's text in a group of ``opening`` (its brace and declaration: "{\\itshape"), after the rules it
    starts with."""
    rules = _RULES.match(cell)
    lead, text = cell[:rules.end()], cell[rules.end():]
    if not text.strip():
        return cell
    if (spanning := _SPANNING.match(text)) is not None:
        content, end = braced(text, spanning.end())
        if content is None:
            return cell
        return lead + text[:spanning.end()] + "{" + opening + " " + content + "}}" + text[end:]
    stripped = text.rstrip()
    return lead + opening + " " + stripped + "}" + text[len(stripped):]


# what a group carries over a paragraph's end: a font command's argument or a font declaration's group opened
_FONT_OPENING = re.compile(r"(?:\\(?:emph|text(?:it|sl|bf|sc|tt|sf|up|md|normal))\s*\{|\{(?:\s*\\(?:em|itshape|it|"
                           r"slshape|sl|bfseries|bf|scshape|sc|ttfamily|tt|sffamily|sf|upshape|mdseries|normalfont)"
                           r"(?![A-Za-z@]))+\s*)")


def carried_groups(pieces: list[str], read=lambda text: text, normal: frozenset[int] | set[int] = frozenset()
                   ) -> list[str]:
    """``pieces`` (blocks' LaTeX in source order) with each font group one leaves open and a later one closes closed
    at each piece's end and opened again at the next one's start: a paragraph break splits a block, so ``{\\em
    a\n\nb} c`` came to pandoc as "{\\em a" and "b} c", and the second was written upright and cut at its stray
    brace ("b", "c" for the page's italic b, then c in the same paragraph). ``read``: a piece's text whose braces
    count (its verbatim parts out). ``normal``: the indexes of the pieces LaTeX sets in the normal font whatever
    group they stand in (a float's, \\@floatboxreset; a footnote's), left as they are."""
    stack: list[tuple[str, int]] = []  # each group left open: how it was opened ("{" for no font), its piece
    spans: list[tuple[int, int, int, str]] = []  # a group over pieces: its first, its last, its depth, its opening
    texts = [read(piece) for piece in pieces]
    for at, text in enumerate(texts):
        closes, opened = _unbalanced(text)
        for _ in range(min(closes, len(stack))):
            opening, first = stack.pop()
            spans.append((first, at, len(stack), opening))
        stack += [(opening or "{", at) for opening in opened]
    if not spans:
        return pieces
    out = []
    for at, piece in enumerate(pieces):
        if not _prose(texts[at]) or at in normal:  # a display in the group: no font of its own to set, and
            out.append(piece)  # pandoc would wrap it; a float, a note: set in the normal font
            continue
        held = sorted((depth, opening) for first, last, depth, opening in spans if first < at <= last)
        ends = sum(1 for first, last, _, _ in spans if first <= at < last)
        out.append("".join(opening for _, opening in held) + piece + "}" * ends)
    return out


def _prose(text: str) -> bool:
    """Whether ``text`` sets anything outside math."""
    for a, b in reversed(math_spans(text)):
        text = text[:a] + text[b:]
    return bool(text.strip())


def _unbalanced(text: str) -> tuple[int, list[str]]:
    """How many groups ``text`` closes that it did not open (outside math), and how each group it leaves open was
    opened (`_FONT_OPENING`'s text; a plain group's italic declaration made in it, "{\\itshape "; else "")."""
    spans = math_spans(text)  # in order, apart
    starts = [a for a, _ in spans]

    def in_math(at: int) -> bool:
        return (k := bisect.bisect_right(starts, at) - 1) >= 0 and at < spans[k][1]

    closes, opened = 0, []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            # an italic declaration in a plain group: the group carries it ("{Upright \\em a\n\nb}" to the next
            # piece as "{\\em ", its "b" italic)
            if opened and not opened[-1] and (declared := ITALIC_DECLARATION.match(text, i)) is not None and not (
                    in_math(i)):
                opened[-1] = "{\\" + declared.group(1) + " "
            i += 2
            continue
        if in_math(i):
            i += 1
            continue
        if text[i] == "{":
            font = next((found for found in _FONT_OPENING.finditer(text, max(0, i - 16), i + 80)
                         if found.group(0).startswith("{") and found.start() == i
                         or not found.group(0).startswith("{") and found.end() == i + 1), None)
            opened.append(font.group(0) if font else "")
        elif text[i] == "}":
            if opened:
                opened.pop()
            else:
                closes += 1
        i += 1
    return closes, opened
