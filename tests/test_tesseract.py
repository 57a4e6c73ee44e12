"""The Tesseract backend (`sources.common.tesseract`): real Tesseract on small generated images, its TSV's
quirks on written-out rows, and what happens where Tesseract or a language pack is missing."""

from __future__ import annotations

import numpy as np
import pymupdf
import pytest

from samples.text_images import render_text
from shards import Sample
from sources import SourceContext
from sources.common.ocr import OcrOptions, character_error_rate, get_engine
from sources.common.tesseract import INSTALL_HINT, TesseractEngine, find_tesseract, installed_languages, setup_problem
from sources.common.tesseract_lines import _Word, page_lines, sideways_share

pytestmark = pytest.mark.skipif(find_tesseract() is None, reason="Tesseract is not installed (tools/install-tesseract)")

LINES = ["Invoice 2024-117", "Total due: 348.20 EUR", "Pay before 30 June"]


@pytest.fixture(scope="module")
def engine():
    return get_engine(OcrOptions(backend="tesseract"))


def test_reads_rendered_lines_exactly_with_boxes_on_them(engine):
    image, boxes = render_text(LINES, size=16)
    lines = engine.read(np.asarray(image))
    assert [line.text for line in lines] == LINES
    assert all(0.9 <= line.confidence <= 1.0 for line in lines)  # words' 0-100 as a line's 0-1
    for line, (_, quad) in zip(lines, boxes):  # each box on its line: centres within 3 pixels
        assert np.allclose(np.mean(line.box, axis=0), np.mean(quad, axis=0), atol=3)


def test_a_page_read_twice_gives_the_same_lines_and_runs_tesseract_once(engine, monkeypatch):
    image = np.asarray(render_text(LINES, size=16)[0])
    engine._pages.clear()
    runs, real = [], type(engine)._run
    monkeypatch.setattr(type(engine), "_run", lambda self, img, psm: runs.append(psm) or real(self, img, psm))
    first = engine.read(image, engine.detect(image))  # detect and read: the page's one reading
    engine._pages.clear()
    assert engine.read(image) == first and runs.count(3) == 2  # one thread: the same lines each time


_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def tsv(*rows: tuple) -> str:
    return "\n".join([_HEADER, *("\t".join(map(str, row)) for row in rows)]) + "\n"


def test_tsv_rows_without_words_are_skipped_and_its_quirks_handled():
    # written the way Tesseract 5.3 wrote them for a scanned book page: structure rows at confidence -1, a
    # rule read as a word of one space at 95, a disc bullet read as "+" (the page's ink a disc there), a running head and its page
    # number as one line, "items" found after a wide gap but left empty, and a speck read as "‘"
    page = tsv((1, 1, 0, 0, 0, 0, 0, 0, 724, 1024, -1, ""),
               (2, 1, 1, 0, 0, 0, 207, 84, 82, 4, -1, ""),
               (5, 1, 1, 1, 1, 1, 207, 84, 82, 4, 95.0, " "),
               (4, 1, 2, 1, 1, 0, 69, 52, 577, 11, -1, ""),
               (5, 1, 2, 1, 1, 1, 69, 52, 50, 11, 91.5, "Chapter"),
               (5, 1, 2, 1, 1, 2, 124, 52, 12, 11, 90.0, "2."),
               (5, 1, 2, 1, 1, 3, 634, 52, 12, 9, 87.0, "7"),
               (5, 1, 3, 1, 1, 1, 94, 233, 4, 4, 49.0, "+"),
               (5, 1, 3, 1, 1, 2, 106, 229, 38, 11, 93.0, "Check"),
               (5, 1, 3, 1, 1, 3, 148, 229, 30, 11, 97.0, "vents"),
               (5, 1, 4, 1, 1, 1, 64, 961, 27, 10, 95.8, "Total"),
               (5, 1, 4, 1, 1, 2, 95, 961, 20, 10, 96.5, "412"),
               (5, 1, 5, 1, 1, 1, 119, 962, 28, 10, 95.0, " "),
               (5, 1, 6, 1, 1, 1, 467, 990, 2, 2, 0.0, "‘"))
    asked = []

    def reread(boxes):
        asked.extend(boxes)
        return [{(634.0, 52.0, 646.0, 61.0): ("17", 0.78), (119.0, 962.0, 147.0, 972.0): ("items", 0.8)}[box]
                for box in boxes]

    lines = page_lines(page, reread, disc_at((94, 233, 98, 237), (724, 1024)))
    # confidences: the words' weighted by their letters and digits ("Chapter" 7 x 0.915 + "2." 1 x 0.90)
    assert [(line.text, line.confidence) for line in lines] == [
        ("Chapter 2.", 0.9131), ("17", 0.78), ("• Check vents", 0.9082), ("Total 412 items", 0.8988)]
    assert sorted(asked) == [(119.0, 962.0, 147.0, 972.0), (634.0, 52.0, 646.0, 61.0)]  # the speck is no piece
    # ascenders to baseline (52-63), and a third of that below for descenders, as a text layer's line box
    assert lines[0].box == [[69.0, 52.0], [136.0, 52.0], [136.0, 66.7], [69.0, 66.7]]


def test_a_missing_language_pack_or_program_is_refused_with_what_to_install(monkeypatch):
    with pytest.raises(RuntimeError, match=r"no language pack for xyz \(installed: .*eng.*\): install tesseract-ocr-xyz"):
        TesseractEngine(OcrOptions(languages="eng+xyz"))
    monkeypatch.setenv("VLBUILD_TESSERACT", "/nonexistent/tesseract")
    assert setup_problem("eng") == INSTALL_HINT
    with pytest.raises(RuntimeError, match="tools/install-tesseract"):
        TesseractEngine(OcrOptions())


def test_a_build_with_documents_and_no_tesseract_stops_at_once(tmp_path, monkeypatch):
    from pipelines.build import main as build_main
    from samples.pdf_maker import make_pdf

    (tmp_path / "a.pdf").write_bytes(make_pdf(["<p>Some text.</p>"]))
    monkeypatch.setenv("VLBUILD_TESSERACT", str(tmp_path / "no-such-tesseract"))
    with pytest.raises(SystemExit, match="tools/install-tesseract"):
        build_main(["--input", str(tmp_path / "a.pdf"), "--output", str(tmp_path / "out")])
    with pytest.raises(SystemExit, match="no language pack for xyz"):
        monkeypatch.delenv("VLBUILD_TESSERACT")
        build_main(["--input", str(tmp_path / "a.pdf"), "--output", str(tmp_path / "out"), "--ocr_languages", "xyz"])


def test_a_chinese_scan_tesseract_cannot_read_goes_to_pp_ocr():
    # Tesseract's eng reads Chinese as Latin letters at confidence 0.0-0.3 ("FARAY SAAT 5 | BRAY"): under
    # half the letters sure, so the page is read by the scene-text engine, which reads Chinese
    from sources.documents.read import DocumentOptions, read_document

    doc = pymupdf.open()
    page = doc.new_page(width=300, height=120)
    page.insert_font(fontname="cjk", fontbuffer=pymupdf.Font("cjk").buffer)
    page.insert_text((20, 40), "扫描的文档页面由引擎读取", fontname="cjk", fontsize=18)
    page.insert_text((20, 80), "中文文本无法被英文识别", fontname="cjk", fontsize=18)
    scan = pymupdf.open()
    copy = scan.new_page(width=300, height=120)
    copy.insert_image(copy.rect, stream=page.get_pixmap(dpi=200).tobytes("png"))
    context = SourceContext(OcrOptions(threads=1))
    try:
        [sample] = read_document(scan.tobytes(), "mem://zh.pdf", DocumentOptions(interleaved=False), context)
    finally:
        context.release()
    assert isinstance(sample, Sample) and sample.meta["scan_engine_unsure"] is True
    assert sample.meta["ocr_engine"].startswith("rapidocr/") and "扫描的文档页面" in sample.text


def disc_at(box: tuple, size: tuple):
    """A white RGB page of ``size`` with a filled black disc in ``box``: a drawn bullet."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).ellipse(box, fill="black")
    return np.asarray(image)


def test_a_small_first_character_becomes_a_bullet_only_where_its_ink_is_a_filled_disc():
    # three lines whose first character has a drawn bullet's size and place: only the disc's is one
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 90), "white")
    draw = ImageDraw.Draw(image)
    draw.line((10, 17, 16, 17), fill="black", width=2)  # a diff's "+"
    draw.line((13, 14, 13, 20), fill="black", width=2)
    draw.ellipse((10, 44, 16, 50), outline="black", width=1)  # a small "e" or "©": a hole in the middle
    draw.ellipse((10, 74, 16, 80), fill="black")  # a bullet
    rows = []
    for line, (top, first, words) in enumerate([(10, "+", ["line", "added"]), (40, "e", ["=", "mc2"]),
                                                (70, "+", ["Check", "vents"])], start=1):
        rows.append((5, 1, line, 1, 1, 1, 10, top + 4, 7, 7, 60.0, first))
        rows += [(5, 1, line, 1, 1, 2 + n, 24 + 40 * n, top, 36, 14, 95.0, word) for n, word in enumerate(words)]
    tsv_text = tsv(*rows)
    assert [line.text for line in page_lines(tsv_text, None, np.asarray(image))] == [
        "+ line added", "e = mc2", "• Check vents"]
    assert [line.text for line in page_lines(tsv_text)] == ["+ line added", "e = mc2", "+ Check vents"]  # no image


def test_real_characters_at_a_lines_start_are_kept(engine):
    # geometry alone made the hyphen of "- a line taken out" a bullet at this size
    lines = ["+ line added to the file", "e = mc2 is the famous one", "- a line taken out", "* starred item here"]
    for size in (14, 20):
        image, _ = render_text(lines, size=size)
        engine._pages.clear()
        assert [line.text for line in engine.read(np.asarray(image))][2:] == lines[2:]
        assert [line.text[0] for line in engine.read(np.asarray(image))] == ["+", "e", "-", "*"]


def test_a_page_whose_layout_tesseract_gets_wrong_is_read_as_one_block_of_rows(engine, monkeypatch):
    # bench.ocr_pages' page of Python's reference with "=====" under its headings: Tesseract's layout analysis
    # laid pieces of the heading's row over the rows below it and lost the line "param2): do_stuff() ..."
    # (error rate 0.14); the rows round the pieces read again as one block of rows (psm 6), the surer reading,
    # and the lost line found by its ink (`ocr_holes`), it reads at 0.03
    from bench.ocr_pages import page_texts, plain, scanned_pdf
    from sources.common.pages import render_page
    from sources.documents.read import DocumentOptions, read_document

    text = page_texts(8)[7]
    pdf = scanned_pdf(text, seed=7)[0]
    pix, _ = render_page(pymupdf.open(stream=pdf)[0], 1024)
    engine._pages.clear()
    runs, real = [], type(engine)._run
    monkeypatch.setattr(type(engine), "_run", lambda self, img, psm: runs.append((psm, img.shape[:2])) or real(
        self, img, psm))
    read = " ".join(line.text for line in engine.read(np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, 3)))
    [band] = [height for psm, (height, width) in runs if psm == 6 and width == pix.w]  # not the page: its rows
    assert runs[0] == (3, (pix.h, pix.w)) and 0 < band < 0.7 * pix.h
    assert read.index("Coroutine function definition ===") < read.index("[decorators]") < read.index(
        "suite Execution of Python coroutines")
    context = SourceContext(OcrOptions(threads=1))
    try:
        [page] = read_document(pdf, "mem://coroutines.pdf", DocumentOptions(interleaved=False, agreement_lines=0),
                               context)
    finally:
        context.release()
    # plain: the markdown's escapes are no text ("__anext__" on the page makes its underscores "\_")
    assert "param2): do_stu" in plain(page.text) and "await some_coroutine() Changed in version 3.7:" in plain(page.text)
    assert character_error_rate(plain(text), plain(page.text)) < 0.04


def test_lines_over_lines_are_told_from_a_turned_pages_neighbours():
    from sources.common.ocr import OcrLine
    from sources.common.tesseract_lines import overlapping_lines, surer

    def row(x0, x1, y, text="words", confidence=0.9, slope=0.017):  # a line box turned by about a degree
        return OcrLine(text, confidence, [[x0, y + slope * x0], [x1, y + slope * x1], [x1, y + 16 + slope * x1],
                                          [x0, y + 16 + slope * x0]])

    page = [row(60, 640, 100 + 17 * n) for n in range(5)]  # upright extents overlap by 6 pixels: no matter
    assert not overlapping_lines(page)
    assert overlapping_lines([*page, row(300, 330, 120, "on")])  # a piece read over a line
    twenty = "abcdefghij klmnopqrst"
    assert surer([row(60, 640, 100, twenty, 0.9)], [row(60, 640, 100, twenty + " u", 0.8)])  # 20 of 21 letters
    assert not surer([row(60, 640, 100, twenty, 0.8)], [row(60, 640, 100, twenty + " u", 0.9)])
    assert not surer([row(60, 640, 100, "a b", 0.99)], [row(60, 640, 100, twenty, 0.8)])  # lines left out


def test_only_the_rows_round_lines_over_lines_are_read_again():
    from sources.common.ocr import OcrLine
    from sources.common.tesseract_lines import overlap_band

    def row(x0, x1, y, height=16):
        return OcrLine("words", 0.9, [[x0, y], [x1, y], [x1, y + height], [x0, y + height]])

    page = [row(60, 640, 100 + 30 * n) for n in range(10)]  # tops 100, 130, ... 370; a 14-pixel gap between
    assert overlap_band(page, 1000) is None
    # a piece over the fifth line (220-236): it, two lines above and below, out to halfway to the next ones
    assert overlap_band([*page, row(300, 330, 224)], 1000) == (153, 303)
    # a tall line reaching into those rows is read whole, and the two beyond it too
    assert overlap_band([*page, row(300, 330, 224), row(660, 700, 150, 70)], 1000) == (123, 303)
    assert overlap_band([row(60, 640, 10), row(300, 330, 12)], 40) == (5, 34)  # halfway to the page's edges


_SAME_TSV = """
import copy, sys
import numpy as np
from PIL import Image
from samples.text_images import render_text
from sources.common.ocr import OcrOptions, get_engine

engine = get_engine(OcrOptions(backend="tesseract"))
if engine._library is None:
    sys.exit(3)
program = copy.copy(engine)
program._library = None
page = np.asarray(render_text(LINES * 4, size=16)[0].convert("L"))
line = np.asarray(Image.fromarray(page[:40]).resize((page.shape[1] * 2, 80), Image.Resampling.LANCZOS))
openmp = engine._library._openmp
levels = openmp.omp_get_max_active_levels()
for image, psm in [(page, 3), (page[: page.shape[0] // 2], 6), (line, 7), (page, 3)]:
    assert engine._run(image, psm) == program._run(image, psm), psm
assert openmp.omp_get_max_active_levels() == levels  # OpenMP's parallel regions back on after each reading
print("same")
"""


def test_tesseract_read_in_this_process_gives_the_programs_tsv():
    # `tesseract_library` stands in for the program only because it prints the same TSV: a page, a band
    # of its rows (psm 6) and a line enlarged (psm 7), one after another on one API object. Checked in a
    # fresh interpreter: in this one torch (which other tests load) brings an OpenMP the library stands
    # aside for, and the check was skipped in every full run
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", f"LINES = {LINES!r}\n" + _SAME_TSV], cwd=root, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(root)})
    if done.returncode == 3:
        pytest.skip("libtesseract is not the program's own version here")
    assert done.returncode == 0 and done.stdout.strip() == "same", done.stderr[-2000:]


def test_the_library_stands_aside_for_another_program(monkeypatch):
    from sources.common.tesseract_library import open_library

    monkeypatch.setenv("VLBUILD_TESSERACT", "/opt/tesseract-5.5/bin/tesseract")
    assert open_library("5.3.0", "eng") is None


def test_the_library_stands_aside_where_openmp_settings_are_the_processs():
    # torch's older libgomp.so.1 keeps max-active-levels for the whole process: turning parallel regions off
    # for one reading thread would turn them off for all, so the program reads instead, the setting restored
    from sources.common.tesseract_library import _levels_per_thread

    class Shared:  # one setting for every thread
        levels = 2147483647

        def omp_get_max_active_levels(self):
            return Shared.levels

        def omp_set_max_active_levels(self, levels):
            Shared.levels = levels

    class PerThread(Shared):
        def __init__(self):
            import threading
            self.local = threading.local()

        def omp_get_max_active_levels(self):
            return getattr(self.local, "levels", 1)

        def omp_set_max_active_levels(self, levels):
            self.local.levels = levels

    assert not _levels_per_thread(Shared()) and Shared.levels == 2147483647
    assert _levels_per_thread(PerThread())


def prose_scan():
    """A page of English prose as a scanner gives it (a Pillow image, 1240 x 1755, upright)."""
    from bench.ocr_pages import page_texts, scan
    from samples.pdf_maker import make_pdf

    return scan(pymupdf.open(stream=make_pdf([f"<p>{page_texts(2)[1]}</p>"]))[0], seed=1)


@pytest.mark.skipif(find_tesseract() is None or "osd" not in installed_languages(find_tesseract()),
                    reason="Tesseract's osd pack is not installed")
def test_osd_says_how_far_to_turn_a_page_clockwise_and_nothing_for_a_blank_one(engine):
    image = prose_scan()
    for counter_clockwise in (0, 90, 180, 270):
        found = engine.orientation(np.asarray(image.rotate(counter_clockwise, expand=True)))
        assert found.turn == counter_clockwise and found.sure, found
    # the page image the documents source reads, 1024 pixels high, is enlarged to OSD_SIDE first: at that
    # size OSD took this page upright for upside down and upside down for upright (confidence 2.6-3.0)
    small = image.resize((724, 1024))
    assert [engine.orientation(np.asarray(small.rotate(turn))).turn for turn in (0, 180)] == [0, 180]
    assert engine.orientation(np.full((600, 400, 3), 255, dtype=np.uint8)) is None  # too few characters


def test_words_read_down_a_page_turned_a_quarter_are_told_by_their_boxes(engine):
    image = prose_scan().resize((724, 1024))
    assert engine.sideways_share(np.asarray(image)) < 0.05
    assert engine.sideways_share(np.asarray(image.rotate(90, expand=True))) > 0.5
    words = [_Word(("1", "1", "1", "1"), "grain", 0.9, (0, 0, 12, 50)),
             _Word(("1", "1", "1", "1"), "I", 0.9, (0, 60, 4, 70))]
    assert sideways_share(words) == 1.0  # a one-letter word is taller than wide upright too: not counted
