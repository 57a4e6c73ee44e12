"""The use-case taxonomy as typed, validated objects, and the comparison of two versions.

The tree lives in a data file (``taxonomy/tree.yaml``, or a user's own) with nested ``children``;
the spreadsheet form is flat rows with a ``parent`` column. Both load into the same `Taxonomy`.
Labels refer to node ids only, so a rename keeps every label; `changes` says what an edit did.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Iterable

import yaml

DEFAULT_TREE = Path(__file__).resolve().parent / "tree.yaml"
UNMAPPED = "unmapped"
FIELDS = ("id", "parent", "en", "zh", "description", "examples", "examples_zh")


@dataclasses.dataclass
class Node:
    id: str
    en: str
    zh: str = ""
    description: str = ""
    examples: list[str] = dataclasses.field(default_factory=list)
    examples_zh: list[str] = dataclasses.field(default_factory=list)
    parent: str | None = None
    children: list[str] = dataclasses.field(default_factory=list)


class TaxonomyError(ValueError):
    """The tree is not valid: duplicate ids, orphans, cycles or empty names (all listed)."""


class Taxonomy:
    """Nodes by id, in file order; leaves are the labels a sample can get."""

    def __init__(self, nodes: Iterable[Node], version: int | str = 1, name: str = "taxonomy"):
        self.version, self.name = version, name
        self.nodes: dict[str, Node] = {}
        problems = []
        for node in nodes:
            if node.id in self.nodes:
                problems.append(f"duplicate id {node.id!r}")
            elif not node.id or node.id == UNMAPPED or "/" in node.id:
                problems.append(f"bad id {node.id!r} (empty, '{UNMAPPED}' or containing '/')")
            elif not node.en.strip():
                problems.append(f"node {node.id!r} has no English name")
            self.nodes.setdefault(node.id, node)
        for node in self.nodes.values():
            node.children = []
        for node in self.nodes.values():
            if node.parent is not None:
                if node.parent not in self.nodes:
                    problems.append(f"node {node.id!r} is an orphan: parent {node.parent!r} does not exist")
                else:
                    self.nodes[node.parent].children.append(node.id)
        for node in self.nodes.values():
            seen = set()
            while node.parent in self.nodes and node.id not in seen:
                seen.add(node.id)
                node = self.nodes[node.parent]
            if node.id in seen:
                problems.append(f"node {node.id!r} is in a cycle")
                break
        if problems:
            raise TaxonomyError("invalid taxonomy: " + "; ".join(problems))

    def path(self, node_id: str) -> str:
        """Node ids from the main category down to ``node_id``, joined by ``/``."""
        ids = []
        node = self.nodes.get(node_id)
        while node is not None:
            ids.append(node.id)
            node = self.nodes.get(node.parent) if node.parent else None
        return "/".join(reversed(ids))

    def leaves(self) -> list[Node]:
        return [n for n in self.nodes.values() if not n.children]

    def mains(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.parent is None]

    def leaf_for(self, label: str) -> Node | None:
        """The leaf a label names: its id or its full path (as reviewers and label files write it)."""
        node = self.nodes.get(label.strip().rsplit("/", 1)[-1]) if label else None
        if node is None or node.children or (("/" in label) and self.path(node.id) != label.strip()):
            return None
        return node

    def level(self, path: str, depth: int) -> str:
        """The first ``depth`` ids of a path (1: main category, 2: secondary or a leaf above it)."""
        return "/".join(path.split("/")[:depth])

    def rows(self) -> list[dict]:
        """Flat rows (`FIELDS`), parents before children: the spreadsheet form."""
        return [{"id": n.id, "parent": n.parent or "", "en": n.en, "zh": n.zh, "description": n.description,
                 "examples": "\n".join(n.examples), "examples_zh": "\n".join(n.examples_zh)}
                for n in self.nodes.values()]

    def to_yaml(self) -> str:
        def nested(node_id):
            n = self.nodes[node_id]
            body = {"id": n.id, "en": n.en, "zh": n.zh, "description": n.description}
            if n.children:
                body["children"] = [nested(c) for c in n.children]
            else:
                body.update(examples=n.examples, examples_zh=n.examples_zh)
            return body
        data = {"version": self.version, "name": self.name, "nodes": [nested(m.id) for m in self.mains()]}
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


def load(path: str | Path | None = None) -> Taxonomy:
    """The tree in a YAML file (nested ``children``), the bundled one by default."""
    return parse(Path(path or DEFAULT_TREE).read_text(encoding="utf-8"))


def parse(text: str) -> Taxonomy:
    """The tree in YAML text (nested ``children``)."""
    data = yaml.safe_load(text) or {}
    nodes: list[Node] = []

    def walk(items, parent):
        for item in items or []:
            nodes.append(_node(item, parent))
            walk(item.get("children"), str(item.get("id", "")))

    walk(data.get("nodes"), None)
    return Taxonomy(nodes, data.get("version", 1), data.get("name", "taxonomy"))


def from_rows(rows: Iterable[dict], version: int | str = 1, name: str = "taxonomy") -> Taxonomy:
    """The tree from flat rows (a spreadsheet's Taxonomy sheet): ``id``, ``parent``, names, texts."""
    return Taxonomy([_node(r, (str(r.get("parent") or "").strip() or None)) for r in rows
                     if str(r.get("id") or "").strip()], version, name)


def _node(item: dict, parent: str | None) -> Node:
    def lines(value):
        return [s.strip() for s in (value.split("\n") if isinstance(value, str) else value or []) if s.strip()]

    return Node(id=str(item.get("id") or "").strip(), en=str(item.get("en") or ""), zh=str(item.get("zh") or ""),
                description=str(item.get("description") or ""), examples=lines(item.get("examples")),
                examples_zh=lines(item.get("examples_zh")), parent=parent)


@dataclasses.dataclass
class Changes:
    added: list[str]
    removed: list[str]
    renamed: list[tuple[str, str, str]]  # (id, old English name, new English name)
    moved: list[tuple[str, str, str]]  # (id, old path, new path)

    def lines(self, labelled: dict[str, list[str]] | None = None) -> list[str]:
        """Readable report; ``labelled`` maps a node id to the sample keys still labelled with it."""
        out = [f"added: {i}" for i in self.added]
        out += [f"renamed: {i} ({a!r} -> {b!r}, id kept)" for i, a, b in self.renamed]
        out += [f"moved: {i} ({a} -> {b})" for i, a, b in self.moved]
        for i in self.removed:
            keys = (labelled or {}).get(i, [])
            out.append(f"removed: {i}" + (f"; {len(keys)} samples still labelled with it: {', '.join(keys[:10])}"
                                           if keys else ""))
        return out


def changes(old: Taxonomy, new: Taxonomy) -> Changes:
    """What an edit did, by id: a node whose name changed is renamed, not removed and added."""
    renamed = [(i, old.nodes[i].en, new.nodes[i].en) for i in old.nodes
               if i in new.nodes and old.nodes[i].en != new.nodes[i].en]
    moved = [(i, old.path(i), new.path(i)) for i in old.nodes if i in new.nodes and old.path(i) != new.path(i)]
    return Changes(added=[i for i in new.nodes if i not in old.nodes],
                   removed=[i for i in old.nodes if i not in new.nodes], renamed=renamed, moved=moved)
