"""Scanned document pages: the OCR engine's lines laid out as a text layer's are (headings, paragraphs
joined across their lines, lists), and garbled readings re-read or refused, never written."""

from __future__ import annotations

import dataclasses
import io

import numpy as np
import pymupdf
import pytest

from samples.pdf_maker import make_pdf
from samples.text_images import render_text
from shards import Reject, Sample
from sources import SourceContext
from sources.common.ocr import OcrLine, OcrOptions, box_extent, character_error_rate
from sources.documents.borderless_tables import headless
from sources.documents.markdown import DocumentStyle, document_style, page_markdown
from sources.documents.ocr_layout import ocr_style, ocr_text
from sources.documents.ocr_lines import checked_lines, is_garbled
from sources.documents.read import DocumentOptions, read_document, split_document

FIRST = ("Farmers keep the harvest in silos through the winter months, and each silo is checked for damp and "
         "pests every week by the staff who work on the farm during the season.")
SECOND = ("A second paragraph explains that the temperature inside a silo must stay below fifteen degrees, or "
          "the grain starts to spoil within a few days of warm weather.")
HTML = (f"<h1>Storage of grain</h1><p>{FIRST}</p><p>{SECOND}</p>"
        "<ul><li>Check the vents</li><li>Record the temperature</li></ul>")


@pytest.fixture(scope="module")
def context():
    ctx = SourceContext(OcrOptions(threads=1))  # scans read by Tesseract, the default
    yield ctx
    ctx.release()


@pytest.fixture(scope="module")
def rapid():
    """Scans read by RapidOCR (PP-OCR), the scan engine before Tesseract and still a choice."""
    ctx = SourceContext(OcrOptions(threads=1, scan_backend="rapidocr"))
    yield ctx
    ctx.release()


def tesseract_runs(context, monkeypatch) -> list:
    """A list that grows by the page segmentation mode of each Tesseract run of ``context``'s scan engine
    (3: a page; 6: pieces read again; 7: one line)."""
    runs, engine = [], context.scan_engine()
    engine._pages.clear()  # pages read by earlier tests are remembered by their pixels
    real = type(engine)._run
    monkeypatch.setattr(type(engine), "_run", lambda self, image, psm: runs.append(psm) or real(self, image, psm))
    return runs


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


CODE = ["make clean          # remove old files", "make all", "make install        # copy to the prefix",
        "make test", "make docs           # write the manual"]


def test_a_scanned_listings_aligned_comments_stay_at_the_end_of_their_lines(context):
    # the engine cuts a line at a wide gap, and the comments, one under another, stood as a column of
    # their own, read after the whole listing
    html = "<p>Type these commands to build the project.</p><pre style='font-size:13pt'>" + "\n".join(CODE) + "</pre>"
    [page] = read_document(scanned(make_pdf([html])), "mem://code.pdf", DocumentOptions(interleaved=False), context)
    lines = [" ".join(ln["text"].split()) for block in page.meta["blocks"] for ln in block["lines"]]
    assert lines[-5:] == [" ".join(line.split()) for line in CODE]


def test_garbled_lines_are_told_from_words():
    assert is_garbled("Al e e et e s t e e ero")
    assert is_garbled("Tbe qnick brcwn fcx jumqs ovcr tle lazv dcg")
    assert not is_garbled("A clearly legible sentence about the storage of grain")
    assert not is_garbled("x = 3, y = 4 and z = 5")  # too few words to judge
    assert not is_garbled("x = 3 # class variable inst = Cls() inst.x = inst.x + 1 # writes inst.x as 4")  # code
    assert not is_garbled("Der Bauer lagert das Getreide im Silo", language=None)  # no list: pieces only
    # code's short names sit among brackets and operators, not alone between spaces: three scanned pages
    # of Python's tutorial (match statements) were refused for these lines
    assert not is_garbled('print(f"X={x}, Y={y}")')
    assert not is_garbled("case (Point(x1, y1), Point(x2, y2) as p2):")
    assert not is_garbled("case Point(x=0, y=y):")
    assert is_garbled("l' i1 ,| r: 'e t- ~a")  # specks read with punctuation stuck to them stay pieces


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
    # a heading on its own read unsure as a word: a line, no speck; it was left out and the page written
    # without it (a scanned contents page's "Contents", read "‘Sontents" at 0.28)
    heading = [row(10, "‘Sontents", 0.28), row(60, "The first line of the paragraph", 0.95)]
    assert checked_lines(heading, noise, engine, "en", 0.6)[1:] == (0, "‘Sontents")
    wordy = [row(10, "The first line of the paragraph", 0.95), row(40, "a middle line read with doubt", 0.5),
             row(70, "and the last line of it", 0.95)]  # words read with doubt: kept, not a hole
    assert checked_lines(wordy, noise, engine, "en", 0.6) == (wordy, 0, None)
    # a table's head cell read unsure beside its row's sure cells, nothing sure above or below it (the
    # rows under it read unsure too): it was left out as a lone speck, and the table lost two heads
    cell = lambda x, text, confidence: OcrLine(text, confidence, [[x, 90], [x + 90, 90], [x + 90, 110], [x, 110]])
    head = [cell(10, "Item", 0.95), cell(140, "Qty", 0.95), cell(270, "Pr ic To al", 0.3)]
    assert checked_lines(head, noise, engine, "en", 0.6)[1:] == (0, "Pr ic To al")


def test_a_lone_line_read_unsure_twice_is_kept_where_the_other_engine_reads_it_alike(context, monkeypatch):
    # a heading alone on its row that Tesseract read unsure, from the page and again from its crop: a hole,
    # and the page was refused, though PP-OCR reads it cleanly; where the other engine reads no words it stays
    # a hole
    image, _ = render_text(["Storage of grain"], size=28)
    pixels = np.asarray(image.convert("RGB"))
    height, width = pixels.shape[:2]
    page = np.full((height + 200, width, 3), 255, np.uint8)
    page[:height] = pixels
    box = [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]]
    lines = [OcrLine("Storage of grain", 0.45, box),
             OcrLine("The first line of the paragraph", 0.95, [[0, 150], [500, 150], [500, 170], [0, 170]])]
    engine = context.scan_engine()
    monkeypatch.setattr(type(engine), "recognise_many", lambda self, images: [("Storage of grain", 0.5)] * len(images))
    assert checked_lines(lines, page, engine, "en", 0.6)[1:] == (0, "Storage of grain")  # no second engine
    kept, dropped, failed = checked_lines(lines, page, engine, "en", 0.6, context.ocr_engine())
    assert (failed, dropped) == (None, 0) and [ln.text for ln in kept] == ["Storage of grain", lines[1].text]
    assert kept[0].confidence >= 0.6
    noise = page.copy()
    noise[:height] = np.random.default_rng(2).integers(0, 255, (height, width, 3), dtype=np.uint8)
    assert checked_lines(lines, noise, engine, "en", 0.6, context.ocr_engine())[1:] == (0, "Storage of grain")


def garble_line_one(engine, monkeypatch) -> None:
    """``engine`` confidently wrong on the page's second line, and reading it again as nothing."""
    monkeypatch.setattr(type(engine), "recognise", lambda self, image: ("e t a e o s", 0.9))  # nothing, twice
    if hasattr(engine, "recognise_many"):  # Tesseract reads a page's doubtful lines in one run
        monkeypatch.setattr(type(engine), "recognise_many", lambda self, images: [("e t a e o s", 0.9)] * len(images))
    real_read = type(engine).read
    monkeypatch.setattr(type(engine), "read", lambda self, image, boxes=None: [
        OcrLine("Al e e et e s t e e ero", 0.8, line.box) if i == 1 else line
        for i, line in enumerate(real_read(self, image, boxes))])


def test_a_page_whose_ocr_is_garbled_is_refused(rapid, monkeypatch):
    # an engine confidently wrong on one line, both times: what RapidOCR did on a legible scanned page
    garble_line_one(rapid.scan_engine(), monkeypatch)
    [page] = read_document(scanned(make_pdf([HTML])), "mem://g.pdf", DocumentOptions(interleaved=False), rapid)
    assert isinstance(page, Reject) and page.reason == "filtered:ocr_garbled"
    # named with its place, as a hole is: the line's box's top left in the page's pixels
    assert page.detail.endswith("without words or confidence: 'Al e e et e s t e e ero', at (66, 133)")


def test_a_page_tesseract_leaves_garbled_is_read_by_pp_ocr(context, monkeypatch):
    # a scanned table's double rules read as rows of letters by Tesseract refused a page bench.doc_quality
    # scans that PP-OCR reads; refused only where PP-OCR garbles it too
    garble_line_one(context.scan_engine(), monkeypatch)
    encoded = encodings(monkeypatch)
    [page] = read_document(scanned(make_pdf([HTML])), "mem://g.pdf", DocumentOptions(interleaved=False), context)
    assert isinstance(page, Sample) and page.meta["scan_engine_unsure"] is True
    assert len(encoded) == 1  # the page image is encoded once, after the engine is chosen
    assert page.meta["ocr_engine"].startswith("rapidocr/") and page.text.lstrip("#").startswith(" Storage of grain")
    garble_line_one(context.ocr_engine(), monkeypatch)
    [page] = read_document(scanned(make_pdf([HTML])), "mem://g.pdf", DocumentOptions(interleaved=False), context)
    assert isinstance(page, Reject) and page.reason == "filtered:ocr_garbled"


def detector_runs(engine, monkeypatch) -> list:
    """A list that grows by one each time ``engine``'s text detector runs (RapidOCR's detection step)."""
    runs, rapid = [], type(engine._ocr)
    real = rapid.detect_and_crop
    monkeypatch.setattr(rapid, "detect_and_crop", lambda self, *args: runs.append(1) or real(self, *args))
    return runs


def encodings(monkeypatch) -> list:
    """A list that grows by one each time a page image is encoded (rendered, or straightened)."""
    import sources.common.images
    import sources.documents.page_sample as page_sample

    runs = []
    for module, name in ((page_sample, "encode_pixmap"), (sources.common.images, "encode_image")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *args, _real=real, **kw: runs.append(1) or _real(*args, **kw))
    return runs


def test_a_straight_scan_is_read_by_tesseract_once(context, monkeypatch):
    runs, encoded = tesseract_runs(context, monkeypatch), encodings(monkeypatch)
    [page] = read_document(scanned(make_pdf([HTML])), "mem://a.pdf", DocumentOptions(interleaved=False), context)
    assert isinstance(page, Sample) and "deskewed_degrees" not in page.meta and runs == [3]
    assert page.meta["ocr_engine"].startswith("tesseract/5.") and page.meta["ocr_engine"].endswith("/eng")
    assert len(encoded) == 1 and page.images[0][:4] == b"RIFF"  # encode_pixmap's WebP
    assert page.text.split("\n\n")[3] == "- Check the vents\n- Record the temperature"  # discs read as "+"


def test_a_scan_turned_by_a_degree_is_straightened_and_its_tesseract_lines_turned_not_read_again(context,
                                                                                               monkeypatch):
    from bench.ocr_pages import page_texts, plain, scanned_pdf

    text = page_texts(4)[3]
    pdf, _ = scanned_pdf(text, seed=3)  # turned by 0.83 degrees
    runs, encoded = tesseract_runs(context, monkeypatch), encodings(monkeypatch)
    [page] = read_document(pdf, "mem://turned.pdf", DocumentOptions(interleaved=False, agreement_lines=0), context)
    assert isinstance(page, Sample) and 0.6 <= abs(page.meta["deskewed_degrees"]) <= 1.0
    assert runs.count(3) == 1 and len(encoded) == 1  # read once; only the straightened image encoded
    assert character_error_rate(plain(text), plain(page.text)) < 0.03  # RapidOCR's path: < 0.08
    # the lines' boxes fit the straightened image: each about level (a degree over 550 pixels is 10)
    tops = [line["bbox"] for block in page.meta["blocks"] for line in block["lines"]]
    assert tops and all(y1 - y0 < 16 for _, y0, _, y1 in tops)


def test_a_straight_scan_is_searched_for_lines_once(rapid, monkeypatch):
    # the skew is measured on the detector's boxes; a page that needs no straightening reuses them
    # (the detector ran twice a page before: a tenth of a page's CPU, a quarter on a page of few lines)
    context = rapid
    runs, encoded = detector_runs(context.ocr_engine(), monkeypatch), encodings(monkeypatch)
    [page] = read_document(scanned(make_pdf([HTML])), "mem://a.pdf", DocumentOptions(interleaved=False), context)
    assert isinstance(page, Sample) and "deskewed_degrees" not in page.meta and len(runs) == 1
    assert len(encoded) == 1 and page.images[0][:4] == b"RIFF"  # encode_pixmap's WebP
    assert page.text.split("\n\n")[3] == "- Check the vents\n- Record the temperature"


def test_a_scan_turned_by_a_degree_is_straightened_before_it_is_read(rapid, monkeypatch):
    from bench.ocr_pages import page_texts, plain, scanned_pdf

    context = rapid
    text = page_texts(4)[3]
    pdf, _ = scanned_pdf(text, seed=3)  # turned by 0.83 degrees: long lines read as "probe T uo . b." before
    runs, encoded = detector_runs(context.ocr_engine(), monkeypatch), encodings(monkeypatch)
    [page] = read_document(pdf, "mem://turned.pdf", DocumentOptions(interleaved=False, agreement_lines=0), context)
    assert isinstance(page, Sample) and 0.6 <= abs(page.meta["deskewed_degrees"]) <= 1.0
    assert len(runs) == 2  # the straightened image is searched for its lines again
    assert len(encoded) == 1  # only the straightened image is encoded: the rendered one was thrown away before
    assert character_error_rate(plain(text), plain(page.text)) < 0.08  # written whole: refused before


HEAD = "Chapter 2. Installing the system"
STEPS = ["Unpack the archive into a directory of its own and read the notes that come with it before you start.",
         "The installer asks for the disk to use and the size of the swap area, then copies the base system.",
         "When the copy is done, set the root password and create the first user account on the machine.",
         "Reboot the machine, remove the installation medium and log in with the account you have made."]
TOTAL = "Total for warehouse 3: 412 items"


def typeset_book(head: str = HEAD):
    """Four pages of a book (a PyMuPDF document, text layers): its running head and printed page number
    (17 to 20) at the top of each, and on the third a margin line of its own at the bottom."""
    doc = pymupdf.open()
    for index, step in enumerate(STEPS):
        page = doc.new_page(width=595, height=842)
        page.insert_text((56, 50), head, fontsize=10)
        page.insert_text((520, 50), str(index + 17), fontsize=10)
        page.insert_htmlbox(pymupdf.Rect(56, 120, 539, 700), f"<p>{step}</p>",
                            css="body {font-family: sans-serif; font-size: 12pt;}")
        if index == 2:
            page.insert_text((56, 800), TOTAL, fontsize=10)
    return doc


def scanned_book(turned: bool = False, head: str = HEAD) -> bytes:
    """`typeset_book` scanned: image-only pages. ``turned``: each page turned by up to a degree, blurred
    and speckled (`bench.ocr_pages.scan`)."""
    doc = typeset_book(head)
    if not turned:
        return scanned(doc.tobytes())
    from bench.ocr_pages import scan as scanner

    scan = pymupdf.open()
    for seed, page in enumerate(doc):
        png = io.BytesIO()
        scanner(page, seed).save(png, format="PNG")
        copy = scan.new_page(width=page.rect.width, height=page.rect.height)
        copy.insert_image(copy.rect, stream=png.getvalue())
    return scan.tobytes()


def test_a_scanned_books_running_head_and_page_numbers_are_dropped_and_its_own_margin_line_kept(context,
                                                                                                 monkeypatch):
    # issue 19: OCR pages had no memory of the document's margins, so every page began with its running
    # head ('Chapter 2. Installing the system\n\n19\n\nWhen the copy...'); now the sampled pages' margins
    # are read too, as a text layer's are
    data, options = scanned_book(), DocumentOptions(interleaved=False, pages_per_task=2)
    runs = tesseract_runs(context, monkeypatch)
    whole = list(read_document(data, "mem://book.pdf", dataclasses.replace(options, pages_per_task=0), context))
    assert [page.text for page in whole] == [STEPS[0], STEPS[1], f"{STEPS[2]}\n\n{TOTAL}", STEPS[3]]
    assert all(page.meta["text_source"] == "ocr" for page in whole)
    assert runs.count(3) == 4  # each page read once: the margins' reading is handed to the page
    # a task of two pages samples the same pages of the whole document: the same style, the same targets
    tasks = [uri for uri, _ in split_document(data, "mem://book.pdf", options)]
    assert [(p.key, p.text) for uri in tasks for p in read_document(data, uri, options, context)] == \
        [(p.key, p.text) for p in whole]


def test_a_turned_noisy_scan_loses_its_running_heads_read_with_errors(context):
    # three of the four pages are straightened; the head is read as 'Chapter 2: Installing the system' on
    # the first (kept before, as were all the heads): matched a misread letter apart. The exact targets are
    # the clean scan's test; here OCR errors in the body ('the cop is done') are no concern of this test
    pages = list(read_document(scanned_book(turned=True), "mem://turned-book.pdf", DocumentOptions(interleaved=False),
                               context))
    assert [isinstance(page, Sample) and "deskewed_degrees" in page.meta for page in pages] == [True, False, True, True]
    assert not [piece for page in pages for piece in page.text.split("\n\n")
                if "Installing the" in piece or piece in ("17", "18", "19", "20")]
    assert pages[2].text.endswith(f"\n\n{TOTAL}") and pages[3].text == STEPS[3]


def test_a_short_running_head_and_its_page_number_on_one_row_stay_apart_and_are_dropped(context):
    # a listing's comments are joined to the lines beside them (`ocr_layout._trailing_pieces_joined`); a
    # head too short to be a column and its page number, alone on the margin's row, were joined too and
    # kept on the last turned page ("Chapter 2 20")
    pages = list(read_document(scanned_book(turned=True, head="Chapter 2"), "mem://short-head.pdf",
                               DocumentOptions(interleaved=False), context))
    assert not [page.text for page in pages if "Chapter" in page.text]


def margin_lines(*texts: str) -> dict:
    """What `ocr_layout.OcrMargins` gives for a page whose top margin reads ``texts`` (left to right)."""
    return ocr_text([OcrLine(text, 0.95, [[60 + 300 * i, 50], [300 + 300 * i, 50], [300 + 300 * i, 62],
                                          [60 + 300 * i, 62]]) for i, text in enumerate(texts)], 1.0)[0]


def test_running_heads_read_by_ocr_match_a_misread_letter_apart_and_varying_lines_stay():
    doc = pymupdf.open()
    for _ in range(4):
        doc.new_page(width=595, height=842)  # no text layer: each page's margins are "read"
    readings = {0: ("Chapter 2. Installing the system", "17"), 1: ("Chapter 2. Instaling the system", "18"),
                2: ("Chapter 2.Installing the system", "19", TOTAL), 3: ("Chapter 2. Installing the systen", "20")}
    style, _ = document_style(doc, 4, read_margins=lambda page: margin_lines(*readings[page.number]))
    assert style.running == {"chapter #. installing the system"}  # the four readings counted as one line
    assert style.page_offset == 17
    ocr = dataclasses.replace(style, read_by_ocr=True)
    assert ocr.is_running("Chapter 2. lnstalling the sysem", 1, 4) and ocr.is_running("19", 2, 4)
    assert not style.is_running("Chapter 2. lnstalling the sysem", 1, 4)  # a text layer's lines match exactly
    assert not ocr.is_running(TOTAL, 2, 4) and not ocr.is_running("Chapter 3. Configuring the network", 2, 4)
    assert not ocr.is_running("2023", 0, 4)  # a year on a title page is no page number


def test_a_page_read_by_ocr_keeps_the_documents_monospace_verdict_and_marks_code_by_its_lines():
    # ocr_style set mono_body=True to switch code detection off: a style that said a scanned document was
    # typewritten; read_by_ocr says what is so, mono_body stays the document's. On a page read by OCR a
    # line is monospaced where its words' widths say so (ocr_layout._mark_fixed_pitch), so a span's
    # monospace flag marks code as on any page (tests/test_ocr_code.py reads scanned listings)
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((56, 180), "Run these lines to print the working directory:", fontname="helv", fontsize=11)
    for i, line in enumerate(["import os", "print(os.getcwd())"]):
        page.insert_text((56, 210 + 14 * i), line, fontname="cour", fontsize=11)
    style = DocumentStyle()
    fenced = "Run these lines to print the working directory:\n\n```\nimport os\nprint(os.getcwd())\n```"
    assert page_markdown(page, style)[0] == fenced
    as_read = ocr_style(style, 11.0)
    assert as_read.read_by_ocr and not as_read.mono_body and not as_read.paragraph_sizes
    assert page_markdown(page, as_read)[0] == fenced
    typewritten = ocr_style(dataclasses.replace(style, mono_body=True), 11.0)
    assert page_markdown(page, typewritten)[0] == ("Run these lines to print the working directory:\n\n"
                                                   "import os print(os.getcwd())")


def test_a_book_partly_scanned_drops_its_running_head_from_typeset_and_scanned_pages(context):
    # the head is learnt from a text layer and OCR readings together: one typeset page, three scanned
    book = typeset_book()
    book.delete_pages(from_page=1, to_page=3)
    book.insert_pdf(pymupdf.open(stream=scanned_book()), from_page=1, to_page=3)
    pages = list(read_document(book.tobytes(), "mem://part.pdf", DocumentOptions(interleaved=False), context))
    assert [page.meta["text_source"] for page in pages] == ["text_layer", "ocr", "ocr", "ocr"]
    assert [page.text for page in pages] == [STEPS[0], STEPS[1], f"{STEPS[2]}\n\n{TOTAL}", STEPS[3]]


def test_a_margin_reading_that_fails_costs_no_document():
    """The margin pass OCRs a sampled scan's margins before any page is read; a failure there (the renderer
    or the OCR runtime refusing a page) left read_document and rejected the whole book, every task of it."""
    from sources.documents.style import document_style

    doc = pymupdf.open(stream=scanned_book())

    def failing(page):
        raise RuntimeError("the OCR runtime refused this page")
    style, _ = document_style(doc, doc.page_count, read_margins=failing)
    assert style.running == frozenset()


def test_a_scans_small_running_head_and_footer_are_left_out_by_tesseract(context):
    # bench.doc_quality's scans: Tesseract read an 8-point URL head at confidence 0.0-0.3 and "Page 2 of 3"
    # as "Page 2013", differently on every page, so no margin matched and the footers stayed in the text
    from bench.ocr_pages import image_only_pdf, scan

    doc = pymupdf.open(stream=make_pdf([f"<p>{FIRST}</p>", f"<p>{SECOND}</p>", f"<h2>Silos</h2><p>{FIRST}</p>"]))
    for page in doc:
        page.insert_text((36, 20), "docs.example.org/manual/storage.html#silos", fontsize=8, fontname="helv")
        page.insert_text((page.rect.width - 100, page.rect.height - 12), f"Page {page.number + 1} of 3", fontsize=8,
                         fontname="helv")
    pdf = image_only_pdf([(scan(page, 7 + page.number), page.rect) for page in doc])
    pages = read_document(pdf, "mem://running.pdf", DocumentOptions(interleaved=False), context)
    assert [page.text for page in pages] == [FIRST, SECOND, f"## Silos\n\n{FIRST}"]
    # a footer read with a speck for a dot matches, spaces and punctuation aside; another word does not
    style = DocumentStyle(running=frozenset({"page # of #"}), read_by_ocr=True)
    assert style.is_running("Page.4 of 4", 3, 4) and style.is_running("Page 2 of·4", 1, 4)
    assert not style.is_running("Stage 4 of 4", 3, 4)
    assert not dataclasses.replace(style, read_by_ocr=False).is_running("Page.4 of 4", 3, 4)


def test_a_line_the_engine_lost_is_found_by_its_ink_and_read_or_the_page_refused(context, monkeypatch):
    # Tesseract's layout analysis returned nothing for a whole line of Python's reference (issue 19: "whole
    # lines vanish"); no confidence says so, the ink between the lines above and below it does
    from sources.documents.ocr_holes import vanished_lines

    lines = ["The grain is stored in dry silos", "and each silo is checked for damp", "by the staff who work there"]
    image, _ = render_text(lines, size=20)
    pixels = np.asarray(image.convert("RGB"))
    read = [line for line in context.scan_engine().read(pixels)]
    assert [line.text for line in read] == lines and vanished_lines(read, pixels) == []
    lost = [read[0], read[2]]  # the middle line gone
    [hole] = vanished_lines(lost, pixels)
    assert box_extent(read[1].box)[1] - 4 <= hole[0][1] < hole[2][1] <= box_extent(read[1].box)[3] + 4  # on the lost line
    from sources.documents.ocr_holes import recover_vanished

    kept, failed = recover_vanished(lost, lost, pixels, context.scan_engine(), "en", 0.6)
    assert failed is None and [line.text for line in kept] == [lines[0], lines[2], lines[1]]
    monkeypatch.setattr(type(context.scan_engine()), "recognise", lambda self, image: ("e t a o", 0.9))
    kept, failed = recover_vanished(lost, lost, pixels, context.scan_engine(), "en", 0.6)
    assert kept == lost and failed.startswith("a row of ink no line covers")


def test_words_beside_the_lines_that_no_line_covers_are_read_and_added(context):
    # Tesseract's layout analysis left out a column of "(More info) (Purchase)" buttons beside a price list
    from sources.documents.ocr_holes import recover_vanished, unread_ink

    image, _ = render_text(["Cost: 2000 dollars, a one time fee", "Purchase now"], size=20)
    pixels = np.array(image.convert("RGB"))
    read = context.scan_engine().read(pixels)
    assert [line.text for line in read] == ["Cost: 2000 dollars, a one time fee", "Purchase now"]
    specked = pixels.copy()
    specked[np.random.default_rng(2).random(pixels.shape[:2]) < 0.003] = 0
    assert unread_ink(read, specked) == []  # specks are no words
    [box] = unread_ink(read[:1], pixels)
    assert abs(np.mean(box, axis=0) - np.mean(read[1].box, axis=0)).max() < 12
    kept, failed = recover_vanished(read[:1], read[:1], pixels, context.scan_engine(), "en", 0.6)
    assert failed is None and [line.text for line in kept] == ["Cost: 2000 dollars, a one time fee", "Purchase now"]


def test_loose_ink_widens_the_lines_boxes_as_pillows_max_filter_did():
    # the 5 x 5 dilation that replaced Pillow's MaxFilter(5) (35 ms a page) must cover the same pixels,
    # at the image's edges too
    from PIL import Image, ImageDraw, ImageFilter

    from sources.documents.ocr_holes import _loose_ink

    rng = np.random.default_rng(7)
    pixels = (rng.random((120, 200, 3)) * 255).astype(np.uint8)
    boxes = [[[0, 0], [30, 0], [30, 9], [0, 9]], [[150.4, 100.2], [199, 101.7], [199, 119], [150.4, 117.6]],
             [[60, 40], [120, 44], [119, 52], [59, 48]]]
    lines = [OcrLine("x", 1.0, box) for box in boxes]
    cover = Image.new("L", (200, 120), 0)
    for box in boxes:
        ImageDraw.Draw(cover).polygon([(float(x), float(y)) for x, y in box], fill=255)
    covered = np.asarray(cover.filter(ImageFilter.MaxFilter(5))) > 0
    assert np.array_equal(_loose_ink(lines, pixels), (pixels.mean(axis=2) < 128) & ~covered)


def test_a_sampled_scan_is_rendered_and_straightened_once_and_reads_as_if_it_were_not(context, monkeypatch):
    # `OcrMargins` renders and straightens the pages it samples for running lines; the pages take those
    # images over (16 ms a render, 30-50 ms a straightening) and their records are what they are without
    import sources.documents.ocr_layout as ocr_layout
    import sources.documents.page_sample as page_sample
    import sources.documents.read as read
    from bench.ocr_pages import image_only_pdf, page_texts, scan

    source = pymupdf.open(stream=make_pdf([f"<p>{text}</p>" for text in page_texts(2, words=120)]))
    pdf = image_only_pdf([(scan(page, seed=3), page.rect) for page in source])  # turned by 0.83 degrees
    calls = []
    for module, name in ((ocr_layout, "render_page"), (page_sample, "render_page"), (page_sample, "straightened")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *args, _real=real, _name=name, **kw: calls.append(_name) or _real(
            *args, **kw))
    options = DocumentOptions(interleaved=False, agreement_lines=0)
    taken = list(read_document(pdf, "mem://sampled.pdf", options, context))
    assert len(taken) == 2 and all("deskewed_degrees" in page.meta for page in taken)
    assert calls.count("render_page") == 2 and calls.count("straightened") == 2  # once a page, by OcrMargins
    real_style = read._document_style  # the style as sampled (kept by the document's digest), no images
    monkeypatch.setattr(read, "_document_style", lambda *args: (*real_style(*args)[:3], {}, real_style(*args)[4]))
    own = list(read_document(pdf, "mem://sampled.pdf", options, context))
    assert calls.count("render_page") == 4 and calls.count("straightened") == 4  # each page its own again
    assert [(p.text, p.meta, p.images) for p in own] == [(p.text, p.meta, p.images) for p in taken]


MEETING = ["The committee met on Tuesday to review the annual budget and the plans for the new library building.",
           "Members agreed that the reading room should open before the winter, when most students return.",
           "A final vote on the proposal will be held at the next meeting of the board in March."]


def stamped_or_shaded(stamp: bool) -> bytes:
    """A page of minutes scanned at 200 dpi with a red "RECEIVED" stamp's ring over its first lines, or
    photographed with a shadow darkening it from the right edge to a third at the left."""
    from PIL import Image, ImageDraw

    html = "<h2>Minutes of the meeting</h2>" + "".join(f"<p>{text}</p>" for text in MEETING)
    pix = pymupdf.open(stream=make_pdf([html]))[0].get_pixmap(dpi=200)
    image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    width, height = image.size
    if stamp:
        draw = ImageDraw.Draw(image)
        draw.ellipse([width * 0.55, height * 0.09, width * 0.85, height * 0.2], outline=(200, 30, 30), width=8)
        draw.text((width * 0.6, height * 0.13), "RECEIVED", fill=(200, 30, 30), font_size=50)
    else:
        shade = np.linspace(0.35, 1.0, width)[None, :, None]
        image = Image.fromarray((np.asarray(image).astype(np.float32) * shade).astype(np.uint8))
    return image_only_pdf_of(image)


def image_only_pdf_of(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    doc = pymupdf.open()
    doc.new_page(width=595, height=842).insert_image(pymupdf.Rect(0, 0, 595, 842), stream=buffer.getvalue())
    return doc.tobytes()


@pytest.fixture(scope="module")
def tesseract_only():
    """Scans and everything else read by Tesseract: no other engine to read a page it leaves in doubt."""
    ctx = SourceContext(OcrOptions(threads=1, backend="tesseract"))
    yield ctx
    ctx.release()


@pytest.mark.parametrize("stamp", [True, False], ids=["stamp", "shadow"])
def test_rows_of_letters_the_engine_never_boxed_refuse_the_page_or_are_read_by_the_other_engine(
        stamp, tesseract_only, context):
    # Tesseract's layout analysis gave back the heading and "building." of a page whose first lines ran into
    # a stamp's ring, and only the right halves of a page in shadow: written, 3 of 5 lines were gone. Neither
    # is a row of ink between two lines read, nor a patch shaped like a line, so neither search found them
    pdf = stamped_or_shaded(stamp)
    [page] = read_document(pdf, "mem://minutes.pdf", DocumentOptions(interleaved=False), tesseract_only)
    # the shaded page's orientation is checked as a garbled page's is, and OSD cannot tell in the shadow:
    # its lines read as words, it is refused for the ink it left unread, not as of unknown orientation
    assert isinstance(page, Reject) and page.reason == "filtered:ocr_garbled"
    lost = ("100 letters in 4 rows of ink no line covers, the first at (362, 127)" if not stamp
            else "17 letters in 1 row of ink no line covers, the first at (499, 173)")
    assert page.detail.endswith("; " + lost)
    # read by PP-OCR instead (the scene-text engine, as a page Tesseract leaves garbled is): every line there
    [page] = read_document(pdf, "mem://minutes.pdf", DocumentOptions(interleaved=False), context)
    assert isinstance(page, Sample) and page.meta["scan_engine_unsure"] is True
    for text in ["Minutes of the meeting", *MEETING]:
        best = min(character_error_rate(text, piece[:len(text)]) for piece in _starts(page.text, text[:6]))
        assert best < 0.05, (text, page.text)


def _starts(text: str, head: str) -> list[str]:
    """The pieces of ``text`` starting at each place ``head`` occurs (a paragraph's first words)."""
    return [text[i:] for i in range(len(text)) if text.startswith(head, i)] or [""]


def test_a_paragraphs_last_line_of_one_word_with_a_descender_stays_in_its_paragraph(context):
    # "building." came back from Tesseract 14 pixels high among words of 10 (its "g"), the line's box a
    # third taller than its paragraph's: it stood apart, as a heading of its own ("### building.")
    html = (f"<p>{MEETING[0]}</p><div style='height:330px;background:#888'></div>"
            f"<p><i>Figure 1: The new library building seen from the south.</i></p><p>{MEETING[1]}</p>")
    pix = pymupdf.open(stream=make_pdf([html]))[0].get_pixmap(dpi=200)
    from PIL import Image

    pdf = image_only_pdf_of(Image.frombytes("RGB", (pix.width, pix.height), pix.samples))
    [page] = read_document(pdf, "mem://figure.pdf", DocumentOptions(interleaved=False), context)
    assert page.text == "\n\n".join([MEETING[0], "Figure 1: The new library building seen from the south.", MEETING[1]])


def test_a_scatter_plots_markers_between_paragraphs_are_no_rows_of_unread_letters(tesseract_only):
    # 250 open circles of a plot between two paragraphs, letter-sized and run together into pieces of many
    # heights: counted as "35 letters in 4 rows of ink no line covers", a clean page was refused
    import random

    from PIL import Image, ImageDraw

    html = f"<p>{MEETING[0]}</p><div style='height:300px'></div><p>{MEETING[1]}</p>"
    pix = pymupdf.open(stream=make_pdf([html]))[0].get_pixmap(dpi=200)
    image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    draw, (width, height), rnd = ImageDraw.Draw(image), image.size, random.Random(3)
    x0, y0, x1, y1 = int(width * .2), 360, int(width * .75), 760
    draw.line([x0, y0, x0, y1], fill=0, width=3)
    draw.line([x0, y1, x1, y1], fill=0, width=3)
    for _ in range(250):
        x = rnd.randint(x0 + 10, x1)
        y = min(max(int(y1 - (x - x0) * 0.45 + rnd.gauss(0, 40)), y0), y1 - 10)
        draw.ellipse([x - 7, y - 7, x + 7, y + 7], outline=0, width=2)
    pdf = image_only_pdf_of(image)
    [page] = read_document(pdf, "mem://scatter.pdf", DocumentOptions(interleaved=False), tesseract_only)
    # Tesseract's own misreadings ("‘The", "building,") kept: the plot's circles add no line and refuse nothing
    assert isinstance(page, Sample) and page.text == "\n\n".join(
        ["‘The" + MEETING[0][3:-1] + ",", MEETING[1]])


@pytest.mark.parametrize("word", ["Spying", "Methods"])
def test_a_one_word_heading_of_many_descenders_is_set_at_the_level_of_its_like_without(word, context):
    # "Spying" (three tails of six letters) kept its tails below the last row of a third of its densest row's
    # ink, and its <h2> came out "# Spying" where "Methods" is "## Methods"
    html = f"<p>{MEETING[0]} {MEETING[1]}</p><h2>{word}</h2><p>{MEETING[0]} {MEETING[1]}</p>"
    pix = pymupdf.open(stream=make_pdf([html]))[0].get_pixmap(dpi=200)
    from PIL import Image

    pdf = image_only_pdf_of(Image.frombytes("RGB", (pix.width, pix.height), pix.samples))
    [page] = read_document(pdf, f"mem://{word}.pdf", DocumentOptions(interleaved=False), context)
    body = f"{MEETING[0]} {MEETING[1]}"
    assert page.text == "\n\n".join([body, f"## {word}", body])


ORDER = [("Item", "Qty", "Price", "Total"), ("Apples", "12", "0.50", "6.00"), ("Bread", "2", "3.25", "6.50"),
         ("Cheese", "1", "7.80", "7.80"), ("Dates", "4", "2.10", "8.40"), ("Eggs", "6", "0.30", "1.80")]


def order_table(ruled: bool) -> str:
    """An order's table (item, quantity, price, total; numbers set right) between two sentences."""
    rule = "border:1px solid black;" if ruled else ""
    rows = "".join("<tr>" + "".join(f"<td style='{rule}padding:4px 12px;text-align:{'right' if i else 'left'}'>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>" for row in ORDER[1:])
    head = "<tr>" + "".join(f"<th style='{rule}padding:4px 12px'>{name}</th>" for name in ORDER[0]) + "</tr>"
    return ("<p>The order below was delivered on Monday morning to the shop.</p>"
            f"<table style='border-collapse:collapse;font-size:13pt'>{head}{rows}</table>"
            "<p>Thank you for your custom.</p>")


@pytest.mark.parametrize("ruled", [False, True], ids=["borderless", "ruled"])
def test_a_scanned_table_is_a_table_with_every_row_in_order(ruled, context):
    # the engine cuts each row at its gaps: blocked as stacked lines, each column was a paragraph and a
    # short column's lines took the cells right of them ("Apples 0.50", "4 2.10"), the rows lost; ruled,
    # Tesseract read the rules as "|" in one line a row and lost the decimal points beside them ("325 | 650")
    pdf = scanned(make_pdf([order_table(ruled)]))
    [page] = read_document(pdf, "mem://order.pdf", DocumentOptions(interleaved=False), context)
    table = "\n".join(["|" + "|".join(row) + "|" for row in ORDER[:1]] + ["|---|---|---|---|"]
                      + ["|" + "|".join(row) + "|" for row in ORDER[1:]])
    assert page.text == ("The order below was delivered on Monday morning to the shop.\n\n" + table
                         + "\n\nThank you for your custom.")


INVOICE = [("Description", "Count", "Unit price", "Amount"), ("Printer paper", "10", "4.20", "42.00"),
           ("Toner cartridge", "2", "61.50", "123.00"), ("Binding combs", "100", "0.15", "15.00"),
           ("Delivery", "1", "9.00", "9.00")]


def test_a_scanned_invoices_rows_keep_every_cell_in_its_column(context):
    # Tesseract read the price and amount, set closer than a gutter, as one piece ("4.20 42.00"), and left
    # the lone quantities "2" and "1" out: rows a cell short, their numbers under the wrong heads
    right = "style='text-align:right'"
    rows = "".join("<tr>" + "".join(f"<td {right if i else ''}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
                   for row in INVOICE[1:])
    head = "<tr>" + "".join(f"<th {right if i else ''}>{c}</th>" for i, c in enumerate(INVOICE[0])) + "</tr>"
    html = (f"<p>Billed to Harbour Books, Quay Street.</p><table style='font-size:12pt;width:80%'>{head}{rows}"
            "</table><p>Payment is due within thirty days.</p>")
    [page] = read_document(scanned(make_pdf([html])), "mem://invoice.pdf", DocumentOptions(interleaved=False),
                           context)
    table = ["|" + "|".join(INVOICE[0]) + "|", "|---|---|---|---|"] + ["|" + "|".join(r) + "|" for r in INVOICE[1:]]
    assert page.text == "\n\n".join(["Billed to Harbour Books, Quay Street.", "\n".join(table),
                                     "Payment is due within thirty days."])


def scribbled() -> bytes:
    """Two paragraphs scanned at 150 dpi with a pen stroke drawn across the first one's lines."""
    from PIL import Image, ImageDraw

    pix = pymupdf.open(stream=make_pdf([f"<p>{FIRST}</p><p>{SECOND}</p>"]))[0].get_pixmap(dpi=150)
    image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    ImageDraw.Draw(image).line([(150, 175), (400, 160), (650, 185), (900, 165)], fill=(20, 20, 120), width=4)
    return image_only_pdf_of(image)


def test_a_pen_stroke_across_lines_refuses_the_page_or_is_read_by_the_other_engine(tesseract_only, context):
    # Tesseract cut the lines where the stroke crossed them and never read the words under it: the pieces
    # either side stood as two columns ("Farmers keep the harv ‘every week by the staff who" then "ilos
    # through the winter ...") with words lost, and no check saw a hole
    [page] = read_document(scribbled(), "mem://scribble.pdf", DocumentOptions(interleaved=False), tesseract_only)
    assert isinstance(page, Reject) and page.reason == "filtered:ocr_garbled"
    assert page.detail.endswith("; 2 gaps inside rows of text hold ink no line covers (a stroke across the "
                                "lines?), the first at (204, 84)")
    [page] = read_document(scribbled(), "mem://scribble.pdf", DocumentOptions(interleaved=False), context)
    assert page.text == f"{FIRST}\n\n{SECOND}" and page.meta["scan_engine_unsure"] is True


WRAPPED = [("Item", "Note", "Price"), ("Apples", "picked in the<br>autumn orchard", "0.50"),
           ("Bread", "baked daily", "3.25"), ("Cheese", "aged", "7.80"), ("Dates", "dried", "4.60")]


def wrapped_text() -> str:
    """The markdown a page of `WRAPPED` between the order's two sentences is: its first row the head."""
    table = ["|" + "|".join(c.replace("<br>", " ") for c in row) + "|" for row in WRAPPED]
    return "\n\n".join(["The order below was delivered on Monday morning to the shop.",
                        "\n".join([table[0], "|---|---|---|", *table[1:]]), "Thank you for your custom."])


def test_a_scanned_tables_cell_of_two_lines_keeps_the_table_whole_under_its_head(context):
    # the cell's second line is a row of one piece: it parted the table in two, the rows above it were
    # left as paragraphs and the rest read as a table headed by its first row ("|Bread|baked daily|3.25|")
    rows = "".join("<tr>" + "".join(f"<td style='padding:4px 14px;vertical-align:top'>{c}</td>" for c in row)
                   + "</tr>" for row in WRAPPED)
    html = (f"<p>The order below was delivered on Monday morning to the shop.</p><table style='font-size:13pt'>"
            f"{rows}</table><p>Thank you for your custom.</p>")
    [page] = read_document(scanned(make_pdf([html])), "mem://wrapped.pdf", DocumentOptions(interleaved=False),
                           context)
    assert page.text == wrapped_text()


@pytest.mark.parametrize("padding", [6, 14])
def test_a_scanned_tables_head_read_as_one_line_is_its_head_not_a_paragraph(padding, context):
    # cells set close: the engine read the head "Item Qty Price Total" as one line, a row of one piece that
    # was left out of the table, which was then read headed by its first row ("|Apples|12|0.50|6.00|")
    rows = "".join("<tr>" + "".join(f"<td style='padding:3px {padding}px;text-align:right'>{c}</td>" for c in row)
                   + "</tr>" for row in ORDER[:1] + ORDER[1:5])
    html = ("<p>The order below was delivered on Monday morning to the shop.</p>"
            f"<table style='border-collapse:collapse;font-size:12pt'>{rows}</table><p>Thank you for your custom.</p>")
    [page] = read_document(scanned(make_pdf([html])), "mem://close.pdf", DocumentOptions(interleaved=False),
                           context)
    table = ["|" + "|".join(row) + "|" for row in ORDER[:5]]
    assert page.text == "\n\n".join(["The order below was delivered on Monday morning to the shop.",
                                     "\n".join([table[0], "|---|---|---|---|", *table[1:]]),
                                     "Thank you for your custom."])


def ruled_order(border: float, padding: str) -> bytes:
    """`ORDER`'s table ruled ``border`` CSS pixels thick with cells padded ``padding``, between two
    sentences, scanned at 150 dpi."""
    cell = f"border:{border}px solid black;padding:{padding}"
    rows = "".join("<tr>" + "".join(f"<td style='{cell};text-align:{'right' if i else 'left'}'>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>" for row in ORDER[1:])
    head = "<tr>" + "".join(f"<th style='{cell}'>{name}</th>" for name in ORDER[0]) + "</tr>"
    return scanned(make_pdf(["<p>The order below was delivered on Monday morning to the shop.</p>"
                             f"<table style='border-collapse:collapse;font-size:12pt'>{head}{rows}</table>"
                             "<p>Thank you for your custom.</p>"]))


@pytest.mark.parametrize("rule, padding", [(1.5, "4px 8px"), (1, "4px 12px")], ids=["thick", "thin-head"])
def test_a_scanned_ruled_table_is_read_without_its_rules(context, rule, padding):
    # thick: a 1.1 pt rule is 3 pixels at 150 dpi, over a quarter of the 11-pixel letters: left, Tesseract read it
    # as "|" and lost the cells beside it, and lines read again off the page with its rules kept took them too.
    # thin-head: a 0.75 pt rule: Tesseract read "Price" and "Total" as one unsure line off the page with its rules
    # erased ("Price-—‘Total"), read again off the page with its rules kept as "Price | Total", and the head was
    # written with the rule in a cell ("|Price \\||Total|")
    [page] = read_document(ruled_order(rule, padding), "mem://ruled.pdf", DocumentOptions(interleaved=False),
                           context)
    table = ["|" + "|".join(row) + "|" for row in ORDER]
    assert page.text == "\n\n".join(["The order below was delivered on Monday morning to the shop.",
                                     "\n".join([table[0], "|---|---|---|---|", *table[1:]]),
                                     "Thank you for your custom."])


def ruled_order_text() -> str:
    """The markdown a page of `ruled_order` is: its sentence, `ORDER` as a table with its head, its last sentence."""
    table = ["|" + "|".join(row) + "|" for row in ORDER]
    return "\n\n".join(["The order below was delivered on Monday morning to the shop.",
                        "\n".join([table[0], "|---|---|---|---|", *table[1:]]), "Thank you for your custom."])


@pytest.mark.parametrize("rule, padding", [(1.5, "4px 8px"), (1, "1px 2px")], ids=["padded", "tight"])
def test_a_ruled_table_read_by_pp_ocr_keeps_its_rows_apart_from_the_paragraph_above(rapid, rule, padding):
    # PP-OCR read every cell apart, but its boxes stand a third of a line above and below the letters: the
    # cells stood under a gutter of line heights apart, no table was found, and the rows were joined into the
    # paragraph above ("... to the shop. Item Qty Price Total Apples 12 0.50 6.00 Bread ..."); set tight, its
    # boxes reached over the rules, "12", "0.50" and "6.00" were one piece, and a rule's edge was read "—"
    [page] = read_document(ruled_order(rule, padding), "mem://ruled.pdf", DocumentOptions(interleaved=False), rapid)
    assert page.text == ruled_order_text()


@pytest.mark.parametrize("rule", [1, 0.75])
def test_a_ruled_tables_cells_padded_tightly_stay_apart(context, rule):
    # cells padded 1 px 2 px: with the rules erased a cell's text stood a space from the next, Tesseract read
    # rows as one line ("Bread 2 3.25", "Eggs 6 (0.30 (1.80") and the page came out as "Item Qty Price Total
    # Apples 12 0.50 6.00 6.50", "0.50 6. 2 3.25", "Bread Cheese 7 7.80 ...": rows lost, numbers twice. A line
    # across a rule down is cut there and its pieces read again, and a rule parts two cells however close
    [page] = read_document(ruled_order(rule, "1px 2px"), "mem://tight.pdf", DocumentOptions(interleaved=False),
                           context)
    assert page.text == ruled_order_text()


@pytest.mark.parametrize("padding", ["1px 3px", "1px 2px"])
def test_a_tightly_ruled_tables_rows_stay_apart_under_a_cell_of_two_lines(padding, context):
    # cells padded 1 px 3 px, one of two lines: the rows stood as close as that cell's lines, and "Dates", whose
    # every cell would not have fitted on the row above, was joined to it as the cells' next lines
    # ("|Cheese Dates|aged dried|7.80 4.60|"); the rule across between them parts the rows. Padded 1 px 2 px,
    # "Cheese" touched the rule: Tesseract read "Chees", its "e" was read afterwards and joined with a space
    # ("|Bread Chees e|baked daily aged|3.25 7.80|")
    cell = f"border:1px solid black;padding:{padding}"
    rows = "".join("<tr>" + "".join(f"<td style='{cell};text-align:{'right' if i else 'left'}'>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>" for row in WRAPPED)
    html = ("<p>The order below was delivered on Monday morning to the shop.</p>"
            f"<table style='border-collapse:collapse;font-size:12pt'>{rows}</table><p>Thank you for your custom.</p>")
    [page] = read_document(scanned(make_pdf([html])), "mem://wrapped.pdf", DocumentOptions(interleaved=False),
                           context)
    assert page.text == wrapped_text()


def test_a_scanners_streak_down_a_page_of_prose_cuts_no_line_apart(context):
    # a streak of dust on the scanner's glass runs down the page through the words: a rule down, erased, but
    # taken for a table's, the lines it crossed were cut there and their pieces set apart as cells ("... checked
    # for da and pests every week ..." then "mp", "... fifteen degre the grain starts ..." then "eS, Or")
    streak = "<div style='position:absolute;left:450px;top:0;width:0.5px;height:1000px;background:#222'></div>"
    [page] = read_document(scanned(make_pdf([f"{streak}<p>{FIRST}</p><p>{SECOND}</p>"])), "mem://streak.pdf",
                           DocumentOptions(interleaved=False), context)
    assert page.text == f"{FIRST}\n\n{SECOND}"


def test_a_row_of_numbers_the_engine_left_out_refuses_the_page(tesseract_only):
    # a ruled table with its rules erased: Tesseract's layout read "Apples 12" and left the price and amount
    # columns out of every row; the patches of numbers, read as no words, were taken for a picture and the
    # page written with its prices gone
    [page] = read_document(ruled_order(1, "2px 6px"), "mem://tight.pdf", DocumentOptions(interleaved=False),
                           tesseract_only)
    assert isinstance(page, Reject) and page.reason == "filtered:ocr_garbled"
    assert page.detail.endswith("a row of numbers no line covers ('3.25'), at (185, 164)")


CONTENTS = [("Introduction", 1), ("Getting started", 5), ("Storage of grain", 12), ("Pests and damp", 27),
            ("Selling the harvest", 48), ("Index", 103)]


def contents_page() -> bytes:
    """A book's contents page: titles set left, their page numbers set right at 520 pt, dot leaders between."""
    doc, font = pymupdf.open(), pymupdf.Font("helv")
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), "Contents", fontsize=20, fontname="hebo")
    for row, (title, number) in enumerate(CONTENTS):
        y, width = 150 + 24 * row, font.text_length(str(number), 12)
        page.insert_text((72, y), title, fontsize=12)
        page.insert_text((520 - width, y), str(number), fontsize=12)
        start, end = 72 + font.text_length(title, 12) + 6, 520 - width - 6
        dots = " . " * int((end - start) / font.text_length(" . ", 12))
        page.insert_text((end - font.text_length(dots, 12), y), dots, fontsize=12)
    return doc.tobytes()


def test_a_scanned_contents_page_whose_page_numbers_the_engine_left_out_is_refused(tesseract_only, context):
    # Tesseract read the titles and left the leaders and the page numbers after them out: the page was
    # written as "Introduction", "Getting started . .", "Storage of grain Pests and damp ...", numbers gone.
    # OSD could not tell which way up the page is: it was refused as of unknown orientation, not for its
    # numbers, though its lines read as words
    for ctx, found in ((tesseract_only, "5 dot leaders no line covers end"),
                       (context, "1 dot leader no line covers ends")):
        [page] = read_document(scanned(contents_page()), "mem://contents.pdf", DocumentOptions(interleaved=False), ctx)
        assert isinstance(page, Reject) and page.reason == "filtered:ocr_garbled"
        assert page.detail.endswith(f"; {found} in letters no line covers (a contents page's page numbers?), "
                                    f"the first at {(626, 173) if ctx is tesseract_only else (623, 170)}")


QUESTIONS = ["Have you lived at this address for three years?", "Do you own a car?", "Are you employed full time?",
             "Have you been refused credit before?"]


def yes_no_form() -> bytes:
    """A form: a title, then questions each followed by "Yes" and "No", an empty tick box after each."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 90), "Application form", fontsize=18, fontname="hebo")
    for row, question in enumerate(QUESTIONS):
        y = 130 + 28 * row
        page.insert_text((72, y), question, fontsize=11)
        for x, word in ((400, "Yes"), (460, "No")):
            page.insert_text((x, y), word, fontsize=11)
            page.draw_rect(pymupdf.Rect(x + 24, y - 9, x + 34, y + 1), color=(0, 0, 0), width=0.8)
    return doc.tobytes()


def test_a_scanned_yes_no_forms_tick_boxes_are_no_letters_and_the_form_no_table(context):
    # the empty boxes were read as letters ("YesO ooada", "Yes 0) O") and "Yes" beside them set as a heading;
    # with them erased the rows were read as a table headed by the first question
    # ("|Have you lived at this address for three years?|Yes No|")
    [page] = read_document(scanned(yes_no_form()), "mem://form.pdf", DocumentOptions(interleaved=False), context)
    assert isinstance(page, Sample) and not any(line.startswith(("|", "### ")) for line in page.text.split("\n"))
    words = " ".join(["Application form", *QUESTIONS, "Yes No"]).replace("?", "").split()
    assert {word.strip("‘?,.") for word in page.text.replace("## ", "").split()} == set(words)


def rendered(draw, dpi: int = 150) -> np.ndarray:
    """A page drawn by ``draw(page)``, rendered at ``dpi`` as (H, W, 3) uint8 RGB."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=300)
    draw(page)
    pix = page.get_pixmap(dpi=dpi)
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3)


def test_a_ticked_box_and_square_letters_in_their_words_are_not_erased_as_empty_tick_boxes():
    from sources.common.rulings import without_rulings

    def form(ticked: bool):
        def draw(page):
            page.insert_text((72, 60), "Do you own a car? Please tick one of the boxes below.", fontsize=11)
            for x, word in ((100, "Yes"), (160, "No")):
                page.insert_text((x, 100), word, fontsize=11)
                page.draw_rect(pymupdf.Rect(x + 24, 91, x + 34, 101), color=(0, 0, 0), width=0.8)
            if ticked:  # a cross inside the first box, not touching it
                page.draw_line((126.5, 93.5), (131.5, 98.5), width=0.8)
                page.draw_line((126.5, 98.5), (131.5, 93.5), width=0.8)
        return rendered(draw)

    empty, ticked = form(False), form(True)
    assert (without_rulings(empty) != empty).any()  # the empty boxes are erased
    # the ticked box was erased round its cross, the answer left a loose letter; now the page is as it was
    # but for the empty box
    plain = without_rulings(ticked)
    assert (plain[:, :int(150 / 72 * 150)] == ticked[:, :int(150 / 72 * 150)]).all()
    assert (plain != ticked).any()
    # a katakana "ロ" and a Hangul "ㅁ" are square outlines set close to the letters of their words: erased,
    # "プログラム" lost its "ロ" and "마음" its "ㅁ"
    for text, font in (("ロボットとロケットのプログラム。", "japan"), ("마음 사람 마을 엄마", "korea")):
        page = rendered(lambda p: p.insert_text((40, 60), text, fontsize=12, fontname=font))  # noqa: B023
        assert (without_rulings(page) == page).all(), text


def test_a_form_of_choices_is_no_table_but_a_table_with_a_head_is():
    form = [["Do you own a car?", "Yes No"], ["Are you employed?", "Yes No"], ["Are you married?", "Yes No"]]
    assert headless(form) and headless(form[:2])
    assert not headless([["Name", "Owns a car"], *(row[:1] + ["Yes"] for row in form)])


CENSUS = ("By 1990 2,000 people lived in the old town. In 2001 1,500 more arrived. In 2010 3,100 houses stood there "
          "and in 2015 4,250 residents voted, while 1,800 of 6,000 stayed at home. By 2020 7,500 people lived there.")


def test_numbers_in_a_justified_narrow_column_stay_in_their_paragraph(context):
    # justified, "old town. In 2001 1,500 more" stretched its spaces to 1.3 word heights: the two numbers
    # were cut apart as a table's cells, and the paragraph was written as two ("... In 2001" | "1,500 more ...")
    html = f"<div style='width:170px;font-size:11pt;text-align:justify;hyphens:none'><p>{CENSUS}</p></div>"
    [page] = read_document(scanned(make_pdf([html])), "mem://census.pdf", DocumentOptions(interleaved=False),
                           context)
    assert page.text == CENSUS


def layer_and_scan(html: str, context) -> tuple[Sample, Sample]:
    """The page of ``html`` read off its text layer, and off its scan (at 150 dpi)."""
    pdf = make_pdf([html])
    [layer] = read_document(pdf, "mem://layer.pdf", DocumentOptions(interleaved=False), context)
    [page] = read_document(scanned(pdf), "mem://scan.pdf", DocumentOptions(interleaved=False), context)
    return layer, page


def test_a_forms_fill_in_blanks_are_written_as_underscores_as_its_text_layer_has_them(context):
    # Tesseract takes a run of underscores for a rule and leaves it out of its line: "Name:", the blank lost
    layer, page = layer_and_scan("<p>Please fill in the form below and hand it to the desk.</p>"
                                 "<p>Name: ________________</p><p>Date: ________</p><p>Thank you for your visit.</p>",
                                 context)
    assert page.meta["text_source"] == "ocr"
    assert page.text == layer.text == "\n\n".join(["Please fill in the form below and hand it to the desk.",
                                                   "Name: " + "_" * 16, "Date: " + "_" * 8,
                                                   "Thank you for your visit."])


def test_a_sentence_over_a_table_set_smaller_is_no_heading(context):
    # the table's twenty short cells, set in 10 points, outweighed the two 11-point sentences round it in the
    # page's body size, and the first, its box measured from its words' median top (an ascender's) taller than
    # the last's (an x-height's: "you", "your"), was written "### The order below ..."
    cell = "padding:2px 6px"
    rows = "".join("<tr>" + "".join(f"<td style='{cell};text-align:{'right' if i else 'left'}'>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>" for row in ORDER[1:5])
    head = "<tr>" + "".join(f"<th style='{cell}'>{name}</th>" for name in ORDER[0]) + "</tr>"
    html = ("<p>The order below was delivered on Monday morning to the shop.</p>"
            f"<table style='border-collapse:collapse;font-size:10pt'>{head}{rows}</table>"
            "<p>Thank you for your custom.</p>")
    [page] = read_document(scanned(make_pdf([html])), "mem://small.pdf", DocumentOptions(interleaved=False), context)
    table = ["|" + "|".join(row) + "|" for row in ORDER[:5]]
    assert page.text == "\n\n".join(["The order below was delivered on Monday morning to the shop.",
                                     "\n".join([table[0], "|---|---|---|---|", *table[1:]]),
                                     "Thank you for your custom."])


@pytest.mark.parametrize("font", ["font-family:Times;font-size:9pt", "font-family:Courier;font-size:14pt",
                                  "font-size:14pt"])
def test_a_forms_blanks_keep_their_underscores_count_in_other_fonts_and_sizes(context, font):
    # counted in line heights' shares, 9-point Times's 16 underscores were read 18, 14-point Courier's 21 and
    # its 8 11: a wrong count that looks right. The page's characters' advance holds them, and 14-point Helvetica's
    html = (f"<div style='{font}'><p>Please fill in the form below and hand it to the desk before you leave.</p>"
            "<p>Name: ________________</p><p>Date: ________</p><p>Thank you for your visit.</p></div>")
    [page] = read_document(scanned(make_pdf([html])), "mem://forms.pdf", DocumentOptions(interleaved=False), context)
    assert [line for line in page.text.split("\n\n") if "_" in line] == ["Name: " + "_" * 16, "Date: " + "_" * 8]


def test_a_blank_in_mid_line_keeps_its_line_whole(context):
    # Tesseract leaves the blank out and reads the row as two lines, "The undersigned" and "agrees to the
    # terms ...": the blank was written after the first, and the second set after the next paragraph
    layer, page = layer_and_scan("<p>Please fill in the form below and hand it to the desk before you leave.</p>"
                                 "<p>The undersigned ________________ agrees to the terms of this form.</p>"
                                 "<p>Thank you for your visit.</p>", context)
    line = "The undersigned " + "_" * 16 + " agrees to the terms of this form."
    lead = "Please fill in the form below and hand it to the desk before you leave."
    assert page.text == layer.text == "\n\n".join([lead, line, "Thank you for your visit."])


def test_a_heading_over_a_table_stays_a_heading(context):
    # the text outside the table, the body's size where it is larger, was the heading alone: measured against
    # itself it was written "Fruit prices this week", a paragraph
    cell = "border:1px solid black;padding:2px 6px"
    rows = [["Item", "Qty", "Price", "Total"], ["Apples", "12", "0.50", "6.00"], ["Pears", "6", "0.80", "4.80"],
            ["Plums", "20", "0.25", "5.00"], ["Lemons", "4", "0.60", "2.40"]]
    html = ("<h2>Fruit prices this week</h2><table style='border-collapse:collapse'>"
            + "".join("<tr>" + "".join(f"<td style='{cell}'>{c}</td>" for c in row) + "</tr>" for row in rows)
            + "</table>")
    layer, page = layer_and_scan(html, context)
    table = ["|" + "|".join(row) + "|" for row in rows]
    assert page.text == layer.text == "\n\n".join(["## Fruit prices this week",
                                                   "\n".join([table[0], "|---|---|---|---|", *table[1:]])])
