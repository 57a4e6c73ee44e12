"""The taxonomy: tree, SFT source, classifier, fastText training, review round trip, mix and report."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from samples.make_samples import write_corpus
from samples.sft_maker import sft_files
from shards.reader import read_samples
from sources.records.sft import MARKER, read_sft
from taxonomy import classify, labels, review, train, tree
from taxonomy.classify import Classifier, ClassifyOptions
from taxonomy.mix import MixTargets, quotas
from tests.conftest import read_rejects, run_build

SFT_CONFIG = """
sources:
  - paths: ["corpus/sft/*.json", "corpus/sft/*.jsonl", "corpus/sft/*.tar"]
    source: sft
"""


@pytest.fixture(scope="module")
def sft_build(tmp_path_factory) -> tuple[Path, Path]:
    """(config file, output folder) of a build of the bundled SFT samples alone."""
    root = tmp_path_factory.mktemp("sft")
    write_corpus(root / "corpus", sft_files())
    (root / "build.yaml").write_text(SFT_CONFIG)
    code, _ = run_build("--config", str(root / "build.yaml"), "--output", str(root / "out"), "--no-report")
    assert code == 0
    return root / "build.yaml", root / "out"


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier(ClassifyOptions())


# --- tree ---

def test_bundled_tree_is_the_papers_with_skipped_levels():
    t = tree.load()
    assert [m.en for m in t.mains()] == ["Recognition", "Conversion", "Analysis", "Commonsense Reasoning",
                                         "Logical Reasoning", "Evaluation", "Multi-graph", "Safety"]
    assert len(t.leaves()) == 89 and all(leaf.zh and leaf.description and len(leaf.examples) >= 3
                                         for leaf in t.leaves())
    assert t.path("reality") == "evaluation/reality"  # "-" secondary skipped
    assert t.path("humor-reasoning") == "commonsense-reasoning/humor-reasoning"  # "-" tertiary: a leaf
    assert t.path("counting") == "recognition/local-description/counting"
    assert t.leaf_for("recognition/local-description/counting").id == "counting"
    assert t.leaf_for("recognition/counting") is None and t.leaf_for("recognition") is None


def test_invalid_trees_are_refused_with_every_problem_named():
    rows = [{"id": "a", "en": "A"}, {"id": "a", "en": "A again"}, {"id": "b", "en": "B", "parent": "ghost"},
            {"id": "c", "en": ""}]
    with pytest.raises(tree.TaxonomyError) as err:
        tree.from_rows(rows)
    assert "duplicate id 'a'" in str(err.value) and "orphan" in str(err.value) and "no English name" in str(err.value)


def test_tree_edits_keep_ids_and_report_removed_nodes_with_their_labels():
    old = tree.load()
    rows = [r for r in old.rows() if r["id"] != "currency-recognition"]
    next(r for r in rows if r["id"] == "counting")["en"] = "Counting Objects"
    rows.append({"id": "meme-culture", "parent": "encyclopedia-knowledge", "en": "Memes"})
    new = tree.from_rows(rows)
    change = tree.changes(old, new)
    assert change.added == ["meme-culture"] and change.removed == ["currency-recognition"]
    assert change.renamed == [("counting", "Counting", "Counting Objects")]
    report = change.lines({"currency-recognition": ["k1", "k2"]})
    assert "removed: currency-recognition; 2 samples still labelled with it: k1, k2" in report
    assert tree.parse(new.to_yaml()).path("meme-culture") == "analysis/encyclopedia-knowledge/meme-culture"


# --- SFT source ---

def test_every_format_becomes_one_internal_conversation_and_bad_records_are_rejected(tmp_path):
    write_corpus(tmp_path, sft_files())
    out = {}
    for name in ("llava.json", "sharegpt.jsonl", "chat.jsonl", "shard-000000.tar"):
        path = tmp_path / "sft" / name
        out[name] = list(read_sft(path.read_bytes(), str(path)))
    samples = {r.meta["locator"] + "@" + r.meta["format"]: r for items in out.values() for r in items
               if hasattr(r, "kind")}
    rejects = sorted((r.locator, r.reason) for items in out.values() for r in items if not hasattr(r, "kind"))
    assert rejects == [("line=3", "error:sft:unknown_role"), ("line=4", "error:sft:empty_turn"),
                       ("line=4", "error:sft:no_assistant_turn"), ("line=5", "error:sft:bad_json"),
                       ("record=5", "error:sft:image_marker_without_image"), ("record=6", "error:sft:image_missing")]
    for sample in samples.values():
        assert {t["role"] for t in sample.conversation} <= {"system", "user", "assistant"}
        assert sum(t["content"].count(MARKER) for t in sample.conversation) == len(sample.images)
    assert len(samples["record=3@llava"].images) == 2  # multi-image
    html = samples["record=4@llava"]  # an image without a marker: LLaVA's convention puts it first
    assert html.conversation[0]["content"].startswith(MARKER + "\n") and len(html.images) == 1
    chart = samples["line=1@messages"]
    assert chart.conversation[0]["content"] == MARKER + "\n这张柱状图反映了什么趋势？"
    assert len(samples["key=conv-0001@llava"].images) == 1  # the image is a member of the tar sample
    assert samples["line=2@sharegpt"].conversation[0]["role"] == "system"


# --- classifier ---

def test_zero_shot_maps_english_and_chinese_and_leaves_nonsense_unmapped(classifier):
    texts = ["Transcribe the text on this street sign.", "Write the matplotlib code that draws this chart.",
             "请把图中的文字识别出来。", "这张折线图说明了什么趋势？", "zxq vbn plok", "What changed between them?"]
    preds = classifier.predict(texts, [1, 1, 1, 1, 1, 2])
    assert preds[0].path == "recognition/ocr-transcription/printed-text" and preds[0].lang == "en"
    assert preds[1].path == "conversion/image-to-code/chart-to-code"
    assert preds[2].path == "recognition/ocr-transcription/printed-text" and preds[2].lang == "zh"
    assert preds[3].path.startswith("analysis/data-chart-analysis/") and preds[3].lang == "zh"
    assert preds[4].path == tree.UNMAPPED and preds[4].best != tree.UNMAPPED and preds[4].confidence < 0.2
    assert preds[5].path.startswith("multi-graph/")  # two images: a structural signal
    assert all(p.method == "zero-shot" for p in preds)


def test_a_receipts_total_is_read_text_and_banknotes_are_currency(classifier):
    # third blind hunt F9: "Read the receipt and tell me the total amount due." went to currency-recognition
    # (banknotes and coins) at 0.72, above the threshold a reviewer looks under: that leaf's description said
    # "and their total", printed-text's named no receipt or amount
    preds = classifier.predict(["Read the receipt and tell me the total amount due.",
                                "What is the total on this invoice?", "What currency is this banknote?",
                                "How much are these coins worth altogether?"], [1, 1, 1, 1])
    assert [p.path.rsplit("/", 1)[-1] for p in preds] == ["printed-text", "printed-text", "currency-recognition",
                                                          "currency-recognition"]


def test_one_image_rules_out_multi_graph(classifier):
    text = "Which one is bigger?"
    assert not classifier.predict([text], [1])[0].best.startswith("multi-graph")


def test_classify_cli_prints_one_json_line_per_input(tmp_path, capsys):
    lines = tmp_path / "instructions.txt"
    lines.write_text("How many people are in the photo?\n\n这道菜怎么做？\n", encoding="utf-8")
    write_corpus(tmp_path, sft_files())
    assert classify.main([str(lines), str(tmp_path / "sft" / "sharegpt.jsonl")]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["input"] for r in records[:2]] == [f"{lines}:1", f"{lines}:3"]
    assert records[0]["path"] == "recognition/local-description/counting"
    assert records[1]["path"].startswith("analysis/encyclopedia-knowledge/") and records[1]["lang"] == "zh"
    assert all({"path", "confidence", "method"} <= set(r) for r in records if "error" not in r)
    assert [r["error"] for r in records if "error" in r] == ["error:sft:unknown_role", "error:sft:no_assistant_turn",
                                                            "error:sft:bad_json"]


def test_fasttext_trained_on_reviewed_labels_takes_over_where_confident(tmp_path):
    items = {"k1": ("Sketch this bridge as an isometric technical drawing", "chart-others"),
             "k2": ("Render an isometric technical drawing of this pump", "chart-others"),
             "k3": ("画出这个零件的等轴测技术图纸", "chart-others")}
    t = tree.load()
    labels.write(tmp_path / "labels.jsonl", [labels.Label(k, t.path(leaf), text) for k, (text, leaf) in items.items()])
    train.main(["--labels", str(tmp_path / "labels.jsonl"), "--output", str(tmp_path / "m.bin")])
    model = Classifier(ClassifyOptions(fasttext_model=str(tmp_path / "m.bin"), labels=str(tmp_path / "labels.jsonl")))
    reviewed, learned, english = model.predict(["anything at all", "Make an isometric technical drawing of this valve",
                                                "What is written on the sign?"], keys=["k1", None, None])
    assert (reviewed.method, reviewed.confidence, reviewed.path) == ("review", 1.0, t.path("chart-others"))
    assert (learned.method, learned.path) == ("fasttext", t.path("chart-others"))
    assert english.path == t.path("printed-text")


# --- review round trip ---

def test_review_round_trip_export_edit_import_rebuild(sft_build, tmp_path, capsys):
    config, out = sft_build
    book = tmp_path / "review.xlsx"
    assert review.main(["export", str(out), "--output", str(book)]) == 0
    wb = load_workbook(book)
    sheet = wb["Review"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 11 and len(sheet._images) == 9  # the two text-only conversations have no picture
    assert [r["confidence"] for r in rows] == sorted(r["confidence"] for r in rows)  # least confident first
    assert sheet.data_validations.dataValidation[0].formula1.startswith("Leaves!$A$1")
    assert len(list(wb["Leaves"].iter_rows())) == 89 and wb["Taxonomy"].max_row == 116
    assert wb["Summary"]["A1"].value == "category"
    label_col = header.index("label") + 1
    by_instruction = {r["instruction"]: i + 2 for i, r in enumerate(rows)}
    weather = by_instruction["What is the weather like in this picture, sunny or rainy?"]
    houses = by_instruction["How many houses are in the picture?"]
    sheet.cell(weather, label_col, "commonsense-reasoning/environment-reasoning/environment-state")
    sheet.cell(houses, label_col, "recognition/global-description/theme")  # overrules the classifier
    sheet.cell(houses, label_col + 1, "the whole scene matters here")
    wb.save(book)
    labels_path = tmp_path / "labels.jsonl"
    assert review.main(["import", str(book), "--build", str(out), "--output", str(labels_path)]) == 0
    said = capsys.readouterr().out
    assert "2 label(s) accepted" in said and "classifier agreement" in said
    written = labels.read(labels_path)
    assert {l.path for l in written.values()} == {"commonsense-reasoning/environment-reasoning/environment-state",
                                                  "recognition/global-description/theme"}
    rebuilt = tmp_path / "rebuilt"
    code, _ = run_build("--config", str(config), "--output", str(rebuilt), "--no-report",
                        "--sft-labels", str(labels_path))
    assert code == 0
    meta = {s.key: s.meta["taxonomy"] for s in read_samples(str(rebuilt), kinds=["sft"])}
    for key, label in written.items():
        assert meta[key] == {"path": label.path, "confidence": 1.0, "method": "review", "best": label.path,
                             "lang": "en"}
    assert sum(m["method"] == "review" for m in meta.values()) == 2


def test_import_applies_nothing_while_rows_are_wrong_and_reports_disagreements(sft_build, tmp_path, capsys):
    _, out = sft_build
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    review.export(str(out), str(first))
    review.export(str(out), str(second))
    rows = list(csvrows(first))
    rows[0]["label"] = "recognition/ocr-transcription/printed-text"
    rows[1]["label"] = "no/such/leaf"
    rows[2]["id"] = rows[2]["id"][::-1]  # edited id
    rows[3]["id"], rows[3]["check"] = "0" * 24, review.check_of("0" * 24)  # a row the build does not have
    write_csv(first, rows)
    target = tmp_path / "labels.jsonl"
    assert review.main(["import", str(first), "--build", str(out), "--output", str(target)]) == 1
    said = capsys.readouterr().out
    assert "nothing applied: 3 problem(s)" in said and not target.exists()
    assert f"{first} row 3: unknown label 'no/such/leaf'" in said
    assert f"{first} row 4: the id" in said and f"{first} row 5: sample {'0' * 24} is no longer" in said
    review.export(str(out), str(first))  # the first reviewer starts again
    mine, theirs = list(csvrows(first)), list(csvrows(second))
    mine[0]["label"] = "recognition/ocr-transcription/printed-text"
    theirs[0]["label"] = "recognition/ocr-transcription/handwritten-text"  # the other reviewer disagrees
    theirs[5]["label"] = "safety/prompt-injection"
    write_csv(first, mine)
    write_csv(second, theirs)
    fixed = theirs
    assert review.main(["import", str(first), str(second), "--build", str(out), "--output", str(target)]) == 0
    said = capsys.readouterr().out
    assert f"reviewers disagree on {fixed[0]['id']}" in said and "1 label(s) accepted" in said
    assert list(labels.read(target)) == [fixed[5]["id"]]


def csvrows(path: Path) -> list[dict]:
    import csv

    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def write_csv(path: Path, rows: list[dict]) -> None:
    import csv

    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_tree_sheet_edits_import_into_a_new_version(sft_build, tmp_path, capsys):
    _, out = sft_build
    book = tmp_path / "review.xlsx"
    review.export(str(out), str(book))
    wb = load_workbook(book)
    sheet = wb["Taxonomy"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("id")].value == "logo-recognition":
            row[header.index("en")].value = "Brand Logo Recognition"
        if row[header.index("id")].value == "currency-recognition":
            for cell in row:
                cell.value = None
    wb.save(book)
    labels.write(tmp_path / "labels.jsonl", [labels.Label("k9", "recognition/local-description/currency-recognition")])
    assert review.main(["tree", str(book), "--output", str(tmp_path / "mine.yaml"),
                        "--labels", str(tmp_path / "labels.jsonl")]) == 0
    said = capsys.readouterr().out
    assert "renamed: logo-recognition ('Logo Recognition' -> 'Brand Logo Recognition', id kept)" in said
    assert "removed: currency-recognition; 1 samples still labelled with it: k9" in said
    mine = tree.load(tmp_path / "mine.yaml")
    assert mine.version == 2 and mine.nodes["logo-recognition"].en == "Brand Logo Recognition"
    assert len(mine.leaves()) == 88


# --- mix and report ---

def test_subset_mix_matches_the_target_shares_and_accounts_for_every_sample(sft_build, tmp_path):
    config, out = sft_build
    mains = collections.Counter(s.meta["taxonomy"]["path"].split("/")[0] for s in read_samples(str(out), kinds=["sft"]))
    top = [m for m, _ in mains.most_common(2)]
    (tmp_path / "mix.yaml").write_text(f"level: 1\nshares: {{{top[0]}: 0.5, {top[1]}: 0.5}}\n")
    targets = MixTargets.from_yaml(str(tmp_path / "mix.yaml"))
    mixed = tmp_path / "mixed"
    code, manifest = run_build("--config", str(config), "--output", str(mixed), "--no-report",
                               "--sft_mix", str(tmp_path / "mix.yaml"))
    assert code == 0  # the ledger balances: left-out samples are rejects with their category
    written = collections.Counter(s.meta["taxonomy"]["path"].split("/")[0] for s in read_samples(str(mixed), kinds=["sft"]))
    assert dict(written) == {c: q for c, q in quotas(dict(mains), targets).items() if q}
    # worked out without the code under test: only the two named categories, each the smaller's count
    both = min(mains[top[0]], mains[top[1]])
    assert dict(written) == {top[0]: both, top[1]: both}
    left_out = [r for r in read_rejects(mixed) if r.reason.startswith("filtered:mix:")]
    assert len(left_out) == sum(mains.values()) - sum(written.values())
    report = (mixed / "sft_distribution.md").read_text()
    for category in top:
        assert f"| {category} | 1 | {written[category]} | 50.0% | 50.0% |" in report


def test_weighted_mix_keeps_everything_and_weights_to_the_targets(sft_build, tmp_path):
    config, _ = sft_build
    (tmp_path / "mix.yaml").write_text("level: 1\nmode: weight\nshares: {recognition: 3, analysis: 1}\n")
    weighted = tmp_path / "weighted"
    code, _ = run_build("--config", str(config), "--output", str(weighted), "--no-report",
                        "--sft_mix", str(tmp_path / "mix.yaml"))
    assert code == 0
    samples = list(read_samples(str(weighted), kinds=["sft"]))
    assert len(samples) == 11
    total = collections.Counter()
    for s in samples:
        total[s.meta["taxonomy"]["path"].split("/")[0]] += s.meta["mix_weight"]
    share = {c: w / sum(total.values()) for c, w in total.items() if w}
    assert share == pytest.approx({"recognition": 0.75, "analysis": 0.25})


# --- the review files hold untrusted text ---

@pytest.fixture
def hostile_build(monkeypatch):
    """A build's SFT samples whose instructions and answers look like spreadsheet formulas."""
    import shards.reader
    from samples.records_maker import FORMULAS, png
    from shards.sample import Sample, make_key

    samples = [Sample(make_key("sft", text), "sft", images=[png()] if i % 2 else [],
                      conversation=[{"role": "user", "content": text}, {"role": "assistant", "content": text}],
                      meta={"source": "sft", "uri": "mem://x.jsonl", "locator": f"line={i + 1}",
                            "taxonomy": {"path": "unmapped", "confidence": 0.1 * i, "method": "zero-shot",
                                         "best": "recognition", "lang": "en"}})
               for i, text in enumerate(FORMULAS + ["Bell\x07 and NUL\x00 inside", "y" * 40_000])]
    monkeypatch.setattr(shards.reader, "read_samples", lambda build_dir, kinds=None: iter(samples))
    return samples


def test_review_workbook_stores_every_cell_as_text_never_a_formula(hostile_build, tmp_path):
    from samples.records_maker import FORMULAS
    from sources.records.sft import instruction

    book = tmp_path / "review.xlsx"
    assert review.export("out", str(book)) == len(hostile_build)
    wb = load_workbook(book)
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type in ("s", "n"), (sheet.title, cell.coordinate, cell.value)
    rows = list(wb["Review"].iter_rows(min_row=2, values_only=True))
    header = [c.value for c in wb["Review"][1]]
    by_id = {r[header.index("id")]: dict(zip(header, r)) for r in rows}
    for sample in hostile_build:
        shown = by_id[sample.key]["instruction"]
        if sample.conversation[0]["content"] in FORMULAS:
            assert shown == instruction(sample)  # the text itself, stored as text
    assert by_id[hostile_build[-2].key]["instruction"] == "Bell\ufffd and NUL\ufffd inside"
    assert len(by_id[hostile_build[-1].key]["instruction"]) == review.XLSX_MAX_CHARS


def test_review_csv_quotes_formula_starts_as_owasp_advises_and_reads_them_back(hostile_build, tmp_path):
    import csv
    import io

    path = tmp_path / "review.csv"
    review.export("out", str(path))
    with open(path, encoding="utf-8-sig", newline="") as f:
        raw = f.read()
    fields = [f for row in csv.reader(io.StringIO(raw, newline="")) for f in row]
    assert fields and not any(f.startswith(review.FORMULA_STARTS) for f in fields)
    again = io.StringIO()  # every field quoted: writing the fields back quoted gives the file again
    csv.writer(again, quoting=csv.QUOTE_ALL).writerows(csv.reader(io.StringIO(raw, newline="")))
    assert again.getvalue() == raw
    assert "\"'=cmd|' /C calc'!A0\"" in raw and "\"'\t=1+1\"" in raw
    rows = {r["id"]: r for _, r in review._read_review(str(path))}
    for sample in hostile_build[:8]:
        assert rows[sample.key]["instruction"] == " ".join(sample.conversation[0]["content"].split())
