"""Document pages (PDF, EPUB, HTML) to doc_ocr samples: markdown in reading order, boxes, and a reason
for every bad input."""

import io
import itertools
import zipfile

import numpy as np
import pymupdf
import pytest
from PIL import Image

from samples.epub_maker import make_epub
from samples.make_samples import _LETTER, blank_photo_jpeg, broken_files, make_pdf, scan_png, structured_pdf, text_pdf
from shards import Reject, Sample
from sources import SOURCES, SourceContext, source_for_path
from sources.documents.read import DocumentOptions, garbage_ratio, read_document
from sources.common.ocr import OcrOptions, character_error_rate

CONTEXT = SourceContext(OcrOptions(threads=1))
STRUCTURED = """# Section 2: Results

Left column: the study compares farms across international borders over ten years. Yields depend on rainfall, soil and the timing of sowing.

Right column: Crop yields depend on rainfall, soil and the timing of sowing. Farmers in the north plant early to avoid the autumn frost, while growers in the south wait for the first rains.

- first point
- second point

|Crop|Yield|
|---|---|
|Wheat|7.1|
|Rice|4.6|"""


def records(data, uri="mem://doc.pdf", **options):
    """The page records (doc_ocr samples and rejects); interleaved parts are tested on their own."""
    return [r for r in read_document(data, uri, DocumentOptions(**{"interleaved": False, **options}))]


def test_markdown_has_heading_columns_dehyphenation_list_and_table_without_running_lines():
    pages = records(structured_pdf(3))
    assert pages[1].text == STRUCTURED
    for page in pages:  # the running header and the page number are gone from every page
        assert "Journal of Examples" not in page.text and not page.text.rstrip().endswith(str(page.meta["page"]))


def test_blocks_and_lines_carry_boxes_in_image_pixels():
    sample = records(structured_pdf(3))[0]
    kinds = [b["kind"] for b in sample.meta["blocks"]]
    assert kinds == ["heading", "text", "text", "list", "table"]
    width, height = sample.meta["image_size"]
    for block in sample.meta["blocks"]:
        x0, y0, x1, y1 = block["bbox"]
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
    line = sample.meta["blocks"][1]["lines"][0]
    assert line["text"].startswith("Left column") and line["bbox"][0] == pytest.approx(56 * 1024 / 842, abs=1)


def test_one_sample_per_page_with_bounded_image():
    out = records(text_pdf(["The quick brown fox jumps over the lazy dog."], pages=3))
    assert [type(r) for r in out] == [Sample] * 3
    for page, sample in enumerate(out, start=1):
        image = Image.open(io.BytesIO(sample.images[0]))
        assert image.format == "WEBP" and image.mode == "RGB"
        assert max(image.size) == 1024 and sample.meta["image_size"] == list(image.size)
        assert sample.text == f"## Page {page}\n\nThe quick brown fox jumps over the lazy dog."
        assert sample.meta["page"] == page and sample.meta["pages"] == 3 and sample.meta["source"] == "pdf"
    assert len({s.key for s in out}) == 3


def test_keys_depend_on_content_not_on_location():
    data = text_pdf(["same"], pages=2)
    a = [s.key for s in read_document(data, "a.pdf")]
    b = [s.key for s in read_document(data, "elsewhere/b.pdf")]
    c = [s.key for s in read_document(text_pdf(["different"], pages=2), "a.pdf")]
    assert len(a) == 3  # two pages and one interleaved part
    assert a == b and not set(a) & set(c)


def test_epub_chapters_become_laid_out_pages():
    book = make_epub("Waves", [("One", "<h1>Chapter 1: Waves</h1><p>A wave carries energy.</p>"),
                               ("Two", "<h1>Chapter 2: Sound</h1><ul><li>pitch</li><li>loudness</li></ul>")])
    pages = records(book, "mem://waves.epub")
    assert [p.text for p in pages] == ["# Chapter 1: Waves\n\nA wave carries energy.",
                                       "# Chapter 2: Sound\n\n- pitch\n- loudness"]
    assert pages[0].meta["source"] == "epub" and pages[0].meta["page_size_pt"] == [420.0, 595.0]


def test_an_svg_spine_item_is_its_drawing_not_its_markup_as_text():
    # EPUB 3 allows an SVG image in the spine (a cover, a plate); MuPDF laid it out as XHTML and the page and its
    # target said "image/svg+xmlcover-final-v3Volume Two" (a hunt after kfxgen#165): it is drawn as a picture
    import zipfile

    svg = ('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="600" height="800"><metadata>'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description><dc:format '
           'xmlns:dc="http://purl.org/dc/elements/1.1/">image/svg+xml</dc:format></rdf:Description></rdf:RDF>'
           '</metadata><rect width="600" height="800" fill="#dde"/><circle cx="300" cy="400" r="200" fill="#335"/>'
           '</svg>')
    chapter = ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>One'
               '</title></head><body><h1>Chapter One</h1><p>The harbour at dawn.</p></body></html>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:'
                   'tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type='
                   '"application/oebps-package+xml"/></rootfiles></container>')
        z.writestr("OEBPS/content.opf", '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" '
                   'version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
                   '<dc:identifier id="id">urn:uuid:1</dc:identifier><dc:title>T</dc:title><dc:language>en'
                   '</dc:language></metadata><manifest><item id="cover" href="cover.svg" media-type="image/svg+xml"/>'
                   '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest><spine>'
                   '<itemref idref="cover"/><itemref idref="c1"/></spine></package>')
        z.writestr("OEBPS/cover.svg", svg)
        z.writestr("OEBPS/c1.xhtml", chapter)
    cover, first = records(out.getvalue(), "mem://plates.epub", ocr_scanned_pages=False)
    assert isinstance(cover, Reject) and cover.reason == "filtered:no_text_layer"  # a picture, no text to write
    assert first.text == "# Chapter One\n\nThe harbour at dawn."
    [part] = [r for r in read_document(out.getvalue(), "mem://plates.epub", DocumentOptions(ocr_scanned_pages=False))
              if isinstance(r, Sample) and r.kind == "interleaved"]
    assert part.segments[0] == {"image": 0} and "svg+xml" not in str(part.segments)


def test_html_pages():
    html = b"<html><body><h1>Release notes</h1><p>Version 2 fixes the printer driver.</p></body></html>"
    [page] = records(html, "mem://notes.html")
    assert page.text == "# Release notes\n\nVersion 2 fixes the printer driver." and page.meta["source"] == "html"


def test_pages_are_lossless_webp_by_default_and_png_on_request():
    webp, png = (records(text_pdf(["A page of text."]), **options)[0].images[0]
                 for options in ({}, {"image_format": "png"}))
    assert Image.open(io.BytesIO(webp)).format == "WEBP" and Image.open(io.BytesIO(png)).format == "PNG"
    pixels = [np.asarray(Image.open(io.BytesIO(data)).convert("RGB")) for data in (webp, png)]
    assert np.array_equal(pixels[0], pixels[1])  # both lossless: MuPDF's rendering, pixel for pixel
    assert max(pixels[0].shape) == 1024 and pixels[0].min() < 100 and len(webp) < len(png) / 2


def test_jpeg_and_side_options():
    sample = records(text_pdf(["jpeg page"]), image_format="jpeg", max_image_side=512)[0]
    image = Image.open(io.BytesIO(sample.images[0]))
    assert image.format == "JPEG" and max(image.size) == 512


def test_a_huge_page_renders_within_the_side_cap():
    doc = pymupdf.open()
    page = doc.new_page(width=14400, height=14400)  # 200 inches: 2 gigapixels at 144 dpi
    page.insert_text((100, 200), "A poster-sized page.", fontsize=200)
    [sample] = records(doc.tobytes())
    assert sample.meta["image_size"] == [1024, 1024] and "poster-sized" in sample.text


def test_max_pages_limits_the_pages_read():
    assert len(records(text_pdf(["x"], pages=5), max_pages=2)) == 2


def test_a_page_past_its_time_limit_is_rejected_and_the_rest_still_read():
    # the clock is the page's CPU time: page 3 takes 100 s of it, the others 1 s
    readings = itertools.chain.from_iterable([(0, 1), (1, 2), (2, 102), (102, 103), (103, 104)])
    out = list(read_document(text_pdf(["Some text on this page."], pages=5), "mem://slow.pdf",
                             DocumentOptions(max_page_seconds=30, interleaved=False), clock=lambda: next(readings)))
    assert [type(r) for r in out] == [Sample, Sample, Reject, Sample, Sample]
    assert (out[2].reason, out[2].locator) == ("error:timeout:page", "page=3")
    assert out[2].detail == "100.0 s of CPU > max_page_seconds 30"


@pytest.mark.parametrize("bad", [{"image_format": "gif"}, {"max_image_side": 2}])
def test_bad_options_are_refused(bad):
    with pytest.raises(ValueError):
        DocumentOptions(**bad)


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


@pytest.mark.parametrize("data, reason", [(b"PK\x03\x04 a zip cut short", "error:open:corrupt"),
                                          (b"plain text", "error:open:not_epub")])
def test_broken_epubs_are_rejected(data, reason):
    [reject] = records(data, "mem://book.epub")
    assert reject.reason == reason and reject.source == "epub"


def _epub_with(changes: dict[str, str | None]) -> bytes:
    """A two-chapter EPUB with members replaced (or, for None, left out)."""
    import zipfile

    book = make_epub("Book", [("One", "<p>Chapter one text.</p>"), ("Two", "<p>Chapter two text.</p>")])
    source, out = zipfile.ZipFile(io.BytesIO(book)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as changed:
        for info in source.infolist():
            if changes.get(info.filename, "") is not None:
                changed.writestr(info, changes.get(info.filename) or source.read(info))
    return out.getvalue()


_OPF = make_epub("Book", [("One", ""), ("Two", "")])  # its package document, edited below
_OPF = __import__("zipfile").ZipFile(io.BytesIO(_OPF)).read("OEBPS/content.opf").decode()
_SPINE = '<spine><itemref idref="c0"/><itemref idref="c1"/></spine>'


@pytest.mark.parametrize("changes, detail", [
    ({"META-INF/container.xml": None}, "the archive has no META-INF/container.xml"),
    ({"META-INF/container.xml": "<container><rootfiles>"},
     "META-INF/container.xml is not well-formed XML: no element found: line 1, column 22"),
    ({"META-INF/container.xml": '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles/>'
                                "</container>"},
     "META-INF/container.xml names no package document (no rootfile with a full-path)"),
    ({"OEBPS/content.opf": None},
     "the package document 'OEBPS/content.opf' that META-INF/container.xml names is not in the archive"),
    ({"OEBPS/content.opf": _OPF[:-20]}, "the package document 'OEBPS/content.opf' is not well-formed XML: unclosed "
                                        f"token: line 1, column {_OPF.index(_SPINE[28:])}"),
    ({"OEBPS/content.opf": _OPF.replace(_SPINE, "")},
     "the package document 'OEBPS/content.opf' has no spine: no reading order"),
    ({"OEBPS/content.opf": _OPF.replace(_SPINE, "<spine/>")},
     "the package document 'OEBPS/content.opf' has a spine with no items: no reading order"),
])
def test_an_epub_whose_package_is_broken_is_refused_saying_what_is_broken(changes, detail):
    # MuPDF said "FileDataError: Failed to open stream" (or "no pages") whatever was wrong with the package
    [reject] = records(_epub_with(changes), "mem://book.epub")
    assert (reject.reason, reject.detail) == ("error:open:broken_package", detail)


def test_an_epub_spine_entry_naming_no_chapter_is_a_reject_not_a_silent_hole():
    # MuPDF skipped a spine entry whose idref no manifest item has without a word: the book read as whole
    out = records(_epub_with({"OEBPS/content.opf": _OPF.replace('idref="c1"', 'idref="lost"')}), "mem://book.epub")
    assert [(r.reason, r.locator, r.detail) if isinstance(r, Reject) else r.text for r in out
            if not isinstance(r, Sample) or r.kind == "doc_ocr"] == [
        ("error:open:broken_spine", "spine=2", "spine entry 2 names idref 'lost', which no manifest item has"),
        "Chapter one text."]


def test_an_interleaved_part_ends_at_a_spine_entry_naming_no_chapter():
    # the book is read past a spine entry that names no chapter, but the interleaved part flowed across the hole:
    # a paragraph cut short before it ran on into the chapter after it, as if the missing chapter were not there
    book = make_epub("Book", [("One", "<p>The letter was never sent because the</p>"),
                              ("Two", "<p>Chapter two goes missing.</p>"),
                              ("Three", "<p>harbour master read it aloud.</p>")])
    opf = zipfile.ZipFile(io.BytesIO(book)).read("OEBPS/content.opf").decode()
    source, out = zipfile.ZipFile(io.BytesIO(book)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as changed:
        for info in source.infolist():
            changed.writestr(info, opf.replace('idref="c1"', 'idref="lost"') if info.filename == "OEBPS/content.opf"
                             else source.read(info))
    out = list(read_document(out.getvalue(), "mem://book.epub", DocumentOptions()))
    assert [(r.reason, r.locator) for r in out if isinstance(r, Reject)] == [("error:open:broken_spine", "spine=2")]
    assert [[s["text"] for s in r.segments] for r in out if isinstance(r, Sample) and r.kind == "interleaved"] == [
        ["The letter was never sent because the"], ["harbour master read it aloud."]]
def test_an_epub_with_a_damaged_chapter_member_is_refused_as_corrupt_not_raised():
    # bad deflate data in a chapter: preparing the book stops (only such archive damage is let through) and
    # MuPDF's own reading says what is wrong
    book = bytearray(make_epub("Book", [("One", "<p>Chapter one text.</p>"), ("Two", "<p>Chapter two.</p>")]))
    book[bytes(book).index(b"OEBPS/c1.xhtml") + len("OEBPS/c1.xhtml") + 5] ^= 0xFF
    [reject] = records(bytes(book), "mem://book.epub")
    assert (reject.reason, reject.detail) == ("error:open:corrupt",
                                              "RuntimeError: code=3: zlib inflate error: invalid code lengths set")


def test_an_epub_package_a_reader_reads_despite_its_xml_is_read_and_prepared():
    # an HTML entity or a bare "&" in the package (or container) is no well-formed XML; MuPDF reads such books,
    # and their chapters are prepared (here: a video's fallback taken out) as any other's
    hidden = make_epub("Book", [("One", '<p>Shown.</p><video src="a.mp4"><p>No video here.</p></video>')])
    import zipfile

    opf = zipfile.ZipFile(io.BytesIO(hidden)).read("OEBPS/content.opf").decode()
    source, out = zipfile.ZipFile(io.BytesIO(hidden)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as changed:
        for info in source.infolist():
            changed.writestr(info, opf.replace("<dc:title>Book", "<dc:title>Book&nbsp;& One")
                             if info.filename == "OEBPS/content.opf" else source.read(info))
    assert [r.text for r in records(out.getvalue(), "mem://book.epub") if r.kind == "doc_ocr"] == ["Shown."]


def test_an_epub_package_with_an_undeclared_prefix_is_read_and_prepared_not_raised():
    # "<opf:meta>" and "opf:role" in a package that declares only the default namespace: lxml recovers the
    # prefix as part of the name, and writing that out for ElementTree to parse again raised "unbound prefix"
    # out of the reader for a book MuPDF reads
    hidden = make_epub("Book", [("One", '<p>Shown.</p><video src="a.mp4"><p>No video here.</p></video>')])
    opf = {"OEBPS/content.opf": lambda data: data.replace(
        b"<dc:title>", b'<opf:meta>x</opf:meta><dc:creator opf:role="aut">A</dc:creator><dc:title>', 1)}
    assert [r.text for r in records(_with_members(hidden, opf), "mem://book.epub") if r.kind == "doc_ocr"] == ["Shown."]


def test_a_page_without_text_layer_is_rejected_not_written_empty():
    data = make_pdf(["<p>Only the first page has text.</p>"], image_only_pages={0: scan_png()})
    sample, reject = records(data)  # no OCR engine given
    assert isinstance(sample, Sample) and isinstance(reject, Reject)
    assert reject.reason == "filtered:no_text_layer" and reject.locator == "page=2" and reject.key
    _, off = read_document(data, "mem://doc.pdf", DocumentOptions(ocr_scanned_pages=False, interleaved=False), CONTEXT)
    assert off.reason == "filtered:no_text_layer"


def test_a_scanned_page_is_read_by_ocr():
    data = make_pdf(["<p>Cover.</p>"], image_only_pages={0: scan_png()})
    _, scanned = read_document(data, "mem://letter.pdf", DocumentOptions(interleaved=False), CONTEXT)
    assert isinstance(scanned, Sample) and scanned.kind == "doc_ocr"
    assert character_error_rate("\n".join(_LETTER), scanned.text) <= 0.02
    assert scanned.meta["text_source"] == "ocr" and scanned.meta["page"] == 2 and scanned.meta["lines"]


def test_a_scanned_page_without_text_stays_rejected():
    data = make_pdf(["<p>Cover.</p>"], image_only_pages={0: blank_photo_jpeg()})
    _, blank = read_document(data, "mem://blank.pdf", DocumentOptions(interleaved=False), CONTEXT)
    assert blank.reason == "filtered:no_text_layer" and "OCR" in blank.detail


def garbage_pdf() -> bytes:
    """A scanned letter whose text layer is garbage, as from a font whose glyph names map only to
    private-use code points: the text extracts as U+E0xx while the pixels show the real letter."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, stream=scan_png())
    page.insert_text((60, 60), "ABCDEFGH IJKLMN", fontsize=1)  # a tiny, visible text layer
    names = "".join(f"/uniE0{i:02X}" for i in range(1, 15))
    doc.xref_set_key(page.get_fonts()[0][0], "Encoding",
                     f"<</Type/Encoding/BaseEncoding/WinAnsiEncoding/Differences[65 {names}]>>")
    return doc.tobytes()


def test_a_garbage_text_layer_is_ocrd_or_rejected():
    data = garbage_pdf()
    assert garbage_ratio("\ue001\ue002 ab") == 0.5
    [rejected] = records(data)
    assert rejected.reason == "filtered:garbage_text_layer"
    [ocrd] = read_document(data, "mem://garbage.pdf", DocumentOptions(interleaved=False), CONTEXT)
    assert ocrd.meta["replaced_text_layer"] == "garbage_text_layer"
    assert character_error_rate("\n".join(_LETTER), ocrd.text) <= 0.02


def test_routing_by_extension():
    assert source_for_path("x/Report.PDF") is SOURCES["pdf"]
    assert source_for_path("x/book.epub") is SOURCES["epub"] and source_for_path("a/b.xhtml") is SOURCES["html"]
    assert source_for_path("x/notes.txt") is None


def test_documents_are_rerendered_in_other_layouts():
    from sources.documents.templates import LAYOUTS

    out = [r for r in read_document(structured_pdf(2), "mem://j.pdf",
                                    DocumentOptions(interleaved=False, rerender_layouts=3)) if isinstance(r, Sample)]
    original = [s for s in out if "layout" not in s.meta]
    assert len(original) == 2
    by_layout = {}
    for s in out[2:]:
        by_layout.setdefault(s.meta["layout"], []).append(s)
    assert list(by_layout) == [layout.name for layout in LAYOUTS[:3]]
    words = " ".join(s.text for s in original).split()
    for layout in LAYOUTS[:3]:
        pages = by_layout[layout.name]
        assert pages[0].meta["page_size_pt"] == list(layout.page)
        assert pages[0].text.startswith("# Section 1: Results")  # heading levels survive the round trip
        assert " ".join(p.text for p in pages).split() == words  # the same text, read from the new pages
        assert all(p.meta["locator"].startswith(f"layout={layout.name};page=") for p in pages)
    assert len({s.key for s in out}) == len(out)


def test_a_build_with_rerendered_layouts_still_balances(tmp_path):
    from tests.conftest import run_build

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "j.pdf").write_bytes(structured_pdf(2))
    code, manifest = run_build("--input", str(tmp_path / "in"), "--output", str(tmp_path / "out"),
                               "--source_option", "rerender_layouts=2", "--kinds", "doc_ocr")
    assert code == 0 and manifest["ledger"]["pdf"]["balanced"] and manifest["totals"]["samples"]["doc_ocr"] >= 5


def test_mojibake_in_the_text_layer_is_repaired():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "The cafÃ© serves crÃ¨me brÃ»lÃ©e every day.", fontsize=12)
    [sample] = records(doc.tobytes())
    assert sample.text == "The café serves crème brûlée every day." and sample.meta["text_repaired"] == "mojibake"


def _with_style_sheet(book: bytes, href: str, css: str) -> bytes:
    """``book`` (`make_epub`'s) with the style sheet ``css`` at ``href`` (relative to its OPF) in its manifest
    and linked from its first chapter."""
    item = f'<manifest><item id="css" href="{href}" media-type="text/css"/>'.encode()
    link = f'<link rel="stylesheet" type="text/css" href="{href}"/></head>'.encode()
    return _with_members(book, {"OEBPS/content.opf": lambda data: data.replace(b"<manifest>", item),
                                "OEBPS/c0.xhtml": lambda data: data.replace(b"</head>", link)},
                         {f"OEBPS/{href}": css})


def _with_members(book: bytes, changes: dict, added: dict | None = None) -> bytes:
    """``book`` (an EPUB's bytes) with each member ``changes`` names rewritten by its function (bytes -> bytes),
    and the members of ``added`` (name -> text) written after the rest."""
    source, out = zipfile.ZipFile(io.BytesIO(book)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in source.infolist():
            z.writestr(info, changes.get(info.filename, lambda data: data)(source.read(info)))
        for name, text in (added or {}).items():
            z.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize("css", [".entry { display: flex; justify-content: space-between; margin: 0 0 8px }",
                                 # set for screens only: MuPDF reads no @media rule (`media_queries`)
                                 "@media screen { .entry { display: flex; justify-content: space-between; "
                                 "margin: 0 0 8px } }",
                                 # guarded by a feature query: MuPDF reads no @supports rule (`feature_queries`)
                                 ".entry { margin: 0 0 8px } @supports (display: flex) { .entry { display: flex; "
                                 "justify-content: space-between } }"])
def test_an_epubs_contents_set_in_flex_rows_by_its_style_sheet_reads_each_title_apart_from_its_page(css):
    # an EPUB's own style sheet sets each contents entry as a flex row (title left, page right); MuPDF knows no
    # flex and laid the rows out inline: "Introduction1Getting started7Configuration25". The sheet is rewritten
    # as the chapters are (`flex_layout`)
    entries = "".join(f'<div class="entry"><span>{t}</span><span>{n}</span></div>'
                      for t, n in [("Introduction", "1"), ("Getting started", "7"), ("Configuration", "25")])
    book = make_epub("Guide", [("Contents", f"<h1>Contents</h1>{entries}")])
    [page] = records(_with_style_sheet(book, "style.css", css), "mem://guide.epub")
    assert page.text == "# Contents\n\nIntroduction 1\n\nGetting started 7\n\nConfiguration 25"


def test_an_epubs_linked_sheet_spaces_only_the_growing_items_of_its_flex_rows():
    # the book's sheet sets the rows and their growing leaders, and a class that grows used in a paragraph: the
    # spaces that hold a row's items apart went on every element the rule matched, the word read "un break able".
    # They go only where the parent is a flex container (`flex_layout`, the chapter's linked sheets read)
    css = ".entry { display: flex; margin: 0 0 8px } .dots { flex: 1; border-bottom: 1px dotted } .w { flex-grow: 1 }"
    entries = "".join(f'<div class="entry"><span>{t}</span><span class="dots"></span><span>{n}</span></div>'
                      for t, n in [("Introduction", "1"), ("Configuration", "25")])
    body = f'<h1>Contents</h1>{entries}<p>un<span class="w">break</span>able</p>'
    book = make_epub("Guide", [("Contents", body)])
    [page] = records(_with_style_sheet(book, "style.css", css), "mem://guide.epub")
    assert page.text == "# Contents\n\nIntroduction 1\n\nConfiguration 25\n\nunbreakable"


@pytest.mark.parametrize("mark", ["", "\ufeff"])
def test_an_epubs_flex_rows_set_by_a_sheet_its_linked_sheet_imports_read_their_items_apart(mark):
    # the chapter links a sheet that imports the one setting its contents rows as flex rows (an imported sheet the
    # manifest does not list): the rows' items were read from the linked sheet only and ran together,
    # "Introduction1" (`css_imports`); so they were where the sheets begin with a byte-order mark ("\ufeff.entry")
    entries = "".join(f'<div class="entry"><span>{t}</span><span>{n}</span></div>'
                      for t, n in [("Introduction", "1"), ("Getting started", "7")])
    book = _with_style_sheet(make_epub("Guide", [("Contents", f"<h1>Contents</h1>{entries}")]), "css/main.css",
                             mark + '@import url("rows.css");')
    book = _with_members(book, {}, {"OEBPS/css/rows.css": mark + ".entry { display: flex; gap: 1em; margin: 0 0 8px }"})
    [page] = records(book, "mem://guide.epub")
    assert page.text == "# Contents\n\nIntroduction 1\n\nGetting started 7"


@pytest.mark.parametrize("head", ["<style>@import url(rows.css);</style>", '<link rel="stylesheet" href="rows.css">'])
def test_two_pages_of_the_same_bytes_in_two_folders_each_read_with_its_own_sheets(tmp_path, head):
    # one page's bytes in two folders, each with its own rows.css (a flex row in one, none in the other): the
    # second read was given the first's sampled text, a style cache keyed on the bytes alone (`read._document_style`)
    html = f"<html><head>{head}</head><body><div class=row><span>Alpha</span><span>Beta</span></div></body></html>"
    texts = []
    for folder, css in [("flex", ".row { display: flex; gap: 1em }"), ("plain", ".row { color: navy }")] * 2:
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / "rows.css").write_text(css)
        [page] = records(html.encode(), str(tmp_path / folder / "page.html"))
        texts.append(page.text)
    assert texts == ["Alpha Beta", "AlphaBeta"] * 2


@pytest.mark.parametrize("css", [".bill { display: grid; grid-template-columns: 2fr 1fr 1fr }",
                                 # set for screens (as `media_queries` applies a <style>'s): the table it was not
                                 "@media screen and (min-width: 20em) { .bill { display: grid; "
                                 "grid-template-columns: 2fr 1fr 1fr } } @media print { .bill { display: block } }",
                                 "@supports not (display: grid) { .bill div { display: inline } } @supports "
                                 "(display: grid) { .bill { display: grid; grid-template-columns: 2fr 1fr 1fr } }"])
def test_an_epubs_invoice_set_as_a_grid_by_its_linked_style_sheet_is_a_table(css):
    # the chapter's grid is set by the book's style sheet, which MuPDF reads apart from the chapter: its cells were
    # one paragraph, "Item Qty Price Widget 2 4.00 Cable 3 1.20"; a grid of known columns is a table (`grid_tables`,
    # the chapter's linked sheets read from the archive)
    cells = "".join(f"<div>{c}</div>" for c in ("Item", "Qty", "Price", "Widget", "2", "4.00", "Cable", "3", "1.20"))
    book = make_epub("Bill", [("Bill", f'<h1>Bill</h1><div class="bill">{cells}</div>')])
    [page] = records(_with_style_sheet(book, "css/book.css", css), "mem://bill.epub")
    assert page.text == "# Bill\n\n|Item|Qty|Price|\n|---|---|---|\n|Widget|2|4.00|\n|Cable|3|1.20|"


def test_a_contents_page_whose_dot_leader_broke_in_two_stays_one_entry_a_line():
    # dot leaders stand level from entry to entry (TeX sets them on a grid), so a leader MuPDF broke in two lines
    # started an edge that every other leader has a space at: read as a column of figures run in, the contents
    # became a table of leader pieces ("|3.1|Greek alphabet . . .|.|. . . . . . . .|...|2|"), as Debian's
    # tuenc-greek.def manual's did
    entries = [("3.1", "Greek alphabet", "2"), ("3.2", "Diacritics", "2"), ("3.3", "Additional Greek symbols", "4"),
               ("3.4", "Symbol variants", "4"), ("3.5", "Ancient Greek numbers", "6"),
               ("3.6", "Generic text symbols", "6")]
    doc = pymupdf.open()
    page = doc.new_page()
    expected = []
    for i, (number, title, page_number) in enumerate(entries):
        y = 100 + 16 * i
        page.insert_text((72, y), number, fontsize=10)
        page.insert_text((100, y), title, fontsize=10)
        start = 12 * (int((100 + pymupdf.get_text_length(title, fontsize=10) + 8) / 12) + 1)
        if title.startswith("Additional"):  # its leader broken, a piece 24 points on
            page.insert_text((start, y), ". " * ((300 - start) // 12), fontsize=10, fontname="cour")
            page.insert_text((324, y), ". " * 13, fontsize=10, fontname="cour")
            dots = (300 - start) // 12 + 13
        else:
            page.insert_text((start, y), ". " * ((480 - start) // 12), fontsize=10, fontname="cour")
            dots = (480 - start) // 12
        page.insert_text((500, y), page_number, fontsize=10)
        expected.append(f"{number} {title} " + " ".join("." * dots) + f" {page_number}")
    [sample] = records(doc.tobytes())
    assert sample.text == "\n\n".join(expected)
