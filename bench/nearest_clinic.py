"""Benchmark: nearest clinic by travel time for every street node, against networkx.

Builds (deterministic seed) a street graph of 1,000,000 nodes: a 1000 x 1000 grid of
jittered intersections ~100 m apart, streets at 20-60 km/h, 10 % of them one-way, and 3 % of
street segments doubled by a parallel edge of another length (as in an osmnx ``MultiDiGraph``),
then 500 clinics on random nodes.

Measured in the same run:

* ours: :func:`geo.network.nearest_sources` -- one multi-source Dijkstra
  (``scipy.sparse.csgraph.dijkstra(min_only=True)``) giving every node its least travel time
  from any clinic and which clinic; best of ``--repeat`` runs. Building the CSR matrix from
  the edge list (:func:`geo.network.travel_time_matrix`, fastest of parallel edges kept) is
  timed separately;
* peer: ``networkx.multi_source_dijkstra_path_length`` on a ``networkx.DiGraph`` built from
  the same edge list, keeping the fastest parallel edge (building the graph is timed
  separately and not charged to the peer); one run.

Checks: the distances are compared for exact equality; the clinic we name for each node is
checked against single-source Dijkstra runs from ``--check-clinics`` clinics (every node
assigned to one of them must be exactly that far from it); and the sum-of-parallel-edges
mistake (a COO matrix converted to CSR adds duplicates up) is shown to change the answers.

Run: ``.venv/bin/python bench/nearest_clinic.py`` (a few minutes and ~4 GB, nearly all for
networkx; ``--n`` for a smaller graph, ``--peer-n`` to run the peer on a smaller graph only).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy
from common import best_of, machine  # bench/common.py; scripts run as python bench/<name>.py
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from geo.network import nearest_sources, travel_time_matrix

SEED = 2026


@dataclass(frozen=True)
class Streets:
    """A directed street graph as edge arrays (each row traversable ``u → v``)."""

    n: int
    u: np.ndarray
    v: np.ndarray
    seconds: np.ndarray


def make_streets(n: int, rng: np.random.Generator) -> Streets:
    """A jittered grid of about ``n`` nodes with one-way streets and parallel edges."""
    side = round(n**0.5)
    count = side * side
    xy = np.stack(np.meshgrid(np.arange(side), np.arange(side)), axis=-1).reshape(-1, 2) * 100.0
    xy += rng.uniform(-30, 30, xy.shape)
    ids = np.arange(count).reshape(side, side)
    u = np.concatenate([ids[:, :-1].ravel(), ids[:-1, :].ravel()])
    v = np.concatenate([ids[:, 1:].ravel(), ids[1:, :].ravel()])
    length = np.hypot(*(xy[u] - xy[v]).T) * rng.uniform(1.0, 1.3, len(u))  # streets bend
    speed = rng.choice([20.0, 30.0, 40.0, 50.0, 60.0], len(u)) / 3.6
    seconds = length / speed
    oneway = rng.random(len(u)) < 0.10
    # Parallel edges: a second way between the same nodes, sometimes faster, sometimes slower.
    doubled = rng.random(len(u)) < 0.03
    extra_seconds = seconds[doubled] * rng.uniform(0.7, 1.5, int(doubled.sum()))
    tails = np.concatenate([u, v[~oneway], u[doubled], v[doubled & ~oneway]])
    heads = np.concatenate([v, u[~oneway], v[doubled], u[doubled & ~oneway]])
    times = np.concatenate(
        [seconds, seconds[~oneway], extra_seconds, extra_seconds[~oneway[doubled]]]
    )
    return Streets(count, tails, heads, times)


def networkx_graph(streets: Streets) -> nx.DiGraph:
    """The peer's graph: a DiGraph keeping the fastest of parallel edges."""
    order = np.argsort(-streets.seconds, kind="stable")  # slowest first: the fastest is kept
    graph = nx.DiGraph()
    graph.add_nodes_from(range(streets.n))
    graph.add_weighted_edges_from(
        zip(
            streets.u[order].tolist(),
            streets.v[order].tolist(),
            streets.seconds[order].tolist(),
            strict=True,
        )
    )
    return graph


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="nodes (default 1,000,000)")
    parser.add_argument("--clinics", type=int, default=500)
    parser.add_argument(
        "--peer-n", type=int, default=None, help="run the peer (and ours again) on this many"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours (best kept)")
    parser.add_argument("--check-clinics", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {machine()}; scipy {scipy.__version__}, networkx {nx.__version__}")

    rng = np.random.default_rng(SEED)
    streets = make_streets(args.n, rng)
    clinics = rng.choice(streets.n, args.clinics, replace=False)
    print(f"size: {streets.n:,} nodes, {len(streets.u):,} directed edges, {args.clinics} clinics")

    matrix_s, matrix = best_of(
        1, lambda: travel_time_matrix(streets.n, streets.u, streets.v, streets.seconds)
    )
    ours_s, (seconds, source) = best_of(args.repeat, lambda: nearest_sources(matrix, clinics))
    print(f"ours  CSR matrix build:                 {matrix_s:8.3f} s")
    print(f"ours  nearest_sources (all nodes):      {ours_s:8.3f} s")

    # Which clinic: every node we give to a checked clinic is exactly that far from it.
    checked = rng.choice(args.clinics, args.check_clinics, replace=False)
    named_right = True
    for position in checked:
        mine = source == position
        single = dijkstra(matrix, indices=int(clinics[position]))
        named_right &= bool(np.array_equal(single[mine], seconds[mine]))
    print(
        f"clinic named for a node is at exactly that time (checked {args.check_clinics} "
        f"clinics, {int(np.isin(source, checked).sum()):,} nodes): {named_right}"
    )

    # The mistake the brief warns of: COO -> CSR adds parallel edges up.
    summed = csr_array((streets.seconds, (streets.u, streets.v)), shape=(streets.n, streets.n))
    summed_seconds, _ = nearest_sources(summed, clinics)
    print(
        f"summing parallel edges instead would change {int((summed_seconds != seconds).sum()):,} "
        "nodes' times"
    )

    peer_streets, peer_clinics = streets, clinics
    if args.peer_n is not None and args.peer_n < streets.n:
        peer_streets = make_streets(args.peer_n, np.random.default_rng(SEED + 1))
        peer_clinics = np.random.default_rng(SEED + 2).choice(
            peer_streets.n, args.clinics, replace=False
        )
        peer_matrix = travel_time_matrix(
            peer_streets.n, peer_streets.u, peer_streets.v, peer_streets.seconds
        )
        ours_s, (seconds, _) = best_of(
            args.repeat, lambda: nearest_sources(peer_matrix, peer_clinics)
        )
        print(f"peer runs on a smaller graph: {peer_streets.n:,} nodes; ours again there:")
        print(f"ours  nearest_sources (all nodes):      {ours_s:8.3f} s")

    start = time.perf_counter()
    graph = networkx_graph(peer_streets)
    graph_s = time.perf_counter() - start
    start = time.perf_counter()
    reached = nx.multi_source_dijkstra_path_length(graph, set(peer_clinics.tolist()))
    peer_s = time.perf_counter() - start
    reference = np.full(peer_streets.n, np.inf)
    reference[np.fromiter(reached.keys(), dtype=np.int64)] = np.fromiter(
        reached.values(), dtype=np.float64
    )
    print(f"peer  networkx DiGraph build:           {graph_s:8.3f} s (not charged)")
    print(f"peer  multi_source_dijkstra_path_length:{peer_s:8.3f} s")
    print(f"ratio networkx / ours:                  {peer_s / ours_s:8.1f}x")
    print(f"identical distances: {bool(np.array_equal(reference, seconds))}")


if __name__ == "__main__":
    main()
