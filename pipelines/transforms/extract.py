"""ExtractSamples: each input file read by its source into samples and rejects.

Bad input is data: whatever goes wrong with one file becomes a `Reject` with the
reason, counted in Beam metrics, and the job goes on. Every input yields at least
one record, so the ledger can balance. Every sample, whatever its kind, passes the
image-marker contract here (`shards.contract`) or becomes a reject saying why.
"""

from __future__ import annotations

import gc

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipelines import extraction_cache, progress
from pipelines.config import BuildConfig
from pipelines.fault_injection import fault_point
from pipelines.transforms.inputs import InputFile
from pipelines.transforms.tags import LEDGER, REJECTS
from shards.contract import marker_fault
from shards.reject import Reject, error_reject, sample_reject
from shards.sample import Sample
from sources import SOURCES, SourceContext
from sources.common.files import recording_reads

# Objects the young generation may hold before CPython collects it (its default: 700). Reading a page makes
# tens of thousands of short-lived dicts while the page's own text lives through it, so at the default the
# page's text was promoted and the oldest generation, the worker's whole heap (models, a task's samples),
# was walked again and again: collections took 11% of the document stage's CPU on Debian's manuals, 2% here.
# What is collected is the same, a little later; reference counting frees the rest at once, as before.
YOUNG_GC_THRESHOLD = 10_000


class ExtractFn(beam.DoFn):
    """InputFile -> Sample (main), Reject ('rejects'), ``("<source>|<count>", n)`` ('ledger')."""

    def __init__(self, config: BuildConfig):
        self.config = config

    def setup(self):
        self.inputs = Metrics.counter("extract", "inputs")
        self.samples = Metrics.counter("extract", "samples")
        self.rejected = Metrics.counter("extract", "rejects")
        self.cached = Metrics.counter("extract", "inputs_from_cache")
        self.broken = Metrics.counter("extract", "marker_contract_rejects")
        self.kinds = set(self.config.kinds) if self.config.kinds else None
        self.context = SourceContext(ocr=self.config.ocr, kinds=frozenset(self.kinds) if self.kinds else None)
        # Heavy resources (the OCR engine) load here, once per worker, for sources an entry names and
        # that need them for every input; inputs routed by extension load them on first need, still
        # once per worker, so a PDF-only build never pays for an engine it does not use.
        self.context.warm([SOURCES[e.source] for e in self.config.sources if e.source])
        young, *older = gc.get_threshold()
        if 0 < young < YOUNG_GC_THRESHOLD:  # raised for the worker's process, never lowered (0: collection off)
            gc.set_threshold(YOUNG_GC_THRESHOLD, *older)

    def teardown(self):
        self.context.release()  # the OCR engine's sessions go with the worker's DoFn

    def process(self, item: InputFile):
        self.inputs.inc()
        entry = self.config.sources[item.entry]
        spec = entry.spec_for(item.uri)
        source = spec.name if spec else "unrouted"
        items = 0
        for record in self._records(item, entry, spec):
            if isinstance(record, Sample) and (fault := marker_fault(record)) is not None:
                self.broken.inc()  # its readers would count its markers otherwise than its images
                record = sample_reject(record, *fault)
            if isinstance(record, Sample):
                self.samples.inc()
                items += 1
                yield record
            else:
                self.rejected.inc()
                items += not record.whole_input
                yield beam.pvalue.TaggedOutput(REJECTS, record)
        yield beam.pvalue.TaggedOutput(LEDGER, (f"{source}|inputs", 1))
        yield beam.pvalue.TaggedOutput(LEDGER, (f"{source}|items", items))
        yield beam.pvalue.TaggedOutput(LEDGER, (f"{source}|inputs_with_items", int(items > 0)))
        progress.advance()

    def _records(self, item: InputFile, entry, spec):
        source = spec.name if spec else "unrouted"
        if spec is None:
            yield Reject(source, item.uri, "unsupported:extension",
                         detail="no source reads this file type; known: "
                                + ", ".join(f"{s.name} {s.extensions}" for s in SOURCES.values()))
            return
        if self.kinds is not None and not self.kinds & set(spec.kinds):
            yield Reject(source, item.uri, "skipped:kind_not_requested",
                         detail=f"{spec.name} makes {list(spec.kinds)}; the build asks for {sorted(self.kinds)}")
            return
        if item.size > self.config.max_input_bytes:
            yield Reject(source, item.uri, "error:read:too_large",
                         detail=f"{item.size} bytes > max_input_bytes {self.config.max_input_bytes}")
            return
        try:
            data = item.read()
        except Exception as exc:
            yield error_reject(source, item.uri, "read", exc)
            return
        options = entry.options_for(spec)
        path = None
        if self.config.extraction_cache:
            path = extraction_cache.entry_path(self.config.output, item.uri, data, spec,
                                               {"options": options, "kinds": sorted(self.kinds or []),
                                                "ocr": self.config.ocr})
            finished = extraction_cache.load(path)
            if finished is not None:  # done by an earlier run of this build: not redone
                self.cached.inc()
                yield from finished
                return
        # Each record goes on as soon as the source makes it, so the steps fused after this one (the filter)
        # see it while what the source decoded for it is still at hand (`sources.common.images.take_decoded`);
        # the cache entry is written once the input is done, as before.
        records, reads = [], {}
        for record in recording_reads(self._extract(spec, data, item.uri, options), reads):
            if path:
                records.append(record)
            yield record
        if path:  # with the files the source read beside the input: a change to one is a miss next time
            extraction_cache.save(path, records, reads)
        fault_point("extract")

    def _extract(self, spec, data: bytes, uri: str, options):
        produced = False
        try:
            for record in spec.reader()(data, uri, options, self.context):
                produced = True
                yield record
        except Exception as exc:  # a source bug or a library crash on hostile input
            # after some records the loss is the rest of the document, not the whole input
            yield error_reject(spec.name, uri, "extract", exc, locator="remainder" if produced else None)
            produced = True
        if not produced:
            yield Reject(spec.name, uri, "error:extract:no_output", detail="the source yielded nothing")


class ExtractSamples(beam.PTransform):
    """PCollection[InputFile] -> tagged outputs: main (Sample), ``rejects``, ``ledger``."""

    def __init__(self, config: BuildConfig):
        super().__init__()
        self.config = config

    def expand(self, inputs):
        return inputs | "Read" >> beam.ParDo(ExtractFn(self.config)).with_outputs(REJECTS, LEDGER, main="samples")
