"""A trainable fastText quality classifier: trained by ``python -m quality.train_classifier`` from
positive and negative example texts, used by the build to score (and optionally drop) texts."""

from __future__ import annotations

import functools
import os
import tempfile

POSITIVE = "__label__good"
NEGATIVE = "__label__bad"


def _line(text: str) -> str:
    return " ".join(text.split())  # fastText reads one example per line


def train(positives: list[str], negatives: list[str], output: str, epoch: int = 25, word_ngrams: int = 2,
          dim: int = 64) -> None:
    """Train and save a model at ``output``."""
    import fasttext

    if not positives or not negatives:
        raise ValueError("training needs both positive and negative examples")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        for label, texts in ((POSITIVE, positives), (NEGATIVE, negatives)):
            for text in texts:
                f.write(f"{label} {_line(text)}\n")
    try:
        model = fasttext.train_supervised(f.name, epoch=epoch, wordNgrams=word_ngrams, dim=dim, verbose=0,
                                          minCount=1, seed=1, thread=1)
    finally:
        os.unlink(f.name)
    model.save_model(output)


@functools.lru_cache(maxsize=8)
def load(path: str):
    """A fastText model, loaded once per process with its load-time warning silenced (every fastText
    model in vlbuild loads here: lid.176, quality classifiers, taxonomy classifiers)."""
    import fasttext

    fasttext.FastText.eprint = lambda *args, **kwargs: None
    return fasttext.load_model(path)


def score(model, text: str) -> float:
    """Probability that ``text`` is like the positive examples."""
    labels, probs = model.predict(_line(text)[:100_000], k=2)
    return float(dict(zip(labels, probs)).get(POSITIVE, 0.0))
