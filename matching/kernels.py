"""Products and gathers on plain CSR arrays, for the few hundred rows one query touches.

Ranking one query gathers a pool's rows and multiplies them by the query a few times. At that
size scipy's matrix indexing and products spend more on checks, copies and new matrix objects
than on the work, and numpy's repeat-and-bincount makes several passes; so scipy's compiled
CSR kernels (the ones its matrices use inside) are called directly, with a numpy fallback
should a scipy build lack them.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

try:
    from scipy.sparse._sparsetools import (  # type: ignore[import-untyped,unused-ignore]
        csc_matvec as _csc_matvec,
    )
    from scipy.sparse._sparsetools import (  # type: ignore[import-untyped,unused-ignore]
        csr_matvec as _csr_matvec,
    )
    from scipy.sparse._sparsetools import (  # type: ignore[import-untyped,unused-ignore]
        csr_row_index as _csr_row_index,
    )

    COMPILED = True
except ImportError:  # pragma: no cover - a scipy without its compiled kernels
    COMPILED = False


class Rows(NamedTuple):
    """Some rows in CSR form (`indptr`, `indices`, `data`), without a scipy matrix around
    them: building one costs more than the gather itself for a hundred rows."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray


def take_rows(matrix: Rows, positions: np.ndarray) -> Rows:
    """The rows at `positions`, in that order, copied into one contiguous `Rows`."""
    ptr = matrix.indptr
    at = np.asarray(positions, dtype=ptr.dtype)
    if len(at) and int(at.min()) < 0:  # the kernel would read before the matrix
        raise IndexError("row positions must not be negative")
    indptr = np.zeros(len(at) + 1, dtype=ptr.dtype)
    np.cumsum(ptr[at + 1] - ptr[at], out=indptr[1:])
    n = int(indptr[-1])
    if not COMPILED:  # pragma: no cover
        starts = ptr[at].astype(np.int64)
        gather = np.repeat(starts - indptr[:-1], np.diff(indptr)) + np.arange(n)
        return Rows(indptr, matrix.indices[gather], matrix.data[gather])
    indices = np.empty(n, dtype=matrix.indices.dtype)
    data = np.empty(n, dtype=matrix.data.dtype)
    _csr_row_index(len(at), at, ptr, matrix.indices, matrix.data, indices, data)
    return Rows(indptr, indices, data)


def rows_dot(rows: Rows, dense: np.ndarray) -> np.ndarray:
    """`rows @ dense` for a dense vector as wide as the rows (each row's dot product), in
    O(the rows' entries). `dense` must have the rows' data type."""
    n_rows = len(rows.indptr) - 1
    out = np.zeros(n_rows, dtype=rows.data.dtype)
    if not COMPILED:  # pragma: no cover
        row_of = np.repeat(np.arange(n_rows), np.diff(rows.indptr))
        products = rows.data * dense[rows.indices]
        return np.bincount(row_of, weights=products, minlength=n_rows).astype(out.dtype)
    indices = rows.indices.astype(rows.indptr.dtype, copy=False)
    _csr_matvec(n_rows, len(dense), rows.indptr, indices, rows.data, dense, out)
    return out


def weighted_row_sum(
    rows: Rows, weights: np.ndarray, width: int, out: np.ndarray | None = None
) -> np.ndarray:
    """Σ_j weights[j] × row j as a dense vector of `width` (the rows' columns must be below
    it), in one pass over the rows' entries; added to `out` when given (a contiguous vector
    of the rows' data type)."""
    if out is None:
        out = np.zeros(width, dtype=rows.data.dtype)
    if len(out) != width or out.dtype != rows.data.dtype or not out.flags.c_contiguous:
        raise ValueError("out must be a contiguous vector of `width` in the rows' data type")
    weights = np.asarray(weights, dtype=rows.data.dtype)
    if not COMPILED:  # pragma: no cover
        lengths = np.diff(rows.indptr)
        found = np.bincount(rows.indices, weights=rows.data * np.repeat(weights, lengths),
                            minlength=width)
        out += found[:width].astype(out.dtype)
        return out
    # The rows in CSR are the columns of their transpose in CSC: its product with `weights`.
    _csc_matvec(width, len(weights), rows.indptr, rows.indices, rows.data, weights, out)
    return out
