"""A LaTeX document's body cut into blocks, each with the file and line range it came from.

The body (``\\begin{document}`` to ``\\end{document}``) is read line by line, ``\\input``/``\\include``
followed into their files (``\\subfile``: into its body; a line that is only the command; one inside a group
or an argument too, not one in a definition's body: `_follow_inputs`) and
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
# \\input{name}, \\include{name}, \\subfile{name} and TeX's own \\input name (the name ends at a space), wherever
# they stand on a line: one followed only when alone on its line lost "We describe the rig first. \\input{rig}"'s
# file, and both of "\\input{a}\\input{b}"
_INPUT = re.compile(r"\\(input|include|subfile)\s*\{([^{}]+)\}|\\(input)(?![A-Za-z@])\s+([^\s{}\\%]+)")
# what stands before a brace TeX does not read in place where it stands: a definition's body (its macro's
# uses read it), a file test's branch (read only when the file is there)
_UNREAD_BRACE = re.compile(
    r"(\\(?:newcommand|renewcommand|providecommand|DeclareRobustCommand)\*?\s*(?:\{\s*\\[A-Za-z@]+\s*\}|\\[A-Za-z@]+)"
    r"\s*(?:\[[^\]]*\]\s*)*"
    r"|\\(?:re)?newenvironment\*?\s*\{[^{}]*\}\s*(?:\[[^\]]*\]\s*)*(?:\{(?:[^{}]|\{[^{}]*\})*\}\s*)?"
    r"|\\[gex]?def\s*\\(?:[A-Za-z@]+|.)[^{}]*"
    r"|\\(?:IfFileExists|InputIfFileExists)\s*\{[^{}]*\}\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}\s*)?)$")
_IF, _FI = re.compile(r"\\if[A-Za-z@]*(?![A-Za-z@])"), re.compile(r"\\fi(?![A-Za-z@])")
# TeX stops reading a file at the end of the line that holds \\endinput
_ENDINPUT = re.compile(r"\\endinput(?![A-Za-z@])")
_BIBLIOGRAPHY = re.compile(r"^\\bibliography\s*\{[^}]*\}\s*$")
# what a comment's % cannot start inside: \\verb|..|, and \\url{..}/\\href{..} (read verbatim: a%20b)
_VERBATIM = re.compile(r"\\verb\*?([^A-Za-z\s*])(.*?)\1|\\(?:url|href|path)\s*\{(?:[^{}]|\{[^{}]*\})*\}")
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


def body_lines(folder: Path, main: str) -> tuple[list[str], list[Line]]:
    """The preamble's lines (comments dropped) and the body's lines, inputs followed."""
    raw = _lines(read_source(folder / main))
    text = [uncommented(line) for line in raw]
    begin = next((i for i, line in enumerate(text) if _BEGIN_DOCUMENT in line), None)
    if begin is None:
        return text, []
    before, _, after = text[begin].partition(_BEGIN_DOCUMENT)
    lines: list[Line] = []
    _follow(folder, main, [""] * begin + [after] + raw[begin + 1:], begin, lines, 0)
    return text[:begin] + [before], lines


# environments whose lines TeX reads verbatim: a "%" there is the listing's text, no comment (printf("%d"),
# a MATLAB comment line "% remainder"; cut there, the listing lost its ends and such lines)
_VERBATIM_BEGIN = re.compile(r"\\begin\{(verbatim\*?|Verbatim\*?|BVerbatim|LVerbatim|lstlisting|minted|spverbatim)\}")


def _follow(folder: Path, path: str, text: list[str], start: int, out: list[Line], depth: int) -> None:
    verbatim = None  # the verbatim environment the lines are in
    for index in range(start, len(text)):
        if verbatim is not None:
            out.append(Line(path, index + 1, text[index].rstrip()))
            if f"\\end{{{verbatim}}}" in text[index]:
                verbatim = None
            continue
        if text[index].lstrip().startswith("%"):
            continue  # a comment's line: not a blank line (its % takes the line's end with it)
        line = uncommented(text[index])
        glued = (len(line) < len(text[index].rstrip("\r\n")) and line.strip() != "" and not line[-1].isspace()
                 and _CONTROL_WORD_END.search(line) is None)
        line = line.rstrip()
        opened = _VERBATIM_BEGIN.search(line)
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
        line = _file_tests_decided(folder, line)
        stripped = line.strip()
        if depth < MAX_DEPTH and _follow_inputs(folder, path, index + 1, line, glued, out, depth):
            if ended:
                return
            continue
        if ended:
            if stripped:
                out.append(Line(path, index + 1, line, glued))
            return
        if _BIBLIOGRAPHY.match(stripped):
            bbl = Path(path).with_suffix(".bbl").name if depth == 0 else None
            if bbl and (folder / bbl).is_file():
                for number, bbl_line in enumerate(_lines(read_source(folder / bbl)), start=1):
                    out.append(Line(bbl, number, uncommented(bbl_line).rstrip()))
                continue
        out.append(Line(path, index + 1, line, glued))


def _follow_inputs(folder: Path, path: str, number: int, line: str, glued: bool, out: list[Line], depth: int) -> bool:
    """Follow the files ``line`` inputs, each in its place between the line's text before and after it;
    False (nothing added) when it inputs none that is read here. One inside a group or an argument TeX sets
    in place (``{\\small \\input{table}}``, ``\\resizebox{..}{!}{\\input{tab}}``) is read there; one inside a
    definition's body (read where the macro is used: `sources.latex.read` refuses those pages) or a file
    test's branch (``\\IfFileExists``) is not followed: whether TeX reads it there is not known here."""
    followed, at, owed = False, 0, 0  # owed: closing braces still to drop (a group closed before its file)
    for found in _INPUT.finditer(line):
        before_it = line[:found.start()]
        if any(_UNREAD_BRACE.search(before_it[:brace]) for brace in _open_braces(before_it)):
            continue
        if len(_IF.findall(before_it)) > len(_FI.findall(before_it)):
            continue  # "\\iffalse \\input{x} \\fi": the branch is decided on the block's text (`macros.decided`)
        command = found.group(1) or found.group(3)
        target = _resolve(folder, (found.group(2) or found.group(4)).strip())
        if target is None:
            continue
        before, owed = _without_closers(line[at:found.start()], owed)
        text_in = _lines(read_source(folder / target))
        begin = next((i for i, t in enumerate(text_in) if _BEGIN_DOCUMENT in t), None)
        inner: list[Line] = []
        if command == "subfile" and begin is not None:  # a document of its own: its body
            after = text_in[begin].partition(_BEGIN_DOCUMENT)[2]
            _follow(folder, target, [""] * begin + [after] + text_in[begin + 1:], begin, inner, depth + 1)
        else:
            _follow(folder, target, text_in, 0, inner, depth + 1)
        opened = len(_open_braces(before_it))
        if opened > 0 and any(not each.text.strip() or _starts_block(each.text) for each in inner):
            # the file's paragraphs or blocks (a table float) would each hold a piece of the group open around
            # them ("{\\small" alone, "}" with the next paragraph: pandoc lost them or printed the brace): the
            # group closes before the file and its closing braces after it go, the file's text read as set
            before, owed = before + "}" * opened, owed + opened
        if before.strip():
            out.append(Line(path, number, before.rstrip() if not followed else before))
        out.extend(inner)
        followed, at = True, found.end()
    rest = _without_closers(line[at:], owed)[0]
    if followed and rest.strip():
        out.append(Line(path, number, rest, glued))
    return followed


_BRACED = r"\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"
_FILE_TEST = re.compile(r"\\IfFileExists\s*\{([^{}]*)\}\s*" + _BRACED + r"\s*" + _BRACED)


def _file_tests_decided(folder: Path, line: str) -> str:
    """``line`` with each ``\\IfFileExists{name}{yes}{no}`` whose file is in the project replaced by its
    ``yes`` branch, which TeX takes (pandoc printed neither branch, and an ``\\input`` in it was not
    followed). One whose file is not in the project stays: TeX may find it in its own tree."""
    def decide(found: re.Match) -> str:
        name = found.group(1).strip()
        return found.group(0) if _resolve(folder, name) is None else found.group(2)

    return _FILE_TEST.sub(decide, line) if "\\IfFileExists" in line else line


def _without_closers(text: str, owed: int) -> tuple[str, int]:
    """``text`` without its first ``owed`` closing braces that close no brace opened in it, and how many
    of ``owed`` are left."""
    depth, out, i = 0, [], 0
    while i < len(text):
        if text[i] == "\\":
            out.append(text[i:i + 2])
            i += 2
            continue
        if text[i] == "}" and depth == 0 and owed:
            owed -= 1
        else:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            out.append(text[i])
        i += 1
    return "".join(out), owed


def _open_braces(text: str) -> list[int]:
    """Where the braces ``text`` leaves open stand (``\\{`` is a character), outermost first."""
    found, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "{":
            found.append(i)
        elif text[i] == "}" and found:
            found.pop()
        i += 1
    return found


def uncommented(line: str) -> str:
    """``line`` without its comment: from the first ``%`` that is not ``\\%`` and not inside ``\\verb``
    or a URL (cutting ``\\url{a%20b}`` there left a brace open, and pandoc failed on the whole paper)."""
    i = 0
    while i < len(line):
        if line[i] == "\\":
            verbatim = _VERBATIM.match(line, i)
            i = verbatim.end() if verbatim else i + 2
            continue
        if line[i] == "%":
            return line[:i]
        i += 1
    return line


def _resolve(folder: Path, name: str) -> str | None:
    """The project file ``\\input{name}`` reads (``.tex`` added when missing), never one outside the folder.
    The compile searches the project's subfolders too (``TEXINPUTS=.//``): a name not found where it says
    is looked for there, as TeX finds it."""
    if name.startswith("/") or ".." in Path(name).parts:
        return None
    name = posixpath.normpath(name)  # "./sections/intro" is sections/intro, as SyncTeX names it (its blocks
    # were placed nowhere: the section was lost); name.tex before name, as TeX tries them (with both there,
    # the extension-less file was read where TeX read body.tex)
    for candidate in (name + ".tex", name):
        if (folder / candidate).is_file():
            return candidate
    for candidate in (name + ".tex", name):
        found = sorted(path for path in folder.rglob(candidate) if path.is_file())
        if found:
            return found[0].relative_to(folder).as_posix()
    return None


def split_blocks(lines: list[Line]) -> list[Block]:
    """The body's lines as blocks, in source order."""
    lines = [line for found in _full_width(lines) for line in _uncontained(found)]
    blocks: list[Block] = []
    paragraph: list[Line] = []
    held: list[Block] = []  # floats set inside the paragraph's text, after it

    def flush() -> None:
        if any(line.text.strip() for line in paragraph):
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
