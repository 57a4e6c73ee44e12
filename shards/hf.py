"""Hugging Face ``datasets`` reads a build's kind folders as they are, through a dataset card.

The Hub's ``webdataset`` builder guesses a folder's columns from its first five samples and fails when
they differ, which a build's do: images are stored as PNG, JPEG or WebP (``0.png`` here, ``0.jpg``
there), samples hold different numbers of images, and ``meta`` varies by source. So each kind folder
gets a ``README.md`` whose YAML header (a Hub dataset card) declares the columns once: ``json`` (the
sample's record: key, kind, text, segments, conversation, image names, and meta's source, uri and
locator) and one image column per image member name found in the folder's shards. Then

    datasets.load_dataset("out/sft")                    # the folder, read with its card
    datasets.load_dataset("webdataset", data_files={"train": "out/sft/*.tar"},
                          features=shards.hf.features("out/sft"))

both give decoded images (PIL) and targets; a sample's images are the columns its ``json.images`` names
(the others are None). Uploading the folder to the Hub gives the same. No ``datasets`` at build time.
"""

from __future__ import annotations

import re

import yaml
from apache_beam.io.filesystems import FileSystems

from shards.manifest import join
from shards.writer import write_whole

CARD = "README.md"
_STRING = {"dtype": "string"}
# the record's fields a reader trains on; the rest of meta differs by source and stays in the shards
RECORD = [
    {"name": "key", **_STRING},
    {"name": "kind", **_STRING},
    {"name": "text", **_STRING},
    {"name": "segments", "list": [{"name": "text", **_STRING}, {"name": "image", "dtype": "int64"},
                                  {"name": "caption", **_STRING}]},
    {"name": "conversation", "list": [{"name": "role", **_STRING}, {"name": "content", **_STRING}]},
    {"name": "images", "list": "string"},
    {"name": "meta", "struct": [{"name": "source", **_STRING}, {"name": "uri", **_STRING},
                                {"name": "locator", **_STRING}]},
]
_IMAGE_PART = re.compile(r"^(\d+)\.(png|jpg|webp)$")


def image_columns(part_names) -> list[str]:
    """The image member names among a folder's part names, in image order (``0.jpg, 0.png, 1.png``)."""
    found = [(int(m.group(1)), m.group(2)) for m in map(_IMAGE_PART.match, part_names) if m]
    return [f"{i}.{ext}" for i, ext in sorted(set(found))]


def card_header(kind: str, part_names) -> dict:
    """The dataset card's YAML header for a kind folder whose shards hold ``part_names``."""
    features = ([{"name": "__key__", **_STRING}, {"name": "json", "struct": RECORD}]
                + [{"name": column, "dtype": "image"} for column in image_columns(part_names)])
    return {"configs": [{"config_name": "default", "data_files": [{"split": "train", "path": f"{kind}-*.tar"}]}],
            "dataset_info": {"features": features}}


def write_card(output: str, kind: str, part_names) -> str:
    """Write ``output/kind/README.md``; returns its path."""
    columns = image_columns(part_names)
    body = (f"# {kind}\n\n`{kind}` samples built by vlbuild, as WebDataset shards. `json` is each sample's "
            f"record; its `images` names the image columns it uses ({', '.join(columns) or 'none here'}), in "
            "order. Load with `datasets.load_dataset(\"<this folder>\")`.\n")
    header = yaml.safe_dump(card_header(kind, part_names), sort_keys=False)
    return write_whole(join(output, kind, CARD), f"---\n{header}---\n{body}".encode("utf-8"))


def features(folder: str):
    """The `datasets.Features` a kind folder's card declares, for ``load_dataset("webdataset", ...)``."""
    import datasets

    with FileSystems.open(join(folder, CARD)) as f:
        text = f.read().decode("utf-8")
    header = yaml.safe_load(text.split("---\n")[1])
    return datasets.Features._from_yaml_list(header["dataset_info"]["features"])


def write_cards(output: str) -> list[str]:
    """A card for every kind folder of the build in ``output``, from its shards' tar headers."""
    from shards.energon import index_shard
    from shards.manifest import read_manifest

    parts: dict[str, set[str]] = {}
    for shard in read_manifest(output)["shards"]:
        parts.setdefault(shard["kind"], set()).update(index_shard(output, shard["path"]).part_names)
    return [write_card(output, kind, names) for kind, names in sorted(parts.items())]


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        raise SystemExit("usage: python -m shards.hf OUTPUT   (writes a dataset card in each kind folder)")
    for path in write_cards(sys.argv[1]):
        print(path)
