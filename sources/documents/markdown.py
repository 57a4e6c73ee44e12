"""A document page as markdown in reading order, from one pass of PyMuPDF's text extraction.

Why not pymupdf4llm: measured here, its page-to-markdown costs 0.008 s a page without
tables and 0.02 s with them (0.34 s with layout analysis), against 0.0007 s for
PyMuPDF's ``get_text("dict")``, which would put the documents stage far below its
speed target. So the structure comes from PyMuPDF's own primitives:
- headings from font size and weight, judged against the document's own styles (`style.document_style`);
- code from monospaced lines, fenced (`code_blocks`); lists from bullet glyphs, numbers and drawn
  bullets (`lists`); line-end hyphens kept or dropped on the document's evidence (`hyphens`);
- blocks in column order (`column_order`: clustered by their left edge between full-width rows); vertical CJK
  writing in columns right to left (`vertical`);
- only what a reader sees, lines joined as `sources.documents.text_layer` does (hyphens, soft
  hyphens, CJK);
- tables from ``page.find_tables()``, only on pages with ruling lines, and borderless ones from
  MuPDF's own line splits (`tables`) or from neighbouring columns of blocks that start the same rows
  (`block_rows`), as markdown pipe tables;
- running headers and footers and page numbers dropped (`style.document_style`): margin lines that repeat
  modulo a page number, and bare numbers that follow the document's page numbering, set apart at the
  page's top or bottom (a number in the body is text);
- superscripts and subscripts drawn apart from their line put back on it (`scripts`); line numbers in the
  margin dropped (`line_numbers`); margin notes read as pieces of their own, after the text beside them;
- text set askew on a page mostly upright (a diagonal "DRAFT" watermark, arXiv's stamp turned along the
  margin) is no part of the text's reading order and no heading: plain paragraphs after the page's text.
"""

from __future__ import annotations

import re

import pymupdf

from sources.documents.blocks import block_pieces, line_text, union_box
from sources.documents.accents import with_accents
from sources.documents.code_blocks import code_markdown, merged_code, with_trailing_comments
from sources.documents.coloured_titles import marked_titles
from sources.documents.column_breaks import continued_across_columns
from sources.documents.column_order import reading_order
from sources.documents.continued_paragraphs import continued_paragraphs
from sources.documents.definition_terms import definition_terms, terms_beside
from sources.documents.covered_text import beyond_the_page, covers, may_paint_over_text, uncovered
from sources.documents.cid_glyphs import with_cid_glyph_chars, with_cid_glyphs_named
from sources.documents.dingbats import with_dingbats_chars, with_dingbats_named
from sources.documents.drop_caps import with_drop_caps
from sources.documents.fixed_pitch import with_fixed_pitch
from sources.documents.footnotes import notes_apart
from sources.documents.heading_rows import wrapped_headings
from sources.documents.headings import numbered_headings
from sources.documents.hyphens import Hyphenation, line_words
from sources.documents.leader_rows import leaders_joined
from sources.documents.letter_spacing import respaced
from sources.documents.line_breaks import ColumnEdges
from sources.documents.line_numbers import without_line_numbers
from sources.documents.literal_emphasis import escaped_blocks, escaped_items, literal
from sources.documents.lists import (drawn_bullets, image_bullets, joined_lists, mark_drawn_bullets,
                                     outside_form_fields, without_radio_dots)
from sources.documents.margin_notes import beside_their_text, margin_notes, notes_in_rows
from sources.documents.paint_order import chars_under_fills, pictures_over_text
from sources.documents.reading_direction import in_reading_order, rows_left_to_right
from sources.documents.script_marks import marked_scripts
from sources.documents.scripts import attach_scripts
from sources.documents.side_by_side import stacks_apart, stacks_together
from sources.documents.sideways import sideways_joined
from sources.documents.spaced_lines import next_item, spaced_joined, spaced_pitches
from sources.documents.style import (HEAD_GAP, MARGIN, TEXT_FLAGS, TEXT_FLAGS_IMAGES, DocumentStyle, document_style,
                                     in_margin, load_page, margin_key)
from sources.documents.math_rows import joined_math_rows, with_inked_boxes
from sources.documents.stacked_math import ink_boxes, stacked_math
from sources.documents.table_runs import with_table_heads
from sources.documents.borderless_tables import borderless_table, cells_of_a_row, table_after_lead
from sources.documents.tables import find_tables, table_area, table_markdown
from sources.documents.label_lists import with_labels_apart
from sources.documents.term_rows import with_term_rows
from sources.documents.text_layer import (Ink, box_key, drawn_codes, join_lines, raw_lines, strip_controls, upright,
                                          visible)
from sources.documents.underscores import drawn_rules, raw_with_underscores, with_underscores
from sources.documents.verse import verse_joined, verse_markdown
from sources.documents.vertical import vertical_order, vertical_page
from sources.documents.word_gaps import with_word_gaps

__all__ = ["DocumentStyle", "document_style", "load_page", "page_markdown", "reading_order"]

def page_markdown(page, style: DocumentStyle, text: dict | None = None, images: bool = False,
                  ink: Ink | None = None, repeated: frozenset[str] = frozenset()) -> tuple[str, list[dict]]:
    """The page's markdown and its blocks in reading order: kind, markdown, bbox in points,
    and each text line with its bbox (for grounding). ``text``: the page's dict text if already
    read. With ``images``, image blocks come too, in place, with kind ``image`` and their ``block``
    (the markdown is the page's text as without them: `page_layouts`).
    Only text a reader sees counts (`text_layer.visible`; with ``ink``, the rendered page, text that
    leaves no mark on it is dropped too). ``repeated``: the `style.margin_key` of the page's margin lines
    that a neighbouring page repeats (`style.MarginMemory`): running matter like the style's own."""
    markdown, blocks, placed = _layouts(page, style, text, images, ink, repeated)
    return markdown, placed if images else blocks


def page_layouts(page, style: DocumentStyle, ink: Ink | None = None,
                 repeated: frozenset[str] = frozenset()) -> tuple[str, list[dict], list[dict]]:
    """``(markdown, blocks, placed)``: what `page_markdown` gives without images and, ``placed``, the blocks
    with images in place, from one reading of the page (the page sample and the interleaved part of a page read
    it once: the second reading was a third of the page stage's CPU, issue #18). The text is read in the order
    of the text alone: an image set behind text (a slide's panels) cuts no band of it; in ``placed``, images
    are read in the page's order with the text, as a figure across the columns is."""
    return _layouts(page, style, None, True, ink, repeated)


def _layouts(page, style: DocumentStyle, text: dict | None, images: bool, ink: Ink | None,
             repeated: frozenset[str]) -> tuple[str, list[dict], list[dict] | None]:
    body, index, pages = style.body, page.number, page.parent.page_count
    drawings = page.get_cdrawings()
    height = page.rect.height
    items = []  # (bbox, kind, markdown, line boxes or image block, the lines themselves)
    notes: set[int] = set()  # the items of margin notes (`_split_columns`), placed after the text beside them
    flags = TEXT_FLAGS_IMAGES if images else TEXT_FLAGS
    read = with_fixed_pitch(page, text or page.get_text("dict", flags=flags))  # (a bitmap font's pitch too)
    read = with_dingbats_named(page, with_cid_glyphs_named(page, read, lambda: raw_lines(page, flags)))
    seen = without_radio_dots(page, visible(read, ink, lambda: raw_lines(page, flags)))
    if not style.read_by_ocr:  # a math extension font's glyphs measured by their ink, not its tall font box
        seen = with_inked_boxes(seen, ink_boxes(page, seen))
    fractions = [] if style.read_by_ocr else stacked_math(drawings, seen, page.rect.width)
    text = with_accents(page, respaced(page, seen, flags), flags)
    if not style.read_by_ocr:  # an OCR page's words are the engine's
        text = with_word_gaps(page, text, flags, style.language)
    rules = [] if style.read_by_ocr else drawn_rules(drawings)  # TeX's underscores (an OCR page's text has its own)
    text = with_underscores(page, text, rules, flags)
    if ink is not None:  # a redaction bar, a picture or a gradient over text hides it
        pictures, hidden = pictures_over_text(page) if may_paint_over_text(page) else ([], [])
        edges = beyond_the_page(page) if page.parent.is_pdf else []
        under = chars_under_fills(page, drawings, [ln for b in text["blocks"] for ln in b.get("lines", ())])
        text = uncovered(page, text, covers(drawings, pictures, ink) + hidden + edges, flags, under)
    text = leaders_joined(text)  # after covers: a browser's leader is a row of dots the title's box lies over
    if not style.read_by_ocr:  # an OCR page's lines come in reading order from the engine
        # after covers: a line rebuilt there is ordered by what is left
        text = rows_left_to_right(in_reading_order(page, text, flags))
    # line numbers go before scripts are attached: lineno's 5 pt number over a heading's 14 pt "2" was its script
    text = without_line_numbers(text)
    scripted = text if style.read_by_ocr else attach_scripts(joined_math_rows(with_drop_caps(text)))  # OCR's boxes show no scripts
    text = sideways_joined(vertical_page(scripted))
    pitches: dict[int, float] = {}  # the line pitch of each size the page sets double-spaced (`spaced_lines`)
    if not style.read_by_ocr:  # a paragraph MuPDF cut into blocks (a line drawn out of order, a taller one)
        # verse set with every other line indented first: its blocks of two lines are no paragraph's pieces
        # and prose set double-spaced: every line a block of its own
        pitches = spaced_pitches(text)
        # and a centred title's rows, a block each
        text = continued_paragraphs(spaced_joined(verse_joined(text, style.body), pitches), style.pitch,
                                    style.body)
        text = marked_titles(notes_apart(wrapped_headings(text, style.body)), style.body)
    vertical = any(block.get("vertical") for block in text["blocks"])
    upright_text = _mostly_upright(text)
    aside: list[tuple] = []  # text set askew (not `upright`) on a page mostly upright: after the page's text
    mark_drawn_bullets(text, outside_form_fields(page, drawn_bullets(drawings) + image_bullets(page)))
    line_boxes = [ln["bbox"] for block in text["blocks"] for ln in block.get("lines", ())]
    page_words = {w for b in text["blocks"] for w in line_words([line_text(ln) for ln in b.get("lines", [])])}
    hyphens = Hyphenation(style.vocabulary, page_words, style.language, style.hyphenates)
    if not style.read_by_ocr:  # after the words are counted: a script's tags are no word
        text = marked_scripts(text)
    tables = find_tables(page, drawings, text)
    columns = ColumnEdges(text)
    table_rects = [table_area(t) for t in tables]

    def in_a_table(rect) -> bool:  # inside a ruled table or its header: its text is the table's (read as well,
        rect = pymupdf.Rect(rect)  # it was written twice)
        return any(rect.intersects(t) and (rect & t).get_area() > 0.5 * rect.get_area() for t in table_rects)

    outside = [block for block in text["blocks"] if block.get("type") == 1 or not in_a_table(block["bbox"])]
    width = page.rect.width  # once, not once a block: page.rect is a MuPDF call each time
    wholes = with_table_heads(with_term_rows(with_labels_apart(outside), body))
    starts = [(k, whole["bbox"][0]) for k, whole in enumerate(wholes) if whole.get("type") != 1]  # (cells' columns)
    stacked: dict[int, int] = {}  # the id of each line of a row of stacks split apart: the row's number
    for block in (part for k, whole in enumerate(wholes)
                  for part in _tables_and_columns(whole, width, hyphens.keeps,
                                                  [x for j, x in starts if j != k])):
        rect = pymupdf.Rect(block["bbox"])
        if "stacks_row" in block:
            stacked.update((id(ln), block["stacks_row"]) for ln in block["lines"])
        if block.get("type") == 1:
            if images:
                items.append((tuple(rect), "image", "", block, []))
            continue
        if in_a_table(rect):
            continue
        if "table" in block:
            items.append((tuple(rect), "table", block["table"], _boxes(block["lines"]), []))
            continue
        lines = [ln for ln in block.get("lines", []) if "".join(s["text"] for s in ln["spans"]).strip()]
        # running heads are set small: a heading-sized line is never one. OCR's blocks are lines stacked by
        # their boxes alone (a running head just above the text's first line joins its block): each line is checked
        if in_margin(rect, height) or style.read_by_ocr:
            lines = [ln for ln in lines if max(sp["size"] for sp in ln["spans"]) >= body * 1.15
                     or not in_margin(ln["bbox"], height)
                     or not _running(ln, style, index, pages, repeated, line_boxes, height)]
        if lines and upright_text and not block.get("vertical") and not any(upright(ln) for ln in lines):
            aside.append((union_box(ln["bbox"] for ln in lines), "text",
                          join_lines([line_text(ln) for ln in lines], hyphens.keeps), _boxes(lines), lines))
        elif lines and block.get("verse"):  # a line a row, as a paragraph of its author's line breaks is written
            items.append((union_box(ln["bbox"] for ln in lines), "text", verse_markdown(lines, hyphens.keeps),
                          _boxes(lines), lines))
        elif lines:
            for kind, md, members in block_pieces(lines, style, hyphens.keeps, columns.right(rect),
                                                     columns.left(rect)):
                items.append((union_box(ln["bbox"] for ln in members), kind, md, _boxes(members), members))
                if block.get("margin_note"):
                    notes.add(id(items[-1]))
    raw: dict[int, list] = {}  # a page's tables share the TextPage their detection read: extracted once
    for table in tables:
        if id(table.textpage) not in raw:
            cells = with_dingbats_chars(page, with_cid_glyph_chars(page, table.textpage.extractRAWDICT()["blocks"]))
            raw[id(table.textpage)] = raw_with_underscores(drawn_codes(cells, ink), rules)
        items.append((tuple(table.bbox), "table", table_markdown(table, hyphens.keeps, raw[id(table.textpage)]),
                      [], []))
    items = terms_beside(with_trailing_comments(_without_page_numbers(items, style, index, pages, page.rect)), body)

    def in_order(items: list[tuple]) -> list[tuple]:
        ordered = merged_code(vertical_order(items) if vertical else
                              beside_their_text(stacks_together(reading_order(items, page.rect.width, hyphens.keeps),
                                                                stacked), notes))
        return numbered_headings(joined_lists(ordered, lambda above, below: next_item(above, below, pitches))) \
            + sorted(aside, key=lambda it: (it[0][1], it[0][0]))

    def characters(line: dict) -> list[dict] | None:  # a code line's glyphs: those a cover left, else its twin's
        if line.get("chars") is not None:  # (character, its span's size) pairs: `covered_text._rebuilt`
            return [char for char, _ in line["chars"]]
        twin = raw_lines(page, flags).get(box_key(line["bbox"]))
        return None if twin is None else [ch for span in twin["spans"] for ch in span["chars"]]

    def pieces(lines: list[dict]) -> list[tuple]:  # the items a block of ``lines`` makes (as above)
        rect = union_box(ln["bbox"] for ln in lines)
        return [(union_box(ln["bbox"] for ln in members), kind, md, _boxes(members), members) for kind, md, members
                in block_pieces(lines, style, hyphens.keeps, columns.right(rect), columns.left(rect))]

    def written(ordered: list[tuple]) -> tuple[str, list[dict]]:
        return _written(definition_terms(ordered, body), columns, pieces, characters, fractions, hyphens.keeps)

    if not any(item[1] == "image" for item in items):
        markdown, blocks = written(in_order(items))
        return markdown, blocks, blocks if images else None
    markdown, blocks = written(in_order([item for item in items if item[1] != "image"]))
    return markdown, blocks, written(in_order(items))[1]


def _written(ordered: list[tuple], columns: ColumnEdges, pieces, characters, fractions: list,
             keeps_hyphen) -> tuple[str, list[dict]]:
    """The page's items in reading order as its markdown and its blocks (`page_markdown`)."""
    # a paragraph a column's foot cut goes on at the next column's top: one paragraph in the markdown, two
    # blocks (each with its own box), the second marked ``continues``
    ordered, continues = continued_across_columns(ordered, columns, pieces)
    # a page's own asterisks and underscores stay characters (`literal_emphasis`); then a paragraph's line that
    # would start another kind of block is escaped (not where it goes on with the paragraph before)
    ordered = [(bbox, kind, code_markdown(lines, characters) if kind == "code" else
                (literal(md) if goes_on else escaped_blocks(literal(md))) if kind == "text" else
                escaped_items(literal(md)) if kind == "list" else md, boxes, lines)
               for (bbox, kind, md, boxes, lines), goes_on in zip(ordered, continues)]
    # the blocks' text is a target as it is (interleaved parts), with the glyphs the layer could not name
    # (`text_layer.unreadable`: `interleaved` leaves such a block out); the page's markdown keeps them for
    # `page_sample`'s checks, which strip what control characters are left after
    blocks = [{"kind": kind, "bbox": _round(bbox), "text": md,
               **({"image": extra} if kind == "image" else {"lines": extra}),
               **({"stacked_math": True} if kind != "image" and _overlaps(bbox, fractions) else {}),
               **({"continues": True} if goes_on else {})}
              for (bbox, kind, md, extra, _), goes_on in zip(ordered, continues)]
    paragraphs: list[str] = []
    for (_, _, md, _, _), goes_on in zip(ordered, continues):
        if goes_on and paragraphs:
            paragraphs[-1] = join_lines([paragraphs[-1], md], keeps_hyphen)
        elif md:
            paragraphs.append(md)
    return "\n\n".join(paragraphs).strip(), blocks


def _overlaps(bbox, boxes: list[tuple]) -> bool:
    """Whether ``bbox`` overlaps any of ``boxes`` (all x0, y0, x1, y1)."""
    return any(bbox[0] < b[2] and b[0] < bbox[2] and bbox[1] < b[3] and b[1] < bbox[3] for b in boxes)


def _tables_and_columns(block: dict, page_width: float, keeps_hyphen=None,
                        starts: list[float] = ()) -> list[dict]:
    """The block as it is with its ``table`` markdown if it is a borderless table
    (`borderless_tables.borderless_table`, its cells' lines joined with ``keeps_hyphen``), else as one block per column
    (`_split_columns`), or per cell where it is a table's row whose cells start where the page's other blocks
    ``starts`` (their left edges, points) do (`borderless_tables.cells_of_a_row`), or per stack where its lines
    stand in stacks side by side (`side_by_side.stacks_apart`; each marked ``stacks_row``, the row's number)."""
    if block.get("vertical"):  # its lines are columns already, in order
        return [block]
    table = borderless_table(block["lines"], keeps_hyphen, block.get("across", ())) if block.get("type") != 1 \
        else None
    if table:
        return [{**block, "table": table}]
    led = table_after_lead(block["lines"], keeps_hyphen) if block.get("type") != 1 else None
    if led is None:
        if block.get("type") != 1 and cells_of_a_row(block["lines"], starts):
            return [{**block, "bbox": ln["bbox"], "lines": [ln]}
                    for ln in sorted(block["lines"], key=lambda ln: ln["bbox"][0])]
        parts = _split_columns(block, page_width)
        # else stacks set side by side far apart (two subfigures' captions, two authors' boxes): a block each
        if len(parts) > 1 or block.get("type") == 1:
            return parts
        stacks = stacks_apart(block, starts)  # (marked a row of stacks: `side_by_side.stacks_together`)
        return [{**part, "stacks_row": id(block)} for part in stacks] if stacks else parts
    lead, rows, table = led
    return [*_split_columns({**block, "bbox": union_box(ln["bbox"] for ln in lead), "lines": lead}, page_width),
            {**block, "bbox": union_box(ln["bbox"] for ln in rows), "lines": rows, "table": table}]


def _split_columns(block: dict, page_width: float) -> list[dict]:
    """A text block as one block per column it spans. MuPDF groups lines by the content stream, so a
    two-column page written row by row (left line, right line, next row...) comes as one block whose
    lines alternate between the columns; order must come from geometry. Lines that overlap
    horizontally are one column; columns narrower than a fifth of the page (a bullet, a label) or of
    one line stay whole, but for margin notes (`margin_notes.is_margin_note`), each a block of its own
    (``margin_note``), after the rest."""
    lines = block.get("lines", [])
    if block.get("type") == 1 or len(lines) < 3:
        return [block]
    columns: list[list] = []  # [x0, x1, lines]
    for line in sorted(lines, key=lambda ln: ln["bbox"][0]):
        x0, _, x1, _ = line["bbox"]
        column = next((c for c in columns if x0 < c[1] - 1 and x1 > c[0] + 1), None)
        if column is None:
            columns.append([x0, x1, [line]])
        else:
            column[0], column[1] = min(column[0], x0), max(column[1], x1)
            column[2].append(line)
    main = max(columns, key=lambda c: len(c[2]))
    notes = margin_notes([c for c in columns if c is not main], main, lines)
    if notes:
        noted = {id(ln) for c in notes for ln in c[2]}
        kept = {id(ln) for ln in lines if id(ln) not in noted}
        rest = [ln for ln in lines if id(ln) in kept]
        parts = _split_columns({**block, "bbox": union_box(ln["bbox"] for ln in rest), "lines": rest}, page_width)
        for members in notes_in_rows([ln for c in notes for ln in c[2]], main[1]):
            parts.append({**block, "bbox": union_box(ln["bbox"] for ln in members), "lines": members,
                          "margin_note": True})
        return parts
    if len(lines) < 4 or len(columns) < 2 or any(c[1] - c[0] < 0.2 * page_width or len(c[2]) < 2 for c in columns):
        return [block]
    parts = []
    for _, _, members in sorted(columns, key=lambda c: c[0]):
        members.sort(key=lambda ln: (ln["bbox"][1], ln["bbox"][0]))
        parts.append({**block, "bbox": union_box(ln["bbox"] for ln in members), "lines": members})
    return parts


def _running(line: dict, style: DocumentStyle, index: int, pages: int, repeated: frozenset[str],
             line_boxes: list, height: float) -> bool:
    """Whether a margin line of page ``index`` is running matter: a running head or foot
    (`DocumentStyle.is_running`, or ``repeated`` on a neighbouring page), or a page number set apart from the
    text (`_set_apart`): a bare number right above or below the text's lines is the text's ("3" over
    "kilograms of flour")."""
    shown = line_text(line)
    if margin_key(shown) in repeated:
        return True
    if not style.is_running(shown, index, pages):
        return False
    if margin_key(shown) in style.running or not style.is_page_number(shown, index, pages):
        return True
    return _set_apart(line["bbox"], line_boxes, height)


def _set_apart(box, line_boxes: list, height: float) -> bool:
    """Whether a line's ``box`` near the top (bottom) of a page ``height`` high has no line below (above) it
    closer than its own height (texinfo leaves 1.15 of it under a page number alone), lines on its own row
    aside (a running head beside its page number): where page numbers are printed."""
    x0, y0, x1, y1 = box
    inward = [b for b in line_boxes if not (b[1] < y1 and b[3] > y0)]  # not on its row
    if y1 < height / 2:
        gap = min((b[1] - y1 for b in inward if b[1] >= y1), default=height)
    else:
        gap = min((y0 - b[3] for b in inward if b[3] <= y0), default=height)
    return gap >= y1 - y0


def _without_page_numbers(items: list[tuple], style: DocumentStyle, index: int, pages: int, rect) -> list[tuple]:
    """Drop a lone page number: a bare number (`DocumentStyle.is_page_number`) that is the page's topmost or
    bottommost piece, lies in the page's outer band on that side (twice `MARGIN`: LaTeX sets its page number
    11-16% above the bottom edge, outside the margin band) and is set apart from everything else by its
    height in the margin band (`_set_apart`), by `HEAD_GAP` times it beyond, as running heads are; a number
    centred on the page in the margin band, with nothing right over it, by half its height (acmart's review
    copies set the folio 5 points under the first column's footnote, 7 points high: "1" was the column's last
    paragraph; a "9" centred under its question is its answer). A number in the body is text: the "9" under
    "The members in favour were:", a "3" on the row of "kilograms of flour" or stacked right above it.
    ``rect``: the page's, in points."""
    height = rect.height
    placed = [it for it in items if it[1] != "image"]
    if not placed:
        return items
    dropped = set()
    for item, top in ((min(placed, key=lambda it: it[0][1]), True), (max(placed, key=lambda it: it[0][3]), False)):
        if item[1] != "text" or not style.is_page_number(item[2], index, pages):
            continue
        x0, y0, x1, y1 = item[0]
        others = [it[0] for it in placed if it is not item]
        over = [box for box in others if box[0] < x1 and box[2] > x0]  # the boxes right over (under) it
        if top:
            outer, gap = y1 < 2 * MARGIN * height, min((box[1] - y1 for box in others), default=height)
            clear = min((box[1] - y1 for box in over), default=height)
        else:
            outer, gap = y0 > (1 - 2 * MARGIN) * height, min((y0 - box[3] for box in others), default=height)
            clear = min((y0 - box[3] for box in over), default=height)
        # centred with nothing right over it: a folio beside a column's foot, not an answer centred under its question
        centred = abs((x0 + x1) / 2 - rect.width / 2) <= 0.02 * rect.width and clear >= y1 - y0
        margin = in_margin(item[0], height)
        if outer and gap >= (0.5 if margin and centred else 1 if margin else HEAD_GAP) * (y1 - y0):
            dropped.add(id(item))
    return [it for it in items if id(it) not in dropped]


def _mostly_upright(text: dict) -> bool:
    """Whether most of a page's characters are set upright (`text_layer.upright`): then text set askew is a
    watermark or a stamp; a page whose content is drawn turned (a landscape table on a portrait page) is read as
    it is."""
    level = askew = 0
    for block in text["blocks"]:
        for line in block.get("lines", ()):
            count = sum(len(span["text"].strip()) for span in line["spans"])
            level, askew = (level + count, askew) if upright(line) else (level, askew + count)
    return level > askew


def _round(bbox) -> list[float]:
    return [round(v, 1) for v in bbox]




def _boxes(lines: list[dict]) -> list[dict]:
    """Each line's box, text, font (of its longest span: the agreement check's unit) and whether it is
    set horizontally (``upright``; these two are not written)."""
    return [{"bbox": _round(ln["bbox"]), "text": strip_controls("".join(sp.get("plain", sp["text"]) for sp in ln["spans"]).strip()),
             "font": max(ln["spans"], key=lambda s: len(s["text"]))["font"] if ln["spans"] else "",
             "upright": abs(ln.get("dir", (1.0, 0.0))[1]) < 0.02} for ln in lines]
