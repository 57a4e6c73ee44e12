"""ConnectedComponents: (node, node) edges -> (node, component id), the id being the smallest node.

Large-star / small-star rounds (`quality.star_contraction`), each one GroupByKey, then one more
grouping that checks every node is settled; whatever is not is merged by a union-find over
only the unsettled nodes' edges, so the result is exact on any graph and the number of
steps is fixed (a pipeline graph cannot loop until convergence).
"""

from __future__ import annotations

import apache_beam as beam

from quality.star_contraction import UnionFind, both_ways, large_star, settle, small_star


class _Star(beam.PTransform):
    def __init__(self, step):
        super().__init__()
        self.step = step

    def expand(self, edges):
        return (edges
                | "BothWays" >> beam.FlatMap(both_ways)
                | "ByNode" >> beam.GroupByKey()
                | "Star" >> beam.FlatMapTuple(self.step))


class _RootsOf(beam.CombineFn):
    """Unsettled edges -> {node: smallest node it connects to}."""

    def create_accumulator(self):
        return []

    def add_input(self, edges, edge):
        edges.append(edge)
        return edges

    def merge_accumulators(self, accumulators):
        return [e for acc in accumulators for e in acc]

    def extract_output(self, edges):
        union = UnionFind(edges)
        return {node: union.find(node) for node in list(union.parent)}


def _unsettled_edges(item):
    node, neighbours = item
    node, _, settled = settle(node, neighbours)
    if not settled:
        for v in neighbours:
            yield node, v


def _component(settled, roots):
    node, low, _ = settled
    return node, roots.get(low, low)


class ConnectedComponents(beam.PTransform):
    def __init__(self, rounds: int = 4):
        super().__init__()
        self.rounds = rounds

    def expand(self, edges):
        for i in range(self.rounds):
            edges = edges | f"LargeStar{i}" >> _Star(large_star) | f"SmallStar{i}" >> _Star(small_star)
        adjacency = (edges
                     | "BothWays" >> beam.FlatMap(both_ways)
                     | "ByNode" >> beam.GroupByKey()
                     | "Distinct" >> beam.MapTuple(lambda node, near: (node, sorted(set(near)))))
        roots = (adjacency
                 | "Unsettled" >> beam.FlatMap(_unsettled_edges)
                 | "MergeUnsettled" >> beam.CombineGlobally(_RootsOf()))
        return (adjacency
                | "Settle" >> beam.MapTuple(settle)
                | "Component" >> beam.Map(_component, beam.pvalue.AsSingleton(roots)))
