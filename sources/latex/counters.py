"""An author's own counters (``\\newcounter{step}``) counted as TeX counts them, so ``\\arabic{step}``,
``\\roman{step}``, ``\\alph{step}`` and ``\\thestep`` are written as the page prints them: pandoc wrote nothing
for them ("Step 2 and step ,"), and ``\\setcounter`` and ``\\addtocounter`` step nothing the compile records
(`sources.latex.numbering`), so a ``\\thestep`` after one was written with the value before it.

A counter is counted here only where its value follows from the text in order: declared by ``\\newcounter``
with no counter that resets it (``\\newcounter{x}[section]``), its ``\\thex`` LaTeX's own, and its name used by
nothing but ``\\newcounter``, ``\\stepcounter``, ``\\refstepcounter``, ``\\setcounter`` and ``\\addtocounter``
(a whole number each) and the printing commands, none inside a definition (a macro steps it where it is used,
a theorem shares it). Any other counter a printing command names is left as written, and `unprinted_counter`
names it so its page is refused.
"""

from __future__ import annotations

import bisect
import re
from typing import Sequence

from sources.latex.blocks import INLINE_VERBATIM, VERBATIM_BEGIN
from sources.latex.captions import braced
from sources.latex.inputs import CONTROL, NOT_CONDITIONALS, NOT_READ_BEFORE, still_open
from sources.latex.macros import definition_spans

FORMS = ("arabic", "roman", "Roman", "alph", "Alph")  # the forms a counter is printed in
# a command on a counter (group 2); \\setcounter's and \\addtocounter's whole number (group 3, None if not one)
_COMMAND = re.compile(r"\\(setcounter|addtocounter)\s*\{\s*([A-Za-z@]+)\s*\}(?:\s*\{\s*([-+]?\d+)\s*\})?"
                      r"|\\(newcounter|stepcounter|refstepcounter|" + "|".join(FORMS) + r")\s*\{\s*([A-Za-z@]+)\s*\}")
# a counter printed; \\thepage too: the page counter TeX has when it reads the text (the page before, for a paragraph
# that begins the next) is in no record here, and pandoc wrote nothing for it ("See page ." for "See page 2."); a
# \\thefootnote `sources.latex.notes.footnotes` left (a \\thanks')
_PRINTING = re.compile(r"\\(?:" + "|".join(FORMS) + r"|fnsymbol)\s*\{\s*([A-Za-z@]+)\s*\}"
                       r"|\\the(?:page|footnote)(?![A-Za-z@])")
# what sets a running head or foot (fancyhdr's, LaTeX's marks): its text is printed there, never in the body, and
# pandoc writes nothing for it, so a \\thepage in it ("\\fancyfoot[C]{\\thepage}") is no number the target lacks
_PAGE_STYLE = re.compile(r"\\(?:fancy(?:head|foot|hf)|[lcr](?:head|foot)|fancypagestyle\s*\{[^{}]*\}|markboth"
                         r"|markright)(?![A-Za-z@])\s*(?:\[[^\]]*\]\s*)*")


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def printed(form: str, value: int) -> str | None:
    """``value`` as ``\\<form>`` prints it, or None where LaTeX prints nothing or stops (``\\alph`` of 27)."""
    if form == "arabic":
        return str(value)
    if form in ("roman", "Roman"):
        return (_roman(value) if form == "roman" else _roman(value).upper()) if value > 0 else None
    if 1 <= value <= 26:
        return chr((ord("a") if form == "alph" else ord("A")) + value - 1)
    return None


_SETTING = ("setcounter", "addtocounter")


def _outside(spans: list[tuple[int, int]], at: int) -> bool:
    return not any(a <= at < b for a, b in spans)


def _parts(found: re.Match) -> tuple[str, str, str | None]:
    """A `_COMMAND` match's command, counter and number."""
    if found.group(1):
        return found.group(1), found.group(2), found.group(3)
    return found.group(4), found.group(5), None


# the counter's register or printing macro by name: "\\advance\\c@step", "\\@namedef{thestep}", "\\csname thestep"
_NAMED = r"(?:c@|(?<![\\A-Za-z@])the)"
# a loop: the steps in its body are taken as many times as it goes round
_LOOP = re.compile(r"\\(?:foreach|multido|loop|whiledo|forloop|@for|@whilenum|@whilesw|pgfplotsforeachungrouped"
                   r"|xintFor|foreachitem|forcsvlist|docsvlist|tikzmath)(?![A-Za-z@])")


def _by_name(latex: str, name: str) -> bool:
    """Whether ``latex`` reaches ``name``'s register or ``\\the`` macro by name (a macro that advances
    ``\\c@step``, ``\\@namedef{thestep}``): a value or form the commands counted here do not show."""
    return re.search(_NAMED + re.escape(name) + r"(?![A-Za-z@])", latex) is not None


def _looped(latex: str, at: int) -> bool:
    """Whether a loop stands open before ``at`` in its paragraph of ``latex`` (``\\foreach \\i in {1,2}{...``)."""
    return _LOOP.search(still_open(latex[latex.rfind("\n\n", 0, at) + 1:at])) is not None


def _tested(latex: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of ``latex`` (start, end) inside a conditional left in it, outside the definitions ``spans``:
    the known ones were cut to the branch TeX takes as the lines were read (`sources.latex.inputs.KnownBranches`),
    so one left here is undecided (``\\ifdraft`` set by a macro, ``\\ifx``): a step in it may not have been made."""
    found, depth, start = [], 0, 0
    for control in CONTROL.finditer(latex):
        name = control.group(1)
        if not name or not _outside(spans, control.start()):
            continue
        if name.startswith("if") and name not in NOT_CONDITIONALS \
                and not NOT_READ_BEFORE.search(latex[max(0, control.start() - 80):control.start()]):
            depth, start = depth + 1, control.start() if depth == 0 else start
        elif name == "fi" and depth:
            depth -= 1
            if depth == 0:
                found.append((start, control.end()))
    return found + [(start, len(latex))] * (depth > 0)


# a test a package makes of macros (ifthen's \\ifthenelse, etoolbox's \\iftoggle): `NOT_CONDITIONALS`
_MACRO_TEST = re.compile(r"\\(?:" + "|".join(sorted(NOT_CONDITIONALS)) + r")(?![A-Za-z@])")


def _macro_tested(latex: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of ``latex`` (start, end) a macro's test takes as its arguments (``\\ifthenelse{test}{yes}{no}``,
    ``\\ifdef\\name{yes}{no}``), outside the definitions ``spans``: which branch TeX takes is not known here, so a
    step in one may not have been made (`_tested`'s undecided conditionals)."""
    found = []
    for test in _MACRO_TEST.finditer(latex):
        if not _outside(spans, test.start()):
            continue
        end = test.end()
        name = re.match(r"\s*\\[A-Za-z@]+", latex[end:])  # a first argument unbraced: \\ifdef\\name{yes}{no}
        end += name.end() if name else 0
        while (group := braced(latex, end))[0] is not None:
            end = group[1]
        found.append((test.start(), end))
    return found


class Counters:
    """The counters of a document counted here (`names`) and their values so far; `resolve` is given the
    blocks in source order, each once."""

    def __init__(self, latex: str, lines: Sequence = (), preamble: str = ""):
        """``latex``: the preamble and body, joined; ``lines``: the body's lines (`sources.latex.blocks.Line`) in
        order, counted through once for the values each starts with (`enter`); ``preamble``: the preamble, whose
        steps and settings (``\\setcounter{step}{5}``) give the values the body starts with."""
        spans = definition_spans(latex)
        commands = [(found, *_parts(found)) for found in _COMMAND.finditer(latex)]
        declared = {name for found, command, name, _ in commands if command == "newcounter"
                    and _outside(spans, found.start()) and not re.match(r"\s*\[", latex[found.end():])}
        names = set()
        looping = _LOOP.search(latex) is not None  # most documents have none: no paragraph read for one
        # a step in an undecided test was counted as made ("\\ifdraft\\else\\stepcounter{step}\\fi" under a
        # \\drafttrue a macro makes: "2" for the page's "1"): that counter is left to the record, or refused
        tested = _tested(latex, spans) + _macro_tested(latex, spans) if "\\if" in latex else []
        for name in declared:
            uses = [(found, command, number) for found, command, named, number in commands if named == name]
            every = len(re.findall(r"[\[{]\s*" + re.escape(name) + r"\s*[\]}]", latex))
            the = r"\\the" + re.escape(name) + r"(?![A-Za-z@])"
            if (every == len(uses) and all(_outside(spans, found.start()) for found, _, _ in uses)
                    and all(number is not None for _, command, number in uses if command in _SETTING)
                    and not re.search(r"\\(?:(?:re|provide|new)command\*?\s*\{?\s*|[gex]?def\s*|let\s*)" + the,
                                      latex)
                    and not _by_name(latex, name)
                    and all(_outside(tested, found.start()) for found, command, _ in uses if command not in FORMS)
                    and not (looping and any(_looped(latex, found.start()) for found, _, _ in uses))):
                names.add(name)
        self.names = frozenset(names)
        self.values = dict.fromkeys(self.names, 0)
        the = "|".join(map(re.escape, sorted(self.names)))
        the = r"|\\the(" + the + r")(?![A-Za-z@])[ \t]*(?:\n[ \t]*)?" if names else ""
        self._pattern = re.compile(_COMMAND.pattern + the)
        self.resolve(preamble)  # the values at \\begin{document} (a \\setcounter there was not taken: "1" for 6)
        self._first = dict(self.values)
        # the values as each line starts: a step on a line no page's block holds (a "\\stepcounter{step}" paragraph
        # of its own typesets nothing, SyncTeX places it nowhere) is counted all the same
        # a file \\input twice has its lines twice, each with the values there: each kept, in order
        self._starts: list[dict[str, int]] = []
        self._rows: dict[tuple[str, int], list[int]] = {}  # (file, line number) -> its places in _starts
        verbatim = None  # the verbatim environment the lines are in: its text is printed as written
        for line in lines if self.names else ():
            self._rows.setdefault((line.path, line.number), []).append(len(self._starts))
            self._starts.append(dict(self.values))
            text = line.text
            if verbatim is not None:
                end = text.find("\\end{" + verbatim + "}")
                verbatim, text = (verbatim, "") if end < 0 else (None, text[end:])
            if verbatim is None and (begin := VERBATIM_BEGIN.search(text)):
                end = text.find("\\end{" + begin.group(1) + "}", begin.end())
                verbatim, text = (begin.group(1), text[:begin.start()]) if end < 0 else (None, text[:begin.start()]
                                                                                     + text[end:])
            self.resolve(INLINE_VERBATIM.sub(" ", text))
        self.values = dict(self._first)
        self._entered = 0  # where the last block entered starts in _starts: the next starts after it

    def enter(self, line) -> None:
        """Take the values as ``line`` (a block's first) starts, where they were counted (`__init__`): at its
        first place after the block entered before (a file read twice: its second reading's, there)."""
        rows = self._rows.get((line.path, line.number))
        if rows:
            row = rows[min(bisect.bisect_left(rows, self._entered), len(rows) - 1)]
            self._entered = row + 1
            self.values = dict(self._starts[row])

    def resolve(self, text: str) -> str:
        """``text`` with the commands on counted counters done in order: the steps and settings gone, each
        printing command and ``\\the<counter>`` as the value prints (one LaTeX cannot print stays written)."""
        if not self.names:
            return text
        spans = definition_spans(text)

        def one(found: re.Match) -> str:
            if not _outside(spans, found.start()):
                return found.group(0)
            if found.group(6):  # \\the<counter>: LaTeX's own, \\arabic (TeX skips the spaces after it)
                return str(self.values[found.group(6)]) + "{}"
            command, name, number = _parts(found)
            if name not in self.names:
                return found.group(0)
            if command == "newcounter":
                self.values[name] = 0
            elif command.endswith("stepcounter"):
                self.values[name] += 1
            elif command == "setcounter":
                self.values[name] = int(number)
            elif command == "addtocounter":
                self.values[name] += int(number)
            else:
                shown = printed(command, self.values[name])
                return found.group(0) if shown is None else shown
            return ""

        return self._pattern.sub(one, text)


def without_page_styles(text: str) -> str:
    """``text`` without its running heads' and feet's settings (`_PAGE_STYLE`) and their arguments: what of it
    is printed in the body."""
    out, at = [], 0
    for found in _PAGE_STYLE.finditer(text):
        if found.start() < at:  # inside an argument already left out (\\fancypagestyle{plain}{\\fancyfoot...})
            continue
        out.append(text[at:found.start()])
        at = found.end()
        for _ in range(2 if found.group(0).startswith("\\markboth") else 1):
            at = braced(text, at)[1]
    return "".join(out) + text[at:]


def unprinted_counter(text: str, unset: frozenset[str] | set[str] = frozenset()) -> str | None:
    """The first command printing a counter in ``text``, outside definitions (one `Counters` did not count,
    or a value LaTeX cannot print so: pandoc wrote nothing for it; ``\\thepage``, `_PRINTING`), or
    ``\\the<counter>`` of a counter in ``unset`` (given a value no step recorded, and printed before its next
    step), or None."""
    text = without_page_styles(text)
    spans = definition_spans(text)
    printing = _PRINTING
    if unset:
        printing = re.compile(_PRINTING.pattern + r"|\\the(?:" + "|".join(map(re.escape, sorted(unset)))
                              + r")(?![A-Za-z])")
    found = next((found for found in printing.finditer(text) if _outside(spans, found.start())), None)
    return found.group(0) if found else None
