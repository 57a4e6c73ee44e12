"""Durations written as a clock ("0:45", "1:02:03", a sheet's ``[h]:mm``) read as amounts of time, not times of day.

pyarrow reads "00:30:00" as half past midnight and a sheet stores a duration as a time of day: a column headed
"Dauer" or "Duration" was typed temporal (an x axis in time order, no measure), and "0:45" or "1:02:03", which
pyarrow leaves as text, became bars' names. A column whose header names a duration (`names_duration`) and whose
every value is a clock is a measure in minutes (every value a whole minute) or seconds, named so ("Dauer (min)");
where a value of two parts may be hours and minutes or minutes and seconds and the header says neither ("Duration"
of "12:30"), the column is left out and said (``filtered:ambiguous_duration``).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

# the words of a duration in the languages tables are written in; "time" alone is as often a time of day
_WORDS = frozenset({"duration", "durations", "elapsed", "runtime", "dauer", "durée", "duración", "durata", "duur",
                    "duração", "varighet", "varighed", "varaktighet", "długość", "trwania", "délka", "длительность",
                    "продолжительность"})
_ENDS = ("dauer", "laufzeit", "wartezeit", "fahrzeit", "spielzeit", "reisezeit", "bearbeitungszeit")  # "Spieldauer"
# "Lap time", "Wait time", "Time spent": a "time" a duration by the word beside it
_TIMED = frozenset({"lap", "wait", "waiting", "run", "running", "travel", "response", "processing", "cycle",
                    "handling", "talk", "screen", "play", "playing", "flight", "drive", "driving", "commute", "hold",
                    "lead", "turnaround", "spent", "finish", "race", "total"})
# a header's unit of a two-part clock: minutes and seconds, or hours and minutes
_MINUTES_SECONDS = re.compile(r"\b(?:mm?:ss|min|mins|minutes?|minuten|m)\b", re.IGNORECASE)
_HOURS_MINUTES = re.compile(r"\b(?:hh?:mm|h|hrs?|hours?|std|stunden|heures?|horas?)\b", re.IGNORECASE)
_CLOCK = re.compile(r"(\d+):([0-5]\d)(?::([0-5]\d))?(?:[.,](\d{1,6}))?")  # "1:23.456": a lap's seconds' fraction


def names_duration(name: str) -> bool:
    """Whether a column's ``name`` names a duration ("Dauer", "Duration (min)", "Spieldauer", "Lap time")."""
    words = re.findall(r"[^\W\d_]+", name.casefold())
    return any(w in _WORDS or w.endswith(_ENDS) for w in words) or any(
        {a, b} & _TIMED and "time" in (a, b) for a, b in zip(words, words[1:]))


def read_durations(name: str, values: list[Any]) -> tuple[str, list[int | None], str] | None:
    """The column ``name`` of ``values`` (clock texts, or times of day a sheet or pyarrow read) as durations: its
    name with its unit ("Dauer (min)", "Lap time (s)"), the numbers in it, and "" or why they cannot be read (a
    two-part clock whose parts the header does not name). None where the header names no duration or a value is
    no clock. A duration typed as one (a sheet's ``[h]:mm`` cell openpyxl reads as a timedelta, "25:30" too; a
    Parquet file's duration) is one whatever its header: read as pyarrow types it, it was a temporal axis."""
    if all(v is None for v in values):
        return None
    if all(v is None or isinstance(v, datetime.timedelta) for v in values):
        seconds = [None if v is None else round(v.total_seconds()) for v in values]
    else:
        if not names_duration(name):  # before any cell is parsed: every text column of every table comes here
            return None
        parts = [_parts(v) for v in values]
        if any(p is None for v, p in zip(values, parts) if v is not None):
            return None
        if any(p and len(p) == 2 for p in parts) and not (_MINUTES_SECONDS.search(name) or _HOURS_MINUTES.search(name)):
            return name, [], (f"column {name!r} holds durations of two parts ({_first_two(values)}): hours and "
                              f"minutes, or minutes and seconds? the header says neither, so it is not read")
        seconds_first = _MINUTES_SECONDS.search(name) is not None and _HOURS_MINUTES.search(name) is None
        seconds = [None if p is None else _seconds(p, seconds_first) for p in parts]
    base = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip() or name
    if all(s is None or s % 60 == 0 for s in seconds):
        return f"{base} (min)", [None if s is None else s // 60 for s in seconds], ""
    return f"{base} (s)", seconds, ""


def _parts(value) -> tuple[int | float, ...] | None:
    """A clock's parts: (hours, minutes, seconds) of a time of day, or the numbers of a text "1:02:03", "12:30";
    a fraction of a second ("1:23.456", a sheet's "mm:ss.000") in the seconds, which makes two parts minutes and
    seconds (no clock writes a fraction of a minute); a sign before it ("-0:15") in each part."""
    if isinstance(value, datetime.time):
        return value.hour, value.minute, value.second + value.microsecond / 1e6 if value.microsecond else value.second
    text = value.strip() if isinstance(value, str) else ""
    match = _CLOCK.fullmatch(text.lstrip("+-\u2212"))
    if match is None:
        return None
    parts = [int(g) for g in match.groups()[:3] if g is not None]
    if match[4] is not None:  # a second's fraction
        parts = [0, *parts] if len(parts) == 2 else parts
        parts[2] += int(match[4]) / 10 ** len(match[4])
    # a duration below zero ("-0:15", a time over or under plan) is its parts below zero
    return tuple(-p if text[:1] in ("-", "\u2212") else p for p in parts)


def _seconds(parts: tuple[int | float, ...], seconds_first: bool) -> int | float:
    """A clock's length in seconds: h:mm:ss, or of two parts mm:ss where ``seconds_first``, else h:mm; a fraction
    of a second kept to its microseconds (1:23.456 is 83.456, not 83.45600000000002)."""
    if len(parts) == 3:
        total = parts[0] * 3600 + parts[1] * 60 + parts[2]
        return int(total) if float(total).is_integer() else round(total, 6)
    return parts[0] * 60 + parts[1] if seconds_first else parts[0] * 3600 + parts[1] * 60


def _first_two(values: list[Any]) -> str:
    texts = [v.isoformat() if isinstance(v, datetime.time) else str(v) for v in values if v is not None]
    return ", ".join(map(repr, texts[:2]))
