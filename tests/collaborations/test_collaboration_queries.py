"""Collaboration pages ask the database a fixed number of times, however many parties,
versions, approvals, check-ins, evaluations or published collaborations there are."""

from __future__ import annotations

from datetime import timedelta

import httpx
from factories.introductions import world
from support import QueryCounter, sign_in
from tortoise.timezone import localtime, now

from kakehashi.collaborations.models import (
    AgreementApproval,
    AgreementVersion,
    CheckIn,
    Collaboration,
    CollaborationStatus,
    Evaluation,
)
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation
from kakehashi.taxonomy import snapshot


async def _published(title: str, size: int, group: Organisation,
                     department: Department) -> Collaboration:
    """A published collaboration with ``size`` extra parties, versions and check-ins."""
    c = await Collaboration.create(title=title, forms=["co_hosting", "subsidy"],
                                   status=CollaborationStatus.COMPLETED, agreed_version=size,
                                   published_at=now())
    groups = [group] + [await Organisation.create(name=f"{title}会{i}", kind="npo",
                                                  status=ApprovalStatus.APPROVED)
                        for i in range(size - 1)]
    departments = [department] + [await Department.create(name=f"{title}課{i}")
                                  for i in range(size - 1)]
    await c.organisations.add(*groups)
    await c.departments.add(*departments)
    keys = [("organisation", g.id) for g in groups] + [("department", d.id) for d in departments]
    for number in range(1, size + 1):
        version = await AgreementVersion.create(
            collaboration=c, number=number, purpose="目的", plan="計画",
            period_start=localtime().date() - timedelta(days=60),
            period_end=localtime().date() - timedelta(days=1),
            costs=[{"party": f"{k}:{i}", "amount": 0, "note": ""} for k, i in keys],
            roles=[{"party": f"{k}:{i}", "role": "役", "responsibility": ""} for k, i in keys])
        for kind, party_id in keys:
            await AgreementApproval.create(version=version, party_kind=kind, party_id=party_id)
    for kind, party_id in keys:
        await CheckIn.create(collaboration=c, party_kind=kind, party_id=party_id,
                             held_on=localtime().date() - timedelta(days=30), done="実施")
        await Evaluation.create(collaboration=c, party_kind=kind, party_id=party_id,
                                scores=dict.fromkeys("abcdefgh", 3), achieved="成果")
    return c


async def _count(client: httpx.AsyncClient, counter: QueryCounter, pages: list[str]) -> list[int]:
    counts = []
    for page in pages:
        snapshot.forget()  # every page reads the taxonomy afresh, as after an edit
        counter.count = 0
        response = await client.get(page)
        assert response.status_code == 200, page
        counts.append(counter.count)
    return counts


async def test_collaboration_pages_do_not_grow_with_the_data(
    client: httpx.AsyncClient, counter: QueryCounter,
) -> None:
    w = await world()
    small = await _published("小", 1, w.group, w.department)
    big = await _published("大", 4, w.group, w.department)
    for i in range(6):
        await _published(f"他{i}", 2, w.group, w.department)
    await sign_in(client, "coord@example.jp")
    pages = ["/collaborations/{}", "/collaborations/{}/agreement",
             "/collaborations/{}/agreement/1/print"]
    few = await _count(client, counter, [p.format(small.id) for p in pages])
    many = await _count(client, counter, [p.format(big.id) for p in pages])
    assert few == many
    client.cookies.clear()
    first = await _count(client, counter, ["/collaborations?page=1", f"/groups/{w.group.id}"])
    await _published("追加", 3, w.group, w.department)
    again = await _count(client, counter, ["/collaborations?page=1", f"/groups/{w.group.id}"])
    assert first == again
