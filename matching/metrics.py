"""Ranking metrics of the data README's protocol: a retrieved row is relevant when it
shares at least one of the six fields with the query ("other" and empty never match)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    """Mean precision@k, nDCG@k and MRR over the queries of one run."""

    precision: float
    ndcg: float
    mrr: float
    queries: int


def relevance(query: frozenset[str], retrieved: Sequence[frozenset[str]]) -> list[int]:
    """1 where a retrieved row shares a field with the query, else 0."""
    return [1 if query & fields else 0 for fields in retrieved]


def score_run(rels: Sequence[Sequence[int]], n_relevant: Sequence[int], k: int = 10) -> Scores:
    """Means over queries; `n_relevant[i]` bounds the ideal DCG of query i."""
    p = nd = rr = 0.0
    for rel, total in zip(rels, n_relevant, strict=True):
        rel = list(rel[:k])
        p += sum(rel) / k
        dcg = sum(r / math.log2(i + 2) for i, r in enumerate(rel))
        ideal = sum(1 / math.log2(i + 2) for i in range(min(k, total)))
        nd += dcg / ideal if ideal else 0.0
        rr += next((1 / (i + 1) for i, r in enumerate(rel) if r), 0.0)
    n = max(len(rels), 1)
    return Scores(p / n, nd / n, rr / n, len(rels))
