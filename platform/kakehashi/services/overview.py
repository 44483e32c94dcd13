"""Figures and lists for the home page: how many of each, and the newest open calls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tortoise.expressions import Q

from kakehashi.models import ApprovalStatus, Capability, Department, Need, NeedStatus, Organisation


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


def publicly_visible_needs():  # type: ignore[no-untyped-def]
    """Needs of departments and of approved groups: a pending group's calls stay hidden."""
    return Need.filter(
        Q(department_id__isnull=False) | Q(organisation__status=ApprovalStatus.APPROVED)
    )


async def counts() -> Counts:
    return Counts(
        groups=await Organisation.filter(status=ApprovalStatus.APPROVED).count(),
        departments=await Department.all().count(),
        open_needs=await publicly_visible_needs().filter(status=NeedStatus.OPEN).count(),
        capabilities=await Capability.all().count(),
    )


async def newest_open_needs(limit: int = 6) -> list[NeedCard]:
    newest = publicly_visible_needs().filter(status=NeedStatus.OPEN).order_by("-opened_at", "-id")
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
