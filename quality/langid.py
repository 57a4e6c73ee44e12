"""Language id with fastText's lid.176 model, shipped in this package (quality/models/NOTICE.md).

Loaded once per process; fastText's ``predict`` wants one line, so newlines become spaces.
"""

from __future__ import annotations

import os
from pathlib import Path

LID_MODEL = Path(__file__).resolve().parent / "models" / "lid.176.ftz"


def _model(path: str):
    from quality.quality_model import load

    return load(path)


def identify(text: str, model_path: str | os.PathLike = LID_MODEL) -> tuple[str, float]:
    """(ISO 639 code, probability) of the most likely language of ``text``."""
    # lower case: lid.176 reads a page in capitals as German or Frisian
    labels, scores = _model(str(model_path)).predict(" ".join(text.lower().split())[:10_000], k=1)
    return labels[0].removeprefix("__label__"), min(1.0, float(scores[0]))
