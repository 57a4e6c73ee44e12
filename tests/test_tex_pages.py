"""Pages pdfLaTeX sets, read as they show: fractions the text layer holds as pieces, listings' fixed columns."""

from __future__ import annotations

import subprocess

import pymupdf
import pytest

from sources.documents.read import DocumentOptions, read_document
from sources.latex.compile import find_pdflatex


def compiled(tmp_path, source: str) -> bytes:
    """The PDF pdfLaTeX makes of ``source``."""
    (tmp_path / "f.tex").write_text(source)
    subprocess.run([find_pdflatex(), "-interaction=nonstopmode", "f.tex"], cwd=tmp_path, capture_output=True,
                   timeout=120, check=True)
    return (tmp_path / "f.pdf").read_bytes()


# the fonts a page's tests run under: Computer Modern, and Times for text and math (mathptmx: Type 1, text italic
# for math's letters, Adobe's Symbol for its operators), which real papers use as often
FONTS = [pytest.param("", id="cm"), pytest.param(r"\usepackage{mathptmx}", id="times")]
# microtype, as many papers load it: pdfTeX's font expansion sets each justified row in its own text matrix (1-2%
# wider or narrower), and margin kerning lets a row's first and last glyphs stand out of the column a little
MICROTYPE = pytest.param(r"\usepackage{microtype}", id="microtype")


def in_font(source: str, font: str) -> str:
    """``source`` with the preamble line ``font`` (a `FONTS` entry) after its \\documentclass line."""
    head, rest = source.split("\n", 1)
    return head + "\n" + font + "\n" + rest if font else source


def read_pages(data: bytes) -> list:
    """The records (each page's sample or reject) the document reader gives for the PDF ``data``, no
    interleaved parts."""
    return list(read_document(data, "mem://f.pdf", DocumentOptions(interleaved=False)))


def _has_class(name: str) -> bool:
    """Whether TeX finds the document class ``name`` (kpsewhich)."""
    import shutil
    kpsewhich = shutil.which("kpsewhich")
    return kpsewhich is not None and subprocess.run([kpsewhich, f"{name}.cls"], capture_output=True).returncode == 0


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_fractions_the_text_layer_sets_as_pieces_refuse_the_page_and_a_booktabs_spanner_does_not(tmp_path):
    # hunt4 case 1: an inline \frac made "ηt = 1+t/τ so that ... schedule η0" (the numerator moved to the line's
    # end, another formula) and a display \frac "r = a + b" / "c −d," as two paragraphs; a \cmidrule under a
    # header spanning two columns ("Split sizes" over "Train  Dev") has text above and below it too, but its
    # columns' gap, and no math, make it a table's rule
    data = compiled(tmp_path, r"""\documentclass{article}
\usepackage{amsmath,booktabs}
\pagestyle{empty}
\begin{document}
\section*{Rates}
The learning rate decays as $\eta_t = \frac{\eta_0}{1 + t/\tau}$ so that it halves after $\tau$ steps.
We also define the ratio
\[ r = \frac{a+b}{c-d}, \]
where $a,b,c,d$ are counts.
\newpage
\begin{tabular}{lccc}
\toprule
Dataset & \multicolumn{3}{c}{Split sizes} \\
\cmidrule(lr){2-4}
 & Train & Dev & Test \\
\midrule
CIFAR-10 & 45{,}000 & 5{,}000 & 10{,}000 \\
\bottomrule
\end{tabular}
\end{document}
""")
    records = list(read_document(data, "mem://f.pdf", DocumentOptions()))
    parts = [r for r in records if getattr(r, "kind", None) == "interleaved"]
    pages = [r for r in records if getattr(r, "kind", None) != "interleaved"]
    assert pages[0].reason == "filtered:stacked_math" and pages[0].detail.startswith("3 blocks hold math")
    texts = [seg["text"] for part in parts for seg in part.segments]
    assert texts[0] == "## Rates" and not any(text[:1].islower() for text in texts)  # the sentence's rest goes too
    assert not any("η0" in seg["text"] or "c −d" in seg["text"] for part in parts for seg in part.segments)
    assert pages[1].kind == "doc_ocr" and "Split sizes" in pages[1].text


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("encoding", ["", "\\usepackage[T1]{fontenc}"])
def test_a_listings_fixed_columns_read_as_its_code_without_spaces_inside_tokens(tmp_path, encoding):
    # hunt4 case 8: listings' default columns=fixed sets each character in its own column, a little apart, and
    # MuPDF filled the gaps with spaces, "def train(model ,  data , epochs =10):"; the last line's "model", cut
    # off at a wide gap, was a code block of its own. In T1 encoding without cm-super the typewriter font is a
    # Type 3 font of bitmaps, no name or flag saying fixed pitch: the listing was prose with those spaces
    # (its widths say it, `fixed_pitch`; where cm-super is installed, T1 gives its sftt fonts, named so)
    data = compiled(tmp_path, r"""\documentclass{article}
%s
\usepackage{listings}
\lstset{basicstyle=\ttfamily\small,numbers=left,frame=single}
\pagestyle{empty}
\begin{document}
The core loop is short:
\begin{lstlisting}[language=Python]
def train(model, data, epochs=10):
    opt = Adam(model.parameters(), lr=3e-4)
    for epoch in range(epochs):
        for x, y in data:
            loss = model(x).cross_entropy(y)
            opt.step(); opt.zero_grad()
    return model
\end{lstlisting}
\end{document}
""" % encoding)
    [sample] = read_pages(data)
    assert sample.text == ("The core loop is short:\n\n```\ndef train(model, data, epochs=10):\n"
                           "    opt = Adam(model.parameters(), lr=3e-4)\n    for epoch in range(epochs):\n"
                           "        for x, y in data:\n            loss = model(x).cross_entropy(y)\n"
                           "            opt.step(); opt.zero_grad()\n    return model\n```")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_texinfos_result_arrow_in_a_math_font_stays_in_its_example(tmp_path):
    # Octave's manual (texinfo): "⇒ p = [ 0.0680, 0 ]" (@result, the arrow in cmsy10) was cut out of its
    # @example, which went on as a second code block after it
    data = compiled(tmp_path, r"""\documentclass{article}
\usepackage{alltt}
\pagestyle{empty}
\begin{document}
For example:
\begin{alltt}
p = polyfit (x, y, 1)
\(\Rightarrow\) p = [ 0.0680, 4.2444 ]
q = polyval (p, x)
\end{alltt}
which evaluates it.
\end{document}
""")
    [sample] = read_pages(data)
    assert sample.text == ("For example:\n\n```\np = polyfit (x, y, 1)\n\u21d2 p = [ 0.0680, 4.2444 ]\n"
                           "q = polyval (p, x)\n```\n\nwhich evaluates it.")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("font", FONTS)
def test_math_without_a_linear_order_is_refused_and_a_row_of_math_is_one_line_with_its_scripts(tmp_path, font):
    # Octave's manual and this source: a displayed sum's limits over and under it ("N" | "meansq(x) = ∑ x2" |
    # "i=1" | "i"), a matrix ("a =" | "[1 2] 3 4": its rows lost) and a cases brace were written; a formula on
    # one line with \Big and \big delimiters came out as nine paragraphs out of order ("f" | "(" | "x + y" ...),
    # 2^{31} as "231" (another number), and a sentence with an inline sum in three pieces. In Times (mathptmx)
    # the displayed sum, from Symbol scaled to 14.4 points, was written ("N ∑x2 i=1") and the inline one's row
    # cut in three again, out of order: Symbol was no math font
    data = compiled(tmp_path, in_font(r"""\documentclass{article}
\usepackage{amsmath}
\pagestyle{empty}
\begin{document}
The mean square is
\[ \operatorname{meansq}(x) = \sum_{i=1}^{N} x_i^2 \]
for a vector of length $N$.
\newpage
The assignment gives
\[ a = \begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix} \]
as its result.
\newpage
The sign is
\[ s(x) = \begin{cases} 1 & x > 0 \\ -1 & x \le 0 \end{cases} \]
for real $x$.
\newpage
A formula on one line:
\[ f\Big(x + y\Big) = \big[ a \big] + 2^{31} \]
and an inline sum $\sum_{i=1}^n x_i$ with $x_i^2$ and H$_2$O in text.
\end{document}
""", font))
    records = read_pages(data)
    assert [getattr(r, "reason", None) for r in records] == ["filtered:stacked_math"] * 3 + [None]
    assert all(r.detail.split(" blocks hold math ")[0].isdigit() for r in records[:3])
    expected = ("A formula on one line:\n\nf(x + y) = [a] + 2<sup>31</sup>\n\nand an inline sum "
                "\u2211<sup>n</sup><sub>i=1</sub> x<sub>i</sub> with x<sup>2</sup><sub>i</sub> and "
                "H<sub>2</sub>O in text.")
    # mathptmx's medium space around "+" is narrower (0.14 em box to box) than MuPDF writes a space for, and
    # ASCII "+" is none of `math_spaces`' symbols: "f(x+y) = [a]+2" (not read yet: the spaces aside, the same)
    assert (records[3].text if not font else records[3].text.replace("x+y", "x + y").replace("]+2", "] + 2")) \
        == expected
    # the grounding lines hold the text a reader sees, no tags (the agreement check reads them back)
    assert "2<sup>" not in str(records[3].meta["blocks"]) \
        and ("]+231" if font else "+ 231") in str(records[3].meta["blocks"])


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_scripts_in_a_ruled_tables_cells_keep_their_tags(tmp_path):
    # a results table's "1.2 × 10^{-3}" read "1.2 × 10−3" (another number) and a footnote mark "Base1";
    # the minus (cmsy7) and the digit (cmr7) are two spans of one script
    data = compiled(tmp_path, r"""\documentclass{article}
\pagestyle{empty}
\begin{document}
\begin{tabular}{|l|r|r|}
\hline
Model & Error & Params \\
\hline
Base\footnotemark & $1.2 \times 10^{-3}$ & 110M \\
\hline
Large & $8.4 \times 10^{-4}$ & 340M \\
\hline
\end{tabular}
\footnotetext{Trained on H$_2$O data.}
\end{document}
""")
    [sample] = read_pages(data)
    assert sample.text == ("|Model|Error|Params|\n|---|---|---|\n|Base<sup>1</sup>|1.2 \u00d7 10<sup>\u22123</sup>|110M|\n"
                           "|Large|8.4 \u00d7 10<sup>\u22124</sup>|340M|\n\n<sup>1</sup>Trained on H<sub>2</sub>O data.")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_footnote_mark_is_a_superscript_and_latexs_logo_is_a_name(tmp_path):
    # R's manuals: "and later18 LTO", "ISO/IEC 605591 double-precision" (60559, then note 1: another number);
    # LaTeX's logo raises a small "A" too, and reads as a name
    data = compiled(tmp_path, r"""\documentclass{article}
\pagestyle{empty}
\begin{document}
Papers are set in \LaTeX{} by most authors,\footnote{A survey of 2019.} and \TeX{} itself is older.
\end{document}
""")
    [sample] = read_pages(data)
    assert sample.text == ("Papers are set in LATEX by most authors,<sup>1</sup> and TEX itself is older.\n\n"
                           "<sup>1</sup>A survey of 2019.")


def test_underscores_drawn_as_rules_are_read_where_the_page_draws_them(tmp_path):
    # OT1's \_ (pdfLaTeX's default encoding) draws a .3em rule on the baseline, no glyph: "some\_identifier"
    # read "some identifier", in a heading, in \texttt and in a table's cell too; an underline spans its word
    # and is no underscore, nor is a table's rule; six in a row leave a gap MuPDF cuts the line at (gnuplot's
    # "SY______.PFB" read "SY .PFB")
    data = compiled(tmp_path, r"""\documentclass{article}
\pagestyle{empty}
\begin{document}
\section{The max\_iter setting}
Call some\_identifier with \texttt{x\_y} and \underline{word}, or \_\_init\_\_ and trail\_ end.
Acrobat ships it as SY\_\_\_\_\_\_.PFB here.

\bigskip
\begin{tabular}{|l|l|}
\hline
name & value \\
\hline
max\_iter & 10 \\
\hline
\end{tabular}
\end{document}
""")
    [sample] = read_pages(data)
    # "__init__" would be bold in markdown: that paragraph's underscores are escaped (`literal_emphasis`)
    assert sample.text == ("## 1 The max_iter setting\n\nCall some\\_identifier with x\\_y and word, or "
                           "\\_\\_init\\_\\_ and trail\\_ end. Acrobat ships it as SY\\_\\_\\_\\_\\_\\_.PFB here.\n\n"
                           "|name|value|\n|---|---|\n|max_iter|10|")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_texinfos_underscore_rule_is_read_as_an_underscore(tmp_path):
    # texinfo's \_ outside @code: a .3em rule .1ex thick between kerns of .07em (Octave's manual read
    # "[doc cache create]" for doc_cache_create); a rule of that size alone between two words' spaces is
    # no underscore of either
    data = compiled(tmp_path, r"""\documentclass{article}
\pagestyle{empty}
\renewcommand\_{\leavevmode\kern.07em\vbox{\hrule width.3em height.1ex}\kern .07em}
\begin{document}
See also: [doc\_cache\_create], page 24, and the function \textsl{optimize\_range}.
A rule \vbox{\hrule width.3em height.1ex} alone is no underscore.
\end{document}
""")
    [sample] = read_pages(data)
    assert sample.text == ("See also: [doc_cache_create], page 24, and the function optimize_range. A rule alone "
                           "is no underscore.")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_small_capitals_are_written_as_the_capitals_the_page_shows(tmp_path):
    # \textsc sets lower-case letters in cmcsc10, whose glyphs for them are small capitals: the text layer says
    # "blas" where the page shows BLAS (Octave's manual, texinfo's @sc), "Smith" where it shows SMITH; a table's
    # cell reads so too
    data = compiled(tmp_path, r"""\documentclass{article}
\pagestyle{empty}
\begin{document}
Link your \textsc{blas} library, as \textsc{Smith} did.

\bigskip
\begin{tabular}{|l|l|}
\hline
library & use \\
\hline
\textsc{lapack} & solvers \\
\hline
\end{tabular}
\end{document}
""")
    [sample] = read_pages(data)
    assert sample.text == ("Link your BLAS library, as SMITH did.\n\n|library|use|\n|---|---|\n|LAPACK|solvers|")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("font", FONTS)
def test_nested_scripts_nest_stacked_bars_are_one_bar_and_a_root_over_terms_is_refused(tmp_path, font):
    # a review of the script tags: e^{x_i} was "e<sup>xi</sup>" and 2^{2^n} "2<sup>2n</sup>" (other formulas),
    # X^{(k)}_{ij} left "ij" as a paragraph of its own, \big| (two pieces of cmex's vextendsingle) read "∣∣x∣∣",
    # and √(x²+y²) as "√x<sup>2</sup> + y<sup>2</sup>" (the root of x² plus y²). In Times (mathptmx) σ's
    # subscript "max" was a paragraph of its own: σ, from Symbol, was no math font
    data = compiled(tmp_path, in_font(r"""\documentclass{article}
\usepackage{amsmath}
\pagestyle{empty}
\begin{document}
One: $e^{x_i}$ here. Two: $2^{2^n}$ here. Three: $X^{(k)}_{ij}$ here. Four: $\sigma^2_{\text{max}}$ here.

Bars: $\bigl| x \bigr|$ and $\Bigl\| y \Bigr\|$ here.
\newpage
The length of the vector is $r = \sqrt{x^2 + y^2}$ in the plane.
\end{document}
""", font))
    first, second = read_pages(data)
    assert first.text == ("One: e<sup>x<sub>i</sub></sup> here. Two: 2<sup>2<sup>n</sup></sup> here. Three: "
                          "X<sup>(k)</sup><sub>ij</sub> here. Four: \u03c3<sup>2</sup><sub>max</sub> here.\n\n"
                          "Bars: \u2223x\u2223 and \u2225y\u2225 here.")
    assert second.reason == "filtered:stacked_math"


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_row_of_math_is_never_joined_across_two_columns_or_a_tables_cells(tmp_path):
    # a review: a line of the left column ending in math was joined with the right column's line beside it
    # (a 10-point column gap), and a booktabs table at 12 points (cells 12 points apart) lost its rows
    data = compiled(tmp_path, r"""\documentclass[10pt,twocolumn]{article}
\usepackage{amsmath,booktabs}
\pagestyle{empty}
\begin{document}
We consider the weights $w_i$ and the bias $b$, and we minimize the loss with rate $\eta$ and momentum $\mu$ for
every example $x_j$ until it converges to $\theta$ at the end of the run, which takes time $T$ or more steps of
$\alpha$ and $\beta$ each time we run it over $n$ items with $k$ folds of $m$ samples and $z$ values in all.
\newpage
The second column begins here with plain words only and it keeps going without any math in it so that the
lines are just text and only text for a good many lines of the column on the right side of this page.
\end{document}
""")
    [sample] = read_pages(data)
    left, right = sample.text.split("\n\n")
    assert left.startswith("We consider the weights w<sub>i</sub> and the bias b,") and left.endswith("values in all.")
    assert right == ("The second column begins here with plain words only and it keeps going without any math in it "
                     "so that the lines are just text and only text for a good many lines of the column on the right "
                     "side of this page.")
    data = compiled(tmp_path, r"""\documentclass[12pt]{article}
\usepackage{amsmath,booktabs}
\pagestyle{empty}
\begin{document}
\begin{tabular}{lcccc}
\toprule
Method & $\alpha$ & $\beta$ & $\gamma$ & Loss \\
\midrule
Baseline & $0.1$ & $x$ & $y$ & 12.5 \\
Ours & $0.2$ & $z$ & $w$ & 10.1 \\
\bottomrule
\end{tabular}
\end{document}
""")
    [sample] = read_pages(data)
    assert sample.text == ("|Method|\u03b1|\u03b2|\u03b3|Loss|\n|---|---|---|---|---|\n|Baseline|0.1|x|y|12.5|\n"
                           "|Ours|0.2|z|w|10.1|")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("font", FONTS)
def test_an_operator_name_with_its_limit_under_it_is_refused_and_one_beside_it_is_a_script(tmp_path, font):
    # Octave's manual (glpk): a displayed "min" with "x" under it read "x c<sup>T</sup>x" then "min"; in Times
    # (mathptmx) too, where the "x" is set in the text's italic, no math font
    data = compiled(tmp_path, in_font(r"""\documentclass{article}
\usepackage{amsmath}
\pagestyle{empty}
\begin{document}
The solver finds
\[ \min_{x} c^T x \]
subject to the constraints.
\newpage
In text the limit stands beside it: $\max_i x_i$ is the largest.
\end{document}
""", font))
    displayed, inline = read_pages(data)
    assert displayed.reason == "filtered:stacked_math"
    assert inline.text == "In text the limit stands beside it: max<sub>i</sub> x<sub>i</sub> is the largest."


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_result_line_cut_into_pieces_stays_in_its_example(tmp_path):
    # Octave's manual (p575 "min (2:5, pi)", p540 "triu"): MuPDF cut the "⇒" (cmsy10) from the wide-spaced
    # numbers beside it; the lone arrow was prose, so the numbers on its row were cells of a row, and the
    # command above, a one-line code piece over a block indented further, a definition's term: both plain text
    data = compiled(tmp_path, r"""\documentclass{article}
\usepackage{alltt}
\pagestyle{empty}
\begin{document}
returns the smallest element of the matrix, and
\begin{alltt}
   min (2:5, pi)
       \(\Rightarrow\)   2.0000    3.0000    3.1416    3.1416
\end{alltt}
compares each element of the range with pi.
\end{document}
""")
    [sample] = read_pages(data)
    assert sample.text == ("returns the smallest element of the matrix, and\n\n```\nmin (2:5, pi)\n"
                           "    \u21d2    2.0000    3.0000    3.1416    3.1416\n```\n\n"
                           "compares each element of the range with pi.")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_grid_ruled_down_its_columns_with_a_short_last_column_is_a_row_a_line(tmp_path):
    # Octave's table of TeX symbols (p423): pairs of code and symbol columns, the last pair a row short, ruled
    # only down the columns; each cell held a whole column ("|\alpha \delta ... \chi|α δ ... χ|"), codes and
    # symbols paired by position only: the rows were kept together because the columns held unequal numbers
    # of lines, and because a symbol column's "o" (omicron) looked like a wrapped sentence's next word
    data = compiled(tmp_path, r"""\documentclass{article}
\pagestyle{empty}
\begin{document}
\begin{tabular}{|l|l|l|l|}
\hline
Code & Sym & Code & Sym \\
\hline
\verb|\alpha| & $\alpha$ & \verb|\beta| & $\beta$ \\
\verb|\o| & $o$ & \verb|\pi| & $\pi$ \\
\verb|\rho| & $\rho$ & & \\
\hline
\end{tabular}
\end{document}
""")
    [sample] = read_pages(data)
    assert sample.text == ("|Code|Sym|Code|Sym|\n|---|---|---|---|\n|\\alpha|\u03b1|\\beta|\u03b2|\n|\\o|o|\\pi|\u03c0|\n"
                           "|\\rho|\u03c1|||")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("font", FONTS)
def test_a_tables_names_across_columns_head_the_columns_under_them_and_a_cell_across_rows_is_kept(tmp_path, font):
    # a results table as papers set it (booktabs): "Set A" and "Set B" each over two columns (\multicolumn,
    # \cmidrule under them) made no row of the table, so the head and the body were read apart; "Baseline" set
    # across two rows (\multirow) stood half-way between their baselines, a row of one cell, and the body came
    # out as a paragraph ("Baseline 71.2 68.0 65.1 60.3 72.0 69.1 ... Ours 78.4 ..."). Pipe tables have no cell
    # across columns or rows: a name over columns goes before each name under it, one across rows in its first
    # (in Times, "Test" centred over "Acc" and "F1" did not reach over "F1": the names under it are those in
    # the columns it stands over)
    head = {1: r"& \multicolumn{2}{c}{Set A} & \multicolumn{2}{c}{Set B} \\ \cmidrule(lr){2-3}\cmidrule(lr){4-5}"
               r" Method & Acc & F1 & Acc & F1 \\",
            2: r"\multirow{2}{*}{Method} & \multicolumn{2}{c}{Validation set} & \multicolumn{2}{c}{Test} \\"
               r" \cmidrule(lr){2-3}\cmidrule(lr){4-5} & Acc & F1 & Acc & F1 \\"}
    body = r"""\midrule
\multirow{2}{*}{Baseline} & 71.2 & 68.0 & 65.1 & 60.3 \\
 & 72.0 & 69.1 & 66.0 & 61.2 \\
Ours & 78.4 & 75.5 & 70.2 & 68.8 \\
\bottomrule"""
    tables = "\n\\newpage\n".join(r"\begin{tabular}{lcccc}\toprule " + head[k] + body + r"\end{tabular}"
                                   for k in (1, 2))
    data = compiled(tmp_path, in_font(r"""\documentclass{article}
\usepackage{booktabs,multirow}
\pagestyle{empty}
\begin{document}
""" + tables + r"""
\end{document}
""", font))
    pages = read_pages(data)
    rows = ("|---|---|---|---|---|\n|Baseline|71.2|68.0|65.1|60.3|\n||72.0|69.1|66.0|61.2|\n"
            "|Ours|78.4|75.5|70.2|68.8|")
    assert [page.text for page in pages] == [
        "|Method|Set A Acc|Set A F1|Set B Acc|Set B F1|\n" + rows,
        "|Method|Validation set Acc|Validation set F1|Test Acc|Test F1|\n" + rows]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_an_algorithms_lines_keep_their_numbers_and_labels_and_negated_relations_read_as_one_symbol(tmp_path):
    # algorithm2e numbers a line in small bold, cut from its statement where that is indented: "2" was a
    # paragraph of its own, and lines 5-8 a table of numbers and statements ("|5|u ← pop(Q);|"); its "Input:"
    # and "Output:" lines, algorithmic's "Require:"/"Ensure:" under the caption and its "1:", "2:" lines
    # were run together ("... a source s Output: distances d", "1: procedure EUCLID(a, b) 2: r ← a mod b").
    # TeX's \not draws a slash of no width over the relation after it ("r̸ = 0"), \notin a "/" over "∈" ("/∈");
    # the thick spaces around a relation are gaps, which the text layer missed beside cmsy's symbols ("v ∈V")
    first = compiled(tmp_path, r"""\documentclass{article}
\usepackage[ruled,linesnumbered]{algorithm2e}
\pagestyle{empty}
\begin{document}
\begin{algorithm}[h]
\KwIn{a graph $G=(V,E)$, a source $s$}
\KwOut{distances $d$}
\ForEach{$v \in V$}{$d[v] \leftarrow \infty$\;}
$d[s] \leftarrow 0$\;
\While{the queue $Q$ is not empty}{
  $u \leftarrow$ pop($Q$)\;
  \ForEach{edge $(u,v)$}{
    \If{$d[u] + w < d[v]$}{$d[v] \leftarrow d[u] + w$\;}
  }
}
\caption{Shortest paths}
\end{algorithm}
\end{document}
""")
    (tmp_path / "second").mkdir()
    second = compiled(tmp_path / "second", r"""\documentclass{article}
\usepackage{algpseudocode}
\pagestyle{empty}
\begin{document}
\textbf{Algorithm 2} Euclid's algorithm
\begin{algorithmic}[1]
\Require integers $a$ and $b$
\Ensure the greatest common divisor of $a$ and $b$
\Procedure{Euclid}{$a,b$}
\State $r\gets a \bmod b$
\While{$r\not=0$ and $a \notin S$ and $b \not< a$}
\State $a \gets b$
\EndWhile
\State \textbf{return} $b$
\EndProcedure
\end{algorithmic}
\end{document}
""")
    [first] = [r.text for r in read_pages(first)]
    [second] = [r.text for r in read_pages(second)]
    assert first == ("Algorithm 1: Shortest paths\n\nInput: a graph G = (V, E), a source s\n\nOutput: distances d\n\n"
                     "1 foreach v ∈ V do\n\n2 d[v] ← ∞;\n\n**3 end**\n\n4 d[s] ← 0;\n\n"
                     "5 while the queue Q is not empty do\n\n6 u ← pop(Q);\n\n7 foreach edge (u, v) do\n\n"
                     "8 if d[u] + w < d[v] then\n\n9 d[v] ← d[u] + w;\n\n**10 end**\n\n**11 end**\n\n**12 end**")
    assert second == ("Algorithm 2 Euclid’s algorithm\n\nRequire: integers a and b\n\nEnsure: the greatest common "
                      "divisor of a and b\n\n1: procedure EUCLID(a, b)\n\n2: r ← a mod b\n\n"
                      "3: while r ≠ 0 and a ∉ S and b ≮ a do\n\n4: a ← b\n\n5: end while\n\n6: return b\n\n"
                      "7: end procedure")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("font", FONTS)
def test_the_spaces_beside_a_relation_and_a_binary_operator_are_read_in_either_font(tmp_path, font):
    # the font probe (mathptmx): Times's math spaces are narrower than Computer Modern's (a relation's 0.175 em,
    # a binary operator's 0.14 em box to box), and "foreach v ∈ V do" read "v ∈V", "x − y" "x−y", "− δq⁴ − ϵq⁵"
    # "−δq<sup>4</sup> −εq<sup>5</sup>"; a unary minus and a script's have none
    [page] = read_pages(compiled(tmp_path, in_font(r"""\documentclass{article}
\pagestyle{empty}
\begin{document}
For each $v \in V$ a loss of $-1$ means that $x - y$ is small; $a \times b$ and $2^{-3}$ too.
\end{document}
""", font)))
    assert page.text == ("For each v \u2208 V a loss of \u22121 means that x \u2212 y is small; a \u00d7 b and "
                         "2<sup>\u22123</sup> too.")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_items_marked_with_a_minus_sign_are_items_and_a_negative_number_stays_one(tmp_path):
    # texinfo's @itemize @minus (Octave's pcg: "flag indicates the exit status" over items "0: iteration
    # converged", "1: ..."): the minus sign and the gap after it came as "−0: iteration converged ... −1: the
    # maximum ...", negative numbers in one paragraph; a minus in math ("−1", "x − y", a formula's second line
    # "− δq⁴ − ...") is no marker
    data = compiled(tmp_path, r"""\documentclass{article}
\usepackage{amsmath}
\pagestyle{empty}
\begin{document}
The flag gives the exit status:
\begin{itemize}
\item[$-$] 0: the iteration converged within the chosen tolerance;
\item[$-$] 1: the maximum number of iterations was reached;
\item[$-$] 2: the preconditioner matrix is singular.
\end{itemize}
A loss of $-1$ means no gradient, and $x - y$ is a difference. The energy to sixth order is
\begin{multline*}
E(q) = E_0 + \alpha q + \beta q^2 + \gamma q^3 \\
- \delta q^4 - \epsilon q^5 + \zeta q^6
\end{multline*}
and the force \[ F = m a + k x - c v . \]
\end{document}
""")
    [page] = read_pages(data)
    assert page.text.startswith("The flag gives the exit status:\n\n- 0: the iteration converged within the "
                                "chosen tolerance;\n\n- 1: the maximum number of iterations was reached;\n\n- 2: "
                                "the preconditioner matrix is singular.\n\nA loss of −1 means no gradient, and "
                                "x − y is a difference.")
    # a formula's next line starts with its binary minus, a medium space before what follows: no item (the
    # sign was dropped, "- δq<sup>4</sup> ...", in a blind review)
    assert "\n\n− δq<sup>4</sup> − ϵq<sup>5</sup> + ζq<sup>6</sup>" in page.text


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_radical_sign_stays_on_the_row_of_the_radicand_it_hangs_over(tmp_path):
    # cmsy's radical sign hangs from the bar over its radicand: MuPDF boxes it a line's height above the row,
    # a line and a block of its own, and the row was cut there ("√" | "The scale is 1/" | "d for keys ...";
    # a paper's display "√" | "Attn(Q, K, V ) = softmax (QK⊤/" | "d) V.")
    data = compiled(tmp_path, r"""\documentclass{article}
\pagestyle{empty}
\begin{document}
Attention scales its scores by $1/\sqrt{d}$ for keys of dimension $d$, so that their variance stays near one
whatever the width of the model, as the authors of the original transformer argued when they introduced it.
Dense attention computes
\[ \mathrm{Attn}(Q,K,V) = \mathrm{softmax}\left(QK^\top/\sqrt{d}\right) V . \]
for every query at once.
\end{document}
""")
    [page] = read_pages(data)
    assert page.text == ("Attention scales its scores by 1/√d for keys of dimension d, so that their variance stays "
                         "near one whatever the width of the model, as the authors of the original transformer argued "
                         "when they introduced it. Dense attention computes\n\n"
                         "Attn(Q, K, V ) = softmax (QK<sup>⊤</sup>/√d) V.\n\nfor every query at once.")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_footnotes_raised_marker_against_its_text_is_a_superscript(tmp_path):
    # a footnote starts with its raised number set against its text: "1A 100k-token document needs 40 GB" read
    # as a word "1A"; the mark in the text was tagged, the one before the note was not
    data = compiled(tmp_path, r"""\documentclass{article}
\pagestyle{empty}
\begin{document}
For long documents dense attention is prohibitive.\footnote{A 100k-token document needs 40 GB for one attention
matrix.} Many approximations have been proposed.
\end{document}
""")
    [page] = read_pages(data)
    assert page.text == ("For long documents dense attention is prohibitive.<sup>1</sup> Many approximations have been "
                         "proposed.\n\n<sup>1</sup>A 100k-token document needs 40 GB for one attention matrix.")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_letter_spaced_heading_with_an_arrow_keeps_its_words(tmp_path):
    # a heading's letters spaced apart are read as words (`letter_spacing`); a line with a math symbol is read
    # again from its characters for the math spaces, which undid that: "C O N T E N T S ... → N E X T"
    data = compiled(tmp_path, r"""\documentclass{article}
\pagestyle{empty}
\begin{document}
\section*{C\kern0.18em O\kern0.18em N\kern0.18em T\kern0.18em E\kern0.18em N\kern0.18em T\kern0.18em S
\hspace{0.5em}A\kern0.18em N\kern0.18em D $\rightarrow$ N\kern0.18em E\kern0.18em X\kern0.18em T}
Some prose under the heading so the page has a body of text to read from, it runs on.
\end{document}
""")
    [page] = read_pages(data)
    assert page.text.startswith("## CONTENTS AND →")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_short_two_column_pages_justified_paragraphs_are_joined_though_the_title_is_wider(tmp_path):
    # a two-column paper's only page, a few paragraphs long: its centred title and authors lines, ending far
    # right of the left column, made the column's measured right edge 372 points where its lines end at 301,
    # so the abstract's and a section's justified lines were kept as the author's line breaks
    data = compiled(tmp_path, r"""\documentclass[twocolumn]{article}
\usepackage{authblk}
\title{Sparse Attention for Long Documents}
\author[1]{Ada Lovelace}
\author[2]{Alan Turing}
\affil[1]{Analytical Engines Ltd., London}
\affil[2]{University of Manchester}
\date{}
\begin{document}
\maketitle
\begin{abstract}
We study attention over long documents and show that a sparse pattern keeps accuracy while cutting cost.
Our method scales to a million tokens on one machine.
\end{abstract}
\section{Method}
Each token attends to its neighbours within a window of width $w$ and to $g$ global tokens. The cost is
linear in the length. We set $w=512$ and $g=16$ in all experiments unless stated otherwise.
\end{document}
""")
    [page] = read_pages(data)
    paragraphs = page.text.split("\n\n")
    assert "We study attention over long documents and show that a sparse pattern keeps accuracy while cutting " \
           "cost. Our method scales to a million tokens on one machine." in paragraphs
    assert "Each token attends to its neighbours within a window of width w and to g global tokens. The cost is " \
           "linear in the length. We set w = 512 and g = 16 in all experiments unless stated otherwise." in paragraphs


_COMMITTEE = r"""\documentclass[10pt,twocolumn]{article}
\usepackage[paperheight=HEIGHT,paperwidth=6in,margin=0.4in]{geometry}
\pagestyle{empty}
\begin{document}
The committee met on a cold morning in the old library to discuss the proposal for a new reading room on the
second floor of the building. Several members argued that the cost would be too high for the small town, while
others pointed out that the number of visitors had doubled over the past three years and that the present room
was often crowded with students preparing for their examinations in the afternoons.

After a long debate the chairman asked the treasurer to prepare a detailed estimate of the expenses, including
the furniture, the lighting and the heating, and to present it at the next meeting together with a list of
possible donors such as Anna Berg, Peter Holm, Eva Lund and Jonas Falk from the surrounding villages of Hollum
and Nes. The secretary agreed to write to the regional council about a grant, and the librarian promised to
count the visitors every day for a month so that the figures could be checked by anyone who doubted them.

The meeting closed shortly before noon.
\end{document}
"""


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("height, foot, top", [
    ("2.95in", "a detailed esti-", "mate of the"),  # a word hyphenated over the columns
    ("3.1in", "including the fur-", "niture, the"),  # and a line MuPDF cut at "Nes.  The" (a table, before)
    ("3.3in", "the heating, and", "to present"),  # a lower-case word
    ("3.6in", "donors such as Anna", "Berg, Peter"),  # a name: no sentence ends at "Anna"
    ("3.8in", "Lund and Jonas", "Falk from"),
])
def test_a_paragraph_a_columns_foot_cuts_is_one_paragraph(tmp_path, height, foot, top):
    # the second paragraph runs from the left column's foot to the right column's top; it was written as two,
    # and where MuPDF cut a justified line of the right column at a sentence's stretched space, the two columns
    # were a pipe table of two rows (`block_rows._wrapped` counted the cut piece as a line set in)
    source = _COMMITTEE.replace("HEIGHT", height)
    data = compiled(tmp_path, source)
    left, right = _column_blocks(data)
    assert _line_of(left[-1], -1).endswith(foot) and _line_of(right[0]).startswith(top)
    [sample] = read_pages(data)
    body = source.split(r"\begin{document}")[1].split(r"\end{document}")[0]
    assert sample.text.split("\n\n") == [" ".join(p.split()) for p in body.strip().split("\n\n")]
    blocks = sample.meta["blocks"]
    assert [b.get("continues", False) for b in blocks] == [False, False, True, False]


def _two_columns(height: str, body: str, preamble: str = "") -> str:
    """A two-column page of 10 pt type, 6 in wide and ``height`` high, holding ``body``."""
    return (r"\documentclass[10pt,twocolumn]{article}" "\n" rf"\usepackage[paperheight={height},paperwidth=6in,"
            r"margin=0.4in]{geometry}" "\n" + preamble + "\n" r"\pagestyle{empty}" "\n" r"\begin{document}" "\n"
            + body + "\n" r"\end{document}" "\n")


# a paragraph that a column's foot cuts and that goes on under a figure at the next column's top (HEIGHT: the page's
# height; CAPTION: the figure's caption), and the paragraph's text
_ROUND_A_FIGURE = r"""\documentclass[10pt,twocolumn]{article}
\usepackage[paperheight=HEIGHT,paperwidth=6in,margin=0.4in]{geometry}
\pagestyle{empty}
\begin{document}
The committee met on a cold morning in the old library to discuss the proposal for a new reading room on the
second floor of the building. Several members argued that the cost would be too high for the small town, while
others pointed out that the number of visitors had doubled over the past three years and that the present room
was often crowded with students preparing for their examinations in the afternoons and the results of the
\begin{figure}[t]
\centering\rule{2cm}{0.6cm}
\caption{CAPTION}
\end{figure}
counts were read aloud by the librarian to the members who had not seen them before that morning in the hall
of the library, and they agreed that the numbers were higher than anyone had expected when the count began.
\end{document}
"""
_ROUND_A_FIGURE_TEXT = (
    "The committee met on a cold morning in the old library to discuss the proposal for a new reading room on the "
    "second floor of the building. Several members argued that the cost would be too high for the small town, "
    "while others pointed out that the number of visitors had doubled over the past three years and that the "
    "present room was often crowded with students preparing for their examinations in the afternoons and the "
    "results of the counts were read aloud by the librarian to the members who had not seen them before that "
    "morning in the hall of the library, and they agreed that the numbers were higher than anyone had expected "
    "when the count began.")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_caption_at_the_next_columns_top_does_not_go_on_with_the_paragraph(tmp_path):
    # the paragraph breaks at the left column's foot after "the library," and goes on under a float at the
    # right column's top: its caption is no part of the paragraph (it was run on into it), and the paragraph is
    # one, the float after it (it was three pieces: the paragraph's head, the caption, its tail)
    data = compiled(tmp_path, _ROUND_A_FIGURE.replace("HEIGHT", "3.1in").replace(
        "CAPTION", "Visitors a day over three years of the reading room."))
    [sample] = read_pages(data)
    assert sample.text.split("\n\n") == [
        _ROUND_A_FIGURE_TEXT,
        "Figure 1: Visitors a day over three years of the reading room."]
    blocks = sample.meta["blocks"]
    assert [(b["lines"][0]["text"][:9], b.get("continues", False)) for b in blocks] == [
        ("The commi", False), ("and they ", True), ("Figure 1:", False)]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_caption_in_two_blocks_at_the_next_columns_top_is_the_floats_not_the_paragraphs(tmp_path):
    # the caption's second line, set a little apart (\\[3pt]), is a block of its own of 30 characters or more:
    # no caption's label and no drawing's short label, it was taken for the paragraph's lower piece ("... the
    # numbers were Counted by the librarian ..."), and the paragraph's real one stood after the caption
    data = compiled(tmp_path, _ROUND_A_FIGURE.replace("HEIGHT", "3.4in").replace(
        "CAPTION", "Visitors a day over three years.\\protect\\\\[3pt]\n"
        "Counted by the librarian at the door every morning and evening."))
    _, right = _column_blocks(data)
    assert [_line_of(block) for block in right] == [
        "Figure 1: Visitors a day over three years.", "Counted by the librarian at the door every",
        "higher than anyone had expected when the"]
    [sample] = read_pages(data)
    assert sample.text.split("\n\n") == [
        _ROUND_A_FIGURE_TEXT,
        "Figure 1: Visitors a day over three years.",
        "Counted by the librarian at the door every morning and evening."]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_paragraph_from_a_columns_foot_goes_on_under_a_table_float_at_the_next_columns_top(tmp_path):
    # a new paragraph starts near the left column's foot; a table float with its caption over it stands at the
    # right column's top, and the paragraph goes on under it. MuPDF cut the caption's row after its label
    # ("Table 1:" | "Visitors a day ..."), and the caption was run on into the paragraph ("... so that the figures
    # could be Table 1: Visitors ..."), the paragraph's last line a paragraph of its own after the table
    data = compiled(tmp_path, r"""\documentclass[10pt,twocolumn]{article}
\usepackage[paperheight=3.1in,paperwidth=6in,margin=0.4in]{geometry}
\pagestyle{empty}
\begin{document}
The committee met on a cold morning in the old library to discuss the proposal for a new reading room on the
second floor of the building. Several members argued that the cost would be too high for the small town.

Others pointed out that the number of visitors had doubled over the past three years and that the present
room was often crowded with students preparing for their
\begin{table}[t]
\centering
\caption{Visitors a day in the reading room.}
\begin{tabular}{lrr}
Year & Morning & Evening \\
2021 & 40 & 12 \\
2022 & 55 & 31 \\
\end{tabular}
\end{table}
examinations in the afternoons, and the librarian agreed after a long debate in the hall of the library to count
them again in the spring so that the figures could be checked by anyone who doubted them.
\end{document}
""")
    _, right = _column_blocks(data)
    assert _line_of(right[0]) == "Table 1:" and _line_of(right[-1]).startswith("checked by anyone")
    [sample] = read_pages(data)
    assert sample.text.split("\n\n") == [
        "The committee met on a cold morning in the old library to discuss the proposal for a new reading room on the "
        "second floor of the building. Several members argued that the cost would be too high for the small town.",
        "Others pointed out that the number of visitors had doubled over the past three years and that the present "
        "room was often crowded with students preparing for their examinations in the afternoons, and the librarian "
        "agreed after a long debate in the hall of the library to count them again in the spring so that the figures "
        "could be checked by anyone who doubted them.",
        "Table 1: Visitors a day in the reading room.",
        "|Year|Morning|Evening|\n|---|---|---|\n|2021|40|12|\n|2022|55|31|"]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_an_author_year_bibliography_set_with_hanging_indents_keeps_its_entries_words_and_urls_whole(tmp_path):
    # ACM's and APA's reference lists: no label, each entry's lines after its first hung under it. MuPDF made
    # the first line a block of its own ("... and Gio-" | "vanni Vigna. 2007. ..."), cut a justified row at a
    # stretched space ("tions Optimally." | "In Proceedings of the 20th In-" | "ternational"), and the url
    # package's breaks got a space ("https://doi.org/" "10.1145/..."), as did "1714–" "1747"
    data = compiled(tmp_path, r"""\documentclass[twocolumn]{article}
\usepackage[paperheight=4in,paperwidth=6.5in,margin=0.4in]{geometry}
\usepackage{url}
\pagestyle{empty}
\newcommand{\entry}[1]{\par\noindent\hangindent=1.2em\hangafter=1{\footnotesize #1}\par}
\begin{document}
\section*{References}
\entry{Matthew Van Gundy, Davide Balzarotti, and Giovanni Vigna. 2007. Catch me, if you can: Evading network
signatures with web-based polymorphic worms. In Proceedings of the first USENIX workshop on Offensive
Technologies. \url{https://doi.org/10.1145/1188913.1188915}}
\entry{Torben Hagerup, Kurt Mehlhorn, and J. Ian Munro. 1993. Maintaining Discrete Probability Distributions
Optimally. In Proceedings of the 20th International Colloquium on Automata, Languages and Programming.
\url{https://doi.org/10.1007/3-540-09237-4}}
\entry{Markus Kirschmer and John Voight. 2010. Algorithmic Enumeration of Ideal Classes for Quaternion Orders.
SIAM J. Comput. 39, 5 (Jan. 2010), 1714--1747. \url{https://doi.org/10.1137/080734467}}
\entry{Donald E. Knuth. 1997. The Art of Computer Programming, Vol. 1: Fundamental Algorithms (3rd. ed.).
Addison Wesley Longman Publishing Co., Inc.}
\end{document}
""")
    [sample] = read_pages(data)
    paragraphs = sample.text.split("\n\n")
    assert paragraphs[0] == "## References"
    assert paragraphs[1] == ("Matthew Van Gundy, Davide Balzarotti, and Giovanni Vigna. 2007. Catch me, if you can: "
                             "Evading network signatures with web-based polymorphic worms. In Proceedings of the first "
                             "USENIX workshop on Offensive Technologies. https://doi.org/10.1145/1188913.1188915")
    # the entry's first row, a block of its own, ends a sentence at "Munro." and the next starts with its year:
    # one row over an indented paragraph is a definition's term as often, but the entries beside it are set hung
    # (first row out, the rest in), so this one is too: it was two paragraphs
    assert paragraphs[2] == (
        "Torben Hagerup, Kurt Mehlhorn, and J. Ian Munro. 1993. Maintaining Discrete Probability Distributions "
        "Optimally. In Proceedings of the 20th International Colloquium on Automata, Languages and Programming. "
        "https://doi.org/10.1007/3-540-09237-4")
    assert paragraphs[3:] == [
        "Markus Kirschmer and John Voight. 2010. Algorithmic Enumeration of Ideal Classes for Quaternion Orders. "
        "SIAM J. Comput. 39, 5 (Jan. 2010), 1714–1747. https://doi.org/10.1137/080734467",
        "Donald E. Knuth. 1997. The Art of Computer Programming, Vol. 1: Fundamental Algorithms (3rd. ed.). "
        "Addison Wesley Longman Publishing Co., Inc."]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_paragraph_ending_at_a_columns_foot_stays_apart_from_one_starting_in_lower_case(tmp_path):
    # the review's parskip page: a paragraph ends with a full stop on a full last line at the left column's
    # foot, and the right column starts a new one with a lower-case name ("iOS devices ..."): not one paragraph
    paras = [
        "The committee met on a cold morning in the old library to discuss the proposal for a new reading room on "
        "the second floor of the building, and several members argued that the cost would be too high.",
        "git stores every version of every file as a snapshot, so that any earlier state of the project can be "
        "restored at once and compared with the present one by anyone who has a copy.",
        "2023 was the first year in which the library counted more visitors in the evenings than in the mornings, "
        "which the staff put down to the new lamps and the longer opening hours.",
        "ls lists the files of a directory in alphabetical order, and with the long option it also shows their "
        "sizes, owners, permissions and the dates on which they were last changed.",
        "Anna Berg wrote the first report on the visitors, and Peter Holm checked her figures against the records "
        "of the lending desk before the council read them in the spring.",
        "iOS devices keep their backups encrypted when the owner sets a password, and the library’s tablets were "
        "set up that way by the technician who visited them in May."]
    data = compiled(tmp_path, _two_columns("4.96in", "\n\n".join(paras), r"\usepackage{parskip}"))
    _, right = _column_blocks(data)
    assert _line_of(right[0]).startswith("iOS devices")
    [sample] = read_pages(data)
    assert sample.text.split("\n\n") == paras


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_paragraph_ending_on_a_number_at_a_columns_foot_stays_apart_from_an_indented_one_in_lower_case(tmp_path):
    # a contact line ends the left column's first paragraph with no full stop ("... on 555 0100", full to the
    # column's edge), and the right column starts a new paragraph, set in, with a lower-case name ("npm installs
    # it."). MuPDF cut that first row at the stretched space after its sentence, and the piece beside it on the
    # row was taken for the column's edge: the row was not set in, and the two paragraphs were run into one
    paras = [
        "The committee met on a cold morning in the old library to discuss the proposal for a new reading room on "
        "the second floor of the building. Several members argued that the cost would be too high for the small "
        "town, while others pointed out that the number of visitors had doubled over the past three years and that "
        "the present room was often crowded. For questions about the meeting or the new room, please call the "
        "office of the town hall on 555 0100",
        "npm installs it. Then all of its many dependencies go into the project\u2019s folder, and records their "
        "versions in a lock file so that anyone who builds the project later gets the same versions."]
    data = compiled(tmp_path, _two_columns("2.66in", "\n\n".join(paras).replace("\u2019", "'")))
    left, right = _column_blocks(data)
    assert _line_of(left[-1], -1).endswith("555 0100") and _line_of(right[0]) == "npm installs it."
    assert right[0]["lines"][0]["bbox"][0] > right[0]["lines"][2]["bbox"][0] + 5  # set in
    [sample] = read_pages(data)
    assert sample.text.split("\n\n") == paras


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_verse_with_every_other_line_indented_keeps_its_lines(tmp_path):
    # MuPDF groups such verse in blocks of two lines, an indented one over one at the left edge, which looked
    # like a paragraph's set-in first line and its next: "And he stoppeth one of three, By thy long grey beard and
    # glittering eye," was one line; on a page of little prose, whose column the verse's own lines measured, the
    # blocks ran on into one another too (a stanza of eight lines was two paragraphs). A stanza is its lines
    # (one paragraph, a line a row, as a paragraph of its author's line breaks is written), and so is a quoted
    # stanza set in with \hspace*
    stanzas = [["It is an ancient Mariner,", "And he stoppeth one of three,",
                "By thy long grey beard and glittering eye,", "Now wherefore stopp'st thou me?"],
               ["The Bridegroom's doors are opened wide,", "And I am next of kin,",
                "The guests are met, the feast is set,", "May'st hear the merry din."],
               ["And now the storm-blast came, and he", "Was tyrannous and strong,",
                "He struck with his o'ertaking wings,", "And chased us south along."]]

    def lines(stanza: list[str], indent: str) -> str:
        return "\\\\\n".join(line if k % 2 == 0 else indent + line for k, line in enumerate(stanza)) + "\n"

    intro = ("The poem opens with an old sailor who stops one of three young men on their way to a wedding feast "
             "in the village, holding him with his eye until the guest, who is next of kin to the bridegroom, has "
             "no choice but to sit on a stone and listen to the whole of the tale from its beginning:")
    middle = ("The guest cannot choose but hear, although the music of the feast can be heard from the hall. A later "
              "stanza tells of the ship driven south:")
    end = "The sailor goes on with his tale of the ship and the ice that closed round it near the south pole."
    data = compiled(tmp_path, r"""\documentclass{article}
\pagestyle{empty}
\begin{document}
""" + intro + "\n\\begin{verse}\n" + lines(stanzas[0], r"\hspace{2em}") + "\n" + lines(stanzas[1], r"\hspace{2em}")
        + "\\end{verse}\n" + middle + "\n\\begin{quote}\n" + lines(stanzas[2], r"\hspace*{1.5em}") + "\\end{quote}\n"
        + end + "\n\\newpage\nThe mariner stops one of three guests on the way to a wedding:\n\\begin{verse}\n"
        + lines(stanzas[0] + stanzas[1], r"\hspace{2em}") + "\\end{verse}\nand the guest cannot choose but hear.\n"
        + "\\end{document}\n")
    first, second = read_pages(data)
    verse = ["\n".join(stanza).replace("'", "\u2019") for stanza in stanzas]
    assert first.text.split("\n\n") == [intro, verse[0], verse[1], middle, verse[2], end]
    assert second.text.split("\n\n") == ["The mariner stops one of three guests on the way to a wedding:",
                                         verse[0] + "\n" + verse[1], "and the guest cannot choose but hear."]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_paragraphs_whose_first_lines_are_set_in_are_no_verse(tmp_path):
    # (a review on real PDFs: an abstract of two paragraphs, IEEEtran's bold one and article's, and memoir's
    # two-row paragraphs in a narrow box were written a line a row, as verse: their rows take two edges too)
    # justified rows end level; ragged-right paragraphs of three rows and more have runs at the outer edge
    abstract = ["Gardens are studied here over three years, with counts of visitors made each day by the "
                "librarian and checked against the gate's register at the end of every month.",
                "We find that the number of visitors grows with the number of flowers in bloom, and that rain keeps "
                "fewer away than was thought before this study began."]
    boxed = ["The last line of this paragraph will be no shorter than a particular length set here.",
             "The last line of that paragraph will be no shorter than a length set here, either."]
    ragged = ["A ragged paragraph of three rows or more, set without justification, ends each row where its "
              "words end, as verse does, but its rows after the first all start at the left edge.",
              "Its second paragraph is set the same way, its first line set in and the rows under it flush "
              "left, and it runs for a while longer than the first one did."]
    body = ("The body of the paper follows the abstract and goes on for a while, so that the page has prose "
            "of its own to measure its column by, as real papers do: its lines run to the column's edge, and "
            "they are many more than the abstract's, so that the column's edge is theirs and not the abstract's, "
            "which is set in from both sides of the column by the abstract's own margins.")
    data = compiled(tmp_path, r"""\documentclass{article}
\pagestyle{empty}
\title{A Study of Gardens}\author{A. Writer}\date{}
\begin{document}
\maketitle
\begin{abstract}
""" + "\n\n".join(abstract) + r"""
\end{abstract}
\section{Introduction}
""" + body + "\n\n" + body + r"""
\newpage
""" + body + r"""

\begin{minipage}{0.42\textwidth}\setlength{\parindent}{1.5em}
""" + "\n\n".join(boxed) + r"""
\end{minipage}

{\raggedright\setlength{\parindent}{1.5em}
""" + "\n\n".join(ragged) + r"""\par}
\end{document}
""")
    first, second = read_pages(data)
    body, abstract = body.replace("'", "\u2019"), [text.replace("'", "\u2019") for text in abstract]
    assert first.text.split("\n\n")[-5:] == [*abstract, "## 1 Introduction", body, body]
    assert second.text.split("\n\n") == [body, *boxed, *ragged]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_terms_row_over_its_indented_definition_stays_apart_beside_a_hung_reference_list(tmp_path):
    # a definition list set as a term's full row over its definition set in, on a page whose reference list is
    # set with a hanging indent of the same width: only a list whose entries are hung makes a first row that
    # ends a sentence ("... J. Ian Munro.", the list's second entry) run on into the rows under it; the
    # terms, each a block of its own over its definition, stay apart
    data = compiled(tmp_path, r"""\documentclass[twocolumn]{article}
\usepackage[paperheight=5.2in,paperwidth=6.5in,margin=0.4in]{geometry}
\pagestyle{empty}
\newcommand{\entry}[1]{\par\noindent\hangindent=1.2em\hangafter=1{\footnotesize #1}\par}
\newcommand{\term}[1]{\par{\parfillskip=0pt\noindent{\footnotesize #1}\par}}
\newcommand{\defn}[1]{\par{\leftskip=1.2em\noindent{\footnotesize #1}\par}}
\begin{document}
\section*{Terms}
\term{Reading room of the old library, second floor.}
\defn{The room where the members met to discuss the proposal, often crowded with students preparing for
their examinations in the afternoons.}
\term{Visitor count, kept by the librarian daily.}
\defn{The number of people entering the library on a day, counted at the door and written into the
ledger every evening before closing.}
\section*{References}
\entry{Matthew Van Gundy, Davide Balzarotti, and Giovanni Vigna. 2007. Catch me, if you can: Evading network
signatures with web-based polymorphic worms. In Proceedings of the first USENIX workshop on Offensive
Technologies.}
\entry{Torben Hagerup, Kurt Mehlhorn, and J. Ian Munro. 1993. Maintaining Discrete Probability Distributions
Optimally. In Proceedings of the 20th International Colloquium on Automata, Languages and Programming.}
\entry{Markus Kirschmer and John Voight. 2010. Algorithmic Enumeration of Ideal Classes for Quaternion Orders.
SIAM J. Comput. 39, 5 (Jan. 2010), 1714--1747.}
\end{document}
""")
    page = pymupdf.open(stream=data)[0]
    blocks = [" ".join("".join(s["text"] for s in ln["spans"]) for ln in b["lines"])
              for b in page.get_text("dict")["blocks"]]
    # each term and the list's second entry's first row are blocks of their own, over a block set in
    assert {"Reading room of the old library, second floor.", "Visitor count, kept by the librarian daily.",
            "Torben Hagerup, Kurt Mehlhorn, and J. Ian Munro."} <= set(blocks)
    [sample] = read_pages(data)
    # (the last entry, which the column's foot cuts in its hung rows, is left out: "... Quaternion" | "Orders.
    # ..." is an open fault: its rows at the next column's top, "Orders. ... 1714–" | "1747.", are the column's
    # only two lines, too few to measure its edge by)
    assert sample.text.split("\n\n")[:8] == [
        "## Terms",
        "Reading room of the old library, second floor.",
        "The room where the members met to discuss the proposal, often crowded with students preparing for their "
        "examinations in the afternoons.",
        "Visitor count, kept by the librarian daily.",
        "The number of people entering the library on a day, counted at the door and written into the ledger every "
        "evening before closing.",
        "## References",
        "Matthew Van Gundy, Davide Balzarotti, and Giovanni Vigna. 2007. Catch me, if you can: Evading network "
        "signatures with web-based polymorphic worms. In Proceedings of the first USENIX workshop on Offensive "
        "Technologies.",
        "Torben Hagerup, Kurt Mehlhorn, and J. Ian Munro. 1993. Maintaining Discrete Probability Distributions "
        "Optimally. In Proceedings of the 20th International Colloquium on Automata, Languages and Programming."]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_an_interleaved_part_places_a_figure_after_the_paragraph_that_goes_on_under_it(tmp_path):
    # the caption test's page with a picture in the float: the part holds the paragraph whole, then the picture
    # with its caption (the paragraph's tail came after the picture, a paragraph of its own)
    picture = subprocess.run(["kpsewhich", "example-image.png"], capture_output=True, text=True).stdout.strip()
    if not picture:
        pytest.skip("mwe's example-image.png is not installed")
    data = compiled(tmp_path, r"""\documentclass[10pt,twocolumn]{article}
\usepackage[paperheight=3.1in,paperwidth=6in,margin=0.4in]{geometry}
\usepackage{graphicx}
\pagestyle{empty}
\begin{document}
The committee met on a cold morning in the old library to discuss the proposal for a new reading room on the
second floor of the building. Several members argued that the cost would be too high for the small town, while
others pointed out that the number of visitors had doubled over the past three years and that the present room
was often crowded with students preparing for their examinations in the afternoons and the results of the
\begin{figure}[t]
\centering\includegraphics[width=2cm,height=0.6cm]{PICTURE}
\caption{Visitors a day over three years of the reading room.}
\end{figure}
counts were read aloud by the librarian to the members who had not seen them before that morning in the hall
of the library, and they agreed that the numbers were higher than anyone had expected when the count began.
\end{document}
""".replace("PICTURE", picture))
    [part] = [r for r in read_document(data, "mem://f.pdf", DocumentOptions()) if r.kind == "interleaved"]
    assert part.segments == [
        {"text": "The committee met on a cold morning in the old library to discuss the proposal for a new reading "
                 "room on the second floor of the building. Several members argued that the cost would be too high "
                 "for the small town, while others pointed out that the number of visitors had doubled over the past "
                 "three years and that the present room was often crowded with students preparing for their "
                 "examinations in the afternoons and the results of the counts were read aloud by the librarian to "
                 "the members who had not seen them before that morning in the hall of the library, and they agreed "
                 "that the numbers were higher than anyone had expected when the count began."},
        {"image": 0, "caption": "Figure 1: Visitors a day over three years of the reading room."}]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("preamble", [pytest.param("", id="plain"), MICROTYPE])
def test_a_hung_lists_first_entry_whose_first_row_ends_a_sentence_runs_on_by_the_entries_after_it(tmp_path, preamble):
    # the author-year list with "... J. Ian Munro." first: no entry stands before it, the one after it is hung.
    # With microtype the last entry's URL is a row of its own, and MuPDF made that row a block of its own: the URL
    # was fenced as a listing after its entry
    entries = [
        ("Torben Hagerup, Kurt Mehlhorn, and J. Ian Munro. 1993. Maintaining Discrete Probability Distributions "
         "Optimally. In Proceedings of the 20th International Colloquium on Automata, Languages and Programming. ",
         "https://doi.org/10.1007/3-540-09237-4"),
        ("Matthew Van Gundy, Davide Balzarotti, and Giovanni Vigna. 2007. Catch me, if you can: Evading network "
         "signatures with web-based polymorphic worms. In Proceedings of the first USENIX workshop on Offensive "
         "Technologies. ", "https://doi.org/10.1145/1188913.1188915"),
        ("Markus Kirschmer and John Voight. 2010. Algorithmic Enumeration of Ideal Classes for Quaternion Orders. "
         "SIAM J. Comput. 39, 5 (Jan. 2010), 1714--1747. ", "https://doi.org/10.1137/080734467")]
    data = compiled(tmp_path, in_font(r"""\documentclass[twocolumn]{article}
\usepackage[paperheight=4in,paperwidth=6.5in,margin=0.4in]{geometry}
\usepackage{url}
\pagestyle{empty}
\newcommand{\entry}[1]{\par\noindent\hangindent=1.2em\hangafter=1{\footnotesize #1}\par}
\begin{document}
\section*{References}
""" + "".join(f"\\entry{{{text}\\url{{{url}}}}}\n" for text, url in entries) + "\\end{document}\n", preamble))
    page = pymupdf.open(stream=data)[0]
    rows = [" ".join("".join(s["text"] for s in ln["spans"]) for ln in b["lines"])
            for b in page.get_text("dict")["blocks"]]
    assert rows[1] == "Torben Hagerup, Kurt Mehlhorn, and J. Ian Munro."  # a block of its own
    [sample] = read_pages(data)
    assert sample.text.split("\n\n") == ["## References"] + [(text + url).replace("--", "\u2013")
                                                              for text, url in entries]


def _bibliography(options: str, height: str, style: str) -> str:
    """A page 6.5 in wide and ``height`` high (``options`` the class's: "[twocolumn]"), in small type, up to the
    opening of natbib's thebibliography set in ``style`` ("numbers", "authoryear") with no space between entries."""
    return ("\\documentclass" + options + "{article}\n"
            f"\\usepackage[paperheight={height},paperwidth=6.5in,margin=0.4in]{{geometry}}\n"
            f"\\usepackage[{style}]{{natbib}}\n"
            "\\setlength{\\bibsep}{0pt}\n\\pagestyle{empty}\n\\begin{document}\n\\footnotesize\n"
            "\\begin{thebibliography}{12}\n")


_REFERENCES = [  # (natbib's author-year label, the entry)
    ("Ablamowicz and Fauser(2007)", "Rafal Ablamowicz and Bertfried Fauser. 2007. A Maple 11 Package for Clifford "
     "Algebra Computations, version 11. Retrieved February 28, 2008 from the authors."),
    ("Abril and Plant(2007)", "Patricia S. Abril and Robert Plant. 2007. The patent holder's dilemma: Buy, sell, or "
     "troll? Commun. ACM 50, 1 (Jan. 2007), 36--44."),
    ("Andler(1979)", "Sten Andler. 1979. Predicate Path expressions. In Proceedings of the 6th. ACM SIGACT-SIGPLAN "
     "symposium on Principles of Programming Languages. ACM Press, New York, NY, 226--236."),
    ("Anisi(2003)", "David A. Anisi. 2003. Optimal Motion Control of a Ground Vehicle. Master's thesis. Royal "
     "Institute of Technology (KTH), Stockholm, Sweden."),
    ("Kosiur(2001)", "David Kosiur. 2001. Understanding Policy-Based Networking (2nd. ed.). Wiley, New York, NY."),
    ("Lamport(1986)", "Leslie Lamport. 1986. A Document Preparation System. Addison-Wesley, Reading, MA."),
    ("Clarkson(1985)", "Kenneth L. Clarkson. 1985. Algorithms for Closest-Point Problems (Computational Geometry). "
     "Ph. D. Dissertation. Stanford University, Palo Alto, CA. UMI Order Number: AAT 8506171."),
    ("Cohen(1996)", "Jacques Cohen (Ed.). 1996. Special issue: Digital Libraries. Commun. ACM 39, 11 (Nov. 1996)."),
    ("Cohen et~al.(2007)", "Sarah Cohen, Werner Nutt, and Yehoshua Sagic. 2007. Deciding equivalances among "
     "conjunctive aggregate queries. J. ACM 54, 2, Article 5 (April 2007), 50 pages."),
    ("Douglass et~al.(1998)", "Bruce P. Douglass, David Harel, and Mark B. Trakhtenbrot. 1998. Statecarts in use: "
     "structured analysis and object-orientation. In Lectures on Embedded Systems. Lecture Notes in Computer "
     "Science, Vol. 1494. Springer-Verlag, London, 368--394."),
    ("Kirschmer and Voight(2010)", "Markus Kirschmer and John Voight. 2010. Algorithmic Enumeration of Ideal "
     "Classes for Quaternion Orders. SIAM J. Comput. 39, 5 (Jan. 2010), 1714--1747."),
    ("Knuth(1997)", "Donald E. Knuth. 1997. The Art of Computer Programming, Vol. 1: Fundamental Algorithms (3rd. "
     "ed.). Addison Wesley Longman Publishing Co., Inc."),
]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("style, height, foot, top, labelsep", [
    ("numbers", "3.9in", "Stanford University,", "Palo Alto,", ""),  # a comma
    ("numbers", "4.25in", "Special issue: Digital", "Libraries.", ""),  # a word, and a capital after it
    # the entry's first row alone at the foot, its label a line of its own (biblatex's), and a name and a year
    # at the top that read as a caption's label would ("Fig. 2. ...")
    ("numbers", "5in", "and Mark B.", "Trakhtenbrot. 1998.", r"\setlength{\labelsep}{10pt}"),
    ("authoryear", "3.9in", "Palo Alto, CA.", "UMI Order", ""),  # a sentence's end: only the row's place tells
    ("authoryear", "4.1in", "Digital Li-", "braries.", ""),  # a word hyphenated over the columns
])
def test_a_hung_reference_lists_entries_are_a_paragraph_each_across_a_columns_foot(tmp_path, style, height, foot, top,
                                                                                   labelsep):
    # natbib's thebibliography without space between entries (ACM's): numbered entries, the label in the margin
    # and the rows after the first hung under the text, ran together ("... (Nov. 1996). [9] Sarah Cohen ..."), the
    # labels set flush right ("[9]" starts right of "[10]"); and an entry, numbered or author-year, that the left
    # column's foot cut went on at the right column's top as a paragraph of its own, its rows set in
    source = _bibliography("[twocolumn]", height, style) + labelsep + "".join(
        f"\\bibitem[{label}]{{r{k}}} {text}\n" if style == "authoryear" else f"\\bibitem{{r{k}}} {text}\n"
        for k, (label, text) in enumerate(_REFERENCES)) + "\\end{thebibliography}\n\\end{document}\n"
    data = compiled(tmp_path, source)
    left, right = _column_blocks(data, edge=2)  # (by their right ends: labels set apart stand in the gutter)
    assert _line_of(left[-1], -1).endswith(foot) and _line_of(right[0]).startswith(top)
    [sample] = read_pages(data)
    entries = [text.replace("--", "\u2013").replace("'", "\u2019") for _, text in _REFERENCES]
    assert sample.text.split("\n\n") == ["## References"] + (
        [f"[{k}] {entry}" for k, entry in enumerate(entries, 1)] if style == "numbers" else entries)


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("labelsep", ["", r"\setlength{\labelsep}{10pt}"])
def test_a_numbered_reference_lists_entries_of_one_row_each_are_a_paragraph_each(tmp_path, labelsep):
    # ACM's one-column references (sample-acmsmall's page 9): entries of one row each, one under another, with no
    # row hung between them ("[5] David Kosiur. ... New York, NY. [6] Leslie Lamport. ..."), and the labels
    # growing from "[9]" to "[10]" inside one block of MuPDF's; set further from their text (biblatex's, on
    # sample-sigconf-biblatex), each label is a line of its own on its entry's first row
    data = compiled(tmp_path, _bibliography("", "5in", "numbers") + labelsep + "".join(
        f"\\bibitem{{r{k}}} {text}\n" for k, (_, text) in enumerate(_REFERENCES))
        + "\\end{thebibliography}\n\\end{document}\n")
    [sample] = read_pages(data)
    entries = [text.replace("--", "\u2013").replace("'", "\u2019") for _, text in _REFERENCES]
    assert sample.text.split("\n\n") == ["## References"] + [f"[{k}] {entry}" for k, entry in enumerate(entries, 1)]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("margin", ["0.6in", "0.5in"])  # 0.5in: a hung row starts with a number, "11. Retrieved"
def test_a_reference_list_set_looser_than_the_body_keeps_its_entries_whole(tmp_path, margin):
    # acmart's manuscript format: 7-point references 10 points apart under a body set 10 on 12. MuPDF made each
    # entry's first row a block of its own, and the space under it, measured by the body's pitch, was a
    # paragraph's parting: every entry was two paragraphs ("[1] ... Clifford Algebra Computations," | "version
    # 11. Retrieved ..."); the blocks' own pitch measures the space between them. A row hung under a reference's
    # label that starts with a number ("... version" | "11. Retrieved ...", sample-acmsmall-conf) is no sub-item
    prose = ("The librarian counted the visitors every day for a month so that the figures could be checked by anyone "
             "who doubted them, and the secretary wrote to the regional council about a grant for the new room, the "
             "furniture and the lamps, which the members agreed were needed before the winter. ") * 3
    data = compiled(tmp_path, r"""\documentclass{article}
\usepackage[paperheight=8in,paperwidth=6.5in,margin=MARGIN]{geometry}
\usepackage[numbers]{natbib}
\setlength{\bibsep}{0pt}
\pagestyle{empty}
\begin{document}
""".replace("MARGIN", margin) + f"{prose}\n\n" * 4 + r"""\newpage
{\fontsize{7}{10}\selectfont
\begin{thebibliography}{12}
""" + "".join(f"\\bibitem{{r{k}}} {text}\n" for k, (_, text) in enumerate(_REFERENCES))
        + "\\end{thebibliography}}\n\\end{document}\n")
    blocks = pymupdf.open(stream=data)[-1].get_text("dict")["blocks"]
    [first_row] = blocks[1]["lines"]  # the first entry's first row, a block of its own
    assert "".join(s["text"] for s in first_row["spans"]).startswith("[1]")
    *_, sample = read_pages(data)
    entries = [text.replace("--", "\u2013").replace("'", "\u2019") for _, text in _REFERENCES]
    assert sample.text.split("\n\n") == ["## References"] + [f"[{k}] {entry}" for k, entry in enumerate(entries, 1)]


def _column_blocks(data: bytes, edge: int = 0) -> tuple[list[dict], list[dict]]:
    """The first page's blocks (PyMuPDF's "dict") left and right of its middle, by each block's left edge
    (``edge`` 0) or its right one (2)."""
    page = pymupdf.open(stream=data)[0]
    blocks, middle = page.get_text("dict")["blocks"], page.rect.width / 2
    return [b for b in blocks if b["bbox"][edge] < middle], [b for b in blocks if b["bbox"][edge] > middle]


def _line_of(block: dict, k: int = 0) -> str:
    """The text of line ``k`` of a PyMuPDF block."""
    return "".join(span["text"] for span in block["lines"][k]["spans"])


# a paragraph that ends in a URL set by the url package (typewriter, broken after "." and "/" with no hyphen),
# and one after it; URL: what ends the first
_A_URL_AT_THE_END = (
    r"The committee met on a cold morning in the old library to discuss the proposal for a new reading room on the "
    r"second floor of the building. The counts of every day are published on the library's pages at URL" "\n\n"
    r"After a long debate the chairman asked the treasurer to prepare a detailed estimate of the expenses, including "
    r"the furniture, the lighting and the heating, and to present it at the next meeting.")
_URL = "https://www.library.example.org/reading-room/visitors/2021/daily-counts.html"


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("height, top", [
    ("1.85in", "org/reading-room/visitors/2021/"),  # the URL's rest two rows at the right column's top
    ("1.95in", "daily-counts.html"),  # one row, the column's only line of the paragraph
    ("2.5in", None),  # the whole URL in the left column, its rest two rows under "... pages at https://www.lib"
])
def test_a_url_broken_over_rows_or_a_columns_foot_is_the_paragraphs_text_not_code(tmp_path, height, top):
    # the url package sets a URL in typewriter, a piece a row: the rows holding its rest alone were all monospaced,
    # and were written as a code block ("```\norg/reading-room/visitors/2021/\ndaily-counts.html\n```") after
    # the paragraph, cut off at "https://www.library.example."
    data = compiled(tmp_path, _two_columns(height, _A_URL_AT_THE_END.replace("URL", rf"\url{{{_URL}}}"),
                                           r"\usepackage{url}"))
    _, right = _column_blocks(data)
    assert (_line_of(right[0]) == top) if top else _line_of(right[0]).startswith("mate of the expenses")
    sample, *_ = read_pages(data)  # (at 1.85 in, the second paragraph's end on a second page)
    first = _A_URL_AT_THE_END.replace("URL", _URL).replace("'", "\u2019").split("\n\n")[0]
    assert sample.text.split("\n\n")[0] == first and "`" not in sample.text


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("height", ["1.8in", "2.0in"])  # the listing at the right column's top; split over both
def test_a_listing_of_paths_after_a_sentence_ending_in_a_url_stays_code(tmp_path, height):
    # the paragraph ends its sentence after the URL (a full stop in roman): the listing's rows, paths that would
    # go on with a URL, are code, whole at the next column's top or cut by the left column's foot
    listing = "\\begin{verbatim}\nreading-room/visitors/\ndaily-counts.html\n\\end{verbatim}"
    first, second = _A_URL_AT_THE_END.split("\n\n")
    data = compiled(tmp_path, _two_columns(
        height, first.replace("URL", r"\url{https://www.library.example.org/}." + "\n" + listing) + "\n\n" + second,
        r"\usepackage{url}"))
    sample, *_ = read_pages(data)  # (at 1.8 in, the second paragraph's end on a second page)
    paragraphs = sample.text.split("\n\n")
    assert paragraphs[0] == first.replace("URL", "https://www.library.example.org/.").replace("'", "\u2019")
    assert paragraphs[1:3] in (["```\nreading-room/visitors/\ndaily-counts.html\n```"] * 1 + paragraphs[2:3],
                               ["```\nreading-room/visitors/\n```", "```\ndaily-counts.html\n```"])
    assert paragraphs[-1].startswith("After a long debate")


def _last_row(block: dict) -> str:
    """The text of a PyMuPDF block's last row: its lines on the last one's baseline (MuPDF cuts a justified row at
    its stretched spaces, a word a line at times)."""
    lines = block["lines"]
    baseline = lines[-1]["spans"][0]["origin"][1]
    return " ".join(_line_of(block, k) for k, line in enumerate(lines)
                    if abs(line["spans"][0]["origin"][1] - baseline) < 2)


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("style, height, foot, top, font", [
    # the entry's rest, two hung rows, is all the right column holds: too few rows to measure its edge by, the
    # rows were no hung ones, and "Ph. D." ended a sentence ("... Ph. D." | "Dissertation. Stanford ...")
    ("authoryear", "3.7in", "Ph. D.", "Dissertation. Stanford", ""),
    # the foot's row, justified, MuPDF cut a word a line: its last line, "for", was no line of prose
    ("numbers", "3.6in", "Algorithms for", "Closest-Point Problems", ""),
    # in Times the rest is one row, all the column holds: no edge of the column to measure its hang by, and the
    # entry was two paragraphs ("... UMI Order Number: AAT" | "8506171."); the page's margins tell it
    ("authoryear", "3.7in", "Number: AAT", "8506171.", r"\usepackage{mathptmx}"),
])
def test_a_hung_entrys_rest_at_the_next_columns_top_goes_on_with_it_however_few_its_rows(tmp_path, style, height,
                                                                                         foot, top, font):
    references = _REFERENCES[:7]
    data = compiled(tmp_path, in_font(_bibliography("[twocolumn]", height, style), font) + "".join(
        f"\\bibitem[{label}]{{r{k}}} {text}\n" if style == "authoryear" else f"\\bibitem{{r{k}}} {text}\n"
        for k, (label, text) in enumerate(references)) + "\\end{thebibliography}\n\\end{document}\n")
    left, right = _column_blocks(data, edge=2)
    assert _last_row(left[-1]).endswith(foot) and _line_of(right[0]).startswith(top)
    [sample] = read_pages(data)
    entries = [text.replace("--", "\u2013").replace("'", "\u2019") for _, text in references]
    assert sample.text.split("\n\n") == ["## References"] + (
        [f"[{k}] {entry}" for k, entry in enumerate(entries, 1)] if style == "numbers" else entries)


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_an_entry_ending_at_a_columns_foot_stays_apart_from_a_new_one_that_is_all_the_next_column_holds(tmp_path):
    # the right column holds a new entry's two rows, its first at the outer edge: no row hung under the entry
    # that ended at the left column's foot ("... Reading, MA."), which is a paragraph of its own
    references = _REFERENCES[:6] + [_REFERENCES[7]]
    data = compiled(tmp_path, _bibliography("[twocolumn]", "3.45in", "authoryear") + "".join(
        f"\\bibitem[{label}]{{r{k}}} {text}\n" for k, (label, text) in enumerate(references))
        + "\\end{thebibliography}\n\\end{document}\n")
    left, right = _column_blocks(data, edge=2)
    assert _last_row(left[-1]) == "tem. Addison-Wesley, Reading, MA." and len(right) == 2
    # the new entry's two rows, MuPDF's two blocks, are all the column holds: too few to measure its edge by, the
    # entry was two paragraphs ("... Digital Li-" | "braries. ..."); the word its first row broke runs on
    assert _last_row(right[0]).endswith("Digital Li-") and _line_of(right[1]).startswith("braries.")
    [sample] = read_pages(data)
    entries = [text.replace("--", "\u2013").replace("'", "\u2019") for _, text in references]
    assert sample.text.split("\n\n") == ["## References"] + entries


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("style, height, foot, rest, new", [
    ("authoryear", "3.35in", "A Document Preparation Sys-", "tem. Addison-Wesley, Reading, MA.",
     "Jacques Cohen (Ed.). 1996. Special issue: Digital Li-"),
    # numbered: the label cuts the block, and the rest's column of three lines was too few to measure its edge by
    ("numbers", "3.3in", "A Document Preparation", "System. Addison-Wesley, Reading, MA.",
     "[7] Jacques Cohen (Ed.). 1996. Special issue: Digital"),
])
def test_an_entrys_rest_and_a_new_entry_at_the_next_columns_top_are_two_paragraphs(tmp_path, style, height, foot,
                                                                                   rest, new):
    # the right column holds the rest of the entry the left one's foot cut (a hung row) and a new entry (its first
    # row at the list's outer edge, its second hung): one block of MuPDF's, three rows, too few for the block's
    # own rows to show the list; the new entry ran on from the rest ("... Reading, MA. Jacques Cohen ..."), and
    # the rest stood apart from its entry ("... Sys-" | "tem. ..."). The hang of the left column's entries cuts it
    references = _REFERENCES[:6] + [_REFERENCES[7]]
    data = compiled(tmp_path, _bibliography("[twocolumn]", height, style) + "".join(
        f"\\bibitem[{label}]{{r{k}}} {text}\n" if style == "authoryear" else f"\\bibitem{{r{k}}} {text}\n"
        for k, (label, text) in enumerate(references)) + "\\end{thebibliography}\n\\end{document}\n")
    left, right = _column_blocks(data, edge=2)
    assert _last_row(left[-1]).endswith(foot) and [_line_of(right[0], k) for k in range(2)] == [rest, new]
    [sample] = read_pages(data)
    entries = [text.replace("--", "\u2013").replace("'", "\u2019") for _, text in references]
    assert sample.text.split("\n\n") == ["## References"] + (
        [f"[{k}] {entry}" for k, entry in enumerate(entries, 1)] if style == "numbers" else entries)


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_paragraphs_first_row_alone_at_a_columns_foot_goes_on_at_the_next_columns_top(tmp_path):
    # with parskip a paragraph's first row is not set in; alone at the left column's foot, stretched to the
    # column's edge before a long word, it held 26 characters ("The number of visitors had"), too few for a line
    # of prose, and the paragraph was two ("... had" | "unquestionably doubled over ...")
    paras = [
        "The committee met on a cold morning in the old library to discuss the proposal for a new reading room on "
        "the second floor of the building.",
        "The number of visitors had unquestionably doubled over the past three years, as counted by the librarian, "
        "and the room was often crowded.",
        "The meeting closed shortly before noon."]
    data = compiled(tmp_path, _two_columns("1.8in", "\n\n".join(paras).replace(
        "unquestionably", r"\mbox{unquestionably}"), r"\usepackage{parskip}"))
    left, right = _column_blocks(data)
    assert _last_row(left[-1]) == "The number of visitors had" and _line_of(right[0]).startswith("unquestionably")
    [sample] = read_pages(data)
    assert sample.text.split("\n\n") == paras


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("height, foot, top", [
    ("2.2in", "including the fur-", "niture, the lighting"),  # a word hyphenated over the columns
    ("2.4in", "the heating, and", "to present it"),  # a comma, and a lower-case word
    ("1.9in", "After a long debate the chairman asked", "the treasurer"),  # the paragraph's first row alone
])
def test_a_paragraph_cut_at_a_columns_foot_over_its_footnotes_goes_on_at_the_next_columns_top(tmp_path, height,
                                                                                              foot, top):
    # the footnote under the paragraph at the left column's foot made the paragraph no column's last text, and it
    # was two ("... including the fur-" | note | "niture, the lighting ..."; ltubguid's, sample-acmtog's and
    # apssamp's pages); the note stays a paragraph of its own, after the paragraph it stood under
    data = compiled(tmp_path, _two_columns(height, _NOTED_BODY))
    left, right = _column_blocks(data)
    assert _line_of(left[-1]).endswith("on the square.") and _last_row(left[-2]).endswith(foot)
    assert _line_of(right[0]).startswith(top)
    sample, *_ = read_pages(data)  # (at 1.9 in, the last paragraph on a second page)
    assert sample.text.split("\n\n")[:3] == [_NOTED[0].replace("library to", "library<sup>1</sup> to"),
                                               _NOTED[1], "<sup>1</sup>The old library stands on the square."]


_NOTED = [  # three paragraphs, a footnote (`_NOTE`) after "library" in the first
    "The committee met on a cold morning in the old library to discuss the proposal for a new reading room on the "
    "second floor of the building.",
    "After a long debate the chairman asked the treasurer to prepare a detailed estimate of the expenses, including "
    "the furniture, the lighting and the heating, and to present it at the next meeting together with a list of "
    "possible donors from the surrounding villages.",
    "The meeting closed shortly before noon."]
_NOTE = r"\footnote{The old library stands on the square.}"
_NOTED_BODY = "\n\n".join(_NOTED).replace("library to", "library" + _NOTE + " to")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_paragraph_ending_at_a_columns_foot_over_its_footnotes_stays_apart_from_the_next_columns_top(tmp_path):
    # with parskip no paragraph's first line is set in: the sentence's end at the foot, over the note, ends it
    data = compiled(tmp_path, _two_columns("1.75in", _NOTED_BODY, r"\usepackage{parskip}"))
    left, right = _column_blocks(data)
    assert _last_row(left[-2]) == "the building." and _line_of(right[0]).startswith("After a long debate")
    sample, *_ = read_pages(data)
    paragraphs = sample.text.split("\n\n")
    assert paragraphs[:2] == [_NOTED[0].replace("library to", "library<sup>1</sup> to"),
                              "<sup>1</sup>The old library stands on the square."]
    assert paragraphs[2].startswith("After a long debate") and len(paragraphs) == 3


_ITEMS = [  # a paragraph, a numbered list of three items and a paragraph after it
    "The committee met on a cold morning in the old library to discuss the proposal for a new reading room.",
    "1. The treasurer prepares a detailed estimate of the expenses, including the furniture, the lighting and the "
    "heating, and presents it at the next meeting together with a list of possible donors.",
    "2. The secretary writes to the regional council about a grant for the new room and the lamps.",
    "3. The librarian counts the visitors every day for a month.",
    "The meeting closed shortly before noon."]


def _item_list() -> str:
    """`_ITEMS` as LaTeX: the items in an enumerate."""
    items = "".join(r"\item " + item.split(". ", 1)[1] + "\n" for item in _ITEMS[1:4])
    return _ITEMS[0] + "\n" r"\begin{enumerate}" "\n" + items + r"\end{enumerate}" "\n" + _ITEMS[4]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("height, foot, top", [
    ("1.9in", "the lighting and the heat-", "ing, and presents"),  # a word hyphenated over the columns
    ("2.0in", "presents it at the next meet-", "ing together"),
    ("2.3in", "with a list of possible", "donors."),  # one word, all the rest
    ("2.45in", "donors.", None),  # the item ends at the foot: a new item at the top stays one
])
def test_a_list_item_a_columns_foot_cuts_goes_on_at_the_next_columns_top(tmp_path, height, foot, top):
    # the item's rest at the right column's top, set in to the item's text, was a paragraph of its own
    # ("1. The treasurer ... heat-" | "ing, and presents it ...")
    data = compiled(tmp_path, _two_columns(height, _item_list()))
    left, right = _column_blocks(data)
    assert _last_row(left[-1]).endswith(foot) and _line_of(right[0]).startswith(top or "2. The secretary")
    sample, *_ = read_pages(data)  # (at 1.9 and 2.0 in, the list's end on a second page)
    paragraphs = sample.text.split("\n\n")
    assert paragraphs[:3] == _ITEMS[:3] and (paragraphs == _ITEMS if height > "2.2in" else True)


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("height, env", [("1.5in", "enumerate"), ("1.6in", "enumerate"), ("1.5in", "itemize")])
def test_a_list_items_marker_row_alone_at_a_columns_foot_goes_on_at_the_next_columns_top(tmp_path, height, env):
    # the item's first row, its marker's, is all the left column's foot holds of it: no row under the marker to
    # show the item's indent, and the item was two paragraphs ("1. The treasurer prepares a detailed es-" |
    # "timate of the expenses, ..."); its text right of the marker shows where its rows stand. (itemize's marker
    # a dash: pdfLaTeX's bullet names no character)
    items = "".join(r"\item " + item.split(". ", 1)[1] + "\n" for item in _ITEMS[1:4])
    body = _ITEMS[0] + "\n" rf"\begin{{{env}}}" "\n" + items + rf"\end{{{env}}}" "\n" + _ITEMS[4]
    data = compiled(tmp_path, _two_columns(height, body, r"\renewcommand{\labelitemi}{--}"))
    left, right = _column_blocks(data)
    marker = "1." if env == "enumerate" else "\u2013"
    assert _last_row(left[-1]) == marker + " The treasurer prepares a detailed es-"
    assert _line_of(right[0]).startswith("timate of the expenses")
    sample, *_ = read_pages(data)  # (the item's last word, "donors.", on a second page)
    item = _ITEMS[1].removesuffix(" donors.")
    assert sample.text.split("\n\n") == [_ITEMS[0], item if env == "enumerate" else "- " + item.split(" ", 1)[1]]


_SPACED = r"""\documentclass{article}
\usepackage{setspace}
SPACING
\pagestyle{empty}
\hyphenpenalty=10000 \exhyphenpenalty=10000 \sloppy
\begin{document}
\section*{Results}
The committee met on a cold morning in the old library to discuss the proposal for a new reading room. Several
members argued that the cost would be too high for the small town. Others pointed out that the number of visitors
had doubled over the past three years. Most of them were students preparing for their examinations.

After a long debate the chairman asked the treasurer to prepare an estimate of the expenses. The secretary agreed
to write to the regional council about a grant. The librarian promised to count the visitors every day.
\begin{itemize}
\item The furniture.
\item The lighting.
\end{itemize}
\begin{quote}
Reading rooms are where a town keeps its memory. Their cost is paid back many times by those who learn in them.
We should build it.
\end{quote}
The meeting closed shortly before noon.
\end{document}
"""


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("spacing", [r"\doublespacing", r"\onehalfspacing", r"\setstretch{2.5}"])
@pytest.mark.parametrize("font", FONTS + [MICROTYPE])
def test_a_double_spaced_pages_paragraphs_are_paragraphs_not_a_paragraph_a_line(tmp_path, spacing, font):
    # a manuscript set double-spaced (setspace; acmart's manuscript, elsarticle's review): MuPDF makes each line a
    # block, and each line was written as a paragraph, a line starting with a capital after a full one too ("...
    # in the old library to discuss the proposal for a new reading room. Several" | "members argued ..."); the
    # list's items, the quotation set in on both sides and the one-line paragraph stay their own. In Times the
    # quotation is two rows, one ending at its edge: the next row's first word fit before the column's edge, and
    # the quotation was cut in two ("... Their cost is paid back" | "many times by those ..."). With microtype MuPDF
    # kept the first paragraph's rows in one block (each row in its own text matrix): those rows, a pitch apart,
    # were counted as rows set single, the page was no page set spaced, and the list's items and the quotation's
    # rows were paragraphs of their own
    [page] = read_pages(compiled(tmp_path, in_font(_SPACED.replace("SPACING", spacing), font)))
    paragraphs = [" ".join(p.split()) for p in
                  _SPACED.split(r"\section*{Results}")[1].split(r"\begin{itemize}")[0].strip().split("\n\n")]
    assert page.text.split("\n\n") == ["## Results", *paragraphs, "- The furniture.\n- The lighting.",
                                       "Reading rooms are where a town keeps its memory. Their cost is paid back "
                                       "many times by those who learn in them. We should build it.",
                                       "The meeting closed shortly before noon."]


_ORCHARD = "the orchard keeps its trees in rows and the rows run down the hill to the river".split()


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("options", ["", "twocolumn"])
def test_a_short_double_spaced_pages_two_row_paragraphs_and_a_full_one_row_one_stay_apart_and_whole(tmp_path,
                                                                                                   options):
    # three paragraphs of two rows and one of a row that fills its measure, double-spaced: every row a block, too
    # few rows running on for the page to count as spaced, and each row was a paragraph; in two columns the
    # full row ran into the next paragraph's set-in first row ("... to the river. Run down ...")
    words = [30, 12, 30, 30]
    paragraphs = [" ".join(_ORCHARD[(i * 5 + j) % len(_ORCHARD)] for j in range(n)).capitalize() + "."
                  for i, n in enumerate(words)]
    source = ("\\documentclass[" + options + "]{article}\n\\usepackage{setspace}\\doublespacing\n"
              "\\pagestyle{empty}\n\\begin{document}\n" + "\n\n".join(paragraphs) + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == paragraphs


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_quoted_verses_lines_under_a_grid_of_phrases_keep_their_breaks(tmp_path):
    # as under a grid of letters, but the cells an inch wide or more, as a column's lines are: the paragraph's lines
    # crossed the table's gaps, taken for gutters, and were left out of the verse's measure, far under the table
    # beside no gutter; measured by itself, the verse was run into one line
    prose = " ".join(_ORCHARD * 4).capitalize() + "."
    grid = "\\\\\n".join(" & ".join(f"Apples of orchard {i}{j}" for j in range(3)) for i in range(3))
    verse = ["The orchard keeps its trees in rows", "and the rows run down the hill to the river,", "and keep."]
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\begin{center}\n"
              "\\begin{tabular}{lll}\n" + grid + "\n\\end{tabular}\n\\end{center}\n" + prose
              + "\n\\begin{quote}\n" + "\\\\\n".join(verse) + "\n\\end{quote}\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n")[-2:] == [prose, "\n".join(verse)]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("preamble,apart", [("\\usepackage{parskip}\n", ""), ("", "\\bigskip\\noindent ")],
                         ids=["parskip", "bigskip"])
def test_a_short_pages_lines_set_apart_single_spaced_stay_apart(tmp_path, preamble, apart):
    # one-line paragraphs set single, a parskip or a bigskip apart: each a block, their steps wide as a double-
    # spaced page's, their ends (no stop) mid-sentence, and no row filling a measure, so that the longest line was
    # the measure and each shorter one broken for width: the first three were run into one paragraph
    lines = ["Apples from the orchard on the hill", "Pears from the orchard by the river", "Plums from the garden",
             "Figs from the south wall", "Dates from the market"]
    source = ("\\documentclass{article}\n" + preamble + "\\pagestyle{empty}\n\\begin{document}\n\\noindent "
              + ("\n\n" + apart).join(lines) + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == lines


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_quoted_verses_lines_under_a_grid_of_letters_keep_their_breaks(tmp_path):
    # babel-greek's manual: a table of single letters, its cells a quad apart, over a paragraph and a verse
    # quoted under it; the gaps between the letters were taken for gutters between columns, the paragraph's
    # lines for lines set across them, and the verse, measured by itself, was run into one line
    prose = " ".join(_ORCHARD * 4).capitalize() + "."
    grid = " & ".join("abcdefghijklm") + " \\\\\n" + " & ".join("nopqrstuvwxyz")
    verse = ["The orchard keeps its trees in rows", "and the rows run down the hill to the river,", "and keep."]
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\begin{center}\n"
              "\\begin{tabular}{" + "c" * 13 + "}\n" + grid + "\n\\end{tabular}\n\\end{center}\n" + prose
              + "\n\\begin{quote}\n" + "\\\\\n".join(verse) + "\n\\end{quote}\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n")[-2:] == [prose, "\n".join(verse)]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_wrapped_cell_of_a_narrow_table_column_beside_another_keeps_no_break(tmp_path):
    # a tabular of two p-columns, each cell wrapped by TeX, between paragraphs across the page: the paragraphs'
    # lines cross the gap between the cells; left of the second column's cells they were left out of where its
    # lines start (so that the cell's two rows started at its column's edge) but kept in where they end (the
    # page's right edge), and the cell's first row seemed broken by its author: "... its trees\nin rows ..."
    cells = [" ".join(_ORCHARD[(i * 5 + j) % len(_ORCHARD)] for j in range(14)).capitalize() + "." for i in range(6)]
    prose = [" ".join(_ORCHARD[(i * 5 + j) % len(_ORCHARD)] for j in range(60)).capitalize() + "." for i in range(2)]
    rows = "\\\\[1ex]\n".join(cells[i] + " & " + cells[i + 3] for i in range(3))
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + prose[0] + "\n\n\\noindent"
              "\\begin{tabular}{p{0.45\\textwidth}p{0.45\\textwidth}}\n" + rows + "\n\\end{tabular}\n\n" + prose[1]
              + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert cells[3] in page.text.split("\n\n")


_PARSKIP = r"""\documentclass{article}
\usepackage{parskip}
\setlength{\parskip}{0.6\baselineskip}
\pagestyle{empty}
\hyphenpenalty=10000 \exhyphenpenalty=10000 \sloppy
\begin{document}
The committee met on a cold morning in the old library to discuss the proposal for a new reading room. Several
members argued that the cost would be too high for the small town, while others pointed out that the number of
visitors had doubled.

{\parfillskip=0pt Options that apply to every command described in this chapter and the next\par}

{\parfillskip=0pt Variables that the scripts read from the environment before they start\par}

{\parfillskip=0pt Settings that the administrator may change while the service keeps running\par}

{\parfillskip=0pt Files that the package installs under the directory of its configuration\par}

{\parfillskip=0pt Messages that the daemon writes to the system log when it starts or stops\par}

After a long debate the chairman asked the treasurer to prepare an estimate of the expenses. The secretary agreed
to write to the regional council about a grant, and the librarian promised to count the visitors every day for a
month.
\end{document}
"""


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_one_line_paragraphs_set_apart_on_a_page_set_single_stay_paragraphs(tmp_path):
    # a page set single whose paragraphs are set apart by a little space (texinfo's, Debian Reference's): one-line
    # paragraphs a pitch apart, each running to the edge and stopping on a word, look like a double-spaced page's
    # lines; its paragraphs of several rows, in a block each, say it is set single
    [page] = read_pages(compiled(tmp_path, _PARSKIP))
    body = _PARSKIP.split(r"\begin{document}")[1].split(r"\end{document}")[0]
    expected = [" ".join(p.replace(r"{\parfillskip=0pt ", "").replace(r"\par}", "").split())
                for p in body.strip().split("\n\n")]
    assert page.text.split("\n\n") == expected



@pytest.mark.skipif(find_pdflatex() is None or not _has_class("mnras"), reason="pdfLaTeX or mnras is not installed")
def test_a_contents_list_without_page_numbers_keeps_its_entries_apart(tmp_path):
    # mnras' contents: a number and a title a row, two pieces of one row to MuPDF, no page numbers; its guide's
    # entries were run together where a subsection's followed ("5 Title page 5.1 Title", "5.2 Authors and
    # institutions 6 Sections and lists 6.1 Sections")
    source = r"""\documentclass{mnras}
\title{A guide to the class}
\author{A. N. Author}
\begin{document}
\maketitle
\tableofcontents
\section{Introduction}
The journal encourages authors to prepare their papers with this class.
\section{Class options}
\section{Title page}
\subsection{Title}
\subsection{Authors and institutions}
\section{Sections and lists}
\subsection{Sections}
\subsection{Lists}
\section{Mathematics and symbols}
\end{document}
"""
    compiled(tmp_path, source)  # the first run writes the contents, the second prints them
    pages = [r.text for r in read_pages(compiled(tmp_path, source))]
    contents = next(text for text in pages if "**CONTENTS**" in text).split("**CONTENTS**\n\n")[1].split("\n\n")
    assert contents[:9] == ["1 Introduction", "2 Class options", "3 Title page", "3.1 Title",
                            "3.2 Authors and institutions", "4 Sections and lists", "4.1 Sections", "4.2 Lists",
                            "5 Mathematics and symbols"]



@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("gap", ["4pt", "12pt plus 2pt minus 2pt"])
def test_figures_stacked_close_with_their_captions_above_each_keep_their_own(tmp_path, gap):
    # third blind hunt, F10 (after UW-COSMOS/Cosmos #103): two figures 4 points apart, captions above them
    # (caption's position=above): "Figure 2" sits 8 points under the first figure, and the caption below an image
    # was taken first: the apples got the pears' caption, the pears kept it too, and the apples' stood as text
    # (`interleaved.captions_of`: the side the page's other captions are on)
    import io

    from PIL import Image

    from shards.sample import Sample

    for name, colour in (("apples", (200, 30, 30)), ("pears", (30, 160, 30))):
        image = Image.new("RGB", (320, 120), colour)
        image.paste((250, 250, 250), (40 + 60 * (name == "pears"), 30, 140, 90))  # (a blank image is no figure)
        image.save(tmp_path / f"{name}.png")
    figure = ("\\begin{{figure}}[h]\\centering\\caption{{A crate of {0} from the {1} orchard.}}"
              "\\includegraphics[width=0.7\\textwidth]{{{0}}}\\end{{figure}}")
    data = compiled(tmp_path, (
        "\\documentclass{article}\\usepackage{graphicx}\\usepackage[font=normalsize]{caption}"
        f"\\captionsetup{{position=above}}\\setlength{{\\floatsep}}{{{gap}}}\\setlength{{\\intextsep}}{{{gap}}}"
        "\\begin{document}\\section{Orchard survey}We counted the fruit of two orchards in the autumn and "
        "photographed a crate from each one.\n\n" + figure.format("apples", "northern") + "\n"
        + figure.format("pears", "southern") + "\n\nBoth crates held eight pieces of fruit.\\end{document}"))
    [part] = [r for r in read_document(data, "mem://f.pdf", DocumentOptions(pages_per_task=0))
              if isinstance(r, Sample) and r.kind == "interleaved"]
    assert [s.get("text") or f"<image {s['image']}: {s.get('caption')}>" for s in part.segments] == [
        "## 1 Orchard survey", "We counted the fruit of two orchards in the autumn and photographed a crate from "
        "each one.", "<image 0: Figure 1: A crate of apples from the northern orchard.>",
        "<image 1: Figure 2: A crate of pears from the southern orchard.>", "Both crates held eight pieces of fruit."]
    assert [Image.open(io.BytesIO(image)).convert("RGB").getpixel((5, 5)) for image in part.images] == [
        (200, 30, 30), (30, 160, 30)]


@pytest.mark.skipif(find_pdflatex() is None or not _has_class("elsarticle"),
                    reason="pdfLaTeX or elsarticle is not installed")
@pytest.mark.parametrize("options", ["1p,times", "5p,times"])
@pytest.mark.parametrize("font", FONTS + [MICROTYPE])
def test_an_elsarticle_note_mark_a_space_after_its_word_is_the_words_mark(tmp_path, options, font):
    # elsarticle's own test paper writes "small \footnote{...}": its mark stands a word space after the word
    # and the target read "placed at a small 5 distance", a number in the sentence; a mark after a line break
    # in the source is spaced too, and one against its word was already the word's. With mathptmx's Times (5p)
    # the paragraph's last row, "settled the rest.", stood apart: the mark raised the row over it. With microtype
    # the paragraph's rows were 9.91 and 9.96 points (font expansion), each size less text than the notes' 7.97:
    # the notes' size was taken for the body's, and the author and the paragraph were written as headings
    pages = read_pages(compiled(tmp_path, in_font(r"""\documentclass[%s]{elsarticle}
\def\today{May 4, 2024}
\begin{document}
\begin{frontmatter}
\title{A study of notes}
\author{Ann Author}
\end{frontmatter}
The corpus was collected in 2019 \footnote{The collection ran for six months.} from public sources.
The agreement between the readers was high
\footnote{Cohen's kappa was 0.81.}
and a third reader\footnote{A linguist.} settled the rest.
\end{document}
""" % options, font)))
    assert [page.text for page in pages] == [
        "## A study of notes\n\nAnn Author\n\nThe corpus was collected in 2019<sup>1</sup> from public sources. The "
        "agreement between the readers was high<sup>2</sup> and a third reader<sup>3</sup> settled the rest.\n\n"
        "<sup>1</sup>The collection ran for six months.\n\n<sup>2</sup>Cohen’s kappa was 0.81.\n\n"
        "<sup>3</sup>A linguist.\n\nPreprint submitted to Elsevier May 4, 2024"]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_raised_symbol_a_space_after_punctuation_stays_where_it_stands(tmp_path):
    # a raised mark a word space after a word is that word's note mark, but memoir's manual starts a remark with
    # one after a full stop ("phrases. * marks macros") and JACoW's lists the symbols ("\S, \P as generated"):
    # "phrases.<sup>*</sup>" and "\S,<sup>\P</sup>" would tie them to the words before
    pages = read_pages(compiled(tmp_path, r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{textcomp,mathptmx}
\pagestyle{empty}
\begin{document}
Some defined words and phrases. \textsuperscript{*} marks macros under language control.
The marks run \textsuperscript{*}, \textsuperscript{\textdagger}, \textsuperscript{\textsection},
\textsuperscript{\textparagraph} in turn.
\end{document}
"""))
    assert [page.text for page in pages] == [
        "Some defined words and phrases. * marks macros under language control. The marks run *, †, §, ¶ in turn."]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_reference_that_is_a_url_alone_broken_over_two_rows_is_one_url(tmp_path):
    # (found checking `fixed_pitch` on JACoW's template, newtxtt) a reference that is a \url alone, broken
    # over two rows: the hanging indent starts a block of the rest, all typewriter, and it was fenced as a
    # listing: "[2] https://woodward.library.ubc.ca/" over "```\nresearchhelp/journal-abbreviations/\n```"
    url = "https://woodward.library.ubc.ca/researchhelp/journal-abbreviations/"
    [sample] = read_pages(compiled(tmp_path, (
        "\\documentclass[twocolumn]{article}\\usepackage{url}\\pagestyle{empty}\\begin{document}"
        "Some text of the paper about abbreviations in references.\\begin{thebibliography}{9}"
        f"\\bibitem{{a}} \\url{{{url}}}\\bibitem{{b}} J. Smith, ``A title of a paper,'' \\url{{{url}}}"
        "\\end{thebibliography}\\end{document}")))
    assert sample.text == ("Some text of the paper about abbreviations in references.\n\n## References\n\n"
                           f"[1] {url}\n\n[2] J. Smith, \u201cA title of a paper,\u201d {url}")


_SILOS = r"""\begin{document}
\section{Introduction}
Grain silos hold the harvest through the winter months, and every farm in the valley keeps at least two of them.
The older silos are made of timber, the newer ones of corrugated steel, and both are checked for damp every week
by the cooperative's inspector.
\subsection{Ledgers}
The inspector records the moisture of each silo in a ledger that the cooperative publishes at the end of the
season. A silo whose grain holds more than fourteen percent of water is emptied and its grain dried before it
spoils.
\begin{itemize}
\item Timber silos are checked on Mondays.
\item Steel silos are checked on Thursdays, after the morning delivery of the feed.
\end{itemize}
\newpage
\section{Method}
We measured the moisture of forty silos over three winters, taking samples at three heights in each silo once a
week, and compared the readings with the inspector's ledger. The readings agreed with the ledger in all but
three silos, whose sensors had failed.
\end{document}
"""
_SILO_COLUMNS = [
    "1 Introduction",
    "Grain silos hold the harvest through the winter months, and every farm in the valley keeps at least two of "
    "them. The older silos are made of timber, the newer ones of corrugated steel, and both are checked for damp "
    "every week by the cooperative’s inspector.",
    "1.1 Ledgers",
    "The inspector records the moisture of each silo in a ledger that the cooperative publishes at the end of the "
    "season. A silo whose grain holds more than fourteen percent of water is emptied and its grain dried before it "
    "spoils.",
    "- Timber silos are checked on Mondays.\n- Steel silos are checked on Thursdays, after the morning delivery of "
    "the feed.",
    "2 Method",
    "We measured the moisture of forty silos over three winters, taking samples at three heights in each silo once a "
    "week, and compared the readings with the inspector’s ledger. The readings agreed with the ledger in all but "
    "three silos, whose sensors had failed."]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("layout", ["onecolumn", "twocolumn", "switch"])
def test_lineno_numbers_beside_each_column_are_dropped_and_the_columns_read_in_turn(tmp_path, layout):
    """LaTeX's lineno, as review copies load it: the number of a heading's row left its number a paragraph of its
    own ("1", then "## Introduction"); in two columns, the second column's numbers stand in the gutter, where a
    heading's block holding one of them made "## 18 2 Method", and the columns were read a row from each in turn.
    With ``[switch]`` the first column's numbers stand in the gutter, the 5 pt "1" over the second column's 14 pt
    section number: it was attached to it as a script ("## 21 Method")."""
    options = "[switch]" if layout == "switch" else ""
    source = ("\\documentclass[" + ("onecolumn" if layout == "onecolumn" else "twocolumn") + "]{article}\n"
              "\\usepackage" + options + "{lineno}\n\\linenumbers\n" + _SILOS)
    [page] = read_pages(compiled(tmp_path, source.replace("\\newpage\n", "" if layout == "onecolumn" else "\\newpage\n")))
    assert page.text.split("\n\n") == ["## " + _SILO_COLUMNS[0], _SILO_COLUMNS[1], "### " + _SILO_COLUMNS[2],
                                       *_SILO_COLUMNS[3:5], "## " + _SILO_COLUMNS[5], _SILO_COLUMNS[6]]


@pytest.mark.skipif(find_pdflatex() is None or not _has_class("acmart"), reason="pdfLaTeX or acmart is missing")
def test_acmart_two_short_columns_under_a_centred_affiliation_are_read_a_column_at_a_time(tmp_path):
    """acmart's sigconf, a page whose columns are short: the affiliation's last line, centred just above the
    first column's heading, was taken for a heading beside it, the first column's paragraph for one set across
    the columns, and the columns under it were read a row from each in turn ("1 INTRODUCTION", "2 METHOD", then
    both paragraphs)."""
    source = ("\\documentclass[sigconf]{acmart}\n\\settopmatter{printacmref=false}\n\\setcopyright{none}\n"
              + _SILOS.replace("\\begin{document}\n", "\\begin{document}\n\\title{Moisture in Grain Silos}\n"
                               "\\author{Ann Example}\n\\affiliation{\\institution{Valley Cooperative}\\city{Lund}"
                               "\\country{Sweden}}\n\\maketitle\n"))
    [page] = read_pages(compiled(tmp_path, source))
    paragraphs = page.text.split("\n\n")
    assert paragraphs[:4] == ["# Moisture in Grain Silos", "### Ann Example", "Valley Cooperative", "Lund, Sweden"]
    assert paragraphs[4:9] == ["### 1 INTRODUCTION", *_SILO_COLUMNS[1:2], "### 1.1 Ledgers", *_SILO_COLUMNS[3:5]]
    assert paragraphs[-2:] == ["### 2 METHOD", _SILO_COLUMNS[6]]


_AUTHORS = [("Ann Example", "Valley Cooperative", "Lund", "Sweden", "ann@valley.example"),
            ("Bo Person", "Grain Institute", "Uppsala", "Sweden", "bo@grain.example"),
            ("Cy Writer", "Silo Works", "Malmo", "Sweden", "cy@silo.example"),
            ("Di Reader", "Farm Lab", "Oslo", "Norway", "di@farm.example"),
            ("Ed Maker", "Mill Group", "Bergen", "Norway", "ed@mill.example")]


@pytest.mark.skipif(find_pdflatex() is None or not _has_class("acmart"), reason="pdfLaTeX or acmart is missing")
@pytest.mark.parametrize("count", [2, 3, 4, 5])
def test_acmarts_grid_of_authors_is_read_an_author_at_a_time_before_the_columns(tmp_path, count):
    """acmart's sigconf with two authors or more sets them in a grid, each centred in a share of the page, over the
    columns: the left-hand authors were read with the first column ("Cy Writer" before "1 INTRODUCTION") and the
    right-hand ones after it, Bo's whole cell one heading ("### Bo Person Grain Institute Uppsala, ..."); with
    three, the middle one over the gutter made the first column's paragraph one across the columns, and the
    columns were read a row from each in turn."""
    authors = "".join(f"\\author{{{name}}}\n\\affiliation{{\\institution{{{place}}}\\city{{{city}}}"
                      f"\\country{{{country}}}}}\n\\email{{{mail}}}\n"
                      for name, place, city, country, mail in _AUTHORS[:count])
    source = ("\\documentclass[sigconf]{acmart}\n\\settopmatter{printacmref=false}\n\\setcopyright{none}\n"
              + _SILOS.replace("\\begin{document}\n", "\\begin{document}\n\\title{Moisture in Grain Silos}\n" + authors
                               + "\\maketitle\n"))
    [page] = read_pages(compiled(tmp_path, source))
    paragraphs = page.text.split("\n\n")
    # Ann's cell is two blocks to MuPDF; a cell's lines are its fields, a line each (`centred_grid.line_a_field`)
    assert paragraphs[:2 * count + 3] == ["# Moisture in Grain Silos", "### Ann Example", "Valley Cooperative",
                                          "Lund, Sweden\nann@valley.example"] + [
        part for name, place, city, country, mail in _AUTHORS[1:count]
        for part in ("### " + name, f"{place}\n{city}, {country}\n{mail}")] + ["### 1 INTRODUCTION"]
    assert paragraphs[2 * count + 3] == _SILO_COLUMNS[1] and paragraphs[-2:] == ["### 2 METHOD", _SILO_COLUMNS[6]]


@pytest.mark.skipif(find_pdflatex() is None or not _has_class("IEEEtran"), reason="pdfLaTeX or IEEEtran is missing")
def test_ieee_author_blocks_are_read_an_author_at_a_time_a_line_a_field(tmp_path):
    """IEEEtran's conference authors, four side by side (\\IEEEauthorblockN, \\IEEEauthorblockA): a cell's lines,
    name, institution, city and e-mail, were joined as a paragraph's ("Bo Person Grain Institute Uppsala, Sweden
    bo@grain.example")."""
    authors = "\\author{" + " \\and ".join(f"\\IEEEauthorblockN{{{name}}}\n\\IEEEauthorblockA{{{place}\\\\{city}, "
                                          f"{country}\\\\{mail}}}" for name, place, city, country, mail
                                          in _AUTHORS[:4]) + "}\n"
    source = "\\documentclass[conference]{IEEEtran}\n" + _SILOS.replace(
        "\\begin{document}\n", "\\begin{document}\n\\title{Moisture in Grain Silos}\n" + authors + "\\maketitle\n")
    [page] = read_pages(compiled(tmp_path, source))
    # Ann's and Di's cells are two blocks each to MuPDF (Di's name a block of its own)
    assert page.text.split("\n\n")[:8] == [
        "# Moisture in Grain Silos", "Ann Example\nValley Cooperative", "Lund, Sweden\nann@valley.example",
        "Bo Person\nGrain Institute\nUppsala, Sweden\nbo@grain.example",
        "Cy Writer\nSilo Works\nMalmo, Sweden\ncy@silo.example", "Di Reader", "Farm Lab\nOslo, Norway\ndi@farm.example",
        "I. INTRODUCTION"]


@pytest.mark.skipif(find_pdflatex() is None or not _has_class("IEEEtran"), reason="pdfLaTeX or IEEEtran is missing")
def test_an_affiliations_superscript_mark_in_an_author_grid_keeps_its_tag(tmp_path):
    """A cell's lines written a line a field took each line's plain glyphs: an affiliation marked
    ``\\textsuperscript{1}`` read "1Grain Institute", its mark glued to the name."""
    authors = "\\author{" + " \\and ".join(
        f"\\IEEEauthorblockN{{{name}\\textsuperscript{{{n}}}}}\n"
        f"\\IEEEauthorblockA{{\\textsuperscript{{{n}}}{place}\\\\{city}, {country}\\\\{mail}}}"
        for n, (name, place, city, country, mail) in enumerate(_AUTHORS[1:4], 1)) + "}\n"
    source = "\\documentclass[conference]{IEEEtran}\n" + _SILOS.replace(
        "\\begin{document}\n", "\\begin{document}\n\\title{Moisture in Grain Silos}\n" + authors + "\\maketitle\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n")[:8] == [
        "# Moisture in Grain Silos", "Bo Person<sup>1</sup>",
        "<sup>1</sup>Grain Institute\nUppsala, Sweden\nbo@grain.example",
        "Cy Writer<sup>2</sup>", "<sup>2</sup>Silo Works\nMalmo, Sweden\ncy@silo.example",
        "Di Reader<sup>3</sup>", "<sup>3</sup>Farm Lab\nOslo, Norway\ndi@farm.example", "I. INTRODUCTION"]


@pytest.mark.skipif(find_pdflatex() is None or not _has_class("acmart"), reason="pdfLaTeX or acmart is missing")
def test_acmart_review_copys_folio_under_the_first_columns_footnote_is_dropped(tmp_path):
    """acmart's review option numbers the lines in both margins and prints the folio, centred, 5 points under the
    first column's footnote (less than its own 7-point height): "1" stayed, the first column's last paragraph."""
    source = ("\\documentclass[sigconf,review]{acmart}\n\\settopmatter{printacmref=false}\n\\setcopyright{none}\n"
              + _SILOS.replace("\\begin{document}\n", "\\begin{document}\n\\title{Moisture in Grain Silos}\n"
                               "\\author{Ann Example}\n\\affiliation{\\institution{Valley Cooperative}\\city{Lund}"
                               "\\country{Sweden}}\n\\maketitle\n"))
    [page] = read_pages(compiled(tmp_path, source))
    paragraphs = page.text.split("\n\n")
    assert paragraphs[-3].startswith("Conference’17") and paragraphs[-2:] == ["### 2 METHOD", _SILO_COLUMNS[6]]
    assert not any(paragraph.isdigit() for paragraph in paragraphs)


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_an_answer_centred_under_its_question_at_the_foot_of_a_low_margin_page_stays(tmp_path):
    """A bare number centred under the text right over it, in the bottom margin band (a 1.5 cm margin, no folio),
    is the question's answer: the half-height gap that drops acmart's folio beside a column's foot dropped it."""
    question = ("Grain silos hold the harvest through the winter months, and every farm in the valley keeps at least"
                " two of them. How many silos do the three farms of the valley keep at the least, if each keeps the"
                " two it must and one more?")
    source = ("\\documentclass{article}\n\\usepackage[margin=2cm,bottom=1.5cm]{geometry}\n\\pagestyle{empty}\n"
              "\\begin{document}\n\\section{Exercises}\n\\vspace*{\\fill}\n" + question
              + "\n\\begin{center}\n9\n\\end{center}\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["## 1 Exercises", question, "9"]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_centred_displays_atop_two_columns_stay_each_in_its_column(tmp_path):
    """A display of centred lines of different widths at the top of each column is centred on its column's axis,
    as no author grid is: each stays with its column's text (`centred_grid._displayed`)."""
    body = _SILOS.replace("\\section{Introduction}\n", "\\begin{gather*}\nx = a + b + c + d\\\\\ny = 2\n"
                          "\\end{gather*}\n\\section{Introduction}\n").replace(
        "\\newpage\n", "\\newpage\n\\begin{gather*}\nu = a + b + c + d\\\\\nv = 3\n\\end{gather*}\n")
    [page] = read_pages(compiled(tmp_path, "\\documentclass[twocolumn]{article}\n\\usepackage{amsmath}\n" + body))
    paragraphs = page.text.split("\n\n")
    assert paragraphs[:4] == ["x = a + b + c + d", "y = 2", "## 1 Introduction", _SILO_COLUMNS[1]]
    assert paragraphs[-4:] == ["u = a + b + c + d", "v = 3", "## 2 Method", _SILO_COLUMNS[6]]
    assert paragraphs.index("u = a + b + c + d") > paragraphs.index("### 1.1 Ledgers")


# two columns' paragraphs, each ending in a centred display
_BEFORE_DISPLAYS = (
    "Grain silos hold the harvest through the winter months, and every farm in the valley keeps at least two of them."
    " The older silos are made of timber, the newer ones of corrugated steel, and both are checked for damp every week"
    " by the cooperative's inspector. The moisture of a silo is the ratio",
    "We measured the moisture of forty silos over three winters, taking samples at three heights in each silo once a"
    " week, and compared the readings with the inspector's ledger. The readings agreed with the ledger in all but three"
    " silos, whose sensors had failed, and the mean of the readings of the other silos was eleven percent. The total"
    " weight of grain is")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_centred_displays_ending_two_columns_side_by_side_stay_each_in_its_column(tmp_path):
    """Two columns that end on a centred display each, side by side, have nothing under the displays to show
    they are centred on their columns: they were read as a grid after both columns, the first column's display
    after the second column's text. The paragraph above each shares its axis (`centred_grid._displayed`)."""
    first, second = _BEFORE_DISPLAYS
    source = ("\\documentclass[twocolumn]{article}\n\\begin{document}\n\\section{Introduction}\n" + first
              + "\n\\begin{center}\nthe weight of its water\\\\\nover the weight of its grain\n\\end{center}\n"
              "\\newpage\n\\noindent " + second
              + "\n\\begin{center}\nforty tons a silo\\\\\nin the wettest winter\n\\end{center}\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["## 1 Introduction", first.replace("'", "’"),
                                        "the weight of its water over the weight of its grain",
                                        second.replace("'", "’"), "forty tons a silo in the wettest winter"]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_centred_displays_side_by_side_inside_ragged_columns_stay_each_in_its_column(tmp_path):
    """Ragged-right columns with a centred display each, side by side, a line of text under each: no line shares
    the displays' axes, and the two were read as a grid between the columns' tops and their feet ("which the
    inspector writes..." last). A column's paragraph right over each is no top of a band
    (`centred_grid._in_columns`)."""
    first, second = _BEFORE_DISPLAYS
    source = ("\\documentclass[twocolumn]{article}\n\\begin{document}\n\\raggedright\n\\section{Introduction}\n"
              + first + "\n\\begin{center}\nthe weight of its water\\\\\nover the weight of its grain\n\\end{center}\n"
              "which the inspector writes in his ledger.\n\\newpage\n\\noindent " + second
              + "\n\\begin{center}\nforty tons a silo\\\\\nin the wettest winter\n\\end{center}\nas the ledger shows.\n"
              "\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["## 1 Introduction", first.replace("'", "\u2019"),
                                       "the weight of its water over the weight of its grain",
                                       "which the inspector writes in his ledger.", second.replace("'", "\u2019"),
                                       "forty tons a silo in the wettest winter", "as the ledger shows."]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_letters_two_signatures_side_by_side_are_read_a_signer_at_a_time(tmp_path):
    """Two signatures set side by side, each centred, its closing a blank line over the signer's name and office:
    the names and offices made a grid whose band began under the closings ("Yours sincerely,", "With kind
    regards," then the signers). A closing centred over its cell is a column going on, as no title is."""
    letter = ("Grain silos hold the harvest through the winter months, and every farm in the valley keeps at least"
              " two of them. We ask you to sign the enclosed form and return it to the cooperative's inspector"
              " before the first frost.")
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\noindent " + letter
              + "\n\n\\vspace{3ex}\n\\noindent\\begin{minipage}[t]{0.45\\textwidth}\\centering\nYours sincerely,"
              "\\\\[4ex]\nAnn Example\\\\\nChair of the Board\n\\end{minipage}\\hfill\n"
              "\\begin{minipage}[t]{0.45\\textwidth}\\centering\nWith kind regards,\\\\[4ex]\nBo Person\\\\\n"
              "Treasurer and Secretary\n\\end{minipage}\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [letter.replace("'", "\u2019"), "Yours sincerely,",
                                       "Ann Example Chair of the Board", "With kind regards,", "Bo Person",
                                       "Treasurer and Secretary"]


_IEEE_TABLE = ("\\begin{table}[b]\n\\caption{%s}\n\\centering\n\\begin{tabular}{lr}\n\\hline\nSilo & Moisture \\\\\n"
               "\\hline\n%s & %d \\\\\n%s & %d \\\\\n\\hline\n\\end{tabular}\n\\end{table}\n")


@pytest.mark.skipif(find_pdflatex() is None or not _has_class("IEEEtran"), reason="pdfLaTeX or IEEEtran is missing")
def test_ieee_tables_at_the_foot_of_both_columns_stay_each_in_its_column(tmp_path):
    """IEEEtran centres a table's caption over it, "TABLE I" over its title: two tables set [b] at the foot of the
    columns, side by side, made the captions a grid (nothing under them but the tables), read after both columns'
    text and apart from their tables. The column's paragraph over each caption shares its axis."""
    body = _SILOS.replace("\\subsection{Ledgers}\n", "").replace("\\newpage\n", "\\newpage\n" + _IEEE_TABLE % (
        "Moisture of the steel silos after the storm", "East", 11, "West", 13)).replace(
        "\\section{Introduction}\n", _IEEE_TABLE % ("Moisture of the timber silos", "North", 12, "South", 15)
        + "\\section{Introduction}\n")
    body = body[:body.index("The inspector records")] + body[body.index("\\newpage"):]
    [page] = read_pages(compiled(tmp_path, "\\documentclass[conference]{IEEEtran}\n" + body))
    assert page.text.split("\n\n") == [
        "I. INTRODUCTION", _SILO_COLUMNS[1], "TABLE I", "MOISTURE OF THE TIMBER SILOS",
        "|Silo|Moisture|\n|---|---|\n|North|12|\n|South|15|", "II. METHOD", _SILO_COLUMNS[6], "TABLE II",
        "MOISTURE OF THE STEEL SILOS AFTER THE STORM", "|Silo|Moisture|\n|---|---|\n|East|11|\n|West|13|"]


@pytest.mark.skipif(find_pdflatex() is None or not _has_class("elsarticle"), reason="pdfLaTeX or elsarticle is missing")
def test_every_fifth_line_numbered_in_a_double_spaced_review_copy_is_dropped(tmp_path):
    """elsarticle's review layout (double spacing) with lineno's every fifth number: a number steps over five
    rows 1.8 times as far apart as a line is tall, more than a line's height allows, so "5" and "10" stayed
    in the text ("5 the cooperative's inspector.", a paragraph of its own, and "10 We measured ..."); a list
    item's last row, a block of its own set in to the item's text, was a paragraph ("feed.")."""
    body = _SILOS.split("\\section{Introduction}\n", 1)[1].replace("\\newpage\n", "")
    source = ("\\documentclass[review]{elsarticle}\n\\usepackage{lineno}\n\\modulolinenumbers[5]\n\\begin{document}\n"
              "\\begin{frontmatter}\n\\title{Moisture in Grain Silos}\n\\author{Ann Example}\n\\end{frontmatter}\n"
              "\\linenumbers\n\\section{Introduction}\n" + body)
    [page] = read_pages(compiled(tmp_path, source))
    paragraphs = page.text.split("\n\n")
    start = paragraphs.index("**1. Introduction**")
    # elsarticle's subsection title, italic at the body size, is the run-in heading it shows (it was a paragraph)
    assert paragraphs[start:start + 7] == ["**1. Introduction**", _SILO_COLUMNS[1], "*1.1. Ledgers*",
                                           *_SILO_COLUMNS[3:5], "**2. Method**", _SILO_COLUMNS[6]]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("column", ["l", "p{7cm}"])
def test_a_paragraph_under_a_borderless_table_is_not_joined_to_its_last_row(tmp_path, column):
    """MuPDF groups a borderless table's rows with the paragraph under them: the last row, "colour The colour of the
    rule", and the paragraph were one paragraph (also past a cell that wrapped onto a second line)."""
    rows = [("width", "The width of the box in points"), ("height", "The height of the box in points"),
            ("depth", "The depth below the baseline, which may be negative where the box rises above the baseline"),
            ("colour", "The colour of the rule")]
    after = ("After the table the text goes on with a paragraph that is long enough to wrap over more than one line "
             "of the page here.")
    source = ("\\documentclass{article}\n\\begin{document}\n\\section{Options}\nThe options are these.\n\n"
              f"\\begin{{tabular}}{{l{column}}}\n" + "".join(f"{name} & {text} \\\\\n" for name, text in rows)
              + f"\\end{{tabular}}\n\n{after}\n\\end{{document}}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["## 1 Options", "The options are these.",
                                       *(f"{name} {text}" for name, text in rows), after]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_an_author_cell_set_at_a_headings_size_is_a_heading_a_line_as_its_neighbours(tmp_path):
    """article's \\author sets every line \\large: side by side (\\and), Bo's three lines were one block to MuPDF
    and one run-on heading ("### Bo Person Silo Lab, Lund bo@silo.example"), while Jane's, cut into blocks, were a
    heading a line."""
    source = ("\\documentclass{article}\n\\title{Ledgers That Balance}\n\\author{Jane Doe\\\\ Grain Institute, Uppsala"
              "\\\\ jane@grain.example \\and Bo Person\\\\ Silo Lab, Lund\\\\ bo@silo.example}\n\\date{}\n"
              "\\begin{document}\n\\maketitle\n\\section{Introduction}\n" + _LEDGER + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [
        "## Ledgers That Balance", "### Jane Doe", "### Grain Institute, Uppsala", "### jane@grain.example",
        "### Bo Person\n### Silo Lab, Lund\n### bo@silo.example", "## 1 Introduction", _LEDGER]
    # under a page of one short line the body is the authors' size: their lines are text, a cell's a line a field
    [page] = read_pages(compiled(tmp_path, source.replace(_LEDGER, "The ledger balances.")))
    assert page.text.split("\n\n")[1:5] == ["Jane Doe", "Grain Institute, Uppsala", "jane@grain.example",
                                             "Bo Person\nSilo Lab, Lund\nbo@silo.example"]


_LEDGER = ("Every input is accounted for when the ledger balances, and each reject names its reason so a builder can "
           "see what was lost and why. This paragraph is long enough to fill a few lines of the column on the page.")


STANZAS = [["The orchard keeps its trees in rows,", "And down the hill the river goes;",
            "The apples fall where no one knows,", "And still the quiet water flows."],
           ["The pears are ripe upon the wall,", "The plums are purple, sweet and small;",
            "And when the autumn comes to call,", "The leaves will gather, one and all."]]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("options", ["", "twocolumn"])
def test_a_centred_poem_is_written_a_line_a_row_a_stanza_a_paragraph(tmp_path, options):
    # two stanzas in LaTeX's center environment between paragraphs: MuPDF cut each into blocks of a row or two, and
    # a block of two was run into one line ("And down the hill the river goes; The apples fall where no one knows,")
    # between rows that were paragraphs of their own
    lead = "The orchard keeps its trees in rows on the hill above the river, and the rows run down to the water."
    tail = "The rows run down the hill to the river, and the orchard keeps its trees in rows along the bank."
    centre = "".join("\\begin{center}\n" + "\\\\\n".join(stanza) + "\n\\end{center}\n" for stanza in STANZAS)
    data = compiled(tmp_path, "\\documentclass[" + options + "]{article}\n\\pagestyle{empty}\n\\begin{document}\n"
                    + lead + "\n" + centre + tail + "\n\\end{document}\n")
    [page] = read_pages(data)
    assert page.text.split("\n\n") == [lead, *("\n".join(stanza) for stanza in STANZAS), tail]


@pytest.mark.skipif(not _has_class("scrlttr2"), reason="KOMA-Script's scrlttr2 is not installed")
def test_a_letterhead_centred_over_the_recipients_address_is_read_first(tmp_path):
    # scrlttr2's letterhead centred at the page's top (fromalign=center), written a line a row as verse: its rows,
    # centred, were counted a wrapped paragraph, a column of text beside the recipient's address and opening under
    # it, and the letterhead was read after "Dear Madam Chair,"
    body = ("The last general meeting was more than a year ago. I would like to remind you that the articles of our "
            "club stipulate that one should be held every six months.")
    data = compiled(tmp_path, "\\documentclass[fromalign=center,fromphone,version=last]{scrlttr2}\n"
                    "\\begin{document}\n\\setkomavar{fromname}{Joe Public}\n"
                    "\\setkomavar{fromaddress}{2 Valley\\\\ SAMPLEBY\\\\ ZY32 1XW}\n"
                    "\\setkomavar{fromphone}{0 12 34 56 78}\n\\setkomavar{date}{12th October 2022}\n"
                    "\\begin{letter}{Joanna Public\\\\ 1 Hillside\\\\ SAMPLESTEAD\\\\ WX12 3YZ}\n"
                    "\\opening{Dear Madam Chair,}\n" + body + "\n\\closing{Yours sincerely}\n\\end{letter}\n"
                    "\\end{document}\n")
    [page] = read_pages(data)
    assert page.text.split("\n\n") == [
        "Joe Public\n2 Valley\nSAMPLEBY\nZY32 1XW\nPhone: 0 12 34 56 78", "Joe Public, 2 Valley, SAMPLEBY, ZY32 1XW",
        "Joanna Public\n1 Hillside\nSAMPLESTEAD\nWX12 3YZ", "12th October 2022", "Dear Madam Chair,", body,
        "Yours sincerely", "Joe Public"]


_GRAIN = ("Grain silos hold the harvest through the winter months, and every farm in the valley keeps at least two of"
          " them so that the herd is fed until spring returns to the hills and the pasture grows again.")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_title_case_title_wrapped_in_a_minipage_is_one_heading(tmp_path):
    """A \\large title in a centred minipage, every word capitalised, wrapped by TeX over three rows (MuPDF set the
    last row as a block of its own): it was a heading a row ("### Notes On The Storage Of Grain In" over "### Small
    Silos ..." and "### Farms Of The Region"), since no row starts in lower case. Its second row, the widest, and its
    first, narrower yet with no room for "Small", show rows TeX filled."""
    title = "Notes On The Storage Of Grain In Small Silos Across The Northern Valley Farms Of The Region"
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\begin{center}\n"
              "\\begin{minipage}{0.6\\textwidth}\\centering\\large\n" + title + "\n\\end{minipage}\n\\end{center}\n"
              "\\noindent " + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["### " + title, _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_authors_names_set_large_a_name_a_row_are_not_run_into_one_heading(tmp_path):
    """Three authors' names centred at \\Large, a name a row: MuPDF held the last two in one block, which was one
    heading ("## Bo Person Cy Sample", a name no one has). Each row leaves room for the next name: each is a row."""
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\begin{center}\n"
              "{\\Large Ann Example\\\\ Bo Person\\\\ Cy Sample\\par}\n\\end{center}\n\\noindent " + _GRAIN
              + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["## Ann Example", "## Bo Person\n## Cy Sample", _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_authors_names_of_four_words_or_more_set_large_a_name_a_row_are_a_heading_each(tmp_path):
    """Names with particles centred at \\Large, a name a row: the first two were one heading ("## Bo van der Person
    Maria de la Cruz Lopez"), rows of more than three words taken for a title's. Their rows fill their widest as a
    title TeX wrapped in a box might; but each starts and ends with a capital, where a title's breaks fall beside
    its words in lower case ("Keep Their Trees in")."""
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\begin{center}\n"
              "{\\Large Bo van der Person\\\\ Maria de la Cruz Lopez\\\\ Ann Example\\par}\n\\end{center}\n\\noindent "
              + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["## Bo van der Person\n## Maria de la Cruz Lopez", "## Ann Example", _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("rows", [["A Survey of Deep Learning", "Methods for Medical Imaging"],
                                  ["Deep Learning for Medicine:", "A Survey of Methods"],
                                  ["Grain Storage On", "Small Farms"]], ids=["words", "colon", "title-case"])
def test_a_title_its_author_broke_at_a_capital_stays_one_heading(tmp_path, rows):
    """\\title broken with \\\\ beside two capitalised words, set \\LARGE ("##"): a heading a row ("## A Survey of
    Deep Learning" over "## Methods for Medical Imaging") named two titles. A row of a title's words in lower case
    that no name holds ("of", "for": not "van der"), a row ending with a colon, or with a title's small word
    capitalised ("On"), goes on in the next: a name's row does none of these."""
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\title{" + "\\\\ ".join(rows)
              + "}\n\\author{}\n\\date{}\n\\maketitle\n\\noindent " + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["## " + " ".join(rows), _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_centred_list_of_rows_of_one_width_keeps_a_row_a_line(tmp_path):
    """Addresses centred a row each, their widths within half a point of one another: the rows start and end level
    as a justified paragraph's do, and they ran into one line ("Box 12, Oak Lane, Ayton Box 14, ..."). The last row
    is as wide as the rest and the stack stands centred in its column, set in from both edges: no paragraph's."""
    rows = ["Box 12, Oak Lane, Ayton", "Box 14, Oak Lane, Byton", "Box 16, Oak Lane, Cyton", "Box 18, Oak Lane, Dyton"]
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\noindent " + _GRAIN
              + "\n\\begin{center}\n" + "\\\\\n".join(rows) + "\n\\end{center}\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, "\n".join(rows)]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_centred_paragraph_under_a_paragraph_is_its_own_and_stays_whole(tmp_path):
    """A \\centering paragraph of two rows, its first filling the column (flush at both edges), its last centred under
    it, which MuPDF set as a block of its own: the first row ran into the paragraph before ("... the pasture grows
    again. Inspectors come ... into the big") and the last stood apart ("ledger kept ..."). A row that ended a
    sentence with room for the next row's first word ends its paragraph, and a row of prose centred under a full
    row goes on with it."""
    centred = ("Inspectors come once a year. They write the moisture of every silo into the big ledger kept at the"
               " old mill by the river, where anyone may come to read it.")
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + _GRAIN + "\n\n{\\centering "
              + centred + "\\par}\n\n" + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, centred, _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_paragraph_set_flush_after_a_short_last_row_is_a_paragraph_of_its_own(tmp_path):
    """Paragraphs set \\noindent, one under another with no space between: the second ran into the first ("...
    grows again. Grain silos ..."), though the first's last row ends a sentence far short of the column's edge,
    where TeX breaks a justified paragraph's row only at its end; so after one-line paragraphs set in."""
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\noindent " + _GRAIN
              + "\n\n\\noindent " + _GRAIN + "\n\nSilos hold the harvest.\n\nSpring returns to the hills.\n\n"
              "\\noindent " + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, _GRAIN, "Silos hold the harvest.", "Spring returns to the hills.",
                                       _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_one_line_paragraphs_set_in_under_a_heading_are_a_paragraph_each_whatever_they_end_with(tmp_path):
    """One-line paragraphs, each set in by the paragraph indent, none ending a sentence and none reaching the
    column's right edge (they are all the column has under its heading): the last three ran into one ("The herd is
    fed all winter Spring returns to the hills Mills grind the grain"). A paragraph's rows after its first start at
    the column's edge (the heading's), so rows all set in from it are each a paragraph's first."""
    rows = ["Silos hold the harvest", "The herd is fed all winter", "Spring returns to the hills",
            "Mills grind the grain"]
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\section{Notes}\n"
              + "\n\n".join(rows) + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["## 1 Notes", *rows]


_SILO_NOTES = ("Every farm in the valley keeps at least two. So the herd is fed. Spring returns to the hills and"
               " the pasture grows again. Mills grind the grain. Inspectors come once a year to the farms. They"
               " write the moisture of every silo into the big ledger kept at the old mill by the river. Anyone may"
               " come to read it. The ledger is old. Its pages are thin and brown. Farmers trust it more than they"
               " trust the weather. Rain falls often in the spring. Summer is dry and long.")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_paragraph_wrapped_beside_a_figure_is_not_cut_where_a_row_ends_a_sentence(tmp_path):
    """A justified paragraph beside a wrapfigure: its rows beside the figure end at the figure's edge, short of the
    column's, and one ended a sentence ("... the pasture grows again." | "Mills grind the grain. ..."): the paragraph
    was cut there, as if that row were a paragraph's last. That row ends level with the rows around it: TeX filled
    it to a narrower measure, no paragraph ended."""
    text = "Grain silos hold the harvest through the winter months. " + _SILO_NOTES + " " + _SILO_NOTES
    source = ("\\documentclass{article}\n\\usepackage{wrapfig}\n\\pagestyle{empty}\n\\begin{document}\n"
              "\\begin{wrapfigure}{r}{0.4\\textwidth}\n\\rule{0.38\\textwidth}{3cm}\n\\end{wrapfigure}\n"
              + text + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [text]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_one_line_paragraph_set_flush_between_paragraphs_is_its_own(tmp_path):
    """A one-line paragraph set \\noindent between two others: its row and the row above end short at different
    places, neither level with the other as rows beside a figure are, so each ends a paragraph ("... grows again."
    | "Silos hold the harvest." | "Grain silos ...")."""
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\noindent " + _GRAIN
              + "\n\n\\noindent Silos hold the harvest.\n\n\\noindent " + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, "Silos hold the harvest.", _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("rows", [
    ["Ann Example and Bo Person and Cy Sample", "Department of Agricultural Sciences",
     "University of the Northern Valley"],
    ["Ann B. Example, Bo C. Person, Cy D. Sample", "Department Of Agricultural Engineering",
     "Northern Valley University, Ayton"],
], ids=["and_of_the", "commas"])
def test_authors_over_an_affiliation_set_large_are_not_run_into_one_heading(tmp_path, rows):
    """Authors over their department and university, centred at \\large a row each as \\maketitle sets them: every
    row holds four words or more and the narrower second left no room for the third's first word, which read as a
    title TeX wrapped: "### Ann Example and Bo Person and Cy Sample Department of Agricultural Sciences University of
    the Northern Valley" named no one. A title TeX wrapped capitalises every word ("and", "of", "the" are not) and
    seldom holds a comma (an author list and an address do): a heading a row."""
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\begin{center}\n{\\large "
              + "\\\\ ".join(rows) + "\\par}\n\\end{center}\n\\noindent " + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["\n".join("### " + row for row in rows), _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_stanza_set_in_a_twocolumn_page_keeps_its_lines_in_one_paragraph(tmp_path):
    """A verse environment in a twocolumn page stands 2em in (\\leftmargini there), a paragraph indent's width by
    `blocks.PARINDENT`: its four lines, each starting with a capital, became four one-line paragraphs. A paragraph
    indent is 1.5em at most (1em in a twocolumn page); a stanza stays its lines, a row a line."""
    lines = ["The silo stands upon the hill", "And holds the grain of May", "The miller grinds it at his mill",
             "And sends the bread away"]
    source = ("\\documentclass[twocolumn]{article}\n\\pagestyle{empty}\n\\begin{document}\n" + _GRAIN
              + "\n\\begin{verse}\n" + "\\\\\n".join(lines) + "\n\\end{verse}\n" + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, "\n".join(lines), _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_list_set_in_by_the_paragraph_indent_keeps_its_wrapped_rows_in_their_item(tmp_path):
    """Entries set ragged right in by the page's paragraph indent (20pt, as AMSFonts' guide sets its "cm", "eu", "wn"
    entries),
    one of which wraps onto a row starting with a capital ("Northern Valley ..."): the wrapped row was cut off its
    entry as a one-line paragraph of its own. Its row above was broken because that word did not fit; a one-line
    paragraph's row leaves room."""
    items = ["\u201ccm\u201d: These Silos Are Based Directly On The Plans For The Old Mill At Ayton As Described In"
             " Volume E Of The Valley Ledger Kept At The Old Mill By The River.",
             "\u201ceu\u201d: These are members of the Euler family, described below.",
             "\u201cwn\u201d: These Silos Were Built At Or Under The Direction Of The Grain Institute Of The"
             " Northern Valley, And Are Kept With Their Permission."]
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\setlength{\\parindent}{20pt}\n\\begin{document}\n"
              "\\section{Names}\n" + _GRAIN + "\n\\begin{list}{}{\\leftmargin 20pt \\labelwidth 0pt \\itemsep 0pt"
              " \\parsep 0pt \\topsep 0pt}\\raggedright\n"
              + "".join("\\item " + item.replace("\u201c", "``").replace("\u201d", "''") + "\n" for item in items)
              + "\\end{list}\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["## 1 Names", _GRAIN, *items]


def _farm_paragraphs(count: int) -> list[str]:
    """``count`` paragraphs of three to five sentences of farm words, the same on every run (no two alike)."""
    words = ("grain silo herd winter valley river mill ledger harvest spring pasture hill farm inspector moisture roof "
             "door field barn").split()  # 19: a prime, so the words' order does not repeat within a sentence
    paragraphs = []
    for p in range(count):
        sentences = []
        for s in range(3 + p % 3):
            n = 6 + (p * 7 + s * 5) % 9
            sentences.append(" ".join(words[(p * 11 + s * 3 + k * k * 7 + k) % len(words)] for k in range(n))
                             .capitalize() + ".")
        paragraphs.append(" ".join(sentences))
    return paragraphs


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_three_column_multicols_page_of_prose_is_read_column_by_column_as_paragraphs(tmp_path):
    """multicols' three narrow columns of justified prose: their rows, short enough for cells and level across the
    columns, were a pipe table ("|Valley hill roof herd|vest pasture herd hill|..."), each row running across three
    columns' sentences. Rows flush with both edges of two columns are a page's columns of text; and a paragraph
    the column's foot cut at a word's hyphen ("... hills. In-" | "spectors ...") goes on at the next column's top,
    though its foot row holds fewer letters than a wide column's."""
    paragraphs = _farm_paragraphs(8)
    source = ("\\documentclass{article}\n\\usepackage{multicol}\n\\pagestyle{empty}\n\\begin{document}\n"
              "\\begin{multicols}{3}\n" + "\n\n".join(paragraphs) + "\n\\end{multicols}\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == paragraphs


@pytest.mark.skipif(find_pdflatex() is None or not _has_class("beamer"), reason="pdfLaTeX or beamer is not installed")
@pytest.mark.parametrize("theme", ["", "\\usetheme{Madrid}\n"], ids=["default", "madrid"])
def test_a_beamer_blocks_title_is_a_heading_over_its_body(tmp_path, theme):
    """A beamer frame's block, alertblock and exampleblock: each title, 12 points in the theme's colour over the
    block's 10.9-point black text (neither bold nor 15% larger), ran into the body ("Storage of grain Silos keep
    grain dry through the winter."). A first line a point larger than the body and the line under it, in a colour
    of its own, ending no sentence, is a heading."""
    source = ("\\documentclass{beamer}\n" + theme + "\\setbeamertemplate{footline}{}\n\\begin{document}\n"
              "\\begin{frame}{Grain}\n\\begin{block}{Storage of grain}\nSilos keep grain dry through the winter.\n"
              "\\end{block}\n\\begin{alertblock}{Moisture kills}\nWet grain rots in a week.\n\\end{alertblock}\n"
              "\\begin{exampleblock}{A silo}\nThe silo on the hill holds the harvest.\n\\end{exampleblock}\n"
              "\\end{frame}\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["### Grain", "### Storage of grain", "Silos keep grain dry through the winter.",
                                       "### Moisture kills", "Wet grain rots in a week.", "### A silo",
                                       "The silo on the hill holds the harvest."]


@pytest.mark.skipif(find_pdflatex() is None or not _has_class("beamer"), reason="pdfLaTeX or beamer is not installed")
@pytest.mark.parametrize("blocks, expected", [
    ("\\begin{block}{Storage of grain}\nSilos keep grain dry through the winter.\n\\end{block}\n"
     "\\begin{alertblock}{Moisture kills}\nWet grain rots in a week.\n\\end{alertblock}\n",
     ["### Storage of grain", "Silos keep grain dry through the winter.", "### Moisture kills",
      "Wet grain rots in a week."]),
    # each title a block of MuPDF's own, apart from its text
    ("\\begin{block}{Dry bins}\nGrain kept dry keeps through the winter.\n\\end{block}\n"
     "\\begin{block}{Cool bins}\nCool grain keeps longer.\n\\end{block}\n",
     ["### Dry bins", "Grain kept dry keeps through the winter.", "### Cool bins", "Cool grain keeps longer."]),
], ids=["one-block", "own-blocks"])
def test_a_beamer_blocks_title_on_a_band_is_a_heading_over_its_body(tmp_path, blocks, expected):
    """Warsaw's blocks: the title white on a blue band, at the body's size, over black text; it ran into the body
    ("Storage of grain Silos keep grain dry ..."), then was a plain paragraph, where the default and Madrid themes'
    titles are headings. Light text over dark is a title on a band of its own, a heading though at the body's size,
    whether MuPDF held it in its text's block or gave it one of its own."""
    source = ("\\documentclass{beamer}\n\\usetheme{Warsaw}\n\\setbeamertemplate{footline}{}\n\\begin{document}\n"
              "\\begin{frame}{Grain}\n" + blocks + "\\end{frame}\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["### Grain"] + expected


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_quotations_set_flush_right_keep_a_line_a_row(tmp_path):
    """Two quotations stacked in a flushright, each ending level at the column's right edge: they read as one
    paragraph ("To be or not to be. All the world is a stage."), since their room is at their left, where the
    author's breaks were not looked for. Rows set flush right, far in from the column's left edge, each with room
    at its left for the next row's first word, were broken by their author."""
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\begin{flushright}To be or not to be."
              "\\\\\nAll the world is a stage.\\end{flushright}\n\\noindent " + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["To be or not to be.\nAll the world is a stage.", _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_one_liners_ending_no_sentence_stay_apart_from_a_noindent_paragraph_after_them(tmp_path):
    """Two \\noindent one-line paragraphs that end no sentence over a \\noindent paragraph: all three ran into one
    ("... that is the question All the world is a stage and a stage Grain silos ..."). A row stopping short with
    room for the next row's first word, over a paragraph's full first row at its edge, ends its paragraph whatever
    it ends with; the two short rows, each with room, are their author's lines."""
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\noindent To be or not to be, that "
              "is the question\n\n\\noindent All the world is a stage and a stage\n\n\\noindent " + _GRAIN
              + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["To be or not to be, that is the question\nAll the world is a stage and a stage",
                                       _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_two_row_paragraph_wrapped_in_a_set_in_box_stays_one_paragraph(tmp_path):
    """A paragraph TeX wrapped in a \\parbox set in with \\hspace*, two rows each short of the column's edge by more
    than a quarter of its measure: it was its author's lines ("... write the" over "moisture of every silo ..."),
    as "Step two" over "Step three" are. A row of prose whose sentence runs on into the row under it in lower case
    is a box's wrapped row, not a row its author broke."""
    inner = "Inspectors come once a year and write the moisture of every silo into the big ledger."
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + _GRAIN + "\n\n\\noindent"
              "\\hspace*{3em}\\parbox{0.55\\textwidth}{" + inner + "}\n\n" + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, inner, _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("rows, indent, before", [
    (["Grain Institute", "Uppsala"], "3em", False),  # over the page's paragraphs
    (["Step two", "Step three"], "1.5em", True),  # set in by a paragraph's indent, between paragraphs
], ids=["institute", "steps"])
def test_rows_broken_and_set_in_with_hspace_keep_a_line_a_row_apart_from_the_paragraph_after(tmp_path, rows, indent,
                                                                                           before):
    """Rows broken with \\\\ and set in with \\hspace*, over an indented paragraph: they ran into it as one ("Grain
    Institute Uppsala Grain silos ...", "Step two Step three Grain silos ..."). A row that stops short with room
    for the next row's first word over a paragraph's full first row (set in by its indent) ends its paragraph; rows
    set in, each leaving a quarter of the column free, are their author's lines."""
    stack = "\\\\\n".join(f"\\hspace*{{{indent}}}{row}" for row in rows)
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + (_GRAIN + "\n\n" if before else "")
              + "\\noindent" + stack + "\n\n" + _GRAIN + "\n\n" + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN] * before + ["\n".join(rows), _GRAIN, _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_name_set_flush_right_under_a_paragraph_stays_apart_from_the_indented_paragraph_after_it(tmp_path):
    """A paragraph's last row a name set flush right (``\\\\ \\hspace*{\\fill}Margaret Hollins``), a signature,
    then an indented paragraph, MuPDF holding all in one block: the name ends no sentence, and it ran into the
    paragraph after it ("Margaret Hollins Grain silos hold ..."). A row set flush right far from the block's left
    edge is no paragraph's wrapped row: the indented row under it starts a paragraph, the name standing alone."""
    letter = ("Grain silos hold the harvest through the winter months, and every farm in the valley keeps at least two "
              "of them so that the herd is fed, and so we remain, with every good wish for the coming season,")
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + letter
              + "\\\\\n\\hspace*{\\fill}Margaret Hollins\n\n" + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [letter, "Margaret Hollins", _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_label_light_on_a_dark_box_on_a_portrait_page_is_no_heading(tmp_path):
    """A label set white on a black box over a paragraph of an article (a web page's navigation bar or badge, printed,
    is the same): beamer's Warsaw block title is light on dark too, and the label became a heading ("### New this
    week"). A page taller than wide is no slide: its light label is a paragraph, as it was."""
    source = ("\\documentclass{article}\n\\usepackage{xcolor}\n\\pagestyle{empty}\n\\begin{document}\n" + _GRAIN
              + "\n\n\\noindent\\colorbox{black}{\\color{white}New this week}\n\n" + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, "New this week", _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_sentence_set_flush_right_over_two_rows_is_one_paragraph(tmp_path):
    """A flushright sentence TeX wrapped over two rows, each row a block of MuPDF's own, ending level at the
    column's right edge: it was two paragraphs ("... hauling it to town in the" | "autumn, and they sell it ...").
    The first row left too little room at its left for the next row's first word: TeX broke it there."""
    sentence = ("Farmers who store their own grain save the cost of hauling it to town in the autumn, and they sell "
                "it later at a better price.")
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + _GRAIN
              + "\n\\begin{flushright}\n" + sentence + "\n\\end{flushright}\n" + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, sentence, _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_two_ragged_right_paragraphs_in_a_minipage_stay_apart(tmp_path):
    """Two \\raggedright paragraphs in a minipage (no indent, no space between them), under a paragraph of the page:
    MuPDF set them in one block and they ran into one paragraph ("... checked every week. Farmers who ..."). The
    first's last row ends a sentence with room for the next row's first word, between rows TeX wrapped."""
    first = "Grain kept through the winter must stay dry and cool, and the bins must be checked every week."
    second = "Farmers who store their own grain save the cost of hauling it to town in the autumn months."
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + _GRAIN + "\n\n\\noindent"
              "\\begin{minipage}{0.6\\textwidth}\\raggedright\n" + first + "\n\n" + second
              + "\n\\end{minipage}\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, first, second]


_ACRONYMS = ("Grain kept through the winter must stay dry and cool in the bins. UNESCO has studied the old stores of "
             "the valley for many years. NOAA sends the farmers a report on the rain each month. WHO rules say the "
             "grain must be checked for mould. OECD figures show the price of grain rises in the spring. UNESCO and "
             "the farmers keep the oldest barns in good repair.")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_ragged_right_paragraph_whose_rows_wrap_before_capitals_is_one_paragraph(tmp_path):
    """One \\raggedright paragraph in a minipage whose sentences start with acronyms: TeX wrapped "UNESCO" to the
    next row because it did not fit after "... in the bins.", but measured in the row's average letter (an "i" is a
    third of a "W") it fitted, and the paragraph was cut there ("... in the bins." | "UNESCO has studied ...")."""
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n\\noindent"
              "\\begin{minipage}{0.48\\textwidth}\\raggedright\n" + _ACRONYMS + "\n\\end{minipage}\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_ACRONYMS]



@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("width", ["0.46", "0.52"], ids=["cut-at-sentences", "run-into-the-paragraph"])
def test_a_ragged_right_minipage_under_a_justified_paragraph_is_its_own_paragraph(tmp_path, width):
    """A \\raggedright minipage (one paragraph) right under a justified paragraph, MuPDF holding both in one block:
    measured against the paragraph's right edge every row of the box stopped short, and the box was cut at its
    sentences' ends ("... in the bins." | "UNESCO has studied ...") or ran into the paragraph ("... the pasture grows
    again. Grain kept through ..."). Its rows, all well short of that edge and wrapped to their own, are a box's."""
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + _GRAIN + "\n\n\\noindent"
              "\\begin{minipage}{" + width + "\\textwidth}\\raggedright\n" + _ACRONYMS
              + "\n\\end{minipage}\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, _ACRONYMS]


_FARM = ("Grain kept through the winter must stay dry and cool, and the bins must be checked every week for damp and "
         "pests.")


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("stack, expected", [
    ("{\\LARGE Storage of Grain\\par}\n{\\Large On Small Farms in Winter\\par}\n\\bigskip",
     ["## Storage of Grain", "## On Small Farms in Winter"]),
    ("\\begin{center}\n{\\Large Margaret Hollins\\par}\n{\\large Department of Plant Sciences\\par}\n\\end{center}",
     ["## Margaret Hollins", "### Department of Plant Sciences"]),
], ids=["title-subtitle", "name-institution"])
def test_stacked_headings_of_two_sizes_are_two_headings(tmp_path, stack, expected):
    """A \\LARGE heading over a \\Large one: MuPDF held the pair in one block, written one heading ("## Storage of
    Grain On Small Farms in Winter"). TeX wraps a heading's rows at one size: rows of two sizes are two. A centred
    \\Large name over its institution set \\large (two headings already) stays two."""
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + stack + "\n\n" + _FARM
              + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == expected + [_FARM]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_verse_line_wrapped_and_hung_is_one_line_of_its_verse(tmp_path):
    """A verse line longer than the verse's measure, which LaTeX wraps and hangs 1.5em under itself: MuPDF set its
    first row a block of its own, and the verse was cut into two paragraphs mid-line ("... that blows across" |
    "the valley is cold ..."). The verse environment's right margin is its left: the first row ended a word short of
    that edge, so the hung row goes on with it, and the verse keeps its author's other lines."""
    long = "The grain is in, the barns are full, and the wind that blows across the valley is cold and dull and grey,"
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + _GRAIN + "\n\\begin{verse}\n"
              + long + "\\\\\nAnd all the farm is still.\\\\\nThe herd is fed.\n\\end{verse}\n" + _GRAIN
              + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, long + "\nAnd all the farm is still.\nThe herd is fed.", _GRAIN]


_CELLS = [["Grain kept dry keeps through the winter.", "Damp grain rots within weeks."],
          ["Bins are checked every week for pests.", "Mice eat the grain at night."],
          ["Farmers sell grain in the spring.", "Prices are higher after winter."]]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_borderless_table_of_sentences_keeps_its_rows(tmp_path):
    """A tabular with two p{5cm} columns, no rules, three rows of sentences: MuPDF held the last row's two one-line
    cells in one block, which stood across both columns of cells and merged them, and the table was read as six
    paragraphs, its last row's cells one ("Farmers sell grain in the spring. Prices are higher after winter.")."""
    body = " \\\\\n".join(" & ".join(row) for row in _CELLS)
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + _GRAIN + "\n\\begin{center}\n"
              "\\begin{tabular}{p{5cm}p{5cm}}\n" + body + " \\\\\n\\end{tabular}\n\\end{center}\n" + _GRAIN
              + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    rows = ["|" + "|".join(row) + "|" for row in _CELLS]
    table = "\n".join(rows[:1] + ["|---|---|"] + rows[1:])
    assert page.text.split("\n\n") == [_GRAIN, table, _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_two_subfigures_captions_side_by_side_are_a_paragraph_each(tmp_path):
    """Two subfigures beside each other (subcaption), "(a) First" under the left picture and "(b) Second" under the
    right: MuPDF held both captions in one block, read as a list of two items ("(a) First\\n(b) Second") as though
    the page set them one under the other."""
    source = ("\\documentclass{article}\n\\usepackage{subcaption}\n\\pagestyle{empty}\n\\begin{document}\n" + _GRAIN
              + "\n\\begin{figure}[h]\n"
              "\\begin{subfigure}{0.45\\textwidth}\\centering\\rule{3cm}{2cm}\\caption{First}\\end{subfigure}\\hfill\n"
              "\\begin{subfigure}{0.45\\textwidth}\\centering\\rule{3cm}{2cm}\\caption{Second}\\end{subfigure}\n"
              "\\end{figure}\n\n" + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, "(a) First", "(b) Second", _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_two_authors_side_by_side_under_a_title_are_read_an_author_at_a_time(tmp_path):
    """article's \\author{Ann Lee \\and Bo Chen \\\\ University of X}: two boxes side by side, the second holding the
    affiliation under its name. MuPDF held the three rows in one block, one heading ("### Ann Lee Bo Chen
    University of X") that named no one."""
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\title{A Study of Things}\n"
              "\\author{Ann Lee \\and Bo Chen \\\\ University of X}\n\\date{}\n\\begin{document}\n\\maketitle\n"
              + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["## A Study of Things", "### Ann Lee", "### Bo Chen\n### University of X",
                                       _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_letters_sender_address_keeps_a_line_a_row(tmp_path):
    """letter's \\address{Street 1\\\\City}: a box set flush right, its rows a little short of the column's right
    edge, as a box TeX wrapped would end them: "Street 1 City" was one line. Rows of a few words, each starting
    with a capital, are the author's."""
    source = ("\\documentclass{letter}\n\\pagestyle{empty}\n\\address{Street 1\\\\City}\n\\signature{Ann Lee}\n"
              "\\date{1 May 2024}\n\\begin{document}\n\\begin{letter}{}\n\\opening{Dear Bo,}\n" + _GRAIN
              + "\n\\closing{Yours,}\n\\end{letter}\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["Street 1\nCity", "1 May 2024", "Dear Bo,", _GRAIN, "Yours,", "Ann Lee"]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_letters_recipient_address_over_a_one_row_body_keeps_a_line_a_row(tmp_path):
    """letter's recipient ("Bo Chen" | "Main Road 5" | "Town") over a body of one row: the five rows across it measured
    the column's right edge by their 90th percentile, the second-furthest end, a short row's (191 pt, the
    recipient's own longest, not the body's 416), so no row left room and the address was one line ("Bo Chen Main
    Road 5 Town"), the sender's too. Of so few rows the furthest end is the column's."""
    body = "Body text of a few sentences. The harvest is in. The herd is fed."
    source = ("\\documentclass{letter}\n\\pagestyle{empty}\n\\address{Ann Lee\\\\Street 1\\\\City}\n"
              "\\signature{Ann Lee}\n\\date{1 May 2024}\n\\begin{document}\n"
              "\\begin{letter}{Bo Chen\\\\Main Road 5\\\\Town}\n\\opening{Dear Bo,}\n" + body
              + "\n\\closing{Yours,}\n\\end{letter}\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["Ann Lee\nStreet 1\nCity", "1 May 2024", "Bo Chen\nMain Road 5\nTown",
                                        "Dear Bo,", body, "Yours,", "Ann Lee"]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_letters_sender_and_date_are_read_before_the_recipient(tmp_path):
    """letter's sender's address and date set flush right over the recipient's address at the left, over a body
    that wraps across the page: the recipient's three rows, its author's lines, were counted a wrapped paragraph,
    a column of text beside the sender's, and read first ("Bo Chen ..." | "Dear Bo," | "Ann Lee ..." | "1 May
    2024"). An item written a line a row is no wrapped paragraph."""
    source = ("\\documentclass{letter}\n\\pagestyle{empty}\n\\address{Ann Lee\\\\Street 1\\\\City}\n"
              "\\signature{Ann Lee}\n\\date{1 May 2024}\n\\begin{document}\n"
              "\\begin{letter}{Bo Chen\\\\Main Road 5\\\\Town}\n\\opening{Dear Bo,}\n" + _GRAIN
              + "\n\\closing{Yours,}\n\\end{letter}\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["Ann Lee\nStreet 1\nCity", "1 May 2024", "Bo Chen\nMain Road 5\nTown",
                                        "Dear Bo,", _GRAIN, "Yours,", "Ann Lee"]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("indent", ["\\noindent", ""])
def test_a_large_url_on_its_own_row_under_a_paragraph_stays_apart_from_it(tmp_path, indent):
    """A \\noindent URL set \\large (hyperref's colorlinks) on a row of its own under the paragraph that gives it: its
    row is the block's last, and the paragraph's last row left it room, but it ran into the paragraph ("... from the
    site below. https://example.org/code"): a row under the last, to show TeX wrapped the rows, was asked for, and a
    row in lower case was taken for a sentence's rest. Set in by the paragraph's indent, it was a heading ("###
    https://example.org/code"): a link alone names no section, whatever its size."""
    lead = ("The code and the data of this work are released for anyone to use, and can be downloaded from the site"
            " below.")
    source = ("\\documentclass{article}\n\\usepackage[colorlinks]{hyperref}\n\\pagestyle{empty}\n\\begin{document}\n"
              + lead + "\n\n" + indent + "{\\large\\url{https://example.org/code}}\n\n" + _GRAIN
              + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [lead, "https://example.org/code", _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_verse_line_wrapped_over_a_stanza_of_its_own_stays_one_line(tmp_path):
    """A stanza of one verse line longer than the verse's measure, wrapped and hung 1.5em under itself, over the next
    stanza: MuPDF set each row a block of its own, and two rows measure no display, so the first row's end was
    measured against the column's edge, with room for "the", and the line was two paragraphs ("... that blows
    across" | "the valley is cold ..."). The verse's right edge stands in from the column's as far as its left."""
    long = "The grain is in, the barns are full, and the wind that blows across the valley is cold and dull and grey,"
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + _GRAIN + "\n\\begin{verse}\n"
              + long + "\n\nAnd all the farm is still.\\\\\nThe herd is fed.\n\\end{verse}\n" + _GRAIN
              + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, long, "And all the farm is still.\nThe herd is fed.", _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_large_title_over_a_subtitle_on_a_one_page_document_is_a_heading(tmp_path):
    """{\\Large Title} over {\\large Subtitle}, each a paragraph's first line, over the text, on a document of one page:
    MuPDF held the three in one block, which voted its largest size, the title's, a paragraph size (`style`), and
    the title was written a paragraph ("Title"). A block votes for the size most of its letters are set in."""
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n"
              "{\\Large Title}\n\n{\\large Subtitle}\n\n"
              + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == ["## Title", "### Subtitle", _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("rows, expected", [
    ("Hill Farm & Spring wheat\\\\ Lake Farm & Winter rye", ["Hill Farm Spring wheat", "Lake Farm Winter rye"]),
    ("Date: 1 May 2024 & Place: Uppsala, Sweden\\\\ Time: ten o'clock & Chair: Ann Lee",
     ["Date: 1 May 2024 Place: Uppsala, Sweden", "Time: ten o\u2019clock Chair: Ann Lee"]),
    ("Hill Farm & Spring wheat\\\\ Lake Farm & Winter rye grown on the slopes and sold in the valley",
     ["Hill Farm Spring wheat", "Lake Farm Winter rye grown on the slopes and sold in the valley"]),
], ids=["table", "fields", "wrapped"])
def test_a_table_of_two_columns_far_apart_is_read_a_row_at_a_time(tmp_path, rows, expected):
    """A tabular of two columns 2cm apart, no rule, its rows pairing a farm with its crop (or a field with the field
    beside it): MuPDF held the table in one block, and its columns, far apart, their first rows on one baseline, were
    read as two stacks side by side, a column at a time ("Hill Farm\\nLake Farm" | "Spring wheat\\nWinter rye"),
    each row's cells pulled apart. Stacks that line up row for row are a table's rows."""
    source = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + _GRAIN
              + "\n\n\\begin{center}\\begin{tabular}{l@{\\hspace{2cm}}p{5cm}}" + rows
              + "\\end{tabular}\\end{center}\n\n"
              + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, *expected, _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_caption_of_two_rows_beside_one_of_one_is_a_paragraph_each(tmp_path):
    """Two subfigures side by side, the left one's caption wrapped to two rows, the right one's a row: subfigures are
    centred on each other, their pictures alike, so the short caption stands on the long one's last row, not its
    first. MuPDF held both in one block, read as a list ("(a) The old barn ...\\n   (b) The new silo")."""
    source = ("\\documentclass{article}\n\\usepackage{subcaption}\n\\pagestyle{empty}\n\\begin{document}\n" + _GRAIN
              + "\n\\begin{figure}[h]\\centering\n\\begin{subfigure}{0.35\\textwidth}\\centering\\rule{3cm}{2cm}"
              "\\caption{The old barn of the farm, seen from the hill}\\end{subfigure}\\qquad\n"
              "\\begin{subfigure}{0.35\\textwidth}\\centering\\rule{3cm}{2cm}\\caption{The new silo}\\end{subfigure}\n"
              "\\end{figure}\n\n" + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, "(a) The old barn of the farm, seen from the hill", "(b) The new silo",
                                       _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_displays_condition_set_far_from_its_equation_stays_with_it(tmp_path):
    """A display's condition set two \\qquad right of its equation (\\[ y = ax + b \\qquad\\qquad \\text{for all ...}
    \\]): the two, far apart, on one baseline, each of two words or more, were read as two stacks side by side and
    written two paragraphs ("y = ax + b" | "for all farms in the valley"), the condition a sentence's rest on its own.
    A stack that starts in lower case goes on from the one at its left."""
    source = ("\\documentclass{article}\n\\usepackage{amsmath}\n\\pagestyle{empty}\n\\begin{document}\n" + _GRAIN
              + "\n\\[ y = a x + b \\qquad\\qquad \\text{for all farms in the valley} \\]\n" + _GRAIN
              + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, "y = ax + b for all farms in the valley", _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
def test_a_caption_of_two_rows_at_the_texts_edge_beside_one_of_one_is_a_paragraph_each(tmp_path):
    """Two subfigures 0.45\\textwidth wide, \\hfill between them: the left one's caption, wrapped to two rows, starts at
    the text's left edge, where the paragraphs do; a block starting there was taken for a running head's row and
    kept whole, read as a list ("(a) The old barn ...\\n   (b) Second"). A running head is one row."""
    source = ("\\documentclass{article}\n\\usepackage{subcaption}\n\\pagestyle{empty}\n\\begin{document}\n" + _GRAIN
              + "\n\\begin{figure}[h]\n\\begin{subfigure}{0.45\\textwidth}\\centering\\rule{3cm}{2cm}"
              "\\caption{The old barn of the farm, seen from the hill in spring}\\end{subfigure}\\hfill\n"
              "\\begin{subfigure}{0.45\\textwidth}\\centering\\rule{3cm}{2cm}\\caption{Second}\\end{subfigure}\n"
              "\\end{figure}\n\n" + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, "(a) The old barn of the farm, seen from the hill in spring",
                                       "(b) Second", _GRAIN]


@pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")
@pytest.mark.parametrize("captions, width, gap, expected", [
    (["First", "Second"], "0.45", "\\hfill", ["(a) First", "(b) Second"]),
    (["The old barn", "The new silo", "A herd"], "0.3", "\\hfill",
     ["(a) The old barn", "(b) The new silo", "(c) A herd"]),
], ids=["two", "three"])
def test_subfigures_captions_side_by_side_come_before_the_figures_caption(tmp_path, captions, width, gap, expected):
    """Subfigures side by side, their captions split from the one block MuPDF held them in, over the figure's own
    caption, centred under them: the figure's caption stood in no column of theirs, or in the middle one only, and
    was read between them ("(a) First" | "Figure 1: ..." | "(b) Second"). Stacks of one row are read together."""
    figures = gap.join("\\begin{subfigure}{" + width + "\\textwidth}\\centering\\rule{3cm}{2cm}\\caption{" + c
                       + "}\\end{subfigure}" for c in captions)
    source = ("\\documentclass{article}\n\\usepackage{subcaption}\n\\pagestyle{empty}\n\\begin{document}\n" + _GRAIN
              + "\n\\begin{figure}[h]\\centering\n" + figures + "\n\\caption{Farms of the valley.}\\end{figure}\n\n"
              + _GRAIN + "\n\\end{document}\n")
    [page] = read_pages(compiled(tmp_path, source))
    assert page.text.split("\n\n") == [_GRAIN, *expected, "Figure 1: Farms of the valley.", _GRAIN]
