"""How the parts of a suggestion's score are computed and combined.

Every part lies in [0, 1] and the score is their weighted mean, so it stays in [0, 1]
and each weight reads as "how much of the score this part may decide". The load factor
then scales the score down for partners who already have many collaborations.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from matching.documents import KINDS


@dataclass(frozen=True, slots=True)
class Weights:
    """Relative weight of each part of the score.

    `text` and `fields` were chosen by 5-fold cross-validation on the development sets, for
    both protocols at once (matching/README.md): with second-order text, a field share of
    0.55 ± 0.03 keeps field P@10 within 5 % of its best while the same-activity P@10 beats
    plain TF-IDF by 15 % or more; 0.8 (the earlier default) let fields drown the text.
    Areas, kinds and sub-areas are not in those sets, so their weights are a small prior,
    kept below what a clear text match adds (cosine ≈ 0.3 × 0.45).
    """

    text: float = 0.45
    fields: float = 0.55
    sub_areas: float = 0.03
    area: float = 0.02
    kind: float = 0.01

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def field_match(query: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """P(the pair shares at least one field), treating fields as independent.

    `query` is (6,) and `candidates` (n, 6), both probabilities (declared fields are 1).
    """
    miss = 1.0 - candidates * query[None, :]
    out: np.ndarray = 1.0 - np.prod(miss, axis=1)
    return out


def area_match(
    query_area: str | None,
    area_codes: np.ndarray,
    names: Sequence[str | None],
    neighbours: Mapping[str, Collection[str]] | None = None,
) -> np.ndarray:
    """1 for the same area, 0.5 for a neighbouring or enclosing area, else 0.

    Rows hold codes into `names` (code 0 = unknown). "北区" counts as inside
    "札幌市北区", so districts written at different precision still meet.
    """
    table = np.zeros(len(names), dtype=np.float32)
    if query_area:
        near = set((neighbours or {}).get(query_area, ()))
        for code, name in enumerate(names):
            if not name:
                continue
            if name == query_area:
                table[code] = 1.0
            elif name in near or name in query_area or query_area in name:
                table[code] = 0.5
    # take: fancy indexing by int32 codes converts them first, 3 times slower at 30k rows.
    out: np.ndarray = np.take(table, area_codes)
    return out


def kind_index(kind: str | None) -> int:
    """Position of `kind` in `KINDS`; the last slot means unknown."""
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


def _kind_table() -> np.ndarray:
    """Affinity of partner kinds: the platform is for citizens working with the city."""
    n = len(KINDS) + 1
    table = np.full((n, n), 0.5, dtype=np.float32)
    dept = KINDS.index("department")
    for i in range(n - 1):
        table[i, dept] = table[dept, i] = 1.0
    table[dept, dept] = 0.25
    return table


KIND_AFFINITY = _kind_table()


def sub_area_match(query: frozenset[str], candidate: frozenset[str]) -> float:
    """Share of the query's sub-areas the candidate also names (0 when either has none)."""
    if not query or not candidate:
        return 0.0
    return len(query & candidate) / len(query)


def load_factor(load: float, penalty: float) -> float:
    """Multiplier in (0, 1] for a partner with `load` current collaborations.

    1 / (1 + penalty · ln(1 + load)): the first few collaborations cost most, and a
    penalty of 0 switches the rule off.
    """
    if load <= 0 or penalty <= 0:
        return 1.0
    return 1.0 / (1.0 + penalty * math.log1p(load))
