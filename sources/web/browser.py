"""Headless Chromium through Playwright: one browser per worker, a fresh context per page.

The browser is the system's Chromium (Debian's ``chromium`` package, or
``$VLBUILD_CHROMIUM``): nothing is downloaded at run time. Playwright's sync API must
be driven from the thread that started it, and a Beam worker may call a DoFn from
several threads, so each `Browser` owns one thread and every call runs there.

Pages are attacker-written, so Chromium is contained three ways:
- it has no network: it runs in a network namespace of its own (``unshare --net``),
  which holds nothing but a loopback interface that is down; Playwright talks to it over
  a pipe, and every request a page makes goes to a `sources.web.resources.Resources`,
  which answers it (through the guarded fetcher, an archive or a folder) or refuses it;
- it runs with its own sandbox (seccomp-BPF and namespaces), which Chromium will not
  start as root, so a root build runs it as ``nobody`` (``setpriv``, no capabilities,
  no_new_privs) and with an empty environment (no credentials in it);
- inside the browser, a dead proxy and WebRTC's ``disable_non_proxied_udp`` policy stop
  what the router does not see (WebSocket, WebRTC), should the namespace be missing.
Where namespaces cannot be made (a container without CAP_SYS_ADMIN or user namespaces),
the browser does not start unless ``VLBUILD_CHROMIUM_ISOLATION=off`` says to run it with
the in-browser guards alone (the README's web section says what that leaves open).
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import functools
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import threading
import weakref
from importlib import resources as package_files

from shards.reject import ReasonError
from sources.common.html_encoding import EncodingRefused, as_utf8, decode_html
from sources.web.math_text import tex_of
from sources.web.resources import Resources

CANDIDATES = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome")
INSTALL_HINT = ("web sources render pages in headless Chromium, which is not installed: on Debian/Ubuntu run "
                "`sudo apt-get install chromium`, or set VLBUILD_CHROMIUM to a Chromium or Chrome executable")
FLAGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--dns-prefetch-disable", "--mute-audio",
         # what the router cannot see goes to a proxy that is not there (loopback included)...
         "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
         # ...and WebRTC, which does not use the proxy for UDP, may not send UDP at all (checked live in
         # tests/test_web_security.py: --force-webrtc-ip-handling-policy does not do this)
         "--webrtc-ip-handling-policy=disable_non_proxied_udp"]
ISOLATION = "VLBUILD_CHROMIUM_ISOLATION"  # "off": no namespace, no user change (see the module docstring)
UNPRIVILEGED_UID = 65534  # nobody: the user Chromium runs as when the build runs as root
ISOLATION_HINT = (f"Chromium must run in a network namespace of its own, as an unprivileged user, with its sandbox; "
                  f"that needs util-linux's unshare and setpriv and either root with CAP_SYS_ADMIN or unprivileged "
                  f"user namespaces (sysctl user.max_user_namespaces > 0). Set {ISOLATION}=off to render with the "
                  f"in-browser guards alone (see the README, 'Web pages')")


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
    font_wait_s: float = 10.0


@dataclasses.dataclass
class Rendered:
    """One page as Chromium drew it: the screenshot (``viewport`` wide, up to ``max_tiles`` viewports
    tall), the DOM after scripts ran, and the layout (text blocks and widgets with page boxes)."""

    url: str
    screenshot: bytes  # PNG
    html: str
    layout: dict
    truncated: bool  # the page was taller than the screenshot
    requested_url: str = ""  # the URL asked for, when redirects led elsewhere
    drawn_html: str = ""  # ``html`` without the elements Chromium does not draw (`visible_html.js`)
    changed: list = dataclasses.field(default_factory=list)  # page boxes of text its scripts changed meanwhile


def isolation_wanted() -> bool:
    return os.environ.get(ISOLATION, "on").strip().lower() not in ("off", "0", "false", "no")


@functools.lru_cache(maxsize=1)
def isolation_command() -> tuple[str, ...]:
    """The command prefix that puts Chromium in an empty network namespace as an unprivileged user,
    checked once by running it; `RenderRefused` (``error:render:no_isolation``) where it cannot work."""
    unshare, setpriv, true = shutil.which("unshare"), shutil.which("setpriv"), shutil.which("true") or "/bin/true"
    if os.geteuid() == 0:  # Chromium refuses its sandbox as root: drop to nobody, with no way back
        command = (unshare, "--net", "--", setpriv, f"--reuid={UNPRIVILEGED_UID}", f"--regid={UNPRIVILEGED_UID}",
                   "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--")
    else:  # a user namespace of our own, mapped to our own uid (not root inside, or the sandbox is refused)
        command = (unshare, "--user", "--map-current-user", "--net", "--")
    if None in command:
        raise RenderRefused("error:render:no_isolation", f"unshare or setpriv is missing. {ISOLATION_HINT}")
    try:  # Chromium's own sandbox then needs a user namespace, made by the unprivileged user: try that too
        done = subprocess.run([*command, unshare, "--user", "--", true], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RenderRefused("error:render:no_isolation", f"{exc}. {ISOLATION_HINT}") from exc
    if done.returncode != 0:
        raise RenderRefused("error:render:no_isolation", f"{done.stderr.strip()[:200]}. {ISOLATION_HINT}")
    return command


def write_launcher(folder: str, executable: str) -> str:
    """A script Playwright starts as Chromium: it gives the profile Playwright made to the unprivileged user,
    records its pid (which Chromium keeps: every step execs) and starts Chromium isolated, with an empty
    environment."""
    owner = f"chown -R {UNPRIVILEGED_UID}:{UNPRIVILEGED_UID} \"$profile\"" if os.geteuid() == 0 else ":"
    script = f"""#!/bin/sh
set -eu
echo $$ > {shlex.quote(os.path.join(folder, "pid"))}
profile=/nonexistent
for arg in "$@"; do
  case "$arg" in --user-data-dir=*) profile="${{arg#--user-data-dir=}}" ;; esac
done
[ "$profile" = /nonexistent ] || {owner}
exec {shlex.join(isolation_command())} /usr/bin/env -i HOME="$profile" PATH=/usr/bin:/bin LANG=C.UTF-8 \
  {shlex.quote(executable)} "$@"
"""
    path = os.path.join(folder, "chromium")
    with open(path, "w", encoding="utf-8") as f:
        f.write(script)
    os.chmod(path, 0o700)
    return path


class Browser:
    """A Chromium process and the thread that drives it; restarted when it crashes.

    isolated: run Chromium in its own network namespace, unprivileged, sandboxed (None: unless
    ``VLBUILD_CHROMIUM_ISOLATION=off``).
    """

    def __init__(self, executable: str, isolated: bool | None = None):
        self.executable = executable
        self.isolated = isolation_wanted() if isolated is None else isolated
        self.thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="chromium")
        self.playwright = self.browser = None
        self.folder: str | None = None  # the launcher's, while a browser runs
        self._remove_folder = None  # removes it at `close` or, failing that, at interpreter exit

    @property
    def pid(self) -> int | None:
        """The Chromium browser process's id (isolated browsers only: the launcher records it)."""
        try:
            with open(os.path.join(self.folder or "", "pid"), encoding="utf-8") as f:
                return int(f.read())
        except (OSError, ValueError):
            return None

    def start(self) -> None:
        """Launch Chromium now (``DoFn.setup``) rather than on the first page."""
        self.thread.submit(self._start).result()

    def render(self, url: str, resources: Resources, settings: RenderSettings) -> Rendered:
        """The page at ``url`` rendered; `RenderRefused` with the reason where it cannot be. A browser that dies
        under a page is started afresh and the page rendered once more: a crash may be the machine's (a
        signal, memory), and a passing one refused a page that renders (``.ci/run`` under load saw one), so
        which pages a build writes depended on the machine. A page that kills the browser twice is refused."""
        try:
            return self.thread.submit(self._render, url, resources, settings).result()
        except RenderRefused as refused:
            if refused.reason != "error:render:browser_crashed":
                raise
            return self.thread.submit(self._render, url, resources, settings).result()

    def close(self) -> None:
        self.thread.submit(self._stop).result()
        self.thread.shutdown()

    def _start(self):
        from playwright.sync_api import Error as PlaywrightError, sync_playwright

        if self.browser is None or not self.browser.is_connected():
            self._stop()
            if self.isolated:
                isolation_command()  # refuses before anything starts where namespaces cannot be made
                self.folder = tempfile.mkdtemp(prefix="vlbuild-chromium-")
                # Beam calls DoFn.teardown (and so `close`) only on a best-effort basis: the in-process
                # runner never did, and every build that rendered left its launcher folder in /tmp
                self._remove_folder = weakref.finalize(self, shutil.rmtree, self.folder, ignore_errors=True)
                launch = dict(executable_path=write_launcher(self.folder, self.executable), chromium_sandbox=True)
            else:  # the in-browser guards alone: the old --no-sandbox launch
                launch = dict(executable_path=self.executable, chromium_sandbox=False)
            self.playwright = sync_playwright().start()
            try:
                self.browser = self.playwright.chromium.launch(args=FLAGS, **launch)
            except PlaywrightError as exc:
                self._stop()
                raise RenderRefused("error:render:no_browser", f"Chromium did not start: {str(exc)[:500]}") from exc
        return self.browser

    def _stop(self) -> None:
        for stop in (self.browser and self.browser.close, self.playwright and self.playwright.stop):
            try:
                if stop:
                    stop()
            except Exception:  # already dead: nothing left to close
                pass
        self.playwright = self.browser = None
        if self._remove_folder:
            self._remove_folder()  # runs once, whichever of this and the interpreter's exit comes first
            self.folder = self._remove_folder = None

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
            context.add_init_script(_script("canvas_text.js"))  # which canvases draw text (page_layout.js)
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
        body, content_type = response.body, response.content_type or "application/octet-stream"
        if response.mime in ("text/html", "application/xhtml+xml"):  # decoded once, as for documents
            try:
                body, content_type = as_utf8(decode_html(body, content_type)[0]), f"{response.mime}; charset=utf-8"
            except EncodingRefused:
                pass  # served as it came: its replacement characters refuse the page (`samples`)
        route.fulfill(status=response.status or 200, body=body, headers={"Content-Type": content_type})


_BROWSER_PAGES = ("chrome-error:", "chrome:", "chrome-extension:", "about:", "devtools:", "edge:")


def _capture(page, url: str, settings: RenderSettings, events: list[str]) -> Rendered:
    from playwright.sync_api import Error as PlaywrightError

    page.goto(url, wait_until="load")
    try:
        return _read(page, url, settings, events)
    except PlaywrightError as exc:
        # the page went elsewhere by itself while it was read (a <meta http-equiv=refresh content=0>): it is
        # read where it went, once (it was refused as "Execution context was destroyed")
        if "Execution context was destroyed" not in str(exc):
            raise
        page.wait_for_load_state("load")
        return _read(page, url, settings, events)


def _read(page, url: str, settings: RenderSettings, events: list[str]) -> Rendered:
    """The loaded page's HTML, layout and screenshot (`_capture`)."""
    _refuse_browser_page(page, url)
    width, height = settings.viewport
    if settings.javascript:  # without scripts nothing can append content
        before, after = page.evaluate(_script("infinite_scroll.js"), settings.max_tiles)
        if after > before + height / 2:
            raise RenderRefused("filtered:infinite_scroll", f"the page grew from {before}px to {after}px on scrolling")
    # the screenshot's `animations="disabled"` finishes finite animations and transitions and puts infinite
    # ones back at their start: done here first, so that the text is read where the image will draw it (text
    # sliding in from x 2000 was read off the page, while the image showed it in place)
    page.evaluate(_SETTLE_ANIMATIONS)
    html = page.content()  # before page_layout.js turns generated text into elements (it draws the same)
    page.evaluate(_RENDER_SKIPPED)
    # each formula's TeX (`math_text`; marks the page's formulas, after its HTML was taken)
    formulas = tex_of(page.evaluate(_script("math_atoms.js")))
    # the main text's: drawn only
    drawn_html = page.evaluate(_script("visible_html.js"), [settings.max_dom_nodes, formulas])
    layout = page.evaluate(_script("page_layout.js"), [settings.max_dom_nodes, settings.max_tiles * height,
                                                       round(1000 * settings.font_wait_s), formulas])
    if layout.get("fontsLoading"):  # boxes measured in fallback fonts would not be where the image draws text
        raise RenderRefused("error:render:web_fonts", f"web fonts still loading after {settings.font_wait_s:g} s "
                                                      "(font_wait_s)")
    if layout["nodeCount"] > settings.max_dom_nodes:
        raise RenderRefused("filtered:dom_too_large", f"{layout['nodeCount']} elements > max_dom_nodes "
                                                      f"{settings.max_dom_nodes}")
    for event in events:
        raise RenderRefused(f"filtered:{event.split(':')[0]}", f"the page opened a {event}")
    _refuse_browser_page(page, url)  # its scripts may have navigated it away since
    tall = min(max(layout["height"], height), settings.max_tiles * height)
    shot = page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": width, "height": tall}, type="png",
                           animations="disabled")
    # where the page's scripts changed its drawn text between the reading and the screenshot (`samples`)
    changed = page.evaluate("() => window.__vlTextChanges ? window.__vlTextChanges() : []")
    return Rendered(url=page.url, screenshot=shot, html=html, layout=layout,
                    truncated=layout["height"] > tall, drawn_html=drawn_html, changed=changed)


def _refuse_browser_page(page, url: str) -> None:
    """Chromium's own error or internal page (a blocked or failed navigation) is never the site's page; nor
    is an XML page (XHTML, SVG) its parser stopped on: Chromium draws its error box ("This page contains the
    following errors") over what it read up to the error, and that box's text is in the DOM."""
    if page.url.startswith(_BROWSER_PAGES):
        raise RenderRefused("error:render:browser_page", f"Chromium showed {page.url} instead of {url}")
    error = page.evaluate(_XML_ERROR)
    if error is not None:
        raise RenderRefused("error:render:browser_page", f"Chromium's XML parser stopped on {url}: "
                                                         f"{' '.join(error.split())[:200]}")


_SETTLE_ANIMATIONS = """() => {
  for (const animation of document.getAnimations()) {
    if (animation.effect && animation.effect.getComputedTiming().endTime === Infinity) animation.cancel();
    else animation.finish();
  }
}"""


# `content-visibility: auto` skips drawing a section until it nears the viewport: the full-page capture drew
# blank placeholders there (a long page's sections and all after them were in no tile, while a reader
# scrolling sees them). Such sections are drawn as any other (`hidden` ones stay hidden).
_RENDER_SKIPPED = """() => {
  for (const el of document.querySelectorAll('*')) {
    if (getComputedStyle(el).contentVisibility === 'auto') el.style.setProperty('content-visibility', 'visible', 'important');
  }
}"""


# the <parsererror> Chromium puts into an XML document it could not parse (an HTML page's own tag of that
# name, unknown to HTML, is no such error)
_XML_ERROR = """() => {
  if (document.contentType === 'text/html') return null;
  const found = document.getElementsByTagNameNS('*', 'parsererror')[0];
  return found ? found.textContent : null;
}"""


_SCRIPTS: dict[str, str] = {}


# functions in files of their own, most shared by two scripts (the tiles' lines and the main text write a list
# item's number, a quotation's marks and a script alike): a script names one by its placeholder
_SHARED = {"LIST_MARKER": "list_markers.js", "QUOTE_MARK": "quote_marks.js", "SCRIPT_KIND": "script_kind.js",
           "DRAWN_TEXT": "drawn_text.js", "GENERATED_TEXT": "generated_text.js", "CLIP_AREA": "clip_area.js",
           "CONTENT_TEXT": "content_text.js", "COUNTER_STYLE": "counter_style.js",
           "CSS_COUNTERS": "css_counters.js", "DRAWN_ORDER": "drawn_order.js", "PAGE_PARTS": "page_parts.js",
           "LOOSE_TEXT": "loose_text.js", "POST_PANELS": "post_panels.js"}


def _script(name: str) -> str:
    """The script ``name`` of this package, each `_SHARED` placeholder in it replaced by its function."""
    if name not in _SCRIPTS:
        folder = package_files.files("sources.web")
        shared = {placeholder: folder.joinpath(file).read_text(encoding="utf-8").strip()
                  for placeholder, file in _SHARED.items()}
        # one pass: a function's own comment naming its placeholder is not replaced again
        _SCRIPTS[name] = re.sub(r"\b(" + "|".join(_SHARED) + r")\b", lambda m: shared[m.group(1)],
                                folder.joinpath(name).read_text(encoding="utf-8"))
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

