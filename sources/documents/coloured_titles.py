"""A block's title told from its text by size and colour alone, where it is neither bold nor a heading's size.

Beamer sets a block's title in the theme's colour a point or so larger than the block's text (12-point blue over
10.9-point black), or light on a dark band over dark text (Warsaw's white on blue): neither 15% larger than the body
nor bold, so `blocks._looks_heading` took no heading, and MuPDF gave the title and the text one block ("Storage of
grain Silos keep grain dry ..." was one paragraph). `blocks._heading_apart` cuts such a first line off as a heading,
and `marked_titles` marks such a title that MuPDF set as a block of its own (Warsaw's "Dry bins" over its text was a
paragraph): `headings.heading_markdown` writes a line so marked (`TITLE`) a heading, at the body's size too.
"""

from __future__ import annotations

from sources.documents.text_layer import line_text


def coloured_title(line: dict, below: dict, body: float) -> bool:
    """Whether ``line`` is a title set over ``below``, its text, by size and colour though neither bold nor 15% larger
    than the body: every span a point or more larger than the body and than every span of ``below`` (or light over
    their dark, `light`), in a colour none of them has, ending no sentence (beamer's block title, 12 points in the
    theme's blue over 10.9-point black text: "Storage of grain Silos keep grain dry ..." was one paragraph)."""
    spans, under = ([s for s in ln["spans"] if s["text"].strip()] for ln in (line, below))
    if not spans or not under or line_text(line).rstrip().endswith((".", "!", "?", ":", ";", ",")):
        return False
    if {s["color"] for s in spans} & {s["color"] for s in under}:
        return False
    least = min(s["size"] for s in spans)
    # or light over dark at one size: a title on a band of its own (beamer's Warsaw theme sets a block's title white
    # on blue over black text, "Storage of grain Silos keep ...")
    return least >= body + 1 and least >= max(s["size"] for s in under) + 1 \
        or all(light(s["color"]) for s in spans) and not any(light(s["color"]) for s in under)


TITLE = "coloured_title"  # the key of a line set as a block's title by its colour (`titled`)
TITLE_GAP = 3.0  # body sizes from a title's foot to the top of its text's first line, at most


def titled(line: dict) -> dict:
    """``line`` (a ``get_text("dict")`` line) marked as a title told by its colour (`TITLE`)."""
    return {**line, TITLE: True}


def marked_titles(text: dict, body: float) -> dict:
    """``text`` (a page's dict text) with each block of one line that is a title over the block after it
    (`coloured_title` with that block's first line, under it within `TITLE_GAP` body sizes, overlapping it across)
    marked `titled`: beamer's Warsaw theme sets a block's title white on a blue band, at the body's size, and MuPDF
    gave it a block of its own, written as a plain paragraph. Only on a slide (a page wider than tall): a portrait
    page's light label on a dark box (a web page's navigation bar, a badge: "New this week") titles no block."""
    if not text.get("width", 0.0) > text.get("height", float("inf")):
        return text
    blocks = list(text["blocks"])
    changed = False
    for k, (block, below) in enumerate(zip(text["blocks"], text["blocks"][1:])):
        if block.get("type") == 1 or below.get("type") == 1 or len(block.get("lines", ())) != 1 \
                or not below.get("lines"):
            continue
        line, first = block["lines"][0], below["lines"][0]
        (x0, _, x1, y1), (u0, v0, u1, _) = line["bbox"], first["bbox"]
        if 0 <= v0 - y1 + 1 <= TITLE_GAP * body and u0 < x1 and u1 > x0 and coloured_title(line, first, body):
            blocks[k] = {**block, "lines": [titled(line)]}
            changed = True
    return {**text, "blocks": blocks} if changed else text


def light(colour: int) -> bool:
    """Whether an sRGB ``colour`` (MuPDF's 0xRRGGBB) is light enough to show only on a darker band: luma 0.8 or more."""
    red, green, blue = (colour >> 16) & 255, (colour >> 8) & 255, colour & 255
    return 0.299 * red + 0.587 * green + 0.114 * blue >= 0.8 * 255
