"""The build's command-line options, as a Beam `PipelineOptions` subclass.

Because they are ordinary pipeline options, running on Dataflow, Flink or Spark is
only a change of ``--runner`` and that runner's own options.
"""

from __future__ import annotations

import argparse
import dataclasses
import os

import yaml
from apache_beam.options.pipeline_options import PipelineOptions

from pipelines.config import BuildConfig, ShardConfig, SourceConfig
from quality.config import Benchmark, QualityConfig
from quality.decontamination import IMAGE_SUFFIXES


class BuildOptions(PipelineOptions):
    @classmethod
    def _add_argparse_args(cls, parser):
        group = parser.add_argument_group("vlbuild")
        group.add_argument("--config", default=None,
                           help="YAML file describing the build (sources, kinds, shards, output); "
                                "flags given beside it override it")
        group.add_argument("--input", action="append", default=None,
                           help="a file, folder or glob to read, local or on any Beam filesystem "
                                "(gs://, s3://); repeat for more. Each file goes to the source that "
                                "reads its extension. Default: the bundled samples/corpus")
        group.add_argument("--output", default=None,
                           help="folder for shards, rejects and manifest.json (default: out)")
        group.add_argument("--kinds", default=None,
                           help="comma-separated sample kinds to build, e.g. doc_ocr (default: all)")
        group.add_argument("--source_option", action="append", default=None, metavar="KEY=VALUE",
                           help="an option for the sources of --input, e.g. max_image_side=768 or "
                                "image_format=jpeg; repeat for more")
        group.add_argument("--max_samples_per_shard", type=int, default=None,
                           help="close a shard after this many samples (default: 1000)")
        group.add_argument("--max_shard_bytes", type=int, default=None,
                           help="close a shard once it holds about this many bytes (default: 512 MiB)")
        group.add_argument("--max_input_bytes", type=int, default=None,
                           help="reject inputs larger than this without reading them (default: 512 MiB)")
        group.add_argument("--ocr_backend", choices=("rapidocr", "paddleocr"), default=None,
                           help="OCR engine for scene text and text-layer checks: rapidocr (PP-OCR models shipped "
                                "in the wheel, ONNX Runtime; default) or paddleocr (needs PaddleOCR and its models)")
        group.add_argument("--ocr_scan_backend", choices=("tesseract", "rapidocr", "paddleocr"), default=None,
                           help="OCR engine for scanned document pages: tesseract (Debian's tesseract-ocr, "
                                "tools/install-tesseract; default), rapidocr or paddleocr")
        group.add_argument("--ocr_languages", default=None,
                           help="Tesseract's language packs for scanned pages, +-joined (default: eng); each "
                                "must be installed (tesseract-ocr-<pack>)")
        group.add_argument("--ocr_threads", type=int, default=None,
                           help="CPU threads per OCR engine for pages (default: the runtime's choice, all cores); "
                                "single lines (text/image agreement checks) are read on one thread")
        group.add_argument("--quality", choices=("default", "strict", "off"), default=None,
                           help="quality preset: filters (language, text heuristics, images, PII), "
                                "decontamination and exact + near dedup; off writes what the sources make "
                                "(default: the config's, else default)")
        group.add_argument("--quality_model", default=None, metavar="PATH",
                           help="fastText quality classifier from `python -m quality.train_classifier`: "
                                "texts scoring under its min_score (0.5) are dropped")
        group.add_argument("--benchmark", action="append", default=None, metavar="NAME=PATH",
                           help="decontaminate against a benchmark: a question file (JSONL/JSON/CSV/Parquet "
                                "with a 'question' field, or text one per line) or an image folder; repeat "
                                "for more files or benchmarks")
        group.add_argument("--sft_labels", "--sft-labels", default=None, metavar="PATH",
                           help="reviewed taxonomy labels (JSONL from `python -m taxonomy.review import`): "
                                "they decide the category of the SFT samples they name")
        group.add_argument("--sft_model", default=None, metavar="PATH",
                           help="fastText taxonomy classifier from `python -m taxonomy.train`, used where confident")
        group.add_argument("--sft_mix", default=None, metavar="PATH",
                           help="target shares per taxonomy category (YAML, see taxonomy/mix.py): the SFT "
                                "samples are subset or weighted to match them")
        group.add_argument("--sft_mix_mode", choices=("subset", "weight"), default=None,
                           help="subset: leave out samples over their category's share (rejected as "
                                "filtered:mix:<category>); weight: keep all, with meta.mix_weight")
        group.add_argument("--extraction_cache", "--extraction-cache", default=None,
                           action=argparse.BooleanOptionalAction,
                           help="keep each finished input's records in OUT/_work so a killed or extended "
                                "build re-run redoes only what is missing; an input is redone when its "
                                "source's code or libraries change (default: on)")
        group.add_argument("--energon", default=None, action=argparse.BooleanOptionalAction,
                           help="make each kind folder a Megatron-Energon dataset (.nv-meta: index, sample type, "
                                "split) and write OUT/energon/stage<N>.yaml, the paper's stage mixes as blends "
                                "(default: on; it reads only the shards' tar headers)")
        group.add_argument("--hf_card", "--hf-card", default=None, action=argparse.BooleanOptionalAction,
                           help="write a Hugging Face dataset card (README.md) in each kind folder, so "
                                "datasets.load_dataset(OUT/KIND) reads it with decoded images (default: on)")
        group.add_argument("--report", default=True, action=argparse.BooleanOptionalAction,
                           help="write OUT/report.html, a self-contained page of totals, rejects, histograms "
                                "and examples (default: on; --no-report skips it)")
        group.add_argument("--progress", choices=("auto", "on", "off"), default="auto",
                           help="progress bar for local runs (auto: when stderr is a terminal)")


def build_config(options: BuildOptions) -> BuildConfig:
    """The `BuildConfig` the options describe: the config file (or the ``samples`` preset)
    with the flags laid over it."""
    config = BuildConfig.from_yaml(options.config) if options.config else BuildConfig.from_name("samples")
    source_options = dict(_parse_kv(item) for item in options.source_option or [])
    if options.input:
        config.sources = [SourceConfig(paths=list(options.input), options=source_options)]
    elif source_options:
        config.sources = [SourceConfig(e.paths, e.source, {**e.options, **source_options})
                          for e in config.sources]
    if options.output:
        config.output = options.output
    if options.kinds:
        config.kinds = [k.strip() for k in options.kinds.split(",") if k.strip()]
    shards = config.shards
    config.shards = ShardConfig(
        max_samples=options.max_samples_per_shard or shards.max_samples,
        max_bytes=options.max_shard_bytes or shards.max_bytes)
    if options.max_input_bytes:
        config.max_input_bytes = options.max_input_bytes
    if options.extraction_cache is not None:
        config.extraction_cache = options.extraction_cache
    if options.energon is not None:
        config.energon = options.energon
    if options.hf_card is not None:
        config.hf_card = options.hf_card
    if options.ocr_backend or options.ocr_scan_backend or options.ocr_languages or options.ocr_threads is not None:
        config.ocr = dataclasses.replace(config.ocr, backend=options.ocr_backend or config.ocr.backend,
                                         scan_backend=options.ocr_scan_backend or config.ocr.scan_backend,
                                         languages=options.ocr_languages or config.ocr.languages,
                                         threads=config.ocr.threads if options.ocr_threads is None
                                         else options.ocr_threads)
    config.quality = _quality(config.quality, options)
    config.sft = dataclasses.replace(config.sft, **{k: v for k, v in (
        ("labels", options.sft_labels), ("fasttext_model", options.sft_model), ("mix", options.sft_mix),
        ("mix_mode", options.sft_mix_mode)) if v})
    # every local path absolute, once, here: workers may run in any folder (or on other machines)
    return BuildConfig(**{f.name: getattr(config, f.name) for f in dataclasses.fields(config)}).resolved()


def _quality(quality: QualityConfig, options: BuildOptions) -> QualityConfig:
    """The config's quality settings with --quality, --quality_model and --benchmark laid over them."""
    if options.quality:
        quality = QualityConfig.from_name(options.quality)
    if options.quality_model:
        quality = dataclasses.replace(quality, quality_model=dataclasses.replace(
            quality.quality_model, path=options.quality_model))
    benchmarks: dict[str, Benchmark] = {b.name: b for b in quality.decontamination.benchmarks}
    for item in options.benchmark or []:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise ValueError(f"--benchmark wants NAME=PATH, got {item!r}")
        bench = benchmarks.get(name, Benchmark(name=name))
        is_images = os.path.isdir(path) or path.lower().endswith(IMAGE_SUFFIXES)
        benchmarks[name] = dataclasses.replace(
            bench, **({"images": bench.images + (path,)} if is_images else {"questions": bench.questions + (path,)}))
    return dataclasses.replace(quality, decontamination=dataclasses.replace(
        quality.decontamination, benchmarks=tuple(benchmarks.values())))


def _parse_kv(item: str) -> tuple[str, object]:
    """``key=value`` with the value read as YAML, so numbers and booleans keep their type."""
    key, sep, value = item.partition("=")
    if not sep or not key:
        raise ValueError(f"--source_option wants KEY=VALUE, got {item!r}")
    return key.strip(), yaml.safe_load(value)
