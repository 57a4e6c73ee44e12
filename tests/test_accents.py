"""TeX's accents drawn over letters read as the accented letters."""

from __future__ import annotations

import subprocess

import pytest

from sources.documents.read import DocumentOptions, read_document
from sources.latex.compile import find_pdflatex


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_accents_tex_draws_over_letters_are_composed_and_a_standalone_one_stays(tmp_path):
    # Computer Modern in OT1 has no accented letters: TeX draws the accent's glyph over the letter and the text
    # layer held both, "van Merri¨enboer", "Poincar´e"; over a capital TeX raises the accent into a span of its own
    # ("´Ecole"); an accent set as a character of its own stays one, and so do code's "~" and "^"
    (tmp_path / "a.tex").write_text(r"""\documentclass{article}
\pagestyle{empty}
\begin{document}
B. van Merri\"enboer, H. Poincar\'e and E. Schr\"odinger met at the caf\'e in Cura\c{c}ao, pi\`u or less, with
Se\~nor Ca\~nas and Ma\^\i tre Dupont.

\'Ecole, \"Uber, \v{S}koda and \AA ngstr\"om; the path is \verb|~/x^2|.
\newpage
A lone accent \textasciiacute{} stands on its own.
\end{document}
""")
    subprocess.run([find_pdflatex(), "-interaction=nonstopmode", "a.tex"], cwd=tmp_path, capture_output=True,
                   timeout=120, check=True)
    pages = read_document((tmp_path / "a.pdf").read_bytes(), "mem://a.pdf", DocumentOptions(interleaved=False))
    assert [page.text for page in pages] == [
        "B. van Merriënboer, H. Poincaré and E. Schrödinger met at the café in Curaçao, più or less, with Señor "
        "Cañas and Maître Dupont.\n\nÉcole, Über, Škoda and Ångström; the path is ~/x^2.",
        "A lone accent \u00b4 stands on its own."]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_bibliography_entry_is_one_paragraph_across_its_hanging_indent(tmp_path):
    # LaTeX's thebibliography: MuPDF set each entry's first line (its label hanging) in a block of its own, and
    # the entry was cut after it, mid-word at a hyphen ("Y. Bengio. Learn-" / "ing phrase representations")
    (tmp_path / "b.tex").write_text(r"""\documentclass{article}
\pagestyle{empty}
\begin{document}
\begin{thebibliography}{9}
\bibitem{a} A. Vaswani, N. Shazeer, N. Parmar, J. Uszkoreit, L. Jones, A. N. Gomez, L. Kaiser, and I. Polosukhin.
Attention is all you need. In Advances in Neural Information Processing Systems, pages 5998--6008, 2017.
\bibitem{b} S. Hochreiter and J. Schmidhuber. Long short-term memory. Neural Computation, 9(8):1735--1780, 1997.
\bibitem{c} K. Cho, B. van Merri\"enboer, C. Gulcehre, D. Bahdanau, F. Bougares, H. Schwenk, and Y. Bengio. Learning
phrase representations using RNN encoder-decoder for statistical machine translation. In EMNLP, 2014.
\end{thebibliography}
\end{document}
""")
    subprocess.run([find_pdflatex(), "-interaction=nonstopmode", "b.tex"], cwd=tmp_path, capture_output=True,
                   timeout=120, check=True)
    [sample] = read_document((tmp_path / "b.pdf").read_bytes(), "mem://b.pdf", DocumentOptions(interleaved=False))
    assert sample.text == (
        "## References\n\n"
        "[1] A. Vaswani, N. Shazeer, N. Parmar, J. Uszkoreit, L. Jones, A. N. Gomez, L. Kaiser, and I. Polosukhin. "
        "Attention is all you need. In Advances in Neural Information Processing Systems, pages 5998–6008, 2017.\n\n"
        "[2] S. Hochreiter and J. Schmidhuber. Long short-term memory. Neural Computation, 9(8):1735–1780, 1997.\n\n"
        "[3] K. Cho, B. van Merriënboer, C. Gulcehre, D. Bahdanau, F. Bougares, H. Schwenk, and Y. Bengio. Learning "
        "phrase representations using RNN encoder-decoder for statistical machine translation. In EMNLP, 2014.")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_lettered_items_keep_their_markers_and_subcaptions_side_by_side_are_siblings(tmp_path):
    # a paper's subfigures: "(a) ..." and "(b) ..." under two pictures side by side came out as "a. ..." with
    # "b. ..." nested under it (its marker stands further right); a letter is no markdown list marker, so the
    # marker the page draws is kept
    (tmp_path / "c.tex").write_text(r"""\documentclass{article}
\pagestyle{empty}
\begin{document}
The two variants are compared below.

\noindent\begin{minipage}{0.45\textwidth}\centering\rule{3cm}{2cm}\\(a) Baseline attention maps.\end{minipage}\hfill
\begin{minipage}{0.45\textwidth}\centering\rule{3cm}{2cm}\\(b) Maps with our regulariser.\end{minipage}

\bigskip
The steps are:
\begin{enumerate}
\item Train the model.
\begin{enumerate}\item warm up the rate;\item decay it.\end{enumerate}
\item Evaluate it.
\end{enumerate}
\end{document}
""")
    subprocess.run([find_pdflatex(), "-interaction=nonstopmode", "c.tex"], cwd=tmp_path, capture_output=True,
                   timeout=120, check=True)
    [sample] = read_document((tmp_path / "c.pdf").read_bytes(), "mem://c.pdf", DocumentOptions(interleaved=False))
    assert sample.text == ("The two variants are compared below.\n\n(a) Baseline attention maps.\n"
                           "(b) Maps with our regulariser.\n\nThe steps are:\n\n1. Train the model.\n"
                           "   (a) warm up the rate;\n   (b) decay it.\n2. Evaluate it.")
