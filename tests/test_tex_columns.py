"""Short two-column pages pdfLaTeX sets whose columns' blocks stand level, row for row: read column by column."""

from __future__ import annotations

import pytest

from sources.latex.compile import find_pdflatex
from tests.test_tex_pages import _has_class, compiled, read_pages

pytestmark = pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")


def two_columns(left: str, right: str) -> str:
    """A twocolumn article page: ``left`` in the first column, ``right`` from the top of the second."""
    return ("\\documentclass[twocolumn]{article}\n\\pagestyle{empty}\n\\begin{document}\n"
            + left + "\n\\newpage\n" + right + "\n\\end{document}\n")


def page_text(tmp_path, source: str) -> str:
    [page] = read_pages(compiled(tmp_path, source))
    return page.text


def test_columns_of_short_sections_level_row_for_row_read_column_by_column(tmp_path):
    # each column three sections of a line each, the headings level with each other: the page was read as
    # a table drawn without rules whose cells held headings, row by row ("## 1 Apples", "## 4 Pears",
    # "Apples grow on trees.", "Pears grow on trees.", ...)
    fruit = [("Apples", "Apples grow on trees."), ("Plums", "Plums grow on trees."),
             ("Cherries", "Cherries grow on trees."), ("Pears", "Pears grow on trees."),
             ("Figs", "Figs grow on trees."), ("Dates", "Dates grow on palms.")]
    sections = ["\\section{" + name + "}\n" + text + "\n" for name, text in fruit]
    text = page_text(tmp_path, two_columns("".join(sections[:3]), "".join(sections[3:])))
    assert text.split("\n\n") == [part for i, (name, line) in enumerate(fruit, 1)
                                  for part in (f"## {i} {name}", line)]


def test_columns_each_a_section_a_paragraph_and_a_line_read_column_by_column(tmp_path):
    # a section heading, a wrapped paragraph and a one-line one in each column, level row for row: two of
    # each column's three rows hold no wrapped prose, so the two were one table whose cells held headings
    body = ("{0} grow on trees in orchards across the temperate world, and keep well through the winter when "
            "stored cool and dry.\n\n{0} keep.")
    left = "\\section{Apples}\n" + body.format("Apples")
    right = "\\section{Pears}\n" + body.format("Pears")
    text = page_text(tmp_path, two_columns(left, right))
    paragraphs = [" ".join(body.format(name).split("\n\n")[0].split()) for name in ("Apples", "Pears")]
    assert text.split("\n\n") == ["## 1 Apples", paragraphs[0], "Apples keep.",
                                  "## 2 Pears", paragraphs[1], "Pears keep."]


NOTES = ("{0} grow on trees in orchards across the temperate world,\\footnote{{{1}}} and they keep well "
         "through the winter when stored cool and dry in a cellar or a shed.\\footnote{{{2}}}")
PROSE = ("{0} grow on trees in orchards across the temperate world,<sup>{1}</sup> and they keep well "
         "through the winter when stored cool and dry in a cellar or a shed.<sup>{2}</sup>")


@pytest.mark.parametrize("headed", [True, False], ids=["sections", "no-headings"])
def test_each_columns_footnotes_read_at_its_foot_in_order(tmp_path, headed):
    # column 1's notes 1 and 2, column 2's notes 3 and 4, level row for row at the columns' feet: they read
    # 1, 3, 2, 4 after both paragraphs (under both headings), or, with no heading, as a pipe table of the
    # two paragraphs over two rows of notes
    left = ("\\section{Apples}\n" if headed else "") + NOTES.format("Apples", "Mostly in the north.",
                                                                    "A shed must be dry.")
    right = ("\\section{Pears}\n" if headed else "") + NOTES.format("Pears", "Mostly in the south.",
                                                                   "A cellar must be cool.")
    text = page_text(tmp_path, two_columns(left, right))
    heads = (["## 1 Apples"], ["## 2 Pears"]) if headed else ([], [])
    assert text.split("\n\n") == [
        *heads[0], PROSE.format("Apples", 1, 2), "<sup>1</sup>Mostly in the north.",
        "<sup>2</sup>A shed must be dry.",
        *heads[1], PROSE.format("Pears", 3, 4), "<sup>3</sup>Mostly in the south.",
        "<sup>4</sup>A cellar must be cool."]


def test_full_columns_of_one_paragraph_and_two_notes_each_are_no_table(tmp_path):
    # each column a paragraph of some twenty lines and its two notes: three rows level in both columns, two of
    # them notes of a line, made a pipe table of the two paragraphs over the notes
    words = "the orchard keeps its trees in rows and the rows run down the hill to the river".split()
    halves = [" ".join(words[(i * 7 + j) % len(words)] for j in range(130)).capitalize() for i in range(4)]
    notes = ["Mostly in the north.", "A shed must be dry.", "Mostly in the south.", "A cellar must be cool."]
    left, right = (f"{halves[i]}.\\footnote{{{notes[i]}}} {halves[i + 1]}.\\footnote{{{notes[i + 1]}}}"
                   for i in (0, 2))
    text = page_text(tmp_path, two_columns(left, right))
    assert "|" not in text
    assert text.split("\n\n") == [
        f"{halves[0]}.<sup>1</sup> {halves[1]}.<sup>2</sup>", "<sup>1</sup>" + notes[0], "<sup>2</sup>" + notes[1],
        f"{halves[2]}.<sup>3</sup> {halves[3]}.<sup>4</sup>", "<sup>3</sup>" + notes[2], "<sup>4</sup>" + notes[3]]


@pytest.mark.skipif(not _has_class("elsarticle"), reason="elsarticle is not installed")
def test_columns_over_a_footer_across_the_page_read_column_by_column(tmp_path):
    # elsarticle's first page sets "Preprint submitted to Elsevier" across the page under the columns, so their
    # band runs to no foot of the text; its headings are bold lines of the text's size, no markdown headings.
    # Each column wraps and both are as wide: the page's columns, not a pipe table of headings, paragraphs
    # and notes
    column = ("\\section{{{0}}}\n{0} grow on trees in orchards across the temperate world.\\footnote{{{1}}} "
              "They keep well in a cellar.\\footnote{{{2}}}\n\\section{{{3}}}\n{3} keep.\n")
    source = ("\\documentclass[5p,twocolumn]{elsarticle}\n\\begin{document}\n\\begin{frontmatter}\n"
              "\\title{Fruit}\n\\author{A. Grower}\n\\end{frontmatter}\n"
              + column.format("Apples", "Mostly in the north.", "A shed must be dry.", "Plums") + "\\newpage\n"
              + column.format("Pears", "Mostly in the south.", "A cellar must be cool.", "Figs") + "\\end{document}\n")
    parts = page_text(tmp_path, source).split("\n\n")
    assert "|" not in "".join(parts)
    prose = "{0} grow on trees in orchards across the temperate world.<sup>{1}</sup> They keep well in a cellar."
    assert parts[2:-1] == [
        "**1. Apples**", prose.format("Apples", 1) + "<sup>2</sup>", "**2. Plums**", "Plums keep.",
        "<sup>1</sup>Mostly in the north.", "<sup>2</sup>A shed must be dry.",
        "**3. Pears**", prose.format("Pears", 3) + "<sup>4</sup>", "**4. Figs**", "Figs keep.",
        "<sup>3</sup>Mostly in the south.", "<sup>4</sup>A cellar must be cool."]


@pytest.mark.skipif(not _has_class("IEEEtran"), reason="IEEEtran is not installed")
def test_ieee_columns_of_lines_each_with_its_note_read_column_by_column(tmp_path):
    # IEEEtran's section headings are lines of the text's size (no markdown heading) and each paragraph a
    # line: nothing wraps, and the two columns were a pipe table ("|I. APPLES|III. PEARS|"); the note at each
    # column's foot makes them columns of text
    column = ("\\section{{{0}}}\n{0} grow on trees.\\footnote{{{1}}}\n\n{0} keep well.\n"
              "\\section{{{2}}}\n{2} grow on trees.\n")
    source = ("\\documentclass[conference]{IEEEtran}\n\\begin{document}\n" + column.format("Apples", "North.", "Plums")
              + "\\newpage\n" + column.format("Pears", "South.", "Figs") + "\\end{document}\n")
    assert page_text(tmp_path, source).split("\n\n") == [
        "I. APPLES", "Apples grow on trees.<sup>1</sup>", "Apples keep well.", "II. PLUMS", "Plums grow on trees.",
        "<sup>1</sup>North.", "III. PEARS", "Pears grow on trees.<sup>2</sup>", "Pears keep well.", "IV. FIGS",
        "Figs grow on trees.", "<sup>2</sup>South."]


def test_a_grid_of_numbered_steps_reads_step_by_step(tmp_path):
    # four minipages, two to a row, each a numbered step's heading and its line, at the page's foot: each
    # column holds a heading under its top (sections), so the two were a page's columns of text and read
    # 1, 3, 2, 4; before that, the grid's rows were read item by item, both headings, then both lines. The
    # numbers run across the rows, not down the columns: a grid, read a step (its heading and its line) at a time
    steps = [("Step 1", "Take the printer out of its box."), ("Step 2", "Plug the printer into the wall."),
             ("Step 3", "Load paper into the tray."), ("Step 4", "Install the driver and print a page.")]
    cells = ["\\begin{minipage}[t]{0.45\\textwidth}\\subsection*{" + name + "}" + line + "\\end{minipage}"
             for name, line in steps]
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n"
              "Setting up the printer takes four steps, shown below in order, one after another, as the numbers say."
              "\n\n\\bigskip\n"
              f"\\noindent{cells[0]}\\hfill{cells[1]}\n\n\\bigskip\n\\noindent{cells[2]}\\hfill{cells[3]}\n"
              "\\end{document}\n")
    assert page_text(tmp_path, source).split("\n\n") == [
        "Setting up the printer takes four steps, shown below in order, one after another, as the numbers say.",
        *(part for name, line in steps for part in (f"### {name}", line))]


def test_columns_each_an_unnumbered_section_read_column_by_column(tmp_path):
    # as above under \section*: a heading of each column's own at its top is a text's mark as a numbered one is
    # (a table's head row, HTML's th, is a line in bold), so the columns are no table whose cells hold headings
    body = ("{0} grow on trees in orchards across the temperate world, and keep well through the winter when "
            "stored cool and dry.\n\n{0} keep.")
    text = page_text(tmp_path, two_columns("\\section*{Apples}\n" + body.format("Apples"),
                                           "\\section*{Pears}\n" + body.format("Pears")))
    paragraphs = [" ".join(body.format(name).split("\n\n")[0].split()) for name in ("Apples", "Pears")]
    assert text.split("\n\n") == ["## Apples", paragraphs[0], "Apples keep.", "## Pears", paragraphs[1], "Pears keep."]


ORCHARD = "the orchard keeps its trees in rows and the rows run down the hill to the river".split()
LEAD = ("This lead paragraph spans the page width and is a short one of two lines or so that sits above both "
        "columns of the text set below it on the page.")
TAIL = ("This closing paragraph spans the page width and is a short note of two lines or so that sits under both "
        "columns of the text set above it on the page.")


def orchard(i: int, words: int = 25) -> str:
    """The ``i``-th paragraph of ``words`` words of the orchard's, each starting five words on."""
    return " ".join(ORCHARD[(i * 5 + j) % len(ORCHARD)] for j in range(words)).capitalize() + "."


@pytest.mark.parametrize("count,newpage", [(2, True), (3, False)], ids=["two-columns", "one-column"])
def test_an_abstract_across_the_page_leaves_the_columns_paragraphs_prose(tmp_path, count, newpage):
    # an abstract over the columns (\twocolumn[...]), as wide as the page, was joined with the first column's
    # paragraphs as one verse (its width hid their justified edge): each of the column's lines kept as a line
    left = "\n\n".join(orchard(i) for i in range(count))
    right = "\n\n".join(orchard(i) for i in range(count, 2 * count)) if newpage else ""
    source = ("\\documentclass[twocolumn]{article}\n\\pagestyle{empty}\n\\begin{document}\n"
              "\\twocolumn[\\begin{abstract}" + LEAD + "\\end{abstract}]\n" + left
              + ("\n\\newpage\n" + right if newpage else "") + "\n\\end{document}\n")
    paragraphs = [orchard(i) for i in range(2 * count if newpage else count)]
    assert page_text(tmp_path, source).split("\n\n") == ["## Abstract", LEAD] + paragraphs


@pytest.mark.parametrize("lead,tail", [(True, False), (False, True), (True, True)], ids=["over", "under", "both"])
def test_a_paragraph_across_the_page_leaves_the_one_the_first_columns_foot_cut_whole(tmp_path, lead, tail):
    # multicols' balanced columns under (or over) a paragraph set across the page: over them, its lines ended
    # the first column's at the page's edge, each of them short; under them, the first column's foot stood over
    # it; either way the paragraph cut at that foot was read as two ("... keeps its" | "trees in rows ...")
    body = "\n\n".join(orchard(i) for i in range(3))
    source = ("\\documentclass{article}\n\\usepackage{multicol}\n\\pagestyle{empty}\n\\begin{document}\n"
              + (LEAD if lead else "") + "\n\\begin{multicols}{2}\n" + body + "\n\\end{multicols}\n"
              + (TAIL if tail else "") + "\n\\end{document}\n")
    assert page_text(tmp_path, source).split("\n\n") == [LEAD] * lead + [orchard(i) for i in range(3)] + [TAIL] * tail


LONG_TITLE = "A Study of the Orchards That Keep Their Trees in Rows Running Down the Hill to the River"


@pytest.mark.parametrize("options", ["", "twocolumn"])
def test_a_single_authors_lines_are_a_line_each(tmp_path, options):
    # article's \author with \\ between name, institution and e-mail, one author: the centred stack was one
    # heading, "### Jane Doe University of X"; a grid of two authors writes a line a field, and so does one
    source = ("\\documentclass[" + options + "]{article}\n\\pagestyle{empty}\n\\title{A Study of Orchards}\n"
              "\\author{Jane Doe\\\\University of X\\\\jane@x.org}\n\\date{}\n\\begin{document}\n"
              "\\maketitle\n" + orchard(0, 40) + "\n\n" + orchard(1, 40) + "\n\\end{document}\n")
    assert page_text(tmp_path, source).split("\n\n") == [
        "## A Study of Orchards", "### Jane Doe\n### University of X", "### jane@x.org", orchard(0, 40),
        orchard(1, 40)]


def test_a_title_tex_wrapped_over_an_author_stays_one_heading(tmp_path):
    # a centred stack of rows, as an author's lines are, but the first fills the measure: TeX broke it
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\title{" + LONG_TITLE + "}\n"
              "\\author{Jane Doe}\n\\date{}\n\\begin{document}\n\\maketitle\n" + orchard(0, 40) + "\n\\end{document}\n")
    assert page_text(tmp_path, source).split("\n\n") == ["## " + LONG_TITLE, "### Jane Doe", orchard(0, 40)]


def test_a_title_tex_wrapped_in_a_narrower_box_stays_one_heading(tmp_path):
    # a centred title TeX wrapped in a minipage half the measure wide: each row leaves room in the page's measure
    # for the next row's first word, as an author's broken lines do, and the title was three headings, one of them
    # "## Keep Their Trees in"; a title's size (1.4 body sizes or more) is no author's
    title = "The Orchards That Keep Their Trees in Rows Down the Hill"
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\begin{center}\\begin{minipage}"
              "{0.5\\textwidth}\\centering\\LARGE " + title + "\\end{minipage}\\end{center}\n" + orchard(0, 40)
              + "\n\\end{document}\n")
    assert page_text(tmp_path, source).split("\n\n") == ["## " + title, orchard(0, 40)]


def test_columns_of_short_sections_over_a_paragraph_across_the_page_read_column_by_column(tmp_path):
    # multicols' columns of three sections each, their headings level, over a paragraph set across the page: the
    # band of columns did not run to the page's foot, and was read a row of sections at a time (1, 4, 2, 5, 3, 6)
    fruit = [("Apples", "Apples grow on trees."), ("Plums", "Plums grow on trees."),
             ("Cherries", "Cherries grow on trees."), ("Pears", "Pears grow on trees."),
             ("Figs", "Figs grow on trees."), ("Dates", "Dates grow on palms.")]
    sections = ["\\section{" + name + "}\n" + text + "\n" for name, text in fruit]
    source = ("\\documentclass{article}\n\\usepackage{multicol}\n\\pagestyle{empty}\n\\begin{document}\n" + LEAD
              + "\n\\begin{multicols}{2}\n" + "".join(sections[:3]) + "\\columnbreak\n" + "".join(sections[3:])
              + "\\end{multicols}\n" + TAIL + "\n\\end{document}\n")
    assert page_text(tmp_path, source).split("\n\n") == [LEAD] + [
        part for i, (name, line) in enumerate(fruit, 1) for part in (f"## {i} {name}", line)] + [TAIL]


def test_three_narrow_columns_between_paragraphs_across_the_page_keep_their_paragraphs_whole(tmp_path):
    # multicols' three columns 6pt apart, between paragraphs across the page: two rows of the page only showed a
    # gap taken for a gutter, far from the rows where the second column's paragraph runs on into the third's, and
    # a gutter that stood only on its own rows split that paragraph: a gutter stands the height of the lines beside it
    body = "\n\n".join(orchard(i, 40) for i in range(5))
    source = ("\\documentclass{article}\n\\usepackage{multicol}\n\\setlength{\\columnsep}{6pt}\n\\pagestyle{empty}\n"
              "\\begin{document}\n" + LEAD + "\n\\begin{multicols}{3}\n" + body + "\n\\end{multicols}\n" + TAIL
              + "\n\\end{document}\n")
    assert page_text(tmp_path, source).split("\n\n") == [LEAD] + [orchard(i, 40) for i in range(5)] + [TAIL]


FRUIT_LINES = ["Apples grow on trees.", "Plums grow on trees too.", "Cherries grow on trees.", "Pears grow on trees."]


def test_a_column_of_one_line_paragraphs_set_in_reads_a_paragraph_a_line(tmp_path):
    # paragraphs of one line each, every one set in by \parindent: MuPDF groups them as a block of their own, whose
    # lines all start at one edge, and they were one paragraph ("Apples grow on trees. Plums grow on trees too.
    # ..."), or, under a paragraph of full rows, one verse; the column's edge shows them set in
    left = "\\section*{Fruit}\n" + "\n\n".join(FRUIT_LINES)
    right = orchard(1, 60) + "\n\n" + "\n\n".join(FRUIT_LINES)
    assert page_text(tmp_path, two_columns(left, right)).split("\n\n") == [
        "## Fruit", *FRUIT_LINES, orchard(1, 60), *FRUIT_LINES]


def test_a_paragraph_filling_its_last_row_ends_before_the_next_set_in(tmp_path):
    # a paragraph whose last row runs to the column's edge (\parfillskip 0pt) ending a sentence, then paragraphs set
    # in: the two ran together ("... run down the. Apples grow on trees.")
    full = orchard(7, 12)
    left = (orchard(2, 60) + "\n\n{\\parfillskip=0pt " + full + "\\par}\n\n" + "\n\n".join(FRUIT_LINES[:2]) + "\n\n"
            + orchard(3, 40))
    assert page_text(tmp_path, two_columns(left, orchard(1, 60))).split("\n\n") == [
        orchard(2, 60), full, *FRUIT_LINES[:2], orchard(3, 40), orchard(1, 60)]


def test_a_list_items_sentence_filling_its_row_leaves_the_item_whole(tmp_path):
    # an item whose first row ends a sentence at the edge (\linebreak stretches it there): its rows start at its
    # marker and at its text, both set in from the column's edge, and the text's next row is no paragraph set in
    items = ["Apples grow on trees in rows.\\linebreak " + orchard(2, 30), "Pears grow on trees. " + orchard(4, 20)]
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + orchard(0, 40)
              + "\n\\begin{itemize}\n" + "".join("\\item " + item + "\n" for item in items)
              + "\\end{itemize}\n\\end{document}\n")
    assert page_text(tmp_path, source).split("\n\n") == [
        orchard(0, 40),
        "- Apples grow on trees in rows. " + orchard(2, 30) + "\n- Pears grow on trees. " + orchard(4, 20)]


@pytest.mark.parametrize("options", ["twocolumn", ""])
def test_a_title_tex_wrapped_over_two_rows_across_the_columns_stays_one_heading(tmp_path, options):
    # \maketitle over two columns: MuPDF set each of the title's rows as a block of its own, and the second starts
    # with a capital (title case): the title was two headings, "## ... in Rows Running" | "## Down the Hill ..."
    source = ("\\documentclass[" + options + "]{article}\n\\pagestyle{empty}\n\\title{" + LONG_TITLE + "}\n"
              "\\author{Jane Doe}\n\\date{}\n\\begin{document}\n\\maketitle\n" + orchard(0, 40) + "\n\n"
              + orchard(1, 40) + "\n\\end{document}\n")
    assert page_text(tmp_path, source).split("\n\n") == ["## " + LONG_TITLE, "### Jane Doe", orchard(0, 40),
                                                          orchard(1, 40)]


def test_a_heading_tex_wrapped_in_a_narrow_box_at_a_headings_least_size_stays_one_heading(tmp_path):
    # a \large centred title TeX wrapped in a minipage 0.4 of the measure wide: its last row a block of its own, and
    # the rows in the box written a heading a row, as an author's lines: "### The Orchards That Keep" | "### Their
    # Trees in Rows Down" | "### the Hill"; a row going on in lower case is no author's
    title = "The Orchards That Keep Their Trees in Rows Down the Hill"
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + orchard(1, 40)
              + "\n\n\\begin{center}\\begin{minipage}{0.4\\textwidth}\\centering\\large " + title
              + "\\end{minipage}\\end{center}\n" + orchard(0, 40) + "\n\\end{document}\n")
    assert page_text(tmp_path, source).split("\n\n") == [orchard(1, 40), "### " + title, orchard(0, 40)]


def multicols(first: int, end: int) -> str:
    """A two-column multicols environment of the orchard's paragraphs ``first`` to ``end`` (not included)."""
    return "\\begin{multicols}{2}\n" + "\n\n".join(orchard(i, 40) for i in range(first, end)) + "\n\\end{multicols}\n"


@pytest.mark.parametrize("headed", [False, True], ids=["two-bands", "three-bands"])
def test_multicols_interrupted_by_a_heading_across_the_page_read_band_by_band(tmp_path, headed):
    # multicols, a \section* across the page (as narrow as a column), multicols again: the heading was read with
    # the first column, down through the band under it, before the band over it's second column (0, 1, heading,
    # 3, 4, 2, ...), and the paragraphs the columns' feet cut were read as two
    parts = ([("First Part", 0, 2), ("Across the Page", 3, 4), ("Third Part", 4, 7)] if headed
             else [(None, 0, 3), ("Across the Page", 3, 6)])
    source = ("\\documentclass{article}\n\\usepackage{multicol}\n\\pagestyle{empty}\n\\begin{document}\n"
              + "".join(("\\section*{" + name + "}\n" if name else "") + multicols(a, b) for name, a, b in parts)
              + "\\end{document}\n")
    assert page_text(tmp_path, source).split("\n\n") == [
        part for name, a, b in parts
        for part in ["## " + (name or "")] * bool(name) + [orchard(i, 40) for i in range(a, b)]]


@pytest.mark.skipif(not _has_class("IEEEtran"), reason="IEEEtran is not installed")
def test_ieee_columns_of_one_line_sections_without_notes_read_column_by_column(tmp_path):
    # IEEEtran's section headings are lines of the text's size (no markdown heading), each section's paragraph a line,
    # and no note at the columns' feet: the two columns were a pipe table of their rows ("|I. PART A|V. PART E|");
    # the Roman-numbered titles in capitals down each column are a text's sections
    def column(first: int) -> str:
        return "".join("\\section{Part " + "ABCDEFGH"[i] + "}\n" + orchard(i, 12) + "\n\n"
                       for i in range(first, first + 4))

    source = ("\\documentclass[conference]{IEEEtran}\n\\begin{document}\n" + column(0) + "\\newpage\n" + column(4)
              + "\\end{document}\n")
    assert page_text(tmp_path, source).split("\n\n") == [
        part for i in range(8) for part in (["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][i] + ". PART "
                                            + "ABCDEFGH"[i], orchard(i, 12))]


QUOTED = ("We planted the first rows in spring. Each tree was set two paces from the next. The rows ran down the hill. "
          "The river kept the roots wet. By autumn the trees bore fruit. We picked it by hand. The pears were first. "
          "The plums came after. The apples were last of all. Nobody minded the wait.")


@pytest.mark.parametrize("quoted", [QUOTED, "We planted the first rows in the spring of that year.\\linebreak "
                                    "Each tree was set two paces from the next."], ids=["rows", "two-rows"])
def test_a_quotation_set_in_from_both_edges_of_a_column_stays_one_paragraph(tmp_path, quoted):
    # a quote in a twocolumn page stands 2em in from both of its column's edges (\leftmargini), as far as a
    # paragraph's indent: measured from the column's edge every row was a first line set in, and the quotation was
    # cut at each row ending a sentence ("... By autumn the trees bore fruit." | "We picked it by hand. ...")
    source = ("\\documentclass[twocolumn]{article}\n\\pagestyle{empty}\n\\begin{document}\n" + orchard(0, 30)
              + "\n\\begin{quote}\n" + quoted + "\n\\end{quote}\n" + orchard(1, 30) + "\n\\end{document}\n")
    assert page_text(tmp_path, source).split("\n\n") == [orchard(0, 30), quoted.replace("\\linebreak", ""),
                                                          orchard(1, 30)]


@pytest.mark.parametrize("size,level", [("large", "###"), ("Large", "##")])
def test_a_centred_title_over_by_and_its_authors_name_is_no_one_heading(tmp_path, size, level):
    # a title page's centred title, "by" and the author's name: the row "by" starts in lower case, as the last row
    # of a title TeX wrapped does, and the three were one heading ("### The Orchards of the River Valley by Jane
    # Doe"; set larger, "## The Orchards of the River Valley by" | "## Jane Doe"); the title leaves room for "by"
    title = "The Orchards of the River Valley"
    rows = ("{\\" + size + " " + title + "\\\\ by\\\\ Jane Doe}" if size == "large" else
            "\\\\[0.5em]\n".join("{\\" + size + " " + row + "}" for row in (title, "by", "Jane Doe")))
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\begin{center}\n" + rows
              + "\n\\end{center}\n" + orchard(0, 40) + "\n\\end{document}\n")
    heads = [title, "by\n" + level + " Jane Doe"] if size == "large" else [title, "by", "Jane Doe"]
    assert page_text(tmp_path, source).split("\n\n") == [level + " " + head for head in heads] + [orchard(0, 40)]
