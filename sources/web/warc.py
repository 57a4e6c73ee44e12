"""A WARC archive's captures, one per URL, checked: the page each URL renders from, or why it has none.

Real archives hold more than one response per URL: a crawler retries (a 503, then a 200), a later
crawl stores a ``revisit`` record that points at an earlier identical payload instead of repeating it,
and a ``.warc.gz`` cut short by a crash ends in a half-written member. So, per URL:
- the capture used is the latest successful one (2xx, or a redirect), by ``WARC-Date`` then archive
  order; a URL with none is accounted for by the reason of its latest capture;
- a revisit takes the payload of the response with the same ``WARC-Payload-Digest`` (its own HTTP
  status and headers), stored before it or after it (merged or re-sorted archives); one whose original is
  not in the archive is ``revisit_unresolved``;
- a record whose block ends before its ``Content-Length``, or that the crawler marks ``WARC-Truncated`` (a
  payload cut at a size or time limit), is ``truncated``, one whose digests do not match what it holds is
  ``digest_mismatch``: never rendered as if whole;
- the payload is decoded as its ``Content-Encoding`` says, a list of codings undone last first: gzip (and
  x-gzip) and deflate by warcio's reader, br here with Brotli (warcio's br hook needs an attribute Brotli's
  decompressor does not allow), zstd with zstandard; any other coding (``compress``) is
  ``unsupported_content_encoding``, named, and one that does not decode ``undecodable``;
- a payload without a ``Content-Type`` is HTML where browsers would sniff it so (`sniffs_as_html`); a status
  line without a code ("HTTP/1.1 OK") is that capture's ``bad_status_line``, not the archive's end;
- a ``.warc.gz`` gzipped whole (``gzip file.warc``: one member, not one per record) is read as ``warcio
  recompress`` reads it, its gzip stream decompressed as one plain WARC;
- an archive that breaks off (a crawl killed mid-write: a record's header cut, a gzip member cut before its
  first line) keeps the records before the break and is one ``archive_cut`` reject for the rest: warcio
  raised there (every page of the archive was lost) or stopped quietly (the last capture vanished), or read a
  header cut mid-line as a record (its URL "h"); a record cut after its header (its block short of its
  Content-Length, its gzip member without its trailer) is that capture's ``truncated`` (`_record_cut`).
"""

from __future__ import annotations

import dataclasses
import functools
import io
import re
import zlib
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


@dataclasses.dataclass(frozen=True)
class Damage:
    """Where a WARC stops being readable: after ``records`` whole records, ``detail`` (what warcio said)."""

    records: int
    detail: str


def warc_captures(data: bytes) -> tuple[dict[str, list[Capture]], Damage | None]:
    """Every response, resource and revisit record of a WARC, by target URL (fragment removed), in
    archive order, and where the archive breaks off (None where it reads to its end): a WARC cut inside a
    record's header (a crawl killed mid-write) keeps the records before the cut (warcio raised, and every page
    of the archive was lost). Raises what warcio raises where not one record reads."""
    captures, records, damage = _captures(data, whole=False)
    if damage is not None and data.startswith(b"\x1f\x8b"):
        # one gzip member over the whole archive (`gzip file.warc`, not a member per record): warcio reads its
        # first record, then refuses the rest; read as `warcio recompress` reads it, its members one stream
        whole = _captures(data, whole=True)
        if whole[1] > records:  # (a per-record archive cut off reads no further either way)
            captures, records, damage = whole
    if damage is not None and not records:
        raise damage[1]
    return captures, damage and Damage(records, f"{type(damage[1]).__name__}: {damage[1]}"[:300])


def _captures(data: bytes, whole: bool) -> tuple[dict[str, list[Capture]], int, tuple | None]:
    """The archive's captures by URL, how many records were read whole, and None or (that count, the exception
    warcio raised where reading broke off: a cut header, a cut gzip member)."""
    from warcio.exceptions import ArchiveLoadFailed

    found: list[Capture | functools.partial] = []  # in archive order; a revisit waits for the archive's end
    payloads: dict[str, bytes] = {}  # WARC-Payload-Digest -> payload (the bytes its capture holds), for revisits
    read = [0]  # records read whole
    damage = None
    try:
        _read_records(data, whole, found, payloads, read)
    # (AttributeError: warcio 1.8's header parser reads a record's target URI before checking it read one)
    except (ArchiveLoadFailed, AttributeError, EOFError, OSError, ValueError, zlib.error) as exc:
        damage = (read[0], exc)
    captures: dict[str, list[Capture]] = {}
    for capture in found:
        capture = capture if isinstance(capture, Capture) else capture(payloads)
        captures.setdefault(capture.url, []).append(capture)
    return captures, read[0], damage


def _read_records(data: bytes, whole: bool, found: list, payloads: dict[str, bytes], read: list[int]) -> None:
    """Each record of the archive as a capture (or a revisit waiting for the payloads) added to ``found``, each
    response's payload to ``payloads`` by its digest, ``read[0]`` counting the records read whole."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import DecompressingBufferedReader

    if whole:  # decompressed here, so that a record's offset is one in the bytes `_record_cut` reads
        data = DecompressingBufferedReader(io.BytesIO(data), read_all_members=True).read()
    records = ArchiveIterator(io.BytesIO(data), check_digests=True)
    for order, record in enumerate(records):
        read[0] = order  # the one before this was read whole (this one's payload is read below)
        # (an ARC record's header is one line, no blank one after it: a .warc named so is judged by warcio alone)
        header_cut, cut = _record_cut(data, records.offset) if record.format == "warc" else (False, "")
        if header_cut:  # warcio parsed what there was of it: a cut line is a wrong URL ("h"), a wrong type
            raise ValueError(f"record {order + 1}'s header is cut: {cut}")
        _add_record(record, order, cut, found, payloads)
        read[0] = order + 1  # a request or metadata record too: what breaks off after it is the next record's
    # warcio ends quietly where a gzip member is cut before its first record line: bytes left are no record
    if records.offset < len(data) and data[records.offset:].strip(b"\r\n\t \x00"):
        raise ValueError(f"{len(data) - records.offset} bytes after the last whole record are no record")


def _add_record(record, order: int, cut: str, found: list, payloads: dict[str, bytes]) -> None:
    """A response, resource or revisit record as a capture (a revisit as one waiting for the payloads) added to
    ``found``, a response's payload to ``payloads`` by its digest; ``cut``: how the record is cut off, if it is."""
    url = record.rec_headers.get_header("WARC-Target-URI")
    if record.rec_type is None or not url and record.rec_type in ("response", "resource", "revisit"):
        # no WARC-Type, or a capture without the target WARC 1.1 requires: a header cut off
        raise ValueError(f"record {order + 1} ({record.rec_type or 'no type'}) has no WARC-Target-URI: "
                         "its header is cut")
    if not url or record.rec_type not in ("response", "resource", "revisit"):
        return
    url = urldefrag(url)[0]
    date = record.rec_headers.get_header("WARC-Date") or ""
    status, content_type, location = _http(record)
    digest = record.rec_headers.get_header("WARC-Payload-Digest") or ""
    problem, detail, body = None, "", b""
    if cut:  # before all else: a status line cut ("HTTP/1.1 2") is no bad one, a revisit cut no reference
        problem, detail = "truncated", cut
    elif status is None:
        problem = "bad_status_line"
        detail = f"HTTP status line {record.http_headers.statusline!r} holds no status code"
    elif record.rec_type == "revisit":
        # its payload may be stored after it (merged or re-sorted archives): resolved once all is read
        found.append(functools.partial(_revisit, url, date, order, status, content_type, location, digest))
        return
    else:
        body, undecoded, why = _payload(record)
        missing = getattr(record.raw_stream, "limit", 0)
        # the crawler's own word that it stored part of the payload (WARC 1.1, 5.14: a size or time limit,
        # a dropped connection): the record is whole, its page is not
        limited = record.rec_headers.get_header("WARC-Truncated")
        if missing:
            problem, detail = "truncated", f"the record ends {missing} bytes before its Content-Length"
        elif limited:
            problem, detail = "truncated", f"the crawler stored part of the payload (WARC-Truncated: {limited[:40]})"
        elif record.digest_checker.passed is False:
            problem, detail = "digest_mismatch", "; ".join(map(str, record.digest_checker.problems))[:300]
        elif undecoded:  # after the record's own faults: a payload cut short does not decode either
            problem, detail = undecoded, why
        elif digest:
            payloads[digest] = body
    found.append(_capture(url, date, order, status, content_type, location, body, problem, detail))


_HEADER_END = re.compile(rb"\r?\n\r?\n")
_CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)", re.IGNORECASE | re.MULTILINE)


def _record_cut(data: bytes, start: int) -> tuple[bool, str]:
    """Whether the record at ``start`` of the archive is cut off inside its header, and how it is cut ("" where it
    is whole): its header without the blank line that ends it, its block shorter than its Content-Length, its gzip
    member (a member a record, as crawlers write them) without the trailer that checks it. warcio reads a record
    cut so without a word: a header cut mid-line as a record with a cut URL or type, a member without its trailer
    as whole where its Content-Length bytes were there (the page's end and the CRC not)."""
    member_cut = False
    if data.startswith(b"\x1f\x8b", start):
        member, text, at = zlib.decompressobj(16 + zlib.MAX_WBITS), [], start
        while not member.eof and at < len(data):  # in blocks: what follows the member is not copied each record
            try:
                text.append(member.decompress(data[at:at + 65536]))
            except zlib.error as exc:
                return False, f"its gzip member does not decompress: {exc}"
            at += 65536
        member_cut, data, start = not member.eof, b"".join(text), 0
    end = _HEADER_END.search(data, start)
    if end is None:
        return True, f"{len(data) - start} bytes without the blank line that ends a WARC header"
    length = _CONTENT_LENGTH.search(data, start, end.start())
    missing = int(length.group(1)) - (len(data) - end.end()) if length else 0
    if missing > 0:
        return False, f"the record ends {missing} bytes before its Content-Length"
    if member_cut:
        return False, "its gzip member ends before its trailer (the crawl stopped writing it)"
    return False, ""


def _revisit(url: str, date: str, order: int, status: int, content_type: str, location: str, digest: str,
             payloads: dict[str, bytes]) -> Capture:
    """A revisit record's capture: its own HTTP status and headers, the payload of the response with its
    ``WARC-Payload-Digest`` anywhere in the archive, before it or after it."""
    body = payloads.get(digest)
    if body is None:
        return _capture(url, date, order, status, content_type, location, b"", "revisit_unresolved",
                        f"no record in the archive has payload {digest or '(none)'}")
    return _capture(url, date, order, status, content_type, location, body, None, "")


def _capture(url: str, date: str, order: int, status: int | None, content_type: str, location: str, body: bytes,
             problem: str | None, detail: str) -> Capture:
    if not content_type.strip() and body and sniffs_as_html(body):  # no Content-Type: a browser sniffs the payload
        content_type = "text/html"
    response = None if problem else Response(url, status, content_type, body, location)
    mime = content_type.split(";", 1)[0].strip().lower()
    return Capture(url, date, order, mime, response, problem, detail)


# Content-Encoding codings decoded here (RFC 9110, 8.4.1; x-gzip is gzip, 8.4.1.3), in the order a reject names them
_CODINGS = ("gzip", "x-gzip", "deflate", "br", "zstd", "identity")


def _payload(record) -> tuple[bytes, str, str]:
    """The record's payload, decoded as its ``Content-Encoding`` says (codings applied in order, undone last
    first), and the problem and detail where it could not be (empty when it could)."""
    from warcio.bufferedreaders import ChunkedDataReader

    raw = record.raw_stream.read()  # to its end: the record's digests are checked on what was read
    if record.rec_type == "resource" or not record.http_headers:
        return raw, "", ""
    if "chunked" in (record.http_headers.get_header("Transfer-Encoding") or "").lower():
        raw = ChunkedDataReader(io.BytesIO(raw)).read()
    header = record.http_headers.get_header("Content-Encoding") or ""
    codings = [coding.strip().lower() for coding in header.split(",") if coding.strip()]
    unknown = [coding for coding in codings if coding not in _CODINGS]
    if unknown:
        return b"", "unsupported_content_encoding", (f"Content-Encoding {', '.join(unknown)}: not an encoding this "
                                                     f"build decodes ({', '.join(_CODINGS)})")[:300]
    for coding in reversed(codings):
        if not raw:  # a redirect or a 304 with a Content-Encoding and no body: nothing to decode
            break
        try:
            raw = _decode(coding, raw)
        except ValueError as exc:
            return b"", "undecodable", f"Content-Encoding {coding} does not decode: {exc}"[:300]
    return raw, "", ""


def _decode(coding: str, raw: bytes) -> bytes:
    """``raw`` with one content coding undone; ValueError where it does not decode."""
    if coding in ("gzip", "x-gzip", "deflate"):
        # warcio's reader, as its content_stream: a body stored decoded passes as it is, deflate with or without
        # its zlib header
        from warcio.bufferedreaders import BufferedReader

        return BufferedReader(io.BytesIO(raw), decomp_type="deflate" if coding == "deflate" else "gzip").read()
    if coding == "br":  # warcio's br hook needs an attribute Brotli's decompressor does not allow
        import brotli

        try:
            return brotli.decompress(raw)
        except brotli.error as exc:
            raise ValueError(exc) from exc
    if coding == "zstd":  # RFC 8878: frames one after another, their sizes not always written
        import zstandard

        try:
            return zstandard.ZstdDecompressor().stream_reader(io.BytesIO(raw), read_across_frames=True).read()
        except zstandard.ZstdError as exc:
            raise ValueError(exc) from exc
    return raw  # identity


def _http(record) -> tuple[int | None, str, str]:
    """(status, Content-Type, Location of a redirect) of a record; status None where its status line holds no
    code ("HTTP/1.1 OK"). Three digits leading the code are the status, as browsers read "HTTP/1.1 200OK"."""
    if record.rec_type != "resource" and record.http_headers:
        code = re.match(r"\d{3}", record.http_headers.get_statuscode() or "")
        if code is None:
            return None, record.http_headers.get_header("Content-Type") or "", ""
        status = int(code.group())
        location = (record.http_headers.get_header("Location") or "") if 300 <= status < 400 else ""
        return status, record.http_headers.get_header("Content-Type") or "", location
    return 200, record.rec_headers.get_header("Content-Type") or "", ""


# the WHATWG MIME Sniffing standard's patterns for HTML (section 7.1, "identifying an unknown MIME type"): after
# leading whitespace, one of these tags (any case) followed by a space or ">"; or a comment's start
_HTML_SNIFF = re.compile(rb"[\t\n\x0c\r ]*(?:<(?:!DOCTYPE HTML|HTML|HEAD|SCRIPT|IFRAME|H1|DIV|FONT|TABLE|A|STYLE|TITLE"
                         rb"|B|BODY|BR|P)[ >]|<!--)", re.IGNORECASE)


def sniffs_as_html(body: bytes) -> bool:
    """Whether a payload served without a Content-Type is HTML as browsers sniff it (`_HTML_SNIFF`; a UTF-8
    byte order mark first is skipped)."""
    return bool(_HTML_SNIFF.match(body.removeprefix(b"\xef\xbb\xbf")[:512]))


def chosen(captures: list[Capture]) -> Capture:
    """The capture a URL renders from: its latest usable one, else its latest (to say why not)."""
    usable = [c for c in captures if c.usable]
    return max(usable or captures, key=lambda c: (c.date, c.order))
