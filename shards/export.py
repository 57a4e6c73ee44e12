"""``python -m shards.export``: a build's SFT samples for other SFT trainers (LLaMA-Factory, ms-swift, TRL,
LLaVA).

- ``--format llava``: ``llava.json`` (one record per sample: ``id``, ``images`` (paths relative to the
  file, always a list, as LLaMA-Factory and ms-swift read them), ``image`` (the path, only when there is
  exactly one: LLaVA's own loader reads one image a record), ``conversations`` of ``{"from": "human" |
  "gpt", "value"}`` with one ``<image>`` per image, alternating as those readers need (`alternating`: turns of
  one role in a row joined, a last unanswered question left out), ``system`` when the sample has one) beside
  an ``images/`` folder, plus ``dataset_info.json`` declaring it for LLaMA-Factory (sharegpt formatting).
  Each field keeps one type in every record, so ``datasets.load_dataset("json", ...)`` reads the file.
- ``--format messages``: Parquet files ``train-00000.parquet``... with ``messages`` (``{"role", "content"}``,
  content a list of ``{"type": "text", "text"}`` and ``{"type": "image"}`` parts, as processors' chat
  templates and TRL take them) and ``images`` (the images embedded, in order, as ``datasets`` Image
  structs ``{"bytes", "path"}``), loadable with ``datasets.load_dataset("parquet", ...)``.

``--captions`` adds the build's captions as single-turn samples (the image, optionally with
``--caption-prompt``, answered by its caption). Images keep their stored bytes. Every path goes through
Beam's FileSystems, so ``--output`` may be ``gs://...``. A sample whose ``<image>`` markers do not match
its images is refused, never written (the build's SFT reader already guarantees it).
"""

from __future__ import annotations

import argparse
import io
import json
import re
from typing import Iterator

from apache_beam.io.filesystems import FileSystems

from shards.manifest import join
from shards.reader import read_samples
from shards.sample import Sample, image_extension
from shards.writer import replace, write_whole

MARKER = "<image>"
LLAVA_ROLES = {"user": "human", "assistant": "gpt"}
_MARKER_SPLIT = re.compile(f"({re.escape(MARKER)})")


def sft_samples(build: str, captions: bool = False, caption_prompt: str = "") -> Iterator[Sample]:
    """The build's ``sft`` samples, then (with ``captions``) its captions as one-turn SFT samples."""
    yield from read_samples(build, kinds=["sft"])
    if captions:
        for sample in read_samples(build, kinds=["caption"]):
            prompt = (MARKER * len(sample.images) + "\n" + caption_prompt).rstrip("\n")
            yield Sample(sample.key, "sft", images=sample.images, meta=sample.meta,
                         conversation=[{"role": "user", "content": prompt},
                                       {"role": "assistant", "content": sample.text or ""}])


def checked(sample: Sample) -> Sample:
    """The sample, once its markers are known to be its images, one for one."""
    markers = sum(turn["content"].count(MARKER) for turn in sample.conversation or [])
    if markers != len(sample.images) or not sample.conversation:
        raise ValueError(f"sample {sample.key}: {markers} {MARKER} markers for {len(sample.images)} images")
    return sample


def image_names(sample: Sample) -> list[str]:
    return [f"{sample.key}.{i}.{image_extension(data)}" for i, data in enumerate(sample.images)]


def llava_record(sample: Sample, folder: str = "images") -> dict:
    """One LLaVA / LLaMA-Factory sharegpt record; image paths relative to the JSON file."""
    paths = [f"{folder}/{name}" for name in image_names(sample)]
    record: dict = {"id": sample.key, "images": paths}
    if len(paths) == 1:
        record["image"] = paths[0]
    turns = list(sample.conversation)
    if turns[0]["role"] == "system":
        record["system"] = turns.pop(0)["content"]
    record["conversations"] = [{"from": LLAVA_ROLES[t["role"]], "value": t["content"]} for t in alternating(turns)]
    if "taxonomy" in sample.meta:
        record["taxonomy"] = sample.meta["taxonomy"].get("path")
    return record


def alternating(turns: list[dict]) -> list[dict]:
    """User and assistant ``turns`` (no system turn) as LLaVA's and LLaMA-Factory's sharegpt readers take them:
    a user turn, then an answer, in turn, ending on an answer. Turns of one role in a row are one turn (their
    texts a blank line apart) and a last question nobody answers, which teaches nothing, is left out where it
    holds no image: LLaVA's preprocessing asserts the roles alternate (a crash mid-epoch) and LLaMA-Factory skips
    such a record with a warning ("Invalid role tag", "Invalid message count"). A record that still does
    not alternate (it opens with an answer) is written as it is and counted (`write_llava`)."""
    merged: list[dict] = []
    for turn in turns:
        if merged and merged[-1]["role"] == turn["role"]:
            merged[-1] = {**merged[-1], "content": f"{merged[-1]['content']}\n\n{turn['content']}"}
        else:
            merged.append(turn)
    if len(merged) > 1 and merged[-1]["role"] == "user" and MARKER not in merged[-1]["content"]:
        merged.pop()
    return merged


def _sharegpt_ready(turns: list[dict]) -> bool:
    """Whether a record's conversation alternates from a question to an answer, as LLaMA-Factory reads it."""
    return len(turns) % 2 == 0 and all(t["from"] == ("human", "gpt")[k % 2] for k, t in enumerate(turns))


def message_row(sample: Sample) -> dict:
    """One messages-format row: typed content parts, images embedded in order."""
    messages = []
    for turn in sample.conversation:
        parts = []
        for piece in _MARKER_SPLIT.split(turn["content"]):
            if piece == MARKER:
                parts.append({"type": "image", "text": None})
            elif piece:
                parts.append({"type": "text", "text": piece})
        messages.append({"role": turn["role"], "content": parts})
    images = [{"bytes": data, "path": name} for data, name in zip(sample.images, image_names(sample))]
    return {"id": sample.key, "messages": messages, "images": images}


# datasets reads these features from the Parquet schema's metadata, so images decode to PIL
_HF_FEATURES = {
    "id": {"dtype": "string", "_type": "Value"},
    "messages": {"_type": "List", "feature": {
        "role": {"dtype": "string", "_type": "Value"},
        "content": {"_type": "List", "feature": {"type": {"dtype": "string", "_type": "Value"},
                                                 "text": {"dtype": "string", "_type": "Value"}}}}},
    "images": {"_type": "List", "feature": {"_type": "Image"}},
}


def _schema():
    import pyarrow as pa

    part = pa.struct([("type", pa.string()), ("text", pa.string())])
    message = pa.struct([("role", pa.string()), ("content", pa.list_(part))])
    image = pa.struct([("bytes", pa.binary()), ("path", pa.string())])
    schema = pa.schema([("id", pa.string()), ("messages", pa.list_(message)), ("images", pa.list_(image))])
    return schema.with_metadata({"huggingface": json.dumps({"info": {"features": _HF_FEATURES}})})


def write_llava(samples, output: str) -> dict[str, int]:
    """``output/llava.json``, ``output/images/`` and ``output/dataset_info.json``; returns counts."""
    count = images = unready = 0
    with FileSystems.create(join(output, "llava.json.partial")) as f:
        f.write(b"[\n")
        for sample in samples:
            sample = checked(sample)
            for name, data in zip(image_names(sample), sample.images):
                with FileSystems.create(join(output, "images", name)) as image:
                    image.write(data)
                images += 1
            if count:
                f.write(b",\n")
            record = llava_record(sample)
            unready += not _sharegpt_ready(record["conversations"])
            f.write(json.dumps(record, ensure_ascii=False).encode("utf-8"))
            count += 1
        f.write(b"\n]\n")
    replace(join(output, "llava.json.partial"), join(output, "llava.json"))
    info = {"vlbuild_sft": {"file_name": "llava.json", "formatting": "sharegpt",
                            "columns": {"messages": "conversations", "images": "images", "system": "system"},
                            "tags": {"role_tag": "from", "content_tag": "value", "user_tag": "human",
                                     "assistant_tag": "gpt"}}}
    write_whole(join(output, "dataset_info.json"), json.dumps(info, indent=2).encode())
    return {"samples": count, "images": images, "not_alternating": unready}


def write_messages(samples, output: str, rows_per_file: int = 5000) -> dict[str, int]:
    """``output/train-NNNNN.parquet``, ``rows_per_file`` rows each (row groups of 256); returns counts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema, count, files, rows = _schema(), 0, [], []

    def flush():
        path = join(output, f"train-{len(files):05d}.parquet")
        buffer = io.BytesIO()
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), buffer, row_group_size=256)
        files.append(write_whole(path, buffer.getvalue()))
        rows.clear()

    for sample in samples:
        rows.append(message_row(checked(sample)))
        count += 1
        if len(rows) >= rows_per_file:
            flush()
    if rows or not files:
        flush()
    return {"samples": count, "files": len(files)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shards.export", description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default="out", help="a build's output folder (its manifest.json), local or gs://")
    parser.add_argument("--output", required=True, help="folder to write the export to, local or gs://")
    parser.add_argument("--format", choices=("llava", "messages"), required=True,
                        help="llava: LLaVA JSON + images/ (+ LLaMA-Factory dataset_info.json); messages: HF "
                             "messages-format Parquet with embedded images (TRL, ms-swift, datasets)")
    parser.add_argument("--captions", action="store_true",
                        help="add the build's captions as single-turn samples (image -> caption)")
    parser.add_argument("--caption-prompt", default="", help="the user turn's text after a caption's image "
                                                             "(default: none, the image alone)")
    parser.add_argument("--rows-per-file", type=int, default=5000, help="messages: rows per Parquet file")
    args = parser.parse_args(argv)
    samples = sft_samples(args.build, args.captions, args.caption_prompt)
    if args.format == "llava":
        counts = write_llava(samples, args.output)
    else:
        counts = write_messages(samples, args.output, args.rows_per_file)
    print(f"export: {counts['samples']} samples as {args.format} in {args.output}")
    if counts.get("not_alternating"):
        print(f"export: {counts['not_alternating']} of them open with an answer, not a question: LLaVA's "
              f"preprocessing and LLaMA-Factory's sharegpt reader refuse such records")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
