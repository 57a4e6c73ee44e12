"""Page markdown structure on small generated pages, each modelled on how real producers (LaTeX,
texinfo, Chromium, Word) draw it, with the exact markdown it must give."""

import pymupdf

from shards import Sample
from sources.documents.read import DocumentOptions, read_document

CSS = "body {font-family: sans-serif; font-size: 11pt;}"


def markdown(doc) -> list[str]:
    """Each page's doc_ocr target."""
    out = list(read_document(doc.tobytes(), "mem://doc.pdf", DocumentOptions(interleaved=False)))
    assert all(isinstance(r, Sample) for r in out), out
    return [r.text for r in out]


def lines(page, rows, x=72, y=72, size=10):
    """Draw ``rows`` of ``(text, font, indent, advance)``: text at ``x + indent`` on a baseline, the next
    baseline ``advance`` points lower (how LaTeX and texinfo place every line)."""
    for text, font, indent, advance in rows:
        page.insert_text((x + indent, y), text, fontname=font, fontsize=size)
        y += advance
    return y


def test_a_pre_block_is_fenced_with_its_lines_and_indentation_and_its_comments_are_not_headings():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_htmlbox(pymupdf.Rect(56, 56, 539, 786), "<p>Install it like this:</p><pre># configure the build\n"
                        "./configure --prefix=/usr\nmake\n    make install\n# done</pre><p>Then run it.</p>", css=CSS)
    assert markdown(doc) == ["Install it like this:\n\n```\n# configure the build\n./configure --prefix=/usr\nmake\n"
                             "    make install\n# done\n```\n\nThen run it."]


def test_code_placed_by_position_keeps_its_indentation_and_only_code_set_apart_is_fenced():
    # texinfo: an example inside its paragraph's block, set apart by 3 points more than the prose's
    # 13-point pitch, its wrapped line placed under the first argument (no space characters); then a
    # path in Courier that wrapped onto a line of its own: prose
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines(page, [("Call the routine below to draw a dot at every node", "helv", 0, 13),
                 ("of a path, as in this example", "helv", 0, 16),
                 ("void dot(picture pic=currentpicture,", "cour", 0, 13),
                 ("path g, pen p=currentpen);", "cour", 9 * 6, 16),
                 ("which marks every node. The file it reads is named in", "helv", 0, 13),
                 ("/etc/security/pam_env.conf", "cour", 0, 13),
                 ("and nowhere else.", "helv", 0, 13)])
    assert markdown(doc) == [
        "Call the routine below to draw a dot at every node of a path, as in this example\n\n"
        "```\nvoid dot(picture pic=currentpicture,\n         path g, pen p=currentpen);\n```\n\n"
        "which marks every node. The file it reads is named in /etc/security/pam_env.conf and nowhere else."]


def test_a_listing_cut_into_blocks_is_one_fence_with_its_blank_line():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines(page, [("Two functions:", "helv", 0, 20),
                 ("def first():", "cour", 0, 12), ("return 1", "cour", 24, 24),  # a blank line between
                 ("def second():", "cour", 0, 12), ("return 2", "cour", 24, 20),
                 ("Both return a number.", "helv", 0, 13)])
    assert markdown(doc) == ["Two functions:\n\n```\ndef first():\n    return 1\n\ndef second():\n    return 2\n```\n\n"
                             "Both return a number."]


def test_a_document_set_in_a_monospaced_font_has_paragraphs_not_code():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines(page, [("Dear reader,", "cour", 0, 26),
                 ("this letter is typed on a typewriter, every", "cour", 0, 13),
                 ("line in the same fixed-pitch font.", "cour", 0, 13)])
    assert markdown(doc) == ["Dear reader,\n\nthis letter is typed on a typewriter, every line in the same fixed-pitch font."]
