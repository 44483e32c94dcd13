"""The answer a proposal's group (``rules.ANSWER_DAYS``) or a 後援 applicant
(``sponsorships.ANSWER_DAYS``) may expect, and by when: what is near or past its answer date,
for the desk and the reminder run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.expressions import Q

from kakehashi.proposals.models import (
    Proposal,
    ProposalAnswer,
    ProposalStatus,
    SponsorshipApplication,
    SponsorshipStatus,
)


@dataclass(frozen=True)
class AnswerDue:
    proposal_id: int
    title: str
    due_on: date
    department_id: int


async def answers_due(by: date) -> list[AnswerDue]:
    """Proposals still waiting for a final answer whose answer date is ``by`` or earlier."""
    rows = await Proposal.filter(
        Q(status=ProposalStatus.ROUTED)
        | Q(status=ProposalStatus.ANSWERED, answer=ProposalAnswer.CONSIDERING),
        answer_due_on__lte=by, routed_to_id__isnull=False,
    ).order_by("answer_due_on", "id").values("id", "title", "answer_due_on", "routed_to_id")
    return [AnswerDue(r["id"], r["title"], r["answer_due_on"], r["routed_to_id"]) for r in rows]


@dataclass(frozen=True)
class SponsorshipDue:
    application_id: int
    event_name: str
    due_on: date | None
    department_id: int | None
    opinion_given: bool


async def sponsorships_to_decide(by: date | None = None) -> list[SponsorshipDue]:
    """Undecided 後援 applications, soonest answer date first (only those due by ``by``)."""
    query = SponsorshipApplication.filter(status=SponsorshipStatus.SUBMITTED)
    if by is not None:
        query = query.filter(answer_due_on__lte=by)
    rows = await query.order_by("answer_due_on", "starts_on", "id").values(
        "id", "event_name", "answer_due_on", "department_id", "opinion_supports")
    return [SponsorshipDue(r["id"], r["event_name"], r["answer_due_on"], r["department_id"],
                           r["opinion_supports"] is not None) for r in rows]


async def opinions_due(by: date) -> list[SponsorshipDue]:
    """Opinions a department owes on an application whose answer date is ``by`` or earlier."""
    return [s for s in await sponsorships_to_decide(by)
            if s.department_id is not None and not s.opinion_given]


async def proposals_to_route() -> list[tuple[int, str, str]]:
    """Proposals the office has not sent to a department yet, oldest first (id, title, the
    proposing group's name)."""
    rows = await Proposal.filter(status=ProposalStatus.SUBMITTED).order_by(
        "created_at", "id").values_list("id", "title", "organisation__name")
    return [(int(i), str(t), str(g)) for i, t, g in rows]
