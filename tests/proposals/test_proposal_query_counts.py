"""The proposal and 後援 lists ask the database a fixed number of times, however long they are."""

from __future__ import annotations

from datetime import timedelta

import httpx
from support import QueryCounter, signed_in
from tortoise.timezone import now

from kakehashi.accounts.models import Role
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation
from kakehashi.proposals.models import (
    Proposal,
    ProposalAnswer,
    ProposalStatus,
    SponsorshipApplication,
)
from kakehashi.taxonomy import snapshot
from kakehashi.taxonomy.models import Field

PAGES = ("/proposals", "/proposals?field=welfare", "/coordinator/proposals",
         "/coordinator/sponsorships", "/me/proposals", "/me/sponsorships", "/me")




async def _add(count: int, department: Department) -> None:
    fields = await Field.filter(code__in=["welfare", "welfare.elderly"])
    day = (now() + timedelta(days=30)).date()
    for n in range(count):
        group = await Organisation.create(name=f"会{n}-{now().timestamp()}", kind="npo",
                                          status=ApprovalStatus.APPROVED)
        for status, answer in ((ProposalStatus.SUBMITTED, None),
                               (ProposalStatus.ROUTED, None),
                               (ProposalStatus.ANSWERED, ProposalAnswer.ADOPTED)):
            proposal = await Proposal.create(
                organisation=group, title=f"提案{n}", issue="課題", plan="計画",
                expected_effect="効果", status=status, answer=answer,
                routed_to=department if status != ProposalStatus.SUBMITTED else None,
                answered_at=now() if answer else None)
            await proposal.fields_.add(*fields)
            await proposal.departments_in_mind.add(department)
        await SponsorshipApplication.create(organisation=group, event_name=f"催し{n}",
                                            purpose="目的", venue="会場", starts_on=day,
                                            ends_on=day)


async def _counts(client: httpx.AsyncClient, counter: QueryCounter) -> dict[str, int]:
    counts = {}
    for page in PAGES:
        snapshot.forget()  # every page reads the taxonomy afresh, as after an edit
        counter.count = 0
        response = await client.get(page)
        assert response.status_code == 200, page
        counts[page] = counter.count
    return counts


async def test_queries_per_list_do_not_grow(
    client: httpx.AsyncClient, counter: QueryCounter
) -> None:
    department = await Department.create(name="福祉課")
    await signed_in(client, "coord@example.jp", Role.COORDINATOR)
    await _add(2, department)
    few = await _counts(client, counter)
    await _add(10, department)
    many = await _counts(client, counter)
    grown = {page: (few[page], many[page]) for page in PAGES if few[page] != many[page]}
    assert not grown, f"queries per page grew with the data (few, many): {grown}"
    assert all(count > 0 for count in few.values())
