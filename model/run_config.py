"""`RunConfig`: a training run, resolved once from ``python -m model.train``'s arguments.

Every default is applied here, so the trainer reads values rather than working them out again:
the model's shape (the preset with ``--set`` overrides, or the DeepSeek-VL checkpoint's), each
stage with its hyperparameters (the paper's for the preset unless ``--max-steps``, ``--batch-size``,
``--seq-len``, ``--lr``, ``--language-share`` or ``--modality-warmup`` say otherwise), FSDP (always for
the 7b) and the progress bar. What depends on the processes (rank, world size, device) is not here:
`model.distributed.setup` finds it.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from model.config import VLMConfig, preset
from model.stages import Stage, stage_for


@dataclasses.dataclass(frozen=True)
class RunConfig:
    model: VLMConfig
    preset: str  # --preset: the stages' hyperparameters follow it even with --init-deepseek-vl
    stages: tuple[Stage, ...]  # in training order, each starting from the previous one's weights
    data: str  # a build's output folder
    output: Path  # OUTPUT/stage<N>/ per stage
    init: Path | None = None  # a checkpoint.pt the first stage starts from
    tokenizer: str | None = None
    init_llm: str | None = None  # Hugging Face checkpoint folders
    init_siglip: str | None = None
    init_sam: str | None = None
    init_deepseek_vl: str | None = None
    resume: bool = False
    stop_after: int | None = None  # steps of a stage before stopping as an interruption would
    checkpoint_every: int = 1000
    eval_every: int = 0  # steps between evaluations (0: none)
    eval_batches: int = 2
    eval_every_nth: int = 20  # one sample in N held out (0: none)
    grad_accum: int = 1
    micro_batch: int | None = None  # samples per rank per forward (None: from grad_accum)
    workers: int = 0
    fsdp: bool = False
    activation_checkpointing: bool = False
    compile: bool = False  # torch.compile each decoder layer
    seed: int = 0
    device: str = "auto"  # auto | cpu | cuda
    progress: bool = False  # a progress bar on rank 0

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> "RunConfig":
        """The run ``model.train.parser()`` parsed. Raises ValueError on an unknown ``--set`` field and
        KeyError on an unknown stage number."""
        numbers = [args.stage] if args.stage else [int(s) for s in args.stages.split(",")]
        return cls(model=model_config(args.preset, args.set or [], args.init_deepseek_vl), preset=args.preset,
                   stages=tuple(resolve_stage(n, args) for n in numbers), data=args.data,
                   output=Path(args.output), init=Path(args.init) if args.init else None, tokenizer=args.tokenizer,
                   init_llm=args.init_llm, init_siglip=args.init_siglip, init_sam=args.init_sam,
                   init_deepseek_vl=args.init_deepseek_vl, resume=args.resume, stop_after=args.stop_after,
                   checkpoint_every=args.checkpoint_every, eval_every=args.eval_every,
                   eval_batches=args.eval_batches, eval_every_nth=args.eval_every_nth, grad_accum=args.grad_accum,
                   micro_batch=args.micro_batch, workers=args.workers, fsdp=args.fsdp or args.preset == "7b",
                   activation_checkpointing=args.activation_checkpointing, compile=args.compile, seed=args.seed,
                   device=args.device,
                   progress={"auto": sys.stderr.isatty(), "on": True, "off": False}[args.progress])

    @property
    def pretrained(self) -> bool:
        """Whether any weights come from a Hugging Face checkpoint."""
        return any((self.init_llm, self.init_siglip, self.init_sam, self.init_deepseek_vl))


def model_config(name: str, overrides: list[str], deepseek_vl: str | None = None) -> VLMConfig:
    """The preset ``name`` with ``FIELD=VALUE`` overrides, or the shape of the DeepSeek-VL checkpoint
    folder ``deepseek_vl`` (which replaces both)."""
    if deepseek_vl:
        from model.weights import deepseek_vl_config

        return deepseek_vl_config(deepseek_vl)
    return preset(name, **dict(kv.split("=", 1) for kv in overrides))


def resolve_stage(number: int, args: argparse.Namespace) -> Stage:
    """Stage ``number`` for ``--preset`` with the command line's overrides; its ``steps`` are the run's."""
    stage = stage_for(number, args.preset)
    steps = args.max_steps or stage.steps
    mix = stage.mix
    if mix.language_share is not None:  # the warm-up is at most half the run, so short runs reach the target
        mix = dataclasses.replace(mix, language_share=args.language_share or mix.language_share,
                                  warmup_steps=min(mix.warmup_steps, steps // 2) if args.modality_warmup is None
                                  else args.modality_warmup)
    return dataclasses.replace(stage, mix=mix, steps=steps, seq_len=args.seq_len or stage.seq_len,
                               batch=args.batch_size or stage.batch, lr=args.lr or stage.lr)
