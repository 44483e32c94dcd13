"""The indexed vectors: a main matrix plus an append buffer, scored exactly or hybrid.

`add` must be cheap (one document in about a millisecond), so new rows go to a small
buffer that is merged into the main matrix only when it has grown; removed rows are
masked out by the caller rather than deleted. Small indexes are scored exactly (sparse
product through an inverted index); from `HYBRID_ROWS` rows on, the main matrix is
served by `HybridIndex` (approximate scores, exact re-rank) and the buffer stays exact.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from itertools import pairwise
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped,unused-ignore]

from matching.kernels import Rows, take_rows
from matching.search import HybridIndex, top_candidates

#: Merge the buffer once it holds this many rows (or a twentieth of the main matrix).
BUFFER_ROWS = 2048
#: From this many rows on the main matrix is searched with `HybridIndex`: already at 7,000
#: rows its approximate scores + exact re-rank are 3x faster than the exact sparse product
#: (whose output is dense) and returned the same top-10 on the synthetic benchmark corpus.
HYBRID_ROWS = 4_096
#: Queries per block in batch search (bounds the dense score block).
BLOCK = 128


class QueryRow(NamedTuple):
    """One sparse row's columns and values: slicing a scipy matrix per query costs more
    than what is then done with the row."""

    indices: np.ndarray
    data: np.ndarray


def query_rows(Q: sp.csr_matrix) -> list[QueryRow]:
    """Each row of `Q` as a `QueryRow` (views, no copy)."""
    ptr = Q.indptr.tolist()
    return [QueryRow(Q.indices[a:b], Q.data[a:b]) for a, b in pairwise(ptr)]


class VectorStore:
    """Rows of L2-normalised float32 vectors, addressed by position."""

    def __init__(self, n_features: int, hybrid_rows: int = HYBRID_ROWS) -> None:
        self.n_features = n_features
        self.hybrid_rows = hybrid_rows
        self._main = sp.csr_matrix((0, n_features), dtype=np.float32)
        self._inverted = self._main.T.tocsr()
        self._buffer: list[sp.csr_matrix] = []
        self._buffered = 0
        self._stacked: sp.csr_matrix | None = None
        self._buffer_rows: sp.csr_matrix | None = None
        self.hybrid: HybridIndex | None = None

    def __len__(self) -> int:
        return int(self._main.shape[0]) + self._buffered

    def append(self, rows: sp.csr_matrix) -> None:
        """Add rows at the end; amortised cost is the size of the rows."""
        if self._main.shape[0] == 0 and not self._buffer:
            self.replace(rows)
            return
        self._buffer.append(sp.csr_matrix(rows, dtype=np.float32))
        self._buffered += rows.shape[0]
        self._stacked = None
        self._buffer_rows = None
        if self._buffered > max(BUFFER_ROWS, self._main.shape[0] // 20):
            self.merge()

    def merge(self) -> None:
        """Fold the buffer into the main matrix (the background worker may call this)."""
        if self._buffer:
            self._set_main(sp.vstack([self._main, *self._buffer], format="csr", dtype=np.float32))

    def replace(self, rows: sp.csr_matrix) -> None:
        """Set all rows at once (fit, load); learns the hybrid split when large."""
        self.hybrid = None
        self._set_main(sp.csr_matrix(rows, dtype=np.float32))

    def _set_main(self, main: sp.csr_matrix) -> None:
        self._main = main
        self._buffer = []
        self._buffered = 0
        self._stacked = None
        self._buffer_rows = None
        if main.shape[0] >= self.hybrid_rows:
            if self.hybrid is None:
                self.hybrid = HybridIndex().fit(main)
            else:
                self.hybrid.index(main)  # the learnt split and basis are kept
            self._inverted = None
        else:
            self.hybrid = None
            self._inverted = main.T.tocsr()

    def _buffer_scores(self, queries: sp.csr_matrix) -> list[np.ndarray]:
        """Exact scores against the buffer (stacked once per batch of appends)."""
        if not self._buffer:
            return []
        if self._stacked is None:
            self._stacked = sp.vstack(self._buffer, format="csr", dtype=np.float32).T.tocsr()
        return [np.asarray((queries @ self._stacked).todense(), dtype=np.float32)]

    def matrix(self) -> sp.csr_matrix:
        """All rows as one matrix (merges the buffer)."""
        self.merge()
        return self._main

    def rows(self, positions: np.ndarray) -> sp.csr_matrix:
        """The rows at `positions` (without merging the buffer): two slices and one
        reordering, never a slice per row."""
        positions = np.asarray(positions, dtype=np.int64)
        n_main = self._main.shape[0]
        if not self._buffer or (len(positions) and positions.max() < n_main):
            return self._main[positions]
        if self._buffer_rows is None:
            self._buffer_rows = sp.vstack(self._buffer, format="csr", dtype=np.float32)
        in_main = positions < n_main
        picked = sp.vstack(
            [self._main[positions[in_main]], self._buffer_rows[positions[~in_main] - n_main]],
            format="csr", dtype=np.float32,
        )
        order = np.concatenate([np.flatnonzero(in_main), np.flatnonzero(~in_main)])
        return picked[np.argsort(order, kind="stable")]

    def gather(self, positions: np.ndarray) -> Rows:
        """The rows at `positions` as plain arrays: one vectorised gather when they are all
        in the main matrix (a ranking's pool), else through `rows`."""
        positions = np.asarray(positions, dtype=np.int64)
        main = self._main
        if self._buffer and len(positions) and positions.max() >= main.shape[0]:
            picked = self.rows(positions)
            return Rows(picked.indptr, picked.indices, picked.data)
        return take_rows(Rows(main.indptr, main.indices, main.data), positions)

    def scores(self, queries: sp.csr_matrix) -> np.ndarray:
        """Dense (queries × rows) cosine similarities; approximate on a hybrid main matrix
        (callers re-score their short list exactly with `rows`)."""
        return self.scored(queries)[0]

    def scored(self, queries: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray | None]:
        """`scores` and the queries' dense head (None unless hybrid), which `best` needs to
        make a short list's scores exact."""
        q_head = None
        if self.hybrid is not None:
            main, q_head = self.hybrid.approximate(queries)
        else:
            # The transposed matrix is an inverted index: cost follows the query postings.
            main = np.asarray((queries @ self._inverted).todense(), dtype=np.float32)
        parts = [main, *self._buffer_scores(queries)]
        return (np.hstack(parts) if len(parts) > 1 else parts[0]), q_head

    def topk(
        self,
        queries: sp.csr_matrix,
        k: int,
        allowed: np.ndarray | None = None,
        n_jobs: int = 1,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(positions, exact cosines) of the k nearest allowed rows per query, best first.

        Query blocks run on `n_jobs` threads (sparse products and BLAS release the GIL).
        """
        k = min(k, len(self))
        blocks = range(0, queries.shape[0], BLOCK)

        def one(start: int) -> tuple[np.ndarray, np.ndarray]:
            S, q_head = self.scored(queries[start : start + BLOCK])
            if allowed is not None:
                S[:, ~allowed] = -np.inf
            return self.best(S, q_head, k)

        with _blas_threads(1 if n_jobs > 1 else None):
            if n_jobs > 1:
                with ThreadPoolExecutor(n_jobs) as pool:
                    results = list(pool.map(one, blocks))
            else:
                results = [one(s) for s in blocks]
        if not results:
            return np.zeros((0, k), dtype=np.int64), np.zeros((0, k), dtype=np.float32)
        return np.vstack([r[0] for r in results]), np.vstack([r[1] for r in results])

    def best(
        self,
        S: np.ndarray,
        q_head: np.ndarray | None,
        k: int,
        rows: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(columns of S, exact cosines) of the k best per query row, best first, from scores
        given by `scored` (columns = the store's rows, or the rows `rows` picks; excluded
        entries are -inf). Approximate scores misorder near neighbours, so 3k candidates
        (at least 30) get their exact head part before the final order."""
        hybrid = self.hybrid
        k = min(k, S.shape[1])
        width = max(3 * k, hybrid.candidates) if hybrid is not None else k
        cand = top_candidates(S, min(width, S.shape[1]))
        exact = np.take_along_axis(S, cand, 1)
        if hybrid is not None and q_head is not None:  # swap the low-rank head for the exact one
            at = cand if rows is None else rows[cand]
            in_main = at < self._main.shape[0]
            main_at = np.where(in_main, at, 0)
            fix = hybrid.exact_head(q_head, main_at) - hybrid.low_rank_part(q_head, main_at)
            exact = np.where(in_main, exact + fix, exact)
        # Ties (equal up to float error) go to the lower position, the same with either scorer.
        order = np.lexsort((cand, -np.round(exact, 5)), axis=1)[:, :k]
        return np.take_along_axis(cand, order, 1), np.take_along_axis(exact, order, 1)


def _blas_threads(limit: int | None) -> AbstractContextManager[Any]:
    """Limit BLAS threads while our own threads run (avoids oversubscription)."""
    if limit is None:
        return nullcontext()
    try:
        from threadpoolctl import (  # type: ignore[import-untyped,unused-ignore]
            threadpool_limits,  # installed with scikit-learn
        )
    except ImportError:  # pragma: no cover
        return nullcontext()
    limiter: Callable[..., AbstractContextManager[Any]] = threadpool_limits
    return limiter(limits=limit, user_api="blas")
