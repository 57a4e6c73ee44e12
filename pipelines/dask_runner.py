"""Beam's DaskRunner (apache_beam 2.77), mended to run vlbuild's graph on a ``dask.distributed`` cluster.

Select it with ``--runner=dask`` (or ``--runner=pipelines.dask_runner.DaskRunner``); connect to a
running scheduler with ``--dask_client_address=tcp://HOST:8786`` or let it start a local cluster of
``--dask_workers`` worker processes. It is written as an upstream patch would be: the translation
is upstream's, and each fix below is one small override that names the behaviour it corrects and has
its own test in tests/test_dask_runner.py.

1. Multi-output ParDo: upstream keys bags by producing transform, so every consumer of a tagged
   output read *all* of the ParDo's outputs. Here a ParDo's bag holds ``(tag, value)`` pairs and
   each output PCollection selects its own tag.
2. ``finish_bundle`` outputs: upstream collected a bundle's outputs before calling ``finish_bundle``,
   so what it emits (BatchElements' last batch, WriteToText's files) was dropped.
3. Side inputs: upstream computed the side input's bag *inside* the consumer's tasks (``list(bag)``),
   recomputing the producer's whole upstream for every ParDo that reads it. Here the side input is a
   task of the graph (a reduction to one list) that consumers depend on: computed once.
4. Sinks: upstream computed only the last transform's bag; branches that end elsewhere (a second
   writer, a counting branch) never ran. Here every leaf is computed.
5. ``Reshuffle`` was a no-op, so a ``Create`` of a few items stayed in one partition and one worker
   did everything. Here it repartitions (``--dask_npartitions``, else 4 per worker thread, so uneven
   inputs still balance).
6. ``metrics()`` raised ``NotImplementedError``. Here each bundle runs with a ``MetricsContainer``
   and sends its updates to the scheduler as an event, which the result gathers once the run is done.
7. ``DoFn.setup`` ran once per partition (and ``teardown`` after it): heavy models were loaded for
   every bundle. Here a set-up DoFn is kept per worker thread for the run, as other runners do; it
   is torn down when the worker gets its first bundle of a later run (Beam never promises teardown).
   Two runs sharing a scheduler at once would tear each other's DoFns down: one run at a time.
8. An unknown primitive was silently translated to the identity (``NoOp``); here it is an error.
9. Partitions multiplied: ``Flatten`` (``db.concat``) adds up its inputs' partitions and a task
   shuffle keeps them, so the steps after the build's flattens ran up to 224 bundles each (the default
   build: 53,203 tasks on 2 workers). Here a Flatten or a GroupByKey gives at most
   ``--dask_npartitions``, else one partition per worker thread (the default build: 596 tasks), and a
   chain of single-output ParDos is one task per partition (dask fuses it: nothing else reads between).

Not a fix but a check, as Beam's Java DirectRunner has: ``--dask_check_immutability`` fails a bundle
whose DoFn changed an input element in place.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import pickle
import threading
import uuid
from typing import Any

import apache_beam as beam
from apache_beam import pvalue
from apache_beam.metrics.execution import MetricsContainer
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.pipeline import PipelineVisitor
from apache_beam.runners.dask import dask_runner as upstream
from apache_beam.runners.dask.overrides import _Create, _Flatten, _GroupByKeyOnly, _Reshuffle, dask_overrides
from apache_beam.runners.dask.transform_evaluator import get_windowed_value
from apache_beam.runners.common import Receiver
from apache_beam.runners.direct.direct_metrics import DirectMetrics
from apache_beam.runners.runner import PipelineState
from apache_beam.transforms.sideinputs import SideInputMap

_LOG = logging.getLogger(__name__)
_METRICS = "beam-metrics-"  # + run id: the scheduler event topic bundles send metric updates to (fix 6)


class DaskClusterOptions(PipelineOptions):
    """How to reach a cluster when no ``--dask_client_address`` is given."""

    @classmethod
    def _add_argparse_args(cls, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--dask_workers", type=int, default=None,
                            help="with no --dask_client_address: start a local dask.distributed cluster of "
                                 "this many worker processes, one thread each (default: one per core)")
        parser.add_argument("--dask_check_immutability", action="store_true",
                            help="fail a bundle whose DoFn changed an input element in place (each element is "
                                 "pickled before and after it is processed), as Beam's Java DirectRunner does")


# -- running one bundle on a worker ------------------------------------------------------------

class _DoFnSpec:
    """What a worker needs to run one ParDo on a partition; pickled into its tasks."""

    def __init__(self, applied, run_id: str, check_immutability: bool = False):
        transform = applied.transform
        self.check_immutability = check_immutability
        self.run_id, self.label = run_id, applied.full_label
        self.fn = transform.fn
        self.args, self.kwargs = transform.raw_side_inputs
        self.views = [(type(si), si._view_options()) for si in applied.side_inputs]
        self.single_output = len(applied.outputs) == 1
        main = next(iter(applied.main_inputs.values()))
        self.window_fn = main.windowing.windowfn if hasattr(main, "windowing") else None


class _Collect(dict):
    """Receivers for every output tag, appending ``(tag, value)`` to one list (fix 1)."""

    def __init__(self):
        super().__init__()
        self.values: list[tuple[Any, Any]] = []

    def __missing__(self, tag):
        receiver = self[tag] = _TagReceiver(tag, self.values)
        return receiver


class _TagReceiver(Receiver):
    def __init__(self, tag, values):
        super().__init__()
        self.tag, self.values = tag, values

    def receive(self, windowed_value):
        self.values.append((self.tag, windowed_value.value))


# Set-up DoFns kept for the current run, per (run, step, thread) (fix 7); when a new run's bundle
# arrives the previous run's DoFns are torn down.
_SET_UP: dict[tuple[str, str, int], beam.DoFn] = {}
_SET_UP_LOCK = threading.Lock()


def _set_up_fn(spec: _DoFnSpec, invoker_for):
    key = (spec.run_id, spec.label, threading.get_ident())
    with _SET_UP_LOCK:
        stale = [k for k in _SET_UP if k[0] != spec.run_id]
        for k in stale:
            try:
                _SET_UP.pop(k).teardown()
            except Exception:  # a failing teardown must not fail the next run's bundle
                pass
        fn = _SET_UP.get(key)
    if fn is not None:
        return invoker_for(fn)
    invoker = invoker_for(spec.fn)
    invoker.invoke_setup()
    with _SET_UP_LOCK:
        _SET_UP[key] = spec.fn
    return invoker


def run_bundle(items, spec: _DoFnSpec, *side_values):
    """Run ``spec``'s DoFn over one partition; returns its outputs, finish_bundle's included: the values
    for a ParDo with one output, else ``(tag, value)`` pairs. Its metric updates go to the scheduler."""
    from apache_beam.runners.common import DoFnContext, DoFnInvoker, DoFnSignature, _OutputHandler
    from apache_beam.runners.worker import statesampler
    from apache_beam.utils import counters

    receivers = _Collect()
    handler = _OutputHandler(window_fn=spec.window_fn, main_receivers=receivers[None], tagged_receivers=receivers,
                             per_element_output_counter=None, output_batch_converter=None,
                             process_yields_batches=False, process_batch_yields_elements=False)
    side_inputs = [SideInputMap(view, options, [get_windowed_value(v, spec.window_fn) for v in values])
                   for (view, options), values in zip(spec.views, side_values)]

    def invoker_for(fn):
        return DoFnInvoker.create_invoker(
            DoFnSignature(fn), handler, context=DoFnContext(spec.label, state=None), side_inputs=side_inputs,
            input_args=list(spec.args), input_kwargs=spec.kwargs, user_state_context=None,
            bundle_finalizer_param=beam.DoFn.BundleFinalizerParam())

    container = MetricsContainer(spec.label)  # fix 6: counters are kept per bundle and sent back
    sampler = statesampler.StateSampler("dask", counters.CounterFactory())
    previous = statesampler.get_current_tracker()
    statesampler.set_current_tracker(sampler)
    try:
        with sampler.scoped_state(spec.label, "process", metrics_container=container):
            invoker = _set_up_fn(spec, invoker_for)
            invoker.invoke_start_bundle()
            for item in items:
                before = pickle.dumps(item) if spec.check_immutability else None
                invoker.invoke_process(get_windowed_value(item, spec.window_fn))
                if before is not None and pickle.dumps(item) != before:
                    raise ValueError(f"{spec.label} changed its input element in place: {item!r:.200}")
            invoker.invoke_finish_bundle()  # fix 2: its outputs land in receivers.values too
    finally:
        statesampler.set_current_tracker(previous)
    _send_metrics(spec, container.get_cumulative())
    if spec.single_output:  # nothing to select: the next step reads this partition directly (fusable)
        return [value for _, value in receivers.values]
    return receivers.values


def _send_metrics(spec: _DoFnSpec, updates) -> None:
    """Fix 6: a bundle's metric updates, sent as a scheduler event the result collects. An event, not an
    output, so no extra task per bundle reads them and a chain of ParDos stays one fused task."""
    if not (updates.counters or updates.distributions or updates.gauges or updates.string_sets):
        return
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):  # not on a dask worker
        return
    worker.log_event(_METRICS + spec.run_id, pickle.dumps(updates))


def select_tag(pairs, tag):
    return [value for t, value in pairs if t == tag]


def _as_list(partition):
    return list(partition)


def _concat(lists):
    return list(itertools.chain.from_iterable(lists))


def _nothing(partition):
    for _ in partition:
        pass
    return []


def _key_of(kv):
    return kv[0]


def _group_values(item):
    key, pairs = item
    return key, [windowed for _, windowed in pairs]


# -- translating the graph ---------------------------------------------------------------------

class _Translator(PipelineVisitor):
    """Each primitive transform to dask.bag operations; ``bags`` maps every PCollection to its bag."""

    def __init__(self, npartitions: int | None, partition_size: int | None, spread: int, cap: int,
                 check_immutability: bool = False):
        self.check_immutability = check_immutability
        self.npartitions, self.partition_size = npartitions, partition_size
        self.spread = spread  # partitions after a Reshuffle: several per worker thread, to balance uneven work
        self.cap = cap  # at most this many after a Flatten or a GroupByKey
        self.run_id = uuid.uuid4().hex
        self.bags: dict[pvalue.PCollection, Any] = {}
        self.consumed: set[pvalue.PCollection] = set()
        self.bundles = 0

    def visit_transform(self, applied) -> None:
        import dask.bag as db

        transform = applied.transform
        inputs = [pc for pc in applied.inputs if not isinstance(pc, pvalue.PBegin)]
        self.consumed.update(inputs)
        self.consumed.update(si.pvalue for si in applied.side_inputs)
        outputs = dict(applied.outputs)
        if isinstance(transform, _Create):
            values = list(transform.values)
            bag = db.from_sequence(values or [None], npartitions=self.npartitions,
                                   partition_size=None if self.npartitions else (self.partition_size or 128))
            if not values:  # from_sequence([]) makes a bag of no partitions, which breaks concat and groupby
                bag = bag.filter(lambda _: False)
            self._set(outputs, bag)
        elif isinstance(transform, beam.ParDo):
            self._pardo(applied, outputs)
        elif isinstance(transform, _GroupByKeyOnly):
            # values stay windowed: _GroupAlsoByWindowDoFn's trigger driver reads their windows
            # fix 9: at most ``cap`` partitions out, whatever came in (see _Flatten below); a task
            # shuffle keeps its input's partitions, so those are capped first. Always a task shuffle:
            # dask's "disk" shuffle (its default without a distributed client) only works on one machine.
            source = self.bags[inputs[0]]
            if source.npartitions > self.cap:
                source = source.repartition(self.cap)
            bag = source.groupby(_key_of, shuffle="tasks").map(_group_values)
            self._set(outputs, bag)
        elif isinstance(transform, _Flatten):
            bags = [self.bags[pc] for pc in inputs]
            bag = db.concat(bags) if bags else db.from_sequence([None]).filter(lambda _: False)
            # fix 9: upstream's concat adds up its inputs' partitions, so every Flatten multiplied the
            # bundles (and tasks) of all that followed: 224 bundles a step after the build's flattens
            self._set(outputs, bag.repartition(self.cap) if bag.npartitions > self.cap else bag)
        elif isinstance(transform, _Reshuffle):
            # fix 5: upstream translated Reshuffle to the identity
            bag = self.bags[inputs[0]]
            self._set(outputs, bag.repartition(max(bag.npartitions, self.spread)))
        else:  # fix 8: upstream's NoOp passed the input through whatever the transform was
            raise NotImplementedError(f"DaskRunner cannot run {type(transform).__name__} ({applied.full_label})")

    def _set(self, outputs: dict, bag) -> None:
        for pc in outputs.values():
            self.bags[pc] = bag

    def _pardo(self, applied, outputs: dict) -> None:
        spec = _DoFnSpec(applied, self.run_id, self.check_immutability)
        main = [pc for pc in applied.main_inputs.values()][0]
        # fix 3: each side input becomes one list, computed once as a task of the graph
        # (as an unoptimised Delayed: an Item argument would optimise its whole upstream graph anew
        # for every ParDo that reads it, which made translating this build take minutes)
        sides = [self.bags[si.pvalue].reduction(_as_list, _concat).to_delayed(optimize_graph=False)
                 for si in applied.side_inputs]
        raw = self.bags[main].map_partitions(run_bundle, spec, *sides)
        self.bundles += raw.npartitions
        for tag, pc in outputs.items():  # fix 1: a consumer reads only its output (main: tag None)
            self.bags[pc] = raw if spec.single_output else raw.map_partitions(select_tag, tag)

    def leaves(self) -> list:
        """Fix 4: the bag of every PCollection nothing consumes, each reduced to nothing."""
        return [bag.map_partitions(_nothing) for pc, bag in self.bags.items() if pc not in self.consumed]


# -- running and the result --------------------------------------------------------------------

class DaskRunnerResult(upstream.DaskRunnerResult):
    """Upstream's result, with metrics (fix 6) and the local cluster closed once the run is over."""

    def __init__(self, client, futures, cluster=None, metrics_topic: str = ""):
        super().__init__(client, futures)
        self._cluster, self._topic = cluster, metrics_topic
        self._metrics = DirectMetrics()

    def wait_until_finish(self, duration=None) -> str:
        try:
            if duration is not None:
                duration /= 1000
            for _ in upstream.ddist.as_completed(self.futures, timeout=duration, with_results=True):
                pass
            # A bundle retried after a worker was lost reports twice: these are attempted values,
            # kept as committed too (as the DirectRunner does), which is exact when nothing failed.
            for bundle, (_, message) in enumerate(self.client.get_events(self._topic)):
                update = pickle.loads(message)
                self._metrics.commit_physical(bundle, update)
                self._metrics.commit_logical(bundle, update)
            self._state = PipelineState.DONE
        except BaseException:
            self._state = PipelineState.FAILED
            raise
        finally:
            self._close()
        return self._state

    def _close(self) -> None:
        """The client goes with the run (it would try to reconnect to a scheduler that has gone);
        the cluster only if the runner started it."""
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def metrics(self):
        return self._metrics


class DaskRunner(upstream.DaskRunner):
    """Executes a pipeline on a dask.distributed cluster (see the module docstring for what differs
    from ``apache_beam.runners.dask.dask_runner.DaskRunner``)."""

    def run_pipeline(self, pipeline, options):
        import dask.distributed as ddist

        dask_options = options.view_as(upstream.DaskOptions).get_all_options(drop_default=True, current_only=True)
        bag_kwargs = upstream.DaskOptions._extract_bag_kwargs(dask_options)
        cluster = None
        if not dask_options.get("address") and not dask_options.get("scheduler_file"):
            workers = options.view_as(DaskClusterOptions).dask_workers
            cluster = ddist.LocalCluster(n_workers=workers, threads_per_worker=1 if workers else None,
                                         processes=True, dashboard_address=None)
            dask_options["address"] = cluster
        client = ddist.Client(**dask_options)
        threads = sum(client.nthreads().values()) or 1

        try:
            return self._submit(pipeline, client, cluster, bag_kwargs, threads,
                                options.view_as(DaskClusterOptions).dask_check_immutability)
        except BaseException:  # a graph that cannot be translated: nothing will wait on this run
            client.close()
            if cluster is not None:
                cluster.close()
            raise

    @staticmethod
    def _submit(pipeline, client, cluster, bag_kwargs: dict, threads: int, check_immutability: bool):
        import dask
        import dask.bag as db

        pipeline.replace_all(dask_overrides())
        translator = _Translator(bag_kwargs.get("npartitions"), bag_kwargs.get("partition_size"),
                                 spread=bag_kwargs.get("npartitions") or 4 * threads,
                                 cap=bag_kwargs.get("npartitions") or threads,
                                 check_immutability=check_immutability)
        pipeline.visit(translator)
        # one collection of every leaf (fix 4); dask computes each shared partition once
        everything = db.concat(translator.leaves())
        (graph,) = dask.optimize(everything)
        result = DaskRunnerResult(client, [client.compute(graph)], cluster, _METRICS + translator.run_id)
        result.task_count = len(graph.__dask_graph__())
        _LOG.info("DaskRunner: %d tasks, %d bundles on %d worker threads", result.task_count, translator.bundles,
                  threads)
        return result
