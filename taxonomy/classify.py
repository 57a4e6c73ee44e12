"""Map SFT instructions onto taxonomy leaves: reviewed label, else fastText, else zero-shot.

Each prediction says how it was decided (``method``): ``review`` (a reviewer's label from a labels
file, confidence 1), ``fasttext`` (the classifier `taxonomy.train` made from reviewed labels, used
where its probability reaches ``fasttext_threshold``), or ``zero-shot`` (`taxonomy.zero_shot`, its
confidence the softmax probability of the best leaf). Below ``threshold`` the path is ``unmapped``
and ``best`` keeps the guess, so a reviewer sees it instead of the data silently carrying it.

    python -m taxonomy.classify instructions.txt           # one instruction per line
    python -m taxonomy.classify llava.json chat.jsonl      # SFT files (see sources/sft.py)
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import sys
from pathlib import Path

import numpy as np

from taxonomy import labels as labels_file
from taxonomy import tree
from taxonomy.tree import UNMAPPED


@dataclasses.dataclass(frozen=True)
class ClassifyOptions:
    """threshold: confidence below which a sample is `unmapped` (left for review).
    temperature: softmax temperature turning zero-shot scores into a confidence.
    fasttext_model / fasttext_threshold: a model from `python -m taxonomy.train`, trusted from that probability.
    embedding_model: a local sentence-transformers folder (default: the bundled all-MiniLM-L6-v2).
    taxonomy: a tree file (default: taxonomy/tree.yaml). labels: a reviewed labels file (JSONL)."""

    threshold: float = 0.2
    temperature: float = 0.05
    fasttext_model: str | None = None
    fasttext_threshold: float = 0.7
    embedding_model: str | None = None
    taxonomy: str | None = None
    labels: str | None = None


@dataclasses.dataclass
class Prediction:
    path: str  # node ids main -> leaf joined by "/", or "unmapped"
    confidence: float
    method: str  # review | fasttext | zero-shot
    best: str  # the best guess's path, also when unmapped
    lang: str = "en"

    def to_meta(self) -> dict:
        return dataclasses.asdict(self)


class Classifier:
    """Predictions for batches of instructions; models load on first use (once per worker)."""

    def __init__(self, options: ClassifyOptions = ClassifyOptions()):
        self.options = options
        self.taxonomy = tree.load(options.taxonomy)
        self.reviewed = labels_file.read(options.labels) if options.labels else {}

    @functools.cached_property
    def zero_shot(self):
        from taxonomy.zero_shot import ZeroShot

        return ZeroShot(self.taxonomy, self.options.embedding_model)

    @functools.cached_property
    def fasttext(self):
        from taxonomy.train import load_model

        return load_model(self.options.fasttext_model) if self.options.fasttext_model else None

    def predict(self, texts: list[str], image_counts: list[int | None] | None = None,
                keys: list[str | None] | None = None) -> list[Prediction]:
        keys = keys or [None] * len(texts)
        out: list[Prediction | None] = [None] * len(texts)
        for i, key in enumerate(keys):
            label = self.reviewed.get(key) if key else None
            if label is not None and self.taxonomy.leaf_for(label.path):
                path = self.taxonomy.path(self.taxonomy.leaf_for(label.path).id)
                out[i] = Prediction(path, 1.0, "review", path)
        if self.fasttext is not None:
            for i, text in enumerate(texts):
                if out[i] is None:
                    out[i] = self._fasttext(text)
        todo = [i for i, p in enumerate(out) if p is None]
        if todo:
            counts = [(image_counts or [None] * len(texts))[i] for i in todo]
            scores, langs = self.zero_shot.scores([texts[i] for i in todo], counts)
            for i, row, lang in zip(todo, scores, langs):
                out[i] = self._decide(row, lang)
        return out  # type: ignore[return-value]

    def _fasttext(self, text: str) -> Prediction | None:
        from taxonomy.train import prepare

        labels, probs = self.fasttext.predict(prepare(text), k=1)
        leaf = self.taxonomy.leaf_for(labels[0].removeprefix("__label__")) if labels else None
        if leaf is None or probs[0] < self.options.fasttext_threshold:
            return None
        path = self.taxonomy.path(leaf.id)
        return Prediction(path, round(min(1.0, float(probs[0])), 4), "fasttext", path)

    def _decide(self, scores: np.ndarray, lang: str) -> Prediction:
        probs = np.exp((scores - scores.max()) / self.options.temperature)
        probs /= probs.sum()
        best = int(probs.argmax())
        path = self.taxonomy.path(self.zero_shot.leaves[best].id)
        confidence = round(float(probs[best]), 4)
        return Prediction(path if confidence >= self.options.threshold else UNMAPPED, confidence, "zero-shot", path,
                          lang)


def _inputs(path: str):
    """(where, instruction, image count, key) per input: lines of a text file, records of an SFT file."""
    if path.lower().endswith(".txt"):
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                yield f"{path}:{number}", line.strip(), None, None
        return
    from shards.reject import Reject
    from sources.records.sft import instruction, read_sft

    for item in read_sft(Path(path).read_bytes(), str(Path(path).resolve())):
        if isinstance(item, Reject):
            yield f"{path}:{item.locator}", None, item.reason, item.detail
        else:
            yield f"{path}:{item.meta['locator']}", instruction(item), len(item.images), item.key


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m taxonomy.classify", description=__doc__.split("\n\n")[0],
                                     epilog="Prints one JSON line per input: input, instruction, path, confidence, "
                                            "method (and best, the guess when unmapped).")
    parser.add_argument("files", nargs="+", help="a .txt file (one instruction per line) or SFT files "
                                                 "(.json LLaVA/ShareGPT, .jsonl, WebDataset .tar)")
    defaults = ClassifyOptions()
    parser.add_argument("--threshold", type=float, default=defaults.threshold,
                        help=f"confidence below which the path is 'unmapped' (default {defaults.threshold})")
    parser.add_argument("--fasttext-model", help="a model from python -m taxonomy.train, used where confident")
    parser.add_argument("--fasttext-threshold", type=float, default=defaults.fasttext_threshold,
                        help=f"probability from which the fastText model decides (default {defaults.fasttext_threshold})")
    parser.add_argument("--labels", help="reviewed labels (JSONL from python -m taxonomy.review import)")
    parser.add_argument("--taxonomy", help="a taxonomy tree file (default: the bundled taxonomy/tree.yaml)")
    parser.add_argument("--embedding-model", help="a local sentence-transformers folder (default: bundled MiniLM)")
    args = parser.parse_args(argv)
    classifier = Classifier(ClassifyOptions(threshold=args.threshold, fasttext_model=args.fasttext_model,
                                            fasttext_threshold=args.fasttext_threshold, labels=args.labels,
                                            taxonomy=args.taxonomy, embedding_model=args.embedding_model))
    for path in args.files:
        items = list(_inputs(path))
        good = [it for it in items if it[1] is not None]
        predictions = iter(classifier.predict([it[1] for it in good], [it[2] for it in good], [it[3] for it in good]))
        for where, text, count, key in items:
            if text is None:
                print(json.dumps({"input": where, "error": count, "detail": key}, ensure_ascii=False))
                continue
            record = {"input": where, "instruction": text, **next(predictions).to_meta()}
            print(json.dumps(record, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
