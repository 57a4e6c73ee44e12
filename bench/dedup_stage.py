"""Dedup stage time: the real `Deduplicate` transform alone on N caption samples whose image hashes
are already in their meta (the generated pictures of bench.dedup_scale, one in ten an edited copy),
on Beam's in-process runner, each size in a fresh process (peak RSS is per process). Run
``python -m bench.dedup_scale --what images`` first: it makes and caches the hashes."""

from __future__ import annotations

import glob
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

from bench.common import bench_parser, report

MODULE = "bench.dedup_stage"


def run_one(n: int, real: int) -> dict:
    import apache_beam as beam
    import numpy as np
    from apache_beam.testing.test_pipeline import TestPipeline

    from bench.dedup_scale import CACHE
    from pipelines.transforms.dedup import Deduplicate
    from quality.config import DedupOptions
    from shards.sample import Sample

    views = np.load(CACHE / f"images_{real}.npz")["views"][:n]
    samples = [Sample(f"s{i:07d}", "caption", images=[b"-"], text=f"caption {i}",
                      meta={"source": "bench", "uri": f"u{i}", "_image_hashes": [
                          {"pixels": f"{i:032x}", "phash": [f"{int(v):016x}" for v in views[i]], "area": 65536}]})
               for i in range(n)]
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        with TestPipeline(runner="FnApiRunner") as p:
            out = p | beam.Create(samples) | Deduplicate(DedupOptions())
            _ = out["rejects"] | beam.combiners.Count.Globally() | beam.io.WriteToText(os.path.join(tmp, "r"))
        rejects = 0
        for path in glob.glob(os.path.join(tmp, "r*")):
            with open(path, encoding="utf-8") as f:
                rejects += sum(int(line) for line in f)
    return {"n": n, "rejects": rejects, "seconds": time.perf_counter() - t0,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main(argv=None) -> None:
    parser = bench_parser(MODULE, __doc__, repeats=1)
    parser.add_argument("--sizes", default="5000,10000", help="samples per run, comma-separated")
    parser.add_argument("--real", type=int, default=100_000, help="the cached image set to draw from")
    parser.add_argument("--one", type=int, help="internal: run one size in this process, print JSON")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.real)))
        return
    lines = ["| samples | duplicates rejected | seconds | ms / sample | peak RSS MiB |", "|---|---|---|---|---|"]
    for n in map(int, args.sizes.split(",")):
        out = subprocess.run([sys.executable, "-m", MODULE, "--one", str(n), "--real", str(args.real)],
                             capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        r = json.loads(out)
        lines.append(f"| {n:,} | {r['rejects']:,} | {r['seconds']:.1f} | {1000 * r['seconds'] / n:.2f} | "
                     f"{r['peak_mib']:.0f} |")
        print(lines[-1], flush=True)
    report("Dedup: the Deduplicate stage alone on image samples", MODULE, lines, not args.no_record)


if __name__ == "__main__":
    main()
