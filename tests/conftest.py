"""Shared fixtures: corpora the tests make themselves, and a helper that runs a real build."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from pipelines.build import main as build_main
from samples.make_samples import broken_files, pdf_files, write_corpus
from shards import read_manifest
from shards.reject import Reject


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The bundled PDFs and broken files, written fresh into a temporary folder."""
    root = tmp_path / "corpus"
    write_corpus(root, {**pdf_files(), **{f"broken/{name}": data for name, data in broken_files().items()}})
    return root


def run_build(*args: str, quality: bool = False) -> tuple[int, dict]:
    """Run ``python -m pipelines.build`` in-process with ``args``; return (exit code, manifest).
    Tests of sources count what the sources make, so the quality stage is off unless asked for."""
    argv = list(args) + ([] if quality or "--quality" in args else ["--quality", "off"])
    code = build_main(argv)
    output = argv[argv.index("--output") + 1]
    return code, read_manifest(output)


def read_rejects(output: Path) -> list[Reject]:
    return [Reject.from_json(line) for f in sorted((output / "rejects").glob("*.jsonl"))
            for line in f.read_text().splitlines() if line.strip()]


def manifest_json(output: Path) -> dict:
    return json.loads((output / "manifest.json").read_text())


def needs_tex_files(*names: str) -> None:
    """Skip the calling test unless TeX finds each of ``names`` (a class or package: the publishers' classes
    come with texlive-publishers, which tools/install-tex installs)."""
    missing = [name for name in names if subprocess.run(["kpsewhich", name], capture_output=True).returncode != 0]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (tools/install-tex installs texlive-publishers)")
