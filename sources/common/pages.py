"""A PDF page rendered as a sample image: shared by every source that makes `doc_ocr` pages from a PDF
(documents, LaTeX), so their pages look alike."""

from __future__ import annotations

from sources.common.images import encode_image, remember_decoded


def render_page(page, max_side: int):
    """The PyMuPDF ``page`` as an RGB pixmap whose longer side is ``max_side`` pixels, and its scale
    (pixels per point)."""
    import pymupdf

    scale = max_side / max(page.rect.width, page.rect.height)
    return page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False, colorspace=pymupdf.csRGB), scale


def encode_pixmap(pix, options) -> bytes:
    """The pixmap as ``options.image_format`` bytes (`sources.common.options.ImageStorage`)."""
    if options.image_format == "png":
        return pix.tobytes("png")
    if options.image_format == "jpeg":
        return pix.tobytes("jpeg", jpg_quality=options.jpeg_quality)
    from PIL import Image  # MuPDF writes no WebP

    # read through its memoryview: ``pix.samples`` would copy the 2.4 MB of a page's pixels first
    image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples_mv)
    data = encode_image(image, "webp")
    remember_decoded(data, image)  # lossless: the quality filter's decode would give these very pixels
    return data
