"""The reviewed-labels file: one JSON line per sample a reviewer labelled.

``{"key", "path", "instruction", "reviewer", "comment"}``. The build applies it (``--sft_labels``),
`taxonomy.train` learns from it, and `taxonomy.review import` writes it.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Iterable


@dataclasses.dataclass
class Label:
    key: str
    path: str
    instruction: str = ""
    reviewer: str = ""
    comment: str = ""


def read(path: str | Path) -> dict[str, Label]:
    """Labels by sample key (a later line for the same key wins)."""
    out = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            label = Label(**json.loads(line))
            out[label.key] = label
    return out


def write(path: str | Path, labels: Iterable[Label]) -> int:
    lines = [json.dumps(dataclasses.asdict(label), ensure_ascii=False) for label in labels]
    Path(path).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)
