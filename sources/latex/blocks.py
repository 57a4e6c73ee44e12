"""A LaTeX document's body cut into blocks, each with the file and line range it came from.

The body (``\\begin{document}`` to ``\\end{document}``) is read line by line, ``\\input``/``\\include``
followed into their files (``\\subfile``: into its body; ``\\import``: its inputs from its folder; a line that
is only the command; one inside a group or an argument too, not one in a definition's body: `_follow_inputs`;
which file, `sources.latex.inputs`), a file test decided where its file is in the project,
the lines a known conditional skips (``\\iffalse``) left out, and
``\\bibliography`` replaced by the ``.bbl`` pdfLaTeX read; comments are dropped; lines are numbered as TeX
numbers them. A block is a paragraph (lines up to a blank line), a
heading, a display equation, a float (``table``, ``figure``), an environment that starts a line (a list,
a quote, a tabular...), the title, or one bibliography entry; an environment that only holds blocks
(``multicols``, ``appendices``: `CONTAINERS`) is cut as the body is, and two headings on one line are two
blocks. A line that is only a comment is dropped,
not made a blank line (its ``%`` takes the line's end with it). Blocks know nothing of pages:
`sources.latex.align` places them with SyncTeX.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from pathlib import Path

from sources.latex.inputs import (KnownBranches, Project, body_switches, decide_file_tests, expand_input_macros,
                                  file_test_open, included_only, input_macros, open_braces, preamble_switches,
                                  read_in_place, resolve, groups_ended)
from sources.latex.package_switches import as_switches

# \\paragraph and \\subparagraph are run-in: their title starts the paragraph's text (`convert`)
HEADINGS = ("part", "chapter", "section", "subsection", "subsubsection")
_RUN_IN_START = re.compile(r"\\(paragraph|subparagraph)\*?\s*[\[{]")
DISPLAY = ("equation", "equation*", "align", "align*", "gather", "gather*", "multline", "multline*",
           "eqnarray", "eqnarray*", "displaymath")
FLOATS = ("figure", "figure*", "table", "table*", "algorithm", "algorithm*", "wrapfigure", "wraptable",
          "sidewaysfigure", "sidewaysfigure*", "sidewaystable", "sidewaystable*")
# environments that only hold blocks (columns, an appendix, a language, a landscape page): their begin and
# end lines go and what they hold is cut into blocks as the body is (whole, one block handed to pandoc, a
# heading inside lost its number, a theorem its head, and "{2}" was left as text); the braced arguments each
# takes go with its begin. \begin{appendices} is LaTeX's \appendix (`convert` numbers sections on from A).
CONTAINERS = {"multicols": 1, "multicols*": 1, "appendices": 0, "subappendices": 0, "landscape": 0,
              "otherlanguage": 1, "otherlanguage*": 1, "CJK": 2, "CJK*": 2, "linenumbers": 0,
              "adjustwidth": 2, "spacing": 1, "singlespace": 0, "onehalfspace": 0, "doublespace": 0,
              "@twocolumnfalse": 0}
_CONTAINER = re.compile(r"\\(begin|end)\{(" + "|".join(re.escape(env) for env in CONTAINERS) + r")\}")
# an environment that starts a line is a block of its own (a list, a quote, a tabular, the bibliography...),
# but for these, which sit inside a paragraph's text (enumitem's inline lists: a line begun with one was cut
# off as a list of its own, its sentence in three paragraphs; the starred names reach here only where
# enumitem's inline option defines them, `sources.latex.lists.vertical_lists` making mdwlist's plain lists)
INLINE = ("math", "document", "enumerate*", "itemize*", "description*")
_HEADING = re.compile(r"^\\(" + "|".join(HEADINGS) + r")\*?\s*[\[{]")
_BEGIN = re.compile(r"^\\begin\{([^}]+)\}")
# \\input{name}, \\include{name}, \\subfile{name}, TeX's own \\input name (the name ends at a space) and the import
# package's \\import{dir}{name} (\\subimport's dir under the importing file's), wherever they stand on a line: one
# followed only when alone on its line lost "We describe the rig first. \\input{rig}"'s file, and both of
# "\\input{a}\\input{b}"
INPUT = re.compile(r"\\(input|include|subfile)\s*\{([^{}]+)\}|\\(input)(?![A-Za-z@])\s+([^\s{}\\%]+)"
                   r"|\\((?:sub)?(?:import|inputfrom|includefrom))\*?\s*\{([^{}]*)\}\s*\{([^{}]+)\}")
# TeX stops reading a file at the end of the line that holds \\endinput
_ENDINPUT = re.compile(r"\\endinput(?![A-Za-z@])")
_BIBLIOGRAPHY = re.compile(r"^\\bibliography\s*\{[^}]*\}\s*$")
# what a comment's % cannot start inside: \\verb|..|, and \\url{..}/\\href{..} (read verbatim: a%20b)
INLINE_VERBATIM = re.compile(r"\\verb\*?([^A-Za-z\s*])(.*?)\1|\\(?:url|href|path)\s*\{(?:[^{}]|\{[^{}]*\})*\}")
MAX_DEPTH = 8  # \input nesting
# a line whose comment starts right after its text glues on to the next; not after a space (TeX keeps it) nor
# after a control word (the next line's letters would lengthen its name: "\\foo%" then "bar" is \\foo, bar)
_CONTROL_WORD_END = re.compile(r"\\[A-Za-z]+$")
_BEGIN_DOCUMENT, _END_DOCUMENT = r"\begin{document}", r"\end{document}"


@dataclasses.dataclass(frozen=True)
class Line:
    path: str  # relative to the project folder
    number: int  # 1-based
    text: str
    # the line ended in a comment right after its text: TeX reads the next line straight on, no space between
    # ("joined%" then "with" prints "joinedwith"; pandoc reads the line's end as a space)
    glued: bool = False


def joined(lines) -> str:
    """The lines' text as TeX reads it: one line a row, a `Line.glued` line run on into the next."""
    out = []
    for i, line in enumerate(lines):
        out.append(line.text.lstrip() if i and lines[i - 1].glued else line.text)
        if i + 1 < len(lines):
            out.append("" if line.glued else "\n")
    return "".join(out)


@dataclasses.dataclass(frozen=True)
class Block:
    """Consecutive source lines that make one unit of the page: ``kind`` is ``paragraph``, ``heading``,
    ``display`` (math), ``float`` (``figure``/``table``, see ``env``), ``env`` (a list, tabular...),
    ``title``, ``bibitem`` or ``bibliography`` (its heading)."""

    kind: str
    lines: tuple[Line, ...]
    env: str = ""

    @property
    def latex(self) -> str:
        return joined(self.lines)

    def span(self) -> dict:
        """Where the block came from: its file and first and last line (the first file's, for meta)."""
        own = [line.number for line in self.lines if line.path == self.lines[0].path]
        return {"file": self.lines[0].path, "lines": [min(own), max(own)]}


def body_lines(folder: Path, main: str,
               recorded: tuple[str, ...] = ()) -> tuple[list[str], list[Line], dict[str, bool]]:
    """The preamble's lines (comments dropped), the body's lines, inputs followed, and the switches whose value
    is the same throughout the body (`sources.latex.inputs.preamble_switches`: the others' conditionals are decided
    where they are read, by the setting before them); ``recorded``: the files the compile read, which say which
    of two files of one name in the subfolders TeX took."""
    raw = _lines(read_source(folder / main))
    text = [as_switches(uncommented(line)) for line in raw]  # ifthen's and etoolbox's booleans as \\newif's
    begin = next((i for i, line in enumerate(text) if _BEGIN_DOCUMENT in line), None)
    if begin is None:
        return text, [], preamble_switches(text, [])
    before, _, after = text[begin].partition(_BEGIN_DOCUMENT)
    lines: list[Line] = []
    sources = [as_switches(read_source(path)) for pattern in ("*.tex", "*.sty")
               for path in sorted(folder.rglob(pattern)) if path.is_file()]
    preamble = text[:begin] + [before]
    project = Project(folder, only=included_only(preamble), macros=input_macros(sources),
                      recorded=frozenset(recorded), switches=body_switches(preamble, sources))
    _follow(project, main, [""] * begin + [after] + raw[begin + 1:], begin, lines, 0)
    return preamble, lines, preamble_switches(preamble, sources)


# environments whose lines TeX reads verbatim: a "%" there is the listing's text, no comment (printf("%d"),
# a MATLAB comment line "% remainder"; cut there, the listing lost its ends and such lines)
VERBATIM_BEGIN = re.compile(r"\\begin\{(verbatim\*?|Verbatim\*?|BVerbatim|LVerbatim|lstlisting|minted|spverbatim)\}")


def _follow(project: Project, path: str, text: list[str], start: int, out: list[Line], depth: int) -> None:
    verbatim = None  # the verbatim environment the lines are in
    resume = start  # the next line not yet read (a file test's lines are read with its first)
    branches = KnownBranches(project.switches)
    for index in range(start, len(text)):
        if index < resume:
            continue
        if verbatim is not None:
            out.append(Line(path, index + 1, text[index].rstrip()))
            if f"\\end{{{verbatim}}}" in text[index]:
                verbatim = None
            continue
        if text[index].lstrip().startswith("%"):
            continue  # a comment's line: not a blank line (its % takes the line's end with it)
        line, glued = _logical(text[index])
        read = branches.read(line, lambda: (_logical(each)[0] for each in text[index + 1:]))
        if read is None:
            continue  # TeX reads nothing of it: no line, not a blank one
        line = read.rstrip()
        line, glued, resume = _with_file_test(text, index, line, glued)
        opened = VERBATIM_BEGIN.search(line)
        if opened and f"\\end{{{opened.group(1)}}}" not in line[opened.end():]:
            verbatim = opened.group(1)
        if _END_DOCUMENT in line:
            line = line.partition(_END_DOCUMENT)[0]
            if line.strip():
                out.append(Line(path, index + 1, line))
            return
        ended = _ENDINPUT.search(line)
        if ended:  # the rest of its line is still read; then the file ends
            line = (line[:ended.start()] + line[ended.end():]).rstrip()
        line = expand_input_macros(project.macros, decide_file_tests(project, line))
        stripped = line.strip()
        if depth < MAX_DEPTH and _follow_inputs(project, path, index + 1, line, glued, out, depth):
            if ended:
                return
            continue
        if ended:
            if stripped:
                out.append(Line(path, index + 1, line, glued))
            return
        if _BIBLIOGRAPHY.match(stripped):
            bbl = Path(path).with_suffix(".bbl").name if depth == 0 else None
            if bbl and (project.folder / bbl).is_file():
                for number, bbl_line in enumerate(_lines(read_source(project.folder / bbl)), start=1):
                    out.append(Line(bbl, number, uncommented(bbl_line).rstrip()))
                continue
        out.append(Line(path, index + 1, line, glued))


def _logical(raw: str) -> tuple[str, bool]:
    """A source line as TeX reads it: its text without its comment, and whether the comment started right after
    its text (`Line.glued`)."""
    line = uncommented(raw)
    glued = (len(line) < len(raw.rstrip("\r\n")) and line.strip() != "" and not line[-1].isspace()
             and _CONTROL_WORD_END.search(line) is None)
    return as_switches(line.rstrip()), glued


_FILE_TEST_LINES = 30  # the most lines a file test's arguments are looked for over


def _with_file_test(text: list[str], index: int, line: str, glued: bool) -> tuple[str, bool, int]:
    """``line`` (``text[index]``, read) with the lines after it that finish a file test it opens joined on as
    TeX reads them (a line's end a space unless a comment took it), glued as the last of them, and the index of
    the line after them; ``line`` as it is where it opens none or they do not come before a blank line (read a
    line at a time, "\\IfFileExists{t.tex}{%" then "\\input{t}%" then "}{}" was neither decided nor read)."""
    if "IfFileExists" not in line or not file_test_open(line):
        return line, glued, index + 1
    joined, joined_glued = line, glued
    for after in range(index + 1, min(index + _FILE_TEST_LINES, len(text))):
        if text[after].lstrip().startswith("%"):
            continue  # a comment's line: nothing, not even a space
        more, more_glued = _logical(text[after])
        if not more.strip() or _END_DOCUMENT in more:
            break  # a paragraph's end: left as it is
        joined = joined + ("" if joined_glued else " ") + more.lstrip()
        joined_glued = more_glued
        if not file_test_open(joined):
            return joined, joined_glued, after + 1
    return line, glued, index + 1


def _follow_inputs(project: Project, path: str, number: int, line: str, glued: bool, out: list[Line],
                   depth: int) -> bool:
    """Follow the files ``line`` inputs, each in its place between the line's text before and after it;
    False (nothing added) when it inputs none that is read here. One inside a group or an argument TeX sets
    in place (``{\\small \\input{table}}``, ``\\resizebox{..}{!}{\\input{tab}}``) is read there; one inside a
    definition's body (read where the macro is used: `sources.latex.read` refuses those pages) or a file
    test's branch (``\\IfFileExists``) is not followed: whether TeX reads it there is not known here. An
    ``\\include`` ``\\includeonly`` leaves out reads nothing; it, and one read, ends the paragraph (its
    ``\\clearpage``: a.tex's last paragraph ran on into b.tex's first)."""
    followed, at, owed = False, 0, 0  # owed: closing braces to write \\endgroup (of groups begun \\begingroup)
    for found in INPUT.finditer(line):
        before_it = line[:found.start()]
        if not read_in_place(before_it):
            continue
        command, name, reading = _input_name(project, found)
        # an \\import's name is the project's own path (TeX looks for it nowhere else)
        target = resolve(reading if reading is project else dataclasses.replace(project, base=""), name) \
            if reading is not None else None
        if target is None:
            continue
        inner: list[Line] = []
        if command != "include" or project.only is None or name in project.only:
            _follow_file(reading, target, command, inner, depth)
        if command == "include":
            inner = [Line(path, number, "")] + inner + [Line(path, number, "")]
        before = line[at:found.start()]
        # the groups open around the input, opened since the last file on the line (one before it is out already)
        opened = [brace for brace in open_braces(before_it) if brace >= at]
        unread = bool(opened) and any(not each.text.strip() or _starts_block(each.text) for each in inner)
        if unread:
            # the file's paragraphs or blocks (a table float) would each hold a piece of the group open around
            # them ("{\\small" alone, "}" with the next paragraph: pandoc lost them or printed the brace): the
            # group is written \\begingroup ... \\endgroup, which `sources.latex.scopes.scoped` reads as a group
            # and pandoc is not given (`sources.latex.convert`), the file's text read as set. Closed before the
            # file, pandoc took a definition in it back there ("A otter builds." where TeX printed beaver)
            for brace in reversed(opened):
                before = before[:brace - at] + "\\begingroup " + before[brace - at + 1:]
        before, owed = groups_ended(before, owed)  # the groups of a file before it on the line that end here
        owed += len(opened) if unread else 0
        if before.strip():
            out.append(Line(path, number, before.rstrip() if not followed else before))
        out.extend(inner)
        followed, at = True, found.end()
    rest = groups_ended(line[at:], owed)[0]
    if followed and rest.strip():
        out.append(Line(path, number, rest, glued))
    return followed


def _input_name(project: Project, found: re.Match) -> tuple[str, str, Project | None]:
    """An `INPUT` match's command, the file name it gives, and where that name is looked for (None: an
    ``\\import`` from outside the project)."""
    if not found.group(5):
        return found.group(1) or found.group(3), (found.group(2) or found.group(4)).strip(), project
    command, directory, name = found.group(5), found.group(6).strip(), found.group(7).strip()
    if command.startswith("sub"):
        directory = posixpath.join(project.base, directory)
    directory = posixpath.normpath(directory) if directory else ""
    if directory.startswith(("/", "../")) or directory == ".." or "\\" in directory:
        return command, name, None
    base = "" if directory == "." else directory
    return command, posixpath.join(base, name), dataclasses.replace(project, base=base)


def _follow_file(project: Project, target: str, command: str, out: list[Line], depth: int) -> None:
    """The lines of the project file ``target`` an input ``command`` reads (``\\subfile``: its body)."""
    text_in = _lines(read_source(project.folder / target))
    begin = next((i for i, t in enumerate(text_in) if _BEGIN_DOCUMENT in t), None)
    if command == "subfile" and begin is not None:  # a document of its own: its body
        after = text_in[begin].partition(_BEGIN_DOCUMENT)[2]
        _follow(project, target, [""] * begin + [after] + text_in[begin + 1:], begin, out, depth + 1)
    else:
        _follow(project, target, text_in, 0, out, depth + 1)


def uncommented(line: str) -> str:
    """``line`` without its comment: from the first ``%`` that is not ``\\%`` and not inside ``\\verb``
    or a URL (cutting ``\\url{a%20b}`` there left a brace open, and pandoc failed on the whole paper)."""
    i = 0
    while i < len(line):
        if line[i] == "\\":
            verbatim = INLINE_VERBATIM.match(line, i)
            i = verbatim.end() if verbatim else i + 2
            continue
        if line[i] == "%":
            return line[:i]
        i += 1
    return line


def split_blocks(lines: list[Line]) -> list[Block]:
    """The body's lines as blocks, in source order."""
    lines = _groups_closed_before_blocks([line for found in _full_width(lines) for line in _uncontained(found)])
    blocks: list[Block] = []
    paragraph: list[Line] = []
    held: list[Block] = []  # floats set inside the paragraph's text, after it

    def flush() -> None:
        if blocks and blocks[-1].kind in ("paragraph", "env") and _only_closes(paragraph):
            # a line of closing braces after a block ("{\\itshape a" then a list then "}"): it prints nothing, so no
            # page placed it and the group it closes was left open (its page refused, or the text after it
            # italic); it ends the block before it, as it ends that block's group
            blocks[-1] = dataclasses.replace(blocks[-1], lines=blocks[-1].lines + tuple(paragraph))
        elif any(line.text.strip() for line in paragraph):
            blocks.append(Block("paragraph", tuple(paragraph)))
        paragraph.clear()
        blocks.extend(held)
        held.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.text.strip()
        if not stripped:
            flush()
            i += 1
            continue
        if (set_first := _COUNTERS_BEFORE_HEADING.match(line.text)) is not None:
            # "\\setcounter{section}{4}\\section{Intro}": the heading a block of its own (run on as the
            # paragraph's text, it lost its number, "# Intro" for the page's "5 Intro"); both keep the line's number
            lines[i:i + 1] = [dataclasses.replace(line, text=line.text[:set_first.end()]),
                              dataclasses.replace(line, text=line.text[set_first.end():])]
            continue
        begin = _BEGIN.match(stripped)
        if begin and begin.group(1) not in INLINE:
            env = begin.group(1)
            end = _environment_end(lines, i, env)
            if env in FLOATS and paragraph and _text_after_floats(lines, end + 1):
                # a float in a paragraph's text, no blank line on either side: the text around it is one
                # paragraph (the page runs it on; it was cut in two there), the float its own block after it
                held.append(Block("float", tuple(lines[i:end + 1]), env=env.rstrip("*")))
                i = end + 1
                continue
            flush()
            if env == "thebibliography":
                blocks.extend(_bibliography(lines[i:end + 1]))
            else:
                kind = "display" if env in DISPLAY else "float" if env in FLOATS else "env"
                blocks.append(Block(kind, tuple(lines[i:end + 1]), env=env.rstrip("*")))
            i = end + 1
            continue
        if _RUN_IN_START.match(stripped):  # \paragraph{...} ends the paragraph before it, blank line or not
            flush()
        if stripped.startswith(("$$", r"\[")):
            flush()
            end = _display_end(lines, i, "$$" if stripped.startswith("$$") else r"\]")
            blocks.append(Block("display", tuple(lines[i:end + 1])))
            i = end + 1
            continue
        if _HEADING.match(stripped) or stripped.startswith(r"\maketitle"):
            flush()
            end = _balanced_end(lines, i)
            if _HEADING.match(stripped) and end == i and (cut := _block_after_title(lines[end].text)):
                # '\section{Intro}\subsection{Background}': two headings on one line, each its own block
                # (the second, run on as the first's text, lost its number); both keep the line's number
                rest = dataclasses.replace(lines[end], text=lines[end].text[cut:])
                lines[end:end + 1] = [Line(lines[end].path, lines[end].number, lines[end].text[:cut]), rest]
            if _HEADING.match(stripped) and _text_after_title(lines[end].text):
                # '\\section{Intro} We study...': the paragraph begun on the heading's line runs on
                while end + 1 < len(lines) and lines[end + 1].text.strip() and not _starts_block(lines[end + 1].text):
                    end += 1
            blocks.append(Block("title" if stripped.startswith(r"\maketitle") else "heading",
                                tuple(lines[i:end + 1])))
            i = end + 1
            continue
        paragraph.append(line)
        i += 1
    flush()
    return blocks


_TWOCOLUMN = re.compile(r"\\twocolumn\s*\[")


def _full_width(lines: list[Line]) -> list[Line]:
    """The lines with ``\\twocolumn[...]`` (a two-column paper's full-width title and abstract) opened: its
    argument's text as lines of the body, each numbered as the line of its closing ``]``. TeX reads the
    argument whole and sets it at that ``]``: its nodes and counter steps carry that line's number, which
    placed nothing of it (the title and abstract were lost, the ``]`` left as a stray ``\\]``)."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        found = _TWOCOLUMN.search(lines[i].text)
        end = _bracket_end(lines, i, found.end()) if found else None
        if end is None:
            out.append(lines[i])
            i += 1
            continue
        last, at = end
        inside = [dataclasses.replace(lines[i], text=lines[i].text[found.end():]) if last > i else
                  dataclasses.replace(lines[i], text=lines[i].text[found.end():at], glued=False)]
        inside += [lines[k] for k in range(i + 1, last)] + ([dataclasses.replace(lines[last], text=lines[last].text[:at])]
                                                           if last > i else [])
        number = lines[last].number
        before, after = lines[i].text[:found.start()], lines[last].text[at + 1:]
        out += [Line(lines[i].path, lines[i].number, before)] if before.strip() else []
        # a file \\input inside it is read when the argument is set: its lines keep their own numbers
        out += [dataclasses.replace(line, number=number) if line.path == lines[last].path else line
                for line in inside]
        out += [dataclasses.replace(lines[last], text=after)] if after.strip() else []
        i = last + 1
    return out


def _bracket_end(lines: list[Line], start: int, offset: int) -> tuple[int, int] | None:
    """(line index, offset) of the ``]`` that closes an optional argument opened before ``offset`` of line
    ``start``: the first at brace depth 0, as TeX delimits it (a ``[0,1)`` inside is not counted); None when
    no line closes it."""
    braces = 0
    for index in range(start, len(lines)):
        text = lines[index].text
        k = offset if index == start else 0
        while k < len(text):
            char = text[k]
            if char == "\\":
                k += 2
                continue
            braces += {"{": 1, "}": -1}.get(char, 0)
            if braces == 0 and char == "]":
                return index, k
            k += 1
    return None


def _uncontained(line: Line) -> list[Line]:
    """``line`` without the begin and end of a container environment (`CONTAINERS`): what it held before
    and after them as lines of their own, each with ``line``'s number (a begin or end alone: a blank line,
    which ends the paragraph, as TeX's does)."""
    found = _CONTAINER.search(line.text)
    if found is None:
        return [line]
    end = found.end()
    if found.group(1) == "begin":
        for _ in range(CONTAINERS[found.group(2)]):
            argument = re.match(r"\s*(\[[^\]]*\]\s*)?\{(?:[^{}]|\{[^{}]*\})*\}", line.text[end:])
            end += argument.end() if argument else 0
    here = r"\appendix" if found.group(0) == r"\begin{appendices}" else ""
    before, after = line.text[:found.start()], line.text[end:]
    rest = dataclasses.replace(line, text=after)
    if found.group(1) == "begin" and found.group(2).startswith("multicols"):
        after, ahead = _preface(after)
        # a preface alone on its line is set once multicols has looked past the line's end for an optional
        # skip: its heading's counter step and nodes carry the next line's number
        rest = dataclasses.replace(line, text=after, number=line.number + ahead)
    return ([Line(line.path, line.number, before)] if before.strip() else []) + \
        [Line(line.path, line.number, here)] + _uncontained(rest)


def _preface(text: str) -> tuple[str, bool]:
    """``text`` after ``\\begin{multicols}{n}``: its optional preface (``[\\section{Results}]``, set across the
    columns) as text of the body, its optional skip after it gone; and whether the line holds nothing after
    the preface (then multicols reads the next line before it sets the preface)."""
    found = re.match(r"\s*\[", text)
    if found is None:
        return text, False
    depth = 0
    for i in range(found.end(), len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if text[i] == "]" and depth == 0:
            rest = re.sub(r"^\s*\[[^\]]*\]", "", text[i + 1:])  # [preface skip]
            return (text[found.end():i] + "\n" + rest, False) if rest.strip() else (text[found.end():i], True)
    return text, False


def _block_after_title(line: str) -> int | None:
    """Where a heading's last line starts another block after its title (labels between), or None."""
    depth, close = 0, None
    for i, char in enumerate(line):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "}" and depth == 0:
            close = i
            break
    if close is None:
        return None
    rest = line[close + 1:]
    skipped = re.match(r"(\s*\\label\{[^}]*\})*\s*", rest)
    return close + 1 + skipped.end() if _starts_block(rest[skipped.end():]) else None


def _text_after_title(line: str) -> bool:
    """Whether a heading's last line holds text after its title (labels aside)."""
    depth, close = 0, None
    for i, char in enumerate(line):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "}" and depth == 0:
            close = i
    rest = re.sub(r"\\label\{[^}]*\}", "", line[close + 1:]) if close is not None else ""
    return bool(rest.strip())


def _text_after_floats(lines: list[Line], at: int) -> bool:
    """Whether the paragraph's text goes on at line ``at``, past any floats that follow one another there."""
    while at < len(lines) and (begin := _BEGIN.match(lines[at].text.strip())) and begin.group(1) in FLOATS:
        at = _environment_end(lines, at, begin.group(1)) + 1
    return at < len(lines) and bool(lines[at].text.strip()) and not _starts_block(lines[at].text)


# counters set, stepped or added to before a heading on its line (group 0 ends where the heading starts)
_COUNTERS_BEFORE_HEADING = re.compile(r"\s*(?:\\(?:setcounter|addtocounter)\s*\{[^{}]*\}\s*\{[^{}]*\}\s*"
                                      r"|\\(?:stepcounter|refstepcounter)\s*\{[^{}]*\}\s*)+(?=\\(?:"
                                      + "|".join(HEADINGS) + r")\*?\s*[\[{])")


def _only_closes(lines: list[Line]) -> bool:
    """Whether ``lines`` hold closing braces and nothing else (spaces, ``\\par``)."""
    text = re.sub(r"\\par(?![A-Za-z@])|\s", "", "".join(line.text for line in lines))
    return bool(text) and not text.strip("}")


def _starts_block(line: str) -> bool:
    stripped = line.strip()
    return bool(_BEGIN.match(stripped) or _HEADING.match(stripped) or stripped.startswith(("$$", r"\[")))


def _bibliography(lines: list[Line]) -> list[Block]:
    """A ``thebibliography`` environment: its heading, then one block per ``\\bibitem``."""
    blocks = [Block("bibliography", (lines[0],))]
    item: list[Line] = []
    started = False  # what comes before the first \bibitem (a style's \providecommand lines) prints nothing
    for line in lines[1:-1]:
        if line.text.strip().startswith(r"\bibitem"):
            if item and started:
                blocks.append(Block("bibitem", tuple(item)))
            item, started = [], True
        if started and (line.text.strip() or item):
            item.append(line)
    if started and any(line.text.strip() for line in item):
        blocks.append(Block("bibitem", tuple(item)))
    return blocks


# a line that only opens a group and makes declarations in it: "{\\small", "{\\renewcommand{\\arraystretch}{1.2}"
_GROUP_OPENER = re.compile(r"\{(?:\s*\\[A-Za-z@]+\*?(?:\s*(?:\{[^{}]*\}|\[[^\]]*\]))*)*\s*")


def _groups_closed_before_blocks(lines: list[Line]) -> list[Line]:
    """``lines`` without the braces of a group opened on a line of its own before an environment that starts a
    block and closed right after its end ("{\\small" then "\\begin{tabular}..." then "\\end{tabular}}"): the
    block held the group's closing brace (pandoc could not read it, and its page was refused) and the line
    before it a brace left open. What the declarations change is how the block looks, not its text; a
    definition among them holds to the group's end, where `sources.latex.scopes.scoped` gave the outer meaning
    back (closed on its line, pandoc took it back there: "A otter builds." inside the group)."""
    out = list(lines)
    for i, line in enumerate(lines[:-1]):
        if not _GROUP_OPENER.fullmatch(line.text.strip()):
            continue
        begin = _BEGIN.match(lines[i + 1].text.strip())
        if begin is None or begin.group(1) in INLINE:
            continue
        end = _environment_end(lines, i + 1, begin.group(1))
        text = out[end].text
        closing = text.rfind(r"\end{" + begin.group(1) + "}")
        after = text[closing + len(begin.group(1)) + 6:] if closing >= 0 else ""
        if not after.strip() and end + 1 < len(lines) and out[end + 1].text.lstrip().startswith("}") \
                and not _SHOWN_FONT.search(line.text):
            # closed on the line after its end ("\\end{minipage}" then "}"): joined to the block as a line of
            # closing braces, its group left open in the line before, which printed nothing and was on no page
            # (pandoc could not read the block); a font markdown shows is kept (its page refused, not upright)
            end, text, after = end + 1, out[end + 1].text, out[end + 1].text
        if not after.lstrip().startswith("}"):
            continue
        cut = len(text) - len(after) + after.index("}")
        out[i] = dataclasses.replace(out[i], text=line.text.replace("{", "", 1))
        out[end] = dataclasses.replace(out[end], text=text[:cut] + text[cut + 1:])
    return out


# a declaration whose font markdown shows (italic, bold, typewriter)
_SHOWN_FONT = re.compile(r"\\(?:em|itshape|it|slshape|sl|bfseries|bf|ttfamily|tt)(?![A-Za-z@])")


def _environment_end(lines: list[Line], start: int, env: str) -> int:
    depth = 0
    opening, closing = r"\begin{" + env + "}", r"\end{" + env + "}"
    for j in range(start, len(lines)):
        depth += lines[j].text.count(opening) - lines[j].text.count(closing)
        if depth <= 0:
            return j
    return len(lines) - 1


def _display_end(lines: list[Line], start: int, closing: str) -> int:
    first = lines[start].text.strip()[2:]
    if closing in first:
        return start
    for j in range(start + 1, len(lines)):
        if closing in lines[j].text:
            return j
    return len(lines) - 1


def _balanced_end(lines: list[Line], start: int) -> int:
    depth = 0
    for j in range(start, len(lines)):
        text = lines[j].text.replace(r"\{", "").replace(r"\}", "")
        depth += text.count("{") - text.count("}")
        if depth <= 0:
            return j
    return len(lines) - 1


def _lines(text: str) -> list[str]:
    """``text``'s lines as TeX numbers them (SyncTeX's line numbers): ends are ``\\n``, ``\\r\\n`` or ``\\r``;
    not str.splitlines, which also ends a line at a form feed, U+0085 or U+2028 and shifts every line after."""
    lines = re.split(r"\r\n|\r|\n", text)
    return lines[:-1] if lines and not lines[-1] else lines


def read_source(path: Path) -> str:
    """A source file's text: UTF-8, else Windows-1252 (inputenc's ``ansinew``, a superset of Latin-1's
    printable characters: its 0x85 is an ellipsis, not Latin-1's control character), else Latin-1."""
    data = path.read_bytes()
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


VERBATIM_ENVS = ("verbatim", "Verbatim", "BVerbatim", "LVerbatim", "spverbatim", "lstlisting", "minted", "alltt",
                 "comment")
_VERB = re.compile(r"\\(?:verb\*?|lstinline)([^A-Za-z\s{])(.*?)\1|\\(?:lstinline|mintinline\{[^{}]*\})\{[^{}]*\}", re.S)
_VERBATIM_ENV = re.compile(r"\\begin\{(" + "|".join(VERBATIM_ENVS) + r")\*?\}.*?\\end\{\1\*?\}", re.S)


def outside_verbatim(text: str, rewrite) -> str:
    """``rewrite`` applied to ``text`` but for its verbatim parts (``\\verb|..|``, a listing environment inside
    it), which stay as written."""
    out, at = [], 0
    for found in sorted([*_VERB.finditer(text), *_VERBATIM_ENV.finditer(text)], key=lambda m: m.start()):
        if found.start() < at:
            continue
        out += [rewrite(text[at:found.start()]), found.group(0)]
        at = found.end()
    return "".join(out + [rewrite(text[at:])])


def without_verbatim(text: str) -> str:
    """``text`` without its verbatim parts (what TeX prints as written, no command in them)."""
    return _VERB.sub(" ", _VERBATIM_ENV.sub(" ", text))
