"""The author's macro definitions, whole, wherever the preamble keeps them.

arXiv papers define their notation in the preamble, in a file it ``\\input``s (``math_commands.tex``,
``macros.tex``) or in a local package (``\\usepackage{mymacros}`` with ``mymacros.sty`` in the project);
a definition often runs over several lines (``\\newcommand{\\abs}[1]{%`` ...). Each definition is taken
whole (its braces balanced) so pandoc can expand the macros in the targets: a definition cut at its
line's end made pandoc fail on the whole paper, and a macro defined outside the main file stayed
unexpanded (``$\\vx \\in \\sR^n$``).
"""

from __future__ import annotations

import dataclasses

import re
from pathlib import Path
from typing import Iterable

from sources.latex.blocks import outside_verbatim, read_source
from sources.latex.package_switches import as_switches

_DEFINITION = re.compile(r"\\(newcommand|renewcommand|providecommand|DeclareRobustCommand|DeclareMathOperator|"
                         r"newenvironment|renewenvironment|def|gdef|let)(?![A-Za-z])\*?")
# TeX's own \\input name (no braces: the name ends at a space) too, as the body's (`blocks.INPUT`)
_INCLUDE = re.compile(r"\\(input|include|usepackage)\s*(?:\[[^\]]*\])?\s*\{([^}]+)\}"
                      r"|\\(input)(?![A-Za-z@])\s+([^\s{}\\%]+)")
_COMMENT = re.compile(r"(?<!\\)%.*$", re.M)
MAX_DEPTH = 4


def preamble_text(folder: Path, preamble: list[str], depth: int = 0) -> list[str]:
    """The preamble's lines with the project files it inputs and the local packages it loads put in place."""
    out: list[str] = []
    for line in preamble:
        out.append(line)
        for found in _INCLUDE.finditer(line):
            command, names = found.group(1) or found.group(3), found.group(2) or found.group(4)
            for name in (n.strip() for n in names.split(",")):
                path = _local(folder, name, ".sty" if command == "usepackage" else ".tex")
                if path is not None and depth < MAX_DEPTH:
                    # decoded as the body's files are (UTF-8, else cp1252/Latin-1): a Latin-1 macro file's
                    # "Brännvin" came out "Br\ufffdnnvin"
                    text = as_switches(_COMMENT.sub("", read_source(path)))  # as the main file's (`body_lines`)
                    out.extend(preamble_text(folder, text.splitlines(), depth + 1))
    return out


def definition_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text``'s macro definitions stand, whole: ``(start, end)`` each."""
    return [(found.start(), end) for found, end in _whole_definitions(text)]


def definitions(preamble: list[str]) -> list[str]:
    """Each macro definition in ``preamble`` as one line, its arguments and body complete."""
    text = "\n".join(preamble)
    found = []
    for start, end in _whole_definitions(text):  # as pandoc knows them: \\DeclareRobustCommand is \\newcommand
        command = {"DeclareRobustCommand": "newcommand", "gdef": "def"}.get(start.group(1), start.group(1))
        found.append("\\" + command + re.sub(r"\s*\n\s*", " ", text[start.end():end]))
    return found


def _whole_definitions(text: str) -> list[tuple[re.Match, int]]:
    """Each definition command in ``text`` whose definition is whole, with where the definition ends."""
    found = ((start, _definition_end(text, start.end(), start.group(1))) for start in _DEFINITION.finditer(text))
    return [(start, end) for start, end in found if end is not None]


def _definition_end(text: str, i: int, command: str) -> int | None:
    """Where the definition whose name starts at ``i`` ends, or None when it is not whole."""
    environment = command.endswith("environment")  # \\newenvironment{note}[1][x]{begin}{end}: two bodies
    name = re.match(r"\s*\{\s*[A-Za-z@*]+\s*\}" if environment else r"\s*(\{\s*\\[A-Za-z@]+\s*\}|\\[A-Za-z@]+|\\.)",
                    text[i:])
    if name is None:
        return None
    i += name.end()
    if command == "let":
        target = re.match(r"\s*=?\s*(\\[A-Za-z@]+|\\.|\S)", text[i:])
        return i + target.end() if target else None
    if command in ("def", "gdef"):
        parameters = re.match(r"[^{]*", text[i:])  # #1#2 up to the body
        i += parameters.end()
    else:
        while (optional := re.match(r"\s*\[[^\]]*\]", text[i:])) is not None:  # [n] and [default]
            i += optional.end()
    end = group_end(text, i)
    return group_end(text, end) if environment and end is not None else end


def group_end(text: str, i: int) -> int | None:
    """Where the braced group that starts at ``i`` (after spaces) ends, or None."""
    body = re.match(r"\s*\{", text[i:])
    if body is None:
        return None
    depth, j = 0, i + body.end() - 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return j + 1
        j += 1
    return None


def _local(folder: Path, name: str, suffix: str) -> Path | None:
    if name.startswith("/") or ".." in Path(name).parts:
        return None
    for candidate in (name, name + suffix):
        path = folder / candidate
        if path.is_file() and path.suffix in (".tex", ".sty"):
            return path
    for candidate in (name, name + suffix):  # TeX searches the subfolders too (TEXINPUTS=.//)
        found = sorted(path for path in folder.rglob(candidate) if path.is_file() and path.suffix in (".tex", ".sty"))
        if found:
            return found[0]
    return None


# an innermost conditional: \ifname ... [\else ...] \fi with no other \if.. or \fi inside
_CONDITIONAL = re.compile(r"\\if([A-Za-z@]+)(?![A-Za-z@])((?:(?!\\if[A-Za-z@]|\\fi(?![A-Za-z@])).)*)\\fi(?![A-Za-z@])",
                          re.S)


def decided(text: str, known: dict[str, bool]) -> str:
    """``text`` with each conditional on a known switch replaced by the branch TeX takes (pandoc keeps both:
    ``\\ifdraft Draft. \\else Final. \\fi`` under ``\\draftfalse`` gave 'Draft. Final.'; ``\\iffalse`` a
    paragraph break)."""
    while True:
        found = next((m for m in _CONDITIONAL.finditer(text) if m.group(1) in known), None)
        if found is None:
            return text
        taken, _, otherwise = found.group(2).partition(r"\else")
        branch = (taken if known[found.group(1)] else otherwise).strip()
        before, after = text[:found.start()], text[found.end():]
        if not branch and before.endswith("\n") and after.lstrip(" \t").startswith("\n"):
            after = after.lstrip(" \t")[1:]  # a line that was only a skipped conditional: no blank line left
        text = before + branch + after


# what a macro must hold for its uses to be expanded before the body is cut into blocks: the commands that
# make blocks and numbers (\\def\\be{\\begin{equation}}: the display was a paragraph, its number lost;
# \\newcommand{\\mysec}[1]{\\section{#1}}: an unnumbered heading; \\newcommand{\\fn}[1]{\\footnote{#1}}: the note
# lost and its number taken by the next)
_STRUCTURAL = re.compile(r"\\(begin|end|part|chapter|section|subsection|subsubsection|footnote|caption)(?![A-Za-z@])")
_MATH_BEGIN = re.compile(r"\\(begin|end)\s*\{(p|b|B|v|V|small)?matrix\*?\}|\\(begin|end)\s*\{(array|cases|aligned|"
                         r"gathered|split|alignedat|subarray|rcases|dcases)\*?\}")
_SIMPLE = re.compile(r"\\(newcommand|renewcommand|providecommand|newcommand\*|renewcommand\*|providecommand\*|"
                     r"DeclareRobustCommand|def)"
                     r"\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*(?:\[(\d)\]|((?:#\d)+))?\s*\{(.*)\}\s*$", re.S)
# \newcommand{\name}[n][default]{body}: the first of its n arguments optional, ``default`` where not given
_OPTIONAL = re.compile(r"\\(newcommand|renewcommand|providecommand)\*?\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*\[(\d)\]\s*"
                       r"\[((?:[^\[\]{}]|\{[^{}]*\})*)\]\s*\{(.*)\}\s*$", re.S)


def structural_macros(preamble: list[str]) -> dict[str, tuple[int, str, str | None]]:
    """The preamble's macros that stand for block or numbering commands: name -> (arguments, body, the first
    argument's default where it is optional, else None). One that uses itself is left to pandoc."""
    return _macros(definitions(preamble), _structural)


# what sets or toggles the shape of text: an emphasis inside italic text is upright, and only the LaTeX written out
# shows where one stands (`sources.latex.pandoc_groups.upright_emphasis`); the old switches that set upright text
# too (`sources.latex.pandoc_groups.old_font_switches`: "\\def\\tbf#1{{\\bf #1}}" inside \\emph prints upright)
_SHAPING = re.compile(r"\\(?:emph|em|textit|itshape|textsl|slshape|it|sl|rm|sf|tt|bf|sc)(?![A-Za-z@])")
# the old switches themselves: one the author defines ("\\renewcommand{\\bf}{\\bfseries}", "\\let\\bf\\bfseries") is
# written out, its meaning the author's and not LaTeX's \\normalfont one ("\\emph{a {\\bf b}}" prints bold italic b)
_OLD_SWITCHES = ("rm", "sf", "tt", "bf", "sc", "it", "sl")


def shaping_macros(definitions: Iterable[str]) -> dict[str, tuple[int, str, str | None]]:
    """The macros of ``definitions`` (definition lines) whose body sets or toggles the italic shape
    (``\\newcommand\\term[1]{\\emph{#1}}``), as `structural_macros` gives them: written out before an emphasis
    is read, so ``\\emph{a \\term{b} c}`` sets b upright as the page does (pandoc wrote "*a b c*"); an old font
    switch the author defines too (`_OLD_SWITCHES`)."""
    return _macros(definitions, lambda name, body: bool(_SHAPING.search(body) or name in _OLD_SWITCHES)
                   and not re.search(r"\\" + name + r"(?![A-Za-z])", body))


def expand_macros(text: str, macros: dict[str, tuple[int, str, str | None]]) -> str:
    """``text`` with each use of ``macros`` (`structural_macros`' form) written out, up to four deep."""
    if not macros or "\\" not in text:
        return text
    return _expanded(text, _use_pattern(macros), macros)


def _use_pattern(macros: dict) -> re.Pattern:
    """A use of any of ``macros``' names (the longest first) and the spaces after it."""
    return re.compile(r"\\(" + "|".join(sorted(map(re.escape, macros), key=len, reverse=True)) + r")(?![A-Za-z])\s*")


def _expanded(text: str, use: re.Pattern, macros: dict) -> str:
    """``text`` with each ``use`` of ``macros`` written out, up to four deep (a macro's body may use another)."""
    for _ in range(4):
        expanded = _expand_once(text, use, macros)
        if expanded == text:
            break
        text = expanded
    return text


def _macros(lines: Iterable[str], wanted) -> dict[str, tuple[int, str, str | None]]:
    """The macros of the definition ``lines`` that ``wanted(name, body)``, in `structural_macros`' form."""
    found: dict[str, tuple[int, str, str | None] | None] = {}
    for definition in lines:
        optional = _OPTIONAL.match(definition)
        if optional:  # \newcommand{\mysec}[2][]{\section{#2}}: its heading was unnumbered
            name, count, default, body = optional.group(2), int(optional.group(3)), optional.group(4), optional.group(5)
            found[name] = (count, body, default) if wanted(name, body) else None
            continue
        simple = _SIMPLE.match(definition)
        named = re.match(r"\\\w+\*?\s*\{?\s*\\([A-Za-z]+)", definition)
        alias = re.fullmatch(r"\\let\s*\\([A-Za-z]+)\s*=?\s*(\\[A-Za-z]+)\s*", definition)
        if alias:  # \let\ssec\subsection: the command itself, its arguments where they stand
            found[alias.group(1)] = (0, alias.group(2), None) if wanted(alias.group(1), alias.group(2)) else None
            continue
        if simple is None or re.match(r"\\\w+\s*\{?\s*\\\w+\s*\}?\s*\[\d\]\s*\[", definition):
            if named:  # redefined as something not read here (an optional argument): pandoc's again
                found[named.group(1)] = None
            continue
        name, body = simple.group(2), simple.group(5)
        count = int(simple.group(3) or 0) or len(simple.group(4) or "") // 2
        # the last definition wins, as in TeX: \renewcommand{\todo}[1]{} turns a note-making \todo off
        found[name] = (count, body, None) if wanted(name, body) else None
    return {name: macro for name, macro in found.items() if macro is not None}


def _structural(name: str, body: str) -> bool:
    """Whether macro ``name``'s ``body`` makes a block or a number, and is read here: not one that opens a
    math structure (\\bpm: \\begin{pmatrix} sits inside $...$, where no block starts), nor one that uses
    itself or redefines a structural command."""
    return bool(_STRUCTURAL.search(body)) and not _MATH_BEGIN.search(body) and \
        not re.search(r"\\" + name + r"(?![A-Za-z])", body) and not _STRUCTURAL.fullmatch("\\" + name)


def expand_structural(lines: list, macros: dict[str, tuple[int, str, str | None]]) -> list:
    """The body's `Line`s with each use of ``macros`` written out (its arguments on the same line), so
    the blocks and numbers it makes are seen as TeX sees them. Line numbers stay."""
    if not macros:
        return lines
    use = _use_pattern(macros)
    out = []
    for line in lines:
        text = _expanded(line.text, use, macros)
        out.append(line if text == line.text else dataclasses.replace(line, text=text))
    return out


def _expand_once(text: str, use: re.Pattern, macros: dict[str, tuple[int, str, str | None]]) -> str:
    parts, at = [], 0
    spans = definition_spans(text) if "\\" in text else []
    for found in use.finditer(text):
        if found.start() < at or any(a <= found.start() < b for a, b in spans):  # a definition is no use
            continue
        count, body, default = macros[found.group(1)]
        end, arguments = found.end(), []
        if default is not None:  # [given] or the default
            given = re.match(r"\[((?:[^\[\]{}]|\{[^{}]*\})*)\]\s*", text[end:])
            arguments.append(given.group(1) if given else default)
            end += given.end() if given else 0
        while len(arguments) < count:
            closed = group_end(text, end)
            if closed is None:
                break
            arguments.append(text[text.index("{", end) + 1:closed - 1])
            end = closed
        if len(arguments) < count:  # its arguments run onto the next line: left as written
            continue
        # #1..#9 are the arguments; an escaped \\# is the character (a note's "issue \\#1" raised IndexError)
        written = re.sub(r"(?<!\\)#(\d)", lambda number: arguments[int(number.group(1)) - 1]
                         if int(number.group(1)) <= len(arguments) else number.group(0), body)
        if re.search(r"\\[A-Za-z@]+$", written) and re.match(r"[A-Za-z@]", text[end:end + 1]):
            # a body ending in a control word (\\xspace) before a word: a space ends the word, as TeX read it
            # ("\\emph{et al.}\\xspaceshowed" was one unknown command, the word lost)
            written += " "
        parts += [text[at:found.start()], written]
        at = end
    return "".join(parts + [text[at:]])


# CVPR's and ICCV's "\\eg": \\onedot looks at the next token (\\futurelet) and prints a dot unless it is one
# (``\\def\\@onedot{\\ifx\\@let@token.\\else.\\null\\fi\\xspace}``), a test pandoc cannot take, so every page using
# \\eg was refused (error:latex:conditional)
_LOOKER = re.compile(r"\\(?:newcommand|def|DeclareRobustCommand)\s*\{?\s*(\\[A-Za-z@]+)\s*\}?\s*\{\s*\\futurelet\s*"
                     r"\\@let@token\s*(\\[A-Za-z@]+)\s*\}")
_DOT_UNLESS_DOT = re.compile(r"\\ifx\s*\\@let@token\s*\.\s*\\else\s*\.\s*(?:\\null\s*)?\\fi\s*(?:\\xspace\s*)?")


def dotted_abbreviations(lines: list, preamble: list[str]) -> list:
    """``lines`` (`sources.latex.blocks.Line`) with each use of a macro the preamble defines as words and a
    dot-unless-dot (CVPR's ``\\def\\eg{\\emph{e.g}\\onedot}``) written out as TeX prints it: its words, and a dot
    unless a dot follows (``\\eg,`` "e.g.,"; ``\\etal.`` "et al.")."""
    made = definitions(preamble)
    dots = set()  # the macros that print a dot unless a dot follows: \\onedot
    for looker in filter(None, map(_LOOKER.match, made)):
        looked = next((d for d in made if re.match(r"\\def\s*" + re.escape(looker.group(2)) + r"\s*\{", d)), "")
        body = looked[looked.find("{") + 1:looked.rfind("}")].strip() if looked else ""
        if _DOT_UNLESS_DOT.fullmatch(body):
            dots.add(looker.group(1))
    if not dots:
        return lines
    dotted = "|".join(re.escape(name[1:]) for name in sorted(dots))
    words = {}
    for d in made:
        found = re.match(r"\\(?:def|newcommand|DeclareRobustCommand)\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*\{(.*)\\(?:"
                         + dotted + r")\s*\}\s*$", d)
        if found and "#" not in found.group(2):
            words[found.group(1)] = found.group(2)
    if not words:
        return lines
    use = re.compile(r"\\(" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?![A-Za-z@])")

    def written(text: str) -> str:
        spans = definition_spans(text)

        def one(found: re.Match) -> str:
            if any(a <= found.start() < b for a, b in spans):
                return found.group(0)
            skipped = _SKIPPED_AFTER_NAME.match(text, found.end()).end()
            dotted = text.startswith(".", skipped)
            # a dot on the next line: TeX reads on to it, no space between (the line glued on: `Line.glued`)
            glue = _GLUE if dotted and "\n" in text[found.end():skipped] else ""
            return "{" + words[found.group(1)] + ("" if dotted else ".") + "}" + glue

        return use.sub(one, text)


    # the lines as one text: the dot TeX looks for may stand on the next line (the rewrite makes no line)
    texts = outside_verbatim("\n".join(line.text for line in lines), written).split("\n")
    return [dataclasses.replace(line, text=text.removesuffix(_GLUE), glued=line.glued or text.endswith(_GLUE))
            if text != line.text else line for line, text in zip(lines, texts)]


# what TeX skips after a control word's name before the token \\futurelet sees: spaces, the line's end, the next
# line's leading spaces (a `Line`'s text has no comment)
_SKIPPED_AFTER_NAME = re.compile(r"[ \t]*(?:\n[ \t]*)?")
_GLUE = "\x00"  # put after a use whose line must run on into the next (`dotted_abbreviations`)
