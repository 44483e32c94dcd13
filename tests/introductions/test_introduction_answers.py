"""Answers as people really send them: a double click, the back button after the meeting was
settled, a cancel form left open while the other side cancelled."""

from __future__ import annotations

from datetime import timedelta

import httpx
from factories.introductions import introduced, slot, world
from support import csrf_token, post_form, sign_in
from tortoise.timezone import localtime

from kakehashi.introductions import queue
from kakehashi.introductions.models import Introduction, IntroductionEvent, IntroductionSlot
from kakehashi.notifications.models import Notification


async def test_the_same_answer_twice_is_recorded_and_told_once(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    intro_id = await introduced(w, slot(7), slot(8))
    first = await IntroductionSlot.filter(introduction_id=intro_id).order_by("id").first()
    assert first is not None
    await sign_in(client, "member@example.jp")
    page = f"/introductions/{intro_id}"
    token = await csrf_token(client, page)
    for _click in range(2):
        sent = await client.post(f"{page}/answer", data={"slots": str(first.id),
                                                         "csrftoken": token})
        assert sent.status_code == 303
    assert await IntroductionEvent.filter(introduction_id=intro_id,
                                          kind="availability").count() == 1
    assert await Notification.filter(user_id=w.staff.id, kind="introduction_answered").count() == 1


async def test_an_answer_sent_after_the_meeting_was_settled_says_why_it_was_not_taken(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    intro_id = await introduced(w, slot(7), slot(8))
    first = await IntroductionSlot.filter(introduction_id=intro_id).order_by("id").first()
    assert first is not None
    page = f"/introductions/{intro_id}"
    await sign_in(client, "staff@example.jp")
    staff_token = await csrf_token(client, page)
    staff_cookies = dict(client.cookies)
    await sign_in(client, "member@example.jp")
    assert (await post_form(client, page, f"{page}/answer",
                            {"slots": str(first.id)})).status_code == 303
    await post_form(client, page, f"{page}/cancel", {"cancel_reason": "都合がつかなくなった"})

    # The staff member's page was opened before the cancel and is sent now.
    client.cookies.clear()
    client.cookies.update(staff_cookies)
    late = await client.post(f"{page}/answer", data={"slots": str(first.id),
                                                     "csrftoken": staff_token})
    assert late.status_code == 303 and late.headers["location"] == page
    shown = await client.get(page)
    assert "この紹介はもう回答を受け付けていません。" in shown.text
    late_cancel = await client.post(f"{page}/cancel", data={"cancel_reason": "重複",
                                                            "csrftoken": staff_token})
    assert late_cancel.status_code == 303
    assert "この紹介はもう変更できません。" in (await client.get(page)).text


def _local(days: int, hour: int, minute: int = 0) -> str:
    day = (localtime() + timedelta(days=days)).date()
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


async def test_slips_of_the_date_are_refused_and_a_late_meeting_may_cross_midnight(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    item = await queue.add_by_coordinator(w.coordinator, w.a, w.b)
    await sign_in(client, "coord@example.jp")
    url = f"/coordinator/queue/{item.id}/introduce"
    base = {"room": str(w.room.id), "online_url": "", "agenda": "", "confirm_hours": "on"}
    cases = [
        # The end typed a day (or a year) out.
        ({"slot1_start": _local(7, 10), "slot1_end": _local(8, 11)},
         "面談の時間は12時間以内にしてください"),
        ({"slot1_start": _local(7, 10), "slot1_end": _local(372, 11)},
         "面談の時間は12時間以内にしてください"),
        # A date without a time would mean midnight.
        ({"slot1_start": _local(7, 0)[:10], "slot1_end": _local(8, 0)[:10]},
         "2026-12-01 10:00 のように日時を入力してください"),
    ]
    for changes, message in cases:
        response = await post_form(client, url, url, {**base, **changes})
        assert response.status_code == 400, changes
        assert message in response.text, changes
    assert not await Introduction.exists()

    late = await post_form(client, url, url, {
        **base, "slot1_start": _local(7, 23, 30), "slot1_end": _local(8, 0, 30)})
    assert late.status_code == 303
    page = await client.get(late.headers["location"])
    start, end = localtime() + timedelta(days=7), localtime() + timedelta(days=8)
    assert (f"{start:%Y/%m/%d} 23:30–{end:%Y/%m/%d} 00:30"
            in page.text.replace("&#8211;", "–"))


async def test_sending_the_introduction_twice_shows_the_one_that_was_sent(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    item = await queue.add_by_coordinator(w.coordinator, w.a, w.b)
    await sign_in(client, "coord@example.jp")
    url = f"/coordinator/queue/{item.id}/introduce"
    token = await csrf_token(client, url)
    data = {"slot1_start": _local(7, 10), "slot1_end": _local(7, 11),
            "room": str(w.room.id), "confirm_hours": "on", "csrftoken": token}
    first = await client.post(url, data=data)
    second = await client.post(url, data=data)
    intro = await Introduction.get(queue_item_id=item.id)
    assert first.headers["location"] == second.headers["location"] == f"/introductions/{intro.id}"
    assert "この項目はすでに対応済みです。" in (await client.get(second.headers["location"])).text
    assert await Introduction.all().count() == 1


async def test_new_times_sent_twice_are_proposed_and_told_once(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    intro_id = await introduced(w)
    await sign_in(client, "member@example.jp")
    url = f"/introductions/{intro_id}/reschedule"
    token = await csrf_token(client, url)
    data = {"slot1_start": _local(9, 13), "slot1_end": _local(9, 14), "confirm_hours": "on",
            "csrftoken": token}
    for _click in range(2):
        assert (await client.post(url, data=data)).status_code == 303
    assert await IntroductionEvent.filter(introduction_id=intro_id,
                                          kind="rescheduled").count() == 1
    assert await Notification.filter(user_id=w.staff.id, kind="meeting_rescheduled").count() == 1
    assert await IntroductionSlot.filter(introduction_id=intro_id, is_current=True).count() == 1


async def test_times_typed_out_of_order_are_offered_earliest_first(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    item = await queue.add_by_coordinator(w.coordinator, w.a, w.b)
    await sign_in(client, "coord@example.jp")
    url = f"/coordinator/queue/{item.id}/introduce"
    sent = await post_form(client, url, url, {
        "slot1_start": _local(9, 10), "slot1_end": _local(9, 11),
        "slot2_start": _local(7, 14), "slot2_end": _local(7, 15),
        "slot3_start": _local(8, 10), "slot3_end": _local(8, 11), "room": str(w.room.id),
        "confirm_hours": "on"})
    assert sent.status_code == 303
    await sign_in(client, "member@example.jp")
    page = (await client.get(sent.headers["location"])).text
    days = [f"{(localtime() + timedelta(days=d)):%Y/%m/%d}" for d in (7, 8, 9)]
    answer_form = page[page.index('name="slots"'):]
    assert [answer_form.index(day) for day in days] == sorted(
        answer_form.index(day) for day in days)
    note = await Notification.get(user_id=w.member.id, kind="introduction_proposed")
    written = [f"{d.year}年{d.month}月{d.day}日"
               for d in (localtime() + timedelta(days=n) for n in (7, 8, 9))]
    assert [note.body.index(day) for day in written] == sorted(
        note.body.index(day) for day in written)
