"""Image-caption pairs to `caption` samples: img2dataset-style tables and WebDataset tars.

A table (Parquet, JSONL, CSV/TSV) has one pair per row: an image column holding a path (relative
to the table's folder, or to ``images_dir``) or an http(s) URL, and a caption column. A tar is
read as WebDataset: members grouped by key, the image member (jpg/png/webp) with a ``txt`` caption
(or ``json`` with a caption field), as img2dataset writes them. Each row or tar sample gives one
sample or one reject; URLs go through the project's polite, SSRF-guarded fetcher.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import posixpath
import tarfile
from typing import Iterator

from shards.reject import Reject, error_reject
from shards.sample import Sample, make_key
from sources.common.files import read_bytes
from sources.common.tables import CAPTION_COLUMNS, IMAGE_COLUMNS
from sources.common.images import ImageLimits, ImageRejected, normalised_bytes
from sources.common.paths import PathRefused, inside_root
from sources.common.url_guard import UrlRefused

KIND = "caption"
IMAGE_MEMBERS = ("jpg", "jpeg", "png", "webp")


@dataclasses.dataclass(frozen=True)
class CaptionOptions:
    """image_column / caption_column: None finds the first of the usual names (url, image, caption, text...).
    images_dir: relative image paths are under this folder of the table's folder.
    fetch_urls: fetch http(s) images (robots.txt, SSRF guard, size cap as for web pages).
    min_caption_chars: shorter captions say too little to learn from."""

    image_column: str | None = None
    caption_column: str | None = None
    images_dir: str = ""
    fetch_urls: bool = True
    allow_private: tuple[str, ...] = ()  # host[:port] of private addresses the fetcher may reach
    min_caption_chars: int = 5
    max_side: int = 1024
    min_side: int = 32


def read_captions(data: bytes, uri: str, options: CaptionOptions = CaptionOptions(),
                  context=None) -> Iterator[Sample | Reject]:
    """A sample or a reject per pair in a caption table or WebDataset tar."""
    if uri.lower().endswith(".tar"):
        yield from _tar_pairs(data, uri, options)
        return
    from sources.common.tables import read_arrow

    try:
        rows = read_arrow(data, uri.lower()).to_pylist()
    except Exception as exc:
        yield error_reject("captions", uri, "captions", exc)
        return
    columns = set(rows[0]) if rows else set()
    image_col = options.image_column or next((c for c in IMAGE_COLUMNS if c in columns), None)
    caption_col = options.caption_column or next((c for c in CAPTION_COLUMNS if c in columns), None)
    if not rows or image_col not in columns or caption_col not in columns:
        yield Reject("captions", uri, "error:captions:no_columns",
                     detail=f"need an image column (one of {IMAGE_COLUMNS}) and a caption column "
                            f"(one of {CAPTION_COLUMNS}); found {sorted(columns)}")
        return
    root = posixpath.dirname(uri)
    for index, row in enumerate(rows):
        locator = f"row={index + 1}"
        where = str(row.get(image_col) or "")
        try:
            image = _fetch(where, options) if where.startswith(("http://", "https://")) else read_bytes(
                inside_root(root, posixpath.join(options.images_dir, where)))
        except PathRefused as exc:
            yield Reject("captions", uri, exc.reason, detail=str(exc), locator=locator)
            continue
        except UrlRefused as exc:  # the SSRF guard said no (a private address, a URL parsers read differently)
            yield Reject("captions", uri, f"filtered:{exc.reason}", detail=str(exc)[:300], locator=locator)
            continue
        except FileNotFoundError as exc:
            yield Reject("captions", uri, "error:image:missing", detail=f"{where}: {exc}"[:300], locator=locator)
            continue
        except Exception as exc:
            yield Reject("captions", uri, f"error:image:{getattr(exc, 'reason', type(exc).__name__)}",
                         detail=f"{where}: {exc}"[:300], locator=locator)
            continue
        yield _pair(image, row.get(caption_col), uri, locator, where, options)


def _fetch(url: str, options: CaptionOptions) -> bytes:
    from sources.common.fetch import FetchPolicy, shared_fetcher

    if not options.fetch_urls:
        raise ValueError("fetch_urls is off")
    return shared_fetcher(FetchPolicy(allow_private=tuple(options.allow_private))).page(url).body


def _tar_pairs(data: bytes, uri: str, options: CaptionOptions) -> Iterator[Sample | Reject]:
    from webdataset.tariterators import group_by_keys, tar_file_iterator

    try:
        files = ({**member, "__url__": uri} for member in tar_file_iterator(io.BytesIO(data)))
        for members in group_by_keys(files):
            locator = f"key={members['__key__']}"
            image = next((members[e] for e in IMAGE_MEMBERS if e in members), None)
            caption = members.get("txt", b"").decode("utf-8", "replace") or None
            if caption is None and "json" in members:
                caption = json.loads(members["json"]).get("caption")
            if image is None:
                yield Reject("captions", uri, "error:captions:no_image", detail="no jpg/png/webp member",
                             locator=locator)
                continue
            yield _pair(image, caption, uri, locator, members["__key__"], options)
    except (tarfile.TarError, ValueError, OSError, KeyError) as exc:
        yield error_reject("captions", uri, "captions", exc, locator="remainder")


def _pair(image: bytes, caption, uri: str, locator: str, where: str, options: CaptionOptions) -> Sample | Reject:
    caption = " ".join(str(caption or "").split())
    if len(caption) < options.min_caption_chars:
        return Reject("captions", uri, "filtered:caption_too_short", detail=repr(caption), locator=locator)
    try:
        stored, decoded = normalised_bytes(image, ImageLimits(options.min_side, options.max_side))
    except ImageRejected as exc:
        return Reject("captions", uri, exc.reason, detail=f"{where}: {exc}"[:300], locator=locator)
    key = make_key(KIND, hashlib.sha256(image).hexdigest(), caption)
    return Sample(key, KIND, images=[stored], text=caption,
                  meta={"source": "captions", "uri": uri, "locator": locator, "image": where,
                        "width": decoded.size[0], "height": decoded.size[1]})
