"""The two vision towers: SigLIP-style ViT (semantics, 384 px) and SAM-style ViTDet (detail, 1024 px).

Parameter names follow Hugging Face's ``SiglipVisionModel`` (``vision_model.encoder.layers.0...``)
and ``SamVisionModel`` (``vision_encoder.layers.0.attn.rel_pos_h``...), so their checkpoints load
as stored. The SAM tower adds DeepSeek-VL's reduction: the neck's 64x64x256 map is interpolated to
96x96 and two 3x3 stride-2 convolutions make it 24x24x1024, as many tokens as SigLIP's.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from model.config import SAMConfig, SigLIPConfig


class _SiglipAttention(nn.Module):
    def __init__(self, c: SigLIPConfig):
        super().__init__()
        self.heads = c.heads
        self.q_proj, self.k_proj, self.v_proj = (nn.Linear(c.hidden, c.hidden) for _ in range(3))
        self.out_proj = nn.Linear(c.hidden, c.hidden)

    def forward(self, x):
        b, n, d = x.shape
        q, k, v = (p(x).view(b, n, self.heads, -1).transpose(1, 2) for p in (self.q_proj, self.k_proj, self.v_proj))
        return self.out_proj(F.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(b, n, d))


class _SiglipMLP(nn.Module):
    def __init__(self, c: SigLIPConfig):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(c.hidden, c.mlp), nn.Linear(c.mlp, c.hidden)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x), approximate="tanh"))


class _SiglipLayer(nn.Module):
    def __init__(self, c: SigLIPConfig):
        super().__init__()
        self.layer_norm1, self.layer_norm2 = nn.LayerNorm(c.hidden, eps=c.eps), nn.LayerNorm(c.hidden, eps=c.eps)
        self.self_attn, self.mlp = _SiglipAttention(c), _SiglipMLP(c)

    def forward(self, x):
        x = x + self.self_attn(self.layer_norm1(x))
        return x + self.mlp(self.layer_norm2(x))


class _SiglipEmbeddings(nn.Module):
    def __init__(self, c: SigLIPConfig):
        super().__init__()
        self.patch_embedding = nn.Conv2d(3, c.hidden, kernel_size=c.patch_size, stride=c.patch_size)
        self.position_embedding = nn.Embedding(c.tokens, c.hidden)

    def forward(self, pixels):
        return self.patch_embedding(pixels).flatten(2).transpose(1, 2) + self.position_embedding.weight


class _SiglipEncoder(nn.Module):
    def __init__(self, c: SigLIPConfig):
        super().__init__()
        self.layers = nn.ModuleList(_SiglipLayer(c) for _ in range(c.layers))


class _SiglipVision(nn.Module):
    def __init__(self, c: SigLIPConfig):
        super().__init__()
        self.embeddings, self.encoder = _SiglipEmbeddings(c), _SiglipEncoder(c)
        self.post_layernorm = nn.LayerNorm(c.hidden, eps=c.eps)


class SigLIPTower(nn.Module):
    """[batch, 3, S, S] normalised with mean/std 0.5 -> [batch, (S/p)^2, hidden]."""

    def __init__(self, config: SigLIPConfig):
        super().__init__()
        self.config = config
        self.vision_model = _SiglipVision(config)

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        vm = self.vision_model
        x = vm.embeddings(pixels)
        layers = vm.encoder.layers
        stop = len(layers) if self.config.select_layer == -1 else self.config.select_layer % len(layers) + 1
        for layer in layers[:stop]:
            x = layer(x)
        return vm.post_layernorm(x) if self.config.select_layer == -1 else x


class _SamAttention(nn.Module):
    """Attention with decomposed relative positions (MViTv2), as SAM's image encoder."""

    def __init__(self, c: SAMConfig, size: int):
        super().__init__()
        self.heads = c.heads
        head_dim = c.hidden // c.heads
        self.qkv, self.proj = nn.Linear(c.hidden, 3 * c.hidden), nn.Linear(c.hidden, c.hidden)
        self.rel_pos_h = nn.Parameter(torch.zeros(2 * size - 1, head_dim))
        self.rel_pos_w = nn.Parameter(torch.zeros(2 * size - 1, head_dim))

    @staticmethod
    def _rel(size: int, table: torch.Tensor) -> torch.Tensor:
        if table.shape[0] != 2 * size - 1:
            table = F.interpolate(table.T[None], size=2 * size - 1, mode="linear")[0].T
        coords = torch.arange(size, device=table.device)
        return table[(coords[:, None] - coords[None, :] + size - 1)]

    def forward(self, x):
        b, h, w, d = x.shape
        q, k, v = self.qkv(x).reshape(b, h * w, 3, self.heads, -1).permute(2, 0, 3, 1, 4)
        rq = q.reshape(b * self.heads, h, w, -1)
        rel_h = torch.einsum("bhwc,hkc->bhwk", rq, self._rel(h, self.rel_pos_h))
        rel_w = torch.einsum("bhwc,wkc->bhwk", rq, self._rel(w, self.rel_pos_w))
        bias = (rel_h[:, :, :, :, None] + rel_w[:, :, :, None, :]).reshape(b, self.heads, h * w, h * w)
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=bias)
        return self.proj(out.view(b, self.heads, h, w, -1).permute(0, 2, 3, 1, 4).reshape(b, h, w, d))


class _SamMLP(nn.Module):
    def __init__(self, c: SAMConfig):
        super().__init__()
        self.lin1, self.lin2 = nn.Linear(c.hidden, c.mlp), nn.Linear(c.mlp, c.hidden)

    def forward(self, x):
        return self.lin2(F.gelu(self.lin1(x)))


class _SamLayer(nn.Module):
    def __init__(self, c: SAMConfig, window: int):
        super().__init__()
        self.window = window
        grid = c.image_size // c.patch_size
        self.layer_norm1, self.layer_norm2 = nn.LayerNorm(c.hidden, eps=c.eps), nn.LayerNorm(c.hidden, eps=c.eps)
        self.attn, self.mlp = _SamAttention(c, window or grid), _SamMLP(c)

    def forward(self, x):
        shortcut, x = x, self.layer_norm1(x)
        if self.window:
            b, h, w, d = x.shape
            s = self.window
            ph, pw = (s - h % s) % s, (s - w % s) % s
            x = F.pad(x, (0, 0, 0, pw, 0, ph))
            H, W = h + ph, w + pw
            x = x.view(b, H // s, s, W // s, s, d).permute(0, 1, 3, 2, 4, 5).reshape(-1, s, s, d)
            x = self.attn(x)
            x = x.view(b, H // s, W // s, s, s, d).permute(0, 1, 3, 2, 4, 5).reshape(b, H, W, d)[:, :h, :w]
        else:
            x = self.attn(x)
        x = shortcut + x
        return x + self.mlp(self.layer_norm2(x))


class _LayerNorm2d(nn.LayerNorm):
    def forward(self, x):
        return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class _SamNeck(nn.Module):
    def __init__(self, c: SAMConfig):
        super().__init__()
        self.conv1 = nn.Conv2d(c.hidden, c.neck, kernel_size=1, bias=False)
        self.layer_norm1 = _LayerNorm2d(c.neck, eps=c.eps)
        self.conv2 = nn.Conv2d(c.neck, c.neck, kernel_size=3, padding=1, bias=False)
        self.layer_norm2 = _LayerNorm2d(c.neck, eps=c.eps)

    def forward(self, x):
        return self.layer_norm2(self.conv2(self.layer_norm1(self.conv1(x.permute(0, 3, 1, 2)))))


class _PatchEmbed(nn.Module):
    def __init__(self, c: SAMConfig):
        super().__init__()
        self.projection = nn.Conv2d(3, c.hidden, kernel_size=c.patch_size, stride=c.patch_size)

    def forward(self, pixels):
        return self.projection(pixels).permute(0, 2, 3, 1)


class _SamEncoder(nn.Module):
    def __init__(self, c: SAMConfig):
        super().__init__()
        grid = c.image_size // c.patch_size
        self.patch_embed = _PatchEmbed(c)
        self.pos_embed = nn.Parameter(torch.zeros(1, grid, grid, c.hidden))
        self.layers = nn.ModuleList(_SamLayer(c, 0 if i in c.global_layers else c.window) for i in range(c.layers))
        self.neck = _SamNeck(c)

    def forward(self, pixels, keep: int | None = None):
        """The neck's map; with ``keep``, also the hidden state after layer ``keep`` (channels last)."""
        x = self.patch_embed(pixels) + self.pos_embed
        kept = None
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i == keep:
                kept = x
        return self.neck(x) if keep is None else (self.neck(x), kept)


class SAMTower(nn.Module):
    """[batch, 3, S, S] normalised with CLIP mean/std -> [batch, tokens, 4 x neck]: SAM's map,
    interpolated to ``upsample`` squared, then two 3x3 stride-2 convolutions (neck -> 2x -> 4x channels).
    As in the released DeepSeek-VL, the hidden state after the first global-attention layer goes
    through a second neck and the same reduction, and is added scaled by ``alpha`` (0 at init)."""

    def __init__(self, config: SAMConfig):
        super().__init__()
        if config.out_channels != 4 * config.neck:
            raise ValueError(f"the SAM tower's out_channels must be 4 x neck ({4 * config.neck})")
        self.config = config
        self.vision_encoder = _SamEncoder(config)
        self.downsample = nn.Sequential(nn.Conv2d(config.neck, 2 * config.neck, 3, stride=2, padding=1, bias=False),
                                        nn.Conv2d(2 * config.neck, config.out_channels, 3, stride=2, padding=1,
                                                  bias=False))
        self.global_neck = _SamNeck(config)
        self.alpha = nn.Parameter(torch.zeros(1))

    def features(self, pixels: torch.Tensor) -> torch.Tensor:
        """The SAM encoder's own output map [batch, neck, S/16, S/16] (what Hugging Face's model returns)."""
        return self.vision_encoder(pixels)

    def _reduce(self, x: torch.Tensor) -> torch.Tensor:
        x = F.interpolate(x, size=(self.config.upsample, self.config.upsample), mode="bilinear", align_corners=False)
        return self.downsample(x)

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        last, kept = self.vision_encoder(pixels, keep=self.config.global_layers[0])
        x = self._reduce(last) + self._reduce(self.global_neck(kept)) * self.alpha
        return x.flatten(2).transpose(1, 2)
