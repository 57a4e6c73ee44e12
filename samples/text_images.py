"""Images of known text with exact line boxes, for the OCR samples, tests and benchmarks.

Text is set with PyMuPDF's built-in PDF base-14 fonts, so every machine renders the
same pixels without installing fonts; the boxes come from PyMuPDF's own layout.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter

FONTS = ("helv", "tiro", "cour", "hebo")  # Helvetica, Times, Courier, Helvetica-Bold


def render_text(lines: list[str], font: str = "helv", size: float = 28, zoom: float = 1.0,
                fg=(0, 0, 0), bg=(1, 1, 1), margin: float = 12) -> tuple[Image.Image, list[tuple[str, list]]]:
    """An RGB image of ``lines`` and each line's (text, quadrilateral) in its pixels.

    ``fg``/``bg`` are RGB colours in 0..1 (PyMuPDF's convention)."""
    import pymupdf

    width = max(pymupdf.get_text_length(line, fontname=font, fontsize=size) for line in lines) + 2 * margin
    height = len(lines) * size * 1.5 + 2 * margin
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    page.draw_rect(page.rect, color=None, fill=bg)
    for i, line in enumerate(lines):
        page.insert_text((margin, margin + size * (1.05 + 1.5 * i)), line, fontname=font, fontsize=size, color=fg)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
    image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    boxes = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            text = "".join(span["text"] for span in line["spans"])
            x0, y0, x1, y1 = (v * zoom for v in line["bbox"])
            boxes.append((text, [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]))
    return image, boxes


def scene_photo(lines: list[str], seed: int, size=(640, 420), font: str = "hebo",
                text_size: float = 30) -> tuple[Image.Image, list[tuple[str, list]]]:
    """A photo-like picture: a lit gradient, clutter and sensor noise, with a sign carrying ``lines``."""
    rng = random.Random(seed)
    width, height = size
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    tint = Image.new("RGB", size, tuple(rng.randrange(60, 200) for _ in range(3)))
    photo = Image.blend(base, tint, 0.6)
    draw = ImageDraw.Draw(photo)
    for _ in range(12):  # background clutter
        x, y = rng.randrange(width), rng.randrange(height)
        draw.ellipse([x, y, x + rng.randrange(20, 90), y + rng.randrange(20, 90)],
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    plate_bg = tuple(c / 255 for c in (rng.randrange(200, 255), rng.randrange(200, 255), rng.randrange(150, 220)))
    sign, boxes = render_text(lines, font=font, size=text_size, fg=(0.1, 0.1, 0.25), bg=plate_bg, margin=16)
    ox, oy = rng.randrange(10, max(11, width - sign.width - 10)), rng.randrange(10, max(11, height - sign.height - 10))
    photo.paste(sign, (ox, oy))
    photo = photo.filter(ImageFilter.GaussianBlur(0.6))
    noise = Image.effect_noise(size, 12).convert("RGB")
    photo = Image.blend(photo, noise, 0.08)
    return photo, [(text, [[x + ox, y + oy] for x, y in quad]) for text, quad in boxes]


def encode(image: Image.Image, fmt: str = "PNG", quality: int = 88) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **({"quality": quality} if fmt == "JPEG" else {}))
    return buf.getvalue()


def icdar_lines(boxes: list[tuple[str, list]]) -> str:
    """ICDAR 2015 label text: ``x1,y1,x2,y2,x3,y3,x4,y4,transcript`` per region."""
    return "\n".join(",".join(str(round(v)) for point in quad for v in point) + "," + text
                     for text, quad in boxes) + "\n"
