"""Progress check-ins while the work is under way: any party's member says what was done, the
problems met and the next steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.timezone import localtime
from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.collaborations.models import CheckIn, CollaborationStatus
from kakehashi.collaborations.permissions import acting, speaking_for
from kakehashi.collaborations.rules import agreed_period
from kakehashi.directory import parties
from kakehashi.errors import Conflict, DomainError
from kakehashi.http.urls import path_for
from kakehashi.i18n import format_date
from kakehashi.notifications import events as notifications


@dataclass(frozen=True)
class Progress:
    held_on: date
    done: str
    problems: str = ""
    next_steps: str = ""


async def add(user: CurrentUser, collaboration_id: int, party_key: str,
              progress: Progress) -> int:
    """Only while the collaboration is active; the other parties are told. A check-in records
    progress already made, so its date lies between the start of the work and today (Tokyo)."""
    if not progress.done.strip():
        raise DomainError("Please fill in this field.", "done")
    if progress.held_on > localtime().date():
        raise DomainError("A check-in records work already done: the date cannot be after "
                          "today.", "held_on")
    async with in_transaction():
        found = await acting(user, collaboration_id, lock=True)
        owner = speaking_for(found, user, party_key)
        collaboration = found.collaboration
        if collaboration.status != CollaborationStatus.ACTIVE:
            raise Conflict("Check-ins are written while the work is under way.", "done")
        if collaboration.started_on and progress.held_on < collaboration.started_on:
            raise DomainError("The date cannot be before the work started.", "held_on")
        period = await agreed_period(collaboration)
        if period is not None and not period[0] <= progress.held_on <= period[1]:
            raise DomainError("The date must lie within the agreed period (%(start)s to "
                              "%(end)s).", "held_on", start=format_date(period[0]),
                              end=format_date(period[1]))
        check_in = await CheckIn.create(
            collaboration=collaboration, party_kind=owner.kind, party_id=owner.id,
            held_on=progress.held_on, done=progress.done.strip(),
            problems=progress.problems.strip(), next_steps=progress.next_steps.strip(),
            author_id=user.id,
        )
        others: set[int] = set()
        for other in found.owners:
            if other != owner:
                others.update(await parties.member_user_ids(other))
        await notifications.notify(
            sorted(others), "check_in_added", {"title": collaboration.title},
            path_for("collaboration", id=collaboration.id))
    return check_in.id
