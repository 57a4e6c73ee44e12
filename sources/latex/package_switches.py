"""The booleans and toggles of ifthen and etoolbox written as the ``\\newif`` switches they are (or stand for), so
their tests are decided, or refused, as a ``\\newif`` switch's are (`sources.latex.inputs.KnownBranches`,
`sources.latex.macros.decided`, the undecided tests `sources.latex.read` refuses).

pandoc knows none of them: ``\\ifthenelse{\\boolean{draft}}{A}{B}`` was written as neither branch ("Go now." for the
page's "Go A now."), whatever ``draft`` was. ifthen's ``\\newboolean{draft}`` is ``\\newif\\ifdraft`` and
``\\setboolean{draft}{true}`` is ``\\drafttrue``; etoolbox's ``\\newbool``, ``\\booltrue``, ``\\ifbool`` name the same
switches (``\\provideboolean``, ``\\providebool``, ``\\providetoggle`` declare them where not declared yet); its
toggles are switches of their own, written ``\\iftoggle<name>`` here; ifthen's booleans joined by ``\\AND`` or
``\\OR`` are tests of each in turn, an ``\\equal`` of two texts written out ``\\iftrue`` or ``\\iffalse``.
A test of anything else (``\\ifthenelse{\\equal{\\thesection}{1}}``), or one whose arguments run over the line, is
left as it is (and refused).
"""

from __future__ import annotations

import re

from sources.latex.captions import braced
from sources.latex.inputs import NOT_READ_BEFORE, PROVIDED

_NAME = re.compile(r"\s*\{\s*([A-Za-z]+)\s*\}")
_VALUE = re.compile(r"\s*\{\s*(true|false)\s*\}", re.I)
# a declaration or setting: (command, what it names: "bool" for a boolean, "toggle" for a toggle, the value it sets
# ("declare", "provide" for a declaration) or None where a second argument gives it)
_SETTINGS = {
    "newboolean": ("bool", "declare"), "newbool": ("bool", "declare"), "newtoggle": ("toggle", "declare"),
    # declared only where not yet: a \\newif after `PROVIDED` (a \\newif alone reset one declared and set true)
    "provideboolean": ("bool", "provide"), "providebool": ("bool", "provide"), "providetoggle": ("toggle", "provide"),
    "setboolean": ("bool", None), "setbool": ("bool", None), "settoggle": ("toggle", None),
    "booltrue": ("bool", "true"), "boolfalse": ("bool", "false"),
    "toggletrue": ("toggle", "true"), "togglefalse": ("toggle", "false"),
}
# a test: (what it names, whether its branches are swapped)
_TESTS = {"ifbool": ("bool", False), "notbool": ("bool", True), "iftoggle": ("toggle", False),
          "nottoggle": ("toggle", True)}
_COMMAND = re.compile(r"\\(" + "|".join(sorted([*_SETTINGS, *_TESTS, "ifthenelse"], key=len, reverse=True))
                      + r")(?![A-Za-z@])")
# ifthenelse's test of one boolean, maybe negated: "\\boolean{draft}", "\\not\\boolean{draft}"
_BOOLEAN_TEST = re.compile(r"\s*(\\(?:not|NOT)\s*)?\\boolean\s*\{\s*([A-Za-z]+)\s*\}\s*")
# ifthenelse's \\equal of two texts written out (letters, digits, punctuation; maybe \\detokenize'd), maybe negated:
# decided here, as the switch \\iftrue or \\iffalse
_TEXT = r"\{(?:\\detokenize\s*\{([A-Za-z0-9.,;:!?'()/+=*<>| -]*)\}|([A-Za-z0-9.,;:!?'()/+=*<>| -]*))\}"
_EQUAL_TEST = re.compile(r"\s*(\\(?:not|NOT)\s*)?\\equal\s*" + _TEXT + r"\s*" + _TEXT + r"\s*")
# what joins two of them: "\\boolean{a} \\AND \\boolean{b}" (ifthen's \\and and \\or are the same)
_JOIN = re.compile(r"\\(AND|OR|and|or)(?![A-Za-z@])")


def as_switches(text: str) -> str:
    """``text`` with each ifthen/etoolbox boolean or toggle declaration, setting and test written as a ``\\newif``
    switch's: ``\\newboolean{draft}`` as ``\\newif\\ifdraft``, ``\\settoggle{tgl}{true}`` as ``\\toggletgltrue``,
    ``\\ifthenelse{\\boolean{draft}}{A}{B}`` as ``\\ifdraft A\\else B\\fi``. One whose arguments are not whole in
    ``text`` (a test over several lines), or whose name is not letters only, is left as it is."""
    if "\\" not in text:
        return text
    out, at = [], 0
    for found in _COMMAND.finditer(text):
        if found.start() < at:
            continue  # inside a test written already (its branches are rewritten with it)
        if NOT_READ_BEFORE.search(text, text.rfind("\n", 0, found.start()) + 1, found.start()):
            continue  # in "\\verb|...|" text, or given as a name ("\\let\\test\\ifbool"): not read as a test
        made = _rewritten(text, found)
        if made is not None:
            # a control word's end before a letter ("\\fi{}now"): TeX ended the argument there
            out += [text[at:found.start()], made[0] + ("{}" if text[made[1]:made[1] + 1].isalpha() else "")]
            at = made[1]
    return "".join(out + [text[at:]])


def _rewritten(text: str, found: re.Match) -> tuple[str, int] | None:
    """The switch form of the command ``found`` and where its last argument ends, or None."""
    command, end = found.group(1), found.end()
    if command in _SETTINGS:
        kind, value = _SETTINGS[command]
        name = _NAME.match(text, end)
        if name is None:
            return None
        end, switch = name.end(), _switch(kind, name.group(1))
        if value is None:
            given = _VALUE.match(text, end)
            if given is None:  # a value a macro gives ("\\setbool{draft}{#1}"): a setting in braces, which
                # leaves the switch unknown where it is read (a test of it refused, not decided by the value before)
                made, after = braced(text, end)
                return (f"{{\\{switch}true}}", after) if made is not None else None
            value, end = given.group(1).lower(), given.end()
        declared = f"\\newif\\if{switch}"
        return {"declare": declared, "provide": PROVIDED + declared}.get(value, f"\\{switch}{value}"), end
    if command == "ifthenelse":
        test, after = braced(text, end)
        terms = _boolean_terms(test) if test is not None else None
        if terms is None:
            return None
    else:
        kind, swapped = _TESTS[command]
        name = _NAME.match(text, end)
        if name is None:
            return None
        terms, after = ("AND", [(swapped, _switch(kind, name.group(1)))]), name.end()
    yes, after = braced(text, after)
    no, after = braced(text, after) if yes is not None else (None, after)
    if no is None:
        return None
    # the branches as separate arguments, each its own: as_switches of them too (a test inside a branch)
    return _joined(terms, as_switches(yes), as_switches(no)), after


def _switch(kind: str, name: str) -> str:
    """The ``\\newif`` switch name a boolean (``draft``) or toggle (``toggledraft``) stands for."""
    return name if kind == "bool" else "toggle" + name


def _boolean_terms(test: str) -> tuple[str, list[tuple[bool, str]]] | None:
    """An ifthen test of booleans as how they are joined (``AND``, ``OR``; ``AND`` for one) and each one's
    (negated, switch), or None for any other test, and for one mixing ``\\AND`` and ``\\OR`` (no grouping read
    here) or grouping with ``\\(``."""
    parts = _JOIN.split(test)
    joins = {join.upper() for join in parts[1::2]}
    if len(joins) > 1:
        return None
    terms = [_term(part) for part in parts[::2]]
    if any(term is None for term in terms):
        return None
    return (joins.pop() if joins else "AND"), terms


def _term(part: str) -> tuple[bool, str] | None:
    """One test of an ifthen test as (negated, switch): a boolean's, an \\equal's as ``true`` or ``false``."""
    if (boolean := _BOOLEAN_TEST.fullmatch(part)) is not None:
        return boolean.group(1) is not None, boolean.group(2)
    if (equal := _EQUAL_TEST.fullmatch(part)) is None:
        return None
    first, second = (equal.group(2) or equal.group(3) or ""), (equal.group(4) or equal.group(5) or "")
    if first != first.strip() or second != second.strip():
        return None  # a space at either end: kept or not as TeX reads it, not decided here
    # \\detokenize'd letters are other characters to TeX, unequal to the same letters written ("x" and
    # \\detokenize{x}): left undecided
    if first == second and re.search("[A-Za-z]", first) and (equal.group(2) is None) != (equal.group(4) is None):
        return None
    return equal.group(1) is not None, "true" if first == second else "false"


def _joined(terms: tuple[str, list[tuple[bool, str]]], yes: str, no: str) -> str:
    """The ``\\newif`` tests giving ``yes`` where the joined ``terms`` (`_boolean_terms`) hold, else ``no``:
    "\\boolean{a} \\AND \\boolean{b}" as ``\\ifa \\ifb yes\\else no\\fi\\else no\\fi``. The same either
    way: that branch, no test to decide ("\\ifthenelse{\\boolean{draft}}{}{}")."""
    if yes == no:
        return yes
    join, each = terms
    (negated, switch), rest = each[0], each[1:]
    if rest:  # the first boolean decides, or the rest do
        inner = _joined((join, rest), yes, no)
        yes, no = (inner, no) if join == "AND" else (yes, inner)
    true, false = (no, yes) if negated else (yes, no)
    return f"\\if{switch} {true}\\else {false}\\fi"
