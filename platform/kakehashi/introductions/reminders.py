"""The day-before reminder: once per meeting version (SEQUENCE), so a moved meeting is
reminded again and a worker restart never reminds twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from kakehashi.accounts.permissions import Owner
from kakehashi.directory.parties import coordinator_user_ids, member_user_ids, parties
from kakehashi.http.urls import path_for
from kakehashi.introductions.models import Introduction, IntroductionStatus
from kakehashi.notifications import outbox
from kakehashi.notifications.events import notify

REMIND_BEFORE = timedelta(hours=24)


async def _recipients(intro: Introduction, a: Owner, b: Owner) -> list[int]:
    ids = set(await member_user_ids(a)) | set(await member_user_ids(b))
    coordinator_id = intro.coordinator_id
    if coordinator_id is not None:
        ids.add(coordinator_id)
    else:
        ids |= set(await coordinator_user_ids())
    return sorted(ids)


async def send_reminders(now: datetime | None = None) -> int:
    """Remind the people of every scheduled meeting starting within 24 hours; how many."""
    now = now or outbox.now()
    due = await Introduction.filter(
        status=IntroductionStatus.SCHEDULED, starts_at__gt=now,
        starts_at__lte=now + REMIND_BEFORE,
    ).prefetch_related("room").order_by("starts_at", "id")
    reminded = 0
    for intro in due:
        if intro.reminded_sequence == intro.sequence:
            continue
        a = Owner(intro.party_a_kind, intro.party_a_id)
        b = Owner(intro.party_b_kind, intro.party_b_id)
        names = await parties([a, b])
        async with in_transaction():
            # Only the pass that flips reminded_sequence sends: two workers cannot both win.
            won = await Introduction.filter(
                id=intro.id, sequence=intro.sequence, status=IntroductionStatus.SCHEDULED,
                reminded_sequence=intro.reminded_sequence,
            ).update(reminded_sequence=intro.sequence)
            if not won:
                continue
            room = intro.room
            place = (room.name if room is not None else "") or intro.online_url
            assert intro.starts_at is not None
            await notify(
                await _recipients(intro, a, b), "meeting_reminder",
                {
                    "introduction_id": intro.id,
                    "party_a": names[a].name if a in names else "",
                    "party_b": names[b].name if b in names else "",
                    "starts_at": intro.starts_at.isoformat(), "place": place,
                },
                path_for("introduction", id=intro.id), meeting=intro.id,
            )
        reminded += 1
    return reminded
