"""LaTeX sources (arXiv-style archives) to page-aligned `doc_ocr` pages with real math, and `interleaved` parts.

`project` unpacks an input and finds its main file, `compile` runs pdfLaTeX safely with SyncTeX on,
`synctex` reads which source lines went to which page, `blocks` cuts the source into blocks, `align`
places them on pages, `convert` turns them to markdown with pandoc, `read` makes the samples.
"""
