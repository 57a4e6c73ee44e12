"""Resumable and incremental builds: kill a build anywhere, re-run it, and get exactly the shards and rejects
of an uninterrupted run; re-run a finished build and nothing is redone; add inputs and only they are."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from samples.make_samples import broken_files, notebook_files, structured_pdf, table_files, text_pdf
from shards import read_samples
from tests.conftest import read_rejects

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("resume") / "in"
    root.mkdir()
    for i in range(6):
        (root / f"doc{i}.pdf").write_bytes(text_pdf([f"Document {i}, line {j}." for j in range(4)], pages=3))
    (root / "journal.pdf").write_bytes(structured_pdf(2))
    (root / "solar.csv").write_bytes(table_files()["tables/solar.csv"])
    (root / "sales.ipynb").write_bytes(notebook_files()["notebooks/sales_analysis.ipynb"])
    (root / "encrypted.pdf").write_bytes(broken_files()["encrypted.pdf"])
    return root


def build(corpus: Path, out: Path, kill_at: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "VLBUILD_KILL_AT"}
    if kill_at:
        env["VLBUILD_KILL_AT"] = kill_at
    return subprocess.run([sys.executable, "-m", "pipelines.build", "--input", str(corpus), "--output", str(out),
                           "--max_samples_per_shard", "4", "--no-report", "--progress", "off", "--quality", "off"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def outcome(out: Path) -> tuple[list, set]:
    manifest = json.loads((out / "manifest.json").read_text())
    rejects = {(r.uri, r.reason, r.locator) for r in read_rejects(out)}
    return manifest["shards"], rejects


@pytest.fixture(scope="module")
def uninterrupted(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("clean") / "out"
    assert build(corpus, out).returncode == 0
    return outcome(out)


@pytest.mark.parametrize("kill_at", ["extract:1", "extract:6", "publish:2", "manifest:1"])
def test_a_killed_build_re_run_ends_as_an_uninterrupted_one(corpus, uninterrupted, tmp_path, kill_at):
    out = tmp_path / "out"
    killed = build(corpus, out, kill_at)
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert not (out / "manifest.json").exists()  # never looks complete
    for shard in out.glob("*/*.tar"):  # whatever is visible under a final name is whole
        assert sum(1 for _ in read_samples(str(shard))) >= 1
    assert not list(out.glob("*/*.partial"))
    again = build(corpus, out)
    assert again.returncode == 0, again.stderr[-2000:]
    assert outcome(out) == uninterrupted  # same shards (paths, counts, sha256) and same rejects
    keys = [s.key for s in read_samples(str(out))]
    assert len(keys) == len(set(keys))  # nothing duplicated


def test_a_finished_build_re_run_redoes_nothing(corpus, uninterrupted, tmp_path):
    out = tmp_path / "out"
    assert build(corpus, out).returncode == 0
    assert build(corpus, out).returncode == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["metrics"]["extract.inputs_from_cache"] == manifest["metrics"]["extract.inputs"] == 10
    assert outcome(out) == uninterrupted


def test_new_inputs_are_the_only_work_and_are_deduplicated_against_the_build(corpus, tmp_path):
    out = tmp_path / "out"
    assert build(corpus, out).returncode == 0
    grown = tmp_path / "grown"
    grown.mkdir()
    for path in corpus.iterdir():
        (grown / path.name).write_bytes(path.read_bytes())
    (grown / "new.pdf").write_bytes(text_pdf(["A new document."], pages=2))
    (grown / "zz_copy_of_doc0.pdf").write_bytes((corpus / "doc0.pdf").read_bytes())
    # same output, more inputs: the finished ones come from the extraction cache
    first = {Path(s.meta["uri"]).name for s in read_samples(str(out))}
    result = subprocess.run([sys.executable, "-m", "pipelines.build", "--input", str(corpus), "--input",
                             str(grown / "new.pdf"), "--input", str(grown / "zz_copy_of_doc0.pdf"), "--output",
                             str(out), "--max_samples_per_shard", "4", "--no-report", "--progress", "off",
                             "--quality", "off"],  # the shard writer's own exact-key dedup is what is tested
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["metrics"]["extract.inputs"] == 12 and manifest["metrics"]["extract.inputs_from_cache"] == 10
    names = {Path(s.meta["uri"]).name for s in read_samples(str(out))}
    assert names == first | {"new.pdf"}
    copies = [r for r in read_rejects(out) if r.uri.endswith("zz_copy_of_doc0.pdf")]
    assert copies and all(r.category == "duplicate" for r in copies)


def test_an_edited_source_redoes_its_inputs_and_only_those(tmp_path):
    """The extraction cache is keyed by the source's code: a fixed reader is never served old records."""
    import shutil

    code = tmp_path / "code"
    for package in ("pipelines", "sources", "shards", "quality", "taxonomy", "samples"):
        shutil.copytree(REPO / package, code / package, ignore=shutil.ignore_patterns("__pycache__", "corpus"))
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.pdf").write_bytes(text_pdf(["A page about caching."], pages=2))
    (inputs / "solar.csv").write_bytes(table_files()["tables/solar.csv"])
    out = tmp_path / "out"

    def run():  # the copied code shadows the installed package: python -m puts its cwd first
        done = subprocess.run([sys.executable, "-m", "pipelines.build", "--input", str(inputs), "--output", str(out),
                               "--no-report", "--progress", "off", "--quality", "off"],
                              cwd=code, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads((out / "manifest.json").read_text())["metrics"]

    assert run().get("extract.inputs_from_cache", 0) == 0
    assert run()["extract.inputs_from_cache"] == 2  # unchanged code: both from the cache
    with open(code / "sources" / "documents" / "read.py", "a", encoding="utf-8") as reader:
        reader.write("\n\n_read = read_document\n\n\ndef read_document(data, uri, options, context):\n"
                     "    for record in _read(data, uri, options, context):\n"
                     "        yield dataclasses.replace(record, meta={**record.meta, 'edited': True}) "
                     "if isinstance(record, Sample) else record\n")
    metrics = run()
    assert metrics["extract.inputs"] == 2 and metrics["extract.inputs_from_cache"] == 1  # the table's source is
    pdf_samples = [s for s in read_samples(str(out)) if s.meta["uri"].endswith("a.pdf")]  # unchanged
    assert pdf_samples and all(s.meta.get("edited") for s in pdf_samples)


def test_a_library_upgrade_changes_the_cache_key(monkeypatch):
    from pipelines import extraction_cache
    from sources import SOURCES

    spec = SOURCES["pdf"]
    before = extraction_cache.entry_path("out", "a.pdf", b"%PDF", spec, {})
    assert extraction_cache.entry_path("out", "a.pdf", b"%PDF", spec, {}) == before
    assert "pymupdf-lite" in extraction_cache.source_fingerprint(spec)
    extraction_cache.source_fingerprint.cache_clear()
    real = extraction_cache.library_version  # only pymupdf-lite changes: the others keep their versions
    monkeypatch.setattr(extraction_cache, "library_version", lambda name: "99.0" if name == "pymupdf-lite"
                        else real(name))
    try:
        assert extraction_cache.entry_path("out", "a.pdf", b"%PDF", spec, {}) != before
    finally:
        extraction_cache.source_fingerprint.cache_clear()


def _colours(folder: Path, wrong: bool) -> None:
    """``colours.jsonl`` names a.png (answered red) and b.png (answered blue); ``wrong`` swaps the files."""
    from PIL import Image

    red, blue = (255, 0, 0), (0, 0, 255)
    a, b = (blue, red) if wrong else (red, blue)
    Image.new("RGB", (64, 64), a).save(folder / "a.png")
    Image.new("RGB", (64, 64), b).save(folder / "b.png")
    records = [{"id": f"r{n}", "image": name, "conversations": [
        {"from": "human", "value": "<image>\nWhat colour fills this square?"}, {"from": "gpt", "value": answer}]}
        for n, name, answer in ((1, "a.png", "It is red."), (2, "b.png", "It is blue."))]
    (folder / "colours.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))


def test_a_changed_image_beside_a_record_file_is_redone_not_served_from_the_cache(tmp_path):
    """The records file is byte-identical; the image files it names were fixed: the rebuild reads the new
    images (the cache entry lists the files its source read), and an unchanged rebuild is served."""
    import io

    from PIL import Image

    from tests.conftest import run_build

    inputs, out, config = tmp_path / "in", tmp_path / "out", tmp_path / "build.yaml"
    inputs.mkdir()
    config.write_text(f"sources:\n  - paths: [{inputs / 'colours.jsonl'}]\n    source: sft\n")

    def pixels():
        return sorted((s.meta["record_id"], s.conversation[-1]["content"],
                       Image.open(io.BytesIO(s.images[0])).convert("RGB").getpixel((30, 30)))
                      for s in read_samples(str(out)))

    def build_metrics():
        code, manifest = run_build("--config", str(config), "--output", str(out), "--no-report", "--progress", "off")
        assert code == 0
        return manifest["metrics"]

    _colours(inputs, wrong=True)
    build_metrics()
    assert pixels() == [("r1", "It is red.", (0, 0, 255)), ("r2", "It is blue.", (255, 0, 0))]
    before = (inputs / "colours.jsonl").read_bytes()
    _colours(inputs, wrong=False)
    assert (inputs / "colours.jsonl").read_bytes() == before
    assert build_metrics().get("extract.inputs_from_cache", 0) == 0
    assert pixels() == [("r1", "It is red.", (255, 0, 0)), ("r2", "It is blue.", (0, 0, 255))]
    assert build_metrics()["extract.inputs_from_cache"] == 1  # nothing changed since: served from the cache
    assert pixels() == [("r1", "It is red.", (255, 0, 0)), ("r2", "It is blue.", (0, 0, 255))]


def test_an_edited_input_file_of_a_tex_is_redone_not_served_from_the_cache(tmp_path):
    """A plain ``.tex`` brings its folder: an edited ``\\input`` file there changes the rebuilt target."""
    from sources.latex.compile import find_pdflatex
    from tests.conftest import run_build

    if find_pdflatex() is None:
        pytest.skip("pdfLaTeX is not installed (tools/install-tex)")
    folder, out = tmp_path / "tex", tmp_path / "out"
    folder.mkdir()
    (folder / "paper.tex").write_text("\\documentclass{article}\n\\begin{document}\n\\section{Result}\n"
                                      "\\input{result}\n\\end{document}\n")
    said = "The measured boiling point of the sample was {} degrees at sea level pressure in the lab."
    targets = []
    for degrees in (87, 78):
        (folder / "result.tex").write_text(said.format(degrees) + "\n")
        code, _ = run_build("--input", str(folder / "paper.tex"), "--output", str(out), "--kinds", "doc_ocr",
                            "--no-report", "--progress", "off")
        assert code == 0
        targets.append([s.text.splitlines()[-1] for s in read_samples(str(out))])
    assert targets == [[said.format(87)], [said.format(78)]]


def test_a_changed_asset_of_a_local_page_is_redone_not_served_from_the_cache(tmp_path):
    """The browser's thread reads a local page's image: that read is the source's too, so a changed image
    makes the page's cache entry a miss and the rebuilt screenshot shows the new image."""
    import io

    from PIL import Image

    from sources.web.browser import find_chromium
    from tests.conftest import run_build

    if find_chromium() is None:
        pytest.skip("Chromium is not installed")
    site, out, config = tmp_path / "site", tmp_path / "out", tmp_path / "build.yaml"
    site.mkdir()
    config.write_text(f"kinds: [web_code]\nsources:\n  - paths: [{site / 'index.html'}]\n    source: web_html\n")
    words = " ".join(f"Paragraph word{i} about the colour of the square shown above." for i in range(12))
    (site / "index.html").write_text(f'<html><body style="margin:0"><img src="square.png" width="200" '
                                     f'height="200"><h1>Square</h1><p>{words}</p></body></html>')

    def build(colour):
        if not (site / "square.png").exists() or Image.open(site / "square.png").getpixel((0, 0)) != colour:
            Image.new("RGB", (200, 200), colour).save(site / "square.png")
        code, manifest = run_build("--config", str(config), "--output", str(out), "--no-report", "--progress", "off")
        assert code == 0
        sample = next(read_samples(str(out)))
        pixel = Image.open(io.BytesIO(sample.images[0])).convert("RGB").getpixel((100, 100))
        return manifest["metrics"].get("extract.inputs_from_cache", 0), pixel

    assert build((255, 0, 0)) == (0, (255, 0, 0))
    assert build((0, 0, 255)) == (0, (0, 0, 255))  # the page's bytes are the same; its image is not
    assert build((0, 0, 255)) == (1, (0, 0, 255))  # nothing changed: from the cache


def test_a_changed_image_on_its_server_is_fetched_again_not_served_from_the_cache(tmp_path):
    """A caption's image fetched over HTTP tells nothing of its version short of fetching it again: an input
    that fetched one is made again on every build (its image was served as it was before its server changed
    it)."""
    import io

    from PIL import Image

    from tests.conftest import run_build
    from tests.web_server import serve_routes

    def png(colour) -> bytes:
        buf = io.BytesIO()
        Image.new("RGB", (64, 64), colour).save(buf, format="PNG")
        return buf.getvalue()

    routes = {"/square.png": (200, {"Content-Type": "image/png"}, png((255, 0, 0)))}
    inputs, out, config = tmp_path / "in", tmp_path / "out", tmp_path / "build.yaml"
    inputs.mkdir()
    with serve_routes(routes) as (base, _):
        (inputs / "pairs.csv").write_text(f"url,caption\n{base}/square.png,A square filled with one colour.\n")
        port = base.rsplit(":", 1)[1]
        config.write_text(f"sources:\n  - paths: [{inputs / 'pairs.csv'}]\n    source: captions\n"
                          f"    options: {{allow_private: ['127.0.0.1:{port}']}}\n")

        def build():
            code, manifest = run_build("--config", str(config), "--output", str(out), "--no-report", "--progress",
                                       "off", "--kinds", "caption")
            assert code == 0
            [sample] = list(read_samples(str(out)))
            pixel = Image.open(io.BytesIO(sample.images[0])).convert("RGB").getpixel((30, 30))
            return manifest["metrics"].get("extract.inputs_from_cache", 0), pixel

        assert build() == (0, (255, 0, 0))
        routes["/square.png"] = (200, {"Content-Type": "image/png"}, png((0, 0, 255)))
        assert build() == (0, (0, 0, 255))
