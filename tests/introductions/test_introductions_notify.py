"""Who is told about each step of an introduction, with which event and calendar method."""

from __future__ import annotations

from typing import Any

import pytest
from factories.introductions import (
    both_attend_first,
    current_slots,
    introduced,
    mark,
    proposal,
    slot,
    world,
)

from kakehashi.introductions import availability, outcome, queue
from kakehashi.introductions import scheduling as introductions
from kakehashi.introductions.models import Introduction, QueueItem
from kakehashi.notifications import events as notifications


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    async def record(user_ids: Any, event: str, params: dict[str, Any], link: str, *,
                     meeting: int | None = None, calendar_method: str = "REQUEST") -> None:
        calls.append({"users": set(user_ids), "event": event, "params": params, "link": link,
                      "meeting": meeting, "method": calendar_method})

    monkeypatch.setattr(notifications, "notify", record)
    return calls


async def test_each_step_tells_the_right_people(db: str, sent: list[dict[str, Any]]) -> None:
    w = await world()
    await queue.request_introduction(w.member, w.a, w.b, "話したい")
    assert sent[-1]["event"] == "introduction_requested"
    assert sent[-1]["users"] == {w.coordinator.id}
    assert sent[-1]["link"] == "/coordinator/queue"
    await queue.dismiss(w.coordinator, (await QueueItem.get()).id, "other", "x")

    intro_id = await introduced(w, slot(7), slot(8))
    assert sent[-1]["event"] == "introduction_proposed"
    assert sent[-1]["users"] == {w.member.id, w.staff.id}
    assert sent[-1]["params"]["party_a"] == "みどりの会"
    assert sent[-1]["params"]["party_b"] == "福祉課"
    assert "会議室A" in sent[-1]["params"]["place"]

    first, second = await current_slots(intro_id)
    await mark(w.member, intro_id, first, second)
    assert sent[-1]["event"] == "introduction_answered"
    assert sent[-1]["users"] == {w.coordinator.id, w.staff.id}
    await mark(w.staff, intro_id, first)
    answered, scheduled = sent[-2], sent[-1]
    assert answered["users"] == {w.coordinator.id, w.member.id}
    assert scheduled["event"] == "meeting_scheduled"
    assert scheduled["users"] == {w.coordinator.id, w.member.id, w.staff.id}
    assert scheduled["meeting"] == intro_id and scheduled["method"] == "REQUEST"
    assert scheduled["params"]["starts_at"] == first.starts_at.isoformat()

    await introductions.reschedule(w.coordinator, intro_id, proposal(slot(10), slot(11)))
    assert sent[-1]["event"] == "meeting_rescheduled"
    assert sent[-1]["meeting"] == intro_id and sent[-1]["method"] == "CANCEL"
    # No new time suits both: both parties and the coordinator hear it.
    new_first, new_second = await current_slots(intro_id)
    await mark(w.member, intro_id, new_first)
    await mark(w.staff, intro_id, new_second)
    assert sent[-1]["event"] == "introduction_no_match"
    assert sent[-1]["users"] == {w.coordinator.id, w.member.id, w.staff.id}
    await introductions.cancel(w.staff, intro_id, "今年度は難しい")
    assert sent[-1]["event"] == "introduction_withdrawn"
    assert sent[-1]["meeting"] is None  # it was not scheduled any more
    assert sent[-1]["users"] == {w.coordinator.id, w.member.id, w.staff.id}


async def test_a_decline_tells_everyone_concerned(db: str, sent: list[dict[str, Any]]) -> None:
    w = await world()
    intro_id = await introduced(w)
    await availability.decline(w.staff, intro_id, "多忙")
    assert sent[-1]["event"] == "introduction_declined"
    assert sent[-1]["users"] == {w.coordinator.id, w.member.id, w.staff.id}
    assert sent[-1]["params"]["reason"] == "多忙"


async def test_cancelling_a_scheduled_meeting_sends_a_calendar_cancel(
    db: str, sent: list[dict[str, Any]]
) -> None:
    w = await world()
    intro_id = await introduced(w)
    await both_attend_first(w, intro_id)
    await introductions.cancel(w.coordinator, intro_id, "会場の都合")
    assert sent[-1]["event"] == "meeting_cancelled"
    assert sent[-1]["meeting"] == intro_id and sent[-1]["method"] == "CANCEL"
    await Introduction.filter(id=intro_id).update(status="scheduled")
    await Introduction.filter(id=intro_id).update(starts_at=slot(-1).starts_at)
    await outcome.record_outcome(w.coordinator, intro_id, "later", "")
    assert sent[-1]["event"] == "outcome_recorded"
    assert sent[-1]["users"] == {w.member.id, w.staff.id}
