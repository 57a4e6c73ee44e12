"""Target shares per category turned into per-sample weights or per-category quotas.

A targets file (YAML) names shares for categories at one level of the tree::

    level: 1                  # 1: main categories, 2: secondary (paths main/secondary)
    mode: subset              # subset: sample down to the shares; weight: keep all, weight each sample
    shares: {recognition: 0.3, conversion: 0.1, analysis: 0.25, ...}

Shares are normalised to sum to 1. A category the file does not name (and `unmapped`) has share 0:
its samples get weight 0, or are left out of a subset with the reason ``filtered:mix:<category>``.
Subset quotas take the largest total the data allows at these shares; each category is then within
one sample of its target, so the written shares match to within 1/total (the stated tolerance).
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import yaml


@dataclasses.dataclass(frozen=True)
class MixTargets:
    shares: dict[str, float]
    level: int = 1
    mode: str = "subset"  # subset | weight

    def __post_init__(self) -> None:
        if self.mode not in ("subset", "weight"):
            raise ValueError(f"mix mode must be subset or weight, not {self.mode!r}")
        if self.level not in (1, 2):
            raise ValueError("mix level must be 1 (main) or 2 (secondary)")
        total = sum(self.shares.values())
        if not self.shares or total <= 0 or any(v < 0 for v in self.shares.values()):
            raise ValueError("mix shares must be non-negative and sum to more than 0")
        object.__setattr__(self, "shares", {k: v / total for k, v in self.shares.items()})

    @classmethod
    def from_yaml(cls, path: str, mode: str | None = None) -> "MixTargets":
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        return cls(shares={str(k): float(v) for k, v in (data.get("shares") or {}).items()},
                   level=int(data.get("level", 1)), mode=mode or data.get("mode", "subset"))

    def category(self, path: str) -> str:
        return "/".join(path.split("/")[:self.level])

    def share(self, category: str) -> float:
        return self.shares.get(category, 0.0)


def quotas(counts: dict[str, int], targets: MixTargets) -> dict[str, int]:
    """How many samples of each category a subset keeps: the largest total with every targeted
    category at its share (categories with no samples cannot be met and are left out of the total)."""
    feasible = [counts[c] / s for c, s in targets.shares.items() if s > 0 and counts.get(c, 0) > 0]
    total = min(feasible) if feasible else 0.0
    return {c: min(n, math.floor(targets.share(c) * total + 1e-9)) for c, n in counts.items()}


def weights(counts: dict[str, int], targets: MixTargets) -> dict[str, float]:
    """A weight per category so the weighted shares equal the targets (mean weight 1 over the data)."""
    n = sum(counts.values())
    return {c: (targets.share(c) * n / k if k else 0.0) for c, k in counts.items()}
