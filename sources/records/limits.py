"""The size limits every record-file source shares, declared once: record files (JSON lines, tars)
are bigger inside than outside, so each limit is checked before what it guards is read."""

from __future__ import annotations

import dataclasses

from sources.common.images import ImageLimits
from sources.records.json_records import MAX_RECORD_BYTES
from sources.records.tar_samples import MAX_EXPANDED_BYTES, MAX_MEMBER_BYTES


@dataclasses.dataclass(frozen=True)
class RecordLimits:
    """max_image_bytes: a larger image file (or data: URI) is refused from its size, unread.
    max_record_bytes: a longer JSON record is refused unparsed.
    max_member_bytes / max_expanded_bytes: tar members and a tar's contents over these are refused
    from their headers."""

    max_image_bytes: int = ImageLimits.max_bytes
    max_record_bytes: int = MAX_RECORD_BYTES
    max_member_bytes: int = MAX_MEMBER_BYTES
    max_expanded_bytes: int = MAX_EXPANDED_BYTES
