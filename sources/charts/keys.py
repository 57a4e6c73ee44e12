"""Numeric columns that name or place rows rather than measure them: years, dates, ids, codes, zips.

A blind hunt found them charted as quantities: years summed per country ("What is the year for Germany?"
4043), pies of years and of ids, and in a long table (country, year, gdp) each country's GDP summed over the
years. A key (`key_role`) is never a chart's value: a time key may be the x axis of a line, in time order; a
long table, whose categories repeat across the years (or dates), is charted one year at a time (`one_year`),
named so, and wide, a line per category over the years (`sources.charts.wide`); both find it by `long_keys`,
which tells such a panel from a transaction log (a sale a row, on days mostly each its own), summed per category.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter

from sources.common.tables import Column, DataTable

# a name whose first or last word is one of these is a time key or an identifier ("Year", "Fiscal year",
# "order_no", "productId", "ZIP code"); "of" and "per" make it a measure ("Number of visits", "Sales per year")
TIME_WORDS = {"year", "years", "yr", "fy", "jahr", "annee", "année", "año", "anno", "date", "datum", "month",
              "monat", "week", "quarter", "day", "period", "quartal", "trimestre", "mois", "mes", "mese", "maand",
              "periode", "periodo", "stichtag"}
ID_WORDS = {"id", "ids", "code", "zip", "zipcode", "postcode", "plz", "fips", "isbn", "sku", "ean", "key", "rank",
            "phone", "no", "nr", "number", "num", "#",
            # in other languages too, since their ids written in spaced groups ("612 345 678", a SIREN "732 829 320")
            # read as numbers: "Téléphone", "Teléfono", "Telefon", "SIREN", "Numéro client"
            "tel", "telephone", "téléphone", "teléfono", "telefono", "telefon", "fax", "siren", "siret",
            "iban", "numéro", "numero", "número", "nummer", "código", "codigo"}
YEARS = range(1000, 2101)


def _words(name: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Z]?[a-zà-ÿ]+|[A-Z]+(?![a-z])|\d+|#", name)]


def key_role(column: Column) -> str:
    """``"time"`` for a numeric column that places rows in time (named a year, date, month... or holding whole
    numbers in 1000..2100, each row its own, in order, at most 10 apart: years), ``"id"`` for one that names them
    (an id, code, zip or number), ``""`` for a measure (and for any column that is not numeric, or is money)."""
    if column.kind != "numeric" or "{}" in column.unit:  # an amount of money ("$2001") is a measure, never a key
        return ""
    words = _words(column.name)
    if words and not {"of", "per"} & set(words):
        ends = {words[0], words[-1]}
        if ends & TIME_WORDS:
            return "time"
        if ends & ID_WORDS:
            return "id"
    # years: each row its own, in order, a few apart at most (sales of 1200, 1350 and 1500 are no years)
    present = [v for v in column.values if v is not None]
    steps = [b - a for a, b in zip(sorted(present), sorted(present)[1:])] if present else []
    if (len(present) >= 2 and all(isinstance(v, int) and v in YEARS for v in present)
            and all(0 < step <= 10 for step in steps) and present in (sorted(present), sorted(present, reverse=True))):
        return "time"
    return ""


def in_time(column: Column) -> bool:
    """Whether ``column`` places its rows in time: dates (``temporal``), a numeric time key (`key_role`), or text
    headed by a time word ("Monat", "Quarter") or whose every value names a moment (`names_moment`: "Jan", "März",
    "Q1 2023", "FY24"), which the charts draw as categories (a "Jan" has no year, so no date)."""
    if column.kind in ("temporal", "numeric"):
        return column.kind == "temporal" or key_role(column) == "time"
    words, texts = _words(column.name), [v for v in column.values if v is not None]
    return bool(words and {words[0], words[-1]} & TIME_WORDS) or bool(texts) and all(
        isinstance(v, str) and names_moment(v) for v in texts)


# a quarter, a half or a fiscal year, with its year or without ("Q1", "Q1 2023", "2023-Q1", "H2", "FY24"), or a year
_PERIOD = re.compile(r"(?:(?:\d{4}|fy)\W?)?(?:q[1-4]|h[12])(?:\W?(?:\d{2}|\d{4}))?|fy\W?(?:\d{2}|\d{4})|\d{4}")
_MONTH = re.compile(r"([^\W\d_]+)\.?(?:\W{0,2}(?:\d{2}|\d{4}))?")  # "Jan", "Jan.", "März 2024", "Jan-24", "Jan '24"
# the ends of a period, a stock is read at ("Opening balance", "Anfangsbestand", "Solde de clôture")
_ENDS = frozenset({"opening", "closing", "beginning", "ending", "start", "end", "anfang", "ende", "anfangsbestand",
                   "endbestand", "anfangssaldo", "endsaldo", "ouverture", "clôture", "début", "fin", "inicial",
                   "final", "iniziale", "finale"})


def names_moment(text: str) -> bool:
    """Whether ``text`` names a moment: a year, quarter, half or fiscal year (`_PERIOD`), or a month by its name
    or CLDR's abbreviation of it in a language tables are written in ("Jan", "März", "janv.", "mrt", "Jan 2024")."""
    text = " ".join(text.casefold().split())
    if _PERIOD.fullmatch(text):
        return (year := re.fullmatch(r"\d{4}", text)) is None or int(year[0]) in YEARS
    return bool((month := _MONTH.fullmatch(text)) and month[1] in _month_names())


def moment_named(name: str) -> bool:
    """Whether a column's ``name`` names the moment its numbers were read at: a word of it a moment (`names_moment`:
    "Bestand Jan", "Balance 2023", "Q1 stock") or a period's end ("Opening balance", "Endbestand")."""
    tokens = re.findall(r"[^\W_]+", name.casefold())
    return any(names_moment(t) or t in _ENDS for t in tokens) or any(
        names_moment(f"{a} {b}") for a, b in zip(tokens, tokens[1:]))


@functools.cache
def _month_names() -> frozenset[str]:
    """Month names, wide and abbreviated (CLDR's by babel, and each wide name's first three letters: "Mär", "Sep"),
    casefolded without their dots, in the languages `sources.charts.measures` reads."""
    from babel.dates import get_month_names

    names = set()
    for locale in ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "pl", "cs", "ru"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for name in get_month_names(width, context, locale).values():
                    names.add(name.casefold().rstrip("."))
                    if width == "wide":
                        names.add(name.casefold()[:3])
    return frozenset(names)


def measures(table: DataTable) -> list[Column]:
    """The table's numeric columns that measure something (no keys, `key_role`)."""
    return [c for c in table.of_kind("numeric") if not key_role(c)]


def time_keys(table: DataTable) -> list[Column]:
    """The columns that place rows in time: dates, and numeric time keys (`key_role`)."""
    return [c for c in table.columns if c.kind == "temporal" or c.kind == "numeric" and key_role(c) == "time"]


def moment(value) -> str:
    """A value of a time key as text: ``2022``, ``2024-01-04`` (a midnight timestamp as its date)."""
    if hasattr(value, "isoformat"):
        return value.isoformat().removesuffix("T00:00:00")
    return str(value)


@dataclasses.dataclass(frozen=True)
class LongKeys:
    """A long table's keys: ``time``, the time key its rows repeat, and ``categories``, the categorical columns
    whose labels recur across those times (country in country, year, gdp), in the table's order."""

    time: Column
    categories: tuple[Column, ...]


def long_keys(table: DataTable) -> LongKeys | None:
    """The keys that make ``table`` long (a panel: each category measured again at each time), or None.

    A time key (`time_keys`, the first that qualifies) makes a panel with a categorical column whose labels are
    measured together (`_measured_together`: half the times two labels' spans cover hold rows of two labels or
    more), a label recurring at two times or more. A transaction log (region, date, amount: a sale a row, the
    dates mostly each its own) is no panel: a date holds one region's sale, and a slice of one date would leave out
    nearly every sale, where each region's total is what its rows add up to (`sources.charts.specs` sums repeated
    categories)."""
    for time in time_keys(table):
        times = Counter(v for v in time.values if v is not None)
        if all(n == 1 for n in times.values()):
            continue  # each time once: the table is wide already
        across = []
        for category in table.of_kind("categorical"):
            held: dict = {}  # time -> the labels with a row at it
            for label, when in zip(category.values, time.values):
                if label is not None and when is not None:
                    held.setdefault(when, set()).add(label)
            spans = Counter(label for labels in held.values() for label in labels)
            if spans and max(spans.values()) >= 2 and _measured_together(held):
                across.append(category)
        if across:
            return LongKeys(time, tuple(across))
    return None


def _measured_together(held: dict) -> bool:
    """Whether the labels of a category, ``held`` at each time (time -> labels with a row there), are measured
    together as a panel's are: over the times two labels' spans (first to last time) cover, half or more hold
    rows of two labels or more. A panel whose categories start or end apart (B's GDP from 2008 only, A's from
    2000) is one over the years both are measured; a transaction log's sales each fall on a day of their own,
    inside the others' spans too. Summed over the years, such a panel's GDP was added up (A's to 44.5)."""
    firsts: dict = {}
    lasts: dict = {}
    for when in sorted(held):
        for label in held[when]:
            firsts.setdefault(label, when)
            lasts[label] = when
    window = [when for when in held if sum(firsts[label] <= when <= lasts[label] for label in firsts) >= 2]
    return bool(window) and 2 * sum(len(held[when]) >= 2 for when in window) >= len(window)


def one_year(table: DataTable) -> tuple[DataTable, list[str]]:
    """A long table (`long_keys`: a category repeated across the values of a time key: country, year, gdp;
    ticker, date, close) as the rows of its best-covered time (the most rows; the latest of those), without the
    time column, each measure named for it ("gdp in 2022"), and what was left out said; any other table (a
    transaction log too) as it is, with ``[]``. Summed over the years, Germany's GDP was 8.3 where no year had
    it above 4.2; summed over the days, a stock's close was 46 where no day had it above 13."""
    keys = long_keys(table)
    if keys is None:
        return table, []
    time = keys.time
    counts = Counter(v for v in time.values if v is not None)
    when = max(counts, key=lambda t: (counts[t], t))
    kept = [i for i, t in enumerate(time.values) if t == when]
    named = {c.name for c in measures(table)}
    columns = [dataclasses.replace(c, values=[c.values[i] for i in kept],
                                   name=f"{c.name} in {moment(when)}" if c.name in named else c.name)
               for c in table.columns if c is not time]
    note = (f"{table.rows - len(kept)} rows of other values of {time.name} than {moment(when)}: the table "
            f"repeats its categories across {time.name}, and the charts show {time.name} {moment(when)}")
    return dataclasses.replace(table, columns=columns), [note]


# a header that is a bare number ("1".."12": months? grades? sizes? hours?; "5000", "10000": speeds? sizes? prices?):
# nothing says what the number counts, and a chart of such a column named its measure by the number ("What is the 3
# for B?": "3"). Years ("2023": four digits within `YEARS`) head a wide table's periods, and are read so
# (`sources.charts.currencies`); a number past them ("5000", "10,000") was charted as a measure named "5000"
_NUMBERED = re.compile(r"\d+(?:[.,]\d+)*")  # with its fraction or groups: "1.5", "2.5" (doses? sizes?), "10,000"
# a year as a header: four digits, or with a zero fraction as pandas writes a float column's years ("2020.0")
_YEAR = re.compile(r"(\d{4})(?:\.0+)?")


def numbered_measures(table: DataTable) -> list[Column]:
    """The measures of ``table`` (`measures`) whose header is a bare number other than a year ("3", "1.5",
    "5000", "10,000"; not "2023"), in its order."""
    return [c for c in measures(table) if _NUMBERED.fullmatch(name := c.name.strip())
            and not ((year := _YEAR.fullmatch(name)) and int(year[1]) in YEARS)]
