"""bench.doc_scores: each score of the documentation bench counts what its row says, on small texts."""

from __future__ import annotations

from bench import doc_scores as score
from bench.doc_corpus import Truth


def test_code_lines_count_whole_lines_and_a_comment_in_a_fence_is_no_heading():
    truth = Truth(code_lines=["# point is a tuple", "match point:", "case (0, 0):"])
    text = "Intro\n\n```\n# point is a tuple\nmatch point:\n    case (0, 0):\n```"
    assert score.code_lines(text, truth) == (3, 3)
    assert score.code_lines("match point: case (0, 0):", truth) == (0, 3)
    assert score.headings(text) == []
    assert score.headings("## 1.1. Interface **options**") == ["1.1. interface options"]


def test_list_items_are_bullet_lines_starting_with_the_items_words():
    truth = Truth(list_items=["Use 4-space indentation, and no tabs. 4 spaces are a good compromise", "Wrap lines"])
    assert score.list_items("- Use 4-space indentation, and no tabs.\n\n• Wrap lines so that", truth) == (2, 2)
    assert score.list_items("Use 4-space indentation, and no tabs.\n- Wrap lines", truth) == (1, 2)


def test_reading_order_is_kendall_tau_over_the_lines_found():
    truth = Truth(order=["left one", "left two", "right one", "right two"])
    assert score.reading_order("left one left two right one right two", truth) == (1.0, 4, 4)
    tau, found, _ = score.reading_order("left one right one left two right two", truth)
    assert found == 4 and 0 < tau < 1


def test_a_broken_compound_counts_only_when_every_occurrence_keeps_its_hyphen():
    truth = Truth(text="Lookups are constant-time; constant-time again.", compounds=["constant-time"])
    assert score.hyphens("Lookups are constant-time; constant-time again.", truth) == (1, 1)
    assert score.hyphens("Lookups are constanttime; constant-time again.", truth) == (0, 1)
    assert score.hyphens("Lookups are constant-\ntime; constant-time again.", truth) == (0, 1)


def test_a_row_cut_by_an_underline_is_a_phantom_row_and_a_whole_row_is_not():
    table = {"rows": [["Module", "Reference"], ["session", "see the pam_env(8) page"]], "data": True,
             "ruled": True, "links": True, "mixed": ["see the pam_env(8) page"]}
    truth = Truth(tables=[table])
    whole = "|Module|Reference|\n|---|---|\n|session|see the pam_env(8) page|"
    cut = "|Module|Reference|\n|---|---|\n|session|see the|\n||pam_env(8) page|"
    assert score.phantom_rows(whole, truth) == (0, 2)
    assert score.phantom_rows(cut, truth) == (2, 2)
    assert score.cell_spaces(whole, truth) == (0, 1)
    assert score.cell_spaces("|session|see thepam_env(8) page|", truth) == (1, 1)


def test_terms_made_headings_and_small_headings_missed():
    truth = Truth(terms=["--verbose", "int open(const char *path)"], headings=[("Cursor objects", 1.14), ("Title", 2.0)])
    assert score.term_headings("### --verbose\n\nPrint every step.\n\nint open(const char *path)", truth) == (1, 2)
    assert score.small_headings_missed("# Title\n\nCursor objects\n\ntext", truth) == (1, 1)
    assert score.small_headings_missed("# Title\n\n### Cursor objects", truth) == (0, 1)


def test_control_characters_are_counted_and_line_breaks_are_not():
    assert score.control_characters("make\x00 all\n\tx\x01") == 2


def test_running_lines_are_cut_when_misread_or_joined_to_the_next_line():
    running = ["python3.11/sqlite3.html#cursor-objects", "Page 1 of 3"]
    text = "prhond.11/sqlite3.himlfcursor-objects\nCursor objects\nPage 1013,"
    assert score.without_running_lines(text, running) == ("Cursor objects", 2)
    joined = "python3.11/sqlite3.html#cursor-objects # cur is a cursor"
    assert score.without_running_lines(joined, running) == ("# cur is a cursor", 1)
    assert score.without_running_lines("Pages of the manual", running) == ("Pages of the manual", 0)


def test_words_lost_counts_only_runs_of_eight_or_more():
    truth = "one two three four five six seven eight nine ten eleven twelve"
    assert score.words_lost(truth, "one two three four") == (8, 12)
    assert score.words_lost(truth, "one twa three four five six seven eight nine ten eleven twelve") == (0, 12)
    moved = "five six seven eight nine ten eleven twelve one two three four"  # read in another order: not lost
    assert score.words_lost(truth, moved) == (0, 12)


def test_a_borderless_cell_holding_backticks_is_found_as_the_text_writes_it():
    # SQLite's keyword table has a cell "`keyword`": a text's cells are read without code marks (`plain`),
    # so the HTML's must be too, or no system could find it
    table = {"rows": [["'keyword'", "A string literal."], ["`keyword`", "An identifier."]], "data": True,
             "ruled": False, "links": False, "mixed": []}
    text = "|'keyword'|A string literal.|\n|---|---|\n|\\`keyword\\`|An identifier.|"
    assert score.borderless_cells(text, Truth(tables=[table])) == (4, 4)
