"""TF-IDF vectors of words and character n-grams, hashed so new text never needs a refit.

Hashing (instead of a learnt vocabulary) means a document added tomorrow is vectorised
with exactly the same columns as the ones fitted today, and fitting can be split across
processes. Only the document frequencies (IDF) are learnt. Each block is L2-normalised
and weighted, then the whole vector is normalised, so the cosine of two documents is
a weighted mean of their word cosine and their character cosine.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped,unused-ignore]
from sklearn.feature_extraction import FeatureHasher  # type: ignore[import-untyped,unused-ignore]

from matching.charhash import char_ngram_columns
from matching.documents import Document
from matching.text import char_ngrams, tokenize

try:  # the Cython loop inside FeatureHasher; called directly to skip its per-call wrapping
    from sklearn.feature_extraction._hashing_fast import (  # type: ignore[import-untyped,unused-ignore]
        transform as _murmur_rows,
    )
except ImportError:  # pragma: no cover - a later scikit-learn may move it: same columns, slower
    _murmur_rows = None

WORD_FEATURES = 1 << 18
CHAR_FEATURES = 1 << 20
N_FEATURES = WORD_FEATURES + CHAR_FEATURES
#: Below this many documents a single process is faster than starting workers.
PARALLEL_MIN = 20_000
#: Documents hashed (and weighed) at once. Hashing keeps an 8-byte key per character
#: n-gram until the counts are summed: for 300,000 documents at once that was several
#: gigabytes; in chunks it is a few hundred megabytes, and the result is the same.
COUNT_CHUNK = 16_384


class TextVectorizer:
    """Words and char n-grams → one L2-normalised float32 row per document.

    `word_weight` in [0, 1] is the share of the cosine that comes from words.
    """

    def __init__(
        self, word_weight: float = 0.5, char_sizes: tuple[int, ...] = (2, 3), n_jobs: int = 1
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
        if len(docs) > COUNT_CHUNK:  # bound the temporaries (see COUNT_CHUNK)
            parts = [
                self._counts_chunk(docs[i : i + COUNT_CHUNK])
                for i in range(0, len(docs), COUNT_CHUNK)
            ]
            return (
                sp.vstack([p[0] for p in parts], format="csr", dtype=np.float32),
                sp.vstack([p[1] for p in parts], format="csr", dtype=np.float32),
            )
        return self._counts_chunk(docs)

    def _counts_chunk(self, docs: Sequence[Document]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        w = hashed_counts(
            (d.tokens if d.tokens is not None else tokenize(d.text) for d in docs), WORD_FEATURES
        )
        c = char_counts([d.text for d in docs], self.char_sizes)
        return w, c

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
        return np.asarray(self.word_idf_[word_columns(tokens)], dtype=np.float32)

    def _weigh(self, w: sp.csr_matrix, c: sp.csr_matrix) -> sp.csr_matrix:
        """`_weigh_rows` over row chunks written into one preallocated matrix: weighing
        keeps several 8-byte values per entry (row numbers, float64 squares, destinations),
        which for 300,000 documents at once added four gigabytes to the peak of a reindex."""
        n = w.shape[0]
        if n <= COUNT_CHUNK:
            return self._weigh_rows(w, c)
        indptr = w.indptr.astype(np.int64) + c.indptr
        data = np.empty(indptr[-1], dtype=np.float32)
        indices = np.empty(indptr[-1], dtype=np.int32)
        for start in range(0, n, COUNT_CHUNK):
            end = min(n, start + COUNT_CHUNK)
            part = self._weigh_rows(w[start:end], c[start:end])
            data[indptr[start] : indptr[end]] = part.data
            indices[indptr[start] : indptr[end]] = part.indices
        out = sp.csr_matrix((data, indices, indptr), shape=(n, N_FEATURES))
        out.has_sorted_indices = True
        return out

    def _weigh_rows(self, w: sp.csr_matrix, c: sp.csr_matrix) -> sp.csr_matrix:
        """Sublinear TF (1 + ln count, as scikit-learn's `sublinear_tf`) × IDF, each block
        scaled, rows normalised, blocks side by side.

        Built on the raw arrays with one matrix construction at the end, because `add`
        of one document must stay near a millisecond.
        """
        n = w.shape[0]
        parts = []
        for counts, idf, weight in (
            (w, self.word_idf_, self.word_weight),
            (c, self.char_idf_, 1.0 - self.word_weight),
        ):
            counts.sum_duplicates()  # also sorts the indices of each row
            rows = np.repeat(np.arange(n), np.diff(counts.indptr))
            data = (np.log(counts.data) + 1.0) * idf[counts.indices]
            norms = np.sqrt(np.bincount(rows, weights=data.astype(np.float64) ** 2, minlength=n))
            scale = np.sqrt(max(weight, 0.0))
            factor = np.divide(scale, norms, out=np.zeros_like(norms), where=norms > 0)
            parts.append((rows, data * factor[rows], counts))
        (w_rows, w_data, _), (c_rows, c_data, _) = parts
        total = np.sqrt(
            np.bincount(w_rows, weights=w_data.astype(np.float64) ** 2, minlength=n)
            + np.bincount(c_rows, weights=c_data.astype(np.float64) ** 2, minlength=n)
        )
        factor = np.divide(1.0, total, out=np.zeros_like(total), where=total > 0)
        indptr = w.indptr.astype(np.int64) + c.indptr
        data = np.empty(indptr[-1], dtype=np.float32)
        indices = np.empty(indptr[-1], dtype=np.int32)
        # Word entries of row r go first in the row, then its char entries (offset columns).
        w_dest = indptr[w_rows] + np.arange(len(w_rows)) - w.indptr[w_rows]
        c_dest = (
            indptr[c_rows] + np.diff(w.indptr)[c_rows] + np.arange(len(c_rows)) - c.indptr[c_rows]
        )
        data[w_dest] = w_data * factor[w_rows]
        data[c_dest] = c_data * factor[c_rows]
        indices[w_dest] = w.indices
        indices[c_dest] = c.indices + WORD_FEATURES
        out = sp.csr_matrix((data, indices, indptr), shape=(n, N_FEATURES))
        out.has_sorted_indices = True
        return out


def _hasher(n_features: int) -> FeatureHasher:
    return FeatureHasher(n_features, input_type="string", alternate_sign=False, dtype=np.float32)


def hashed_counts(rows: Iterable[Sequence[str]], n_features: int) -> sp.csr_matrix:
    """Counts of hashed features per row: the columns of scikit-learn's `FeatureHasher`.

    Built from the hashed positions with one matrix construction, because `add` of one
    document must stay near a millisecond and `FeatureHasher.transform` builds three.
    """
    if _murmur_rows is None:  # pragma: no cover
        return sp.csr_matrix(_hasher(n_features).transform(rows), dtype=np.float32)
    columns, row_ends, _ = _murmur_rows(
        (zip(features, repeat(1)) for features in rows), n_features, np.float32, False, 0
    )
    n_rows = len(row_ends) - 1
    row_of = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(row_ends))
    return _count_matrix(row_of, columns, n_rows, n_features)


def char_counts(texts: Sequence[str], sizes: tuple[int, ...]) -> sp.csr_matrix:
    """`hashed_counts` of each text's character n-grams (`char_ngrams`), the same columns,
    hashed on arrays (`matching.charhash`) rather than one Python string per n-gram."""
    found = char_ngram_columns(texts, sizes, CHAR_FEATURES)
    if found is None:  # pragma: no cover - not UTF-8 encodable: hash the strings
        return hashed_counts((char_ngrams(text, sizes) for text in texts), CHAR_FEATURES)
    return _count_matrix(found[0], found[1], len(texts), CHAR_FEATURES)


def _count_matrix(
    row_of: np.ndarray, columns: np.ndarray, n_rows: int, n_features: int
) -> sp.csr_matrix:
    """The counts of (row, column) pairs as a canonical CSR matrix."""
    keys, counts = np.unique(row_of * n_features + columns, return_counts=True)
    indptr = np.searchsorted(keys, np.arange(n_rows + 1, dtype=np.int64) * n_features)
    out = sp.csr_matrix(
        (counts.astype(np.float32), (keys % n_features).astype(np.int32), indptr),
        shape=(n_rows, n_features),
    )
    out.has_canonical_format = True  # unique and sorted within each row
    return out


#: Hashed column of each word explanations have asked for (a city's vocabulary is a few
#: tens of thousands of words; the same words are asked again and again).
_COLUMNS: dict[str, int] = {}
_MAX_COLUMNS = 500_000


def word_columns(words: Sequence[str]) -> list[int]:
    """The hashed columns of `words`, hashing the ones not seen before in one call."""
    new = [w for w in dict.fromkeys(words) if w not in _COLUMNS]
    if new:
        if len(_COLUMNS) + len(new) > _MAX_COLUMNS:
            _COLUMNS.clear()
        if _murmur_rows is not None:  # one feature per row: the columns come in order
            columns = _murmur_rows((((w, 1),) for w in new), WORD_FEATURES, np.float32, False, 0)[0]
        else:  # pragma: no cover
            columns = hashed_counts([[w] for w in new], WORD_FEATURES).indices
        _COLUMNS.update(zip(new, columns.tolist(), strict=True))
    return [_COLUMNS[w] for w in words]


def _idf(counts: sp.csr_matrix, n: int) -> np.ndarray:
    """Smoothed IDF as in scikit-learn: log((1 + n) / (1 + df)) + 1."""
    df = np.bincount(counts.indices, minlength=int(counts.shape[1]))
    idf: np.ndarray = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
    return idf
