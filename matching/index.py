"""The indexed vectors: a main matrix plus an append buffer, with exact cosine scoring.

`add` must be cheap (one document in about a millisecond), so new rows go to a small
buffer that is merged into the main matrix only when it has grown; removed rows are
masked out rather than deleted. Scoring is exact: the sparse product of the queries with
every row, in blocks of queries so memory stays bounded.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped,unused-ignore]

#: Merge the buffer once it holds this many rows (or a twentieth of the main matrix).
BUFFER_ROWS = 2048


class VectorStore:
    """Rows of L2-normalised float32 vectors, addressed by position."""

    def __init__(self, n_features: int) -> None:
        self.n_features = n_features
        self._main = sp.csr_matrix((0, n_features), dtype=np.float32)
        self._inverted = self._main.T.tocsr()
        self._buffer: list[sp.csr_matrix] = []
        self._buffered = 0

    def __len__(self) -> int:
        return int(self._main.shape[0]) + self._buffered

    def append(self, rows: sp.csr_matrix) -> None:
        """Add rows at the end; amortised cost is the size of the rows."""
        if self._main.shape[0] == 0 and not self._buffer:
            self.replace(rows)
            return
        self._buffer.append(sp.csr_matrix(rows, dtype=np.float32))
        self._buffered += rows.shape[0]
        if self._buffered > max(BUFFER_ROWS, self._main.shape[0] // 20):
            self.merge()

    def merge(self) -> None:
        """Fold the buffer into the main matrix."""
        if self._buffer:
            self._main = sp.vstack([self._main, *self._buffer], format="csr", dtype=np.float32)
            self._inverted = self._main.T.tocsr()
            self._buffer = []
            self._buffered = 0

    def replace(self, rows: sp.csr_matrix) -> None:
        """Set all rows at once (fit, load)."""
        self._main = sp.csr_matrix(rows, dtype=np.float32)
        self._inverted = self._main.T.tocsr()
        self._buffer = []
        self._buffered = 0

    def matrix(self) -> sp.csr_matrix:
        """All rows as one matrix (merges the buffer)."""
        self.merge()
        return self._main

    def rows(self, positions: np.ndarray) -> sp.csr_matrix:
        """The rows at `positions` (without merging the buffer)."""
        n_main = self._main.shape[0]
        if not self._buffer or (len(positions) and max(positions) < n_main):
            return self._main[positions]
        starts = np.cumsum([n_main] + [b.shape[0] for b in self._buffer])
        picked = []
        for p in positions:
            if p < n_main:
                picked.append(self._main[int(p)])
            else:
                chunk = int(np.searchsorted(starts, p, side="right")) - 1
                picked.append(self._buffer[chunk][int(p - starts[chunk])])
        return sp.vstack(picked, format="csr", dtype=np.float32)

    def scores(self, queries: sp.csr_matrix) -> np.ndarray:
        """Dense (queries × rows) cosine similarities, exact."""
        # The transposed matrix is an inverted index: cost follows the queries' postings.
        parts = [np.asarray((queries @ self._inverted).todense(), dtype=np.float32)]
        parts += [np.asarray((queries @ b.T).todense(), dtype=np.float32) for b in self._buffer]
        return np.hstack(parts) if len(parts) > 1 else parts[0]
