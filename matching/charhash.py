"""Hashed character n-gram positions of many texts at once, computed on arrays.

The columns are exactly those of scikit-learn's `FeatureHasher` on the n-gram strings
(MurmurHash3 x86_32 of their UTF-8 bytes, seed 0, then |h| mod the width), so a vector is
the same whichever way it was made. Making a Python string per n-gram and hashing each was
most of the cost of vectorising a text (about 300 n-grams each); here a batch of texts
becomes one array of code points and every n-gram is hashed by a few array operations.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching.text import char_runs

_C1, _C2 = np.uint32(0xCC9E2D51), np.uint32(0x1B873593)  # block and tail mixing
_F1, _F2 = np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35)  # finalisation
_STEP = np.uint32(0xE6546B64)
#: Separates runs and texts in the joined code points; never inside a run.
_GAP = "\0"


def char_ngram_columns(
    texts: Sequence[str], sizes: tuple[int, ...], n_features: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """(the text each n-gram comes from, its hashed column) for every n-gram, or None
    when the runs cannot be encoded (the caller then hashes the strings)."""
    pieces, starts = [], [0]
    for text in texts:
        piece = _GAP.join(char_runs(text)) + _GAP
        pieces.append(piece)
        starts.append(starts[-1] + len(piece))
    try:
        points = np.frombuffer("".join(pieces).encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # pragma: no cover - runs hold letters, never a lone surrogate
        return None
    utf8, lengths = _utf8(points)
    rows, columns = [], []
    for n in sizes:
        at = _gram_starts(points, n)
        rows.append(np.searchsorted(np.asarray(starts), at, side="right") - 1)
        columns.append(_columns(_murmur3(*_gram_bytes(utf8, lengths, at, n)), n_features))
    return np.concatenate(rows), np.concatenate(columns)


def _utf8(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each code point's UTF-8 bytes (one row of 4, zero-padded) and their number."""
    lengths = 1 + (points >= 0x80) + (points >= 0x800) + (points >= 0x10000)
    out = np.zeros((len(points), 4), dtype=np.uint8)
    one, two, three = lengths == 1, lengths == 2, lengths == 3
    four = lengths == 4
    out[one, 0] = points[one]
    p = points[two]
    out[two, 0], out[two, 1] = 0xC0 | (p >> 6), 0x80 | (p & 0x3F)
    p = points[three]
    out[three, 0], out[three, 1] = 0xE0 | (p >> 12), 0x80 | ((p >> 6) & 0x3F)
    out[three, 2] = 0x80 | (p & 0x3F)
    p = points[four]
    out[four, 0], out[four, 1] = 0xF0 | (p >> 18), 0x80 | ((p >> 12) & 0x3F)
    out[four, 2], out[four, 3] = 0x80 | ((p >> 6) & 0x3F), 0x80 | (p & 0x3F)
    return out, lengths.astype(np.int64)


def _gram_starts(points: np.ndarray, n: int) -> np.ndarray:
    """Positions where an n-gram starts without crossing a gap."""
    if len(points) < n:
        return np.zeros(0, dtype=np.int64)
    gap = (points == ord(_GAP)).astype(np.int64)
    gaps_before = np.concatenate([[0], np.cumsum(gap)])
    # No gap among points[i : i + n]:
    return np.flatnonzero(gaps_before[n:] - gaps_before[:-n] == 0)


def _gram_bytes(
    utf8: np.ndarray, lengths: np.ndarray, at: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each n-gram's UTF-8 bytes, left-aligned in a zeroed row (one spare word for the
    hash's tail), and their number."""
    width = 4 * n + 4
    out = np.zeros(len(at) * width, dtype=np.uint8)
    # Each character writes all 4 of its byte slots; the next character's bytes then land
    # over its zero padding, and padding past the last character stays zero.
    end = np.arange(len(at), dtype=np.int64) * width
    for j in range(n):
        chars = utf8[at + j]
        for b in range(4):
            out[end + b] = chars[:, b]
        end += lengths[at + j]
    return out.reshape(len(at), width), end - np.arange(len(at), dtype=np.int64) * width


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    out: np.ndarray = (x << np.uint32(r)) | (x >> np.uint32(32 - r))
    return out


def _murmur3(data: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """MurmurHash3 x86_32 (seed 0) of each row's first `lengths` bytes, as int32."""
    words = data.view("<u4")
    n_words = lengths // 4
    h = np.zeros(len(data), dtype=np.uint32)
    for w in range(words.shape[1] - 1):
        full = n_words > w
        k = words[:, w] * _C1
        k = _rotl(k, 15) * _C2
        mixed = _rotl(h ^ k, 13) * np.uint32(5) + _STEP
        h = np.where(full, mixed, h)
    # The tail (1-3 bytes) is the word after the full ones: the bytes past the end are zero.
    tail = words[np.arange(len(data)), n_words]
    k = _rotl(tail * _C1, 15) * _C2
    h = np.where(lengths % 4 > 0, h ^ k, h)
    h ^= lengths.astype(np.uint32)
    h ^= h >> np.uint32(16)
    h *= _F1
    h ^= h >> np.uint32(13)
    h *= _F2
    h ^= h >> np.uint32(16)
    return h.view(np.int32)


def _columns(hashes: np.ndarray, n_features: int) -> np.ndarray:
    """`FeatureHasher`'s column of each signed hash: |h| mod the width (with its rule for
    -2**31, whose absolute value does not fit)."""
    wide = np.abs(hashes.astype(np.int64))
    out: np.ndarray = (wide % n_features).astype(np.int32)
    out[hashes == np.iinfo(np.int32).min] = (2147483647 - (n_features - 1)) % n_features
    return out
