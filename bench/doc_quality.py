"""Page markdown structure on Chromium-printed pages: exact cases, then real documentation against other systems.

First, each case an HTML snippet and its exact expected markdown (a regression check): Chromium is the
producer the issue's quirks came from (bullets drawn as shapes, line breaks after a compound's own
hyphen, link underlines in tables, <pre> and <dl>), so each case is printed by Debian's headless
Chromium and read back by `sources.documents.markdown.page_markdown`, timed against PyMuPDF's bare
``get_text("dict")``.

Then the comparison of issue 19 on a corpus the bench builds itself (`bench.doc_corpus`): parts of
Debian's HTML manuals for Python, SQLite and Debian (``apt-get download``), printed by Chromium, scored
against the HTML's own structure (`bench.doc_scores`), plus a made two-column page written row by row
and a page with a broken ToUnicode map; a few documents scanned (rotated, blurred, speckled, with a
running header and footer). Systems, each on the same PDFs: the project (`sources.documents.read.
read_document`: its markdown targets; its OCR path on the scans), PyMuPDF's plain ``get_text()``,
pymupdf4llm without and with its layout model, and Tesseract 5 on the scans (the page images the
project's OCR reads, one thread). The table goes to bench/RESULTS.md.

pymupdf4llm needs full ``pymupdf``, which cannot share the project's venv (``pymupdf-lite``): give it
a venv of its own and pass its interpreter; without ``--pymupdf4llm`` those columns are left out:

    python3 -m venv /tmp/p4llm && /tmp/p4llm/bin/pip install pymupdf==2.0  # brings pymupdf4llm, pymupdf-layout
    python -m bench.doc_quality --pymupdf4llm /tmp/p4llm/bin/python

Needs /usr/bin/chromium, ``apt-get`` and ``dpkg-deb`` (Debian) and ``tesseract`` (``apt-get install
tesseract-ocr``; without it the Tesseract column is left out); without Chromium the bench says so.
About 4 minutes on 2 cores, most of it Chromium printing and OCR; ``--keep DIR`` leaves the corpus PDFs
and every system's text there, to read what a score rests on.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.common import bench_parser, best_of, report

_PAGE = "<html><body style='font-family: sans-serif; font-size: 11pt; width: {width}px'>{body}</body></html>"
CASES = [  # (name, body width in CSS px, HTML, expected markdown)
    ("code: pre with a comment and indentation", 500,
     "<p>Install it:</p><pre># configure\n./configure --prefix=/usr\nif true; then\n    make install\nfi</pre>",
     "Install it:\n\n```\n# configure\n./configure --prefix=/usr\nif true; then\n    make install\nfi\n```"),
    ("lists: bullets drawn as discs", 500,
     "<p>Steps:</p><ul><li>install the package</li><li>check that the service is running and that its socket "
     "answers on the port it was given</li></ul>",
     "Steps:\n\n- install the package\n- check that the service is running and that its socket answers on the "
     "port it was given"),
    ("hyphens: compounds broken at their own hyphen", 150,
     "<p>Lookups are constant-time on big-endian hosts with user-defined keys from libpam-ldap.</p>",
     "Lookups are constant-time on big-endian hosts with user-defined keys from libpam-ldap."),
    ("tables: link and bold in a ruled cell", 500,
     "<table style='border-collapse: collapse' border='1'><tr><th>Module</th><th>Reference</th></tr>"
     "<tr><td>session</td><td>see the <a href='x'>pam_env(8)</a> page and <b>more</b></td></tr>"
     "<tr><td>auth</td><td>see <a href='y'>pam_unix(8)</a></td></tr></table>",
     "|Module|Reference|\n|---|---|\n|session|see the pam_env(8) page and more|\n|auth|see pam_unix(8)|"),
    ("headings: definition terms are not headings", 500,
     "<dl><dt><code>--verbose</code></dt><dd>Print every step.</dd>"
     "<dt><b>int open(const char *path)</b></dt><dd>Open the file.</dd></dl>",
     "--verbose\n\nPrint every step.\n\nint open(const char *path)\n\nOpen the file."),
    ("headings: h1 to h3 and a paragraph", 500,
     "<h1>Title</h1><h2>Part</h2><h3>Section</h3><p>Some text in the section.</p>",
     "# Title\n\n## Part\n\n### Section\n\nSome text in the section."),
]


def print_pdf(html: str, folder: Path, name: str) -> bytes:
    """``html`` printed to PDF by headless Chromium (no header, no footer)."""
    source, target = folder / f"{name}.html", folder / f"{name}.pdf"
    source.write_text(html, encoding="utf-8")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={folder / 'profile'}", f"--print-to-pdf={target}", "--no-pdf-header-footer",
                    source.as_uri()], capture_output=True, timeout=120, check=True)
    return target.read_bytes()


def exact_cases(repeats: int, folder: Path) -> list[str]:
    """The report lines of the exact cases: each case's result, page_markdown's time a page."""
    import pymupdf

    from sources.documents.markdown import document_style, load_page, page_markdown

    lines, docs, passed = ["| case | result |", "|---|---|"], [], 0
    for number, (name, width, body, expected) in enumerate(CASES):
        doc = pymupdf.open(stream=print_pdf(_PAGE.format(width=width, body=body), folder, f"case{number}"),
                           filetype="pdf")
        style, _ = document_style(doc, doc.page_count)
        got, _ = page_markdown(load_page(doc, 0), style)
        passed += got == expected
        lines.append(f"| {name} | {'exact' if got == expected else 'got: ' + repr(got)[:160]} |")
        docs.append((doc, style))
    pages = [(load_page(doc, 0), style) for doc, style in docs]
    markdown = best_of(repeats, lambda: [page_markdown(page, style) for page, style in pages]) / len(pages)
    bare = best_of(repeats, lambda: [page.get_text("dict") for page, _ in pages]) / len(pages)
    return lines + ["", f"{passed}/{len(CASES)} cases exact; page_markdown {markdown * 1000:.2f} ms a page, "
                    f"get_text('dict') alone {bare * 1000:.2f} ms"]


def main(argv=None) -> None:
    parser = bench_parser("bench.doc_quality", __doc__, repeats=5)
    parser.add_argument("--debs", type=Path, default=Path.home() / ".cache" / "vlbuild-bench" / "debian-docs",
                        help="where the Debian documentation packages are downloaded and unpacked (kept)")
    parser.add_argument("--pymupdf4llm", default="", help="a Python interpreter with pymupdf4llm (full pymupdf)")
    parser.add_argument("--keep", type=Path, default=None, help="write the corpus PDFs and every system's text here")
    parser.add_argument("--scans-only", action="store_true",
                        help="only the scanned pages' table (issue 19's OCR rows): no exact cases, no text-layer "
                             "systems")
    args = parser.parse_args(argv)
    if not shutil.which("chromium"):
        print("bench.doc_quality needs Debian's chromium (apt-get install chromium)")
        return
    from bench.doc_compare import compare

    with tempfile.TemporaryDirectory() as tmp:
        lines = [] if args.scans_only else [*exact_cases(args.repeats, Path(tmp)), ""]
        lines += compare(args.debs, Path(tmp), args.pymupdf4llm, args.keep, scans_only=args.scans_only)
    title = "Scanned document pages: the project against Tesseract" if args.scans_only else \
        "Document markdown structure on Chromium-printed pages"
    report(title, "bench.doc_quality", lines, not args.no_record)  # the command line as given is recorded


if __name__ == "__main__":
    main()
