"""Fuzzing every parser that reads user files: whatever the bytes, a record comes back, never an exception.

Inputs are valid files with bytes flipped, cut or spliced, and plain random bytes. Each parser
must yield at least one record, each a `Sample` or a `Reject` with a reason.
"""

import atexit
import json
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samples.epub_maker import make_epub
from samples.make_samples import SOLAR_CSV, notebook_files, structured_pdf, table_files
from shards import Reject, Sample
from sources.charts.read import read_table_charts
from sources.documents.read import DocumentOptions, read_document
from sources.common.images import ImageRejected, load_image
from sources.records.notebooks import read_notebook
from sources.scene_text.label_sets import LabelError, parse_icdar, read_coco_text

FUZZ = settings(max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mangled(draw, seed: bytes):
    """``seed`` with a few bytes flipped, a stretch cut out, or cut short; or random bytes."""
    kind = draw(st.sampled_from(["flip", "cut", "truncate", "random"]))
    data = bytearray(seed)
    if kind == "random":
        return draw(st.binary(max_size=4096))
    if kind == "flip":
        for _ in range(draw(st.integers(1, 20))):
            i = draw(st.integers(0, len(data) - 1))
            data[i] ^= draw(st.integers(1, 255))
    elif kind == "cut":
        start = draw(st.integers(0, len(data) - 1))
        del data[start:start + draw(st.integers(1, 2000))]
    else:
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


def records_ok(records) -> None:
    assert records, "every input must give at least one record"
    for record in records:
        assert isinstance(record, (Sample, Reject))
        if isinstance(record, Reject):
            assert record.reason and ":" in record.reason


PDF = structured_pdf(2)
EPUB = make_epub("T", [("One", "<h1>One</h1><p>Some text.</p>")])
NOTEBOOK = notebook_files()["notebooks/sales_analysis.ipynb"]
OPTIONS = DocumentOptions(max_page_seconds=30)


@FUZZ
@given(mangled(PDF))
def test_pdf_parser(data):
    records_ok(list(read_document(data, "fuzz.pdf", OPTIONS)))


@FUZZ
@given(mangled(EPUB))
def test_epub_parser(data):
    records_ok(list(read_document(data, "fuzz.epub", OPTIONS)))


@FUZZ
@given(st.one_of(mangled(b"<html><body><h1>T</h1><p>text</p></body></html>"), st.text(max_size=500).map(str.encode)))
def test_html_parser(data):
    records_ok(list(read_document(data, "fuzz.html", OPTIONS)))


@FUZZ
@given(mangled(NOTEBOOK))
def test_notebook_parser(data):
    records_ok(list(read_notebook(data, "fuzz.ipynb")))


@FUZZ
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children,
                                                                                       max_size=4), max_leaves=20))
def test_notebook_parser_on_arbitrary_json(value):
    records_ok(list(read_notebook(json.dumps({"nbformat": 4, "cells": value}).encode(), "fuzz.ipynb")))


@FUZZ
@given(st.sampled_from(sorted(table_files())).flatmap(lambda name: st.tuples(st.just(name),
                                                                              mangled(table_files()[name]))))
def test_table_parsers(named):
    name, data = named
    records_ok(list(read_table_charts(data, f"fuzz/{name}")))


def _records_corpus() -> Path:
    """The bundled SFT and caption files with their images, in a folder the fuzzed files sit in."""
    import tempfile

    from samples.make_samples import write_corpus
    from samples.sft_maker import sft_files

    root = Path(tempfile.mkdtemp(prefix="fuzz-records-"))
    atexit.register(shutil.rmtree, root, True)  # made at import for the strategies: no fixture can own it
    write_corpus(root, sft_files())
    return root


RECORDS = _records_corpus()
RECORD_FILES = {name: (RECORDS / "sft" / name).read_bytes()
                for name in ("llava.json", "sharegpt.jsonl", "chat.jsonl", "shard-000000.tar")}


@FUZZ
@given(st.sampled_from(sorted(RECORD_FILES)).flatmap(lambda name: st.tuples(st.just(name),
                                                                             mangled(RECORD_FILES[name]))))
def test_sft_and_caption_parsers(named):
    from sources.records.captions import read_captions
    from sources.records.sft import read_sft

    name, data = named
    uri = str(RECORDS / "sft" / name)
    records_ok(list(read_sft(data, uri)))
    records_ok(list(read_captions(data, uri)))


@FUZZ
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(
                        st.sampled_from(["messages", "conversations", "role", "from", "value", "content", "type",
                                         "text", "image", "images", "image_url", "url", "path", "caption"]),
                        children, max_size=4), max_leaves=25))
def test_sft_parser_on_arbitrary_json(value):
    from sources.records.sft import read_sft

    data = json.dumps(value).encode()
    records_ok(list(read_sft(data + b"\n", str(RECORDS / "sft" / "fuzz.jsonl"))))
    records_ok(list(read_sft(b"[" + data + b"]", str(RECORDS / "sft" / "fuzz.json"))))


@FUZZ
@given(mangled(SOLAR_CSV.encode()))
def test_csv_parser(data):
    records_ok(list(read_table_charts(data, "fuzz.csv")))


@FUZZ
@given(st.binary(max_size=600) | st.text(max_size=600).map(str.encode))
def test_icdar_label_parser(data):
    try:
        regions = parse_icdar(data)
    except LabelError as exc:
        assert exc.reason.startswith(("error:label:", "filtered:"))
    else:
        assert all(len(polygon) >= 4 and all(len(point) == 2 for point in polygon) for _, polygon in regions)


@FUZZ
@given(mangled(json.dumps({"imgs": {"1": {"file_name": "a.jpg"}}, "anns": {"1": {
    "image_id": 1, "utf8_string": "A", "bbox": [1, 2, 3, 4]}}}).encode()))
def test_coco_text_parser(data):
    records_ok(list(read_coco_text(data, "/nonexistent/fuzz.json")))


JPEG = (Path(__file__).resolve().parent.parent / "samples" / "corpus" / "scene" / "museum.jpg").read_bytes()


@FUZZ
@given(mangled(JPEG))
def test_image_decoder(data):
    try:
        image, _ = load_image(data)
    except ImageRejected as exc:
        assert exc.reason.startswith(("error:image:", "filtered:"))
    else:
        assert image.mode == "RGB"


def test_archive_members_cannot_write_outside_the_build(tmp_path):
    """An EPUB whose members are named ../../escape.xhtml and /tmp/abs.xhtml: MuPDF reads it in memory,
    nothing is unpacked, and the build writes only under its output folder."""
    import io
    import zipfile

    from pipelines.build import main as build_main

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:'
                   'tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="../../escape.opf" '
                   'media-type="application/oebps-package+xml"/></rootfiles></container>')
        z.writestr("../../escape.opf", "<package/>")
        z.writestr(f"{tmp_path}/abs.xhtml", "<html/>")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "evil.epub").write_bytes(buf.getvalue())
    before = {p for p in tmp_path.parent.rglob("*")}
    assert build_main(["--input", str(tmp_path / "in"), "--output", str(tmp_path / "out"), "--no-report"]) == 0
    after = {p for p in tmp_path.parent.rglob("*")} - before
    assert all(str(p).startswith(str(tmp_path / "out")) for p in after)
    assert not (tmp_path / "abs.xhtml").exists() and not (tmp_path.parent.parent / "escape.opf").exists()
