"""Page markdown structure on small generated pages, each modelled on how real producers (LaTeX,
texinfo, Chromium, Word) draw it, with the exact markdown it must give."""

import base64

import pymupdf
import pytest

from samples.pdf_maker import type3_pdf, with_nul
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


def test_a_listing_line_drawn_in_pieces_on_one_row_is_one_line():
    # Debian Reference (debian-reference-en): MuPDF cuts a listing's line at a wide gap or a font change
    # into lines side by side ("$ ln foo bar" | "# hard link", "crw------T 1 root root" | "108, 0 Oct 16
    # 20:57 /dev/ppp"); each was written as a line of its own, the second indented to its column: 54 of
    # the manual's and Asymptote's 457 pages. They are one line, the gap kept as spaces.
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines(page, [("Make a hard link and a symbolic link:", "helv", 0, 16)], size=10)
    for row, (left, right) in enumerate([("$ ln foo bar", "# hard link"), ("$ ln -s foo baz", "# symlink")]):
        page.insert_text((72, 88 + 12 * row), left, fontname="cour", fontsize=10)
        page.insert_text((72 + 17 * 6, 88 + 12 * row), right, fontname="cobo", fontsize=10)  # bold: a new line
    lines(page, [("Both names then open the same file.", "helv", 0, 13)], y=124, size=10)
    assert markdown(doc) == ["Make a hard link and a symbolic link:\n\n```\n$ ln foo bar     # hard link\n"
                             "$ ln -s foo baz  # symlink\n```\n\nBoth names then open the same file."]


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


def test_bullets_drawn_as_shapes_make_list_items():
    # Chromium draws <li> bullets as filled discs (Word and some LaTeX classes as squares): the text
    # layer holds only the items' words
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines(page, [("Before you start:", "helv", 0, 16), ("install the package", "helv", 18, 13),
                 ("check that the service is running and that its", "helv", 18, 13),
                 ("socket answers", "helv", 18, 13), ("restart the daemon", "helv", 18, 13),
                 ("Then log in again.", "helv", 0, 13)])
    for y in (72 + 16 - 3.5, 72 + 29 - 3.5):
        page.draw_circle((78, y), 1.5, color=None, fill=(0, 0, 0))
    page.draw_rect(pymupdf.Rect(76.5, 72 + 55 - 5, 79.5, 72 + 55 - 2), color=None, fill=(0, 0, 0))
    assert markdown(doc) == ["Before you start:\n\n- install the package\n"
                             "- check that the service is running and that its socket answers\n- restart the daemon\n\n"
                             "Then log in again."]


def test_small_shapes_that_do_not_start_a_line_make_no_list():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines(page, [("A square far left of this line is a margin mark.", "helv", 0, 13),
                 ("A dot after the words is an ornament.", "helv", 0, 13)])
    page.draw_rect(pymupdf.Rect(30, 66, 34, 70), color=None, fill=(0, 0, 0))  # 38 points left of the text
    page.draw_circle((270, 81), 1.5, color=None, fill=(0, 0, 0))  # right of the second line's words
    assert markdown(doc) == ["A square far left of this line is a margin mark. A dot after the words is an ornament."]


def test_bullet_characters_start_items_inside_a_block_and_numbers_only_at_its_start():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines(page, [("The options are", "helv", 0, 13), ("\u2022 fast, which skips the checks", "helv", 0, 13),
                 ("\u2022 safe, which runs them", "helv", 0, 13)])
    lines(page, [("We counted the rows in", "helv", 0, 13), ("1984. Then we stopped.", "helv", 0, 13)], y=200)
    assert markdown(doc) == ["The options are\n\n- fast, which skips the checks\n- safe, which runs them\n\n"
                             "We counted the rows in 1984. Then we stopped."]


def test_definition_list_terms_are_paragraphs_not_code_or_headings():
    # texinfo's @table and man pages: the term (an option, an API signature) on a line of its own, in
    # code or bold, its definition below it indented; the terms are neither listings nor sections
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = lines(page, [("Options and calls of the tool.", "helv", 0, 20), ("--verbose", "cour", 0, 13),
                     ("Print every step as it runs.", "helv", 40, 13)])
    page.insert_text((72, y + 7), "int open(const char *path)", fontname="hebo", fontsize=12)
    lines(page, [("Opens the file and returns its descriptor, or -1", "helv", 40, 13),
                 ("when it cannot.", "helv", 40, 13)], y=y + 20)
    assert markdown(doc) == ["Options and calls of the tool.\n\n--verbose\n\nPrint every step as it runs.\n\n"
                             "int open(const char *path)\n\nOpens the file and returns its descriptor, or -1 when it cannot."]


def test_a_line_end_hyphen_is_dropped_only_where_the_joined_word_is_a_word():
    # Chromium breaks lines after a compound's own hyphen and never hyphenates: "constant-" + "time"
    # is "constant-time"; "inter-" + "national" is "international" (a word, and "inter-national" is
    # not); the document's own forms win: "co-operative" and "asymptote" occur elsewhere in it
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = lines(page, [(text, "helv", 0, 13) for text in [
        "The lookup is constant-", "time on big-", "endian machines with user-", "defined keys; install libpam-",
        "ldap first. Trade across inter-", "national borders is co-", "operative, as every asymp-",
        "tote of the curve shows."]])
    lines(page, [("Each asymptote is co-operative.", "helv", 0, 13)], y=y + 10)
    assert markdown(doc) == ["The lookup is constant-time on big-endian machines with user-defined keys; install "
                             "libpam-ldap first. Trade across international borders is co-operative, as every "
                             "asymptote of the curve shows.\n\nEach asymptote is co-operative."]


def test_a_suspended_hyphen_at_a_line_end_keeps_its_space_before_the_coordinating_word():
    # Octave's manual: "Emacs-" at a line's end and "or vi-style" on the next read "Emacs-or vi-style"; "first-" +
    # "and second-order" and "pre-" + "and post-processing" too. A word broken before "or" stays one ("col-" +
    # "or" is "color", a word)
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines(page, [(text, "helv", 0, 13) for text in [
        "You can recall and edit previous commands using Emacs-", "or vi-style editing commands, fit first-",
        "and second-order terms, and run the pre-", "and post-processing steps. The col-", "or of the plot is red."]])
    assert markdown(doc) == ["You can recall and edit previous commands using Emacs- or vi-style editing commands, fit "
                             "first- and second-order terms, and run the pre- and post-processing steps. The color of "
                             "the plot is red."]


def test_without_a_word_list_for_its_language_a_document_joins_broken_words_but_not_capitals():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines(page, [(text, "helv", 0, 13) for text in [
        "Die Verkehrs-", "politik der Stadt folgt der Ost-", "West-Achse, und der Fahrrad-", "weg bleibt ein Weg",
        "für jedes Fahrrad."]])
    assert markdown(doc) == ["Die Verkehrspolitik der Stadt folgt der Ost-West-Achse, und der Fahrradweg bleibt "
                             "ein Weg für jedes Fahrrad."]


def ruled_table(page, x, y, widths, rows, height=18, underline=()):
    """A grid of lines with text in its cells (the header bold); the cells named in ``underline``
    ((row, column)) get a link's underline: a thin filled rectangle under the words, as Chromium
    draws one."""
    for r in range(len(rows) + 1):
        page.draw_line((x, y + r * height), (x + sum(widths), y + r * height), width=0.7)
    for c in range(len(widths) + 1):
        page.draw_line((x + sum(widths[:c]), y), (x + sum(widths[:c]), y + len(rows) * height), width=0.7)
    for r, row in enumerate(rows):
        for c, parts in enumerate(row):
            left = x + sum(widths[:c]) + 2
            for text, font in parts if isinstance(parts, list) else [(parts, "hebo" if r == 0 else "helv")]:
                page.insert_text((left, y + r * height + 13), text, fontsize=10, fontname=font)
                if (r, c) in underline:
                    width = pymupdf.get_text_length(text, font, 10)
                    page.draw_rect(pymupdf.Rect(left, y + r * height + 14.2, left + width, y + r * height + 14.9),
                                   color=None, fill=(0, 0, 0.9))
                left += pymupdf.get_text_length(text, font, 10)


def test_a_link_underline_reaching_a_cells_border_is_not_a_ruling():
    # the underline ends 1.4 points from the cell's right border, within find_tables' snap tolerance:
    # read as a ruling it cut the row in two and the copy filled the phantom row
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    ruled_table(page, 72, 100, [60, 59], [["Module", "Page"], ["session", "pam_env(8)"], ["auth", "pam_unix(8)"]],
                underline={(1, 1), (2, 1)})
    assert markdown(doc) == ["|Module|Page|\n|---|---|\n|session|pam_env(8)|\n|auth|pam_unix(8)|"]


def test_a_cell_keeps_its_spaces_at_font_changes_and_gets_no_markup():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    ruled_table(page, 72, 100, [60, 240], [
        ["Module", "Reference"],
        ["session", [("see the ", "helv"), ("pam_env(8)", "cour"), (" page and ", "helv"), ("more", "hebo")]],
        ["auth", [("see ", "helv"), ("pam_unix(8)", "helv"), (" | pipes", "helv")]]], underline={(2, 1)})
    assert markdown(doc) == ["|Module|Reference|\n|---|---|\n|session|see the pam_env(8) page and more|\n"
                             "|auth|see pam_unix(8) \\| pipes|"]


def test_a_table_drawn_without_rulings_is_a_table_and_two_columns_of_prose_are_not():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 72), "The files on the server:", fontsize=10)
    for r, row in enumerate([["Name", "Size", "Owner"], ["alpha.txt", "12 KB", "root"], ["beta.log", "3 MB", "www-data"],
                             ["gamma", "", "nobody"]]):
        for c, cell in enumerate(row):
            if cell:
                page.insert_text((72 + c * 90, 92 + r * 14), cell, fontsize=10, fontname="hebo" if r == 0 else "helv")
    page.insert_text((72, 160), "All of them are backed up.", fontsize=10)
    # two columns written row by row, as some producers do: one block whose rows are cut in two
    left = ["The survey covered farms in the north of the", "country, where the growing season is short",
            "and the first frost comes early in autumn."]
    right = ["Yields there were lower than in the south, but", "the harvest was more reliable from one year",
             "to the next, as the rainfall was steadier."]
    for i, (a, b) in enumerate(zip(left, right)):
        page.insert_text((72, 220 + 13 * i), a, fontsize=10)
        page.insert_text((310, 220 + 13 * i), b, fontsize=10)
    assert markdown(doc) == ["The files on the server:\n\n|Name|Size|Owner|\n|---|---|---|\n|alpha.txt|12 KB|root|\n"
                             "|beta.log|3 MB|www-data|\n|gamma||nobody|\n\nAll of them are backed up.\n\n"
                             + " ".join(left) + "\n\n" + " ".join(right)]


def test_headings_are_judged_by_the_documents_own_styles():
    # a 10.5-point bold subsection on 10-point text is a heading; the document sets its lead paragraph
    # in 12 points, so a short 12-point line of it is a paragraph, not a heading; a heading right above
    # a list whose items are indented stays a heading
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = lines(page, [("This report follows the harvest of one valley through a whole year, from the", "helv", 0, 15),
                     ("first sowing to the last sale, and asks what the farmers learned from it and", "helv", 0, 15),
                     ("what they would change.", "helv", 0, 30)], size=12)
    y = lines(page, [("It was a dry year.", "helv", 0, 30)], y=y, size=12)
    y = lines(page, [("Method and data", "hebo", 0, 18)], y=y, size=10.5)
    y = lines(page, [("We asked every farm in the valley the same questions each month, wrote the", "helv", 0, 13),
                     ("answers down the same day and checked them against the weather records of", "helv", 0, 13),
                     ("the two stations nearby. Most of them answered every time.", "helv", 0, 24)], y=y)
    y = lines(page, [("Questions", "hebo", 0, 18)], y=y, size=13)
    lines(page, [("how much rain fell", "helv", 30, 13), ("what was sown", "helv", 30, 13)], y=y)
    for row in range(2):
        page.draw_circle((90, y + 13 * row - 3.5), 1.5, color=None, fill=(0, 0, 0))
    assert markdown(doc) == [
        "This report follows the harvest of one valley through a whole year, from the first sowing to the last "
        "sale, and asks what the farmers learned from it and what they would change.\n\nIt was a dry year.\n\n"
        "### Method and data\n\nWe asked every farm in the valley the same questions each month, wrote the answers "
        "down the same day and checked them against the weather records of the two stations nearby. Most of them "
        "answered every time.\n\n### Questions\n\n- how much rain fell\n- what was sown"]


def test_control_characters_never_reach_code_blocks_tables_or_interleaved_text():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines(page, [("Run:", "helv", 0, 16), ("make\x01 all", "cour", 0, 12), ("make install", "cour", 0, 20)])
    ruled_table(page, 72, 160, [80, 80], [["Key", "Value"], ["a\x01b", "1"]])
    data = with_nul(doc, page)
    records = list(read_document(data, "mem://doc.pdf", DocumentOptions()))
    [sample] = [r for r in records if r.kind == "doc_ocr"]
    assert sample.text == "Run:\n\n```\nmake all\nmake install\n```\n\n|Key|Value|\n|---|---|\n|ab|1|"
    [part] = [r for r in records if r.kind == "interleaved"]
    assert not any(ch in seg.get("text", "") for seg in part.segments for ch in "\x00\x01")


def test_a_definition_grouped_with_the_next_term_is_cut_from_it():
    # Chromium's <dl>: each line 12 points below the last, so MuPDF groups a <dd> with the <dt> below it
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines(page, [("--verbose", "cour", 0, 12), ("Print every step.", "helv", 30, 12),
                 ("int open(const char *path)", "hebo", 0, 12), ("Open the file.", "helv", 30, 12)], size=11)
    assert markdown(doc) == ["--verbose\n\nPrint every step.\n\nint open(const char *path)\n\nOpen the file."]


def test_a_short_english_page_is_known_as_english_by_its_whole_words():
    # compounds and their parts ("libpam", "ldap", "endian") do not count against the word list
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines(page, [(text, "helv", 0, 13) for text in [
        "Lookups are constant-", "time on big-endian", "hosts with user-", "defined keys from", "libpam-ldap."]])
    assert markdown(doc) == ["Lookups are constant-time on big-endian hosts with user-defined keys from libpam-ldap."]


def fake_bold_table(page, y: float, each_glyph: bool = False) -> None:
    """A ruled table whose head row is printed twice, the copy 0.4 point to the right (fake bold: a word
    processor's "bold" for a font without a bold face), or glyph by glyph over itself (``each_glyph``)."""
    rows = [["Item", "Count", "Room"], ["Scope", "3", "B12"], ["Lathe", "1", "A01"], ["Probe", "12", "C7"]]
    ruled_table(page, 72, y, [110, 110, 110], [["", "", ""]] + rows[1:])
    for c, name in enumerate(rows[0]):
        x = 74 + 110 * c
        if each_glyph:
            for letter in name:
                for _ in range(2):
                    page.insert_text((x, y + 13), letter, fontsize=10, fontname="helv")
                x += pymupdf.get_text_length(letter, "helv", 10)
        else:
            for shift in (0, 0.4):
                page.insert_text((x + shift, y + 13), name, fontsize=10, fontname="helv")


def test_a_table_head_printed_twice_for_fake_bold_is_read_once():
    # MuPDF drops a glyph's copy only while collecting styles, which table detection reads without on a
    # page that prints no glyph over another (`overprint`): "|Item Item|Count Count|Room Room|" otherwise
    from sources.documents.overprint import overprinted

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    fake_bold_table(page, 100)
    assert markdown(doc) == ["|Item|Count|Room|\n|---|---|---|\n|Scope|3|B12|\n|Lathe|1|A01|\n|Probe|12|C7|"]
    plain = pymupdf.open()
    page = plain.new_page(width=595, height=842)  # a column of equal digits, doubled letters: no copies
    ruled_table(page, 72, 100, [110, 110], [["Name", "Size"]] + [["all", "11"]] * 6)
    page.insert_text((72, 300), "Full fell, all small balls roll: 111 llll", fontsize=40, fontname="helv")
    assert not overprinted(plain[0]) and overprinted(doc[0])


@pytest.mark.parametrize("rotation", [0, 90])
def test_the_faster_table_characters_equal_pymupdfs_own(rotation):
    import pymupdf.table

    from samples.pdf_maker import structured_pdf
    from sources.documents import table_chars

    doc = pymupdf.open(stream=structured_pdf(2))
    doc[1].set_rotation(rotation)
    for each_glyph in (False, True):  # PyMuPDF collects styles; `make_chars` only where a glyph is overprinted
        fake_bold_table(doc.new_page(width=595, height=842), 100, each_glyph)
    for page in doc:
        made = []
        for make in (table_chars.PYMUPDF_MAKE_CHARS, table_chars.make_chars):
            pymupdf.table.CHARS._list().clear()
            make(page, clip=page.rect)
            made.append(list(pymupdf.table.CHARS._list()))
        assert made[0] == made[1] and len(made[0]) > (300 if page.number < 2 else 30)
        assert [list(char) for char in made[0]] == [list(char) for char in made[1]]  # the keys in one order
        char = made[0][10]  # chars_in_rect reads page coordinates (top/bottom), not PDF space's y0/y1
        rect = pymupdf.Rect(char["x0"] - 1, char["top"] - 1, char["x1"] + 1, char["bottom"] + 1)
        assert table_chars.chars_in_rect(made[0], rect) and not table_chars.chars_in_rect(made[0], (0, 0, 1, 1))
    found = [table for page in doc for table in page.find_tables(strategy="lines_strict").tables]
    assert len(found) == 4
    for table in found:
        assert table_chars.PYMUPDF_EXTRACT(table) == table.extract() and any(map(any, table.extract()))


def test_a_regular_weight_heading_a_point_and_a_half_above_the_body_is_a_heading():
    """Python's documentation (printed by Chromium from Debian's python3-doc) sets section headings such as
    "Cursor objects" in 12-point regular type on 10.5-point text: 1.14x the body, not bold, so 10 of its
    17 headings were written as paragraphs (bench.doc_quality). A monospaced API signature a little larger
    than the body stays what it is."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    prose = ("A Cursor instance has the following attributes and methods, and each of them is described "
             "below with the exceptions it may raise.")
    page.insert_textbox(pymupdf.Rect(72, 60, 520, 120), prose, fontname="helv", fontsize=10.5)
    page.insert_text((72, 150), "Cursor objects", fontname="helv", fontsize=12)
    page.insert_textbox(pymupdf.Rect(72, 165, 520, 225), prose, fontname="helv", fontsize=10.5)
    page.insert_text((72, 250), "execute(sql, parameters=(), /)", fontname="cour", fontsize=11.5)
    page.insert_textbox(pymupdf.Rect(100, 258, 520, 318), prose, fontname="helv", fontsize=10.5)
    [text] = markdown(doc)
    assert "\n\n### Cursor objects\n\n" in text and "### execute" not in text


THAI_PROSE = ("ภาษาไทยเป็นภาษาที่เขียนโดยไม่มีการเว้นวรรคระหว่างคำ ผู้อ่านต้องแยกคำเองจากบริบทของประโยค "
              "การตัดคำจึงเป็นปัญหาสำคัญของการประมวลผลภาษาธรรมชาติ")
CHINESE_PROSE = "中文书写时词与词之间没有空格，读者需要根据上下文自行切分词语。这给自然语言处理带来了很大的困难。"


@pytest.mark.parametrize("prose, heading, sentences", [
    (THAI_PROSE, "บทนำ", ["งานวิจัยนี้ศึกษาวิธีการตัดคำภาษาไทยด้วยแบบจำลองทางสถิติและโครงข่ายประสาทเทียม"]),
    (CHINESE_PROSE, "研究方法", ["本研究提出了一种基于统计模型的中文分词方法。",
                                 "我们在三个公开数据集上评估了该方法并与现有的多种分词工具进行了比较"]),
], ids=["thai", "chinese"])
def test_a_sentence_of_a_script_without_spaces_a_little_larger_than_the_body_is_no_heading(prose, heading,
                                                                                           sentences):
    """Thai and Chinese are written without spaces between words: a whole sentence set 1.5 points above
    the body, split on spaces, was a line of one or three "words" and became a ``###`` heading, the
    Chinese one even ending in "。". A short heading in the same size still is one."""
    twice = prose + ("" if prose is CHINESE_PROSE else " ") + prose
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    html = (f"<p style='font-size:11pt'>{twice}</p><p style='font-size:12.5pt'>{heading}</p>"
            + "".join(f"<p style='font-size:11pt'>{prose}</p><p style='font-size:12.5pt'>{sentence}</p>"
                      for sentence in sentences) + f"<p style='font-size:11pt'>{twice}</p>")
    page.insert_htmlbox(pymupdf.Rect(56, 56, 539, 786), html, css="* {font-family: sans-serif}")
    assert markdown(doc) == ["\n\n".join([twice, "### " + heading] + [piece for sentence in sentences
                                                                        for piece in (prose, sentence)] + [twice])]


def test_a_taller_ocr_line_is_no_heading_by_its_size_alone():
    """An OCR line's size is its box's height: 'print("Not a point")', its brackets and quotes reaching
    above and below the letters, measured a point and a half above the body on a scanned page of
    Python's tutorial and became a heading; on OCR pages only the 15% rule makes one."""
    from sources.documents.headings import heading_markdown
    from sources.documents.style import DocumentStyle

    line = {"spans": [{"text": 'print("Not a point")', "size": 12.0, "flags": 0, "font": "ocr"}]}
    assert heading_markdown([line], 'print("Not a point")', DocumentStyle(body=10.5)) == '### print("Not a point")'
    assert heading_markdown([line], 'print("Not a point")', DocumentStyle(body=10.5, read_by_ocr=True)) is None


def test_a_ruled_table_is_written_once_and_a_sentence_a_point_larger_is_no_heading():
    """A ruled table whose rows MuPDF also splits into aligned lines was written twice: as the ruled table
    and as a borderless one read from its own text. A sentence set a point above the body is prose."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((62, 540), "Table 1.2 below lists the permissions and what each of them means for files.",
                     fontsize=10)
    ys = [562.6, 574.9, 586.8, 598.8, 610.8, 622.8]
    for y in (ys[0], ys[-1]):
        page.draw_line((62.4, y), (561.2, y), width=0.4)
    for y in ys[1:-1]:
        page.draw_line((62.4, y), (264.4, y), width=0.4)
        page.draw_line((264.4, y), (561.2, y), width=0.4)
    for top, bottom in zip(ys, ys[1:]):
        page.draw_line((264.2, bottom), (264.2, top), width=0.4)
    rows = [("permission", "meaning"), ("read", "the file may be read"), ("write", "the file may be changed"),
            ("execute", "the file may be run"), ("sticky", "only the owner may delete it")]
    for (key, value), y in zip(rows, ys[1:]):
        page.insert_text((66, y - 3), key, fontsize=9)
        page.insert_text((268, y - 3), value, fontsize=9)
    assert markdown(doc) == [
        "Table 1.2 below lists the permissions and what each of them means for files.\n\n|permission|meaning|\n"
        "|---|---|\n|read|the file may be read|\n|write|the file may be changed|\n|execute|the file may be run|\n"
        "|sticky|only the owner may delete it|"]


def test_a_cells_border_between_two_characters_ends_a_word():
    """Tight cell padding (Chromium's td {padding: 1px}): "412" ends 2 points before the border and "items"
    starts 1.5 points after it, closer than a word gap; the border still parts them."""
    from sources.documents.table_cells import cell_text

    def chars(text, x, width=6.0):
        return [{"c": c, "bbox": (x + i * width, 2.0, x + (i + 1) * width, 14.0)} for i, c in enumerate(text)]
    span = {"bbox": (80, 2, 132, 14), "chars": chars("412", 80) + chars("items", 101.5)}
    line = {"bbox": span["bbox"], "spans": [span]}
    blocks = [{"type": 0, "bbox": line["bbox"], "lines": [line]}]
    assert (cell_text(blocks, (0, 0, 100, 20)), cell_text(blocks, (100, 0, 200, 20))) == ("412", "items")


def test_one_larger_glyph_does_not_make_a_line_a_heading():
    """A checkbox from a symbol font set a point and a half larger than the line's text is not the line's size."""
    from sources.documents.headings import heading_markdown
    from sources.documents.style import DocumentStyle

    line = {"spans": [{"text": "☐", "size": 12.0, "flags": 0, "font": "ZapfDingbats"},
                      {"text": " Yes, send me the newsletter", "size": 10.5, "flags": 0, "font": "Helvetica"}]}
    assert heading_markdown([line], "☐ Yes, send me the newsletter", DocumentStyle(body=10.5)) is None


def test_a_figures_axis_labels_are_no_headings_and_a_hash_led_line_is_no_heading():
    # Asymptote's manual (Debian asymptote-doc): a graph's tick labels, set larger than the body, were
    # "### 0.9", "### 180"; its index's symbol group "#" and entry "# . . . 62" read as markdown headings
    doc = pymupdf.open()
    page = doc.new_page()
    body = ("The committee met on Tuesday to review the annual budget and the plans for the new library. Members "
            "agreed that the reading room should open earlier in the morning and close later at night.")
    page.insert_textbox(pymupdf.Rect(72, 72, 520, 200), body, fontsize=10)
    page.insert_text((100, 260), "0.9", fontsize=14)
    page.insert_text((100, 400), "180", fontsize=14)
    page.insert_text((72, 480), "# . . . . . . . . . . . . . . . 62", fontsize=10)
    [text] = markdown(doc)
    assert text.split("\n\n") == [body, "0.9", "180", "\\# . . . . . . . . . . . . . . . 62"]


def test_column_names_above_a_ruled_grid_are_written_once_as_its_head():
    # the names stand on the line just above the grid, outside its rulings (PyMuPDF's "external" header): the
    # table took them as its head, and the paragraph they make was written too, right above it
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 60), "The measured values are given below; units are SI.", fontsize=10)
    for x, name in zip([74, 164, 254, 344], ["Sample", "Mass", "Length", "Time"]):
        page.insert_text((x, 88), name, fontsize=10)
    rows = [("S1", "2.0", "0.50", "1.2"), ("S2", "2.5", "0.55", "1.3"), ("S3", "3.1", "0.61", "1.5")]
    ruled_table(page, 70, 92, [90, 90, 90, 90], [list(row) for row in rows])
    page.insert_text((72, 176), "All samples were dry.", fontsize=10)
    assert markdown(doc) == ["The measured values are given below; units are SI.\n\n|Sample|Mass|Length|Time|\n"
                             "|---|---|---|---|\n|S1|2.0|0.50|1.2|\n|S2|2.5|0.55|1.3|\n|S3|3.1|0.61|1.5|\n\n"
                             "All samples were dry."]


def test_a_table_ruled_only_across_keeps_its_head_row():
    # a LaTeX booktabs table: a rule above, one under the head, one below, no column rules (jztan/pdf-mcp #63,
    # "a data row as its header"): MuPDF starts a block at the rule under the head, so the body was read as
    # the table, its first data row made the head, and the names were a line of their own above it
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 80), "Table 3: Accuracy of each method on the three test sets.", fontsize=10)
    rows = [("Method", "Set A", "Set B", "Set C"), ("Baseline", "71.2", "64.0", "58.9"),
            ("Ours (small)", "74.8", "", "61.3"), ("Ours (large)", "77.5", "70.1", "66.0")]
    page.draw_line((72, 90), (440, 90), width=1.0)
    page.draw_line((72, 108), (440, 108), width=0.5)
    y = 103
    for i, row in enumerate(rows):
        for x, cell in zip([80, 220, 300, 380], row):
            if cell:
                page.insert_text((x, y), cell, fontsize=10)
        y += 18 if i == 0 else 15
    page.draw_line((72, y - 10), (440, y - 10), width=1.0)
    page.insert_text((72, y + 20), "Set B was not run for the small model.", fontsize=10)
    assert markdown(doc) == ["Table 3: Accuracy of each method on the three test sets.\n\n|Method|Set A|Set B|Set C|\n"
                             "|---|---|---|---|\n|Baseline|71.2|64.0|58.9|\n|Ours (small)|74.8||61.3|\n"
                             "|Ours (large)|77.5|70.1|66.0|\n\nSet B was not run for the small model."]


def test_a_table_set_on_filled_bands_keeps_its_empty_cells_in_place():
    # each cell a filled box, no rules (tabula #814, rows in alternating colours): MuPDF makes each row a block,
    # each row was a paragraph and its empty cells vanished, so "Campus 10-14" (open on Saturdays) read as
    # open Monday to Friday
    rows = [("Branch", "Mon-Fri", "Sat", "Sun"), ("Harbour", "8-18", "9-13", "closed"),
            ("Old Town", "9-17", "", "closed"), ("Airport", "6-22", "6-22", "6-22"), ("Campus", "", "10-14", "")]
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 70), "Opening hours per branch, as listed by the library.", fontsize=10)
    cols, top, height = [72, 172, 262, 332, 402], 85, 20
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            fill = (0.2, 0.3, 0.6) if r == 0 else (0.9, 0.92, 0.97) if r % 2 else (0.8, 0.84, 0.93)
            page.draw_rect(pymupdf.Rect(cols[c] + 1, top + r * height + 1, cols[c + 1] - 1, top + (r + 1) * height - 1),
                           color=None, fill=fill)
            if cell:
                page.insert_text((cols[c] + 5, top + r * height + 14), cell, fontsize=10,
                                 color=(1, 1, 1) if r == 0 else (0, 0, 0))
    page.insert_text((72, top + len(rows) * height + 25), "Holidays follow the Sunday hours.", fontsize=10)
    table = ["|" + "|".join(row) + "|" for row in rows]
    assert markdown(doc) == ["Opening hours per branch, as listed by the library.\n\n"
                             + "\n".join(table[:1] + ["|---|---|---|---|"] + table[1:])
                             + "\n\nHolidays follow the Sunday hours."]


def test_two_ruled_tables_side_by_side_are_written_once_each():
    # their rows' text lines stand side by side across both grids: joined as the rows of a table drawn
    # without rules, they were written a third time, as one table of four columns under the two
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 60), "Left: prices in 2022. Right: prices in 2023.", fontsize=10)
    ruled_table(page, 70, 80, [70, 70], [["Item", "Price"], ["Tea", "3.00"], ["Coffee", "4.50"]])
    ruled_table(page, 220, 80, [70, 70], [["Item", "Price"], ["Tea", "3.20"], ["Coffee", "4.90"], ["Cocoa", "2.80"]])
    page.insert_text((72, 200), "Prices rose in 2023.", fontsize=10)
    [text] = markdown(doc)
    assert text.count("|Item|Price|") == 2 and "|Item|Price|Item|Price|" not in text
    assert "|Coffee|4.50|" in text and "|Cocoa|2.80|" in text and text.count("Prices rose in 2023.") == 1


@pytest.mark.parametrize("gap", [8, 2])
def test_a_listings_line_numbers_stay_out_of_its_fenced_code(gap):
    # LaTeX listings' numbers=left: small numbers right-aligned just left of the Courier code. MuPDF made each
    # number and its line a block (or, closer, one line of two spans): each code line came out a paragraph,
    # "1 def read_config(path):", its indentation lost (users of extractors report numbers copied with code)
    code = ["def read_config(path):", "    out = {}", "    with open(path) as f:", "        for line in f:",
            "            if not line.strip():", "                break", "    return out"]
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Listing 1 reads the configuration file.", fontname="tiro", fontsize=10)
    y = 125
    for i, line in enumerate(code, 1):
        page.insert_text((100 - gap - pymupdf.get_text_length(str(i), "tiro", 6), y), str(i), fontname="tiro",
                         fontsize=6)
        page.insert_text((100, y), line, fontname="cour", fontsize=9)
        y += 10.5
    page.insert_text((72, y + 12), "Line 6 ends the loop early.", fontname="tiro", fontsize=10)
    assert markdown(doc) == ["Listing 1 reads the configuration file.\n\n```\n" + "\n".join(code)
                             + "\n```\n\nLine 6 ends the loop early."]


def test_items_whose_bullets_are_small_pictures_are_items():
    # HTML's list-style-image, Word's picture bullets (pymupdf4llm #81): the list was one run-on paragraph
    items = ["The power cable is plugged in.", "The tray holds paper.", "The cover is closed."]
    dot = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), 0)
    dot.set_rect(dot.irect, (0, 100, 200))
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Before you start, check the following points carefully.", fontsize=11)
    for i, item in enumerate(items):
        y = 124 + 14 * i
        page.insert_image(pymupdf.Rect(74, y - 7, 80, y - 1), pixmap=dot)
        page.insert_text((88, y), item, fontsize=11)
    assert markdown(doc) == ["Before you start, check the following points carefully.\n\n"
                             + "\n".join(f"- {item}" for item in items)]


def test_a_nested_list_keeps_its_levels():
    # docling #592: a list nested three deep, laid out a level a block (PyMuPDF's Story, as the Debian Reference's
    # steps under each command are), was three lists of siblings, blank lines between the levels
    html = ("<p>Shopping notes for the week ahead.</p><ul><li>Fruit<ul><li>Apple</li><li>Orange<ul>"
            "<li>Blood orange</li><li>Navel orange</li></ul></li></ul></li><li>Dairy<ul><li>Milk</li>"
            "<li>Cheese</li></ul></li></ul><p>That is all for today.</p>")
    doc = pymupdf.open()
    doc.new_page(width=612, height=842).insert_htmlbox(pymupdf.Rect(50, 50, 550, 800), html)
    assert markdown(doc) == ["Shopping notes for the week ahead.\n\n- Fruit\n   - Apple\n   - Orange\n"
                             "      - Blood orange\n      - Navel orange\n- Dairy\n   - Milk\n   - Cheese\n\n"
                             "That is all for today."]


def test_a_justified_row_cut_into_words_is_read_as_its_sentence():
    # Debian Reference's tips (dblatex, justified): MuPDF cut a row at its wide word gaps into a line a word, the
    # words beyond the next row's end were each taken for a margin note in turn, and the sentence came out as
    # "Under systemd, use systemd-timesyncd systemd-timesyncd(8)." then "for", "the", "network"... a paragraph each
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Tip", fontname="hebo", fontsize=10)
    words = [("Under", "helv"), ("systemd,", "helv"), ("use", "helv"), ("systemd-timesyncd", "cour"), ("for", "helv"),
             ("the", "helv"), ("network", "helv"), ("time", "helv"), ("synchronization", "helv"),
             ("instead.", "helv"), ("See", "helv")]
    widths = [pymupdf.get_text_length(w, fontname=f, fontsize=10) for w, f in words]
    x, gap = 72, (540 - 72 - sum(widths)) / (len(words) - 1)
    for (word, font), width in zip(words, widths):
        page.insert_text((x, 112), word, fontname=font, fontsize=10)
        x += width + gap
    page.insert_text((72, 124), "systemd-timesyncd(8).", fontname="cour", fontsize=10)
    page.insert_text((72, 150), "The next paragraph follows after a gap and says nothing more of interest.",
                     fontname="helv", fontsize=10)
    assert markdown(doc) == ["**Tip**\n\nUnder systemd, use systemd-timesyncd for the network time synchronization "
                             "instead. See systemd-timesyncd(8).\n\nThe next paragraph follows after a gap and says "
                             "nothing more of interest."]


def test_a_term_and_description_list_keeps_its_rows_apart():
    # R's manuals (texinfo @table: operators in Courier, descriptions at a tab stop) and bash's man page (groff
    # .TP: a term over its indented description): the row after the widest description, and the term under a
    # one-line description, were glued on ("%in% Matching operator, binary (in model formulae: nesting) < Less
    # than, binary"; "True if expression is false. expression1 && expression2")
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 90), "R contains a number of operators. They are listed in the table below.",
                     fontname="tiro", fontsize=10.9)
    rows = [("%%", "Modulus, binary"), ("%in%", "Matching operator, binary (in model formulae: nesting)"),
            ("<", "Less than, binary"), (">", "Greater than, binary"), ("&", "And, binary, vectorized")]
    for row, (term, description) in enumerate(rows):
        page.insert_text((118.8, 106 + 13.2 * row), term, fontname="cour", fontsize=10.9)
        page.insert_text((171.1, 106 + 13.2 * row), description, fontname="tiro", fontsize=10.9)
    page.insert_text((108, 190), "Expressions may be combined using the following operators, listed in decreasing "
                     "order of precedence:", fontname="tiro", fontsize=10)
    y = 208
    for term, description in [("! expression", "True if expression is false."),
                               ("expression1 && expression2", "True if both expression1 and expression2 are true."),
                               ("expression1 || expression2", "True if either expression1 or expression2 is true.")]:
        page.insert_text((144, y), term, fontname="tiit", fontsize=10)
        page.insert_text((180, y + 12), description, fontname="tiro", fontsize=10)
        y += 24
    page.insert_text((144, y + 6), "The && and || operators do not evaluate expression2 if the value of expression1 "
                     "is sufficient.", fontname="tiro", fontsize=10)
    # an operator the page shows at a line's start is escaped, not a list's bullet or a block quote's ">"
    assert markdown(doc) == ["R contains a number of operators. They are listed in the table below.\n\n"
                             "%% Modulus, binary\n\n%in% Matching operator, binary (in model formulae: nesting)\n\n"
                             "< Less than, binary\n\n\\> Greater than, binary\n\n& And, binary, vectorized\n\n"
                             "Expressions may be combined using the following operators, listed in decreasing order "
                             "of precedence:\n\n! expression\n\nTrue if expression is false.\n\nexpression1 && expression2\n\n"
                             "True if both expression1 and expression2 are true.\n\nexpression1 || expression2\n\n"
                             "True if either expression1 or expression2 is true.\n\n"
                             "The && and || operators do not evaluate expression2 if the value of expression1 is "
                             "sufficient."]


def test_a_paragraph_indented_under_a_short_line_starts_a_new_paragraph():
    # TeX and texinfo set paragraphs 15 points in with 2.7 points between them, which MuPDF groups as one block:
    # a one-line paragraph was joined to the next ("... is preferred to R. You need to ensure that ...")
    doc = pymupdf.open()
    rows = [("or, via the R CMD interface, as a wrapper to various R tools (e.g., for processing files in", 0, 13.1),
            ("R documentation format or manipulating add-on packages) which are not intended to be", 0, 13.1),
            ("called directly.", 0, 15.8), ("At the Windows command-line, Rterm.exe is preferred to R.", 14.9, 15.8),
            ("You need to ensure that either the environment variable TMPDIR is unset or it points to", 14.9, 13.1),
            ("a valid place to create temporary files and directories.", 0, 15.8),
            ("Most options control what happens at the beginning and at the end of an R session.", 14.9, 13.1),
            ("The startup mechanism is as follows, see also the on-line help for more information.", 0, 13.1)]
    lines(doc.new_page(), [(text, "tiro", indent, advance) for text, indent, advance in rows], x=90, y=100, size=10.9)
    joined = [" ".join(r[0] for r in rows[:3]), rows[3][0], " ".join(r[0] for r in rows[4:6]),
              " ".join(r[0] for r in rows[6:])]
    assert markdown(doc) == ["\n\n".join(joined)]


def test_contents_entries_are_each_a_paragraph_and_no_heading():
    # texinfo's contents (R's manuals, Asymptote's): entries 13 points apart are one block for MuPDF, and were
    # one paragraph ("2.1 Basic types . . . 3 2.1.1 Vectors . . . 3"), a chapter's entry a "###" heading; the
    # page number can be a line of its own
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((90, 100), "Table of Contents", fontname="tibo", fontsize=17)
    entries = [("2", "Objects", "2", 90, 14.3, "tibo"), ("2.1", "Basic types", "3", 104.9, 10.9, "tiro"),
               ("2.1.1", "Vectors", "3", 119.9, 10.9, "tiro"), ("2.2", "Attributes", "7", 104.9, 10.9, "tiro")]
    expected, y = ["## Table of Contents"], 140
    for number, title, at, x, size, font in entries:
        page.insert_text((x, y), number, fontname=font, fontsize=size)
        start = x + pymupdf.get_text_length(number + "   ", fontname=font, fontsize=size)
        right = 450 - pymupdf.get_text_length(at, fontname=font, fontsize=size)
        leader = title + " "
        while pymupdf.get_text_length(leader + ". ", fontname=font, fontsize=size) + start < right - 4:
            leader += ". "
        page.insert_text((start, y), leader, fontname=font, fontsize=size)
        page.insert_text((right, y), at, fontname=font, fontsize=size)
        expected.append(f"{number} {leader.strip()} {at}")
        y += 20 if size > 11 else 13.1
    assert markdown(doc) == ["\n\n".join(expected)]


def test_paragraph_text_that_would_start_a_markdown_block_is_escaped():
    from sources.documents.literal_emphasis import escaped_blocks as _escaped

    assert [_escaped(t) for t in ["> ## 2-tailed p-value", "- Minus", "* multiplication", "+ Plus", "# . . . 62",
                                  "===", "<div class=x>", "<script>", "<!-- note", "```"]] == [
        "\\> ## 2-tailed p-value", "\\- Minus", "\\* multiplication", "\\+ Plus", "\\# . . . 62", "\\===",
        "\\<div class=x>", "\\<script>", "\\<!-- note", "\\```"]
    # what starts no block is left as it is: a number's full stop (a numbered item found alone), inline tags,
    # an emphasis, a comparison
    assert [_escaped(t) for t in ["2. Generate WebGL output", "<var> is treated as", "*emph* here", "<= 3",
                                  "-5 degrees", "#hashtag"]] == [
        "2. Generate WebGL output", "<var> is treated as", "*emph* here", "<= 3", "-5 degrees", "#hashtag"]


def test_a_listings_trailing_comments_in_roman_stay_on_their_code_lines():
    # R-ints' sxpinfo_struct (texinfo @example, each comment's words in roman at one column): the comments were a
    # paragraph after the listing ("/* discussed above */ /* is this a numeric vector of length 1? ...") and the
    # lines beside a comment were prose, the listing cut in three
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((90, 100), "The sxpinfo header is defined as a 64-bit C structure by", fontname="tiro", fontsize=10.9)
    page.insert_text((118.8, 113.1), "#define NAMED_BITS 16", fontname="cour", fontsize=10.9)
    page.insert_text((118.8, 126.2), "struct sxpinfo_struct {", fontname="cour", fontsize=10.9)
    rows = [("SEXPTYPE type", ":", "5;", "discussed above */"), ("unsigned int obj", ":", "1;", "is this an object? */"),
            ("unsigned int gp", ":", "16;", "general purpose, see below */"), ("unsigned int debug", ":", "1;", "")]
    y = 139.3
    for code, colon, bits, comment in rows:
        page.insert_text((141.7, y), code, fontname="cour", fontsize=10.9)
        page.insert_text((141.7 + 19 * 6.54, y), colon, fontname="cour", fontsize=10.9)
        page.insert_text((141.7 + 21 * 6.54, y), bits, fontname="cour", fontsize=10.9)
        if comment:
            page.insert_text((141.7 + 25 * 6.54, y), "/*", fontname="cour", fontsize=10.9)
            page.insert_text((141.7 + 28 * 6.54, y), comment, fontname="tiro", fontsize=10.9)
        y += 13.1
    page.insert_text((118.8, y), "};", fontname="cour", fontsize=10.9)
    page.insert_text((90, y + 16), "The bits can be used for other things where this is safe.", fontname="tiro",
                     fontsize=10.9)
    assert markdown(doc) == ["The sxpinfo header is defined as a 64-bit C structure by\n\n```\n#define NAMED_BITS 16\n"
                             "struct sxpinfo_struct {\n"
                             "    SEXPTYPE type      : 5;  /* discussed above */\n"
                             "    unsigned int obj   : 1;  /* is this an object? */\n"
                             "    unsigned int gp    : 16; /* general purpose, see below */\n"
                             "    unsigned int debug : 1;\n};\n```\n\n"
                             "The bits can be used for other things where this is safe."]


def test_an_indented_first_line_ending_a_sentence_and_a_prose_ellipsis_keep_their_paragraph():
    # review of the definition-list and contents rules: a paragraph whose first line is set in 2.5 font sizes
    # (Word's half inch, an EPUB's text-indent: 2em) and ends a sentence, and a line ending "waited... I" (an
    # ellipsis and a word of roman-number letters, no contents entry), stay one paragraph each
    doc = pymupdf.open()
    rows = [("He had not slept for two days, and the road ahead of him was long, cold and hard.", 25, 12),
            ("When at last he reached the inn the lamps were lit and the yard was full of carts and", 0, 12),
            ("horses, and nobody came out to meet him at the door, so he went in alone and sat down.", 0, 30),
            ("She said she had waited for him all evening by the window, as she always had waited... I", 0, 12),
            ("know, she added, that you will not believe me, but it is true all the same, every word.", 0, 12)]
    lines(doc.new_page(), [(text, "tiro", indent, advance) for text, indent, advance in rows], size=10)
    assert markdown(doc) == [" ".join(r[0] for r in rows[:3]) + "\n\n" + " ".join(r[0] for r in rows[3:])]


def test_a_line_drawn_after_its_right_hand_neighbour_is_read_left_to_right():
    # texinfo's @deftypefun (R-exts): the flush-right category "[Function]" is drawn before the signature on its
    # baseline, and MuPDF keeps the stream's order: "[Function] void R_qsort (...)"
    doc = pymupdf.open()
    page = doc.new_page()
    y = 108
    for signature in ["void R_qsort (double *v, size_t i, size_t j)", "void R_qsort_I (double *v, int *I, int i)"]:
        page.insert_text((474, y), "[Function]", fontname="tiro", fontsize=10.9)
        page.insert_text((90, y), signature, fontname="cour", fontsize=10.9)
        y += 13.1
    page.insert_text((126, y + 4), "These routines sort v[i:j] calling the quicksort algorithm as R's sort does.",
                     fontname="tiro", fontsize=10.9)
    assert markdown(doc) == ["void R_qsort (double *v, size_t i, size_t j) [Function]\n\n"
                             "void R_qsort_I (double *v, int *I, int i) [Function]\n\n"
                             "These routines sort v[i:j] calling the quicksort algorithm as R's sort does."]


def test_the_body_size_is_where_the_words_are_not_an_index_pages_dot_leaders():
    # liboctave.pdf (texinfo): 6 pages sampled of 57, one of them its index, whose 9-point dot leaders were
    # most of the sample's characters; the body came out 9 points and every 10.9-point paragraph a heading
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    prose = ["The matrix classes share the operators below. Each returns a new", "matrix and leaves its operands as they were; the element by",
             "element forms need operands of the same size, else they raise."]
    lines(page, [(text, "tiro", 0, 13) for text in prose], size=10.9)
    lines(page, [("Unary matrix ops.", "tiro", 0, 30)], y=130, size=10.9)
    lines(page, [("Element by element ops.", "tiro", 0, 30)], y=160, size=10.9)
    index = doc.new_page(width=595, height=842)
    lines(index, [(f"{name} " + ". " * 30 + f"{12 + row}", "tiro", 0, 11)
                  for row, name in enumerate(["fill", "solve", "sum", "inverse", "transpose", "rank", "norm", "trace"] * 3)],
          size=9)
    [first, _] = markdown(doc)
    assert first == ("The matrix classes share the operators below. Each returns a new matrix and leaves its operands "
                     "as they were; the element by element forms need operands of the same size, else they raise.\n\n"
                     "Unary matrix ops.\n\nElement by element ops.")


def test_a_bitmap_fonts_unnamed_bullets_make_a_list_and_never_a_circumflex():
    # gnuplot.pdf and Asymptote's CAD.pdf: itemize bullets in a Type3 bitmap font (TS1's \textbullet, code
    # 0x88) with no ToUnicode map; MuPDF gives the code, ftfy read it as cp1252: "ˆ All evaluation ..."
    data = type3_pdf([[(84, 0x88), (94, "All evaluation uses 64-bit integer arithmetic.")],
                      [(84, 0x88), (94, "Integer overflow is detected (see overflow).")]])
    [sample, part] = list(read_document(data, "mem://doc.pdf", DocumentOptions()))  # a page's sample, then its part
    assert sample.text == "- All evaluation uses 64-bit integer arithmetic.\n- Integer overflow is detected (see overflow)."
    assert part.segments == [{"text": sample.text}]


@pytest.mark.parametrize("at", [230, 238.6])  # right after the word; a gap on, where MuPDF starts a new line
def test_a_glyph_no_map_names_inside_text_refuses_the_page_and_is_left_out_of_interleaved_text(at):
    # a footnote's dagger drawn by such a font (CAD.pdf's "Germany†", TS1 code 0x84): written, it was "„" (ftfy's
    # cp1252) or nothing; a wrong letter either way. Set apart from the word, it begins a line: no bullet
    data = type3_pdf([[(72, "Package CAD.asy")], [], [],
                      [(72, "Written by Mark Henning, Germany"), (at, 0x84), (at + 5.4, " and kept since.")]])
    [page, part] = list(read_document(data, "mem://doc.pdf", DocumentOptions()))
    assert page.reason == "filtered:unnamed_glyphs" and page.detail.startswith("1 glyphs of the text layer")
    assert part.segments == [{"text": "Package CAD.asy"}]


def test_latex_picture_fonts_draw_boxes_not_text():
    # texinfo's @cartouche: rounded corners from LaTeX's lcircle10 (codes 0x0b, 0x08): lines, no letters
    data = type3_pdf([[(70, 0x0B), (400, 0x08)], [(80, "Examples are set in a box with rounded corners.")]],
                     name="LCIRCLE10")
    [sample] = list(read_document(data, "mem://doc.pdf", DocumentOptions(interleaved=False)))
    assert sample.text == "Examples are set in a box with rounded corners."


def ruled_columns(page, x, y, widths, rows, wrapped=(), height=13):
    """LaTeX's ``|l|r|r|`` table with ``\\hline`` only above and below the header and under the last row: rules
    down every column, none between the data rows. ``wrapped``: data rows whose cells are lists of lines, set
    as a p-column wraps them (one row of the grid either way)."""
    lines_down = [(r, line) for r, row in enumerate(rows) for line in ([row] if r not in wrapped else zip(*row))]
    bottom = y + height * (len(lines_down) + 0.5)
    for top in (y, y + height + 3, bottom):
        page.draw_line((x, top), (x + sum(widths), top), width=0.4)
    for c in range(len(widths) + 1):
        page.draw_line((x + sum(widths[:c]), y), (x + sum(widths[:c]), bottom), width=0.4)
    for n, (r, line) in enumerate(lines_down):
        for c, text in enumerate(line):
            page.insert_text((x + sum(widths[:c]) + 6, y + 10 + height * n + (3 if r else 0)), text, fontsize=9,
                             fontname="helv")


def test_a_grid_ruled_only_down_its_columns_gives_a_row_a_line_where_its_cells_do_not_wrap():
    # pdfLaTeX's |l|r|r| with \hline above, under the header and at the bottom only: PyMuPDF's grid has one
    # cell a column for all data rows, written "|1 8 64|1,020 7,450 41,000|1,310 9,800 55,200|"
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    ruled_columns(page, 72, 72, [50, 60, 60], [["Batch", "GPU A", "GPU B"], ["1", "1,020", "1,310"],
                                               ["8", "7,450", "9,800"], ["64", "41,000", "55,200"]])
    # wrapped: "Linux" would not fit after "with the" (165.6 of the cell's 166-point room, 21.5 more)
    ruled_columns(page, 72, 200, [178, 178], [["Service", "Use"],
                                              [["NFS network mounted filesystem with the", "Linux kernel"],
                                               ["sharing files via Unix/Linux networks, see", "NFS-HOWTO"]]],
                  wrapped={1})
    assert markdown(doc) == ["|Batch|GPU A|GPU B|\n|---|---|---|\n|1|1,020|1,310|\n|8|7,450|9,800|\n|64|41,000|55,200|\n\n"
                             "|Service|Use|\n|---|---|\n|NFS network mounted filesystem with the Linux kernel|"
                             "sharing files via Unix/Linux networks, see NFS-HOWTO|"]


@pytest.mark.parametrize("code, shown", [(["void dot(pen p);", "x = f(secret, b)"], "void dot(pen p);\nx = f(, b)"),
                                         (["a = b", "b = c"], "a = b\nb = c")])
def test_code_read_from_its_glyphs_keeps_covered_text_out_and_spaces_between_columns(code, shown):
    # a listing line that looks spaced inside its tokens is rebuilt from its characters (listings' fixed
    # columns): the characters a redaction bar covers must stay out (the line's raw twin still holds them),
    # and glyphs each a space apart must keep those spaces ("a=b" came out when the step was the pitch)
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines(page, [("Call the routine below to draw a dot at every node", "helv", 0, 13),
                 ("of a path, as in this example:", "helv", 0, 16)] + [(text, "cour", 0, 13) for text in code] +
          [("which marks every node.", "helv", 0, 13)])
    if "secret" in code[-1]:
        left, y = 72 + 6 * code[-1].index("secret"), 72 + 13 + 16 + 13
        page.draw_rect(pymupdf.Rect(left, y - 9, left + 36, y + 3), color=(0, 0, 0), fill=(0, 0, 0))
    assert markdown(doc) == ["Call the routine below to draw a dot at every node of a path, as in this example:\n\n"
                             f"```\n{shown}\n```\n\nwhich marks every node."]


def test_a_head_row_whose_names_take_two_lines_stays_one_row():
    # a fully ruled grid whose column names are set on two lines each ("Mean" over "Error"): one name a column
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    tops = [100, 126, 140, 154]
    for top in tops:
        page.draw_line((72, top), (342, top), width=0.7)
    for c in range(4):
        page.draw_line((72 + 90 * c, 100), (72 + 90 * c, 154), width=0.7)
    rows = [[["Mean", "Error"], ["Run", "Time (s)"], ["Peak", "Memory"]], [["0.12"], ["3.4"], ["1.2 GB"]],
            [["0.08"], ["5.1"], ["2.0 GB"]]]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            for n, text in enumerate(cell):
                page.insert_text((76 + 90 * c, tops[r] + 11 + 11 * n), text, fontsize=9, fontname="hebo" if r == 0 else "helv")
    assert markdown(doc) == ["|Mean Error|Run Time (s)|Peak Memory|\n|---|---|---|\n|0.12|3.4|1.2 GB|\n|0.08|5.1|2.0 GB|"]


def test_a_lone_unnamed_glyph_before_a_line_is_no_bullet():
    # a footnote's dagger, a minus opening a wrapped line: one code at one place marks no list; the page is refused
    data = type3_pdf([[(72, "The update subtracts the step, so the new weight is w")],
                      [(72, 0x00), (80, "1 times the rate, and the loop goes on until it converges.")],
                      [], [], [], [(72, 0x84), (78, "Corresponding author: someone at example.org")]])
    [page] = list(read_document(data, "mem://doc.pdf", DocumentOptions(interleaved=False)))
    assert page.reason == "filtered:unnamed_glyphs"


def test_code_spans_that_touch_get_no_space_between_them():
    # Chromium's Python signatures: a monospaced font a span (bold name, oblique parameter, a larger bracket), the
    # spans touching but their widths a little apart, so columns counted from the margin drifted: "executescript
    # (sql_script,  /)", R-intro's "> .Last  <- function()  {"
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines(page, [("The cursor runs statements:", "helv", 0, 20)])
    for y, runs in ((92, [("executescript", "cobo", 10), ("(", "cour", 11), ("sql_script", "coit", 10), (", ", "cour", 10),
                          ("/", "coit", 10), (")", "cour", 11)]),
                    (105, [("fetchone", "cobo", 10), ("()", "cour", 11)])):
        x = 72
        for text, font, size in runs:
            page.insert_text((x, y), text, fontname=font, fontsize=size)
            x += pymupdf.get_text_length(text, font, size)
    lines(page, [("and returns rows.", "helv", 0, 13)], y=125)
    assert markdown(doc) == ["The cursor runs statements:\n\n```\nexecutescript(sql_script, /)\nfetchone()\n```\n\n"
                             "and returns rows."]


def test_a_pages_own_asterisks_and_underscores_make_no_emphasis():
    # Asymptote's manual: "returns the dot product z.x*w.x+z.y*w.y" rendered as "z.x<em>w.x+z.y</em>w.y" (the
    # asterisks gone, italics the page does not have); Octave's "MXNIT*MXNJ*MXNH" too. Every asterisk of a
    # paragraph that makes emphasis is escaped; identifiers' underscores, which make none there, stay
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines(page, [("The function dot(pair z, pair w) returns the dot product z.x*w.x+z.y*w.y; see also", "helv", 0, 14),
                 ("built_in_docstrings_file, which multiplies a * b.", "helv", 0, 28),
                 ("- the sizes MXNIT*MXNJ*MXNH of the grid", "helv", 0, 14),
                 ("- the step _dt_ of the solver", "helv", 0, 14)])
    assert markdown(doc) == ["The function dot(pair z, pair w) returns the dot product z.x\\*w.x+z.y\\*w.y; see also "
                             "built_in_docstrings_file, which multiplies a \\* b.\n\n"
                             "- the sizes MXNIT\\*MXNJ\\*MXNH of the grid\n- the step \\_dt\\_ of the solver"]


def test_a_table_cells_own_asterisks_and_underscores_make_no_emphasis():
    # a cell's text is inline markdown too: "MXNIT*MXNJ*MXNH" in a cell rendered "MXNIT<em>MXNJ</em>MXNH" (the
    # asterisks gone, italics the page does not have), in a ruled table and in one drawn without rules
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    ruled_table(page, 72, 100, [90, 120], [["Name", "Size"], ["grid", "MXNIT*MXNJ*MXNH"], ["step", "_dt_"]])
    for k, (name, value) in enumerate([("Name", "Product"), ("dot", "z.x*w.x+z.y*w.y"), ("cross", "a*b"),
                                       ("norm", "__abs__")]):
        for x, text in ((72, name), (200, value)):
            page.insert_text((x, 300 + 14 * k), text, fontname="helv", fontsize=10)
    assert markdown(doc) == ["|Name|Size|\n|---|---|\n|grid|MXNIT\\*MXNJ\\*MXNH|\n|step|\\_dt\\_|\n\n"
                             "|Name|Product|\n|---|---|\n|dot|z.x\\*w.x+z.y\\*w.y|\n|cross|a*b|\n"
                             "|norm|\\_\\_abs\\_\\_|"]


def test_a_head_whose_names_wrap_set_flush_with_its_bottom_is_one_row():
    # Salesforce's release notes (a public report against a PDF-to-markdown tool): five names over three lines,
    # each set flush with the head's bottom ("Enabled for" / "administrators" / "/developers"), were a head
    # of the top line's names and two rows of pieces ("||Enabled for|administrators|..."); the head's lines
    # are a line's pitch apart, the rows a cell's padding more
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    head = [["", "", "Enabled for", "Requires", "Contact"],
            ["", "Enabled for", "administrators", "administrator", "Salesforce to"],
            ["Feature", "users", "/developers", "setup", "enable"]]
    rows = [["Dynamic Forms", "Yes", "No", "Yes", "No"], ["Flow Builder", "No", "Yes", "Yes", "No"],
            ["Einstein Search", "Yes", "Yes", "No", "Yes"]]
    y = 120.0
    for row in head + rows:
        for x, text in zip((72, 230, 320, 420, 510), row):
            if text:
                page.insert_text((x, y), text, fontname="helv", fontsize=9)
        y += 11 if row in head else 14
    assert markdown(doc) == [
        "|Feature|Enabled for users|Enabled for administrators /developers|Requires administrator setup|"
        "Contact Salesforce to enable|\n|---|---|---|---|---|\n|Dynamic Forms|Yes|No|Yes|No|\n"
        "|Flow Builder|No|Yes|Yes|No|\n|Einstein Search|Yes|Yes|No|Yes|"]


def test_a_currency_sign_and_its_amount_under_one_name_make_no_head_across_columns():
    # Excel's accounting format: "$" flush left and the amount flush right in each cell, under "First
    # quarter": the name stood over two columns of the rows, "$" and "4,500.00", and the first data row was
    # read as names under it ("|Account Rent|First quarter $|First quarter 4,500.00|...", Rent's row gone)
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 110), "Account", fontsize=10, fontname="hebo")
    page.insert_text((200, 110), "First quarter", fontsize=10, fontname="hebo")
    page.insert_text((320, 110), "Second quarter", fontsize=10, fontname="hebo")
    y = 110
    for name, a, b in [("Rent", "4,500.00", "4,500.00"), ("Salaries", "21,340.50", "22,010.75"),
                       ("Utilities", "812.40", "977.15"), ("Travel", "1,205.00", "390.60")]:
        y += 15
        page.insert_text((72, y), name, fontsize=10, fontname="helv")
        for x, right, amount in ((200, 290, a), (320, 410, b)):
            page.insert_text((x, y), "$", fontsize=10, fontname="helv")
            page.insert_text((right - pymupdf.get_text_length(amount, "helv", 10), y), amount, fontsize=10,
                             fontname="helv")
    [text] = markdown(doc)
    assert text.startswith("|Account|First quarter|Second quarter|\n|---|---|---|\n|Rent|$ 4,500.00|$ 4,500.00|")


def test_a_rule_drawn_in_a_words_gap_is_an_underscore_and_a_forms_line_is_not():
    # texinfo's \_ outside @code: a rule .3em wide on the baseline, .07em from each letter, where the text layer
    # has no character ("[doc cache create]" for doc_cache_create); a form's line after "Signature:" and a rule
    # standing alone between two words' spaces are drawn too, and are no underscores
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    x = 72
    for word in ("See", "doc", "cache", "create"):
        page.insert_text((x, 100), word, fontname="helv", fontsize=10)
        end = x + pymupdf.get_text_length(word, "helv", 10)
        if word in ("doc", "cache"):
            page.draw_rect(pymupdf.Rect(end + 0.7, 99.55, end + 3.7, 100), color=None, fill=(0, 0, 0))
            x = end + 4.4
        else:
            x = end + 2.8
    page.insert_text((72, 130), "Signature:", fontname="helv", fontsize=10)
    page.draw_rect(pymupdf.Rect(122, 129.6, 250, 130), color=None, fill=(0, 0, 0))
    page.insert_text((72, 160), "a      b", fontname="helv", fontsize=10)
    left = 72 + pymupdf.get_text_length("a   ", "helv", 10)
    page.draw_rect(pymupdf.Rect(left, 159.6, left + 3, 160), color=None, fill=(0, 0, 0))
    # ulem's \uline: a rule under each word and one under each space, 2.5 points under the baseline
    x = 72
    for word in ("some", "words"):
        width = pymupdf.get_text_length(word, "helv", 10)
        page.insert_text((x, 190), word, fontname="helv", fontsize=10)
        page.draw_rect(pymupdf.Rect(x, 192.3, x + width, 192.7), color=None, fill=(0, 0, 0))
        page.draw_rect(pymupdf.Rect(x + width, 192.3, x + width + 3, 192.7), color=None,
                       fill=(0, 0, 0))
        x += width + 3
    assert markdown(doc) == ["See doc_cache_create\n\nSignature:\n\na      b\n\nsome words"]


def test_a_tick_labels_exponent_makes_no_heading_and_a_pages_own_tags_stay_text():
    # a review of the script tags: a figure's tick label "10" with a raised "-1", set larger than the body, was
    # a heading ("## 10<sup>-1</sup>": the tag's letters counted as the label's); a page showing "<sup>2</sup>"
    # as text was written as markup, and its grounding line had the tags taken out
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines(page, [("In HTML, write <sup>2</sup> to raise a 2, as the manual of the markup language shows.",
                  "helv", 0, 14)])
    page.insert_text((300, 300), "10", fontname="helv", fontsize=16)
    page.insert_text((300 + pymupdf.get_text_length("10", fontsize=16), 293), "-1", fontname="helv", fontsize=10)
    [sample] = read_document(doc.tobytes(), "mem://doc.pdf", DocumentOptions(interleaved=False))
    assert sample.text == ("In HTML, write \\<sup>2\\</sup> to raise a 2, as the manual of the markup language shows."
                           "\n\n10<sup>-1</sup>")
    assert sample.meta["blocks"][0]["lines"][0]["text"].startswith("In HTML, write <sup>2</sup> to raise")


def test_a_listing_line_a_drawn_rule_touches_keeps_its_columns_and_the_page_is_written():
    # Octave's manual p944-945: TeX's overfull rule drawn over a listing line's last glyph made that line one
    # rebuilt from the glyphs left (`covered_text`), whose characters are (glyph, size) pairs; the listing's
    # column placement read them as glyphs, and the page was refused as error:render:TypeError
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 72), "The call below sets the table's data from the selected point.", fontname="helv",
                     fontsize=10)
    rows = ["t = uitable (f, \"Position\", [ 0 530 1000 70 ], ...", "    \"CellSelectionCallback\", ...",
            "         @(x, y) set (b_add, y.Indices ));"]
    for k, row in enumerate(rows):  # every glyph in its own column, a little apart, as LaTeX's listings set them
        for i, ch in enumerate(row):
            if ch != " ":
                page.insert_text((72 + 6.6 * i, 100 + 12 * k), ch, fontname="cour", fontsize=10)
    end = 72 + 6.6 * len(rows[-1])
    page.draw_rect(pymupdf.Rect(end - 3, 113, end + 2, 123), color=None, fill=(0, 0, 0))
    assert markdown(doc) == ["The call below sets the table's data from the selected point.\n\n```\n"
                             + "\n".join(rows) + "\n```"]


def test_a_numbered_list_whose_markers_stand_apart_from_their_text_is_a_list_not_a_table():
    # markers set with a hanging indent, which MuPDF cuts from their items' text: two columns on every row,
    # the items' wrapped lines under their text, read as a table ("|1.|Install the package on every host|")
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Before you start, do these steps in order.", fontsize=11)
    items = [("1.", ["Install the package", "on every host"]), ("2.", ["Edit the config file", "as root"]),
             ("3.", ["Start the service"]), ("4.", ["Check the log for", "errors and warnings"])]
    y = 72
    for number, wrapped in items:
        for k, text in enumerate(wrapped):
            y += 14
            page.insert_text((86, y), text, fontsize=11)
            if k == 0:
                page.insert_text((72, y), number, fontsize=11)
    assert markdown(doc) == ["Before you start, do these steps in order.\n\n"
                             + "\n".join(f"{n} {' '.join(w)}" for n, w in items)]


def test_a_bulleted_list_whose_bullets_stand_apart_from_their_text_is_a_list_not_a_table():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "The package brings:", fontsize=11)
    items = [["a command line tool"], ["a library for", "other programs"], ["the manual pages"], ["examples"]]
    y = 72
    for wrapped in items:
        for k, text in enumerate(wrapped):
            y += 14
            page.insert_text((86, y), text, fontsize=11)
            if k == 0:
                page.insert_text((74, y), "\u2022", fontsize=11)
    assert markdown(doc) == ["The package brings:\n\n" + "\n".join(f"- {' '.join(w)}" for w in items)]


@pytest.mark.parametrize("font, code", [("Symbol", "F0B7"), ("Wingdings", "F0A7"), ("Wingdings", "F0D8"),
                                        ("ZapfDingbats", "2714")])
def test_word_bullets_of_a_symbol_font_standing_apart_from_their_text_are_a_list_not_a_table(font, code):
    # Word writes its bullets in Symbol or Wingdings, mapped by the font's ToUnicode to a private-use code
    # (U+F0B7, U+F0A7, U+F0D8) or a dingbat, a tab stop from the item's text: MuPDF cuts the marker from its
    # item, and the rows were read as a table with an empty first column ("||Bring a packed lunch|", a hunt
    # after PyMuPDF#3739) where "\u2022" apart from its text was a list (the test above)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "On the day of the walk:", fontsize=12)
    page.clean_contents()
    cmap = doc.get_new_xref()
    doc.update_object(cmap, "<< >>")
    doc.update_stream(cmap, (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def 1 "
                             b"begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <6C> <"
                             + code.encode() + b"> endbfchar endcmap CMapName currentdict /CMap defineresource "
                             b"pop end end"))
    symbols = doc.get_new_xref()
    doc.update_object(symbols, f"<< /Type /Font /Subtype /Type1 /BaseFont /{font} /ToUnicode {cmap} 0 R >>")
    doc.xref_set_key(page.xref, "Resources/Font/Sym", f"{symbols} 0 R")
    items = ["Bring a packed lunch", "Wear walking boots", "Arrive by nine"]
    ops = b"".join(b"BT /Sym 9 Tf 80 %d Td (l) Tj ET BT /helv 12 Tf 100 %d Td (%s) Tj ET "
                   % (700 - 20 * i, 700 - 20 * i, text.encode()) for i, text in enumerate(items))
    _drawn_after(doc, page, ops)
    doc = pymupdf.open("pdf", doc.tobytes())
    if code == "2714":  # a check mark says something: it stays, before its text (a paragraph each, not a list)
        assert markdown(doc) == ["On the day of the walk:\n\n" + "\n\n".join(f"\u2714 {text}" for text in items)]
    else:
        assert markdown(doc) == ["On the day of the walk:\n\n" + "\n".join(f"- {text}" for text in items)]


def _drawn_after(doc, page, ops: bytes) -> None:
    """``ops`` (raw content-stream operators) appended to ``page``'s contents (made one stream first)."""
    contents = page.get_contents()[0]
    doc.update_stream(contents, doc.xref_stream(contents) + b"\n" + ops)


def _with_zapf_dingbats(doc, page, ops: bytes) -> bytes:
    """``page`` with ZapfDingbats (a standard font: not embedded, no ToUnicode) as /ZaDb and ``ops`` drawn."""
    page.clean_contents()
    font = doc.get_new_xref()
    doc.update_object(font, "<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>")
    doc.xref_set_key(page.xref, "Resources/Font/ZaDb", f"{font} 0 R")
    _drawn_after(doc, page, ops)
    return doc.tobytes()


def test_zapf_dingbats_bullets_and_check_marks_are_the_symbols_the_page_shows():
    # ZapfDingbats' glyph names (a71...) are none Unicode's glyph list knows: MuPDF's text layer gave a stand-in,
    # the bullet "l" (a black circle) as "G", and the list was written "|G|Bring a packed lunch|"; the check
    # mark "4" and the cross "8" as control codes, and the page was refused (a hunt after PyMuPDF#3739)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "On the day of the walk:", fontsize=12)
    items = ["Bring a packed lunch", "Wear walking boots", "Arrive by nine"]
    ops = b"".join(b"BT /ZaDb 8 Tf 80 %d Td (l) Tj ET BT /helv 12 Tf 100 %d Td (%s) Tj ET "
                   % (700 - 20 * i, 700 - 20 * i, text.encode()) for i, text in enumerate(items))
    ops += (b"BT /helv 12 Tf 72 600 Td (Checked by the warden:) Tj ET BT /ZaDb 12 Tf 72 560 Td (4) Tj ET "
            b"BT /helv 12 Tf 90 560 Td (Fire exits checked) Tj ET")
    pdf = pymupdf.open("pdf", _with_zapf_dingbats(doc, page, ops))
    assert markdown(pdf) == ["On the day of the walk:\n\n" + "\n".join(f"- {text}" for text in items)
                             + "\n\nChecked by the warden:\n\n- \u2714 Fire exits checked"]


def test_zapf_dingbats_check_marks_in_a_ruled_tables_cells_are_the_marks_shown():
    # a table's cells read their own characters (`table_chars`, the table's rawdict): the stand-ins refused the
    # page as unnamed glyphs, and a bullet's "G" would have been written
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "The warden's checks this week:", fontsize=12)
    rows = [("Check", b"(Done)"), ("Fire exits", b"4"), ("Alarm", b"8"), ("Lights", b"4")]
    for i in range(len(rows) + 1):
        page.draw_line((72, 100 + 20 * i), (372, 100 + 20 * i))
    for x in (72, 222, 372):
        page.draw_line((x, 100), (x, 100 + 20 * len(rows)))
    ops = b""
    for i, (name, mark) in enumerate(rows):
        y = int(page.rect.height) - (114 + 20 * i)
        ops += b"BT /helv 11 Tf 78 %d Td (%s) Tj ET " % (y, name.encode())
        ops += b"BT /helv 11 Tf 228 %d Td %s Tj ET " % (y, mark) if i == 0 else \
            b"BT /ZaDb 11 Tf 228 %d Td (%s) Tj ET " % (y, mark)
    pdf = pymupdf.open("pdf", _with_zapf_dingbats(doc, page, ops))
    assert markdown(pdf) == ["### The warden's checks this week:\n\n|Check|Done|\n|---|---|\n|Fire exits|\u2714|\n"
                             "|Alarm|\u2718|\n|Lights|\u2714|"]


def test_a_checked_form_box_is_its_tick_not_the_code_of_its_appearance():
    # PyMuPDF (as most PDF writers) draws a checked box's appearance with ZapfDingbats' "3" (a19, a tick):
    # the page showed "Approved: \u2713" and its target said "Approved: 3" (pdf.js #5251)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "The committee's decision on the library wing.", fontsize=12)
    page.insert_text((72, 120), "Approved:", fontname="helv", fontsize=12)
    box = pymupdf.Widget()
    box.field_type, box.field_name = pymupdf.PDF_WIDGET_TYPE_CHECKBOX, "approved"
    box.rect, box.field_value = pymupdf.Rect(140, 108, 154, 122), True
    page.add_widget(box)
    pdf = pymupdf.open("pdf", doc.tobytes())
    assert markdown(pdf) == ["The committee's decision on the library wing.\n\nApproved: \u2713"]


def test_a_radio_buttons_dot_is_the_fields_state_not_a_list_bullet():
    # a chosen radio button's dot (PyMuPDF draws it as a filled circle, Acrobat sets ZapfDingbats' "l") stands
    # just left of its option's label, as a drawn bullet does: "Ticket type:\n\n- Single Return" was written
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "The committee's decision on the library wing.", fontsize=12)
    page.insert_text((72, 200), "Ticket type:", fontname="helv", fontsize=12)
    for i, (name, chosen) in enumerate([("Single", True), ("Return", False)]):
        radio = pymupdf.Widget()
        radio.field_type, radio.field_name = pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON, "ticket"
        radio.rect, radio.field_value = pymupdf.Rect(180 + 110 * i, 188, 194 + 110 * i, 202), chosen
        page.add_widget(radio)
        page.insert_text((200 + 110 * i, 200), name, fontname="helv", fontsize=12)
    drawn = pymupdf.open("pdf", doc.tobytes())
    expected = ["The committee's decision on the library wing.\n\nTicket type: Single Return"]
    assert markdown(drawn) == expected
    on = int(drawn.xref_get_key(drawn[0].first_widget.xref, "AP/N/True")[1].split()[0])
    font = drawn.get_new_xref()
    drawn.update_object(font, "<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>")
    drawn.update_object(on, f"<< /Type /XObject /Subtype /Form /BBox [0 0 14 14] /Resources << /Font << /ZaDb {font}"
                            " 0 R >> >> >>")
    drawn.update_stream(on, b"q BT 0 g /ZaDb 10 Tf 2.5 3.5 Td (l) Tj ET Q")
    assert markdown(pymupdf.open("pdf", drawn.tobytes())) == expected


def test_a_line_whose_glyphs_are_drawn_right_to_left_reads_as_the_page_shows_it():
    # a generator drew each glyph on its own, last first: MuPDF starts a new line at each glyph left of the
    # one before, and the row was written a line a letter, "R e v e r s e d" (a hunt after PyMuPDF#288)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "The committee met on Tuesday to review the annual budget.", fontsize=12)
    sentence, x, placed = "Letters drawn in any order still read as one line.", 72.0, []
    for ch in sentence:
        placed.append((x, ch))
        x += pymupdf.get_text_length(ch, "helv", 12)
    for x, ch in reversed(placed):  # the spaces are where nothing is drawn
        if ch != " ":
            page.insert_text((x, 100), ch, fontname="helv", fontsize=12)
    assert markdown(doc) == ["The committee met on Tuesday to review the annual budget.\n\n" + sentence]


def _with_ops(ops: bytes, shading: bool = False) -> pymupdf.Document:
    """A page of one sentence with ``ops`` drawn after it (``shading``: a red-to-blue gradient as /Sh1)."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "The committee met on Tuesday to review the annual budget.", fontsize=12)
    page.clean_contents()
    if shading:
        sh = doc.get_new_xref()
        doc.update_object(sh, "<< /ShadingType 2 /ColorSpace /DeviceRGB /Coords [72 0 400 0] /Function << "
                              "/FunctionType 2 /Domain [0 1] /C0 [0.8 0 0] /C1 [0 0 0.8] /N 1 >> /Extend [true true] >>")
        doc.xref_set_key(page.xref, "Resources/Shading", f"<< /Sh1 {sh} 0 R >>")
    _drawn_after(doc, page, ops)
    return pymupdf.open("pdf", doc.tobytes())


def test_text_set_as_a_clip_and_painted_through_is_written_and_unpainted_text_is_not():
    # a gradient title (render mode 7, then a shading through it) and a knockout word (mode 7, then a fill):
    # MuPDF gives both opacity 0, as it gives invisible text, and the title was left out (a hunt after
    # SerenityOS#26972, PeachPDF#1117); text only clipped (nothing painted), the invisible mode 3 even over a
    # dark box, and the clip copy of text filled and clipped (mode 4) once
    first = "The committee met on Tuesday to review the annual budget."
    font = b"/helv"  # the font insert_text put in the page's resources
    cases = [(b"q BT %s 24 Tf 7 Tr 72 400 Td (Gradient Title) Tj ET /Sh1 sh Q", True, "# Gradient Title"),
             (b"q BT %s 24 Tf 7 Tr 72 400 Td (KNOCKOUT) Tj ET 0 0 1 rg 60 370 300 40 re f Q", False, "# KNOCKOUT"),
             (b"q BT %s 24 Tf 7 Tr 72 400 Td (Only a clip) Tj ET Q", False, None),
             (b"q 0 0 0 rg 60 370 300 40 re f BT %s 24 Tf 3 Tr 72 400 Td (Hidden layer) Tj ET Q", False, None),
             (b"q BT %s 24 Tf 4 Tr 72 400 Td (Filled and clipped) Tj ET Q", False, "# Filled and clipped")]
    for ops, shading, shown in cases:
        doc = _with_ops(ops % font, shading)
        assert markdown(doc) == [first + (f"\n\n{shown}" if shown else "")], ops % font


def test_mirrored_text_is_no_text_and_text_turned_upside_down_reads_as_drawn():
    # a line set mirrored (text matrix -1 0 0 1) went to OCR by its mismatch with the page and "OUITIAW AOAAIM"
    # was written (a hunt after pdf.js#8940); a line turned upside down (-1 0 0 -1) is text, in its own order
    # (the rule reading glyphs drawn out of order left to right had turned it into "NWOD EDISPU")
    first = "The committee met on Tuesday to review the annual budget."
    mirrored = _with_ops(b"BT /helv 14 Tf -1 0 0 1 400 400 Tm (MIRROR WRITING) Tj ET")
    assert markdown(mirrored) == [first]
    turned = _with_ops(b"BT /helv 14 Tf -1 0 0 -1 400 400 Tm (UPSIDE DOWN) Tj ET")
    assert markdown(turned) == [first + "\n\nUPSIDE DOWN"]
    # a title with its reflection under it (flipped top to bottom, 1 0 0 -1): the title once, not twice
    reflected = _with_ops(b"BT /helv 24 Tf 72 500 Td (Harbour Days) Tj ET BT /helv 24 Tf 1 0 0 -1 72 490 Tm "
                          b"(Harbour Days) Tj ET")
    assert markdown(reflected) == [first + "\n\n# Harbour Days"]


def test_text_squeezed_or_stretched_past_reading_is_no_text_and_tight_or_wide_text_stays():
    # a sentence at 3 Tz is a grey smudge on the page and was written "Squezed sentence nobody can read on the
    # page"; at 2000 Tz four letters, each a bar, stand before the page's edge ("# Sque" was written); flattened
    # by its text matrix (1 0 0 0.03) it is a line. Text at 30 Tz and 300 Tz is read on the page, and so is a
    # display line tracked tight (-6 Tc at 36 points: its letters touch)
    first = "The committee met on Tuesday to review the annual budget."
    for ops in (b"3 Tz 72 400 Td", b"2000 Tz 72 400 Td", b"1 0 0 0.03 72 400 Tm"):
        doc = _with_ops(b"BT /helv 12 Tf %s (Squeezed sentence nobody can read on the page) Tj ET" % ops)
        assert markdown(doc) == [first], ops
    squeezed = _with_ops(b"BT /helv 12 Tf 30 Tz 72 400 Td (Scaled but read) Tj ET")
    assert markdown(squeezed) == [first + "\n\nScaled but read"]
    # (how wide text ranks as a heading is not judged here: MuPDF's size for it is the mean of both scales)
    [wide] = markdown(_with_ops(b"BT /helv 12 Tf 300 Tz 72 400 Td (Scaled but read) Tj ET"))
    assert wide.startswith(first + "\n\n") and wide.endswith(" Scaled but read")
    tight = _with_ops(b"BT /helv 36 Tf -6 Tc 72 400 Td (Committee Meeting Sessions) Tj ET")
    assert markdown(tight) == [first + "\n\n# Committee Meeting Sessions"]


def test_verse_whose_indented_lines_start_where_words_of_the_others_do_is_no_table():
    # lines that start inside others (every other line indented) with words of the others starting there
    # too: no column the rows are cut at, prose as it stands (`column_cuts` cuts only where rows start a column)
    doc = pymupdf.open()
    page = doc.new_page()
    verse = ["Tyger Tyger, burning bright,", "In the forests of the night;", "What immortal hand or eye,",
             "Could frame thy fearful symmetry?", "In what distant deeps or skies.", "Burnt the fire of thine eyes?"]
    for k, text in enumerate(verse):
        page.insert_text((72 + 30 * (k % 2), 72 + 14 * k), text, fontsize=11)
    [text] = markdown(doc)
    # and its lines are kept, a line a row (`verse`): MuPDF's blocks of two lines, an indented one over one at
    # the left edge, were a paragraph's first line and its next ("... symmetry? In what distant deeps or skies.")
    assert text == "\n".join(verse)


@pytest.mark.parametrize("flags", [0, 4, 8])
def test_a_cut_measures_each_character_where_text_length_puts_it(flags):
    # `column_cuts` sums the advances once along a span: each place must be where measuring the prefix puts it
    from sources.documents.column_cuts import char_places

    text = "Level Value Meaning \u00e9\u2192\u00fc \u6f22\u5b57 WARNING 30"
    span = {"text": text, "bbox": (70.0, 0.0, 301.25, 12.0), "size": 9.5, "flags": flags}
    font = pymupdf.Font("cour" if flags & 8 else "tiro" if flags & 4 else "helv")
    widths = [font.text_length(text[:i], fontsize=9.5) for i in range(len(text) + 1)]
    scale = (301.25 - 70.0) / widths[-1]
    assert char_places(span) == [70.0 + w * scale for w in widths]
    assert char_places({**span, "text": ""}) == [70.0]


def test_numbered_section_titles_bold_or_italic_are_headings_and_bold_numbered_steps_stay_a_list():
    # elsarticle sets "1. Introduction" in bold at the body size over regular text: it was a one-item numbered list
    prose = ("Grain silos hold the harvest through the winter months, and every farm in the valley keeps two of them"
             " or more, checked for damp every week by the cooperative's inspector before the frost.")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 72), "1. Introduction", fontname="hebo", fontsize=10)
    page.insert_textbox(pymupdf.Rect(72, 84, 520, 140), prose, fontname="helv", fontsize=10)
    page.insert_text((72, 170), "2. Method", fontname="hebo", fontsize=10)
    page.insert_textbox(pymupdf.Rect(72, 182, 520, 240), prose, fontname="helv", fontsize=10)
    # and "2.1. Drying" in italic: a paragraph of its own; an italic measure so numbered stays text
    page.insert_text((72, 230), "2.1. Drying", fontname="heit", fontsize=10)
    page.insert_textbox(pymupdf.Rect(72, 242, 520, 300), prose, fontname="helv", fontsize=10)
    page.insert_text((72, 290), "2.2 kg of grain per sack", fontname="heit", fontsize=10)
    page.insert_textbox(pymupdf.Rect(72, 302, 520, 360), prose, fontname="helv", fontsize=10)
    y = lines(page, [("1. Unlock the silo", "hebo", 0, 24), ("2. Open the hatch", "hebo", 0, 24)], y=400)
    page.insert_textbox(pymupdf.Rect(72, y, 520, y + 60), prose, fontname="helv", fontsize=10)
    [text] = markdown(doc)
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "**1. Introduction**" and paragraphs[2] == "**2. Method**"
    assert paragraphs[4] == "*2.1. Drying*" and paragraphs[6] == "2.2 kg of grain per sack"
    assert paragraphs[8:10] == ["1. Unlock the silo", "2. Open the hatch"]  # each beside another numbered item


def test_an_italic_running_head_with_a_section_number_is_no_subsection_title():
    # a book's running head in italic, the section at the text's left edge and the chapter at its right, is one
    # row of two pieces far apart: it was made the heading "*1.2. INSTALLATION AND USAGE CHAPTER 1. ...*"
    prose = ("Grain silos hold the harvest through the winter months, and every farm in the valley keeps two of them"
             " or more, checked for damp every week by the cooperative's inspector before the frost.")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((125, 104), "1.2. INSTALLATION AND USAGE", fontname="heit", fontsize=10)
    page.insert_text((325, 104), "CHAPTER 1. GETTING STARTED", fontname="heit", fontsize=10)
    page.insert_textbox(pymupdf.Rect(125, 130, 470, 200), prose, fontname="helv", fontsize=10)
    [text] = markdown(doc)
    assert text.split("\n\n") == ["1.2. INSTALLATION AND USAGE CHAPTER 1. GETTING STARTED",
                                  prose]


def test_an_authors_name_over_their_town_at_a_titles_size_is_not_joined_as_a_wrapped_title():
    # xgreek's title page (XeLaTeX): the author's name and town centred, 1.5 body sizes, MuPDF a block a row; at a
    # title's size they were joined as a title TeX wrapped ("## Apostolos Syropoulos Xanthi, Greece"), though the
    # name leaves the page's measure room for the town's first word: rows its author broke
    from sources.documents.heading_rows import wrapped_headings
    from sources.documents.text_layer import line_text

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    for y, text, size in [(100, "The Orchards of the River Valley", 20), (140, "Jane Doe", 15),
                          (163.5, "Hilltown, Greece", 15)]:  # centred, 23.5 points apart (MuPDF: two blocks)
        page.insert_text(((612 - pymupdf.get_text_length(text, "tiro", size)) / 2, y), text, fontname="tiro",
                         fontsize=size)
    page.insert_textbox(pymupdf.Rect(72, 200, 540, 400), "The orchard keeps its trees in rows on the hill above the "
                        "river, and the rows run down to the water where the boats are tied. " * 3, fontname="tiro",
                        fontsize=10)
    blocks = wrapped_headings(page.get_text("dict"), 10.0)["blocks"]
    assert [[line_text(ln) for ln in block["lines"]] for block in blocks[:3]] == [
        ["The Orchards of the River Valley"], ["Jane Doe"], ["Hilltown, Greece"]]


def test_centred_author_lines_at_a_headings_size_are_no_verse():
    # gfsporson's title page (XeLaTeX): the author, institution and address centred at 1.2 body sizes, MuPDF a block
    # of two rows each; centred rows are verse at the text's size, and these were written as plain lines, no longer
    # the headings a line each that a title page's authors are ("### Antonis Tsolomitis")
    from sources.documents.verse import verse_joined

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    rows = ["Antonis Tsolomitis", "Laboratory of Digital Typography", "and Mathematical Software",
            "Department of Mathematics", "University of the Aegean"]
    for k, row in enumerate(rows):
        page.insert_text(((612 - pymupdf.get_text_length(row, "tiro", 12.4)) / 2, 140 + 14 * k), row,
                         fontname="tiro", fontsize=12.4)
        if k % 2:  # text drawn elsewhere after each pair: MuPDF starts a block after it, as XeTeX's output made it
            page.insert_textbox(pymupdf.Rect(72, 260 + 60 * k, 540, 320 + 60 * k),
                                "The orchard keeps its trees in rows. " * 8, fontname="tiro", fontsize=10)
    text = page.get_text("dict")
    text["blocks"].sort(key=lambda block: block["bbox"][1])  # reading order
    assert [(block.get("verse", False), len(block["lines"])) for block in verse_joined(text, 10.0)["blocks"]] == [
        (False, 2), (False, 2), (False, 1), (False, 3), (False, 3)]


def test_an_html_pages_closing_hash_its_backslash_before_a_tag_and_a_tag_across_runs_read_as_shown():
    # a heading "Learn C #" was "## Learn C #", which CommonMark reads as "Learn C" (a closing sequence); a
    # page's "\<b>" was written "\<b>" (read "<b>": the page's backslash hid the tag from the escape); a "<"
    # in one run and "b>" in the next (bold) was each run's text alone, no tag in either, and written bare
    html = ("<html><body><h2>Learn C #</h2><p>Type \\&lt;b&gt; to show the tag and its backslash, as the page "
            "about markup shows it here.</p><p>A tag split over runs: &lt;<b>b&gt;</b> opens bold text in HTML "
            "pages.</p></body></html>")
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == ("## Learn C \\#\n\nType \\\\\\<b> to show the tag and its backslash, as the page about "
                           "markup shows it here.\n\nA tag split over runs: \\<b> opens bold text in HTML pages.")


def test_an_html_pages_tag_between_its_own_backticks_reads_as_shown():
    # (review) "`<b>`" on a page about markdown: the backticks hid the tag from the check that escapes a "<", then
    # `literal` escaped them as the page's own, and the target "\`<b>\`" read a bold tag, the "<b>" gone
    html = ("<html><body><h2>Markdown code</h2><p>Wrap a tag in backticks, as in `&lt;b&gt;`, and markdown shows it "
            "as code rather than making the rest bold.</p></body></html>")
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == ("## Markdown code\n\nWrap a tag in backticks, as in \\`\\<b>\\`, and markdown shows it "
                           "as code rather than making the rest bold.")


def test_an_html_pages_tag_across_two_lines_reads_as_shown():
    # (review) a tag the page's text wraps across lines ("<img src=... alt=" at a line's end, the rest on the next)
    # opened none in either line alone, so no "<" was escaped; the paragraph's lines joined, CommonMark read the
    # tag as HTML and the target lost it
    html = ("<html><body><h2>Images</h2><p>To show a picture, write &lt;img src=\"harbour.jpg\" alt=\"The harbour at "
            "dawn, seen from the lighthouse\"&gt; where the picture should stand in the page.</p></body></html>")
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == ("## Images\n\nTo show a picture, write \\<img src=\"harbour.jpg\" alt=\"The harbour at "
                           "dawn, seen from the lighthouse\"> where the picture should stand in the page.")


_CONTENTS = [("Introduction", "1"), ("Getting started", "7"), ("Installing the tools", "12"), ("Configuration", "25")]


@pytest.mark.parametrize("css, entry", [
    (".entry{display:flex;justify-content:space-between;margin:0 0 8px}.dots{flex:1;border-bottom:1px dotted}",
     "<div class='entry'><span>{}</span><span class='dots'></span><span>{}</span></div>"),
    ("", "<div style='display:flex;justify-content:space-between;margin-bottom:8px'><span>{}</span><span>{}</span>"
         "</div>"),
    # (an important flex display: a block set plainly after it lost to it)
    (".entry{display:flex !important;gap:1em;margin:0 0 8px}",
     "<div class='entry'><span>{}</span><span>{}</span></div>"),
    # no gap and no spread: the leader item grows and holds them apart, or the page's auto margin does. MuPDF
    # read "Introduction1" (`flex_layout._growing`)
    (".entry{display:flex;margin:0 0 8px}.dots{flex:1;border-bottom:1px dotted}",
     "<div class='entry'><span>{}</span><span class='dots'></span><span>{}</span></div>"),
    ("", "<div style='display:flex;margin-bottom:8px'><span>{}</span><span style='flex-grow:1;background:"
         "radial-gradient(circle,#000 1px,transparent 1.5px) bottom/6px 4px repeat-x'></span><span>{}</span></div>"),
    ("", "<div style='display:flex;margin-bottom:8px'><span>{}</span><span style='margin-left:auto'>{}</span>"
         "</div>"),
    # the page pushed right by the margin shorthand, or the leader a basis alone that grows by 1 ("1 1 4em")
    (".entry{display:flex;margin:0 0 8px}.page{margin:0 0 0 auto}",
     "<div class='entry'><span>{}</span><span class='page'>{}</span></div>"),
    (".entry{display:flex;margin:0 0 8px}.dots{flex:4em;border-bottom:1px dotted}",
     "<div class='entry'><span>{}</span><span class='dots'></span><span>{}</span></div>"),
    # the row set by its style attribute, its leader grown by the sheet: "Introduction1"
    (".dots{flex:1;border-bottom:1px dotted}",
     "<div style='display:flex;margin-bottom:8px'><span>{}</span><span class='dots'></span><span>{}</span></div>")])
def test_an_html_contents_page_set_in_flex_rows_reads_each_title_apart_from_its_page(css, entry):
    # a contents page as a browser sets it: one flex row per entry, the title left, its page right (dot leaders
    # a border between). MuPDF's layout knows no flex and set every row inline, one run of text on the page and
    # in its target: "Introduction1Getting started7Installing the tools12Configuration25"
    body = "".join(entry.format(title, page) for title, page in _CONTENTS)
    html = f"<html><head><style>{css}</style></head><body><h1>Contents</h1>{body}</body></html>"
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == ("# Contents\n\nIntroduction 1\n\nGetting started 7\n\nInstalling the tools 12\n\n"
                           "Configuration 25")



@pytest.mark.parametrize("css, body", [
    # a web page's contents list, each item a flex row spread by the browser, no margin between rows
    ("ul{list-style:none} li{display:flex;justify-content:space-between}",
     "<ul>" + "".join(f"<li><a href='#'>{title}</a><span>{page}</span></li>" for title, page in _CONTENTS) + "</ul>"),
    # flex rows whose leader grows between title and page, set close
    (".entry{display:flex}.dots{flex:1;border-bottom:1px dotted}",
     "".join(f"<div class='entry'><span>{title}</span><span class='dots'></span><span>{page}</span></div>"
             for title, page in _CONTENTS))])
def test_an_html_contents_page_set_in_close_flex_rows_reads_an_entry_a_line(css, body):
    # the rows apart ("Introduction 1"), MuPDF set them a line each in one block with no gap to part them: the page
    # was one paragraph, "Introduction 1 Getting started 7 Installing the tools 12 Configuration 25"
    html = f"<html><head><style>{css}</style></head><body><h1>Contents</h1>{body}</body></html>"
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == ("# Contents\n\nIntroduction 1\n\nGetting started 7\n\nInstalling the tools 12\n\n"
                           "Configuration 25")

@pytest.mark.parametrize("listing", [
    "def area(w, h):\n    if w < 0:\n        raise ValueError(w)\n    return w * h",
    # a JSON document: its braces and brackets, its keys' lines no code's on their own
    '{\n  "name": "vlbuild",\n  "tags": ["data", "vision"],\n  "size": 3\n}'])
def test_an_html_listing_kept_by_pre_wrap_in_a_proportional_font_is_fenced_with_its_indentation(listing):
    # MuPDF lays a `white-space: pre-wrap` <div> out as a browser does, its leading spaces written into the text
    # layer; in the page's proportional font its lines were joined as one paragraph ("def area(w, h): if w < 0:
    # raise ValueError(w) return w * h"), code whose indentation is its meaning
    html = (f"<html><body><p>The function:</p><div style='white-space:pre-wrap'>{listing}</div><p>Call it twice.</p>"
            "</body></html>")
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == f"The function:\n\n```\n{listing}\n```\n\nCall it twice."



@pytest.mark.parametrize("kept, text", [
    # a poem's indented lines, its asides in brackets and its clauses ending in ";"
    ("The road goes on (and on);\n    the night is long;\nI walk (alone) beside the sea,\n    and sing my song.",
     "The road goes on (and on); the night is long; I walk (alone) beside the sea, and sing my song."),
    # a chat log, its replies indented, its smileys brackets
    ("alice: hi (anyone here?)\n  bob: yes :)\n  carol: what is up?\nalice: the build broke =(",
     "alice: hi (anyone here?) bob: yes :) carol: what is up? alice: the build broke =(")])
def test_html_prose_kept_by_pre_wrap_with_brackets_and_indented_lines_is_no_listing(kept, text):
    # a bracket or a ";" is no code's mark in prose: taken for one (`code_blocks._kept_listing`), a poem and a chat
    # set `white-space: pre-wrap` in a proportional font were fenced as code
    html = f"<html><body><div style='white-space:pre-wrap'>{kept}</div></body></html>"
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == text

def test_an_html_list_set_as_a_flex_column_in_its_style_keeps_its_items():
    # a flex column's items are blocks, but a list item stays a list item (CSS blockifies `list-item` as itself):
    # set as a plain block by the ``style`` rewrite, MuPDF ran the steps into one line, "Open the lid. Pour the water."
    html = ("<html><body><ol style='display:flex;flex-direction:column'><li>Open the lid.</li><li>Pour the water."
            "</li></ol></body></html>")
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == "1. Open the lid.\n2. Pour the water."


_INVOICE = [("Item", "Qty", "Price"), ("Widget", "2", "4.00"), ("Gadget large", "1", "19.50"), ("Cable", "3", "1.20")]


@pytest.mark.parametrize("style, grid", [
    (".inv{display:grid;grid-template-columns:3fr 1fr 1fr}", "<div class=inv>"),
    ("", "<div style='display:grid;grid-template-columns:[name] 2fr repeat(2, minmax(3em, 1fr)) [end]'>"),
    ("@media screen { div.inv{display:grid;grid-template-columns:60% 20% 20%} }", "<div class='inv wide'>"),
    # a grid guarded by a feature query over a fallback for browsers without one (its cells inline, a run)
    (".inv div{display:inline} @supports (display: grid) { .inv{display:grid;grid-template-columns:3fr 1fr 1fr} "
     ".inv div{display:block} }", "<div class=inv>"),
    # the cascade ranks rules by their selectors' weight before their order: "#bill" sets the grid over a later
    # "div{display:block}" (read in order alone, the later rule won and the invoice was one run), and an element's
    # own style outweighs any selector, an id and a class too
    ("#bill{display:grid;grid-template-columns:3fr 1fr 1fr} div{display:block}", "<div id=bill>"),
    ("#bill.inv{display:block}", "<div id=bill class=inv style='display:grid;grid-template-columns:3fr 1fr 1fr'>")])
def test_a_css_grid_of_known_columns_is_a_table_of_its_cells(style, grid):
    # MuPDF knows no grid: an invoice set as one, its cells set a space apart as blocks (`flex_layout`), read as one
    # paragraph, "Item Qty Price Widget 2 4.00 Gadget large 1 19.50 Cable 3 1.20". A browser sets the cells in rows
    # of the template's columns, lined up: a table (`grid_tables`)
    cells = "".join(f"<div>{cell}</div>" for row in _INVOICE for cell in row)
    html = f"<html><head><style>{style}</style></head><body><h2>Invoice</h2>{grid}{cells}</div></body></html>"
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    rows = ["|" + "|".join(row) + "|" for row in _INVOICE]
    assert sample.text == "## Invoice\n\n" + "\n".join(rows[:1] + ["|---|---|---|"] + rows[1:])


@pytest.mark.parametrize("extra", ["<input type=hidden name=token value=abc>", "<script>var x = 1;</script>",
                                   "<div hidden>Note</div>", "<div style='display:none'>Note</div>",
                                   "<div class=gone>Note</div>"])
def test_a_grids_child_a_browser_renders_not_is_no_cell(extra):
    # a hidden input, a script, an element hidden or set display:none is no grid item: counted as a cell, it moved
    # every cell after it a column on, "Item Qty Widget" and "2 Cable 3"
    cells = "".join(f"<div>{c}</div>" for c in ("Item", "Qty", "Widget", "2", "Cable", "3"))
    html = ("<html><head><style>.g{display:grid;grid-template-columns:1fr 1fr} .gone{display:none}</style></head>"
            f"<body><div class=g>{extra}{cells}</div></body></html>")
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == "|Item|Qty|\n|---|---|\n|Widget|2|\n|Cable|3|"


_PROSE = "A paragraph of prose that runs on for a while, as the body of a page does."


@pytest.mark.parametrize("style, body, text", [
    # a page's layout: header and footer span the columns by a rule of the sheet, nav and main side by side
    (".page{display:grid;grid-template-columns:12em 1fr;gap:2em} .head,.foot{grid-column:1 / -1}",
     "<div class=page><header class=head><h1>Field notes</h1></header><nav><p>Home</p><p>Archive</p></nav>"
     f"<main><h2>Spring</h2><p>{_PROSE}</p></main><footer class=foot><p>Written in May.</p></footer></div>",
     f"# Field notes\n\nHome\n\nArchive\n\n## Spring\n\n{_PROSE}\n\nWritten in May."),
    # two columns of prose
    (".cols{display:grid;grid-template-columns:1fr 1fr;gap:2em}",
     "<div class=cols>" + "".join(f"<div><p>{_PROSE} {n}</p></div>" for n in ("One.", "Two.", "Three.", "Four."))
     + "</div>", "\n\n".join(f"{_PROSE} {n}" for n in ("One.", "Two.", "Three.", "Four.")))])
def test_a_grid_that_lays_a_page_out_is_no_table(style, body, text):
    # a grid of known columns whose items are blocks of prose (or that a sheet's rule spans across columns) lays
    # the page out; set as a table, its footer stood beside the main text and was read before it, and two columns
    # of paragraphs were read column by column ("One. Three. Two. Four.")
    html = f"<html><head><style>{style}</style></head><body>{body}</body></html>"
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == text


_PEOPLE = [("Alice Smith", "Engineer"), ("Bob Jones", "Designer"), ("Carol White", "Manager"), ("Dan Brown", "Analyst")]


@pytest.mark.parametrize("frame", ["<div class=card>{}</div>", "<div class=card><div>{}</div></div>"])
def test_a_grid_of_framed_label_value_cards_is_a_table_a_card(frame):
    # each card a grid of labels and values, framed by a <div> (or two) that draws its border, the frames the items
    # of the page's grid: taken for blocks of the page's layout (an item holding a <div>), the grid was set as
    # blocks and each card read as one paragraph, "Name Alice Smith Role Engineer" (`grid_tables._card`)
    style = (".cards{display:grid;grid-template-columns:1fr 1fr;gap:24px} .card{border:1px solid #ccc;padding:8px}"
             " .kv{display:grid;grid-template-columns:5em 1fr}")
    cards = "".join(frame.format(f"<div class=kv><span>Name</span><span>{name}</span><span>Role</span>"
                                 f"<span>{role}</span></div>") for name, role in _PEOPLE)
    html = f"<html><head><style>{style}</style></head><body><h2>Staff</h2><div class=cards>{cards}</div></body></html>"
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == "\n\n".join(["## Staff"] + [f"|||\n|---|---|\n|Name|{name}|\n|Role|{role}|"
                                                       for name, role in _PEOPLE])


@pytest.mark.parametrize("tracks", ["repeat(4, 250px)", "2in 3in 2in 2in", "10em 10em 10em 1fr"])
def test_a_grid_fixed_wider_than_the_page_keeps_all_its_columns(tracks):
    # a bill's grid of four tracks fixed wider than the page (A5, 420 points): its table's cells, given those
    # widths, ran past the page's edge, and its last columns were lost, "|Item|Qty|" over "|Widget|2|", or the
    # page refused as cut (`grid_tables._fits`: a browser scrolls to them; laid out by its content, all fit)
    cells = ["Item", "Qty", "Price", "Total", "Widget", "2", "3.00", "6.00", "Cable", "1", "4.50", "4.50"]
    grid = "<div class=g>" + "".join(f"<span>{cell}</span>" for cell in cells) + "</div>"
    html = (f"<html><head><style>.g{{display:grid;grid-template-columns:{tracks}}}</style></head><body><h2>Bill</h2>"
            f"{grid}</body></html>")
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == ("## Bill\n\n|Item|Qty|Price|Total|\n|---|---|---|---|\n|Widget|2|3.00|6.00|\n"
                           "|Cable|1|4.50|4.50|")


_GOODS = ["Our tent is light and strong, made for long walks in wet weather.",
          "A stove that burns any fuel, small enough for a pocket.", "A lamp for the night, bright and warm.",
          "Boots that keep the water out."]


def test_a_gallery_of_framed_media_objects_is_no_table_of_cards():
    # a shop's products two a row, each a framed <div> holding a grid of one row, its picture beside its text (a
    # media object): taken for label and value cards, the gallery was a table read down its columns, the first and
    # third products before the second (`grid_tables._card`: a card's grid has two rows of cells at the least)
    dot = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), 0)
    dot.set_rect(dot.irect, (200, 50, 50))
    src = "data:image/png;base64," + base64.b64encode(dot.tobytes("png")).decode()
    style = (".g{display:grid;grid-template-columns:1fr 1fr;gap:16px} .c{border:1px solid #ccc}"
             " .media{display:grid;grid-template-columns:64px 1fr;gap:8px}")
    goods = "".join(f"<div class=c><div class=media><img src='{src}' width=60 height=40><span>{text}</span></div>"
                    "</div>" for text in _GOODS)
    html = f"<html><head><style>{style}</style></head><body><h2>Shop</h2><div class=g>{goods}</div></body></html>"
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == "\n\n".join(["## Shop"] + _GOODS)


@pytest.mark.parametrize("rows, text", [
    ([("Apples", "1"), ("Pears", "2"), ("Plums", "3")], "Apples 1\n\nPears 2\n\nPlums 3"),
    ([("Apples", "red", "1"), ("Pears", "green", "2"), ("Plums", "purple", "3"), ("Figs", "brown", "4")],
     "Apples red 1\n\nPears green 2\n\nPlums purple 3\n\nFigs brown 4"),
    ([("1", "Apples"), ("2", "Pears"), ("3", "Plums")], "|1|Apples|\n|---|---|\n|2|Pears|\n|3|Plums|")])
def test_a_headless_tables_column_of_counts_is_no_line_numbering(rows, text):
    # a <table> with no <th> whose last (or first) column counts 1, 2, 3 down its rows: each number stood beyond
    # every other line, one a row, and was taken for a margin's line numbers and dropped, "Apples\n\nPears\n\n
    # Plums" (`line_numbers._margin_numbers`: what a margin numbers is lines of prose, not cells of a word)
    body = "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows) + "</table>"
    html = f"<html><head><style>td{{padding:2px 16px}}</style></head><body>{body}</body></html>"
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == text


_VERSE = ["The way a crow", "Shook down on me", "The dust of snow", "From a hemlock tree", "Has given my heart",
          "A change of mood", "And saved some part", "Of a day I had rued.", "The snow was deep", "The crow flew on"]


@pytest.mark.parametrize("every, x", [(5, 330), (5, 70), (1, 330), (1, 70)])
def test_a_short_lined_poems_margin_numbers_are_dropped(every, x):
    # a poem of short lines (four or five words, some six line heights wide), small numbers in its margin every
    # fifth line or every line: the lines beside them were too short for prose, and the numbers were kept in the
    # verse, "Has given my heart 5" (`line_numbers._margin_numbers`: a margin's numbers skip lines or are small)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((100, 80), "Dust of Snow, as the poet first wrote it down in his notebook.", fontname="tiro",
                     fontsize=11)
    for i, line in enumerate(_VERSE, 1):
        page.insert_text((100, 86 + 13.5 * i), line, fontname="tiro", fontsize=11)
        if i % every == 0:
            page.insert_text((x, 86 + 13.5 * i), str(i), fontname="tiro", fontsize=8)
    assert markdown(doc) == ["Dust of Snow, as the poet first wrote it down in his notebook.\n\n" + " ".join(_VERSE)]


_FIELDS = [("Name:", "Alice Smith"), ("Role:", "Engineer"), ("Team:", "Storage")]


@pytest.mark.parametrize("css, card", [
    (".kv{display:grid;grid-template-columns:5em 1fr;border:1px solid #ccc;padding:8px}",
     "<div class=kv>" + "".join(f"<span>{label}</span><span>{value}</span>" for label, value in _FIELDS) + "</div>"),
    ("td{padding:2px 12px}", "<table>" + "".join(f"<tr><td>{label}</td><td>{value}</td></tr>"
                                                 for label, value in _FIELDS) + "</table>")])
def test_a_lone_card_of_labels_ending_in_colons_is_a_record_under_an_empty_head(css, card):
    # one card alone, its labels down its side: headed by its first row, "|Name:|Alice Smith|" over "|---|---|",
    # it named two columns that are a field. A label ends in a colon, a column's name does not
    # (`borderless_tables.records`); without colons a lone card cannot be told from a table and keeps its head
    html = f"<html><head><style>{css}</style></head><body><h2>Staff</h2>{card}</body></html>"
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == "## Staff\n\n|||\n|---|---|\n" + "\n".join(f"|{label}|{value}|" for label, value in _FIELDS)


def test_a_two_column_table_under_a_head_row_keeps_its_head_though_its_labels_end_in_colons():
    # a <th> row over fields whose labels end in colons, the head's too ("Field:", "Value:"): taken for a lone
    # record, its head was made the record's first field under an empty head (`borderless_tables.records`: a
    # head set apart, in bold, names the columns)
    rows = [("Name:", "Alice"), ("Role:", "Editor")]
    table = ("<table><tr><th>Field:</th><th>Value:</th></tr>"
             + "".join(f"<tr><td>{label}</td><td>{value}</td></tr>" for label, value in rows) + "</table>")
    html = f"<html><head><style>td,th{{padding:2px 12px}}</style></head><body>{table}</body></html>"
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == "|Field:|Value:|\n|---|---|\n|Name:|Alice|\n|Role:|Editor|"


_DUTY = "The editor of the paper, who reads every story before it is printed and decides which run."


@pytest.mark.parametrize("dl, text", [
    # a definition of one word over the next term: MuPDF groups the two as a block, and they were one paragraph,
    # "Name\n\nAlice Role" (`blocks._dedented`: the column's edge measures a row of a word too)
    (f"<dl><dt>Name</dt><dd>Alice</dd><dt>Role</dt><dd>{_DUTY}</dd></dl>", f"Name\n\nAlice\n\nRole\n\n{_DUTY}"),
    # bold terms: the definitions, set in, touched the terms above and below them by their boxes' leading and
    # were taken for a column beside them, read after every term, "**Name**\n\n**Role**\n\nAlice\n\nEditor"
    # (`column_order._side_by_side`)
    ("<dl><dt><b>Name</b></dt><dd>Alice</dd><dt><b>Role</b></dt><dd>Editor</dd></dl>",
     "Name\n\nAlice\n\nRole\n\nEditor"),
    # alone on a page, no long prose line to measure the column: each short definition ran into the term under
    # it, set back at the term's x, "Name\n\nAlice Role\n\nEditor Team\n\nStorage", a number's too, "1999 Pages",
    # and a term's second definition, "Red Blue Size" (`blocks._set_in_alone`: set in by more than a quarter of
    # the measure it could have wrapped at, a row is no paragraph's first line)
    ("<dl><dt>Name</dt><dd>Alice</dd><dt>Role</dt><dd>Editor</dd><dt>Team</dt><dd>Storage</dd></dl>",
     "Name\n\nAlice\n\nRole\n\nEditor\n\nTeam\n\nStorage"),
    ("<dl><dt>Year</dt><dd>1999</dd><dt>Pages</dt><dd>320</dd><dt>Price</dt><dd>12</dd></dl>",
     "Year\n\n1999\n\nPages\n\n320\n\nPrice\n\n12"),
    ("<dl><dt>Colour</dt><dd>Red</dd><dd>Blue</dd><dt>Size</dt><dd>Large</dd><dt>Shape</dt><dd>Round</dd></dl>",
     "Colour\n\nRed\nBlue\n\nSize\n\nLarge\n\nShape\n\nRound")])
def test_a_definition_lists_terms_are_each_read_before_their_definition(dl, text):
    [sample] = read_document(f"<html><body>{dl}</body></html>".encode(), "mem://page.html",
                             DocumentOptions(interleaved=False))
    assert sample.text == text


@pytest.mark.parametrize("style", ["p{text-indent:3em;margin:0}", "p{text-indent:2.5em;margin:0;width:14em}"])
def test_a_paragraphs_first_line_set_in_far_still_runs_on_into_its_next(style):
    # the first line set in two body sizes or more, then the paragraph's next at the left edge: one paragraph, its
    # indent a small share of the measure it was wrapped at (`blocks._set_in_alone` cuts only a row set in further)
    para = "The committee met on Tuesday to discuss the budget for the coming year and agreed on its plans."
    html = f"<html><head><style>{style}</style></head><body><p>{para}</p></body></html>"
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == para


_ROW = "<div class=row><span>Alpha</span><span>Beta</span></div>"


@pytest.mark.parametrize("style, text", [
    ("@media screen { .row{display:flex;gap:1em} }", "Alpha Beta"),
    ("@media only screen and (max-width: 600px) { .row{display:flex;gap:1em} }", "Alpha Beta"),  # A5: 560px
    ("@media all { @media (orientation: portrait) { .row{display:flex;gap:1em} } }", "Alpha Beta"),
    # what a screen does not apply stays unapplied: a print sheet's rules, a width the page is not
    ("@media print { .row{display:flex;gap:1em} }", "AlphaBeta"),
    ("@media (min-width: 900px) { .row{display:flex;gap:1em} }", "AlphaBeta"),
    ("@media screen and (prefers-color-scheme: dark) { .row{display:flex;gap:1em} }", "AlphaBeta")])
def test_flex_rules_inside_a_media_rule_a_screen_applies_keep_the_items_apart(style, text):
    # MuPDF reads no @media rule's rules: a flex row set in one ran its items together, "AlphaBeta", where a
    # browser on a screen sets them apart. The page is read as a screen of its size shows it (`media_queries`)
    html = f"<html><head><style>{style}</style></head><body>{_ROW}</body></html>"
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == text



@pytest.mark.parametrize("head, sheets, text", [
    ("<style>@import url(rows.css);</style>", {"rows.css": ".row{display:flex;gap:1em}"}, "Alpha Beta"),
    # a linked sheet importing another from its own folder, by a string
    ("<link rel=stylesheet href=css/main.css>", {"css/main.css": "@import 'rows.css';",
                                                 "css/rows.css": ".row{display:flex;gap:1em}"}, "Alpha Beta"),
    # an import for screens holds, one for print only does not, nor one whose sheet is not there
    ("<style>@import url(rows.css) screen and (min-width: 20em);</style>",
     {"rows.css": ".row{display:flex;gap:1em}"}, "Alpha Beta"),
    ("<style>@import url(rows.css) print;</style>", {"rows.css": ".row{display:flex;gap:1em}"}, "AlphaBeta"),
    ("<style>@import url(gone.css);</style>", {}, "AlphaBeta"),
    # two sheets importing each other: each read once
    ("<style>@import url(a.css);</style>", {"a.css": "@import url(b.css); .row{display:flex}",
                                            "b.css": "@import url(a.css); .row{gap:1em}"}, "Alpha Beta"),
    # a sheet imported into a cascade layer is applied (its layer is no media query: "layer(base)" held for no
    # screen and the sheet was dropped, "AlphaBeta")
    ("<style>@import url(rows.css) layer(base);</style>", {"rows.css": ".row{display:flex;gap:1em}"}, "Alpha Beta"),
    ("<style>@import 'rows.css' layer screen;</style>", {"rows.css": ".row{display:flex;gap:1em}"}, "Alpha Beta"),
    # after @charset and a statement @layer an import holds; after a style rule a browser ignores it (it was read)
    ("<style>@charset 'utf-8'; @layer a, b; @import url(rows.css);</style>",
     {"rows.css": ".row{display:flex;gap:1em}"}, "Alpha Beta"),
    ("<style>p{margin:0} @import url(rows.css);</style>", {"rows.css": ".row{display:flex;gap:1em}"}, "AlphaBeta"),
    # a sheet saved with a byte-order mark, imported or linked: the mark began its first selector, "\ufeff.row"
    ("<style>@import url(rows.css);</style>", {"rows.css": "\ufeff.row{display:flex;gap:1em}"}, "Alpha Beta"),
    ("<link rel=stylesheet href=rows.css>", {"rows.css": "\ufeff.row{display:flex;gap:1em}"}, "Alpha Beta")])
def test_flex_rules_of_an_imported_sheet_keep_the_items_apart(tmp_path, head, sheets, text):
    # the page's sheets were read for their flex rules, but not the sheets they @import: a row set by one ran its
    # items together, "AlphaBeta", where a browser sets them apart (`css_imports`, read by `grid_tables.page_sheets`)
    for name, css in sheets.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(css)
    html = f"<html><head>{head}</head><body>{_ROW}</body></html>"
    [sample] = read_document(html.encode(), str(tmp_path / "page.html"), DocumentOptions(interleaved=False))
    assert sample.text == text


@pytest.mark.parametrize("style, body, text", [
    # a price pushed right by its auto margin, its currency the page's own ::before
    (".price::before{content:'$'} .row{display:flex;margin-bottom:8px} .price{margin-left:auto}",
     "<div class=row><span>Coffee</span><span class=price>3</span></div>"
     "<div class=row><span>Tea</span><span class=price>2</span></div>", "Coffee $3\n\nTea $2"),
    # a quotation that grows, its marks the page's ::before and ::after (each set before the rule that grows it)
    ("q.big::before{content:'«'} q.big::after{content:'»'} .row{display:flex} q.big{flex:1}",
     "<div class=row><b>Said:</b><q class=big>Hello</q></div>", "Said: «Hello»"),
    # a spread row's items, their currency a plain type selector's ::before: the row's ".row > * + *::before" space
    # outweighed it and the price lost its "$", "Coffee 3"
    ("span::before{content:'$'} .row{display:flex;justify-content:space-between}",
     "<div class=row><b>Coffee</b><span>3</span></div>", "Coffee $3"),
    ("span::before{content:'$'} .row{display:flex;gap:1em}", "<div class=row><b>Coffee</b><span>3</span></div>",
     "Coffee $3")])
def test_a_flex_items_own_generated_content_is_kept(style, body, text):
    # the space that holds a growing item's row apart was its ::before and ::after (`flex_layout._growing`): set
    # after the page's own, it took their place, and the price lost its "$" ("Coffee 3"), the quotation its marks.
    # The spaces are now written outside the item, so its own content stays and the row still reads apart
    html = f"<html><head><style>{style}</style></head><body>{body}</body></html>"
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == text

@pytest.mark.parametrize("style, body", [
    # the page's flex rows elsewhere (its menu); the growing element in a paragraph or a plain block
    (".menu{display:flex;gap:1em} .w{flex-grow:1}", "<p>un<span class=w>break</span>able</p>"),
    (".menu{display:flex;gap:1em} .w{margin-left:auto}", "<p>un<span class=w>break</span>able</p>"),
    (".menu{display:flex;gap:1em} .w{margin:0 0 0 auto}", "<div>un<span class=w>break</span>able</div>"),
    # a block that is no flex item: its parent a plain block inside a flex row, its grandparent the row
    (".row{display:flex} .w{flex:1}", "<div class=row><p>un<b class=w>break</b>able</p></div>"),
    (".w{flex:1}", "<div style='display:flex'><p>un<b class=w>break</b>able</p></div>")])
def test_a_growing_element_outside_a_flex_row_keeps_its_word_whole(style, body):
    # the spaces that hold a growing item's row apart (`flex_layout`) were set on every element the rule matched,
    # also where its parent is no flex container: a word read "un break able"
    html = f"<html><head><style>{style}</style></head><body>{body}</body></html>"
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == "unbreakable"


@pytest.mark.parametrize("style, text", [
    ("@supports (display: flex) { .row{display:flex;gap:1em} }", "Alpha Beta"),
    ("@supports (display: grid) and (gap: 1em) { @media screen { .row{display:flex;gap:1em} } }", "Alpha Beta"),
    ("@supports (display: flex) or (-moz-foo: bar) { .row{display:flex;gap:1em} }", "Alpha Beta"),
    # a fallback for browsers without flex, and what is not known to be supported, stay unapplied
    ("@supports not (display: flex) { .row span{display:block} }", "AlphaBeta"),
    ("@supports selector(:has(a)) { .row{display:flex;gap:1em} }", "AlphaBeta"),
    ("@supports not (-moz-foo: bar) { .row{display:flex;gap:1em} }", "AlphaBeta")])
def test_flex_rules_inside_a_supports_rule_a_browser_applies_keep_the_items_apart(style, text):
    # MuPDF reads no @supports rule's rules: a flex row set inside "@supports (display: flex)", as pages guard
    # their flex and grid layouts over a fallback, ran its items together, "AlphaBeta" (`feature_queries`)
    html = f"<html><head><style>{style}</style></head><body>{_ROW}</body></html>"
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == text


def test_a_style_sheet_given_only_for_print_is_not_applied_to_the_page():
    # MuPDF applies every <style> whatever its media: a print sheet's `display: none` took the screen's words
    # out of the page and its target
    html = ("<html><head><style media='print'>.screen-only{display:none}</style><style media='screen'>.print-only"
            "{display:none}</style></head><body><p>Read the guide.</p><p class=screen-only>Tap a step to open it."
            "</p><p class=print-only>Turn to page 4.</p><p>Keep<link rel='stylesheet' href='print.css' media='print'>"
            " it open.</p></body></html>")  # (a print sheet linked in the body goes; the text after it stays)
    [sample] = read_document(html.encode(), "mem://page.html", DocumentOptions(interleaved=False))
    assert sample.text == "Read the guide.\n\nTap a step to open it.\n\nKeep it open."


@pytest.mark.parametrize("html, text", [
    ("<div style='display:flex;align-items:baseline'><span>$</span><span>19</span><span>.99</span><span>/month</span>"
     "</div>", "$19.99/month"),
    ("<p>Press <button style='display:inline-flex;align-items:center'><span>Down</span><span>load</span></button> "
     "to start.</p>", "Press Download to start."),
    ("<style>.price{display:flex;align-items:baseline}</style><div class=price><span>€</span><span>49</span>"
     "<span>,95</span></div>", "€49,95")])
def test_a_flex_rows_items_that_touch_read_as_one_run(html, text):
    # a flex row with no gap and no spreading justify-content sets its items side by side, touching, as a browser
    # shows them ("$19.99/month"); a space written between every two items read "$ 19 .99 /month", "Down load"
    [sample] = read_document(f"<html><body>{html}</body></html>".encode(), "mem://page.html",
                             DocumentOptions(interleaved=False))
    assert sample.text == text
