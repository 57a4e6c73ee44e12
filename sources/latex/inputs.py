"""Whether and which project file an input command reads, as TeX finds it: ``\\input``/``\\include``'s name
(`resolve`), the folder an ``\\import`` reads from (`Project.base`), the ``\\include`` files ``\\includeonly``
leaves out (`included_only`), the branch of a file test TeX takes (`decide_file_tests`), and whether an input
inside braces is read where it stands (`read_in_place`: not in a definition's body); and what TeX reads of
lines a known conditional runs over (`KnownBranches`); the uses of a macro that only inputs a file or names a
folder written out (`expand_input_macros`). `sources.latex.blocks` follows the body's inputs with these.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path


@dataclasses.dataclass
class BodySwitches:
    """The ``\\newif`` switches' values where the body is being read, changed as its settings are read
    (`KnownBranches.read`): a switch set past the preamble (``\\draftfalse`` after ``\\begin{document}``, or set
    twice, before and after a paragraph) decides the conditionals after the setting, not the preamble's value
    (the preamble's was taken for all: "draft two" written under the page's "final two").

    known: name -> value, TeX's ``true`` and ``false`` too; a setting inside a group (an environment,
      ``\\begingroup``) holds to the group's end, where the value before it comes back (unless ``\\global``); a
      switch drops out where it is set inside braces or inside a conditional not decided here, and comes back
      where it is set again outside them.
    followed: the switches whose settings are read here where TeX makes them: none inside braces anywhere in the
      project (a macro's body: ``\\newcommand{\\final}{\\draftfalse}`` sets it where ``\\final`` is used).
    groups: the groups and undecided conditionals open where the body is being read (shared by its files).
    """

    known: dict[str, bool]
    followed: frozenset[str] = frozenset()
    # one per group open, with what opens it (an environment's name, "group", "if"): the values as it opened,
    # put back where it ends (a setting in an environment is local: "\\begin{center}\\draftfalse...\\end{center}"
    # refused every test after it), or None for an undecided conditional (a setting in it may not have been made,
    # so it stays unknown past the \\fi)
    groups: list[tuple[str, dict[str, bool] | None]] = dataclasses.field(default_factory=list)
    braces: int = 0  # apart: a test inside braces (a definition's body, "\\def\\x{\\ifdraft}") opens nothing
    # name -> whether it is surely declared where the body is being read (the preamble's, one declared outside every
    # group and undecided test), or only maybe (inside one): what a \\provideboolean of it does (`PROVIDED`)
    declared: dict[str, bool] = dataclasses.field(default_factory=dict)

    def settle(self, text: str) -> None:
        """Take the settings in ``text`` (what TeX reads of a body line) in order, counting the groups around
        each."""
        for found in _GROUPING.finditer(text):
            provided, declared, begin, end, test, name, value = found.groups()
            command = found.group(0)
            if declared is not None:
                self._declare(declared, provided is not None)
                continue
            if command in ("{", "}"):
                self.braces = max(0, self.braces + (1 if command == "{" else -1))
            elif (begin is not None and begin != "document") or command in ("\\begingroup", "\\bgroup"):
                self.groups.append((begin or "group", dict(self.known)))
            elif test is not None and not self.braces and test not in NOT_CONDITIONALS \
                    and not NOT_READ_BEFORE.search(text[:found.start()]):
                self.groups.append(("if", None))
            elif ((end is not None and end != "document") or command in ("\\endgroup", "\\egroup")
                  or (command == "\\fi" and not self.braces)):
                self._close(end or ("if" if command == "\\fi" else "group"))
            elif name is None:
                continue
            elif name in self.followed and all(opened is not None for _, opened in self.groups) \
                    and not self.braces:
                made = value == "true"
                self.known[name] = made
                if _GLOBAL.search(text[:found.start()]):  # \\global\\draftfalse outlives its groups
                    for _, opened in self.groups:
                        opened[name] = made
            else:  # maybe not taken, or made in a macro's braces: not known from here
                self.known.pop(name, None)
                for _, opened in self.groups if _GLOBAL.search(text[:found.start()]) else ():
                    if opened is not None:
                        opened.pop(name, None)

    def _declare(self, name: str, provided: bool) -> None:
        """Take the declaration of switch ``name`` (``\\newif``, or ``\\provideboolean`` where ``provided``: one
        only where the switch is not declared yet)."""
        surely, outside = self.declared.get(name), not self.groups and not self.braces
        if provided and surely:
            return  # a no-op: taken as a \\newif, it reset a switch set true ("Hidden" under the page's "Shown")
        self.declared[name] = bool(surely) or outside
        if provided and surely is not None:  # declared inside a group or an undecided test: maybe reset, maybe not
            self.known.pop(name, None)
        elif name in self.followed and outside:  # known (false) where it is declared outside every group and
            self.known[name] = False  # undecided test

    def _close(self, what: str) -> None:
        """End the innermost group or conditional opened by ``what``, putting back the values it opened with.
        One not open here (an ``\\end`` in a definition or verbatim text, whose ``\\begin`` was not seen) puts
        nothing back: every followed switch is unknown from here, as a wrong value put back decides tests wrong."""
        at = next((at for at in range(len(self.groups) - 1, -1, -1) if self.groups[at][0] == what), None)
        if at is None:
            for name in self.followed:
                self.known.pop(name, None)
            return
        opened = self.groups[at][1]
        del self.groups[at:]
        if opened is not None:  # mutated in place: `KnownBranches` holds this dict
            self.known.clear()
            self.known.update(opened)


_GLOBAL = re.compile(r"\\global\s*$")


# what `sources.latex.package_switches` writes before the \\newif a \\provideboolean, \\providebool or \\providetoggle
# stands for: it declares the switch only where it is not declared yet (one declared and set true was reset). pandoc
# drops it (no command of its own), and reads the \\newif after it.
PROVIDED = "\\vlbuildprovided"

# what opens or closes a group or a conditional where the body is read, a switch's setting ("\\draftfalse") and
# declaration ("\\newif\\ifdraft" in the body: false from there)
_GROUPING = re.compile(r"(" + re.escape(PROVIDED) + r"\s*)?\\newif\s*\\if([A-Za-z@]+)(?![A-Za-z@])"
                       r"|\\begin\s*\{([^{}]*)\}|\\end\s*\{([^{}]*)\}|\\if([A-Za-z@]+)(?![A-Za-z@])"
                       r"|\\([A-Za-z@]+?)(true|false)(?![A-Za-z@])|\\(?:begingroup|endgroup|bgroup|egroup|fi)"
                       r"(?![A-Za-z@])|\\.|[{}]")


@dataclasses.dataclass(frozen=True)
class Project:
    """Where the body's inputs are looked for: the project ``folder``; ``base``, the folder an ``\\import``
    (import package) read the file from, where its own inputs are looked for first (TeX read
    ``sections/sub.tex`` for ``\\input{sub}`` in ``\\import{sections/}{intro}``'s file, not ``sub.tex``);
    ``only``, the names ``\\includeonly`` lets ``\\include`` read (None: all); ``macros``, the macros an
    input's name is written out with (`input_macros`); ``recorded``, the files the compile read; ``switches``, the
    conditionals whose value is known where the body is being read (`BodySwitches`)."""

    folder: Path
    base: str = ""
    only: frozenset[str] | None = None
    macros: dict[str, tuple[int, str]] = dataclasses.field(default_factory=dict)  # `input_macros`
    recorded: frozenset[str] = frozenset()  # the files the compile read (`sources.latex.compile.Compiled.inputs`)
    switches: BodySwitches = dataclasses.field(default_factory=lambda: BodySwitches({"true": True, "false": False}))


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
        found = sorted(path.relative_to(folder).as_posix() for path in folder.rglob(candidate) if path.is_file())
        if found:
            # the one the compile read: TeX's search of the subfolders goes in the file system's order (with
            # appendix/sub.tex and sections/sub.tex, TeX read the second where the first was followed)
            return next((path for path in found if path in project.recorded), found[0])
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
    """``text`` with each ``\\IfFileExists{name}{yes}{no}`` replaced by the branch TeX takes (pandoc printed
    neither, and an ``\\input`` in it was not followed): ``yes`` where the file is in the project or the compile
    read one of that name from TeX's own tree (``\\IfFileExists{article.cls}``: `Project.recorded`), ``no`` where
    it read none; each ``\\InputIfFileExists``'s by its ``yes`` branch and the file's ``\\input`` (or ``no``).
    One whose answer is not known here stays (no record of the compile's reading; a file outside the project
    to input): `sources.latex.read` refuses it."""
    def decide(found: re.Match) -> str:
        name = found.group(2).strip()
        target = resolve(project, name)
        if target is not None:
            return found.group(3) + (f"\\input{{{target}}}" if found.group(1) else "")
        if not project.recorded or "\\" in name:
            return found.group(0)
        wanted = [posixpath.normpath(each) for each in (name + ".tex", name)]
        there = any(entry == each or entry.endswith("/" + each) for entry in project.recorded for each in wanted)
        if there and found.group(1):
            return found.group(0)  # TeX read a file from outside the project: its text is not known here
        return found.group(3) if there else found.group(4)

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


def groups_ended(text: str, owed: int) -> tuple[str, int]:
    """``text`` with its first ``owed`` closing braces that close no brace opened in it written as ``\\endgroup``
    (the group they close opened as ``\\begingroup``), and how many of ``owed`` are left."""
    depth, out, i = 0, [], 0
    while i < len(text):
        if text[i] == "\\":
            out.append(text[i:i + 2])
            i += 2
            continue
        if text[i] == "}" and depth == 0 and owed:
            owed -= 1
            out.append("\\endgroup ")
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


def still_open(text: str) -> str:
    """``text`` less the groups it closes (``\\{`` is a character): what of it still holds at its end, a
    declaration made in a group closed since gone ("a {\\bf b} {\\it c" gives "a  {\\it c")."""
    kept, opened, i = [], [], 0  # kept pieces; where each open group's pieces start
    while i < len(text):
        if text[i] == "\\":
            kept.append(text[i:i + 2])
            i += 2
            continue
        if text[i] == "{":
            opened.append(len(kept))
        elif text[i] == "}" and opened:
            del kept[opened.pop():]
            i += 1
            continue
        kept.append(text[i])
        i += 1
    return "".join(kept)


# a control sequence: a control word (its name, group 1) or a control symbol
CONTROL = re.compile(r"\\(?:([A-Za-z@]+)|.)", re.S)
# tests packages make of macros (ifthen, etoolbox): no conditionals, so TeX skipping a false branch does not
# count them
NOT_CONDITIONALS = frozenset((
    "ifthenelse", "iftoggle", "ifbool", "ifboolexpr", "ifboolexpe", "ifdef", "ifundef", "ifcsdef", "ifcsundef",
    "ifdefmacro", "ifdefempty", "ifdefvoid", "ifcsvoid", "ifdefstring", "ifstrequal", "ifstrempty", "ifblank",
    "ifnumcomp", "ifnumequal", "ifdimcomp", "ifdimequal"))


def _branch_end(text: str, depth: int, at_else: bool) -> tuple[int, re.Match | None]:
    """Read ``text`` inside a branch ``depth`` conditionals deep: the depth left at its end and None, or the
    depth after the ``\\fi`` (``at_else``: or ``\\else``) that ends the branch and that command."""
    for found in CONTROL.finditer(text):
        name = found.group(1)
        if name is None:
            continue
        if name.startswith("if") and name not in NOT_CONDITIONALS:
            depth += 1
        elif name == "fi":
            depth -= 1
            if depth == 0:
                return 0, found
        elif name == "else" and depth == 1 and at_else:
            return 1, found
    return depth, None


_KNOWN_IF = re.compile(r"\\if([A-Za-z@]+)(?![A-Za-z@])")
# what stands before a conditional that TeX does not read as one there: "\\let\\hide\\iffalse", "\\newif\\ifdraft",
# "\\verb|\\iffalse|"; \\newif takes one name: a test right after it is read ("\\newif\\ifwide\\ifwide", as a
# \\providebool{wide}\\ifbool{wide} is written: left to pandoc, whose \\newif reset the switch set true)
NOT_READ_BEFORE = re.compile(r"\\newif\s*$|\\(?:let|[gex]?def)\s*(?:\\[A-Za-z@]+\s*=?\s*)?$"
                              r"|\\(?:verb\*?|lstinline)([^A-Za-z\s*{])(?:(?!\1).)*$")


class KnownBranches:
    """The branches TeX takes of the conditionals whose value is known here (``\\iffalse``, ``\\iftrue``, a
    ``\\newif`` switch only the preamble sets: `switches`) in a file, read a line at a time (`read`): one over
    several lines was cut by the blank lines in it into blocks `sources.latex.macros.decided` could not decide
    ("\\input{old}" inside an \\iffalse was read and printed, and a hidden paragraph of its own; both branches of
    "\\ifarxiv ... \\else ... \\fi" were printed)."""

    def __init__(self, switches: BodySwitches) -> None:
        self.switches = switches  # shared by the body's files: a setting in one holds in the next
        self.known = switches.known
        self.skipping = 0  # the conditionals open in the branch being skipped
        self.reading = 0  # the conditionals open in the branch being read (its \\fi goes)
        self.else_reads = False  # skipping a true test's branch: an \\else at its depth starts the one read
        self.else_skips = False  # reading a true test's branch: an \\else at its depth starts the one skipped

    def read(self, line: str, after: Callable[[], Iterable[str]]) -> str | None:
        """What TeX reads of ``line`` (without its comment), None where it skips all (a blank line inside a
        skipped branch ends no paragraph); ``after``: the file's lines after it, read the same way. A
        conditional inside braces (``\\def\\hide{\\iffalse}``), after ``\\let\\x`` or in ``\\verb``, or whose
        ``\\fi`` is not in the file, is left as it is."""
        out, text, skipped = [], line, bool(self.skipping)
        while text:
            if self.skipping:
                depth, end = _branch_end(text, self.skipping, at_else=self.else_reads)
                if end is None:
                    self.skipping = depth
                    break
                # after its \\fi all is read; after its \\else, the \\else branch, to its \\fi
                text, self.skipping, self.reading, self.else_skips = text[end.end():], 0, depth, False
                continue
            if self.reading:
                depth, end = _branch_end(text, self.reading, at_else=self.else_skips)
                out.append(text if end is None else text[:end.start()])
                self.switches.settle(out[-1])
                if end is None:
                    self.reading = depth
                    break
                text, skipped, self.reading = text[end.end():], True, 0
                if end.group(1) == "else":  # the false branch after it is skipped, to its \\fi
                    self.skipping, self.else_reads = 1, False
                continue
            found = next((found for found in _KNOWN_IF.finditer(text) if found.group(1) in self.known
                          and not open_braces(text[:found.start()])
                          and not NOT_READ_BEFORE.search(text[:found.start()])), None)
            before = text if found is None else text[:found.start()]
            self.switches.settle(before)  # a setting before the test on its line decides it
            if found is None or found.group(1) not in self.known or not _closes(text[found.end():], after):
                self.switches.settle(text[len(before):])
                out.append(text)
                break
            out.append(before)
            text, skipped = text[found.end():], True
            if self.known[found.group(1)]:
                self.reading, self.else_skips = 1, True
            else:
                self.skipping, self.else_reads = 1, True
        read = "".join(out)
        return None if skipped and not read.strip() else read


_NEWIF = re.compile(r"\\newif\s*\\if([A-Za-z@]+)")


_AT_BEGIN = re.compile(r"\\AtBeginDocument\s*$")


def _at_begin(text: str, opened: list[int]) -> bool:
    """Whether the braces ``opened`` in ``text`` (`open_braces`) are \\AtBeginDocument's argument alone: what it
    holds TeX runs at \\begin{document}, as though written there, not inside a group."""
    return len(opened) == 1 and _AT_BEGIN.search(text, 0, opened[0]) is not None


def _in_group(text: str, at: int) -> bool:
    """Whether ``at`` in ``text`` stands inside braces (a macro's body), \\AtBeginDocument's argument aside."""
    opened = open_braces(text[:at])
    return bool(opened) and not _at_begin(text, opened)


def switches(preamble: list[str]) -> dict[str, bool]:
    """The ``\\newif`` switches the preamble declares and how it leaves them (``\\drafttrue``; one in
    \\AtBeginDocument's argument after all others: TeX runs it last), and TeX's ``\\iftrue``/``\\iffalse``."""
    text = "\n".join(preamble)
    found = {"true": True, "false": False}
    for name in _NEWIF.findall(text):
        settings = sorted(((_at_begin(text, open_braces(text[:at.start()])), at.start(), at.group(1))
                           for at in re.finditer(r"\\" + re.escape(name) + r"(true|false)(?![A-Za-z@])", text)))
        # a \\newif again sets it false ("\\newif\\ifshown\\showntrue\\newif\\ifshown" printed the false branch, the
        # target the true one); a \\provideboolean after the first does nothing (`PROVIDED`)
        declared = [(_at_begin(text, open_braces(text[:at.start()])), at.start()) for at in re.finditer(
            r"(?<!" + re.escape(PROVIDED) + r")\\newif\s*\\if" + re.escape(name) + r"(?![A-Za-z@])", text)]
        settings = [setting for setting in settings if not declared or setting[:2] > max(declared)]
        found[name] = bool(settings) and settings[-1][2] == "true"
    return found


def body_switches(preamble: list[str], texts: Iterable[str]) -> BodySwitches:
    """The switches `switches` finds, as the body starts, each followed through the body where none of its
    settings in the project's sources ``texts`` stands inside braces (a macro's body: where TeX sets it is where
    the macro is used) and it is given no other meaning (``\\let\\ifdraft\\iftrue``)."""
    found, texts = switches(preamble), [_COMMENT.sub("", text) for text in texts]

    def followed(name: str) -> bool:
        setting = re.compile(r"\\" + re.escape(name) + r"(?:true|false)(?![A-Za-z@])")
        return not any(_in_group(text, at.start()) for text in texts for at in setting.finditer(text)) and \
            not any(re.search(r"\\(?:let|[gex]?def)\s*\\if" + re.escape(name) + r"(?![A-Za-z@])", text)
                    for text in texts)

    names = frozenset(name for name in found if name not in ("true", "false") and followed(name)
                      and not _provided_after_others(name, preamble, texts))
    # a switch the body declares (the preamble does not): known from its \\newif, where that stands outside braces
    declared = {name for text in texts for name in _NEWIF.findall(text)} - set(found)
    declared = frozenset(name for name in declared if followed(name) and not any(
        open_braces(text[:at.start()]) for text in texts
        for at in re.finditer(r"\\newif\s*\\if" + re.escape(name) + r"(?![A-Za-z@])", text)))
    return BodySwitches({name: value for name, value in found.items() if name in names or name in ("true", "false")},
                        names | declared, declared=dict.fromkeys(set(found) - {"true", "false"}, True))


def preamble_switches(preamble: list[str], texts: Iterable[str]) -> dict[str, bool]:
    """`switches` without those the project's sources ``texts`` set past the preamble (a ``\\drafttrue`` in the
    body), set inside braces (a macro's body: ``\\newcommand{\\final}{\\draftfalse}``) or give another meaning
    (``\\let\\ifdraft\\iftrue``): what the switch is where it is tested is not known here."""
    found, whole = switches(preamble), "\n".join(texts)

    def settled(name: str) -> bool:
        setting = re.compile(r"\\" + re.escape(name) + r"(?:true|false)(?![A-Za-z@])")
        in_head = [(line, found.start()) for line in preamble for found in setting.finditer(line)]
        return (len(setting.findall(whole)) == len(in_head) and not any(_in_group(line, at) for line, at in in_head)
                and not _provided_after_others(name, preamble, [whole])
                and not re.search(r"\\(?:let|[gex]?def)\s*\\if" + re.escape(name) + r"(?![A-Za-z@])", whole))

    return {name: value for name, value in found.items() if name in ("true", "false") or settled(name)}


def _provided_after_others(name: str, preamble: list[str], texts: list[str]) -> bool:
    """Whether the preamble declares switch ``name`` only by \\provideboolean (`PROVIDED`) and the project's
    sources ``texts`` declare it elsewhere too: a local package's \\newboolean and \\setboolean before it made
    the \\provideboolean nothing ("Hidden" was written under the page's "Shown"), what the switch is where the
    body starts is not known here."""
    declaration = re.compile(r"(" + re.escape(PROVIDED) + r"\s*)?\\newif\s*\\if" + re.escape(name) + r"(?![A-Za-z@])")
    own = [found for line in preamble for found in declaration.finditer(line)]
    return all(found.group(1) for found in own) and sum(len(declaration.findall(text)) for text in texts) > len(own)


def _closes(rest: str, after: Callable[[], Iterable[str]]) -> bool:
    """Whether a conditional opened just before ``rest`` ends there or in the lines ``after`` it."""
    depth, end = _branch_end(rest, 1, at_else=False)
    for each in after() if end is None else ():
        depth, end = _branch_end(each, depth, at_else=False)
        if end is not None:
            break
    return end is not None


_BODY = r"\{((?:[^{}]|\{[^{}]*\})*)\}"
_MACRO_DEFINITION = re.compile(
    r"\\(?:newcommand|renewcommand|providecommand|DeclareRobustCommand)\*?\s*"
    r"(?:\{\s*\\([A-Za-z@]+)\s*\}|\\([A-Za-z@]+))\s*(?:\[(\d)\])?\s*" + _BODY
    + r"|\\[gex]?def\s*\\([A-Za-z@]+)((?:#\d)*)\s*" + _BODY)
# a body that is one input command, its names only the macro's arguments and plain path text
_INPUT_BODY = re.compile(r"\\(?:input|include|subfile)\s*\{[\w./#-]*\}"
                         r"|\\(?:sub)?import\*?\s*\{[\w./#-]*\}\s*\{[\w./#-]*\}")
_PATH_BODY = re.compile(r"[\w./-]+")
_COMMENT = re.compile(r"(?<!\\)%.*$", re.M)


def input_macros(texts: Iterable[str]) -> dict[str, tuple[int, str]]:
    """The macros an input's name may be expanded with, from the project's sources ``texts``: name -> (how many
    arguments, body), for a macro whose body holds an input command (``\\newcommand{\\sec}[1]{\\input{sections/#1}}``,
    ``\\newcommand{\\tab}{\\begin{center}\\input{t}\\end{center}}``: the whole source was refused) or is a path
    (``\\newcommand{\\tabdir}{tables}``), defined once in the whole project (one defined twice, or
    also by ``\\let``, may mean either where it is used: its uses are refused, `sources.latex.read`)."""
    texts = [_COMMENT.sub("", text) for text in texts]
    found: dict[str, tuple[int, str]] = {}
    for text in texts:
        for match in _MACRO_DEFINITION.finditer(text):
            name = match.group(1) or match.group(2) or match.group(5)
            count = int(match.group(3) or 0) if match.group(5) is None else len(match.group(6)) // 2
            # over several lines: one line where it is used (TeX reads each line's end as a space at most)
            body = re.sub(r"\s*\n\s*", " ", (match.group(4) if match.group(5) is None else match.group(7)).strip())
            if _INPUT_BODY.search(body) or (count == 0 and _PATH_BODY.fullmatch(body)):
                found[name] = (count, body)
    whole = "\n".join(texts)
    return {name: made for name, made in found.items() if _defines(whole, name) == 1}


def _defines(text: str, name: str) -> int:
    """How many times ``text`` defines the macro ``name`` (``\\let`` too)."""
    return len(re.findall(r"\\(?:newcommand|renewcommand|providecommand|DeclareRobustCommand|[gex]?def|let)\*?\s*"
                          r"\{?\s*\\" + re.escape(name) + r"(?![A-Za-z@])", text))


_NAMED_INPUT = re.compile(r"(\\(?:input|include|subfile|(?:sub)?import\*?\s*\{[^{}]*\}\s*)\s*\{)((?:[^{}]|\{\})*)\}")


def expand_input_macros(macros: dict[str, tuple[int, str]], line: str) -> str:
    """``line`` with each use of a macro `input_macros` found written out as TeX expands it: an input macro's
    ``\\sec{intro}`` as ``\\input{sections/intro}``, a path macro inside an input's name (``\\input{\\tabdir/t}``)
    as its text; so the file is followed where TeX reads it (before, the source was refused as
    ``error:latex:macro_input``)."""
    if not macros or "\\" not in line:
        return line
    for name, (count, body) in macros.items():
        if (count or _PATH_BODY.fullmatch(body) is None) and not _defines(line, name):
            use = re.compile(re.escape("\\" + name) + r"(?![A-Za-z@])" + r"\s*\{([^{}]*)\}" * count)
            line = use.sub(lambda found, body=body: _ARGUMENT.sub(lambda k: _argument(found, k), body), line)
    paths = {name: body for name, (count, body) in macros.items() if not count and _PATH_BODY.fullmatch(body)}
    if paths:
        use = re.compile(r"\\(" + "|".join(re.escape(name) for name in paths) + r")(?![A-Za-z@])(?:\s*\{\})?")
        line = _NAMED_INPUT.sub(lambda found: found.group(1) + use.sub(lambda m: paths[m.group(1)], found.group(2))
                                + "}", line)
    return line


_ARGUMENT = re.compile(r"#(\d)")


def _argument(use: re.Match, parameter: re.Match) -> str:
    """What a macro's use gives its body's ``#k`` (``parameter``): its k-th braced argument."""
    k = int(parameter.group(1))
    return use.group(k) if 0 < k <= (use.re.groups or 0) else parameter.group(0)
