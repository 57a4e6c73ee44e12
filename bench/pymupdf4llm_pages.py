"""pymupdf4llm's markdown for each page of some PDFs, as JSON on stdout: run by bench.doc_quality in a
venv of its own (full ``pymupdf`` and ``pymupdf-lite`` cannot share one), so it imports nothing of vlbuild.

    python bench/pymupdf4llm_pages.py --layout on|off a.pdf b.pdf ...

Prints ``{"version": ..., "seconds": CPU seconds for all pages, "pages": [[markdown per page] per PDF]}``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time


def pages_markdown(path: str, pymupdf4llm) -> list[str]:
    """One markdown text per page: ``page_chunks`` where it gives one chunk a page, else page by page."""
    import pymupdf

    with pymupdf.open(path) as doc:
        chunks = pymupdf4llm.to_markdown(doc, page_chunks=True, show_progress=False)
        if isinstance(chunks, list) and len(chunks) == doc.page_count:
            return [chunk["text"] for chunk in chunks]
        return [pymupdf4llm.to_markdown(doc, pages=[number], show_progress=False) for number in range(doc.page_count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--layout", choices=("on", "off"), required=True, help="pymupdf4llm.use_layout(...)")
    parser.add_argument("pdfs", nargs="+", help="PDF files")
    args = parser.parse_args()
    with contextlib.redirect_stdout(sys.stderr):  # what the library prints is not the answer
        import pymupdf4llm

        pymupdf4llm.use_layout(args.layout == "on")
        start = time.process_time()
        pages = [pages_markdown(path, pymupdf4llm) for path in args.pdfs]
    print(json.dumps({"version": pymupdf4llm.__version__, "seconds": time.process_time() - start, "pages": pages}))


if __name__ == "__main__":
    main()
