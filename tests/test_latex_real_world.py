"""The latex source on what real arXiv submissions hold: which file is the paper, its encodings and line ends,
cleveref, amsmath's numbered alignments, appendices, lists and tables over page breaks, algorithms.

Every project here is written in the test; each test asserts the exact target (or reject) a page must get.
"""

import json

import pytest

from samples.latex_maker import make_archive
from shards.reject import Reject
from shards.sample import Sample
from sources.latex.compile import CompileFailed, compile_project, find_pdflatex
from sources.latex.read import LatexOptions, read_latex
from tests.conftest import needs_tex_files

pytestmark = pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")


def _read(files: dict[str, bytes], **options) -> list:
    return list(read_latex(make_archive(files), "arxiv/2401.00009.tar.gz", LatexOptions(interleaved=False, **options)))


def _doc(body: str, preamble: str = "") -> str:
    return r"\documentclass{article}" "\n" + preamble + r"\begin{document}" "\n" + body + "\n" r"\end{document}" "\n"


def _texts(records) -> list[str]:
    assert all(isinstance(r, Sample) for r in records), [(r.reason, r.detail) for r in records if isinstance(r, Reject)]
    return [r.text for r in records]


def test_the_main_file_is_the_one_00readme_names_not_the_first_alphabetically():
    readme = {"process": {"compiler": "pdflatex"},
              "sources": [{"filename": "zz_paper.tex", "usage": "toplevel"},
                          {"filename": "a_supp.tex", "usage": "ignore"}]}
    files = {"a_supp.tex": _doc("The supplement, a document of its own.").encode(),
             "zz_paper.tex": _doc("The paper itself.").encode(), "00README.json": json.dumps(readme).encode()}
    assert _texts(_read(files)) == ["The paper itself."]
    classic = {**files, "00README.XXX": b"zz_paper.tex toplevelfile\na_supp.tex ignore\n"}
    del classic["00README.json"]
    assert _texts(_read(classic)) == ["The paper itself."]


def test_a_section_that_compiles_alone_is_not_the_main_file():
    # subfiles: each section has \documentclass[main]{subfiles} and \begin{document}; the paper inputs them
    section = (r"\documentclass[paper.tex]{subfiles}" "\n" r"\begin{document}" "\nThe first section.\n"
               r"\end{document}" "\n")
    files = {"intro.tex": section.encode(), "method.tex": section.replace("first", "second").encode(),
             "paper.tex": _doc("Before.\n\n\\subfile{intro}\n\n\\subfile{method}",
                               r"\usepackage{subfiles}" "\n").encode()}
    # \subfile is not followed into its file by the blocks (a known gap): what matters is which file is compiled
    records = _read(files)
    assert [r.meta["main"] for r in records] == ["paper.tex"]
    assert _texts(records) == ["Before.\n\nThe first section.\n\nThe second section."]  # each subfile's body


def test_a_figure_pdf_beside_the_sources_is_no_shipped_paper():
    import pymupdf

    with pymupdf.open() as doc:
        doc.new_page().insert_text((50, 50), "A plotted curve")
        figure = doc.tobytes()
    main = _doc("See the curve.\n\\begin{figure}[h]\n\\centering\n\\includegraphics[width=3cm]{overview}\n"
                "\\caption{The curve.}\n\\end{figure}", r"\usepackage{graphicx}" "\n")
    records = _read({"paper.tex": main.encode(), "overview.pdf": figure})
    assert _texts(records) == ["See the curve.\n\nFigure 1: The curve."]


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_windows_and_old_mac_line_ends_keep_every_paragraph_on_its_page(end):
    body = "First paragraph, its first line\nand its second.\n\n" + "\n\n".join(
        f"Paragraph {n} of a long paper, {'with several words in it ' * 8}." for n in range(60))
    records = _read({"main.tex": _doc(body).replace("\n", end).encode()})
    texts = _texts(records)
    assert len(texts) == 4 and texts[0].startswith("First paragraph, its first line and its second.\n\nParagraph 0 ")
    assert all(r.meta["text_layer_agreement"] == 1.0 for r in records)


def test_a_windows_1252_source_keeps_its_line_numbers_and_characters():
    # byte 0x85 is cp1252's ellipsis (inputenc's ansinew): str.splitlines() would end a line there, and every
    # SyncTeX line number after it would point one line off (the last paragraph was lost)
    body = "Caf\xe9 na\xefve r\xe9sum\xe9 \\`a la carte, Stra\xdfe \u2026 end\nof the line.\n\nNext paragraph."
    records = _read({"main.tex": _doc(body, "\\usepackage[ansinew]{inputenc}\n").encode("cp1252")})
    assert _texts(records) == ["Café naïve résumé à la carte, Straße … end of the line.\n\nNext paragraph."]
    # OT1 fonts print an accent as a glyph of its own ("Caf´e"): the page still agrees with its target
    assert records[0].meta["text_layer_agreement"] == 1.0


def test_a_multirow_table_is_an_html_table_and_its_page_is_kept():
    table = r"""Results follow.
\begin{table}[h]
\centering
\caption{Main results.}
\begin{tabular}{llc}
\toprule
Group & Model & Acc \\
\midrule
\multirow{2}{*}{Small} & A & 0.91 \\
 & B & 0.93 \\
\bottomrule
\end{tabular}
\end{table}"""
    records = _read({"main.tex": _doc(table, "\\usepackage{booktabs,multirow}\n").encode()})
    assert _texts(records) == ["Results follow.\n\nTable 1: Main results.\n\n<table>\n<thead>\n<tr>\n<th>Group</th>\n"
                               "<th>Model</th>\n<th>Acc</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
                               "<td rowspan=\"2\">Small</td>\n<td>A</td>\n<td>0.91</td>\n</tr>\n<tr>\n<td>B</td>\n"
                               "<td>0.93</td>\n</tr>\n</tbody>\n</table>"]
    assert records[0].meta["text_layer_agreement"] == 1.0  # the tags are no words of the page


CREF = r"""\section{Intro}\label{sec:intro}
\subsection{Sub}\label{sec:sub}
\begin{equation}a=b\label{eq:a}\end{equation}
\begin{equation}c=d\label{eq:c}\end{equation}
\begin{equation}e=f\label{eq:e}\end{equation}
\begin{figure}[h]\caption{F}\label{fig:f}\end{figure}
\begin{table}[h]\caption{T}\label{tab:t}\end{table}
C1 \cref{sec:intro}. C2 \Cref{sec:sub}. C3 \cref{eq:a}. C4 \Cref{eq:c}. C5 \cref{fig:f}. C6 \Cref{tab:t}.
C7 \cref{eq:e,eq:a}. C8 \cref{app:x}. C9 \cref{eq:a,eq:c,eq:e}. C10 \crefrange{eq:a}{eq:e}. C11 \cref{fig:f,tab:t}.
A1 \autoref{sec:intro}. A2 \autoref{eq:a}. A3 \autoref{fig:f}. A4 \autoref{sec:sub}. A5 \autoref{app:x}.
R1 \ref{eq:a} \eqref{eq:c} \nameref{sec:intro} \pageref{fig:f}.
\appendix
\section{Extra}\label{app:x}"""


@pytest.mark.parametrize("options, printed", [
    ("", "C1 section 1. C2 Section 1.1. C3 eq. (1). C4 Equation (2). C5 fig. 1. C6 Table 1. C7 eqs. (1) and (3). "
         "C8 appendix A. C9 eqs. (1) to (3). C10 eqs. (1) to (3). C11 fig. 1 and table 1. A1 section 1. "
         "A2 Equation 1. A3 Figure 1. A4 subsection 1.1. A5 Appendix A. R1 1 (2) Intro 1."),
    ("[capitalise,noabbrev]", "C1 Section 1. C2 Section 1.1. C3 Equation (1). C4 Equation (2). C5 Figure 1. "
                              "C6 Table 1. C7 Equations (1) and (3). C8 Appendix A. C9 Equations (1) to (3). "
                              "C10 Equations (1) to (3). C11 Figure 1 and Table 1."),
    ("[capitalise]\n\\crefname{equation}{Eq.}{Eqs.}\n\\Crefname{figure}{Fig.}{Figs.}",
     "C1 Section 1. C2 Section 1.1. C3 Eq. (1). C4 Eq. (2). C5 Fig. 1. C6 Table 1. C7 Eqs. (1) and (3). "
     "C8 Appendix A. C9 Eqs. (1) to (3). C10 Eqs. (1) to (3). C11 Fig. 1 and Table 1."),
])
def test_cleveref_and_autoref_read_as_the_page_prints_them(options, printed):
    # \cref printed only the bare number (and '??' for two keys): 'See 1' where the page says 'See eq. (1)'
    package, _, names = options.partition("\n")
    preamble = r"\usepackage{amsmath}\usepackage{hyperref}" + rf"\usepackage{package}{{cleveref}}" + "\n" + names + "\n"
    (page,) = _read({"main.tex": _doc(CREF, preamble).encode()})
    paragraph = next(p for p in page.text.split("\n\n") if p.startswith("C1 "))
    assert paragraph == printed if not package else paragraph.startswith(printed + " A1 section 1.")
    assert page.meta["text_layer_agreement"] == 1.0


EQUATIONS = r"""\section{Model}
\begin{align}
a &= \begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases} \label{eq:a}\\
b &= \{c\} \nonumber \\
d &= e \tag{$\star$}\\[2pt]
f &= g
\end{align}
\begin{gather*}
h = i \\ j = k
\end{gather*}
\begin{multline}
l = m + n \\
+ o
\end{multline}
\begin{equation}
p = q \nonumber
\end{equation}
See \eqref{eq:a} and \eqref{eq:r}.
\appendix
\section{Proofs}
\begin{gather}
r = s \label{eq:r} \\
t = u
\end{gather}"""


def test_numbered_alignments_carry_each_rows_number_and_the_appendix_counts_from_a():
    # align/gather/multline rows lost their numbers (the page prints (1.1), (1.2)...), and the appendix's
    # first section was 'B' (the section counter ran on from the body)
    preamble = r"\usepackage{amsmath}\numberwithin{equation}{section}" "\n"
    (page,) = _read({"main.tex": _doc(EQUATIONS, preamble).encode()})
    assert page.text == (
        "# 1 Model\n\n"
        "$$\\begin{align*}\na &= \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{else} \\end{cases} \\tag{1.1}\\\\\n"
        "b &= \\{c\\} \\\\\nd &= e \\tag{$\\star$}\\\\[2pt]\nf &= g \\tag{1.2}\n\\end{align*}$$\n\n"
        "$$\\begin{gather*}\nh = i \\\\ j = k\n\\end{gather*}$$\n\n"
        "$$\\begin{multline*}\nl = m + n \\\\\n+ o \\tag{1.3}\n\\end{multline*}$$\n\n"
        "$$p = q$$\n\nSee (1.1) and (A.1).\n\n# A Proofs\n\n"
        "$$\\begin{gather*}\nr = s \\tag{A.1}\\\\\nt = u \\tag{A.2}\n\\end{gather*}$$")
    assert page.meta["text_layer_agreement"] == 1.0  # \text{else} counts as the page's word


def _words(n: int, seed: int) -> str:
    """``n`` words of a made-up sentence, different for each ``seed`` (a text whose lines can be told apart)."""
    import random

    vocabulary = ("river stone cloud paper signal vector matrix kernel token column figure table layout reader "
                  "model sample noise order window field light sound metal water garden market bridge engine").split()
    pick = random.Random(seed)
    return " ".join(pick.choice(vocabulary) for _ in range(n)).capitalize() + "."


@pytest.mark.parametrize("env", ["enumerate", "itemize"])
def test_a_list_over_a_page_break_loses_no_words_and_counts_on(env):
    # the rest of an item begun on page 1 was dropped from page 2 (pandoc drops text before a list's first
    # \item), the list reopened on page 2 counted from 1 again, and an item wholly on page 2 whose line had
    # a node on page 1 was cut at a word that only recurred later
    items = "\n".join(f"\\item {_words(70, 100 + i)}" for i in range(8))
    body = _words(310, 1) + f"\n\n\\begin{{{env}}}\n" + items + f"\n\\end{{{env}}}\n\n" + _words(40, 2)
    records = _read({"main.tex": _doc(body).encode()})
    assert [r.meta["text_layer_agreement"] for r in records] == [1.0, 1.0]
    first, second = (r.text for r in records)
    assert first.endswith(" metal noise noise signal")  # item 3 runs over the break: its first lines
    assert second.startswith("sample field reader light sample sound cloud kernel field cloud bridge figure layout "
                             "metal matrix noise reader water field reader bridge layout signal market.\n\n"
                             + ("4. Metal model water" if env == "enumerate" else "- Metal model water"))
    assert ("\n\n8. " in second) == (env == "enumerate")


THEOREM_PREAMBLE = r"""\usepackage{amsthm,amsmath}
\usepackage{cleveref}
\newtheorem{theorem}{Theorem}[section]
\newtheorem{lemma}[theorem]{Lemma}
\newtheorem{corollary}{Corollary}
\theoremstyle{definition}
\newtheorem{definition}{Definition}
\newtheorem*{remark}{Remark}
"""


def test_theorems_print_their_heading_and_number_once():
    # the theorem environments' bodies came without their heading ('X is $x$.' for 'Theorem 1.1 (Main). X is x.')
    body = r"""\section{A}
\begin{theorem}[Main]\label{t}X is $x$.\end{theorem}

\begin{lemma}Y.\end{lemma}

\begin{definition}Z.\end{definition}

\begin{remark}R.\end{remark}

\begin{proof}Easy.\end{proof}
\section{B}
\begin{theorem}W.\end{theorem}

\begin{corollary}\label{c}V.\end{corollary}
By \cref{t} and \cref{c}."""
    (page,) = _read({"main.tex": _doc(body, THEOREM_PREAMBLE).encode()})
    # the plain style's bodies italic, as printed; the definition and remark styles' upright
    assert page.text == ("# 1 A\n\n**Theorem 1.1** (Main). *X is $x$.*\n\n**Lemma 1.2**. *Y.*\n\n**Definition 1**. "
                         "Z.\n\n**Remark**. R.\n\n*Proof.* Easy. ◻\n\n# 2 B\n\n**Theorem 2.1**. *W.*\n\n"
                         "**Corollary 1**. *V.*\n\n"
                         "By theorem 1.1 and corollary 1.")
    statement = "\n".join(_words(60, 10 + i) for i in range(8))
    long = _words(300, 5) + "\n\n\\begin{theorem}\n" + statement + "\n\\end{theorem}"
    records = _read({"main.tex": _doc("\\section{Long}\n" + long, THEOREM_PREAMBLE).encode()})
    # a line runs over the break with its last word hyphenated ('en-' / 'gine'): the word stays on page 1
    assert [r.meta["text_layer_agreement"] for r in records] == [0.998, 0.996]
    assert records[0].text.endswith(" engine*") and records[1].text.startswith("*market market market token bridge")
    assert "**Theorem 1.1**. " in records[0].text and "Theorem" not in records[1].text  # one heading, on page 1


def test_a_textual_natbib_citation_of_a_plain_bibitem_prints_what_natbib_prints():
    # natbib cannot name the authors of a \bibitem without an [Author(year)] label: the page says '(author?)'
    body = (r"As \citet{knuth} shows and \citeauthor{knuth} says." "\n"
            r"\begin{thebibliography}{9}" "\n" r"\bibitem{knuth} D.~Knuth. \newblock The \TeX book." "\n"
            r"\end{thebibliography}")
    (page,) = _read({"main.tex": _doc(body, r"\usepackage[numbers]{natbib}" "\n").encode()})
    assert page.text == "As (author?) [1] shows and (author?) says.\n\n# References\n\n[1] D. Knuth. The TeXbook."


def test_pseudocode_prints_its_caption_keywords_and_line_numbers():
    # algorithm floats came as their statements' math run together ('$\theta \gets 0$ $\theta \gets ...$'),
    # no caption, no for/do/end for
    algorithmic = r"""\begin{algorithm}
\caption{Training loop}\label{alg:t}
\begin{algorithmic}[1]
\REQUIRE data $D$
\STATE $\theta \gets 0$
\FOR{$t = 1$ to $T$}
\IF{$t > 1$}
\STATE $\theta \gets \theta - \eta g$ \COMMENT{step}
\ELSE
\STATE wait
\ENDIF
\ENDFOR
\RETURN $\theta$
\end{algorithmic}
\end{algorithm}
As \cref{alg:t} shows."""
    (page,) = _read({"main.tex": _doc(algorithmic, r"\usepackage{algorithm,algorithmic,cleveref}" "\n").encode()})
    assert page.text == ("**Algorithm 1** Training loop\n\n**Require:** data $D$\n\n1: $\\theta \\gets 0$\n\n"
                         "2: **for** $t = 1$ to $T$ **do**\n\n3: **if** $t > 1$ **then**\n\n"
                         "4: $\\theta \\gets \\theta - \\eta g$ {step}\n\n5: **else**\n\n6: wait\n\n7: **end if**\n\n"
                         "8: **end for**\n\n9: **return** $\\theta$\n\nAs algorithm 1 shows.")
    assert page.meta["text_layer_agreement"] == 1.0
    pseudocode = r"""\begin{algorithm}
\caption{Euclid}
\begin{algorithmic}
\Procedure{Euclid}{$a,b$}
\While{$r\not=0$} \Comment{done if r is 0}
\State $r\gets a \bmod b$
\EndWhile
\State \Return \Call{Gcd}{$b$}
\EndProcedure
\end{algorithmic}
\end{algorithm}"""
    (page,) = _read({"main.tex": _doc(pseudocode, r"\usepackage{algorithm,algpseudocode}" "\n").encode()})
    assert page.text == ("**Algorithm 1** Euclid\n\n**procedure** Euclid($a,b$)\n\n"
                         "**while** $r\\not=0$ **do** ▷ done if r is 0\n\n$r\\gets a \\bmod b$\n\n**end while**\n\n"
                         "**return** Gcd($b$)\n\n**end procedure**")
    assert page.meta["text_layer_agreement"] == 1.0  # \bmod prints 'mod'


def test_macros_defined_over_lines_in_input_files_and_local_packages_are_expanded():
    # a \newcommand over two lines made pandoc fail on the whole paper (error:latex_align); macros from
    # \input{math_commands.tex} (ICLR's template) or a local .sty stayed unexpanded in the math
    main = r"""\documentclass{article}
\usepackage{amsmath,amssymb,xspace}
\usepackage{mymacros}
\input{math_commands.tex}
\newcommand{\abs}[1]{%
  \left| #1 \right|}
\newcommand{\method}{\textsc{Vlb}\xspace}
\begin{document}
We propose \method for data, with $\abs{x}$, $\vx \in \sR^n$, $\E[\vx]$ and $\norm{x}$.
\end{document}
"""
    files = {"main.tex": main.encode(), "mymacros.sty": rb"\newcommand{\norm}[1]{\left\| #1 \right\|}" b"\n",
             "math_commands.tex": rb"\newcommand{\vx}{{\bm{x}}}" b"\n" rb"\def\sR{\mathbb{R}}" b"\n"
                                  rb"\DeclareMathOperator*{\E}{\mathbb{E}}" b"\n" rb"\usepackage{bm}" b"\n"}
    (page,) = _read(files)
    assert page.text == (r"We propose Vlb for data, with $\left| x \right|$, ${\bm{x}}\in \mathbb{R}^n$, "
                         r"$\mathop{\mathrm{\mathbb{E}}}[{\bm{x}}]$ and $\left\| x \right\|$.")


def test_run_in_paragraph_titles_and_text_after_a_heading_are_kept():
    # '\paragraph{Setup.} The setup...' lost its text (the whole line was taken as the heading), as did
    # text after '\section{Intro}' on its line
    body = ("\\section{Intro}\\label{s} We study pages.\nMore of it.\n\n"
            "\\paragraph{Setup.} The setup is simple\nand short.\n\n\\subsection*{Notes} Fine.")
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == ("# 1 Intro\n\nWe study pages. More of it.\n\n**Setup.** The setup is simple and short.\n\n"
                         "## Notes\n\nFine.")
    assert page.meta["text_layer_agreement"] == 1.0


def test_a_display_broken_over_pages_rejects_the_pages_it_touches():
    # under \allowdisplaybreaks a long align runs over three pages; every row carries the tag of its \end line,
    # so all seventy rows were the target of one page (agreement 1.0: math is no words) and none of the others
    rows = " \\\\\n".join(f"x_{{{i}}} &= a_{{{i}}} + \\frac{{c_{{{i}}}}}{{d_{{{i}}}}}" for i in range(70))
    body = "Some words before.\n\\begin{align}\n" + rows + "\n\\end{align}\nSome words after."
    records = _read({"main.tex": _doc(body, r"\usepackage{amsmath}\allowdisplaybreaks" "\n").encode()})
    expected = [("filtered:display_over_pages", f"page={n}") for n in range(1, 5)]
    assert [(r.reason, r.locator) for r in records[:4]] == expected
    assert records[0].detail == "a display equation is broken over pages 1-4: its rows cannot be placed on them"
    assert [r.text for r in records[4:]] == []  # 'Some words after.' shares page 4 with the last row


def test_percent_in_urls_and_verb_is_no_comment():
    # '\url{https://x.org/a%20b}' was cut at its % as a comment: a brace left open, pandoc failed on the
    # whole paper (error:latex_align)
    body = r"We cut 50\% of it, see \url{https://x.org/a%20b} and \verb|a%b| too. % a real comment"
    (page,) = _read({"main.tex": _doc(body, r"\usepackage{hyperref}" "\n").encode()})
    assert page.text == "We cut 50% of it, see <https://x.org/a%20b> and `a%b` too."
    assert page.meta["text_layer_agreement"] == 1.0


def test_subfigures_descriptions_and_clines_read_as_set():
    # the first \caption found was a subfigure's ('Figure 1: Left part.'), \cline{2-3} came as a '2-3' cell
    # text, a description list as 'Alpha  \nfirst thing.'
    body = r"""\begin{figure}[h]
\centering
\begin{subfigure}{0.4\linewidth}\includegraphics[width=2cm]{example-image-a}\caption{Left part.}\end{subfigure}
\begin{subfigure}{0.4\linewidth}\includegraphics[width=2cm]{example-image-b}\caption{Right part.}\end{subfigure}
\caption{Both parts of the figure.}
\end{figure}
\begin{table}[h]
\caption{Spans.}
\begin{tabular}{|l|c|c|}
\hline
& \multicolumn{2}{c|}{Scores} \\ \cline{2-3}
Model & A & B \\ \hline
\end{tabular}
\end{table}
\begin{description}
\item[Alpha] first thing.
\item[Beta] second thing.
\end{description}"""
    (page,) = _read({"main.tex": _doc(body, r"\usepackage{graphicx,subcaption}" "\n").encode()})
    assert page.text == ("(a) Left part.\n\n(b) Right part.\n\nFigure 1: Both parts of the figure.\n\n"
                         "Table 1: Spans.\n\n<table>\n<tbody>\n<tr>\n<td></td>\n<td colspan=\"2\">Scores</td>\n</tr>\n"
                         "<tr>\n<td>Model</td>\n<td>A</td>\n<td>B</td>\n</tr>\n</tbody>\n</table>\n\n"
                         "**Alpha** first thing.\n\n**Beta** second thing.")
    assert page.meta["text_layer_agreement"] == 1.0  # the example images' own text is left out of the layer


def test_a_block_pandoc_cannot_read_costs_its_page_only(monkeypatch):
    # one unreadable block made pandoc fail on the whole paper (error:latex_align for every page), and one
    # that swallowed the marker after it would have moved the next block's text onto its page
    import sources.latex.convert as convert

    real = convert._pandoc

    def failing(source: str) -> str:
        if "Unreadable" in source:
            raise RuntimeError("pandoc failed: unexpected end of input")
        return real(source)

    monkeypatch.setattr(convert, "_pandoc", failing)
    body = _words(300, 7) + "\n\n\\newpage\nUnreadable words.\n\n\\newpage\nThe last page."
    records = _read({"main.tex": _doc(body).encode()})
    assert [type(r).__name__ for r in records] == ["Sample", "Reject", "Sample"]
    assert records[1].reason == "error:latex:convert" and records[1].locator == "page=2"
    assert records[1].detail == "pandoc could not read the paragraph block at main.tex lines 5-6"
    assert records[2].text == "The last page."
    monkeypatch.setattr(convert, "_pandoc", real)
    assert convert.to_markdown(["A \\textbf{open", "Next block."], []) == [None, "Next block."]


def test_title_thanks_are_marked_and_set_at_the_foot_in_two_columns():
    # \thanks came as pandoc's '[1]' note references with the notes themselves dropped
    doc = r"""\documentclass[twocolumn]{article}
\title{Deep Pages\thanks{Work done at home.}}
\author{Ada Lovelace\thanks{Equal contribution.} \\ University of Somewhere \and Alan Turing}
\date{}
\begin{document}
\maketitle
\section{Intro}
Text with a note.\footnote{A note in two columns.}
\end{document}
"""
    (page,) = _read({"main.tex": doc.encode()})
    assert page.text == ("# Deep Pages$^{*}$\n\nAda Lovelace$^{\\dagger}$ University of Somewhere , Alan Turing\n\n"
                         "# 1 Intro\n\nText with a note.$^{1}$\n\n$^{*}$ Work done at home.\n\n"
                         "$^{\\dagger}$ Equal contribution.\n\n$^{1}$ A note in two columns.")
    assert page.meta["text_layer_agreement"] == 1.0


def test_a_table_from_an_input_file_keeps_its_threeparttable_notes():
    # the notes under a threeparttable were dropped (the page prints 'a Measured twice.')
    body = r"""\begin{table}[h]
\centering
\begin{threeparttable}
\caption{With notes.}
\input{tables/res}
\begin{tablenotes}
\item[a] Measured twice.
\end{tablenotes}
\end{threeparttable}
\end{table}"""
    files = {"main.tex": _doc(body, "\\usepackage{threeparttable,booktabs}\n").encode(),
             "tables/res.tex": b"\\begin{tabular}{lr}\n\\toprule\nA & 1$^a$ \\\\\n\\bottomrule\n\\end{tabular}\n"}
    (page,) = _read(files)
    assert page.text == "Table 1: With notes.\n\n| A   | 1$^a$ |\n|:----|------:|\n\n$^{a}$ Measured twice."
    assert page.meta["text_layer_agreement"] == 1.0


def test_conditionals_keep_the_branch_tex_took():
    # '\ifdraft Draft only words. \else Final words here. \fi' under \draftfalse gave both branches,
    # and a line '\iffalse ... \fi' split its paragraph in two
    body = r"""Visible sentence one.
\iffalse Hidden draft sentence.\footnote{Hidden note.} \fi
Visible two.

\ifdraft Draft only words. \else Final words here. \fi

\begin{comment}
Commented out.
\end{comment}
Last line \ifarxiv on arXiv\fi."""
    preamble = "\\usepackage{comment}\n\\newif\\ifdraft\n\\draftfalse\n\\newif\\ifarxiv\\arxivtrue\n"
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == "Visible sentence one. Visible two.\n\nFinal words here.\n\nLast line on arXiv."
    assert page.meta["text_layer_agreement"] == 1.0


def test_a_switch_set_in_the_body_decides_the_tests_after_it():
    # \draftfalse after \begin{document}: the preamble's \drafttrue was taken for every test ("draft two" written
    # under the page's "final two", agreement 0.875); set again in the body, in an input, and on the test's own line;
    # a test in a definition's body opens no group around the settings after it
    body = r"""\newcommand{\hide}{\iffalse}
First para \ifdraft draft one\else final one\fi.

\draftfalse
Second para \ifdraft draft two\else final two\fi.
\input{sec}

\drafttrue
Third \ifdraft draft three\else final three\fi. \draftfalse Then \ifdraft draft\else final\fi{} words."""
    files = {"main.tex": _doc(body, "\\newif\\ifdraft\n\\drafttrue\n").encode(),
             "sec.tex": b"Sec para \\ifdraft draft sec\\else final sec\\fi.\n"}
    (page,) = _read(files)
    assert page.text == ("First para draft one.\n\nSecond para final two. Sec para final sec.\n\n"
                         "Third draft three. Then final words.")
    assert page.meta["text_layer_agreement"] == 1.0


def test_a_switch_set_inside_an_environment_holds_to_its_end():
    # an environment is a group: its \draftfalse is undone at \end{center} (the page was refused for the test
    # after it, error:latex:conditional)
    body = ("First para.\n\n\\begin{center}\\draftfalse Inner \\ifdraft d\\else f\\fi.\\end{center}\n\n"
            "Second para \\ifdraft draft two\\else final two\\fi.")
    (page,) = _read({"main.tex": _doc(body, "\\newif\\ifdraft\n\\drafttrue\n").encode()})
    assert page.text == "First para.\n\nInner f.\n\nSecond para draft two."


@pytest.mark.parametrize("body,preamble,detail", [
    ("{\\draftfalse Inner \\ifdraft d\\else f\\fi.}\n\nSecond para \\ifdraft draft two\\else final two\\fi.", "",
     "\\ifdraft at main.tex lines 9-9"),
    ("\\final\nSecond para \\ifdraft draft two\\else final two\\fi.", "\\newcommand{\\final}{\\draftfalse}\n",
     "\\ifdraft at main.tex lines 8-9"),
    ("Some words. \\ifx\\foo\\undefined Undefined branch.\\else Defined branch.\\fi", "",
     "\\ifx at main.tex lines 7-7"),
    ("\\ifdefined\\foo Foo defined.\\else Foo missing.\\fi \\verb|\\ifx|", "\\newcommand{\\foo}{x}\n",
     "\\ifdefined at main.tex lines 8-8"),
    # in a footnote: "A note Undefined branch.Defined branch." at the page's foot
    ("Note.\\footnote{A note \\ifx\\foo\\undefined Undefined branch.\\else Defined branch.\\fi}", "",
     "\\ifx at main.tex lines 7-7")])
def test_a_test_whose_branch_is_not_known_refuses_its_page(body, preamble, detail):
    # a switch set inside a group (local to it) or by a macro: the preamble's value was taken ("draft two" under
    # the page's "final two"); TeX's own tests: pandoc printed both branches ("Undefined branch.Defined branch.",
    # agreement 0.94 in a longer paragraph)
    files = {"main.tex": _doc("First para.\n\n" + body, "\\newif\\ifdraft\n\\drafttrue\n" + preamble).encode()}
    (page,) = _read(files)
    assert (page.reason, page.detail) == ("error:latex:conditional",
                                          f"{detail}: which branch TeX took is not known here")


def test_a_macro_whose_body_tests_refuses_the_pages_that_use_it():
    # a preamble macro holding TeX's own test: pandoc wrote out both branches where it was used ("Plain words and
    # \|XY there." for the page's "X"); one never used refuses nothing, nor \ifmmode (pandoc decides it)
    preamble = ("\\usepackage{amssymb}\n\\newcommand{\\foo}{\\ifx\\bar\\undefined X\\else Y\\fi}\n"
                "\\newcommand{\\R}{\\ifmmode\\mathbb{R}\\else$\\mathbb{R}$\\fi}\n\\newcommand{\\viafoo}{(\\foo)}\n")
    (page,) = _read({"main.tex": _doc("Plain words and \\viafoo{} there.", preamble).encode()})
    assert (page.reason, page.detail) == ("error:latex:conditional", "\\ifx in \\viafoo, used at main.tex lines 7-7: "
                                          "which branch TeX took is not known here")
    (page,) = _read({"main.tex": _doc("Plain words on \\R{} here.", preamble).encode()})
    assert page.text == "Plain words on $\\mathbb{R}$ here."


@pytest.mark.parametrize("test", [
    "\\ifdef{\\foo}{\\newcommand\\qq{x}}{\\newcommand\\qq{y}}", "\\ifdefined\\foo\\newcommand\\qq{x}\\else\n"
    "\\newcommand\\qq{y}\\fi", "\\makeatletter\\@ifundefined{foo}{\\def\\qq{y}}{\\def\\qq{x}}\\makeatother"])
def test_a_macro_defined_in_a_test_of_another_is_the_one_tex_took(test):
    # a preamble defining \qq one way or another as \foo is defined or not: pandoc kept the first definition, "x",
    # where TeX took "y" (\foo undefined: the compile recorded no one defined it); decided where the preamble itself
    # defines \foo before the test, refused where a package defines it (which one, before the test or after, is not
    # known here)
    preamble = "\\usepackage{etoolbox}\n" + test + "\n\\ifdefined\\R\\else\\newcommand\\R{reals}\\fi\n"
    assert _texts(_read({"main.tex": _doc("Here \\qq{} there.\n\nThe \\R.", preamble).encode()})) == [
        "Here y there.\n\nThe reals."]
    package = "\\usepackage{amssymb}\n" + preamble.replace("foo", "mathbb")
    (page,) = _read({"main.tex": _doc("Here \\qq{} there.\n\nThe \\R.", package).encode()})
    assert (page.reason, page.detail.split(", used")[0]) == ("error:latex:conditional", "\\ifdefined in \\qq")
    (page,) = _read({"main.tex": _doc("Here \\qq{} there.\n\nThe \\R.", "\\newcommand\\foo{}\n" + preamble).encode()})
    assert page.text == "Here x there.\n\nThe reals."
    # \ifx\foo\undefined: its first branch is taken where \foo is not defined
    preamble = "\\def\\foo{}\\ifx\\foo\\undefined\\def\\qq{u}\\else\\def\\qq{d}\\fi\n"
    assert _texts(_read({"main.tex": _doc("Here \\qq{} there.", preamble).encode()})) == ["Here d there."]


@pytest.mark.parametrize("cls,target", [("article", "Here sec, a and pdf."), ("report", "Here chap, a and pdf.")])
def test_a_macro_defined_in_a_test_of_what_latex_or_the_class_defines_is_the_one_tex_took(cls, target):
    # a class-agnostic preamble's \@ifundefined{chapter}, a test of \section or of pdfTeX's \pdfoutput: the pages
    # using the macros were refused, error:latex:conditional "\ifdefined in \qq" (\chapter "may come from a
    # package"), though the compile knows what LaTeX and the class define
    preamble = ("\\makeatletter\\@ifundefined{chapter}{\\newcommand\\qq{sec}}{\\newcommand\\qq{chap}}\\makeatother\n"
                "\\ifdefined\\section\\newcommand\\sa{a}\\else\\newcommand\\sa{b}\\fi\n"
                "\\ifx\\pdfoutput\\undefined\\def\\mode{dvi}\\else\\def\\mode{pdf}\\fi\n")
    main = _doc("Here \\qq, \\sa{} and \\mode.", preamble).replace("{article}", "{" + cls + "}")
    assert _texts(_read({"main.tex": main.encode()})) == [target]


def test_spaces_set_by_command_in_text_stay_spaces():
    # pandoc dropped them: "a\quad b" was "ab", "3\;m" "3m", "g\hspace{1cm}h" "gh" (agreement 1.0); math keeps its
    # own, a negative space joins
    body = (r"Use 3\;m and 4\:s and a\quad b and c\qquad d and e\enspace f and g\hspace{1cm}h and i\hskip 1em j and "
            r"k\hspace{-1pt}l, m\thinspace n and $x\quad y$." "\n")
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == ("Use 3 m and 4 s and a b and c d and e f and g h and i j and kl, m\u2006n and $x\\quad y$.")


def test_a_space_with_its_length_in_braces_or_of_none_is_set_as_tex_sets_it():
    # "c\hspace{\stretch{1}}d" was "cd" (a length in braces of its own was not read as a space); "a\hspace{0pt}b"
    # prints "ab" (a break allowed, no space) and was "a b"
    body = (r"Use c\hspace{\stretch{1}}d and e\hspace*{\fill}f and a\hspace{0pt}b and g\hspace{ 0em }h and "
            r"i\hspace{-\parindent}j here." "\n")
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == "Use c d and e f and ab and gh and ij here."


def test_a_preamble_definition_with_an_at_name_loses_no_macro():
    # \makeatletter ... \newcommand{\my@x} in the preamble (arXiv papers' \@startsection headings): pandoc read no
    # definition at all, and every macro of the paper was lost ("The pipeline", agreement 0.89; "The @name value.")
    preamble = ("\\newcommand{\\sysname}{Hydra}\n\\makeatletter\n\\newcommand{\\my@name}{Secret}\n"
                "\\renewcommand\\paragraph{\\@startsection{paragraph}{4}{\\z@}{1ex}{-1em}{\\bfseries}}\n"
                "\\makeatother\n")
    body = "The \\sysname{} pipeline runs nightly. \\makeatletter The \\my@name{} value.\\makeatother\n"
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == "The Hydra pipeline runs nightly. The Secret value."


def test_a_definition_pandoc_cannot_read_is_left_out_and_the_others_kept():
    from sources.latex.convert import _with_definitions

    defined = "\\newcommand{\\sysname}{Hydra}\n\\newcommand{\\my@x}{y}\n\\newcommand{\\other}{Kraken}\n\n"
    assert _with_definitions(defined, "The \\sysname{} and \\other{} pipelines.\n").strip() == \
        "The Hydra and Kraken pipelines."


def test_boxes_and_text_symbols_pandoc_dropped_keep_their_text():
    # "\fbox{framed}", "\makebox[2cm]{made box}", "\raisebox{1pt}{raised}", "\resizebox{2cm}{!}{words}" printed
    # nothing, nor "Alice\dag" its dagger (agreement 1.0 without them); a tabular in \resizebox stays a table;
    # "hy\-phen" was written with a soft hyphen (U+00AD) inside the word; \today "1970-01-01"
    body = (r"An \makebox[2cm]{made box} and \fbox{framed} and \framebox[2cm][l]{fb} and \raisebox{1pt}{raised} and "
            r"\scalebox{0.8}{scaled} and \resizebox{2cm}{!}{resized words}. Alice\dag{} and Bob\ddag, "
            r"Brand\texttrademark{} and $a^\dag$. A hy\-phen\-ated word.\\ Next line on \today." "\n\n"
            r"\begin{table}[h]\centering\resizebox{0.5\linewidth}{!}{\begin{tabular}{ll}A & B\\ C & D\end{tabular}}"
            r"\caption{Cap.}\end{table}" "\n")
    (page,) = _read({"main.tex": _doc(body, "\\usepackage{graphicx}\n").encode()})
    assert page.text == ("An made box and framed and fb and raised and scaled and resized words. Alice\u2020 and "
                         "Bob\u2021, Brand\u2122 and $a^\\dag$. A hyphenated word.  \nNext line on January 1, 2024."
                         "\n\n|     |     |\n|:----|:----|\n| A   | B   |\n"
                         "| C   | D   |\n\nTable 1: Cap.")


@pytest.mark.parametrize("preamble,expected", [
    ("\\usepackage[british]{babel}\n", "1st January 2024"), ("\\usepackage[australian]{babel}\n", "1 January 2024"),
    ("\\usepackage[english]{babel}\n", "January 1, 2024"), ("\\renewcommand{\\today}{Spring 2024}\n", "Spring 2024"),
    ("\\usepackage[ddmmyyyy]{datetime}\n", None)])
def test_today_in_the_text_is_the_date_as_the_page_prints_it(preamble, expected):
    # under babel \today was left to pandoc, which wrote "1970-01-01" (in a long paragraph above the agreement
    # floor); a form not known here refuses the page
    body = ("This is a long paragraph with many words in it, so that one date does not matter much to the "
            "agreement, written on \\today{} by us.")
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    if expected is None:
        assert (page.reason, page.detail) == ("error:latex:today", "\\today at main.tex lines 4-4: the date as a "
                                              "package prints it is not on the page in a form known here")
    else:
        assert page.text == body.replace("\\today{}", expected)


def test_a_title_dated_today_under_babel_keeps_its_date():
    # british babel prints "1st January 2024" under the title; "January 1, 2024" was looked for and the date dropped
    preamble = "\\usepackage[british]{babel}\n\\title{T}\\author{A}\\date{\\today}\n"
    (page,) = _read({"main.tex": _doc("\\maketitle\nSome words of the paper here.", preamble).encode()})
    assert page.text == "# T\n\nA\n\n1st January 2024\n\nSome words of the paper here."


def test_an_amsart_paper_reads_in_page_order():
    # amsart: the abstract precedes \maketitle in the source but follows the title on the page; no \date
    # prints no date ('January 1, 2024' was made up); a run-in \subsection carries the next line's tag (it was
    # dropped); \address and \email are printed after the last line (they were missing)
    doc = r"""\documentclass{amsart}
\newtheorem{theorem}{Theorem}[section]
\begin{document}
\title{On Pages}
\author{Ada Lovelace}
\address{University of Somewhere}
\email{ada@x.org}
\begin{abstract}
We read pages of text.
\end{abstract}
\maketitle
\section{Introduction}
Pages are read.
\begin{theorem}\label{t}Every page is read.\end{theorem}
\subsection{More}
See Theorem~\ref{t}.
\end{document}
"""
    (page,) = _read({"main.tex": doc.encode()})
    assert page.text == ("# On Pages\n\nAda Lovelace\n\n**Abstract**\n\nWe read pages of text.\n\n# 1 Introduction\n\n"
                         "Pages are read.\n\n**Theorem 1.1**. *Every page is read.*\n\n## 1.1 More\n\n"
                         "See Theorem 1.1.\n\n"
                         "University of Somewhere\n\nEmail address: ada@x.org")
    assert page.meta["text_layer_agreement"] == 1.0


@pytest.mark.parametrize("package, printed", [
    ("\\usepackage[numbers,sort&compress]{natbib}\n", "Many [1–3] and [1, 2, 4, 5] and [4, 5]."),
    ("\\usepackage[numbers,sort]{natbib}\n", "Many [1, 2, 3] and [1, 2, 4, 5] and [4, 5]."),
    ("\\usepackage{cite}\n", "Many [1–3] and [1,2,4,5] and [4,5]."),
    ("", "Many [3, 1, 2] and [1, 2, 4, 5] and [5, 4]."),
])
def test_citation_numbers_sorted_and_compressed_as_the_page_prints_them(package, printed):
    # the numbers came in the order cited ('[3, 1, 2]' for the page's '[1–3]'); agreement counts no digits,
    # so nothing caught it
    bib = "\n".join(f"\\bibitem{{k{i}}} Author {i}. Title {i}." for i in range(1, 6))
    body = (r"Many \cite{k3,k1,k2} and \cite{k1,k2,k4,k5} and \cite{k5,k4}." "\n\n"
            "\\begin{thebibliography}{9}\n" + bib + "\n\\end{thebibliography}")
    (page,) = _read({"main.tex": _doc(body, package).encode()})
    assert page.text.split("\n")[0] == printed


def test_equations_inside_proofs_and_lists_are_numbered_and_count():
    # an equation inside a proof or a list item kept no number and stepped no counter: the next equation
    # was tagged (1) where the page prints (3) (math is no words: agreement could not tell)
    body = r"""\begin{proof}
We have
\begin{equation}
a = b \label{eq:in}
\end{equation}
and so on.
\end{proof}
\begin{itemize}
\item An item with
\begin{align}
c &= d
\end{align}
\end{itemize}
Then
\begin{equation}
e = f
\end{equation}
by \eqref{eq:in}."""
    (page,) = _read({"main.tex": _doc(body, "\\usepackage{amsmath,amsthm}\n").encode()})
    assert page.text == ("*Proof.* We have $$a = b \\tag{1}$$ and so on. ◻\n\n"
                         "- An item with $$\\begin{align*}\n  c &= d \\tag{2}\n  \\end{align*}$$\n\n"
                         "Then\n\n$$e = f \\tag{3}$$\n\nby (1).")  # "Then": one word, once lost


def test_footnotemark_and_footnotetext_number_as_latex_does():
    # \footnotemark printed nothing and stepped no counter, \footnotetext's note was dropped, so the next
    # footnote was numbered 2 where the page prints 3
    body = ("First\\footnote{One.} and second\\footnotemark{} here.\n\\footnotetext{Two from text.}\n"
            "Third\\footnote{Three.}.")
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == ("First$^{1}$ and second$^{2}$ here. Third$^{3}$.\n\n$^{1}$ One.\n\n$^{2}$ Two from text.\n\n"
                         "$^{3}$ Three.")
    assert page.meta["text_layer_agreement"] == 1.0


@pytest.mark.parametrize("preamble, body, detail", [
    ("\\usepackage{graphicx}\n", "Text.\n\\includegraphics{figures/missing}",
     "main.tex: ./main.tex:5: LaTeX Error: File `figures/missing' not found."),
    ("\\usepackage{neurips_2024}\n", "Text.",
     "main.tex: ! LaTeX Error: File `neurips_2024.sty' not found."),
])
def test_a_missing_figure_or_package_is_one_precise_reject(preamble, body, detail):
    records = _read({"main.tex": _doc(body, preamble).encode()})
    assert [(r.reason, r.detail) for r in records] == [("error:latex:compile", detail)]


def test_an_input_found_in_a_subfolder_as_tex_finds_it():
    # the compile searches subfolders (TEXINPUTS=.//): \input{intro} read sections/intro.tex, and so must
    # the blocks, or the section was missing from the target
    files = {"main.tex": _doc("Before.\n\n\\input{intro}\n\nAfter.", "\\usepackage{notation}\n").encode(),
             "sections/intro.tex": b"\\section{Intro}\nFrom the subfolder, $\\R$.\n",
             "styles/notation.sty": b"\\newcommand{\\R}{\\mathbb{R}}\n\\RequirePackage{amssymb}\n"}
    (page,) = _read(files)
    assert page.text == "Before.\n\n# 1 Intro\n\nFrom the subfolder, $\\mathbb{R}$.\n\nAfter."
    assert page.meta["text_layer_agreement"] == 1.0


def test_an_input_named_from_the_current_folder_is_followed():
    # a review: \\input{./sections/intro} was read, but its blocks were named ./sections/intro.tex where SyncTeX
    # says sections/intro.tex: placed on no page, the section was lost (and its numbers shifted the rest)
    files = {"main.tex": _doc("\\section{Zero}\nWords before it.\n\n\\input{./sections/intro}\n\n\\section{End}\n"
                              "Words after it.").encode(),
             "sections/intro.tex": b"\\section{Intro}\nFrom the subfolder.\n"}
    (page,) = _read(files)
    assert page.text == ("# 1 Zero\n\nWords before it.\n\n# 2 Intro\n\nFrom the subfolder.\n\n# 3 End\n\n"
                         "Words after it.")


def test_a_paragraph_runs_over_a_page_that_ends_in_a_long_footnote():
    # the words before a cut were looked for only among the page's last 80 words: a long footnote at the
    # foot hid them, the cut failed and page 1 took page 2's words (agreement 0.92: kept, and wrong)
    body = (_words(200, 1) + "\\footnote{" + _words(120, 2) + "}\n\n" + _words(150, 3) + "\n" + _words(150, 4)
            + "\n" + _words(150, 5))
    records = _read({"main.tex": _doc(body).encode()})
    assert [r.meta["text_layer_agreement"] for r in records] == [1.0, 1.0]
    assert [b.get("split") for b in records[1].meta["blocks"]] == [True]


def test_a_paragraph_runs_over_to_a_page_that_starts_with_a_long_float():
    # the rest of a broken line was looked for among the next page's first 80 words: a table floated to the
    # top of page 2 came first in its text layer, the cut failed and page 1 took page 2's words
    rows = "\n".join(f"{_words(3, 50 + i)} & {_words(3, 80 + i)} \\\\" for i in range(20))
    table = ("\\begin{table}[t]\n\\caption{" + _words(30, 9) + "}\n\\begin{tabular}{ll}\n" + rows
             + "\n\\end{tabular}\n\\end{table}\n")
    records = _read({"main.tex": _doc(_words(420, 1) + "\n" + table + _words(200, 3)).encode()})
    assert [r.meta["text_layer_agreement"] for r in records] == [1.0, 1.0]
    assert records[1].text.startswith("Table 1: ")


# A second blind hunt's sources (tables, references, proofs): each page was written with the wrong target.
@pytest.mark.parametrize("preamble, body, target", [
    # siunitx's S columns: pandoc made no table ("lSS Name & Mean & Std ...")
    ("\\usepackage{booktabs,siunitx}\n", "Values below.\n\\begin{table}[h]\\centering\n\\begin{tabular}{lSS}\n\\toprule\n"
     "{Name} & {Mean} & {Std} \\\\\n\\midrule\nA & 12.34 & 0.5 \\\\\nB & 3.1 & 1.25 \\\\\n\\bottomrule\n\\end{tabular}\n"
     "\\end{table}",
     "Values below.\n\n| Name | Mean  | Std  |\n|:-----|:-----:|:----:|\n| A    | 12.34 | 0.5  |\n| B    |  3.1  | 1.25 |"),
    # after >{\centering\arraybackslash} pandoc dropped a cell starting with a digit ("12.34" gone, agreement 1.0)
    ("\\usepackage{array}\n", "Values below.\n\\begin{table}[h]\\centering\n\\begin{tabular}{l>{\\centering\\arraybackslash}"
     "p{2cm}c}\nName & Mean & X \\\\\nApple & 12.34 & 7\\\\\n\\end{tabular}\n\\caption{Para columns.}\n\\end{table}",
     "Values below.\n\n|       |       |     |\n|:------|:------|:---:|\n| Name  | Mean  |  X  |\n| Apple | 12.34 |  7  |\n\n"
     "Table 1: Para columns."),
    # \makecell's \\ was taken for a new row ("Two" lost, an empty row)
    ("\\usepackage{makecell}\n", "Values below.\n\\begin{table}[h]\\centering\n\\begin{tabular}{lcc}\nName & Mean & X \\\\\n"
     "\\makecell{Two\\\\Lines} & 5 & 6\\\\\nPear & 1 & 2 \\\\\n\\end{tabular}\n\\caption{Made cells.}\n\\end{table}",
     "Values below.\n\n|           |      |     |\n|:----------|:----:|:---:|\n| Name      | Mean |  X  |\n"
     "| Two Lines |  5   |  6  |\n| Pear      |  1   |  2  |\n\nTable 1: Made cells."),
    # a \tag{B} label and an enumitem ref= label are written braced in the .aux: both were "??"
    ("\\usepackage{amsmath,enumitem}\n", "\\begin{equation}\\label{eq:bal} y = 2 \\tag{B} \\end{equation}\nBy \\eqref{eq:bal} "
     "it holds.\n\\begin{enumerate}[label=(C\\arabic*), ref=C\\arabic*]\\item\\label{c1} One.\\end{enumerate}\n"
     "See \\ref{c1} here.",
     "$$y = 2 \\tag{B}$$\n\nBy (B) it holds.\n\n(C1) One.\n\nSee C1 here."),
    # \qedhere stayed in the math; a picture outside a float became '<img src=...>'
    ("\\usepackage{amsmath,amsthm}\n\\usepackage{graphicx}\n", "\\begin{proof} Then \\[ x = y. \\qedhere \\] "
     "\\end{proof}\n\n\\begin{center}\\includegraphics[width=2cm]{logo.png}\\end{center}\n\nWords after the logo.",
     "*Proof.* Then $$x = y.$$ ◻\n\nWords after the logo."),
    # math in a table pandoc writes as HTML (a \multicolumn) was '<em>α</em><sup>2</sup>' and spans
    ("", "A table of terms and the formulas of the objective.\n\n\\begin{tabular}{lcc}\nTerm & \\multicolumn{2}{c}{Formula} "
     "\\\\\nLoss & $\\alpha^2$ & $\\frac{1}{N}$ \\\\\n\\end{tabular}",
     "A table of terms and the formulas of the objective.\n\n<table>\n<tbody>\n<tr>\n<td>Term</td>\n<td colspan=\"2\">"
     "Formula</td>\n</tr>\n<tr>\n<td>Loss</td>\n<td>$\\alpha^2$</td>\n<td>$\\frac{1}{N}$</td>\n</tr>\n</tbody>\n"
     "</table>"),
    # a \ContinuedFloat's caption steps nothing: "Figure 2" for the page's "Figure 1"; \namecref left a gap
    ("\\usepackage{caption}\n\\usepackage{hyperref}\n\\usepackage{cleveref}\n",
     "The results are in the figures below.\n\n\\begin{figure}[h]\\centering\\rule{2cm}{1cm}\\caption{Loss curves.}"
     "\\label{fig:a}\\end{figure}\n\n\\begin{figure}[h]\\ContinuedFloat\\centering\\rule{2cm}{1cm}\\caption{Loss "
     "curves, continued.}\\end{figure}\n\nThe \\namecref{fig:a} above and the \\nameCref{fig:a} show the loss.",
     "The results are in the figures below.\n\nFigure 1: Loss curves.\n\nFigure 1: Loss curves, continued.\n\n"
     "The fig. above and the Figure show the loss."),
    # \paragraph ends the paragraph before it without a blank line; script text as math sets it ('<sub>'); no
    # blank line inside a display (a \label on its own line left one)
    ("\\usepackage{amsmath}\n", "Detail text here.\n\\paragraph{Setup.} The setup is simple.\n\nWater is "
     "H\\textsubscript{2}O, the 1\\textsuperscript{st} rank.\n\\begin{multline}\n\\label{eq:m}\nm = a + b \\\\\n+ c\n"
     "\\end{multline}\nwhich holds.",
     "Detail text here.\n\n**Setup.** The setup is simple.\n\nWater is H$_{\\text{2}}$O, the 1$^{\\text{st}}$ rank.\n\n"
     "$$\\begin{multline*}\nm = a + b \\\\\n+ c \\tag{1}\n\\end{multline*}$$\n\nwhich holds."),
])
def test_tables_references_and_proofs_as_the_page_prints_them(preamble, body, target):
    import io

    from PIL import Image

    logo = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(logo, "PNG")
    (page,) = _read({"main.tex": _doc(body, preamble).encode(), "logo.png": logo.getvalue()})
    assert page.text == target


def test_a_table_of_contents_is_in_the_target_as_the_page_prints_it():
    # pandoc drops \tableofcontents: "Contents" and its entries were missing (page written, 0.89)
    body = "\\tableofcontents\n\\section{Intro}\nWords of the introduction.\n\\section{Method}\nWords of the method."
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == ("# Contents\n\n1 Intro 1\n\n2 Method 1\n\n# 1 Intro\n\nWords of the introduction.\n\n"
                         "# 2 Method\n\nWords of the method.")


def test_a_table_of_contents_that_pushes_a_section_to_the_next_page_prints_its_new_page(tmp_path):
    import pymupdf

    # the contents, read back on the second run, pushed "4 Method" to page 2: capped at two runs, the page
    # printed the first run's "4 Method 1" while the target, from the last run's entries, said "4 Method 2"
    filler = " ".join(["Words of the introduction fill this page with ordinary text."] * 8)
    closing = " ".join(["More words close the introduction here."] * 9)
    body = ("\\tableofcontents\n\\section{Intro}\nShort.\n\\section{Background}\nShort.\n\\section{Related}\n"
            + "\n\n".join([filler] * 3) + "\n\n" + closing + "\n\\section{Method}\nWords of the method.")
    first, second = _texts(_read({"main.tex": _doc(body).encode()}))
    # what the page prints (the target's entries come from the last run, whatever the page shows)
    (tmp_path / "main.tex").write_text(_doc(body))
    with pymupdf.open(stream=compile_project(tmp_path, "main.tex").pdf, filetype="pdf") as pdf:
        assert "\n3\nRelated\n1\n4\nMethod\n2\n" in pdf[0].get_text()
    assert first.startswith("# Contents\n\n1 Intro 1\n\n2 Background 1\n\n3 Related 1\n\n4 Method 2\n\n# 1 Intro\n\n")
    assert second.endswith("More words close the introduction here.\n\n# 4 Method\n\nWords of the method.")


def test_a_table_of_contents_that_never_settles_is_refused_not_written_with_entries_the_page_lacks(tmp_path):
    import pymupdf

    # each run writes a contents line of its own number: after the runs' cap the page printed "Run 3" (read back
    # from the run before) and the target, from the last run's entries, said "Run 4" (page written)
    preamble = ("\\makeatletter\n\\newcount\\vlruns\n\\AtBeginDocument{\\@ifundefined{vlprevruns}{\\vlruns=0}"
                "{\\vlruns=\\vlprevruns}\\advance\\vlruns by 1\n"
                "\\immediate\\write\\@auxout{\\gdef\\string\\vlprevruns{\\the\\vlruns}}"
                "\\addtocontents{toc}{\\protect\\contentsline{section}{Run \\the\\vlruns}{1}{}}}\n\\makeatother\n")
    body = "\\tableofcontents\n\\section{Intro}\nWords of the introduction.\n"
    (tmp_path / "main.tex").write_text(_doc(body, preamble))
    with pytest.raises(CompileFailed) as refused:
        compile_project(tmp_path, "main.tex")
    assert refused.value.reason == "error:latex:unstable" and "after 4 runs" in str(refused.value)
    [reject] = _read({"main.tex": _doc(body, preamble).encode()})
    assert isinstance(reject, Reject) and reject.reason == "error:latex:unstable"
    # the same contents line written once settles on the second run and is written as the page prints it
    settled = preamble.replace("\\the\\vlruns}{1}", "1}{1}")
    (page,) = _read({"main.tex": _doc(body, settled).encode()})
    assert page.text.startswith("# Contents\n\nRun 1 1\n\n1 Intro 1\n\n# 1 Intro")
    (tmp_path / "main.tex").write_text(_doc(body, settled))
    with pymupdf.open(stream=compile_project(tmp_path, "main.tex").pdf, filetype="pdf") as pdf:
        assert pdf[0].get_text().startswith("Contents\nRun 1\n1\n1\nIntro\n1\n")


def test_a_nested_list_broken_over_a_page_keeps_its_inner_items():
    # the outer list begun again on page 2 held the inner list before its first \item, which pandoc drops:
    # "The inner first item." and "The inner second item." were in neither page's target
    closing = " ".join(["The remaining paragraph of this page holds enough ordinary words for the page."] * 3)
    body = ("A first paragraph of words.\n\\vspace{18cm}\n\n\\begin{enumerate}\n\\item The outer item has words.\n"
            "\\begin{enumerate}\n\\item The inner first item.\n\\item The inner second item.\n\\end{enumerate}\n"
            "\\item The outer next item.\n\\end{enumerate}\n" + closing)
    first, second = _read({"main.tex": _doc(body).encode()})
    assert first.text == "A first paragraph of words.\n\n1. The outer item has words."
    # the same with the inner list on one line: the piece on page 2 begins with it
    one_line = body.replace("\\begin{enumerate}\n\\item The inner first item.\n\\item The inner second item.\n",
                            "\\begin{enumerate}\\item The inner first item.\\item The inner second item.")
    assert one_line != body
    assert _read({"main.tex": _doc(one_line).encode()})[1].text.startswith(
        "    (a) The inner first item.\n\n    (b) The inner second item.\n\n2. The outer next item.\n\n")
    # item 1 goes on (begun again, with no label, to hold the inner list), the labels as printed
    assert second.text.startswith("    (a) The inner first item.\n\n    (b) The inner second item.\n\n"
                                  "2. The outer next item.\n\n")


def test_list_labels_are_the_ones_the_page_prints():
    # a blind hunt: every enumerate was written 1., 2., ...: a nested one prints (a), (b); a \setcounter'd
    # item 5.; \item[A.] its own label (the next item 1.); an itemize's \item[(i)] lost its label; enumitem's
    # label=(\alph*) (a), (b), and [resume] 3.
    body = ("Nested list:\n\\begin{enumerate}\n\\item Outer one.\n  \\begin{enumerate}\n  \\item Inner first.\n"
            "  \\item Inner second.\n  \\end{enumerate}\n\\item Outer two.\n\\end{enumerate}\nSkipped numbering:\n"
            "\\begin{enumerate}\n\\setcounter{enumi}{4}\n\\item Fifth item.\n\\end{enumerate}\n\\begin{enumerate}\n"
            "\\item[A.] Lettered one.\n\\item Auto two.\n\\end{enumerate}\n\\begin{itemize}\n\\item[(i)] first custom,\n"
            "\\end{itemize}\nSteps:\n\\begin{enumerate}[label=(\\alph*)]\n\\item Collect the data.\n\\end{enumerate}\n"
            "\\begin{enumerate}[resume]\n\\item Train the model.\n\\end{enumerate}")
    (page,) = _read({"main.tex": _doc(body, "\\usepackage{enumitem}\n").encode()})
    assert page.text == ("Nested list:\n\n1. Outer one.\n\n    (a) Inner first.\n\n    (b) Inner second.\n\n2. Outer two."
                         "\n\nSkipped numbering:\n\n5. Fifth item.\n\nA. Lettered one.\n\n1. Auto two.\n\n(i) first custom,"
                         "\n\nSteps:\n\n(a) Collect the data.\n\n2. Train the model.")
    # a description inside an enumerate keeps its terms (taken for the list's own labels, they were lost)
    nested = ("Intro words.\n\\begin{enumerate}\n\\item First.\n\\begin{description}\n\\item[Term] Its meaning.\n"
              "\\end{description}\n\\item Second.\n\\end{enumerate}")
    (page,) = _read({"main.tex": _doc(nested).encode()}, min_page_agreement=0)
    assert page.text == "Intro words.\n\n1. First.\n\n    Term  \n    Its meaning.\n\n2. Second."


def test_a_list_inside_a_quote_or_a_theorem_prints_the_labels_the_page_prints():
    # a list inside quote/quotation (or a theorem) was left to pandoc: "> 1. five" for the page's "(x) five",
    # "> - st" for its star, "> 1. a" for a nested enumerate's "(a)"
    body = ("\\begin{quote}\n\\begin{itemize}\n\\item[$\\star$] st\n\\item seven\n\\end{itemize}\n\\end{quote}\n\n"
            "\\begin{quotation}\n\\begin{enumerate}\n\\item[(x)] five\n\\item six\n\\begin{enumerate}\n\\item inner\n"
            "\\end{enumerate}\n\\end{enumerate}\n\\end{quotation}\n\n"
            "\\begin{theorem}\nBoth:\n\\begin{enumerate}\n\\item[(i)] one;\n\\item two.\n\\end{enumerate}\n"
            "\\end{theorem}")
    (page,) = _read({"main.tex": _doc(body, "\\newtheorem{theorem}{Theorem}\n").encode()})
    assert page.text == ("> $\\star$ st\n>\n> - seven\n\n> (x) five\n>\n> 1. six\n>\n>     (a) inner\n\n"
                         "**Theorem 1** *Both:*\n\n(i) *one;*\n\n1. *two.*")


def test_an_itemize_items_own_labels_print_where_no_counter_was_stepped():
    # a document that steps no counter has no numbers record: its itemize's \item[--], \item[] and \item[(a)]
    # were written "- dash text", "- empty text", "- paren text" (the page prints "–", nothing and "(a)")
    body = ("\\begin{itemize}\n\\item[--] dash text\n\\item[] empty text\n\\item[(a)] paren text\n"
            "\\item plain text\n\\end{itemize}")
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == "\u2013 dash text\n\nempty text\n\n(a) paren text\n\n- plain text"


_SENTENCE = "The model reads pages of text and learns how formulas and tables are laid out on paper."


@pytest.mark.parametrize("cls, front, title", [
    # IEEEtran prints no date (the target had "January 1, 2024") and its author blocks' text (it had none)
    ("[conference]{IEEEtran}", "\\title{A Study}\n\\author{\\IEEEauthorblockN{A. Author}\\IEEEauthorblockA{Univ}}\n"
     "\\maketitle\n", "# A Study\n\nA. Author Univ\n\n"),
    # llncs: no date; its \institute under the authors
    ("{llncs}", "\\title{A Study}\n\\author{A. Author}\n\\institute{Univ}\n\\maketitle\n", "# A Study\n\nA. Author\n\nUniv\n\n"),
    # revtex: its \affiliation under the authors
    ("[aps,prl]{revtex4-2}", "\\title{A Study}\n\\author{A. Author}\n\\affiliation{Univ}\n\\maketitle\n",
     "# A Study\n\nA. Author\n\nUniv\n\n"),
])
def test_the_publishers_classes_title_blocks_as_printed(cls, front, title):
    name = cls.split("{")[1].rstrip("}") + ".cls"
    needs_tex_files(name)
    main = (f"\\documentclass{cls}\n\\begin{{document}}\n{front}\\section{{Introduction}}\n{_SENTENCE}\n"
            "\\end{document}\n")
    (page,) = _read({"main.tex": main.encode()})
    assert page.text.startswith(title) and "January 1, 2024" not in page.text


def test_an_elsarticle_frontmatter_is_its_title_authors_and_abstract():
    needs_tex_files("elsarticle.cls")
    # the frontmatter environment's title and abstract were in no target (page written, 0.84)
    main = ("\\documentclass{elsarticle}\n\\begin{document}\n\\begin{frontmatter}\n\\title{A Study}\n\\author{A. Author}\n"
            "\\begin{abstract}\nWe study how the model reads pages.\n\\end{abstract}\n\\end{frontmatter}\n"
            f"\\section{{Introduction}}\n{_SENTENCE}\n\\end{{document}}\n")
    (page,) = _read({"main.tex": main.encode()})
    # the date is printed, in the preprint line at the foot of the page
    assert page.text.startswith("# A Study\n\nA. Author\n\nJanuary 1, 2024\n\n**Abstract**\n\nWe study how the model "
                                "reads pages.\n\n# 1 Introduction\n\n")


def test_every_author_with_affiliations_a_today_date_and_ieee_headings_as_printed():
    # a third hunt: only the first \author was written (revtex, acmart, amsart, elsarticle); \date{\today}
    # was checked as the literal "\today" and dropped; \IEEEPARstart{S}{parse} lost "Sparse"; IEEEtran's
    # headings were "I-A" where it prints "A." (\thesubsectiondis)
    main = ("\\documentclass{article}\n\\title{A Note on Graphs}\n\\author{Ann Lee}\n\\date{\\today}\n\\begin{document}\n"
            "\\maketitle\nGraphs are everywhere in computer science and mathematics.\n\\end{document}\n")
    (page,) = _read({"main.tex": main.encode()})
    assert page.text.startswith("# A Note on Graphs\n\nAnn Lee\n\nJanuary 1, 2024\n\nGraphs")
    needs_tex_files("revtex4-2.cls", "IEEEtran.cls")
    main = ("\\documentclass[aps,prl,twocolumn]{revtex4-2}\n\\begin{document}\n\\title{Driven Matter}\n\\author{Laura Chen}\n"
            "\\affiliation{Caltech, Pasadena}\n\\author{Nina Patel}\n\\affiliation{Max Planck Institute, Dresden}\n"
            "\\maketitle\n\\section{Results}\n" + _SENTENCE + "\n\\end{document}\n")
    (page,) = _read({"main.tex": main.encode()})
    assert page.text.startswith("# Driven Matter\n\nLaura Chen\n\nCaltech, Pasadena\n\nNina Patel\n\n"
                                "Max Planck Institute, Dresden\n\n")
    main = ("\\documentclass[conference]{IEEEtran}\n\\begin{document}\n\\section{Introduction}\n\\IEEEPARstart{S}{parse} "
            "channel estimation is a classical problem.\n\\subsection{Contributions}\nWe derive the estimator.\n"
            "\\subsubsection{Impulsive part}\nThe impulsive part is rare.\n\\end{document}\n")
    (page,) = _read({"main.tex": main.encode()})
    assert page.text == ("# I. Introduction\n\nSparse channel estimation is a classical problem.\n\n## A. Contributions\n\n"
                         "We derive the estimator.\n\n### 1) Impulsive part\n\nThe impulsive part is rare.")


def test_ieee_environments_and_a_float_above_the_references_in_the_order_printed():
    # a third hunt: IEEEeqnarray came out as "rCl x(t+1) & = & ..." unnumbered, "\bar{x}" as "\|x"; IEEEproof's
    # head and "Index Terms" were lost; a table above the bibliography went after its "References" heading (the
    # heading's line also holds the last line of the paragraph before it)
    main = ("\\documentclass{article}\n\\begin{document}\n\\section{Method}\nWe report in Table~\\ref{tab:main}.\n"
            "\\begin{table}[h]\n\\centering\n\\caption{Log-likelihood.}\\label{tab:main}\n\\begin{tabular}{lc}\nMethod & "
            "Small \\\\\nVI & 3.2 \\\\\n\\end{tabular}\n\\end{table}\n\\begin{thebibliography}{1}\n\\bibitem{blei2017}\n"
            "David~M. Blei.\n\\newblock Variational inference.\n\\end{thebibliography}\n\\end{document}\n")
    (page,) = _read({"main.tex": main.encode()})
    assert page.text.index("Table 1: Log-likelihood.") < page.text.index("# References")
    needs_tex_files("IEEEtran.cls")
    main = ("\\documentclass[conference]{IEEEtran}\n\\begin{document}\n\\begin{IEEEkeywords}\nconsensus, lossy links\n"
            "\\end{IEEEkeywords}\n\\section{Result}\n\\begin{IEEEproof}\nFollows from the lemma.\n\\end{IEEEproof}\n"
            "The update is\n\\begin{IEEEeqnarray}{rCl}\nx(t+1) & = & W(t) x(t)\\\\\n\\bar{x} & = & \\frac{1}{n} x(0)\n"
            "\\end{IEEEeqnarray}\nfor every step.\n\\end{document}\n")
    (page,) = _read({"main.tex": main.encode()})
    assert page.text == ("***Index Terms*—consensus, lossy links**\n\n# I. Result\n\n*Proof:* Follows from the lemma. ◼\n\n"
                         "The update is\n\n$$\\begin{align*}\nx(t+1) & = & W(t) x(t) \\tag{1}\\\\\n\\bar{x} & = & "
                         "\\frac{1}{n} x(0) \\tag{2}\n\\end{align*}$$\n\nfor every step.")


def test_a_classes_own_theorems_keep_their_heads():
    needs_tex_files("llncs.cls")
    # llncs declares its theorem environments itself: their heads were lost ("Our analysis is sound.")
    main = ("\\documentclass{llncs}\n\\begin{document}\n\\section{Theory}\n" + _SENTENCE + "\n\\begin{theorem}[Soundness]\n"
            "Our analysis is sound.\n\\end{theorem}\n\\begin{lemma}\nEach transformer is monotone.\n\\end{lemma}\n"
            "\\begin{example}\nA loop is a fixpoint.\n\\end{example}\n\\end{document}\n")
    (page,) = _read({"main.tex": main.encode()})
    # and their bodies in the class's fonts: llncs's theorem and lemma italic, its example upright (the target
    # wrote each upright, the page's italics lost)
    # and llncs's heads: "Theorem 1 (Soundness)." all bold, its example's "Example 1." italic (pdfLaTeX's CMBX10
    # and CMTI10; they were written "**Theorem 1** (Soundness).", "**Example 1**.")
    assert page.text.endswith("**Theorem 1 (Soundness).** *Our analysis is sound.*\n\n**Lemma 1.** *Each "
                              "transformer is monotone.*\n\n*Example 1.* A loop is a fixpoint.")


def test_a_koma_addsec_heading_is_an_unnumbered_heading():
    # scrartcl's \addsec heading was lost, the paragraphs before and after it merged into one
    main = ("\\documentclass{scrartcl}\n\\begin{document}\n\\section{Introduction}\nAttention is quadratic in the "
            "sequence length.\n\\addsec{Conclusion}\nWe conclude the report here.\n\\end{document}\n")
    (page,) = _read({"main.tex": main.encode()})
    assert page.text == ("# 1 Introduction\n\nAttention is quadratic in the sequence length.\n\n# Conclusion\n\n"
                         "We conclude the report here.")


def test_a_review_of_the_page_commands_and_list_labels():
    # a listing's text and \verb stay as written (tabular specs, \includegraphics, \tableofcontents were
    # rewritten inside them)
    body = ("Intro text here.\n\\begin{verbatim}\n\\includegraphics[width=3cm]{plot.pdf}\n\\begin{tabular}{@{}l>{\\bfseries}r@{}}\n"
            "\\tableofcontents\n\\end{verbatim}\nInline \\verb|\\includegraphics{a.png}| and \\verb|\\qedhere| in text.")
    (page,) = _read({"main.tex": _doc(body).encode()}, min_page_agreement=0)
    assert page.text == ("Intro text here.\n\n    \\includegraphics[width=3cm]{plot.pdf}\n"
                         "    \\begin{tabular}{@{}l>{\\bfseries}r@{}}\n    \\tableofcontents\n\n"
                         "Inline `\\includegraphics{a.png}` and `\\qedhere` in text.")
    # an item a macro makes takes its own step (the items after it took the steps before theirs: 1, 1, 2);
    # labels in math and symbols as printed ("$$", "" before); plain script text only as math
    body = ("Intro text here.\n\\newcommand\\myitem{\\item}\n\\begin{enumerate}\n\\myitem macro a\n\\item literal b\n"
            "\\item literal c\n\\end{enumerate}\n\\begin{itemize}\n\\item[$\\star$] star item\n\\item[\\S 2] section item\n"
            "\\end{itemize}\nGains of 5\\textsuperscript{\\%} and H\\textsubscript{2}O.")
    (page,) = _read({"main.tex": _doc(body).encode()}, min_page_agreement=0)
    assert page.text == ("Intro text here.\n\n1.  macro a\n\n2. literal b\n\n3. literal c\n\n$\\star$ star item\n\n"
                         "§2 section item\n\nGains of 5<sup>%</sup> and H$_{\\text{2}}$O.")
    # the table of contents down to tocdepth
    body = ("\\setcounter{tocdepth}{1}\n\\tableofcontents\n\\section{Intro}\nWords.\n\\subsection{Deep}\nMore words.")
    (page,) = _read({"main.tex": _doc(body).encode()}, min_page_agreement=0)
    assert page.text.startswith("# Contents\n\n1 Intro 1\n\n# 1 Intro\n\n")


def test_a_koma_abstract_without_heading_and_llncs_references_numbered_as_printed():
    # scrartcl prints its abstract without a heading ("**Abstract**" was written); llncs numbers its
    # references "1." ("[1]" was written)
    main = ("\\documentclass{scrartcl}\n\\begin{document}\n\\begin{abstract}\nWe study efficient attention.\n"
            "\\end{abstract}\n\\section{Introduction}\n" + _SENTENCE + "\n\\end{document}\n")
    (page,) = _read({"main.tex": main.encode()})
    assert page.text.startswith("We study efficient attention.\n\n# 1 Introduction\n\n")
    needs_tex_files("llncs.cls")
    main = ("\\documentclass{llncs}\n\\begin{document}\n\\section{Theory}\n" + _SENTENCE + " See~\\cite{ref1}.\n"
            "\\begin{thebibliography}{8}\n\\bibitem{ref1} Cousot, P., Cousot, R.: Abstract interpretation. In: POPL "
            "(1977)\n\\end{thebibliography}\n\\end{document}\n")
    (page,) = _read({"main.tex": main.encode()})
    assert page.text.endswith("# References\n\n1. Cousot, P., Cousot, R.: Abstract interpretation. In: POPL (1977)")


def test_a_character_set_by_its_code_is_that_character_or_its_page_is_refused():
    # pandoc wrote "Letters ‘ and and and "41 end." for a page that shows "Letters A and A and B and A end."
    body = "Letters \\char`\\A{} and \\char65{} and \\symbol{66} and \\char\"41{} end, \\char'102\\char67D."
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == "Letters A and A and B and A end, BCD."
    # slot 92 is a backslash in T1 and a quote in OT1: which the page shows is not known here
    (page,) = _read({"main.tex": _doc("A backslash \\char92{} here.").encode()})
    assert (page.reason, page.detail) == (
        "error:latex:char", "\\char at main.tex lines 3-3: the character of that font slot is not known here")
    # a macro that sets one: its uses were written without it ("Letter  here")
    preamble = "\\newcommand{\\letA}{\\char65}\n\\newcommand{\\bs}{\\char92}\n"
    (page,) = _read({"main.tex": _doc("Letter \\letA{} here.", preamble).encode()})
    assert page.text == "Letter A here."
    (page,) = _read({"main.tex": _doc("A slash \\bs{} there.", preamble).encode()})
    assert (page.reason, page.detail) == ("error:latex:char", "\\char in \\bs, used at main.tex lines 5-5: the "
                                          "character of that font slot is not known here")


def test_an_authors_own_counters_print_their_values_or_the_page_is_refused():
    # \arabic{step} and the like were written as nothing ("Step and step 2 then and done."), and a \thestep after
    # \setcounter took the value of the last step the compile recorded
    body = ("Step \\stepcounter{step}\\arabic{step} and step \\refstepcounter{step}\\thestep{} then "
            "\\setcounter{step}{4}\\roman{step}, \\Roman{step}, \\thestep{} and \\addtocounter{step}{-2}\\alph{step}"
            "\\Alph{step} done.\n\n\\newcounter{other}\\stepcounter{other}Other \\theother\\ here.")
    (page,) = _read({"main.tex": _doc(body, "\\newcounter{step}\n").encode()})
    assert page.text == "Step 1 and step 2 then iv, IV, 4 and bB done.\n\nOther 1 here."
    # a step in a paragraph of its own (it typesets nothing: SyncTeX places it on no page) and one after a heading
    # count too ("Now step 0." for the page's "Now step 2.")
    body = "First paragraph.\n\n\\stepcounter{step}\n\n\\section{Head}\\stepcounter{step}\nNow step \\arabic{step}."
    (page,) = _read({"main.tex": _doc(body, "\\newcounter{step}\n").encode()})
    assert page.text == "First paragraph.\n\n# 1 Head\n\nNow step 2."
    # a counter a section resets, or LaTeX's own, is not counted here: the page is refused, not written without it
    for preamble, body in [("\\newcounter{step}[section]\n", "\\section{A}\n\\stepcounter{step}Step \\arabic{step}."),
                           ("", "\\section{A}\nIn section \\arabic{section}."),
                           # a \\thex after \\setcounter was written with the value of the step before it ("1")
                           ("\\newcounter{x}[section]\n", "\\section{A}\nItem \\refstepcounter{x}\\thex{} then "
                            "\\setcounter{x}{5}\\thex{} end.")]:
        page = _read({"main.tex": _doc(body, preamble).encode()})[0]
        assert (page.reason, page.detail.split(": ")[1]) == ("error:latex:counter", "the counter's value there is "
                                                                                     "not known here"), body
    # a macro printing one: its uses were written "Step : read." (pandoc wrote nothing for \\arabic)
    preamble = "\\newcounter{step}\n\\newcommand{\\nextstep}{\\stepcounter{step}Step \\arabic{step}:}\n"
    (page,) = _read({"main.tex": _doc("\\nextstep{} read. \\nextstep{} write.", preamble).encode()})
    assert (page.reason, page.detail) == ("error:latex:counter", "\\arabic in \\nextstep, used at main.tex lines 5-5: "
                                          "the counter's value there is not known here")


@pytest.mark.parametrize("preamble,body", [
    ("", "\\pagestyle{fancy}\\fancyhf{}\\fancyfoot[C]{\\thepage}\\markboth{\\thepage}{\\thepage}\nSome text."),
    ("\\newcommand\\myfoot{\\fancyhf{}\\fancyfoot[C]{\\thepage}\\rhead{p. \\thepage}}\n", "\\myfoot Some text."),
    ("\\fancypagestyle{plain}{\\fancyfoot[C]{\\thepage}}\n", "\\thispagestyle{plain}Some text.")])
def test_a_page_number_set_in_the_running_foot_refuses_no_page(preamble, body):
    # fancyhdr's \fancyfoot[C]{\thepage} in the body, or in a macro the body uses: its page was refused,
    # error:latex:counter "\thepage at main.tex lines 5-6", though the number is printed in the foot, never in the
    # text (pandoc writes nothing for the foot's settings)
    files = {"main.tex": _doc(body + "\n\n\\newpage More text.", "\\usepackage{fancyhdr}\n" + preamble).encode()}
    assert _texts(_read(files)) == ["Some text.", "More text."]
    # the page number printed in the text is still no value known here
    files = {"main.tex": _doc("\\fancyfoot[C]{\\thepage}See page \\thepage.", "\\usepackage{fancyhdr}\n").encode()}
    (page,) = _read(files)
    assert (page.reason, page.detail) == ("error:latex:counter", "\\thepage at main.tex lines 4-4: the counter's "
                                          "value there is not known here")


def test_a_boolean_provided_and_set_decides_its_tests():
    # ifthen's \provideboolean and etoolbox's \providebool/\providetoggle declare a switch as \newboolean does:
    # its tests were refused, error:latex:conditional "\ifshowall at main.tex lines 6-6"
    preamble = ("\\usepackage{ifthen,etoolbox}\n\\provideboolean{showall}\\setboolean{showall}{true}\n"
                "\\providebool{wide}\\providetoggle{long}\\toggletrue{long}\n")
    body = "\\ifthenelse{\\boolean{showall}}{Shown}{Hidden} \\ifbool{wide}{wide}{narrow} \\iftoggle{long}{long}{short}."
    assert _texts(_read({"main.tex": _doc(body, preamble).encode()})) == ["Shown narrow long."]


_LEAD = "The lead sentence of this paragraph carries enough words for the page to be read and checked as set: "
_WIDE_LONG = "\\ifbool{wide}{wide}{narrow} \\iftoggle{long}{long}{short}."


@pytest.mark.parametrize("preamble,body,target", [
    # declared and set true in the body, then provided again: taken as a \newif, it reset the switch and the target
    # wrote "Hidden" under the page's "Shown" (agreement 0.95)
    ("\\usepackage{ifthen}\n", "\\newboolean{shown}\\setboolean{shown}{true}\n\\provideboolean{shown}\n"
     + _LEAD + "\\ifthenelse{\\boolean{shown}}{Shown}{Hidden}.", _LEAD + "Shown."),
    ("\\usepackage{ifthen}\n", "\\provideboolean{shown}\\setboolean{shown}{true}\n\\provideboolean{shown}\n"
     + _LEAD + "\\ifthenelse{\\boolean{shown}}{Shown}{Hidden}.", _LEAD + "Shown."),
    ("\\usepackage{ifthen}\n\\newboolean{shown}\\setboolean{shown}{true}\n",
     "\\provideboolean{shown}\n" + _LEAD + "\\ifthenelse{\\boolean{shown}}{Shown}{Hidden}.", _LEAD + "Shown."),
    ("\\usepackage{ifthen}\n\\newboolean{shown}\\setboolean{shown}{true}\n\\provideboolean{shown}\n",
     _LEAD + "\\ifthenelse{\\boolean{shown}}{Shown}{Hidden}.", _LEAD + "Shown."),
    ("\\usepackage{etoolbox}\n", "\\newbool{wide}\\booltrue{wide}\\newtoggle{long}\\toggletrue{long}\n"
     "\\providebool{wide}\\providetoggle{long}\n" + _LEAD + _WIDE_LONG, _LEAD + "wide long."),
    ("\\usepackage{etoolbox}\n\\newbool{wide}\\booltrue{wide}\\newtoggle{long}\\toggletrue{long}\n",
     "\\providebool{wide}\\providetoggle{long}\n" + _LEAD + _WIDE_LONG, _LEAD + "wide long."),
    ("\\usepackage{etoolbox}\n\\newbool{wide}\\booltrue{wide}\\newtoggle{long}\\toggletrue{long}\n"
     "\\providebool{wide}\\providetoggle{long}\n",
     _LEAD + _WIDE_LONG, _LEAD + "wide long."),
    # provided where not declared yet: a declaration (false), then set; a test right after a \providebool was left
    # to pandoc, whose own \newif reset the switch ("narrow" for the page's "wide")
    ("\\usepackage{etoolbox}\n", "\\providebool{wide}\n" + _LEAD + "\\ifbool{wide}{wide}{narrow}; "
     "\\booltrue{wide}\\providebool{wide}\\ifbool{wide}{wide}{narrow}.", _LEAD + "narrow; wide.")])
def test_a_switch_provided_again_keeps_its_value(preamble, body, target):
    # \provideboolean, \providebool and \providetoggle declare a switch only where it is not declared yet
    assert _texts(_read({"main.tex": _doc(body, preamble).encode()})) == [target]


def test_a_newif_again_in_the_preamble_sets_its_switch_false():
    # plain TeX's \newif sets its switch false, a second one too: the \showntrue before it was taken ("Shown" under
    # the page's "Hidden")
    preamble = "\\newif\\ifshown\\showntrue\n\\newif\\ifshown\n"
    assert _texts(_read({"main.tex": _doc(_LEAD + "\\ifshown Shown\\else Hidden\\fi.", preamble).encode()})) == [
        _LEAD + "Hidden."]


def test_a_switch_provided_after_a_local_package_declared_it_refuses_its_tests():
    # the package's \newboolean and \setboolean make the preamble's \provideboolean nothing, and the package is not
    # read here: the switch was taken as declared false there ("Hidden" under the page's "Shown")
    package = b"\\ProvidesPackage{mysw}\n\\RequirePackage{ifthen}\n\\newboolean{shown}\\setboolean{shown}{true}\n"
    body = _LEAD + "\\ifthenelse{\\boolean{shown}}{Shown}{Hidden}."
    (page,) = _read({"main.tex": _doc(body, "\\usepackage{mysw}\n\\provideboolean{shown}\n").encode(),
                     "mysw.sty": package})
    assert (page.reason, page.detail) == ("error:latex:conditional",
                                          "\\ifshown at main.tex lines 5-5: which branch TeX took is not known here")


def test_bold_then_italic_with_nothing_between_is_one_word_as_on_the_page():
    # "**bold***italic*" (CommonMark reads bold then italic) was taken for two words the text layer lacks (it has
    # "bolditalic"): the page was refused as misaligned (67%)
    body = "Some \\textbf{bold}\\textit{italic} words and \\textit{it}\\textbf{bf} end."
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == "Some **bold***italic* words and *it***bf** end."
    from markdown_it import MarkdownIt

    assert MarkdownIt("commonmark").render(page.text) == (
        "<p>Some <strong>bold</strong><em>italic</em> words and <em>it</em><strong>bf</strong> end.</p>\n")


def test_the_comment_packages_included_environments_print_and_excluded_ones_do_not():
    # an \includecomment'd environment's text was in no target (the package typesets it from comment.cut, which
    # SyncTeX placed nowhere: the page was refused as misaligned, or written without it where it was short), and
    # it stood as a paragraph apart where the page runs it on
    body = ("First paragraph here.\n\\begin{notes}\nIncluded note text.\n\\end{notes}\n\\begin{hidden}\nHidden text.\n"
            "\\end{hidden}\n\\begin{comment}\nCommented words.\n\\end{comment}\nLast paragraph.\n\n"
            "\\begin{notes}\nA note of its own.\n\\end{notes}\n\nThe end.")
    preamble = "\\usepackage{comment}\n\\includecomment{notes}\n\\excludecomment{hidden}\n"
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == "First paragraph here. Included note text. Last paragraph.\n\nA note of its own.\n\nThe end."


def test_a_special_comments_text_prints_with_its_before_and_after_code():
    # \specialcomment{notes}{before}{after}: the package typesets the text from comment.cut, which SyncTeX placed
    # nowhere: it was in no target (the page refused as misaligned, or written without it where it was short)
    preamble = ("\\usepackage{comment}\n\\specialcomment{notes}{\\begingroup\\bfseries}{\\endgroup}\n"
                "\\specialcomment{remark}{\\par\\noindent\\textit{Remark:}\n}{\\par}\n"
                "\\specialcomment{hidden}{\\bfseries}{}\n\\excludecomment{hidden}\n")
    body = ("First words here.\n\\begin{notes}\nNote text.\n\\end{notes}\nLast words.\n\\begin{hidden}\nNot shown.\n"
            "\\end{hidden}\n\\begin{remark}\nA remark in its own paragraph.\n\\end{remark}\nThe end.")
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == ("First words here. **Note text.** Last words.\n\n*Remark:* A remark in its own paragraph."
                         "\n\nThe end.")


def test_an_itemizes_own_bullet_is_the_one_the_page_prints():
    # enumitem's label=$\star$ and a preamble's \renewcommand{\labelitemi}{--} were written "- Star one." (the
    # page shows "⋆" and "–"); a nested itemize takes \labelitemii
    body = ("\\begin{itemize}[label=$\\star$]\n\\item Star one.\n\\end{itemize}\n\\begin{itemize}\n\\item Dash one.\n"
            "\\begin{itemize}\n\\item Deeper.\n\\end{itemize}\n\\end{itemize}")
    preamble = "\\usepackage{enumitem}\n\\renewcommand{\\labelitemi}{--}\n\\renewcommand\\labelitemii{+}\n"
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == "$\\star$ Star one.\n\n\u2013 Dash one.\n\n  + Deeper."


def test_an_emphasis_inside_italic_text_is_upright_as_on_the_page():
    # LaTeX sets \emph inside italic text upright: "\emph{a \emph{b} c}" was written "*a *b* c*" (b italic);
    # \textit inside \textit stays italic, an emphasis three deep italic again, math as written
    body = ("Some \\emph{a \\emph{b} c} and \\textit{x \\emph{y} z} and {\\em p {\\em q} r} and "
            "\\textit{u \\textit{v} w} and \\emph{i \\emph{j \\emph{k}}} and $\\emph{m}$ and "
            "\\emph{\\textbf{n} \\emph{o}} and \\emph{f \\textup{g}}.")
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == ("Some *a* b *c* and *x* y *z* and *p* q *r* and *u v w* and *i* j *k* and $\\emph{m}$ and "
                         "***n*** o and *f* g.")


def test_theorem_bodies_are_italic_in_the_plain_style_and_upright_in_the_definition_style():
    # LaTeX's \newtheorem and amsthm's plain style set the body italic, the target wrote it upright ("**Theorem 1**.
    # Every set is small."); an \emph in it is upright, a second paragraph italic too
    preamble = ("\\usepackage{amsthm}\n\\newtheorem{theorem}{Theorem}\n\\newtheoremstyle{slanted}{3pt}{3pt}{\\slshape}"
                "{}{\\bfseries}{.}{ }{}\n\\theoremstyle{slanted}\\newtheorem{claim}{Claim}\n"
                "\\theoremstyle{definition}\n\\newtheorem{definition}{Definition}\n")
    body = ("\\begin{theorem}\nEvery \\emph{finite} set is small.\n\nSo is $x$.\n\\end{theorem}\n\n"
            "\\begin{claim}A claim.\\end{claim}\n\n\\begin{definition}\nA set is small.\n\\end{definition}")
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == ("**Theorem 1**. *Every* finite *set is small.*\n\n*So is $x$.*\n\n**Claim 1**. *A claim.*\n\n"
                         "**Definition 1**. A set is small.")
    kernel = _doc("\\begin{lemma}All is well.\\end{lemma}", "\\newtheorem{lemma}{Lemma}\n")  # LaTeX's own
    (page,) = _read({"main.tex": kernel.encode()})
    assert page.text == "**Lemma 1** *All is well.*"


def test_a_font_familys_text_is_written_as_its_words_in_a_theorem_and_in_the_text():
    # \textrm and \textsf were written as HTML, '<span class="roman">rm</span>', in the target; in an italic theorem
    # body they keep its italics (a family, not a shape)
    preamble = "\\usepackage{amsthm}\n\\newtheorem{theorem}{Theorem}\n"
    body = ("\\begin{theorem}\nEach \\textrm{model} has \\textsf{Adam} steps.\n\\end{theorem}\n\n"
            "Plain \\textrm{roman} and \\textsf{sans} words.")
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == "**Theorem 1**. *Each model has Adam steps.*\n\nPlain roman and sans words."


@pytest.mark.parametrize("body,target", [
    ("{\\em Alpha words\n\nbeta words} gamma words.", "*Alpha words*\n\n*beta words* gamma words."),
    ("\\begin{itshape}\nAlpha words\n\\end{itshape} beta words.", "*Alpha words* beta words."),
    ("{\\itshape Alpha words\\par beta words} gamma words.", "*Alpha words*\n\n*beta words* gamma words."),
    ("{\\em Alpha words\n\nbeta words\n\ndelta words} gamma words.",
     "*Alpha words*\n\n*beta words*\n\n*delta words* gamma words."),
    # a float in the group is set in the normal font (LaTeX's \@floatboxreset): its caption was written italic
    ("{\\em Alpha words\n\n\\begin{figure}[h]\\centering\\rule{1cm}{1cm}\\caption{Cap words}\\end{figure}\n\n"
     "beta words} gamma words.", "*Alpha words*\n\nFigure 1: Cap words\n\n*beta words* gamma words.")])
def test_an_italic_group_over_paragraphs_is_italic_in_each_as_on_the_page(body, target):
    # pandoc set the first paragraph italic only and ended a paragraph where the group closed ("*Alpha words*",
    # "beta words", "gamma words."), and wrote \begin{itshape} as a plain div ("Alpha words", "beta words.")
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == target


@pytest.mark.parametrize("body,target", [
    ("{\\itshape Text words\n\\begin{itemize}\n\\item alpha\n\\begin{enumerate}\n\\item inner\n\\end{enumerate}\n"
     "\\item beta\n\\end{itemize}\n}\n\nAfter words.",
     "*Text words*\n\n- *alpha*\n\n  1. *inner*\n\n- *beta*\n\nAfter words."),
    # a description's term is set by \\descriptionlabel, \\normalfont\\bfseries: bold upright in italic text
    ("{\\itshape Text words\n\\begin{description}\n\\item[Term] alpha\n\\end{description}\n}\n\nAfter words.",
     "*Text words*\n\n**Term** *alpha*\n\nAfter words.")])
def test_a_list_closing_an_italic_group_on_the_line_after_it_is_italic_as_on_the_page(body, target):
    # the line "}" after the list prints nothing, so no page placed it: the group was left open and the page
    # refused (error:latex:convert, "pandoc could not read the paragraph block")
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == target


def test_a_tabular_inside_an_italic_group_or_theorem_has_italic_cells_as_on_the_page():
    # the group's \\itshape holds in the cells: pandoc set them upright ("| alpha | beta |"), and cut the theorem's
    # head off its text ("**Theorem 1**.", "*Both:*")
    preamble = "\\newtheorem{theorem}{Theorem}\n"
    body = ("{\\itshape Text words\n\\begin{tabular}{|l|l|}\\hline\nalpha & \\multicolumn{1}{c|}{beta} \\\\ \\hline\n"
            "gamma & delta\n\\end{tabular}\nmore words}\n\n"
            "\\begin{theorem}\nBoth:\n\\begin{tabular}{ll}\nzeta & \\textbf{eta}\n\\end{tabular}\n\\end{theorem}")
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == ("*Text words*\n\n| *alpha* | *beta*  |\n|:--------|:--------|\n"
                         "| *gamma* | *delta* |\n\n*more words*\n\n**Theorem 1** *Both:*\n\n|        |           |\n"
                         "|:-------|:----------|\n| *zeta* | ***eta*** |")


@pytest.mark.parametrize("body,target", [
    # (review) the line "}" joined to the center before it: the group was closed, and pandoc set no font inside
    # the center ("mid words" upright); it was refused before that
    ("{\\itshape Text words\n\\begin{center}\nmid words\n\\end{center}\n}\n\nAfter words.",
     "*Text words*\n\n*mid words*\n\nAfter words."),
    ("\\begin{theorem}\nText words\n\\begin{quote}\nquoted words\n\n\\end{quote}\nend words.\n\\end{theorem}",
     "**Theorem 1** *Text words*\n\n> *quoted words*\n\n*end words.*")])
def test_a_center_or_quote_inside_an_italic_group_or_theorem_is_italic_as_on_the_page(body, target):
    # the theorem's quote and the text after it were written upright, its head cut off its text
    (page,) = _read({"main.tex": _doc(body, "\\newtheorem{theorem}{Theorem}\n").encode()})
    assert page.text == target


def test_a_size_group_closed_on_the_line_after_a_minipage_is_read():
    # (review) "{\\small", a minipage, then "}": the "}" joined to the minipage, its group opened in a line that
    # printed nothing and was on no page, so pandoc could not read the block (error:latex:convert); read before
    body = "Before words.\n\n{\\small\n\\begin{minipage}{5cm}\nmini words\n\\end{minipage}\n}\n\nAfter words."
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == "Before words.\n\nmini words\n\nAfter words."


@pytest.mark.parametrize("head", ["\\begin{tabular}[t]{ll}", "\\begin{tabular}{p{3cm}l}",
                                  "\\begin{tabularx}{\\linewidth}{XX}"])
def test_a_tabular_with_a_position_width_or_braced_spec_in_an_italic_group_has_italic_cells(head):
    # (review) the column spec after a position or a width, or holding braces, was read as the first cell's text,
    # the tabular lost ("*ll alpha* & *beta*", "*p3cml alpha*", "*XX alpha*"); a row's "\\\\[2pt]" gave the next
    # cell "*[2pt] gamma*"
    body = ("{\\itshape Text words\n" + head + "\nalpha & beta \\\\[2pt]\ngamma & delta\n\\end{"
            + head[7:head.index("}")] + "}\nmore words}\n\nAfter.")
    (page,) = _read({"main.tex": _doc(body, "\\usepackage{tabularx}\n").encode()})
    assert page.text == ("*Text words*\n\n|         |         |\n|:--------|:--------|\n| *alpha* | *beta*  |\n"
                         "| *gamma* | *delta* |\n\n*more words*\n\nAfter.")


def test_display_math_inside_an_italic_group_or_theorem_stands_outside_the_emphasis():
    # "*For all $x$ we have $$x^2 \\geq 0$$ and so on.*": a display inside the emphasis markers, no markdown
    preamble = "\\newtheorem{theorem}{Theorem}\n"
    body = ("\\begin{theorem}\nFor all $x$ we have\n\\[ x^2 \\geq 0 \\]\nand so on.\n\\end{theorem}\n\n"
            "{\\em Text words $$a=b$$ more words} after.")
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == ("**Theorem 1** *For all $x$ we have* $$x^2 \\geq 0$$ *and so on.*\n\n"
                         "*Text words* $$a=b$$ *more words* after.")


@pytest.mark.parametrize("body,target", [
    # (review) the display in a theorem's \\emph: the brace put before it closed the \\emph's argument ("*Let* a
    # words *$$x=1$$ b words hold.*")
    ("\\begin{theorem}\nLet \\emph{a words $$x=1$$ b words} hold.\n\\end{theorem}",
     "**Theorem 1** *Let* a words $$x=1$$ b words *hold.*"),
    # a \\textit's argument as its group: the display was written inside the emphasis, no markdown
    ("Some \\textit{a words \\[ y=2 \\] b words} after.", "Some *a words* $$y=2$$ *b words* after.")])
def test_display_math_in_an_italic_commands_argument_stands_apart_from_the_emphasis(body, target):
    (page,) = _read({"main.tex": _doc(body, "\\newtheorem{theorem}{Theorem}\n").encode()})
    assert page.text == target


@pytest.mark.parametrize("body,target", [
    ("{Upright start \\itshape italic words\\par more italic} after words.",
     "Upright start *italic words*\n\n*more italic* after words."),
    ("{Begin words \\em slanted words\n\nstill slanted} plain words.",
     "Begin words *slanted words*\n\n*still slanted* plain words."),
    ("\\begin{quote}\nUpright start \\itshape italic words\n\nmore italic\n\\end{quote}\n\nAfter words.",
     "> Upright start *italic words*\n>\n> *more italic*\n\nAfter words."),
    # (review) made in a list's item, it holds in the items after it: one group over them lost the list
    # ("Upright *a words*", "*b words*", "c words", no bullets)
    ("\\begin{itemize}\n\\item Upright \\itshape a words\n\nb words\n\\item c words\n\\end{itemize}\n\nAfter.",
     "- Upright *a words*\n\n  *b words*\n\n- *c words*\n\nAfter.")])
def test_an_italic_declaration_made_inside_a_group_is_italic_in_each_paragraph_after_it(body, target):
    # only a group opened by the declaration was split per paragraph: "more italic" and "still slanted" were
    # written upright, and "after words." cut into a paragraph of its own
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == target


def test_an_authors_emphasis_macro_ending_in_xspace_keeps_the_word_after_it():
    # \newcommand{\etal}{\emph{et al.}\xspace}, written out before pandoc read it, ran into the next word
    # ("\xspaceshowed", one unknown command): 'Smith *et al.*this and *Jones* et al. more.', "showed" and "said" lost
    preamble = "\\usepackage{xspace}\n\\newcommand{\\etal}{\\emph{et al.}\\xspace}\n"
    body = "Smith \\etal showed this and \\emph{Jones \\etal said} more."
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == "Smith *et al.* showed this and *Jones* et al. *said* more."


def test_an_emphasis_an_authors_macro_makes_inside_an_emphasis_is_upright_as_on_the_page():
    # \emph reached through the author's \term (or \etal) inside \emph: the page sets it upright, the target
    # wrote it italic with the rest ("*a b c*"), as the emphasis was read before pandoc expanded the macro
    preamble = "\\newcommand\\term[1]{\\emph{#1}}\n\\newcommand\\etal{\\emph{et al.}}\n\\let\\keyword\\emph\n"
    body = "\\emph{a \\term{b} c} and \\term{d} and \\emph{e \\etal{} f \\keyword{g}}"
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == "*a* b *c* and *d* and *e* et al. *f* g"


def test_old_font_switches_inside_emphasis_print_as_latex_defines_them():
    # \\bf, \\rm... are \\normalfont and their own (\\DeclareOldFontCommand): "\\emph{d {\\bf e} f}" was written
    # "*d **e** f*" (bold italic e) and "\\emph{s {\\rm t} u}" "*s t u*" for the page's bold upright e, upright t;
    # \\it is no toggle ("*a *b* c*" before, one emphasis on the page), but ends a bold; an author's macro the same
    preamble = "\\def\\term#1{{\\it #1}}\n\\def\\tbf#1{{\\bf #1}}\n"
    body = ("Some \\emph{a \\term{b} c} and \\emph{d \\tbf{e} f} and \\emph{s {\\rm t} u} and \\textbf{k {\\it l} m} "
            "and $\\bf x$ \\emph{p {\\sl q}} and {\\bf Bold.}")
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == ("Some *a b c* and *d* **e** *f* and *s* t *u* and **k** *l* **m** and $\\bf x$ *p q* "
                         "and **Bold.**")


@pytest.mark.parametrize("preamble", ["\\renewcommand{\\bf}{\\bfseries}\n\\renewcommand{\\rm}{\\rmfamily}\n",
                                      "\\let\\bf\\bfseries\n\\let\\rm\\rmfamily\n"])
def test_old_font_switches_an_author_redefines_print_as_the_author_defines_them(preamble):
    # (review) "\\renewcommand{\\bf}{\\bfseries}" drops LaTeX's \\normalfont: the page's b is bold italic and e
    # italic, written "*a* **b** *c*" and "*d* e *f*" as LaTeX's own \\bf and \\rm
    (page,) = _read({"main.tex": _doc("Some \\emph{a {\\bf b} c} and \\emph{d {\\rm e} f}.", preamble).encode()})
    assert page.text == "Some *a **b** c* and *d e f*."


def test_an_upright_emphasis_inside_a_bold_or_grouped_part_of_italic_text_is_plain_text():
    # (review) an upright part not straight inside the emphasis (in a \textbf, in a group: CVPR's \etal written
    # out) was written as raw HTML: "*x **y <span class="upright">z</span>** w*"; a \textup outside italic text
    # too
    preamble = ("\\usepackage{xspace}\n\\makeatletter\n\\DeclareRobustCommand\\onedot{\\futurelet\\@let@token"
                "\\@onedot}\n\\def\\@onedot{\\ifx\\@let@token.\\else.\\null\\fi\\xspace}\n"
                "\\def\\etal{\\emph{et al}\\onedot}\n\\makeatother\n")
    body = "Both \\emph{x \\textbf{y \\emph{z}} w} and \\emph{Smith \\etal} and \\textup{u} end."
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == "Both *x* ***y* z** *w* and *Smith* et al*.* and u end."


def test_normal_text_inside_bold_text_is_plain_text_as_on_the_page():
    # (review) \textnormal inside \textbf was left as raw HTML: "**b <span class="nodecor">n</span>**" for the
    # page's bold b, medium n; inside bold italic text, and on its own, the same; \textmd's "medium" span too
    body = ("Both \\textbf{b \\textnormal{n}} and \\textbf{c \\textit{x \\textnormal{m}} d} and \\textnormal{o} "
            "and \\textbf{e \\textnormal{\\textit{f}}} and \\textbf{g \\textmd{h}} and \\textit{i \\textmd{j}} end.")
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == "Both **b** n and **c *x*** m **d** and o and **e** *f* and **g** h and *i j* end."


def test_a_plain_font_declaration_inside_bold_or_italic_text_is_plain_text():
    # pandoc read "{\normalfont n}" (and \mdseries, \upshape) as nothing: "\textbf{b {\normalfont n}}" was written
    # "**b n**" for the page's bold b, medium n; one after a declaration in its group ends it there; math as written
    body = ("D \\textbf{b {\\normalfont n}} c. E \\textbf{b {\\mdseries n} m} c. F \\textit{b {\\upshape n}} c. "
            "G \\textit{b {\\mdseries n}} c. H $\\mathbf{x}$ {\\bfseries y \\normalfont z}.")
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == "D **b** n c. E **b** n **m** c. F *b* n c. G *b n* c. H $\\mathbf{x}$ **y** z."


def test_an_italic_switch_inside_math_leaves_a_later_emphasis_italic():
    # (review) "$\it x$" was read as italic text still open: the \emph after it was written upright ("and y here")
    # for the page's italic y
    (page,) = _read({"main.tex": _doc("Let $\\it x$ be and \\emph{y} here.").encode()})
    assert page.text == "Let $\\it x$ be and *y* here."


def test_a_bullet_the_body_renews_is_the_one_the_page_prints_where_it_holds():
    # a \renewcommand\labelitemi in the body was not read (only the preamble's): "- One." for the page's "◇ One."; one
    # made inside a group ends with it, one on the list's own block holds for it and after
    body = ("Intro words here.\n\n\\renewcommand\\labelitemi{$\\diamond$}\n\n\\begin{itemize}\n\\item One.\n"
            "\\end{itemize}\n"
            "Text \\begingroup\\renewcommand{\\labelitemi}{*}\\endgroup between.\n\n\\begin{itemize}\n\\item Two.\n"
            "\\end{itemize}\n\\renewcommand{\\labelitemi}{+}\n\\begin{itemize}\n\\item Three.\n\\end{itemize}")
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == "Intro words here.\n\n$\\diamond$ One.\n\nText between.\n\n$\\diamond$ Two.\n\n+ Three."


def test_a_bullet_renewed_inside_a_group_of_the_lists_block_ends_with_that_group():
    # (review) a \labelitemii renewed inside one nested itemize, and a \labelitemi renewed inside braces in an item,
    # were taken for every item after them in the block: "  o b" for the page's "– b", "o B" for its "• B"
    body = ("Intro.\n\n\\begin{itemize}\n\\item A\n\\begin{itemize}\\renewcommand{\\labelitemii}{o}\n\\item a\n"
            "\\end{itemize}\n\\item B {\\renewcommand{\\labelitemi}{o}}\n\\begin{itemize}\n\\item b\n\\end{itemize}\n"
            "\\item C\n\\end{itemize}")
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == "Intro.\n\n- A\n\n  o a\n\n- B\n\n  - b\n\n- C"


def test_cvprs_dotted_abbreviations_are_written_as_printed():
    # CVPR's \eg tests the next token (\futurelet, \ifx) to print a dot unless one follows: every page using it was
    # refused (error:latex:conditional, "\ifx in \eg")
    preamble = ("\\usepackage{xspace}\n\\makeatletter\n"
                "\\DeclareRobustCommand\\onedot{\\futurelet\\@let@token\\@onedot}\n"
                "\\def\\@onedot{\\ifx\\@let@token.\\else.\\null\\fi\\xspace}\n"
                "\\def\\eg{\\emph{e.g}\\onedot} \\def\\Eg{\\emph{E.g}\\onedot}\n"
                "\\def\\etal{\\emph{et al}\\onedot}\n\\makeatother\n")
    body = "Models, \\eg, transformers, and \\etal. Also \\eg these and \\Eg{} those end."
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == "Models, *e.g*., transformers, and *et al*. Also *e.g*. these and *E.g*. those end."


def test_cvprs_dotted_abbreviations_read_past_a_lines_end_and_stay_as_written_in_verbatim():
    # (review) a dot on the next line (after the line's end, or a comment) was not seen: "*e.g*.. Then" for the
    # page's "e.g. Then"; "\eg" in \verb and in a verbatim environment was written out: "{\emph{e.g}.}" as code
    preamble = ("\\usepackage{xspace}\n\\makeatletter\n"
                "\\DeclareRobustCommand\\onedot{\\futurelet\\@let@token\\@onedot}\n"
                "\\def\\@onedot{\\ifx\\@let@token.\\else.\\null\\fi\\xspace}\n"
                "\\def\\eg{\\emph{e.g}\\onedot}\n\\def\\etal{\\emph{et al}\\onedot}\n\\makeatother\n")
    body = ("Write \\verb|\\eg| for \\eg\n. Then Smith \\etal% a comment\n  . Also \\etal\nnow.\n\n"
            "\\begin{verbatim}\nuse \\eg here\n\\end{verbatim}\n\nEnd.")
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == ("Write `\\eg` for *e.g*. Then Smith *et al*. Also *et al*. now.\n\n    use \\eg here\n\n"
                         "End.")


def test_a_group_after_a_command_that_takes_no_argument_is_kept():
    # pandoc's reader took the group for \noindent's (and \medskip's, \quad's...) argument and dropped it:
    # "\noindent {\it Hypothesize} is composed" was written "is composed" (jgm/pandoc#1783)
    body = ("\\noindent {\\it Hypothesize} is composed of nouns.\n\n\\medskip{\\bf Remark.} A remark here, "
            "with a gap\\quad{\\it after} it and $a \\quad {b}$.")
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == ("*Hypothesize* is composed of nouns.\n\n**Remark.** A remark here, with a gap *after* it and "
                         "$a \\quad {b}$.")


def test_groups_inside_typewriter_text_are_one_code_span():
    # \texttt{a{-}{-}b} was written "`a``-``-``b`" (a span a markdown reader takes for "a``-``-``b"); the page
    # shows "a--b"
    body = "Pass \\texttt{a{-}{-}b} and \\texttt{x{}y} and \\texttt{\\{z\\}} here."
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == "Pass `a--b` and `xy` and `{z}` here."


def test_a_commands_argument_inside_typewriter_text_is_not_opened():
    # opening every plain group in \texttt glued a command to the text after it: "\textbackslash{}begin" became
    # "\textbackslashbegin" and "\emph{name}" "\emphname", commands TeX does not know (the page was refused as
    # misaligned, or written without the words)
    body = ("Type \\texttt{\\textbackslash{}begin} first, then \\texttt{\\~{}/bin} and \\texttt{a\\_{}b} and "
            "\\texttt{\\textbf{main}} in the shell.")
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == "Type `\\begin` first, then `~/bin` and `a_b` and **`main`** in the shell."


def test_a_character_code_in_a_symbol_font_refuses_its_page():
    # pifont's pzd sets a check mark at slot 52, "4" in a text font: "Done {\usefont{U}{pzd}{m}{n}\char52} here." was
    # written "Done 4 here." for the page's "Done ✔here."
    for preamble, body in [("", "Done {\\usefont{U}{pzd}{m}{n}\\char52} here."),
                           ("\\newcommand{\\dingfamily}{\\fontencoding{U}\\fontfamily{pzd}\\selectfont}\n",
                            "Done {\\dingfamily\\char52} here."),
                           ("\\font\\dingfont=pzdr\n\\newcommand{\\cmark}{{\\dingfont\\char52}}\n",
                            "Done \\cmark{} here.")]:
        page = _read({"main.tex": _doc(body, preamble).encode()})[0]
        assert isinstance(page, Reject), page.text
        assert (page.reason, page.detail.split(": ")[1]) == (
            "error:latex:char", "the character of that font slot is not known here"), body
    # a font selected in a group closed before the code is no longer selected there
    (page,) = _read({"main.tex": _doc("Done {\\usefont{U}{pzd}{m}{n}4} and \\char65.").encode()})
    assert page.text.endswith("and A.")


def test_latin_letters_typed_where_greek_holds_refuse_their_page_and_latin_text_marked_so_stays():
    # LGR gives the ASCII letters' slots Greek letters: "logos" after \selectlanguage{greek} is printed "λογος",
    # and the target wrote "logos" (a long Greek paragraph kept the page, agreement 0.913)
    preamble = "\\usepackage[LGR,T1]{fontenc}\n\\usepackage[greek,english]{babel}\n"
    greek = "Κείμενο με πολλές ελληνικές λέξεις εδώ και εκεί για να γεμίσει η σελίδα"
    body = f"English first.\n\n\\selectlanguage{{greek}}\n{greek} logos {greek}."
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert (page.reason, page.detail) == ("error:latex:char", "Latin letters \"logos\" typed in Greek text at "
                                          "main.tex lines 7-8: LGR prints them as Greek letters")
    # Latin text marked as such inside Greek, Greek typed as Greek, and English text after the switch back: kept
    body = (f"\\selectlanguage{{greek}}\n{greek} \\textlatin{{Latin words}} \\foreignlanguage{{english}}{{more}}.\n\n"
            "\\selectlanguage{english}\nEnglish again \\textgreek{κείμενο}.")
    assert _texts(_read({"main.tex": _doc(body, preamble).encode()})) == [
        f"{greek} Latin words more.\n\nEnglish again κείμενο."]


def test_keys_page_styles_and_counters_in_greek_text_are_no_latin_letters():
    # a command's key argument prints nothing: \thispagestyle{empty}, \nocite{a}, \multicolumn{2}{c} in a Greek
    # document refused their pages, error:latex:char 'Latin letters "empty" typed in Greek text'
    needs_tex_files("lgrenc.def", "greek.ldf")
    body = ("\\thispagestyle{empty}\\pagestyle{plain}Λόγος\\nocite{a} εδώ.\n\n"
            "\\begin{tabular}{lc}\\multicolumn{2}{c}{λέξη}\\\\ α & β\\end{tabular}")
    (page,) = _read({"main.tex": _doc(body, "\\usepackage[greek]{babel}\n").encode()})
    assert page.text == ("Λόγος εδώ.\n\n<table>\n<tbody>\n<tr>\n<td colspan=\"2\">λέξη</td>\n</tr>\n<tr>\n"
                         "<td>α</td>\n<td>β</td>\n</tr>\n</tbody>\n</table>")


def test_latin_letters_in_a_document_whose_class_options_make_greek_main_refuse_their_page():
    # babel's languages given as the class's options (\documentclass[english,greek]): Greek the main language, LGR
    # prints "logos" as Greek letters, and the target wrote "logos" (fontenc's last encoding, T1, was taken); with
    # English last the English text stays
    needs_tex_files("lgrenc.def", "greek.ldf")
    greek = "Κείμενο με πολλές ελληνικές λέξεις εδώ και εκεί για να γεμίσει η σελίδα"
    document = ("\\documentclass[11pt,english,greek]{article}\n\\usepackage[LGR,T1]{fontenc}\n\\usepackage{babel}\n"
                f"\\begin{{document}}\n{greek} logos {greek}.\n\\end{{document}}\n")
    (page,) = _read({"main.tex": document.encode()})
    assert (page.reason, page.detail) == ("error:latex:char", "Latin letters \"logos\" typed in Greek text at "
                                          "main.tex lines 5-5: LGR prints them as Greek letters")
    document = document.replace("english,greek", "greek,english").replace(f"{greek} logos {greek}",
                                                                          "We study \\foreignlanguage{greek}{λέξεις}")
    assert _texts(_read({"main.tex": document.encode()})) == ["We study λέξεις."]


_GREEK = "Κείμενο με πολλές ελληνικές λέξεις εδώ και εκεί για να γεμίσει η σελίδα"


@pytest.mark.parametrize("options,cite,expected", [
    # natbib's authors and notes are set in LGR too: the page printed "(σεε Σμιτη, 2020, π. 5)" and "(Σμιτη, 2020)";
    # the target wrote "(Smith, 2020)" (agreement 0.95), and the note's page named the key "smith" as its letters
    ("", "\\citep[see][p.~5]{smith}", "see"),
    ("", "\\citep[σελ.~5]{smith}", "Smith"),
    ("", "\\citep{smith}", "Smith"),
    # numbers and a Greek note print as typed
    ("numbers", "\\citep[σελ.~5]{smith}", f"{_GREEK} [1, σελ. 5] {_GREEK}.")])
def test_a_citation_in_greek_text_prints_its_authors_and_notes_in_greek_letters(options, cite, expected):
    needs_tex_files("lgrenc.def", "greek.ldf")
    preamble = ("\\usepackage[LGR,T1]{fontenc}\n\\usepackage[greek,english]{babel}\n"
                f"\\usepackage[{options}]{{natbib}}\n")
    body = (f"\\selectlanguage{{greek}}\n{_GREEK} {cite} {_GREEK}.\n\n\\selectlanguage{{english}}\n"
            "\\begin{thebibliography}{1}\n\\bibitem[Smith(2020)]{smith} J.~Smith. \\newblock Title. 2020.\n"
            "\\end{thebibliography}")
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    if options:
        assert page.text == expected + "\n\n# References\n\n[1] J. Smith. Title. 2020."
    else:
        assert (page.reason, page.detail) == ("error:latex:char", f"Latin letters \"{expected}\" typed in Greek text "
                                              "at main.tex lines 6-7: LGR prints them as Greek letters")


def test_a_greek_language_set_inside_a_group_ends_with_it():
    # {\selectlanguage{greek} ...} or \greektext in a group: the English after the group (on its line or the next)
    # refused the page, error:latex:char 'Latin letters "We" typed in Greek text', though TeX ended Greek there
    needs_tex_files("lgrenc.def", "greek.ldf")
    preamble = "\\usepackage[LGR,T1]{fontenc}\n\\usepackage[greek,english]{babel}\n"
    body = ("{\\selectlanguage{greek}Λόγος εδώ.} We study words.\n\n{\\greektext Λέξη\nκαι λόγος.}\nThen more words.")
    assert _texts(_read({"main.tex": _doc(body, preamble).encode()})) == [
        "Λόγος εδώ. We study words.\n\nΛέξη και λόγος. Then more words."]


def test_a_question_mark_and_a_semicolon_in_greek_text_are_written_as_lgr_prints_them():
    # LGR's "?" slot is the Greek question mark ";", its ";" the ano teleia "·", its "``" and "''" single quotes:
    # "Τι είναι? Ναι;" was written as typed; English text, math and keys keep theirs
    needs_tex_files("lgrenc.def", "greek.ldf")
    preamble = "\\usepackage[LGR,T1]{fontenc}\n\\usepackage[english,greek]{babel}\n"
    body = "Τι είναι? Ναι; $a;b$ ``τέλος''. \\textlatin{Why? ``So;''} \\foreignlanguage{english}{Here?} Εδώ?"
    assert _texts(_read({"main.tex": _doc(body, preamble).encode()})) == [
        "Τι είναι; Ναι\u0387 $a;b$ \u2018τέλος\u2019. Why? \u201cSo;\u201d Here? Εδώ;"]


@pytest.mark.parametrize("language, encoding, files", [("greek", "LGR", ("lgrenc.def", "greek.ldf")),
                                                       ("russian", "T2A", ("t2aenc.def", "russianb.ldf"))])
def test_a_character_code_under_a_language_switch_refuses_its_page(language, encoding, files):
    # LGR gives Greek letters the ASCII letters' slots: "\textgreek{\char97}" was written "a" for the page's alpha;
    # each switch babel makes is taken for a font change (T2A keeps ASCII there, but which encoding a language
    # brings is not followed here)
    needs_tex_files(*files)
    preamble = f"\\usepackage[{encoding},T1]{{fontenc}}\n\\usepackage[{language},english]{{babel}}\n"
    switched = [f"Letter \\foreignlanguage{{{language}}}{{\\char97}} here.",
                f"Letter {{\\fontencoding{{{encoding}}}\\selectfont \\char97}} here.",
                f"Some words.\n\n\\begin{{otherlanguage}}{{{language}}}\nLetter \\char97{{}} here.\n"
                "\\end{otherlanguage}",
                f"Some words.\n\n\\selectlanguage{{{language}}}\\char97{{}} here."]
    if language == "greek":
        switched.append("Letter \\textgreek{\\char97} here.")
    for body in switched:
        page = _read({"main.tex": _doc(body, preamble).encode()})[0]
        assert isinstance(page, Reject), (body, page.text)
        assert (page.reason, page.detail.split(": ")[1]) == (
            "error:latex:char", "the character of that font slot is not known here"), body
    # the language loaded but not switched to: the text's own encoding, slot 97 an "a"
    (page,) = _read({"main.tex": _doc("Letter \\char97{} here.", preamble).encode()})
    assert page.text == "Letter a here."
    # a main language of its own: every code is in its encoding
    page = _read({"main.tex": _doc("Letter \\char97{} here.", preamble.replace(
        f"{language},english", f"english,{language}")).encode()})[0]
    assert (page.reason, page.detail.split(": ")[1]) == ("error:latex:char", "the character of that font slot is "
                                                                             "not known here")


def test_a_foreign_language_stretch_is_written_as_its_words():
    # (review) babel's \foreignlanguage came from pandoc as raw HTML: 'A <span lang="el">λόγος</span> and'
    needs_tex_files("lgrenc.def", "greek.ldf")
    preamble = "\\usepackage[LGR,T1]{fontenc}\n\\usepackage[greek,english]{babel}\n"
    body = ("A \\foreignlanguage{greek}{\u03bb\u03cc\u03b3\u03bf\u03c2} and "
            "\\foreignlanguage{english}{\\textsc{Words}} end.")
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == "A \u03bb\u03cc\u03b3\u03bf\u03c2 and Words end."


def test_a_character_code_beside_a_language_switch_that_does_not_hold_there_is_written():
    # (review) a \foreignlanguage or \textgreek closed before the code, a switch back to English (for paragraphs,
    # for an argument) were each taken as selecting the Greek font: the page refused (error:latex:char) for its "A",
    # "B", "C", "D"
    needs_tex_files("lgrenc.def", "greek.ldf")
    preamble = "\\usepackage[LGR,T1]{fontenc}\n\\usepackage[greek,english]{babel}\n"
    body = ("Word \\foreignlanguage{greek}{\u03bb\u03cc\u03b3\u03bf\u03c2} and \\char65{} here, "
            "\\textgreek{\u03b1} and \\char66{} too.\n\n"
            "\\selectlanguage{english}Then \\foreignlanguage{english}{\\char67} and \\char68{} end.")
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == ("Word \u03bb\u03cc\u03b3\u03bf\u03c2 and A here, \u03b1 and B too.\n\n"
                         "Then C and D end.")


def test_a_character_code_in_a_document_whose_class_options_name_greek_refuses_its_page():
    # (review) babel's languages given as the class's options were not read: Greek the main language, "\char97"
    # (LGR's alpha) was written "a"
    needs_tex_files("lgrenc.def", "greek.ldf")
    document = ("\\documentclass[11pt,english,greek]{article}\n\\usepackage[LGR,T1]{fontenc}\n\\usepackage{babel}\n"
                "\\begin{document}\nLetter \\char97{} here.\n\\end{document}\n")
    (page,) = _read({"main.tex": document.encode()})
    assert (page.reason, page.detail) == ("error:latex:char", "\\char at main.tex lines 5-5: the character of that "
                                                              "font slot is not known here")


def test_a_counter_reached_by_name_or_stepped_in_a_loop_is_not_counted_here():
    # a macro advancing \c@step, and a \foreach stepping it three times, were missed: "Go 1, then 1." for the page's
    # "Go 1, then 2."; a \thestep made by \@namedef was written as \arabic ("1" for the page's "S1")
    preamble = ("\\newcounter{step}\n\\makeatletter\n\\newcommand{\\bump}{\\global\\advance\\c@step\\@ne}\n"
                "\\makeatother\n")
    page = _read({"main.tex": _doc("Go \\stepcounter{step}\\arabic{step}, \\bump then \\arabic{step}.",
                                   preamble).encode()})[0]
    assert isinstance(page, Reject), page.text
    assert (page.reason, page.detail) == ("error:latex:counter", "\\arabic{step} at main.tex lines 7-7: the counter's "
                                          "value there is not known here")
    body = "A long sentence here goes first, then \\foreach \\i in {1,2,3}{\\stepcounter{step}}step \\arabic{step} now."
    page = _read({"main.tex": _doc(body, "\\usepackage{pgffor}\n\\newcounter{step}\n").encode()})[0]
    assert isinstance(page, Reject), page.text
    assert page.reason == "error:latex:counter"
    preamble = "\\newcounter{step}\n\\makeatletter\n\\@namedef{thestep}{S\\arabic{step}}\n\\makeatother\n"
    (page,) = _read({"main.tex": _doc("Go \\stepcounter{step}\\thestep{} now.", preamble).encode()})
    assert page.text == "Go S1 now."


def test_a_counter_stepped_in_a_file_input_twice_has_each_readings_value():
    # the values were kept once per file line, so the second \input took the first's: "step 1" for the page's 2
    body = "Intro words here.\n\n\\input{part}\n\nMiddle words here.\n\n\\input{part}\n\nEnd \\arabic{step}."
    files = {"main.tex": _doc(body, "\\newcounter{step}\n").encode(),
             "part.tex": b"Inside the part file, step \\stepcounter{step}\\arabic{step} is shown.\n"}
    (page,) = _read(files)
    assert page.text == ("Intro words here.\n\nInside the part file, step 1 is shown.\n\nMiddle words here.\n\n"
                         "Inside the part file, step 2 is shown.\n\nEnd 2.")


def test_counters_in_verbatim_text_stay_as_written_and_a_footnotes_print():
    # a listing's "\stepcounter{step}\arabic{step}" was written "2" (or lost its \stepcounter) and counted, so the
    # text after it said "Then 2."; a \thestep in a footnote was written as nothing ("Note on step .")
    body = ("Go \\stepcounter{step}\\arabic{step} now\\footnote{Note on step \\thestep.} and \\verb|\\arabic{step}| "
            "here.\n\n\\begin{verbatim}\n\\stepcounter{step}\\arabic{step}\n\\end{verbatim}\nThen \\arabic{step}.")
    (page,) = _read({"main.tex": _doc(body, "\\newcounter{step}\n").encode()})
    assert page.text == ("Go 1 now$^{1}$ and `\\arabic{step}` here.\n\n    \\stepcounter{step}\\arabic{step}\n\n"
                         "Then 1.\n\n$^{1}$ Note on step 1.")


def test_a_footnotes_steps_and_printed_counter_are_the_records():
    # a counter a section resets is the compile's record's: a \thestep in a footnote was written as nothing ("In a
    # note here ." for the page's "here 2"), its step never taken from the record
    body = ("\\section{A}\nGo \\stepcounter{step}\\thestep\\footnote{In a note \\stepcounter{step}here \\thestep.} on "
            "\\stepcounter{step}\\thestep{} now.\n\nThen \\stepcounter{step}\\thestep{} again.")
    (page,) = _read({"main.tex": _doc(body, "\\newcounter{step}[section]\n").encode()})
    assert page.text == "# 1 A\n\nGo 1$^{1}$ on 3 now.\n\nThen 4 again.\n\n$^{1}$ In a note here 2."


def test_a_macro_printing_the_counter_refuses_the_pages_using_it():
    # an environment printing "Step \thestep." was written "**Step .** First step text." (pandoc wrote nothing for
    # \thestep where the environment is used); \arabic there was refused already
    preamble = ("\\newcounter{step}\n\\newenvironment{stepenv}{\\refstepcounter{step}\\par\\noindent"
                "\\textbf{Step \\thestep.} }{\\par}\n")
    body = "Intro text here.\n\n\\begin{stepenv}\nFirst step text.\n\\end{stepenv}"
    page = _read({"main.tex": _doc(body, preamble).encode()})[0]
    assert isinstance(page, Reject), page.text
    assert (page.reason, page.detail) == ("error:latex:counter", "\\thestep in env:stepenv, used at main.tex lines "
                                          "7-9: the counter's value there is not known here")


def test_a_step_inside_an_undecided_test_is_not_counted_as_made():
    # "\ifdraft\else\stepcounter{step}\fi" under a \drafttrue a macro makes (TeX skips the step) was counted as
    # made: "Then 2 now." for the page's "Then 1 now."; a known switch's branch is counted as TeX takes it
    preamble = "\\newcounter{step}\n\\newif\\ifdraft\n\\newcommand{\\setdraft}{\\drafttrue}\n\\setdraft\n"
    body = "Go \\ifdraft\\else\\stepcounter{step}\\fi step.\n\n\\newpage Then \\stepcounter{step}\\thestep{} now."
    first, second = _read({"main.tex": _doc(body, preamble).encode()})
    assert (first.reason, second.text) == ("error:latex:conditional", "Then 1 now.")  # \thestep: the compile's record
    first, second = _read({"main.tex": _doc(body.replace("\\thestep{}", "\\arabic{step}"), preamble).encode()})
    assert (second.reason, second.detail) == ("error:latex:counter", "\\arabic{step} at main.tex lines 9-9: the "
                                              "counter's value there is not known here")
    preamble = "\\newcounter{step}\n\\newif\\ifdraft\n\\drafttrue\n"
    (page,) = _read({"main.tex": _doc(body.replace("\\newpage ", "").replace("\\thestep{}", "\\arabic{step}"),
                                      preamble).encode()})
    assert page.text == "Go step.\n\nThen 1 now."


def test_a_step_inside_a_macro_made_test_is_not_counted_as_made():
    # (review) ifthen's \ifthenelse (and etoolbox's \iftoggle) under a switch a macro sets: both branches' steps were
    # counted as made: "Then 2 now." for the page's "Then 1 now."; the value there is the compile's, or refused
    preamble = ("\\usepackage{ifthen}\n\\newcounter{step}\n\\newboolean{draft}\n"
                "\\newcommand{\\setdraft}{\\setboolean{draft}{true}}\n\\setdraft\n")
    body = ("Go \\ifthenelse{\\boolean{draft}}{}{\\stepcounter{step}} step.\n\n\\newpage Then \\stepcounter{step}"
            "\\thestep{} now.")
    first, second = _read({"main.tex": _doc(body, preamble).encode()})
    assert (first.reason, second.text) == ("error:latex:conditional", "Then 1 now.")  # its branch: not known here
    first, second = _read({"main.tex": _doc(body.replace("\\thestep{}", "\\arabic{step}"), preamble).encode()})
    assert (second.reason, second.detail) == ("error:latex:counter", "\\arabic{step} at main.tex lines 10-10: the "
                                              "counter's value there is not known here")
    # a step after the test's last argument is counted
    body = "Go \\ifthenelse{\\boolean{draft}}{}{}\\stepcounter{step}\\arabic{step} now."
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == "Go 1 now."


_IFTHEN = "\\usepackage{ifthen}\n\\newboolean{draft}\n"
_ETOOLBOX = "\\usepackage{etoolbox}\n\\newtoggle{draft}\n\\newbool{final}\n"


@pytest.mark.parametrize("preamble,body,expected", [
    (_IFTHEN + "\\setboolean{draft}{true}\n", "Go \\ifthenelse{\\boolean{draft}}{A}{B} now.", "Go A now."),
    (_IFTHEN, "Go \\ifthenelse{\\boolean{draft}}{A}{B} now.", "Go B now."),  # never set: false
    (_IFTHEN, "\\setboolean{draft}{true}Go \\ifthenelse{\\not\\boolean{draft}}{A}{B} now.", "Go B now."),
    (_ETOOLBOX + "\\toggletrue{draft}\n", "Go \\iftoggle{draft}{A}{B} \\ifbool{final}{C}{D} now.", "Go A D now."),
    (_ETOOLBOX + "\\setbool{final}{true}\n", "Go \\nottoggle{draft}{A}{B} \\ifbool{final}{C}{D} now.", "Go A C now."),
    (_IFTHEN, "Go \\verb|\\ifthenelse{\\boolean{draft}}{A}{B}| now.", "Go `\\ifthenelse{\\boolean{draft}}{A}{B}` now."),
    (_IFTHEN + "\\newcommand\\setdraft{\\setboolean{draft}{true}}\n\\setdraft\n",
     "Go \\ifthenelse{\\boolean{draft}}{A}{B} now.", "\\ifdraft at main.tex lines 7-7"),
    (_ETOOLBOX + "\\newcommand\\setdraft{\\toggletrue{draft}}\n\\setdraft\n",
     "Go \\iftoggle{draft}{A}{B} now.", "\\iftoggledraft at main.tex lines 8-8"),
    (_ETOOLBOX + "\\newcommand\\setfinal{\\booltrue{final}}\n\\setfinal\n",
     "Go \\ifbool{final}{A}{B} now.", "\\iffinal at main.tex lines 8-8"),
    (_ETOOLBOX + "\\newcommand\\yes{true}\n\\setbool{final}{\\yes}\n",  # a value a macro gives
     "Go \\ifbool{final}{A}{B} now.", "\\iffinal at main.tex lines 8-8"),
    (_IFTHEN, "Go \\ifthenelse{\\equal{\\thesection}{0}}{A}{B} now.", "\\ifthenelse at main.tex lines 5-5"),
    (_IFTHEN, "Go \\ifthenelse{\\equal{\\detokenize{a}}{a}}{A}{B} now.", "\\ifthenelse at main.tex lines 5-5"),
    (_IFTHEN, "Go \\ifthenelse{\\boolean{draft}}{A\nmore}{B} now.", "\\ifthenelse at main.tex lines 5-6")])
def test_a_packages_boolean_test_is_written_as_the_branch_tex_takes_or_refused(preamble, body, expected):
    # (review) pandoc knows no ifthen or etoolbox test: "\ifthenelse{\boolean{draft}}{A}{B}" was written as neither
    # branch ("Go now." for the page's "Go A now."), whatever draft was; a boolean set at the preamble's top level
    # (or never: false) gives its branch, one set by a macro (or a test of anything else) refuses its page
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    if expected.startswith("Go"):
        assert page.text == expected
    else:
        assert (page.reason, page.detail) == ("error:latex:conditional",
                                              f"{expected}: which branch TeX took is not known here")


@pytest.mark.parametrize("test,expected", [
    ("\\boolean{a} \\AND \\boolean{b}", "B"), ("\\boolean{a} \\OR \\boolean{b}", "A"),
    ("\\NOT \\boolean{b} \\AND \\boolean{a}", "A"), ("\\boolean{b}\\OR\\not\\boolean{a}", "B"),
    ("\\boolean{b} \\OR \\boolean{b} \\OR \\boolean{a}", "A"), ("\\equal{\\detokenize{x}}{}", "B"),
    ("\\equal{ab}{ab}", "A"), ("\\equal{ab}{a} \\OR \\boolean{a}", "A"), ("\\NOT\\equal{}{}", "B")])
def test_a_packages_test_of_booleans_joined_by_and_or_is_the_branch_tex_takes(test, expected):
    # (review) ifthen's "\ifthenelse{\boolean{a} \AND \boolean{b}}{A}{B}", common in arXiv sources, refused its
    # page (error:latex:conditional) though each boolean was set once in the preamble; so did an \equal of two
    # texts written out ("\ifthenelse{\equal{\detokenize{x}}{}}", a common guard)
    preamble = _IFTHEN.replace("draft", "a") + "\\newboolean{b}\n\\setboolean{a}{true}\n"
    (page,) = _read({"main.tex": _doc(f"Go \\ifthenelse{{{test}}}{{A}}{{B}} now.", preamble).encode()})
    assert page.text == f"Go {expected} now."


@pytest.mark.parametrize("preamble,expected", [
    (_IFTHEN + "\\AtBeginDocument{\\setboolean{draft}{true}}\n", "Go A now."),
    (_IFTHEN + "\\AtBeginDocument{\\setboolean{draft}{true}}\n\\setboolean{draft}{false}\n", "Go A now."),
    ("\\usepackage{ifthen}\n\\newif\\ifdraft\n\\AtBeginDocument{\\draftfalse}\\drafttrue\n", "Go B now.")])
def test_a_boolean_set_at_the_documents_begin_gives_its_branch(preamble, expected):
    # (review) a boolean set in \AtBeginDocument's argument (run at \begin{document}, after every setting the
    # preamble makes) refused its page as one set inside a macro's body (error:latex:conditional)
    (page,) = _read({"main.tex": _doc("Go \\ifthenelse{\\boolean{draft}}{A}{B} now.", preamble).encode()})
    assert page.text == expected


@pytest.mark.parametrize("preamble", [
    "\\newif\\ifdraft\n\\drafttrue\n\\newcommand{\\foo}{\\ifdraft A\\else B\\fi}\n",
    _IFTHEN + "\\setboolean{draft}{true}\n\\newcommand{\\foo}{\\ifthenelse{\\boolean{draft}}{A}{B}}\n"])
def test_a_macros_test_of_a_switch_set_once_is_written_as_the_branch_tex_takes(preamble):
    # (review) pandoc was given the definition whole and wrote both branches where the macro is used: "Go AB now."
    # for the page's "Go A now."
    (page,) = _read({"main.tex": _doc("Go \\foo{} now.", preamble).encode()})
    assert page.text == "Go A now."


def test_the_footnote_counter_printed_is_the_marks_and_the_page_counter_refuses_its_page():
    # (review) \thefootnote in a footnote or the body, and \thepage, were written as nothing: "See and ." for the
    # page's "See 1 and 1."; a footnote's own prints its number, the body's the last note's (0 before the first), a
    # \fnsymbol one its symbol; \thepage's value (the page TeX was filling as it read the text) is in no record
    body = ("\\section{Intro}\nZero \\thefootnote{} first\\footnote{See \\thefootnote{} in \\thesection.} b "
            "\\thefootnote{} c\\footnote{Two \\thefootnote.} d \\thefootnote.")
    (page,) = _read({"main.tex": _doc(body).encode()})
    assert page.text == ("# 1 Intro\n\nZero 0 first$^{1}$ b 1 c$^{2}$ d 2.\n\n$^{1}$ See 1 in 1.\n\n"
                         "$^{2}$ Two 2.")
    preamble = "\\renewcommand{\\thefootnote}{\\fnsymbol{footnote}}\n"
    (page,) = _read({"main.tex": _doc("A\\footnote{One \\thefootnote.} b \\thefootnote{} c.", preamble).encode()})
    assert page.text == "A$^{*}$ b $*$ c.\n\n$^{*}$ One $*$."
    for body in ("Go here on page \\thepage{} now.", "Go here\\footnote{On page \\thepage.} now."):
        page = _read({"main.tex": _doc(body).encode()})[0]
        assert isinstance(page, Reject), page.text
        assert (page.reason, page.detail) == ("error:latex:counter", "\\thepage at main.tex lines 3-3: the counter's "
                                              "value there is not known here")


@pytest.mark.parametrize("body,expected", [
    ("A\\footnote[7]{See \\thefootnote.} C \\thefootnote.", "A$^{7}$ C 0.\n\n$^{7}$ See 7."),
    ("A\\footnotemark[3] b.\\footnotetext[3]{See \\thefootnote.} C\\footnote{D \\thefootnote.}",
     "A$^{3}$ b. C$^{1}$\n\n$^{3}$ See 3.\n\n$^{1}$ D 1."),
    ("\\begin{minipage}{5cm}Go here\\footnote{In \\thefootnote{} now.}\\end{minipage}\n\nThen \\thefootnote{} now.",
     "Go here$^{a}$\n\nThen 0 now.\n\n$^{a}$ In a now.")])
def test_the_footnote_counter_printed_beside_a_numbered_or_minipage_note_is_its_own(body, expected):
    # (review) a note given its number ("\footnote[7]{See \thefootnote.}") printed the last numbered note's
    # mark in it ("See 0." for the page's "See 7."), and a minipage's note ("a", its own counter) was taken as the
    # footnote counter's value after it ("Then a now." for the page's "Then 0 now."); the page's alignment is
    # not what is tested here (a minipage's note is set under it, not at the foot the target puts it)
    (page,) = _read({"main.tex": _doc(body).encode()}, min_page_agreement=0.0)
    assert page.text == expected


def test_a_counters_preamble_settings_give_the_value_the_body_starts_with():
    # the body was counted from 0: "\setcounter{step}{5}" in the preamble, then a step, was written "Go 1 now." for
    # the page's "Go 6 now."
    for preamble, printed in [("\\setcounter{step}{5}\n", "6"), ("\\addtocounter{step}{2}\\stepcounter{step}\n", "4")]:
        (page,) = _read({"main.tex": _doc("Go \\stepcounter{step}\\arabic{step} now.",
                                          "\\newcounter{step}\n" + preamble).encode()})
        assert page.text == f"Go {printed} now."


def test_enumitems_setlist_label_is_the_itemize_bullet_over_labelitemi():
    # \setlist[itemize]{label=$\circ$} holds over \renewcommand{\labelitemi}{--}: the items were written "– First
    # one." for the page's "◦First one."; \setlist[itemize,1] names the outer level alone
    preamble = ("\\usepackage{enumitem}\n\\setlist[itemize]{label=$\\circ$}\n\\renewcommand{\\labelitemi}{--}\n"
                "\\setlist[itemize,2]{label=+, leftmargin=*}\n")
    body = "\\begin{itemize}\n\\item First one.\n\\begin{itemize}\n\\item Inner one.\n\\end{itemize}\n\\end{itemize}"
    (page,) = _read({"main.tex": _doc(body, preamble).encode()})
    assert page.text == "$\\circ$ First one.\n\n  + Inner one."


def test_the_comment_package_loaded_by_a_local_package_hides_its_excluded_environments():
    # \RequirePackage{comment} in the project's own .sty was not seen: the excluded environment's lines ended the
    # paragraph ("First paragraph here.\n\nLast paragraph." for the page's one paragraph)
    body = "First paragraph here.\n\\begin{hidden}\nHidden text.\n\\end{hidden}\nLast paragraph."
    files = {"main.tex": _doc(body, "\\usepackage{mystyle}\n").encode(),
             "mystyle.sty": b"\\RequirePackage{comment}\n\\excludecomment{hidden}\n"}
    (page,) = _read(files)
    assert page.text == "First paragraph here. Last paragraph."


def test_a_counter_printed_in_the_title_refuses_its_page():
    # no counter is counted in the title the preamble sets: "\title{Report number \arabic{step}}" was written
    # "# Report number" for the page's "Report number 3"
    preamble = "\\newcounter{step}\\setcounter{step}{3}\n\\title{Report number \\arabic{step}}\n\\author{A. Writer}\n"
    page = _read({"main.tex": _doc("\\maketitle\nBody text here.", preamble + "\\date{}\n").encode()})[0]
    assert isinstance(page, Reject), page.text
    assert (page.reason, page.detail) == ("error:latex:counter", "\\arabic{step} at main.tex lines 7-7: the counter's "
                                          "value there is not known here")
