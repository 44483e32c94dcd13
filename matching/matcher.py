"""`Matcher`: index documents once, then suggest explained partners for any query.

`fit` learns the IDF and the field model and indexes the documents; `add`/`remove`
change the index without learning again; `suggest`/`suggest_many` never learn. Current
load (collaborations and introductions in progress, for the anti-fixation rule) is passed
per query as `load={document id or owner id: count}`, because it changes daily while the
index does not. Candidates can be restricted with `kinds`, `roles`, `ids` or `where`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped,unused-ignore]

from matching import collector
from matching.columns import Codes, Column
from matching.documents import FIELDS, Document, Suggestion, unique_documents
from matching.fields import FieldModel, field_matrix
from matching.index import HYBRID_ROWS, VectorStore
from matching.neighbours import NeighbourRows
from matching.parallel import rank_queries
from matching.parts import base_scores
from matching.ranking import candidate_mask
from matching.scoring import Weights, kind_index
from matching.vectorize import N_FEATURES, TextVectorizer


class Matcher:
    """Ranked, explained partner suggestions from text, fields, area and partner kind.

    Parameters are stored unchanged (scikit-learn style); learnt state ends in `_`.
    `use_declared_fields=False` ignores the fields documents declare and compares
    predicted fields only (used to evaluate without reading any label). `n_jobs` processes
    tokenise large batches and rank large `suggest_many` batches (forked), threads serve
    `nearest`; from `hybrid_rows` rows on the
    index answers from `HybridIndex` (approximate candidates, exact re-rank).
    `second_order` is the share of the text score that comes from shared neighbours
    (`matching.neighbours`); 0 skips keeping them.
    """

    def __init__(
        self,
        weights: Weights | None = None,
        word_weight: float = 0.5,
        field_C: float = 4.0,
        load_penalty: float = 0.5,
        max_per_owner: int = 2,
        near_duplicate: float = 0.9,
        use_declared_fields: bool = True,
        area_neighbours: Mapping[str, Collection[str]] | None = None,
        hybrid_rows: int = HYBRID_ROWS,
        n_jobs: int = 1,
        second_order: float = 0.5,
    ) -> None:
        self.weights = weights
        self.word_weight = word_weight
        self.field_C = field_C
        self.load_penalty = load_penalty
        self.max_per_owner = max_per_owner
        self.near_duplicate = near_duplicate
        self.use_declared_fields = use_declared_fields
        self.area_neighbours = area_neighbours
        self.hybrid_rows = hybrid_rows
        self.n_jobs = n_jobs
        self.second_order = second_order

    # ----- learning and indexing -------------------------------------------------
    def fit(self, docs: Iterable[Document]) -> Matcher:
        """Learn IDF and the field model from `docs` and index them; returns self."""
        docs = unique_documents(docs)
        with collector.paused():
            self.vectorizer_ = TextVectorizer(word_weight=self.word_weight, n_jobs=self.n_jobs)
            X = self.vectorizer_.fit_transform(docs)
            self.field_model_ = FieldModel(C=self.field_C).fit(X, docs)
            self._reset()
            self.neighbours_.learn_anchors(self.store_, X, [d.id for d in docs], self.hybrid_rows)
            self._append(docs, X)
        return self

    def index(self, docs: Iterable[Document]) -> Matcher:
        """Replace the indexed documents using what `fit` learnt (no learning)."""
        docs = unique_documents(docs)
        self._reset()
        self._append(docs, self.vectorizer_.transform(docs))
        return self

    def add(self, docs: Iterable[Document]) -> None:
        """Index more documents (a document with a known id replaces the old one)."""
        docs = unique_documents(docs)
        self.remove(d.id for d in docs if d.id in self.row_of_)
        if docs:
            self._append(docs, self.vectorizer_.transform(docs))

    def remove(self, ids: Iterable[str]) -> None:
        """Stop suggesting these documents; unknown ids are ignored."""
        for doc_id in list(ids):
            row = self.row_of_.pop(doc_id, None)
            if row is not None:
                self.alive_[row] = False

    def merge(self) -> None:
        """Fold recently added documents into the main index now. `add` does this by
        itself once the buffer holds a twentieth of the index; on a large hybrid index
        that takes seconds, so a background worker may prefer to call it off-request."""
        self.store_.merge()

    def __len__(self) -> int:
        return len(self.row_of_)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.row_of_

    def _reset(self) -> None:
        self.docs_: list[Document] = []
        self.row_of_: dict[str, int] = {}
        self.store_ = VectorStore(N_FEATURES, self.hybrid_rows)
        # Reusable dense query row for exact re-scoring (see ranking.row_dots); zero between uses.
        self.scratch_ = np.zeros(N_FEATURES, dtype=np.float32)
        self.place_parts_: dict[tuple[str, str | int | None], np.ndarray] = {}  # place_parts
        self._fields = Column(np.float32, len(FIELDS))
        self._declared = Column(bool)
        self._alive = Column(bool)
        self._kinds = Column(np.int8)
        self._areas = Column(np.int32)
        self._owners = Column(np.int32)
        self._roles = Column(np.int32)
        self.role_codes_ = Codes()
        self.area_codes_ = Codes()
        self.owner_codes_ = Codes()
        # The anchors are learnt by `fit` (like the IDF) and outlive re-indexing.
        earlier = getattr(self, "neighbours_", None)
        self.neighbours_ = NeighbourRows()
        if earlier is not None and earlier.anchors is not None:
            self.neighbours_.set_anchors(earlier.anchors, earlier.anchor_ids)

    # Views of the per-row columns (row = position in `docs_`).
    @property
    def fields_(self) -> np.ndarray:
        """(rows, 6) field probabilities: declared fields are 1, others predicted."""
        return self._fields.values

    def field_columns(self) -> np.ndarray:
        """`fields_` transposed to (6, rows), contiguous, kept until rows are added."""
        cached = getattr(self, "_field_columns", None)
        if cached is None or cached.shape[1] != len(self._fields):
            cached = self._field_columns = np.ascontiguousarray(self.fields_.T)
        return cached

    @property
    def declared_(self) -> np.ndarray:
        return self._declared.values

    @property
    def alive_(self) -> np.ndarray:
        return self._alive.values

    @property
    def kinds_(self) -> np.ndarray:
        return self._kinds.values

    @property
    def areas_(self) -> np.ndarray:
        return self._areas.values

    @property
    def owners_(self) -> np.ndarray:
        return self._owners.values

    def _restore(
        self,
        docs: list[Document],
        X: sp.csr_matrix,
        probs: np.ndarray,
        declared: np.ndarray,
        neighbours: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        """Rebuild the index from saved rows (used by `load`)."""
        self._reset()
        self._append(docs, X, (probs, declared), neighbours)

    def _append(
        self,
        docs: Sequence[Document],
        X: sp.csr_matrix,
        known: tuple[np.ndarray, np.ndarray] | None = None,
        neighbours: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        start = len(self.docs_)
        probs, declared = known if known is not None else self._field_probs(docs, X)
        self.docs_.extend(docs)
        self.row_of_.update({d.id: start + i for i, d in enumerate(docs)})
        self.store_.append(X)
        self._fields.extend(probs)
        self._declared.extend(declared)
        self._alive.extend(np.ones(len(docs), dtype=bool))
        self._kinds.extend([kind_index(d.kind) for d in docs])
        self._areas.extend(self.area_codes_.encode([d.area for d in docs]))
        self._owners.extend(self.owner_codes_.encode([d.owner for d in docs]))
        self._roles.extend(self.role_codes_.encode([d.role for d in docs]))
        if self.second_order > 0:
            self.neighbours_.extend(*(
                neighbours or self.neighbours_.nearest(X, [d.id for d in docs], self.n_jobs)))

    def _field_probs(
        self, docs: Sequence[Document], X: sp.csr_matrix
    ) -> tuple[np.ndarray, np.ndarray]:
        """Declared fields where given (and trusted), predicted probabilities elsewhere."""
        probs = self.field_model_.predict_proba(X)
        declared = np.array([bool(d.fields) for d in docs], dtype=bool)
        if self.use_declared_fields and declared.any():
            probs[declared] = field_matrix([d for d, k in zip(docs, declared, strict=True) if k])
        return probs, declared & self.use_declared_fields

    # ----- queries -----------------------------------------------------------------
    def suggest(
        self,
        query: Document,
        k: int = 10,
        *,
        load: Mapping[str, float] | None = None,
        kinds: Collection[str] | None = None,
        roles: Collection[str | None] | None = None,
        ids: Collection[str] | None = None,
        where: Callable[[Document], bool] | None = None,
        role_kinds: Mapping[str | None, Collection[str] | None] | None = None,
    ) -> list[Suggestion]:
        """The `k` best partners for `query`, best first; never the query itself."""
        return self.suggest_many(
            [query], k, load=load, kinds=kinds, roles=roles, ids=ids, where=where,
            role_kinds=role_kinds,
        )[0]

    def suggest_many(
        self,
        queries: Sequence[Document],
        k: int = 10,
        *,
        load: Mapping[str, float] | None = None,
        kinds: Collection[str] | None = None,
        roles: Collection[str | None] | None = None,
        ids: Collection[str] | None = None,
        where: Callable[[Document], bool] | None = None,
        role_kinds: Mapping[str | None, Collection[str] | None] | None = None,
        previous: Mapping[str, Sequence[Suggestion]] | None = None,
    ) -> list[list[Suggestion]]:
        """`suggest` for each query, in the same order, scoring queries in blocks.

        `role_kinds={"need": None, "profile": {"department"}}` allows candidates whose
        role is a key and, where the value is not None, whose kind is in it (a union of
        filters, vectorised; prefer it and the other filters to `where`). `previous` (the
        last lists per query id) lets a pair whose score did not change keep its reasons
        instead of being explained again (the costliest part of a suggestion)."""
        queries = list(queries)
        if not queries or k <= 0 or not self.row_of_:
            return [[] for _ in queries]
        allowed = candidate_mask(self, kinds, roles, ids, where, role_kinds)
        return rank_queries(self, queries, k, allowed, load, previous)

    def nearest(
        self, queries: Sequence[Document], k: int = 10, n_jobs: int | None = None
    ) -> list[list[tuple[str, float]]]:
        """Text-only cosine neighbours (id, cosine), best first: the fast path behind
        all-pairs work such as the coordinator's overview. Skips the query itself."""
        queries = list(queries)
        if not queries or not self.row_of_ or k <= 0:
            return [[] for _ in queries]
        Q = self.vectorizer_.transform(queries)
        positions, cosines = self.store_.topk(Q, k + 1, self.alive_.copy(), n_jobs or self.n_jobs)
        out = []
        for query, rows, sims in zip(queries, positions, cosines, strict=True):
            found = [
                (self.docs_[r].id, float(c))
                for r, c in zip(rows, sims, strict=True)
                if np.isfinite(c) and self.docs_[r].id != query.id
            ]
            out.append(found[:k])
        return out

    def base_scores(
        self, query: Document, text: np.ndarray, query_p: np.ndarray
    ) -> dict[str, np.ndarray]:
        """The parts of the score for every indexed row (before load and diversity)."""
        return base_scores(self, query, text, query_p)

    # ----- persistence ---------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        """Write the fitted matcher to one file (no pickle)."""
        from matching.persist import save

        save(self, Path(path))

    @classmethod
    def load(cls, path: str | Path) -> Matcher:
        """Read a matcher written by `save`."""
        from matching.persist import load

        return load(Path(path))
