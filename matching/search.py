"""Fast cosine top-k for large indexes: cheap approximate scores, then an exact re-rank.

Character n-gram TF-IDF makes every pair similar a little: a few thousand common
features (particles, kana pairs) appear in most documents and carry almost all of the
multiply-adds of an exact sparse product, yet a small part of the score, because their
IDF is low. So the vectors are split by document frequency:

- rare features (the tail) are scored exactly through an inverted index, whose cost
  follows the short postings of the query's rare features;
- common features (the head) are projected on their top principal directions (`rank`)
  and scored by one dense float32 matrix product (BLAS);
- the `candidates` best rows by this approximate score get their exact head part added
  (a gather over the candidates' few hundred head entries) and the top k are returned.

Recall against the exact cosine top-k is measured in `benchmarks/`.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped,unused-ignore]

from matching.kernels import Rows, rows_dot, take_rows, weighted_row_sum

#: The head basis is learnt from at most this many rows (a principal-component fit).
BASIS_SAMPLE = 20_000
#: Largest share of the rows' squared norm the head's low-rank basis may leave out.
MAX_RESIDUAL = 0.06
#: Rows are densified in chunks of this many when projected.
CHUNK = 8192
#: Rows split into head and tail at a time (bounds the temporaries of `index`).
SPLIT_ROWS = 32_768


class HybridIndex:
    """Approximate-then-exact top-k over fixed rows; `fit` learns the split and basis."""

    def __init__(
        self, n_head: int = 2048, rank: int = 128, candidates: int = 30, random_state: int = 0
    ) -> None:
        self.n_head = n_head
        self.rank = rank
        self.candidates = candidates
        self.random_state = random_state

    def fit(self, X: sp.csr_matrix) -> HybridIndex:
        """Choose the head features and their basis from `X`, then index `X`.

        The head shrinks (halving from `n_head`) until the rank-`rank` basis leaves at
        most `MAX_RESIDUAL` of the rows' squared norm unexplained, so candidates stay
        good on corpora whose common features are less redundant.
        """
        X = sp.csr_matrix(X, dtype=np.float32)
        df = np.bincount(X.indices, minlength=X.shape[1])
        order = np.argsort(-df, kind="stable")
        order = order[df[order] > 1]
        rng = np.random.default_rng(self.random_state)
        rows = rng.choice(X.shape[0], min(BASIS_SAMPLE, X.shape[0]), replace=False)
        sample_rows = X[np.sort(rows)]
        total = float(sample_rows.multiply(sample_rows).sum()) or 1.0
        n_head = self.n_head
        while True:
            head = np.sort(order[:n_head])
            self.head_pos_ = np.full(X.shape[1], -1, dtype=np.int64)
            self.head_pos_[head] = np.arange(len(head))
            self.width_ = len(head)
            sample = self._head_dense(sample_rows)
            values, vectors = np.linalg.eigh((sample.T @ sample).astype(np.float64))
            r = min(self.rank, len(head))
            residual = float(values[: len(head) - r].sum()) / total
            if residual <= MAX_RESIDUAL or n_head <= 2 * self.rank:
                break
            n_head //= 2
        self.residual_ = residual
        self.basis_ = np.ascontiguousarray(vectors[:, len(head) - r :], dtype=np.float32)
        self.index(X)
        return self

    def index(self, X: sp.csr_matrix) -> None:
        """(Re)build the tail inverted index and the head parts with the learnt basis."""
        X = sp.csr_matrix(X, dtype=np.float32)
        self.n_rows_ = X.shape[0]
        tail, head = self._split(X)
        self.tail_inverted_ = tail.T.tocsr()
        self.head_rows_ = head
        coords = [
            self._head_dense(X[s : s + CHUNK]) @ self.basis_ for s in range(0, X.shape[0], CHUNK)
        ]
        self.head_coords_ = np.ascontiguousarray(
            np.vstack(coords) if coords else np.zeros((0, self.basis_.shape[1])), dtype=np.float32
        )

    def _split(self, X: sp.csr_matrix) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """(tail with original columns, head with head-position columns).

        Rows keep their entries' order, so each part is built from its entries and a new
        `indptr`, a chunk of rows at a time: going through (row, column) pairs kept two
        8-byte arrays per entry of the whole index, gigabytes at 300,000 documents."""
        tails, heads = [], []
        for start in range(0, X.shape[0], SPLIT_ROWS):
            rows = X[start : start + SPLIT_ROWS]
            pos = self.head_pos_[rows.indices]
            in_head = pos >= 0
            taken = np.concatenate([[0], np.cumsum(in_head, dtype=np.int64)])[rows.indptr]
            n = rows.shape[0]
            heads.append(sp.csr_matrix(
                (rows.data[in_head], pos[in_head].astype(np.int32), taken), shape=(n, self.width_)
            ))
            tails.append(sp.csr_matrix(
                (rows.data[~in_head], rows.indices[~in_head], rows.indptr - taken), shape=rows.shape
            ))
        if len(tails) == 1:
            return tails[0], heads[0]
        return (
            sp.vstack(tails, format="csr", dtype=np.float32),
            sp.vstack(heads, format="csr", dtype=np.float32),
        )

    def _head_dense(self, X: sp.csr_matrix) -> np.ndarray:
        """The head columns of `X` as a dense float32 block."""
        pos = self.head_pos_[X.indices]
        keep = pos >= 0
        row = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
        out = np.zeros((X.shape[0], self.width_), dtype=np.float32)
        out[row[keep], pos[keep]] = X.data[keep]
        return out

    def approximate(self, Q: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        """(scores, dense head of Q): tail exact plus head low-rank, queries × rows."""
        Q = sp.csr_matrix(Q, dtype=np.float32)
        q_head = self._head_dense(Q)
        S = np.empty((Q.shape[0], self.n_rows_), dtype=np.float32)
        np.matmul(q_head @ self.basis_, self.head_coords_.T, out=S)
        tail, _ = self._split(Q)
        # Each query's tail postings, weighed and added straight into its row of S: a sparse
        # product would first build (and count) a sparse result, then scatter it.
        inverted = self.tail_inverted_
        postings = Rows(inverted.indptr, inverted.indices, inverted.data)
        ptr = tail.indptr
        for i in range(Q.shape[0]):
            a, b = ptr[i], ptr[i + 1]
            if a < b:
                picked = take_rows(postings, tail.indices[a:b])
                weighted_row_sum(picked, tail.data[a:b], self.n_rows_, out=S[i])
        return S, q_head

    def exact_head(self, q_head: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact head part of query i with rows[i, j]: a gather over their head entries.

        This gather is most of the cost of a hybrid search (a few hundred head entries for
        each of 3k candidates), so it goes one query at a time: its rows' entries then stay
        in cache for the product. One flat pass over a whole block (256 queries × 123 rows,
        tens of megabytes of temporaries) took 5 times as long."""
        B, m = rows.shape
        out = np.zeros((B, m), dtype=np.float32)
        head = self.head_rows_
        if not m:
            return out
        ptr = head.indptr
        for i in range(B):
            picked = take_rows(Rows(ptr, head.indices, head.data), rows[i])
            out[i] = rows_dot(picked, q_head[i])
        return out

    def low_rank_part(self, q_head: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """The low-rank head scores `approximate` gave query i and rows[i, j]."""
        coords = q_head @ self.basis_
        out: np.ndarray = np.einsum("br,bmr->bm", coords, self.head_coords_[rows])
        return out.astype(np.float32)

    def topk(self, Q: sp.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(positions, exact scores) of the k best rows per query, best first."""
        k = min(k, self.n_rows_)
        S, q_head = self.approximate(Q)
        cand = top_candidates(S, min(max(k, self.candidates), self.n_rows_))
        exact = np.take_along_axis(S, cand, 1) - self.low_rank_part(q_head, cand)
        exact += self.exact_head(q_head, cand)
        order = np.argsort(-exact, axis=1, kind="stable")[:, :k]
        return np.take_along_axis(cand, order, 1), np.take_along_axis(exact, order, 1)


def top_candidates(S: np.ndarray, c: int) -> np.ndarray:
    """Positions of the c largest entries of each row (unordered), fast for wide rows.

    A threshold taken from a column sample keeps only a few hundred entries per row, so
    most of the work is one vectorised comparison instead of a selection per row.
    """
    S = np.ascontiguousarray(S)  # the flat comparison below walks rows in memory order
    B, n = S.shape
    if n <= c:
        return np.tile(np.arange(n), (B, 1))
    if n < 4096:
        return np.argpartition(-S, c - 1, axis=1)[:, :c]
    step = max(1, n // 2048)
    sample = S[:, ::step]
    m = sample.shape[1]
    t = min(m, max(4, 2 * c * m // n))
    threshold = np.partition(sample, m - t, axis=1)[:, m - t]
    flat = np.flatnonzero(threshold[:, None] <= S)  # far faster than a 2-D nonzero
    rows, cols = np.divmod(flat, n)
    bounds = np.searchsorted(rows, np.arange(B + 1))
    out = np.empty((B, c), dtype=np.int64)
    for i in range(B):
        found = cols[bounds[i] : bounds[i + 1]]
        if len(found) < c:  # the sample was unlucky: select on the whole row
            out[i] = np.argpartition(-S[i], c - 1)[:c]
        else:
            out[i] = found[np.argpartition(-S[i, found], c - 1)[:c]]
    return out
