"""PII scrubbing: emails, phone numbers and IP addresses replaced by placeholders, counted.

Patterns are deliberately conservative (a phone number needs 9+ digits in a phone-like
layout; an IPv4 address needs four octets of 0-255) so version numbers and dates survive.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter

EMAIL = "<EMAIL>"
PHONE = "<PHONE>"
IP = "<IP_ADDRESS>"

_EMAIL_RE = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
_IPV4_RE = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
_IPV6_RE = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
_PHONE_RE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,4}(?!\w)")


def _ip(match: re.Match) -> str:
    try:
        ipaddress.ip_address(match.group(0))
    except ValueError:
        return match.group(0)
    return IP


def _phone(match: re.Match) -> str:
    text = match.group(0)
    digits = sum(c.isdigit() for c in text)
    separated = any(c in text for c in " .-()") or text.startswith("+")
    return PHONE if 9 <= digits <= 15 and separated and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else text


def scrub(text: str) -> tuple[str, Counter]:
    """``text`` with PII replaced, and how many of each kind were replaced."""
    counts: Counter = Counter()
    for name, pattern, repl in (("email", _EMAIL_RE, lambda m: EMAIL), ("ip", _IPV4_RE, _ip),
                                ("ip", _IPV6_RE, _ip), ("phone", _PHONE_RE, _phone)):
        def counted(match, repl=repl, name=name):
            out = repl(match)
            counts[name] += out != match.group(0)
            return out
        text = pattern.sub(counted, text)
    return text, counts
