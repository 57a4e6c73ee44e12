"""The table printed at the end of a build, read back from its manifest."""

from __future__ import annotations

from typing import Any


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    return ["  " + fmt.format(*header)] + ["  " + fmt.format(*map(str, row)) for row in rows]


def format_summary(manifest: dict[str, Any], wall_s: float, counters: dict[str, int] | None = None) -> str:
    """Samples per kind, rejects per reason, the ledger per source, shards and wall time."""
    root = manifest["_root"]
    shards_per_kind: dict[str, int] = {}
    for shard in manifest["shards"]:
        shards_per_kind[shard["kind"]] = shards_per_kind.get(shard["kind"], 0) + 1
    lines = [f"vlbuild: built {root} in {wall_s:.1f} s on {manifest['runner']}", ""]
    samples = manifest["totals"]["samples"]
    lines += _table(["kind", "samples", "shards"],
                    [[k, n, shards_per_kind.get(k, 0)] for k, n in samples.items()] or [["(none)", 0, 0]])
    lines += [""] + _table(["rejects by reason", "count"],
                           [[r, n] for r, n in manifest["totals"]["rejects"].items()] or [["(none)", 0]])
    ledger = manifest["ledger"]
    lines += [""] + _table(
        ["source", "inputs", "rejected whole", "items", "written", "items rejected", "balanced"],
        [[s, r["inputs"], r["inputs_rejected"], r["items"], r["written"], r["items_rejected"],
          "yes" if r["balanced"] else "NO"] for s, r in ledger.items()])
    if counters:
        lines += [""] + _table(["beam counter", "value"], [[k, v] for k, v in sorted(counters.items())])
    lines += [""] + [f"shards:   {root}/{kind}/ ({n} shard{'s' * (n != 1)})"
                     for kind, n in sorted(shards_per_kind.items())]
    lines += [f"rejects:  {root}/rejects/", f"manifest: {root}/manifest.json"]
    return "\n".join(lines)
