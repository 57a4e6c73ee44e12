"""The mixture reader: batches drawn from a build's shards by per-stage weights of sample kinds.

- **Modality group batches**: each global step is all-language (``text``) or all-multimodal; the
  choice is drawn from the step number and the seed, so every rank makes the same one. A step of
  several micro-batches (gradient accumulation) draws its samples together and splits them in
  order, so it trains on the samples of the same step in one forward pass.
- **Modality warm-up**: the language share starts at 1.0 and falls linearly to the stage's target
  over ``warmup_steps``.
- **Streams per kind** repeat epoch after epoch; shards are split across ranks (samples are, when
  there are fewer shards than ranks), shard order is shuffled per epoch and samples pass a seeded
  shuffle buffer. With data-loader workers, each makes every N-th batch and steps past the others'
  samples without decoding them, so the batches do not depend on the number of workers; the
  training process itself reads no samples. Samples whose key hashes into the held-out slice are
  kept for evaluation only.
- **Resumable**: the position is how many samples each stream gave; a restored reader replays to
  it, so a resumed run sees exactly the batches an uninterrupted one would.
"""

from __future__ import annotations

import hashlib
import random
from typing import Iterator

from torch.utils.data import IterableDataset

from model.mix import Mix  # torch-free, so the build can read the stages' mixes
from model.processor import Batch, Processor, collate
from shards.manifest import read_manifest, shard_paths
from shards.reader import read_samples
from shards.sample import Sample

LANGUAGE_KINDS = ("text",)


class EmptyStream(ValueError):
    """A kind with no samples for this reader (e.g. no held-out ones in a small build)."""

    def __init__(self, kind: str):
        super().__init__(f"no samples of kind {kind}")
        self.kind = kind


def held_out(key: str, every: int) -> bool:
    """Whether a sample is in the evaluation slice (one in ``every``, by key hash; 0: none)."""
    return every > 0 and int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % every == 0


class KindStream:
    """Samples of one kind, forever, in a seeded order; ``consumed`` is the resumable position."""

    def __init__(self, kind: str, paths: list[str], seed: int, rank: int, world: int, eval_every: int,
                 evaluation: bool, buffer: int = 64):
        self.kind, self.paths, self.seed = kind, paths, seed
        self.rank, self.world, self.eval_every, self.evaluation, self.buffer = rank, world, eval_every, evaluation, buffer
        self.consumed = 0
        self._iter = self._ordered()

    def _samples(self, epoch: int):
        rng = random.Random(f"{self.seed}:{epoch}")
        paths = list(self.paths)
        rng.shuffle(paths)
        by_shard = len(paths) >= self.world
        mine = paths[self.rank::self.world] if by_shard else paths
        for n, sample in enumerate(read_samples(mine)):
            if (by_shard or n % self.world == self.rank) and held_out(sample.key, self.eval_every) == self.evaluation:
                yield sample

    def _ordered(self) -> Iterator[Sample]:
        epoch = 0
        while True:
            rng, pool, produced = random.Random(f"{self.seed}:{epoch}:buffer:{self.rank}"), [], 0
            for sample in self._samples(epoch):
                pool.append(sample)
                if len(pool) >= self.buffer:
                    produced += 1
                    yield pool.pop(rng.randrange(len(pool)))
            rng.shuffle(pool)
            for sample in pool:
                produced += 1
                yield sample
            if not produced:
                raise EmptyStream(self.kind)
            epoch += 1

    def next(self) -> Sample:
        self.consumed += 1
        return next(self._iter)

    def skip_to(self, position: int) -> None:
        self._iter, self.consumed = self._ordered(), 0
        for _ in range(position):
            self.next()


class MixtureReader:
    """Batches for global steps: ``step(n)`` -> [(batch, kinds of its samples)] per micro-batch,
    ``batch_size`` samples each; ``batch(n)`` when a step is one forward pass."""

    def __init__(self, build_dir: str, mix: Mix, processor: Processor, batch_size: int, seed: int = 0,
                 rank: int = 0, world: int = 1, eval_every: int = 20, evaluation: bool = False,
                 micro_batches: int = 1):
        manifest = read_manifest(build_dir)
        self.mix, self.processor, self.batch_size, self.seed = mix, processor, batch_size, seed
        self.micro_batches = micro_batches
        self.streams: dict[str, KindStream] = {}
        self._behind: dict[str, int] | None = None  # a position the streams have yet to catch up with
        for kind, weight in mix.weights.items():
            paths = shard_paths(manifest, [kind])
            if weight > 0 and paths:
                self.streams[kind] = KindStream(kind, paths, seed, rank, world, eval_every, evaluation)
        if not self.streams:
            raise ValueError(f"{build_dir} has no shards of the kinds {sorted(mix.weights)}")

    def _group(self, rng: random.Random, step: int) -> list[str]:
        language = [k for k in self.streams if k in LANGUAGE_KINDS]
        multimodal = [k for k in self.streams if k not in LANGUAGE_KINDS]
        share = self.mix.language_at(step)
        if share is None or not language or not multimodal:
            return list(self.streams)
        return language if rng.random() < share else multimodal

    def step(self, step: int, process: bool = True) -> list[tuple[Batch | None, list[str]]]:
        """(batch, kinds) per micro-batch of global step ``step`` (``process`` False: only move past
        its samples). The ``batch_size * micro_batches`` samples are drawn together, then split in
        order, so the micro-batches hold the samples one forward pass over the step would. A kind
        found to have no samples is dropped from the mix."""
        self._catch_up()
        size = self.batch_size
        while True:
            rng = random.Random(f"{self.seed}:step:{step}")
            kinds = self._group(rng, step)
            picked = rng.choices(kinds, weights=[self.mix.weights[k] for k in kinds], k=size * self.micro_batches)
            try:
                samples = [self.streams[k].next() for k in picked]
            except EmptyStream as empty:
                del self.streams[empty.kind]
                if not self.streams:
                    raise ValueError("no samples of any kind of this mix") from empty
                continue
            return [(collate([self.processor.example(s) for s in samples[i:i + size]], self.processor,
                             pack=self.mix.pack) if process else None, picked[i:i + size])
                    for i in range(0, len(samples), size)]

    def batch(self, step: int, process: bool = True) -> tuple[Batch | None, list[str]]:
        """(batch, kinds) of global step ``step``, for a reader of one forward pass per step."""
        if self.micro_batches != 1:
            raise ValueError(f"a step is {self.micro_batches} micro-batches here: use step()")
        return self.step(step, process)[0]

    def batches(self, first: int, last: int, workers: int = 0) -> Iterator[tuple[Batch, list[str]]]:
        """The micro-batches of steps ``first`` .. ``last - 1`` in order. With ``workers`` processes, worker w
        makes the steps with ``step % workers == w`` and only moves past the others' samples, so the
        batches, and this reader's position after each step, are those of ``workers=0``. Each step comes
        with the worker's position after it, so this process reads no samples; its streams catch up
        only if it makes a batch itself later."""
        if workers <= 0:
            for step in range(first, last):
                yield from self.step(step)
            return
        from torch.utils.data import DataLoader

        self._catch_up()
        loader = DataLoader(_Steps(self, self.state(), first, last), batch_size=None, num_workers=workers,
                            prefetch_factor=4)
        for parts, position in loader:  # a whole step per item: the loader takes turns between workers
            self._behind = position
            yield from parts

    def state(self) -> dict[str, int]:
        if self._behind is not None:
            return dict(self._behind)
        return {kind: stream.consumed for kind, stream in self.streams.items()}

    def load_state(self, state: dict[str, int]) -> None:
        """Back to a saved position: every stream (those not in ``state`` from their start)."""
        self._behind = None
        for kind, stream in self.streams.items():
            stream.skip_to(state.get(kind, 0))

    def _catch_up(self) -> None:
        if self._behind is not None:
            self.load_state(self._behind)


class _Steps(IterableDataset):
    """An iterable over steps for a DataLoader worker: its own copy of the reader, restarted at the
    shared position, makes every ``workers``-th step and gives its micro-batches with its position
    after it."""

    def __init__(self, reader: MixtureReader, state: dict[str, int], first: int, last: int):
        super().__init__()
        self.reader, self.state, self.first, self.last = reader, state, first, last

    def __iter__(self):
        from torch.utils.data import get_worker_info

        info = get_worker_info()
        self.reader.load_state(self.state)
        for step in range(self.first, self.last):
            if (step - self.first) % info.num_workers == info.id:
                parts = self.reader.step(step)
                yield parts, self.reader.state()
            else:
                self.reader.step(step, process=False)
