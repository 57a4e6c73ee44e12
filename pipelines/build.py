"""``python -m pipelines.build``: read inputs, extract samples, write shards, rejects and a manifest.

With no arguments it builds the bundled sample corpus into ``out/`` on Beam's local
runner. The same graph runs unchanged on Dataflow, Flink or Spark: only the
``--runner`` and that runner's options change.
"""

from __future__ import annotations

import argparse
import datetime
import logging
import sys
import time

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, SetupOptions, StandardOptions

from pipelines import progress
from pipelines.config import REPO_ROOT, BuildConfig
from pipelines.options import BuildOptions, build_config
from pipelines.report import write_report
from pipelines.summary import format_summary
from pipelines.transforms.extract import ExtractSamples
from pipelines.transforms.inputs import ListInputs, match_pattern, to_pattern
from pipelines.transforms.ledger import WriteManifest, WriteRejects, reject_ledger, shard_ledger
from pipelines.transforms.loader_index import WriteLoaderIndex, loader_files
from pipelines.transforms.sft_mix import BalanceMix, MapTaxonomy
from pipelines.transforms.stage_images import StageImages
from pipelines.transforms.tags import LEDGER, REJECTS
from pipelines.transforms.write_shards import STAGING, WriteShards
from shards.manifest import MANIFEST_NAME, join, read_manifest, write_manifest
from shards.sample import KINDS

# Beam's DirectRunner first tries to download the Prism runner; FnApiRunner is the
# in-process engine it falls back to, chosen directly so a local build never needs the network.
LOCAL_RUNNER = "FnApiRunner"
_IN_PROCESS = {"FnApiRunner", "DirectRunner", "SwitchingDirectRunner", "BundleBasedDirectRunner"}
# Short names for runners that live outside Beam's own list (imported only when asked for)
RUNNER_ALIASES = {"dask": "pipelines.dask_runner.DaskRunner"}


def build_pipeline(p: beam.Pipeline, config: BuildConfig, runner: str = LOCAL_RUNNER, started: str = ""):
    """Compose the build graph on ``p``; returns the PCollection holding the manifest's path."""
    inputs = p | "ListInputs" >> ListInputs(config)
    extracted = inputs | "Extract" >> ExtractSamples(config)
    samples, rejects = extracted.samples, [extracted[REJECTS]]
    # image bytes wait in staging files from the filter (the last step that reads them) to the shards
    stage = StageImages(config.output)
    if config.quality.enabled:
        # imported here: its near-duplicate search imports datasketch and scipy (0.3 s of every build's start)
        from pipelines.transforms.curate import Curate

        curated = samples | "Quality" >> Curate(config.quality, stage, join(config.output, STAGING, "dedup"))
        samples, rejects = curated["samples"], rejects + [curated[REJECTS]]
    else:
        samples = samples | "StageImages" >> stage
    if config.sft.enabled:
        samples = samples | "Taxonomy" >> MapTaxonomy(config.sft)
        targets = config.sft.targets()
        if targets is not None:
            mixed = samples | "SftMix" >> BalanceMix(targets)
            samples, rejects = mixed["samples"], rejects + [mixed[REJECTS]]
    written = samples | "WriteShards" >> WriteShards(config.output, config.shards)
    rejects = (*rejects, written[REJECTS]) | "AllRejects" >> beam.Flatten()
    reject_files = rejects | "WriteRejects" >> WriteRejects(config.output)
    reasons = (rejects
               | "ReasonOf" >> beam.Map(lambda r: (f"{r.source}|{r.category}", 1))
               | "CountReasons" >> beam.CombinePerKey(sum))
    ledger = ((extracted[LEDGER],
               rejects | "RejectLedger" >> beam.Map(reject_ledger),
               written["shards"] | "ShardLedger" >> beam.FlatMap(shard_ledger))
              | "AllLedger" >> beam.Flatten()
              | "CountLedger" >> beam.CombinePerKey(sum))
    manifest = p | "WriteManifest" >> WriteManifest(config, runner, started, written["shards"], reject_files,
                                                    ledger, reasons)
    if config.energon or config.hf_card:  # each kind folder readable by Megatron-Energon and HF datasets
        written["shards"] | "LoaderIndex" >> WriteLoaderIndex(config.output, manifest, config.energon, config.hf_card)
    return manifest


def clear_previous_build(output: str) -> None:
    """A build replaces the previous one in ``output``: manifest first, so a half-done
    rebuild never looks complete, then old shards, rejects and staging."""
    doomed = [join(output, MANIFEST_NAME), join(output, "rejects"), join(output, STAGING), *loader_files(output)]
    for kind in KINDS:
        doomed += [m.path for r in FileSystems.match([join(output, kind, f"{kind}-*.tar")])
                   for m in r.metadata_list]
    existing = [path for path in doomed if FileSystems.exists(path)]
    if existing:
        FileSystems.delete(existing)


def check_inputs(config: BuildConfig, listed: bool) -> list | None:
    """Stop at once on a path that matches no file (a user error). With ``listed``, return the inputs
    (for the local progress bar and the browser check); a cluster run only probes, never lists them all."""
    inputs = []
    for index, entry in enumerate(config.sources):
        for path in entry.paths:
            pattern = to_pattern(path)
            if listed:
                found = list(match_pattern((index, pattern)))
                inputs += found
            else:
                found = [m for r in FileSystems.match([pattern], limits=[1]) for m in r.metadata_list]
            if not found:
                raise SystemExit(f"vlbuild: {path} matches no input files")
    return inputs if listed else None


def needs(config: BuildConfig, inputs: list | None, need: str) -> bool:
    """Whether a source whose `SourceSpec` sets ``need`` (``uses_browser``, ``uses_tex``, ``reads_scans``)
    is in the build: a source an entry names, or (when ``inputs`` were listed) one a file is routed to by
    its extension."""
    named = any(e.source and getattr(e.spec_for(""), need) for e in config.sources)
    return named or any(getattr(config.sources[i.entry].spec_for(i.uri), need, False) for i in inputs or [])


def check_browser(config: BuildConfig, inputs: list | None) -> None:
    """Stop at once when the build has web inputs and no Chromium to render them: a named web
    source, or (when ``inputs`` were listed) a file routed to one by its extension."""
    from sources.web.browser import INSTALL_HINT, find_chromium

    if needs(config, inputs, "uses_browser") and find_chromium() is None:
        raise SystemExit(f"vlbuild: {INSTALL_HINT}")


def check_tex(config: BuildConfig, inputs: list | None) -> None:
    """Stop at once when the build has LaTeX inputs (named or routed, as `check_browser` sees them) and
    no pdfLaTeX to compile them."""
    from sources.latex.compile import INSTALL_HINT, find_pdflatex

    if needs(config, inputs, "uses_tex") and find_pdflatex() is None:
        raise SystemExit(f"vlbuild: {INSTALL_HINT}")


def check_tesseract(config: BuildConfig, inputs: list | None) -> None:
    """Stop at once when the build has document inputs (named or routed, as `check_browser` sees them),
    whose scanned pages Tesseract reads (``ocr.scan_backend``), and Tesseract or a language pack is missing:
    scanned pages would otherwise be rejected one by one."""
    from sources.common.tesseract import setup_problem

    if config.ocr.scan_backend != "tesseract":
        return
    problem = setup_problem(config.ocr.languages) if needs(config, inputs, "reads_scans") else None
    if problem:
        raise SystemExit(f"vlbuild: {problem}")


def _arg_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.build", description=__doc__.split("\n\n")[0],
        epilog="Any Apache Beam pipeline option is accepted too, e.g. --runner=DataflowRunner "
               "--project=P --region=R --temp_location=gs://B/tmp, or --direct_num_workers=2 "
               "--direct_running_mode=multi_processing for a local multi-process run, or --runner=dask "
               "--dask_workers=2 (a local dask.distributed cluster; --dask_client_address=tcp://HOST:8786 "
               "for a running one; needs pip install '.[dask]').")
    BuildOptions._add_argparse_args(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    _arg_parser().parse_known_args(argv)  # --help, and flag errors said before anything starts
    options = PipelineOptions(argv)
    build = options.view_as(BuildOptions)
    config = build_config(build)
    standard = options.view_as(StandardOptions)
    standard.runner = RUNNER_ALIASES.get(standard.runner, standard.runner or LOCAL_RUNNER)
    if standard.runner == "DataflowRunner" and not options.view_as(SetupOptions).setup_file:
        options.view_as(SetupOptions).setup_file = str(REPO_ROOT / "setup.py")  # workers install vlbuild
    in_process = (standard.runner in _IN_PROCESS
                  and options.view_as(DirectOptions).direct_running_mode in (None, "in_memory"))

    inputs = check_inputs(config, listed=in_process)
    check_browser(config, inputs)
    check_tex(config, inputs)
    check_tesseract(config, inputs)
    clear_previous_build(config.output)
    progress.start(len(inputs) if inputs is not None else None, {"auto": None, "on": True, "off": False}[build.progress] if in_process else False)
    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    t0 = time.time()
    pipeline = beam.Pipeline(options=options)
    build_pipeline(pipeline, config, standard.runner, started)
    result = pipeline.run()
    result.wait_until_finish()
    progress.close()

    counters = _counters(result)
    manifest = read_manifest(config.output)
    if not any(row["inputs"] for row in manifest["ledger"].values()):  # an empty ledger balances trivially
        FileSystems.delete([join(config.output, MANIFEST_NAME)])  # nothing may take it for a finished build
        print(f"vlbuild: the build read no inputs (its sources: {[e.paths for e in config.sources]}); "
              "nothing was built", file=sys.stderr)
        return 1
    stored = {k: v for k, v in manifest.items() if k not in ("_root", "format")}
    write_manifest(config.output, {**stored, "metrics": dict(sorted(counters.items()))})
    report = write_report(config.output) if build.report else None
    mix = None
    if manifest["totals"]["samples"].get("sft") and "://" not in config.output:
        from taxonomy.report import write as write_distribution

        mix = write_distribution(config.output, config.sft.targets())
    print(format_summary(manifest, time.time() - t0, counters))
    if report:
        print(f"report:   {report}")
    if mix:
        print(f"sft mix:  {mix[0]}")
    if not all(row["balanced"] for row in manifest["ledger"].values()):
        print("vlbuild: the ledger does not balance: some input is unaccounted for", file=sys.stderr)
        return 1
    return 0


def _counters(result) -> dict[str, int]:
    """Beam's counters by ``namespace.name``, summed over the steps that keep one (Beam reports a counter a
    step: the text and the image near-duplicate searches both count ``dedup.capped_buckets``, and one step's
    figure replaced the other's); empty where the runner keeps no metrics (they are optional)."""
    try:
        found = result.metrics().query()["counters"]
    except NotImplementedError:
        logging.getLogger(__name__).warning("the runner reports no metrics; the manifest has none")
        return {}
    totals: dict[str, int] = {}
    for counter in found:
        name = f"{counter.key.metric.namespace}.{counter.key.metric.name}"
        totals[name] = totals.get(name, 0) + counter.committed
    return totals


if __name__ == "__main__":
    logging.getLogger("apache_beam").setLevel(logging.WARNING)
    sys.exit(main())
