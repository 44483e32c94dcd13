"""Figures and lists for the home page: how many of each, and the newest open calls."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from kakehashi.directory.listings import NEWEST_FIRST, newest_first
from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.directory.visibility import (
    visible_capabilities,
    visible_needs,
    visible_organisations,
)


@dataclass(frozen=True)
class Counts:
    groups: int
    departments: int
    open_needs: int
    capabilities: int


@dataclass(frozen=True)
class NeedCard:
    id: int
    title: str
    owner_name: str
    area: str
    period_end: date | None
    opened_at: datetime | None


def _open_public_needs() -> QuerySet[Need]:
    """Open calls anyone may read: a pending group's calls stay hidden (see ``visibility``)."""
    return Need.filter(visible_needs(None), status=NeedStatus.OPEN)


async def counts() -> Counts:
    """The four counts run side by side: on PostgreSQL each takes its own pooled connection,
    so the page waits for the slowest count rather than their sum."""
    groups, departments, open_needs, capabilities = await asyncio.gather(
        Organisation.filter(visible_organisations(None)).count(),
        Department.all().count(),
        _open_public_needs().count(),
        Capability.filter(visible_capabilities(None)).count(),
    )
    return Counts(groups, departments, open_needs, capabilities)


async def newest_open_needs(limit: int = 6) -> list[NeedCard]:
    """The newest open calls, in one query: the page's ids are chosen first (no join), then
    only those rows are joined to their owners' names."""
    window = newest_first(_open_public_needs()).order_by(*NEWEST_FIRST).limit(limit)
    rows = await newest_first(Need.filter(id__in=Subquery(window.values("id")))).order_by(
        *NEWEST_FIRST
    ).values("id", "title", "area", "period_end", "opened_at", "department__name",
             "organisation__name")
    return [
        NeedCard(
            id=r["id"], title=r["title"], area=r["area"], period_end=r["period_end"],
            opened_at=r["opened_at"],
            owner_name=r["department__name"] or r["organisation__name"] or "",
        )
        for r in rows
    ]
