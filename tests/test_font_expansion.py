"""Font sizes font expansion split, taken as one (`sources.documents.font_expansion`): the sizes MuPDF reads for
rows pdfTeX set wider or narrower are one size; sizes a document sets apart stay apart."""

from collections import Counter

from sources.documents.font_expansion import grouped, one_of, size_groups


def test_rows_set_a_percent_wider_or_narrower_are_the_size_set_in_most_characters():
    # microtype's default expansion (2% either way) as MuPDF reads it: the geometric mean of the two scales. Apart,
    # each of the body's sizes held fewer characters than the notes' 7.97
    counts = Counter({9.963: 50, 10.062: 80, 9.883: 60, 7.97: 150, 14.35: 10})
    assert size_groups(counts) == {9.963: 10.062, 10.062: 10.062, 9.883: 10.062, 7.97: 7.97, 14.35: 14.35}
    assert grouped(counts).most_common(1) == [(10.062, 190)]
    assert one_of(9.91, frozenset({10.0})) and not one_of(9.7, frozenset({10.0}))


def test_sizes_a_document_sets_apart_stay_apart():
    # Word's 11 and 11.5 points (4.5%), a footnote's 8 under 10, a heading's 12 over it
    counts = Counter({11.0: 90, 11.5: 30, 8.0: 20, 12.0: 10})
    assert size_groups(counts) == {size: size for size in counts}
    assert grouped(counts) == counts
