"""pipelines/dask_runner.py: one test per fix to Beam 2.77's DaskRunner, each on a tiny pipeline run
on a real 2-process dask.distributed cluster. Each names the upstream behaviour it guards against."""

from __future__ import annotations

import os
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.metrics import Metrics
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.windowed_value import WindowedValue

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler():
    """A local cluster of two worker processes, one thread each, shared by the tests of this file."""
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def run(scheduler: str, build, *extra: str):
    """Build a pipeline with ``build(p)`` and run it on the mended runner; returns the result."""
    options = PipelineOptions(["--runner=pipelines.dask_runner.DaskRunner",
                               f"--dask_client_address={scheduler}", *extra])
    p = beam.Pipeline(options=options)
    build(p)
    result = p.run()
    result.wait_until_finish()
    return result


def counter(result, name: str) -> int:
    found = result.metrics().query(MetricsFilter().with_name(name))["counters"]
    return sum(c.committed for c in found)


class SplitByParity(beam.DoFn):
    def process(self, x):
        yield x if x % 2 == 0 else beam.pvalue.TaggedOutput("odd", x)


def test_each_consumer_of_a_multi_output_pardo_reads_only_its_own_output(scheduler):
    # upstream: bags were keyed by producer, so both consumers saw all ten numbers
    def build(p):
        split = p | beam.Create(range(10)) | beam.ParDo(SplitByParity()).with_outputs("odd", main="even")
        assert_that(split.even, equal_to([0, 2, 4, 6, 8]), label="even")
        assert_that(split.odd, equal_to([1, 3, 5, 7, 9]), label="odd")

    run(scheduler, build)


class BundleSize(beam.DoFn):
    """Each non-empty bundle's element count, emitted in ``finish_bundle`` only."""

    def start_bundle(self):
        self.seen = 0

    def process(self, x):
        self.seen += 1
        return []

    def finish_bundle(self):
        if self.seen:
            yield WindowedValue(self.seen, 0, [GlobalWindow()])


def test_outputs_of_finish_bundle_are_kept(scheduler):
    # upstream: a bundle's outputs were taken before finish_bundle ran, so these were dropped
    # (BatchElements emits its last batch there, WriteToText its files)
    def build(p):
        numbers = p | beam.Create(range(10))
        assert_that(numbers | beam.ParDo(BundleSize()) | beam.CombineGlobally(sum), equal_to([10]),
                    label="counted")
        batches = numbers | beam.BatchElements(min_batch_size=4, max_batch_size=4) | beam.FlatMap(lambda b: b)
        assert_that(batches, equal_to(list(range(10))), label="batched")

    run(scheduler, build)


def test_a_side_input_is_computed_once_not_once_per_consumer(scheduler, tmp_path):
    # upstream: each consuming task ran list(bag) on the side input, recomputing its whole upstream in
    # every ParDo that reads it (the manifest reads four side inputs, the loader index one of them again)
    calls = tmp_path / "calls"
    calls.mkdir()

    def produce(x):
        (calls / f"{os.getpid()}-{x}-{len(list(calls.iterdir()))}").touch()
        return x

    def build(p):
        total = beam.pvalue.AsSingleton(p | "Side" >> beam.Create([1, 2, 3]) | "Produce" >> beam.Map(produce)
                                        | beam.CombineGlobally(sum))
        main = p | "Main" >> beam.Create(range(8))
        for name in ("First", "Second"):
            assert_that(main | name >> beam.Map(lambda x, t: x + t, total), equal_to([x + 6 for x in range(8)]),
                        label=f"Check{name}")

    run(scheduler, build, "--dask_npartitions=4")
    assert len(list(calls.iterdir())) == 3


def test_every_sink_runs_not_only_the_last(scheduler, tmp_path):
    # upstream: only the bag of the last transform visited was computed
    def write(x, name):
        (tmp_path / f"{name}-{x}").touch()

    def build(p):
        numbers = p | beam.Create([1, 2])
        numbers | "First" >> beam.Map(write, "first")
        numbers | "Second" >> beam.Map(write, "second")

    run(scheduler, build)
    assert sorted(f.name for f in tmp_path.iterdir()) == ["first-1", "first-2", "second-1", "second-2"]


def test_reshuffle_spreads_elements_over_several_bundles(scheduler):
    # upstream: Reshuffle was the identity, so Create's 16 items stayed in one partition on one worker
    def build(p):
        sizes = p | beam.Create(range(16)) | beam.Reshuffle() | beam.ParDo(BundleSize())
        assert_that(sizes | beam.combiners.Count.Globally(), equal_to([8]), label="bundles")
        assert_that(sizes | beam.CombineGlobally(sum), equal_to([16]), label="elements")

    run(scheduler, build)  # 8: four partitions per worker thread


def test_a_flatten_does_not_multiply_the_partitions_of_what_follows(scheduler):
    # upstream: Flatten concatenated partitions, so after a few flattens every step ran many tiny bundles
    def build(p):
        parts = [p | f"Create{i}" >> beam.Create(range(i * 10, i * 10 + 10)) for i in range(4)]
        sizes = parts | beam.Flatten() | beam.ParDo(BundleSize())
        assert_that(sizes | beam.combiners.Count.Globally(), equal_to([2]), label="bundles")
        assert_that(sizes | beam.CombineGlobally(sum), equal_to([40]), label="elements")

    run(scheduler, build, "--dask_npartitions=2")  # 4 x 2 partitions in, capped at 2


def count_and_keep(x):
    Metrics.counter("test", "seen").inc()
    return x


def test_metrics_are_collected_from_the_workers(scheduler):
    # upstream: result.metrics() raised NotImplementedError
    result = run(scheduler, lambda p: p | beam.Create(range(12)) | beam.Reshuffle() | beam.Map(count_and_keep))
    assert counter(result, "seen") == 12


class CountsSetups(beam.DoFn):
    def setup(self):
        Metrics.counter("test", "setups").inc()

    def process(self, x):
        yield x


def test_a_dofn_is_set_up_once_per_worker_thread_not_once_per_bundle(scheduler):
    # upstream: setup and teardown ran around every partition, reloading heavy models each time
    result = run(scheduler, lambda p: p | beam.Create(range(32)) | beam.Reshuffle() | beam.ParDo(CountsSetups()))
    assert counter(result, "setups") <= 2  # two worker processes, one thread each; 8 bundles


def test_a_transform_it_cannot_translate_is_an_error_not_the_identity(scheduler):
    # upstream: any transform without a translation became NoOp, passing its input through unchanged
    with pytest.raises(NotImplementedError, match="Impulse"):
        run(scheduler, lambda p: p | beam.Impulse() | beam.Map(lambda x: x))


def test_the_runner_is_only_imported_when_asked_for():
    # the build itself needs no runner extras: importing it must not import dask
    import subprocess
    import sys

    code = "import sys, pipelines.build; sys.exit('dask' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}).returncode == 0


def append_in_place(item):
    item.append("changed")
    return item


def test_an_element_changed_in_place_is_caught_when_asked_for(scheduler):
    # not an upstream bug: Beam's Java DirectRunner enforces immutability, no Python runner does
    with pytest.raises(ValueError, match="changed its input element in place"):
        run(scheduler, lambda p: p | beam.Create([["a"]]) | beam.Map(append_in_place), "--dask_check_immutability")
    run(scheduler, lambda p: p | beam.Create([["a"]]) | beam.Map(lambda item: item + ["new"]),
        "--dask_check_immutability")
