"""Per-input checkpoints: what a finished input produced, kept so a re-run does not redo it.

Extraction (rendering, OCR, charts) is where a build spends its time, so each input's
records are saved under ``OUT/_work/extract/`` once it is done, written atomically
(temporary name, then rename). A killed build re-run, or a build re-run with more
inputs, loads finished inputs from here and redoes only the rest; shard writing is
deterministic, so the shards come out exactly as an uninterrupted run writes them.
The key covers the input's location and content, its source, that source's options
and the vlbuild version, so changed inputs, options or code are redone.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import signal
from dataclasses import asdict, is_dataclass

from apache_beam.io.filesystems import FileSystems

from shards.manifest import join, package_versions
from shards.writer import replace

WORK = "_work"


def checkpoint_path(output: str, uri: str, data: bytes, source: str, settings: dict) -> str:
    """Where the records of this input, read by ``source`` with ``settings`` (its options, the kinds
    asked for, the OCR engine: whatever changes what it yields), are kept."""
    plain = {k: asdict(v) if is_dataclass(v) else v for k, v in settings.items()}
    key = json.dumps([uri, hashlib.sha256(data).hexdigest(), source, plain, _version()],
                     sort_keys=True, default=str)
    return join(output, WORK, "extract", hashlib.sha256(key.encode()).hexdigest()[:32] + ".pkl")


@functools.lru_cache(maxsize=1)
def _version() -> str:
    """vlbuild's version, looked up once a process (a metadata lookup costs ~2 ms: too much per input)."""
    return package_versions()["vlbuild"]


def load(path: str) -> list | None:
    """The records saved for an input, or None when it has not finished before."""
    if not FileSystems.exists(path):
        return None
    with FileSystems.open(path, compression_type="uncompressed") as f:
        return pickle.loads(f.read())


def save(path: str, records: list) -> None:
    temp = path + ".partial"
    with FileSystems.create(temp) as f:
        f.write(pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL))
    replace(temp, path)


_calls: dict[str, int] = {}


def fault_point(stage: str) -> None:
    """Fault injection for the kill tests: with ``VLBUILD_KILL_AT=stage:n`` set, the process
    SIGKILLs itself at the n-th time it passes ``stage`` (no effect otherwise)."""
    target = os.environ.get("VLBUILD_KILL_AT")
    if not target:
        return
    _calls[stage] = _calls.get(stage, 0) + 1
    name, _, count = target.partition(":")
    if name == stage and _calls[stage] == int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)
