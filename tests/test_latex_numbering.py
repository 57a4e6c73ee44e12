"""Numbers in LaTeX targets are the ones TeX printed: headings, equations, captions, theorems.

Each case is a way arXiv sources number things that counting in Python got wrong (the page printed one
number, the target another): supplements' renewed counters, ``\\setcounter``, ``subequations``, a
caption package's label, ``secnumdepth``, ``eqnarray``'s ``\\nonumber``. Each target is checked whole.
"""

import pytest

from samples.latex_maker import make_archive
from shards.sample import Sample
from sources.latex.compile import find_pdflatex
from sources.latex.numbering import parse
from sources.latex.read import LatexOptions, read_latex

pytestmark = pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")


def _page(preamble: str, body: str, files: dict | None = None, cls: str = "article", agreement: float = 0.8) -> str:
    """The one page's target of a document with ``preamble`` and ``body`` (``agreement``: the least share of
    the target's words the page's text layer must hold)."""
    main = f"\\documentclass{{{cls}}}\n{preamble}\n\\begin{{document}}\n{body}\n\\end{{document}}\n"
    sources = {"main.tex": main.encode(), **{k: v.encode() for k, v in (files or {}).items()}}
    options = LatexOptions(interleaved=False, min_page_agreement=agreement)
    records = list(read_latex(make_archive(sources), "arxiv/2401.00009.tar.gz", options))
    pages = [r for r in records if isinstance(r, Sample)]
    assert len(pages) == 1, records
    return pages[0].text


def test_subequations_rows_carry_the_letters_the_page_prints():
    body = ("Intro text here with words.\n\\begin{subequations}\n\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}\n"
            "\\end{subequations}\nThen one more:\n\\begin{equation}\ne = f\n\\end{equation}\n")
    assert _page("\\usepackage{amsmath}", body) == (
        "Intro text here with words.\n\n$$\\begin{align*}\na &= b \\tag{1a}\\\\\nc &= d \\tag{1b}\n\\end{align*}$$"
        "\n\nThen one more:\n\n$$e = f \\tag{2}$$")


def test_a_supplements_renewed_counters_number_headings_equations_and_captions():
    preamble = ("\\usepackage{amsmath}\n\\renewcommand{\\thesection}{S\\arabic{section}}\n"
                "\\renewcommand{\\thefigure}{S\\arabic{figure}}\n\\renewcommand{\\thetable}{S\\arabic{table}}\n"
                "\\renewcommand{\\theequation}{S\\arabic{equation}}")
    body = ("\\section{Extra results}\nWe show more results here in words.\n\\begin{equation}\nx = y\n\\end{equation}\n"
            "\\begin{figure}[h]\n\\centering\\rule{2cm}{1cm}\n\\caption{A supplementary figure.}\n\\end{figure}\n")
    assert _page(preamble, body) == ("# S1 Extra results\n\nWe show more results here in words.\n\n$$x = y \\tag{S1}$$"
                                     "\n\nFigure S1: A supplementary figure.")


def test_setcounter_continues_numbering_where_a_split_paper_left_off():
    body = ("\\setcounter{section}{3}\n\\setcounter{figure}{4}\n\\setcounter{equation}{9}\n\\section{Discussion}\n"
            "Words of the discussion go here.\n\\begin{equation}\nx = y\n\\end{equation}\n"
            "\\begin{figure}[h]\n\\centering\\rule{2cm}{1cm}\n\\caption{Another figure.}\n\\end{figure}\n")
    assert _page("\\usepackage{amsmath}", body) == ("# 4 Discussion\n\nWords of the discussion go here.\n\n"
                                                    "$$x = y \\tag{10}$$\n\nFigure 5: Another figure.")


def test_a_counter_set_on_a_headings_own_line_keeps_the_headings_number():
    # the line was read as a paragraph's text: "# Intro" for the page's "5 Intro"
    body = ("Words before it.\n\\setcounter{section}{4}\\section{Intro}\nSome words.\n\n"
            "\\stepcounter{subsection}\\subsection{Part}\nMore words.")
    assert _page("", body) == "Words before it.\n\n# 5 Intro\n\nSome words.\n\n## 5.2 Part\n\nMore words."


def test_a_caption_packages_label_and_separator_and_a_renamed_figure():
    preamble = "\\usepackage[labelsep=period]{caption}\n\\renewcommand{\\figurename}{Fig.}"
    body = ("Some words of a paragraph before the figure appear here.\n\\begin{figure}[h]\n\\centering\\rule{2cm}{1cm}\n"
            "\\caption{Accuracy over the training steps.}\n\\end{figure}\n")
    assert _page(preamble, body) == ("Some words of a paragraph before the figure appear here.\n\n"
                                     "Fig. 1. Accuracy over the training steps.")


def test_the_caption_packages_label_formats_are_printed_as_it_prints_them():
    # a blind hunt: labelformat=parens printed "Figure (1):", empty no label at all, brace "Figure 1)";
    # the targets said "Figure 1:" for each
    body = ("Text of the page.\n\\begin{figure}[h]\\centering\\rule{1cm}{1cm}\\caption{The figure caption.}"
            "\\end{figure}\n")
    for options, caption in (("labelformat=parens", "Figure (1): The figure caption."),
                             ("labelformat=empty", "The figure caption."),
                             ("labelformat=brace,labelsep=space", "Figure 1) The figure caption."),
                             ("labelsep=quad", "Figure 1 The figure caption.")):
        assert _page(f"\\usepackage[{options}]{{caption}}", body) == f"Text of the page.\n\n{caption}", options


def test_headings_past_secnumdepth_print_no_number_and_theorems_follow_their_section():
    preamble = "\\setcounter{secnumdepth}{1}\n\\newtheorem{theorem}{Theorem}[section]"
    body = ("\\section{Main}\nSome words of the first section.\n\\subsection{Detail}\nMore words here.\n"
            "\\begin{theorem}\nEvery word counts.\n\\end{theorem}\n")
    assert _page(preamble, body) == ("# 1 Main\n\nSome words of the first section.\n\n## Detail\n\nMore words here."
                                     "\n\n**Theorem 1.1** *Every word counts.*")


def test_eqnarray_rows_and_an_included_files_equations_count_on():
    body = ("Words before.\n\\begin{eqnarray}\np &=& q \\nonumber \\\\\nr &=& s \\\\\nt &=& u\n\\end{eqnarray}\n"
            "\\input{sections/more}\n")
    more = "Then the part.\n\\begin{equation}\nz = 1\n\\end{equation}\n"
    assert _page("", body, {"sections/more.tex": more}) == (
        "Words before.\n\n$$\\begin{eqnarray*}\np &=& q \\\\\nr &=& s \\tag{1}\\\\\nt &=& u \\tag{2}\n"
        "\\end{eqnarray*}$$\n\nThen the part.\n\n$$z = 1 \\tag{3}$$")


def test_footnotes_marked_by_symbols_and_an_appendix_numbered_within_sections():
    preamble = "\\usepackage{amsmath}\n\\numberwithin{equation}{section}\n\\renewcommand{\\thefootnote}{\\fnsymbol{footnote}}"
    body = ("\\section{One}\nWords with a note\\footnote{The note.} here.\n\\begin{equation}\na=b\n\\end{equation}\n"
            "\\appendix\n\\section{Extra}\nMore words\\footnote{Second.}.\n\\begin{equation}\nc=d\n\\end{equation}\n")
    assert _page(preamble, body) == (
        "# 1 One\n\nWords with a note$^{*}$ here.\n\n$$a=b \\tag{1.1}$$\n\n# A Extra\n\nMore words$^{\\dagger}$."
        "\n\n$$c=d \\tag{A.1}$$\n\n$^{*}$ The note.\n\n$^{\\dagger}$ Second.")


def test_a_new_environments_own_words_are_in_the_target():
    preamble = "\\newenvironment{note}{\\par\\noindent\\textbf{Note.}~\\itshape}{\\par}"
    body = "Words of a paragraph.\n\n\\begin{note}\nA custom environment body.\n\\end{note}\n"
    assert _page(preamble, body) == "Words of a paragraph.\n\n**Note.** *A custom environment body.*"


def test_minipage_notes_shared_counters_and_same_named_files_take_their_own_numbers():
    # a blind hunt's cases: a minipage's notes are "a", "b" (mpfootnote); thmtools steps a shared counter by
    # the lemma's own name; amsart's lemma sharing the equation counter steps it for its head, not for the
    # display inside; a root intro.tex and sec/intro.tex each keep their own steps
    # (the minipage's notes are set under it, not at the page's foot: the layer agreement is not asked for)
    assert _page("", "\\begin{minipage}{5cm}In minipage\\footnote{Alpha.} and\\footnote{Beta.}.\\end{minipage}",
                 agreement=0.0) == (
        "In minipage$^{a}$ and$^{b}$.\n\n$^{a}$ Alpha.\n\n$^{b}$ Beta.")
    assert _page("\\usepackage{amsthm,thmtools}\n\\newtheorem{theorem}{Theorem}[section]\n\\newtheorem{lemma}[theorem]{Lemma}",
                 "\\section{Intro}\n\\begin{theorem} T. \\end{theorem}\n\\begin{lemma} L. \\end{lemma}\n") == (
        "# 1 Intro\n\n**Theorem 1.1**. *T.*\n\n**Lemma 1.2**. *L.*")
    assert _page("\\usepackage{amsmath,amsthm}\n\\numberwithin{equation}{section}\n\\newtheorem{lemma}[equation]{Lemma}",
                 "\\section{Intro}\n\\begin{lemma} A lemma with \\begin{equation} c=d \\end{equation} inside. \\end{lemma}\n",
                 cls="amsart") == "# 1 Intro\n\n**Lemma 1.1**. *A lemma with* $$c=d \\tag{1.2}$$ *inside.*"
    files = {"sec/intro.tex": "\\section{Intro A}\nText a.\n\\begin{equation} a=1 \\end{equation}\n",
             "intro.tex": "\\section{Intro Root}\nText d.\n\\begin{equation} d=4 \\end{equation}\n"}
    assert _page("\\usepackage{amsmath}", "\\input{sec/intro}\n\\input{intro}\n", files) == (
        "# 1 Intro A\n\nText a.\n\n$$a=1 \\tag{1}$$\n\n# 2 Intro Root\n\nText d.\n\n$$d=4 \\tag{2}$$")


def test_thmtools_declared_theorems_keep_their_headings():
    # a blind hunt: \\declaretheorem's environments were no theorems here, their headings lost
    preamble = ("\\usepackage{amsthm,thmtools}\n\\declaretheorem[name=Proposition,numberwithin=section]{prop}\n"
                "\\declaretheorem{remark}\n\\declaretheorem[name=Note, numbered=no]{note}")
    body = ("\\section{Intro}\n\\begin{prop} A prop. \\end{prop}\n\\begin{remark} A remark. \\end{remark}\n"
            "\\begin{note} A note. \\end{note}\n")
    assert _page(preamble, body) == (
        "# 1 Intro\n\n**Proposition 1.1**. *A prop.*\n\n**Remark 1**. *A remark.*\n\n**Note**. *A note.*")


def test_numbers_printed_through_case_changes_and_math_are_as_printed():
    # a blind hunt: \\MakeUppercase{\\roman{section}} printed "I" (written "[]i"), \\arabic{figure}$^\\ast$
    # printed "1∗" (written "1$^$")
    preamble = ("\\renewcommand{\\thesection}{\\MakeUppercase{\\roman{section}}}\n"
                "\\renewcommand{\\thefigure}{\\arabic{figure}$^\\ast$}")
    body = "\\section{Intro}\nText.\n\\begin{figure}[h]\\centering\\rule{1cm}{1cm}\\caption{Star fig.}\\end{figure}\n"
    assert _page(preamble, body) == "# I Intro\n\nText.\n\nFigure 1$^\\ast$: Star fig."


def test_an_authors_footnote_among_title_thanks_takes_the_symbol_printed():
    # a blind hunt: \\maketitle prints \\thanks and an \\author's \\footnote with one counter's symbols in turn
    # (*, dagger, double dagger); Bob's note was marked with the first
    preamble = "\\title{A Title\\thanks{Funded by X.}}\n\\author{Alice\\thanks{Univ A.} \\and Bob\\footnote{Univ B.}}"
    target = _page(preamble, "\\maketitle\n\\section{Intro}\nText.\n")
    assert "Alice$^{\\dagger}$ , Bob$^{\\ddagger}$" in target
    assert target.endswith("$^{*}$ Funded by X.\n\n$^{\\dagger}$ Univ A.\n\n$^{\\ddagger}$ Univ B.")


def test_a_tabulars_footnote_is_its_mark_alone_and_a_greek_figure_name_is_read():
    # LaTeX prints a tabular's footnote mark and loses its note: the note is no part of the page
    table = "\\begin{table}[h]\\centering\\begin{tabular}{c} cell\\footnote{In tabular.} \\\\ \\end{tabular}\\caption{Tab}\\end{table}"
    assert _page("", f"Text.\n{table}\n") == "Text.\n\n|            |\n|:----------:|\n| cell$^{1}$ |\n\nTable 1: Tab"
    # a review: a minipage around it, or footnote.sty saving the tabular's notes, prints the note
    tabular = "\\begin{tabular}{c} cell\\footnote{In tabular.} \\\\ \\end{tabular}"
    minipage = f"Text of the page.\n\n\\begin{{minipage}}{{5cm}}\n{tabular}\n\\end{{minipage}}\n"
    assert _page("", minipage, agreement=0.5).endswith("| cell$^{a}$ |\n\n$^{a}$ In tabular.")
    saved = _page("\\usepackage{footnote}\n\\makesavenoteenv{tabular}", f"Text of the page.\n\n{tabular}\n")
    assert saved.endswith("| cell$^{1}$ |\n\n$^{1}$ In tabular.")
    greek = "\\usepackage[LGR,T1]{fontenc}\n\\usepackage[english,greek]{babel}"
    figure = "\\begin{figure}[h]\\centering\\rule{1cm}{1cm}\\caption{Σχήμα.}\\end{figure}"
    assert _page(greek, f"Κείμενο.\n{figure}\n").endswith("Σχήμα 1: Σχήμα.")


def test_headings_and_theorems_inside_columns_and_appendices_keep_their_numbers():
    # a blind hunt's case: multicols and appendices were one block each, handed to pandoc whole (the
    # heading unnumbered, the theorem headless, multicols' "{2}" printed as "2")
    preamble = "\\usepackage{amsthm}\\usepackage{appendix}\\usepackage{multicol}\n\\newtheorem{theorem}{Theorem}[section]"
    body = ("\\section{Intro}\nText.\n\\begin{multicols}{2}\n\\section{In multicols}\nMulti text.\n"
            "\\begin{theorem} In multicols thm. \\end{theorem}\n\\end{multicols}\n\\begin{appendices}\n"
            "\\section{First appendix}\nApp text.\n\\subsection{App sub}\n\\end{appendices}\n")
    assert _page(preamble, body) == (
        "# 1 Intro\n\nText.\n\n# 2 In multicols\n\nMulti text.\n\n**Theorem 2.1**. *In multicols thm.*\n\n"
        "# A First appendix\n\nApp text.\n\n## A.1 App sub")


def test_two_headings_on_one_line_each_take_their_number():
    assert _page("", "\\section{Intro}\\subsection{Background}\nText.\n") == "# 1 Intro\n\n## 1.1 Background\n\nText."


def test_every_caption_the_page_prints_is_in_the_target_with_its_label():
    # a blind hunt's cases: a figure's second caption (two minipages), \captionof outside a float, a
    # longtable's caption (its label lost, set after the table) and a wrapfigure ("r0.3 W", its caption lost)
    preamble = "\\usepackage{caption}\\usepackage{longtable}\\usepackage{wrapfig}"
    body = ("\\section{Intro}\nSome text.\n\\begin{figure}[h]\n\\centering\n"
            "\\begin{minipage}{0.45\\textwidth}\\centering X\\caption{Left caption.}\\end{minipage}\n"
            "\\begin{minipage}{0.45\\textwidth}\\centering Y\\caption{Right caption.}\\end{minipage}\n\\end{figure}\n"
            "\\begin{center}\nZ\n\\captionof{figure}{Captionof figure.}\n\\end{center}\n"
            "\\begin{longtable}{cc}\n\\caption{Long table caption.}\\\\\na & b \\\\\n\\end{longtable}\n"
            "\\begin{wrapfigure}{r}{0.3\\textwidth}\n\\centering W\n\\caption{Wrapped.}\n\\end{wrapfigure}\n"
            "Text that wraps around the figure. Text that wraps around the figure. Text that wraps around the figure.\n")
    assert _page(preamble, body) == (
        "# 1 Intro\n\nSome text.\n\nFigure 1: Left caption.\n\nFigure 2: Right caption.\n\nZ\n\n"
        "Figure 3: Captionof figure.\n\nTable 1: Long table caption.\n\n|     |     |\n|:---:|:---:|\n|  a  |  b  |\n\n"
        "Text that wraps around the figure. Text that wraps around the figure. Text that wraps around the figure.\n\n"
        "Figure 4: Wrapped.")


def test_algorithm2e_prints_its_caption_label_and_statements():
    # a blind hunt's case: algorithm2e's counter is algocf; its body ("x <- 1;") was lost
    body = ("\\section{Intro}\n\\begin{algorithm}[h]\n\\caption{First algo}\n\\KwIn{data $x$}\n"
            "x $\\leftarrow$ 1\\;\n\\For{$i=1$ \\KwTo $n$}{\n  \\eIf{$i>2$}{a\\;}{b\\;}\n}\n\\Return{x}\\;\n\\end{algorithm}\n")
    assert _page("\\usepackage[ruled,vlined]{algorithm2e}", body) == (
        "# 1 Intro\n\n**Algorithm 1:** First algo\n\n**Input:** data $x$\n\nx $\\leftarrow$ 1;\n\n"
        "**for** $i=1$ **to** $n$ **do**\n\n**if** $i>2$ **then**\n\na;\n\n**else**\n\nb;\n\n**return** x;")
    # the plain style ends each block with "end" and sets the caption below
    assert _page("\\usepackage{algorithm2e}", body) == (
        "# 1 Intro\n\n**Input:** data $x$\n\nx $\\leftarrow$ 1;\n\n**for** $i=1$ **to** $n$ **do**\n\n"
        "**if** $i>2$ **then**\n\na;\n\n**else**\n\nb;\n\n**end**\n\n**end**\n\n**return** x;\n\n"
        "**Algorithm 1:** First algo")


def test_algorithm2e_functions_keywords_and_a_later_lined_setting():
    # a review: \\SetKwFunction's \\Proc{$a$} was lost ("call ;"), and \\SetAlgoLined in the float, after the
    # package's vlined, prints "end" lines the target lacked
    body = ("\\section{Intro}\n\\begin{algorithm}[h]\n\\SetAlgoLined\n\\caption{Calls}\n\\If{done}{\\Leave\\;}\n"
            "call \\Proc{$a$}\\;\n\\end{algorithm}\n")
    preamble = "\\usepackage[ruled,vlined]{algorithm2e}\n\\SetKwFunction{Proc}{Proc}\n\\SetKw{Leave}{leave}"
    assert _page(preamble, body) == ("# 1 Intro\n\n**Algorithm 1:** Calls\n\n**if** done **then**\n\n**leave**;\n\n"
                                     "**end**\n\ncall Proc($a$);")


def test_an_authors_own_steps_resolve_theequation_and_a_figures_equation_keeps_its_number():
    # a blind hunt's cases: \tag{\theequation} and \eqno(\theequation) were left unresolved; an equation
    # set inside a figure was dropped with its number
    body = ("\\section{Intro}\nText.\n\\begin{equation*} a=b \\stepcounter{equation}\\tag{\\theequation} \\end{equation*}\n"
            "A paragraph \\refstepcounter{equation}\\label{eq:m} with manual\n$$ c=d \\eqno(\\theequation) $$\n"
            "and then an inline equation\n\\begin{equation} e=f \\end{equation}\nin the same paragraph.\n"
            "\\begin{figure}[h]\n\\centering X\n\\begin{equation} g=h \\end{equation}\n\\caption{Fig with eq.}\n\\end{figure}\n")
    assert _page("\\usepackage{amsmath}", body) == (
        "# 1 Intro\n\nText.\n\n$$a=b \\tag{1}$$\n\nA paragraph with manual\n\n$$c=d \\tag{2}$$\n\n"
        "and then an inline equation\n\n$$e=f \\tag{3}$$\n\nin the same paragraph.\n\n$$g=h \\tag{4}$$\n\n"
        "Figure 1: Fig with eq.")


def test_numbers_made_through_the_authors_macros_are_the_ones_printed():
    # a blind hunt's cases: \be...\ee for an equation (no \tag), \mysec for \section (unnumbered), \fn for
    # \footnote (the note's text lost, its number taken by the next note)
    preamble = ("\\usepackage{amsmath}\n\\newcommand{\\fn}[1]{\\footnote{#1}}\n"
                "\\def\\be{\\begin{equation}}\\def\\ee{\\end{equation}}\n\\newcommand{\\mysec}[1]{\\section{#1}}")
    body = ("\\section{Intro}\nText with macro note\\fn{Macro note.} and a real one\\footnote{Real note.}.\n\n"
            "\\be\ne=f\n\\ee\n\n\\mysec{Via macro}\nBody.\n")
    assert _page(preamble, body) == (
        "# 1 Intro\n\nText with macro note$^{1}$ and a real one$^{2}$.\n\n$$e=f \\tag{1}$$\n\n# 2 Via macro\n\n"
        "Body.\n\n$^{1}$ Macro note.\n\n$^{2}$ Real note.")


def test_recording_the_numbers_leaves_the_layout_as_the_author_compiles_it():
    # the record's \\write after a list's last glue hid it from \\addvspace (a theorem's space was added twice,
    # a subsection after a section moved 20 pt down) and \\unskip on the page's items is an error: every
    # text block must stand where a compile without the record puts it
    import pathlib
    import subprocess
    import tempfile

    import pymupdf

    from sources.latex.numbering import PROBE, PROBE_FILE

    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu " * 4
    body = (f"{words}\n\n\\section{{Sec}}\n\\subsection{{Sub}}\n{words}\n\\begin{{theorem}}{words}\\end{{theorem}}\n"
            f"\\begin{{theorem}}{words}\\end{{theorem}}\n\n\\begin{{enumerate}}\\item x\\end{{enumerate}}\n"
            f"\\begin{{itemize}}\\item a\\end{{itemize}}\n\\begin{{theorem}}{words}\\end{{theorem}}\n{words}\\footnote{{n}}"
            f"\n\\begin{{align}} a &= b \\\\ c &= d\\end{{align}}\n{words}")
    source = ("\\documentclass{article}\\usepackage{amsmath,amsthm}\\newtheorem{theorem}{Theorem}[section]"
              f"\\begin{{document}}\n{body}\n\\end{{document}}\n")

    def blocks(command: str) -> list:
        with tempfile.TemporaryDirectory() as folder:
            pathlib.Path(folder, "main.tex").write_text(source)
            pathlib.Path(folder, PROBE_FILE).write_text(PROBE)
            done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-jobname=main", command],
                                  cwd=folder, capture_output=True)
            assert done.returncode == 0, done.stdout[-500:]
            with pymupdf.open(pathlib.Path(folder, "main.pdf")) as doc:
                return [(page.number, [round(b[1], 2) for b in page.get_text("blocks")]) for page in doc]

    recorded = blocks(f"\\makeatletter\\input{{{PROBE_FILE}}}\\makeatother\\input{{main}}")
    assert recorded == blocks("\\input{main}") and len(recorded[0][1]) > 10


def test_the_record_is_read_line_by_line_and_plain():
    # (its lines are comments in the .aux, among LaTeX's own)
    steps = parse("\\relax\n%vlbuild^^_figure^^_figure^^_5^^_^^_main.tex^^_1^^_Fig.\\nobreakspace  1^^_[. | ]^^_"
                  "\\caption@labelformat@parens^^_\n"
                  "%vlbuild^^_section^^_document^^_7^^_sections^^_intro.tex^^_S\\textbf {2}^^_^^_^^_^^_ \n"
                  "%vlbuild^^_footnote^^_document^^_9^^_^^_main.tex^^_\\TextOrMath  {\\textdagger }{\\dagger }^^_^^_^^_^^_\n"
                  "%vlbuild^^_broken^^_line\n\\newlabel{x}{{1}{1}}\n")
    assert [(s.counter, s.path, s.line, s.printed, s.label, s.separator) for s in steps] == [
        ("figure", "main.tex", 5, "1", "Fig. (1)", ". |"), ("section", "sections/intro.tex", 7, "S2", None, None),
        ("footnote", "main.tex", 9, "\\dagger", None, None)]


def test_a_review_of_the_record_and_the_body_macros():
    # a renewed \thefootnote between notes kept its name (the record's \thefootnote put "\dagger" in the
    # definition, which then redefined \dagger for the rest of the paper)
    body = ("\\section{Intro}\n\\renewcommand{\\thefootnote}{\\fnsymbol{footnote}}\nFirst\\footnote{Star note.} and "
            "second\\footnote{Dagger note.}.\n\\renewcommand{\\thefootnote}{\\arabic{footnote}}\n\\setcounter{footnote}{0}\n\n"
            "The adjoint $A^\\dagger$ of $A$ is used\\footnote{Arabic note.}.\n")
    assert _page("", body) == ("# 1 Intro\n\nFirst$^{*}$ and second$^{\\dagger}$.\n\nThe adjoint $A^\\dagger$ of $A$ is "
                               "used$^{1}$.\n\n$^{*}$ Star note.\n\n$^{\\dagger}$ Dagger note.\n\n$^{1}$ Arabic note.")
    # a note-making macro with an escaped \# (IndexError: the paper was refused); one turned off again prints
    # nothing (\renewcommand, \def)
    preamble = ("\\newcommand{\\issue}{\\footnote{See issue \\#1 for details.}}\n\\newcommand{\\todo}[1]{\\footnote{TODO: #1}}\n"
                "\\renewcommand{\\todo}[1]{}\n\\newcommand{\\rev}[1]{\\footnote{Reviewer: #1}}\n\\def\\rev#1{}")
    assert _page(preamble, "\\section{Intro}\nA known bug\\issue{} exists.\\todo{fix this} More\\rev{cite X}.\n") == (
        "# 1 Intro\n\nA known bug$^{1}$ exists. More.\n\n$^{1}$ See issue \\#1 for details.")
    # footnote.sty saving a table float's notes, and tabularx's own: the page prints them
    saved = _page("\\usepackage{footnote}\n\\makesavenoteenv{table}",
                  "Text of it.\n\\begin{table}[h]\\centering\\begin{tabular}{ll}\na\\footnote{Saved.} & b \\\\\n"
                  "\\end{tabular}\\caption{T.}\\end{table}\n")
    assert saved.endswith("$^{1}$ Saved.")
    wide = _page("\\usepackage{tabularx}", "Text of it.\n\n\\begin{tabularx}{\\linewidth}{XX}\ne\\footnote{In tabularx.} & f"
                 " \\\\\n\\end{tabularx}\n")
    assert wide.endswith("$^{1}$ In tabularx.")
    # a macro opening a matrix inside inline math makes no block of its own
    matrix = _page("\\usepackage{amsmath}\n\\newcommand{\\bpm}{\\begin{pmatrix}}\n\\newcommand{\\epm}{\\end{pmatrix}}",
                   "Consider the matrix $A =\n\\bpm 1 & 0 \\\\ 0 & 1 \\epm$ which is the identity here.\n")
    assert matrix.startswith("Consider the matrix $A =") and "\n\n" not in matrix
    # \\let\\ssec\\subsection: the heading it makes takes its number
    aliased = _page("\\let\\ssec\\subsection", "\\section{Start}\nWords here.\n\\ssec{Aliased}\nMore words.\n")
    assert aliased == "# 1 Start\n\nWords here.\n\n## 1.1 Aliased\n\nMore words."
    # the record takes no write stream of its own: a paper using the thirteen an article leaves compiles
    streams = "".join(f"\\newwrite\\w{chr(97 + i)}\n" for i in range(13))
    assert _page(streams, "\\section{A}\nHello world text.\n") == "# 1 A\n\nHello world text."


def test_a_multicols_preface_is_text_of_the_page_not_brackets():
    # a review: \begin{multicols}{3}[\section{Three columns}] left "[" and "]" around its heading as text.
    # (multicols sets the preface after reading ahead: TeX steps its section on a later line than the
    # heading's own, so this heading's number is not found: written without it, as before)
    body = ("\\section{Intro}\nSome words of the page.\n\n\\begin{multicols}{2}[\\section{Two columns}]\n"
            "Words in the columns.\n\\end{multicols}\n")
    target = _page("\\usepackage{multicol}", body)
    assert "[" not in target and "]" not in target and "Two columns\n\nWords in the columns." in target


def test_footnotetext_after_an_addtocounter_takes_the_number_the_page_prints():
    # "\addtocounter{footnote}{-1}\footnotetext{...}" (two marks, then their notes): the first note was
    # written "2" where the page prints 1
    body = ("Text with a mark\\footnotemark{} and another\\footnotemark{} here.\n\\addtocounter{footnote}{-1}\n\n"
            "\\footnotetext{First note.}\\stepcounter{footnote}\\footnotetext{Second note.}\n\n"
            "More words follow\\footnote{Third.} in this paragraph.")
    assert _page("", body) == ("Text with a mark$^{1}$ and another$^{2}$ here.\n\nMore words follow$^{3}$ in this "
                               "paragraph.\n\n$^{1}$ First note.\n\n$^{2}$ Second note.\n\n$^{3}$ Third.")


def test_a_multicols_preface_heading_and_a_heading_macro_with_an_optional_argument_keep_their_numbers():
    # multicols sets its preface after reading the next line (the step was recorded there: "# Two");
    # a macro with an optional argument was left to pandoc, its headings unnumbered ("# Long Title")
    body = ("\\section{One}\nWords here.\n\\begin{multicols}{2}[\\section{Two}]\nColumn text goes on for a while.\n"
            "\\end{multicols}\n\\mysec[short]{Long Title}\nBody text.\n\\mysec{Other}\nMore body text.")
    assert _page("\\usepackage{multicol}\n\\newcommand{\\mysec}[2][Short]{\\section[#1]{#2}}", body) == (
        "# 1 One\n\nWords here.\n\n# 2 Two\n\nColumn text goes on for a while.\n\n# 3 Long Title\n\nBody text.\n\n"
        "# 4 Other\n\nMore body text.")
    # defined in the body, as a section file does
    assert _page("", "\\newcommand{\\mysec}[2][]{\\section{#2}}\n" + body.split("\\end{multicols}\n")[1]) == (
        "# 1 Long Title\n\nBody text.\n\n# 2 Other\n\nMore body text.")


def test_a_fragile_label_the_record_cannot_expand_is_compiled_without_the_record():
    # recording a list's \labelenumi expands it inside a \write: an author's fragile label ('\def\x{1}\x.')
    # broke the compile (error:latex:compile) where TeX alone compiles it; the numbers are then counted
    preamble = "\\renewcommand\\labelenumi{\\def\\x{1}\\x.}"
    body = "\\section{Intro}\nWords before the list of things.\n\\begin{enumerate}\n\\item First thing here.\n\\end{enumerate}"
    assert _page(preamble, body) == "# 1 Intro\n\nWords before the list of things.\n\n1.  First thing here."
