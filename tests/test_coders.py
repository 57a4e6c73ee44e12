"""`SampleCoder` (pipelines/coders.py): a sample through its bytes comes back equal, field for field, and
the bytes are what the groupings that carry whole samples hold, far smaller than the decoded sample."""

from __future__ import annotations

import pickle
import tracemalloc

import apache_beam as beam
import pytest
from apache_beam.coders import registry
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.coders import SampleCoder
from shards.sample import Sample
from shards.staged import StagedImage

PNG = b"\x89PNG\r\n\x1a\n"


def caption_pair(i: int = 0) -> Sample:
    """A caption pair as it crosses the groupings: image staged, the filter's scores and hashes in meta."""
    return Sample(f"{i:024x}", "caption", images=[StagedImage("0123456789abcdef.bin", 1000 * i, 9876)],
                  text="a close up of a can available every not there has is underscore",
                  meta={"height": 170, "width": 256, "image": f"{i:09d}.jpg", "language": {"code": "en", "score": 0.9},
                        "locator": f"key={i:09d}", "source": "captions", "uri": "/data/corpus/pairs-00006-1000.tar",
                        "_image_hashes": [{"pixels": "0f" * 16, "phash": ["89ab" * 4] * 3, "area": 43520}]})


SAMPLES = [
    caption_pair(),
    Sample("doc-1", "interleaved", images=[PNG + b"one", StagedImage("b.bin", 0, 12), PNG + b"three"],
           segments=[{"text": "before"}, {"image": 0}, {"image": 1}, {"text": "and ünïcode"}, {"image": 2}],
           meta={"source": "pdf", "uri": "a.pdf", "locator": "page=3", "quality": 0.25, "boxes": [[1, 2, 3, 4]]}),
    Sample("chat", "sft", images=[], conversation=[{"role": "user", "content": "hi"},
                                                   {"role": "assistant", "content": "hello"}],
           meta={"source": "sft", "taxonomy": {"use": "chat"}, "none": None}),
    Sample("t", "text", text="", meta={}),
]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.kind)
def test_a_sample_comes_back_equal(sample):
    coder = SampleCoder()
    back = coder.decode(coder.encode(sample))
    assert back == sample
    assert [type(i) for i in back.images] == [type(i) for i in sample.images]  # staged stay references
    assert type(back.meta) is type(sample.meta) and back.meta == sample.meta
    with pytest.raises(TypeError):
        back.meta["x"] = 1  # still immutable


def test_the_bytes_are_smaller_than_a_pickled_sample_and_a_sixth_of_a_decoded_one():
    sample, coder = caption_pair(), SampleCoder()
    encoded = coder.encode(sample)
    assert len(encoded) < 0.8 * len(pickle.dumps(sample, protocol=pickle.HIGHEST_PROTOCOL))
    tracemalloc.start()
    decoded = [coder.decode(encoded) for _ in range(1000)]
    held = tracemalloc.get_traced_memory()[0] / len(decoded)
    tracemalloc.stop()
    assert held > 4 * len(encoded)  # why groupings carry the bytes


def test_the_coder_is_registered_for_samples_and_crosses_a_grouping():
    assert isinstance(registry.get_coder(Sample), SampleCoder)
    with TestPipeline(runner="FnApiRunner") as p:
        out = (p
               | beam.Create([(s.kind, s) for s in SAMPLES]).with_output_types(tuple[str, Sample])
               | beam.GroupByKey()
               | beam.FlatMap(lambda kv: kv[1]).with_output_types(Sample))
        assert_that(out, equal_to(SAMPLES))
