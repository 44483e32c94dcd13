"""The matching worker's benchmark: freshness after one edit, full suggestions against
scikit-learn, and a full reindex. Every figure is printed beside a baseline from the same run.

    python -m benchmarks.worker_bench                     # all three parts (make bench-worker)
    python -m benchmarks.worker_bench --part fresh        # only the 10x-city freshness check
    python -m benchmarks.worker_bench --part reindex --docs 300000 --queries 50000

1. **fresh**: a new PostgreSQL database with the demo city multiplied 10x (as `make
   check-load`), a full worker pass, then one call (need) edited to fit a group: the time of
   the next worker pass, and whether the call is then in the lists of its three best
   candidate groups. Baseline: what every change used to cost (every list recomputed one
   query at a time with a Python ``where`` closure, the whole table rewritten).
2. **suggest**: `Matcher.suggest_many` (full score, diversity and reasons) for 5,000
   queries over 30,000 synthetic documents against scikit-learn's brute-force cosine
   top-10 on the same vectors.
3. **reindex**: fit + every list with reasons, wall time and peak memory (default 10,000
   queries × 60,000 documents, extrapolated linearly to 50,000 × 300,000 and said so).
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from dataclasses import replace
from typing import cast

from benchmarks.matching_bench import Measured, measure, sklearn_topk
from benchmarks.synth import documents
from matching import Matcher, Suggestion
from matching.explain import _query_words, _text_words
from matching.text import tokenize

TARGET_FRESH_S = 2.0
TARGET_SPEEDUP = 2.0
TARGET_REINDEX_S = 600.0
TARGET_REINDEX_GB = 6.0


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def cold(run: Callable[[], object]) -> Callable[[], object]:
    """`run` with the explanations' per-text word weights forgotten first, so every engine
    figure pays for explaining its candidates (one run would otherwise warm the next)."""

    def fresh() -> object:
        _query_words.cache_clear()
        _text_words.cache_clear()
        return run()

    return fresh


def best_of(runs: int, fn: Callable[[], object]) -> Measured:
    """The fastest of `runs` timings of `fn` (this virtual machine's timings vary by 10-20 %
    from run to run; the fastest is the least disturbed, for either side)."""
    return min((measure(fn) for _ in range(runs)), key=lambda m: m.seconds)


def suggest_part(n_docs: int, n_queries: int, runs: int = 2) -> None:
    print(f"\n== full suggestions with reasons: {n_queries:,} queries × {n_docs:,} documents")
    docs = [replace(d, tokens=tokenize(d.text)) for d in documents(n_docs)]
    # New records, as the worker meets them: their words were stored when they were saved,
    # like the corpus'. A second set of the same kind arrives as raw text (tokenised here).
    queries = [replace(d, tokens=tokenize(d.text)) for d in documents(n_queries, 1, prefix="q")]
    raw = list(documents(n_queries, seed=3, prefix="r"))
    fit = measure(lambda: Matcher().fit(docs))
    matcher: Matcher = fit.value
    print(f"fit: {fit.seconds:.1f} s")
    X = matcher.store_.matrix()
    Q = matcher.vectorizer_.transform(queries)
    base = best_of(runs, lambda: sklearn_topk(Q, X, 10))
    base2 = best_of(runs, lambda: sklearn_topk(Q, X, 10, n_jobs=2))
    ours = best_of(runs, cold(lambda: matcher.suggest_many(queries, 10)))
    # once: a second run would find the raw texts already tokenised
    from_text = measure(cold(lambda: matcher.suggest_many(raw, 10)))
    matcher.n_jobs = 2
    forked = best_of(runs, cold(lambda: matcher.suggest_many(queries, 10)))
    matcher.n_jobs = 1
    found = cast(list[list[Suggestion]], ours.value)
    with_reasons = sum(1 for suggestions in found for s in suggestions if s.reasons)
    print("| measure | seconds | per query | sklearn / engine |\n| --- | --- | --- | --- |")
    for label, run in (("one process", base), ("`n_jobs=2`", base2)):
        print(f"| sklearn NearestNeighbors(cosine, brute) top-10, {label} | {run.seconds:.1f} | "
              f"{1000 * run.seconds / n_queries:.2f} ms | 1.00× |")
    # Like for like: one process against one, two cores against scikit-learn given two.
    for label, run, against in (
        ("one process", ours, base),
        ("one process, from raw text (tokenising counted, which scikit-learn was spared)",
         from_text, base),
        ("`n_jobs=2`, forked", forked, base2),
    ):
        print(f"| engine suggest_many, {label} (score, diversity, {with_reasons:,} suggestions "
              f"with reasons) | {run.seconds:.1f} | {1000 * run.seconds / n_queries:.2f} ms | "
              f"**{against.seconds / run.seconds:.2f}×** (target ≥ {TARGET_SPEEDUP:.0f}×) |")
    # The worker's case: the queries are indexed documents (their tokens and neighbour
    # vectors are stored), against scikit-learn on the same documents' vectors.
    own = docs[:n_queries]
    own_base = best_of(runs, lambda: sklearn_topk(X[:n_queries], X, 10))
    indexed = best_of(runs, cold(lambda: matcher.suggest_many(own, 10)))
    print(f"| sklearn top-10 of {n_queries:,} indexed documents | {own_base.seconds:.1f} | "
          f"{1000 * own_base.seconds / n_queries:.2f} ms | 1.00× |")
    print(f"| engine suggest_many, one process, the same indexed documents (the worker's lists) "
          f"| {indexed.seconds:.1f} | {1000 * indexed.seconds / n_queries:.2f} ms | "
          f"**{own_base.seconds / indexed.seconds:.2f}×** (target ≥ {TARGET_SPEEDUP:.0f}×) |")


def reindex_part(n_docs: int, n_queries: int) -> None:
    print(f"\n== full reindex with reasons: {n_queries:,} queries × {n_docs:,} documents")
    started = time.perf_counter()
    docs = [replace(d, tokens=tokenize(d.text)) for d in documents(n_docs)]
    queries = docs[:n_queries]  # the corpus' own documents, as the worker's sources are
    tokenised = time.perf_counter() - started
    fit = measure(lambda: Matcher().fit(docs))
    matcher: Matcher = fit.value
    matcher.n_jobs = 2  # forked ranking: both cores
    lists = measure(lambda: matcher.suggest_many(queries, 10))
    total = fit.seconds + lists.seconds
    scale = 300_000 / n_docs
    qscale = 50_000 / n_queries
    print(f"tokenise on write (paid when records are saved): {tokenised:.1f} s")
    print(f"fit: {fit.seconds:.1f} s; every list: {lists.seconds:.1f} s "
          f"({1000 * lists.seconds / n_queries:.2f} ms per list); total {total:.1f} s; "
          f"process peak {peak_gb():.2f} GB")
    if scale > 1 or qscale > 1:
        # Fit grows with the documents; the lists with the queries (measured per list at this
        # corpus size) and, when the corpus is smaller than 300,000, with it too (linear: an
        # upper bound, since reasons cost the same at any size).
        est = fit.seconds * scale + lists.seconds * qscale * scale
        print(f"extrapolated to 50,000 × 300,000: {est:.0f} s (target ≤ {TARGET_REINDEX_S:.0f} s;"
              f" fit ×{scale:g}, lists ×{qscale * scale:g}) — an estimate, not a measurement; "
              f"memory measured: {peak_gb():.2f} GB at {n_docs:,} documents "
              f"(target ≤ {TARGET_REINDEX_GB:.0f} GB at 300,000)")
    else:
        print(f"targets: ≤ {TARGET_REINDEX_S:.0f} s, ≤ {TARGET_REINDEX_GB:.0f} GB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=("all", "fresh", "suggest", "reindex"), default="all")
    parser.add_argument("--factor", type=int, default=10, help="demo city multiplier (fresh)")
    parser.add_argument("--docs", type=int, default=60_000, help="documents (reindex)")
    parser.add_argument("--queries", type=int, default=10_000, help="queries (reindex)")
    args = parser.parse_args(argv)
    if args.part in ("all", "fresh"):
        from benchmarks.worker_fresh import fresh_part

        fresh_part(args.factor)
    if args.part in ("all", "suggest"):
        suggest_part(30_000, 5_000)
    if args.part in ("all", "reindex"):
        reindex_part(args.docs, args.queries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
