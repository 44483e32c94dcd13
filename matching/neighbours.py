"""Second-order text similarity: two descriptions are close when the same descriptions are
close to both.

Plain cosine needs shared strings, so 「見守り」 and 「安否確認」 never meet. Every indexed row
keeps its `NEIGHBOURS` nearest *anchors* by text cosine, as a sparse similarity vector
(L2-normalised); the cosine of two such vectors is high when the rows sit near the same
anchors, even with no word in common. Blended half and half with the plain cosine it lifted
the fine protocol (same specific activity) on every development set (matching/README.md).

The anchors are the rows `fit` saw, learnt like the IDF: adding, editing or removing a
document changes its own vector only, never another row's, so adding rows gives the same
scores as indexing them afresh, and a changed document alters only the pairs it is part of
(which is what lets the worker update just the lists a change can reach).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped,unused-ignore]

from matching.columns import Column
from matching.index import VectorStore
from matching.kernels import Rows, take_rows, weighted_row_sum

#: Anchors kept per row (5-fold cross-validation on the development sets).
NEIGHBOURS = 40
#: At most this many anchors, spread evenly over the fitted rows: finding a row's anchors
#: costs a pass over them, so all rows as anchors would make `fit` grow with the square of
#: the index (a city has a few thousand documents; every one is an anchor there).
MAX_ANCHORS = 20_000


class NeighbourRows:
    """Per indexed row: its nearest anchors (positions) and their L2-normalised cosines."""

    def __init__(self, k: int = NEIGHBOURS) -> None:
        self.k = k
        self._positions = Column(np.int32, k)
        self._weights = Column(np.float32, k)
        self._by_anchor: sp.csr_matrix | None = None
        self.anchors: VectorStore | None = None
        self.anchor_ids: list[str] = []
        #: Where the anchors' vectors sit in the index `fit` built (None when unknown, as
        #: after re-indexing or loading): a query's index scores then hold its anchor scores.
        self.anchor_rows: np.ndarray | None = None
        self._anchor_at: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._positions)

    @property
    def positions(self) -> np.ndarray:
        return self._positions.values

    @property
    def weights(self) -> np.ndarray:
        return self._weights.values

    def learn_anchors(
        self, store: VectorStore, X: sp.csr_matrix, ids: Sequence[str], hybrid_rows: int
    ) -> None:
        """Anchor on the rows `fit` is about to index in `store` (then no copy is kept), or
        on `MAX_ANCHORS` of them spread evenly, kept in a store of their own."""
        if len(ids) <= MAX_ANCHORS:
            self.set_anchors(store, ids, np.arange(len(ids)))
            return
        picked = np.linspace(0, len(ids) - 1, MAX_ANCHORS).astype(np.int64)
        own = VectorStore(X.shape[1], hybrid_rows)
        own.append(X[picked])
        self.set_anchors(own, [ids[i] for i in picked], picked)

    def set_anchors(
        self, store: VectorStore, ids: Sequence[str], index_rows: np.ndarray | None = None
    ) -> None:
        """Anchor on the first `len(ids)` rows of `store` (rows added to it later are not
        anchors: the store may be the index itself, which keeps growing). `index_rows`:
        where the same vectors sit in the index, if they do (rows are never overwritten, so
        they stay there while the index `fit` built is kept)."""
        self.anchors, self.anchor_ids = store, list(ids)
        self.anchor_rows = index_rows
        self._anchor_at = None
        self._by_anchor = None

    def nearest(
        self, X: sp.csr_matrix, ids: Sequence[str], n_jobs: int = 1
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each row's `k` nearest anchors, leaving out an anchor of the same document."""
        n_rows = X.shape[0]
        if self.anchors is None or not self.anchor_ids or not n_rows:
            return np.zeros((n_rows, 0), dtype=np.int32), np.zeros((n_rows, 0), np.float32)
        allowed = np.arange(len(self.anchors)) < len(self.anchor_ids)
        positions, cosines = self.anchors.topk(X, self.k + 1, allowed, n_jobs)
        anchor_ids = np.asarray(self.anchor_ids, dtype=object)
        same = anchor_ids[np.minimum(positions, len(anchor_ids) - 1)] == np.asarray(
            ids, dtype=object
        )[:, None]
        others = np.argsort(same, axis=1, kind="stable")[:, : self.k]
        return np.take_along_axis(positions, others, 1), np.take_along_axis(cosines, others, 1)

    def extend(self, positions: np.ndarray, cosines: np.ndarray) -> None:
        """Append rows given their anchors' positions and cosines (non-positive = none)."""
        positions, weights = _fixed_width(positions, cosines, self.k)
        self._positions.extend(positions)
        self._weights.extend(weights)
        self._by_anchor = None

    def vectors(
        self, X: sp.csr_matrix, ids: Sequence[str], n_jobs: int = 1
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Neighbour vectors of rows that are not indexed (or changed since)."""
        positions, weights = _fixed_width(*self.nearest(sp.csr_matrix(X), ids, n_jobs), self.k)
        return list(zip(positions, weights, strict=True))

    def vectors_from_scores(
        self, index: VectorStore, scored: tuple[np.ndarray, np.ndarray | None], ids: Sequence[str]
    ) -> list[tuple[np.ndarray, np.ndarray]] | None:
        """Neighbour vectors of queries from their scores against the index (`index.scored`),
        which include their anchor scores: this saves scoring them against the anchors again.
        None when the anchors' rows in the index are not known."""
        rows = self.anchor_rows
        if rows is None or not len(rows) or not len(ids):
            return None
        S, q_head = scored
        prefix = bool(rows[-1] == len(rows) - 1)  # the anchors are the index's first rows
        # `take` keeps rows contiguous (`S[:, rows]` returns column order: 7× slower to search).
        A = S[:, : len(rows)].copy() if prefix else np.take(S, rows, axis=1)
        if self._anchor_at is None:
            self._anchor_at = {a: i for i, a in enumerate(self.anchor_ids)}
        # A document is not its own neighbour, as in `nearest`, which keeps it only when
        # there are no more than k anchors (a small city: every anchor is kept then).
        for i, doc_id in enumerate(ids) if len(rows) > self.k else ():
            at = self._anchor_at.get(doc_id)
            if at is not None:
                A[i, at] = -np.inf
        positions, cosines = index.best(A, q_head, self.k, rows)
        return list(zip(*_fixed_width(positions, cosines, self.k), strict=True))

    def similarity(self, positions: np.ndarray, weights: np.ndarray, n_rows: int) -> np.ndarray:
        """Cosine of one neighbour vector with each of the first `n_rows` rows' vectors.

        Reads only the rows that share an anchor with the query: the transposed table lists,
        per anchor, the rows that keep it."""
        table = self._transposed()
        used = weights > 0
        picked = take_rows(Rows(table.indptr, table.indices, table.data), positions[used])
        # As wide as the table (the kernel does not check bounds), then cut to `n_rows`.
        out = weighted_row_sum(picked, weights[used], max(n_rows, table.shape[1]))[:n_rows]
        return np.clip(out, 0.0, 1.0, out=out).astype(np.float32, copy=False)

    def _transposed(self) -> sp.csr_matrix:
        """Row j lists (row i, weight) for every row i that keeps anchor j; rebuilt after
        rows are added."""
        if self._by_anchor is None:
            n = len(self)
            keep = self.weights.ravel() > 0
            rows = np.repeat(np.arange(n, dtype=np.int32), self.k)[keep]
            self._by_anchor = sp.csr_matrix(
                (self.weights.ravel()[keep], (self.positions.ravel()[keep], rows)),
                shape=(max(len(self.anchor_ids), 1), max(n, 1)),
            )
        return self._by_anchor


def _fixed_width(
    positions: np.ndarray, cosines: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pad or cut to `k` columns, drop non-finite and non-positive cosines, L2-normalise."""
    n = positions.shape[0]
    out_pos = np.zeros((n, k), dtype=np.int32)
    out_w = np.zeros((n, k), dtype=np.float32)
    width = min(k, positions.shape[1])
    values = np.asarray(cosines[:, :width], dtype=np.float32)
    values = np.where(np.isfinite(values) & (values > 0), values, 0.0)
    out_pos[:, :width] = positions[:, :width]
    out_w[:, :width] = values
    norms = np.linalg.norm(out_w, axis=1, keepdims=True)
    np.divide(out_w, norms, out=out_w, where=norms > 0)
    return out_pos, out_w
