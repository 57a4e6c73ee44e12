"""Scanned document pages: the OCR engine's lines laid out as a text layer's are (headings, paragraphs
joined across their lines, lists), and garbled readings re-read or refused, never written."""

from __future__ import annotations

import numpy as np
import pymupdf
import pytest

from samples.pdf_maker import make_pdf
from samples.text_images import render_text
from shards import Reject, Sample
from sources import SourceContext
from sources.common.ocr import OcrLine, OcrOptions, character_error_rate
from sources.documents.ocr_lines import checked_lines, is_garbled
from sources.documents.read import DocumentOptions, read_document

FIRST = ("Farmers keep the harvest in silos through the winter months, and each silo is checked for damp and "
         "pests every week by the staff who work on the farm during the season.")
SECOND = ("A second paragraph explains that the temperature inside a silo must stay below fifteen degrees, or "
          "the grain starts to spoil within a few days of warm weather.")
HTML = (f"<h1>Storage of grain</h1><p>{FIRST}</p><p>{SECOND}</p>"
        "<ul><li>Check the vents</li><li>Record the temperature</li></ul>")


@pytest.fixture(scope="module")
def context():
    ctx = SourceContext(OcrOptions(threads=1))
    yield ctx
    ctx.release()


def scanned(pdf: bytes, dpi: int = 150) -> bytes:
    """The PDF's pages as pictures only: no text layer left."""
    source, scan = pymupdf.open(stream=pdf), pymupdf.open()
    for page in source:
        copy = scan.new_page(width=page.rect.width, height=page.rect.height)
        copy.insert_image(copy.rect, stream=page.get_pixmap(dpi=dpi).tobytes("png"))
    return scan.tobytes()


def test_a_scanned_page_gets_the_markdown_its_text_layer_would_give(context):
    pdf = make_pdf([HTML])
    [layer] = read_document(pdf, "mem://a.pdf", DocumentOptions(interleaved=False), context)
    [page] = read_document(scanned(pdf), "mem://scan.pdf", DocumentOptions(interleaved=False), context)
    assert isinstance(page, Sample) and page.meta["text_source"] == "ocr"
    pieces = page.text.split("\n\n")
    assert len(pieces) == 4 == len(layer.text.split("\n\n"))
    assert pieces[0].lstrip("#").strip() == "Storage of grain" and pieces[0].startswith("#")
    assert character_error_rate(FIRST, pieces[1]) < 0.03 and character_error_rate(SECOND, pieces[2]) < 0.03
    assert pieces[3] == "- Check the vents\n- Record the temperature"
    assert [b["kind"] for b in page.meta["blocks"]] == ["heading", "text", "text", "list"]


def test_a_two_column_scan_reads_column_by_column(context):
    left, right = "Left column words " * 30, "Right column words " * 30
    html = (f"<div style='width:45%;float:left'><p>{left}</p></div>"
            f"<div style='width:45%;float:right'><p>{right}</p></div>")
    [page] = read_document(scanned(make_pdf([html])), "mem://cols.pdf", DocumentOptions(interleaved=False), context)
    first, second = page.text.split("\n\n")
    assert first.startswith("Left column") and "Right" not in first and "Left" not in second


def test_garbled_lines_are_told_from_words():
    assert is_garbled("Al e e et e s t e e ero")
    assert is_garbled("Tbe qnick brcwn fcx jumqs ovcr tle lazv dcg")
    assert not is_garbled("A clearly legible sentence about the storage of grain")
    assert not is_garbled("x = 3, y = 4 and z = 5")  # too few words to judge
    assert not is_garbled("x = 3 # class variable inst = Cls() inst.x = inst.x + 1 # writes inst.x as 4")  # code
    assert not is_garbled("Der Bauer lagert das Getreide im Silo", language=None)  # no list: pieces only


def test_a_garbled_line_is_read_again_and_a_hopeless_one_refuses_its_page(context):
    image, _ = render_text(["The grain is stored in dry silos"], size=28)
    pixels = np.asarray(image.convert("RGB"))
    height, width = pixels.shape[:2]
    box = [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]]
    engine = context.ocr_engine()
    fixed, _, failed = checked_lines([OcrLine("Al e e et e s t e e ero", 0.7, box)], pixels, engine, "en", 0.6)
    assert failed is None and fixed[0].text == "The grain is stored in dry silos" and fixed[0].confidence > 0.9
    unsure, _, failed = checked_lines([OcrLine("The grain is st", 0.4, box)], pixels, engine, "en", 0.6)
    assert failed is None and unsure[0].text == "The grain is stored in dry silos"
    noise = np.random.default_rng(0).integers(0, 255, pixels.shape, dtype=np.uint8)
    kept, _, failed = checked_lines([OcrLine("Al e e et e s t e e ero", 0.7, box)], noise, engine, "en", 0.6)
    assert failed == "Al e e et e s t e e ero" and kept[0].text == failed


def test_an_unreadable_line_between_lines_of_text_is_a_hole_but_a_lone_speck_is_not(context):
    engine = context.ocr_engine()
    noise = np.random.default_rng(1).integers(0, 255, (200, 600, 3), dtype=np.uint8)
    row = lambda y, text, confidence: OcrLine(text, confidence, [[10, y], [590, y], [590, y + 20], [10, y + 20]])
    text = [row(10, "The first line of the paragraph", 0.95), row(40, "o t s e", 0.3),
            row(70, "and the last line of it", 0.95)]
    assert checked_lines(text, noise, engine, "en", 0.6)[2] == "o t s e"
    alone = [row(10, "The first line of the paragraph", 0.95), row(150, "o t s e", 0.3)]
    assert checked_lines(alone, noise, engine, "en", 0.6)[1:] == (1, None)
    wordy = [row(10, "The first line of the paragraph", 0.95), row(40, "a middle line read with doubt", 0.5),
             row(70, "and the last line of it", 0.95)]  # words read with doubt: kept, not a hole
    assert checked_lines(wordy, noise, engine, "en", 0.6) == (wordy, 0, None)


def test_a_page_whose_ocr_is_garbled_is_refused(context, monkeypatch):
    # an engine confidently wrong on one line, both times: what RapidOCR did on a legible scanned page
    engine = context.ocr_engine()
    monkeypatch.setattr(type(engine), "recognise", lambda self, image: ("e t a e o s", 0.9))  # nothing, twice
    real_read = type(engine).read
    monkeypatch.setattr(type(engine), "read", lambda self, image: [
        OcrLine("Al e e et e s t e e ero", 0.8, line.box) if i == 1 else line
        for i, line in enumerate(real_read(self, image))])
    [page] = read_document(scanned(make_pdf([HTML])), "mem://g.pdf", DocumentOptions(interleaved=False), context)
    assert isinstance(page, Reject) and page.reason == "filtered:ocr_garbled"
    assert "'Al e e et e s t e e ero'" in page.detail


def test_a_scan_turned_by_a_degree_is_straightened_before_it_is_read(context):
    from bench.ocr_pages import page_texts, plain, scanned_pdf

    text = page_texts(4)[3]
    pdf, _ = scanned_pdf(text, seed=3)  # turned by 0.83 degrees: long lines read as "probe T uo . b." before
    [page] = read_document(pdf, "mem://turned.pdf", DocumentOptions(interleaved=False, agreement_lines=0), context)
    assert isinstance(page, Sample) and 0.6 <= abs(page.meta["deskewed_degrees"]) <= 1.0
    assert character_error_rate(plain(text), plain(page.text)) < 0.08  # written whole: refused before
