"""HTML bytes to text as a browser decodes them, then checked: a page that does not decode cleanly is
refused, never written as mojibake.

Order (WHATWG encoding sniffing, as w3lib implements it): byte order mark, the HTTP
``Content-Type`` charset, a ``<meta charset>`` / ``http-equiv`` declaration, then detection
(charset-normalizer) only where nothing is declared. Labels map as browsers map them (``latin-1`` and
``ascii`` mean windows-1252). A declared charset the bytes contradict leaves replacement characters,
as in a browser, and such a page is refused: a guess at what was meant (windows-1250 or -1252?) can
give a target that looks right and is not ("naďve").
"""

from __future__ import annotations

import codecs
import re

from shards.reject import ReasonError

_SINGLE_BYTE_LATIN = {codecs.lookup(n).name for n in (
    "cp1250", "cp1252", "cp1254", "cp1257", "latin-1", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-9",
    "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15", "iso8859-16", "mac-roman", "mac-latin2")}

_DECLARATIONS = re.compile(r"<meta\b[^>]*\bcharset\s*=[^>]*>|(?<=<\?xml)([^>]*?)\sencoding=[\"'][^\"']*[\"']", re.I)


class EncodingRefused(ReasonError):
    """HTML whose bytes no encoding reads cleanly; ``reason`` is ``filtered:broken_encoding``."""


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """``(text, encoding)`` of an HTML document. Raises `EncodingRefused` when it cannot be read cleanly."""
    from w3lib.encoding import html_to_unicode

    encoding, text = html_to_unicode(_utf16_as_browsers_read(content_type, body), body, auto_detect_fun=_detect)
    broken = text.count("\ufffd") - body.count("\ufffd".encode())  # U+FFFD the page itself holds is text
    if broken > 0:
        raise EncodingRefused("filtered:broken_encoding", f"{broken} byte sequences are not {encoding}, the "
                              "encoding the page declares or that detection found")
    if "<" not in text and b"<" in body:  # markup read as other characters: ASCII bytes paired up as UTF-16
        raise EncodingRefused("filtered:broken_encoding", f"read as {encoding}, the page holds no markup")
    return text, encoding


# WHATWG Encoding's labels of UTF-16: most name little-endian, two big-endian (w3lib read "utf-16" big-endian)
_UTF16_LE = frozenset({"utf-16", "utf-16le", "ucs-2", "unicode", "csunicode", "iso-10646-ucs-2", "unicodefeff"})
_UTF16_BE = frozenset({"utf-16be", "unicodefffe"})
_CHARSET = re.compile(r"(charset\s*=\s*[\"']?)([^\s;\"']+)", re.I)


def _utf16_as_browsers_read(content_type: str | None, body: bytes) -> str | None:
    """The ``Content-Type`` to decode by, UTF-16 taken as the HTML standard does where no byte order mark
    decides: an HTTP label of UTF-16 names its byte order by WHATWG's labels (``utf-16`` is little-endian);
    a ``<meta>`` declaring UTF-16 in a page read as ASCII bytes means UTF-8 (the prescan's rule: the page
    could not have been read to find it otherwise). A UTF-8 page whose meta said "utf-16" was written as
    CJK-looking mojibake, a UTF-16LE page labelled "utf-16" likewise."""
    from w3lib.encoding import html_body_declared_encoding, read_bom

    if read_bom(body)[0]:
        return content_type
    label = _CHARSET.search(content_type or "")
    if label:
        name = label.group(2).strip().lower()
        fixed = "utf-16-le" if name in _UTF16_LE else "utf-16-be" if name in _UTF16_BE else None
        return content_type if fixed is None else content_type[:label.start(2)] + fixed + content_type[label.end(2):]
    declared = html_body_declared_encoding(body)
    return "text/html; charset=utf-8" if declared and declared.startswith("utf-16") else content_type


def as_utf8(text: str, xml: bool = False) -> bytes:
    """Decoded HTML as UTF-8 bytes that say so: its own charset declarations (meta, http-equiv, the XML
    declaration) are replaced, since a reader honouring them would decode the UTF-8 bytes wrongly. ``xml``:
    the text is XHTML, whose new ``<meta>`` must be closed to stay well formed."""
    meta = '<meta charset="utf-8"/>' if xml else '<meta charset="utf-8">'
    return _DECLARATIONS.sub(lambda m: m.group(1) or meta, text).encode("utf-8")


def _detect(body: bytes) -> str | None:
    """An undeclared page's encoding: UTF-8 when it decodes as such; among Western single-byte code
    pages, which short texts cannot tell apart (cp1250 reads "naïve" as "naďve"), windows-1252, the
    web's default for unlabelled pages; otherwise charset-normalizer's best match (Shift_JIS, GBK...)."""
    from charset_normalizer import from_bytes

    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(body).best()
    if best is None:
        return None
    if codecs.lookup(best.encoding).name in _SINGLE_BYTE_LATIN:
        try:
            body.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return best.encoding
