"""Ranking many queries: in blocks, and on `Matcher.n_jobs` processes when the batch is
large (a full reindex): the caller's own and `n_jobs - 1` forked children. Ranking is mostly
Python (pools, diversity, reasons), so threads would queue on the interpreter lock; forked
children share the fitted index copy-on-write and send back only their suggestions."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from matching import collector
from matching.documents import Document, Suggestion
from matching.index import query_rows
from matching.parts import neighbour_vectors
from matching.ranking import rank

if TYPE_CHECKING:
    from matching.matcher import Matcher

#: Queries are scored in blocks of this many so the dense score block stays small.
QUERY_BLOCK = 256
#: Fork only for batches of at least this many queries (a fork costs tens of milliseconds).
FORK_QUERIES = 2_000

_JOB: tuple[Any, ...] | None = None  # what forked children read (never pickled)


# The collector stays off for the batch, here and while the children's lists are unpickled
# (millions of new objects: each full collection would walk them all again).
@collector.paused()
def rank_queries(
    matcher: Matcher,
    queries: list[Document],
    k: int,
    allowed: np.ndarray,
    load: Mapping[str, float] | None,
    previous: Mapping[str, Sequence[Suggestion]] | None,
) -> list[list[Suggestion]]:
    jobs = max(1, int(matcher.n_jobs))
    methods = multiprocessing.get_all_start_methods()
    if jobs == 1 or len(queries) < FORK_QUERIES or "fork" not in methods:
        return _serial(matcher, queries, k, allowed, load, previous)
    global _JOB
    _JOB = (matcher, queries, k, allowed, load, previous)
    step = -(-len(queries) // jobs)
    own, *others = [(s, s + step) for s in range(0, len(queries), step)]
    if not others:
        return _serial(matcher, queries, k, allowed, load, previous)
    try:
        # The parent ranks the first share itself instead of waiting: its lists need no
        # pickling, and unpickling every child's list one after another in the parent had
        # cost as much as ranking them (50,000 suggestions: 2.3 s against 3.6 s).
        with multiprocessing.get_context("fork").Pool(len(others)) as pool:
            pending = pool.map_async(_child, others)
            first = _serial(matcher, queries[own[0] : own[1]], k, allowed, load, previous)
            parts = [first, *pending.get()]
    finally:
        _JOB = None
    return [found for part in parts for found in part]


def _child(bounds: tuple[int, int]) -> list[list[Suggestion]]:
    assert _JOB is not None
    matcher, queries, k, allowed, load, previous = _JOB
    # A child never collects: a collection would also write to every inherited object's
    # header, copying the parent's pages that fork shares.
    gc.disable()
    return _serial(matcher, queries[bounds[0] : bounds[1]], k, allowed, load, previous)


def _serial(
    matcher: Matcher,
    queries: list[Document],
    k: int,
    allowed: np.ndarray,
    load: Mapping[str, float] | None,
    previous: Mapping[str, Sequence[Suggestion]] | None,
) -> list[list[Suggestion]]:
    out: list[list[Suggestion]] = []
    for start in range(0, len(queries), QUERY_BLOCK):
        block = queries[start : start + QUERY_BLOCK]
        Q = matcher.vectorizer_.transform(block)
        probs, declared = matcher._field_probs(block, Q)
        scored = matcher.store_.scored(Q)
        text = scored[0]
        vectors = neighbour_vectors(matcher, block, Q, scored)
        for i, (query, q_row) in enumerate(zip(block, query_rows(Q), strict=True)):
            earlier = (previous or {}).get(query.id, ())
            out.append(rank(
                matcher, query, q_row, text[i], probs[i], bool(declared[i]), allowed, k, load,
                earlier, vectors[i] if vectors else None,
            ))
    return out
