"""Lines with right-to-left script (Hebrew, Arabic) in reading order, from where their glyphs stand.

PDF paints glyphs one after another with no notion of direction, and producers store right-to-left text in
two ways: in the order seen (LibreOffice, mPDF, iText: each run's characters left to right as drawn) or in
the order read (OCR layers: each word where it stands, right to left). MuPDF turns right-to-left runs round
but reads a line as a left-to-right paragraph: a Hebrew line "בשנת 2019" drawn as seen came out "2019 בשנת",
and "בשנת (abc) שלום" came out "( שלוםabc) בשנת". Here such a line's characters are taken as they stand on
the page, left to right (which is the same for both ways of storing), and put in reading order by the
Unicode Bidirectional Algorithm (python-bidi, with brackets mirrored), the line's base direction its
majority of strong letters: right to left where most are Hebrew or Arabic (firecrawl/pdf-inspector #440
decides by geometry too; py-pdf/pypdf #1296, pdf.js #20097 report the reversals).
"""

from __future__ import annotations

import re
import unicodedata

from sources.documents.blocks import union_box
from sources.documents.code_blocks import baseline
from sources.documents.lists import BULLET_GLYPHS
from sources.documents.mark_ink import GRAPHEME_JOINER, letters_with_marks
from sources.documents.text_layer import box_key as _key
from sources.documents.text_layer import each_text_block, normal_form, raw_lines, upright

_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
WORD_GAP = 0.25  # font sizes between two characters that part two words


def right_to_left(text: str) -> bool:
    """Whether ``text``'s first strong letter is right-to-left (Hebrew, Arabic): a line's base direction, as
    the Unicode Bidirectional Algorithm's rules P2-P3 find it."""
    for c in text:
        kind = unicodedata.bidirectional(c)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def in_reading_order(page, text: dict, flags: int) -> dict:
    """``text`` (a ``get_text("dict")`` result of ``page`` read with ``flags``, `text_layer.visible`'s) with each
    horizontal line that holds right-to-left script rebuilt from its characters' places: one span, the first
    span's style, its text in reading order. A line's characters are its own ``chars`` where
    `covered_text.uncovered` rebuilt it from those left uncovered, else its twin's in ``rawdict``. ``text``
    itself where no line holds right-to-left script."""
    if not any(_RIGHT_TO_LEFT.search(span["text"]) or _drawn_out_of_place(span)
               for block in text["blocks"] for line in block.get("lines", ()) for span in line["spans"]):
        return text
    raw = raw_lines(page, flags)
    return each_text_block(text, lambda block: [_block_in_order(block, raw, page)])


def rows_left_to_right(text: dict) -> dict:
    """``text`` (a page's dict text) with the horizontal lines of each block that stand on one baseline, one
    after the other, in order from left to right where none holds right-to-left script: MuPDF keeps the content stream's
    order, and texinfo draws a definition's flush-right category first ("[Function] void R_qsort (...)" where
    the page shows "void R_qsort (...) [Function]"). ``text`` itself where every row is in order already."""
    def ordered(block: dict) -> list[dict]:
        lines, out, k = block.get("lines", []), [], 0
        while k < len(lines):
            row = [lines[k]]
            while k + len(row) < len(lines) and abs(baseline(lines[k + len(row)]) - baseline(lines[k])) < 2:
                row.append(lines[k + len(row)])
            k += len(row)
            if len(row) > 1 and all(upright(ln) for ln in row) \
                    and not any(_RIGHT_TO_LEFT.search(s["text"]) for ln in row for s in ln["spans"]):
                shown = sorted(row, key=lambda ln: ln["bbox"][0])
                row = _touching_joined(shown) if shown != row else row
            out += row
        return [{**block, "lines": out}] if out != lines else [block]

    remade = each_text_block(text, ordered)
    return text if all(a is b for a, b in zip(remade["blocks"], text["blocks"])) else remade


# ems between two pieces of a row that make them one word: a glyph set right after the one before it
TOUCHING = 0.1


def _touching_joined(row: list[dict]) -> list[dict]:
    """``row`` (a row's lines, left to right, put so because the content stream drew them out of order) with
    each line that starts where the one before it ends (within `TOUCHING` ems) joined to it, without a space:
    MuPDF starts a new line wherever a glyph is drawn left of the one before it, so a word whose letters were
    drawn right to left came out a line a letter, written "R e v e r s e d" (PyMuPDF #288)."""
    out = [row[0]]
    for line in row[1:]:
        before = out[-1]
        size = min(span["size"] for span in before["spans"] + line["spans"])
        if abs(line["bbox"][0] - before["bbox"][2]) <= TOUCHING * size:
            out[-1] = {**before, "bbox": union_box([before["bbox"], line["bbox"]]),
                       "spans": before["spans"] + line["spans"]}
        else:
            out.append(line)
    return out


def _block_in_order(block: dict, raw: dict, page) -> dict:
    lines = []
    for line in block.get("lines", ()):
        horizontal = abs(line.get("dir", (1.0, 0.0))[1]) < 0.02
        chars = line.get("chars")
        if chars is None and _key(line["bbox"]) in raw:
            chars = _twin_chars(line, raw[_key(line["bbox"])])
        if not chars or not horizontal or not (any(_RIGHT_TO_LEFT.search(s["text"]) for s in line["spans"])
                                               or _drawn_backwards(line, chars)):
            lines.append(line)  # no characters to order it by (its spans read otherwise): as MuPDF reads it
            continue
        lines.append(_line_in_order(line, chars, page))
    return {**block, "lines": lines}


def _drawn_out_of_place(span: dict) -> bool:
    """Whether a dict span's first character (its ``origin``, the first drawn) stands over a fifth of an em right
    of the span's left edge: a left-to-right span starts at its left (on 3,138 pages of real TeX Live manuals
    only right-to-left spans and the TeX logo's lowered E do not), unless the content stream drew its glyphs
    out of order (right to left, or in any sequence: PyMuPDF #288, "drawn ni any order" for "drawn in"). Cheap,
    on every span; `_drawn_backwards` then looks at the characters."""
    return span["origin"][0] > span["bbox"][0] + 0.2 * span["size"] and bool(span["text"].strip())


def _drawn_backwards(line: dict, chars: list[tuple[dict, float]]) -> bool:
    """Whether a line with a span `_drawn_out_of_place` has characters that step back, in the order MuPDF
    holds them, by more than a quarter em (a kerned pair or an accent set over its letter steps back less):
    then it is read as its characters stand (`_line_in_order`), left to right."""
    if line["dir"][0] < 0.9 or not any(_drawn_out_of_place(span) for span in line["spans"]):
        return False  # a line turned upside down runs right to left as drawn: its order is its own
    centres = [(ch["bbox"][0] + ch["bbox"][2]) / 2 for ch, _ in chars if ch["c"] != " "]
    size = max(size for _, size in chars)
    return any(after < before - 0.25 * size for before, after in zip(centres, centres[1:]))


def _twin_chars(line: dict, twin: dict) -> list[tuple[dict, float]]:
    """The characters of ``twin`` (``line`` in ``rawdict``) in the spans ``line`` kept (`text_layer.visible`
    left out those not seen), each with its span's font size."""
    kept = {_key(span["bbox"]): span["size"] for span in line["spans"]}
    return [(ch, kept[_key(span["bbox"])]) for span in twin["spans"] if _key(span["bbox"]) in kept
            for ch in span["chars"]]


def _marker_at_left(clusters: list[list[str]]) -> str:
    """The bullet a right-to-left line's leftmost character is, apart from its words by a space, or "".
    MuPDF lays a right-to-left EPUB's list out with each item's bullet at the left margin, after the item
    as it is read: left there, it was read as the item's last word and the items ran on as one paragraph
    ("פריט ראשון • פריט שני •")."""
    shown = [c[0] for c in clusters]
    while shown and shown[0] == " ":
        shown.pop(0)
    return shown[0] if len(shown) > 2 and shown[0] in BULLET_GLYPHS and shown[1] == " " else ""


def _line_in_order(line: dict, chars: list[tuple[dict, float]], page) -> dict:
    """``line`` of ``page`` as its ``chars`` (rawdict characters, each with its font size) say in reading order."""
    chars = _spaces_as_drawn(chars)
    # each letter with the marks its ink says are on it, else each mark as a character of its own, left to right
    units = letters_with_marks(chars, page, MARK_REACH) or [(ch, size, []) for ch, size in chars]
    units = sorted(units, key=lambda unit: (unit[0]["bbox"][0] + unit[0]["bbox"][2]) / 2)
    clusters: list[list[str]] = []  # a character and the combining marks set on it (vowel points, harakat)
    right_edge = None
    for ch, size, marks in units:
        if _mark(ch["c"]) and clusters:  # a mark whose ink is not known: on the character left of it
            clusters[-1].append(ch["c"])
            continue
        if ch["c"] == " " and clusters and clusters[-1][0] == " ":  # the spaces either side of a covered word
            continue
        # a gap as wide as a word space: a space, which MuPDF writes only where the pen moves on to the right
        # (words stored in reading order, right to left, came out "בשנת2019")
        if right_edge is not None and ch["bbox"][0] - right_edge > WORD_GAP * size and clusters[-1][0] != " " \
                and ch["c"] != " ":
            clusters.append([" "])
        clusters.append([ch["c"], *marks])
        right_edge = ch["bbox"][2]
    strong = [unicodedata.bidirectional(c) for cluster in clusters for c in cluster]
    right = sum(kind in ("R", "AL") for kind in strong) >= sum(kind == "L" for kind in strong)
    marker = _marker_at_left(clusters) if right else ""
    if marker:  # read without it, then put first, where a list item's marker is read
        while clusters[0][0] == " ":
            clusters = clusters[1:]
        clusters = clusters[1:]
    text = normal_form(_read_in_order(clusters, right))
    if marker:
        text = f"{marker} {text.strip()}"
    return {**line, "spans": [{**line["spans"][0], "text": text,
                               "bbox": union_box(span["bbox"] for span in line["spans"])}]}


def _read_in_order(clusters: list[list[str]], right: bool) -> str:
    """``clusters`` (each a character and the marks set on it, left to right as seen) in reading order by the
    Unicode Bidirectional Algorithm, the paragraph's direction right to left where ``right``: each cluster moved
    whole, its marks after it. The algorithm takes a mark's direction from the character before it in the order
    read (rule W1), and seen it is before the mark's own letter or a space: pashta, set at the end of its word,
    was written at the start of the next, "֙וַיַּ֤רְא" for "אֱלֹהִים֙". So the algorithm orders the clusters' first
    characters alone (python-bidi's steps, with brackets mirrored, as its ``get_display`` runs them)."""
    from bidi import algorithm  # the pure Python algorithm: it mirrors brackets, the Rust one not

    storage = algorithm.get_empty_storage()
    storage["base_level"], storage["base_dir"] = (1, "R") if right else (0, "L")
    algorithm.get_embedding_levels("".join(cluster[0] for cluster in clusters), storage)
    marks = {id(ch): "".join(cluster[1:]) for ch, cluster in zip(storage["chars"], clusters)}
    algorithm.explicit_embed_and_overrides(storage)
    for step in (algorithm.resolve_weak_types, algorithm.resolve_neutral_types, algorithm.resolve_implicit_levels,
                 algorithm.reorder_resolved_levels, algorithm.apply_mirroring):
        step(storage, False)
    return "".join(ch["ch"] + marks[id(ch)] for ch in storage["chars"])


# ems a mark's ink may stand off its letter's box and still be on it (a font's rounding, a point at its edge)
MARK_REACH = 0.1
# ems of a space too narrow to part words: a font's nudge between a letter's marks and the next letter
NUDGE = 0.1


def _mark(c: str) -> bool:
    return unicodedata.category(c) in ("Mn", "Me")


def _spaces_as_drawn(chars: list[tuple[dict, float]]) -> list[tuple[dict, float]]:
    """``chars`` (a line's rawdict characters with their font sizes, in MuPDF's order) without what parts no words
    on the page: `GRAPHEME_JOINER`; a space narrower than `NUDGE` other than U+0020 (Ezra SIL under XeLaTeX draws
    a hair space inside "וַֽיְהִי" for the meteg's room, a thin space inside "וַיַּ֧רְא"); and a space MuPDF put
    where a letter it boxes with no width stands (the font's widths give Ezra SIL's vav with holam no advance,
    and "אוֹר" came out "א וֹר"), the letter given the space's box."""
    out: list[tuple[dict, float]] = []
    for ch, size in chars:
        c, (x0, y0, x1, y1) = ch["c"], ch["bbox"]
        if c == GRAPHEME_JOINER or c.isspace() and c != " " and x1 - x0 < NUDGE * size:
            continue
        if not c.isspace() and not _mark(c) and x1 - x0 < 0.01:
            k = len(out) - 1
            while k >= 0 and _mark(out[k][0]["c"]):
                k -= 1
            if k >= 0 and out[k][0]["c"] == " " and abs(out[k][0]["bbox"][0] - x0) < 0.1:
                ch = {**ch, "bbox": (out[k][0]["bbox"][0], y0, out[k][0]["bbox"][2], y1)}
                del out[k]
        out.append((ch, size))
    return out
