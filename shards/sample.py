"""The `Sample`: the one record that flows from a source to a shard.

It is the contract between the pipeline and the trainer (DESIGN.md, "The sample").
In a shard a sample is ``KEY.json`` (everything but the image bytes) plus one member
per image, ``KEY.0.png``, ``KEY.1.jpg``, ... in order.

Samples are immutable, as Beam requires of elements: a step that changes one builds a copy
(`Sample.with_meta`, ``dataclasses.replace``); assigning a field or an item of ``meta`` raises.
``meta`` keys that start with ``_`` are stage-private (passed from one pipeline step to a later
one, e.g. ``_image_hashes``) and are never written to a shard.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from typing import Any

KINDS = ("caption", "interleaved", "doc_ocr", "chart", "web_code", "scene_ocr", "sft", "text")

# WebDataset splits a member name at its first dot: a key must not contain one.
_KEY_RE = re.compile(r"^[0-9A-Za-z_-]{1,128}$")
_IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"), (b"RIFF", "webp"))


def make_key(*parts: str | bytes) -> str:
    """A stable id from the parts that identify a sample (same parts, same key, on any runner)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:24]


def image_extension(data: bytes) -> str:
    """The file extension of encoded image bytes, from their magic number."""
    for magic, ext in _IMAGE_MAGIC:
        if data.startswith(magic):
            if ext == "webp" and data[8:12] != b"WEBP":
                break
            return ext
    raise ValueError("image bytes are not PNG, JPEG or WebP")


class Meta(dict):
    """A sample's ``meta``: a dict (JSON and pickle see one) that refuses changes in place."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("a sample's meta is immutable: build a copy with Sample.with_meta(...)")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self):
        return Meta, (dict(self),)


@dataclasses.dataclass(frozen=True)
class Sample:
    """One training sample.

    key: stable, content-derived id, safe as a WebDataset ``__key__``.
    kind: one of KINDS; shards are grouped by it.
    images: encoded images (PNG/JPEG/WebP bytes), RGB, bounded size.
    text / segments / conversation: the target, by kind (caption or OCR text or markdown;
      interleaved text and ``{"image": i}`` references; user/assistant turns).
    meta: provenance (source, uri, locator), scores, taxonomy, boxes.
    """

    key: str
    kind: str
    images: list[bytes] = dataclasses.field(default_factory=list)
    text: str | None = None
    segments: list[dict[str, Any]] | None = None
    conversation: list[dict[str, Any]] | None = None
    meta: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _KEY_RE.match(self.key):
            raise ValueError(f"sample key {self.key!r} must be 1-128 of [0-9A-Za-z_-]")
        if self.kind not in KINDS:
            raise ValueError(f"sample kind {self.kind!r} is not one of {KINDS}")
        if not isinstance(self.meta, Meta):
            object.__setattr__(self, "meta", Meta(self.meta))

    def with_meta(self, **updates: Any) -> "Sample":
        """A copy with ``updates`` laid over ``meta``."""
        return dataclasses.replace(self, meta={**self.meta, **updates})

    @property
    def source(self) -> str:
        return self.meta.get("source", "")

    @property
    def uri(self) -> str:
        return self.meta.get("uri", "")

    def to_wds(self) -> dict[str, Any]:
        """The WebDataset members of this sample: ``__key__``, ``json`` and one per image."""
        names = [f"{i}.{image_extension(img)}" for i, img in enumerate(self.images)]
        body = {
            "key": self.key,
            "kind": self.kind,
            "text": self.text,
            "segments": self.segments,
            "conversation": self.conversation,
            "meta": {k: v for k, v in self.meta.items() if not k.startswith("_")},  # stage-private stay out
            "images": names,
        }
        members: dict[str, Any] = {"__key__": self.key, "json": encode_json(body)}
        members.update(zip(names, self.images))
        return members

    @classmethod
    def from_wds(cls, members: dict[str, Any]) -> "Sample":
        """Rebuild a sample from the members WebDataset yields (raw bytes, no decoding)."""
        body = json.loads(members["json"])
        missing = [n for n in body["images"] if n not in members]
        if missing:
            raise ValueError(f"sample {members.get('__key__')} lacks image members {missing}")
        return cls(
            key=body["key"],
            kind=body["kind"],
            images=[bytes(members[n]) for n in body["images"]],
            text=body["text"],
            segments=body["segments"],
            conversation=body["conversation"],
            meta=body["meta"],
        )

    def nbytes(self) -> int:
        """Approximate size in a shard, for shard size limits."""
        return sum(len(i) for i in self.images) + len(self.text or "") + 1024


def encode_json(obj: Any) -> bytes:
    """Canonical JSON bytes (sorted keys, UTF-8) so equal records give equal bytes."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
