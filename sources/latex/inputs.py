"""Whether and which project file an input command reads, as TeX finds it: ``\\input``/``\\include``'s name
(`resolve`), the folder an ``\\import`` reads from (`Project.base`), the ``\\include`` files ``\\includeonly``
leaves out (`included_only`), the branch of a file test TeX takes (`decide_file_tests`), and whether an input
inside braces is read where it stands (`read_in_place`: not in a definition's body). `sources.latex.blocks`
follows the body's inputs with these.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class Project:
    """Where the body's inputs are looked for: the project ``folder``; ``base``, the folder an ``\\import``
    (import package) read the file from, where its own inputs are looked for first (TeX read
    ``sections/sub.tex`` for ``\\input{sub}`` in ``\\import{sections/}{intro}``'s file, not ``sub.tex``);
    ``only``, the names ``\\includeonly`` lets ``\\include`` read (None: all)."""

    folder: Path
    base: str = ""
    only: frozenset[str] | None = None


def resolve(project: Project, name: str) -> str | None:
    """The project file ``\\input{name}`` reads (``.tex`` added when missing), never one outside the folder.
    The compile searches the project's subfolders too (``TEXINPUTS=.//``): a name not found where it says
    is looked for there, as TeX finds it."""
    if name.startswith("/") or ".." in Path(name).parts or "\\" in name:
        return None  # "\\input{\\tabdir/t}": a macro names it (`sources.latex.read` refuses the source)
    folder = project.folder
    # "./sections/intro" is sections/intro, as SyncTeX names it (its blocks were placed nowhere: the section
    # was lost); name.tex before name, as TeX tries them (with both there, the extension-less file was read
    # where TeX read body.tex)
    names = [posixpath.normpath(name)]
    if project.base:
        names.insert(0, posixpath.normpath(posixpath.join(project.base, name)))
    for each in names:
        for candidate in (each + ".tex", each):
            if not candidate.startswith("../") and (folder / candidate).is_file():
                return candidate
    for candidate in (names[-1] + ".tex", names[-1]):
        found = sorted(path for path in folder.rglob(candidate) if path.is_file())
        if found:
            return found[0].relative_to(folder).as_posix()
    return None


_INCLUDE_ONLY = re.compile(r"\\includeonly\s*\{([^{}]*)\}")


def included_only(preamble: list[str]) -> frozenset[str] | None:
    """The names the preamble's last ``\\includeonly`` lets ``\\include`` read, or None when it has none
    (every ``\\include`` reads its file): TeX reads no other, and its text was in the target."""
    found = _INCLUDE_ONLY.findall("\n".join(preamble))
    if not found:
        return None
    return frozenset(name.strip() for name in found[-1].split(",") if name.strip())


_BRACED = r"\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"
FILE_TEST = re.compile(r"\\(Input)?IfFileExists\s*\{([^{}]*)\}\s*" + _BRACED + r"\s*" + _BRACED)
_FILE_TEST_START = re.compile(r"\\(?:Input)?IfFileExists(?![A-Za-z@])")


def decide_file_tests(project: Project, text: str) -> str:
    """``text`` with each ``\\IfFileExists{name}{yes}{no}`` whose file is in the project replaced by its
    ``yes`` branch, which TeX takes (pandoc printed neither branch, and an ``\\input`` in it was not
    followed), and each ``\\InputIfFileExists``'s by its ``yes`` branch and the file's ``\\input``. One whose
    file is not in the project stays (TeX may find it in its own tree: `sources.latex.read` refuses it)."""
    def decide(found: re.Match) -> str:
        target = resolve(project, found.group(2).strip())
        if target is None:
            return found.group(0)
        return found.group(3) + (f"\\input{{{target}}}" if found.group(1) else "")

    return FILE_TEST.sub(decide, text) if "IfFileExists" in text else text


def file_test_open(text: str) -> bool:
    """Whether ``text`` holds a file test whose three arguments it does not all hold (they go on over the
    next lines: "\\IfFileExists{t.tex}{%" then "\\input{t}%" then "}{}")."""
    return any(FILE_TEST.match(text, found.start()) is None for found in _FILE_TEST_START.finditer(text))


# what stands before a brace TeX does not read in place where it stands: a definition's body (its macro's
# uses read it), a file test's branch (read only when the file is there)
_UNREAD_BRACE = re.compile(
    r"(\\(?:newcommand|renewcommand|providecommand|DeclareRobustCommand)\*?\s*(?:\{\s*\\[A-Za-z@]+\s*\}|\\[A-Za-z@]+)"
    r"\s*(?:\[[^\]]*\]\s*)*"
    r"|\\(?:re)?newenvironment\*?\s*\{[^{}]*\}\s*(?:\[[^\]]*\]\s*)*(?:\{(?:[^{}]|\{[^{}]*\})*\}\s*)?"
    r"|\\[gex]?def\s*\\(?:[A-Za-z@]+|.)[^{}]*"
    r"|\\(?:IfFileExists|InputIfFileExists)\s*\{[^{}]*\}\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}\s*)?)$")
_IF, _FI = re.compile(r"\\if[A-Za-z@]*(?![A-Za-z@])"), re.compile(r"\\fi(?![A-Za-z@])")


def read_in_place(before: str) -> bool:
    """Whether TeX reads an input where it stands after ``before`` (its line's text before it): not inside a
    definition's body or a file test's branch, nor inside an ``\\if...`` its line leaves open ("\\iffalse
    \\input{x} \\fi": the branch is decided on the block's text, `sources.latex.macros.decided`)."""
    if any(_UNREAD_BRACE.search(before[:brace]) for brace in open_braces(before)):
        return False
    return len(_IF.findall(before)) <= len(_FI.findall(before))


def without_closers(text: str, owed: int) -> tuple[str, int]:
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


def open_braces(text: str) -> list[int]:
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

