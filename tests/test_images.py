"""Image decoding and normalisation: every failure has its reason; kept images are upright RGB within bounds."""

import io
import zlib

import pytest
from PIL import Image

from sources.common.images import ImageLimits, ImageRejected, load_image, normalised_bytes


def encoded(image, fmt="PNG", **kw):
    buf = io.BytesIO()
    image.save(buf, format=fmt, **kw)
    return buf.getvalue()


def test_exif_orientation_is_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to view"
    data = encoded(Image.new("RGB", (80, 40), "red"), "JPEG", exif=exif.tobytes())
    image, changed = load_image(data)
    assert image.size == (40, 80) and changed
    assert load_image(data, exif=False)[0].size == (80, 40)


def test_modes_sizes_and_formats_are_normalised():
    rgba = encoded(Image.new("RGBA", (100, 50), (1, 2, 3, 128)))
    image, changed = load_image(rgba)
    assert image.mode == "RGB" and changed
    big, changed = load_image(encoded(Image.new("RGB", (3000, 1000))), ImageLimits(max_side=600))
    assert big.size == (600, 200) and changed
    webp = encoded(Image.new("RGB", (64, 64), "blue"), "WEBP")
    stored, _ = normalised_bytes(webp)
    assert stored.startswith(b"\x89PNG")
    fine = encoded(Image.new("RGB", (64, 64), "blue"))
    assert normalised_bytes(fine)[0] is fine  # nothing to change: the original bytes are kept


@pytest.mark.parametrize("data, limits, reason", [
    (b"definitely not an image", ImageLimits(), "error:image:unreadable"),
    (encoded(Image.effect_noise((400, 400), 60).convert("RGB"), "JPEG")[:20000], ImageLimits(),
     "error:image:truncated"),
    (encoded(Image.new("RGB", (20, 200))), ImageLimits(), "filtered:image_too_small"),
    (encoded(Image.new("RGB", (200, 200))), ImageLimits(max_pixels=10_000), "error:image:too_many_pixels"),
])
def test_bad_images_are_refused_with_a_reason(data, limits, reason):
    with pytest.raises(ImageRejected) as info:
        load_image(data, limits)
    assert info.value.reason == reason


def _png_header(side: int) -> bytes:
    """A PNG whose header claims ``side`` x ``side`` pixels but holds almost no data."""
    small = encoded(Image.new("L", (1, 1)))
    ihdr = side.to_bytes(4, "big") * 2 + small[24:29]  # width, height, then depth/colour/...
    return small[:16] + ihdr + zlib.crc32(b"IHDR" + ihdr).to_bytes(4, "big") + small[33:]


def test_pixel_bomb_is_refused_from_its_header_before_decoding():
    # 60000x60000 (decoding would need 10 GB): Pillow's own bomb check refuses it while opening
    with pytest.raises(ImageRejected) as info:
        load_image(_png_header(60000))
    assert info.value.reason == "error:image:too_many_pixels"
    # 100x100 opens fine and would fail to decode (no pixel data: truncated); only a check of the header
    # before decoding can say too_many_pixels
    with pytest.raises(ImageRejected) as info:
        load_image(_png_header(100), ImageLimits(min_side=1, max_pixels=1000))
    assert info.value.reason == "error:image:too_many_pixels"


def test_transparency_is_shown_over_white_and_16_bit_samples_are_scaled():
    # a blind hunt: a logo's black strokes on a transparent background came out black on black (a plain
    # convert("RGB") drops the alpha, whatever was under it), and 16-bit greys were clipped, not scaled
    import numpy as np

    logo = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    logo.paste((0, 0, 0, 255), (20, 28, 44, 36))
    half = Image.new("RGBA", (64, 64), (0, 0, 0, 128))
    for data in (encoded(logo), encoded(logo.convert("LA")), encoded(logo, "WEBP", lossless=True),
                 encoded(Image.new("RGB", (64, 64)), transparency=(0, 0, 0))):
        pixels = np.asarray(load_image(data)[0])
        assert pixels[2, 2].tolist() == [255, 255, 255]  # transparent: the white a page shows through
    assert np.asarray(load_image(encoded(logo))[0])[30, 30].tolist() == [0, 0, 0]  # the stroke stays black
    assert np.asarray(load_image(encoded(half))[0])[0, 0].tolist() == [127, 127, 127]  # half black over white
    for fmt in ("PNG", "TIFF"):
        for value, shown in ((32768, 128), (200, 1), (65535, 255)):
            grey = Image.fromarray(np.full((40, 40), value, dtype=np.uint16))
            image, changed = load_image(encoded(grey, fmt))
            assert changed and np.asarray(image)[0, 0].tolist() == [shown] * 3, (fmt, value)
    with pytest.raises(ImageRejected) as refused:
        load_image(encoded(Image.fromarray(np.full((40, 40), 0.5, dtype=np.float32)), "TIFF"))
    assert refused.value.reason == "error:image:float_pixels"


@pytest.mark.parametrize("image_format", ["webp", "png", "jpeg"])
def test_a_rendered_pages_lossless_webp_is_handed_to_the_filter_as_the_pixels_its_bytes_decode_to(image_format):
    # the quality filter, fused after the source, takes the page's image instead of decoding its WebP again
    # (~3.5 ms a page, issue #18): only a lossless WebP made from the very pixels may be handed on
    import dataclasses

    import pymupdf

    from quality.config import QualityConfig
    from quality.sample_filter import filter_sample
    from shards.sample import Sample
    from sources.common.images import take_decoded
    from sources.common.options import ImageStorage
    from sources.common.pages import encode_pixmap, render_page

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 90), "Ledgers balance when every input is accounted for.", fontsize=14)
    page.draw_rect(pymupdf.Rect(72, 120, 300, 200), color=(0.2, 0.4, 0.8), fill=(0.9, 0.3, 0.1))
    pix, _ = render_page(page, 512)
    data = encode_pixmap(pix, ImageStorage(image_format=image_format))
    handed = take_decoded(data)
    if image_format != "webp":  # PNG comes from MuPDF without a Pillow image; JPEG's decode differs
        assert handed is None
        return
    decoded = Image.open(io.BytesIO(data))
    decoded.load()
    assert handed.mode == decoded.mode == "RGB" and handed.tobytes() == decoded.tobytes()
    assert take_decoded(data) is None  # given once
    sample = Sample(key="doc-p1", kind="doc_ocr", images=[data], text="Ledgers balance when every input is counted.")
    encode_pixmap(pix, ImageStorage())  # another page's bytes: this sample's are no longer at hand
    config = QualityConfig()
    by_decoding = filter_sample(sample, config)
    remember = encode_pixmap(pix, ImageStorage())
    by_hand = filter_sample(dataclasses.replace(sample, images=[remember]), config)
    assert take_decoded(remember) is None  # the filter took it
    assert by_hand.meta["_image_hashes"] == by_decoding.meta["_image_hashes"]
