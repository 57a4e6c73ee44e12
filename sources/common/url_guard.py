"""The SSRF guard: a crawler must not be turned against the network it runs in.

A URL list is user data, and a page can redirect anywhere, so before any request
(the page, each redirect hop, each sub-resource) the host is resolved and every
address it resolves to must be public: loopback, private, link-local (cloud
metadata at 169.254.169.254), shared, reserved and multicast addresses are refused.
``allow`` names ``host`` or ``host:port`` entries let through anyway (a crawl of an
intranet, or the tests' server on 127.0.0.1), nothing wider.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from shards.reject import ReasonError

SCHEMES = ("http", "https")


class UrlRefused(ReasonError):
    """A URL the guard will not fetch; ``reason`` is the reject rule (``ssrf_private_address``...)."""


def check_url(url: str, allow: tuple[str, ...] = ()) -> None:
    """Return if ``url`` may be fetched, else raise `UrlRefused`."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise UrlRefused("url_scheme", f"only http and https are fetched, not {parts.scheme or 'no scheme'!r}: {url}")
    host = parts.hostname
    if not host:
        raise UrlRefused("url_invalid", f"no host in {url!r}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UrlRefused("url_invalid", f"{url!r}: {exc}") from exc
    if host in allow or f"{host}:{port}" in allow:
        return
    for address in resolve(host, port):
        if not is_public(address):
            raise UrlRefused("ssrf_private_address",
                             f"{host} resolves to {address}, which is not a public address")


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)})
    except (socket.gaierror, UnicodeError) as exc:
        raise UrlRefused("url_unresolvable", f"{host}: {exc}") from exc


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone id is not part of the address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback
    return ip.is_global and not ip.is_multicast
