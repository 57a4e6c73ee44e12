"""OCR lines as the text a page's layer would give, so a scanned page's markdown is built by the same
layout step as any other page (`markdown.page_markdown`): paragraphs whose wrapped lines are joined,
headings, lists, columns in reading order, running heads and page numbers dropped.

The OCR engine gives lines: text, confidence and a box in image pixels. Here they become PyMuPDF's
``get_text("dict")`` shape in page points: lines stacked closely, overlapping across and of one height
form a block (a paragraph, a list, a heading); each line is one span whose size is its box height, the
same for the block (the median), so a heading set larger stands out from the body. The body size is
the page's own (the size most characters are read at): a scanned document has no text layer to take it
from. Boxes give no font or weight: headings come from size alone. Monospace shows in the words' widths
(`OcrLine.word_widths`), so a listing's lines are marked monospaced (`_mark_fixed_pitch`) and the layout
step fences them as it fences a text layer's code. A table's rows, cut by the engine into cells, are one
block of their own (`ocr_tables.table_runs`).
"""

from __future__ import annotations

import dataclasses
import statistics
from typing import Any

from sources.common.ocr import OcrLine, box_extent, ink_bands, line_crop
from sources.common.pages import render_page
from sources.common.tesseract_lines import FIXED_PITCH, pitch_spread
from sources.documents.blocks import union_box
from sources.documents.heading_rows import HEADING
from sources.documents.ocr_tables import table_runs
from sources.documents.style import in_margin

_FILLED = 16  # MuPDF's "filled" character flag: the glyphs are drawn (OCR read them off the image)
SIZE_STEP = 0.1  # sizes are kept to a tenth of the body's: box heights vary a little with the letters


def ocr_text(lines: list[OcrLine], scale: float, page_size: tuple[float, float] | None = None,
             rules: list[tuple[float, float, float, float]] = (),
             across: list[tuple[float, float, float, float]] = ()) -> tuple[dict, float]:
    """``lines`` (boxes in image pixels, the image rendered at ``scale`` pixels a point) as a
    ``get_text("dict")`` result in points, and the page's body size (points). ``page_size`` (width,
    height in points; else the lines' own extent) tells a real column from a listing's comments and keeps
    the margins' pieces apart (`_trailing_pieces_joined`); ``rules`` (the page's rules down, boxes in
    points) part a ruled table's cells however close (`ocr_tables.table_runs`), and ``across`` (its rules across,
    boxes in points) its rows (`borderless_tables.borderless_table`): a table's block carries them
    (``"across"``)."""
    in_pixels = [tuple(v * scale for v in rule) for rule in rules]
    kept = _stray_words_joined([line for line in lines if line.text.strip()], in_pixels)
    items = [_line(line, scale) for line in kept]
    if not items:
        return {"blocks": []}, 11.0
    body = statistics.median(_height(it) for it in items for _ in range(max(1, len(it["spans"][0]["text"]) // 8)))
    widths = {id(it): line.word_widths for it, line in zip(items, kept)}
    tables = table_runs(items, list(rules), list(across))
    in_tables = {i for run in tables for i in run[0]}
    # a table is set as large as the text round it or smaller, so its cells may lower the body but never
    # raise it: a 10-point table's twenty cells outweighed the two 11-point sentences round it, and the
    # first was written as a heading. The text's own size (`_body_size`) is the body where it is larger,
    # its lines a heading's size (`heading_rows.HEADING` of the body) left out: a heading over a table, the
    # most of the text outside it, was the body it was measured against and written as a paragraph
    prose = [it for it in items if id(it) not in in_tables and _height(it) < HEADING * body]
    if tables and any(_characters(it) for it in prose):
        body = max(body, _body_size(prose))
    blocks: list[list[dict]] = []
    for item in sorted((it for it in items if id(it) not in in_tables), key=lambda it: (it["bbox"][1], it["bbox"][0])):
        block = next((b for b in reversed(blocks) if _continues(b, item)), None)
        if block is None:
            blocks.append([item])
        else:
            block.append(item)
    if page_size is None:
        page_size = (max(it["bbox"][2] for it in items) - min(it["bbox"][0] for it in items),
                     max(it["bbox"][3] for it in items) + min(it["bbox"][1] for it in items))
    typewritten = _mark_fixed_pitch(blocks, widths)
    blocks = _trailing_pieces_joined(blocks, *page_size)
    for _, run in tables:  # a table's cells are its own block, not pieces to join to a line beside them
        top = run[0]["bbox"][1]
        blocks.insert(next((k for k, b in enumerate(blocks) if b[0]["bbox"][1] > top), len(blocks)), run)
    if typewritten:  # like a text layer's monospaced body (`style.DocumentStyle.mono_body`): no code told
        for line in (it for block in blocks for it in block):
            line["spans"][0]["flags"] &= ~_MONO
    out = []
    ruled = {id(run) for _, run in tables} if across else set()
    for number, members in enumerate(blocks):
        # a table's rules across go with it, for `markdown` to read its rows by (`borderless_table`)
        extra = {"across": list(across)} if id(members) in ruled else {}
        size = body * max(SIZE_STEP, round(statistics.median(_height(it) for it in members) / body / SIZE_STEP)
                          * SIZE_STEP)
        members = [{**it, "spans": [{**it["spans"][0], "size": size}]} for it in members]
        out.append({"type": 0, "number": number, "bbox": union_box(it["bbox"] for it in members), "lines": members,
                    **extra})
    return {"blocks": out}, body


STRAY_WORDS = 2  # words of a piece that may stand apart from its line on its row (`_stray_words_joined`)
STRAY_GAP = 0.6  # line heights between a stray piece and its line at most: a space, not a gutter
LETTER_GAP = 0.12  # line heights between a stray piece and its line under which it is letters of the same word


def _stray_words_joined(lines: list[OcrLine], rules: list[tuple[float, float, float, float]] = (),
                        ) -> list[OcrLine]:
    """``lines`` with each piece of at most ``STRAY_WORDS`` words that stands on another line's row
    just before or after it (less than ``STRAY_GAP`` of its height apart) made part of that line: a word
    the engine found apart, or read afterwards from ink no line covered (`ocr_holes`: "come" of a
    typewritten paragraph's "come back may skip", which stood as a paragraph of its own at the page's
    end). A column's gutter is wider than a space, and a table's cells are placed by their rows; a rule down
    between them (``rules``, boxes in the lines' pixels) parts a ruled table's cells however close: "12",
    "0.50" and "6.00", set tightly between their rules, were one cell "12 0.50 6.00". A piece closer than
    ``LETTER_GAP`` is joined without a space: the last letters of a word the engine lost, read afterwards
    from their ink (a cell's "Cheese" touching the rule beside it, read "Chees" and "e", was "Chees e")."""
    out = list(lines)
    for piece in sorted(lines, key=lambda ln: len(ln.text.split())):
        if len(piece.text.split()) > STRAY_WORDS or piece not in out:
            continue
        px0, py0, px1, py1 = box_extent(piece.box)
        for i, line in enumerate(out):
            if line is piece:
                continue
            x0, y0, x1, y1 = box_extent(line.box)
            same_row = min(y1, py1) - max(y0, py0) > 0.5 * min(y1 - y0, py1 - py0) \
                and 0.6 < (py1 - py0) / max(y1 - y0, 1e-6) < 1.67
            reach = STRAY_GAP * (y1 - y0)
            if same_row and (0 <= x0 - px1 <= reach or 0 <= px0 - x1 <= reach) and not any(
                    min(x0 + x1, px0 + px1) / 2 < (r[0] + r[2]) / 2 < max(x0 + x1, px0 + px1) / 2
                    and r[1] <= (py0 + py1) / 2 <= r[3] for r in rules):
                first, second = (piece, line) if px1 <= x0 else (line, piece)
                box = [[min(px0, x0), min(py0, y0)], [max(px1, x1), min(py0, y0)], [max(px1, x1), max(py1, y1)],
                       [min(px0, x0), max(py1, y1)]]
                space = "" if max(x0 - px1, px0 - x1) < LETTER_GAP * (y1 - y0) else " "
                out[i] = dataclasses.replace(line, text=f"{first.text.strip()}{space}{second.text.strip()}",
                                             box=box, confidence=min(line.confidence, piece.confidence),
                                             word_widths=None)
                out.remove(piece)
                break
    return out


class OcrMargins:
    """`style.document_style`'s ``read_margins`` where scanned pages are read by OCR: a page's margin
    lines (`style.MARGIN`, top and bottom) as ``get_text("dict")`` gives a text layer's, read by
    ``context``'s scan engine off the page rendered as `page_sample` renders it (``options``:
    `read.DocumentOptions`), lines under ``options.ocr_min_confidence`` left out. The whole page is
    searched for lines (a band cut out alone would be scaled up to the detector's 736 pixels, four
    times the page's cost) and only those in the margins are recognised; what the search found is kept
    in ``boxes`` (page index -> line boxes) for `page_sample` to read the page without searching it again,
    and the page's image in ``rendered`` (page index -> `Rendered`) for it not to render or straighten
    the page again. A page lying on its side or upside down (`scan_orientation`) whose orientation OSD is
    sure of has its margins read turned upright, with the upright page's ``height`` (points), and the turn
    is kept in ``turns`` (page index -> `tesseract.Orientation`) for `page_sample` to turn the page without
    asking again (its image is not kept: `page_sample` renders it turned)."""

    def __init__(self, context, options):
        self.context, self.options = context, options
        self.boxes: dict[int, list] = {}
        self.rendered: dict[int, Rendered] = {}
        self.turns: dict[int, object] = {}

    def __call__(self, page) -> dict:
        from sources.documents.scan_orientation import osd_pixels, page_signs

        pix, scale, pixels = self._render(page)
        engine = self.context.scan_engine()
        boxes = engine.detect(pixels)
        sign, _ = page_signs(engine, page, pixels, boxes, self.options.ocr_min_confidence)
        orientation = engine.orientation(osd_pixels(page, self.options.max_image_side)) if sign else None
        if orientation is not None and orientation.turn:
            # its running heads lie down its side: read as `page_sample` will read the page, turned upright;
            # where OSD is unsure, only if the page turned so shows no sign of being wrong (a page of a few
            # lines), and `page_sample` asks OSD again and reads it turned only as cleanly
            before = page.rotation
            page.set_rotation((before + orientation.turn) % 360)
            try:
                upright, upright_scale, upright_pixels = self._render(page)
                upright_boxes = engine.detect(upright_pixels)
                if orientation.sure or not page_signs(engine, page, upright_pixels, upright_boxes,
                                                      self.options.ocr_min_confidence)[0]:
                    if orientation.sure:
                        self.turns[page.number] = orientation
                    return {**self._margins(upright, upright_scale, upright_pixels, upright_boxes),
                            "height": page.rect.height}
            finally:
                page.set_rotation(before)
        self.boxes[page.number] = boxes
        return self._margins(pix, scale, pixels, boxes, keep=page.number)

    def _render(self, page):
        import numpy as np

        pix, scale = render_page(page, self.options.max_image_side)
        return pix, scale, np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)

    def _margins(self, pix, scale: float, pixels, boxes, keep: int | None = None) -> dict:
        """The margin lines of the page image ``pixels`` (its ``boxes`` found), as ``get_text("dict")``;
        the image kept in ``rendered`` as page ``keep``'s where given."""
        engine = self.context.scan_engine()
        margins = [box for box in boxes if _in_margin(box, pix.height)]
        lines = engine.read(pixels, margins)  # an engine that takes no boxes reads all
        skew = straight = None
        if getattr(engine, "reads_skewed", False):
            skew, straight, lines = _as_straightened(pixels, boxes, lines)
            pixels = straight if straight is not None else pixels
        if keep is not None:
            self.rendered[keep] = Rendered(pix, scale, skew, straight)
        if engine is not self.context.ocr_engine():
            lines = outer_lines_reread(lines, pixels, self.context.ocr_engine())
        lines = [line for line in lines
                 if _in_margin(line.box, pix.height) and line.confidence >= self.options.ocr_min_confidence]
        return ocr_text(lines, scale)[0]


@dataclasses.dataclass(frozen=True)
class Rendered:
    """A page as `OcrMargins` rendered it (``pix``, ``scale``: `pages.render_page`'s) and, where
    ``skew`` degrees turn it by `page_sample.MIN_SKEW` or more, ``straight``: its pixels straightened."""

    pix: Any
    scale: float
    skew: float | None = None
    straight: Any = None


def _as_straightened(pixels, boxes, lines):
    """``(skew, straightened pixels or None, lines)`` of a page as `page_sample` reads it (``boxes``: its
    lines' boxes, which tell its slope ``skew``): where it is turned, the page straightened and the lines
    turned with it. Its margin lines are
    then read again (`outer_lines_reread`) off the image and boxes the page's own are read again off, so
    those readings are made once (a turned page's margins were read again twice, ~0.1 s of PP-OCR a page)."""
    from sources.common.ocr import skew_degrees, turn_lines
    from sources.documents.page_sample import MIN_SKEW, straightened  # it imports this module

    skew = skew_degrees(boxes)
    if abs(skew) < MIN_SKEW:
        return skew, None, lines
    return skew, straightened(pixels, skew), turn_lines(lines, skew, pixels.shape[1], pixels.shape[0])


TYPEWRITTEN = 0.9  # share of a page's judged characters in a monospaced font past which it is typewritten
_MONO = 8  # MuPDF's span flag for a fixed-pitch font, which `code_blocks.is_mono` reads


def _mark_fixed_pitch(blocks: list[list[dict]], widths: dict[int, tuple | None]) -> bool:
    """Marks the lines of ``blocks`` (lines as `_line` makes them; ``widths``: id of a line -> its
    `OcrLine.word_widths`) that are set in a monospaced font with `_MONO`, and says whether the page is
    typewritten: nearly all its judged characters monospaced (an old report, an RFC). A line is judged
    on its words and its block neighbours' (one font, one pitch: a listing's lines hold few words, "match
    point:"), or its whole block's where those are too few (`tesseract_lines.PITCH_WORDS`); with fewer
    still it is not judged: a few words of a heading ("About The SQLite Team") fall on one pitch by
    chance, and were fenced as code when lines were judged alone."""
    marked, judged = 0, 0
    for block in blocks:
        words = [widths.get(id(it)) or () for it in block]
        for i, line in enumerate(block):
            spread = pitch_spread([w for ws in words[max(0, i - 1):i + 2] for w in ws])
            if spread is None:
                spread = pitch_spread([w for ws in words for w in ws])
            if spread is None:
                continue
            judged += len(line["spans"][0]["text"])
            if spread < FIXED_PITCH:
                marked += len(line["spans"][0]["text"])
                line["spans"][0]["flags"] |= _MONO
    return marked > TYPEWRITTEN * judged


def outer_lines_reread(lines: list[OcrLine], pixels, engine) -> list[OcrLine]:
    """``lines`` of a page image ``pixels`` with its outermost ones (the top row and the bottom row, each
    within the page's top or bottom `style.MARGIN`: where running heads, footers and page numbers live)
    read again by ``engine`` from their crops at twice the size, that reading kept where it is the more
    confident. The scan engine reads small print worst: Tesseract read a scanned manual's 8-point running
    head, a URL, at confidence 0.0-0.3 ("pythond.11/sqite3.himitcursor-objects") and its footer "Page 1 of
    3" as "Page 1013" or "Page 1 ot", so no two pages' margins matched and running lines stayed in the
    text; PP-OCR's recogniser read them at 0.9-1.0, the same on every page (bench.doc_quality's scans).
    Sampled margins (`OcrMargins`) and the page's own lines are read again alike, so they match."""
    height = pixels.shape[0]
    extents = [box_extent(line.box) for line in lines]
    if not extents:
        return lines
    usual = statistics.median(y1 - y0 for _, y0, _, y1 in extents)
    top, bottom = min(e[1] for e in extents), max(e[3] for e in extents)
    outer = [i for i, (_, y0, _, y1) in enumerate(extents) if _in_margin(lines[i].box, height)
             and (y0 <= top + usual / 2 or y1 >= bottom - usual / 2)]
    out = list(lines)
    for i in outer:
        box = _inked_rows(pixels, lines[i].box)
        text, confidence = engine.recognise(line_crop(pixels, box, zoom=2.0))
        if text.strip() and confidence > lines[i].confidence:
            # a box specks stretched to over 1.5 times its ink is cut to the ink (it read as a heading's
            # size); another keeps its height, which the layout step joins a paragraph's lines by
            tall = box_extent(lines[i].box)[3] - box_extent(lines[i].box)[1] > 1.5 * (box[2][1] - box[0][1])
            out[i] = dataclasses.replace(lines[i], text=text.strip(), confidence=confidence,
                                         box=box if tall else lines[i].box, word_widths=None)
    return out


def _inked_rows(pixels, box: list[list[float]]) -> list[list[float]]:
    """``box`` cut, top and bottom, to its band of rows with the most ink: Tesseract's box round a running
    head took in specks above and below (40 pixels high round letters of 13), and PP-OCR then read the
    head as "Pho3oahstens" where it read the tight crop right."""
    x0, y0, x1, y1 = (int(round(v)) for v in box_extent(box))
    dark, bands = ink_bands(pixels[max(0, y0):y1 + 1, max(0, x0):x1 + 1])
    if not bands:
        return box
    _, top, bottom = max((int(dark[start:stop].sum()), start, stop) for start, stop in bands)
    top, bottom = max(0, y0) + top, max(0, y0) + bottom
    return [[float(x0), float(top)], [float(x1), float(top)], [float(x1), float(bottom)], [float(x0), float(bottom)]]



def _in_margin(box: list[list[float]], height: float) -> bool:
    ys = [y for _, y in box]
    return in_margin((0, min(ys), 0, max(ys)), height)


def ocr_style(style, body: float):
    """The document's `style.DocumentStyle` for a page read by OCR (``read_by_ocr``: no code told by
    its font, running lines matched a misread letter apart): its body size the page's own, and no
    paragraph sizes (the OCR sees no fonts to set paragraphs in)."""
    return dataclasses.replace(style, body=body, paragraph_sizes=frozenset(), read_by_ocr=True)


def _line(line: OcrLine, scale: float) -> dict:
    xs, ys = [p[0] / scale for p in line.box], [p[1] / scale for p in line.box]
    bbox = (min(xs), min(ys), max(xs), max(ys))
    height = bbox[3] - bbox[1]
    span = {"text": line.text.strip(), "size": height, "font": "ocr", "flags": 0, "char_flags": _FILLED,
            "alpha": 255, "color": 0, "bbox": bbox, "origin": (bbox[0], bbox[3] - 0.2 * height)}
    return {"bbox": bbox, "dir": (1.0, 0.0), "wmode": 0, "spans": [span]}


def _height(item: dict) -> float:
    return item["bbox"][3] - item["bbox"][1]


def _characters(item: dict) -> int:
    return len("".join(item["spans"][0]["text"].split()))


def _body_size(items: list[dict]) -> float:
    """The height (points) most of ``items``' characters are read at, each line weighed by its characters, as
    a text layer's body is the size most of its characters are set in."""
    weighed = sorted((_height(it), _characters(it)) for it in items)
    half, total = sum(w for _, w in weighed) / 2, 0
    for height, weight in weighed:
        total += weight
        if total >= half:
            return height
    return weighed[-1][0]


COLUMN_SHARE = 0.2  # of the page's width: a column is no narrower (as `markdown._split_columns` has it)


def _trailing_pieces_joined(blocks: list[list[dict]], page_width: float, page_height: float) -> list[list[dict]]:
    """``blocks`` with a block of pieces that each end a line of a block to their left (aligned code
    comments: "$ cat <&3 >&4" and, after a wide gap, "# redirect stdin to 3") joined to those lines.
    The engines cut a line at a wide gap (a running head and its page number, a table's cells), so a
    listing's comments stood as a column of their own and were read after the whole listing (bench.
    doc_quality's scans). A real column is told apart by its left neighbour: that is a column too, at
    least ``COLUMN_SHARE`` of the page wide, and most of its lines beside the pieces fill it (they end
    within a quarter of its width of its right edge), where the commands beside a comment are of any
    length and a listing can be narrow. A line alone in the page's margins (`style.in_margin`) keeps its
    pieces apart: a running head and its page number are matched as running lines apart (a listing at a
    page's top is several lines)."""
    out = [list(block) for block in blocks]
    for right in list(out):
        for left in out:
            if left is right or not left or (len(left) == 1 and in_margin(left[0]["bbox"], page_height)):
                continue
            partners = [_row_partner(left, line) for line in right]
            if not all(partners):
                continue
            edge = max(it["bbox"][2] for it in left)
            width = edge - min(it["bbox"][0] for it in left)
            filling = sum(p["bbox"][2] >= edge - 0.25 * width for p in partners)
            column = (width >= COLUMN_SHARE * page_width and filling >= len(partners) / 2
                      and not all(_a_space_apart(p, piece) for p, piece in zip(partners, right)))
            if len({id(p) for p in partners}) == len(partners) and not column:
                for partner, piece in zip(partners, right):
                    left[left.index(partner)] = _joined(partner, piece)
                right.clear()
            break
    return [block for block in out if block]


SPACE_CELLS = 1.6  # character cells between two monospaced pieces of one line at most (`_a_space_apart`)


def _a_space_apart(line: dict, piece: dict) -> bool:
    """Whether ``piece``, right of ``line`` on its row, is the rest of that line: both monospaced and
    at most ``SPACE_CELLS`` of its character cells apart, a space and the glyphs' side bearings. In
    monospaced text the spaces of consecutive lines fall in one column and Tesseract cuts a typewritten
    page's paragraphs there into "columns" one space apart; a gutter is wider."""
    if not (line["spans"][0]["flags"] & piece["spans"][0]["flags"] & _MONO):
        return False
    x0, _, x1, _ = line["bbox"]
    pitch = (x1 - x0) / max(len(line["spans"][0]["text"]) - 0.4, 1.0)
    return piece["bbox"][0] - x1 <= SPACE_CELLS * pitch


def _row_partner(block: list[dict], piece: dict) -> dict | None:
    """The line of ``block`` on ``piece``'s row (overlapping over half the lower's height, of about its
    height) that ends left of it, if any."""
    x0, y0, _, y1 = piece["bbox"]
    for line in block:
        lx0, ly0, lx1, ly1 = line["bbox"]
        if lx1 <= x0 and min(y1, ly1) - max(y0, ly0) > 0.5 * min(y1 - y0, ly1 - ly0) \
                and 0.75 < (y1 - y0) / max(ly1 - ly0, 1e-6) < 1.33:
            return line
    return None


def _joined(line: dict, piece: dict) -> dict:
    """``line`` with ``piece`` (to its right on its row) as the end of its one span."""
    bbox = union_box([line["bbox"], piece["bbox"]])
    span = line["spans"][0]
    return {**line, "bbox": bbox, "spans": [{**span, "text": f"{span['text']} {piece['spans'][0]['text']}",
                                             "bbox": bbox}]}


def _continues(block: list[dict], line: dict) -> bool:
    """Whether ``line`` is the next line of ``block``: just below its last line, overlapping it across
    by half the narrower, of about its height (the block's usual line height: a line of short letters,
    "continue", is a third lower than "yield number" below it). Just below: where the block has a line
    pitch already, at most a third of a line further than that pitch (paragraphs are spaced apart a
    little more than their lines); else with a gap under 0.7 line heights."""
    above = block[-1]
    ax0, ay0, ax1, ay1 = above["bbox"]
    x0, y0, x1, _ = line["bbox"]
    h_above, h = statistics.median(_height(it) for it in block), _height(line)
    overlap = min(ax1, x1) - max(ax0, x0)
    if not (overlap > 0.5 * min(ax1 - ax0, x1 - x0) and 0.75 < h / max(h_above, 1e-6) < 1.33 and y0 > ay1 - 0.3 * h):
        return False
    if len(block) >= 2:
        pitch = statistics.median(b["bbox"][1] - a["bbox"][1] for a, b in zip(block, block[1:]))
        return y0 - ay0 < pitch + 0.3 * h
    return y0 - ay1 < 0.7 * max(h, h_above)


