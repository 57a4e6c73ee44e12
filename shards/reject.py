"""The `Reject`: why an input or a sample was not written.

Every input ends as written samples or rejects (DESIGN.md, "Every input is accounted
for"). Reasons are short codes so they can be counted:
``error:<stage>:<what>``, ``filtered:<rule>``, ``duplicate_of:<key>``,
``unsupported:<what>``, ``contaminated:<benchmark>``; the free-text ``detail`` says more.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from shards.sample import encode_json


class ReasonError(Exception):
    """An error that carries the reject ``reason`` code it becomes; the message is the detail."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason


@dataclasses.dataclass(frozen=True)
class Reject:
    """A dropped input (``locator`` None) or a dropped sample (``locator`` set, e.g. ``page=3``)."""

    source: str
    uri: str
    reason: str
    detail: str = ""
    locator: str | None = None
    key: str | None = None

    @property
    def category(self) -> str:
        """The reason with per-sample parts removed, for counting (``duplicate_of:ab12`` -> ``duplicate``)."""
        return "duplicate" if self.reason.startswith("duplicate_of:") else self.reason

    @property
    def whole_input(self) -> bool:
        return self.locator is None

    def to_json(self) -> bytes:
        return encode_json(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, line: str | bytes) -> "Reject":
        data: dict[str, Any] = json.loads(line)
        return cls(**data)


def error_reason(stage: str, exc: BaseException) -> tuple[str, str]:
    """``(reason, detail)`` for an unexpected exception: the reason names the stage and exception type."""
    return f"error:{stage}:{type(exc).__name__}", str(exc)[:500]


def error_reject(source: str, uri: str, stage: str, exc: BaseException, locator: str | None = None,
                 key: str | None = None) -> Reject:
    """A reject of an input (or of a part of it, with ``locator``) for an unexpected exception."""
    reason, detail = error_reason(stage, exc)
    return Reject(source=source, uri=uri, reason=reason, detail=detail, locator=locator, key=key)


def sample_reject(sample, reason: str, detail: str = "") -> Reject:
    """The reject of one `Sample` (the only way a pipeline step rejects a sample): its source, input,
    locator and key, and the ``reason`` code."""
    return Reject(sample.source, sample.uri, reason, detail=detail,
                  locator=str(sample.meta.get("locator", "sample")), key=sample.key)
