"""Introductions and collaborations in the past, for the statistics, concentration, open-data
and API tests (their groups and departments come from ``factories.directory``)."""

from __future__ import annotations

from datetime import timedelta

from tortoise.timezone import now

from kakehashi.collaborations.models import Collaboration, Evaluation
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.introductions.models import Introduction, IntroductionStatus, Outcome
from kakehashi.taxonomy.models import Field


async def introduction(org: Organisation, dept: Department, *, days_ago: int = 1,
                       status: IntroductionStatus = IntroductionStatus.PROPOSED,
                       outcome: Outcome | None = None) -> Introduction:
    intro = await Introduction.create(
        party_a_kind="organisation", party_a_id=org.id, party_b_kind="department",
        party_b_id=dept.id, status=status, outcome=outcome)
    await Introduction.filter(id=intro.id).update(created_at=now() - timedelta(days=days_ago))
    return intro


async def collaboration(orgs: list[Organisation], depts: list[Department], *,
                        title: str = "見守り協働", days_ago: int = 1, published: bool = False,
                        fields: tuple[str, ...] = (), forms: tuple[str, ...] = (),
                        evaluations: tuple[dict[str, object], ...] = ()) -> Collaboration:
    collab = await Collaboration.create(
        title=title, summary="協働の概要", forms=list(forms),
        published_at=now() if published else None)
    if orgs:
        await collab.organisations.add(*orgs)
    if depts:
        await collab.departments.add(*depts)
    if fields:
        await collab.fields_.add(*await Field.filter(code__in=list(fields)))
    for values in evaluations:
        await Evaluation.create(collaboration=collab, **values)
    await Collaboration.filter(id=collab.id).update(created_at=now() - timedelta(days=days_ago))
    return collab
