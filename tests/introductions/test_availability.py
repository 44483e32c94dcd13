"""Finding a time by availability: the grid, the coordinator's confirmation, a mismatch that
asks for new times, and early, late or holiday times that ask the coordinator first."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import httpx
import jpholiday
import pytest
from factories.introductions import (
    current_slots,
    introduced,
    mark,
    proposal,
    queued,
    slot,
    world,
)
from support import post_form, sign_in
from tortoise.timezone import localtime

from kakehashi.errors import DomainError, Forbidden
from kakehashi.introductions import availability
from kakehashi.introductions import scheduling as introductions
from kakehashi.introductions import views as introduction_views
from kakehashi.introductions.models import Introduction, IntroductionStatus
from kakehashi.introductions.rules import OddTimesNeedConfirming, Slot
from kakehashi.notifications.models import Notification
from kakehashi.timezone import TOKYO


async def test_two_times_suiting_both_wait_for_the_coordinator_to_confirm_one(db: str) -> None:
    w = await world()
    intro_id = await introduced(w, slot(7), slot(8), slot(9))
    first, second, third = await current_slots(intro_id)
    await mark(w.member, intro_id, first, second, comment="午前なら調整できます")
    await mark(w.staff, intro_id, first, second, third)
    assert (await Introduction.get(id=intro_id)).status == IntroductionStatus.PROPOSED

    view = await introduction_views.detail(w.coordinator, intro_id)
    assert [(r.a, r.b, r.suits_all) for r in view.grid.rows] == [
        ("yes", "yes", True), ("yes", "yes", True), ("no", "yes", False)]
    assert view.grid.sides[0].comment == "午前なら調整できます" and view.can_confirm
    with pytest.raises(Forbidden):
        await availability.confirm(w.member, intro_id, second.id)
    with pytest.raises(DomainError) as refused:
        await availability.confirm(w.coordinator, intro_id, third.id)
    assert refused.value.field == "slot"

    await availability.confirm(w.coordinator, intro_id, second.id)
    intro = await Introduction.get(id=intro_id)
    assert intro.status == IntroductionStatus.SCHEDULED and intro.starts_at == second.starts_at
    assert await Notification.exists(user_id=w.member.id, kind="meeting_scheduled")


async def test_the_form_starts_from_the_earlier_answer_and_other_sides_see_it(db: str) -> None:
    w = await world()
    intro_id = await introduced(w, slot(7), slot(8))
    _first, second = await current_slots(intro_id)
    await mark(w.member, intro_id, second)
    mine = await introduction_views.detail(w.member, intro_id)
    assert mine.grid.mine == [second.id]
    theirs = await introduction_views.detail(w.staff, intro_id)
    assert theirs.grid.mine == [] and [r.a for r in theirs.grid.rows] == ["no", "yes"]
    assert [r.b for r in theirs.grid.rows] == ["none", "none"]


async def test_a_mismatch_is_mended_by_a_changed_answer_or_new_times(db: str) -> None:
    w = await world()
    intro_id = await introduced(w, slot(7), slot(8))
    first, _second = await current_slots(intro_id)
    await mark(w.member, intro_id, first)
    await mark(w.staff, intro_id)  # none of them
    assert (await Introduction.get(id=intro_id)).status == IntroductionStatus.NEEDS_SLOTS
    told = await Notification.filter(kind="introduction_no_match").values_list(
        "user_id", flat=True)
    assert set(told) == {w.member.id, w.staff.id, w.coordinator.id}
    coordinator_view = await introduction_views.detail(w.coordinator, intro_id)
    assert coordinator_view.status_label == "日程再調整" and coordinator_view.can_change

    # New times start the answers again.
    await introductions.reschedule(w.coordinator, intro_id, proposal(slot(10), slot(11)))
    assert (await Introduction.get(id=intro_id)).status == IntroductionStatus.PROPOSED
    view = await introduction_views.detail(w.member, intro_id)
    assert [r.a for r in view.grid.rows] == ["none", "none"]
    new_first, _new_second = await current_slots(intro_id)
    await mark(w.member, intro_id, new_first)
    await mark(w.staff, intro_id, new_first)
    assert (await Introduction.get(id=intro_id)).status == IntroductionStatus.SCHEDULED


def _tokyo(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TOKYO)


def _next_working_day(after: int) -> date:
    day = localtime().astimezone(TOKYO).date() + timedelta(days=after)
    while jpholiday.is_holiday(day):
        day += timedelta(days=1)
    return day


def _next_holiday() -> tuple[date, str]:
    day = localtime().astimezone(TOKYO).date() + timedelta(days=2)
    while not jpholiday.is_holiday(day):
        day += timedelta(days=1)
    return day, str(jpholiday.is_holiday_name(day))


async def test_early_late_and_holiday_times_ask_for_confirmation(db: str) -> None:
    w = await world()
    item = await queued(w)
    day = _next_working_day(5)
    holiday, name = _next_holiday()
    cases = [
        Slot(_tokyo(day, 6, 15), _tokyo(day, 7, 15)),
        Slot(_tokyo(day, 20, 30), _tokyo(day, 21, 30)),
        Slot(_tokyo(holiday, 10), _tokyo(holiday, 11)),
    ]
    for odd in cases:
        with pytest.raises(OddTimesNeedConfirming) as warned:
            await introductions.propose(w.coordinator, item.id, proposal(
                odd, room_id=w.room.id, confirm_hours=False), 3)
        assert warned.value.field == "confirm_hours"
    assert warned.value.odd[0].holiday == name
    assert not await Introduction.exists()
    morning, evening = Slot(_tokyo(day, 8), _tokyo(day, 9)), Slot(_tokyo(day, 20), _tokyo(day, 21))
    assert await introductions.propose(w.coordinator, item.id, proposal(
        morning, evening, room_id=w.room.id, confirm_hours=False), 3)


async def test_the_pages_show_the_grid_the_notice_and_the_warning(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    item = await queued(w)
    day = _next_working_day(6)
    await sign_in(client, "coord@example.jp")
    url = f"/coordinator/queue/{item.id}/introduce"
    early = f"{day.isoformat()}T06:15"
    form = {"slot1_start": early, "slot1_end": f"{day.isoformat()}T07:15",
            "slot2_start": f"{day.isoformat()}T10:00", "slot2_end": f"{day.isoformat()}T11:00",
            "slot3_start": f"{day.isoformat()}T14:00", "slot3_end": f"{day.isoformat()}T15:00",
            "room": str(w.room.id), "agenda": "顔合わせ"}
    warned = await post_form(client, url, url, form)
    assert warned.status_code == 400
    assert "8:00〜21:00の範囲外です" in warned.text  # at the early time's field
    assert 'name="confirm_hours"' in warned.text and f'value="{early}"' in warned.text
    assert not await Introduction.exists()
    sent = await post_form(client, url, url, {**form, "confirm_hours": "on"})
    assert sent.status_code == 303
    page = sent.headers["location"]
    intro = await Introduction.get()
    first, second, third = await current_slots(intro.id)

    await sign_in(client, "member@example.jp")
    answered = await client.get(page)
    assert answered.text.count('type="checkbox" name="slots"') == 3
    await post_form(client, page, f"{page}/answer", {
        "slots": [str(first.id), str(third.id)], "comment": "夕方は不可"})
    again = await client.get(page)
    assert f'value="{first.id}" checked' in again.text
    assert f'value="{second.id}" checked' not in again.text and "夕方は不可" in again.text

    await sign_in(client, "staff@example.jp")
    assert (await post_form(client, page, f"{page}/answer", {"slots": str(second.id)})
            ).status_code == 303
    await sign_in(client, "coord@example.jp")
    shown = await client.get(page)
    assert "日程再調整" in shown.text and "新しい候補日時を提示してください" in shown.text
    assert "○" in shown.text and "×" in shown.text
    assert f'/introductions/{intro.id}/reschedule' in shown.text
    refused = await post_form(client, page, f"{page}/confirm", {"slot": str(first.id)})
    assert refused.status_code == 400 and "両方の都合が合う日時を選んでください" in refused.text
    assert (await Introduction.get(id=intro.id)).status == IntroductionStatus.NEEDS_SLOTS
    listed = await client.get("/introductions")
    assert "日程再調整" in listed.text


async def test_a_decline_through_the_page_ends_as_not_going_ahead(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    intro_id = await introduced(w)
    page = f"/introductions/{intro_id}"
    await sign_in(client, "staff@example.jp")
    declined = await post_form(client, page, f"{page}/decline", {"reason": "今年度は予算がない"})
    assert declined.status_code == 303
    await sign_in(client, "member@example.jp")
    shown = await client.get(page)
    assert "不成立" in shown.text and "今年度は予算がない" in shown.text
    assert 'name="slots"' not in shown.text
    assert "不成立" in (await client.get("/introductions")).text
