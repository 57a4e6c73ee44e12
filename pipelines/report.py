"""``OUT/report.html``: one self-contained page to judge a build by (``python -m pipelines.report OUT``).

Totals and the ledger, samples per kind, rejects per reason with examples, histograms
(image sizes, text lengths, OCR confidence, scripts, chart types), a grid of example
samples per kind with the image beside its target, and the build's settings. Images
and charts are embedded as data URIs, so the file opens anywhere with no network.
Histograms and examples come from up to ``per_kind`` samples of each kind, read back
from the shards (`shards.tar.read_shards`: the samples webdataset gives the trainer, read without
importing it and torch), so the page shows what the trainer will see.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import json
from collections import Counter, defaultdict
from typing import Any

import numpy as np
from apache_beam.io.filesystems import FileSystems

from shards import Reject, read_manifest
from shards.manifest import join, shard_paths
from shards.tar import read_shards

EXAMPLES_PER_KIND = 4
EXAMPLES_PER_REASON = 3


def write_report(output: str, per_kind: int = 500) -> str:
    """Write ``report.html`` into the build output and return its path."""
    manifest = read_manifest(output)
    samples = _sample_kinds(manifest, per_kind)
    page = render(manifest, samples, _reject_examples(manifest))
    path = join(output, "report.html")
    with FileSystems.create(path) as f:
        f.write(page.encode("utf-8"))
    return path


def _sample_kinds(manifest: dict, per_kind: int) -> dict[str, list]:
    by_kind: dict[str, list] = defaultdict(list)
    for kind in manifest["totals"]["samples"]:
        for sample in read_shards(shard_paths(manifest, [kind])):
            by_kind[kind].append(sample)
            if len(by_kind[kind]) >= per_kind:
                break
    return by_kind


def _reject_examples(manifest: dict) -> dict[str, list[Reject]]:
    examples: dict[str, list[Reject]] = defaultdict(list)
    for name in manifest.get("rejects", []):
        with FileSystems.open(join(manifest["_root"], name)) as f:
            for line in f.read().decode("utf-8").splitlines():
                if line.strip():
                    reject = Reject.from_json(line)
                    if len(examples[reject.category]) < EXAMPLES_PER_REASON:
                        examples[reject.category].append(reject)
    return examples


def render(manifest: dict, samples: dict[str, list], rejects: dict[str, list[Reject]]) -> str:
    totals = manifest["totals"]
    sections = [
        f"<h1>vlbuild build report</h1><p>{_e(manifest['_root'])} &middot; {_e(manifest['created'])} &middot; "
        f"{_e(manifest['runner'])} &middot; {totals['shards']} shards, {sum(totals['samples'].values())} samples, "
        f"{sum(totals['rejects'].values())} rejects</p>",
        "<h2>Samples per kind</h2>" + _table(["kind", "samples", "shards"], [
            [k, n, sum(1 for s in manifest["shards"] if s["kind"] == k)] for k, n in totals["samples"].items()]),
        "<h2>Ledger per source</h2>" + _table(
            ["source", "inputs", "rejected whole", "items", "written", "items rejected", "balanced"],
            [[s, r["inputs"], r["inputs_rejected"], r["items"], r["written"], r["items_rejected"],
              "yes" if r["balanced"] else "NO"] for s, r in manifest["ledger"].items()]),
        "<h2>Rejects per reason</h2>" + _table(["reason", "count", "examples"], [
            [reason, n, "<br>".join(f"{_e(r.uri)} {_e(r.locator or '')}: {_e(r.detail[:160])}"
                                    for r in rejects.get(reason, []))]
            for reason, n in totals["rejects"].items()], raw_last=True),
        "<h2>Distributions</h2><div class='charts'>" + "".join(_charts(samples)) + "</div>",
        "<h2>Examples</h2>" + "".join(_examples(kind, items) for kind, items in samples.items()),
        "<h2>Settings</h2><pre>" + _e(json.dumps({"config": manifest["config"], "versions": manifest["versions"],
                                                   "metrics": manifest.get("metrics", {})}, indent=2)) + "</pre>",
    ]
    style = ("body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:.5em 0}"
             "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top;font-size:13px}"
             ".charts img{width:380px;margin:4px}.grid{display:flex;flex-wrap:wrap;gap:12px}"
             ".card{width:270px;border:1px solid #ddd;padding:6px;font-size:12px}.card img{max-width:256px}"
             ".card pre{white-space:pre-wrap;max-height:160px;overflow:hidden}")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>vlbuild report</title>"
            f"<style>{style}</style></head><body>{''.join(sections)}</body></html>")


def _charts(samples: dict[str, list]) -> list[str]:
    """Histograms and bar charts over the sampled records, as embedded SVGs (`_plot`)."""
    widths, heights, lengths, confidences = [], [], [], []
    scripts, charts = Counter(), Counter()
    for items in samples.values():
        for s in items:
            size = s.meta.get("image_size")
            if size:
                widths.append(size[0])
                heights.append(size[1])
            lengths.append(len(s.text or " ".join(seg.get("text", "") for seg in s.segments or [])))
            if "ocr_confidence" in s.meta:
                confidences.append(s.meta["ocr_confidence"])
            if s.meta.get("script"):
                scripts[s.meta["script"]] += 1
            if s.meta.get("chart"):
                charts[s.meta["chart"]] += 1
    figures = [("Image width (px)", widths, "hist"), ("Image height (px)", heights, "hist"),
               ("Text length (characters)", lengths, "hist"), ("OCR confidence", confidences, "hist"),
               ("Scripts", scripts, "bar"), ("Chart types", charts, "bar")]
    return [f"<img alt='{_e(title)}' src='{_plot(title, data, how)}'>" for title, data, how in figures if data]


def _plot(title: str, data, how: str) -> str:
    """A histogram (20 bins, as ``numpy.histogram`` cuts them) or a bar chart of the 12 commonest values, as
    an SVG data URI. Drawn by hand: matplotlib cost 0.45 s of CPU a build (its import and three figures),
    a tenth of a small document build's fixed cost (issue #18)."""
    width, height, left, right, top, bottom = 384, 240, 44, 356, 28, 188
    if how == "hist":
        counts, edges = np.histogram(np.asarray(data, dtype=float), bins=20)
        labels = [_number(edges[0]), _number((edges[0] + edges[-1]) / 2), _number(edges[-1])]
    else:
        names, counts = zip(*data.most_common(12))
        labels = list(names)
    counts = [int(c) for c in counts]
    most, slot = max(max(counts), 1), (right - left) / len(counts)
    gap = 0.0 if how == "hist" else 0.1 * slot  # histogram bins touch; bars stand apart
    bars = []
    for i, count in enumerate(counts):
        tall = count / most * (bottom - top)
        what = f"{edges[i]:g} to {edges[i + 1]:g}" if how == "hist" else str(labels[i])
        bars.append(f"<rect x='{left + i * slot + gap:.1f}' y='{bottom - tall:.1f}' width='{slot - 2 * gap:.1f}' "
                    f"height='{tall:.1f}' fill='#4a7ebb'><title>{_e(what)}: {count}</title></rect>")
    if how == "hist":  # the range's ends and middle under the axis
        ticks = "".join(f"<text x='{x}' y='{bottom + 14}' text-anchor='middle'>{_e(label)}</text>"
                        for x, label in zip((left, (left + right) / 2, right), labels))
    else:  # each bar's name, turned as matplotlib's labelrotation=30 turned it
        ticks = "".join(
            f"<text transform='translate({left + (i + 0.5) * slot:.1f},{bottom + 10}) rotate(-30)' "
            f"text-anchor='end'>{_e(str(name)[:18])}</text>" for i, name in enumerate(labels))
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' viewBox='0 0 {width} {height}' "
           f"font-family='sans-serif' font-size='10'><rect width='100%' height='100%' fill='white'/>"
           f"<text x='{width / 2}' y='18' text-anchor='middle' font-size='12'>{_e(title)}</text>{''.join(bars)}"
           f"<path d='M{left},{top} V{bottom} H{right}' stroke='black' fill='none'/>"
           f"<text x='{left - 4}' y='{top + 4}' text-anchor='end'>{most}</text>"
           f"<text x='{left - 4}' y='{bottom}' text-anchor='end'>0</text>{ticks}</svg>")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode()


def _number(value: float) -> str:
    return f"{value:.5g}" if abs(value) < 1e5 else f"{value:.0f}"


def _examples(kind: str, items: list) -> str:
    cards = []
    for sample in items[:EXAMPLES_PER_KIND]:
        image = f"<img src='{_thumbnail(sample.images[0])}'>" if sample.images else ""
        cards.append(f"<div class='card'>{image}<pre>{_e(_target(sample)[:600])}</pre>"
                     f"<div>{_e(sample.meta.get('uri', ''))} {_e(str(sample.meta.get('locator', '')))}</div></div>")
    return f"<h3>{_e(kind)}</h3><div class='grid'>{''.join(cards)}</div>"


def _target(sample) -> str:
    if sample.text:
        return sample.text
    if sample.segments:
        return "\n".join(seg.get("text") or f"[image {seg['image']}] {seg.get('caption', '')}" for seg in sample.segments)
    if sample.conversation:
        return "\n".join(f"{turn['role']}: {turn['content']}" for turn in sample.conversation)
    return ""


def _thumbnail(data: bytes, side: int = 256) -> str:
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    image.thumbnail((side, side))
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode()


def _table(header: list[str], rows: list[list[Any]], raw_last: bool = False) -> str:
    def cell(value, raw=False):
        return f"<td>{value if raw else _e(str(value))}</td>"

    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(cell(v, raw_last and i == len(row) - 1) for i, v in enumerate(row)) + "</tr>"
                   for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipelines.report", description=__doc__.split("\n\n")[0])
    parser.add_argument("output", nargs="?", default="out", help="a build's output folder (default: out)")
    parser.add_argument("--per-kind", type=int, default=500, help="samples per kind read for charts and examples")
    args = parser.parse_args(argv)
    print(write_report(args.output, args.per_kind))


if __name__ == "__main__":
    main()
