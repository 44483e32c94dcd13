"""Sorting the queue by field: the taxonomy's order of fields, each field's pairs best fit first,
a pair that answers a call taking the call's field, pairs without a field last."""

from __future__ import annotations

from factories.introductions import world

from kakehashi.directory.models.needs import Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Organisation
from kakehashi.introductions import queue_views
from kakehashi.introductions.models import QueueItem, QueueOrigin
from kakehashi.taxonomy.models import Field


async def _group(name: str, code: str | None) -> Organisation:
    group = await Organisation.create(name=name, kind="npo", status=ApprovalStatus.APPROVED)
    if code:
        await group.fields_.add(await Field.get(code=code))
    return group


async def test_pairs_come_in_the_taxonomys_field_order_then_best_fit(db: str) -> None:
    w = await world()
    first, second = [f.code for f in await Field.filter(parent_id=None).order_by("position")][:2]
    later = await _group("後の分野の会", second)
    earlier = await _group("先の分野の会", f"{first}")
    no_field = await _group("分野なしの会", None)
    call = await Need.create(title="後の分野の募集", description="", organisation=no_field,
                             status=NeedStatus.OPEN)
    await call.fields_.add(await Field.get(code=second))

    def pair(group: Organisation, score: float | None, need: Need | None = None) -> dict:
        return {"origin": QueueOrigin.SUGGESTION, "party_a_kind": "organisation",
                "party_a_id": group.id, "party_b_kind": "department",
                "party_b_id": w.department.id, "score": score, "need": need}

    weak_later = await QueueItem.create(**pair(later, 0.70))
    strong_later = await QueueItem.create(**pair(later, 0.95))
    earlier_item = await QueueItem.create(**pair(earlier, 0.60))
    nothing = await QueueItem.create(**pair(no_field, 0.99))
    by_call = await QueueItem.create(**pair(no_field, 0.80, call))

    page = await queue_views.queue_page(
        w.coordinator, queue_views.QueueFilters(sort="field"), 1, 20)
    assert [i.id for i in page.items] == [earlier_item.id, strong_later.id, by_call.id,
                                          weak_later.id, nothing.id]
    assert page.total == 5
    second_page = await queue_views.queue_page(
        w.coordinator, queue_views.QueueFilters(sort="field"), 2, 2)
    assert [i.id for i in second_page.items] == [by_call.id, weak_later.id]
