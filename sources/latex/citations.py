"""What citation commands print: ``\\cite`` as numbers, natbib's ``\\citep``/``\\citet`` as authors and years
with the brackets and separators natbib sets (its options, the bibliography style's ``\\bibpunct``, the
preamble's own), and each ``\\bibitem``'s label; from the keys the compile wrote to the ``.aux``.
"""

from __future__ import annotations

import re

from sources.latex.crossref import ranges

# \bibcite{key}{1}, or natbib's \bibcite{key}{{1}{1959}{{Carslaw and Jaeger}}{{}}}
_BIBCITE = re.compile(r"^\\bibcite\{([^}]*)\}\{(?:\{([^}]*)\}\{([^}]*)\}\{\{([^}]*)\}\}|([^}]*))", re.M)
_CITE = re.compile(r"\\(cite|citep|citet|citealp|citealt|citeauthor|citeyear|nocite)\*?"
                   r"(?:\[([^\]]*)\])?(?:\[([^\]]*)\])?\{([^}]*)\}")
_NATBIB = re.compile(r"\\usepackage\s*(?:\[([^\]]*)\])?\s*\{[^}]*\bnatbib\b[^}]*\}")


class Citations:
    """The citation keys the ``.aux`` resolved and how the preamble prints them."""

    def __init__(self, aux: str, preamble: str, body: str = ""):
        # key -> (number, year, authors): year and authors only under natbib
        self.cites = {key: (number or plain, year, authors)
                      for key, number, year, authors, plain in _BIBCITE.findall(aux)}
        natbib = _NATBIB.search(preamble)
        options = {o.strip() for o in (natbib.group(1) or "").split(",")} if natbib else set()
        self.author_year = bool(natbib) and not options & {"numbers", "super"}
        self.natbib = bool(natbib)
        self.brackets, self.separator, self.author_year_separator = (
            _natbib_punctuation(options, preamble, body) if natbib else ("[]", ", ", ","))
        # numbers sorted and runs of three or more made ranges: natbib's sort/compress, the cite package always
        cite_package = bool(re.search(r"\\usepackage\s*(\[[^\]]*\])?\s*\{[^}]*\bcite\b[^}]*\}", preamble))
        self.sort = cite_package or bool(options & {"sort", "sort&compress"})
        self.compress = cite_package or bool(options & {"compress", "sort&compress"})
        self.number_separator = "," if cite_package and not natbib else ", "

    def resolve(self, text: str) -> str:
        """``text`` with each citation command as the page prints it."""
        return _CITE.sub(self._cite, text)

    def label(self, key: str, given: str | None) -> str | None:
        """What a ``\\bibitem[given]{key}`` prints before its entry (the class's format aside): its number, or
        ``given`` where natbib is not loaded; None in natbib's author-year lists, which print none."""
        if self.author_year:
            return None
        number = self.cites.get(key, ("?",))[0]
        return number if self.natbib else given or number

    def _cite(self, found: re.Match) -> str:
        """What a citation command prints: numbers, or natbib's authors and years."""
        command, first, second, keys = found.groups()
        if command == "nocite":
            return ""
        pre, note = (first, second) if second is not None else ("", first)  # \citep[pre][post]{k}, [post]{k}
        cites = [self.cites.get(key.strip(), ("?", "", "")) for key in keys.split(",")]
        open_, close = self.brackets
        if command == "citeauthor":
            return self.separator.join(authors or "(author?)" for _, _, authors in cites)
        if command == "citeyear":
            return self.separator.join(year or "?" for _, year, _ in cites)
        textual = command in ("citet", "citealt") or (command == "cite" and self.author_year)
        if self.author_year:
            parts = ([f"{a} {y}" if command == "citealt" else f"{a} {open_}{y}{close}" for _, y, a in cites]
                     if textual else [f"{a}{self.author_year_separator} {y}" for _, y, a in cites])
        elif textual and self.natbib:
            # a \\bibitem without natbib's [Author(year)] label: natbib prints '(author?)'
            parts = [f"{a or '(author?)'} {open_}{n}{close}" for n, _, a in cites]
        else:
            parts = _compressed([n for n, _, _ in cites], self.sort, self.compress)
        inner = self.separator.join(parts) if self.natbib else self.number_separator.join(parts)
        if note:
            inner = f"{inner}, {note}"
        if pre:
            inner = f"{pre} {inner}"
        if textual and self.natbib or command == "citealp":
            return inner
        return f"{open_}{inner}{close}" if self.natbib else f"[{inner}]"


def _compressed(numbers: list[str], sort: bool, compress: bool) -> list[str]:
    """Citation numbers as the page lists them: sorted, and runs of three or more as ``1–3``."""
    if sort and all(n.isdigit() for n in numbers):
        numbers = sorted(numbers, key=int)
    return ranges(numbers, "\u2013") if compress else numbers


# natbib's options in the order it declares (and \ProcessOptions runs) them, with the brackets and separator each
# sets; every one but authoryear also turns off the bibliography style's punctuation
_NATBIB_OPTIONS = (("numbers", "[]", ","), ("super", None, None), ("authoryear", "()", ";"), ("round", "()", None),
                   ("square", "[]", None), ("angle", "<>", None), ("curly", "{}", None), ("comma", None, ","),
                   ("semicolon", None, ";"), ("colon", None, ";"))
# \bibliographystyle{X} sets \bibpunct where natbib knows X (its \bibstyle@X, natbib.sty's own table): brackets,
# separator, and what stands between a parenthetical citation's author and year (agsm's "(Fourier 1878)")
_NATBIB_STYLES = {**{name: ("[]", ",", ",") for name in ("plain", "alpha", "abbrv", "unsrt", "plainnat", "abbrvnat",
                                                         "unsrtnat")},
                  **{name: ("()", ";", ",") for name in ("chicago", "copernicus", "egu", "egs", "pass", "anngeo",
                                                         "nlinproc")},
                  **{name: ("[]", ";", ",") for name in ("named", "agu")},
                  **{name: ("()", ",", "") for name in ("agsm", "kluwer")}, "aa": ("()", ";", ""),
                  "dcu": ("()", ";", ";")}


def _natbib_punctuation(options: set[str], preamble: str, body: str) -> tuple[str, str, str]:
    """natbib's citation brackets, separator and author-year separator (``"()"``, ``"; "``, ``","``) as
    natbib.sty sets them: ``(`` ``)`` ``;`` ``,``, then the options, then the bibliography style's ``\\bibpunct``
    (plainnat's ``[`` ``]`` ``,``; agsm's no author-year separator) where no option but authoryear was given,
    then the preamble's own ``\\bibpunct`` and ``\\setcitestyle``."""
    brackets, separator, bibstyle, author_year = "()", ";", True, ","
    for name, opens, separates in _NATBIB_OPTIONS:
        if name in options:
            brackets, separator, bibstyle = opens or brackets, separates or separator, name == "authoryear"
    style = re.search(r"\\bibliographystyle\s*\{\s*([^}\s]+)\s*\}", body + "\n" + preamble)
    if bibstyle and style and style.group(1) in _NATBIB_STYLES:
        brackets, separator, author_year = _NATBIB_STYLES[style.group(1)]
    punct = re.search(r"\\bibpunct\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}\s*\{([^{}]*)\}\s*\{([^{}]*)\}"
                      r"(?:\s*\{([^{}]*)\}\s*\{([^{}]*)\})?", preamble)
    if punct:
        brackets, separator = punct.group(1) + punct.group(2), punct.group(3)
        author_year = author_year if punct.group(5) is None else punct.group(5)
    for setting in re.findall(r"\\setcitestyle\s*\{((?:[^{}]|\{[^{}]*\})*)\}", preamble):
        for word in (w.strip() for w in setting.split(",")):
            found = next((row for row in _NATBIB_OPTIONS if row[0] == word), None)
            if found:
                brackets, separator = found[1] or brackets, found[2] or separator
            if word.replace(" ", "").startswith("aysep="):
                author_year = word.split("=", 1)[1].strip().strip("{}").strip()
    return brackets, separator.strip() + " ", author_year
