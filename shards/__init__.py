"""The shard contract between the pipeline and the trainer: schema, writer, manifest, reader."""

from shards.manifest import read_manifest, shard_paths, verify_shards
from shards.reader import read_samples
from shards.reject import Reject
from shards.sample import KINDS, Sample, make_key
from shards.writer import SampleWriter, ShardInfo, TarShardWriter

__all__ = ["KINDS", "Reject", "Sample", "SampleWriter", "ShardInfo", "TarShardWriter", "make_key",
           "read_manifest", "read_samples", "shard_paths", "verify_shards"]
