"""From a shard `Sample` to token ids, labels and pixels: image transforms, chat template, label masking.

Images: the longest side is resized to the branch's size and the rest padded to a square with the
branch's mean colour; SigLIP pixels are normalised with mean = std = 0.5, SAM's with CLIP's mean/std.
OpenCV decodes and resizes (about twice PIL's speed on document pages, which decide how fast the
loader is); an image is decoded once for both branches.
Text: each image is one placeholder expanded to `VLMConfig.image_tokens` image-token ids. SFT uses
the chat template ``User: ...\\n\\nAssistant: ...<eos>`` and supervises only the answers and their
end-of-sentence tokens; pretraining kinds supervise all their text (an interleaved figure's caption
right after its image, as the energon and HF readers order it). Image tokens and the prompt are
never supervised (label -100). Text is tokenized as text: a special token's string in it is not its id.
"""

from __future__ import annotations

import dataclasses

import torch
import cv2
import numpy as np

from model.config import VLMConfig
from model.tokenizer import BOS, EOS, IMAGE, PAD, Tokenizer
from shards.sample import Sample

IGNORE = -100
SIGLIP_MEAN = SIGLIP_STD = (0.5, 0.5, 0.5)
CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
MARKER = "<image>"


@dataclasses.dataclass(frozen=True)
class Batch:
    """What the loader yields for one forward pass (``collate``'s output).

    ids, labels: [B, T] int64; labels are IGNORE where nothing is supervised, and the trainer shifts
    them for next-token loss. low: SigLIP pixels [images, 3, S, S] of the batch's images in order of
    appearance ([0, 3, S, S] when there are none); high: SAM's [images, 3, S', S'] (None: SigLIP
    only). doc_ids: [B, T] document index per packed position, -1 on padding (None: unpacked).
    """

    ids: torch.Tensor
    labels: torch.Tensor
    low: torch.Tensor
    high: torch.Tensor | None = None
    doc_ids: torch.Tensor | None = None

    def to(self, device: torch.device | str) -> "Batch":
        """The same batch on ``device``."""
        moved = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return Batch(**{name: t.to(device) if t is not None else None for name, t in moved.items()})

    @property
    def supervised(self) -> int:
        """Positions with a next-token target, the loss's denominator (labels[:, 1:] not IGNORE)."""
        return int((self.labels[:, 1:] != IGNORE).sum())


@dataclasses.dataclass
class Example:
    ids: list[int]
    labels: list[int]
    images: list[bytes]  # encoded, decoded when the batch is collated
    kind: str

    @property
    def multimodal(self) -> bool:
        return bool(self.images)


def decode(data: bytes, max_side: int) -> np.ndarray:
    """RGB pixels [h, w, 3] uint8 of PNG/JPEG/WebP bytes, shrunk to at most ``max_side`` (the largest
    branch's size) before the colour conversion, so neither step pays for pixels thrown away."""
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError("image bytes that OpenCV cannot decode")
    if max(image.shape[:2]) > max_side:
        image = fit(image, max_side)
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


def fit(image: np.ndarray, size: int) -> np.ndarray:
    """Longest side to ``size``: area averaging when shrinking, bicubic when growing.

    A large shrink first averages whole k x k blocks (OpenCV's fast path: a 1024 px page to 128 px
    costs a third of one general area resize); the edge rows and columns that do not fill a block
    (fewer than k, under one output pixel) are left out.
    """
    h, w = image.shape[:2]
    k = max(h, w) // size
    if k >= 2 and min(h, w) >= k:
        image = cv2.resize(image[:h // k * k, :w // k * k], (w // k, h // k), interpolation=cv2.INTER_AREA)
        h, w = image.shape[:2]
    scale = size / max(w, h)
    if scale == 1:
        return image
    nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
    return cv2.resize(image, (nw, nh), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)


def square(image: np.ndarray, size: int, mean: tuple[float, float, float]) -> np.ndarray:
    """Longest side to ``size``, padded to a square with the mean colour, the image centred."""
    image = fit(image, size)
    nh, nw = image.shape[:2]
    canvas = np.empty((size, size, 3), np.uint8)
    canvas[:] = [round(m * 255) for m in mean]
    top, left = (size - nh) // 2, (size - nw) // 2
    canvas[top:top + nh, left:left + nw] = image
    return canvas


def normalise(squares: list[np.ndarray], size: int, mean, std) -> torch.Tensor:
    """[n, 3, size, size] float pixels of same-size uint8 RGB squares, normalised as one batch."""
    if not squares:
        return torch.zeros(0, 3, size, size)
    x = torch.from_numpy(np.stack(squares)).permute(0, 3, 1, 2).float().div_(255.0)
    return x.sub_(torch.tensor(mean)[:, None, None]).div_(torch.tensor(std)[:, None, None])


class Processor:
    def __init__(self, tokenizer: Tokenizer, config: VLMConfig, seq_len: int):
        self.tokenizer, self.config, self.seq_len = tokenizer, config, seq_len
        self.image_id, self.eos_id = tokenizer.id(IMAGE), tokenizer.id(EOS)
        self.bos_id, self.pad_id = tokenizer.id(BOS), tokenizer.id(PAD)

    def pixels(self, encoded: list[bytes]) -> tuple[torch.Tensor, torch.Tensor | None]:
        """The SigLIP batch [n, 3, S, S] and, for the hybrid, the SAM batch [n, 3, S', S']."""
        c = self.config
        # decoded once for both branches, at most the larger one's size: SigLIP's is shrunk from it
        images = [decode(b, c.sam.image_size if c.hybrid else c.siglip.image_size) for b in encoded]
        low = normalise([square(i, c.siglip.image_size, SIGLIP_MEAN) for i in images], c.siglip.image_size,
                        SIGLIP_MEAN, SIGLIP_STD)
        if not c.hybrid:
            return low, None
        size = c.sam.image_size
        high = normalise([square(i, size, CLIP_MEAN) for i in images], size, CLIP_MEAN, CLIP_STD)
        return low, high

    def example(self, sample: Sample) -> Example:
        """The sample's tokens and labels (truncated to the sequence length, never inside an image)."""
        images = sample.images
        parts = self._parts(sample)
        ids, labels, used = [self.bos_id], [IGNORE], []
        for part, supervised in parts:
            if isinstance(part, int):  # an image
                n = self.config.image_tokens
                if len(ids) + n > self.seq_len or part >= len(images):
                    break
                ids += [self.image_id] * n
                labels += [IGNORE] * n
                used.append(images[part])
                continue
            tokens = self.tokenizer.encode(part) if isinstance(part, str) else [part[0]]
            ids += tokens
            labels += tokens if supervised else [IGNORE] * len(tokens)
        return Example(ids[:self.seq_len], labels[:self.seq_len], used, sample.kind)

    def _parts(self, sample: Sample) -> list[tuple[object, bool]]:
        """(text, image index or (special id,)) pieces in order, each with whether it is supervised."""
        eos = ((self.eos_id,), True)
        if sample.kind == "sft":
            return self._chat(sample.conversation or [])
        if sample.kind == "interleaved" and sample.segments:
            parts = []
            for seg in sample.segments:
                if "image" in seg:
                    parts.append((int(seg["image"]), False))
                    if seg.get("caption"):  # moved out of the text by the source: it follows its image, as in
                        parts.append((seg["caption"] + "\n", True))  # the energon and HF readers
                elif seg.get("text"):
                    parts.append((seg["text"] + "\n", True))
            return parts + [eos]
        return [(i, False) for i in range(len(sample.images))] + [(sample.text or "", True), eos]

    def _chat(self, turns: list[dict]) -> list[tuple[object, bool]]:
        parts: list[tuple[object, bool]] = []
        image = 0
        for turn in turns:
            role, content = turn["role"], turn["content"]
            if role == "assistant":
                parts += [("Assistant: ", False), (content, True), ((self.eos_id,), True)]
                continue
            parts.append(("User: " if role == "user" else "", False))
            pieces = content.split(MARKER)
            for i, piece in enumerate(pieces):
                if i:
                    parts.append((image, False))
                    image += 1
                if piece.strip("\n"):
                    parts.append((piece.strip("\n"), False))
            parts.append(("\n\n", False))
        return parts


def collate(examples: list[Example], processor: Processor, pack: bool = False) -> Batch:
    """The examples' `Batch`: one row each, or with ``pack`` rows of ``seq_len`` filled in order (an
    example that does not fit starts the next row), with ``doc_ids``."""
    images = [img for e in examples for img in e.images]
    low, high = processor.pixels(images)
    if pack:
        rows, row, doc_rows, docs = [], ([], []), [], []
        for n, e in enumerate(examples):
            if row[0] and len(row[0]) + len(e.ids) > processor.seq_len:
                rows.append(row)
                doc_rows.append(docs)
                row, docs = ([], []), []
            row[0].extend(e.ids)
            row[1].extend(e.labels)
            docs.extend([n] * len(e.ids))
        rows.append(row)
        doc_rows.append(docs)
        width = processor.seq_len
        pad = lambda seq, value: seq + [value] * (width - len(seq))  # noqa: E731
        return Batch(torch.tensor([pad(r[0], processor.pad_id) for r in rows]),
                     torch.tensor([pad(r[1], IGNORE) for r in rows]), low, high,
                     torch.tensor([pad(d, -1) for d in doc_rows]))
    width = max(len(e.ids) for e in examples)
    return Batch(torch.tensor([e.ids + [processor.pad_id] * (width - len(e.ids)) for e in examples]),
                 torch.tensor([e.labels + [IGNORE] * (width - len(e.ids)) for e in examples]), low, high)
