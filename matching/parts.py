"""The parts of a suggestion's score that every indexed row has, for one query: text (cosine
blended with second-order similarity), field agreement, area and partner kind, and their
weighted mean. Shared by ranking and by `matching.reach`, which must score exactly alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped,unused-ignore]

from matching.documents import Document
from matching.scoring import (
    KIND_AFFINITY,
    Weights,
    area_match,
    field_match,
    kind_index,
)

if TYPE_CHECKING:
    from matching.matcher import Matcher

#: Areas and kinds whose parts `place_parts` keeps per matcher (a city has a few dozen areas).
PLACE_PARTS = 128

Vector = tuple[np.ndarray, np.ndarray]
"""A neighbour vector: anchor positions and their normalised cosines."""


def base_scores(
    matcher: Matcher,
    query: Document,
    text: np.ndarray,
    query_p: np.ndarray,
    vector: Vector | None = None,
) -> dict[str, np.ndarray]:
    """The parts of the score for every indexed row (before load and diversity).

    `text` is the query's plain cosine with every row; the text part blends it with the
    second-order similarity (`matching.neighbours`). The field part is scaled by how sure
    the query's fields are (1 − Π(1 − p): 1 for declared fields), so a text whose fields
    the model cannot tell is ranked by what it says rather than by a guessed field.
    `vector` is the query's neighbour vector when the caller has it (`neighbour_vectors`)."""
    area, kind = place_parts(matcher, query)
    fields = fast_field_match(matcher, query_p)
    fields *= field_confidence(query_p)
    return {
        "text": text_part(matcher, query, text, vector),
        "fields": fields,
        "area": area,
        "kind": kind,
    }


def place_parts(matcher: Matcher, query: Document) -> tuple[np.ndarray, np.ndarray]:
    """The area and partner-kind parts of every row, read-only. Each depends only on the
    query's area or kind, and a row never changes its area or kind, so each is kept per
    area and per kind until rows are added."""
    w = matcher.weights or Weights()
    n_rows = len(matcher.kinds_)
    cache = matcher.place_parts_
    area_key, kind_key = ("area", query.area if w.area else None), ("kind", kind_index(query.kind))
    area, kind = cache.get(area_key), cache.get(kind_key)
    if area is None or len(area) != n_rows:
        area = (
            area_match(query.area, matcher.areas_, matcher.area_codes_.names,
                       matcher.area_neighbours)
            if w.area
            else np.zeros(n_rows, dtype=np.float32)
        )
        area.flags.writeable = False
        if len(cache) >= PLACE_PARTS:
            cache.clear()
        cache[area_key] = area
    if kind is None or len(kind) != n_rows:
        kind = np.take(KIND_AFFINITY[kind_key[1]], matcher.kinds_)
        kind.flags.writeable = False
        cache[kind_key] = kind
    return area, kind


def text_part(
    matcher: Matcher, query: Document, text: np.ndarray, vector: Vector | None = None
) -> np.ndarray:
    """(1 − s) × cosine + s × second-order similarity, s = `Matcher.second_order`."""
    cosine: np.ndarray = np.clip(text, 0.0, 1.0)
    share = matcher.second_order
    table = matcher.neighbours_
    if share <= 0 or not len(table):
        return cosine
    if vector is None:
        (vector,) = neighbour_vectors(matcher, [query])
    second = table.similarity(*vector, len(cosine))  # a new array: scaled in place
    cosine *= 1.0 - share
    second *= share
    cosine += second
    return cosine


def neighbour_vectors(
    matcher: Matcher,
    queries: Sequence[Document],
    Q: sp.csr_matrix | None = None,
    scored: tuple[np.ndarray, np.ndarray | None] | None = None,
) -> list[Vector]:
    """Each query's neighbour vector: the stored one for an indexed document whose text is
    unchanged, else its nearest anchors, found for all such queries in one batch (from
    their index scores `scored` = `store_.scored(Q)` when given). Empty when the matcher
    keeps no neighbours (`second_order=0`): the text part is then the cosine."""
    table = matcher.neighbours_
    if matcher.second_order <= 0 or not len(table):
        return []
    out: list[Vector | None] = []
    for query in queries:
        own = matcher.row_of_.get(query.id)
        fresh = own is None or matcher.docs_[own].text != query.text  # new or edited
        out.append(None if fresh else (table.positions[own], table.weights[own]))
    missing = [i for i, v in enumerate(out) if v is None]
    if missing and scored is not None:
        picked = scored if len(missing) == len(out) else (  # all new: no copy of the scores
            scored[0][missing], None if scored[1] is None else scored[1][missing])
        found = table.vectors_from_scores(
            matcher.store_, picked, [queries[i].id for i in missing]
        )
        if found is not None:
            for i, vector in zip(missing, found, strict=True):
                out[i] = vector
            missing = []
    if missing:
        rows = (
            Q[missing] if Q is not None
            else matcher.vectorizer_.transform([queries[i] for i in missing])
        )
        found = table.vectors(rows, [queries[i].id for i in missing], matcher.n_jobs)
        for i, vector in zip(missing, found, strict=True):
            out[i] = vector
    return [v for v in out if v is not None]


def exact_text_shift(matcher: Matcher, approximate: np.ndarray, exact: np.ndarray) -> np.ndarray:
    """How much the text part moves when approximate cosines are replaced by exact ones."""
    share = matcher.second_order if len(matcher.neighbours_) else 0.0
    out: np.ndarray = (1.0 - share) * (exact - np.clip(approximate, 0.0, 1.0))
    return out


def field_confidence(query_p: np.ndarray) -> float:
    """P(the query is in at least one field): 1 − Π(1 − p)."""
    return float(1.0 - np.prod(1.0 - np.clip(np.asarray(query_p, dtype=np.float64), 0.0, 1.0)))


def fast_field_match(matcher: Matcher, query_p: np.ndarray) -> np.ndarray:
    """`scoring.field_match` (P(the pair shares a field)) one field column at a time in float32:
    a product over a 6-wide axis is slow in numpy, six contiguous passes are not."""
    columns = matcher.field_columns()
    if not len(columns) or len(query_p) != columns.shape[0]:
        return field_match(query_p, matcher.fields_)
    miss = np.ones(columns.shape[1], dtype=np.float32)
    step = np.empty_like(miss)
    for j, p in enumerate(np.asarray(query_p, dtype=np.float32)):
        if p > 0.0:  # miss *= 1 - p × column, in place
            np.multiply(columns[j], p, out=step)
            np.subtract(1.0, step, out=step)
            miss *= step
    np.subtract(1.0, miss, out=miss)
    return miss


def combine(w: Weights, parts: dict[str, np.ndarray]) -> np.ndarray:
    """The weighted mean of the parts every row has (sub-areas and load come later)."""
    total = w.text + w.fields + w.sub_areas + w.area + w.kind
    # In place, in the order of the plain expression (the same float32 results, fewer arrays).
    out: np.ndarray = w.text * parts["text"]
    out += w.fields * parts["fields"]
    out += w.area * parts["area"]
    out += w.kind * parts["kind"]
    out /= total
    return out
