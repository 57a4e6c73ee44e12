"""Whole builds with `python -m pipelines.build`: shards read back with webdataset, every input accounted for."""

import io
import subprocess
import unicodedata
import sys
from collections import Counter
from pathlib import Path

import pymupdf
import pytest
import yaml
from PIL import Image

from apache_beam.options.pipeline_options import PipelineOptions

from pipelines.build import main as build_main
from pipelines.options import BuildOptions, build_config
from samples.make_samples import _LETTER, SCENES, text_pdf
from shards import read_samples, verify_shards
from sources.common.ocr import character_error_rate
from tests.conftest import manifest_json, read_rejects, run_build

REPO = Path(__file__).resolve().parent.parent
BROKEN_REASONS = {
    "corrupt.pdf": "error:open:corrupt", "encrypted.pdf": "error:open:encrypted", "empty.pdf": "error:open:empty",
    "not_a_pdf.pdf": "error:open:not_pdf", "zero_pages.pdf": "error:open:no_pages",
}


def expected_pages(corpus: Path) -> dict[tuple[str, int], str]:
    """(file name, page) -> text, for every page of every readable PDF, read with PyMuPDF directly."""
    pages = {}
    for path in sorted(corpus.glob("pdf/*.pdf")):
        for number, page in enumerate(pymupdf.open(path), start=1):
            pages[(path.name, number)] = unicodedata.normalize("NFKC", page.get_text()).strip()  # "ﬁ" -> "fi"
    return pages


def markdown_words(markdown: str) -> list[str]:
    """The words of a markdown text without its syntax (heading marks, bold, list bullets)."""
    words = markdown.replace("**", " ").split()
    return [w for w in words if w not in ("-",) and not set(w) <= {"#"}]


def test_build_on_the_bundled_corpus_reads_back_exactly(corpus, tmp_path):
    out = tmp_path / "out"
    code, manifest = run_build("--input", str(corpus), "--output", str(out))
    assert code == 0
    keys = [s.key for s in read_samples(str(out))]
    assert len(set(keys)) == len(keys) == sum(manifest["totals"]["samples"].values())
    samples = list(read_samples(str(out), kinds=["doc_ocr"]))
    pages = expected_pages(corpus)
    with_text = {k: v for k, v in pages.items() if v}
    scanned = ("scanned_letter.pdf", 2)  # no text layer: read by OCR
    assert {(Path(s.meta["uri"]).name, s.meta["page"]) for s in samples} == set(with_text) | {scanned}
    for s in samples:
        where = (Path(s.meta["uri"]).name, s.meta["page"])
        if where == scanned:
            assert s.meta["text_source"] == "ocr" and character_error_rate("\n".join(_LETTER), s.text) <= 0.02
        else:  # the markdown holds exactly the page's words, in PyMuPDF's order for these one-column pages
            assert s.kind == "doc_ocr" and markdown_words(s.text) == [w for w in with_text[where].split() if w != "•"]
            if where == ("annual_report.pdf", 1):
                assert s.text.startswith("# Annual Report 2023\n\n") and "## Results by quarter" in s.text
        image = Image.open(io.BytesIO(s.images[0]))
        image.load()
        assert image.mode == "RGB" and max(image.size) <= 1024
    assert verify_shards(manifest) == []
    assert manifest["totals"]["samples"] == {"doc_ocr": len(with_text) + 1, "interleaved": 4}
    parts = list(read_samples(str(out), kinds=["interleaved"]))
    assert {Path(p.meta["uri"]).name for p in parts} == {p.name for p in corpus.glob("pdf/*.pdf")}
    for part in parts:  # every image a segment points at is there and decodes
        refs = [seg["image"] for seg in part.segments if "image" in seg]
        assert refs == list(range(len(part.images)))
        for data in part.images:
            Image.open(io.BytesIO(data)).load()


def test_every_input_is_written_or_rejected_and_the_ledger_balances(corpus, tmp_path):
    out = tmp_path / "out"
    (corpus / "readme.txt").write_text("an input no source reads")
    code, manifest = run_build("--input", str(corpus), "--output", str(out))
    assert code == 0
    inputs = {str(p) for p in corpus.rglob("*") if p.is_file()}
    written = {s.meta["uri"] for s in read_samples(str(out))}
    rejects = read_rejects(out)
    assert written | {r.uri for r in rejects} == inputs
    by_file = {Path(r.uri).name: r.reason for r in rejects if r.whole_input}
    assert by_file == {**BROKEN_REASONS, "readme.txt": "unsupported:extension"}
    assert [(Path(r.uri).name, r.locator) for r in rejects if not r.whole_input] == [("blank_scan.pdf", "page=2")]
    pdf = manifest["ledger"]["pdf"]  # items: 9 pages and 4 interleaved parts
    assert pdf == {"inputs": 9, "inputs_rejected": 5, "inputs_with_items": 4, "items": 13, "written": 12,
                   "items_rejected": 1, "balanced": True}
    assert manifest["ledger"]["unrouted"]["balanced"]
    assert manifest["totals"]["rejects"]["unsupported:extension"] == 1


def test_identical_files_in_two_places_are_written_once(corpus, tmp_path):
    copy = corpus / "copies" / "report_again.pdf"
    copy.parent.mkdir()
    copy.write_bytes((corpus / "pdf" / "annual_report.pdf").read_bytes())
    code, manifest = run_build("--input", str(corpus), "--output", str(tmp_path / "out"))
    dups = [r for r in read_rejects(tmp_path / "out") if r.category == "duplicate"]
    # the rule: the copy with the smallest uri is kept ("copies/" sorts before "pdf/")
    assert code == 0 and len(dups) == 4 and {Path(r.uri).name for r in dups} == {"annual_report.pdf"}
    assert all("report_again.pdf" in r.detail for r in dups)
    assert manifest["totals"]["samples"]["doc_ocr"] == 8 and manifest["ledger"]["pdf"]["balanced"]


def test_config_file_and_flags_that_override_it(corpus, tmp_path):
    config = tmp_path / "build.yaml"
    config.write_text(yaml.safe_dump({
        "output": "from_config",
        # 512 pixels: at 256 an A4 page sets 11-point text 3 pixels high, rejected as filtered:text_too_small
        "sources": [{"paths": [str(corpus / "pdf")], "source": "pdf", "options": {"max_image_side": 512}}],
        "shards": {"max_samples": 2},
    }))
    code, manifest = run_build("--config", str(config), "--output", str(tmp_path / "flag_out"),
                               "--source_option", "image_format=jpeg")
    assert code == 0 and not (tmp_path / "from_config").exists()
    samples = list(read_samples(str(tmp_path / "flag_out"), kinds=["doc_ocr"]))
    assert len(samples) == 8 and all(max(Image.open(io.BytesIO(s.images[0])).size) == 512 for s in samples)
    assert all(s.images[0][:3] == b"\xff\xd8\xff" for s in samples)
    assert all(shard["samples"] <= 2 for shard in manifest["shards"]) and len(manifest["shards"]) >= 3
    assert manifest["config"]["sources"][0]["options"] == {"max_image_side": 512, "image_format": "jpeg"}


def test_config_relative_paths_are_relative_to_the_config_file(corpus, tmp_path):
    (corpus / "build.yaml").write_text("sources:\n  - paths: [pdf]\noutput: built\n")
    code = build_main(["--config", str(corpus / "build.yaml"), "--quality", "off"])
    manifest = manifest_json(corpus / "built")
    assert code == 0 and manifest["totals"]["samples"] == {"doc_ocr": 8, "interleaved": 4}


def test_every_path_is_made_absolute_once_where_the_build_starts(tmp_path, monkeypatch):
    # workers may run in another folder (a dask worker, a Flink task manager): a path relative to the
    # launching process's working directory would match nothing there
    monkeypatch.chdir(tmp_path)
    options = PipelineOptions(["--input", "in", "--input", "gs://bucket/pdfs/", "--output", "out",
                               "--benchmark", "mmmu=questions.jsonl", "--sft_mix", "mix.yaml"])
    config = build_config(options.view_as(BuildOptions))
    assert config.sources[0].paths == [str(tmp_path / "in"), "gs://bucket/pdfs/"]  # URLs stay URLs
    assert config.output == str(tmp_path / "out") and config.sft.mix == str(tmp_path / "mix.yaml")
    assert config.quality.decontamination.benchmarks[-1].questions == (str(tmp_path / "questions.jsonl"),)
    samples = build_config(PipelineOptions([]).view_as(BuildOptions))  # the preset: against its own file
    assert samples.sources[0].paths[0] == str(REPO / "samples/corpus/pdf")
    assert samples.output == str(tmp_path / "out")


def test_a_rebuild_replaces_the_previous_build(corpus, tmp_path):
    out = tmp_path / "out"
    run_build("--input", str(corpus), "--output", str(out), "--max_samples_per_shard", "1")
    assert len(list((out / "doc_ocr").glob("*.tar"))) == 8
    code, manifest = run_build("--input", str(corpus / "pdf" / "physics_notes.pdf"), "--output", str(out))
    assert code == 0 and [p.name for p in (out / "doc_ocr").glob("*.tar")] == ["doc_ocr-000000.tar"]
    assert len(list(read_samples(str(out), kinds=["doc_ocr"]))) == 2 and not (out / "_tmp").exists()


def test_same_shards_and_rejects_in_process_and_with_two_worker_processes(tmp_path):
    # the rejects too: WriteToText wrote them as one file in-process and two with two workers, each in the
    # order its bundles came; now each record goes to the file its hash names, sorted
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(6):
        (corpus / f"d{i}.pdf").write_bytes(text_pdf([f"document {i} line {j}" for j in range(5)], pages=2))
    (corpus / "copy.pdf").write_bytes((corpus / "d0.pdf").read_bytes())  # its pages: duplicates, rejected
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.7 this is not a PDF")  # rejected whole
    _, one = run_build("--input", str(corpus), "--output", str(tmp_path / "a"), "--max_samples_per_shard", "5")
    _, two = run_build("--input", str(corpus), "--output", str(tmp_path / "b"), "--max_samples_per_shard", "5",
                       "--direct_num_workers=2", "--direct_running_mode=multi_processing")
    assert len(one["shards"]) >= 2 and one["shards"] == two["shards"]
    assert one["rejects"] and one["rejects"] == two["rejects"]
    assert all((tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes() for name in one["rejects"])
    assert len(read_rejects(tmp_path / "a")) >= 3


def test_a_path_matching_nothing_stops_with_a_clear_message(tmp_path):
    with pytest.raises(SystemExit, match="matches no input files"):
        build_main(["--input", str(tmp_path / "nothing*.pdf"), "--output", str(tmp_path / "out")])


def test_bad_config_is_refused_before_the_job_starts(tmp_path):
    with pytest.raises(ValueError, match="unknown kind"):
        build_main(["--kinds", "videos", "--output", str(tmp_path / "o")])
    with pytest.raises(ValueError, match="unknown source option"):
        build_main(["--source_option", "dpi=300", "--output", str(tmp_path / "o")])


def test_cli_help_and_default_run_on_the_bundled_samples(tmp_path):
    help_text = subprocess.run([sys.executable, "-m", "pipelines.build", "--help"], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout
    for flag in ["--input", "--output", "--config", "--kinds", "--max_samples_per_shard", "--source_option",
                 "DataflowRunner"]:
        assert flag in help_text
    run = subprocess.run([sys.executable, "-m", "pipelines.build", "--output", str(tmp_path / "out")],
                         cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "doc_ocr" in run.stdout and "error:open:encrypted" in run.stdout and "manifest:" in run.stdout
    assert "WARNING" not in run.stderr, run.stderr  # e.g. Beam's "Using yield and return in the process method"
    manifest = manifest_json(tmp_path / "out")
    # web: 3 site pages and 1 archived page, each web_code + doc_ocr tiles (products: 2) + interleaved;
    # latex: the paper's 5 pages and 2 interleaved parts;
    # the quality stage drops planted duplicates, short or foreign texts and a blank picture
    assert manifest["totals"]["samples"] == {"caption": 6, "chart": 17, "doc_ocr": 22, "interleaved": 9,
                                             "scene_ocr": 3, "sft": 11, "text": 8, "web_code": 6}
    pages = {(Path(s.meta["uri"]).name, s.meta["page"]): s for s in read_samples(str(tmp_path / "out"),
                                                                                 kinds=["doc_ocr"])
             if "page" in s.meta}  # web pages' doc_ocr samples are tiles, not pages
    assert pages[("optics_and_sound.epub", 2)].text.startswith("# Chapter 2: Sound")
    assert pages[("printer_manual.html", 1)].text.startswith("# Clearing a paper jam")
    # the LaTeX paper: pages aligned by SyncTeX, math kept as LaTeX
    paper = {page: s for (name, page), s in pages.items() if name == "heat_flow.tar.gz"}
    assert sorted(paper) == [1, 2, 3, 4, 5] and all(s.meta["text_layer_agreement"] == 1.0 for s in paper.values())
    assert r"\tag{1}$$" in paper[2].text and paper[2].text.startswith("square and letting")
    # the journal's three pages differ only in their number: two are near duplicates of the kept one
    journal = next(s.text for (name, _), s in pages.items() if name == "journal_article.pdf")
    assert "Journal of Examples" not in journal and "|Wheat|7.1|" in journal and "international" in journal
    books = [s for s in read_samples(str(tmp_path / "out"), kinds=["interleaved"])
             if s.meta["uri"].endswith(".epub")]
    assert {"caption": "Figure 1.1: A prism splits white light into colours.", "image": 0} in books[0].segments
    assert Counter(manifest["totals"]["rejects"]) == Counter({
        **{r: 1 for r in BROKEN_REASONS.values()}, "filtered:no_text_layer": 1, "filtered:no_text": 1,
        "error:image:truncated": 1, "error:label:image_missing": 1, "error:label:outside_root": 1,
        "error:table:unreadable": 1, "error:notebook:malformed": 1, "error:latex:compile": 1, "filtered:no_image_outputs": 1,
        "filtered:too_little_code": 1, "filtered:multiple_images": 1, "duplicate": 8, "error:image:missing": 1,
        "filtered:caption_too_short": 1, "filtered:image_blank": 1, "filtered:language": 1,
        "filtered:ellipsis_lines": 1, "filtered:repeated_lines": 1, "filtered:too_few_words": 3,
        "filtered:redirected": 1,  # the archive's redirect, its target rendered as its own page
        **{f"error:sft:{r}": 1 for r in ("bad_json", "empty_turn", "image_marker_without_image", "image_missing",
                                         "no_assistant_turn", "unknown_role")}})
    sft = list(read_samples(str(tmp_path / "out"), kinds=["sft"]))
    assert all(s.meta["taxonomy"]["method"] == "zero-shot" for s in sft)
    assert {s.meta["format"] for s in sft} == {"llava", "sharegpt", "messages"}
    assert "sft mix:" in run.stdout and (tmp_path / "out" / "sft_distribution.png").stat().st_size > 1000
    duplicates = {(r.source, r.locator): r for r in read_rejects(tmp_path / "out") if r.category == "duplicate"}
    kept = {s.key: s for s in read_samples(str(tmp_path / "out"))}
    assert kept[duplicates[("scene_text", "image")].reason.split(":")[1]].kind == "caption"  # across kinds
    assert kept[duplicates[("text", "doc=8")].reason.split(":")[1]].kind == "interleaved"  # manual again
    assert "exact text" in duplicates[("text", "doc=1")].detail  # the same article in capitals
    assert "near image" in duplicates[("captions", "row=5")].detail  # resized + watermarked
    texts = {s.meta["locator"]: s for s in kept.values() if s.kind == "text"}
    assert "<EMAIL>" in texts["doc=12"].text and "<PHONE>" in texts["doc=12"].text
    assert texts["doc=11"].meta["language"]["code"] == "zh"
    charts = list(read_samples(str(tmp_path / "out"), kinds=["chart"]))
    assert {s.meta["task"] for s in charts} == {"chart", "table_recognition"}
    assert {Path(s.meta["uri"]).suffix for s in charts} == {".csv", ".parquet", ".jsonl", ".xlsx"}
    code = list(read_samples(str(tmp_path / "out"), kinds=["web_code"]))
    plots = [s for s in code if s.meta["source"] == "notebook"]
    assert sorted(s.meta["locator"] for s in plots) == ["cell=3", "cell=5"]
    web = {s.meta["url"].rsplit("/", 1)[1]: s for s in code if s.meta["source"] in ("web_html", "warc")}
    assert sorted(web) == ["contact.html", "index.html", "products.html", "south.html"]
    assert "#1e3ca0" in web["index.html"].text and "analytics" not in web["index.html"].text
    assert len(web["products.html"].images) == 2  # a page taller than the viewport: two tiles
    assert any(w["kind"] == "input:email" and w["text"] == "you@example.com"
               for w in web["contact.html"].meta["elements"]["widgets"])
    assert all(row["balanced"] for row in manifest["ledger"].values())
    assert manifest["config"]["sources"][0]["paths"][0] == str(REPO / "samples/corpus/pdf")  # resolved once
    metrics = manifest["metrics"]  # Beam's counters, per stage, kept with the build
    assert metrics["extract.inputs"] == sum(row["inputs"] for row in manifest["ledger"].values())
    assert metrics["write.samples"] == sum(manifest["totals"]["samples"].values())
    scene = {(s.meta["source"], Path(s.meta["uri"]).name): s for s in read_samples(str(tmp_path / "out"),
                                                                                      kinds=["scene_ocr"])}
    # the cafe photo is also a caption pair's picture: that copy is kept (its caption is the longer text)
    assert set(scene) == {("scene_text", "museum.jpg"), ("icdar", "gt_img_1.txt"), ("coco_text", "annotations.json")}
    for (_, name), sample in scene.items():
        truth = {"museum.jpg": SCENES["museum"], "gt_img_1.txt": SCENES["platform"]}.get(name, SCENES["cafe"])
        assert character_error_rate("\n".join(truth), sample.text) <= 0.05, (name, sample.text)
    assert scene[("icdar", "gt_img_1.txt")].meta["agreement"] >= 0.9


def test_a_counter_two_steps_keep_is_their_sum_in_the_manifest():
    # Beam reports a counter a step: the text and the image near-duplicate searches both count
    # dedup.capped_buckets, and the manifest kept one step's figure
    import apache_beam as beam
    from apache_beam.metrics import Metrics

    from pipelines.build import LOCAL_RUNNER, _counters

    def counted(n):
        Metrics.counter("dedup", "capped_buckets").inc(n)
        return n

    pipeline = beam.Pipeline(runner=LOCAL_RUNNER)
    _ = pipeline | "Text" >> beam.Create([1, 2]) | "CountText" >> beam.Map(counted)
    _ = pipeline | "Images" >> beam.Create([10]) | "CountImages" >> beam.Map(counted)
    result = pipeline.run()
    result.wait_until_finish()
    assert _counters(result) == {"dedup.capped_buckets": 13}
