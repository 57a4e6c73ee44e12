"""Vision-language adaptors, with DeepSeek-VL's parameter names so its checkpoints' ``aligner`` loads.

`MlpAdaptor` (1.3B): Linear(vision -> d), GELU, Linear(d -> d).
`HybridAdaptor` (7B): the SAM (high) and SigLIP (low) streams each through Linear(1024 -> d/2),
concatenated high first, GELU, Linear(d -> d).
"""

from __future__ import annotations

import torch
from torch import nn


class MlpAdaptor(nn.Module):
    def __init__(self, vision: int, hidden: int):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(vision, hidden), nn.GELU(), nn.Linear(hidden, hidden))

    def forward(self, low: torch.Tensor, high: torch.Tensor | None = None) -> torch.Tensor:
        return self.layers(low)


class HybridAdaptor(nn.Module):
    def __init__(self, low: int, high: int, hidden: int):
        super().__init__()
        self.high_up_proj = nn.Linear(high, hidden // 2)
        self.low_up_proj = nn.Linear(low, hidden // 2)
        self.layers = nn.Sequential(nn.GELU(), nn.Linear(hidden, hidden))

    def forward(self, low: torch.Tensor, high: torch.Tensor | None = None) -> torch.Tensor:
        return self.layers(torch.cat([self.high_up_proj(high), self.low_up_proj(low)], dim=-1))
