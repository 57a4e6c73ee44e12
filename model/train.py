"""``python -m model.train``: the three-stage training over a build's shards.

    python -m model.train --preset tiny --stages 1,2,3 --data out/ --max-steps 5 --output runs/x

Each stage writes ``OUTPUT/stage<N>/``: ``checkpoint.pt`` (model, optimizer, scheduler, data
position, RNG state, step), ``metrics.jsonl`` (loss, lr, tokens/s, step_s, data_wait:
the share of the step spent waiting for batches, samples by kind, eval loss) and
``tokenizer.json``; with ``--stages`` each stage starts from the previous one's weights. ``--resume``
continues a stage from its checkpoint exactly. Under ``torchrun`` it trains data-parallel (DDP).
The loss is the mean per supervised token over a whole optimizer step (all its micro-batches, all
ranks), so gradient accumulation changes how a step is computed, not what it computes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import math
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Iterator

import numpy as np
import torch
import torch.nn.functional as F

from model import distributed
from model.checkpoint import CHECKPOINT, restore, save
from model.data import MixtureReader
from model.parallelize import parallelize
from model.processor import IGNORE, Batch, Processor
from model.run_config import RunConfig
from model.stages import Stage, freeze_for
from model.tokenizer import Tokenizer
from model.vlm import VLM

log = logging.getLogger("vlbuild.train")


def schedule(stage: Stage):
    """LR multiplier per step of ``stage.steps``: linear warm-up, then cosine to 10%, or DeepSeek's step
    decay (x0.316 at 80% of the steps, x0.1 at 90%)."""
    steps = stage.steps
    warmup = min(stage.warmup, max(1, steps // 10))

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        if stage.schedule == "step":
            return 1.0 if step < 0.8 * steps else 0.316 if step < 0.9 * steps else 0.1
        progress = (step - warmup) / max(1, steps - warmup)
        return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))

    return factor


def loss_of(model, batch: Batch, image_id: int, autocast: bool) -> tuple[torch.Tensor, int]:
    """(the sum of the next-token cross-entropies in nats over ``batch``'s supervised positions, their
    count); ``batch`` on the model's device, ``autocast``: the forward in bfloat16. A sum, not a mean,
    so that micro-batches can be weighted by their tokens (`accumulate`)."""
    with torch.autocast(batch.ids.device.type, dtype=torch.bfloat16, enabled=autocast):
        logits = model(batch.ids, image_id, batch.low, batch.high, batch.doc_ids)  # (B, T, vocab)
    target = batch.labels[:, 1:]  # position t predicts token t + 1
    loss = F.cross_entropy(logits[:, :-1].float().reshape(-1, logits.shape[-1]), target.reshape(-1),
                           ignore_index=IGNORE, reduction="sum")
    return loss, batch.supervised


@dataclasses.dataclass
class StepResult:
    loss: float = 0.0  # mean per supervised token over the global step (every micro-batch, every rank)
    tokens: int = 0  # token positions this rank ran, padding included
    kinds: Counter = dataclasses.field(default_factory=Counter)  # this rank's samples by kind
    waited: float = 0.0  # seconds spent waiting for batches


def accumulate(model, micro_batches: Iterator[tuple[Batch, list[str]]], accum: int, image_id: int,
               device: torch.device, autocast: bool) -> StepResult:
    """Forward and backward over the next ``accum`` micro-batches, leaving in the parameters' ``.grad``
    the gradients of the step's mean loss per supervised token: over all its micro-batches and, under
    DDP/FSDP, all ranks. Micro-batches that supervise different numbers of tokens are weighted by
    them, so k micro-batches give the gradients of one forward pass over the same samples."""
    result, loss_sum, supervised = StepResult(), 0.0, 0
    for i in range(accum):
        asked = time.perf_counter()
        batch, kinds = next(micro_batches)
        result.waited += time.perf_counter() - asked
        with distributed.accumulating(model, last=i == accum - 1):
            loss, n = loss_of(model, batch.to(device), image_id, autocast)
            loss.backward()  # a sum: divided below, once the step's tokens are all counted
        loss_sum, supervised = loss_sum + float(loss.detach()), supervised + n
        result.tokens += batch.ids.numel()
        result.kinds.update(kinds)
    loss_sum, supervised = distributed.total([loss_sum, supervised], device)
    # DDP and FSDP average the ranks' gradients: x world size makes that their sum
    scale = distributed.world_size() / max(supervised, 1)
    for p in model.parameters():
        if p.grad is not None:
            p.grad.mul_(scale)
    result.loss = loss_sum / max(supervised, 1)
    return result


def texts_of(build_dir: str, limit: int = 5000):
    """Texts of a build's samples, to train the tiny preset's tokenizer on."""
    from shards.reader import read_samples

    for n, s in enumerate(read_samples(build_dir)):
        if n >= limit:
            return
        yield s.text or ""
        for seg in s.segments or []:
            yield seg.get("text") or ""
        for turn in s.conversation or []:
            yield turn.get("content") or ""


def tokenizer_for(run: RunConfig) -> Tokenizer:
    """``--tokenizer``; else the starting checkpoint's; else the run's own (an earlier stage saved it);
    else, for the tiny preset only, a BPE trained on the data (the same on every rank: same input).
    Raises SystemExit for a real preset without one, or one with more ids than the model's vocabulary."""
    root = run.output / "tokenizer.json"
    shipped = [Path(p) / "tokenizer.json" for p in (run.init_deepseek_vl, run.init_llm) if p]
    if run.tokenizer:
        tokenizer = Tokenizer.from_file(run.tokenizer)
    elif any(p.exists() for p in shipped):  # the checkpoint's own tokenizer
        tokenizer = Tokenizer.from_file(next(p for p in shipped if p.exists()))
    elif root.exists():
        tokenizer = Tokenizer.from_file(root)
    elif run.preset != "tiny" or run.init_deepseek_vl or run.init_llm:
        raise SystemExit("--tokenizer PATH (the LLM's tokenizer.json) is needed for the real presets")
    else:
        tokenizer = Tokenizer.train(texts_of(run.data), run.model.llm.vocab)
        if int(os.environ.get("RANK", "0")) == 0:  # written whole, then renamed: other ranks may look
            root.parent.mkdir(parents=True, exist_ok=True)
            tokenizer.save(root.with_suffix(".tmp"))
            root.with_suffix(".tmp").replace(root)
    if len(tokenizer) > run.model.llm.vocab:
        raise SystemExit(f"the tokenizer has {len(tokenizer)} ids, the model's vocabulary {run.model.llm.vocab}")
    return tokenizer


def build_model(run: RunConfig) -> VLM:
    """The run's model, random or with the ``--init-*`` checkpoints' weights (seed torch first)."""
    model = VLM(run.model)
    if run.pretrained:
        from model import weights

        if run.init_deepseek_vl:
            weights.load_deepseek_vl(model, run.init_deepseek_vl)
        if run.init_llm:
            weights.load_llm(model.language, run.init_llm)
        if run.init_siglip:
            weights.load_siglip(model.siglip, run.init_siglip)
        if run.init_sam and model.sam is not None:
            weights.load_sam(model.sam, run.init_sam)
    return model


def micro_batching(batch: int, world: int, grad_accum: int, micro_batch: int | None) -> tuple[int, int]:
    """(samples per rank per forward, forwards per optimizer step) for a global ``batch``: from
    ``micro_batch`` (the paper's batches do not fit one forward on a GPU) or from ``grad_accum``."""
    if micro_batch:
        return micro_batch, max(1, math.ceil(batch / (world * micro_batch)))
    return max(1, batch // (world * grad_accum)), grad_accum


def seed_everything(seed: int) -> None:
    torch.manual_seed(seed)
    random.seed(seed)
    np.random.seed(seed)


def run_stage(stage: Stage, run: RunConfig, start_from: Path | None, rank: int, world: int,
              device: torch.device) -> Path:
    """Train one stage (resolved: its steps, batch, ... are the run's); returns its checkpoint path."""
    out = run.output / f"stage{stage.number}"
    out.mkdir(parents=True, exist_ok=True)
    resume = run.resume and (out / CHECKPOINT).exists()
    state = torch.load(out / CHECKPOINT, map_location="cpu", weights_only=False) if resume else None
    wrapped, counts = prepared_model(stage, run, start_from, state, device)
    tokenizer = tokenizer_for(run)
    tokenizer.save(out / "tokenizer.json")
    image_id = tokenizer.id("<image_placeholder>")
    per_rank, accum = micro_batching(stage.batch, world, run.grad_accum, run.micro_batch)
    reader, evaluator = readers(run, stage, Processor(tokenizer, run.model, stage.seq_len), per_rank, accum,
                                rank, world)
    params = [p for p in wrapped.parameters() if p.requires_grad]  # after parallelize: FSDP replaces them
    optimizer = torch.optim.AdamW(params, lr=stage.lr, betas=stage.betas, weight_decay=stage.weight_decay)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule(stage))
    sharded = run.fsdp and world > 1
    first = 0
    if state is not None:
        first = restore(state, wrapped, optimizer, scheduler, reader, sharded)
    elif (out / "metrics.jsonl").exists() and rank == 0:
        (out / "metrics.jsonl").unlink()
    autocast = device.type == "cuda"
    progress = _progress(run, rank, first, stage)
    if rank == 0:
        _write(out, {"event": "start", "stage": stage.number, "step": first, "micro_batch": per_rank,
                     "grad_accum": accum, "world": world, **counts})
    last = min(stage.steps, run.stop_after) if run.stop_after else stage.steps
    micro_batches = reader.batches(first, last, run.workers)
    for step in range(first, last):
        t0 = time.perf_counter()
        wrapped.train()
        done = accumulate(wrapped, micro_batches, accum, image_id, device, autocast)
        torch.nn.utils.clip_grad_norm_(params, stage.clip)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        took = time.perf_counter() - t0
        record = {"stage": stage.number, "step": step + 1, "loss": round(done.loss, 6),
                  "lr": scheduler.get_last_lr()[0], "tokens_per_s": round(done.tokens * world / took),
                  "step_s": round(took, 4), "data_wait": round(done.waited / took, 3), "samples": dict(done.kinds)}
        if evaluator is not None and (step + 1) % run.eval_every == 0:
            eval_loss = evaluate(wrapped, evaluator, image_id, device, autocast, run.eval_batches)
            if eval_loss is None:
                log.warning("stage %d: no held-out samples in %s; evaluation is off", stage.number, run.data)
                evaluator = None
            else:
                record["eval_loss"] = round(distributed.mean(eval_loss, device), 6)
        if rank == 0:
            _write(out, record)
            progress.update(1)
            progress.set_postfix(loss=f"{record['loss']:.4f}")
        if (step + 1) % run.checkpoint_every == 0 or step + 1 == last:
            save(out / CHECKPOINT, wrapped, optimizer, scheduler, reader, step + 1, run.model, stage, rank, sharded)
    progress.close()
    if world > 1:
        whole = [p.full_tensor() if hasattr(p, "full_tensor") else p for p in wrapped.parameters()]
        agree = distributed.same_everywhere(sum(float(p.detach().double().sum()) for p in whole), device)
        if rank == 0:
            _write(out, {"event": "ranks", "world": world, "parameters_agree": agree})
    distributed.barrier()
    return out / CHECKPOINT


def prepared_model(stage: Stage, run: RunConfig, start_from: Path | None, state: dict | None,
                   device: torch.device) -> tuple[torch.nn.Module, dict[str, int]]:
    """(the stage's model, its trainable/frozen parameter counts): seeded and built, with the weights of
    ``start_from`` (the previous stage's checkpoint) or of a resumed stage's ``state``, frozen for the
    stage, on ``device``, `parallelize`d (under torchrun: wrapped or sharded)."""
    seed_everything(run.seed)
    model = build_model(run)
    if start_from is not None:
        model.load_state_dict(torch.load(start_from, map_location="cpu", weights_only=False)["model"])
    if state is not None:
        model.load_state_dict(state["model"])
    counts = freeze_for(model, stage)
    model.to(device)
    return parallelize(model, device, activation_checkpointing=run.activation_checkpointing, compile=run.compile,
                       fsdp=run.fsdp), counts


def readers(run: RunConfig, stage: Stage, processor: Processor, per_rank: int, accum: int, rank: int,
            world: int) -> tuple[MixtureReader, MixtureReader | None]:
    """The stage's training reader (``accum`` micro-batches of ``per_rank`` samples per step) and, with
    ``--eval-every``, its held-out reader (unpacked, one batch at a time)."""
    reader = MixtureReader(run.data, stage.mix, processor, per_rank, run.seed, rank, world, run.eval_every_nth,
                           micro_batches=accum)
    evaluator = MixtureReader(run.data, dataclasses.replace(stage.mix, pack=False), processor, per_rank, run.seed,
                              rank, world, run.eval_every_nth, evaluation=True) if run.eval_every else None
    return reader, evaluator


def evaluate(model, evaluator: MixtureReader, image_id: int, device, autocast: bool, batches: int) -> float | None:
    """The mean of the per-token mean losses of the first ``batches`` held-out batches (None: there are
    no held-out samples)."""
    model.eval()
    losses = []
    with torch.no_grad():
        for b in range(batches):
            try:
                batch, _ = evaluator.batch(b)
            except ValueError:
                return None
            loss, n = loss_of(model, batch.to(device), image_id, autocast)
            losses.append(float(loss) / n if n else math.nan)  # no tokens: nan, as a mean of none
    evaluator.load_state({k: 0 for k in evaluator.state()})  # the same held-out batches every time
    return sum(losses) / len(losses)


def _write(out: Path, record: dict) -> None:
    with open(out / "metrics.jsonl", "a") as f:
        f.write(json.dumps(record) + "\n")


def _progress(run: RunConfig, rank: int, first: int, stage: Stage):
    from tqdm import tqdm

    enabled = rank == 0 and run.progress
    return tqdm(total=stage.steps, initial=first, desc=f"stage {stage.number}", disable=not enabled)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m model.train", description=__doc__.split("\n\n")[0],
                                epilog="Run data-parallel with: torchrun --nproc_per_node N -m model.train ...")
    p.add_argument("--preset", default="tiny", choices=("tiny", "1.3b", "7b"), help="model size (default tiny)")
    p.add_argument("--set", action="append", metavar="FIELD=VALUE",
                   help="override a config field, e.g. llm.layers=4 or siglip.image_size=224; repeat for more")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--stage", type=int, choices=(1, 2, 3), help="train one stage")
    which.add_argument("--stages", default="1,2,3", help="stages in order, each from the previous one's weights")
    p.add_argument("--data", default="out", help="a build's output folder (its manifest.json) (default: out)")
    p.add_argument("--output", required=True, help="run folder: OUTPUT/stage<N>/ per stage")
    p.add_argument("--max-steps", type=int, help="steps per stage (default: the paper's)")
    p.add_argument("--batch-size", type=int, help="global batch in samples (default: the paper's)")
    p.add_argument("--seq-len", type=int, help="sequence length (default: the paper's per stage)")
    p.add_argument("--lr", type=float, help="peak learning rate (default: the paper's per stage)")
    p.add_argument("--language-share", type=float,
                   help="stage 2's share of all-language steps after the warm-up (default 0.7, the paper's 7:3)")
    p.add_argument("--modality-warmup", type=int,
                   help="steps over which the language share falls from 1.0 to its target (default: 2000, at "
                        "most half the run)")
    p.add_argument("--workers", type=int, default=0,
                   help="data-loader processes decoding and tokenising ahead (default 0: in the training process)")
    split = p.add_mutually_exclusive_group()
    split.add_argument("--grad-accum", type=int, default=1, help="micro-batches per optimizer step (default 1)")
    split.add_argument("--micro-batch", type=int,
                       help="samples (packed rows in stage 2) per rank per forward pass; the accumulation is what "
                            "the global batch needs (rounded up), e.g. 2 for the 1.3b's 4096-token rows on 80 GB")
    p.add_argument("--tokenizer", help="the LLM's tokenizer.json (tiny: a BPE is trained on --data when absent)")
    p.add_argument("--init-llm", help="a LLaMA-format Hugging Face checkpoint folder for the language model")
    p.add_argument("--init-siglip", help="a SigLIP Hugging Face checkpoint folder for the SigLIP tower")
    p.add_argument("--init-sam", help="a SAM Hugging Face checkpoint folder for the SAM tower")
    p.add_argument("--init-deepseek-vl", help="a released DeepSeek-VL checkpoint in Hugging Face format "
                                          "(e.g. deepseek-vl-7b-chat): its shape replaces --preset")
    p.add_argument("--init", help="a checkpoint.pt to start the first stage from")
    p.add_argument("--resume", action="store_true", help="continue each stage from its checkpoint, exactly")
    p.add_argument("--stop-after", type=int,
                   help="stop (with a checkpoint) after this many steps of the stage, as an interruption would; "
                        "the schedule still spans --max-steps")
    p.add_argument("--checkpoint-every", type=int, default=1000, help="steps between checkpoints (and at the end)")
    p.add_argument("--eval-every", type=int, default=0, help="steps between eval losses on held-out samples (0: none)")
    p.add_argument("--eval-batches", type=int, default=2, help="batches per evaluation (default 2)")
    p.add_argument("--eval-every-nth", type=int, default=20,
                   help="hold out one sample in N (by key hash) for evaluation (default 20; 0: none)")
    p.add_argument("--fsdp", action="store_true",
                   help="shard parameters, gradients and optimizer state over the ranks (FSDP2; on for --preset 7b)")
    p.add_argument("--activation-checkpointing", action="store_true", help="recompute decoder layers in backward")
    p.add_argument("--compile", action="store_true",
                   help="torch.compile each decoder layer: the first steps compile, then on a GPU the fused "
                        "norms, activations and rotary embeddings lift the 1.3b's MFU from 31%% to 46%% (H200, "
                        "bench/RESULTS.md)")
    p.add_argument("--seed", type=int, default=0, help="seed for weights, data order and mixing (default 0)")
    p.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"), help="default: CUDA when present")
    p.add_argument("--progress", default="auto", choices=("auto", "on", "off"), help="progress bar (default auto)")
    return p


def main(argv: list[str] | None = None) -> int:
    run = RunConfig.from_args(parser().parse_args(argv))
    rank, world, device = distributed.setup(run.device)
    if not log.handlers:  # stage summaries on rank 0, whatever logging an imported library set up
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.propagate = False
    log.setLevel(logging.INFO if rank == 0 else logging.WARNING)
    previous = run.init
    try:
        for stage in run.stages:
            previous = run_stage(stage, run, previous, rank, world, device)
            if rank == 0:
                log.info("stage %d done: %s", stage.number, previous)
    finally:
        distributed.teardown()
    return 0


if __name__ == "__main__":
    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    # Out without C++ static destructors: torch's and pyarrow's (imported through Beam's pandas) background
    # threads can still be joinable then, and std::terminate aborts a finished run ("terminate called
    # without an active exception", exit -6 under torchrun, seen in CI); the process group is destroyed
    # and the loaders' workers have ended by now, so nothing is left to clean up.
    os._exit(code)
