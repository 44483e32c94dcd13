"""Figures and lists for the home page: how many of each, and the newest open calls."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime

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
    newest = newest_first(_open_public_needs()).order_by(*NEWEST_FIRST)
    ids = list(await newest.limit(limit).values_list("id", flat=True))  # no join: see listings
    by_id = {
        r["id"]: r for r in await Need.filter(id__in=ids).values(
            "id", "title", "area", "period_end", "opened_at", "department__name",
            "organisation__name",
        )
    }
    rows = [by_id[i] for i in ids]
    return [
        NeedCard(
            id=r["id"], title=r["title"], area=r["area"], period_end=r["period_end"],
            opened_at=r["opened_at"],
            owner_name=r["department__name"] or r["organisation__name"] or "",
        )
        for r in rows
    ]
