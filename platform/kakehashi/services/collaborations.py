"""After the meeting: the coordinator records the outcome, and "collaborate" opens a draft
collaboration (協働事業) with both parties, in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.timezone import localtime
from tortoise.transactions import in_transaction

from kakehashi.auth import CurrentUser
from kakehashi.models import (
    Collaboration,
    Department,
    Introduction,
    IntroductionStatus,
    Organisation,
    Outcome,
)
from kakehashi.services import notifications, parties
from kakehashi.services.errors import DomainError, NotFound
from kakehashi.services.introductions import _event, _locked, _params, owners_of, viewable
from kakehashi.services.permissions import Owner
from kakehashi.services.queue import require_coordinator


async def record_outcome(
    user: CurrentUser, intro_id: int, outcome: str, minutes: str
) -> int | None:
    """Mark a meeting that has started as held; returns the new collaboration's id, if any."""
    require_coordinator(user)
    await viewable(user, intro_id)
    if outcome not in {o.value for o in Outcome}:
        raise DomainError("Please choose the outcome.", "outcome")
    async with in_transaction():
        intro = await _locked(intro_id)
        if intro.status != IntroductionStatus.SCHEDULED:
            raise DomainError("The outcome can be recorded once the meeting is scheduled.",
                              "outcome")
        if intro.starts_at is None or intro.starts_at > localtime():
            raise DomainError("The outcome can be recorded once the meeting has started.",
                              "outcome")
        updated = await Introduction.filter(
            id=intro.id, status=IntroductionStatus.SCHEDULED
        ).update(status=IntroductionStatus.HELD, outcome=Outcome(outcome), minutes=minutes)
        if not updated:
            raise DomainError("The outcome has already been recorded.", "outcome")
        await intro.refresh_from_db()
        collaboration_id = None
        if outcome == Outcome.COLLABORATE:
            collaboration_id = await _open_draft(intro)
        await _event(intro, "outcome", user, outcome=outcome,
                     collaboration_id=collaboration_id)
        a, b = owners_of(intro)
        members = await parties.member_user_ids(a) + await parties.member_user_ids(b)
        await notifications.notify(
            sorted(set(members)), "outcome_recorded", await _params(intro),
            f"/collaborations/{collaboration_id}" if collaboration_id
            else f"/introductions/{intro.id}",
        )
    return collaboration_id


async def _open_draft(intro: Introduction) -> int:
    a, b = owners_of(intro)
    names = await parties.parties([a, b])
    title = " × ".join(names[o].name for o in (a, b) if o in names)
    collaboration = await Collaboration.create(title=title[:200], introduction=intro)
    for owner in (a, b):
        if owner.kind == "organisation":
            await collaboration.organisations.add(await Organisation.get(id=owner.id))
        else:
            await collaboration.departments.add(await Department.get(id=owner.id))
    return collaboration.id


@dataclass(frozen=True)
class CollaborationView:
    id: int
    title: str
    status: str
    parties: list[parties.Party]
    introduction_id: int | None
    created_at: datetime


async def collaboration_view(user: CurrentUser, collaboration_id: int) -> CollaborationView:
    """For coordinators and the members of its groups and departments; else 404."""
    collaboration = await Collaboration.get_or_none(id=collaboration_id)
    if collaboration is None:
        raise NotFound("Page not found")
    owners = [Owner("organisation", int(i)) for i in await collaboration.organisations.all()
              .values_list("id", flat=True)]
    owners += [Owner("department", int(i)) for i in await collaboration.departments.all()
               .values_list("id", flat=True)]
    if not (user.is_coordinator or any(parties.is_member(user, o) for o in owners)):
        raise NotFound("Page not found")
    named = await parties.parties(owners)
    return CollaborationView(
        id=collaboration.id, title=collaboration.title, status=str(collaboration.status),
        parties=[named[o] for o in owners if o in named],
        introduction_id=collaboration.introduction_id,  # type: ignore[attr-defined]
        created_at=collaboration.created_at,
    )
