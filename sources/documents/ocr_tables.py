"""Scanned tables drawn without rulings (or with their rules erased) found among a page's OCR lines.

The engines cut a table's rows at every wide gap, so its cells come as pieces of lines that line up in
columns; `ocr_layout` blocks lines stacked in one column, and so read such a table column by column, its
rows lost. `table_runs` finds the runs of rows that are a table and gives each as the lines of one block,
a row's pieces set on one baseline as a text layer's cells are, for the layout step to read as a table
(`borderless_tables.borderless_table`); a run that step does not read as one is left to the blocking.
"""

from __future__ import annotations

import re
import statistics

from sources.common.tesseract_lines import NUMBER
from sources.documents.ocr_rules import ruled_apart

TABLE_ROWS = 3  # rows, each cut into two pieces or more, that a table found in OCR lines has at least
ROW_SPACING = 1.5  # line heights between one row of a table and the next at most
GUTTER = 1.2  # line heights between a row's cells at least: a monospaced space and bearings are under one


def table_runs(items: list[dict], rules: list[tuple[float, float, float, float]] = (),
               across: list[tuple[float, float, float, float]] = ()) -> list[tuple[set[int], list[dict]]]:
    """The runs of ``items`` (lines as `ocr_layout._line` makes them) that are a table drawn without
    rulings, each as ``(ids of its items, its lines)``: the lines top to bottom, a row's pieces left to
    right on one baseline (the row's median). Blocked by `ocr_layout._continues`, which joins lines stacked
    in one column, each column was a paragraph of its own, and `ocr_layout._trailing_pieces_joined` then
    hung the cells right of a short column on its lines ("Apples 0.50", "4 2.10"). A run of at least
    ``TABLE_ROWS`` rows cut into two pieces or more, each piece at least ``GUTTER`` line heights from the
    next and each row at most ``ROW_SPACING`` line heights below the last (rows of one piece between them
    a cell's next lines; one right above it naming every column its head, `_head_above`), is made one
    block where `borderless_tables.borderless_table` reads it as a table, and is left to the blocking where
    it does not. Pieces closer than a gutter are a line's words: Tesseract cuts a monospaced listing at
    single spaces ("make" | "clean" | "# remove old files"), which is no table. A rule down between two
    pieces of a row (``rules``: the page's, boxes in points, `ocr_rules.ruled_apart`) is their gutter however
    close they stand: a ruled table's cells padded tightly, or read by PP-OCR, whose boxes are a third of a
    line taller than the letters, stood under a gutter of line heights apart and the rows were joined into
    the paragraph above the table. ``across`` (the page's rules across, boxes in points) part its rows for
    `borderless_tables.borderless_table`."""
    from sources.documents.borderless_tables import borderless_table

    rows: list[list[dict]] = []
    for item in sorted(items, key=lambda it: (it["bbox"][1] + it["bbox"][3]) / 2):
        if rows and _same_row(rows[-1], item):
            rows[-1].append(item)
        else:
            rows.append([item])
    runs: list[list[list[dict]]] = []
    held: list[list[dict]] = []  # rows of one piece under a run's last row: a wrapped cell's next lines
    for row in rows:
        height = statistics.median(_height(it) for it in row)
        above = (held or runs[-1])[-1] if runs and runs[-1] else None
        near = above is not None and min(it["bbox"][1] for it in row) \
            - max(it["bbox"][3] for it in above) < ROW_SPACING * height
        if len(row) < 2 and near:
            held.append(row)  # a run's if a row of cells follows: a cell's lines parted the table in two
        elif len(row) < 2 or not _gutters_between(row, height, rules):
            runs.append([])
            held = []
        elif near:
            runs[-1] += [*held, row]
            held = []
        else:
            runs.append([row])
            held = []
    out = []
    for run in runs:
        if sum(len(row) > 1 for row in run) < TABLE_ROWS:
            continue
        run = _head_above(rows, run) + run
        lines = []
        for k, row in enumerate(run):
            columns = _columns([it for other in run[:k] + run[k + 1:] for it in other])
            y0, y1 = (statistics.median(it["bbox"][i] for it in row) for i in (1, 3))
            baseline = statistics.median(it["spans"][0]["origin"][1] for it in row)
            lines += [_on_row(part, y0, y1, baseline) for it in sorted(row, key=lambda it: it["bbox"][0])
                      for part in _cut_at_cells(it, columns)]
        if borderless_table(lines, across=across):
            out.append(({id(it) for row in run for it in row}, lines))
    return out


def _head_above(rows: list[list[dict]], run: list[list[dict]]) -> list[list[dict]]:
    """``[the row right above run]`` where it is one piece, at most ``ROW_SPACING`` line heights above, within
    the run's width and naming every column of it (`_cut_at_cells` cuts it into one piece a column): a
    head set close, that the engine read as one line ("Item Qty Price Total"); else ``[]``. Left out, the
    table was read headed by its first row ("|Apples|12|0.50|6.00|"), a wrong head that looks right."""
    k = next(i for i, row in enumerate(rows) if row is run[0])
    if k == 0 or len(rows[k - 1]) != 1:
        return []
    [piece], items = rows[k - 1], [it for row in run for it in row]
    height, columns = _height(piece), _columns(items)
    x0, x1 = min(it["bbox"][0] for it in items) - height, max(it["bbox"][2] for it in items) + height
    if min(it["bbox"][1] for it in run[0]) - piece["bbox"][3] >= ROW_SPACING * height \
            or piece["bbox"][0] < x0 or piece["bbox"][2] > x1:
        return []
    return [rows[k - 1]] if len(_cut_at_cells(piece, columns)) == len(columns) else []


def _same_row(row: list[dict], item: dict) -> bool:
    """Whether ``item`` stands on ``row``: overlapping its last piece down the page by over half the
    lower's height."""
    _, y0, _, y1 = item["bbox"]
    _, ry0, _, ry1 = row[-1]["bbox"]
    return min(y1, ry1) - max(y0, ry0) > 0.5 * min(y1 - y0, ry1 - ry0)


def _gutters_between(row: list[dict], height: float, rules: list = ()) -> bool:
    """Whether every piece of ``row`` stands at least ``GUTTER`` times ``height`` (points) from the next,
    or apart at all where both are numbers: the engine cut them so (`tesseract_lines.NUMBER_GAP`), an
    invoice's price and amount ("61.50" | "123.00") being set closer than a gutter of words; or with one of
    ``rules`` between them (`ocr_rules.ruled_apart`)."""
    pieces = sorted(row, key=lambda it: it["bbox"][0])
    return all(b["bbox"][0] - a["bbox"][2] >= GUTTER * height or ruled_apart(a, b, rules)
               or b["bbox"][0] > a["bbox"][2] and all(NUMBER.fullmatch(it["spans"][0]["text"]) for it in (a, b))
               for a, b in zip(pieces, pieces[1:]))


def _on_row(item: dict, y0: float, y1: float, baseline: float) -> dict:
    """``item`` set from ``y0`` to ``y1`` on ``baseline`` (points), its row's: a row's pieces share them,
    as a text layer's cells do, where the boxes round them differ by a descender or a speck (a box
    stretched by a speck over the row above left too narrow a gap between them, and two rows were read as
    one cell's lines)."""
    bbox = (item["bbox"][0], y0, item["bbox"][2], y1)
    span = item["spans"][0]
    return {**item, "bbox": bbox, "spans": [{**span, "bbox": bbox, "origin": (span["origin"][0], baseline)}]}


def _columns(items: list[dict]) -> list[tuple[float, float]]:
    """The x ranges (points) that ``items`` stand in, left to right, overlapping ones merged; narrowest
    first, a piece across two ranges of narrower ones left out: it is two cells the engine read as one
    ("Apples picked in the" beside a cell of two lines), and merging it made two columns one, its row and
    every other such row then left uncut."""
    out: list[list[float]] = []
    for x0, x1 in sorted(((it["bbox"][0], it["bbox"][2]) for it in items), key=lambda r: r[1] - r[0]):
        crossed = [c for c in out if c[0] < x1 and x0 < c[1]]
        if len(crossed) > 1:
            continue
        if crossed:
            crossed[0][:] = [min(crossed[0][0], x0), max(crossed[0][1], x1)]
        else:
            out.append([x0, x1])
    merged: list[list[float]] = []
    for x0, x1 in sorted(out):  # a range widened into the next
        if merged and x0 < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(x0, x1) for x0, x1 in merged]


def _cut_at_cells(item: dict, columns: list[tuple[float, float]]) -> list[dict]:
    """``item`` cut into one piece a column where it runs across two or more of ``columns`` (the other rows'
    cells), each of its words, placed by its characters' share of the box's width (the engines give no
    word places), going to the column it crosses nearest its centre, one column after another: a table's
    head names stand closer than its cells (centred over right-aligned numbers, or set out to their left:
    "Unit price" over "4.20"), and the engine read "Qty Price Total" as one line over three columns, which
    then were one. Else ``[item]``."""
    text = item["spans"][0]["text"]
    x0, _, x1, _ = item["bbox"]
    crossed = [c for c in columns if c[0] < x1 and x0 < c[1]]
    if len(crossed) < 2:
        return [item]
    per_char = (x1 - x0) / max(len(text), 1)
    groups: dict[int, list[tuple[int, int]]] = {}
    for match in re.finditer(r"\S+", text):
        centre = x0 + per_char * (match.start() + match.end()) / 2
        column = min(range(len(crossed)), key=lambda k: max(crossed[k][0] - centre, centre - crossed[k][1], 0))
        if groups and column < max(groups):
            return [item]
        groups.setdefault(column, []).append(match.span())
    if len(groups) < 2:
        return [item]
    out = []
    for spans in groups.values():
        start, end = spans[0][0], spans[-1][1]
        bbox = (x0 + per_char * start, item["bbox"][1], x0 + per_char * end, item["bbox"][3])
        span = item["spans"][0]
        out.append({**item, "bbox": bbox, "spans": [{**span, "text": text[start:end], "bbox": bbox,
                                                     "origin": (bbox[0], span["origin"][1])}]})
    return out


def _height(item: dict) -> float:
    return item["bbox"][3] - item["bbox"][1]
