"""The build report: one self-contained HTML page, checked as data and as rendered by headless Chromium."""

import base64
import html
import io
import re
import shutil
import subprocess
from xml.etree import ElementTree

import pytest
from PIL import Image

from pipelines.build import main as build_main

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "out"
    assert build_main(["--output", str(out), "--progress", "off"]) == 0
    return out / "report.html"


def test_report_is_self_contained_with_every_section(report):
    page = report.read_text()
    for heading in ["Samples per kind", "Ledger per source", "Rejects per reason", "Distributions", "Examples",
                    "Settings"]:
        assert f"<h2>{heading}</h2>" in page
    assert not re.search(r"(src|href)=['\"](https?:)?//", page)  # nothing fetched from anywhere
    images = re.findall(r"src='data:image/(png|jpeg);base64,([^']+)'", page)
    assert len(images) >= 10
    for _, data in images:
        Image.open(io.BytesIO(base64.b64decode(data))).load()
    charts = re.findall(r"<img alt='([^']+)' src='data:image/svg\+xml;base64,([^']+)'", page)
    assert {"Image width (px)", "Text length (characters)", "Scripts", "Chart types"} <= {t for t, _ in charts}
    for title, data in charts:  # well-formed SVG, titled, with a bar for each bin or value
        svg = ElementTree.fromstring(base64.b64decode(data))
        texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
        assert html.unescape(title) in texts and len(list(svg.iter("{http://www.w3.org/2000/svg}rect"))) >= 2
    for kind in ["chart", "doc_ocr", "interleaved", "scene_ocr", "web_code"]:
        assert f"<h3>{kind}</h3>" in page
    for reason in ["error:open:encrypted", "filtered:no_text_layer", "error:label:outside_root"]:
        assert reason in page
    assert "samples/corpus/broken/encrypted.pdf" in page  # rejects come with examples


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed (.ci/run installs it)")
def test_report_renders_in_headless_chromium(report, tmp_path):
    shot = tmp_path / "report.png"
    run = subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                          "--window-size=1280,2400", f"--screenshot={shot}", report.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert shot.exists(), run.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 2400)
    colours = image.resize((320, 600)).getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 200  # charts and thumbnails painted, not a blank page
    dom = subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile2'}", "--dump-dom",
                          report.as_uri()], capture_output=True, text=True, timeout=120).stdout
    assert dom.count("<img") >= 10 and "Rejects per reason" in dom
