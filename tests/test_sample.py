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
