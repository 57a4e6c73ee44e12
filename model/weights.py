"""Load real weights from local Hugging Face checkpoints (never downloaded here).

The model's modules use Hugging Face's parameter names, so loading is selecting a prefix and
checking that every parameter is found (`strict`): a LLaMA-format LLM (``LlamaForCausalLM``:
DeepSeek-LLM, LLaMA), a SigLIP vision tower (``SiglipVisionModel`` or the vision half of
``SiglipModel``) and SAM's image encoder (``SamModel``). Configs come from each ``config.json``,
so a tower built from it has the checkpoint's shape. tests/test_model_weights.py proves each
mapping against ``transformers`` outputs.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

from model.config import LLMConfig, SAMConfig, SigLIPConfig


def read_state(path: str | Path) -> dict[str, torch.Tensor]:
    """Every tensor of a checkpoint folder (``*.safetensors``, else ``pytorch_model*.bin``) or file."""
    path = Path(path)
    files = [path] if path.is_file() else sorted(path.glob("*.safetensors")) or sorted(path.glob("pytorch_model*.bin"))
    if not files:
        raise FileNotFoundError(f"no *.safetensors or pytorch_model*.bin in {path}")
    state: dict[str, torch.Tensor] = {}
    for file in files:
        if file.suffix == ".safetensors":
            from safetensors.torch import load_file

            state.update(load_file(str(file)))
        else:
            state.update(torch.load(file, map_location="cpu", weights_only=True))
    return state


def _config(source: str | Path | dict) -> dict:
    """A checkpoint folder's ``config.json``, or a config dict as it is."""
    return source if isinstance(source, dict) else json.loads((Path(source) / "config.json").read_text())


def llm_config(path: str | Path | dict) -> LLMConfig:
    c = _config(path)
    return LLMConfig(vocab=c["vocab_size"], hidden=c["hidden_size"], layers=c["num_hidden_layers"],
                     heads=c["num_attention_heads"], kv_heads=c.get("num_key_value_heads"),
                     ffn=c["intermediate_size"], max_positions=c.get("max_position_embeddings", 4096),
                     rope_theta=float(c.get("rope_theta", (c.get("rope_parameters") or {}).get("rope_theta", 10000.0))),
                     eps=c.get("rms_norm_eps", 1e-6), tie_embeddings=bool(c.get("tie_word_embeddings", False)))


def siglip_config(path: str | Path | dict) -> SigLIPConfig:
    c = _config(path)
    c = c.get("vision_config", c)
    return SigLIPConfig(image_size=c["image_size"], patch_size=c["patch_size"], hidden=c["hidden_size"],
                        layers=c["num_hidden_layers"], heads=c["num_attention_heads"], mlp=c["intermediate_size"],
                        eps=c.get("layer_norm_eps", 1e-6))


def sam_config(path: str | Path | dict, **reduction) -> SAMConfig:
    """SAM's vision config; ``reduction`` sets DeepSeek-VL's part (upsample, out_channels)."""
    c = _config(path)
    c = c.get("vision_config", c)
    return SAMConfig(image_size=c["image_size"], patch_size=c["patch_size"], hidden=c["hidden_size"],
                     layers=c["num_hidden_layers"], heads=c["num_attention_heads"], mlp=c["mlp_dim"],
                     window=c["window_size"], global_layers=tuple(c["global_attn_indexes"]),
                     neck=c["output_channels"], eps=c.get("layer_norm_eps", 1e-6), **reduction)


OURS_ONLY = ("downsample.", "global_neck.", "alpha")  # DeepSeek-VL's parts of the SAM tower, not SAM's


def _load(module: torch.nn.Module, state: dict[str, torch.Tensor], keep, drop=(), not_in_checkpoint=()) -> None:
    """Load the tensors under ``keep`` (less ``drop``); every parameter of ``module`` must be found but
    those under ``not_in_checkpoint`` (parts the checkpoint's model does not have)."""
    picked = {k: v for k, v in state.items() if k.startswith(keep) and not k.startswith(tuple(drop))}
    ours = module.state_dict()
    missing = [k for k in ours if k not in picked and not k.startswith(tuple(not_in_checkpoint))]
    unexpected = [k for k in picked if k not in ours]
    if missing or unexpected:
        raise ValueError(f"checkpoint does not fit: missing {missing[:5]}, unexpected {unexpected[:5]}")
    for k, v in picked.items():
        if ours[k].shape != v.shape:
            raise ValueError(f"{k}: checkpoint shape {tuple(v.shape)} vs model {tuple(ours[k].shape)}")
    module.load_state_dict(picked, strict=False)


def load_llm(module, path: str | Path) -> None:
    """A ``LlamaForCausalLM`` checkpoint into `model.llm.LanguageModel` (tied heads reuse the embeddings)."""
    state = read_state(path)
    if "lm_head.weight" not in state:
        state["lm_head.weight"] = state["model.embed_tokens.weight"]
    _load(module, state, ("model.", "lm_head."), drop=("model.rotary_emb.",))


def load_siglip(module, path: str | Path) -> None:
    """A ``SiglipVisionModel`` or ``SiglipModel`` checkpoint into `model.vision.SigLIPTower` (no pooling head)."""
    state = read_state(path)
    if not any(k.startswith("vision_model.") for k in state):  # a bare vision model saved on its own
        state = {"vision_model." + k: v for k, v in state.items()}
    _load(module, state, ("vision_model.",), drop=("vision_model.head.", "vision_model.embeddings.position_ids"))


def load_sam(module, path: str | Path) -> None:
    """A ``SamModel`` checkpoint's image encoder into `model.vision.SAMTower` (the reduction convs stay as
    they are: they are DeepSeek-VL's, not SAM's)."""
    _load(module, read_state(path), ("vision_encoder.",), not_in_checkpoint=OURS_ONLY)


# Hugging Face's DeepSeek-VL names (``DeepseekVLForConditionalGeneration``, ``DeepseekVLHybrid...``, as in
# deepseek-community/deepseek-vl-7b-chat) -> this model's, longest prefix first
DEEPSEEK_VL_NAMES = [
    ("model.high_res_vision_model.", "sam."), ("model.high_res_vision_neck.", "sam.global_neck."),
    ("model.high_res_vision_proj.conv1.", "sam.downsample.0."), ("model.high_res_vision_proj.conv2.", "sam.downsample.1."),
    ("model.high_res_vision_alpha", "sam.alpha"), ("model.vision_model.", "siglip.vision_model."),
    ("model.aligner.high_res_vision_proj.", "aligner.high_up_proj."), ("model.aligner.vision_proj.", "aligner.low_up_proj."),
    ("model.aligner.proj.", "aligner.layers.1."), ("model.aligner.linear1.", "aligner.layers.0."),
    ("model.aligner.linear2.", "aligner.layers.2."), ("model.language_model.", "language.model."),
    ("lm_head.", "language.lm_head."),
]


def deepseek_vl_config(path: str | Path):
    """The `VLMConfig` of a Hugging Face DeepSeek-VL checkpoint (hybrid when it has a SAM tower)."""
    from model.config import VLMConfig

    data = _config(path)
    llm = llm_config(data["text_config"])
    llm.tie_embeddings = bool(data.get("tie_word_embeddings", llm.tie_embeddings))
    siglip = siglip_config(data["vision_config"])
    sam = None
    if data.get("high_res_vision_config"):
        high = data["high_res_vision_config"]
        sam = sam_config(high, upsample=4 * (siglip.image_size // siglip.patch_size),
                         out_channels=4 * high["output_channels"])
    return VLMConfig("deepseek-vl", siglip, llm, sam)


def load_deepseek_vl(model, path: str | Path) -> None:
    """A Hugging Face DeepSeek-VL checkpoint (1.3B SigLIP-only or 7B hybrid) into `model.vlm.VLM`."""
    state = {}
    for key, value in read_state(path).items():
        for theirs, ours in DEEPSEEK_VL_NAMES:
            if key.startswith(theirs):
                state[ours + key[len(theirs):]] = value
                break
    if "language.lm_head.weight" not in state:
        state["language.lm_head.weight"] = state["language.model.embed_tokens.weight"]
    state = {k: v for k, v in state.items() if not k.startswith("siglip.vision_model.head.")}
    _load(model, state, ("sam.", "siglip.", "aligner.", "language."))
