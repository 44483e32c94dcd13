"""Asking for an introduction: the form and the API follow one rule, so the same people get the
same answer (a group waiting for approval may not ask; its calls and offers cannot be asked
for, as they are not public)."""

from __future__ import annotations

import httpx
import pytest
from factories.accounts import PASSWORD, user
from factories.introductions import world
from support import post_form

from kakehashi.accounts.models import Role
from kakehashi.accounts.permissions import Owner
from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Organisation
from kakehashi.errors import NotFound
from kakehashi.introductions import queue
from kakehashi.introductions.models import QueueItem

API = "/api/v1/introductions/requests"
API_TYPES = {"organisation": "group", "department": "department"}


async def _as(client: httpx.AsyncClient, email: str) -> None:
    client.cookies.clear()
    response = await post_form(client, "/login", "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 303


async def _answers(client: httpx.AsyncClient, target: str, asker: Owner,
                   other: Owner) -> tuple[int, int, int]:
    """The form's page, the form's POST and the API's POST for the same request."""
    ask = f"/introductions/request?target={target}"
    page = await client.get(ask)
    posted = await post_form(client, "/", ask, {"asker": asker.key, "message": "話したい"})
    api = await client.post(API, headers={"x-csrftoken": client.cookies["csrftoken"]}, json={
        "asker": {"type": API_TYPES[asker.kind], "id": asker.id},
        "other": {"type": API_TYPES[other.kind], "id": other.id}, "message": "話したい"})
    return page.status_code, posted.status_code, api.status_code


async def test_a_group_waiting_for_approval_cannot_ask_by_form_or_api(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    fresh = await Organisation.create(name="登録したての会", kind="npo",
                                      status=ApprovalStatus.PENDING)
    await user("fresh@example.jp", Role.GROUP, "登録したての会")
    await _as(client, "fresh@example.jp")
    answers = await _answers(client, f"department:{w.department.id}",
                             Owner("organisation", fresh.id), w.b)
    assert answers == (403, 403, 403)
    assert await QueueItem.all().count() == 0


async def test_a_pending_groups_call_or_offer_is_not_a_target(client: httpx.AsyncClient) -> None:
    w = await world()
    pending = await Organisation.create(name="承認待ちの会", kind="npo",
                                        status=ApprovalStatus.PENDING)
    need = await Need.create(title="見守りの協力者募集", organisation=pending,
                             status=NeedStatus.OPEN)
    capability = await Capability.create(title="配食の手伝い", organisation=pending)
    await _as(client, "member@example.jp")
    owner = Owner("organisation", pending.id)
    for target in (f"need:{need.id}", f"capability:{capability.id}"):
        assert await _answers(client, target, w.a, owner) == (404, 404, 404), target
        page = await client.get(f"/introductions/request?target={target}")
        assert "承認待ちの会" not in page.text
    assert await QueueItem.all().count() == 0


async def test_the_service_refuses_a_pending_group_as_the_party_to_meet(db: str) -> None:
    w = await world()
    pending = await Organisation.create(name="承認待ちの会", kind="npo",
                                        status=ApprovalStatus.PENDING)
    with pytest.raises(NotFound):
        await queue.request_introduction(w.member, w.a, Owner("organisation", pending.id), "")
    assert await QueueItem.all().count() == 0


async def test_an_approved_groups_call_is_asked_for_alike(client: httpx.AsyncClient) -> None:
    w = await world()
    need = await Need.create(title="防災訓練の協力団体募集", department=w.department,
                             status=NeedStatus.OPEN)
    await _as(client, "member@example.jp")
    page, posted, api = await _answers(client, f"need:{need.id}", w.a, w.b)
    assert (page, posted) == (200, 303)
    assert api == 400  # the form's request is in the queue already: the same pair only once
    assert await QueueItem.all().count() == 1
