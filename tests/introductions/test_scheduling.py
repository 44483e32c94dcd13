"""Introductions step by step: propose, mark availability, schedule, reschedule, cancel,
withdraw, decline, outcome."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from factories.introductions import (
    both_attend_first,
    current_slots,
    introduced,
    mark,
    proposal,
    queued,
    slot,
    world,
)

from kakehashi.collaborations import views as collaboration_views
from kakehashi.collaborations.models import Collaboration
from kakehashi.errors import DomainError, Forbidden, NotFound
from kakehashi.introductions import availability, outcome
from kakehashi.introductions import scheduling as introductions
from kakehashi.introductions import views as introduction_views
from kakehashi.introductions.models import (
    Introduction,
    IntroductionAnswer,
    IntroductionEvent,
    IntroductionSlot,
    IntroductionStatus,
    QueueItem,
    QueueStatus,
)
from kakehashi.introductions.rules import ConfirmationNeeded, Slot


async def test_one_slot_suiting_both_parties_schedules_the_meeting(db: str) -> None:
    w = await world()
    intro_id = await introduced(w, slot(7), slot(8))
    item = await QueueItem.get(id=(await Introduction.get(id=intro_id)).queue_item_id)  # type: ignore[attr-defined]
    assert item.status == QueueStatus.INTRODUCED
    first = await both_attend_first(w, intro_id)
    intro = await Introduction.get(id=intro_id)
    assert intro.status == IntroductionStatus.SCHEDULED
    assert intro.starts_at == first.starts_at
    kinds = await IntroductionEvent.filter(introduction_id=intro_id).values_list(
        "kind", flat=True)
    assert list(kinds) == ["proposed", "availability", "availability", "scheduled"]
    view = await introduction_views.detail(w.staff, intro_id)
    assert [e.party for e in view.timeline[1:3]] == ["みどりの会", "福祉課"]
    assert view.room_capacity == 12 and view.can_change and not view.can_answer


async def test_different_slots_ask_the_coordinator_for_new_ones(db: str) -> None:
    w = await world()
    intro_id = await introduced(w, slot(7), slot(8))
    slots = await current_slots(intro_id)
    await mark(w.member, intro_id, slots[0])
    await mark(w.staff, intro_id, slots[1])
    assert (await Introduction.get(id=intro_id)).status == IntroductionStatus.NEEDS_SLOTS
    assert await IntroductionEvent.exists(introduction_id=intro_id, kind="no_match")


async def test_simultaneous_answers_schedule_the_meeting_once(db: str) -> None:
    w = await world()
    intro_id = await introduced(w)
    first = (await current_slots(intro_id))[0]
    await asyncio.gather(mark(w.member, intro_id, first), mark(w.staff, intro_id, first))
    intro = await Introduction.get(id=intro_id)
    assert intro.status == IntroductionStatus.SCHEDULED
    assert await IntroductionEvent.filter(introduction_id=intro_id, kind="scheduled").count() == 1
    with pytest.raises(DomainError):
        await mark(w.member, intro_id)


async def test_a_decline_needs_a_reason_and_ends_the_introduction(db: str) -> None:
    w = await world()
    intro_id = await introduced(w)
    with pytest.raises(DomainError) as refused:
        await availability.decline(w.staff, intro_id, "  ")
    assert refused.value.field == "reason"
    await availability.decline(w.staff, intro_id, "年度末で多忙")
    intro = await Introduction.get(id=intro_id)
    assert intro.status == IntroductionStatus.DECLINED and intro.cancel_reason == "年度末で多忙"
    view = await introduction_views.detail(w.coordinator, intro_id)
    assert view.grid.sides[1].declined and view.grid.sides[1].party == "福祉課"
    assert "年度末で多忙" in view.timeline[-1].text
    assert view.status_label == "不成立" and not view.can_change
    with pytest.raises(DomainError):
        await mark(w.member, intro_id)


async def test_only_the_parties_may_answer_and_outsiders_cannot_see_it(db: str) -> None:
    w = await world()
    intro_id = await introduced(w)
    first = await IntroductionSlot.filter(introduction_id=intro_id).first()
    assert first is not None
    with pytest.raises(NotFound):
        await mark(w.outsider, intro_id, first)
    with pytest.raises(NotFound):
        await introduction_views.detail(w.outsider, intro_id)
    with pytest.raises(Forbidden):
        await mark(w.coordinator, intro_id, first)
    # a member answers for their own side only, even when naming the other side
    await availability.mark_availability(w.member, intro_id, availability.Availability(
        frozenset({first.id}), side="b"))
    answer = await IntroductionAnswer.get(introduction_id=intro_id)
    assert answer.side.value == "a"


async def test_a_slot_of_another_introduction_is_refused(db: str) -> None:
    w = await world()
    intro_id = await introduced(w)
    with pytest.raises(DomainError) as refused:
        await availability.mark_availability(w.member, intro_id, availability.Availability(
            frozenset({999_999})))
    assert refused.value.field == "slots"
    assert not await IntroductionAnswer.exists()


@pytest.mark.parametrize(("slots", "field"), [
    ([], "slot1_start"),
    ([slot(3), slot(4), slot(5), slot(6), slot(7), slot(8)], "slot1_start"),
    ([slot(-1)], "slot1_start"),
    ([Slot(slot(3).starts_at, slot(3).starts_at - timedelta(hours=1))], "slot1_end"),
    ([slot(3, 10, 90), slot(3, 11)], "slot2_start"),
])
async def test_bad_slots_are_refused_at_their_field(
    db: str, slots: list[Slot], field: str
) -> None:
    w = await world()
    item = await queued(w)
    data = introductions.MeetingOffer(slots=slots, place=proposal(room_id=w.room.id).place,
                                      agenda="", confirm_hours=True)
    with pytest.raises(DomainError) as refused:
        await introductions.propose(w.coordinator, item.id, data, 3)
    assert refused.value.field == field
    assert not await Introduction.exists()
    assert (await QueueItem.get(id=item.id)).status == QueueStatus.OPEN


@pytest.mark.parametrize(("room", "url", "field"), [
    (None, "", "room"), (999_999, "", "room"), (None, "javascript:alert(1)", "online_url"),
    (None, "zoom meeting", "online_url"),
])
async def test_a_place_is_required_and_checked(
    db: str, room: int | None, url: str, field: str
) -> None:
    w = await world()
    item = await queued(w)
    with pytest.raises(DomainError) as refused:
        await introductions.propose(w.coordinator, item.id, proposal(room_id=room, url=url), 3)
    assert refused.value.field == field


async def test_an_online_link_alone_is_a_place(db: str) -> None:
    w = await world()
    item = await queued(w)
    intro = await introductions.propose(
        w.coordinator, item.id, proposal(url="https://meet.example.jp/abc"), 3)
    assert intro.online_url == "https://meet.example.jp/abc" and intro.room_id is None  # type: ignore[attr-defined]


async def test_overlaps_with_a_scheduled_meeting_need_confirmation(db: str) -> None:
    w = await world()
    intro_id = await introduced(w, slot(7, 10))
    await both_attend_first(w, intro_id)
    item = await introductions_queue_item(w)
    clashing = proposal(slot(7, 10, 30), room_id=w.room.id)
    with pytest.raises(ConfirmationNeeded) as warned:
        await introductions.propose(w.coordinator, item, clashing, 5)
    assert warned.value.overlaps[0].slot == 1
    who = warned.value.overlaps[0].who
    assert "みどりの会" in who and "会議室A" in who
    confirmed = proposal(slot(7, 10, 30), room_id=w.room.id, confirm_overlaps=True)
    assert (await introductions.propose(w.coordinator, item, confirmed, 5)).id


async def introductions_queue_item(w) -> int:  # type: ignore[no-untyped-def]
    from kakehashi.introductions import queue

    return (await queue.add_by_coordinator(w.coordinator, w.a, w.b, "again")).id


async def test_the_monthly_limit_needs_an_override_recorded_in_the_timeline(db: str) -> None:
    w = await world()
    await introduced(w, per_month=1)
    item = await introductions_queue_item(w)
    with pytest.raises(DomainError) as refused:
        await introductions.propose(w.coordinator, item, proposal(room_id=w.room.id), 1)
    assert refused.value.field == "override_limit"
    intro = await introductions.propose(
        w.coordinator, item, proposal(slot(9), room_id=w.room.id, override_limit=True), 1)
    assert intro.limit_overridden
    assert await IntroductionEvent.exists(introduction_id=intro.id, kind="limit_overridden")


async def test_cancelled_introductions_do_not_count_towards_the_limit(db: str) -> None:
    w = await world()
    first = await introduced(w, per_month=1)
    await introductions.cancel(w.member, first, "都合がつかない")
    item = await introductions_queue_item(w)
    assert (await introductions.propose(w.coordinator, item, proposal(room_id=w.room.id), 1)).id


async def test_reschedule_resets_answers_and_raises_the_sequence(db: str) -> None:
    w = await world()
    intro_id = await introduced(w)
    await both_attend_first(w, intro_id)
    await introductions.reschedule(w.staff, intro_id, proposal(slot(10), slot(11)))
    intro = await Introduction.get(id=intro_id)
    assert intro.status == IntroductionStatus.PROPOSED and intro.sequence == 1
    assert not await IntroductionAnswer.filter(introduction_id=intro_id).exists()
    assert await IntroductionSlot.filter(introduction_id=intro_id, is_current=True).count() == 2
    view = await introduction_views.detail(w.member, intro_id)
    assert view.can_answer and view.when == ""
    # rescheduling before anything was scheduled keeps the sequence
    await introductions.reschedule(w.coordinator, intro_id, proposal(slot(12)))
    assert (await Introduction.get(id=intro_id)).sequence == 1
    # the new meeting's invitation outranks the CANCEL sent at sequence 1
    await both_attend_first(w, intro_id)
    again = await Introduction.get(id=intro_id)
    assert again.status == IntroductionStatus.SCHEDULED and again.sequence == 2


async def test_a_withdrawal_needs_a_reason_and_raises_the_sequence_of_a_scheduled_meeting(
    db: str,
) -> None:
    w = await world()
    intro_id = await introduced(w)
    await both_attend_first(w, intro_id)
    with pytest.raises(DomainError) as refused:
        await introductions.cancel(w.member, intro_id, "")
    assert refused.value.field == "cancel_reason"
    with pytest.raises(NotFound):
        await introductions.cancel(w.outsider, intro_id, "いたずら")
    await introductions.cancel(w.member, intro_id, "代表が入院しました")
    intro = await Introduction.get(id=intro_id)
    assert intro.status == IntroductionStatus.WITHDRAWN and intro.sequence == 1
    assert intro.cancel_reason == "代表が入院しました"
    assert [m.id for m in await introductions.meetings_for_user(w.staff)] == [intro_id]
    assert await introductions.meetings_for_user(w.outsider) == []


async def test_outcome_collaborate_opens_a_draft_with_both_parties(db: str) -> None:
    w = await world()
    intro_id = await introduced(w)
    await both_attend_first(w, intro_id)
    with pytest.raises(DomainError) as early:
        await outcome.record_outcome(w.coordinator, intro_id, "collaborate", "")
    assert early.value.field == "outcome"
    await Introduction.filter(id=intro_id).update(starts_at=slot(-1).starts_at)
    with pytest.raises(DomainError):
        await outcome.record_outcome(w.member, intro_id, "collaborate", "")
    collaboration_id = await outcome.record_outcome(
        w.coordinator, intro_id, "collaborate", "見守りを一緒に始める")
    assert collaboration_id is not None
    draft = await Collaboration.get(id=collaboration_id)
    assert draft.status == "draft"
    assert [o.name for o in await draft.organisations.all()] == ["みどりの会"]
    assert [d.name for d in await draft.departments.all()] == ["福祉課"]
    intro = await Introduction.get(id=intro_id)
    assert intro.status == IntroductionStatus.HELD and intro.minutes == "見守りを一緒に始める"
    view = await collaboration_views.detail(w.staff, collaboration_id)
    assert {p.name for p in view.parties} == {"みどりの会", "福祉課"}
    with pytest.raises(NotFound):
        await collaboration_views.detail(w.outsider, collaboration_id)
    with pytest.raises(DomainError):
        await outcome.record_outcome(w.coordinator, intro_id, "no", "")


async def test_outcome_no_opens_nothing(db: str) -> None:
    w = await world()
    intro_id = await introduced(w)
    await both_attend_first(w, intro_id)
    await Introduction.filter(id=intro_id).update(starts_at=slot(-1).starts_at)
    assert await outcome.record_outcome(w.coordinator, intro_id, "no", "") is None
    assert not await Collaboration.exists()
