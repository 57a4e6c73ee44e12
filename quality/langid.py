"""Language id with fastText's lid.176 model, shipped in this package (quality/models/NOTICE.md).

Loaded once per process; fastText's ``predict`` wants one line, so newlines become spaces. The
language is judged on a text's prose (`prose`): commands, paths, package names, numbers and dot
leaders say nothing about the language a manual is written in, and lower lid.176's confidence in it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

# a token that is code, not prose: has a digit or one of /\_=$@#<>{}[]|`~ or an inner dot ("foo.gz")
_CODE_TOKEN = re.compile(r"\S*([0-9/\\_=$@#<>{}\[\]|`~]|\w\.\w)\S*")
_NON_WORD = re.compile(r"[^\w\s'’-]+|(?<!\w)[-'’]+|[-'’]+(?!\w)")

LID_MODEL = Path(__file__).resolve().parent / "models" / "lid.176.ftz"


def _model(path: str):
    from quality.quality_model import load

    return load(path)


def prose(text: str) -> str:
    """``text`` without what is not prose: code-like tokens, numbers, punctuation runs (dot leaders)."""
    return " ".join(_NON_WORD.sub(" ", _CODE_TOKEN.sub(" ", text)).split())


def identify(text: str, model_path: str | os.PathLike = LID_MODEL) -> tuple[str, float]:
    """(ISO 639 code, probability) of the most likely language of ``text``."""
    # lower case: lid.176 reads a page in capitals as German or Frisian
    labels, scores = _model(str(model_path)).predict(" ".join(text.lower().split())[:10_000], k=1)
    return labels[0].removeprefix("__label__"), min(1.0, float(scores[0]))
