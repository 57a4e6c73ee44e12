"""`SampleCoder`: a `Sample` as compact bytes, for the groupings that carry whole samples.

Beam's local runner keeps every value crossing a grouping in a table of *decoded* objects until the
grouping is read (and then one or two encoded copies while it hands them over). A caption `Sample`
(dataclass, `Meta` dict, `StagedImage`, a dozen strings) is ~2.9 KiB as Python objects and 675 bytes
pickled as a dataclass; a million of them were ~3 GB at each of the two groupings that carry them
(Deduplicate's join with its verdicts, WriteShards' buckets; issue #25). So those steps group
``SampleCoder().encode(sample)``, a bytes value the table holds as it is (~0.5 KiB), and decode after
the grouping. The same coder is registered for `Sample`, so a PCollection typed as samples
(``.with_output_types(Sample)``) crosses any runner's shuffle in this form too.

The bytes are a pickle of the fields as a plain tuple (no class or field names), a `StagedImage` as
its three values: the decoded sample equals the encoded one, images, meta and all.
"""

from __future__ import annotations

import pickle

from apache_beam import coders

from shards.sample import Sample
from shards.staged import StagedImage


class SampleCoder(coders.Coder):
    """Sample <-> bytes: ``pickle((key, kind, images, text, segments, conversation, meta))``, an image
    as its bytes or a staged one as ``(name, offset, length)``."""

    def encode(self, sample: Sample) -> bytes:
        images = [(i.name, i.offset, i.length) if isinstance(i, StagedImage) else i for i in sample.images]
        return pickle.dumps((sample.key, sample.kind, images, sample.text, sample.segments, sample.conversation,
                             dict(sample.meta)), protocol=pickle.HIGHEST_PROTOCOL)

    def decode(self, encoded: bytes) -> Sample:
        key, kind, images, text, segments, conversation, meta = pickle.loads(encoded)
        images = [StagedImage(*i) if isinstance(i, tuple) else i for i in images]
        return Sample(key, kind, images, text, segments, conversation, meta)

    def is_deterministic(self) -> bool:
        return False  # meta's dict order follows how it was built; never a grouping key

    def to_type_hint(self):
        return Sample


coders.registry.register_coder(Sample, SampleCoder)
