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
    assert not is_garbled("Der Bauer lagert das Getreide im Silo", language=None)  # no list: pieces only


def test_a_garbled_line_is_read_again_and_a_hopeless_one_refuses_its_page(context):
    image, _ = render_text(["The grain is stored in dry silos"], size=28)
    pixels = np.asarray(image.convert("RGB"))
    height, width = pixels.shape[:2]
    box = [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]]
    engine = context.ocr_engine()
    fixed, failed = checked_lines([OcrLine("Al e e et e s t e e ero", 0.7, box)], pixels, engine, "en")
    assert failed is None and fixed[0].text == "The grain is stored in dry silos"
    noise = np.random.default_rng(0).integers(0, 255, pixels.shape, dtype=np.uint8)
    kept, failed = checked_lines([OcrLine("Al e e et e s t e e ero", 0.7, box)], noise, engine, "en")
    assert failed == "Al e e et e s t e e ero" and kept[0].text == failed


def test_a_page_whose_ocr_is_garbled_is_refused(context, monkeypatch):
    # an engine confidently wrong on one line, both times: what RapidOCR did on a legible scanned page
    engine = context.ocr_engine()
    monkeypatch.setattr(type(engine), "recognise", lambda self, image: "e t a e o s")  # reads nothing twice
    real_read = type(engine).read
    monkeypatch.setattr(type(engine), "read", lambda self, image: [
        OcrLine("Al e e et e s t e e ero", 0.8, line.box) if i == 1 else line
        for i, line in enumerate(real_read(self, image))])
    [page] = read_document(scanned(make_pdf([HTML])), "mem://g.pdf", DocumentOptions(interleaved=False), context)
    assert isinstance(page, Reject) and page.reason == "filtered:ocr_garbled"
    assert "'Al e e et e s t e e ero'" in page.detail
