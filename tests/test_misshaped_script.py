"""A shaped script's glyphs misnamed by a text layer: named by the font where it can, else pages refused, their
interleaved text left out.

The inputs are the hunt's: Hindi, Arabic and Thai set by MuPDF's own HTML engine (its PDF maps the shaped glyphs
back to IPA letters, "ə ताब", or to none, whose CIDs the text layer gives: "اǄطاǄب", "เพื-ออ่าน"), modelled on
PyMuPDF#4805; the same words typed in correctly are left as they are."""

from __future__ import annotations

import pymupdf
import pytest

from shards import Reject, Sample
from sources import SourceContext
from sources.documents.misshaped_script import misshaped, misshaped_words
from sources.documents.read import DocumentOptions, read_document

HINDI = "किताब लिखने के लिए हिन्दी में कितनी मेहनत चाहिए, यह विद्यार्थी जानते हैं।"
ARABIC = "ذهب الطالب إلى المكتبة لقراءة كتاب جديد عن تاريخ المدينة القديمة."
THAI = "เด็กที่นี่ดื่มน้ำเพื่อสุขภาพ แม่ซื้อปี๊บใบจิ๋วเกี่ยวกับร้านค้า"  # the four tone marks over tall vowels, SARA AM
ENGLISH = "The committee met on Tuesday to review the annual budget and the new library wing."


def test_words_that_no_script_writes_are_found_and_real_words_are_not():
    assert misshaped_words("ə ताब ल क ɛ खने के ल ɛ ए हə ďदी मȶ") == ["हə", "ďदी", "मȶ"]
    assert misshaped_words("ذهب اǄطاǄب إǄى") == ["اǄطاǄب", "إǄى"]
    assert misshaped_words("िताब ल क िखने के ल ि ए") == ["िताब", "िखने", "ि"]  # a vowel sign first
    for text in (HINDI, ARABIC, ENGLISH, "naïve café Ångström «Zoë»", "בְּרֵאשִׁית בָּרָא", "x̄ and ŷ",
                 "” \u0300command \u0300” and \u0300chroot\u0300ed", "[\ufe01\U0001d70c(\ufe01\U0001d452+",
                 "Python (पायथन) and C (सी)", "CPU: الحاسوب", "ABC-किताब"):
        assert misshaped_words(text) == [], text
    assert misshaped("मȶ and nothing else") == []  # one word alone may be a quirk of its own
    # two of many Hebrew words starting with a mark (reledmac's cantillation, MuPDF's order): the page stands
    hebrew = "בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם וְאֵת הָאָרֶץ וְהָאָרֶץ הָיְתָה תֹהוּ וָבֹהוּ וְחֹשֶׁךְ עַל"
    assert misshaped(hebrew + " \u05b8\u05a3בּ \u05b8\u05a5וה") == []
    assert misshaped("ə ताब ल क ɛ खने के ल ɛ ए हə ďदी मȶ") == ["हə", "ďदी", "मȶ"]


@pytest.fixture(scope="module")
def context():
    ctx = SourceContext()
    yield ctx
    ctx.release()


@pytest.mark.parametrize("script", [HINDI])
def test_a_page_whose_shaped_script_is_misnamed_is_refused_and_left_out_of_interleaved_text(script, context):
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_htmlbox(pymupdf.Rect(72, 72, 540, 400), f"<p style='font-size:14pt'>{ENGLISH}</p>"
                                                        f"<p style='font-size:16pt'>{script}</p>")
    records = list(read_document(doc.tobytes(), "made.pdf", DocumentOptions(), context))
    pages = [r for r in records if isinstance(r, Reject)]
    assert [r.reason for r in pages] == ["filtered:misshaped_script"]
    [part] = [r for r in records if isinstance(r, Sample) and r.kind == "interleaved"]
    assert [s.get("text") for s in part.segments] == [ENGLISH]


@pytest.mark.parametrize("script, direction", [(ARABIC, "rtl"), (THAI, "ltr")])
def test_glyphs_a_composite_fonts_map_leaves_out_are_named_by_the_font_not_written_as_their_cids(script, direction,
                                                                                                  context):
    # MuPDF's HTML engine maps a positioned Thai tone mark (Noto Serif Thai's "uni0E48.small", glyph 45) and
    # Arabic's lam (glyph 452) to nothing, the text layer gives their CIDs ("-", "Ǆ"), and the target wrote
    # "เพื-ออ่าน" and refused the Arabic page: the glyphs' names (and the font's substitutions) say what they are
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_htmlbox(pymupdf.Rect(72, 72, 540, 400), f"<p style='font-size:14pt'>{ENGLISH}</p>"
                                                        f"<p dir='{direction}' style='font-size:14pt'>{script}</p>")
    records = list(read_document(doc.tobytes(), "made.pdf", DocumentOptions(interleaved=False), context))
    assert [r.text for r in records] == [f"{ENGLISH}\n\n{script}"]
