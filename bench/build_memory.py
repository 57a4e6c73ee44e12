"""Build memory: where a local build's peak comes from, stage by stage and grouping by grouping (issue #25).

``python -m bench.build_memory [build flags]`` runs ``python -m pipelines.build`` with the same flags in
this process on Beam's in-process runner (FnApiRunner) and prints, after the build's own summary:

- the bytes each grouping and each materialised PCollection received (as the data channel carried
  them: encoded), with a grouping's keys and values: the runner holds a grouping's values *decoded*
  until its consumer runs, then one or two encoded copies while it hands them over, so these are
  what grows with the corpus;
- each fused stage's largest resident memory (sampled every 0.1 s; the process's peak is what
  ``/usr/bin/time -v`` reports, up to the sampling gap).

It watches the runner from outside by wrapping three of its methods (which buffer a stage's outputs
go to, what they receive, which stage runs): measurement only, nothing here changes what is built.
"""

from __future__ import annotations

import os
import sys
import threading
import time

from apache_beam.runners.portability.fn_api_runner import execution, fn_runner

PAGE = os.sysconf("SC_PAGE_SIZE")


def resident() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


class Watch:
    """Buffer totals (label -> [bytes, keys, values]) and the largest resident memory per stage."""

    def __init__(self):
        self.totals: dict[str, list] = {}
        self.stage, self.stage_peak = "", {}

    def install(self) -> None:
        watch = self
        get_buffer = execution.BundleContextManager.get_buffer
        partition = execution.GroupingBuffer.partition
        run_bundle = fn_runner.FnApiRunner._execute_bundle

        def labelled_buffer(self, buffer_id, transform_id):
            buffer = get_buffer(self, buffer_id, transform_id)
            if not hasattr(buffer, "_watch_label"):
                kind, name = execution.split_buffer_id(buffer_id)
                buffer._watch_label = f"{kind}:{name}"
                watch.totals.setdefault(buffer._watch_label, [0, None, None])
            return buffer

        def counting_append(append):
            def wrapped(self, data):
                label = getattr(self, "_watch_label", None)
                if label:
                    watch.totals[label][0] += len(data)
                return append(self, data)
            return wrapped

        def counting_partition(self, n):
            label = getattr(self, "_watch_label", None)
            if label and not self._grouped_output:
                watch.totals[label][1:] = [len(self._table), sum(len(v) for v in self._table.values())]
            return partition(self, n)

        def named_bundle(self, context, bundle_manager, bundle_input):
            watch.stage = bundle_manager.stage.name
            return run_bundle(self, context, bundle_manager, bundle_input)

        execution.BundleContextManager.get_buffer = labelled_buffer
        for cls in (execution.ListBuffer, execution.GroupingBuffer):
            cls.append = counting_append(cls.append)
        execution.GroupingBuffer.partition = counting_partition
        fn_runner.FnApiRunner._execute_bundle = named_bundle
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while True:
            self.stage_peak[self.stage] = max(self.stage_peak.get(self.stage, 0), resident())
            time.sleep(0.1)

    def report(self, top: int = 20) -> list[str]:
        lines = ["buffers (MiB received encoded, keys, values; the largest first):"]
        for label, (size, keys, values) in sorted(self.totals.items(), key=lambda t: -t[1][0])[:top]:
            counts = f"{keys:>9,} {values:>10,}" if keys is not None else f"{'-':>9} {'-':>10}"
            lines.append(f"  {size / 2**20:9.2f} {counts}  {_short(label)}")
        lines.append("stages in run order, largest resident MiB:")
        lines += [f"  {peak / 2**20:7.0f}  {_short(stage)}" for stage, peak in self.stage_peak.items() if stage]
        return lines


def _short(name: str, width: int = 140) -> str:
    """A stage or buffer name without Beam's ref_AppliedPTransform_ / ref_PCollection_ prefixes."""
    for noise in ("ref_AppliedPTransform_", "ref_PCollection_", "(", ")"):
        name = name.replace(noise, "")
    return name[:width]


def main(argv: list[str] | None = None) -> int:
    from pipelines import build

    watch = Watch()
    watch.install()
    code = build.main(sys.argv[1:] if argv is None else argv)
    print("\n".join(watch.report()))
    return code


if __name__ == "__main__":
    sys.exit(main())
