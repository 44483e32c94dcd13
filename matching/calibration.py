"""What the closeness words mean in evaluation: of the suggestions the default engine makes
with each word, the share that share a field and the share that do the same specific activity.

`python -m matching.evaluate --closeness` prints it (5-fold CV, the platform's configuration:
the corpus keeps its declared fields, the queries' are hidden). The words' cut-offs are set
on the demo city's score spread (`matching.closeness`); this table says how often a pair
with each word turned out to be a real match on labelled public data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from matching.closeness import LABELS, closeness
from matching.datasets import LabelledSet
from matching.evaluate import K, folds_of, queries_of
from matching.matcher import Matcher


def band_shares(lset: LabelledSet, folds: int = 5) -> dict[str, tuple[int, float, float | None]]:
    """Per closeness word: (suggestions, share sharing a field, share of the same activity
    or None when the set has no activity labels)."""
    fold = folds_of(len(lset.docs), folds)
    fields = [d.top_fields() for d in lset.docs]
    row_of = {d.id: i for i, d in enumerate(lset.docs)}
    fine = lset.fine or (None,) * len(lset.docs)  # a set without activity labels
    queries = sorted(set(queries_of(lset)) | {i for i, f in enumerate(fine) if f})
    # per word: suggestions, of queries with fields, sharing one, of labelled queries, same
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for f in range(folds):
        hidden = [replace(d, fields=None) if fold[i] == f else d for i, d in enumerate(lset.docs)]
        matcher = Matcher().fit(hidden)
        mine = [q for q in queries if fold[q] == f]
        for q, found in zip(mine, matcher.suggest_many([hidden[q] for q in mine], K),
                            strict=True):
            for s in found:
                r = row_of[s.id]
                band = counts[closeness(s.score)]
                band[0] += 1
                if fields[q]:
                    band[1] += 1
                    band[2] += bool(fields[q] & fields[r])
                if fine[q] is not None:
                    band[3] += 1
                    band[4] += fine[q] == fine[r]
    return {
        label: (n, shared / with_fields if with_fields else 0.0,
                same / labelled if labelled else None)
        for label, (n, with_fields, shared, labelled, same) in counts.items() if n
    }


def report(sets: list[LabelledSet], folds: int) -> str:
    """The Markdown table printed by `--closeness`."""
    lines = ["| set | word | suggestions | share a field | same activity |",
             "| --- | --- | --- | --- | --- |"]
    for lset in sets:
        shares = band_shares(lset, folds)
        for label in LABELS:
            if label in shares:
                n, field, fine = shares[label]
                same = f"{fine:.0%}" if fine is not None else "–"
                lines.append(f"| {lset.name} | {label} | {n:,} | {field:.0%} | {same} |")
    return "\n".join(lines)
