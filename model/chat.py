"""``python -m model.chat --checkpoint RUN/stage3/checkpoint.pt --image a.png "question"``: a greedy answer.

Loads the checkpoint's model and the tokenizer saved beside it, puts the question in the chat
template after the image(s), and appends the most likely token until end-of-sentence or
``--max-new-tokens``. The prompt (images included) runs once; each new token then attends to the
layers' cached keys and values (`model.llm.KVCache`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import torch

from model.config import VLMConfig
from model.llm import KVCache
from model.processor import Processor
from model.tokenizer import Tokenizer
from model.vlm import VLM
from shards.sample import Sample


def load(checkpoint: str | Path) -> tuple[VLM, Tokenizer]:
    state = torch.load(checkpoint, map_location="cpu", weights_only=False)
    model = VLM(VLMConfig.from_dict(state["config"]))
    model.load_state_dict(state["model"])
    return model.eval(), Tokenizer.from_file(Path(checkpoint).parent / "tokenizer.json")


@torch.no_grad()
def answer(model: VLM, tokenizer: Tokenizer, question: str, images: list[bytes], max_new_tokens: int = 64) -> str:
    processor = Processor(tokenizer, model.config, model.config.llm.max_positions)
    prompt = "".join("<image>" for _ in images) + "\n" + question
    example = processor.example(Sample("chat", "sft", images=images,
                                       conversation=[{"role": "user", "content": prompt}]))
    ids = example.ids + tokenizer.encode("Assistant: ")
    low, high = processor.pixels(example.images)
    cache = KVCache(model.config.llm.layers)
    logits = model(torch.tensor([ids]), processor.image_id, low, high, cache=cache)
    out: list[int] = []
    for step in range(max_new_tokens):
        if step:
            logits = model(torch.tensor([out[-1:]]), processor.image_id, cache=cache)
        logits[0, -1, processor.image_id] = float("-inf")  # no image follows: the forward would refuse the id
        token = int(logits[0, -1].argmax())
        if token == processor.eos_id:
            break
        out.append(token)
    return tokenizer.decode(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m model.chat", description=__doc__.split("\n\n")[0])
    parser.add_argument("question", help="what to ask")
    parser.add_argument("--checkpoint", required=True, help="a checkpoint.pt from python -m model.train")
    parser.add_argument("--image", action="append", default=[], help="an image to ask about; repeat for more")
    parser.add_argument("--max-new-tokens", type=int, default=64, help="answer length cap (default 64)")
    args = parser.parse_args(argv)
    model, tokenizer = load(args.checkpoint)
    print(answer(model, tokenizer, args.question, [Path(p).read_bytes() for p in args.image], args.max_new_tokens))
    return 0


if __name__ == "__main__":
    sys.exit(main())
