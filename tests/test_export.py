"""A real build of the bundled corpus read by other trainers' loaders, as they are: Megatron-Energon
(``get_train_dataset`` / ``get_loader`` on every kind folder and every stage blend, and the same
``.nv-meta`` as ``energon prepare`` writes), Hugging Face ``datasets`` (``load_dataset`` on a kind
folder), and the SFT exports (`shards.export`) read back and compared with the shards."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import braceexpand
import numpy as np
import pytest
import torch
import yaml
from PIL import Image

from pipelines.build import main as build_main
from shards import read_manifest, read_samples
from shards.energon import SAMPLE_TYPES, stage_mixes
from shards.sample import KINDS

WORKER = dict(batch_size=None, shuffle_buffer_size=None, max_samples_per_sequence=None)


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    """The default build (`samples/build.yaml`), made once for this module."""
    out = tmp_path_factory.mktemp("export") / "out"
    assert build_main(["--output", str(out), "--progress", "off", "--no-report"]) == 0
    return out


@pytest.fixture(scope="module")
def shard_samples(build) -> dict[str, dict]:
    """kind -> key -> Sample, as the project's own reader reads them."""
    found: dict[str, dict] = {}
    for sample in read_samples(str(build)):
        found.setdefault(sample.kind, {})[sample.key] = sample
    return found


def pixels(data: bytes) -> torch.Tensor:
    """An encoded image as energon decodes it by default: float RGB (3, H, W) in [0, 1]."""
    array = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    return torch.from_numpy(array.copy()).permute(2, 0, 1).float() / 255


def energon_samples(path, **kwargs):
    from megatron.energon import WorkerConfig, get_loader, get_train_dataset

    worker = WorkerConfig(rank=0, world_size=1, num_workers=0)
    return get_loader(get_train_dataset(str(path), worker_config=worker, **WORKER, **kwargs))


# --- Megatron-Energon -----------------------------------------------------------------------------------

def test_the_default_build_has_every_kind(build, shard_samples):
    assert set(shard_samples) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_folder_is_an_energon_dataset_with_exact_targets(build, shard_samples, kind):
    expected = shard_samples[kind]
    got = {s.__key__: s for s in energon_samples(build / kind, repeat=False)}
    assert set(got) == set(expected)  # one epoch: every sample, once
    for key, sample in expected.items():
        loaded = got[key]
        assert type(loaded).__name__ == SAMPLE_TYPES[kind][0]
        if kind == "caption":
            assert loaded.caption == sample.text
            torch.testing.assert_close(loaded.image, pixels(sample.images[0]))
        elif kind in ("doc_ocr", "scene_ocr"):
            assert loaded.text == sample.text
            torch.testing.assert_close(loaded.image, pixels(sample.images[0]))
        elif kind == "text":
            assert loaded.text == sample.text
        elif kind == "interleaved":
            sequence = []
            for segment in sample.segments:
                if "image" in segment:
                    sequence.append(pixels(sample.images[segment["image"]]))
                    sequence += [segment["caption"]] if segment.get("caption") else []
                elif segment.get("text"):
                    sequence.append(segment["text"])
            assert [x if isinstance(x, str) else "<img>" for x in loaded.sequence] == \
                   [x if isinstance(x, str) else "<img>" for x in sequence]
            for a, b in zip(loaded.sequence, sequence):
                if not isinstance(a, str):
                    torch.testing.assert_close(a, b)
        else:  # sft, chart, web_code: Megatron-LM's SFT layout
            assert len(loaded.images) == len(sample.images)
            for image, data in zip(loaded.images, sample.images):
                torch.testing.assert_close(image, pixels(data))
            roles = {"user": "human", "assistant": "gpt", "system": "system"}
            turns = sample.conversation or [{"role": "user", "content": "<image>\n" * len(sample.images)},
                                            {"role": "assistant", "content": sample.text}]
            assert loaded.texts == [{"from": roles[t["role"]], "value": t["content"]} for t in turns]
            assert sum(t["value"].count("<image>") for t in loaded.texts) == len(loaded.images)


def _energon_prepare(folder: Path, kind: str) -> None:
    sample_type, mapping = SAMPLE_TYPES[kind]
    args = [sys.executable, "-m", "megatron.energon.cli.main", "prepare", str(folder), "--non-interactive",
            "--split-ratio", "1,0,0", "--no-progress", "--num-workers", "1", "--sample-type", sample_type]
    args += ["--field-map", json.dumps(mapping)] if isinstance(mapping, dict) else ["--skip-dataset-yaml"]
    subprocess.run(args, check=True, capture_output=True, text=True)


def _sqlite(path: Path) -> dict:
    db = sqlite3.connect(path)
    try:
        return {
            "objects": sorted(db.execute("SELECT type, name, tbl_name FROM sqlite_master")),
            "columns": {t: list(db.execute(f"PRAGMA table_info({t})")) for t in ("samples", "sample_parts")},
            "samples": sorted(db.execute("SELECT * FROM samples")),
            "parts": sorted(db.execute("SELECT * FROM sample_parts")),
        }
    finally:
        db.close()


@pytest.mark.parametrize("kind", ["caption", "sft", "web_code"])
def test_nv_meta_is_what_energon_prepare_writes(build, tmp_path, kind):
    """energon's own `prepare`, run on a copy of the kind folder's shards, writes the same index, counts,
    split and (for field maps) dataset.yaml as the build."""
    theirs = tmp_path / kind
    theirs.mkdir()
    for tar in (build / kind).glob("*.tar"):
        shutil.copy(tar, theirs / tar.name)
    _energon_prepare(theirs, kind)
    ours_meta, theirs_meta = build / kind / ".nv-meta", theirs / ".nv-meta"
    assert json.loads((ours_meta / ".info.json").read_text()) == json.loads((theirs_meta / ".info.json").read_text())
    ours_split, theirs_split = (yaml.safe_load((m / "split.yaml").read_text()) for m in (ours_meta, theirs_meta))
    expand = lambda names: [n for pattern in names for n in braceexpand.braceexpand(pattern)]  # noqa: E731
    assert {p: expand(v) for p, v in ours_split["split_parts"].items()} == \
           {p: expand(v) for p, v in theirs_split["split_parts"].items()}
    assert ours_split["exclude"] == theirs_split["exclude"] == []
    for tar in theirs.glob("*.tar"):
        assert (build / kind / (tar.name + ".idx")).read_bytes() == (theirs / (tar.name + ".idx")).read_bytes()
    assert _sqlite(ours_meta / "index.sqlite") == _sqlite(theirs_meta / "index.sqlite")
    if isinstance(SAMPLE_TYPES[kind][1], dict):
        assert yaml.safe_load((ours_meta / "dataset.yaml").read_text()) == \
               yaml.safe_load((theirs_meta / "dataset.yaml").read_text())


def test_stage_blends_carry_the_papers_mixes(build):
    """energon/stage<N>.yaml blends the kind folders by the trainer's (the paper's) stage weights, and
    energon draws samples from them in about those proportions."""
    for number, (_, weights) in stage_mixes().items():
        blend = yaml.safe_load((build / "energon" / f"stage{number}.yaml").read_text())["splits"]["train"]["blend"]
        assert {b["subflavors"]["kind"]: b["weight"] for b in blend} == weights
        assert all(b["path"] == f"../{b['subflavors']['kind']}" for b in blend)
    loader = iter(energon_samples(build / "energon" / "stage2.yaml"))
    drawn = Counter(next(loader).__subflavors__["kind"] for _ in range(1000))
    assert set(drawn) == set(stage_mixes()[2][1])
    assert 0.64 < drawn["text"] / 1000 < 0.76  # 70% language, as the paper keeps it
    stage3 = iter(energon_samples(build / "energon" / "stage3.yaml"))
    assert {next(stage3).__subflavors__["kind"] for _ in range(200)} == {"sft", "text"}


def test_a_rebuild_without_energon_leaves_no_stale_metadata(tmp_path):
    out = tmp_path / "out"
    config = tmp_path / "text.yaml"
    config.write_text(yaml.safe_dump({"sources": [{"paths": [str(Path("samples/corpus/text").resolve())],
                                                   "source": "text"}]}))
    assert build_main(["--config", str(config), "--output", str(out), "--progress", "off", "--no-report",
                       "--quality", "off"]) == 0
    assert (out / "text" / ".nv-meta" / "index.sqlite").exists() and (out / "energon" / "stage2.yaml").exists()
    assert (out / "text" / "README.md").exists()
    assert build_main(["--config", str(config), "--output", str(out), "--progress", "off", "--no-report",
                       "--quality", "off", "--no-energon", "--no-hf_card"]) == 0
    assert not (out / "text" / ".nv-meta").exists() and not (out / "energon").exists()
    assert not list((out / "text").glob("*.idx")) and not (out / "text" / "README.md").exists()
    assert list((out / "text").glob("*.tar"))


# --- Hugging Face datasets ------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_hf_datasets_reads_a_kind_folder_with_images_and_targets(build, shard_samples, tmp_path, monkeypatch, kind):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    import datasets

    from shards.hf import features

    by_folder = datasets.load_dataset(str(build / kind), split="train", cache_dir=str(tmp_path / "a"))
    by_files = datasets.load_dataset("webdataset", data_files={"train": sorted(map(str, (build / kind).glob("*.tar")))},
                                     features=features(str(build / kind)), split="train", cache_dir=str(tmp_path / "b"))
    for dataset in (by_folder, by_files):
        assert sorted(dataset["__key__"]) == sorted(shard_samples[kind])
        for row in dataset:
            sample = shard_samples[kind][row["__key__"]]
            record = row["json"]
            assert (record["key"], record["kind"], record["text"]) == (sample.key, sample.kind, sample.text)
            assert record["conversation"] == (sample.conversation and
                                              [{"role": t["role"], "content": t["content"]} for t in sample.conversation])
            if sample.segments is not None:
                assert [{k: v for k, v in s.items() if v is not None} for s in record["segments"]] == sample.segments
            assert record["meta"] == {k: sample.meta.get(k) for k in ("source", "uri", "locator")}
            images = [row[name] for name in record["images"]]
            assert len(images) == len(sample.images)
            for image, data in zip(images, sample.images):
                assert isinstance(image, Image.Image)
                assert np.array_equal(np.asarray(image.convert("RGB")),
                                      np.asarray(Image.open(io.BytesIO(data)).convert("RGB")))


def test_manifest_is_untouched_by_the_loader_files(build):
    manifest = read_manifest(str(build))
    assert all(s["path"].endswith(".tar") for s in manifest["shards"])


# --- SFT exports ----------------------------------------------------------------------------------------

def _conversations(shard_samples, captions: bool) -> dict[str, tuple[list, list[bytes]]]:
    """key -> (turns, image bytes) the exports must hold: the sft samples, and captions as one turn."""
    expected = {k: (s.conversation, s.images) for k, s in shard_samples["sft"].items()}
    if captions:
        expected.update({k: ([{"role": "user", "content": "<image>\nDescribe the image."},
                              {"role": "assistant", "content": s.text}], s.images)
                         for k, s in shard_samples["caption"].items()})
    return expected


def test_llava_export_reads_back_as_the_shards(build, shard_samples, tmp_path, monkeypatch):
    from shards.export import main as export_main

    out = tmp_path / "llava"
    assert export_main(["--build", str(build), "--output", str(out), "--format", "llava", "--captions",
                        "--caption-prompt", "Describe the image."]) == 0
    expected = _conversations(shard_samples, captions=True)
    records = json.loads((out / "llava.json").read_text())
    assert sorted(r["id"] for r in records) == sorted(expected)
    roles = {"human": "user", "gpt": "assistant"}
    for record in records:
        turns, images = expected[record["id"]]
        system = [{"role": "system", "content": record["system"]}] if "system" in record else []
        assert system + [{"role": roles[t["from"]], "content": t["value"]} for t in record["conversations"]] == turns
        assert [(out / p).read_bytes() for p in record["images"]] == images
        assert record.get("image") == (record["images"][0] if len(images) == 1 else None)
        assert sum(t["value"].count("<image>") for t in record["conversations"]) == len(images)
    assert any(len(r["images"]) == 2 for r in records) and any(not r["images"] for r in records)
    info = json.loads((out / "dataset_info.json").read_text())["vlbuild_sft"]
    assert info["file_name"] == "llava.json" and info["formatting"] == "sharegpt"
    # LLaMA-Factory and ms-swift load it with datasets' json loader: one type per field
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    import datasets

    loaded = datasets.load_dataset("json", data_files=str(out / "llava.json"), split="train",
                                   cache_dir=str(tmp_path / "cache"))
    assert loaded.num_rows == len(expected) and loaded.features["images"].feature.dtype == "string"


def test_messages_export_reads_back_as_the_shards(build, shard_samples, tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    from shards.export import main as export_main

    out = tmp_path / "messages"
    assert export_main(["--build", str(build), "--output", str(out), "--format", "messages", "--captions",
                        "--caption-prompt", "Describe the image.", "--rows-per-file", "10"]) == 0
    expected = _conversations(shard_samples, captions=True)
    files = sorted(out.glob("train-*.parquet"))
    assert len(files) == -(-len(expected) // 10)
    rows = [row for f in files for row in pq.read_table(f).to_pylist()]
    assert sorted(r["id"] for r in rows) == sorted(expected)
    for row in rows:
        turns, images = expected[row["id"]]
        text = [{"role": m["role"], "content": "".join("<image>" if p["type"] == "image" else p["text"]
                                                      for p in m["content"])} for m in row["messages"]]
        assert text == turns
        assert [i["bytes"] for i in row["images"]] == images
    # datasets restores the Image feature from the Parquet metadata: images decode to PIL
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    import datasets

    loaded = datasets.load_dataset("parquet", data_files=[str(f) for f in files], split="train",
                                   cache_dir=str(tmp_path / "cache"))
    assert isinstance(loaded.features["images"].feature, datasets.Image)
    for row in loaded:
        _, images = expected[row["id"]]
        assert [np.asarray(i.convert("RGB")).tolist() for i in row["images"]] == \
               [np.asarray(Image.open(io.BytesIO(d)).convert("RGB")).tolist() for d in images]


def test_loader_files_and_exports_go_through_beam_filesystems(tmp_path, monkeypatch):
    """A build to vfs:// (a Beam filesystem that exists only through Beam) gets its energon metadata and
    cards there, and both exports read from and write to vfs:// too."""
    from tests.test_filesystem import SCHEME, VirtualFileSystem

    from shards.export import main as export_main

    store = tmp_path / "store"
    VirtualFileSystem.ROOT, VirtualFileSystem.seen = str(store), set()
    shutil.copytree("samples/corpus/sft", store / "in" / "sft")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b.yaml").write_text(yaml.safe_dump({"sources": [
        {"paths": [f"{SCHEME}in/sft/*.json", f"{SCHEME}in/sft/*.jsonl"], "source": "sft"}]}))
    assert build_main(["--config", str(tmp_path / "b.yaml"), "--output", f"{SCHEME}out", "--progress", "off",
                       "--no-report", "--quality", "off"]) == 0
    for name in (".nv-meta/index.sqlite", ".nv-meta/dataset.yaml", ".nv-meta/sample_loader.py", "README.md",
                 "sft-000000.tar.idx"):
        assert (store / "out" / "sft" / name).is_file(), name
    assert (store / "out" / "energon" / "stage3.yaml").is_file()
    for fmt in ("llava", "messages"):
        assert export_main(["--build", f"{SCHEME}out", "--output", f"{SCHEME}{fmt}", "--format", fmt]) == 0
    assert (store / "llava" / "llava.json").is_file() and (store / "messages" / "train-00000.parquet").is_file()
    assert not (tmp_path / "vfs:").exists()
    # and energon loads the copy that only Beam wrote
    got = list(energon_samples(store / "out" / "sft", repeat=False))
    assert len(got) == read_manifest(f"{SCHEME}out")["totals"]["samples"]["sft"]


def test_llava_export_alternates_questions_and_answers_as_llava_and_llama_factory_need(tmp_path, capsys):
    # a record's turns of one role in a row (two questions, then the answer) and a last question nobody answers
    # were written as they were: LLaVA's preprocessing asserts the roles alternate (a crash mid-epoch) and
    # LLaMA-Factory's sharegpt reader skips such a record ("Invalid role tag", "Invalid message count")
    from shards.export import write_llava
    from shards.sample import Sample

    png = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(png, format="PNG")
    samples = [
        Sample("two-questions", "sft", images=[png.getvalue()], conversation=[
            {"role": "system", "content": "Be brief."}, {"role": "user", "content": "<image>\nWhat colour?"},
            {"role": "user", "content": "One word."}, {"role": "assistant", "content": "Red."},
            {"role": "user", "content": "Thanks!"}]),
        Sample("opens-with-an-answer", "sft", conversation=[
            {"role": "assistant", "content": "Hello."}, {"role": "user", "content": "Hi."},
            {"role": "assistant", "content": "How can I help?"}])]
    assert write_llava(samples, str(tmp_path)) == {"samples": 2, "images": 1, "not_alternating": 1}
    first, second = json.loads((tmp_path / "llava.json").read_text())
    assert (first["system"], first["conversations"]) == ("Be brief.", [
        {"from": "human", "value": "<image>\nWhat colour?\n\nOne word."}, {"from": "gpt", "value": "Red."}])
    assert [t["from"] for t in second["conversations"]] == ["gpt", "human", "gpt"]  # said, not guessed at
