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
from kakehashi.proposals import rules as proposals


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


async def test_office_rows_name_each_proposal_and_group_and_land_on_its_action(
        client: httpx.AsyncClient) -> None:
    """A proposal to route is listed by its title and opens its routing page; a group waiting
    for approval opens its own card on the approvals page; routing removes the row."""
    w = await world()
    fresh = await group("新しい会", status=ApprovalStatus.PENDING)
    proposal = await proposals.submit(w.member, w.group.id, proposals.ProposalInput(
        title="見守り講座", issue="担い手が足りない", plan="講座を開く",
        expected_effect="担い手が増える", fields=("welfare",), departments=()))
    await sign_in(client, w.coordinator)
    desk = (await client.get("/coordinator/desk")).text
    row = f'href="/coordinator/proposals/{proposal.id}">見守り講座（みどりの会）</a>'
    assert row in desk
    assert f'href="/coordinator/approvals#group-{fresh.id}">新しい会</a>' in desk
    assert f'id="group-{fresh.id}"' in (await client.get("/coordinator/approvals")).text
    routing = await client.get(f"/coordinator/proposals/{proposal.id}")
    assert 'name="department"' in routing.text  # the row lands on the routing form
    await proposals.route(w.coordinator, proposal.id, w.department.id)
    assert "見守り講座" not in (await client.get("/coordinator/desk")).text
