"""The latex source under the publishers' and KOMA's classes: what each class prints of its own accord (title
blocks, abstract and appendix headings, keywords, reference labels) is in the page's target as printed.

Every project here is written in the test; each test asserts the exact target a page must get, as read off
pdfLaTeX's own output for the class.
"""

import subprocess

import pytest

from samples.latex_maker import make_archive
from shards.reject import Reject
from shards.sample import Sample
from sources.latex.compile import find_pdflatex
from sources.latex.read import LatexOptions, read_latex

pytestmark = pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")

_SENTENCE = "The model reads pages of text and learns how formulas and tables are laid out on paper."


def _needs(name: str) -> None:
    if subprocess.run(["kpsewhich", name], capture_output=True).returncode != 0:
        pytest.skip(f"{name} is not installed (tools/install-tex installs texlive-publishers)")


def _texts(main: str, **options) -> list[str]:
    records = list(read_latex(make_archive({"main.tex": main.encode()}), "arxiv/2401.00009.tar.gz",
                              LatexOptions(interleaved=False, **options)))
    assert all(isinstance(r, Sample) for r in records), [(r.reason, r.detail) for r in records if isinstance(r, Reject)]
    return [r.text for r in records]


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

