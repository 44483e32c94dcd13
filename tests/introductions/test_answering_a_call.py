"""Answering a call from its own page, and a request's life until the office acts on it
(issue 15): the call offers the request to a group that may ask, shows 依頼済み once asked,
leads a visitor to sign in and back, and the asker can take the request back."""

from __future__ import annotations

import httpx
from factories.accounts import PASSWORD, account
from factories.directory import group
from factories.introductions import world
from support import post_form, sign_in

from kakehashi.accounts.models import Role
from kakehashi.directory.models.needs import Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus
from kakehashi.introductions.models import QueueItem, QueueStatus
from kakehashi.notifications.models import Notification


async def _ask(client: httpx.AsyncClient, w: object, need: Need,
               message: str = "") -> httpx.Response:
    """The group of ``w`` asks, from ``need``'s request form, to meet its owner."""
    ask = f"/introductions/request?target=need:{need.id}"
    return await post_form(client, ask, ask, {
        "asker": f"organisation:{w.group.id}", "message": message})  # type: ignore[attr-defined]


async def _call(w: object) -> Need:
    return await Need.create(title="災害時の安否確認の協力団体募集", description="見守り",
                             department=w.department, status=NeedStatus.OPEN)  # type: ignore[attr-defined]


async def test_a_group_answers_a_call_from_its_page_and_sees_it_waiting(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    need = await _call(w)
    await sign_in(client, "member@example.jp")
    page = await client.get(f"/needs/{need.id}")
    assert "この募集に応募・相談する" in page.text
    assert f"/introductions/request?target=need:{need.id}" in page.text
    form = await client.get(f"/introductions/request?target=need:{need.id}")
    assert "災害時の安否確認の協力団体募集" in form.text  # the call is already chosen
    sent = await _ask(client, w, need, "毎週の見守り活動の経験があります")
    assert sent.headers["location"] == f"/needs/{need.id}"
    again = await client.get(f"/needs/{need.id}")
    assert "依頼済み・回答待ち" in again.text and "この募集に応募・相談する" not in again.text
    assert "依頼済み・回答待ち" in (await client.get(f"/departments/{w.department.id}")).text
    mine = await client.get("/me")
    assert "紹介の依頼（窓口の対応待ち）" in mine.text and "福祉課" in mine.text
    note = await Notification.filter(kind="introduction_requested").first()
    assert note is not None and "毎週の見守り活動の経験があります" in note.body


async def test_a_visitor_is_led_to_sign_in_and_back_to_the_request(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    need = await _call(w)
    client.cookies.clear()
    page = await client.get(f"/needs/{need.id}")
    assert "ログインして応募・相談する" in page.text
    next_url = f"/introductions/request?target=need:{need.id}"
    signed = await post_form(client, "/login", "/login", {
        "email": "member@example.jp", "password": PASSWORD,
        "next": next_url})
    assert signed.status_code == 303 and signed.headers["location"] == next_url


async def test_a_group_waiting_for_approval_is_told_why_it_cannot_ask_yet(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    need = await _call(w)
    await group("申請中の会", status=ApprovalStatus.PENDING)
    await account("new@example.jp", Role.GROUP, "申請中の会")
    await sign_in(client, "new@example.jp")
    page = await client.get(f"/needs/{need.id}")
    assert "承認されると、ここから応募・相談できます" in page.text
    assert "この募集に応募・相談する" not in page.text


async def test_the_asker_withdraws_a_request_and_the_office_is_told(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    need = await _call(w)
    await sign_in(client, "member@example.jp")
    await _ask(client, w, need)
    item = await QueueItem.get()
    confirm = await client.get(f"/introductions/requests/{item.id}/withdraw")
    assert confirm.status_code == 200 and "依頼を取り下げる" in confirm.text
    assert (await QueueItem.get()).status == QueueStatus.OPEN  # opening the page changes nothing
    done = await post_form(client, f"/introductions/requests/{item.id}/withdraw",
                           f"/introductions/requests/{item.id}/withdraw",
                           {"reason": "今年度は人手が足りません"})
    assert done.status_code == 303 and done.headers["location"] == "/me"
    withdrawn = await QueueItem.get()
    assert withdrawn.status == QueueStatus.WITHDRAWN
    assert withdrawn.dismiss_note == "今年度は人手が足りません"
    told = await Notification.filter(kind="introduction_request_withdrawn").count()
    assert told >= 1
    assert "この募集に応募・相談する" in (await client.get(f"/needs/{need.id}")).text
    assert (await client.get(f"/introductions/requests/{item.id}/withdraw")).status_code == 404


async def test_nobody_else_can_withdraw_a_request(client: httpx.AsyncClient) -> None:
    w = await world()
    need = await _call(w)
    await sign_in(client, "member@example.jp")
    await _ask(client, w, need)
    item = await QueueItem.get()
    await sign_in(client, "other@example.jp")
    assert (await client.get(f"/introductions/requests/{item.id}/withdraw")).status_code == 404
    await sign_in(client, "coord@example.jp")
    assert (await client.get(f"/introductions/requests/{item.id}/withdraw")).status_code == 404
    assert (await QueueItem.get()).status == QueueStatus.OPEN


async def test_the_requests_message_reaches_the_other_party_once_introduced(
    client: httpx.AsyncClient,
) -> None:
    from factories.introductions import proposal, slot

    from kakehashi.introductions import scheduling

    w = await world()
    need = await _call(w)
    await sign_in(client, "member@example.jp")
    await _ask(client, w, need, "夜間の安否確認なら協力できます")
    item = await QueueItem.get()
    intro = await scheduling.propose(w.coordinator, item.id,
                                     proposal(slot(7), room_id=w.room.id), 3)
    await sign_in(client, "staff@example.jp")
    page = await client.get(f"/introductions/{intro.id}")
    assert "夜間の安否確認なら協力できます" in page.text and "みどりの会が話したいこと" in page.text
    note = await Notification.filter(kind="introduction_proposed",
                                     user_id=w.staff.id).first()
    assert note is not None and "夜間の安否確認なら協力できます" in note.body


async def test_a_call_of_a_group_shows_the_request_waiting_too(client: httpx.AsyncClient) -> None:
    w = await world()
    other = await group("ささえあいの会", kind="npo")
    need = await Need.create(title="送迎ボランティア募集", description="送迎",
                             organisation=other, status=NeedStatus.OPEN)
    await sign_in(client, "member@example.jp")
    await _ask(client, w, need)
    page = await client.get(f"/needs/{need.id}")
    assert "依頼済み・回答待ち" in page.text and "この募集に応募・相談する" not in page.text
    assert "依頼済み・回答待ち" in (await client.get(f"/groups/{other.id}")).text


async def test_a_dismissed_request_is_told_to_the_asker_with_the_offices_words(
    client: httpx.AsyncClient,
) -> None:
    from kakehashi.introductions import queue

    w = await world()
    need = await _call(w)
    await sign_in(client, "member@example.jp")
    await _ask(client, w, need)
    item = await QueueItem.get()
    await queue.dismiss(w.coordinator, item.id, "party_unavailable", "募集は先週締め切りました")
    note = await Notification.get(kind="introduction_request_dismissed", user_id=w.member.id)
    assert "募集は先週締め切りました" in note.body and "見送" in note.body
    assert "依頼済み・回答待ち" not in (await client.get("/me")).text


async def test_a_visitor_who_registers_comes_back_to_the_call(client: httpx.AsyncClient) -> None:
    w = await world()
    need = await _call(w)
    client.cookies.clear()
    page = await client.get(f"/needs/{need.id}")
    signup = f"/signup?next=/needs/{need.id}"
    assert signup in page.text
    form = await client.get(signup)
    assert f'name="next" value="/needs/{need.id}"' in form.text
    done = await post_form(client, signup, "/signup", {
        "group_name": "あんしん見守りの会", "kind": "citizen_group", "display_name": "見守 花子",
        "email": "mimamori@example.jp", "password": "a long password 1",
        "next": f"/needs/{need.id}"})
    assert done.status_code == 303
    assert done.headers["location"] == f"/login?next=/needs/{need.id}"
    evil = await post_form(client, "/signup", "/signup", {
        "group_name": "よその会2", "kind": "citizen_group", "display_name": "余所 次郎",
        "email": "yoso@example.jp", "password": "a long password 1",
        "next": "//evil.example/"})
    assert evil.headers["location"] == "/login"
