"""Where a rendered page's bytes come from: the live web, a WARC archive, or a folder.

Chromium never touches the network itself: every request it makes is answered by
one of these (see `sources.web.browser`), so a live crawl gets the fetcher's guard and
caps for sub-resources too, and an archive or a folder renders exactly what it holds.
Sub-resources come only from the page's own origin; whatever was served is kept in
``served`` so the page's images can go into its interleaved sample without a refetch.
A folder serves only regular files whose real path (symlinks followed) is inside it.
"""

from __future__ import annotations

import mimetypes
import os
import posixpath
import stat
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from sources.common.files import read_recorder
from sources.common.fetch import Fetcher, Response
from sources.common.url_guard import origin as url_origin

LOCAL_ORIGIN = "http://files.vlbuild.invalid"  # .invalid never resolves: only our router answers it


class Resources:
    """Answers the requests of one page; ``get`` returns None for what the page may not have."""

    def __init__(self, page_url: str, max_resources: int = 64):
        self.origin = url_origin(page_url)  # as the guard reads it: None refuses everything
        self.max_resources = max_resources
        self.served: dict[str, Response] = {}
        self.refused: list[str] = []

    def get(self, url: str) -> Response | None:
        url = urldefrag(url)[0]
        if url in self.served:
            return self.served[url]
        if self.origin is None or url_origin(url) != self.origin or len(self.served) >= self.max_resources:
            self.refused.append(url)
            return None
        response = self._load(url)
        if response is None:
            self.refused.append(url)
        else:
            self.served[url] = response
        return response

    def _load(self, url: str) -> Response | None:
        raise NotImplementedError


class LiveResources(Resources):
    """A live page: the document was fetched politely; its sub-resources go through the same guard."""

    def __init__(self, page: Response, fetcher: Fetcher, max_resources: int = 64):
        super().__init__(page.url, max_resources)
        self.fetcher = fetcher
        self.served[urldefrag(page.url)[0]] = page
        self.note_read = read_recorder()  # (`FolderResources`: the browser's thread loads them)

    def _load(self, url):
        self.note_read(url)
        try:
            return self.fetcher.get(url)
        except Exception:  # a missing stylesheet or image is the page's problem, not the build's
            return None


class ArchiveResources(Resources):
    """Pages replayed from a WARC: only what the archive holds is served, redirects followed inside it."""

    def __init__(self, page_url: str, records: dict[str, Response], max_resources: int = 64):
        super().__init__(page_url, max_resources)
        self.records = records

    def _load(self, url):
        for _ in range(5):
            response = self.records.get(url)
            if response is None or not response.location:
                return response
            url = urldefrag(urljoin(url, response.location))[0]
        return None


class FolderResources(Resources):
    """Local HTML with its assets: ``LOCAL_ORIGIN/<path>`` maps to files under ``root`` only."""

    def __init__(self, page_url: str, root: str, max_resources: int = 64):
        super().__init__(page_url, max_resources)
        self.root = root.rstrip("/")
        # the browser reads the assets in a thread (and greenlet) of its own: note them as the source's reads
        self.note_read = read_recorder()

    def _load(self, url):
        path = posixpath.normpath(unquote(urlsplit(url).path)).lstrip("/")
        if path.startswith(".."):
            return None
        self.note_read(f"{self.root}/{path}")
        try:
            body = read_inside(self.root, path)
        except Exception:
            return None
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return Response(url, 200, mime, body)


def resolves_inside(root: str, path: str) -> bool:
    """Whether the local ``path`` really is under ``root``: symlinks followed, on both sides."""
    base = os.path.realpath(root)
    return os.path.commonpath([base, os.path.realpath(path)]) == base


def read_inside(root: str, relative: str) -> bytes:
    """The regular file ``root/relative``; `PermissionError` when a symlink leads out of ``root``.

    A local root is checked on the real path, and again on the file actually opened (Linux names it
    in /proc/self/fd), so a link swapped in between cannot lead out either. Other file systems
    (gs://, s3://) have no links."""
    if "://" in root:
        from apache_beam.io.filesystems import FileSystems

        with FileSystems.open(f"{root}/{relative}", compression_type="uncompressed") as f:
            return f.read()
    real = os.path.realpath(os.path.join(root, relative))
    if not resolves_inside(root, real):
        raise PermissionError(f"{relative} leads out of {root}")
    fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as f:
        opened = f"/proc/self/fd/{fd}"
        if not stat.S_ISREG(os.fstat(fd).st_mode) or (os.path.exists(opened) and not resolves_inside(root, opened)):
            raise PermissionError(f"{relative} is not a regular file inside {root}")
        return f.read()


def local_url(path: str, root: str) -> str:
    """The URL a local file is rendered at: its path under ``root`` on the local origin."""
    return f"{LOCAL_ORIGIN}/{posixpath.relpath(path, root.rstrip('/') or '/')}"
