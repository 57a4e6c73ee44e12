"""Data loading against training: the mixture reader's samples/s (decode, transforms, tokenise,
collate) against what the tiny model consumes per second (forward, backward, optimizer step) on the
same batches, in the same process; and the reader's resident memory over a long run (it must stay
flat: streams hold a shuffle buffer, never an epoch).

Then the real thing: `python -m model.train --preset tiny` runs each stage with 0 and 2 loader
workers, and its ``data_wait`` metric (the share of each step spent waiting for a batch) says
whether loading starves training while the model and the loader share this machine's cores.

The shards are the bundled samples, built first into a temporary folder.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import bench_parser, report

MODULE = "bench.train_loader"


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024


def train_run(data: Path, output: Path, stage: int, workers: int, args) -> tuple[float, float]:
    """(samples/s, mean data_wait) of a real tiny training run of ``stage`` in a fresh process."""
    subprocess.run([sys.executable, "-m", "model.train", "--preset", "tiny", "--stage", str(stage),
                    "--data", str(data), "--output", str(output), "--batch-size", str(args.batch_size),
                    "--max-steps", str(args.train_steps), "--workers", str(workers), "--eval-every-nth", "0",
                    "--progress", "off"], check=True, capture_output=True)
    steps = [json.loads(line) for line in (output / f"stage{stage}" / "metrics.jsonl").read_text().splitlines()]
    steps = [m for m in steps if "loss" in m][1:]
    rate = args.batch_size * len(steps) / sum(m["step_s"] for m in steps)
    return rate, sum(m["data_wait"] for m in steps) / len(steps)


def main(argv=None) -> None:
    parser = bench_parser(MODULE, __doc__, repeats=1)
    parser.add_argument("--steps", type=int, default=200, help="batches timed per side (default 200)")
    parser.add_argument("--long", type=int, default=3000, help="batches read for the memory curve (default 3000)")
    parser.add_argument("--batch-size", type=int, default=8, help="samples per batch (default 8)")
    parser.add_argument("--train-steps", type=int, default=150, help="steps of each real training run (default 150)")
    args = parser.parse_args(argv)

    import torch

    from pipelines.build import main as build_main
    from model import train
    from model.config import preset
    from model.data import MixtureReader
    from model.processor import Processor
    from model.stages import STAGES, freeze_for
    from model.tokenizer import Tokenizer
    from model.vlm import VLM

    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        with contextlib.redirect_stdout(io.StringIO()):
            assert build_main(["--output", str(out), "--progress", "off", "--no-report"]) == 0
        config = preset("tiny")
        processor = Processor(Tokenizer.train(train.texts_of(str(out)), config.llm.vocab), config, 256)
        lines = ["| stage | loader samples/s, in process | with 2 workers | tiny model samples/s "
                 "(fwd+bwd+step, 1 thread) | ratio (2 workers) |", "|---|---|---|---|---|"]
        for number in (1, 2, 3):
            stage = STAGES[number]
            reader = MixtureReader(str(out), stage.mix, processor, args.batch_size, eval_every=0)
            t0 = time.perf_counter()
            batches = [b for b, _ in reader.batches(0, args.steps)]
            alone = args.steps * args.batch_size / (time.perf_counter() - t0)
            pooled_reader = MixtureReader(str(out), stage.mix, processor, args.batch_size, eval_every=0)
            t0 = time.perf_counter()
            for _ in pooled_reader.batches(0, args.steps, workers=2):
                pass
            loader = args.steps * args.batch_size / (time.perf_counter() - t0)
            model = VLM(config)
            freeze_for(model, stage)
            opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
            image_id = processor.image_id
            t0 = time.perf_counter()
            for batch in batches:
                loss, n = train.loss_of(model, batch, image_id, False)
                (loss / n).backward()
                opt.step()
                opt.zero_grad()
            consumed = args.steps * args.batch_size / (time.perf_counter() - t0)
            lines.append(f"| {number} | {alone:.0f} | {loader:.0f} | {consumed:.0f} | **{loader / consumed:.1f}x** |")
        runs = ["| stage | loader workers | steps | trainer samples/s | data_wait (mean share of a step) |",
                "|---|---|---|---|---|"]
        for number in (1, 2, 3):
            for workers in (0, 2):
                rate, wait = train_run(out, Path(tmp) / f"run{number}{workers}", number, workers, args)
                runs.append(f"| {number} | {workers} | {args.train_steps} | {rate:.0f} | **{wait:.3f}** |")
        reader = MixtureReader(str(out), STAGES[2].mix, processor, args.batch_size, eval_every=0)
        curve = []
        for step in range(args.long):
            reader.batch(step)
            if step % (args.long // 6) == 0 or step == args.long - 1:
                curve.append((step + 1, rss_mib()))
    lines += ["", "Target: loader >= 3x the tiny model's consumption.", "",
              f"`python -m model.train --preset tiny --stage N --batch-size {args.batch_size} --max-steps "
              f"{args.train_steps} --workers W` (the first step, which starts the workers, left out of the "
              "means):", "", *runs, "",
              f"Resident memory while the stage-2 reader gives {args.long} batches of {args.batch_size} "
              f"(about {args.long * args.batch_size // 60} passes over the samples):", "",
              "| batches | RSS MiB |", "|---|---|", *[f"| {n} | {m:.0f} |" for n, m in curve],
              "", f"Peak RSS of the whole run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB."]
    report("Trainer: data loading against consumption", MODULE, lines, not args.no_record)


if __name__ == "__main__":
    main()
