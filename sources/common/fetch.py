"""A polite HTTP fetcher for crawling URL lists.

Polite: robots.txt is honoured (RFC 9309: a missing file allows all, a server error
disallows all), requests for pages to one host are spaced by a minimum interval
(or the site's Crawl-delay when longer), transient failures (connection errors,
timeouts, 429, 5xx) are retried with exponential backoff, and the User-Agent names
the project. Safe: every request (each hop of a redirect chain too) passes the SSRF
guard, which parses the URL once and resolves its host once; the connection goes to
the address the guard checked (the Host header and TLS's SNI and certificate check
keep the name), so a URL that another parser reads differently or a name that
answers differently the second time cannot reach another address. Bodies are read
in chunks and cut at a size cap, after decompression, so a gzip bomb or an endless
stream costs at most the cap.
"""

from __future__ import annotations

import collections
import dataclasses
import threading
import time
import urllib.robotparser
from urllib.parse import urljoin

import urllib3

from shards.reject import ReasonError
from sources.common.files import note_read
from sources.common.url_guard import Resolver, Target, UrlRefused, check_url

USER_AGENT = "vlbuild/0.1 (+https://github.com/vlbuild/vlbuild; open VLM data builder)"
ROBOTS_TOKEN = "vlbuild"
MAX_REDIRECTS = 5
MAX_POOLS = 64  # connection pools kept open, one per (scheme, address, port, name)


class FetchError(ReasonError):
    """A fetch that failed; ``reason`` is a short code (``timeout``, ``http_404``, ``too_large``...)."""


@dataclasses.dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    content_type: str  # e.g. "text/html; charset=utf-8"
    body: bytes
    location: str = ""  # where a redirect points

    @property
    def mime(self) -> str:
        return self.content_type.split(";", 1)[0].strip().lower()


@dataclasses.dataclass(frozen=True)
class FetchPolicy:
    """How to fetch.

    timeout_s, retries, backoff_s, max_bytes: each HTTP request's timeout (to connect, and between two
      reads), retries of transient failures (doubling the backoff), and the size cap of a body.
    deadline_s: a whole response must arrive within this many seconds: a server that drips bytes, each
      within ``timeout_s``, is cut off (``too_slow``) instead of holding the fetch, and the URLs behind
      it, for minutes.
    host_interval_s: seconds between page requests to one host (robots.txt Crawl-delay wins when longer).
    obey_robots: honour robots.txt (leave on for the open web).
    user_agent: sent with every request and used by the browser.
    allow_private: ``host`` or ``host:port`` entries fetched although they resolve to private or loopback
      addresses (an intranet crawl; the tests' server); every other such address is refused.
    """

    timeout_s: float = 10.0
    deadline_s: float = 30.0
    retries: int = 2
    backoff_s: float = 1.0
    max_bytes: int = 5 * 2**20
    host_interval_s: float = 1.0
    obey_robots: bool = True
    user_agent: str = USER_AGENT
    allow_private: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "allow_private", tuple(self.allow_private))  # YAML gives lists


class Fetcher:
    """Fetches through pinned connection pools; robots files and host clocks are kept per process.

    resolver: DNS for the guard (None: the system's); the fetcher itself never resolves a name.
    ca_certs: a CA bundle for HTTPS (None: the system's).
    """

    def __init__(self, policy: FetchPolicy, resolver: Resolver | None = None, ca_certs: str | None = None):
        self.policy = policy
        self.resolver = resolver
        self.ca_certs = ca_certs
        self.timeout = urllib3.Timeout(connect=policy.timeout_s, read=policy.timeout_s)
        self.pools: collections.OrderedDict[tuple, urllib3.HTTPConnectionPool] = collections.OrderedDict()
        self.robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self.last_request: dict[str, float] = {}
        self.lock = threading.Lock()

    def guard(self, url: str) -> Target:
        """``url`` parsed and its host resolved and checked, once (`sources.common.url_guard.check_url`)."""
        return check_url(url, self.policy.allow_private, self.resolver)

    def page(self, url: str) -> Response:
        """A page: robots.txt checked and the host's interval kept, then fetched (and noted as the running
        source's read: `sources.common.files.note_read`)."""
        note_read(url)
        target = self.guard(url)
        if self.policy.obey_robots and not self._robots(target).can_fetch(ROBOTS_TOKEN, url):
            raise FetchError("robots_disallowed", f"robots.txt of {target.origin} disallows {url}")
        self._wait_turn(target)
        return self._follow(target)

    def get(self, url: str) -> Response:
        """``url`` with redirects followed (each hop guarded) and transient errors retried (noted as the running
        source's read)."""
        note_read(url)
        return self._follow(self.guard(url))

    def _follow(self, target: Target) -> Response:
        for _ in range(MAX_REDIRECTS + 1):
            response = self._with_retries(target)
            if response.location:
                target = self.guard(_join(target.url, response.location))
                continue
            if response.status >= 400:
                raise FetchError(f"http_{response.status}", f"{target.url} answered {response.status}")
            return response
        raise FetchError("too_many_redirects", f"more than {MAX_REDIRECTS} redirects from {target.url}")

    def _with_retries(self, target: Target) -> Response:
        url = target.url
        delay = self.policy.backoff_s
        for attempt in range(self.policy.retries + 1):
            try:
                response = self._request(target)
                if response.status != 429 and response.status < 500:
                    return response
                error = FetchError(f"http_{response.status}", f"{url} answered {response.status}")
            except urllib3.exceptions.TimeoutError as exc:
                error = FetchError("timeout", f"{url}: no answer in {self.policy.timeout_s}s ({exc})")
            except urllib3.exceptions.HTTPError as exc:
                error = FetchError("connection", f"{url}: {exc}")
            if attempt < self.policy.retries:
                time.sleep(delay)
                delay *= 2
        raise error

    def _request(self, target: Target) -> Response:
        url = target.url
        deadline = time.monotonic() + self.policy.deadline_s
        headers = {"Host": target.authority, "User-Agent": self.policy.user_agent}
        for index, address in enumerate(target.addresses):  # only the addresses the guard checked
            try:
                raw = self._pool(target, address).urlopen("GET", target.path, headers=headers, redirect=False,
                                                          retries=False, preload_content=False,
                                                          assert_same_host=False)
                break
            except urllib3.exceptions.NewConnectionError:  # refused or unreachable: the host's next address
                if index == len(target.addresses) - 1:
                    raise
        try:
            if raw.status in (301, 302, 303, 307, 308) and raw.headers.get("Location"):
                return Response(url, raw.status, "", b"", location=raw.headers["Location"])
            body = bytearray()
            # read1: what has arrived (one receive), so the deadline is checked however slowly bytes come;
            # stream()/read(n) would wait for n bytes, a drip at a time
            while chunk := raw.read1(64 * 1024, decode_content=True):
                body += chunk
                if len(body) > self.policy.max_bytes:
                    raise FetchError("too_large", f"{url}: body over {self.policy.max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise FetchError("too_slow", f"{url}: {len(body)} bytes in {self.policy.deadline_s:g}s "
                                                 "(deadline_s), the body still coming")
            return Response(url, raw.status, raw.headers.get("Content-Type", ""), bytes(body))
        finally:
            raw.release_conn()

    def _pool(self, target: Target, address: str) -> urllib3.HTTPConnectionPool:
        """A pool of connections to ``address`` itself: no name is resolved again on connecting."""
        key = (target.scheme, address, target.port, target.host)
        with self.lock:
            pool = self.pools.pop(key, None)
            if pool is None and target.scheme == "https":
                # the certificate is checked against the name, and SNI sends the name, not the address
                pool = urllib3.HTTPSConnectionPool(address, target.port, timeout=self.timeout, retries=False,
                                                   maxsize=4, server_hostname=target.host,
                                                   assert_hostname=target.host, ca_certs=self.ca_certs)
            elif pool is None:
                pool = urllib3.HTTPConnectionPool(address, target.port, timeout=self.timeout, retries=False,
                                                  maxsize=4)
            self.pools[key] = pool
            while len(self.pools) > MAX_POOLS:
                self.pools.popitem(last=False)[1].close()
        return pool

    def _robots(self, target: Target) -> urllib.robotparser.RobotFileParser:
        origin = target.origin
        if origin not in self.robots:
            parser = urllib.robotparser.RobotFileParser()
            try:
                text = self.get(origin + "/robots.txt").body.decode("utf-8", "replace")
                parser.parse(text.splitlines())
            except (FetchError, UrlRefused) as exc:
                if exc.reason.startswith("http_4"):
                    parser.allow_all = True  # no robots.txt: everything may be fetched
                else:
                    parser.disallow_all = True  # unreachable or failing: assume everything disallowed
            self.robots[origin] = parser
        return self.robots[origin]

    def _wait_turn(self, target: Target) -> None:
        delay = float(self._robots(target).crawl_delay(ROBOTS_TOKEN) or 0) if self.policy.obey_robots else 0.0
        interval = max(self.policy.host_interval_s, delay)
        with self.lock:
            wait = self.last_request.get(target.origin, -1e9) + interval - time.monotonic()
            self.last_request[target.origin] = time.monotonic() + max(wait, 0.0)
        if wait > 0:
            time.sleep(wait)


def _join(base: str, location: str) -> str:
    """Where a redirect points, absolute; a Location no parser can read is refused, not raised."""
    try:
        return urljoin(base, location)
    except ValueError as exc:
        raise UrlRefused("url_invalid", f"{base} redirects to {location[:200]!r}: {exc}") from exc


_FETCHERS: dict[FetchPolicy, Fetcher] = {}
_LOCK = threading.Lock()


def shared_fetcher(policy: FetchPolicy) -> Fetcher:
    """One fetcher per policy per process, so robots files and host clocks are shared by its tasks."""
    with _LOCK:
        if policy not in _FETCHERS:
            _FETCHERS[policy] = Fetcher(policy)
        return _FETCHERS[policy]
