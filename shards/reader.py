"""Reading samples back from shards with the `webdataset` library.

The trainer and the tests read through here, so what the pipeline wrote is proven
readable by the real library, not by a tar parser of our own.
"""

from __future__ import annotations

import glob
from typing import Iterator

import webdataset as wds

from shards.manifest import open_for_reading, read_manifest, shard_paths
from shards.sample import Sample


def resolve_shards(source: str | list[str], kinds: list[str] | None = None) -> list[str]:
    """Shard URLs from a build output folder, a manifest path, a glob, or a list of paths.

    Brace patterns (``doc_ocr-{000000..000009}.tar``) are passed to webdataset as they are.
    """
    if isinstance(source, list):
        return source
    if source.endswith(".json") or not (source.endswith(".tar") or "*" in source or "{" in source):
        return shard_paths(read_manifest(source), kinds)
    if "*" in source:
        return sorted(glob.glob(source))
    return [source]


def _beam_open(url: str, mode: str = "rb", bufsize: int = 8192, **_):
    return open_for_reading(url)  # webdataset's opener signature; only URLs of a Beam filesystem come here


def _open_through_beam(urls: list[str]) -> None:
    """Let webdataset read URLs of schemes it has no opener for (s3://, any Beam filesystem) through
    Beam's FileSystems, so shards are read wherever the pipeline could write them."""
    from webdataset.gopen import gopen_schemes

    for url in urls:
        scheme = url.split("://", 1)[0] if "://" in url else None
        if scheme and scheme not in gopen_schemes:
            gopen_schemes[scheme] = _beam_open


def read_samples(source: str | list[str], kinds: list[str] | None = None) -> Iterator[Sample]:
    """Yield every `Sample` from the shards of ``source`` (see `resolve_shards`), in shard order."""
    urls = resolve_shards(source, kinds)
    if not urls:
        return
    _open_through_beam(urls)
    dataset = wds.WebDataset(urls, shardshuffle=False, empty_check=False,
                             nodesplitter=None, workersplitter=None)
    for members in dataset:
        sample = Sample.from_wds(members)
        if kinds is None or sample.kind in kinds:
            yield sample
