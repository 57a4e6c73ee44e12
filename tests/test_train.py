"""The trainer on shards the pipeline built from the bundled samples: processor, mixture reader,
the three stages, frozen parameters, resume, and two processes under torchrun (gloo)."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch
from PIL import Image

from model import train
from model.config import preset
from model.data import Mix, MixtureReader
from model.llm import KVCache
from model.parallelize import parallelize
from model.processor import CLIP_MEAN, CLIP_STD, IGNORE, Processor, collate
from model.run_config import RunConfig
from model.tokenizer import Tokenizer
from model.vlm import VLM
from shards.sample import Sample
from sources.common.images import encode_image
from tests import accumulation
from tests.conftest import run_build

REPO = Path(__file__).resolve().parent.parent
TINY = ["--preset", "tiny", "--batch-size", "4", "--seq-len", "256", "--progress", "off"]


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("train") / "out"
    code, _ = run_build("--output", str(out), "--no-report")
    assert code == 0
    return out


@pytest.fixture(scope="module")
def processor(build) -> Processor:
    return Processor(Tokenizer.train(train.texts_of(str(build)), 512), preset("tiny"), 256)


def metrics(run: Path, stage: int) -> list[dict]:
    return [json.loads(line) for line in (run / f"stage{stage}" / "metrics.jsonl").read_text().splitlines()]


def losses(run: Path, stage: int) -> list[float]:
    return [m["loss"] for m in metrics(run, stage) if "loss" in m]


def test_sft_supervises_only_answers_and_their_end_tokens(processor):
    png = (REPO / "samples" / "corpus" / "sft" / "images" / "sign.png").read_bytes()
    sample = Sample("k", "sft", images=[png], conversation=[
        {"role": "user", "content": "<image>\nWhat does the sign say?"}, {"role": "assistant", "content": "OPEN"},
        {"role": "user", "content": "When?"}, {"role": "assistant", "content": "Daily."}])
    e = processor.example(sample)
    tok = processor.tokenizer
    supervised = [i for i, label in zip(e.ids, e.labels) if label != IGNORE]
    assert tok.decode(supervised) == "OPENDaily." and supervised.count(processor.eos_id) == 2
    assert e.ids.count(processor.image_id) == 16 and len(e.images) == 1  # one placeholder -> 16 tokens (tiny)
    assert "User: " in tok.decode(e.ids) and "Assistant: " in tok.decode(e.ids)
    low, high = processor.pixels(e.images)
    assert low.shape == (1, 3, 64, 64) and high.shape == (1, 3, 128, 128)
    assert float(low[0, :, 0, 0].abs().max()) < 0.01  # the padding is the mean colour: ~0 once normalised


def test_a_page_shrinks_to_the_branch_size_in_its_colours_and_proportions(processor):
    page = np.full((1024, 724, 3), 255, np.uint8)
    page[96:296, 48:248] = (200, 30, 30)  # a red block, RGB
    webp, png = (encode_image(Image.fromarray(page), fmt) for fmt in ("webp", "png"))
    (low, high), (low_png, high_png) = processor.pixels([webp]), processor.pixels([png])
    assert torch.equal(low, low_png) and torch.equal(high, high_png)  # lossless WebP: the same pixels
    rgb = (high[0] * torch.tensor(CLIP_STD)[:, None, None] + torch.tensor(CLIP_MEAN)[:, None, None]) * 255
    rgb = rgb.permute(1, 2, 0).round().clamp(0, 255).numpy().astype(np.uint8)
    inside = rgb[:, 19:109]  # 1024 x 724 -> 128 x 90, centred in the 128 square
    reference = cv2.resize(page, (90, 128), interpolation=cv2.INTER_AREA)
    assert np.abs(inside.astype(int) - reference).mean() < 1.5
    assert tuple(rgb[25, 19 + 18]) == (200, 30, 30) and tuple(rgb[100, 60]) == (255, 255, 255)
    assert tuple(rgb[64, 5]) == tuple(round(m * 255) for m in CLIP_MEAN)  # the padding


def test_pretraining_supervises_text_never_images_and_never_cuts_an_image(processor):
    png = (REPO / "samples" / "corpus" / "sft" / "images" / "chart.png").read_bytes()
    e = processor.example(Sample("k", "caption", images=[png], text="A blue bar chart of four years."))
    labels = [label for label in e.labels if label != IGNORE]
    assert processor.tokenizer.decode(labels) == "A blue bar chart of four years."
    assert all(label == IGNORE for i, label in zip(e.ids, e.labels) if i == processor.image_id)
    segments = [{"text": "word " * 200}, {"image": 0}, {"text": "after"}]
    cut = processor.example(Sample("k2", "interleaved", images=[png], segments=segments))
    assert cut.ids.count(processor.image_id) in (0, 16) and len(cut.ids) <= 256


def test_interleaved_captions_follow_their_images_in_the_tokens(build, processor):
    """The source moves a figure's caption out of the text onto its image: the trainer reads it right after
    the image's tokens, supervised, as the energon and HF readers order it."""
    from shards.reader import read_samples

    [sample] = [s for s in read_samples(str(build), kinds=["interleaved"])
                if s.uri.endswith("heat_flow.tar.gz") and s.meta["locator"] == "part=1"]
    figure = next(seg for seg in sample.segments if "image" in seg)
    assert figure == {"image": 0, "caption": "Figure 1: Temperature profile along the copper plate."}
    e = Processor(processor.tokenizer, preset("tiny"), 100_000).example(sample)
    tok, after = processor.tokenizer, len(e.ids) - e.ids[::-1].index(processor.image_id)  # past the image's tokens
    caption = tok.encode("Figure 1: Temperature profile along the copper plate.\n")
    assert e.ids[after:after + len(caption)] == caption and e.labels[after:after + len(caption)] == caption
    assert tok.decode(e.ids) == "".join(seg.get("text", seg.get("caption", "")) + "\n" for seg in sample.segments)


def test_special_token_strings_in_sample_text_are_text(processor):
    """A page about DeepSeek-VL spells its image placeholder and end-of-sentence token: they are tokenized as
    text, never as the image id (unsupervised, unfilled) or a supervised early EOS."""
    text = ("DeepSeek-VL writes <image_placeholder> per image and ends a turn with "
            "<\uff5cend\u2581of\u2581sentence\uff5c>.")
    e = processor.example(Sample("k", "text", text=text))
    assert processor.image_id not in e.ids and e.ids.count(processor.eos_id) == 1 and e.ids[-1] == processor.eos_id
    assert [label for label in e.labels if label == processor.eos_id] == [processor.eos_id]
    assert processor.tokenizer.decode(e.ids) == text


def test_forward_refuses_image_tokens_without_images():
    """The image-token count is checked on every batch: a language-only batch must hold none."""
    config = preset("tiny")
    model = VLM(config)
    ids = torch.tensor([[1, 5, 6] + [7] * config.image_tokens + [8]])
    empty = torch.zeros(0, 3, config.siglip.image_size, config.siglip.image_size)
    for low in (None, empty):
        with pytest.raises(ValueError, match=f"^{config.image_tokens} image token positions for 0 images of "
                                             f"{config.image_tokens} tokens$"):
            model(ids, 7, low)
    assert model(torch.tensor([[1, 5, 6, 8]]), 7, empty).shape == (1, 4, config.llm.vocab)


def test_packed_batches_keep_documents_apart(processor):
    examples = [processor.example(Sample(f"k{i}", "text", text=f"document number {i} " * 5)) for i in range(3)]
    batch = collate(examples, processor, pack=True)
    assert batch.ids.shape == (1, 256)
    docs = batch.doc_ids[0].tolist()
    assert [docs.count(i) for i in range(3)] == [len(e.ids) for e in examples]


def test_modality_groups_warm_up_and_resume_exactly(build, processor):
    mix = Mix({"text": 70, "caption": 20, "doc_ocr": 10}, language_share=0.5, warmup_steps=10)
    assert mix.language_at(0) == 1.0 and mix.language_at(5) == 0.75 and mix.language_at(50) == 0.5
    reader = MixtureReader(str(build), mix, processor, batch_size=3, seed=1)
    groups = []
    for step in range(30):
        _, kinds = reader.batch(step)
        assert set(kinds) <= {"text"} or not set(kinds) & {"text"}  # all language or all multimodal
        groups.append(kinds[0] == "text")
    assert all(groups[:1]) and not all(groups[10:])  # language only at first, then both
    position = reader.state()
    later = [reader.batch(step)[0].ids for step in range(30, 34)]
    resumed = MixtureReader(str(build), mix, processor, batch_size=3, seed=1)
    resumed.load_state(position)
    for step, ids in zip(range(30, 34), later):
        assert torch.equal(resumed.batch(step)[0].ids, ids)


def test_loader_workers_give_the_same_batches_and_position(build, processor):
    mix = Mix({"text": 70, "caption": 20, "doc_ocr": 10}, language_share=0.5, warmup_steps=4)
    alone = MixtureReader(str(build), mix, processor, batch_size=2, seed=3)
    pooled = MixtureReader(str(build), mix, processor, batch_size=2, seed=3)
    expected = [b.ids for b, _ in alone.batches(0, 9)]
    got = [b.ids for b, _ in pooled.batches(0, 9, workers=2)]
    assert all(torch.equal(a, b) for a, b in zip(expected, got)) and len(got) == 9
    assert pooled.state() == alone.state()
    assert torch.equal(pooled.batch(9)[0].ids, alone.batch(9)[0].ids)  # caught up to go on in process


def test_a_steps_micro_batches_hold_the_samples_of_its_single_batch(build, processor):
    mix = Mix({"text": 70, "caption": 20, "doc_ocr": 10}, language_share=0.5, warmup_steps=4)
    whole = MixtureReader(str(build), mix, processor, batch_size=4, seed=3)
    split = MixtureReader(str(build), mix, processor, batch_size=2, seed=3, micro_batches=2)
    pooled = MixtureReader(str(build), mix, processor, batch_size=2, seed=3, micro_batches=2)
    parts = list(split.batches(0, 6))
    assert len(parts) == 12

    def rows(batch):
        return [row[row != processor.pad_id].tolist() for row in batch.ids]

    for step in range(6):
        batch, kinds = whole.batch(step)
        (first, first_kinds), (second, second_kinds) = parts[2 * step:2 * step + 2]
        assert first_kinds + second_kinds == kinds and rows(first) + rows(second) == rows(batch)
    assert split.state() == whole.state()
    got = [b.ids for b, _ in pooled.batches(0, 6, workers=2)]  # a worker makes whole steps
    assert len(got) == 12 and all(torch.equal(a.ids, b) for (a, _), b in zip(parts, got))
    assert pooled.state() == split.state()
    with pytest.raises(ValueError, match="micro-batches"):
        split.batch(6)


def test_three_stages_run_and_frozen_parameters_stay_bit_identical(build, tmp_path):
    run = tmp_path / "run"
    assert train.main([*TINY, "--stages", "1,2,3", "--data", str(build), "--max-steps", "4", "--output", str(run),
                       "--eval-every", "2", "--eval-every-nth", "3"]) == 0
    states = {n: torch.load(run / f"stage{n}" / "checkpoint.pt", weights_only=False)["model"] for n in (1, 2, 3)}
    torch.manual_seed(0)  # as the run seeds before building the model
    init = train.build_model(RunConfig.from_args(train.parser().parse_args(["--output", "x"]))).state_dict()

    def same(a, b, prefix):
        return all(torch.equal(a[k], b[k]) for k in a if k.startswith(prefix))

    assert same(states[1], init, "siglip.") and same(states[1], init, "language.") and not same(states[1], init, "aligner.")
    assert same(states[2], states[1], "siglip.") and not same(states[2], states[1], "language.")
    assert same(states[3], states[2], "sam.") and not same(states[3], states[2], "siglip.")
    starts = {n: next(m for m in metrics(run, n) if m.get("event") == "start") for n in (1, 2, 3)}
    assert starts[1]["trainable"] < starts[2]["trainable"] < starts[3]["trainable"]
    assert any("eval_loss" in m for m in metrics(run, 2))
    assert all(0 <= m["data_wait"] <= 1 for n in (1, 2, 3) for m in metrics(run, n) if "loss" in m)
    stage2 = [m["samples"] for m in metrics(run, 2) if "samples" in m]
    assert any("text" in s for s in stage2) and all(set(s) <= {"interleaved", "caption", "chart", "web_code",
                                                             "scene_ocr", "doc_ocr", "text"} for s in stage2)


def test_loss_falls_on_a_small_overfit_set(build, tmp_path):
    run = tmp_path / "overfit"
    train.main([*TINY, "--stage", "3", "--data", str(build), "--max-steps", "60", "--lr", "5e-3",
                "--output", str(run), "--eval-every-nth", "0"])
    values = losses(run, 3)
    assert sum(values[-5:]) / 5 < 0.6 * sum(values[:5]) / 5


def test_activation_checkpointing_and_accumulation_train_the_same_losses(build, tmp_path):
    """Recomputing the decoder layers changes nothing; two micro-batches per step instead of one
    forward pass change only the order of float sums. The logged losses are rounded to 6 decimals
    (1.6e-7 of a loss of 6.4) and agree to that (measured); rel=1e-5 leaves room for the float sums,
    and is well under what weighting the micro-batches equally instead of by their supervised tokens
    gives (1e-4 at step 2)."""
    args = [*TINY, "--stage", "2", "--data", str(build), "--max-steps", "3", "--eval-every-nth", "0"]
    train.main([*args, "--output", str(tmp_path / "plain")])
    train.main([*args, "--output", str(tmp_path / "recompute"), "--activation-checkpointing"])
    assert losses(tmp_path / "recompute", 2) == pytest.approx(losses(tmp_path / "plain", 2), rel=1e-6)
    state = torch.load(tmp_path / "recompute" / "stage2" / "checkpoint.pt", weights_only=False)["model"]
    VLM(preset("tiny")).load_state_dict(state)  # the checkpoint wrapper left no trace in the names
    train.main([*args, "--output", str(tmp_path / "micro"), "--micro-batch", "2"])  # batch 4: 2 x 2
    start = next(m for m in metrics(tmp_path / "micro", 2) if m.get("event") == "start")
    assert (start["micro_batch"], start["grad_accum"]) == (2, 2)
    assert losses(tmp_path / "micro", 2) == pytest.approx(losses(tmp_path / "plain", 2), rel=1e-5)


def test_compiled_layers_train_the_same_losses(build, tmp_path, monkeypatch):
    """``--compile`` (torch.compile each decoder layer, the GPU's 31% -> 46% MFU) changes only the
    kernels: the same losses up to fused float arithmetic, and a checkpoint a plain model loads."""
    compiled, real = [], train.parallelize
    monkeypatch.setattr(train, "parallelize", lambda *a, **k: compiled.append(k["compile"]) or real(*a, **k))
    args = [*TINY, "--stage", "2", "--data", str(build), "--max-steps", "2", "--eval-every-nth", "0"]
    train.main([*args, "--output", str(tmp_path / "plain")])
    train.main([*args, "--output", str(tmp_path / "compiled"), "--compile"])
    assert compiled == [False, True]
    assert losses(tmp_path / "compiled", 2) == pytest.approx(losses(tmp_path / "plain", 2), rel=1e-4)
    state = torch.load(tmp_path / "compiled" / "stage2" / "checkpoint.pt", weights_only=False)["model"]
    VLM(preset("tiny")).load_state_dict(state)  # compiling in place left the parameter names as they were


def test_accumulated_micro_batches_give_the_gradients_of_one_forward_pass():
    """Three micro-batches supervising 1, 29 and 40 tokens: the step's loss and gradients are those of
    one forward pass over the same rows (the mean over all their supervised tokens), not the mean of
    the micro-batches' means, which would weight the 1 token as much as the 40."""
    config = preset("tiny")
    rows = accumulation.rows(config)
    torch.manual_seed(0)
    one = VLM(config)
    split = copy.deepcopy(one)
    expected_loss, expected = accumulation.reference(one, accumulation.batch_of(rows))
    parts = [accumulation.batch_of(p) for p in (rows[:1], rows[1:4], rows[4:])]
    assert [b.supervised for b in parts] == [1, 29, 40]
    done = train.accumulate(split, iter((b, ["text"]) for b in parts), 3, config.llm.vocab - 1,
                            torch.device("cpu"), autocast=False)
    grads = {n: p.grad for n, p in split.named_parameters() if p.grad is not None}
    assert grads.keys() == expected.keys()
    for name, grad in expected.items():
        torch.testing.assert_close(grads[name], grad, msg=lambda m, n=name: f"{n}: {m}")
    assert done.loss == pytest.approx(expected_loss, rel=1e-6)
    assert done.tokens == 8 * accumulation.LENGTH and done.kinds == {"text": 3}


def test_accumulation_weights_tokens_over_the_ranks_under_ddp_and_fsdp(tmp_path):
    """Two ranks, each two micro-batches, supervising different numbers of tokens: every rank's
    gradients are those of one forward pass over all eight rows (see tests/accumulation.py)."""
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_port", "29535",
           "-m", "tests.accumulation", str(tmp_path / "ok")]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300, env=_torchrun_env(tmp_path))
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "ok").read_text() == "ok"


def _torchrun_env(tmp_path) -> dict:
    """The environment for a torchrun: its elastic agent's log folder (torchelastic_*) in the test's own
    temporary folder (it leaves it behind: one a run, in the system's temporary folder otherwise)."""
    return {**os.environ, "TMPDIR": str(tmp_path)}


def test_activation_checkpointing_keeps_fewer_activations_for_the_same_gradients():
    """parallelize() does recompute the decoder layers (the same losses alone would also hold if it
    did nothing): backward keeps far fewer tensors, and the gradients are the same."""
    torch.manual_seed(0)
    plain = VLM(preset("tiny"))
    recompute = parallelize(copy.deepcopy(plain), torch.device("cpu"), activation_checkpointing=True)
    ids = torch.randint(0, 500, (2, 64))

    def kept_and_grads(model):
        kept = []

        def pack(t):
            kept.append(t.numel() * t.element_size())
            return t

        with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
            logits = model(ids, 511)
        torch.nn.functional.cross_entropy(logits[:, :-1].flatten(0, 1), ids[:, 1:].flatten()).backward()
        return sum(kept), {n.replace("_checkpoint_wrapped_module.", ""): p.grad  # the wrapper's own level
                           for n, p in model.named_parameters() if p.grad is not None}

    (kept_plain, expected), (kept_recompute, grads) = kept_and_grads(plain), kept_and_grads(recompute)
    assert kept_recompute < 0.5 * kept_plain, (kept_recompute, kept_plain)
    assert grads.keys() == expected.keys()
    for name, grad in expected.items():
        torch.testing.assert_close(grads[name], grad, msg=lambda m, n=name: f"{n}: {m}")


def test_the_micro_batch_sets_the_accumulation_the_global_batch_needs():
    assert train.micro_batching(1024, world=1, grad_accum=1, micro_batch=2) == (2, 512)  # the 1.3b's stage 2
    assert train.micro_batching(1024, world=3, grad_accum=1, micro_batch=2) == (2, 171)  # rounded up: 1026
    assert train.micro_batching(1024, world=8, grad_accum=4, micro_batch=None) == (32, 4)


def test_resume_reproduces_an_uninterrupted_run(build, tmp_path):
    args = [*TINY, "--stage", "1", "--data", str(build), "--max-steps", "6", "--eval-every-nth", "0"]
    train.main([*args, "--output", str(tmp_path / "whole")])
    train.main([*args, "--output", str(tmp_path / "parts"), "--stop-after", "3"])
    assert len(losses(tmp_path / "parts", 1)) == 3
    train.main([*args, "--output", str(tmp_path / "parts"), "--resume"])
    assert losses(tmp_path / "parts", 1) == losses(tmp_path / "whole", 1)


def test_two_processes_under_torchrun_train_and_agree(build, tmp_path):
    """DDP keeps the ranks' parameters the same (it fails if a step's last gradient sync is skipped);
    FSDP2, whose gathered parameters agree by construction, trains what DDP trains."""
    runs = {}
    for name, port, sharding in (("ddp", "29533", []), ("fsdp", "29534", ["--fsdp"])):
        cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_port", port,
               "-m", "model.train", *TINY, "--stage", "1", "--data", str(build), "--max-steps", "3",
               "--output", str(tmp_path / name), "--device", "cpu", "--grad-accum", "2", *sharding]  # DDP: no_sync
        done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300, env=_torchrun_env(tmp_path))
        assert done.returncode == 0, done.stderr[-3000:]
        assert len(losses(tmp_path / name, 1)) == 3
        runs[name] = torch.load(tmp_path / name / "stage1" / "checkpoint.pt", weights_only=False)["model"]
    ranks = next(m for m in metrics(tmp_path / "ddp", 1) if m.get("event") == "ranks")
    assert ranks == {"event": "ranks", "world": 2, "parameters_agree": True}
    assert losses(tmp_path / "fsdp", 1) == pytest.approx(losses(tmp_path / "ddp", 1), rel=1e-5)
    VLM(preset("tiny")).load_state_dict(runs["fsdp"])  # whole, unsharded: any world size reads it
    for key, value in runs["ddp"].items():  # the same sums, in another order: float32 rounding
        torch.testing.assert_close(runs["fsdp"][key], value, msg=lambda m, k=key: f"{k}: {m}")


def test_cli_help_names_every_flag():
    text = train.parser().format_help()
    for flag in ("--preset", "--stages", "--data", "--max-steps", "--output", "--resume", "--grad-accum",
                 "--micro-batch", "--activation-checkpointing", "--tokenizer", "--init-llm", "--eval-every"):
        assert flag in text


@pytest.mark.skipif(torch.cuda.is_available(), reason="on a GPU the benchmark runs instead of skipping")
def test_gpu_benchmark_skips_cleanly_without_a_gpu():
    done = subprocess.run([sys.executable, "-m", "bench.train_gpu", "--no-record"], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and "skipped, no CUDA GPU" in done.stdout


def test_chat_answers_from_a_checkpoint(build, tmp_path, capsys):
    from model import chat

    run = tmp_path / "chat"
    train.main([*TINY, "--stage", "3", "--data", str(build), "--max-steps", "2", "--output", str(run)])
    capsys.readouterr()
    image = REPO / "samples" / "corpus" / "sft" / "images" / "sign.png"
    assert chat.main(["--checkpoint", str(run / "stage3" / "checkpoint.pt"), "--image", str(image),
                      "--max-new-tokens", "5", "What does the sign say?"]) == 0
    assert capsys.readouterr().out.endswith("\n")


def test_the_kv_cache_gives_the_whole_sequences_logits(processor):
    torch.manual_seed(0)
    model = VLM(dataclasses.replace(preset("tiny"), llm=dataclasses.replace(preset("tiny").llm, kv_heads=1))).eval()
    png = (REPO / "samples" / "corpus" / "sft" / "images" / "sign.png").read_bytes()
    e = processor.example(Sample("k", "sft", images=[png], conversation=[{"role": "user", "content": "<image>\nWhat?"}]))
    low, high = processor.pixels(e.images)
    more = [5, 17, 42]
    cache = KVCache(model.config.llm.layers)
    with torch.no_grad():
        steps = [model(torch.tensor([e.ids]), processor.image_id, low, high, cache=cache)[0, -1]]
        steps += [model(torch.tensor([[t]]), processor.image_id, cache=cache)[0, -1] for t in more]
        whole = model(torch.tensor([e.ids + more]), processor.image_id, low, high)[0, len(e.ids) - 1:]
    assert len(cache) == len(e.ids) + len(more)
    torch.testing.assert_close(torch.stack(steps), whole)


def test_gpu_benchmark_smoke_run_on_the_cpu():
    """The benchmark's own code path (packed rows, the stage-2 freeze, the MFU sums) runs, so the first
    GPU it meets gives a figure rather than a traceback."""
    done = subprocess.run([sys.executable, "-m", "bench.train_gpu", "--smoke", "--preset", "tiny", "--rows", "1",
                           "--batch-rows", "2", "--profile"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| tokens/s |" in done.stdout
    phases = re.search(r"Per optimizer step \(ms\): data \S+, forward \S+, backward \S+, optimizer \S+; whole step",
                       done.stdout)
    assert phases, done.stdout[-1500:]
    assert "Self CPU time total" in done.stdout  # the profiled step's operator table


def test_gpu_benchmark_counts_the_attention_packed_documents_need():
    from bench.train_gpu import attention_pairs, model_flops

    docs = torch.tensor([[0, 0, 0, 1, 1], [4, 4, 4, 4, 4]])
    assert attention_pairs(docs) == (6 + 3) + 15  # causal within each document: n(n+1)/2 pairs
    c = preset("tiny").llm
    assert model_flops(c, matmul_params=1000, tokens=10, pairs=24) == 6 * 1000 * 10 + 12 * c.layers * c.hidden * 24


def test_gpu_benchmark_halves_the_rows_until_a_step_fits():
    from bench.train_gpu import fit_rows

    tried = []

    def warm_up(rows):
        tried.append(rows)
        if rows > 2:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory")

    assert fit_rows(warm_up, 8) == 2 and tried == [8, 4, 2]

    def never_fits(rows):
        tried.append(rows)
        raise torch.cuda.OutOfMemoryError("CUDA out of memory")

    tried.clear()
    with pytest.raises(torch.cuda.OutOfMemoryError):  # not even one row fits: the error, not a figure
        fit_rows(never_fits, 4)
    assert tried == [4, 2, 1]
