"""Whether a short block is a heading, judged against the document's own styles (`style.DocumentStyle`).

A fixed ratio to the body size missed headings set barely larger than the body (a 10.5-point bold
subsection on 10-point text) and took any short line of a larger paragraph style (a lead paragraph,
an abstract) for one. So:
- a size the document sets whole paragraphs in (``paragraph_sizes``: long blocks on its sampled pages)
  makes no heading by itself; bold, it still does;
- a larger size than the body (at least 15% larger) makes a heading, its level from the ratio
  (1.8: ``#``, 1.4: ``##``, else ``###``), as HTML's and LaTeX's heading scales give them;
- a size barely above the body (more than a quarter point, less than 15%) makes a ``###`` heading
  in bold, and also in a regular weight when it is a point or more above the body, one or two lines,
  at most 12 words and 100 characters, not a sentence (no closing full stop, comma or semicolon), not
  monospaced, on a text layer (an OCR line's size is its box's height, taller
  for a line of brackets and quotes) (Python's documentation sets "Cursor objects" in 12 points on
  10.5-point text, regular weight: 10 of its 17 section headings were written as paragraphs);
- bold at the body size makes a run-in heading, ``**...**``;
- a block whose text carries a superscript or subscript set smaller than its own text (an exponent,
  a footnote marker: MuPDF's superscript flag, or `scripts.attach_scripts`) makes no heading by a size
  barely above the body: that is running text ("Energy equals mc2" in 12 points on 11-point text).
A heading has a letter (a figure's axis labels, "0.9" and "180" in a larger size, were headings) and is
short: under 200 characters, under 120 when it runs over three lines or more (and for a
run-in one): longer blocks are paragraphs (`is_paragraph`), what ``paragraph_sizes`` counts.

Lengths are the script's (`text_length`, `word_count`): Chinese, Japanese and Thai are written without spaces
between words, and a whole sentence of them split on spaces was one "word", short enough for a heading (a
Thai sentence and a Chinese one ending in "。" set 1.5 points above the body were ``###`` headings). A
full-width character counts as two characters, a combining mark as none; a run of ideographs and kana is a
word for every two characters, a run of Thai, Lao, Khmer or Myanmar letters one for every four.
"""

from __future__ import annotations

import math
import re
import unicodedata

from sources.common.interleaved import UNSPACED  # Thai, Lao, Myanmar, Khmer
from sources.documents.code_blocks import is_mono
from sources.documents.coloured_titles import TITLE
from sources.documents.font_expansion import one_of
from sources.documents.literal_emphasis import emphasised, heading_text, literal
from sources.documents.script_marks import without_marks
from sources.documents.text_layer import starts_url

_BOLD = 16  # MuPDF's span flag for a bold font
_SUPERSCRIPT = 1  # MuPDF's span flag for a raised run (`scripts` sets it on lowered ones it attaches too)
# ideographs and kana: written without spaces, full width (Hangul is written with spaces between words)
_IDEOGRAPHIC = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_FULL_WIDTH = re.compile("[\u1100-\u115f\u2e80-\u303e\u3040-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f"
                         "\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")
_SENTENCE_ENDS = (".", ",", ";", "\u3002", "\uff0e", "\uff0c", "\uff1b", "\u3001")  # and the full-width ones


def text_length(text: str) -> int:
    """``text``'s length in the characters of a Latin text as wide: a full-width character (an ideograph,
    kana, hangul, CJK punctuation) counts two, a combining mark (a Thai vowel or tone mark) none."""
    marks = sum(1 for c in text if unicodedata.category(c) in ("Mn", "Me"))
    return len(text) + len(_FULL_WIDTH.findall(text)) - marks


def word_count(text: str) -> int:
    """How many words ``text`` holds: its space-separated pieces, a piece in a script written without spaces
    between words counting a word for every two ideographs or kana and every four Thai, Lao, Khmer or Myanmar
    letters (a Thai or Chinese sentence is no one-word line)."""
    count = 0
    for piece in text.split():
        ideographs = len(_IDEOGRAPHIC.findall(piece))
        letters = sum(1 for c in UNSPACED.findall(piece) if unicodedata.category(c).startswith("L"))
        count += max(1, math.ceil(ideographs / 2 + letters / 4))
    return count


def is_paragraph(lines: list, text: str) -> bool:
    """Whether a block (its lines, their joined text) is too long for a heading."""
    length = text_length(text)
    return length >= 200 or (len(lines) >= 3 and length >= 120)


def letters_size(spans: list[dict]) -> float:
    """The largest size (points) of ``spans`` that hold a letter or digit; 0.0 where none does."""
    return max((s["size"] for s in spans if any(c.isalnum() for c in s["text"])), default=0.0)


def heading_markdown(lines: list[dict], text: str, style) -> str | None:
    """``text`` (the block's joined lines) as a markdown heading, or None when the block is no heading."""
    spans = [s for ln in lines for s in ln["spans"] if s["text"].strip()]
    shown = without_marks(text)  # a script's tags are no letters: "10<sup>-1</sup>" is a tick label
    if not spans or is_paragraph(lines, shown) or not any(c.isalpha() for c in shown):
        return None  # no letter, no heading: a figure's axis label ("0.9", "180") set large
    if len(shown.split()) == 1 and starts_url(shown.strip()):
        return None  # a link set large on a row of its own (\large\url{...}) names no section
    # a list's bullet or a symbol set larger than its line ("*" at 13 points before 10-point text, Debian
    # Reference) makes no heading: the size is its letters' and digits'
    size, body = letters_size(spans), style.body
    bold = all(s["flags"] & _BOLD for s in spans)
    # a heading's "[link](x)", "`code`", "*stars*" and a closing "#" ("C #") are its characters, as a paragraph's
    md = heading_text(literal(text))
    paragraph_size = one_of(round(size, 1), style.paragraph_sizes)  # a size font expansion made of one too
    if size >= body * 1.15 and (bold or not paragraph_size):
        level = 1 if size >= body * 1.8 else 2 if size >= body * 1.4 else 3
        return "#" * level + " " + md
    if len(lines) == 1 and lines[0].get(TITLE):  # a block's title told by its colour (`coloured_titles`)
        return "### " + md
    if any(s["flags"] & _SUPERSCRIPT and s["size"] < size - 0.5 for s in spans):
        return emphasised(md, "**") if bold and len(text) < 120 else None  # running text: an exponent, a note mark
    if bold and body + 0.25 < size < body * 1.15 and not paragraph_size:
        return "### " + md
    if (_dominant_size(spans) >= body + 1 and not paragraph_size and len(lines) <= 2 and text_length(text) < 100
            and not text.rstrip().endswith(_SENTENCE_ENDS) and word_count(text) <= 12
            and not style.read_by_ocr and not any(is_mono(s) for s in spans)):  # OCR sizes are box heights
        return "### " + md  # a point or more above the body, a line or two, in no paragraph style
    if bold and len(text) < 120:  # bold, body-sized: a run-in heading
        return emphasised(md, "**")
    return None


def _dominant_size(spans: list[dict]) -> float:
    """The size most of the spans' characters are set in: one larger glyph (a symbol font's checkbox or
    arrow) does not make a line larger."""
    sizes: dict[float, int] = {}
    for span in spans:
        sizes[span["size"]] = sizes.get(span["size"], 0) + len(span["text"].strip())
    return max(sizes, key=lambda size: (sizes[size], -size))


# a section's number and its title: "1. Introduction", "4. Results and discussion"
_NUMBERED_TITLE = re.compile(r"\d{1,2}\.\s+\S")
# a subsection's: "1.1. Ledgers", "2.3 Drying" (a number of two levels or more)
_SUBSECTION_TITLE = re.compile(r"\d{1,2}(\.\d{1,2})+\.?\s+(?=[^\W\d_])")  # and its title capitalised: no "3.5 kg"
_ITALIC = 2  # MuPDF's span flag for an italic font


def numbered_headings(items: list[tuple]) -> list[tuple]:
    """Page items ``(bbox, kind, markdown, line boxes, lines)`` in reading order with a lone numbered "list item"
    that is a section's bold title at the body size made the run-in heading it is, and a lone paragraph that is
    a subsection's bold or italic numbered title likewise (``*1.1. Ledgers*``): one row in one piece
    (`_spread`), every span bold (italic), at most 10 words, no closing full stop, comma or semicolon, and no
    numbered list right before or after it. elsarticle sets its sections so ("1. Introduction" in bold, "1.1.
    Ledgers" in italic, over regular text): each section was written as a one-item numbered list, each
    subsection as a paragraph. A numbered list of bold items, one after another, stays a list."""
    out = []
    for k, item in enumerate(items):
        bbox, kind, md, boxes, lines = item
        spans = [s for ln in lines for s in ln["spans"] if s["text"].strip()]
        title = kind == "list" and _NUMBERED_TITLE.match(md) or kind == "text" and _subsection_title(md)
        if title and "\n" not in md and spans and len({round(ln["bbox"][3]) for ln in lines}) == 1 \
                and not _spread(lines) and word_count(md) <= 10 and not md.rstrip().endswith(_SENTENCE_ENDS) \
                and not any(_numbered_list(other) for other in items[max(0, k - 1):k] + items[k + 1:k + 2]):
            if all(s["flags"] & _BOLD for s in spans):
                item = (bbox, "heading", emphasised(literal(md), "**"), boxes, lines)
            elif kind == "text" and all(s["flags"] & _ITALIC for s in spans):
                item = (bbox, "heading", emphasised(literal(md), "*"), boxes, lines)
        out.append(item)
    return out


def _spread(lines: list[dict]) -> bool:
    """Whether a row's pieces stand apart by more than three times its height: a running head's section and
    chapter at the text's two edges ("1.2. INSTALLATION AND USAGE", "CHAPTER 1. GETTING STARTED" in italic, 56
    points apart, was made a heading); a title's number stands a quad before its words."""
    boxes = sorted(ln["bbox"] for ln in lines)
    return any(b[0] - a[2] > 3 * (a[3] - a[1]) for a, b in zip(boxes, boxes[1:]))


def _subsection_title(md: str) -> bool:
    """Whether ``md`` starts as a subsection's numbered title: "1.1. Ledgers", not "3.5 kg of grain"."""
    found = _SUBSECTION_TITLE.match(md)
    return bool(found) and md[found.end()].isupper()


def _numbered_list(item: tuple) -> bool:
    return item[1] == "list" and bool(re.search(r"(?m)^\s*\d{1,3}[.)]\s", item[2]))

