"""Labelled scene-text datasets to `scene_ocr` samples: the labels are the target.

Formats:
- ICDAR-style per-image ``.txt`` (ICDAR 2015, MLT, ArT, RCTW, ReCTS): one line per
  text region, ``x1,y1,...,x4,y4,[script,|difficult,]transcript`` (Total-Text and CTW1500:
  more points, CTW1500's transcript after ``####``); ``###`` marks illegible text. The image is
  the label file's name without ``gt_``, any image extension.
- COCO-Text and TextOCR JSON: ``imgs``, ``anns`` (``bbox`` or ``points``, ``utf8_string``;
  COCO-Text ``legibility``, TextOCR ``.`` for illegible).

Images must lie inside the dataset ``root``; a label pointing elsewhere is rejected.
With ``cross_check`` the OCR engine reads the image too and ``meta["agreement"]``
says how far it agrees with the labels (1 - character error rate).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import posixpath
import re
from typing import Iterator

import numpy as np
from apache_beam.io.filesystems import FileSystems

from shards.reject import ReasonError, Reject, error_reject
from shards.sample import Sample, make_key
from sources.common.files import note_read, read_bytes
from sources.common.images import IMAGE_EXTENSIONS, ImageLimits, ImageRejected, normalised_bytes
from sources.common.ocr import OcrLine, character_error_rate, dominant_script, reading_order
from sources.common.paths import PathRefused, inside_root

KIND = "scene_ocr"
ILLEGIBLE = {"###", "."}
_MLT_SCRIPTS = "Latin|Arabic|Chinese|Japanese|Korean|Bangla|Hindi|Symbols|Mixed|None"
_MLT = re.compile(rf"^({_MLT_SCRIPTS}),(.*)$", re.S)
_RCTW = re.compile(r'^[01],"(.*)"$', re.S)


@dataclasses.dataclass(frozen=True)
class LabelOptions:
    """root: the dataset root that images must lie in (default: the label file's folder).
    images_dir: where images are, relative to ``root``.
    cross_check: also run the OCR engine and record its agreement with the labels."""

    root: str = ""
    images_dir: str = ""
    cross_check: bool = False
    min_side: int = 8
    max_side: int = 4096
    max_pixels: int = 80_000_000


class LabelError(ReasonError):
    """A label file that cannot be used; ``reason`` is the reject reason code."""


def read_icdar(data: bytes, uri: str, options: LabelOptions = LabelOptions(), context=None):
    """One sample for an ICDAR-style label file and the image it names."""
    try:
        regions = parse_icdar(data)
        root = options.root or posixpath.dirname(uri)
        stem = posixpath.basename(uri).rsplit(".", 1)[0]
        image_uri = find_image(root, options.images_dir, stem.removeprefix("gt_"))
    except (LabelError, PathRefused) as exc:
        yield Reject("icdar", uri, exc.reason, detail=str(exc))
        return
    yield from _labelled_sample("icdar", uri, "image", image_uri, regions, options, context)


def read_coco_text(data: bytes, uri: str, options: LabelOptions = LabelOptions(), context=None):
    """One sample per image of a COCO-Text or TextOCR annotation file."""
    try:
        doc = json.loads(data)
        images, anns = doc["imgs"], doc["anns"]
    except (ValueError, KeyError, TypeError) as exc:
        yield Reject("coco_text", uri, "error:label:malformed", detail=f"not COCO-Text/TextOCR JSON: {exc}")
        return
    per_image: dict[str, list] = {str(i): [] for i in images}
    for ann in anns.values():
        per_image.setdefault(str(ann.get("image_id")), []).append(ann)
    root = options.root or posixpath.dirname(uri)
    for image_id in sorted(set(per_image) - {str(i) for i in images}):  # annotations of no listed image
        yield Reject("coco_text", uri, "error:label:unknown_image", locator=f"image={image_id}",
                     detail=f"{len(per_image[image_id])} annotations name image {image_id}, which 'imgs' does not list")
    for image_id, info in sorted(images.items()):
        locator = f"image={image_id}"
        try:
            regions = [_coco_region(a) for a in per_image[str(image_id)]]
            image_uri = inside_root(root, posixpath.join(options.images_dir, info["file_name"]))
        except (LabelError, PathRefused) as exc:
            yield Reject("coco_text", uri, exc.reason, detail=str(exc), locator=locator)
            continue
        except (KeyError, TypeError, ValueError) as exc:
            yield Reject("coco_text", uri, "error:label:malformed", detail=repr(exc), locator=locator)
            continue
        yield from _labelled_sample("coco_text", uri, locator, image_uri, regions, options, context)


def parse_icdar(data: bytes) -> list[tuple[str, list[list[float]]]]:
    """(transcript, polygon) per line: four points, or more in a curved-text dataset's labels; transcripts of
    illegible regions are ``###``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LabelError("error:label:malformed", f"not UTF-8: {exc}") from exc
    regions = []
    # lines end at "\n" only: a transcript may hold U+2028 or U+0085, which str.splitlines cuts at
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        parts = line.strip().split(",")
        try:
            coords = [float(v) for v in parts[:8]]
        except ValueError:
            coords = []
        if len(coords) != 8 or len(parts) < 9:
            raise LabelError("error:label:malformed", f"line {number}: want x1,y1,...,x4,y4,text: {line[:80]!r}")
        count = _coordinate_count(parts)
        coords += [float(v) for v in parts[8:count]]
        rest = ",".join(parts[count:])
        if parts[1].startswith(" "):  # "10, 10, ..., TEXT": the space is the separator's, not the transcript's
            rest = rest.lstrip(" ")
        match = _MLT.match(rest) or _RCTW.match(rest)
        transcript = match.groups()[-1] if match else rest.strip('"')
        if parts[1].startswith(" "):
            transcript = transcript.lstrip(" ")
        # CTW1500's own format (its e2e labels, and what its evaluation reads) puts "####" between the points
        # and the transcript: "...,10,40,####HELLO" is HELLO, and "####" + "###" illegible text
        transcript = transcript.removeprefix("####")
        regions.append((transcript, [coords[i:i + 2] for i in range(0, count, 2)]))
    if not regions:
        raise LabelError("filtered:no_text", "the label file has no regions")
    return regions


# a coordinate as polygon writers print one: no leading zeros, so a transcript's "1,000,000" is never read as
# two more coordinates
_COORDINATE = re.compile(r" *-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)? *")


def _coordinate_count(parts: list[str]) -> int:
    """How many of a line's leading fields are its polygon's coordinates: Total-Text, CTW1500 and ArT
    converted to this form write more than four points (``x1,y1,...,xn,yn,text``); read as a quad, the rest
    of the points became the transcript ("60,42,10,40,CURVED"). The longest even run of numbers, at least
    eight, that leaves a transcript; a number alone after eight coordinates ("...,2019") is the transcript."""
    run = 8
    while run < len(parts) and _COORDINATE.fullmatch(parts[run]):
        run += 1
    return next((count for count in range(run - run % 2, 8, -2) if ",".join(parts[count:]).strip()), 8)


def _coco_region(ann: dict) -> tuple[str, list[list[float]]]:
    text = ann.get("utf8_string", "")
    if ann.get("legibility") == "illegible":
        text = "###"
    if ann.get("points"):
        pts = [float(v) for v in ann["points"]]
        box = [pts[i:i + 2] for i in range(0, len(pts) - 1, 2)]
    else:
        x, y, w, h = (float(v) for v in ann["bbox"])
        box = [[x, y], [x + w, y], [x + w, y + h], [x, y + h]]
    return text, box




def find_image(root: str, images_dir: str, stem: str) -> str:
    for ext in IMAGE_EXTENSIONS + tuple(e.upper() for e in IMAGE_EXTENSIONS):
        candidate = inside_root(root, posixpath.join(images_dir, stem + ext))
        note_read(candidate)  # one that appears later, ahead of the one found, is a change
        if FileSystems.exists(candidate):
            return candidate
    raise LabelError("error:label:image_missing", f"no image named {stem}.* in {posixpath.join(root, images_dir)}")


def _labelled_sample(source: str, uri: str, locator: str, image_uri: str, regions, options: LabelOptions,
                     context) -> Iterator[Sample | Reject]:
    try:
        data = read_bytes(image_uri)
        limits = ImageLimits(options.min_side, options.max_side, options.max_pixels)
        stored, image = normalised_bytes(data, limits, exif=False)  # labels index the stored pixels
    except ImageRejected as exc:
        yield Reject(source, uri, exc.reason, detail=f"{image_uri}: {exc}", locator=locator)
        return
    except Exception as exc:
        yield error_reject(source, uri, "read_image", exc, locator=locator)
        return
    legible = [(text, box) for text, box in regions if text not in ILLEGIBLE and text.strip()]
    labels_digest = hashlib.sha256(json.dumps(regions).encode()).hexdigest()
    key = make_key(KIND, hashlib.sha256(data).hexdigest(), labels_digest)
    if not legible:
        yield Reject(source, uri, "filtered:no_text", detail="every region is illegible", locator=locator, key=key)
        return
    scale = image.size[0] / _stored_width(data)  # boxes follow the image if it was scaled down
    ordered = reading_order([OcrLine(t, 1.0, _quad(box)) for t, box in legible])
    text = "\n".join(line.text for line in ordered)
    meta = {"source": source, "uri": uri, "locator": locator, "image_uri": image_uri,
            "image_size": list(image.size), "text_source": "labels", "script": dominant_script(text),
            "lines": [{"text": t, "box": [[round(x * scale, 1), round(y * scale, 1)] for x, y in box],
                       "legible": t not in ILLEGIBLE and bool(t.strip())} for t, box in regions]}
    if options.cross_check:
        engine = context.ocr_engine()
        read = "\n".join(line.text for line in engine.read(np.asarray(image)))
        meta["agreement"] = round(max(0.0, 1.0 - character_error_rate(text, read)), 4)
        meta["ocr_engine"] = engine.name
    yield Sample(key=key, kind=KIND, images=[stored], text=text, meta=meta)


def _quad(polygon: list[list[float]]) -> list[list[float]]:
    """The quad that reading order measures a line by: a polygon of more points (curved text) by its
    bounding box, as its first four points lie along its top edge only."""
    if len(polygon) == 4:
        return polygon
    xs, ys = [x for x, _ in polygon], [y for _, y in polygon]
    return [[min(xs), min(ys)], [max(xs), min(ys)], [max(xs), max(ys)], [min(xs), max(ys)]]


def _stored_width(data: bytes) -> int:
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:  # reads the header only
        return im.size[0]
