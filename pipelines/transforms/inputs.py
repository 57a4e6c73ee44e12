"""ListInputs: the configured paths expanded into input files, spread across workers.

Matching runs inside the pipeline through Beam's FileSystems, so a million files
on ``gs://`` are listed by workers, not held by the launching machine.
"""

from __future__ import annotations

import dataclasses
import posixpath

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from pipelines.config import BuildConfig
from sources.common.files import read_bytes


@dataclasses.dataclass(frozen=True)
class InputFile:
    """One file to read, or one task cut from a file (``payload`` holds its bytes, or is None where
    the task reads its ``file`` again: a page range of a book); ``entry`` is its source entry's index
    in the build config."""

    uri: str
    size: int
    entry: int
    payload: bytes | None = None
    file: str | None = None  # where a task's bytes are read from (None: ``uri`` itself)

    def read(self) -> bytes:
        return self.payload if self.payload is not None else read_input(self.file or self.uri)


def to_pattern(path: str) -> str:
    """A folder becomes a recursive glob; a file or glob stays as it is."""
    if any(c in path for c in "*?[") or not (path.endswith("/") or _is_local_dir(path)):
        return path
    return path.rstrip("/") + "/**"


def _is_local_dir(path: str) -> bool:
    import os

    return "://" not in path and os.path.isdir(path)


def is_hidden(path: str) -> bool:
    """Dotfiles and files in dot-folders (.git, .DS_Store) are not inputs."""
    return any(part.startswith(".") and part not in (".", "..") for part in path.split("/")[-8:])


def match_pattern(item: tuple[int, str]):
    """Yield an `InputFile` for every non-hidden file the pattern matches."""
    entry, pattern = item
    for result in FileSystems.match([pattern]):
        for meta in result.metadata_list:
            if not is_hidden(posixpath.relpath(meta.path, _static_prefix(pattern))):
                yield InputFile(uri=meta.path, size=meta.size_in_bytes, entry=entry)


def _static_prefix(pattern: str) -> str:
    """The part of a pattern before its first wildcard, so only the matched part is checked for dots."""
    cut = min((pattern.find(c) for c in "*?[" if c in pattern), default=len(pattern))
    return pattern[:cut].rsplit("/", 1)[0] or "/"


read_input = read_bytes  # the bytes of one input, as stored


def split_tasks(item: InputFile, config: BuildConfig):
    """Yield the tasks a splittable input (a URL list, a long book) is cut into, or the input itself. A
    file that cannot be split goes on whole, so its reader meets the problem and rejects it with the reason."""
    entry = config.sources[item.entry]
    spec = entry.spec_for(item.uri)
    wanted = spec is not None and (not config.kinds or set(config.kinds) & set(spec.kinds))
    if not wanted or spec.splitter_ref is None or item.size > config.max_input_bytes:
        yield item
        return
    try:
        tasks = list(spec.splitter()(read_input(item.uri), item.uri, entry.options_for(spec)))
    except Exception:
        tasks = []
    if not tasks:
        yield item
    for uri, payload in tasks:
        yield InputFile(uri=uri, size=item.size if payload is None else len(payload), entry=item.entry,
                        payload=payload, file=item.uri)


class ListInputs(beam.PTransform):
    """PBegin -> PCollection[InputFile], one per matched file (or task), redistributed for parallel reading."""

    def __init__(self, config: BuildConfig):
        super().__init__()
        self.config = config
        self.patterns = [(i, to_pattern(p)) for i, e in enumerate(config.sources) for p in e.paths]

    def expand(self, pbegin):
        return (pbegin
                | "Patterns" >> beam.Create(self.patterns)
                | "Match" >> beam.FlatMap(match_pattern)
                | "SplitTasks" >> beam.FlatMap(split_tasks, self.config)
                | "Spread" >> beam.Reshuffle())
