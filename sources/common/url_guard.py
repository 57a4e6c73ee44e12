"""The SSRF guard: a crawler must not be turned against the network it runs in.

A URL list is user data, and a page can redirect anywhere, so before any request
(the page, each redirect hop, each sub-resource) the URL is parsed once and its host
resolved once, and every address it resolves to must be public: loopback, private,
link-local (cloud metadata at 169.254.169.254), shared, reserved and multicast
addresses are refused, and so is an IPv6 address that embeds one of them (IPv4-mapped
and -compatible, NAT64, 6to4, Teredo, ISATAP). `check_url` returns a `Target`, and the
fetcher connects to the target's checked addresses, never to the name again, so
neither a second parser nor a second DNS answer can send the request elsewhere.

URLs that parsers read differently are refused rather than guessed at: a backslash
(WHATWG reads ``http://a\\@b/`` as host ``a``, ``urlsplit`` as host ``b``), userinfo,
whitespace or control characters, a percent sign in the host.
``allow`` entries (``host``, ``host:port``, ``address`` or ``address:port``) are let
through anyway: a crawl of an intranet, or the tests' server on 127.0.0.1, nothing wider.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import socket
from typing import Callable, Sequence
from urllib.parse import urlsplit

from shards.reject import ReasonError

SCHEMES = {"http": 80, "https": 443}
Resolver = Callable[[str, int], Sequence[str]]  # (host, port) -> addresses; raises OSError when it cannot


class UrlRefused(ReasonError):
    """A URL the guard will not fetch; ``reason`` is the reject rule (``ssrf_private_address``...)."""


@dataclasses.dataclass(frozen=True)
class Target:
    """A URL the guard let through, parsed once (by urllib3, as the connection reads it).

    host: the ASCII host name or IP (an IPv6 literal without brackets); port: explicit or the
    scheme's; path: the request target (path and query); addresses: every address the host
    resolved to, each checked: the only places the request may be sent.
    """

    url: str
    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]

    @property
    def authority(self) -> str:
        """``host[:port]`` as the Host header writes it (the port only when not the scheme's)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == SCHEMES[self.scheme] else f"{host}:{self.port}"

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.authority}"


def check_url(url: str, allow: Sequence[str] = (), resolver: Resolver | None = None) -> Target:
    """The `Target` to connect to if ``url`` may be fetched, else `UrlRefused`.

    ``resolver`` answers DNS (``system_resolver`` when None); it is asked once, and never for an IP literal.
    """
    scheme, host, port, path = parse(url)
    named = host in allow or f"{_bracketed(host)}:{port}" in allow
    addresses = resolve(host, port, resolver or system_resolver)
    for address in addresses:
        if not (named or address in allow or f"{_bracketed(address)}:{port}" in allow or is_public(address)):
            where = address if address == host else f"{host} resolves to {address}, which"
            raise UrlRefused("ssrf_private_address", f"{where} is not a public address")
    return Target(url, scheme, host, port, path, addresses)


def parse(url: str) -> tuple[str, str, int, str]:
    """``(scheme, host, port, path)`` of an http(s) URL as urllib3 reads it, else `UrlRefused`."""
    from urllib3.exceptions import LocationParseError
    from urllib3.util import parse_url

    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in SCHEMES:
        raise UrlRefused("url_scheme", f"only http and https are fetched, not {scheme or 'no scheme'!r}: {url[:200]}")
    if "\\" in url:
        raise UrlRefused("url_ambiguous", f"a backslash is read as '/' by browsers and not by urllib: {url[:200]}")
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url):
        raise UrlRefused("url_invalid", f"whitespace or a control character in {url[:200]!r}")
    try:
        parts = parse_url(url)
        other = urlsplit(url).hostname
    except (LocationParseError, ValueError) as exc:
        raise UrlRefused("url_invalid", f"{url[:200]!r}: {exc}") from exc
    if parts.auth is not None:
        raise UrlRefused("url_ambiguous", f"user information in {url[:200]}: parsers disagree on where the host is")
    host = (parts.host or "").lower().strip("[]")
    if not host:
        raise UrlRefused("url_invalid", f"no host in {url[:200]!r}")
    other = (other or "").lower().strip("[]")
    if "%" in host or (other.isascii() and other != host):  # (urllib3 writes an IDN host as punycode)
        raise UrlRefused("url_ambiguous", f"parsers read different hosts in {url[:200]!r}")
    if ":" not in host and (ipv4 := whatwg_ipv4(host)) is not None:
        host = ipv4
    if parts.port == 0:
        raise UrlRefused("url_invalid", f"port 0 in {url[:200]!r}")
    return scheme, host, parts.port or SCHEMES[scheme], parts.request_uri


def origin(url: str) -> str | None:
    """``scheme://host[:port]`` of ``url`` read as the guard reads it (no DNS), or None when it cannot be."""
    try:
        scheme, host, port, _ = parse(url)
    except UrlRefused:
        return None
    return Target(url, scheme, host, port, "", ()).origin


def whatwg_ipv4(host: str) -> str | None:
    """A host that a browser reads as an IPv4 address (``2130706433``, ``0x7f.1``, ``0177.0.0.1``), dotted;
    None when it is a name. `UrlRefused` when it looks like a number but is not a valid address."""
    labels = host.removesuffix(".").split(".")
    last = labels[-1]
    if not last or not (last.isdigit() or (last[:2] == "0x" and all(c in "0123456789abcdef" for c in last[2:]))):
        return None  # a name (the WHATWG "ends in a number" test)
    try:
        numbers = [_ipv4_number(label) for label in labels]
    except ValueError:
        raise UrlRefused("url_invalid", f"{host!r} is neither a name nor an IPv4 address") from None
    if len(numbers) > 4 or any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise UrlRefused("url_invalid", f"{host!r} is out of IPv4's range")
    value = numbers[-1] + sum(n << (8 * (3 - i)) for i, n in enumerate(numbers[:-1]))
    return str(ipaddress.IPv4Address(value))


def _ipv4_number(label: str) -> int:
    if label[:2] in ("0x", "0X"):
        return int(label[2:] or "0", 16)
    if len(label) > 1 and label.startswith("0"):
        return int(label[1:], 8)
    if not label.isdigit():
        raise ValueError(label)
    return int(label)


def resolve(host: str, port: int, resolver: Resolver) -> tuple[str, ...]:
    """Every address ``host`` resolves to, IPv4 first (an IP literal is itself, without asking DNS)."""
    try:
        return (str(ipaddress.ip_address(host)),)
    except ValueError:
        pass
    try:
        answers = list(dict.fromkeys(str(a).split("%", 1)[0] for a in resolver(host, port)))
        addresses = [ipaddress.ip_address(a) for a in answers]
    except (OSError, UnicodeError, ValueError) as exc:
        raise UrlRefused("url_unresolvable", f"{host}: {exc}") from exc
    if not addresses:
        raise UrlRefused("url_unresolvable", f"{host} has no addresses")
    return tuple(str(a) for a in sorted(addresses, key=lambda a: a.version))


def system_resolver(host: str, port: int) -> list[str]:
    """The machine's DNS (``getaddrinfo``), every TCP address."""
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


# IPv6 ranges that carry an IPv4 address in their last 32 bits; the IPv4 address decides
EMBEDS_IPV4_LOW32 = [ipaddress.ip_network(n) for n in ("::ffff:0:0/96",  # IPv4-mapped
                                                      "::/96",  # IPv4-compatible (deprecated)
                                                      "64:ff9b::/96",  # NAT64, RFC 6052
                                                      "::ffff:0:0:0/96")]  # SIIT, RFC 2765
NEVER_PUBLIC = [ipaddress.ip_network(n) for n in (
    # IPv4's special-purpose ranges (RFC 6890), listed so the answer does not hang on the Python version
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
    "203.0.113.0/24", "224.0.0.0/3",
    "64:ff9b:1::/48",  # local-use NAT64 (RFC 8215): never global, and its IPv4 address may sit anywhere in it
    "fec0::/10",  # site-local (deprecated, still routed inside sites)
    "2001::/32",  # Teredo
    "::/8")]  # reserved, beyond the IPv4-embedding forms above


def is_public(address: str) -> bool:
    """Whether ``address`` is a globally reachable unicast address, judged by the IPv4 address it embeds."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone id is not part of the address
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return is_public(str(embedded))
    if any(ip in net for net in NEVER_PUBLIC if net.version == ip.version):
        return False
    return ip.is_global and not ip.is_multicast


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if any(ip in net for net in EMBEDS_IPV4_LOW32):
        return ipaddress.IPv4Address(ip.packed[-4:])
    if ip.sixtofour is not None:  # 2002:AABB:CCDD::/48 is routed to the 6to4 relay at AA.BB.CC.DD
        return ip.sixtofour
    if ip.packed[8:12] in (b"\x00\x00\x5e\xfe", b"\x02\x00\x5e\xfe"):  # ISATAP interface id ::5efe:a.b.c.d
        return ipaddress.IPv4Address(ip.packed[-4:])
    return None


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host
