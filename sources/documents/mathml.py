"""MathML in an HTML document or EPUB chapter, set as the inline text and scripts MuPDF can lay out.

MuPDF's HTML layout has no MathML: it lays a ``<math>`` element's tokens out as running text, one after the
other, and also lays out what a browser never draws, the ``<annotation>`` a ``<semantics>`` carries. pandoc's
EPUB 3 writer (``--mathml``, its default for EPUB 3, pandoc #5250 and #8164) writes every formula so, the TeX
source as its annotation: "e<sup>iπ</sup> + 1 = 0" was laid out, in the page image and its target alike, as
"eiπ+1=0e^{i\\pi} + 1 = 0", a fraction a/b as "ab". Here each formula is rewritten before the layout as a
reader would read it out on one line: scripts as ``<sup>``/``<sub>`` (which MuPDF raises and lowers, and the
target writes as inline HTML, `script_marks`), a fraction as "num/den" (a part of more than one token in
parentheses), a root as "√", a table's cells and rows apart (", " and "; "), binary and relation operators
spaced as a browser spaces them; annotations and ``<mphantom>`` (drawn as blank space) are left out.
"""

from __future__ import annotations

import re

from sources.documents.html_tree import local_name as _local
from sources.documents.html_tree import rewritten

# a cheap test before any parse: most documents have no MathML
_MAYBE = re.compile(r"<(?:\w+:)?math\b", re.I)
_XHTML = "http://www.w3.org/1999/xhtml"
# infix operators a browser sets with space either side (MathML's operator dictionary: relations and binary
# operators); other operators (parentheses, commas, a prefix minus) stay tight
_SPACED = set("+−-=<>≤≥≠≈≡∼≅∝×÷·±∓∈∉⊂⊃⊆⊇∪∩∧∨→←↔⇒⇐⇔↦∘⊕⊗") | {"≔", "≪", "≫"}
_UNDRAWN = {"annotation", "annotation-xml", "mphantom", "none", "mprescripts"}


def linear_math(html: str, xml: bool) -> str:
    """``html`` with each ``<math>`` element rewritten as inline text and scripts (see the module's note); the
    same string when there is none. ``xml``: the document is XHTML (an EPUB chapter), written back as XML."""
    return rewritten(html, xml, _MAYBE, lambda root: _linear(root, xml))


def _linear(root, xml: bool) -> bool:
    """Each outermost ``<math>`` under ``root`` replaced by its linear form; whether there was one."""
    import lxml.etree

    formulas = [el for el in root.iter(lxml.etree.Element) if _local(el) == "math"]
    # the outermost formulas; one that is the document itself (no parent to hold its text) is left as it is
    formulas = [el for el in formulas if el.getparent() is not None
                and not any(_local(up) == "math" for up in el.iterancestors())]
    for math in formulas:
        _replace(math, xml and root.tag.startswith("{"))
    return bool(formulas)




def _replace(math, namespaced: bool) -> None:
    """Put in ``math``'s place a ``<span>`` (a ``<div>`` for a displayed formula) holding its linear form."""
    import lxml.etree

    tag = "div" if (math.get("display") or "").strip().lower() == "block" else "span"
    holder = lxml.etree.Element(f"{{{_XHTML}}}{tag}" if namespaced else tag)
    _fill(holder, _pieces(math, scripted=False), namespaced)
    holder.tail = math.tail
    math.getparent().replace(math, holder)


def _fill(holder, pieces: list, namespaced: bool) -> None:
    """Append ``pieces`` (strings, and ``(tag, pieces)`` for a script) to the element ``holder``."""
    import lxml.etree

    last = None
    for piece in pieces:
        if isinstance(piece, str):
            if last is None:
                holder.text = (holder.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
            continue
        tag, inner = piece
        last = lxml.etree.SubElement(holder, f"{{{_XHTML}}}{tag}" if namespaced else tag)
        _fill(last, inner, namespaced)


def _text(pieces: list) -> str:
    return "".join(p if isinstance(p, str) else _text(p[1]) for p in pieces)


def _group(el, scripted: bool) -> list:
    """``el``'s pieces, in parentheses where it is more than one token (a fraction's part, a root's radicand)."""
    pieces = _pieces(el, scripted)
    rows = el
    while _local(rows) in ("mrow", "mstyle", "mpadded") and len(rows) == 1:
        rows = rows[0]
    if _local(rows) in ("mi", "mn", "mtext", "ms") or len(_text(pieces).strip()) <= 1:
        return pieces
    return ["(", *pieces, ")"]


def _children(el) -> list:
    return [child for child in el if isinstance(child.tag, str)]


def _pieces(el, scripted: bool) -> list:
    """The linear form of the MathML element ``el``: a list of strings and ``("sup" | "sub", pieces)``.
    ``scripted``: inside a script, where a browser sets operators without their space."""
    name = _local(el)
    kids = _children(el)
    if name in _UNDRAWN:
        return []
    if name in ("mi", "mn", "mtext", "ms"):
        return [" ".join("".join(el.itertext()).split())]
    if name == "mo":
        op = "".join(el.itertext()).strip()
        return [f" {op} "] if op in _SPACED and not scripted else [op]
    if name == "mspace":
        return [" "]
    if name == "semantics":  # its first child is what is drawn; the rest are annotations
        return _pieces(kids[0], scripted) if kids else []
    if name in ("msup", "mover") and len(kids) == 2:
        return [*_pieces(kids[0], scripted), ("sup", _pieces(kids[1], True))]
    if name in ("msub", "munder") and len(kids) == 2:
        return [*_pieces(kids[0], scripted), ("sub", _pieces(kids[1], True))]
    if name in ("msubsup", "munderover") and len(kids) == 3:
        return [*_pieces(kids[0], scripted), ("sub", _pieces(kids[1], True)), ("sup", _pieces(kids[2], True))]
    if name == "mfrac" and len(kids) == 2:
        return [*_group(kids[0], scripted), "/", *_group(kids[1], scripted)]
    if name == "msqrt":  # its children are one row
        if len(kids) <= 1:
            return ["√", *(_group(kids[0], scripted) if kids else [])]
        return ["√(", *_row(kids, scripted), ")"]
    if name == "mroot" and len(kids) == 2:
        return [("sup", _pieces(kids[1], True)), "√", *_group(kids[0], scripted)]
    if name == "mfenced":
        separator = (el.get("separators") or ",").strip()[:1]
        inner = []
        for i, kid in enumerate(kids):
            inner += ([f"{separator} "] if i and separator else []) + _pieces(kid, scripted)
        return [el.get("open", "("), *inner, el.get("close", ")")]
    if name == "mtable":
        rows = []
        for i, row in enumerate(kids):
            cells = [kid for kid in _children(row) if _local(kid) != "mlabeledtr"] if _local(row) != "mtd" else [row]
            rows += (["; "] if i else [])
            for j, cell in enumerate(cells):
                rows += ([", "] if j else []) + _pieces(cell, scripted)
        return rows
    if name == "mmultiscripts" and kids:
        out = _pieces(kids[0], scripted)
        scripts = [kid for kid in kids[1:] if _local(kid) != "mprescripts"]
        for sub, sup in zip(scripts[::2], scripts[1::2]):
            out += [("sub", _pieces(sub, True))] if _local(sub) != "none" else []
            out += [("sup", _pieces(sup, True))] if _local(sup) != "none" else []
        return out
    if name == "maction":  # what is shown first
        return _pieces(kids[0], scripted) if kids else []
    # math, mrow, mstyle, mpadded, menclose, merror, and what else holds a row; text set straight in it (no
    # token element round it, which MuPDF drew all the same) is kept where it stands
    pieces = ([el.text.strip()] if (el.text or "").strip() else []) + _row(kids, scripted)
    if name == "math":  # no space before the formula's first operator or after its last
        pieces = _trimmed(pieces)
    return pieces


def _row(kids: list, scripted: bool) -> list:
    """A row's pieces: an operator that opens the row or follows another (a prefix minus) is set tight."""
    pieces = []
    for i, kid in enumerate(kids):
        prefix = _local(kid) == "mo" and (i == 0 or _local(kids[i - 1]) == "mo")
        pieces += _pieces(kid, scripted or prefix) + ([kid.tail.strip()] if (kid.tail or "").strip() else [])
    return pieces


def _trimmed(pieces: list) -> list:
    pieces = list(pieces)
    if pieces and isinstance(pieces[0], str):
        pieces[0] = pieces[0].lstrip()
    if pieces and isinstance(pieces[-1], str):
        pieces[-1] = pieces[-1].rstrip()
    return pieces
