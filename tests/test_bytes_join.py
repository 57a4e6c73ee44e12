"""BytesJoin (pipelines/transforms/bytes_join.py) gives what beam.CoGroupByKey gives, each value crossing
the grouping as one bytes object."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.transforms.bytes_join import BytesJoin, collected, tagged

INPUTS = {
    "rank": [("a", b"\x80\x05ranked"), ("b", b""), ("c", b"r3")],  # bytes: carried as they are
    "component": [("a", "a"), ("c", "a")],
    "why": [("c", ["near image, 2 bits apart", "exact image"]), ("d", None)],
    "samples": [("a", b"ref-a"), ("a", b"ref-a2"), ("b", (1, "tuple", 2.5)), ("e", b"ref-e")],
}


def _sorted(item):
    key, groups = item
    return key, {tag: sorted(map(repr, values)) for tag, values in groups.items()}


def test_bytes_join_gives_what_cogroupbykey_gives():
    with TestPipeline(runner="FnApiRunner") as p:
        pcolls = {tag: p | f"Create[{tag}]" >> beam.Create(items) for tag, items in INPUTS.items()}
        expected = pcolls | "CoGroupByKey" >> beam.CoGroupByKey() | "SortExpected" >> beam.Map(_sorted)
        joined = pcolls | "BytesJoin" >> BytesJoin() | "SortJoined" >> beam.Map(_sorted)
        assert_that(joined, equal_to(sorted(_sorted((k, {t: [v for kk, v in INPUTS[t] if kk == k] for t in INPUTS}))
                                            for k in "abcde")), label="joined")
        assert_that(expected, equal_to(sorted(_sorted((k, {t: [v for kk, v in INPUTS[t] if kk == k] for t in INPUTS}))
                                              for k in "abcde")), label="expected")


def test_a_value_is_one_bytes_object_and_comes_back_equal():
    tags = tuple(INPUTS)
    values = [tagged((key, value), tags.index(tag))[1] for tag, items in INPUTS.items() for key, value in items
              if key == "a"]
    assert all(isinstance(v, bytes) for v in values)
    assert tagged(("a", b"ref-a"), 3)[1] == b"\x83ref-a"  # bytes values carry one byte more, not a pickle
    assert collected(("a", values), tags) == ("a", {"rank": [b"\x80\x05ranked"], "component": ["a"], "why": [],
                                                  "samples": [b"ref-a", b"ref-a2"]})
