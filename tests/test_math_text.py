"""A web page's formulas as TeX (`sources.web.math_text`): the TeX a page carries, or pandoc's reading of its
MathML, each on one line with its delimiters."""

from __future__ import annotations

from sources.web.math_text import tex_of


def test_tex_is_taken_as_it_is_and_mathml_is_read_by_pandoc():
    atoms = [{"tex": " \\pi r^2\n", "mathml": None, "display": False},
             {"tex": None, "mathml": "<math><mfrac><mn>1</mn><mi>x</mi></mfrac></math>", "display": True},
             {"tex": None, "mathml": "<math><msub><mi>x</mi><mi>i</mi></msub></math>", "display": False},
             {"tex": None, "mathml": None, "display": False},  # a frame without its source
             {"tex": "  ", "mathml": "<math></math>", "display": False}]  # nothing in either
    assert tex_of(atoms) == ["$\\pi r^2$", "$$\\frac{1}{x}$$", "$x_{i}$", None, None]


def test_a_page_without_formulas_costs_no_pandoc_call(monkeypatch):
    import pypandoc

    monkeypatch.setattr(pypandoc, "convert_text", lambda *a, **k: (_ for _ in ()).throw(AssertionError("called")))
    assert tex_of([]) == []


def test_tex_pandoc_cannot_read_is_not_known():
    # a third hunt: KaTeX's `macros` option draws "\\RR^n" as ℝⁿ; its TeX was written as the target. mhchem's
    # \\ce is a renderer's extension: kept
    atoms = [{"tex": "\\RR^n"}, {"tex": "\\norm{Ax} \\le 1"}, {"tex": "\\ce{H2O}"}, {"tex": "\\mathbb{R}^n"}]
    assert tex_of(atoms) == [None, None, "$\\ce{H2O}$", "$\\mathbb{R}^n$"]


def test_mediawikis_style_wrapper_is_left_out_where_it_wraps_the_whole_formula():
    atoms = [{"tex": "{\\displaystyle a^{2}+b^{2}=c^{2}}"}, {"tex": "{\\textstyle \\{a\\}}"},
             {"tex": "{\\displaystyle x} + {y}"}]  # the last: two groups, no wrapper round the whole
    assert tex_of(atoms) == ["$a^{2}+b^{2}=c^{2}$", "$\\{a\\}$", "${\\displaystyle x} + {y}$"]
