"""The PDF source on real PDFs made with PyMuPDF: page images, page text, and a reason for every bad input."""

import io

import pymupdf
import pytest
from PIL import Image

from samples.make_samples import _LETTER, blank_photo_jpeg, broken_files, make_pdf, scan_png, text_pdf
from shards import Reject, Sample
from sources import SOURCES, SourceContext, source_for_path
from sources.ocr import OcrOptions, character_error_rate
from sources.pdf import PdfOptions, read_pdf

CONTEXT = SourceContext(OcrOptions(threads=1))


def records(data, **options):
    return list(read_pdf(data, "mem://doc.pdf", PdfOptions(**options)))


def test_one_sample_per_page_with_bounded_image_and_page_text():
    data = text_pdf(["The quick brown fox jumps over the lazy dog."], pages=3)
    out = records(data)
    assert [type(r) for r in out] == [Sample] * 3
    for page, sample in enumerate(out, start=1):
        image = Image.open(io.BytesIO(sample.images[0]))
        assert image.format == "PNG" and image.mode == "RGB"
        assert max(image.size) == 1024 and sample.meta["image_size"] == list(image.size)
        assert sample.text.startswith(f"Page {page}") and "lazy dog" in sample.text
        assert sample.meta["page"] == page and sample.meta["pages"] == 3
        assert sample.meta["uri"] == "mem://doc.pdf" and sample.kind == "doc_ocr"
    assert len({s.key for s in out}) == 3


def test_text_matches_what_pymupdf_reads_in_order():
    data = make_pdf(["<h1>Title</h1><p>First paragraph.</p><h2>Section</h2><p>Second paragraph.</p>"])
    text = records(data)[0].text
    assert text.index("Title") < text.index("First paragraph") < text.index("Section") < text.index("Second")
    assert text == pymupdf.open(stream=data)[0].get_text().strip()


def test_keys_depend_on_content_not_on_location():
    data = text_pdf(["same"], pages=2)
    a = [s.key for s in read_pdf(data, "a.pdf")]
    b = [s.key for s in read_pdf(data, "elsewhere/b.pdf")]
    c = [s.key for s in read_pdf(text_pdf(["different"], pages=2), "a.pdf")]
    assert a == b and not set(a) & set(c)


def test_jpeg_and_side_options():
    sample = records(text_pdf(["jpeg page"]), image_format="jpeg", max_image_side=512)[0]
    image = Image.open(io.BytesIO(sample.images[0]))
    assert image.format == "JPEG" and max(image.size) == 512


def test_max_pages_limits_the_pages_read():
    assert len(records(text_pdf(["x"], pages=5), max_pages=2)) == 2


@pytest.mark.parametrize("bad", [{"image_format": "gif"}, {"max_image_side": 2}])
def test_bad_options_are_refused(bad):
    with pytest.raises(ValueError):
        PdfOptions(**bad)


@pytest.mark.parametrize("name, reason", [
    ("corrupt.pdf", "error:open:corrupt"),
    ("encrypted.pdf", "error:open:encrypted"),
    ("empty.pdf", "error:open:empty"),
    ("not_a_pdf.pdf", "error:open:not_pdf"),
    ("zero_pages.pdf", "error:open:no_pages"),
])
def test_bad_inputs_become_one_whole_input_reject(name, reason):
    out = records(broken_files()[name])
    assert len(out) == 1 and isinstance(out[0], Reject)
    assert out[0].reason == reason and out[0].whole_input and out[0].detail


def test_a_page_without_text_layer_is_rejected_not_written_empty():
    data = make_pdf(["<p>Only the first page has text.</p>"], image_only_pages={0: scan_png()})
    sample, reject = records(data)  # no OCR engine given
    assert isinstance(sample, Sample) and isinstance(reject, Reject)
    assert reject.reason == "filtered:no_text_layer" and reject.locator == "page=2" and reject.key
    _, off = read_pdf(data, "mem://doc.pdf", PdfOptions(ocr_scanned_pages=False), CONTEXT)
    assert off.reason == "filtered:no_text_layer"


def test_a_scanned_page_is_read_by_ocr():
    data = make_pdf(["<p>Cover.</p>"], image_only_pages={0: scan_png()})
    _, scanned = read_pdf(data, "mem://letter.pdf", PdfOptions(), CONTEXT)
    assert isinstance(scanned, Sample) and scanned.kind == "doc_ocr"
    assert character_error_rate("\n".join(_LETTER), scanned.text) <= 0.02
    assert scanned.meta["text_source"] == "ocr" and scanned.meta["page"] == 2 and scanned.meta["lines"]


def test_a_scanned_page_without_text_stays_rejected():
    data = make_pdf(["<p>Cover.</p>"], image_only_pages={0: blank_photo_jpeg()})
    _, blank = read_pdf(data, "mem://blank.pdf", PdfOptions(), CONTEXT)
    assert blank.reason == "filtered:no_text_layer" and "OCR" in blank.detail


def test_routing_by_extension():
    assert source_for_path("x/Report.PDF") is SOURCES["pdf"]
    assert source_for_path("x/notes.txt") is None
