"""After the meeting: the coordinator records its outcome; "collaborate" opens a draft
collaboration (協働事業) with both parties, in the same transaction."""

from __future__ import annotations

from datetime import datetime

from tortoise.timezone import localtime
from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.collaborations.rules import open_draft
from kakehashi.directory import parties
from kakehashi.errors import DomainError
from kakehashi.http.urls import path_for
from kakehashi.introductions.models import Introduction, IntroductionStatus, Outcome
from kakehashi.introductions.permissions import outcome_recordable, owners_of
from kakehashi.introductions.steps import locked, meeting_params, record_event
from kakehashi.notifications import events as notifications


async def record_outcome(
    user: CurrentUser, intro_id: int, outcome: str, minutes: str
) -> int | None:
    """Mark a meeting that has started as held; returns the new collaboration's id, if any."""
    await outcome_recordable(user, intro_id)
    if outcome not in {o.value for o in Outcome}:
        raise DomainError("Please choose the outcome.", "outcome")
    async with in_transaction():
        intro = await locked(intro_id)
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
            collaboration_id = await open_draft(intro)
        await record_event(intro, "outcome", user, outcome=outcome,
                     collaboration_id=collaboration_id)
        a, b = owners_of(intro)
        members = await parties.member_user_ids(a) + await parties.member_user_ids(b)
        await notifications.notify(
            sorted(set(members)), "outcome_recorded", await meeting_params(intro),
            path_for("collaboration", id=collaboration_id) if collaboration_id
            else path_for("introduction", id=intro.id),
        )
    return collaboration_id


async def awaiting_outcome(started_before: datetime) -> list[Introduction]:
    """Scheduled meetings that started before the given time and still have no outcome: the
    office records it (:func:`record_outcome`), which moves them to held."""
    return list(await Introduction.filter(
        status=IntroductionStatus.SCHEDULED, starts_at__lte=started_before,
    ).order_by("starts_at", "id"))
