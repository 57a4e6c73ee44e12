"""What a page paints over its own text: a picture drawn after the text it lies on hides it, whatever it
shows. A photograph or a patterned redaction image laid over a name kept the name in the target ("The
informant's name is John Carver of Leeds." where the page shows a picture after "is"); a flat one was
caught by its flatness on the rendered page (`covered_text`), a textured one was not. A shading (a
gradient, PDF's ``sh`` operator or a shading pattern's fill) hides text as a picture does: no drawing
list holds it, and a gradient is not flat.

MuPDF runs the page's content through a device (`pymupdf.mupdf.FzDevice2`), call by call in painting
order: each text run and each picture with its box, its constant opacity, its soft mask, and the clips,
transparency groups and blend modes in force. A picture hides the text painted before it under it where
it is opaque: opacity 1, no soft mask of its own or around it, normal blending (a picture multiplied over
text, as a highlighter is, leaves it seen) and no transparency group with opacity under 1 round it. Its
box is cut to the clips in force (a picture clipped to a circle does not hide the corners of its box).
What is painted inside a soft mask's definition is the mask, not the page, and counts for nothing.

Boxes are in the unrotated page's points, as ``get_text`` gives them.
"""

from __future__ import annotations

import pymupdf

from sources.documents.covered_text import hidden_key, under_cover

mupdf = pymupdf.mupdf

OPAQUE = 0.99  # opacity from which a picture hides what is under it


def pictures_over_text(page) -> tuple[list[tuple], list[tuple]]:
    """``(pictures, hidden)`` of ``page`` (PyMuPDF): the box of every picture it paints, inline ones too,
    and the boxes where an opaque picture or shading lies over text painted before it (the overlap of the
    two). A shading is not among the pictures: those are judged again by their flatness (`covered_text`)."""
    pictures, hidden, texts = [], [], []
    for kind, box, opaque in _painted(page):
        if kind == "text":
            texts.append(box)
            continue
        if kind == "picture":
            pictures.append(box)
        if opaque:
            hidden += [overlap for text in texts if (overlap := _overlap(text, box)) is not None]
    return pictures, hidden


def chars_under_fills(page, drawings: list[dict], lines: list[dict]) -> frozenset[tuple[str, tuple]]:
    """The characters of ``page``'s text that an opaque filled rectangle painted after them lies over, each as
    ``(character, its origin rounded to hundredths of a point)``: what the page hides under a box, whatever is
    drawn on the box after it. A browser's dot leaders are one run of dots under a whole contents row, the
    title's and the page number's white backgrounds painted over its ends (the W3C's leader recipe, Chromium's
    print): read with them, the row's dots came first and whole, then the titles, then the numbers ("... . . .
    Introduction Getting started ... 1 7 12"). A flat box is a cover whenever it was painted
    (`covered_text.covers`); this one is told by the painting order, as a box with a title on it is not flat.
    ``drawings``: PyMuPDF's ``get_cdrawings``; ``lines``: the page's text lines (``get_text("dict")``'s), which
    a fill must meet before the page's characters are read with their painting order (``get_texttrace``). Boxes
    in the unrotated page's points. A fill blended over the text (a highlighter's box multiplied over its word,
    ``mix-blend-mode``) or inside a translucent group or a soft mask leaves the text seen: the drawings list gives
    its opacity, not its blending, so the page is run through the painting-order device (`_PaintLog`), which
    does, and only fills it paints opaque count."""
    fills = [(d["seqno"], tuple(d["rect"])) for d in drawings
             if "f" in d.get("type", "") and d.get("fill_opacity", 1) >= OPAQUE and len(d["items"]) == 1
             and d["items"][0][0] == "re" and d.get("seqno") is not None]
    if not fills or not lines:
        return frozenset()
    import numpy as np

    # only a fill that meets a line may lie over text; whether it does is the painting order's to say, whatever
    # its shape: a background (a cell's shading, a code block's) was painted before its text and hides none, a
    # fixed header printed over a page's top lines, whole, after them (a box holding the lines it meets whole was
    # once taken for a background: the lines under such a header were read)
    f = np.asarray([box for _, box in fills], dtype=float)[:, None, :]  # (F, 1, 4)
    b = np.asarray([line["bbox"] for line in lines], dtype=float)[None, :, :]  # (1, L, 4)
    meets = (f[..., 0] < b[..., 2]) & (f[..., 2] > b[..., 0]) & (f[..., 1] < b[..., 3]) & (f[..., 3] > b[..., 1])
    fills = [fill for fill, hit in zip(fills, np.any(meets, axis=1)) if hit]
    spans = page.get_texttrace() if fills else []
    if spans:  # a fill painted after a span it lies on (most are backgrounds, painted before), then opaque there
        f, order = np.asarray([box for _, box in fills], dtype=float), np.asarray([seqno for seqno, _ in fills])
        s = np.asarray([span["bbox"] for span in spans], dtype=float)  # (S, 4)
        over = (f[None, :, 0] < s[:, None, 2]) & (f[None, :, 2] > s[:, None, 0]) & (f[None, :, 1] < s[:, None, 3]) \
            & (f[None, :, 3] > s[:, None, 1]) & (order[None, :] > np.asarray([sp["seqno"] for sp in spans])[:, None])
        fills = [fill for fill, hit in zip(fills, over.any(axis=0)) if hit]  # (S, F) -> kept fills
    if fills:
        opaque = np.asarray(_opaque_fills(page), dtype=float).reshape(-1, 4)  # (O, 4)
        f = np.asarray([box for _, box in fills], dtype=float)
        same = (np.abs(f[:, None, :] - opaque[None, :, :]).max(axis=2) < 0.5).any(axis=1)  # (F,)
        fills = [fill for fill, kept in zip(fills, same) if kept]
    if not fills:
        return frozenset()
    hidden = set()
    for span in spans:
        over = [box for seqno, box in fills if seqno > span["seqno"] and _overlap(box, span["bbox"])]
        cover = np.asarray(over, dtype=float) if over else None
        for char in span["chars"] if over else ():
            if under_cover(char[3], cover):  # a bar thinner than `COVER_SHARE` of it is the word's strike-through
                hidden.add(hidden_key(chr(char[0]), char[2]))
    return frozenset(hidden)


def _opaque_fills(page) -> list[tuple]:
    """The boxes (the unrotated page's points) of the paths ``page`` fills opaque: no blend mode, translucent
    group or soft mask round them (`_PaintLog`)."""
    return [box for kind, box, opaque in _painted(page, fills=True) if kind == "fill" and opaque]


def _painted(page, fills: bool = False) -> list[tuple[str, tuple, bool]]:
    """``page`` run through `_PaintLog` (``fills``: filled paths logged too): ``(kind, box, opaque)`` in painting
    order, each box in the unrotated page's points."""
    device = _PaintLog(fills)
    try:
        mupdf.fz_run_page(page.this, device, mupdf.FzMatrix(), mupdf.FzCookie())
    finally:
        mupdf.fz_close_device(device)
    derotate = page.derotation_matrix
    return [(kind, tuple(pymupdf.Rect(box) * derotate), opaque) for kind, box, opaque in device.log]


def _overlap(a, b) -> tuple | None:
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    return (x0, y0, x1, y1) if x0 < x1 and y0 < y1 else None


class _PaintLog(mupdf.FzDevice2):
    """A MuPDF device that logs text runs and pictures in painting order: ``log`` holds
    ``(kind, (x0, y0, x1, y1), opaque)`` with kind ``"text"``, ``"picture"`` or ``"shading"``, boxes in
    device space; with ``fills``, each filled path too (kind ``"fill"``)."""

    def __init__(self, fills: bool = False):
        super().__init__()
        self.log: list[tuple] = []
        self.clips: list[tuple | None] = []  # boxes of the clips in force (None: a soft mask's, unknown)
        self.see_through = 0  # soft masks and translucent or blended groups round what is painted now
        self.groups: list[bool] = []  # for each open group, whether it makes what is in it see-through
        self.in_mask = 0  # inside a soft mask's definition: nothing is painted on the page
        for name in ("fill_text", "stroke_text", "fill_image", "fill_shade", "clip_path", "clip_stroke_path",
                     "clip_text", "clip_stroke_text", "clip_image_mask", "pop_clip", "begin_mask", "end_mask",
                     "begin_group", "end_group"):
            getattr(self, f"use_virtual_{name}")()
        if fills:
            self.use_virtual_fill_path()

    def _add(self, kind: str, rect, opaque: bool) -> None:
        if self.in_mask:
            return
        box = (rect.x0, rect.y0, rect.x1, rect.y1)
        for clip in self.clips:
            if clip is not None:
                box = _overlap(box, clip)
                if box is None:
                    return
        self.log.append((kind, box, opaque))

    def fill_text(self, ctx, text, ctm, colorspace, color, alpha, color_params):
        self._add("text", mupdf.ll_fz_bound_text(text, None, ctm), False)

    def stroke_text(self, ctx, text, stroke, ctm, colorspace, color, alpha, color_params):
        self._add("text", mupdf.ll_fz_bound_text(text, stroke, ctm), False)

    def fill_path(self, ctx, path, even_odd, ctm, colorspace, color, alpha, color_params):
        self._add("fill", mupdf.ll_fz_bound_path(path, None, ctm), alpha >= OPAQUE and not self.see_through)

    def fill_image(self, ctx, image, ctm, alpha, color_params):
        box = mupdf.ll_fz_transform_rect(mupdf.fz_unit_rect, ctm)
        self._add("picture", box, alpha >= OPAQUE and not image.mask and not self.see_through)

    def fill_shade(self, ctx, shade, ctm, alpha, color_params):
        # a shading extended without end is bounded by MuPDF as infinite: the clips in force cut it
        self._add("shading", mupdf.ll_fz_bound_shade(shade, ctm), alpha >= OPAQUE and not self.see_through)

    def _clip(self, rect) -> None:
        self.clips.append((rect.x0, rect.y0, rect.x1, rect.y1))

    def clip_path(self, ctx, path, even_odd, ctm, scissor):
        self._clip(mupdf.ll_fz_bound_path(path, None, ctm))

    def clip_stroke_path(self, ctx, path, stroke, ctm, scissor):
        self._clip(mupdf.ll_fz_bound_path(path, stroke, ctm))

    def clip_text(self, ctx, text, ctm, scissor):
        self._clip(mupdf.ll_fz_bound_text(text, None, ctm))

    def clip_stroke_text(self, ctx, text, stroke, ctm, scissor):
        self._clip(mupdf.ll_fz_bound_text(text, stroke, ctm))

    def clip_image_mask(self, ctx, image, ctm, scissor):
        self._clip(mupdf.ll_fz_transform_rect(mupdf.fz_unit_rect, ctm))

    def pop_clip(self, ctx):
        if self.clips:
            clip = self.clips.pop()
            if clip is None:  # a soft mask's end
                self.see_through -= 1

    def begin_mask(self, ctx, area, luminosity, colorspace, color, color_params):
        self.in_mask += 1

    def end_mask(self, ctx, *args):
        # what follows is painted through the mask, until its pop_clip
        self.in_mask -= 1
        self.clips.append(None)
        self.see_through += 1

    def begin_group(self, ctx, area, colorspace, isolated, knockout, blendmode, alpha):
        translucent = alpha < OPAQUE or blendmode != 0  # FZ_BLEND_NORMAL
        self.groups.append(translucent)
        self.see_through += translucent

    def end_group(self, ctx):
        if self.groups:
            self.see_through -= self.groups.pop()
