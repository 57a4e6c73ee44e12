"""The numbers TeX printed, recorded by the compile, for headings, equations, floats and theorems.

Counting in Python what LaTeX counts went wrong wherever a document numbers its own way: a supplement's
``\\renewcommand{\\thesection}{S\\arabic{section}}`` ("S1", written "1"), ``\\setcounter{equation}{9}``,
``subequations`` ("(1a)", written "(1)"), ``\\renewcommand{\\figurename}{Fig.}`` with the caption package's
``labelsep=period`` ("Fig. 1.", written "Figure 1:"), ``\\fnsymbol`` footnotes ("*", written "1"),
``\\setcounter{secnumdepth}{1}`` (unnumbered subsections written numbered). So the compile records them:
`PROBE` wraps LaTeX's ``\\stepcounter`` (which ``\\refstepcounter``, hyperref's copy of it and the caption
package all end in) and writes, for every counter stepped in material that is shipped out (a non-immediate
``\\write``: amsmath's measuring passes are thrown away, and with them what they stepped), one comment line
to the ``.aux`` (LaTeX passes over it reading the file back; a stream of its own took one of TeX's sixteen,
and a paper that used them all failed to compile):

    %vlbuild ^^_ counter ^^_ environment ^^_ input line ^^_ folder ^^_ file ^^_ \\thecounter ^^_ name ^^_ [separator] ^^_ format ^^_

Fields are apart by character 31, which TeX writes as ``^^_`` and no label or number holds. The name is a
float's ``\\fnum@`` label ("Fig. 1"), a chapter's ``\\@chapapp`` ("Chapter", "Appendix") or a part's
``\\partname``. The separator and the label format come only under the caption package: its ``labelsep``
option's setter is run, in a group, to learn the separator; the format is the name of its macro
(``\\caption@labelformat@parens``), read here as caption3.sty declares it (its own macros cannot be
expanded inside a ``\\write``). In vertical mode a write after the list's last glue hid it from
``\\addvspace`` (a theorem's space was added twice) and made the glue after a ``\\nobreak`` a place to break
the page: the glue is cancelled and set again after the write, a ``\\nobreak`` between (hyperref sets its
anchors so), and a last penalty is repeated after it (items the page builder took cannot be removed:
``\\unskip`` there is an error). An old LaTeX (before 2020-10: no hooks, no ``\\CurrentFile``) records
nothing. The wrapper goes in last, at the end of ``\\begin{document}``, so packages that patch
``\\stepcounter`` there patch LaTeX's.

`Numbers` reads those lines and hands each block (`sources.latex.blocks.Block`) the numbers stepped on its
own lines, a counter at a time, in the order TeX stepped them. A counter stepped by a nested reset
(``\\stepcounter{section}`` zeroing ``subsection``) is not recorded; the page counter is not either.
"""

from __future__ import annotations

import collections
import dataclasses
import posixpath
import re
import unicodedata

# \\input before the main file (`sources.latex.compile`) with @ a letter; the file goes when the compile ends
PROBE_FILE = "vlbuild-numbering-probe.tex"
MARK = "%vlbuild^^_"  # a record's line in the .aux: a comment, which LaTeX passes over reading it back
PROBE = r"""\ifdefined\AddToHook
\newif\ifvlbuild@inner
\def\vlbuild@page{page}
\def\vlbuild@record#1{\def\vlbuild@counter{#1}\ifx\vlbuild@counter\vlbuild@page\else
  \ifvmode\ifnum\lastnodetype=11 \vlbuild@glue{#1}\else\ifnum\lastnodetype=13 \vlbuild@penalty{#1}\else
    \vlbuild@write{#1}\fi\fi\else\vlbuild@write{#1}\fi\fi}
\newskip\vlbuild@skip
\newcount\vlbuild@count
\def\vlbuild@glue#1{\vlbuild@skip\lastskip\vskip-\vlbuild@skip
  \vlbuild@write{#1}\penalty\@M\vskip\vlbuild@skip}
\def\vlbuild@penalty#1{\vlbuild@count\lastpenalty\vlbuild@write{#1}\penalty\vlbuild@count}
\def\vlbuild@write#1{%
  \begingroup\ifdefined\caption@labelseparator\caption@labelseparator\fi
  \protected@write\@auxout{}{\@percentchar vlbuild^^_#1^^_\@currenvir^^_\the\inputlineno^^_\CurrentFilePath^^_\CurrentFile
    ^^_\ifcsname the#1dis\endcsname\csname the#1dis\endcsname\else\csname the#1\endcsname\fi^^_\ifcsname fnum@#1\endcsname\csname fnum@#1\endcsname\else
    \ifcsname vlbuild@name@#1\endcsname\csname vlbuild@name@#1\endcsname\fi\fi
    ^^_\ifdefined\caption@labelsep[\caption@labelsep]\fi
    ^^_\ifdefined\caption@labelformat\expandafter\string\caption@labelformat\fi^^_}\endgroup}
\def\vlbuild@name@chapter{\ifdefined\@chapapp\@chapapp\fi}
\def\vlbuild@name@part{\ifdefined\partname\partname\fi}
\def\vlbuild@name@enumi{\ifdefined\labelenumi\labelenumi\fi}
\def\vlbuild@name@enumii{\ifdefined\labelenumii\labelenumii\fi}
\def\vlbuild@name@enumiii{\ifdefined\labelenumiii\labelenumiii\fi}
\def\vlbuild@name@enumiv{\ifdefined\labelenumiv\labelenumiv\fi}
\AddToHook{begindocument/end}{\let\vlbuild@step\stepcounter
  \def\stepcounter#1{\ifvlbuild@inner\vlbuild@step{#1}\else
    \vlbuild@innertrue\vlbuild@step{#1}\vlbuild@innerfalse\vlbuild@record{#1}\fi}}
\fi
"""
# the probe's spaces and breaks as \\write prints them, and what robust commands leave in the text
_TEX_SPACE = re.compile(r"\\nobreakspace\s*(\{\})?|\\space\b\s*|~|\\ ")


@dataclasses.dataclass(frozen=True)
class Step:
    """One counter step TeX shipped: the counter, the environment it happened in, where (file relative
    to the project folder, 1-based line as TeX numbers it), what ``\\the<counter>`` printed, and for
    a float the label its caption printed (``Fig. 1``, ``Figure (1)``, "" under ``labelformat=empty``; None
    where none was recorded) and the caption package's separator after it (``.``; "" for a space, None
    without the package: the class's own)."""

    counter: str
    environment: str
    path: str
    line: int
    printed: str
    label: str | None
    separator: str | None


def parse(text: str) -> list[Step]:
    """The steps in an ``.aux`` file's ``text`` (the lines that start with `MARK`, one a step: TeX's ``\\write``
    does not wrap them), in shipped order; a line that is not a whole record is skipped."""
    steps = []
    for record in text.splitlines():
        if not record.startswith(MARK):
            continue
        fields = [field.strip() for field in re.split(r"\^\^_|\x1f", record[len(MARK):])]
        if len(fields) != 10 or not fields[2].isdigit():
            continue
        counter, environment, line, folder, name, printed, label, separator, form = fields[:9]
        path = posixpath.normpath(f"{folder}/{name}" if folder.strip("/") else name).lstrip("/")
        separator = _plain(separator[1:-1]) if separator.startswith("[") else None
        printed, label = _printed(printed), _plain(label) or None
        if counter == "equation" and printed.startswith("(") and printed.endswith(")"):
            printed = printed[1:-1]  # IEEEtran's \theequationdis, recorded for its headings' sake, is "(1)"
        steps.append(Step(counter, environment, path, int(line), printed, _formatted(label, printed, form), separator))
    return steps


# the caption package's label formats (\\DeclareCaptionLabelFormat in caption3.sty), name and number apart
_LABEL_FORMATS = {"empty": "", "simple": "{name} {number}", "parens": "{name} ({number})", "brace": "{name} {number})",
                  "autodot": "{name} {number}.", "unnumbered": "{name}"}


def _formatted(label: str | None, printed: str, form: str) -> str | None:
    """A float's label as the caption package's ``labelformat`` (``form``: the setting's macro, as
    ``\\caption@labelformat@parens``) prints it, from its plain label ("Figure 1") and number."""
    found = re.fullmatch(r"\\caption@labelformat@(\w+)", form)
    if label is None or found is None or found.group(1) not in _LABEL_FORMATS:
        return label  # no caption package, its "original" format, or one of the author's own
    name = label[:-len(printed)].strip() if printed and label.endswith(printed) else label
    return _LABEL_FORMATS[found.group(1)].format(name=name, number=printed).strip()


def _printed(tex: str) -> str:
    """A counter's printed form: plain text, or for a symbol (``\\fnsymbol``'s ``\\TextOrMath{..}{\\dagger}``)
    its math form, as LaTeX (``\\dagger``, ``\\ddagger\\ddagger``, ``*``)."""
    symbol = re.match(r"\\TextOrMath\s*\{(?:[^{}]|\{[^{}]*\})*\}\s*\{(.*)\}$", tex.strip())
    if symbol is not None:
        return re.sub(r"\s+(?=\\)", "", symbol.group(1)).strip()
    return _plain(tex)


def _cased(found: re.Match) -> str:
    text = _plain(found.group(2))
    return text.upper() if found.group(1) == "Upper" else text.lower()


def _greek(found: re.Match) -> str:
    """A Greek letter by the name LaTeX's LGR encoding gives it (``\\textSigma``), with its tonos
    (``\\acctonos`` before it: "ή"); the command itself where it names no Greek letter."""
    accent, name = found.group(1), found.group(2)
    try:
        letter = unicodedata.lookup(f"GREEK {'CAPITAL' if name[0].isupper() else 'SMALL'} LETTER {name.upper()}")
    except KeyError:
        return found.group(0)
    return unicodedata.normalize("NFC", letter + ("\u0301" if accent else ""))


def _plain(tex: str) -> str:
    """What a recorded piece of TeX prints, near enough for a number or a caption label (babel's Greek
    writes its names letter by letter, "\\textSigma \\textchi \\acctonos \\texteta...": "Σχή..."; math
    stays LaTeX, as targets write it: "1$^\\ast$"; ``\\MakeUppercase{i}`` is "I")."""
    tex = re.sub(r"\\Make(Upper|Lower)case\s*(?:\[\])?\s*\{((?:[^{}]|\{[^{}]*\})*)\}", _cased, tex)
    if "$" in tex:  # math: its commands are what it prints
        pieces = re.split(r"(\$[^$]*\$)", tex)
        return "".join(re.sub(r"\s+(?=[\\^_}$])|(?<=[\\{^_$])\s+", "", piece) if piece.startswith("$") else
                       _plain(piece) for piece in pieces).strip()
    tex = re.sub(r"(\\acctonos\s*)?\\text([A-Za-z]+)\s*", _greek, tex)
    text = _TEX_SPACE.sub(" ", tex).replace(r"\textendash", "\u2013").replace(r"\textemdash", "\u2014")
    text = re.sub(r"\\(hskip|kern)\s*-?[\d.]+\s*[a-z]{2}(\s*(plus|minus)\s*-?[\d.]+\s*[a-z]+)*", " ", text)
    text = re.sub(r"\\(quad|qquad|enspace|newline|hfill)(?![A-Za-z])\s*", " ", text)  # spacing
    text = re.sub(r"\\[A-Za-z@]+\s*", "", text)  # a font switch or \\textbf: its argument is what prints
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", "")).strip()


class Numbers:
    """The steps of one compile, handed out block by block (`take`). ``active`` is False when the
    compile recorded nothing (an old LaTeX without hooks, a document that numbers nothing): callers
    count then."""

    def __init__(self, text: str):
        self._steps: dict[tuple[str, int], list[Step]] = collections.defaultdict(list)
        steps = parse(text)
        for step in steps:
            self._steps[(step.path, step.line)].append(step)
        self._paths = {step.path for step in steps}
        self.active = bool(steps)

    def knows(self, lines) -> bool:
        """Whether the record holds steps of the file of ``lines``' first line: where it does, a counter
        with no step on them printed no number there (a heading past ``secnumdepth``)."""
        return bool(lines) and any(key in self._paths for key in self._keys(lines[0].path))

    def take(self, counters: str | tuple[str, ...], lines, skip_environments: tuple[str, ...] = ()) -> Step | None:
        """The first step of one of ``counters`` not yet taken on ``lines`` (a block's `Line`s), or None. A
        step made inside one of ``skip_environments`` is passed over (``subequations`` steps the equation
        counter for its parent number, which no row prints; a theorem sharing the equation counter steps it
        for its own head)."""
        counters = (counters,) if isinstance(counters, str) else counters
        for line in lines:
            for path in self._keys(line.path):
                found = self._steps.get((path, line.number))
                for at, step in enumerate(found or ()):
                    if step.counter in counters and step.environment not in skip_environments:
                        del found[at]
                        return step
        return None

    def _keys(self, path: str) -> list[str]:
        # TeX found ``\input{intro}`` as sections/intro.tex by its search path: LaTeX names it intro.tex;
        # only for a file the record holds under no path of its own (a root intro.tex keeps its steps)
        return [path] if path in self._paths else [path, path.rsplit("/", 1)[-1]]
