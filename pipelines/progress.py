"""A progress bar for local runs, advanced by the extract step once per input.

Only the in-process runner shares this module with the launching process; on
Dataflow, Flink or Spark the runner's own UI shows progress and this is a no-op.
"""

from __future__ import annotations

_bar = None


def start(total: int | None, enabled: bool | None) -> None:
    """Open the bar (``enabled`` None: only when stderr is a terminal)."""
    global _bar
    from tqdm import tqdm

    disable = {True: False, False: True, None: None}[enabled]  # tqdm: None = off unless a terminal
    _bar = tqdm(total=total, unit="input", desc="extract", disable=disable, dynamic_ncols=True)


def advance(n: int = 1) -> None:
    if _bar is not None:
        _bar.update(n)


def close() -> None:
    global _bar
    if _bar is not None:
        _bar.close()
        _bar = None
