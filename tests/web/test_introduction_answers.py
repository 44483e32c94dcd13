"""Answers as people really send them: a double click, the back button after the meeting was
settled, a cancel form left open while the other side cancelled."""

from __future__ import annotations

import httpx
from services.introduction_factories import PASSWORD, introduced, slot, world
from support import csrf_token, post_form

from kakehashi.models import IntroductionEvent, IntroductionSlot, Notification


async def _as(client: httpx.AsyncClient, email: str) -> None:
    client.cookies.clear()
    response = await post_form(client, "/login", "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 303


async def test_the_same_answer_twice_is_recorded_and_told_once(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    intro_id = await introduced(w, slot(7), slot(8))
    first = await IntroductionSlot.filter(introduction_id=intro_id).order_by("id").first()
    assert first is not None
    await _as(client, "member@example.jp")
    page = f"/introductions/{intro_id}"
    token = await csrf_token(client, page)
    for _click in range(2):
        sent = await client.post(f"{page}/answer", data={"slot": str(first.id),
                                                         "csrftoken": token})
        assert sent.status_code == 303
    assert await IntroductionEvent.filter(introduction_id=intro_id, kind="accepted").count() == 1
    assert await Notification.filter(user_id=w.staff.id, kind="introduction_answered").count() == 1


async def test_an_answer_sent_after_the_meeting_was_settled_says_why_it_was_not_taken(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    intro_id = await introduced(w, slot(7), slot(8))
    first = await IntroductionSlot.filter(introduction_id=intro_id).order_by("id").first()
    assert first is not None
    page = f"/introductions/{intro_id}"
    await _as(client, "staff@example.jp")
    staff_token = await csrf_token(client, page)
    staff_cookies = dict(client.cookies)
    await _as(client, "member@example.jp")
    assert (await post_form(client, page, f"{page}/answer",
                            {"slot": str(first.id)})).status_code == 303
    await post_form(client, page, f"{page}/cancel", {"cancel_reason": "都合がつかなくなった"})

    # The staff member's page was opened before the cancel and is sent now.
    client.cookies.clear()
    client.cookies.update(staff_cookies)
    late = await client.post(f"{page}/answer", data={"slot": str(first.id),
                                                     "csrftoken": staff_token})
    assert late.status_code == 303 and late.headers["location"] == page
    shown = await client.get(page)
    assert "この紹介はもう回答を受け付けていません。" in shown.text
    late_cancel = await client.post(f"{page}/cancel", data={"cancel_reason": "重複",
                                                            "csrftoken": staff_token})
    assert late_cancel.status_code == 303
    assert "この紹介はもう変更できません。" in (await client.get(page)).text
