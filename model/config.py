"""Model configs as dataclasses with named presets (PAPER.md section 4); any field can be overridden.

    tiny   seconds on a CPU, used by the tests: a small SigLIP-style tower, a small SAM-style tower
           (so the hybrid path is exercised), a 2-layer decoder
    1.3b   SigLIP-L/16 at 384 only, 2-layer MLP adaptor, 24 layers x 2048, 16 heads, FFN 5632
    7b     hybrid SigLIP-L 384 + SAM-B 1024 (64x64 map -> 96x96 -> two stride-2 convs -> 24x24),
           hybrid split MLP adaptor, 30 layers x 4096, 32 heads, FFN 11008
"""

from __future__ import annotations

import dataclasses
from typing import Any


@dataclasses.dataclass
class SigLIPConfig:
    image_size: int = 384
    patch_size: int = 16
    hidden: int = 1024
    layers: int = 24
    heads: int = 16
    mlp: int = 4096
    eps: float = 1e-6
    select_layer: int = -1  # the block whose output feeds the adaptor (-1: the last; DeepSeek-VL uses -1)

    @property
    def tokens(self) -> int:
        return (self.image_size // self.patch_size) ** 2


@dataclasses.dataclass
class SAMConfig:
    image_size: int = 1024
    patch_size: int = 16
    hidden: int = 768
    layers: int = 12
    heads: int = 12
    mlp: int = 3072
    window: int = 14
    global_layers: tuple[int, ...] = (2, 5, 8, 11)
    neck: int = 256  # channels of the neck's output map (64x64x256 for SAM-B at 1024)
    upsample: int = 96  # the map is interpolated to upsample x upsample before the two stride-2 convs
    out_channels: int = 1024  # after the convs (4 x neck): 24x24x1024 = 576 tokens
    eps: float = 1e-6


@dataclasses.dataclass
class LLMConfig:
    vocab: int = 102400
    hidden: int = 2048
    layers: int = 24
    heads: int = 16
    kv_heads: int | None = None
    ffn: int = 5632
    max_positions: int = 4096
    rope_theta: float = 10000.0
    eps: float = 1e-6
    tie_embeddings: bool = False
    attention: str = "sdpa"  # packed documents: "sdpa" (dense mask) or "flex" (FlexAttention block mask)


@dataclasses.dataclass
class VLMConfig:
    preset: str
    siglip: SigLIPConfig
    llm: LLMConfig
    sam: SAMConfig | None = None  # None: SigLIP only (the 1.3B)
    image_token: str = "<image_placeholder>"  # one per image in the text, expanded to `image_tokens`

    @property
    def hybrid(self) -> bool:
        return self.sam is not None

    @property
    def image_tokens(self) -> int:
        return self.siglip.tokens

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "VLMConfig":
        data = dict(data)
        sam = data.pop("sam", None)
        if sam is not None:
            sam = SAMConfig(**{**sam, "global_layers": tuple(sam.get("global_layers", ()))})
        return cls(siglip=SigLIPConfig(**data.pop("siglip")), llm=LLMConfig(**data.pop("llm")), sam=sam, **data)


def preset(name: str, **overrides: Any) -> VLMConfig:
    """A named config; ``overrides`` are dotted fields, e.g. ``{"llm.layers": 4, "siglip.image_size": 224}``."""
    if name not in PRESETS:
        raise ValueError(f"unknown model preset {name!r}; known: {sorted(PRESETS)}")
    config = PRESETS[name]()
    for dotted, value in overrides.items():
        target = config
        *path, field = dotted.split(".")
        for part in path:
            target = getattr(target, part)
            if target is None:
                raise ValueError(f"{dotted}: the {name} preset has no {part}")
        if not any(f.name == field for f in dataclasses.fields(target)):
            raise ValueError(f"unknown config field {dotted!r}")
        setattr(target, field, type(getattr(target, field))(value) if getattr(target, field) is not None else value)
    return config


def _tiny() -> VLMConfig:
    # 64 px / 16 = 4x4 = 16 image tokens; the SAM tower at 128 px gives an 8x8 map -> 16x16 -> 4x4 x 64
    return VLMConfig("tiny", SigLIPConfig(image_size=64, patch_size=16, hidden=32, layers=2, heads=2, mlp=64),
                     LLMConfig(vocab=512, hidden=64, layers=2, heads=4, ffn=128, max_positions=1024),
                     SAMConfig(image_size=128, patch_size=16, hidden=32, layers=2, heads=2, mlp=64, window=4,
                               global_layers=(1,), neck=16, upsample=16, out_channels=64))


def _1_3b() -> VLMConfig:
    return VLMConfig("1.3b", SigLIPConfig(), LLMConfig())


def _7b() -> VLMConfig:
    return VLMConfig("7b", SigLIPConfig(), LLMConfig(hidden=4096, layers=30, heads=32, ffn=11008), SAMConfig())


PRESETS = {"tiny": _tiny, "1.3b": _1_3b, "7b": _7b}
