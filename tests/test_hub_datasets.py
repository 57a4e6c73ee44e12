"""The ``hf_dataset`` source on small files in the layouts of the Hub datasets the paper names
(`samples.hub_maker`, nothing downloaded): each preset's targets checked against its rows, each
planted bad row rejected with its reason, and a whole build of them through the filters, dedup,
decontamination, taxonomy and ledger, whose samples the bundled trainer trains on."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from PIL import Image

from samples.hub_maker import BREAD, PARAGRAPHS, hub_files, photo
from samples.make_samples import write_corpus
from shards import Reject, Sample, read_manifest, read_samples
from sources import SOURCES
from sources.hub.layouts import PRESETS, HubOptions
from sources.hub.read import read_hf_dataset
from tests.conftest import read_rejects

LAYOUTS = {  # preset -> (file, options)
    "websight": ("websight/data-00000-of-00001.parquet", {}),
    "llava_instruct": ("llava_instruct/llava_instruct_150k.json", {}),
    "sharegpt4v": ("sharegpt4v/sharegpt4v_instruct.jsonl", {}),
    "llava_instruct_mix": ("llava_instruct_mix/train-00000-of-00001.parquet", {}),
    "llava_pretrain": ("llava_pretrain/blip_laion_cc_sbu_558k.json", {"images_dir": "images"}),
    "captions": ("captions/train-00000-of-00001.parquet", {}),
    "chartqa": ("chartqa/test-00000-of-00001.parquet", {}),
    "mmc4": ("mmc4/docs_shard_0_v2.jsonl", {"images_dir": "images"}),
    "obelics": ("obelics/train-00000-of-00001.parquet", {"fetch_urls": False}),
}
# what each file must give, row by row: a kind written, or a reject's reason
EXPECTED = {
    "websight": ["web_code", "web_code", "error:hub:no_image", "error:hub:empty_target"],
    "llava_instruct": ["sft", "sft", "error:hub:marker_count_mismatch", "error:image:missing",
                       "error:label:outside_root", "error:hub:no_image", "error:hub:unknown_role"],
    "sharegpt4v": ["sft", "error:hub:bad_json"],
    "llava_instruct_mix": ["sft", "sft", "error:hub:no_image"],
    "llava_pretrain": ["caption", "error:hub:not_a_caption"],
    "captions": ["caption", "caption", "error:hub:no_image", "caption", "caption"],
    "chartqa": ["chart", "chart", "error:hub:ambiguous_target"],
    "mmc4": ["interleaved", "interleaved", "error:hub:no_image", "error:hub:bad_image_position"],
    "obelics": ["interleaved", "error:hub:misaligned", "error:hub:no_image"],
}


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hub") / "hub"
    write_corpus(root, hub_files())
    return root


def read(hub: Path, preset: str, **extra) -> list[Sample | Reject]:
    path, options = LAYOUTS[preset]
    return list(read_hf_dataset((hub / path).read_bytes(), str(hub / path),
                                HubOptions(preset=preset, **{**options, **extra})))


def pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def rows_of(hub: Path, path: str) -> list[dict]:
    return pq.read_table(hub / path).to_pylist()


def test_every_preset_is_tested_and_the_source_is_registered():
    assert set(LAYOUTS) == set(PRESETS)
    assert "hf_dataset" in SOURCES and SOURCES["hf_dataset"].options_type is HubOptions


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_each_row_is_a_sample_of_the_presets_kind_or_a_reject_with_its_reason(hub, preset):
    records = read(hub, preset)
    got = [r.reason if isinstance(r, Reject) else r.kind for r in records]
    assert got == EXPECTED[preset]
    for record in records:
        if isinstance(record, Reject):
            assert record.locator and record.locator.startswith(("row=", "line=")) and record.source == "hf_dataset"
        else:
            assert record.meta["source"] == "hf_dataset" and record.meta["layout"] == preset
            assert record.kind == PRESETS[preset].kind


def test_websight_screenshot_and_html(hub):
    rows = rows_of(hub, LAYOUTS["websight"][0])
    samples = [r for r in read(hub, "websight") if isinstance(r, Sample)]
    for row, sample in zip(rows, samples):
        assert sample.text == row["text"]  # HTML as it is, whitespace included
        assert np.array_equal(pixels(sample.images[0]), pixels(row["image"]["bytes"]))
    arrow = list(read_hf_dataset((hub / "websight_arrow/data-00000-of-00001.arrow").read_bytes(),
                                 "websight_arrow/data-00000-of-00001.arrow", HubOptions(preset="websight")))
    assert [s.kind for s in arrow] == ["web_code", "web_code"] and "Harbour Cafe" in arrow[0].text


def test_llava_and_sharegpt4v_turns_and_images(hub):
    samples = [r for r in read(hub, "llava_instruct") if isinstance(r, Sample)]
    first, unmarked = samples
    assert first.conversation == [
        {"role": "user", "content": "<image>\nWhat shapes can you see in this picture?"},
        {"role": "assistant", "content": "Several overlapping circles and rectangles."},
        {"role": "user", "content": "Which colour dominates?"},
        {"role": "assistant", "content": "The background colour covers most of the picture."}]
    assert np.array_equal(pixels(first.images[0]), pixels(photo(1)))
    # no marker in the turns: the image is placed before the first question, as LLaVA does, and noted
    assert unmarked.conversation[0]["content"] == "<image>\nDescribe this image in one sentence."
    assert unmarked.meta["marker_added"] is True and unmarked.meta["row_id"] == "000000000002"
    sharegpt = read(hub, "sharegpt4v")[0]
    assert sharegpt.conversation[1]["content"].startswith("The picture shows a dozen coloured shapes")
    # a text-only conversation is rejected unless asked for, and then written without images
    text_only = read(hub, "llava_instruct", allow_text_only=True)[5]
    assert text_only.kind == "sft" and text_only.images == [] and "<image>" not in str(text_only.conversation)


def test_messages_with_typed_image_parts(hub):
    one, two = [r for r in read(hub, "llava_instruct_mix") if isinstance(r, Sample)]
    assert one.conversation == [{"role": "user", "content": "<image>\nHow many shapes are round?"},
                                {"role": "assistant", "content": "About half of them are round."}]
    assert two.conversation[0]["content"] == "<image>\n<image>\nWhich picture is brighter?"
    assert [pixels(i).tolist() for i in two.images] == [pixels(photo(12)).tolist(), pixels(photo(13)).tolist()]


def test_llava_pretrain_and_caption_sets_give_the_caption(hub):
    pretrain = read(hub, "llava_pretrain")[0]
    assert pretrain.text == "colourful circles and boxes on a plain wall"
    assert np.array_equal(pixels(pretrain.images[0]), pixels(photo(21)))
    captions = [r for r in read(hub, "captions") if isinstance(r, Sample)]
    assert captions[0].text == "A bright arrangement of round and square shapes."
    assert np.array_equal(pixels(captions[0].images[0]), pixels(photo(31)))


def test_chartqa_question_and_answer(hub):
    first, second = [r for r in read(hub, "chartqa") if isinstance(r, Sample)]
    assert first.conversation == [{"role": "user", "content": "<image>\nWhich year has the highest value?"},
                                  {"role": "assistant", "content": "2019"}]
    assert first.text == "Which year has the highest value?\n2019" and first.meta["task"] == "chart_qa"
    assert second.conversation[1]["content"] == "7"


def test_mmc4_images_come_before_their_matched_sentence(hub):
    sentences = [s + "." for p in PARAGRAPHS for s in p.rstrip(".").split(". ")]
    first, second = [r for r in read(hub, "mmc4") if isinstance(r, Sample)]
    assert first.segments == [{"text": " ".join(sentences[:2])}, {"image": 0}, {"text": " ".join(sentences[2:4])}]
    assert np.array_equal(pixels(first.images[0]), pixels(photo(51)))
    # the second document's missing image is dropped with its reason (the text around it stays split
    # there); the others stay in place
    assert second.segments == [{"image": 0}, {"text": sentences[4]}, {"text": sentences[5]}, {"image": 1},
                               {"text": sentences[6]}]
    assert second.meta["dropped_images"] == [{"index": 1, "reason": "error:image:missing"}]


def test_obelics_positions_and_an_unfetched_url(hub):
    document = read(hub, "obelics")[0]
    assert document.segments == [{"text": BREAD[0]}, {"image": 0}, {"text": BREAD[1]}, {"text": BREAD[2]}]
    assert document.meta["dropped_images"] == [{"index": 3, "reason": "unsupported:hub:remote_image"}]


def test_long_documents_are_cut_into_parts_within_the_token_budget(hub):
    parts = read(hub, "mmc4", token_budget=30, image_tokens=8)
    first_doc = [p for p in parts if isinstance(p, Sample) and p.meta["locator"].startswith("line=1;")]
    assert len(first_doc) > 1 and all(p.meta["tokens"] <= 30 for p in first_doc)
    assert [p.meta["locator"] for p in first_doc] == [f"line=1;part={n}" for n in range(1, len(first_doc) + 1)]


def test_bad_options_are_refused_before_a_build():
    with pytest.raises(ValueError, match="unknown hf_dataset preset"):
        HubOptions(preset="laion")
    with pytest.raises(ValueError, match="needs a column for"):
        HubOptions(kind="web_code", columns={"image": "png"})
    with pytest.raises(ValueError, match="unknown roles"):
        HubOptions(preset="captions", columns={"label": "x"})
    custom = HubOptions(kind="caption", columns={"image": "jpg", "text": "txt"})
    assert custom.layout().columns == {"image": "jpg", "text": "txt"}


# --- a whole build of the hub layouts -------------------------------------------------------------------

@pytest.fixture(scope="module")
def hub_build(hub, tmp_path_factory) -> Path:
    """All the layouts built together with the default quality stage, against a benchmark holding one of
    the caption set's pictures."""
    from pipelines.build import main as build_main

    bench = tmp_path_factory.mktemp("bench")
    (bench / "leaked.png").write_bytes(photo(31))
    config = {"sources": [{"paths": [str(hub / path)], "source": "hf_dataset", "options": {"preset": p, **o}}
                          for p, (path, o) in LAYOUTS.items()]
                         + [{"paths": [str(hub / "websight_arrow")], "source": "hf_dataset",
                             "options": {"preset": "websight"}}]}
    (bench / "hub.yaml").write_text(yaml.safe_dump(config))
    out = tmp_path_factory.mktemp("hub_build") / "out"
    assert build_main(["--config", str(bench / "hub.yaml"), "--output", str(out), "--progress", "off",
                       "--no-report", "--benchmark", f"leaks={bench}"]) == 0
    return out


def test_hub_rows_go_through_filters_dedup_decontamination_and_the_ledger(hub_build):
    manifest = read_manifest(str(hub_build))
    ledger = manifest["ledger"]["hf_dataset"]
    assert ledger["balanced"] and ledger["inputs"] == len(LAYOUTS) + 1
    rows = sum(len(v) for v in EXPECTED.values()) + 2  # + the Arrow file's two rows
    # interleaved documents are one part each here, so every row is one item
    assert ledger["items"] == rows and ledger["written"] + ledger["items_rejected"] == rows
    reasons = Counter(r.reason.split(":")[0] if r.reason.startswith("duplicate_of:") else r.reason
                      for r in read_rejects(hub_build))
    planted = Counter(reason for expected in EXPECTED.values() for reason in expected if ":" in reason)
    # the planted rows, and what the quality stage finds: the caption set's exact copy of a row, its German
    # caption and its picture that the benchmark holds
    assert reasons == planted + Counter({"duplicate_of": 1, "filtered:language": 1, "contaminated:leaks": 1})
    samples = list(read_samples(str(hub_build)))
    assert Counter(s.kind for s in samples) == {"web_code": 4, "sft": 5, "caption": 2, "chart": 2, "interleaved": 3}
    assert all(s.meta["source"] == "hf_dataset" for s in samples)
    # the taxonomy maps the hub's SFT samples like built ones
    assert all(s.meta["taxonomy"]["path"] for s in samples if s.kind == "sft")


def test_the_bundled_trainer_trains_on_every_presets_samples(hub_build, tmp_path):
    from model import train
    from model.config import preset
    from model.processor import IGNORE, Processor
    from model.tokenizer import Tokenizer

    processor = Processor(Tokenizer.train(train.texts_of(str(hub_build)), 512), preset("tiny"), 512)
    layouts = set()
    for sample in read_samples(str(hub_build)):
        example = processor.example(sample)
        assert any(label != IGNORE for label in example.labels[1:]), sample.key  # something is supervised
        assert len(example.images) == len(sample.images)  # every image reaches the model
        assert example.ids.count(processor.image_id) == len(sample.images) * preset("tiny").image_tokens
        layouts.add(sample.meta["layout"])
    assert layouts == set(PRESETS)
    run = tmp_path / "run"
    assert train.main(["--preset", "tiny", "--batch-size", "4", "--seq-len", "512", "--progress", "off",
                       "--stages", "1,2,3", "--data", str(hub_build), "--max-steps", "2", "--output", str(run)]) == 0
    for stage in (1, 2, 3):
        steps = [json.loads(line) for line in (run / f"stage{stage}" / "metrics.jsonl").read_text().splitlines()]
        losses = [m["loss"] for m in steps if "loss" in m]
        assert losses and all(np.isfinite(losses))


# --- SFT rows as other tools write them (small generated inputs) ---------------------------------------

def _rows_file(tmp_path, name: str, rows: list[dict] | None = None, raw: bytes | None = None) -> bytes:
    (tmp_path / "red.png").write_bytes(photo(1))
    (tmp_path / "blue.png").write_bytes(photo(2))
    data = raw if raw is not None else b"\n".join(json.dumps(r).encode() for r in rows) + b"\n"
    (tmp_path / name).write_bytes(data)
    return data


def _read_rows(tmp_path, name: str, data: bytes, **options) -> list[Sample | Reject]:
    return list(read_hf_dataset(data, str(tmp_path / name), HubOptions(**options)))


def _llava_row(text: str, answer: str = "red", **extra) -> dict:
    return {"image": "red.png", "conversations": [{"from": "human", "value": text}, {"from": "gpt", "value": answer}],
            **extra}


def test_other_models_image_placeholders_are_the_marker_or_refused_never_left_beside_one(tmp_path):
    rows = [_llava_row("<image_placeholder>\nWhat colour?"),           # DeepSeek-VL
            _llava_row("<Image>\nWhat colour?"), _llava_row("< image >\nWhat colour?"),
            _llava_row("<|vision_start|><|image_pad|><|vision_end|>What colour?"),  # Qwen2-VL
            {"conversations": [{"from": "user", "value": "Picture 1: <img>red.png</img>\nWhat colour?"},
                               {"from": "assistant", "value": "red"}]},  # Qwen-VL names its image
            _llava_row("<image_1>\nWhat colour?"),                      # numbered: which image is unknown
            _llava_row("Picture 1: <img>red.png</img>\nWhat colour?"),  # named and listed again: one image
            _llava_row("Picture 1: <img>blue.png</img>\nWhat colour?")]  # named, another listed: which?
    data = _rows_file(tmp_path, "placeholders.jsonl", rows)
    out = _read_rows(tmp_path, "placeholders.jsonl", data, preset="llava_instruct")
    samples = [(r.meta["locator"], r.conversation) for r in out if isinstance(r, Sample)]
    question = "<image>\nWhat colour?"
    assert samples == [(f"line={n}", [{"role": "user", "content": question}, {"role": "assistant", "content": "red"}])
                       for n in (1, 2, 3)] + [
        ("line=4", [{"role": "user", "content": "<image>What colour?"}, {"role": "assistant", "content": "red"}]),
        ("line=5", [{"role": "user", "content": "Picture 1: <image>\nWhat colour?"},
                    {"role": "assistant", "content": "red"}]),
        ("line=7", [{"role": "user", "content": "Picture 1: <image>\nWhat colour?"},
                    {"role": "assistant", "content": "red"}])]
    assert all(np.array_equal(pixels(r.images[0]), pixels(photo(1))) and len(r.images) == 1
               for r in out if isinstance(r, Sample))
    assert [(r.locator, r.reason) for r in out if isinstance(r, Reject)] == [
        ("line=6", "unsupported:hub:image_placeholder"), ("line=8", "error:hub:marker_count_mismatch")]


def test_a_system_column_is_the_leading_system_turn(tmp_path):
    leading = {"from": "system", "value": "Answer in French."}
    rows = [_llava_row("<image>\nWhat colour?", "rouge", system="Answer in French."),
            {**_llava_row("<image>\nWhat colour?", "rouge", system="Be brief."),
             "conversations": [leading] + _llava_row("<image>\nWhat colour?", "rouge")["conversations"]},
            _llava_row("<image>\nWhat colour?", "rouge", prompt="Answer in French.")]
    data = _rows_file(tmp_path, "system.jsonl", rows)
    out = _read_rows(tmp_path, "system.jsonl", data, preset="llava_instruct")
    assert out[0].conversation == [{"role": "system", "content": "Answer in French."},
                                   {"role": "user", "content": "<image>\nWhat colour?"},
                                   {"role": "assistant", "content": "rouge"}]
    assert (out[1].locator, out[1].reason) == ("line=2", "error:hub:ambiguous_system")
    mapped = _read_rows(tmp_path, "system.jsonl", data, preset="llava_instruct", columns={"system": "prompt"})
    assert mapped[2].conversation[0] == {"role": "system", "content": "Answer in French."}


def test_a_system_turn_after_the_first_turn_is_refused_not_written(tmp_path):
    # (hunt S1) LLaMA-Factory #5978: a system turn mid-conversation has no place in the exports or templates
    turns = _llava_row("<image>\nWhat colour?", "rouge")["conversations"]
    system = {"from": "system", "value": "Answer in English."}
    rows = [_llava_row("", conversations=turns + [system, {"from": "human", "value": "Again?"},
                                                  {"from": "gpt", "value": "red"}]),
            _llava_row("", system="Answer in French.", conversations=[turns[0], system, turns[1]])]
    data = _rows_file(tmp_path, "system_turns.jsonl", rows)
    out = _read_rows(tmp_path, "system_turns.jsonl", data, preset="llava_instruct")
    assert [(r.locator, r.reason, r.detail) for r in out] == [
        ("line=1", "unsupported:hub:misplaced_system",
         "turn 3 is a system turn after an assistant turn; a system prompt "
         "leads the conversation, once"),
        ("line=2", "unsupported:hub:misplaced_system", "turn 2 is a system turn after a user turn; a system prompt "
                                                 "leads the conversation, once")]


def test_the_leading_system_prompt_repeated_later_is_kept_once(tmp_path):
    # (review) a system prompt repeated before each round (TRL #1285): the answers were all given under it
    turns = _llava_row("<image>\nWhat colour?", "rouge")["conversations"]
    system = {"from": "system", "value": "Answer in French."}
    rows = [_llava_row("", conversations=[system] + turns + [system, {"from": "human", "value": "Again?"},
                                                             {"from": "gpt", "value": "rouge"}])]
    data = _rows_file(tmp_path, "repeated_system.jsonl", rows)
    out = _read_rows(tmp_path, "repeated_system.jsonl", data, preset="llava_instruct")
    assert out[0].conversation == [{"role": "system", "content": "Answer in French."},
                                   {"role": "user", "content": "<image>\nWhat colour?"},
                                   {"role": "assistant", "content": "rouge"}, {"role": "user", "content": "Again?"},
                                   {"role": "assistant", "content": "rouge"}]


def test_an_answer_its_dataset_keeps_out_of_training_is_refused(tmp_path):
    # (hunt S2) axolotl's / OpenAI's "weight": 0 and ms-swift's "loss": false keep an answer out of training
    turns = _llava_row("<image>\nWhat colour?")["conversations"]
    rows = [_llava_row("", conversations=[turns[0], {**turns[1], "weight": 0}]),
            _llava_row("", conversations=[turns[0], {**turns[1], "loss": False}]),
            _llava_row("", conversations=[turns[0], {**turns[1], "weight": 1}])]
    data = _rows_file(tmp_path, "weights.jsonl", rows)
    out = _read_rows(tmp_path, "weights.jsonl", data, preset="llava_instruct")
    assert [(r.locator, r.reason, r.detail) for r in out[:2]] == [
        ("line=1", "unsupported:hub:untrained_turn", "turn 2 (assistant) has weight 0: its dataset keeps it out of "
                                               "training, and a sample has no way to"),
        ("line=2", "unsupported:hub:untrained_turn", "turn 2 (assistant) has loss False: its dataset keeps it out of "
                                               "training, and a sample has no way to")]
    assert out[2].conversation == [{"role": "user", "content": "<image>\nWhat colour?"},
                                   {"role": "assistant", "content": "red"}]


def test_a_training_flag_that_trains_keeps_the_answer_and_training_false_is_refused(tmp_path):
    # (review) a weight above 0 trains the answer (weighted), a NaN weight is a Parquet float left unset;
    # axolotl's "training": false keeps the answer out, as weight 0 does
    turns = _llava_row("<image>\nWhat colour?")["conversations"]
    rows = [_llava_row("", conversations=[turns[0], {**turns[1], "weight": 2}]),
            _llava_row("", conversations=[turns[0], {**turns[1], "weight": float("nan")}]),
            _llava_row("", conversations=[turns[0], {**turns[1], "weight": 10**400}]),  # no float holds it
            _llava_row("", conversations=[turns[0], {**turns[1], "training": False}])]
    data = _rows_file(tmp_path, "flags.jsonl", rows)
    out = _read_rows(tmp_path, "flags.jsonl", data, preset="llava_instruct")
    assert [r.conversation for r in out[:3]] == [[{"role": "user", "content": "<image>\nWhat colour?"},
                                                  {"role": "assistant", "content": "red"}]] * 3
    assert (out[3].locator, out[3].reason, out[3].detail) == (
        "line=4", "unsupported:hub:untrained_turn",
        "turn 2 (assistant) has training False: its dataset keeps it out of "
        "training, and a sample has no way to")


def test_a_row_with_a_video_is_refused_never_written_without_it(tmp_path):
    # (hunt S3) LLaMA-Factory #6839: a row's video column and "<video>" would be written without the video
    question = [{"type": "video"}, {"type": "text", "text": "Q?"}]
    part = {"images": [], "messages": [{"role": "user", "content": question},
                                       {"role": "assistant", "content": [{"type": "text", "text": "A man runs."}]}]}
    rows = [_llava_row("<image>\n<video>\nWhat happens?", video="clip.mp4"), part]
    data = _rows_file(tmp_path, "videos.jsonl", rows)
    out = _read_rows(tmp_path, "videos.jsonl", data[:data.index(b"\n") + 1], preset="llava_instruct")
    out += _read_rows(tmp_path, "videos.jsonl", data, preset="llava_instruct_mix")[1:]
    assert [(r.reason, r.detail) for r in out] == [
        ("unsupported:hub:media", "the row has video 'clip.mp4': a sample holds images only"),
        ("unsupported:hub:media", "turn 1 has a 'video' part: a sample holds images only")]


def test_a_turn_that_is_nan_is_refused_never_written_as_its_name(tmp_path):
    # (review) a numeric turn is its number's text, but a NaN (a float cell left unset) names no answer
    turns = _llava_row("<image>\nHow many?")["conversations"]
    rows = [_llava_row("", conversations=[turns[0], {**turns[1], "value": float("nan")}]),
            _llava_row("", conversations=[turns[0], {**turns[1], "value": 4}])]
    data = _rows_file(tmp_path, "numbers.jsonl", rows)
    out = _read_rows(tmp_path, "numbers.jsonl", data, preset="llava_instruct")
    assert (out[0].locator, out[0].reason, out[0].detail) == (
        "line=1", "error:hub:bad_turn", "turn 2: text is the number nan, which names no answer")
    assert out[1].conversation == [{"role": "user", "content": "<image>\nHow many?"},
                                   {"role": "assistant", "content": "4"}]


def test_a_typed_text_part_that_is_a_number_is_its_text(tmp_path):
    # (review) a numeric turn is its number's text, and so is a typed text part holding one (as the SFT reader
    # reads it): it was refused as an "unknown content part"
    row = {"images": ["red.png"], "messages": [
        {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "How many?"}]},
        {"role": "assistant", "content": [{"type": "text", "text": 4}]}]}
    data = _rows_file(tmp_path, "number_part.jsonl", [row])
    out = _read_rows(tmp_path, "number_part.jsonl", data, preset="llava_instruct_mix")
    assert out[0].conversation == [{"role": "user", "content": "<image>\nHow many?"},
                                   {"role": "assistant", "content": "4"}]


def test_a_video_column_that_names_no_clip_is_no_video(tmp_path):
    # (review) an image row of a dataset mixing images and videos: its video cell an all-null struct
    rows = [_llava_row("<image>\nWhat colour?", video={"path": None, "bytes": None}),
            _llava_row("<image>\nWhat colour?", videos=[None])]
    data = _rows_file(tmp_path, "mixed.jsonl", rows)
    out = _read_rows(tmp_path, "mixed.jsonl", data, preset="llava_instruct")
    assert [r.conversation for r in out] == [[{"role": "user", "content": "<image>\nWhat colour?"},
                                              {"role": "assistant", "content": "red"}]] * 2


def test_an_image_only_a_question_left_unanswered_shows_is_refused(tmp_path):
    # (hunt S4) a conversation cut after the question that holds its image: every answer was given without it
    rows = [_llava_row("", conversations=[{"from": "human", "value": "Hello"}, {"from": "gpt", "value": "Hi!"},
                                          {"from": "human", "value": "<image>\nWhat colour?"}])]
    data = _rows_file(tmp_path, "unanswered.jsonl", rows)
    out = _read_rows(tmp_path, "unanswered.jsonl", data, preset="llava_instruct")
    assert [(r.reason, r.detail) for r in out] == [
        ("error:hub:unanswered_image", "turn 3 (user) holds an image marker but no answer follows it")]


def test_an_image_placed_by_convention_in_a_question_left_unanswered_is_refused(tmp_path):
    # (review) a row with no marker gets its image before the first question (LLaVA's convention); where that
    # question ends the conversation, no answer saw the image: the SFT reader refuses the same record
    rows = [_llava_row("", conversations=[{"from": "gpt", "value": "Send me a picture."},
                                          {"from": "human", "value": "What colour?"}]),
            _llava_row("", system="Be brief.", conversations=[{"from": "gpt", "value": "Send me a picture."},
                                                              {"from": "human", "value": "What colour?"}])]
    data = _rows_file(tmp_path, "unanswered_placed.jsonl", rows)
    out = _read_rows(tmp_path, "unanswered_placed.jsonl", data, preset="llava_instruct")
    out += _read_rows(tmp_path, "unanswered_placed.jsonl", data, kind="chart",
                      columns={"image": "image", "conversation": "conversations"})[:1]
    detail = "turn 2 (user) is the first question, where LLaVA's convention places the image, but no answer follows it"
    assert [(r.locator, r.reason, r.detail) for r in out] == [
        (f"line={n}", "error:hub:unanswered_image", detail) for n in (1, 2, 1)]


def test_image_and_images_columns_must_agree(tmp_path):
    rows = [_llava_row("<image>\nWhat colour?", images=["blue.png"]), _llava_row("<image>\nWhat colour?", images=[]),
            _llava_row("<image>\nWhat colour?", images=["red.png"])]
    data = _rows_file(tmp_path, "both.jsonl", rows)
    out = _read_rows(tmp_path, "both.jsonl", data, preset="llava_instruct", columns={"images": "images"})
    assert [(r.locator, r.reason) for r in out[:2]] == [("line=1", "error:hub:ambiguous_images")] + [
        ("line=2", "error:hub:ambiguous_images")]
    assert out[1].detail == "the images column [] and the image column ['red.png'] name different images"
    assert isinstance(out[2], Sample) and len(out[2].images) == 1


def test_json_lines_locators_name_the_line_blank_lines_counted(tmp_path):
    raw = b'{"image":"red.png","caption":"a red square"}\n\n\n{"image":"nope.png","caption":"missing"}\n{oops\n'
    data = _rows_file(tmp_path, "blank.jsonl", raw=raw)
    out = _read_rows(tmp_path, "blank.jsonl", data, preset="captions")
    assert [(r.meta["locator"] if isinstance(r, Sample) else r.locator) for r in out] == ["line=1", "line=4", "line=5"]
    assert [r.reason for r in out[1:]] == ["error:image:missing", "error:hub:bad_json"]


def test_mojibake_in_hub_targets_is_undone(tmp_path):
    # "CafÃ© crÃ¨me" (UTF-8 read as cp1252 on its way into the dataset) is repaired in captions, texts and turns
    rows = [{"image": "red.png", "caption": "CafÃ© crÃ¨me on a table"}]
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buf, format="PNG")
    (tmp_path / "red.png").write_bytes(buf.getvalue())
    data = "".join(json.dumps(r) + "\n" for r in rows).encode()
    [sample] = read_hf_dataset(data, str(tmp_path / "c.jsonl"), HubOptions(preset="captions"))
    assert sample.text == "Café crème on a table"


def test_hub_text_about_mojibake_is_written_as_it_is(tmp_path):
    # (hunt W7) "Why do I see Ã© instead of é?" was "repaired" to "... é instead of é?"; text mis-decoded
    # throughout is still repaired
    rows = [_llava_row("<image>\nWhy do I see Ã© instead of é?", "UTF-8 read as Latin-1"),
            _llava_row("<image>\nLe cafÃ©?", "Oui, le cafÃ© est Ã  Paris.")]
    data = _rows_file(tmp_path, "about.jsonl", rows)
    out = _read_rows(tmp_path, "about.jsonl", data, preset="llava_instruct")
    assert [(s.conversation, s.meta.get("mojibake_kept")) for s in out] == [
        ([{"role": "user", "content": "<image>\nWhy do I see Ã© instead of é?"},
          {"role": "assistant", "content": "UTF-8 read as Latin-1"}], "decoded_form_shown"),
        ([{"role": "user", "content": "<image>\nLe café?"},
          {"role": "assistant", "content": "Oui, le café est à Paris."}], None)]
    captions = _rows_file(tmp_path, "c.jsonl", [{"image": "red.png", "caption": "The sign shows \"Ã©\" for \"é\""}])
    [sample] = _read_rows(tmp_path, "c.jsonl", captions, preset="captions")
    assert (sample.text, sample.meta["mojibake_kept"]) == ("The sign shows \"Ã©\" for \"é\"", "decoded_form_shown")


def test_a_named_image_beside_a_bare_marker_is_never_filled_with_the_same_image_twice(tmp_path):
    # (hunt W8) "<img>red.png</img> vs <image>" with the image column red.png was two copies of red.png
    rows = [_llava_row("<img>red.png</img> vs <image>?"),
            _llava_row("<img>red.png</img> vs <image>?", image=["red.png", "blue.png"])]
    data = _rows_file(tmp_path, "mixed.jsonl", rows)
    out = _read_rows(tmp_path, "mixed.jsonl", data, preset="llava_instruct")
    assert (out[0].locator, out[0].reason) == ("line=1", "error:hub:marker_count_mismatch")
    assert out[1].conversation == [{"role": "user", "content": "<image> vs <image>?"},
                                   {"role": "assistant", "content": "red"}]
    assert [pixels(i).tolist() for i in out[1].images] == [pixels(photo(1)).tolist(), pixels(photo(2)).tolist()]
    # the rule is the SFT records' (`images_for_bare_markers`): an image column disagreeing with the image a
    # marker names is ambiguous_images there and here (here it was marker_count_mismatch)
    data = _rows_file(tmp_path, "disagree.jsonl", [_llava_row("<img>red.png</img> vs <image>?",
                                                              image=["blue.png", "red.png"])])
    [out] = _read_rows(tmp_path, "disagree.jsonl", data, preset="llava_instruct")
    assert (out.reason, out.detail) == ("error:hub:ambiguous_images", "the image column ['blue.png', 'red.png'] "
                                        "disagree with the images the markers name ['red.png', None]")


def test_an_image_marker_in_an_answer_is_refused(tmp_path):
    # (hunt W10) a target of "<image> red" would teach the model to emit an image token
    data = _rows_file(tmp_path, "answer.jsonl", [_llava_row("What colour?", answer="<image> red")])
    [out] = _read_rows(tmp_path, "answer.jsonl", data, preset="llava_instruct")
    assert (out.locator, out.reason) == ("line=1", "filtered:image_in_answer")


def test_a_key_given_twice_with_different_values_refuses_its_row_not_the_file(tmp_path):
    # (hunt W9) json.loads keeps the last "image" silently: the answer may describe the first
    twice = '{"image": "red.png", "image": "blue.png", "conversations": [{"from": "human", "value": "<image>\\nQ"},' \
            ' {"from": "gpt", "value": "Red"}]}'
    good = json.dumps(_llava_row("<image>\nQ"))
    detail = "key 'image' is given twice, as 'red.png' and as 'blue.png'"
    for name, raw in [("dup.jsonl", f"{twice}\n{good}\n"), ("dup.json", f"[{twice}, {good}]")]:
        data = _rows_file(tmp_path, name, raw=raw.encode())
        out = _read_rows(tmp_path, name, data, preset="llava_instruct")
        assert (out[0].reason, out[0].detail) == ("error:hub:duplicate_key", detail)
        assert isinstance(out[1], Sample) and out[1].conversation[1] == {"role": "assistant", "content": "red"}


def test_typed_parts_naming_their_images_with_the_same_images_listed_again_are_one_sample(tmp_path):
    # a review: exports that keep both (a part's own image and an images column naming it again) were
    # refused as marker_count_mismatch; images listed that are not the parts' own are still refused
    def row(listed: list[str]) -> dict:
        return {"images": listed, "messages": [
            {"role": "user", "content": [{"type": "image", "image": "red.png"}, {"type": "text", "text": "What colour?"}]},
            {"role": "assistant", "content": [{"type": "text", "text": "Red."}]}]}

    data = _rows_file(tmp_path, "both.jsonl", [row(["red.png"]), row(["blue.png"])])
    out = _read_rows(tmp_path, "both.jsonl", data, preset="llava_instruct_mix")
    assert isinstance(out[0], Sample) and out[0].conversation == [
        {"role": "user", "content": "<image>\nWhat colour?"}, {"role": "assistant", "content": "Red."}]
    assert np.array_equal(pixels(out[0].images[0]), pixels(photo(1)))
    assert (out[1].locator, out[1].reason) == ("line=2", "error:hub:marker_count_mismatch")


def test_an_image_part_naming_its_image_by_path_or_url_is_that_image_never_the_columns(tmp_path):
    # (hunt S5) transformers' chat form names a part's image by "url" or "path" ({"type": "image", "url": ...};
    # transformers #43786); read as a bare part, it took the image column's picture: "blue" answered about red
    def row(part: dict, listed: list) -> dict:
        return {"images": listed, "messages": [
            {"role": "user", "content": [part, {"type": "text", "text": "What colour?"}]},
            {"role": "assistant", "content": [{"type": "text", "text": "Blue."}]}]}

    rows = [row({"type": "image", "path": "blue.png"}, []), row({"type": "image", "url": "blue.png"}, ["blue.png"]),
            row({"type": "image", "path": "blue.png"}, ["red.png"]),
            row({"type": "image", "image": {"bytes": None, "path": None}, "path": None, "url": None}, ["blue.png"])]
    data = _rows_file(tmp_path, "named.jsonl", rows)
    out = _read_rows(tmp_path, "named.jsonl", data, preset="llava_instruct_mix")
    turns = [{"role": "user", "content": "<image>\nWhat colour?"}, {"role": "assistant", "content": "Blue."}]
    assert [(r.meta["locator"], r.conversation) for r in out if isinstance(r, Sample)] == [
        (f"line={n}", turns) for n in (1, 2, 4)]  # an empty struct names no image: the column's is the part's
    assert all(np.array_equal(pixels(r.images[0]), pixels(photo(2))) for r in out if isinstance(r, Sample))
    assert (out[2].locator, out[2].reason) == ("line=3", "error:hub:marker_count_mismatch")


def test_an_image_part_naming_the_image_the_column_holds_as_a_struct_is_one_image(tmp_path):
    # (review) transformers' parts name their image by path and the images column holds it again as the Hub's
    # {"bytes", "path"} cell (datasets' Image feature): one image, read from the cell, as the same image named
    # by a plain path is; a different path is still refused
    def row(path: str, listed: list) -> dict:
        return {"images": listed, "messages": [
            {"role": "user", "content": [{"type": "image", "path": path}, {"type": "text", "text": "What colour?"}]},
            {"role": "assistant", "content": [{"type": "text", "text": "Blue."}]}]}

    cell = {"bytes": None, "path": "blue.png"}
    rows = [row("blue.png", [cell]), row("red.png", [cell])]
    data = _rows_file(tmp_path, "struct.jsonl", rows)
    out = _read_rows(tmp_path, "struct.jsonl", data, preset="llava_instruct_mix")
    assert isinstance(out[0], Sample) and out[0].conversation == [
        {"role": "user", "content": "<image>\nWhat colour?"}, {"role": "assistant", "content": "Blue."}]
    assert np.array_equal(pixels(out[0].images[0]), pixels(photo(2)))
    assert (out[1].locator, out[1].reason) == ("line=2", "error:hub:marker_count_mismatch")


def test_ms_swift_grounding_placeholders_are_refused(tmp_path):
    # (hunt S6) ms-swift #3732: "<bbox>" is filled from the row's objects column; as text it was the answer taught
    row = {"images": ["red.png"], "objects": {"ref": ["sheep"], "bbox": [[90.9, 160.8, 135, 212.8]]},
           "messages": [{"role": "user", "content": "<image>Where is the sheep?"},
                        {"role": "assistant", "content": "<bbox>"}]}
    data = _rows_file(tmp_path, "grounding.jsonl", [row])
    out = _read_rows(tmp_path, "grounding.jsonl", data, preset="llava_instruct_mix")
    assert [(r.reason, r.detail) for r in out] == [
        ("unsupported:hub:grounding", "turn 2 (assistant) holds '<bbox>', which ms-swift fills from the "
                                            "row's objects; written, it would stay text")]


def test_preference_rows_are_refused(tmp_path):
    # (hunt S7) a KTO row's "label": false marks its answer as one to unlearn; a ranking row's answers are apart
    turns = _llava_row("<image>\nWhat colour?")["conversations"] + [{"from": "human", "value": "Sure?"}]
    rows = [_llava_row("<image>\nWhat colour?", label=False),
            _llava_row("", conversations=turns, chosen={"from": "gpt", "value": "Yes."},
                       rejected={"from": "gpt", "value": "No, green."})]
    data = _rows_file(tmp_path, "preference.jsonl", rows)
    out = _read_rows(tmp_path, "preference.jsonl", data, preset="llava_instruct")
    assert [(r.reason, r.detail) for r in out] == [
        ("unsupported:hub:preference_record", "the row's label false marks its answer as one to unlearn (KTO), not to "
                                        "learn"),
        ("unsupported:hub:preference_record", "the row's turns end on the question and its answers are its chosen and "
                                        "rejected (a preference pair)")]


def test_a_kto_flag_false_as_text_or_on_the_answer_is_refused(tmp_path):
    # (review R1) "label": "false" (a KTO column written out as text) or on the answer turn itself was trained on
    flagged = _llava_row("<image>\nWhat colour?", "green")
    flagged["conversations"][1]["label"] = False
    rows = [_llava_row("<image>\nWhat colour?", "green", kto_tag="false"), flagged]
    data = _rows_file(tmp_path, "kto.jsonl", rows)
    out = _read_rows(tmp_path, "kto.jsonl", data, preset="llava_instruct")
    assert [(r.reason, r.detail) for r in out] == [
        ("unsupported:hub:preference_record", "the row's kto_tag false marks its answer as one to unlearn (KTO), not "
                                        "to learn"),
        ("unsupported:hub:preference_record",
         "turn 2 (assistant) has label False: it marks the answer as one to unlearn "
         "(KTO), not to learn")]


def test_a_class_label_written_as_text_true_or_false_is_no_kto_flag(tmp_path):
    # (review rrec) NLVR2's "label": "False" (text, its class) was read as KTO's flag: the "False" rows refused, the
    # "True" ones kept, every answer written "True". Only kto_tag is read from its text; label as the bool only
    rows = [_llava_row("<image>\nIs the sentence true?", "False", label="False"),
            _llava_row("<image>\nIs the sentence true?", "True", label="True")]
    data = _rows_file(tmp_path, "nlvr2.jsonl", rows)
    out = _read_rows(tmp_path, "nlvr2.jsonl", data, preset="llava_instruct")
    assert [r.conversation[-1]["content"] for r in out] == ["False", "True"]


def test_an_image_in_the_system_prompt_is_refused(tmp_path):
    # (review R3) a system column's <image> was left as text beside the marker placed for the row's one image:
    # two markers, one image; a system turn's marker took the image no template places there
    system_turn = {"image": "red.png", "conversations": [{"from": "system", "value": "<image>\nYou see a photo."}]
                   + _llava_row("What colour?")["conversations"]}
    rows = [system_turn, _llava_row("What colour?", system="<image> You see a photo."),
            _llava_row("What colour?", system="You see a photo.")]
    data = _rows_file(tmp_path, "system_image.jsonl", rows)
    out = _read_rows(tmp_path, "system_image.jsonl", data, preset="llava_instruct")
    assert [(r.reason, r.detail) for r in out[:2]] == [
        ("unsupported:hub:image_in_system_turn",
         "turn 1 (system) holds an image marker: a system prompt has no place for "
         "an image"),
        ("unsupported:hub:image_in_system_turn",
         "the row's system prompt holds an image placeholder: a system prompt has "
         "no place for an image")]
    assert out[2].conversation == [{"role": "system", "content": "You see a photo."},
                                   {"role": "user", "content": "<image>\nWhat colour?"},
                                   {"role": "assistant", "content": "red"}]
    assert len(out[2].images) == 1


def test_an_empty_image_cell_beside_others_is_refused_never_read_as_a_count_mismatch(tmp_path):
    # (review R2) a Parquet images list holding an empty struct (a failed download) beside an image was rejected as
    # a marker count mismatch, or, with no marker, as "the image column is empty"; all empty is no image at all
    red = photo(1)
    def row(cells: list, marker: bool = True) -> dict:
        question = [{"type": "image"}, {"type": "text", "text": "What colour?"}] if marker else \
            [{"type": "text", "text": "What colour?"}]
        return {"images": cells, "messages": [{"role": "user", "content": question},
                                              {"role": "assistant", "content": [{"type": "text", "text": "red"}]}]}
    empty = {"bytes": b"", "path": None}
    rows = [row([{"bytes": red, "path": None}, empty]), row([empty, {"bytes": red, "path": None}], marker=False),
            row([{"bytes": red, "path": None}, {"bytes": None, "path": None}]), row([empty]),
            row([{"bytes": red, "path": None}])]
    table = pa.Table.from_pylist(rows)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    data = _rows_file(tmp_path, "empty_images.parquet", raw=buffer.getvalue())
    out = _read_rows(tmp_path, "empty_images.parquet", data, preset="llava_instruct_mix")
    assert [(r.locator, r.reason, r.detail) for r in out[:4]] == [
        ("row=1", "error:hub:empty_image", "image 2 of the 2 in the image column holds no image ({'bytes': b'', "
                                           "'path': None}): which marker each other image is for is unknown"),
        ("row=2", "error:hub:empty_image", "image 1 of the 2 in the image column holds no image ({'bytes': b'', "
                                           "'path': None}): which marker each other image is for is unknown"),
        ("row=3", "error:hub:empty_image", "image 2 of the 2 in the image column holds no image ({'bytes': None, "
                                           "'path': None}): which marker each other image is for is unknown"),
        ("row=4", "error:hub:empty_image", "the 1 cells of the image column hold no image ({'bytes': b'', 'path': "
                                           "None}): the row had an image, lost")]
    assert out[4].conversation == [{"role": "user", "content": "<image>\nWhat colour?"},
                                   {"role": "assistant", "content": "red"}]
    assert len(out[4].images) == 1


def test_an_image_cell_that_holds_no_image_is_never_a_text_only_row(tmp_path):
    # (review rrec) an image column whose every cell was empty ({"bytes": b"", "path": None}: a failed download) was
    # read as no image, and with allow_text_only the row was written text-only: "What colour is it?" answered "red"
    # of no picture. A cell said the row had an image: refused. A null image (HF's text-only row) stays none
    ask = [{"from": "human", "value": "What colour is it?"}, {"from": "gpt", "value": "red"}]
    rows = [{"image": {"bytes": b"", "path": None}, "conversations": ask},
            {"image": {"bytes": None, "path": None}, "conversations": ask}, {"image": None, "conversations": ask}]
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), buffer)
    data = _rows_file(tmp_path, "lost.parquet", raw=buffer.getvalue())
    out = _read_rows(tmp_path, "lost.parquet", data, preset="llava_instruct", allow_text_only=True)
    assert [(r.locator, r.reason) for r in out[:2]] == [("row=1", "error:hub:empty_image"),
                                                        ("row=2", "error:hub:empty_image")]
    assert (out[2].conversation, out[2].images) == ([{"role": "user", "content": "What colour is it?"},
                                                     {"role": "assistant", "content": "red"}], [])


def test_a_numeric_turn_is_its_number_and_a_turn_of_another_type_says_so(tmp_path):
    # (hunt S8) a counting answer given as the number 4 was refused as "turn 2 (assistant) has no text"
    rows = [_llava_row("<image>\nHow many?", 4), _llava_row("<image>\nHow many?", {"text": "4"}),
            _llava_row("<image>\nHow many?", True)]
    data = _rows_file(tmp_path, "numbers.jsonl", rows)
    out = _read_rows(tmp_path, "numbers.jsonl", data, preset="llava_instruct")
    assert out[0].conversation == [{"role": "user", "content": "<image>\nHow many?"},
                                   {"role": "assistant", "content": "4"}]
    assert [(r.reason, r.detail) for r in out[1:]] == [("error:hub:bad_turn", "turn 2: text is a dict"),
                                                       ("error:hub:bad_turn", "turn 2: text is a bool")]
