"""Web pages rendered in headless Chromium: from URL lists, WARC archives or local HTML folders.

Three readers, one path: find the page's bytes (`sources.web.resources`), render it
(`sources.web.browser`), make samples (`sources.web.samples`). Each page that cannot
make samples (refused by robots.txt or the SSRF guard, not HTML, too large, hanging,
crashing, opening dialogs or downloads, scrolling forever) is a reject with its URL.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
from typing import Iterator
from urllib.parse import urldefrag, urljoin, urlsplit

from shards.reject import Reject
from shards.sample import Sample
from sources.web.browser import RenderRefused, RenderSettings
from sources.common.fetch import FetchError, FetchPolicy, Response, shared_fetcher
from sources.common.html_encoding import EncodingRefused, decode_html
from sources.common.options import ImageStorage, InterleavedOptions
from sources.common.url_guard import UrlRefused
from sources.web.url_lists import parse_url_list
from sources.web.resources import (ArchiveResources, FolderResources, LiveResources, Resources, resolves_inside,
                                   local_url)
from sources.web.samples import rendered_samples
from sources.web.warc import chosen, warc_captures

VIEWPORTS = {"desktop": (1280, 800), "mobile": (390, 844)}
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclasses.dataclass(frozen=True)
class WebOptions(ImageStorage, InterleavedOptions, FetchPolicy):
    """How web pages are fetched (`FetchPolicy`), rendered and turned into samples.

    viewports: each page is rendered at each of these: ``desktop`` (1280x800), ``mobile`` (390x844,
      touch) or ``WIDTHxHEIGHT``.
    javascript: run the page's scripts (off: the HTML and CSS alone).
    page_timeout_s: a page not loaded and captured in this long is rejected (``error:render:timeout``).
    max_tiles: a long page is captured to at most this many viewport heights (``truncated`` in meta).
    max_dom_nodes: pages with more elements are rejected (``filtered:dom_too_large``).
    font_wait_s: how long layout waits for the page's web fonts; a page whose fonts are still loading then
      is rejected (``error:render:web_fonts``): its text measured in fallback fonts would not match the
      image, and how far they got would depend on the machine's load.
    max_html_chars: a web_code sample whose simplified HTML is longer is rejected.
    image_format, jpeg_quality: how screenshot tiles are stored: ``webp`` (default) and ``png`` are
      lossless (see `sources.documents.read.DocumentOptions`), ``jpeg`` is lossy.
    interleaved, token_budget, image_tokens, min_image_side: the main-content interleaved document,
      cut and filtered as documents' are (`sources.documents.read.DocumentOptions`).
    max_resources: sub-resources (CSS, images, fonts) served to one page at most.
    column: the URL column of a CSV/TSV/Parquet URL list.
    urls_per_task: a URL list is cut into tasks of at most this many URLs of one host.
    timeout_s, retries, backoff_s, max_bytes, host_interval_s, obey_robots, user_agent, allow_private:
      how each page and resource is fetched (`sources.common.fetch.FetchPolicy`).
    asset_root: for local HTML, the folder its assets may come from (default: the page's own folder).
    agreement_lines: this many lines of each doc_ocr tile are read back from the tile's image by the OCR
      engine's recogniser (`sources.web.tiles.tile_cer`); where the character error rate is over
      ``max_text_image_cer`` the DOM's text is not what the tile shows (transparent or background-coloured
      text, an icon font drawing a word such as "home" as a picture; private-use glyphs are left out of
      the target by `page_layout.js`) and the tile is rejected (``filtered:text_image_mismatch``).
      The figure is kept in ``meta["text_image_cer"]``. 0 turns the check off.
    """

    viewports: tuple[str, ...] = ("desktop",)
    javascript: bool = True
    page_timeout_s: float = 20.0
    max_tiles: int = 8
    max_dom_nodes: int = 20000
    font_wait_s: float = 10.0
    max_html_chars: int = 100_000
    max_resources: int = 64
    column: str = "url"
    urls_per_task: int = 100
    asset_root: str = ""
    agreement_lines: int = 1
    max_text_image_cer: float = 0.5

    def __post_init__(self) -> None:
        ImageStorage.__post_init__(self)
        FetchPolicy.__post_init__(self)
        object.__setattr__(self, "viewports", tuple(self.viewports))  # YAML gives lists
        if not self.viewports:
            raise ValueError("web sources need at least one viewport")
        for view in self.viewports:
            self.viewport_size(view)
        if self.urls_per_task < 1 or self.max_tiles < 1:
            raise ValueError("urls_per_task and max_tiles must be at least 1")

    def viewport_size(self, view: str) -> tuple[int, int]:
        if view in VIEWPORTS:
            return VIEWPORTS[view]
        try:
            width, height = (int(v) for v in view.lower().split("x"))
        except ValueError:
            raise ValueError(f"viewport {view!r} is not one of {sorted(VIEWPORTS)} or WIDTHxHEIGHT") from None
        return width, height

    def render_settings(self, view: str) -> RenderSettings:
        return RenderSettings(viewport=self.viewport_size(view), mobile=view == "mobile",
                              javascript=self.javascript, timeout_s=self.page_timeout_s, max_tiles=self.max_tiles,
                              max_dom_nodes=self.max_dom_nodes, user_agent=self.user_agent,
                              font_wait_s=self.font_wait_s)

    def fetch_policy(self) -> FetchPolicy:
        return FetchPolicy(**{f.name: getattr(self, f.name) for f in dataclasses.fields(FetchPolicy)})


def read_url_list(data: bytes, uri: str, options: WebOptions, context) -> Iterator[Sample | Reject]:
    """A URL list (or one task of it): each URL fetched politely, rendered, made into samples."""
    fetcher = shared_fetcher(options.fetch_policy())
    for url in parse_url_list(data, uri, options.column):
        try:
            page = fetcher.page(url)
        except (FetchError, UrlRefused) as exc:
            family = "filtered" if isinstance(exc, UrlRefused) or exc.reason == "robots_disallowed" else "error:fetch"
            yield Reject("web_urls", uri, f"{family}:{exc.reason}", str(exc), locator=f"url={url}")
            continue
        if page.mime not in HTML_TYPES:
            yield Reject("web_urls", uri, "filtered:not_html", f"{page.url} is {page.mime or 'untyped'}",
                         locator=f"url={url}")
            continue
        yield from _render(page.url, LiveResources(page, fetcher, options.max_resources), options, context,
                           "web_urls", uri, requested=url)


def read_warc(data: bytes, uri: str, options: WebOptions, context) -> Iterator[Sample | Reject]:
    """Every HTML page in a WARC, rendered from what the archive holds (no live fetching): each URL
    captured as HTML ends as samples or one reject (`sources.web.warc` picks its capture)."""
    captures, damage = warc_captures(data)
    if damage is not None:  # the records before the break are read; what followed it is this reject's
        yield Reject("warc", uri, "error:warc:archive_cut", f"the archive breaks off after {damage.records} records "
                     f"(a crawl stopped mid-write): {damage.detail}", locator=f"record={damage.records + 1}")
    best = {url: chosen(found) for url, found in captures.items()}
    records = {url: c.response for url, c in best.items() if c.usable}
    pages = sorted(url for url, found in captures.items() if any(c.mime in HTML_TYPES for c in found))
    if not pages:
        yield Reject("warc", uri, "filtered:no_html_pages", f"{len(captures)} URLs, none an HTML page")
    for url in pages:
        capture = best[url]
        if capture.problem:
            yield Reject("warc", uri, f"error:warc:{capture.problem}", capture.detail, locator=f"url={url}")
        elif not capture.usable:
            yield Reject("warc", uri, "filtered:http_status", f"every capture failed; the latest: HTTP "
                         f"{capture.response.status}", locator=f"url={url}")
        elif not capture.response.location:
            yield from _render(url, ArchiveResources(url, records, options.max_resources), options, context,
                               "warc", uri)
        else:
            location = urldefrag(urljoin(url, capture.response.location))[0]
            target = best[location] if location in pages and location != url else None
            yield from _redirected(url, captures[url], location, target, records, uri, options, context)


def _redirected(url: str, url_captures: list, location: str, target, records: dict, uri: str,
                options: WebOptions, context) -> Iterator[Sample | Reject]:
    """A URL whose latest capture redirects to ``location``: where the archive holds that as a page it renders
    (``target``: its chosen capture, None where it holds none), the target is rendered as that page and this
    URL is one reject that names it; else the URL's latest page of its own among ``url_captures`` (an article
    captured 200 OK, re-crawled later as a 301 to a site never crawled, or to a 404); else a reject. Such URLs
    gave nothing at all: neither sample nor reject."""
    status = chosen(url_captures).response.status
    own = [c for c in url_captures if c.usable and not c.response.location]
    if target is not None and target.usable and not target.response.location:
        yield Reject("warc", uri, "filtered:redirected", f"HTTP {status} to {location}, which the archive holds: "
                     f"rendered as that page", locator=f"url={url}")
    elif own:
        kept = chosen(own).response
        yield from _render(url, ArchiveResources(url, {**records, url: kept}, options.max_resources), options,
                           context, "warc", uri)
    else:
        yield Reject("warc", uri, "filtered:redirect_unresolved", f"HTTP {status} to {location}, which the "
                     f"archive does not hold as a page it renders", locator=f"url={url}")


def read_html_page(data: bytes, uri: str, options: WebOptions, context) -> Iterator[Sample | Reject]:
    """A local HTML file with its assets from its folder (or ``asset_root``)."""
    root = (options.asset_root or posixpath.dirname(uri)).rstrip("/")
    if not uri.startswith(root + "/"):
        raise ValueError(f"{uri} is not inside asset_root {root}")
    if "://" not in uri and not resolves_inside(root, uri):  # a symlink out of the site: not its page to render
        yield Reject("web_html", uri, "filtered:outside_root", f"{uri} links to {os.path.realpath(uri)}, "
                                                                f"outside {root}")
        return
    url = local_url(uri, root)
    resources = FolderResources(url, root, options.max_resources)
    resources.served[url] = Response(url, 200, "text/html", data)
    yield from _render(url, resources, options, context, "web_html", uri)


def _render(url: str, resources: Resources, options: WebOptions, context, source: str, uri: str,
            requested: str | None = None):
    """Samples of ``url`` rendered at each viewport (``requested``: the URL asked for, when a redirect
    led to ``url``; it, or ``url`` where a script navigated away, is kept in ``meta`` as provenance). A page
    whose bytes its declared or detected encoding does not read is one reject: served as it came, Chromium
    drew mojibake without a replacement character (UTF-8 bytes under a UTF-16 header), and it was written."""
    served = resources.get(url)
    if served is not None and served.mime in HTML_TYPES:
        try:
            decode_html(served.body, served.content_type)
        except EncodingRefused as exc:
            yield Reject(source, uri, exc.reason, str(exc), locator=f"url={url}")
            return
    for view in options.viewports:
        try:
            page = context.browser().render(url, resources, options.render_settings(view))
        except RenderRefused as exc:
            yield Reject(source, uri, exc.reason, str(exc), locator=f"url={url};viewport={view}")
            if exc.reason in ("error:render:no_browser", "error:render:no_isolation"):
                return
            continue
        # the URL asked for, where an HTTP redirect or the page's own script (`location.replace`) led elsewhere:
        # the samples are the other page's, and without it the URL rendered would be named nowhere
        if _same_page(requested or url) != _same_page(page.url):
            page = dataclasses.replace(page, requested_url=requested or url)
        yield from rendered_samples(page, resources, view, options, context, source, uri)


def _same_page(url: str) -> tuple:
    """``url`` as browsers compare it: scheme and host in lower case, an empty path "/", no fragment
    (Chromium's own "http://a.example" -> "http://a.example/" is no navigation elsewhere)."""
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query
