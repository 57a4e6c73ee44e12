"""Train the fastText taxonomy classifier from reviewed labels: ``python -m taxonomy.train``.

Once reviewers have labelled samples (`taxonomy.review import`), this learns from their
instructions (plus the taxonomy's own examples, so every leaf has some) and the classifier uses it
where it is confident. Text is tokenised as the quality stage does (words, single CJK characters),
so Chinese instructions train and predict the same way as English ones.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from quality.text import tokens
from taxonomy import labels as labels_file
from taxonomy import tree


def prepare(text: str) -> str:
    return " ".join(tokens(text))


def training_lines(labels: dict, taxonomy: tree.Taxonomy, with_examples: bool = True) -> list[str]:
    lines = []
    for label in labels.values():
        leaf = taxonomy.leaf_for(label.path)
        if leaf is not None and label.instruction.strip():
            lines.append(f"__label__{leaf.id} {prepare(label.instruction)}")
    if with_examples:
        for leaf in taxonomy.leaves():
            lines += [f"__label__{leaf.id} {prepare(t)}" for t in (leaf.description, *leaf.examples, *leaf.examples_zh)]
    return lines


def train(labels_path: str, output: str, taxonomy_path: str | None = None, epochs: int = 50,
          with_examples: bool = True) -> int:
    """Write a quantised fastText model to ``output``; returns the number of training lines."""
    import fasttext

    taxonomy = tree.load(taxonomy_path)
    lines = training_lines(labels_file.read(labels_path), taxonomy, with_examples)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write("\n".join(lines) + "\n")
    model = fasttext.train_supervised(f.name, epoch=epochs, lr=0.5, wordNgrams=2, minn=0, maxn=0, dim=50,
                                      verbose=0, seed=1, thread=1)
    Path(f.name).unlink()
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    model.save_model(output)
    return len(lines)


def load_model(path: str):
    from quality.quality_model import load

    return load(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m taxonomy.train", description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", required=True, help="reviewed labels (JSONL from python -m taxonomy.review import)")
    parser.add_argument("--output", required=True, help="where to write the model (.bin)")
    parser.add_argument("--taxonomy", help="a taxonomy tree file (default: the bundled taxonomy/tree.yaml)")
    parser.add_argument("--epochs", type=int, default=50, help="training epochs (default 50)")
    parser.add_argument("--no-examples", action="store_true", help="learn from the labels only, not the tree's examples")
    args = parser.parse_args(argv)
    count = train(args.labels, args.output, args.taxonomy, args.epochs, not args.no_examples)
    print(f"trained on {count} lines -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
