"""`parallelize`: everything that makes the model train faster or spread over GPUs, in one place.

The model itself knows nothing of it (torchtitan's ``models/llama3/parallelize.py``). The order
matters, each step wrapping what the one before made:

1. activation checkpointing wraps each decoder layer, so its activations are recomputed in
   backward instead of kept (the layer's inputs are kept);
2. torch.compile compiles each decoder layer, checkpoint wrapper included, so the recomputation is
   compiled too; the layers are alike, so one graph is compiled and reused;
3. FSDP2 shards each decoder layer, then the rest (a 7B's parameters, gradients and optimizer state
   are split over the ranks instead of copied), or DDP replicates the whole: last, so its hooks go
   around the compiled layers and DDP wraps the finished module.

Wrapped layers keep their parameter names in ``state_dict`` (the checkpoint wrapper strips its
prefix; compiling in place adds none), so checkpoints load into a plain `model.vlm.VLM`.
"""

from __future__ import annotations

import torch
import torch.distributed as dist
from torch import nn


def parallelize(model: nn.Module, device: torch.device, *, activation_checkpointing: bool = False,
                compile: bool = False, fsdp: bool = False) -> nn.Module:
    """``model`` (a `model.vlm.VLM`, already on ``device`` and frozen for its stage) ready to train:
    changed in place, and under ``torchrun`` returned wrapped (DDP) or sharded (``fsdp``). Call it
    before making the optimizer: FSDP replaces the parameters."""
    layers = model.language.model.layers
    if activation_checkpointing:
        from torch.distributed.algorithms._checkpoint.checkpoint_wrapper import checkpoint_wrapper

        for i, layer in enumerate(layers):
            layers[i] = checkpoint_wrapper(layer)  # non-reentrant torch.utils.checkpoint
    if compile:
        for layer in layers:
            layer.compile()  # in place: the parameter names stay
    if not dist.is_initialized() or dist.get_world_size() == 1:
        return model
    if fsdp:
        from torch.distributed.fsdp import fully_shard

        for layer in layers:
            fully_shard(layer)
        fully_shard(model)
        return model
    from torch.nn.parallel import DistributedDataParallel

    # modality group batches leave the vision towers out of all-language steps: unused parameters
    return DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None,
                                   find_unused_parameters=True)
