"""2SFCA on a street grid: catchments by pruned scipy Dijkstra vs networkx per clinic.

A square street grid (50 m blocks, walking 1.25 m/s, lengths x U(1, 1.3) for detours), 500
clinics, a 15-minute catchment, demand at every node. Ours: :func:`catchment_pairs` (one
Dijkstra per clinic on the subgraph within reach in a straight line) + :func:`two_step_fca`.
Peer: networkx ``single_source_dijkstra_path_length(G, clinic, cutoff=...)`` per clinic, then
the same 2SFCA arithmetic. Both are timed from the built graph; indices must be identical.

Run: ``.venv/bin/python bench/two_sfca.py [--peer-nodes 100000] [--nodes 1000000]``.
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


def ours(
    matrix: csr_array,
    x: np.ndarray,
    y: np.ndarray,
    *,
    sources: np.ndarray,
    demand: np.ndarray,
    supply: np.ndarray,
) -> tuple[np.ndarray, float]:
    started = time.perf_counter()
    source, node, seconds = catchment_pairs(matrix, x, y, sources, cutoff_s=CUTOFF_S)
    index = two_step_fca(
        node, source, seconds, demand, supply, cutoff=CUTOFF_S, decay=gaussian_decay(CUTOFF_S)
    )
    return index, time.perf_counter() - started


def networkx_peer(
    matrix: csr_array, sources: np.ndarray, demand: np.ndarray, supply: np.ndarray
) -> tuple[np.ndarray, float]:
    coo = matrix.tocoo()
    graph = nx.DiGraph()
    graph.add_weighted_edges_from(
        zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True)
    )
    started = time.perf_counter()
    s_list: list[int] = []
    n_list: list[int] = []
    t_list: list[float] = []
    for position, source in enumerate(sources.tolist()):
        lengths = nx.single_source_dijkstra_path_length(graph, source, cutoff=CUTOFF_S)
        s_list.extend([position] * len(lengths))
        n_list.extend(lengths.keys())
        t_list.extend(lengths.values())
    index = two_step_fca(
        np.array(n_list), np.array(s_list), np.array(t_list), demand, supply,
        cutoff=CUTOFF_S, decay=gaussian_decay(CUTOFF_S),
    )  # fmt: skip
    return index, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=1_000_000)
    parser.add_argument("--peer-nodes", type=int, default=100_000)
    parser.add_argument("--clinics", type=int, default=500)
    args = parser.parse_args()
    rng = np.random.default_rng(11)
    for nodes, with_peer in ((args.peer_nodes, True), (args.nodes, False)):
        matrix, x, y = grid(nodes)
        n = matrix.shape[0]
        sources = rng.choice(n, args.clinics, replace=False)
        demand = rng.integers(0, 60, n).astype(float)
        supply = rng.uniform(1, 10, args.clinics)
        index, ours_s = ours(matrix, x, y, sources=sources, demand=demand, supply=supply)
        print(f"{n:,} nodes, {args.clinics} clinics, 15 min: emhana {ours_s:.2f} s")
        if with_peer:
            peer, peer_s = networkx_peer(matrix, sources, demand, supply)
            same = np.abs(peer - index).max()
            print(
                f"  networkx per-clinic Dijkstra {peer_s:.2f} s; speed-up {peer_s / ours_s:.1f}x "
                f"(target >= 5x); max |difference| {same:.2e}"
            )


if __name__ == "__main__":
    main()
