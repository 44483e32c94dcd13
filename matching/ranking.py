"""Ranking one query: combine the score parts, re-score a pool exactly, weigh partner load,
keep the owners diverse, and explain each suggestion. Kept apart from the index so the
:class:`~matching.matcher.Matcher` stays about documents and vectors."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, cast

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped,unused-ignore]

from matching.diversity import diversify
from matching.documents import Document, Suggestion
from matching.explain import build_reasons, diversity_reason
from matching.index import QueryRow
from matching.kernels import Rows, rows_dot
from matching.parts import Vector, base_scores, combine, exact_text_shift
from matching.scoring import (
    Weights,
    kind_index,
    load_factor,
    sub_area_match,
)
from matching.search import top_candidates

if TYPE_CHECKING:
    from matching.matcher import Matcher


#: Pool re-scored exactly on a hybrid index (its text scores are approximate). On the
#: 30,000-document benchmark 50 gave the same lists as 100, for half the gather.
POOL_HYBRID = 50


def candidate_mask(
    matcher: Matcher,
    kinds: Collection[str] | None,
    roles: Collection[str | None] | None,
    ids: Collection[str] | None,
    where: Callable[[Document], bool] | None,
    role_kinds: Mapping[str | None, Collection[str] | None] | None = None,
) -> np.ndarray:
    """Allowed rows as one boolean mask; every filter but `where` is a numpy comparison on
    the code columns (`where` calls Python per document and is kept for compatibility)."""
    mask = matcher.alive_.copy()
    if kinds is not None:
        mask &= _kind_mask(matcher, kinds)
    if roles is not None:
        mask &= _role_mask(matcher, roles)
    if role_kinds is not None:
        either = np.zeros_like(mask)
        for role, role_kind in role_kinds.items():
            part = _role_mask(matcher, [role])
            if role_kind is not None:
                part &= _kind_mask(matcher, role_kind)
            either |= part
        mask &= either
    if ids is not None:
        rows = np.fromiter((matcher.row_of_.get(i, -1) for i in ids), dtype=np.int64)
        keep = np.zeros_like(mask)
        keep[rows[rows >= 0]] = True
        mask &= keep
    if where is not None:
        mask &= np.array([bool(where(d)) for d in matcher.docs_], dtype=bool)
    return mask


def _kind_mask(matcher: Matcher, kinds: Collection[str]) -> np.ndarray:
    wanted = [kind_index(k) for k in kinds if k]
    return np.isin(matcher.kinds_, wanted)


def _role_mask(matcher: Matcher, roles: Collection[str | None]) -> np.ndarray:
    codes = [matcher.role_codes_.get(r) if r else 0 for r in roles]
    return np.isin(matcher._roles.values, codes)


def rank(
    matcher: Matcher,
    query: Document,
    q_vec: QueryRow,
    text: np.ndarray,
    query_p: np.ndarray,
    q_declared: bool,
    allowed: np.ndarray,
    k: int,
    load: Mapping[str, float] | None,
    previous: Sequence[Suggestion] = (),
    vector: Vector | None = None,
) -> list[Suggestion]:
    w = matcher.weights or Weights()
    total = w.text + w.fields + w.sub_areas + w.area + w.kind
    parts = base_scores(matcher, query, text, query_p, vector)
    score = combine(w, parts)
    mask = allowed.copy()
    self_row = matcher.row_of_.get(query.id)
    if self_row is not None:
        mask[self_row] = False
    if query.owner:  # a group is not its own partner
        mask &= matcher.owners_ != matcher.owner_codes_.get(query.owner)
    n_candidates = int(np.count_nonzero(mask))
    if not n_candidates:
        return []
    # A hybrid index gives approximate text scores: a wider pool is re-scored exactly.
    wide = POOL_HYBRID if matcher.store_.hybrid is not None else 0
    pool_size = min(n_candidates, max(4 * k, k + 20, wide))
    pool = _best_rows(score, mask, pool_size)
    vectors = matcher.store_.gather(pool)
    scratch = matcher.scratch_
    if matcher.store_.hybrid is not None:  # the pool's text scores were approximate
        exact = np.clip(row_dots(vectors, q_vec, scratch), 0.0, 1.0)
        shift = exact_text_shift(matcher, text[pool], exact)
        score[pool] += w.text * shift / total
        parts["text"][pool] += shift
    q_subs = query.sub_areas()
    final = score[pool].astype(np.float64)
    loads = np.zeros(len(pool))
    if q_subs or load:
        for j, row in enumerate(pool):
            doc = matcher.docs_[row]
            final[j] += w.sub_areas * sub_area_match(q_subs, doc.sub_areas()) / total
            loads[j] = _load_of(doc, load)
            final[j] *= load_factor(loads[j], matcher.load_penalty)
    order = np.lexsort((pool, -final))  # equal scores: the earlier row first, always
    pool, final, loads = pool[order], final[order], loads[order]
    names = matcher.owner_codes_.names  # code 0 is None: no organisation
    owners = [names[c] for c in matcher.owners_[pool].tolist()]
    similarity = PoolSimilarity(vectors, order, scratch)
    chosen, held = diversify(
        owners, cast(np.ndarray, similarity), k, matcher.max_per_owner, matcher.near_duplicate
    )
    chosen.sort()  # diversity decides who is shown; the order stays by score
    known = {s.id: s for s in previous}
    return [
        _unchanged(
            known.get(matcher.docs_[int(pool[j])].id), float(final[j]),
            (matcher.docs_[int(pool[j])].owner or "\0") in held,
        )
        or suggestion(
            matcher,
            query,
            int(pool[j]),
            float(final[j]),
            parts,
            query_p,
            q_declared,
            float(loads[j]),
            held,
        )
        for j in chosen
    ]


def _best_rows(score: np.ndarray, mask: np.ndarray, size: int) -> np.ndarray:
    """The `size` best allowed rows, unordered (`size` ≤ the allowed rows): a sampled
    threshold on a large index (one pass instead of a selection over every row)."""
    if len(score) < 4096:
        candidates = np.flatnonzero(mask)
        best: np.ndarray = candidates[np.argpartition(-score[candidates], size - 1)[:size]]
    else:
        best = top_candidates(np.where(mask, score, -np.inf)[None, :], size)[0]
    return best


def row_dots(rows: Rows | sp.csr_matrix, q_vec: QueryRow, scratch: np.ndarray) -> np.ndarray:
    """Exact cosine of each row with one query row, in O(non-zeros of the rows).

    `rows @ q_vec.T` would build a transposed matrix as wide as the hashed feature space
    (a million columns) per query; scattering the query into a reusable dense array and
    multiplying by it costs only the rows' own entries."""
    scratch[q_vec.indices] = q_vec.data
    try:
        return rows_dot(Rows(rows.indptr, rows.indices, rows.data), scratch)
    finally:
        scratch[q_vec.indices] = 0.0


class PoolSimilarity:
    """The pool's cosine matrix, computed only where `diversify` looks (`sim[i, chosen]`).

    Diversity stops after k choices, so it reads a dozen rows of the pool's matrix. The
    chosen rows are copied once each to the end of a small CSR buffer (`chosen` only
    grows), so a read is one scatter of row i and one product with the buffer: a dot
    product per chosen row had cost 45 µs a read."""

    def __init__(self, rows: Rows, order: np.ndarray, scratch: np.ndarray) -> None:
        self.ptr: list[int] = rows.indptr.tolist()
        self.indices, self.data = rows.indices, rows.data
        self.order: list[int] = order.tolist()
        self.scratch = scratch
        self._indptr = np.zeros(len(self.ptr), dtype=rows.indptr.dtype)
        self._columns = np.empty(len(rows.indices), dtype=rows.indptr.dtype)
        self._values = np.empty(len(rows.data), dtype=rows.data.dtype)
        self._seen: list[int] = []

    def _take(self, chosen: list[int]) -> None:
        """Copy the entries of the newly chosen rows to the end of the buffer."""
        if chosen[: len(self._seen)] != self._seen:  # not the growing list: start again
            self._seen = []
        ptr, n = self.ptr, len(self._seen)
        end = int(self._indptr[n])
        for j in chosen[n:]:
            r = self.order[j]
            a, b = ptr[r], ptr[r + 1]
            self._columns[end : end + b - a] = self.indices[a:b]
            self._values[end : end + b - a] = self.data[a:b]
            end += b - a
            self._seen.append(j)
            self._indptr[len(self._seen)] = end

    def __getitem__(self, key: tuple[int, list[int]]) -> np.ndarray:
        i, chosen = key
        if not chosen:
            return np.zeros(0, dtype=np.float32)
        self._take(chosen)
        n = len(self._seen)
        end = int(self._indptr[n])
        scratch, r = self.scratch, self.order[i]
        cols = self.indices[self.ptr[r] : self.ptr[r + 1]]
        scratch[cols] = self.data[self.ptr[r] : self.ptr[r + 1]]
        try:
            buffer = Rows(self._indptr[: n + 1], self._columns[:end], self._values[:end])
            return rows_dot(buffer, scratch)
        finally:
            scratch[cols] = 0.0


def _unchanged(earlier: Suggestion | None, score: float, held: bool) -> Suggestion | None:
    """An earlier suggestion of the same pair at the same score: its reasons (which depend on
    the pair, its load and whether its organisation was held back) still hold."""
    if earlier is None or abs(earlier.score - min(max(score, 0.0), 1.0)) > 1e-6:
        return None
    if any(r.code == "diversity" for r in earlier.reasons) != held:
        return None
    return earlier


def suggestion(
    matcher: Matcher,
    query: Document,
    row: int,
    score: float,
    parts: dict[str, np.ndarray],
    query_p: np.ndarray,
    q_declared: bool,
    load: float,
    held: set[str],
) -> Suggestion:
    doc = matcher.docs_[row]
    shown = {name: float(values[row]) for name, values in parts.items()}
    shown["sub_areas"] = sub_area_match(query.sub_areas(), doc.sub_areas())
    shown["load_factor"] = load_factor(load, matcher.load_penalty)
    reasons = build_reasons(
        query,
        doc,
        shown,
        query_p,
        matcher.fields_[row],
        (q_declared, bool(matcher.declared_[row])),
        matcher.vectorizer_,
        load,
    )
    if doc.owner and doc.owner in held:
        reasons.append(diversity_reason(doc.owner, matcher.max_per_owner))
    return Suggestion(id=doc.id, score=min(max(score, 0.0), 1.0), reasons=reasons, parts=shown)


def _load_of(doc: Document, load: Mapping[str, float] | None) -> float:
    if not load:
        return 0.0
    value = load.get(doc.id)
    if value is None and doc.owner:
        value = load.get(doc.owner)
    return float(value or 0.0)
