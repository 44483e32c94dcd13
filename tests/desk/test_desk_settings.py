"""The office's deadlines: a coordinator edits them on the desk, bad input is refused at the
field keeping what was typed, and the desk reads the stored numbers."""

from __future__ import annotations

from datetime import timedelta

import httpx
from factories.introductions import world
from support import post_form, sign_in
from tortoise.timezone import now

from kakehashi.desk import deadlines
from kakehashi.introductions import queue
from kakehashi.introductions.models import QueueItem

PAGE = "/coordinator/desk/settings"
VALID = {"unanswered_days": "2", "outcome_days": "3", "party_days": "14",
         "deadline_warning_days": "7"}


async def test_a_shorter_wait_brings_a_request_onto_the_desk(client: httpx.AsyncClient) -> None:
    w = await world()
    item = await queue.request_introduction(w.member, w.a, w.b, "見守りで協力したい")
    await QueueItem.filter(id=item.id).update(created_at=now() - timedelta(days=3))
    await sign_in(client, w.coordinator)
    desk = (await client.get("/coordinator/desk")).text
    assert "7日以上返事のない紹介依頼 (0)" in desk and f'href="{PAGE}"' in desk
    assert 'value="7"' in (await client.get(PAGE)).text  # the defaults before any change

    saved = await post_form(client, PAGE, PAGE, VALID)
    assert saved.status_code == 303 and saved.headers["location"] == "/coordinator/desk"
    desk = (await client.get("/coordinator/desk")).text
    assert "2日以上返事のない紹介依頼 (1)" in desk and "みどりの会 → 福祉課" in desk
    assert (await deadlines.current()).unanswered_days == 2


async def test_a_bad_number_is_refused_at_its_field_keeping_the_others(
        client: httpx.AsyncClient) -> None:
    w = await world()
    await sign_in(client, w.coordinator)
    refused = await post_form(client, PAGE, PAGE, {**VALID, "outcome_days": "0",
                                                   "party_days": "二週間"})
    assert refused.status_code == 400
    assert 'id="outcome_days-error"' in refused.text and 'id="party_days-error"' in refused.text
    assert 'value="二週間"' in refused.text and 'value="2"' in refused.text
    assert 'id="unanswered_days-error"' not in refused.text
    assert await deadlines.current() == deadlines.Deadlines()  # nothing saved


async def test_only_a_coordinator_changes_the_deadlines(client: httpx.AsyncClient) -> None:
    w = await world()
    await sign_in(client, w.staff)
    assert (await client.get(PAGE)).status_code == 403
