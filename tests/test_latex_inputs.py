"""What TeX reads is what the targets hold: ``\\input`` wherever it stands, ``\\endinput``, name.tex before
name, a Latin-1 macro file; and no interleaved part carries a page the page check refused."""

from __future__ import annotations

import pytest

from samples.latex_maker import make_archive
from shards.reject import Reject
from shards.sample import Sample
from sources.latex.compile import find_pdflatex
from sources.latex.read import LatexOptions, read_latex

pytestmark = pytest.mark.skipif(find_pdflatex() is None, reason="pdfLaTeX is not installed (tools/install-tex)")


def _records(files: dict[str, bytes]) -> list:
    return list(read_latex(make_archive(files), "probe.tar.gz", LatexOptions()))


def _doc(records) -> dict[int, str]:
    return {r.meta["page"]: r.text for r in records if isinstance(r, Sample) and r.kind == "doc_ocr"}


def _texts(records) -> list[list[str]]:
    return [[s.get("text") for s in r.segments] for r in records if isinstance(r, Sample) and r.kind == "interleaved"]


def _main(body: str, preamble: str = "") -> bytes:
    return f"\\documentclass{{article}}\n{preamble}\\begin{{document}}\n{body}\\end{{document}}\n".encode()


def test_an_input_inside_a_line_and_one_without_braces_are_read_in_place():
    records = _records({
        "main.tex": _main("\\section{Setup}\nWe describe the rig first. \\input{parts/rig} Then the results.\n\n"
                          "\\input parts/extra\n\nClosing paragraph of the setup section.\n"),
        "parts/rig.tex": b"The rig has four copper plates mounted on a walnut frame.\n",
        "parts/extra.tex": b"An extra paragraph about the calibration of thermocouples.\n"})
    expected = ["# 1 Setup",
                "We describe the rig first. The rig has four copper plates mounted on a walnut frame. Then the results.",
                "An extra paragraph about the calibration of thermocouples.", "Closing paragraph of the setup section."]
    assert _doc(records) == {1: "\n\n".join(expected)}
    assert _texts(records) == [expected]


def test_two_inputs_on_one_line_are_both_read():
    records = _records({"main.tex": _main("\\section{Two}\n\\input{a}\\input{b}\n"),
                        "a.tex": b"Input a talks about violins.\n", "b.tex": b"Input b talks about trumpets.\n"})
    assert _doc(records) == {1: "# 1 Two\n\nInput a talks about violins. Input b talks about trumpets."}


def test_endinput_ends_the_file_after_its_line_and_name_tex_is_read_before_name():
    records = _records({
        "main.tex": _main("\\section{Endinput}\nFirst paragraph about copper kettles.\n\n\\input{part}\n\n"
                          "\\input{body}\n"),
        "part.tex": b"Typeset paragraph about maple syrup.\n\\endinput\n\nUntypeset paragraph about hurricanes.\n",
        "body.tex": b"Paragraph from body.tex about tulips.\n",
        "body": b"Paragraph from the extensionless body file about cactus.\n"})
    expected = ["# 1 Endinput", "First paragraph about copper kettles.", "Typeset paragraph about maple syrup.",
                "Paragraph from body.tex about tulips."]
    assert _doc(records) == {1: "\n\n".join(expected)}
    assert _texts(records) == [expected]


def test_text_macros_of_a_latin1_input_file_keep_their_letters():
    records = _records({
        "main.tex": _main("The \\sysname{} pipeline, written by \\authorname, runs each night.\n",
                          "\\usepackage[latin1]{inputenc}\n\\input{defs}\n"),
        "defs.tex": "\\newcommand{\\sysname}{Brännvin}\n\\newcommand{\\authorname}{Jörg Müller}\n".encode("latin-1")})
    assert _doc(records) == {1: "The Brännvin pipeline, written by Jörg Müller, runs each night."}


def test_an_interleaved_part_never_carries_a_page_the_page_check_refused():
    # page 2's text is made by a package macro the target cannot hold: its doc_ocr page is refused, and the
    # part stops before it (it was written with page 2's text missing)
    records = _records({"main.tex": _main("\\section{Rivers}\nAlpha paragraph about rivers and their deltas.\n"
                                          "\\newpage\nBeta paragraph. \\lipsum[1-2]\n", "\\usepackage{lipsum}\n")})
    [refused] = [r for r in records if isinstance(r, Reject)]
    assert (refused.locator, refused.reason) == ("page=2", "filtered:page_misaligned")
    [part] = [r for r in records if isinstance(r, Sample) and r.kind == "interleaved"]
    assert [s["text"] for s in part.segments] == ["# 1 Rivers", "Alpha paragraph about rivers and their deltas."]
    assert part.meta["pages_left_out"] == [{"page": 2, "reason": "filtered:page_misaligned"}]


def test_a_paper_whose_every_page_was_refused_has_no_part_and_one_reject_naming_the_pages():
    records = _records({"main.tex": _main("Alpha paragraph about rivers. \\lipsum[1]\n", "\\usepackage{lipsum}\n")})
    assert not [r for r in records if isinstance(r, Sample)]
    reasons = sorted((r.locator, r.reason, r.detail) for r in records)
    assert reasons[0][:2] == ("interleaved", "filtered:interleaved_pages_refused")
    assert reasons[0][2].startswith("no part left: the page check refused page 1 (filtered:page_misaligned: ")
    assert reasons[1][:2] == ("page=1", "filtered:page_misaligned")
