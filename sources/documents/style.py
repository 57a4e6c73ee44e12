"""What a document's pages share, read once from a sample of them (`document_style`): body size, running
headers and footers, page numbering, and the statistics page markdown judges structure by."""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections import Counter, defaultdict
from typing import Any, Callable

import pymupdf

from sources.documents.blocks import line_text, union_box
from sources.documents.cid_glyphs import with_cid_glyphs_named
from sources.documents.code_blocks import baseline, is_mono
from sources.documents.fixed_pitch import with_fixed_pitch
from sources.documents.font_expansion import grouped, one_of, size_groups
from sources.documents.headings import is_paragraph
from sources.documents.hyphens import document_language, line_words, typesetter_hyphenates
from sources.documents.text_layer import raw_lines, visible

_PAGE_NUMBER = re.compile(r"^(page\s+)?(\d{1,4}|[ivxlc]{1,7})(\s*(/|of)\s*\d{1,4})?$", re.I)
_DIGITS = re.compile(r"\d+")
HEAD_GAP = 1.5  # a running head's gap to the text, in its own line heights (`margin_lines`)
MARGIN = 0.12  # top and bottom share of the page where running headers and footers live (LaTeX: ~11%)
# text only (no image blocks); with images for interleaved documents. Ligatures are kept as MuPDF reads them
# and folded to letters by `text_layer.normal_form` ("ﬁ" -> "fi"): MuPDF's own expansion splits an Arabic
# lam-alef ("ﻻ") before it turns a right-to-left run round, so "لا" ("no") came out "ال" ("the")
TEXT_FLAGS = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES
TEXT_FLAGS_IMAGES = TEXT_FLAGS | pymupdf.TEXT_PRESERVE_IMAGES


@dataclasses.dataclass(frozen=True)
class DocumentStyle:
    """What a document's pages share: ``body``, the size most characters are set in (points);
    ``running``, its running header/footer lines (normalised, digits as ``#``); ``page_offset``,
    printed page number minus page index where the margins show one consistently (None: unknown);
    ``mono_body``, whether (nearly) all its text is monospaced (then monospace does not mark code);
    ``pitch``, the usual distance between the baselines of two body lines of a paragraph (points; None:
    unknown); ``vocabulary``, the lower-cased words of the sampled pages, ``language``, the word
    list they fit, and ``hyphenates``, whether its typesetter hyphenates words (`hyphens`: which
    line-end hyphens are the words' own); ``paragraph_sizes``, the sizes (rounded to 0.1 point) it sets
    whole paragraphs in, more often than short blocks (`headings`: such a size alone makes no heading);
    ``read_by_ocr``, whether the page's text was read off its image (`ocr_layout.ocr_style`): it shows
    no fonts (monospace is told from the words' widths, `ocr_layout._mark_fixed_pitch`), and a letter of
    a running line may be misread, so margin lines match ``running`` within a small edit distance."""

    body: float = 11.0
    running: frozenset[str] = frozenset()
    page_offset: int | None = None
    mono_body: bool = False
    pitch: float | None = None
    vocabulary: frozenset[str] = frozenset()
    language: str | None = None
    hyphenates: bool | None = None
    paragraph_sizes: frozenset[float] = frozenset()
    read_by_ocr: bool = False

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

    def is_running(self, text: str, index: int, pages: int) -> bool:
        """Whether a margin line of page ``index`` is a running header or footer or its page number."""
        key = _norm(text)
        return (key in self.running or self.is_page_number(text, index, pages)
                or self.read_by_ocr and any(_near(key, line) for line in self.running))


def document_style(doc, pages: int, sample_pages: int = 6,
                   read_margins: Callable[[Any], dict] | None = None) -> tuple[DocumentStyle, dict[int, dict]]:
    """The `DocumentStyle` of a document, from up to ``sample_pages`` pages spread through it, and
    those pages' visible text (so they are not read twice).

    Running lines are a page's outermost margin lines, set apart from its text (`outermost_lines`: a
    table's header row repeated at the top of every page is not one), that repeat on at least half the
    sampled pages with at most their page number changing ("Page 3 of 9" is running; "Total for
    warehouse 3: 412 items" on each page, its numbers changing otherwise, is content).
    ``read_margins``: a sampled page without visible text (a scan) is read by it (`ocr_layout.OcrMargins`:
    its margin lines in ``get_text("dict")``'s shape) and its margin lines count too, matched within a
    small edit distance (OCR misreads a letter now and then); the sample is the same pages whatever part
    of the document a task reads, so is the style."""
    sizes: Counter = Counter()
    prose_sizes: Counter = Counter()  # sizes of the characters not set in a monospaced font
    mono = 0  # characters set in a monospaced font
    mono_breaks = [0, 0]  # monospaced lines' breaks inside a block: [the author's, wrapped] (`_mono_breaks`)
    pitches: dict[float, list[float]] = defaultdict(list)  # line size -> distances to the next line's top
    words: Counter = Counter()  # whole words, compounds whole
    breaks: list[tuple[str, str]] = []  # line-end hyphens: (text before the hyphen, next line)
    uses: dict[float, list[int]] = defaultdict(lambda: [0, 0])  # block size -> [short blocks, paragraphs]
    seen: dict[str, dict[int, tuple[int, ...]]] = defaultdict(dict)  # margin line -> {page: its numbers}
    offsets: Counter = Counter()
    count = min(pages, sample_pages)
    sampled = sorted({round(i * (pages - 1) / max(1, count - 1)) for i in range(count)})
    texts = {}
    for index in sampled:
        try:
            page = load_page(doc, index)
            # stand-ins named before `visible` folds the text: a page's markdown names them by their codes
            texts[index] = visible(with_cid_glyphs_named(page, with_fixed_pitch(
                page, page.get_text("dict", flags=TEXT_FLAGS)), lambda: raw_lines(page, TEXT_FLAGS)))
        except Exception:  # an unloadable page is rejected by the page loop; here it is only not sampled
            continue
        height = page.rect.height
        if read_margins is not None and len(sampled) > 1 and not _has_text(texts[index]):
            try:
                read = read_margins(page)
                margin_blocks, height = read["blocks"], read.get("height", height)  # a scan read turned upright
            except Exception:  # the page loop refuses this page with its reason; the document goes on
                margin_blocks = []
            for block in margin_blocks:
                if in_margin(block["bbox"], height):
                    for line in block["lines"]:
                        _note_margin_line(" ".join(line_text(line).split()), index, seen, offsets, tolerant=True)
            continue
        outermost = {_norm(line_text(ln)) for ln in outermost_lines(page, texts[index])}  # set apart: may be running
        right = max((ln["bbox"][2] for b in texts[index]["blocks"] for ln in b.get("lines", ())), default=0.0)
        for block in texts[index]["blocks"]:
            margin = in_margin(block["bbox"], height)
            lines = block.get("lines", [])
            strings = [line_text(ln).strip() for ln in lines]
            words.update(line_words(strings, parts=False))
            breaks += [(a[:-1], b) for a, b in zip(strings, strings[1:]) if a[-2:-1].isalpha() and a.endswith("-")]
            spans = [s for ln in lines for s in ln["spans"] if s["text"].strip()]
            if spans and not margin:  # a block votes for the size most of its letters are set in: a heading MuPDF
                # held in one block with the paragraph under it made its own size a paragraph's (on a short
                # document, the only vote: "{\\Large Title}" over its text was no heading)
                counts: Counter = Counter()
                for span in spans:
                    counts[round(span["size"], 1)] += sum(ch.isalnum() for ch in span["text"])
                size = max(counts, key=lambda k: (counts[k], k))
                uses[size][is_paragraph(lines, " ".join(strings))] += 1
            forced, wrapped = _mono_breaks(lines, right)  # a listing may start in the top margin (a browser's)
            mono_breaks = [mono_breaks[0] + forced, mono_breaks[1] + wrapped]
            for line, below in zip(lines, lines[1:]):
                if 0 < baseline(below) - baseline(line) < 3 * line["spans"][0]["size"]:
                    pitches[round(line["spans"][0]["size"], 1)].append(baseline(below) - baseline(line))
            for line in lines:
                for span in line["spans"]:
                    # letters and digits only: an index page's dot leaders (texinfo sets them at 9 pt, 17,000
                    # of liboctave's characters) made 9 pt its body and every 10.9 pt paragraph a heading
                    letters = sum(ch.isalnum() for ch in span["text"])
                    if not letters:
                        continue
                    sizes[round(span["size"], 1)] += letters
                    if is_mono(span):
                        mono += letters
                    else:
                        prose_sizes[round(span["size"], 1)] += letters
                text = " ".join(line_text(line).split())
                if margin and (text.isdigit() or _norm(text) in outermost):
                    _note_margin_line(text, index, seen, offsets)
    need = max(2, len(sampled) / 2)
    running = frozenset(key for key, where in seen.items()
                        if key and len(sampled) > 1 and len(where) >= need and _modulo_page_number(where))
    offset, votes = offsets.most_common(1)[0] if offsets else (None, 0)
    # a typewriter-set document; code-heavy ones stay below. Text all monospaced whose lines the author broke (a
    # page that is one `<pre>` listing, printed by a browser) is code, not a typewritten text: its lines were joined,
    # "make make check sudo make install", and went unfenced
    forced, wrapped = mono_breaks
    mono_body = mono > 0.9 * sum(sizes.values()) and not (forced and forced >= 2 * wrapped)
    # the body is prose: on a page mostly code (set smaller, 9.75 pt to the prose's 12), the code's size made
    # every sentence between the listings a heading
    # sizes font expansion split taken as one (`font_expansion`): else a body set in rows of 9.91 and 9.96 points
    # (microtype) lost to its notes' 8
    common = grouped(sizes if mono_body or not prose_sizes else prose_sizes)
    body = common.most_common(1)[0][0] if common else 11.0
    body_pitches = [p for size, steps in pitches.items() if one_of(size, frozenset({body})) for p in steps]
    pitch = statistics.median(body_pitches) if body_pitches else None
    language = document_language(words)
    parts = {part for word in words if "-" in word for part in word.split("-")}  # words of their own too
    groups = size_groups(Counter({size: short + long for size, (short, long) in uses.items()}))
    by_group: dict[float, list[int]] = defaultdict(lambda: [0, 0])  # size group -> [short blocks, paragraphs]
    for size, (short, long) in uses.items():
        by_group[groups[size]][0] += short
        by_group[groups[size]][1] += long
    paragraph_sizes = frozenset(size for size in uses if by_group[groups[size]][1] >= max(by_group[groups[size]][0], 1))
    return DocumentStyle(body, running, offset if votes >= 2 else None, mono_body, pitch, frozenset(words) | parts,
                         language, typesetter_hyphenates(breaks, language), paragraph_sizes), texts


def load_page(doc, index: int):
    """Page ``index`` as a reader sees it. A page with /Rotate has its rotation baked into its content
    first: else its text comes in the unrotated frame while its image is rotated (boxes off the text,
    every line a paragraph of its own)."""
    page = doc[index]
    if page.rotation and doc.is_pdf:
        page.remove_rotation()
    return page


def in_margin(bbox, height: float) -> bool:
    """Whether a box lies in the top or bottom ``MARGIN`` of a page ``height`` high."""
    return bbox[3] < height * MARGIN or bbox[1] > height * (1 - MARGIN)


def _mono_breaks(lines: list[dict], right: float) -> tuple[int, int]:
    """How the monospaced lines of one block (``get_text("dict")``'s lines) were broken: ``(forced, wrapped)``, the
    breaks after which the next line's first word would have fitted before ``right`` (the page's text's right
    edge, points), so its author broke the line (code, a poem), and those where it would not (a wrapped paragraph).
    Only a line and the one a line's pitch below it count: a blank line between is a paragraph's end either way."""
    forced = wrapped = 0
    for line, below in zip(lines, lines[1:]):
        spans = [s for s in (*line["spans"], *below["spans"]) if s["text"].strip()]
        next_text = line_text(below).strip()
        size = line["spans"][0]["size"] if line["spans"] else 0
        if not spans or not all(is_mono(s) for s in spans) or not next_text \
                or not 0 < baseline(below) - baseline(line) < 1.6 * size:
            continue
        advance = (below["bbox"][2] - below["bbox"][0]) / max(1, len(line_text(below).rstrip()))  # one character
        room = right - line["bbox"][2]
        # where each line's first word starts: a browser writes a <pre>'s leading spaces into the line (its box
        # starts at them), so both lines' are counted, or a text indented whole (an RFC's 3 spaces) stepped in
        starts = [ln["bbox"][0] + (len(line_text(ln)) - len(line_text(ln).lstrip())) * advance for ln in (line, below)]
        indented = starts[1] > starts[0] + advance / 2  # prose wraps to its margin
        if indented or room > advance * (len(next_text.split()[0]) + 1.5):  # a space and the word, half one spare
            forced += 1
        else:
            wrapped += 1
    return forced, wrapped


def _has_text(text: dict) -> bool:
    return any(span["text"].strip() for block in text["blocks"] for line in block.get("lines", ())
               for span in line["spans"])


def _note_margin_line(text: str, index: int, seen: dict, offsets: Counter, tolerant: bool = False) -> None:
    """Count margin line ``text`` of page ``index``: a bare number towards the page numbering, any other
    line under its normalised text. ``tolerant`` (read by OCR): under a line already seen that it is
    `_near` with as many numbers, a misread letter apart, so the repeats of a head add up."""
    if text.isdigit():  # a bare number: a page number only if it follows the numbering
        offsets[int(text) - index] += 1
        return
    key = _norm(text)
    if tolerant and key not in seen:
        key = next((line for line in seen if line.count("#") == key.count("#") and _near(key, line)), key)
    seen[key][index] = tuple(int(d) for d in _DIGITS.findall(text))


def _near(text: str, line: str) -> bool:
    """Whether two normalised lines are the same but for spaces and punctuation (OCR joins and splits
    words, and reads specks as dots: "Page.4 of 4", "Page 2 of·4"), or, of ten such characters or more,
    differ by at most one edit in ten."""
    from rapidfuzz.distance import Levenshtein

    text, line = _OCR_NOISE.sub("", text), _OCR_NOISE.sub("", line)
    if text and text == line:
        return True
    budget = min(len(text), len(line)) // 10
    return budget > 0 and Levenshtein.distance(text, line, score_cutoff=budget) <= budget


_OCR_NOISE = re.compile(r"[^\w#]|_")  # what `_near` leaves out: spaces, punctuation (a page number is "#")


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


def margin_key(text: str) -> str:
    """A margin line as running lines are compared: spaces collapsed, lower case, digits as ``#``."""
    return _norm(text)


@dataclasses.dataclass(frozen=True)
class MarginLine:
    """A page's outermost margin line (`margin_lines`): its numbers in order, its top (points), the font
    and size (points, to 0.1) of its first span."""

    numbers: tuple[int, ...]
    top: float
    font: str
    size: float

    def same_slot(self, other: "MarginLine") -> bool:
        """Whether ``other`` sits where this line sits, set as it is: the place a running head is printed."""
        return abs(self.top - other.top) <= 1 and self.font == other.font and self.size == other.size


def margin_lines(page, text: dict | None = None) -> dict[str, MarginLine]:
    """The outermost visible lines of ``page`` (`outermost_lines`; ``text``: its whole dict text if read) by
    `margin_key`, each with its numbers in order and its top (points); lines of fewer than two letters (page
    numbers, a "}") left out."""
    out = {}
    for line in outermost_lines(page, text):
        shown = " ".join(line_text(line).split())
        if sum(c.isalpha() for c in shown) >= 2:  # words: not a page number, nor a code line's "}"
            span = line["spans"][0]
            out[_norm(shown)] = MarginLine(tuple(int(d) for d in _DIGITS.findall(shown)), round(line["bbox"][1], 1),
                                           span["font"], round(span["size"], 1))
    return out


def outermost_lines(page, text: dict | None = None) -> list[dict]:
    """The visible lines (``get_text("dict")`` lines) on the topmost baseline of ``page``'s top `MARGIN`
    band and on the bottommost of its bottom one, where running heads and feet sit, when they are set
    apart from the text by a gap of at least `HEAD_GAP` times their height (Debian Reference and the
    Asymptote manual leave three; a page whose text starts in the band, a table's header row, a list's
    first item, has its next line right below). The lines are those of the band and what lies just beyond
    it, read alone (a clipped ``get_text``), or taken from ``text``, the page's whole ``get_text("dict",
    flags=TEXT_FLAGS)`` (or its `visible` copy) where that gives the same verdict (`_from_page_text`)."""
    width, height = page.rect.width, page.rect.height
    out = []
    reach = height * MARGIN + 60  # the band and what lies just beyond it: the gap is measured there
    for top, clip in ((True, pymupdf.Rect(0, 0, width, reach)),
                      (False, pymupdf.Rect(0, height - reach, width, height))):
        found = _from_page_text(text, clip, top, height, reach) if text is not None else None
        if found is None:
            lines = [ln for block in visible(page.get_text("dict", flags=TEXT_FLAGS, clip=clip))["blocks"]
                     for ln in block.get("lines", []) if line_text(ln).strip()]
            found = _set_apart(lines, top, height, reach)[0]
        out += found
    return out


def _set_apart(lines: list[dict], top: bool, height: float, reach: float) -> tuple[list[dict], tuple | None]:
    """`outermost_lines` for one band's ``lines``: its outer lines if they are running-head candidates, else
    none; and the figures the verdict turned on (edge, the outer lines' inner side, the gap needed, whether
    they lie in the margin), None without lines."""
    if not lines:
        return [], None
    edge = min(ln["bbox"][1] for ln in lines) if top else max(ln["bbox"][3] for ln in lines)
    outer = [ln for ln in lines if abs((ln["bbox"][1] if top else ln["bbox"][3]) - edge) <= 2]
    need = HEAD_GAP * max(ln["bbox"][3] - ln["bbox"][1] for ln in outer)
    inner = max(ln["bbox"][3] for ln in outer) if top else min(ln["bbox"][1] for ln in outer)
    if not in_margin(union_box(ln["bbox"] for ln in outer), height):
        return [], (edge, inner, need, False)
    rest = [ln for ln in lines if not any(ln is o for o in outer)]
    if top:
        gap = min((ln["bbox"][1] - inner for ln in rest if ln["bbox"][1] >= inner - 1), default=reach)
    else:
        gap = min((inner - ln["bbox"][3] for ln in rest if ln["bbox"][3] <= inner + 1), default=reach)
    return (outer if gap >= need else []), (edge, inner, need, True)


def _from_page_text(text: dict, clip, top: bool, height: float, reach: float) -> list[dict] | None:
    """`_set_apart` on the band ``clip`` from the page's whole dict ``text``, or None where it could differ
    from a clipped reading. A line inside the clip is read alike either way and one outside it is not read;
    a line across its edge (a body line at the far side of the band) is read in part or not at all by a
    clipped reading, so the verdict is only taken where no such line could change it: each lies more than
    the outer lines' 2 points beyond the edge and at least the needed gap beyond them, in whatever part
    (a part lies within its line's box). Checked against clipped readings on every page of Debian's two
    manuals and the generated corpus (`tests/test_document_speed.py` keeps a check on generated pages)."""
    blocks, across = [], []
    for block in text["blocks"]:
        kept = []
        for line in block.get("lines", ()):
            x0, y0, x1, y1 = line["bbox"]
            if x1 >= clip.x0 and x0 <= clip.x1 and y1 >= clip.y0 and y0 <= clip.y1:
                kept.append(line)
                if not _within(line["bbox"], clip):
                    across.append(line)
        if kept:
            blocks.append({**block, "lines": kept})
    inside = [ln for block in visible({"blocks": blocks})["blocks"] for ln in block["lines"]
              if line_text(ln).strip() and _within(ln["bbox"], clip)]
    found, figures = _set_apart(inside, top, height, reach)
    for line in across:
        if figures is None:
            return None
        edge, inner, need, in_band = figures
        y0, y1 = line["bbox"][1], line["bbox"][3]
        far = (y0 - edge > 2 and (not in_band or y0 - inner >= need)) if top else \
            (edge - y1 > 2 and (not in_band or inner - y1 >= need))
        if not far:
            return None
    return found


def _within(bbox, clip) -> bool:
    return clip.x0 <= bbox[0] and bbox[2] <= clip.x1 and clip.y0 <= bbox[1] and bbox[3] <= clip.y1


class MarginMemory:
    """Running heads that change from chapter to chapter ("Chapter 8: Base modules" on 75 pages of the
    Asymptote manual, "Chapter 6: Programming" on the next 60) repeat on too few of `document_style`'s
    sampled pages to be learnt there, and were written into every page's target. A margin line is
    running too when it is a page's outermost line (`margin_lines`) and a page one or two before or
    after it (books alternate chapter and section heads on facing pages) has the same line in the same
    place, at most its page number changed (`_modulo_page_number`: a total that changes otherwise stays),
    or when it sits in the slot such a line has on a page one or two away (a chapter one page long).
    Each page's margins are read once (`margin_lines`), whichever task reads them: the pages four beyond a
    task's range are read too (a neighbour's own neighbours), so a page-range task gives what the whole
    reading gives. They are read from the page's whole dict text, which is kept for its page's markdown
    (`page_text`): a page's text is extracted once, not once for its markdown and twice for its margins.

    doc: the open document; pages: how many of its pages are read (`DocumentOptions.max_pages`); known: the
    text `document_style` read of its sampled pages (page index -> `visible` dict text), read from too."""

    NEIGHBOURS = (-2, -1, 1, 2)
    KEPT_TEXTS = 8  # pages' text kept for their markdown: the four ahead that margins read, and some slack

    def __init__(self, doc, pages: int, known: dict[int, dict] | None = None):
        self.doc, self.pages = doc, pages
        self.known = dict(known or {})
        self.texts: dict[int, dict] = {}  # page index -> its whole dict text, read for margins, not yet taken
        self.read: dict[int, dict[str, MarginLine]] = {}
        self.repeats: dict[int, frozenset[str]] = {}

    def lines(self, index: int) -> dict[str, MarginLine]:
        """`margin_lines` of page ``index`` (0-based), read on first use; none for a page that fails."""
        if index not in self.read:
            try:
                page = load_page(self.doc, index)
                text = self.known.pop(index, None)
                if text is None:
                    text = self.texts[index] = page.get_text("dict", flags=TEXT_FLAGS)
                    while len(self.texts) > self.KEPT_TEXTS:  # the lowest page first: read the longest ago
                        del self.texts[min(self.texts)]
                self.read[index] = margin_lines(page, text)
            except Exception:  # the page loop rejects an unreadable page; here it only has no margins
                self.read[index] = {}
        return self.read[index]

    def page_text(self, index: int) -> dict | None:
        """Page ``index``'s ``get_text("dict", flags=TEXT_FLAGS)``, as its margins were read from it, handed
        over once (None: not kept; the caller reads it)."""
        self.lines(index)
        return self.texts.pop(index, None)

    def repeated(self, index: int) -> frozenset[str]:
        """The `margin_key` of each margin line of page ``index`` that is running: repeated on a
        neighbouring page (`_repeats`), or set in the slot (place, font and size) where a neighbouring
        page prints a repeated one: a chapter one page long still has its head there."""
        slots = [self.lines(at)[key] for at in self._near(index) for key in self._repeats(at)]
        return self._repeats(index) | frozenset(key for key, line in self.lines(index).items()
                                                if any(line.same_slot(slot) for slot in slots))

    def _near(self, index: int) -> list[int]:
        return [index + step for step in self.NEIGHBOURS if 0 <= index + step < self.pages]

    def _repeats(self, index: int) -> frozenset[str]:
        """Page ``index``'s margin lines that a neighbouring page has in the same place, at most the page
        number changed."""
        if index not in self.repeats:
            mine = self.lines(index)
            near = {at: self.lines(at) for at in self._near(index)} if mine else {}
            self.repeats[index] = frozenset(
                key for key, line in mine.items()
                if any(key in other and abs(other[key].top - line.top) <= 2  # in the same place
                       and _modulo_page_number({index: line.numbers, at: other[key].numbers})
                       for at, other in near.items()))
        return self.repeats[index]
