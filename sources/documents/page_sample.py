"""One document page as a `doc_ocr` sample: the rendered page and its markdown, or the OCR engine's
reading when its text layer is missing or garbage, or the reason it is neither (`page_sample`)."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from shards.reject import Reject
from shards.sample import Sample
from sources.common.mojibake import repaired as repaired_mojibake
from sources.common.pages import encode_pixmap, render_page
from sources.common.rulings import erased_rulings
from sources.documents.agreement import text_image_cer
from sources.documents.job import KIND, DocumentJob
from sources.documents.markdown import page_layouts, page_markdown
from sources.documents.hyphens import document_language, line_words
from sources.documents.ocr_layout import ocr_style, ocr_text, outer_lines_reread
from sources.documents.ocr_blanks import blanks_filled
from sources.documents.ocr_holes import recover_vanished
from sources.documents.ocr_lines import checked_lines
from sources.documents.ocr_rules import cell_rules, cut_at_rules, in_points
from sources.documents.misshaped_script import misplaced_marks, misshaped
from sources.documents.page_checks import cut_at_edge, scan_behind, too_small
from sources.documents.scan_orientation import NOTHING_READ, mostly_unsure, osd_pixels, page_signs, sideways_share
from sources.common.ocr import box_extent, skew_degrees, turn_lines
from sources.documents.text_layer import Ink, is_placeholder, strip_controls, unreadable


def page_sample(job: DocumentJob, page, index: int, page_text: dict | None = None) -> Sample | Reject:
    """Page ``index`` of the document as a sample, or a reject saying why not (``page_text``: its dict
    text if `markdown.document_style` has read it already)."""
    options, pages = job.options, page.parent.page_count
    locator, key = job.page_locator(index), job.page_key(index)
    rect = page.rect
    # rendered first: the target keeps only text that leaves ink on this very image (a sampled scan's
    # rendering, and straightening, by `OcrMargins` taken over: the same pixels, 16 ms a page saved)
    rendered = job.rendered.pop(index, None)
    pix, scale = (rendered.pix, rendered.scale) if rendered else render_page(page, options.max_image_side)
    ink, repeated = Ink.of_pixmap(pix, scale), job.repeated_margins(index)
    if index in job.shared:  # read once for its interleaved part too, which takes the blocks with images in place
        text, blocks, job.page_blocks[index] = page_layouts(page, job.style, ink=ink, repeated=repeated)
    else:
        text, blocks = page_markdown(page, job.style, page_text, ink=ink, repeated=repeated)
    if is_placeholder(text):
        return Reject(job.source, job.uri, "error:render:missing_chapter", detail=text.strip()[:300],
                      locator=locator, key=key)
    letters = len("".join(text.split()))
    # counted before ftfy, which reads a lone C1 control as cp1252 ("\x88" -> "ˆ") and drops C0 ones
    unknown = unreadable(text)
    text, repaired = repaired_mojibake(text)
    garbage = 1.0 if repaired is None else max(garbage_ratio(text), unknown / max(1, letters))
    unusable = "no_text_layer" if letters < options.min_text_chars else (
        "garbage_text_layer" if garbage > options.max_garbage_ratio else (
            "scan_behind_text" if scan_behind(page, blocks) else None))
    if unknown and not unusable:  # a few glyphs in good text: reading the page by OCR would lose more than them
        return Reject(job.source, job.uri, "filtered:unnamed_glyphs", locator=locator, key=key,
                      detail=f"{unknown} glyphs of the text layer name no character (a font without a Unicode "
                             "map); written, they would be wrong letters or none")
    odd = misshaped(text)
    if odd and not unusable:  # no OCR engine here reads these scripts better than a reject costs
        return Reject(job.source, job.uri, "filtered:misshaped_script", locator=locator, key=key,
                      detail=f"{len(odd)} words start with a combining mark or mix Latin letters into a shaped "
                             f"script (first: {' '.join(odd[:3])[:80]!r}): the text layer misnames the glyphs")
    displaced = misplaced_marks(text)
    if displaced and not unusable:  # each such word is another word: written, a wrong target that looks right
        return Reject(job.source, job.uri, "filtered:misplaced_marks", locator=locator, key=key,
                      detail=f"{len(displaced)} words have a letter holding two vowel points (first: "
                             f"{' '.join(displaced[:3])[:80]!r}): the text layer's marks are not drawn after their "
                             "letters, and some sit on a neighbour")
    stacked = [block["bbox"] for block in blocks if block.get("stacked_math")]
    if stacked and not unusable:  # `stacked_math`: no order of a fraction's or a matrix's pieces is the page's
        return Reject(job.source, job.uri, "filtered:stacked_math", locator=locator, key=key,
                      detail=f"{len(stacked)} blocks hold math the text layer sets as separate lines (fractions, roots, "
                             "limits, matrices) "
                             f"(first at {[round(v) for v in stacked[0]]} pt): read in any order, another formula")
    if unusable and not (options.ocr_scanned_pages and job.context is not None):
        detail = {"no_text_layer": "the page has no extractable text",
                  "garbage_text_layer": f"{garbage:.0%} of the text layer is private-use or replacement characters",
                  "scan_behind_text": f"a picture covers the page under {letters} letters of visible text: a "
                                      "scan whose text the layer does not hold"}[unusable]
        return Reject(job.source, job.uri, f"filtered:{unusable}", detail=detail, locator=locator, key=key)
    if unusable:
        return _ocr_page(job, page, pix, scale, index, unusable, rendered=rendered)
    small = too_small(blocks, scale, options.min_line_pixels)
    if small is not None:
        return Reject(job.source, job.uri, "filtered:text_too_small", locator=locator, key=key,
                      detail=f"the body's lines are {small:.1f} pixels high in the {pix.width}x{pix.height} page "
                             f"image (min_line_pixels {options.min_line_pixels:g}): unreadable there; raise max_image_side")
    cut = cut_at_edge(page, blocks)
    if cut:
        wider = " (laid out on a page of `page_size` points: a wider one fits more)" if page.parent.is_reflowable else ""
        return Reject(job.source, job.uri, "filtered:text_cut_at_edge", locator=locator, key=key,
                      detail=f"{len(cut)} lines run past the page's edge, their text cut where the image ends "
                             f"(first: {cut[0][0][:80]!r}){wider}")
    cer = None
    if options.agreement_lines and job.context is not None:  # the target checked against its own image
        cer = text_image_cer(page, blocks, job.context.ocr_engine(), options.agreement_lines, job.font_verdicts)
        if cer is not None and cer > options.max_text_image_cer:
            if options.ocr_scanned_pages:
                return _ocr_page(job, page, pix, scale, index, "text_image_mismatch", rendered=rendered,
                                 text_image_cer=round(cer, 3))
            return Reject(job.source, job.uri, "filtered:text_image_mismatch", locator=locator, key=key,
                          detail=f"character error rate {cer:.2f} between the text layer's lines checked and "
                                 f"the page image read back (max_text_image_cer {options.max_text_image_cer:g})")
    meta = {
        "source": job.source,
        "uri": job.uri,
        "locator": locator,
        "page": index + 1,
        "pages": pages,
        "page_size_pt": [round(rect.width, 2), round(rect.height, 2)],
        "image_size": [pix.width, pix.height],
        "text_source": "text_layer",
        "blocks": [_scaled(block, scale) for block in blocks],
    }
    if page.parent.is_repaired:
        meta["repaired"] = True  # MuPDF rebuilt a damaged file: worth knowing when auditing
    if repaired:
        meta["text_repaired"] = "mojibake"
    if cer is not None:
        meta["text_image_cer"] = round(cer, 3)
    if job.layout:
        meta["layout"] = job.layout
    return Sample(key=key, kind=KIND, images=[encode_pixmap(pix, options)], text=strip_controls(text), meta=meta)


def _scaled(block: dict, scale: float) -> dict:
    """A block with its and its lines' boxes in the page image's pixels."""
    def px(bbox):
        return [round(v * scale, 1) for v in bbox]

    return {"kind": block["kind"], "bbox": px(block["bbox"]),
            "lines": [{"bbox": px(line["bbox"]), "text": strip_controls(line["text"])} for line in block["lines"]],
            **({"continues": True} if block.get("continues") else {})}


_GARBAGE = re.compile("[\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff\x00-\x08\x0b\x0c\x0e-\x1f]")


def garbage_ratio(text: str) -> float:
    """Share of non-space characters that carry no text: private-use glyphs, U+FFFD, controls."""
    letters = len("".join(text.split()))
    return len(_GARBAGE.findall(text)) / letters if letters else 0.0


# A scan turned by MIN_SKEW degrees or more is straightened before it is read: PP-OCR's recogniser read
# long lines a degree off as scattered letters ("probe T uo . b.", bench.ocr_pages), where Tesseract
# deskews first; its boxes then fit the straightened image, which becomes the sample's.
MIN_SKEW = 0.15
# A slope steeper than MAX_SKEW degrees is no scanner's skew but lines running down a page turned a quarter
# (Tesseract read such a page as one line at 87 degrees, and straightening it cut the page's corners off):
# it is left as it is: which way up a page is, is a matter for its orientation, not its skew
MAX_SKEW = 10.0


def _read_scan(engine, pixels, boxes, rendered=None):
    """(the image read, as pixels; its lines; the degrees it was turned by, 0.0 if not) for a scanned page
    ``pixels`` whose line boxes ``boxes`` the engine found (``rendered``: `ocr_layout.Rendered`, the page
    straightened already where its skew is this one)."""
    skew = skew_degrees(boxes)
    if abs(skew) < MIN_SKEW or abs(skew) > MAX_SKEW:
        return pixels, engine.read(pixels, boxes), 0.0
    # lines a degree off read as nonsense; the sample's image is the straightened one
    known = rendered is not None and rendered.straight is not None and rendered.skew == skew
    straight = rendered.straight if known else straightened(pixels, skew)
    if getattr(engine, "reads_skewed", False):  # its lines are right already: their boxes turn with the page
        lines = turn_lines(engine.read(pixels, boxes), skew, pixels.shape[1], pixels.shape[0])
        return straight, lines, round(skew, 2)
    return straight, engine.read(straight), round(skew, 2)  # searched again in the straightened image


def _checked_reading(job: DocumentJob, engine, pixels, boxes, rendered=None):
    """(pixels read, lines read, degrees turned, lines kept, its rules (those down between cells,
    `ocr_rules.cell_rules`, and those across, `rulings.erased_rulings`, pixels), how many dropped, why a
    line read is left garbled or None, why the page has a hole or None: a line the engine lost that stays
    unread, a contents page's numbers): `_read_scan`, `ocr_lines.checked_lines` and `ocr_holes.recover_vanished`."""
    options = job.options
    pixels, read, turned = _read_scan(engine, pixels, boxes, rendered)
    if engine is not job.context.ocr_engine():  # margins read as `OcrMargins` read them, so they match
        read = outer_lines_reread(read, pixels, job.context.ocr_engine())
    confident = [line for line in read if line.confidence >= options.ocr_min_confidence]
    language = job.style.language or document_language(Counter(line_words([ln.text for ln in confident], False)))
    # unsure lines read again, and the ink no line covers searched, off the page with its rules down erased, as
    # Tesseract reads it: a ruled table's head read again off the page as it is took the rule between two
    # cells for a letter ("Price | Total"), and joined to the numbers beside them ("| 0.50 | 6.00 |") the
    # rules hid a column the engine lost
    plain, rules, across = erased_rulings(pixels)
    rules = cell_rules(read, rules, plain)  # not a streak or a stroke down through the words
    # a line across a rule down is a ruled table's cells set tight, read as one: cut there, each piece read again
    # a lone line read unsure twice is kept where the other engine reads it surely and agrees
    other = job.context.ocr_engine()
    kept, dropped, garbled = checked_lines(cut_at_rules(read, rules, plain, engine), plain, engine, language,
                                           options.ocr_min_confidence, None if other is engine else other)
    if garbled:  # named with its place (pixels, its box's top left), as a hole's is: where to look on the page
        x0, y0, _, _ = next(box_extent(line.box) for line in kept if line.text == garbled)
        garbled = (f"an OCR line read twice without words or confidence: {garbled[:120]!r}, "
                   f"at ({int(x0)}, {int(y0)})")
    # lines no line's box covers: lost between lines (read, or the page refused) or left beside them (read)
    kept, vanished = recover_vanished(kept, read, plain, engine, language, options.ocr_min_confidence)
    # a form's blanks, which Tesseract takes for rules and leaves out ("Name: ____" read "Name:"), written back
    kept = blanks_filled(kept, across)
    return pixels, read, turned, kept, (rules, across), dropped, garbled, vanished


def straightened(pixels, degrees: float):
    """The page turned back by ``degrees`` (its median line slope), corners filled with its border's
    colour."""
    import numpy as np
    from PIL import Image

    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    fill = tuple(int(v) for v in np.median(border, axis=0))
    turned = Image.fromarray(np.ascontiguousarray(pixels)).rotate(degrees, resample=Image.Resampling.BICUBIC,
                                                                  fillcolor=fill)
    return np.asarray(turned)


def _encoded(pixels, pix, turned: float, options) -> bytes:
    """The page image read, as the sample stores pages: the rendered pixmap ``pix``, or the straightened
    ``pixels`` where the page was turned. Encoded once, after the engine is chosen (the lossless WebP
    encode is a twentieth of a scanned page's CPU, and a page read again by the other engine did it twice)."""
    if not turned:
        return encode_pixmap(pix, options)
    from PIL import Image

    from sources.common.images import encode_image

    return encode_image(Image.fromarray(pixels), options.image_format, options.jpeg_quality)


def _ocr_page(job: DocumentJob, page, pix, scale: float, index: int, unusable: str, rendered=None,
              oriented: bool = False, tentative: bool = False, **facts) -> Sample | Reject | None:
    """A page whose text layer is missing, garbage or contradicted by its image: the OCR engine's
    confident lines, laid out as a text layer's are (`ocr_layout`), become its markdown. Its image is
    encoded once, as read: the rendered one, or the straightened one (``rendered``: `ocr_layout.Rendered`
    where `OcrMargins` straightened it already). A scan that reads as lying on its side or upside down is
    turned upright first as OSD says (`_upright`; ``oriented``: it has been; ``tentative``: OSD was unsure,
    and None is given where the page turned shows any sign of being wrong)."""
    import numpy as np

    from sources.common.ocr_sample import ocr_sample

    if not oriented and index in job.turns:  # sampled for the document's style, OSD found it turned
        return _upright(job, page, index, unusable, job.turns.pop(index), facts)
    pixels = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)
    options = job.options
    engine = job.context.scan_engine()
    boxes = job.detected.pop(index) if index in job.detected and not oriented else engine.detect(pixels)
    checkable = (not oriented or tentative) and hasattr(engine, "orientation") and page.parent.is_pdf
    unsure_orientation, sideways = None, 0.0  # why the page may not be upright where OSD cannot tell
    if checkable:  # the signs its first reading shows before it is checked line by line (which costs more)
        sign, sideways = page_signs(engine, page, pixels, boxes, options.ocr_min_confidence)
        if sign and tentative:
            return None
        if sign:
            checkable = False
            turned_page, unsure_orientation = _turned_as_osd_says(job, engine, page, index, unusable, facts, sign)
            if turned_page is not None:
                return turned_page
    reading = _checked_reading(job, engine, pixels, boxes, None if oriented else rendered)
    if tentative and (reading[-2] or reading[-1] or mostly_unsure(reading[1], options.ocr_min_confidence)):
        return None
    if checkable and not oriented and (reading[-2] or reading[-1]):  # upright, or turned and read as words?
        sign = "a line was read garbled" if reading[-2] else "ink was left unread"
        turned_page, unsure_orientation = _turned_as_osd_says(job, engine, page, index, unusable, facts, sign)
        if turned_page is not None:
            return turned_page
    if job.context.ocr.scan_backend != job.context.ocr.backend and (
            reading[-2] or reading[-1] or mostly_unsure(reading[1], options.ocr_min_confidence)):
        # a script or language the scan engine's packs do not cover reads as unsure letters (Tesseract's
        # eng on Chinese), and a page it leaves garbled (a scanned table's double rules read as rows of
        # letters) may read cleanly to the other: the page is read by the scene-text engine instead (PP-OCR
        # reads Chinese and English), decided by this reading alone, so the same page always goes the same way
        engine = job.context.ocr_engine()
        reading = _checked_reading(job, engine, pixels, engine.detect(pixels))
        facts["scan_engine_unsure"] = True
    pixels, read, turned, kept, ruled, dropped, misread, vanished = reading
    garbled = "; ".join(why for why in (misread, vanished) if why)  # all that was found: a page has both
    if turned:
        facts["deskewed_degrees"] = turned
    why = unusable.replace("_", " ") + (f", turned {facts['turned_degrees']} degrees upright by OSD"
                                        if "turned_degrees" in facts else "")
    if unsure_orientation and (mostly_unsure(read, options.ocr_min_confidence)
                               or max(sideways, sideways_share(kept or read)) > 0.5):
        # read on its side or upside down, its lines are out of order or its letters misread: refused. A line
        # left garbled, or ink unread, on a page whose lines read as sure words is no sign of a turn: refused
        # for what was found (a contents page's numbers the engine left out were refused as of unknown
        # orientation, the numbers unnamed in its reason)
        return Reject(job.source, job.uri, "filtered:ocr_orientation_unknown", locator=job.page_locator(index),
                      key=job.page_key(index), detail=f"{why}; {unsure_orientation}; "
                                                      + (garbled or "its lines run down the page"))
    if garbled:  # nonsense or a hole in the target: refused, never written
        return Reject(job.source, job.uri, "filtered:ocr_garbled", locator=job.page_locator(index),
                      key=job.page_key(index), detail=f"{why}; {garbled}")
    # the threshold was applied above: ocr_sample gets the lines kept, or all of them to say why none
    image = _encoded(pixels, pix, turned, options)
    result = ocr_sample(job.source, KIND, job.page_key(index), job.uri, job.page_locator(index), image,
                        (pix.width, pix.height), kept or read, 0.0 if kept else options.ocr_min_confidence,
                        engine.name)
    if isinstance(result, Reject):  # no text even by OCR: nothing to learn from
        if unsure_orientation:
            return dataclasses.replace(result, reason="filtered:ocr_orientation_unknown",
                                       detail=f"{why}; {unsure_orientation}; OCR: {result.detail}")
        return dataclasses.replace(result, reason=f"filtered:{unusable}", detail=f"{why}; OCR: {result.detail}")
    text_dict, body = ocr_text(kept, scale, (page.rect.width, page.rect.height),
                               *(in_points(rules, scale) for rules in ruled))
    markdown, blocks = page_markdown(page, ocr_style(job.style, body), text_dict)
    if not markdown.strip():  # every line was running matter: nothing of the page's own
        return Reject(job.source, job.uri, f"filtered:{unusable}", locator=job.page_locator(index),
                      key=job.page_key(index), detail=f"{why}; OCR read only running headers, footers or "
                                                      "page numbers")
    extra = {"page": index + 1, "pages": page.parent.page_count, "replaced_text_layer": unusable,
             "lines_below_threshold": dropped,
             "blocks": [_scaled(block, scale) for block in blocks], **facts}
    if job.layout:
        extra["layout"] = job.layout
    return dataclasses.replace(result, text=strip_controls(markdown), meta={**result.meta, **extra})


def _turned_as_osd_says(job: DocumentJob, engine, page, index: int, unusable: str, facts: dict, sign: str):
    """(the page turned upright as OSD says and read, or None; why it may not be upright, or None) for a
    page whose reading showed ``sign``. Where OSD is sure, its turn is taken (None where it is upright);
    where it is unsure of a turn (a page of a few lines: OSD named the right turn at a margin of 4.8-5.2)
    the page turned so is kept only where the scan engine reads it cleanly, with no sign; a page OSD cannot
    judge at all, or turned to no clean reading, stays as it is, its orientation unknown."""
    orientation = engine.orientation(osd_pixels(page, job.options.max_image_side))
    if orientation is not None and orientation.sure:
        return (_upright(job, page, index, unusable, orientation, facts) if orientation.turn else None), None
    said = ("too few characters" if orientation is None
            else f"{orientation.turn} degrees at confidence {orientation.confidence:.1f}")
    unsure = f"{sign}, and Tesseract's OSD could not tell which way up the page is ({said})"
    if sign == NOTHING_READ:  # a blank page, or specks: refused for having no text, whichever way up
        unsure = None
    if orientation is None or not orientation.turn:
        return None, unsure
    return _upright(job, page, index, unusable, orientation, facts, tentative=True), unsure


def _upright(job: DocumentJob, page, index: int, unusable: str, orientation, facts: dict,
             tentative: bool = False) -> Sample | Reject | None:
    """The page read again turned upright as OSD says (``orientation.turn`` degrees clockwise): turned as a
    PDF's ``/Rotate`` turns it, so its rendered image, its size in points and the layout step agree, and
    the sample's image is the upright one (``meta["turned_degrees"]``, clockwise; ``orientation_confidence``:
    OSD's margin). The page's own rotation is put back afterwards. ``tentative``: None where the page
    turned so shows any sign of being wrong (`_ocr_page`)."""
    before = page.rotation
    page.set_rotation((before + orientation.turn) % 360)
    try:
        pix, scale = render_page(page, job.options.max_image_side)
        return _ocr_page(job, page, pix, scale, index, unusable, oriented=True, tentative=tentative, **facts,
                         turned_degrees=orientation.turn, orientation_confidence=round(orientation.confidence, 2))
    finally:
        page.set_rotation(before)
