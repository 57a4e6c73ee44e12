"""Fault injection for the kill tests: a build can be made to die at a chosen point."""

from __future__ import annotations

import os
import signal

_calls: dict[str, int] = {}


def fault_point(stage: str) -> None:
    """With ``VLBUILD_KILL_AT=stage:n`` set, the process SIGKILLs itself at the n-th time it
    passes ``stage`` (no effect otherwise)."""
    target = os.environ.get("VLBUILD_KILL_AT")
    if not target:
        return
    _calls[stage] = _calls.get(stage, 0) + 1
    name, _, count = target.partition(":")
    if name == stage and _calls[stage] == int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)
