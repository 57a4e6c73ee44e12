"""What a page shows and where: numbers in the body, scripts on their line, columns under a spanning title,
margin notes and line numbers beside the text, watermarks. Small generated pages, each with the exact
target it must give."""

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pymupdf
import pytest

from shards import Reject
from sources.documents.misshaped_script import misplaced_marks
from sources.documents.read import DocumentOptions, read_document
from sources.documents.reading_direction import _read_in_order, _spaces_as_drawn
from tests.test_page_markdown import markdown

MINUTES = ("The committee met on Tuesday to review the annual budget and the plans for the new library. Members "
           "agreed that the reading room should open earlier in the morning and close later at night.")


def minutes_page():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_textbox(pymupdf.Rect(72, 72, 523, 300), MINUTES, fontsize=11)
    return doc, page


def test_a_bare_number_in_the_body_is_text_not_a_page_number():
    # the page's bottommost text, a small number, no page numbering seen: but right under the line it
    # answers, mid-page, not set apart in the page's bottom band where page numbers sit
    doc, page = minutes_page()
    page.insert_text((72, 330), "The number of members who voted in favour was:", fontsize=11)
    page.insert_text((72, 350), "9", fontsize=11)
    assert markdown(doc) == [MINUTES + "\n\nThe number of members who voted in favour was:\n\n9"]


def test_a_bare_number_leading_the_body_is_text_and_a_page_number_set_apart_is_dropped():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 200), "3", fontsize=11)  # stacked right above its paragraph: the page's topmost text
    page.insert_textbox(pymupdf.Rect(72, 205, 523, 300), "kilograms of flour were delivered to the bakery.",
                        fontsize=11)
    page.insert_text((297, 700), "1", fontsize=10)  # LaTeX's page number: 16% above the bottom edge, set apart
    assert markdown(doc) == ["3\n\nkilograms of flour were delivered to the bakery."]


def test_a_bare_number_over_the_text_in_the_margin_band_is_text():
    # the top 12% of the page, where running heads and page numbers sit: but a page number stands apart
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 80), "3", fontsize=11)
    page.insert_textbox(pymupdf.Rect(72, 85, 523, 300), "kilograms of flour were delivered to the bakery.", fontsize=11)
    page.insert_text((297, 820), "1", fontsize=10)  # the page number in the bottom margin, set apart
    assert markdown(doc) == ["3\n\nkilograms of flour were delivered to the bakery."]


def test_superscripts_drawn_apart_stay_on_their_line_which_is_no_heading():
    # an exponent and a footnote marker drawn by their own text operations come as blocks of their own:
    # they were read as page numbers (the "12") or as a column after the text (the "2"), and their 12-point
    # lines on 11-point text were made headings; written inline they were another number ("mc2", "Smith12")
    doc, page = minutes_page()
    page.insert_text((72, 400), "Energy equals mc", fontsize=12)
    page.insert_text((168, 394), "2", fontsize=7)
    page.insert_text((72, 420), "as shown by Smith", fontsize=12)
    page.insert_text((172.7, 414), "12", fontsize=7)
    assert markdown(doc) == [MINUTES + "\n\nEnergy equals mc<sup>2</sup>\n\nas shown by Smith<sup>12</sup>"]


def test_a_line_broken_at_a_script_inside_it_is_one_line_again():
    # MuPDF breaks the row at the raised "2": "Energy equals mc" and "2 for a body at rest." came as two
    # blocks, the first made a heading
    doc, page = minutes_page()
    page.insert_text((72, 400), "Energy equals mc", fontsize=12)
    right = 72 + pymupdf.get_text_length("Energy equals mc", fontsize=12)
    page.insert_text((right, 394), "2", fontsize=7)
    page.insert_text((right + pymupdf.get_text_length("2", fontsize=7) + 3, 400), "for a body at rest.", fontsize=12)
    assert markdown(doc) == [MINUTES + "\n\nEnergy equals mc<sup>2</sup> for a body at rest."]


def test_a_title_centred_over_two_columns_is_a_heading_and_the_left_column_reads_first():
    # the title is narrower than 55% of the page but reaches over both columns: grouped with the left one,
    # it stretched that column over the right one (read first), and it was then taken for a definition
    # list's term (a one-line heading above a block starting further right)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((200, 80), "Notes from the Harbour", fontsize=20)
    page.insert_textbox(pymupdf.Rect(72, 120, 290, 400), "The harbour was quiet in the early morning light. "
                        "Fishing boats rested against the old stone wall.", fontsize=11)
    page.insert_textbox(pymupdf.Rect(310, 118, 523, 400), "Later that day the ferry arrived from the island, "
                        "bringing letters and bread.", fontsize=11)
    assert markdown(doc) == ["# Notes from the Harbour\n\nThe harbour was quiet in the early morning light. Fishing "
                             "boats rested against the old stone wall.\n\nLater that day the ferry arrived from the "
                             "island, bringing letters and bread."]


def test_a_table_set_across_two_columns_cuts_them_into_bands():
    # a paper's columns above a spanning table are read before it, those below after it
    doc = pymupdf.open()
    page = doc.new_page()
    for x, words in ((72, "left"), (310, "right")):
        page.insert_textbox(pymupdf.Rect(x, 100, x + 213, 160), f"The {words} column above the table runs on for "
                            "a line or two of ordinary prose.", fontsize=10)
        page.insert_textbox(pymupdf.Rect(x, 260, x + 213, 320), f"The {words} column below the table runs on for "
                            "a line or two of ordinary prose.", fontsize=10)
    page.insert_textbox(pymupdf.Rect(180, 190, 420, 230), "Table 1: Boats in the harbour by month, counted at dawn.",
                        fontsize=10)
    assert markdown(doc) == ["The left column above the table runs on for a line or two of ordinary prose.\n\n"
                             "The right column above the table runs on for a line or two of ordinary prose.\n\n"
                             "Table 1: Boats in the harbour by month, counted at dawn.\n\n"
                             "The left column below the table runs on for a line or two of ordinary prose.\n\n"
                             "The right column below the table runs on for a line or two of ordinary prose."]


@pytest.mark.parametrize("font", ["helv", "tiro"])
def test_a_margin_note_is_a_piece_after_the_paragraph_it_sits_beside(font):
    # LaTeX's \marginpar: MuPDF reads the note's lines into the paragraph's block, each after the text line
    # of its row, and the note was spliced into the sentence ("...should open Note: budget\n\nearlier...").
    # In Times "approved" ends 2 points short of "budget" above it: the note's words were two columns, neither
    # a note alone, and the note was spliced in again
    doc = pymupdf.open()
    page = doc.new_page()
    rows = ["The committee met on Tuesday to review the annual budget and the plans",
            "for the new library. Members agreed that the reading room should open",
            "earlier in the morning and close later at night. The treasurer reported",
            "that the accounts were in good order and that the new roof was paid for."]
    notes = {1: [(488, "Note:"), (520, "budget")], 2: [(488, "approved")]}  # justified: a word each
    for row, text in enumerate(rows):
        page.insert_text((134, 130 + 12 * row), text, fontsize=10, fontname=font)
        for x, word in notes.get(row, []):
            page.insert_text((x, 130 + 12 * row), word, fontsize=8, fontname=font)
    page.insert_textbox(pymupdf.Rect(134, 190, 478, 260), "The next paragraph is about the garden.", fontsize=10,
                        fontname=font)
    assert markdown(doc) == [" ".join(rows) + "\n\nNote: budget approved\n\nThe next paragraph is about the garden."]


def test_a_definition_term_and_a_reference_cards_values_beside_their_text_stay_in_its_rows():
    # words in a narrow column beside the text, like a margin note, but a term on its definition's first
    # row (texinfo's @table) and values down every row of their descriptions (a reference card: a table)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "bool3", fontname="cour", fontsize=10)
    for row, text in enumerate(["an extended boolean type that can take on the values true, default or",
                                "false. A bool3 type can be cast to or from a bool. Its default is default."]):
        page.insert_text((130, 100 + 12 * row), text, fontsize=10)
    for row, (description, value) in enumerate([("number of segments in path p", "length(p)"),
                                                ("number of nodes in path p", "size(p)"),
                                                ("is path p cyclic?", "cyclic(p)")]):
        page.insert_text((72, 160 + 12 * row), description, fontsize=10)
        page.insert_text((260, 160 + 12 * row), value, fontsize=10)
    assert markdown(doc) == ["bool3 an extended boolean type that can take on the values true, default or false. A "
                             "bool3 type can be cast to or from a bool. Its default is default.\n\n"
                             "|number of segments in path p|length(p)|\n|---|---|\n"
                             "|number of nodes in path p|size(p)|\n|is path p cyclic?|cyclic(p)|"]


PARAGRAPHS = [["The committee met on Tuesday to review the annual budget and the plans",
               "for the new library. Members agreed that the reading room should open",
               "earlier in the morning and close later at night."],
              ["The treasurer reported that the accounts were in good order and that",
               "the new roof had been paid for in full, and the garden was tidied."],
              ["The meeting closed at nine in the evening after a vote of thanks."]]
NUMBERED = ("The committee met on Tuesday to review the annual budget and the plans for the new library. Members "
            "agreed that the reading room should open earlier in the morning and close later at night.\n\n"
            "The treasurer reported that the accounts were in good order and that the new roof had been paid for "
            "in full, and the garden was tidied.\n\nThe meeting closed at nine in the evening after a vote of thanks.")


def numbered_page(every: int):
    """LaTeX's lineno: each line's number, set small and right-aligned in the left margin (every one or every
    ``every``-th), read by MuPDF into the block of the paragraphs, which it then holds in one block."""
    doc = pymupdf.open()
    page = doc.new_page()
    y, number = 130, 1
    for rows in PARAGRAPHS:
        for row, text in enumerate(rows):
            page.insert_text((134 + (15 if row == 0 else 0), y), text, fontsize=10)
            if number % every == 0:
                label = str(number)
                page.insert_text((124 - pymupdf.get_text_length(label, fontsize=5), y - 1), label, fontsize=5)
            y, number = y + 12, number + 1
    return doc


def test_line_numbers_in_the_margin_are_dropped_and_the_paragraphs_they_held_together_stay_apart():
    # they were woven into the prose: "...and the plans 1 for the new library..."
    assert markdown(numbered_page(1)) == [NUMBERED]
    assert markdown(numbered_page(2)) == [NUMBERED]


def test_numbered_paragraphs_keep_their_numbers():
    # bare numbers in the margin, increasing down the page, but one for each paragraph of several lines
    doc = pymupdf.open()
    page = doc.new_page()
    y = 130
    for number, rows in enumerate(PARAGRAPHS[:2], 1):
        page.insert_text((110, y), str(number), fontsize=10)
        for text in rows:
            page.insert_text((134, y), text, fontsize=10)
            y += 12
        y += 12
    assert markdown(doc) == ["1 " + " ".join(PARAGRAPHS[0]) + "\n\n2 " + " ".join(PARAGRAPHS[1])]


def test_a_diagonal_watermark_and_a_stamp_along_the_margin_are_no_headings_and_come_after_the_text():
    # both were written as "# " headings, read between the paragraphs above and below them
    doc, page = minutes_page()
    page.insert_text((150, 500), "DRAFT", fontsize=80, morph=(pymupdf.Point(150, 500), pymupdf.Matrix(45)),
                     color=(0.8, 0.8, 0.8))
    page.insert_text((40, 600), "arXiv:2401.01234v1 [cs.CL] 3 Jan 2024", fontsize=20, rotate=90,
                     color=(0.5, 0.5, 0.5))
    page.insert_textbox(pymupdf.Rect(72, 600, 523, 700), "The garden was tidied before the meeting.", fontsize=11)
    assert markdown(doc) == [MINUTES + "\n\nThe garden was tidied before the meeting.\n\n"
                             "arXiv:2401.01234v1 [cs.CL] 3 Jan 2024\n\nDRAFT"]


def test_a_heading_line_held_in_one_block_with_a_number_below_it_stays_a_heading():
    # the live manual numbers its paragraphs; MuPDF holds "4.4 First steps" with the next one's "180"
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=600)
    page.insert_text((50, 200), "4.4 First steps: building an image", fontname="hebo", fontsize=11)
    page.insert_text((50, 213), "180", fontsize=10)
    page.insert_textbox(pymupdf.Rect(50, 220, 345, 400), "Regardless of the image type, you will need to perform "
                        "the same basic steps to build an image each time.", fontsize=11)
    assert markdown(doc) == ["**4.4 First steps: building an image**\n\n180\n\nRegardless of the image type, you will "
                             "need to perform the same basic steps to build an image each time."]


def test_table_of_contents_lines_are_not_one_paragraph_run_over_the_pages():
    # each line ends in its page number, not a full stop: an interleaved part joined them all, waiting for
    # the end of a sentence; a paragraph that goes on in lower case on the next page is still joined
    from tests.test_interleaved import parts

    doc = pymupdf.open()
    for p in range(2):
        page = doc.new_page(width=400, height=600)
        for i in range(3):
            number = p * 3 + i + 1
            page.insert_text((50, 100 + 40 * i), f"{number} Chapter title number {number} . . . . . {10 * number}",
                             fontsize=11)
    page.insert_text((50, 300), "The end of the contents comes", fontsize=11)
    page = doc.new_page(width=400, height=600)
    page.insert_text((50, 100), "here, on the next page.", fontsize=11)
    [part] = parts(doc.tobytes(), "mem://toc.pdf")
    assert part.segments == [{"text": f"{n} Chapter title number {n} . . . . . {10 * n}"} for n in range(1, 7)] + [
        {"text": "The end of the contents comes here, on the next page."}]


def test_line_numbers_of_the_right_column_in_the_gutter_are_dropped():
    # two columns numbered on the left of each: the right column's numbers stand in the gutter, inside the
    # page's text width, but beyond the lines of their column's block and where no line starts
    doc = pymupdf.open()
    page = doc.new_page()
    left = ["The committee met on Tuesday to review the", "annual budget and the plans for the new",
            "library in the old town hall."]
    right = ["Members agreed that the reading room should", "open earlier in the morning and close later",
             "at night, from the first of May."]
    for column, (x, rows) in enumerate(((72, left), (316, right))):
        for row, text in enumerate(rows):
            number = str(3 * column + row + 1)
            page.insert_text((x, 130 + 12 * row), text, fontsize=10)
            page.insert_text((x - 6 - pymupdf.get_text_length(number, fontsize=5), 129 + 12 * row), number,
                             fontsize=5)
    assert markdown(doc) == [" ".join(left) + "\n\n" + " ".join(right)]


def test_a_page_whose_content_is_drawn_turned_is_read_as_it_is():
    # a landscape section drawn turned on a portrait page, its page number upright: the turned text
    # is the page's content, not a stamp
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((100, 700), "Results by region", fontsize=20, rotate=90)
    for row, text in enumerate(["The northern region grew fastest over the year,",
                                "while the south held steady through winter."]):
        page.insert_text((130 + 14 * row, 700), text, fontsize=11, rotate=90)
    page.insert_text((297, 800), "12", fontsize=9)
    assert markdown(doc) == ["# Results by region\n\nThe northern region grew fastest over the year, "
                             "while the south held steady through winter."]  # one paragraph (sideways.py)


def test_a_forms_label_and_its_filled_in_value_read_label_first():
    # a filled-in PDF form: the field's value is a widget's appearance, a block of its own two points above
    # its label's, and came first ("Margaret Hamilton\n\nApplicant name:"); side by side on one row, the
    # blocks read left to right, as a reader does
    from shards import Sample
    from sources.documents.read import DocumentOptions, read_document

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Applicant name:", fontsize=12)
    field = pymupdf.Widget()
    field.field_type, field.field_name, field.field_value = pymupdf.PDF_WIDGET_TYPE_TEXT, "name", "Margaret Hamilton"
    field.rect, field.text_fontsize = pymupdf.Rect(180, 86, 400, 104), 12
    page.add_widget(field)
    page.insert_text((72, 200), "Reviewer comments follow below in the box.", fontsize=12)
    page.add_freetext_annot(pymupdf.Rect(72, 220, 400, 260), "Approved by the committee on Monday.", fontsize=12)
    [sample] = read_document(doc.tobytes(), "mem://form.pdf", DocumentOptions(interleaved=False))
    assert isinstance(sample, Sample) and sample.text == (
        "Applicant name:\n\nMargaret Hamilton\n\nReviewer comments follow below in the box.\n\n"
        "Approved by the committee on Monday.")


def test_a_table_drawn_without_rules_is_a_pipe_table_read_row_by_row():
    # SQLite's keyword page (Debian sqlite3-doc, printed by Chromium): a two-column table without rules,
    # 'keyword' | "A keyword in single quotes is a string literal.", was read as its four terms, then their
    # explanations, the third explanation (three lines, wider than half the page) cutting the rows in two;
    # then row by row as paragraphs, its cells no longer cells
    rows = [("'keyword'", "A keyword in single quotes is a string literal."),
            ('"keyword"', "A keyword in double-quotes is an identifier."),
            ("[keyword]", "A keyword enclosed in square brackets is an identifier. This is not standard SQL. "
                          "This quoting mechanism is used by MS Access and SQL Server for compatibility."),
            ("`keyword`", "A keyword enclosed in grave accents is an identifier, as MySQL has it.")]
    doc, page = minutes_page()
    top = 160
    for term, text in rows:
        page.insert_text((72, top + 10), term, fontname="hebo", fontsize=10)
        used = page.insert_textbox(pymupdf.Rect(162, top, 520, top + 60), text, fontsize=10)
        top += 60 - used + 8  # the next row below the explanation's last line
    # a bold term is written as a heading is, its backticks escaped: "**`keyword`**" rendered as code, no backticks
    table = [f"|**{term.replace('`', chr(92) + '`')}**|{text}|" for term, text in rows]
    assert markdown(doc) == [f"{MINUTES}\n\n" + "\n".join(table[:1] + ["|---|---|"] + table[1:])]


def test_a_borderless_price_list_whose_cells_are_cut_into_pieces_is_one_table():
    # SQLite's support page: item | price and links, the links' last line a block of its own ("Purchase"
    # under "$1500/year More Info") and the item's number a block beside its text: the items were read
    # first, then the prices, each apart from its item
    rows = [("1.", "Public Forum. Help and advice from a world-wide community of experts.", "Free", "Recent Posts"),
            ("2.", "Annual Maintenance Subscription. Private, expert email advice from the developers.",
             "$1500/year", "Purchase"),
            ("3.", "Technical Support. High-priority email and phone support directly from the developers. "
                   "Guaranteed response time available as an option.", "$8K-85K/year", "Request A Quote")]
    doc, page = minutes_page()
    top = 160
    for number, item, price, link in rows:
        page.insert_text((72, top + 10), number, fontsize=10)
        used = page.insert_textbox(pymupdf.Rect(90, top, 300, top + 70), item, fontsize=10)
        page.insert_text((330, top + 10), f"{price} More Info", fontsize=10)
        page.insert_text((380, top + 26), link, fontsize=10)  # under "More Info": a block of its own
        top += 70 - used + 12
    # the number stands in a column of its own (lines beside it on every row, a clear gutter); "Free More
    # Info" is one line that the links' column would cross: price and links stay one cell
    table = [f"|{number}|{item}|{price} More Info {link}|" for number, item, price, link in rows]
    assert markdown(doc) == [f"{MINUTES}\n\n" + "\n".join(table[:1] + ["|---|---|---|"] + table[1:])]


PRICES = [("5.", "SQLite License. Warranty of title and perpetual right-to-use for the SQLite source code.",
           "$6000 one time fee", "Purchase"),
          ("6.", "SQLite Encryption Extension (SEE). A drop-in replacement for public-domain SQLite source code "
                 "that has the added ability to read/write AES-encrypted databases.", "$2000 one time fee", "Purchase"),
          ("7.", "Compressed And Encrypted Read-Only Database (CEROD). A drop-in replacement for public-domain "
                 "SQLite source code.", "$2000 one time fee", "Buy Now!")]


def price_list(page, top: float, heading: str | None = None) -> None:
    """SQLite's price list as Chromium prints it (Debian sqlite3-doc, prosupport.html): four columns without
    rules, the item's number and its text lines of one MuPDF block, the price and the first link's line of
    another, the last link a block of its own under it; ``heading`` flush with the numbers above the table."""
    if heading:
        page.insert_text((50, top - 30), heading, fontsize=16, fontname="hebo")
    for number, item, price, link in PRICES:
        page.insert_text((50, top + 10), number, fontsize=10)
        used = page.insert_textbox(pymupdf.Rect(76, top, 292, top + 80), item, fontsize=10)
        page.insert_text((316, top + 10), price, fontsize=10)
        page.insert_text((462, top + 11), "More Info", fontsize=10)
        page.insert_text((462, top + 27), link, fontsize=10)
        top += 80 - used + 16


def test_a_borderless_table_whose_blocks_hold_lines_side_by_side_has_a_column_for_each():
    # SQLite's support page: the number "5." and its item's text, the price and its links, each pair lines
    # of one block: they were two cells, "5. SQLite License. ..." and "$6000 one time fee More Info Purchase",
    # where the page (and its HTML) has four; and the heading set flush over the numbers made the table no
    # table at all (items, then prices, then links)
    doc = pymupdf.open()
    price_list(doc.new_page(), 110, heading="Licenses (details below)")
    table = [f"|{number}|{item}|{price}|More Info {link}|" for number, item, price, link in PRICES]
    head = "## Licenses (details below)"
    assert markdown(doc) == [f"{head}\n\n" + "\n".join(table[:1] + ["|---|---|---|---|"] + table[1:])]


def test_a_cell_whose_next_line_is_indented_is_not_cut_in_two():
    # a note set in under a cell's text starts further right, but the text's line runs across where it
    # starts: one cell, not two columns
    rows = [("Alpha", "The first entry of the list runs over a line.", "A note set in under the entry."),
            ("Beta", "The second entry of the list is short.", "Another note set in under it."),
            ("Gamma", "The third entry closes the list here.", "The last note, set in as well.")]
    doc, page = minutes_page()
    top = 160
    for term, text, note in rows:
        page.insert_text((72, top + 10), term, fontname="hebo", fontsize=10)
        page.insert_textbox(pymupdf.Rect(162, top, 520, top + 20), text, fontsize=10)
        page.insert_text((190, top + 24), note, fontsize=10)
        top += 44
    table = [f"|**{term}**|{text} {note}|" for term, text, note in rows]
    assert markdown(doc) == [f"{MINUTES}\n\n" + "\n".join(table[:1] + ["|---|---|"] + table[1:])]


def test_two_columns_of_prose_whose_paragraphs_start_level_by_chance_stay_columns():
    # the first paragraphs of two columns start on one row, the second ones by chance too, but the left
    # column's third starts where the right column has none: not a table, read column by column
    left = ["The first paragraph of the left column runs over three lines of the page here.",
            "The second paragraph of the left column is as long as the first one is.",
            "A third paragraph of the left column starts where the right column has no paragraph starting."]
    right = ["The right column's first paragraph runs over three lines of the page as well.",
             "Its second paragraph starts level with the left column's second paragraph."]
    doc, page = minutes_page()
    for column, x in ((left, 72), (right, 310)):
        top = 160
        for text in column:
            used = page.insert_textbox(pymupdf.Rect(x, top, x + 210, top + 60), text, fontsize=10)
            top += 60 - used + (8 if column is left else 8)
    page.insert_textbox(pymupdf.Rect(310, 400, 520, 460), "Right column, last words.", fontsize=10)
    [text] = markdown(doc)
    assert "|" not in text
    assert [" ".join(p.split()) for p in text.split("\n\n")[1:]] == left + right + ["Right column, last words."]


def test_two_columns_of_prose_whose_every_paragraph_starts_level_stay_columns():
    # each column's paragraphs the same number of lines, so each pair starts on one row (a two-column paper's
    # columns share a baseline grid), above a figure across both: written as a 2x2 pipe table whose head was
    # two paragraphs. Cells that are all wrapped prose, in every column, are no table
    left = ["Alpha paragraph one starts the left column and describes the first topic in several sentences.",
            "Alpha paragraph two continues the left column with more details and numbers."]
    right = ["Beta paragraph one starts the right column and talks about the second topic at length here.",
             "Beta paragraph two continues the right column, ending before the picture begins."]
    doc = pymupdf.open()
    page = doc.new_page()
    for column, x in ((left, 60), (right, 322)):
        top = 60
        for text in column:
            used = page.insert_textbox(pymupdf.Rect(x, top, x + 230, top + 200), text, fontsize=10)
            top += 200 - used + 10
    page.draw_rect(pymupdf.Rect(60, 250, 552, 420), color=(0, 0, 0), fill=(0.8, 0.9, 1))
    caption = "Figure 1. Throughput of the three systems over time, measured on the full benchmark."
    page.insert_text((70, 440), caption, fontsize=9)
    assert markdown(doc) == ["\n\n".join(left + right + [caption])]


def test_an_index_whose_columns_start_level_with_a_tall_block_beside_them_reads_column_by_column():
    # Asymptote's index page: the left column's letter I and its long block of entries start level with the
    # right column's I entry, letter J and J entries; the right column's later letters lie beside that
    # tall block, but far under their column's last line: they are no pieces of a table's cells. Each entry
    # is a paragraph of its own (R's manuals' index: a letter's entries were one paragraph, "cat . . . 4, 27
    # close . . . 22, 26 ...")
    doc = pymupdf.open()
    page = doc.new_page()

    def entries(x, y, names):
        text = "\n".join(f"{name} . . . . . . . {i + 3}" for i, name in enumerate(names))
        page.insert_textbox(pymupdf.Rect(x, y, x + 200, y + 14 * len(names) + 4), text, fontsize=9)
        return "\n\n".join(f"{name} . . . . . . . {i + 3}" for i, name in enumerate(names))

    left = [entries(72, 100, ["hypot"]), "### I", entries(72, 150, ["i_scaled", "ibl", "iconify", "identity", "if",
                                                                  "image", "images", "import", "inches"])]
    page.insert_text((72, 140), "I", fontsize=12, fontname="hebo")
    right = [entries(310, 100, ["I"]), "### J", entries(310, 148, ["J", "join"]), "### K",
             entries(310, 210, ["k_scaled", "key", "keyword"])]
    page.insert_text((310, 138), "J", fontsize=12, fontname="hebo")
    page.insert_text((310, 200), "K", fontsize=12, fontname="hebo")
    assert markdown(doc) == ["\n\n".join(left + right)]


def test_a_paragraph_whose_first_line_is_drawn_last_is_one_paragraph():
    # an edited PDF draws a paragraph's first line after the rest: MuPDF made it a block of its own, and the
    # paragraph was cut after it ("...the height of" / "every well, ..."); two one-line paragraphs, and a
    # caption's short line over a lower-case label, stay apart
    body = ["The survey covered forty villages in the upper valley and recorded the height of",
            "every well, the depth of the water and the season in which each well ran dry,",
            "following the method of the earlier study closely in every respect."]
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 112), body[1], fontname="tiro", fontsize=10)
    page.insert_text((72, 124), body[2], fontname="tiro", fontsize=10)
    page.insert_text((72, 100), body[0], fontname="tiro", fontsize=10)
    page.insert_text((72, 150), "A second paragraph starts here and is short.", fontname="tiro", fontsize=10)
    page.insert_text((72, 180), "Cyan Magenta Yellow Black", fontname="tiro", fontsize=10)
    page.insert_text((72, 198), "cmyk(red) cmyk(blue) cmyk(green)", fontname="tiro", fontsize=10)
    assert markdown(doc) == ["\n\n".join([" ".join(body), "A second paragraph starts here and is short.",
                                          "Cyan Magenta Yellow Black", "cmyk(red) cmyk(blue) cmyk(green)"])]


def test_a_paragraph_running_on_into_small_capitals_is_one_paragraph():
    # Octave's manual: a paragraph MuPDF cut into blocks runs on into "blas and lapack" set in small capitals
    # (cmcsc10); written as the capitals they show, the line no longer started in lower case and the paragraph
    # was cut in two there
    found = subprocess.run(["kpsewhich", "cmcsc10.pfb"], capture_output=True, text=True) \
        if shutil.which("kpsewhich") else None
    if not found or not found.stdout.strip():
        pytest.skip("TeX's cmcsc10.pfb is not installed")
    small_caps = found.stdout.strip()
    first = "Link the program against the reference libraries that your system provides, namely its"
    rest = [" and ", " libraries, which the configure script finds on its own without any help,",
            "following the method of the earlier release closely in every respect."]
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="sc", fontfile=small_caps)
    caps = pymupdf.Font(fontfile=small_caps)
    x = 72
    for text, font in (("blas", "sc"), (rest[0], "tiro"), ("lapack", "sc"), (rest[1], "tiro")):
        page.insert_text((x, 112), text, fontname=font, fontsize=10)
        x += caps.text_length(text, 10) if font == "sc" else pymupdf.get_text_length(text, font, 10)
    page.insert_text((72, 124), rest[2], fontname="tiro", fontsize=10)
    page.insert_text((72, 100), first, fontname="tiro", fontsize=10)  # drawn last: a block of its own
    assert markdown(doc) == [f"{first} BLAS and LAPACK{rest[1]} {rest[2]}"]


def test_footnotes_set_one_under_the_other_are_one_paragraph_each():
    # mdgate #98, "two notes on one page collapse into one paragraph": short notes, each a 6 pt number then an
    # 8 pt line, are one MuPDF block, and were written "1 Forty-one, ... counted. 2 See the report ..."
    doc = pymupdf.open()
    page = doc.new_page()
    body = ("The survey covered forty villages in the upper valley and recorded the height of every well, the depth "
            "of the water and the season in which each well ran dry, following the method of the earlier study.")
    page.insert_textbox(pymupdf.Rect(72, 90, 400, 160), body, fontname="tiro", fontsize=10)
    notes = ["Forty-one, if the abandoned hamlet of Sor is counted.", "See the report of 1931, chapter four."]
    page.draw_line((72, 690), (200, 690), width=0.4)
    for i, (y, note) in enumerate(zip([703, 714], notes), 1):
        page.insert_text((72, y - 3), str(i), fontname="tiro", fontsize=6)
        page.insert_text((77, y), note, fontname="tiro", fontsize=8)
    assert markdown(doc) == [f"{body}\n\n1 {notes[0]}\n\n2 {notes[1]}"]


def test_paragraphs_set_apart_by_a_little_space_stay_apart_though_the_next_starts_lower_case():
    # gnuplot's manual (LaTeX, parskip): a paragraph whose last line runs to the column's edge, then a small
    # space and a paragraph starting with a lower-case keyword ("saved files are written ..."): they were
    # joined as one paragraph run on
    first = ["If no option is specified, gnuplot saves functions, variables, set options and the last",
             "plot command and all of the current settings of the program, at the end of the session now."]
    second = ["saved files are written in text format and may be read by the load command. For save",
              "with the set option the terminal choice is written out as a comment."]
    doc = pymupdf.open()
    page = doc.new_page()
    y = 100
    for lines in (first, second):
        for line in lines:
            page.insert_text((72, y), line, fontname="tiro", fontsize=10)
            y += 12
        y += 4  # LaTeX's parskip: a little space between the paragraphs
    assert markdown(doc) == [" ".join(first) + "\n\n" + " ".join(second)]


def test_pictures_beside_their_descriptions_row_by_row_are_read_not_crashed_on():
    # a catalogue: a picture left, its description right, twice down the page. The interleaved pass reads
    # pictures as items; the check for columns of prose took a picture's block for its line boxes and raised
    from shards import Reject, Sample
    from sources.documents.read import read_document

    dot = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 64, 64), 0)
    dot.set_rect(dot.irect, (200, 120, 40))
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_textbox(pymupdf.Rect(72, 60, 520, 90), MINUTES, fontsize=11)
    texts = ["A red clay pot, glazed inside, made in the village workshop in spring.",
             "A blue bowl with a white rim, fired twice and polished by hand."]
    for i, text in enumerate(texts):
        top = 200 + 160 * i
        page.insert_image(pymupdf.Rect(72, top, 222, top + 120), pixmap=dot)
        page.insert_textbox(pymupdf.Rect(250, top, 520, top + 40), text, fontsize=11)
    records = list(read_document(doc.tobytes(), "mem://catalogue.pdf"))
    assert not any(isinstance(r, Reject) for r in records), records
    parts = [r for r in records if isinstance(r, Sample) and r.kind == "interleaved"]
    assert parts and all(text in " ".join(s.get("text") or "" for p in parts for s in p.segments) for text in texts)


def test_a_terms_description_run_on_under_itself_is_one_paragraph():
    # bash's man page (groff .TP): "{ list; }" and its description on one row, the description's next lines
    # under itself in a block of their own; the item was cut mid-sentence ("...with a newline or" / "semicolon.")
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 90), "A compound command is one of the following, each with its own rules for how it runs.",
                     fontname="tiro", fontsize=10)
    page.insert_text((144, 118), "semicolon. This is known as a group command. The return status is the exit status",
                     fontname="tiro", fontsize=10)
    page.insert_text((144, 130), "of list, as for any other command.", fontname="tiro", fontsize=10)
    page.insert_text((108, 106), "{ list; }", fontname="tibo", fontsize=10)
    page.insert_text((144, 106), "list is simply executed in the current shell environment. list must be ended by a",
                     fontname="tiro", fontsize=10)
    assert markdown(doc) == [
        "A compound command is one of the following, each with its own rules for how it runs.\n\n{ list; } list is "
        "simply executed in the current shell environment. list must be ended by a semicolon. This is known as a "
        "group command. The return status is the exit status of list, as for any other command."]


def test_a_title_pages_lines_set_at_different_edges_read_top_to_bottom():
    # Octave's title page: the title flush left, the subtitle, edition and date flush right under it, the
    # authors flush left at the foot; read as two columns (the title and the authors, then the rest): the
    # authors came second. Items that never stand side by side are no columns: they read top to bottom. A
    # heading narrower than the indent of the text under it is the same case
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((90, 230), "GNU Octave", fontname="hebo", fontsize=20.7)
    for y, text in ((250, "A high-level interactive language for numerical computations"),
                    (263, "Edition 7 for Octave version 7.3.0"), (276, "November 2022")):
        page.insert_text((522 - pymupdf.get_text_length(text, "tiro", 10.9), y), text, fontname="tiro", fontsize=10.9)
    page.insert_text((90, 680), "John W. Eaton and David Bateman", fontname="tiro", fontsize=10.9)
    page2 = doc.new_page(width=612, height=792)
    for y, heading, text in ((100, "Usage", "Give it the file to read."), (160, "Output", "A report, on stdout.")):
        page2.insert_text((72, y), heading, fontname="hebo", fontsize=10)
        page2.insert_text((140, y + 20), text, fontname="helv", fontsize=10)
    assert markdown(doc) == [
        "# GNU Octave\n\nA high-level interactive language for numerical computations\n\n"
        "Edition 7 for Octave version 7.3.0\n\nNovember 2022\n\nJohn W. Eaton and David Bateman",
        "Usage\n\nGive it the file to read.\n\nOutput\n\nA report, on stdout."]


def test_two_columns_of_text_staggered_so_no_blocks_stand_side_by_side_stay_columns():
    # a newsletter whose right column's paragraphs each start lower than the left one's, so that no block
    # stands beside another: read as items stacked one under the other, the stories came a paragraph from each
    # in turn (a blind review of the title-page rule); each column of text is read whole
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 105), "Bridge repairs", fontsize=13, fontname="hebo")
    page.insert_text((330, 145), "Choir", fontsize=13, fontname="hebo")
    left = ["The council has agreed to repair the old bridge over the brook this summer.",
            "Work starts in July, and the road will be closed to cars for six weeks.",
            "Walkers may still cross by the ford, which will be marked with posts."]
    right = ["The choir needs two more tenors before the concert at harvest time.",
             "Practice is on Thursday evenings in the school hall, from seven o'clock.",
             "New singers are asked to bring a pencil and a copy of the hymn book."]
    for k in range(3):
        y = 115 + 80 * k
        page.insert_textbox(pymupdf.Rect(72, y, 272, y + 40), left[k], fontsize=11, fontname="helv")
        page.insert_textbox(pymupdf.Rect(330, y + 40, 530, y + 80), right[k], fontsize=11, fontname="helv")
    [text] = markdown(doc)
    assert text.index("Walkers may still cross") < text.index("Choir") < text.index("The choir needs") \
        < text.index("New singers")


def test_two_bulleted_lists_set_side_by_side_and_staggered_are_read_a_list_at_a_time():
    # "Advantages" and "Drawbacks" each over a list, every right item set half a pitch lower than the left one
    # beside it (a blind review's input): no two blocks stand side by side, and the page title over both reaches
    # into the right column, so the lists were read as one, an item from each in turn (the right ones nested)
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 72), "Choosing a heat pump for an older house", fontsize=16, fontname="hebo")
    page.insert_text((72, 110), "Advantages", fontsize=13, fontname="hebo")
    page.insert_text((330, 130), "Drawbacks", fontsize=13, fontname="hebo")
    left = ["Lower running costs than oil", "No fuel deliveries needed", "Works as air conditioning",
            "Eligible for a grant"]
    right = ["Higher price to install", "Needs a larger radiator", "Noisy outdoor unit", "Less heat in deep frost"]
    for k, item in enumerate(left):
        page.insert_text((72, 150 + 40 * k), "\u2022 " + item, fontsize=12, fontname="helv")
    for k, item in enumerate(right):
        page.insert_text((330, 170 + 40 * k), "\u2022 " + item, fontsize=12, fontname="helv")
    page.insert_text((72, 400), "Ask an installer to survey the house before you decide on a model and a size.",
                     fontsize=12, fontname="helv")
    assert markdown(doc) == ["\n\n".join([
        "### Choosing a heat pump for an older house", "### Advantages", *("- " + item for item in left),
        "### Drawbacks", *("- " + item for item in right),
        "Ask an installer to survey the house before you decide on a model and a size."])]


def test_short_options_over_their_descriptions_indented_by_half_an_inch_read_in_turn():
    # a manual's option list: each option alone on its line, its description on the next, half an inch in;
    # the options end before the descriptions start, but a column of options is no column of the page
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    options = [("-a", "Show every entry, hidden ones too."), ("-l", "Use the long listing format."),
               ("-r", "Reverse the order of the sort.")]
    for k, (option, description) in enumerate(options):
        page.insert_text((72, 100 + 40 * k), option, fontsize=11, fontname="cour")
        page.insert_text((108, 116 + 40 * k), description, fontsize=11, fontname="helv")
    [text] = markdown(doc)
    assert [text.index(part) for option in options for part in option] == sorted(
        text.index(part) for option in options for part in option)


def test_an_index_set_in_two_columns_level_row_for_row_reads_down_each_column():
    # texinfo's index pages: every entry of the right column on the baseline of one of the left's, each block
    # one entry; read as a table, each row paired "SEEK_END . . . 314" with "specular . . . 370" (Octave p1146)
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    left = [("SEEK_END", 314), ("SEEK_SET", 314), ("semilogx", 319), ("semilogy", 320), ("set", 430)]
    right = [("specular", 370), ("speed", 1071), ("spencer", 856), ("speye", 662), ("spfun", 632)]
    for k, ((a, pa), (b, pb)) in enumerate(zip(left, right)):
        page.insert_text((90, 110 + 10.5 * k), f"{a} {'. ' * (30 - len(a) // 2)}{pa}", fontsize=9, fontname="tiro")
        page.insert_text((315, 110 + 10.5 * k), f"{b} {'. ' * (30 - len(b) // 2)}{pb}", fontsize=9, fontname="tiro")
    [text] = markdown(doc)
    assert "|" not in text
    words = [line.split()[0] for line in text.split("\n") if line]
    assert words == [name for name, _ in left + right]


def test_a_chats_messages_alternating_left_and_right_are_read_in_turn():
    # a review's input against the staggered-lists rule: messages set left and right in turn, under no heading,
    # were read as the left ones, then the right ones
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 60), "Transcript of the support chat of 3 March, kept for the record of the case.",
                     fontsize=11, fontname="helv")
    messages = [(72, "Hello, my order has not arrived yet."), (330, "Sorry to hear that. What is the number?"),
                (72, "It is 48213, placed last Monday."), (330, "Thank you. It left our depot on Friday."),
                (72, "When should I expect it then?"), (330, "It should reach you by Wednesday.")]
    for k, (x, message) in enumerate(messages):
        page.insert_text((x, 100 + 40 * k), message, fontsize=11, fontname="helv")
    assert markdown(doc) == ["\n\n".join(["Transcript of the support chat of 3 March, kept for the record of the case.",
                                          *(message for _, message in messages)])]


def test_a_forms_fields_running_to_one_tab_stop_keep_their_lines():
    # a review's input against the justified-paragraph rule: "Name: ____" lines start and end at one x, as a
    # justified paragraph's do, but hold a word each: the author's lines, not the typesetter's
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    intro = ["Please fill in every field below in block capitals and return this form to the office before the",
             "end of the month. Forms that arrive late or that leave a field empty cannot be processed this term",
             "and will be returned to the sender with a note explaining which of the fields must still be filled."]
    for k, line in enumerate(intro):  # the column's right edge, far right of the fields' tab stop
        page.insert_text((72, 44 + 14 * k), line, fontsize=11, fontname="helv")
    underscore = pymupdf.get_text_length("_", "helv", 11)
    for k, label in enumerate(["Name:", "Address:", "Telephone:", "Signature:"]):
        count = int((400 - 72 - pymupdf.get_text_length(label + " ", "helv", 11)) // underscore)
        page.insert_text((72, 100 + 16 * k), label, fontsize=11, fontname="helv")
        page.insert_text((400 - count * underscore, 100 + 16 * k), "_" * count, fontsize=11, fontname="helv")
    [text] = markdown(doc)
    assert [line.split()[0] for line in text.split("\n\n")[1].split("\n")] == [
        "Name:", "Address:", "Telephone:", "Signature:"]


DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # Debian's fonts-dejavu-core
POINTED = "בְּרֵאשִׁית בָּרָא אֱלֹהִים"


def _letters_with_their_marks(word: str) -> list[str]:
    out: list[str] = []
    for c in word:
        if unicodedata.category(c) == "Mn":
            out[-1] += c
        else:
            out.append(c)
    return out


@pytest.mark.skipif(not Path(DEJAVU).exists(), reason="DejaVu Sans (fonts-dejavu-core) is not installed")
def test_vowel_points_are_on_the_letters_they_are_drawn_over_when_a_shaper_drew_them_before_their_letters():
    # a shaper hands a right-to-left run over left to right as seen, each letter's marks drawn before it on
    # its left edge (DejaVu's points lie right of their origin, over the letter), as XeLaTeX's reledmac Hebrew
    # is drawn: MuPDF boxes each point at the end of the glyph drawn before it, and every point came out on
    # the letter after its own, "ברְּאֵשיִׁת ברָּאָ אלֱהֹיִם"
    doc, page = minutes_page()
    font = pymupdf.Font(fontfile=DEJAVU)
    x, drawn = 460.0, []
    for word in POINTED.split():
        for letter in _letters_with_their_marks(word):  # in reading order, right to left
            x -= font.text_length(letter[0], fontsize=11)
            drawn.append((x, letter))
        x -= 4
    for x, letter in reversed(drawn):  # left to right, as seen
        for mark in letter[1:]:
            page.insert_text((x, 200), mark, fontsize=11, fontname="dejavu", fontfile=DEJAVU)
        page.insert_text((x, 200), letter[0], fontsize=11, fontname="dejavu", fontfile=DEJAVU)
    assert markdown(doc) == [f"{MINUTES}\n\n{POINTED}"]


def test_a_letter_given_two_vowel_points_refuses_the_page():
    # what a layer whose points sit on their neighbours gives ("אֱֹלהִים", the holam on the alef): it looks like
    # Hebrew and is another word, so the page is refused rather than written
    doc, page = minutes_page()
    page.insert_htmlbox(pymupdf.Rect(72, 200, 523, 300), "<p dir='rtl' style='font-size:11pt'>"
                                                         "בְּרֵאשִׁית בָּרָא אֱֹלהִים</p>")
    [reject] = list(read_document(doc.tobytes(), "made.pdf", DocumentOptions(interleaved=False)))
    assert isinstance(reject, Reject) and reject.reason == "filtered:misplaced_marks"
    assert misplaced_marks(f"{POINTED} יְרוּשָׁלַ\u034fִם שָׁלוֹם") == []  # the qere of Jerusalem sets two
    assert misplaced_marks("וְחֹשְֶׁך אֱֹלהִים") == ["וְחֹשְֶׁך", "אֱֹלהִים"]


def test_spaces_inside_a_word_that_part_no_letters_are_left_out_of_a_right_to_left_line():
    # Ezra SIL under XeLaTeX: a hair space inside "וַֽיְהִי" for the meteg's room, and a vav with holam the
    # font's widths give no advance, where MuPDF put a space ("אוֹר" came out "א וֹר")
    def char(c, x0, x1):
        return {"c": c, "bbox": (x0, 0, x1, 10), "origin": (x0, 8)}

    chars = [(char(c, x0, x1), 9.0) for c, x0, x1 in (
        ("א", 237.3, 242.7), (" ", 234.3, 237.3), ("\u0591", 234.3, 234.3), ("ו", 234.3, 234.3),
        ("\u05b9", 234.3, 234.3), ("ר", 228.3, 234.3), (" ", 225.4, 228.3), ("ו", 222.4, 225.4),
        ("\u200a", 222.0, 222.4), ("י", 218.9, 222.0))]
    kept = _spaces_as_drawn(chars)
    assert "".join(ch["c"] for ch, _ in kept) == "א\u0591ו\u05b9ר וי"
    assert kept[2][0]["bbox"] == (234.3, 0, 237.3, 10)  # the vav where the space was


def test_a_mark_seen_first_in_its_run_stays_on_its_letter_when_the_run_is_turned_round():
    # reledmac's lemma "4 ] וַיַּ֤רְא אֱלֹהִים֙" in an English line: pashta, set at its word's end (the left), is seen
    # right after a space, and the algorithm gave it the space's direction (rule W1): it was written at the start
    # of the word before, "֙וַיַּ֤רְא"
    seen = [["4"], [" "], ["ם", "\u0599"], ["י"], ["ה", "\u05b4"], ["ל", "\u05b9"], ["א", "\u05b1"], [" "], ["]"]]
    assert _read_in_order(seen, right=False) == "4 \u05d0\u05b1\u05dc\u05b9\u05d4\u05b4\u05d9\u05dd\u0599 ]"


@pytest.mark.parametrize("value", ["3.4.0", "kg"])
def test_a_tables_page_without_its_head_whose_column_repeats_one_value_stays_a_table(value):
    # (Octave's manual, p. 1090) a long table's later page has no head, and its "version" column reads "3.4.0" in
    # every row: taken for a form's choices (`borderless_tables.headless`), it was written a paragraph a row
    rows = [("exponential_rnd", "exprnd", value), ("f_cdf", "fcdf", value), ("is_struct", "isstruct", value),
            ("is_vector", "isvector", value)]
    doc, page = minutes_page()
    for r, row in enumerate(rows):
        for x, cell in zip((72, 220, 380), row):
            page.insert_text((x, 180 + 18 * r), cell, fontsize=10, fontname="helv")
    table = ["|" + "|".join(row) + "|" for row in rows]
    assert markdown(doc) == [f"{MINUTES}\n\n" + "\n".join(table[:1] + ["|" + "---|" * 3] + table[1:])]


@pytest.mark.parametrize("rows", [
    [("Item", "Unit", "Qty", "Price"), ("Flour", "kg", "2", "3.00"), ("Sugar", "kg", "1", "1.50"),
     ("Rice", "kg", "5", "7.25")],
    [("Item", "Currency", "Amount"), ("Rent", "EUR", "900"), ("Power", "EUR", "75"), ("Water", "EUR", "30")],
    [("Check", "Status"), ("Disk", "OK"), ("Memory", "OK"), ("Network", "OK")]], ids=["unit", "currency", "status"])
def test_a_borderless_table_whose_column_repeats_one_value_under_its_head_stays_a_table(rows):
    # a form's choices ("Yes No" in every row, its first too) are no table (`borderless_tables.headless`); a
    # column repeating one value under a head of its own ("Unit" over "kg" in every row) is still a table's
    doc, page = minutes_page()
    for r, row in enumerate(rows):
        for x, cell in zip((72, 220, 300, 380), row):
            page.insert_text((x, 180 + 18 * r), cell, fontsize=10, fontname="hebo" if r == 0 else "helv")
    table = ["|" + "|".join(row) + "|" for row in rows]
    assert markdown(doc) == [f"{MINUTES}\n\n" + "\n".join(table[:1] + ["|" + "---|" * len(rows[0])] + table[1:])]
