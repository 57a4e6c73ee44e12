"""Rows that total other rows ("Total", "Grand total", "Subtotal", "Gesamt", "合计"): sums, not categories.

A spreadsheet's total row charted as a category drew a pie with a "Total" slice half the pie, asked "Which dept
has the highest cost?" (Total) and gave HR 8.3% of a whole that counted every cost twice. A row whose label
names a total and whose values are the sum of the other rows (or, a subtotal, of the rows since the last total)
is left out of what is charted; one so labelled that does not add up is kept (the label may be a name: the
oil company "Total"), but then no chart draws the rows as shares of one whole (`Totals.unsummed`).
"""

from __future__ import annotations

import dataclasses
import decimal
import re

from sources.common.tables import Column, DataTable, exact_sum, format_number

# whole labels (case-folded, a trailing colon dropped) that name a total in English, German, French, Italian,
# Spanish and Chinese/Japanese; "all" is pandas' margins row
_TOTAL_LABELS = {"total", "totals", "grand total", "subtotal", "sub-total", "sub total", "sum", "overall", "all",
                 "gesamt", "insgesamt", "gesamtsumme", "summe", "zwischensumme", "totale", "total général",
                 "total general", "somme", "suma", "totale generale"}
_TOTAL_START = re.compile(r"(grand |sub-?|sub )?total |gesamt|summe ")  # "Total Europe", "Subtotal Q1"
_TOTAL_END = re.compile(r" (sub-?|sub |grand )?total|(合计|总计|小计|合計|総計|小計|總計)")  # "Europe total", "华东合计"


@dataclasses.dataclass
class Totals:
    """table: the table without the total rows that add up; left_out: each such row, said ("row 5 'Total':
    the sum of rows 1 to 4"); unsummed: the labels of rows named as totals whose values are no such sum."""

    table: DataTable
    left_out: list[str]
    unsummed: list[str]


def is_total_label(label: str) -> bool:
    """Whether a category label names a total or a subtotal."""
    text = " ".join(label.casefold().split()).rstrip(":").strip()
    return text in _TOTAL_LABELS or bool(_TOTAL_START.match(text)) or bool(_TOTAL_END.search(text))


def leave_out_totals(table: DataTable, measures: list[Column]) -> Totals:
    """``table`` without its rows labelled as totals whose ``measures`` are the sum of the other rows (a grand
    total, anywhere in the table) or of the rows between the previous total row and it (a subtotal)."""
    for labels in table.of_kind("categorical"):
        marked = [i for i, v in enumerate(labels.values) if isinstance(v, str) and is_total_label(v)]
        if marked:
            break
    else:
        return Totals(table, [], [])
    parts = [i for i in range(table.rows) if i not in marked]
    summed: dict[int, list[int]] = {}
    start = 0
    for i in marked:
        above = [k for k in range(start, i) if k not in marked]
        for rows in (parts, above):  # a grand total first: rows above a first total are all the parts too
            if _adds_up(i, rows, measures):
                summed[i] = rows
                break
        start = i + 1
    kept = [i for i in range(table.rows) if i not in summed]
    columns = [dataclasses.replace(c, values=[c.values[i] for i in kept]) for c in table.columns]
    left_out = [f"row {i + 1} {labels.values[i]!r}: the sum of {_rows(rows)}" for i, rows in summed.items()]
    unsummed = [labels.values[i] for i in marked if i not in summed]
    return Totals(dataclasses.replace(table, columns=columns), left_out, unsummed)


def _adds_up(total: int, rows: list[int], measures: list[Column]) -> bool:
    """Whether every measure's value in row ``total`` is the sum of its values in ``rows`` (two or more), within
    the rounding of the written values: each part may be off by half a unit of the finest place written."""
    checked = 0
    for column in measures:
        value = column.values[total]
        parts = [column.values[k] for k in rows if column.values[k] is not None]
        if value is None:
            continue
        if len(parts) < 2:
            return False
        places = max(_places(v) for v in [value, *parts])
        slack = decimal.Decimal(len(parts)) / 2 * decimal.Decimal(1).scaleb(-places)
        if abs(decimal.Decimal(format_number(value)) - decimal.Decimal(format_number(exact_sum(parts)))) > slack:
            return False
        checked += 1
    return checked > 0


def _places(value) -> int:
    """Digits written after the decimal point (0 for a whole number)."""
    text = format_number(value)
    return len(text.split(".", 1)[1]) if "." in text else 0


def _rows(rows: list[int]) -> str:
    """Row numbers (from 1) as a reader says them: "rows 1 to 4", or listed where they are not a run."""
    numbers = [k + 1 for k in rows]
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"rows {numbers[0]} to {numbers[-1]}"
    return "rows " + ", ".join(map(str, numbers))
