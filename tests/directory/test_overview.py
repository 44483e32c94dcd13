"""The home page's figures and newest calls count only what a visitor may see."""

from __future__ import annotations

from datetime import UTC, datetime

from kakehashi.directory import overview
from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation


async def test_counts_leave_out_a_pending_groups_calls_and_offers(db: str) -> None:
    public = await Organisation.create(name="公開の会", kind="citizen_group",
                                       status=ApprovalStatus.APPROVED)
    hidden = await Organisation.create(name="承認待ちの会", kind="citizen_group",
                                       status=ApprovalStatus.PENDING)
    for owner in (public, hidden):
        await Need.create(title=f"{owner.name}の募集", organisation=owner, status=NeedStatus.OPEN)
        await Capability.create(title=f"{owner.name}の提供", organisation=owner)
    counts = await overview.counts()
    assert (counts.groups, counts.open_needs, counts.capabilities) == (1, 1, 1)


async def test_newest_calls_put_never_opened_calls_by_their_writing_date(db: str) -> None:
    department = await Department.create(name="協働推進課")
    older = await Need.create(title="以前から公開", department=department,
                              status=NeedStatus.OPEN,
                              opened_at=datetime(2020, 1, 1, tzinfo=UTC))
    imported = await Need.create(title="取り込んだ募集", department=department,
                                 status=NeedStatus.OPEN)
    titles = [card.title for card in (await overview.front_page())[1]]
    assert titles == [imported.title, older.title]


async def test_the_front_page_counts_with_and_without_open_calls(db: str) -> None:
    department = await Department.create(name="協働推進課")
    group = await Organisation.create(name="公開の会", kind="citizen_group",
                                      status=ApprovalStatus.APPROVED)
    await Capability.create(title="会場の提供", organisation=group)
    counts, newest = await overview.front_page()
    assert newest == [] and counts == overview.Counts(1, 1, 0, 1)
    await Need.create(title="協力団体の募集", department=department, status=NeedStatus.OPEN)
    await Need.create(title="下書きの募集", department=department, status=NeedStatus.DRAFT)
    counts, newest = await overview.front_page()
    assert [card.title for card in newest] == ["協力団体の募集"]
    assert counts == overview.Counts(1, 1, 1, 1) == await overview.counts()


async def test_counts_in_a_city_without_departments(db: str) -> None:
    await Organisation.create(name="公開の会", kind="citizen_group",
                              status=ApprovalStatus.APPROVED)
    assert await overview.counts() == overview.Counts(1, 0, 0, 0)
