"""Caption pairs and a text corpus for the bundled samples, with planted duplicates and bad rows.

Planted, so the default build shows the quality stage at work (tests/test_build.py counts them):
- captions: the same picture as PNG and as lossless WebP (exact pixels), a resized and
  watermarked copy (near image), the scene-text cafe photo again (exact, across kinds), a caption
  too short, a missing image; a WebDataset tar of three more pairs, one of them blank.
- text: the same article with other case and spacing (exact text), an edited copy (near text),
  the printer manual's text again (near text, across kinds: it is also an interleaved page), a
  German article (language), a spam page (heuristics), and an article with an email address and a
  phone number (scrubbed, kept).
"""

from __future__ import annotations

import io
import json
import tarfile

from PIL import Image, ImageDraw

ARTICLES = [
    "Bees visit flowers to collect nectar and pollen. As they move from one plant to the next, they carry "
    "pollen on their bodies, and this is how many fruit trees are pollinated. A single hive can visit "
    "millions of flowers in a season, which is why farmers often rent hives when their orchards bloom.",
    "A bicycle chain needs oil about once a month if you ride in the rain. Wipe the chain with a dry cloth, "
    "put one drop of oil on each link while turning the pedals backwards, and then wipe off what is left on "
    "the outside. Too much oil collects dirt and wears the gears faster than no oil at all.",
    "Bread rises because yeast eats the sugars in the flour and gives off carbon dioxide. The gas is trapped "
    "by the gluten in the dough, which stretches like a balloon. A warm kitchen speeds this up, and that is "
    "why recipes ask you to leave the dough near the oven and to cover the bowl with a cloth.",
    "The library opens at nine on weekdays and at ten on Saturdays. Members can borrow up to twelve books "
    "for three weeks, and they can renew them twice online. If you have questions about your account, write "
    "to the front desk and we will answer within two working days.",
    "Tides are caused by the pull of the moon and, to a smaller degree, of the sun. When the sun and the "
    "moon line up, their pulls add together and the tides are higher than usual; these are called spring "
    "tides, although they have nothing to do with the season of the year.",
]
EDITED = ARTICLES[2].replace("A warm kitchen", "A warm room") + " Bakers in cold places use a proofing box."
MANUAL = ("Clearing a paper jam\nSwitch the printer off before opening the front cover.\n1. Open the front cover.\n"
          "2. Pull the jammed sheet out slowly with both hands.\n3. Close the cover and switch the printer on.\n"
          "If the jam returns\nCheck that the paper is not damp and that the guides touch the stack.")
GERMAN = ("Die Bibliothek ist an Wochentagen ab neun Uhr geöffnet. Mitglieder können bis zu zwölf Bücher für drei "
          "Wochen ausleihen und sie zweimal online verlängern, wenn niemand sie vorgemerkt hat.")
SPAM = "\n".join(["BUY NOW!!! best price best price click here ..."] * 12)
CHINESE = ("蜜蜂在花朵之间采集花蜜和花粉。它们从一株植物飞到另一株植物时，身上带着花粉，许多果树就是这样授粉的。"
           "一个蜂巢在一个季节里可以访问数百万朵花，所以果园开花时，农民常常租用蜂箱。")
WITH_PII = (ARTICLES[3].replace("write to the front desk", "write to desk@library.example.org or call "
                                "+44 20 7946 0958"))


def picture(seed: int, size: tuple[int, int] = (320, 240)) -> Image.Image:
    """A simple drawn scene (sky, ground, a sun, a house) that differs by ``seed``."""
    image = Image.new("RGB", size, (110 + 20 * seed % 120, 170, 230))
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.rectangle((0, h * 0.65, w, h), fill=(60 + 30 * seed % 90, 140, 60))
    draw.ellipse((w * 0.7, h * 0.08, w * 0.7 + 40 + seed * 4, h * 0.08 + 40 + seed * 4), fill=(250, 210, 40))
    x = 30 + 25 * seed
    draw.rectangle((x, h * 0.4, x + 90, h * 0.7), fill=(180, 60 + 25 * seed % 150, 50))
    draw.polygon([(x - 10, h * 0.4), (x + 45, h * 0.22), (x + 100, h * 0.4)], fill=(90, 40, 30))
    return image


def encode(image: Image.Image, fmt: str = "PNG", **kwargs) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **kwargs)
    return buf.getvalue()


def caption_files(cafe_png: bytes) -> dict[str, bytes]:
    scenes = [picture(i) for i in range(4)]
    marked = scenes[1].resize((240, 180))
    ImageDraw.Draw(marked).text((150, 160), "(c) photos", fill=(255, 255, 255))
    rows = [
        {"image": "images/house_0.png", "caption": "A small red house under a yellow sun on a green field."},
        {"image": "images/house_1.png", "caption": "A brown house with a dark roof beside a meadow."},
        {"image": "images/house_2.png", "caption": "A house on a hill with the sun high in a blue sky."},
        {"image": "images/house_0_copy.webp", "caption": "Red house, yellow sun, green grass."},
        {"image": "images/house_1_small.jpg", "caption": "A house by a meadow, from a stock photo site."},
        {"image": "images/cafe.png", "caption": "The sign of a cafe on a street corner."},
        {"image": "images/house_3.png", "caption": "ok"},
        {"image": "images/missing.png", "caption": "A picture that was never downloaded."},
    ]
    files = {
        "captions/pairs.jsonl": "".join(json.dumps(r) + "\n" for r in rows).encode(),
        "captions/images/house_0.png": encode(scenes[0]),
        "captions/images/house_1.png": encode(scenes[1]),
        "captions/images/house_2.png": encode(scenes[2]),
        "captions/images/house_3.png": encode(scenes[3]),
        "captions/images/house_0_copy.webp": encode(scenes[0], "WEBP", lossless=True),
        "captions/images/house_1_small.jpg": encode(marked, "JPEG", quality=80),
        "captions/images/cafe.png": cafe_png,
    }
    members = [("000001", picture(5), "Two houses would fit on this wide green field."),
               ("000002", picture(7), "A tall house with a red wall in the evening light."),
               ("000003", Image.new("RGB", (200, 200), (255, 255, 255)), "A plain white square.")]
    files["captions/shard-000000.tar"] = webdataset_tar(members)
    return files


def tar_bytes(members: list[tuple[str, bytes]], format: int = tarfile.USTAR_FORMAT) -> bytes:
    """A tar of (name, bytes) members in order, with fixed mtimes so it is the same on every run."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=format) as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 0
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def webdataset_tar(members: list[tuple[str, Image.Image, str]]) -> bytes:
    """A tar as img2dataset writes one: KEY.jpg, KEY.txt, KEY.json per pair."""
    return tar_bytes([item for key, image, caption in members for item in (
        (f"{key}.jpg", encode(image, "JPEG", quality=90)), (f"{key}.txt", caption.encode()),
        (f"{key}.json", json.dumps({"key": key, "caption": caption}).encode()))])


def text_files() -> dict[str, bytes]:
    docs = ARTICLES + ["  " + ARTICLES[0].upper().replace(" ", "  ") + "  ", EDITED, MANUAL, GERMAN, SPAM,
                       CHINESE, WITH_PII]
    return {"text/articles.jsonl": "".join(json.dumps({"id": i, "text": d}, ensure_ascii=False) + "\n"
                                           for i, d in enumerate(docs)).encode(),
            "text/field_notes.txt": ("Field notes, day one. We walked along the river to the old mill and "
                                     "counted the birds that nest under the bridge. There were more swallows "
                                     "than last year, and the water was low for the time of the year.\n").encode()}


def quality_files(cafe_png: bytes) -> dict[str, bytes]:
    return {**caption_files(cafe_png), **text_files()}
