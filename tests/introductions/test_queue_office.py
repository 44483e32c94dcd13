"""The queue at scale: search, order, bulk dismiss and restore, assignment, office notes."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from factories.directory import group
from factories.introductions import World, world
from support import post_form, sign_in
from tortoise.timezone import localtime

from kakehashi.errors import DomainError, Forbidden
from kakehashi.introductions import queue, queue_office, queue_views
from kakehashi.introductions.models import QueueItem, QueueOrigin, QueueStatus
from kakehashi.introductions.note_models import QueueNote


async def _item(w: World, other_name: str, score: float | None, days_old: int = 0) -> QueueItem:
    other = await group(other_name, description=f"{other_name}の活動です。")
    item = await QueueItem.create(
        origin=QueueOrigin.SUGGESTION if score else QueueOrigin.COORDINATOR,
        party_a_kind="organisation", party_a_id=other.id, party_b_kind="department",
        party_b_id=w.department.id, score=score, reasons=[])
    if days_old:
        await QueueItem.filter(id=item.id).update(
            created_at=localtime() - timedelta(days=days_old))
    return item


async def _ids(w: World, **filters: object) -> list[int]:
    page = await queue_views.queue_page(
        w.coordinator, queue_views.QueueFilters(**filters), 1, 20)  # type: ignore[arg-type]
    return [i.id for i in page.items]


async def test_search_finds_items_by_a_partys_words_in_any_spelling(db: str) -> None:
    w = await world()
    watch = await _item(w, "ひだまり見守り隊", 0.9)
    await _item(w, "海辺の清掃クラブ", 0.8)
    for words in ("見守り", "みまもり", "ミマモリ", "福祉課 見守り"):
        assert await _ids(w, q=words) == [watch.id], words
    assert await _ids(w, q="天体観測") == []


async def test_the_queue_sorts_by_fit_age_or_newest(db: str) -> None:
    w = await world()
    weak = await _item(w, "弱い会", 0.6, days_old=1)
    strong = await _item(w, "強い会", 0.95, days_old=10)
    unscored = await _item(w, "手で足した会", None, days_old=3)
    assert await _ids(w, sort="fit") == [strong.id, weak.id, unscored.id]
    assert await _ids(w, sort="oldest") == [strong.id, unscored.id, weak.id]
    assert await _ids(w) == [weak.id, unscored.id, strong.id]


async def test_bulk_dismiss_is_all_or_none_and_restore_brings_items_back(db: str) -> None:
    w = await world()
    first, second = await _item(w, "一の会", 0.9), await _item(w, "二の会", 0.9)
    await queue.dismiss(w.coordinator, second.id, "not_relevant", "")
    with pytest.raises(DomainError):  # the second is handled already: nothing changes
        await queue_office.dismiss_many(w.coordinator, [first.id, second.id], "too_many", "")
    assert (await QueueItem.get(id=first.id)).status == QueueStatus.OPEN
    assert await queue_office.dismiss_many(w.coordinator, [first.id], "too_many", "") == 1
    assert await _ids(w) == []
    with pytest.raises(DomainError) as why:
        await queue_office.restore_many(w.coordinator, [first.id, second.id], " ")
    assert why.value.field == "note"
    await queue_office.restore_many(w.coordinator, [first.id, second.id], "事情が変わった")
    assert sorted(await _ids(w)) == sorted([first.id, second.id])
    item = (await queue_views.queue_page(w.coordinator, queue_views.QueueFilters(), 1, 20)).items[0]
    assert item.dismiss_reason == "" and "事情が変わった" in item.notes[0].text
    with pytest.raises(Forbidden):
        await queue_office.dismiss_many(w.member, [first.id], "too_many", "")


async def test_assigned_items_filter_for_me_and_nobody(db: str) -> None:
    w = await world()
    mine, free = await _item(w, "一の会", 0.9), await _item(w, "二の会", 0.9)
    await queue_office.assign_many(w.coordinator, [mine.id], w.coordinator.id)
    assert await _ids(w, assigned="me") == [mine.id]
    assert await _ids(w, assigned="nobody") == [free.id]
    with pytest.raises(DomainError):  # only coordinators look after queue items
        await queue_office.assign_many(w.coordinator, [free.id], w.member.id)


async def test_notes_on_a_group_follow_it_and_stay_inside_the_office(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    item = await _item(w, "ひだまり見守り隊", 0.9)
    other = await QueueItem.create(
        origin=QueueOrigin.COORDINATOR, party_a_kind="organisation",
        party_a_id=item.party_a_id, party_b_kind="organisation", party_b_id=w.group.id)
    await sign_in(client, "coord@example.jp")
    saved = await post_form(client, "/coordinator/queue", f"/coordinator/queue/{item.id}/notes",
                            {"about": f"organisation:{item.party_a_id}",
                             "note": "代表者が来月交代する予定"})
    assert saved.status_code == 303
    empty = await post_form(client, "/coordinator/queue", f"/coordinator/queue/{item.id}/notes",
                            {"about": "item", "note": "  "})
    assert empty.status_code == 400 and 'aria-invalid="true"' in empty.text
    page = await queue_views.queue_page(w.coordinator, queue_views.QueueFilters(), 1, 20)
    by_id = {i.id: i for i in page.items}
    assert [n.text for n in by_id[other.id].notes] == ["代表者が来月交代する予定"]
    assert await QueueNote.all().count() == 1
    for email in ("member@example.jp", "staff@example.jp"):
        await sign_in(client, email)
        for path in (f"/groups/{item.party_a_id}", "/me", "/coordinator/queue",
                     f"/api/v1/groups/{item.party_a_id}"):
            assert "代表者が来月交代する予定" not in (await client.get(path)).text, path
    client.cookies.clear()
    assert "代表者が来月交代する予定" not in (
        await client.get(f"/groups/{item.party_a_id}")).text


async def test_the_bulk_form_keeps_the_ticks_and_says_what_is_missing(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    item = await _item(w, "一の会", 0.9)
    await sign_in(client, "coord@example.jp")
    refused = await post_form(client, "/coordinator/queue", "/coordinator/queue/bulk?sort=fit",
                              {"action": "dismiss", "items": str(item.id), "reason": ""})
    assert refused.status_code == 400
    assert f'value="{item.id}" form="bulk" id="tick-{item.id}" checked' in refused.text
    done = await post_form(client, "/coordinator/queue", "/coordinator/queue/bulk?sort=fit",
                           {"action": "dismiss", "items": str(item.id),
                            "reason": "not_relevant"})
    assert done.status_code == 303 and done.headers["location"].endswith("?sort=fit")
    assert (await QueueItem.get(id=item.id)).status == QueueStatus.DISMISSED
    nothing = await post_form(client, "/coordinator/queue", "/coordinator/queue/bulk",
                              {"action": "restore", "note": "戻す"})
    assert nothing.status_code == 400 and "項目を1つ以上選んでください" in nothing.text
