"""Paths that records name, kept inside the dataset root they come from.

Label files, caption tables and SFT conversations name their images by relative path; a
path that escapes the root (``..``, absolute) is refused, so a record cannot make the build
read an arbitrary file.
"""

from __future__ import annotations

import posixpath

from shards.reject import ReasonError


class PathRefused(ReasonError):
    """A path outside its dataset root; ``reason`` is ``error:label:outside_root``."""


def inside_root(root: str, relative: str) -> str:
    """``root/relative`` if it stays inside ``root`` (no ``..`` or absolute escapes), else `PathRefused`."""
    scheme, sep, path = root.partition("://")
    base = posixpath.normpath(path if sep else root)
    joined = posixpath.normpath(posixpath.join(base, relative))
    if relative.startswith("/") or not (joined + "/").startswith(base.rstrip("/") + "/"):
        raise PathRefused("error:label:outside_root", f"{relative!r} points outside the dataset root {root}")
    return f"{scheme}://{joined}" if sep else joined
