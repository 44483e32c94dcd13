"""Progress check-ins while the work is under way: any party's member says what was done, the
problems met and the next steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from kakehashi.collaborations.views import CollaborationDetail


def _add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later, the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def due_dates(start: date, end: date, every: int, unit: str) -> list[date]:
    """The check-in dates the agreement sets: every N weeks or months from the day the work
    started, up to the end of the agreed period. Counted from ``start`` each time, so months
    do not drift (31 Jan → 28 Feb → 31 Mar)."""
    found: list[date] = []
    k = 1
    while True:
        day = (start + timedelta(weeks=every * k) if unit == "week"
               else _add_months(start, every * k))
        if day > end:
            return found
        found.append(day)
        k += 1


def next_due(schedule: list[date], latest: date | None) -> date | None:
    """The first scheduled date not yet met. A date is met by any party's check-in held after
    the date before it (for the first: any check-in), so an early check-in counts for the next
    date and a late one for the date it missed. None: every date is met."""
    previous: date | None = None
    for day in schedule:
        if latest is None or (previous is not None and latest <= previous):
            return day
        previous = day
    return None


@dataclass(frozen=True)
class Schedule:
    """What the detail page says about the agreed cadence."""

    every: int
    unit: str
    next_due: date | None
    overdue: bool


def schedule_of(view: CollaborationDetail) -> Schedule | None:
    """The agreed version's cadence and the next date not yet met, once the work started."""
    agreed = view.agreed
    if agreed is None or agreed.check_in is None or view.started_on is None:
        return None
    every, unit = agreed.check_in
    latest = max((row["held_on"] for row in view.check_ins), default=None)
    due = (next_due(due_dates(view.started_on, agreed.period_end, every, unit), latest)
           if view.status == "active" else None)
    return Schedule(every, unit, due, due is not None and due <= localtime().date())


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
