"""A cheap fingerprint of everything the matching engine indexes.

The worker polls every two seconds; reading every record's text each time would grow with the
data. Instead it asks, per indexed table, for the count, the sum of ids and the latest change
(one aggregate query each) and loads the texts only when that changed.
"""

from __future__ import annotations

from typing import Any

from tortoise.functions import Count, Max, Sum
from tortoise.queryset import QuerySet

from kakehashi.models import (
    ApprovalStatus,
    Capability,
    Department,
    Need,
    NeedStatus,
    Organisation,
    Proposal,
    ProposalStatus,
)


def _indexed() -> list[QuerySet[Any]]:
    """The same record sets as ``match_documents.load_corpus`` reads (keep them in step)."""
    return [
        Organisation.filter(status=ApprovalStatus.APPROVED),
        Department.all(),
        Need.filter(status=NeedStatus.OPEN),
        Capability.all(),
        Proposal.filter(status__in=[ProposalStatus.SUBMITTED, ProposalStatus.ROUTED]),
    ]


async def corpus_fingerprint() -> tuple[tuple[object, ...], ...]:
    parts: list[tuple[object, ...]] = []
    for records in _indexed():
        row = await records.annotate(
            n=Count("id"), ids=Sum("id"), latest=Max("updated_at")
        ).first().values("n", "ids", "latest")
        parts.append(tuple((row or {}).get(k) for k in ("n", "ids", "latest")))
    return tuple(parts)
