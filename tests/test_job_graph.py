"""The job graph as a cluster runner receives it: serialised to Beam's portable form and back, every
DoFn through Beam's pickler. (Dataflow's own dry run needs the GCP extras; this checks the same graph.)"""

import apache_beam as beam
from apache_beam.internal import pickler
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.portability.api import beam_runner_api_pb2

from pipelines.build import build_pipeline
from pipelines.config import BuildConfig
from pipelines.transforms.extract import ExtractFn
from pipelines.transforms.stage_samples import StageSamplesFn
from pipelines.transforms.write_shards import WriteBucketFn


def test_the_graph_serialises_to_the_portable_form_and_back(tmp_path):
    config = BuildConfig.from_name("samples")
    config.output = "gs://bucket/built"  # nothing is run: the graph must not touch the output to be built
    pipeline = beam.Pipeline(options=PipelineOptions(["--runner=DataflowRunner", "--project=vlbuild-test-123", "--region=us-central1",
                                                      "--temp_location=gs://bucket/tmp"]))
    build_pipeline(pipeline, config, "DataflowRunner", "2026-01-01T00:00:00+00:00")
    data = pipeline.to_runner_api().SerializeToString()
    proto = beam_runner_api_pb2.Pipeline.FromString(data)
    names = {t.unique_name for t in proto.components.transforms.values()}
    for step in ("ListInputs", "Extract", "WriteShards", "AllRejects", "WriteRejects", "CountLedger",
                 "WriteManifest"):
        assert step in names
    restored = beam.Pipeline.from_runner_api(proto, runner=None, options=PipelineOptions([]))
    assert restored.to_runner_api().components.transforms.keys() == proto.components.transforms.keys()


def test_every_dofn_survives_beams_pickler():
    config = BuildConfig.from_name("samples")
    for fn in (ExtractFn(config), WriteBucketFn("gs://bucket/out", config.shards),
               StageSamplesFn("gs://bucket/out/_tmp/samples")):
        clone = pickler.loads(pickler.dumps(fn))
        assert type(clone) is type(fn) and vars(clone).keys() == vars(fn).keys()
