"""Vertical CJK writing (Japanese tategaki, traditional Chinese): columns read top to bottom, right to left.

PyMuPDF reports vertical text two ways: as lines in vertical writing mode (``wmode`` 1, a font with
a vertical CMap), or, for PDFs that place each glyph on its own (Chromium's ``writing-mode:
vertical-rl``, many typesetting systems), as one horizontal "line" per glyph, which a horizontal reader
orders by column left to right, a space or a paragraph break between glyphs. Here the glyphs of a
page whose CJK text is mostly vertical are gathered into columns, the columns into paragraphs, and the
page's text blocks rebuilt as one block per paragraph whose lines are its columns, right to left
(``"vertical": True`` on the block), so the rest of the page's markdown reads them as it reads any
paragraph (lines of CJK text join without a space).

A column continues the paragraph of the column to its right when that one runs to the foot of the
text frame and this one starts at its head, one column pitch away; an indented start (a new paragraph
in Japanese typesetting), a short column before it, or a wider gap starts a new paragraph.
"""

from __future__ import annotations

import re
import statistics

from sources.documents.blocks import union_box

# ideographs, kana, CJK punctuation and full-width forms: glyphs that are set upright in vertical writing
_CJK = re.compile("[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\uac00-\ud7af]")
VERTICAL_SHARE = 0.6  # of the page's CJK characters, in vertical pieces, for the page to be read vertically


def _text(line: dict) -> str:
    return "".join(span["text"] for span in line["spans"]).strip()


def _is_vertical_piece(line: dict) -> bool:
    """A line written downwards (vertical writing mode), or one upright CJK glyph on its own."""
    text = _text(line)
    if not text:
        return False
    if line.get("wmode") == 1 or tuple(round(v, 2) for v in line.get("dir", (1, 0))) == (0.0, 1.0):
        return True
    return len(text) == 1 and bool(_CJK.match(text))


def vertical_page(text: dict) -> dict:
    """PyMuPDF's ``get_text("dict")`` result with a vertically written page's text blocks rebuilt as one
    block per paragraph (lines = columns, right to left); any other page comes back as it is. Lines
    that are not vertical pieces (a horizontal page number, a heading set across) keep their blocks."""
    pieces = [(b, ln) for b in text["blocks"] if b.get("type") != 1 for ln in b.get("lines", [])
              if _is_vertical_piece(ln)]
    cjk = sum(len(_CJK.findall(_text(ln))) for b in text["blocks"] for ln in b.get("lines", []))
    if not cjk or sum(len(_CJK.findall(_text(ln))) for _, ln in pieces) < VERTICAL_SHARE * cjk or len(pieces) < 4:
        return text
    taken = {id(ln) for _, ln in pieces}
    kept = [b if b.get("type") == 1 else {**b, "lines": [ln for ln in b["lines"] if id(ln) not in taken]}
            for b in text["blocks"]]
    kept = [b for b in kept if b.get("type") == 1 or b["lines"]]
    paragraphs = _paragraphs(_columns([ln for _, ln in pieces]))
    blocks = [{"type": 0, "vertical": True, "number": len(kept) + i, "bbox": union_box([c["bbox"] for c in columns]),
               "lines": columns} for i, columns in enumerate(paragraphs)]
    return {**text, "blocks": kept + blocks}


def _columns(pieces: list[dict]) -> list[dict]:
    """Pieces gathered into columns (pieces whose centres line up across, touching down the page), each
    as one line of vertical writing: ``{"bbox", "dir": (0, 1), "wmode": 1, "spans": [...]}``."""
    across: list[list[dict]] = []  # pieces whose centres line up across (small kana sit off-centre)
    for piece in sorted(pieces, key=lambda ln: -(ln["bbox"][0] + ln["bbox"][2]) / 2):
        x0, _, x1, _ = piece["bbox"]
        if across and abs(_centre(across[-1]) - (x0 + x1) / 2) < 0.5 * (x1 - x0):
            across[-1].append(piece)
        else:
            across.append([piece])
    columns: list[list[dict]] = []
    for group in across:  # then down the page, cut where a gap leaves a glyph and a half empty
        group.sort(key=lambda ln: ln["bbox"][1])
        columns.append([group[0]])
        for above, piece in zip(group, group[1:]):
            if piece["bbox"][1] - above["bbox"][3] < 1.5 * (piece["bbox"][3] - piece["bbox"][1]):
                columns[-1].append(piece)
            else:
                columns.append([piece])
    out = []
    for members in columns:
        spans = [span for ln in members for span in ln["spans"]]
        first = max(spans, key=lambda s: len(s["text"]))
        bbox = union_box([ln["bbox"] for ln in members])
        out.append({"bbox": bbox, "dir": (0.0, 1.0), "wmode": 1,
                    "spans": [{**first, "text": "".join(s["text"] for s in spans).strip(), "bbox": bbox}]})
    return out


def _paragraphs(columns: list[dict]) -> list[list[dict]]:
    """Columns (right to left) grouped into paragraphs: see the module's note."""
    if not columns:
        return []
    glyph = statistics.median(c["bbox"][2] - c["bbox"][0] for c in columns)
    centres = [(c["bbox"][0] + c["bbox"][2]) / 2 for c in columns]
    steps = [a - b for a, b in zip(centres, centres[1:]) if 0 < a - b < 3 * glyph]
    pitch = statistics.median(steps) if steps else 1.2 * glyph
    head, foot = min(c["bbox"][1] for c in columns), max(c["bbox"][3] for c in columns)
    out = [[columns[0]]]
    for before, column, step in zip(columns, columns[1:], (a - b for a, b in zip(centres, centres[1:]))):
        # line-breaking rules (kinsoku: no "。" at a column's head) may end a full column a glyph short
        runs_on = before["bbox"][3] >= foot - 1.5 * glyph and column["bbox"][1] <= head + 0.5 * glyph
        if runs_on and step <= 1.25 * pitch:
            out[-1].append(column)
        else:
            out.append([column])
    return out


def vertical_order(items: list[tuple]) -> list[tuple]:
    """Page pieces ``(bbox, ...)`` of a vertically written page in reading order: right to left, then
    top to bottom."""
    return sorted(items, key=lambda it: (-round(it[0][2]), it[0][1]))


def _centre(pieces: list[dict]) -> float:
    return statistics.median((p["bbox"][0] + p["bbox"][2]) / 2 for p in pieces)


