"""Texinfo's page structures (GNU Octave's and R's manuals, texinfo + pdfTeX) drawn small with PyMuPDF where
the real PDF put them, each with the exact markdown it must give: definition headers, run-in labels, lists
whose items MuPDF groups with the paragraphs around them, tables set without rules."""

import pymupdf

from tests.test_page_markdown import markdown


def width(text: str, font: str = "tiro", size: float = 10) -> float:
    return pymupdf.get_text_length(text, fontname=font, fontsize=size)


def test_a_run_in_bold_label_cut_from_its_justified_row_stays_first_in_its_paragraph():
    # Octave's "See also:" (texinfo, justified): MuPDF cut the row at the wide gap after the bold label, which
    # was then a heading of its own, "**See also:**", written before or even after its list of references
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((118.8, 100), "Return a path constructed from dir and all its subdirectories.",
                     fontname="tiro", fontsize=10)
    rest = "[path], page 214, [rmpath], page 214, [genpath], page 214, [pathdef],"
    page.insert_text((118.8, 120), "See also:", fontname="tibo", fontsize=10)
    page.insert_text((118.8 + width("See also:", "tibo") + 9.7, 120), rest, fontname="tiro", fontsize=10)
    page.insert_text((118.8, 133.1), "page 215, [savepath], page 214.", fontname="tiro", fontsize=10)
    assert markdown(doc) == ["Return a path constructed from dir and all its subdirectories.\n\n"
                             "See also: [path], page 214, [rmpath], page 214, [genpath], page 214, [pathdef], "
                             "page 215, [savepath], page 214."]
