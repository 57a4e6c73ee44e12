"""Faster ``pymupdf.table.make_chars``, ``chars_in_rect`` and ``Table.extract`` for PyMuPDF 2.0, written
as an upstream patch would be.

``page.find_tables`` starts by turning every character of its clip into a pdfplumber-style dict
(`make_chars`), building three PyMuPDF ``Rect``/``Point``/``Matrix`` objects a character: on a
table-heavy page (Debian Reference) that is 75% of table detection, 0.1 s of CPU a page. This is the
same function with the geometry in plain floats: the same dicts, field for field (tested against the
original on generated and real pages), in a fifth of the time. `chars_in_rect` (which joined ruling
boxes hold text) and ``Table.extract`` (the header check extracts the whole table) scan every character
per box, row and cell through Python calls; here the same scans read each value once, and
`chars_in_rect` is mended (PyMuPDF's looks for the text in the box's mirror image). They replace the
originals only on the PyMuPDF release they were checked against (`PATCHED_VERSION`); any other keeps
PyMuPDF's own.
"""

from __future__ import annotations

import numpy as np

from sources.documents.cid_glyphs import with_cid_glyph_chars
from sources.documents.dingbats import with_dingbats_chars
from sources.documents.overprint import overprinted

PATCHED_VERSION = "2.0"
PYMUPDF_MAKE_CHARS = PYMUPDF_EXTRACT = None  # the originals, kept by `install` (the tests compare)
# The character list `make_chars` filled last, its length then, and its characters' x0, x1, top and bottom as
# arrays, for `chars_in_rect`. PyMuPDF gives each ``find_tables`` call a fresh list, so a list of that
# identity and length is the one these boxes were taken from.
_BOXES: tuple[list, int, np.ndarray] | None = None


def make_chars(page, clip=None):
    """``pymupdf.table.make_chars``: fill ``pymupdf.table.CHARS`` from the page's ``rawdict`` within
    ``clip``; return the TextPage it read. Its flags are PyMuPDF's less the style collection on a page
    that prints no glyph over its copy (`overprint`: there it changes none of the characters, and costs
    as much again as the rest of the reading)."""
    import pymupdf
    from pymupdf import table

    global _BOXES
    chars = table.CHARS._list()
    first = len(chars)
    page_number = page.number + 1
    doctop_base = page.rect.height * page.number
    a, b, c, d, e, f = page.transformation_matrix
    flags = table.FLAGS if overprinted(page) else table.FLAGS & ~pymupdf.TEXT_COLLECT_STYLES
    textpage = page.get_textpage(clip=clip, flags=flags)
    spans = []  # (span's characters in x order, the fields they share), in the original's order
    read = with_cid_glyph_chars(page, page.get_text("rawdict", textpage=textpage)["blocks"])
    for block in with_dingbats_chars(page, read):
        for line in block["lines"]:
            cos, sin = round(line["dir"][0], 4), round(line["dir"][1], 4)
            upright = sin == 0
            for span in sorted(line["spans"], key=lambda s: s["bbox"][0]):
                if not span["chars"]:
                    continue
                bold = bool(span["flags"] & pymupdf.TEXT_FONT_BOLD or span["char_flags"] & 8)
                shared = (span["font"], span["size"], bold, pymupdf.sRGB_to_pdf(span["color"]), cos, sin, upright)
                spans.append((sorted(span["chars"], key=lambda ch: ch["bbox"][0]), shared))
    if not spans:
        return textpage
    # the boxes' corners through the page matrix, their bounding boxes (as Rect * Matrix), and the
    # origins (as Point * Matrix), for all characters at once; MuPDF computes in single precision, so
    # each result is rounded to it: the fields are equal to the original's, bit for bit
    ordered = [ch for span_chars, _ in spans for ch in span_chars]
    boxes = np.array([ch["bbox"] for ch in ordered], dtype=np.float64)  # (n, 4)
    origins = np.array([ch["origin"] for ch in ordered], dtype=np.float64)  # (n, 2)
    corners = [(x, y) for x in (boxes[:, 0], boxes[:, 2]) for y in (boxes[:, 1], boxes[:, 3])]
    ys = np.stack([(x * b + y * d + f).astype(np.float32) for x, y in corners])  # (4, n)
    top, bottom = ys.min(axis=0).tolist(), ys.max(axis=0).tolist()
    moved_x = (origins[:, 0] * a + origins[:, 1] * c + e).astype(np.float32).tolist()
    moved_y = (origins[:, 0] * b + origins[:, 1] * d + f).astype(np.float32).tolist()
    i = 0
    for span_chars, (fontname, fontsize, bold, color, cos, sin, upright) in spans:
        # a span's fields filled once, in the original's key order; each character's dict a copy with its own
        # values set (a 23-key dict display cost 2.5 us a character, a copy and 12 settings 0.8 us)
        shared = {"adv": None, "bottom": None, "doctop": None, "fontname": fontname, "height": None, "matrix": None,
                  "ncs": "DeviceRGB", "non_stroking_color": color, "non_stroking_pattern": None, "object_type": "char",
                  "page_number": page_number, "size": fontsize, "stroking_color": color, "stroking_pattern": None,
                  "bold": bold, "text": None, "top": None, "upright": upright, "width": None, "x0": None, "x1": None,
                  "y0": None, "y1": None}
        for char in span_chars:
            x0, y0, x1, y1 = char["bbox"]
            made = shared.copy()
            made["adv"] = x1 - x0 if upright else y1 - y0
            made["bottom"] = y1
            made["doctop"] = y0 + doctop_base
            made["height"] = y1 - y0
            made["matrix"] = (cos, -sin, sin, cos, moved_x[i], moved_y[i])
            if not upright:
                made["size"] = y1 - y0
            made["text"] = char["c"]
            made["top"] = y0
            made["width"] = x1 - x0
            made["x0"] = x0
            made["x1"] = x1
            made["y0"] = top[i]
            made["y1"] = bottom[i]
            chars.append(made)
            i += 1
    if first == 0:
        _BOXES = (chars, len(chars), boxes[:, [0, 2, 1, 3]].T.copy())  # (4, n): x0, x1, top, bottom
    return textpage


def chars_in_rect(chars, rect) -> bool:
    """``pymupdf.table.chars_in_rect``, mended: whether any character lies wholly inside ``rect`` (page
    coordinates, y downwards), the rect's corners read once (indexing a ``Rect`` is a Python call: 5
    million of them on 120 pages).

    PyMuPDF 2.0 compares the rect's y with each character's ``y0``/``y1``, which `make_chars` gives in
    PDF space (y upwards, pdfplumber's convention), so it asked whether text stood in the rect's mirror
    image about the page's middle. It decides whether a box of joined rulings holds text and so may
    lend its border to a table: on Debian Reference, tables whose outer columns have no rulings of their
    own lost their first and last columns ("|popcon|size|" for "|package|popcon|size|description|", the
    package names and descriptions nowhere in the page's target) or were not found, and whether one was
    found depended on the detection clip reaching the mirrored text. The character's ``top``/``bottom``
    are its y in page coordinates (reported upstream as PyMuPDF #5092; pull request #5096 makes the
    same change)."""
    x0, y0, x1, y1 = rect
    listed = chars._list() if hasattr(chars, "_list") else chars
    known = _BOXES
    if known is not None and known[0] is listed and known[1] == len(listed):
        # the same comparisons on `make_chars`' arrays: 2,157 calls over 1,345 characters each on the Debian
        # manuals' table pages took 0.4 s of CPU in Python
        left, right, tops, bottoms = known[2]
        return bool(np.any((x0 <= left) & (right <= x1) & (y0 <= tops) & (y1 >= bottoms)))
    return any(x0 <= ch["x0"] and ch["x1"] <= x1 and y0 <= ch["top"] and y1 >= ch["bottom"] for ch in chars)


def extract(self, **kwargs) -> list:
    """``pymupdf.table.Table.extract``: each cell's text, rows of lists (None for a merged-away cell).
    The same as the original, with each character's centre computed once, not once per row and cell."""
    from pymupdf.table import CHARS, extract_text

    chars = self._chars if self._chars is not None else CHARS
    centred = [((ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2, ch) for ch in chars]
    table_arr = []
    for row in self.rows:
        x0, top, x1, bottom = row.bbox
        row_chars = [item for item in centred if x0 <= item[0] < x1 and top <= item[1] < bottom]
        arr = []
        for cell in row.cells:
            if cell is None:
                arr.append(None)
                continue
            c0, ctop, c1, cbottom = cell
            cell_chars = [ch for h, v, ch in row_chars if c0 <= h < c1 and ctop <= v < cbottom]
            if not cell_chars:
                arr.append("")
                continue
            kwargs["x_shift"], kwargs["y_shift"] = cell[0], cell[1]
            if "layout" in kwargs:
                kwargs["layout_width"], kwargs["layout_height"] = cell[2] - cell[0], cell[3] - cell[1]
            arr.append(extract_text(cell_chars, **kwargs))
        table_arr.append(arr)
    return table_arr


def cells_with_text(table, enough: int) -> int:
    """How many cells of ``table`` hold text, counted up to ``enough``: the cells where ``Table.extract``
    gives a string with more than white space, found as `extract` finds each cell's characters (their
    centre in the row, then in the cell), without joining them into words: a cell's extracted text holds
    every one of its characters that is not white space, so it has text exactly when one such character is
    in it."""
    from pymupdf.table import CHARS

    chars = table._chars if table._chars is not None else CHARS
    centred = [((ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2) for ch in chars if ch["text"].strip()]
    count = 0
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        row_chars = [(h, v) for h, v in centred if x0 <= h < x1 and top <= v < bottom]
        for cell in row.cells:
            if cell is None:
                continue
            c0, ctop, c1, cbottom = cell
            if any(c0 <= h < c1 and ctop <= v < cbottom for h, v in row_chars):
                count += 1
                if count >= enough:
                    return count
    return count


def drawings_of(page, drawings: list[dict]) -> list[dict]:
    """``page.get_drawings()``, made of ``drawings`` (the same page's ``get_cdrawings()``, read already and left
    as they are): PyMuPDF 2.0's conversion, path by path (``Rect``, ``Point`` and ``Quad`` for the numbers,
    the keys a fill or stroke lacks set to None), without running the page's content a second time (1.6 ms a
    table page of Debian's manuals). Another PyMuPDF release reads the page itself."""
    import pymupdf

    if pymupdf.pymupdf_version != PATCHED_VERSION:
        return page.get_drawings()
    out = []
    for path in drawings:
        path = dict(path)
        if not path["type"].startswith("clip"):
            path["rect"] = pymupdf.Rect(path["rect"])
        else:
            path["scissor"] = pymupdf.Rect(path["scissor"])
        if path["type"] != "group":
            items = []
            for item in path["items"]:
                cmd = item[0]
                if cmd == "re":
                    item = ("re", pymupdf.Rect(item[1]).normalize(), item[2])
                elif cmd == "qu":
                    item = ("qu", pymupdf.Quad(item[1]))
                else:
                    item = tuple([cmd] + [pymupdf.Point(v) for v in item[1:]])
                items.append(item)
            path["items"] = items
        if path["type"] in ("f", "s"):
            for key in _PATH_KEYS:
                path[key] = path.get(key)
        out.append(path)
    return out


_PATH_KEYS = ("closePath", "fill", "color", "width", "lineCap", "lineJoin", "dashes", "stroke_opacity",
              "fill_opacity", "even_odd")


def install() -> bool:
    """Use `make_chars`, `chars_in_rect` and `extract` in ``pymupdf.table`` where PyMuPDF is the release it was checked against."""
    import pymupdf
    from pymupdf import table

    global PYMUPDF_MAKE_CHARS, PYMUPDF_EXTRACT
    if pymupdf.pymupdf_version != PATCHED_VERSION:
        return False
    if table.make_chars is not make_chars:
        PYMUPDF_MAKE_CHARS, PYMUPDF_EXTRACT = table.make_chars, table.Table.extract
    table.make_chars, table.chars_in_rect, table.Table.extract = make_chars, chars_in_rect, extract
    return True
