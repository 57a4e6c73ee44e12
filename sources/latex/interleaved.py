"""A compiled LaTeX paper as `interleaved` parts: its blocks in page order, each figure's images (the files
pdfTeX typeset for its ``\\includegraphics``: `sources.latex.graphics`) in place, the caption with the last;
a paragraph cut by a page break is joined again. Parts are cut to the token budget as documents' are
(`sources.common.interleaved`), and at each page the page check refuses (`sources.latex.read.page_refusal`):
such a page's text is not written (it lacked what the page shows), each part's ``meta["pages_left_out"]``
names those pages with their reasons, and a paper left with no part at all is one reject that names them."""

from __future__ import annotations

from typing import Iterator

from shards.reject import Reject
from shards.sample import Sample, make_key
from sources.common.interleaved import KIND, Part, normalise_image, split_long_text
from sources.latex.graphics import GRAPHICS, typeset_file


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
    for page, kind, text, images in _entries(paper, set(refused)):
        if kind == _CUT:  # nothing of a refused page: the part ends before it
            number = yield from _emit(paper, uri, part, number, dropped, left_out)
            part, dropped = Part(options), []
            continue
        if images:  # each image the figure typesets (a second \includegraphics was dropped unrecorded)
            stored = []
            for name in images:
                data, reason = _figure(paper, name)
                if reason:
                    dropped.append({"page": page, "reason": reason})
                else:
                    stored.append(data)
            for at, data in enumerate(stored):
                if part.full_after_image():
                    number = yield from _emit(paper, uri, part, number, dropped, left_out)
                    part, dropped = Part(options), []
                part.add_image(data, (text or None) if at == len(stored) - 1 else None, page - 1)
            if stored or not text:
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


def _entries(paper, refused: set[int]) -> list[tuple[int, str, str, list[str]]]:
    """(page, block kind, markdown, the figure's \\includegraphics names) in reading order, split paragraphs
    joined; a page in ``refused`` is one `_CUT` entry."""
    entries: list[tuple[int, str, str, list[str]]] = []
    last_index = None
    for page in sorted(set(paper.pages) | refused):
        if page in refused:
            if not entries or entries[-1][1] != _CUT:
                entries.append((page, _CUT, "", []))
            last_index = None  # a paragraph's rest after the refused page is no part of the text before it
            continue
        for piece, markdown in paper.pages[page]:
            if not markdown.strip():
                continue
            figures = GRAPHICS.findall(piece.text) if piece.block.env == "figure" else []
            if piece.index == last_index and entries and not figures:  # the rest of a paragraph
                first_page, kind, text, _ = entries[-1]
                entries[-1] = (first_page, kind, f"{text} {markdown}", [])
            else:
                entries.append((page, piece.block.kind, markdown, figures))
            last_index = piece.index
    return entries


def _figure(paper, name: str) -> tuple[bytes | None, str | None]:
    """The file pdfTeX typeset for ``\\includegraphics{name}`` as normalised image bytes (a PDF figure
    rendered), or why not."""
    path, why = typeset_file(paper.folder, list(paper.inputs), name)
    if path is None:
        return None, why
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
