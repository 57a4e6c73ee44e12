"""Tesseract's TSV output as the OCR engine's lines (`page_lines`): what `sources.common.tesseract` reads
a page into, with the quirks its lines showed on scanned pages mended (see `page_lines`)."""

from __future__ import annotations

import re

import numpy as np

from sources.common.ocr import OcrLine, box_extent, ink_bands, reading_order

WIDE_GAP = 2.5  # word heights between two words of one line that make them two (`_spans`)
NUMBER_GAP = 1.2  # word heights between two numbers of one line that make them two: a table's cells
NUMBER = re.compile(r"[-+(]?[$\u00a3\u20ac]?\d[\d,.]*%?\)?")  # "4.20", "(1,200)", "$61.50", "15%"


class _Word:
    __slots__ = ("line", "text", "confidence", "box")

    def __init__(self, line: tuple, text: str, confidence: float, box: tuple[float, float, float, float]):
        self.line, self.text, self.confidence, self.box = line, text, confidence, box


def tsv_words(tsv: str, blank: bool = False) -> list[_Word]:
    """The word rows of Tesseract's TSV (level 5). Rows of pages, blocks, paragraphs and lines carry
    confidence -1 and are no words. A word row can be empty or a space, often at confidence 95: a speck
    or a rule, or a word Tesseract found and did not read ("items" alone after a wide gap); those are
    kept, with text "" and confidence 0, only when ``blank``."""
    words = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t", 11)
        if len(cells) < 12 or cells[0] != "5" or float(cells[10]) < 0:
            continue
        text = cells[11].strip()
        if not text and not blank:
            continue
        left, top, width, height = (float(c) for c in cells[6:10])
        words.append(_Word(tuple(cells[1:5]), text, float(cells[10]) / 100 if text else 0.0,
                           (left, top, left + width, top + height)))
    return words


def page_lines(tsv: str, reread=None, image: np.ndarray | None = None) -> list[OcrLine]:
    """Tesseract's TSV as lines in reading order (see the module's note). ``reread``: a function giving
    ``(text, confidence)`` for each of a list of boxes ``(x0, y0, x1, y1)``, read again from the image
    (`TesseractEngine._reread`), for the pieces Tesseract reads worst: a word it found and did not read,
    and a short piece standing alone (a page number: "17" came back as "7" at confidence 0.87).
    ``image``: the page read, to fit boxes a speck stretched to the word's ink (`_fit_ink`)."""
    grouped: dict[tuple, list[_Word]] = {}
    for word in tsv_words(tsv, blank=True):
        grouped.setdefault(word.line, []).append(word)
    angle = _page_angle([[w for w in words if w.text] for words in grouped.values()])
    spans = [span for line in grouped.values() for span in _spans(line)]
    heights = [w.box[3] - w.box[1] for span in spans for w in span if w.text]
    usual = float(np.median(heights)) if heights else 0.0
    if image is not None:
        for span in spans:
            span[:] = [_fit_ink(w, image, usual) for w in span]
    # a speck read as a mark ("‘" in a box two pixels high, alone after a wide gap) is no line
    spans = [span for span in spans if (any(w.text for w in span) or _unread_word(span, usual))
             and (_alnum("".join(w.text for w in span)) or _height(span) >= 0.5 * usual)]
    doubtful = [i for i, span in enumerate(spans) if sum(len(w.text) for w in span) <= 3]
    again = dict(zip(doubtful, reread([_bounds(spans[i]) for i in doubtful]))) if doubtful and reread else {}
    for i, (text, confidence) in again.items():
        first = [w for w in spans[i] if w.text]
        # at twice the size the reading is kept where it is more confident, or confident and finds more:
        # a thin "1" is what Tesseract drops from a small number
        if text and (confidence > confidence_of(first) or (confidence >= 0.6 and _alnum(text) > _alnum(
                " ".join(w.text for w in first)))):
            spans[i] = [_Word(spans[i][0].line, text, confidence, _bounds(spans[i]))]
    spans = [span for span in spans if any(w.text for w in span)]
    _join_rows(spans, max(usual, SPACE_CELLS * (typewritten_pitch(spans) or 0.0)))
    lines = [OcrLine(" ".join(w.text for w in _bullet(span, image)), confidence_of(span),
                     _quad(_to_baseline(span, image, usual), angle), word_widths(span)) for span in spans if span]
    return reading_order([line for line in lines if not _overdrawn(line, lines)])


OVERDRAWN = 0.5  # confidence under which a line that overlaps a surer one is no line (`_overdrawn`)


def _overdrawn(line: OcrLine, lines: list[OcrLine]) -> bool:
    """Whether ``line`` is unsure and lies over a third of its height across a surer line: lines of text
    do not overlap, and Tesseract reads a scanned table's double rules, with the letters they touch, as
    rows over its cells' lines ("Leaman tdtane © Waaendastac" at 0.09 over "command idiom")."""
    if line.confidence >= OVERDRAWN:
        return False
    x0, y0, x1, y1 = box_extent(line.box)
    for other in lines:
        if other is line or other.confidence <= line.confidence:
            continue
        ox0, oy0, ox1, oy1 = box_extent(other.box)
        if min(x1, ox1) > max(x0, ox0) and min(y1, oy1) - max(y0, oy0) > (y1 - y0) / 3:
            return True
    return False


def _alnum(text: str) -> int:
    return sum(c.isalnum() for c in text)


def _join_rows(spans: list[list[_Word]], reach: float) -> None:
    """Pieces that stand side by side on one row, at most ``reach`` pixels apart (a word height; on a
    typewritten page a space's character cells), joined into one (the first takes the words, the second
    is left empty): Tesseract makes blocks of a code listing's "$" prompts apart from their commands, a
    word it found but left empty, read again, is a block of its own ("Total for warehouse 3: 412" +
    "items"), and it cuts a typewritten page's paragraphs into "columns" one space apart where the spaces
    of consecutive lines fall in one column."""
    bounds = {id(span): _bounds(span) for span in spans if span}  # kept, not measured again for every pair
    joined = True
    while joined:
        joined = False
        for piece in spans:
            if not piece:
                continue
            x0, y0, x1, y1 = bounds[id(piece)]
            for span in spans:
                if span is piece or not span:
                    continue
                sx0, sy0, sx1, sy1 = bounds[id(span)]
                if (min(y1, sy1) - max(y0, sy0) > 0.5 * min(y1 - y0, sy1 - sy0)
                        and 0 <= sx0 - x1 <= reach):
                    piece[:] = sorted(piece + span, key=lambda w: w.box[0])
                    span.clear()
                    bounds[id(piece)] = _bounds(piece)
                    joined = True


def _height(words: list[_Word]) -> float:
    x0, y0, x1, y1 = _bounds(words)
    return y1 - y0


def _fit_ink(word: _Word, image: np.ndarray, usual: float) -> _Word:
    """The word with its box cut to its largest band of rows with ink, where it is over 1.5 times the
    page's usual word and blank rows part its ink: a speck above or below had stretched it ("made."
    came back 28 pixels high among words of 12, and its line then stood apart from its paragraph). A
    heading's taller letters are one band and keep their box."""
    x0, y0, x1, y1 = (int(v) for v in word.box)
    if not usual or y1 - y0 <= 1.5 * usual:
        return word
    _, bands = ink_bands(image[y0:y1, x0:x1])
    if len(bands) < 2:
        return word
    top, bottom = max(bands, key=lambda band: band[1] - band[0])
    return _Word(word.line, word.text, word.confidence, (word.box[0], float(y0 + top), word.box[2], float(y0 + bottom)))


SHORT_LINE = 2  # words: a line this short has no median bottom at its baseline where one of them descends
DESCENDING = 1.15  # of the page's usual word height: a word this tall may reach below the baseline


def _to_baseline(span: list[_Word], image: np.ndarray | None, usual: float) -> list[_Word]:
    """The words of a line of ``SHORT_LINE`` words or fewer, each tall one's box cut at its baseline: in
    its lower half, the row below which the most ink ends (the feet of its letters and the bowls of its
    descenders end there; a descender's tail ends thinner, below). `_quad` takes a line's median word
    bottom for its baseline, which a line of one word with a descender has not: "building.", a paragraph's
    last line, came back 14 pixels high among words of 10, its line a third taller than its paragraph's,
    and it stood apart as a heading of its own ("### building."). The last row with a third of the
    densest row's ink was not the baseline of a word of many descenders: a heading "Spying" kept its
    tails and came out a level above its like "Methods"."""
    if image is None or not usual or len(span) > SHORT_LINE:
        return span
    out = []
    for word in span:
        x0, y0, x1, y1 = (int(v) for v in word.box)
        if word.text and y1 - y0 > DESCENDING * usual:
            dark, _ = ink_bands(image[y0:y1, x0:x1])
            half = len(dark) // 2
            ends = dark[half:].astype(np.int64) - np.append(dark[half + 1:], 0)  # ink ending below each row
            if ends.size and ends.max() > 0:
                bottom = half + int(np.argmax(ends)) + 1
                if bottom < y1 - y0:
                    word = _Word(word.line, word.text, word.confidence, (word.box[0], word.box[1], word.box[2],
                                                                         float(y0 + bottom)))
        out.append(word)
    return out


def _unread_word(span: list[_Word], usual: float) -> bool:
    """Whether a piece of words Tesseract did not read is the size of a word (not a speck or a rule):
    as high as half to twice the page's usual word, and no narrower than it is high."""
    x0, y0, x1, y1 = _bounds(span)
    return 0.5 * usual <= y1 - y0 <= 2 * usual and x1 - x0 >= y1 - y0


def _bounds(words: list[_Word]) -> tuple[float, float, float, float]:
    return (min(w.box[0] for w in words), min(w.box[1] for w in words),
            max(w.box[2] for w in words), max(w.box[3] for w in words))


def _spans(words: list[_Word]) -> list[list[_Word]]:
    """A line cut where its words stand more than ``WIDE_GAP`` word heights apart: Tesseract makes one line
    of a running head and its page number at the far end, or of a table row's cells, which the layout
    step needs apart (as a text layer and PP-OCR's detector give them). Two numbers are cut apart at
    ``NUMBER_GAP`` where that is wider by ``SPACE_STRETCH`` than the piece's spaces beside its words
    (`_cells_of_numbers`): an invoice's right-aligned price and amount stand under two word heights apart
    ("4.20 42.00" was one cell, its table a column short), and a sentence spaces its numbers closer."""
    height = float(np.median([w.box[3] - w.box[1] for w in words]))
    spans = [[words[0]]]
    for before, word in zip(words, words[1:]):
        if word.box[0] - before.box[2] > WIDE_GAP * height:
            spans.append([])
        spans[-1].append(word)
    return [cut for span in spans for cut in _cells_of_numbers(span, height)]


SPACE_STRETCH = 1.5  # times a piece's spaces beside its words that a gap between two numbers is wider at least


def _cells_of_numbers(words: list[_Word], height: float) -> list[list[_Word]]:
    """``words`` (one piece of a line, ``height`` its word height in pixels) cut between two numbers
    standing over ``NUMBER_GAP`` heights apart and ``SPACE_STRETCH`` times its spaces beside a word that is
    no number (their median; those under ``NUMBER_GAP`` heights only, a cell's gutter being none; no space:
    a row of cells). A justified line stretches every space alike: "old town. In 2001 1,500 more" in a
    narrow column set its numbers 1.3 heights apart, and the paragraph was cut in two there."""
    gaps = [b.box[0] - a.box[2] for a, b in zip(words, words[1:])]
    spaces = [gap for gap, a, b in zip(gaps, words, words[1:])
              if gap <= NUMBER_GAP * height and not (NUMBER.fullmatch(a.text) and NUMBER.fullmatch(b.text))]
    space = float(np.median(spaces)) if spaces else 0.0
    out = [[words[0]]]
    for gap, before, word in zip(gaps, words, words[1:]):
        if gap > max(NUMBER_GAP * height, SPACE_STRETCH * space) and NUMBER.fullmatch(before.text) \
                and NUMBER.fullmatch(word.text):
            out.append([])
        out[-1].append(word)
    return out


def _bullet(words: list[_Word], image: np.ndarray | None) -> list[_Word]:
    """The line's words, a first word that is a drawn bullet given as "•". Tesseract reads a small disc
    as "+", "e", "*" or "©": one character in a box under 0.6 of the other words' median height, about
    square, its centre in the middle half of their height (a full stop sits on the baseline), and, on
    ``image``, its ink a filled round blob (`_is_disc`). Geometry alone would rewrite a real character
    (a diff's "+" line, "e = mc2"), so without the image nothing is rewritten."""
    if image is None or len(words) < 2 or len(words[0].text) != 1:
        return words
    first, rest = words[0], words[1:]
    width, height = first.box[2] - first.box[0], first.box[3] - first.box[1]
    top = float(np.median([w.box[1] for w in rest]))
    bottom = float(np.median([w.box[3] for w in rest]))
    centre = (first.box[1] + first.box[3]) / 2
    if (0 < height < 0.6 * (bottom - top) and 0.5 <= width / height <= 2
            and top + 0.25 * (bottom - top) <= centre <= bottom - 0.25 * (bottom - top)
            and _is_disc(image, first.box)):
        return [_Word(first.line, "•", first.confidence, first.box), *rest]
    return words


DISC_FILL = 0.65  # share of its own bounding box a filled disc's ink covers (a disc: 0.79; "+": 0.3-0.5)


def _is_disc(image: np.ndarray, box: tuple[float, float, float, float]) -> bool:
    """Whether the ink in ``box`` of ``image`` (a pixel round it) is one filled round blob: dark pixels
    (darker than halfway from the darkest to the paper) covering ``DISC_FILL`` of their own bounding box,
    which is about square, with no light pixel in its middle third ("e", "o" and "©" have a hole there,
    "+" and "*" light corners)."""
    x0, y0 = max(0, int(box[0]) - 1), max(0, int(box[1]) - 1)
    pixels = image[y0:int(np.ceil(box[3])) + 2, x0:int(np.ceil(box[2])) + 2]
    grey = pixels.mean(axis=2) if pixels.ndim == 3 else pixels.astype(float)
    if grey.size == 0:
        return False
    ink = grey < (grey.min() + float(np.percentile(grey, 90))) / 2
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not rows.size:
        return False
    blob = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]  # (h, w) the ink's own box
    h, w = blob.shape
    middle = blob[h // 3:h - h // 3, w // 3:w - w // 3]
    return 0.7 <= w / h <= 1.4 and blob.mean() >= DISC_FILL and bool(middle.all())


def confidence_of(words: list[_Word]) -> float:
    """The words' confidences (0-1) weighted by their letters: a line with one doubtful short word is
    no doubtful line, a line of doubtful words is."""
    weights = [max(1, sum(c.isalnum() for c in w.text)) for w in words]
    if not words:
        return 0.0
    return round(sum(w.confidence * n for w, n in zip(words, weights)) / sum(weights), 4)


def sideways_share(words: list[_Word]) -> float:
    """Share of the letters of the words of three letters or more that lie in boxes taller than wide: a
    page turned a quarter, whose lines run down it. Tesseract reads such lines as vertical text, its words
    right (confidence 0.93) and its lines' boxes and order wrong (error rate 0.69): the words' boxes, 121
    of 126 taller than wide on such a page, are what tells it; an upright word that long is never taller."""
    letters = [(sum(c.isalpha() for c in w.text), w.box) for w in words]
    letters = [(n, box) for n, box in letters if n >= 3]
    total = sum(n for n, _ in letters)
    return sum(n for n, (x0, y0, x1, y1) in letters if y1 - y0 > x1 - x0) / total if total else 0.0


SPACE_CELLS = 1.6  # character cells that part two words of one typewritten line at most: a space, bearings
FIXED_PITCH = 0.3  # `pitch_spread` under which a line is set in a monospaced font
TYPEWRITTEN = 0.5  # share of a page's judged letters in monospaced lines that makes it typewritten
PITCH_WORDS = 6  # words a pitch is judged on at least (`pitch_spread`): four by chance fit a heading
LINE_WORDS = 8  # words a line of a typewritten page is judged on at least (`typewritten_pitch`)


def word_widths(words: list[_Word]) -> tuple[tuple[int, float], ...]:
    """(characters, ink width in pixels) of the words of two characters or more that hold a letter: the
    words whose widths tell a fixed pitch (`pitch_spread`). Digits alone are left out: proportional
    fonts set them at one width too (a table of figures is no listing)."""
    return tuple((len(w.text), w.box[2] - w.box[0]) for w in words
                 if len(w.text) >= 2 and any(c.isalpha() for c in w.text))


def pitch_spread(widths) -> float | None:
    """How far words' widths stray from one fixed character pitch, in pitches: the residual (root mean
    square over the degrees of freedom) of a straight line fitted to width against characters over
    ``widths`` ((characters, pixels) pairs, `word_widths`), divided by the fitted pitch. In a monospaced
    font every character takes the same advance, so a word's ink width is its length in pitches less a
    bearing: a scanned listing's blocks measured 0.1-0.25, prose in serif and sans-serif fonts 0.5-1.3
    (bench.doc_quality's scans, tests/test_ocr_code.py's pages); a fit whose width does not grow with
    length (a justified or garbled line) is ``inf``. None with under ``PITCH_WORDS`` words or one length."""
    if len(widths) < PITCH_WORDS or len({n for n, _ in widths}) < 2:
        return None
    length, width = np.array(widths, dtype=float).T
    pitch, bearing = np.polyfit(length, width, 1)
    if pitch <= 0:
        return float("inf")
    residual = width - (pitch * length + bearing)
    return float(np.sqrt(np.sum(residual ** 2) / (len(widths) - 2)) / pitch)


def typewritten_pitch(spans: list[list[_Word]]) -> float | None:
    """The character pitch (pixels) of a page set mostly in one monospaced font: the median fitted pitch
    of its lines of ``LINE_WORDS`` words or more whose `pitch_spread` is under ``FIXED_PITCH``, where
    those hold over ``TYPEWRITTEN`` of the letters of the lines that could be judged; else None."""
    fixed, judged, pitches = 0, 0, []
    for span in spans:
        widths = word_widths(span)
        spread = pitch_spread(widths) if len(widths) >= LINE_WORDS else None
        if spread is None:
            continue
        letters = sum(len(w.text) for w in span)
        judged += letters
        if spread < FIXED_PITCH:
            fixed += letters
            pitches.append(float(np.polyfit(*np.array(widths, dtype=float).T, 1)[0]))
    return float(np.median(pitches)) if pitches and fixed > TYPEWRITTEN * judged else None


def _page_angle(lines) -> float:
    """The page's text slope in radians (image y down): the median over sure lines of five words or more
    (confidence 0.6 or over: a table's rules read as a row of unsure letters sloped a page of Debian's
    manual by 0.53 degrees where its text lay at 0.13) of the slope through their words' centres; 0
    without such a line."""
    slopes = []
    for words in lines:
        if len(words) < 5 or confidence_of(words) < 0.6:
            continue
        xs = np.array([(w.box[0] + w.box[2]) / 2 for w in words])
        ys = np.array([(w.box[1] + w.box[3]) / 2 for w in words])
        if np.ptp(xs) > 0:
            slopes.append(float(np.polyfit(xs, ys, 1)[0]))
    return float(np.arctan(np.median(slopes))) if slopes else 0.0


DESCENDER = 1 / 3  # of the height from ascender to baseline: where a text layer's line box ends below it


def _quad(words: list[_Word], angle: float) -> list[list[float]]:
    """The line's rectangle with its sides along ``angle``, clockwise from top-left: from its first word's
    start to its last word's end; across from its words' median top (the ascenders, a word's box can take
    in specks: "::=" came back 29 pixels high on a line of 14) to their median bottom (the baseline) and
    a descender's depth below, as a text layer's line runs from ascender to descender whatever its
    letters (the layout step joins a paragraph's lines by their gap to that height: boxes ending at the
    baseline joined no lines of a letter set at 1.5 lines, and the words' lowest bottom made a last line
    without descenders too short to belong to its paragraph)."""
    along, across = np.array([np.cos(angle), np.sin(angle)]), np.array([-np.sin(angle), np.cos(angle)])
    corners = np.array([(x, y) for w in words for x in (w.box[0], w.box[2]) for y in (w.box[1], w.box[3])])
    s = corners @ along
    tops, bottoms = [], []
    for w in words:
        centre = np.array([(w.box[0] + w.box[2]) / 2, (w.box[1] + w.box[3]) / 2]) @ across
        # an upright box round a sloping word is taller than the word by its width times the slope
        half = max(1.0, (w.box[3] - w.box[1] - abs(np.sin(angle)) * (w.box[2] - w.box[0])) / 2)
        tops.append(centre - half)
        bottoms.append(centre + half)
    s0, s1, t0, t1 = s.min(), s.max(), float(np.median(tops)), float(np.median(bottoms))
    t1 += DESCENDER * (t1 - t0)
    return [[round(float(p[0]), 1), round(float(p[1]), 1)]
            for p in (s0 * along + t0 * across, s1 * along + t0 * across,
                      s1 * along + t1 * across, s0 * along + t1 * across)]




def overlapping_lines(lines: list[OcrLine]) -> bool:
    """Whether two lines lie over each other by more than a third of the lower one's height, measured
    across the text's slope (a turned page's upright extents overlap their neighbours'): lines of text
    do not, and Tesseract's layout analysis gives such lines where it has gone wrong."""
    return bool(overlapping_pairs(lines))


def overlapping_pairs(lines: list[OcrLine]) -> list[tuple[int, int]]:
    """The pairs ``(i, j)`` of `overlapping_lines`."""
    if len(lines) < 2:
        return []
    angle = float(np.median([np.arctan2(ln.box[1][1] - ln.box[0][1], ln.box[1][0] - ln.box[0][0]) for ln in lines]))
    along, across = np.array([np.cos(angle), np.sin(angle)]), np.array([-np.sin(angle), np.cos(angle)])
    spans = []
    for line in lines:
        points = np.array(line.box, dtype=float)
        s, t = points @ along, points @ across
        spans.append((s.min(), s.max(), t.min(), t.max()))
    pairs = []
    for i, (s0, s1, t0, t1) in enumerate(spans):
        for j, (o0, o1, u0, u1) in enumerate(spans[i + 1:], i + 1):
            if min(s1, o1) > max(s0, o0) and min(t1, u1) - max(t0, u0) > min(t1 - t0, u1 - u0) / 3:
                pairs.append((i, j))
    return pairs


NEIGHBOURS = 2  # lines above and below the overlapping ones read again with them (`overlap_band`)


def overlap_band(lines: list[OcrLine], height: int) -> tuple[int, int] | None:
    """The rows ``(top, bottom)`` of a page ``height`` rows high to read again where `overlapping_lines`
    finds lines over lines: those lines, every line reaching into their rows, and ``NEIGHBOURS`` lines
    above and below (read without them, as a band cut close round the overlap, a heading's "=====" rule
    read worse than on the whole page: psm 6 finds its rows better with some around), out to halfway to
    the next lines (or the page's edges); None when no lines overlap. Rows are the image's: on a page
    turned by a degree, a long line's rows reach into its neighbours', so the band takes in the whole run
    of lines it is part of (a paragraph; on bench.ocr_pages' turned pages, two thirds of the page)."""
    pairs = overlapping_pairs(lines)
    if not pairs:
        return None
    extents = [box_extent(line.box) for line in lines]
    top = min(extents[i][1] for pair in pairs for i in pair)
    bottom = max(extents[i][3] for pair in pairs for i in pair)
    top, bottom = _whole_lines(extents, top, bottom)
    for _ in range(NEIGHBOURS):
        top = max((y0 for _, y0, _, y1 in extents if y1 <= top), default=top)
        bottom = min((y1 for _, y0, _, y1 in extents if y0 >= bottom), default=bottom)
        top, bottom = _whole_lines(extents, top, bottom)
    above = max((y1 for _, _, _, y1 in extents if y1 <= top), default=0.0)
    below = min((y0 for _, y0, _, _ in extents if y0 >= bottom), default=float(height))
    return max(0, int((above + top) / 2)), min(height, int(np.ceil((bottom + below) / 2)))


def _whole_lines(extents, top: float, bottom: float) -> tuple[float, float]:
    """Rows ``top`` to ``bottom`` grown until no line's extent reaches out of them (a line is read whole)."""
    grown = True
    while grown:
        grown = False
        for _, y0, _, y1 in extents:
            if y0 < bottom and y1 > top and (y0 < top or y1 > bottom):
                top, bottom, grown = min(top, y0), max(bottom, y1), True
    return top, bottom


def surer(lines: list[OcrLine], than: list[OcrLine]) -> bool:
    """Whether one reading of a page is surer than another: its confidence, weighted by letters and
    digits, higher, with at least 95% as many of them (a reading that leaves lines out is no surer)."""
    def letters(reading):
        return [sum(c.isalnum() for c in line.text) for line in reading]

    def mean(reading):
        counts = letters(reading)
        return sum(n * line.confidence for n, line in zip(counts, reading)) / max(1, sum(counts))

    return sum(letters(lines)) >= 0.95 * sum(letters(than)) and mean(lines) > mean(than)
