"""Macro definitions where TeX makes them: from their place on, and a group's own only to its end.

pandoc knows no TeX grouping and, given every definition in front, keeps the last one: a ``\\renewcommand``
between two paragraphs, or one inside ``{...}``, gave its meaning to every use ("We first flew to Reykjavik"
where the page says Lisbon). Here the body is read once, in order: a group (braces, an environment,
``\\begingroup``, math) that redefined a macro gets the outer definition written back at its end (`scoped`), and
each block is told which definitions hold where it starts and where it ends (`Scopes`), so that pandoc,
reading the blocks in one run, is given what changed before each. A local redefinition that cannot be
written back (the macro was undefined outside, ``\\DeclareMathOperator``), one an alignment's cell made
(cells are groups) that a later cell uses, and one made in math where pandoc cannot be given it (inside a
brace group there, or after a use) leave the lines after it that use it unfollowed (`Scopes.unfollowed`):
their blocks get no target rather than a guessed one.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from sources.latex.blocks import DISPLAY, INLINE_VERBATIM, INPUT, VERBATIM_BEGIN
from sources.latex.macros import _whole_definitions, definition_spans, definitions

_NAME = re.compile(r"\\(?:re)?newenvironment\*?\s*\{\s*([A-Za-z@*]+)\s*\}|\\[A-Za-z]+\*?\s*\{?\s*(\\[A-Za-z@]+|\\.)")
# math is a group too: \\[ and \\( here, $ and $$ in `scoped`'s loop (a \\def inside $$...$$ held on after it)
_OPEN = re.compile(r"\\begin\s*\{|\\begingroup(?![A-Za-z@])|\\bgroup(?![A-Za-z@])|\\\[|\\\(")
_CLOSE = re.compile(r"\\end\s*\{|\\endgroup(?![A-Za-z@])|\\egroup(?![A-Za-z@])|\\\]|\\\)")
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
_CANONICAL = {"DeclareRobustCommand": "newcommand", "gdef": "def"}
# the command that redefines a macro pandoc already knows (its \\newcommand for a known name is ignored)
_AGAIN = {"newcommand": "renewcommand", "providecommand": "renewcommand", "renewcommand": "renewcommand",
          "newenvironment": "renewenvironment", "renewenvironment": "renewenvironment", "def": "def", "let": "let"}


def name_of(definition: str) -> str | None:
    """The macro (``\\place``) or environment (``env:note``) a definition line defines."""
    found = _NAME.match(definition)
    if found is None:
        return None
    return f"env:{found.group(1)}" if found.group(1) else found.group(2)


def again(definition: str) -> str | None:
    """``definition`` as pandoc takes it over a known one (``\\newcommand`` as ``\\renewcommand``), or None."""
    command = re.match(r"\\([A-Za-z]+)", definition)
    if command is None or command.group(1) not in _AGAIN:
        return None
    return "\\" + _AGAIN[command.group(1)] + definition[command.end():]


def state(preamble: list[str]) -> dict[str, str]:
    """The preamble's definitions as they stand at ``\\begin{document}``: name -> definition line."""
    out: dict[str, str] = {}
    for definition in definitions(preamble):
        name = name_of(definition)
        if name is not None and not (definition.startswith("\\providecommand") and name in out):
            out[name] = definition
    return out


def redefinitions(holding: dict[str, str], wanted: dict[str, str]) -> str:
    """The definitions that take pandoc from ``holding`` to ``wanted`` (a macro a group redefined given its
    outer meaning again; one no longer defined is left: TeX would not print it), as text."""
    lines = []
    for name, definition in wanted.items():
        if holding.get(name) != definition:
            lines.append((again(definition) if name in holding else None) or definition)
    return "\n".join(lines) + "\n\n" if lines else ""


@dataclasses.dataclass
class Scopes:
    """The body's lines with groups' redefinitions written back, and the definitions holding at each line.

    lines: the body's `Line`s (a restoring definition put after the group's end where one was needed).
    at: for each line index, the definitions holding where that line starts (name -> definition line);
      ``at[len(lines)]`` where the body ends.
    unfollowed: (line index, name) from where a macro's meaning is not known here (a local redefinition
      that cannot be written back).
    """

    lines: list
    at: list[dict[str, str]]
    unfollowed: list[tuple[int, str]]


def scoped(preamble: list[str], lines: list) -> Scopes:
    """Read the body's ``lines`` (`sources.latex.blocks.Line`) in order, as TeX scopes definitions."""
    current = state(preamble)
    groups: list[dict[str, str | None]] = []  # per open group: name -> the definition outside it
    text = "\n".join(line.text for line in lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line.text) + 1)
    spans = iter(sorted((found.start(), end, _definition(text, found, end)) for found, end in _whole_definitions(text)))
    upcoming = next(spans, None)
    at, unfollowed, inserts = [], [], []  # inserts: (where in text, restoring definitions)
    maths: list[tuple[str, int]] = []  # the math shifts open ($ or $$) and len(groups) there, innermost last
    cells: list[tuple[int, int]] = []  # per open alignment: len(groups) inside its cell's group, where it ends
    math_groups: list[tuple[int, int]] = []  # per open math: len(groups) inside its group, where it starts
    row, i, seen = 0, 0, None  # seen: the last copy of ``current`` taken, shared while nothing changes
    while i <= len(text):
        while row < len(lines) and starts[row] <= i:  # the lines begun before here hold what held there
            seen = seen if seen == current else dict(current)
            at.append(seen)
            row += 1
        if i == len(text):
            break
        while upcoming is not None and upcoming[0] < i:  # one inside a definition already passed over
            upcoming = next(spans, None)
        if upcoming is not None and upcoming[0] == i:
            _, end, definition = upcoming
            name = name_of(definition)
            if name is not None:
                if math_groups and _not_moved(name, text, i, len(groups), math_groups[-1], cells):
                    unfollowed.append((max(row - 1, 0), name))
                is_global = definition.startswith("\\def") and text.startswith("\\gdef", i) or \
                    text[max(0, i - 8):i].rstrip().endswith("\\global")
                if groups and not is_global and name not in groups[-1]:
                    groups[-1][name] = current.get(name)
                if not (definition.startswith("\\providecommand") and name in current):
                    current[name] = definition
            i = end
            continue
        skipped = VERBATIM_BEGIN.match(text, i) or INLINE_VERBATIM.match(text, i)
        if skipped:  # a listing's or \\verb's braces are its text, no group
            close = text.find(f"\\end{{{skipped.group(1)}}}", skipped.end()) if skipped.re is VERBATIM_BEGIN else -1
            i = close + 1 if close >= 0 else skipped.end()
            continue
        while cells and cells[-1][0] > len(groups):  # its groups went at a paragraph's end (a stray $ before)
            cells.pop()
        while math_groups and math_groups[-1][0] > len(groups):  # the math has ended
            math_groups.pop()
        at_cell = bool(cells) and len(groups) == cells[-1][0]
        if at_cell and (text[i] == "&" or text.startswith("\\\\", i)):  # a cell ends: TeX's cells are groups
            _cell_end(groups, current, text, i, cells[-1][1], max(row - 1, 0), unfollowed)
            i += 1 if text[i] == "&" else 2
            continue
        if text[i] == "\\":
            opened, closed = _OPEN.match(text, i), _CLOSE.match(text, i)
            if opened:
                groups.append({})
                if _MATH_OPEN.match(text, i):
                    math_groups.append((len(groups), i))
                alignment = _ALIGNMENT.match(text, i)
                if alignment:  # its first cell's group
                    end = text.find(f"\\end{{{alignment.group(1)}}}", alignment.end())
                    groups.append({})
                    cells.append((len(groups), end if end >= 0 else len(text)))
            elif closed and groups:
                if at_cell and closed.group(0).startswith("\\end"):  # the last cell's group ends with it
                    _cell_end(groups, current, text, i, i, max(row - 1, 0), unfollowed, again=False)
                    cells.pop()
                # after an \end{...}'s name: the group it closes is over there (\endgroup's is right after it:
                # taken as an \end{, its restoring definition went after the next "}" or was lost)
                stop = text.find("}", closed.end()) + 1 if closed.group(0).endswith("{") else closed.end()
                restore = _close(groups.pop(), current, text, stop, max(row - 1, 0), unfollowed)
                if restore and stop > 0:
                    inserts.append((stop, restore))
            i += 2
            continue
        if text[i] == "$":  # math shift: $ or $$ opens a group, the same again closes it
            shift = "$$" if text.startswith("$$", i) else "$"
            if maths and maths[-1][0] == shift:
                maths.pop()
                if groups:
                    restore = _close(groups.pop(), current, text, i + len(shift), max(row - 1, 0), unfollowed)
                    if restore:
                        inserts.append((i + len(shift), restore))
            else:
                maths.append((shift, len(groups)))
                groups.append({})
                math_groups.append((len(groups), i))
            i += len(shift)
            continue
        if maths and text[i] == "\n" and _PARAGRAPH_END.match(text, i):
            # no math runs over a paragraph's end (TeX stops there): a $ left open was no math shift (one in
            # \\lstinline{..}), and the groups opened since it are no groups of math
            del groups[maths[0][1]:]
            maths.clear()
        if text[i] == "{":
            groups.append({})
        elif text[i] == "}" and groups:
            restore = _close(groups.pop(), current, text, i + 1, max(row - 1, 0), unfollowed)
            if restore:
                inserts.append((i + 1, restore))
        i += 1
    while len(at) < len(lines) + 1:
        at.append(dict(current))
    out = list(lines)
    for where, restore in sorted(inserts, reverse=True):  # each into its line, the line's number kept
        index = bisect.bisect_right(starts, where) - 1
        line = out[index]
        cut = where - starts[index]
        out[index] = dataclasses.replace(line, text=line.text[:cut] + restore + line.text[cut:])
    return Scopes(out, at, unfollowed)


_MATH_OPEN = re.compile(r"\\\[|\\\(|\\begin\s*\{(?:" + "|".join(re.escape(env) for env in DISPLAY) + r")\}")


def _not_moved(name: str, text: str, at: int, depth: int, math: tuple[int, int], cells: list) -> bool:
    """Whether a definition of ``name`` made at ``at`` in ``text`` inside math (``math``: its group's depth and
    where it starts; ``depth``: the groups open here) means what pandoc is given: `out_of_math` moves it before
    the math, so it is right only where the math's own group (or its alignment cell's) holds it and the math
    does not use the macro before it. Inside a brace group in math its outer meaning, given back at the group's
    end, was moved before the math too ("$x = {\\def\\a{b}\\a} + \\a$" gave "x = {otter} + otter")."""
    level, start = math
    own = max(level, cells[-1][0]) if cells and cells[-1][0] > level else level
    return depth > own or _used(name, text[:at], start)


# the environments whose cells (between & and \\\\) are groups of their own
_ALIGNMENT = re.compile(r"\\begin\s*\{((?:align|alignat|flalign|eqnarray|gather|array|tabular|tabularx|longtable|"
                        r"[pbBvV]?matrix|cases|aligned|alignedat|gathered|split)\*?)\}")


def _cell_end(groups: list, current: dict[str, str], text: str, at: int, end: int, index: int, unfollowed: list,
              again: bool = True) -> None:
    """Close an alignment cell's group at ``at`` (its environment ends at ``end``): a macro the cell redefined
    and a later cell uses has the outer meaning there, which the cell's text cannot be given (pandoc read the
    cell's meaning into every later one: "x = b, y = b" where TeX printed otter for both): its uses there are
    refused (``unfollowed``). The environment's group gives the outer meaning back after it; ``again``: the next
    cell's group opens."""
    cell = groups.pop()
    for name, outside in cell.items():
        if current.get(name) == outside:
            continue
        if _used(name, text[:end], at):
            unfollowed.append((index, name))
        groups[-1].setdefault(name, outside)
    if again:
        groups.append({})


def _close(outside: dict[str, str | None], current: dict[str, str], text: str, after: int, index: int,
           unfollowed: list) -> str:
    """The definitions that give a closing group's redefined macros their outer meaning again (as text), for
    those used after ``after`` in ``text``; the others are left as the group left them (nothing reads them)."""
    restores = []
    for name, definition in outside.items():
        if current.get(name) == definition or not _used(name, text, after):
            continue
        written = again(definition) if definition is not None else None
        if written is None:
            unfollowed.append((index, name))
            current.pop(name, None)
        else:
            restores.append(written)
            current[name] = definition
    return "".join(restores)


def _used(name: str, text: str, after: int) -> bool:
    return uses(name, text[after:])


# what stands before a macro's name that it defines there, which is no use of it
_DEFINED_HERE = re.compile(
    r"\\(?:newcommand|renewcommand|providecommand|DeclareRobustCommand|[gex]?def|let)\*?\s*\{?\s*$")


def uses(name: str, text: str) -> bool:
    """Whether ``text`` uses the macro (``\\place``) or environment (``env:note``) ``name`` (`name_of`); a
    definition of it is no use (each table float's own "\\renewcommand{\\arraystretch}{1.3}" was taken for a use
    of the one before it, whose outer meaning, LaTeX's, is not known here: every page after it was refused)."""
    pattern = (r"\\begin\s*\{" + re.escape(name[4:]) + r"\}") if name.startswith("env:") else \
        re.escape(name) + (r"(?![A-Za-z@])" if name[-1].isalpha() or name[-1] == "@" else "")
    return any(not _DEFINED_HERE.search(text, max(0, found.start() - 40), found.start())
               for found in re.finditer(pattern, text))


def reads_file(definition: str) -> str | None:
    """The ``\\input{name}`` (``\\include``, ``\\subfile``) a definition line's body holds, as written, or None:
    TeX reads that file where the macro is used, which the body's lines (`sources.latex.blocks`) do not follow."""
    found = INPUT.search(definition)
    return found.group(0) if found else None


def _definition(text: str, found: re.Match, end: int) -> str:
    command = _CANONICAL.get(found.group(1), found.group(1))
    return "\\" + command + re.sub(r"\s*\n\s*", " ", text[found.end():end])


# where math starts and what ends it: $$, $, \\[, \\( and a display environment's \\begin (its name in group 1)
_MATH_START = re.compile(r"\$\$|\$|\\\[|\\\(|\\begin\s*\{(" + "|".join(re.escape(env) for env in DISPLAY) + r")\}")
_MATH_END = {"$$": "$$", "$": "$", "\\[": "\\]", "\\(": "\\)"}


def _math_scan(text: str, skipped: list[tuple[int, int]] = ()):
    """One pass over ``text`` from its start: yields ``("math", start, end)`` for each math (``$...$``,
    ``$$...$$``, ``\\[...\\]``, ``\\(...\\)``, a display environment; delimiters included; one not closed runs to
    the end) and ``("skip", a, b, math)`` for each ``skipped`` span the scan reaches (jumped whole: a definition's
    ``$`` opens no math), ``math`` the start of the math it stands in or None. A backslash takes the next
    character with it, as TeX reads ``\\$``."""
    i, start, closing = 0, None, ""
    skip_at: dict[int, int] = {}
    for a, b in skipped:
        skip_at.setdefault(a, b)
    while i < len(text):
        if start is not None and text.startswith(closing, i):
            yield "math", start, i + len(closing)
            i, start = i + len(closing), None
            continue
        if i in skip_at:
            yield "skip", i, skip_at[i], start
            i = skip_at[i]
            continue
        opened = _MATH_START.match(text, i) if start is None else None
        if opened:
            start = i
            closing = f"\\end{{{opened.group(1)}}}" if opened.group(1) else _MATH_END[opened.group(0)]
            i = opened.end()
            continue
        i += 2 if text[i] == "\\" else 1
    if start is not None:
        yield "math", start, len(text)


def math_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text``'s math stands (``$...$``, ``$$...$$``, ``\\[...\\]``, ``\\(...\\)``, a display
    environment): ``(start, end)`` each, its delimiters included; one not closed runs to the end."""
    return [(a, b) for _, a, b in _math_scan(text)]


def out_of_math(text: str) -> str:
    """``text`` with each macro definition made inside math moved to just before that math starts (a
    ``$...$``, ``$$...$$``, ``\\[...\\]``, ``\\(...\\)`` or display environment). TeX makes it there and it
    prints nothing; pandoc does not read a definition inside math, and expanded the macro in its name there
    (``$$\\def\\a{b} x=\\a $$`` gave ``\\def otter{b}x=otter``). Outside math pandoc makes it; the math is
    a group (`scoped`), so the outer meaning is given back after it where it is used."""
    spans = definition_spans(text) if "\\" in text else []
    if not spans:
        return text
    moves: list[tuple[int, int, int]] = []  # (where the math starts, definition start, end)
    for kind, a, b, *math in _math_scan(text, spans):
        if kind == "skip" and math[0] is not None:  # with its \\global, which would be left alone in the math
            prefix = re.search(r"\\global\s*$", text[:a])
            moves.append((math[0], prefix.start() if prefix else a, b))
    out, at = [], 0
    for where, a, b in moves:
        if where >= at:  # the first made in this math: all this math's, in order, before it
            out += [text[at:where]] + [text[a2:b2] for w2, a2, b2 in moves if w2 == where]
            at = where
        out.append(text[at:a])
        at = b
    return "".join(out + [text[at:]])
