"""Cross-references as the page prints them: ``\\ref``, ``\\eqref``, ``\\pageref``, hyperref's ``\\autoref``
and ``\\nameref``, and cleveref's ``\\cref`` family, read from the compile's ``.aux``.

cleveref writes a second label per key, ``\\newlabel{key@cref}{{[type][n][]number}{[..][page][]page}}``:
its type names the reference (``eq. (1)``, ``Figure 2``, ``sections 1 and 3``); hyperref's anchor
(``equation.1.1``, ``section.2``) names an ``\\autoref``. Several keys in one ``\\cref`` are grouped by type in
the order given, sorted within a type, three or more consecutive numbers made a range (``eqs. (1) to (4)``),
the groups joined by ``and``, as cleveref does. Names follow the package options (``capitalise``,
``noabbrev``) and the preamble's ``\\crefname``/``\\Crefname``.
"""

from __future__ import annotations

import re

_GROUP = r"\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"  # a braced group, two levels of braces inside
# \newlabel{key}{{number}{page}{title}{anchor}...}: a number TeX wrote braced ({{B}}: \tag{B}, enumitem's ref=)
_NEWLABEL = re.compile(r"^\\newlabel\{([^}]*)\}\{" + _GROUP + _GROUP + "(?:" + _GROUP + _GROUP + ")?", re.M)
_CREFLABEL = re.compile(r"^\\newlabel\{([^}]*)@cref\}\{\{\[([^\]]*)\]\[[^\]]*\]\[[^\]]*\]([^}]*)\}"
                        r"\{\[[^\]]*\]\[[^\]]*\]\[[^\]]*\]([^}]*)\}", re.M)
_REF = re.compile(r"\\(ref|eqref|pageref|autoref|Autoref|nameref|labelcref|cref|Cref|cpageref|Cpageref|"
                  r"crefrange|Crefrange|namecref|nameCref|lcnamecref|namecrefs|nameCrefs|lcnamecrefs)(?![A-Za-z])"
                  r"(\*?)\{([^}]*)\}(?:\{([^}]*)\})?")
_CLEVEREF = re.compile(r"\\usepackage\s*(?:\[([^\]]*)\])?\s*\{[^}]*\bcleveref\b[^}]*\}")
_CREFNAME = re.compile(r"\\(crefname|Crefname)\s*\{([^}]*)\}\s*\{([^}]*)\}\s*\{([^}]*)\}")
# cleveref's English names (singular, plural), abbreviated; a type it does not know prints as itself
_NAMES = {"equation": ("eq.", "eqs."), "figure": ("fig.", "figs."), "table": ("table", "tables"),
          "page": ("page", "pages"), "part": ("part", "parts"), "chapter": ("chapter", "chapters"),
          "section": ("section", "sections"), "appendix": ("appendix", "appendices"),
          "enumi": ("item", "items"), "footnote": ("footnote", "footnotes"), "line": ("line", "lines"),
          "algorithm": ("algorithm", "algorithms"), "listing": ("listing", "listings")}
_UNABBREVIATED = {"equation": ("equation", "equations"), "figure": ("figure", "figures")}
_CAPITAL = {"equation": ("Equation", "Equations"), "figure": ("Figure", "Figures")}  # \\Cref never abbreviates
_SAME_AS = {"subsection": "section", "subsubsection": "section", "subappendix": "appendix",
            "subsubappendix": "appendix", "enumii": "enumi", "enumiii": "enumi", "enumiv": "enumi"}
# hyperref's \autoref names, by the anchor's prefix
_AUTOREF = {"section": "section", "subsection": "subsection", "subsubsection": "subsubsection",
            "equation": "Equation", "figure": "Figure", "table": "Table", "appendix": "Appendix",
            "chapter": "chapter", "part": "Part", "Item": "item", "footnote": "footnote", "page": "page",
            "theorem": "Theorem", "algorithm": "algorithm", "paragraph": "paragraph"}


def _unbraced(number: str) -> str:
    """A label's number without the one group TeX may have braced it in ("{B}" -> "B")."""
    inner = re.fullmatch(r"\{([^{}]*)\}", number.strip())
    return inner.group(1) if inner else number


class CrossRefs:
    """The labels of one compile: ``resolve`` puts what the page prints in place of each reference command."""

    def __init__(self, aux: str, preamble: str):
        # key -> (number, page, title, anchor): title and anchor only under hyperref
        self.labels = {key: (_unbraced(number), page, title or "", anchor or "")
                       for key, number, page, title, anchor in _NEWLABEL.findall(aux) if not key.endswith("@cref")}
        self.types = {key: (kind, number, page) for key, kind, number, page in _CREFLABEL.findall(aux)}
        found = _CLEVEREF.search(preamble)
        options = {o.strip() for o in ((found.group(1) or "") if found else "").split(",")}
        self.capitalise = bool(options & {"capitalise", "capitalize"})
        names = {kind: pair for kind, pair in _NAMES.items()}
        if "noabbrev" in options:
            names.update(_UNABBREVIATED)
        # type -> ((singular, plural) of \\cref, (singular, plural) of \\Cref)
        self.names = {kind: (pair, _CAPITAL.get(kind, (_capital(pair[0]), _capital(pair[1]))))
                      for kind, pair in names.items()}
        given = _CREFNAME.findall(preamble)
        for command, kind, singular, plural in given:  # \\crefname alone: \\Cref prints it capitalised
            lower, upper = self.names.get(kind, ((kind, kind + "s"), (_capital(kind), _capital(kind) + "s")))
            if command == "crefname":
                self.names[kind] = ((singular, plural), (_capital(singular), _capital(plural)))
            else:
                self.names[kind] = (lower, (singular, plural))
        for command, kind, singular, plural in given:  # a \\Crefname given stands, before or after
            if command == "Crefname":
                self.names[kind] = (self.names[kind][0], (singular, plural))

    def resolve(self, text: str) -> str:
        return _REF.sub(self._reference, text)

    def _reference(self, found: re.Match) -> str:
        command, _, keys, second = found.groups()
        keys = [key.strip() for key in keys.split(",") if key.strip()]
        if command in ("crefrange", "Crefrange") and second is not None:
            first, last = self._typed(keys[0]), self._typed(second.strip())
            name = self._name(first[0], plural=True, upper=command == "Crefrange")
            return f"{name} {_format(first[0], first[1])} to {_format(last[0], last[1])}"
        if command.lower().startswith(("namecref", "lcnamecref")):  # the type's name alone: "fig.", "Figure"
            name = self._name(self._typed(keys[0] if keys else "")[0], plural=command.endswith("s"),
                              upper=command.startswith("nameC"))
            return name[:1].lower() + name[1:] if command.startswith("lc") else name
        if command in ("ref", "eqref", "pageref", "nameref"):
            number, page, title, _ = self.labels.get(keys[0] if keys else "", ("??", "??", "??", ""))
            return {"eqref": f"({number})", "pageref": page, "nameref": title}.get(command, number)
        if command in ("autoref", "Autoref"):
            number, _, _, anchor = self.labels.get(keys[0] if keys else "", ("??", "??", "", ""))
            name = _AUTOREF.get(anchor.split(".")[0], "")
            name = _capital(name) if command == "Autoref" else name
            return f"{name} {number}" if name else number
        pages = command in ("cpageref", "Cpageref")
        return self._cref(keys, upper=command[0] == "C", pages=pages, names=command != "labelcref")

    def _cref(self, keys: list[str], upper: bool, pages: bool, names: bool) -> str:
        groups: dict[str, list[tuple[str, str]]] = {}  # type -> (number, page), types in the order first cited
        for key in keys:
            kind, number, page = self._typed(key)
            kind = "page" if pages else kind
            groups.setdefault(kind, []).append((page if pages else number, page))
        parts = []
        for kind, entries in groups.items():
            numbers = [_format(kind, n) for n in ranges(sorted({n for n, _ in entries}, key=_order))]
            listed = _listing(numbers)
            if names:
                name = self._name(kind, plural=len(entries) > 1, upper=upper and not parts)
                listed = f"{name} {listed}"
            parts.append(listed)
        return _listing(parts)

    def _typed(self, key: str) -> tuple[str, str, str]:
        if key in self.types:
            kind, number, page = self.types[key]
            return _SAME_AS.get(kind, kind), number, page
        return "??", "??", "??"

    def _name(self, kind: str, plural: bool, upper: bool) -> str:
        if kind == "??":
            return "??"
        lower, capital = self.names.get(kind, ((kind, kind + "s"), (_capital(kind), _capital(kind) + "s")))
        name = (capital if upper else lower)[1 if plural else 0]
        return _capital(name) if self.capitalise else name


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]


def _format(kind: str, number: str) -> str:
    if " to " in number:  # a range of _ranges
        first, last = number.split(" to ")
        return f"{_format(kind, first)} to {_format(kind, last)}"
    return f"({number})" if kind == "equation" else number


def _order(number: str):
    return (0, int(number), "") if number.isdigit() else (1, 0, number)


def ranges(numbers: list[str], between: str = " to ") -> list[str]:
    """Runs of three or more consecutive integers as ``first<between>last``: cleveref's compression
    (" to "), and natbib's and the cite package's ("\u2013")."""
    out, run = [], []
    for number in numbers + [""]:
        if run and number.isdigit() and run[-1].isdigit() and int(number) == int(run[-1]) + 1:
            run.append(number)
            continue
        out.extend([f"{run[0]}{between}{run[-1]}"] if len(run) >= 3 else run)
        run = [number] if number else []
    return out


def _listing(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else "??"
