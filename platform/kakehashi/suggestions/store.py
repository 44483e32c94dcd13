"""Suggestions: computing them with the matching engine and storing what changed.

The matching worker (``kakehashi worker``) keeps a fitted :class:`matching.Matcher` in memory,
notices changed records and updates the ``suggestion`` table; pages only read that table, so
saving a record returns at once and every web worker shows the same suggestions.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from tortoise.timezone import now
from tortoise.transactions import in_transaction

from kakehashi.suggestions.documents import parse_doc_id
from kakehashi.suggestions.models import Suggestion
from matching import GROUP_KINDS, Document, Matcher, Reason
from matching import Suggestion as EngineSuggestion

SUGGESTIONS_PER_SOURCE = 10
REPLACED = (
    "source_type", "source_id", "rank", "target_type", "target_id", "score", "reasons",
    "computed_at",
)
Results = dict[str, list[EngineSuggestion]]

#: Who is suggested to whom, as `Matcher.suggest_many(role_kinds=...)` filters (vectorised).
GROUP_SIDE: dict[str | None, Collection[str] | None] = {
    "profile": GROUP_KINDS, "capability": GROUP_KINDS,
}
NEED_OR_DEPARTMENT: dict[str | None, Collection[str] | None] = {
    "need": None, "profile": {"department"},
}
DEPARTMENT_PROFILE: dict[str | None, Collection[str] | None] = {"profile": {"department"}}


def is_need_or_department(doc: Document) -> bool:
    """Needs and department records get groups suggested."""
    return doc.role == "need" or doc.kind == "department"


def is_group_profile(doc: Document) -> bool:
    """Group profiles get open needs and departments."""
    return doc.role == "profile" and doc.kind in GROUP_KINDS


def is_proposal(doc: Document) -> bool:
    """Proposals get the departments to route them to."""
    return doc.role == "proposal"


#: (which documents are sources, which candidates they get).
DIRECTIONS = (
    (is_need_or_department, GROUP_SIDE),
    (is_group_profile, NEED_OR_DEPARTMENT),
    (is_proposal, DEPARTMENT_PROFILE),
)


def accepts(role_kinds: Mapping[str | None, Collection[str] | None], doc: Document) -> bool:
    """Whether a candidate passes a `role_kinds` filter (the Python twin of the mask)."""
    if doc.role not in role_kinds:
        return False
    kinds = role_kinds[doc.role]
    return kinds is None or doc.kind in kinds


def suggest_for(
    matcher: Matcher,
    queries: Iterable[Document],
    load: Mapping[str, float] | None = None,
    previous: Mapping[str, list[EngineSuggestion]] | None = None,
) -> Results:
    """Each source's best partners: needs and departments get groups; groups get needs and
    departments; proposals get the departments to route them to (proposals themselves are
    never suggested). A record is never suggested to its own owner. ``load`` (per owner id)
    lowers partners already busy. One batched ``suggest_many`` per direction; pairs in
    ``previous`` (the lists stored before) whose score did not change keep their reasons."""
    queries = list(queries)
    results: Results = {}
    for is_source, role_kinds in DIRECTIONS:
        batch = [q for q in queries if is_source(q) and q.id not in results]
        found = matcher.suggest_many(
            batch, SUGGESTIONS_PER_SOURCE, load=load, role_kinds=role_kinds, previous=previous
        )
        results.update(zip((q.id for q in batch), found, strict=True))
    return results


def _reason_json(reason: Reason) -> dict[str, Any]:
    return {"code": reason.code, "data": dict(reason.data), "text": reason.text}


def _row_values(s: EngineSuggestion) -> dict[str, Any]:
    target_type, target_id = parse_doc_id(s.id)
    return {
        "target_type": target_type, "target_id": target_id, "score": round(float(s.score), 4),
        # As the database gives them back (tuples become lists), so unchanged rows compare equal.
        "reasons": json.loads(json.dumps([_reason_json(r) for r in s.reasons])),
    }


async def store(
    results: Mapping[str, list[EngineSuggestion]],
    removed: Collection[str] = (),
    keep_only: Collection[str] | None = None,
) -> int:
    """Upsert the lists of the sources in ``results``: a row whose target, score and reasons
    did not change is left alone, changed ranks are updated in place, extra ranks deleted.
    Rows of ``removed`` sources go; with ``keep_only`` (a full pass), every source outside it
    goes too. One transaction; returns how many rows were written or deleted."""
    by_type: dict[str, dict[int, list[EngineSuggestion]]] = {}
    for source, found in results.items():
        source_type, source_id = parse_doc_id(source)
        by_type.setdefault(source_type, {})[source_id] = found
    written = 0
    async with in_transaction():
        for source_type, lists in by_type.items():
            written += await _upsert_type(source_type, lists)
        for source in removed:
            source_type, source_id = parse_doc_id(source)
            written += await Suggestion.filter(
                source_type=source_type, source_id=source_id
            ).delete()
        if keep_only is not None:
            written += await _delete_outside(keep_only)
    return written


async def _upsert_type(source_type: str, lists: dict[int, list[EngineSuggestion]]) -> int:
    ids = list(lists)
    existing: dict[tuple[int, int], Suggestion] = {}
    for chunk in range(0, len(ids), 500):
        for row in await Suggestion.filter(
            source_type=source_type, source_id__in=ids[chunk : chunk + 500]
        ):
            key = (row.source_id, row.rank)
            if key in existing:  # a duplicate rank left by an interrupted writer
                await row.delete()
                continue
            existing[key] = row
    created: list[Suggestion] = []
    updated: list[Suggestion] = []
    stamp = now()
    for source_id, found in lists.items():
        for rank, s in enumerate(found, start=1):
            values = _row_values(s)
            old = existing.pop((source_id, rank), None)
            if old is None:
                created.append(Suggestion(
                    source_type=source_type, source_id=source_id, rank=rank, **values
                ))
            elif any(getattr(old, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(old, name, value)
                old.computed_at = stamp
                updated.append(old)
    # A changed rank is replaced (delete + insert): one statement per 500 rows, where an
    # ORM bulk update builds a CASE expression per column and row.
    stale = [row.id for row in existing.values()] + [row.id for row in updated]
    created += [
        Suggestion(**{name: getattr(row, name) for name in REPLACED}) for row in updated
    ]
    for chunk in range(0, len(stale), 500):
        await Suggestion.filter(id__in=stale[chunk : chunk + 500]).delete()
    if created:
        await Suggestion.bulk_create(created, batch_size=500)
    return len(created) + len(stale) - len(updated)


async def _delete_outside(sources: Collection[str]) -> int:
    keep: dict[str, set[int]] = {}
    for source in sources:
        source_type, source_id = parse_doc_id(source)
        keep.setdefault(source_type, set()).add(source_id)
    gone = [
        row_id for row_id, source_type, source_id in await Suggestion.all().values_list(
            "id", "source_type", "source_id"
        )
        if source_id not in keep.get(source_type, ())
    ]
    for chunk in range(0, len(gone), 500):
        await Suggestion.filter(id__in=gone[chunk : chunk + 500]).delete()
    return len(gone)
