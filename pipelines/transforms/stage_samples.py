"""StageSamples: whole samples into staging files, so that a grouping carries only their references.

Beam's local runner holds a grouping's values for the whole corpus, decoded in its table and then
encoded once or twice while it hands them to the consumer. Deduplicate's join with its verdicts and
WriteShards' buckets carried every sample, as `SampleCoder` bytes (~550 bytes a caption pair, ~1.6
KiB a pair at each of those stages; issue #25). Here a sample is appended to its bundle's staging file
as those bytes (its images already staged, `StageImages`) and the grouping carries ``(key, kind,
reference)``; the consumer reads the sample back (`StagedSamples`). Files are named at random, one a
bundle, under a folder of the build's staging folder (deleted with it once every shard is written), on
any Beam filesystem, so any worker reads what another wrote.
"""

from __future__ import annotations

import uuid

import apache_beam as beam

from pipelines.coders import SampleCoder
from shards.sample import Sample
from shards.staged import StagingReader, StagingWriter, pack_reference, unpack_reference


class StageSamplesFn(beam.DoFn):
    """Sample -> (key, kind, reference as `pack_reference` bytes): the sample appended to this bundle's
    staging file in ``folder``."""

    def __init__(self, folder: str):
        self.folder = folder

    def start_bundle(self):
        # 64 random bits: a retried bundle writes a new file; what the failed attempt wrote is never referenced
        self.writer = StagingWriter(self.folder, f"{uuid.uuid4().hex[:16]}.bin")
        self.coder = SampleCoder()

    def process(self, sample: Sample):
        ref = self.writer.stage([self.coder.encode(sample)])[0]
        yield sample.key, sample.kind, pack_reference(ref)

    def finish_bundle(self):
        self.writer.close()  # before any reader: readers are past a grouping, so after this bundle ends


class StagedSamples:
    """Reads samples `StageSamplesFn` staged in ``folder`` back (its files stay open until `close`)."""

    def __init__(self, folder: str):
        self.reader, self.coder = StagingReader(folder), SampleCoder()

    def read(self, reference: bytes) -> Sample:
        return self.coder.decode(self.reader.read(unpack_reference(reference)))

    def close(self) -> None:
        self.reader.close()
