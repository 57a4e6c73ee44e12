"""The latex source under the publishers' and KOMA's classes: what each class prints of its own accord (title
blocks, abstract and appendix headings, keywords, reference labels) is in the page's target as printed.

Every project here is written in the test; each test asserts the exact target a page must get, as read off
pdfLaTeX's own output for the class.
"""

import pytest

from samples.latex_maker import make_archive
from shards.reject import Reject
from shards.sample import Sample
from sources.latex.class_profiles import document_class
from sources.latex.compile import find_pdflatex
from sources.latex.read import LatexOptions, read_latex
from tests.conftest import needs_tex_files

_SENTENCE = "The model reads pages of text and learns how formulas and tables are laid out on paper."


def _needs(name: str) -> None:
    if find_pdflatex() is None:
        pytest.skip("pdfLaTeX is not installed (tools/install-tex)")
    needs_tex_files(name)


def _records(main: str, files: dict[str, str] | None = None, **options) -> list[Sample | Reject]:
    _needs("article.cls")
    archive = make_archive({"main.tex": main.encode(), **{name: text.encode() for name, text in (files or {}).items()}})
    return list(read_latex(archive, "arxiv/2401.00009.tar.gz", LatexOptions(interleaved=False, **options)))


def _texts(main: str, files: dict[str, str] | None = None, **options) -> list[str]:
    records = _records(main, files, **options)
    assert all(isinstance(r, Sample) for r in records), [(r.reason, r.detail) for r in records if isinstance(r, Reject)]
    return [r.text for r in records]


@pytest.mark.parametrize("preamble, name, options, family", [
    ("\\documentclass{article}", "article", (), "article"),
    ("\\documentclass [ 11pt, twocolumn ] { IEEEtran }", "IEEEtran", ("11pt", "twocolumn"), "ieeetran"),
    ("\\documentclass[conference]{IEEEtran}", "IEEEtran", ("conference",), "ieeetran-conference"),
    # an option list over lines, with comments (TeX skips them: "conference" is an option)
    ("\\documentclass[10pt,%\n  conference% IEEE conference mode\n]{IEEEtran}", "IEEEtran", ("10pt", "conference"),
     "ieeetran-conference"),
    # a hyphen in the name (read as "\\w+", it was no class), the brace on the next line
    ("\\documentclass[aps,pra]\n{revtex4-2}", "revtex4-2", ("aps", "pra"), "revtex"),
    ("\\documentclass[aps, prl ]{revtex4-2}", "revtex4-2", ("aps", "prl"), "revtex-prl"),
    ("%\\documentclass{llncs}\n\\documentclass{scrreprt}", "scrreprt", (), "koma-book"),  # the class in force
    ("\\documentclass[article]{memoir}", "memoir", ("article",), "memoir-article"),
    # two options that each change what prints: each one's changes ("compsoc": an open proof box)
    ("\\documentclass[conference,compsoc]{IEEEtran}", "IEEEtran", ("conference", "compsoc"),
     "ieeetran-conference+compsoc"),
    ("\\documentclass[chapterprefix=true]{scrbook}", "scrbook", ("chapterprefix=true",), "koma-book-prefix"),
    ("\\documentclass{ieeeaccess}", "ieeeaccess", (), "article"),  # a class not listed: article's
    ("\\usepackage{amsmath}", "", (), "article"),  # no class
])
def test_document_class_reads_the_class_its_options_and_profile(preamble, name, options, family):
    document = document_class(preamble)
    assert (document.name, document.options, document.profile.family) == (name, options, family)


def test_ieee_environments_are_rewritten_under_any_class():
    # IEEEtrantools lends them to any class (\usepackage{IEEEtrantools}, or a package or class loading it)
    document = document_class("\\documentclass{article}\n\\usepackage{IEEEtrantools}")
    assert document.rewritten("\\begin{IEEEeqnarray}{rCl}x & = & y\\IEEEnonumber\\end{IEEEeqnarray}") == (
        "\\begin{align}x & = & y\\nonumber\\end{align}")
    # IEEEproof stays itself: it prints "Proof:" and a filled box, not amsthm's "Proof." and open box
    assert document.rewritten("\\begin{IEEEproof}[Of the Lemma]") == "\\begin{IEEEproof}[Of the Lemma]"
    # what only IEEEtran prints so stays its own: \IEEEmembership in italics
    assert document.rewritten("\\IEEEmembership{Member}") == "\\IEEEmembership{Member}"
    assert document_class("\\documentclass{IEEEtran}").rewritten("\\IEEEmembership{Member}") == "\\textit{Member}"


def test_a_revtex4_2_abstract_has_no_heading():
    # "revtex4-2" was read as no class (its name has a hyphen): "**Abstract**" was written, revtex prints none
    _needs("revtex4-2.cls")
    main = ("\\documentclass[aps,pra]{revtex4-2}\n\\begin{document}\n\\title{A Study}\n\\author{A. Author}\n"
            "\\affiliation{Univ}\n\\begin{abstract}\nWe study efficient attention.\n\\end{abstract}\n\\maketitle\n"
            + _SENTENCE + "\n\\end{document}\n")
    assert _texts(main) == ["# A Study\n\nA. Author\n\nUniv\n\nWe study efficient attention.\n\n" + _SENTENCE]


def test_title_settings_in_the_body_set_their_thanks_once():
    # \title and \author given after \begin{document}: their paragraph wrote the \thanks notes too (each note
    # twice, the title's marks shifted)
    main = ("\\documentclass{article}\n\\begin{document}\n\\title{Deep Pages\\thanks{Work done at home.}}\n"
            "\\author{Ada Lovelace\\thanks{Equal contribution.} \\and Alan Turing}\n\\date{}\n\\maketitle\n"
            "Text with a note.\\footnote{A body note.}\n\\end{document}\n")
    assert _texts(main) == ["# Deep Pages$^{*}$\n\nAda Lovelace$^{\\dagger}$ , Alan Turing\n\nText with a note.$^{1}$\n\n"
                            "$^{*}$ Work done at home.\n\n$^{\\dagger}$ Equal contribution.\n\n$^{1}$ A body note."]


_IEEE_FRONT = ("\\title{Sparse Channel Estimation}\n\\author{Alice~Bell,~\\IEEEmembership{Member,~IEEE,} and Carl~Dorn%\n"
               "\\thanks{A. Bell and C. Dorn are with the University of Somewhere.}}\n\\maketitle\n\\section{Introduction}\n"
               + _SENTENCE + "\\footnote{A body note.}\n\\end{document}\n")


def test_an_ieee_journal_author_prints_the_membership_and_an_unmarked_thanks_at_the_foot():
    # the membership was lost ("Alice Bell, and Carl Dorn") and the \thanks written twice, marked "*" and
    # "\dagger"; IEEEtran's journal title prints "Member, IEEE," in italics and the note without any mark
    _needs("IEEEtran.cls")
    main = "\\documentclass[journal]{IEEEtran}\n\\begin{document}\n" + _IEEE_FRONT
    assert _texts(main) == ["# Sparse Channel Estimation\n\nAlice Bell, *Member, IEEE,* and Carl Dorn\n\n"
                            "# I. Introduction\n\n" + _SENTENCE + "$^{1}$\n\n"
                            "A. Bell and C. Dorn are with the University of Somewhere.\n\n$^{1}$ A body note."]


def test_an_ieee_conference_title_prints_no_thanks():
    # IEEEtran's conference mode prints no \thanks (the title's note was written, marked "*")
    _needs("IEEEtran.cls")
    main = ("\\documentclass[conference]{IEEEtran}\n\\begin{document}\n\\title{Sparse Channel Estimation"
            "\\thanks{Supported by the Foundation.}}\n\\author{\\IEEEauthorblockN{Alice Bell\\thanks{Author note.}}\n"
            "\\IEEEauthorblockA{University of Somewhere}}\n\\maketitle\n\\section{Introduction}\n" + _SENTENCE
            + "\\footnote{A body note.}\n\\end{document}\n")
    assert _texts(main) == ["# Sparse Channel Estimation\n\nAlice Bell University of Somewhere\n\n# I. Introduction\n\n"
                            + _SENTENCE + "$^{1}$\n\n$^{1}$ A body note."]


_APPENDIX_BODY = ("\\section{Introduction}\nIntro words.\n{appendix}\n\\section{Proof of the Lemma}\nProof words.\n"
                  "\\subsection{A detail}\nDetail words.\n\\section{Data}\nData words.\n\\end{{document}}\n")


@pytest.mark.parametrize("appendix, target", [
    # \appendices: "APPENDIX A" over each title (written "# A Proof of the Lemma")
    ("\\appendices", "# Appendix A Proof of the Lemma\n\nProof words.\n\n## A. A detail\n\nDetail words.\n\n"
                     "# Appendix B Data\n\nData words."),
    # \appendix is one appendix, "APPENDIX": IEEEtran throws its \section titles away, the paragraphs around the
    # second run on as one (written "# Proof of the Lemma", "# Data", as headings the page does not print)
    ("\\appendix", "# Appendix\n\nProof words.\n\n## A. A detail\n\nDetail words. Data words."),
    ("\\appendix[Proofs]", "# Appendix Proofs\n\nProof words.\n\n## A. A detail\n\nDetail words. Data words."),
])
def test_ieee_appendix_headings_as_printed(appendix, target):
    _needs("IEEEtran.cls")
    main = ("\\documentclass[journal]{IEEEtran}\n\\begin{document}\n"
            + _APPENDIX_BODY.replace("{appendix}", appendix).replace("{{", "{").replace("}}", "}"))
    assert _texts(main) == ["# I. Introduction\n\nIntro words.\n\n" + target]


def test_an_ieee_appendix_with_its_section_on_the_same_line_prints_appendix_alone():
    # "\appendix\section{...}" on one line: the section's title was written as a heading of its own
    # ("# Appendix" then "# Proof of the Lemma"); IEEEtran prints "APPENDIX" only
    _needs("IEEEtran.cls")
    main = ("\\documentclass[journal]{IEEEtran}\n\\begin{document}\n\\section{Introduction}\nIntro words, see "
            "Appendix~\\ref{app:proof}.\n\\appendix\\section{Proof of the Lemma}\\label{app:proof}\nProof words.\n"
            "\\section*{Acknowledgment}\nThanks words.\n\\end{document}\n")
    assert _texts(main) == ["# I. Introduction\n\nIntro words, see Appendix A.\n\n# Appendix\n\nProof words.\n\n"
                            "# Acknowledgment\n\nThanks words."]


@pytest.mark.parametrize("journal, target", [
    # aps journals: "I. Intro", "Appendix A: Proofs", "1." within it (written "# I Intro", "# A Proofs", "## 1")
    ("pra", "# I. Introduction\n\nIntro words.\n\n# Appendix A: Proof of the Lemma\n\nProof words.\n\n## 1. A detail\n\n"
            "Detail words.\n\n# Appendix B: Data\n\nData words."),
    # prl numbers no heading (counted without a record, they were written "1 Introduction", "A Proof of the Lemma")
    ("prl", "# Introduction\n\nIntro words.\n\n# Proof of the Lemma\n\nProof words.\n\n## A detail\n\nDetail words.\n\n"
            "# Data\n\nData words."),
])
def test_revtex_headings_and_appendix_headings_as_printed(journal, target):
    _needs("revtex4-2.cls")
    main = (f"\\documentclass[aps,{journal}]{{revtex4-2}}\n\\begin{{document}}\n"
            + _APPENDIX_BODY.replace("{appendix}", "\\appendix").replace("{{", "{").replace("}}", "}"))
    assert _texts(main) == [target]


def test_a_prl_paper_that_sets_secnumdepth_numbers_its_headings():
    # prl numbers no heading unless told: told (\setcounter{secnumdepth}{3}), its numbers were dropped all the same
    _needs("revtex4-2.cls")
    main = ("\\documentclass[aps,prl]{revtex4-2}\n\\setcounter{secnumdepth}{3}\n\\begin{document}\n"
            + _APPENDIX_BODY.replace("{appendix}", "\\appendix").replace("{{", "{").replace("}}", "}"))
    assert _texts(main) == ["# I. Introduction\n\nIntro words.\n\n# Appendix A: Proof of the Lemma\n\nProof words.\n\n"
                            "## 1. A detail\n\nDetail words.\n\n# Appendix B: Data\n\nData words."]


@pytest.mark.parametrize("journal, target", [
    # revtex's \appendix* is one appendix: "Appendix: Proof of the Lemma" (written "# Proof of the Lemma")
    ("pra", "# I. Introduction\n\nIntro words.\n\n# Appendix: Proof of the Lemma\n\nProof words.\n\n## 1. A detail\n\n"
            "Detail words."),
    # prl numbers no heading, that one neither
    ("prl", "# Introduction\n\nIntro words.\n\n# Proof of the Lemma\n\nProof words.\n\n## A detail\n\nDetail words."),
])
def test_a_revtex_starred_appendix_is_headed_appendix_and_its_title(journal, target):
    _needs("revtex4-2.cls")
    main = (f"\\documentclass[aps,{journal}]{{revtex4-2}}\n\\begin{{document}}\n\\section{{Introduction}}\nIntro words.\n"
            "\\appendix*\n\\section{Proof of the Lemma}\nProof words.\n\\subsection{A detail}\nDetail words.\n"
            "\\end{document}\n")
    assert _texts(main) == [target]


def test_an_llncs_title_block_keywords_and_emails_as_printed():
    # the keywords, the emails in \institute and the \inst marks were dropped, the authors joined by ",", the
    # institutes run together ("University of Somewhere, City, Country , Other Institute, Town"), the abstract
    # headed "**Abstract**" where llncs starts its paragraph with "Abstract."
    _needs("llncs.cls")
    main = ("\\documentclass{llncs}\n\\begin{document}\n\\title{Sound Static Analysis}\n"
            "\\author{Ann Lee\\inst{1} \\and Bo Chen\\inst{2}}\n\\institute{University of Somewhere, City, Country\\\\\n"
            "\\email{ann@some.edu} \\and\nOther Institute, Town\\\\\n\\email{bo@other.org}}\n\\maketitle\n"
            "\\begin{abstract}\nWe study abstract interpretation.\n\\keywords{Static analysis \\and Abstract interpretation "
            "\\and\nSoundness.}\n\\end{abstract}\n\\section{Introduction}\n" + _SENTENCE + "\n\\end{document}\n")
    assert _texts(main) == ["# Sound Static Analysis\n\nAnn Lee$^{1}$ and Bo Chen$^{2}$\n\n$^{1}$ University of Somewhere, "
                            "City, Country `ann@some.edu`\n\n$^{2}$ Other Institute, Town `bo@other.org`\n\n**Abstract.** "
                            "We study abstract interpretation.\n\n**Keywords:** Static analysis · Abstract interpretation · "
                            "Soundness.\n\n# 1 Introduction\n\n" + _SENTENCE]
    # three authors: "A, B, and C"; one institute: no number
    main = main.replace("Bo Chen\\inst{2}}", "Bo Chen\\inst{2} \\and Cy Diaz\\inst{1}}").replace(
        " \\and\nOther Institute, Town\\\\\n\\email{bo@other.org}", "")
    assert _texts(main) == ["# Sound Static Analysis\n\nAnn Lee$^{1}$, Bo Chen$^{2}$, and Cy Diaz$^{1}$\n\n"
                            "University of Somewhere, City, Country `ann@some.edu`\n\n**Abstract.** We study abstract "
                            "interpretation.\n\n**Keywords:** Static analysis · Abstract interpretation · Soundness.\n\n"
                            "# 1 Introduction\n\n" + _SENTENCE]


def test_memoir_article_chapters_print_no_chapter_name():
    # memoir's article option numbers its chapters as sections are ("1 Introduction", written "Chapter 1
    # Introduction"), its sections under them; without the option it prints "Chapter 1" on a page of its own
    _needs("memoir.cls")
    body = ("\\begin{document}\n\\chapter{Introduction}\nIntro words.\n\\section{Setup}\nSetup words.\n\\chapter{Results}\n"
            "Result words.\n\\begin{equation}\na = b\n\\end{equation}\n\\begin{thebibliography}{1}\n\\bibitem{k} A. Author. "
            "A book. 2001.\n\\end{thebibliography}\n\\end{document}\n")
    assert _texts("\\documentclass[article]{memoir}\n" + body) == [
        "# 1 Introduction\n\nIntro words.\n\n## 1.1 Setup\n\nSetup words.\n\n# 2 Results\n\nResult words.\n\n"
        "$$a = b \\tag{1}$$\n\n# Bibliography\n\n[1] A. Author. A book. 2001."]
    # every page: a chapter starts on a right-hand page, the left one before it blank
    records = _records("\\documentclass{memoir}\n" + body)
    assert [r.text if isinstance(r, Sample) else r.reason for r in records] == [
        "# Chapter 1 Introduction\n\nIntro words.\n\n## 1.1 Setup\n\nSetup words.", "filtered:no_blocks",
        "# Chapter 2 Results\n\nResult words.\n\n$$a = b \\tag{2.1}$$", "filtered:no_blocks",
        "# Bibliography\n\n[1] A. Author. A book. 2001."]


@pytest.mark.parametrize("options", ["openany", "openany,article"])
def test_memoir_without_chapters_prints_its_sections_as_top_headings(options):
    # no \chapter: the sections are the top headings, numbered in chapter 0 ("0.1", the appendix's ".1"); read
    # as under chapters they were written one level down ("## 0.1 Introduction", no "#" heading). The
    # bibliography is still memoir's "Bibliography"
    _needs("memoir.cls")
    main = (f"\\documentclass[{options}]{{memoir}}\n\\begin{{document}}\n\\section{{Introduction}}\nIntro words cite~\\cite{{k}}.\n"
            "\\subsection{Setup}\nSetup words.\n\\begin{equation}\na = b\n\\end{equation}\n\\appendix\n\\section{Proofs}\n"
            "Proof words.\n\\begin{thebibliography}{1}\n\\bibitem{k} A. Author. A book. 2001.\n\\end{thebibliography}\n"
            "\\end{document}\n")
    pages = ["# 0.1 Introduction\n\nIntro words cite [1].\n\n## Setup\n\nSetup words.\n\n$$a = b \\tag{1}$$\n\n"
             "# .1 Proofs\n\nProof words.", "# Bibliography\n\n[1] A. Author. A book. 2001."]
    # the article option starts no page at a chapter: the bibliography runs on
    assert _texts(main) == (["\n\n".join(pages)] if "article" in options else pages)


def test_a_koma_subtitle_is_printed_under_the_title():
    # scrartcl prints \subtitle under the title: it was dropped
    _needs("scrartcl.cls")
    main = ("\\documentclass{scrartcl}\n\\title{Efficient Attention}\n\\subtitle{A Study of Linear Transformers}\n"
            "\\author{Ann Lee}\n\\date{}\n\\begin{document}\n\\maketitle\n\\section{Introduction}\n" + _SENTENCE
            + "\n\\end{document}\n")
    assert _texts(main) == ["# Efficient Attention\n\nA Study of Linear Transformers\n\nAnn Lee\n\n# 1 Introduction\n\n"
                            + _SENTENCE]


_IEEE_TOOLS_BODY = ("\\begin{document}\n\\section{Introduction}\nThe state evolves as\n\\begin{IEEEeqnarray}{rCl}\n"
                    "x(t+1) & = & A x(t) + w(t)\n\\end{IEEEeqnarray}\nwhich we prove next.\n\\begin{IEEEproof}\n"
                    "Proof words here.\n\\end{IEEEproof}\n\\end{document}\n")
_IEEE_TOOLS_TARGET = ("The state evolves as\n\n$$\\begin{align*}\nx(t+1) & = & A x(t) + w(t) \\tag{1}\n\\end{align*}$$\n\n"
                      "which we prove next.\n\n*Proof:* Proof words here. ◼")


@pytest.mark.parametrize("preamble, files, target", [
    # a local class that loads IEEEtran (IEEE Access's): its keywords "Index Terms—..." and "I. INTRODUCTION"
    ("\\documentclass{ieeeaccess}\n", {"ieeeaccess.cls": "\\ProvidesClass{ieeeaccess}\n\\LoadClassWithOptions{IEEEtran}\n"},
     "***Index Terms*—Channel estimation, sparsity.**\n\n# I. Introduction\n\n"),
    # a local package that loads IEEEtrantools under article
    ("\\documentclass{article}\n\\usepackage{mytools}\n",
     {"mytools.sty": "\\ProvidesPackage{mytools}\n\\RequirePackage{IEEEtrantools}\n"}, "# 1 Introduction\n\n"),
], ids=["class-loads-IEEEtran", "package-loads-IEEEtrantools"])
def test_ieee_environments_under_a_class_or_package_that_loads_them(preamble, files, target):
    # read as IEEEtran's only, they were lost there: "rCl x(t+1) & = & ...", the keywords without "Index Terms",
    # the proof without its head. IEEEproof prints "Proof:" and a filled box (IEEEtran.cls's and IEEEtrantools.sty's
    # \@IEEEproof and \IEEEQEDclosed): it was written as amsthm's "Proof." and open box
    _needs("IEEEtrantools.sty")
    body = _IEEE_TOOLS_BODY
    if "ieeeaccess" in preamble:
        body = body.replace("\\section", "\\begin{IEEEkeywords}\nChannel estimation, sparsity.\n\\end{IEEEkeywords}\n"
                            "\\section", 1)
    assert _texts(preamble + body, files) == [target + _IEEE_TOOLS_TARGET]



_KOMA_BOOK = ("\\begin{document}\n\\chapter{Introduction}\nIntro words cite~\\cite{k}.\n\\section{Setup}\nSetup words.\n"
              "\\begin{thebibliography}{1}\n\\bibitem{k} A. Author. A book. 2001.\n\\end{thebibliography}\n\\end{document}\n")


def test_koma_report_and_book_chapters_as_printed():
    # scrreprt and scrbook number a chapter without its name ("1 Introduction", written "# Chapter 1
    # Introduction"), their sections under it, and head the bibliography "Bibliography" (written "References")
    _needs("scrreprt.cls")
    assert _texts("\\documentclass{scrreprt}\n" + _KOMA_BOOK) == [
        "# 1 Introduction\n\nIntro words cite [1].\n\n## 1.1 Setup\n\nSetup words.",
        "# Bibliography\n\n[1] A. Author. A book. 2001."]
    # chapterprefix=true prints the name; scrbook opens a chapter on a right-hand page (the page before is blank)
    records = _records("\\documentclass[chapterprefix=true]{scrbook}\n" + _KOMA_BOOK)
    assert [r.text if isinstance(r, Sample) else r.reason for r in records] == [
        "# Chapter 1 Introduction\n\nIntro words cite [1].\n\n## 1.1 Setup\n\nSetup words.", "filtered:no_blocks",
        "# Bibliography\n\n[1] A. Author. A book. 2001."]


_PROOFS = ("\\section{{Result}}\nThe claim holds.\n\\begin{{{env}}}\nBy induction on $n$.\n\\end{{{env}}}\n"
           "\\begin{{{env}}}[Proof of Lemma 1]\nAlso by induction.\n\\end{{{env}}}\n\\end{{document}}\n")


@pytest.mark.parametrize("preamble, env, target", [
    # IEEEtran's \@IEEEproof heads it "{\itshape #1: }" and \endIEEEproof sets \IEEEQEDclosed, a filled box: it
    # was written as amsthm's "*Proof.* ... ◻"
    ("\\documentclass{IEEEtran}\n", "IEEEproof", "# I. Result\n\nThe claim holds.\n\n*Proof:* By induction on $n$. ◼"
     "\n\n*Proof of Lemma 1:* Also by induction. ◼"),
    # compsoc's \IEEEQED is \IEEEQEDopen, an open box
    ("\\documentclass[conference,compsoc]{IEEEtran}\n", "IEEEproof", "# 1. Result\n\nThe claim holds.\n\n*Proof:* By "
     "induction on $n$. ◻\n\n*Proof of Lemma 1:* Also by induction. ◻"),
    # amsthm's proof under IEEEtran stays amsthm's
    ("\\documentclass{IEEEtran}\n\\usepackage{amsthm}\n", "proof", "# I. Result\n\nThe claim holds.\n\n*Proof.* By "
     "induction on $n$. ◻\n\n*Proof of Lemma 1.* Also by induction. ◻"),
    # llncs's own proof (\spnewtheorem*{proof}{Proof}{\itshape}{\rmfamily}) has no end mark and puts a given name
    # in parentheses: it was written "*Proof of Lemma 1.* ... ◻"
    ("\\documentclass{llncs}\n", "proof", "# 1 Result\n\nThe claim holds.\n\n*Proof.* By induction on $n$.\n\n"
     "*Proof (Proof of Lemma 1).* Also by induction."),
    # an llncs preamble that lets its proof go for amsthm's
    ("\\documentclass{llncs}\n\\let\\proof\\relax\\let\\endproof\\relax\n\\usepackage{amsthm}\n", "proof",
     "# 1 Result\n\nThe claim holds.\n\n*Proof.* By induction on $n$. ◻\n\n*Proof of Lemma 1.* Also by induction. ◻"),
], ids=["ieeetran", "ieeetran-compsoc", "ieeetran-amsthm", "llncs", "llncs-amsthm"])
def test_a_proof_prints_the_head_and_mark_its_class_gives_it(preamble, env, target):
    _needs("IEEEtran.cls" if "IEEE" in preamble else "llncs.cls")
    assert _texts(preamble + "\\begin{document}\n" + _PROOFS.format(env=env)) == [target]


def test_ieeetran_s_qed_here_in_a_display_is_set_there_and_not_at_the_proof_s_end():
    # \IEEEQEDhereeqn was left in the display as a command (and the mark written again at the proof's end):
    # the page sets the box at the right of the display, before its number, and none at the end
    _needs("IEEEtran.cls")
    for option, mark in (("", "\\blacksquare"), ("[conference,compsoc]", "\\square")):
        main = (f"\\documentclass{option}{{IEEEtran}}\n\\usepackage{{amsmath}}\n\\begin{{document}}\n"
                "\\begin{IEEEproof}\nBy induction we get\n\\begin{equation}\na + b = c \\IEEEQEDhereeqn\n"
                "\\end{equation}\nwhich closes it.\n\\end{IEEEproof}\n\\end{document}\n")
        assert _texts(main) == [f"*Proof:* By induction we get $$a + b = c \\qquad {mark} \\tag{{1}}$$ which closes it."]


@pytest.mark.parametrize("option, target", [
    # a compsoc journal: \maketitle sets it under the authors (the template's page was refused, 62% of its words:
    # pandoc dropped the command and its argument)
    ("compsoc", "**Abstract**—We study channels.\n\n**Index Terms**—consensus, lossy links\n\n# 1 Introduction"),
    # elsewhere \IEEEdisplaynontitleabstractindextext sets it where it stands (IEEEtran.cls l.5232)
    ("journal", "***Abstract*—We study channels.**\n\n***Index Terms*—consensus, lossy links**\n\n# I. Introduction"),
    ("conference,compsoc", "***Abstract*—We study channels.**\n\n***Index Terms*—consensus, lossy links**\n\n"
                           "# 1. Introduction"),
], ids=["compsoc-journal", "journal", "compsoc-conference"])
def test_ieeetran_s_title_abstract_is_set_where_the_mode_sets_it(option, target):
    _needs("IEEEtran.cls")
    main = (f"\\documentclass[{option}]{{IEEEtran}}\n\\begin{{document}}\n\\title{{Sparse Channels}}\n"
            "\\author{Alice Bell}\n\\IEEEtitleabstractindextext{%\n\\begin{abstract}\nWe study channels.\n"
            "\\end{abstract}\n\\begin{IEEEkeywords}\nconsensus, lossy links\n\\end{IEEEkeywords}}\n\\maketitle\n"
            "\\IEEEdisplaynontitleabstractindextext\n\\section{Introduction}\nSome words here.\n\\end{document}\n")
    assert _texts(main) == [f"# Sparse Channels\n\nAlice Bell\n\n{target}\n\nSome words here."]


def test_an_llncs_qed_prints_its_box_where_it_stands():
    # llncs's \qed sets \squareforqed (a \sqcap over a \sqcup, an open box); pandoc wrote "0◻ ◻"
    _needs("llncs.cls")
    main = "\\documentclass{llncs}\n\\begin{document}\n\\begin{proof}\nBy induction. \\qed\n\\end{proof}\n\\end{document}\n"
    assert _texts(main) == ["*Proof.* By induction. ◻"]


def test_a_proof_over_two_pages_has_its_head_on_the_first_and_its_mark_on_the_last():
    # pandoc read each piece as a proof of its own: "*Proof.*" began the second page and "◻" ended the first
    lines = "\n".join(f"Filler line {n} of the opening text with words enough to fill one line." for n in range(1, 40))
    proof = "\n".join(f"Step {n} of the argument, with words enough to fill out a line." for n in range(1, 30))
    main = ("\\documentclass{article}\n\\usepackage{amsthm}\n\\begin{document}\n" + lines + "\n\n\\begin{proof}\n"
            + proof + "\n\\end{proof}\n\\end{document}\n")
    first, second = _texts(main)
    assert "*Proof.* Step 1 of" in first and not first.endswith("◻") and "Proof." not in second
    assert second.startswith("Step ") and second.endswith("Step 29 of the argument, with words enough to fill out a line. ◻")


_IEEE_ABSTRACT = ("\\begin{{document}}\n\\title{{Sparse Channel Estimation}}\n\\author{{Alice Bell}}\n\\maketitle\n"
                  "\\begin{{abstract}}\nWe study channels.\n\\end{{abstract}}\n\\begin{{IEEEkeywords}}\nconsensus, lossy links\n"
                  "\\end{{IEEEkeywords}}\n\\section{{Introduction}}\n{sentence}\n\\end{{document}}\n")


@pytest.mark.parametrize("options, front, heading", [
    # IEEEtran's two columns (its default): "\bfseries\textit{\abstractname}---" and the same for "Index Terms",
    # bold throughout; written "**Abstract**" over the text and "*Index Terms*— consensus" (a space the page lacks)
    ("journal", "***Abstract*—We study channels.**\n\n***Index Terms*—consensus, lossy links**", "I. Introduction"),
    ("conference,compsoc", "***Abstract*—We study channels.**\n\n***Index Terms*—consensus, lossy links**",
     "1. Introduction"),
    # a compsoc journal's are sans serif, only the names in bold ("\sffamily ... \textbf{\abstractname}---")
    ("compsoc", "**Abstract**—We study channels.\n\n**Index Terms**—consensus, lossy links", "1 Introduction"),
    # one column: headings centred over their text
    ("onecolumn", "**Abstract**\n\nWe study channels.\n\n**Index Terms**\n\nconsensus, lossy links", "I. Introduction"),
], ids=["journal", "compsoc-conference", "compsoc-journal", "onecolumn"])
def test_an_ieee_abstract_and_keywords_as_each_mode_prints_them(options, front, heading):
    _needs("IEEEtran.cls")
    main = f"\\documentclass[{options}]{{IEEEtran}}\n" + _IEEE_ABSTRACT.format(sentence=_SENTENCE)
    assert _texts(main) == [f"# Sparse Channel Estimation\n\nAlice Bell\n\n{front}\n\n# {heading}\n\n{_SENTENCE}"]


_KOMA_APPENDIX = ("\\begin{{document}}\n{contents}\\section{{Introduction}}\nIntro words.\n\\subsection{{Deeper}}\n"
                  "Deeper words.\n{appendix}\\section{{Proofs}}\nProof words.\n\\end{{document}}\n")


@pytest.mark.parametrize("options, preamble, appendix, target", [
    # numbers=autoendperiod (the default): a number with a letter, after \appendix, turns on \autodot in the
    # .aux for the next run, and every number takes a period (written "1 Introduction", "A Proofs")
    ("", "", True, "# 1. Introduction\n\nIntro words.\n\n## 1.1. Deeper\n\nDeeper words.\n\n# A. Proofs\n\nProof words."),
    ("", "", False, "# 1 Introduction\n\nIntro words.\n\n## 1.1 Deeper\n\nDeeper words.\n\n# 2 Proofs\n\nProof words."),
    ("numbers=enddot", "", False, "# 1. Introduction\n\nIntro words.\n\n## 1.1. Deeper\n\nDeeper words.\n\n"
     "# 2. Proofs\n\nProof words."),
    ("numbers=noenddot", "", True, "# 1 Introduction\n\nIntro words.\n\n## 1.1 Deeper\n\nDeeper words.\n\n"
     "# A Proofs\n\nProof words."),
    ("", "\\KOMAoptions{numbers=noenddot}\n", True, "# 1 Introduction\n\nIntro words.\n\n## 1.1 Deeper\n\n"
     "Deeper words.\n\n# A Proofs\n\nProof words."),
    # a preamble's own \autodot (empty: never a period) and \sectionformat (a section's number without it, a
    # subsection's still with it): ignored, the .aux's switch wrote "1. Introduction", "A. Proofs"
    ("", "\\renewcommand*{\\autodot}{}\n", True, "# 1 Introduction\n\nIntro words.\n\n## 1.1 Deeper\n\n"
     "Deeper words.\n\n# A Proofs\n\nProof words."),
    ("", "\\renewcommand*{\\sectionformat}{\\thesection\\enskip}\n", True, "# 1 Introduction\n\nIntro words.\n\n"
     "## 1.1. Deeper\n\nDeeper words.\n\n# A Proofs\n\nProof words."),
    ("", "\\makeatletter\\def\\autodot{:}\\makeatother\n", False, "# 1: Introduction\n\nIntro words.\n\n"
     "## 1.1: Deeper\n\nDeeper words.\n\n# 2: Proofs\n\nProof words."),
], ids=["auto-appendix", "auto", "enddot", "noenddot", "KOMAoptions", "autodot-empty", "sectionformat", "autodot-colon"])
def test_a_koma_number_has_the_period_koma_prints(options, preamble, appendix, target):
    _needs("scrartcl.cls")
    main = (f"\\documentclass[{options}]{{scrartcl}}\n{preamble}"
            + _KOMA_APPENDIX.format(contents="", appendix="\\appendix\n" if appendix else ""))
    assert _texts(main) == [target]


def test_a_koma_table_of_contents_is_printed_from_the_run_before():
    # a .toc (and KOMA's \autodot) is read back on the next run, which the log did not ask for: the one run
    # printed an empty contents and "A Proofs", and the target had the entries, without their periods
    _needs("scrartcl.cls")
    main = "\\documentclass{scrartcl}\n" + _KOMA_APPENDIX.format(contents="\\tableofcontents\n", appendix="\\appendix\n")
    assert _texts(main) == ["# Contents\n\n1. Introduction 1\n\n1.1. Deeper 1\n\nA. Proofs 1\n\n# 1. Introduction\n\n"
                            "Intro words.\n\n## 1.1. Deeper\n\nDeeper words.\n\n# A. Proofs\n\nProof words."]


def test_a_koma_autodot_renewed_is_printed_in_the_contents_or_refused_where_not_read():
    # \numberline prints \autodot too: none in the contents either ("A Proofs 1", not "A. Proofs 1")
    _needs("scrartcl.cls")
    main = ("\\documentclass{scrartcl}\n\\renewcommand*{\\autodot}{}\n"
            + _KOMA_APPENDIX.format(contents="\\tableofcontents\n", appendix="\\appendix\n"))
    assert _texts(main) == ["# Contents\n\n1 Introduction 1\n\n1.1 Deeper 1\n\nA Proofs 1\n\n# 1 Introduction\n\n"
                            "Intro words.\n\n## 1.1 Deeper\n\nDeeper words.\n\n# A Proofs\n\nProof words."]
    # what it prints is not plain text ("1. Introduction", the period in bold): refused, no period guessed
    (refused,) = _records(main.replace("{\\autodot}{}", "{\\autodot}{\\textbf{.}}"))
    assert isinstance(refused, Reject) and refused.reason == "unsupported:latex_heading_format"


def test_an_llncs_title_block_prints_what_is_never_set():
    # llncs's \clearheadinfo: "No Institute Given" (and "No Title Given", "No Author Given") where the preamble
    # sets none; they were left out
    _needs("llncs.cls")
    body = "\\maketitle\n\\section{Introduction}\n" + _SENTENCE + "\n\\end{document}\n"
    main = "\\documentclass{llncs}\n\\begin{document}\n\\title{Efficient Attention}\n\\author{Ann Lee \\and Bob Stone}\n"
    assert _texts(main + body) == ["# Efficient Attention\n\nAnn Lee and Bob Stone\n\nNo Institute Given\n\n"
                                   "# 1 Introduction\n\n" + _SENTENCE]
    assert _texts("\\documentclass{llncs}\n\\begin{document}\n" + body) == [
        "# No Title Given\n\nNo Author Given\n\nNo Institute Given\n\n# 1 Introduction\n\n" + _SENTENCE]


@pytest.mark.parametrize("symbol, mark", [
    ("$\\blacksquare$", "■"), ("\\ensuremath{\\blacksquare}", "■"), ("Q.E.D.", "Q.E.D."),
    ("$\\diamond$", "$\\diamond$"), ("\\rule{1ex}{1ex}", "◼")])
def test_a_renewed_qedsymbol_is_the_proofs_mark(symbol, mark):
    # \renewcommand{\qedsymbol}{$\blacksquare$} was ignored: the target ended "◻", the page "■"
    main = ("\\documentclass{article}\n\\usepackage{amsthm,amssymb}\n\\renewcommand{\\qedsymbol}{" + symbol + "}\n"
            "\\begin{document}\n\\begin{proof}\nIt holds.\n\\end{proof}\n\\end{document}\n")
    assert _texts(main) == [f"*Proof.* It holds. {mark}"]


def test_a_qedsymbol_not_read_is_refused():
    main = ("\\documentclass{article}\n\\usepackage{amsthm}\n\\renewcommand{\\qedsymbol}{\\textbf{X}}\n"
            "\\begin{document}\n\\begin{proof}\nIt holds.\n\\end{proof}\n\\end{document}\n")
    (refused,) = _records(main)
    assert isinstance(refused, Reject) and refused.reason == "unsupported:latex_qed_symbol"


_THEOREMS = ("\\newtheorem{theorem}{Theorem}\n\\begin{document}\n\\begin{theorem}\nBody words here.\n\\end{theorem}\n"
             "\\begin{theorem}[Name]\nNamed words here.\n\\end{theorem}\n\\end{document}\n")


@pytest.mark.parametrize("preamble, target", [
    # IEEEtran's own \@begintheorem: "\textit{\indent #1\ #2:}" after \rmfamily, the body upright; it was written
    # as LaTeX's "**Theorem 1**. *Body words here.*"
    ("\\documentclass[conference]{IEEEtran}\n",
     "*Theorem 1:* Body words here.\n\n*Theorem 2 (Name):* Named words here."),
    # compsoc's head bold italic, "\textit{\bfseries\noindent #1\ #2.}"
    ("\\documentclass[compsoc]{IEEEtran}\n",
     "***Theorem 1.*** Body words here.\n\n***Theorem 2 (Name).*** Named words here."),
    # amsthm under IEEEtran replaces it: its plain style
    ("\\documentclass[conference]{IEEEtran}\n\\usepackage{amsthm}\n",
     "**Theorem 1**. *Body words here.*\n\n**Theorem 2** (Name). *Named words here.*"),
    # (review) theorem.sty replaces it too: LaTeX's head, its plain style's body italic (it was written "*Theorem 1:*
    # Body words here.", IEEEtran's own)
    ("\\documentclass[conference]{IEEEtran}\n\\usepackage{theorem}\n",
     "**Theorem 1** *Body words here.*\n\n**Theorem 2 (Name)** *Named words here.*"),
    # elsarticle's own \@begintheorem: a period after the number or the note, all bold (it was written amsthm's
    # "**Theorem 2** (Name).": pdfLaTeX sets "Theorem 2 (Name)." in CMBX10); its body italic
    ("\\documentclass{elsarticle}\n", "**Theorem 1.** *Body words here.*\n\n**Theorem 2 (Name).** *Named words here.*"),
    # amsart loads amsthm: its plain style, the note upright (CMR10) before a period
    ("\\documentclass{amsart}\n", "**Theorem 1**. *Body words here.*\n\n**Theorem 2** (Name). *Named words here.*"),
    # LaTeX's own \@begintheorem (article, report, book, revtex, KOMA, memoir): "{\bfseries #1\ #2}" and
    # "{\bfseries #1\ #2\ (#3)}", no period, the note bold (CMBX10); it was written "**Theorem 1**. *...*" and
    # "**Theorem 2** (Name). *...*", a period and an upright note the page does not show
    ("\\documentclass{article}\n", "**Theorem 1** *Body words here.*\n\n**Theorem 2 (Name)** *Named words here.*"),
    ("\\documentclass{book}\n", "**Theorem 1** *Body words here.*\n\n**Theorem 2 (Name)** *Named words here.*"),
    # ntheorem's plain style heads as LaTeX's
    ("\\documentclass{article}\n\\usepackage{ntheorem}\n",
     "**Theorem 1** *Body words here.*\n\n**Theorem 2 (Name)** *Named words here.*"),
    # ntheorem's \theoremseparator after the note and \theoremheaderfont, in force where the theorem is declared
    # (pdfLaTeX: "Theorem 2 (Name)." all CMBX10; "Theorem 2 (Name):" all CMTI10; the period was left out)
    ("\\documentclass{article}\n\\usepackage{ntheorem}\n\\theoremseparator{.}\n",
     "**Theorem 1.** *Body words here.*\n\n**Theorem 2 (Name).** *Named words here.*"),
    ("\\documentclass{article}\n\\usepackage{ntheorem}\n\\theoremheaderfont{\\itshape}\\theoremseparator{:}\n",
     "*Theorem 1:* *Body words here.*\n\n*Theorem 2 (Name):* *Named words here.*"),
], ids=["ieeetran", "ieeetran-compsoc", "ieeetran-amsthm", "ieeetran-theorem-sty", "elsarticle", "amsart", "article",
        "book", "ntheorem", "ntheorem-separator", "ntheorem-header-font"])
def test_a_kernel_theorem_prints_the_head_and_body_font_its_class_gives_it(preamble, target):
    _needs(preamble.split("{")[1].split("}")[0] + ".cls")
    assert _texts(preamble + _THEOREMS) == [target]


@pytest.mark.parametrize("preamble, target", [
    # llncs's \spnewtheorem heads: "Theorem 1 (Name)." all bold (CMBX10), its example's all italic (CMTI10), a
    # period after the note (written "**Theorem 1** (Name).", "**Example 1**."); an author's \newtheorem keeps
    # LaTeX's head, no period
    ("\\documentclass{llncs}\n",
     "**Theorem 1 (Name).** *One.*\n\n*Example 1.* Two.\n\n**Fact 1 (N)** *Three.*"),
    # acmart's acmplain (its own theorems' and, as the style in force, an author's): small capitals (CMCSC10,
    # written as plain words), the note inside (its example, "Example 1.2." in italics, shares the theorem's counter:
    # written "Example 1", a numbering fault of its own, not asserted here)
    ("\\documentclass[sigconf]{acmart}\n\\settopmatter{printacmref=false}\\setcopyright{none}\n",
     "# 1 S\n\nTheorem 1.1 (Name). *One.*\n\nFact 1 (N). *Three.*"),
], ids=["llncs", "acmart"])
def test_a_classes_own_theorems_and_an_authors_print_the_heads_the_class_gives_them(preamble, target):
    _needs(preamble.split("{")[1].split("}")[0] + ".cls")
    body = ("\\section{S}\n\\begin{theorem}[Name]\nOne.\n\\end{theorem}\n\\begin{example}\nTwo.\n\\end{example}\n"
            "\\begin{fact}[N]\nThree.\n\\end{fact}\n")
    (text,) = _texts(preamble + "\\newtheorem{fact}{Fact}\n\\begin{document}\n" + body + "\\end{document}\n")
    assert all(part in text.split("\n\n") for part in target.split("\n\n")), text


def test_amsthm_styles_print_their_own_heads():
    # amsthm (checked with pdfLaTeX): plain's and definition's name and number bold with a period, the note upright
    # (CMR10); remark's name italic, its number and note upright (written bold: "**Remark 1**."); a starred
    # theorem's name alone; a style of the author's, its own head font and punctuation ("\itshape", ":")
    preamble = ("\\documentclass{article}\n\\usepackage{amsthm}\n\\newtheorem*{main}{Main}\n"
                "\\theoremstyle{definition}\\newtheorem{defn}{Definition}\n"
                "\\theoremstyle{remark}\\newtheorem{rem}{Remark}\n"
                "\\newtheoremstyle{mine}{3pt}{3pt}{\\upshape}{}{\\itshape}{:}{ }{}\n"
                "\\theoremstyle{mine}\\newtheorem{obs}{Note}\n")
    body = ("\\begin{main}A.\\end{main}\n\n\\begin{main}[Big]B.\\end{main}\n\n\\begin{defn}[D]C.\\end{defn}\n\n"
            "\\begin{rem}E.\\end{rem}\n\n\\begin{rem}[R]F.\\end{rem}\n\n\\begin{obs}G.\\end{obs}\n")
    assert _texts(preamble + "\\begin{document}\n" + body + "\\end{document}\n") == [
        "**Main**. *A.*\n\n**Main** (Big). *B.*\n\n**Definition 1** (D). C.\n\n*Remark* 1. E.\n\n*Remark* 2 (R). F.\n\n"
        "*Note* 1: G."]
