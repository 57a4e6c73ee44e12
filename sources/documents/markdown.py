"""A document page as markdown in reading order, from one pass of PyMuPDF's text extraction.

Why not pymupdf4llm: measured here, its page-to-markdown costs 0.008 s a page without
tables and 0.02 s with them (0.34 s with layout analysis), against 0.0007 s for
PyMuPDF's ``get_text("dict")``, which would put the documents stage far below its
speed target. So the structure comes from PyMuPDF's own primitives:
- headings from font size relative to the document's body size (`document_style`);
- blocks in column order (blocks clustered by their left edge between full-width rows);
- only what a reader sees, lines joined as `sources.documents.text_layer` does (hyphens, soft
  hyphens, CJK);
- list items from bullet or number markers;
- tables from ``page.find_tables()``, only on pages with ruling lines, as markdown;
- running headers and footers and page numbers dropped (`document_style`): margin lines that repeat
  modulo a page number, and bare numbers that follow the document's page numbering.
"""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections import Counter, defaultdict

import pymupdf

from sources.documents.blocks import block_pieces, definition_terms, line_text
from sources.documents.code_blocks import baseline, code_markdown, is_mono, merged_code
from sources.documents.hyphens import Hyphenation, document_language, line_words, typesetter_hyphenates
from sources.documents.lists import drawn_bullets, mark_drawn_bullets
from sources.documents.tables import borderless_table, find_tables, table_markdown
from sources.documents.text_layer import Ink, visible

_PAGE_NUMBER = re.compile(r"^(page\s+)?(\d{1,4}|[ivxlc]{1,7})(\s*(/|of)\s*\d{1,4})?$", re.I)
_DIGITS = re.compile(r"\d+")
MARGIN = 0.12  # top and bottom share of the page where running headers and footers live (LaTeX: ~11%)
# text only (no image blocks), ligatures expanded ("ﬁ" -> "fi"); with images for interleaved documents
_FLAGS = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES & ~pymupdf.TEXT_PRESERVE_LIGATURES
_FLAGS_IMAGES = _FLAGS | pymupdf.TEXT_PRESERVE_IMAGES


@dataclasses.dataclass(frozen=True)
class DocumentStyle:
    """What a document's pages share: ``body``, the size most characters are set in (points);
    ``running``, its running header/footer lines (normalised, digits as ``#``); ``page_offset``,
    printed page number minus page index where the margins show one consistently (None: unknown);
    ``mono_body``, whether (nearly) all its text is monospaced (then monospace does not mark code);
    ``pitch``, the usual distance between the baselines of two body lines of a paragraph (points; None:
    unknown); ``vocabulary``, the lower-cased words of the sampled pages, ``language``, the word
    list they fit, and ``hyphenates``, whether its typesetter hyphenates words (`hyphens`: which
    line-end hyphens are the words' own)."""

    body: float = 11.0
    running: frozenset[str] = frozenset()
    page_offset: int | None = None
    mono_body: bool = False
    pitch: float | None = None
    vocabulary: frozenset[str] = frozenset()
    language: str | None = None
    hyphenates: bool | None = None

    def is_page_number(self, text: str, index: int, pages: int) -> bool:
        """Whether a bare number is page ``index``'s printed page number, not a year or a total."""
        match = _PAGE_NUMBER.match(text.strip())
        if not match:
            return False
        if not match.group(2).isdigit():
            return True  # roman numerals: front matter
        number = int(match.group(2))
        if self.page_offset is not None:
            return number - index == self.page_offset
        return number <= 2 * pages + 10  # no numbering seen: a small number is a page number, 2023 a year


def document_style(doc, pages: int, sample_pages: int = 6) -> tuple[DocumentStyle, dict[int, dict]]:
    """The `DocumentStyle` of a document, from up to ``sample_pages`` pages spread through it, and
    those pages' visible text (so they are not read twice).

    Running lines are margin lines that repeat on at least half the sampled pages with at most their
    page number changing ("Page 3 of 9" is running; "Total for warehouse 3: 412 items" on each page,
    its numbers changing otherwise, is content)."""
    sizes: Counter = Counter()
    mono = 0  # characters set in a monospaced font
    pitches: dict[float, list[float]] = defaultdict(list)  # line size -> distances to the next line's top
    words: Counter = Counter()
    breaks: list[tuple[str, str]] = []  # line-end hyphens: (text before the hyphen, next line)
    seen: dict[str, dict[int, tuple[int, ...]]] = defaultdict(dict)  # margin line -> {page: its numbers}
    offsets: Counter = Counter()
    count = min(pages, sample_pages)
    sampled = sorted({round(i * (pages - 1) / max(1, count - 1)) for i in range(count)})
    texts = {}
    for index in sampled:
        try:
            page = load_page(doc, index)
            texts[index] = visible(page.get_text("dict", flags=_FLAGS))
        except Exception:  # an unloadable page is rejected by the page loop; here it is only not sampled
            continue
        height = page.rect.height
        for block in texts[index]["blocks"]:
            in_margin = block["bbox"][3] < height * MARGIN or block["bbox"][1] > height * (1 - MARGIN)
            lines = block.get("lines", [])
            strings = [line_text(ln).strip() for ln in lines]
            words.update(line_words(strings))
            breaks += [(a[:-1], b) for a, b in zip(strings, strings[1:]) if a[-2:-1].isalpha() and a.endswith("-")]
            for line, below in zip(lines, lines[1:]):
                if 0 < baseline(below) - baseline(line) < 3 * line["spans"][0]["size"]:
                    pitches[round(line["spans"][0]["size"], 1)].append(baseline(below) - baseline(line))
            for line in lines:
                for span in line["spans"]:
                    sizes[round(span["size"], 1)] += len(span["text"].strip())
                    mono += len(span["text"].strip()) if is_mono(span) else 0
                if in_margin:
                    text = " ".join(line_text(line).split())
                    if text.isdigit():  # a bare number: a page number only if it follows the numbering
                        offsets[int(text) - index] += 1
                    else:
                        seen[_norm(text)][index] = tuple(int(d) for d in _DIGITS.findall(text))
    need = max(2, len(sampled) / 2)
    running = frozenset(key for key, where in seen.items()
                        if key and len(sampled) > 1 and len(where) >= need and _modulo_page_number(where))
    offset, votes = offsets.most_common(1)[0] if offsets else (None, 0)
    body = sizes.most_common(1)[0][0] if sizes else 11.0
    mono_body = mono > 0.9 * sum(sizes.values())  # a typewriter-set document; code-heavy ones stay below
    pitch = statistics.median(pitches[body]) if pitches[body] else None
    language = document_language(words)
    return DocumentStyle(body, running, offset if votes >= 2 else None, mono_body, pitch, frozenset(words),
                         language, typesetter_hyphenates(breaks, language)), texts


def load_page(doc, index: int):
    """Page ``index`` as a reader sees it. A page with /Rotate has its rotation baked into its content
    first: else its text comes in the unrotated frame while its image is rotated (boxes off the text,
    every line a paragraph of its own)."""
    page = doc[index]
    if page.rotation and doc.is_pdf:
        page.remove_rotation()
    return page


def _modulo_page_number(where: dict[int, tuple[int, ...]]) -> bool:
    """Whether a line's numbers are the same on every page but for ones that follow the page index."""
    rows = list(where.items())
    for position in range(len(rows[0][1])):
        if len({numbers[position] for _, numbers in rows}) > 1 and \
                len({numbers[position] - index for index, numbers in rows}) > 1:
            return False
    return True


def _norm(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.split()).lower())


def page_markdown(page, style: DocumentStyle, text: dict | None = None, images: bool = False,
                  ink: Ink | None = None) -> tuple[str, list[dict]]:
    """The page's markdown and its blocks in reading order: kind, markdown, bbox in points,
    and each text line with its bbox (for grounding). ``text``: the page's dict text if already
    read. With ``images``, image blocks come too, in place, with kind ``image`` and their ``block``.
    Only text a reader sees counts (`text_layer.visible`; with ``ink``, the rendered page, text that
    leaves no mark on it is dropped too)."""
    body, index, pages = style.body, page.number, page.parent.page_count
    drawings = page.get_cdrawings()
    height = page.rect.height
    items = []  # (bbox, kind, markdown, line boxes or image block, the lines themselves)
    text = visible(text or page.get_text("dict", flags=_FLAGS_IMAGES if images else _FLAGS), ink)
    mark_drawn_bullets(text, drawn_bullets(drawings))
    page_words = {w for b in text["blocks"] for w in line_words([line_text(ln) for ln in b.get("lines", [])])}
    hyphens = Hyphenation(style.vocabulary | page_words, style.language, style.hyphenates)
    tables = find_tables(page, drawings, text)
    table_rects = [pymupdf.Rect(t.bbox) for t in tables]
    for block in (part for whole in text["blocks"] for part in _tables_and_columns(whole, page.rect.width)):
        rect = pymupdf.Rect(block["bbox"])
        if "table" in block:
            items.append((tuple(rect), "table", block["table"], _boxes(block["lines"]), []))
            continue
        if block.get("type") == 1:
            if images:
                items.append((tuple(rect), "image", "", block, []))
            continue
        if any(rect.intersects(t) and (rect & t).get_area() > 0.5 * rect.get_area() for t in table_rects):
            continue
        in_margin = rect.y1 < height * MARGIN or rect.y0 > height * (1 - MARGIN)
        lines = [ln for ln in block.get("lines", []) if "".join(s["text"] for s in ln["spans"]).strip()]
        if in_margin:  # running heads are set small: a heading-sized line is never one
            lines = [ln for ln in lines if max(sp["size"] for sp in ln["spans"]) >= body * 1.15
                     or not _is_running(line_text(ln), style, index, pages)]
        if lines:
            for kind, md, members in block_pieces(lines, style, hyphens.keeps):
                items.append((_bbox_of(members), kind, md, _boxes(members), members))
    for table in tables:
        items.append((tuple(table.bbox), "table", table_markdown(table, hyphens.keeps), [], []))
    items = _without_page_numbers(items, style, index, pages)
    ordered = merged_code(reading_order(items, page.rect.width))
    ordered = [(bbox, kind, code_markdown(lines), boxes, lines) if kind == "code" else (bbox, kind, md, boxes, lines)
               for bbox, kind, md, boxes, lines in definition_terms(ordered, body)]
    blocks = [{"kind": kind, "bbox": _round(bbox), "text": md, **({"image": extra} if kind == "image" else {"lines": extra})}
              for bbox, kind, md, extra, _ in ordered]
    return "\n\n".join(it[2] for it in ordered if it[2]).strip(), blocks


def _tables_and_columns(block: dict, page_width: float) -> list[dict]:
    """The block as it is with its ``table`` markdown if it is a borderless table
    (`tables.borderless_table`), else as one block per column (`_split_columns`)."""
    table = borderless_table(block["lines"]) if block.get("type") != 1 else None
    return [{**block, "table": table}] if table else _split_columns(block, page_width)


def _split_columns(block: dict, page_width: float) -> list[dict]:
    """A text block as one block per column it spans. MuPDF groups lines by the content stream, so a
    two-column page written row by row (left line, right line, next row...) comes as one block whose
    lines alternate between the columns; order must come from geometry. Lines that overlap
    horizontally are one column; columns narrower than a fifth of the page (a bullet, a label) or of
    one line stay whole."""
    lines = block.get("lines", [])
    if block.get("type") == 1 or len(lines) < 4:
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
    if len(columns) < 2 or any(c[1] - c[0] < 0.2 * page_width or len(c[2]) < 2 for c in columns):
        return [block]
    parts = []
    for _, _, members in sorted(columns, key=lambda c: c[0]):
        members.sort(key=lambda ln: (ln["bbox"][1], ln["bbox"][0]))
        boxes = [ln["bbox"] for ln in members]
        bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        parts.append({**block, "bbox": bbox, "lines": members})
    return parts


def _without_page_numbers(items: list[tuple], style: DocumentStyle, index: int, pages: int) -> list[tuple]:
    """Drop a lone page number that is the page's topmost or bottommost text, wherever the
    layout puts it (LaTeX sets it about 12% above the bottom edge, outside the margin band)."""
    texts = [it for it in items if it[1] == "text"]
    if not texts:
        return items
    edges = {id(min(texts, key=lambda it: it[0][1])), id(max(texts, key=lambda it: it[0][3]))}
    return [it for it in items if not (id(it) in edges and style.is_page_number(it[2], index, pages))]


def _round(bbox) -> list[float]:
    return [round(v, 1) for v in bbox]


def _is_running(text: str, style: DocumentStyle, index: int, pages: int) -> bool:
    return _norm(text) in style.running or style.is_page_number(text, index, pages)


def line_text(line) -> str:
    return "".join(span["text"] for span in line["spans"])


def _bbox_of(lines: list[dict]) -> tuple[float, float, float, float]:
    boxes = [ln["bbox"] for ln in lines]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _boxes(lines: list[dict]) -> list[dict]:
    return [{"bbox": _round(ln["bbox"]), "text": line_text(ln).strip()} for ln in lines]


def reading_order(items: list[tuple], page_width: float) -> list[tuple]:
    """Column order: blocks are cut into horizontal bands at full-width blocks; within a band,
    blocks are grouped into columns by their left edge and read column by column."""
    items = sorted(items, key=lambda it: (round(it[0][1]), it[0][0]))
    ordered, band = [], []
    for item in items:
        x0, _, x1, _ = item[0]
        if x1 - x0 > 0.55 * page_width:  # full width: ends the band above it
            ordered += _columns(band)
            band = []
            ordered.append(item)
        else:
            band.append(item)
    return ordered + _columns(band)


def _columns(band: list[tuple]) -> list[tuple]:
    columns: list[list[tuple]] = []
    for item in sorted(band, key=lambda it: it[0][0]):
        if columns and item[0][0] < max(it[0][2] for it in columns[-1]) - 5:
            columns[-1].append(item)  # starts left of the column's right edge: same column
        else:
            columns.append([item])
    return [it for col in columns for it in sorted(col, key=lambda it: it[0][1])]
