"""Megatron-Energon sample loaders for vlbuild's kind folders.

This file is copied as it is into ``<kind>/.nv-meta/sample_loader.py`` of a build, where energon loads
it by path (``sample_loader: sample_loader.py:conversation_sample`` in ``dataset.yaml``); it must import
nothing but the standard library, since the reader need not have vlbuild installed. Energon has already
decoded the parts when a loader runs: ``raw["json"]`` is the sample's record (`shards.sample.Sample`'s
JSON) and ``raw["0.png"]``... are image tensors. A sample whose target disagrees with its images raises,
so energon's error handler drops it rather than train on it.
"""

MARKER = "<image>"
# Megatron-LM's LLaVA-style SFT encoder reads turns as {"from": "human" | "gpt", "value": ...}
ROLES = {"user": "human", "assistant": "gpt", "system": "system"}


def _images(raw):
    return [raw[name] for name in raw["json"]["images"]]


def interleaved_sample(raw):
    """`InterleavedSample`: text and images in reading order; an image's caption follows it."""
    images, sequence = _images(raw), []
    for segment in raw["json"]["segments"] or []:
        if "image" in segment:
            sequence.append(images[segment["image"]])
            if segment.get("caption"):
                sequence.append(segment["caption"])
        elif segment.get("text"):
            sequence.append(segment["text"])
    return dict(sequence=sequence)


def conversation_sample(raw):
    """`SimilarityInterleavedSample` as Megatron-LM's SFT encoder reads it: ``images`` in order and
    ``texts`` the turns, one ``<image>`` marker per image. A sample without a conversation (web code:
    screenshots and their HTML) is one turn holding its images, answered by its text."""
    body, images = raw["json"], _images(raw)
    turns = body["conversation"] or [{"role": "user", "content": (MARKER + "\n") * len(images)},
                                     {"role": "assistant", "content": body["text"] or ""}]
    markers = sum(turn["content"].count(MARKER) for turn in turns)
    if markers != len(images):
        raise ValueError(f"sample {body['key']}: {markers} {MARKER} markers for {len(images)} images")
    return dict(images=images, texts=[{"from": ROLES[turn["role"]], "value": turn["content"]} for turn in turns])


def part_filter(part):
    """Every part: the record and all of its images."""
    return True
