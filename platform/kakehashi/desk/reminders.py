"""The reminder run (``kakehashi remind``, scheduled by cron): one mail per person listing the
overdue desk items they must act on, never repeating an item to the same person within a day.

Who acts: the parties' members for an agreement or an evaluation, the coordinator in charge
of a meeting (else every coordinator), every coordinator for an unanswered request. The mail
goes through notifications (inbox and outbox, honouring each person's mail settings); the
worker sends it."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from kakehashi.desk import views
from kakehashi.desk.deadlines import current
from kakehashi.desk.models import DeskReminder
from kakehashi.directory.parties import coordinator_user_ids, member_user_ids
from kakehashi.http.urls import path_for
from kakehashi.notifications import outbox
from kakehashi.notifications.events import notify

REMIND_EVERY = timedelta(hours=24)
"""An item is mailed to the same person at most once in this time, however often cron runs."""

Item = tuple[views.DeskGroup, views.DeskRow]


async def _actors(row: views.DeskRow, coordinators: list[int]) -> list[int]:
    if row.party is not None:
        return await member_user_ids(row.party)
    if row.coordinator_id is not None and row.coordinator_id in coordinators:
        return [row.coordinator_id]
    return coordinators


async def overdue_by_person() -> dict[int, list[Item]]:
    """Every overdue desk item, under each person who must act on it."""
    coordinators = await coordinator_user_ids()
    found: dict[int, list[Item]] = {}
    for group in await views.overdue(await current()):
        for row in group.rows:
            for user_id in await _actors(row, coordinators):
                found.setdefault(user_id, []).append((group, row))
    return found


async def _remind(user_id: int, items: list[Item], link: str, at: datetime) -> bool:
    """One person's mail and the record of what it listed, together or not at all."""
    try:
        async with in_transaction():
            await notify([user_id], "desk_reminder", {"count": len(items), "items": [
                {"heading": g.title, "days": g.days, "title": r.label,
                 "url": outbox.absolute_url(r.url)} for g, r in items]}, link)
            for _group, row in items:
                if not await DeskReminder.filter(user_id=user_id, item=row.key).update(
                        reminded_at=at):
                    await DeskReminder.create(user_id=user_id, item=row.key, reminded_at=at)
    except IntegrityError:
        return False  # a run beside this one reminded the person first
    return True


async def send_overdue_reminders(at: datetime | None = None) -> int:
    """Mail each person their overdue items not mailed to them in the last day; how many."""
    at = at or outbox.now()
    # Only the last day's reminders matter: older rows would only grow the table.
    await DeskReminder.filter(reminded_at__lte=at - REMIND_EVERY).delete()
    coordinators = set(await coordinator_user_ids())
    recent = {
        (row["user_id"], row["item"])
        for row in await DeskReminder.filter(reminded_at__gt=at - REMIND_EVERY).values(
            "user_id", "item")
    }
    sent = 0
    for user_id, items in sorted((await overdue_by_person()).items()):
        due = [(g, r) for g, r in items if (user_id, r.key) not in recent]
        link = path_for("coordinator_desk" if user_id in coordinators else "my_page")
        if due and await _remind(user_id, due, link, at):
            sent += 1
    return sent
