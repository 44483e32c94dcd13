"""The demo city comes with rooms, a request in the queue and introductions to answer."""

from __future__ import annotations

from kakehashi.accounts.auth import load_current_user
from kakehashi.accounts.models import User
from kakehashi.demo.loader import seed_demo
from kakehashi.introductions.models import (
    Introduction,
    IntroductionStatus,
    QueueItem,
    QueueStatus,
    Room,
)
from kakehashi.introductions.views import detail, my_introductions


async def test_demo_city_has_rooms_a_request_and_introductions_once(db: str) -> None:
    await seed_demo()
    await seed_demo()
    assert await Room.all().count() == 4
    assert await QueueItem.filter(status=QueueStatus.OPEN).count() == 1
    assert await Introduction.all().count() == 2
    group_user = await load_current_user((await User.get(email="group@kakehashi.example")).id)
    assert group_user is not None
    waiting = await my_introductions(group_user)
    assert [row.waiting_for_me for row in waiting] == [True]
    coordinator = await load_current_user(
        (await User.get(email="coordinator@kakehashi.example")).id)
    assert coordinator is not None
    held = await Introduction.get(status=IntroductionStatus.SCHEDULED)
    assert (await detail(coordinator, held.id)).can_record_outcome
