"""Fractions a page's text layer lays out as separate lines, found by their bars.

TeX sets a fraction as a numerator over a rule over a denominator (``\\frac`` in a display or in running
text, ``\\tfrac``), and its text layer holds them as pieces: MuPDF gives the numerator as a line of its own
and the denominator merged into the words after it ("ηt =" | "η0" | "1+t/τ so that ..."), so the page read
"ηt = 1+t/τ so that ... schedule η0", another formula, and a paragraph's lines came out of order around
it; "r = (a+b)/(c−d)" came out "r = a + b" and "c −d," as two paragraphs (hunt4's LaTeX cases 1, 2, 12). No
linear order of those pieces is the page's (which is neither "a + b c − d" nor "(a + b)/(c − d)" without
inventing the brackets), so the page is not written from its text layer (`page_sample`: refused,
``filtered:stacked_math``) and its blocks there are left out of interleaved text. Math from arXiv sources
is read from the LaTeX itself (`sources.latex`), where no such loss happens.

A fraction bar is a thin horizontal rule, short (`MAX_BAR_SHARE` of the page's width at most), with a
piece of text right above it and one right below it, each within its ends and centred on it, each set as
one run (no gap wider than `MAX_GAP` font sizes between its spans: a table's spanning header over a
``\\cmidrule``, "Accuracy (%)" over "Val  Test", has its columns' gap below, where MuPDF starts a new line),
and math fonts in a piece or beside the bar on its row (a rule between two lines of plain prose is a rule).
"""

from __future__ import annotations

import re


MAX_BAR_SHARE = 0.4  # of the page's width: a longer rule is a table's, a section's or a footnote's
MAX_GAP = 0.8  # font sizes between two runs (spans) of a numerator or a denominator
# TeX's and Unicode math fonts: Computer Modern and Latin Modern math italic, symbols and extension,
# AMS symbols, txfonts/pxfonts, STIX, Cambria Math, and any font named for math
_MATH_FONT = re.compile(r"^(?:[A-Z]{6}\+)?(?:cmmi|cmsy|cmex|cmbsy|cmmib|lmmi|lmsy|lmex|msam|msbm|eufm|rsfs|"
                        r"txmi|txsy|txex|pxmi|pxsy|pxex|stix|.*math)", re.IGNORECASE)


def is_math_font(font: str) -> bool:
    """Whether ``font`` (a span's font name, subset tag or not) is a math font (`_MATH_FONT`)."""
    return bool(_MATH_FONT.match(font))


def fraction_bars(width: float, drawings: list[dict], text: dict) -> list[tuple[float, float, float, float]]:
    """The boxes (x0, y0, x1, y1, points) of the fractions whose bars are among ``drawings`` (a page's
    ``get_cdrawings()``, the page ``width`` points wide), read from its text's spans (``text``: its
    `text_layer.visible` dict): the bar with its numerator and denominator."""
    limit = MAX_BAR_SHARE * width
    bars = [tuple(drawing["rect"]) for drawing in drawings if _thin_rule(tuple(drawing["rect"]), limit)]
    if not bars:
        return []
    runs = [(span["bbox"], span["size"], span["text"].strip(), is_math_font(span.get("font", "")))
             for block in text["blocks"] for line in block.get("lines", ()) for span in line["spans"]
             if span["text"].strip()]
    found = []
    for x0, y0, x1, y1 in bars:
        y = (y0 + y1) / 2
        above = _piece(runs, x0, x1, y, lambda c: y - 0.8 * c[1] <= c[0][3] <= y + 0.5, across=False)
        below = _piece(runs, x0, x1, y, lambda c: y - 0.5 <= c[0][1] <= y + 0.8 * c[1], across=True)
        if not above or not below or not (_one_run(above + _near(runs, x0, x1, y, -1))
                                           and _one_run(below + _near(runs, x0, x1, y, 1))):
            continue
        if not (_centred(above, x0, x1) and _centred(below, x0, x1)) or _radical_before(runs, x0, y):
            continue
        beside = [c for c in runs if c[0][1] - c[1] <= y <= c[0][3] + c[1] and
                  (x0 - 2 * c[1] <= c[0][2] <= x0 or x1 <= c[0][0] <= x1 + 2 * c[1])]
        if not any(c[3] for c in above + below + beside):
            continue
        boxes = [c[0] for c in above + below]
        found.append((min(x0, *(b[0] for b in boxes)), min(b[1] for b in boxes),
                      max(x1, *(b[2] for b in boxes)), max(b[3] for b in boxes)))
    return found


def _piece(runs: list[tuple], x0: float, x1: float, y: float, in_band, across: bool) -> list[tuple] | None:
    """The runs of text (spans: box, size, text, math) of the band (``in_band``) over the bar ``x0``-``x1`` at
    height ``y`` (within a point and a half of its ends), with, where ``across``, those across the bar's
    height inside its ends (a denominator's radical sign rises past the bar); None where the band's text
    runs on past the bar's ends (a line of prose crossing the rule)."""
    band = [c for c in runs if in_band(c) and c[0][2] >= x0 - c[1] and c[0][0] <= x1 + c[1]]
    if any(c[0][0] < x0 - 1.5 or c[0][2] > x1 + 1.5 for c in band):
        return None
    return band + [c for c in runs if across and c[0][1] < y < c[0][3] and not in_band(c)
                   and x0 - 1.5 <= c[0][0] and c[0][2] <= x1 + 1.5]


def _near(runs: list[tuple], x0: float, x1: float, y: float, side: int) -> list[tuple]:
    """The runs within the bar's ends whose middle is on its ``side`` (-1 above, 1 below) within 2.5
    font sizes: a part's scripts, radicals and a sum's limits, which fill its gaps (a table's columns stay apart)."""
    return [c for c in runs if x0 - 1.5 <= c[0][0] and c[0][2] <= x1 + 1.5
            and 0 < side * ((c[0][1] + c[0][3]) / 2 - y) <= 2.5 * c[1]]


def _radical_before(runs: list[tuple], x0: float, y: float) -> bool:
    """Whether a radical sign ends where the rule starts, on its height: the rule is its overline."""
    return any(c[2].endswith("\u221a") and abs(c[0][2] - x0) <= 1.5 and c[0][1] - 1 <= y <= c[0][3] + 1 for c in runs)


def _thin_rule(rect: tuple, limit: float) -> bool:
    """Whether a drawing's box (x0, y0, x1, y1) is a horizontal rule short enough to be a fraction's bar."""
    return rect[3] - rect[1] <= 1.5 and 2 <= rect[2] - rect[0] <= limit


def _one_run(runs: list[tuple]) -> bool:
    """Whether runs of text (box, size, ...) set left to right leave no gap over `MAX_GAP` font sizes."""
    ordered = sorted(runs, key=lambda c: c[0][0])
    reach = ordered[0][0][2]  # the right end of what is set so far: a sum's limits stand over its sign
    for before, char in zip(ordered, ordered[1:]):
        if char[0][0] - reach > MAX_GAP * max(before[1], char[1]):
            return False
        reach = max(reach, char[0][2])
    return True


def _centred(runs: list[tuple], x0: float, x1: float) -> bool:
    """Whether the runs' extent is centred on the bar ``x0``-``x1`` (15% of its width, and a
    point and a half, of slack: TeX centres each part, padded by ``\\nulldelimiterspace``)."""
    left, right = min(c[0][0] for c in runs), max(c[0][2] for c in runs)
    return abs((left + right) / 2 - (x0 + x1) / 2) <= 0.15 * (x1 - x0) + 1.5
