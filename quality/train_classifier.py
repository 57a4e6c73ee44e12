"""``python -m quality.train_classifier``: train the fastText quality classifier the build can score with.

Positive examples are texts like the ones to keep (e.g. textbook or reference pages), negative
ones texts to drop (spam, boilerplate); each file is plain text with one example per line, or
JSONL with a ``text`` field. The model is then given to the build with ``--quality_model PATH``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys

from quality import quality_model


def read_examples(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    if path.endswith(".jsonl"):
        return [json.loads(line)["text"] for line in lines]
    return [line.strip() for line in lines]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quality.train_classifier", description=__doc__.split("\n\n")[0])
    parser.add_argument("--positive", action="append", required=True, metavar="FILE",
                        help="texts to keep: one per line, or JSONL with 'text' (repeat for more files)")
    parser.add_argument("--negative", action="append", required=True, metavar="FILE",
                        help="texts to drop, in the same formats (repeat for more files)")
    parser.add_argument("--output", required=True, help="where to write the model (.bin)")
    parser.add_argument("--epoch", type=int, default=25, help="training passes (default: 25)")
    parser.add_argument("--holdout", type=float, default=0.1,
                        help="share of examples kept apart to report accuracy (default: 0.1)")
    args = parser.parse_args(argv)
    positives = [t for p in args.positive for t in read_examples(p)]
    negatives = [t for p in args.negative for t in read_examples(p)]
    rng = random.Random(0)
    rng.shuffle(positives)
    rng.shuffle(negatives)
    cut_p, cut_n = int(len(positives) * args.holdout), int(len(negatives) * args.holdout)
    quality_model.train(positives[cut_p:], negatives[cut_n:], args.output, epoch=args.epoch)
    print(f"trained on {len(positives) - cut_p} positive and {len(negatives) - cut_n} negative examples: {args.output}")
    held = [(t, True) for t in positives[:cut_p]] + [(t, False) for t in negatives[:cut_n]]
    if held:
        model = quality_model.load(args.output)
        right = sum((quality_model.score(model, t) >= 0.5) == good for t, good in held)
        print(f"held-out accuracy: {right}/{len(held)} = {right / len(held):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
