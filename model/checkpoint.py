"""A stage's ``checkpoint.pt``: everything to go on exactly where it stopped.

Model and optimizer state (whole, gathered from FSDP shards, so any world size reads them), the LR
scheduler, the data reader's position, the RNG states, the step, and the model's config and stage.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import torch

from model import distributed
from model.config import VLMConfig
from model.data import MixtureReader
from model.stages import Stage

CHECKPOINT = "checkpoint.pt"


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


def save(path: Path, model, optimizer, scheduler, reader, step: int, config: VLMConfig, stage: Stage, rank: int,
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


def restore(state: dict, model, optimizer, scheduler, reader: MixtureReader, sharded: bool) -> int:
    """Back to a checkpoint's optimizer, schedule, data position and RNG (its weights are loaded before
    `parallelize`, but for FSDP's sharded ones); returns the step to go on from."""
    if sharded:
        distributed.load_full_state(model, optimizer, state["model"], state["optimizer"])
    else:
        optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
    reader.load_state(state["data"])
    set_rng_state(state["rng"])
    return state["step"]
