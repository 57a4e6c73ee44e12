"""The tokenizer: a user's Hugging Face ``tokenizer.json``, or a small byte-level BPE trained here.

Real runs pass the LLM's own ``tokenizer.json`` (DeepSeek-LLM's for DeepSeek-VL). The ``tiny``
preset trains a BPE of its vocabulary size on a build's texts with the ``tokenizers`` library, so the
tests need nothing from outside. Either way the special tokens below exist (added when missing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

BOS, EOS, PAD, IMAGE = "<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<pad>", "<image_placeholder>"
SPECIALS = [BOS, EOS, PAD, IMAGE]


class Tokenizer:
    def __init__(self, inner):
        from tokenizers import AddedToken

        self.inner = inner
        missing = [t for t in SPECIALS if inner.token_to_id(t) is None]
        if missing:
            inner.add_special_tokens([AddedToken(t, special=True) for t in missing])
        # Sample text is text: "<image_placeholder>" or the EOS string written in a page about DeepSeek-VL must
        # not become the image or end-of-sentence id (add_special_tokens=False still matches them in text).
        # What transformers' split_special_tokens=True sets; the processor places special ids itself.
        inner.encode_special_tokens = True

    @classmethod
    def from_file(cls, path: str | Path) -> "Tokenizer":
        from tokenizers import Tokenizer as HFTokenizer

        return cls(HFTokenizer.from_file(str(path)))

    @classmethod
    def train(cls, texts: Iterable[str], vocab: int) -> "Tokenizer":
        """A byte-level BPE of ``vocab`` ids (specials included) learnt from ``texts``."""
        from tokenizers import Tokenizer as HFTokenizer, decoders, models, pre_tokenizers, trainers

        inner = HFTokenizer(models.BPE())
        inner.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        inner.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(vocab_size=vocab, special_tokens=SPECIALS, show_progress=False,
                                      initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
        inner.train_from_iterator(texts, trainer)
        return cls(inner)

    def save(self, path: str | Path) -> None:
        self.inner.save(str(path))

    def id(self, token: str) -> int:
        return self.inner.token_to_id(token)

    def encode(self, text: str) -> list[int]:
        """The ids of ``text`` as text: a special token's string in it is split like any other text."""
        return self.inner.encode(text, add_special_tokens=False).ids

    def decode(self, ids: list[int]) -> str:
        return self.inner.decode(ids, skip_special_tokens=True)

    def __len__(self) -> int:
        return self.inner.get_vocab_size()
