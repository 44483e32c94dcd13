"""Partner concentration: each partner's share of a department's last twelve months, the
warning rule, and the same counts as the matching engine's anti-fixation penalty."""

from __future__ import annotations

import pytest
from factories.accounts import user
from factories.directory import department, group
from factories.statistics import collaboration, introduction

from kakehashi.accounts.models import Role
from kakehashi.errors import Forbidden
from kakehashi.introductions.models import IntroductionStatus
from kakehashi.suggestions import concentration
from kakehashi.suggestions.documents import doc_id
from kakehashi.suggestions.partner_load import current_load


async def test_a_partner_with_most_of_four_items_is_flagged(db: str) -> None:
    dept = await department("福祉課")
    busy, other = await group("いつもの会"), await group("はじめての会")
    for _ in range(2):
        await introduction(busy, dept)
    await collaboration([busy], [dept])
    await introduction(other, dept)
    coordinator = await user("c@example.jp", Role.COORDINATOR)

    found = await concentration.department_concentration(coordinator, dept.id)

    assert (found.introductions, found.collaborations) == (3, 1)
    by_name = {p.name: p for p in found.partners}
    assert by_name["いつもの会"].percent == 75 and by_name["いつもの会"].warning
    assert (by_name["いつもの会"].introductions, by_name["いつもの会"].collaborations) == (2, 1)
    assert by_name["はじめての会"].percent == 25 and not by_name["はじめての会"].warning
    assert found.warning
    assert found.partners[0].name == "いつもの会"


@pytest.mark.parametrize(("busy_items", "others", "warned"), [
    (3, 0, False),  # three items: too few to tell
    (2, 2, False),  # exactly half is not more than half
    (3, 1, True),
    (4, 0, True),
])
async def test_the_warning_rule(db: str, busy_items: int, others: int, warned: bool) -> None:
    dept = await department("環境課")
    busy = await group("いつもの会")
    for _ in range(busy_items):
        await introduction(busy, dept)
    for n in range(others):
        await introduction(await group(f"別の会{n}"), dept)
    coordinator = await user("c@example.jp", Role.COORDINATOR)
    found = await concentration.department_concentration(coordinator, dept.id)
    assert found.warning is warned
    assert concentration.is_concentrated(busy_items, busy_items + others) is warned


async def test_old_and_cancelled_items_do_not_count_and_the_engine_agrees(db: str) -> None:
    dept = await department("防災課")
    partner = await group("防災の会")
    await introduction(partner, dept)
    await introduction(partner, dept, status=IntroductionStatus.CANCELLED)
    await introduction(partner, dept, days_ago=400)
    await collaboration([partner], [dept], days_ago=400)
    await collaboration([partner], [dept], days_ago=30)
    coordinator = await user("c@example.jp", Role.COORDINATOR)

    found = await concentration.department_concentration(coordinator, dept.id)

    assert (found.introductions, found.collaborations) == (1, 1)
    assert found.partners[0].items == 2
    load = await current_load()
    assert load[doc_id("organisation", partner.id)] == found.partners[0].items
    assert load[doc_id("department", dept.id)] == found.items


async def test_staff_see_only_their_own_department(db: str) -> None:
    mine, theirs = await department("福祉課"), await department("環境課")
    staff = await user("s@example.jp", Role.DEPARTMENT, "福祉課")
    member = await user("m@example.jp", Role.GROUP)
    assert (await concentration.department_concentration(staff, mine.id)).name == "福祉課"
    with pytest.raises(Forbidden):
        await concentration.department_concentration(staff, theirs.id)
    with pytest.raises(Forbidden):
        await concentration.all_concentrations(staff)
    with pytest.raises(Forbidden):
        await concentration.all_concentrations(member)


async def test_the_office_sees_warned_departments_first(db: str) -> None:
    calm, crowded = await department("あ課"), await department("ん課")
    busy = await group("いつもの会")
    for _ in range(4):
        await introduction(busy, crowded)
    await introduction(busy, calm)
    coordinator = await user("c@example.jp", Role.COORDINATOR)
    found = await concentration.all_concentrations(coordinator)
    assert [d.name for d in found] == ["ん課", "あ課"]
    assert found[0].warning and not found[1].warning
