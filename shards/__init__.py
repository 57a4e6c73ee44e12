"""The shard contract between the pipeline and the trainer: schema, writer, manifest, reader."""

import logging


class _DropBeamGcpNotice(logging.Filter):
    """Beam warns at import that its GCP client libraries are missing; local builds never need them.
    Installed here because every entry point (build, sources, trainer) imports this package first."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "apitools not found" not in record.getMessage()


logging.getLogger().addFilter(_DropBeamGcpNotice())

from shards.manifest import read_manifest, shard_paths, verify_shards
from shards.reject import Reject
from shards.sample import KINDS, Sample, make_key

_WRITER = ("SampleWriter", "ShardInfo", "TarShardWriter")


def __getattr__(name: str):
    """The writer's names and the reader, imported at first use (PEP 562): the writer needs Apache Beam's
    FileSystems, and a trainer that only reads local shards should not need Beam installed; the reader
    imports webdataset, which imports torch (1.4 s of CPU), and a build never reads through it."""
    if name in _WRITER:
        from shards import writer

        return getattr(writer, name)
    if name == "read_samples":
        from shards.reader import read_samples

        return read_samples
    raise AttributeError(f"module 'shards' has no attribute {name!r}")


__all__ = ["KINDS", "Reject", "Sample", "SampleWriter", "ShardInfo", "TarShardWriter", "make_key",
           "read_manifest", "read_samples", "shard_paths", "verify_shards"]
