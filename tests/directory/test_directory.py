"""The directory: filters, pagination and who may see which groups, calls and contacts."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest
from factories.accounts import user
from factories.directory import PRIVATE_CONTACT, group, need
from tortoise.timezone import now

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.models import Role
from kakehashi.directory import details, listings
from kakehashi.directory.listings import Filters, Page
from kakehashi.directory.models.needs import Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Department, PartnerKind
from kakehashi.errors import NotFound

_group = partial(group, area="東地区", **PRIVATE_CONTACT)
"""This file's groups: in 東地区, each with a private contact only some viewers may see."""


async def _group_names(filters: Filters, viewer: CurrentUser | None = None) -> set[str]:
    listing = await listings.list_groups(filters, viewer, 1, 50)
    return {g.name for g in listing.page.items}


async def test_a_field_also_finds_groups_tagged_with_its_sub_areas(db: str) -> None:
    await _group("見守りの会", fields=("welfare.elderly",))
    await _group("子育てひろば", fields=("welfare", "welfare.childcare"))
    await _group("花壇の会", fields=("environment.beautification",))
    assert await _group_names(Filters(field="welfare")) == {"見守りの会", "子育てひろば"}
    assert await _group_names(Filters(sub_area="welfare.elderly")) == {"見守りの会"}
    assert await _group_names(Filters(field="welfare.elderly")) == {"見守りの会"}


async def test_kind_and_area_narrow_the_list(db: str) -> None:
    await _group("NPO法人 東", kind=PartnerKind.NPO, area="東地区")
    await _group("NPO法人 西", kind=PartnerKind.NPO, area="西地区")
    await _group("東町内会", kind=PartnerKind.NEIGHBOURHOOD, area="東地区")
    assert await _group_names(Filters(kind="npo", area="東地区")) == {"NPO法人 東"}
    listing = await listings.list_groups(Filters(), None, 1, 20)
    assert set(listing.areas) == {"東地区", "西地区"}


async def test_unknown_filter_values_are_dropped(db: str) -> None:
    await _group("見守りの会")
    listing = await listings.list_groups(
        Filters(field="nonsense", sub_area="welfare", kind="alien", area="火星地区"), None, 1, 20
    )
    assert listing.filters == Filters()
    assert [g.name for g in listing.page.items] == ["見守りの会"]


async def test_pages_clamp_and_say_where_they_are(db: str) -> None:
    for number in range(25):
        await _group(f"団体{number:02d}")
    last = await listings.list_groups(Filters(), None, 99, 10)
    assert (last.page.number, last.page.first, last.page.last, last.page.total) == (3, 21, 25, 25)
    assert len(last.page.items) == 5
    first = await listings.list_groups(Filters(), None, -4, 10)
    assert first.page.number == 1 and first.page.first == 1


def test_the_page_window_shows_the_ends_and_the_neighbours() -> None:
    page: Page[int] = Page(items=[], total=200, number=10, size=10)
    assert page.window == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert Page(items=[], total=0, number=1, size=10).window == [1]


async def test_a_pending_group_is_shown_only_to_the_coordinator_and_its_members(db: str) -> None:
    await _group("承認待ちの会", status=ApprovalStatus.PENDING)
    await _group("公開の会")
    coordinator = await user("office@city.example", Role.COORDINATOR)
    member = await user("member@example.jp", Role.GROUP, "承認待ちの会")
    assert await _group_names(Filters()) == {"公開の会"}
    assert await _group_names(Filters(), coordinator) == {"承認待ちの会", "公開の会"}
    assert await _group_names(Filters(), member) == {"承認待ちの会", "公開の会"}


async def test_needs_are_open_by_default_and_drafts_stay_hidden(db: str) -> None:
    department = await Department.create(name="福祉課")
    pending = await _group("承認待ちの会", status=ApprovalStatus.PENDING)
    await need("見守りの協力者", department=department)
    await need("下書きの募集", department=department, status=NeedStatus.DRAFT)
    await need("終わった募集", department=department, status=NeedStatus.CLOSED)
    await need("承認待ちの団体の募集", organisation=pending)

    async def titles(filters: Filters, viewer: CurrentUser | None = None) -> set[str]:
        listing = await listings.list_needs(filters, viewer, 1, 20)
        return {n.title for n in listing.page.items}

    assert await titles(Filters()) == {"見守りの協力者"}
    assert await titles(Filters(status="closed")) == {"終わった募集"}
    assert await titles(Filters(status="draft")) == {"見守りの協力者"}
    coordinator = await user("office@city.example", Role.COORDINATOR)
    assert await titles(Filters(), coordinator) == {"見守りの協力者", "承認待ちの団体の募集"}


async def test_needs_filter_by_owner_type_area_and_field(db: str) -> None:
    department = await Department.create(name="防災課")
    group = await _group("防災の会")
    await need("避難訓練の協力", department=department, area="東地区",
                fields=("disaster.prevention",))
    await need("見守り", organisation=group, area="西地区", fields=("welfare.elderly",))

    async def titles(filters: Filters) -> set[str]:
        return {n.title for n in (await listings.list_needs(filters, None, 1, 20)).page.items}

    assert await titles(Filters(owner="group")) == {"見守り"}
    assert await titles(Filters(owner="department")) == {"避難訓練の協力"}
    assert await titles(Filters(area="東地区")) == {"避難訓練の協力"}
    assert await titles(Filters(field="disaster")) == {"避難訓練の協力"}
    assert await titles(Filters(owner="cat")) == {"避難訓練の協力", "見守り"}


async def test_private_contact_goes_only_to_the_coordinator_and_members(db: str) -> None:
    group = await _group("見守りの会")
    await _group("ほかの会")
    member = await user("member@example.jp", Role.GROUP, "見守りの会")
    other = await user("other@example.jp", Role.GROUP, "ほかの会")
    coordinator = await user("office@city.example", Role.COORDINATOR)
    assert (await details.group_profile(group.id, None)).contact is None
    assert (await details.group_profile(group.id, other)).contact is None
    for viewer in (member, coordinator):
        contact = (await details.group_profile(group.id, viewer)).contact
        assert contact is not None and contact.email == PRIVATE_CONTACT["contact_email"]


async def test_a_draft_need_is_not_found_by_the_public(db: str) -> None:
    department = await Department.create(name="福祉課")
    draft = await need("下書きの募集", department=department, status=NeedStatus.DRAFT)
    staff = await user("staff@city.example", Role.DEPARTMENT, "福祉課")
    with pytest.raises(NotFound):
        await details.need_detail(draft.id, None)
    assert (await details.need_detail(draft.id, staff)).title == "下書きの募集"


async def test_calls_are_listed_newest_first_even_without_an_opening_date(db: str) -> None:
    department = await Department.create(name="福祉課")
    week_old = await need("先週の募集", department=department)
    await Need.filter(id=week_old.id).update(opened_at=now() - timedelta(days=7))
    await need("日付のない募集", department=department)
    yesterday = await need("昨日の募集", department=department)
    await Need.filter(id=yesterday.id).update(opened_at=now() - timedelta(days=1))
    listing = await listings.list_needs(Filters(), None, 1, 20)
    assert [n.title for n in listing.page.items] == ["日付のない募集", "昨日の募集", "先週の募集"]
