"""GPU training throughput: tokens/s and model FLOPs utilisation of the 1.3b preset (random init) at
stage 2 (LLM + adaptor train), packed 4096-token rows, bf16 autocast, AdamW, gradient accumulation.

Model FLOPs per step are 6 x (LLM parameters but the input embedding, a lookup) x tokens, plus the
attention the model needs: 12 x layers x hidden per (query, key) pair, counting the pairs causal
within each packed document (the FlexAttention kernel skips the rest). The PaLM/torchtitan convention
counts all seq x seq pairs of a row, which overstates packed work; its figure is shown beside ours.
MFU divides the achieved FLOP/s by the GPU's dense bf16 peak.

Memory: eager autocast keeps about 0.46 GiB of activations per 4096-token row per 1.3b decoder layer
(measured on a CPU with saved-tensor hooks), and the 102400-way logits take about 5 GiB per row at
their peak; with 22 GiB of weights, gradients and AdamW state, 4 rows would not fit an 80 GiB H100, so
micro-batches are 2 rows (``--rows``), halved again on an out-of-memory error. Without a CUDA GPU it
says so and exits 0, recording nothing.
"""

from __future__ import annotations

import gc
import sys
import time

from bench.common import bench_parser, report

MODULE = "bench.train_gpu"
PEAK_BF16 = {"H100": 989e12, "H200": 989e12, "A100": 312e12, "L4": 121e12}
DOCS_PER_ROW = 16  # drawn 256..2047 tokens long; the row is cut at its length, the rest padded as one


def attention_pairs(docs) -> int:
    """(query, key) pairs that causal attention within each document computes, over all rows."""
    import torch

    lengths = torch.cat([torch.unique_consecutive(row, return_counts=True)[1] for row in docs])
    return int((lengths * (lengths + 1) // 2).sum())


def model_flops(config, matmul_params: int, tokens: int, pairs: int) -> int:
    """Training FLOPs (forward + backward) the model needs for ``tokens`` with ``pairs`` attended."""
    return 6 * matmul_params * tokens + 12 * config.layers * config.hidden * pairs


def fit_rows(warm_up, rows: int) -> int:
    """Run ``warm_up(rows)``, halving the rows while the GPU runs out of memory; the rows that fit."""
    import torch

    while True:
        try:
            warm_up(rows)
            return rows
        except torch.cuda.OutOfMemoryError:
            if rows == 1:
                raise
        gc.collect()  # outside the except clause, whose traceback still holds the failed step's tensors
        torch.cuda.empty_cache()
        rows //= 2
        print(f"bench.train_gpu: out of GPU memory, retrying with {rows} rows per micro-batch")


class Phases:
    """Time spent in each phase of a step (``data``, ``forward``, ``backward``, ``optimizer``), read
    without stalling the GPU: CUDA events recorded in the stream (``time.perf_counter`` on a CPU) and
    summed once the timed steps have finished. ``mark(name)`` ends the phase called ``name``."""

    def __init__(self, cuda: bool):
        self.cuda, self.marks = cuda, []

    def mark(self, name: str) -> None:
        import torch

        if self.cuda:
            event = torch.cuda.Event(enable_timing=True)
            event.record()
        else:
            event = time.perf_counter()
        self.marks.append((name, event))

    def seconds(self) -> dict[str, float]:
        """Seconds per phase over every marked span (call after synchronising)."""
        totals: dict[str, float] = {}
        for (_, start), (name, end) in zip(self.marks, self.marks[1:]):
            if name == "begin":  # the gap between two timed steps belongs to no phase
                continue
            took = start.elapsed_time(end) / 1000 if self.cuda else end - start
            totals[name] = totals.get(name, 0.0) + took
        return totals


def profile_table(step, rows: int, cuda: bool) -> str:
    """One more optimizer step under ``torch.profiler``: its operators by their own (self) device time,
    the 20 largest (the table PyTorch prints), so the costliest kernel heads the list."""
    from torch.profiler import ProfilerActivity, profile

    activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if cuda else [])
    with profile(activities=activities) as prof:
        step(rows)
        if cuda:
            import torch

            torch.cuda.synchronize()
    return prof.key_averages().table(sort_by="self_cuda_time_total" if cuda else "self_cpu_time_total", row_limit=20)


def main(argv=None) -> int:
    parser = bench_parser(MODULE, __doc__, repeats=1)
    parser.add_argument("--steps", type=int, default=10, help="timed optimizer steps after 2 warm-up steps "
                        "(default 10)")
    parser.add_argument("--rows", type=int, default=2, help="4096-token rows per micro-batch (default 2; "
                        "halved on out-of-memory)")
    parser.add_argument("--batch-rows", type=int, default=16, help="rows per optimizer step, reached by "
                        "gradient accumulation (default 16: 64k tokens)")
    parser.add_argument("--compile", action="store_true", help="torch.compile each decoder layer (model.parallelize)")
    parser.add_argument("--no-packing", action="store_true", help="plain causal rows (flash attention) for comparison")
    parser.add_argument("--attention", choices=("flex", "sdpa"), default="flex",
                        help="packed-document attention: FlexAttention block mask (default) or SDPA dense mask")
    parser.add_argument("--activation-checkpointing", action="store_true", help="recompute decoder layers")
    parser.add_argument("--preset", default="1.3b", help="model preset (default 1.3b, the one the target is for)")
    parser.add_argument("--profile", action="store_true",
                        help="after the timed steps, one more under torch.profiler: prints its 20 costliest operators")
    parser.add_argument("--smoke", action="store_true",
                        help="two steps on the CPU, nothing recorded: checks the benchmark runs where no GPU is")
    args = parser.parse_args(argv)
    import torch

    if args.smoke:
        args.steps, args.no_record = 2, True
    elif not torch.cuda.is_available():
        print("bench.train_gpu: skipped, no CUDA GPU here (nothing recorded)")
        return 0
    from model.config import preset
    from model.parallelize import parallelize
    from model.stages import STAGES, freeze_for
    from model.train import micro_batching
    from model.vlm import VLM

    torch.backends.cuda.matmul.allow_tf32 = True
    device = torch.device("cpu" if args.smoke else "cuda")
    config = preset(args.preset, **{"llm.attention": args.attention})
    model = VLM(config)
    freeze_for(model, STAGES[2])
    model.to(device)
    parallelize(model, device, activation_checkpointing=args.activation_checkpointing, compile=args.compile)
    language = model.language
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=3e-5, betas=(0.9, 0.95), weight_decay=0.0, fused=device.type == "cuda")
    seq = config.llm.max_positions
    gen = torch.Generator().manual_seed(0)

    def batch(rows: int):
        ids = torch.randint(0, config.llm.vocab, (rows, seq), generator=gen)
        if args.no_packing:
            return ids.to(device), None, rows * seq * (seq + 1) // 2
        lengths = torch.randint(256, 2048, (rows, DOCS_PER_ROW), generator=gen)
        docs = torch.stack([torch.repeat_interleave(torch.arange(DOCS_PER_ROW), n)[:seq] for n in lengths])
        docs = torch.cat([docs, torch.full((rows, max(0, seq - docs.shape[1])), DOCS_PER_ROW)], 1)[:, :seq]
        return ids.to(device), docs.to(device), attention_pairs(docs)

    phases = Phases(device.type == "cuda")

    def step(rows: int, mark=lambda name: None) -> tuple[int, int]:
        """One optimizer step over ``batch_rows`` rows in micro-batches: (tokens, attention pairs)."""
        pairs = 0
        micro = micro_batching(args.batch_rows, 1, 1, rows)[1]
        mark("begin")
        for _ in range(micro):
            ids, docs, n = batch(rows)
            mark("data")
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                logits = language(ids, doc_ids=docs)
            loss = torch.nn.functional.cross_entropy(logits[:, :-1].float().flatten(0, 1), ids[:, 1:].flatten())
            mark("forward")
            (loss / micro).backward()
            mark("backward")
            del logits, loss
            pairs += n
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        mark("optimizer")
        return micro * rows * seq, pairs

    def synchronize():
        if device.type == "cuda":
            torch.cuda.synchronize()

    def warm_up(rows: int):
        optimizer.zero_grad(set_to_none=True)
        for _ in range(2):
            step(rows)

    rows = fit_rows(warm_up, args.rows)
    synchronize()
    t0 = time.perf_counter()
    tokens, pairs = map(sum, zip(*(step(rows, phases.mark) for _ in range(args.steps))))
    synchronize()
    seconds = time.perf_counter() - t0
    spent = phases.seconds()
    llm = sum(p.numel() for p in model.language.parameters())
    matmul = llm - (0 if config.llm.tie_embeddings else model.language.model.embed_tokens.weight.numel())
    flops = model_flops(config.llm, matmul, tokens, pairs)
    full_row = model_flops(config.llm, matmul, tokens, tokens * seq)
    name = torch.cuda.get_device_name() if device.type == "cuda" else "CPU (smoke run)"
    peak = next((v for k, v in PEAK_BF16.items() if k in name), None)

    def mfu(f: float) -> str:
        return "%.1f%%" % (100 * f / seconds / peak) if peak else "unknown peak"

    memory = f"; peak GPU memory {torch.cuda.max_memory_allocated() / 2**30:.0f} GiB" if device.type == "cuda" else ""
    lines = [f"GPU: {name}; LLM {llm / 1e9:.2f} B parameters; {rows} x {seq}-token rows per micro-batch, "
             f"{tokens // args.steps:,} tokens per optimizer step; "
             f"{f'packed (document mask, {args.attention})' if not args.no_packing else 'unpacked (causal)'}"
             f"{', torch.compile' if args.compile else ''}{memory}.", "",
             "| tokens/s | achieved TFLOP/s | MFU | MFU, all seq x seq pairs counted (PaLM) |", "|---|---|---|---|",
             f"| {tokens / seconds:,.0f} | {flops / seconds / 1e12:.0f} | **{mfu(flops)}** | {mfu(full_row)} |",
             "", "Per optimizer step (ms): " + ", ".join(f"{k} {1000 * v / args.steps:,.0f}" for k, v in spent.items())
             + f"; whole step {1000 * seconds / args.steps:,.0f}.", "", "Target: MFU >= 45% on one H100 or H200."]
    if args.profile:
        print(profile_table(step, rows, device.type == "cuda"))
    report("Trainer: GPU throughput (1.3b, stage 2)", MODULE, lines, not args.no_record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
