"""Scanned pages that lie on their side or upside down (no ``/Rotate`` to say so): a first reading that
looks wrong (words running down the page, letters read unsure, a garbled line) has Tesseract's OSD say
which way up the page is; it is turned upright, read, and written with its upright image
(``meta["turned_degrees"]``), or refused where OSD cannot tell (`page_sample._ocr_page`). Real Tesseract
on pages of prose made with PyMuPDF and scanned (`bench.ocr_pages.scan`: 150 dpi, blurred, speckled)."""

from __future__ import annotations

import io

import numpy as np
import pymupdf
import pytest
from PIL import Image

from bench.ocr_pages import image_only_pdf, page_texts, plain, scan
from samples.pdf_maker import make_pdf
from shards import Reject, Sample
from sources import SourceContext
from sources.common.ocr import OcrOptions, character_error_rate
from sources.common.tesseract import find_tesseract, installed_languages
from sources.documents.read import DocumentOptions, read_document

pytestmark = pytest.mark.skipif(find_tesseract() is None or "osd" not in installed_languages(find_tesseract()),
                                reason="Tesseract or its osd pack is not installed (tools/install-tesseract)")

TEXT = page_texts(2)[1]  # real English prose, about 260 words
OPTIONS = DocumentOptions(interleaved=False, agreement_lines=0)


@pytest.fixture(scope="module")
def context():
    ctx = SourceContext(OcrOptions(threads=1))
    yield ctx
    ctx.release()


@pytest.fixture(scope="module")
def scanned_page():
    """The page of prose as a scanner gives it (a Pillow image, upright) and its A4 page's size in points."""
    page = pymupdf.open(stream=make_pdf([f"<p>{TEXT}</p>"]))[0]
    return scan(page, seed=1), (page.rect.width, page.rect.height)


def turned_pdf(image, size, clockwise: int, rotate: int = 0) -> bytes:
    """An image-only PDF of ``image`` turned ``clockwise`` degrees, its page as wide and high as the turned
    image (no ``/Rotate`` unless ``rotate``)."""
    turned = image.rotate(-clockwise, expand=True)
    width, height = size if clockwise % 180 == 0 else size[::-1]
    pdf = image_only_pdf([(turned, pymupdf.Rect(0, 0, width, height))])
    if not rotate:
        return pdf
    doc = pymupdf.open(stream=pdf)
    doc[0].set_rotation(rotate)
    return doc.tobytes()


def osd_calls(context, monkeypatch) -> list:
    """A list that grows by the result of each OSD run of ``context``'s scan engine."""
    calls, engine = [], context.scan_engine()
    real = type(engine).orientation
    monkeypatch.setattr(type(engine), "orientation", lambda self, image: calls.append(real(self, image)) or calls[-1])
    return calls


def lines_of(sample) -> list[str]:
    return [line["text"] for block in sample.meta["blocks"] for line in block["lines"]]


def pixels_of(sample) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(sample.images[0])).convert("L"), dtype=float)


@pytest.fixture(scope="module")
def upright(context, scanned_page):
    """The upright page's sample: what a turned page must give."""
    [page] = read_document(turned_pdf(*scanned_page, 0), "mem://upright.pdf", OPTIONS, context)
    assert isinstance(page, Sample)
    return page


def test_an_upright_scan_is_read_as_before_and_no_osd_runs(context, scanned_page, upright, monkeypatch):
    calls = osd_calls(context, monkeypatch)
    context.scan_engine()._pages.clear()  # read afresh, not from the fixture's reading
    [page] = read_document(turned_pdf(*scanned_page, 0), "mem://upright.pdf", OPTIONS, context)
    assert isinstance(page, Sample) and calls == []  # upright print shows no sign: OSD's CPU is not spent
    assert "turned_degrees" not in page.meta and "orientation_confidence" not in page.meta
    assert page.text == upright.text and character_error_rate(plain(TEXT), plain(page.text)) < 0.01
    assert page.meta["image_size"] == [724, 1024]


@pytest.mark.parametrize("clockwise", [90, 180, 270])
def test_a_scan_turned_a_quarter_or_upside_down_is_turned_upright_and_read(context, scanned_page, upright,
                                                                           clockwise, monkeypatch):
    calls = osd_calls(context, monkeypatch)
    [page] = read_document(turned_pdf(*scanned_page, clockwise), "mem://turned.pdf", OPTIONS, context)
    assert isinstance(page, Sample) and page.kind == "doc_ocr"
    # turned back: the page lay `clockwise` degrees round, so (360 - clockwise) more make it upright
    assert page.meta["turned_degrees"] == (360 - clockwise) % 360 and len(calls) == 1
    assert calls[0].turn == page.meta["turned_degrees"] and calls[0].sure
    # the target is the upright page's reading: its first lines word for word, the whole within 1%
    assert lines_of(page)[:5] == lines_of(upright)[:5]
    first = "".join("".join(lines_of(page)[:5]).split())  # five lines, letter for letter the page's own
    assert len(first) > 300 and first == "".join(TEXT.split())[:len(first)]
    assert character_error_rate(plain(upright.text), plain(page.text)) < 0.01
    assert character_error_rate(plain(TEXT), plain(page.text)) < 0.02
    # and the image written is the upright one: portrait, its pixels the upright page's
    assert page.meta["image_size"] == upright.meta["image_size"] == [724, 1024]
    mine, theirs = pixels_of(page), pixels_of(upright)
    assert mine.shape == theirs.shape == (1024, 724)
    assert np.abs(mine - theirs).mean() < 2.0 < np.abs(mine - theirs[::-1, ::-1]).mean()


def test_a_turned_page_with_rotate_set_upright_needs_no_osd(context, scanned_page, upright, monkeypatch):
    # the scan lies on its side in the file and the page's /Rotate 90 shows it upright: read as it is shown
    calls = osd_calls(context, monkeypatch)
    [page] = read_document(turned_pdf(*scanned_page, 270, rotate=90), "mem://rotate.pdf", OPTIONS, context)
    assert isinstance(page, Sample) and calls == [] and "turned_degrees" not in page.meta
    assert lines_of(page)[:5] == lines_of(upright)[:5] and page.meta["image_size"] == [724, 1024]


def test_a_page_whose_rotate_turns_it_on_its_side_is_turned_back(context, scanned_page, upright):
    # a wrong /Rotate 90 on an upright scan shows it lying on its side: turned 270 degrees more
    [page] = read_document(turned_pdf(*scanned_page, 0, rotate=90), "mem://wrong.pdf", OPTIONS, context)
    assert isinstance(page, Sample) and page.meta["turned_degrees"] == 270
    assert lines_of(page)[:5] == lines_of(upright)[:5] and page.meta["image_size"] == [724, 1024]


def test_a_scan_on_its_side_read_by_pp_ocr_is_turned_by_tesseracts_osd(scanned_page):
    # PP-OCR (``--ocr_scan_backend rapidocr``) has no page orientation of its own (its classifier turns
    # single lines by 180 degrees): the page lying on its side was refused as garbled; Tesseract's OSD says
    # which way up it is, as for the Tesseract engine, and PP-OCR reads it upright
    context = SourceContext(OcrOptions(threads=1, scan_backend="rapidocr"))
    try:
        [page] = read_document(turned_pdf(*scanned_page, 90), "mem://turned.pdf", OPTIONS, context)
    finally:
        context.release()
    assert isinstance(page, Sample) and page.meta["turned_degrees"] == 270, page
    assert page.meta["image_size"] == [724, 1024] and character_error_rate(plain(TEXT), plain(page.text)) < 0.02


SHORT = ("<h1>Storage of grain</h1><p>Farmers keep the harvest in silos through the winter.</p>"
         "<p>Each silo is checked every week.</p>")


@pytest.mark.parametrize("clockwise", [90, 180])
def test_a_short_turned_page_osd_is_unsure_of_is_kept_turned_only_as_it_reads_cleanly(context, clockwise):
    # OSD names the right turn for three lines but under its margin of 7 (4.8-5.2): the page turned so
    # reads cleanly, so it is kept; the margin is recorded
    page = pymupdf.open(stream=make_pdf([SHORT]))[0]
    pix = page.get_pixmap(dpi=150)
    image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    [upright] = read_document(turned_pdf(image, (page.rect.width, page.rect.height), 0), "mem://s.pdf", OPTIONS,
                              context)
    [turned] = read_document(turned_pdf(image, (page.rect.width, page.rect.height), clockwise), "mem://t.pdf",
                             OPTIONS, context)
    assert upright.text == ("# Storage of grain\n\nFarmers keep the harvest in silos through the winter.\n\n"
                            "Each silo is checked every week.") and "turned_degrees" not in upright.meta
    assert isinstance(turned, Sample) and turned.text == upright.text
    assert turned.meta["turned_degrees"] == 360 - clockwise and turned.meta["orientation_confidence"] < 7
    assert turned.meta["image_size"] == upright.meta["image_size"] == [724, 1024]


def test_a_turned_page_of_noise_is_refused(context, scanned_page, monkeypatch):
    # specks and a few words on their side: too few characters for OSD to tell which way up it is
    rng = np.random.default_rng(7)
    noise = np.where(rng.random((1754, 1240)) < 0.01, 0, 255).astype(np.uint8)
    image = Image.fromarray(noise).convert("RGB")
    from PIL import ImageDraw, ImageFont

    font = ImageFont.load_default(size=40)
    ImageDraw.Draw(image).text((200, 300), "Storage of the grain", fill="black", font=font)
    calls = osd_calls(context, monkeypatch)
    [page] = read_document(turned_pdf(image, scanned_page[1], 90), "mem://noise.pdf", OPTIONS, context)
    assert isinstance(page, Reject), page.text
    assert page.reason == "filtered:ocr_orientation_unknown" and "could not tell which way up" in page.detail
    assert calls == [None]  # OSD ran and found too few characters


def test_a_blank_turned_page_is_refused_as_having_no_text_and_pays_for_no_osd(context, scanned_page, monkeypatch):
    calls = osd_calls(context, monkeypatch)
    blank = Image.new("RGB", (1240, 1754), "white")
    [page] = read_document(turned_pdf(blank, scanned_page[1], 90), "mem://blank.pdf", OPTIONS, context)
    assert isinstance(page, Reject) and page.reason == "filtered:no_text_layer" and calls == []


def test_a_page_on_its_side_tesseract_finds_no_line_on_is_turned_too(context, monkeypatch):
    # Tesseract's layout analysis found nothing on this page lying on its side: no letter read on a page
    # with ink is a sign too
    text = page_texts(4)[2]
    page = pymupdf.open(stream=make_pdf([f"<p>{text}</p>"]))[0]
    data = turned_pdf(scan(page, seed=5), (page.rect.width, page.rect.height), 90)
    calls = osd_calls(context, monkeypatch)
    [turned] = read_document(data, "mem://nothing.pdf", OPTIONS, context)
    assert isinstance(turned, Sample) and turned.meta["turned_degrees"] == 270 and len(calls) == 1
    assert character_error_rate(plain(text), plain(turned.text)) < 0.03


def test_a_scanned_book_lying_on_its_side_loses_its_running_heads_as_an_upright_one_does(context):
    # its sampled pages' margins were read down the page, so no running head was known and every page
    # began "Chapter 2. Installing the system"; now they are read turned upright too
    from tests.test_ocr_pages import STEPS, TOTAL, typeset_book

    book = typeset_book()
    scans = {}
    for clockwise in (0, 90):
        pages = []
        for page in book:
            pix = page.get_pixmap(dpi=150)
            pages.append((Image.frombytes("RGB", (pix.width, pix.height), pix.samples), page.rect))
        doc = pymupdf.open()
        for image, rect in pages:
            turned = image.rotate(-clockwise, expand=True)
            size = (rect.width, rect.height) if clockwise % 180 == 0 else (rect.height, rect.width)
            doc.insert_pdf(pymupdf.open(stream=image_only_pdf([(turned, pymupdf.Rect(0, 0, *size))])))
        scans[clockwise] = doc.tobytes()
    expected = [STEPS[0], STEPS[1], f"{STEPS[2]}\n\n{TOTAL}", STEPS[3]]
    for clockwise, data in scans.items():
        pages = list(read_document(data, f"mem://book{clockwise}.pdf", DocumentOptions(interleaved=False), context))
        assert [page.text for page in pages] == expected, clockwise
        assert [page.meta.get("turned_degrees") for page in pages] == [None if not clockwise else 270] * 4
