"""Text under a solid box: a redaction bar or a picture laid over a text layer hides the words, which the
layer still holds ("The informant's name is John Carver of Leeds." where the page shows "The informant's
name is" and a black bar). Only what a reader sees belongs in a target, and a redacted name never does.

A cover is a filled shape or a picture whose area is one flat colour on the rendered page: glyphs drawn
over it would show, so nothing over it is seen (a cell's shading or a code block's background under its
text is not flat, and stays). Characters whose centre lies on a cover are taken out of their spans
(`uncovered`); a line left without a drawn character goes. A textured picture painted over text hides it
too, and so does a gradient (`paint_order.pictures_over_text`: the painting order says what lies over
what).

Pictures are those the page's resources list and inline ones (``BI ... ID ... EI`` in a content stream,
which no resource list names: a one-pixel inline image stretched over a name hides it as well as a bar).
"""

from __future__ import annotations

import re

import numpy as np

from sources.common.ink import inked
from sources.documents.small_caps import as_shown
from sources.documents.text_layer import box_key as _key
from sources.documents.text_layer import normal_form, raw_lines

MIN_COVER_SIDE = 2.0  # points: a thinner fill is a rule or an underline, not a cover
# of a character's height: a box over its centre hides it only where it spans this much of it; a thinner bar
# drawn through a word after it is its strike-through, and the word is seen
COVER_SHARE = 0.5
EDGE = 1  # pixels left out round a cover's box before its flatness is judged (antialiased edges)


def covers(drawings: list[dict], pictures: list, ink) -> list[tuple[float, float, float, float]]:
    """The boxes (points) of the filled drawings (PyMuPDF ``get_cdrawings``) and ``pictures`` (boxes
    in points) that are flat on the rendered page ``ink`` (`text_layer.Ink`)."""
    boxes = [tuple(d["rect"]) for d in drawings if "f" in d.get("type", "") and d.get("fill_opacity", 1) >= 1]
    boxes += [tuple(box) for box in pictures]
    return [box for box in boxes if min(box[2] - box[0], box[3] - box[1]) >= MIN_COVER_SIDE and _flat(ink, box)]


# an inline image's start: the operator BI between delimiters (" BI " inside a text string matches too,
# which costs only a run of the page, not a wrong target); a shading painted with ``sh``, or a fill or
# stroke in a pattern colour space (a shading pattern is painted as a shading in the path's clip)
_PAINTS_OVER = re.compile(rb"(?:BI|sh)\s|/Pattern\b")  # found where it may start; `_paints_over` checks before
_DELIMITERS = b" \t\n\r\x0b\x0c])>"  # what may stand before BI or sh (bytes' \s, and "]", ">", ")")


def may_paint_over_text(page) -> bool:
    """Whether ``page`` may paint a picture or a shading (a gradient), which `paint_order` then places:
    a resource list names a picture, or a PDF content stream holds an inline image, a shading or a pattern
    colour (running the page to find them costs ~1 ms, asked only then)."""
    return bool(page.get_images()) or (page.parent.is_pdf and _paints_over(page))


def _paints_over(page) -> bool:
    """Whether the PDF page's content streams, or its forms', hold an inline image, a shading or a
    pattern colour space (a reflowed EPUB or HTML page has no content stream)."""
    doc = page.parent
    streams = [doc.xref_stream(xref) or b"" for xref in page.get_contents()]
    streams += [doc.xref_stream(form[0]) or b"" for form in page.get_xobjects()]
    return any(_operator_in(stream) for stream in streams)


def _operator_in(stream: bytes) -> bool:
    """Whether `_PAINTS_OVER` finds an inline image or a shading between delimiters, or a pattern colour space,
    in ``stream``. The delimiter before BI or sh is checked at each find: a regex that starts with it tries
    every byte of the stream (half of this check's CPU on Debian's manuals), one that starts with the letters
    looks for them. No find is skipped: a rejected one is "BI" or "sh" and a space, in which no other starts."""
    for found in _PAINTS_OVER.finditer(stream):
        at = found.start()
        if stream[at] == ord("/") or at == 0 or stream[at - 1] in _DELIMITERS:
            return True
    return False


def beyond_the_page(page) -> list[tuple[float, float, float, float]]:
    """Covers over everything past ``page``'s edges: MuPDF's reading keeps a glyph the edge cuts whole
    (Debian Reference's overfull lines: "gnome-terminal(1)," with its comma half off the page, a URL cut
    at "binary-amd64/Rele"), and a glyph with its middle past the edge (by more than a point: a glyph's box
    is its advance, wider than its ink) is not what the page shows."""
    far, slack = 1e6, 1.0
    x0, y0, x1, y1 = page.rect
    x0, y0, x1, y1 = x0 - slack, y0 - slack, x1 + slack, y1 + slack
    return [(-far, -far, x0, far), (x1, -far, far, far), (-far, -far, far, y0), (-far, y1, far, far)]


def _flat(ink, box) -> bool:
    x0, y0, x1, y1 = (int(round(v * ink.scale)) for v in box)
    x0, y0, x1, y1 = max(0, x0 + EDGE), max(0, y0 + EDGE), x1 - EDGE, y1 - EDGE  # [x0, x1) x [y0, y1)
    return x0 < x1 and y0 < y1 and x0 < ink.pixels.shape[1] and y0 < ink.pixels.shape[0] and \
        not inked(ink.pixels, x0, y0, x1 - 1, y1 - 1)


def uncovered(page, text: dict, boxes: list, flags: int, hidden: frozenset = frozenset()) -> dict:
    """``text`` (a ``get_text("dict")`` result of ``page`` read with ``flags``) without the characters
    whose centre lies on one of ``boxes`` (`covers`) and those ``hidden`` names (``(character, origin)``, the
    origin rounded to hundredths of a point: `paint_order.chars_under_fills`). Only lines that meet a cover or
    a hidden character are read again, character by character (``rawdict``), and rebuilt from those left."""
    if not boxes and not hidden:
        return text
    cover = np.asarray(boxes or [(0.0, 0.0, 0.0, 0.0)], dtype=float)  # (N, 4)
    lines = [line for block in text["blocks"] for line in block.get("lines", ())]
    near = np.asarray([(x - 0.5, y - 0.5, x + 0.5, y + 0.5) for _, (x, y) in hidden] or [(0.0, 0.0, 0.0, 0.0)])
    meets = zip(_meeting(lines, cover), _meeting(lines, near) if hidden else [False] * len(lines))
    touched = {_key(line["bbox"]) for line, (hit, holds) in zip(lines, meets) if hit or holds}
    if not touched:
        return text
    chars = {key: line for key, line in raw_lines(page, flags).items() if key in touched}
    blocks = []
    for block in text["blocks"]:
        if block.get("type") == 1 or not any(_key(ln["bbox"]) in chars for ln in block.get("lines", ())):
            blocks.append(block)
            continue
        lines = []
        for line in block["lines"]:
            raw = chars.get(_key(line["bbox"]))
            kept = line if raw is None else _rebuilt(line, raw, cover, hidden)
            if kept is not None:
                lines.append(kept)
        if lines:
            blocks.append({**block, "lines": lines})
    return {**text, "blocks": blocks}


def _rebuilt(line: dict, raw: dict, cover: np.ndarray, hidden: frozenset) -> dict | None:
    """``line`` from its ``raw`` characters less those on a cover or ``hidden``; None where no drawn one is left. The
    characters left (each with its span's size) go with it as ``chars``, for `reading_direction`, which orders a
    right-to-left line by them (its rawdict twin is the whole line, covered characters too)."""
    raw_spans = {_key(s["bbox"]): s for s in raw["spans"]}
    spans = []
    chars: list | None = []
    for span in line["spans"]:
        raw_span = raw_spans.get(_key(span["bbox"]))
        left = raw_span and [c for c in raw_span["chars"] if not c["c"].strip() or not under_cover(c["bbox"], cover)
                             and hidden_key(c["c"], c["origin"]) not in hidden]
        if raw_span is None:
            chars = None  # its characters are not known
        elif chars is not None:
            chars += [(c, span["size"]) for c in left]
        if raw_span is None or len(left) == len(raw_span["chars"]):
            spans.append(span)
            continue
        text = as_shown(normal_form(" ".join("".join(c["c"] for c in left).split())), span.get("font", ""))
        if text:
            boxes = [c["bbox"] for c in left if c["c"].strip()]
            spans.append({**span, "text": text, "bbox": (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                                         max(b[2] for b in boxes), max(b[3] for b in boxes))})
    if not any(s["text"].strip() for s in spans):
        return None
    boxes = [s["bbox"] for s in spans if s["text"].strip()]
    return {**line, "spans": spans, "chars": chars, "bbox": (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                                             max(b[2] for b in boxes), max(b[3] for b in boxes))}


def hidden_key(char: str, origin) -> tuple[str, tuple[float, float]]:
    """A character as the page's hidden ones are named (`paint_order.chars_under_fills`): the character and its
    origin rounded to hundredths of a point, as ``rawdict`` and ``get_texttrace`` both give it."""
    return char, (round(origin[0], 2), round(origin[1], 2))


def _meeting(lines: list[dict], cover: np.ndarray) -> list[bool]:
    """Whether each of ``lines`` meets a box of ``cover`` (overlaps it by more than an edge): all lines at
    once, the comparisons a line at a time made (one numpy call a line took 0.6% of the page stage)."""
    if not lines:
        return []
    x0, y0, x1, y1 = np.asarray([line["bbox"] for line in lines], dtype=float).T[:, :, None]  # (L, 1) each
    return np.any((cover[:, 0] < x1) & (cover[:, 2] > x0) & (cover[:, 1] < y1) & (cover[:, 3] > y0), axis=1).tolist()


def under_cover(bbox, cover: np.ndarray) -> bool:
    """Whether a character's ``bbox`` has its centre on one of the ``cover`` boxes (N, 4) tall enough to hide it
    (`COVER_SHARE`)."""
    x, y = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    tall = cover[:, 3] - cover[:, 1] >= COVER_SHARE * (bbox[3] - bbox[1])
    return bool(np.any((cover[:, 0] <= x) & (x <= cover[:, 2]) & (cover[:, 1] <= y) & (y <= cover[:, 3]) & tall))

