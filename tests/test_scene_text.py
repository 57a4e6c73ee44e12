"""Scene-text sources: unlabelled photos read by the engine, and labelled datasets in their own formats."""

import json
from pathlib import Path

import pytest

from samples.text_images import encode, icdar_lines, scene_photo
from shards import Reject, Sample
from sources import SourceContext
from sources.common.ocr import OcrOptions, character_error_rate
from sources.scene_text.photos import SceneTextOptions, read_scene_text
from sources.common.paths import PathRefused, inside_root
from sources.scene_text.label_sets import LabelError, LabelOptions, parse_icdar, read_coco_text, read_icdar

CONTEXT = SourceContext(OcrOptions(threads=1))


def test_photo_becomes_a_sample_with_lines_boxes_and_script():
    photo, boxes = scene_photo(["GRAND HOTEL", "Reception 24h"], seed=11)
    [sample] = read_scene_text(encode(photo, "JPEG"), "mem://hotel.jpg", SceneTextOptions(), CONTEXT)
    assert isinstance(sample, Sample) and sample.kind == "scene_ocr"
    assert character_error_rate("GRAND HOTEL\nReception 24h", sample.text) <= 0.05
    assert [ln["text"] for ln in sample.meta["lines"]] == sample.text.split("\n")
    assert sample.meta["script"] == "Latin" and sample.meta["image_size"] == [640, 420]
    assert sample.images[0][:3] == b"\xff\xd8\xff"  # an upright RGB JPEG is stored as it came


def test_no_text_and_low_confidence_are_rejected():
    blank, _ = scene_photo([" "], seed=5)
    [reject] = read_scene_text(encode(blank), "mem://blank.png", SceneTextOptions(), CONTEXT)
    assert isinstance(reject, Reject) and reject.reason in ("filtered:no_text", "filtered:low_confidence")
    photo, _ = scene_photo(["EXIT"], seed=6)
    [strict] = read_scene_text(encode(photo), "mem://exit.png", SceneTextOptions(min_confidence=1.01), CONTEXT)
    assert strict.reason == "filtered:low_confidence" and "best confidence" in strict.detail


@pytest.mark.parametrize("line, text", [
    ("377,117,463,117,465,130,378,130,Genaxis Theatre", "Genaxis Theatre"),  # ICDAR 2015
    ("\ufeff10,10,50,10,50,30,10,30,A, B and C", "A, B and C"),  # BOM, commas in the transcript
    ("10,10,50,10,50,30,10,30,Latin,Hello", "Hello"),  # MLT: script column
    ('10,10,50,10,50,30,10,30,0,"中文标识"', "中文标识"),  # RCTW / ReCTS: difficulty, quoted text
    ("10,10,50,10,50,30,10,30,###", "###"),  # illegible
    ("10,10,50,10,50,30,10,30,Exit\u2028Sortie\r\n", "Exit\u2028Sortie"),  # a line ends at \n only (CRLF too)
])
def test_icdar_line_variants(line, text):
    [(transcript, quad)] = parse_icdar(line.encode())
    assert transcript == text and len(quad) == 4 and quad[2][1] in (30.0, 130.0)


CTW = "10,10,30,9,50,8,70,8,90,9,110,10,130,11,130,40,110,39,90,38,70,38,50,38,30,39,10,40"


@pytest.mark.parametrize("line, text, points", [
    # (hunt W13) Total-Text / CTW1500 polygons were cut to four points, the rest of them in the transcript
    ("10,10,60,8,110,10,110,40,60,42,10,40,CURVED", "CURVED", 6),
    (f"{CTW},####HELLO", "HELLO", 14),  # CTW1500's own "####" before the transcript
    (f"{CTW},#######", "###", 14),
    # numbers after eight coordinates that leave no transcript, or written with leading zeros, are the text
    ("10,10,50,10,50,30,10,30,2019", "2019", 4), ("10,10,50,10,50,30,10,30,12,50", "12,50", 4),
    ("10,10,50,10,50,30,10,30,1,000,000", "1,000,000", 4),
    # (hunt W14) ", " between fields: the space is the separator's
    ("10.5, 10.5, 100.5, 10.5, 100.5, 40.5, 10.5, 40.5, SPACED", "SPACED", 4),
    ("10, 10, 50, 10, 50, 30, 10, 30, Latin, Hello there", "Hello there", 4),
    ("10,10,50,10,50,30,10,30, Leading space as written", " Leading space as written", 4),
])
def test_icdar_polygons_of_more_points_and_spaced_fields(line, text, points):
    [(transcript, polygon)] = parse_icdar(line.encode())
    coordinates = [float(v) for v in line.split(",")[:2 * points]]
    assert (transcript, polygon) == (text, [coordinates[i:i + 2] for i in range(0, 2 * points, 2)])


def test_malformed_icdar_labels_say_which_line():
    with pytest.raises(LabelError, match="line 2"):
        parse_icdar(b"1,1,5,1,5,5,1,5,ok\n1,2,three,4,text\n")


def test_paths_cannot_escape_the_dataset_root():
    assert inside_root("/data/set", "images/a.jpg") == "/data/set/images/a.jpg"
    assert inside_root("gs://bucket/set", "a.jpg") == "gs://bucket/set/a.jpg"
    for bad in ["../secret.jpg", "/etc/passwd", "images/../../x.jpg"]:
        with pytest.raises(PathRefused):
            inside_root("/data/set", bad)


def write_icdar(root: Path, lines, seed=3, label_text=None):
    photo, boxes = scene_photo(lines, seed=seed)
    (root / "img_7.jpg").write_bytes(encode(photo, "JPEG"))
    label = root / "gt_img_7.txt"
    label.write_text(label_text if label_text is not None else icdar_lines(boxes) + "1,1,9,1,9,9,1,9,###\n")
    return label


def test_a_curved_polygon_is_kept_whole_in_the_samples_lines(tmp_path):
    label = write_icdar(tmp_path, ["Platform 9"], label_text=f"{CTW},####HELLO\n200,20,300,20,300,60,200,60,STRAIGHT\n")
    [sample] = read_icdar(label.read_bytes(), str(label), LabelOptions(), CONTEXT)
    assert sample.text == "HELLO\nSTRAIGHT"
    assert [len(line["box"]) for line in sample.meta["lines"]] == [14, 4]


def test_icdar_labels_win_and_the_engine_cross_checks(tmp_path):
    label = write_icdar(tmp_path, ["Platform 9", "Exit North"])
    options = LabelOptions(cross_check=True)
    [sample] = read_icdar(label.read_bytes(), str(label), options, CONTEXT)
    assert sample.text == "Platform 9\nExit North" and sample.meta["text_source"] == "labels"
    assert sample.meta["agreement"] >= 0.9
    assert [ln["legible"] for ln in sample.meta["lines"]] == [True, True, False]
    wrong = write_icdar(tmp_path, ["Platform 9", "Exit North"],
                        label_text="10,10,90,10,90,40,10,40,Completely different words\n")
    [disagrees] = read_icdar(wrong.read_bytes(), str(wrong), options, CONTEXT)
    assert disagrees.meta["agreement"] < 0.5


def test_icdar_missing_image_and_all_illegible(tmp_path):
    orphan = tmp_path / "gt_img_99.txt"
    orphan.write_text("1,1,9,1,9,9,1,9,text\n")
    [missing] = read_icdar(orphan.read_bytes(), str(orphan), LabelOptions(), CONTEXT)
    assert missing.reason == "error:label:image_missing"
    label = write_icdar(tmp_path, ["x"], label_text="1,1,9,1,9,9,1,9,###\n")
    [illegible] = read_icdar(label.read_bytes(), str(label), LabelOptions(), CONTEXT)
    assert illegible.reason == "filtered:no_text"


def test_coco_text_and_textocr_json(tmp_path):
    photo, boxes = scene_photo(["Bus Stop", "Line 42"], seed=8)
    (tmp_path / "imgs").mkdir()
    (tmp_path / "imgs" / "a.jpg").write_bytes(encode(photo, "JPEG"))
    anns = {"1": {"image_id": "a", "utf8_string": "Bus Stop", "points": sum(boxes[0][1], [])},
            "2": {"image_id": "a", "utf8_string": "Line 42", "bbox": [boxes[1][1][0][0], boxes[1][1][0][1], 90, 30]},
            "3": {"image_id": "a", "utf8_string": ".", "bbox": [0, 0, 5, 5]},  # TextOCR's illegible
            "4": {"image_id": "z", "utf8_string": "Orphan", "bbox": [0, 0, 5, 5]}}  # of an image not listed
    doc = {"imgs": {"a": {"file_name": "a.jpg"}, "b": {"file_name": "missing.jpg"},
                    "c": {"file_name": "../../outside.jpg"}}, "anns": anns}
    path = tmp_path / "ann.json"
    path.write_text(json.dumps(doc))
    out = list(read_coco_text(path.read_bytes(), str(path), LabelOptions(images_dir="imgs"), CONTEXT))
    assert (out[0].locator, out[0].reason) == ("image=z", "error:label:unknown_image")  # was ignored, unrecorded
    out = out[1:]
    assert out[0].text == "Bus Stop\nLine 42" and out[0].meta["locator"] == "image=a"
    assert [r.reason for r in out[1:]] == ["error:read_image:FileNotFoundError", "error:label:outside_root"]
    assert all(r.locator for r in out[1:])
    [bad] = read_coco_text(b"{not json", str(path), LabelOptions(), CONTEXT)
    assert bad.reason == "error:label:malformed" and bad.whole_input
