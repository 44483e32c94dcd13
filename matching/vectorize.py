"""TF-IDF vectors of words and character n-grams, hashed so new text never needs a refit.

Hashing (instead of a learnt vocabulary) means a document added tomorrow is vectorised
with exactly the same columns as the ones fitted today, and fitting can be split across
processes. Only the document frequencies (IDF) are learnt. Each block is L2-normalised
and weighted, then the whole vector is normalised, so the cosine of two documents is
a weighted mean of their word cosine and their character cosine.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped,unused-ignore]
from sklearn.feature_extraction import FeatureHasher  # type: ignore[import-untyped,unused-ignore]

from matching.documents import Document
from matching.text import char_ngrams, tokenize

WORD_FEATURES = 1 << 18
CHAR_FEATURES = 1 << 20
N_FEATURES = WORD_FEATURES + CHAR_FEATURES
#: Below this many documents a single process is faster than starting workers.
PARALLEL_MIN = 20_000


class TextVectorizer:
    """Words and char n-grams → one L2-normalised float32 row per document.

    `word_weight` in [0, 1] is the share of the cosine that comes from words.
    """

    def __init__(
        self, word_weight: float = 0.7, char_sizes: tuple[int, ...] = (2, 3), n_jobs: int = 1
    ) -> None:
        self.word_weight = word_weight
        self.char_sizes = char_sizes
        self.n_jobs = n_jobs

    def _counts(self, docs: Sequence[Document]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Raw hashed counts; large batches are split across `n_jobs` processes."""
        if self.n_jobs > 1 and len(docs) >= PARALLEL_MIN:
            step = -(-len(docs) // (4 * self.n_jobs))
            chunks = [list(docs[i : i + step]) for i in range(0, len(docs), step)]
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(self.n_jobs, mp_context=ctx) as pool:
                parts = list(pool.map(self._counts_serial, chunks))
            return (
                sp.vstack([p[0] for p in parts], format="csr", dtype=np.float32),
                sp.vstack([p[1] for p in parts], format="csr", dtype=np.float32),
            )
        return self._counts_serial(docs)

    def _counts_serial(self, docs: Sequence[Document]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        if not docs:
            return (
                sp.csr_matrix((0, WORD_FEATURES), dtype=np.float32),
                sp.csr_matrix((0, CHAR_FEATURES), dtype=np.float32),
            )
        words = FeatureHasher(WORD_FEATURES, input_type="string", alternate_sign=False)
        chars = FeatureHasher(CHAR_FEATURES, input_type="string", alternate_sign=False)
        w = words.transform(d.tokens if d.tokens is not None else tokenize(d.text) for d in docs)
        c = chars.transform(char_ngrams(d.text, self.char_sizes) for d in docs)
        return sp.csr_matrix(w, dtype=np.float32), sp.csr_matrix(c, dtype=np.float32)

    def fit(self, docs: Sequence[Document]) -> TextVectorizer:
        """Learn document frequencies; returns self."""
        w, c = self._counts(docs)
        n = len(docs)
        self.word_idf_ = _idf(w, n)
        self.char_idf_ = _idf(c, n)
        self.n_docs_ = n
        return self

    def transform(self, docs: Sequence[Document]) -> sp.csr_matrix:
        """Vectors of `docs` under the learnt IDF (no learning)."""
        w, c = self._counts(docs)
        return self._weigh(w, c)

    def fit_transform(self, docs: Sequence[Document]) -> sp.csr_matrix:
        """Fit and transform with one pass of tokenising."""
        w, c = self._counts(docs)
        n = len(docs)
        self.word_idf_ = _idf(w, n)
        self.char_idf_ = _idf(c, n)
        self.n_docs_ = n
        return self._weigh(w, c)

    def word_idf(self, tokens: Sequence[str]) -> np.ndarray:
        """IDF of each normalised word (used to rank words in explanations)."""
        hasher = FeatureHasher(WORD_FEATURES, input_type="string", alternate_sign=False)
        cols = hasher.transform([[t] for t in tokens]).indices
        return np.asarray(self.word_idf_[cols], dtype=np.float32)

    def _weigh(self, w: sp.csr_matrix, c: sp.csr_matrix) -> sp.csr_matrix:
        blocks = []
        for counts, idf, weight in (
            (w, self.word_idf_, self.word_weight),
            (c, self.char_idf_, 1.0 - self.word_weight),
        ):
            counts = counts.copy()
            counts.data = (np.log1p(counts.data) + np.float32(1.0)) * idf[counts.indices]
            blocks.append(_l2_rows(counts, float(np.sqrt(max(weight, 0.0)))))
        out = _l2_rows(sp.hstack(blocks, format="csr", dtype=np.float32))
        out.sort_indices()
        return out


def _l2_rows(X: sp.csr_matrix, scale: float = 1.0) -> sp.csr_matrix:
    """Rows scaled to length `scale` (empty rows stay empty); float32 CSR."""
    X = sp.csr_matrix(X, dtype=np.float32)
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    norms = np.sqrt(np.bincount(rows, weights=X.data.astype(np.float64) ** 2, minlength=X.shape[0]))
    factor = np.divide(scale, norms, out=np.zeros_like(norms), where=norms > 0)
    X.data = (X.data * factor[rows]).astype(np.float32)
    return X


def _idf(counts: sp.csr_matrix, n: int) -> np.ndarray:
    """Smoothed IDF as in scikit-learn: log((1 + n) / (1 + df)) + 1."""
    df = np.bincount(counts.indices, minlength=int(counts.shape[1]))
    idf: np.ndarray = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
    return idf
