"""The site-wide search page: the first few matching records of each kind, in one result."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from kakehashi.accounts.auth import CurrentUser
from kakehashi.directory import search
from kakehashi.directory.cards import CapabilityCard, DepartmentCard, GroupCard, NeedCard
from kakehashi.directory.listings import (
    Filters,
    Page,
    capability_page,
    department_page,
    group_page,
    need_page,
)


@dataclass(frozen=True)
class SiteResults:
    """The search page: the first few of each kind of record, and how many there are in all."""

    q: str
    needs: Page[NeedCard]
    groups: Page[GroupCard]
    departments: Page[DepartmentCard]
    capabilities: Page[CapabilityCard]
    cut: bool = False
    """Only the first ``search.MAX_QUERY_LENGTH`` characters of a long query were searched."""

    @property
    def total(self) -> int:
        return (self.needs.total + self.groups.total + self.departments.total
                + self.capabilities.total)


async def search_everywhere(q: str, viewer: CurrentUser | None, limit: int = 5) -> SiteResults:
    """Open needs, groups, departments and offers matching ``q``; nothing when ``q`` is empty."""
    parsed = search.parse(q)
    filters = Filters(q=parsed.text)
    if not filters.q:
        empty: Page[Any] = Page(items=[], total=0, number=1, size=limit)
        return SiteResults("", empty, empty, empty, empty)
    needs, groups, departments, capabilities = await asyncio.gather(
        need_page(filters, viewer, 1, limit),
        group_page(filters, viewer, 1, limit),
        department_page(filters, 1, limit),
        capability_page(filters, viewer, 1, limit),
    )  # four independent reads: on PostgreSQL they overlap on the pool's connections
    return SiteResults(filters.q, needs, groups, departments, capabilities, parsed.cut)


