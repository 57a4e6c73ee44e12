"""Caption, SFT and text records as they come in the wild: every input ends as the exact sample or one
precise reject, never a crash, a silent drop or a wrong target (inputs from `samples.records_maker`)."""

from __future__ import annotations

import gzip
import io
import json
import os
import tracemalloc

import pytest
from PIL import Image

from samples.records_maker import (
    claimed_member_tar,
    data_uri,
    jsonl,
    nested_json,
    png,
    sparse_member_tar,
    tar,
    with_bom,
)
from shards import Reject, Sample
from sources.records.captions import CaptionOptions, read_captions
from sources.records.json_records import json_records
from sources.records.sft import MARKER, SftOptions, read_sft
from sources.records.text_corpus import TextOptions, read_text_corpus

RED, BLUE = png((200, 60, 40)), png((40, 60, 200))
ASK, ANSWER = "What colour is this?", "It is red."


def records(reader, data: bytes, uri: str, options=None) -> list[tuple[str | None, object]]:
    """(locator, the sample's target or the reject's reason) in order."""
    out = []
    for r in (reader(data, uri, options) if options else reader(data, uri)):
        if isinstance(r, Sample):
            target = r.conversation if r.kind == "sft" else r.text
            out.append((r.meta["locator"], target))
        else:
            assert isinstance(r, Reject)
            out.append((r.locator, r.reason))
    return out


def conversation(*contents: str) -> list[dict]:
    return [{"role": "user" if i % 2 == 0 else "assistant", "content": c} for i, c in enumerate(contents)]


def llava(text: str = f"{MARKER}\n{ASK}", answer: str = ANSWER, **extra) -> dict:
    return {"conversations": [{"from": "human", "value": text}, {"from": "gpt", "value": answer}], **extra}


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "red.png").write_bytes(RED)
    (tmp_path / "blue.png").write_bytes(BLUE)
    return tmp_path


def sft(folder, name: str, data: bytes, **options) -> list:
    return records(read_sft, data, str(folder / name), SftOptions(**options))


def images_of(data: bytes, uri: str, **options) -> list[list[bytes]]:
    return [r.images for r in read_sft(data, uri, SftOptions(**options)) if isinstance(r, Sample)]


# --- SFT: encodings and line breaks ---

def test_a_json_file_with_a_byte_order_mark_is_read(folder):
    data = with_bom(json.dumps([llava(image="red.png"), llava(text="Hi", answer="Hello")]).encode())
    assert sft(folder, "bom.json", data) == [("record=1", conversation(f"{MARKER}\n{ASK}", ANSWER)),
                                             ("record=2", conversation("Hi", "Hello"))]


def test_jsonl_lines_end_at_newline_only_not_at_unicode_line_breaks(folder):
    # (U+0085 alone is mojibake, "…" read as latin-1: `test_mojibake_in_captions_texts_and_conversations...`)
    text = "First part\u2028second part\u2029third part\x0cfourth"
    data = with_bom(jsonl([llava(text=text, answer="Four parts."), llava(text="Next?", answer="Yes.")]))
    assert sft(folder, "breaks.jsonl", data) == [("line=1", conversation(text, "Four parts.")),
                                                 ("line=2", conversation("Next?", "Yes."))]


def test_utf16_and_unambiguous_legacy_encodings_are_converted_and_ambiguous_ones_refused(folder):
    record = llava(text="这张图是什么颜色？", answer="红色。")
    assert sft(folder, "u16.jsonl", jsonl([record]).decode().encode("utf-16")) == [
        ("line=1", conversation("这张图是什么颜色？", "红色。"))]
    assert sft(folder, "gbk.jsonl", jsonl([record] * 3).decode().encode("gbk")) == [
        (f"line={n}", conversation("这张图是什么颜色？", "红色。")) for n in (1, 2, 3)]
    # cp1250, cp1252 and cp1257 read short French text differently: refused, never read wrong
    french = jsonl([llava(text="Le café naïve à la crème brûlée?", answer="Garçon, façade.")]).decode()
    assert sft(folder, "latin.jsonl", french.encode("cp1252")) == [(None, "error:sft:not_utf8")]
    # one broken line of a UTF-8 file is that line's problem
    broken = jsonl([record]) + b'{"conversations": "caf\xe9"}\n' + jsonl([record])
    assert [r for _, r in sft(folder, "one_bad.jsonl", broken)][1] == "error:sft:not_utf8"


# --- SFT: formats ---

def test_hf_trl_image_parts_take_the_records_images_in_order(folder):
    record = {"messages": [
        {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "Compare"},
                                     {"type": "image"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "Red, then blue."}]}],
        "images": ["red.png", "blue.png"]}
    data = jsonl([record])
    assert sft(folder, "trl.jsonl", data) == [("line=1", conversation(f"{MARKER}\nCompare\n{MARKER}",
                                                                       "Red, then blue."))]
    [[first, second]] = images_of(data, str(folder / "trl.jsonl"))
    assert (first, second) == (RED, BLUE)
    record["images"] = ["red.png"]  # two image parts, one image
    assert sft(folder, "trl.jsonl", jsonl([record])) == [("line=1", "error:sft:image_marker_without_image")]
    record["images"] = ["red.png", "blue.png", "red.png"]
    assert sft(folder, "trl.jsonl", jsonl([record])) == [("line=1", "error:sft:image_without_marker")]


def test_image_url_parts_read_data_uris_and_refuse_what_they_cannot_read(folder):
    def message(url) -> dict:
        return {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": url}},
                                                          {"type": "text", "text": ASK}]},
                             {"role": "assistant", "content": ANSWER}]}

    data = jsonl([message(data_uri(RED)), message("data:image/png;base64,@@not base64@@"),
                  message("https://example.com/red.png"), message("red.png")])
    assert sft(folder, "openai.jsonl", data) == [
        ("line=1", conversation(f"{MARKER}\n{ASK}", ANSWER)), ("line=2", "error:sft:bad_data_uri"),
        ("line=3", "unsupported:sft:remote_image"), ("line=4", conversation(f"{MARKER}\n{ASK}", ANSWER))]
    assert images_of(data, str(folder / "openai.jsonl")) == [[RED], [RED]]
    sample = next(read_sft(data, str(folder / "openai.jsonl")))
    assert sample.meta["image_refs"][0].startswith("data:image/png;base64,... (")  # not the megabytes
    assert sft(folder, "big.jsonl", jsonl([message(data_uri(RED))]), max_image_bytes=100) == [
        ("line=1", "error:image:too_large")]


def test_qwen_vl_img_tags_are_the_images_they_name(folder):
    data = jsonl([
        llava(text=f"Picture 1: <img>red.png</img>\nPicture 2: <img>blue.png</img>\n{ASK}"),
        llava(text="Picture 1: <img>nowhere.png</img>\nWhat is it?"),
        llava(text="Picture 1: <img>red.png\nWhat is it?"),  # never closed
        llava(text="Picture 1: <img>red.png</img>\nWhat is it?", image="blue.png"),
        llava(text="Picture 1: <img>red.png</img>\nWhat is it?", image="red.png"),  # the same one listed again
    ])
    assert sft(folder, "qwen.jsonl", data) == [
        ("line=1", conversation(f"Picture 1: {MARKER}\nPicture 2: {MARKER}\n{ASK}", ANSWER)),
        ("line=2", "error:sft:image_missing"), ("line=3", "unsupported:sft:image_placeholder"),
        ("line=4", "error:sft:image_without_marker"), ("line=5", conversation(f"Picture 1: {MARKER}\nWhat is it?", ANSWER))]
    assert images_of(data, str(folder / "qwen.jsonl"))[0] == [RED, BLUE]


def test_a_named_image_and_a_bare_marker_take_a_list_of_every_markers_image_never_one_image_twice(folder):
    # (hunt W8) "<img>red.png</img> and <image>" listing ["red.png"] was written with red.png twice
    def mixed(images: list[str]) -> dict:
        return {"messages": [{"role": "user", "content": "<img>red.png</img> and <image> differ?"},
                             {"role": "assistant", "content": "yes"}], "images": images}

    parts = {"messages": [{"role": "user", "content": [{"type": "image", "image": "blue.png"}, {"type": "image"},
                                                       {"type": "text", "text": "?"}]},
                          {"role": "assistant", "content": "blue then red"}], "images": ["blue.png", "red.png"]}
    data = jsonl([mixed(["red.png"]), mixed(["blue.png"]), mixed(["blue.png", "red.png"]),
                  mixed(["red.png", "blue.png"]), parts])
    assert sft(folder, "mixed.jsonl", data) == [
        ("line=1", "error:sft:marker_count_mismatch"), ("line=2", "error:sft:marker_count_mismatch"),
        ("line=3", "error:sft:ambiguous_images"),
        ("line=4", conversation(f"{MARKER} and {MARKER} differ?", "yes")),
        ("line=5", conversation(f"{MARKER}\n{MARKER}\n?", "blue then red"))]
    assert images_of(data, str(folder / "mixed.jsonl")) == [[RED, BLUE], [BLUE, RED]]


def test_an_image_marker_in_an_answer_is_refused_not_taught(folder):
    # (hunt W10) "<image> It is red." as a target teaches the model to emit an image token
    parts = {"messages": [{"role": "user", "content": ASK},
                          {"role": "assistant", "content": [{"type": "image"}, {"type": "text", "text": ANSWER}]}],
             "images": ["red.png"]}
    data = jsonl([llava(text=ASK, answer=f"{MARKER} {ANSWER}", image="red.png"), parts,
                  llava(answer=f"{ANSWER}\n<image_placeholder>", images=["red.png", "blue.png"])])
    assert sft(folder, "answers.jsonl", data) == [(f"line={n}", "filtered:image_in_answer") for n in (1, 2, 3)]


def test_other_models_placeholders_become_markers_and_numbered_ones_are_refused(folder):
    deepseek = {"conversations": [
        {"role": "User", "content": "<image_placeholder>Describe each stage of this image.", "images": ["red.png"]},
        {"role": "Assistant", "content": "A red square."}]}
    qwen2 = {"messages": [{"role": "user", "content": f"<|vision_start|><|image_pad|><|vision_end|>{ASK}"},
                          {"role": "assistant", "content": ANSWER}], "images": ["blue.png"]}
    numbered = llava(text="<image_1> and <image_2>: which is red?", images=["red.png", "blue.png"])
    assert sft(folder, "others.jsonl", jsonl([deepseek, qwen2, numbered])) == [
        ("line=1", conversation(f"{MARKER}Describe each stage of this image.", "A red square.")),
        ("line=2", conversation(f"{MARKER}{ASK}", ANSWER)),
        ("line=3", "unsupported:sft:image_placeholder")]


def test_llava_marker_variants_become_the_one_marker_with_no_stray_placeholder_left(folder):
    data = jsonl([llava(text=f"<Image>\n{ASK}", image="red.png"),                  # any case
                  llava(text=f"< image >\n{ASK}", image="red.png"),                # any spacing
                  llava(text=f"<Image><image></Image>\n{ASK}", image="red.png"),   # LLaVA's mmtag
                  llava(text=f"<im_start><image><im_end>\n{ASK}", image="red.png"),
                  llava(text="<image 1> or <image 2>: which is red?", images=["red.png", "blue.png"])])  # MMMU
    assert sft(folder, "variants.jsonl", data) == [
        (f"line={n}", conversation(f"{MARKER}\n{ASK}", ANSWER)) for n in range(1, 5)] + [
        ("line=5", "unsupported:sft:image_placeholder")]
    assert images_of(data, str(folder / "variants.jsonl")) == [[RED]] * 4
    # in a sentence it is text: a review found "Use the <Image> component" read as the image's marker
    prose = jsonl([llava(text="Write the Next.js code for this screenshot.", image="red.png",
                         answer="Use the <Image> component from next/image for the logo."),
                   {"conversations": [{"from": "human", "value": "How do I show a logo in Next.js?"},
                                      {"from": "gpt", "value": "Render an <Image> with src, width and height."}]}])
    assert sft(folder, "prose.jsonl", prose) == [
        ("line=1", conversation(f"{MARKER}\nWrite the Next.js code for this screenshot.",
                                "Use the <Image> component from next/image for the logo.")),
        ("line=2", conversation("How do I show a logo in Next.js?", "Render an <Image> with src, width and height."))]


def test_a_record_level_system_prompt_is_the_leading_system_turn(folder):
    system = "You are a pirate. Always answer in pirate speak."
    leading = {"from": "system", "value": system}
    data = jsonl([{"system": system, "conversations": [{"from": "human", "value": "hi"}, {"from": "gpt", "value": "Arr!"}]},
                  llava(image="red.png", system=f" {system}\n"),
                  {"system": system, "conversations": [leading] + llava()["conversations"], "image": "red.png"},
                  {"system": "Be brief.", "conversations": [leading] + llava()["conversations"], "image": "red.png"},
                  {"system": "", "conversations": llava()["conversations"], "image": "red.png"},
                  llava(image="red.png", system=["a list"])])
    turn = {"role": "system", "content": system}
    assert sft(folder, "system.jsonl", data) == [
        ("line=1", [turn] + conversation("hi", "Arr!")),
        ("line=2", [turn] + conversation(f"{MARKER}\n{ASK}", ANSWER)),
        ("line=3", [turn] + conversation(f"{MARKER}\n{ASK}", ANSWER)),  # the same prompt twice: once
        ("line=4", "error:sft:ambiguous_system"),
        ("line=5", conversation(f"{MARKER}\n{ASK}", ANSWER)),
        ("line=6", "error:sft:bad_system")]


def test_a_system_turn_after_the_first_turn_or_a_second_one_is_refused_not_written(folder):
    # (hunt S1) LLaMA-Factory #5978, llama.cpp #27367: a system turn later in the conversation has no place in
    # the exports (LLaVA's one `system` field) nor in Qwen / Llama / Gemma templates ("System message must be at
    # the beginning"); hoisting or merging it would write a prompt the answers were not given under
    system = {"from": "system", "value": "Answer in French."}
    turns = llava()["conversations"]
    data = jsonl([{"conversations": turns + [system, {"from": "human", "value": "And now?"},
                                             {"from": "gpt", "value": "Rouge."}], "image": "red.png"},
                  {"conversations": [system, system | {"value": "Be brief."}] + turns, "image": "red.png"},
                  {"system": "Be brief.", "conversations": turns[:1] + [system] + turns[1:], "image": "red.png"},
                  {"conversations": [system] + turns, "image": "red.png"}])
    out = list(read_sft(data, str(folder / "system_turns.jsonl")))
    assert [(r.locator, r.reason, r.detail) for r in out[:3]] == [
        ("line=1", "unsupported:sft:misplaced_system",
         "turn 3 is a system turn after an assistant turn; a system prompt "
         "leads the conversation, once"),
        ("line=2", "unsupported:sft:misplaced_system", "turn 2 is a system turn after a system turn; a system prompt "
                                                 "leads the conversation, once"),
        ("line=3", "unsupported:sft:misplaced_system", "turn 2 is a system turn after a user turn; a system prompt "
                                                 "leads the conversation, once")]
    assert out[3].conversation == [{"role": "system", "content": "Answer in French."}] + conversation(
        f"{MARKER}\n{ASK}", ANSWER)


def test_the_leading_system_prompt_repeated_later_is_kept_once(folder):
    # (review) some datasets repeat the system prompt before each round (TRL #1285 asks whether to): every
    # answer was given under that one prompt, so it leads the sample once, as a record's system field
    # equal to its leading system turn is kept once; a repeat holding an image marker is not a plain repeat
    system = {"role": "system", "content": "Answer in French."}
    rounds = [{"role": "user", "content": f"{MARKER}\n{ASK}"}, {"role": "assistant", "content": ANSWER},
              system, {"role": "user", "content": "And now?"}, {"role": "assistant", "content": "Rouge."}]
    shared = {"conversations": [{"from": "human", "value": f"{MARKER}\n{ASK}"}, {"from": "gpt", "value": ANSWER},
                                {"from": "system", "value": "Answer in French."},
                                {"from": "human", "value": "And now?"}, {"from": "gpt", "value": "Rouge."}],
              "system": "Answer in French.", "image": "red.png"}
    english = {"role": "system", "content": "Answer in English."}
    data = jsonl([{"messages": [system] + rounds, "image": "red.png"}, shared,
                  {"messages": [system] + rounds[:3] + [english] + rounds[3:], "image": "red.png"}])
    out = list(read_sft(data, str(folder / "repeated_system.jsonl")))
    want = [{"role": "system", "content": "Answer in French."}] + conversation(f"{MARKER}\n{ASK}", ANSWER, "And now?",
                                                                                "Rouge.")
    assert [r.conversation for r in out[:2]] == [want] * 2
    assert (out[2].locator, out[2].reason, out[2].detail) == (
        "line=3", "unsupported:sft:misplaced_system",
        "turn 5 is a system turn after a system turn; a system prompt leads "
        "the conversation, once")


def test_an_answer_its_dataset_keeps_out_of_training_is_refused_not_made_a_target(folder):
    # (hunt S2) axolotl #1703 and OpenAI's fine-tuning format mask an assistant turn with "weight": 0, ms-swift
    # with "loss": false (a bad answer kept as context for recovery); a sample has no per-turn flag, so
    # written, that answer would be trained on
    def flagged(**flag) -> dict:
        return {"conversations": [{"from": "human", "value": f"{MARKER}\n{ASK}"},
                                  {"from": "gpt", "value": "It is green.", **flag},
                                  {"from": "human", "value": "Look again."}, {"from": "gpt", "value": ANSWER}],
                "image": "red.png"}
    messages = {"messages": [{"role": "user", "content": f"{MARKER}\n{ASK}"},
                             {"role": "assistant", "content": ANSWER, "loss": False}], "image": "red.png"}
    data = jsonl([flagged(weight=0), flagged(weight=0.0), messages, flagged(weight=1), flagged(loss=True),
                  flagged(weight=None), {**flagged(), "conversations": [
                      {"from": "human", "value": f"{MARKER}\n{ASK}", "weight": 0}, {"from": "gpt", "value": ANSWER}]}])
    out = list(read_sft(data, str(folder / "weights.jsonl")))
    assert [(r.locator, r.reason, r.detail) for r in out[:3]] == [
        ("line=1", "unsupported:sft:untrained_turn", "turn 2 (assistant) has weight 0: its dataset keeps it out of "
                                               "training, and a sample has no way to"),
        ("line=2", "unsupported:sft:untrained_turn", "turn 2 (assistant) has weight 0.0: its dataset keeps it out of "
                                               "training, and a sample has no way to"),
        ("line=3", "unsupported:sft:untrained_turn", "turn 2 (assistant) has loss False: its dataset keeps it out of "
                                               "training, and a sample has no way to")]
    turns = conversation(f"{MARKER}\n{ASK}", "It is green.", "Look again.", ANSWER)
    assert [r.conversation for r in out[3:6]] == [turns] * 3
    assert out[6].conversation == conversation(f"{MARKER}\n{ASK}", ANSWER)  # a prompt is never trained on anyway


def test_a_training_flag_is_read_as_it_says_and_axolotls_training_false_is_refused(folder):
    # (review) "weight": 2 or 0.5 weighs an answer up or down but trains it, "loss": "true" (a flag as text)
    # trains it, a NaN weight is one a columnar export left unset, and a "loss" naming a loss function says
    # nothing of training: each answer is a target, never refused as kept out of training. axolotl's docs flag
    # a turn with "training" (its tests with "train"): false keeps that answer out, as weight 0 does
    def flagged(**flag) -> dict:
        return {"conversations": [{"from": "human", "value": f"{MARKER}\n{ASK}"},
                                  {"from": "gpt", "value": ANSWER, **flag}], "image": "red.png"}
    data = jsonl([flagged(weight=2), flagged(weight=0.5), flagged(loss="true"), flagged(weight=float("nan")),
                  flagged(loss="cross_entropy"), flagged(training=False), flagged(train="false"),
                  flagged(weight="0")])
    out = list(read_sft(data, str(folder / "flags.jsonl")))
    assert [r.conversation for r in out[:5]] == [conversation(f"{MARKER}\n{ASK}", ANSWER)] * 5
    assert [(r.locator, r.reason, r.detail) for r in out[5:]] == [
        ("line=6", "unsupported:sft:untrained_turn",
         "turn 2 (assistant) has training False: its dataset keeps it out of "
         "training, and a sample has no way to"),
        ("line=7", "unsupported:sft:untrained_turn", "turn 2 (assistant) has train false: its dataset keeps it out of "
                                               "training, and a sample has no way to"),
        ("line=8", "unsupported:sft:untrained_turn", "turn 2 (assistant) has weight 0: its dataset keeps it out of "
                                               "training, and a sample has no way to")]


def test_a_record_with_a_video_or_audio_is_refused_never_written_without_it(folder):
    # (hunt S3) LLaMA-Factory #6839, #9146: LLaVA-Video / LLaMA-Factory records carry "videos" and "<video>"; a
    # sample holds images only, so written, its answer would describe a clip the model never sees
    def video(text: str = f"<video>\n{ASK}", **extra) -> dict:
        return {"conversations": [{"from": "human", "value": text}, {"from": "gpt", "value": "A man runs."}], **extra}
    part = {"messages": [{"role": "user", "content": [{"type": "video", "video": "clip.mp4"},
                                                      {"type": "text", "text": ASK}]},
                         {"role": "assistant", "content": "A man runs."}]}
    audio = {"messages": [{"role": "user", "content": [{"type": "input_audio", "input_audio": {"data": "UklG"}},
                                                       {"type": "text", "text": ASK}]},
                          {"role": "assistant", "content": "A bell."}]}
    html = "What does <video> do in HTML?"
    data = jsonl([video(video="clip.mp4"), video(f"{MARKER}\n<video>\n{ASK}", videos=["clip.mp4"], image="red.png"),
                  part, audio, video(ASK, audios=["bell.wav"]), video(html, videos=[]), video(html, video="")])
    out = list(read_sft(data, str(folder / "videos.jsonl")))
    assert [(r.locator, r.reason, r.detail) for r in out[:5]] == [
        ("line=1", "unsupported:sft:media", "the record has video 'clip.mp4': a sample holds images only"),
        ("line=2", "unsupported:sft:media", "the record has videos ['clip.mp4']: a sample holds images only"),
        ("line=3", "unsupported:sft:media", "turn 1 has a 'video' part: a sample holds images only"),
        ("line=4", "unsupported:sft:media", "turn 1 has a 'input_audio' part: a sample holds images only"),
        ("line=5", "unsupported:sft:media", "the record has audios ['bell.wav']: a sample holds images only")]
    assert [r.conversation for r in out[5:]] == [conversation(html, "A man runs.")] * 2


def test_a_turn_that_is_nan_or_infinity_is_refused_never_written_as_its_name(folder):
    # (review) Python's json writes a float NaN (a pandas cell left empty) as NaN, and json reads it back: it
    # names no answer, and was written as the answer "nan"
    data = b"\n".join([b'{"conversations": [{"from": "human", "value": "How many?"}, {"from": "gpt", "value": NaN}]}',
                       b'{"conversations": [{"from": "human", "value": "How many?"}, {"from": "gpt", "value": '
                       b'-Infinity}]}', b'{"conversations": [{"from": "human", "value": "How many?"}, '
                       b'{"from": "gpt", "value": 4.0}]}']) + b"\n"
    out = list(read_sft(data, str(folder / "numbers.jsonl")))
    assert [(r.locator, r.reason, r.detail) for r in out[:2]] == [
        ("line=1", "error:sft:bad_turn", "turn 2: text is the number nan, which names no answer"),
        ("line=2", "error:sft:bad_turn", "turn 2: text is the number -inf, which names no answer")]
    assert out[2].conversation == conversation("How many?", "4.0")  # the number as written


def test_a_media_field_that_names_no_clip_is_no_video(folder):
    # (review) a dataset mixing images and videos gives its image records the video field empty: a list of
    # nulls, false, or an HF Video / Audio struct whose fields are all null (datasets' to_json of a row
    # without one). None names a clip, so each record is its image and answer
    empty = [{"videos": [None]}, {"video": False}, {"video": {"path": None, "bytes": None}}, {"audio": {}}]
    out = list(read_sft(jsonl([llava(image="red.png", **field) for field in empty]), str(folder / "mixed.jsonl")))
    assert [r.conversation for r in out] == [conversation(f"{MARKER}\n{ASK}", ANSWER)] * 4


def test_an_image_only_a_question_left_unanswered_shows_is_refused(folder):
    # (hunt S4) ShareGPT-style records cut mid-conversation end on a user turn (LLaMA-Factory #2962, #9600 drop
    # them); where that last question holds the image, every answer was given without it
    tail = {"conversations": [{"from": "human", "value": "Hello"}, {"from": "gpt", "value": "Hi! Send a picture."},
                              {"from": "human", "value": f"{MARKER}\n{ASK}"}], "image": "red.png"}
    second = {"conversations": llava()["conversations"] + [{"from": "human", "value": f"{MARKER}\nAnd this one?"}],
              "images": ["red.png", "blue.png"]}
    text_tail = {"conversations": llava()["conversations"] + [{"from": "human", "value": "Thanks!"}],
                 "image": "red.png"}
    out = list(read_sft(jsonl([tail, second, text_tail]), str(folder / "unanswered.jsonl")))
    assert [(r.locator, r.reason, r.detail) for r in out[:2]] == [
        ("line=1", "error:sft:unanswered_image", "turn 3 (user) holds an image marker but no answer follows it"),
        ("line=2", "error:sft:unanswered_image", "turn 3 (user) holds an image marker but no answer follows it")]
    assert out[2].conversation == conversation(f"{MARKER}\n{ASK}", ANSWER, "Thanks!")  # no image left unanswered


def test_an_image_placed_by_convention_in_a_question_left_unanswered_is_refused_as_placed(folder):
    # (review) the record has no marker: the reject says where LLaVA's convention put its image, not that the
    # record's turn holds a marker it never had
    data = jsonl([{"conversations": [{"from": "gpt", "value": "Send me a picture."}, {"from": "human", "value": ASK}],
                   "image": "red.png"}])
    out = list(read_sft(data, str(folder / "placed.jsonl")))
    assert [(r.locator, r.reason, r.detail) for r in out] == [
        ("line=1", "error:sft:unanswered_image", "turn 2 (user) is the first question, where LLaVA's convention "
                                                 "places the image, but no answer follows it")]


def test_ms_swift_grounding_placeholders_are_refused_never_written_as_the_answer(folder):
    # (hunt S6) ms-swift #3732, #3088: grounding records say "<ref-object>" and "<bbox>" and list what fills them
    # in "objects"; read as text, "<bbox><bbox>" was the answer taught
    def grounding(answer: str = "<bbox><bbox>", **extra) -> dict:
        return {"messages": [{"role": "user", "content": f"{MARKER}Find the <ref-object>"},
                             {"role": "assistant", "content": answer}], "images": ["red.png"], **extra}
    objects = {"ref": ["sheep"], "bbox": [[90.9, 160.8, 135, 212.8], [360.9, 480.8, 495, 532.8]]}
    plain = {"messages": [{"role": "user", "content": f"{MARKER}\n{ASK}"}, {"role": "assistant", "content": ANSWER}],
             "images": ["red.png"], "objects": objects}
    out = list(read_sft(jsonl([grounding(objects=objects), grounding("There: <bbox>", objects=[objects]), plain]),
                        str(folder / "grounding.jsonl")))
    assert [(r.locator, r.reason, r.detail) for r in out[:2]] == [
        (f"line={n}", "unsupported:sft:grounding", "turn 1 (user) holds '<ref-object>', which ms-swift fills "
                                                        "from the record's objects; written, it would stay text")
        for n in (1, 2)]
    assert out[2].conversation == conversation(f"{MARKER}\n{ASK}", ANSWER)  # objects beside plain text: as is


def test_a_bbox_tag_written_out_with_its_box_is_text_not_ms_swifts_placeholder(folder):
    # (review) a detection dataset's conversations write each box out, "<bbox>[x1, y1, x2, y2]</bbox>", beside
    # its own "objects" (HF detection datasets' column): ms-swift's placeholder is a bare "<bbox>", replaced
    # whole, so a closed tag is the answer's text; a bare one beside it is still refused
    objects = {"bbox": [[10, 20, 30, 40]], "category": [0]}
    def boxed(answer: str) -> dict:
        return {"messages": [{"role": "user", "content": f"{MARKER}\nWhere is the sheep?"},
                             {"role": "assistant", "content": answer}], "images": ["red.png"], "objects": objects}
    written = "The sheep is at <bbox>[10, 20, 30, 40]</bbox>."
    out = list(read_sft(jsonl([boxed(written), boxed(f"{written} <bbox>")]), str(folder / "boxes.jsonl")))
    assert out[0].conversation == conversation(f"{MARKER}\nWhere is the sheep?", written)
    assert (out[1].locator, out[1].reason) == ("line=2", "unsupported:sft:grounding")


def test_preference_records_are_refused_never_read_as_sft(folder):
    # (hunt S7) ms-swift's KTO records (#2417) mark an undesirable answer with "label": false, LLaMA-Factory's with
    # "kto_tag": false: read as SFT, the answer to unlearn was taught. Its ranking records end the conversation on
    # the question and hold the answers in "chosen" / "rejected": read as SFT, the answer was left out
    chosen, rejected = {"from": "gpt", "value": ANSWER}, {"from": "gpt", "value": "It is green."}
    ranking = {"conversations": llava()["conversations"] + [{"from": "human", "value": "Are you sure?"}],
               "chosen": chosen, "rejected": rejected, "image": "red.png"}
    ultrafeedback = llava(image="red.png", chosen=llava()["conversations"], rejected=[])  # turns: the chosen
    data = jsonl([llava(image="red.png", label=False), llava(image="red.png", kto_tag=False), ranking,
                  llava(image="red.png", label=True), llava(image="red.png", label="cat"), ultrafeedback])
    out = list(read_sft(data, str(folder / "preference.jsonl")))
    assert [(r.locator, r.reason, r.detail) for r in out[:3]] == [
        ("line=1", "unsupported:sft:preference_record", "the record's label false marks its answer as one to unlearn "
                                                  "(KTO), not to learn"),
        ("line=2", "unsupported:sft:preference_record", "the record's kto_tag false marks its answer as one to unlearn "
                                                  "(KTO), not to learn"),
        ("line=3", "unsupported:sft:preference_record",
         "the record's turns end on the question and its answers are its "
         "chosen and rejected (a preference pair)")]
    assert [r.conversation for r in out[3:]] == [conversation(f"{MARKER}\n{ASK}", ANSWER)] * 3


def test_a_kto_flag_false_as_text_or_on_the_answer_is_refused_never_taught(folder):
    # (review R1) a plain ShareGPT record carrying "label": "false" (a KTO column written out as text by pandas or a
    # CSV step) or an answer turn carrying "label": false was written, the answer to unlearn taught as a good one
    answer_flagged = llava(image="red.png")
    answer_flagged["conversations"][1]["label"] = False
    question_flagged = llava(image="red.png")
    question_flagged["conversations"][0]["label"] = False  # a prompt is never a target
    data = jsonl([llava(image="red.png", kto_tag="false"), llava(image="red.png", kto_tag="False"), answer_flagged,
                  llava(image="red.png", label=0), question_flagged])
    out = list(read_sft(data, str(folder / "kto.jsonl")))
    assert [(r.locator, r.reason, r.detail) for r in out[:3]] == [
        ("line=1", "unsupported:sft:preference_record", "the record's kto_tag false marks its answer as one to unlearn "
                                                  "(KTO), not to learn"),
        ("line=2", "unsupported:sft:preference_record", "the record's kto_tag false marks its answer as one to unlearn "
                                                  "(KTO), not to learn"),
        ("line=3", "unsupported:sft:preference_record",
         "turn 2 (assistant) has label False: it marks the answer as one "
         "to unlearn (KTO), not to learn")]
    assert [r.conversation for r in out[3:]] == [conversation(f"{MARKER}\n{ASK}", ANSWER)] * 2  # 0: a class label


def test_a_class_label_written_as_text_true_or_false_is_no_kto_flag(folder):
    # (review rrec) NLVR2 writes its class label as text, "label": "True" / "False", beside a question whose answer
    # is that label: read as KTO's flag, every "False" record was refused and every "True" one written, a set whose
    # answers were all "True". Only KTO's own kto_tag is read from its text; a label is KTO's as the bool only
    ask = f"{MARKER}\nIs the sentence true of the image?"
    data = jsonl([llava(ask, "False", image="red.png", label="False"), llava(ask, "True", image="red.png",
                                                                             label="True")])
    out = list(read_sft(data, str(folder / "nlvr2.jsonl")))
    assert [r.conversation for r in out] == [conversation(ask, "False"), conversation(ask, "True")]


def test_a_qwen2_vl_system_turn_with_its_own_image_tokens_is_refused_with_the_turn_named(folder):
    # (review) Qwen2-VL's chat template draws an image in a system turn, but the exports here hold the system prompt
    # as a string apart from the turns: refused, as a content list's image item is, naming the turn
    vision = "<|vision_start|><|image_pad|><|vision_end|>"
    record = {"messages": [{"role": "system", "content": f"{vision}You judge this logo."},
                           {"role": "user", "content": f"{vision}Is it the same logo?"},
                           {"role": "assistant", "content": "Yes."}], "images": ["red.png", "red.png"]}
    [refused] = read_sft(jsonl([record]), str(folder / "qwen.jsonl"))
    assert (refused.locator, refused.reason, refused.detail) == (
        "line=1", "unsupported:sft:image_in_system_turn",
        "turn 1 (system) holds an image marker: a system prompt has no place for an image")


def test_an_image_in_the_system_prompt_is_refused(folder):
    # (review R3) a system turn's <image> took the record's image, so the sample was written with the image in a
    # prompt no template places it in; a record-level system placeholder was left as text beside the question's
    system_turn = {"conversations": [{"from": "system", "value": f"{MARKER}\nYou see a photo."}]
                   + llava(ASK)["conversations"], "image": "red.png"}
    part = {"messages": [{"role": "system", "content": [{"type": "image"}, {"type": "text", "text": "Be brief."}]},
                         {"role": "user", "content": ASK}, {"role": "assistant", "content": ANSWER}],
            "images": ["red.png"]}
    data = jsonl([system_turn, part, llava(ASK, image="red.png", system="<image_placeholder> You see a photo."),
                  llava(image="red.png", system="You see a photo.")])
    out = list(read_sft(data, str(folder / "system.jsonl")))
    turn = "turn 1 (system) holds an image marker: a system prompt has no place for an image"
    record = "the record's system prompt holds an image placeholder: a system prompt has no place for an image"
    assert [(r.locator, r.reason, r.detail) for r in out[:3]] == [
        ("line=1", "unsupported:sft:image_in_system_turn", turn),
        ("line=2", "unsupported:sft:image_in_system_turn", turn),
        ("line=3", "unsupported:sft:image_in_system_turn", record)]
    assert out[3].conversation == [{"role": "system", "content": "You see a photo."},
                                   *conversation(f"{MARKER}\n{ASK}", ANSWER)]
    assert len(out[3].images) == 1


def test_image_and_images_together_must_name_the_same_images(folder):
    data = jsonl([llava(image="red.png", images=["blue.png"]), llava(image="red.png", images=[]),
                  llava(image="red.png", images=["red.png"]), llava(image=None, images=["red.png"])])
    uri = str(folder / "both.jsonl")
    out = list(read_sft(data, uri))
    assert [(r.locator, r.reason, r.detail) for r in out[:2]] == [
        ("line=1", "error:sft:ambiguous_images", "'images' ['blue.png'] and 'image' 'red.png' name different images"),
        ("line=2", "error:sft:ambiguous_images", "'images' [] and 'image' 'red.png' name different images")]
    assert [(r.conversation, r.images) for r in out[2:]] == [(conversation(f"{MARKER}\n{ASK}", ANSWER), [RED])] * 2


def test_turns_with_another_formats_keys_or_two_roles_say_so(folder):
    llava_keys = {"messages": [{"from": "human", "value": f"{MARKER}\n{ASK}"}, {"from": "gpt", "value": ANSWER}],
                  "image": "red.png"}
    two_roles = {"conversations": [{"role": "user", "from": "gpt", "value": ASK}, {"from": "gpt", "value": ANSWER}]}
    padded = {"conversations": [{"from": "human ", "value": ASK}, {"from": "GPT", "value": ANSWER}]}
    out = list(read_sft(jsonl([llava_keys, two_roles, padded]), str(folder / "keys.jsonl")))
    assert [(r.reason, r.detail) for r in out[:2]] == [
        ("error:sft:unknown_role", "turn 1 has no 'role' but has 'from', which this list's turns do not use"),
        ("error:sft:ambiguous_role", "turn 1 has {'from': 'gpt', 'role': 'user'}: they name different roles")]
    assert out[2].conversation == conversation(ASK, ANSWER)


def test_a_tool_turn_is_unsupported_a_developer_prompt_is_the_system_prompt_an_invented_role_an_error(folder):
    # (review) an OpenAI conversation with a tool's turn is valid OpenAI input: it was error:sft:unknown_role, as
    # a role no format has ("narrator") is, though nothing in it is broken
    tool = {"messages": [{"role": "user", "content": ASK}, {"role": "assistant", "content": "Let me look."},
                         {"role": "tool", "content": "red"}, {"role": "assistant", "content": ANSWER}]}
    developer = {"messages": [{"role": "developer", "content": "Be brief."}, {"role": "user", "content": ASK},
                              {"role": "assistant", "content": ANSWER}]}
    invented = {"messages": [{"role": "narrator", "content": ASK}, {"role": "assistant", "content": ANSWER}]}
    call = {"messages": [{"role": "user", "content": ASK}, {"role": "assistant", "content": None, "tool_calls": [
        {"id": "c1", "type": "function", "function": {"name": "colour", "arguments": "{}"}}]},
        {"role": "assistant", "content": ANSWER}]}
    out = list(read_sft(jsonl([tool, developer, invented, call]), str(folder / "roles.jsonl")))
    assert (out[3].reason, out[3].detail) == ("unsupported:sft:tool_call", (
        "turn 2 (assistant) has tool_calls [{'id': 'c1', 'type': 'function', 'function': {'name': 'colour', "
        "'arguments': '{}'}}]: a call to a tool, which a sample's text turns cannot carry"))
    # (review) OpenAI's "developer" message is its system prompt under a newer name (the API converts either to
    # the other, as the model takes it): it was refused as unsupported:sft:role, a valid prompt a sample carries
    assert out[1].conversation == [{"role": "system", "content": "Be brief."}] + conversation(ASK, ANSWER)
    assert [(r.reason, r.detail) for r in (out[0], out[2])] == [
        ("unsupported:sft:role", "turn 3 has role 'tool', a role of its chat format that a sample's user, assistant "
                                 "and system turns cannot carry"),
        ("error:sft:unknown_role", "turn 1 has role 'narrator'; known: ['assistant', 'bot', 'chatgpt', 'developer', "
                                   "'gpt', 'human', 'model', 'system', 'user']")]


def test_a_turn_whose_tool_calls_are_written_out_empty_calls_no_tool(folder):
    # (review) exports that keep every turn's fields as text for one Arrow schema write no call as "[]" or "null":
    # a plain answer was refused as unsupported:sft:tool_call, a call to a tool it does not make
    records = [{"messages": [{"role": "user", "content": ASK, "tool_calls": "null"},
                             {"role": "assistant", "content": ANSWER, "tool_calls": empty, "function_call": "{}"}]}
               for empty in ("[]", " null ", "")]
    called = {"messages": [{"role": "user", "content": ASK}, {"role": "assistant", "content": None, "tool_calls":
                                                              '[{"id": "c1", "type": "function"}]'}]}
    out = list(read_sft(jsonl(records + [called]), str(folder / "calls.jsonl")))
    assert [r.conversation for r in out[:3]] == [conversation(ASK, ANSWER)] * 3
    assert out[3].reason == "unsupported:sft:tool_call"


def test_numeric_turn_values_are_their_text_as_written(folder):
    data = b'{"conversations": [{"from": "human", "value": 12}, {"from": "gpt", "value": 1e5}]}\n' \
           b'{"conversations": [{"from": "human", "value": "2 + 2?"}, {"from": "gpt", "value": 4.50}]}\n' \
           b'{"conversations": [{"from": "human", "value": "Yes?"}, {"from": "gpt", "value": true}]}\n'
    assert sft(folder, "numbers.jsonl", data) == [("line=1", conversation("12", "1e5")),
                                                  ("line=2", conversation("2 + 2?", "4.50")),
                                                  ("line=3", "error:sft:bad_turn")]


def test_every_sample_has_one_image_per_marker(folder):
    data = json.dumps([
        llava(image="red.png"),                                          # marker and image
        llava(text=ASK, images=["red.png", "blue.png"]),                 # no marker: LLaVA's convention
        llava(text=f"{MARKER}\n{MARKER}\n{ASK}", image="red.png"),       # two markers, one image
        llava(text=f"{MARKER}\n{ASK}", images=["red.png", "blue.png"]),  # one marker, two images
        llava(text=f"{MARKER}\n{ASK}"),                                  # a marker, no image
    ]).encode()
    out = sft(folder, "count.json", data)
    assert out == [("record=1", conversation(f"{MARKER}\n{ASK}", ANSWER)),
                   ("record=2", conversation(f"{MARKER}\n{MARKER}\n{ASK}", ANSWER)),
                   ("record=3", "error:sft:image_marker_without_image"),
                   ("record=4", "error:sft:image_without_marker"),
                   ("record=5", "error:sft:image_marker_without_image")]
    for sample in read_sft(data, str(folder / "count.json")):
        if isinstance(sample, Sample):
            assert sum(t["content"].count(MARKER) for t in sample.conversation) == len(sample.images)


def test_a_target_whose_markers_disagree_with_its_images_is_never_written(folder, monkeypatch):
    """The last check, after the images are read: a normaliser that lost count is caught there."""
    import sources.records.sft as sft_module

    monkeypatch.setattr(sft_module, "normalise", lambda record, unnamed=(): (conversation(ASK, ANSWER), ["red.png"]))
    assert sft(folder, "lost.jsonl", jsonl([llava()])) == [("line=1", "error:sft:marker_count_mismatch")]


# --- SFT: WebDataset tars ---

def test_a_key_given_twice_with_different_values_refuses_its_record_not_the_last_value(folder):
    # (hunt W9) "image": "red.png", "image": "blue.png" was read as blue.png, silently
    turns = json.dumps(llava()["conversations"])
    twice = f'{{"conversations": {turns}, "image": "red.png", "image": "blue.png"}}'
    same = f'{{"conversations": {turns}, "image": "red.png", "image": "red.png"}}'  # one value: one record
    in_turn = '{"image": "red.png", "conversations": [{"from": "human", "value": "<image>Q", "value": "Q2"}, ' \
              '{"from": "gpt", "value": "A"}]}'
    detail = "key 'image' is given twice, as 'red.png' and as 'blue.png'"
    for name, data in [("dup.jsonl", f"{twice}\n{same}\n{in_turn}\n"), ("dup.json", f"[{twice}, {same}, {in_turn}]")]:
        out = list(read_sft(data.encode(), str(folder / name)))
        assert [r.detail if isinstance(r, Reject) else r.conversation for r in out] == [
            detail, conversation(f"{MARKER}\n{ASK}", ANSWER), "key 'value' is given twice, as '<image>Q' and as 'Q2'"]
        assert [r.reason for r in out if isinstance(r, Reject)] == ["error:sft:duplicate_key"] * 2
    [reject] = read_sft(tar([("s1.json", twice.encode()), ("s1.png", RED)]), str(folder / "dup.tar"))
    assert (reject.locator, reject.reason, reject.detail) == ("key=s1", "error:sft:duplicate_key", detail)


def test_tar_samples_group_by_webdatasets_key_wherever_their_members_lie(folder):
    members = [("conv-1.json", json.dumps(llava(image="conv-1.png")).encode()),
               ("img.v2.json", json.dumps(llava(image="img.v2.png")).encode()),
               ("conv-2.json", json.dumps(llava(image="conv-2.jpg")).encode()),
               ("img.v2.png", RED),
               ("conv-1.png", BLUE),  # not adjacent to its json
               ("conv-3.png", RED)]   # no json
    data = tar(members)
    assert sft(folder, "shard.tar", data) == [
        ("key=conv-1", conversation(f"{MARKER}\n{ASK}", ANSWER)),
        ("key=img", conversation(f"{MARKER}\n{ASK}", ANSWER)),
        ("key=conv-2", "error:sft:image_missing"),
        ("key=conv-3", "error:sft:bad_json")]
    assert images_of(data, str(folder / "shard.tar")) == [[BLUE], [RED]]


def test_a_tar_samples_lone_image_member_is_one_image_never_two_and_never_left_out(folder):
    two_refs = {"images": ["a.jpg", "b.jpg"], **llava(text=f"{MARKER}\n{MARKER}\nWhich differs?")}
    data = tar([("s1.json", json.dumps(two_refs).encode()), ("s1.jpg", RED),
                ("s2.json", json.dumps(llava(text="Describe.", answer="A red square.")).encode()), ("s2.png", RED),
                ("s3.json", json.dumps(llava()).encode()), ("s3.png", BLUE),
                ("s4.json", json.dumps(llava()).encode()), ("s4.0.png", RED), ("s4.1.png", BLUE),
                ("s5.json", json.dumps(llava(image="other-name.png")).encode()), ("s5.png", RED)])
    out = list(read_sft(data, str(folder / "lone.tar")))
    assert [(r.locator, r.reason, r.detail) for r in out if isinstance(r, Reject)] == [
        ("key=s1", "error:sft:image_missing", "a.jpg: no member 'a.jpg' in tar sample s1 (members ['jpg', 'json']);"
                                              " the record names 2 images, so none stands in for another"),
        ("key=s4", "error:sft:ambiguous_images", "the record names no image but its sample holds 2 "
                                                 "(['s4.0.png', 's4.1.png']): their order is unknown")]
    assert [(r.meta["locator"], r.conversation, r.images) for r in out if isinstance(r, Sample)] == [
        ("key=s2", conversation(f"{MARKER}\nDescribe.", "A red square."), [RED]),  # LLaVA's placement
        ("key=s3", conversation(f"{MARKER}\n{ASK}", ANSWER), [BLUE]),
        ("key=s5", conversation(f"{MARKER}\n{ASK}", ANSWER), [RED])]  # one ref, one member: by any name


# --- SFT: hostile sizes and shapes ---

def test_a_deeply_nested_record_is_one_reject_and_the_rest_of_the_file_counts(folder):
    data = (jsonl([llava(image="red.png")]) + nested_json(100_000).encode() + b"\n"
            + jsonl([llava(text="Hi", answer="Hello")]))
    assert sft(folder, "deep.jsonl", data) == [("line=1", conversation(f"{MARKER}\n{ASK}", ANSWER)),
                                               ("line=2", "error:sft:too_deeply_nested"),
                                               ("line=3", conversation("Hi", "Hello"))]
    array = b"[" + json.dumps(llava(text="Hi", answer="Hello")).encode() + b"," + nested_json(100_000).encode() \
        + b"," + json.dumps(llava(text="Bye", answer="Bye.")).encode() + b"]"
    assert sft(folder, "deep.json", array) == [("record=1", conversation("Hi", "Hello")),
                                               ("record=2", "error:sft:too_deeply_nested"),
                                               ("record=3", conversation("Bye", "Bye."))]


@pytest.mark.parametrize("name", ["huge.jsonl", "huge.json"])
def test_a_record_over_the_cap_is_refused_unparsed_without_copying_it(folder, name):
    line = json.dumps(llava(text="x" * 20_000_000)).encode()  # stands for a 300 MB line
    small = json.dumps(llava(text="Hi", answer="Hello")).encode()
    data = small + b"\n" + line + b"\n" + small if name.endswith("l") else b"[" + small + b"," + line + b"," + small + b"]"
    tracemalloc.start()
    out = sft(folder, name, data, max_record_bytes=2**20)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    unit = "line" if name.endswith("l") else "record"
    assert out == [(f"{unit}=1", conversation("Hi", "Hello")), (f"{unit}=2", "error:sft:record_too_large"),
                   (f"{unit}=3", conversation("Hi", "Hello"))]
    assert peak < len(line) // 4, f"{peak} bytes allocated reading past a {len(line)}-byte record"


@pytest.fixture
def sparse_image(folder):
    """A 2 GiB image file that takes no disk (a hole)."""
    path = folder / "huge.png"
    with open(path, "wb") as f:
        f.write(RED)
        f.truncate(2 * 2**30)
    return path


def test_an_image_file_over_the_cap_is_refused_from_its_size_unread(folder, sparse_image):
    tracemalloc.start()
    out = sft(folder, "big.jsonl", jsonl([llava(image="huge.png"), llava(image="red.png")]))
    captions = records(read_captions, jsonl([{"image": "huge.png", "caption": "A very large picture."}]),
                       str(folder / "pairs.jsonl"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert out == [("line=1", "error:image:too_large"), ("line=2", conversation(f"{MARKER}\n{ASK}", ANSWER))]
    assert captions == [("row=1", "error:image:too_large")]
    assert peak < 8 * 2**20


# --- tars bigger inside than outside (captions and SFT read them alike) ---

@pytest.mark.parametrize("reader, options", [(read_captions, CaptionOptions()), (read_sft, SftOptions())])
def test_a_gzip_tar_whose_header_claims_gigabytes_is_refused_before_reading(folder, reader, options):
    data = claimed_member_tar([("a.json", json.dumps({"caption": "A red square.", **llava()}).encode()),
                               ("a.png", RED)], "big.png")
    assert len(data) < 2000
    tracemalloc.start()
    out = records(reader, data, str(folder / "claims.tar"), options)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [r for _, r in out][1:] == ["error:tar:member_too_large", "error:tar:too_large"]
    assert out[1][0] == "key=big" and out[2][0] == "remainder" and isinstance(out[0][1], (str, list))
    assert out[0][1] != "error:tar:member_too_large"
    assert peak < 8 * 2**20


@pytest.mark.parametrize("reader, options", [(read_captions, CaptionOptions()), (read_sft, SftOptions())])
def test_a_sparse_member_claiming_gigabytes_is_refused_and_the_rest_is_read(folder, reader, options):
    after = [("b.json", json.dumps({"caption": "A red square.", **llava(image="b.png")}).encode()), ("b.png", RED)]
    data = sparse_member_tar("big.png", after=after)
    assert len(data) <= 10240 * 2
    tracemalloc.start()
    out = records(reader, data, str(folder / "sparse.tar"), options)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    expected = "A red square." if reader is read_captions else conversation(f"{MARKER}\n{ASK}", ANSWER)
    assert out == [("key=big", "error:tar:member_too_large"), ("key=b", expected)]
    assert peak < 8 * 2**20


def test_a_tar_cut_short_says_so_instead_of_ending_quietly(folder):
    data = tar([("a.png", RED), ("a.txt", b"A red square."), ("b.png", BLUE), ("b.txt", b"A blue square.")])
    cut = data[:512 * 2 + len(RED) // 512 * 512 + 512 + 200]  # inside a.txt's header
    out = records(read_captions, cut, str(folder / "cut.tar"))
    assert ("remainder", "error:tar:unreadable") in out and all(r != "A red square." for _, r in out)


# --- captions ---

def test_caption_rows_are_read_each_with_its_own_fields(folder):
    rows = [{"image": "red.png", "caption": "A red square on white.", "year": "2019"},
            {"image": "blue.png", "caption": "A blue square on white.", "year": 2020},
            {"image": "red.png", "caption": "Red again, in a list.", "year": [2021], "extra": {"a": 1}},
            {"image": "red.png", "caption": {"en": "not text"}},
            {"caption": "No image field here."},
            "not an object"]
    assert records(read_captions, jsonl(rows), str(folder / "pairs.jsonl")) == [
        ("row=1", "A red square on white."), ("row=2", "A blue square on white."),
        ("row=3", "Red again, in a list."), ("row=4", "error:captions:bad_caption"),
        ("row=5", "error:captions:no_columns"), ("row=6", "error:captions:no_columns")]
    assert records(read_captions, with_bom(json.dumps(rows[:2]).encode()), str(folder / "pairs.json")) == [
        ("row=1", "A red square on white."), ("row=2", "A blue square on white.")]


def test_caption_tars_pair_members_by_key_wherever_they_lie_with_one_reject_per_broken_pair(folder):
    # (a's caption starts with a byte-order mark, as Windows editors write it: it is no part of the caption)
    members = [("a.png", RED), ("b.png", BLUE), ("shot.v2.jpg", _jpeg()), ("a.txt", with_bom(b"A red square on white.")),
               ("shot.v2.txt", "Un carré, façade.".encode()), ("b.json", b'{"url": "http://x/b.png"}'),
               ("c.txt", b"A caption without a picture."), ("d.png", RED), ("d.txt", b"caf\xe9 latin-1"),
               ("e.png", RED), ("e.webp", RED), ("e.txt", b"Two pictures, one caption.")]
    assert records(read_captions, tar(members), str(folder / "pairs.tar")) == [
        ("key=a", "A red square on white."), ("key=b", "error:captions:no_caption"),
        ("key=shot", "Un carré, façade."), ("key=c", "error:captions:no_image"),
        ("key=d", "error:captions:bad_caption"), ("key=e", "error:captions:ambiguous_members")]


def test_a_caption_tars_txt_is_the_caption_and_a_json_caption_that_disagrees_is_a_reject(folder):
    # (review) LAION's dataset spec and img2dataset write the caption to .txt and the metadata, with the caption
    # again, to .json: the txt was taken silently where the json's caption said another text (a stale rewrite)
    members = [("a.png", RED), ("a.txt", b"A red square."), ("a.json", b'{"caption": "A  red square.", "url": 1}'),
               ("b.png", BLUE), ("b.txt", b"A blue square."), ("b.json", b'{"caption": "A red square."}'),
               ("c.png", RED), ("c.txt", b"Tom &amp; Jerry on a red card."),
               ("c.json", json.dumps({"caption": "Tom & Jerry on a red card.", "width": 8}).encode())]
    out = list(read_captions(tar(members), str(folder / "both.tar")))
    assert [(r.meta["locator"], r.text) if isinstance(r, Sample) else (r.locator, r.reason, r.detail)
            for r in out] == [
        ("key=a", "A red square."),
        ("key=b", "filtered:captions_disagree",
         "the txt member says 'A blue square.' and the json member's caption 'A red square.': a pair has one caption"),
        ("key=c", "Tom & Jerry on a red card.")]
    # (review) one text in two Unicode forms (a macOS tool's decomposed "e" and its accent beside the composed "é")
    # is one caption, not two: it was refused as captions_disagree
    members = [("d.png", RED), ("d.txt", "Café crème on a red tray.".encode()),
               ("d.json", json.dumps({"caption": "Cafe\u0301 cre\u0300me on a red tray."}).encode())]
    [sample] = read_captions(tar(members), str(folder / "forms.tar"))
    assert (sample.meta["locator"], sample.text) == ("key=d", "Café crème on a red tray.")


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 200, 10)).save(buf, format="JPEG")
    return buf.getvalue()


def test_a_gzip_compressed_tar_named_tar_is_read(folder):
    data = tar([("a.png", RED), ("a.txt", b"A red square on white.")], compress=True)
    assert gzip.decompress(data)[:5] == b"a.png"
    assert records(read_captions, data, str(folder / "pairs.tar")) == [("key=a", "A red square on white.")]


# --- text corpora ---

def test_text_lines_end_at_newline_only_and_json_rows_keep_their_own_fields(folder):
    text = with_bom("One line\u2028still the first\r\nSecond line\n\nThird\u0085line\n".encode())
    assert records(read_text_corpus, text, str(folder / "c.txt"), TextOptions(split="lines")) == [
        # U+0085 ends no line; alone in text it is cp1252's "…" read as latin-1, and ftfy makes it that again
        ("doc=1", "One line\u2028still the first"), ("doc=2", "Second line"), ("doc=3", "Third\u2026line")]
    rows = jsonl([{"text": "First document.", "year": "2019"}, {"text": "Second document.", "year": 2020},
                  {"note": "no text field"}, {"text": 1.5}, {"text": {"en": "Hello there."}}, {"text": None}])
    assert records(read_text_corpus, rows, str(folder / "c.jsonl")) == [
        ("doc=1", "First document."), ("doc=2", "Second document."), ("doc=3", "error:text:no_text_field"),
        ("doc=4", "error:text:not_text"), ("doc=5", "error:text:not_text"), ("doc=6", "filtered:empty_text")]


def test_json_records_cut_arrays_without_recursing_and_report_every_broken_element():
    data = b'[{"a": "x,]}\\""}, [[1]] , {bad}, 3, ]'
    got = [(r.locator, r.value, r.problem) for r in json_records(data, "f.json")]
    assert got == [("record=1", {"a": 'x,]}"'}, None), ("record=2", [[1]], None), ("record=3", None, "bad_json"),
                   ("record=4", 3, None), ("record=5", None, "bad_json")]
    assert [r.problem for r in json_records(b'[1, "cut sho', "f.json")] == [None, "bad_json"]
    assert [r.problem for r in json_records(b"[1] [2]", "f.json")] == [None, "bad_json"]
    assert list(json_records(b"  []  ", "f.json")) == []


def test_a_lone_surrogate_escape_refuses_its_record_and_the_rest_of_the_file_is_read(folder):
    # a blind hunt: '\\ud83d' (an emoji cut in two by a scraper) is legal JSON, and json.loads makes it a str
    # no UTF-8 key or shard can hold: the sample's key raised, and the file's remaining rows were lost in one
    # "remainder" reject while the ledger balanced; a pair escaped whole is an emoji, and fine
    rows = (b'{"image": "red.png", "caption": "a red square \\ud83d cut"}\n'
            b'{"image": "red.png", "caption": "a fine red square \\ud83d\\ude00"}\n'
            b'{"image": "red.png", "caption": "a literal \\\\ud83d, no escape"}\n')
    assert records(read_captions, rows, str(folder / "c.jsonl")) == [
        ("row=1", "error:captions:bad_text"), ("row=2", "a fine red square \U0001f600"),
        ("row=3", "a literal \\ud83d, no escape")]
    assert records(read_text_corpus, rows.replace(b'"caption"', b'"text"'), str(folder / "c.jsonl")) == [
        ("doc=1", "error:text:bad_text"), ("doc=2", "a fine red square \U0001f600"), ("doc=3", "a literal \\ud83d, no escape")]
    sft = "".join(json.dumps(r) + "\n" for r in [llava(f"{MARKER}\nWhat is \udc00?", image="red.png"),
                                                 llava(image="red.png")]).encode()  # ASCII: escaped
    assert records(read_sft, sft, str(folder / "s.jsonl")) == [
        ("line=1", "error:sft:bad_text"), ("line=2", conversation(f"{MARKER}\n{ASK}", ANSWER))]


@pytest.mark.parametrize("top", ["sep=,\n", "\ufeffsep=,\r\n", "sep=;\n"])
def test_excels_sep_line_above_a_caption_or_text_csv_is_no_header(folder, top):
    # (lead) Excel's "sep=," line was read as a caption table's header ("sep=", ""): no image or caption column, every
    # pair of the file refused (error:captions:no_columns), as a text corpus's every document
    delimiter = top[-2] if top.endswith(",\n") or top.endswith(";\n") else ","
    table = f"{top}url{delimiter}caption\nred.png{delimiter}a red square\nblue.png{delimiter}\"a blue, square\"\n"
    assert records(read_captions, table.encode(), str(folder / "c.csv")) == [
        ("row=1", "a red square"), ("row=2", "a blue, square")]
    texts = f"{top}id{delimiter}text\n1{delimiter}A first document here.\n"
    assert records(read_text_corpus, texts.encode(), str(folder / "t.csv")) == [("doc=1", "A first document here.")]


@pytest.mark.parametrize("top", ['"sep=,"\n', "SEP=,\n", "sep=, \r\n", '\ufeff"sep=,"\n'])
def test_excels_sep_line_quoted_in_capitals_or_spaced_is_no_header_either(folder, top):
    # (review) a "sep=," line a CSV writer quoted ('"sep=,"'), or written "SEP=," or with a space after, was still read
    # as the header: ('sep=,') refused every pair ("2 fields where the header has 1"), ('SEP=', '') lost them all
    table = f"{top}url,caption\nred.png,a red square\nblue.png,\"a blue, square\"\n"
    assert records(read_captions, table.encode(), str(folder / "c.csv")) == [
        ("row=1", "a red square"), ("row=2", "a blue, square")]


def test_csv_captions_are_the_text_written_and_a_repeated_column_or_an_unclear_wrapper_is_refused(folder):
    # a blind hunt: pyarrow typed a caption column of digits ("0012345678" written "12345678.0", a long one
    # "1.2345678901234568e+21"), a header naming "caption" twice kept the last silently, and a JSON object
    # wrapping its rows took its first list ("info": ["x"]) for them
    table = b"url,caption\nred.png,0012345678\nblue.png,1234567890123456789012\n"
    assert records(read_captions, table, str(folder / "c.csv")) == [
        ("row=1", "0012345678"), ("row=2", "1234567890123456789012")]
    texts = b"id,text\n1,00123 is the code\n2,1234567890123456789012 is the number\n"
    assert records(read_text_corpus, texts, str(folder / "t.csv")) == [
        ("doc=1", "00123 is the code"), ("doc=2", "1234567890123456789012 is the number")]
    twice = b"url,caption,caption\nred.png,first caption,second caption\n"
    assert records(read_captions, twice, str(folder / "twice.csv")) == [(None, "error:captions:repeated_column")]
    # one ragged row is that row's reject (pyarrow refused the whole file); a quoted field keeps its line break
    ragged = b'url,caption\nred.png,a red square,extra\n\nblue.png,"a blue square,\non white"\n'
    assert records(read_captions, ragged, str(folder / "r.csv")) == [
        ("row=1", "error:captions:bad_row"), ("row=2", "a blue square, on white")]
    ragged_texts = b"id,text\n1,A first document here.,extra\n2,A second document here.\n"
    assert records(read_text_corpus, ragged_texts, str(folder / "r2.csv")) == [
        ("doc=1", "error:text:bad_row"), ("doc=2", "A second document here.")]
    wrapped = b'{"info": ["x"], "data": [{"image": "red.png", "caption": "a red square"}]}'
    assert records(read_captions, wrapped, str(folder / "w.json")) == [("row=1", "a red square")]
    unclear = b'{"train": [{"image": "red.png", "caption": "a"}], "test": [{"image": "red.png", "caption": "b"}]}'
    assert records(read_captions, unclear, str(folder / "u.json")) == [(None, "error:captions:no_rows")]
    # one record with a list field is that record, not a wrapper of its list's items
    single = b'{"image": "red.png", "caption": "A red square on white.", "tags": [{"t": "red"}, {"t": "square"}]}'
    assert records(read_captions, single, str(folder / "s.json")) == [("row=1", "A red square on white.")]
    document = b'{"text": "One document with its authors listed.", "authors": ["A. Writer", "B. Writer"]}'
    assert records(read_text_corpus, document, str(folder / "d.json")) == [
        ("doc=1", "One document with its authors listed.")]


def test_sft_and_hub_rows_wrapped_in_an_object_or_holding_a_lone_surrogate(folder):
    # an SFT .json of {"data": [...]} was one no_conversation reject; a hub row and an SFT tar record with a
    # lone surrogate escape raised where their keys were made, the hub losing the rest of its file
    from sources.hub.layouts import HubOptions
    from sources.hub.read import read_hf_dataset

    wrapped = json.dumps({"version": 2, "data": [llava(image="red.png"), llava(image="blue.png")]}).encode()
    assert records(read_sft, wrapped, str(folder / "w.json")) == [
        ("record=1", conversation(f"{MARKER}\n{ASK}", ANSWER)), ("record=2", conversation(f"{MARKER}\n{ASK}", ANSWER))]
    one = json.dumps(llava(image="red.png")).encode()  # one conversation a file: its turns are no rows
    assert records(read_sft, one, str(folder / "o.json")) == [("record=1", conversation(f"{MARKER}\n{ASK}", ANSWER))]
    rows = (b'{"image": "red.png", "caption": "a red square \\ud83d cut"}\n'
            b'{"image": "red.png", "caption": "a fine red square"}\n')
    got = [(r.meta["locator"], r.text) if isinstance(r, Sample) else (r.locator, r.reason)
           for r in read_hf_dataset(rows, str(folder / "h.jsonl"), HubOptions(preset="captions"))]
    assert got == [("line=1", "error:hub:bad_text"), ("line=2", "a fine red square")]
    sample = [("s1.json", json.dumps(llava("What is \udc00?", image="s1.png")).encode()), ("s1.png", RED)]
    assert [r.reason for r in read_sft(tar(sample), str(folder / "s.tar"))] == ["error:sft:bad_text"]


def test_mojibake_in_captions_texts_and_conversations_is_undone_or_refused(folder):
    # a blind hunt: "CafÃ© crÃ¨me" (UTF-8 read as cp1252 by whoever scraped it) was written as it came; ftfy
    # undoes it where the bytes allow, and text still garbled after is refused; text that is fine stays as it is
    rows = jsonl([{"image": "red.png", "caption": "CafÃ© crÃ¨me on a table"},
                  {"image": "red.png", "caption": "A “quoted” naïve café, 2 × 3"}])
    assert records(read_captions, rows, str(folder / "c.jsonl")) == [
        ("row=1", "Café crème on a table"), ("row=2", "A “quoted” naïve café, 2 × 3")]
    texts = jsonl([{"text": "Schöne GrÃ¼ÃŸe aus Köln"}, {"text": "Plain text stays."}])
    assert records(read_text_corpus, texts, str(folder / "t.jsonl")) == [
        ("doc=1", "Schöne Grüße aus Köln"), ("doc=2", "Plain text stays.")]
    sft = jsonl([llava(f"{MARKER}\nWhat is on the plate?", "CafÃ© crÃ¨me, in a cup.", image="red.png")])
    assert records(read_sft, sft, str(folder / "s.jsonl")) == [
        ("line=1", conversation(f"{MARKER}\nWhat is on the plate?", "Café crème, in a cup."))]


def test_undoing_mojibake_leaves_the_rest_of_the_text_as_written(folder):
    # (hunt W7) with all of ftfy's fixes on, a turn holding mojibake also lost its HTML escapes, its curly
    # quotes and its full-width forms: "Use &lt;b&gt;" was taught as "Use <b>"
    answers = ["Use &lt;b&gt; for bold. CafÃ©", "Write &amp; as &amp;amp; in HTML. CafÃ©",
               "（注）CafÃ© は「ＡＢＣ」です。", "He said “hi” at the cafÃ©.", "ﬁne CafÃ©\r\nline"]
    data = jsonl([llava(text="Q", answer=answer) for answer in answers])
    assert [target[1]["content"] for _, target in sft(folder, "kept.jsonl", data)] == [
        "Use &lt;b&gt; for bold. Café", "Write &amp; as &amp;amp; in HTML. Café", "（注）Café は「ＡＢＣ」です。",
        "He said “hi” at the café.", "ﬁne Café\r\nline"]


def test_a_conversation_about_mojibake_is_written_as_it_is_and_one_mis_decoded_throughout_is_repaired(folder):
    # (hunt W7) the repair rewrote text about mis-decoded characters: "Why do I see Ã© instead of é?" became
    # "Why do I see é instead of é?", and the answer no longer matched its question
    about = [("What does \"Ã©\" mean in my CSV? It should be \"é\".", "UTF-8 read as cp1252."),
             ("Why do I see Ã© instead of é?", "Your file is UTF-8 but was opened as Windows-1252."),
             ("What does Ã© mean?", "Ã© is how é looks when UTF-8 is read as Latin-1."),
             ("Fix the encoding: CafÃ© crÃ¨me (it was UTF-8)", "Café crème"),
             ("Which character is `â€™`?", "A right single quotation mark."),
             ("Why does my CSV show cafÃ© instead of café?", "It was opened in the wrong code page.")]
    # "à" shown beside "Ã " proves nothing while "cafÃ©" is a word of the sentence, mis-decoded
    garbled = [("Où est le café?", "Le cafÃ© est Ã  Paris."), ("Menu", "Café menu: CafÃ© crÃ¨me"),
               ("Où?", "Voici la réponse à votre question : le cafÃ© est Ã\u00a0 Paris.")]
    data = jsonl([llava(text=q, answer=a) for q, a in about + garbled])
    out = list(read_sft(data, str(folder / "about.jsonl")))
    assert [(s.conversation, s.meta.get("mojibake_kept")) for s in out] == [
        (conversation(*about[0]), "decoded_form_shown"), (conversation(*about[1]), "decoded_form_shown"),
        (conversation(*about[2]), "decoded_form_shown"), (conversation(*about[3]), "encoding_named"),
        (conversation(*about[4]), "quoted"), (conversation(*about[5]), "decoded_form_shown"),
        (conversation("Où est le café?", "Le café est à Paris."), None),
        (conversation("Menu", "Café menu: Café crème"), None),
        (conversation("Où?", "Voici la réponse à votre question : le café est à Paris."), None)]
    captions = jsonl([{"image": "red.png", "caption": "A sign reading \"Ã©\" where \"é\" belongs"},
                      {"image": "red.png", "caption": "CafÃ© crÃ¨me on a table"}])
    assert [(s.text, s.meta.get("mojibake_kept")) for s in read_captions(captions, str(folder / "c.jsonl"))] == [
        ("A sign reading \"Ã©\" where \"é\" belongs", "decoded_form_shown"), ("Café crème on a table", None)]


def test_parquet_captions_with_images_embedded_as_structs_or_bytes_are_read(folder):
    # Hugging Face's Image feature stores {"bytes", "path"} in Parquet; a binary column holds the image itself:
    # both were error:captions:no_image with the bytes dumped as its detail
    import pyarrow as pa
    import pyarrow.parquet as pq

    struct = pa.struct([("bytes", pa.binary()), ("path", pa.string())])
    table = pa.table({"image": pa.array([{"bytes": RED, "path": "red.png"}, {"bytes": None, "path": "blue.png"}],
                                        struct), "caption": ["A red square on white.", "A blue square on white."]})
    buf = io.BytesIO()
    pq.write_table(table, buf)
    out = list(read_captions(buf.getvalue(), str(folder / "hf.parquet")))
    assert [(r.text, r.meta["image"]) for r in out] == [("A red square on white.", "image:red.png"),
                                                        ("A blue square on white.", "blue.png")]
    binary = pa.table({"image": pa.array([BLUE], pa.binary()), "caption": ["A blue square on white."]})
    buf = io.BytesIO()
    pq.write_table(binary, buf)
    assert [r.meta["image"] for r in read_captions(buf.getvalue(), str(folder / "b.parquet"))] == ["image:embedded"]


def test_nothing_is_read_from_a_missing_folder_entry(folder):
    """A record naming a folder (not a file) is a missing image, not a crash."""
    os.mkdir(folder / "dir.png")
    assert sft(folder, "dir.jsonl", jsonl([llava(image="dir.png")])) == [("line=1", "error:sft:image_missing")]


@pytest.mark.parametrize("ending", ["zeros", "garbage_after_end", "cut_short"])
def test_tar_samples_are_the_same_whether_headers_are_read_plainly_or_by_tarfile(ending, monkeypatch):
    """`shards.tar.plain_members` reads a plain tar's headers for `tar_samples`; tarfile reads the rest.
    Both give the same samples, problems and rejects (duplicates, oversize members, meta members, names
    without an extension, the bytes after the end)."""
    import shards.tar
    from sources.records.tar_samples import tar_samples

    data = tar([("a.png", RED), ("a.txt", b"A red square."), ("__key__.json", b"{}"), ("noext", b"x"),
                ("b.png", BLUE), ("b.txt", b"blue"), ("b.txt", b"again"), ("c.big", b"y" * 3000),
                ("c.txt", b"too big"), ("a.json", b"{}")])
    data = {"zeros": data, "garbage_after_end": data + b"junk" * 100,
            "cut_short": data[:len(data) - 10240 + 100]}[ending]

    def read():
        return [(i.key, dict(i.members), i.problem) if hasattr(i, "members") else i
                for i in tar_samples(data, max_member_bytes=2000)]

    plainly = read()
    assert shards.tar.plain_members(io.BytesIO(data)) is not None or ending == "cut_short"
    monkeypatch.setattr(shards.tar, "plain_members", lambda stream: None)
    assert read() == plainly
    assert [k for k, _, _ in plainly[:4]] == ["a", "__key__", "b", "c"]


def test_html_character_references_in_captions_are_the_characters_the_page_shows(folder):
    # (hunt) alt text scraped from a page's source keeps its references (LAION's "Tom &amp; Jerry"), twice escaped
    # in common crawls: the caption taught "&amp;". A bare ampersand is text, and so is a reference to no character
    captions = ["Tom &amp; Jerry on a red sofa", "Rock &#39;n&#39; roll &#x2014; live",
                "Fish &amp;amp; chips, 2&nbsp;pc", "AT&T store, Q&A &copy 2020", "Caf&#195;&#169; cr&#195;&#168;me",
                "A &#0; and &bogus; stay"]
    rows = jsonl([{"image": "red.png", "caption": c} for c in captions])
    assert records(read_captions, rows, str(folder / "c.jsonl")) == [
        ("row=1", "Tom & Jerry on a red sofa"), ("row=2", "Rock 'n' roll — live"), ("row=3", "Fish & chips, 2 pc"),
        ("row=4", "AT&T store, Q&A &copy 2020"), ("row=5", "Café crème"), ("row=6", "A &#0; and &bogus; stay")]
    members = [("a.png", RED), ("a.txt", b"Salt &amp; pepper shakers")]
    assert records(read_captions, tar(members), str(folder / "pairs.tar")) == [("key=a", "Salt & pepper shakers")]


def test_a_caption_that_is_the_files_name_or_a_stand_in_is_refused_not_taught(folder):
    # (hunt) alt text where nobody described the image: its file name, a camera's frame name or a link's label was
    # written as the caption ("IMG_1234.JPG" taught as what the picture shows)
    captions = ["IMG_1234.JPG", "photo-3 (1).png", "DSC_0012", "P1010023", "Click to enlarge.", "Untitled", "Photo",
                "A dog named IMG_1234 on a sofa", "Route 66 at dusk", "A photo of a red square"]
    rows = jsonl([{"image": "red.png", "caption": c} for c in captions])
    assert records(read_captions, rows, str(folder / "c.jsonl")) == [
        *((f"row={i}", "filtered:placeholder_caption") for i in range(1, 8)),
        ("row=8", "A dog named IMG_1234 on a sofa"), ("row=9", "Route 66 at dusk"),
        ("row=10", "A photo of a red square")]


def test_a_plain_text_documents_windows_line_ends_are_newlines(folder):
    # (hunt) a .txt written on Windows kept "\r\n" inside each document (split: file or blank_lines), while the
    # same file cut into lines lost it: the line end taught as text
    text = "First line\r\nsecond line\r\n\r\nNext paragraph\r\n".encode()
    assert records(read_text_corpus, text, str(folder / "c.txt")) == [
        ("doc=1", "First line\nsecond line\n\nNext paragraph")]
    assert records(read_text_corpus, text, str(folder / "c.txt"), TextOptions(split="blank_lines")) == [
        ("doc=1", "First line\nsecond line"), ("doc=2", "Next paragraph")]


def test_a_legacy_entity_name_starting_a_longer_word_is_not_read_as_that_entity(folder):
    # (review) html.unescape reads "&notes;" as "&not" + "es;" ("¬es;"), as a browser does in text but never in an
    # attribute (alt text, a title): the page shows "&notes;", and the caption taught "¬es;" and "©right;"
    captions = ["Meeting &notes; 2020", "Logo &copyright; Acme", "Tom &amp; Jerry &times; 2"]
    rows = jsonl([{"image": "red.png", "caption": c} for c in captions])
    assert records(read_captions, rows, str(folder / "c.jsonl")) == [
        ("row=1", "Meeting &notes; 2020"), ("row=2", "Logo &copyright; Acme"), ("row=3", "Tom & Jerry × 2")]


def test_a_short_model_name_is_not_a_cameras_frame_name(folder):
    # (review) a letter and one or two digits ("P-51", "SAM-7", "Sam 2") is an aircraft, a missile, a name: a camera's
    # frame name has four digits or more (IMG_1234, DSC_0012, SAM_0001) and Panasonic's P is followed by seven
    captions = ["P-51 Mustang", "P-400", "SAM-7", "Sam 2", "P 2020", "IMG_1234", "SAM_0001", "P1010023", "DSCN0042"]
    rows = jsonl([{"image": "red.png", "caption": c} for c in captions])
    assert records(read_captions, rows, str(folder / "c.jsonl")) == [
        ("row=1", "P-51 Mustang"), ("row=2", "P-400"), ("row=3", "SAM-7"), ("row=4", "Sam 2"), ("row=5", "P 2020"),
        *((f"row={i}", "filtered:placeholder_caption") for i in range(6, 10))]


def test_a_reference_to_an_invisible_format_character_is_that_character_not_its_name(folder):
    # (review) &rlm; and &lrm; in Arabic and Hebrew alt text, &zwnj; in Persian, &shy; in German: format characters,
    # not printable, so the reference was kept as written and the caption taught "&rlm;" where the page shows none
    captions = ["\u0645\u0631\u062d\u0628\u0627&rlm; 2020", "Donau&shy;dampf&shy;schiff",
                "\u0645\u06cc&zwnj;\u062e\u0648\u0627\u0647\u0645"]
    rows = jsonl([{"image": "red.png", "caption": c} for c in captions])
    assert records(read_captions, rows, str(folder / "c.jsonl")) == [
        ("row=1", "\u0645\u0631\u062d\u0628\u0627\u200f 2020"), ("row=2", "Donau\u00addampf\u00adschiff"),
        ("row=3", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645")]
