"""The process group and what the ranks share: device, gradient sync per micro-batch, whole
checkpoints of sharded state, sums over the ranks.

Single process when ``WORLD_SIZE`` is unset; under ``torchrun`` one process per GPU (NCCL) or per
CPU worker (gloo). How the model is wrapped (DDP, FSDP2) is `model.parallelize`'s; FSDP2's
checkpoints are gathered whole here.
"""

from __future__ import annotations

import contextlib
import os

import torch
import torch.distributed as dist
from torch import nn


def setup(device: str = "auto") -> tuple[int, int, torch.device]:
    """(rank, world size, device), starting the process group under torchrun."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    cuda = torch.cuda.is_available() and device in ("auto", "cuda")
    if world > 1 and not dist.is_initialized():
        dist.init_process_group("nccl" if cuda else "gloo")
    if cuda:
        local = int(os.environ.get("LOCAL_RANK", "0"))
        torch.cuda.set_device(local)
        return rank, world, torch.device("cuda", local)
    return rank, world, torch.device("cpu")


def accumulating(model: nn.Module, last: bool):
    """The context for one micro-batch's forward and backward: DDP all-reduces gradients at every
    backward, so all but the last of a step's micro-batches run under ``no_sync`` (one all-reduce per
    step instead of one per micro-batch). FSDP keeps reducing each one, so its gradients stay sharded."""
    from torch.nn.parallel import DistributedDataParallel

    if isinstance(model, DistributedDataParallel) and not last:
        return model.no_sync()
    return contextlib.nullcontext()


def unwrap(model: nn.Module) -> nn.Module:
    return getattr(model, "module", model)


def full_state(model: nn.Module, optimizer) -> tuple[dict, dict]:
    """Whole (unsharded) model and optimizer state dicts, on the CPU, for a checkpoint any world size
    reads; every rank must call it under FSDP."""
    from torch.distributed.checkpoint.state_dict import StateDictOptions, get_model_state_dict, get_optimizer_state_dict

    model = unwrap(model)
    options = StateDictOptions(full_state_dict=True, cpu_offload=True)
    return get_model_state_dict(model, options=options), get_optimizer_state_dict(model, optimizer, options=options)


def load_full_state(model: nn.Module, optimizer, model_state: dict, optimizer_state: dict) -> None:
    from torch.distributed.checkpoint.state_dict import StateDictOptions, set_model_state_dict, set_optimizer_state_dict

    model = unwrap(model)
    options = StateDictOptions(full_state_dict=True, broadcast_from_rank0=False)
    set_model_state_dict(model, model_state, options=options)
    set_optimizer_state_dict(model, optimizer, optimizer_state, options=options)


def total(values: list[float], device: torch.device) -> list[float]:
    """Each number summed over all ranks, in one all-reduce (e.g. a global step's loss and tokens)."""
    if not dist.is_initialized():
        return list(values)
    t = torch.tensor(values, device=device, dtype=torch.float64)
    dist.all_reduce(t)
    return t.tolist()


def world_size() -> int:
    return dist.get_world_size() if dist.is_initialized() else 1


def mean(value: float, device: torch.device) -> float:
    """The mean of a number over all ranks (the loss every rank reports)."""
    if not dist.is_initialized():
        return value
    t = torch.tensor([value], device=device, dtype=torch.float64)
    dist.all_reduce(t)
    return float(t.item()) / dist.get_world_size()


def same_everywhere(value: float, device: torch.device) -> bool:
    """Whether every rank holds the same number (e.g. a parameter checksum after training)."""
    if not dist.is_initialized():
        return True
    t = torch.tensor([value, -value], device=device, dtype=torch.float64)
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return float(t[0]) == value and float(-t[1]) == value


def barrier() -> None:
    if dist.is_initialized():
        dist.barrier()


def teardown() -> None:
    if dist.is_initialized():
        dist.destroy_process_group()
