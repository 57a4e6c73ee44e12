"""The spaces TeX sets around math's relations and operators, which the text layer misses.

TeX spaces math by the kinds of its atoms: a thick space (5 mu, 0.28 em) on each side of a relation ("∈",
"←", "≤"), a medium one (4 mu, 0.22 em) around a binary operator, none inside an ordinary run. It draws those
as gaps, never as space characters, and MuPDF writes a space only where a gap is wide for the font it measures
with: around Computer Modern's symbols (cmsy) it often writes none, so "v ∈ V" came out "v ∈V", "d[v] ← ∞"
"d[v] ←∞" and "x ∉ S" "x ∉S" (LaTeX's papers, algorithms, Octave's manual). A gap of `MATH_SPACE` or more
beside a math symbol (`is_math_symbol`) with no space in it is one.

A mu is an 18th of the math symbol font's quad, and fonts differ: beside Times (mathptmx) the gaps a relation
and a binary operator leave measure 0.175 and 0.14 em box to box, and "v ∈ V" read "v ∈V", "x − y" "x−y",
"1.2 × 10" "1.2×10". A relation or a binary operator has a medium space or a thick one beside it, or none
(in a script, or a unary minus: no gap), on both its sides; only a big operator (`BIG_OPERATORS`) has a thin
one after it, which is no space. So a gap of `RELATION_SPACE` ems is a space beside a math symbol spaced so on
both sides (`spaces_after`).
"""

from __future__ import annotations

import re
import unicodedata

MATH_SPACE = 0.2  # ems: a medium math space (0.22 em) or wider; a thin one (0.17 em, after a big operator) is none
RELATION_SPACE = 0.1  # ems beside a relation or a binary operator: Times's medium space (0.14 em) or wider
# big operators: a thin space after one, set before what it operates on, is none
BIG_OPERATORS = frozenset("\u2211\u220f\u2210\u222b\u222c\u222d\u222e\u22c3\u22c2\u22c0\u22c1")

# arrows, mathematical operators and relations, supplemental arrows and operators, miscellaneous technical
# symbols that TeX uses as relations (U+2190-U+22FF, U+27F0-U+27FF, U+2900-U+2AFF), and Latin-1's times,
# plus-minus and division signs
_MATH = re.compile("[\u2190-\u22ff\u27f0-\u27ff\u2900-\u2aff\u00d7\u00b1\u00f7]")


def holds_math(text: str) -> bool:
    """Whether ``text`` holds a math symbol (`_MATH`): its line is read from its characters for the spaces."""
    return bool(_MATH.search(text))


def spaces_after(chars: list[tuple[dict, float]]) -> set[int]:
    """The indices of ``chars`` (a line's rawdict characters in order, each with its span's size in points)
    after which a space goes: a gap to the next character of `MATH_SPACE` ems or more, one of the two a math
    symbol, neither a space; or of `RELATION_SPACE` ems, beside a math symbol spaced so on its other side too (or
    at the line's edge), no big operator and no quotation mark beside it (TeX sets its spaces on both sides of a
    relation or a binary operator; Computer Modern's boxes leave 0.14 em between "‘" and "≡" or "N" and "−1"
    where TeX set none)."""
    out = set()
    for k, ((a, size_a), (b, size_b)) in enumerate(zip(chars, chars[1:])):
        if a["c"].isspace() or b["c"].isspace() or not (_MATH.match(a["c"]) or _MATH.match(b["c"])):
            continue
        gap, size = b["bbox"][0] - a["bbox"][2], max(size_a, size_b)
        if gap >= MATH_SPACE * size:
            out.add(k)
        elif gap >= RELATION_SPACE * size and not ({a["c"], b["c"]} & BIG_OPERATORS) \
                and not any(_quote(c["c"]) for c in (a, b)) \
                and (_MATH.match(a["c"]) and _spaced(chars, k - 1) or _MATH.match(b["c"]) and _spaced(chars, k + 1)):
            out.add(k)
    return out


def _quote(char: str) -> bool:
    """Whether ``char`` is a quotation mark (a symbol quoted in running text, "‘≡’", has no math space)."""
    return char in "'\"`" or unicodedata.category(char[:1] or " ") in ("Pi", "Pf")


def _spaced(chars: list[tuple[dict, float]], k: int) -> bool:
    """Whether a space or a gap of `RELATION_SPACE` ems stands between ``chars[k]`` and the next, or ``k`` is
    past the line's edge."""
    if k < 0 or k + 1 >= len(chars):
        return True
    (a, size_a), (b, size_b) = chars[k], chars[k + 1]
    return a["c"].isspace() or b["c"].isspace() or b["bbox"][0] - a["bbox"][2] >= RELATION_SPACE * max(size_a, size_b)
