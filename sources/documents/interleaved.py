"""A document as `interleaved` samples: text segments and images in reading order, in parts that fit a budget.

- Blocks come in the same column order as the page markdown (`sources.documents.markdown`).
- Images are deduplicated within the document; decorative ones are dropped with a
  reason kept in ``meta["dropped_images"]``: too small, near-uniform, or repeated on
  many pages (logos, rules, page ornaments).
- A caption ("Figure 2: ...", "Table 1 ...") just above or below an image is attached
  to it (``{"image": i, "caption": ...}``) instead of standing as text.
- A paragraph that runs on to the next page or column is joined with the block that goes on with it
  (`_continues`).
- The document is cut into parts of at most ``token_budget`` tokens (words, plus
  ``image_tokens`` per image) at section or paragraph boundaries; a paragraph longer
  than a part is cut between sentences, never inside one. Parts stream out as they
  fill, so a long book is never held whole.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from typing import Callable, Iterator

from shards.reject import Reject, error_reject
from shards.sample import Sample, make_key
from sources.common.interleaved import KIND, Part, normalise_image, split_long_text
from sources.documents.job import DocumentJob
from sources.documents.markdown import load_page, page_markdown
from sources.documents.misshaped_script import misplaced_marks, misshaped, misshaped_words
from sources.documents.page_checks import cut_at_edge, is_cut
from sources.documents.text_layer import is_placeholder, join_lines, low_resolution_ink, unreadable

_CAPTION = re.compile(r"^\s*(\*\*)?(figure|fig\.|table|plate|image|chart|diagram)\s*[\dIVX]+", re.I)
# a paragraph that ends here is complete: with Latin punctuation or quotes, and with CJK's full stops and
# closing brackets (。！？．：；」』）】》〉), Arabic's (؟ ۔ ؛), Devanagari's (। ॥), Khmer's (។ ៕) and Burmese's
# (။). A Japanese paragraph's "。" was not one: it waited for its end, and as an ideograph has no case the next
# paragraph "went on" with it (`_continues`): a book's paragraphs ran together into one interleaved segment
_SENTENCE_DONE = re.compile(r"[.!?:;)\]\"'\u201d\u2019\u3002\uff01\uff1f\uff0e\uff1a\uff1b\uff61\u300d\u300f"
                            r"\uff09\u3011\u300b\u3009\uff3d\u061f\u06d4\u061b\u0964\u0965\u17d4\u17d5\u104b]\s*$")
CAPTION_GAP = 24.0  # points between an image and the caption block that belongs to it


def interleaved_samples(job: DocumentJob, doc, pages: range,
                        laid_out: Callable[[int], list[dict] | None] = lambda index: None,
                        holes: frozenset[int] = frozenset()) -> Iterator[Sample | Reject]:
    """Yield the interleaved parts of ``pages`` of the document (``job.options``: its cutting and filtering),
    and a reject for each page that could not be read (the part ends before it: nothing joined across).
    ``laid_out(index)``: the page's blocks as its page sample laid it out with images in place
    (`DocumentJob.shared`), asked once a page in order before the page is read; None: laid out here.
    ``holes``: pages that begin a chapter after one the book lacks (an EPUB spine entry naming no chapter): the
    part ends before each, so no part joins the text on either side of the missing chapter."""
    if not len(pages):  # a task wholly within an EPUB's auxiliary pages: nothing of the reading flow
        return
    options = job.options
    repeated = _repeated_images(doc, pages, options.repeated_image_pages)
    part = Part(options)
    seen: set[str] = set()  # digests of the images already placed anywhere in the document
    dropped: list[dict] = []
    number = 0
    carry = ""  # a paragraph that runs on to the next page or column, waiting for its end
    carry_page = pages[0] if len(pages) else 0  # the page it ends on so far
    for index in pages:
        if index in holes and index != pages[0]:  # a missing chapter before this page: nothing joined across it
            number, part, dropped = yield from _add_text(job, part, number, dropped, carry, carry_page)
            number = yield from _emit(job, part, number, dropped)
            part, dropped, carry = Part(options), [], ""
        blocks = laid_out(index)
        try:
            page = load_page(doc, index)
            if blocks is None:
                ink = low_resolution_ink(page, options.max_image_side)
                _, blocks = page_markdown(page, job.style, images=True, ink=ink, repeated=job.repeated_margins(index))
            cut = cut_at_edge(page, blocks)
            digests = {_box(info["bbox"]): info["digest"].hex() for info in _hashed_images(page)}
        except Exception as exc:  # a page MuPDF cannot read: the part ends before it, the next pages are read
            number, part, dropped = yield from _add_text(job, part, number, dropped, carry, carry_page)
            number = yield from _emit(job, part, number, dropped)
            part, dropped, carry = Part(options), [], ""
            yield error_reject(job.source, job.uri, "interleave", exc, locator=f"interleaved:{job.page_locator(index)}")
            continue
        if is_placeholder(" ".join(b["text"] for b in blocks if b["kind"] != "image")):
            continue  # a renderer's error page: its page sample says so
        left_out = False  # the block before was left out (below): a paragraph going on from it goes too
        # a script's shaped glyphs misnamed on this page (its page sample is refused, `filtered:misshaped_script`)
        misread = bool(misshaped(" ".join(b["text"] for b in blocks if b["kind"] != "image")))
        captions = captions_of(blocks)  # image's position -> its caption block's position
        for position, block in enumerate(blocks):
            if block["kind"] == "image":
                left_out = False
            else:
                if position in captions.values():  # attached to its image instead of standing as text
                    continue
                if cut and is_cut(block, cut) or unreadable(block["text"]) or block.get("stacked_math") or (
                        misread and misshaped_words(block["text"])) or misplaced_marks(block["text"]) or (
                        left_out and block["kind"] == "text" and block["text"].lstrip()[:1].islower()):
                    # text the page's edge cuts ("C" of a header, a table's columns past it gone; its page
                    # sample is refused, `filtered:text_cut_at_edge`), or with glyphs the layer cannot name
                    # (`filtered:unnamed_glyphs`), or fractions read as pieces (`filtered:stacked_math`), or a
                    # shaped script's glyphs misnamed (`filtered:misshaped_script`) or its marks set on the wrong
                    # letters (`filtered:misplaced_marks`), and
                    # the rest of its paragraph: left out, and the part ends before it, so that nothing is
                    # joined across the gap
                    number, part, dropped = yield from _add_text(job, part, number, dropped, carry, carry_page)
                    number = yield from _emit(job, part, number, dropped)
                    part, dropped, carry, left_out = Part(options), [], "", True
                    continue
                left_out = False
                texts = [block["text"]]
                if block["kind"] in ("heading", "list"):  # they end the paragraph waiting (it went after
                    # them: a list before its lead); a table or a listing may be a float set between its
                    # halves at a page's top, and waits with the image
                    number, part, dropped = yield from _add_text(job, part, number, dropped, carry, carry_page)
                    carry = ""
                if block["kind"] == "text":
                    if carry:  # the paragraph waiting for its end: this block goes on with it, or it ends there
                        goes_on = block.get("continues") or _continues(carry, texts[0], carry_page == index)
                        texts = [join_lines([carry, texts[0]])] if goes_on else [carry, texts[0]]
                    carry = "" if _SENTENCE_DONE.search(texts[-1]) else texts.pop()
                    carry_page = index
                for text in texts:
                    number, part, dropped = yield from _add_text(job, part, number, dropped, text, index,
                                                                 heading=block["kind"] == "heading")
                continue
            image_block = block["image"]
            data = image_block["image"]
            image_digest = digests.get(_box(image_block["bbox"])) or hashlib.sha256(data).hexdigest()
            reason = _decorative(image_block, image_digest in repeated, options.min_image_side)
            if reason is None and image_digest in seen:
                reason = "duplicate_in_document"
            stored = None
            if reason is None:
                stored, reason = normalise_image(data, image_block.get("ext", ""))
            if reason:
                dropped.append({"page": index + 1, "reason": reason})
                continue
            if part.full_after_image():
                number = yield from _emit(job, part, number, dropped)
                part, dropped = Part(options), []
            seen.add(image_digest)
            caption = captions.get(position)
            part.add_image(stored, None if caption is None else blocks[caption]["text"].replace("**", ""), index)
    number, part, dropped = yield from _add_text(job, part, number, dropped, carry, pages[-1])
    yield from _emit(job, part, number, dropped)


def _add_text(job: DocumentJob, part: Part, number: int, dropped: list[dict], text: str, page: int,
              heading: bool = False):
    """``text`` of page ``page`` (0-based) added to ``part`` as a paragraph (nothing for ""), in pieces within
    the budget, each part that fills emitted first; returns ``(number, part, dropped)`` as they are after.
    Every paragraph goes in here, a carried one too: added whole before a part's end, it ran over the
    budget by up to its length."""
    for piece in split_long_text(text, job.options.token_budget) if text else ():
        if part.full_after(piece, heading=heading):
            number = yield from _emit(job, part, number, dropped)
            part, dropped = Part(job.options), []
        part.add_text(piece, page)
    return number, part, dropped


def _continues(carry: str, text: str, same_page: bool = False) -> bool:
    """Whether ``text``, the next text block, goes on with ``carry``, a paragraph that ended without closing
    its sentence: it starts in lower case (or in a script without case), or the paragraph ended on a hyphen or
    a comma. A table of contents' lines ("1.3 Midnight Commander . . . 16") end without a full stop each and
    were joined into one paragraph over eighteen pages. A Thai or Lao paragraph ends with no mark at all
    (`_UNMARKED`), and the next starts with a letter that has no case: on the same page (``same_page``,
    where its layout sets them apart as blocks, and a column's foot is told by the block's ``continues``) a
    paragraph that ends in their letters, or a block that starts with them, is a paragraph's end; every
    paragraph of a Thai book was joined into the one before it, and one ending in a year or an English word
    ("ปี 2024", "ด้วย iPhone") still was."""
    first = text.lstrip()[:1]
    if same_page and (_UNMARKED.match(carry.rstrip()[-1:]) or _UNMARKED.match(first)):
        return False
    return (first.isalpha() and not first.isupper()) or carry.rstrip().endswith(("-", ","))


# a character of Thai or Lao, which close no sentence with a mark: a letter, a vowel sign or a tone mark
_UNMARKED = re.compile(r"[\u0e00-\u0eff]")


def _emit(job: DocumentJob, part: Part, number: int, dropped: list[dict]):
    if not part.segments:
        return number
    locator = job.part_locator(number + 1)
    meta = {"source": job.source, "uri": job.uri, "locator": locator,
            "pages": [min(part.pages) + 1, max(part.pages) + 1], "tokens": part.tokens, "dropped_images": dropped}
    yield Sample(key=make_key(KIND, job.digest, locator, str(part.budget)), kind=KIND, images=part.images,
                 segments=part.segments, meta=meta)
    return number + 1


def captions_of(blocks: list[dict]) -> dict[int, int]:
    """Each image block's caption on a page (``blocks`` in reading order): image position -> caption position.
    A caption ("Figure 2: ...", `_CAPTION`) is the text block right below an image or right above it, within
    `CAPTION_GAP`, each caption one image's and each image one caption's. A caption with an image on both sides
    (figures stacked close, their captions above them: "Figure 2" 8 points under the first figure) is the side
    the page's other captions are on, else the side clearly nearer (half the gap), else below (where figures'
    captions mostly are). Taken below-first alone, the first figure got the second's caption, the second kept it
    too, and the first's stood as text (UW-COSMOS/Cosmos #103)."""
    sides: dict[int, dict[str, tuple[int, float]]] = {}  # caption -> {"below"/"above": (image, gap)}
    for at, block in enumerate(blocks):
        if block["kind"] == "image" or not _CAPTION.match(block["text"]) or unreadable(block["text"]) \
                or block.get("stacked_math"):
            continue
        top, bottom = block["bbox"][1], block["bbox"][3]
        for side, n, gap in (("below", at - 1, lambda image: top - image[3]),
                             ("above", at + 1, lambda image: image[1] - bottom)):
            if 0 <= n < len(blocks) and blocks[n]["kind"] == "image" and -2 <= gap(blocks[n]["bbox"]) <= CAPTION_GAP:
                sides.setdefault(at, {})[side] = (n, gap(blocks[n]["bbox"]))
    votes = Counter(side for found in sides.values() if len(found) == 1 for side in found)
    usual = "above" if votes["above"] > votes["below"] else "below"
    claims: dict[int, dict[str, int]] = {}  # image -> {side its caption is on: the caption}
    for at, found in sides.items():
        if len(found) == 2:
            if votes["below"] != votes["above"]:
                side = usual
            else:
                side = "above" if found["above"][1] <= 0.5 * found["below"][1] else "below"
            found = {side: found[side]}
        [(side, (image, _))] = found.items()
        claims.setdefault(image, {})[side] = at
    # (an image between two captions keeps the one on the usual side)
    return {image: found.get(usual, next(iter(found.values()))) for image, found in claims.items()}


def _box(bbox) -> tuple[int, ...]:
    return tuple(round(v) for v in bbox)


def _repeated_images(doc, pages: range, threshold: int) -> set[str]:
    """Digests of images shown on ``threshold`` pages or more (logos, ornaments): a cheap pre-pass,
    PyMuPDF hashes the images without handing their bytes to Python."""
    if len(pages) < threshold:
        return set()
    seen: Counter = Counter()
    for index in pages:
        seen.update({info["digest"].hex() for info in _hashed_images(doc[index])})
    return {digest for digest, n in seen.items() if n >= threshold}


def _hashed_images(page) -> list[dict]:
    """``page.get_image_info(hashes=True)``, or ``[]`` where MuPDF cannot hash a picture of the page: an
    EPUB's SVG cover page (calibre's ``<svg><image xlink:href="cover.jpg"/></svg>``, width 100%) is a
    picture MuPDF cannot render to hash ("Illegal dimensions for pixmap -127 -127"), and that one error
    cost the whole book its interleaved parts. The pictures' own bytes are hashed instead."""
    import pymupdf

    try:
        return page.get_image_info(hashes=True)
    except (pymupdf.mupdf.FzErrorBase, RuntimeError):
        return []


def _decorative(block: dict, repeated: bool, min_side: int) -> str | None:
    if min(block.get("width", 0), block.get("height", 0)) < min_side:
        return "decorative:too_small"
    if repeated:
        return "decorative:repeated"
    return None
