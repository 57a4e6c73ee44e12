"""Font sizes that font expansion split, taken as one: pdfTeX's expansion (microtype's default, the hz-program)
widens or narrows a row's glyphs by a percent or two to even out its spaces, and MuPDF reads each row's
expanded font as a size of its own.

pdfTeX sets an expanded row with a text matrix that scales x alone ("1.02 0 0 1 x y Tm"), and MuPDF's size is
the geometric mean of the two scales: a row 2% wide (microtype's ``stretch=20``) reads 1% larger, and a document
set in 10 points came as rows of 9.86, 9.88, 9.91, 9.96, 10.0, 10.03 and 10.06 points. Counted apart, its body
set fewer characters in any one of them than its footnotes did in 8 points: the notes' size was taken for the
body's, and paragraphs were written as ``###`` headings (elsarticle's and acmart's pages, which load microtype).
Sizes within `EXPANSION` of a size set in more characters are that size (`size_groups`); sizes further apart (a
footnote's 8 points, a heading's 12, Word's 11 and 11.5) stay apart.
"""

from __future__ import annotations

from collections import Counter

EXPANSION = 0.025  # a size's relative distance from a commoner one, at most (microtype's stretch=50: 2.5%)


def size_groups(counts: Counter) -> dict[float, float]:
    """Each size of ``counts`` (size -> characters set in it) mapped to the size of its group: the size set in
    the most characters, then each size within `EXPANSION` of a group's size (the commonest group first) in
    that group, else a group of its own."""
    groups: list[float] = []
    found = {}
    for size, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):  # a tie: the smaller size first
        found[size] = next((g for g in groups if abs(size - g) <= EXPANSION * g), size)
        if found[size] == size:
            groups.append(size)
    return found


def grouped(counts: Counter) -> Counter:
    """``counts`` (size -> a count) summed by `size_groups`: each group's count under its size."""
    out: Counter = Counter()
    for size, group in size_groups(counts).items():
        out[group] += counts[size]
    return out


def one_of(size: float, sizes: frozenset[float]) -> bool:
    """Whether ``size`` is one of ``sizes`` or within `EXPANSION` of one (a size font expansion made of it)."""
    return size in sizes or any(abs(size - s) <= EXPANSION * s for s in sizes)
