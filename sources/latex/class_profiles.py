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

if TYPE_CHECKING:
    from sources.latex.blocks import Line

# the name up to the closing brace, as TeX reads it (read as "\w+", revtex4-2 was no class: its abstract
# got an "Abstract" heading revtex does not print)
_DOCUMENTCLASS = re.compile(r"\\documentclass\s*(?:\[([^\]]*)\])?\s*\{\s*([^{}\s]+)\s*\}")
# a comment, which TeX skips (an option list split over lines: "10pt,%", "conference% IEEE mode"; a
# "%\\documentclass{llncs}" left above the class in force)
_COMMENT = re.compile(r"(?<!\\)%.*")


@dataclasses.dataclass(frozen=True)
class ClassProfile:
    """What a class family prints that LaTeX's ``article`` does not (or does not print what it does).

    family: the profile's name (``"article"``, ``"ieeetran"``, ``"koma"``...).
    abstract_heading: the abstract is set under an "Abstract" heading.
    abstract_heading_option: a regex; a class option it finds turns that heading on (KOMA's ``abstract=true``).
    reference_label: a numbered bibliography entry's label, ``{}`` standing for the number (``"[{}] "``).
    theorems: the theorem environments the class declares itself, each with its own counter, each titled as
      its name capitalised (``lemma``: "Lemma").
    rewrites: ``(pattern, replacement)`` pairs applied in order to every body line and to what the title block
      reads: the class's environments and commands as LaTeX's, which the rest reads (``IEEEproof`` as
      ``proof``, ``\\addsec`` as ``\\section*``, ``\\IEEEmembership`` as ``\\textit``).
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
    numbered_headings: the class numbers its headings (revtex's ``prl`` sets ``secnumdepth`` below any: counted
      where the compile recorded no number, they were written "1 Intro"); read only where the compile recorded
      none (a ``prl`` paper that sets ``secnumdepth`` prints "I. Intro").
    lone_appendix: ``\\appendix`` is one appendix headed "Appendix" (its optional argument the title), whose
      ``\\section{...}`` commands print nothing, their titles with them (IEEEtran's; ``\\appendices`` is its
      lettered ones).
    unlettered_appendix: ``\\appendix*`` is one appendix, its section headed by the label and the separator
      alone ("Appendix: Proofs": revtex's; written "Proofs").
    abstract_run_in: the abstract's heading starts its first line, "Abstract." in bold (llncs).
    keywords: the label the class prints before ``\\keywords{...}``'s argument, its ``\\and`` a "·" (llncs's
      "Keywords:"); "" where the class prints no such paragraph there.
    authors_listed: ``\\and`` between authors prints "and" ("A and B", "A, B, and C": llncs), not a gap.
    numbered_institutes: ``\\and`` in ``\\institute`` starts another institute, each a line of its own,
      numbered where there are more than one ("$^{2}$ Other Institute": llncs).
    subtitle: the class prints ``\\subtitle{...}`` under the title (KOMA-Script, llncs).
    thanks: how a title's ``\\thanks`` prints: ``"marked"`` (LaTeX's: a symbol in the title, the note at the
      page's foot), ``"unmarked"`` (the note at the foot, no mark anywhere: IEEEtran's journal mode) or
      ``"unprinted"`` (nowhere: IEEEtran's conference mode).
    """

    family: str
    abstract_heading: bool = True
    abstract_heading_option: str = ""
    reference_label: str = "[{}] "
    theorems: tuple[str, ...] = ()
    rewrites: tuple[tuple[re.Pattern, str], ...] = ()
    chapters: bool = False
    chapter_label: bool = True
    ams: bool = False
    thanks: Literal["marked", "unmarked", "unprinted"] = "marked"
    appendix_label: str = ""
    appendix_separator: str = " "
    number_suffix: str = ""
    numbered_headings: bool = True
    lone_appendix: bool = False
    unlettered_appendix: bool = False
    abstract_run_in: bool = False
    keywords: str = ""
    authors_listed: bool = False
    numbered_institutes: bool = False
    subtitle: bool = False


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

    def rewritten(self, text: str) -> str:
        """A body line with the class's own environments and headings as LaTeX's (``ClassProfile.rewrites``),
        and IEEEtrantools's and IEEEtran's environments under any class (`_IEEE_TOOLS`)."""
        for pattern, replacement in (_IEEE_TOOLS if "IEEE" in text else ()) + self.profile.rewrites:
            text = pattern.sub(replacement, text)
        return text


# IEEEtrantools's environments (IEEEtran holds it) and IEEEtran's keywords, for every class: they compile only
# where IEEEtran or IEEEtrantools defines them, and a class or package may load either (a local ieeeaccess.cls
# doing \LoadClass{IEEEtran}: read as IEEEtran's only, they came out as "rCl x(t+1) & = & ...", without
# "Index Terms" or the proof's head). IEEEeqnarray as align (its column spec out), IEEEproof as proof,
# \IEEEnonumber as \nonumber, IEEEkeywords as the paragraph IEEEtran prints: "Index Terms---consensus, ..."
_IEEE_TOOLS = ((re.compile(r"\\(begin|end)\{IEEEeqnarray(\*?)\}(?:\s*\{[^{}]*\})?"), r"\\\1{align\2}"),
               (re.compile(r"\\(begin|end)\{IEEEproof\}"), r"\\\1{proof}"),
               (re.compile(r"\\IEEEnonumber\b"), r"\\nonumber"),
               (re.compile(r"\\begin\{IEEEkeywords\}"), r"\\textit{Index Terms}---"),
               (re.compile(r"\\end\{IEEEkeywords\}"), ""))

ARTICLE = ClassProfile("article")
BOOK = ClassProfile("book", chapters=True)
AMS = ClassProfile("ams", ams=True)
# IEEEtran (journal mode, its default): its \maketitle sets \thefootnote and \footnotemark empty, so a \thanks
# is a note at the foot without a mark (written twice, marked "*" and "\dagger", it was)
# its \appendices head each section "APPENDIX A" over its title; its \appendix is one appendix, "APPENDIX"
IEEETRAN = ClassProfile(
    "ieeetran", thanks="unmarked", appendix_label="Appendix", lone_appendix=True,
    # an author's membership, in italics ("Alice Bell, Member, IEEE, and ..."): pandoc dropped the command whole
    rewrites=((re.compile(r"\\IEEEmembership(?![A-Za-z])"), r"\\textit"),))
# its conference mode prints no \thanks at all (checked with pdfLaTeX: neither the title's nor an author's)
IEEETRAN_CONFERENCE = dataclasses.replace(IEEETRAN, family="ieeetran-conference", thanks="unprinted")
# KOMA-Script: no abstract heading unless told (abstract=true); its unnumbered headings (in the table of
# contents) as LaTeX's starred ones (an \addsec heading was lost and the paragraphs around it merged); its
# \subtitle under the title (it was dropped)
KOMA = ClassProfile("koma", subtitle=True, abstract_heading=False,
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
# "Abstract." and "Keywords:" start their paragraphs (the keywords were dropped)
LLNCS = ClassProfile("llncs", subtitle=True, reference_label="{}. ", abstract_run_in=True, keywords="Keywords:",
                     authors_listed=True, numbered_institutes=True,
                     rewrites=((re.compile(r"\\inst\s*\{([^{}]*)\}"), r"$^{\1}$"),
                               (re.compile(r"\\email(?![A-Za-z])"), r"\\texttt")), theorems=(
    "theorem", "lemma", "corollary", "proposition", "definition", "example", "exercise", "note", "problem",
    "property", "question", "remark", "solution", "claim", "conjecture"))
ACMART = ClassProfile("acmart", theorems=("theorem", "conjecture", "proposition", "lemma", "corollary", "example",
                                          "definition"))

MEMOIR = ClassProfile("memoir", chapters=True)
# memoir's article option: chapters are numbered as sections are, "1 Introduction" (written "Chapter 1 Introduction")
MEMOIR_ARTICLE = dataclasses.replace(MEMOIR, family="memoir-article", chapter_label=False)

# a class option that makes a class print otherwise: (family, option) -> the profile it prints by
_OPTIONS = {("ieeetran", "conference"): IEEETRAN_CONFERENCE, ("revtex", "prl"): REVTEX_PRL,
            ("memoir", "article"): MEMOIR_ARTICLE,
            **{("koma-book", o): KOMA_BOOK_PREFIX for o in ("chapterprefix", "chapterprefix=true", "chapterprefix=on",
                                                            "chapterprefix=yes")}}
_CLASSES = {"book": BOOK, "report": BOOK, "amsart": AMS, "amsproc": AMS, "amsbook": AMS, "IEEEtran": IEEETRAN,
            "scrartcl": KOMA, "scrreprt": KOMA_BOOK, "scrbook": KOMA_BOOK, "llncs": LLNCS, "acmart": ACMART,
            "memoir": MEMOIR}


def profile_for(name: str) -> ClassProfile:
    """The profile of the class named ``name`` (``"revtex4"``); `ARTICLE` for a class not listed."""
    if name.startswith("revtex"):
        return REVTEX
    return _CLASSES.get(name, ARTICLE)


def document_class(preamble: str) -> DocumentClass:
    """The class ``preamble`` loads, with its profile (an option's own where one makes it print otherwise:
    IEEEtran's ``conference``)."""
    found = _DOCUMENTCLASS.search(_COMMENT.sub("", preamble))
    name, given = (found.group(2), found.group(1) or "") if found else ("", "")
    options = tuple(o.strip() for o in given.split(",") if o.strip())
    profile = profile_for(name)
    profile = next((_OPTIONS[(profile.family, o)] for o in options if (profile.family, o) in _OPTIONS), profile)
    return DocumentClass(name, options, profile)


def class_commands(lines: list[Line], document: DocumentClass) -> list[Line]:
    """The lines with the class's own environments and headings as LaTeX's, which the rest reads
    (`DocumentClass.rewritten`: ``IEEEeqnarray`` as ``align`` under any class, KOMA's ``\\addsec`` as
    ``\\section*``...)."""
    if document.profile.lone_appendix:
        lines = _lone_appendix(lines)
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
