"""The four ways suggestions are asked for, as thin wrappers over `Matcher.suggest`.

need → groups that could meet it; group → open needs and departments; proposal →
departments to route it to; coordinator → every pair above a threshold. Each wrapper is
only a candidate filter, so the web layer can also call `suggest` with its own filter.
Which documents are "open" is the caller's business: index only open needs, or pass `ids`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from matching.documents import KINDS, Document, Suggestion
from matching.matcher import Matcher

#: Every partner kind except the city's own departments.
GROUP_KINDS: frozenset[str] = frozenset(KINDS) - {"department"}


def groups_for_need(
    matcher: Matcher, need: Document, k: int = 10, load: Mapping[str, float] | None = None
) -> list[Suggestion]:
    """Groups (profiles and capabilities of non-department partners) that could meet a need."""
    return matcher.suggest(
        need,
        k,
        load=load,
        where=lambda d: d.kind in GROUP_KINDS and d.role in (None, "profile", "capability"),
    )


def needs_for_group(
    matcher: Matcher, group: Document, k: int = 10, ids: Collection[str] | None = None
) -> list[Suggestion]:
    """Open needs and departments a group could work with (`ids` limits to open ones)."""
    return matcher.suggest(
        group,
        k,
        ids=ids,
        where=lambda d: d.role == "need" or (d.kind == "department" and d.role != "proposal"),
    )


def departments_for_proposal(
    matcher: Matcher, proposal: Document, k: int = 5, load: Mapping[str, float] | None = None
) -> list[Suggestion]:
    """Departments a group's proposal should be routed to."""
    return matcher.suggest(
        proposal, k, load=load, kinds=("department",), roles=(None, "profile", "capability")
    )


@dataclass(frozen=True)
class Pair:
    """One pair for the coordinator's overview; `a` is the side that asked."""

    a: str
    b: str
    score: float
    suggestion: Suggestion


def pairs_above(
    matcher: Matcher,
    threshold: float,
    k: int = 10,
    left: Callable[[Document], bool] | None = None,
    right: Callable[[Document], bool] | None = None,
    load: Mapping[str, float] | None = None,
) -> list[Pair]:
    """Every pair scoring at least `threshold`, best first, each unordered pair once.

    Each document accepted by `left` looks at its `k` best partners accepted by `right`.
    """
    queries: Sequence[Document] = [
        matcher.docs_[row]
        for row in sorted(matcher.row_of_.values())
        if left is None or left(matcher.docs_[row])
    ]
    found = matcher.suggest_many(queries, k, load=load, where=right)
    best: dict[tuple[str, str], Pair] = {}
    for query, suggestions in zip(queries, found, strict=True):
        for s in suggestions:
            if s.score < threshold:
                continue
            key = (min(query.id, s.id), max(query.id, s.id))
            if key not in best or best[key].score < s.score:
                best[key] = Pair(query.id, s.id, s.score, s)
    return sorted(best.values(), key=lambda p: (-p.score, p.a, p.b))
