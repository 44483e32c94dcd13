"""The coordinator's desk: sign-in lands there, rows link to their action, acting removes them."""

from __future__ import annotations

from datetime import timedelta

import httpx
from factories.accounts import PASSWORD
from factories.directory import group
from factories.introductions import world
from support import post_form, sign_in
from tortoise.timezone import now

from kakehashi.directory import approval
from kakehashi.directory.models.orgs import ApprovalStatus
from kakehashi.introductions import queue
from kakehashi.introductions.models import QueueItem


async def test_a_coordinator_lands_on_the_desk_and_acting_removes_the_row(
        client: httpx.AsyncClient) -> None:
    w = await world()
    item = await queue.request_introduction(w.member, w.a, w.b, "見守りで協力したい")
    await QueueItem.filter(id=item.id).update(created_at=now() - timedelta(days=10))
    fresh = await group("新しい会", status=ApprovalStatus.PENDING)

    client.cookies.clear()
    login = await post_form(client, "/login", "/login",
                            {"email": w.coordinator.email, "password": PASSWORD})
    assert login.status_code == 303 and login.headers["location"] == "/coordinator/desk"
    desk = await client.get("/coordinator/desk")
    assert desk.status_code == 200
    assert "<title>今日の仕事 (2)" in desk.text
    assert "新しい会" in desk.text and "みどりの会 → 福祉課" in desk.text
    assert f"/coordinator/queue/{item.id}/introduce" in desk.text
    assert "/coordinator/concentration" in desk.text

    await queue.dismiss(w.coordinator, item.id, "not_relevant", "")
    await approval.approve(fresh.id, w.coordinator.id)
    desk = await client.get("/coordinator/desk")
    assert "<title>今日の仕事 (0)" in desk.text
    assert "新しい会" not in desk.text and "みどりの会 → 福祉課" not in desk.text


async def test_a_fresh_request_waits_its_days_before_the_desk(client: httpx.AsyncClient) -> None:
    w = await world()
    await queue.request_introduction(w.member, w.a, w.b, "見守りで協力したい")
    await sign_in(client, w.coordinator)
    assert "みどりの会 → 福祉課" not in (await client.get("/coordinator/desk")).text


async def test_others_sign_in_to_my_page_and_cannot_open_the_desk(
        client: httpx.AsyncClient) -> None:
    w = await world()
    client.cookies.clear()
    login = await post_form(client, "/login", "/login",
                            {"email": w.member.email, "password": PASSWORD})
    assert login.headers["location"] == "/me"
    assert (await client.get("/coordinator/desk")).status_code == 403
