"""Each Beam step on small in-code inputs with TestPipeline and assert_that."""

from collections import Counter

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.config import BuildConfig, ShardConfig, SourceConfig
from pipelines.transforms.extract import LEDGER, REJECTS, ExtractSamples
from pipelines.transforms.inputs import InputFile, ListInputs
from pipelines.transforms.write_shards import WriteShards
from shards import Sample, read_samples
from tests.helpers import png_bytes


def local_pipeline():
    # Named explicitly: Beam's DirectRunner would first try to download Prism.
    return TestPipeline(runner="FnApiRunner")


def test_list_inputs_recurses_folders_and_skips_hidden_files(tmp_path):
    for rel in ["a.pdf", "sub/b.pdf", "sub/deeper/c.txt", ".DS_Store", ".git/config", "sub/.hidden.pdf"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x" * len(rel))
    config = BuildConfig(sources=[SourceConfig(paths=[str(tmp_path)]),
                                  SourceConfig(paths=[str(tmp_path / "sub" / "*.pdf")], source="pdf")])
    with local_pipeline() as p:
        files = p | ListInputs(config) | beam.Map(lambda f: (f.uri[len(str(tmp_path)) + 1:], f.size, f.entry))
        assert_that(files, equal_to([("a.pdf", 5, 0), ("sub/b.pdf", 9, 0), ("sub/deeper/c.txt", 16, 0),
                                     ("sub/b.pdf", 9, 1)]))


def test_extract_routes_reads_and_accounts(corpus):
    paths = sorted(str(p) for p in corpus.rglob("*") if p.is_file())
    (corpus / "notes.txt").write_text("not a document")
    paths.append(str(corpus / "notes.txt"))
    config = BuildConfig(sources=[SourceConfig(paths=[str(corpus)])])
    files = [InputFile(uri=p, size=len(open(p, "rb").read()), entry=0) for p in paths]
    with local_pipeline() as p:
        out = p | beam.Create(files) | ExtractSamples(config)
        assert_that(out.samples | beam.Map(lambda s: (s.kind, s.meta["uri"].rsplit("/", 1)[1])),
                    equal_to([("doc_ocr", "annual_report.pdf")] * 3 + [("doc_ocr", "physics_notes.pdf")] * 2
                             + [("doc_ocr", "scanned_letter.pdf")] * 2 + [("doc_ocr", "blank_scan.pdf")]
                             + [("interleaved", n) for n in ("annual_report.pdf", "physics_notes.pdf",
                                                             "scanned_letter.pdf", "blank_scan.pdf")]),
                    label="samples")
        assert_that(out[REJECTS] | beam.Map(lambda r: r.reason), equal_to([
            "error:open:corrupt", "error:open:encrypted", "error:open:empty", "error:open:not_pdf",
            "error:open:no_pages", "filtered:no_text_layer", "unsupported:extension"]), label="rejects")
        assert_that(out[LEDGER] | beam.CombinePerKey(sum), equal_to([
            ("pdf|inputs", 9), ("pdf|items", 13), ("pdf|inputs_with_items", 4),
            ("unrouted|inputs", 1), ("unrouted|items", 0), ("unrouted|inputs_with_items", 0)]), label="ledger")


def test_extract_skips_sources_whose_kinds_were_not_asked(corpus):
    config = BuildConfig(sources=[SourceConfig(paths=[str(corpus)])], kinds=["caption"])
    one = corpus / "pdf" / "annual_report.pdf"
    with local_pipeline() as p:
        out = p | beam.Create([InputFile(str(one), one.stat().st_size, 0)]) | ExtractSamples(config)
        assert_that(out.samples, equal_to([]), label="none")
        assert_that(out[REJECTS] | beam.Map(lambda r: r.reason), equal_to(["skipped:kind_not_requested"]))


def test_extract_rejects_inputs_over_the_size_cap(corpus):
    config = BuildConfig(sources=[SourceConfig(paths=[str(corpus)])], max_input_bytes=1000)
    one = corpus / "pdf" / "annual_report.pdf"
    with local_pipeline() as p:
        out = p | beam.Create([InputFile(str(one), one.stat().st_size, 0)]) | ExtractSamples(config)
        assert_that(out[REJECTS] | beam.Map(lambda r: r.reason), equal_to(["error:read:too_large"]))


def _samples(n, kind="caption"):
    return [Sample(key=f"k{i:04d}", kind=kind, images=[png_bytes(color=(i % 256, 9, 9))], text=f"t{i}",
                   meta={"source": "test", "uri": f"u{i}", "locator": "l"}) for i in range(n)]


def test_write_shards_bounds_shards_and_drops_duplicate_keys(tmp_path):
    samples = _samples(7) + _samples(3, kind="doc_ocr")
    duplicate = Sample(key="k0003", kind="caption", images=[png_bytes()], text="copy",
                       meta={"source": "test", "uri": "zz-later-copy", "locator": "l"})
    with local_pipeline() as p:
        out = p | beam.Create(samples + [duplicate]) | WriteShards(str(tmp_path), ShardConfig(max_samples=2))
        assert_that(out["rejects"] | beam.Map(lambda r: (r.reason, r.uri)),
                    equal_to([("duplicate_of:k0003", "zz-later-copy")]), label="dups")
        assert_that(out["shards"] | beam.Map(lambda s: s.info.samples) | beam.CombineGlobally(sum),
                    equal_to([10]), label="total")
    caption = sorted((tmp_path / "caption").glob("*.tar"))
    assert [p.name for p in caption] == [f"caption-{i:06d}.tar" for i in range(len(caption))]
    counts = Counter(s.kind for s in read_samples([str(p) for p in sorted(tmp_path.rglob("*.tar"))]))
    assert counts == {"caption": 7, "doc_ocr": 3}
    for shard in caption:
        assert 1 <= len(list(read_samples(str(shard)))) <= 2
    assert [s.text for s in read_samples(str(tmp_path / "caption") + "/*.tar") if s.key == "k0003"] == ["t3"]
    assert not list(tmp_path.rglob("*.partial"))


def test_extract_rejects_samples_whose_answer_spells_the_image_marker(tmp_path):
    """A chart category or a string in code spelling ``<image>`` is counted by every conversation reader
    (energon's loader dropped these silently): each such sample is a precise reject, every input accounted."""
    from samples.notebook_maker import executed_notebook

    code = ('import matplotlib.pyplot as plt\nxs = [1, 2, 3, 4]\nys = [3, 1, 4, 1]\nlabel = "{}"\n'
            'plt.figure(figsize=(3, 2))\nplt.plot(xs, ys)\n')
    (tmp_path / "marker.ipynb").write_bytes(executed_notebook([("code", code.format("<image> of the data"))]))
    (tmp_path / "plain.ipynb").write_bytes(executed_notebook([("code", code.format("plain label"))]))
    (tmp_path / "media.csv").write_text("item,count\n<image>,3\nphoto,5\nvideo,2\n")
    files = [InputFile(str(path), path.stat().st_size, 0) for path in sorted(tmp_path.iterdir())]
    config = BuildConfig(sources=[SourceConfig(paths=[str(tmp_path)])], extraction_cache=False)
    with local_pipeline() as p:
        out = p | beam.Create(files) | ExtractSamples(config)
        assert_that(out.samples | beam.Map(lambda s: (s.kind, s.uri.rsplit("/", 1)[1], s.meta["locator"])),
                    equal_to([("web_code", "plain.ipynb", "cell=0")]), label="samples")
        assert_that(out[REJECTS] | beam.Map(lambda r: (r.uri.rsplit("/", 1)[1], r.locator, r.reason, r.detail)),
                    equal_to([("marker.ipynb", "cell=0", "filtered:image_in_answer",
                               "assistant turn 2 holds 1 <image> marker(s) as text: '.pyplot as plt\\nxs = [1, 2, 3, "
                               "4]\\nys = [3, 1, 4, 1]\\nlabel = \"<image> of the data\"\\nplt.figure(figsize=(3, 2))"
                               "\\nplt.plot(xs, ys)\\n``'")]
                             + [("media.csv", locator, "filtered:image_in_answer",
                                 "assistant turn 2 holds 1 <image> marker(s) as text: '| item | count |\\n|---|---|"
                                 "\\n| <image> | 3 |\\n| photo | 5 |\\n| video | 2 |'")
                                for locator in ("table=media;chart=0", "table=media;chart=1", "table=media;image")]),
                    label="rejects")
        assert_that(out[LEDGER] | beam.CombinePerKey(sum), equal_to([
            ("notebook|inputs", 2), ("notebook|items", 2), ("notebook|inputs_with_items", 2),
            ("charts|inputs", 1), ("charts|items", 3), ("charts|inputs_with_items", 1)]), label="ledger")
