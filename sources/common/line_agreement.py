"""Does a target line say what its image shows? One line, read back by the OCR engine's recogniser.

The unit every text-layer source checks its targets with (documents' fonts, web pages' tiles): a line
whose box is known is cut from the image at the recognition model's line height and recognised alone (no
detection), and its letters and digits are compared with the target's. Punctuation is left out of
both sides: dot leaders, dashes and quotes are where OCR and text layers differ without either being
wrong (a table of contents' ". . . ." lines read back as "......" scored 0.9). So is letter case: small
capitals (LaTeX's \\textsc, the Asymptote manual's author line) and CSS ``text-transform`` show capitals
for a text that is rightly lower case, and scored 0.84; a broken glyph map gives other letters, not
other cases.
"""

from __future__ import annotations

from sources.common.ocr import character_error_rate

LINE_HEIGHT = 48  # pixels: PP-OCR's recognition input height
MIN_CHARS = 8  # shorter lines say too little to judge
# A wrong glyph map shows in any thirty characters, and the recogniser's time grows with the line's
# width: a 30-character line reads in 0.04 s of CPU, a 100-character one in 0.14 s (onnxruntime, 1 thread)
JUDGE_CHARS = 32


def alnum(text: str) -> str:
    """The letters and digits of ``text``, case folded: what a read-back is compared on."""
    return "".join(c for c in text if c.isalnum()).casefold()


READABLE = 0.95  # share of a line's letters and digits the recogniser must know for the line to be judged


def readable(text: str, charset: frozenset[str] | None) -> bool:
    """Whether the recogniser whose dictionary is ``charset`` (None: not known, every text counts) can
    read ``text``: at least `READABLE` of its letters and digits are in the dictionary. PP-OCR's has no
    Cyrillic: a right Russian text layer read back as ", .  , ." scored 1.0 and was replaced by that."""
    if charset is None:
        return True
    letters = [c for c in text if c.isalnum()]
    return bool(letters) and sum(c in charset for c in letters) >= READABLE * len(letters)


def judge_first(lines: list[dict], charset: frozenset[str] | None = None) -> list[dict]:
    """``lines`` (``{"text", "bbox"}``, optionally ``"upright"``) that are long enough to judge, best
    first: those whose count of letters and digits is nearest `JUDGE_CHARS`, then the longer. A line
    not set horizontally (``upright`` False: a figure's label at 45 degrees) is never judged: its box
    holds it slanted, which the recogniser cannot read; nor is a line in a script the recogniser does
    not know (`readable` with its ``charset``, `ocr.OcrEngine.charset`)."""
    judged = [line for line in lines if len(alnum(line["text"])) >= MIN_CHARS and line.get("upright", True)
              and line["bbox"][2] - line["bbox"][0] > line["bbox"][3] - line["bbox"][1]
              and readable(line["text"], charset)]
    return sorted(judged, key=lambda line: (abs(len(alnum(line["text"])) - JUDGE_CHARS), -len(alnum(line["text"]))))


def read_back(text: str, image, engine) -> tuple[float, int]:
    """(character errors, reference length) of ``engine`` reading ``image`` (RGB (H, W, 3) uint8, one
    line at about `LINE_HEIGHT` px) against ``text``, on letters and digits."""
    reference, read = alnum(text), alnum(engine.recognise(image)[0])
    return character_error_rate(reference, read) * len(reference), len(reference)
