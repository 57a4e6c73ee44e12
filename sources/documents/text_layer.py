"""What a page's text layer says, limited to what a reader sees, in one normal form.

Every text-layer target goes through here (page markdown, interleaved parts), so a fix lands
everywhere at once:
- invisible text is dropped: render mode 3 (the OCR layer laid over a scanned page), the clip-only
  copies modes 4-7 leave (MuPDF reports both with opacity 0 or neither filled nor stroked), and text
  that leaves no ink on the rendered page (white on white, hidden under an image), and text squeezed or
  stretched past reading (a sentence at ``3 Tz``, a grey smudge: `scaled_text`);
- text drawn over itself is read once: "fake bold" (a run painted twice, half a point apart) and
  shadows (the same title five times, each a little offset) show one line to a reader but come out of
  the text layer as one line per copy (PyMuPDF #218, pdfplumber #71, pypdf #1731, smalot/pdfparser
  #464, PdfPig #471); MuPDF itself merges only glyphs repeated at the very same spot;
- Unicode NFC; soft hyphens (U+00AD) never stay inside a word: one at a line end joins the lines;
- lines are joined without a space between CJK characters ("常常带" + "着孩子" -> "常常带着孩子");
- a glyph the layer cannot name is never written as a character it is not. MuPDF gives a font's raw code
  where the font maps it to nothing (no ToUnicode, a glyph name it does not know: pdfTeX's Type3 bitmap
  fonts, "a136"), or a control character where a broken ToUnicode map says so: a control character
  (`UNNAMED`), which ftfy then "repaired" as cp1252 (gnuplot's and Asymptote's itemize bullets, TS1's
  \\textbullet at code 0x88, were written "ˆ"). On the rendered page (`visible` with ``ink`` and ``raw``)
  one that leaves no ink draws nothing and is dropped; one alone before a line's text is a list bullet
  (`_bullet_first`); LaTeX's picture fonts draw lines and quarter circles (texinfo's rounded boxes), not
  text (`_PICTURE_FONT`); any other leaves the page's text unreadable where it stands (`page_sample`
  reads the page by OCR or refuses it);
- control characters (NUL...) never reach a target (`strip_controls`, after the garbage check,
  which counts them as signs of a broken text layer).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from typing import Callable

import numpy as np

from sources.common.ink import inked
from sources.documents.cid_glyphs import with_cid_glyph_chars
from sources.documents.hyphens import SUSPENDED
from sources.documents.math_fonts import drawn_symbols, is_math_extension, tall_codes
from sources.documents.scaled_text import may_be_scaled, scaled
from sources.documents.small_caps import as_shown
from sources.documents.stacked_math import is_math_font

_FILLED, _STROKED, _CLIPPED = 16, 32, 64  # MuPDF's FZ_STEXT_FILLED / _STROKED / _CLIPPED character flags
SOFT_HYPHEN = "\u00ad"
# pixels a span's font size must reach in the page image to be read there: text set smaller (0.5 point
# lines hidden among the body, a "microprint" line) is a smudge in the image, whatever the layer holds
MIN_GLYPH_PIXELS = 3.0
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# a code the font names no character for, as MuPDF passes it on: C0 and C1 controls (tab and line ends aside)
UNNAMED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
UNKNOWN = "\ufffd"  # MuPDF's own word for a glyph it cannot name
# LaTeX's picture-mode fonts: quarter circles and line slopes that draw boxes and arrows, never text
_PICTURE_FONT = re.compile(r"^(?:[A-Z]{6}\+)?(?:lcircle|lcirclew|line|linew)10$", re.IGNORECASE)
# CJK ideographs, kana, hangul, CJK punctuation and full-width forms: written without spaces
_CJK = re.compile("[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                  "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0002fa1f]")


class Ink:
    """The rendered page in grey, to tell drawn text from text that leaves no mark.

    pixels: (H, W) uint8; scale: pixels per point (the page was rendered at this zoom); seen_scale: pixels
    per point of the image a reader sees the page in, where text too small to read is judged
    (`MIN_GLYPH_PIXELS`): the page sample's, also where the ink is looked at in a smaller rendering."""

    def __init__(self, pixels: np.ndarray | None, scale: float, pix=None, seen_scale: float | None = None):
        self._pixels, self.scale, self._pix = pixels, scale, pix
        self.seen_scale = scale if seen_scale is None else seen_scale

    @classmethod
    def of_pixmap(cls, pix, scale: float, seen_scale: float | None = None) -> "Ink":
        """The page's ink from its rendered pixmap, made grey when first looked at: a scanned page has no
        text to check, and the conversion took 16 ms of its CPU."""
        return cls(None, scale, pix, seen_scale)

    @property
    def pixels(self) -> np.ndarray:
        if self._pixels is None:
            import pymupdf

            pix = self._pix
            grey = pix if pix.n == 1 else pymupdf.Pixmap(pymupdf.csGRAY, pix)
            self._pixels = np.frombuffer(grey.samples, dtype=np.uint8).reshape(grey.height, grey.stride)
        return self._pixels

    def shows(self, bbox) -> bool:
        """Whether anything is drawn inside ``bbox`` (points)."""
        return inked(self.pixels, *(int(round(v * self.scale)) for v in bbox))


def visible(text: dict, ink: Ink | None = None, raw: Callable[[], dict] | None = None) -> dict:
    """A copy of PyMuPDF's ``get_text("dict")`` result with only the spans a reader sees, their text
    in NFC; a line that repeats an earlier one over it (`_overdrawn`) is dropped, and so are lines and
    blocks left without a span. Image blocks are kept as they are. With ``ink`` (the rendered page), a
    span that leaves no ink is not seen, nor is one whose font is under ``MIN_GLYPH_PIXELS`` high there
    while most of the page's letters are legible (where most are not, they all stay, and the page's own
    check refuses it as too small for its image: `page_checks.too_small`). With ``ink`` and ``raw`` (the
    page's `raw_lines` read with the same flags, fetched only for a line that needs its characters),
    glyphs the layer cannot name (`UNNAMED`) are placed: dropped where they leave no ink, a bullet where
    one stands before a line's text (`_named`)."""
    blocks, drawn_lines = [], {}
    legible = _legible_share(text, ink.seen_scale) if ink is not None else None
    markers = _marker_columns(text) if ink is not None and raw is not None else set()
    for block in text["blocks"]:
        if block.get("type") == 1:
            blocks.append(block)
            continue
        lines = []
        for line in block.get("lines", []):
            drawn = [span for span in line["spans"] if _drawn(span)]
            if len(drawn) < len(line["spans"]):
                drawn = _with_clipped_paint(line["spans"], drawn, ink)
            if legible:
                drawn = [span for span in drawn if _legible(span, ink.seen_scale)]
            if ink is not None and drawn and not ink.shows(line["bbox"]):  # one look a line: cheap, and
                drawn = [span for span in drawn if ink.shows(span["bbox"])]  # span by span only where needed
            drawn = [span for span in drawn if not _picture_font(span.get("font", "")) and not _mirrored(line, span)
                     and not _scaled_past_reading(line, span, raw)]
            if ink is not None and raw is not None and any(UNNAMED.search(span["text"]) for span in drawn):
                drawn = _named(line, drawn, raw(), ink, _row_starts(line, text) and _marker(line) in markers)
            spans = [_read(span) for span in drawn]
            if spans and not _overdrawn(line["bbox"], "".join(s["text"] for s in spans).strip(), drawn_lines):
                lines.append({**line, "spans": spans})
        if lines:
            blocks.append({**block, "lines": lines})
    return {**text, "blocks": blocks}


def _scaled_past_reading(line: dict, span: dict, raw: Callable[[], dict] | None) -> bool:
    """Whether ``span`` (of ``line``, set on a level baseline) is squeezed or stretched past reading
    (`scaled_text`), judged by its glyphs' boxes from ``raw`` (`raw_lines`; without it, none is)."""
    if raw is None or abs(line["dir"][1]) >= 0.02 or not may_be_scaled(span):
        return False
    chars = next((found["chars"] for found in raw().get(box_key(line["bbox"]), {}).get("spans", ())
                  if box_key(found["bbox"]) == box_key(span["bbox"])), None)
    return chars is not None and scaled(chars, span["size"])


@functools.lru_cache(maxsize=4096)  # a page's few fonts, asked of each of its spans
def _picture_font(font: str) -> bool:
    return bool(_PICTURE_FONT.match(font))


def _read(span: dict) -> dict:
    """The span with its text in `normal_form`, a math extension font's codes as the symbols they draw
    (`math_fonts`; ``tall`` where one stands taller than a line, `math_fonts.tall_codes`): once, as a span
    read here may be read here again ("[" is a code too); a small-caps font's letters as the capitals it
    shows (`small_caps`), as set in ``set_as``."""
    font = span.get("font", "")
    if span.get("symbols") or not is_math_extension(font):
        text = normal_form(span["text"])
        shown = as_shown(text, font)  # the letters as set stay known: case says where a paragraph runs on
        return {**span, "text": shown, **({"set_as": text} if shown != text else {})}
    return {**span, "text": normal_form(drawn_symbols(span["text"])), "symbols": True, "tall": tall_codes(span["text"])}


def _named(line: dict, spans: list[dict], raw: dict, ink: Ink, marks: bool) -> list[dict]:
    """``spans`` (of ``line``, a dict line) with their `UNNAMED` codes placed by what the page shows where
    each stands (``raw``: `raw_lines`, for the characters' boxes): one that leaves no ink (a broken map's
    NUL on an empty glyph) is dropped; where the line ``marks`` a list (it starts its row, `_row_starts`,
    and its code starts another line at its place, `_marker_columns`), the code alone before its text is
    a bullet "•" (`lists` makes the line an item as it would with any bullet: what a font that names none
    of its glyphs draws there is a list's marker, pdfTeX's Type3 \\textbullet); the others stay, and the
    page is not read from its text layer (`page_sample`). A line whose characters cannot be matched stays."""
    chars = {box_key(span["bbox"]): span["chars"] for span in raw.get(box_key(line["bbox"]), {}).get("spans", ())}
    placed = []
    for span in spans:
        found = chars.get(box_key(span["bbox"])) if UNNAMED.search(span["text"]) else None
        if found is not None and "".join(ch["c"] for ch in found) == span["text"]:
            span = {**span, "text": "".join(ch["c"] for ch in found if not UNNAMED.match(ch["c"])
                                            or ink.shows(_inner(ch["bbox"])))}
        placed.append(span)
    first = next((i for i, span in enumerate(placed) if span["text"].strip()), None)
    if marks and first is not None and UNNAMED.fullmatch(placed[first]["text"].strip()) and any(
            span["text"].strip() for span in placed[first + 1:]):
        placed[first] = {**placed[first], "text": UNNAMED.sub("\u2022", placed[first]["text"])}
    return placed


def drawn_codes(blocks: list[dict], ink: Ink | None) -> list[dict]:
    """``get_text("rawdict")`` ``blocks`` less the characters with an `UNNAMED` code that leave no ink on
    the rendered page (``ink``; None: as they are): a table's cells read as `visible` reads lines."""
    if ink is None:
        return blocks

    def kept(span: dict) -> dict:
        chars = [ch for ch in span["chars"] if not UNNAMED.match(ch["c"]) or ink.shows(_inner(ch["bbox"]))]
        return span if len(chars) == len(span["chars"]) else {**span, "chars": chars}

    return [block if block.get("type") != 0 else
            {**block, "lines": [{**line, "spans": [kept(span) for span in line["spans"]]} for line in block["lines"]]}
            for block in blocks]


def _marker(line: dict) -> tuple[str, int] | None:
    """``(code, x)`` where ``line`` starts with an `UNNAMED` code alone in its first span and text after
    it (x: the code's left edge, to the point); None otherwise."""
    shown = [span for span in line["spans"] if span["text"].strip()]
    if len(shown) < 2 or not UNNAMED.fullmatch(shown[0]["text"].strip()):
        return None
    return shown[0]["text"].strip(), round(shown[0]["bbox"][0])


def _marker_columns(text: dict) -> set[tuple[str, int]]:
    """The markers (`_marker`) of ``text`` (a page's dict) that start two lines or more at one place: a list's
    bullets. One alone (a footnote's dagger, a minus that starts a line) is no list."""
    found = Counter(_marker(line) for block in text["blocks"] for line in block.get("lines", ())
                    if any(UNNAMED.search(span["text"]) for span in line["spans"]))
    found.pop(None, None)
    return {marker for marker, count in found.items() if count >= 2}


def _row_starts(line: dict, text: dict) -> bool:
    """Whether no other line of the page (``text``, its dict) ends just left of ``line`` on its row (within
    three of its heights): MuPDF starts a new line after a wide gap, so a glyph after a word (a footnote's
    dagger a few points on) can begin one."""
    x0, y0, x1, y1 = line["bbox"]
    height = y1 - y0
    for block in text["blocks"]:
        for other in block.get("lines", ()):
            a0, b0, a1, b1 = other["bbox"]
            if other is not line and a1 <= x0 + 1 and x0 - a1 < 3 * height and min(y1, b1) - max(y0, b0) > 0.5 * height:
                return False
    return True


def _inner(bbox) -> tuple:
    """A glyph's box less a sixth of its width each side: its neighbours' ink stays out."""
    x0, y0, x1, y1 = bbox
    inset = (x1 - x0) / 6
    return x0 + inset, y0, x1 - inset, y1


def upright(line: dict) -> bool:
    """Whether a ``get_text("dict")`` line is set left to right on a horizontal baseline (not a watermark set
    diagonally, nor a stamp turned a quarter along the margin, nor upside down; within 0.02 of level)."""
    dx, dy = line.get("dir", (1.0, 0.0))
    return dx > 0 and abs(dy) < 0.02


def largest_size(line: dict) -> float:
    """The largest font size (points) of a line's spans."""
    return max(span["size"] for span in line["spans"])


def each_text_block(text: dict, remade: Callable[[dict], list[dict]]) -> dict:
    """``text`` (a page's ``get_text("dict")`` result) with each text block replaced by the blocks ``remade``
    makes of it (none, one, or several); image blocks stay as they are."""
    blocks = []
    for block in text["blocks"]:
        blocks += [block] if block.get("type") == 1 else remade(block)
    return {**text, "blocks": blocks}


def _overdrawn(bbox, text: str, earlier: dict[str, list]) -> bool:
    """Whether a line with ``text`` at ``bbox`` repeats an earlier line of the page over it: the same
    text in a box of about the same height, moved by less than a third of that height (fake bold and
    shadows move a copy by a point or two). ``earlier`` (text -> boxes) is the page's memory, updated
    here. The same words elsewhere on the page stay, a table's stacked cells too ("0.00" under "0.00":
    a row's pitch away, however tall the font's boxes)."""
    if len(text) < 2:
        return False
    x0, y0, x1, y1 = bbox
    height = y1 - y0
    for a0, b0, _, b1 in earlier.get(text, ()):
        near = 0.3 * max(height, b1 - b0)
        if abs(height - (b1 - b0)) < near and abs(y0 - b0) < near and abs(x0 - a0) < near:
            return True
    earlier.setdefault(text, []).append(tuple(bbox))
    return False


# Presentation forms: ligatures (U+FB00-FB4F: "ﬁ", Armenian and Hebrew ones) and Arabic shaped forms
# (U+FB50-FDFF, U+FE70-FEFC), the glyphs' own code points, which a font's glyph map gives where it maps each
# shape (U+FE91 "beh, initial form") rather than the letters: the text reads the same and is other
# characters, which a tokenizer and a model then learn
_PRESENTATION_FORMS = re.compile("[\ufb00-\ufdff\ufe70-\ufefc]+")


def normal_form(text: str) -> str:
    """``text`` in NFC, presentation forms folded to their letters (NFKC of them alone: "ﬁ" is "fi", and
    "\ufef7", lam-alef with hamza above, is "\u0644\u0623" in reading order); other compatibility
    characters (superscripts, full-width forms) stay as they are; Thai and Lao SARA AM drawn as its two glyphs
    (NIKHAHIT, SARA AA: "\u0e19\u0e49\u0e4d\u0e32", which NFC keeps) is the one character it is ("\u0e19\u0e49\u0e33",
    "water"). Every text-layer line a target takes passes here (`visible`, `table_cells.cell_text`)."""
    if text.isascii():  # most spans: no presentation form, and NFC leaves ASCII as it is
        return text
    if _PRESENTATION_FORMS.search(text):
        text = _PRESENTATION_FORMS.sub(lambda found: unicodedata.normalize("NFKC", found.group()), text)
    if "\u0e4d\u0e32" in text or "\u0ecd\u0eb2" in text:  # Thai and Lao SARA AM as a font draws it
        text = text.replace("\u0e4d\u0e32", "\u0e33").replace("\u0ecd\u0eb2", "\u0eb3")
    return unicodedata.normalize("NFC", text)


def _legible_share(text: dict, scale: float) -> bool:
    """Whether some painted letters of ``text`` are too small to read at ``scale`` (`_legible`) and at least
    as many are legible."""
    counts = [0, 0]  # illegible, legible
    for block in text["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                if _drawn(span):
                    counts[_legible(span, scale)] += len(span["text"].strip())
    return 0 < counts[0] <= counts[1]


def _legible(span: dict, scale: float) -> bool:
    """Whether the span's glyphs are ``MIN_GLYPH_PIXELS`` high at least at ``scale`` (pixels per point). Its
    font size, or its box where that is larger: a Type3 font's size can say 1 for glyphs its matrix scales
    up. A space is kept: it carries a word break."""
    if not span["text"].strip():
        return True
    x0, y0, x1, y1 = span["bbox"]
    return max(span["size"], min(y1 - y0, x1 - x0)) * scale >= MIN_GLYPH_PIXELS


def line_text(line: dict) -> str:
    """A dict or rawdict line's text, its spans' joined."""
    return "".join([span["text"] for span in line["spans"]])  # a list joins faster than a generator


def raw_lines(page, flags: int) -> dict[tuple, dict]:
    """The lines of ``page``'s ``get_text("rawdict")`` read with ``flags``, by `box_key` of their boxes: the
    characters of a dict line (`covered_text`, `reading_direction`, `accents` read them for some lines). Read
    once a page and flags, kept on the page object."""
    kept = page.__dict__.setdefault("_vlbuild_raw_lines", {})
    if flags not in kept:
        kept[flags] = {box_key(line["bbox"]): line for block in _read_chars(page, flags)
                       for line in block.get("lines", ())}
    return kept[flags]


def raw_lines_at(page, flags: int, boxes: list) -> dict[tuple, dict]:
    """The ``get_text("rawdict")`` lines of ``page`` read with ``flags`` whose boxes are among ``boxes`` (dict
    lines'), by `box_key`: from `raw_lines` where a step before read them, else from one read of the page clipped
    to the boxes' union (a page's characters cost as much again as its text; the interpreting alone, ~1 ms a
    page, is paid for the clip)."""
    keys = {box_key(bbox) for bbox in boxes}
    kept = page.__dict__.get("_vlbuild_raw_lines", {}).get(flags)
    if kept is None:
        clip = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        kept = {box_key(line["bbox"]): line for block in _read_chars(page, flags, clip)
                for line in block.get("lines", ())}
    return {key: kept[key] for key in keys if key in kept}


def _read_chars(page, flags: int, clip=None) -> list[dict]:
    """``page``'s ``get_text("rawdict")`` blocks, a composite font's glyphs given as their CIDs named as the
    glyphs are (`cid_glyphs`): every reader of a line's characters reads them so."""
    return with_cid_glyph_chars(page, page.get_text("rawdict", flags=flags, clip=clip)["blocks"])


def box_key(bbox) -> tuple:
    """A box rounded to hundredths of a point: the same line or span in ``get_text("dict")`` and ``"rawdict"``
    of one page and flags (`covered_text`, `reading_direction` read characters again for some lines)."""
    return tuple(round(v, 2) for v in bbox)


def _mirrored(line: dict, span: dict) -> bool:
    """Whether ``span`` is set mirrored: left to right (a text matrix ``-1 0 0 1``: mirror writing), its line
    running right to left while its glyphs stand above their baseline as upright ones do (turned upside down
    they would hang below it), or top to bottom (``1 0 0 -1``: a title's reflection under it), its line running
    left to right while its glyphs hang below their baseline. No reader reads it as text: read as text it was a
    wrong target ("OUITIAW AOAAIM" from OCR of the page its mismatch sent there, a hunt after pdf.js#8940; a
    reflection wrote its title twice). Two glyphs or more (MuPDF gives a lone glyph after a backward kern, the
    TeX logo's lowered "E", a line running left), two letters for a reflection and none in a math font (a
    big operator's or a calligraphic capital's glyphs hang below the baseline): none of 914,722 spans of the
    real TeX Live manuals and Debian Reference is one."""
    x0, y0, x1, y1 = span["bbox"]
    middle, base, size = (y0 + y1) / 2, span["origin"][1], span["size"]
    if line["dir"][0] < -0.9:
        return middle < base - 0.1 * size and len(span["text"].strip()) >= 2
    return line["dir"][0] > 0.9 and middle > base + 0.1 * size \
        and sum(ch.isalpha() for ch in span["text"]) >= 2 and not is_math_font(span.get("font", ""))


def _with_clipped_paint(spans: list[dict], drawn: list[dict], ink: "Ink | None") -> list[dict]:
    """``drawn`` (the spans of a line MuPDF says are painted) with the text set as a clip and painted through
    (render mode 7, then a fill, a gradient or a picture: a gradient title, a knockout word), in its place:
    MuPDF gives such a span opacity 0 and flags it clipped, as it gives the clip copy of a filled span (modes 4-6,
    whose painted twin is in ``drawn``), so a clip span is seen where the rendered page (``ink``) shows ink in its
    box and no painted span of the same text stands there; without ``ink`` (a first reading, for the document's
    style) it stays, for the reading with it to judge. The title of a gradient was left out (a hunt after
    SerenityOS#26972, PeachPDF#1117); an invisible OCR layer (mode 3) is not flagged clipped and stays out."""
    painted = {(box_key(span["bbox"]), span["text"]) for span in drawn}
    clipped = [span for span in spans if span.get("alpha", 255) == 0 and span.get("char_flags", 0) & _CLIPPED
               and span["text"].strip() and (box_key(span["bbox"]), span["text"]) not in painted
               and (ink is None or ink.shows(_inner(span["bbox"])))]
    if not clipped:
        return drawn
    return [span for span in spans if any(span is d for d in drawn) or any(span is c for c in clipped)]


def _drawn(span: dict) -> bool:
    """Whether MuPDF says the span is painted at all (a space carries a word break, not paint)."""
    if not span["text"].strip():
        return True
    return span.get("alpha", 255) != 0 and bool(span.get("char_flags", _FILLED) & (_FILLED | _STROKED))


def join_lines(lines: list[str], keeps_hyphen: Callable[[str, str], bool] | None = None) -> str:
    """Lines of one paragraph as one line: "inter-" + "national" and "inter\\u00ad" + "national" ->
    "international"; CJK lines joined without a space; soft hyphens inside words removed.
    ``keeps_hyphen(text before the hyphen, next line)``: whether a line-end hyphen is the word's own
    ("constant-" + "time"; `hyphens.Hyphenation.keeps`), `hyphens.SUSPENDED` where it is a suspended hyphen
    ("Emacs-" + "or vi-style": kept, a space after it); without it, one before a lower-case letter is
    dropped. Any other hyphen after a letter gets no space after it ("Anglo-" + "Saxon"). Thai and Lao lines (no
    space between words, one between sentences or phrases) are joined with a space, as across a page: MuPDF lays
    a reflowed book's Thai out breaking only at its spaces (a run without one runs past the page's edge, refused
    as ``filtered:text_cut_at_edge``), so there the break stood for one; a PDF set with Thai word breaking may
    break between two words, where no space stands, and the text layer does not say which it was."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith(SOFT_HYPHEN):
            out = out[:-1] + line
        elif url_goes_on(out, line):
            out += line  # a URL broken over lines ("https://doi.org/" + "10.1145/1188913"): no space, no hyphen
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha():
            kept = keeps_hyphen(out[:-1], line) if keeps_hyphen and line[:1].islower() else False
            out = out[:-1] + line if line[:1].islower() and not kept else \
                f"{out} {line}" if kept == SUSPENDED else out + line
        elif _CJK.match(out[-1]) and _CJK.match(line[0]):
            out += line
        elif out[-1] in "\u2013\u2014" and len(out) > 1 and out[-2].isalnum() \
                and not (out[-2].isdigit() and not line[0].isdigit()):  # (not "1914\u2013" + "and after")
            out += line  # a line broken after a dash set close ("1714\u2013" + "1747", "work\u2014" + "is")
        else:
            out = f"{out} {line}"
    return out.replace(SOFT_HYPHEN, "")


# a URL a line ends in (or its scheme alone, "https:"), and a next line's first word made of a URL's characters
_URL_CUT = re.compile(r"(?:^|\s)(?:(?:https?|ftp)://\S*|www\.\S+|(?:https?|ftp):)$")
_URL_WORD = re.compile(r"[\w.~:/?#\[\]@!$&'*+,;=%-]+(?:\s|$)")
# a word that holds what a URL's path or query does and prose does not: a query's marks, two slashes or a slash
# and a dot ("1145/567752.567774", "org/publications/x", "docid=65"), a slash before a name with a hyphen or a
# digit ("data/data-umasscitationfield", "v2/api3"; not "and/or", "I/O", "1/3", "20%"), or a DOI's numbers
# ("10.1145", "3-540-09237-4"), or a file's name with its extension ("daily-counts.html"; not "e.g." or "etc.")
_URL_REST = re.compile(r"\S*[=?&#~_]|[^\s/]*/\S*[/.]|[^\s/]+/(?:\s|$)|[^\s/]+/[A-Za-z][^\s/]*[-\d]"
                       r"|[\w-]+\.[A-Za-z][A-Za-z0-9]{0,4}(?:[/?#]\S*)?(?:\s|$)")
_DOI_PART = re.compile(r"\d+(?:[.-]\d+)+[,;.]?(?:\s|$)")
_URL_START = re.compile(r"(?:https?|ftp)://|www\.")
_SCHEME_END = re.compile(r"(?:^|\s)(?:https?|ftp):/{0,2}$")


def starts_url(word: str) -> bool:
    """Whether ``word`` starts as a URL does: a scheme's "https://" (http, ftp) or "www."."""
    return _URL_START.match(word) is not None


def url_goes_on(out: str, line: str) -> bool:
    """Whether ``line`` goes on with a URL that ``out`` ends in: the url package and browsers break a URL after
    a "/", ".", "-", "?", "=" or "&" and add no hyphen. A hyphen there is the URL's, and a query goes on after
    "?", "=" and "&"; after a number's "." a number does ("10." + "1145/90417", "1." + "9781611971224"); after
    another mark the next word must hold a path's or a query's mark (`_URL_REST`), or after a "/" a DOI's
    numbers ("3-540-09237-4"): not "for details" or "3 times" after "https://example.org/", nor "Then" or "2023
    was" after a sentence's "example.org/data."; after a letter or digit, a word starting as a path goes on
    ("/ab"), no other ("and/or" after "https://github.com/ex/counter")."""
    if not _URL_CUT.search(out) or not _URL_WORD.match(line):
        return False
    if _URL_START.match(line):  # a URL of its own ("...woot07-S422" + "http://video..."), but after a scheme
        return bool(_SCHEME_END.search(out))  # alone ("https://" + "www.acm.org/...")
    last = out[-1]
    if last in "-=?&":
        return True
    if last == "." and out[-2:-1].isdigit() and line[:1].isdigit():
        return True
    if last in "/.#_:~":  # (a DOI's numbers after its "/", or after a "." inside it: "10.1109/ICWS." + "2004.64")
        doi = last == "/" or "doi" in out[out.rfind(" ") + 1:].lower()
        return bool(_URL_REST.match(line) or doi and _DOI_PART.match(line))
    return line[:1] in "/?#&="


def low_resolution_ink(page, seen_side: int, scale: float = 0.5) -> Ink:
    """The page rendered in grey at ``scale`` (36 dpi at 0.5): enough to see whether a span leaves ink; text
    too small to read is judged in the page's image ``seen_side`` pixels long (`DocumentOptions.max_image_side`)."""
    import pymupdf

    return Ink.of_pixmap(page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), colorspace=pymupdf.csGRAY,
                                         alpha=False), scale, seen_side / max(page.rect.width, page.rect.height))


# What MuPDF lays out in place of an EPUB chapter it cannot find: a page of its own words, never content
_PLACEHOLDER = re.compile(r'^\s*ERROR: cannot find chapter "[^"]*"\s*$')


def is_placeholder(text: str) -> bool:
    """Whether a page's text is a renderer's error placeholder, not the document's."""
    return bool(_PLACEHOLDER.match(text))


def unreadable(text: str) -> int:
    """How many glyphs of a target's ``text`` the text layer could not name (`UNNAMED` codes left after
    `visible` placed them, MuPDF's U+FFFD): each would be a wrong letter or none."""
    return text.count(UNKNOWN) + len(UNNAMED.findall(text))


def strip_controls(text: str) -> str:
    """``text`` without control characters (tabs and newlines stay)."""
    return _CONTROLS.sub("", text)
