"""Macros a preamble defines inside a test of whether another macro is defined, each kept as TeX took it.

``\\ifdefined\\foo \\newcommand\\qq{x}\\else \\newcommand\\qq{y}\\fi`` (etoolbox's ``\\ifdef{\\foo}{...}{...}``,
``\\ifx\\foo\\undefined``, ``\\@ifundefined{foo}``, ``\\ifcsdef{foo}`` alike) gave pandoc both definitions and
it kept the first: ``\\qq`` was written "x" whatever TeX took. The test is decided here where the preamble
itself defines ``\\foo`` before it (the branch for "defined" is taken, the other dropped); anywhere else
(``\\foo`` may come from a package or the class) the macros either branch defines are written as testing (their
body begins with the test), so the pages using them are refused as any macro holding an undecided test is,
``error:latex:conditional``. A branch defining the very
macro it tests (``\\ifdefined\\R\\else\\newcommand\\R{...}\\fi``) is ``\\providecommand``'s idiom: left as it is.
"""

from __future__ import annotations

import re

from sources.latex.captions import braced
from sources.latex.macros import definition_spans

# TeX's test of a macro opened: "\\ifdefined\\foo" (groups 1, 2), "\\ifx\\foo\\undefined" (3, 4: the first branch
# is "undefined"), "\\ifcsname foo\\endcsname" (5, 6)
_TEX_TEST = re.compile(r"\\if(?:(defined)\s*(\\[A-Za-z@]+)|(x)\s*(\\[A-Za-z@]+)\s*\\undefined(?![A-Za-z@])"
                       r"|(csname)\s*([A-Za-z@]+)\s*\\endcsname)")
_TEX_IF = re.compile(r"\\(?:if[A-Za-z@]*|fi|else)(?![A-Za-z@])")
# a package's test of a macro, with its two branches as arguments: (command, whether its first is "defined")
_PACKAGE_TEST = re.compile(r"\\(ifdef|ifundef|ifcsdef|ifcsundef|ifdefmacro|ifcsmacro|@ifundefined)(?![A-Za-z@])"
                           r"\s*\{\s*\\?([A-Za-z@]+)\s*\}")
_DEFINED_FIRST = {"ifdef": True, "ifcsdef": True, "ifdefmacro": True, "ifcsmacro": True, "ifundef": False,
                  "ifcsundef": False, "@ifundefined": False}
_DEFINING = r"\\(?:(?:new|renew|provide)command\*?|DeclareRobustCommand\*?|DeclareMathOperator\*?|[gex]?def|let|" \
            r"newlength|newsavebox)\s*\{?\s*"
# the name a definition makes, and where its body opens (the first brace after the name and its parameters)
_DEFINED = re.compile(r"\\(?:(?:new|renew|provide)command\*?|DeclareRobustCommand\*?|[gex]?def)\s*\{?\s*"
                      r"(\\[A-Za-z@]+)\s*\}?(?:\s*\[[^\]]*\])*[^{]*\{")


def _defined_before(text: str, name: str, at: int) -> bool:
    """Whether ``text`` defines the macro ``name`` ("\\\\foo") before ``at`` (an author's definition, which TeX
    made before the test there)."""
    return re.search(_DEFINING + re.escape(name) + r"(?![A-Za-z@])", text[:at]) is not None


def _tex_branches(text: str, found: re.Match) -> tuple[str, str, int] | None:
    """The two branches of the TeX test opened at ``found`` and where its ``\\fi`` ends, or None when it is not
    whole in ``text``."""
    depth, middle = 1, None
    for token in _TEX_IF.finditer(text, found.end()):
        word = token.group(0)
        if word == "\\fi":
            depth -= 1
            if depth == 0:
                end = middle if middle is not None else token
                return (text[found.end():end.start()], text[middle.end():token.start()] if middle else "",
                        token.end())
        elif word == "\\else":
            middle = token if depth == 1 else middle
        else:
            depth += 1
    return None


def _names(branch: str) -> set[str]:
    return {found.group(1) for found in _DEFINED.finditer(branch)}


def _testing(branch: str, test: str) -> str:
    """``branch`` with each definition's body begun by ``test`` (a conditional token): a macro whose meaning
    here depends on a test not decided."""
    return _DEFINED.sub(lambda found: found.group(0) + test + "\\fi ", branch)


def decided_definitions(preamble: list[str]) -> list[str]:
    """``preamble`` (its lines) with each test of whether a macro is defined that holds a definition written
    as TeX takes it (module docstring), or its definitions marked as testing; as many lines as before."""
    text = "\n".join(preamble)
    if "\\if" not in text and "@ifundefined" not in text:
        return preamble
    out, at = [], 0
    spans = definition_spans(text)
    for found in sorted([*_TEX_TEST.finditer(text), *_PACKAGE_TEST.finditer(text)], key=lambda m: m.start()):
        if found.start() < at or any(a <= found.start() < b for a, b in spans):
            continue  # inside a test rewritten, or in a macro's body (decided where it is used)
        if found.re is _PACKAGE_TEST:
            command, name = found.group(1), "\\" + found.group(2)
            first, after = braced(text, found.end())
            second, end = braced(text, after) if first is not None else (None, after)
            if second is None:
                continue
            defined_first, test = _DEFINED_FIRST[command], "\\ifdefined"
        else:
            branches = _tex_branches(text, found)
            if branches is None:
                continue
            first, second, end = branches
            name = found.group(2) or found.group(4) or "\\" + found.group(6)
            defined_first = found.group(3) is None
            test = "\\if" + (found.group(1) or found.group(3) or found.group(5))
        made = _names(first) | _names(second)
        if not made - {name}:
            continue  # no definition, or \\providecommand's idiom
        whole = text[found.start():end]
        if _defined_before(text, name, found.start()):  # TeX takes the branch for "defined"
            written = first if defined_first else second
        else:
            written = _testing(first, test) + _testing(second, test)
        out += [text[at:found.start()], written + "\n" * (whole.count("\n") - written.count("\n"))]
        at = end
    return "".join(out + [text[at:]]).split("\n") if out else preamble
