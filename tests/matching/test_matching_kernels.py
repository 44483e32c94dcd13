"""The CSR kernels ranking calls per query agree with scipy's own matrix operations."""

import numpy as np
import pytest
import scipy.sparse as sp

from matching.kernels import Rows, rows_dot, take_rows, weighted_row_sum


def _matrix(seed: int = 0) -> sp.csr_matrix:
    m = sp.random(60, 500, density=0.05, format="lil", dtype=np.float32, random_state=seed)
    m[7] = 0.0  # an empty row
    return sp.csr_matrix(m)


def _as_rows(m: sp.csr_matrix) -> Rows:
    return Rows(m.indptr, m.indices, m.data)


def test_take_rows_returns_the_rows_in_the_order_asked() -> None:
    m = _matrix()
    positions = np.array([5, 7, 0, 59, 5])
    picked = take_rows(_as_rows(m), positions)
    got = sp.csr_matrix((picked.data, picked.indices, picked.indptr), shape=(5, 500))
    assert (got != m[positions]).nnz == 0


def test_take_rows_refuses_negative_positions() -> None:
    with pytest.raises(IndexError):
        take_rows(_as_rows(_matrix()), np.array([3, -1]))


def test_rows_dot_is_each_rows_dot_product() -> None:
    m = _matrix(1)
    dense = np.random.default_rng(2).random(500, dtype=np.float32)
    np.testing.assert_allclose(rows_dot(_as_rows(m), dense), m @ dense, rtol=1e-5)
    assert rows_dot(_as_rows(m), dense)[7] == 0.0


def test_weighted_row_sum_adds_the_weighted_rows() -> None:
    m = _matrix(3)
    weights = np.array([0.5, 2.0, 0.0, 1.0], dtype=np.float32)
    picked = take_rows(_as_rows(m), np.array([1, 2, 3, 7]))
    expected = weights @ m[[1, 2, 3, 7]].toarray()
    np.testing.assert_allclose(weighted_row_sum(picked, weights, 500), expected, rtol=1e-5)


def test_weighted_row_sum_adds_into_a_given_vector() -> None:
    m = _matrix(4)
    picked = take_rows(_as_rows(m), np.array([0, 9]))
    out = np.full(500, 0.25, dtype=np.float32)
    weighted_row_sum(picked, np.array([1.0, 3.0]), 500, out=out)
    expected = 0.25 + m[0].toarray()[0] + 3.0 * m[9].toarray()[0]
    np.testing.assert_allclose(out, expected, rtol=1e-5)
    with pytest.raises(ValueError):
        weighted_row_sum(picked, np.array([1.0, 3.0]), 500, out=np.zeros(499, dtype=np.float32))
