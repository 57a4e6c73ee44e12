"""The spreadsheet review round trip: ``python -m taxonomy.review export|import|tree``.

export: a build's SFT samples into a workbook (Review sheet: id, thumbnail, instruction, answer
  excerpt, predicted path, confidence, a reviewer-label column whose cells offer the taxonomy's
  leaves as a dropdown, a comment column; Taxonomy, Summary and a hidden Leaves sheet), least
  confident first. ``.csv`` output writes the Review columns only, for tools that prefer CSV. Every
  cell is text, never a formula (the conversations are untrusted; CSV fields as OWASP advises).
import: reviewed files back into a labels file. Nothing is written while any row has an unknown
  label, an edited id or an id the build no longer has (each reported with file and row); rows two
  reviewers label differently are reported and left out. Agreement with the classifier is reported
  per category.
tree: a Taxonomy sheet (edited in a spreadsheet) back into a tree file, reporting what changed and
  which removed nodes still have labelled samples.
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import io
import random
import sys
from pathlib import Path

from taxonomy import labels as labels_file
from taxonomy import tree
from taxonomy.report import build_distribution
from taxonomy.tree import UNMAPPED

COLUMNS = ("id", "check", "image", "instruction", "answer", "predicted", "confidence", "method", "label", "comment")
WIDTHS = {"id": 26, "check": 8, "image": 14, "instruction": 60, "answer": 50, "predicted": 45, "confidence": 11,
          "method": 10, "label": 45, "comment": 30}
THUMB = 72  # thumbnail side, pixels
# The cells hold untrusted text (conversations from anywhere): a spreadsheet runs a cell starting with
# one of these as a formula (=HYPERLINK(...), =cmd|...). OWASP's CSV injection guidance: such a CSV
# field gets a leading single quote, and every field is quoted with its quotes doubled (RFC 4180).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0", "\uff1d", "\uff0b", "\uff0d", "\uff20")
XLSX_MAX_CHARS = 32767  # Excel's limit for one cell


def csv_field(value):
    """A value as a CSV field that no spreadsheet reads as a formula (`FORMULA_STARTS` quoted)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def csv_value(field: str) -> str:
    """The value `csv_field` wrote (the quote it added removed)."""
    return field[1:] if field.startswith("'") and field[1:].startswith(FORMULA_STARTS) else field


def _as_text(sheet, row: int) -> None:
    """Every string cell of ``row`` stored as text, never as a formula, and shown as text when edited
    (quotePrefix); characters XML cannot hold become U+FFFD and overlong text is cut to Excel's limit."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for cell in sheet[row]:
        if isinstance(cell.value, str):
            text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", cell.value)
            if len(text) > XLSX_MAX_CHARS:
                text = text[:XLSX_MAX_CHARS - 1] + "\u2026"
            cell.value = text
            cell.data_type = "s"
            cell.quotePrefix = True


def _append(sheet, values: list) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # control characters first: openpyxl refuses them on assignment; an empty string is an empty cell
    sheet.append([(ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) or None) if isinstance(v, str) else v for v in values])
    _as_text(sheet, sheet.max_row)


def check_of(key: str) -> str:
    """A short digest of the id, kept beside it: an id edited by hand no longer matches it."""
    return hashlib.sha256(key.encode()).hexdigest()[:8]


def _rows(samples: list, sample: int | None, seed: int):
    from sources.records.sft import answer, instruction

    if sample is not None and sample < len(samples):
        samples = random.Random(seed).sample(samples, sample)
    rows = []
    for s in samples:
        t = s.meta.get("taxonomy", {})
        predicted = t.get("path", UNMAPPED)
        if predicted == UNMAPPED and t.get("best"):
            predicted = f"{UNMAPPED} (best: {t['best']})"
        rows.append({"id": s.key, "check": check_of(s.key), "image": s.images[0] if s.images else None,
                     "instruction": instruction(s), "answer": answer(s)[:300], "predicted": predicted,
                     "confidence": t.get("confidence", 0.0), "method": t.get("method", ""), "label": "",
                     "comment": ""})
    return sorted(rows, key=lambda r: (r["confidence"], r["id"]))


def export(build_dir: str, output: str, sample: int | None = None, seed: int = 0, targets=None,
           taxonomy_path: str | None = None) -> int:
    from shards.reader import read_samples

    samples = list(read_samples(build_dir, kinds=["sft"]))  # read once: the rows and the summary
    rows = _rows(samples, sample, seed)
    if output.lower().endswith(".csv"):
        with open(output, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=[c for c in COLUMNS if c != "image"], extrasaction="ignore",
                                    quoting=csv.QUOTE_ALL)
            writer.writeheader()
            writer.writerows({k: csv_field(v) for k, v in row.items()} for row in rows)
        return len(rows)
    _workbook(rows, tree.load(taxonomy_path), build_distribution(build_dir, targets, [s.meta for s in samples])).save(output)
    return len(rows)


def _workbook(rows, taxonomy: tree.Taxonomy, summary_rows):
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image as XlImage
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation
    from PIL import Image

    book = Workbook()
    sheet = book.active
    sheet.title = "Review"
    _append(sheet, list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, name in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + i)].width = WIDTHS[name]
    sheet.column_dimensions["B"].hidden = True
    sheet.freeze_panes = "D2"
    leaves = book.create_sheet("Leaves")
    for leaf in taxonomy.leaves():
        _append(leaves, [taxonomy.path(leaf.id)])
    leaves.sheet_state = "hidden"
    label_col = chr(ord("A") + COLUMNS.index("label"))
    dropdown = DataValidation(type="list", formula1=f"Leaves!$A$1:$A${len(taxonomy.leaves())}", allow_blank=True,
                              showErrorMessage=True, errorTitle="Unknown label",
                              error="Pick a leaf of the taxonomy (see the Taxonomy sheet).")
    sheet.add_data_validation(dropdown)
    for r, row in enumerate(rows, start=2):
        _append(sheet, [row[c] if c != "image" else "" for c in COLUMNS])
        for cell in sheet[r]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        dropdown.add(f"{label_col}{r}")
        if row["image"]:
            thumb = Image.open(io.BytesIO(row["image"])).convert("RGB")
            thumb.thumbnail((THUMB, THUMB))
            buf = io.BytesIO()
            thumb.save(buf, format="PNG")
            picture = XlImage(io.BytesIO(buf.getvalue()))
            sheet.add_image(picture, f"C{r}")
            sheet.row_dimensions[r].height = THUMB * 0.8
    tax = book.create_sheet("Taxonomy")
    _append(tax, ["path", *tree.FIELDS])
    for node_row in taxonomy.rows():
        _append(tax, [taxonomy.path(node_row["id"]), *(node_row[f] for f in tree.FIELDS)])
    summ = book.create_sheet("Summary")
    _append(summ, ["category", "level", "count", "share", "target share"])
    for row in summary_rows:
        _append(summ, row)
    for ws in (tax, summ):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.column_dimensions["A"].width = 50
    return book


def _read_review(path: str) -> list[tuple[int, dict]]:
    """(row number as the reviewer sees it, row) for every data row of a reviewed file."""
    if path.lower().endswith(".csv"):
        with open(path, encoding="utf-8-sig", newline="") as f:
            return [(n, {k: csv_value(v or "") for k, v in row.items() if k is not None})
                    for n, row in enumerate(csv.DictReader(f), start=2)]
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True)["Review"]
    values = sheet.iter_rows(values_only=True)
    header = [str(h or "") for h in next(values)]
    return [(n, {h: ("" if v is None else str(v)) for h, v in zip(header, row)})
            for n, row in enumerate(values, start=2)]


def import_reviews(files: list[str], build_dir: str, output: str, taxonomy_path: str | None = None,
                   out=None) -> int:
    """Check every reviewed row, then (only if all are fine) write the labels file. Returns an exit code."""
    out = out or sys.stdout
    from shards.reader import read_samples
    from sources.records.sft import instruction

    taxonomy = tree.load(taxonomy_path)
    samples = {s.key: s for s in read_samples(build_dir, kinds=["sft"])}
    problems, votes = [], collections.defaultdict(list)
    for path in files:
        for number, row in _read_review(path):
            key, label = row.get("id", "").strip(), row.get("label", "").strip()
            where = f"{path} row {number}"
            if not key and not label:
                continue
            if check_of(key) != row.get("check", "").strip():
                problems.append(f"{where}: the id {key!r} was edited (it no longer matches its check column)")
            elif key not in samples:
                problems.append(f"{where}: sample {key} is no longer in {build_dir}")
            elif label and taxonomy.leaf_for(label) is None:
                problems.append(f"{where}: unknown label {label!r} (use a leaf path from the Taxonomy sheet)")
            elif label:
                votes[key].append((taxonomy.path(taxonomy.leaf_for(label).id), where, row.get("comment", ""),
                                   row.get("predicted", "")))
    if problems:
        print(f"nothing applied: {len(problems)} problem(s) to fix first", file=out)
        for p in problems:
            print("  " + p, file=out)
        return 1
    accepted, agreement = [], collections.defaultdict(lambda: [0, 0, 0])
    for key, vs in votes.items():
        if len({v[0] for v in vs}) > 1:
            print(f"reviewers disagree on {key}: " + "; ".join(f"{w}: {p}" for p, w, _, _ in vs) + " (left out)", file=out)
            continue
        path, where, comment, predicted = vs[0]
        accepted.append(labels_file.Label(key, path, instruction(samples[key]), where.rsplit(" row ", 1)[0], comment))
        stats = agreement[path.split("/")[0]]
        stats[0] += 1
        stats[1] += predicted.split("/")[0] == path.split("/")[0]
        stats[2] += predicted == path
    merged = labels_file.read(output) if Path(output).exists() else {}
    merged.update({label.key: label for label in accepted})
    labels_file.write(output, merged.values())
    print(f"{len(accepted)} label(s) accepted -> {output} ({len(merged)} in the file)", file=out)
    if agreement:
        print("classifier agreement with reviewers, by reviewed category:", file=out)
        print(f"  {'category':32s} {'rows':>5s} {'main':>6s} {'leaf':>6s}", file=out)
        for category, (n, main, leaf) in sorted(agreement.items()):
            print(f"  {category:32s} {n:5d} {main / n:6.2f} {leaf / n:6.2f}", file=out)
    return 0


def import_tree(workbook: str, output: str, labels: str | None = None, taxonomy_path: str | None = None,
                out=None) -> int:
    """A Taxonomy sheet back into a tree file, with the changes against the current tree."""
    out = out or sys.stdout
    from openpyxl import load_workbook

    values = load_workbook(workbook, read_only=True)["Taxonomy"].iter_rows(values_only=True)
    header = [str(h or "") for h in next(values)]
    rows = [{h: ("" if v is None else str(v)) for h, v in zip(header, row)} for row in values]
    old = tree.load(taxonomy_path)
    try:
        new = tree.from_rows(rows, old.version, old.name)
    except tree.TaxonomyError as exc:
        print(f"nothing written: {exc}", file=out)
        return 1
    new.version = int(old.version) + 1 if str(old.version).isdigit() else old.version
    labelled = collections.defaultdict(list)
    for label in (labels_file.read(labels).values() if labels else []):
        for node_id in label.path.split("/"):
            labelled[node_id].append(label.key)
    for line in tree.changes(old, new).lines(labelled) or ["no changes"]:
        print(line, file=out)
    Path(output).write_text(new.to_yaml(), encoding="utf-8")
    print(f"wrote {output} (version {new.version})", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m taxonomy.review", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    commands = parser.add_subparsers(dest="command", required=True)
    ex = commands.add_parser("export", help="write a review workbook (.xlsx) or CSV of a build's SFT samples")
    ex.add_argument("build_dir", nargs="?", default="out", help="a build's output folder (default: out)")
    ex.add_argument("--output", required=True, help="review.xlsx, or a .csv for the Review columns only")
    ex.add_argument("--sample", type=int, help="only this many samples, drawn at random (spot checks)")
    ex.add_argument("--seed", type=int, default=0, help="seed of the --sample draw (default 0)")
    ex.add_argument("--targets", help="target shares (taxonomy/mix.py) for the Summary sheet")
    ex.add_argument("--taxonomy", help="a taxonomy tree file (default: the bundled one)")
    im = commands.add_parser("import", help="reviewed files -> a labels file (nothing written while any row is wrong)")
    im.add_argument("files", nargs="+", help="reviewed .xlsx or .csv files, one per reviewer")
    im.add_argument("--build", default="out", help="the build the files were exported from (default: out)")
    im.add_argument("--output", default="labels.jsonl", help="labels file to write or extend (default: labels.jsonl)")
    im.add_argument("--taxonomy", help="a taxonomy tree file (default: the bundled one)")
    tr = commands.add_parser("tree", help="a workbook's edited Taxonomy sheet -> a tree file, with the changes")
    tr.add_argument("workbook", help="an exported workbook whose Taxonomy sheet was edited")
    tr.add_argument("--output", required=True, help="the tree file (YAML) to write")
    tr.add_argument("--labels", help="a labels file, to list samples still labelled with removed nodes")
    tr.add_argument("--taxonomy", help="the tree it was exported with (default: the bundled one)")
    args = parser.parse_args(argv)
    if args.command == "export":
        from taxonomy.mix import MixTargets

        targets = MixTargets.from_yaml(args.targets) if args.targets else None
        count = export(args.build_dir, args.output, args.sample, args.seed, targets, args.taxonomy)
        print(f"wrote {count} rows to {args.output}")
        return 0
    if args.command == "import":
        return import_reviews(args.files, args.build, args.output, args.taxonomy)
    return import_tree(args.workbook, args.output, args.labels, args.taxonomy)


if __name__ == "__main__":
    sys.exit(main())
