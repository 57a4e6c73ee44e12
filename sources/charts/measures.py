"""Whether a measure's rows are parts of one whole (sales, votes, an amount: summed, drawn as a pie or as stacks) or
each a level, rate, ratio, average or unit price of its own row (a score, "Preis", "价格": their sum is no quantity,
so a row's "share of the total" is none either).

Signs no language owns decide first: a percent or per-mille sign, a "/" between words ("Price/kg", "€/Stück"), an
average's "Ø"; then the header's words against a small table of the words for such measures in the languages
tables are written in (English, German, French, Spanish, Italian, Portuguese, Dutch, Nordic, Polish/Czech,
Russian; a word that is also English, German "Quote", only where the header reads in its language), German
compounds by their heads ("Stückpreis", "Arbeitslosenquote"), and Chinese, Japanese and Korean
by the characters that make such a word (率 a rate, 均 an average, 价 a price). A name none of them matches adds up:
a refused pie of "Betrag" or "Umsatz" is a lost chart. A word of a level before a count that ends the header names
what is counted ("Age group count", "Level 1 sales" add up; "Average sales" does not). A stock ("Balance",
"Kontostand", "Bestand", `a_stock`) adds up over one moment's parts, never over moments (`sources.charts.specs`).
"""

from __future__ import annotations

import re

# the words of a level, rate, ratio, average, price or ranking, lower case (casefolded), by language; none that is
# also a common English word for a quantity that adds up (Italian "media", an average, is English "Media" spend)
_NOT_ADDING_UP = frozenset({
    # English
    "score", "scores", "rating", "ratings", "rate", "rates", "ratio", "ratios", "average", "averages", "avg", "mean",
    "median", "price", "prices", "temperature", "temperatures", "temp", "age", "index", "density", "speed",
    "growth", "margin", "yield", "probability", "accuracy", "precision", "recall", "f1", "gpa", "grade", "grades",
    "percentile", "rank", "ranking", "bmi", "height", "elevation", "altitude", "pct", "percent",
    "percentage", "latency", "humidity", "level", "capita", "mpg", "efficiency", "inflation", "cpi", "roi", "ctr",
    "nps", "satisfaction", "occupancy", "utilization", "utilisation",
    # a statistic of each row's values: two stations' minimum and maximum stacked made a bar of no quantity
    "minimum", "maximum", "std", "stdev", "stddev", "sd", "deviation", "variance",
    # German
    "preis", "preise", "kurs", "durchschnitt", "durchschn", "mittelwert", "quote", "temperatur", "alter", "note",
    "noten", "bewertung", "punktzahl", "dichte", "geschwindigkeit", "wachstum", "rendite", "zinssatz", "prozent",
    "standardabweichung", "varianz", "luftfeuchtigkeit", "feuchtigkeit", "wirkungsgrad", "effizienz", "genauigkeit",
    "wahrscheinlichkeit", "zufriedenheit", "verhältnis", "prozentsatz", "auslastung", "puls", "herzfrequenz",
    "niveau", "pegel", "pegelstand", "wasserstand", "füllstand", "zählerstand",
    # French
    "prix", "taux", "moyenne", "moyen", "médiane", "température", "âge", "indice", "densité", "vitesse",
    "croissance", "marge", "rendement", "pourcentage", "unitaire", "classement", "rang", "nivel", "livello", "nível",
    # Spanish, Italian, Portuguese
    "precio", "precios", "tasa", "promedio", "mediana", "temperatura", "edad", "nota", "índice",
    "densidad", "velocidad", "crecimiento", "margen", "rendimiento", "porcentaje", "unitario", "prezzo", "prezzi",
    "tasso", "età", "velocità", "crescita", "percentuale", "preço", "preços", "taxa", "média", "idade",
    "percentual",
    # Dutch, Nordic, Polish, Czech, Russian
    "prijs", "prijzen", "gemiddelde", "gemiddeld", "tarief", "koers", "leeftijd", "pris", "priser", "snitt",
    "genomsnitt", "gjennomsnitt", "ålder", "alder", "cena", "ceny", "średnia", "průměr", "цена", "цены", "средний",
    "средняя", "среднее", "ставка", "курс", "возраст", "температура", "индекс", "рейтинг", "poziom", "úroveň",
    "уровень"})
# of those, a statistic of the row's values, a percentage or a ratio, whatever it qualifies ("Average sales", "Pct
# sales", "Rate count"); the others name a thing a count may be of or a group it is of ("Age group count", "Level 1
# sales", "Price count"), as no statistic can be
_STATISTICS = frozenset({
    "average", "averages", "avg", "mean", "median", "minimum", "maximum", "std", "stdev", "stddev", "sd",
    "deviation", "variance", "pct", "percent", "percentage", "rate", "rates", "ratio", "ratios", "durchschnitt",
    "durchschn", "mittelwert", "prozent", "prozentsatz", "quote", "verhältnis", "moyenne", "moyen", "médiane",
    "pourcentage", "taux", "promedio", "mediana", "porcentaje", "tasa", "tasso", "percentuale", "média", "taxa",
    "percentual", "gemiddelde", "gemiddeld", "snitt", "genomsnitt", "gjennomsnitt", "średnia", "průměr", "средний",
    "средняя", "среднее", "ставка"})
# the last word of a header that names a count of its rows or what they sold (the head of an English noun phrase:
# "Age group count" is a count, "Level 1 sales" sales), which a thing named before it only qualifies; not "total" or
# "sum", which total the word before them ("Score total" is a total score, no part of the players' whole)
_COUNTED = frozenset({"count", "counts", "number", "numbers", "sales", "revenue", "units", "volume", "visits",
                      "visitors", "orders", "cases", "members", "students", "people"})
# a stock: a quantity held at a moment (a balance, an inventory; "Kontostand", "Bestand", "Saldo"), which adds up over
# parts at one moment (two accounts' balances) but never over moments: January's and February's balance are one
# money counted twice
_STOCKS = frozenset({
    "balance", "balances", "inventory", "inventories", "stock", "stocks", "backlog", "headcount", "holdings",
    "bestand", "bestände", "kontostand", "saldo", "salden", "guthaben", "vorrat", "vorräte", "kassenstand",
    "schuldenstand", "lagerstand", "solde", "soldes", "inventaire", "encours", "existencias", "inventario",
    "giacenza", "giacenze", "scorte", "estoque", "estoques", "inventário", "voorraad", "voorraden", "beholdning",
    "zapas", "zapasy", "zůstatek", "zásoby", "остаток", "остатки", "запас", "запасы", "сальдо", "баланс"})
_STOCK_ENDS = ("bestand", "bestände", "saldo", "kontostand", "kassenstand", "vorrat", "voorraad")  # "Lagerbestand"
# a stock's word beside one of these names what flowed in or out of it over a period ("Stock sold", "Inventory added",
# "Balance change", "Trade balance", "Wanderungssaldo", "Saldo migratorio"), which adds up over periods as sales do;
# "in" and "out" only as the last word ("Stock in"; "Balance in EUR" is one)
_STOCK_MOVES = frozenset({
    "sold", "sale", "sales", "added", "addition", "additions", "purchased", "purchase", "purchases", "bought",
    "received", "receipts", "used", "consumed", "consumption", "change", "changes", "movement", "movements",
    "transfer", "transfers", "transferred", "inflow", "inflows", "outflow", "outflows", "increase", "increases",
    "decrease", "decreases", "delta", "adjustment", "adjustments", "returns", "returned", "shipped", "shipments",
    "trade", "payments", "migration", "zugang", "zugänge", "abgang", "abgänge", "veränderung", "änderung",
    "verkauf", "verkäufe", "einkauf", "einkäufe", "entnahme", "entnahmen", "variation", "variations", "entrées",
    "sorties", "achats", "ventes", "migratoire", "commercial", "variación", "ventas", "compras", "comercial",
    "migratorio", "variazione", "vendite", "acquisti", "commerciale", "variação", "migratório", "mutatie",
    "mutaties"})
_STOCK_MOVE_STARTS = ("wanderung", "handel", "außenhandel", "aussenhandel", "haushalt", "finanzierung",
                      "leistungsbilanz", "zahlungsbilanz", "migration")  # "Wanderungssaldo", "Außenhandelssaldo"
# words of a level in one language that are English words of something else, often counted ("Quote requests",
# "Alder trees", "Taxa recorded"): each a level only as the whole header ("Quote", "Note 2024"), a compound's head
# ("Arbeitslosenquote", by `_COMPOUND_ENDS`) or beside a word only its own language writes ("Quote der Frauen")
_GERMAN = frozenset({"der", "die", "das", "des", "den", "dem", "und", "nach", "von", "vom", "im", "zur", "zum",
                     "für", "bei", "mit", "gesamt", "insgesamt"})
_FRENCH = frozenset({"de", "du", "des", "la", "le", "les", "et", "par", "au", "aux"})
# (its language's words such as no English header writes, its languages as lid.176 names them)
_OTHER_LANGUAGE = {"quote": (_GERMAN, {"de"}), "note": (_GERMAN, {"de"}), "alter": (_GERMAN, {"de"}),
                   "rang": (_FRENCH, {"fr"}),
                   "taxa": (frozenset({"de", "do", "da", "dos", "das", "por", "em", "na"}), {"pt"}),
                   "alder": (frozenset({"og", "av", "på", "och", "för", "efter"}), {"da", "no", "nn", "sv"})}
LANGUAGE_SURE = 0.5  # lid.176's probability above which a header's word is taken for a word of that language
# a word's head in a German or Dutch compound ("Stückpreis", "Arbeitslosenquote", "Wachstumsrate") or its start
# ("Durchschnittsalter"); long enough that no English word ends so ("corporate" does not end in "srate")
_COMPOUND_ENDS = ("preis", "preise", "prijs", "quote", "srate", "nrate", "temperatur", "wachstum", "stückkosten",
                  "kurs", "durchschnitt", "marge")  # "Wechselkurs", "Jahresdurchschnitt", "Bruttomarge"
_COMPOUND_STARTS = ("durchschnitt", "mittelwert", "gemiddeld", "median")  # "Medianeinkommen"
# a price quote's names, each a whole header (a stock's daily table: Open, High, Low, Close, Volume): prices of one
# share, no parts of a whole; as words in a longer name ("High school enrolment") they say nothing
_QUOTES = frozenset({("open",), ("high",), ("low",), ("close",), ("adj", "close"), ("adjusted", "close"), ("last",),
                     ("eröffnung",), ("hoch",), ("tief",), ("schluss",), ("ouverture",), ("clôture",), ("apertura",),
                     ("cierre",), ("máximo",), ("mínimo",)})
# "Min", "Max" heading a name ("Min", "Max temp."); after it the minutes of a duration ("Duration (min)") that add up
_FIRST = frozenset({"min", "max", "mín", "máx"})
# flows an account or a trade writes as a pair: "Profit/Loss", "Import/Export", "Einnahmen/Ausgaben" are one
# amount signed either way, no ratio, as "Price/kg" and "Umsatz/Mitarbeiter" are
_FLOWS = frozenset({"profit", "loss", "losses", "gain", "gains", "import", "imports", "export", "exports", "income",
                    "expense", "expenses", "revenue", "revenues", "cost", "costs", "debit", "credit", "inflow",
                    "inflows", "outflow", "outflows", "in", "out", "surplus", "deficit", "sales", "kosten", "gewinn",
                    "verlust", "einnahmen", "ausgaben", "ertrag", "aufwand", "soll", "haben", "einfuhr", "ausfuhr",
                    "bénéfice", "perte", "ingresos", "gastos", "ganancia", "pérdida", "entrate", "uscite", "utile",
                    "perdita"})
# the words of a price, and of a total that makes one an amount ("Total price", "Gesamtpreis", "Prix total")
_PRICES = ("price", "prices", "preis", "preise", "prix", "precio", "precios", "prezzo", "prezzi", "preço", "preços",
           "prijs", "prijzen", "pris", "priser", "cena", "ceny", "цена", "цены")
_TOTALS = ("total", "totals", "gesamt", "insgesamt", "summe", "totale", "totaal", "totalt", "итого")
# what one unit costs or is worth: "Unit cost", "Unit value", "Stück Kosten"
_OF_ONE = frozenset({"cost", "costs", "value", "values", "kosten", "wert"})
# a measure "per" something, in the header's language: "Sales per employee", "Umsatz pro Kopf", "prix par kg"
PER_WORDS = frozenset({"per", "pro", "je", "par", "por"})
# Chinese, Japanese and Korean write no spaces: the characters that make a rate (率, 률/율), an average (均, 평균),
# a price (价, 價, 価, 가격, 단가), an index (指数, 지수), a temperature, an age, a score, a "per" (每, 인당), a ratio
# (价 not of 价值, a value, which adds up)
_CJK_MARKS = re.compile("率|均|[价價価](?![值値])|指[数數]|温度|気温|[气氣]温|[气氣]溫|年[龄齡齢]|[评評]分|得分|分[数數]|点数|"
                        "每|占比|比例|률|율|평균|가격|단가|지수|온도|나이|점수|인당")
# a total in those scripts ("总价", a line's total price, adds up as an amount does)
_CJK_TOTALS = ("总", "總", "合计", "合計", "累计", "累計", "합계", "총")
# signs of a level in any language: %, ‰, ‱, an average's Ø or ⌀ standing alone ("Ø Preis", not "Østlandet"),
# a "/" between words ("Price/kg", "€/Stück"; not a year's span, "Sales 2023/24")
_SIGNS = re.compile(r"[%‰‱]|(?<![^\W\d_])[Ø⌀](?![^\W\d_])|(?<!\d)/|/(?!\d)")


def adds_up(name: str, by: str = "") -> bool:
    """Whether a measure headed ``name`` is one whose rows are parts of a whole, by the signs, words and characters
    above. ``by`` names the column the rows are of: "Revenue per region" by "Region" is each region's revenue,
    which adds up, as "GDP per capita" does not; nor is a year's span a ratio ("Sales 2023/24")."""
    if _SIGNS.search(_pairs_of_flows(name)):
        return False
    words, rows_of = header_words(name), {_singular(w) for w in header_words(by)}
    words = [w for w, after in zip(words, words[1:] + [""])
             if not (w in PER_WORDS and after and _singular(after) in rows_of)]
    if PER_WORDS.intersection(words[:-1]):
        return False  # "Sales per employee", "Umsatz pro Kopf": a ratio, whatever the language
    if any(w in ("unit", "stück") and after in _OF_ONE for w, after in zip(words, words[1:])):
        return False  # "Unit cost", "Unit value": each row's cost of one ("Unit sales" are units, which add up)
    levels = [w for w in words if _a_level(w, words)]
    if levels and all(w in _PRICES or w.endswith(_PRICES) for w in levels) and any(
            w in _TOTALS or w.startswith(_TOTALS) for w in words):
        levels = []  # "Total price", "Gesamtpreis", "Prix total": a line's amount, as "总价" is
    if tuple(words) in _QUOTES or next(iter(words), "") in _FIRST or levels:
        return False
    return not (_CJK_MARKS.search(name) and not any(t in name for t in _CJK_TOTALS))


def _a_level(word: str, words: list[str]) -> bool:
    """Whether ``word`` of a header's ``words`` names a level, rate, average or price (`_NOT_ADDING_UP`, a compound's
    head or start); a word of one in another language that is English too (`_OTHER_LANGUAGE`) only where the
    header reads in that language: alone but for numbers, or beside a word only that language writes."""
    if word in _OTHER_LANGUAGE:
        others = [w for w in words if w != word and not w.isdigit()]
        return not others or _in_language(others, *_OTHER_LANGUAGE[word])
    if word != words[-1] and words[-1] in _COUNTED and word not in _STATISTICS and not word.startswith(
            _COMPOUND_STARTS):
        return False  # "Age group count", "Level 1 sales": what is counted, or the group counted in
    return word in _NOT_ADDING_UP or word.endswith(_COMPOUND_ENDS) or word.startswith(_COMPOUND_STARTS)


def _in_language(words: list[str], own: frozenset[str], languages: set[str]) -> bool:
    """Whether a header's other ``words`` read in the language of a word of it that is English too: one of them a
    word only that language writes (``own``, "der"; German letters, "Männer"), or one lid.176 (fastText's language
    id, `quality.langid`) takes surely for a word of ``languages`` ("Frauen"; not "requests", "trees")."""
    if own.intersection(words) or "de" in languages and any(set(w) & set("äöüß") for w in words):
        return True
    from quality.langid import identify

    return any(code in languages and p >= LANGUAGE_SURE for code, p in map(identify, words))


def a_stock(name: str) -> bool:
    """Whether a measure headed ``name`` is a stock: a quantity held at a moment, a balance or an inventory
    (`_STOCKS`, "Kontostand", "Lagerbestand", "Saldo"), whose rows add up over the parts of one moment (two accounts'
    balances on one day) but never over moments (`sources.charts.keys.in_time`); not what flowed in or out of one
    (`_STOCK_MOVES`: "Stock sold", "Balance change", "Trade balance", "Stock in")."""
    words = header_words(name)
    if words and words[-1] in ("in", "out") or any(w in _STOCK_MOVES or w.startswith(_STOCK_MOVE_STARTS)
                                                     for w in words):
        return False
    return any(w in _STOCKS or w.endswith(_STOCK_ENDS) for w in words)


def percent_named(name: str) -> bool:
    """Whether a measure's header says its numbers are percentages ("% of total", "Votes (%)", "Anteil in %"): a
    whole's parts only where they sum to 100, which the numbers, not the name, tell."""
    return "%" in name


def header_words(name: str) -> list[str]:
    """The words of a column's name, casefolded, in any script, camel case split ("avgRating": "avg", "rating";
    "Température": "température")."""
    return re.findall(r"[^\W_]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", name).casefold())


def _pairs_of_flows(name: str) -> str:
    """``name`` with the "/" of each pair of flows (`_FLOWS`: "Profit/Loss", "Import / Export") read as "or"."""
    return re.sub(r"([^\W\d_]+)(\s*/\s*)([^\W\d_]+)",
                  lambda m: f"{m[1]} or {m[3]}" if {m[1].casefold(), m[3].casefold()} <= _FLOWS else m[0], name)


def _singular(word: str) -> str:
    """A plural's singular, enough to match a header's "per region" to its rows' "Regions" or "Countries"."""
    return word[:-3] + "y" if word.endswith("ies") else word.removesuffix("s")
