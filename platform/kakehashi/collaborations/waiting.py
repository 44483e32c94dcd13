"""Which party a collaboration waits for: consent to the latest agreement version, or its
evaluation once the work is completed. Read by the desk, My page and the reminder run, so the
rule of "who still owes a step" is stated here once, beside the steps themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from kakehashi.accounts.permissions import Owner
from kakehashi.collaborations.check_ins import due_dates, next_due
from kakehashi.collaborations.models import (
    AgreementApproval,
    AgreementVersion,
    CheckIn,
    Collaboration,
    CollaborationStatus,
    Evaluation,
)
from kakehashi.directory.models.orgs import Department, Organisation


async def _owners(collaboration_ids: list[int]) -> dict[int, list[Owner]]:
    """Each collaboration's groups then departments, in id order, in two queries."""
    found: dict[int, list[Owner]] = {i: [] for i in collaboration_ids}
    for kind, model in (("organisation", Organisation), ("department", Department)):
        rows = await model.filter(collaborations__id__in=collaboration_ids).order_by(
            "id").values("id", "collaborations__id")
        for row in rows:
            found[row["collaborations__id"]].append(Owner(kind, row["id"]))
    return found


@dataclass(frozen=True)
class PartyStep:
    """One party owes one step on one collaboration (``version``: the agreement's number)."""

    collaboration_id: int
    title: str
    party: Owner
    version: int = 0
    due_on: date | None = None
    """For a check-in: the scheduled date it was due."""


def _among(query: QuerySet[Collaboration], owners: list[Owner] | None) -> QuerySet[Collaboration]:
    """Only the collaborations of these parties (None: every collaboration)."""
    if owners is None:
        return query
    ids = {kind: [o.id for o in owners if o.kind == kind]
           for kind in ("organisation", "department")}
    return query.filter(Q(organisations__id__in=ids["organisation"] or [0])
                        | Q(departments__id__in=ids["department"] or [0])).distinct()


async def agreements_waiting(proposed_before: datetime | None = None,
                             owners: list[Owner] | None = None) -> list[PartyStep]:
    """Parties that have not approved the latest version of a draft's agreement, the version
    written before ``proposed_before`` (None: any). Approving removes the step. ``owners``
    narrows the search to their collaborations (the caller still filters the steps)."""
    drafts = {c.id: c for c in await _among(
        Collaboration.filter(status=CollaborationStatus.DRAFT), owners)}
    if not drafts:
        return []
    latest: dict[int, AgreementVersion] = {}
    for version in await AgreementVersion.filter(
            collaboration_id__in=list(drafts)).order_by("collaboration_id", "number"):
        latest[version.collaboration_id] = version
    waited = [v for v in latest.values()
              if proposed_before is None or v.created_at <= proposed_before]
    if not waited:  # nothing to ask about: spare the queries that would find nothing
        return []
    approved = {
        (row["version_id"], row["party_kind"], row["party_id"])
        for row in await AgreementApproval.filter(
            version_id__in=[v.id for v in waited]).values("version_id", "party_kind", "party_id")
    }
    owners_of = await _owners([v.collaboration_id for v in waited])
    steps = []
    for version in waited:
        for owner in owners_of[version.collaboration_id]:
            if (version.id, owner.kind, owner.id) not in approved:
                steps.append(PartyStep(version.collaboration_id,
                                       drafts[version.collaboration_id].title, owner,
                                       version.number))
    return steps


async def evaluations_owed(completed_by: date | None = None,
                           owners: list[Owner] | None = None) -> list[PartyStep]:
    """Parties of a completed, unpublished collaboration (completed on or before
    ``completed_by``; None: any) that have not saved their evaluation. Saving removes it."""
    query = Collaboration.filter(status=CollaborationStatus.COMPLETED,
                                 published_at__isnull=True)
    if completed_by is not None:
        query = query.filter(completed_on__lte=completed_by)
    completed = await _among(query, owners).order_by("completed_on", "id")
    if not completed:
        return []
    evaluated = {
        (row["collaboration_id"], row["party_kind"], row["party_id"])
        for row in await Evaluation.filter(
            collaboration_id__in=[c.id for c in completed]).values(
                "collaboration_id", "party_kind", "party_id")
    }
    owners_of = await _owners([c.id for c in completed])
    steps = []
    for collaboration in completed:
        for owner in owners_of[collaboration.id]:
            if (collaboration.id, owner.kind, owner.id) not in evaluated:
                steps.append(PartyStep(collaboration.id, collaboration.title, owner))
    return steps


async def check_ins_due(today: date, owners: list[Owner] | None = None) -> list[PartyStep]:
    """Each party of a collaboration under way whose check-in, at the cadence its agreed
    version sets, fell due on or before ``today`` and is not yet met (see
    ``check_ins.next_due``). Any party's check-in meets it, so one removes every party's step."""
    active = {c.id: c for c in await _among(Collaboration.filter(
        status=CollaborationStatus.ACTIVE, agreed_version__isnull=False,
        started_on__isnull=False), owners)}
    if not active:
        return []
    versions = [v for v in await AgreementVersion.filter(
        collaboration_id__in=list(active), check_in_every__isnull=False).order_by(
        "collaboration_id") if v.number == active[v.collaboration_id].agreed_version]
    if not versions:
        return []
    latest: dict[int, date] = {}
    for row in await CheckIn.filter(collaboration_id__in=[v.collaboration_id
                                                          for v in versions]).values(
            "collaboration_id", "held_on"):
        held = latest.get(row["collaboration_id"])
        latest[row["collaboration_id"]] = max(held, row["held_on"]) if held else row["held_on"]
    owners_of = await _owners([v.collaboration_id for v in versions])
    steps = []
    for v in versions:
        c = active[v.collaboration_id]
        assert c.started_on is not None and v.check_in_every is not None
        due = next_due(due_dates(c.started_on, v.period_end, v.check_in_every,
                                 v.check_in_unit), latest.get(c.id))
        if due is not None and due <= today:
            steps += [PartyStep(c.id, c.title, o, v.number, due) for o in owners_of[c.id]]
    return steps
