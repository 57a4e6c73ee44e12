"""The default build on a real multi-process engine: Beam's Dask runner (mended in pipelines/dask_runner.py)
on a local dask.distributed cluster of two worker processes, against the in-process run.

Same inputs, same shards on any runner and any worker count: the shards must be byte-identical.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.build import main as build_main
from shards import read_manifest

pytest.importorskip("distributed")


def build(output: Path, *args: str) -> tuple[int, dict]:
    code = build_main(["--output", str(output), "--progress", "off", "--no-report", *args])
    return code, read_manifest(str(output))


def shard_files(output: Path) -> dict[str, bytes]:
    return {str(p.relative_to(output)): p.read_bytes() for p in sorted(output.glob("*/*.tar"))}


def reject_lines(output: Path) -> list[str]:
    """Every reject, in a stable order: how they split into files follows the runner's bundles."""
    return sorted(line for f in (output / "rejects").glob("*.jsonl") for line in f.read_text().splitlines())


@pytest.fixture(scope="module")
def in_process(tmp_path_factory):
    out = tmp_path_factory.mktemp("in_process") / "out"
    code, manifest = build(out)
    assert code == 0
    return out, manifest


# two whole builds of the default corpus (the in-process one is this test's fixture): about 4 minutes on a
# 2-core machine with other work on it, over pytest.ini's 600 s where that work is heavy (load 7)
@pytest.mark.timeout(1200)
def test_the_default_build_on_two_dask_workers_writes_the_same_shards_as_in_process(
        in_process, tmp_path, monkeypatch):
    reference, expected = in_process
    # launched from another folder: the config's paths must already be absolute when workers get them
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "dask"
    # and no DoFn may change an element in place (other runners share elements between steps)
    code, manifest = build(out, "--runner", "dask", "--dask_workers", "2", "--dask_check_immutability")
    assert code == 0
    assert manifest["runner"] == "pipelines.dask_runner.DaskRunner"
    assert all(row["balanced"] for row in manifest["ledger"].values())
    assert manifest["ledger"] == expected["ledger"] and manifest["totals"] == expected["totals"]
    ours, theirs = shard_files(out), shard_files(reference)
    assert sorted(ours) == sorted(theirs) and len(ours) >= 8
    assert [name for name in ours if ours[name] != theirs[name]] == []  # byte for byte
    assert reject_lines(out) == reject_lines(reference)
    assert manifest["shards"] == expected["shards"]  # sizes and checksums as recorded
    # metrics come back from the workers (the build does not need them: see the next test)
    metrics = json.loads((out / "manifest.json").read_text())["metrics"]
    assert metrics["extract.inputs"] == sum(row["inputs"] for row in manifest["ledger"].values())


def test_a_build_that_reads_no_inputs_fails_loudly(tmp_path, capsys):
    # a cluster run only probes the paths (it never lists them all on the launching machine), so a
    # folder holding nothing but hidden files gets past the probe and the workers read nothing
    empty = tmp_path / "in"
    empty.mkdir()
    (empty / ".hidden.pdf").write_bytes(b"%PDF-1.4")
    out = tmp_path / "out"
    code = build_main(["--input", str(empty), "--output", str(out), "--runner", "dask", "--dask_workers", "1"])
    assert code == 1
    assert "read no inputs" in capsys.readouterr().err
    assert not (out / "manifest.json").exists()  # no empty manifest that looks like a finished build
