"""Real checkpoints load into the model: small random ones made by ``transformers`` (``save_pretrained``),
loaded by `model.weights`, give the same outputs as ``transformers`` itself."""

from __future__ import annotations

import dataclasses

import pytest
import torch
from torch.testing import assert_close

transformers = pytest.importorskip("transformers")

from model import weights  # noqa: E402
from model.llm import LanguageModel  # noqa: E402
from model.vision import SAMTower, SigLIPTower  # noqa: E402


def test_llama_checkpoint_gives_the_same_logits(tmp_path):
    config = transformers.LlamaConfig(vocab_size=300, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
                                      rope_theta=10000.0, rms_norm_eps=1e-6)
    torch.manual_seed(0)
    reference = transformers.LlamaForCausalLM(config).eval()
    reference.save_pretrained(tmp_path)
    ours = LanguageModel(weights.llm_config(tmp_path)).eval()
    weights.load_llm(ours, tmp_path)
    ids = torch.randint(0, 300, (2, 17))
    with torch.no_grad():
        assert_close(ours(ids), reference(ids).logits, rtol=1e-4, atol=1e-4)


def test_packed_documents_match_the_documents_run_alone(tmp_path):
    torch.manual_seed(0)
    config = transformers.LlamaConfig(vocab_size=100, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                                      num_attention_heads=4)
    transformers.LlamaForCausalLM(config).save_pretrained(tmp_path)
    ours = LanguageModel(weights.llm_config(tmp_path)).eval()
    weights.load_llm(ours, tmp_path)
    a, b = torch.randint(0, 100, (1, 7)), torch.randint(0, 100, (1, 5))
    packed = ours(torch.cat([a, b], 1), doc_ids=torch.tensor([[0] * 7 + [1] * 5]))
    with torch.no_grad():
        assert_close(packed[:, :7], ours(a), rtol=1e-5, atol=1e-5)
        assert_close(packed[:, 7:], ours(b), rtol=1e-5, atol=1e-5)


def test_siglip_checkpoint_gives_the_same_features(tmp_path):
    config = transformers.SiglipVisionConfig(image_size=64, patch_size=16, hidden_size=32, intermediate_size=64,
                                             num_hidden_layers=2, num_attention_heads=2)
    torch.manual_seed(0)
    reference = transformers.SiglipVisionModel(config).eval()
    reference.save_pretrained(tmp_path)
    ours = SigLIPTower(weights.siglip_config(tmp_path)).eval()
    weights.load_siglip(ours, tmp_path)
    pixels = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        assert_close(ours(pixels), reference(pixel_values=pixels).last_hidden_state, rtol=1e-4, atol=1e-4)


def test_sam_checkpoint_gives_the_same_image_embeddings(tmp_path):
    vision = transformers.SamVisionConfig(image_size=128, patch_size=16, hidden_size=32, mlp_dim=64,
                                          num_hidden_layers=2, num_attention_heads=2, window_size=4,
                                          global_attn_indexes=[1], output_channels=16)
    torch.manual_seed(0)
    reference = transformers.SamVisionModel(vision).eval()
    with torch.no_grad():  # SAM initialises its relative positions to zero: make them count
        for name, p in reference.named_parameters():
            if "rel_pos" in name or "pos_embed" in name:
                p.normal_(0, 0.5)
    reference.save_pretrained(tmp_path)
    ours = SAMTower(weights.sam_config(tmp_path, upsample=16, out_channels=64)).eval()
    weights.load_sam(ours, tmp_path)
    pixels = torch.randn(2, 3, 128, 128)
    with torch.no_grad():
        assert_close(ours.features(pixels), reference(pixel_values=pixels).last_hidden_state, rtol=1e-4, atol=1e-4)
        assert ours(pixels).shape == (2, 16, 64)  # 8x8 map -> 16x16 -> two stride-2 convs -> 4x4 tokens


def test_a_checkpoint_of_another_shape_is_refused(tmp_path):
    config = transformers.LlamaConfig(vocab_size=300, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                                      num_attention_heads=4)
    transformers.LlamaForCausalLM(config).save_pretrained(tmp_path)
    other = dataclasses.replace(weights.llm_config(tmp_path), layers=3)
    with pytest.raises(ValueError, match="missing"):
        weights.load_llm(LanguageModel(other), tmp_path)


@pytest.mark.parametrize("hybrid", [True, False])
def test_deepseek_vl_checkpoint_gives_the_same_logits(tmp_path, hybrid):
    from model.vlm import VLM

    text = dict(model_type="llama", vocab_size=300, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                num_attention_heads=4)
    vision = dict(model_type="siglip_vision_model", image_size=64, patch_size=16, hidden_size=32,
                  intermediate_size=64, num_hidden_layers=2, num_attention_heads=2)
    torch.manual_seed(0)
    if hybrid:
        high = dict(model_type="sam_vision_model", image_size=128, patch_size=16, hidden_size=32, mlp_dim=64,
                    num_hidden_layers=2, num_attention_heads=2, window_size=4, global_attn_indexes=[1],
                    output_channels=16)
        reference = transformers.DeepseekVLHybridForConditionalGeneration(transformers.DeepseekVLHybridConfig(
            text_config=text, vision_config=vision, high_res_vision_config=high, image_token_id=299)).eval()
        with torch.no_grad():  # zero at init: make the global branch and SAM's positions count
            reference.model.high_res_vision_alpha.fill_(0.7)
            for name, p in reference.named_parameters():
                if "rel_pos" in name or "pos_embed" in name:
                    p.normal_(0, 0.5)
    else:
        reference = transformers.DeepseekVLForConditionalGeneration(transformers.DeepseekVLConfig(
            text_config=text, vision_config=vision, image_token_id=299)).eval()
    reference.save_pretrained(tmp_path)
    ours = VLM(weights.deepseek_vl_config(tmp_path)).eval()
    assert ours.config.hybrid == hybrid
    weights.load_deepseek_vl(ours, tmp_path)
    ids = torch.randint(0, 290, (1, 24))
    ids[0, 2:18] = 299  # one image: 16 tokens
    low = torch.randn(1, 3, 64, 64)
    extra = {"high_res_pixel_values": torch.randn(1, 3, 128, 128)} if hybrid else {}
    with torch.no_grad():
        expected = reference(input_ids=ids, pixel_values=low, **extra).logits
        assert_close(ours(ids, 299, low, extra.get("high_res_pixel_values")), expected, rtol=1e-4, atol=1e-4)


def test_flex_attention_block_mask_matches_the_dense_document_mask():
    import warnings

    from model.config import LLMConfig

    torch.manual_seed(0)
    dense = LanguageModel(LLMConfig(vocab=100, hidden=32, layers=2, heads=4, ffn=64)).eval()
    flex = LanguageModel(dataclasses.replace(dense.config, attention="flex")).eval()
    flex.load_state_dict(dense.state_dict())
    ids = torch.randint(0, 100, (2, 128))
    docs = torch.tensor([[0] * 50 + [1] * 78, [0] * 128])
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # eager FlexAttention on a CPU says it is slow
        assert_close(flex(ids, doc_ids=docs), dense(ids, doc_ids=docs), rtol=1e-4, atol=1e-4)
