"""The answer a proposal's group may expect, and by when (see ``rules.ANSWER_DAYS``): the
proposals whose answer date is near or past, for the desk and the reminder run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.expressions import Q

from kakehashi.proposals.models import Proposal, ProposalAnswer, ProposalStatus


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
