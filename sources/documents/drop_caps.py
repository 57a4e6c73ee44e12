"""Drop caps put back on their word.

A chapter's or article's first letter set large, sunk into the first lines of its paragraph (CSS
``float: left`` with a large font, LaTeX's lettrine, InDesign), is a block of its own to MuPDF: read as one,
it was a heading ("# I") and the paragraph began "t was a bright cold day". Such a letter is put back at
the start of the paragraph's first line, as the reader reads it. A floated cap that MuPDF laid out inline (an
EPUB's or HTML page's) is set at its line's size for the markdown (`with_raised_caps`).
"""

from __future__ import annotations

from sources.documents.text_layer import each_text_block

MIN_RATIO = 2.0  # a drop cap's size to the text beside it, at least (two lines sunk; lettrine's default)
MAX_CHARS = 2  # "I", "Ö", "“T": a letter, maybe with its opening quote


def with_drop_caps(text: dict) -> dict:
    """``text`` (a page's dict text) with each drop cap moved into the paragraph beside it: a block of one line
    of at most `MAX_CHARS` characters, a letter among them, beside two lines or more that start just right of it
    (within their font size), their baselines within its height, it at least `MIN_RATIO` times their size. The
    cap becomes the first characters of the highest of them, which must start its block (its paragraph: MuPDF
    may make a block of each line)."""
    blocks = [b for b in text["blocks"] if b.get("type") != 1 and b.get("lines")]
    moved: dict[int, object] = {}  # id of the paragraph block -> the cap's text; id of a cap -> None
    for cap in blocks:
        if len(cap["lines"]) != 1 or id(cap) in moved:  # a paragraph another cap went into is no cap
            continue
        shown = "".join(s["text"] for s in cap["lines"][0]["spans"]).strip()
        if not 0 < len(shown) <= MAX_CHARS or not any(ch.isalpha() for ch in shown):
            continue
        size = max(s["size"] for s in cap["lines"][0]["spans"])
        x0, y0, x1, y1 = cap["bbox"]
        beside = sorted(((line["spans"][0]["origin"][1], line["bbox"][0], index, block)
                         for index, block in enumerate(blocks)
                         if block is not cap and moved.get(id(block), "") is not None
                         for line in block["lines"]
                         if x1 - 1 <= line["bbox"][0] <= x1 + line["spans"][0]["size"]
                         and y0 <= line["spans"][0]["origin"][1] <= y1
                         and size >= MIN_RATIO * line["spans"][0]["size"]), key=lambda item: item[0])
        if len(beside) >= 2 and id(beside[0][3]) not in moved and beside[0][3]["lines"][0]["spans"][0]["origin"][1] \
                == beside[0][0]:  # two lines or more sunk beside it, the first its paragraph's first
            moved[id(beside[0][3])] = shown
            moved[id(cap)] = None

    def remade(block: dict) -> list[dict]:
        if id(block) not in moved:
            return [block]
        if moved[id(block)] is None:  # the cap itself: now in its paragraph
            return []
        first, *rest = block["lines"]
        span, *others = first["spans"]
        first = {**first, "spans": [{**span, "text": moved[id(block)] + span["text"]}, *others]}
        return [{**block, "lines": [first, *rest]}]

    return each_text_block(with_raised_caps(text), remade) if moved else with_raised_caps(text)


def with_raised_caps(text: dict) -> dict:
    """``text`` with each raised cap set at its line's size: a block's first line that starts with at most
    `MAX_CHARS` characters, a letter among them, at least `MIN_RATIO` times the size of the text straight after
    it on the line, which goes on with its word (no space between). MuPDF lays a floated drop cap of an EPUB or
    HTML page (``<span style="float: left; font-size: 3em">T</span>he river``) out inline, on the baseline of
    the first line; its size made that line a heading ("# The river ran past ... counted") and parted it from
    the rest of its paragraph. The letter keeps its place and text; only the size the markdown judges changes."""
    def remade(block: dict) -> list[dict]:
        first, *rest = block["lines"]
        spans = [s for s in first["spans"] if s["text"]]
        if len(spans) < 2 or not spans[1]["text"][:1].isalpha():
            return [block]
        cap, after = spans[0], spans[1]
        shown = cap["text"].strip()
        if not (0 < len(shown) <= MAX_CHARS and any(ch.isalpha() for ch in shown) and shown == cap["text"]
                and cap["size"] >= MIN_RATIO * after["size"]):
            return [block]
        first = {**first, "spans": [{**s, "size": after["size"]} if s is cap else s for s in first["spans"]]}
        return [{**block, "lines": [first, *rest]}]

    return each_text_block(text, lambda block: remade(block) if block.get("lines") else [block])
