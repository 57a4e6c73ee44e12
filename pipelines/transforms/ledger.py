"""WriteRejects and WriteManifest: the build's account of every input, written beside the shards.

The ledger, per source, must balance:
``inputs == inputs_rejected + inputs_with_items`` (a file is rejected whole or yields
items) and ``items == written + items_rejected`` (each page or record is written or
rejected with a reason).
"""

from __future__ import annotations

import datetime
import zlib
from collections import Counter, defaultdict
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from pipelines.config import BuildConfig
from pipelines.fault_injection import fault_point
from pipelines.transforms.write_shards import STAGING
from shards.manifest import join, package_versions, write_manifest
from shards.reject import Reject

LEDGER_FIELDS = ("inputs", "inputs_rejected", "inputs_with_items", "items", "written", "items_rejected")


REJECT_FILES = 16  # the rejects' records are spread over this many files at most, by a hash of each


class WriteRejects(beam.PTransform):
    """PCollection[Reject] -> the paths of the JSONL files written under ``OUT/rejects/``
    (``rejects-KKKKK-of-NNNNN.jsonl``), each record in the file its text's CRC-32 names, each file's lines
    sorted: the same files, byte for byte, whatever the runner and its workers (``WriteToText`` split them
    by worker and wrote them in the order bundles came: one file in-process, two with two workers)."""

    def __init__(self, output: str):
        super().__init__()
        self.output = output

    def expand(self, rejects):
        return (rejects
                | "ToJson" >> beam.Map(lambda r: r.to_json().decode("utf-8"))
                | "ToFile" >> beam.Map(lambda line: (zlib.crc32(line.encode("utf-8")) % REJECT_FILES, line))
                | "GroupFiles" >> beam.GroupByKey()
                | "Write" >> beam.Map(_write_rejects, self.output))


def _write_rejects(group: tuple[int, list[str]], output: str) -> str:
    """Write a group's lines, sorted, to its reject file (``group``: the file's number and lines) under
    ``output``; the file's path."""
    number, lines = group
    path = join(output, "rejects", f"rejects-{number:05d}-of-{REJECT_FILES:05d}.jsonl")
    with FileSystems.create(path) as out:
        for line in sorted(lines):
            out.write(line.encode("utf-8") + b"\n")
    return path


def reject_ledger(reject: Reject) -> tuple[str, int]:
    return f"{reject.source}|{'inputs_rejected' if reject.whole_input else 'items_rejected'}", 1


def shard_ledger(shard) -> list[tuple[str, int]]:
    return [(f"{source}|written", n) for source, n in shard.sources.items()]


def ledger_table(counts: list[tuple[str, int]]) -> dict[str, dict[str, Any]]:
    """``[("pdf|inputs", 3), ...]`` -> ``{"pdf": {"inputs": 3, ..., "balanced": True}}``."""
    table: dict[str, dict[str, Any]] = defaultdict(lambda: dict.fromkeys(LEDGER_FIELDS, 0))
    for name, n in counts:
        source, field = name.split("|")
        table[source][field] += n
    for row in table.values():
        row["balanced"] = (row["inputs"] == row["inputs_rejected"] + row["inputs_with_items"]
                           and row["items"] == row["written"] + row["items_rejected"])
    return dict(sorted(table.items()))


def build_manifest(config: BuildConfig, runner: str, started: str, shards, reject_files,
                   ledger, reasons) -> dict[str, Any]:
    infos = sorted((s.info for s in shards), key=lambda i: i.path)
    samples, rejects = Counter(), Counter()
    for info in infos:
        samples[info.kind] += info.samples
    for name, n in reasons:
        rejects[name.split("|", 1)[1]] += n
    root = config.output.rstrip("/") + "/"
    return {
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "started": started,
        "runner": runner,
        "config": config.to_dict(),
        "versions": package_versions(),
        "shards": [vars(i) for i in infos],
        "rejects": sorted(f[len(root):] if f.startswith(root) else f for f in reject_files),
        "totals": {"shards": len(infos), "samples": dict(sorted(samples.items())),
                   "rejects": dict(sorted(rejects.items()))},
        "reject_reasons": {name: n for name, n in sorted(reasons)},
        "ledger": ledger_table(ledger),
    }


def write_all(_, config: BuildConfig, runner: str, started: str, shards, reject_files, ledger, reasons):
    manifest = build_manifest(config, runner, started, shards, reject_files, ledger, reasons)
    fault_point("manifest")
    staging = join(config.output, STAGING)
    if FileSystems.exists(staging):
        FileSystems.delete([staging])
    return write_manifest(config.output, manifest)


class WriteManifest(beam.PTransform):
    """PBegin -> the manifest's path, written once shards and rejects are complete."""

    def __init__(self, config: BuildConfig, runner: str, started: str, shards, reject_files, ledger, reasons):
        super().__init__()
        self.config, self.runner, self.started = config, runner, started
        self.shards, self.reject_files, self.ledger, self.reasons = shards, reject_files, ledger, reasons

    def expand(self, pbegin):
        side = beam.pvalue.AsList
        return (pbegin
                | "Once" >> beam.Create([None])
                | "Write" >> beam.Map(write_all, self.config, self.runner, self.started,
                                      side(self.shards), side(self.reject_files), side(self.ledger),
                                      side(self.reasons)))
