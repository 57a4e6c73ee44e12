"""WriteLoaderIndex: after the manifest, make each kind folder loadable by Megatron-Energon and Hugging Face
``datasets`` as it is (`shards.energon`, `shards.hf`).

Each published shard's tar headers are indexed on a worker (the data between them is seeked over), the
indexes are grouped by kind into the folder's ``.nv-meta/`` and ``README.md``, and the stage blends
(``energon/stage<N>.yaml``) are written last, from the kinds the build has.
"""

from __future__ import annotations

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from shards.energon import energon_files, index_shard, write_dataset, write_stage_blends
from shards.hf import CARD, write_card
from shards.manifest import join
from shards.sample import KINDS


def loader_files(output: str) -> list[str]:
    """The energon files and dataset cards a previous build left in ``output`` (a rebuild deletes them)."""
    cards = [join(output, kind, CARD) for kind in KINDS]
    return energon_files(output, KINDS) + [path for path in cards if FileSystems.exists(path)]


def _index(shard, output: str, _manifest: str):
    return shard.kind, index_shard(output, shard.info.path)


def _write_kind(item, output: str, energon: bool, hf_card: bool) -> str:
    kind, indexes = item
    indexes = list(indexes)
    if energon:
        write_dataset(output, kind, indexes)
    if hf_card:
        write_card(output, kind, set().union(*(index.part_names for index in indexes)))
    return kind


class WriteLoaderIndex(beam.PTransform):
    """PCollection of published shards (`StagedShard`) -> the kinds indexed, once ``manifest`` (the
    manifest's path) is written."""

    def __init__(self, output: str, manifest, energon: bool = True, hf_card: bool = True):
        super().__init__()
        self.output, self.manifest, self.energon, self.hf_card = output, manifest, energon, hf_card

    def expand(self, shards):
        kinds = (shards
                 | "IndexShard" >> beam.Map(_index, self.output, beam.pvalue.AsSingleton(self.manifest))
                 | "GroupByKind" >> beam.GroupByKey()
                 | "WriteKind" >> beam.Map(_write_kind, self.output, self.energon, self.hf_card))
        if self.energon:
            (kinds
             | "AllKinds" >> beam.combiners.ToList()
             | "StageBlends" >> beam.Map(lambda found, output: write_stage_blends(output, sorted(found)), self.output))
        return kinds
