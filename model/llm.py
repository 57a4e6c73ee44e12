"""The LLaMA-style decoder: pre-norm RMSNorm, SwiGLU, rotary positions, `scaled_dot_product_attention`.

Parameter names are Hugging Face's ``LlamaForCausalLM`` names (``model.layers.0.self_attn.q_proj``...),
so a LLaMA-format checkpoint (DeepSeek-LLM among them) loads as it is stored (`model.weights`).
Packed sequences pass ``doc_ids``: attention stays inside each document and positions restart. The
document mask is a dense boolean mask for SDPA by default; ``attention="flex"`` builds a block mask
for FlexAttention instead, which skips the blocks between documents and keeps a fused kernel on
GPUs (the kernel and the block mask's construction are compiled there; on a CPU FlexAttention only
runs without gradients, so CPU training uses the dense mask).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from model.config import LLMConfig


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        dtype = x.dtype
        x = x.float()
        x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * x.to(dtype)


def rope(positions: torch.Tensor, dim: int, theta: float) -> tuple[torch.Tensor, torch.Tensor]:
    """cos and sin [batch, seq, dim] for the rotate-half convention."""
    inv_freq = 1.0 / (theta ** (torch.arange(0, dim, 2, device=positions.device, dtype=torch.float32) / dim))
    freqs = positions.float()[..., None] * inv_freq
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos(), emb.sin()


def _rotate(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    half = x.shape[-1] // 2
    rotated = torch.cat((-x[..., half:], x[..., :half]), dim=-1)
    return (x * cos + rotated * sin).to(x.dtype)


class Attention(nn.Module):
    def __init__(self, c: LLMConfig):
        super().__init__()
        self.heads, self.kv_heads = c.heads, c.kv_heads or c.heads
        self.head_dim = c.hidden // c.heads
        self.q_proj = nn.Linear(c.hidden, c.heads * self.head_dim, bias=False)
        self.k_proj = nn.Linear(c.hidden, self.kv_heads * self.head_dim, bias=False)
        self.v_proj = nn.Linear(c.hidden, self.kv_heads * self.head_dim, bias=False)
        self.o_proj = nn.Linear(c.heads * self.head_dim, c.hidden, bias=False)

    def forward(self, x, cos, sin, mask, past: list | None = None):
        """``past``: this layer's cached [keys, values] (from earlier calls), extended in place."""
        b, n, _ = x.shape
        q = self.q_proj(x).view(b, n, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, n, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, n, self.kv_heads, self.head_dim).transpose(1, 2)
        cos, sin = cos[:, None], sin[:, None]
        q, k = _rotate(q, cos, sin), _rotate(k, cos, sin)
        if past is not None:
            if past:
                if n != 1:
                    raise ValueError("with a filled cache, one new token at a time")
                k, v = torch.cat([past[0], k], dim=2), torch.cat([past[1], v], dim=2)
                mask = torch.ones(1, 1, 1, k.shape[2], dtype=torch.bool, device=x.device)  # sees all it follows
            past[:] = [k, v]
        if self.kv_heads != self.heads:
            k = k.repeat_interleave(self.heads // self.kv_heads, dim=1)
            v = v.repeat_interleave(self.heads // self.kv_heads, dim=1)
        if mask is not None and not isinstance(mask, torch.Tensor):  # a FlexAttention block mask
            from torch.nn.attention.flex_attention import flex_attention

            out = _on_gpu(flex_attention, q)(q, k, v, block_mask=mask)
        else:
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=mask is None)
        return self.o_proj(out.transpose(1, 2).reshape(b, n, -1))


_COMPILED: dict = {}


def _on_gpu(fn, tensor: torch.Tensor):
    """``fn`` compiled once where ``tensor`` is on a GPU (FlexAttention's pieces are fast there only
    compiled), as it is elsewhere."""
    if not tensor.is_cuda:
        return fn
    if fn not in _COMPILED:
        _COMPILED[fn] = torch.compile(fn)
    return _COMPILED[fn]


def document_mask(doc_ids: torch.Tensor, flex: bool):
    """Causal attention within each packed document: a dense mask [b, 1, n, n] or a block mask."""
    b, n = doc_ids.shape
    if flex:
        from torch.nn.attention.flex_attention import create_block_mask

        def same_document(batch, head, q, k):
            return (doc_ids[batch, q] == doc_ids[batch, k]) & (k <= q)

        return _on_gpu(create_block_mask, doc_ids)(same_document, b, None, n, n, device=doc_ids.device)
    same = doc_ids[:, :, None] == doc_ids[:, None, :]
    return (same & torch.ones(n, n, dtype=torch.bool, device=doc_ids.device).tril())[:, None]


class MLP(nn.Module):
    def __init__(self, c: LLMConfig):
        super().__init__()
        self.gate_proj = nn.Linear(c.hidden, c.ffn, bias=False)
        self.up_proj = nn.Linear(c.hidden, c.ffn, bias=False)
        self.down_proj = nn.Linear(c.ffn, c.hidden, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class DecoderLayer(nn.Module):
    def __init__(self, c: LLMConfig):
        super().__init__()
        self.input_layernorm = RMSNorm(c.hidden, c.eps)
        self.self_attn = Attention(c)
        self.post_attention_layernorm = RMSNorm(c.hidden, c.eps)
        self.mlp = MLP(c)

    def forward(self, x, cos, sin, mask, past: list | None = None):
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, mask, past)
        return x + self.mlp(self.post_attention_layernorm(x))


class Decoder(nn.Module):
    def __init__(self, c: LLMConfig):
        super().__init__()
        self.embed_tokens = nn.Embedding(c.vocab, c.hidden)
        self.layers = nn.ModuleList(DecoderLayer(c) for _ in range(c.layers))
        self.norm = RMSNorm(c.hidden, c.eps)


class KVCache:
    """Each layer's keys and values so far, for generation: after the prompt, each call adds one token
    and attends to the cache instead of running the whole sequence again."""

    def __init__(self, layers: int):
        self.layers: list[list] = [[] for _ in range(layers)]

    def __len__(self) -> int:
        return self.layers[0][0].shape[2] if self.layers and self.layers[0] else 0


class LanguageModel(nn.Module):
    """Token ids or embeddings -> next-token logits."""

    def __init__(self, config: LLMConfig):
        super().__init__()
        self.config = config
        self.model = Decoder(config)
        self.lm_head = nn.Linear(config.hidden, config.vocab, bias=False)
        if config.tie_embeddings:
            self.lm_head.weight = self.model.embed_tokens.weight

    def embed(self, ids: torch.Tensor) -> torch.Tensor:
        return self.model.embed_tokens(ids)

    def forward(self, ids: torch.Tensor | None = None, embeds: torch.Tensor | None = None,
                doc_ids: torch.Tensor | None = None, cache: KVCache | None = None) -> torch.Tensor:
        x = self.embed(ids) if embeds is None else embeds
        b, n, _ = x.shape
        mask = None
        if doc_ids is None:
            start = len(cache) if cache is not None else 0
            positions = torch.arange(start, start + n, device=x.device).expand(b, n)
        else:  # packed: block-diagonal causal attention, positions restart at each document
            # FlexAttention has no backward on a CPU: CPU training keeps the dense mask
            flex = self.config.attention == "flex" and (x.is_cuda or not torch.is_grad_enabled())
            mask = document_mask(doc_ids, flex)
            starts = torch.cat([torch.ones_like(doc_ids[:, :1], dtype=torch.bool), doc_ids[:, 1:] != doc_ids[:, :-1]], 1)
            index = torch.arange(n, device=x.device).expand(b, n)
            positions = index - torch.cummax(torch.where(starts, index, torch.zeros_like(index)), dim=1).values
        cos, sin = rope(positions, self.config.hidden // self.config.heads, self.config.rope_theta)
        cos, sin = cos.to(x.dtype), sin.to(x.dtype)
        for i, layer in enumerate(self.model.layers):
            x = layer(x, cos, sin, mask, cache.layers[i] if cache is not None else None)
        return self.lm_head(self.model.norm(x))
