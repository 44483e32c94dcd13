"""Figures and lists for the home page: how many of each, and the newest open calls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tortoise.queryset import QuerySet

from kakehashi.models import Capability, Department, Need, NeedStatus, Organisation
from kakehashi.services.visibility import visible_needs, visible_organisations


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
    return Counts(
        groups=await Organisation.filter(visible_organisations(None)).count(),
        departments=await Department.all().count(),
        open_needs=await _open_public_needs().count(),
        capabilities=await Capability.all().count(),
    )


async def newest_open_needs(limit: int = 6) -> list[NeedCard]:
    newest = _open_public_needs().order_by("-opened_at", "-id")
    rows = await newest.limit(limit).values(
        "id", "title", "area", "period_end", "opened_at", "department__name",
        "organisation__name",
    )
    return [
        NeedCard(
            id=r["id"], title=r["title"], area=r["area"], period_end=r["period_end"],
            opened_at=r["opened_at"],
            owner_name=r["department__name"] or r["organisation__name"] or "",
        )
        for r in rows
    ]
