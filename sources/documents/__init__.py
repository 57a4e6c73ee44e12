"""PDF, EPUB and HTML files to `doc_ocr` pages and `interleaved` documents: `read` is the entry
point, `job` holds what a document's pages share, `page_sample` makes one page's sample, `markdown`
turns a page into markdown in reading order, `templates` re-renders it in other layouts.
"""
