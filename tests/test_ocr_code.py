"""Code on scanned pages: a listing read by Tesseract is told from prose by its words' widths (one
character pitch in a monospaced font) and fenced with its indentation, as a text layer's code is; prose in
proportional fonts, a table of figures and a typewritten page are not (`ocr_layout._mark_fixed_pitch`,
`tesseract_lines.pitch_spread`). Real Tesseract on pages made with PyMuPDF and scanned (150 dpi; turned,
blurred and speckled)."""

from __future__ import annotations

import html
import io

import pymupdf
import pytest

from bench.ocr_pages import scan as scanner
from samples.pdf_maker import make_pdf
from sources import SourceContext
from sources.common.ocr import OcrOptions, character_error_rate
from sources.common.tesseract import find_tesseract
from sources.common.tesseract_lines import _Word, pitch_spread, word_widths
from sources.documents.read import DocumentOptions, read_document

pytestmark = pytest.mark.skipif(find_tesseract() is None, reason="Tesseract is not installed (tools/install-tesseract)")

LISTING = """def parse(path, strict=False):
    # read the lines of a file
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            yield number, line.rstrip()"""
BEFORE = ("The module provides a portable way of using operating system dependent functionality. If you just "
          "want to read or write a file see the built-in function, and to manipulate paths see the path "
          "module. The function below reads the lines of a file:")
AFTER = ("Each line is given with its number, counted from one, and without the line break at its end. Blank "
         "lines are left out, so the numbers that come back may skip some values when read in order.")


@pytest.fixture(scope="module")
def context():
    ctx = SourceContext(OcrOptions(threads=1))
    yield ctx
    ctx.release()


def scanned(pdf: bytes, turned: bool) -> bytes:
    """The PDF's pages as images only: at 150 dpi, or (``turned``) also turned up to a degree, blurred and
    speckled as `bench.ocr_pages.scan` does."""
    source, out = pymupdf.open(stream=pdf), pymupdf.open()
    for seed, page in enumerate(source):
        if turned:
            png = io.BytesIO()
            scanner(page, seed + 5).save(png, format="PNG")
            stream = png.getvalue()
        else:
            stream = page.get_pixmap(dpi=150).tobytes("png")
        copy = out.new_page(width=page.rect.width, height=page.rect.height)
        copy.insert_image(copy.rect, stream=stream)
    return out.tobytes()


def read_scan(pdf: bytes, context, turned: bool = False) -> str:
    [page] = read_document(scanned(pdf, turned), "mem://scan.pdf", DocumentOptions(interleaved=False), context)
    assert page.meta["text_source"] == "ocr"
    return page.text


@pytest.mark.parametrize("turned", [False, True])
def test_a_scanned_listing_is_fenced_with_its_lines_and_indentation(context, turned):
    page = f"<h2>Reading files</h2><p>{BEFORE}</p><pre>{html.escape(LISTING)}</pre><p>{AFTER}</p>"
    pieces = read_scan(make_pdf([page]), context, turned).split("\n\n")
    assert [p.startswith("```") for p in pieces] == [False, False, True, False]
    assert pieces[0] == "## Reading files"
    assert character_error_rate(BEFORE, pieces[1]) < 0.03 and character_error_rate(AFTER, pieces[3]) < 0.03
    fenced = pieces[2].split("\n")
    assert fenced[0] == fenced[-1] == "```"
    lines, truth = fenced[1:-1], LISTING.split("\n")
    assert len(lines) == len(truth)  # the comment line is a line of the listing, not a heading
    for read, line in zip(lines, truth):
        assert len(read) - len(read.lstrip()) == len(line) - len(line.lstrip()), (read, line)
        assert character_error_rate(line.strip(), read.strip()) < 0.1, (read, line)


def test_prose_in_proportional_fonts_and_a_table_of_figures_are_not_fenced(context):
    table = "".join(f"<tr><td>{2019 + i}</td><td>{1234 * (i + 3)}</td><td>{56.5 + 7 * i:.2f}</td></tr>"
                    for i in range(6))
    pages = [f"<h2>Serif</h2><p style='font-family: serif'>{BEFORE}</p><p style='font-family: serif'>{AFTER}</p>"
             f"<p>{AFTER} {BEFORE}</p><table><tr><td>Year</td><td>Items</td><td>Price</td></tr>{table}</table>"]
    text = read_scan(make_pdf(pages), context)
    assert "```" not in text
    assert character_error_rate(BEFORE, text.split("\n\n")[1]) < 0.03


def test_a_typewritten_scan_is_prose_not_one_code_block(context):
    # like a text layer set wholly in a monospaced font (`style.mono_body`): the font marks nothing
    pages = [f"<div style='font-family: monospace'><p>{BEFORE}</p><p>{AFTER}</p><p>{AFTER}</p></div>"]
    pieces = read_scan(make_pdf(pages), context).split("\n\n")
    assert "```" not in "".join(pieces) and len(pieces) == 3
    assert character_error_rate(BEFORE, pieces[0]) < 0.05


def test_pitch_spread_of_fixed_pitch_proportional_and_justified_words():
    pitch = 7.0
    mono = [(len(t), len(t) * pitch - 3 + d) for t, d in [("with", 0.5), ("open(path,", -0.4), ("encoding", 0.3),
                                                          ("as", -0.2), ("handle:", 0.1), ("for", -0.3)]]
    assert pitch_spread(mono) < 0.15
    # the same words in a proportional font: "with" narrow, "encoding" wide for its letters, "as" small
    prop = [(4, 22.0), (10, 58.0), (8, 61.0), (2, 11.0), (7, 42.0), (5, 38.0)]
    assert pitch_spread(prop) > 0.5
    assert pitch_spread([(4, 30.0), (5, 30.0), (2, 30.0), (6, 30.0), (3, 30.1), (7, 29.9)]) > 1  # justified
    assert pitch_spread(mono[:5]) is None  # too few words to tell: a heading's four can fall on one pitch
    words = [_Word(("1", "1", "1", "1"), text, 0.9, (0.0, 0.0, 20.0, 10.0)) for text in ("2019", "1234", "ab", "x")]
    assert word_widths(words) == ((2, 20.0),)  # no figures (proportional fonts set them at one width), no letter alone
