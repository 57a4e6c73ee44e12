"""Load: throughput and peak memory of whole builds over 1k, 10k and 50k small inputs.

Each input is a distinct one-page PDF built as an `interleaved` text part, so the work per
input is small and the figures show what the build itself costs per input: listing,
extraction, checkpoints, shuffles, shards, rejects, manifest. Each build runs in its own
process on Beam's in-process runner (one worker); peak memory is that process's maximum
resident size. Memory should not grow with the corpus beyond what grouping the samples
for shards needs.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import bench_parser, report

REPO = Path(__file__).resolve().parent.parent


def make_inputs(root: Path, count: int) -> None:
    import pymupdf

    root.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        doc = pymupdf.open()
        page = doc.new_page(width=300, height=200)
        page.insert_text((20, 40), f"Note {i}: the reading at station {i % 97} was {i * 7 % 1000} units.")
        (root / f"note{i:06d}.pdf").write_bytes(doc.tobytes())


def run_build(inputs: Path, output: Path) -> tuple[float, float]:
    """(seconds, peak resident MiB) of one build in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipelines.build", "--input", str(inputs), "--output", str(output),
                    "--kinds", "interleaved", "--no-report", "--progress", "off"],
                   cwd=REPO, check=True, capture_output=True)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far (KiB)
    return seconds, max(peak, before) / 1024


def main(argv: list[str] | None = None) -> None:
    parser = bench_parser("bench.load", __doc__, repeats=1)
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated corpus sizes, smallest first")
    args = parser.parse_args(argv)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        work = Path(tempfile.mkdtemp(prefix=f"vlbuild-load-{size}-"))
        try:
            make_inputs(work / "in", size)
            seconds, peak = run_build(work / "in", work / "out")
            rows.append(f"| {size} | {seconds:.1f} | {size / seconds:.0f} | {peak:.0f} |")
            print(rows[-1], flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    lines = ["| inputs | seconds | inputs/s | peak resident MiB (largest build so far) |", "|---|---|---|---|", *rows]
    report("Load: whole builds over many small inputs", "bench.load", lines, record=not args.no_record)


if __name__ == "__main__":
    main()
