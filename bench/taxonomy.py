"""Taxonomy mapping accuracy: zero-shot predictions against a labelled set the project wrote.

``bench/data/taxonomy_labelled.tsv`` holds instructions (English and Chinese) with the leaf a
person would file them under, written apart from the examples in ``taxonomy/tree.yaml``. Reports
main-category, secondary-category and leaf accuracy of the best guess (no labels, no fastText
model), and how many fall under the `unmapped` threshold and how accurate the rest are.
"""

from __future__ import annotations

import collections
from pathlib import Path

from bench.common import bench_parser, report

MODULE = "bench.taxonomy"
LABELLED = Path(__file__).resolve().parent / "data" / "taxonomy_labelled.tsv"


def labelled() -> list[tuple[str, str]]:
    """(leaf id, instruction) pairs."""
    rows = [line.split("\t", 1) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(leaf, text) for leaf, text in rows]


def main(argv=None) -> None:
    from taxonomy.classify import Classifier, ClassifyOptions
    from taxonomy.tree import UNMAPPED

    parser = bench_parser(MODULE, __doc__, repeats=1)
    args = parser.parse_args(argv)
    classifier = Classifier(ClassifyOptions())
    tax = classifier.taxonomy
    rows = labelled()
    predictions = classifier.predict([text for _, text in rows])
    hits = collections.defaultdict(lambda: [0, 0, 0, 0])  # group -> [n, main, secondary, leaf]
    per_main = collections.defaultdict(lambda: [0, 0])
    mapped = [0, 0]
    for (leaf, _), pred in zip(rows, predictions):
        truth, guess = tax.path(leaf).split("/"), pred.best.split("/")
        for group in ("all", pred.lang):
            h = hits[group]
            h[0] += 1
            h[1] += guess[0] == truth[0]
            h[2] += guess[:2] == truth[:2]
            h[3] += guess == truth
        per_main[truth[0]][0] += 1
        per_main[truth[0]][1] += guess[0] == truth[0]
        if pred.path != UNMAPPED:
            mapped[0] += 1
            mapped[1] += guess[0] == truth[0]
    lines = ["| instructions | count | main category | secondary category | leaf |", "|---|---|---|---|---|"]
    for group, name in (("all", "all"), ("en", "English"), ("zh", "Chinese")):
        n, main, second, leaf = hits[group]
        lines.append(f"| {name} | {n} | {main / n:.3f} | {second / n:.3f} | {leaf / n:.3f} |")
    lines += ["", "Targets (zero-shot): main >= 0.85, secondary >= 0.70.", "",
              "| main category | count | main accuracy |", "|---|---|---|"]
    lines += [f"| {m} | {n} | {ok / n:.2f} |" for m, (n, ok) in per_main.items()]
    lines += ["", f"Above the unmapped threshold ({classifier.options.threshold}): {mapped[0]} of {len(rows)} "
              f"({mapped[0] / len(rows):.0%}), main accuracy among them {mapped[1] / max(1, mapped[0]):.3f}; "
              f"the rest go to review as `unmapped`."]
    report("Taxonomy: zero-shot mapping accuracy", MODULE, lines, not args.no_record)


if __name__ == "__main__":
    main()
