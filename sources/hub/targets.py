"""One Hub dataset row to the sample of its layout's kind, its target checked against the row.

A row is rejected (`RowRejected`, with a reason) rather than written with a target that may be wrong:
an empty image column is ``error:hub:no_image`` (never a text-only sample), an SFT turn list whose
``<image>`` markers are not its images one for one is ``error:hub:marker_count_mismatch`` (none at all
are placed before the first question, LLaVA's convention; other models' placeholders are markers by the
table the SFT records share, and one whose image is unknown is ``unsupported:hub:image_placeholder``),
an ``image`` and an ``images`` column naming different images are ``error:hub:ambiguous_images``, a
``system`` column is the leading system turn, an answer list of several answers is
``error:hub:ambiguous_target``, an MMC4 image matched to a sentence that does not exist is
``error:hub:bad_image_position``. An interleaved document keeps the images it could read and lists the
others with their reasons in ``meta["dropped_images"]``; with none left it is rejected.
"""

from __future__ import annotations

import hashlib
from typing import Any, Iterator

from shards.reject import ReasonError
from shards.sample import Sample, encode_json, make_key
from sources.common.conversations import (MARKER, ConversationError, answer_with_image, images_for_bare_markers,
                                          number_text, place_before_first_question, refuse_grounding, refuse_media,
                                          refuse_media_part, refuse_misplaced_system, refuse_preference,
                                          refuse_system_image, refuse_tool_call, refuse_unanswered_image,
                                          refuse_unlearned_turn, refuse_unresolved, refuse_untrained, role_of, scan,
                                          with_system)
from sources.common.files import FileTooLarge, read_bytes
from sources.common.images import ImageRejected, normalised_bytes
from sources.common.interleaved import Part, split_long_text
from sources.common.mojibake import mentioned as mojibake_mentioned
from sources.common.mojibake import repaired as repaired_mojibake
from sources.common.paths import PathRefused, inside_root
from sources.common.url_guard import UrlRefused
from sources.hub.layouts import HubOptions, Layout, column


class RowRejected(ReasonError):
    """A row that cannot become a sample; ``reason`` is the reject code."""


def row_samples(row: dict, layout: Layout, options: HubOptions, uri: str, locator: str,
                root: str) -> Iterator[Sample]:
    """The sample(s) of one row. Raises `RowRejected`."""
    meta = {"source": "hf_dataset", "uri": uri, "locator": locator, "layout": options.preset or "custom"}
    if isinstance(row.get("id"), (str, int)) and not isinstance(row.get("id"), bool):
        meta["row_id"] = str(row["id"])
    kind = layout.kind
    if kind == "interleaved":
        yield from _interleaved(row, layout, options, meta, root)
        return
    if kind == "text":
        yield _sample(kind, [], meta, text=_text(column(row, layout, "text"), "text"))
        return
    if kind == "sft":
        yield _sft(row, layout, options, meta, root)
        return
    image = load_image(column(row, layout, "image"), root, options)
    if kind == "caption":
        yield _sample(kind, [image], meta, text=_caption(row, layout))
    elif kind == "chart":
        text, turns = _chart(row, layout)
        yield _sample(kind, [image], {**meta, "task": "chart_qa" if turns else "chart_text"}, text=text,
                      conversation=turns)
    else:  # web_code, doc_ocr, scene_ocr: the image and the text it shows or is made from
        yield _sample(kind, [image], meta, text=_text(column(row, layout, "text"), "text", strip=False))


def _sample(kind: str, images: list[bytes], meta: dict, text=None, segments=None, conversation=None) -> Sample:
    written = ([text] if text else []) + [turn["content"] for turn in conversation or []]
    if (kept := mojibake_mentioned(written)) is not None:  # about mis-decoded characters: `_unmangled` kept it
        meta = {**meta, "mojibake_kept": kept}
    target = encode_json({"text": text, "segments": segments, "conversation": conversation})
    key = make_key(kind, target, *(hashlib.sha256(i).hexdigest() for i in images))
    return Sample(key, kind, images=images, text=text, segments=segments, conversation=conversation, meta=meta)


# --- images -----------------------------------------------------------------------------------------------

def load_image(value: Any, root: str, options: HubOptions) -> bytes:
    """The stored bytes of an image cell: an ``{"bytes", "path"}`` struct, bytes, a path or a URL."""
    if isinstance(value, dict):
        value = value.get("bytes") or value.get("path")
    if value is None or (isinstance(value, (str, bytes, bytearray)) and not value):
        raise RowRejected("error:hub:no_image", "the image column is empty")
    if isinstance(value, str):
        value = _fetch(value, options) if value.startswith(("http://", "https://")) else _read(value, root, options)
    if not isinstance(value, (bytes, bytearray)):
        raise RowRejected("error:hub:bad_image", f"an image cell holds a {type(value).__name__}")
    try:
        return normalised_bytes(bytes(value), options.limits())[0]
    except ImageRejected as exc:
        raise RowRejected(exc.reason, str(exc)) from exc


def _read(path: str, root: str, options: HubOptions) -> bytes:
    try:
        return read_bytes(inside_root(root, path), options.max_image_bytes)
    except PathRefused as exc:
        raise RowRejected(exc.reason, str(exc)) from exc
    except FileTooLarge as exc:
        raise RowRejected("error:image:too_large", f"{path}: {exc}") from exc
    except OSError as exc:  # FileNotFoundError, and Beam's errors for missing objects
        raise RowRejected("error:image:missing", f"{path}: {exc}"[:300]) from exc


def _fetch(url: str, options: HubOptions) -> bytes:
    from sources.common.fetch import FetchError, FetchPolicy, shared_fetcher

    if not options.fetch_urls:
        raise RowRejected("unsupported:hub:remote_image", f"{url[:200]}: fetch_urls is off")
    try:
        return shared_fetcher(FetchPolicy(allow_private=tuple(options.allow_private))).page(url).body
    except UrlRefused as exc:
        raise RowRejected(f"filtered:{exc.reason}", str(exc)) from exc
    except FetchError as exc:
        raise RowRejected(f"error:fetch:{exc.reason}", f"{url[:200]}: {exc}") from exc


# --- texts and conversations ---------------------------------------------------------------------------

def _text(value: Any, role: str, strip: bool = True) -> str:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]  # an answer or caption list of one
    if isinstance(value, list):
        raise RowRejected("error:hub:ambiguous_target", f"the {role} column holds {len(value)} values, not one")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise RowRejected("error:hub:empty_target", f"the {role} column is {value!r:.80}")
    return _unmangled(value.strip() if strip else value, role)


def _unmangled(text: str, role: str) -> str:
    """``text`` with mojibake undone (`sources.common.mojibake`); `RowRejected` where it cannot be. Text
    about mis-decoded characters ("Why do I see Ã© instead of é?") is left as it is."""
    if mojibake_mentioned([text]) is not None:
        return text
    text, fixed = repaired_mojibake(text)
    if fixed is None:
        raise RowRejected("filtered:mojibake", f"the {role} is garbled past repair: {text[:200]!r}")
    return text


def turns_of(value: Any) -> tuple[list[dict[str, str]], list[Any]]:
    """LLaVA/ShareGPT ``{"from", "value"}`` or ``{"role", "content"}`` turns (content a string or typed
    parts) as ``{"role", "content"}`` with every image placeholder as a marker (the table the SFT
    records share, `sources.common.conversations`), and per marker the image it names (a typed part's
    image, Qwen-VL's ``<img>path</img>``) or None (the row's image column has it)."""
    if not isinstance(value, list) or not value:
        raise RowRejected("error:hub:no_conversation", f"the conversation column is {type(value).__name__}")
    try:
        return _turns(value)
    except ConversationError as exc:
        raise RowRejected(exc.reason("hub"), str(exc)) from exc


def _turns(value: list) -> tuple[list[dict[str, str]], list[Any]]:
    turns, slots = [], []
    for number, turn in enumerate(value, start=1):
        if not isinstance(turn, dict):
            raise RowRejected("error:hub:bad_turn", f"turn {number} is not an object")
        role = role_of(turn, number)
        refuse_untrained(turn, number, role)
        refuse_unlearned_turn(turn, number, role)
        refuse_tool_call(turn, number, role)
        content = turn.get("value", turn.get("content"))
        if isinstance(content, list):  # typed parts: {"type": "text", "text"} and {"type": "image"}
            pieces = []
            for part in content:
                kind = part.get("type") if isinstance(part, dict) else None
                text = part.get("text") if kind == "text" else None
                if isinstance(text, (int, float)) and not isinstance(text, bool):
                    text = number_text(text, number)  # as a numeric turn is
                if isinstance(text, str):
                    text, named = scan(text)
                    pieces.append(text)
                    slots += named
                elif kind == "image":
                    pieces.append(MARKER)
                    slots.append(_part_image(part))
                else:
                    refuse_media_part(kind, number)
                    raise RowRejected("error:hub:bad_turn", f"turn {number}: unknown content part {str(part)[:120]}")
            content = "\n".join(p for p in pieces if p)
        elif isinstance(content, (int, float)) and not isinstance(content, bool):
            content = number_text(content, number)  # a numeric answer ("4"), as `_text` reads a column
        elif isinstance(content, str):
            content, named = scan(content)
            slots += named
        elif content is not None:
            raise RowRejected("error:hub:bad_turn", f"turn {number}: text is a {type(content).__name__}")
        if content is None or not content.strip():
            raise RowRejected("error:hub:empty_turn", f"turn {number} ({role}) has no text")
        turns.append({"role": role, "content": content.strip()})
    if not any(t["role"] == "assistant" for t in turns) or not any(t["role"] == "user" for t in turns):
        raise RowRejected("error:hub:no_assistant_turn", "a conversation needs a user and an assistant turn")
    refuse_unresolved(turns)
    if (number := answer_with_image(turns)) is not None:
        raise RowRejected("filtered:image_in_answer", f"assistant turn {number} holds an image marker: "
                                                      f"{turns[number - 1]['content'][:120]!r}")
    refuse_unanswered_image(turns)
    return turns, slots


def _part_image(part: dict) -> Any:
    """The image a typed image part names: its ``image`` (a cell: a path, bytes or an ``{"bytes", "path"}``
    struct), or transformers' ``path`` / ``url``; None where it names none (the image column has it), as a
    Parquet struct whose fields are all null does. Read as a bare part, a named image would take the
    column's image in its place."""
    for key in ("image", "path", "url"):
        value = part.get(key)
        if isinstance(value, dict) and not (value.get("bytes") or value.get("path")):
            value = None
        if value:
            return value
    return None


def _with_markers(turns: list[dict[str, str]], images: int) -> tuple[list[dict[str, str]], bool]:
    """The turns with one marker per image: as they are, or (no markers at all) the images placed before
    the first question. Anything else is a mismatch."""
    markers = sum(t["content"].count(MARKER) for t in turns)
    if markers == images:
        return turns, False
    if markers == 0:
        placed = place_before_first_question(turns, images)
        try:  # the first question never answered: no answer saw the image
            refuse_unanswered_image(placed, placed=True)
        except ConversationError as exc:
            raise RowRejected(exc.reason("hub"), str(exc)) from exc
        return placed, True
    raise RowRejected("error:hub:marker_count_mismatch", f"{markers} {MARKER} markers but {images} images")


def _sft(row: dict, layout: Layout, options: HubOptions, meta: dict, root: str) -> Sample:
    try:
        refuse_media(row, "row")
    except ConversationError as exc:
        raise RowRejected(exc.reason("hub"), str(exc)) from exc
    turns, slots = turns_of(column(row, layout, "conversation"))
    # a conversation about mis-decoded characters is written as it is: repaired, it would not match its answer
    if mojibake_mentioned(turn["content"] for turn in turns) is None:
        turns = [{**turn, "content": _unmangled(turn["content"], f"turn {n}")}
                 for n, turn in enumerate(turns, start=1)]
    try:
        refuse_preference(row, "row", turns)
        refuse_system_image(turns, column(row, layout, "system"), "row")
        refuse_grounding(turns, row.get("objects"), "row")
        refuse_misplaced_system(turns, column(row, layout, "system"))
        own, turns = turns, with_system(turns, column(row, layout, "system"))
    except ConversationError as exc:
        raise RowRejected(exc.reason("hub"), str(exc)) from exc
    listed = _present(_listed(row, layout))
    waiting = [i for i, slot in enumerate(slots) if slot is None]
    if not slots and not listed and options.allow_text_only:
        return _sample("sft", [], meta, conversation=turns)
    if not listed and waiting:
        raise RowRejected("error:hub:no_image", f"the image column is empty but the turns hold {len(slots)} markers")
    if not slots and listed:  # no marker at all: LLaVA's convention places the images
        try:  # where the first question is never answered, no answer saw them (the row's own turn numbers)
            refuse_unanswered_image(place_before_first_question(own, len(listed)), placed=True)
        except ConversationError as exc:
            raise RowRejected(exc.reason("hub"), str(exc)) from exc
        turns, slots, waiting = place_before_first_question(turns, len(listed)), [None] * len(listed), \
            list(range(len(listed)))
        meta = {**meta, "marker_added": True}
    if len(listed) == len(slots):  # a part's path naming the column's {"bytes", "path"} cell: that cell (its bytes)
        slots = [cell if isinstance(cell, dict) and isinstance(slot, str) and cell.get("path") == slot else slot
                 for slot, cell in zip(slots, listed)]
    try:  # the images its parts name, listed again (exports keep both), go to no marker
        listed = images_for_bare_markers(slots, listed, "the image column")
    except ConversationError as exc:
        raise RowRejected(exc.reason("hub"), str(exc)) from exc
    if len(listed) != len(waiting):
        raise RowRejected("error:hub:marker_count_mismatch",
                          f"{len(listed)} images in the image column for the {len(waiting)} of {len(slots)} "
                          f"{MARKER} markers that name no image of their own")
    for i, cell in zip(waiting, listed):
        slots[i] = cell
    if not slots:
        raise RowRejected("error:hub:no_image", "the image column is empty")
    images = [load_image(cell, root, options) for cell in slots]
    return _sample("sft", images, meta, conversation=turns)


def _listed(row: dict, layout: Layout) -> list[Any]:
    """The row's image cells in order: its ``images`` or ``image`` column. A row with both must list the
    same images in them: otherwise which the answer describes is unknown."""
    given = {role: column(row, layout, role) for role in ("images", "image")}
    given = {role: (v if isinstance(v, list) else [] if v == "" else [v]) for role, v in given.items() if v is not None}
    if len(given) == 2 and given["images"] != given["image"]:
        raise RowRejected("error:hub:ambiguous_images", f"the images column {str(given['images'])[:100]} and the "
                                                        f"image column {str(given['image'])[:100]} name different images")
    return next(iter(given.values()), [])


def _present(cells: list[Any]) -> list[Any]:
    """The image cells, refused (``error:hub:empty_image``) where some hold no image and others do: an empty
    struct (``{"bytes": b"", "path": None}``, a download that failed) or a null entry still had its place among
    the markers, so which marker each remaining image is for is unknown, and dropping it would give an answer
    about it the wrong image. Cells all empty are refused too: the row had an image, lost, so it is no text-only row
    (read as none, `allow_text_only` wrote "What colour is it?" answered of no picture). A null image column (HF's
    text-only row) is no cell (`_listed`)."""
    empty = [number for number, cell in enumerate(cells, start=1) if _empty_cell(cell)]
    if not empty:
        return cells
    if len(empty) == len(cells):
        raise RowRejected("error:hub:empty_image", f"the {len(cells)} cells of the image column hold no image "
                                                   f"({cells[0]!r:.80}): the row had an image, lost")
    raise RowRejected("error:hub:empty_image", f"image {', '.join(map(str, empty))} of the {len(cells)} in the image "
                                               f"column holds no image ({cells[empty[0] - 1]!r:.80}): which "
                                               "marker each other image is for is unknown")


def _empty_cell(cell: Any) -> bool:
    if isinstance(cell, dict):
        return not (cell.get("bytes") or cell.get("path"))
    return cell is None or (isinstance(cell, (str, bytes, bytearray)) and not cell)


def _caption(row: dict, layout: Layout) -> str:
    if "text" in layout.columns:
        return " ".join(_text(column(row, layout, "text"), "caption").split())
    turns, _ = turns_of(column(row, layout, "conversation"))
    answers = [t["content"] for t in turns if t["role"] == "assistant"]
    markers = sum(t["content"].count(MARKER) for t in turns)
    if len(answers) != 1 or markers > 1 or any(MARKER in a for a in answers):
        raise RowRejected("error:hub:not_a_caption",
                          f"{len(answers)} answers and {markers} markers; a caption is one answer about one image")
    return " ".join(_unmangled(answers[0], "caption").split())


def _chart(row: dict, layout: Layout) -> tuple[str, list[dict[str, str]] | None]:
    """(text, conversation): a QA pair or turns (the text is each question followed by its answer), or
    a text column (a chart's data or summary) alone."""
    if "question" in layout.columns:
        question = _text(column(row, layout, "question"), "question")
        answer = _text(column(row, layout, "answer"), "answer")
        turns = [{"role": "user", "content": f"{MARKER}\n{question}"}, {"role": "assistant", "content": answer}]
    elif column(row, layout, "conversation") is not None:
        turns, _ = _with_markers(turns_of(column(row, layout, "conversation"))[0], 1)
    else:
        return _text(column(row, layout, "text"), "text"), None
    pairs, question = [], ""
    for turn in turns:
        if turn["role"] == "user":
            question = " ".join(turn["content"].replace(MARKER, " ").split())
        elif turn["role"] == "assistant":
            pairs.append(f"{question}\n{turn['content']}".strip())
    text = _text(column(row, layout, "text"), "text") if "text" in layout.columns else "\n\n".join(pairs)
    return text, turns


# --- interleaved documents -----------------------------------------------------------------------------

def _interleaved(row: dict, layout: Layout, options: HubOptions, meta: dict, root: str) -> Iterator[Sample]:
    items, dropped = [], []
    for position, kind, value in _positions(row, layout):
        if kind == "text":
            items.append(("text", value))
            continue
        try:
            items.append(("image", load_image(value, root, options)))
        except RowRejected as exc:
            dropped.append({"index": position, "reason": exc.reason})
    images = sum(1 for kind, _ in items if kind == "image")
    if not images:
        raise RowRejected("error:hub:no_image", f"no readable image in the document ({len(dropped)} dropped: "
                          f"{sorted({d['reason'] for d in dropped})})")
    parts, part = [], Part(options)
    for kind, value in items:
        if kind == "image":
            if part.full_after_image():
                parts, part = parts + [part], Part(options)
            part.add_image(value, None, 0)
            continue
        for piece in split_long_text(value, options.token_budget):
            if part.full_after(piece, False):
                parts, part = parts + [part], Part(options)
            part.add_text(piece, 0)
    parts.append(part)
    for number, part in enumerate(parts, start=1):
        part_meta = {**meta, "locator": f"{meta['locator']};part={number}", "tokens": part.tokens,
                     "dropped_images": dropped}
        yield _sample("interleaved", part.images, part_meta, segments=part.segments)


def _positions(row: dict, layout: Layout) -> list[tuple[int, str, Any]]:
    """(position, "text" | "image", value) in reading order: OBELICS' aligned lists, or MMC4's sentences
    with each image before the sentence it is matched to (consecutive sentences joined)."""
    texts = column(row, layout, "texts")
    if not isinstance(texts, list):
        raise RowRejected("error:hub:no_texts", f"the texts column is {type(texts).__name__}, not a list")
    info = column(row, layout, "image_info")
    if info is None:  # OBELICS: position i holds a text or an image
        images = column(row, layout, "images") or []
        if not isinstance(images, list) or len(images) != len(texts):
            raise RowRejected("error:hub:misaligned", f"{len(texts)} texts but {len(images) if isinstance(images, list) else images!r} images")
        out = []
        for i, (text, image) in enumerate(zip(texts, images)):
            if text is not None and image is not None:
                raise RowRejected("error:hub:misaligned", f"position {i} holds both a text and an image")
            if image is not None:
                out.append((i, "image", image))
            elif isinstance(text, str) and text.strip():
                out.append((i, "text", text.strip()))
        return out
    before: dict[int, list] = {}
    for n, entry in enumerate(info if isinstance(info, list) else []):
        index = entry.get("matched_text_index") if isinstance(entry, dict) else None
        if not isinstance(index, int) or not 0 <= index < len(texts):
            raise RowRejected("error:hub:bad_image_position", f"image {n} is matched to sentence {index!r} of {len(texts)}")
        image = entry.get("image") or entry.get("image_name") or entry.get("raw_url")
        before.setdefault(index, []).append((n, image))
    out, sentences = [], []
    for i, sentence in enumerate(texts):
        for n, image in before.get(i, []):
            if sentences:
                out.append((i, "text", " ".join(sentences)))
                sentences = []
            out.append((n, "image", image))
        if isinstance(sentence, str) and sentence.strip():
            sentences.append(sentence.strip())
    return out + ([(len(texts), "text", " ".join(sentences))] if sentences else [])
