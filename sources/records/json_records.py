"""JSON and JSON Lines files read one record at a time: one bad record is one problem, never the file.

A JSONL file is cut at ``\\n`` only (a raw U+2028 or U+0085 inside a string is legal JSON, and
``str.splitlines`` would cut the record there); a JSON file holding an array is cut into its elements
by a scanner that follows strings and brackets without recursing, so a broken or deeply nested
element spoils only itself. A record larger than ``max_record_bytes`` is refused from its length,
before it is decoded or parsed. Each record is parsed on its own, so rows need not share a schema.

Encodings: a UTF-8 byte-order mark is dropped, UTF-16/32 (with or without a mark) are detected as the
JSON standard describes; a file in which no line is valid UTF-8 is a legacy encoding, named by
charset-normalizer and converted; otherwise a line that is not UTF-8 is one ``not_utf8`` problem.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import json
import re
from typing import Any, Callable, Iterator

MAX_RECORD_BYTES = 32 * 2**20

# a JSON string (escapes included; possessive, so a long string costs one pass), a lone quote (an
# unterminated string: nothing after it can be cut reliably), or a structural character
_TOKENS = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"|"|[\[\]{},]', re.DOTALL)
_SPACE = b" \t\r\n"


class JsonNumber(str):
    """A JSON number kept as the text it was written as (``1e5`` stays ``1e5``, ``2.50`` stays ``2.50``)."""


@dataclasses.dataclass(frozen=True)
class JsonRecord:
    """One record: ``value``, or ``problem`` (the ``<what>`` of a reason: bad_json, record_too_large,
    too_deeply_nested, not_utf8, bad_text: a lone surrogate, `lone_surrogate`; duplicate_key: a key given
    twice with different values, `DuplicateKey`) with ``detail``."""

    locator: str | None
    value: Any = None
    problem: str | None = None
    detail: str = ""


def json_records(data: bytes, uri: str, max_record_bytes: int = MAX_RECORD_BYTES, *,
                 numbers_as_text: bool = False, rows: Callable[[dict], bool] | None = None) -> Iterator[JsonRecord]:
    """The records of a ``.json`` file (its array's elements, or the one object) or of JSON Lines (any other
    name). ``rows(obj)``: whether a ``.json`` file's one object is a record itself; where it is not, the
    records it wraps (``{"data": [...]}``, `tables.wrapped_rows`) are the file's, a ``no_rows`` problem where
    it wraps several lists of them, and the object itself where it wraps none (a record with a list field,
    ``"authors": ["A", "B"]``, stays one record). ``numbers_as_text``: numbers come back as `JsonNumber`
    strings. A record with ``locator`` None is a problem of the whole file (an encoding no one can name for
    sure)."""
    try:
        data, start = utf8_bytes(data)
    except UnknownEncoding as exc:
        yield JsonRecord(None, problem="not_utf8", detail=str(exc))
        return
    parse = _parser(numbers_as_text)
    if not uri.lower().endswith(".json"):
        yield from _lines(data, start, max_record_bytes, parse)
        return
    at = _skip_space(data, start)
    if at < len(data) and data[at] == ord("["):
        yield from _elements(data, at, max_record_bytes, parse)
        return
    whole = _record("record=1", data, at, len(data), max_record_bytes, parse)
    if rows is not None and isinstance(whole.value, dict) and not rows(whole.value):
        from sources.common.tables import wrapped_rows

        listed, why = wrapped_rows(whole.value)
        if listed is not None:
            for index, value in enumerate(listed, start=1):
                yield JsonRecord(f"record={index}", value)
            return
        if why.startswith("the object holds several"):
            yield JsonRecord(None, problem="no_rows", detail=why)
            return
    yield whole


class UnknownEncoding(ValueError):
    """A file that is not UTF-8 and whose encoding charset-normalizer cannot name for sure."""


def utf8_bytes(data: bytes) -> tuple[bytes, int]:
    """(UTF-8 bytes, offset where the text starts): a UTF-8 mark is skipped without copying the data;
    UTF-16/32 and legacy encodings are converted. Raises `UnknownEncoding`."""
    if data.startswith(codecs.BOM_UTF8):
        return data, len(codecs.BOM_UTF8)
    encoding = json.detect_encoding(data[:4])  # UTF-16/32 with a mark, or by the zero bytes of ASCII
    if encoding.startswith(("utf-16", "utf-32")):
        try:
            return data.decode(encoding).lstrip("\ufeff").encode("utf-8"), 0
        except UnicodeDecodeError as exc:
            raise UnknownEncoding(f"looks like {encoding} but does not decode: {exc}"[:300]) from exc
    legacy = _legacy_encoding(data)
    if legacy:
        return data.decode(legacy).encode("utf-8"), 0
    return data, 0


def _legacy_encoding(data: bytes) -> str | None:
    """The encoding of a file that is not UTF-8 at all (no non-ASCII line decodes as UTF-8), as
    charset-normalizer names it; None for UTF-8, where a few broken lines are only those lines' problem.
    A guess is taken only when every equally likely candidate reads the bytes as the same text (cp1250
    and cp1252 read short French differently: such a file is refused, never read wrong)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 20
    try:
        for i in range(0, len(data), step):  # checked in chunks: no copy of the whole file
            decoder.decode(data[i:i + step], final=i + step >= len(data))
        return None
    except UnicodeDecodeError:
        pass
    for line in data.split(b"\n"):
        if not line.isascii():
            try:
                line.decode("utf-8")
                return None  # some text is UTF-8: the file is, and its broken lines are broken
            except UnicodeDecodeError:
                continue
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise UnknownEncoding("not UTF-8, and charset-normalizer finds no encoding that reads it")
    best = min(m.chaos for m in matches)
    likely = [m for m in matches if m.chaos <= best + 0.01]
    if len({str(m) for m in likely}) > 1:
        raise UnknownEncoding("not UTF-8; equally likely encodings read it differently: "
                              + ", ".join(m.encoding for m in likely))
    return likely[0].encoding


class DuplicateKey(ValueError):
    """An object giving one key twice with different values. json.loads keeps the last silently, but
    which one the writer meant ("image": "red.png", "image": "blue.png") is unknown."""


def _twice(pairs: list[tuple[str, Any]], obj: dict) -> str | None:
    """Said for a detail: the first key ``pairs`` give twice with different values (the same value twice
    is the same record); None when there is none."""
    if len(obj) == len(pairs):
        return None
    return next((f"key {key!r} is given twice, as {value!r:.60} and as {obj[key]!r:.60}"
                 for key, value in pairs if obj[key] != value), None)


def unique_object(pairs: list[tuple[str, Any]]) -> dict:
    """json's ``object_pairs_hook`` raising `DuplicateKey` for a key given twice with different values."""
    obj = dict(pairs)
    if (twice := _twice(pairs, obj)) is not None:
        raise DuplicateKey(twice)
    return obj


class _Duplicated(dict):
    """An object that gave a key twice with different values, ``twice`` saying which (`marked_object`)."""

    twice: str


def marked_object(pairs: list[tuple[str, Any]]) -> dict:
    """json's ``object_pairs_hook`` for a file of many records parsed at once: an object giving a key twice
    is marked, so that only its record is refused (`duplicate_key`), not the file."""
    obj = dict(pairs)
    if (twice := _twice(pairs, obj)) is None:
        return obj
    marked = _Duplicated(obj)
    marked.twice = twice
    return marked


def duplicate_key(value: Any) -> str | None:
    """Where ``value`` (parsed with `marked_object`) holds an object that gave a key twice, said for a
    reject's detail; None when it holds none."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Duplicated):
            return item.twice
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def loads(raw, numbers_as_text: bool = False) -> Any:
    """One JSON record as every reader here parses one: a key given twice with different values raises
    `DuplicateKey`; with ``numbers_as_text``, numbers kept as their text (`JsonNumber`)."""
    if numbers_as_text:
        return json.loads(raw, parse_int=JsonNumber, parse_float=JsonNumber, object_pairs_hook=unique_object)
    return json.loads(raw, object_pairs_hook=unique_object)


def _parser(numbers_as_text: bool):
    return functools.partial(loads, numbers_as_text=numbers_as_text)


def _record(locator: str, data: bytes, begin: int, end: int, cap: int, parse) -> JsonRecord:
    """Parse ``data[begin:end]`` unless it is longer than ``cap`` (then it is never copied)."""
    if end - begin > cap:
        return JsonRecord(locator, problem="record_too_large",
                          detail=f"{end - begin} bytes > max_record_bytes {cap}; not parsed")
    raw = data[begin:end]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return JsonRecord(locator, problem="not_utf8", detail=str(exc)[:300])
    try:
        value = parse(text)
        if _SURROGATE_ESCAPE.search(raw) and (found := lone_surrogate(value)) is not None:
            return JsonRecord(locator, problem="bad_text", detail=found)
        return JsonRecord(locator, value)
    except RecursionError:
        return JsonRecord(locator, problem="too_deeply_nested",
                          detail="nested deeper than the parser's recursion limit")
    except DuplicateKey as exc:
        return JsonRecord(locator, problem="duplicate_key", detail=str(exc)[:300])
    except ValueError as exc:
        return JsonRecord(locator, problem="bad_json", detail=str(exc)[:300])


# a \\u escape of a UTF-16 surrogate: JSON allows one alone ("\\ud83d", an emoji cut in two by a scraper), and
# json.loads makes it a str that no UTF-8 file, key or shard can hold: the record is refused, not the file
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def lone_surrogate(value: Any) -> str | None:
    """Where ``value`` (a parsed JSON record) holds a lone UTF-16 surrogate, in a string or a key, said
    for a reject's detail; None when it holds none."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                return (f"a lone UTF-16 surrogate {item[exc.start]!r} (a \\u escape without its pair) in "
                        f"{item[max(0, exc.start - 30):exc.start + 30]!r}: no UTF-8 text holds it")
    return None


def _lines(data: bytes, start: int, cap: int, parse) -> Iterator[JsonRecord]:
    number, at = 0, start
    while at < len(data):
        end = data.find(b"\n", at)
        end = len(data) if end < 0 else end
        number += 1
        if _skip_space(data, at, end) < end:  # blank lines are not records
            yield _record(f"line={number}", data, at, end, cap, parse)
        at = end + 1


def _skip_space(data: bytes, at: int, end: int | None = None) -> int:
    end = len(data) if end is None else end
    while at < end and data[at] in _SPACE:
        at += 1
    return at


def _elements(data: bytes, at: int, cap: int, parse) -> Iterator[JsonRecord]:
    """The elements of the array opening at ``data[at]``: cut at depth-0 commas, strings skipped whole."""
    depth, begin, index = 0, at + 1, 0

    def element(end: int) -> JsonRecord:
        nonlocal index
        index += 1
        return _record(f"record={index}", data, begin, end, cap, parse)

    for token in _TOKENS.finditer(data, at + 1):
        char = data[token.start()]
        if char == ord('"'):
            if token.end() - token.start() == 1:
                break  # an unterminated string: the rest is one broken element
        elif char in b"[{":
            depth += 1
        elif char in b"]}" and depth:
            depth -= 1
        elif char == ord("]"):
            if index or _skip_space(data, begin, token.start()) < token.start():
                yield element(token.start())  # ("[]" has no element; "[1,]" has an empty one: bad_json)
            if _skip_space(data, token.end()) < len(data):
                yield JsonRecord(f"record={index + 1}", problem="bad_json",
                                 detail=f"data after the array's closing ] at byte {token.start()}")
            return
        elif char == ord(",") and depth == 0:
            yield element(token.start())
            begin = token.end()
        elif char == ord("}"):  # a } closing nothing at depth 0: the element is broken, the cut still holds
            continue
    tail = element(len(data))
    yield tail if tail.problem else JsonRecord(tail.locator, problem="bad_json",
                                               detail="the array is not closed (file cut short?)")
