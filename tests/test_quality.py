"""The quality stage: filters, near/exact dedup with connected components, decontamination,
the caption and text sources, and the quality classifier's training CLI."""

from __future__ import annotations

import functools
import http.server
import io
import json
import threading
from pathlib import Path

import apache_beam as beam
import fasttext
import numpy as np
import pymupdf
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to
from PIL import Image

from quality import train_classifier
from pipelines.transforms.connected_components import ConnectedComponents
from pipelines.transforms.curate import Curate
from quality import heuristics, image_checks, langid, pii
from quality.star_contraction import UnionFind
from quality.config import Benchmark, DecontaminationOptions, QualityConfig
from samples.quality_maker import ARTICLES, CHINESE, GERMAN, SPAM, encode, picture, webdataset_tar
from shards import read_samples
from shards.sample import Sample
from sources.records.captions import CaptionOptions, read_captions
from sources.documents.read import DocumentOptions, read_document
from sources.records.notebooks import read_notebook
from sources.records.text_corpus import TextOptions, read_text_corpus
from tests.conftest import read_rejects, run_build

REPO = Path(__file__).resolve().parent.parent


def text_sample(key: str, text: str, kind: str = "text", uri: str | None = None) -> Sample:
    return Sample(key, kind, text=text, meta={"source": "test", "uri": uri or key, "locator": "doc"})


_SEEN: dict[str, list] = {}


def _record(item, label: str) -> None:
    _SEEN.setdefault(label, []).append(item)  # FnApiRunner runs in this process; pickled by reference


def curate(samples: list[Sample], config: QualityConfig = QualityConfig()) -> tuple[list, list]:
    """Run the real Curate transform; return (kept keys, [(key, reason)])."""
    _SEEN.clear()
    with TestPipeline(runner="FnApiRunner") as p:
        out = p | beam.Create(samples) | Curate(config)
        _ = out["samples"] | "K" >> beam.Map(lambda s: _record(s.key, "kept"))
        _ = out["rejects"] | "R" >> beam.Map(lambda r: _record((r.key, r.reason), "rejects"))
    return sorted(_SEEN.get("kept", [])), sorted(_SEEN.get("rejects", []))


def test_fasttext_trains_and_lid_176_loads_offline():
    assert hasattr(fasttext, "train_supervised")
    assert langid.identify(ARTICLES[0])[0] == "en"
    assert langid.identify(CHINESE)[0] == "zh"
    assert langid.identify(GERMAN)[0] == "de"
    assert langid.identify(ARTICLES[1].upper())[0] == "en"  # capitals are not German


def test_pii_is_replaced_and_counted_but_versions_and_dates_survive():
    text, counts = pii.scrub("Mail ann.lee@example.com or call +1 (415) 555-0132 from 192.168.1.20; "
                             "Python 3.11.7 on 2026-11-25, fe80::1ff:fe23:4567:890a.")
    assert "<EMAIL>" in text and "<PHONE>" in text and text.count("<IP_ADDRESS>") == 2
    assert "3.11.7" in text and "2026-11-25" in text
    assert counts == {"email": 1, "phone": 1, "ip": 2}


def test_heuristics_keep_prose_in_english_and_chinese_and_drop_spam():
    assert heuristics.check(ARTICLES[0]) is None
    assert heuristics.check(CHINESE) is None
    assert heuristics.check(SPAM) == "filtered:ellipsis_lines"
    assert heuristics.check("Too short to teach anything.") == "filtered:too_few_words"
    assert heuristics.check("lorem ipsum dolor sit amet " * 10) == "filtered:boilerplate"
    assert heuristics.check(" ".join(["price 100 200 300 400 500 600 700"] * 6)).startswith("filtered:")
    # markdown's heading markers are a target's structure, not Gopher's hash symbols: a product list under h2
    # headings was refused as filtered:symbol_ratio; hashes in the text still count
    products = ("# Products\n## Home 6 kW\nTwelve panels and a hybrid inverter for a family house.\n"
                "## Business 50 kW\nA flat roof system with monitoring for shops and workshops.\n"
                "## Carport 8 kW\nA solar carport for two cars with a wall box charger.\n"
                "## Maintenance\nA yearly inspection, cleaning and a report on the output.\n")
    assert heuristics.check(products) is None
    assert heuristics.check(products.replace("A ", "#solar #panel A ")) == "filtered:symbol_ratio"


def test_image_checks():
    assert image_checks.check(picture(1)) is None
    assert image_checks.check(Image.new("RGB", (200, 200), "white")) == "filtered:image_blank"
    assert image_checks.check(Image.new("RGB", (700, 100), "white")) == "filtered:image_aspect_ratio"
    assert image_checks.check(Image.new("RGB", (20, 20), "white")) == "filtered:image_too_small"


def _blank_before(pixels: np.ndarray, min_std: float = 2.0) -> bool:
    """The blank rule as written before the sampled bound: the float32 std of every level (of the 256 px
    thumbnail of a larger image)."""
    if max(pixels.shape) > 256:
        thumb = Image.fromarray(pixels)
        thumb.thumbnail((256, 256))
        pixels = np.asarray(thumb)
    return float(pixels.astype(np.float32).std()) < min_std


def _grey_cases() -> list[np.ndarray]:
    """Grey images around the blank rule's edge: noise of std near ``min_std`` (2.0), busy images whose
    every 4th pixel of every 4th row is one level, levels set only there, and odd sizes down to 1 px."""
    rng = np.random.default_rng(25)
    cases = []
    for target in (0.0, 0.5, 1.9, 1.99, 2.0, 2.01, 2.03, 2.1, 8.0, 8.2, 60.0):
        for height, width in ((256, 256), (253, 256), (31, 700), (1, 300), (300, 1), (5, 7)):
            levels = rng.normal(0.0, 1.0, (height, width))
            levels = 100.0 + target * (levels - levels.mean()) / max(levels.std(), 1e-9)
            cases.append(np.clip(np.rint(levels), 0, 255).astype(np.uint8))
    busy = rng.integers(0, 256, (256, 256)).astype(np.uint8)
    busy[::4, ::4] = 128  # the sample sees one level: the full std must decide
    dots = np.full((256, 256), 128, np.uint8)
    dots[::4, ::4] = np.where(rng.random((64, 64)) < 0.5, 0, 255)  # all the variation at the sampled pixels
    faint = np.full((256, 256), 128, np.uint8)
    faint[::4, ::4] = 128 + rng.integers(-20, 21, (64, 64))  # std 2.95, the bound just above min_std: proved
    return cases + [busy, dots, faint]


def test_blank_check_sampled_bound_keeps_every_verdict():
    """`check_blank` first tries to prove an image varied from a 1/16 sample (std >= the sample's std times
    sqrt(sample / all)); the verdict is the full float32 std's on every case, and a typical picture is
    decided by the sample alone."""
    verdicts = []
    for pixels in _grey_cases():
        got = image_checks.check_blank(Image.fromarray(pixels), pixels=pixels)
        assert got == ("filtered:image_blank" if _blank_before(pixels) else None), (pixels.shape, pixels.std())
        verdicts.append(got)
    assert verdicts.count("filtered:image_blank") == 34 and verdicts.count(None) == 35
    assert image_checks._surely_varied(np.asarray(picture(1).convert("L")), 2.0)
    busy, _, faint = _grey_cases()[-3:]
    assert not image_checks._surely_varied(busy, 2.0) and image_checks.check_blank(Image.fromarray(busy)) is None
    assert image_checks._surely_varied(faint, 2.0)  # its bound 2.9512 under a true std of 2.9516: tight


def test_quality_config_presets_and_errors():
    config = QualityConfig.from_dict({"preset": "strict", "language": {"keep": ["en", "de"]},
                                      "decontamination": {"benchmarks": [{"name": "mmbench", "questions": ["q.jsonl"]}]}})
    assert config.language.keep == ("en", "de") and config.dedup.threshold == 0.6
    assert config.decontamination.benchmarks[0].questions == ("q.jsonl",)
    assert not QualityConfig.from_name("off").enabled
    with pytest.raises(ValueError, match="unknown LanguageOptions setting"):
        QualityConfig.from_dict({"language": {"keep_list": ["en"]}})


def _graph():
    chain = [(f"c{i:03d}", f"c{i + 1:03d}") for i in range(40)]  # a long path needs many rounds
    star = [("s0", f"s{i}") for i in range(1, 6)]
    return chain + star + [("x2", "x1"), ("x3", "x2"), ("b", "a")]


def _unsettled_after(edges, rounds: int) -> int:
    """Nodes not yet settled after ``rounds`` large-star + small-star rounds, in plain Python."""
    from collections import defaultdict

    from quality.star_contraction import large_star, settle, small_star

    def adjacency(edges):
        near = defaultdict(set)
        for u, v in edges:
            if u != v:
                near[u].add(v)
                near[v].add(u)
        return near

    for _ in range(rounds):
        for step in (large_star, small_star):
            edges = [e for node, near in adjacency(edges).items() for e in step(node, near)]
    return sum(not settle(node, near)[2] for node, near in adjacency(edges).items())


def test_star_rounds_settle_the_graph_without_the_fallback():
    # the union-find fallback makes ConnectedComponents exact whatever the star steps do: this checks the
    # steps themselves, round by round, down to a graph that needs no fallback at all
    assert [_unsettled_after(_graph(), k) for k in range(7)] == [40, 38, 36, 32, 24, 8, 0]


@pytest.mark.parametrize("rounds", [0, 1, 4, 6])  # 6: settled by the star steps alone
def test_connected_components_are_exact_for_any_number_of_rounds(rounds):
    edges = _graph()
    union = UnionFind(edges)
    expected = [(n, union.find(n)) for n in {v for e in edges for v in e}]
    assert {root for _, root in expected} == {"c000", "s0", "x1", "a"}
    with TestPipeline(runner="FnApiRunner") as p:
        result = p | beam.Create(edges) | ConnectedComponents(rounds)
        assert_that(result, equal_to(expected))


def test_chained_near_duplicates_resolve_to_one_representative():
    words = " ".join(ARTICLES).split()  # about 270 words; each text is a window of 100, shifted by 12
    a, b, c = (" ".join(words[i:i + 100]) for i in (0, 12, 24))
    from quality import minhash

    sa, sb, sc = minhash.signatures([a, b, c], 5, 128)
    assert minhash.jaccard(sa, sb) >= 0.7 and minhash.jaccard(sb, sc) >= 0.7 > minhash.jaccard(sa, sc)
    unrelated = text_sample("d", ARTICLES[2] + " " + ARTICLES[3])
    kept, rejects = curate([text_sample("a", a), text_sample("b", b), text_sample("c", c), unrelated])
    assert kept == ["a", "d"]  # a, b, c are one cluster; the longest normalised text is kept
    assert rejects == [("b", "duplicate_of:a"), ("c", "duplicate_of:a")]


def test_filters_write_reasons_and_the_exact_copy_is_found():
    samples = [text_sample("en", ARTICLES[0]), text_sample("de", GERMAN), text_sample("spam", SPAM),
               text_sample("copy", "  " + ARTICLES[0].upper())]
    kept, rejects = curate(samples)
    assert kept == ["copy"]  # the same normalised length: the smaller key is kept
    assert rejects == [("de", "filtered:language"), ("en", "duplicate_of:copy"), ("spam", "filtered:ellipsis_lines")]


def test_a_chart_in_a_notebook_and_in_a_pdf_is_kept_once():
    notebook = (REPO / "samples/corpus/notebooks/sales_analysis.ipynb").read_bytes()
    plot = next(s for s in read_notebook(notebook, "sales_analysis.ipynb") if isinstance(s, Sample))
    chart = Image.open(io.BytesIO(plot.images[0]))
    doc = pymupdf.open()
    page = doc.new_page(width=chart.width, height=chart.height)
    page.insert_image(page.rect, stream=plot.images[0])
    page.insert_text((10, 20), "Figure 2: monthly sales by region", render_mode=3)  # an invisible OCR layer
    pdf = doc.tobytes()
    options = DocumentOptions(max_image_side=max(chart.size))
    from sources import SourceContext
    from sources.common.ocr import OcrOptions

    # the invisible layer is not what a reader sees: the page is read by OCR, its image the chart's own
    page_sample = next(s for s in read_document(pdf, "report.pdf", options, SourceContext(OcrOptions(threads=1)))
                       if isinstance(s, Sample) and s.kind == "doc_ocr")
    assert page_sample.meta["text_source"] == "ocr"
    kept, rejects = curate([plot, page_sample])
    assert len(kept) == 1 and len(rejects) == 1 and rejects[0][1] == f"duplicate_of:{kept[0]}"


def test_decontamination_by_question_and_by_image(tmp_path):
    question = "Which fruit sold the most units in the market table for the whole year?"
    (tmp_path / "bench.jsonl").write_text(json.dumps({"question": question}) + "\n")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "q1.png").write_bytes(encode(picture(2)))
    bench = Benchmark("chartqa", questions=(str(tmp_path / "bench.jsonl"),), images=(str(tmp_path / "images"),))
    config = QualityConfig(decontamination=DecontaminationOptions(benchmarks=(bench,)))
    leaked = text_sample("leak", ARTICLES[1] + " Quiz: " + question.lower() + " Answer: apples.")
    copy = Sample("img", "caption", images=[encode(picture(2).resize((240, 180)), "JPEG")],
                  text="A house on a hill.", meta={"source": "test", "uri": "img"})
    clean = text_sample("clean", ARTICLES[4])
    kept, rejects = curate([leaked, copy, clean], config)
    assert kept == ["clean"]
    assert rejects == [("img", "contaminated:chartqa"), ("leak", "contaminated:chartqa")]


def test_caption_tables_tars_and_urls(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.png").write_bytes(encode(picture(0)))
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "b.jpg").write_bytes(encode(picture(3), "JPEG"))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "web"))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    rows = [{"url": "img/a.png", "text": "A red house in a field."},
            {"url": f"http://127.0.0.1:{port}/b.jpg", "text": "A house on the right of a field."},
            {"url": f"http://127.0.0.1:{port}/gone.jpg", "text": "A picture that is gone."},
            {"url": "../../etc/passwd", "text": "An escape attempt."}]
    table = "".join(json.dumps(r) + "\n" for r in rows).encode()
    uri = str(tmp_path / "pairs.jsonl")
    options = CaptionOptions(allow_private=(f"127.0.0.1:{port}",))
    records = list(read_captions(table, uri, options))
    server.shutdown()
    assert [r.kind for r in records[:2]] == ["caption", "caption"]
    assert records[1].meta["image"].endswith("/b.jpg")
    assert [r.reason for r in records[2:]] == ["error:image:http_404", "error:label:outside_root"]
    tar = webdataset_tar([("k1", picture(1), "A house."), ("k2", picture(4), "Another house by a tree.")])
    pairs = list(read_captions(tar, "pairs.tar"))
    assert [(s.meta["locator"], s.text) for s in pairs] == [("key=k1", "A house."), ("key=k2", "Another house by a tree.")]


def test_text_corpus_formats():
    text = "First document here.\n\nSecond one.\n\n\n"
    assert [s.text for s in read_text_corpus(text.encode(), "a.txt")] == [text.strip()]
    assert [s.text for s in read_text_corpus(text.encode(), "a.txt", TextOptions(split="blank_lines"))] == [
        "First document here.", "Second one."]
    rows = b'{"content": "one"}\n{"content": ""}\n'
    records = list(read_text_corpus(rows, "b.jsonl"))
    assert records[0].text == "one" and records[1].reason == "filtered:empty_text"
    assert read_text_corpus(b"\xff\xfe", "c.txt").__next__().reason == "error:text:not_utf8"


def test_train_quality_cli_and_the_build_scores_with_it(tmp_path, capsys):
    good = [a + " " + b for a in ARTICLES for b in ARTICLES]
    bad = [f"click here best price {i} buy now cheap deals limited offer win free prize" for i in range(25)]
    (tmp_path / "good.txt").write_text("\n".join(good))
    (tmp_path / "bad.jsonl").write_text("".join(json.dumps({"text": t}) + "\n" for t in bad))
    model = tmp_path / "quality.bin"
    assert train_classifier.main(["--positive", str(tmp_path / "good.txt"), "--negative", str(tmp_path / "bad.jsonl"),
                               "--output", str(model)]) == 0
    assert "held-out accuracy" in capsys.readouterr().out
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    docs = [ARTICLES[2], "Click here for the best price, buy now: cheap deals, limited offer, win a free prize "
                         "today, and the offer ends at midnight so click here and buy now with the deals."]
    (corpus / "docs.jsonl").write_text("".join(json.dumps({"text": d}) + "\n" for d in docs))
    config = tmp_path / "build.yaml"
    config.write_text(f"sources: [{{paths: [{corpus}], source: text}}]\nquality: {{quality_model: {{path: {model}}}}}\n")
    code, manifest = run_build("--config", str(config), "--output", str(tmp_path / "out"), "--no-report",
                               quality=True)
    assert code == 0 and manifest["totals"]["samples"] == {"text": 1}
    assert [r.reason for r in read_rejects(tmp_path / "out")] == ["filtered:quality_model"]
    [kept] = list(read_samples(str(tmp_path / "out")))
    assert kept.meta["quality"] > 0.5 and manifest["ledger"]["text"]["balanced"]


def test_build_with_a_benchmark_flag_and_quality_off(tmp_path):
    (tmp_path / "q.txt").write_text("Why put one drop of oil on each link while turning the pedals backwards?\n"
                                    "Is this question anywhere in the corpus at all, do you think?\n")
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLES[1])
    (corpus / "b.txt").write_text(ARTICLES[1])
    config = tmp_path / "build.yaml"
    config.write_text(f"sources: [{{paths: [{corpus}], source: text}}]\n")
    out = tmp_path / "out"
    code, manifest = run_build("--config", str(config), "--output", str(out), "--no-report",
                               "--benchmark", f"bikeqa={tmp_path / 'q.txt'}", quality=True)
    assert code == 0 and manifest["totals"]["samples"] == {}
    assert manifest["totals"]["rejects"] == {"contaminated:bikeqa": 2}
    assert manifest["ledger"]["text"]["balanced"]
    code, manifest = run_build("--config", str(config), "--output", str(out), "--no-report", "--quality", "off")
    # the same bytes in two files are one sample (keys come from content): written once, the copy a duplicate
    assert code == 0 and manifest["totals"]["samples"] == {"text": 1} and manifest["ledger"]["text"]["balanced"]
    assert [(r.uri, r.reason.split(":")[0]) for r in read_rejects(out)] == [(str(corpus / "b.txt"), "duplicate_of")]


# Modelled on Debian Reference: prose full of commands and paths, and its table of contents
MANUAL_PROSE = ("You can customize bash(1) behavior by ~/.bashrc. For example, run $ apt-get install mc and "
                "then set LANG=en_US.UTF-8 in /etc/default/locale; the dpkg(1) command keeps its database in "
                "/var/lib/dpkg/status, and apt-cache(8) policy shows which version of a package is chosen.")
MANUAL_TOC = " ".join(f"{n}.{m} {title} . . . . . . . . . . . . . . . . . . . . {10 * n + m}" for n, m, title in [
    (1, 1, "Console basics"), (1, 3, "Midnight Commander"), (2, 5, "The dpkg command"),
    (5, 6, "Netfilter infrastructure"), (9, 4, "Customizing program to be started"), (12, 7, "Web")])


def test_english_technical_prose_is_english_to_the_language_filter():
    assert langid.identify(MANUAL_TOC)[1] < 0.5  # what rejected it before: a low score for English
    for text in (MANUAL_PROSE, MANUAL_TOC):
        assert langid.identify(langid.prose(text))[0] == "en"
    kept, rejects = curate([text_sample("prose", MANUAL_PROSE), text_sample("toc", MANUAL_TOC),
                            text_sample("de", GERMAN)], QualityConfig.from_dict({"heuristics": {"enabled": False}}))
    assert kept == ["prose", "toc"] and rejects == [("de", "filtered:language")]


def test_kept_samples_leave_curation_without_the_filters_image_hashes():
    # the hashes are for decontamination and dedup; a million samples need not carry them to the shards
    photo = encode(picture(3), "JPEG")
    samples = [Sample(f"c{i}", "caption", images=[photo if i == 0 else encode(picture(10 + i), "JPEG")],
                      text=f"a photograph of a street at night, number {i}", meta={"source": "t", "uri": f"u{i}"})
               for i in range(3)]
    _SEEN.clear()
    with TestPipeline(runner="FnApiRunner") as p:
        out = p | beam.Create(samples) | Curate(QualityConfig())
        _ = out["samples"] | beam.Map(lambda s: _record(sorted(s.meta), "meta"))
    assert len(_SEEN["meta"]) == 3 and all("_image_hashes" not in keys for keys in _SEEN["meta"])
