"""What a document class prints of its own accord, one profile a class family, looked up by ``\\documentclass``.

The same LaTeX prints differently under different classes: KOMA-Script and revtex set an abstract without an
"Abstract" heading, llncs labels its references "1." where LaTeX's classes print "[1]", llncs and acmart
declare theorem environments no preamble shows, IEEEtran and KOMA have environments and headings of their own
that the rest of `sources.latex` reads as LaTeX's. Each such fact is a field of a `ClassProfile`; the
preamble's class is read once (`document_class`, by `sources.latex.convert.References`) and every site that
depends on the class reads the profile it gives; `class_commands` rewrites the body's lines by it before they
are cut into blocks. A class not listed prints as LaTeX's ``article`` does.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Literal

from sources.latex.heading_formats import number_suffix as koma_number_suffix

if TYPE_CHECKING:
    from sources.latex.blocks import Line

# the name up to the closing brace, as TeX reads it (read as "\w+", revtex4-2 was no class: its abstract
# got an "Abstract" heading revtex does not print)
_DOCUMENTCLASS = re.compile(r"\\documentclass\s*(?:\[([^\]]*)\])?\s*\{\s*([^{}\s]+)\s*\}")
# a comment, which TeX skips (an option list split over lines: "10pt,%", "conference% IEEE mode"; a
# "%\\documentclass{llncs}" left above the class in force)
_COMMENT = re.compile(r"(?<!\\)%.*")


@dataclasses.dataclass(frozen=True)
class ProofStyle:
    """How a proof environment prints: its head in italics, the proof's text, then its end mark.

    name: the head's name where the environment is given none (``\\proofname``, IEEEtran's ``\\IEEEproofname``:
      the command a preamble may renew).
    head: the head, ``{}`` standing for the name or the optional argument (amsthm's "{}.", IEEEtran's "{}:",
      llncs's "Proof ({})." for an argument).
    named: the head where an optional argument is given ("" for ``head``).
    add_punctuation: the head's last character is left out where the name ends with punctuation already
      (amsthm's ``\\@addpunct``: "Proof of (i)." not "Proof of (i)..").
    mark: the end mark set at the proof's last line ("" for none: llncs's).
    qed: what ``\\qed`` in the proof prints.
    font: the head's font command (``textit``; acmart's ``textsc``, small capitals, written as plain words).
    """

    name: str = "proofname"
    head: str = "{}."
    named: str = ""
    add_punctuation: bool = True
    mark: str = "◻"
    qed: str = "◻"
    font: str = "textit"


# amsthm's proof: \item[\hskip\labelsep\itshape #1\@addpunct{.}] and \qedsymbol, \openbox, at its end
AMSTHM_PROOF = ProofStyle()
# IEEEtran.cls (and IEEEtrantools.sty): \def\@IEEEproof[#1]{...{\itshape #1: }}, \endIEEEproof sets \IEEEQED,
# \IEEEQEDclosed, a filled box (\rule{1.3ex}{1.3ex}); compsoc's \IEEEQED is \IEEEQEDopen, an open one
IEEE_PROOF = ProofStyle(name="IEEEproofname", head="{}:", add_punctuation=False, mark="◼", qed="◼")
IEEE_PROOF_OPEN = dataclasses.replace(IEEE_PROOF, mark="◻", qed="◻")
# llncs.cls: \spnewtheorem*{proof}{Proof}{\itshape}{\rmfamily}: "Proof." or "Proof (Of the Lemma)." in italics,
# no end mark; its \qed prints \squareforqed, a \sqcap over a \sqcup (an open box)
LLNCS_PROOF = ProofStyle(named="Proof ({}).", add_punctuation=False, mark="")


@dataclasses.dataclass(frozen=True)
class ClassProfile:
    """What a class family prints that LaTeX's ``article`` does not (or does not print what it does).

    family: the profile's name (``"article"``, ``"ieeetran"``, ``"koma"``...).
    abstract_heading: the abstract is set under an "Abstract" heading.
    abstract_heading_option: a regex; a class option it finds turns that heading on (KOMA's ``abstract=true``).
    reference_label: a numbered bibliography entry's label, ``{}`` standing for the number (``"[{}] "``).
    theorems: the theorem environments the class declares itself, each with its own counter, each titled as
      its name capitalised (``lemma``: "Lemma").
    italic_theorems: those of ``theorems`` whose body the class sets italic (llncs's theorem, its definition too;
      acmart's acmplain style), the others upright.
    theorem_head: how the class's ``\\@begintheorem`` heads a kernel ``\\newtheorem``'s environment, ``{}``
      standing for its name, number and note ("Theorem 2 (Name)"): LaTeX's "\\textbf{{{}}}" (bold, the note
      inside, no period: "**Theorem 2 (Name)**"), elsarticle's "\\textbf{{{}.}}", IEEEtran's "\\textit{{{}:}}".
      amsthm (`theorem_style`) and ntheorem replace it.
    theorem_body_upright: that head's body is upright (IEEEtran's ``\\rmfamily``), not LaTeX's italic.
    theorem_heads: how the class heads ``theorems``, ``{}`` as in ``theorem_head``: those of ``italic_theorems``,
      then the others (llncs's \\spnewtheorem bold, then italic, a period after the note: "Theorem 2 (Name).").
    theorem_style: the amsthm style in force at the preamble's start where the class loads amsthm (acmart's
      ``acmplain``, its head in small capitals; amsthm's ``plain`` else).
    rewrites: ``(pattern, replacement)`` pairs applied in order to every body line and to what the title block
      reads: the class's environments and commands as LaTeX's, which the rest reads (``\\addsec`` as
      ``\\section*``, ``\\IEEEmembership`` as ``\\textit``).
    chapters: the class has chapters (a book: its bibliography is headed "Bibliography"; where the body uses
      ``\\chapter`` it is the top heading, sections and equations numbered within it).
    chapter_label: a chapter's heading prints its name before the number ("Chapter 2", "Appendix A"; memoir's
      ``article`` option prints "2 Results").
    ams: an AMS class (no date unless given; ``\\address`` and ``\\email`` printed after the last line).
    appendix_label: the word a top heading after ``\\appendix`` prints before its letter ("Appendix A"; ""
      for LaTeX's "A Proofs").
    appendix_separator: what the class prints between that letter and the title (revtex's ": "; none
      where the title is empty).
    number_suffix: what the class prints after a heading's number (revtex's "I.", "A.", "1.").
    autodot: a period follows a heading's number as KOMA-Script's ``\\autodot`` decides
      (`DocumentClass.number_suffix`).
    numbered_headings: the class numbers its headings (revtex's ``prl`` sets ``secnumdepth`` below any: counted
      where the compile recorded no number, they were written "1 Intro"); read only where the compile recorded
      none (a ``prl`` paper that sets ``secnumdepth`` prints "I. Intro").
    lone_appendix: ``\\appendix`` is one appendix headed "Appendix" (its optional argument the title), whose
      ``\\section{...}`` commands print nothing, their titles with them (IEEEtran's; ``\\appendices`` is its
      lettered ones).
    unlettered_appendix: ``\\appendix*`` is one appendix, its section headed by the label and the separator
      alone ("Appendix: Proofs": revtex's; written "Proofs").
    abstract_run_in: the LaTeX of the heading that starts the abstract's first line (llncs's "\\textbf{Abstract.} ",
      IEEEtran's "\\textit{Abstract}---"), "" where it has a heading of its own or none.
    abstract_bold: the abstract is set in bold (IEEEtran's \\bfseries), each paragraph.
    ieee_keywords: the LaTeX of the head that starts the words of an ``IEEEkeywords`` environment (IEEEtran's
      ``\\textit{\\IEEEkeywordsname}---``: "Index Terms—consensus", no space after the dash); the defaults are
      IEEEtran's, for any class (a local class may load IEEEtran).
    ieee_keywords_bold: those keywords are set in bold, head and words (IEEEtran's \\bfseries).
    keywords: the label the class prints before ``\\keywords{...}``'s argument, its ``\\and`` a "·" (llncs's
      "Keywords:"); "" where the class prints no such paragraph there.
    authors_listed: ``\\and`` between authors prints "and" ("A and B", "A, B, and C": llncs), not a gap.
    numbered_institutes: ``\\and`` in ``\\institute`` starts another institute, each a line of its own,
      numbered where there are more than one ("$^{2}$ Other Institute": llncs).
    subtitle: the class prints ``\\subtitle{...}`` under the title (KOMA-Script, llncs).
    unset_title: what the class's title block prints for a ``title``, ``author`` or ``institute`` the preamble
      never sets, as ``(command, text)`` pairs (llncs's \\clearheadinfo: "No Institute Given").
    thanks: how a title's ``\\thanks`` prints: ``"marked"`` (LaTeX's: a symbol in the title, the note at the
      page's foot), ``"unmarked"`` (the note at the foot, no mark anywhere: IEEEtran's journal mode) or
      ``"unprinted"`` (nowhere: IEEEtran's conference mode).
    proof: how the class's own ``proof`` environment prints (llncs's; amsthm's where the class loads it), None
      where it has none (amsthm's where the preamble loads it: `sources.latex.theorems.proof_styles`).
    loads_amsthm: the class loads amsthm itself (the AMS classes, acmart): its ``proof`` stands where the preamble
      loads amsthm too (llncs's gives way to amsthm's).
    ieee_proof: how ``IEEEproof`` prints (IEEEtran's and IEEEtrantools's: "*Proof:* ... ◼"; compsoc's mark open).
    """

    family: str
    abstract_heading: bool = True
    abstract_heading_option: str = ""
    reference_label: str = "[{}] "
    theorems: tuple[str, ...] = ()
    italic_theorems: tuple[str, ...] = ()
    theorem_head: str = "\\textbf{{{}}}"
    theorem_body_upright: bool = False
    theorem_heads: tuple[str, str] = ("\\textbf{{{}.}}", "\\textit{{{}.}}")
    theorem_style: str = "plain"
    rewrites: tuple[tuple[re.Pattern, str], ...] = ()
    chapters: bool = False
    chapter_label: bool = True
    ams: bool = False
    thanks: Literal["marked", "unmarked", "unprinted"] = "marked"
    appendix_label: str = ""
    appendix_separator: str = " "
    number_suffix: str = ""
    autodot: bool = False
    numbered_headings: bool = True
    lone_appendix: bool = False
    unlettered_appendix: bool = False
    abstract_run_in: str = ""
    abstract_bold: bool = False
    ieee_keywords: str = "\\textit{Index Terms}---"
    ieee_keywords_bold: bool = True
    keywords: str = ""
    authors_listed: bool = False
    numbered_institutes: bool = False
    subtitle: bool = False
    unset_title: tuple[tuple[str, str], ...] = ()
    proof: ProofStyle | None = None
    loads_amsthm: bool = False
    ieee_proof: ProofStyle = IEEE_PROOF


@dataclasses.dataclass(frozen=True)
class DocumentClass:
    """The class a preamble loads: its name (``""`` when none is found), its options and its profile."""

    name: str
    options: tuple[str, ...]
    profile: ClassProfile

    @property
    def abstract_heading(self) -> bool:
        """Whether the abstract is set under an "Abstract" heading, the class's options considered."""
        option = self.profile.abstract_heading_option
        return self.profile.abstract_heading or bool(option and re.search(option, ",".join(self.options)))

    def number_suffix(self, aux: str, preamble: str = "", level: str | None = None) -> str:
        """What the class prints after the number of a heading at ``level`` (``"section"``; None: in the table
        of contents): the profile's (revtex's "."), or where KOMA-Script's ``\\autodot`` decides, "." under
        ``numbers=enddot`` (or its synonyms, as a class option or in ``\\KOMAoptions``), none under
        ``numbers=noenddot``, else (``autoendperiod``, the default) "." where the compile's ``.aux`` turns it
        on: a number with a letter or a roman numeral, after ``\\appendix``, prints every number with a period
        ("A. Proofs", and "1. Introduction" too: written "A Proofs"); a preamble's own ``\\autodot`` or
        ``\\sectionformat`` as it prints (`sources.latex.heading_formats`: ``\\renewcommand*{\\autodot}{}``,
        never a period; `FormatUnread` where one is not understood)."""
        if not self.profile.autodot:
            return self.profile.number_suffix
        return koma_number_suffix(preamble, self._automatic_dot(aux, preamble), level)

    def _automatic_dot(self, aux: str, preamble: str) -> str:
        """What KOMA-Script's own ``\\autodot`` prints: its ``numbers=`` option's, else the ``.aux``'s."""
        given = [*self.options]
        for options, value in _KOMA_OPTIONS.findall(preamble):  # \KOMAoptions{numbers=enddot}, \KOMAoption{numbers}{enddot}
            given += [f"{options}={value}"] if value else options.split(",")
        for option in reversed([o.replace(" ", "") for o in given]):
            value = {"pointednumbers": "enddot", "pointlessnumbers": "noenddot"}.get(option)  # the deprecated names
            value = value or (option.removeprefix("numbers=") if option.startswith("numbers=") else "")
            if value in _ENDDOT:
                return "" if value.startswith("no") else "."
            if value in ("autoendperiod", "autoenddot", "auto"):
                break
        return "." if "@altsecnumformattrue" in aux else ""

    def rewritten(self, text: str) -> str:
        """A body line with the class's own environments and headings as LaTeX's (``ClassProfile.rewrites``),
        and IEEEtrantools's and IEEEtran's environments under any class (`_IEEE_TOOLS`)."""
        for pattern, replacement in (_IEEE_TOOLS if "IEEE" in text else ()) + self.profile.rewrites:
            text = pattern.sub(replacement, text)
        return text


# KOMA-Script's numbers= values (scrartcl.cls's \KOMA@key{numbers}): a period after the number, or none
_ENDDOT = ("endperiod", "withendperiod", "periodatend", "enddot", "withenddot", "dotatend", "noendperiod",
           "noperiodatend", "noenddot", "nodotatend")
_KOMA_OPTIONS = re.compile(r"\\KOMAoptions?\s*\{([^{}]*)\}(?:\s*\{([^{}]*)\})?")

# IEEEtrantools's environments (IEEEtran holds it) and IEEEtran's keywords, for every class: they compile only
# where IEEEtran or IEEEtrantools defines them, and a class or package may load either (a local ieeeaccess.cls
# doing \LoadClass{IEEEtran}: read as IEEEtran's only, they came out as "rCl x(t+1) & = & ...", without
# "Index Terms" or the proof's head). IEEEeqnarray as align (its column spec out), \IEEEnonumber as \nonumber
# (IEEEkeywords is `sources.latex.convert`'s, as the class's profile sets it: "Index Terms---consensus, ...")
_IEEE_TOOLS = ((re.compile(r"\\(begin|end)\{IEEEeqnarray(\*?)\}(?:\s*\{[^{}]*\})?"), r"\\\1{align\2}"),
               (re.compile(r"\\IEEEnonumber\b"), r"\\nonumber"))

ARTICLE = ClassProfile("article")
BOOK = ClassProfile("book", chapters=True)
AMS = ClassProfile("ams", ams=True, proof=AMSTHM_PROOF, loads_amsthm=True)  # amsart's proof is amsthm's
# IEEEtran (journal mode, its default): its \maketitle sets \thefootnote and \footnotemark empty, so a \thanks
# is a note at the foot without a mark (written twice, marked "*" and "\dagger", it was)
# its \appendices head each section "APPENDIX A" over its title; its \appendix is one appendix, "APPENDIX"
# its abstract and keywords in two columns (its default): "\bfseries\textit{\abstractname}---" and
# "\bfseries\textit{\IEEEkeywordsname}---", in bold throughout (written "**Abstract**" over the text, and
# "Index Terms— consensus" with a space the page does not show)
IEEETRAN = ClassProfile(
    "ieeetran", thanks="unmarked", appendix_label="Appendix", lone_appendix=True, abstract_heading=False,
    abstract_run_in="\\textit{Abstract}---", abstract_bold=True,
    # its \\@begintheorem: "\\textit{\\indent #1\\ #2:}" after \\rmfamily, the body upright (written italic)
    theorem_head="\\textit{{{}:}}", theorem_body_upright=True,
    # an author's membership, in italics ("Alice Bell, Member, IEEE, and ..."): pandoc dropped the command whole
    rewrites=((re.compile(r"\\IEEEmembership(?![A-Za-z])"), r"\\textit"),))
# its conference mode prints no \thanks at all (checked with pdfLaTeX: neither the title's nor an author's)
IEEETRAN_CONFERENCE = dataclasses.replace(IEEETRAN, family="ieeetran-conference", thanks="unprinted")
# its compsoc option: \IEEEQED is \IEEEQEDopen ("\ifCLASSOPTIONcompsoc \def\IEEEQED{\IEEEQEDopen}"); a compsoc
# journal's abstract and keywords are sans serif, their names in bold, "\sffamily ... \textbf{\abstractname}---"
# (a compsoc conference's are IEEEtran's)
# its theorems' heads bold italic, "\\textit{\\bfseries\\noindent #1\\ #2.}"
IEEETRAN_COMPSOC = dataclasses.replace(IEEETRAN, family="ieeetran-compsoc", ieee_proof=IEEE_PROOF_OPEN,
                                       theorem_head="\\textit{{\\textbf{{{}.}}}}",
                                       abstract_run_in="\\textbf{Abstract}---", abstract_bold=False,
                                       ieee_keywords="\\textbf{Index Terms}---", ieee_keywords_bold=False)
IEEETRAN_COMPSOC_CONFERENCE = dataclasses.replace(IEEETRAN_CONFERENCE, family="ieeetran-conference+compsoc",
                                                  ieee_proof=IEEE_PROOF_OPEN,
                                                  theorem_head=IEEETRAN_COMPSOC.theorem_head)
# one column: "Abstract" and "Index Terms" are headings, centred in bold over their text (\if@twocolumn's \else)
IEEETRAN_ONECOLUMN = dataclasses.replace(IEEETRAN, family="ieeetran-onecolumn", abstract_heading=True,
                                         abstract_run_in="", abstract_bold=False,
                                         ieee_keywords="\\textbf{Index Terms}\n\n", ieee_keywords_bold=False)
# KOMA-Script: no abstract heading unless told (abstract=true); its unnumbered headings (in the table of
# contents) as LaTeX's starred ones (an \addsec heading was lost and the paragraphs around it merged); its
# \subtitle under the title (it was dropped)
KOMA = ClassProfile("koma", subtitle=True, abstract_heading=False, autodot=True,
                    abstract_heading_option=r"abstract\s*=\s*(true|on|yes)|abstracton",
                    rewrites=((re.compile(r"\\addsec\*?(?![A-Za-z])"), r"\\section*"),
                              (re.compile(r"\\addchap\*?(?![A-Za-z])"), r"\\chapter*"),
                              (re.compile(r"\\addpart\*?(?![A-Za-z])"), r"\\part*")))
# scrreprt and scrbook: chapters, numbered without the "Chapter" name ("1 Introduction", written "Chapter 1
# Introduction") unless chapterprefix is set; their bibliography is "Bibliography" (written "References")
KOMA_BOOK = dataclasses.replace(KOMA, family="koma-book", chapters=True, chapter_label=False)
KOMA_BOOK_PREFIX = dataclasses.replace(KOMA_BOOK, family="koma-book-prefix", chapter_label=True)
# revtex (aps): "I. Intro", "A. Deeper", "Appendix A: Proofs" (its \@seccntformat and \@appendixcntformat)
# its \appendix* sets \thesection to \unskip: "Appendix: Proofs"
REVTEX = ClassProfile("revtex", abstract_heading=False, appendix_label="Appendix", appendix_separator=": ",
                      number_suffix=".", unlettered_appendix=True)
REVTEX_PRL = dataclasses.replace(REVTEX, family="revtex-prl", numbered_headings=False)
# llncs's theorems are its \spnewtheorem's; its references are labelled "1."; its title block numbers the
# institutes, \inst{1} marks an author with one, an \email prints in typewriter type (both were dropped);
# "Abstract." and "Keywords:" start their paragraphs (the keywords were dropped); its \clearheadinfo sets the
# title, author and institute it prints where the preamble sets none ("No Institute Given" was left out)
LLNCS = ClassProfile("llncs", subtitle=True, unset_title=(("title", "No Title Given"), ("author", "No Author Given"),
                                                         ("institute", "No Institute Given")), reference_label="{}. ", abstract_run_in="\\textbf{Abstract.} ", keywords="Keywords:",
                     authors_listed=True, numbered_institutes=True,
                     rewrites=((re.compile(r"\\inst\s*\{([^{}]*)\}"), r"$^{\1}$"),
                               (re.compile(r"\\email(?![A-Za-z])"), r"\\texttt")), theorems=(
    "theorem", "lemma", "corollary", "proposition", "definition", "example", "exercise", "note", "problem",
    "property", "question", "remark", "solution", "claim", "conjecture"), proof=LLNCS_PROOF,
    # \spn@wtheorem{lemma}{Lemma}{\bfseries}{\itshape}: the body font is the last argument; the rest \rmfamily
    italic_theorems=("theorem", "lemma", "corollary", "proposition", "definition"))
# acmart loads amsthm and renews its proof: the head in small capitals (\@proofnamefont, \scshape), but in
# sigplan's format, in italics
ACMART = ClassProfile("acmart", theorems=("theorem", "conjecture", "proposition", "lemma", "corollary", "example",
                                          "definition"), proof=dataclasses.replace(AMSTHM_PROOF, font="textsc"),
                      loads_amsthm=True, italic_theorems=("theorem", "conjecture", "proposition", "lemma", "corollary"),
                      # its acmplain style (the default) heads in small capitals, acmdefinition in italics, each
                      # with the note inside: "Theorem 2 (Name)." (written "**Theorem 2** (Name).")
                      theorem_heads=("\\textsc{{{}.}}", "\\textit{{{}.}}"), theorem_style="acmplain")
ACMART_SIGPLAN = dataclasses.replace(ACMART, family="acmart-sigplan", proof=AMSTHM_PROOF)

MEMOIR = ClassProfile("memoir", chapters=True)
# elsarticle's own \\@begintheorem puts a period after the number or the note, all bold: "Theorem 2 (Name)."
ELSARTICLE = ClassProfile("elsarticle", theorem_head="\\textbf{{{}.}}")
# memoir's article option: chapters are numbered as sections are, "1 Introduction" (written "Chapter 1 Introduction")
MEMOIR_ARTICLE = dataclasses.replace(MEMOIR, family="memoir-article", chapter_label=False)

# a class option that makes a class print otherwise: (family, option) -> the profile it prints by
_OPTIONS = {("ieeetran", "conference"): IEEETRAN_CONFERENCE, ("ieeetran", "compsoc"): IEEETRAN_COMPSOC,
            ("ieeetran", "onecolumn"): IEEETRAN_ONECOLUMN, ("revtex", "prl"): REVTEX_PRL,
            ("memoir", "article"): MEMOIR_ARTICLE, ("acmart", "sigplan"): ACMART_SIGPLAN,
            ("acmart", "format=sigplan"): ACMART_SIGPLAN,
            **{("koma-book", o): KOMA_BOOK_PREFIX for o in ("chapterprefix", "chapterprefix=true", "chapterprefix=on",
                                                            "chapterprefix=yes")}}
# options that print otherwise together than each does alone
_COMBINED = {"ieeetran": ((frozenset({"conference", "compsoc"}), IEEETRAN_COMPSOC_CONFERENCE),)}
_CLASSES = {"book": BOOK, "report": BOOK, "amsart": AMS, "amsproc": AMS, "amsbook": AMS, "IEEEtran": IEEETRAN,
            "scrartcl": KOMA, "scrreprt": KOMA_BOOK, "scrbook": KOMA_BOOK, "llncs": LLNCS, "acmart": ACMART,
            "memoir": MEMOIR, "elsarticle": ELSARTICLE}


def profile_for(name: str) -> ClassProfile:
    """The profile of the class named ``name`` (``"revtex4"``); `ARTICLE` for a class not listed."""
    if name.startswith("revtex"):
        return REVTEX
    return _CLASSES.get(name, ARTICLE)


def document_class(preamble: str) -> DocumentClass:
    """The class ``preamble`` loads, with its profile (an option's own where one makes it print otherwise:
    IEEEtran's ``conference``; two such options, each one's changes, ``"ieeetran-onecolumn+conference"``, or
    the pair's own where they print otherwise together: ``"ieeetran-conference+compsoc"``)."""
    found = _DOCUMENTCLASS.search(_COMMENT.sub("", preamble))
    name, given = (found.group(2), found.group(1) or "") if found else ("", "")
    options = tuple(o.strip() for o in given.split(",") if o.strip())
    base = profile = profile_for(name)
    taken: frozenset[str] = frozenset()
    for together, pair in _COMBINED.get(base.family, ()):
        if together <= set(options):
            profile, taken = pair, together
    for variant in (_OPTIONS[(base.family, o)] for o in options if (base.family, o) in _OPTIONS and o not in taken):
        changes = {field.name: getattr(variant, field.name) for field in dataclasses.fields(variant)
                   if getattr(variant, field.name) != getattr(base, field.name)}
        if profile is not base:
            changes["family"] = f"{profile.family}+{variant.family.removeprefix(base.family + '-')}"
        profile = dataclasses.replace(profile, **changes)
    return DocumentClass(name, options, profile)


def class_commands(lines: list[Line], document: DocumentClass) -> list[Line]:
    """The lines with the class's own environments and headings as LaTeX's, which the rest reads
    (`DocumentClass.rewritten`: ``IEEEeqnarray`` as ``align`` under any class, KOMA's ``\\addsec`` as
    ``\\section*``...)."""
    if document.profile.lone_appendix:
        lines = _lone_appendix(lines)
    if document.profile.family.startswith("ieeetran"):
        options = set(document.options)
        in_title = bool(options & {"compsoc", "transmag"}) and not options & {"conference", "technote"}
        lines = _title_abstract(lines, in_title)
    out = []
    for line in lines:
        text = document.rewritten(line.text)
        out.append(line if text == line.text else dataclasses.replace(line, text=text))
    return out


_LONE_APPENDIX = re.compile(r"\\appendix(?![A-Za-z])\s*(?:\[([^\]]*)\])?")
_NUMBERED_SECTION = re.compile(r"\\section\s*(?:\[[^\]]*\])?\s*\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}")


def _lone_appendix(lines: list[Line]) -> list[Line]:
    """The lines with IEEEtran's lone ``\\appendix[Title]`` as the heading it prints ("Appendix Title") and
    the ``\\section{...}`` commands after it gone (IEEEtran throws them away: "Appendix" was written "A Proof",
    a title the page does not print); a line left empty by that goes whole, so the paragraphs around it
    run on as one, as printed."""
    out, inside = [], False
    for line in lines:
        text = line.text
        if not inside and (found := _LONE_APPENDIX.search(text)) is not None:
            inside = True
            heading = f"\\section*{{Appendix{' ' + found.group(1) if found.group(1) else ''}}}"
            # a \\section on the rest of the line goes too (\\appendix\\section{Proof}: written "Appendix" then
            # "Proof" as two headings)
            text = text[:found.start()] + heading + _NUMBERED_SECTION.sub("", text[found.end():])
        elif inside and r"\section" in text:
            text = _NUMBERED_SECTION.sub("", text)
            if not text.strip():
                continue
        out.append(line if text == line.text else dataclasses.replace(line, text=text))
    return out


# IEEEtran's \IEEEtitleabstractindextext{...} (its abstract and index terms) prints nothing where it stands: its
# \maketitle sets it under the authors in a compsoc or transmag journal, else \IEEEdisplaynontitleabstractindextext
# sets it where that stands (IEEEtran.cls l.5232; neither: nowhere). Pandoc dropped the command whole: the compsoc
# journal template's first page lost its abstract and was refused (62% of its words)
_TITLE_ABSTRACT = re.compile(r"\\IEEE(?:compsoc)?titleabstractindextext(?![A-Za-z])\s*\{")
_DISPLAY_ABSTRACT = re.compile(r"\\IEEEdisplayno(?:n|tcompsoc)titleabstractindextext(?![A-Za-z])")


def _title_abstract(lines: list[Line], in_title: bool) -> list[Line]:
    """The lines with the argument of IEEEtran's ``\\IEEEtitleabstractindextext`` moved to after the
    ``\\maketitle`` line (``in_title``) or to where ``\\IEEEdisplaynontitleabstractindextext`` stands (that
    command gone), and dropped where neither is. Moved lines take the number of the line they go to: TeX sets
    the stored argument there, and SyncTeX tags what it sets with that line."""
    start = next((i for i, line in enumerate(lines) if _TITLE_ABSTRACT.search(line.text)), None)
    if start is None:
        return lines
    found = _TITLE_ABSTRACT.search(lines[start].text)
    depth, inside, end = 1, [], None
    for i in range(start, len(lines)):
        text = lines[i].text
        at = found.end() if i == start else 0
        j = at
        while j < len(text) and depth:
            if text[j] == "\\":
                j += 2
                continue
            if text[j] == "%":
                break
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        if depth == 0:
            inside.append(dataclasses.replace(lines[i], text=text[at:j - 1]))
            end = (i, j)
            break
        inside.append(dataclasses.replace(lines[i], text=text[at:]))
    if end is None:  # unclosed: as it is (TeX stops there too)
        return lines
    before = dataclasses.replace(lines[start], text=lines[start].text[:found.start()])
    after = dataclasses.replace(lines[end[0]], text=lines[end[0]].text[end[1]:])
    kept = lines[:start] + [line for line in (before, after) if line.text.strip()] + lines[end[0] + 1:]
    inside = [line for line in inside if line.text.strip() and not line.text.lstrip().startswith("%")]
    out = []
    for line in kept:
        moved = [dataclasses.replace(piece, path=line.path, number=line.number) for piece in inside]
        if in_title and r"\maketitle" in line.text:
            out += [line, *moved]
        elif _DISPLAY_ABSTRACT.search(line.text):
            rest = dataclasses.replace(line, text=_DISPLAY_ABSTRACT.sub("", line.text))
            out += ([rest] if rest.text.strip() else []) + ([] if in_title else moved)
        else:
            out.append(line)
    return out
