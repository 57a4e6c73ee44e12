"""Macros a preamble defines inside a test of whether another macro is defined, each kept as TeX took it.

``\\ifdefined\\foo \\newcommand\\qq{x}\\else \\newcommand\\qq{y}\\fi`` (etoolbox's ``\\ifdef{\\foo}{...}{...}``,
``\\ifx\\foo\\undefined``, ``\\@ifundefined{foo}``, ``\\ifcsdef{foo}`` alike) gave pandoc both definitions and
it kept the first: ``\\qq`` was written "x" whatever TeX took. The test is decided here where the preamble
itself defines ``\\foo`` before it (the branch for "defined" is taken, the other dropped); anywhere else
(``\\foo`` may come from a package or the class) the macros either branch defines are written as testing (their
body begins with the test), so the pages using them are refused as any macro holding an undecided test is,
``error:latex:conditional``. A branch defining the very
macro it tests (``\\ifdefined\\R\\else\\newcommand\\R{...}\\fi``) is ``\\providecommand``'s idiom: left as it is.

Where the compile recorded whether TeX had the tested macro (`defined_probe`, `recorded_definitions`) the test is
decided by that too: one the format has before the class (``\\section``, ``\\pdfoutput``, ``\\AddToHook``), or
the class has once loaded (``\\@ifundefined{chapter}`` in a book), is defined; one still undefined as the
document begins (``\\chapter`` in an article) is undefined wherever the preamble tests it. Only one a package
or the preamble defines on the way is left to the rule above.
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


def tested_names(text: str) -> set[str]:
    """The macros (names without the backslash: "chapter", "c@foo") whose definition ``text`` tests."""
    names = {found.group(2) for found in _PACKAGE_TEST.finditer(text)}
    for found in _TEX_TEST.finditer(text):
        names.add((found.group(2) or found.group(4) or "\\" + found.group(6))[1:])
    return names


# the compile's record of whether TeX had each tested macro: before the class, once it loaded, as the document began
_RECORDED = re.compile(r"^\[vlbuild defined ([A-Za-z@]+)=([DRU-])([DRU-])([DRU])\]$", re.M)


def defined_probe(names: set[str] | list[str]) -> str:
    """TeX code, read before the main file, that records in the log whether each of ``names`` is defined (D),
    ``\\relax`` (R: \\ifdefined and \\@ifundefined differ on it) or undefined (U) before the class, once it
    loaded ("-" where LaTeX has no class hook) and as the document begins: `recorded_definitions` reads it.
    ``\\ifcsname`` leaves an undefined name undefined (``\\csname`` alone would make it ``\\relax``)."""
    if not names:
        return ""
    names = sorted(names)

    def state(name: str) -> str:
        return (r"\ifcsname " + name + r"\endcsname\expandafter\ifx\csname " + name + r"\endcsname\relax R\else D\fi"
                r"\else U\fi")

    def kept(stage: str) -> str:  # each name's state now, in \vlbuild<stage><i>
        return "".join(r"\expandafter\edef\csname vlbuild" + stage + str(i) + r"\endcsname{" + state(name) + "}"
                       for i, name in enumerate(names))

    report = "".join(r"\typeout{[vlbuild defined " + name + r"=\csname vlbuildK" + str(i) + r"\endcsname"
                     r"\ifcsname vlbuildC" + str(i) + r"\endcsname\csname vlbuildC" + str(i) + r"\endcsname\else-\fi"
                     + state(name) + "]}" for i, name in enumerate(names))
    # the generic class/after hook (no class named) came with LaTeX 2021-11; before it the class's state is "-"
    return (kept("K") + r"\ifdefined\IfFormatAtLeastTF\IfFormatAtLeastTF{2021/11/15}{\AddToHook{class/after}{"
            + kept("C") + r"}}{}\fi\AtBeginDocument{" + report + "}")


def recorded_definitions(log: str) -> dict[str, str]:
    """Name -> its three states (`defined_probe`) as the compile's ``log`` records them."""
    return {found.group(1): found.group(2) + found.group(3) + found.group(4) for found in _RECORDED.finditer(log)}


def _decided(text: str, name: str, at: int, recorded: dict[str, str]) -> bool | None:
    """Whether the macro ``name`` ("\\\\foo") is defined where ``text`` tests it (at ``at``): by the preamble's own
    definition before it, or by what the compile recorded (module docstring); None where not known."""
    if _defined_before(text, name, at):
        return True
    kernel, loaded, document = recorded.get(name[1:], "---")
    class_read = (found := re.search(r"\\documentclass(?![A-Za-z@])", text)) is not None and found.start() < at
    if kernel == "D" or class_read and loaded == "D":
        return True
    if document == "U":  # no one defined it before the document began: not at the test either
        return False
    return None


def decided_definitions(preamble: list[str], recorded: dict[str, str] | None = None) -> list[str]:
    """``preamble`` (its lines) with each test of whether a macro is defined that holds a definition written
    as TeX takes it (module docstring), or its definitions marked as testing; as many lines as before.
    ``recorded``: the compile's record of the tested macros (`recorded_definitions`)."""
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
        if (defined := _decided(text, name, found.start(), recorded or {})) is not None:  # the branch TeX takes
            written = first if defined == defined_first else second
        else:
            written = _testing(first, test) + _testing(second, test)
        out += [text[at:found.start()], written + "\n" * (whole.count("\n") - written.count("\n"))]
        at = end
    return "".join(out + [text[at:]]).split("\n") if out else preamble
