"""Borderless tables that MuPDF cuts into several blocks, joined back into one block to be read as one table
(`borderless_tables.borderless_table`).

MuPDF starts a block where a rule is drawn under a table's head, where a row is set on a filled band, where a
cell's text is drawn apart from its row's, and where a row's cell wraps onto a second line (texinfo's
@multitable: each row's first two cells with the second's wrapped line a block, the third cell a block of
its own beside it). A run of such blocks, each just under the one before it or on a row of it, is joined
where the whole is one table whose columns no block's line merges.
"""

from __future__ import annotations

import pymupdf

from sources.documents.code_blocks import baseline
from sources.documents.column_cuts import cut_at_columns
from sources.documents.borderless_tables import borderless_table, column_count, column_ranges, set_apart


def with_table_heads(blocks: list[dict]) -> list[dict]:
    """The page's dict ``blocks`` with each run of blocks that are rows of lines cut apart (`_cut_rows`), each
    less than a line under the one before, joined into one block where together they are one borderless
    table (`borderless_table`). A rule drawn under a table's head (a LaTeX booktabs table, ruled only
    across) has MuPDF start a block there: the body was read as the table, its first data row as its head,
    and the real names ("Method", "Set A", "Set B") were a line of their own above it. Rows set on filled
    bands (zebra stripes, a coloured box a cell) are a block each: each row was a paragraph, its empty
    cells gone, so a value read as the column before it ("Campus 10-14", open on Saturdays, read as open
    Monday to Friday). A block on a row of the run, right of it (`_beside`), and a block just under it with a
    row cut apart and lines in its columns (`_row_under`), go on the run too: a texinfo @multitable's rows,
    a cell wrapped in each, came as a block of two cells and a block of the third, and its rows ran together
    as paragraphs ("clearplot clf 3.4.0 com2str num2str 3.4.0 ...")."""
    out: list[dict] = []
    run: list[dict] = []
    for block in [*blocks, None]:
        if block is not None and run and (_overlaps(run, block) or _beside(run, block) or _row_under(run, block)) \
                or block is not None and _cut_rows(block) and (not run or _just_under(run, block)):
            run.append(block)
            continue
        head = _head_row(out[-1], run) if out and run else None
        above = out.pop() if head is not None else None
        if above is not None:  # the table's head MuPDF set as one line over it: its first row
            run = [{**above, "lines": head}, *run]
        lines = [line for part in run for line in part["lines"]]
        # joined, no block's columns may merge: a head line running across a column gap ("Quarter Capacity
        # (MW)" over "Q1" and "88") made cells of two ("Q1 88"); counted once the rows' lines are cut at the
        # columns' edges (`column_cuts`), as the table reads them: a row's tight cells MuPDF ran together ("Ann
        # Lee 31") had merged a column of the rows under a head of names set apart
        if len(run) > 1 and borderless_table(lines) is not None \
                and column_count(cut_at_columns(lines)) >= max(column_count(part["lines"]) for part in run):
            box = pymupdf.Rect(run[0]["bbox"])
            for part in run[1:]:
                box |= pymupdf.Rect(part["bbox"])
            out.append({**run[0], "bbox": tuple(box), "lines": lines})
        else:  # no table: the line over it as it was, not cut into cells (its spaces between them gone)
            out += [above, *run[1:]] if above is not None else run
        run = []
        if block is not None and _cut_rows(block, every=False):  # a row cut apart may start a run
            run = [block]
        elif block is not None:
            out.append(block)
    return out


RECENT = 16  # blocks of a run looked back at: a page of thousands of row blocks stays linear


def _head_row(above: dict, run: list[dict]) -> list[dict] | None:
    """The one line of the block ``above`` a run of rows cut apart, cut into one line a column of the run (its
    lines cut at the columns' edges first, `column_cuts`: a row's tight cells MuPDF ran together), where
    it is the table's head MuPDF set as one line (its names a space apart, as wide as their columns: an HTML
    table's ``<th>`` row, whose names MuPDF laid out word by word in one line, was a bold paragraph "**Name
    Age**" over the table); None where it is not: a line not just over the run, starting left of it, with a word
    across a column's start, or a column without a word (a paragraph's last line over a table)."""
    lines = above.get("lines") or []
    if above.get("type") == 1 or len(lines) != 1 or not _cut_rows(run[0], every=False):
        return None
    line, rows = lines[0], cut_at_columns([ln for part in run for ln in part["lines"]])
    columns = column_ranges(rows)
    top, left = min(part["bbox"][1] for part in run), min(ln["bbox"][0] for ln in rows)
    height = line["bbox"][3] - line["bbox"][1]
    if len(columns) < 2 or not 0 <= top - line["bbox"][3] < height or line["bbox"][0] < left - 1:
        return None
    cells: list[list[dict]] = [[] for _ in columns]
    for span in (span for span in line["spans"] if span["text"].strip()):
        x0, x1 = span["bbox"][0], span["bbox"][2]
        j = max((j for j, column in enumerate(columns) if column[0] <= x0 + 1), default=None)
        if j is None or j + 1 < len(columns) and x1 > columns[j + 1][0] + 1:
            return None  # left of the table, or a word across the next column's start
        cells[j].append(span)
    if not all(cells):
        return None
    return [{**line, "spans": cell, "bbox": (cell[0]["bbox"][0], line["bbox"][1], cell[-1]["bbox"][2],
                                              line["bbox"][3])} for cell in cells]


def _overlaps(run: list[dict], block: dict) -> bool:
    """Whether a text ``block`` lies partly over the last `RECENT` blocks of ``run`` (over a tenth of its area):
    Chromium's print of a table whose cells wrap has MuPDF cut blocks across its rows and columns ("Term Meaning
    mean time to recovery" one block, the first meaning and the second term the next)."""
    if block.get("type") == 1 or not block.get("lines"):
        return False
    x0, y0, x1, y1 = block["bbox"]
    area = max(x1 - x0, 0.0) * max(y1 - y0, 0.0)
    for part in run[-RECENT:]:
        px0, py0, px1, py1 = part["bbox"]
        if max(0.0, min(x1, px1) - max(x0, px0)) * max(0.0, min(y1, py1) - max(y0, py0)) > 0.1 * area:
            return True
    return False


def _cut_rows(block: dict, every: bool = True) -> bool:
    """Whether a text block's lines stand in rows of two or more (MuPDF cut each row apart at wide gaps);
    with ``every`` False, whether one row does."""
    lines = block.get("lines") or []
    if block.get("type") == 1 or len(lines) < 2:
        return False
    rows: list[list[float]] = []
    for base in sorted(map(baseline, lines)):
        if rows and base - rows[-1][-1] < 2:
            rows[-1].append(base)
        else:
            rows.append([base])
    return (all if every else any)(len(row) >= 2 for row in rows)


def _just_under(run: list[dict], below: dict) -> bool:
    """Whether ``below`` starts less than a line under the last `RECENT` blocks of ``run`` (a line of the
    lowest of them)."""
    lowest = max(run[-RECENT:], key=lambda part: part["bbox"][3])
    line = lowest["lines"][-1]["bbox"]
    return below["bbox"][1] - lowest["bbox"][3] < line[3] - line[1]


def _beside(run: list[dict], block: dict) -> bool:
    """Whether ``block`` starts on the baseline of a line of the last `RECENT` blocks of ``run`` and lies wholly
    right of that line: a cell drawn apart from its row (texinfo's @multitable: a row's last cell)."""
    if block.get("type") == 1 or not block.get("lines"):
        return False
    first = block["lines"][0]
    return any(abs(baseline(line) - baseline(first)) < 2 and line["bbox"][2] <= block["bbox"][0]
               for part in run[-RECENT:] for line in part["lines"])


def _row_under(run: list[dict], block: dict) -> bool:
    """Whether ``block`` starts just under ``run`` (`_just_under`) with a row of it cut apart (its others may be a
    wrapped cell's lines) and its lines fall in the run's columns: a line across a gap between them (the
    paragraph after a table, a justified row MuPDF cut at a wide space) merges two, and is no row of it."""
    if not (_cut_rows(block, every=False) and _just_under(run, block)):
        return False
    lines = [line for part in run[-RECENT:] for line in part["lines"]]
    if column_count(lines + block["lines"]) >= column_count(lines):
        return True
    # a head of names set apart (bold, or larger) over the first row: that row's last cell may be a block of
    # its own, beside a cell that wraps (`_beside` takes it next), so a name's column has no row under it yet
    # and counts as one row's (`column_count`); what matters is that no column merges. The head was a bold
    # paragraph and the first data row the table's head
    return len(run) == 1 and _cut_rows(run[0], every=True) and len({round(baseline(ln)) for ln in lines}) == 1 \
        and all(set_apart(ln, lines + block["lines"]) for ln in lines) \
        and len(column_ranges(lines + block["lines"])) >= len(column_ranges(lines))
