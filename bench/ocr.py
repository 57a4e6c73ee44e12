"""OCR stage speed: the build's images/s against a plain RapidOCR loop on the same images, in one run.

Both sides run PP-OCR with one ONNX Runtime thread and include creating the engine:
the raw loop decodes each image and calls ``RapidOCR`` directly; the pipeline is the
whole build (Beam start-up, image checks, OCR, shards, manifest) on the in-process
runner with one worker. The character error rate of the pipeline's transcripts
against the known text of each image is reported beside the speed.
Target: the pipeline at >= 0.9x the raw loop's images/s.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bench.common import bench_parser, best_of, report, run_build
from samples.text_images import FONTS, encode, scene_photo

_WORDS = ["North", "Station", "Market", "Open", "Closed", "Hotel", "Exit", "Pharmacy", "Bakery", "Museum",
          "Platform", "Parking", "Library", "Garden", "Bridge", "Tickets"]


def make_images(root: Path, count: int) -> dict[str, str]:
    """``count`` photo-like JPEGs with signs; returns file name -> the text on the sign."""
    root.mkdir(parents=True, exist_ok=True)
    truth = {}
    for i in range(count):
        lines = [f"{_WORDS[i % 16]} {_WORDS[(i * 7 + 3) % 16]}", f"No. {100 + i * 37} - {i % 24:02d}:30"]
        photo, _ = scene_photo(lines, seed=1000 + i, font=FONTS[i % len(FONTS)])
        name = f"scene{i:04d}.jpg"
        (root / name).write_bytes(encode(photo, "JPEG"))
        truth[name] = "\n".join(lines)
    return truth


def raw_loop(paths: list[Path]) -> None:
    """What a person would write with RapidOCR alone."""
    import numpy as np
    from PIL import Image
    from rapidocr import RapidOCR

    engine = RapidOCR(params={"Global.log_level": "error", "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                              "EngineConfig.onnxruntime.inter_op_num_threads": 1})
    for path in paths:
        engine(np.asarray(Image.open(path).convert("RGB")))


def pipeline(images: Path, output: Path) -> None:
    from sources.common import ocr

    ocr.release_engines()  # each run loads its engine, as the raw loop does
    run_build(images, output, "--ocr_threads", "1")


def mean_cer(output: Path, truth: dict[str, str]) -> tuple[float, int]:
    from shards import read_samples
    from sources.common.ocr import character_error_rate

    read = {Path(s.meta["uri"]).name: s.text for s in read_samples(str(output))}
    rates = [character_error_rate(text, read.get(name, "")) for name, text in truth.items()]
    return sum(rates) / len(rates), len(read)


def main(argv: list[str] | None = None) -> None:
    parser = bench_parser("bench.ocr", __doc__, repeats=2)
    parser.add_argument("--images", type=int, default=48, help="images in the generated set")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="vlbuild-bench-ocr-"))
    try:
        truth = make_images(work / "images", args.images)
        paths = sorted((work / "images").iterdir())
        raw_s = best_of(args.repeats, lambda: raw_loop(paths))
        pipe_s = best_of(args.repeats, lambda: pipeline(work / "images", work / "out"))
        cer, written = mean_cer(work / "out", truth)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n = len(truth)
    lines = [f"| what | images | seconds (best of {args.repeats}) | images/s |", "|---|---|---|---|",
             f"| plain RapidOCR loop (PP-OCRv6 small, 1 thread, engine load included) | {n} | {raw_s:.2f} | "
             f"{n / raw_s:.2f} |",
             f"| `python -m pipelines.build --ocr_threads 1` (FnApiRunner, 1 worker, whole build) | {n} | "
             f"{pipe_s:.2f} | {n / pipe_s:.2f} |", "",
             f"Ratio pipeline / raw: **{raw_s / pipe_s:.2f}x** (target >= 0.9x). Samples written: {written}/{n}; "
             f"mean character error rate against the rendered text: **{cer:.3f}** (spaces ignored)."]
    report("OCR stage: pipeline vs plain RapidOCR", "bench.ocr", lines, record=not args.no_record)


if __name__ == "__main__":
    main()
