"""What a page shows and where: numbers in the body, scripts on their line, columns under a spanning title,
margin notes and line numbers beside the text, watermarks. Small generated pages, each with the exact
target it must give."""

import pymupdf

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


def test_superscripts_drawn_apart_stay_on_their_line_which_is_no_heading():
    # an exponent and a footnote marker drawn by their own text operations come as blocks of their own:
    # they were read as page numbers (the "12") or as a column after the text (the "2"), and their 12-point
    # lines on 11-point text were made headings
    doc, page = minutes_page()
    page.insert_text((72, 400), "Energy equals mc", fontsize=12)
    page.insert_text((168, 394), "2", fontsize=7)
    page.insert_text((72, 420), "as shown by Smith", fontsize=12)
    page.insert_text((172.7, 414), "12", fontsize=7)
    assert markdown(doc) == [MINUTES + "\n\nEnergy equals mc2\n\nas shown by Smith12"]


def test_a_script_inside_a_line_joins_both_halves():
    doc, page = minutes_page()
    page.insert_text((72, 400), "Water is H", fontsize=11)
    right = 72 + pymupdf.get_text_length("Water is H", fontsize=11)
    page.insert_text((right, 403), "2", fontsize=7)
    page.insert_text((right + pymupdf.get_text_length("2", fontsize=7), 400), "O in every case.", fontsize=11)
    assert markdown(doc) == [MINUTES + "\n\nWater is H2O in every case."]
