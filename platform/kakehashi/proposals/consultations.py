"""The consultation with the proposing group before the answer (提案内容の協議): the guideline
has the department and the group talk the proposal through before the city decides, so the
answer is recorded only after at least one consultation (see ``rules.answer``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.timezone import localtime
from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.directory import history, parties
from kakehashi.errors import Conflict, DomainError, Forbidden, NotFound
from kakehashi.http.urls import path_for
from kakehashi.notifications.events import notify
from kakehashi.proposals.models import (
    Proposal,
    ProposalAnswer,
    ProposalConsultation,
    ProposalStatus,
)
from kakehashi.proposals.rules import MAX_TEXT, _locked, is_routed_to, may_see


@dataclass(frozen=True)
class Consultation:
    held_on: date
    notes: str
    next_steps: str = ""


async def consultable(user: CurrentUser, proposal_id: int) -> None:
    """Before reading the form: 404 for who may not see the proposal, 403 for who may see it
    but does not consult (its group; departments it was not sent to)."""
    proposal = await Proposal.get_or_none(id=proposal_id)
    if proposal is None or not may_see(user, proposal):
        raise NotFound("Page not found")
    if not (user.is_coordinator or is_routed_to(user, proposal)):
        raise Forbidden("Only the department the proposal was sent to can answer it.")


async def record(user: CurrentUser, proposal_id: int, consultation: Consultation) -> None:
    """The routed department's staff or a coordinator record a consultation held with the
    group; the group's members are told and read it on the proposal."""
    notes, next_steps = consultation.notes.strip(), consultation.next_steps.strip()
    if not notes:
        raise DomainError("Please fill in this field.", "notes")
    for name, text in (("notes", notes), ("next_steps", next_steps)):
        if len(text) > MAX_TEXT:
            raise DomainError("Please keep this under %(max)s characters (now %(now)s).",
                              name, max=MAX_TEXT, now=len(text))
    if consultation.held_on > localtime().date():
        raise DomainError("A consultation is recorded once it has taken place.", "held_on")
    async with in_transaction():
        proposal = await _locked(proposal_id)
        if not may_see(user, proposal):
            raise NotFound("Page not found")
        if not (user.is_coordinator or is_routed_to(user, proposal)):
            raise Forbidden("Only the department the proposal was sent to can answer it.")
        still_open = proposal.status == ProposalStatus.ROUTED or (
            proposal.status == ProposalStatus.ANSWERED
            and proposal.answer == ProposalAnswer.CONSIDERING)
        if not proposal.routed_to_id or not still_open:
            raise Conflict("The proposal is consulted on once it is sent to a department "
                           "and until it is answered.", "notes")
        await ProposalConsultation.create(
            proposal_id=proposal.id, held_on=consultation.held_on, notes=notes,
            next_steps=next_steps, author_id=user.id)
        await history.record("proposal", proposal.id, "consulted", user.id,
                             {"held_on": [None, consultation.held_on.isoformat()]})
        group = Owner("organisation", proposal.organisation_id)
        await notify(await parties.member_user_ids(group), "proposal_consulted",
                     {"title": proposal.title, "held_on": consultation.held_on.isoformat()},
                     path_for("proposal", id=proposal.id) + "#consultations")
