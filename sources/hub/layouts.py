"""How a Hugging Face Hub dataset's columns become a sample: the ``hf_dataset`` source's options and the
presets for the layouts of the datasets the DeepSeek-VL paper names, where their shape is public.

A layout is a sample kind and a mapping from *roles* to the dataset's column names:

| role | holds | kinds |
|---|---|---|
| ``image`` | one image: ``{"bytes", "path"}`` struct, raw bytes, a path (relative to the file's folder or ``images_dir``) or an http(s) URL | all but text |
| ``images`` | a list of images, in order (an SFT sample's, or OBELICS' aligned with ``texts``) | sft, interleaved |
| ``text`` | the target text: a caption, HTML, code, a page's text, a chart's data | caption, web_code, doc_ocr, scene_ocr, chart, text |
| ``conversation`` | turns ``{"from", "value"}`` (LLaVA, ShareGPT) or ``{"role", "content"}`` (content a string or typed parts) | sft, caption, chart |
| ``system`` | a record-level system prompt (ShareGPT / LLaMA-Factory's ``system``, axolotl's ``field_system``), written as the leading system turn; read from a column named ``system`` unless mapped | sft |
| ``question`` / ``answer`` | one QA pair (an answer list of one) | chart |
| ``texts`` | interleaved text: OBELICS' list aligned with ``images``, or MMC4's sentences | interleaved |
| ``image_info`` | MMC4's images: ``{"image_name" or "raw_url" or "image", "matched_text_index"}`` | interleaved |
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sources.common.images import ImageLimits

KINDS = ("caption", "sft", "web_code", "chart", "interleaved", "text", "doc_ocr", "scene_ocr")
ROLES = ("image", "images", "text", "conversation", "system", "question", "answer", "texts", "image_info")
DEFAULT_COLUMNS = {"system": "system"}  # read when the layout maps no column to the role


@dataclasses.dataclass(frozen=True)
class Layout:
    kind: str
    columns: dict[str, str]
    note: str = ""


PRESETS: dict[str, Layout] = {
    "websight": Layout("web_code", {"image": "image", "text": "text"},
                       "HuggingFaceM4/WebSight: a UI screenshot and the HTML that renders it"),
    "llava_instruct": Layout("sft", {"image": "image", "conversation": "conversations"},
                             "LLaVA-Instruct-150K / llava_v1_5_mix665k JSON: image path + LLaVA turns"),
    "sharegpt4v": Layout("sft", {"image": "image", "conversation": "conversations"},
                         "Lin-Chen/ShareGPT4V JSON: the LLaVA layout"),
    "llava_instruct_mix": Layout("sft", {"images": "images", "conversation": "messages"},
                                 "HF messages with typed image parts and an images list (TRL's "
                                 "llava-instruct-mix-vsft)"),
    "llava_pretrain": Layout("caption", {"image": "image", "conversation": "conversations"},
                             "liuhaotian/LLaVA-Pretrain: one instruction turn answered by the caption"),
    "captions": Layout("caption", {"image": "image", "text": "caption"},
                       "image-caption sets (COCO / LAION style): an image and its caption"),
    "chartqa": Layout("chart", {"image": "image", "question": "query", "answer": "label"},
                      "HuggingFaceM4/ChartQA: a chart, a question and its answer"),
    "mmc4": Layout("interleaved", {"texts": "text_list", "image_info": "image_info"},
                   "allenai/mmc4: sentences and images placed before their matched sentence"),
    "obelics": Layout("interleaved", {"texts": "texts", "images": "images"},
                      "HuggingFaceM4/OBELICS: texts and images aligned by position, one of them per position"),
}


@dataclasses.dataclass(frozen=True)
class HubOptions:
    """preset: one of `PRESETS`, or None with ``kind`` and ``columns`` given.
    kind / columns: the sample kind and role -> column mapping, laid over the preset's.
    images_dir: relative image paths are under this folder of the file's folder.
    allow_text_only: an ``sft`` row with no image and no image marker becomes a text-only sample; off,
      it is rejected (``error:hub:no_image``), as every row whose image column is empty is.
    fetch_urls / allow_private: fetch http(s) images through the polite, SSRF-guarded fetcher.
    max_side / min_side / max_image_bytes: image bounds, as for every source.
    max_row_bytes: a JSON line longer than this is refused unparsed.
    token_budget / image_tokens: interleaved documents are cut into parts of at most this many tokens
      (words, plus ``image_tokens`` an image), as documents are."""

    preset: str | None = None
    kind: str | None = None
    columns: dict[str, str] | None = None
    images_dir: str = ""
    allow_text_only: bool = False
    fetch_urls: bool = True
    allow_private: tuple[str, ...] = ()
    max_side: int = 1024
    min_side: int = 16
    max_image_bytes: int = ImageLimits.max_bytes
    max_row_bytes: int = 64 * 2**20
    token_budget: int = 2048
    image_tokens: int = 576

    def __post_init__(self) -> None:
        if self.preset is not None and self.preset not in PRESETS:
            raise ValueError(f"unknown hf_dataset preset {self.preset!r}; known: {sorted(PRESETS)}")
        if self.kind is not None and self.kind not in KINDS:
            raise ValueError(f"hf_dataset kind {self.kind!r} is not one of {KINDS}")
        unknown = sorted(set(self.columns or {}) - set(ROLES))
        if unknown:
            raise ValueError(f"hf_dataset columns name unknown roles {unknown}; roles: {ROLES}")
        layout = self.layout()
        if layout is not None:
            _check(layout)

    def layout(self) -> Layout | None:
        """The preset with ``kind`` and ``columns`` laid over it (None: neither a preset nor a kind)."""
        base = PRESETS[self.preset] if self.preset else None
        kind = self.kind or (base.kind if base else None)
        if kind is None:
            return None
        return Layout(kind, {**(base.columns if base else {}), **(self.columns or {})})

    def limits(self) -> ImageLimits:
        return ImageLimits(self.min_side, self.max_side, max_bytes=self.max_image_bytes)


# the roles a kind needs: one of each tuple's alternatives
_NEEDS: dict[str, list[tuple[str, ...]]] = {
    "caption": [("image",), ("text", "conversation")],
    "web_code": [("image",), ("text",)],
    "doc_ocr": [("image",), ("text",)],
    "scene_ocr": [("image",), ("text",)],
    "text": [("text",)],
    "sft": [("conversation",)],
    "chart": [("image",), ("text", "conversation", "question")],
    "interleaved": [("texts",), ("images", "image_info")],
}


def _check(layout: Layout) -> None:
    for alternatives in _NEEDS[layout.kind]:
        if not any(role in layout.columns for role in alternatives):
            raise ValueError(f"an hf_dataset {layout.kind} layout needs a column for {' or '.join(alternatives)}; "
                             f"it maps {layout.columns}")
    if "question" in layout.columns and "answer" not in layout.columns:
        raise ValueError("an hf_dataset question column needs an answer column")


def column(row: dict[str, Any], layout: Layout, role: str) -> Any:
    """The row's value for ``role`` (None when the layout maps no column to it or the row lacks it)."""
    name = layout.columns.get(role, DEFAULT_COLUMNS.get(role))
    return row.get(name) if name else None
