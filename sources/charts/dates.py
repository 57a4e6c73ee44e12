"""Dates written as text in a key column ("Jan 2024", "13/05/2024", "5 January 2024", "2024-01-05"): read as
dates, so a chart runs in time order.

A text column is a category: "Mar 2024, Jan 2024, Feb 2024" was drawn and asked in the order written (a bar
of months out of order; no line over them at all). A column whose every value is written in one date form is
read as dates (`datetime.date`) or months (`Month`), a ``temporal`` column like one pyarrow reads, so charts
draw it as their x axis, sorted (`sources.charts.specs`), and a long table keyed by it is found
(`sources.charts.keys.long_keys`). The forms are fixed ``strptime`` formats, never a guessing parser (dateutil
reads "5" and "March" as dates). Day and month in ``01/05/2024``: a value with a first number over 12
(13/05/2024) says day first, one with a second over 12 says month first; where no value says either and the
two readings differ, the column stays text, its categories in their written order, since either order made
up would be a wrong time axis; but where a long table repeats its categories across such dates (two tickers'
closes a day), no day can be charted alone (which is the latest?) and no sum over them means anything (A's
closes summed to 33 where no day had it above 12): such a table is refused (`undecided_time_key`).
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from sources.common.tables import Column, DataTable


@dataclasses.dataclass(frozen=True, order=True)
class Month:
    """A month written without a day ("Jan 2024", "2024-01"); its text is ISO 8601's ``2024-01``."""

    year: int
    month: int

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


# each a form of date one column is written in: (what a value names, the strptime formats of it)
_FORMS = (("day", ("%Y-%m-%d", "%Y/%m/%d")), ("month", ("%Y-%m",)), ("month", ("%b %Y", "%B %Y")),
          ("day", ("%d %b %Y", "%d %B %Y")), ("day", ("%b %d, %Y", "%B %d, %Y")),
          ("day", ("%d.%m.%Y",)))  # dots: day first wherever they are written (de, fr, ru)
# day and month either way round: the column decides (`_read`)
_EITHER_WAY = (("%d/%m/%Y", "%m/%d/%Y"), ("%d-%m-%Y", "%m-%d-%Y"))


def text_dates(table: DataTable) -> DataTable:
    """``table`` with each categorical column whose values (two or more distinct) are all dates in one written
    form made ``temporal``: `datetime.date` values for days, `Month` values for months; None stays None. A
    column of mixed forms, of other text, or whose day and month order nothing decides stays as it is."""
    columns = []
    for column in table.columns:
        present = [v for v in column.values if v is not None]
        moments = _read(present) if column.kind == "categorical" and len(set(present)) >= 2 else None
        if moments is None:
            columns.append(column)
            continue
        by_text = dict(zip(present, moments))
        columns.append(dataclasses.replace(column, kind="temporal",
                                           values=[None if v is None else by_text[v] for v in column.values]))
    if all(a is b for a, b in zip(columns, table.columns)):
        return table
    return dataclasses.replace(table, columns=columns)


def undecided_time_key(table: DataTable) -> tuple[str, str] | None:
    """``(column, detail)`` for a text column of dates that read day first or month first, differently, with no
    value saying which, across which ``table`` (after `text_dates`) repeats its categories as a long table does
    (`sources.charts.keys.long_keys`); None where there is none. ``detail`` is a reject's."""
    from sources.charts.keys import long_keys  # keys reads the columns this module makes: no cycle at import

    for k, column in enumerate(table.columns):
        present = [v for v in column.values if v is not None]
        if column.kind != "categorical" or len(set(present)) < 2 or _read(present) is not None:
            continue
        for read_day, read_month in _either_way(present):
            if read_day is None or read_month is None:
                continue  # not this form both ways (`_read` found them differ where both read)
            days, months = iter(read_day), iter(read_month)  # in the column's places, None kept
            by_day = [None if v is None else next(days) for v in column.values]
            by_month = [None if v is None else next(months) for v in column.values]
            # read day first only to see whether the table is long across the column: never drawn so
            trial = dataclasses.replace(table, columns=[*table.columns[:k], dataclasses.replace(
                column, kind="temporal", values=by_day), *table.columns[k + 1:]])
            keys = long_keys(trial)
            if keys is None or keys.time.name != column.name:
                break
            text, a, b = next((t, a, b) for t, a, b in zip(column.values, by_day, by_month) if a != b)
            return column.name, (f"the dates of column {column.name!r} read day first or month first ({text}: "
                                 f"{a.day} {a:%B} or {b.day} {b:%B}), and no value says which; the table repeats its "
                                 f"categories across them, so no day can be charted alone nor any sum over them be "
                                 f"made")
    return None


def _read(texts: list[str]) -> list | None:
    """``texts`` as dates (or months) in the one form they are all written in, or None."""
    for names, formats in _FORMS:
        moments = _parsed(texts, formats)
        if moments is not None and not (formats == ("%Y-%m",) and _no_months(texts)):
            return [Month(d.year, d.month) if names == "month" else d for d in moments]
    for by_day, by_month in _either_way(texts):
        if by_day is not None and (by_month is None or by_day == by_month):
            return by_day
        if by_month is not None and by_day is None:
            return by_month
    return None  # not dates, mixed forms, or day and month that no value tells apart


def _either_way(texts: list[str]):
    """For each form of `_EITHER_WAY`, ``texts`` read day first and month first (each None where a text does not
    read so)."""
    for day_first, month_first in _EITHER_WAY:
        yield _parsed(texts, (day_first,)), _parsed(texts, (month_first,))


def _parsed(texts: list[str], formats: tuple[str, ...]) -> list | None:
    """``texts`` read by ``formats``, each text once; None at the first that none reads (a column of names is
    refused at its first value, not parsed whole six times)."""
    read: dict[str, datetime.date] = {}
    for text in texts:
        if text not in read:
            moment = _parse(text, formats)
            if moment is None:
                return None
            read[text] = moment
    return [read[text] for text in texts]


def _no_months(texts: list[str]) -> bool:
    """Whether ISO-looking months are something else: a month of one digit ("2021-1": a quarter, a term), or a
    fiscal year written as its two years ("2009-10", "2010-11": each "month" the next year's last two digits)."""
    return any(not re.fullmatch(r"\d{4}-\d{2}", text) for text in texts) \
        or all(int(text[5:]) == (int(text[:4]) + 1) % 100 for text in texts)


def _parse(text: str, formats: tuple[str, ...]) -> datetime.date | None:
    for form in formats:
        try:
            return datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None
