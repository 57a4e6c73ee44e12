"""One text block of a page as markdown pieces: code, lists, headings and paragraphs.

A block as MuPDF groups it can hold several kinds of text (texinfo sets an example inside its paragraph's
block), so a block is cut into runs first (`code_blocks.code_runs`) and each run becomes its own piece
with its own box.
"""

from __future__ import annotations

from sources.documents.code_blocks import code_runs
from sources.documents.headings import heading_markdown
from sources.documents.line_breaks import authors_breaks
from sources.documents.lists import list_markdown, list_runs, starts_item
from sources.documents.text_layer import join_lines


def block_pieces(lines: list[dict], style, keeps_hyphen=None,
                 column_right: float | None = None) -> list[tuple[str, str, list[dict]]]:
    """The block's ``lines`` as pieces ``(kind, markdown, lines)`` in order; kind is ``code`` (its
    markdown is filled in once code pieces that continue each other are merged), ``heading``,
    ``list`` or ``text``. ``style``: the document's `markdown.DocumentStyle` (where its body is set in
    a monospaced font, monospace does not mark code; on a page read by OCR, lines whose words' widths
    keep one pitch are marked monospaced: `ocr_layout._mark_fixed_pitch`).
    ``keeps_hyphen``: the line-end hyphen decision (`hyphens.Hyphenation.keeps`). ``column_right``: the
    right edge (points) of the prose of the column the block stands in (`line_breaks.ColumnEdges`),
    against which a paragraph whose every line was broken by its author is told (a poem)."""
    pieces = []
    fonts_tell = not style.mono_body
    for is_code, members in (code_runs(lines, style.pitch) if fonts_tell else [(False, lines)]):
        if is_code:
            pieces.append(("code", "", members))
            continue
        for paragraph in (part for run in _heading_apart(members, style.body) for part in _dedented(run, style.body)):
            texts = [line_text(ln) for ln in paragraph]
            for is_list, run in list_runs(paragraph, texts):
                pieces.append((*prose_markdown(run, style, is_list, keeps_hyphen, column_right), run))
    return pieces


def _heading_apart(lines: list[dict], body: float) -> list[list[dict]]:
    """Lines cut after the block's first line when that line alone looks like a heading (every span bold, or
    set 15% above the body) and the next does not: MuPDF holds a heading with what follows it in one block
    at times (the live manual's "4.4 First steps" over its paragraph's number, "180"), and the two joined
    made no heading ("4.4 First steps: building an ISO hybrid image 180"). A bold first line that runs to the
    right edge of a longer block, or ends in a hyphen, is a paragraph's, wrapped."""
    if len(lines) < 2 or not _looks_heading(lines[0], body) or _looks_heading(lines[1], body) \
            or line_text(lines[0]).rstrip().endswith("-"):
        return [lines]
    if len(lines) > 2 and lines[0]["bbox"][2] > max(ln["bbox"][2] for ln in lines) - 2 * body:
        return [lines]  # it runs to the text's right edge: a paragraph's bold first line, wrapped
    return [lines[:1], lines[1:]]


def _looks_heading(line: dict, body: float) -> bool:
    spans = [s for s in line["spans"] if s["text"].strip()]
    return bool(spans) and (all(s["flags"] & 16 for s in spans) or min(s["size"] for s in spans) >= 1.15 * body)


def _dedented(lines: list[dict], body: float) -> list[list[dict]]:
    """Prose lines cut where a line starts two body sizes or more left of the line above and that line
    ends two body sizes or more short of the block's right edge: a definition list's next term after
    the last line of an indented definition (MuPDF groups a <dd> with the <dt> below it), not a
    paragraph's wrapped line after its indented first line. A line that starts a list item is left to the list (a hanging "2." after an indented
    wrapped line of item 1)."""
    out = [[lines[0]]]
    right = max(ln["bbox"][2] for ln in lines)
    for above, line in zip(lines, lines[1:]):
        if line["bbox"][0] <= above["bbox"][0] - 2 * body and above["bbox"][2] <= right - 2 * body \
                and not starts_item(line, line_text(line), True):
            out.append([line])
        else:
            out[-1].append(line)
    return out


def union_box(boxes) -> tuple[float, float, float, float]:
    """The smallest box (x0, y0, x1, y1) holding all ``boxes`` (an iterable of such, not empty)."""
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def line_text(line: dict) -> str:
    return "".join(span["text"] for span in line["spans"])


def prose_markdown(lines: list[dict], style, is_list: bool = False, keeps_hyphen=None,
                   column_right: float | None = None) -> tuple[str, str]:
    """Prose lines as a heading (`headings.heading_markdown`), a list (``is_list``: they start with a
    list marker) or a paragraph: ``(kind, markdown)``."""
    text = join_lines([line_text(ln) for ln in lines], keeps_hyphen)
    heading = heading_markdown(lines, text, style)
    if not (heading or is_list or style.read_by_ocr) and authors_breaks(lines, column_right):
        text = "\n".join(join_lines([line_text(ln)], keeps_hyphen) for ln in lines)  # a poem, an address
    if heading and not (is_list and heading.startswith("**")):
        return "heading", heading
    if is_list:
        return "list", list_markdown(lines, [line_text(ln) for ln in lines], keeps_hyphen)
    return "text", text


def definition_terms(ordered: list[tuple], body: float) -> list[tuple]:
    """Page pieces ``(bbox, kind, markdown, line boxes, lines)`` in reading order, with a definition
    list's terms as plain paragraphs: a one-line code or heading piece right above a paragraph
    indented at least two body sizes further (texinfo's @table, HTML's <dl>, man pages' option lists) is
    a term (an option, an API signature), not a listing or a section; a heading set 1.4 times the body or
    larger (``#``, ``##``) stays one."""
    out = list(ordered)
    for position, (bbox, kind, md, boxes, lines) in enumerate(ordered[:-1]):
        after = ordered[position + 1]
        if kind not in ("code", "heading") or len(lines) != 1 or after[1] != "text":  # a list's items are indented too
            continue
        if md.startswith(("# ", "## ")):  # set 1.4 times the body or larger: a title (a centred one is "indented")
            continue
        height = bbox[3] - bbox[1]
        if after[0][0] >= bbox[0] + 2 * body and -0.5 * height < after[0][1] - bbox[3] < 1.5 * height:
            out[position] = (bbox, "text", " ".join(line_text(lines[0]).split()), boxes, lines)
    return out
