"""Small tables that each hold one condition real files have and charts got wrong: CJK labels, dollar
signs, small decimals, repeated column names, merged and formula cells in spreadsheets, semicolons with
decimal commas, a value of another type after pyarrow's first block, line breaks in quoted fields of
files over a megabyte.
"""

from __future__ import annotations

import datetime
import io

CJK_CSV = "城市,销量\n北京,120\n上海,95\n广州,80\n"
KANA_CSV = "商品,売上\nりんご,30\nみかん,45\nバナナ,12\n"
DOLLAR_CSV = "Price band,Orders\n$0-$25,120\n$25-$50,95\n$50-$100,40\n"
SMALL_DECIMALS_CSV = "Sensor,Drift\nA,0.0021\nB,0.0034\nC,0.0008\n"
DUPLICATE_NAMES_CSV = "Team,score,score\nRed,3,5\nBlue,4,2\nGreen,6,1\n"
# German Excel's CSV export: semicolons, decimal commas, a thousands point
SEMICOLON_CSV = "Region;Umsatz;Anteil\nNord;1.234,5;0,21\nSüd;987,25;0,17\nOst;2.100,75;0,62\n"


def cp1252_csv(rows: int = 96) -> bytes:
    """A German Excel CSV export as Windows writes it (cp1252, not UTF-8), with enough umlauts to tell."""
    towns = ("Köln", "Düsseldorf", "Göttingen", "Lübeck", "Würzburg", "Gießen", "Fürth", "Nürnberg")
    lines = ["Stadt;Umsatz"] + [f"{towns[i % 8]} {i // 8};{100 + i},{i % 10}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode("cp1252")


def late_text_csv(rows: int = 120_000) -> bytes:
    """A numeric ``Reading`` column with one ``unknown`` far past pyarrow's first 1 MB block."""
    lines = ["Station,Reading,Flow"] + [f"S{i % 7},{i % 97},{(i * 13) % 89}" for i in range(rows)]
    lines.insert(rows - 5, "S3,unknown,5")
    return ("\n".join(lines) + "\n").encode()


def multiline_csv(rows: int = 30_000) -> bytes:
    """Over 1 MB, every ``Note`` a quoted field with a line break inside."""
    lines = ["Shop,Sales,Note,Visits"] + [f'S{i % 5},{i % 50},"opened late\nclosed early, {i}",{i % 30}'
                                          for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def multiline_captions_csv(rows: int = 25_000) -> bytes:
    """A caption table over 1 MB whose captions hold line breaks (as many scraped alt texts do)."""
    lines = ["image,caption"] + [f'images/missing_{i}.png,"A photo of item {i}\non a wooden table, seen from above"'
                                 for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def merged_xlsx() -> bytes:
    """A sheet with a title row merged across the table, and each region merged down its quarters."""
    book, sheet = _workbook("sales")
    sheet.append(["Sales by region, 2024"])
    sheet.merge_cells("A1:C1")
    sheet.append(["Region", "Quarter", "Sales"])
    for region, sales in (("North", (10, 12, 14)), ("South", (7, 8, 9))):
        first = sheet.max_row + 1
        for quarter, value in zip(("Q1", "Q2", "Q3"), sales):
            sheet.append([region, quarter, value])
        sheet.merge_cells(f"A{first}:A{first + 2}")
    return _save(book)


def formula_xlsx() -> bytes:
    """``Total`` is a formula column written without stored results (as openpyxl and many scripts write)."""
    book, sheet = _workbook("costs")
    sheet.append(["Item", "Parts", "Labour", "Total"])
    for row, (item, parts, labour) in enumerate((("Desk", 120, 80), ("Chair", 45, 30), ("Shelf", 60, 25)), 2):
        sheet.append([item, parts, labour, f"=B{row}+C{row}"])
    return _save(book)


def duplicate_names_xlsx() -> bytes:
    book, sheet = _workbook("teams")
    for row in DUPLICATE_NAMES_CSV.splitlines():
        sheet.append([int(v) if v.isdigit() else v for v in row.split(",")])
    return _save(book)


def _workbook(title: str):
    """A new workbook with one sheet named ``title``, dated so the same call gives the same bytes."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    book.properties.created = book.properties.modified = datetime.datetime(2024, 1, 1)
    return book, sheet


def _save(book) -> bytes:
    from samples.make_samples import fixed_zip_dates

    buf = io.BytesIO()
    book.save(buf)
    return fixed_zip_dates(buf.getvalue())
