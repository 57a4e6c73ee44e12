"""A rendered page as samples: `web_code`, `doc_ocr` tiles and an `interleaved` document.

- ``web_code``: the screenshot tiles (top to bottom) and the simplified HTML that draws
  them (`sources.web.html_simplify`), for "UI to code"; ``meta["elements"]`` holds every
  visible text block and widget with its page box, for grounding and widget captions.
- ``doc_ocr``: one sample per viewport-high tile: the tile and the text the DOM shows
  in it, in document order (no OCR: the DOM knows the text), boxes relative to the tile.
- ``interleaved``: the page's main content (trafilatura drops navigation, footers and
  ads) with its images, cut into parts like a document's (`sources.common.interleaved`).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import logging
from typing import Any, Iterator
from urllib.parse import urljoin

from shards.reject import Reject
from shards.sample import Sample, make_key
from sources.common.font_coverage import system_coverage, undrawable, with_fonts
from sources.common.images import encode_image
from sources.common.interleaved import Part, normalise_image, split_long_text
from sources.common.mojibake import repaired
from sources.web.browser import Rendered
from sources.web.content_markup import for_extraction
from sources.web.frames import unframed_thread
from sources.web.html_simplify import simplify_html
from sources.web.main_text import main_pieces, unrepeated
from sources.web.resources import Resources
from sources.web.tiles import cut_tiles, overlapping, rows_joined, tile_blocks, tile_cer


_FONT_TYPES = ("application/font-woff", "application/font-woff2", "application/x-font-ttf", "application/x-font-otf",
               "application/vnd.ms-opentype", "application/font-sfnt")
_FONT_FILES = (".woff", ".woff2", ".ttf", ".otf")


@dataclasses.dataclass(frozen=True)
class PageJob:
    """One page rendered at one viewport: what all its samples share.

    page, resources: what Chromium drew, and the sub-resources the page was served.
    view: the viewport's name; options: `sources.web.read.WebOptions`.
    source, uri: the source's name and the input the page came from.
    digest: sha256 of the rendered HTML; keys derive from it.
    context: the worker's `sources.SourceContext` (its OCR engine checks the tiles).
    """

    page: Rendered
    resources: Resources
    view: str
    options: Any
    source: str
    uri: str
    digest: str
    context: Any = None

    @functools.cached_property
    def fonts(self):
        """The characters some font can draw this page's text in: the installed fonts' and those of the web
        fonts it was served (a site that ships its Devanagari font draws Devanagari where no installed font
        does)."""
        shipped = [r.body for url, r in self.resources.served.items()
                   if r.mime.startswith("font/") or r.mime in _FONT_TYPES or url.lower().endswith(_FONT_FILES)]
        return with_fonts(system_coverage(), shipped)

    def undrawable(self, text: str) -> list[str]:
        """The characters of ``text`` no font draws (`font_coverage.undrawable`); the page's web fonts are read
        only for text beyond ASCII, which the installed fonts draw."""
        return [] if text.isascii() else undrawable(text, self.fonts)

    @property
    def where(self) -> str:
        return f"url={self.page.url};viewport={self.view}"

    def meta(self, **more) -> dict:
        """The provenance every sample of this page at this viewport carries, then ``more``."""
        layout = self.page.layout
        asked = {"requested_url": self.page.requested_url} if self.page.requested_url else {}
        return {"source": self.source, "uri": self.uri, "url": self.page.url, **asked, "title": layout["title"],
                "viewport": self.view, "page_height": layout["height"], "truncated": self.page.truncated, **more}

    def reject(self, reason: str, detail: str, locator: str) -> Reject:
        return Reject(self.source, self.uri, reason, detail, locator=locator)


def rendered_samples(page: Rendered, resources: Resources, view: str, options, context, source: str,
                     uri: str) -> Iterator[Sample | Reject]:
    """Samples of one page rendered at viewport ``view`` (``options``: `sources.web.read.WebOptions`)."""
    job = PageJob(page, resources, view, options, source, uri, hashlib.sha256(page.html.encode("utf-8")).hexdigest(),
                  context)
    text = " ".join(block["text"] for block in page.layout["blocks"])
    if "\ufffd" in text:  # any replacement character: the page's encoding is broken, never written
        yield job.reject("filtered:broken_encoding", f"{text.count(chr(0xFFFD))} replacement characters "
                         "in the visible text", job.where)
        return
    if _decoded_wrongly(text):  # UTF-8 read as cp1252 or latin-1 (a charset the bytes contradict)
        yield job.reject("filtered:broken_encoding", "the visible text reads as mojibake (text encoded in UTF-8 "
                         "and decoded as cp1252 or latin-1: the page's declared charset contradicts its bytes)",
                         job.where)
        return
    if not page.layout["blocks"] and not page.layout["widgets"]:
        yield job.reject("filtered:blank_page", "the rendered page shows no text and no widgets", job.where)
        return
    tiles = _tiles(page.screenshot, page.layout["blocks"], options.viewport_size(view)[1], options)
    if context.wants("web_code"):
        yield _web_code(job, tiles)
    if context.wants("doc_ocr"):
        yield from _doc_ocr(job, tiles)
    if context.wants("interleaved") and options.interleaved and view == options.viewports[0]:
        yield from _interleaved(job)


def _tiles(screenshot: bytes, blocks: list[dict], height: int, options) -> list[tuple[int, int, bytes]]:
    """``(top, bottom, encoded tile)`` for each slice of the screenshot at most a viewport high, cut
    between lines (`sources.web.tiles.cut_tiles`); blank slices at the bottom (a page taller than its
    content) are not tiles."""
    from PIL import Image, ImageStat

    image = Image.open(io.BytesIO(screenshot))
    if image.height <= height and options.image_format == "png":
        return [(0, image.height, screenshot)]  # one tile, already a PNG: no decode and encode again
    image = image.convert("RGB")
    lines = [line for block in blocks for line in block.get("lines", [])]
    slices = [(top, bottom, image.crop((0, top, image.width, bottom)))
              for top, bottom in cut_tiles(lines, image.height, height)]
    while len(slices) > 1 and max(ImageStat.Stat(slices[-1][2].convert("L")).stddev) < 1.0:
        slices.pop()
    return [(top, bottom, _encode(tile, options)) for top, bottom, tile in slices]


def _encode(tile, options) -> bytes:
    if options.image_format != "png":
        return encode_image(tile, options.image_format, options.jpeg_quality)
    buf = io.BytesIO()
    tile.save(buf, format="PNG", compress_level=1)  # screenshots are flat colour: fast zlib loses little
    return buf.getvalue()


def _web_code(job: PageJob, tiles: list[tuple[int, int, bytes]]) -> Sample | Reject:
    page, limit = job.page, job.options.max_html_chars
    css = {url: r.body.decode("utf-8", "replace") for url, r in job.resources.served.items() if r.mime == "text/css"}
    html = simplify_html(page.html, page.url, css, scripted=job.options.javascript)
    if len(html) > limit:
        return job.reject("filtered:html_too_large",
                          f"simplified HTML has {len(html)} characters > max_html_chars {limit}", job.where)
    if page.changed:  # the HTML and the text blocks are not the screenshot's
        return job.reject(CHANGING_TEXT, _changing(page.changed), job.where)
    boxes = job.undrawable("".join(block["text"] for block in page.layout["blocks"])
                           + "".join(icon["text"] for icon in page.layout["icons"]))
    if boxes:  # the screenshot shows empty boxes where the HTML has text (or an icon font that did not load)
        return job.reject(MISSING_GLYPHS, _missing(boxes), job.where)
    # the blocks a reader sees some of: a block all of whose lines the hit test found hidden (off the page,
    # under an overlay, painted like its background) is no visible text, and its box is over blank pixels
    blocks = [{k: block[k] for k in ("tag", "text", "bbox")} for block in page.layout["blocks"]
              if any(line.get("seen") != "none" for line in block.get("lines", [])) or not block.get("lines")]
    elements = {"text": blocks, "widgets": page.layout["widgets"]}
    return Sample(key=make_key("web_code", job.digest, job.where), kind="web_code", images=[t for *_, t in tiles],
                  text=html, meta=job.meta(locator=job.where, elements=elements))


def _doc_ocr(job: PageJob, tiles: list[tuple[int, int, bytes]]) -> Iterator[Sample | Reject]:
    import numpy as np
    from PIL import Image

    layout = job.page.layout
    for number, (top, bottom, tile) in enumerate(tiles, 1):
        locator = f"{job.where};tile={number}"
        image = Image.open(io.BytesIO(tile)).convert("RGB")  # decoded once: its ink and its read-back
        blocks, partial, unread = tile_blocks(layout["blocks"], top, bottom, np.asarray(image.convert("L")))
        if partial:
            yield job.reject("filtered:covered_text", f"{len(partial)} lines partly hidden (under other elements "
                             f"or clipped by a box) (first: {partial[0][:80]!r})", locator)
            continue
        if unread:
            yield job.reject("filtered:unreadable_text", f"{len(unread)} lines with text drawn that the DOM cannot "
                             f"give: a CSS counter, quote or list marker, text drawn on a canvas or inside a "
                             f"shadow root or frame, or drawn turned, mirrored, masked, blurred or overridden in its "
                             f"direction (first: {unread[0][:80]!r})", locator)
            continue
        over = overlapping(blocks)
        if over:  # drawn over each other: the image shows neither text as it is
            yield job.reject("filtered:overlapping_text", f"two lines drawn over each other: {over[0][:60]!r} and "
                             f"{over[1][:60]!r}", locator)
            continue
        moved = [box for box in job.page.changed if box[1] < bottom and box[3] > top]
        if moved:  # the tile's text as read is not all the text it shows
            yield job.reject(CHANGING_TEXT, _changing(moved), locator)
            continue
        drawing = [w["kind"] for w in layout["widgets"] if w["kind"] in BROWSER_TEXT and _touches(w, top, bottom)]
        if drawing:  # a date as the locale writes it, "Choose File", "0:00 / 0:00": text no target can hold
            yield job.reject("filtered:unreadable_text", f"{len(drawing)} controls draw text of their own the "
                             f"DOM does not hold (first: {drawing[0]})", locator)
            continue
        if not blocks:
            yield job.reject("filtered:no_visible_text", "the tile shows no text", locator)
            continue
        blocks = rows_joined(blocks)
        boxes = job.undrawable("".join(b["text"] for b in blocks)
                               + "".join(icon["text"] for icon in layout["icons"] if _touches(icon, top, bottom)))
        if boxes:  # empty boxes drawn: the DOM's text (or an unloaded icon font's) is not what the tile shows
            yield job.reject(MISSING_GLYPHS, _missing(boxes), locator)
            continue
        checked = {}
        if job.options.agreement_lines and job.context is not None:  # the DOM's text against the tile's pixels
            cer = tile_cer(image, blocks, job.context.ocr_engine(), job.options.agreement_lines)
            if cer is not None and cer > job.options.max_text_image_cer:
                yield job.reject("filtered:text_image_mismatch", f"character error rate {cer:.2f} between the "
                                 f"DOM's lines checked and the tile read back (max_text_image_cer "
                                 f"{job.options.max_text_image_cer:g})", locator)
                continue
            checked = {} if cer is None else {"text_image_cer": round(cer, 3)}
        yield Sample(key=make_key("doc_ocr", job.digest, locator), kind="doc_ocr", images=[tile],
                     text="\n".join(b["text"] for b in blocks),
                     meta=job.meta(locator=locator, tile=number, tile_top=top, blocks=blocks,
                                   widgets=_inside(layout["widgets"], top, bottom - top), **checked))


UNKNOWN_FORMULA = "\u2045vl:math\u2046"  # visible_html.js's text for a formula whose TeX is not known


# the controls Chromium draws text for that no DOM node or value holds as drawn (`page_layout.js` widgets)
BROWSER_TEXT = frozenset({"input:file", "input:date", "input:time", "input:datetime-local", "input:month",
                          "input:week", "select:list", "audio", "video", "details"})


MOJIBAKE_SHARE = 0.25  # of a page's non-ASCII characters that undoing mojibake takes away: its whole text's


def _decoded_wrongly(text: str) -> bool:
    """Whether the page's text as a whole is mojibake (ftfy: `sources.common.mojibake`): garbled past repair,
    or repaired by taking away at least `MOJIBAKE_SHARE` of its non-ASCII characters ("CafÃ© crÃ¨me": 8 -> 4),
    the mark of a charset that contradicts the bytes. One garbled snippet among the page's own accented text
    (a footer's "Â»" beside "Zürich", "café") is the site's, and drawn so: not the page's decoding."""
    fixed, changed = repaired(text)
    if changed is None:
        return True
    if not changed:
        return False
    before = sum(not c.isascii() for c in text)
    return before - sum(not c.isascii() for c in fixed) >= MOJIBAKE_SHARE * before


CHANGING_TEXT = "filtered:changing_text"


def _changing(boxes: list) -> str:
    x0, y0, x1, y1 = (round(v) for v in boxes[0])
    return (f"the page's scripts changed its text {len(boxes)} times here while it was read and captured (a "
            f"clock, a ticker, a counter; first at [{x0}, {y0}, {x1}, {y1}])")


def _touches(item: dict, top: int, bottom: int) -> bool:
    """Whether any of ``item``'s box (page pixels) is inside the tile ``[top, bottom)``."""
    return item["bbox"][1] < bottom and item["bbox"][3] > top


MISSING_GLYPHS = "unsupported:missing_glyphs"  # as charts name it: the machine lacks the fonts, not the page


def _missing(chars: list[str]) -> str:
    shown = ", ".join(f"U+{ord(c):04X} {c!r}" for c in chars[:6])
    return (f"{len(chars)} characters no installed font draws (fontconfig), drawn as empty boxes: {shown}"
            f"{', ...' if len(chars) > 6 else ''}")


def _inside(items: list[dict], top: int, height: int) -> list[dict]:
    """The items whose box centre falls in the tile, with boxes relative to the tile."""
    inside = []
    for item in items:
        x0, y0, x1, y1 = item["bbox"]
        if top <= (y0 + y1) / 2 < top + height:
            inside.append({**item, "bbox": [round(x0, 1), round(y0 - top, 1), round(x1, 1), round(y1 - top, 1)]})
    return inside


def _interleaved(job: PageJob) -> Iterator[Sample | Reject]:
    import lxml.etree
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # "discarding data" is our reject's job

    page, options = job.page, job.options
    # (a thread's posts: no post is the frame, or the rest came after it as loose paragraphs: `frames`)
    html, thread = unframed_thread(page.drawn_html or page.html)
    html = for_extraction(html)  # layout tables, lists in cells, introduced lists of links (`content_markup`)
    main = xml = None
    for bias in ("favor_precision", "favor_recall"):  # clean structure first; a short page may need recall
        # the drawn HTML: trafilatura reads markup, and text a style sheet hides is markup like any other. On
        # a thread, trafilatura's own pass only (``fast``): where its text is short (one-line posts) it compared
        # it with readability's and justext's, which read the page round the posts taken apart (readability the
        # raw page, panels and all), and took theirs: the thread's title alone, or nothing
        found = trafilatura.extract(html, url=page.url, output_format="xml", fast=thread,
                                    include_images=True, include_tables=True, **{bias: True})
        found_main = lxml.etree.fromstring(found.encode("utf-8")).find("main") if found else None
        if found_main is None or not len(found_main):
            continue
        # headings alone are no main text (a form's page at precision: its title, the form left out): kept
        # only where recall finds nothing more
        headings_only = all(element.tag == "head" for element in found_main)
        if main is None or not headings_only:
            main, xml = found_main, found
        if not headings_only:
            break
    if main is None or not len(main):
        yield job.reject("filtered:no_main_content", "trafilatura found no main content",
                         f"url={page.url};interleaved")
        return
    if UNKNOWN_FORMULA in xml:  # visible_html.js's mark: the text would hold a hole where the formula stands
        yield job.reject("filtered:unreadable_text", "a formula whose TeX is not known (none carried nor read from "
                         "its MathML, or TeX pandoc cannot read: an author's own macros)", f"url={page.url};interleaved")
        return
    main = unrepeated(main, page.drawn_html or page.html)  # a line trafilatura wrote twice, once drawn
    part, number, seen, dropped = Part(options), 0, set(), []
    joins = False  # a picture inside a paragraph was dropped: the paragraph's rest joins its start
    for kind, value in main_pieces(main):  # text and pictures where they stand (`main_text`)
        if kind == "image":
            stored, reason = _image(job, value, seen)
            joins = bool(reason)
            if reason:
                dropped.append({"src": value.get("src", ""), "reason": reason})
                continue
            if part.full_after_image():
                number = yield from _emit(job, part, number, dropped)
                part, dropped = Part(options), []
            part.add_image(stored, value.get("alt") or value.get("title") or None, 0)
            continue
        for piece in split_long_text(value, options.token_budget):
            if part.full_after(piece, heading=kind == "heading"):
                number = yield from _emit(job, part, number, dropped)
                part, dropped = Part(options), []
            part.continue_text(piece, 0) if kind == "continued" and joins else part.add_text(piece, 0)
            joins = False
    yield from _emit(job, part, number, dropped)


def _image(job: PageJob, graphic, seen: set[str]):
    src = graphic.get("src", "")
    if not src.strip():  # trafilatura 2.3 keeps no src for an <img src="*.svg">: which picture is not known
        return None, "no_src"
    response = job.resources.served.get(urljoin(job.page.url, src)) or _drawn(job, src)
    if response is None:
        return None, "not_loaded"  # lazy or refused: the page never showed it
    digest = hashlib.sha256(response.body).hexdigest()
    if digest in seen:
        return None, "duplicate_in_document"
    stored, reason = normalise_image(response.body, response.mime)
    if stored is not None:
        from PIL import Image

        if min(Image.open(io.BytesIO(stored)).size) < job.options.min_image_side:
            return None, "decorative:too_small"
        seen.add(digest)
    return stored, reason


def _drawn(job: PageJob, src: str):
    """The served response of the picture Chromium drew for the ``<img>`` whose src (or data-src) is ``src``
    (`page_layout.js` records each one's ``currentSrc``: a srcset's or a <picture>'s candidate, a <base>'s
    URL, an escaped name), or None. trafilatura gives ``src`` resolved against the page's URL."""
    base, served = job.page.url, job.resources.served
    written = {src, urljoin(base, src)}
    for shown in job.page.layout.get("images", ()):
        raws = [raw for raw in (shown["src"], shown["dataSrc"]) if raw]
        named = {*raws, *(urljoin(base, raw) for raw in raws)} - {base}
        if written & named and shown["current"] in served:
            return served[shown["current"]]
    return None


def _emit(job: PageJob, part: Part, number: int, dropped: list[dict]):
    if not part.segments:
        return number
    url = job.page.url
    locator = f"url={url};part={number + 1}"
    yield Sample(key=make_key("interleaved", job.digest, locator), kind="interleaved", images=part.images,
                 segments=part.segments, meta={"source": job.source, "uri": job.uri, "url": url,
                                               "title": job.page.layout["title"], "locator": locator,
                                               "tokens": part.tokens, "dropped_images": dropped})
    return number + 1
