"""The vision-language model: image embeddings put where the image placeholder tokens are.

Each image becomes `VLMConfig.image_tokens` embeddings (576 at real sizes); the processor has
already expanded each image's one placeholder into that many ``image_token_id`` positions, so the
embeddings replace those positions in order. Module names (``siglip``, ``sam``, ``aligner``,
``language``) are what `model.stages.freeze_for` and the checkpoint loaders refer to.
"""

from __future__ import annotations

import torch
from torch import nn

from model.adaptor import HybridAdaptor, MlpAdaptor
from model.config import VLMConfig
from model.llm import KVCache, LanguageModel
from model.vision import SAMTower, SigLIPTower


class VLM(nn.Module):
    def __init__(self, config: VLMConfig):
        super().__init__()
        self.config = config
        self.siglip = SigLIPTower(config.siglip)
        self.sam = SAMTower(config.sam) if config.sam else None
        d = config.llm.hidden
        self.aligner = (HybridAdaptor(config.siglip.hidden, config.sam.out_channels, d) if config.sam
                        else MlpAdaptor(config.siglip.hidden, d))
        self.language = LanguageModel(config.llm)

    def encode_images(self, low: torch.Tensor, high: torch.Tensor | None = None) -> torch.Tensor:
        """[images, 3, S, S] (and the SAM branch's [images, 3, S', S']) -> [images, tokens, hidden]."""
        return self.aligner(self.siglip(low), self.sam(high) if self.sam is not None else None)

    def forward(self, ids: torch.Tensor, image_token_id: int, low: torch.Tensor | None = None,
                high: torch.Tensor | None = None, doc_ids: torch.Tensor | None = None,
                cache: KVCache | None = None) -> torch.Tensor:
        embeds = self.language.embed(ids)
        mask = ids == image_token_id
        # checked on every batch, images or none: an image-token id with no image to fill it would train on
        # the bare placeholder embedding
        images = self.encode_images(low, high).to(embeds.dtype) if low is not None and low.shape[0] else None
        count, tokens = (0, self.config.image_tokens) if images is None else images.shape[:2]
        if int(mask.sum()) != count * tokens:
            raise ValueError(f"{int(mask.sum())} image token positions for {count} images of {tokens} tokens")
        if images is not None:
            embeds = embeds.masked_scatter(mask[..., None], images.reshape(-1, images.shape[-1]))
        return self.language(embeds=embeds, doc_ids=doc_ids, cache=cache)
