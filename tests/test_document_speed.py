"""What the documents source keeps to read a page once, not several times, gives what reading it again
gives: the document style shared by a book's tasks, the page's text dict shared by its steps."""

from __future__ import annotations

from samples.pdf_maker import text_pdf
from shards import Sample
from sources.documents import read
from sources.documents.read import DocumentOptions, read_document, split_document

LINES = ["Grain silos hold the harvest through the winter months.", "Each silo is checked for damp every week."]


def _pages(records) -> list[tuple]:
    return [(r.key, r.text, r.meta["blocks"], r.images[0]) for r in records if isinstance(r, Sample)]


def test_a_books_tasks_read_its_style_once_and_write_what_a_fresh_reading_writes(monkeypatch):
    data = text_pdf(LINES, pages=9)
    options = DocumentOptions(pages_per_task=3, interleaved=False)
    tasks = [uri for uri, _ in split_document(data, "book.pdf", options)]
    calls = []
    original = read.document_style
    monkeypatch.setattr(read, "document_style", lambda *a, **k: calls.append(1) or original(*a, **k))
    read._STYLES.clear()
    cached = [r for uri in tasks for r in read_document(data, uri, options)]
    assert len(calls) == 1  # three tasks, one reading of the sampled pages
    fresh = []
    for uri in tasks:
        read._STYLES.clear()
        fresh += read_document(data, uri, options)
    assert len(calls) == 4 and _pages(cached) == _pages(fresh) and len(_pages(fresh)) == 9


def test_cells_with_text_counts_the_cells_table_extract_gives_text():
    import pymupdf

    from samples.pdf_maker import structured_pdf
    from sources.documents import table_chars

    doc = pymupdf.open(stream=structured_pdf(2))
    found = [table for page in doc for table in page.find_tables(strategy="lines_strict").tables]
    page = doc.new_page()  # a grid of four boxes around one word: one cell with text
    for x0, y0 in ((50, 50), (150, 50), (50, 100), (150, 100)):
        page.draw_rect((x0, y0, x0 + 100, y0 + 50))
    page.insert_text((60, 80), "symptote")
    found += page.find_tables(strategy="lines_strict").tables
    assert len(found) == 3
    for table in found:
        extracted = sum(1 for row in table.extract() for cell in row if cell and cell.strip())
        assert [table_chars.cells_with_text(table, enough) for enough in (1, 2, 1000)] == \
               [min(1, extracted), min(2, extracted), extracted]
    assert extracted == 1


def test_margins_read_from_the_whole_page_text_equal_clipped_readings():
    import pymupdf

    from samples.pdf_maker import structured_pdf
    from sources.documents.style import TEXT_FLAGS, MarginMemory, margin_lines, outermost_lines
    from sources.documents.text_layer import visible

    doc = pymupdf.open(stream=structured_pdf(4))
    heads = 0
    for page in doc:
        text = page.get_text("dict", flags=TEXT_FLAGS)
        clipped = outermost_lines(page)
        heads += len(clipped)
        assert outermost_lines(page, text) == clipped == outermost_lines(page, visible(text))
        assert margin_lines(page, text) == margin_lines(page)
    assert heads >= 4  # the journal layout's running lines are found at all
    memory = MarginMemory(doc, doc.page_count)
    assert memory.page_text(0) == doc[0].get_text("dict", flags=TEXT_FLAGS)  # read for margins, handed over
    assert memory.page_text(0) is None and memory.lines(0) == margin_lines(doc[0])  # once


def test_a_header_above_a_table_is_pymupdfs_and_its_check_runs_only_with_text_just_above():
    import pymupdf

    from sources.documents.tables import find_tables, header_above
    from tests.test_page_markdown import ruled_table

    rows = [[[(name, "helv")], [(size, "helv")]] for name, size in (("alpha", "12 KB"), ("beta", "3 MB"),
                                                                      ("gamma", "7 KB"))]
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    ruled_table(page, 72, 100, [80, 80], rows)  # column names on the line just above the grid
    page.insert_text((74, 96), "Name", fontsize=10)
    page.insert_text((154, 96), "Size", fontsize=10)
    ruled_table(page, 72, 250, [80, 80], rows)  # a line just above, but a word of it crosses a column border
    page.insert_text((120, 246), "Measurements", fontsize=10)
    ruled_table(page, 72, 500, [80, 80], rows)  # text far above
    page.insert_text((74, 400), "Far above the table", fontsize=10)
    tables = find_tables(page, page.get_cdrawings(), page.get_text("dict"))
    assert len(tables) == 3
    found = [header_above(table) for table in tables]
    assert found == [["Name", "Size"], None, None]
    assert [table._header is pymupdf.table._NO_HEADER_YET for table in tables] == [False, False, True]
    for table, names in zip(tables, found):  # PyMuPDF's own check, run afresh, says the same
        table._header = pymupdf.table._NO_HEADER_YET
        assert (table.header.names if table.header.external else None) == names


def test_characters_in_a_box_read_from_make_chars_arrays_equal_the_scan():
    """`chars_in_rect` compares with `make_chars`' arrays where the list is the one it filled, and says
    what the scan of each character says (here on boxes over the journal page, its table and empty space)."""
    import random

    import pymupdf.table

    from samples.pdf_maker import structured_pdf
    from sources.documents import table_chars

    page = pymupdf.open(stream=structured_pdf(1))[0]
    pymupdf.table._CHARS_VAR.set([])  # as find_tables starts each call
    table_chars.make_chars(page)
    listed = pymupdf.table.CHARS._list()
    assert table_chars._BOXES[0] is listed and len(listed) > 300
    rng = random.Random(7)
    answers = []
    for _ in range(400):
        x0, y0 = rng.uniform(0, page.rect.width), rng.uniform(0, page.rect.height)
        rect = (x0, y0, x0 + rng.uniform(0, 200), y0 + rng.uniform(0, 120))
        answers.append(table_chars.chars_in_rect(pymupdf.table.CHARS, rect))
        assert answers[-1] == table_chars.chars_in_rect(list(listed), rect)  # a copy: scanned
    assert any(answers) and not all(answers)


def test_drawings_made_of_the_cdrawings_read_equal_get_drawings():
    """`table_chars.drawings_of` gives what ``page.get_drawings()`` gives (types and values, item by item)
    from the page's ``get_cdrawings()``, which it leaves as they were: lines, rectangles, a quad, a curve,
    fills and strokes, on the journal page and a page of shapes."""
    import copy

    import pymupdf

    from samples.pdf_maker import structured_pdf
    from sources.documents import table_chars

    doc = pymupdf.open(stream=structured_pdf(1))
    page = doc.new_page()
    page.draw_rect((50, 50, 150, 100), color=(0, 0, 0), fill=(0.5, 0.5, 0.5))
    page.draw_line((50, 120), (200, 120), width=0.4, dashes="[2] 0")
    page.draw_quad(pymupdf.Quad((60, 200), (160, 210), (60, 260), (170, 270)), color=(1, 0, 0))
    page.draw_bezier((50, 300), (100, 250), (150, 350), (200, 300))
    page.draw_circle((300, 400), 30, fill=(0, 0, 1))
    kinds = set()
    for page in doc:
        drawings = page.get_cdrawings()
        before = copy.deepcopy(drawings)
        made, read = table_chars.drawings_of(page, drawings), page.get_drawings()
        assert drawings == before and len(made) == len(read) > 0
        for ours, theirs in zip(made, read):
            assert list(ours) == list(theirs)
            for key, value in theirs.items():
                if key != "items":
                    assert type(ours[key]) is type(value) and ours[key] == value
            for mine, item in zip(ours["items"], theirs["items"], strict=True):
                kinds.add(item[0])
                assert [type(v) for v in mine] == [type(v) for v in item]
                assert [tuple(v) if isinstance(v, (pymupdf.Rect, pymupdf.Point, pymupdf.Quad)) else v for v in mine] \
                    == [tuple(v) if isinstance(v, (pymupdf.Rect, pymupdf.Point, pymupdf.Quad)) else v for v in item]
    assert {"l", "re", "qu", "c"} <= kinds
