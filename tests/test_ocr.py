"""The OCR engine on images of known text (fonts, sizes, rotations) and on a real photographed page."""

import numpy as np
import pytest

from samples.text_images import FONTS, render_text
from sources.common.ocr import (OcrLine, OcrOptions, PaddleOcrEngine, character_error_rate, dominant_script, get_engine,
                         reading_order, script_counts)

LINES = ["Invoice 2024-117", "Total due: 348.20 EUR", "Pay before 30 June"]
CER_BOUND = 0.02  # rendered text: at most 2 wrong characters in 100 (spaces ignored)


@pytest.fixture(scope="module")
def engine():
    return get_engine(OcrOptions(threads=1))


def read_text(engine, image) -> str:
    return "\n".join(line.text for line in engine.read(np.asarray(image)))


def box_iou(quad_a, quad_b) -> float:
    ax0, ay0 = np.min(quad_a, axis=0)
    ax1, ay1 = np.max(quad_a, axis=0)
    bx0, by0 = np.min(quad_b, axis=0)
    bx1, by1 = np.max(quad_b, axis=0)
    inter = max(0, min(ax1, bx1) - max(ax0, bx0)) * max(0, min(ay1, by1) - max(ay0, by0))
    union = (ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - inter
    return inter / union


@pytest.mark.parametrize("font", FONTS)
@pytest.mark.parametrize("size", [16, 36])
def test_reads_rendered_text_in_several_fonts_and_sizes(engine, font, size):
    image, boxes = render_text(LINES, font=font, size=size)
    lines = engine.read(np.asarray(image))
    assert character_error_rate("\n".join(LINES), "\n".join(ln.text for ln in lines)) <= CER_BOUND
    assert len(lines) == len(boxes)
    for line, (text, quad) in zip(lines, boxes):  # boxes land on the text they read
        assert box_iou(line.box, quad) >= 0.5, (line.text, line.box, quad)
        assert 0.5 <= line.confidence <= 1.0


@pytest.mark.parametrize("angle", [6, -9, 15])
def test_reads_slightly_rotated_text(engine, angle):
    image, _ = render_text(LINES, size=28, margin=30)
    rotated = image.rotate(angle, expand=True, fillcolor="white")
    assert character_error_rate("\n".join(LINES), read_text(engine, rotated)) <= CER_BOUND


def test_upside_down_lines_are_turned_by_the_angle_classifier(engine):
    image, _ = render_text(LINES, size=28, margin=30)
    assert set(read_text(engine, image.rotate(180)).split("\n")) == set(LINES)


def test_real_photographed_page(engine):
    """skimage.data.page(): a real photo of a book page with uneven light, not synthetic text."""
    from skimage import data

    photo = np.stack([data.page()] * 3, axis=-1)
    lines = engine.read(photo)
    confident = [line.text for line in lines if line.confidence >= 0.9]
    truth = ["Region-based segmentation", "Let us first determine markers of the coins and the",
             "background. These markers are pixels that we can label",
             "unambiguously as either object or background. Here,", "histogram of grey values:",
             "markers = np.zeros_like(coins)"]
    assert len(confident) >= 5
    assert character_error_rate("\n".join(truth), "\n".join(confident)) <= 0.05
    assert lines[0].text == "Region-based segmentation"  # reading order starts at the top


def test_reading_order_is_rows_then_columns():
    def line(text, x, y, h=20):
        return OcrLine(text, 1.0, [[x, y], [x + 50, y], [x + 50, y + h], [x, y + h]])

    shuffled = [line("d", 200, 62), line("a", 10, 10), line("c", 10, 60), line("b", 200, 14)]
    assert [ln.text for ln in reading_order(shuffled)] == ["a", "b", "c", "d"]


def test_scripts_and_error_rate():
    assert dominant_script("Hello 世界 world") == "Latin" and dominant_script("中文识别 ok") == "Han"
    assert script_counts("Привет") == {"Cyrillic": 6} and dominant_script("1234 !!") == "none"
    assert character_error_rate("abcd", "abcd") == 0 and character_error_rate("abcd", "abXd") == 0.25
    assert character_error_rate("a b", "ab") == 0 and character_error_rate("", "") == 0


def test_engine_loads_once_per_process():
    assert get_engine(OcrOptions(threads=1)) is get_engine(OcrOptions(threads=1))


def test_one_line_is_recognised_on_one_thread():
    """`recognise` reads a line on a one-thread session whatever the engine's threads (ONNX Runtime's pool
    burns more CPU than it saves on a single line), and reads what the engine's own recogniser reads."""
    engine = get_engine(OcrOptions())  # threads 0: pages on the runtime's pool of threads
    image = np.asarray(render_text([LINES[1]], size=28)[0])
    text, confidence = engine.recognise(image)
    assert character_error_rate(LINES[1], text) <= CER_BOUND and confidence > 0.5
    line_session = engine._line_ocr.text_rec.session.session
    assert line_session.get_session_options().intra_op_num_threads == 1
    pooled = engine._ocr(image, use_det=False, use_cls=False, use_rec=True)
    assert engine._ocr.text_rec.session.session is not line_session
    assert text == " ".join(pooled.txts) and confidence == pytest.approx(min(pooled.scores), abs=1e-4)
    one_thread = get_engine(OcrOptions(threads=1))
    assert one_thread._line_ocr is one_thread._ocr  # already one thread: no second session


def test_a_line_read_again_is_not_recognised_again(engine, monkeypatch):
    # a scan's margin lines are read off the same crops when the document's style is sampled and with the page
    image = np.asarray(render_text([LINES[2]], size=28)[0])
    other = np.asarray(render_text([LINES[0]], size=28)[0])
    runs, real = [], type(engine._line_ocr).__call__
    monkeypatch.setattr(type(engine._line_ocr), "__call__", lambda self, *a, **kw: runs.append(1) or real(self, *a, **kw))
    first = engine.recognise(image)
    assert engine.recognise(image.copy()) == first and len(runs) == 1
    assert engine.recognise(other) != first and len(runs) == 2  # another crop is read
    assert engine.recognise(image[:, :-1]) and len(runs) == 3  # so is another shape of it


def test_backends_are_checked():
    with pytest.raises(ValueError, match="unknown OCR backend 'ocrad'"):
        OcrOptions(backend="ocrad")
    with pytest.raises(ValueError, match="unknown OCR backend 'ocrad'"):
        OcrOptions(scan_backend="ocrad")
    try:
        import paddleocr  # noqa: F401
    except ImportError:
        with pytest.raises(RuntimeError, match="pip install paddleocr"):
            PaddleOcrEngine(OcrOptions(backend="paddleocr"))


def test_engines_are_released_in_teardown():
    from pipelines.config import BuildConfig, SourceConfig
    from pipelines.transforms.extract import ExtractFn
    from sources.common import ocr

    fn = ExtractFn(BuildConfig(sources=[SourceConfig(paths=["x"], source="scene_text")], ocr=OcrOptions(threads=1)))
    ocr.release_engines()  # earlier tests left engines loaded: start from none, so setup must load it
    assert ocr._ENGINES == {}
    fn.setup()  # scene text needs the engine for every input: loaded here
    assert OcrOptions(threads=1) in ocr._ENGINES
    fn.teardown()
    assert ocr._ENGINES == {}
