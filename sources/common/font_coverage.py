"""Which characters the machine's fonts can draw, as fontconfig knows them.

Chromium on Linux finds a font for each character through fontconfig; a character no installed font
covers is drawn as an empty box ("tofu"), and a page of Hindi, Thai or emoji without their fonts is a
page of boxes whose DOM text is perfect. A target holding that text is not what its image shows, so the
sources that draw through fontconfig ask `undrawable` first. (Charts draw through matplotlib's own font
list: `sources.charts.fonts`.)
"""

from __future__ import annotations

import bisect
import functools
import io
import logging
import shutil
import subprocess
import unicodedata

# characters that draw nothing of their own, so no font need hold them: joiners, marks of direction,
# variation selectors (an emoji's U+FE0F, an ideograph's variant)
_NOT_DRAWN = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def _variation_selector(code: int) -> bool:
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def parse_charsets(listing: str) -> tuple[list[int], list[int]]:
    """fontconfig charsets (``fc-list --format '%{charset}\\n'``: one font a line, hexadecimal code points and
    ranges, "20-7e a0-17f 192") as merged ranges: ``(starts, ends)``, sorted, ends inclusive."""
    ranges = []
    for token in listing.split():
        low, _, high = token.partition("-")
        try:
            ranges.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            continue  # not a range: fontconfig prints nothing else, but a stray word must not stop the rest
    merged: list[list[int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return [low for low, _ in merged], [high for _, high in merged]


@functools.lru_cache(maxsize=1)
def _coverage() -> tuple[list[int], list[int]] | None:
    """The installed fonts' merged coverage, read once a process; None where fontconfig cannot say."""
    program = shutil.which("fc-list")
    if program is None:
        return None
    try:
        done = subprocess.run([program, "--format", "%{charset}\n"], capture_output=True, text=True, timeout=60,
                              check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    starts, ends = parse_charsets(done.stdout)
    return (starts, ends) if starts else None


def system_coverage() -> tuple[list[int], list[int]] | None:
    """The installed fonts' merged coverage (`parse_charsets`), read once a process; None where fontconfig's
    ``fc-list`` cannot be run (then nothing can be told, and a warning says so once)."""
    coverage = _coverage()
    if coverage is None and not _WARNED:
        _WARNED.append(True)
        logging.getLogger(__name__).warning(
            "fc-list (Debian's fontconfig) did not run: text in scripts no installed font draws cannot be told "
            "from drawn text (tools/install-fonts installs it)")
    return coverage


_WARNED: list[bool] = []


def with_fonts(coverage: tuple[list[int], list[int]] | None, fonts: list[bytes]) -> tuple[list[int], list[int]] | None:
    """``coverage`` and the characters of ``fonts`` (TrueType, OpenType, WOFF or WOFF2 files a page ships and
    the browser draws with: their cmaps, read by fontTools), merged; a file fontTools cannot read adds nothing."""
    from fontTools.ttLib import TTFont

    codes: list[int] = []
    for data in fonts:
        try:
            codes += TTFont(io.BytesIO(data), lazy=True, fontNumber=0).getBestCmap() or {}
        except Exception:  # noqa: BLE001 - a broken or unknown font file draws nothing here
            continue
    if not codes:
        return coverage
    listing = " ".join(f"{low:x}-{high:x}" for low, high in zip(*coverage)) if coverage else ""
    return parse_charsets(listing + " " + " ".join(f"{code:x}" for code in set(codes)))


def undrawable(text: str, coverage: tuple[list[int], list[int]] | None = None) -> list[str]:
    """The distinct characters of ``text``, in order of first use, that no installed font covers (so a
    browser draws an empty box for each); ``[]`` where all are covered or fontconfig cannot say.

    coverage: merged ranges as `parse_charsets` gives them; the installed fonts' (`system_coverage`) by default."""
    coverage = coverage if coverage is not None else system_coverage()
    if coverage is None:
        return []
    starts, ends = coverage
    ascii_drawn = starts[0] <= 0x20 and ends[0] >= 0x7E
    if ascii_drawn and text.isascii():  # most text, for ~0.1 us
        return []
    missing: dict[str, None] = {}
    for char in text:
        code = ord(char)
        if code < 0x80 and ascii_drawn or unicodedata.category(char) in _NOT_DRAWN or _variation_selector(code):
            continue
        at = bisect.bisect_right(starts, code) - 1
        if at < 0 or code > ends[at]:
            missing[char] = None
    return list(missing)
