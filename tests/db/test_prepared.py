"""Statements built once and run again (``kakehashi.prepared``): the same rows, with the same
Python values, as Tortoise gives for the query it would build for each call."""

from __future__ import annotations

import pytest
from factories.introductions import world

from kakehashi.directory.details import _VISIBLE_NEED, _need_values, need_detail
from kakehashi.directory.models.needs import Need, NeedStatus
from kakehashi.directory.models.orgs import Organisation
from kakehashi.directory.visibility import visible_needs
from kakehashi.errors import NotFound
from kakehashi.prepared import Prepared


async def test_a_prepared_statement_reads_what_tortoise_reads(db: str) -> None:
    place = await world()
    shown = await Need.create(title="見守りの協力者募集", description="毎週の声かけ",
                              organisation=place.group, status=NeedStatus.OPEN,
                              period_start="2026-12-01")
    draft = await Need.create(title="下書き", organisation=place.group, status=NeedStatus.DRAFT)
    for need in (shown, draft):
        expected = await _need_values(visible_needs(None), need.id)
        assert await _VISIBLE_NEED.rows(need.id) == expected
    assert (await _VISIBLE_NEED.rows(shown.id))[0]["period_start"].isoformat() == "2026-12-01"
    assert (await need_detail(shown.id, None)).title == "見守りの協力者募集"
    with pytest.raises(NotFound):
        await need_detail(draft.id, None)  # a draft stays hidden from visitors


async def test_each_call_binds_its_own_arguments(db: str) -> None:
    first = await Organisation.create(name="みどりの会", kind="citizen_group", area="北地区",
                                      founded_year=1998)
    second = await Organisation.create(name="あおぞら会", kind="npo", area="南地区",
                                       founded_year=2010)
    by_area = Prepared(Organisation, lambda area, year: Organisation.filter(
        area=area, founded_year__gte=year).values("id", "name", "kind"),
        ("\0area", -7_000_000_001))
    assert [r["id"] for r in await by_area.rows("北地区", 1990)] == [first.id]
    found = await by_area.rows("南地区", 2000)
    assert [r["id"] for r in found] == [second.id] and found[0]["kind"].value == "npo"
    assert await by_area.rows("南地区", 2011) == []


async def test_an_argument_the_query_does_not_bind_is_refused(db: str) -> None:
    ignoring = Prepared(Organisation, lambda area: Organisation.all().values("id"), ("\0area",))
    with pytest.raises(ValueError, match="not parameters"):
        await ignoring.rows("北地区")
