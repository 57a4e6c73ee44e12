"""What TeX reads is what the targets hold: ``\\input`` wherever it stands, ``\\endinput``, name.tex before
name, a Latin-1 macro file; and no interleaved part carries a page the page check refused."""

from __future__ import annotations

import pytest

from samples.latex_maker import make_archive
from shards.reject import Reject
from shards.sample import Sample
from sources.latex.compile import find_pdflatex
from sources.latex.read import LatexOptions, read_latex

pytestmark = pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")


def _records(files: dict[str, bytes]) -> list:
    return list(read_latex(make_archive(files), "probe.tar.gz", LatexOptions()))


def _doc(records) -> dict[int, str]:
    return {r.meta["page"]: r.text for r in records if isinstance(r, Sample) and r.kind == "doc_ocr"}


def _texts(records) -> list[list[str]]:
    return [[s.get("text") for s in r.segments] for r in records if isinstance(r, Sample) and r.kind == "interleaved"]


def _main(body: str, preamble: str = "") -> bytes:
    return f"\\documentclass{{article}}\n{preamble}\\begin{{document}}\n{body}\\end{{document}}\n".encode()


def test_an_input_inside_a_line_and_one_without_braces_are_read_in_place():
    records = _records({
        "main.tex": _main("\\section{Setup}\nWe describe the rig first. \\input{parts/rig} Then the results.\n\n"
                          "\\input parts/extra\n\nClosing paragraph of the setup section.\n"),
        "parts/rig.tex": b"The rig has four copper plates mounted on a walnut frame.\n",
        "parts/extra.tex": b"An extra paragraph about the calibration of thermocouples.\n"})
    expected = ["# 1 Setup",
                "We describe the rig first. The rig has four copper plates mounted on a walnut frame. "
                "Then the results.",
                "An extra paragraph about the calibration of thermocouples.", "Closing paragraph of the setup section."]
    assert _doc(records) == {1: "\n\n".join(expected)}
    assert _texts(records) == [expected]


def test_two_inputs_on_one_line_are_both_read():
    records = _records({"main.tex": _main("\\section{Two}\n\\input{a}\\input{b}\n"),
                        "a.tex": b"Input a talks about violins.\n", "b.tex": b"Input b talks about trumpets.\n"})
    assert _doc(records) == {1: "# 1 Two\n\nInput a talks about violins. Input b talks about trumpets."}


def test_endinput_ends_the_file_after_its_line_and_name_tex_is_read_before_name():
    records = _records({
        "main.tex": _main("\\section{Endinput}\nFirst paragraph about copper kettles.\n\n\\input{part}\n\n"
                          "\\input{body}\n"),
        "part.tex": b"Typeset paragraph about maple syrup.\n\\endinput\n\nUntypeset paragraph about hurricanes.\n",
        "body.tex": b"Paragraph from body.tex about tulips.\n",
        "body": b"Paragraph from the extensionless body file about cactus.\n"})
    expected = ["# 1 Endinput", "First paragraph about copper kettles.", "Typeset paragraph about maple syrup.",
                "Paragraph from body.tex about tulips."]
    assert _doc(records) == {1: "\n\n".join(expected)}
    assert _texts(records) == [expected]


def test_text_macros_of_a_latin1_input_file_keep_their_letters():
    records = _records({
        "main.tex": _main("The \\sysname{} pipeline, written by \\authorname, runs each night.\n",
                          "\\usepackage[latin1]{inputenc}\n\\input{defs}\n"),
        "defs.tex": "\\newcommand{\\sysname}{Brännvin}\n\\newcommand{\\authorname}{Jörg Müller}\n".encode("latin-1")})
    assert _doc(records) == {1: "The Brännvin pipeline, written by Jörg Müller, runs each night."}


def test_an_interleaved_part_never_carries_a_page_the_page_check_refused():
    # page 2's text is made by a package macro the target cannot hold: its doc_ocr page is refused, and the
    # part stops before it (it was written with page 2's text missing)
    records = _records({"main.tex": _main("\\section{Rivers}\nAlpha paragraph about rivers and their deltas.\n"
                                          "\\newpage\nBeta paragraph. \\lipsum[1-2]\n", "\\usepackage{lipsum}\n")})
    [refused] = [r for r in records if isinstance(r, Reject)]
    assert (refused.locator, refused.reason) == ("page=2", "filtered:page_misaligned")
    [part] = [r for r in records if isinstance(r, Sample) and r.kind == "interleaved"]
    assert [s["text"] for s in part.segments] == ["# 1 Rivers", "Alpha paragraph about rivers and their deltas."]
    assert part.meta["pages_left_out"] == [{"page": 2, "reason": "filtered:page_misaligned"}]


def test_a_paper_whose_every_page_was_refused_has_no_part_and_one_reject_naming_the_pages():
    records = _records({"main.tex": _main("Alpha paragraph about rivers. \\lipsum[1]\n", "\\usepackage{lipsum}\n")})
    assert not [r for r in records if isinstance(r, Sample)]
    reasons = sorted((r.locator, r.reason, r.detail) for r in records)
    assert reasons[0][:2] == ("interleaved", "filtered:interleaved_pages_refused")
    assert reasons[0][2].startswith("no part left: the page check refused page 1 (filtered:page_misaligned: ")
    assert reasons[1][:2] == ("page=1", "filtered:page_misaligned")


def _png(colour: tuple[int, int, int]) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    image = Image.new("RGB", (400, 300), colour)
    image.paste((0, 0, 0), (50, 50, 200, 150))  # not near-uniform: no decoration
    image.save(out, "PNG")
    return out.getvalue()


def _pdf(colour: tuple[float, float, float]) -> bytes:
    import pymupdf

    with pymupdf.open() as doc:
        page = doc.new_page(width=300, height=200)
        page.draw_rect(page.rect, color=colour, fill=colour)
        page.draw_rect(pymupdf.Rect(30, 30, 130, 100), color=(0, 0, 0), fill=(0, 0, 0))
        return doc.tobytes()


def _dominant(data: bytes) -> tuple[int, int, int]:
    import io

    from PIL import Image

    return max(Image.open(io.BytesIO(data)).convert("RGB").getcolors(1 << 20))[1]


_FIGURE = ("\\section{{Figure}}\nThe figure below shows the final measurement of the pendulum.\n\n"
           "\\begin{{figure}}[h]\\centering\n{graphics}\n\\caption{{Final pendulum period.}}\n\\end{{figure}}\n")


def test_interleaved_figures_are_the_files_pdftex_typeset():
    # plot.pdf over plot.png (pdftex.def's order), both of a figure's images, a \graphicspath folder's file
    pdf_png = _records({"main.tex": _main(_FIGURE.format(graphics="\\includegraphics[width=3cm]{plot}"),
                                          "\\usepackage{graphicx}\n"),
                        "plot.pdf": _pdf((0.7, 0.85, 1.0)), "plot.png": _png((255, 200, 200))})
    two = _records({"main.tex": _main(_FIGURE.format(graphics="\\includegraphics[width=3cm]{panelA}\\hfill"
                                                              "\\includegraphics[width=3cm]{panelB}"),
                                      "\\usepackage{graphicx}\n"),
                    "panelA.png": _png((255, 255, 180)), "panelB.png": _png((180, 255, 255))})
    path = _records({"main.tex": _main(_FIGURE.format(graphics="\\includegraphics[width=3cm]{map}"),
                                       "\\usepackage{graphicx}\n\\graphicspath{{figs/}}\n"),
                     "figs/map.png": _png((200, 255, 200))})
    caption = {"caption": "Figure 1: Final pendulum period."}
    for records, colours, segments in (
            (pdf_png, [(178, 216, 255)], [{"image": 0, **caption}]),
            (two, [(255, 255, 180), (180, 255, 255)], [{"image": 0}, {"image": 1, **caption}]),
            (path, [(200, 255, 200)], [{"image": 0, **caption}])):
        [part] = [r for r in records if isinstance(r, Sample) and r.kind == "interleaved"]
        assert [_dominant(image) for image in part.images] == colours
        assert part.segments[2:] == segments and part.meta["dropped_images"] == []


def test_a_figure_tex_took_from_outside_the_project_refuses_its_page():
    # "left" is typeset as TeX Live's pdfscreen/left.pdf (.pdf before .png, the system tree searchable)
    records = _records({"main.tex": _main(_FIGURE.format(graphics="\\includegraphics[width=3cm]{left}"),
                                          "\\usepackage{graphicx}\n"), "left.png": _png((255, 0, 0))})
    assert not [r for r in records if isinstance(r, Sample)]
    page = next(r for r in records if r.locator == "page=1")
    assert (page.reason, page.detail) == ("filtered:figure_outside_project", "\\includegraphics{left} was typeset "
                                          "from /usr/share/texlive/texmf-dist/tex/latex/pdfscreen/left.pdf, a file "
                                          "outside the project")


def test_a_macro_redefined_in_the_body_has_each_meaning_from_where_tex_gave_it():
    records = _records({"main.tex": _main(
        "\\section{Travel}\nWe first flew to \\place{} for a conference.\n\n\\renewcommand{\\place}{Reykjavik}\n\n"
        "Then we flew on to \\place{} for a workshop.\n\n"
        "Inside the river lives an \\animal{} that eats fish.\n{\\renewcommand{\\animal}{beaver} Upstream a \\animal{} "
        "builds a dam.}\nDownstream again the \\animal{} swims.\n\n"
        "\\begin{quote}\\renewcommand{\\animal}{heron} A \\animal{} waits.\\end{quote}\n\n"
        "Last, the \\animal{} sleeps.\n",
        "\\newcommand{\\place}{Lisbon}\n\\newcommand{\\animal}{otter}\n")})
    assert _doc(records) == {1: "# 1 Travel\n\nWe first flew to Lisbon for a conference.\n\n"
                                "Then we flew on to Reykjavik for a workshop.\n\n"
                                "Inside the river lives an otter that eats fish. Upstream a beaver builds a dam. "
                                "Downstream again the otter swims.\n\n> A heron waits.\n\nLast, the otter sleeps."}


def test_a_macro_defined_inside_math_means_that_there_and_its_outer_meaning_after():
    # TeX's math is a group: a \def in it holds to its end (\global's on). pandoc reads no definition inside
    # math and expanded the macro in its name ("\def otter{b}x=otter"); an equation whose scope was closed
    # after it lost its number
    records = _records({"main.tex": _main(
        "\\section{Scope}\nThe \\animal{} swims first.\n\\begin{equation}\\def\\animal{b}x=\\animal\\end{equation}\n"
        "Again the \\animal{} swims.\n$$\\def\\animal{c}y=\\animal$$\n"
        "Inline $\\global\\def\\fish{trout}\\def\\animal{d}z=\\animal$ and the \\animal{} once more.\n\n"
        "Last, the \\animal{} sleeps near a \\fish.\n", "\\newcommand{\\animal}{otter}\n")})
    expected = ["# 1 Scope", "The otter swims first.", "$$x=b\\tag{1}$$", "Again the otter swims.", "$$y=c$$",
                "Inline $z=d$ and the otter once more.", "Last, the otter sleeps near a trout."]
    assert _doc(records) == {1: "\n\n".join(expected)}
    assert _texts(records) == [expected]


def test_a_macro_a_figure_defined_is_its_captions_meaning_and_the_outer_one_after():
    # pandoc issue 4594's "\def\svgwidth{...}" in a figure: the float's target is its caption, which printed the
    # meaning from outside the float ("The otter at work.") where TeX printed the float's own
    records = _records({"main.tex": _main(
        "The \\animal{} swims first.\n\n\\begin{figure}[h]\\def\\animal{beaver}\\centering\\rule{2cm}{1cm}"
        "\\caption{The \\animal{} at work.}\\end{figure}\n\nLast, the \\animal{} sleeps.\n",
        "\\newcommand{\\animal}{otter}\n")})
    expected = ["The otter swims first.", "Figure 1: The beaver at work.", "Last, the otter sleeps."]
    assert _doc(records) == {1: "\n\n".join(expected)}
    assert _texts(records) == [expected]


def test_a_macro_redefined_between_begingroup_and_endgroup_has_that_meaning_only_inside():
    # arXiv's "\begingroup\renewcommand{...}" before a table: pandoc lost a definition right after \begingroup
    # at a line's end ("Middle the otter"), and \endgroup was taken for an \end{...}: the outer meaning was
    # written back after the next "}" or nowhere ("After the beaver")
    records = _records({"main.tex": _main(
        "First the \\animal{} swims.\n\n\\begingroup\\renewcommand{\\animal}{beaver}\nMiddle the \\animal{} builds.\n\n"
        "\\endgroup\n\nAfter the \\animal. Last, \\begingroup \\def\\animal{heron}a \\animal{} waits\\endgroup{} "
        "by the \\animal.\n", "\\newcommand{\\animal}{otter}\n")})
    assert _doc(records) == {1: "First the otter swims.\n\nMiddle the beaver builds.\n\n"
                                "After the otter. Last, a heron waits by the otter."}


def test_a_theorem_or_proof_that_redefines_a_macro_is_read_and_the_outer_meaning_holds_after():
    # the outer meaning written back after \end{theorem} hid the environment's end from its conversion: the
    # page was refused (error:latex:convert) for a theorem pandoc could not read
    records = _records({"main.tex": _main(
        "First the \\animal{} swims.\n\n\\begin{theorem}\\def\\animal{beaver} A \\animal{} builds.\\end{theorem}\n"
        "\\begin{proof}\\renewcommand{\\animal}{heron} A \\animal{} waits.\\end{proof}\nAfter the \\animal{} sleeps.\n",
        "\\usepackage{amsthm}\n\\newtheorem{theorem}{Theorem}\n\\newcommand{\\animal}{otter}\n")})
    assert _doc(records) == {1: "First the otter swims.\n\n**Theorem 1**. *A beaver builds.*\n\n"
                                "*Proof.* A heron waits. ◻\n\nAfter the otter sleeps."}


def test_a_dollar_that_opens_no_math_does_not_scope_the_definitions_after_it():
    # \lstinline{$} is no math shift: taken for one, the math "group" it opened ran on, and the next real $
    # closed it, giving \animal its old meaning back ("then the otter again")
    records = _records({"main.tex": _main(
        "The river carries silt from the high valleys down to the wide delta where farmers plant rice.\n\n"
        "Type \\lstinline{$} to start math.\n\n\\renewcommand{\\animal}{beaver}\n"
        "A \\animal{} and $x$ then the \\animal{} again.\n",
        "\\usepackage{listings}\n\\newcommand{\\animal}{otter}\n")})
    assert _doc(records) == {1: "The river carries silt from the high valleys down to the wide delta where farmers "
                                "plant rice.\n\nType `$` to start math.\n\nA beaver and $x$ then the beaver again."}


def test_a_macro_a_group_redefined_whose_outer_meaning_is_not_known_here_refuses_its_page():
    # \today is LaTeX's own: what it prints again after the group is not followed here (it was "Monday")
    records = _records({"main.tex": _main("First {\\renewcommand{\\today}{Monday} \\today{} came.}\n"
                                          "Then \\today{} came again.\n")})
    [page] = [r for r in records if isinstance(r, Reject) and r.locator == "page=1"]
    assert (page.reason, page.detail) == ("error:latex:macro_scope", "\\today was redefined inside a group that "
                                          "ends at main.tex line 3; what it means after it is not known")


def test_an_input_inside_a_group_or_an_argument_is_read_in_place():
    # pandoc issue 7474's \input inside a figure, arXiv's "{\small \input{table}}" and
    # "\resizebox{..}{!}{\input{tab}}": an \input inside braces was never followed, its file's text missing
    # from the target (on a page with enough other words the page check passed it)
    records = _records({
        "main.tex": _main("\\section{Groups}\nWe start. {\\small \\input{note}} We go on.\n"
                          "A \\textbf{\\input{bold}} word.\n\n{\\small \\input{two}}\nThe second goes on.\n\n"
                          "{\\footnotesize \\input{float}}\n\nClosing words.\n", "\\usepackage{graphicx}\n"),
        "note.tex": b"The note is about kettles.\n", "bold.tex": b"heavy\n",
        "two.tex": b"First of two paragraphs about spoons.\n\nSecond of two about forks.\n",
        "float.tex": b"\\begin{table}[h]\\centering\n\\resizebox{4cm}{!}{\\input{tab}}\n\\caption{Numbers.}\n"
                     b"\\end{table}\n",
        "tab.tex": b"\\begin{tabular}{ll}Alpha & Beta\\\\\n\\end{tabular}\n"})
    expected = ["# 1 Groups", "We start. The note is about kettles. We go on. A **heavy** word.",
                "First of two paragraphs about spoons.", "Second of two about forks. The second goes on.",
                "|       |      |\n|:------|:-----|\n| Alpha | Beta |\n\nTable 1: Numbers.", "Closing words."]
    assert _doc(records) == {1: "\n\n".join(expected)}


def test_an_input_in_a_group_after_a_definition_on_its_line_is_read():
    # a definition closed before the group is no reason to leave the group's \input unread (its text was lost)
    records = _records({
        "main.tex": _main("\\def\\sep{;} We start {\\small \\input{note}} and go on\\sep{} then stop.\n"),
        "note.tex": b"with a note about kettles\n"})
    assert _doc(records) == {1: "We start with a note about kettles and go on; then stop."}


def test_a_macro_whose_body_inputs_a_file_among_other_things_is_written_out_and_its_file_read():
    # TeX reads the file where \tab is used: the whole source was refused (error:latex:macro_input), though the
    # macro is defined once and its file known, as a macro that only inputs a file is written out
    records = _records({"main.tex": _main("Before the table.\n\n\\tab\n\nMid.\n\n\\see{u}\n\nAfter the table.\n",
                                          "\\newcommand{\\tab}{\\small\\input{t}}\n"
                                          "\\newcommand{\\see}[1]{%\n  See: \\input{#1}%\n}\n"),
                        "t.tex": b"Words the macro reads about herons.\n", "u.tex": b"Words about kettles.\n"})
    assert _doc(records) == {1: "Before the table.\n\nWords the macro reads about herons.\n\nMid.\n\n"
                                "See: Words about kettles.\n\nAfter the table."}


def test_a_macro_that_inputs_a_file_and_is_defined_twice_refuses_the_source_where_it_is_used():
    # which file TeX reads where \tab is used depends on which definition holds there: not followed here
    records = _records({"main.tex": _main("Before the table.\n\n\\tab\n\n\\renewcommand{\\tab}{\\small\\input{u}}\n"
                                          "\\tab\n\nAfter the table.\n", "\\newcommand{\\tab}{\\small\\input{t}}\n"),
                        "t.tex": b"Words the macro reads about herons.\n", "u.tex": b"Other words.\n"})
    assert [(r.reason, r.detail) for r in records] == [
        ("error:latex:macro_input", "main.tex: \\tab reads \\input{t} where it is used (main.tex line 6); the file's "
                                    "text is not followed there")]


def test_an_input_macro_or_a_path_macro_in_an_inputs_name_is_written_out_and_its_file_read():
    # "\newcommand{\sect}[1]{\input{sections/#1}}" (from a macro file), "\input{\tabdir/t1}": the source was
    # refused whole (error:latex:macro_input) where TeX's file is known: the macro is defined once in the project
    records = _records({
        "main.tex": _main("Main text about herons.\n\n\\sect{intro}\n\n\\input{\\tabdir/t1}\n\n\\tab\n\nEnd.\n",
                          "\\input{defs}\n\\newcommand{\\tabdir}{tables}\n\\def\\tab{\\input{t}}\n"),
        "defs.tex": b"\\newcommand{\\sect}[1]{\\input{sections/#1}}\n",
        "sections/intro.tex": b"Intro words about kettles.\n", "tables/t1.tex": b"Table words about spoons.\n",
        "t.tex": b"Words the macro reads about herons.\n"})
    expected = ["Main text about herons.", "Intro words about kettles.", "Table words about spoons.",
                "Words the macro reads about herons.", "End."]
    assert _doc(records) == {1: "\n\n".join(expected)}


def test_a_float_making_macro_whose_body_inputs_a_file_is_written_out_and_its_file_read():
    # its uses are written out before the body is scoped (it makes a float): the table's \input{t} was read
    # nowhere and the target held only "Table 1: Numbers."; then the source was refused whole
    preamble = "\\newcommand{\\mytable}{\\begin{table}[h]\\input{t}\\caption{Numbers.}\\end{table}}\n"
    records = _records({"main.tex": _main("Before the table.\n\n\\mytable\n\nAfter the table.\n", preamble),
                        "t.tex": b"\\begin{tabular}{ll}Alpha & Beta\\\\\n\\end{tabular}\n"})
    assert _doc(records) == {1: "Before the table.\n\n|       |      |\n|:------|:-----|\n| Alpha | Beta |\n\n"
                                "Table 1: Numbers.\n\nAfter the table."}


def test_a_file_test_on_a_project_file_is_its_first_branch_and_an_input_there_is_read():
    # pandoc printed neither branch of \IfFileExists, and the \input inside was not followed
    records = _records({
        "main.tex": _main("Main text here. \\IfFileExists{t.tex}{\\input{t}}{} More text.\n"
                          "\\IfFileExists{data/table.csv}{The table is shipped.}{The table is missing.}\n"),
        "t.tex": b"Words from the file.\n", "data/table.csv": b"a,b\n1,2\n"})
    assert _doc(records) == {1: "Main text here. Words from the file. More text. The table is shipped."}


def test_an_input_inside_a_false_conditional_on_its_line_is_not_read():
    records = _records({"main.tex": _main("Kept words here. \\iffalse \\input{x} \\fi and more words.\n"),
                        "x.tex": b"Hidden hurricane text.\n"})
    assert _doc(records) == {1: "Kept words here. and more words."}


def test_a_preamble_input_without_braces_brings_its_macros():
    records = _records({"main.tex": _main("The \\sysname{} pipeline runs each night.\n", "\\input defs\n"),
                        "defs.tex": b"\\newcommand{\\sysname}{Hydra}\n"})
    assert _doc(records) == {1: "The Hydra pipeline runs each night."}


def test_a_file_test_over_several_lines_is_decided_and_an_input_if_file_exists_reads_its_file():
    # "\IfFileExists{t.tex}{%" with its branches on the lines after, as arXiv sources write it, was read a line
    # at a time: neither decided nor its \input followed; \InputIfFileExists read no file (the files' text lost)
    records = _records({
        "main.tex": _main("Main text about herons here.\n\\IfFileExists{t.tex}{%\n  \\input{t}%\n}{%\n"
                          "  The file is missing.%\n}\nMore text after the test.\n"
                          "\\InputIfFileExists{u}\n  {Before the file.\n  }{No file.}\nLast words.\n"),
        "t.tex": b"Words from the file about kettles.\n", "u.tex": b"Words from u about spoons.\n"})
    expected = ("Main text about herons here. Words from the file about kettles. More text after the test. "
                "Before the file. Words from u about spoons. Last words.")
    assert _doc(records) == {1: expected}
    assert _texts(records) == [[expected]]


def test_includeonly_leaves_out_the_files_it_does_not_name_and_an_include_ends_its_paragraph():
    # an \include \includeonly leaves out was read all the same; an \include's \clearpage was no paragraph's
    # end (the interleaved part ran four pages' text into one paragraph)
    files = {"main.tex": _main("Opening words about herons.\n\\include{a}\n\\include{b}\nClosing words about owls.\n"),
             "a.tex": b"Chapter a words about apples.\n", "b.tex": b"Chapter b words about bananas.\n"}
    everything = ["Opening words about herons.", "Chapter a words about apples.", "Chapter b words about bananas.",
                  "Closing words about owls."]
    records = _records(files)
    assert _doc(records) == dict(enumerate(everything, start=1))
    assert _texts(records) == [everything]
    only_b = _records({**files, "main.tex": _main(files["main.tex"].decode().split("\\begin{document}\n")[1]
                                                  .removesuffix("\\end{document}\n"), "\\includeonly{b}\n")})
    expected = ["Opening words about herons.", "Chapter b words about bananas.", "Closing words about owls."]
    assert _doc(only_b) == dict(enumerate(expected, start=1))
    assert _texts(only_b) == [expected]


def test_an_import_reads_its_file_and_that_files_inputs_from_its_folder():
    # the import package's \import{dir}{file} and \subimport were not followed (their text lost); inside the
    # imported file \input{sub} is sections/sub.tex, as TeX printed, though sub.tex stands at the top too
    records = _records({
        "main.tex": _main("X words. \\import{sections/}{intro} \\input{sub} Y words.\n", "\\usepackage{import}\n"),
        "sub.tex": b"Rootsub words.\n", "sections/sub.tex": b"Secsub words.\n",
        "sections/intro.tex": b"Intro words \\input{sub} \\subimport{deeper/}{d}\n",
        "sections/deeper/d.tex": b"Deep words.\n", "d.tex": b"Deeproot words.\n"})
    assert _doc(records) == {1: "X words. Intro words Secsub words. Deep words. Rootsub words. Y words."}


def test_an_input_a_macro_defined_twice_names_refuses_the_source():
    # pandoc printed nothing for it ("\input{\tabdir/t1}"'s file was missing from a target that looked whole);
    # defined twice, \tabdir may name either folder where it is used (`test_an_input_macro_or_a_path_macro_...`)
    named = _records({"main.tex": _main("Main text about herons.\n\n\\input{\\tabdir/t1}\n\nMore text after.\n",
                                        "\\newcommand{\\tabdir}{tables}\n\\renewcommand{\\tabdir}{other}\n"),
                      "tables/t1.tex": b"Words from the file about kettles.\n", "other/t1.tex": b"Other words.\n"})
    assert [(r.reason, r.detail) for r in named] == [
        ("error:latex:macro_input", "main.tex: \\input{\\tabdir/t1} at main.tex line 7 names its file with a macro; "
                                    "the file's text is not followed there")]


def test_an_iffalse_over_paragraphs_hides_them_and_an_input_in_it_and_its_else_branch_is_read():
    # arXiv's "\iffalse" before an old section's \input and its "\fi" after: the file was read, and where it
    # held a blank line the branch was cut into blocks no conditional could be decided in: its paragraphs
    # printed; an \else branch over paragraphs lost its paragraph's end at the \fi
    records = _records({
        "main.tex": _main("Kept words.\n\\iffalse\n\\input{old}\n\\fi\nMore kept words.\n\n"
                          "Second kept.\n\\iffalse\nHidden A text.\n\n\\ifx\\a\\b Hidden x.\\fi\n\\else\n"
                          "Shown C words.\n\nShown D words.\n\\fi\nLast kept words.\n"),
        "old.tex": b"Hidden hurricane text.\n\nSecond hidden paragraph about tornadoes.\n"})
    expected = ["Kept words. More kept words.", "Second kept. Shown C words.", "Shown D words. Last kept words."]
    assert _doc(records) == {1: "\n\n".join(expected)}
    assert _texts(records) == [expected]


def test_a_macro_an_alignment_cell_or_a_group_in_math_redefined_is_refused_where_pandoc_cannot_follow_it():
    # TeX's alignment cells are groups: the cell's meaning ran on into the later cells ("x = b, y = b" where
    # TeX printed otter for both); a brace group's in math was given back before the math ("x = {otter} +
    # otter" where TeX printed "x = b + otter")
    preamble = "\\usepackage{amsmath}\n\\newcommand{\\animal}{otter}\n"
    for body in ("First the \\animal{} swims.\n\\begin{align}\\renewcommand{\\animal}{b} x &= \\animal \\\\ "
                 "y &= \\animal\\end{align}\nAfter the \\animal{} sleeps.\n",
                 "First the \\animal{} swims.\n$x = {\\def\\animal{b}\\animal} + \\animal$ here.\n"):
        records = _records({"main.tex": _main(body, preamble)})
        assert not [r for r in records if isinstance(r, Sample)]
        [page] = [r for r in records if isinstance(r, Reject) and r.locator == "page=1"]
        assert (page.reason, page.detail) == ("error:latex:macro_scope", "\\animal was redefined inside a group "
                                              "that ends at main.tex line 6; what it means after it is not known")
    # one a cell uses only after it, in that cell, has its meaning there and the outer one after
    records = _records({"main.tex": _main(
        "First the \\animal{} swims.\n\\begin{align}\\renewcommand{\\animal}{b} x = \\animal &= y \\\\ y &= z"
        "\\end{align}\nAfter the \\animal{} sleeps.\n", preamble)})
    assert _doc(records) == {1: "First the otter swims.\n\n$$\\begin{align*}\n x = b&= y \\tag{1}\\\\ y &= z \\tag{2}\n"
                                "\\end{align*}$$\n\nAfter the otter sleeps."}


def test_of_two_files_of_one_name_in_the_subfolders_the_one_the_compile_read_is_followed(tmp_path):
    # "\input{sub}" in sections/intro.tex with no sub.tex at the top: TeX's TEXINPUTS=.// search takes the
    # subfolders in the file system's order; it read sections/sub.tex where appendix/sub.tex (first by name)
    # was followed, one word apart on the page
    from sources.latex.inputs import Project, resolve

    for folder in ("appendix", "sections"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "sub.tex").write_text(f"{folder} words\n")
    assert resolve(Project(tmp_path), "sub") == "appendix/sub.tex"
    for read in ("appendix/sub.tex", "sections/sub.tex"):
        assert resolve(Project(tmp_path, recorded=frozenset({"main.tex", read})), "sub") == read


def test_a_figure_pdf_only_an_inkscape_pdf_tex_names_is_no_shipped_paper():
    # the only top-level PDF, named by no .tex, was taken for the paper's own and removed before the compile:
    # \input{drawing.pdf_tex} then failed on its \includegraphics, and the drawing's pages were read as the paper
    pdf_tex = (b"\\begingroup\\makeatletter\\setlength{\\unitlength}{\\svgwidth}\\global\\let\\svgwidth\\undefined"
               b"\\makeatother\n\\begin{picture}(1,0.5)\\put(0,0){\\includegraphics[width=\\unitlength,page=1]"
               b"{drawing.pdf}}\\end{picture}\\endgroup\n")
    records = _records({
        "main.tex": _main("The figure below shows the rig with its parts and sensors for the run.\n\n"
                          "\\begin{figure}[h]\\centering\n\\def\\svgwidth{0.5\\columnwidth}\n\\input{drawing.pdf_tex}\n"
                          "\\caption{The rig.}\n\\end{figure}\n\nAfter the figure more words follow here.\n",
                          "\\usepackage{graphicx}\n"),
        "drawing.pdf_tex": pdf_tex, "drawing.pdf": _pdf((0.7, 0.85, 1.0))})
    assert _doc(records) == {1: "The figure below shows the rig with its parts and sensors for the run.\n\n"
                                "Figure 1: The rig.\n\nAfter the figure more words follow here."}


def test_a_switch_only_the_preamble_sets_decides_its_branches_over_paragraphs():
    # "\newif\ifarxiv \arxivtrue", then "\ifarxiv ... \else ... \fi" over paragraphs: both branches were printed
    records = _records({"main.tex": _main(
        "Kept words.\n\\ifarxiv\nArxiv A text.\n\nArxiv B text.\n\\else\nJournal C words.\n\nJournal D words.\n\\fi\n"
        "More kept words.\n", "\\newif\\ifarxiv\n\\arxivtrue\n")})
    expected = ["Kept words. Arxiv A text.", "Arxiv B text. More kept words."]
    assert _doc(records) == {1: "\n\n".join(expected)}
    assert _texts(records) == [expected]


def test_a_group_right_after_makeatletter_is_read():
    # pandoc took "{...}" after \makeatletter for its argument: "A beaver builds." was missing from the target
    records = _records({"main.tex": _main(
        "\\makeatletter{\\def\\an@mal{beaver}A \\an@mal{} builds.}\\makeatother\nThen the \\animal{} swims.\n",
        "\\newcommand{\\animal}{otter}\n")})
    assert _doc(records) == {1: "A beaver builds. Then the otter swims."}


def test_a_file_test_on_a_file_outside_the_project_takes_the_branch_the_compiles_record_says():
    # pandoc printed neither branch ("Class found." missing); the compile recorded TeX's article.cls, and no
    # nonexistent.sty: TeX found the one and not the other
    records = _records({"main.tex": _main("Main text. \\IfFileExists{article.cls}{Class found.}{Class lost.} More. "
                                          "\\InputIfFileExists{nonexistent.sty}{Style found.}{Style lost.} Last.\n")})
    assert _doc(records) == {1: "Main text. Class found. More. Style lost. Last."}


def test_tables_that_each_set_arraystretch_and_a_group_opened_on_the_line_before_a_tabular_are_read():
    # each float's "\renewcommand{\arraystretch}{1.3}" was taken for a use of the one before, whose outer
    # meaning (LaTeX's) is not known here: the page was refused (error:latex:macro_scope); "{\small" on a line
    # before a tabular and "}" after its \end: the tabular's block held the brace, pandoc could not read it
    table = ("\\begin{{table}}[h]\\centering\\renewcommand{{\\arraystretch}}{{1.3}}\n\\begin{{tabular}}{{ll}}"
             "{0} & Beta\\\\\n\\end{{tabular}}\n\\caption{{Numbers {0}.}}\\end{{table}}\n\n")
    records = _records({"main.tex": _main(
        "First words about tables.\n\n" + table.format("Alpha") + table.format("Gamma")
        + "{\\small\\setlength{\\tabcolsep}{3pt}\n\\begin{tabular}{ll}Delta & Epsilon\\\\\n\\end{tabular}}\n\n"
        "After the tables.\n")})
    expected = ["First words about tables.",
                "|       |      |\n|:------|:-----|\n| Alpha | Beta |\n\nTable 1: Numbers Alpha.",
                "|       |      |\n|:------|:-----|\n| Gamma | Beta |\n\nTable 2: Numbers Gamma.",
                "|       |         |\n|:------|:--------|\n| Delta | Epsilon |", "After the tables."]
    assert _doc(records) == {1: "\n\n".join(expected)}


def test_a_definition_in_a_group_around_an_input_of_paragraphs_holds_in_the_file_and_ends_with_the_group():
    # the group was closed before the file (its paragraphs would each hold a piece of it): pandoc took the
    # definition back there, "A otter builds." where TeX printed beaver
    records = _records({
        "main.tex": _main("First the \\animal{} swims.\n\n{\\renewcommand{\\animal}{beaver}\\input{part}}\n\n"
                          "After the \\animal{} sleeps.\n", "\\newcommand{\\animal}{otter}\n"),
        "part.tex": b"A \\animal{} builds.\n\nAnother \\animal{} dams.\n"})
    expected = ["First the otter swims.", "A beaver builds.", "Another beaver dams.", "After the otter sleeps."]
    assert _doc(records) == {1: "\n\n".join(expected)}
    assert _texts(records) == [expected]


@pytest.mark.parametrize("line,after", [
    ("\\begin{center}\\draftfalse\\end{center}", True),  # local to the environment
    ("\\begingroup\\draftfalse\\endgroup", True),
    ("\\begin{center}\\global\\draftfalse\\end{center}", False),  # outlives it
    ("\\begin{center}\\draftfalse", False),  # still inside it
    ("\\ifx\\a\\b\\draftfalse\\fi", None),  # maybe not made: not known
    ("\\begin{center}\\verb|\\begin{x}|\\draftfalse\\end{center}", True),  # the x never opened ends with center
    ("\\verb|\\end{x}|\\draftfalse\\end{center}", None)])  # an end not opened here: no value to put back
def test_a_switch_set_in_a_group_holds_to_its_end(line, after):
    from sources.latex.inputs import BodySwitches

    switches = BodySwitches({"true": True, "false": False, "draft": True}, frozenset({"draft"}))
    switches.settle(line)
    assert switches.known.get("draft") == after


def test_a_switch_the_body_declares_is_false_from_its_newif_and_followed_from_there():
    # "\newif\ifdraft" after \begin{document} (a section file's own) was no switch known here: every test of it
    # refused its page (error:latex:conditional); a preamble's \newif was decided
    body = ("\\newif\\ifdraft\nIntro. \\ifdraft Draft text.\\else Final text.\\fi{} Middle.\n\n\\drafttrue\n"
            "Then \\ifdraft draft words\\else final words\\fi{} end.\n")
    assert _doc(_records({"main.tex": _main(body)})) == {1: "Intro. Final text. Middle.\n\nThen draft words end."}


@pytest.mark.parametrize("line,after", [
    ("\\provideboolean{draft}", True),  # declared already: nothing
    ("\\providebool{shown}\\booltrue{shown}\\providebool{shown}", True),  # declared by the first, set, kept
    ("\\providebool{shown}", False),  # not declared yet: a declaration
    ("\\begin{center}\\providebool{shown}\\end{center}\\booltrue{shown}\\providebool{shown}", None),  # maybe reset
    ("\\ifx\\a\\b\\providebool{shown}\\fi\\booltrue{shown}\\providebool{shown}", None)])
def test_a_switch_provided_again_is_declared_only_where_it_was_not(line, after):
    # \provideboolean (ifthen), \providebool, \providetoggle (etoolbox) taken as \newif: a switch declared and set
    # true was reset ("Hidden" under the page's "Shown")
    from sources.latex.inputs import BodySwitches
    from sources.latex.package_switches import as_switches

    switches = BodySwitches({"true": True, "false": False, "draft": True}, frozenset({"draft", "shown"}),
                            declared={"draft": True})
    switches.settle(as_switches(line))
    assert switches.known.get("shown" if "shown" in line else "draft") == after
