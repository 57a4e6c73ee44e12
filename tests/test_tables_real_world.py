"""Conditions real tables have, each on a small generated input with the exact target or reject expected:
CJK labels (and text no font draws), dollar signs, small decimals, repeated column names, merged and
formula cells in spreadsheets, semicolons with decimal commas, a value of another type after pyarrow's
first block, line breaks in quoted fields of files over a megabyte (chart tables and caption tables).
"""

import datetime
import io
import os
import re
import warnings

import matplotlib
import pytest

from samples.table_maker import (CJK_CSV, DOLLAR_CSV, DUPLICATE_NAMES_CSV, KANA_CSV, SEMICOLON_CSV,
                                 SMALL_DECIMALS_CSV, cp1252_csv, duplicate_names_xlsx, formula_xlsx, late_text_csv,
                                 merged_xlsx, multiline_captions_csv, multiline_csv)
from shards import Reject, Sample
from sources.charts.code import render_code
from sources.charts.fonts import MissingGlyphs, charmap, covers
from sources.charts.read import read_table_charts
from sources.charts.specs import ChartOptions
from sources.common.tables import (ColumnIssue, CsvDialect, TableError, read_arrow, read_tables, sniff_csv,
                                   unique_names)

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei")
# CI installs a CJK font (tools/install-fonts), so there a missing one fails instead of skipping
needs_cjk_font = pytest.mark.skipif(not any(charmap(f) for f in CJK_FONTS) and not os.environ.get("CI"),
                                    reason="no CJK font installed (tools/install-fonts installs fonts-noto-cjk)")


def records(data, name, **options):
    data = data.encode() if isinstance(data, str) else data
    return list(read_table_charts(data, f"mem://{name}", ChartOptions(**options)))


def charts(data, name, **options):
    return [r for r in records(data, name, **options) if isinstance(r, Sample) and r.meta["task"] == "chart"]


def drawn_texts(code: str) -> list[tuple[str, bool]]:
    """Each non-empty text the chart code draws, with whether matplotlib parses it as math."""
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    namespace: dict = {}
    with matplotlib.rc_context():
        exec(code.replace("plt.show()", ""), namespace)
        fig = namespace["fig"]
        try:
            fig.canvas.draw()  # tick labels exist once drawn
            return [(t.get_text(), t.get_parse_math()) for t in fig.findobj(Text) if t.get_text()]
        finally:
            plt.close(fig)


CJK_TABLE = "| 城市 | 销量 |\n|---|---|\n| 北京 | 120 |\n| 上海 | 95 |\n| 广州 | 80 |"


@needs_cjk_font
def test_cjk_labels_are_drawn_by_a_cjk_font_and_read_as_in_the_targets():
    samples = [s for seed in range(3) for s in charts(CJK_CSV, "cities.csv", seed=seed, charts_per_table=4)]
    assert {s.meta["chart"] for s in samples} >= {"bar", "pie"}
    for sample in samples:
        assert sample.text == CJK_TABLE
        fonts = sample.meta["style"]["fonts"]
        assert fonts[0] == sample.meta["style"]["font"] and len(fonts) == 2
        assert all(any(covers(f, c) for f in fonts) for c in "城市销量北京上海广州")
        assert f"plt.rcParams['font.family'] = {fonts!r}" in sample.meta["code"]
        assert render_code(sample.meta["code"]) == sample.images[0]  # would raise on a missing glyph
        assert {"北京", "上海", "广州"} <= {text for text, _ in drawn_texts(sample.meta["code"])}
    [table_image] = [r for r in records(CJK_CSV, "cities.csv") if r.meta["task"] == "table_recognition"]
    assert table_image.text == CJK_TABLE


@pytest.mark.skipif(charmap("Noto Sans CJK JP") is None, reason="needs fonts-noto-cjk")
def test_kana_prefers_the_japanese_face_and_han_the_chinese_one():
    [kana] = charts(KANA_CSV, "fruit.csv", charts_per_table=1, table_image=False)
    assert kana.meta["style"]["fonts"][1:] == ["Noto Sans CJK JP"]
    [han] = charts(CJK_CSV, "cities.csv", charts_per_table=1, table_image=False)
    assert han.meta["style"]["fonts"][1:] == ["Noto Sans CJK SC"]


@pytest.mark.parametrize("fallbacks, tried", [(("DejaVu Sans",), "DejaVu Sans"),
                                              (("No Such Font",), "DejaVu Sans (not installed: No Such Font)")])
def test_text_no_installed_font_draws_is_a_reject_never_a_box(fallbacks, tried):
    out = records(CJK_CSV, "cities.csv", fallback_fonts=fallbacks, charts_per_table=4)
    assert out and all(isinstance(r, Reject) and r.reason == "unsupported:missing_glyphs" for r in out)
    [table_image] = [r for r in out if r.locator.endswith(";image")]
    assert table_image.detail == (f"no installed font draws '上' (U+4E0A CJK UNIFIED IDEOGRAPH-4E0A) in '上海'; "
                                  f"tried {tried}; tools/install-fonts installs Debian's fonts-noto-cjk")
    for chart in [r for r in out if ";chart=" in r.locator]:
        assert re.fullmatch(r"no installed font draws '上' \(U\+4E0A CJK UNIFIED IDEOGRAPH-4E0A\) in '上海'; "
                            r"tried (DejaVu Sans|DejaVu Serif|DejaVu Sans Mono|STIXGeneral).*", chart.detail)


def test_a_style_font_not_installed_is_a_reject_by_name_never_drawn_in_the_default(monkeypatch):
    # (review) a style's font missing on a CI machine: matplotlib drew every chart in DejaVu Sans without a word,
    # while the code target set font.family to the font the image was not drawn in
    import sources.charts.specs as specs

    monkeypatch.setattr(specs, "FONTS", ("No Such Chart Font",))
    out = records("city,sales\nOslo,10\nRome,20\nKyiv,15\n", "cities.csv", charts_per_table=2)
    assert [r.meta["task"] for r in out if isinstance(r, Sample)] == ["table_recognition"]  # in DejaVu Sans
    chart_records = [r for r in out if isinstance(r, Reject)]
    assert chart_records and all(";chart=" in r.locator for r in chart_records)
    assert {(r.reason, r.detail) for r in chart_records} == {(
        "error:chart:font_missing",
        "the style's font 'No Such Chart Font' is not installed (matplotlib's findfont finds no such family without "
        "falling back to its default): the chart would be drawn in DejaVu Sans while its code names 'No Such Chart "
        "Font'; install the font or leave it out of sources.charts.specs.FONTS")}


@needs_cjk_font
def test_a_cjk_font_installed_after_matplotlib_cached_its_font_list_is_found(tmp_path):
    import glob
    import json
    import subprocess
    import sys
    from pathlib import Path

    caches = glob.glob(os.path.join(matplotlib.get_cachedir(), "fontlist-v*.json"))
    if not caches:
        pytest.skip("matplotlib has no font cache here to copy")
    stale = json.loads(Path(caches[0]).read_text())  # as cached before tools/install-fonts ran
    stale["ttflist"] = [f for f in stale["ttflist"] if "CJK" not in f["name"] and "WenQuanYi" not in f["name"]]
    (tmp_path / Path(caches[0]).name).write_text(json.dumps(stale))
    code = "from sources.charts.fonts import font_list; print(font_list(['\u5317\u4eac'], 'DejaVu Sans'))"
    run = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[1], capture_output=True,
                         text=True, env={**os.environ, "MPLCONFIGDIR": str(tmp_path)}, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().startswith("['DejaVu Sans', '") and "DejaVu Sans']" not in run.stdout


def test_a_box_matplotlib_draws_anyway_fails_the_render():
    code = ("import matplotlib.pyplot as plt\nplt.rcParams['font.family'] = 'DejaVu Sans'\n"
            "fig, ax = plt.subplots()\nax.set_title('北京')\n")
    with pytest.raises(MissingGlyphs) as info:
        render_code(code)
    assert info.value.reason == "unsupported:missing_glyphs"
    assert "Glyph 21271 (\\N{CJK UNIFIED IDEOGRAPH-5317}) missing from font(s) DejaVu Sans" in str(info.value)


def test_dollar_signs_are_drawn_literally_not_as_math():
    samples = [s for seed in range(3) for s in charts(DOLLAR_CSV, "prices.csv", seed=seed, charts_per_table=4)]
    assert samples
    for sample in samples:
        assert sample.text == ("| Price band | Orders |\n|---|---|\n| $0-$25 | 120 |\n| $25-$50 | 95 |\n"
                               "| $50-$100 | 40 |")
        texts = drawn_texts(sample.meta["code"])
        assert {"$0-$25", "$25-$50", "$50-$100"} <= {t for t, _ in texts}
        assert not any(math for _, math in texts)
        # the same code with mathtext on draws another picture ("0 - 25"): the setting is what keeps "$"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert render_code(sample.meta["code"].replace("plt.rcParams['text.parse_math'] = False\n", "")) \
                != sample.images[0]


def test_table_images_draw_dollar_signs_literally():
    import matplotlib.pyplot as plt

    from sources.charts.read import _draw_table, render_table

    header, rows = ["Price band", "Orders"], [["$0-$25", "120"], ["$25-$50", "95"]]
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"], "text.parse_math": True}):
        as_math = _draw_table(plt, header, rows)
    assert render_table(header, rows) != as_math


SMALL_TABLE = "| Sensor | Drift |\n|---|---|\n| A | 0.0021 |\n| B | 0.0034 |\n| C | 0.0008 |"


def test_small_decimals_keep_their_precision_in_image_table_and_answers():
    samples = [s for seed in range(6) for s in charts(SMALL_DECIMALS_CSV, "drift.csv", seed=seed, charts_per_table=4,
                                                       qa_per_chart=9)]
    answers = {}
    for sample in samples:
        assert sample.text == SMALL_TABLE
        answers.update({q["question"]: q["answer"] for q in sample.meta["qa"]})
        drawn = {t for t, _ in drawn_texts(sample.meta["code"])}
        if "bar_label" in sample.meta["code"]:  # value labels read as the table does
            assert {"0.0021", "0.0034", "0.0008"} <= drawn
        if "pie_label" in sample.meta["code"]:  # wedge labels read as the share answer does
            assert {"33.3%", "54.0%", "12.7%"} <= drawn
    assert {"bar_label", "pie_label"} <= {w for s in samples for w in ("bar_label", "pie_label") if w in s.meta["code"]}
    assert answers["What is the Drift for B?"] == "0.0034"
    assert answers["What is the difference between the highest and the lowest Drift?"] == "0.0026"
    assert answers["What share of the total Drift does B have?"] == "54.0%"
    [table_image] = [r for r in records(SMALL_DECIMALS_CSV, "drift.csv") if r.meta["task"] == "table_recognition"]
    assert table_image.text == SMALL_TABLE


def test_histogram_bins_of_small_decimals_are_written_exactly():
    values = [round(0.001 + 0.0001 * ((i * 7) % 31), 4) for i in range(30)]
    csv = "Drift\n" + "".join(f"{v}\n" for v in values)
    hists = [s for seed in range(4) for s in charts(csv, "drift.csv", seed=seed) if s.meta["chart"] == "histogram"]
    assert hists
    for sample in hists:
        rows = [line.strip("|").split(" | ") for line in sample.text.splitlines()[2:]]
        edges = [float(r[0].split(" to ")[0]) for r in rows] + [float(rows[-1][0].split(" to ")[1])]
        assert len(set(edges)) == len(edges) and edges[0] <= min(values) and edges[-1] >= max(values)
        for i, row in enumerate(rows):  # each count worked out again from the written range
            last = i == len(rows) - 1
            inside = [v for v in values if edges[i] <= v and (v < edges[i + 1] or last and v == edges[i + 1])]
            assert int(row[1]) == len(inside), row


@pytest.mark.parametrize("name, data", [("teams.csv", DUPLICATE_NAMES_CSV.encode()),
                                        ("teams.xlsx", duplicate_names_xlsx())])
def test_repeated_column_names_become_unique_as_pandas_makes_them(name, data):
    [table] = read_tables(data, name)
    assert [c.name for c in table.columns] == ["Team", "score", "score.1"]
    assert [c.values for c in table.columns[1:]] == [[3, 4, 6], [5, 2, 1]]
    grouped = [s for seed in range(6) for s in charts(data, name, seed=seed, charts_per_table=4)
               if s.meta["chart"] in ("grouped_bar", "stacked_bar")]
    assert grouped
    for sample in grouped:
        assert sample.text == ("| Team | score | score.1 |\n|---|---|---|\n| Red | 3 | 5 |\n| Blue | 4 | 2 |\n"
                               "| Green | 6 | 1 |")
        assert "score and score.1 by Team" in sample.meta["code"]


def test_unique_names_follow_pandas():
    assert unique_names(["a", "a", "a"]) == ["a", "a.1", "a.2"]
    assert unique_names(["a", "a", "a.1"]) == ["a", "a.1", "a.1.1"]
    assert unique_names(["", "x", " "]) == ["column 1", "x", "column 3"]


def test_xlsx_merged_cells_fill_their_range_and_a_title_row_is_skipped():
    [table] = read_tables(merged_xlsx(), "sales.xlsx")
    assert [(c.name, c.values) for c in table.columns] == [
        ("Region", ["North"] * 3 + ["South"] * 3), ("Quarter", ["Q1", "Q2", "Q3"] * 2),
        ("Sales", [10, 12, 14, 7, 8, 9])]
    by_region = [s for seed in range(4) for s in charts(merged_xlsx(), "sales.xlsx", seed=seed, charts_per_table=4)
                 if s.text.startswith("| Region |")]
    assert by_region
    for sample in by_region:
        assert sample.meta["aggregated"]
        assert sample.text == "| Region | Sales |\n|---|---|\n| North | 36 |\n| South | 24 |"


def test_xlsx_formula_cells_without_stored_results_reject_their_column():
    out = records(formula_xlsx(), "costs.xlsx", charts_per_table=4)
    [reject] = [r for r in out if isinstance(r, Reject)]
    assert (reject.reason, reject.locator) == ("unsupported:uncached_formulas", "table=costs-costs;column=Total")
    assert reject.detail == ("column 'Total' of sheet 'costs': 3 formula cell(s) have no stored result (D2 '=B2+C2', "
                             "D3 '=B3+C3', D4 '=B4+C4'); the file was saved by a program that does not compute "
                             "formulas: open and save it in a spreadsheet program to store them")
    samples = [r for r in out if isinstance(r, Sample)]
    assert samples and not any("Total" in s.text for s in samples)


@pytest.mark.parametrize("text, name, dialect", [
    (SEMICOLON_CSV, "de.csv", (";", ",")),
    ("a;b\nx;1,234\ny;2,5\n", "de.csv", (";", ",")),  # "1,234" alone is ambiguous: a semicolon file decides
    ("a,b\nx,1.5\ny,\"1,234.5\"\n", "en.csv", (",", ".")),
    ("a\tb\nx\t0,5\ny\t1,25\n", "de.tsv", ("\t", ",")),
    ("a|b|c\nx|1|2\ny|3|4\n", "pipes.csv", ("|", ".")),
    ('a,b\n"one; two; three",1\n"four; five; six",2\n', "semis_in_text.csv", (",", ".")),
    ('name;note;n\nx;"line\none";1\ny;"a, b";2\n', "quoted.csv", (";", ",")),
])
def test_csv_dialect_and_decimal_mark_are_sniffed(text, name, dialect):
    assert sniff_csv(text.encode(), name) == CsvDialect(*dialect, "utf-8")


@pytest.mark.parametrize("text, values", [
    ("a;b\nx;1.250\ny;2.5\n", [1.25, 2.5]),  # another value's one digit after the dot settles it
    ("a;b\nx;1.250\ny;2.500.000\n", [1250, 2500000]),  # a dot twice can only group thousands
    ("a;b\nx;1,250\ny;1234,567\n", [1.25, 1234.567]),  # "1234,567" groups nothing: a decimal comma
    ("a;b;c\nx;1.250;0,5\ny;2.500;1,5\n", [1250, 2500]),  # a German file: decimal commas in another column
])
def test_a_lone_mark_with_three_digits_is_read_as_another_number_in_the_file_settles_it(text, values):
    [table] = read_tables(text.encode(), "numbers.csv")
    assert table.columns[1].values == values


@pytest.mark.parametrize("text, detail", [
    ("item;weight_kg\nA;1.250\nB;2.500\nC;3.750\n", "column 'weight_kg': '1.250' may be 1.250 or 1250"),
    ("team;points\nA;1,234\nB;2,345\nC;12\n", "column 'points': '1,234' may be 1.234 or 1234"),
    ("team\tpoints\nA\t-1,234\nB\t2,345\n", "column 'points': '-1,234' may be -1.234 or -1234"),
])
def test_numbers_no_value_in_the_file_settles_are_rejected_not_guessed(text, detail):
    # a blind hunt: "A;1.250" was read as 1250 and "A;1,234" as 1.234, by the delimiter alone: the sniffer's
    # own rule says three digits after a lone mark say nothing
    with pytest.raises(TableError) as info:
        read_tables(text.encode(), "numbers.csv")
    assert info.value.reason == "filtered:ambiguous_number_format"
    assert str(info.value) == (f"{detail}, and no number in the file settles which (one with 1-2 or 4+ digits "
                               f"after its mark, or with two marks)")
    [reject] = records(text.encode(), "numbers.csv")
    assert (reject.reason, reject.detail) == ("filtered:ambiguous_number_format", str(info.value))
    # a comma-separated file writes decimals with a dot: "1.250" there is 1.25
    [table] = read_tables(b"item,weight_kg\nA,1.250\nB,2.500\n", "numbers.csv")
    assert table.columns[1].values == [1.25, 2.5]


def test_a_csv_not_in_utf8_is_decoded_where_its_encoding_is_clear_and_rejected_where_it_is_not():
    [table] = read_tables(cp1252_csv(), "umsatz.csv")  # pyarrow alone reads it as binary and drops "Stadt"
    assert table.columns[0].name == "Stadt"
    assert table.columns[0].values[:3] == ["Köln 0", "Düsseldorf 0", "Göttingen 0"]
    assert table.columns[1].values[:2] == [100.0, 101.1]
    [table] = read_tables(SEMICOLON_CSV.encode("utf-16"), "umsatz.csv")  # its BOM says so
    assert table.columns[0].values == ["Nord", "Süd", "Ost"]
    with pytest.raises(TableError) as info:  # one "ü": any guess would be a coin toss
        read_tables(SEMICOLON_CSV.encode("cp1252"), "umsatz.csv")
    assert info.value.reason == "error:table:unknown_encoding"
    assert re.fullmatch(r"not UTF-8, and charset-normalizer guesses \S+ from only 1 non-ASCII bytes \(needs 64\); "
                        r"save the file as UTF-8", str(info.value))


def test_semicolons_with_decimal_commas_are_read_as_numbers():
    [table] = read_tables(SEMICOLON_CSV.encode(), "umsatz.csv")
    assert [(c.name, c.kind, c.values) for c in table.columns] == [
        ("Region", "categorical", ["Nord", "Süd", "Ost"]), ("Umsatz", "numeric", [1234.5, 987.25, 2100.75]),
        ("Anteil", "numeric", [0.21, 0.17, 0.62])]
    bars = [s for seed in range(6) for s in charts(SEMICOLON_CSV, "umsatz.csv", seed=seed, charts_per_table=6)
            if s.meta["chart"] == "bar" and "Umsatz" in s.text]
    assert bars and bars[0].text == ("| Region | Umsatz |\n|---|---|\n| Nord | 1234.5 |\n| Süd | 987.25 |\n"
                                     "| Ost | 2100.75 |")


def test_a_value_of_another_type_after_the_first_block_keeps_the_measure_and_says_so():
    data = late_text_csv()
    assert len(data) > 1_000_000
    [table] = read_tables(data, "late.csv")
    reading = next(c for c in table.columns if c.name == "Reading")
    assert reading.kind == "numeric" and reading.values[119994] is None and reading.values[119995] == 119994 % 97
    assert table.issues == [ColumnIssue("Reading", "filtered:non_numeric_cells",
                                        "1 of 120001 cells of column 'Reading' in late are not numbers and count "
                                        "as missing: row 119995 'unknown'")]
    out = records(data, "late.csv", charts_per_table=6, table_image=False)
    [reject] = [r for r in out if isinstance(r, Reject)]
    assert (reject.reason, reject.locator) == ("filtered:non_numeric_cells", "table=late;column=Reading")
    assert any("Reading" in s.text for s in out if isinstance(s, Sample))


def test_a_jsonl_field_that_changes_type_is_read_with_the_same_rule():
    lines = [f'{{"city": "c{i}", "rain": {i}}}' for i in range(12)] + ['{"city": "c12", "rain": "n/a"}']
    [table] = read_tables("\n".join(lines).encode(), "rain.jsonl")
    assert [c.kind for c in table.columns] == ["categorical", "numeric"]
    assert table.columns[1].values == [*range(12), None] and table.issues[0].reason == "filtered:non_numeric_cells"


def test_quoted_line_breaks_in_files_over_a_megabyte_are_read_whole():
    data = multiline_csv()
    assert len(data) > 1_000_000
    [table] = read_tables(data, "shops.csv")
    assert table.rows == 30_000 and [c.name for c in table.columns] == ["Shop", "Sales", "Note", "Visits"]
    assert read_arrow(data, "shops.csv").column("Note")[29_999].as_py() == "opened late\nclosed early, 29999"


def test_caption_tables_over_a_megabyte_with_quoted_line_breaks_keep_every_pair():
    from sources.records.captions import read_captions

    data = multiline_captions_csv()
    assert len(data) > 1_000_000
    rows = read_arrow(data, "pairs.csv").to_pylist()
    assert len(rows) == 25_000 and rows[-1]["caption"] == "A photo of item 24999\non a wooden table, seen from above"
    out = list(read_captions(data, "mem://pairs.csv"))
    assert len(out) == 25_000  # one record per pair (here: its image is missing), no whole-file reject
    assert {r.reason for r in out} == {"error:image:missing"} and out[-1].locator == "row=25000"


def two_row_header_xlsx(under: list) -> bytes:
    """Region, and Revenue merged over B1:C1, then ``under`` as row 2, then three regions' revenues."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "S"
    sheet["A1"], sheet["B1"] = "Region", "Revenue"
    sheet.merge_cells("B1:C1")
    for j, value in enumerate(under, start=1):
        sheet.cell(2, j, value)
    for row in [("North", 10, 12), ("South", 20, 18), ("East", 30, 33)]:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_a_header_merged_over_columns_takes_the_names_in_the_row_under_it():
    # a blind hunt: the row "2023 | 2024" under "Revenue" (merged over B1:C1) was a data row of no numbers,
    # dropped silently, and the series were named "Revenue" and "Revenue.1"
    [table] = read_tables(two_row_header_xlsx([None, 2023, 2024]), "sales.xlsx")
    assert [(c.name, c.values) for c in table.columns] == [
        ("Region", ["North", "South", "East"]), ("Revenue 2023", [10, 20, 30]), ("Revenue 2024", [12, 18, 33])]
    samples = [s for seed in range(6) for s in charts(two_row_header_xlsx([None, 2023, 2024]), "sales.xlsx",
                                                      seed=seed, charts_per_table=4)]
    grouped = [s for s in samples if s.meta["chart"] == "grouped_bar"]
    assert grouped and grouped[0].text == ("| Region | Revenue 2023 | Revenue 2024 |\n|---|---|---|\n"
                                           "| North | 10 | 12 |\n| South | 20 | 18 |\n| East | 30 | 33 |")
    # a row under it with a label is data: the merged header names its columns as before
    [table] = read_tables(two_row_header_xlsx(["West", 5, 6]), "sales.xlsx")
    assert [(c.name, c.values[0]) for c in table.columns] == [("Region", "West"), ("Revenue", 5), ("Revenue.1", 6)]


def test_a_number_merged_over_several_cells_rejects_its_columns():
    # a blind hunt: a budget of 100 merged over teams A and B (B2:B3) was filled into both rows, the total
    # read 320 where the sheet says 220
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "M"
    for row in [("team", "budget", "staff", "q1", "q2"), ("A", 100, 3, 5, None), ("B", None, 4, 6, 7),
                ("C", 50, 2, 8, 9), ("D", 70, 5, 4, 4)]:
        sheet.append(row)
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("D2:E2")  # across: 5 for q1 and q2 together
    buf = io.BytesIO()
    book.save(buf)
    [table] = read_tables(buf.getvalue(), "teams.xlsx")
    assert [(c.name, c.values) for c in table.columns] == [("team", ["A", "B", "C", "D"]), ("staff", [3, 4, 2, 5])]
    detail = ("of sheet 'M': 1 merged range(s) hold one number over several cells ({}); one row each, it would be "
              "counted once a row")
    assert table.issues == [
        ColumnIssue("budget", "filtered:merged_values", f"column 'budget' {detail.format('B2:B3 100')}"),
        ColumnIssue("q1", "filtered:merged_values", f"column 'q1' {detail.format('D2:E2 5')}"),
        ColumnIssue("q2", "filtered:merged_values", f"column 'q2' {detail.format('D2:E2 5')}")]
    out = records(buf.getvalue(), "teams.xlsx", charts_per_table=4, table_image=False)
    assert [r.locator for r in out if isinstance(r, Reject)] == ["table=teams-M;column=budget",
                                                                 "table=teams-M;column=q1", "table=teams-M;column=q2"]
    samples = [s for s in out if isinstance(s, Sample)]
    assert samples and all(s.text.startswith("| team | staff |\n") for s in samples)


@pytest.mark.parametrize("text", [
    "land;pop;share\nA;1\u202f234\u202f567;0,5\nB;2\u00a0345\u00a0678;0,3\nC;345 678;0,2\n",  # French, SI
    "land,pop,share\nA,1'234'567,0.5\nB,2'345'678,0.3\nC,345'678,0.2\n",  # Swiss
    'land,pop,share\nA,"12,34,567",0.5\nB,"23,45,678",0.3\nC,"3,45,678",0.2\n',  # Indian lakhs
])
def test_numbers_grouped_by_spaces_apostrophes_or_lakhs_are_a_measure_not_names(text):
    # (hunt) "1 234 567" (no currency beside it) was a category: "Which pop has the highest share? -> 1 234 567",
    # a population's numbers the bars' names, and the measure charted nowhere
    [table] = read_tables(text.encode(), "land.csv")
    pop = table.columns[1]
    assert (pop.kind, pop.values) == ("numeric", [1234567, 2345678, 345678])
    texts = [s.text for s in charts(text, "land.csv", charts_per_table=6)]
    assert not any(t.startswith("| pop |") for t in texts)
    assert "| A | 1234567 |" in "\n".join(texts)


def test_a_decimal_comma_after_space_groups_is_kept():
    # (review) French "2 165 423,5" (INSEE's exports: spaces group, a comma marks decimals) was read 21654235, every
    # value 10 or 100 times its own, charted as such
    text = "ville;population;part\nParis;2 165 423,5;0,5\nLyon;522\u00a0250,25;0,3\nNice;342 669;0,2\n"
    [table] = read_tables(text.encode(), "villes.csv")
    assert (table.columns[1].kind, table.columns[1].values) == ("numeric", [2165423.5, 522250.25, 342669])


@pytest.mark.parametrize("ident", ["Téléphone", "SIREN", "Teléfono", "Telefon"])
def test_an_id_written_in_spaced_groups_is_never_a_measure(ident):
    # (review) a phone number ("612 345 678") or a French company's SIREN ("732 829 320"), now read as a number, was
    # charted as one: "What share of the total Téléphone does A have?"
    text = (f"Firma;{ident};Staff\nA;612 345 678;10\nB;699 123 456;25\nC;655 987 321;7\nD;611 222 333;12\n")
    texts = {s.text.split("\n")[0] for s in charts(text, "firmen.csv", charts_per_table=6)}
    assert texts == {"| Firma | Staff |"}


def test_a_typeset_minus_is_a_negative_number():
    # (hunt) Wikipedia's climate tables write U+2212: "−5.5" was no number, and the column was refused
    # (filtered:non_numeric_cells) for half its cells
    text = "city,temp\nOslo,\u22125.5\nRome,12.5\nKyiv,\u22123.0\nCairo,20.5\n"
    [table] = read_tables(text.encode(), "temps.csv")
    assert (table.columns[1].kind, table.columns[1].values, table.issues) == ("numeric", [-5.5, 12.5, -3, 20.5], [])


def _two_tables_rows() -> list[list]:
    return ([["Region", "Sales"]] + [[f"R{i}", 100 + i] for i in range(10)] + [[]] + [["Product", "Units"]]
            + [[f"P{i}", 5 + i] for i in range(10)] + [[], ["Source: sales ledger"]])


def _sheet(rows: list[list]) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "S"
    for row in rows:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("name, blank", [("two.csv", ""), ("two.csv", ","), ("two.xlsx", None)])
def test_two_tables_below_one_another_are_two_tables(name, blank):
    # (hunt) a sheet (or its CSV export) holding a second table below a blank row: its header "Product, Units" was
    # a row of the first table and its rows the first's, the products a histogram's "Sales" ("20 values of Sales")
    rows = _two_tables_rows()
    data = _sheet(rows) if blank is None else "".join(
        ",".join(map(str, r)) + "\n" if r else blank + "\n" for r in rows).encode()
    first, second = read_tables(data, name)
    assert [(c.name, c.values[-1]) for c in first.columns if c.kind == "numeric"] == [("Sales", 109)]
    assert first.rows == 10 and not first.issues
    assert [(c.name, c.values[:3]) for c in second.columns] == [
        ("Product", ["P0", "P1", "P2"]), ("Units", [5, 6, 7])]
    assert second.name.endswith("-2") and second.columns[1].values[-1] == 14
    # a blank row before rows of the same columns, or before a row of data the sheet left out, splits nothing
    gap = _two_tables_rows()[:11] + [[], ["R10", "n/a"], ["R11", 120]]
    data = _sheet(gap) if blank is None else "".join(
        ",".join(map(str, r)) + "\n" if r else blank + "\n" for r in gap).encode()
    [table] = read_tables(data, name)
    assert table.columns[0].values[-1] == "R11" and table.columns[1].values[-1] == 120


@pytest.mark.parametrize("placeholder", ["TBD", "N.A.", "unknown", "pending", "?", "n.d.", ":", "[x]"])
def test_a_row_with_a_placeholder_for_its_value_after_a_blank_row_is_no_second_tables_header(placeholder):
    # (review) "R6, TBD" after a blank row had been read as a second table's header, its rows charted as "TBD" by
    # "R6"; a value not given is the first table's row, as "n/a" was
    rows = _two_tables_rows()[:11] + [[], ["R10", placeholder], ["R11", 120], ["R12", 121]]
    [table] = read_tables("".join(",".join(map(str, r)) + "\n" for r in rows).encode(), "gap.csv")
    assert table.columns[0].values[-3:] == ["R10", "R11", "R12"] and table.columns[1].values[-2:] == [120, 121]


@pytest.mark.parametrize("name, blank", [("pages.csv", ""), ("pages.csv", ","), ("pages.xlsx", None)])
def test_a_table_whose_header_is_repeated_below_a_blank_row_is_one_table(name, blank):
    # (review) a report exported page by page repeats its header after a blank row: each page was read as a table
    # of its own, and a pie of page 1 gave R0 a share of page 1's sales alone
    rows = ([["Region", "Sales"]] + [[f"R{i}", 100 + i] for i in range(4)] + [[]] + [["Region", "Sales"]]
            + [[f"R{i}", 100 + i] for i in range(4, 7)])
    data = _sheet(rows) if blank is None else "".join(
        ",".join(map(str, r)) + "\n" if r else blank + "\n" for r in rows).encode()
    [table] = read_tables(data, name)
    assert [(c.name, c.values) for c in table.columns] == [
        ("Region", [f"R{i}" for i in range(7)]), ("Sales", [100, 101, 102, 103, 104, 105, 106])]


@pytest.mark.parametrize("foot", [";\n;\n", "\nQuelle: Statistisches Landesamt\n"])
def test_a_csv_not_in_utf8_with_blank_foot_rows_or_a_note_is_read_in_its_encoding(foot):
    # (review) Excel's cp1252 export ends on lines of bare delimiters (or a note below a blank line): cut off, the
    # table was re-encoded as UTF-8 yet read as cp1252, every town mis-spelt "KĂ¶ln 0"
    [table] = read_tables(cp1252_csv() + foot.encode("cp1252"), "umsatz.csv")
    assert (table.columns[0].name, table.rows) == ("Stadt", 96)
    assert table.columns[0].values[:3] == ["Köln 0", "Düsseldorf 0", "Göttingen 0"]


@pytest.mark.parametrize("name", ["regions.parquet", "regions.feather"])
def test_a_pandas_categorical_column_is_read_by_its_values(name):
    # (hunt) pandas writes a Categorical as a dictionary-encoded column: it was dropped silently, and the sales had
    # no regions to be charted by
    import pandas as pd

    frame = pd.DataFrame({"region": pd.Categorical(["N", "S", "E", "W"]), "sales": [10, 20, 15, 5],
                          "size": pd.Categorical([1.5, 2.5, 1.5, 3.0])})
    buf = io.BytesIO()
    frame.to_parquet(buf) if name.endswith(".parquet") else frame.to_feather(buf)
    [table] = read_tables(buf.getvalue(), name)
    assert [(c.name, c.kind, c.values) for c in table.columns] == [
        ("region", "categorical", ["N", "S", "E", "W"]), ("sales", "numeric", [10, 20, 15, 5]),
        ("size", "numeric", [1.5, 2.5, 1.5, 3])]


@pytest.mark.parametrize("foot", [[], [["Note: provisional"]]])
def test_a_line_of_text_merged_across_a_sheet_is_a_label_or_a_note_not_a_second_tables_header(foot):
    # (hunt) a section's label ("Europe") or a note merged across the sheet's columns after a blank row was filled
    # into each column, a row of names: a second table "Europe Germany", "Europe 5" with France its one row, and a
    # sheet's notes a table of their own
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "S"
    rows = [["Region", "Sales", "Units"], ["North", 10, 3], ["South", 20, 4], [], ["Europe"], ["Germany", 5, 1],
            ["France", 7, 2], [], ["Source: national statistics office"], *foot]
    for i, row in enumerate(rows, start=1):
        sheet.append(row) if row else sheet.append([None])
        if len(row) == 1:
            sheet.merge_cells(f"A{i}:C{i}")
    buf = io.BytesIO()
    book.save(buf)
    [table] = read_tables(buf.getvalue(), "regions.xlsx")
    assert [(c.name, c.values) for c in table.columns] == [
        ("Region", ["North", "South", "Europe", "Germany", "France"]), ("Sales", [10, 20, None, 5, 7]),
        ("Units", [3, 4, None, 1, 2])]
    assert table.issues == []


@pytest.mark.parametrize("row, written", [
    (["Luxembourg", "confidential"], ("Luxembourg", None)),  # a value withheld, in words no placeholder list had
    (["Europe", "Europe"], ("Europe", None)),  # a section's label merged across the sheet, exported to CSV
    (["Source: national statistics office", "2024 edition", ""], ("Source: national statistics office", None))])
def test_a_row_of_text_after_a_blank_row_that_cannot_head_the_rows_below_is_no_second_table(row, written):
    # (hunt) each headed a fake second table of the rows below it: "Luxembourg" a column of countries and
    # "confidential" their sales; a note's second cell over a table's Sales, its third column unnamed ("column 3")
    rows = _two_tables_rows()[:11]
    if len(row) == 3:
        rows = [rows[0] + ["Units"]] + [r + [3] for r in rows[1:]]
    below = [["Germany", 5, 1], ["France", 7, 2]] if len(row) == 3 else [["Germany", 5], ["France", 7]]
    text = "".join(",".join(map(str, r)) + "\n" for r in rows + [[], row] + below)
    [table] = read_tables(text.encode(), "regions.csv")
    assert [c.name for c in table.columns][:2] == ["Region", "Sales"]
    assert table.columns[0].values[-3:] == [written[0], "Germany", "France"]
    assert table.columns[1].values[-3:] == [written[1], 5, 7]
    assert [(i.column, i.reason) for i in table.issues] == [("Sales", "filtered:non_numeric_cells")]


def test_rows_and_columns_a_sheet_hides_are_left_out_and_said():
    # (hunt) a hidden helper column was charted beside Sales ("helper" 0.1, 0.2, 0.3), and a row an autofilter hid
    # was a part of the pie: no reader of the sheet sees either
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "S"
    for row in [["Region", "Sales", "helper"], ["North", 10, 0.1], ["South", 20, 0.2], ["East", 15, 0.3]]:
        sheet.append(row)
    sheet.column_dimensions["C"].hidden = True
    sheet.row_dimensions[3].hidden = True
    buf = io.BytesIO()
    book.save(buf)
    [table] = read_tables(buf.getvalue(), "regions.xlsx")
    assert [(c.name, c.values) for c in table.columns] == [("Region", ["North", "East"]), ("Sales", [10, 15])]
    assert table.issues == [
        ColumnIssue("Region", "filtered:hidden_rows",
                    "1 row(s) of sheet 'S' are hidden (rows 3): left out, as the sheet shows it"),
        ColumnIssue("helper", "filtered:hidden_column",
                    "column 'helper' of sheet 'S' is hidden: left out, as the sheet shows it")]


@pytest.mark.parametrize("number_format, names", [("mmm yyyy", ["Jan 2024", "Feb 2024"]), ("yyyy", ["2024", "2025"]),
                                                  ("yyyy-mm-dd", ["2024-01-01", "2025-02-01"])])
def test_a_date_heading_a_column_is_named_as_the_sheet_shows_it(number_format, names):
    # (hunt) months heading a sheet's columns, shown "Jan 2024", were named "2024-01-01 00:00:00", the name in every
    # chart, legend and table target
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    year = 0 if number_format == "mmm yyyy" else 1
    sheet.append(["Region", datetime.datetime(2024, 1, 1), datetime.datetime(2024 + year, 2, 1)])
    for cell in sheet[1][1:]:
        cell.number_format = number_format
    for row in [["North", 10, 11], ["South", 20, 21]]:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    [table] = read_tables(buf.getvalue(), "months.xlsx")
    assert [c.name for c in table.columns] == ["Region", *names]


@pytest.mark.parametrize("top", ["sep=;\n", "Umsatz 2024\n\n", "Umsatz 2024;\n", "Umsatz 2024;;\n;;\n"])
def test_excels_sep_line_or_a_title_above_a_csvs_header_is_no_row_and_no_header(top):
    # (hunt) Excel's "sep=;" line, or a sheet's title exported above its header, was read as the header: "sep=" (or
    # the title) named the column of regions, "column 2" the sales, "Region", "Sales" a row of them, so the sales
    # were text; a title with no delimiter in it left the delimiter unsniffed, the file unreadable
    text = top + "Region;Umsatz;Stück\nNord;10,5;1\nSüd;20,5;2\nOst;15;3\n"
    [table] = read_tables(text.encode(), "umsatz.csv")
    assert [(c.name, c.kind, c.values) for c in table.columns] == [
        ("Region", "categorical", ["Nord", "Süd", "Ost"]), ("Umsatz", "numeric", [10.5, 20.5, 15]),
        ("Stück", "numeric", [1, 2, 3])]
    assert table.issues == []


def test_a_sheet_whose_every_row_is_hidden_is_a_reject_saying_so():
    # (review) a sheet an autofilter had filtered to no row was rejected as "no column combination fits a chart",
    # the reason a dataset builder looks for (the rows are hidden) nowhere said
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "S"
    for row in [["Region", "Sales"], ["North", 10], ["South", 20]]:
        sheet.append(row)
    sheet.row_dimensions[2].hidden = sheet.row_dimensions[3].hidden = True
    buf = io.BytesIO()
    book.save(buf)
    assert [(r.reason, r.detail) for r in records(buf.getvalue(), "filtered.xlsx")] == [(
        "filtered:hidden_rows", "every row of the table is hidden (rows 2 to 3 of sheet 'S'): a reader of the sheet "
                                "sees none, so none is read")]


@pytest.mark.parametrize("text, column", [
    ("Aufgabe,Dauer\nA,00:30:00\nB,00:45:00\nC,01:30:00\n", ("Dauer (min)", "numeric", [30, 45, 90])),
    ("Task,Duration (min)\nA,12:30\nB,8:15\nC,10:00\n", ("Duration (s)", "numeric", [750, 495, 600])),
    ("Task,Duration (h)\nA,1:30\nB,0:45\nC,2:00\n", ("Duration (min)", "numeric", [90, 45, 120])),
    ("Lap,Lap time\nA,1:02:03\nB,0:59:10\nC,1:10:00\n", ("Lap time (s)", "numeric", [3723, 3550, 4200])),
    ("Shift,Start\nA,08:30\nB,14:00\nC,22:15\n", ("Start", "temporal", [datetime.time(8, 30), datetime.time(14),
                                                                       datetime.time(22, 15)])),
    ("Shift,Start\nA,08:30\nB,24:00\n", ("Start", "categorical", ["08:30", "24:00"]))])  # no time pyarrow reads
def test_a_duration_written_as_a_clock_is_an_amount_of_time_not_a_time_of_day(text, column):
    # (lead) "Dauer" of "00:30:00" was typed temporal (half past midnight: an x axis, no measure), "Duration (min)" of
    # "12:30" (12 minutes 30 seconds) half past noon, and "0:45" or "1:02:03" text, bars' names; a time of day stays one
    [table] = read_tables(text.encode(), "times.csv")
    assert [(c.name, c.kind, c.values) for c in table.columns][1] == column
    assert table.issues == []


def test_a_duration_of_two_parts_whose_header_names_neither_unit_is_left_out_and_said():
    # "00:30" of a "Duration": thirty minutes, or thirty seconds? pyarrow had read half past midnight
    [table] = read_tables(b"Task,Duration,Cost\nA,00:30,10\nB,00:45,20\n", "times.csv")
    assert [c.name for c in table.columns] == ["Task", "Cost"]
    assert table.issues == [ColumnIssue("Duration", "filtered:ambiguous_duration", (
        "column 'Duration' holds durations of two parts ('00:30', '00:45'): hours and minutes, or minutes and seconds? "
        "the header says neither, so it is not read"))]


def test_a_sheets_duration_is_an_amount_of_time():
    # a sheet stores a duration ("[h]:mm:ss") as a time of day: "Dauer" was typed temporal
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["Aufgabe", "Dauer"], ["A", datetime.time(0, 30)], ["B", datetime.time(1, 15)]]:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    [table] = read_tables(buf.getvalue(), "times.xlsx")
    assert [(c.name, c.kind, c.values) for c in table.columns] == [("Aufgabe", "categorical", ["A", "B"]),
                                                                  ("Dauer (min)", "numeric", [30, 75])]


@pytest.mark.parametrize("form", ["h:mm", "hh:mm:ss", "[$-407]h:mm"])
def test_a_sheets_duration_of_over_a_day_in_a_format_of_hours_is_an_amount_of_time(form):
    # (review) 25:30 (1.0625 days) in an "h:mm" cell, as a sheet sums durations, is read by openpyxl as 1900-01-01
    # 01:30: a "Dauer" column of it and of 12:00 was text, categories "1900-01-01 01:30:00" and "12:00:00"
    import openpyxl

    book = openpyxl.Workbook()
    for row in [["Aufgabe", "Dauer", "Datum"], ["A", 1.0625, 45000.5], ["B", 0.5, 45001.25]]:
        book.active.append(row)
    for cell in book.active["B"][1:]:
        cell.number_format = form
    for cell in book.active["C"][1:]:
        cell.number_format = "hh:mm"  # a date shown by its time only stays a date
    buf = io.BytesIO()
    book.save(buf)
    [table] = read_tables(buf.getvalue(), "times.xlsx")
    assert [(c.name, c.kind, c.values) for c in table.columns] == [
        ("Aufgabe", "categorical", ["A", "B"]), ("Dauer (min)", "numeric", [1530, 720]),
        ("Datum", "temporal", [datetime.datetime(2023, 3, 15, 12), datetime.datetime(2023, 3, 16, 6)])]


def test_a_duration_below_zero_or_over_a_day_is_an_amount_of_time():
    # (review) one "-0:15:00" (a task done a quarter hour under plan) left the whole "Dauer" column text, its clocks
    # the bars' names; one of over a day ("25:30:00") reads as the rest do
    [table] = read_tables("Aufgabe,Dauer\nA,25:30:00\nB,-0:15:00\nC,\nD,\u22121:00:00\n".encode(), "times.csv")
    assert [(c.name, c.kind, c.values) for c in table.columns][1] == ("Dauer (min)", "numeric", [1530, -15, None, -60])


@pytest.mark.parametrize("laps", [b"Driver,Lap time\nA,1:23.456\nB,1:24.001\nC,1:22.5\n",
                                  b"Driver;Lap time\nA;1:23,456\nB;1:24,001\nC;1:22,5\n", "sheet"])
def test_a_duration_with_a_fraction_of_a_second_is_seconds(laps):
    # (review) a lap time as timing writes one ("1:23.456", minutes, seconds and their thousandths; a sheet's
    # "mm:ss.000") was text, bars' names, or a sheet's time of day, a temporal axis: a fraction is a second's, so two
    # parts are minutes and seconds
    if laps == "sheet":
        import openpyxl

        book = openpyxl.Workbook()
        for row in [["Driver", "Lap time"], ["A", datetime.time(0, 1, 23, 456000)],
                    ["B", datetime.time(0, 1, 24, 1000)], ["C", datetime.time(0, 1, 22, 500000)]]:
            book.active.append(row)
        for cell in book.active["B"][1:]:
            cell.number_format = "mm:ss.000"
        buf = io.BytesIO()
        book.save(buf)
        laps = buf.getvalue()
    [table] = read_tables(laps, "laps.xlsx" if laps[:2] == b"PK" else "laps.csv")
    assert [(c.name, c.kind, c.values) for c in table.columns][1] == ("Lap time (s)", "numeric", [83.456, 84.001, 82.5])
    assert table.issues == []


@pytest.mark.parametrize("header", ["Dauer", "Zeit (h)", "Total"])
@pytest.mark.parametrize("form", ["[h]:mm", "[h]:mm:ss", "parquet"])
def test_a_duration_typed_as_one_is_an_amount_of_time_whatever_its_header(header, form):
    # (review) a sheet's "[h]:mm" cell (Excel's own format of a duration; 25:30 is over a day) is read by openpyxl as a
    # timedelta, as a Parquet file's duration by pyarrow: either was typed temporal, a time axis of no measure
    import openpyxl
    import pyarrow as pa
    import pyarrow.parquet as pq

    spans = [datetime.timedelta(hours=25, minutes=30), datetime.timedelta(minutes=45), None]
    buf = io.BytesIO()
    if form == "parquet":
        pq.write_table(pa.table({"Aufgabe": ["A", "B", "C"], header: spans}), buf)
    else:
        book = openpyxl.Workbook()
        for row in [["Aufgabe", header], *zip("ABC", spans)]:
            book.active.append(list(row))
        for cell in book.active["B"][1:]:
            cell.number_format = form
        book.save(buf)
    [table] = read_tables(buf.getvalue(), f"times.{'parquet' if form == 'parquet' else 'xlsx'}")
    unit = re.sub(r" \(h\)", "", header)
    assert [(c.name, c.kind, c.values) for c in table.columns][1] == (f"{unit} (min)", "numeric", [1530, 45, None])


@pytest.mark.parametrize("top", ["Sales report 2024\n", "Sales report 2024\n\n", ""])
@pytest.mark.parametrize("section", ["{}", "{},", "{},,"])
def test_section_rows_of_one_cell_under_a_title_are_rows_of_the_first_column(top, section):
    # (lead) a titled CSV whose rows are grouped under one-cell section rows ("North" over its products) was refused
    # error:table:unsure_header (its one-cell rows read as a one-column table's), and without a title pyarrow refused it
    # ("Expected 3 columns, got 1"): a section's label is a row of the first column with no values, as a label merged
    # across a sheet is (`test_a_line_of_text_merged_across_a_sheet_is_a_label_or_a_note_not_a_second_tables_header`)
    label = lambda name: section.format(name) + "\n"  # noqa: E731
    text = (top + "Product,Sales,Units\n" + label("North") + "A,10,1\nB,20,2\n" + label("South")
            + "A,5,3\nB,7,4\n")
    [table] = read_tables(text.encode(), "sections.csv")
    assert [(c.name, c.values) for c in table.columns] == [
        ("Product", ["North", "A", "B", "South", "A", "B"]), ("Sales", [None, 10, 20, None, 5, 7]),
        ("Units", [None, 1, 2, None, 3, 4])]
    assert table.issues == []


@pytest.mark.parametrize("top", ["Sales report 2024\n", ""])
@pytest.mark.parametrize("foot", ["Source: Statistisches Bundesamt\n", "Total\n",
                                  "* provisional\nSource: own survey\n"])
def test_a_line_of_one_cell_under_a_tables_last_row_is_a_note_not_a_row(top, foot):
    # (review) a source line or a lone "Total" right under a CSV's rows (no blank line between) was read as a row of
    # the first column with no values, a product "Source: Statistisches Bundesamt" of no sales: one-cell rows are a
    # section's label only above rows of their section
    text = top + "Product,Sales,Units\nNorth\nA,10,1\nB,20,2\n" + foot
    [table] = read_tables(text.encode(), "notes.csv")
    assert [(c.name, c.values) for c in table.columns] == [
        ("Product", ["North", "A", "B"]), ("Sales", [None, 10, 20]), ("Units", [None, 1, 2])]


@pytest.mark.parametrize("text", ["Cities\nBerlin\nWashington, D.C.\nParis\nSt. Louis, MO\nRome\n",
                                  "Cities\nBerlin\nWashington, D.C.\nParis\nSt. Louis, MO\nRome\nAustin, TX\n"])
def test_a_one_column_list_with_a_comma_in_a_later_row_stays_refused(text):
    # the rows of one cell above a row of two are a one-column table's, not a title: sections (each before a row of
    # numbers) are not read into it
    with pytest.raises(TableError) as caught:
        read_tables(text.encode(), "cities.csv")
    assert caught.value.reason == "error:table:unsure_header"


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_sheet_the_workbook_hides_is_left_out_and_said(state):
    # (hunt, openpyxl's sheet_state) a hidden sheet of lookup values was charted as a table of the workbook beside the
    # shown one: no reader of the workbook sees it, as none sees a hidden row or column
    import openpyxl

    book = openpyxl.Workbook()
    shown = book.active
    shown.title = "Sales"
    for row in [["Region", "Sales"], ["North", 10], ["South", 20], ["East", 15]]:
        shown.append(row)
    lookup = book.create_sheet("Lookup")
    for row in [["Code", "Rate"], ["A", 0.1], ["B", 0.2], ["C", 0.3]]:
        lookup.append(row)
    lookup.sheet_state = state
    buf = io.BytesIO()
    book.save(buf)
    tables = read_tables(buf.getvalue(), "book.xlsx")
    assert [(t.name, [c.name for c in t.columns]) for t in tables] == [("book-Sales", ["Region", "Sales"]),
                                                                      ("book-Lookup", [])]
    assert tables[1].issues == [ColumnIssue("", "filtered:hidden_sheet", f"sheet 'Lookup' is hidden ({state}): a "
                                            "reader of the workbook sees none of it, so none is read")]
    shown.sheet_state, book.active = "hidden", 1
    lookup.sheet_state = "visible"
    buf = io.BytesIO()
    book.save(buf)
    assert [t.name for t in read_tables(buf.getvalue(), "book.xlsx") if t.columns] == ["book-Lookup"]


@pytest.mark.parametrize("text", ["Umsatz nach Jahr\nRegion;2023;2024\nNord;10,5;11\nSüd;20,5;21\n",
                                  "sep=;\nUmsatz nach Jahr\n\nRegion;2023;2024\nNord;10,5;11\nSüd;20,5;21\n"])
def test_a_title_above_a_csv_header_of_years_is_no_row_and_no_header(text):
    # (review) a title above a wide table's header of years was read as the header only where every heading was a
    # word: "Region;2023;2024" under "Umsatz nach Jahr" made the file unreadable (a CSV of 1 column, then 3)
    [table] = read_tables(text.encode(), "umsatz.csv")
    assert [(c.name, c.kind, c.values) for c in table.columns] == [
        ("Region", "categorical", ["Nord", "Süd"]), ("2023", "numeric", [10.5, 20.5]), ("2024", "numeric", [11, 21])]
    assert table.issues == []


@pytest.mark.parametrize("number_format, months, names", [
    ("mmm", 14, [f"{2023 + m // 12}-{m % 12 + 1:02d}-01" for m in range(14)]),  # "Jan" twice: which year?
    ("[$-407]mmmm yyyy;@", 2, ["2023-01-01", "2023-02-01"]),  # Excel shows "Januar 2023", strftime "January"
    ("[$-409]mmm\\-yy;@", 2, ["Jan-23", "Feb-23"])])
def test_date_headers_shown_alike_or_in_another_language_are_named_as_iso_dates(number_format, months, names):
    # (review) 14 months formatted "mmm" were named "Jan" ... "Dec", "Jan.1", "Feb.1" (a name no one sees, the
    # year lost), and German month names ("[$-407]") were named in English, "January 2023" for "Januar 2023"
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Region", *(datetime.datetime(2023 + m // 12, m % 12 + 1, 1) for m in range(months))])
    for cell in sheet[1][1:]:
        cell.number_format = number_format
    for row in [["North", *range(months)], ["South", *range(10, 10 + months)]]:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    [table] = read_tables(buf.getvalue(), "months.xlsx")
    assert [c.name for c in table.columns] == ["Region", *names]


@pytest.mark.parametrize("flag", ["discontinued", "*"])
def test_a_second_table_with_an_unnamed_column_of_notes_is_still_a_table_of_its_own(flag):
    # (review) a second table whose rows carry a note or a footnote's flag in a column its header leaves unnamed
    # was taken for rows of the first: "Product" a region, "Stock" and the products' stock its Sales, made text
    text = f"Region,Sales,Units\nN,10,1\nS,20,2\n,,\nProduct,Stock,\nP1,5,{flag}\nP2,7,\n"
    first, second = read_tables(text.encode(), "t.csv")
    assert [(c.name, c.values) for c in first.columns] == [("Region", ["N", "S"]), ("Sales", [10, 20]),
                                                          ("Units", [1, 2])]
    assert [(c.name, c.values) for c in second.columns] == [("Product", ["P1", "P2"]), ("Stock", [5, 7]),
                                                           ("column 3", [flag, None])]
    assert first.issues == second.issues == []


def test_a_table_of_a_sheet_whose_every_row_is_hidden_is_a_reject_beside_the_shown_table():
    # (review) a sheet of two tables, a filter hiding every row of the second: the second vanished with no record
    # (the hidden-rows reject fired only where no table was left in the file), the first was charted alone
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "S"
    for row in [["Region", "Sales"], ["North", 10], ["South", 20], [], ["Product", "Units"], ["Tea", 3],
                ["Coffee", 5]]:
        sheet.append(row)
    sheet.row_dimensions[6].hidden = sheet.row_dimensions[7].hidden = True
    buf = io.BytesIO()
    book.save(buf)
    [table] = [t for t in read_tables(buf.getvalue(), "two.xlsx") if t.rows]
    assert [(c.name, c.values) for c in table.columns] == [("Region", ["North", "South"]), ("Sales", [10, 20])]
    out = records(buf.getvalue(), "two.xlsx")
    assert [(r.reason, r.locator, r.detail) for r in out if isinstance(r, Reject)] == [(
        "filtered:hidden_rows", "table=two-S-2;column=Product",
        "every row of the table is hidden (rows 6 to 7 of sheet 'S'): a reader of the sheet sees none, so none "
        "is read")]
    assert {r.meta["locator"].split(";")[0] for r in out if isinstance(r, Sample)} == {"table=two-S"}


@pytest.mark.parametrize("text", ["City\nBerlin\nParis\nWashington, D.C.\nRome", "City\nBerlin\nParis\nRome\n"])
def test_a_one_column_csv_with_a_comma_in_a_late_row_keeps_every_row(text):
    # (review) a one-column CSV of cities: "Washington, D.C." must stay a city, never the header of the rows below
    [table] = read_tables(text.encode(), "cities.csv")
    assert [(c.name, c.values) for c in table.columns] == [
        ("City", ["Berlin", "Paris", *(["Washington, D.C."] if "D.C." in text else []), "Rome"])]


@pytest.mark.parametrize("text, detail", [
    ("City\nBerlin\nParis\nWashington, D.C.\nSt. Paul, MN\n",
     "row 4 ('Washington', 'D.C.') is the first of two cells or more, under 3 rows of one cell ('City', 'Berlin', "
     "'Paris'): rows of a table of one column (a delimiter unquoted in a cell), or titles above a header? read as "
     "neither"),
    ("City\nBerlin\nWashington, D.C.\nSt. Paul, MN\n",
     "row 3 ('Washington', 'D.C.') is the first of two cells or more, under 2 rows of one cell ('City', 'Berlin'): "
     "rows of a table of one column (a delimiter unquoted in a cell), or titles above a header? read as neither"),
    ("Report\nWashington, D.C.\nRome\nSt. Paul, MN\n",
     "row 2 ('Washington', 'D.C.') is the first of two cells or more, under 1 rows of one cell ('Report'): rows of "
     "a table of one column (a delimiter unquoted in a cell), or titles above a header? read as neither")])
def test_a_row_of_a_one_column_csv_is_never_a_header_with_the_rows_above_it_lost(text, detail):
    # (review) the rule taking one-cell lines above a CSV's header for its title took a city with an unquoted comma
    # ("Washington, D.C.") for the header of a table of two columns: "City", "Berlin", "Paris" were dropped unsaid
    with pytest.raises(TableError) as caught:
        read_tables(text.encode(), "cities.csv")
    assert (caught.value.reason, str(caught.value)) == ("error:table:unsure_header", detail)


def test_a_sheet_of_one_column_with_a_cell_beside_a_later_row_is_a_reject_not_a_table_of_that_row():
    # (review) the sheet's header is its first row of two cells, the rows above it titles: a table of one column
    # with a note beside a later city was read as a table headed by that city, "City", "Berlin", "Paris" dropped
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "S"
    for row in [["City"], ["Berlin"], ["Paris"], ["Washington", "capital"], ["Rome"]]:
        sheet.append(row)
    other = book.create_sheet("T")
    for row in [["Region", "Sales"], ["North", 10], ["South", 20]]:
        other.append(row)
    buf = io.BytesIO()
    book.save(buf)
    detail = ("sheet 'S': row 4 ('Washington', 'capital') is the first of two cells or more, under 3 rows of one cell "
              "('City', 'Berlin', 'Paris'): rows of a table of one column (a cell beside one of its rows), or titles "
              "above a header? read as neither")
    assert [(r.reason, r.locator, r.detail) for r in records(buf.getvalue(), "c.xlsx") if isinstance(r, Reject)] == [
        ("error:table:unsure_header", "table=c-S;column=", detail)]
    assert [[c.name for c in t.columns] for t in read_tables(buf.getvalue(), "c.xlsx")] == [[], ["Region", "Sales"]]
    del book["T"]
    buf = io.BytesIO()
    book.save(buf)
    with pytest.raises(TableError) as caught:
        read_tables(buf.getvalue(), "c.xlsx")
    assert (caught.value.reason, str(caught.value)) == ("error:table:unsure_header", detail)
