"""Benchmarks of the matching engine against baselines measured in the same run.

    python -m benchmarks.matching_bench              # small: 10k queries × 30k documents
    python -m benchmarks.matching_bench --scale full # 50k queries × 300k documents

All methods search the same vectors (the engine's word + char n-gram TF-IDF). Baselines:
scikit-learn `NearestNeighbors(metric="cosine", algorithm="brute")`, `sparse_dot_topn`
(if installed: `pip install sparse_dot_topn`, benchmark-only) and a chunked scipy product.
At full scale the baselines run on `--baseline-queries` queries (default 2,000) and their
time is scaled to all queries (stated in the output); pass 50000 to run them in full.
Recall is measured against the exact cosine top-10 of those same queries.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import scipy.sparse as sp

from benchmarks.synth import documents
from matching import Document, Matcher
from matching.text import tokenize

SCALES = {"small": (30_000, 10_000), "full": (300_000, 50_000)}
TARGETS = {
    "small": {"all_pairs": 3.0},
    "full": {"all_pairs": 120.0, "all_pairs_mem": 4.0, "fit": 150.0, "fit_mem": 6.0},
}


def rss_gb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1e6
    return 0.0


@dataclass
class Measured:
    seconds: float
    peak_gb: float  # RSS growth during the run
    value: Any
    total_gb: float = 0.0  # peak RSS of the whole process during the run


def measure(fn: Callable[[], Any]) -> Measured:
    """Wall time and peak RSS growth (sampled every 20 ms) of `fn()`."""
    start_rss = rss_gb()
    peak = [start_rss]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], rss_gb())

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    t0 = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - t0
    done.set()
    watcher.join()
    top = max(peak[0], rss_gb())
    return Measured(seconds, top - start_rss, value, top)


def exact_topk(Q: sp.csr_matrix, X: sp.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Chunked scipy baseline: sparse product, dense block, argpartition."""
    XT = X.T.tocsr()
    ids, sims = [], []
    for s in range(0, Q.shape[0], 256):
        S = (Q[s : s + 256] @ XT).toarray()
        top = np.argpartition(-S, k - 1, axis=1)[:, :k]
        vals = np.take_along_axis(S, top, 1)
        order = np.argsort(-vals, axis=1)
        ids.append(np.take_along_axis(top, order, 1))
        sims.append(np.take_along_axis(vals, order, 1))
    return np.vstack(ids), np.vstack(sims)


def sklearn_topk(
    Q: sp.csr_matrix, X: sp.csr_matrix, k: int, n_jobs: int | None = None
) -> np.ndarray:
    from sklearn.neighbors import NearestNeighbors

    nn = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute", n_jobs=n_jobs).fit(X)
    return np.asarray(nn.kneighbors(Q, return_distance=False))


def sdt_topk(Q: sp.csr_matrix, X: sp.csr_matrix, k: int, threads: int = 2) -> Any:
    from sparse_dot_topn import sp_matmul_topn

    return sp_matmul_topn(Q, X.T.tocsr(), top_n=k, threshold=0.0, sort=True, n_threads=threads)


def _index_gb(store: Any) -> float:
    """Bytes held by the searchable index (matrix, inverted/hybrid parts)."""
    total = 0
    parts = [store.matrix()]
    if store.hybrid is not None:
        h = store.hybrid
        parts += [h.tail_inverted_, h.head_rows_]
        total += h.head_coords_.nbytes
    for m in parts:
        total += m.data.nbytes + m.indices.nbytes + m.indptr.nbytes
    return total / 1e9


def recall(found_sims: np.ndarray, truth_sims: np.ndarray) -> float:
    """Share of returned neighbours at least as close as the exact 10th (ties count)."""
    tenth = truth_sims[:, -1:]
    return float(np.mean(found_sims >= tenth - 1e-5))


def percentiles(samples: list[float]) -> str:
    ms = np.array(samples) * 1000
    return f"p50 {np.percentile(ms, 50):.1f} ms, p95 {np.percentile(ms, 95):.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--baseline-queries", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-baselines", action="store_true")
    args = parser.parse_args(argv)
    n_docs, n_queries = SCALES[args.scale]
    n_base = args.baseline_queries or (n_queries if args.scale == "small" else 2000)
    n_base = min(n_base, n_queries)
    print(
        f"# matching benchmark, scale={args.scale}: {n_queries:,} queries × {n_docs:,} docs, "
        f"{os.cpu_count()} cores"
    )
    rows: list[tuple[str, str, str]] = []

    docs = list(documents(n_docs, seed=0))
    queries = list(documents(n_queries, seed=1, prefix="q"))
    # Tokenising happens when a document is written (Document.tokens), not at fit time.
    tok = measure(lambda: [replace(d, tokens=tokenize(d.text)) for d in docs])
    written: list[Document] = tok.value
    rows.append(
        (
            "tokenise on write (Sudachi), per document",
            f"{tok.seconds / n_docs * 1000:.2f} ms ({tok.seconds:.0f} s for all)",
            "",
        )
    )

    fit = measure(lambda: Matcher(n_jobs=args.jobs).fit(written))
    matcher: Matcher = fit.value
    target = TARGETS[args.scale]
    rows.append(
        (
            f"fit {n_docs:,} pre-tokenised docs",
            f"{fit.seconds:.1f} s, +{fit.peak_gb:.2f} GB (process peak {fit.total_gb:.1f} GB)",
            f"target ≤ {target.get('fit', '-')} s, ≤ {target.get('fit_mem', '-')} GB",
        )
    )
    raw = docs[: min(n_docs, 30_000)]
    fit_raw = measure(lambda: Matcher(n_jobs=args.jobs).fit(raw))
    rows.append(
        (
            f"fit {len(raw):,} raw docs (tokenising inside fit)",
            f"{fit_raw.seconds:.1f} s",
            f"→ {fit_raw.seconds * n_docs / len(raw):.0f} s per {n_docs:,} (linear)",
        )
    )
    del fit_raw

    store = matcher.store_
    X = store.matrix()
    Q = matcher.vectorizer_.transform(queries)
    print(
        f"vectors: {X.shape[0]:,} × {X.shape[1]:,}, {X.nnz / X.shape[0]:.0f} nnz/row; "
        f"hybrid={'yes' if store.hybrid else 'no'}"
        + (
            f" (head {store.hybrid.width_} features, rank {store.hybrid.basis_.shape[1]}, "
            f"residual {store.hybrid.residual_:.3f})"
            if store.hybrid
            else ""
        ),
        flush=True,
    )

    index_gb = _index_gb(store)
    ours = measure(lambda: store.topk(Q, 10, n_jobs=args.jobs))
    _, our_sims = ours.value
    rows.append(
        (
            "all-pairs top-10, engine (hybrid, exact re-rank)",
            f"{ours.seconds:.1f} s, +{ours.peak_gb:.2f} GB (process {ours.total_gb:.1f} GB,"
            f" index {index_gb:.2f} GB)",
            f"target ≤ {target['all_pairs']} s",
        )
    )

    Qb = Q[:n_base]
    scale = n_queries / n_base
    truth = measure(lambda: exact_topk(Qb, X, 10))
    _, truth_sims = truth.value
    rows.append(
        (
            "recall of engine vs exact cosine top-10",
            f"{recall(our_sims[:n_base], truth_sims):.4f}",
            "target ≥ 0.95",
        )
    )
    rows.append(
        (
            f"baseline scipy chunked ({n_base:,} queries)",
            f"{truth.seconds:.1f} s → {truth.seconds * scale:.0f} s all",
            f"engine {truth.seconds * scale / ours.seconds:.1f}× faster",
        )
    )
    if not args.skip_baselines:
        try:
            sdt = measure(lambda: sdt_topk(Qb, X, 10, args.jobs))
            rows.append(
                (
                    f"baseline sparse_dot_topn, {args.jobs} threads ({n_base:,} queries)",
                    f"{sdt.seconds:.1f} s → {sdt.seconds * scale:.0f} s all",
                    f"engine {sdt.seconds * scale / ours.seconds:.1f}× faster",
                )
            )
        except ImportError:
            rows.append(("baseline sparse_dot_topn", "not installed", ""))
        sk = measure(lambda: sklearn_topk(Qb, X, 10))
        rows.append(
            (
                f"baseline sklearn brute cosine ({n_base:,} queries)",
                f"{sk.seconds:.1f} s → {sk.seconds * scale:.0f} s all, +{sk.peak_gb:.2f} GB",
                f"engine {sk.seconds * scale / ours.seconds:.1f}× faster",
            )
        )

    # One query at a time: transform + top-10 (text), and the full explained suggestion.
    singles = queries[:300]
    lat_text, lat_full, lat_scipy = [], [], []
    XT = X.T.tocsr()
    for q in singles:
        t = time.perf_counter()
        store.topk(matcher.vectorizer_.transform([q]), 10)
        lat_text.append(time.perf_counter() - t)
        t = time.perf_counter()
        matcher.suggest(q, 10)
        lat_full.append(time.perf_counter() - t)
    for q in singles[:100]:
        t = time.perf_counter()
        s = (matcher.vectorizer_.transform([q]) @ XT).toarray().ravel()
        np.argpartition(-s, 9)[:10]
        lat_scipy.append(time.perf_counter() - t)
    rows.append(
        (
            f"one query at {n_docs:,}: transform + top-10",
            percentiles(lat_text),
            f"target p95 ≤ 20 ms; scipy {percentiles(lat_scipy)}",
        )
    )
    rows.append((f"one query at {n_docs:,}: full suggest with reasons", percentiles(lat_full), ""))

    added = list(documents(600, seed=9, prefix="new"))
    lat_add = []
    for d in added[:500]:
        t = time.perf_counter()
        matcher.add([d])
        lat_add.append(time.perf_counter() - t)
    lat_vstack = []
    for d in added[500:520]:
        t = time.perf_counter()
        X = sp.vstack([X, matcher.vectorizer_.transform([d])], format="csr")
        lat_vstack.append(time.perf_counter() - t)
    rows.append(
        (
            "add one document",
            percentiles(lat_add),
            f"target p95 ≤ 2 ms; transform + vstack {percentiles(lat_vstack)}",
        )
    )

    print("\n| measure | engine | target / baseline |\n| --- | --- | --- |")
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
