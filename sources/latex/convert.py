"""Blocks of LaTeX to markdown with pandoc (`pypandoc_binary` ships the binary), math kept as LaTeX.

Before pandoc sees a block, what the page shows is put in place of what only TeX knows, from the
``.aux`` of the compile: ``\\ref``, ``\\cref`` and the like become what they print
(`sources.latex.crossref`), ``\\cite`` too (`sources.latex.citations`), ``\\label`` goes (numbered display
math gets ``\\tag{n}``: `sources.latex.equations`), headings get their section numbers, a figure becomes its
caption (``Figure 2: ...``), a table its caption and tabular, ``\\maketitle`` the title and author. The
preamble's macro definitions go in front, so pandoc expands the simple ones (``\\newcommand``, ``\\def``,
``\\DeclareMathOperator``). All blocks of a document are converted in one pandoc call, separated by marker
paragraphs, with ``--sandbox``: pandoc reads no file (its LaTeX reader would follow an ``\\input`` that TeX
skipped).
"""

from __future__ import annotations

import functools
import re
import subprocess
from pathlib import Path

from sources.latex.algorithms import algorithm_latex
from sources.latex.blocks import VERBATIM_ENVS, Block, outside_verbatim, without_verbatim
from sources.latex.characters import font_switches, typeset_characters
from sources.latex.captions import argument, braced, caption_latex, find_captions, loose_captions
from sources.latex.citations import Citations
from sources.latex.class_profiles import document_class
from sources.latex.counters import Counters
from sources.latex.crossref import CrossRefs
from sources.latex.equations import NESTED as _NESTED_DISPLAY, numbered_display, numbered_within
from sources.latex.front_matter import TODAY, contents, keywords, title_block
from sources.latex.lists import inline_lists, item_labels, labelled
from sources.latex.inputs import switches
from sources.latex.macros import decided, definition_spans, definitions, expand_macros, shaping_macros
from sources.latex.numbering import Numbers, Step
from sources.latex.pandoc_groups import (carried_groups, flat_code, italic_paragraphs, old_font_switches,
                                         plain_declarations, upright_emphasis, without_argumentless)
from sources.latex.scopes import math_spans, name_of, out_of_math, redefinitions, state, uses as _uses
from sources.latex.tabulars import tabulars_for_pandoc
from sources.latex.theorems import Theorems, proof_latex, proof_styles

_LABEL = re.compile(r"\\label\{[^}]*\}")
_STARRED_APPENDIX = re.compile(r"\\appendix\s*\*")
_CHAPTER = re.compile(r"\\(?:chapter|addchap)(?![A-Za-z])")  # KOMA's \\addchap: its \\chapter*
# subcaption's subfigure/subtable environments, and subfig's \\subfloat[caption]{...}
_SUBFLOAT = re.compile(r"\\subfloat\s*\[((?:[^\[\]]|\[[^\]]*\])*)\]"
                       r"|\\begin\{(subfigure|subtable)\}.*?\\end\{\2\}", re.S)
# subcaption's captions of their own, outside those environments: \subcaption{...} (in a minipage) and
# \subcaptionbox{caption}{...}; inside a subfigure, \subcaption is its \caption (both were lost)
_SUBCAPTION = re.compile(r"\\(subcaption|subcaptionbox)(\*?)\s*(?:\[(?:[^\[\]]|\[[^\]]*\])*\])?\s*(?=\{)")
_RULES = re.compile(r"\\(cline|hhline)\s*\{[^}]*\}|\\cmidrule\s*(\([^)]*\))?\s*\{[^}]*\}")  # pandoc misreads them
_RUN_IN = re.compile(r"\\(paragraph|subparagraph)\*?\s*\{(?:[^{}]|\{[^{}]*\})*\}")
_CITATION = re.compile(r"\\\[([^\]\\$]*)\\\]")  # "\[2\]", "\[Fourier, 1878\]": pandoc's escapes
_SEPARATOR = "VLBUILDBLOCK{:05d}"
_SEPARATOR_LINE = re.compile(r"^VLBUILDBLOCK(\d{5})$", re.M)
_LEVELS = {"part": 0, "chapter": 1, "section": 2, "subsection": 3, "subsubsection": 4, "paragraph": 5}
PANDOC_FORMAT = "markdown_strict+tex_math_dollars+pipe_tables"
_ALGORITHM2E_STYLE = re.compile(r"\\usepackage\s*\[[^\]]*\]\s*\{algorithm2e\}"
                                r"|\\(?:SetAlgo|DontPrint|SetKw)[A-Za-z]*(?:\s*\{[^{}]*\})*")


class References:
    """What the compile resolved: labels to (number, page), citation keys to numbers, the numbers TeX
    printed (``numbers``: `sources.latex.numbering`'s record; counted here where there is none), and
    counters."""

    def __init__(self, aux: str, preamble: list[str], body: str = "", numbers: str = "",
                 own_counters: Counters | None = None):
        self.crossrefs = CrossRefs(aux, "\n".join(preamble))
        self.labels = {key: found[:2] for key, found in self.crossrefs.labels.items()}  # key -> (number, page)
        self.citations = Citations(aux, "\n".join(preamble), body)  # what \cite and \bibitem print
        self.meta = {name: argument("\n".join(preamble) + "\n" + body, name) for name in ("title", "author", "date")}
        self.preamble_text = preamble + [body]  # where an llncs \\institute or a revtex \\affiliation stands
        # \\today prints `TODAY` unless the project (its definition goes to pandoc) or a package (another
        # language's, a date format's: `today`) changes it
        whole = "\n".join(self.preamble_text)
        defined = re.search(r"\\(?:(?:re)?newcommand\*?\s*\{?|[gex]?def|let)\s*\\today(?![A-Za-z@])", whole)
        self.today_package = not defined and bool(re.search(r"babel|polyglossia|datetime|isodate|datenumber", whole))
        self.plain_today = not defined and not self.today_package
        self.page_text: str | None = None  # the text layer of the page a title block is on (`_title`)
        self.held_bullets = ""  # the body's \\labelitem definitions in force where the block being written starts
        # the class and what it prints of its own accord: the one place it is read
        self.document = document_class("\n".join(preamble))
        # the top heading is \\chapter: a book class's, where the body uses it (memoir with sections only prints
        # "0.1 Introduction" as its top heading: read as under chapters, it was written "## 0.1 Introduction")
        self.chapters = self.document.profile.chapters and bool(_CHAPTER.search(body))
        # a level -> what follows its number ("1." revtex, KOMA's \\autodot), read where a heading is written: a
        # KOMA format not understood refuses the document only where it prints
        self.number_suffix = functools.partial(self.document.number_suffix, aux, "\n".join(preamble))
        self.captioned: dict[str, str] = {}  # counter -> the last caption's label and separator ("Figure 1: ")
        # what \\tableofcontents prints, from the compile's own entries
        self.contents = lambda: contents(aux, "\n".join(preamble) + "\n" + body, self.document.profile.chapters,
                                         self.number_suffix() if self.document.profile.autodot else "")
        self.counters = {"equation": 0, "figure": 0, "table": 0, "heading": [0] * 6}
        self.appendix = False
        self.unlettered_appendix = False  # revtex's \\appendix*: "Appendix: Proofs"
        # \numberwithin{equation}{section} (chapter in a book): equations numbered 2.1, 2.2, ... in section 2
        self.equation_within = bool(re.search(r"\\(numberwithin|counterwithin)\s*\{equation\}\s*\{(section|chapter)\}",
                                              "\n".join(preamble))) or self.chapters
        self.section_number = ""
        self.theorems = Theorems("\n".join(preamble), self.document.profile)
        self.proofs = proof_styles("\n".join(preamble), self.document.profile)  # env -> (how it prints, name)
        self.switches = switches(preamble)
        self.numbers = Numbers(numbers)
        self.block: Block | None = None  # the block being converted: the numbers stepped on its lines
        self.footnote_mark = "0"  # the last footnote's mark, which a \\footnotetext takes
        self.printed: dict[str, str] = {}  # counter -> what \\the<counter> printed at its last step taken
        self.set_counters: set[str] = set()  # counters \\setcounter or \\addtocounter gave a value the record lacks
        # \\newcounter's: given by the caller where it counts from each block's start (`Counters`' lines)
        self.own_counters = own_counters if own_counters is not None else Counters(
            "\n".join(preamble) + "\n" + body, preamble="\n".join(preamble))
        # algorithm2e's options and settings in the preamble (vlined, noend, \\DontPrintSemicolon, \\SetKwInOut)
        self.algorithm2e_style = " ".join(found.group(0) for found in _ALGORITHM2E_STYLE.finditer("\n".join(preamble)))
        # footnote.sty's \\makesavenoteenv{table} (or tabular): a float's tabular prints its notes too
        self.saves_notes = bool(re.search(r"\\makesavenoteenv\s*\{", "\n".join(preamble)))

    def today(self) -> str | None:
        """What ``\\today`` prints on the page being read (`page_text`): `TODAY`, or where a package changes it
        (babel's british "1st January 2024", australian "1 January 2024") the one of its English forms the page
        shows; None where the project defines it (pandoc is given the definition) or not one is (another
        language's: the text keeps ``\\today``, and its page is refused, `sources.latex.read`; pandoc wrote
        "1970-01-01")."""
        if self.plain_today:
            return TODAY
        if not self.today_package:
            return None
        shown = " ".join((self.page_text or "").split())
        found = {form for form in _TODAY_FORMS if re.search(r"(?<![\w])" + re.escape(form) + r"(?![\w])", shown)}
        return found.pop() if len(found) == 1 else None

    def step(self, counter: str | tuple[str, ...], skip_environments: tuple[str, ...] = ()) -> Step | None:
        """The next number TeX printed for ``counter`` (or one of them) on the current block's lines, or
        None (none recorded there, or no record at all: see ``numbers.active``)."""
        if not self.numbers.active or self.block is None:
            return None
        step = self.numbers.take(counter, self.block.lines, skip_environments)
        if step is not None:
            self.printed[step.counter] = step.printed
        return step

    def step_on(self, counter: str, line) -> Step | None:
        """The next number TeX printed for ``counter`` on source ``line`` (a `Line`), or None (none there, no
        record, or no line: then no guess)."""
        if not self.numbers.active or line is None:
            return None
        step = self.numbers.take(counter, [line])
        if step is not None:
            self.printed[step.counter] = step.printed
        return step

    def resolve(self, text: str) -> str:
        text = self.citations.resolve(text)
        text = self.crossrefs.resolve(text)
        return _LABEL.sub("", text)

def block_latex(block: Block, refs: References, text: str | None = None, continued: bool = False,
                last: bool = True) -> str:
    """The LaTeX pandoc gets for ``block`` (``text``: a piece of it, when it was split across pages;
    ``continued``: a piece after the first; ``last``: the block's last piece). Counters advance here, so blocks must be given in source
    order, each once."""
    text = block.latex if text is None else text
    if block.kind in ("display", "float", "env"):
        # the definitions `sources.latex.scopes.scoped` wrote after the environment's end (a macro it redefined
        # given its outer meaning again) go after what it becomes: read with it, they hid its \end (an equation
        # lost its \tag, a theorem was left unread)
        body, restores = _restores_after_end(text)
        return _block_latex(block, refs, body, continued, last) + (f"\n{restores}" if restores else "")
    return _block_latex(block, refs, text, continued, last)


_END = re.compile(r"\\end\s*\{[^{}]*\}")


def _restores_after_end(text: str) -> tuple[str, str]:
    """``text`` without the definitions that are all that follows its last ``\\end{...}``, and those."""
    ends = list(_END.finditer(text))
    if not ends:
        return text, ""
    tail = text[ends[-1].end():]
    defined = "".join(tail[a:b] for a, b in definition_spans(tail))
    if not tail.strip() or re.sub(r"\s", "", defined) != re.sub(r"\s", "", tail):
        return text, ""
    return text[:ends[-1].end()], tail.strip()


def counted(block: Block, refs: References, text: str, continued: bool = False) -> str:
    """``text`` (a piece of ``block``; ``continued``: one after the first) with the author's own counters
    (`sources.latex.counters`) stepped and printed in it, from the values its block starts with; verbatim text
    and a title stay as written. Taken before the footnotes are (`block_latex` after): a ``\\thestep`` in one
    prints the value where it stands, and pandoc wrote nothing for it ("Note on step .")."""
    if not continued and block.lines:
        refs.own_counters.enter(block.lines[0])
    if block.kind == "title" or block.env in VERBATIM_ENVS:
        return text
    return outside_verbatim(text, refs.own_counters.resolve)


def note_steps(notes: list[str], refs: References) -> list[str]:
    """The footnotes `sources.latex.notes.footnotes` took out of the block being written, with the counter steps
    in their text taken from the compile's record and each ``\\the<counter>`` as printed (a footnote's
    ``\\thestep`` was written as nothing: "here ." for the page's "here 2"). Given after the block's own text:
    the record holds a page's notes after its text, as TeX ships them."""
    return [outside_verbatim(note, lambda part: _manual_steps(part, refs)) if "\\the" in note or "counter" in note
            else note for note in notes]


def _block_latex(block: Block, refs: References, text: str, continued: bool, last: bool) -> str:
    refs.block = block
    # LaTeX's \appendix (IEEEtran's \appendices: "appendices" does not hold "appendix") starts its sections again at A
    if not refs.appendix and (r"\appendix" in text or r"\appendices" in text):
        refs.appendix = True
        refs.unlettered_appendix = refs.document.profile.unlettered_appendix and bool(_STARRED_APPENDIX.search(text))
        top = 1 if refs.chapters else 2
        refs.counters["heading"][top:] = [0] * (len(refs.counters["heading"]) - top)
    if block.kind == "title" or block.kind == "env" and block.env == "frontmatter":  # elsarticle's title page
        return title_block(refs, text if block.kind == "env" else "")
    if block.kind == "heading":
        return _heading(text, refs)
    if block.kind in ("paragraph", "env", "display") and block.env not in VERBATIM_ENVS:  # a listing steps nothing
        text = outside_verbatim(text, lambda part: _manual_steps(part, refs))
    if block.kind in ("paragraph", "env"):  # an equation inside a proof or a list is numbered too
        if "*}" in text:  # enumitem's enumerate* and the like: "(i) read, (ii) parse" in the sentence
            text = inline_lists(text, refs)
        text = numbered_within(text, refs)
        text = loose_captions(block.env, text, refs)  # \\captionof, a longtable's caption
    text = _RUN_IN.sub(lambda found: _run_in(found, text), text)
    if block.env not in VERBATIM_ENVS:  # a listing's text is its own, \\verb's too (`outside_verbatim`)
        text = outside_verbatim(text, lambda part: _page_commands(part, block, refs))
    if block.kind == "display":
        return _display(block, text, refs)
    if block.kind == "float":
        return _float(block, text, refs)
    if block.kind == "bibliography":
        return r"\section*{" + ("Bibliography" if refs.document.profile.chapters else "References") + "}"
    if block.kind == "bibitem":
        return _bibitem(text, refs)
    if block.kind == "env" and (block.env in ("enumerate", "itemize") or _LIST_BEGIN.search(text)):
        # an \\item[X] prints X with no record too; a list inside a quote, a theorem, a minipage is labelled the same
        text = item_labels(text, refs)
    if block.kind == "env" and (theorem := refs.theorems.latex(block.env, text, refs, continued)) is not None:
        return theorem
    if block.kind == "env" and block.env in refs.proofs:  # "*Proof:* ... ◼", head and mark once (`proof_latex`)
        return refs.resolve(proof_latex(block.env, text, *refs.proofs[block.env], continued, last))
    if block.kind == "env" and block.env == "description":  # '**Alpha** first thing.', as set (pandoc's
        text = re.sub(r"\\(begin|end)\{description\}", "", text)  # markdown has no definition lists)
        # the term in \\descriptionlabel's \\normalfont\\bfseries: bold upright in italic text too
        return refs.resolve(re.sub(r"\\item\s*\[((?:[^\[\]]|\{[^{}]*\})*)\]", r"\n\n\\textnormal{\\textbf{\1}}",
                                   text)).strip()
    if block.kind == "env" and block.env in ("abstract", "IEEEkeywords"):  # pandoc kept an abstract as metadata
        return _abstract(block.env, text, refs, continued)
    return refs.resolve(text)


_LIST_BEGIN = re.compile(r"\\begin\s*\{(?:enumerate|itemize)\}")


def _abstract(env: str, text: str, refs: References, continued: bool) -> str:
    """An abstract, or IEEEtran's keywords, as the class sets them: under an "Abstract" heading, or its head run
    in ("*Abstract*—We study...", "*Index Terms*—consensus, ...", `ClassProfile.abstract_run_in` and
    `ClassProfile.ieee_keywords`), each paragraph in bold where the class sets it so (IEEEtran's)."""
    profile = refs.document.profile
    body = re.sub(r"\\(begin|end)\{" + env + r"\}", "", text).strip()
    if env == "IEEEkeywords":
        head = "" if continued else profile.ieee_keywords
    elif continued or not refs.document.abstract_heading and not profile.abstract_run_in:
        head = ""
    else:
        head = profile.abstract_run_in or "\\textbf{Abstract}\n\n"
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", (head + body).strip()) if part.strip()]
    if profile.ieee_keywords_bold if env == "IEEEkeywords" else profile.abstract_bold:
        paragraphs = [f"\\textbf{{{part}}}" for part in paragraphs]
    return refs.resolve("\n\n".join(paragraphs))


_STEP_COMMAND = re.compile(r"\\(?:ref)?stepcounter\s*\{\s*([A-Za-z@]+)\s*\}")
_SET_COMMAND = re.compile(r"\\(?:set|addto)counter\s*\{\s*([A-Za-z@]+)\s*\}")
_THE = re.compile(r"\\the([A-Za-z]+)(?![A-Za-z])")
_IN_ORDER = re.compile("|".join(found.pattern for found in (_STEP_COMMAND, _SET_COMMAND, _THE)))


def _manual_steps(text: str, refs: References) -> str:
    """``text`` with an author's own counter steps gone and each ``\\the<counter>`` as TeX printed it
    (``\\stepcounter{equation}\\tag{\\theequation}``, ``$$ c=d \\eqno(\\theequation) $$``: the tag was
    left unresolved); a plain ``\\eqno(n)`` is ``\\tag{n}``. Footnotes' steps are `footnotes`' own."""
    if "counter" not in text and r"\the" not in text and r"\eqno" not in text:
        return text

    spans = definition_spans(text)

    def one(found: re.Match) -> str:  # in the order TeX reads them: a \\the<counter> prints the value set before it
        stepped, set_, shown = found.groups()
        if stepped is not None:
            if stepped in ("footnote", "mpfootnote"):
                return found.group(0)
            refs.step(stepped)
            return ""
        if set_ is not None:  # a value the record has no step for: \\the<counter> is not known until the next
            refs.printed.pop(set_, None)
            refs.set_counters.add(set_)  # one printed then is left, and its page refused (`sources.latex.read`)
            return found.group(0)
        # never in a definition (\\renewcommand{\\thefootnote}{...} kept its name, else it redefined the symbol
        # last printed: "\\dagger" everywhere after), never a footnote's
        if shown in ("footnote", "mpfootnote") or any(a <= found.start() < b for a, b in spans):
            return found.group(0)
        return refs.printed.get(shown, found.group(0))

    text = _IN_ORDER.sub(one, text)
    return re.sub(r"\\l?eqno\s*\(([^()]*)\)", r"\\tag{\1}", text)


def ams_addresses(latex: str) -> str:
    """What an AMS class prints after the paper's last line: each ``\\address``, ``\\curraddr``,
    ``\\email`` and ``\\urladdr`` of ``latex`` (preamble and body), in order, as paragraphs."""
    labels = {"address": "", "curraddr": "Current address: ", "email": "Email address: ", "urladdr": "URL: "}
    parts = []
    for found in re.finditer(r"\\(address|curraddr|email|urladdr)\s*(?:\[[^\]]*\])?\s*\{", latex):
        value = argument(latex[found.start():], found.group(1))
        if value:
            parts.append(labels[found.group(1)] + value.replace(r"\\", " "))
    return "\n\n".join(parts)


def to_markdown(pieces: list[str], preamble: list[str], scopes: list[tuple[dict | None, dict]] | None = None,
                switches: dict[str, bool] | None = None, normal: frozenset[int] | set[int] = frozenset()
                ) -> list[str | None]:
    """Each LaTeX piece as markdown (math as ``$...$`` and ``$$...$$``), in one pandoc run; None for a
    piece pandoc cannot read. ``preamble``: the lines whose macro definitions go first. ``scopes``: for each
    piece, the definitions holding where it starts (None: as the piece before left them) and where it ends
    (`sources.latex.scopes`); what changed is given to pandoc before the piece, so a macro redefined in the
    body has each meaning where TeX gave it (all in front, pandoc kept the last one for every use). When
    the run fails, or a piece swallowed the marker after it (an unclosed group reads on), the pieces are
    converted one by one, so one bad piece loses only itself. ``switches``: the switches whose value is the same
    throughout the body (`sources.latex.blocks.body_lines`), each test of one in a definition written as the
    branch TeX takes (pandoc wrote both: "AB" for ``\\newcommand{\\foo}{\\ifdraft A\\else B\\fi}`` under
    ``\\drafttrue``). ``normal``: the pieces LaTeX sets in the normal font (`pandoc_groups.carried_groups`)."""
    fonts = font_switches("\n".join(preamble + pieces))  # a \\char in a font they select is no letter's

    def made(text: str) -> str:  # a definition as pandoc is given it
        return typeset_characters(decided(text, switches) if switches else text, fonts)

    defined = "\n".join(made(line) for line in definitions(preamble)) + "\n\n"  # \\char65
    if re.search(r"\\[A-Za-z]*@", defined):  # \\makeatletter's names: pandoc reads no "\\newcommand{\\my@x}" without
        defined = "\\makeatletter\n" + defined
    # pandoc reads no definition inside math, nor one after \\begingroup at a line's end
    # a \\char65 as its letter (pandoc wrote none); no argument taken for "\\noindent {\\it A}"; "{\\normalfont n}" as
    # \\textnormal (pandoc read the declaration as nothing)
    # an italic group over paragraphs as one a paragraph (pandoc italicised the first only)
    pieces = carried_groups(pieces, without_verbatim, normal)
    initial = state(preamble)  # the definitions the preamble leaves, read once (nothing here changes them)
    scopes = scopes or [(None, initial)] * len(pieces)
    # the author's macros that set italics written out where each piece starts (\\term{b} inside \\emph: upright),
    # and the redefinitions made before each piece since the last
    shaping, holding, starts, changes = {}, initial, [], []
    for before, after in scopes:
        changes.append(made(redefinitions(holding, before)) if before is not None else "")
        starts.append(before if before is not None else holding)
        holding = after
        if id(starts[-1]) not in shaping:
            shaping[id(starts[-1])] = shaping_macros(starts[-1].values())
    pieces = [outside_verbatim(piece, lambda part, macros=shaping[id(start)]: typeset_characters(flat_code(
        upright_emphasis(plain_declarations(old_font_switches(italic_paragraphs(without_argumentless(
            _without_group_commands(out_of_math(expand_macros(part, macros))))))))), fonts))
        for piece, start in zip(pieces, starts)]
    found = _converted(pieces, defined, changes)
    if found is None:  # each alone, after the definitions holding where its block starts
        starts = [before for before, _ in scopes]
        starts = [next((s for s in reversed(starts[:at + 1]) if s is not None), None) for at in range(len(pieces))]
        found = [_converted([piece], defined + made(redefinitions(initial, start or {})))
                 for piece, start in zip(pieces, starts)]
        found = [one[0] if one is not None else None for one in found]
    return found


# the commands that open and close a group by name (\\bgroup and \\egroup are left: one may be an argument's brace),
# and those that make @ a letter and not (pandoc reads "\\an@mal" as one name without them)
_GROUP_COMMAND = re.compile(r"\\(?:begingroup|endgroup|makeatletter|makeatother)(?![A-Za-z@])")
_GROUP_COMMAND_LINE = re.compile(r"^[ \t]*(?:" + _GROUP_COMMAND.pattern + r"[ \t]*)+\n", re.M)


def _without_group_commands(text: str) -> str:
    """``text`` without ``\\begingroup`` and ``\\endgroup``. pandoc lost a definition made right after
    ``\\begingroup`` when the line ended after it ("Middle the otter." where the page
    says beaver); `sources.latex.scopes.scoped` has already written the outer meanings back at the group's
    end, so the group has nothing left for pandoc to do. Nor ``\\makeatletter``/``\\makeatother``: pandoc
    took the group after one for its argument and printed nothing of it ("\\makeatletter{\\def\\an@mal{beaver}
    A \\an@mal{} builds.}" lost its sentence)."""
    # a line that held only such commands goes with its end: left blank, it ended the paragraph
    return _GROUP_COMMAND.sub("", _GROUP_COMMAND_LINE.sub("", text))


def _converted(pieces: list[str], defined: str, changes: list[str] | None = None) -> list[str] | None:
    """The pieces through one pandoc run, or None when it fails or its markers do not come back in order;
    ``changes``: definitions to give pandoc before each piece."""
    changes = changes or [""] * len(pieces)
    marked = [f"{_SEPARATOR.format(i)}\n\n{change}{piece}" for i, (piece, change) in enumerate(zip(pieces, changes))]
    marked.append(_SEPARATOR.format(len(pieces)))
    body = "\n\n".join(marked) + "\n"
    out = _with_definitions(defined, body)
    if out is None:
        return None
    marks = list(_SEPARATOR_LINE.finditer(out))
    if [int(mark.group(1)) for mark in marks] != list(range(len(pieces) + 1)) or \
            out.count("VLBUILDBLOCK") != len(marks):
        return None
    return [_tidy(out[mark.end():following.start()]) for mark, following in zip(marks, marks[1:])]


# \\today's English forms for the compile's date (`TODAY`): babel's american, british, australian; isodate's
_TODAY_FORMS = (TODAY, "1st January 2024", "1 January 2024", "2024-01-01", "2024/01/01")


_FAILED_AT = re.compile(r"Error at \(line (\d+), column \d+\)")


def _with_definitions(defined: str, body: str, tries: int = 8) -> str | None:
    """``body`` through pandoc after the definitions ``defined`` (one a line), or None when it fails. A
    definition pandoc cannot read is left out, the others kept: one such line (an ``@`` name, a TeX primitive's
    syntax) lost every macro of the paper ("The \\sysname{} pipeline" written "The pipeline"); without any
    definition when the body itself fails."""
    lines = defined.split("\n")
    for _ in range(tries):
        try:
            return _pandoc("\n".join(lines) + body)
        except RuntimeError as exc:
            failed = _FAILED_AT.search(str(exc))
            line = int(failed.group(1)) - 1 if failed else -1
            if not 0 <= line < len(lines) or not lines[line].strip():
                break  # the body's own fault (or none said): without the definitions, below
            lines[line] = ""  # kept as a line: the next error's line number still names its definition
    try:
        return _pandoc(body)
    except RuntimeError:
        return None


_UPRIGHT_EMPHASIS = Path(__file__).with_name("upright_emphasis.lua")
# what pandoc writes as HTML of \\textsc, \\textrm, \\textsf, \\underline and \\foreignlanguage: (the words inside,
# holding no span); a family's span ("roman", "sans-serif") changes no shape: inside an italic run it stays italic
_WORD_SPANS = re.compile(r'<span (?:class="(?:smallcaps|roman|sans-serif)"|lang="[^"<>]*")>((?:(?!<span ).)*?)</span>'
                         r'|<u>(.*?)</u>')
# math in a table pandoc writes as HTML (a \\multicolumn cell), with --mathjax: "\\(...\\)" and "\\[...\\]" in spans
_HTML_MATH = re.compile(r'<span class="math (inline|display)">\\[(\[](.*?)\\[)\]]</span>', re.S)


def _pandoc(source: str) -> str:
    # --sandbox: pandoc's LaTeX reader follows \\input and \\include itself; here it may read no file at all.
    # --mathjax: math in an HTML table stays TeX (without it "<em>α</em><sup>2</sup>"), put back as $...$ here
    # upright_emphasis.lua: an emphasis inside italic text written upright, as the page sets it (`upright_emphasis`)
    done = subprocess.run([pandoc_path(), "--sandbox", "-f", "latex", "-t", PANDOC_FORMAT, "--wrap=none", "--mathjax",
                           "--lua-filter", str(_UPRIGHT_EMPHASIS)], input=source.encode(), capture_output=True,
                          timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"pandoc failed: {done.stderr.decode(errors='replace')[:300]}")
    return _HTML_MATH.sub(lambda m: f"${m.group(2)}$" if m.group(1) == "inline" else f"$${m.group(2)}$$",
                          done.stdout.decode())


@functools.lru_cache(maxsize=1)
def pandoc_path() -> str:
    """The pandoc binary inside the pypandoc_binary wheel (run directly: pypandoc's own calls start pandoc
    three times a conversion)."""
    import pypandoc

    return pypandoc.get_pandoc_path()


def renumbered(markdown: str, start: int) -> str:
    """The top-level numbered items of a list continued from the page before counted on from ``start``
    (pandoc starts every list it reads at 1)."""
    return re.sub(r"^(\d+)\.(?= )", lambda m: f"{int(m.group(1)) + start}.", markdown, flags=re.M)


def _tidy(markdown: str) -> str:
    # leading newlines only: a listing's first line keeps the four spaces that make it code (pandoc writes
    # verbatim as an indented code block; stripped, its first line was a paragraph)
    # a tie before a space pandoc kept ("Note.~\\itshape" from an environment's definition) is one space
    markdown = labelled(markdown.replace("\u00a0 ", " ").replace("\u00a0", " ").lstrip("\n").rstrip()).lstrip("\n")
    markdown = markdown.replace("<!-- -->", "")  # pandoc's empty separator between two inline parts
    markdown = re.sub(r"^(\d+)\\\.", r"\1.", markdown, flags=re.M)  # "1\\. Cousot": pandoc's escape, no list here
    # a table no pipe table can hold (a \\multirow cell) comes as HTML: its cells' alignment styles go
    markdown = re.sub(r'(<t[hd][^>]*?) style="text-align: \w+;"', r"\1", markdown)
    markdown = re.sub(r"^\\\((\w{1,3})\\\) ", r"(\1) ", markdown, flags=re.M)  # '\\(a\\) Left': a subcaption
    # \\textsubscript/\\textsuperscript come as <sub>/<sup>: script text, written as math sets it ("H$_{\\text{2}}$O")
    markdown = re.sub(r"<(sub|sup)>([\w .,:;()+\-]*)</\1>",
                      lambda m: f"${'_' if m.group(1) == 'sub' else '^'}{{\\text{{{m.group(2)}}}}}$", markdown)
    # \\textsc and \\underline come as HTML spans, babel's \\foreignlanguage as one with a lang: the page shows their
    # words (the innermost first: one holds another, "\\foreignlanguage{english}{\\textsc{Words}}")
    while (unwrapped := _WORD_SPANS.sub(lambda m: m.group(1) or m.group(2) or "", markdown)) != markdown:
        markdown = unwrapped
    # display math as $$...$$, no space inside (what follows a display inside a paragraph keeps its space)
    # and no blank line inside (a \\label on its own line left one: the display ends there for markdown)
    markdown = re.sub(r"\$\$\s*(.*?)\s*\$\$", lambda m: "$$" + re.sub(r"\n\s*\n", "\n", m.group(1)) + "$$", markdown,
                      flags=re.S)
    return re.sub(r"\n{3,}", "\n\n", _CITATION.sub(r"[\1]", markdown))


def _heading(text: str, refs: References) -> str:
    found = re.match(r"\s*\\(\w+)(\*?)\s*(?:\[[^\]]*\])?\s*\{", text)
    if not found:
        return refs.resolve(text)
    name, starred = found.group(1), found.group(2)
    title = argument(text[found.start(1) - 1:], name) or ""
    level = _LEVELS.get(name, 2)
    counters = refs.counters["heading"]
    number = ""
    if not starred and name != "paragraph":
        counters[level] += 1
        counters[level + 1:] = [0] * (len(counters) - level - 1)
        top = 1 if refs.chapters else 2
        shown = [counters[i] for i in range(top, level + 1)]
        if refs.appendix and shown:
            shown[0] = chr(ord("A") + shown[0] - 1)  # type: ignore[call-overload]
        number = ".".join(str(n) for n in shown) + " "
        if level == top:
            refs.section_number = str(shown[0])
            if refs.equation_within:
                refs.counters["equation"] = 0
        # what TeX printed, where it recorded the heading's file: "S1" under a renewed \thesection,
        # nothing past secnumdepth
        step = refs.step(name)
        if step is not None:
            number = f"{step.printed} " if step.printed else ""
            if level == top:
                refs.section_number = step.printed
        elif refs.numbers.knows(refs.block.lines if refs.block else ()):
            number = ""
        profile = refs.document.profile
        if name in ("chapter", "part") and number:  # "Chapter 2", "Appendix A", "Part I": the class's own names
            label = step.label if step is not None and step.label else "Chapter" if name == "chapter" else ""
            label = "" if name == "chapter" and not profile.chapter_label else label
            number = f"{label} {number}".lstrip()
        if step is None and not profile.numbered_headings:  # guessed: prl numbers none unless told (secnumdepth)
            number = ""
        # numbered, its number \unskip ("Appendix: Proofs"); a heading past secnumdepth is not stepped
        unlettered = refs.unlettered_appendix and (step is not None or bool(number))
        if name == "section" and level == top and refs.appendix and (number or unlettered) and profile.appendix_label:
            # "Appendix A: Proofs" (revtex), "Appendix A" over the title (IEEEtran's \appendices)
            letter = "" if unlettered else f" {number.strip()}"
            number = f"{profile.appendix_label}{letter}{profile.appendix_separator if title.strip() else ''}"
        elif number and (suffix := refs.number_suffix(name)):  # revtex's "I. Intro", KOMA's "A. Proofs"
            number = f"{number.strip()}{suffix} "
    markdown_level = max(1, level - (0 if refs.chapters else 1))
    heading = f"\\{'sub' * min(markdown_level - 1, 2)}section*{{{number}{refs.resolve(title)}}}"
    # text on the heading's own lines after its title (\\section{Intro} We study...) is the next paragraph
    opening = text.find("{", found.end() - 1)
    rest = refs.resolve(text[opening + len(title) + 2:]).strip()
    return heading + ("\n\n" + rest if rest else "")


def _run_in(found: re.Match, text: str) -> str:
    """``\\paragraph{Setup.}`` as the page sets it, a bold title that starts its paragraph."""
    title = argument(text[found.start():], found.group(1))
    return f"\\textbf{{{title}}}" if title is not None else found.group(0)


def _display(block: Block, text: str, refs: References) -> str:
    begun = re.match(r"\s*\\begin\{([^}]*)\}", text)
    return numbered_display(begun.group(1), text, refs) if begun else refs.resolve(text.strip())


def _float(block: Block, text: str, refs: References) -> str:
    """A float's captions (``Figure 2: ...``; two minipages side by side print one each), its subfigures'
    captions (``(a) ...``), the display math it sets and a table's tabulars, in source order."""
    subs = list(_SUBFLOAT.finditer(text))
    outer = text
    for found in subs:  # the float's own captions are the ones outside its subfigures
        outer = outer[:found.start()] + " " * (found.end() - found.start()) + outer[found.end():]
    captions = find_captions(outer)
    if block.env.rstrip("*") == "algorithm":
        refs.counters["algorithm"] = refs.counters.get("algorithm", 0) + 1
        step = refs.step(("algorithm", "algocf"))  # algorithm2e's counter is algocf
        caption = captions[0].text if captions else None
        return algorithm_latex(text, caption, step.printed if step else refs.counters["algorithm"], refs,
                               step.counter == "algocf" if step else None, step.label if step else "")
    kind = "figure" if "figure" in block.env else "table"
    continued = r"\ContinuedFloat" in outer  # the caption package's: the label printed once more, unstepped
    parts = [(caption.start, caption_latex(caption, kind, refs, continued)) for caption in captions]
    lettered = []  # (where, caption, lettered): each steps the subfigure counter in source order but a starred one
    for found in subs:
        inner = _SUBCAPTION.search(found.group(0)) if found.group(1) is None else None
        sub_caption = found.group(1) if found.group(1) is not None else argument(found.group(0), "caption") \
            if inner is None else braced(found.group(0), inner.end())[0]
        lettered.append((found.start(), sub_caption, not (inner and inner.group(2))))
    for found in _SUBCAPTION.finditer(outer):
        lettered.append((found.start(), braced(outer, found.end())[0], not found.group(2)))
    letters = iter("abcdefghijklmnopqrstuvwxyz")
    for where, sub_caption, numbered in sorted(lettered, key=lambda found: found[0]):
        letter = next(letters) if numbered and sub_caption is not None else None
        if sub_caption is not None:
            parts.append((where, f"({letter}) {refs.resolve(sub_caption)}" if letter else refs.resolve(sub_caption)))
    tabulars = []
    if kind == "table":
        for found in re.finditer(r"\\begin\{(tabular\*?|tabularx)\}.*?\\end\{\1\}", text, re.S):
            tabulars.append((found.start(), found.end()))
            parts.append((found.start(), refs.resolve(_RULES.sub("", found.group(0)))))
        for found in re.finditer(r"\\begin\{tablenotes\}(.*?)\\end\{tablenotes\}", text, re.S):  # threeparttable
            notes = re.split(r"\\item\b", found.group(1))[1:]
            notes = [re.sub(r"^\s*\[([^\]]*)\]", r"$^{\1}$", note.strip()) for note in notes]
            parts.append((found.start(), "\n\n".join(refs.resolve(note) for note in notes if note)))
    for found in _NESTED_DISPLAY.finditer(outer):  # an equation set in a figure prints, numbered with the rest
        if not any(start < found.start() < end for start, end in tabulars):
            parts.append((found.start(), numbered_display(found.group(1), found.group(0), refs)))
    return "\n\n".join(part for _, part in sorted(parts + _float_definitions(outer)))


def _float_definitions(text: str) -> list[tuple[int, str]]:
    """The macro definitions made inside a float that a caption or tabular after them uses, each with where it
    stands in ``text`` (the caption printed the meaning from outside the float, where TeX printed the float's
    own: ``\\def\\name{...}\\caption{\\name}``)."""
    found = []
    for start, stop in definition_spans(text):
        name = name_of(text[start:stop])
        if name is not None and _uses(name, text[stop:]):
            found.append((start, text[start:stop]))
    return found


# environments whose lines are the listing's own characters (pandoc's code block), never rewritten here
def _page_commands(text: str, block: Block, refs: References) -> str:
    """What pandoc would get wrong, as the page prints it: tabular specs (`tabulars_for_pandoc`), the table
    of contents, \\qedhere (nothing where it stands: the proof's mark is set at its end), IEEEtran's drop cap
    (one word, "Sparse"), a picture outside a float (no text: pandoc wrote '<img src="logo.png" ...>')."""
    if r"\begin{" in text and block.kind != "display":
        text = tabulars_for_pandoc(text)
    if r"\keywords" in text and refs.document.profile.keywords:
        text = keywords(text, refs.document.profile.keywords)
    if r"\tableofcontents" in text:
        text = re.sub(r"\\tableofcontents(?![A-Za-z])", lambda _: refs.contents(), text)
    text = _PARSTART.sub(r"\1\2", _QEDHERE.sub("", text))
    # algorithm2e's \\; ends a statement, printing ";" (`sources.latex.algorithms`)
    algorithm = block.env.startswith(_ALGORITHM_ENVS) or re.search(r"\\begin\s*\{(?:algorithm|procedure|function)",
                                                                   text)
    text = _text_commands(text, refs.today()) if not algorithm and (
        _SPACE.search(text) or _BOX.search(text) or _SYMBOL.search(text)) else text
    return _GRAPHICS.sub("", text) if block.kind != "float" else text


# the spaces TeX sets in text that pandoc drops ("a\\quad b" was "ab", "3\\;m" "3m", "g\\hspace{1cm}h" "gh",
# "\\hspace{\\stretch{1}}" too: a length in braces of its own); a negative or zero one, and \\! (pandoc's already),
# join; "\\\\" first, so a line break's backslash starts nothing
_SPACE = re.compile(r"\\\\|\\(?:[;:>]|(?:quad|qquad|enspace|enskip|space|hfill|hfil|hss)(?![A-Za-z@])"
                    r"|thinspace(?![A-Za-z@])[ \t]*|hspace\s*\*?\s*\{\s*(-?)((?:[^{}]|\{[^{}]*\})*)\}"
                    r"|hskip\s*(-?)\s*[\d.]+\s*[a-z]{2}"
                    r"(?:\s*(?:plus|minus)\s*-?[\d.]+\s*(?:fil+|[a-z]{2}))*)")


_ALGORITHM_ENVS = ("algorithm", "procedure", "function")


# boxes whose text pandoc dropped ("\\fbox{framed}", "\\makebox[2cm]{made box}", "\\raisebox{1pt}{up}" printed
# nothing): their text set as in \\mbox; one around an environment (a tabular in \\resizebox) is read as it is
_BOX = re.compile(r"(?:\\(?:makebox|framebox)(?:\s*\[[^\]]*\]){0,2}|\\fbox"
                  r"|\\raisebox\s*\{[^{}]*\}(?:\s*\[[^\]]*\]){0,2}|\\scalebox\s*\{[^{}]*\}(?:\s*\[[^\]]*\])?"
                  r"|\\fcolorbox\s*\{[^{}]*\}\s*\{[^{}]*\}"
                  r"|\\resizebox\*?\s*\{(?:[^{}]|\{[^{}]*\})*\}\s*\{(?:[^{}]|\{[^{}]*\})*\})\s*(?=\{(?!\s*\\begin))")
# text symbols pandoc dropped ("\\dag" after an author's name, "\\texttrademark"); TeX skips the spaces after them.
# A discretionary hyphen ("hy\\-phen") is no character on the page: pandoc wrote a soft hyphen (U+00AD) into the
# word. \\today in the text: the compile's date as LaTeX prints it (pandoc wrote "1970-01-01"). "\\\\" first, so a
# line break's backslash starts nothing
_SYMBOL = re.compile(r"\\\\|\\(dag|ddag|texttrademark|textdaggerdbl|today)(?![A-Za-z@])[ \t]*|\\-")
_SYMBOLS = {"\\\\": "\\\\", "\\-": "", "dag": "\u2020", "ddag": "\u2021", "textdaggerdbl": "\u2021",
            "texttrademark": "\u2122", "today": TODAY}


def _text_commands(text: str, today: str | None = TODAY) -> str:
    """``text`` with the space commands (`_SPACE`), boxes (`_BOX`) and symbols (`_SYMBOL`; ``\\today`` as
    ``today``, left where None) outside math written as pandoc keeps what they print."""
    out, at = [], 0
    for start, end in math_spans(text) + [(len(text), len(text))]:
        part = _BOX.sub(r"\\mbox", text[at:start])
        part = _SYMBOL.sub(lambda found: (found.group(0) if today is None else today) if found.group(1) == "today"
                           else _SYMBOLS[found.group(1) or found.group(0)], _SPACE.sub(_space, part))
        out.append(part + text[start:end])
        at = end
    return "".join(out)


def _space(found: re.Match) -> str:
    command = found.group(0)
    if command == "\\\\" or command.startswith("\\thinspace"):
        return "\\," if command.startswith("\\thinspace") else command
    # a negative space, or none (\\hspace{0pt}, a break allowed there), joins: "a\\hspace{0pt}b" prints "ab"
    joins = found.group(1) or found.group(3) or _ZERO.fullmatch(found.group(2) or "1pt")
    return "" if joins else "\\ "


_ZERO = re.compile(r"\s*[0.]+\s*(?:pt|em|ex|mm|cm|in|bp|pc|dd|cc|sp|mu)?\s*")


_PARSTART = re.compile(r"\\IEEEPARstart\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_QEDHERE = re.compile(r"\\qedhere(?![A-Za-z])\s*")
_GRAPHICS = re.compile(r"\\includegraphics\s*\*?\s*(?:\[[^\]]*\])?\s*\{[^{}]*\}")



def _bibitem(text: str, refs: References) -> str:
    found = re.match(r"\s*\\bibitem\s*(?:\[([^\]]*)\])?\s*\{([^}]*)\}", text)
    if not found:
        return refs.resolve(text)
    rest = refs.resolve(text[found.end():].replace(r"\newblock", " ")).strip()
    label = refs.citations.label(found.group(2), found.group(1))
    return rest if label is None else refs.document.profile.reference_label.format(label) + rest  # llncs: "1."
