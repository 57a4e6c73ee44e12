"""A CSV's dialect, sniffed from its text: the encoding (UTF-8, else what charset-normalizer finds: German Excel
writes cp1252), the delimiter (``,`` ``;`` tab ``|``) by which one splits the rows consistently (the stdlib's csv
parser, quotes and newlines in quoted fields included; Excel's ``sep=;`` line names it), and the decimal mark from
the numbers in them (``0,21``, ``1.234,5``), or why the numbers read either way. `sources.common.tables` reads
the file in it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from typing import NamedTuple

from shards.reject import ReasonError
from sources.common.amounts import CURRENCY

DELIMITERS = (",", ";", "\t", "|")  # tried in this order; the first of equally consistent ones wins
SNIFF_BYTES = 64 * 1024
ENCODING_BYTES = 1 << 20  # a file whose first megabyte is UTF-8 is taken for UTF-8
MIN_ENCODING_EVIDENCE = 64  # non-ASCII bytes below which a guessed encoding is a coin toss ("Süd" read as big5)


class CsvDialect(NamedTuple):
    delimiter: str
    decimal_mark: str
    encoding: str = "utf-8"
    ambiguous: str = ""  # why its numbers read either way ("1.250": 1.25 or 1250?), where nothing settles it


class TableError(ReasonError):
    """A file that holds no usable table; ``reason`` is the reject reason code."""


# Excel's first line naming a CSV's delimiter ("sep=;"): no row of the table; read as its header, "sep=" named the
# column of regions and the real header was a row ("Region" a region, "Sales" a cell of no number); as a CSV writer
# quotes it ('"sep=,"'), in capitals or with a space after, as Excel reads it too
SEP_LINE = re.compile(r"\"?sep=([^\r\n\"])\"?[ \t]*\r?\n", re.IGNORECASE)


def sniff_csv(data: bytes, lower: str = ".csv") -> CsvDialect:
    """The `CsvDialect` of a CSV/TSV from its first 64 KB: the delimiter that splits the rows into the
    header's number of fields most consistently, then ``,`` as decimal mark where the numbers say so
    (``0,21``, ``1.234,5``) more often than they say ``.``; the encoding from its first megabyte."""
    encoding = text_encoding(data)
    text = data[:SNIFF_BYTES].decode("utf-8-sig" if encoding == "utf-8" else encoding, errors="replace")
    if len(data) > SNIFF_BYTES:
        text = text[: text.rfind("\n") + 1] or text
    candidates = ("\t",) if lower.endswith(".tsv") else DELIMITERS
    if said := SEP_LINE.match(text):  # Excel's "sep=;" names it
        candidates, text = (said[1],), text[said.end():]
    best, best_rows, best_score = ",", [], (-1.0, 0, 0)
    for delimiter in candidates:
        try:
            rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if r]
        except csv.Error:  # e.g. a NUL byte: not this delimiter's fault, and no CSV either
            rows = []
        if len(data) > SNIFF_BYTES:
            rows = rows[:-1]  # may be cut inside a quoted field
        # a title of one cell above the header ("Sales report 2024") says nothing of the delimiter
        top = next((i for i, r in enumerate(rows[:20]) if sum(bool(f.strip()) for f in r) > 1), 0)
        rows = rows[top:]
        width = len(rows[0]) if rows else 0
        consistent = sum(len(r) == width for r in rows[1:]) / max(1, len(rows) - 1) if width > 1 else 0.0
        # a delimiter that reads the first line as the header is sooner the file's than one that takes it for a
        # title ("Region;Umsatz" has no comma: one cell, a title, under ",")
        if (consistent, -top, width) > best_score:
            best, best_rows, best_score = delimiter, rows, (consistent, -top, width)
    cells = [_bare_number(c) for r in best_rows[1:] for c in r]
    comma = sum(bool(_COMMA_DECIMAL.fullmatch(c) or _DOT_GROUPS.fullmatch(c)) for c in cells)
    dot = sum(bool(_DOT_DECIMAL.fullmatch(c) or _COMMA_GROUPS.fullmatch(c)) for c in cells)
    ambiguous = ""
    if comma == dot == 0:  # a comma-separated file writes its decimals with a dot, but "€1.500" may be 1500 euros
        ambiguous = _ambiguous_numbers(best_rows, amounts=best == ",")
    # semicolons are how spreadsheets write CSV where the comma is the decimal mark: a tie goes to it
    return CsvDialect(best, "," if comma > dot or (comma == dot and best == ";") else ".", encoding, ambiguous)


def _ambiguous_numbers(rows: list[list[str]], amounts: bool = False) -> str:
    """Why the numbers of a file no cell settles the decimal mark of may be read either way: the first column
    with a lone mark and three digits after it ("1.250": 1.25 or 1250?); "" where no cell has one. ``amounts``:
    only a currency's amounts with a lone dot count (a comma-separated file, whose bare "1.250" is 1.25 as
    pyarrow reads it, and whose "$1,250" groups thousands; but money is seldom written to a thousandth, and
    "€1.500" is how a European writes 1500 euros)."""
    for row in rows[1:]:
        for j, cell in enumerate(row):
            if amounts and not (CURRENCY.search(cell) and "." in cell):
                continue
            if m := _LONE_THREE.fullmatch(_bare_number(cell)):
                name = rows[0][j] if j < len(rows[0]) else f"column {j + 1}"
                return (f"column {name!r}: {cell.strip()!r} may be {m[1]}.{m[2]} or {m[1]}{m[2]}, and no number in "
                        f"the file settles which (one with 1-2 or 4+ digits after its mark, or with two marks)")
    return ""


def _bare_number(cell: str) -> str:
    """A cell as sniffing reads its number: without its currency or parentheses, and a currency's amount without
    the spaces grouping its thousands (``1 234,50 €`` is ``1234,50``, ``$(1.250)`` is ``1.250``). Read as
    written, an amount settled no decimal mark, and "1.250 €" was read as 1.25 where the file may mean 1250."""
    text = cell.strip()
    if text[:1] == "(" and text[-1:] == ")":
        text = text[1:-1].strip()
    bare = CURRENCY.sub("", text).strip()
    if bare == text:
        return text
    bare = bare.removeprefix("(").removesuffix(")").strip()  # "$(1.250)"
    return re.sub(r"(?<=\d) (?=\d{3}(?!\d))", "", bare)


def text_encoding(data: bytes) -> str:
    """``utf-8`` if the first megabyte decodes as UTF-8, else the encoding charset-normalizer finds
    (``cp1252`` for a German Excel export, ``utf_16`` with its BOM...), where the text gives it enough
    to go on: pyarrow would read such text as binary, and a chart would silently lose the column.
    Raises `TableError` (``error:table:unknown_encoding``) rather than guess from a few bytes."""
    head = data[:ENCODING_BYTES]
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(data) <= len(head))
        return "utf-8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(head).best()
    evidence = sum(b > 127 for b in head)
    if best is not None and (best.bom or evidence >= MIN_ENCODING_EVIDENCE):
        return best.encoding
    guess = f"charset-normalizer guesses {best.encoding}" if best is not None else "no encoding fits"
    raise TableError("error:table:unknown_encoding",
                     f"not UTF-8, and {guess} from only {evidence} non-ASCII bytes (needs "
                     f"{MIN_ENCODING_EVIDENCE}); save the file as UTF-8")


# unambiguous decimals: "1,234" may be a thousand in either convention, so three digits after a lone
# mark (without a leading 0, or four digits before it: "1234,567" groups nothing) say nothing
_COMMA_DECIMAL = re.compile(r"[+-]?(\d{1,3}(\.\d{3})+,\d+|0?,\d+|\d+,(\d{1,2}|\d{4,})|\d{4,},\d{3})")
_DOT_DECIMAL = re.compile(r"[+-]?(\d{1,3}(,\d{3})+\.\d+|0?\.\d+|\d+\.(\d{1,2}|\d{4,})|\d{4,}\.\d{3})")
# or a mark that can only group thousands (twice in one number): the other mark is then the decimal one
_DOT_GROUPS = re.compile(r"[+-]?\d{1,3}(\.\d{3}){2,}")
_COMMA_GROUPS = re.compile(r"[+-]?\d{1,3}(,\d{3}){2,}")
_LONE_THREE = re.compile(r"([+-]?[1-9]\d{0,2})[.,](\d{3})")
