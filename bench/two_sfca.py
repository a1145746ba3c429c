"""2SFCA on a street grid: catchments by grouped, pruned scipy Dijkstra vs networkx per clinic.

A square street grid (50 m blocks, walking 1.25 m/s, lengths x U(1, 1.3) for detours), 500
clinics, a 15-minute catchment, demand at every node. Ours: :func:`catchment_pairs` (clinics
grouped by a grid of squares two reach radii wide, one scipy ``dijkstra`` per group on the
subgraph within reach in a straight line) + :func:`two_step_fca`. Peer: networkx
``single_source_dijkstra_path_length(G, clinic, cutoff=...)`` per clinic, then the same 2SFCA
arithmetic. Both are timed from the built graph (the networkx ``DiGraph`` is built before its
clock starts), best of ``--repeat`` runs each; the pairs and the indices must be identical.
The peer runs at ``--peer-nodes`` only: 100,000 by default, as issue 7 allows; at 1,000,000
nodes its ``DiGraph`` takes ~2.5 GB and ~15 s to build (``--peer-nodes 100000 1000000``).
networkx's cost per clinic does not grow with the graph (the cutoff bounds each search), ours
has a few passes over every edge, so the ratio is lower at 1,000,000 nodes.

Run: ``.venv/bin/python bench/two_sfca.py [--peer-nodes 100000 ...] [--nodes 1000000]
[--repeat 5]``.
"""

from __future__ import annotations

import argparse
import time

import networkx as nx
import numpy as np
from scipy.sparse import csr_array

from catchments.planning import catchment_pairs, gaussian_decay, two_step_fca

CUTOFF_S = 15 * 60.0


def grid(nodes: int, seed: int = 5) -> tuple[csr_array, np.ndarray, np.ndarray]:
    side = round(nodes**0.5)
    rng = np.random.default_rng(seed)
    index = np.arange(side * side).reshape(side, side)
    x, y = np.meshgrid(np.arange(side) * 50.0, np.arange(side) * 50.0)
    a = np.concatenate([index[:, :-1].ravel(), index[:-1, :].ravel()])
    b = np.concatenate([index[:, 1:].ravel(), index[1:, :].ravel()])
    seconds = 50.0 * rng.uniform(1.0, 1.3, len(a)) / 1.25
    rows, cols = np.concatenate([a, b]), np.concatenate([b, a])
    matrix = csr_array((np.concatenate([seconds, seconds]), (rows, cols)), shape=(side**2,) * 2)
    return matrix, x.ravel(), y.ravel()


Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]
"""(clinic position, node, seconds) of every pair within the catchment."""


def ours(
    matrix: csr_array,
    x: np.ndarray,
    y: np.ndarray,
    *,
    sources: np.ndarray,
    demand: np.ndarray,
    supply: np.ndarray,
) -> tuple[np.ndarray, Pairs, float]:
    started = time.perf_counter()
    source, node, seconds = catchment_pairs(matrix, x, y, sources, cutoff_s=CUTOFF_S)
    index = two_step_fca(
        node, source, seconds, demand, supply, cutoff=CUTOFF_S, decay=gaussian_decay(CUTOFF_S)
    )
    return index, (source, node, seconds), time.perf_counter() - started


def networkx_graph(matrix: csr_array) -> nx.DiGraph:
    coo = matrix.tocoo()
    graph = nx.DiGraph()
    graph.add_nodes_from(range(matrix.shape[0]))
    graph.add_weighted_edges_from(
        zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True)
    )
    return graph


def networkx_peer(
    graph: nx.DiGraph, sources: np.ndarray, demand: np.ndarray, supply: np.ndarray
) -> tuple[np.ndarray, Pairs, float]:
    started = time.perf_counter()
    s_list: list[int] = []
    n_list: list[int] = []
    t_list: list[float] = []
    for position, source in enumerate(sources.tolist()):
        lengths = nx.single_source_dijkstra_path_length(graph, source, cutoff=CUTOFF_S)
        s_list.extend([position] * len(lengths))
        n_list.extend(lengths.keys())
        t_list.extend(lengths.values())
    source_a, node_a, seconds_a = np.array(s_list), np.array(n_list), np.array(t_list)
    index = two_step_fca(
        node_a, source_a, seconds_a, demand, supply,
        cutoff=CUTOFF_S, decay=gaussian_decay(CUTOFF_S),
    )  # fmt: skip
    return index, (source_a, node_a, seconds_a), time.perf_counter() - started


def pair_difference(ours_pairs: Pairs, peer_pairs: Pairs) -> float:
    """Largest |seconds difference| over the pairs; inf unless both found the same pairs."""
    (s1, n1, t1), (s2, n2, t2) = ours_pairs, peer_pairs
    if len(s1) != len(s2):
        return float("inf")
    o1, o2 = np.lexsort((n1, s1)), np.lexsort((n2, s2))
    if not (np.array_equal(s1[o1], s2[o2]) and np.array_equal(n1[o1], n2[o2])):
        return float("inf")
    return float(np.abs(t1[o1] - t2[o2]).max()) if len(t1) else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=1_000_000, help="time ours at this size")
    parser.add_argument(
        "--peer-nodes",
        type=int,
        nargs="+",
        default=[100_000],
        help="sizes to compare with networkx at (1000000 works: ~2.5 GB, ~15 s to build)",
    )
    parser.add_argument("--clinics", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5, help="best of this many runs each")
    args = parser.parse_args()
    rng = np.random.default_rng(11)
    for nodes in sorted({*args.peer_nodes, args.nodes}):
        matrix, x, y = grid(nodes)
        n = matrix.shape[0]
        sources = rng.choice(n, args.clinics, replace=False)
        demand = rng.integers(0, 60, n).astype(float)
        supply = rng.uniform(1, 10, args.clinics)
        runs = [
            ours(matrix, x, y, sources=sources, demand=demand, supply=supply)
            for _ in range(args.repeat)
        ]
        index, pairs, ours_s = min(runs, key=lambda run: run[2])
        print(
            f"{n:,} nodes, {args.clinics} clinics, 15 min: emhana {ours_s:.3f} s "
            f"({len(pairs[0]):,} pairs)"
        )
        if nodes in args.peer_nodes:
            graph = networkx_graph(matrix)
            peer_runs = [networkx_peer(graph, sources, demand, supply) for _ in range(args.repeat)]
            peer, peer_pairs, peer_s = min(peer_runs, key=lambda run: run[2])
            del graph
            print(
                f"  networkx per-clinic Dijkstra {peer_s:.3f} s; speed-up {peer_s / ours_s:.1f}x "
                f"(target >= 5x); pairs: max |seconds difference| "
                f"{pair_difference(pairs, peer_pairs):.1e} (inf: not the same pairs); "
                f"index: max |difference| {np.abs(peer - index).max():.2e}"
            )


if __name__ == "__main__":
    main()
