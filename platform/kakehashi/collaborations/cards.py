"""Collaborations in lists: the public list, a party's own, and a group's or department's
published ones, each as a short card."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import Q

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.collaborations.models import (
    Collaboration,
)
from kakehashi.collaborations.views import form_labels, status_labels
from kakehashi.directory import parties
from kakehashi.directory.listings import Page
from kakehashi.taxonomy.models import Field


@dataclass(frozen=True)
class CollaborationCard:
    id: int
    title: str
    status: str
    forms: list[str]
    parties: list[parties.Party]
    published_at: datetime | None

    @property
    def status_label(self) -> str:
        return status_labels().get(self.status, self.status)


async def _cards(rows: list[Collaboration]) -> list[CollaborationCard]:
    """Cards with their parties in three queries for the whole list (none for no rows: most
    public pages of groups have no published collaboration)."""
    if not rows:
        return []
    ids = [c.id for c in rows]
    through_org = await Collaboration.filter(id__in=ids).values("id", "organisations__id")
    through_dept = await Collaboration.filter(id__in=ids).values("id", "departments__id")
    owners: dict[int, list[Owner]] = {i: [] for i in ids}
    for row in through_org:
        if row["organisations__id"]:
            owners[row["id"]].append(Owner("organisation", row["organisations__id"]))
    for row in through_dept:
        if row["departments__id"]:
            owners[row["id"]].append(Owner("department", row["departments__id"]))
    named = await parties.parties([o for group in owners.values() for o in group])
    labels = form_labels()
    return [
        CollaborationCard(
            id=c.id, title=c.title, status=str(c.status),
            forms=[labels[f][0] for f in c.forms if f in labels],
            parties=[named[o] for o in sorted(owners[c.id], key=_party_order) if o in named],
            published_at=c.published_at,
        )
        for c in rows
    ]


def _party_order(owner: Owner) -> tuple[bool, int]:
    return (owner.kind != "organisation", owner.id)


async def published_page(form: str, field_code: str, number: int, size: int, *,
                         everything: bool = False) -> Page[CollaborationCard]:
    """The public list: published collaborations, newest first, by form and field
    (``everything``: the coordinator's view, drafts and unpublished ones included)."""
    query = Collaboration.all() if everything else Collaboration.filter(
        published_at__isnull=False)
    if field_code:
        ids = await Field.filter(Q(code=field_code) | Q(parent__code=field_code)).values_list(
            "collaborations__id", flat=True)
        query = query.filter(id__in=[i for i in ids if i])
    rows = await query.order_by("-published_at", "-created_at", "-id").distinct()
    if form:
        rows = [c for c in rows if form in c.forms]
    total = len(rows)
    number = min(max(1, number), max(1, -(-total // size)))
    chosen = rows[(number - 1) * size: number * size]
    return Page(items=await _cards(chosen), total=total, number=number, size=size)


async def mine(user: CurrentUser, limit: int = 20) -> list[CollaborationCard]:
    """For "my page": the collaborations of the user's groups and departments."""
    if not (user.organisation_ids or user.department_ids):
        return []
    rows = await Collaboration.filter(
        Q(organisations__id__in=list(user.organisation_ids))
        | Q(departments__id__in=list(user.department_ids))
    ).distinct().order_by("-created_at", "-id").limit(limit)
    return await _cards(list(rows))


async def published_of(kind: str, party_id: int, limit: int = 20) -> list[CollaborationCard]:
    """A group's or department's published collaborations, for its public page."""
    query = Collaboration.filter(published_at__isnull=False)
    query = (query.filter(organisations__id=party_id) if kind == "organisation"
             else query.filter(departments__id=party_id))
    return await _cards(list(await query.order_by("-published_at", "-id").limit(limit)))
