"""Image-caption pairs to `caption` samples: img2dataset-style tables and WebDataset tars.

A table (Parquet, JSONL/JSON, CSV/TSV) has one pair per row: an image field holding a path (relative
to the table's folder, or to ``images_dir``) or an http(s) URL, and a caption field. JSON rows are
read one by one (`json_records`), so fields the pair does not use may change type from row to row.
A tar is read as WebDataset (`tar_samples`: members grouped by key wherever they lie, sizes checked
from the headers): the image member (jpg/png/webp, by its last extension) with a ``txt`` caption (or
``json`` with a caption field), as img2dataset writes them. Each row or tar sample gives one sample or
one reject; URLs go through the project's polite, SSRF-guarded fetcher.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import html.entities
import json
import posixpath
import re
import unicodedata
from typing import Any, Iterator

from shards.reject import Reject, error_reject
from shards.sample import Sample, make_key
from sources.common.files import FileTooLarge, read_bytes
from sources.common.images import ImageLimits, ImageRejected, normalised_bytes
from sources.common.mojibake import mentioned as mojibake_mentioned
from sources.common.mojibake import repaired as repaired_mojibake
from sources.common.paths import PathRefused, inside_root
from sources.common.tables import CAPTION_COLUMNS, IMAGE_COLUMNS
from sources.common.url_guard import UrlRefused
from sources.records.json_records import json_records
from sources.records.limits import RecordLimits
from sources.records.tar_samples import last_extension, whole_samples

KIND = "caption"
IMAGE_MEMBERS = ("jpg", "jpeg", "png", "webp")


@dataclasses.dataclass(frozen=True)
class CaptionOptions(RecordLimits):
    """image_column / caption_column: None finds the first of the usual names (url, image, caption, text...).
    images_dir: relative image paths are under this folder of the table's folder.
    fetch_urls: fetch http(s) images (robots.txt, SSRF guard, size cap as for web pages).
    min_caption_chars: shorter captions say too little to learn from.
    max_image_bytes, max_record_bytes, max_member_bytes, max_expanded_bytes: `RecordLimits`."""

    image_column: str | None = None
    caption_column: str | None = None
    images_dir: str = ""
    fetch_urls: bool = True
    allow_private: tuple[str, ...] = ()  # host[:port] of private addresses the fetcher may reach
    min_caption_chars: int = 5
    max_side: int = 1024
    min_side: int = 32

    def limits(self) -> ImageLimits:
        return ImageLimits(self.min_side, self.max_side, max_bytes=self.max_image_bytes)


def read_captions(data: bytes, uri: str, options: CaptionOptions = CaptionOptions(),
                  context=None) -> Iterator[Sample | Reject]:
    """A sample or a reject per pair in a caption table or WebDataset tar."""
    lower = uri.lower()
    if lower.endswith(".tar"):
        yield from _tar_pairs(data, uri, options)
        return
    if lower.endswith((".json", ".jsonl", ".ndjson")):
        yield from _json_pairs(data, uri, options)
        return
    from sources.common.tables import repeated_columns, text_rows

    try:
        names, rows = text_rows(data, lower)  # a CSV caption is text as written
    except Exception as exc:
        yield error_reject("captions", uri, "captions", exc)
        return
    columns = set(names)
    if not rows or _columns(columns, options) is None:
        yield _no_columns(uri, columns)
        return
    if repeated := repeated_columns(names, _columns(columns, options)):  # a row keeps one of them: which?
        yield Reject("captions", uri, "error:captions:repeated_column", detail=repeated)
        return
    for index, row in enumerate(rows):
        if isinstance(row, str):  # a row the CSV's header does not fit
            yield Reject("captions", uri, "error:captions:bad_row", detail=row, locator=f"row={index + 1}")
            continue
        yield _row_pair(row, uri, f"row={index + 1}", options)


def _json_pairs(data: bytes, uri: str, options: CaptionOptions) -> Iterator[Sample | Reject]:
    """Each JSON row read on its own: its own fields, its own problems."""
    produced = False
    for record in json_records(data, uri, options.max_record_bytes, rows=lambda obj: _columns(obj, options) is not None):
        produced = True
        locator = record.locator and record.locator.replace("record=", "row=").replace("line=", "row=")
        if record.problem:
            yield Reject("captions", uri, f"error:captions:{record.problem}", detail=record.detail, locator=locator)
        elif not isinstance(record.value, dict) or _columns(record.value, options) is None:
            yield Reject("captions", uri, "error:captions:no_columns", locator=locator,
                         detail=f"need an image field (one of {IMAGE_COLUMNS}) and a caption field "
                                f"(one of {CAPTION_COLUMNS}); found {_fields(record.value)}"[:300])
        else:
            yield _row_pair(record.value, uri, locator, options)
    if not produced:
        yield _no_columns(uri, set())


def _columns(fields, options: CaptionOptions) -> tuple[str, str] | None:
    image = options.image_column or next((c for c in IMAGE_COLUMNS if c in fields), None)
    caption = options.caption_column or next((c for c in CAPTION_COLUMNS if c in fields), None)
    return (image, caption) if image in fields and caption in fields else None


def _fields(value: Any) -> str:
    return str(sorted(value)) if isinstance(value, dict) else f"a JSON {type(value).__name__}, not an object"


def _no_columns(uri: str, columns) -> Reject:
    return Reject("captions", uri, "error:captions:no_columns",
                  detail=f"need an image column (one of {IMAGE_COLUMNS}) and a caption column "
                         f"(one of {CAPTION_COLUMNS}); found {sorted(columns)}")


def _row_pair(row: dict, uri: str, locator: str, options: CaptionOptions) -> Sample | Reject:
    image_col, caption_col = _columns(row, options)
    where = row.get(image_col)
    if isinstance(where, dict):  # Hugging Face's Image feature in Parquet: {"bytes": ..., "path": ...}
        embedded, where = where.get("bytes"), where.get("path")
        if isinstance(embedded, (bytes, bytearray)) and embedded:
            name = f"{image_col}:{where}" if isinstance(where, str) and where else f"{image_col}:embedded"
            return _pair(bytes(embedded), row.get(caption_col), uri, locator, name, options)
    if isinstance(where, (bytes, bytearray)) and where:  # a binary column: the image itself
        return _pair(bytes(where), row.get(caption_col), uri, locator, f"{image_col}:embedded", options)
    if not isinstance(where, str) or not where.strip():
        return Reject("captions", uri, "error:captions:no_image", locator=locator,
                      detail=f"{image_col} is {where!r}, not a path or URL"[:300])
    root = posixpath.dirname(uri)
    try:
        image = _fetch(where, options) if where.startswith(("http://", "https://")) else read_bytes(
            inside_root(root, posixpath.join(options.images_dir, where)), options.max_image_bytes)
    except PathRefused as exc:
        return Reject("captions", uri, exc.reason, detail=str(exc), locator=locator)
    except UrlRefused as exc:  # the SSRF guard said no (a private address, a URL parsers read differently)
        return Reject("captions", uri, f"filtered:{exc.reason}", detail=str(exc)[:300], locator=locator)
    except FileTooLarge as exc:
        return Reject("captions", uri, "error:image:too_large", detail=f"{where}: {exc}"[:300], locator=locator)
    except FileNotFoundError as exc:
        return Reject("captions", uri, "error:image:missing", detail=f"{where}: {exc}"[:300], locator=locator)
    except Exception as exc:
        return Reject("captions", uri, f"error:image:{getattr(exc, 'reason', type(exc).__name__)}",
                      detail=f"{where}: {exc}"[:300], locator=locator)
    return _pair(image, row.get(caption_col), uri, locator, where, options)


def _fetch(url: str, options: CaptionOptions) -> bytes:
    from sources.common.fetch import FetchPolicy, shared_fetcher

    if not options.fetch_urls:
        raise ValueError("fetch_urls is off")
    return shared_fetcher(FetchPolicy(allow_private=tuple(options.allow_private))).page(url).body


def _tar_pairs(data: bytes, uri: str, options: CaptionOptions) -> Iterator[Sample | Reject]:
    items = list(whole_samples(data, "captions", uri, options))
    if not items:
        yield Reject("captions", uri, "error:captions:no_records", detail="the tar holds no members")
    for item in items:
        if isinstance(item, Reject):
            yield item
            continue
        names = sorted(item.members)
        images = [ext for ext in names if last_extension(ext) in IMAGE_MEMBERS]
        texts = [ext for ext in names if last_extension(ext) == "txt"]
        jsons = [ext for ext in names if last_extension(ext) == "json"]
        if len(images) != 1 or len(texts) > 1 or (not texts and len(jsons) > 1):
            what = "no_image" if not images else "ambiguous_members"
            yield Reject("captions", uri, f"error:captions:{what}", locator=item.locator,
                         detail=f"members {names}: a pair has one image (jpg/png/webp) and one caption (txt or json)")
            continue
        try:
            caption = _tar_caption(item, texts, jsons)
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError and JSONDecodeError included
            yield Reject("captions", uri, "error:captions:bad_caption", detail=str(exc)[:300], locator=item.locator)
            continue
        if caption is None:
            yield Reject("captions", uri, "error:captions:no_caption", locator=item.locator,
                         detail=f"members {names}: no txt member and no caption field in a json member")
            continue
        if (other := _json_caption(item, texts, jsons)) is not None:
            # img2dataset writes the caption twice, to the txt and to the json's "caption": the two are one text
            # (its spacing and character references aside). Two texts are two captions, and either may be stale
            yield Reject("captions", uri, "filtered:captions_disagree", locator=item.locator,
                         detail=f"the txt member says {caption[:120]!r} and the json member's caption "
                                f"{other[:120]!r}: a pair has one caption")
            continue
        yield _pair(item.members[images[0]], caption, uri, item.locator, f"{item.key}.{images[0]}", options)


def _tar_caption(item, texts: list[str], jsons: list[str]) -> str | None:
    """The txt member (UTF-8, as webdataset decodes it: never guessed, so never garbled; a byte-order mark
    Windows editors put first is none of the caption), or a json member's caption field. The txt is the caption
    and the json the metadata, as LAION's dataset spec and img2dataset write a sample (`_json_caption`)."""
    if texts:
        return item.members[texts[0]].decode("utf-8-sig")
    if jsons:
        value = json.loads(item.members[jsons[0]].decode("utf-8-sig"))
        caption = value.get("caption") if isinstance(value, dict) else None
        return caption if isinstance(caption, str) else None
    return None


def _json_caption(item, texts: list[str], jsons: list[str]) -> str | None:
    """The caption field of the json member beside a txt member, where it says another text than the txt
    (compared as `_pair` writes them: spacing and character references aside, and as Unicode's canonical forms,
    NFC, so a "é" written as "e" and its accent is the same letter); None where it agrees, where
    there is no json member or no caption field in it, or where the json is no object (its metadata, unread)."""
    if not texts or not jsons:
        return None
    try:
        value = json.loads(item.members[jsons[0]].decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return None  # metadata only: the caption is the txt's
    caption = value.get("caption") if isinstance(value, dict) else None
    if not isinstance(caption, str):
        return None

    def said(text: str) -> str:
        return unicodedata.normalize("NFC", " ".join(_unescaped(text).split()))

    return None if said(caption) == said(item.members[texts[0]].decode("utf-8-sig")) else caption


# an HTML character reference ended by its semicolon (``&amp;``, ``&#39;``, ``&#x2019;``); without one
# (``AT&T``, ``Q&A``, ``&copy 2020``) it is text
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _unescaped(caption: str) -> str:
    """``caption`` with the HTML character references alt text and titles keep when scraped from a page's source
    (``Tom &amp; Jerry``, ``Rock &#39;n&#39; roll``) written as the characters they stand for, as the page shows
    them; twice escaped (``&amp;amp;``, as common crawls hold them) undone too."""
    for _ in range(3):
        if "&" not in caption or not _REFERENCE.search(caption):
            break
        caption = _REFERENCE.sub(_character, caption)
    return caption


def _character(reference: re.Match) -> str:
    """The character a reference stands for; the reference as written where it stands for none a page shows
    (``&#0;``, a surrogate, a control character: html.unescape gives U+FFFD or the control)."""
    written = reference.group()
    # a name no entity has in full (``&notes;``): html.unescape reads a legacy one at its start ("&not" + "es;"), as a
    # browser does in text but not in an attribute, where alt text and titles stand
    if not written.startswith("&#") and written[1:] not in html.entities.html5:
        return written
    text = html.unescape(written)
    # format characters (``&rlm;``, ``&zwnj;``, ``&shy;``) are not printable but are text: marks of direction and
    # joining in Arabic, Hebrew, Persian, a word's break points
    shown = bool(text) and "\ufffd" not in text and all(
        ch.isprintable() or ch.isspace() or unicodedata.category(ch) == "Cf"
        for ch in text)
    return text if shown else reference.group()


# what alt text says where nobody described the image: its file name (``IMG_1234.JPG``, ``photo-3.png``), a
# camera's frame name (``DSC_0012``, ``P1010023``), a link's label or a gallery's stand-in
_FILE_NAME = re.compile(r"[\w\-.()~%+]+(?: [\w\-.()~%+]+){0,5}\.(?:jpe?g|png|gif|webp|bmp|tiff?|heic|heif|avif|svg)",
                        re.IGNORECASE)
# (four digits at least: "P-51", "SAM-7" and "Sam 2" are an aircraft, a missile, a name; Panasonic's P takes seven)
_FRAME_NAME = re.compile(r"(?:(?:IMG|DSC|DSCN|DSCF|DSCI|DCIM|PICT|GOPR|GOPRO|PXL|MVIMG|SAM|CIMG|IMAG)[_\- ]?\d{4}"
                         r"|P\d{7})[\d_\-]*", re.IGNORECASE)
_STAND_INS = frozenset({"click to enlarge", "click here to enlarge", "click to zoom", "click for larger image",
                        "click image to enlarge", "click to view larger image", "view larger image", "enlarge image",
                        "enlarge", "untitled", "untitled image", "no image", "no image available", "image not found",
                        "image unavailable", "photo unavailable", "no photo available", "image coming soon",
                        "thumbnail", "placeholder", "placeholder image", "no description available", "image",
                        "photo", "picture", "img", "logo", "icon", "banner", "spacer", "loading", "loading..."})


def _placeholder(caption: str) -> bool:
    """Whether ``caption`` is a stand-in for a description (`_STAND_INS`), or the image's file or frame name."""
    plain = caption.strip().strip(".:!|-").strip().lower()
    return plain in _STAND_INS or bool(_FILE_NAME.fullmatch(caption.strip()) or _FRAME_NAME.fullmatch(caption.strip()))


def _pair(image: bytes, caption, uri: str, locator: str, where: str, options: CaptionOptions) -> Sample | Reject:
    if isinstance(caption, (int, float)) and not isinstance(caption, bool):
        caption = str(caption)  # a caption that is a number ("1984") is that number's text
    if caption is not None and not isinstance(caption, str):
        return Reject("captions", uri, "error:captions:bad_caption", locator=locator,
                      detail=f"the caption is a {type(caption).__name__}, not text")
    caption = " ".join(_unescaped(caption or "").split())
    # a caption about mis-decoded characters ('the sign shows "Ã©" for "é"') is written as it is
    kept = mojibake_mentioned([caption])
    caption, fixed = (caption, False) if kept else repaired_mojibake(caption)
    if fixed is None:
        return Reject("captions", uri, "filtered:mojibake", detail=f"garbled past repair: {caption!r}"[:300],
                      locator=locator)
    if len(caption) < options.min_caption_chars:
        return Reject("captions", uri, "filtered:caption_too_short", detail=repr(caption), locator=locator)
    if _placeholder(caption):
        return Reject("captions", uri, "filtered:placeholder_caption", locator=locator,
                      detail=f"{caption!r} names the file or a link, not what the image shows"[:300])
    try:
        stored, decoded = normalised_bytes(image, options.limits())
    except ImageRejected as exc:
        return Reject("captions", uri, exc.reason, detail=f"{where}: {exc}"[:300], locator=locator)
    key = make_key(KIND, hashlib.sha256(image).hexdigest(), caption)
    meta = {"source": "captions", "uri": uri, "locator": locator, "image": where, "width": decoded.size[0],
            "height": decoded.size[1]}
    return Sample(key, KIND, images=[stored], text=caption, meta={**meta, "mojibake_kept": kept} if kept else meta)
