"""Web page speed: the build's pages/s against a plain Playwright loop screenshotting the same pages, in one run.

Both sides render the same generated pages (text, CSS and an image each) from one
local HTTP server with the same system Chromium. The raw loop launches one browser,
then for each page opens a context, loads the page and takes a full-page screenshot.
The pipeline is the whole build of a URL list on the in-process runner with one
worker: polite fetching (robots.txt, guard, caps), rendering with every request
answered by the fetcher, layout extraction, tiles, simplified HTML, main-content
interleaving, shards and the manifest (the quality stage off, as in the other source benches).
Target: the pipeline at >= 0.8x the raw loop.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import json
import shutil
import tempfile
import threading
from pathlib import Path

from bench.common import bench_parser, best_of, report


def make_site(root: Path, count: int) -> list[str]:
    """``count`` pages of a few paragraphs, a stylesheet and an image; returns their paths."""
    from samples.make_samples import chart_png

    root.mkdir(parents=True, exist_ok=True)
    (root / "site.css").write_text("body{font-family:sans-serif;max-width:720px;margin:20px auto} h1{color:#234}")
    (root / "chart.png").write_bytes(chart_png())
    paths = []
    for i in range(count):
        paragraphs = "".join(f"<p>Page {i}, paragraph {j}: solar output depends on the angle, the weather and "
                             f"the season, and every installation is measured each quarter.</p>" for j in range(6))
        (root / f"page{i:04d}.html").write_text(
            f"<!doctype html><html><head><meta charset='utf-8'><title>Page {i}</title>"
            f"<link rel='stylesheet' href='site.css'></head><body><article><h1>Report {i}</h1>{paragraphs}"
            f"<img src='chart.png' alt='Chart {i}' width='480' height='300'>{paragraphs}</article></body></html>")
        paths.append(f"/page{i:04d}.html")
    return paths


@contextlib.contextmanager
def serve(root: Path):
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def raw_loop(urls: list[str]) -> None:
    """Playwright alone: one browser, a context per page, load, full-page screenshot."""
    from playwright.sync_api import sync_playwright

    from sources.web.browser import find_chromium

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium())
        for url in urls:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(url, wait_until="load")
            page.screenshot(full_page=True)
            context.close()
        browser.close()


def pipeline(base: str, urls: list[str], work: Path) -> None:
    from pipelines.build import main

    (work / "urls.txt").write_text("\n".join(urls) + "\n")
    port = base.rsplit(":", 1)[1]
    config = {"sources": [{"paths": [str(work / "urls.txt")], "source": "web_urls",
                           "options": {"allow_private": [f"127.0.0.1:{port}"], "host_interval_s": 0}}]}
    (work / "build.yaml").write_text(json.dumps(config))
    shutil.rmtree(work / "out", ignore_errors=True)
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["--config", str(work / "build.yaml"), "--output", str(work / "out"), "--progress", "off",
                     "--quality", "off"])  # as `bench.common.run_build`: the source's work, not the filters
    assert code == 0
    manifest = json.loads((work / "out" / "manifest.json").read_text())
    assert manifest["totals"]["samples"]["web_code"] == len(urls), manifest["totals"]


def main(argv: list[str] | None = None) -> None:
    parser = bench_parser("bench.web", __doc__, repeats=2)
    parser.add_argument("--pages", type=int, default=60, help="pages in the generated site")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="vlbuild-bench-web-"))
    try:
        paths = make_site(work / "site", args.pages)
        with serve(work / "site") as base:
            urls = [base + p for p in paths]
            raw_loop(urls[:3])  # warm the disk cache and the fonts for both sides
            raw_s = best_of(args.repeats, lambda: raw_loop(urls))
            pipe_s = best_of(args.repeats, lambda: pipeline(base, urls, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n = len(paths)
    lines = [f"| what | pages | seconds (best of {args.repeats}) | pages/s |", "|---|---|---|---|",
             f"| plain Playwright loop (one browser, a context per page, load, full-page PNG) | {n} | {raw_s:.2f} | "
             f"{n / raw_s:.2f} |",
             f"| `python -m pipelines.build` on a URL list (FnApiRunner, 1 worker, robots + guard + fetcher, "
             f"web_code + doc_ocr + interleaved, shards) | {n} | {pipe_s:.2f} | {n / pipe_s:.2f} |", "",
             f"Ratio pipeline / raw: **{raw_s / pipe_s:.2f}x** (target >= 0.8x). Both sides include starting "
             "Chromium once; the build also includes Beam's start and the manifest."]
    report("Web pages: pipeline vs plain Playwright", "bench.web", lines, record=not args.no_record)


if __name__ == "__main__":
    main()
