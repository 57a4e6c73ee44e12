"""The comment package's environments as TeX reads them: ``\\begin{comment}`` and an ``\\excludecomment{x}``'s
lines print nothing, an ``\\includecomment{x}``'s print as if the begin and end were not there (no paragraph
ends at either). Read as environments of their own, an included one's text was a paragraph apart ("First.
\\n\\nIncluded.\\n\\nLast." for the page's one paragraph), and the compile's SyncTeX placed it nowhere (the
package typesets it from a file it writes: `sources.latex.compile` makes it a plain environment). A
``\\specialcomment{x}{before}{after}``'s text prints the same, its begin and end lines read as its before and after
code (its text was in no target: the package typesets it from that file too).
"""

from __future__ import annotations

import dataclasses
import re

from sources.latex.macros import group_end

_DECLARED = re.compile(r"\\(include|exclude|special)comment\s*\{\s*([A-Za-z@*]+)\s*\}")
# loaded by the document, or by a package of its own (\\RequirePackage in a .sty the preamble's text holds)
_PACKAGE = re.compile(r"\\(?:usepackage|RequirePackage)\s*(?:\[[^\]]*\])?\s*\{[^{}]*\bcomment\b[^{}]*\}")

_GROUPING = re.compile(r"\\(begingroup|bgroup|endgroup|egroup)(?![A-Za-z@])\s*")


def comment_environments(preamble: str) -> tuple[frozenset[str], frozenset[str], dict[str, tuple[str, str]]]:
    """(included, excluded, special) environment names the comment package, loaded in ``preamble``, makes (its own
    ``comment`` excluded unless included), special ones with their before and after code (name -> (before,
    after)); all empty where it is not loaded. The last declaration wins."""
    if not _PACKAGE.search(preamble):
        return frozenset(), frozenset(), {}
    kinds, special = {"comment": "exclude"}, {}
    for found in _DECLARED.finditer(preamble):
        kinds[found.group(2)] = found.group(1)
        if found.group(1) == "special":
            before = group_end(preamble, found.end())
            after = group_end(preamble, before) if before is not None else None
            if after is None:  # not read here: its code is not known, its text is left as it is
                del kinds[found.group(2)]
                continue
            # each group as `group_end` matched it (spaces, then braces): its text inside the braces
            special[found.group(2)] = (preamble[found.end():before].lstrip()[1:-1],
                                       preamble[before:after].lstrip()[1:-1])
    return (frozenset(name for name, kind in kinds.items() if kind == "include"),
            frozenset(name for name, kind in kinds.items() if kind == "exclude"),
            {name: code for name, code in special.items() if kinds.get(name) == "special"})


def uncommented(lines: list, preamble: str) -> list:
    """``lines`` (`sources.latex.blocks.Line`) with an included environment's begin and end lines, and an
    excluded one's every line, made comments (``%``: the line stays, so its numbers do, and ends no paragraph), a
    special one's begin and end lines its before and after code (on the line, ended by ``%``). The package reads
    its begin and end only on lines of their own; another line is left as it is."""
    included, excluded, special = comment_environments(preamble)
    if not included and not excluded and not special:
        return lines
    names = "|".join(re.escape(name) for name in sorted(included | excluded | set(special)))
    edge = re.compile(r"\s*\\(begin|end)\s*\{(" + names + r")\}\s*$")
    out, inside = [], None
    for line in lines:
        found = edge.match(line.text)
        if inside is not None:  # an excluded environment's line (its end too)
            if found and found.group(1) == "end" and found.group(2) == inside:
                inside = None
            out.append(dataclasses.replace(line, text="%"))
            continue
        if found and found.group(1) == "begin" and found.group(2) in excluded:
            inside = found.group(2)
        if found:
            code = special.get(found.group(2), ("", ""))[found.group(1) == "end"]
            # pandoc reads no \\begingroup: "{\\begingroup\\bfseries}{\\endgroup}" made the rest of the paragraph bold
            code = _GROUPING.sub(lambda edge: "{" if edge.group(1) in ("begingroup", "bgroup") else "}", code)
            line = dataclasses.replace(line, text=" ".join(code.split("\n")) + "%")
        out.append(line)
    return out
