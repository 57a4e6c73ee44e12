"""A definition list whose terms float left of their definitions, cut into a block a term and a block a
definition, so that the rows read each term beside what it names (`block_rows.table_rows`).

A `<dl>` with `dt {float: left}` prints its terms as one MuPDF block and the definitions as another, their lines
paired row by row: the page was read "**alpha beta gamma delta**", then the definitions run together. Where a
definition list prints each definition as a block of its own, the rows pair them already (a man page's options:
`definition_terms.terms_beside`); here the two blocks are cut where the terms stand.

A first attempt (term_columns, reverted) paired any column of bold lines with the block beside it and read a bold
sidebar beside an article as terms ("|**Home**|The committee met ...|"). So the definitions must be definitions, not
a paragraph wrapping past the terms: their rows above the terms' rows end paragraphs (the next row's first
word would have fitted on it, within the block's widest row): two such rows at least, and more than rows that look
wrapped (a long definition may fill its last row). The terms stand close: their definitions start at most `REACH`
body sizes right of them (a page's second column lies further).
"""

from __future__ import annotations

from sources.documents.blocks import union_box
from sources.documents.borderless_tables import set_apart
from sources.documents.code_blocks import baseline

ROW = 1.0  # points between a term's baseline and its definition's row's
EDGE = 2.0  # points within which the lines of a column start at one left edge
REACH = 15  # body sizes from a term's left edge to its definition's at most


def with_term_rows(blocks: list[dict], body: float) -> list[dict]:
    """The page's dict ``blocks`` with each block of definitions and the block of terms beside it (the module's
    docstring) cut into a block a term (its line) and a block a definition (its lines from the term's row to
    the next term's), in place of the two; the other blocks as they are."""
    cut: dict[int, list[dict]] = {}
    for k, definitions in enumerate(blocks):
        if k in cut or not _text(definitions) or len(definitions["lines"]) < 2:
            continue
        # MuPDF cuts the terms' column where a definition wraps between two terms: each piece beside the block
        near = [j for j, terms in enumerate(blocks)
                if j != k and j not in cut and _text(terms) and _beside(terms, definitions, body)]
        lines = sorted((line for j in near for line in blocks[j]["lines"]), key=baseline)
        if near and _terms_of(lines, definitions):
            cut[k] = _per_term(lines, definitions)
            cut.update({j: [] for j in near})
            cut[min(near)] = [{**blocks[min(near)], "bbox": line["bbox"], "lines": [line]} for line in lines]
    if not cut:
        return blocks
    return [part for k, block in enumerate(blocks) for part in cut.get(k, [block])]


def _text(block: dict) -> bool:
    return block.get("type", 0) == 0 and not block.get("vertical") and bool(block.get("lines"))


def _per_term(terms: list[dict], definitions: dict) -> list[dict]:
    """A block a term's definition: the lines of ``definitions`` from the term's row down to the next term's."""
    rows = [baseline(term) - ROW for term in terms] + [float("inf")]
    out = []
    for top, bottom in zip(rows, rows[1:]):
        lines = [line for line in definitions["lines"] if top <= baseline(line) < bottom]
        out.append({**definitions, "bbox": union_box(line["bbox"] for line in lines), "lines": lines})
    return out


def _beside(terms: dict, definitions: dict, body: float) -> bool:
    """Whether block ``terms`` stands left of ``definitions``, within their height, their left edge at most
    `REACH` body sizes right of its own, each of its lines on the baseline of one of theirs."""
    x0, y0, x1, y1 = terms["bbox"]
    left, top, _, bottom = definitions["bbox"]
    bases = [baseline(line) for line in definitions["lines"]]
    return x1 <= left and left - x0 <= REACH * body and y0 >= top - ROW and y1 <= bottom + ROW and all(
        any(abs(baseline(line) - b) <= ROW for b in bases) for line in terms["lines"])


def _terms_of(lines: list[dict], definitions: dict) -> bool:
    """Whether ``lines`` (beside ``definitions``: `_beside`, top to bottom) are a definition list's terms:
    two or more, each alone on its row, set apart (bold or larger), at one left edge, the first on the
    definitions' first row; the definitions at one left edge, not all set apart, each row of theirs above a
    term's row ending a paragraph (`_ends_paragraph`): two at least, and more than look wrapped (a definition
    that fills its row may end there, unseen; an article's lines beside a sidebar wrap). Of two terms, the one
    row above the second's ends a paragraph, the first term's definition's last of two rows or more: a one-row
    paragraph beside a sidebar's first line, and the next beside its second, end as one-row definitions do, and
    a definition's row as wide as its block's widest tells nothing (it cannot be told from a wrapped one)."""
    rows = _rows(definitions["lines"])
    bases = [baseline(line) for line in lines]
    if len(lines) < 2 or any(b - a <= ROW for a, b in zip(bases, bases[1:])):
        return False
    lefts = [line["bbox"][0] for line in lines]
    both = lines + definitions["lines"]
    if max(lefts) - min(lefts) > EDGE or not all(set_apart(line, both) for line in lines) \
            or all(set_apart(line, both) for line in definitions["lines"]):
        return False
    lefts = [row[0]["bbox"][0] for row in rows]
    if max(lefts) - min(lefts) > EDGE or abs(baseline(rows[0][0]) - bases[0]) > ROW:
        return False
    paired = [next((i for i, row in enumerate(rows) if abs(baseline(row[0]) - b) <= ROW), 0) for b in bases]
    if 0 in paired[1:] or len(paired) == 2 and paired[1] < 2:
        return False
    widest = max(line["bbox"][2] for line in definitions["lines"])
    ends = [_ends_paragraph(rows[i - 1], rows[i], widest) for i in paired[1:]]
    return ends.count("ends") >= min(2, len(ends)) and ends.count("ends") > ends.count("")


def _rows(lines: list[dict]) -> list[list[dict]]:
    """``lines`` as rows (the lines on one baseline, left to right), top to bottom."""
    rows: list[list[dict]] = []
    for line in sorted(lines, key=lambda ln: (baseline(ln), ln["bbox"][0])):
        if rows and abs(baseline(rows[-1][0]) - baseline(line)) <= ROW:
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _ends_paragraph(row: list[dict], after: list[dict], widest: float) -> str:
    """"ends" where the first word of the row ``after`` would have fitted at the end of ``row`` within
    ``widest`` (the right edge of the block's widest row): a paragraph ended there; "widest" where ``row`` is
    that row (it cannot tell); "" where the word would not have fitted (a line wrapped)."""
    end = max(line["bbox"][2] for line in row)
    if end >= widest - 1:
        return "widest"
    span = next(span for span in after[0]["spans"] if span["text"].strip())
    text = span["text"].lstrip()
    word = text.split()[0]
    width = (span["bbox"][2] - span["bbox"][0]) * len(word) / max(len(span["text"]), 1)
    return "ends" if end + 0.25 * span["size"] + width <= widest else ""
