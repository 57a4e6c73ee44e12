"""Small files in the layouts of the public datasets the paper names, as the Hugging Face Hub serves them,
for the ``hf_dataset`` source's tests (nothing is downloaded; the shapes follow the datasets' cards).

``hub_files()`` gives ``{path: bytes}``; each folder holds one layout with good rows and planted bad ones:

| folder | layout (preset) | planted rejects |
|---|---|---|
| ``websight/`` | Parquet: ``image`` struct + ``text`` HTML (``websight``); and the same as an Arrow IPC stream, as ``save_to_disk`` writes | an empty image, an empty text |
| ``llava_instruct/`` | JSON list: ``image`` path + ``conversations`` (``llava_instruct``) | two markers for one image, a missing file, a path out of the root, no image, an unknown role |
| ``sharegpt4v/`` | JSON Lines of the same (``sharegpt4v``) | a line that is not JSON |
| ``llava_instruct_mix/`` | Parquet: ``messages`` with typed image parts + ``images`` structs (``llava_instruct_mix``) | an image part without an image |
| ``llava_pretrain/`` | JSON: one instruction answered by the caption (``llava_pretrain``) | two answers |
| ``captions/`` | Parquet: ``image`` struct + ``caption`` (``captions``) | an empty image; for the build's filters, an exact copy of a row and a German caption |
| ``chartqa/`` | Parquet: ``image``, ``query``, ``label`` (a list of one answer) (``chartqa``) | two answers |
| ``mmc4/`` | JSON Lines: ``text_list`` + ``image_info`` (``mmc4``), images in ``images/`` | all images missing, an image matched to no sentence |
| ``obelics/`` | Parquet: aligned ``texts`` / ``images`` (``obelics``) | a position with both, no images |
"""

from __future__ import annotations

import io
import json
import random

from PIL import Image, ImageDraw

from samples.make_samples import chart_png
from samples.quality_maker import encode


def photo(seed: int, size: tuple[int, int] = (320, 240)) -> bytes:
    """A picture of seeded random shapes: each seed gives a clearly different image (and hash)."""
    rng = random.Random(f"hub-photo-{seed}")
    image = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        box = (x, y, x + rng.randrange(20, 140), y + rng.randrange(20, 110))
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    return encode(image)


def screenshot(title: str, buttons: list[str]) -> bytes:
    """A simple web page screenshot: a header bar, a title and a row of buttons."""
    image = Image.new("RGB", (480, 320), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 480, 48), fill=(30, 60, 120))
    draw.text((20, 16), title, fill="white")
    for i, label in enumerate(buttons):
        draw.rectangle((20 + i * 150, 120, 150 + i * 150, 160), fill=(220, 90, 40))
        draw.text((40 + i * 150, 134), label, fill="white")
    return encode(image)


def _struct(data: bytes | None, path: str | None = None) -> dict:
    return {"bytes": data, "path": path}


def _parquet(rows: list[dict], schema=None) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), buf)
    return buf.getvalue()


def _arrow_stream(rows: list[dict]) -> bytes:
    import pyarrow as pa

    table = pa.Table.from_pylist(rows)
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def _jsonl(rows: list) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in rows)


def _turns(*texts: str) -> list[dict]:
    return [{"from": "human" if i % 2 == 0 else "gpt", "value": t} for i, t in enumerate(texts)]


def _html(title: str, buttons: list[str]) -> str:
    items = "".join(f'<button class="cta">{b}</button>' for b in buttons)
    return (f'<html><head><style>header {{background: #1e3c78; color: white; padding: 16px}} .cta {{background: '
            f'#dc5a28; color: white; width: 130px}}</style></head><body><header>{title}</header>'
            f'<main>{items}</main></body></html>')


PARAGRAPHS = [
    "Beekeepers open their hives in early spring to check whether the colony survived the winter. A strong "
    "colony has a laying queen, brood in several frames and enough stored honey to last until the first flowers.",
    "The frames are lifted one at a time and held over the box, so that a queen who falls does not land in the "
    "grass. Calm, slow movements keep the bees quiet, and a little smoke at the entrance helps as well.",
    "Later in the season the beekeeper adds a super, a shallower box above the brood chamber, where the bees "
    "store the surplus honey that will be harvested at the end of the summer.",
    "Harvesting starts by clearing the bees from the super with a one-way board. The capped frames are then "
    "uncapped with a warm knife and spun in an extractor, and the honey is strained into buckets.",
]

BREAD = [
    "A sourdough starter is a mixture of flour and water in which wild yeasts and lactic bacteria live. Fed "
    "every day, it doubles in size within a few hours and smells pleasantly sour.",
    "The dough is mixed from flour, water, salt and a spoonful of active starter, then folded every half hour "
    "so that the gluten develops without long kneading.",
    "After a slow rise overnight in a cool kitchen, the loaf is shaped, scored with a sharp blade and baked "
    "in a covered pot, which keeps the steam in and gives the crust its shine.",
    "Bakers let the bread cool for at least an hour before cutting it, because the crumb is still setting "
    "while the loaf is warm.",
]


def hub_files() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    # WebSight: screenshot + HTML (Parquet; and an Arrow stream as save_to_disk writes it)
    pages = [("Garden Tools", ["Shop now", "Offers"]), ("City Library", ["Catalogue", "Opening hours"]),
             ("Harbour Cafe", ["Menu", "Book a table"]), ("Mountain Trails", ["Maps", "Weather"])]
    websight = [{"image": _struct(screenshot(t, b)), "text": _html(t, b), "llm_generated_idea": f"a page for {t}"}
                for t, b in pages[:2]]
    websight += [{"image": None, "text": _html("Empty", ["x"]), "llm_generated_idea": "no screenshot"},
                 {"image": _struct(screenshot("No code", ["a"])), "text": "  ", "llm_generated_idea": "no html"}]
    files["websight/data-00000-of-00001.parquet"] = _parquet(websight)
    files["websight_arrow/data-00000-of-00001.arrow"] = _arrow_stream(
        [{"image": _struct(screenshot(t, b)), "text": _html(t, b)} for t, b in pages[2:]])

    # LLaVA-Instruct (JSON, image paths under the file's folder) and ShareGPT4V (the same, as JSON Lines)
    for n in range(1, 5):
        files[f"llava_instruct/coco/train2017/{n:012d}.png"] = photo(n)
    llava = [
        {"id": "000000000001", "image": "coco/train2017/000000000001.png", "conversations": _turns(
            "<image>\nWhat shapes can you see in this picture?", "Several overlapping circles and rectangles.",
            "Which colour dominates?", "The background colour covers most of the picture.")},
        {"id": "000000000002", "image": "coco/train2017/000000000002.png", "conversations": _turns(
            "Describe this image in one sentence.", "Coloured shapes are scattered over a plain background.")},
        {"id": "mismatch", "image": "coco/train2017/000000000003.png", "conversations": _turns(
            "<image>\n<image>\nCompare the two pictures.", "They differ.")},
        {"id": "missing", "image": "coco/train2017/999999999999.png", "conversations": _turns(
            "<image>\nWhat is this?", "A picture.")},
        {"id": "escape", "image": "../../etc/passwd", "conversations": _turns("<image>\nRead this.", "No.")},
        {"id": "text-only", "conversations": _turns("What is the capital of France?", "Paris.")},
        {"id": "role", "image": "coco/train2017/000000000004.png",
         "conversations": [{"from": "narrator", "value": "<image>\nOnce upon a time"}, {"from": "gpt", "value": "x"}]},
    ]
    files["llava_instruct/llava_instruct_150k.json"] = json.dumps(llava, indent=1).encode()
    files["sharegpt4v/sam/images/sa_1.png"] = photo(6)
    files["sharegpt4v/sharegpt4v_instruct.jsonl"] = _jsonl([
        {"id": "sg-1", "image": "sam/images/sa_1.png", "conversations": _turns(
            "<image>\nGive a detailed description of the picture.",
            "The picture shows a dozen coloured shapes, circles and rectangles, some overlapping, on a plain "
            "background; none of them is labelled.")},
    ]) + b"{not json\n"

    # HF messages with typed image parts and an images list (TRL's llava-instruct-mix-vsft)
    def parts(*items):
        return [{"type": "image", "text": None} if i is None else {"type": "text", "text": i} for i in items]
    mix = [
        {"messages": [{"role": "user", "content": parts(None, "How many shapes are round?")},
                      {"role": "assistant", "content": parts("About half of them are round.")}],
         "images": [_struct(photo(11))]},
        {"messages": [{"role": "user", "content": parts(None, None, "Which picture is brighter?")},
                      {"role": "assistant", "content": parts("The second one.")}],
         "images": [_struct(photo(12)), _struct(photo(13))]},
        {"messages": [{"role": "user", "content": parts(None, "What is shown?")},
                      {"role": "assistant", "content": parts("Nothing.")}],
         "images": []},
    ]
    files["llava_instruct_mix/train-00000-of-00001.parquet"] = _parquet(mix)

    # LLaVA-Pretrain: one instruction answered by the caption
    for n in (21, 22):
        files[f"llava_pretrain/images/00453/{n:09d}.png"] = photo(n)
    files["llava_pretrain/blip_laion_cc_sbu_558k.json"] = json.dumps([
        {"id": "004539021", "image": "00453/000000021.png", "conversations": _turns(
            "Give a brief description of the image.\n<image>", "colourful circles and boxes on a plain wall")},
        {"id": "004539022", "image": "00453/000000022.png", "conversations": _turns(
            "<image>\nDescribe the image briefly.", "shapes on a background", "Anything else?", "no")},
    ]).encode()

    # caption sets: an image struct and its caption
    files["captions/train-00000-of-00001.parquet"] = _parquet([
        {"image": _struct(photo(31), "31.png"), "caption": "A bright arrangement of round and square shapes."},
        {"image": _struct(photo(32), "32.png"), "caption": "Dark shapes scattered across a pale background."},
        {"image": None, "caption": "A caption whose picture was lost."},
        {"image": _struct(photo(32), "copy.png"), "caption": "Dark shapes scattered across a pale background."},
        {"image": _struct(photo(33), "33.png"), "caption": "Bunte Kreise und Rechtecke liegen verstreut auf "
                                                             "einem hellen Hintergrund."},
    ])

    # ChartQA: chart, question, a list of one answer
    files["chartqa/test-00000-of-00001.parquet"] = _parquet([
        {"image": _struct(chart_png(seed=41)), "query": "Which year has the highest value?", "label": ["2019"],
         "human_or_machine": 0},
        {"image": _struct(chart_png(seed=42)), "query": "How many bars are there?", "label": ["7"],
         "human_or_machine": 1},
        {"image": _struct(chart_png(seed=43)), "query": "What is the value in 2017?", "label": ["3.1", "3.4"],
         "human_or_machine": 1},
    ])

    # MMC4: sentences, images matched to a sentence (placed before it), image files in a folder
    for n in (51, 52, 53):
        files[f"mmc4/images/{n}.png"] = photo(n)
    sentences = [s + "." for p in PARAGRAPHS for s in p.rstrip(".").split(". ")]
    files["mmc4/docs_shard_0_v2.jsonl"] = _jsonl([
        {"url": "https://bees.example.org/spring", "text_list": sentences[:4],
         "image_info": [{"image_name": "51.png", "raw_url": "https://bees.example.org/51.png",
                         "matched_text_index": 2, "matched_sim": 0.31}]},
        {"url": "https://bees.example.org/harvest", "text_list": sentences[4:],
         "image_info": [{"image_name": "52.png", "matched_text_index": 0, "matched_sim": 0.28},
                        {"image_name": "gone.png", "matched_text_index": 1, "matched_sim": 0.25},
                        {"image_name": "53.png", "matched_text_index": 2, "matched_sim": 0.27}]},
        {"url": "https://bees.example.org/lost", "text_list": sentences[:3],
         "image_info": [{"image_name": "lost.png", "matched_text_index": 1, "matched_sim": 0.3}]},
        {"url": "https://bees.example.org/bad", "text_list": sentences[:2],
         "image_info": [{"image_name": "51.png", "matched_text_index": 9, "matched_sim": 0.3}]},
    ])

    # OBELICS: texts and images aligned, one of them per position (image URLs on the Hub; files here, but
    # one URL, which a build without fetching drops)
    for n in (61, 63):
        files[f"obelics/images/{n}.png"] = photo(n)
    files["obelics/train-00000-of-00001.parquet"] = _parquet([
        {"texts": [BREAD[0], None, BREAD[1], None, BREAD[2]],
         "images": [None, "images/61.png", None, "https://images.example.org/62.png", None],
         "general_metadata": json.dumps({"url": "https://bees.example.org/obelics"})},
        {"texts": [BREAD[3], "both"], "images": [None, "images/63.png"], "general_metadata": "{}"},
        {"texts": [BREAD[3]], "images": [None], "general_metadata": "{}"},
    ])
    return files
