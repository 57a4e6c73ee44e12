"""SFT conversations to `sft` samples: LLaVA, ShareGPT, chat messages (OpenAI, HF/TRL), Qwen-VL, DeepSeek-VL.

Every format is normalised to one form: ``conversation`` is a list of ``{"role", "content"}`` turns
(roles system/user/assistant) whose text carries one ``<image>`` marker per image, in the order of
``images``. Records come from a JSON list, JSONL (one per line; `json_records`) or a WebDataset tar
(a ``json`` member per sample plus its image members; `tar_samples`). Images are paths relative to the
file's folder (or ``images_dir``), ``data:`` URIs, or members of the same tar sample (a record that names
no image has its sample's one image member, placed as LLaVA places images; several are refused, their
order unknown). A top-level ``system`` prompt is the leading system turn. A malformed
record is one reject with its reason; the rest of the file still counts. A sample is written only when
its images are exactly its markers, one for one.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import posixpath
import urllib.parse
from typing import Any, Iterator

from shards.reject import ReasonError, Reject
from shards.sample import Sample, encode_json, make_key
from sources.common.conversations import (MARKER, QWEN_IMAGE, ConversationError, answer_with_image,
                                          images_for_bare_markers, number_text, place_before_first_question,
                                          refuse_grounding, refuse_media, refuse_media_part, refuse_misplaced_system,
                                          refuse_preference, refuse_system_image, refuse_tool_call,
                                          refuse_unanswered_image, refuse_unlearned_turn, refuse_unresolved,
                                          refuse_untrained, role_of, scan, with_system)
from sources.common.files import FileTooLarge, read_bytes
from sources.common.images import ImageLimits, ImageRejected, normalised_bytes
from sources.common.mojibake import mentioned as mojibake_mentioned
from sources.common.mojibake import repaired as repaired_mojibake
from sources.common.paths import PathRefused, inside_root
from sources.records.json_records import DuplicateKey, json_records, lone_surrogate
from sources.records.json_records import loads as load_json
from sources.records.limits import RecordLimits
from sources.records.tar_samples import last_extension, whole_samples

KIND = "sft"
IMAGE_MEMBERS = ("jpg", "jpeg", "png", "webp")


@dataclasses.dataclass(frozen=True)
class SftOptions(RecordLimits):
    """images_dir: relative image paths are under this folder of the file's folder.
    max_side / min_side: image bounds, as for every source.
    max_image_bytes, max_record_bytes, max_member_bytes, max_expanded_bytes: `RecordLimits`."""

    images_dir: str = ""
    max_side: int = 1024
    min_side: int = 16


class Malformed(ReasonError, ValueError):
    """A record that cannot become a sample; ``reason`` is the reject code."""


def read_sft(data: bytes, uri: str, options: SftOptions = SftOptions(), context=None) -> Iterator[Sample | Reject]:
    """A sample or a reject per conversation record in a JSON, JSONL or WebDataset tar file."""
    produced = False
    for record in (_tar_records(data, uri, options) if uri.lower().endswith(".tar") else
                   _json_file(data, uri, options)):
        produced = True
        yield record
    if not produced:
        yield Reject("sft", uri, "error:sft:no_records", detail="the file holds no records")


def _json_file(data: bytes, uri: str, options: SftOptions) -> Iterator[Sample | Reject]:
    root = posixpath.dirname(uri)

    def load(ref: str) -> bytes:
        return read_bytes(inside_root(root, posixpath.join(options.images_dir, ref)), options.max_image_bytes)

    for record in _records(data, uri, options):
        if record.problem:
            yield Reject("sft", uri, f"error:sft:{record.problem}", detail=record.detail, locator=record.locator)
        else:
            yield _sample(record.value, uri, record.locator, lambda refs: load, options)


_CONVERSATION_KEYS = ("messages", "conversations", "conversation")


def _records(data: bytes, uri: str, options: SftOptions):
    """The file's records: a ``.json`` object holding a conversation is one record, one wrapping a list of
    records (``{"version": 2, "data": [...]}``) those records (`json_records`' ``rows``)."""
    return json_records(data, uri, options.max_record_bytes, numbers_as_text=True,
                        rows=lambda obj: any(key in obj for key in _CONVERSATION_KEYS))


def _tar_records(data: bytes, uri: str, options: SftOptions) -> Iterator[Sample | Reject]:
    for item in whole_samples(data, "sft", uri, options):
        if isinstance(item, Reject):
            yield item
            continue
        jsons = [ext for ext in item.members if last_extension(ext) == "json"]
        try:
            if len(jsons) != 1:
                raise ValueError(f"{len(jsons)} json members among {sorted(item.members)}; a sample has one")
            record = load_json(item.members[jsons[0]], numbers_as_text=True)
            if (surrogate := lone_surrogate(record)) is not None:
                yield Reject("sft", uri, "error:sft:bad_text", detail=surrogate, locator=item.locator)
                continue
        except DuplicateKey as exc:
            yield Reject("sft", uri, "error:sft:duplicate_key", detail=str(exc)[:300], locator=item.locator)
            continue
        except (ValueError, RecursionError) as exc:
            what = "too_deeply_nested" if isinstance(exc, RecursionError) else "bad_json"
            yield Reject("sft", uri, f"error:sft:{what}", detail=f"no readable json member: {exc}"[:300],
                         locator=item.locator)
            continue
        images = tuple(f"{item.key}.{ext}" for ext in sorted(item.members) if last_extension(ext) in IMAGE_MEMBERS)
        yield _sample(record, uri, item.locator, lambda refs: _member_loader(item, len(refs)), options, images)


def _member_loader(item, refs: int):
    """A ref names a member as ``KEY.EXT`` or ``EXT``; the one ref of a record (the sample having one
    image member) may name it by any image name, as records written before the tar was packed do. With
    several refs no member stands in for another: one image written twice is a wrong target."""
    prefixes = (item.key + ".", posixpath.basename(item.key) + ".")

    def load(ref: str) -> bytes:
        name = next((ref[len(p):] for p in prefixes if ref.startswith(p)), ref)
        if name in item.members:
            return item.members[name]
        found = [ext for ext in item.members if last_extension(ext) in IMAGE_MEMBERS]
        if refs == 1 and len(found) == 1 and last_extension(name) in IMAGE_MEMBERS:
            return item.members[found[0]]
        why = f"; the record names {refs} images, so none stands in for another" if refs > 1 and found else ""
        raise FileNotFoundError(f"no member {ref!r} in tar sample {item.key} (members {sorted(item.members)}){why}")

    return load


def _sample(record: Any, uri: str, locator: str, loader, options: SftOptions,
            unnamed: tuple[str, ...] = ()) -> Sample | Reject:
    """``loader(refs)`` gives the function that reads one of the record's refs; ``unnamed``: `normalise`."""
    try:
        turns, refs = normalise(record, unnamed)
        # a conversation about mis-decoded characters is written as it is: repaired, it would not match its answer
        kept = mojibake_mentioned(turn["content"] for turn in turns)
        if kept is None:
            turns = [_repaired(turn, number) for number, turn in enumerate(turns, start=1)]
        load = loader(refs)
        images = [_image(ref, load, options) for ref in refs]
        _verified(turns, images)
    except Malformed as exc:
        return Reject("sft", uri, exc.reason, detail=str(exc)[:300], locator=locator)
    except RecursionError:  # a deeply nested field met while reading the record
        return Reject("sft", uri, "error:sft:too_deeply_nested", detail="a field nests too deeply", locator=locator)
    meta = {"source": "sft", "uri": uri, "locator": locator, "format": _format(record),
            "image_refs": [_shown(r) for r in refs]}
    if isinstance(record, dict) and isinstance(record.get("id"), (str, int, float)):
        meta["record_id"] = str(record["id"])
    if kept is not None:
        meta["mojibake_kept"] = kept  # why text that looks mis-decoded was written as it is
    key = make_key(KIND, encode_json(turns), *(hashlib.sha256(i).hexdigest() for i in images))
    return Sample(key, KIND, images=images, conversation=turns, meta=meta)


def _repaired(turn: dict[str, str], number: int) -> dict[str, str]:
    """The turn with mojibake in its text undone (`sources.common.mojibake`); `Malformed` where it cannot be."""
    content, fixed = repaired_mojibake(turn["content"])
    if fixed is None:
        raise Malformed("filtered:mojibake", f"turn {number} is garbled past repair: {turn['content'][:200]!r}")
    return {**turn, "content": content} if fixed else turn


def _verified(turns: list[dict[str, str]], images: list[bytes]) -> None:
    """The target agrees with its source: one marker per image, in the text the sample is written with."""
    markers = sum(t["content"].count(MARKER) for t in turns)
    if markers != len(images):
        raise Malformed("error:sft:marker_count_mismatch", f"{markers} {MARKER} markers but {len(images)} images")


def _image(ref: str, load, options: SftOptions) -> bytes:
    try:
        if ref.startswith("data:"):
            data = _data_uri(ref, options.max_image_bytes)
        elif ref.startswith(("http://", "https://")):
            raise Malformed("unsupported:sft:remote_image", f"{ref[:200]}: image URLs are not fetched here; "
                                                      "download them and name the files")
        else:
            data = load(ref)
    except PathRefused as exc:
        raise Malformed("error:sft:image_outside_root", str(exc)) from exc
    except FileTooLarge as exc:
        raise Malformed("error:image:too_large", f"{ref}: {exc}") from exc
    except (FileNotFoundError, OSError) as exc:
        raise Malformed("error:sft:image_missing", f"{ref}: {exc}") from exc
    try:
        return normalised_bytes(data, ImageLimits(options.min_side, options.max_side,
                                                  max_bytes=options.max_image_bytes))[0]
    except ImageRejected as exc:
        raise Malformed(exc.reason, f"{_shown(ref)}: {exc}") from exc


def _data_uri(ref: str, max_bytes: int) -> bytes:
    """The bytes of a ``data:[type][;base64],payload`` URI, refused from its length when too large."""
    header, comma, payload = ref.partition(",")
    if not comma:
        raise Malformed("error:sft:bad_data_uri", f"{ref[:60]}...: no ',' before the data")
    encoded = header.endswith(";base64")
    if (len(payload) * 3 // 4 if encoded else len(payload) // 3) > max_bytes:
        raise Malformed("error:image:too_large", f"a data: URI of about {len(payload) * 3 // 4} bytes > {max_bytes}")
    try:
        data = base64.b64decode(payload, validate=True) if encoded else urllib.parse.unquote_to_bytes(payload)
    except (binascii.Error, ValueError) as exc:
        raise Malformed("error:sft:bad_data_uri", f"{header}: {exc}") from exc
    if len(data) > max_bytes:
        raise Malformed("error:image:too_large", f"a data: URI of {len(data)} bytes > {max_bytes}")
    return data


def _shown(ref: str) -> str:
    """A ref as meta keeps it: a data: URI by its type and size, not its megabytes."""
    return f"{ref.partition(',')[0]},... ({len(ref)} chars)" if ref.startswith("data:") else ref


def _format(record: dict) -> str:
    """messages (role/content), llava (conversations with images), sharegpt (conversations, text)."""
    if "messages" in record:
        return "messages"
    turns = record.get("conversations", record.get("conversation")) or []
    with_images = record.get("image") or record.get("images") or any(
        isinstance(t, dict) and (t.get("images") or QWEN_IMAGE.search(str(t.get("value", t.get("content")))))
        for t in turns)
    return "llava" if with_images else "sharegpt"


def normalise(record: Any, unnamed: tuple[str, ...] = ()) -> tuple[list[dict[str, str]], list[str]]:
    """(turns, image references) in the internal form, or `Malformed` with the reason.

    Each image marker gets its reference in text order: an image part or ``<img>path</img>`` names
    its own; a bare marker (``<image>``, another model's placeholder, an image part without a path)
    takes the next of its turn's ``images`` (DeepSeek-VL), then of the record's ``images``/``image``.
    ``unnamed``: the images the record's container holds without the record naming any (a tar
    sample's image members); one is the record's image, several are refused (their order is unknown).
    A record-level ``system`` prompt is the leading system turn."""
    if not isinstance(record, dict):
        raise Malformed("error:sft:not_a_record", f"expected a JSON object, got {type(record).__name__}")
    try:
        return _normalised(record, unnamed)
    except ConversationError as exc:
        raise Malformed(exc.reason("sft"), str(exc)) from exc


def _normalised(record: dict, unnamed: tuple[str, ...]) -> tuple[list[dict[str, str]], list[str]]:
    refuse_media(record, "record")
    if "messages" in record:
        raw, text_keys, role_keys = record["messages"], ("content",), ("role",)
        if not isinstance(raw, list):
            raise Malformed("error:sft:no_conversation", "'messages' is not a list")
    else:
        raw = record.get("conversations", record.get("conversation"))
        if not isinstance(raw, list):
            raise Malformed("error:sft:no_conversation", "no 'conversations', 'conversation' or 'messages' list")
        text_keys, role_keys = ("value", "content"), ("from", "role")
    turns, slots = [], []
    for number, turn in enumerate(raw, start=1):
        if not isinstance(turn, dict):
            raise Malformed("error:sft:bad_turn", f"turn {number} is not an object")
        role = role_of(turn, number, role_keys)
        refuse_untrained(turn, number, role)
        refuse_unlearned_turn(turn, number, role)
        refuse_tool_call(turn, number, role)
        text = next((turn[key] for key in text_keys if key in turn), None)
        content, turn_slots = _content(text, number)
        _fill(turn_slots, _listed(turn), f"turn {number}'s images")
        turns.append(_turn(role, content, number))
        slots += turn_slots
    refuse_system_image(turns, record.get("system"))  # before the images are given to its markers
    listed = _listed(record)
    if not listed and unnamed and all(s is None for s in slots):
        if len(unnamed) > 1:
            raise Malformed("error:sft:ambiguous_images", f"the record names no image but its sample holds "
                                                          f"{len(unnamed)} ({list(unnamed)}): their order is unknown")
        listed = list(unnamed)
    placed = bool(listed and not slots and any(t["role"] == "user" for t in turns))
    if placed:
        turns = place_before_first_question(turns, len(listed))  # LLaVA's convention
        slots = [None] * len(listed)
    _fill(slots, listed, "the record's images")
    refuse_preference(record, "record", turns)
    refuse_misplaced_system(turns, record.get("system"))
    refuse_unanswered_image(turns, placed)
    refuse_grounding(turns, record.get("objects"), "record")
    return _checked(with_system(turns, record.get("system")), slots)


def _content(text: Any, number: int) -> tuple[str, list[str | None]]:
    """A turn's text with every image as a marker, and per marker its reference (None: still to fill)."""
    if not isinstance(text, list):
        return scan(_text(text, number))
    pieces, slots = [], []  # parts: OpenAI / HF chat messages
    for part in text:
        kind = part.get("type") if isinstance(part, dict) else None
        if kind in ("text", "input_text"):
            piece, found = scan(_text(part.get("text"), number))
            pieces.append(piece)
            slots += found
        elif kind in ("image", "image_url", "input_image"):
            ref = _part_ref(part)
            if ref is not None and not isinstance(ref, str):
                raise Malformed("error:sft:bad_turn", f"turn {number}: an image part names {_brief(ref)}")
            pieces.append(MARKER)
            slots.append(ref or None)  # {"type": "image"} alone: the record's images list has it
        else:
            refuse_media_part(kind, number)
            raise Malformed("error:sft:bad_turn", f"turn {number}: unknown content part {_brief(part)}")
    return "\n".join(p for p in pieces if p), slots


def _part_ref(part: dict) -> Any:
    """The reference an image part carries, if any: ``image``/``path``/``url``, ``image_url`` as a
    string or ``{"url"}``, or a Hugging Face image dict ``{"path", "bytes"}`` by its path."""
    ref = part.get("image") or part.get("path") or part.get("url") or part.get("image_url")
    if isinstance(ref, dict):
        ref = ref.get("url") or ref.get("path")
    return ref


def _text(value: Any, number: int) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value, number)  # a numeric answer ("4") is that number's text
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Malformed("error:sft:bad_turn", f"turn {number}: text is a {type(value).__name__}")
    return value


def _brief(value: Any) -> str:
    try:
        return repr(value)[:120]
    except RecursionError:
        return f"a deeply nested {type(value).__name__}"


def _fill(slots: list[str | None], refs: list[str], where: str) -> None:
    """Give ``refs`` in order to the slots still without one (`images_for_bare_markers`, whose
    `ConversationError` `normalise` reports); more refs than slots waiting are an error."""
    refs = images_for_bare_markers(slots, refs, where)
    empty = [i for i, s in enumerate(slots) if s is None]
    if len(refs) > len(empty):
        raise Malformed("error:sft:image_without_marker",
                        f"{len(refs)} images in {where} but {len(empty)} markers waiting for one")
    for i, ref in zip(empty, refs):
        slots[i] = ref


def _listed(holder: dict) -> list[str]:
    """The ``images`` (or ``image``) a record or a turn lists, as strings (an HF image dict by its path).
    Both keys present must list the same images: otherwise which one the answer describes is unknown."""
    given = {key: _refs(holder[key]) for key in ("images", "image") if holder.get(key) is not None}
    if len(given) == 2 and given["images"] != given["image"]:
        raise Malformed("error:sft:ambiguous_images",
                        f"'images' {_brief(holder['images'])} and 'image' {_brief(holder['image'])} "
                        "name different images")
    return next(iter(given.values()), [])


def _refs(value: Any) -> list[str]:
    refs = value if isinstance(value, list) else ([] if value == "" else [value])
    out = []
    for ref in refs:
        ref = ref.get("path") or ref.get("url") if isinstance(ref, dict) else ref
        if not isinstance(ref, str) or not ref:
            raise Malformed("error:sft:bad_image_ref", f"an image reference is {_brief(ref)}, not a path")
        out.append(ref)
    return out


def _turn(role: str, text: str, number: int) -> dict[str, str]:
    if not text.strip():
        raise Malformed("error:sft:empty_turn", f"turn {number} ({role}) has no text")
    return {"role": role, "content": text.strip()}


def _checked(turns: list[dict[str, str]], slots: list[str | None]) -> tuple[list[dict[str, str]], list[str]]:
    if not any(t["role"] == "assistant" for t in turns):
        raise Malformed("error:sft:no_assistant_turn", "the conversation has no assistant turn")
    if not any(t["role"] == "user" for t in turns):
        raise Malformed("error:sft:no_user_turn", "the conversation has no user turn")
    refuse_unresolved(turns)  # an image the text names but no rule here places: never written as text
    if (number := answer_with_image(turns)) is not None:
        raise Malformed("filtered:image_in_answer",
                        f"an assistant turn holds an image marker: {turns[number - 1]['content'][:120]!r}")
    if None in slots:
        named = sum(s is not None for s in slots)
        raise Malformed("error:sft:image_marker_without_image", f"{len(slots)} image markers but {named} images for them")
    return turns, slots


def instruction(sample: Sample) -> str:
    """The first user turn without its markers: what the taxonomy classifies (later turns follow up)."""
    first = next((t["content"] for t in sample.conversation or [] if t["role"] == "user"), "")
    return " ".join(first.replace(MARKER, " ").split())


def answer(sample: Sample) -> str:
    return "\n".join(t["content"] for t in sample.conversation or [] if t["role"] == "assistant")
