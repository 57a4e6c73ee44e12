"""Page image formats: what storing a rendered page as PNG, lossless WebP or JPEG costs to write
(the build), to store (the shards) and to decode (the trainer's loader, with OpenCV as it reads).

The pages are the `bench.pdf` corpus rendered by PyMuPDF to 1024 px on the longest side. PNG is
PyMuPDF's own encoder (``Pixmap.tobytes``), what a plain PyMuPDF loop writes; WebP is
`sources.common.images.encode_image` (Pillow's libwebp, lossless), what the build writes by default;
JPEG (quality 90, PyMuPDF) is for reference: lossy, so blurred text. One core.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from bench.common import bench_parser, report

MODULE = "bench.page_formats"


def rendered(paths: list[Path], side: int = 1024) -> list:
    import pymupdf

    pixmaps = []
    for path in paths:
        with pymupdf.open(path) as doc:
            for page in doc:
                scale = side / max(page.rect.width, page.rect.height)
                pixmaps.append(page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False))
    return pixmaps


def best_per_item(repeats: int, items: list, fn) -> tuple[float, list]:
    """The fastest pass's milliseconds per item, and that pass's outputs."""
    best, outputs = float("inf"), []
    for _ in range(repeats):
        t0 = time.perf_counter()
        outputs = [fn(item) for item in items]
        best = min(best, (time.perf_counter() - t0) / len(items) * 1e3)
    return best, outputs


def main(argv: list[str] | None = None) -> None:
    parser = bench_parser(MODULE, __doc__, repeats=3)
    parser.add_argument("--docs", type=int, default=10, help="documents in the generated corpus (default 10)")
    parser.add_argument("--pages", type=int, default=10, help="pages per document (default 10)")
    args = parser.parse_args(argv)

    import cv2
    import numpy as np
    from PIL import Image

    from bench.pdf import make_corpus
    from sources.common.images import encode_image

    cv2.setNumThreads(1)
    work = Path(tempfile.mkdtemp(prefix="vlbuild-bench-"))
    try:
        pixmaps = rendered(make_corpus(work / "corpus", args.docs, args.pages, table_share=0.2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    encoders = {
        "PNG (PyMuPDF `tobytes`)": lambda pix: pix.tobytes("png"),
        "WebP lossless (`encode_image`, the default)": lambda pix: encode_image(
            Image.frombytes("RGB", (pix.width, pix.height), pix.samples), "webp"),
        "JPEG q90 (PyMuPDF, lossy)": lambda pix: pix.tobytes("jpeg", jpg_quality=90),
    }
    reference = [np.frombuffer(p.samples, np.uint8) for p in pixmaps]
    lines = [f"{len(pixmaps)} pages ({args.docs} documents, a fifth of them two-column with tables), "
             f"{pixmaps[0].width}x{pixmaps[0].height} px.", "",
             "| format | encode ms/page | KiB/page | decode ms/page (OpenCV) | exact pixels |",
             "|---|---|---|---|---|"]
    rows = {}
    for name, encode in encoders.items():
        enc_ms, data = best_per_item(args.repeats, pixmaps, encode)
        dec_ms, pixels = best_per_item(args.repeats, data, lambda b: cv2.imdecode(np.frombuffer(b, np.uint8),
                                                                                  cv2.IMREAD_COLOR))
        exact = all(np.array_equal(cv2.cvtColor(p, cv2.COLOR_BGR2RGB).ravel(), r) for p, r in zip(pixels, reference))
        rows[name] = (enc_ms, sum(map(len, data)) / len(data) / 1024, dec_ms)
        lines.append(f"| {name} | {enc_ms:.2f} | {rows[name][1]:.1f} | {dec_ms:.2f} | {'yes' if exact else 'no'} |")
    png, webp = rows["PNG (PyMuPDF `tobytes`)"], rows["WebP lossless (`encode_image`, the default)"]
    lines += ["", f"WebP against PNG: encode **{png[0] / webp[0]:.2f}x** as fast, **{png[1] / webp[1]:.1f}x** "
              f"smaller, decode **{png[2] / webp[2]:.1f}x** as fast."]
    report("Page image formats: write, store, decode", MODULE, lines, not args.no_record)


if __name__ == "__main__":
    main()
