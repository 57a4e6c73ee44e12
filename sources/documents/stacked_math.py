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

The same holds without a bar where a big operator or delimiter spans more than a line (`tall_math`): a
displayed sum with its limits over and under it ("∑N" | "i=1" from Octave's manual), a matrix or a ``cases``
between tall brackets ("a =" | "[ 1 2 3 4" | "]": its rows lost). MuPDF sizes a glyph's box by its font's
box, and TeX's extension fonts (cmex10: 3.7 em tall) make every such glyph look several lines tall, a
text-size sum too (which then hid the fraction it stood in: Octave's "meansq"). So those glyphs are measured
by their ink (`ink_boxes`, MuPDF's accurate boxes), for both checks.
"""

from __future__ import annotations

import bisect
import functools
import re

import pymupdf

from sources.documents.math_fonts import is_math_extension

MAX_BAR_SHARE = 0.4  # of the page's width: a longer rule is a table's, a section's or a footnote's
MAX_GAP = 0.8  # font sizes between two runs (spans) of a numerator or a denominator
# TeX's and Unicode math fonts: Computer Modern and Latin Modern math italic, symbols and extension,
# AMS symbols, txfonts/pxfonts and newtx, STIX, Cambria Math, any font named for math, and Adobe's Symbol
# and its clones (mathptmx's, mathpazo's and Word's Greek letters, operators and relations)
_MATH_FONT = re.compile(r"^(?:[A-Z]{6}\+)?(?:cmmi|cmsy|cmex|cmbsy|cmmib|lmmi|lmsy|lmex|msam|msbm|eufm|rsfs|"
                        r"txmi|txsy|txex|pxmi|pxsy|pxex|newtxmi|newtxbmi|ntxmi|ntxsy|ntxex|stix|.*math|"
                        r"standardsym|symbol(?:mt)?(?![a-z]))", re.IGNORECASE)


# a big operator's ink at least this many times its font size is a displayed one (TeX's \\sum in a display:
# 1.4, in text: 1.0); a delimiter's, a radical's or an extensible piece's at least `TALL_DELIMITER` (TeX's \\bigg
# 2.4, \\Big 1.8: a \\Big bracket holds one line)
MAX_LIMIT = 6  # characters of an operator's name ("min", "argmax") and of a limit under it ("x", "i=1")
TALL_OPERATOR = 1.3
TALL_DELIMITER = 2.0
OPERATORS = frozenset("\u2211\u220f\u2210\u222b\u222c\u222d\u222e\u22c3\u22c2\u22c0\u22c1\u2a00\u2a01\u2a02\u2a04\u2a06")
_DELIMITERS = frozenset("()[]{}|/\\\u2016\u2223\u2225\u230a\u230b\u2308\u2309\u27e8\u27e9\u221a"
                        "\u239b\u239c\u239d\u239e\u239f\u23a0\u23a1\u23a2\u23a3\u23a4\u23a5\u23a6"
                        "\u23a7\u23a8\u23a9\u23aa\u23ab\u23ac\u23ad\u23b7\u23d0")
_BIG = OPERATORS | _DELIMITERS
# the pieces a tall bracket, brace or parenthesis is built of: Unicode's (U+239B-U+23AE) and the private-use
# codes Adobe's Symbol encoding gives them (U+F8E5-U+F8FE), which a cmex10 map may name (Octave's matrices)
_PIECES = frozenset(chr(c) for c in [*range(0x239B, 0x23AF), *range(0xF8E5, 0xF8FF)])


@functools.lru_cache(maxsize=4096)
def is_math_font(font: str) -> bool:
    """Whether ``font`` (a span's font name, subset tag or not) is a math font (`_MATH_FONT`)."""
    return bool(_MATH_FONT.match(font))


def stacked_math(drawings: list[dict], text: dict, width: float) -> list[tuple[float, float, float, float]]:
    """The boxes (x0, y0, x1, y1, points) of a page's math its text layer sets as pieces: fractions
    (`fraction_bars`) and tall operators and delimiters with what stands beside them (`tall_math`).
    ``drawings``: the page's ``get_cdrawings()``; ``text``: its `text_layer.visible` dict, tall glyphs in
    their inked boxes (`ink_boxes`, `math_rows.with_inked_boxes`); ``width``: the page's, points."""
    return fraction_bars(width, drawings, text) + tall_math(text) + limits_under(text)


def limits_under(text: dict) -> list[tuple[float, float, float, float]]:
    """The boxes (x0, y0, x1, y1) of operator names with their limits set under them (a displayed
    "min" with its "x" centred below: Octave's "[min_x | max_x] C^T x" read "x c<sup>T</sup>x" | "min"): a
    short word and a script-sized run of `MAX_LIMIT` characters at most, in a math font or in italic
    (`_math_letters`), whose middle is within the word's extent and whose baseline is 0.3 to 0.8 of the word's
    size under the word's (a subscript stands right of its base; a footnote's number under a word of the line
    above is set upright in a text font)."""
    spans = [s for block in text["blocks"] for line in block.get("lines", ()) for s in line["spans"]
             if s["text"].strip() and not is_math_extension(s.get("font", ""))]
    small = [s for s in spans if len(s["text"].strip()) <= MAX_LIMIT]
    if not small or len({s["size"] for s in small}) < 2:
        return []
    words = [s for s in small if s["text"].strip().isalpha()]
    # the limits a word may have, in a math font, by baseline: each word looks only at those in its band under
    # it, and takes the first in the page's order as a walk over them all would (a page of short spans made
    # that walk quadratic: 1.3 s over the 457 pages of Debian's two manuals). A NaN baseline, which no test below
    # passes, is left out: it would unsort the rest
    limits = sorted(((s["origin"][1], order, s) for order, s in enumerate(small)
                     if _math_letters(s) and s["origin"][1] == s["origin"][1]), key=lambda c: (c[0], c[1]))
    baselines = [c[0] for c in limits]
    found = []
    for word in words:
        x0, _, x1, _ = word["bbox"]
        size, base = word["size"], word["origin"][1]
        band = limits[bisect.bisect_left(baselines, base + 0.3 * size - 0.01):
                      bisect.bisect_right(baselines, base + 0.8 * size + 0.01)]  # widened: the test below decides
        for _, _, limit in sorted(band, key=lambda c: c[1]):
            middle, drop = (limit["bbox"][0] + limit["bbox"][2]) / 2, limit["origin"][1] - word["origin"][1]
            if limit["size"] <= 0.85 * word["size"] and x0 <= middle <= x1 and limit["bbox"][0] >= x0 - 1 \
                    and 0.3 * word["size"] <= drop <= 0.8 * word["size"] \
                    and not _glued_after(limit, spans, 0.3 * word["size"]):
                found.append((x0, word["bbox"][1], max(x1, limit["bbox"][2]), limit["bbox"][3]))
                break
    return found


def ink_boxes(page, text: dict) -> dict[int, tuple]:
    """The inked box (x0, y0, x1, y1) of each span of ``text`` in a math extension font, or in a math font
    and holding a big operator or delimiter, by the span's ``id``: its glyphs' boxes as MuPDF's
    ``TEXT_ACCURATE_BBOXES`` measures them (from their outlines), read once, only where such a span is."""
    # only where MuPDF's box is its font's, taller than a line (pdfTeX's cmex10 embedded with its FontBBox); a
    # box of the font's size (TeX Live's own) says no more than the glyph's code (`math_fonts.tall_codes`)
    spans = [span for block in text["blocks"] for line in block.get("lines", ()) for span in line["spans"]
             if span["text"].strip() and span["bbox"][3] - span["bbox"][1] > 1.5 * span["size"] and _big_glyphs(span)]
    if not spans:
        return {}
    clip = pymupdf.Rect(min(s["bbox"][0] for s in spans) - 1, min(s["bbox"][1] for s in spans) - 1,
                        max(s["bbox"][2] for s in spans) + 1, max(s["bbox"][3] for s in spans) + 1)
    flags = pymupdf.TEXT_ACCURATE_BBOXES | pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
    glyphs = [(span["font"], char["origin"], char["bbox"])
              for block in page.get_text("rawdict", flags=flags, clip=clip)["blocks"]
              for line in block.get("lines", ()) for span in line["spans"] for char in span["chars"]
              if char["c"].strip() and char["bbox"][2] > char["bbox"][0]]
    found = {}
    for span in spans:
        x0, _, x1, _ = span["bbox"]
        mine = [box for font, (x, y), box in glyphs if font == span["font"] and x0 - 0.5 <= x < x1
                and abs(y - span["origin"][1]) < 0.5]
        if mine:
            found[id(span)] = (min(b[0] for b in mine), min(b[1] for b in mine),
                               max(b[2] for b in mine), max(b[3] for b in mine))
    return found


def tall_math(text: dict) -> list[tuple[float, float, float, float]]:
    """The boxes (x0, y0, x1, y1) of the formulas around ``text``'s tall operators and delimiters: a TeX
    extension font's glyph its code names tall (``tall``: `math_fonts.tall_codes`), or, measured by its ink
    (``inked``: `ink_boxes`), an operator `TALL_OPERATOR` times its size or taller, a delimiter
    `TALL_DELIMITER` times, or an operator set `TALL_OPERATOR` times the size of what stands beside it
    (`_scaled_up`); with the runs whose middle is within its height and that reach it across gaps of
    two font sizes at most (the formula's row: "a =" before a matrix, its entries, what follows)."""
    spans = [span for block in text["blocks"] for line in block.get("lines", ()) for span in line["spans"]]
    operators = [span for span in spans if not OPERATORS.isdisjoint(span["text"])]
    if not operators and not any(span.get("inked") or span.get("tall") or not _PIECES.isdisjoint(span["text"])
                                 for span in spans):
        return []
    runs = [(span["bbox"], span["size"]) for span in spans if span["text"].strip()]
    scaled = {id(span) for span in operators if _scaled_up(span, runs)}
    found = []
    for block in text["blocks"]:
        for span in (s for line in block.get("lines", ()) for s in line["spans"]
                     if s.get("inked") or s.get("tall") or id(s) in scaled or not _PIECES.isdisjoint(s["text"])):
            box, chars = span["bbox"], set(span["text"].strip())
            height = (box[3] - box[1]) / span["size"]
            if not (span.get("tall") or chars & _PIECES or id(span) in scaled or span.get("inked") and (
                    chars & OPERATORS and height >= TALL_OPERATOR or height >= TALL_DELIMITER)):
                continue
            row = [c for c in runs if box[1] <= (c[0][1] + c[0][3]) / 2 <= box[3]]
            left, right = box[0], box[2]
            for run in sorted(row, key=lambda c: c[0][0]):  # rightwards from the glyph
                if left <= run[0][0] <= right + 2 * run[1]:
                    right = max(right, run[0][2])
            for run in sorted(row, key=lambda c: -c[0][2]):  # and leftwards
                if left - 2 * run[1] <= run[0][2] <= right:
                    left = min(left, run[0][0])
            found.append((left, box[1], right, box[3]))
    return found


def _math_letters(span: dict) -> bool:
    """Whether ``span`` may be math: in a math font, or in italic (mathptmx and newtx set math's letters in the
    text's italic, Times's: a limit "x" under a displayed "min"; a footnote's number is upright)."""
    return is_math_font(span.get("font", "")) or bool(span.get("flags", 0) & 2)


def _scaled_up(span: dict, runs: list[tuple]) -> bool:
    """Whether ``span``, holding a big operator, is set `TALL_OPERATOR` times the size of the largest other run
    (``runs``: box, size) across its height or larger: a displayed operator from a font scaled up for it
    (mathptmx's and Symbol-based math: a sum from the Symbol font at 14.4 points among 10-point text, its box
    no taller than its size), where TeX's extension fonts set it at the text's size, drawn taller."""
    x0, y0, x1, y1 = span["bbox"]
    beside = [size for box, size in runs if y0 <= (box[1] + box[3]) / 2 <= y1
              and not (box[0] >= x0 - 0.5 and box[2] <= x1 + 0.5)]
    return bool(beside) and span["size"] >= TALL_OPERATOR * max(beside)


def _glued_after(span: dict, spans: list[dict], reach: float) -> bool:
    """Whether a span of ``spans`` ends at most ``reach`` points before ``span`` starts, on its height: ``span``
    is a script of that one (x<sup>T</sup> on the line under a word), not a limit standing alone."""
    x0, y0, _, y1 = span["bbox"]
    return any(other is not span and x0 - reach <= other["bbox"][2] <= x0 + 0.5
               and min(y1, other["bbox"][3]) > max(y0, other["bbox"][1]) for other in spans)


def _big_glyphs(span: dict) -> bool:
    """Whether a span may hold a glyph drawn taller than its line: any in a TeX math extension font, a big
    operator or a delimiter in any other math font (Cambria Math, STIX, Latin Modern Math)."""
    font = span.get("font", "")
    return is_math_extension(font) or is_math_font(font) and not _BIG.isdisjoint(span["text"])


def fraction_bars(width: float, drawings: list[dict], text: dict) -> list[tuple[float, float, float, float]]:
    """The boxes (x0, y0, x1, y1, points) of the fractions whose bars are among ``drawings`` (a page's
    ``get_cdrawings()``, the page ``width`` points wide), read from its text's spans (``text``: its
    `text_layer.visible` dict, tall glyphs in their inked boxes): the bar with its numerator and denominator."""
    limit = MAX_BAR_SHARE * width
    bars = [tuple(drawing["rect"]) for drawing in drawings if _thin_rule(tuple(drawing["rect"]), limit)]
    if not bars:
        return []
    every = sorted(((span["bbox"], span["size"], span["text"].strip(), is_math_font(span.get("font", "")))
                    for block in text["blocks"] for line in block.get("lines", ()) for span in line["spans"]
                    if span["text"].strip()), key=lambda c: c[0][1])
    if not every:
        return []
    tops = [c[0][1] for c in every]
    reach = 4 * max(c[1] for c in every) + max(c[0][3] - c[0][1] for c in every)  # what a bar's checks look at
    found = []
    for x0, y0, x1, y1 in bars:
        y = (y0 + y1) / 2
        runs = every[bisect.bisect_left(tops, y - reach):bisect.bisect_right(tops, y + reach)]
        if _radical_before(runs, x0, y):  # the rule is a root's overline: what it covers is the root's
            radicand = [c for c in runs if x0 - 1.5 <= c[0][0] and c[0][2] <= x1 + 1.5
                        and y < (c[0][1] + c[0][3]) / 2 <= y + 2 * c[1]]
            if _ROOT_SCOPE.search("".join(c[2] for c in radicand)) or any(" " in c[2] for c in radicand):
                found.append((min(x0 - 2, *(c[0][0] for c in radicand)), min(y, *(c[0][1] for c in radicand)),
                              max(x1, *(c[0][2] for c in radicand)), max(y, *(c[0][3] for c in radicand))))
            continue
        above = _piece(runs, x0, x1, y, lambda c: y - 0.6 * c[1] <= c[0][3] <= y + 0.5, across=False)
        below = _piece(runs, x0, x1, y, lambda c: y - 0.5 <= c[0][1] <= y + 0.8 * c[1], across=True)
        if not above or not below or not (_one_run(above + _near(runs, x0, x1, y, -1))
                                           and _one_run(below + _near(runs, x0, x1, y, 1))):
            continue
        if not (_centred(above, x0, x1) and _centred(below, x0, x1)):
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
    # what ends before the bar's start or starts past its end stands beside it (a sum after 1/N, "ȳ =" before)
    band = [c for c in runs if in_band(c) and c[0][2] > x0 + 0.5 and c[0][0] < x1 - 0.5]
    if any(c[0][0] < x0 - 1.5 or c[0][2] > x1 + 1.5 for c in band):
        return None
    return band + [c for c in runs if across and c[0][1] < y < c[0][3] and not in_band(c)
                   and x0 - 1.5 <= c[0][0] and c[0][2] <= x1 + 1.5]


# a root over more than one term: written inline, "√x2 + y2" reads as the root of x² plus y²
_ROOT_SCOPE = re.compile("[-+\u2212=,/\u00b7\u00d7<>\u2264\u2265\u2211\u222b]")


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
