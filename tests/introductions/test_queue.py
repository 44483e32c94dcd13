"""The coordinator's queue: suggestions flow in once, requests join it, items are dismissed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from factories.introductions import world
from tortoise.timezone import localtime

from kakehashi.accounts.permissions import Owner
from kakehashi.directory.models.needs import Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Organisation
from kakehashi.errors import DomainError, Forbidden
from kakehashi.introductions import queue, queue_views
from kakehashi.introductions.models import QueueItem, QueueOrigin, QueueStatus
from kakehashi.suggestions.models import Suggestion

REASONS = [{"code": "same_area", "data": {"area": "東地区"}}]


async def test_sync_adds_strong_suggestions_once_whichever_way_round(db: str) -> None:
    w = await world()
    need = await Need.create(title="見守り協力の募集", department=w.department,
                             status=NeedStatus.OPEN)
    other = await Organisation.get(name="よその会")
    await Suggestion.create(source_type="need", source_id=need.id, target_type="organisation",
                            target_id=w.group.id, rank=1, score=0.9, reasons=REASONS)
    # the same pair seen from the group's side, and a weak and a low-ranked one
    await Suggestion.create(source_type="organisation", source_id=w.group.id,
                            target_type="department", target_id=w.department.id, rank=1,
                            score=0.95, reasons=[])
    await Suggestion.create(source_type="need", source_id=need.id, target_type="organisation",
                            target_id=other.id, rank=2, score=0.5, reasons=[])
    await Suggestion.create(source_type="organisation", source_id=other.id,
                            target_type="department", target_id=w.department.id, rank=7,
                            score=0.99, reasons=[])
    assert await queue.sync_from_suggestions(min_score=0.8) == 1
    assert await queue.sync_from_suggestions(min_score=0.8) == 0
    item = await QueueItem.get()
    assert item.origin == QueueOrigin.SUGGESTION and item.score == 0.95
    assert {(item.party_a_kind, item.party_a_id), (item.party_b_kind, item.party_b_id)} == {
        ("organisation", w.group.id), ("department", w.department.id)}
    # a dismissed pair never comes back
    await queue.dismiss(w.coordinator, item.id, "not_relevant", "")
    assert await queue.sync_from_suggestions(min_score=0.8) == 0


async def test_a_request_joins_the_queue_once(db: str) -> None:
    w = await world()
    item = await queue.request_introduction(w.member, w.a, w.b, "見守りで協力したい")
    assert item.origin == QueueOrigin.REQUEST and item.requested_by_id == w.member.id  # type: ignore[attr-defined]
    with pytest.raises(DomainError) as again:
        await queue.request_introduction(w.staff, w.b, w.a, "こちらからも")
    assert "already" in again.value.message
    assert await QueueItem.all().count() == 1


async def test_a_request_takes_over_an_open_suggestion_of_the_pair(db: str) -> None:
    w = await world()
    await QueueItem.create(origin=QueueOrigin.SUGGESTION, party_a_kind="department",
                           party_a_id=w.department.id, party_b_kind="organisation",
                           party_b_id=w.group.id, score=0.9, reasons=REASONS)
    await queue.request_introduction(w.member, w.a, w.b, "ぜひ")
    item = await QueueItem.get()
    assert item.origin == QueueOrigin.REQUEST and item.party_a_id == w.group.id
    assert item.score == 0.9 and item.message == "ぜひ"


async def test_only_members_ask_for_their_own_party(db: str) -> None:
    w = await world()
    with pytest.raises(DomainError) as refused:
        await queue.request_introduction(w.outsider, w.a, w.b, "")
    assert refused.value.field == "asker"
    with pytest.raises(DomainError):
        await queue.request_introduction(w.member, w.a, w.a, "")
    with pytest.raises(DomainError) as unknown:
        await queue.request_introduction(w.member, w.a, Owner("department", 999_999), "")
    assert unknown.value.field == "party"


async def test_dismiss_needs_a_known_code_and_words_for_other(db: str) -> None:
    w = await world()
    item = await queue.add_by_coordinator(w.coordinator, w.a, w.b)
    with pytest.raises(Forbidden):
        await queue.dismiss(w.member, item.id, "not_relevant", "")
    with pytest.raises(DomainError) as unknown:
        await queue.dismiss(w.coordinator, item.id, "bored", "")
    assert unknown.value.field == "reason"
    with pytest.raises(DomainError) as no_note:
        await queue.dismiss(w.coordinator, item.id, "other", " ")
    assert no_note.value.field == "note"
    await queue.dismiss(w.coordinator, item.id, "other", "既に別の場で協議中")
    item = await QueueItem.get(id=item.id)
    assert item.status == QueueStatus.DISMISSED and item.dismiss_note == "既に別の場で協議中"
    with pytest.raises(DomainError):
        await queue.dismiss(w.coordinator, item.id, "other", "二度目")


async def test_the_coordinator_cannot_queue_an_open_pair_twice(db: str) -> None:
    w = await world()
    await queue.add_by_coordinator(w.coordinator, w.a, w.b)
    with pytest.raises(DomainError) as twice:
        await queue.add_by_coordinator(w.coordinator, w.b, w.a)
    assert twice.value.field == "party_b"


async def test_filters_by_field_department_score_age_and_origin(db: str) -> None:
    w = await world()
    from kakehashi.taxonomy.models import Field

    await w.group.fields_.add(await Field.get(code="welfare"))
    other = await Organisation.create(name="海辺の会", kind="npo", status=ApprovalStatus.APPROVED)
    strong = await QueueItem.create(
        origin=QueueOrigin.SUGGESTION, party_a_kind="organisation", party_a_id=w.group.id,
        party_b_kind="department", party_b_id=w.department.id, score=0.9, reasons=REASONS)
    old = await QueueItem.create(
        origin=QueueOrigin.COORDINATOR, party_a_kind="organisation", party_a_id=other.id,
        party_b_kind="organisation", party_b_id=w.group.id)
    await QueueItem.filter(id=old.id).update(created_at=localtime() - timedelta(days=20))

    async def ids(**filters: object) -> list[int]:
        page = await queue_views.queue_page(
            w.coordinator, queue_views.QueueFilters(**filters), 1, 20)  # type: ignore[arg-type]
        return [i.id for i in page.items]

    assert await ids() == [strong.id, old.id]
    assert await ids(field="welfare") == [strong.id, old.id]
    assert await ids(field="environment") == []
    assert await ids(department=w.department.id) == [strong.id]
    assert await ids(min_score=85) == [strong.id]
    assert await ids(older_than=14) == [old.id]
    assert await ids(newer_than=14) == [strong.id]
    assert await ids(origin="coordinator") == [old.id]
    page = await queue_views.queue_page(w.coordinator, queue_views.QueueFilters(), 1, 20)
    assert page.items[0].reasons == ["同じ地区: 東地区"]
    assert page.items[1].age_days == 20
    with pytest.raises(Forbidden):
        await queue_views.queue_page(w.member, queue_views.QueueFilters(), 1, 20)
