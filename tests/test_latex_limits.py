"""The latex source's compile limits: a source over its memory limit is one precise reject."""

from __future__ import annotations

import pytest

from shards import Reject
from sources.latex.compile import find_pdflatex
from sources.latex.read import LatexOptions, read_latex

pytestmark = pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (.ci/run installs it)")

PAPER = rb"""\documentclass{article}
\begin{document}
A short paper about heat flow in a thin rod, long enough to be a page of its own.
\end{document}
"""


@pytest.mark.parametrize("memory_mb", [8, 64])
def test_a_compile_over_its_memory_limit_is_one_reject_that_says_so(memory_mb):
    # 8 MB: pdfTeX cannot map its libraries; 64 MB: its own allocations fail ("memory exhausted")
    [reject] = read_latex(PAPER, "paper.tex", LatexOptions(compile_memory_mb=memory_mb))
    assert isinstance(reject, Reject) and reject.reason == "error:latex:memory"
    assert reject.detail.startswith(f"paper.tex: pdfLaTeX ran out of its {memory_mb} MB memory limit: ")
    assert ("memory exhausted" if memory_mb == 64 else "failed to map") in reject.detail
