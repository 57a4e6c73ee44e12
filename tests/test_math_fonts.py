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
def test_a_pdftex_page_with_big_operators_writes_them(tmp_path):
    # R's manuals (R-intro's "yi = p X j=0 βjxij") and gnuplot's: pdfTeX writes no ToUnicode map for cmex10, and
    # MuPDF gave each big operator's code as ASCII: a displayed sum "X", an integral "Z", a product "Y", a sum
    # in text "P", \bigg brackets as control characters
    source = tmp_path / "m.tex"
    source.write_text(r"""\documentclass{article}
\pagestyle{empty}
\begin{document}
The model sums the weighted terms of every row of the design matrix.
\[ y = \sum_{j=0}^{p} \beta_j x_j + \int_0^1 f(t)\,dt + \prod_{k=1}^{n} a_k \]
A bracket grows with what it holds: $\bigg[ x \bigg]$ and so does a sum in text, $\sum_j x_j$.
\end{document}
""")
    subprocess.run([find_pdflatex(), "-interaction=nonstopmode", "m.tex"], cwd=tmp_path, capture_output=True,
                   timeout=120, check=True)
    [sample] = read_document((tmp_path / "m.pdf").read_bytes(), "mem://m.pdf", DocumentOptions(interleaved=False))
    words = sample.text.split()
    assert {"\u2211", "\u222b", "\u220f", "[", "]"} <= set(words)
    assert not {"X", "Y", "Z", "P"} & set(words)
    assert sample.text.endswith("and so does a sum in text, \u2211j xj.")
