"""Chart stage speed: the build's charts/s against a plain matplotlib loop drawing the same figures, in one run.

The raw loop has matplotlib draw exactly the same figures (the same pyplot code, made
before timing starts) and save each as PNG, closing every figure. The pipeline is the
whole build on the in-process runner with one worker: reading the tables, choosing
charts, writing and running their code, computing tables, summaries and QA, writing
shards and the manifest. Memory of the pipeline's drawing path is measured over
repeated rounds. Target: the pipeline at >= 0.8x the raw loop's charts/s.
"""

from __future__ import annotations

import io
import random
import shutil
import tempfile
import tracemalloc
from pathlib import Path

from bench.common import bench_parser, best_of, report, run_build


def make_tables(root: Path, count: int) -> list[Path]:
    """``count`` CSV tables of varied shape: categories with several measures, and a yearly series."""
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        rng = random.Random(i)
        rows = rng.randrange(5, 11)
        lines = ["Item,Sales,Returns,Stock"]
        lines += [f"item{i}_{r},{rng.randrange(50, 500)},{rng.randrange(0, 40)},{rng.randrange(10, 300)}"
                  for r in range(rows)]
        path = root / f"table{i:04d}.csv"
        path.write_text("\n".join(lines) + "\n")
        paths.append(path)
    return paths


def specs_of(paths: list[Path], charts_per_table: int):
    """The specs the build will draw, so the raw loop draws the very same charts."""
    import hashlib

    from sources.charts.specs import ChartOptions, choose_charts
    from sources.common.tables import read_tables

    specs = []
    for path in paths:
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        for table in read_tables(data, str(path)):
            rng = random.Random(f"0:{digest}:{table.name}")
            specs += choose_charts(table, rng, ChartOptions(charts_per_table=charts_per_table))
    return specs


def drawn_codes(specs) -> list[str]:
    """The code of each chart the build writes: the first layout that reads in its image (`render_legibly`);
    a chart no layout draws legibly is a reject, drawn by neither side."""
    from sources.charts.legible import IllegibleText
    from sources.charts.read import render_legibly

    codes = []
    for spec in specs:
        try:
            codes.append(render_legibly(spec)[1].replace("plt.show()", ""))
        except IllegibleText:
            continue
    return codes


def raw_loop(codes: list[str]) -> None:
    """matplotlib alone drawing the same figures: run each chart's code, save a PNG, close."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    for code in codes:
        with matplotlib.rc_context():
            namespace: dict = {}
            exec(code, namespace)
            namespace["fig"].savefig(io.BytesIO(), format="png")
            plt.close(namespace["fig"])


def drawing_memory(codes: list[str], rounds: int = 3) -> list[float]:
    """Python heap (MiB) held after each round of drawing every chart the pipeline's way."""
    import gc

    from sources.charts.code import render_code

    held = []
    tracemalloc.start()
    for _ in range(rounds):
        for code in codes:
            render_code(code)
        gc.collect()
        held.append(tracemalloc.get_traced_memory()[0] / 2**20)
    tracemalloc.stop()
    return held


def pipeline(tables: Path, output: Path, charts_per_table: int) -> None:
    run_build(tables, output, "--source_option", "table_image=false",
              "--source_option", f"charts_per_table={charts_per_table}")


def main(argv: list[str] | None = None) -> None:
    parser = bench_parser("bench.charts", __doc__, repeats=2)
    parser.add_argument("--tables", type=int, default=80, help="tables in the generated set")
    parser.add_argument("--charts-per-table", type=int, default=3)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="vlbuild-bench-charts-"))
    try:
        paths = make_tables(work / "tables", args.tables)
        codes = drawn_codes(specs_of(paths, args.charts_per_table))
        raw_loop(codes[:3])  # warm fonts and caches for both sides
        raw_s = best_of(args.repeats, lambda: raw_loop(codes))
        pipe_s = best_of(args.repeats, lambda: pipeline(work / "tables", work / "out", args.charts_per_table))
        held = drawing_memory(codes)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n = len(codes)
    lines = [f"| what | charts | seconds (best of {args.repeats}) | charts/s |", "|---|---|---|---|",
             f"| plain matplotlib loop (the same figures, PNG, figures closed) | {n} | {raw_s:.2f} | "
             f"{n / raw_s:.1f} |",
             f"| `python -m pipelines.build` on the tables (FnApiRunner, 1 worker, whole build with targets) | {n} | "
             f"{pipe_s:.2f} | {n / pipe_s:.1f} |", "",
             f"Ratio pipeline / raw: **{raw_s / pipe_s:.2f}x** (target >= 0.8x). Python heap held after each "
             f"of 3 rounds of drawing all {n} charts the pipeline's way: "
             + ", ".join(f"{m:.2f}" for m in held) + " MiB."]
    report("Chart stage: pipeline vs plain matplotlib", "bench.charts", lines, record=not args.no_record)


if __name__ == "__main__":
    main()
