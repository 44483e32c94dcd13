"""Figures and lists for the home page: how many of each, and the newest open calls."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tortoise.expressions import RawSQL, Subquery
from tortoise.queryset import QuerySet

from kakehashi import freshness
from kakehashi.directory.listings import NEWEST_FIRST, newest_first
from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.directory.visibility import (
    visible_capabilities,
    visible_needs,
    visible_organisations,
)
from kakehashi.prepared import A_COUNT, Prepared


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


def _figures() -> dict[str, Subquery]:
    """The home page's four counts, each a sub-select of what a visitor may see."""
    def count_of(queryset: QuerySet[Any]) -> Subquery:
        # COUNT(*), not COUNT(id): the narrow indexes the visibility rule reads lack the id.
        return Subquery(queryset.order_by().annotate(n=RawSQL("COUNT(*)")).values("n"))

    return {
        "count_groups": count_of(Organisation.filter(visible_organisations(None))),
        "count_departments": count_of(Department.all()),
        "count_open_needs": count_of(_open_public_needs()),
        "count_capabilities": count_of(Capability.filter(visible_capabilities(None))),
    }


async def counts() -> Counts:
    """How many groups, departments, open calls and offers a visitor may see."""
    figures = _figures()
    row = await Department.all().annotate(**figures).limit(1).values(*figures)
    if row:
        return _counts_of(row[0])
    groups, open_needs, capabilities = await asyncio.gather(
        Organisation.filter(visible_organisations(None)).count(),
        _open_public_needs().count(),
        Capability.filter(visible_capabilities(None)).count(),
    )  # a city with no department yet
    return Counts(groups, 0, open_needs, capabilities)


def _counts_of(row: dict[str, Any]) -> Counts:
    return Counts(int(row["count_groups"]), int(row["count_departments"]),
                  int(row["count_open_needs"]), int(row["count_capabilities"]))


def _front_page_values(limit: int) -> Any:
    window = newest_first(_open_public_needs()).order_by(*NEWEST_FIRST).limit(limit)
    figures = _figures()
    return newest_first(Need.filter(id__in=Subquery(window.values("id")))).annotate(
        **figures
    ).order_by(*NEWEST_FIRST).values("id", "title", "area", "period_end", "opened_at",
                                     "department__name", "organisation__name", *figures)


_FRONT_PAGE = Prepared(Need, _front_page_values, (A_COUNT,))
"""The home page's statement, the same for every visitor: built once."""


async def front_page(limit: int = 6) -> tuple[Counts, list[NeedCard]]:
    """The counts and the newest ``limit`` open calls, in one statement: the page's ids are
    chosen first (no join), only those rows are joined to their owners' names, and the counts
    ride on each row as sub-selects the database runs once. With no open call there is no row
    to carry them, and they are counted apart."""
    rows = await _FRONT_PAGE.rows(limit)
    freshness.showing(Need._meta.db_table, (r["id"] for r in rows))
    cards = [
        NeedCard(
            id=r["id"], title=r["title"], area=r["area"], period_end=r["period_end"],
            opened_at=r["opened_at"],
            owner_name=r["department__name"] or r["organisation__name"] or "",
        )
        for r in rows
    ]
    return (_counts_of(rows[0]) if rows else await counts()), cards

