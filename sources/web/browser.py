"""Headless Chromium through Playwright: one browser per worker, a fresh context per page.

The browser is the system's Chromium (Debian's ``chromium`` package, or
``$VLBUILD_CHROMIUM``): nothing is downloaded at run time. Playwright's sync API must
be driven from the thread that started it, and a Beam worker may call a DoFn from
several threads, so each `Browser` owns one thread and every call runs there.

Every request the page makes goes to a `sources.web.resources.Resources`, which
answers it or refuses it; Chromium is also pointed at a dead proxy, so anything the
router does not see (a WebSocket, a prefetch) cannot reach the network either.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import os
import shutil
import threading
from importlib import resources as package_files

from shards.reject import ReasonError
from sources.web.resources import Resources

CANDIDATES = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome")
INSTALL_HINT = ("web sources render pages in headless Chromium, which is not installed: on Debian/Ubuntu run "
                "`sudo apt-get install chromium`, or set VLBUILD_CHROMIUM to a Chromium or Chrome executable")
FLAGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--dns-prefetch-disable", "--mute-audio",
         "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]


class RenderRefused(ReasonError):
    """A page that cannot make samples; ``reason`` is the reject reason code."""


def find_chromium() -> str | None:
    """The Chromium executable to use, or None when there is none."""
    for name in (os.environ.get("VLBUILD_CHROMIUM"), *CANDIDATES):
        if name and (path := shutil.which(name) or (os.path.isfile(name) and os.access(name, os.X_OK) and name)):
            return path
    return None


@dataclasses.dataclass(frozen=True)
class RenderSettings:
    viewport: tuple[int, int] = (1280, 800)
    mobile: bool = False
    javascript: bool = True
    timeout_s: float = 20.0
    max_tiles: int = 8
    max_dom_nodes: int = 20000
    user_agent: str | None = None


@dataclasses.dataclass
class Rendered:
    """One page as Chromium drew it: the screenshot (``viewport`` wide, up to ``max_tiles`` viewports
    tall), the DOM after scripts ran, and the layout (text blocks and widgets with page boxes)."""

    url: str
    screenshot: bytes  # PNG
    html: str
    layout: dict
    truncated: bool  # the page was taller than the screenshot


class Browser:
    """A Chromium process and the thread that drives it; restarted when it crashes."""

    def __init__(self, executable: str):
        self.executable = executable
        self.thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="chromium")
        self.playwright = self.browser = None

    def start(self) -> None:
        """Launch Chromium now (``DoFn.setup``) rather than on the first page."""
        self.thread.submit(self._start).result()

    def render(self, url: str, resources: Resources, settings: RenderSettings) -> Rendered:
        return self.thread.submit(self._render, url, resources, settings).result()

    def close(self) -> None:
        self.thread.submit(self._stop).result()
        self.thread.shutdown()

    def _start(self):
        from playwright.sync_api import sync_playwright

        if self.browser is None or not self.browser.is_connected():
            self._stop()
            self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(executable_path=self.executable, args=FLAGS)
        return self.browser

    def _stop(self) -> None:
        for stop in (self.browser and self.browser.close, self.playwright and self.playwright.stop):
            try:
                if stop:
                    stop()
            except Exception:  # already dead: nothing left to close
                pass
        self.playwright = self.browser = None

    def _render(self, url: str, resources: Resources, settings: RenderSettings) -> Rendered:
        from playwright.sync_api import Error as PlaywrightError

        width, height = settings.viewport
        settings_kw = dict(viewport={"width": width, "height": height}, device_scale_factor=1,
                           has_touch=settings.mobile,  # not is_mobile: its 980px zoomed-out layout would
                           # put DOM boxes and screenshot pixels on different scales
                           java_script_enabled=settings.javascript, accept_downloads=False,
                           service_workers="block", user_agent=settings.user_agent)
        try:
            browser = self._start()
            context = browser.new_context(**settings_kw)
        except PlaywrightError:  # the browser died since the last page (crash, OOM kill): start a new one
            self._stop()
            browser = self._start()
            context = browser.new_context(**settings_kw)
        events: list[str] = []
        try:
            context.set_default_timeout(settings.timeout_s * 1000)
            context.route("**/*", lambda route: _answer(route, resources))
            page = context.new_page()
            page.on("dialog", lambda dialog: (events.append(f"dialog:{dialog.type}"), dialog.dismiss()))
            page.on("download", lambda download: events.append("download"))
            return _capture(page, url, settings, events)
        except PlaywrightError as exc:
            if not browser.is_connected():
                raise RenderRefused("error:render:browser_crashed", str(exc)[:300]) from exc
            reason = "timeout" if "Timeout" in type(exc).__name__ or "Timeout" in str(exc)[:60] else "page_error"
            raise RenderRefused(f"error:render:{reason}", str(exc).splitlines()[0][:300]) from exc
        finally:
            try:
                context.close()
            except PlaywrightError:
                self._stop()  # a context that cannot close means a wedged browser: start afresh next page


def _answer(route, resources: Resources) -> None:
    try:
        response = resources.get(route.request.url)
    except Exception:  # a URL nothing can read is refused like any other, and the page goes on
        response = None
    if response is None:
        route.abort("blockedbyclient")
    else:
        route.fulfill(status=response.status or 200, body=response.body,
                      headers={"Content-Type": response.content_type or "application/octet-stream"})


def _capture(page, url: str, settings: RenderSettings, events: list[str]) -> Rendered:
    page.goto(url, wait_until="load")
    width, height = settings.viewport
    if settings.javascript:  # without scripts nothing can append content
        before, after = page.evaluate(_script("infinite_scroll.js"))
        if after > before + height / 2:
            raise RenderRefused("filtered:infinite_scroll", f"the page grew from {before}px to {after}px on scrolling")
    layout = page.evaluate(_script("page_layout.js"), settings.max_dom_nodes)
    if layout["nodeCount"] > settings.max_dom_nodes:
        raise RenderRefused("filtered:dom_too_large", f"{layout['nodeCount']} elements > max_dom_nodes "
                                                      f"{settings.max_dom_nodes}")
    for event in events:
        raise RenderRefused(f"filtered:{event.split(':')[0]}", f"the page opened a {event}")
    tall = min(max(layout["height"], height), settings.max_tiles * height)
    shot = page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": width, "height": tall}, type="png",
                           animations="disabled")
    return Rendered(url=page.url, screenshot=shot, html=page.content(), layout=layout,
                    truncated=layout["height"] > tall)


_SCRIPTS: dict[str, str] = {}


def _script(name: str) -> str:
    if name not in _SCRIPTS:
        _SCRIPTS[name] = package_files.files("sources.web").joinpath(name).read_text(encoding="utf-8")
    return _SCRIPTS[name]


_BROWSERS: dict[str, Browser] = {}
_LOCK = threading.Lock()


def get_browser() -> Browser:
    """This process's browser, started on first use (once per worker, like the OCR engine)."""
    executable = find_chromium()
    if executable is None:
        raise RenderRefused("error:render:no_browser", INSTALL_HINT)
    with _LOCK:
        if executable not in _BROWSERS:
            _BROWSERS[executable] = Browser(executable)
        return _BROWSERS[executable]


def release_browsers() -> None:
    with _LOCK:
        while _BROWSERS:
            _BROWSERS.popitem()[1].close()

