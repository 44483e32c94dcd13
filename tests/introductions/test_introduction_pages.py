"""Introductions through the pages: the queue, the proposal, answers, outcome, permissions."""

from __future__ import annotations

from datetime import timedelta

import httpx
from factories.introductions import world
from support import post_form, sign_in
from tortoise.timezone import localtime

from kakehashi.accounts.permissions import Owner
from kakehashi.collaborations.models import Collaboration
from kakehashi.introductions import queue
from kakehashi.introductions.models import (
    Introduction,
    IntroductionSlot,
    IntroductionStatus,
    QueueItem,
    QueueOrigin,
    QueueStatus,
    Room,
)


def _local(days: int, hour: int) -> str:
    day = (localtime() + timedelta(days=days)).date()
    return f"{day.isoformat()}T{hour:02d}:00"


def _proposal(meeting_room: Room, **changes: object) -> dict[str, object]:
    return {"slot1_start": _local(7, 10), "slot1_end": _local(7, 11),
            "slot2_start": _local(8, 14), "slot2_end": _local(8, 15),
            "room": str(meeting_room.id), "online_url": "", "agenda": "顔合わせと活動紹介",
            "confirm_hours": "on",  # days from today may fall on a public holiday
            **changes}


async def test_the_whole_introduction_through_the_pages(client: httpx.AsyncClient) -> None:
    w = await world()
    item = await QueueItem.create(
        origin=QueueOrigin.SUGGESTION, party_a_kind="organisation", party_a_id=w.group.id,
        party_b_kind="department", party_b_id=w.department.id, score=0.87,
        reasons=[{"code": "same_area", "data": {"area": "東地区"}}])
    await sign_in(client, "coord@example.jp")
    page = await client.get("/coordinator/queue")
    assert page.status_code == 200
    assert "みどりの会" in page.text and "同じ地区: 東地区" in page.text and "87%" in page.text
    propose = f"/coordinator/queue/{item.id}/introduce"
    sent = await post_form(client, propose, propose, _proposal(w.room))
    assert sent.status_code == 303
    intro = await Introduction.get(queue_item_id=item.id)
    assert sent.headers["location"] == f"/introductions/{intro.id}"
    assert (await QueueItem.get(id=item.id)).status == QueueStatus.INTRODUCED

    await sign_in(client, "member@example.jp")
    mine = await client.get("/me")
    assert f"/introductions/{intro.id}" in mine.text and "回答待ち" in mine.text
    detail = await client.get(f"/introductions/{intro.id}")
    assert "会議室A" in detail.text and "12人" in detail.text
    assert "顔合わせと活動紹介" in detail.text
    first = await IntroductionSlot.filter(introduction_id=intro.id).order_by("starts_at").first()
    assert first is not None
    page_url = f"/introductions/{intro.id}"
    no_reason = await post_form(client, page_url, f"{page_url}/decline", {"reason": " "})
    assert no_reason.status_code == 400 and "辞退の理由を書いてください" in no_reason.text
    answered = await post_form(client, page_url, f"{page_url}/answer", {"slots": str(first.id)})
    assert answered.status_code == 303

    await sign_in(client, "other@example.jp")
    assert (await client.get(page_url)).status_code == 404
    assert (await client.post(f"{page_url}/answer", data={"slots": str(first.id)})
            ).status_code in (403, 404)

    await sign_in(client, "staff@example.jp")
    answered = await post_form(client, page_url, f"{page_url}/answer", {"slots": str(first.id)})
    assert answered.status_code == 303
    await intro.refresh_from_db()
    assert intro.status == IntroductionStatus.SCHEDULED
    timeline = (await client.get(page_url)).text
    assert "日程が決まりました" in timeline and "福祉課" in timeline

    await Introduction.filter(id=intro.id).update(starts_at=localtime() - timedelta(hours=1))
    await sign_in(client, "coord@example.jp")
    done = await post_form(client, page_url, f"{page_url}/outcome",
                           {"outcome": "collaborate", "minutes": "見守りを一緒に始める"})
    assert done.status_code == 303
    collaboration = await Collaboration.get(introduction_id=intro.id)
    assert done.headers["location"] == f"/collaborations/{collaboration.id}"
    await sign_in(client, "staff@example.jp")
    draft = await client.get(f"/collaborations/{collaboration.id}")
    assert draft.status_code == 200 and "みどりの会" in draft.text and "福祉課" in draft.text
    await sign_in(client, "other@example.jp")
    assert (await client.get(f"/collaborations/{collaboration.id}")).status_code == 404


async def test_bad_proposals_are_refused_at_their_fields(client: httpx.AsyncClient) -> None:
    w = await world()
    item = await queue.add_by_coordinator(w.coordinator, w.a, w.b)
    await sign_in(client, "coord@example.jp")
    url = f"/coordinator/queue/{item.id}/introduce"
    cases = [
        ({"slot1_start": _local(-2, 10), "slot1_end": _local(-2, 11)},
         "未来の日時を選んでください"),
        ({"slot1_end": _local(7, 9)}, "終了は開始より後にしてください"),
        ({"slot2_start": _local(7, 10), "slot2_end": _local(7, 12)},
         "ほかの候補日時と重なっています"),
        ({"slot1_start": "来週の火曜"}, "2026-12-01 10:00"),
        ({"room": "", "online_url": ""},
         "会場の部屋を選ぶか、オンライン会議のリンクを入力してください"),
        ({"room": "999999"}, "選択肢の中から選んでください"),
        ({"room": "", "online_url": "ftp://example.jp"}, "https://"),
    ]
    for changes, message in cases:
        response = await post_form(client, url, url, _proposal(w.room, **changes))
        assert response.status_code == 400, changes
        assert message in response.text, changes
        assert "来週の火曜" in response.text or "顔合わせと活動紹介" in response.text
    assert not await Introduction.exists()


async def test_limit_and_overlap_need_the_coordinators_tick(client: httpx.AsyncClient) -> None:
    w = await world()
    await sign_in(client, "coord@example.jp")
    first = await queue.add_by_coordinator(w.coordinator, w.a, w.b)
    url = f"/coordinator/queue/{first.id}/introduce"
    assert (await post_form(client, url, url, _proposal(w.room))).status_code == 303
    intro = await Introduction.get()
    slot = await IntroductionSlot.filter(introduction_id=intro.id).order_by("starts_at").first()
    assert slot is not None
    await Introduction.filter(id=intro.id).update(
        status=IntroductionStatus.SCHEDULED, starts_at=slot.starts_at, ends_at=slot.ends_at)
    second = await queue.add_by_coordinator(w.coordinator, w.a, w.b, "again")
    url = f"/coordinator/queue/{second.id}/introduce"
    counts = (await client.get(url)).text
    assert "上限は各3件" in counts and "みどりの会 1" in counts
    warned = await post_form(client, url, url, _proposal(w.room))
    assert warned.status_code == 400 and "ほかの予定と重なっている" in warned.text
    assert 'name="confirm_overlaps"' in warned.text
    for _ in range(2):
        await Introduction.create(party_a_kind="organisation", party_a_id=w.group.id,
                                  party_b_kind="department", party_b_id=w.department.id)
    limited = await post_form(client, url, url, _proposal(w.room, confirm_overlaps="on"))
    assert limited.status_code == 400 and "みどりの会" in limited.text
    assert 'name="override_limit"' in limited.text
    sent = await post_form(client, url, url,
                           _proposal(w.room, confirm_overlaps="on", override_limit="on"))
    assert sent.status_code == 303
    assert (await Introduction.get(queue_item_id=second.id)).limit_overridden


async def test_a_department_asks_to_meet_a_group_once(client: httpx.AsyncClient) -> None:
    w = await world()
    await sign_in(client, "staff@example.jp")
    group_page = await client.get(f"/groups/{w.group.id}")
    ask = f"/introductions/request?target=organisation:{w.group.id}"
    assert ask.replace("&", "&amp;") in group_page.text or ask in group_page.text
    response = await post_form(client, ask, ask, {"asker": f"department:{w.department.id}",
                                                  "message": "見守りで協力したい"})
    assert response.status_code == 303
    item = await QueueItem.get()
    assert item.origin == QueueOrigin.REQUEST and item.message == "見守りで協力したい"
    again = await post_form(client, ask, ask, {"asker": f"department:{w.department.id}"})
    assert again.status_code == 400 and "すでに" in again.text
    assert await QueueItem.all().count() == 1
    forged = await post_form(client, ask, ask, {"asker": f"organisation:{w.group.id}"})
    assert forged.status_code == 400
    own = await client.get(f"/departments/{w.department.id}")
    assert "/introductions/request" not in own.text


async def test_queue_pages_are_for_coordinators_only(client: httpx.AsyncClient) -> None:
    w = await world()
    item = await queue.add_by_coordinator(w.coordinator, w.a, w.b)
    await sign_in(client, "member@example.jp")
    for url in ("/coordinator/queue", f"/coordinator/queue/{item.id}/introduce",
                f"/coordinator/queue/{item.id}/dismiss", "/coordinator/rooms"):
        assert (await client.get(url)).status_code == 403, url


async def test_dismiss_and_add_by_hand(client: httpx.AsyncClient) -> None:
    w = await world()
    await sign_in(client, "coord@example.jp")
    new = "/coordinator/queue/new"
    page = await client.get(new)
    assert "みどりの会" not in page.text  # no list of every party: the coordinator finds them
    found = await post_form(client, new, new, {"find": "1", "party_q": "みどり"})
    assert found.status_code == 200 and "みどりの会" in found.text
    group = f"organisation:{w.group.id}"
    assert f'name="parties" value="{group}"' in found.text
    kept = await post_form(client, new, new, {"find": "1", "parties": group, "party_q": "ふくし",
                                                "party_kind": "department"})
    assert f'value="{group}" checked' in kept.text  # the pick stays while finding the other
    assert f'value="department:{w.department.id}"' in kept.text
    one = await post_form(client, new, new, {"parties": [group, "organisation:999999"]})
    assert one.status_code == 400 and "2つ選んでください" in one.text
    added = await post_form(client, new, new, {
        "parties": [group, f"department:{w.department.id}"], "message": "顔合わせを"})
    assert added.status_code == 303
    again = await post_form(client, new, new, {
        "parties": [group, f"department:{w.department.id}"]})
    assert again.status_code == 400 and 'id="parties-error"' in again.text
    item = await QueueItem.get()
    url = f"/coordinator/queue/{item.id}/dismiss"
    no_note = await post_form(client, url, url, {"reason": "other", "note": ""})
    assert no_note.status_code == 400 and "入力してください" in no_note.text
    done = await post_form(client, url, url, {"reason": "already_working", "note": ""})
    assert done.status_code == 303
    assert (await QueueItem.get(id=item.id)).status == QueueStatus.DISMISSED
    listed = await client.get("/coordinator/queue?status=dismissed")
    assert "すでに協働している" in listed.text


async def test_rooms_are_added_and_checked(client: httpx.AsyncClient) -> None:
    await world()
    await sign_in(client, "coord@example.jp")
    url = "/coordinator/rooms"
    bad = await post_form(client, url, url, {"name": "会議室B", "capacity": "0",
                                             "is_active": "on"})
    assert bad.status_code == 400 and "1から10000" in bad.text
    good = await post_form(client, url, url, {"name": "会議室B", "location": "3階",
                                              "capacity": "20", "is_active": "on"})
    assert good.status_code == 303
    room = await Room.get(name="会議室B")
    edit = f"/coordinator/rooms/{room.id}"
    retired = await post_form(client, edit, edit, {"name": "会議室B", "capacity": "20"})
    assert retired.status_code == 303
    assert not (await Room.get(id=room.id)).is_active


async def test_a_party_reschedules_and_withdraws_through_the_pages(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    item = await queue.add_by_coordinator(w.coordinator, w.a, w.b)
    await sign_in(client, "coord@example.jp")
    propose = f"/coordinator/queue/{item.id}/introduce"
    assert (await post_form(client, propose, propose, _proposal(w.room))).status_code == 303
    intro = await Introduction.get()
    await sign_in(client, "staff@example.jp")
    url = f"/introductions/{intro.id}/reschedule"
    half = await post_form(client, url, url, {"slot1_start": _local(12, 10)})
    assert half.status_code == 400 and "終了日時も入力してください" in half.text
    moved = await post_form(client, url, url, {"slot1_start": _local(12, 10),
                                               "slot1_end": _local(12, 11),
                                               "confirm_hours": "on"})
    assert moved.status_code == 303
    assert await IntroductionSlot.filter(introduction_id=intro.id, is_current=True).count() == 1
    page = f"/introductions/{intro.id}"
    no_reason = await post_form(client, page, f"{page}/cancel", {"cancel_reason": ""})
    assert no_reason.status_code == 400 and "この項目を入力してください" in no_reason.text
    withdrawn = await post_form(client, page, f"{page}/cancel", {"cancel_reason": "人事異動のため"})
    assert withdrawn.status_code == 303
    shown = await client.get(page)
    assert "紹介を取り下げました" in shown.text  # the notice of the reader's own action
    assert "取り下げの理由" in shown.text and "人事異動のため" in shown.text
    assert "/reschedule" not in shown.text
    listed = await client.get("/introductions?status=withdrawn")
    assert f"/introductions/{intro.id}" in listed.text
    assert f"/introductions/{intro.id}" not in (await client.get(
        "/introductions?status=proposed")).text
    await sign_in(client, "other@example.jp")
    assert f"/introductions/{intro.id}" not in (await client.get("/introductions")).text
    assert (await client.get(url)).status_code == 404


async def test_asking_from_a_suggested_call_names_its_owner(client: httpx.AsyncClient) -> None:
    from kakehashi.directory.models.needs import Need, NeedStatus

    w = await world()
    need = await Need.create(title="防災訓練の協力団体募集", department=w.department,
                             status=NeedStatus.OPEN)
    await sign_in(client, "member@example.jp")
    ask = f"/introductions/request?target=need:{need.id}"
    form = await client.get(ask)
    assert form.status_code == 200 and "福祉課" in form.text
    sent = await post_form(client, ask, ask, {"asker": f"organisation:{w.group.id}",
                                              "message": ""})
    assert sent.status_code == 303 and sent.headers["location"] == f"/needs/{need.id}"
    assert "依頼済み・回答待ち" in (await client.get(f"/needs/{need.id}")).text  # back on the call
    item = await QueueItem.get()
    assert item.need_id == need.id and item.party_b_id == w.department.id  # type: ignore[attr-defined]
    assert (await client.get("/introductions/request?target=need:999999")).status_code == 404
    assert (await client.get("/introductions/request?target=bogus")).status_code == 404


async def test_every_page_reads_in_english_too(client: httpx.AsyncClient) -> None:
    w = await world()
    item = await queue.add_by_coordinator(w.coordinator, w.a, w.b)
    await sign_in(client, "coord@example.jp")
    propose = f"/coordinator/queue/{item.id}/introduce"
    assert (await post_form(client, propose, propose, _proposal(w.room))).status_code == 303
    intro = await Introduction.get()
    await Introduction.filter(id=intro.id).update(
        status=IntroductionStatus.SCHEDULED, starts_at=localtime() - timedelta(hours=2),
        ends_at=localtime() - timedelta(hours=1))
    other = await queue.add_by_coordinator(w.coordinator, w.a,
                                           Owner("organisation", w.outsider_group_id))
    pages = {
        "/coordinator/queue?status=introduced": "Introduction queue",
        f"/coordinator/queue/{other.id}/introduce": "Introduce the parties",
        f"/coordinator/queue/{other.id}/dismiss": "Dismiss a suggestion",
        "/coordinator/queue/new": "Add a pair to the queue",
        "/coordinator/rooms": "Meeting rooms",
        f"/coordinator/rooms/{w.room.id}": "Edit the room",
        "/introductions": "Introductions",
        f"/introductions/{intro.id}": "Record the outcome",
        f"/introductions/{intro.id}/reschedule": "Propose new times",
    }
    for url, text in pages.items():
        response = await client.get(url + ("&" if "?" in url else "?") + "lang=en")
        assert response.status_code == 200, url
        assert text in response.text, url


async def test_a_group_waiting_for_approval_cannot_be_asked_for(
    client: httpx.AsyncClient,
) -> None:
    from kakehashi.directory.models.orgs import ApprovalStatus, Organisation

    await world()
    pending = await Organisation.create(name="承認待ちの会", kind="npo",
                                        status=ApprovalStatus.PENDING)
    await sign_in(client, "staff@example.jp")
    ask = f"/introductions/request?target=organisation:{pending.id}"
    assert (await client.get(ask)).status_code == 404


async def test_an_introduced_pair_links_to_its_introduction(client: httpx.AsyncClient) -> None:
    w = await world()
    item = await queue.add_by_coordinator(w.coordinator, w.a, w.b)
    await sign_in(client, "coord@example.jp")
    propose = f"/coordinator/queue/{item.id}/introduce"
    assert (await post_form(client, propose, propose, _proposal(w.room))).status_code == 303
    intro = await Introduction.get()
    listed = await client.get("/coordinator/queue?status=introduced")
    assert f'href="/introductions/{intro.id}"' in listed.text
    assert "/introduce" not in listed.text
