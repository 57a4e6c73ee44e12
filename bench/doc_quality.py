"""Page markdown structure on Chromium-printed pages: each case an HTML snippet, its exact expected markdown.

Chromium is the producer the issue's quirks came from (bullets drawn as shapes, line breaks after a
compound's own hyphen, link underlines in tables, <pre> and <dl>), so each case is printed by Debian's
headless Chromium and read back by `sources.documents.markdown.page_markdown`. The report gives each
case's result (exact match or the markdown it gave) and the time page_markdown takes on those pages
against PyMuPDF's bare ``get_text("dict")``. Needs /usr/bin/chromium; without it the bench says so.
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


def main(argv=None) -> None:
    parser = bench_parser("bench.doc_quality", __doc__, repeats=5)
    args = parser.parse_args(argv)
    if not shutil.which("chromium"):
        print("bench.doc_quality needs Debian's chromium (apt-get install chromium)")
        return
    import pymupdf

    from sources.documents.markdown import document_style, load_page, page_markdown

    lines, docs, passed = ["| case | result |", "|---|---|"], [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for number, (name, width, body, expected) in enumerate(CASES):
            doc = pymupdf.open(stream=print_pdf(_PAGE.format(width=width, body=body), Path(tmp), f"case{number}"),
                               filetype="pdf")
            style, _ = document_style(doc, doc.page_count)
            got, _ = page_markdown(load_page(doc, 0), style)
            passed += got == expected
            lines.append(f"| {name} | {'exact' if got == expected else 'got: ' + repr(got)[:160]} |")
            docs.append((doc, style))
    pages = [(load_page(doc, 0), style) for doc, style in docs]
    markdown = best_of(args.repeats, lambda: [page_markdown(page, style) for page, style in pages]) / len(pages)
    bare = best_of(args.repeats, lambda: [page.get_text("dict") for page, _ in pages]) / len(pages)
    lines += ["", f"{passed}/{len(CASES)} cases exact; page_markdown {markdown * 1000:.2f} ms a page, "
              f"get_text('dict') alone {bare * 1000:.2f} ms"]
    report("Document markdown structure on Chromium-printed pages", "bench.doc_quality", lines, not args.no_record)


if __name__ == "__main__":
    main()
