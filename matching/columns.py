"""Per-row attributes of the index as growable numpy columns.

Appending one document must not copy every row (at 300,000 rows that alone would cost
milliseconds), so columns grow by doubling their capacity. Strings such as areas and
owners are stored as integer codes so filters are vectorised comparisons.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


class Column:
    """A numpy array that grows at the end in amortised O(rows added)."""

    def __init__(self, dtype: Any, width: int | None = None) -> None:
        shape = (16,) if width is None else (16, width)
        self._data = np.zeros(shape, dtype=dtype)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    @property
    def values(self) -> np.ndarray:
        """A view of the filled rows (writable: callers may mark rows in place)."""
        return self._data[: self._n]

    def extend(self, values: Any) -> None:
        values = np.asarray(values, dtype=self._data.dtype)
        need = self._n + len(values)
        if need > len(self._data):
            grown = np.zeros(
                (max(need, 2 * len(self._data)), *self._data.shape[1:]), dtype=self._data.dtype
            )
            grown[: self._n] = self._data[: self._n]
            self._data = grown
        self._data[self._n : need] = values
        self._n = need


class Codes:
    """Strings to small integer codes; code 0 means unknown (None or empty)."""

    def __init__(self) -> None:
        self.names: list[str | None] = [None]
        self.code_of: dict[str, int] = {}

    def encode(self, values: Sequence[str | None]) -> list[int]:
        out = []
        for value in values:
            if not value:
                out.append(0)
                continue
            code = self.code_of.get(value)
            if code is None:
                code = self.code_of[value] = len(self.names)
                self.names.append(value)
            out.append(code)
        return out

    def get(self, value: str | None) -> int:
        """The code of `value`, or -1 when it was never seen (matches nothing)."""
        return self.code_of.get(value, -1) if value else -1
