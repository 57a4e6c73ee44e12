"""SFT conversations to `sft` samples: LLaVA, ShareGPT and chat-messages records.

Every format is normalised to one form: ``conversation`` is a list of ``{"role", "content"}`` turns
(roles system/user/assistant) whose text carries one ``<image>`` marker per image, in the order of
``images``. Records come from a JSON list, JSONL (one per line) or a WebDataset tar (a ``json``
member per sample plus its image members). Images are paths relative to the file's folder (or
``images_dir``), or members of the same tar sample. A malformed record is one reject with its
reason; the rest of the file still counts.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import posixpath
import tarfile
from typing import Any, Iterator

from shards.reject import ReasonError, Reject, error_reject
from shards.sample import Sample, encode_json, make_key
from sources.common.files import read_bytes
from sources.common.images import ImageLimits, ImageRejected, normalised_bytes
from sources.common.paths import PathRefused, inside_root

KIND = "sft"
MARKER = "<image>"
ROLES = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant", "bot": "assistant",
         "model": "assistant", "chatgpt": "assistant", "system": "system"}
IMAGE_MEMBERS = ("jpg", "jpeg", "png", "webp")


@dataclasses.dataclass(frozen=True)
class SftOptions:
    """images_dir: relative image paths are under this folder of the file's folder.
    max_side / min_side: image bounds, as for every source."""

    images_dir: str = ""
    max_side: int = 1024
    min_side: int = 16


class Malformed(ReasonError, ValueError):
    """A record that cannot become a sample; ``reason`` is the reject code."""


def read_sft(data: bytes, uri: str, options: SftOptions = SftOptions(), context=None) -> Iterator[Sample | Reject]:
    """A sample or a reject per conversation record in a JSON, JSONL or WebDataset tar file."""
    root = posixpath.dirname(uri)
    if uri.lower().endswith(".tar"):
        yield from _tar_records(data, uri, options)
        return
    for locator, record, problem in _json_records(data, uri):
        if problem is not None:
            yield Reject("sft", uri, "error:sft:bad_json", detail=problem, locator=locator)
            continue
        yield _sample(record, uri, locator, lambda ref: read_bytes(
            inside_root(root, posixpath.join(options.images_dir, ref))), options)


def _json_records(data: bytes, uri: str) -> Iterator[tuple[str, Any, str | None]]:
    text = data.decode("utf-8", "replace")
    if uri.lower().endswith(".json"):
        try:
            loaded = json.loads(text)
        except ValueError as exc:
            yield "record=1", None, str(exc)[:300]
            return
        for index, record in enumerate(loaded if isinstance(loaded, list) else [loaded]):
            yield f"record={index + 1}", record, None
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield f"line={number}", json.loads(line), None
            except ValueError as exc:
                yield f"line={number}", None, str(exc)[:300]


def _tar_records(data: bytes, uri: str, options: SftOptions) -> Iterator[Sample | Reject]:
    from webdataset.tariterators import group_by_keys, tar_file_iterator

    try:
        files = ({**member, "__url__": uri} for member in tar_file_iterator(io.BytesIO(data)))
        for members in group_by_keys(files):
            key, locator = members["__key__"], f"key={members['__key__']}"
            try:
                record = json.loads(members["json"])
            except (KeyError, ValueError) as exc:
                yield Reject("sft", uri, "error:sft:bad_json", detail=f"no readable json member: {exc}",
                             locator=locator)
                continue

            def member(ref: str, members=members, key=key) -> bytes:
                name = ref[len(key) + 1:] if ref.startswith(key + ".") else ref
                if name in members:
                    return members[name]
                found = [members[e] for e in IMAGE_MEMBERS if e in members]
                if len(found) == 1 and name.rsplit(".", 1)[-1].lower() in IMAGE_MEMBERS:
                    return found[0]
                raise FileNotFoundError(f"no member {ref!r} in tar sample {key}")

            yield _sample(record, uri, locator, member, options)
    except (tarfile.TarError, ValueError, OSError) as exc:
        yield error_reject("sft", uri, "sft", exc, locator="remainder")


def _sample(record: Any, uri: str, locator: str, load, options: SftOptions) -> Sample | Reject:
    try:
        turns, refs = normalise(record)
        images = []
        for ref in refs:
            images.append(_image(ref, load, options))
    except Malformed as exc:
        return Reject("sft", uri, exc.reason, detail=str(exc)[:300], locator=locator)
    meta = {"source": "sft", "uri": uri, "locator": locator, "format": _format(record), "image_refs": refs}
    if isinstance(record, dict) and record.get("id") is not None:
        meta["record_id"] = str(record["id"])
    key = make_key(KIND, encode_json(turns), *(hashlib.sha256(i).hexdigest() for i in images))
    return Sample(key, KIND, images=images, conversation=turns, meta=meta)


def _image(ref: str, load, options: SftOptions) -> bytes:
    try:
        data = load(ref)
    except PathRefused as exc:
        raise Malformed("error:sft:image_outside_root", str(exc)) from exc
    except (FileNotFoundError, OSError) as exc:
        raise Malformed("error:sft:image_missing", f"{ref}: {exc}") from exc
    try:
        return normalised_bytes(data, ImageLimits(options.min_side, options.max_side))[0]
    except ImageRejected as exc:
        raise Malformed(exc.reason, f"{ref}: {exc}") from exc


def _format(record: dict) -> str:
    """messages (role/content), llava (conversations with an image), sharegpt (conversations, text)."""
    if "messages" in record:
        return "messages"
    return "llava" if record.get("image") or record.get("images") else "sharegpt"


def normalise(record: Any) -> tuple[list[dict[str, str]], list[str]]:
    """(turns, image references) in the internal form, or `Malformed` with the reason."""
    if not isinstance(record, dict):
        raise Malformed("error:sft:not_a_record", f"expected a JSON object, got {type(record).__name__}")
    if "messages" in record:
        turns, refs = _messages(record["messages"])
        refs += _listed(record)
    else:
        raw = record.get("conversations", record.get("conversation"))
        if not isinstance(raw, list):
            raise Malformed("error:sft:no_conversation", "no 'conversations', 'conversation' or 'messages' list")
        turns = []
        for number, turn in enumerate(raw, start=1):
            if not isinstance(turn, dict):
                raise Malformed("error:sft:bad_turn", f"turn {number} is not an object")
            turns.append(_turn(turn.get("from", turn.get("role")), turn.get("value", turn.get("content")), number))
        refs = _listed(record)
    return _checked(turns, refs)


def _listed(record: dict) -> list[str]:
    value = record.get("images", record.get("image"))
    refs = value if isinstance(value, list) else ([] if value in (None, "") else [value])
    return [str(r) for r in refs]


def _turn(role: Any, text: Any, number: int) -> dict[str, str]:
    if str(role).lower() not in ROLES:
        raise Malformed("error:sft:unknown_role", f"turn {number} has role {role!r}; known: {sorted(ROLES)}")
    if not isinstance(text, str) or not text.strip():
        raise Malformed("error:sft:empty_turn", f"turn {number} ({role}) has no text")
    return {"role": ROLES[str(role).lower()], "content": text.strip()}


def _messages(messages: Any) -> tuple[list[dict[str, str]], list[str]]:
    """OpenAI-style messages: content is a string or parts (text, image, image_url)."""
    if not isinstance(messages, list):
        raise Malformed("error:sft:no_conversation", "'messages' is not a list")
    turns, refs = [], []
    for number, message in enumerate(messages, start=1):
        if not isinstance(message, dict):
            raise Malformed("error:sft:bad_turn", f"message {number} is not an object")
        content = message.get("content")
        if isinstance(content, list):
            texts = []
            for part in content:
                kind = part.get("type") if isinstance(part, dict) else None
                if kind == "text":
                    texts.append(str(part.get("text", "")))
                elif kind in ("image", "image_url"):
                    ref = part.get("image") or part.get("path") or (part.get("image_url") or {}).get("url")
                    if not ref:
                        raise Malformed("error:sft:image_part_without_image", f"message {number}: empty image part")
                    refs.append(str(ref))
                    texts.append(MARKER)
                else:
                    raise Malformed("error:sft:bad_turn", f"message {number}: unknown content part {part!r}"[:200])
            content = "\n".join(t for t in texts if t)
        turns.append(_turn(message.get("role"), content, number))
    return turns, refs


def _checked(turns: list[dict[str, str]], refs: list[str]) -> tuple[list[dict[str, str]], list[str]]:
    if not any(t["role"] == "assistant" for t in turns):
        raise Malformed("error:sft:no_assistant_turn", "the conversation has no assistant turn")
    if not any(t["role"] == "user" for t in turns):
        raise Malformed("error:sft:no_user_turn", "the conversation has no user turn")
    markers = sum(t["content"].count(MARKER) for t in turns)
    if markers > len(refs):
        raise Malformed("error:sft:image_marker_without_image",
                        f"{markers} {MARKER} markers but {len(refs)} images")
    if markers and markers < len(refs):
        raise Malformed("error:sft:image_without_marker", f"{len(refs)} images but {markers} {MARKER} markers")
    if refs and not markers:  # LLaVA's convention: the image comes before the first question
        first = next(t for t in turns if t["role"] == "user")
        first["content"] = "\n".join([MARKER] * len(refs) + [first["content"]])
    return turns, refs


def instruction(sample: Sample) -> str:
    """The first user turn without its markers: what the taxonomy classifies (later turns follow up)."""
    first = next((t["content"] for t in sample.conversation or [] if t["role"] == "user"), "")
    return " ".join(first.replace(MARKER, " ").split())


def answer(sample: Sample) -> str:
    return "\n".join(t["content"] for t in sample.conversation or [] if t["role"] == "assistant")
