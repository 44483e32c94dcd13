"""Suggestions: computing them with the matching engine, storing them, and reading them back.

The matching worker (``kakehashi worker``) keeps a fitted :class:`matching.Matcher` in memory,
notices changed records and rewrites the ``suggestion`` table; pages only read that table, so
saving a record returns at once and every web worker shows the same suggestions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tortoise.transactions import in_transaction

from kakehashi.suggestions.documents import parse_doc_id
from kakehashi.suggestions.models import Suggestion
from matching import GROUP_KINDS, Document, Matcher, Reason
from matching import Suggestion as EngineSuggestion

SUGGESTIONS_PER_SOURCE = 10


def _group_side(doc: Document) -> bool:
    return doc.kind in GROUP_KINDS and doc.role in ("profile", "capability")


def _department_profile(doc: Document) -> bool:
    """Where a proposal can be routed (see matching.directions.departments_for_proposal)."""
    return doc.kind == "department" and doc.role == "profile"


def suggest_for(
    matcher: Matcher, queries: list[Document], load: Mapping[str, float] | None = None
) -> dict[str, list[EngineSuggestion]]:
    """Each source's best partners: needs and departments get groups; groups get needs and
    departments; proposals get the departments to route them to (proposals themselves are
    never suggested). A record is never suggested to its own owner. ``load`` (per owner id)
    lowers partners already busy with introductions and collaborations."""
    results: dict[str, list[EngineSuggestion]] = {}
    need_or_dept = [q for q in queries if q.role == "need" or q.kind == "department"]
    groups = [q for q in queries if q.role == "profile" and q.kind in GROUP_KINDS]
    proposals = [q for q in queries if q.role == "proposal"]
    for batch, accept in (
        (need_or_dept, _group_side),
        (groups, lambda d: d.role == "need" or (d.kind == "department" and d.role == "profile")),
        (proposals, _department_profile),
    ):
        for query in batch:
            owner = query.owner

            def where(doc: Document, owner: str | None = owner, accept: Any = accept) -> bool:
                return bool(accept(doc)) and doc.owner != owner

            results[query.id] = matcher.suggest(
                query, SUGGESTIONS_PER_SOURCE, where=where, load=load
            )
    return results


def _reason_json(reason: Reason) -> dict[str, Any]:
    return {"code": reason.code, "data": dict(reason.data), "text": reason.text}


async def store(results: Mapping[str, list[EngineSuggestion]], replace_all: bool) -> int:
    """Rewrite the suggestions of the given sources (or of every source) in one transaction."""
    rows: list[Suggestion] = []
    for source, suggestions in results.items():
        source_type, source_id = parse_doc_id(source)
        for rank, s in enumerate(suggestions, start=1):
            target_type, target_id = parse_doc_id(s.id)
            rows.append(Suggestion(
                source_type=source_type, source_id=source_id, target_type=target_type,
                target_id=target_id, rank=rank, score=round(float(s.score), 4),
                reasons=[_reason_json(r) for r in s.reasons],
            ))
    async with in_transaction():
        if replace_all:
            await Suggestion.all().delete()
        else:
            for source in results:
                source_type, source_id = parse_doc_id(source)
                await Suggestion.filter(source_type=source_type, source_id=source_id).delete()
        await Suggestion.bulk_create(rows, batch_size=500)
    return len(rows)
