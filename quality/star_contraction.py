"""Connected components of the duplicate graph, as steps a Beam pipeline runs a fixed number of times.

Kiveris et al., "Connected Components in MapReduce and Beyond" (SoCC 2014): alternating
large-star and small-star steps turn every component into a star around its smallest node
in O(log^2 n) rounds; each step groups the edges by node (one GroupByKey). A pipeline cannot
loop until done, so after a fixed number of rounds the edges at nodes that are not yet in
star shape ("unsettled") are merged with a union-find. When every node is settled each
component is a star and nothing is left; otherwise only the unsettled part is gathered, and
the result is exact on any input.
"""

from __future__ import annotations

from typing import Iterable, Iterator

Edge = tuple[str, str]


def both_ways(edge: Edge) -> Iterator[Edge]:
    u, v = edge
    if u != v:
        yield u, v
        yield v, u


def large_star(node: str, neighbours: Iterable[str]) -> Iterator[Edge]:
    """Connect every larger neighbour of ``node`` to the smallest of node and its neighbours."""
    near = set(neighbours)
    low = min(near | {node})
    for v in near:
        if v > node:
            yield v, low


def small_star(node: str, neighbours: Iterable[str]) -> Iterator[Edge]:
    """Connect ``node`` and its smaller neighbours to the smallest of them."""
    smaller = {v for v in neighbours if v < node} | {node}
    low = min(smaller)
    for v in smaller:
        if v != low:
            yield v, low


def settle(node: str, neighbours: Iterable[str]) -> tuple[str, str, bool]:
    """(node, smallest of node and its neighbours, settled). A node is settled when it is a centre
    (every neighbour larger) or a leaf (one neighbour, smaller). When every node is, components are stars."""
    near = set(neighbours)
    low = min(near | {node})
    return node, low, low == node or len(near) == 1


class UnionFind:
    """Union-find whose representative is always the smallest member."""

    def __init__(self, edges: Iterable[Edge] = ()):
        self.parent: dict[str, str] = {}
        for u, v in edges:
            self.union(u, v)

    def find(self, x: str) -> str:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while x != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def bucket_pairs(items: list[tuple[str, object]], similar, max_bucket: int) -> Iterator[tuple[str, str, object]]:
    """Pairs of one LSH bucket that ``similar(a, b)`` confirms (it returns a score, or None): every
    pair in a bucket of up to ``max_bucket`` distinct keys; in a larger one (a common boilerplate
    band, a logo on many pages) each item against the ``max_bucket`` before it in key order, so
    work stays linear and a chain of copies still joins up, but a similar pair further apart is
    not compared here: the caller counts such buckets (`NearEdgesFn`) so the loss is never silent."""
    unique = sorted(dict(items).items())
    for i, (key, value) in enumerate(unique):
        for other, other_value in unique[max(0, i - max_bucket):i]:
            score = similar(value, other_value)
            if score is not None:
                yield other, key, score
