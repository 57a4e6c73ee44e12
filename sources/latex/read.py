"""A LaTeX project to `doc_ocr` pages whose targets are the LaTeX of the blocks typeset on them, and to
`interleaved` parts (the paper's text with its figures in place).

The project is unpacked into a fresh folder (`project`), compiled by pdfLaTeX with SyncTeX on
(`compile`), cut into blocks (`blocks`), the blocks placed on pages by SyncTeX (`align`) and turned to
markdown by pandoc (`convert`). Each page's image is rendered from the compiled PDF; ``meta`` keeps the
file and line range of each block, and the agreement between the page's text layer and its target
(`agreement`): a page under ``min_page_agreement`` is rejected (``filtered:page_misaligned``), so is a page
a display equation is broken over (``filtered:display_over_pages``: SyncTeX cannot say which rows it
holds), one a ``verbatim`` listing is broken over (``filtered:listing_over_pages``), a page whose footnote
LaTeX ran on to the next page's foot and that page (``filtered:footnote_over_pages``), one with a block
pandoc cannot read (``error:latex:convert``), one showing a figure TeX took from outside the project
(``filtered:figure_outside_project``) and one using a macro whose meaning after a group is not known here
(``error:latex:macro_scope``); a source using a macro that reads a file, or inputting a file a macro names,
where that macro is not defined once in the project (`sources.latex.inputs.input_macros` writes the others out)
is refused (``error:latex:macro_input``), and one testing a file outside the project that the compile's
record does not answer for (``error:latex:file_test``). The interleaved parts leave out every page refused
(`page_refusal`). A source that does not compile is one reject with the log's first error line, unless the
archive ships its PDF: then its pages are read as any PDF's, with the reason kept in ``meta["latex_fallback"]``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import re
import tempfile
from pathlib import Path
from typing import Iterator

from shards.reject import ReasonError, Reject, error_reject
from shards.sample import Sample, make_key
from sources.common.interleaved import KIND as INTERLEAVED
from sources.common.options import ImageStorage, InterleavedOptions
from sources.common.pages import encode_pixmap, render_page
from sources.latex.agreement import layer_words, page_agreement, target_words, text_layers
from sources.latex.align import Piece, place_blocks
from sources.latex.blocks import VERBATIM_ENVS, Block, body_lines, split_blocks, without_verbatim
from sources.latex.characters import font_switches, typeset_characters, unprinted_character
from sources.latex.class_profiles import class_commands
from sources.latex.counters import Counters, unprinted_counter, without_page_styles
from sources.latex.comments import uncommented
from sources.latex.compile import CompileFailed, compile_project
from sources.latex.convert import (References, ams_addresses, block_latex, counted, note_steps, renumbered,
                                   to_markdown)
from sources.latex.defined_tests import decided_definitions
from sources.latex.front_matter import without_title_settings
from sources.latex.greek_text import greek_at_lines, greek_main, greek_punctuation, latin_under_greek
from sources.latex.graphics import GRAPHICS, in_project, typeset_file
from sources.latex.inputs import NOT_CONDITIONALS, NOT_READ_BEFORE
from sources.latex.lists import bullets_in_force, vertical_lists
from sources.latex.macros import (decided, definition_spans, dotted_abbreviations, expand_structural, preamble_text,
                                  structural_macros)
from sources.latex.notes import footnotes, margin_notes
from sources.latex.project import ProjectRefused, main_file, shipped_pdf, unpack, use_bbl
from sources.latex.scopes import reads_file, scoped, uses
from sources.latex.synctex import SyncTex

KIND = "doc_ocr"
SOURCE = "latex"


@dataclasses.dataclass(frozen=True)
class LatexOptions(ImageStorage, InterleavedOptions):
    """How a LaTeX project becomes samples.

    max_image_side: longest side of a rendered page in pixels.
    image_format, jpeg_quality: how page images are stored (`sources.common.options.ImageStorage`).
    compile_seconds: wall-time limit of one pdfLaTeX run (it runs twice).
    compile_memory_mb: address-space limit of the pdfLaTeX process.
    min_page_agreement: a page whose target and text layer share fewer of their words than this is
      misaligned and rejected (`sources.latex.agreement`).
    max_pages: make samples of at most this many pages (0 = all).
    interleaved, token_budget, image_tokens, min_image_side: the `interleaved` parts
      (`sources.common.options.InterleavedOptions`).
    """

    max_image_side: int = 1024
    compile_seconds: float = 60.0
    compile_memory_mb: int = 2048
    min_page_agreement: float = 0.8
    max_pages: int = 0


@dataclasses.dataclass(frozen=True)
class Paper:
    """A compiled project: its folder, main file, PDF, each page's pieces as markdown and each page's text
    layer (included graphics' own text out)."""

    folder: Path
    main: str
    digest: str
    pdf: bytes
    pages: dict[int, list[tuple[Piece, str]]]
    texts: list[str]
    rejected: dict[int, tuple[str, str]]  # page -> (reason, detail): what keeps the page from a true target
    inputs: tuple[str, ...] = ()  # the files pdfLaTeX read (`compile.Compiled.inputs`): the figures it typeset


def read_latex(data: bytes, uri: str, options: LatexOptions = LatexOptions(),
               context=None) -> Iterator[Sample | Reject]:
    """Yield a `doc_ocr` sample or a reject for every page of the LaTeX project in ``data`` (an archive,
    a gzipped or plain ``.tex``), and its `interleaved` parts."""
    wants = context.wants if context is not None else (lambda kind: True)
    if not wants(KIND) and not (options.interleaved and wants(INTERLEAVED)):
        return  # the build asks for neither kind: nothing to compile for
    with tempfile.TemporaryDirectory(prefix="vlbuild-latex-") as tmp:
        folder = Path(tmp) / "project"
        folder.mkdir()
        try:
            main = unpack(data, uri, folder) or main_file(folder)
        except ProjectRefused as exc:
            yield Reject(SOURCE, uri, exc.reason, detail=str(exc))
            return
        if "/" in main:  # TeX finds \input files from the main file's folder: that folder is the project
            folder, main = folder / Path(main).parent, Path(main).name
        use_bbl(folder, main)
        shipped = shipped_pdf(folder, main)
        shipped_bytes = shipped.read_bytes() if shipped else None
        if shipped:
            shipped.unlink()  # the compile must make its own, or fail
        try:
            compiled = compile_project(folder, main, options.compile_seconds, options.compile_memory_mb)
        except CompileFailed as exc:
            if shipped_bytes is None or exc.reason == "error:latex:no_tex":
                yield Reject(SOURCE, uri, exc.reason, detail=f"{main}: {exc}")
            else:
                yield from _shipped_pdf_pages(shipped_bytes, uri, f"{exc.reason}: {exc}", options, context)
            return
        try:
            paper = _aligned(folder, main, hashlib.sha256(data).hexdigest(), compiled)
        except ReasonError as exc:  # a source refused for a reason of its own (a heading format not read)
            yield Reject(SOURCE, uri, exc.reason, detail=f"{main}: {exc}")
            return
        except Exception as exc:  # pandoc or the SyncTeX data failed on this source: say so, go on
            yield error_reject(SOURCE, uri, "latex_align", exc)
            return
        if options.interleaved and wants(INTERLEAVED):
            from sources.latex.interleaved import interleaved_parts

            yield from interleaved_parts(paper, uri, options)
        if wants(KIND):
            yield from _pages(paper, uri, options)


def _runs_on(note: str, words_of, page: int) -> bool:
    """Whether a ``note``'s markdown ends on the page after ``page`` and not on ``page``: its last words, in
    order, on the next page's text layer and not on this one's (a mangled text layer, "offi" ligatures
    lost, leaves a note on neither: not taken for one run on). Its first word is left out: a letter mark
    runs into it ("aAlpha"). ``words_of``: a page's (1-based) text-layer words, None past the last."""
    words = target_words(note)[1:][-4:]

    def holds(number: int) -> bool:
        here = words_of(number) or []
        return any(here[i:i + len(words)] == words for i in range(len(here) - len(words) + 1))

    return bool(words) and holds(page + 1) and not holds(page)


def _margin_side(left: str | None, right: str, words_of, page: int) -> str:
    """The text a ``\\marginpar[left]{right}`` note prints on ``page``: ``left`` where its words are on the
    page's text layer and ``right``'s are not (a two-sided document's even page, ``\\reversemarginpar``)."""
    here = words_of(page)
    if left is None or here is None:  # past the last page
        return right
    here = set(here)
    return left if set(target_words(left)) <= here and not set(target_words(right)) <= here else right


def _aligned(folder: Path, main: str, digest: str, compiled) -> Paper:
    preamble, lines, fixed = body_lines(folder, main, compiled.inputs)
    _refuse_unfollowed_inputs(lines)
    preamble = preamble_text(folder, preamble)  # with its \\input files and local packages (their macros)
    # a macro defined one way or another by \\ifdefined: as TeX took it (what it had where the compile recorded it)
    preamble = decided_definitions(preamble, compiled.defined)
    lines = uncommented(lines, "\n".join(preamble))  # the comment package's environments, as TeX reads them
    lines = dotted_abbreviations(lines, preamble)  # CVPR's \\eg: "e.g." (its test of the next token done here)
    # \\be for \\begin{equation}, \\fn for \\footnote; a macro defined in the body too (a section file's own)
    structural = structural_macros(preamble + [line.text for line in lines])
    # one that reads a file must be refused before its uses are written out (then no use is left to name)
    _refuse_file_reading_macros(lines, [{"\\" + name: body for name, (_, body, _) in structural.items()}] * len(lines))
    lines = expand_structural(lines, structural)
    # each definition from where it is made, a group's only to its end (pandoc, given all, kept the last)
    scopes = scoped(preamble, lines)
    lines = scopes.lines
    _refuse_file_reading_macros(lines, scopes.at)
    source = "\n".join(preamble + [line.text for line in lines])  # the definitions in force, joined once
    body = "\n".join(line.text for line in lines)
    refs = References(compiled.aux, preamble, body, compiled.numbers,
                      Counters(source, lines, "\n".join(preamble)))  # an author's counters from each block's start
    fonts = font_switches(source)  # a \\char in their font: no letter
    printers = _counter_printing(source)  # in a macro: refused
    refs.switches = fixed  # a switch set in the body has no one value: its tests were decided where read, or refused
    # the tests left undecided where read: a switch set inside a group or a macro's body, TeX's own (\\ifx)
    # a package's test left (`sources.latex.package_switches` wrote a boolean's as its switch's): pandoc wrote neither
    # branch ("Go now." for "\\ifthenelse{\\equal{a}{a}}{A}{B}"), but for \\ifstrequal, which it decides
    decidable = sorted({"strequal"} | set(fixed))  # `decided`'s
    tests = re.compile(r"\\if(?!(?:" + "|".join(decidable) + r")(?![A-Za-z@]))[A-Za-z@]+(?![A-Za-z@])")
    undecided: dict[int, str] = {}  # page -> the test and where
    uncoded: dict[int, str] = {}  # page -> a \\char or \\symbol whose character is not known here, and where
    uncounted: dict[int, str] = {}  # page -> a counter printed whose value is not known here, and where
    undated: dict[int, str] = {}  # page -> where \\today stands, printed in a form not known here
    blocks = split_blocks(vertical_lists(class_commands(lines, refs.document), "\n".join(preamble)))
    sync = SyncTex.parse(compiled.synctex, str(folder), compiled.text_height_pt)
    texts = text_layers(compiled.pdf)
    # a page's text-layer words, made once for the checks that read them (notes run on, a margin note's side)
    words_of = functools.lru_cache(maxsize=None)(lambda n: layer_words(texts[n - 1]) if n <= len(texts) else None)
    placed = place_blocks(blocks, sync, texts)
    pieces = sorted((piece for found in placed.values() for piece in found), key=lambda p: (p.index, p.page))
    latex, notes = [], {}  # notes: page -> the footnotes LaTeX sets at its foot, as pieces of their own
    # a body's \\renewcommand{\\labelitemi} where it holds (`item_labels`): (where, to where, definition) in the body
    bullets = bullets_in_force(body)
    offsets = list(itertools.accumulate((len(line.text) + 1 for line in lines), initial=0)) if bullets else []
    # where Greek (LGR) holds, each block's Latin letters would print as Greek ones: its page refused
    greek = greek_main("\n".join(preamble))
    greek_lines = greek_at_lines([line.text for line in lines], greek) if greek is not None else []
    starts = _line_indexes(lines, pieces) if bullets or greek is not None else []  # each piece's first line
    for at, piece in enumerate(pieces):
        continued = at > 0 and pieces[at - 1].index == piece.index
        refs.block = piece.block  # the numbers TeX stepped on its lines are its own (footnotes too)
        if bullets:
            start = offsets[starts[at][0]]
            refs.held_bullets = "\n".join(made for where, end, made in bullets if where < start < end)
        refs.page_text = texts[piece.page - 1] if piece.page <= len(texts) else None  # a title's date is checked
        if piece.block.kind == "title":  # its \\thanks notes are in the title and author the preamble sets
            text, found = footnotes(block_latex(piece.block, refs, counted(piece.block, refs, piece.text, continued)),
                                    refs)
            latex.append(text)
        else:  # the branch of each \\if... TeX took; then the footnotes left in it
            text = without_title_settings(piece.text) if piece.block.kind == "paragraph" else piece.text
            # the author's counters before the footnotes leave: a \\thestep in one has the value where it stands
            text, found = footnotes(counted(piece.block, refs, decided(text, refs.switches), continued), refs)
            # its footnotes' too, taken out above ("A note Undefined branch.Defined branch." at the foot)
            if piece.block.env not in VERBATIM_ENVS and (test := next(filter(None, (
                    _undecided_test(part, tests) for part in [text, *found])), None)):
                undecided[piece.page] = f"{test} at {_where(piece.block)}: which branch TeX took is not known here"
            text, margins = margin_notes(text)  # each a paragraph after the block it stands beside
            margins = [_margin_side(left, right, words_of, piece.page) for left, right in margins]
            if greek_lines and piece.block.env not in VERBATIM_ENVS:  # "?" printed ";" where LGR Greek holds
                text = greek_punctuation(text, greek_lines[starts[at][0]])
            last = at + 1 == len(pieces) or pieces[at + 1].index != piece.index
            latex.append(block_latex(piece.block, refs, text, continued, last) + "".join(f"\n\n{m}" for m in margins))
            found = note_steps(found, refs)
            if refs.today_package and uses("\\today", latex[-1]):  # its form here not known: pandoc's "1970-01-01"
                undated[piece.page] = (f"\\today at {_where(piece.block)}: the date as a package prints it is not on "
                                       "the page in a form known here")
        # a title's too: "\\title{Report \\arabic{step}}" was written "# Report" (no counter is counted in it)
        printing = (unprinted_counter(without_verbatim(part), refs.set_counters) for part in [latex[-1], *found])
        if piece.block.env not in VERBATIM_ENVS and (printing := next(filter(None, printing), None)):
            uncounted[piece.page] = f"{printing} at {_where(piece.block)}: the counter's value there is not known here"
        if (code := next(filter(None, (_unprinted_character(part, fonts) for part in [text, *found])), None)):
            uncoded[piece.page] = f"{code} at {_where(piece.block)}: the character of that font slot is not known here"
        # its citations as printed: natbib's authors and notes are set in LGR too ("\\citep{smith}" printed
        # "(Σμιτη, 2020)" under the target's "(Smith, 2020)"; a note "[see]" "σεε")
        elif greek_lines and piece.block.env not in VERBATIM_ENVS and (latin := latin_under_greek(
                refs.citations.resolve(without_verbatim(_without_definitions(text))),
                greek_lines[starts[at][0]])):
            uncoded.setdefault(piece.page, f"Latin letters \"{latin}\" typed in Greek text at {_where(piece.block)}: "
                               "LGR prints them as Greek letters")
        note_block = dataclasses.replace(piece.block, kind="footnote", env="")
        notes.setdefault(piece.page, []).extend(Piece(piece.index, note_block, piece.page, note, float("inf"))
                                                for note in found)
    feet = [note for page in sorted(notes) for note in notes[page]]
    ams = refs.document.profile.ams
    addresses = ams_addresses(source) if ams and placed else ""
    if addresses:  # an AMS class prints them after the last line, on the last page
        where = next((line for line in lines if "\\address" in line.text or "\\email" in line.text), lines[-1])
        feet.append(Piece(len(blocks), Block("address", (where,)), max(placed), addresses, float("inf")))
    # macros defined in the body too (a section file's own \\newcommand{\\sysname}{Hydra}): its definition
    # line is typeset nowhere, so no page's piece holds it; each piece is given the definitions holding where
    # its block starts
    where = _line_indexes(lines, pieces + feet)
    holding = [(None if at > 0 and pieces[at - 1].index == piece.index else scopes.at[where[at][0]],
                scopes.at[where[at][1] + 1]) for at, piece in enumerate(pieces)]
    holding += [(scopes.at[where[at][0]], scopes.at[where[at][0]]) for at in range(len(pieces), len(where))]
    # a float and a note are set in the normal font, whatever italic group they stand in
    normal = {at for at, piece in enumerate(pieces) if piece.block.kind == "float"}
    normal |= set(range(len(pieces), len(where)))
    markdown = to_markdown(latex + [note.text for note in feet], preamble, holding, fixed, normal)
    rejected = {page: ("error:latex:conditional", detail) for page, detail in undecided.items()}
    rejected.update((page, ("error:latex:today", detail)) for page, detail in undated.items())
    rejected.update((page, ("error:latex:char", detail)) for page, detail in uncoded.items())
    rejected.update((page, ("error:latex:counter", detail)) for page, detail in uncounted.items())
    testing: dict[int, dict[str, str]] = {}  # id of a `scopes.at` dict -> its macros that test
    coding: dict[int, tuple[dict[str, str], dict[str, str]]] = {}  # the same: those setting a \\char, printing a
    # counter
    for at, piece in enumerate(pieces + feet):  # a macro whose meaning after a group is not known here
        for row, name in scopes.unfollowed:
            if where[at][1] >= row and re.search(re.escape(name) + r"(?![A-Za-z@])", piece.text):
                line = lines[row]
                rejected[piece.page] = ("error:latex:macro_scope", f"{name} was redefined inside a group that ends "
                                        f"at {line.path} line {line.number}; what it means after it is not known")
        held = holding[at][1]
        if id(held) not in testing:  # pieces share one dict while no definition changes between them
            testing[id(held)] = _testing_macros(held, tests)
        if id(held) not in coding:  # the macros whose definition sets a font slot not known here (\\char92), and
            # those printing a counter (pandoc wrote nothing for "\\newcommand{\\nextstep}{Step \\arabic{step}}")
            coding[id(held)] = (_testing_macros({name: typeset_characters(d, fonts) for name, d in held.items()},
                                                _CODES),
                                {name: found for name, found in _testing_macros(
                                    {name: without_page_styles(d) for name, d in held.items()}, printers).items()
                                 if not name.startswith("\\the")})  # \\the<counter>: the record's (`_manual_steps`)
        shown = without_verbatim(_without_definitions(piece.text))  # a definition is no use, nor "\\verb|\\eg|"
        for reason, macros, why in (
                ("error:latex:conditional", testing[id(held)], "which branch TeX took is not known here"),
                ("error:latex:counter", coding[id(held)][1], "the counter's value there is not known here"),
                ("error:latex:char", coding[id(held)][0], "the character of that font slot is not known here")):
            if piece.page not in rejected and (hit := _macro_test(shown, macros)):
                rejected[piece.page] = (reason, f"{hit[1]} in {hit[0]}, used at {_where(piece.block)}: {why}")
    for piece, text in zip(pieces + feet, markdown):
        if text is None:  # the page would lack this block: no target rather than a wrong one
            rejected[piece.page] = ("error:latex:convert",
                                    f"pandoc could not read the {piece.block.kind} block at {_where(piece.block)}")
    markdown = [text or "" for text in markdown]
    for at, piece in enumerate(pieces):
        # a list item_labels read has each item's printed label (with the record); another is counted on
        if piece.list_start and not (refs.numbers.active and piece.block.env in ("enumerate", "itemize")):
            markdown[at] = renumbered(markdown[at], piece.list_start)
    converted = dict(zip([(p.index, p.page) for p in pieces], markdown))
    pages = {page: [(p, converted[(p.index, p.page)]) for p in found] for page, found in placed.items()}
    for note, text in zip(feet, markdown[len(pieces):]):
        pages[note.page].append((note, text))
        if note.block.kind == "footnote" and _runs_on(text, words_of, note.page):
            # LaTeX ran the note on at the next page's foot: its end is not on this page
            for page in (note.page, note.page + 1):
                rejected[page] = ("filtered:footnote_over_pages", f"a footnote on page {note.page} runs on to "
                                  f"page {note.page + 1}: the words of each page's foot cannot be told apart")
    for piece in pieces:  # its rows are on these pages, but which of them SyncTeX cannot say
        reason, what, parts = ("display_over_pages", "a display equation", "rows") if piece.block.kind == "display" \
            else ("listing_over_pages", f"a {piece.block.env} listing", "lines")
        for page in piece.over_pages:
            rejected[page] = (f"filtered:{reason}", f"{what} is broken over pages {piece.over_pages[0]}-"
                              f"{piece.over_pages[-1]}: its {parts} cannot be placed on them")
    for piece in pieces:  # a figure TeX took from outside the project (TeX Live's pdfscreen/left.pdf for "left")
        for name in GRAPHICS.findall(piece.text) if piece.block.kind == "float" else ():
            _, why = typeset_file(folder, list(compiled.inputs), name)
            # the page shows that file where the project has its own: a stranger's figure (TeX Live's example
            # images, \\includegraphics{example-image-a}, are what the author asked for)
            if why and why.startswith("outside_project:") and in_project(folder, name):
                said = (f"\\includegraphics{{{name}}} was typeset from {why.partition(':')[2]}, a file outside "
                        "the project")
                known = rejected.get(piece.page, ("", ""))
                rejected[piece.page] = ("filtered:figure_outside_project", f"{known[1]}; {said}"
                                        if known[0] == "filtered:figure_outside_project" else said)
    return Paper(folder, main, digest, compiled.pdf, pages, texts, rejected, compiled.inputs)


# an input whose file name a macro gives ("\\input{\\tabdir/t1}", "\\input\\jobname", "\\import{\\dir}{t}"), and a
# file test `sources.latex.inputs.decide_file_tests` left (its file is not in the project)
_MACRO_INPUT = re.compile(r"\\(?:input|include|subfile)\s*(?:\{[^{}]*\\[^{}]*\}|\\[A-Za-z@]+)"
                          r"|\\(?:sub)?(?:import|inputfrom|includefrom)\*?\s*\{[^{}]*\}\s*\{[^{}]*\}")
_FILE_TEST = re.compile(r"\\(?:Input)?IfFileExists\s*\{[^{}]*\}")


def _refuse_unfollowed_inputs(lines: list) -> None:
    """Raise ReasonError where a body line (outside a definition: `_refuse_file_reading_macros`) inputs a
    file a macro names that `sources.latex.inputs.expand_input_macros` could not write out (defined twice, or
    not as a plain path) (``error:latex:macro_input``) or tests a file outside the project that
    `sources.latex.inputs.decide_file_tests` could not decide (``error:latex:file_test``): which file TeX read
    there, or which branch it took, is not known here, and pandoc printed neither (the file's text missing from a
    target that looked whole)."""
    for line in lines:
        shown = _without_definitions(line.text)
        for found in _MACRO_INPUT.finditer(shown):
            if "\\" in found.group(0)[1:]:
                raise ReasonError("error:latex:macro_input", f"{found.group(0)} at {line.path} line {line.number} "
                                  "names its file with a macro; the file's text is not followed there")
        if found := _FILE_TEST.search(shown):
            raise ReasonError("error:latex:file_test", f"{found.group(0)} at {line.path} line {line.number} tests "
                              "a file outside the project; which branch TeX took is not known here")


def _refuse_file_reading_macros(lines: list, holding: list[dict[str, str]]) -> None:
    """Raise ReasonError (``error:latex:macro_input``) where a body line uses a macro whose definition
    reads a file (``\\newcommand{\\tab}{\\input{t}}``): TeX reads the file where the macro is used, and the
    body's lines are not followed into it there (the file's text was missing from the target). ``holding``:
    for each line, the macros holding there, name -> definition or body (`sources.latex.scopes.Scopes.at`)."""
    readers = {name for held in {id(h): h for h in holding}.values() for name, definition in held.items()
               if reads_file(definition) is not None}
    if not readers:
        return
    for line, held in zip(lines, holding):
        shown = _without_definitions(line.text)  # a definition is no use
        for name in readers:
            if name in held and (read := reads_file(held[name])) is not None and uses(name, shown):
                raise ReasonError("error:latex:macro_input", f"{name} reads {read} where it is used "
                                  f"({line.path} line {line.number}); the file's text is not followed there")


_CODES = re.compile(r"\\(?:char|symbol)(?![A-Za-z@])")  # a font slot `typeset_characters` left
_COUNTS = r"\\(?:arabic|roman|Roman|alph|Alph|fnsymbol)(?![A-Za-z@])"  # a counter printed
# LaTeX's counters, whose \\the<counter> a macro may print
_LATEX_COUNTERS = ("part", "chapter", "section", "subsection", "subsubsection", "paragraph", "subparagraph",
                   "equation", "figure", "table", "footnote", "mpfootnote", "page", "enumi", "enumii", "enumiii",
                   "enumiv")


def _counter_printing(latex: str) -> re.Pattern:
    """What prints a counter in a macro's definition: `_COUNTS`, or ``\\the<counter>`` of LaTeX's counters and
    those ``latex`` (the preamble and body) makes (``\\newcounter``, a ``\\newtheorem`` numbered on its own).
    pandoc wrote nothing for it where the macro is used ("**Step .**" for an environment's "Step 1.")."""
    names = {*_LATEX_COUNTERS, *re.findall(r"\\newcounter\s*\{\s*([A-Za-z@]+)\s*\}", latex),
             *re.findall(r"\\newtheorem\*?\s*\{\s*([A-Za-z@]+)\s*\}\s*\{", latex)}
    return re.compile(_COUNTS + r"|\\the(?:" + "|".join(sorted(map(re.escape, names))) + r")(?![A-Za-z@])")


def _unprinted_character(text: str, fonts: frozenset[str]) -> str | None:
    """`sources.latex.characters.unprinted_character` of ``text`` outside definitions and verbatim text."""
    return unprinted_character(without_verbatim(_without_definitions(text)), fonts)


def _undecided_test(text: str, tests: re.Pattern) -> str | None:
    """The first conditional ``tests`` finds in ``text`` outside a definition and verbatim text (pandoc printed
    both its branches: "Undefined branch.Defined branch." for ``\\ifx\\foo\\undefined``)."""
    text = without_verbatim(_without_definitions(text))
    found = next((found for found in tests.finditer(text) if not NOT_READ_BEFORE.search(text[:found.start()])), None)
    return found.group(0) if found else None


def _testing_macros(held: dict[str, str], tests: re.Pattern) -> dict[str, str]:
    """The macros of ``held`` (name -> definition, `sources.latex.scopes.Scopes.at`) whose definition holds a
    conditional ``tests`` finds, itself or through another such macro: name -> that conditional. ``\\ifmmode``
    pandoc decides itself."""
    testing: dict[str, str] = {}
    for name, definition in held.items():
        body = definition[definition.find(name) + len(name):] if name in definition else definition
        found = next((found for found in tests.finditer(body) if found.group(0) != "\\ifmmode"
                      and not NOT_READ_BEFORE.search(body[:found.start()])), None)
        if found is not None:
            testing[name] = found.group(0)
    grown = True
    while grown:  # a macro using one that tests tests too (\\eg -> \\onedot -> \\ifx)
        grown = False
        for name, definition in held.items():
            body = definition[definition.find(name) + len(name):] if name in definition else definition
            user = name not in testing and next((testing[other] for other in testing
                                                 if not other.startswith("env:") and uses(other, body)), None)
            if user:
                testing[name], grown = user, True
    return testing


def _without_definitions(text: str) -> str:
    """``text`` with its macro definitions (`sources.latex.macros.definition_spans`) taken out: what it typesets."""
    for start, end in reversed(definition_spans(text)):
        text = text[:start] + text[end:]
    return text


def _where(block) -> str:
    """Where ``block`` stands in the source, for a reject's detail: ``"main.tex lines 12-14"``."""
    span = block.span()
    return f"{span['file']} lines {span['lines'][0]}-{span['lines'][1]}"


def _macro_test(text: str, testing: dict[str, str]) -> tuple[str, str] | None:
    """(macro, test) for the first macro of ``testing`` (`_testing_macros`) ``text`` (outside definitions:
    `_without_definitions`) uses: pandoc wrote out both branches of a preamble's
    ``\\newcommand{\\foo}{\\ifx\\bar\\undefined X\\else Y\\fi}`` where it was used ("\\|XY" for the page's "X")."""
    if not testing:
        return None
    return next(((name, test) for name, test in testing.items() if uses(name, text)), None)


def _line_indexes(lines: list, pieces: list[Piece]) -> list[tuple[int, int]]:
    """For each piece, in source order, the indexes in ``lines`` of its block's first and last line (the
    lines after the one before where a file is read twice)."""
    places: dict[tuple[str, int], list[int]] = {}
    for index, line in enumerate(lines):
        places.setdefault((line.path, line.number), []).append(index)
    out, after = [], 0
    for piece in pieces:
        ends = []
        for line in (piece.block.lines[0], piece.block.lines[-1]):
            found = places.get((line.path, line.number), [])
            ends.append(next((i for i in found if i >= after), found[0] if found else after))
        out.append((ends[0], max(ends)))
        after = ends[0] if piece.block.kind != "footnote" else after
    return out


def _pages(paper: Paper, uri: str, options: LatexOptions) -> Iterator[Sample | Reject]:
    import pymupdf

    with pymupdf.open(stream=paper.pdf, filetype="pdf") as doc:
        count = doc.page_count if not options.max_pages else min(options.max_pages, doc.page_count)
        for index in range(count):
            locator = f"page={index + 1}"
            key = make_key(KIND, paper.digest, locator)
            try:
                yield _page_sample(paper, doc[index], index, doc.page_count, uri, options, locator, key)
            except Exception as exc:  # one bad page must not lose the rest
                yield error_reject(SOURCE, uri, "render", exc, locator=locator, key=key)


def page_refusal(paper: Paper, page: int, min_agreement: float) -> tuple[str, str] | None:
    """Why the page check refuses ``page`` (1-based) a target: (reason, detail), or None. The doc_ocr sample
    and the interleaved parts both ask here, so a part never carries a page whose target was refused (its
    text was written without what the page shows: an \\input not followed, a package's text)."""
    if page in paper.rejected:
        return paper.rejected[page]
    pieces = [text for _, text in paper.pages.get(page, []) if text.strip()]
    if not pieces:
        return "filtered:no_blocks", "no source block was typeset on this page"
    agreement = page_agreement("\n\n".join(pieces), paper.texts[page - 1])
    if agreement < min_agreement:
        return "filtered:page_misaligned", (f"the target shares {agreement:.0%} of its words with the page's text "
                                            f"layer (min_page_agreement {min_agreement:g})")
    return None


def _page_sample(paper: Paper, page, index: int, pages: int, uri: str, options: LatexOptions,
                 locator: str, key: str) -> Sample | Reject:
    refused = page_refusal(paper, index + 1, options.min_page_agreement)
    if refused is not None:
        return Reject(SOURCE, uri, refused[0], detail=refused[1], locator=locator, key=key)
    pieces = [(piece, text) for piece, text in paper.pages.get(index + 1, []) if text.strip()]
    text = "\n\n".join(markdown for _, markdown in pieces)
    agreement = page_agreement(text, paper.texts[index])
    pix, _ = render_page(page, options.max_image_side)
    meta = {
        "source": SOURCE, "uri": uri, "locator": locator, "page": index + 1, "pages": pages,
        "main": paper.main,
        "page_size_pt": [round(page.rect.width, 2), round(page.rect.height, 2)],
        "image_size": [pix.width, pix.height],
        "text_source": "latex",
        "blocks": [piece.span() for piece, _ in pieces],
        "text_layer_agreement": round(agreement, 3),
    }
    return Sample(key=key, kind=KIND, images=[encode_pixmap(pix, options)], text=text, meta=meta)


def _shipped_pdf_pages(pdf: bytes, uri: str, reason: str, options: LatexOptions, context) -> Iterator[Sample | Reject]:
    """The archive's own PDF read as any PDF is (through the registry: sources do not import each other),
    with the options the two share, each record saying why the LaTeX was not used."""
    from sources import SOURCES

    spec = SOURCES["pdf"]
    known = {f.name for f in dataclasses.fields(spec.options_type)}
    shared = {f.name: getattr(options, f.name) for f in dataclasses.fields(options) if f.name in known}
    for record in spec.reader()(pdf, uri, spec.make_options(shared), context):
        if isinstance(record, Sample):
            yield record.with_meta(source=SOURCE, latex_fallback=reason)
        else:
            yield dataclasses.replace(record, source=SOURCE, detail=f"{record.detail} (LaTeX fallback: {reason})")
