"""Pages printed by Chromium as a browser prints HTML, each modelled on a public report of a PDF extractor's
fault, with the exact page markdown it must give. Tables drawn without column rules: every cell in its row
and column, empty cells kept in place, the head row the table's own. Lists and headings: every item an
item, whatever its marker; no heading the page does not set."""

from __future__ import annotations

import pytest

from bench.doc_quality import print_pdf
from shards.sample import Sample
from sources.documents.read import DocumentOptions, read_document
from sources.web.browser import find_chromium

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed (.ci/run installs it)")

BASE = "body{font-family:sans-serif;font-size:12px} table{border-collapse:collapse}"


def page_markdown(tmp_path, css: str, body: str) -> str:
    html = f"<html><head><meta charset=utf-8><style>{BASE} {css}</style></head><body>{body}</body></html>"
    [sample] = read_document(print_pdf(html, tmp_path, "page"), "mem://page.pdf", DocumentOptions(interleaved=False))
    assert isinstance(sample, Sample), sample
    return sample.text


def table(*rows: tuple[str, ...]) -> str:
    lines = ["|" + "|".join(row) + "|" for row in rows]
    return "\n".join(lines[:1] + ["|" + "---|" * len(rows[0])] + lines[1:])


def html_table(*rows: tuple[str, ...]) -> str:
    head, *body = rows
    return ("<table><tr>" + "".join(f"<th>{c}</th>" for c in head) + "</tr>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in body) + "</table>")


def test_cells_that_wrap_onto_several_lines_stay_one_cell_each(tmp_path):
    # tabula #837, camelot #143: a glossary whose cells wrap. MuPDF cut it into blocks across rows and columns
    # and the text came out as paragraphs gluing one row's meaning to the next row's term ("share of releases
    # that need a fix lead time for changes"); a cell's lines are one cell where its line breaks were forced
    rows = [("Term", "Meaning"), ("mean time to recovery", "average hours until service is back"),
            ("change failure rate", "share of releases that need a fix"),
            ("lead time for changes", "days from commit to production")]
    css = "td,th{padding:2px 16px;text-align:left;vertical-align:top;width:120px}"
    text = page_markdown(tmp_path, css, "<p>Glossary of terms used in this report.</p>" + html_table(*rows)
                         + "<p>These follow the usual definitions.</p>")
    assert text == ("Glossary of terms used in this report.\n\n" + table(*rows)
                    + "\n\nThese follow the usual definitions.")


def test_one_row_whose_cells_wrap_is_one_row(tmp_path):
    # tabula-java #109: a row of three cells, each on two lines, among rows of one line: it was run-on prose
    rows = [("Option", "Effect", "Default"), ("--verbose", "print every step", "off"),
            ("--output-directory name", "where the results are written", "current dir"),
            ("--jobs", "worker count", "4")]
    css = "td,th{padding:2px 16px;text-align:left;vertical-align:top} td{width:140px}"
    text = page_markdown(tmp_path, css, "<p>Supported options are listed below.</p>" + html_table(*rows)
                         + "<p>Other options are ignored.</p>")
    assert text == "Supported options are listed below.\n\n" + table(*rows) + "\n\nOther options are ignored."


def test_a_zebra_striped_table_keeps_its_empty_cells_in_place(tmp_path):
    # tabula #814: rows on alternating backgrounds, no borders. Each row was a paragraph and an empty cell
    # vanished, so West's 877 (Q2) read as its Q1
    rows = [("Region", "Q1", "Q2", "Q3"), ("North", "1,204", "1,310", "1,288"), ("South", "980", "1,020", ""),
            ("East", "1,501", "1,499", "1,602"), ("West", "", "877", "905"), ("Central", "640", "702", "733")]
    css = "td,th{padding:4px 14px;text-align:left} tr:nth-child(even){background:#ddd}"
    text = page_markdown(tmp_path, css, "<p>Quarterly revenue by region (thousands):</p>" + html_table(*rows)
                         + "<p>Totals are unaudited.</p>")
    assert text == "Quarterly revenue by region (thousands):\n\n" + table(*rows) + "\n\nTotals are unaudited."


def test_a_table_ruled_only_across_has_its_own_head_row(tmp_path):
    # jztan/pdf-mcp #63, booktabs' look: the rule under the head row parted it from the body, which was read
    # as the table with its first data row for head, the column names a bold line above it
    rows = [("Method", "Set A", "Set B", "Set C"), ("Baseline", "71.2", "64.0", "58.9"),
            ("Ours (small)", "74.8", "", "61.3"), ("Ours (large)", "77.5", "70.1", "66.0")]
    css = ("table{border-top:2px solid #000;border-bottom:2px solid #000} th{border-bottom:1px solid #000}"
           " td,th{padding:3px 12px;text-align:left}")
    text = page_markdown(tmp_path, css, "<p>Table 3: Accuracy of each method.</p>" + html_table(*rows)
                         + "<p>Set B was not run for the small model.</p>")
    assert text == ("Table 3: Accuracy of each method.\n\n" + table(*rows)
                    + "\n\nSet B was not run for the small model.")


def test_a_page_mostly_code_has_no_headings_made_of_its_prose(tmp_path):
    # marker / pymupdf4llm reports of code pages: the body size was the code's (9.75 pt, most characters),
    # so every 12 pt sentence between the listings was written as a ### heading
    body = ("<p>Use the <code>retry()</code> helper like this:</p><pre>def fetch(url, tries=3):\n"
            "    for attempt in range(tries):\n        try:\n            return get(url)\n"
            "        except IOError:\n            if attempt == tries - 1:\n                raise\n"
            "    return None</pre><p>Then run it from the shell:</p><pre>$ python -m fetch https://example.org\n"
            "&gt;&gt;&gt; fetch(\"a\")\n'ok'</pre><p>The call returns <code>None</code> when every try fails.</p>")
    text = page_markdown(tmp_path, "body{font-size:medium} pre{background:#eee;padding:8px}", body)  # code 13px
    assert "#" not in text.replace("```", "")
    assert text.startswith("Use the retry() helper like this:\n\n```\ndef fetch(url, tries=3):\n"
                           "    for attempt in range(tries):\n")
    assert text.endswith("```\n\nThe call returns None when every try fails.")


def test_items_marked_by_dingbats_or_check_marks_are_items(tmp_path):
    # pymupdf4llm #81: bullets it did not know ("❖", "◆") were left mid-paragraph, each list one run-on line;
    # a check mark says the item is done, so it stays in the item
    body = ("<ul style='list-style-type: \"\\2756  \"'><li>The power cable is plugged in.</li>"
            "<li>The tray holds paper.</li></ul>"
            "<ul style='list-style-type: \"\\2713  \"'><li>Printer is online.</li><li>Driver is installed.</li></ul>"
            "<ul style='list-style-type: \"\\25C6  \"'><li>Red toner.</li><li>Blue toner.</li></ul>")
    assert page_markdown(tmp_path, "", "<p>Check the following points.</p>" + body) == (
        "Check the following points.\n\n- The power cable is plugged in.\n- The tray holds paper.\n\n"
        "- \u2713 Printer is online.\n- \u2713 Driver is installed.\n\n- Red toner.\n- Blue toner.")


def test_items_numbered_in_roman_are_items(tmp_path):
    # veraPDF-wcag-algs #236: "ii." was no marker, and markers set flush right start further left as they
    # grow, so items ii and iii were one paragraph
    items = ["Payment terms for all services rendered.", "Delivery schedules and penalties.",
             "Warranty of the goods."]
    body = "<ol style='list-style-type: lower-roman'>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"
    assert page_markdown(tmp_path, "", "<p>The agreement covers the following matters.</p>" + body) == (
        "The agreement covers the following matters.\n\n"
        + "\n".join(f"{n}. {item}" for n, item in zip(["i", "ii", "iii"], items)))


def test_a_drop_cap_is_the_first_letter_of_its_paragraph(tmp_path):
    # a first letter floated left at four times the text's size: it was a heading ("# I") and the paragraph
    # began "t was a bright cold day"
    first = ("It was a bright cold day in April, and the clocks were striking thirteen. The hallway smelt of boiled "
             "cabbage and old rag mats. At one end of it a coloured poster, too large for indoor display, had been "
             "tacked to the wall. It depicted simply an enormous face, more than a metre wide.")
    second = "The flat was seven flights up, and he went slowly, resting several times on the way."
    cap = "<span style='float:left;font-size:52px;line-height:44px;padding-right:4px;margin-top:2px'>I</span>"
    assert page_markdown(tmp_path, "body{font-size:16px}", f"<p>{cap}{first[1:]}</p><p>{second}</p>") == (
        f"{first}\n\n{second}")


def test_a_table_nested_in_a_cell_has_no_columns_made_of_its_padding(tmp_path):
    # pymupdf #3790, #4030: a ruled table inside a ruled cell; PyMuPDF's grid took the strips between the outer
    # cell's rulings and the inner table's (the cell's padding) for two columns, empty in every row:
    # "|Host|Disks||||Owner|", "|alpha||Dev|Size||Ann|". An empty row a table has of its own stays
    css = "td,th{border:1px solid #000;padding:3px 8px;vertical-align:top}"
    inner = "<table><tr><th>Dev</th><th>Size</th></tr><tr><td>sda</td><td>1 TB</td></tr>" \
            "<tr><td>sdb</td><td>2 TB</td></tr></table>"
    body = (f"<p>Server inventory.</p><table><tr><th>Host</th><th>Disks</th><th>Owner</th></tr>"
            f"<tr><td>alpha</td><td>{inner}</td><td>Ann</td></tr><tr><td>beta</td><td>none</td><td>Bob</td></tr>"
            f"<tr><td></td><td></td><td></td></tr><tr><td>gamma</td><td>none</td><td>Cy</td></tr></table>")
    assert page_markdown(tmp_path, css, body) == "Server inventory.\n\n" + table(
        ("Host", "Disks", "", "Owner"), ("alpha", "Dev", "Size", "Ann"), ("", "sda", "1 TB", ""),
        ("", "sdb", "2 TB", ""), ("beta", "none", "", "Bob"), ("", "", "", ""), ("gamma", "none", "", "Cy"))


def test_a_bold_head_padded_less_than_the_rows_under_it_is_a_row_of_its_own(tmp_path):
    # a <th> keeps the browser's 1px padding where the page pads its <td>s: the head stood closer to the first
    # row than the rows to each other, and its names were read as the first line of each cell ("|Region North|
    # Q1 1,200|...") in a table with no head of its own
    rows = [("Region", "Q1", "Q2", "Q3"), ("North", "1,200", "1,350", "1,410"), ("South", "980", "1,020", "1,100"),
            ("East", "1,500", "1,480", "1,620"), ("West", "870", "910", "990")]
    css = "td{padding:3px 14px} td+td{text-align:right}"
    assert page_markdown(tmp_path, css, "<p>Sales by region.</p>" + html_table(*rows)) == (
        "Sales by region.\n\n" + table(*rows))


def test_a_bold_head_over_a_row_whose_last_cell_is_a_block_of_its_own_heads_the_table(tmp_path):
    # the middle cell wraps, so MuPDF makes the row's last cell ("1.0") a block of its own: the head's last
    # name had no row under it when the head's block was weighed, the head was a bold paragraph
    # ("**Command Description Since**") and the first data row the table's head
    rows = [("Command", "Description", "Since"),
            ("init", "create an empty repository in the current directory with default settings", "1.0"),
            ("add", "stage files", "1.0"),
            ("commit", "record the staged changes in the history of the repository with a message", "1.1"),
            ("push", "send commits to a remote", "1.2")]
    css = "td,th{padding:6px 10px;vertical-align:top} td:nth-child(2){width:200px}"
    assert page_markdown(tmp_path, css, "<p>Commands:</p>" + html_table(*rows)) == "Commands:\n\n" + table(*rows)


def test_a_browsers_default_table_whose_widest_cell_runs_a_space_from_the_next_keeps_its_columns(tmp_path):
    # a <table> with no style: two points between cells, so "WARNING" and "30" are one MuPDF line, a space
    # apart, across the column every other row starts ("|Level Value|Meaning|", "|WARNING 30|..."); cut
    # where the rows' other lines start, each cell is its own
    rows = [("Level", "Value", "Meaning"), ("DEBUG", "10", "Detailed information"),
            ("INFO", "20", "Confirmation things work"), ("WARNING", "30", "Something unexpected"),
            ("ERROR", "40", "A serious problem")]
    text = page_markdown(tmp_path, "table{border-collapse:separate}",
                         "<p>The levels are:</p>" + html_table(*rows) + "<p>End of the list.</p>")
    assert text == "The levels are:\n\n" + table(*rows) + "\n\nEnd of the list."


# a font whose proportions are not the standard font's a line's places are measured with (`column_cuts`)
SERIF = "body{font-family:'DejaVu Serif',serif;font-size:15px}"
# Times' metrics (Liberation Serif): "domain" as wide as its column, so it touches the next column's "53"
TIMES = "body{font-family:'Liberation Serif',serif}"
TIMES_14 = "body{font-family:'Liberation Serif',serif;font-size:14px}"


@pytest.mark.parametrize("font", ["", SERIF])
def test_a_column_every_row_runs_into_is_cut_where_two_rows_start_it(tmp_path, font):
    # "Type" and "Default" one head line, "float 30" and "bool false" too: only "3" and "100" start the last
    # column, and "max_connections_total int" runs across the second's edge. It was no table. In DejaVu Serif
    # "Default" was measured 2.6 points right of the edge the rows start (Times' advances scaled to the span):
    # the columns stayed one, "|Type Default|" over "|bool false|"
    rows = [("Option", "Type", "Default"), ("timeout_seconds", "float", "30"), ("retries", "int", "3"),
            ("max_connections_total", "int", "100"), ("verbose", "bool", "false")]
    text = page_markdown(tmp_path, "table{border-collapse:separate}" + font,
                         "<p>Settings:</p>" + html_table(*rows))
    assert text == "Settings:\n\n" + table(*rows)


def test_a_tight_tables_cells_the_text_layer_ran_together_are_cells_of_their_own(tmp_path):
    # collapsed borders and the browser's 1px padding: cells 2 px (0.125 em) apart, under MuPDF's 0.15 em for
    # a space, so the widest cell of a column ran into the next one: "CANNOT_EXECUTEpermission problem", one
    # line across the last column's edge. It was prose (and before that a table of two columns whose cells held
    # two, "|Code|Name When|")
    rows = [("Code", "Name", "When"), ("0", "OK", "success"), ("1", "GENERAL_ERROR", "bad arguments given"),
            ("2", "MISUSE", "shell builtin misuse"), ("126", "CANNOT_EXECUTE", "permission problem")]
    text = page_markdown(tmp_path, "body{font-family:serif}",
                         "<p>Exit codes:</p>" + html_table(*rows) + "<p>See also the manual.</p>")
    assert text == "Exit codes:\n\n" + table(*rows) + "\n\nSee also the manual."


@pytest.mark.parametrize("font", ["", SERIF])
def test_a_tight_tables_head_run_together_is_a_row_of_cells(tmp_path, font):
    # normalize.css's `border-collapse: collapse`, bold heads wider than their columns' cells: the head was
    # one word, "|ServicePortProto|Notes|", over rows of three cells in one ("|ssh 22 tcp|remote shell|");
    # in DejaVu Serif, "|Service|Port Proto|Notes|"
    rows = [("Service", "Port", "Proto", "Notes"), ("ssh", "22", "tcp", "remote shell"),
            ("domain", "53", "udp", "name lookups"), ("http", "80", "tcp", "web"),
            ("https", "443", "tcp", "secure web")]
    text = page_markdown(tmp_path, font, "<p>Ports:</p>" + html_table(*rows))
    assert text == "Ports:\n\n" + table(*rows)


def test_a_contents_entry_whose_number_runs_into_its_title_reads_both(tmp_path):
    # Debian's reference manual (dblatex): a section number wider than its box stands 0.09 em from its title,
    # and the text layer read "10.11List of git related packages"; a name set with letter spacing (every
    # letter 0.1 em apart) is one word all the same
    body = ("<p>10.11<span style='margin-left:1.4px'>List of git related packages</span></p>"
            "<p>11.2<span style='margin-left:1.4px'>Text data conversion tools</span></p>"
            "<p>12 <span style='letter-spacing:1.6px'>PostScript</span> printers and other iPhone devices</p>")
    text = page_markdown(tmp_path, "p{font-size:16px;margin:0 0 8px}", body)
    # (a review: the letter-spaced name among plain words read "P o s t S c r i p t" when the line's median gap
    # was the measure; a word's gap is one whose neighbours are tight)
    assert text == ("10.11 List of git related packages\n\n11.2 Text data conversion tools\n\n"
                    "12 PostScript printers and other iPhone devices")


def test_two_columns_of_words_in_one_style_read_down(tmp_path):
    # a list set in two columns, both bold: no terms beside definitions, each column read down
    css = "div.c{column-count:2;width:300px;font-weight:bold}"
    body = "<p>The words:</p><div class=c>apple<br>banana<br>cherry<br>date<br>elder<br>fig<br>grape<br>honeydew</div>"
    assert page_markdown(tmp_path, css, body) == ("The words:\n\n**apple banana cherry date**\n\n"
                                                  "**elder fig grape honeydew**")


def test_a_heading_under_a_multi_column_list_comes_after_both_columns(tmp_path):
    # Wikipedia's "See also" (`div-col`, CSS columns) and the heading after it, narrower than the first column:
    # it was read as that column's foot, "## References" between "Cherry tart" and "Date loaf"
    items = ["Apple pie", "Banana bread", "Cherry tart", "Date loaf", "Elderflower cordial", "Fig roll"]
    body = ("<h2>See also</h2><div style='column-count:2;width:500px'><ul>"
            + "".join(f"<li>{item}</li>" for item in items) + "</ul></div><h2>References</h2>"
            "<p>Smith, J. (2001). A history of baking. London: Flour Press. This is a long reference line that wraps.</p>")
    assert page_markdown(tmp_path, "", body) == (
        "## See also\n\n- Apple pie\n- Banana bread\n- Cherry tart\n\n- Date loaf\n- Elderflower cordial\n- Fig roll"
        "\n\n## References\n\nSmith, J. (2001). A history of baking. London: Flour Press. This is a long reference line"
        " that wraps.")


def test_a_bold_term_under_a_short_definition_starts_its_own_paragraph(tmp_path):
    # a <dl> whose terms a site sets in bold, on a page with no other prose: MuPDF groups each <dd> with the
    # <dt> under it, and a definition with no full stop ran into the next term ("the first letter beta")
    terms, meanings = ["alpha", "beta", "gamma"], ["the first letter", "the second letter", "the third letter"]
    body = "<dl>" + "".join(f"<dt>{t}</dt><dd>{m}</dd>" for t, m in zip(terms, meanings)) + "</dl>"
    assert page_markdown(tmp_path, "dt{font-weight:bold}", body) == "\n\n".join(
        part for pair in zip(terms, meanings) for part in pair)


@pytest.mark.parametrize("height", [120, 140, 160])
def test_a_paragraph_css_columns_break_is_one_paragraph(tmp_path, height):
    # a newsletter's CSS columns (column-count: 2, a fixed height): Chromium breaks the second paragraph at the
    # first column's foot and goes on at the second's top; it was written as two paragraphs
    paras = ["The committee met on a cold morning in the old library to discuss the proposal for a new reading room "
             "on the second floor of the building.",
             "After a long debate the chairman asked the treasurer to prepare a detailed estimate of the expenses, "
             "including the furniture, the lighting and the heating, and to present it at the next meeting together "
             "with a list of possible donors such as Anna Berg, Peter Holm, Eva Lund and Jonas Falk from the "
             "surrounding villages of Hollum and Nes.",
             "The secretary agreed to write to the regional council about a grant, and the librarian promised to "
             "count the visitors every day for a month so that the figures could be checked by anyone who doubted "
             "them."]
    css = (f"body{{font-family:serif;font-size:13px}} .cols{{column-count:2;column-gap:24px;column-fill:auto;"
           f"height:{height}px;text-align:justify}}")
    text = page_markdown(tmp_path, css, "<div class=cols>" + "".join(f"<p>{p}</p>" for p in paras) + "</div>")
    assert text.split("\n\n") == paras


@pytest.mark.parametrize("font", ["", SERIF, TIMES_14])
def test_options_in_a_monospaced_font_floated_beside_their_descriptions_stay_with_them(tmp_path, font):
    # a man page as HTML (<dl> with floated <dt>s, the options in a monospaced font): each option was a line of
    # code, the three read as one listing before all the descriptions, which lost their options. In DejaVu Serif
    # "--output FILE" wraps in its float, a listing of two lines: the page read "--quiet", "--verbose", a fenced
    # "--output\nFILE", then the three descriptions. (The paragraph after clears the float, which would
    # otherwise stand beside "FILE".) In Liberation Serif 14px "--output FILE" fills its float, 10px (0.75 of the
    # body size) short of its description: too close for a term by a whole body size, and the page read as in DejaVu
    terms = [("--quiet", "Print nothing but errors, and exit with a status that says whether the run failed, so that "
                         "scripts which call the program can tell a good run from a bad one without reading it."),
             ("--verbose", "Print every step as it is taken, with the time each step took and the files it read."),
             ("--output FILE", "Write the report to FILE instead of the standard output.")]
    css = ("dt{float:left;clear:left;width:110px;font-family:monospace} dd{margin-left:120px;margin-bottom:14px}"
           " p{clear:left}" + font)
    text = page_markdown(tmp_path, css, "<p>The program takes these options.</p><dl>"
                         + "".join(f"<dt>{t}</dt><dd>{d}</dd>" for t, d in terms)
                         + "</dl><p>Other options are passed to the tool.</p>")
    assert text == "The program takes these options.\n\n" + table(*terms) + "\n\nOther options are passed to the tool."


def test_a_paragraph_ending_in_a_url_at_a_columns_foot_stays_apart_from_the_next(tmp_path):
    # the review's CSS columns: a paragraph with no full stop (it ends in a URL) on a ragged last line at the
    # first column's foot, and a new one at the second's top ("Furthermore, ..."): they were one paragraph
    paras = ["The source code of the visitor counting program that the librarian wrote over the summer months is "
             "published for anyone to read and reuse at https://github.com/example/visitor-counter",
             "Furthermore, the treasurer reported that the heating of the old building had cost twice as much as "
             "planned during the winter months, because the windows were old.",
             "Short closing words."]
    css = ("body{font-family:serif;font-size:13px;line-height:16px;margin:20px} .cols{width:694px;column-count:2;"
           "column-gap:24px;column-fill:auto;height:80px} p{margin:0 0 10px 0}")
    text = page_markdown(tmp_path, css, "<div class=cols>" + "".join(f"<p>{p}</p>" for p in paras) + "</div>")
    assert text.split("\n\n") == paras


@pytest.mark.parametrize("width", [280, 310, 380])
def test_a_novels_short_paragraphs_set_in_are_no_hanging_list(tmp_path, width):
    # the review's Project Gutenberg page: short dialogue paragraphs, each first line set in, put most rows at
    # the inner edge as a reference list's do; paragraphs were cut where a sentence ended at a line's end and run
    # into the next ("... A cart went by. “Why not?”"). A hung row follows a row broken for width; these follow
    # paragraphs' short last rows
    paras = ["“Are you coming?”", "“No.”",
             "She looked at him for a long while. Then she turned to the window, where the rain had not stopped "
             "since the morning. The street below was empty and dark. A cart went by.",
             "“Why not?”", "“Because I said so.”",
             "He laughed. It was not a kind laugh. He took his coat from the hook by the door and stood there. He "
             "waited for her to change her mind. She did not.",
             "“Go,” she said.", "“I will.”", "“Then go.”",
             "The door closed behind him. She listened to his steps on the stairs until they were gone. Then she sat "
             "down by the fire and took up her sewing again.",
             "“Good riddance,” said the cat."]
    css = (f"body{{font-family:serif;font-size:15px;line-height:1.3;width:{width}px;margin:30px}} "
           "p{margin:0;text-indent:1.5em;text-align:justify}")
    text = page_markdown(tmp_path, css, "".join(f"<p>{p}</p>" for p in paras))
    assert text.split("\n\n") == paras


GREEK = ("<p>The Greek letters used in this document are defined below, each with a short note on what it means"
         " here.</p>")
FLOATED_TERMS = "dt{float:left;width:8em;font-weight:bold} dd{margin-left:9em;width:250px}"
ARTICLE = ("The committee met on a cold morning in the old library to discuss the proposal for a new reading room on "
           "the second floor of the building. After a long debate the chairman asked the treasurer to prepare an "
           "estimate. "
           "The secretary agreed to write to the regional council about a grant for the work.")


@pytest.mark.parametrize("terms", [
    [("alpha", "first letter of the Greek alphabet"), ("beta", "second letter"), ("gamma", "third letter"),
     ("delta", "fourth letter")],
    [("alpha", "first letter of the Greek alphabet, used here for the angle between the two arms of the lever"),
     ("beta", "second letter"), ("gamma", "third letter, which the text uses for the ratio of the two forces acting"
                                          " on it"), ("delta", "fourth letter")],
    # two terms: too few for three rows of evidence, the page read "**alpha**", "**beta**", then the definitions
    # run together; the first definition's last row ends a paragraph beside the second term
    [("alpha", "first letter of the Greek alphabet, used here for the angle between the two arms"),
     ("beta", "second letter")],
    [("alpha", "first letter of the Greek alphabet, used here for the angle of the lever"),
     ("beta", "second letter of the Greek alphabet, used for the ratio of the two forces")]],
    ids=["one-line", "wrapping", "two-short", "two-wrapping"])
def test_bold_terms_floated_beside_their_definitions_stay_with_them(tmp_path, terms):
    # a <dl> with dt{float:left}: MuPDF made the terms one block (or one a run of terms where no definition wraps
    # between them) and the definitions another, their lines paired row by row; the page read "**alpha beta gamma
    # delta**", then the definitions run together. Each term is its definition's row, as a man page's are
    body = GREEK + "<dl>" + "".join(f"<dt>{t}</dt><dd>{d}</dd>" for t, d in terms) + "</dl>"
    assert page_markdown(tmp_path, FLOATED_TERMS, body) == (
        "The Greek letters used in this document are defined below, each with a short note on what it means here.\n\n"
        + table(*[(f"**{t}**", d) for t, d in terms]))


def test_a_bold_sidebar_beside_an_article_is_no_definition_list(tmp_path):
    # the blind review of the reverted term_columns: a bold menu floated left of an article whose lines stand on
    # the menu's baselines was read "|**Home**|The committee met ...|". The article's rows beside the menu wrap
    side = "<div style='float:left;width:8em;font-weight:bold'>Home<br>News<br>Events<br>Contact</div>"
    body = GREEK + side + f"<div style='margin-left:9em'><p>{ARTICLE}</p><p>Short one.</p></div>"
    assert page_markdown(tmp_path, "", body) == (
        "The Greek letters used in this document are defined below, each with a short note on what it means here.\n\n"
        f"**Home News Events Contact**\n\n{ARTICLE}\n\nShort one.")


def test_two_columns_of_prose_beside_a_definition_list_rule_read_down(tmp_path):
    # CSS columns of prose on one baseline grid: their rows pair up, but no line of either is a term
    body = GREEK + f"<div style='column-count:2;width:500px'><p>{ARTICLE}</p><p>{ARTICLE}</p></div>"
    assert page_markdown(tmp_path, "", body) == (
        "The Greek letters used in this document are defined below, each with a short note on what it means here.\n\n"
        f"{ARTICLE}\n\n{ARTICLE}")


def test_bold_terms_above_their_definitions_stay_paragraphs(tmp_path):
    # an unfloated <dl> (each definition under its term): no rows to pair, each term and definition a paragraph
    terms = [("alpha", "first letter of the Greek alphabet"), ("beta", "second letter"), ("gamma", "third letter")]
    body = GREEK + "<dl>" + "".join(f"<dt>{t}</dt><dd>{d}</dd>" for t, d in terms) + "</dl>"
    assert page_markdown(tmp_path, "dt{font-weight:bold}", body) == "\n\n".join(
        ["The Greek letters used in this document are defined below, each with a short note on what it means here."]
        + [part for pair in terms for part in pair])


@pytest.mark.parametrize("font", ["", TIMES])
@pytest.mark.parametrize("css", ["td,th{padding:0}", "td,th{padding:0;border:1px solid #000}"],
                         ids=["borderless", "ruled"])
def test_a_table_with_no_padding_whose_cells_touch_is_a_table_of_its_cells(tmp_path, css, font):
    # `border-collapse: collapse` and `padding: 0`: a wide cell's last letter touches the next column's first, no
    # gap at all (the 1px padding's 0.125 em is read by its gap): the head was "ServicePortProto" and the rows
    # "|ssh 22 tcp|remote shell|". The columns touch too: a line at a column's start is that column's. Ruled, the
    # head cells' bottom borders, just under their text and no wider, were taken for link underlines: "Service ssh".
    # In Times, "domain53" touched with a letter before the digit, which no case change marked as two words: the
    # edge at "22", "80" and "443" was left uncut and the table read "|Service Port|Proto|Notes|", "|ssh 22|tcp|..."
    rows = [("Service", "Port", "Proto", "Notes"), ("ssh", "22", "tcp", "remote shell"),
            ("domain", "53", "udp", "name lookups"), ("http", "80", "tcp", "web"),
            ("https", "443", "tcp", "secure web")]
    text = page_markdown(tmp_path, css + font, "<p>Ports:</p>" + html_table(*rows))
    assert text == "Ports:\n\n" + table(*rows)


def test_names_in_camel_case_in_a_tight_table_stay_whole(tmp_path):
    # the column-edge rule parts letters that touch only where a column of the table starts: a name's capital
    # inside a cell ("JavaScript", "McDonald", "iPhone") stands at none
    rows = [("Name", "Owner", "Year"), ("JavaScript", "McDonald", "1995"), ("PostScript", "iPhone", "1984"),
            ("TypeScript", "MacBook", "2012"), ("CoffeeScript", "YouTube", "2009")]
    text = page_markdown(tmp_path, "td,th{padding:0 6px 0 0}", "<p>Names:</p>" + html_table(*rows))
    assert text == "Names:\n\n" + table(*rows)


def test_a_link_underlined_in_pieces_in_a_ruled_table_is_no_ruling(tmp_path):
    # links in a ruled table with no padding: their cells' borders were taken for underlines too, and the rows ran
    # together ("|alpha|see this page see this page nowhere|"); the links' own underlines (a piece a run, the bold
    # one apart) still cut no row: no upright rule at their joints
    link = "<a href='https://example.org'>see <b>this</b> page</a>"
    rows = [("Name", "Where"), ("alpha", link), ("beta", link), ("gamma", "nowhere")]
    text = page_markdown(tmp_path, "td,th{padding:0;border:1px solid #000}", "<p>Links:</p>" + html_table(*rows))
    assert text == "Links:\n\n" + table(*[(n, "see this page" if w == link else w) for n, w in rows])


NOTES = ["Older versions of firebird omit all NULLs from SELECT DISTINCT and from UNION.", "Test data unavailable.",
         "MySQL version 3.23.41 does not support UNION.", "Borland Interbase does not support CASE expressions."]


# a paragraph under the notes that reaches under them (a narrower one, under the label's cell alone, is read in
# the label's column: the list after it)
SCRIPT = "The script that follows creates the tables and fills them."
# a smaller font of other proportions: a first note that wraps once, its last word alone at the next block's head
SANS = "body{font-family:'DejaVu Sans',sans-serif;font-size:10px}"


@pytest.mark.parametrize("font", ["", SERIF, SANS])
def test_a_label_beside_its_numbered_notes_is_apart_from_the_first(tmp_path, font):
    # SQLite's null-handling page: "Notes:" in a cell beside the numbered notes; MuPDF set the label and the first
    # note on one line, so the page read "Notes: 1. Older versions ..." and a list starting at 2. In DejaVu Serif
    # the first note wraps ("from UNION." under its marker) and MuPDF keeps all four notes in the label's block:
    # the page read one paragraph, "Notes:  1. Older versions ... 2. Test data unavailable. 3. ..."; in DejaVu Sans
    # 10px MuPDF starts the notes' block with the first note's last word: "Notes:  1. Older versions ... and from",
    # then "UNION." over the list from 2
    notes = "<br>".join(f"{n}.&nbsp;{note}" for n, note in enumerate(NOTES, 1))
    body = ("<p>The table above shows how each engine treats NULL.</p><table style='margin-left:30px'><tr>"
            f"<td valign=top>Notes:&nbsp;&nbsp;</td><td>{notes}</td></tr></table><p>{SCRIPT}</p>")
    assert page_markdown(tmp_path, "td{padding:0}" + font, body) == (
        "The table above shows how each engine treats NULL.\n\nNotes:\n\n"
        + "\n".join(f"{n}. {note}" for n, note in enumerate(NOTES, 1)) + f"\n\n{SCRIPT}")


def test_a_sentence_ending_in_a_colon_and_a_number_over_a_list_keeps_its_text(tmp_path):
    # a label's cut needs the next number under the first item's marker: a paragraph that says "Step: 1. ..." over
    # a list set at the margin is left as it reads
    body = ("<p>Read this: 1. comes first in the order given here.</p>"
            + "<ol start=2>" + "".join(f"<li>{note}</li>" for note in NOTES[1:]) + "</ol>")
    assert page_markdown(tmp_path, "", body) == (
        "Read this: 1. comes first in the order given here.\n\n"
        + "\n".join(f"{n}. {note}" for n, note in enumerate(NOTES[1:], 2)))


def test_a_two_line_bold_sidebar_beside_an_article_is_no_definition_list(tmp_path):
    # two bold lines floated left of an article: its row beside the second line wraps
    side = "<div style='float:left;width:8em;font-weight:bold'>Home<br>News</div>"
    body = GREEK + side + f"<div style='margin-left:9em'><p>{ARTICLE}</p><p>Short one.</p></div>"
    assert page_markdown(tmp_path, "", body) == (
        "The Greek letters used in this document are defined below, each with a short note on what it means here.\n\n"
        f"**Home News**\n\n{ARTICLE}\n\nShort one.")


def test_a_grid_of_numbered_steps_reads_a_step_at_a_time(tmp_path):
    # a CSS grid of four steps, two to a row, each a heading and a line, at the page's foot: read as a page's two
    # columns of sections, 1, 3, 2, 4, or row by row as items, both headings before both lines
    steps = [("Step 1", "Take the printer out of its box."), ("Step 2", "Plug the printer into the wall."),
             ("Step 3", "Load paper into the tray."), ("Step 4", "Install the driver and print a test page.")]
    intro = "Setting up the printer takes four steps, shown below in order, one after another, as the numbers say."
    css = ".grid{display:grid;grid-template-columns:1fr 1fr;column-gap:48px;row-gap:16px}"
    cells = "".join(f"<div><h3>{name}</h3><p>{line}</p></div>" for name, line in steps)
    text = page_markdown(tmp_path, css, f"<p>{intro}</p><div class=grid>{cells}</div>")
    assert text.split("\n\n") == [intro, *(part for name, line in steps for part in (f"### {name}", line))]


def test_a_comparison_table_whose_row_wraps_in_both_columns_at_the_pages_foot_stays_a_table(tmp_path):
    # two columns of a table as wide as each other, a row of each wrapped, nothing under them: both columns
    # held wrapped prose as wide as the other, so they were taken for a page's two columns of text and read
    # row by row as paragraphs, the cells apart ("Plan A", "Plan B", "Costs less.", "Costs more.", ...)
    rows = [("**Plan A**", "**Plan B**"), ("Costs less.", "Costs more."),
            ("Takes two years to build, with the first year spent on the ground works and the roads into the site.",
             "Takes one year to build, since the ground works were done when the old plant was pulled down last "
             "spring.")]
    intro = ("We weighed the two plans against each other before the board met, and set out what we found in the "
             "table below.")
    left = "vertical-align:top;text-align:left;padding:4px 24px 2px 0"
    right = "vertical-align:top;padding:4px 0 2px 24px"
    head, *body = [tuple(cell.strip("*") for cell in row) for row in rows]
    html = (f"<p>{intro}</p><table style='width:100%'><tr><th style='{left};width:50%'>{head[0]}</th>"
            f"<th style='{right};text-align:left'>{head[1]}</th></tr>"
            + "".join(f"<tr><td style='{left}'>{a}</td><td style='{right}'>{b}</td></tr>" for a, b in body)
            + "</table>")
    assert page_markdown(tmp_path, "", html) == f"{intro}\n\n" + table(*rows)


def test_an_invoices_price_run_into_its_total_reads_two_numbers(tmp_path):
    # a <table> with no style under `border-collapse: collapse`: cells 2 px apart (0.126 em at 12 points), under
    # MuPDF's 0.15 em for a space, so the widest price ran into its total, "12.0012.00", one number of neither
    rows = [("Item", "Qty", "Price", "Total"), ("Widget", "2", "3.50", "7.00"), ("Gadget", "1", "12.00", "12.00"),
            ("Cable", "3", "2.25", "6.75"), ("Total due", "", "", "25.75")]
    text = page_markdown(tmp_path, "", "<p>Invoice 118:</p>" + html_table(*rows))
    assert text == "Invoice 118:\n\n" + table(*rows)


def test_an_invoice_whose_numbers_are_set_flush_right_is_a_table(tmp_path):
    # the quantities and prices set flush right share no left edge, and the widest row ran into one MuPDF line,
    # its numbers glued ("Adapter 10112.001,120.00"); alone on its row it made the whole table a paragraph:
    # "Item Qty Price Total Widget 2 3.50 7.00 ..."
    rows = [("Item", "Qty", "Price", "Total"), ("Widget", "2", "3.50", "7.00"), ("Gadget", "1", "12.00", "12.00"),
            ("Cable", "3", "2.25", "6.75"), ("Adapter", "10", "112.00", "1,120.00")]
    text = page_markdown(tmp_path, "td,th{text-align:right} td:first-child,th:first-child{text-align:left}",
                         "<p>Invoice 118:</p>" + html_table(*rows))
    assert text == "Invoice 118:\n\n" + table(*rows)


@pytest.mark.parametrize("css, body", [
    ("", "<pre>make\nmake check\nsudo make install</pre>"),
    ("pre{background:#eee;padding:8px}", "<pre><code>def f(a):\n    return a + 1\n\nprint(f(2))</code></pre>")])
def test_a_page_that_is_one_listing_keeps_its_lines_fenced(tmp_path, css, body):
    # a page whose only text is a <pre> is all monospaced, which read as a typewritten document (monospace marks no
    # code there): its lines were joined as prose, "make make check sudo make install", "def f(a): return a + 1".
    # Its lines end where the next line's first word would have fitted: the author broke them, code's lines
    text = page_markdown(tmp_path, css, body)
    code = body.split(">", 2)[-1].split("</")[0] if "<code>" in body else body[5:-6]
    assert text == f"```\n{code}\n```"


def test_a_contents_page_whose_leaders_are_dots_under_the_row_reads_an_entry_a_line(tmp_path):
    # the W3C's leader recipe (a float of dots under each row, the title's and the number's white boxes painted over
    # its ends, the rest cut by the list's overflow): MuPDF's blocks held the leaders, the titles and the numbers
    # apart, and the page read ". . . (all the dots) Introduction Getting started ... 1 7 12 25". The dots under
    # the boxes are hidden (`paint_order.chars_under_fills`); the rest join their row (`leader_rows`)
    import re

    entries = [("Introduction", "1"), ("Getting started", "7"), ("Installing the tools", "12"), ("Configuration", "25")]
    css = ("ul.leaders{max-width:40em;padding:0;overflow-x:hidden;list-style:none} ul.leaders li:before{float:left;"
           "width:0;white-space:nowrap;content:'" + ". " * 80 + "'} ul.leaders span:first-child{padding-right:0.33em;"
           "background:white} ul.leaders span+span{float:right;padding-left:0.33em;background:white;"
           "position:relative;z-index:1}")
    body = "<h1>Contents</h1><ul class=leaders>" + "".join(f"<li><span>{t}</span><span>{n}</span></li>"
                                                           for t, n in entries) + "</ul>"
    heading, *rows = page_markdown(tmp_path, css, body).split("\n\n")
    assert heading == "# Contents" and len(rows) == len(entries)
    for row, (title, number) in zip(rows, entries):
        assert re.fullmatch(rf"{title}( \.){{20,}} {number}", row), row  # the dots a row shows, however many


_CONTENTS = [("Introduction", "1"), ("Getting started", "7"), ("Installing the tools", "12"), ("Configuration", "25")]
_ENTRY = "<div class=entry><span>{}</span><span class=dots></span><span>{}</span></div>"


@pytest.mark.parametrize("css, body", [
    (".entry{display:flex;margin:0 0 8px}.dots{flex:1;margin:0 4px;border-bottom:1px dotted}",
     "".join(_ENTRY.format(t, n) for t, n in _CONTENTS)),
    (".entry{display:flex;margin:0 0 8px}.dots{flex:1;margin:0 4px;background:radial-gradient(circle,#000 1px,"
     "transparent 1.5px) bottom/6px 4px repeat-x}", "".join(_ENTRY.format(t, n) for t, n in _CONTENTS)),
    ("", "".join(f"<div style='display:flex;justify-content:space-between;margin-bottom:8px'><span>{t}</span>"
                 f"<span>{n}</span></div>" for t, n in _CONTENTS)),
    # the titles one column, the pages another (`block_rows.pipe_table`, not a block's lines)
    ("", "<div style='display:flex;justify-content:space-between;width:300px'><div>"
         + "".join(f"<p>{t}</p>" for t, _ in _CONTENTS) + "</div><div>" + "".join(f"<p>{n}</p>" for _, n in _CONTENTS)
         + "</div></div>")])
def test_a_contents_page_whose_leaders_are_drawn_not_written_reads_an_entry_a_line(tmp_path, css, body):
    # leaders drawn as a dotted border, as a gradient's dots, or not at all: the text layer holds each title and its
    # page a column apart, and the page was a table headed by its first entry ("|Introduction|1|" over "|---|---|")
    expected = "\n\n".join(f"{title} {number}" for title, number in _CONTENTS)
    assert page_markdown(tmp_path, css, "<h1>Contents</h1>" + body) == "# Contents\n\n" + expected




def test_a_journal_issues_contents_whose_pages_are_ranges_reads_an_entry_a_line(tmp_path):
    # an issue's contents gives each paper's pages as a range ("12–14"), no leader: the contents check took only a
    # page number for one, and the page was a table headed by its first paper ("|Editorial|1–2|" over "|---|---|")
    papers = [("Editorial", "1–2"), ("Sparse attention at scale", "3–11"), ("A survey of tokenizers", "12–30"),
              ("Book reviews", "31–34")]
    body = "".join(f"<div style='display:flex;justify-content:space-between;margin-bottom:8px'><span>{t}</span>"
                   f"<span>{n}</span></div>" for t, n in papers)
    expected = "\n\n".join(f"{title} {pages}" for title, pages in papers)
    assert page_markdown(tmp_path, "", "<h1>Contents</h1>" + body) == "# Contents\n\n" + expected

@pytest.mark.parametrize("rows", [
    # a ranking by year, a schedule in 24-hour times: four digits, no contents page's pages
    [("Alice Smith", "1990"), ("Bob Jones", "1995"), ("Carol White", "2001"), ("Dan Brown", "2010")],
    [("Registration", "0830"), ("Opening talk", "0915"), ("Workshops", "1030"), ("Closing panel", "1600")]])
def test_a_table_without_a_head_whose_last_column_ascends_is_no_contents_page(tmp_path, rows):
    # a <table> with no head row whose last column is four-digit numbers going up: taken for a contents page
    # (`borderless_tables.contents`), its rows, set close, were one run ("Alice Smith 1990 Bob Jones 1995 ...");
    # it is a table, read as one drawn without rules is, its first row its head
    body = "<table>" + "".join(f"<tr><td>{name}</td><td>{number}</td></tr>" for name, number in rows) + "</table>"
    css = "td{padding:2px 16px;text-align:left}"
    assert page_markdown(tmp_path, css, "<h2>Winners</h2>" + body) == "### Winners\n\n" + table(*rows)

_CARDS = [("Alice Smith", "Engineer", "Storage"), ("Bob Jones", "Designer", "Search"),
          ("Carol White", "Manager", "Billing"), ("Dan Brown", "Analyst", "Finance")]


@pytest.mark.parametrize("css, card", [
    # each card a grid of label and value (the text layer's lines: `borderless_tables.borderless_table`)
    (".kv{display:grid;grid-template-columns:5em 1fr;border:1px solid #ccc;padding:8px}",
     "<div class=kv><span>Name</span><span>{}</span><span>Role</span><span>{}</span><span>Team</span><span>{}</span>"
     "</div>"),
    # each card a flex row of a labels column and a values column (MuPDF's blocks: `block_rows.pipe_table`)
    (".kv{display:flex;gap:12px}", "<div class=kv><div><p>Name</p><p>Role</p><p>Team</p></div><div><p>{}</p><p>{}</p>"
                                   "<p>{}</p></div></div>")])
def test_a_grid_of_cards_of_labelled_values_is_a_table_a_card(tmp_path, css, card):
    # two cards a row, each the same labels beside one person's values: read as one table, each row ran across
    # both cards under the first card's first row as its head ("|Name|Alice Smith|Name|Bob Jones|" over
    # "|---|---|---|---|"). A card is a record: its own table, left to right, row by row, under an empty head
    # (its first field names no column), as `tables` writes a table whose heads run down its side
    body = ("<h2>Staff</h2><div style='display:grid;grid-template-columns:1fr 1fr;gap:24px'>"
            + "".join(card.format(*values) for values in _CARDS) + "</div>")
    expected = ["## Staff"] + [table(("", ""), ("Name", name), ("Role", role), ("Team", team))
                               for name, role, team in _CARDS]
    assert page_markdown(tmp_path, css, body) == "\n\n".join(expected)


_LISTING = "def area(w, h):\n    if w < 0:\n        raise ValueError(w)\n    return w * h"


@pytest.mark.parametrize("listing", [f"<div style='white-space:pre-wrap'>{_LISTING}</div>",
                                     f"<div class=src>{_LISTING}</div>"])
def test_a_listing_kept_by_pre_wrap_in_a_proportional_font_is_fenced_with_its_indentation(tmp_path, listing):
    # a <div> set `white-space: pre-wrap` in the page's sans-serif: its lines were one paragraph, "def area(w, h):
    # if w < 0: raise ValueError(w) return w * h" (no column edge to tell the author's breaks by), or, under a
    # paragraph that shows the edge, lines without their indentation. Its spaces are in the text layer
    text = page_markdown(tmp_path, ".src{white-space:pre-wrap}",
                         f"<p>The function:</p>{listing}<p>Call it twice.</p>")
    assert text == f"The function:\n\n```\n{_LISTING}\n```\n\nCall it twice."



def test_a_pre_wrap_listing_with_blank_lines_is_one_fence_with_its_indentation(tmp_path):
    # MuPDF cuts the listing into blocks at its blank lines, each too short to tell for a listing ("def f(x):" over
    # "    y = x + 1", then "    return y"): they were paragraphs without their indentation, "def f(x): y = x + 1"
    # over "return y" over "def g():" (its two blank lines before it kept as one, as every listing's are)
    listing = "def f(x):\n    y = x + 1\n\n    return y\n\n\ndef g():\n    pass"
    text = page_markdown(tmp_path, "", f"<p>Code:</p><div style='white-space:pre-wrap'>{listing}</div><p>End.</p>")
    assert text == "Code:\n\n```\ndef f(x):\n    y = x + 1\n\n    return y\n\ndef g():\n    pass\n```\n\nEnd."

def test_dots_a_column_away_from_the_text_on_their_row_are_a_cell_not_a_leader(tmp_path):
    # a Morse table set as two flex columns: "...." stands on the row of "H", a column away. Taken for a contents
    # leader apart from its title (`leader_rows`), it was joined to "H" and the table lost its last row, "H ...."
    body = ("<div style='display:flex;gap:40px'><div><p>Letter</p><p>S</p><p>H</p></div><div><p>Morse</p><p>...</p>"
            "<p>....</p></div></div>")
    assert page_markdown(tmp_path, "", body) == table(("Letter", "Morse"), ("S", "..."), ("H", "...."))


@pytest.mark.parametrize("css, body", [
    ("", "<p>Read the <span style='position:relative'>warning<span style='position:absolute;left:0;top:0;right:0;"
         "bottom:0;background:#ff0;mix-blend-mode:multiply'></span></span> before you start the pump.</p>"),
    (".hl{position:relative} .hl::after{content:'';position:absolute;inset:0;background:#ff0;mix-blend-mode:darken}",
     "<p>Read the <span class=hl>warning</span> before you start the pump.</p>")])
def test_a_highlighter_blended_over_a_word_leaves_it_read(tmp_path, css, body):
    # a marker's box painted after the word, multiplied (or darkened) over it as a highlighter is: the word shows
    # through. Taken for an opaque box painted over it (`paint_order.chars_under_fills`), the word was taken out:
    # "Read the before you start the pump."
    assert page_markdown(tmp_path, css, body) == "Read the warning before you start the pump."


def test_a_typewritten_text_indented_as_an_rfc_is_printed_stays_prose(tmp_path):
    # a plain-text RFC printed by a browser (one <pre>): every line indented three spaces, filled to 72 columns.
    # Its lines were taken for ones the author broke (each line's own indent counted as a step in from the line
    # above, `style._mono_breaks`) and the whole text came out as one fenced listing, its paragraphs unjoined
    import html
    import textwrap

    paras = ["The Transmission Control Protocol is intended for use as a highly reliable host-to-host protocol "
             "between hosts in packet-switched computer communication networks.",
             "This document describes the functions to be performed by the Transmission Control Protocol, the "
             "program that implements it, and its interface to programs or users that require its services.",
             "Computer communication systems are playing an increasingly important role in military, government, "
             "and civilian environments."]
    text = "1.  Introduction\n\n" + "\n\n".join(textwrap.fill(p, 72, initial_indent="   ", subsequent_indent="   ")
                                                for p in paras)
    assert page_markdown(tmp_path, "", f"<pre>{html.escape(text)}</pre>") == "\n\n".join(["1. Introduction", *paras])


@pytest.mark.parametrize("size", [9, 12, 16, 24])
@pytest.mark.parametrize("css", ["", "del,s{text-decoration-thickness:3px}"])
def test_words_struck_through_are_read(tmp_path, css, size):
    # a strike-through is a bar drawn after its word, through its middle: painted after the text and over the
    # centres of its characters, it was taken for a box that covers them (`paint_order.chars_under_fills`, and a
    # thick flat one for a cover, `covered_text.covers`): "The price was thirty today." A bar thinner than half a
    # character's height hides nothing; the struck word is read, as it is seen
    text = page_markdown(tmp_path, f"p{{font-size:{size}px}} {css}",
                         "<p>The price was <del>forty</del> thirty <s>dollars</s> today.</p>")
    assert text == "The price was forty thirty dollars today."


def test_text_a_fixed_header_is_printed_over_is_hidden(tmp_path):
    # a site's fixed header, printed over the top of the page's text (a white box with the site's name on it,
    # painted after the text): the lines under it are not seen. The box is not flat (`covered_text.covers`) and
    # holds the lines it meets whole, which `paint_order.chars_under_fills` took for a background painted before
    # its text; the painting order says it was painted after, and the lines under it were read first
    css = "body{margin:0} p{margin:0;line-height:20px} .top{position:fixed;top:0;left:0;right:0;height:40px;" \
          "background:#fff;border-bottom:1px solid #000}"
    lines = [f"Body text line {n} of the article under the header." for n in range(1, 6)]
    body = "<div class=top><b>Site name</b></div>" + "".join(f"<p>{line}</p>" for line in lines)
    assert page_markdown(tmp_path, css, body) == "\n\n".join(["**Site name**", *lines[2:]])
