"""The demo city's meeting rooms, queue and introductions, so each demo account has something
to answer: the group and 福祉課 are asked for a first meeting, 福祉課 has a meeting whose outcome
the coordinator can record, and a request waits in the coordinator's queue."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from kakehashi.accounts.models import Role, User
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.introductions.models import (
    Introduction,
    IntroductionAnswer,
    IntroductionEvent,
    IntroductionSlot,
    IntroductionStatus,
    PartySide,
    QueueItem,
    QueueOrigin,
    QueueStatus,
    Room,
    SlotAvailability,
)
from kakehashi.timezone import TOKYO

ROOMS = (
    ("市民活動センター 会議室A", "架橋市市民活動センター 2階", 12),
    ("市民活動センター 会議室B", "架橋市市民活動センター 2階", 24),
    ("市民活動センター 和室", "架橋市市民活動センター 3階", 8),
    ("市民活動センター 多目的ホール", "架橋市市民活動センター 1階", 60),
)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TOKYO)


async def seed_rooms() -> dict[str, Room]:
    existing = {r.name: r for r in await Room.all()}
    for name, location, capacity in ROOMS:
        if name not in existing:
            existing[name] = await Room.create(name=name, location=location, capacity=capacity)
    return existing


async def seed_introductions(
    group: Organisation, departments: dict[str, Department], groups: list[Organisation],
    today: date | None = None,
) -> None:
    """Only into a city without any queue yet, so a second run adds nothing."""
    rooms = await seed_rooms()
    if await QueueItem.exists():
        return
    coordinator = await User.filter(role=Role.COORDINATOR).order_by("id").first()
    welfare, disaster = departments["福祉課"], departments["危機管理室"]
    other = next(g for g in groups if g.id != group.id)
    today = today or datetime.now(TOKYO).date()
    room = rooms[ROOMS[0][0]]

    await QueueItem.create(
        origin=QueueOrigin.REQUEST, party_a_kind="organisation", party_a_id=group.id,
        party_b_kind="department", party_b_id=disaster.id,
        message="災害時の要配慮者の見守りについて、危機管理室と話し合いたいです。",
    )
    proposed = await _introduction(group, welfare, coordinator, room, "活動紹介と、高齢者の"
                                   "見守り事業で協力できることの意見交換")
    for offset, hour in ((7, 10), (9, 14)):
        await IntroductionSlot.create(introduction=proposed,
                                      starts_at=_at(today + timedelta(days=offset), hour),
                                      ends_at=_at(today + timedelta(days=offset), hour + 1))
    await IntroductionEvent.create(introduction=proposed, kind="proposed", actor=coordinator,
                                   data={"slots": [[s.starts_at.isoformat(),
                                                    s.ends_at.isoformat()]
                                                   for s in await proposed.slots.all()]})

    held = await _introduction(other, welfare, coordinator, room, "子育てサロンの共催について")
    start = _at(today - timedelta(days=1), 10)
    slot = await IntroductionSlot.create(introduction=held, starts_at=start,
                                         ends_at=start + timedelta(hours=1))
    span = [slot.starts_at.isoformat(), slot.ends_at.isoformat()]
    await IntroductionEvent.create(introduction=held, kind="proposed", actor=coordinator,
                                   data={"slots": [span]})
    for side in (PartySide.A, PartySide.B):
        await IntroductionAnswer.create(introduction=held, side=side)
        await SlotAvailability.create(introduction=held, slot=slot, side=side, available=True)
        await IntroductionEvent.create(introduction=held, kind="availability", side=side.value,
                                       data={"slots": [span], "comment": ""})
    await IntroductionEvent.create(introduction=held, kind="scheduled", data={"slot": span})
    await Introduction.filter(id=held.id).update(
        status=IntroductionStatus.SCHEDULED, starts_at=slot.starts_at, ends_at=slot.ends_at)


async def _introduction(
    group: Organisation, department: Department, coordinator: User | None, room: Room,
    agenda: str,
) -> Introduction:
    item = await QueueItem.create(
        origin=QueueOrigin.COORDINATOR, status=QueueStatus.INTRODUCED,
        party_a_kind="organisation", party_a_id=group.id, party_b_kind="department",
        party_b_id=department.id, handled_by=coordinator,
    )
    return await Introduction.create(
        queue_item=item, party_a_kind="organisation", party_a_id=group.id,
        party_b_kind="department", party_b_id=department.id, coordinator=coordinator,
        room=room, agenda=agenda,
    )
