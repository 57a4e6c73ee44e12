"""Footnotes and margin notes of a LaTeX block: each ``\\footnote`` replaced by the mark the page prints, its text
set apart as the note LaTeX sets at the page's foot, with the footnote counter followed as TeX steps it
(``\\footnotemark``, ``\\footnotetext``, a title's ``\\thanks``, ``\\addtocounter{footnote}{-1}``); and
``\\marginpar`` notes taken out (pandoc drops them; the page prints them beside the lines).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sources.latex.blocks import VERBATIM_BEGIN
from sources.latex.captions import argument, braced
from sources.latex.inputs import NOT_READ_BEFORE
from sources.latex.macros import definition_spans
from sources.latex.numbering import Step

if TYPE_CHECKING:
    from sources.latex.convert import References

_NOTE = re.compile(r"\\(footnotemark|footnotetext|footnote|thanks)(?![A-Za-z])\s*(?:\[([^\]]*)\])?")
# an author's own moves of the footnote counter, between marks and their \footnotetext
_NOTE_COUNTER = re.compile(r"\\(stepcounter|addtocounter|setcounter)\s*\{\s*footnote\s*\}(?:\s*\{\s*(-?\d+)\s*\})?")
# LaTeX's \fnsymbol marks, in turn, for a title's \thanks
_SYMBOLS = ("*", r"\dagger", r"\ddagger", r"\S", r"\P", r"\|", "**", r"\dagger\dagger", r"\ddagger\ddagger")


_MARGINPAR = re.compile(r"\\marginpar\s*(?:\[((?:[^\[\]{}]|\{[^{}]*\})*)\])?(?=\s*\{)")


def margin_notes(text: str) -> tuple[str, list[tuple[str | None, str]]]:
    """``text`` without its ``\\marginpar[left]{right}`` notes, and the notes (pandoc drops them; the page
    shows them beside the lines): ``(left, right)`` each, ``left`` None where not given. Which of the two a
    page prints depends on its side (a two-sided document's even pages take ``left``)."""
    notes = []
    at = 0
    while (found := _MARGINPAR.search(text, at)) is not None:
        note, end = braced(text, found.end())
        if note is None:
            break
        if note.strip():
            notes.append((found.group(1), note.strip()))
        text, at = text[:found.start()] + text[end:], found.start()
    return text, notes


def _move_footnote_counter(found: re.Match, refs: References) -> None:
    """Follow ``\\stepcounter``, ``\\addtocounter`` or ``\\setcounter`` of the footnote counter: the next
    ``\\footnotetext`` prints its new value (a step TeX recorded is taken, as printed; an added or set value
    is written in arabic figures where the marks are, else the last mark stays)."""
    command, value = found.group(1), found.group(2)
    if command != "stepcounter" and value is None:
        return
    before = refs.counters.get("footnote", 0)
    after = before + 1 if command == "stepcounter" else before + int(value) if command == "addtocounter" else int(value)
    refs.counters["footnote"] = after
    step = refs.step("footnote") if command == "stepcounter" else None
    if step is not None:
        refs.footnote_mark = step.printed
    elif refs.footnote_mark.isdigit():
        refs.footnote_mark = str(after)


_THE_FOOTNOTE = re.compile(r"\\thefootnote(?![A-Za-z@])")


def _printed_marks(text: str, mark: str) -> str:
    """``text`` with each ``\\thefootnote`` (outside definitions and ``\\verb`` text) as the footnote counter
    prints it there, ``mark``: the last footnote's (`References.footnote_mark`), in a note its own; pandoc wrote
    nothing for it ("See ." for the page's "See 1."). A verbatim listing's is left as written."""
    if "\\thefootnote" not in text or VERBATIM_BEGIN.search(text):
        return text
    spans = definition_spans(text)
    printed = mark if re.fullmatch(r"\w+", mark) else f"\\ensuremath{{{mark}}}"  # \\fnsymbol's "*", "\\dagger"

    def one(found: re.Match) -> str:
        if any(a <= found.start() < b for a, b in spans) or \
                NOT_READ_BEFORE.search(text, text.rfind("\n", 0, found.start()) + 1, found.start()):
            return found.group(0)
        return printed + ("{}" if text[found.end():found.end() + 1].isalpha() else "")

    return _THE_FOOTNOTE.sub(one, text)


def footnotes(text: str, refs: References) -> tuple[str, list[str]]:
    """``text`` with each ``\\footnote{...}`` replaced by its mark (``$^{n}$``, as the page shows it), and
    the notes' LaTeX (``$^{n}$ note``), which LaTeX sets at the foot of the same page. ``\\footnotemark``
    is a mark alone, ``\\footnotetext{...}`` the note of the last mark; a title's ``\\thanks{...}`` is
    marked with LaTeX's symbols (``$^{*}$``, ``$^{\\dagger}$``...), or as the class prints it
    (`sources.latex.class_profiles.ClassProfile.thanks`: a note without a mark, or nothing)."""
    notes = []
    at = 0
    while (found := _NOTE.search(text, at)) is not None:
        moved = _NOTE_COUNTER.search(text, at, found.start())
        upto = moved.start() if moved is not None else found.start()  # a \thefootnote before: the mark so far
        if (printed := _printed_marks(text[at:upto], refs.footnote_mark)) != text[at:upto]:
            text = text[:at] + printed + text[upto:]
            continue
        if moved is not None:  # \addtocounter{footnote}{-1} before a \footnotetext: its note takes that number
            _move_footnote_counter(moved, refs)
            text, at = text[:moved.start()] + text[moved.end():], moved.start()
            continue
        command, given = found.group(1), found.group(2)
        if command == "thanks" and refs.document.profile.thanks != "marked":  # IEEEtran's: no mark, no step
            body = argument(text[found.start():], command)
            if body is None:
                break
            if refs.document.profile.thanks == "unmarked":
                notes.append(refs.resolve(body))
            end = text.index("{", found.start() + len(command)) + len(body) + 2
            text, at = text[:found.start()] + text[end:], found.start()
            continue
        # minipage: a minipage note's mark ("a", its own counter's: the footnote counter's mark is as it was)
        step, minipage = None, None
        counter = "thanks" if command == "thanks" else "footnote"
        if command != "footnotetext" and not given:
            refs.counters[counter] = refs.counters.get(counter, 0) + 1
            # a minipage's notes step mpfootnote ("a", "b"), set under it; a title's \thanks steps the footnote
            # counter, printed as \maketitle's symbols, in turn with an \author's own \footnote
            step = refs.step(("footnote", "mpfootnote") if counter == "footnote" else "footnote")
            if step is not None and step.counter == "mpfootnote":
                minipage = step.printed
            elif step is not None and counter == "footnote":  # what TeX printed: a renewed \thefootnote's
                refs.footnote_mark = step.printed  # symbol, a \setcounter's number
            elif counter == "footnote":
                refs.footnote_mark = str(refs.counters[counter])
        number = int(given) if given and given.isdigit() else refs.counters.get(counter, 0)
        shown = given if given else minipage if minipage else refs.footnote_mark if counter == "footnote" else \
            step.printed if step is not None else None
        mark = f"$^{{{shown if shown is not None else _SYMBOLS[(number - 1) % len(_SYMBOLS)]}}}$"
        if command == "footnotemark":
            end = found.end() + (2 if text.startswith("{}", found.end()) else 0)
            text, at = text[:found.start()] + mark + text[end:], found.start() + len(mark)
            continue
        body = argument(text[found.start():], command)
        if body is None:
            break
        if not (command == "footnote" and _lost(text[:found.start()], step, refs)):
            # a \thefootnote in a note prints its own mark: "7" in \footnote[7], "a" in a minipage's (a \thanks' is
            # left: its page is refused)
            own = shown if shown is not None else refs.footnote_mark
            notes.append(f"{mark} {refs.resolve(body if counter != 'footnote' else _printed_marks(body, own))}")
        end = text.index("{", found.start() + len(command)) + len(body) + 2
        shown, after = ("" if command == "footnotetext" else mark), text[end:]
        if not shown and text[:found.start()].endswith("\n") and after.lstrip(" \t").startswith("\n"):
            after = after.lstrip(" \t")[1:]  # a line that was only the note's text: no paragraph break left
        text, at = text[:found.start()] + shown + after, found.start() + len(shown)
    while True:  # a move for a \footnotetext in a later block; a \thefootnote before it prints the mark before
        moved = _NOTE_COUNTER.search(text, at)
        upto = moved.start() if moved is not None else len(text)
        printed = _printed_marks(text[at:upto], refs.footnote_mark)
        text, upto = text[:at] + printed + text[upto:], at + len(printed)
        if moved is None:
            return text, notes
        moved = _NOTE_COUNTER.search(text, upto)  # the same move, after the text before it was written
        _move_footnote_counter(moved, refs)
        text, at = text[:moved.start()] + text[moved.end():], moved.start()


_TABULAR = re.compile(r"\\(begin|end)\{(?:tabular\*?|array)\}")  # tabularx keeps its notes, numbered on


def _lost(before: str, step: Step | None, refs: References) -> bool:
    """Whether LaTeX loses a footnote's text, its mark printed, the note nowhere: in a tabular (``before``
    leaves one open), unless a minipage sets it (its own mpfootnote counter stepped) or footnote.sty saves
    the tabular's notes (``\\makesavenoteenv{tabular}``, a ``savenotes`` environment)."""
    depth = 0
    for found in _TABULAR.finditer(before):
        depth += 1 if found.group(1) == "begin" else -1
    saved = refs.saves_notes or before.count(r"\begin{savenotes}") > before.count(r"\end{savenotes}")
    return depth > 0 and not saved and (step is None or step.counter == "footnote")
