"""Captions as the page prints them: ``Figure 2: Right caption.``, wherever LaTeX sets one.

A float may hold several (two minipages side by side, each with its ``\\caption``); ``\\captionof{figure}``
(caption or capt-of package) sets one outside any float, in a ``center`` or a ``minipage``; a
``longtable`` sets its own caption as a row of the table. Each caption steps its counter where it is, and
the compile's record (`sources.latex.numbering`) holds that step on the caption's lines: its counter says
which name the label takes when the source does not (a ``\\caption`` outside a float), its printed form
the number. ``\\caption*`` prints no label.
"""

from __future__ import annotations

import dataclasses
import re

_CAPTION = re.compile(r"\\caption(of)?(\*)?(?![A-Za-z@])")
_TABLE_CAPTIONED = ("longtable", "xltabular", "supertabular", "mpsupertabular")


@dataclasses.dataclass(frozen=True)
class Caption:
    """One caption command in a block's text: where it starts and ends, the counter ``\\captionof`` names
    (None for ``\\caption``), whether it is starred, and its text."""

    start: int
    end: int
    kind: str | None
    starred: bool
    text: str


def find_captions(text: str) -> list[Caption]:
    """Each ``\\caption``, ``\\caption*`` and ``\\captionof{kind}`` in ``text``, in order."""
    found = []
    for command in _CAPTION.finditer(text):
        at, kind = command.end(), None
        if command.group(1):
            kind, at = braced(text, at)
            if kind is None:
                continue
            kind = kind.strip()
        optional = re.match(r"\s*\[(?:[^\[\]]|\[[^\]]*\])*\]", text[at:])  # the list-of-figures form
        at += optional.end() if optional else 0
        body, at = braced(text, at)
        if body is not None:
            found.append(Caption(command.start(), at, kind, bool(command.group(2)), body))
    return found


def caption_latex(caption: Caption, kind: str | None, refs, continued: bool = False) -> str:
    """The caption as the page prints it: its label (TeX's own where the compile recorded it) and text.
    ``kind``: the counter the caption steps where the source says it (the float's), None where only
    the record can say; ``continued``: the float is a ``\\ContinuedFloat``, whose caption steps nothing and
    prints the label of the last caption of its kind again."""
    text = refs.resolve(caption.text)
    if caption.starred:
        return text
    kinds = (caption.kind,) if caption.kind else (kind,) if kind else ("figure", "table")
    if continued and kinds[0] in refs.captioned:
        return refs.captioned[kinds[0]] + text
    step = refs.step(kinds)
    counter = step.counter if step is not None else kinds[0]
    refs.counters[counter] = refs.counters.get(counter, 0) + 1
    if step is None:
        head = f"{counter.capitalize()} {refs.counters[counter]}: "
    else:
        label = step.label if step.label is not None else f"{counter.capitalize()} {step.printed}"
        # the caption package's labelformat=empty: the caption alone, no separator
        head = f"{label}{':' if step.separator is None else step.separator} " if label else ""
    refs.captioned[counter] = head
    return head + text


def loose_captions(env: str, text: str, refs) -> str:
    """A block's ``text`` (not a float) with the captions in it as the page prints them: a paragraph of
    their own in place; a ``longtable``'s, which is a row of the table, before the table (after it when the
    caption ends the table)."""
    captions = find_captions(text)
    if not captions:
        return text
    kind = "table" if env in _TABLE_CAPTIONED else "figure" if "figure" in env else "table" if "table" in env else None
    if env in _TABLE_CAPTIONED:
        lines, first_row = [], text.find("&")
        for caption in reversed(captions):  # the caption's row goes: its \\label and the row's end with it
            row_end = re.match(r"(\s*\\label\{[^}]*\})*\s*(\\\\(\[[^\]]*\])?|\\tabularnewline)?", text[caption.end:])
            text = text[:caption.start] + text[caption.end + row_end.end():]
        for caption in captions:
            lines.append((caption.start < first_row or first_row < 0, caption_latex(caption, kind, refs)))
        before = [line for first, line in lines if first]
        after = [line for first, line in lines if not first]
        return "\n\n".join(before + [text] + after)
    parts, at = [], 0
    for caption in captions:
        parts += [text[at:caption.start], "\n\n" + caption_latex(caption, kind, refs) + "\n\n"]
        at = caption.end
    return "".join(parts + [text[at:]])


def replace_braced(text: str, pattern: re.Pattern, make, stop_unbalanced: bool = False) -> str:
    """``text`` with each match of ``pattern`` (a command, ending before its ``{``) and the braced group after
    it replaced by ``make(group)``; a match inside one replaced already is skipped, and one without a balanced
    group is left as it is (``stop_unbalanced``: it and all after it are)."""
    out, at = [], 0
    for found in pattern.finditer(text):
        if found.start() < at:
            continue
        group, end = braced(text, found.end())
        if group is None:
            if stop_unbalanced:
                break
            continue
        out += [text[at:found.start()], make(group)]
        at = end
    return "".join(out + [text[at:]])


def braced(text: str, at: int) -> tuple[str | None, int]:
    """The braced group starting at ``at`` (spaces before it allowed) and where it ends, or (None, ``at``)."""
    opening = re.match(r"\s*\{", text[at:])
    if opening is None:
        return None, at
    depth, start = 1, at + opening.end()
    for i in range(start, len(text)):
        if text[i] == "{" and text[i - 1] != "\\":
            depth += 1
        elif text[i] == "}" and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start:i], i + 1
    return None, at


def argument(text: str, command: str) -> str | None:
    """The braced argument of the first ``\\command{...}`` in ``text`` (nested braces kept), or None."""
    found = re.search(r"\\" + re.escape(command) + r"\*?\s*(?:\[[^\]]*\])?\s*\{", text)
    return braced(text, found.end() - 1)[0] if found else None
