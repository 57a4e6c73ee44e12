"""GPU training throughput: tokens/s and model FLOPs utilisation of the 1.3b preset (random init) at
stage 2 (LLM + adaptor train), packed 4096-token sequences, bf16 autocast, AdamW.

FLOPs per token are 6 x (LLM parameters but the input embedding, a lookup rather than a matmul)
+ 12 x layers x hidden x sequence (the PaLM estimate, the attention part counted over the whole row
although packed documents attend within themselves);
MFU divides the achieved FLOP/s by the GPU's dense bf16 peak. Without a CUDA GPU it says so and
exits 0, recording nothing.
"""

from __future__ import annotations

import sys
import time

from bench.common import bench_parser, report

MODULE = "bench.train_gpu"
PEAK_BF16 = {"H100": 989e12, "H200": 989e12, "A100": 312e12, "L4": 121e12}


def main(argv=None) -> int:
    parser = bench_parser(MODULE, __doc__, repeats=1)
    parser.add_argument("--steps", type=int, default=20, help="timed steps after 3 warm-up steps (default 20)")
    parser.add_argument("--rows", type=int, default=4, help="packed 4096-token rows per step (default 4)")
    parser.add_argument("--compile", action="store_true", help="torch.compile the language model")
    parser.add_argument("--no-packing", action="store_true", help="plain causal rows (flash attention) for comparison")
    parser.add_argument("--attention", choices=("flex", "sdpa"), default="flex",
                        help="packed-document attention: FlexAttention block mask (default) or SDPA dense mask")
    parser.add_argument("--activation-checkpointing", action="store_true", help="recompute decoder layers")
    parser.add_argument("--preset", default="1.3b", help="model preset (default 1.3b, the one the target is for)")
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
    from model.stages import STAGES, freeze_for
    from model.vlm import VLM

    torch.backends.cuda.matmul.allow_tf32 = True
    device = torch.device("cpu" if args.smoke else "cuda")
    config = preset(args.preset, **{"llm.attention": args.attention})
    model = VLM(config)
    freeze_for(model, STAGES[2])
    model.to(device)
    model.language.checkpointing = args.activation_checkpointing
    language = torch.compile(model.language) if args.compile else model.language
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=3e-5, betas=(0.9, 0.95), weight_decay=0.0, fused=device.type == "cuda")
    seq, rows = config.llm.max_positions, args.rows
    gen = torch.Generator().manual_seed(0)

    def batch():
        ids = torch.randint(0, config.llm.vocab, (rows, seq), generator=gen)
        if args.no_packing:
            return ids.to(device), None
        lengths = torch.randint(256, 2048, (rows, 16), generator=gen)
        docs = torch.stack([torch.repeat_interleave(torch.arange(16), l)[:seq] for l in lengths])
        docs = torch.cat([docs, torch.full((rows, max(0, seq - docs.shape[1])), 99)], 1)[:, :seq]
        return ids.to(device), docs.to(device)

    def step():
        ids, docs = batch()
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
            logits = language(ids, doc_ids=docs)
        loss = torch.nn.functional.cross_entropy(logits[:, :-1].float().flatten(0, 1), ids[:, 1:].flatten())
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    def synchronize():
        if device.type == "cuda":
            torch.cuda.synchronize()

    for _ in range(3):
        step()
    synchronize()
    t0 = time.perf_counter()
    for _ in range(args.steps):
        step()
    synchronize()
    seconds = time.perf_counter() - t0
    tokens = args.steps * rows * seq
    llm = sum(p.numel() for p in model.language.parameters())
    matmul = llm - (0 if config.llm.tie_embeddings else model.language.model.embed_tokens.weight.numel())
    c = config.llm
    flops_per_token = 6 * matmul + 12 * c.layers * c.hidden * seq
    name = torch.cuda.get_device_name() if device.type == "cuda" else "CPU (smoke run)"
    peak = next((v for k, v in PEAK_BF16.items() if k in name), None)
    achieved = flops_per_token * tokens / seconds
    lines = [f"GPU: {name}; LLM {llm / 1e9:.2f} B parameters; {rows} x {seq} tokens per step; "
             f"{f'packed (document mask, {args.attention})' if not args.no_packing else 'unpacked (causal)'}"
             f"{', torch.compile' if args.compile else ''}.", "",
             "| tokens/s | achieved TFLOP/s | MFU |", "|---|---|---|",
             f"| {tokens / seconds:,.0f} | {achieved / 1e12:.0f} | "
             f"{'**%.1f%%**' % (100 * achieved / peak) if peak else 'unknown peak'} |",
             "", "Target: MFU >= 40% on one H100."]
    report("Trainer: GPU throughput (1.3b, stage 2)", MODULE, lines, not args.no_record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
