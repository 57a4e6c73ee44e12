"""Long documents cut into page-range tasks: the same page samples as read whole, every page once,
interleaved parts named by their range, and a build that spreads the tasks and balances its ledger."""

from __future__ import annotations

import json

from samples.epub_maker import make_epub
from samples.pdf_maker import text_pdf
from shards import Reject, Sample
from sources import SOURCES, source_for_path
from sources.documents.read import DocumentOptions, read_document, split_document, task_pages

LINES = ["Grain silos hold the harvest through the winter months.", "Each silo is checked for damp every week."]


def test_a_long_pdf_is_cut_into_page_ranges_and_reads_the_same_pages():
    data = text_pdf(LINES, pages=10)
    options = DocumentOptions(pages_per_task=4)
    tasks = list(split_document(data, "s3://bucket/book.pdf", options))
    assert tasks == [("s3://bucket/book.pdf#pages=1-4", None), ("s3://bucket/book.pdf#pages=5-8", None),
                     ("s3://bucket/book.pdf#pages=9-10", None)]
    assert source_for_path(tasks[0][0]) is SOURCES["pdf"] and task_pages(tasks[2][0]) == ("s3://bucket/book.pdf", (9, 10))
    whole = list(read_document(data, "s3://bucket/book.pdf", options))
    parts = [r for uri, _ in tasks for r in read_document(data, uri, options)]
    pages = lambda records: [(r.key, r.text, r.meta["locator"], r.uri) for r in records if r.kind == "doc_ocr"
                             and "page" in r.meta["locator"] and isinstance(r, Sample)]
    assert pages(parts) == pages(whole) and len(pages(whole)) == 10
    interleaved = [r for r in parts if isinstance(r, Sample) and r.kind == "interleaved"]
    assert [r.meta["locator"] for r in interleaved] == ["pages=1-4;part=1", "pages=5-8;part=1", "pages=9-10;part=1"]
    assert [r.meta["pages"] for r in interleaved] == [[1, 4], [5, 8], [9, 10]]
    assert len({r.key for r in parts}) == len(parts)  # no key twice across tasks
    assert all(r.uri == "s3://bucket/book.pdf" for r in parts)  # provenance names the book


def test_short_broken_or_unsplit_documents_go_whole():
    assert list(split_document(text_pdf(LINES, pages=3), "a.pdf", DocumentOptions(pages_per_task=4))) == []
    assert list(split_document(b"%PDF-1.7 broken", "b.pdf", DocumentOptions(pages_per_task=1))) == []
    assert list(split_document(text_pdf(LINES, pages=9), "c.pdf", DocumentOptions(pages_per_task=0))) == []
    epub = make_epub("Book", [("One", "<p>" + "Words of the first chapter. " * 400 + "</p>")])
    assert len(list(split_document(epub, "d.epub", DocumentOptions(pages_per_task=2)))) >= 2


def test_a_build_reads_a_long_book_in_tasks_and_accounts_for_every_page(tmp_path):
    from tests.conftest import read_rejects, run_build

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "book.pdf").write_bytes(text_pdf(LINES, pages=7))
    config = tmp_path / "build.yaml"
    config.write_text(json.dumps({"sources": [{"paths": [str(tmp_path / "in")], "options": {"pages_per_task": 3}}],
                                  "kinds": ["doc_ocr"], "output": str(tmp_path / "out")}))
    code, manifest = run_build("--config", str(config), "--output", str(tmp_path / "out"))
    assert code == 0
    ledger = manifest["ledger"]["pdf"]
    assert ledger["balanced"] and ledger["inputs"] == 3 and ledger["written"] == 7, ledger
    assert not [r for r in read_rejects(tmp_path / "out") if isinstance(r, Reject) and r.source == "pdf"]
