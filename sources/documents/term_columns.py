"""A definition list whose terms stand left of their definitions, joined back into one block to be read as a
table of two columns (`borderless_tables.borderless_table`): each term beside what it names.

A `<dl>` whose terms float left of their definitions (`dt {float: left}`), a man page's tagged paragraphs and a
help text's options print their terms as a column of their own, and MuPDF makes that column one block (or one a
run of terms with no definition wrapping between them) and the definitions another: the page was read "alpha
beta gamma delta" (the terms, in bold), then the four definitions run together. The terms are told by how they
stand: every line set apart (bold, or larger: `borderless_tables.set_apart`), alone on its row, left of the
definitions and on the baseline of one of their lines, while the definitions' lines are not all set apart. A
column of words beside another in the same style (a list set in two columns) is no such pair: it reads down.
"""

from __future__ import annotations

from sources.documents.borderless_tables import set_apart
from sources.documents.code_blocks import baseline
from sources.documents.blocks import union_box

ROW = 1.0  # points between a term's baseline and its definition's first line's


def with_term_columns(blocks: list[dict]) -> list[dict]:
    """The page's dict ``blocks`` with each block of definitions and the blocks of terms beside it (see the
    module's docstring) made one block a term: its line, then the definition's lines from the term's row to
    the next term's, in place of the first of them; the others as they are, in order."""
    candidates = [k for k, block in enumerate(blocks) if _term_column(block)]
    if not candidates:
        return blocks
    joined: dict[int, list[dict]] = {}  # the index of a pair's first block: the blocks a term made
    taken: set[int] = set()
    for k, block in enumerate(blocks):
        if k in taken or block.get("type") == 1 or len(block.get("lines") or []) < 2:
            continue
        terms = [j for j in candidates if j != k and j not in taken and _terms_of(blocks[j], block)]
        lines = sorted((line for j in terms for line in blocks[j]["lines"]), key=baseline)
        if len(lines) < 2 or all(set_apart(line, lines + block["lines"]) for line in block["lines"]):
            continue
        joined[min([k, *terms])] = _per_term(lines, block)
        taken.update(terms + [k])
    if not joined:
        return blocks
    return [part for k, block in enumerate(blocks)
            for part in (joined[k] if k in joined else [] if k in taken else [block])]


def _per_term(terms: list[dict], definitions: dict) -> list[dict]:
    """A block a term (``terms``' lines, top to bottom): its line, then the lines of ``definitions`` from its row
    down to the next term's row."""
    out = []
    for k, term in enumerate(terms):
        top = baseline(term) - ROW
        bottom = baseline(terms[k + 1]) - ROW if k + 1 < len(terms) else float("inf")
        lines = [term] + [line for line in definitions["lines"] if top <= baseline(line) < bottom]
        out.append({**definitions, "bbox": union_box(line["bbox"] for line in lines), "lines": lines})
    return out


def _term_column(block: dict) -> bool:
    """Whether a text block's lines may be terms: each alone on its row and set apart (bold, or larger than the
    block's own text would make it, so judged against the definitions later too)."""
    lines = block.get("lines") or []
    if block.get("type") == 1 or not lines:
        return False
    rows = [round(baseline(line)) for line in lines]
    return len(set(rows)) == len(rows) and all(
        all(span["flags"] & 16 for span in line["spans"] if span["text"].strip()) or set_apart(line, lines)
        for line in lines)


def _terms_of(terms: dict, definitions: dict) -> bool:
    """Whether the block ``terms`` stands left of ``definitions`` with each of its lines set apart from them and
    on the baseline of one of their lines."""
    if terms["bbox"][2] > definitions["bbox"][0] or terms["bbox"][1] < definitions["bbox"][1] - ROW \
            or terms["bbox"][3] > definitions["bbox"][3] + ROW:
        return False
    rows = [baseline(line) for line in definitions["lines"]]
    both = terms["lines"] + definitions["lines"]
    return all(set_apart(line, both) and any(abs(baseline(line) - row) <= ROW for row in rows)
               for line in terms["lines"])
