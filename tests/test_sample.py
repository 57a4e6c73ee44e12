"""The Sample and Reject records: validation and exact serialisation."""

import pytest

from shards.reject import Reject, error_reject
from shards.sample import Sample, image_extension, make_key
from tests.helpers import jpeg_bytes, png_bytes


def test_make_key_is_stable_and_separates_parts():
    assert make_key("doc_ocr", "abc", "page=1") == make_key("doc_ocr", "abc", "page=1")
    assert make_key("doc_ocr", "abc", "page=1") != make_key("doc_ocr", "abc", "page=2")
    assert make_key("ab", "c") != make_key("a", "bc")  # parts are delimited, not concatenated


@pytest.mark.parametrize("key", ["has.dot", "has/slash", "", "x" * 129, "spa ce"])
def test_keys_that_would_break_webdataset_are_refused(key):
    with pytest.raises(ValueError, match="key"):
        Sample(key=key, kind="doc_ocr")


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        Sample(key="k1", kind="video")


def test_image_extension_from_magic():
    assert image_extension(png_bytes()) == "png"
    assert image_extension(jpeg_bytes()) == "jpg"
    with pytest.raises(ValueError):
        image_extension(b"GIF89a....")


def test_wds_round_trip_is_exact():
    sample = Sample(key="k_1-a", kind="interleaved", images=[png_bytes(), jpeg_bytes()],
                    segments=[{"text": "Größe 直径"}, {"image": 0}, {"image": 1}],
                    meta={"source": "pdf", "uri": "x.pdf", "scores": {"q": 0.5}})
    members = sample.to_wds()
    assert set(members) == {"__key__", "json", "0.png", "1.jpg"}
    assert Sample.from_wds(members) == sample


def test_missing_image_member_is_an_error():
    members = Sample(key="k", kind="caption", images=[png_bytes()], text="a cat").to_wds()
    del members["0.png"]
    with pytest.raises(ValueError, match="lacks image"):
        Sample.from_wds(members)


def test_reject_round_trip_and_category():
    reject = Reject("pdf", "a.pdf", "duplicate_of:abc", detail="same", locator="page=2", key="abc")
    assert Reject.from_json(reject.to_json()) == reject
    assert reject.category == "duplicate" and not reject.whole_input
    err = error_reject("pdf", "b.pdf", "read", OSError("disk gone"))
    assert err.reason == "error:read:OSError" and err.detail == "disk gone" and err.whole_input


def test_samples_and_rejects_are_immutable_and_change_by_copy():
    import dataclasses
    import pickle

    sample = Sample(key="k1", kind="text", text="a", meta={"source": "s", "uri": "u", "tags": ["x"]})
    for change in (lambda: setattr(sample, "text", "b"), lambda: sample.meta.update(a=1),
                   lambda: sample.meta.__setitem__("a", 1), lambda: sample.meta.pop("source"),
                   lambda: sample.meta.setdefault("a", 1)):
        with pytest.raises((dataclasses.FrozenInstanceError, TypeError)):
            change()
    copy = sample.with_meta(language="en")
    assert copy.meta == {"source": "s", "uri": "u", "tags": ["x"], "language": "en"} and "language" not in sample.meta
    assert pickle.loads(pickle.dumps(copy)) == copy  # Beam's coders pickle samples
    assert dataclasses.replace(sample, meta={"a": 1}).meta == {"a": 1}
    reject = Reject("s", "u", "filtered:x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        reject.reason = "filtered:y"


def test_stage_private_meta_never_reaches_a_shard():
    sample = Sample(key="k1", kind="caption", images=[png_bytes()], text="a cat",
                    meta={"source": "s", "_image_hashes": [{"pixels": "ab"}]})
    written = Sample.from_wds(sample.to_wds())
    assert written.meta == {"source": "s"}


def test_a_step_that_needs_image_hashes_before_the_filter_fails_loudly():
    from quality.image_hash import hashes_of

    assert hashes_of(Sample(key="k1", kind="text", text="no images")) == []
    with pytest.raises(ValueError, match="Filter step must run"):
        hashes_of(Sample(key="k2", kind="caption", images=[png_bytes()], text="a cat"))


def test_a_sample_is_rejected_one_way():
    from shards.reject import error_reason, sample_reject

    sample = Sample(key="k1", kind="text", text="a", meta={"source": "s", "uri": "u", "locator": "page=2"})
    assert sample_reject(sample, "filtered:x", "why") == Reject("s", "u", "filtered:x", "why", "page=2", "k1")
    assert sample_reject(sample, *error_reason("filter", KeyError("k"))).reason == "error:filter:KeyError"
