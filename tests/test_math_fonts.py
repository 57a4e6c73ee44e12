"""TeX's math extension font (cmex10) read as the symbols it draws, not as MuPDF's ASCII fallback."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sources.documents.math_fonts import OMX, drawn_symbols, is_math_extension
from sources.documents.read import DocumentOptions, read_document
from sources.latex.compile import find_pdflatex


def test_the_omx_table_names_the_glyphs_cmex10_has_at_each_code():
    t1 = pytest.importorskip("fontTools.t1Lib")
    found = subprocess.run(["kpsewhich", "cmex10.pfb"], capture_output=True, text=True) \
        if shutil.which("kpsewhich") else None
    if not found or not found.stdout.strip():
        pytest.skip("TeX's cmex10.pfb is not installed (tools/install-tex)")
    font = t1.T1Font(found.stdout.strip())
    font.parse()
    assert [name for name, _ in OMX] == list(font.font["Encoding"][:128])


def test_codes_are_symbols_and_spaces_stay():
    assert is_math_extension("CMEX10") and is_math_extension("ABCDEF+cmex7") and is_math_extension("LMEX10")
    assert not is_math_extension("CMSY10") and not is_math_extension("Times-Roman")
    assert drawn_symbols("X Z\x14\x15p") == "\u2211 \u222b[]\u221a"


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_pdftex_page_with_big_operators_writes_them_and_refuses_displayed_limits(tmp_path):
    # R's manuals (R-intro's "yi = p X j=0 βjxij") and gnuplot's: pdfTeX writes no ToUnicode map for cmex10, and
    # MuPDF gave each big operator's code as ASCII: a displayed sum "X", an integral "Z", a product "Y", a sum
    # in text "P", \big brackets as control characters. Operators in text are written as symbols with their
    # limits as scripts; a displayed sum's limits stand over and under it, and \bigg brackets hold more than
    # a line: no linear order is the page's, so that page is refused
    source = tmp_path / "m.tex"
    source.write_text(r"""\documentclass{article}
\pagestyle{empty}
\begin{document}
The model sums the weighted terms of every row of the design matrix.
\[ y = \sum_{j=0}^{p} \beta_j x_j + \int_0^1 f(t)\,dt + \prod_{k=1}^{n} a_k \]
\newpage
Operators set in running text keep to its lines, and so do their limits, which stand beside them as
scripts. A bracket grows with what it holds: $\big[ x \big]$ and so does a sum in text, $\sum_j x_j$,
an integral $\int_0^1 f$ and a product $\prod_k a_k$.
\end{document}
""")
    subprocess.run([find_pdflatex(), "-interaction=nonstopmode", "m.tex"], cwd=tmp_path, capture_output=True,
                   timeout=120, check=True)
    displayed, sample = read_document((tmp_path / "m.pdf").read_bytes(), "mem://m.pdf",
                                      DocumentOptions(interleaved=False))
    assert displayed.reason == "filtered:stacked_math"
    assert sample.text == ("Operators set in running text keep to its lines, and so do their limits, which stand "
                           "beside them as scripts. A bracket grows with what it holds: [x] and so does a sum in text, \u2211<sub>j</sub> "
                           "x<sub>j</sub>, an integral \u222b<sup>1</sup><sub>0</sub> f and a product "
                           "\u220f<sub>k</sub> a<sub>k</sub>.")
