"""``python -m model.train``: the three-stage training over a build's shards.

    python -m model.train --preset tiny --stages 1,2,3 --data out/ --max-steps 5 --output runs/x

Each stage writes ``OUTPUT/stage<N>/``: ``checkpoint.pt`` (model, optimizer, scheduler, data
position, RNG state, step), ``metrics.jsonl`` (loss, lr, tokens/s, step_s, data_wait:
the share of the step spent waiting for batches, samples by kind, eval loss) and
``tokenizer.json``; with ``--stages`` each stage starts from the previous one's weights. ``--resume``
continues a stage from its checkpoint exactly. Under ``torchrun`` it trains data-parallel (DDP).
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

import numpy as np
import torch
import torch.nn.functional as F

from model import distributed
from model.config import preset
from model.data import MixtureReader
from model.processor import IGNORE, Batch, Processor
from model.stages import Stage, freeze_for, stage_for
from model.tokenizer import Tokenizer
from model.vlm import VLM

log = logging.getLogger("vlbuild.train")
CHECKPOINT = "checkpoint.pt"


def schedule(stage: Stage, steps: int):
    """LR multiplier per step: linear warm-up, then cosine to 10%, or DeepSeek's step decay (x0.316 at
    80% of the steps, x0.1 at 90%)."""
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
    """(the mean next-token cross-entropy in nats over ``batch``'s supervised positions, their count);
    ``batch`` on the model's device, ``autocast``: the forward in bfloat16."""
    with torch.autocast(batch.ids.device.type, dtype=torch.bfloat16, enabled=autocast):
        logits = model(batch.ids, image_id, batch.low, batch.high, batch.doc_ids)  # (B, T, vocab)
    target = batch.labels[:, 1:]  # position t predicts token t + 1
    loss = F.cross_entropy(logits[:, :-1].float().reshape(-1, logits.shape[-1]), target.reshape(-1),
                           ignore_index=IGNORE)
    return loss, batch.supervised


def rng_state() -> dict:
    state = {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict) -> None:
    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


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


def tokenizer_for(args, vocab: int) -> Tokenizer:
    """``--tokenizer``; else the starting checkpoint's; else the run's own (an earlier stage saved it);
    else, for the tiny preset only, a BPE trained on the data (the same on every rank: same input)."""
    root = Path(args.output) / "tokenizer.json"
    shipped = [Path(p) / "tokenizer.json" for p in (args.init_deepseek_vl, args.init_llm) if p]
    if args.tokenizer:
        return Tokenizer.from_file(args.tokenizer)
    if any(p.exists() for p in shipped):  # the checkpoint's own tokenizer
        return Tokenizer.from_file(next(p for p in shipped if p.exists()))
    if root.exists():
        return Tokenizer.from_file(root)
    if args.preset != "tiny" or args.init_deepseek_vl or args.init_llm:
        raise SystemExit("--tokenizer PATH (the LLM's tokenizer.json) is needed for the real presets")
    tokenizer = Tokenizer.train(texts_of(args.data), vocab)
    if int(os.environ.get("RANK", "0")) == 0:
        root.parent.mkdir(parents=True, exist_ok=True)
        tokenizer.save(root)
    return tokenizer


def model_config(args):
    """The preset with ``--set`` overrides, or the shape of the DeepSeek-VL checkpoint to start from."""
    if args.init_deepseek_vl:
        from model.weights import deepseek_vl_config

        return deepseek_vl_config(args.init_deepseek_vl)
    return preset(args.preset, **dict(kv.split("=", 1) for kv in args.set or []))


def build_model(args, config) -> VLM:
    model = VLM(config)
    if args.init_llm or args.init_siglip or args.init_sam or args.init_deepseek_vl:
        from model import weights

        if args.init_deepseek_vl:
            weights.load_deepseek_vl(model, args.init_deepseek_vl)
        if args.init_llm:
            weights.load_llm(model.language, args.init_llm)
        if args.init_siglip:
            weights.load_siglip(model.siglip, args.init_siglip)
        if args.init_sam and model.sam is not None:
            weights.load_sam(model.sam, args.init_sam)
    return model


def micro_batching(batch: int, world: int, grad_accum: int, micro_batch: int | None) -> tuple[int, int]:
    """(samples per rank per forward, forwards per optimizer step) for a global ``batch``: from
    ``micro_batch`` (the paper's batches do not fit one forward on a GPU) or from ``grad_accum``."""
    if micro_batch:
        return micro_batch, max(1, math.ceil(batch / (world * micro_batch)))
    return max(1, batch // (world * grad_accum)), grad_accum


def run_stage(stage: Stage, args, start_from: Path | None, rank: int, world: int, device: torch.device) -> Path:
    """Train one stage; returns its checkpoint path."""
    out = Path(args.output) / f"stage{stage.number}"
    out.mkdir(parents=True, exist_ok=True)
    config = model_config(args)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    model = build_model(args, config)
    if start_from is not None:
        model.load_state_dict(torch.load(start_from, map_location="cpu", weights_only=False)["model"])
    model.language.checkpointing = args.activation_checkpointing
    counts = freeze_for(model, stage)
    model.to(device)
    steps = args.max_steps or stage.steps
    seq_len = args.seq_len or stage.seq_len
    tokenizer = tokenizer_for(args, config.llm.vocab)
    if len(tokenizer) > config.llm.vocab:
        raise SystemExit(f"the tokenizer has {len(tokenizer)} ids, the model's vocabulary {config.llm.vocab}")
    tokenizer.save(out / "tokenizer.json")
    processor = Processor(tokenizer, config, seq_len)
    batch = args.batch_size or stage.batch
    per_rank, accum = micro_batching(batch, world, args.grad_accum, args.micro_batch)
    mix = stage.mix
    if mix.language_share is not None:  # the warm-up is at most half the run, so short runs reach the target
        mix = dataclasses.replace(mix, language_share=args.language_share or mix.language_share,
                                  warmup_steps=min(mix.warmup_steps, steps // 2) if args.modality_warmup is None
                                  else args.modality_warmup)
    reader = MixtureReader(args.data, mix, processor, per_rank, args.seed, rank, world, args.eval_every_nth)
    evaluator = MixtureReader(args.data, dataclasses.replace(mix, pack=False), processor, per_rank, args.seed,
                              rank, world, args.eval_every_nth, evaluation=True) if args.eval_every else None
    resume = args.resume and (out / CHECKPOINT).exists()
    state = torch.load(out / CHECKPOINT, map_location="cpu", weights_only=False) if resume else None
    if state is not None:
        model.load_state_dict(state["model"])
    fsdp = args.fsdp or args.preset == "7b"
    wrapped = distributed.wrap(model, device, fsdp=fsdp)  # before the optimizer: FSDP replaces the parameters
    params = [p for p in wrapped.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=args.lr or stage.lr, betas=stage.betas, weight_decay=stage.weight_decay)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule(stage, steps))
    first = 0
    if state is not None:
        if fsdp and world > 1:
            distributed.load_full_state(wrapped, optimizer, state["model"], state["optimizer"])
        else:
            optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        reader.load_state(state["data"])
        set_rng_state(state["rng"])
        first = state["step"]
    elif (out / "metrics.jsonl").exists() and rank == 0:
        (out / "metrics.jsonl").unlink()
    autocast = device.type == "cuda"
    image_id = tokenizer.id("<image_placeholder>")
    progress = _progress(args, rank, steps, first, stage)
    if rank == 0:
        with open(out / "metrics.jsonl", "a") as f:
            f.write(json.dumps({"event": "start", "stage": stage.number, "step": first, "micro_batch": per_rank,
                                "grad_accum": accum, "world": world, **counts}) + "\n")
    last = min(steps, args.stop_after) if args.stop_after else steps
    micro_batches = reader.batches(first * accum, last * accum, args.workers)
    for step in range(first, last):
        t0, tokens, kinds, total, waited = time.perf_counter(), 0, Counter(), 0.0, 0.0
        wrapped.train()
        for i in range(accum):
            asked = time.perf_counter()
            batch, picked = next(micro_batches)
            waited += time.perf_counter() - asked
            with distributed.accumulating(wrapped, last=i == accum - 1):
                loss, n = loss_of(wrapped, batch.to(device), image_id, autocast)
                (loss / accum).backward()
            total += float(loss.detach()) / accum
            tokens += batch.ids.numel()
            kinds.update(picked)
        torch.nn.utils.clip_grad_norm_(params, stage.clip)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        took = time.perf_counter() - t0
        record = {"stage": stage.number, "step": step + 1, "loss": round(distributed.mean(total, device), 6),
                  "lr": scheduler.get_last_lr()[0], "tokens_per_s": round(tokens * world / took),
                  "step_s": round(took, 4), "data_wait": round(waited / took, 3), "samples": dict(kinds)}
        if evaluator is not None and (step + 1) % args.eval_every == 0:
            eval_loss = evaluate(wrapped, evaluator, image_id, device, autocast, args.eval_batches)
            if eval_loss is None:
                log.warning("stage %d: no held-out samples in %s; evaluation is off", stage.number, args.data)
                evaluator = None
            else:
                record["eval_loss"] = round(distributed.mean(eval_loss, device), 6)
        if rank == 0:
            with open(out / "metrics.jsonl", "a") as f:
                f.write(json.dumps(record) + "\n")
            progress.update(1)
            progress.set_postfix(loss=f"{record['loss']:.4f}")
        if (step + 1) % args.checkpoint_every == 0 or step + 1 == last:
            save(out / CHECKPOINT, wrapped, optimizer, scheduler, reader, step + 1, config, stage, rank, fsdp and world > 1)
    progress.close()
    if world > 1:
        whole = [p.full_tensor() if hasattr(p, "full_tensor") else p for p in wrapped.parameters()]
        agree = distributed.same_everywhere(sum(float(p.detach().double().sum()) for p in whole), device)
        if rank == 0:
            with open(out / "metrics.jsonl", "a") as f:
                f.write(json.dumps({"event": "ranks", "world": world, "parameters_agree": agree}) + "\n")
    distributed.barrier()
    return out / CHECKPOINT


def evaluate(model, evaluator: MixtureReader, image_id: int, device, autocast: bool, batches: int) -> float | None:
    """The mean loss of the first ``batches`` held-out batches (None: there are no held-out samples)."""
    model.eval()
    losses = []
    with torch.no_grad():
        for b in range(batches):
            try:
                batch, _ = evaluator.batch(b)
            except ValueError:
                return None
            losses.append(float(loss_of(model, batch.to(device), image_id, autocast)[0]))
    evaluator.load_state({k: 0 for k in evaluator.state()})  # the same held-out batches every time
    return sum(losses) / len(losses)


def save(path: Path, model, optimizer, scheduler, reader, step: int, config, stage: Stage, rank: int,
         sharded: bool = False) -> None:
    """Rank 0 writes the whole state (FSDP shards are gathered first, by every rank)."""
    if sharded:
        model_state, optimizer_state = distributed.full_state(model, optimizer)
    elif rank == 0:
        model_state, optimizer_state = distributed.unwrap(model).state_dict(), optimizer.state_dict()
    if rank != 0:
        return
    tmp = path.with_suffix(".tmp")
    torch.save({"model": model_state, "optimizer": optimizer_state,
                "scheduler": scheduler.state_dict(), "data": reader.state(), "rng": rng_state(), "step": step,
                "config": config.to_dict(), "stage": stage.number}, tmp)
    tmp.replace(path)


def _progress(args, rank: int, steps: int, first: int, stage: Stage):
    from tqdm import tqdm

    enabled = rank == 0 and {"auto": sys.stderr.isatty(), "on": True, "off": False}[args.progress]
    return tqdm(total=steps, initial=first, desc=f"stage {stage.number}", disable=not enabled)


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
    p.add_argument("--seed", type=int, default=0, help="seed for weights, data order and mixing (default 0)")
    p.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"), help="default: CUDA when present")
    p.add_argument("--progress", default="auto", choices=("auto", "on", "off"), help="progress bar (default auto)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    stages = [args.stage] if args.stage else [int(s) for s in args.stages.split(",")]
    rank, world, device = distributed.setup(args.device)
    if not log.handlers:  # stage summaries on rank 0, whatever logging an imported library set up
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.propagate = False
    log.setLevel(logging.INFO if rank == 0 else logging.WARNING)
    previous = Path(args.init) if args.init else None
    try:
        for number in stages:
            previous = run_stage(stage_for(number, args.preset), args, previous, rank, world, device)
            if rank == 0:
                log.info("stage %d done: %s", number, previous)
    finally:
        distributed.teardown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
