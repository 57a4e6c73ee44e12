"""A heading MuPDF gave as one block of centred rows, written one heading or a heading a row.

A centred stack set large is a title TeX or its author wrapped, one heading, or a stack of fields its author broke
a row each (an author's name over their institution over their e-mail), a heading each: run into one, "### Jane Doe
University of X" named no one, and split a row each, "## Keep Their Trees in" | "## Rows Running Down" named
nothing. `heading_a_row` tells them apart; `heading_rows` joins the rows MuPDF set as blocks of their own.
"""

from __future__ import annotations

import re

from sources.documents.centred_grid import centred
from sources.documents.line_breaks import centred_breaks, filled_rows, wrapped_title
from sources.documents.text_layer import join_lines, line_text


def heading_a_row(heading: str, lines: list[dict], keeps_hyphen=None, column_right: float | None = None,
                   column_left: float | None = None) -> str:
    """A markdown ``heading`` made of ``lines`` written a heading a row where its rows are a centred stack its
    author broke (`centred_grid.centred`, `line_breaks.centred_breaks`): a single author's name, institution
    and e-mail under a title (article's \\author with \\\\), as a grid of several authors' cells writes
    each (`centred_grid.line_a_field`); run into one heading, "### Jane Doe University of X" named no one.
    A title TeX wrapped stays one heading, and so does one set at 1.4 body sizes or more (`heading_markdown`'s
    "#", and "##" broken mid-phrase, `_broken_mid_phrase`): TeX wrapped it in a box narrower than
    the column (a minipage), whose measure `centred_breaks` cannot know ("## Keep Their Trees in"), or its author
    broke a title's rows (\\centerline twice), still one title. Authors' names set \\Large, a name a row, are
    no title's rows: "## Bo Person Cy Sample" named no one, nor did "## Bo van der Person Maria de la Cruz Lopez"
    (their rows fill their widest as a wrapped title's might: only the words tell them apart). A stack one of whose
    rows goes on with the row above it (`_runs_into`) is a title TeX wrapped too, whatever its size, where its rows
    fill its widest (`line_breaks.filled_rows`): a title over "by" over its author's name is no title's rows."""
    from sources.documents.blocks import rows_of, union_box  # (blocks writes its headings with this one)

    level = re.match(r"#{2,3} ", heading)
    rows = rows_of(lines)
    texts = [join_lines([line_text(ln) for ln in row], keeps_hyphen) for row in rows]
    if level is not None and level[0] != "### " and _broken_mid_phrase(texts):
        return heading  # a title set large whose rows its author broke (\centerline twice) is still one title
    if level is None or len(rows) < 2 or not centred([{"bbox": union_box(ln["bbox"] for ln in row)} for row in rows]) \
            or not centred_breaks(rows, column_left, column_right) \
            or any(map(_runs_into, rows[1:])) and filled_rows(rows) or wrapped_title(rows):
        return heading
    return "\n".join(level[0] + text for text in texts)


def _broken_mid_phrase(texts: list[str]) -> bool:
    """Whether a stack's rows (``texts``, top to bottom) are a title's: a row ends mid-phrase (`ends_mid_phrase`) or
    starts with a word in lower case ("the Hill"), or holds more than `NAME_WORDS` words, one of them in lower case
    and no name's particle ("A Survey of Deep Learning" over "Methods for Medical Imaging"). A name starts and ends
    with a capital, whatever it holds between ("Bo van der Person", "Maria de la Cruz Lopez"); an e-mail address is
    no word (`_runs_into`)."""
    for above, below in zip(texts, texts[1:]):
        if ends_mid_phrase(above) or starts_lower(below):
            return True
    return any(len(text.split()) > NAME_WORDS and any(word.isalpha() and word.islower() and word not in PARTICLES
                                                      for word in text.split()) for text in texts)


NAME_WORDS = 3  # words a name's row holds at most, its particles aside ("Ann B. Example", "Bo van der Person")
# the words in lower case a name holds between its capitals ("Bo van der Person", "Maria de la Cruz Lopez"), and
# the "and" between two names on one row ("Ann Lee and Bo Chen")
PARTICLES = frozenset({"al", "and", "bin", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "el",
                       "ibn", "la", "le", "ten", "ter", "van", "von", "y", "zu"})
# a title's small words, which title case capitalises ("Grain Storage On" over "Small Farms") and no name ends with
SMALL_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to",
                         "with"})


def ends_mid_phrase(text: str) -> bool:
    """Whether a centred heading's row ``text`` ends where a title's phrase goes on in the next row: with a word in
    lower case ("Keep Their Trees in"), a title's small word capitalised (`SMALL_WORDS`: "Grain Storage On"), or a
    colon or a dash before its subtitle ("Deep Learning for Medicine:"). A name's row ends with a capital."""
    words = text.split()
    return bool(words) and (words[-1].isalpha() and words[-1].islower() or words[-1].lower() in SMALL_WORDS
                            or words[-1].endswith((":", "\u2013", "\u2014")))


def _runs_into(row: list[dict]) -> bool:
    """Whether a centred ``row`` goes on with the row above it: it starts with a word of lower-case letters ("the
    Hill" under "Their Trees in Rows Down", a title TeX wrapped in a minipage). An author's row starts a name or an
    institution, or is an e-mail address ("jane@x.org": no word)."""
    return starts_lower(line_text(min(row, key=lambda ln: ln["bbox"][0])))


def starts_lower(text: str) -> bool:
    """Whether ``text``'s first word is all letters in lower case ("the Hill"): a row going on with the one above."""
    words = text.split()
    return bool(words) and words[0].isalpha() and words[0].islower()
