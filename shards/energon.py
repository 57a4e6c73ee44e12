"""Megatron-Energon metadata for a build: each kind folder becomes an energon dataset as it is.

Energon (NVIDIA's multimodal loader behind Megatron-LM and NeMo) reads a WebDataset folder once
``energon prepare`` has written its ``.nv-meta/``. This module writes what that command writes, from
the shards' tar headers only (no image is read), without energon installed:

- ``<kind>/<kind>-000000.tar.idx``: each sample's byte offset in the tar, then the tar's end (uint64s);
- ``.nv-meta/.info.json``: samples per shard; ``split.yaml``: every shard in ``train`` (the build has
  no split; the trainer's held-out slice is by key hash); ``index.sqlite``: every sample and part with
  its byte range, energon's schema; ``index.uuid``: derived from the index, so it changes with it;
- ``.nv-meta/dataset.yaml``: the energon sample type of the kind and how the shard's parts fill it
  (a ``field_map``, or the loaders of `shards.energon_loaders`, copied to ``sample_loader.py``);
- ``energon/stage{1,2,3}.yaml``: one metadataset per training stage, blending the kind folders with
  the paper's mixes as weights (`model.stages.STAGES`), each kind named in ``subflavors``.

The layout is energon 7.4.1's; ``tests/test_export.py`` compares it with ``energon prepare``'s output on
the same shards and trains through ``get_train_dataset``. All paths go through Beam's FileSystems.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import re
import sqlite3
import struct
import tarfile
import tempfile
import uuid
from pathlib import Path

import yaml
from apache_beam.io.filesystems import CompressionTypes, FileSystems

from shards.manifest import join, read_manifest
from shards.tar import plain_members
from shards.writer import write_whole

ENERGON_LAYOUT = "7.4.1"  # the energon release whose `energon prepare` output this matches (tested)
NV_META = ".nv-meta"
BLENDS = "energon"
# energon's own rules for member names (megatron.energon.flavors.webdataset.config): "KEY.PART", "__x__" skipped
_SPLIT_NAME = re.compile(r"^((?:.*/|)[^.]+)[.]([^/]*)$")
_SKIP_META = re.compile(r"__[^/]*__($|/)")

# any one image of a single-image sample: the stored format decides its extension
_IMAGE = "0.png,0.jpg,0.webp"
_LOADERS = "sample_loader.py"
SAMPLE_TYPES: dict[str, tuple[str, dict[str, str] | str]] = {
    # kind: (energon sample type, field_map or sample_loader function)
    "caption": ("CaptioningSample", {"image": _IMAGE, "caption": "json[text]"}),
    "doc_ocr": ("OCRSample", {"image": _IMAGE, "text": "json[text]"}),
    "scene_ocr": ("OCRSample", {"image": _IMAGE, "text": "json[text]"}),
    "text": ("TextSample", {"text": "json[text]"}),
    "interleaved": ("InterleavedSample", "interleaved_sample"),
    "sft": ("SimilarityInterleavedSample", "conversation_sample"),
    "chart": ("SimilarityInterleavedSample", "conversation_sample"),
    "web_code": ("SimilarityInterleavedSample", "conversation_sample"),
}


@dataclasses.dataclass(frozen=True)
class ShardIndex:
    """One shard as energon indexes it. samples: (key, byte offset, byte size) of each sample's members;
    parts: (sample index, part name, data offset, data size); end: the offset after the last member."""

    kind: str
    name: str  # the shard's file name inside its kind folder
    samples: tuple[tuple[str, int, int], ...]
    parts: tuple[tuple[int, str, int, int], ...]
    end: int

    @property
    def part_names(self) -> set[str]:
        return {part for _, part, _, _ in self.parts}


def index_shard(output: str, relpath: str) -> ShardIndex:
    """The index of the shard at ``output/relpath`` (``kind/kind-000000.tar``), read from its tar
    headers as energon's ``prepare`` reads them (through tarfile): the data between headers is seeked
    over, not read. A shard as the build writes it has its headers read by `shards.tar.plain_members`,
    which finds the members tarfile finds, ~10x faster; any other goes through tarfile."""
    kind, name = relpath.split("/", 1)
    samples, parts, starts = [], [], []
    with FileSystems.open(join(output, relpath), compression_type=CompressionTypes.UNCOMPRESSED) as f:
        found = plain_members(f)  # the build's own shards: their headers read without tarfile's Python
        if found is None:
            f.seek(0)
            with tarfile.open(fileobj=f, mode="r:") as tar:
                found = ([(m.name, m.offset, m.offset_data, m.size) for m in tar if m.isreg()], tar.offset)
    members, end = found
    previous = None
    for member, offset, data_offset, size in members:
        named = _SPLIT_NAME.match(member) if not _SKIP_META.match(member) else None
        if named is None:
            continue
        base, part = named.groups()
        if base != previous:
            starts.append((base, offset))
            previous = base
        parts.append((len(starts) - 1, part, data_offset, size))
    bounds = [offset for _, offset in starts] + [end]
    samples = [(key, offset, bounds[i + 1] - offset) for i, (key, offset) in enumerate(starts)]
    return ShardIndex(kind, name, tuple(samples), tuple(parts), end)


def dataset_yaml(kind: str) -> dict:
    """``.nv-meta/dataset.yaml`` of a kind folder."""
    sample_type, mapping = SAMPLE_TYPES[kind]
    config: dict = {"sample_type": {"__module__": "megatron.energon", "__class__": sample_type}}
    if isinstance(mapping, dict):
        config["field_map"] = dict(mapping)
    else:
        config["sample_loader"] = f"{_LOADERS}:{mapping}"
        config["part_filter"] = f"{_LOADERS}:part_filter"
    return config


def write_dataset(output: str, kind: str, indexes: list[ShardIndex]) -> list[str]:
    """Write the energon metadata of ``output/kind`` for its shards' ``indexes``; returns the paths."""
    folder = join(output, kind)
    meta = join(folder, NV_META)
    indexes = sorted(indexes, key=lambda i: i.name)
    written = []
    for index in indexes:
        offsets = [offset for _, offset, _ in index.samples] + [index.end]
        written.append(write_whole(join(folder, index.name + ".idx"), struct.pack(f"<{len(offsets)}Q", *offsets)))
    info = {"energon_version": ENERGON_LAYOUT, "shard_counts": {i.name: len(i.samples) for i in indexes}}
    written.append(write_whole(join(meta, ".info.json"), json.dumps(info, indent=2).encode()))
    split = {"split_parts": {"train": [i.name for i in indexes], "val": [], "test": []}, "exclude": []}
    written.append(write_whole(join(meta, "split.yaml"), yaml.safe_dump(split, sort_keys=False).encode()))
    written.append(write_whole(join(meta, "dataset.yaml"), yaml.safe_dump(dataset_yaml(kind), sort_keys=False).encode()))
    if not isinstance(SAMPLE_TYPES[kind][1], dict):
        written.append(write_whole(join(meta, _LOADERS), Path(__file__).with_name("energon_loaders.py").read_bytes()))
    written.append(write_whole(join(meta, "index.sqlite"), _sqlite_index(indexes)))
    # the fields as they are (what dataclasses.astuple gives, without its deep copy of every sample's tuple)
    fields = [tuple(getattr(i, f.name) for f in dataclasses.fields(i)) for i in indexes]
    digest = hashlib.sha256(json.dumps(fields).encode()).hexdigest()
    written.append(write_whole(join(meta, "index.uuid"), str(uuid.uuid5(uuid.NAMESPACE_URL, f"vlbuild:{digest}")).encode()))
    return written


def _sqlite_index(indexes: list[ShardIndex]) -> bytes:
    """energon's ``index.sqlite`` (its `SqliteIndexWriter` schema and indexes), built in a local temporary
    file since SQLite cannot write to object stores; ``tar_file_id`` is the shard's place in ``indexes``."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "index.sqlite")
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE IF NOT EXISTS samples (tar_file_id INTEGER NOT NULL, sample_key TEXT NOT NULL "
                   "UNIQUE, sample_index INTEGER NOT NULL, byte_offset INTEGER, byte_size INTEGER)")
        db.execute("CREATE TABLE IF NOT EXISTS sample_parts (tar_file_id INTEGER, sample_index INTEGER, "
                   "part_name TEXT, content_byte_offset INTEGER, content_byte_size INTEGER)")
        for tar_id, index in enumerate(indexes):
            db.executemany("INSERT INTO samples VALUES (?, ?, ?, ?, ?)",
                           [(tar_id, key, n, offset, size) for n, (key, offset, size) in enumerate(index.samples)])
            db.executemany("INSERT INTO sample_parts VALUES (?, ?, ?, ?, ?)",
                           [(tar_id, *part) for part in index.parts])
        db.execute("CREATE INDEX IF NOT EXISTS idx_samples_by_tar_and_idx ON samples(tar_file_id, sample_index)")
        db.execute("CREATE INDEX IF NOT EXISTS idx_sample_parts_seq ON sample_parts(tar_file_id, sample_index, "
                   "content_byte_offset)")
        db.execute("CREATE INDEX IF NOT EXISTS idx_sample_parts_full ON sample_parts(tar_file_id, sample_index, "
                   "part_name, content_byte_offset, content_byte_size)")
        db.commit()
        db.close()
        with open(path, "rb") as f:
            return f.read()


def stage_mixes() -> dict[int, tuple[str, dict[str, float]]]:
    """Stage number -> (name, kind weights): the trainer's stages (`model.stages`), the paper's mixes."""
    from model.stages import STAGES  # the trainer's definition is the one source of the mixes

    return {n: (stage.name, dict(stage.mix.weights)) for n, stage in STAGES.items()}


def write_stage_blends(output: str, kinds: list[str]) -> list[str]:
    """``energon/stage<N>.yaml``: a metadataset per stage blending the kind folders present in the build
    by the stage's weights (kinds the build lacks are left out; energon normalises the rest)."""
    written = []
    for number, (name, weights) in stage_mixes().items():
        blend = [{"weight": weight, "path": f"../{kind}", "subflavors": {"kind": kind}}
                 for kind, weight in weights.items() if kind in kinds and weight > 0]
        if not blend:
            continue
        header = (f"# stage {number} ({name}): the kinds of this build weighted as in the paper's mix\n"
                  f"# (model/stages.py); load with megatron.energon.get_train_dataset(this file, ...)\n")
        body = {"__module__": "megatron.energon", "__class__": "MetadatasetV2", "splits": {"train": {"blend": blend}}}
        written.append(write_whole(join(output, BLENDS, f"stage{number}.yaml"),
                            (header + yaml.safe_dump(body, sort_keys=False)).encode()))
    return written


def energon_files(output: str, kinds) -> list[str]:
    """Every energon file a previous build may have left in ``output`` (a rebuild deletes them first)."""
    patterns = [join(output, BLENDS, "*")]
    for kind in kinds:
        patterns += [join(output, kind, NV_META, "*"), join(output, kind, f"{kind}-*.tar.idx*")]
    files = [m.path for result in FileSystems.match(patterns) for m in result.metadata_list]
    # then the folders themselves, where the file system has folders (object stores have only the files)
    folders = [join(output, kind, NV_META) for kind in kinds] + [join(output, BLENDS)]
    return files + [folder for folder in folders if FileSystems.exists(folder)]


def write_energon(output: str) -> list[str]:
    """Energon metadata for every kind folder of the build in ``output`` and the stage blends, serially
    (the build does the same per shard in parallel, `pipelines.transforms.loader_index`)."""
    manifest = read_manifest(output)
    by_kind: dict[str, list[ShardIndex]] = {}
    for shard in manifest["shards"]:
        by_kind.setdefault(shard["kind"], []).append(index_shard(output, shard["path"]))
    written = [path for kind, indexes in sorted(by_kind.items()) for path in write_dataset(output, kind, indexes)]
    return written + write_stage_blends(output, sorted(by_kind))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shards.energon", description=write_energon.__doc__.split("\n")[0])
    parser.add_argument("output", help="a build's output folder (local, gs://, s3://)")
    args = parser.parse_args(argv)
    written = write_energon(args.output)
    print(f"energon: {len(written)} files; load a kind with get_train_dataset('{join(args.output, 'caption')}', ...) "
          f"or a stage with '{join(args.output, BLENDS, 'stage2.yaml')}'")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
