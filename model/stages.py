"""The three training stages as data (PAPER.md section 5), and `freeze_for`.

Each stage names the modules it trains, its data mix (kinds and weights; stage 2 keeps
language:multimodal at 7:3 after a modality warm-up), and the paper's hyperparameters for the 1.3B
as defaults; `stage_for` gives the 7B's (stage 2: LR 4.2e-5, 42000 steps, batch 2304) and the tiny
preset's (CPU-sized: batch 8, sequences of 512, 100 steps). All: AdamW (0.9, 0.95), weight decay 0,
gradient clip 1.0.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

from model.mix import Mix

if TYPE_CHECKING:  # the build reads the stages' mixes without torch
    from torch import nn

log = logging.getLogger("vlbuild.train")

# stage 2's multimodal shares (PAPER.md table 1), text at 70%
PRETRAIN_WEIGHTS = {"interleaved": 13.1, "caption": 11.1, "chart": 2.1, "web_code": 0.4, "scene_ocr": 1.2,
                    "doc_ocr": 2.1, "text": 70.0}


@dataclasses.dataclass(frozen=True)
class Stage:
    number: int
    name: str
    trains: tuple[str, ...]  # top-level modules of `model.vlm.VLM` that learn; the rest are frozen
    mix: Mix
    lr: float
    schedule: str  # cosine | step
    warmup: int
    steps: int
    batch: int
    seq_len: int
    betas: tuple[float, float] = (0.9, 0.95)
    weight_decay: float = 0.0
    clip: float = 1.0


STAGES = {
    1: Stage(1, "adaptor warm-up", ("aligner",), Mix({"caption": 1.0, "doc_ocr": 1.0}), 1e-3, "cosine", 128,
             15000, 256, 512),
    2: Stage(2, "joint VL pretraining", ("aligner", "language"),
             Mix(PRETRAIN_WEIGHTS, language_share=0.7, warmup_steps=2000, pack=True), 3e-5, "step", 2000, 96000,
             1024, 4096),
    3: Stage(3, "supervised fine-tuning", ("aligner", "language", "siglip"),
             Mix({"sft": 52.1, "text": 47.9}), 2e-5, "cosine", 256, 10000, 256, 4096),
}


def stage_for(number: int, preset: str) -> Stage:
    """Stage ``number`` with the hyperparameters of the model ``preset``."""
    stage = STAGES[number]
    if preset == "7b" and number == 2:
        return dataclasses.replace(stage, lr=4.2e-5, steps=42000, batch=2304)
    if preset == "tiny":
        mix = dataclasses.replace(stage.mix, warmup_steps=min(stage.mix.warmup_steps, 20))
        return dataclasses.replace(stage, mix=mix, batch=8, seq_len=min(stage.seq_len, 512), steps=100,
                                   warmup=min(stage.warmup, 10))
    return stage


def freeze_for(model: nn.Module, stage: Stage) -> dict[str, int]:
    """Make only ``stage.trains`` learn (SAM is never trained); log and return trainable/frozen counts."""
    for name, module in model.named_children():
        for p in module.parameters():
            p.requires_grad = name in stage.trains
    counts = {"trainable": sum(p.numel() for p in model.parameters() if p.requires_grad),
              "frozen": sum(p.numel() for p in model.parameters() if not p.requires_grad)}
    log.info("stage %d (%s): %d trainable, %d frozen parameters (trains %s)", stage.number, stage.name,
             counts["trainable"], counts["frozen"], ", ".join(stage.trains))
    return counts
