"""Rows for the gradient accumulation tests, and the check they run under torchrun.

The rows supervise very different numbers of tokens (1 to 22 of 24), so micro-batches of them do
too; two have an image, so the vision towers and the adaptor get gradients as well. The expected
gradients are those of one forward pass over all the rows with ``F.cross_entropy``'s mean: the sum
of the per-token losses over all supervised tokens.

    python -m torch.distributed.run --nproc_per_node 2 -m tests.accumulation OUT

checks `model.train.accumulate` under DDP and FSDP2 (gloo, CPU): each rank runs two micro-batches
of its four rows (rank 0: 4 then 26 supervised tokens, rank 1: 25 then 15), and every rank's
gradients must be those of one forward pass over all eight rows. Rank 0 writes ``ok`` to OUT. Each
rank's image is in its last micro-batch: FSDP2 reduces each micro-batch's gradients, and a
collective needs the same parameters to have gradients on every rank.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

from model.config import VLMConfig
from model.processor import IGNORE, Batch

SUPERVISED = (1, 3, 4, 22, 5, 20, 2, 13)  # tokens with a target per row, the last ones of the row
WITH_IMAGE = (2, 6)  # rows whose positions 1..image_tokens are one image (never supervised)
LENGTH = 24


def rows(config: VLMConfig) -> list[Batch]:
    """One single-row `Batch` per entry of SUPERVISED, the same every call."""
    g = torch.Generator().manual_seed(0)
    image_id, out = config.llm.vocab - 1, []
    for i, supervised in enumerate(SUPERVISED):
        ids = torch.randint(0, image_id, (1, LENGTH), generator=g)
        labels = torch.full_like(ids, IGNORE)
        labels[0, LENGTH - supervised:] = ids[0, LENGTH - supervised:]  # the last ones, after any image
        low = torch.zeros(0, 3, config.siglip.image_size, config.siglip.image_size)
        high = torch.zeros(0, 3, config.sam.image_size, config.sam.image_size) if config.hybrid else None
        if i in WITH_IMAGE:
            ids[0, 1:1 + config.image_tokens] = image_id
            low = torch.randn(1, *low.shape[1:], generator=g)
            high = torch.randn(1, *high.shape[1:], generator=g) if high is not None else None
        out.append(Batch(ids, labels, low, high))
    return out


def batch_of(parts: list[Batch]) -> Batch:
    """The rows as one batch, their images in order."""
    high = [b.high for b in parts if b.high is not None]
    return Batch(torch.cat([b.ids for b in parts]), torch.cat([b.labels for b in parts]),
                 torch.cat([b.low for b in parts]), torch.cat(high) if high else None)


def reference(model, batch: Batch) -> tuple[float, dict[str, torch.Tensor]]:
    """(loss, gradients by parameter name) of one forward pass over ``batch``: the mean cross-entropy
    over its supervised tokens."""
    logits = model(batch.ids, model.config.llm.vocab - 1, batch.low, batch.high)
    loss = F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]), batch.labels[:, 1:].reshape(-1),
                           ignore_index=IGNORE)
    loss.backward()
    return float(loss.detach()), {n: p.grad for n, p in model.named_parameters() if p.grad is not None}


def main(out: str) -> None:
    from model import distributed, train
    from model.config import preset
    from model.parallelize import parallelize
    from model.vlm import VLM

    rank, world, device = distributed.setup("cpu")
    config = preset("tiny")
    torch.manual_seed(0)
    initial = VLM(config)
    everything = rows(config)
    expected_loss, expected = reference(copy.deepcopy(initial), batch_of(everything))
    mine = everything[rank * 4:rank * 4 + 4]
    for fsdp in (False, True):
        wrapped = parallelize(copy.deepcopy(initial), device, fsdp=fsdp)
        micro = iter([(batch_of(mine[:2]), []), (batch_of(mine[2:]), [])])
        done = train.accumulate(wrapped, micro, 2, config.llm.vocab - 1, device, autocast=False)
        grads = {n: getattr(p.grad, "full_tensor", lambda g=p.grad: g)()
                 for n, p in distributed.unwrap(wrapped).named_parameters() if p.grad is not None}
        assert grads.keys() == expected.keys(), sorted(set(grads) ^ set(expected))
        for name, grad in expected.items():
            torch.testing.assert_close(grads[name], grad, msg=lambda m, n=name: f"{n} (fsdp={fsdp}): {m}")
        assert abs(done.loss - expected_loss) < 1e-5 * expected_loss, (done.loss, expected_loss)
    if rank == 0:
        Path(out).write_text("ok")
    distributed.teardown()


if __name__ == "__main__":
    main(sys.argv[1])
