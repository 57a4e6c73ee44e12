"""Tabulars as pandoc reads them right: plain column specs, one-line cells, threeparttable marks
(`tabulars_for_pandoc`)."""

from __future__ import annotations

import re

from sources.latex.captions import braced, replace_braced

_TABULAR_BEGIN = re.compile(r"\\begin\{(tabular\*?|tabularx|longtable)\}\s*(?:\[[^\]]*\])?|\\(multicolumn)\s*\{[^{}]*\}")
_CELL_STACK = re.compile(r"\\(makecell|shortstack|thead)\s*(?:\[[^\]]*\])?(?=\s*\{)")


def tabulars_for_pandoc(text: str) -> str:
    """``text`` with its tabulars written as pandoc reads them right: each column spec plain (``>{...}``,
    ``<{...}``, ``@{...}``, ``!{...}`` out: after ``>{\\centering\\arraybackslash}`` pandoc drops a cell that
    starts with a digit; siunitx's ``S`` a ``c``: pandoc made no table of it), a cell's ``\\makecell{a\\\\b}``
    and ``\\shortstack{...}`` one line (their ``\\\\`` was taken for a new row) and a threeparttable
    ``\\tnote{a}`` its mark ``$^{a}$``, as printed."""
    out, at = [], 0
    for found in _TABULAR_BEGIN.finditer(text):
        if found.start() < at:
            continue
        end = found.end()
        if found.group(1) in ("tabular*", "tabularx"):  # the width first (a \\multicolumn's count is matched)
            _, end = braced(text, end)
        spec, after = braced(text, end)
        if spec is None:
            continue
        out += [text[at:end], "{" + _plain_columns(spec) + "}"]
        at = after
    text = "".join(out + [text[at:]])
    text = replace_braced(text, _CELL_STACK, lambda inner: "{" + re.sub(r"\\\\(\[[^\]]*\])?", " ", inner) + "}")
    return re.sub(r"\\tnote\s*\{([^{}]*)\}", r"$^{\1}$", text)


def _plain_columns(spec: str) -> str:
    """A tabular's column spec with only what pandoc reads: letters, ``p{..}`` (``m``, ``b`` as ``p``), ``|``,
    ``*{n}{...}``; siunitx's ``S[...]`` as ``c``."""
    out, i = [], 0
    while i < len(spec):
        char = spec[i]
        if char in "><@!" and spec[i + 1:].lstrip().startswith("{"):
            _, i = braced(spec, i + 1)
            continue
        if char in "pmb" and spec[i + 1:].lstrip().startswith("{"):
            width, i = braced(spec, i + 1)
            out.append("p{" + width + "}")
            continue
        if char == "*" and spec[i + 1:].lstrip().startswith("{"):
            count, j = braced(spec, i + 1)
            inner, i = braced(spec, j)
            out.append("*{" + (count or "1") + "}{" + _plain_columns(inner or "") + "}")
            continue
        if char == "S" and spec[i + 1:].lstrip().startswith("["):  # siunitx's S[table-format=...]
            depth, i = 0, spec.index("[", i)
            while i < len(spec):
                depth += {"[": 1, "]": -1}.get(spec[i], 0)
                i += 1
                if depth == 0:
                    break
            out.append("c")
            continue
        out.append("c" if char == "S" else char)
        i += 1
    return "".join(out)
