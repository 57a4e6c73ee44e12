"""Dedup memory: peak resident memory of the whole `Deduplicate` stage at N, 2N and 4N documents.

Each size runs in its own fresh process (peak RSS is per process) on Beam's local runner. The
documents are made inside the pipeline from their index (words drawn from Python's documentation,
one in ten a near copy of the one before), so the input list itself is not held by the launcher;
what grows is what the runner and the stage keep. The local runner buffers each stage's whole
output in memory, so linear growth is the expectation, and more than linear would be a flaw (a
quadratic pair list, an index held whole). A run with no documents gives the fixed cost (Python,
Beam, datasketch) that is subtracted before comparing.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

from bench.common import bench_parser, report

MODULE = "bench.dedup_memory"
WORDS = 200
CHUNK = 500  # documents made per input element


def _vocabulary() -> list[str]:
    from pydoc_data.topics import topics

    return sorted({w for text in topics.values() for w in text.split() if w.isalpha()})


def make_docs(start: int, count: int):
    """Samples ``start`` .. ``start + count``: random prose, every tenth a near copy of the previous."""
    from shards.sample import Sample

    vocab = _vocabulary()
    for i in range(start, start + count):
        base = i - 1 if i % 10 == 9 else i
        words = random.Random(base).choices(vocab, k=WORDS)
        if base != i:
            words[random.Random(i).randrange(WORDS)] = "changed"
        key = f"d{i:08d}"
        yield Sample(key, "text", text=" ".join(words), meta={"source": "bench", "uri": key})


def run_one(docs: int, dedup: bool = True) -> dict:
    """Run the stage (or, with ``dedup`` off, a plain shuffle of the same samples: what the runner
    alone keeps) over ``docs`` documents in this process; return its counts, time and peak RSS."""
    import apache_beam as beam
    from apache_beam.testing.test_pipeline import TestPipeline

    from pipelines.transforms.dedup import Deduplicate
    from quality.config import DedupOptions

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        with TestPipeline(runner="FnApiRunner") as p:
            starts = p | beam.Create([(s, min(CHUNK, docs - s)) for s in range(0, docs, CHUNK)])
            made = starts | beam.Reshuffle() | beam.FlatMapTuple(make_docs)
            if dedup:
                out = made | Deduplicate(DedupOptions())
            else:
                out = {"samples": made | "Shuffle" >> beam.Reshuffle(), "rejects": p | "None" >> beam.Create([])}
            for name in ("samples", "rejects"):
                _ = (out[name] | f"Count {name}" >> beam.combiners.Count.Globally()
                     | f"Write {name}" >> beam.io.WriteToText(os.path.join(tmp, name)))
        counts = {name: sum(int(line) for path in glob.glob(os.path.join(tmp, name + "*")) for line in open(path))
                  for name in ("samples", "rejects")}
    return {"docs": docs, **counts, "seconds": time.perf_counter() - t0,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(docs: int, dedup: bool = True) -> dict:
    """`run_one` in a fresh interpreter, so each size's peak is its own."""
    flags = ["--child", str(docs)] + ([] if dedup else ["--no-dedup"])
    out = subprocess.run([sys.executable, "-m", MODULE, *flags], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    parser = bench_parser(MODULE, __doc__, repeats=1)
    parser.add_argument("--docs", type=int, default=10000, help="N: the smallest size; 2N and 4N follow")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--no-dedup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(run_one(args.child, not args.no_dedup)))
        return
    base = measure(0)
    sizes = (args.docs, 2 * args.docs, 4 * args.docs)
    lines = [f"Fixed cost (no documents): {base['peak_mib']:.0f} MiB peak RSS. Runner alone: the same samples "
             "made and shuffled once, no dedup.", "",
             "| documents | kept | duplicate_of | seconds | peak RSS MiB | above fixed MiB | KiB per document "
             "| runner alone, KiB per document |", "|---|---|---|---|---|---|---|---|"]
    per_doc = []
    for n in sizes:
        row, plain = measure(n), measure(n, dedup=False)
        grown = row["peak_mib"] - base["peak_mib"]
        per_doc.append(grown * 1024 / n)
        lines.append(f"| {n} | {row['samples']} | {row['rejects']} | {row['seconds']:.0f} | {row['peak_mib']:.0f} | "
                     f"{grown:.0f} | {per_doc[-1]:.1f} | {(plain['peak_mib'] - base['peak_mib']) * 1024 / n:.1f} |")
    peaks = [p * n / 1024 for p, n in zip(per_doc, sizes)]
    marginal = [(peaks[i + 1] - peaks[i]) * 1024 / (sizes[i + 1] - sizes[i]) for i in range(2)]
    lines += ["", f"Memory each added document costs: N -> 2N {marginal[0]:.1f} KiB, 2N -> 4N {marginal[1]:.1f} KiB "
              f"(ratio **{marginal[1] / marginal[0]:.2f}**; a flat or falling figure is linear growth, a rising "
              "one would be more than linear)."]
    report("Dedup: memory against data size", MODULE, lines, not args.no_record)


if __name__ == "__main__":
    main()
