"""What a build reads, how it shards, and where it writes, as dataclasses with named presets.

A build is described by a YAML file (``--config build.yaml``) or by flags; flags
override the file. Relative paths in a config file are relative to that file, those in flags to
the working directory; both are made absolute once, when the build starts (URLs stay as they are).

Example::

    output: out
    kinds: [doc_ocr]                 # optional: build only these kinds
    sources:
      - paths: [docs/*.pdf, more_docs/]
        source: pdf                  # optional: otherwise each file is routed by extension
        options: {max_image_side: 768, image_format: jpeg}
    shards: {max_samples: 1000, max_bytes: 536870912}
    ocr: {backend: rapidocr, threads: 0}   # the engine for scanned pages and scene text
    quality: {preset: default}       # filters, decontamination, dedup (quality/config.py)
    sft: {labels: labels.jsonl, mix: mix.yaml}   # taxonomy mapping and mix (taxonomy/config.py)
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import yaml

from shards.sample import KINDS
from quality.config import QualityConfig
from sources import SOURCES
from sources.common.ocr import OcrOptions
from taxonomy.config import SftConfig

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLES_BUILD = REPO_ROOT / "samples" / "build.yaml"


@dataclasses.dataclass
class SourceConfig:
    """A set of inputs: paths (files, folders or globs, local or any Beam filesystem),
    the source that reads them (None: by file extension), and that source's options."""

    paths: list[str]
    source: str | None = None
    options: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.paths, str):
            self.paths = [self.paths]
        if not self.paths:
            raise ValueError("a source entry needs at least one path")
        if self.source is not None and self.source not in SOURCES:
            raise ValueError(f"unknown source {self.source!r}; known: {sorted(SOURCES)}")
        specs = [SOURCES[self.source]] if self.source else list(SOURCES.values())
        known = set().union(*({f.name for f in dataclasses.fields(s.options_type)} for s in specs))
        unknown = sorted(set(self.options) - known)
        if unknown:
            raise ValueError(f"unknown source option(s) {unknown}; known: {sorted(known)}")
        for spec in specs:  # bad values fail here, before the job starts, not on a worker
            self.options_for(spec)

    def spec_for(self, uri: str):
        """The source that reads ``uri`` in this entry: the one named, else the one for its extension."""
        from sources import source_for_path

        return SOURCES[self.source] if self.source else source_for_path(uri)

    def options_for(self, spec) -> Any:
        """The options dataclass ``spec`` reads these inputs with: the entry's options it knows
        (an entry routed by extension may set options of several sources)."""
        known = {f.name for f in dataclasses.fields(spec.options_type)}
        return spec.make_options({k: v for k, v in self.options.items() if k in known})


@dataclasses.dataclass
class ShardConfig:
    """Limits per shard: a shard closes at ``max_samples`` samples or ``max_bytes`` bytes."""

    max_samples: int = 1000
    max_bytes: int = 512 * 2**20

    def __post_init__(self) -> None:
        if self.max_samples < 1 or self.max_bytes < 1:
            raise ValueError("shard limits must be positive")


@dataclasses.dataclass
class BuildConfig:
    """A whole build. ``kinds`` None builds every kind the sources make;
    inputs over ``max_input_bytes`` are rejected without being read; with ``extraction_cache`` each
    finished input's records are kept (`pipelines.extraction_cache`) so a re-run does not redo them;
    ``energon`` and ``hf_card`` make the kind folders loadable by Megatron-Energon and HF datasets."""

    sources: list[SourceConfig]
    output: str = "out"
    kinds: list[str] | None = None
    shards: ShardConfig = dataclasses.field(default_factory=ShardConfig)
    max_input_bytes: int = 512 * 2**20
    ocr: OcrOptions = dataclasses.field(default_factory=OcrOptions)
    extraction_cache: bool = True  # keep each input's records in OUT/_work so re-runs skip finished inputs
    quality: QualityConfig = dataclasses.field(default_factory=QualityConfig)
    sft: SftConfig = dataclasses.field(default_factory=SftConfig)
    energon: bool = True  # .nv-meta per kind folder and OUT/energon/stage<N>.yaml (`shards.energon`)
    hf_card: bool = True  # a dataset card per kind folder for `datasets.load_dataset` (`shards.hf`)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.kinds or []) - set(KINDS))
        if unknown:
            raise ValueError(f"unknown kind(s) {unknown}; known: {list(KINDS)}")
        if not self.sources:
            raise ValueError("a build needs at least one source entry")

    @classmethod
    def from_name(cls, name: str) -> "BuildConfig":
        """A named preset: ``samples`` builds the bundled sample corpus (``samples/build.yaml``)."""
        if name == "samples":
            return cls.from_yaml(str(SAMPLES_BUILD))
        raise ValueError(f"unknown preset {name!r}; known: ['samples']")

    @classmethod
    def from_dict(cls, data: dict[str, Any], base_dir: str | None = None) -> "BuildConfig":
        data = dict(data)
        unknown = sorted(set(data) - {f.name for f in dataclasses.fields(cls)})
        if unknown:
            raise ValueError(f"unknown build config key(s) {unknown}")
        sources = [SourceConfig(**entry) for entry in data.pop("sources", [])]
        if base_dir:
            for entry in sources:
                entry.paths = [_resolve(p, base_dir) for p in entry.paths]
            if "output" in data:
                data["output"] = _resolve(data["output"], base_dir)
        shards = ShardConfig(**data.pop("shards", {}))
        ocr = OcrOptions(**data.pop("ocr", {}))
        quality = QualityConfig.from_dict(data.pop("quality", {}))
        sft = SftConfig.from_dict(data.pop("sft", {}))
        if base_dir:
            quality = quality.with_paths_under(lambda p: _resolve(p, base_dir))
            sft = sft.with_paths_under(lambda p: _resolve(p, base_dir))
        return cls(sources=sources, shards=shards, ocr=ocr, quality=quality, sft=sft, **data)

    @classmethod
    def from_yaml(cls, path: str) -> "BuildConfig":
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path}: a build config must be a mapping")
        return cls.from_dict(data, base_dir=os.path.dirname(os.path.abspath(path)))

    def resolved(self, base_dir: str | None = None) -> "BuildConfig":
        """The same build with every local path absolute (relative ones against ``base_dir``, by
        default the working directory): done once, where the build is launched, never on a worker."""
        base = base_dir or os.getcwd()
        absolute = lambda p: _resolve(p, base)  # noqa: E731
        return dataclasses.replace(
            self, sources=[dataclasses.replace(e, paths=[absolute(p) for p in e.paths]) for e in self.sources],
            output=absolute(self.output), quality=self.quality.with_paths_under(absolute),
            sft=self.sft.with_paths_under(absolute))

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _resolve(path: str, base_dir: str) -> str:
    """A local path made absolute (relative ones against ``base_dir``); URLs (``gs://...``) stay.
    Absolute, so workers started in any folder, on any machine that mounts it, read the same files."""
    if "://" in path:
        return path
    return os.path.normpath(os.path.join(base_dir, os.path.expanduser(path)))
