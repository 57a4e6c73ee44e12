"""Verse set with every other line indented, read as its lines.

A poem or a ballad set with alternate lines indented (LaTeX's verse environment with ``\\hspace`` before every
other line, a quoted stanza) breaks each line where its author did. MuPDF groups such lines in blocks of two, an
indented line over one at the left edge, which look like a paragraph's set-in first line and its next: each
pair was run into one paragraph ("And he stoppeth one of three, By thy long grey beard and glittering eye,"),
and on a page with little prose, where the verse's own lines measured the column, the pairs were run on into
one another as well (`continued_paragraphs`). A run of blocks is verse where its rows, at one pitch, start at
two edges in turn (the inner half a font size to four right of the outer, no two indented rows together: a
list's entries set hung have rows hung under each first row; no more than two together at the outer edge:
paragraphs with set-in first lines have more), or centred on one axis (`centred_grid.centred`: a poem set in
LaTeX's center environment, which MuPDF cut into blocks of a row or two, and whose blocks of two were run into
one line each, "And down the hill the river goes; The apples fall where no one knows,"), with no two rows but
the last ending level (justified prose: an abstract of two paragraphs, two-row paragraphs in a box), in one
font (a term set in italics over its description set in, texinfo's @table, is no verse), none led by a list's
marker or set in a monospaced font, and every row but the last (one at most: the widest, where the verse alone
measures its column) ends with room for the next row's first word (`line_breaks.broken_for_width`): an entry's
first row, a paragraph's set-in first line, runs to the column's edge. Its blocks become one, marked ``verse``,
written a line a row (`verse_markdown`), as `blocks.prose_markdown` writes a paragraph of its author's line breaks."""

from __future__ import annotations

from sources.documents.blocks import rows_of, union_box
from sources.documents.centred_grid import centred
from sources.documents.code_blocks import baseline, is_mono
from sources.documents.continued_paragraphs import ALIGN
from sources.documents.heading_rows import HEADING
from sources.documents.line_breaks import broken_for_width
from sources.documents.lists import starts_item
from sources.documents.text_layer import join_lines, line_text

MIN_ROWS = 4  # rows a verse shows at least: two at each edge
PITCH = 0.15  # of the smallest baseline step, the steps between a verse's rows may differ by at most
MAX_OUTER_RUN = 2  # rows at the outer edge together, at most: every other line is set in (a stanza may end on two)
FLUSH = 0.5  # pt: rows ending this close to the widest were justified to one edge


def verse_joined(text: dict, body: float | None = None) -> dict:
    """``text`` (a page's dict text, blocks in reading order) with each run of consecutive blocks that is verse
    (see the module's text) joined into one block marked ``verse``; ``body``: the document's body size (points;
    None: not known), under a heading's size (`heading_rows.HEADING` of it) a centred verse's rows are set."""
    blocks, out, k = text["blocks"], [], 0
    while k < len(blocks):
        end = k + 1
        while end < len(blocks) and _follows(blocks[end - 1], blocks[end]) \
                and not _across_columns(blocks, blocks[end - 1], blocks[end]):
            end += 1
        for start, stop in _stanzas(blocks, k, end):
            if _is_verse(blocks, start, stop, body):
                lines = [ln for block in blocks[start:stop] for ln in block["lines"]]
                out.append({**blocks[start], "lines": lines, "bbox": union_box(ln["bbox"] for ln in lines),
                            "verse": True})
            else:
                out.extend(blocks[start:stop])
        k = end
    return {**text, "blocks": out} if len(out) < len(blocks) else text


def verse_markdown(lines: list[dict], keeps_hyphen=None) -> str:
    """A verse block's ``lines`` written a row a line (the pieces MuPDF cut a row into joined by a space)."""
    return "\n".join(" ".join(join_lines([line_text(ln) for ln in row], keeps_hyphen).split())
                     for row in rows_of(lines))


def _text_block(block: dict) -> bool:
    return block.get("type") != 1 and bool(block.get("lines")) and not block.get("vertical")


def _follows(above: dict, below: dict) -> bool:
    """Whether ``below`` starts right under ``above`` (two font sizes at most: the next row of a stanza, or the
    next stanza's first, `_stanzas`), the two overlapping across."""
    if not (_text_block(above) and _text_block(below)):
        return False
    last, first = above["lines"][-1], below["lines"][0]
    size = max(s["size"] for s in first["spans"])
    return 0 < baseline(first) - baseline(last) <= 2 * size \
        and below["bbox"][0] < above["bbox"][2] and below["bbox"][2] > above["bbox"][0]


def _across_columns(blocks: list[dict], above: dict, below: dict) -> bool:
    """Whether one of two blocks, one under the other, spans columns the other is one of: another text block
    stands beside the narrower one (sharing a row, clear of it across) and under (or over) the wider one. An
    abstract or a lead set across the page over two columns is no stanza's row: run into the first column's
    paragraphs, its width hid their justified right edge, and each line of the column was read as a verse's."""
    wide, narrow = (above, below) if above["bbox"][2] - above["bbox"][0] > below["bbox"][2] - below["bbox"][0] \
        else (below, above)
    x0, y0, x1, y1 = narrow["bbox"]
    for block in blocks:
        if block is wide or block is narrow or not _text_block(block):
            continue
        bx0, by0, bx1, by1 = block["bbox"]
        if by0 < y1 and y0 < by1 and (bx0 >= x1 or bx1 <= x0) and bx0 < wide["bbox"][2] and bx1 > wide["bbox"][0]:
            return True
    return False


def _stanzas(blocks: list[dict], k: int, end: int) -> list[tuple[int, int]]:
    """The blocks ``k`` to ``end``, each under the one before (`_follows`), cut where a block starts further under
    the one before it than the run's closest rows stand (a stanza's end, a list's top space): ``(start, stop)``
    pairs."""
    if not _text_block(blocks[k]):
        return [(k, end)]
    rows = rows_of([ln for block in blocks[k:end] for ln in block["lines"]])
    steps = [baseline(b[0]) - baseline(a[0]) for a, b in zip(rows, rows[1:])]
    if not steps or min(steps) <= 0:
        return [(k, end)]
    cuts = [j for j in range(k + 1, end)
            if baseline(blocks[j]["lines"][0]) - baseline(blocks[j - 1]["lines"][-1]) > (1 + PITCH) * min(steps)]
    return list(zip([k, *cuts], [*cuts, end]))


def _is_verse(blocks: list[dict], k: int, end: int, body: float | None = None) -> bool:
    if not _text_block(blocks[k]):
        return False
    lines = [ln for block in blocks[k:end] for ln in block["lines"]]
    rows = rows_of(lines)
    if len(rows) < MIN_ROWS:
        return False
    sizes = [max(s["size"] for ln in row for s in ln["spans"]) for row in rows]
    size = max(sizes)
    steps = [baseline(b[0]) - baseline(a[0]) for a, b in zip(rows, rows[1:])]
    if max(sizes) - min(sizes) > 0.5 or min(steps) <= 0 or max(steps) > (1 + PITCH) * min(steps):
        return False
    # the two edges, taken in turn, or one axis every row is centred on, at less than a heading's size: a title
    # page's centred author, institution and address lines are headings a line each ("### Antonis Tsolomitis")
    starts = [min(ln["bbox"][0] for ln in row) for row in rows]
    if not (_set_in_by_turns(starts, size) or (body is None or size < HEADING * body)
            and centred([{"bbox": union_box(ln["bbox"] for ln in row)} for row in rows])):
        return False
    # rows that end level are justified prose (paragraphs whose first lines are set in: an abstract of two
    # paragraphs, two-row paragraphs in a box); a verse's lines end where their words do
    ends = [max(ln["bbox"][2] for ln in row) for row in rows]
    if sum(abs(x - max(ends)) <= FLUSH for x in ends[:-1]) >= 2 or any(map(_justified, blocks[k:end])):
        return False
    texts = [line_text(row[0]).strip() for row in rows]
    # (a marker MuPDF cut from its item's text, "1." | "Install ...", starts the row's text)
    if any(starts_item(row[0], " ".join(line_text(ln).strip() for ln in row), True) for row in rows) \
            or any(is_mono(span) for ln in lines for span in ln["spans"] if span["text"].strip()) \
            or len({max((s for ln in row for s in ln["spans"]), key=lambda s: len(s["text"]))["font"]
                    for row in rows}) > 1:
        return False  # a list's items, code, or terms in a font of their own over their descriptions
    # each row ends with room for the next one's first word, against the column's edge that the other lines
    # across show (the verse's own lines measure none but their widest)
    edge = max(ends + _column_right(blocks, k, end))
    broken = sum(broken_for_width(x1, row[0], text, edge) for x1, row, text in zip(ends, rows[1:], texts[1:])
                 if text)
    return broken <= 1


def _set_in_by_turns(starts: list[float], size: float) -> bool:
    """Whether rows starting at ``starts`` (points) start at two edges in turn (see the module's text)."""
    outer = min(starts)
    inner = [x for x in starts if x > outer + ALIGN * size]
    if len(inner) < 2 or len(starts) - len(inner) < 2 or not 0.5 * size <= min(inner) - outer <= 4 * size:
        return False
    indented = [x > outer + ALIGN * size for x in starts]
    return not (any(abs(x - (min(inner) if set_in else outer)) > ALIGN * size for x, set_in in zip(starts, indented))
                or any(a and b for a, b in zip(indented, indented[1:])) or _outer_run(indented) > MAX_OUTER_RUN)


def _justified(block: dict) -> bool:
    """Whether two of a block's rows but its last end level with its widest (`FLUSH`): a paragraph of justified
    prose, which a block set wider over it (an abstract across the page over a column's paragraphs) hides from
    the run's own widest row. MuPDF cuts a verse into blocks of two rows."""
    ends = [max(ln["bbox"][2] for ln in row) for row in rows_of(block["lines"])]
    return sum(abs(x - max(ends)) <= FLUSH for x in ends[:-1]) >= 2


def _outer_run(indented: list[bool]) -> int:
    """The most rows at the outer edge in a row (``indented``: each row set in or not)."""
    run = most = 0
    for set_in in indented:
        run = 0 if set_in else run + 1
        most = max(most, run)
    return most


def _column_right(blocks: list[dict], k: int, end: int) -> list[float]:
    """The right edge of the prose of the column the blocks ``k`` to ``end`` stand in, measured by the page's
    other lines that overlap them across (the 90th percentile of their right ends, `line_breaks.ColumnEdges`'
    share; their widest with under three), as a list: empty where there are none."""
    x0 = min(b["bbox"][0] for b in blocks[k:end])
    x1 = max(b["bbox"][2] for b in blocks[k:end])
    others = sorted(ln["bbox"][2] for n, block in enumerate(blocks) if not k <= n < end and _text_block(block)
                    for ln in block["lines"] if ln["bbox"][0] < x1 and ln["bbox"][2] > x0)
    if len(others) >= 3:
        return [others[int(0.9 * (len(others) - 1))]]
    return others[-1:]
