"""The comment package's environments as TeX reads them: ``\\begin{comment}`` and an ``\\excludecomment{x}``'s
lines print nothing, an ``\\includecomment{x}``'s print as if the begin and end were not there (no paragraph
ends at either). Read as environments of their own, an included one's text was a paragraph apart ("First.
\\n\\nIncluded.\\n\\nLast." for the page's one paragraph), and the compile's SyncTeX placed it nowhere (the
package typesets it from a file it writes: `sources.latex.compile` makes it a plain environment).
"""

from __future__ import annotations

import dataclasses
import re

_DECLARED = re.compile(r"\\(include|exclude)comment\s*\{\s*([A-Za-z@*]+)\s*\}")
# loaded by the document, or by a package of its own (\\RequirePackage in a .sty the preamble's text holds)
_PACKAGE = re.compile(r"\\(?:usepackage|RequirePackage)\s*(?:\[[^\]]*\])?\s*\{[^{}]*\bcomment\b[^{}]*\}")


def comment_environments(preamble: str) -> tuple[frozenset[str], frozenset[str]]:
    """(included, excluded) environment names the comment package, loaded in ``preamble``, makes (its own
    ``comment`` excluded unless included); both empty where it is not loaded. The last declaration wins."""
    if not _PACKAGE.search(preamble):
        return frozenset(), frozenset()
    kinds = {"comment": "exclude"}
    for found in _DECLARED.finditer(preamble):
        kinds[found.group(2)] = found.group(1)
    return (frozenset(name for name, kind in kinds.items() if kind == "include"),
            frozenset(name for name, kind in kinds.items() if kind == "exclude"))


def uncommented(lines: list, preamble: str) -> list:
    """``lines`` (`sources.latex.blocks.Line`) with an included environment's begin and end lines, and an
    excluded one's every line, made comments (``%``: the line stays, so its numbers do, and ends no paragraph).
    The package reads its begin and end only on lines of their own; another line is left as it is."""
    included, excluded = comment_environments(preamble)
    if not included and not excluded:
        return lines
    names = "|".join(re.escape(name) for name in sorted(included | excluded))
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
            line = dataclasses.replace(line, text="%")
        out.append(line)
    return out
