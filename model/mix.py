"""A training stage's data mix, as data: importable without torch, so the build can write each stage's
energon blend (`shards.energon.stage_mixes`) without importing the trainer's dependencies."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Mix:
    """weights: kind -> relative weight. language_share: the share of all-language steps once warmed up
    (None: the weights alone decide, sample by sample). pack: sequence packing (stage 2)."""

    weights: dict[str, float]
    language_share: float | None = None
    warmup_steps: int = 0
    pack: bool = False

    def language_at(self, step: int) -> float | None:
        if self.language_share is None:
            return None
        if self.warmup_steps <= 0 or step >= self.warmup_steps:
            return self.language_share
        return 1.0 - (1.0 - self.language_share) * step / self.warmup_steps
