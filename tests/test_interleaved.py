"""Interleaved documents: reading order, captions, image dedup and decorative filtering, budgeted parts."""

import io

import pymupdf
from PIL import Image

from samples.epub_maker import make_epub
from samples.make_samples import chart_png
from sources.documents.read import DocumentOptions, read_document


def png(size, color=None, seed=1):
    """A uniform image (``color``), a chart (large sizes) or a noisy one (small sizes, e.g. logos)."""
    if color is None and min(size) >= 200:
        return chart_png(*size, seed=seed)
    image = Image.new("RGB", size, color) if color else Image.merge(
        "RGB", [Image.effect_noise(size, 60 + 10 * seed + i) for i in range(3)])
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def parts(data, uri, **options):
    options = {"token_budget": 2048, **options}
    return [s for s in read_document(data, uri, DocumentOptions(**options)) if s.kind == "interleaved"]


def report_pdf() -> bytes:
    """Three pages: a logo on each, a tiny icon, a blank box, a figure with its caption below,
    a table caption above a chart, and the same figure again on page 3."""
    doc = pymupdf.open()
    logo, figure, other = png((240, 80), seed=9), png((480, 300), seed=2), png((480, 300), seed=5)
    for p in range(3):
        page = doc.new_page(width=595, height=842)
        page.insert_image(pymupdf.Rect(56, 20, 136, 50), stream=logo)
        page.insert_text((56, 90), f"Chapter {p + 1}", fontsize=20)
        page.insert_text((56, 130), f"Intro text of chapter {p + 1} comes first.", fontsize=11)
        if p == 0:
            page.insert_image(pymupdf.Rect(56, 150, 376, 350), stream=figure)
            page.insert_text((56, 368), "Figure 1: Output over the year.", fontsize=9)
            page.insert_image(pymupdf.Rect(400, 150, 416, 166), stream=png((16, 16), seed=3))  # tiny icon
            page.insert_image(pymupdf.Rect(56, 420, 256, 520), stream=png((200, 100), color=(200, 200, 200)))
            page.insert_text((56, 560), "Closing words of the first chapter.", fontsize=11)
        if p == 1:
            page.insert_text((56, 170), "Table 2: Costs by region.", fontsize=9)
            page.insert_image(pymupdf.Rect(56, 180, 376, 380), stream=other)
            page.insert_text((56, 420), "Text after the chart.", fontsize=11)
        if p == 2:
            page.insert_image(pymupdf.Rect(56, 150, 376, 350), stream=figure)  # the same figure again
    return doc.tobytes()


def test_pdf_order_captions_dedup_and_decorative_images():
    [part] = parts(report_pdf(), "mem://report.pdf", token_budget=4096)
    segs = part.segments
    texts = [s.get("text") or f"<image {s['image']}: {s.get('caption')}>" for s in segs]
    assert texts == [
        "# Chapter 1", "Intro text of chapter 1 comes first.", "<image 0: Figure 1: Output over the year.>",
        "Closing words of the first chapter.",
        "# Chapter 2", "Intro text of chapter 2 comes first.", "<image 1: Table 2: Costs by region.>",
        "Text after the chart.",
        "# Chapter 3", "Intro text of chapter 3 comes first."]
    assert len(part.images) == 2
    reasons = sorted(d["reason"] for d in part.meta["dropped_images"])
    assert reasons == ["decorative:near_uniform", "decorative:repeated", "decorative:repeated",
                       "decorative:repeated", "decorative:too_small", "duplicate_in_document"]


def test_epub_order_and_caption_below_the_image():
    book = make_epub("Waves", [("One", "<h1>Chapter 1: Waves</h1><p>A wave carries energy.</p>"
                                       "<img src='fig.png'/><p>Figure 1: A ripple in a pond.</p>"
                                       "<p>After the figure.</p>")], {"fig.png": png((480, 300))})
    [part] = parts(book, "mem://waves.epub")
    assert part.segments == [{"text": "# Chapter 1: Waves"}, {"text": "A wave carries energy."},
                             {"image": 0, "caption": "Figure 1: A ripple in a pond."},
                             {"text": "After the figure."}]
    assert part.meta["source"] == "epub" and part.meta["pages"] == [1, 1]


def long_book() -> bytes:
    sentence = "The river rose slowly through the night and the village kept watch."
    chapters = [(f"C{c}", f"<h1>Chapter {c}</h1>" + "".join(f"<p>{' '.join([sentence] * 6)}</p>" for _ in range(8))
                 + ("<img src='fig.png'/>" if c == 2 else "")) for c in range(1, 5)]
    return make_epub("River", chapters, {"fig.png": png((480, 300))})


def test_long_documents_are_cut_into_parts_within_budget_at_boundaries():
    out = parts(long_book(), "mem://river.epub", token_budget=400, image_tokens=100)
    assert len(out) >= 5
    for part in out:
        assert part.meta["tokens"] <= 400
        for seg in part.segments:
            if "text" in seg:  # never cut inside a sentence
                assert seg["text"].startswith("#") or seg["text"].endswith(".")
    assert [p.meta["locator"] for p in out] == [f"part={i + 1}" for i in range(len(out))]
    assert sum(len(p.images) for p in out) == 1
    starts = [p.segments[0].get("text", "") for p in out]
    assert sum(s.startswith("# Chapter") for s in starts) >= 3  # sections start parts where they can


def test_a_paragraph_longer_than_the_budget_is_cut_between_sentences():
    sentence = "Each sentence here has exactly ten words in it, fine."
    book = make_epub("Long", [("L", "<p>" + " ".join([sentence] * 30) + "</p>")])
    out = parts(book, "mem://long.epub", token_budget=55)
    texts = [seg["text"] for p in out for seg in p.segments]
    assert len(out) > 1 and all(p.meta["tokens"] <= 55 for p in out)  # cut, each part within the budget
    assert all(t.endswith("fine.") for t in texts) and " ".join(texts).count(sentence) == 30


def test_interleaved_can_be_turned_off_or_not_asked_for():
    from sources import SourceContext

    assert parts(report_pdf(), "mem://r.pdf", interleaved=False) == []
    only_pages = SourceContext(kinds=frozenset({"doc_ocr"}))
    kinds = {s.kind for s in read_document(report_pdf(), "mem://r.pdf", DocumentOptions(), only_pages)}
    assert kinds == {"doc_ocr"}
    only_parts = SourceContext(kinds=frozenset({"interleaved"}))
    kinds = {s.kind for s in read_document(report_pdf(), "mem://r.pdf", DocumentOptions(), only_parts)}
    assert kinds == {"interleaved"}


def test_a_paragraph_without_a_full_stop_is_written_before_the_heading_or_list_after_it():
    # a paragraph that does not close its sentence waits for the next text block (it may run on to the next
    # page); a heading or a list came first and the paragraph after them: a list's lead after its list, under
    # the next section's heading
    book = make_epub("Guide", [("One", "<h1>Chapter One</h1><p>The code is on the project's site at example.org</p>"
                                       "<h2>Installing</h2><p>Run these two commands in a terminal</p>"
                                       "<ul><li>make</li><li>make install</li></ul><p>Then it is installed.</p>")])
    [part] = parts(book, "mem://guide.epub")
    assert [s["text"] for s in part.segments] == [
        "# Chapter One", "The code is on the project's site at example.org", "## Installing",
        "Run these two commands in a terminal", "- make\n- make install", "Then it is installed."]


def test_a_paragraph_running_on_past_a_table_at_the_next_pages_top_stays_whole_and_ends_its_own_part():
    # a review's inputs against the flush before headings and lists: a ruled table floated to the next page's
    # top between a sentence's halves must not cut it ("... we measured at" | table | "each of the sites ...");
    # a paragraph flushed before a heading is a paragraph, not a heading: it ends its own part
    doc = pymupdf.open()
    first = doc.new_page(width=612, height=792)
    first.insert_text((72, 72), "Results", fontsize=16, fontname="helv")
    for k in range(8):
        first.insert_text((72, 100 + 38 * k), "Each site was chosen for its depth and for the kind of ground around "
                          "it, so that the", fontsize=11, fontname="helv")
        first.insert_text((72, 114 + 38 * k), "results could be compared with those of the survey made ten years ago "
                          "by the team.", fontsize=11, fontname="helv")
    first.insert_text((72, 420), "The averages of the values we measured at", fontsize=11, fontname="helv")
    second = doc.new_page(width=612, height=792)
    rows = [("Site", "Morning", "Evening"), ("North lake", "12.1", "14.3"), ("East pond", "13.4", "15.0")]
    edges = [72, 250, 400, 540]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            second.insert_text((edges[c] + 4, 72 + 18 * r + 13), cell, fontsize=11, fontname="helv")
    for r in range(len(rows) + 1):
        second.draw_line((72, 72 + 18 * r), (540, 72 + 18 * r))
    for x in edges:
        second.draw_line((x, 72), (x, 72 + 18 * len(rows)))
    second.insert_text((72, 160), "each of the three sites are given in the table above, in degrees.", fontsize=11,
                       fontname="helv")
    texts = [s["text"] for part in parts(doc.tobytes(), "mem://report.pdf") for s in part.segments if "text" in s]
    assert "The averages of the values we measured at each of the three sites are given in the table above, in " \
           "degrees." in texts
    filler = "This sentence about the garden is here to fill the section with enough words to count. "
    book = make_epub("Guide", [("One", "<h1>Section A</h1>" + "".join(f"<p>{filler * 2}</p>" for _ in range(3))
                                       + "<p>The last paragraph of section A ends with an address: see example.org</p>"
                                       "<h1>Section B</h1><p>Section B starts here. It is short.</p>")])
    heads = [part.segments[0]["text"] for part in parts(book, "mem://guide.epub", token_budget=150)]
    assert heads == ["# Section A", "# Section B"]


def test_a_paragraph_still_waiting_for_its_end_when_the_document_ends_is_cut_within_the_budget():
    # the paragraph carried to the next block was added whole at the document's end (and before a page that
    # could not be read or a block left out): a part ran over its budget by up to the paragraph's length
    sentence = "Each sentence here has exactly ten words in it, fine."
    book = make_epub("Open", [("O", "<p>" + " ".join([sentence] * 12) + " and then the text stops without</p>")])
    out = parts(book, "mem://open.epub", token_budget=55)
    texts = [seg["text"] for p in out for seg in p.segments]
    assert len(out) == 3 and [p.meta["tokens"] for p in out] == [50, 50, 26]
    assert texts[-1] == sentence + " " + sentence + " and then the text stops without"


def test_a_chinese_chapter_is_measured_a_token_a_character_and_cut_between_its_sentences():
    # counted by spaces, a paragraph of Chinese (no spaces between words) was one "token": a whole book went into
    # one part many times the budget, and a paragraph over the budget could not be cut ("。" has no space after)
    s = ["東京は日本の首都です。", "大阪は西にある大きな町です。", "京都には古い寺が多くあります。"]  # 11, 14, 15 tokens
    book = make_epub("本", [("一", f"<p>{''.join(s * 2)}</p><p>{''.join(s)}</p>")])
    out = parts(book, "mem://zh.epub", token_budget=60)
    assert [(p.meta["tokens"], p.segments) for p in out] == [
        (51, [{"text": "".join(s + s[:1])}]), (29, [{"text": "".join(s[1:])}]), (40, [{"text": "".join(s)}])]


def test_text_tokens_counts_words_and_each_cjk_character():
    from sources.common.interleaved import split_long_text, text_tokens

    assert [text_tokens(t) for t in ("Two words.", "漢字 and 仮名です。", "한국어 문장입니다", "")] == [2, 8, 2, 0]
    assert split_long_text("One here. Two here. Three.", 4) == ["One here. Two here.", "Three."]
    assert split_long_text("東京です。大阪です！京都？", 10) == ["東京です。大阪です！", "京都？"]


def test_a_long_cjk_paragraph_is_cut_after_a_sentences_closing_quote_and_keeps_its_spaces():
    from sources.common.interleaved import split_long_text

    # cut right after "。": a part began with the quote's "」" and the one before it left the quote open, and
    # "？！" was cut in two; the space after "。" before a Latin sentence was dropped when the pieces were joined
    assert split_long_text("「東京です。」と彼は言った。「大阪です！」と彼女は答えた。本当？！そうです。", 12) == [
        "「東京です。」", "と彼は言った。", "「大阪です！」", "と彼女は答えた。本当？！", "そうです。"]
    assert split_long_text("他说：“好。”然后走了。我们也走了。", 8) == ["他说：“好。”", "然后走了。", "我们也走了。"]
    assert split_long_text("He said. 東京です。 Then English. More here.", 9) == [
        "He said. 東京です。 Then English.", "More here."]


def test_a_long_korean_paragraph_is_cut_between_its_sentences():
    from sources.common.interleaved import split_long_text

    # a Korean sentence ends with "." and a space before a Hangul syllable, not a capital: a paragraph over the
    # budget was never cut
    assert split_long_text("한국어 문장입니다. 다음 문장입니다. 세번째 문장입니다. 네번째 문장.", 4) == [
        "한국어 문장입니다. 다음 문장입니다.", "세번째 문장입니다. 네번째 문장."]


def test_the_rest_of_a_cjk_paragraph_after_a_dropped_picture_joins_it_without_a_space():
    from sources.common.interleaved import Part
    from sources.common.options import InterleavedOptions

    # a paragraph's two halves around a dropped picture were joined with a space: "東京は 日本の首都です。",
    # a space no Chinese or Japanese text has between its words
    part = Part(InterleavedOptions(token_budget=100))
    part.add_text("東京は", 0)
    part.continue_text("日本の首都です。", 0)
    part.continue_text("Tokyo is big.", 0)
    assert part.segments == [{"text": "東京は日本の首都です。 Tokyo is big."}] and part.tokens == 14


def test_thai_and_lao_paragraphs_stay_apart_and_a_long_one_is_cut_between_its_sentences():
    # Thai and Lao end a paragraph with no mark and have no case: each paragraph "went on" into the next, and a
    # book's paragraphs on a page were one segment; a long one was never cut (no "." in it) and, its words
    # counted by spaces, a phrase of 40 letters was one token
    from sources.common.interleaved import split_long_text, text_tokens

    paragraphs = ["นักเรียนหลายคนชอบอ่านหนังสือในห้องสมุด", "ห้องสมุดเปิดทุกวันตั้งแต่เช้าจนถึงเย็น", "ຂ້ອຍມັກອ່ານປຶ້ມ",
                  "ປຶ້ມຢູ່ໃນຫ້ອງສະໝຸດ"]
    book = make_epub("หนังสือ", [("หนึ่ง", "".join(f"<p>{p}</p>" for p in paragraphs))])
    [part] = parts(book, "mem://th.epub")
    assert part.segments == [{"text": p} for p in paragraphs]
    assert [text_tokens(t) for t in ("ภาษาไทย", "ภาษา ไทย and more", "ខ្មែរ")] == [7, 9, 3]
    assert split_long_text("ภาษาไทยเป็นภาษา ที่ไม่มีการเว้นวรรค ระหว่างคำ", 15) == [
        "ภาษาไทยเป็นภาษา", "ที่ไม่มีการเว้นวรรค", "ระหว่างคำ"]
    assert split_long_text("ខ្ញុំទៅផ្សារ។ គាត់នៅផ្ទះ។ពួកគេទៅសាលា។", 12) == [
        "ខ្ញុំទៅផ្សារ។", "គាត់នៅផ្ទះ។", "ពួកគេទៅសាលា។"]


def test_a_thai_paragraph_ending_in_a_number_or_a_latin_word_stays_apart_from_the_next():
    # a Thai or Lao paragraph that ends in a year or an English word ("... ปี 2024", "... ด้วย iPhone") ends in no
    # Thai letter, and the next one, starting with a letter that has no case, "went on" with it: two paragraphs
    # were one segment
    paragraphs = ["งานจัดขึ้นในปี 2024", "ผู้เข้าร่วมมากกว่าพันคน", "ถ่ายภาพด้วย iPhone", "ภาพสวยมาก", "ປີ 2025",
                  "ຂ້ອຍມັກອ່ານປຶ້ມ"]
    book = make_epub("หนังสือ", [("หนึ่ง", "".join(f"<p>{p}</p>" for p in paragraphs))])
    [part] = parts(book, "mem://th-mixed.epub")
    assert part.segments == [{"text": p} for p in paragraphs]
