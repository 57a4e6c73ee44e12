"""Vertical Japanese (tategaki) pages printed by Chromium: columns read right to left, top to bottom,
glyphs joined without spaces, paragraphs where the typesetting breaks them."""

from __future__ import annotations

import pytest

from bench.doc_quality import print_pdf
from shards.sample import Sample
from sources import SourceContext
from sources.documents.read import read_document
from sources.web.browser import find_chromium

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed (.ci/run installs it)")

FIRST = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所で泣いていた事だけは記憶している。"
SECOND = "吾輩はここで始めて人間というものを見た。しかもあとで聞くとそれは書生という人間中で一番獰悪な種族であったそうだ。"
THIRD = "第三段落です。"


@pytest.fixture(scope="module")
def context():
    ctx = SourceContext(kinds=("doc_ocr",))
    yield ctx
    ctx.release()


def page_text(tmp_path, context, css: str, body: str) -> str:
    html = (f"<html lang=ja><head><meta charset=utf-8><style>body{{font:20px 'Noto Serif CJK JP'}} "
            f".v{{writing-mode:vertical-rl;height:300px}} {css}</style></head><body>{body}</body></html>")
    records = list(read_document(print_pdf(html, tmp_path, "page"), str(tmp_path / "page.pdf"), context=context))
    [page] = [r for r in records if isinstance(r, Sample)]
    return page.text


@pytest.mark.parametrize("css", ["p{margin:0 1em}", "p{margin:0;text-indent:1em}", "p{margin:0}"],
                         ids=["spaced", "indented", "short last column"])
def test_vertical_columns_read_right_to_left_as_paragraphs(tmp_path, context, css):
    body = f"<div class=v><p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p></div>"
    assert page_text(tmp_path, context, css, body) == f"{FIRST}\n\n{SECOND}\n\n{THIRD}"


def test_horizontal_japanese_is_read_as_before(tmp_path, context):
    body = f"<p style='width:300px'>{FIRST}</p><p style='width:300px'>{THIRD}</p>"
    assert page_text(tmp_path, context, "", body) == f"{FIRST}\n\n{THIRD}"
