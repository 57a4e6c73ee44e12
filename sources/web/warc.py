"""A WARC archive's captures, one per URL, checked: the page each URL renders from, or why it has none.

Real archives hold more than one response per URL: a crawler retries (a 503, then a 200), a later
crawl stores a ``revisit`` record that points at an earlier identical payload instead of repeating it,
and a ``.warc.gz`` cut short by a crash ends in a half-written member. So, per URL:
- the capture used is the latest successful one (2xx, or a redirect), by ``WARC-Date`` then archive
  order; a URL with none is accounted for by the reason of its latest capture;
- a revisit takes the payload of the response with the same ``WARC-Payload-Digest`` (its own HTTP
  status and headers); one whose original is not in the archive is ``revisit_unresolved``;
- a record whose block ends before its ``Content-Length`` is ``truncated``, one whose digests do not
  match what it holds is ``digest_mismatch``: never rendered as if whole;
- the payload is decoded as its ``Content-Encoding`` says: gzip and deflate by warcio, br here with
  Brotli (warcio's br hook needs an attribute Brotli's decompressor does not allow).
"""

from __future__ import annotations

import dataclasses
import io
from urllib.parse import urldefrag

from sources.common.fetch import Response


@dataclasses.dataclass(frozen=True)
class Capture:
    """One response-like record: ``response`` when it can be used, else ``problem`` (a reason code)."""

    url: str
    date: str
    order: int
    mime: str  # what its headers say it is, usable or not
    response: Response | None
    problem: str | None = None
    detail: str = ""

    @property
    def usable(self) -> bool:
        return self.response is not None and (200 <= self.response.status < 300 or bool(self.response.location))


def warc_captures(data: bytes) -> dict[str, list[Capture]]:
    """Every response, resource and revisit record of a WARC, by target URL (fragment removed), in
    archive order."""
    from warcio.archiveiterator import ArchiveIterator

    captures: dict[str, list[Capture]] = {}
    payloads: dict[str, bytes] = {}  # WARC-Payload-Digest -> payload, for revisits
    for order, record in enumerate(ArchiveIterator(io.BytesIO(data), check_digests=True)):
        url = record.rec_headers.get_header("WARC-Target-URI")
        if not url or record.rec_type not in ("response", "resource", "revisit"):
            continue
        url = urldefrag(url)[0]
        date = record.rec_headers.get_header("WARC-Date") or ""
        status, content_type, location = _http(record)
        digest = record.rec_headers.get_header("WARC-Payload-Digest") or ""
        problem, detail, body = None, "", b""
        if record.rec_type == "revisit":
            body = payloads.get(digest)
            if body is None:
                problem, detail = "revisit_unresolved", f"no record in the archive has payload {digest or '(none)'}"
        else:
            body, undecodable = _payload(record)
            missing = getattr(record.raw_stream, "limit", 0)
            if undecodable:
                problem, detail = "undecodable", undecodable
            elif missing:
                problem, detail = "truncated", f"the record ends {missing} bytes before its Content-Length"
            elif record.digest_checker.passed is False:
                problem, detail = "digest_mismatch", "; ".join(map(str, record.digest_checker.problems))[:300]
            elif digest:
                payloads[digest] = body
        response = None if problem else Response(url, status, content_type, body, location)
        mime = content_type.split(";", 1)[0].strip().lower()
        captures.setdefault(url, []).append(Capture(url, date, order, mime, response, problem, detail))
    return captures


def _payload(record) -> tuple[bytes, str]:
    """The record's payload, decoded, and why it could not be (empty when it could)."""
    encoding = (record.http_headers.get_header("Content-Encoding") or "").strip().lower() \
        if record.rec_type != "resource" and record.http_headers else ""
    if encoding != "br":
        return record.content_stream().read(), ""
    import brotli
    from warcio.bufferedreaders import ChunkedDataReader

    raw = record.raw_stream.read()
    if "chunked" in (record.http_headers.get_header("Transfer-Encoding") or "").lower():
        raw = ChunkedDataReader(io.BytesIO(raw)).read()
    try:
        return brotli.decompress(raw), ""
    except brotli.error as exc:
        return b"", f"Content-Encoding br does not decode: {exc}"[:300]


def _http(record) -> tuple[int, str, str]:
    if record.rec_type != "resource" and record.http_headers:
        status = int(record.http_headers.get_statuscode() or 0)
        location = (record.http_headers.get_header("Location") or "") if 300 <= status < 400 else ""
        return status, record.http_headers.get_header("Content-Type") or "", location
    return 200, record.rec_headers.get_header("Content-Type") or "", ""


def chosen(captures: list[Capture]) -> Capture:
    """The capture a URL renders from: its latest usable one, else its latest (to say why not)."""
    usable = [c for c in captures if c.usable]
    return max(usable or captures, key=lambda c: (c.date, c.order))
