"""What a signed-in user sees first: their groups or department and what waits for them."""

from __future__ import annotations

from dataclasses import dataclass, field

from kakehashi.auth import CurrentUser
from kakehashi.models import ApprovalStatus, Department, Organisation


@dataclass(frozen=True)
class Affiliation:
    kind: str
    id: int
    name: str
    status: str
    is_officer: bool


@dataclass(frozen=True)
class MyPage:
    affiliations: list[Affiliation] = field(default_factory=list)
    pending_groups: int = 0


async def for_user(user: CurrentUser) -> MyPage:
    affiliations = [
        Affiliation("organisation", o.id, o.name, o.status, o.id in user.officer_of)
        for o in await Organisation.filter(id__in=user.organisation_ids).order_by("name")
    ] + [
        Affiliation("department", d.id, d.name, "approved", True)
        for d in await Department.filter(id__in=user.department_ids).order_by("name")
    ]
    pending = (
        await Organisation.filter(status=ApprovalStatus.PENDING).count()
        if user.is_coordinator else 0
    )
    return MyPage(affiliations=affiliations, pending_groups=pending)
