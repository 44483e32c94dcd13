"""The office's records as spreadsheets (issue 16, 5): every kind of record, with its status
as people read it, Japanese headers, Japan time; codes for other systems; coordinators only."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import httpx
import pytest
from factories.directory import group
from factories.introductions import introduced, slot, world
from support import sign_in

from kakehashi.directory.models.orgs import ApprovalStatus
from kakehashi.introductions.models import Introduction
from kakehashi.proposals.models import Proposal, SponsorshipApplication


def _table(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    assert response.headers["content-disposition"].startswith("attachment")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


async def test_groups_come_with_their_approval_status_in_japanese_or_as_codes(
    client: httpx.AsyncClient,
) -> None:
    place = await world()
    await group("申請中の会", status=ApprovalStatus.PENDING, kind="npo")
    await sign_in(client, place.coordinator)
    people = _table(await client.get("/coordinator/exports/groups.csv"))
    assert people[0][:2] == ["番号", "名称"] and "承認" in people[0]
    pending = next(row for row in people if row[1] == "申請中の会")
    assert "承認待ち" in pending and "NPO法人" in pending
    machines = _table(await client.get("/coordinator/exports/groups.csv?headers=codes"))
    assert machines[0][:2] == ["id", "name"] and "approval_status" in machines[0]
    coded = next(row for row in machines if row[1] == "申請中の会")
    assert "pending" in coded and "npo" in coded


async def test_introductions_carry_parties_status_and_meeting_time_in_japan_time(
    client: httpx.AsyncClient,
) -> None:
    place = await world()
    intro_id = await introduced(place, slot(3, hour=10))
    meeting = datetime(2026, 12, 10, 1, 30, tzinfo=UTC)  # 10:30 in Tokyo
    await Introduction.filter(id=intro_id).update(starts_at=meeting, status="scheduled")
    await sign_in(client, place.coordinator)
    people = _table(await client.get("/coordinator/exports/introductions.csv"))
    row = next(r for r in people[1:] if r[0] == str(intro_id))
    assert {"みどりの会", "福祉課", "日程確定", "2026-12-10 10:30"} <= set(row)
    machines = _table(await client.get("/coordinator/exports/introductions.csv?headers=codes"))
    coded = next(r for r in machines[1:] if r[0] == str(intro_id))
    assert "scheduled" in coded and "2026-12-10T10:30:00+09:00" in coded


async def test_proposals_and_sponsorships_are_exported_with_their_status(
    client: httpx.AsyncClient,
) -> None:
    place = await world()
    await Proposal.create(organisation=place.group, title="防災マップの共同作成",
                          issue="課題", plan="計画", expected_effect="効果")
    await SponsorshipApplication.create(
        organisation=place.group, event_name="福祉まつり", purpose="交流",
        starts_on=datetime(2027, 3, 1).date(), ends_on=datetime(2027, 3, 1).date(),
        venue="市民会館")
    await sign_in(client, place.coordinator)
    proposals = _table(await client.get("/coordinator/exports/proposals.csv"))
    assert any("防災マップの共同作成" in row and "みどりの会" in row for row in proposals)
    sponsorships = _table(await client.get("/coordinator/exports/sponsorships.csv"))
    assert any("福祉まつり" in row and "2027-03-01" in row for row in sponsorships)


@pytest.mark.parametrize("kind", ["groups", "departments", "needs", "introductions",
                                  "collaborations", "proposals", "sponsorships"])
async def test_every_export_is_for_coordinators_only(client: httpx.AsyncClient, kind: str) -> None:
    place = await world()
    await sign_in(client, place.member)
    assert (await client.get(f"/coordinator/exports/{kind}.csv")).status_code == 403
    await sign_in(client, place.coordinator)
    assert len(_table(await client.get(f"/coordinator/exports/{kind}.csv"))) >= 1


async def test_the_exports_page_links_every_kind(client: httpx.AsyncClient) -> None:
    place = await world()
    await sign_in(client, place.coordinator)
    page = await client.get("/coordinator/exports")
    for kind in ("groups", "introductions", "collaborations", "proposals", "sponsorships"):
        assert f"/coordinator/exports/{kind}.csv" in page.text
    assert (await client.get("/coordinator/exports/nothing.csv")).status_code == 404
