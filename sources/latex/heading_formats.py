"""KOMA-Script's heading numbers as a preamble redefines what follows them.

KOMA-Script prints ``\\autodot`` after a heading's number (in the heading and in the table of contents): a
period where ``\\if@altsecnumformat`` is on (`sources.latex.class_profiles.DocumentClass.number_suffix` reads
when), none otherwise. A preamble may renew ``\\autodot`` itself (``\\renewcommand*{\\autodot}{}``: never a
period) or one level's format (``\\renewcommand*{\\sectionformat}{\\thesection\\enskip}``: no period after a
section's number, a subsection's still ``\\autodot``'s). Ignored, "1 Introduction" was written
"1. Introduction" after ``\\appendix``. What such a definition prints is read here; one that prints more than
text and spacing after the number cannot be (`FormatUnread`: the page is refused, no period guessed).
"""

from __future__ import annotations

import re

from shards.reject import ReasonError
from sources.latex.captions import braced

_COMMENT = re.compile(r"(?<!\\)%.*$", re.M)
# what prints only a space after the number (which the target writes as its one space)
_SPACING = re.compile(r"\\(?:enskip|enspace|quad|qquad|space|nobreakspace|relax|[,;:! ])(?![A-Za-z@])"
                      r"|\\hspace\*?\s*\{[^{}]*\}|\\kern\s*-?[\d.]+\s*[a-z]{2}|~|\{\}")
_SWITCH = re.compile(r"\\if@altsecnumformat(?![A-Za-z@])\s*((?:(?!\\fi(?![A-Za-z@])).)*)\\fi(?![A-Za-z@])", re.S)
# \chapterformat's own opening (KOMA's default): the chapter's name, which the class profile prints
_CHAPTER_PREFIX = re.compile(r"^\s*\\chapappifchapterprefix\s*\{[^{}]*\}")


class FormatUnread(ReasonError):
    """A redefinition of what follows a heading's number that is not understood: ``unsupported:latex_heading_format``."""

    def __init__(self, detail: str):
        super().__init__("unsupported:latex_heading_format", detail)


def number_suffix(preamble: str, automatic: str, level: str | None = None) -> str:
    """What KOMA-Script prints after the number of a heading at ``level`` (``"section"``; None: ``\\autodot``
    alone, as the table of contents prints it): the preamble's last definition of ``\\<level>format``, else
    of ``\\autodot``, read; ``automatic`` is what KOMA's own ``\\autodot`` prints there ("." or "").
    Raises `FormatUnread` where the definition prints more than text and spacing after the number."""
    preamble = _COMMENT.sub("", preamble)
    body = _last_definition(preamble, "autodot")
    autodot = automatic if body is None else _printed(body, automatic, "\\autodot")
    if level is None or (body := _last_definition(preamble, f"{level}format")) is None:
        return autodot
    number = re.match(r"\s*\\the" + level + r"(?![A-Za-z@])", _CHAPTER_PREFIX.sub("", body))
    if number is None:
        raise FormatUnread(f"\\{level}format is defined as {body.strip()[:80]!r}: its number is not read")
    after = re.sub(r"\\autodot(?![A-Za-z@])(?:\s*\{\})?", lambda _: autodot, _CHAPTER_PREFIX.sub("", body)[number.end():])
    return _printed(after, automatic, f"\\{level}format")


def _last_definition(preamble: str, name: str) -> str | None:
    """The body of the last ``\\renewcommand`` (``\\def``, ``\\let`` to nothing) of ``\\name`` in ``preamble``."""
    head = re.compile(r"\\(?:renewcommand\s*\*?\s*(?:\{\s*\\" + name + r"\s*\}|\\" + name + r"(?![A-Za-z@]))"
                      r"(?:\s*\[\d\])?|[gex]?def\s*\\" + name + r"(?![A-Za-z@])"
                      r"|let\s*\\" + name + r"(?![A-Za-z@])\s*=?\s*(\\[A-Za-z@]+))")
    found = None
    for start in head.finditer(preamble):
        if start.group(1) is not None:  # \let\autodot\relax
            if start.group(1) not in ("\\relax", "\\empty", "\\@empty"):
                raise FormatUnread(f"\\{name} is \\let to {start.group(1)}: what it prints is not read")
            found = ""
            continue
        body, _ = braced(preamble, start.end())
        if body is None:
            raise FormatUnread(f"\\{name} is defined without a braced body: what it prints is not read")
        found = body
    return found


def _printed(body: str, automatic: str, name: str) -> str:
    """The text ``body`` prints: KOMA's switch decided (on where ``automatic`` is a period), spacing gone."""
    text = _SWITCH.sub(lambda found: found.group(1) if automatic else "", body)
    text = _SPACING.sub("", text).strip()
    if re.search(r"[\\{}#$^_&]", text):
        raise FormatUnread(f"{name} prints {body.strip()[:80]!r} after the number: not read")
    return text
