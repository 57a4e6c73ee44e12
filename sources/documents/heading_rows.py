"""A centred heading TeX wrapped over rows that MuPDF set as a block a row, put back together.

A title set across a two-column page (\\twocolumn[\\maketitle]) stands apart from the text, and MuPDF set each of
its rows as a block of its own: the title was two headings ("## A Study of the Orchards That Keep Their Trees in
Rows Running" | "## Down the Hill to the River"). `continued_paragraphs` joins a paragraph's blocks where they start
at one edge and the text plainly runs on (a lower-case start), which a centred title's rows in title case do not
show. A block is joined to the block before it where both are set in one size a heading's (`HEADING`), in the same
fonts, every row of the two centred on one axis (`centred_grid.AXIS`), the lower's first baseline at most `STEP`
font sizes under the upper's last, and the lower row goes on with the upper: it starts with a lower-case word
("the Hill" under a \\large title in a minipage) and the rows fill their widest (`line_breaks.filled_rows`), or
the two are set 1.4 body sizes or more (a title's size) and the upper row fills the page's measure, as rows TeX
wrapped do: rows the author broke leave room for the next row's first word, "by" under a title, or an author's
name over their town set at a title's size ("## Apostolos Syropoulos Xanthi, Greece"). An author's name over their
institution is set smaller than a title and starts each row with a capital; two sections' headings stand further
apart.
"""

from __future__ import annotations

from sources.documents.blocks import rows_of, union_box
from sources.documents.centred_grid import AXIS
from sources.documents.code_blocks import baseline
from sources.documents.heading_stacks import ends_mid_phrase, starts_lower
from sources.documents.line_breaks import centred_breaks, filled_rows, wrapped_title
from sources.documents.text_layer import join_lines, line_text

HEADING = 1.15  # body sizes a heading is set in at least (`headings.heading_markdown`'s "###")
TITLE = 1.4  # body sizes a title is set in at least ("##"), whose rows are one heading whatever their case
STEP = 1.6  # font sizes from a heading's row's baseline to the next one's, at most (TeX: 1.2-1.3)
SIZE = 0.5  # points two rows' sizes may differ by and be one size


def wrapped_headings(text: dict, body: float | None) -> dict:
    """``text`` (a page's dict text, blocks in reading order) with each block that holds the next rows of a centred
    heading the block before it holds joined to that block (see the module's text); ``body``: the document's body
    size (points; None: nothing is joined)."""
    if not body:
        return text
    boxes = [ln["bbox"] for block in text["blocks"] if block.get("type") != 1 for ln in block.get("lines", ())]
    measure = (min(box[0] for box in boxes), max(box[2] for box in boxes)) if boxes else (0.0, 0.0)
    out: list[dict] = []
    for block in text["blocks"]:
        if out and _runs_on(out[-1], block, body, measure):
            lines = out[-1]["lines"] + block["lines"]
            out[-1] = {**out[-1], "lines": lines, "bbox": union_box(ln["bbox"] for ln in lines)}
        else:
            out.append(block)
    return {**text, "blocks": out} if len(out) < len(text["blocks"]) else text


def _runs_on(above: dict, below: dict, body: float, measure: tuple[float, float]) -> bool:
    """Whether ``below`` holds the next rows of the centred heading ``above`` holds (see the module's text);
    ``measure``: the left and right edges of the page's text (points)."""
    if any(b.get("type") == 1 or not b.get("lines") or b.get("verse") for b in (above, below)):
        return False
    above_rows, below_rows = rows_of(above["lines"]), rows_of(below["lines"])
    rows = above_rows + below_rows
    spans = [span for line in above["lines"] + below["lines"] for span in line["spans"] if span["text"].strip()]
    if not spans or len(rows) > 4:
        return False
    sizes = [span["size"] for span in spans]
    size = max(sizes)
    fonts = [{span["font"] for span in _spans(lines)} for lines in (above["lines"][-1:], below["lines"][:1])]
    if size - min(sizes) > SIZE or size < HEADING * body or fonts[0] != fonts[1]:
        return False
    middles = [(min(ln["bbox"][0] for ln in row) + max(ln["bbox"][2] for ln in row)) / 2 for row in rows]
    widths = [max(ln["bbox"][2] for ln in row) - min(ln["bbox"][0] for ln in row) for row in rows]
    if max(middles) - min(middles) > AXIS or max(widths) - min(widths) < 3 * AXIS:  # centred rows differ in width
        return False
    if not 0 < baseline(below["lines"][0]) - baseline(above["lines"][-1]) <= STEP * size:
        return False
    lower = starts_lower(line_text(below["lines"][0]))
    # rows the author broke, leaving room for the next row's first word, are an author's lines ("by" under a title;
    # a name over its town set at a title's size, whose rows fill only the narrower one's measure: the page's)
    if lower:
        return filled_rows(rows)
    if wrapped_title(rows):  # a title in Title Case shows no lower-case start: its measured fill tells it
        return True
    # at a title's size, a row that ends mid-phrase ("Deep Learning for Medicine:" over "A Survey") goes on, as does
    # one that fills the page's measure
    upper = above_rows[-1]
    return size >= TITLE * body and (
        ends_mid_phrase(join_lines([line_text(ln) for ln in sorted(upper, key=lambda ln: ln["bbox"][0])]))
        or not centred_breaks([upper] + below_rows[:1], *measure))


def _spans(lines: list[dict]) -> list[dict]:
    return [span for line in lines for span in line["spans"] if span["text"].strip()]
