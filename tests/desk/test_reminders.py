"""The reminder run: one mail per person listing every overdue item they must act on, the
same item not again within a day, and nothing once the item is done."""

from __future__ import annotations

from datetime import timedelta

import pytest
from factories.introductions import world

from desk.steps import met, proposed
from kakehashi.collaborations import agreements
from kakehashi.desk.reminders import send_overdue_reminders
from kakehashi.notifications import outbox
from kakehashi.notifications.models import Notification

pytestmark = pytest.mark.usefixtures("db")


async def _reminders(user_id: int) -> list[Notification]:
    return list(await Notification.filter(user_id=user_id, kind="desk_reminder").order_by("id"))


async def test_each_person_gets_one_digest_of_their_own_overdue_items() -> None:
    w = await world()
    intro_id = await met(w, 5)
    first, second = await proposed(w, 20, "見守り協働"), await proposed(w, 20, "防災協働")

    assert await send_overdue_reminders() == 3
    member = await _reminders(w.member.id)
    assert len(member) == 1  # a digest, not a mail per item
    assert "見守り協働（みどりの会）" in member[0].body
    assert "防災協働（みどりの会）" in member[0].body
    assert f"/collaborations/{first}/agreement" in member[0].body
    outcome = f"/introductions/{intro_id}#meeting-outcome"
    assert outcome not in member[0].body  # the office's, not theirs
    coordinator = await _reminders(w.coordinator.id)
    assert len(coordinator) == 1 and outcome in coordinator[0].body
    assert "見守り協働" not in coordinator[0].body
    assert len(await _reminders(w.staff.id)) == 1

    assert await send_overdue_reminders() == 0  # the same items: not again today

    await agreements.approve(w.member, second, 1, w.a.key)
    tomorrow = outbox.now() + timedelta(hours=25)
    assert await send_overdue_reminders(tomorrow) == 3
    member = await _reminders(w.member.id)
    assert len(member) == 2
    assert "見守り協働" in member[1].body and "防災協働" not in member[1].body


async def test_a_new_item_is_mailed_the_same_day_without_repeating_the_old_one() -> None:
    w = await world()
    await proposed(w, 20, "見守り協働")
    assert await send_overdue_reminders() == 2
    await proposed(w, 20, "防災協働")
    assert await send_overdue_reminders() == 2
    latest = (await _reminders(w.member.id))[-1]
    assert "防災協働" in latest.body and "見守り協働" not in latest.body
