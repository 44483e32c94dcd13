"""Citizens' proposals (提案型協働事業): a group submits, the coordinator routes it to one
department, the department answers adopted / under consideration / not adopted.

"Not adopted" needs a plain-language reason: the guideline asks the city to explain how it
reached its conclusion. Once answered (any answer) a proposal and its answer are public; an
answer "under consideration" may later become a final one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortoise.expressions import Q
from tortoise.timezone import localtime, now
from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.directory import history, parties
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation
from kakehashi.directory.visibility import public_organisation_ids
from kakehashi.errors import Conflict, DomainError, Forbidden, NotFound
from kakehashi.http.urls import path_for
from kakehashi.notifications.events import notify
from kakehashi.proposals.models import (
    Proposal,
    ProposalAnswer,
    ProposalConsultation,
    ProposalStatus,
)
from kakehashi.taxonomy.models import Field as TaxonomyField

MAX_TITLE = 200
MAX_TEXT = 4000
ANSWER_DAYS = 30
"""Days from routing to the answer the group may expect: time to consult the group and decide,
shown to both sides; the desk warns the office before it passes."""


@dataclass(frozen=True)
class ProposalInput:
    title: str
    issue: str
    plan: str
    expected_effect: str
    fields: tuple[str, ...]
    departments: tuple[int, ...] = ()


def _require_text(value: str, field: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise DomainError("Please fill in this field.", field)
    if len(value) > limit:
        raise DomainError("Please keep this under %(max)s characters (now %(now)s).", field,
                          max=limit, now=len(value))
    return value


async def _check(data: ProposalInput) -> tuple[list[TaxonomyField], list[Department]]:
    _require_text(data.title, "title", MAX_TITLE)
    for name in ("issue", "plan", "expected_effect"):
        _require_text(getattr(data, name), name, MAX_TEXT)
    if not data.fields:
        raise DomainError("Please choose at least one.", "fields")
    fields = await TaxonomyField.filter(code__in=set(data.fields))
    if len(fields) != len(set(data.fields)):
        raise DomainError("Please choose one of the options.", "fields")
    departments = await Department.filter(id__in=set(data.departments))
    if len(departments) != len(set(data.departments)):
        raise DomainError("Please choose one of the options.", "departments")
    return fields, departments


async def submittable_groups(user: CurrentUser) -> list[tuple[int, str]]:
    """The approved groups the user belongs to, from which a proposal may be submitted."""
    rows = await Organisation.filter(
        id__in=user.organisation_ids, status=ApprovalStatus.APPROVED
    ).order_by("name").values("id", "name")
    return [(int(r["id"]), str(r["name"])) for r in rows]


async def require_submitter(user: CurrentUser, organisation_id: int) -> Organisation:
    """Only members of an approved group submit for it (not even a coordinator for them)."""
    organisation = await Organisation.get_or_none(id=organisation_id)
    if organisation is None:
        raise NotFound("Page not found")
    if organisation_id not in user.organisation_ids:
        raise Forbidden("You cannot open this page")
    if organisation.status != ApprovalStatus.APPROVED:
        raise Conflict(
            "The collaboration office must approve the group before it can submit this.")
    return organisation


async def submit(user: CurrentUser, organisation_id: int, data: ProposalInput) -> Proposal:
    organisation = await require_submitter(user, organisation_id)
    fields, departments = await _check(data)
    async with in_transaction():
        proposal = await Proposal.create(
            organisation=organisation, title=data.title.strip(), issue=data.issue.strip(),
            plan=data.plan.strip(), expected_effect=data.expected_effect.strip(),
            submitted_by_id=user.id,
        )
        await proposal.fields_.add(*fields)
        if departments:
            await proposal.departments_in_mind.add(*departments)
        await notify(await parties.coordinator_user_ids(), "proposal_submitted",
                     {"group": organisation.name, "title": proposal.title},
                     path_for("proposal", id=proposal.id))
    return proposal


async def _locked(proposal_id: int) -> Proposal:
    proposal = await Proposal.filter(id=proposal_id).select_for_update().first()
    if proposal is None:
        raise NotFound("Page not found")
    return proposal


async def route(user: CurrentUser, proposal_id: int, department_id: int | None) -> Proposal:
    """The coordinator sends the proposal to one department (again, until it is answered)."""
    if not user.is_coordinator:
        raise Forbidden("You cannot open this page")
    async with in_transaction():
        proposal = await _locked(proposal_id)
        if proposal.status == ProposalStatus.ANSWERED:
            raise Conflict("This proposal has already been answered.")
        department = (
            await Department.get_or_none(id=department_id) if department_id else None
        )
        if department is None:
            raise DomainError("Please choose a department.", "department")
        proposal.routed_to = department
        proposal.routed_at = now()
        proposal.answer_due_on = localtime().date() + timedelta(days=ANSWER_DAYS)
        proposal.status = ProposalStatus.ROUTED
        await proposal.save(update_fields=["routed_to_id", "routed_at", "answer_due_on",
                                           "status", "updated_at"])
        await history.record("proposal", proposal.id, "routed", user.id,
                             {"department": [None, department.name]})
        group = await Organisation.get(id=proposal.organisation_id)
        recipients = (
            await parties.member_user_ids(Owner("department", department.id))
            + await parties.member_user_ids(Owner("organisation", group.id))
        )
        await notify(recipients, "proposal_routed",
                     {"group": group.name, "title": proposal.title,
                      "department": department.name},
                     path_for("proposal", id=proposal.id))
    return proposal


def is_routed_to(user: CurrentUser, proposal: Proposal) -> bool:
    """Only the staff of the department it was routed to answer a proposal."""
    department_id = proposal.routed_to_id
    return bool(department_id) and department_id in user.department_ids


def may_answer(user: CurrentUser, proposal: Proposal) -> bool:
    """The routed department's staff, while no final answer was given (the page's flag)."""
    open_to_answer = proposal.status == ProposalStatus.ROUTED or (
        proposal.status == ProposalStatus.ANSWERED
        and proposal.answer == ProposalAnswer.CONSIDERING
    )
    return is_routed_to(user, proposal) and open_to_answer


def _require_answerer(user: CurrentUser, proposal: Proposal | None) -> Proposal:
    if proposal is None or not may_see(user, proposal):
        raise NotFound("Page not found")
    if not is_routed_to(user, proposal):
        raise Forbidden("Only the department the proposal was sent to can answer it.")
    return proposal


async def answerable(user: CurrentUser, proposal_id: int) -> Proposal:
    """For an answer: 404 for who may not see it, 403 for all but the routed department."""
    return _require_answerer(user, await Proposal.get_or_none(id=proposal_id))


FINAL_ANSWERS = (ProposalAnswer.ADOPTED, ProposalAnswer.NOT_ADOPTED)
"""Answers that end the proposal's course; "under consideration" is not final."""


def public_proposals() -> Q:
    """What anyone may read: proposals of public groups whose answer is final (the list page,
    the API and the open data all filter by this); one still under consideration stays with
    its group, the department and the office."""
    return Q(status=ProposalStatus.ANSWERED, answer__in=FINAL_ANSWERS,
             organisation_id__in=public_organisation_ids())


def is_public(proposal: Proposal) -> bool:
    return proposal.status == ProposalStatus.ANSWERED and proposal.answer in FINAL_ANSWERS


def may_see(user: CurrentUser | None, proposal: Proposal) -> bool:
    if is_public(proposal):
        return True
    if user is None:
        return False
    return (
        user.is_coordinator
        or proposal.organisation_id in user.organisation_ids
        or proposal.routed_to_id in user.department_ids
    )


async def answer(user: CurrentUser, proposal_id: int, answer: str, reason: str,
                 needs_learned: str = "") -> Proposal:
    """Adopted, under consideration, or not adopted (with a reason in plain words, and what
    the city learned of the issue and its needs); only after consulting the group."""
    reason, needs_learned = reason.strip(), needs_learned.strip()
    async with in_transaction():
        proposal = _require_answerer(user, await _locked(proposal_id))
        department_id = proposal.routed_to_id
        if not may_answer(user, proposal):
            raise Conflict("This proposal has already been answered.")
        if answer not in {a.value for a in ProposalAnswer}:
            raise DomainError("Please choose one of the options.", "answer")
        if not await ProposalConsultation.exists(proposal_id=proposal.id):
            raise DomainError("Please record the consultation with the group before answering.",
                              "answer")
        if answer == ProposalAnswer.NOT_ADOPTED and not reason:
            raise DomainError(
                "Please explain in plain words why the proposal is not adopted.", "reason")
        if answer == ProposalAnswer.NOT_ADOPTED and not needs_learned:
            raise DomainError("Please write what the city learned of the issue and its needs: "
                              "it is kept even though the proposal is not adopted.",
                              "needs_learned")
        for name, text in (("reason", reason), ("needs_learned", needs_learned)):
            if len(text) > MAX_TEXT:
                raise DomainError("Please keep this under %(max)s characters (now %(now)s).",
                                  name, max=MAX_TEXT, now=len(text))
        proposal.answer = ProposalAnswer(answer)
        proposal.answer_reason = reason
        proposal.needs_learned = needs_learned
        proposal.answered_by_id = user.id
        proposal.answered_at = now()
        proposal.status = ProposalStatus.ANSWERED
        await proposal.save(update_fields=[
            "answer", "answer_reason", "needs_learned", "answered_by_id", "answered_at",
            "status", "updated_at"])
        group = await Organisation.get(id=proposal.organisation_id)
        department = await Department.get(id=department_id)
        await history.record("proposal", proposal.id, "answered", user.id, {
            "department": [None, department.name], "answer": [None, answer],
            "reason": [None, reason]})
        recipients = (
            await parties.member_user_ids(Owner("organisation", group.id))
            + await parties.coordinator_user_ids()
        )
        await notify(recipients, "proposal_answered",
                     {"group": group.name, "title": proposal.title,
                      "department": department.name, "answer": answer,
                      "reason": reason},
                     path_for("proposal", id=proposal.id))
    return proposal
