"""Amounts as tables write them: a number in a currency (``$1,200``, ``1 200 €``, ``USD 12``, ``-$5``), accounting's
``(4.50)``, and the text of a number in its column's unit.

Shapes: `read_amount` reads one cell into a `Written` (its value, its currency as a unit template: ``${}`` for
``$1,200``, ``{} €`` for ``1 200 €``, whether it was in parentheses, whether its digits are grouped, whether it is
a dash in place of a number);
`column_amounts` reads a text column's cells into numbers in the one currency most of them carry, or names the
currencies of a column that writes several; `with_unit` writes a number back in its unit (``-$4.5``, ``45%``).

Sources: CSV and JSON text cells (`sources.common.tables`), a sheet's currency formats (`sources.common.xlsx_tables`
matches its symbols against `CURRENCY`), and the chart source's currency columns (`sources.charts.currencies`).

Rules: a currency is a sign or an ISO code written apart from its number (``CAD-101``, ``AUD204`` are codes, not
dollars); a column of several currencies is no measure (its amounts are neither summed nor compared); a number in
parentheses is negative only where the column's own evidence says it keeps accounts (`_accounting`), and stays no
number where that is unsure (a note's marker, a year, a standard error: ``(3)`` under ``1,005`` is not -3); an
accountant's dash (``-``, ``$ -``) is 0 only in a column that writes accounting's own marks (a dash beside its
currency, negatives in parentheses), and stays missing elsewhere (a "none", a "not applicable", a price list's
"no price"). Never a sign or a zero on a guess: a cell left unsure is
no number, and `sources.common.tables` reports it.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

# Currency signs, and the ISO codes common in exports, written before or after an amount ("$1,200", "1 200 €",
# "USD 12", "12 USD"). Abbreviations that are also words ("kr", "Fr.", "R") are left out: such a column stays text.
_CURRENCY = (r"(?:US|C|A|NZ|HK|R)\$|[$€£¥₹₩₽₺₪₫฿₦]"
             r"|(?:USD|EUR|GBP|JPY|CHF|CAD|AUD|NZD|CNY|INR|KRW|BRL|MXN|SEK|NOK|DKK|PLN|ZAR|HKD|SGD)(?![A-Za-z])")
CURRENCY = re.compile(_CURRENCY)  # a currency's sign or code, as `read_amount` knows them
_CURRENCY_BEFORE = re.compile(rf"(?:{_CURRENCY}) ?")
_CURRENCY_AFTER = re.compile(rf"(?<![A-Za-z]) ?(?:{_CURRENCY})$")
# the signs that name one currency only, by its code: "€1,200" and "EUR 900" are one currency written two ways. "$"
# and "¥" name several (a Canadian or an Australian table writes "$" for its own dollar and "USD" for the US's; "¥"
# is Japan's and China's), so beside a code they stay two currencies; so do "£" (Britain's, and Egypt's, Lebanon's,
# Syria's, Gibraltar's pound: a sheet's "[$£-809]" beside "[$£-C01]" summed pounds sterling with Egyptian pounds)
# and "C$" (Canada's dollar as often as Nicaragua's córdoba, whose sign it is)
SIGN_CODES = {"€": "EUR", "₹": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY", "₪": "ILS", "₫": "VND",
              "฿": "THB", "₦": "NGN", "US$": "USD", "A$": "AUD", "NZ$": "NZD", "HK$": "HKD", "R$": "BRL"}
# money named by a column's header: where such a column writes "(12)", it is accounting's loss of 12. Kept to
# words that are money in every table (a "Score" or "Change" in parentheses may be a note, a count or an error)
_MONEY_HEADER = re.compile(r"\b(profits?|loss(es)?|income|balances?|amounts?|earnings|cash|ebitda?|p ?& ?l|"
                           r"surplus|deficit|revenues?|expenses?|costs?)\b", re.IGNORECASE)
YEARS = (1800, 2100)  # a whole number in parentheses within these is a year noted beside a value: "(2019)"


# a dash where an amount goes: a hyphen (Excel's accounting format shows zero as "-"), an en dash, an em dash (a
# filing's nil); accounting's zero only on its column's own evidence (`column_amounts`)
DASHES = ("-", "–", "—")


class Written(NamedTuple):
    """A cell read as an amount: its value (negative where written in parentheses), its currency as a unit
    template ("${}", "{} €"; "" for none), whether it was in parentheses, whether its digits are grouped, and
    whether it is a dash in place of a number (``-``, ``$ -``: value 0, where its column says so)."""

    value: int | float
    unit: str
    parenthesised: bool
    grouped: bool
    dash: bool = False


def read_amount(text: str, decimal_mark: str = ".") -> Written | None:
    """``text`` as a `Written` amount: a number as `parse_number` reads it, with at most one currency before or
    after it (``$1,200``, ``1 200 €``: grouped by spaces as `parse_number` reads any number), a sign
    before or after the currency (``-$5``, ``$-5``) or parentheses around the number or the whole
    (``(1,200)``, ``$(4.50)``, ``($4.50)``). None for anything else, for a sign inside parentheses, and for a
    code joined to its number (``CAD-101``, ``AUD204``: a drawing or a course, not dollars) or padded with zeros.
    A dash with at most a currency (``-``, ``$ -``, ``- €``: Excel's accounting zero) is a zero that says it is a
    dash (`Written.dash`)."""
    rest, parenthesised, sign = text.strip(), False, ""
    if dash := _dash(rest):
        return dash
    if rest[:1] == "(" and rest[-1:] == ")":
        rest, parenthesised = rest[1:-1].strip(), True
    if rest[:1] in ("+", "-", MINUS):
        sign, rest = rest[0].replace(MINUS, "-"), rest[1:]
    before = after = ""
    if m := _CURRENCY_BEFORE.match(rest):
        before, rest = m[0], rest[m.end():]
        if rest[:1] in ("+", "-", MINUS) and not sign:
            sign, rest = rest[0].replace(MINUS, "-"), rest[1:]
    elif m := _CURRENCY_AFTER.search(rest):
        after, rest = m[0], rest[:m.start()]
    if rest[:1] == "(" and rest[-1:] == ")" and not parenthesised:
        rest, parenthesised = rest[1:-1].strip(), True
    if (sign and parenthesised) or not re.match(rf"[\d{re.escape(decimal_mark)}]", rest):
        return None  # "(-5)" says negative twice; "$--5", "$ (5" say nothing clear
    if before[-1:].isalpha() or after[:1].isalpha() or (before or after) and re.match(r"0\d", rest):
        return None  # a code ("CAD-101", "AUD204", "101CAD", "EUR 001"): a currency's code is written apart
    group = "," if decimal_mark == "." else "."
    mark = re.escape(decimal_mark)
    grouped = bool(re.fullmatch(rf"\d{{1,3}}(\{group}\d{{3}})+({mark}\d+)?", rest))
    if (before or after) and re.fullmatch(rf"\d{{1,3}}( \d{{3}})+({mark}\d+)?", rest):
        rest, grouped = rest.replace(" ", ""), True
    value = parse_number(rest, decimal_mark)
    if value is None:
        return None
    unit = f"{before}{{}}" if before else f"{{}}{after}" if after else ""
    return Written(-value if sign == "-" or parenthesised else value, unit, parenthesised, grouped)


def _dash(text: str) -> Written | None:
    """``text`` (stripped) as a dash in place of an amount, with at most one currency: ``-``, ``$ -``, ``- €``."""
    unit = ""
    if m := _CURRENCY_BEFORE.match(text):
        text, unit = text[m.end():], f"{m[0]}{{}}"
    elif m := _CURRENCY_AFTER.search(text):
        text, unit = text[:m.start()], f"{{}}{m[0]}"
    return Written(0, unit, False, False, True) if text.strip() in DASHES else None


def column_amounts(column: str, values: list, decimal_mark: str, enough: float) -> tuple[str, list, str]:
    """``(unit, numbers, mixed)`` of a text column's cells: the numbers (None where a cell is none), in the unit
    of the one currency half its numbers or more carry ("" where none does, and then a currency cell is no number);
    parenthesised numbers negative only where `_accounting` says so on the column's evidence (missing otherwise,
    as before); a dash (``-``, ``$ -``) zero where the column writes accounting's marks (a dash beside its
    currency, or negatives in parentheses), missing elsewhere ("none", "not applicable", "no price"). ``mixed``
    names the currencies of a column of amounts that writes several ("$ and €"): one whose amounts are ``enough``
    of its cells (a count); "" else."""
    written = [None if v is None else read_amount(v, decimal_mark) for v in values]
    cells = [None if c is None or c.dash else c for c in written]  # a dash decides neither unit nor sign
    units = [c.unit for c in cells if c is not None and c.unit]
    spellings: dict[str, str] = {}  # each currency as the column first writes it ("€" of "€12" and "EUR 9")
    for u in units:
        spellings.setdefault(currency_of_unit(u), unit_symbol(u))
    currencies = list(spellings.values())
    amounts = sum(c is not None for c in cells)
    if len(currencies) > 1 and amounts >= enough:
        return "", [None] * len(values), " and ".join(currencies)
    # the way most cells write it ("$12" over "$ 12"), where half the numbers or more carry it; a plain number
    # among them (a "0", an accounts column's "(50)" under "$1,200") is of that currency too
    unit = max(units, key=units.count) if units and 2 * len(units) >= amounts else ""
    negatives = _accounting(column, values, cells)
    numbers = [None if c is None or (c.unit and not unit) or (c.parenthesised and not negative) else c.value
               for c, negative in zip(cells, negatives)]
    # the column keeps accounts where it writes accounting's own marks: a dash beside its currency ("$ -", what
    # Excel's accounting format shows for zero) or negatives in parentheses. A currency alone is no such mark: a
    # price list's "-" is as often "no price" as "$0", so it stays missing and reported
    # (its own currency's: "$ -" among euros marks no euro accounts)
    if any(c is not None and c.dash and c.unit and currency_of_unit(c.unit) == currency_of_unit(unit)
           for c in written) or any(negatives):
        numbers = [0 if c is not None and c.dash and currency_of_unit(c.unit) in ("", currency_of_unit(unit)) else n
                   for c, n in zip(written, numbers)]
    return unit, numbers, ""


def _accounting(column: str, values: list, cells: list[Written | None]) -> list[bool]:
    """Whether each cell of a column (``cells``: its ``values`` read by `read_amount`) is accounting's negative in
    parentheses (``(1,200)`` a loss of 1200), from the column's own evidence: a currency inside them (``$(4.50)``:
    never a standard error), or, where none of them looks like a year (``(2019)``) and they do not each sit under
    another cell as a regression table's standard errors sit under its coefficients (``0.52***``), grouped digits
    in them (``(1,200)``), or a header that names money (`_MONEY_HEADER`; the only evidence where every number is
    in parentheses, as standard errors beside their coefficients are; where every other number is written as an
    amount, only for cells written as amounts too: a bare "(1)" among "$1,200"s is unsure). A currency or grouped
    digits in the other numbers only (``$1,200`` or ``1,005`` above ``(3)``) say the column holds amounts, not that
    its parentheses are signs: there a cell is a negative where it is itself written as an amount, grouped or with
    decimals (``(3.50)``), and a bare whole number below a thousand (``(3)``: a note's or a reference's marker, a count)
    stays no number. Unsure stays unsure: such cells remain no number, as they were, rather than a
    negative that may be wrong."""
    every = [c is not None and c.parenthesised for c in cells]
    none = [False] * len(cells)
    parens = [c for c, parenthesised in zip(cells, every) if parenthesised]
    if not parens:
        return none
    if any(c.unit for c in parens):
        return every
    if any(isinstance(c.value, int) and not c.grouped and YEARS[0] <= -c.value <= YEARS[1] for c in parens):
        return none
    # a regression table: each "(0.12)" right under its coefficient, a number or not ("0.52***")
    under = [i for i, parenthesised in enumerate(every) if parenthesised]
    if len(under) >= 2 and all(i > 0 and values[i - 1] is not None and not every[i - 1] for i in under):
        return none
    others = [c for c, parenthesised in zip(cells, every) if c is not None and not parenthesised]
    # amounts: a cell written as one is a loss, "(3)" is unsure (a note's marker: "(1)" under "$1,200" was -$1)
    as_amounts = [parenthesised and (c.grouped or isinstance(c.value, float)) for c, parenthesised in zip(cells, every)]
    if _MONEY_HEADER.search(column):
        # where every other number is written as an amount (its currency, grouped digits, decimals: "1200.50" of a
        # CSV export), a bare "(1)" under "$1,200" is written as none of them: a note's marker as often as a loss
        # of one dollar, so unsure
        if others and all(c.unit or c.grouped or isinstance(c.value, float) for c in others):
            return as_amounts
        return every
    if any(c.unit for c in others):  # the column writes its currency, and its parentheses none
        return every if any(c.grouped for c in parens) else as_amounts
    if not others:
        return none
    if any(c.grouped for c in parens):
        return every
    if any(c.grouped for c in others):
        return as_amounts
    return none


def unit_symbol(unit: str) -> str:
    """A unit template's currency: "$" of "${}" and of "$ {}", "€" of "{} €"."""
    return unit.replace("{}", "").strip()


def currency_of_unit(unit: str) -> str:
    """A unit template's currency as one name for its spellings: "EUR" of "€{}" and of "EUR {}" (`SIGN_CODES`),
    "$" of "${}" (a sign of several currencies), "" of ""."""
    symbol = unit_symbol(unit)
    return SIGN_CODES.get(symbol, symbol)


def with_unit(number: str, unit: str) -> str:
    """``number`` (a number's text: ``-4.5``) written with its column's ``unit``: after it (``45%``), or in a
    template's ``{}`` with the sign first, as amounts are read (``-$4.5`` for ``${}``, ``1200 €`` for ``{} €``)."""
    if "{}" not in unit:
        return number + unit
    sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
    return sign + unit.replace("{}", digits)


MINUS = "\u2212"


def parse_number(text: str, decimal_mark: str = ".") -> int | float | None:
    """``text`` as a number in its file's convention (``1,234.5`` or ``1.234,5``), or None; a whole number
    written without a decimal mark is an exact int."""
    group = "," if decimal_mark == "." else "."
    text = text.strip()
    if text[:1] == MINUS:  # typeset minus (Wikipedia's, a typesetter's): "−5.5" was no number, the column lost
        text = "-" + text[1:]
    if re.fullmatch(rf"[+-]?\d{{1,3}}(\{group}\d{{3}})+(\{decimal_mark}\d+)?", text):
        text = text.replace(group, "")
    elif re.fullmatch(rf"[+-]?\d{{1,3}}([ '’]\d{{3}})+(\{decimal_mark}\d+)?", text):
        # thousands grouped by spaces (French, SI: "1 234 567", no-break spaces as read) or apostrophes (Swiss:
        # "1'234'567"): the numbers were names, a population's bars' labels. Only the group marks go: French
        # "1 234,5" keeps its decimal comma (it was read 12345)
        text = re.sub(r"[ '’]", "", text)
    elif decimal_mark == "." and re.fullmatch(r"[+-]?\d{1,2}(,\d{2})+,\d{3}(\.\d+)?", text):
        text = text.replace(",", "")  # Indian lakhs: "1,23,45,678"
    if decimal_mark == ",":
        if "." in text:
            return None
        text = text.replace(",", ".")
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)  # exactly: a float would write 9007199254740993 as 9007199254740992
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text):
        return None  # float() would also take "nan", "inf", "1_000"
    value = float(text)
    return value if math.isfinite(value) else None
