"""The comparison half of bench.doc_quality: the systems run on `bench.doc_corpus`'s documents and
scored with `bench.doc_scores`, as the report's two tables (text layer; scanned pages)."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from bench import doc_scores as score

PROJECT, PLAIN, P4LLM, P4LAYOUT, TESSERACT = ("project", "get_text", "pymupdf4llm", "pymupdf4llm + layout",
                                              "Tesseract 5")
PPOCR = "project, scans by PP-OCR"  # --ocr_scan_backend rapidocr: the project's scan path before Tesseract


def project_pages(documents) -> tuple[float, list[list[str]]]:
    """CPU seconds a page and each document's page targets from the documents source (no OCR engine:
    a page it rejects reads as empty)."""
    from sources.documents.read import DocumentOptions, read_document

    options, pages, start = DocumentOptions(interleaved=False), [], time.process_time()
    for number, document in enumerate(documents):
        pages.append([getattr(r, "text", "") for r in read_document(document.pdf, f"doc{number}.pdf", options)])
    return (time.process_time() - start) / sum(map(len, pages)), pages


def plain_pages(documents) -> tuple[float, list[list[str]]]:
    """CPU seconds a page and PyMuPDF's ``page.get_text()`` of each page."""
    import pymupdf

    pages, start = [], time.process_time()
    for document in documents:
        pages.append([page.get_text() for page in pymupdf.open(stream=document.pdf, filetype="pdf")])
    return (time.process_time() - start) / sum(map(len, pages)), pages


def pymupdf4llm_pages(python: str, layout: bool, paths: list[Path]) -> tuple[float, list[list[str]], str]:
    """CPU seconds a page (its own process's), each document's pages and the version, from
    `bench.pymupdf4llm_pages` run by ``python``."""
    worker = Path(__file__).with_name("pymupdf4llm_pages.py")
    out = subprocess.run([python, str(worker), "--layout", "on" if layout else "off", *map(str, paths)],
                         capture_output=True, text=True, check=True, timeout=1800)
    answer = json.loads(out.stdout)
    return answer["seconds"] / sum(map(len, answer["pages"])), answer["pages"], answer["version"]


def text_layer_rows(documents, outputs: dict[str, list[str]]) -> list[tuple[str, str, dict]]:
    """(row name, which way is better, {system: cell}) for each text-layer row. ``outputs``: each
    system's text of each document (pages joined). Plain text has no bullets, tables or headings: its
    cells in those rows say n/a rather than a score it cannot earn or lose."""
    def total(fn):
        return {name: [sum(x) for x in zip(*(fn(t, d.truth) for t, d in zip(texts, documents)))]
                for name, texts in outputs.items()}

    def cells(counts, markup, form):
        return {name: "n/a (plain text)" if markup and name == PLAIN else form(*c) for name, c in counts.items()}

    def share(hit, n):
        return f"{hit}/{n} ({hit / max(n, 1):.0%})"

    def of(hit, n):
        return f"{hit} of {n}"

    made = next(d for d in documents if d.truth.order)
    taus = {name: score.reading_order(texts[documents.index(made)], made.truth) for name, texts in outputs.items()}
    controls = {name: str(sum(map(score.control_characters, texts))) for name, texts in outputs.items()}
    return [
        ("code lines kept as lines (of `<pre>` lines)", "higher", cells(total(score.code_lines), False, share)),
        ("bulleted list items found (of `<ul><li>`)", "higher", cells(total(score.list_items), True, share)),
        ("two-column page stored row by row: reading order, Kendall tau (lines found)", "higher",
         {name: f"{tau:.2f} ({found}/{n})" for name, (tau, found, n) in taus.items()}),
        ("hyphens: compounds broken at a line end kept whole (hyphen kept)", "higher",
         cells(total(score.hyphens), False, share)),
        ("tables: phantom rows from link underlines (of rows in ruled tables with links)", "lower",
         cells(total(score.phantom_rows), True, of)),
        ("tables: cells changing font with wrong spaces (of such cells found)", "lower",
         cells(total(score.cell_spaces), True, of)),
        ("tables: borderless table cells found", "higher", cells(total(score.borderless_cells), True, share)),
        ("headings: definition-list terms made headings (of `<dt>`)", "lower",
         cells(total(score.term_headings), True, of)),
        ("headings: headings at most 1.2x the body size missed (of such)", "lower",
         cells(total(score.small_headings_missed), True, of)),
        ("NUL/control characters in the text (all pages)", "lower", controls),
    ]


def scanned_rows(documents, ours: tuple, others: dict[str, tuple]) -> list[tuple[str, str, dict]]:
    """The OCR rows. ``ours`` and each of ``others`` (system -> run): (CPU s a page, each scanned page's
    text, corpus order). A page
    a system refuses (no text: the project rejects what it cannot read well) counts in its own row;
    error rate and words lost are over the pages every system wrote, running lines left out."""
    import pymupdf

    from sources.common.ocr import character_error_rate

    truths, running = [], []
    for document in (d for d in documents if d.scan):
        truths += [page.get_text() for page in pymupdf.open(stream=document.pdf, filetype="pdf")]
        running += [document.scan[2]] * (len(truths) - len(running))
    systems = {PROJECT: ours, **{name: run for name, run in others.items() if run}}
    written = [i for i in range(len(truths)) if all(texts[i].strip() for _, texts in systems.values())]
    cer, seconds, left, lost, refused = {}, {}, {}, {}, {}
    for name, (spent, texts) in systems.items():
        kept = [score.without_running_lines(t, r) for t, r in zip(texts, running)]
        errors = [character_error_rate(score.plain(truths[i]), score.plain(kept[i][0])) for i in written]
        cer[name] = f"{sum(errors) / max(len(errors), 1):.3f}"
        seconds[name] = f"{spent:.2f}"
        left[name] = f"{sum(n for _, n in kept)} of {2 * len(truths)}"
        gone = [score.words_lost(truths[i], kept[i][0]) for i in written]
        lost[name] = f"{sum(g for g, _ in gone)} of {sum(n for _, n in gone)}"
        refused[name] = f"{sum(not t.strip() for t in texts)} of {len(texts)}"
    return [("pages refused (no text written)", "lower", refused),
            (f"character error rate (the {len(written)} pages all wrote; running lines left out)", "lower", cer),
            ("CPU s per page (one thread; refused pages included)", "lower", seconds),
            ("running-header and footer lines left (where recognisable: error rate <= 0.4)", "lower", left),
            (f"words lost in runs of 8+ words (the {len(written)} pages all wrote)", "lower", lost)]


def table(rows: list[tuple[str, str, dict]], systems: list[str]) -> list[str]:
    """A markdown table, one column a system, and a last column saying where the project stands."""
    lines = ["| row | better | " + " | ".join(systems) + " | project |", "|---|---|" + "---|" * (len(systems) + 1)]
    for name, better, cells in rows:
        lines.append(f"| {name} | {better} | " + " | ".join(cells.get(s, "—") for s in systems)
                     + f" | {standing(better, cells)} |")
    return lines


def standing(better: str, cells: dict) -> str:
    """``best``, ``ties best`` or ``loses to X`` from the cells' leading figures (n/a left out)."""
    values = {name: _figure(cell) for name, cell in cells.items() if not cell.startswith("n/a")}
    if PROJECT not in values:
        return "—"
    best = (max if better == "higher" else min)(values.values())
    if values[PROJECT] != best:
        return "loses to " + ", ".join(n for n, v in values.items() if v == best)
    return "ties best" if sum(v == best for v in values.values()) > 1 else "best"


def _figure(cell: str) -> float:
    """A cell's leading figure: ``12/40 (30%)`` is 0.3, ``0.85 (50/52)`` 0.85, ``3 of 40`` 3."""
    head = cell.split(" ")[0]
    if "/" in head:
        hit, n = head.split("/")
        return int(hit) / max(int(n), 1)
    return float(head)


def compare(debs: Path, folder: Path, pymupdf4llm: str, keep: Path | None, scans_only: bool = False) -> list[str]:
    """The comparison's report lines: build the corpus, run every system, score, tabulate (``scans_only``:
    the scanned documents and their table alone)."""
    from bench.doc_corpus import build, fetch_debs
    from bench.ocr_pages import project, tesseract

    try:
        root = fetch_debs(debs)
    except (OSError, subprocess.CalledProcessError) as exc:
        return [f"Comparison not run: the Debian documentation packages could not be fetched ({exc})."]
    documents = build(root, folder, scans_only=scans_only)
    runs, how, outputs, rows = {}, "", {}, []
    if not scans_only:
        runs, how = text_layer_runs(documents, folder, pymupdf4llm)
        outputs = {name: ["\n\n".join(pages) for pages in doc_pages] for name, (_, doc_pages) in runs.items()}
        rows = text_layer_rows(documents, outputs)
        rows.append(("CPU s per page", "lower", {name: f"{spent:.3f}" for name, (spent, _) in runs.items()}))
    scans = [d for d in documents if d.scan]
    ours = project([d.scan[0] for d in scans])
    before = project([d.scan[0] for d in scans], scan_backend="rapidocr")
    theirs = tesseract([png for d in scans for png in d.scan[1]], folder)
    if keep:
        _keep(keep, documents, outputs, ours, theirs)
    if scans_only:
        lines = [(f"Corpus: the {len(scans)} scanned parts of Debian's HTML manuals (Python 3.11, SQLite, Debian "
                  f"Reference) printed by Chromium: {len(ours[1])} pages (150 dpi, turned up to a degree, blurred, "
                  "speckled, a running header and footer drawn). Truth from the printed PDF's text."), ""]
    else:
        pages = sum(len(p) for p in runs[PLAIN][1])
        lines = [(f"Corpus: {len(documents) - 2} parts of Debian's HTML manuals (Python 3.11, SQLite, Debian "
                  "Reference) printed by Chromium, a made two-column page written row by row and a page with a broken ToUnicode "
                  f"map: {pages} pages; {len(ours[1])} of them also scanned (150 dpi, turned up to a degree, blurred, "
                  "speckled, a running header and footer drawn). Truth from the HTML's structure."), ""]
        lines += [how, ""]
        lines += table(rows, list(runs)) + [""]
    lines += table(scanned_rows(documents, ours, {PPOCR: before, TESSERACT: theirs}),
                   [PROJECT, PPOCR] + ([TESSERACT] if theirs else [])) + [""]
    if not theirs:
        lines += ["Tesseract: not on PATH (apt-get install tesseract-ocr); its column is left out.", ""]
    return lines


def text_layer_runs(documents, folder: Path, pymupdf4llm: str) -> tuple[dict, str]:
    """{system: (CPU s a page, each document's page texts)} on the printed PDFs, and a line saying
    how pymupdf4llm ran, or why not (its columns are then left out)."""
    runs = {PROJECT: project_pages(documents), PLAIN: plain_pages(documents)}
    if not pymupdf4llm:
        return runs, "pymupdf4llm: not run (no `--pymupdf4llm PYTHON`; see the module's docstring)."
    paths = [folder / f"doc{number}.pdf" for number in range(len(documents))]
    for path, document in zip(paths, documents):
        path.write_bytes(document.pdf)
    try:
        for name, layout in ((P4LLM, False), (P4LAYOUT, True)):
            spent, pages, version = pymupdf4llm_pages(pymupdf4llm, layout, paths)
            runs[name] = (spent, pages)
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        return {n: r for n, r in runs.items() if n in (PROJECT, PLAIN)}, f"pymupdf4llm: failed ({detail.strip()[-300:]})."
    return runs, f"pymupdf4llm {version} (its defaults; `use_layout(False)` and `use_layout(True)`)."


def _keep(folder: Path, documents, outputs: dict, ours: tuple, theirs: tuple | None) -> None:
    """Every document's PDF and each system's text, for reading what a score rests on."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, document in enumerate(documents):
        (folder / f"doc{number}.pdf").write_bytes(document.pdf)
        for name, texts in outputs.items():
            (folder / f"doc{number}.{name.replace(' ', '')}.md").write_text(f"<!-- {document.name} -->\n" + texts[number])
    for name, run in ((PROJECT, ours), (TESSERACT, theirs)):
        if run:
            (folder / f"scans.{name.replace(' ', '')}.md").write_text("\n\n=====\n\n".join(run[1]))
