"""SFT conversations for the bundled samples, in every supported format, with planted bad records.

- ``sft/llava.json``: LLaVA records (``<image>`` markers, one multi-image record, one with the image
  but no marker), plus an image marker without an image and a missing image file (rejected).
- ``sft/sharegpt.jsonl``: ShareGPT turns, text-only, plus an unknown role, no assistant turn and a
  line that is not JSON (rejected).
- ``sft/chat.jsonl``: chat messages with image parts, Chinese instructions among them, and an empty turn.
- ``sft/shard-000000.tar``: a WebDataset of conversations with their images as members.
Each instruction belongs to a clear use case, so tests can check where the classifier puts it.
"""

from __future__ import annotations

import json

from PIL import Image, ImageDraw

from samples.quality_maker import encode, picture, tar_bytes


def _chart() -> Image.Image:
    image = Image.new("RGB", (320, 220), "white")
    draw = ImageDraw.Draw(image)
    for i, value in enumerate((60, 120, 90, 160)):
        draw.rectangle((30 + i * 70, 200 - value, 80 + i * 70, 200), fill=(40, 90, 200))
        draw.text((40 + i * 70, 204), str(2021 + i), fill="black")
    return image


def _sign() -> Image.Image:
    image = Image.new("RGB", (300, 120), (20, 90, 40))
    ImageDraw.Draw(image).text((30, 45), "OPEN DAILY 9:00 - 17:00", fill="white")
    return image


def _login() -> Image.Image:
    image = Image.new("RGB", (280, 300), (245, 245, 245))
    draw = ImageDraw.Draw(image)
    draw.text((100, 30), "Sign in", fill="black")
    for y in (80, 140):
        draw.rectangle((40, y, 240, y + 36), outline=(150, 150, 150), fill="white")
    draw.rectangle((40, 210, 240, 250), fill=(30, 110, 220))
    draw.text((115, 222), "Log in", fill="white")
    return image


def _turns(*pairs: str) -> list[dict]:
    return [{"from": "human" if i % 2 == 0 else "gpt", "value": text} for i, text in enumerate(pairs)]


def sft_files() -> dict[str, bytes]:
    images = {"images/house1.png": picture(1), "images/house2.png": picture(2), "images/chart.png": _chart(),
              "images/sign.png": _sign(), "images/login.png": _login()}
    files = {f"sft/{name}": encode(image) for name, image in images.items()}
    llava = [
        {"id": "llava-1", "image": "images/sign.png", "conversations": _turns(
            "<image>\nWhat does the text on this sign say?", "It says: OPEN DAILY 9:00 - 17:00.")},
        {"id": "llava-2", "image": "images/chart.png", "conversations": _turns(
            "<image>\nWhich year has the tallest bar in this chart?", "2024 has the tallest bar.",
            "And the shortest?", "2021.")},
        {"id": "llava-3", "images": ["images/house1.png", "images/house2.png"], "conversations": _turns(
            "<image>\n<image>\nWhat are the differences between these two pictures?",
            "The sun is larger in the second picture and the house stands further right.")},
        {"id": "llava-4", "image": "images/login.png", "conversations": _turns(
            "Write the HTML and CSS code for this login page.",
            "<form class=\"login\"><h1>Sign in</h1><input><input type=\"password\"><button>Log in</button></form>")},
        {"id": "llava-bad-marker", "conversations": _turns("<image>\nDescribe the picture.", "A house.")},
        {"id": "llava-missing-image", "image": "images/nowhere.png", "conversations": _turns(
            "<image>\nHow many windows are there?", "Two.")},
    ]
    files["sft/llava.json"] = json.dumps(llava, indent=1).encode()
    sharegpt = [
        {"conversations": [{"from": "human", "value": "Solve for x: 3x + 7 = 22."},
                           {"from": "gpt", "value": "3x = 15, so x = 5."}]},
        {"conversations": [{"from": "system", "value": "You are a helpful assistant."},
                           {"from": "human", "value": "Why is this joke funny: 'I told my computer I needed a "
                                                      "break, and it said it would go to sleep'?"},
                           {"from": "gpt", "value": "It plays on 'sleep' as a computer's power-saving mode."}]},
        {"conversations": [{"from": "narrator", "value": "Once upon a time."},
                           {"from": "gpt", "value": "The end."}]},
        {"conversations": [{"from": "human", "value": "Is anyone there?"}]},
    ]
    files["sft/sharegpt.jsonl"] = ("".join(json.dumps(r) + "\n" for r in sharegpt) + "{not json\n").encode()
    chat = [
        {"messages": [{"role": "user", "content": [{"type": "image", "image": "images/chart.png"},
                                                   {"type": "text", "text": "这张柱状图反映了什么趋势？"}]},
                      {"role": "assistant", "content": "数值总体上升，2024年最高。"}]},
        {"messages": [{"role": "user", "content": [{"type": "image", "image": "images/sign.png"},
                                                   {"type": "text", "text": "请识别图中的文字。"}]},
                      {"role": "assistant", "content": "OPEN DAILY 9:00 - 17:00"}]},
        {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "images/house1.png"}},
                                                   {"type": "text", "text": "Write a short poem inspired by "
                                                                            "this picture."}]},
                      {"role": "assistant", "content": "A red house waits / beneath a patient sun."}]},
        {"messages": [{"role": "user", "content": "Describe the image."},
                      {"role": "assistant", "content": "   "}]},
    ]
    files["sft/chat.jsonl"] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chat).encode()
    files["sft/shard-000000.tar"] = tar_bytes([
        ("conv-0001.png", encode(picture(3))),
        ("conv-0001.json", json.dumps({"image": "conv-0001.png", "conversations": _turns(
            "<image>\nWhat is the weather like in this picture, sunny or rainy?", "Sunny: the sun is out.")}).encode()),
        ("conv-0002.png", encode(picture(4))),
        ("conv-0002.json", json.dumps({"image": "conv-0002.png", "conversations": _turns(
            "<image>\nHow many houses are in the picture?", "One.")}).encode()),
    ])
    return files
