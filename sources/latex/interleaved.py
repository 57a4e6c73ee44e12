"""A compiled LaTeX paper as `interleaved` parts: its blocks in page order, each figure's image (the file
``\\includegraphics`` names in the project) in place with its caption; a paragraph cut by a page break is
joined again. Parts are cut to the token budget as documents' are (`sources.common.interleaved`), and at
each page the page check refuses (`sources.latex.read.page_refusal`): such a page's text is not written (it
lacked what the page shows), each part's ``meta["pages_left_out"]`` names those pages with their reasons, and
a paper left with no part at all is one reject that names them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from shards.reject import Reject
from shards.sample import Sample, make_key
from sources.common.interleaved import KIND, Part, normalise_image, split_long_text

_GRAPHICS = re.compile(r"\\includegraphics\s*(?:\[[^\]]*\])?\s*\{([^}]+)\}")
_IMAGE_SUFFIXES = ("", ".png", ".jpg", ".jpeg", ".pdf")


def interleaved_parts(paper, uri: str, options) -> Iterator[Sample | Reject]:
    """Yield the paper's interleaved parts (``paper``: `sources.latex.read.Paper`), or one reject when the
    page check refused every page that had text."""
    from sources.latex.agreement import layer_words
    from sources.latex.read import SOURCE, page_refusal

    refused = {}  # page -> reason; a blank page (no block, no words) is no page left out
    for page in range(1, len(paper.texts) + 1):
        found = page_refusal(paper, page, options.min_page_agreement)
        if found is not None and (found[0] != "filtered:no_blocks" or layer_words(paper.texts[page - 1])):
            refused[page] = found
    left_out = [{"page": page, "reason": reason} for page, (reason, _) in sorted(refused.items())]
    part, number, dropped = Part(options), 0, []
    for page, kind, text, image in _entries(paper, set(refused)):
        if kind == _CUT:  # nothing of a refused page: the part ends before it
            number = yield from _emit(paper, uri, part, number, dropped, left_out)
            part, dropped = Part(options), []
            continue
        if image is not None:
            stored, reason = _figure(paper.folder, image)
            if reason:
                dropped.append({"page": page, "reason": reason})
            else:
                if part.full_after_image():
                    number = yield from _emit(paper, uri, part, number, dropped, left_out)
                    part, dropped = Part(options), []
                part.add_image(stored, text or None, page - 1)
                continue
            if not text:
                continue
        for piece in split_long_text(text, options.token_budget):
            if part.full_after(piece, heading=kind == "heading"):
                number = yield from _emit(paper, uri, part, number, dropped, left_out)
                part, dropped = Part(options), []
            part.add_text(piece, page - 1)
    number = yield from _emit(paper, uri, part, number, dropped, left_out)
    if number == 0 and refused:
        yield Reject(SOURCE, uri, "filtered:interleaved_pages_refused", locator="interleaved",
                     detail="no part left: the page check refused " + "; ".join(
                         f"page {page} ({reason}: {detail})" for page, (reason, detail) in sorted(refused.items())))


_CUT = "cut"  # an entry that stands for a refused page


def _entries(paper, refused: set[int]) -> list[tuple[int, str, str, str | None]]:
    """(page, block kind, markdown, figure file or None) in reading order, split paragraphs joined; a page in
    ``refused`` is one `_CUT` entry."""
    entries: list[tuple[int, str, str, str | None]] = []
    last_index = None
    for page in sorted(set(paper.pages) | refused):
        if page in refused:
            if not entries or entries[-1][1] != _CUT:
                entries.append((page, _CUT, "", None))
            last_index = None  # a paragraph's rest after the refused page is no part of the text before it
            continue
        for piece, markdown in paper.pages[page]:
            if not markdown.strip():
                continue
            figure = _GRAPHICS.search(piece.text) if piece.block.env == "figure" else None
            if piece.index == last_index and entries and figure is None:  # the rest of a paragraph
                first_page, kind, text, _ = entries[-1]
                entries[-1] = (first_page, kind, f"{text} {markdown}", None)
            else:
                entries.append((page, piece.block.kind, markdown, figure.group(1) if figure else None))
            last_index = piece.index
    return entries


def _figure(folder: Path, name: str) -> tuple[bytes | None, str | None]:
    """The figure file as normalised image bytes (a PDF figure rendered), or why not."""
    if name.startswith("/") or ".." in Path(name).parts:
        return None, "outside_project"
    path = next((folder / (name + s) for s in _IMAGE_SUFFIXES if (folder / (name + s)).is_file()), None)
    if path is None:
        return None, "missing"
    data = path.read_bytes()
    if path.suffix.lower() == ".pdf":
        try:
            import pymupdf

            with pymupdf.open(stream=data, filetype="pdf") as doc:
                data = doc[0].get_pixmap(dpi=144, alpha=False).tobytes("png")
        except Exception:
            return None, "unreadable:pdf"
    return normalise_image(data, path.suffix.lstrip("."))


def _emit(paper, uri: str, part: Part, number: int, dropped: list[dict], left_out: list[dict]):
    if not part.segments:
        return number
    locator = f"part={number + 1}"
    meta = {"source": "latex", "uri": uri, "locator": locator, "main": paper.main,
            "pages": [min(part.pages) + 1, max(part.pages) + 1], "tokens": part.tokens, "dropped_images": dropped,
            "pages_left_out": left_out}
    yield Sample(key=make_key(KIND, paper.digest, locator, str(part.budget)), kind=KIND, images=part.images,
                 segments=part.segments, meta=meta)
    return number + 1
