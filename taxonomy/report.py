"""The SFT mix by category: ``python -m taxonomy.report [BUILD_DIR] [--targets mix.yaml]``.

Counts per main and secondary category (weighted by ``meta.mix_weight`` when the build weighted
the mix), their shares and the target shares, as a Markdown table and a bar chart of the main
categories (``OUT/sft_distribution.md`` and ``.png``). The build writes both when it wrote SFT
samples; the review workbook's Summary sheet holds the same rows.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

from taxonomy.tree import UNMAPPED

HEADER = ["category", "level", "count", "share", "target share"]


def distribution(paths: list[str], targets=None, weights: list[float] | None = None) -> list[list]:
    """Rows of (category, level, count, share, target share) per main and secondary category."""
    weights = weights or [1.0] * len(paths)
    counts: collections.Counter = collections.Counter()
    for path, weight in zip(paths, weights):
        parts = path.split("/")
        for depth in range(1, min(2, len(parts)) + 1):
            counts["/".join(parts[:depth])] += weight
    total = max(1e-9, float(sum(weights)))
    rows = []
    for category in sorted(counts, key=lambda c: (c.split("/")[0], c.count("/"), c)):
        level = 1 + category.count("/")
        target = targets.share(category) if targets is not None and targets.level == level else None
        rows.append([category, level, round(counts[category], 3), round(counts[category] / total, 4), target])
    return rows


def build_distribution(build_dir: str, targets=None, metas: list[dict] | None = None) -> list[list]:
    """The distribution of a build's SFT samples (``metas``: their meta, when already read)."""
    from shards.reader import read_samples

    if metas is None:
        metas = [s.meta for s in read_samples(build_dir, kinds=["sft"])]
    weighted = any("mix_weight" in m for m in metas)
    return distribution([m.get("taxonomy", {}).get("path", UNMAPPED) for m in metas], targets,
                        [float(m.get("mix_weight", 1.0)) for m in metas] if weighted else None)


def markdown(rows: list[list]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|---|---|---|---|---|"]
    for category, level, count, share, target in rows:
        name = ("&nbsp;&nbsp;" if level > 1 else "") + category
        lines.append(f"| {name} | {level} | {count:g} | {share:.1%} | {'' if target is None else f'{target:.1%}'} |")
    return "\n".join(lines) + "\n"


def bar_chart(rows: list[list], path: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    mains = [r for r in rows if r[1] == 1]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(mains) + 1.2), dpi=100)
    y = range(len(mains))
    ax.barh([i + 0.2 for i in y], [r[3] for r in mains], height=0.4, label="share")
    if any(r[4] is not None for r in mains):
        ax.barh([i - 0.2 for i in y], [r[4] or 0 for r in mains], height=0.4, label="target share")
    ax.set_yticks(list(y), [r[0] for r in mains])
    ax.invert_yaxis()
    ax.set_xlabel("share of SFT samples")
    ax.legend(loc="best")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write(build_dir: str, targets=None) -> tuple[str, str] | None:
    """Write ``sft_distribution.md`` and ``.png`` into a local build folder; None when it has no SFT."""
    rows = build_distribution(build_dir, targets)
    if not rows:
        return None
    md, png = str(Path(build_dir) / "sft_distribution.md"), str(Path(build_dir) / "sft_distribution.png")
    Path(md).write_text("# SFT samples by taxonomy category\n\n" + markdown(rows) + "\n![bar chart](sft_distribution.png)\n",
                        encoding="utf-8")
    bar_chart(rows, png)
    return md, png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m taxonomy.report", description=__doc__.split("\n\n")[0])
    parser.add_argument("build_dir", nargs="?", default="out", help="a build's output folder (default: out)")
    parser.add_argument("--targets", help="target shares (YAML, taxonomy/mix.py) to compare with")
    args = parser.parse_args(argv)
    from taxonomy.mix import MixTargets

    targets = MixTargets.from_yaml(args.targets) if args.targets else None
    written = write(args.build_dir, targets)
    if written is None:
        print(f"{args.build_dir} has no SFT samples")
        return 1
    print(Path(written[0]).read_text(encoding="utf-8"))
    print(f"chart: {written[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
