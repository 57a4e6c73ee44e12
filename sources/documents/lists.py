"""List items on a document page, from their markers: bullet glyphs, numbers, and bullets that are drawn.

Chromium, LaTeX (with some classes) and Word draw a bullet as a small filled shape, not a character, so
the text layer holds only the item's words: a line with such a shape just left of its first character,
on its first line's height, starts an item (`mark_drawn_bullets`); so does a small picture there
(`image_bullets`). Bullet characters (• ◦ ▪ ■ ◆ ❖ ➤ ★ and
the private-use Symbol/Wingdings bullets Word writes) start an item anywhere in a block, and so do check
marks and boxes (✓ ✗ ☐ ☑), which are kept in the item's text: they say whether it is done; ASCII markers
("-", "*") and numbers ("1.", "(a)") only at a block's start, since a wrapped line can begin with them, or,
numbers, inside a list where they stand about where its first marker does (`list_runs`).
"""

from __future__ import annotations

import re

from sources.documents.code_blocks import baseline
from sources.documents.column_cuts import char_places
from sources.documents.stacked_math import is_math_font
from sources.documents.text_layer import join_lines

# bullets: dots, discs, squares, diamonds, triangles, arrows, stars (CSS list-style-type strings and Word's
# Dingbats write any of them: "❖ ◆ ➤" were left mid-paragraph), and the private-use Symbol/Wingdings ones
BULLET_GLYPHS = ("\u2022\u25e6\u25aa\u25ab\u25cf\u25cb\u25a0\u25a1\u25ba\u25b8\u27a2\u2023\u2043\u2219\u00b7"
          "\u25c6\u25c7\u25c8\u2756\u25b6\u25b7\u25b9\u27a4\u279c\u2794\u2605\u2606\u2666\u29bf"
          "\uf0b7\uf0a7\uf076\uf0d8")
# marks that say something of their item (done, not done, a box to tick): they start an item and stay in it
CHECK_MARKS = "\u2713\u2714\u2717\u2718\u2610\u2611\u2612"
# and on a block's first line: a dash, a hyphen, an asterisk, a minus sign (`_bullet`)
_BULLET = re.compile(rf"^\s*([{BULLET_GLYPHS}\u2013\u2212\-\*])\s+")
_WORD = re.compile(r"[^\W\d_]{2,}")
_GLYPH_BULLET = re.compile(rf"^\s*[{BULLET_GLYPHS}{CHECK_MARKS}]\s+")
_CHECK_MARK = re.compile(rf"^\s*[{CHECK_MARKS}]\s+")
# "1." "(2)" "a)" and lower-case roman numbers up to 39 ("iv." "(xii)"): "ii." was no marker, so items ii and
# iii of a roman list were one paragraph
_NUMBERED = re.compile(r"^\s*(\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?x{0,3}(?:ix|iv|v?i{1,3}|v)[.)])\s+")


def drawn_bullets(drawings: list[dict]) -> list[tuple[float, float, float, float]]:
    """Boxes of the drawn shapes that could be bullets: small, about square (a dot, a disc, a square,
    a circle), at most 8 points a side."""
    out = []
    for drawing in drawings:
        x0, y0, x1, y1 = drawing["rect"]
        width, height = x1 - x0, y1 - y0
        if 1.0 <= width <= 8 and 1.0 <= height <= 8 and 0.6 <= width / height <= 1.6:
            out.append((x0, y0, x1, y1))
    return out


def image_bullets(page) -> list[tuple[float, float, float, float]]:
    """Boxes of the page's pictures that could be bullets (as `drawn_bullets` judges a shape): HTML's
    ``list-style-image``, Word's and InDesign's picture bullets. A list of them was one run-on paragraph. The
    page's pictures are placed (a run of the page) only where it has any."""
    if not page.parent.is_pdf or not page.get_images():
        return []
    return drawn_bullets([{"rect": info["bbox"]} for info in page.get_image_info()])


def outside_form_fields(page, bullets: list[tuple]) -> list[tuple]:
    """``bullets`` (boxes) less those inside a form field of ``page``: a radio button's dot is the field's
    appearance, its state (the option chosen), not a list's marker; taken for one, "Ticket type: (dot) Single
    Return" was written as a list item ("- Single Return")."""
    if not bullets or not page.parent.is_pdf or page.first_widget is None:
        return bullets
    fields = [tuple(widget.rect) for widget in page.widgets()]
    return [box for box in bullets if not any(fx0 - 0.5 <= box[0] and box[2] <= fx1 + 0.5 and fy0 - 0.5 <= box[1]
                                              and box[3] <= fy1 + 0.5 for fx0, fy0, fx1, fy1 in fields)]


def without_radio_dots(page, text: dict) -> dict:
    """``text`` (``page``'s dict text) less the glyph a radio button's appearance sets in its box (a dot in
    ZapfDingbats, Acrobat's, named "\u25cf" by `dingbats`): the field's state, as its drawn dot is
    (`outside_form_fields`), not a list's bullet ("- Single Return" was written) nor a word."""
    if not page.parent.is_pdf or page.first_widget is None:
        return text
    import pymupdf

    radios = [tuple(widget.rect) for widget in page.widgets()
              if widget.field_type == pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON]
    if not radios:
        return text

    def dot(span: dict) -> bool:
        x0, y0, x1, y1 = span["bbox"]
        return len(span["text"].strip()) == 1 and any(fx0 - 0.5 <= x0 and x1 <= fx1 + 0.5 and fy0 - 0.5 <= y0
                                                      and y1 <= fy1 + 0.5 for fx0, fy0, fx1, fy1 in radios)

    blocks = []
    for block in text["blocks"]:
        if block.get("type") == 1:
            blocks.append(block)
            continue
        lines = [{**line, "spans": kept} for line in block["lines"]
                 if (kept := [span for span in line["spans"] if not dot(span)])
                 and any(span["text"].strip() for span in kept)]
        if lines:
            blocks.append({**block, "lines": lines})
    return {**text, "blocks": blocks}


def mark_drawn_bullets(text: dict, bullets: list[tuple[float, float, float, float]]) -> None:
    """Flag (``line["bullet"] = True``) each line of ``text`` (PyMuPDF's dict text, changed in place)
    that a drawn bullet starts: the shape ends left of the line's first character, within one and a
    half font sizes of it, and its middle is on the line's height; it is smaller than the line's font."""
    if not bullets:
        return
    for block in text["blocks"]:
        for line in block.get("lines", []):
            x0, y0, _, y1 = line["bbox"]
            size = max(s["size"] for s in line["spans"])
            for bx0, by0, bx1, by1 in bullets:
                if bx1 <= x0 + 0.5 and x0 - bx1 <= 1.5 * size and y0 <= (by0 + by1) / 2 <= y1 \
                        and by1 - by0 <= 0.7 * size:
                    line["bullet"] = True
                    break


def _bullet(text: str, line: dict):
    """The bullet of ``text`` (``line``'s text; `_BULLET`'s match) or None. A minus sign marks an item
    (texinfo's @itemize @minus: "−0:" read as minus zero where the page shows an item "0: iteration
    converged") where a word follows it, set in a text font: a displayed formula's next line starts with its
    binary minus, a medium space before what follows in a math font ("− δq⁴ − ϵq⁵ + ζq⁶", "− cv") or with
    no word ("− 5d + e"), and an item there dropped the sign."""
    found = _BULLET.match(text)
    if found and found.group(1) == "\u2212":
        after = next((span for span in line["spans"] if span["text"].strip() and "\u2212" not in span["text"]), None)
        if not _WORD.search(text[found.end():]) or after is None or is_math_font(after.get("font", "")):
            return None
    return found


def starts_item(line: dict, text: str, first: bool) -> bool:
    """Whether ``line`` (its text ``text``) starts a list item; ``first``: it is its block's first line. A line
    with no letter or digit is none: a novel's scene break ("* * *", "• • •") was written "- * *", a list."""
    if not any(ch.isalnum() for ch in text):
        return False
    if line.get("bullet") or _GLYPH_BULLET.match(text):
        return True
    return first and bool(_bullet(text, line) or _NUMBERED.match(text))


def markers_joined(lines: list[dict]) -> list[dict]:
    """A block's ``lines`` (in reading order) with each line that is a list marker alone ("1.", "b)", a bullet)
    joined to the next line where that one stands on its baseline right of it, less than three font sizes
    on: MuPDF cuts a marker set with a hanging indent from its item's text, and the marker, a line of its own,
    started no item ("1. Install the package on every host 2. Edit ..." read as one paragraph). A joined line
    keeps its two ``parts`` (`line_parts`): the page's own lines, where a table's columns are measured."""
    out: list[dict] = []
    for line in lines:
        marker = out[-1] if out else None
        if marker is not None and "parts" not in marker and _marker_alone(marker) and line["spans"] \
                and abs(baseline(line) - baseline(marker)) < 2 \
                and 0 <= line["bbox"][0] - marker["bbox"][2] < 3 * max(s["size"] for s in marker["spans"]):
            last = marker["spans"][-1]
            spans = [*marker["spans"][:-1], {**last, "text": last["text"].rstrip() + " "}, *line["spans"]]
            box = tuple(f(a, b) for f, a, b in zip((min, min, max, max), marker["bbox"], line["bbox"]))
            out[-1] = {**line, "bbox": box, "spans": spans, "parts": [marker, line]}
            out[-1].pop("chars", None)
        else:
            out.append(line)
    return out


def text_start(row: list[dict]) -> float | None:
    """Where (points) the text of the list item that ``row`` starts begins, right of its marker: the row's
    lines left to right, its first led by a bullet (a glyph, a drawn one, an ASCII one) or a number ("1.",
    "(a)"); the item's rows after its first are set in to it. None: the row starts with no marker or holds
    nothing after it."""
    first = row[0]
    if first.get("bullet"):  # a drawn bullet: the line is the item's words
        return first["bbox"][0]
    text = "".join(span["text"] for span in first["spans"]) + " "  # (" ": a marker that is all its line)
    found = _GLYPH_BULLET.match(text) or _BULLET.match(text) or _NUMBERED.match(text)
    if found is None:
        return None
    start = 0
    for span in first["spans"]:
        end = start + len(span["text"])
        if found.end() < end:  # the text's first character is this span's
            return span["bbox"][0] if found.end() == start else char_places(span)[found.end() - start]
        start = end
    return row[1]["bbox"][0] if len(row) > 1 else None  # the marker a line of its own (MuPDF cut it)


def line_parts(lines: list[dict]) -> list[dict]:
    """``lines`` with each line `markers_joined` made given back as the page's two lines it was made of."""
    return [part for line in lines for part in line.get("parts", [line])]


def _marker_alone(line: dict) -> bool:
    text = "".join(span["text"] for span in line["spans"]).strip()
    return bool(text) and (bool(_NUMBERED.match(text + " ")) or bool(_BULLET.fullmatch(text + " ")))


def list_runs(lines: list[dict], texts: list[str]) -> list[tuple[bool, list[dict]]]:
    """The block's lines as runs ``(is_list, lines)``: a list runs from a line that starts an item to
    the first line left of where its first marker stands (a paragraph after it in the same block)."""
    runs: list[list] = []
    left = None  # where the current list's first item line starts
    for position, (line, text) in enumerate(zip(lines, texts)):
        # in a list, a number starts the next item where it stands about where the first one did: markers
        # set flush right ("i." "ii." "iii.") start further left as they grow
        numbered = bool(runs and runs[-1][0] and _NUMBERED.match(text)
                        and line["bbox"][0] >= left - max(s["size"] for s in line["spans"]))
        if numbered or starts_item(line, text, position == 0):
            if not (runs and runs[-1][0]):
                runs.append([True, []])
                left = line["bbox"][0]
        elif runs and runs[-1][0] and line["bbox"][0] < left - 1:
            runs.append([False, []])
        elif not runs:
            runs.append([False, []])
        runs[-1][1].append(line)
    return [(is_list, members) for is_list, members in runs]


def list_markdown(lines: list[dict], texts: list[str], keeps_hyphen=None) -> str:
    """List lines as markdown items: bullets as ``- ``, numbers as ``N. ``, letters and roman numbers as drawn
    ("(a)", "iv."); inside a list any marker
    starts an item, and a line without one continues the item before it. An item whose marker stands more
    than a font size right of its parent's is its sub-item, indented three spaces a level (a lettered list
    inside a numbered one was read as the item's own text)."""
    items: list[str] = []
    starts: list[float] = []  # where the items of each open level start: a deeper item is a sub-item
    row = None  # the baseline of the last item's first line: an item beside it on its row is its sibling
    for line, text in zip(lines, texts):
        text = text.strip()
        bullet, number = _bullet(text, line), _NUMBERED.match(text)
        if line.get("bullet") or bullet or number or _CHECK_MARK.match(text):
            x, size = line["bbox"][0], max(s["size"] for s in line["spans"])
            beside = row is not None and abs(baseline(line) - row) < 2  # subfigures' "(a) ...", "(b) ..." side by side
            while starts and x < starts[-1] - size:  # markers set flush right start a little left ("iii.")
                starts.pop()
            if not starts or (x > starts[-1] + size and not beside):
                starts.append(x)
            row = baseline(line)
            indent = "   " * (len(starts) - 1)  # under "- " or "1. ": the parent item's text
        if line.get("bullet") and not bullet or _CHECK_MARK.match(text):
            items.append(indent + "- " + text)
        elif bullet:
            items.append(indent + "- " + text[bullet.end():])
        elif number and any(c.isdigit() for c in number.group(1)):  # "2)", "(3)": markdown's "2." "3."
            items.append(indent + number.group(1).strip("()").rstrip(".)") + ". " + text[number.end():])
        elif number:  # a letter or a roman number is no markdown marker: as the page draws it, "(a)" not "a."
            items.append(indent + number.group(1).strip() + " " + text[number.end():])
        elif items:  # a wrapped line of the previous item (a sub-item keeps its indent)
            indent = items[-1][:len(items[-1]) - len(items[-1].lstrip(" "))]
            items[-1] = indent + join_lines([items[-1], text], keeps_hyphen)
        else:
            items.append(text)
    return "\n".join(items)


NESTED_GAP = 1.25  # line heights of space a sub-list (and what follows it) may leave: LaTeX's enumerate leaves 1.0


def joined_lists(items: list[tuple], follows=None) -> list[tuple]:
    """Page items ``(bbox, kind, markdown, line boxes, lines)`` in reading order with each run of list items
    that follow one another down the page made one list (a sub-list, and what follows it, less than
    `NESTED_GAP` lines under the last; a list at the run's top level less than half a line: lists set apart by a margin stay
    apart), an item whose
    first line starts more than a font size right of the run's level above it indented under it, three spaces
    a level. A nested list laid out a level a block (PyMuPDF's Story, some Word exports) was three lists of
    siblings with blank lines between the levels. ``follows(above, below)``: whether an item whose first line is
    ``below`` goes on the list of the item ending with the line ``above`` further below it than that
    (`spaced_lines.next_item`: items on a page set double-spaced)."""
    out: list[tuple] = []
    starts: list[float] = []  # where each open level of the current run starts
    for item in items:
        bbox, kind, md, boxes, lines = item
        previous = out[-1] if out else None
        if kind != "list" or not lines:
            out.append(item)
            starts = []
            continue
        x, size = lines[0]["bbox"][0], max(s["size"] for s in lines[0]["spans"])
        gap, height = bbox[1] - previous[0][3] if previous else 0.0, lines[0]["bbox"][3] - lines[0]["bbox"][1]
        # a sub-list and what follows it go on within a line; a list at the top level of the last one only
        # within half a line (two lists set apart by a margin stay two)
        nested = len(starts) > 1 or bool(starts) and x > starts[-1] + size
        # above the last item's foot by more than a quarter line: the top of the next column, another list
        if previous is None or previous[1] != "list" or not starts or gap < -0.25 * height \
                or gap > (NESTED_GAP * height if nested else 0.5 * height) \
                and not (follows is not None and previous[4] and follows(previous[4][-1], lines[0])):
            out.append(item)
            starts = [x]
            continue
        while len(starts) > 1 and x < starts[-1] - size:
            starts.pop()
        if x > starts[-1] + size:
            starts.append(x)
        indent = "   " * (len(starts) - 1)
        joined = previous[2] + "\n" + "\n".join(indent + row for row in md.split("\n"))
        box = (min(previous[0][0], bbox[0]), previous[0][1], max(previous[0][2], bbox[2]), max(previous[0][3], bbox[3]))
        out[-1] = (box, "list", joined, previous[3] + boxes, previous[4] + lines)
    return out
