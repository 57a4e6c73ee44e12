"""A page's formulas as TeX, the text its targets give them: ``$\\pi r^{2}$`` inline, ``$$\\frac{1}{x}$$`` on a
line of their own (the document pages' and LaTeX sources' targets write math so).

`math_atoms.js` finds each formula a page draws (KaTeX, MathJax 2 and 3, MathML) with the TeX it carries, or
its MathML; MathML is turned into TeX by pandoc (its texmath reader, `pypandoc_binary`: the binary ships in
the wheel), all of a page's in one call. A formula neither gives is None, and so is TeX pandoc cannot read (an
author's own macros: "\\RR" drawn as ℝ): its line is not known, and the targets that hold it are refused
(`page_layout.js`, `samples`).
"""

from __future__ import annotations

import re

_SEPARATOR = "VLMATHSEPARATOR"
_TEX = re.compile(r"\$\$?(?=\S)(.+?)\$\$?", re.S)


def tex_of(atoms: list[dict]) -> list[str | None]:
    """For each atom (``{"tex", "mathml", "display"}`` as `math_atoms.js` returns them), its TeX with its
    delimiters, on one line, or None where the page gives none and pandoc makes none of its MathML."""
    out: list[str | None] = [None] * len(atoms)
    pending = []  # (index, MathML) for pandoc
    for index, atom in enumerate(atoms):
        if atom.get("tex") and atom["tex"].strip():
            out[index] = _delimited(atom["tex"], atom.get("display", False))
        elif atom.get("mathml"):
            pending.append((index, atom["mathml"]))
    carried = [index for index, tex in enumerate(out) if tex is not None]
    for index, readable in zip(carried, _readable([out[index] for index in carried])):
        if not readable:
            out[index] = None
    if pending:
        for (index, _), tex in zip(pending, _from_mathml([mathml for _, mathml in pending])):
            if tex is not None:
                out[index] = _delimited(tex, atoms[index].get("display", False))
    return out


# MediaWiki wraps every formula's TeX in a style switch: "{\displaystyle a^{2}+b^{2}=c^{2}}"
_STYLE_WRAPPER = re.compile(r"\{\\(?:display|text|script|scriptscript)style\s*(.*)\}", re.S)


def _delimited(tex: str, display: bool) -> str | None:
    tex = " ".join(tex.split())
    if (wrapped := _STYLE_WRAPPER.fullmatch(tex)) and _balanced(wrapped.group(1)):
        tex = wrapped.group(1).strip()
    if not tex:
        return None
    return f"$${tex}$$" if display else f"${tex}$"


# commands of TeX extensions the renderers load that pandoc's reader does not know (mhchem's)
_EXTENSIONS = re.compile(r"\\(ce|pu)\b")


def _readable(formulas: list[str]) -> list[bool]:
    """Whether pandoc's TeX reader (texmath) reads each delimited formula: one that uses the author's own
    macros (KaTeX's `macros` option, MathJax's config: "\\RR^n" drawn as ℝⁿ) is TeX no renderer draws as the
    page did, so no target holds it. mhchem's ``\\ce``/``\\pu`` are let through. One pandoc call."""
    if not formulas:
        return []
    import pypandoc

    markdown = f"\n\n{_SEPARATOR}\n\n".join(formulas)
    try:
        html = pypandoc.convert_text(markdown, "html", format="markdown",
                                     extra_args=["--mathml", "--sandbox", "--wrap=none", "--quiet"])
    except (RuntimeError, OSError):
        return [False] * len(formulas)
    pieces = html.split(f"<p>{_SEPARATOR}</p>")
    if len(pieces) != len(formulas):
        return [False] * len(formulas)
    return ["<math" in piece or bool(_EXTENSIONS.search(tex)) for piece, tex in zip(pieces, formulas)]


def _balanced(tex: str) -> bool:
    """Whether ``tex``'s braces (unescaped) close as they open: the wrapper's braces are the outer pair."""
    depth = 0
    for match in re.finditer(r"\\.|[{}]", tex):
        depth += {"{": 1, "}": -1}.get(match.group(), 0)
        if depth < 0:
            return False
    return depth == 0


def _from_mathml(mathml: list[str]) -> list[str | None]:
    """The TeX pandoc reads from each MathML element (without delimiters), None where it gives no formula.
    One pandoc call: the elements as paragraphs between separator paragraphs."""
    import pypandoc

    html = f"<p>{_SEPARATOR}</p>".join(f"<p>{element}</p>" for element in mathml)
    try:
        text = pypandoc.convert_text(html, "markdown", format="html", extra_args=["--sandbox", "--wrap=none"])
    except (RuntimeError, OSError):
        return [None] * len(mathml)
    pieces = [piece.strip() for piece in text.split(_SEPARATOR)]
    if len(pieces) != len(mathml):  # pandoc made or lost a paragraph: no piece can be trusted to be its own
        return [None] * len(mathml)
    return [m.group(1).strip() if (m := _TEX.fullmatch(piece)) else None for piece in pieces]
