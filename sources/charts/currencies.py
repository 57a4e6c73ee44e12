"""Amounts whose currency a column of its own names (date, region, currency, amount: USD 100, EUR 90): charted
one currency at a time.

Such amounts are bare numbers, so every sum across rows added dollars to euros: "North 200" of USD 100, EUR 90
and USD 10; a pie split a sum of mixed money; a line by date summed it (payment exports write it so: Stripe's
``amount,currency`` with ``usd``, a ledger's ``Date,Description,Category,Amount,Type,Currency``). A table with
such a column (`currency_columns`: its values mostly currencies, two or more of them) is split
(`split_currencies`): its money measures (`is_money`) are charted from one currency's rows at a time, named and
written in that currency ("amount (USD)"; a unit, "USD {}", as a column of "USD 12" cells is read), the rows of
other currencies said in meta; its other measures (a country's population beside its currency) from the whole
table, as before. Where two columns name currencies (Stripe's Currency and Converted Currency: Amount is in the
first, Fee in the second), nothing tells whose each amount is, and no money is charted. This is the one place
where every chart of the table (its rows, its one-year slice, its pivots, its totals) takes its measures from,
so no later sum can mix currencies.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from collections import Counter

from sources.charts.keys import measures
from sources.charts.specs import listed
from sources.common.amounts import CURRENCY
from sources.common.tables import Column, DataTable

MOSTLY = 0.8  # the share of a column's values that must be currencies for it to be a currency column
MAX_CURRENCIES = 4  # currencies charted, those of the most rows first: each adds a table of charts
# a header that names the column as the currency, whatever codes it holds ("RUB", "TRY": codes that
# `CURRENCY` does not know, but that such a column names)
_CURRENCY_HEADER = {"currency", "currencies", "ccy", "curr", "cur", "currencycode", "währung", "waehrung",
                    "devise", "moneda", "valuta", "divisa"}
# a currency named in a measure's header, apart from other letters ("GDP (current US$)", "price_eur")
_HEADER_CURRENCY = re.compile(rf"(?<![A-Z])(?:{CURRENCY.pattern})")
# a measure so named is money ("unit price" too: such a word wins over a count's) ...
_MONEY_WORDS = {"amount", "amounts", "price", "prices", "cost", "costs", "revenue", "revenues", "sales", "balance",
                "balances", "income", "gdp", "gnp", "salary", "salaries", "wage", "wages", "fee", "fees", "pay",
                "payment", "payments", "paid", "spend", "spending", "spent", "budget", "budgets", "profit", "profits",
                "loss", "losses", "earnings", "expense", "expenses", "debit", "credit", "tax", "taxes", "charge",
                "charges", "subtotal", "turnover", "capital", "cash", "assets", "liabilities", "debt", "rent",
                "bonus", "fare", "fares", "tip", "tips", "shipping", "refund", "refunds", "refunded", "discount",
                "discounts", "dues", "proceeds", "payout", "payouts", "deposit", "deposits",
                "withdrawal", "withdrawals", "dividend", "dividends", "payroll", "donation", "donations", "ebit",
                "ebitda", "gmv", "mrr", "aov",  # an order export's, a bank's, a P&L's, a SaaS report's
                "paiement", "paiements", "betrag", "preis", "umsatz", "kosten", "gewinn", "verlust", "gehalt", "lohn",
                "einnahmen", "ausgaben", "miete", "montant", "prix", "coût", "coûts", "cout", "couts", "dépenses",
                "depenses", "recettes", "salaire", "loyer", "importe", "precio", "costo", "costos", "coste", "gastos",
                "ingresos", "saldo", "pago", "pagos", "sueldo"}
# ... one so named is a count or a quantity of no currency, even beside a word that qualifies money and counts
# alike (World Bank's "Population, total"; "net migration"); a measure named by neither is money only where its
# header is a ledger's sum or a period (`_SUM_WORDS`, "2023"), and unknown otherwise ("tickets" was charted and
# answered as "USD 3")
# a SaaS or telecom report's money per user, account or customer: average revenue, lifetime value, acquisition
# cost ("ARPU" was refused as naming nothing that tells money from a count), money where the header names nothing
# else (`_PER_USER_WORDS`: "Monthly ARPU", "Blended CAC"): beside another word it heads a ratio or a count of them
# ("LTV/CAC" 3.2, "CAC payback (months)" 14 were charted "USD 3.2", "USD 14"). Not "LTV": a mortgage book's
# loan-to-value ratio (80, 95) as often
_PER_USER_MONEY = {"arpu", "arppu", "arpa", "clv", "cac"}
_PER_USER_WORDS = {"avg", "average", "mean", "median", "monthly", "annual", "yearly", "quarterly", "weekly", "daily",
                   "blended", "paid", "net", "gross", "total", "per", "month", "year", "quarter", "week", "day",
                   "user", "customer", "account", "mo", "yr"}
_NOT_MONEY_WORDS = {"population", "pop", "people", "persons", "inhabitants", "count", "counts", "quantity",
                    "quantities", "qty", "units", "number", "items", "employees", "headcount", "staff",
                    "visitors", "visits", "users", "customers", "area", "rate", "rates", "ratio", "percent",
                    "percentage", "pct", "percentile", "share", "age", "score", "rating", "weight", "height", "length",
                    "distance", "km", "kg", "hours", "days", "minutes", "duration", "temperature", "volume",
                    "votes", "seats", "members", "students", "density", "growth", "index", "migration",
                    "n", "no", "nr", "num", "cnt", "freq", "frequency", "obs", "observations", "tally", "orders",
                    "transactions", "pieces", "pcs", "tickets", "bookings", "reservations", "nights", "guests",
                    "passengers", "trips", "rides", "downloads", "installs", "views", "pageviews", "clicks",
                    "impressions", "sessions", "calls", "sold", "shipments", "deliveries", "patients", "cases",
                    "deaths", "births", "vehicles", "rooms", "beds", "likes", "followers", "subscribers",
                    # the counts of the languages whose money words are above
                    "anzahl", "menge", "stück", "stueck", "stk", "einwohner", "bevölkerung", "quantité", "quantite",
                    "habitants", "unités", "unites", "cantidad", "unidades", "población", "poblacion", "habitantes"}
# what a ledger calls its sums beside its amounts ("Total", "Net value", "Grand total"): money where nothing says count
_SUM_WORDS = {"total", "totals", "sum", "sums", "value", "values", "net", "gross", "grand", "gesamt", "insgesamt",
              "summe", "netto", "brutto", "wert", "somme", "valeur", "valor",
              # and a period's, as a wide table of amounts heads its columns ("Q1 2023", "FY2023", "Jan", "YTD";
              # a quarter's or a half's letter only with its number, `_PERIOD_PART`: "Q" alone is a quantity)
              "fy", "cy", "ytd", "qtd", "mtd", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
              "sept", "oct", "nov", "dec", "january", "february", "march", "april", "june", "july", "august",
              "september", "october", "november", "december"}
_PERIOD_PART = re.compile(r"(?<![A-Za-z])[QHqh][1-4](?![A-Za-z0-9])")  # "Q1 2023", "2023-Q1", "2023Q4", "H1"
# a count of money's things: its count word heads the measure, the money word names what it counts ("Number of
# payments", "# of fees", Excel pivot's "Count of Amount", "paymentCount", "Sales (units)", "Nombre de paiements");
# read in the header before any "per" or "/", where such a word qualifies a price ("Price per 100 units", "Price/kg")
_COUNT_HEADS = {"count", "counts", "number", "num", "cnt", "qty", "quantity", "quantities", "units", "anzahl", "menge",
                "cantidad", "quantité", "quantite", "quantités", "quantites", "nombre", "número", "numero"}
# ... and one that measures money without being an amount of it, a rate, a growth, an index, a score ("Tax rate",
# "GDP growth (annual %)", "Price index", "Credit score", "Payment days", "Sales (%)"): no money either
_OF_MONEY = {"rate", "rates", "ratio", "percent", "percentage", "pct", "percentile", "growth", "index", "score",
             "rating", "weight", "height", "length", "distance", "km", "kg", "temperature", "age", "density",
             "duration", "hours", "days", "minutes"}
# ... or a count's abbreviation that opens it ("n_payments", "N payments", "No. of fees", "nb_paiements"), or its sign
_COUNT_OPENS = re.compile(r"\s*(?:(?:n|nb|nbr|nr)[._\s]|no[._])|.*[#№]", re.IGNORECASE)
# a header that names nothing ("column 4": a blank one, "col3", pandas' "Unnamed: 3", "field_3", "3"): nothing
# tells money from a count, so such a measure is neither charted in a currency nor summed over all of them
_NAMELESS = re.compile(r"(?:column|col|unnamed|field|var|variable|untitled)?[\s_:.-]*\d{0,3}", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class CurrencyPart:
    """One currency's rows of a split table: ``currency`` as the column writes it ("USD", "€"), ``table``
    its rows with the money measures only (in that currency's unit), ``notes`` the rows it leaves out, said."""

    currency: str
    table: DataTable
    notes: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class CurrencySplit:
    """``column``: the currency column's name; ``rest``: the table without its money measures (charted whole);
    ``parts``: a `CurrencyPart` for each currency charted; ``money``: the money measures' names; ``left_out``:
    what of the money is not charted and why (currencies of too few rows, past `MAX_CURRENCIES`; two currency
    columns), a reject's detail, empty where all is charted."""

    column: str
    rest: DataTable
    parts: tuple[CurrencyPart, ...]
    money: tuple[str, ...]
    left_out: tuple[str, ...] = ()


def _words(name: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"[A-Z]?[a-zà-ÿß]+|[A-Z]+(?![a-z])", name)]


def _currency_of(text: str) -> str | None:
    """The currency a cell names by itself: a code or sign ("USD", "usd", "€", "US$"), upper-cased, or a name
    (`_currency_names`: "US Dollar", "euros", "Pound Sterling") as its ISO code ("USD", "EUR", "GBP"); None for
    other text."""
    code = text.strip().upper()
    if CURRENCY.fullmatch(code):
        return code
    return _currency_names().get(_plain(text))


def _plain(text: str) -> str:
    """A currency's name as `_currency_names` keys it: case-folded, single-spaced, without dots ("U.S. Dollars"
    is "us dollars", "St. Helena Pound" "st helena pound")."""
    return " ".join(text.replace(".", "").split()).casefold()


# ISO 4217's own names where CLDR's English differs (CLDR: "British Pound", "Chinese Yuan"): a closed table, as
# babel carries no ISO names
_ISO_NAMES = {"pound sterling": "GBP", "pounds sterling": "GBP", "sterling": "GBP", "yuan renminbi": "CNY",
              "renminbi": "CNY"}
# the day whose legal tender names count: fixed, so a build repeats (babel's version is pinned too)
_TENDER_ON = datetime.date(2025, 1, 1)


@functools.cache
def _currency_names() -> dict[str, str]:
    """ISO code by case-folded English name of each currency some territory tendered on `_TENDER_ON`, in babel's
    CLDR data, singular and plural ("us dollar", "us dollars", "euro", "euros", "japanese yen"), and by ISO 4217's
    name where it differs (`_ISO_NAMES`). A bank or payment export spells the currency out as often as it codes it.
    Currencies of the past and metals are left out: "Sucre" is a city, "Gold" a medal."""
    from babel.core import get_global
    from babel.numbers import get_currency_name, get_territory_currencies

    codes = {code for territory in get_global("territory_currencies")
             for code in get_territory_currencies(territory, _TENDER_ON, tender=True)}
    names = dict(_ISO_NAMES)
    for code in sorted(codes):
        for count in (None, 1, 2):  # the display name ("US Dollar"), one ("US dollar"), several ("US dollars")
            names.setdefault(_plain(get_currency_name(code, count, "en")), code)
    return names


def _names_a_currency(header: str) -> bool:
    """Whether a header spells a currency's name out among its words ("Price (US Dollar)", "revenue_in_euros")."""
    words = f" {' '.join(_words(header.replace('.', '')))} "
    return any(f" {name} " in words for name in _spelled_names())


@functools.cache
def _currency_nouns() -> frozenset[str]:
    """The last words of `_currency_names` ("dollar", "dollars", "francs", "rand", "real", "won"): what a currency
    column may write for its currency ("Rand", "dollars") where its header says it names currencies."""
    return frozenset(name.split()[-1] for name in _currency_names()) - {"gold"}  # Zimbabwe's; alone, a medal


# the nouns of `_currency_nouns` that a header writes as a currency and as nothing else ("Price in dollars");
# "pound", "real", "mark", "won", "rand", "sol" are words too ("price per pound", "real GDP", "exam mark")
_HEADER_NOUNS = {"dollar", "dollars", "franc", "francs", "yen", "yuan", "peso", "pesos", "rupee", "rupees", "rupiah",
                 "ruble", "rubles", "rouble", "roubles", "krona", "kronor", "krone", "kroner", "zloty", "zlotys",
                 "forint", "forints", "koruna", "lira", "lire", "shekel", "shekels", "dinar", "dinars", "dirham",
                 "dirhams", "riyal", "riyals", "rial", "rials", "ringgit", "baht", "naira", "hryvnia", "rubel"}


# ISO 4217's codes that are also words or other things' names in capitals ("ALL", "TOP", "PHP", "CVE", "SDG": the UN's
# goals; "IRR": a rate of return)
_CODE_WORDS = {"ALL", "TOP", "CUP", "PEN", "MAD", "GEL", "BAM", "BOB", "MOP", "SOS", "PHP", "RON", "NAD", "ERN", "CVE",
               "SDG", "SCR", "NPR", "IRR"}


def _names_a_code(header: str) -> bool:
    """Whether a header writes a currency's ISO code in capitals, apart from other capitals ("Price (AED)",
    "amountRUB", "Revenue RMB"): every code in use (`_currency_names`), not only those `CURRENCY` reads in cells."""
    codes = (set(_currency_names().values()) | {"RMB"}) - _CODE_WORDS
    return any(code in codes for code in re.findall(r"(?<![A-Z])[A-Z]{3}(?![A-Za-z])", header))


def _last_word(text: str) -> str:
    return (_plain(text).split() or [""])[-1]


# the nouns that are words too ("price per pound", "real GDP", "exam marks") and "Rs", "kr": a currency where a money
# header writes one alone in parentheses or after "in" ("Price (pounds)", "Cost in Rs.", "Amount (kr)"), before the
# header ends or qualifies it ("Amount in Rs. lakhs", "Price in pounds per kg", "Fee (kr, excl. VAT)"). Brazil's is
# "reais"; "real" alone is the economist's, adjusted for prices ("GDP (real)"), money in its row's currency
_AMBIGUOUS_NOUN = re.compile(r"(?:\(\s*|\bin\s+)(pounds?|reais|reals|rands?|marks?|won|sol(?:es)?|rs\.?|kr\.?|"
                             # and the local signs of several letters that no code or sign reads (rupiah, forint,
                             # złoty, koruna, leu, Swiss franc: "Fr." with its dot, "(FR)" is France; rand, taka,
                             # Taiwan's dollar)
                             r"rp\.?|ft\.?|zł|kč|lei|sfr\.?|fr\.|r|tk\.?|nt\$)(?=\s*(?:"
                             r"[),;/]|$|(?:per|in|lakhs?|crores?|thousands?|millions?|billions?|mn|bn|m|k)\b))",
                             re.IGNORECASE)


# the nouns of `_AMBIGUOUS_NOUN` that, where it reads them as a currency, name one currency only: "Revenue (won)" is
# in South Korea's won (North Korea's trades in no table of money), its own currency as "Revenue (KRW)" is
_ONE_CURRENCY_NOUNS = {"won": "KRW"}


def _head(header: str) -> str:
    """A header before any "per" or "/", what it measures ("Cost" of "Cost per 100 units", "cost_per_unit")."""
    return re.split(r"(?i)(?<![^\W_])per(?![^\W_])|/", header)[0]


def _currency_noun(header: str) -> str:
    """The currency noun a header writes without saying which currency it is ("Price in dollars": US, Canadian or
    Australian?; "Amount (francs)"; "Price (pounds)" where the header names money), where it spells no currency out
    (`_names_a_currency`); "" for none."""
    if _names_a_currency(header):
        return ""
    if (m := _AMBIGUOUS_NOUN.search(header)) and set(_words(header)) & _MONEY_WORDS and not set(
            _words(_head(header))) & _OF_MONEY:  # "Shipping weight (pounds)": a weight
        return m[1].rstrip(".")  # as the header writes it: "Rs", "pounds", "NT$"
    return next((w for w in _words(header) if w in _HEADER_NOUNS), "")


@functools.cache
def _spelled_names() -> frozenset[str]:
    """`_currency_names` as words, as `_names_a_currency` reads a header ("st helena pound")."""
    return frozenset(" ".join(_words(name)) for name in _currency_names())


def currency_columns(table: DataTable) -> list[Column]:
    """The categorical columns of ``table`` that name currencies: `MOSTLY` of their values a currency's code,
    sign (`sources.common.amounts.CURRENCY`) or name (`_currency_names`), or a currency's noun ("dollars") beside
    them; or, under a header naming a currency, three-letter codes (ISO 4217's form) or currencies' nouns ("Rand"),
    or two known currencies or more among other values ("N/A"); in the table's order; one currency or more. A price
    level ("$", "$$") is none."""
    found = []
    for column in table.of_kind("categorical"):
        present = [v.strip() for v in column.values if isinstance(v, str) and v.strip()]
        if not present or any(re.fullmatch(r"(.)\1+", v) and CURRENCY.fullmatch(v[0]) for v in present):
            continue  # a price level ("$", "$$", "$$$": Yelp's), no currency: its "$" rows' counts were "$10"
        known = sum(_currency_of(v) is not None for v in present)
        if known:  # "dollars" beside "euros": a currency too, if not which (a "Real" beside "Fake" is none)
            known += sum(_currency_of(v) is None and _last_word(v) in _currency_nouns() for v in present)
        named = bool(set(_words(column.name)) & _CURRENCY_HEADER) or column.name.strip().casefold() in _CURRENCY_HEADER
        # under such a header a currency written as a word ("Rand", "dollars", "U.S. dollars" of CLDR's "US Dollar")
        # is one too: unknown, its rows are charted in no currency, but they are never summed with the others'
        coded = all(re.fullmatch(r"[A-Za-z]{3}", v) or _currency_of(v) or _last_word(v) in _currency_nouns()
                    for v in present)
        # and two currencies known under it are a mix whatever else it holds ("N/A", "Unknown": no currency)
        several = len({_currency_of(v) for v in present} - {None}) >= 2
        if known >= MOSTLY * len(present) or named and (coded or several):
            found.append(column)
    return found


def _mixed(column: Column) -> bool:
    """Whether a currency column names two currencies or more (one currency is no mix: its amounts add up;
    "USD" and "US Dollar" are one)."""
    return len({_currency_of(v) or v.strip().upper() for v in column.values if isinstance(v, str) and v.strip()}) >= 2


def is_money(column: Column) -> bool | None:
    """Whether a measure beside a currency column is money in its currency: not where it writes its own unit
    (a percentage, or a currency of its own in each cell or in its header); yes where its header names money
    (amount, price, GDP...); no where it names a count or a quantity (population, units, n, "#"...); None, unknown,
    where its header names nothing (`_NAMELESS`: "column 4", "col3"); yes where it names a ledger's sum or a period
    and nothing else ("total", "net value", "2023", "Q1 2023"); None where it names something that tells neither
    ("KPI", "Q"): charted in a currency a count would be written as money. A count of money's things is
    a count ("Number of payments", "paymentCount": `_COUNT_HEADS`, `_COUNT_OPENS`)."""
    if column.unit or _HEADER_CURRENCY.search(column.name.upper()) or _names_a_currency(column.name) or any(
            CURRENCY.fullmatch(w.upper()) for w in _words(column.name)) or _names_a_code(column.name):
        return False  # "GDP (current US$)", "fee_usd", "Price (US Dollar)": its currency, every row's the same
    if column.name.strip() in ("#", "№"):
        return False  # the count's own sign
    if _currency_noun(column.name).casefold() in _ONE_CURRENCY_NOUNS:
        return False  # "Revenue (won)": its own currency, as "Revenue (KRW)"
    if _currency_noun(column.name):
        return None  # "Price in dollars": in a currency of its own, but which? Charted in the column's, "EUR 10"
    if _NAMELESS.fullmatch(column.name.strip()):
        return None
    words = set(_words(column.name))
    head = _head(column.name)
    if words & _MONEY_WORDS and (set(_words(head)) & (_COUNT_HEADS | _OF_MONEY) or _COUNT_OPENS.match(head) or
                                 "%" in head):
        return False  # "Number of payments", "Tax rate": no amount, "USD 3" was written of three payments
    # "Bookings value", "Orders value": the value of counted things is money (its count word summed North's USD 100
    # and EUR 90 as "190"); an index's or a rate's is not
    named = _words(head)
    if named and named[-1] in ("value", "values", "worth") and not set(named) & (_COUNT_HEADS | _OF_MONEY):
        return True
    if words & _PER_USER_MONEY and words <= _PER_USER_MONEY | _PER_USER_WORDS and not set(_words(
            re.sub(r"(?i)arpu|arppu|arpa|clv|cac", " ", column.name))) - _PER_USER_WORDS and not re.search(
            r"(?i)\bcac\W*40\b", column.name):  # the CAC 40, Paris's index: points
        return True  # "ARPU", "Monthly ARPU", "CAC per customer"; not "LTV/CAC", "CAC payback (months)"
    if words & _MONEY_WORDS or not words & _NOT_MONEY_WORDS and set(_words(_PERIOD_PART.sub(" ", column.name))) <= \
            _SUM_WORDS:
        return True  # no words at all: a period ("2023", "2023-Q1"), as a wide table of amounts heads its columns
    return False if words & _NOT_MONEY_WORDS else None


def split_currencies(table: DataTable) -> CurrencySplit | None:
    """``table`` split by its currency column (`currency_columns`, one of two currencies or more), or None where
    it has none or no money measure (nor one whose header names nothing) beside it; where two columns name
    currencies, no money is charted (which is whose?). Each currency of two rows or more (the `MAX_CURRENCIES` of
    the most rows) is a part: its rows, with the table's columns but the other measures and the currency column,
    each money measure named and written in the currency ("amount (USD)", unit "USD {}" for a code, "${}" for a
    sign: as a "USD 12" or "$12" cell is read). Rows with no currency or text that is none have money of no known
    currency: in no part, and said. A measure whose header names nothing (`is_money` None: "column 4", "col3") is
    in no part and not in ``rest`` either, and said: charted in a currency a count was written as money ("USD 3"),
    charted whole money was summed across currencies."""
    named = currency_columns(table)
    kinds = [(c, is_money(c)) for c in measures(table)]
    money = [c for c, kind in kinds if kind]
    nameless = [c for c, kind in kinds if kind is None]
    if not any(_mixed(c) for c in named) or not money and not nameless:
        return None
    moneyed = {id(c) for c in money}  # by identity: two columns of equal values are still two
    measured = {id(c) for c in measures(table)}
    kept_out = moneyed | {id(c) for c in nameless}
    rest = dataclasses.replace(table, columns=[c for c in table.columns if id(c) not in kept_out])
    names = listed([m.name for m in money]) if money else ""
    unsure = [c for c in nameless if _currency_noun(c.name)]
    nameless = [c for c in nameless if not _currency_noun(c.name)]
    unsaid = [_nameless_note(nameless, named)] if nameless else []
    unsaid += [f"column {c.name!r} is in {_currency_noun(c.name)}, but not said which (the currency column "
               f"{named[0].name!r} names others): charted in a row's currency it would be written in one its header "
               f"denies, charted whole amounts in different currencies would be summed, so it is not charted"
               for c in unsure]
    if len(named) > 1:  # Stripe's Currency beside Converted Currency: its Fee is in the second, Amount in the first
        both = [f"columns {listed([repr(c.name) for c in named])} name currencies, and nothing tells which names "
                f"that of {names}: amounts in different currencies are neither summed nor compared, so none is charted"]
        return CurrencySplit(named[0].name, rest, (), tuple(m.name for m in money), tuple(both[:bool(money)] + unsaid))
    column = named[0]
    if not money:
        return CurrencySplit(column.name, rest, (), (), tuple(unsaid))
    codes = [None if not isinstance(v, str) or not v.strip() else v.strip().upper() for v in column.values]
    if not all(re.fullmatch(r"[A-Z]{3}", c) for c in codes if c is not None):
        codes = [c if c is None else _currency_of(c) for c in codes]  # signs, names: as codes, those known
    counts = Counter(c for c in codes if c is not None)
    ranked = sorted(counts, key=lambda c: -counts[c])  # most rows first, ties in order of appearance
    charted = [c for c in ranked if counts[c] >= 2][:MAX_CURRENCIES]
    unknown = sum(c is None for c in codes)
    parts = []
    for code in charted:
        rows = [i for i, c in enumerate(codes) if c == code]
        unit = f"{code} {{}}" if code[:1].isalpha() else f"{code}{{}}"
        # named for its currency too, so a question asks of what the chart draws ("the highest amount (USD)")
        columns = [dataclasses.replace(c, values=[c.values[i] for i in rows], name=f"{c.name} ({code})", unit=unit)
                   if id(c) in moneyed else dataclasses.replace(c, values=[c.values[i] for i in rows])
                   for c in table.columns if c is not column and (id(c) in moneyed or id(c) not in measured)]
        others = [c for c in ranked if c != code]
        notes = []
        if others:
            notes.append(f"{_rows(sum(counts[c] for c in others))} in other currencies ({', '.join(others)}): column "
                         f"{column.name!r} names the currency of {names}, and amounts in different currencies are "
                         f"neither summed nor compared; the charts show the rows in {code}")
        if unknown:
            notes.append(f"{_rows(unknown)} whose {column.name!r} names no currency known: their {names} in no "
                         f"chart")
        parts.append(CurrencyPart(code, DataTable(table.name, columns), tuple(notes)))
    left_out = [f"{c}: {_rows(counts[c])}, fewer than 2 to chart" for c in ranked if counts[c] < 2]
    left_out += [f"{c}: {_rows(counts[c])}, past the {MAX_CURRENCIES} currencies of the most rows" for c in ranked
                 if counts[c] >= 2 and c not in charted]
    if left_out:
        left_out = [f"column {column.name!r} names the currency of {names}; amounts in different currencies are "
                    f"neither summed nor compared, and these are not charted: {'; '.join(left_out)}"]
    if unknown and not parts:  # the others' rows say theirs: here no chart would
        left_out.append(f"{_rows(unknown)} whose {column.name!r} names no currency known: their {names} in no chart")
    return CurrencySplit(column.name, rest, tuple(parts), tuple(m.name for m in money), tuple(left_out + unsaid))


def _nameless_note(nameless: list[Column], named: list[Column]) -> str:
    """Why the measures ``nameless`` (`is_money` None) beside the currency columns ``named`` are not charted."""
    one = len(nameless) == 1
    where = (f"the currency column {named[0].name!r} names" if len(named) == 1 else
             f"the currency columns {listed([repr(c.name) for c in named])} name")
    return (f"column{'' if one else 's'} {listed([repr(c.name) for c in nameless])} name{'s' if one else ''} nothing "
            f"that tells whether {'it is' if one else 'they are'} money in {where} or a count, so "
            f"{'it is' if one else 'they are'} not charted: as money a count would be written in a currency, as a "
            f"count amounts in different currencies would be summed")


def _rows(n: int) -> str:
    return f"{n} row{'' if n == 1 else 's'}"
