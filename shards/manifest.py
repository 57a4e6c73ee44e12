"""``manifest.json``: the index of a build's shards, written last so its presence means "complete".

It lists every shard (path relative to the build output, kind, sample count, bytes,
sha256), the totals and ledger of the build, and the settings and versions it ran with.
"""

from __future__ import annotations

import hashlib
import json
import platform
from importlib import metadata
from typing import Any, BinaryIO

MANIFEST_NAME = "manifest.json"
FORMAT = "vlbuild-shards/1"
_VERSIONED = ("vlbuild", "apache-beam", "pymupdf-lite", "webdataset", "pillow", "pyarrow")


def package_versions() -> dict[str, str]:
    """Versions of Python and the libraries whose behaviour shapes the shards."""
    versions = {"python": platform.python_version()}
    for name in _VERSIONED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def open_for_reading(path: str) -> BinaryIO:
    """A binary reader of ``path``: a local path with ``open``, a URL (``gs://``, ``s3://``...) through
    Beam's FileSystems, as the build wrote it. A trainer reading local shards never imports Apache Beam:
    GPU training images rarely ship it, and its import costs seconds."""
    if "://" not in path:
        return open(path, "rb")
    from apache_beam.io.filesystems import FileSystems

    return FileSystems.open(path, compression_type="uncompressed")


def manifest_path(output: str) -> str:
    return join(output, MANIFEST_NAME)


def join(base: str, *parts: str) -> str:
    """Join path parts with '/', for local paths and URLs alike."""
    return "/".join([base.rstrip("/"), *parts])


def write_manifest(output: str, manifest: dict[str, Any]) -> str:
    """Write the manifest atomically (temp name, then rename) and return its path."""
    from apache_beam.io.filesystems import FileSystems

    final = manifest_path(output)
    temp = final + ".tmp"
    with FileSystems.create(temp) as f:
        f.write(json.dumps({"format": FORMAT, **manifest}, indent=2, sort_keys=True).encode("utf-8"))
    if FileSystems.exists(final):
        FileSystems.delete([final])
    FileSystems.rename([temp], [final])
    return final


def read_manifest(path: str) -> dict[str, Any]:
    """Read a manifest given its path or the build output folder that holds it."""
    if not path.endswith(".json"):
        path = manifest_path(path)
    with open_for_reading(path) as f:
        manifest = json.loads(f.read())
    if manifest.get("format") != FORMAT:
        raise ValueError(f"{path} is not a {FORMAT} manifest")
    manifest["_root"] = path.rsplit("/", 1)[0] if "/" in path else "."
    return manifest


def shard_paths(manifest: dict[str, Any], kinds: list[str] | None = None) -> list[str]:
    """Full paths of the manifest's shards, optionally only of some kinds."""
    return [join(manifest["_root"], s["path"]) for s in manifest["shards"]
            if kinds is None or s["kind"] in kinds]


def verify_shards(manifest: dict[str, Any]) -> list[str]:
    """Check every shard's size and sha256 against the manifest; return the problems found."""
    from apache_beam.io.filesystems import FileSystems

    problems = []
    for shard in manifest["shards"]:
        path = join(manifest["_root"], shard["path"])
        if not FileSystems.exists(path):
            problems.append(f"{shard['path']}: missing")
            continue
        sha, size = hashlib.sha256(), 0
        with FileSystems.open(path) as f:
            while chunk := f.read(1 << 20):
                sha.update(chunk)
                size += len(chunk)
        if size != shard["bytes"] or sha.hexdigest() != shard["sha256"]:
            problems.append(f"{shard['path']}: size or sha256 differs from the manifest")
    return problems
