"""Proposals as pages show them: the public list of answered ones, a proposal with its
timeline, a group's own submissions, what waits for a department or the coordinator."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from tortoise.expressions import Q, Subquery
from tortoise.timezone import localtime

from kakehashi.accounts.auth import CurrentUser
from kakehashi.directory.listings import Page
from kakehashi.directory.models.history import ChangeRecord
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.errors import NotFound
from kakehashi.i18n import gettext as _
from kakehashi.proposals.models import (
    Proposal,
    ProposalAnswer,
    ProposalConsultation,
    ProposalStatus,
    SponsorshipApplication,
    SponsorshipStatus,
)
from kakehashi.proposals.rules import is_public, may_answer, may_see, public_proposals
from kakehashi.suggestions import views as suggestion_views
from kakehashi.taxonomy.fields import label_for
from kakehashi.taxonomy.models import Field as TaxonomyField


def status_labels() -> dict[str, str]:
    return {
        "submitted": _("Submitted, waiting to be routed"),
        "routed": _("With the department, waiting for an answer"),
        "answered": _("Answered"),
    }


def answer_labels() -> dict[str, str]:
    return {
        "adopted": _("Adopted"),
        "considering": _("Under consideration"),
        "not_adopted": _("Not adopted"),
    }


@dataclass(frozen=True)
class Named:
    id: int
    name: str


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    text: str
    note: str = ""


@dataclass(frozen=True)
class ProposalRow:
    id: int
    title: str
    group: Named
    status: str
    status_label: str
    answer: str
    answer_label: str
    routed_to: Named | None
    created_at: datetime
    answered_at: datetime | None
    fields: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ConsultationView:
    held_on: date
    notes: str
    next_steps: str


@dataclass(frozen=True)
class ProposalView:
    row: ProposalRow
    issue: str
    plan: str
    expected_effect: str
    answer_reason: str
    departments_in_mind: list[Named]
    timeline: list[TimelineEntry]
    may_answer: bool
    may_route: bool
    is_public: bool
    answer_due_on: date | None = None
    needs_learned: str = ""
    consultations: list[ConsultationView] = field(default_factory=list)
    may_consult: bool = False
    """The routed department's staff and coordinators, while the answer is not final."""

    def __getattr__(self, name: str) -> object:
        if name == "row":
            raise AttributeError(name)
        return getattr(self.row, name)


def _code(value: object) -> str:
    return str(getattr(value, "value", value or ""))


def _local(value: datetime | None) -> datetime | None:
    return localtime(value) if value is not None else None


async def _rows(proposals: list[Proposal]) -> list[ProposalRow]:
    """Rows for many proposals in a fixed number of queries."""
    ids = [p.id for p in proposals]
    org_ids = {p.organisation_id for p in proposals}
    dept_ids = {p.routed_to_id for p in proposals if p.routed_to_id}
    orgs = {o["id"]: o["name"] for o in await Organisation.filter(id__in=org_ids).values(
        "id", "name")}
    depts = {d["id"]: d["name"] for d in await Department.filter(id__in=dept_ids).values(
        "id", "name")}
    labels: dict[int, list[str]] = {}
    if ids:
        for row in await TaxonomyField.filter(proposals__id__in=ids).values(
            "proposals__id", "label_ja", "label_en", "position", "code"
        ):
            labels.setdefault(int(row["proposals__id"]), []).append(
                label_for(row["label_ja"], row["label_en"]))
    statuses, answers = status_labels(), answer_labels()
    rows = []
    for p in proposals:
        dept_id = p.routed_to_id
        rows.append(ProposalRow(
            id=p.id, title=p.title,
            group=Named(p.organisation_id, orgs.get(p.organisation_id, "")),
            status=_code(p.status), status_label=statuses.get(_code(p.status), ""),
            answer=_code(p.answer), answer_label=answers.get(_code(p.answer), ""),
            routed_to=Named(dept_id, depts.get(dept_id, "")) if dept_id else None,
            created_at=localtime(p.created_at), answered_at=_local(p.answered_at),
            fields=sorted(labels.get(p.id, [])),
        ))
    return rows


async def detail(user: CurrentUser | None, proposal_id: int) -> ProposalView:
    """A proposal for whoever may see it: everyone once answered, before that only its group,
    the department it was sent to and the coordinators (others get "not found")."""
    proposal = await Proposal.get_or_none(id=proposal_id)
    if proposal is None or not may_see(user, proposal):
        raise NotFound("Page not found")
    row = (await _rows([proposal]))[0]
    in_mind = [Named(d["id"], d["name"]) for d in await proposal.departments_in_mind.all()
               .order_by("name").values("id", "name")]
    timeline = [TimelineEntry(row.created_at, _("Submitted by %(group)s",
                                                group=row.group.name))]
    timeline += await _decisions(proposal.id)
    answering = user is not None and may_answer(user, proposal)
    return ProposalView(
        row=row, issue=proposal.issue, plan=proposal.plan,
        expected_effect=proposal.expected_effect, answer_reason=proposal.answer_reason,
        departments_in_mind=in_mind, timeline=timeline,
        may_answer=answering,
        may_route=user is not None and user.is_coordinator
        and proposal.status != ProposalStatus.ANSWERED,
        is_public=is_public(proposal),
        answer_due_on=None if is_public(proposal) else proposal.answer_due_on,
        needs_learned=proposal.needs_learned,
        consultations=[ConsultationView(c.held_on, c.notes, c.next_steps)
                       for c in await ProposalConsultation.filter(proposal_id=proposal.id)],
        may_consult=bool(proposal.routed_to_id) and (answering or bool(
            user and user.is_coordinator and not is_public(proposal))),
    )


async def _decisions(proposal_id: int) -> list[TimelineEntry]:
    """Each routing and each answer (an answer "under consideration" and the final one), with
    the reason given at the time."""
    answers = answer_labels()
    entries = []
    for change in await ChangeRecord.filter(
        entity_type="proposal", entity_id=proposal_id
    ).order_by("created_at", "id"):
        new = {k: pair[1] for k, pair in change.changes.items() if len(pair) == 2}
        department = str(new.get("department") or "")
        if change.action == "routed":
            text = _("Sent to %(department)s by the collaboration office", department=department)
            entries.append(TimelineEntry(localtime(change.created_at), text))
        elif change.action == "consulted":
            entries.append(TimelineEntry(localtime(change.created_at),
                                         _("The proposal was talked through with the group")))
        elif change.action == "answered":
            text = _("%(department)s answered: %(answer)s", department=department,
                     answer=answers.get(str(new.get("answer")), ""))
            entries.append(TimelineEntry(localtime(change.created_at), text,
                                         str(new.get("reason") or "")))
    return entries


async def public_page(field_code: str, answer: str, number: int, size: int) -> Page[ProposalRow]:
    """Answered proposals, newest answer first; ``field_code`` includes its sub-areas."""
    queryset = Proposal.filter(public_proposals())
    if answer in answer_labels():
        queryset = queryset.filter(answer=answer)
    if field_code:
        tagged = TaxonomyField.filter(Q(code=field_code) | Q(code__startswith=field_code + "."))
        queryset = queryset.filter(id__in=Subquery(tagged.values("proposals__id")))
    total = await queryset.count()
    number = min(max(1, number), max(1, -(-total // size)))
    items = await queryset.order_by("-answered_at", "-id").offset((number - 1) * size).limit(size)
    return Page(items=await _rows(list(items)), total=total, number=number, size=size)


async def of_groups(user: CurrentUser) -> list[ProposalRow]:
    """The proposals of the user's groups, newest first."""
    if not user.organisation_ids:
        return []
    return await _rows(list(await Proposal.filter(organisation_id__in=user.organisation_ids)))


async def for_departments(user: CurrentUser) -> list[ProposalRow]:
    """Proposals sent to the user's departments, those waiting for an answer first."""
    if not user.department_ids:
        return []
    items = await Proposal.filter(routed_to_id__in=user.department_ids).order_by(
        "status", "-routed_at", "-id")
    rows = await _rows(list(items))
    return sorted(rows, key=lambda r: r.status == "answered" and r.answer != "considering")


async def waiting(user: CurrentUser) -> tuple[list[ProposalRow], list[ProposalRow]]:
    """For the coordinator: proposals to route, and proposals waiting for a department."""
    if not user.is_coordinator:
        return [], []
    to_route = await Proposal.filter(status=ProposalStatus.SUBMITTED).order_by("created_at", "id")
    with_departments = await Proposal.filter(status=ProposalStatus.ROUTED).order_by(
        "routed_at", "id")
    return await _rows(list(to_route)), await _rows(list(with_departments))


async def department_choices() -> list[tuple[str, str]]:
    rows = await Department.all().order_by("name").values("id", "name")
    return [(str(r["id"]), str(r["name"])) for r in rows]


async def in_mind_ids(proposal_id: int) -> set[int]:
    proposal = await Proposal.get_or_none(id=proposal_id)
    if proposal is None:
        return set()
    return {int(i) for i in await proposal.departments_in_mind.all().values_list("id", flat=True)}  # type: ignore[call-overload]


@dataclass(frozen=True)
class Waiting:
    """What waits for a user: proposals to route and 後援 applications to decide (coordinators),
    proposals to answer (department staff)."""

    to_route: int = 0
    to_decide: int = 0
    to_answer: int = 0


async def waiting_counts(user: CurrentUser) -> Waiting:
    to_answer = 0
    if user.department_ids:
        to_answer = await Proposal.filter(
            Q(status=ProposalStatus.ROUTED)
            | Q(status=ProposalStatus.ANSWERED, answer=ProposalAnswer.CONSIDERING),
            routed_to_id__in=user.department_ids,
        ).count()
    if not user.is_coordinator:
        return Waiting(to_answer=to_answer)
    return Waiting(
        to_route=await Proposal.filter(status=ProposalStatus.SUBMITTED).count(),
        to_decide=await SponsorshipApplication.filter(status=SponsorshipStatus.SUBMITTED).count(),
        to_answer=to_answer,
    )


async def suggested_departments(proposal_id: int) -> list[suggestion_views.SuggestionView]:
    """The departments the engine suggests for a proposal, for the coordinator routing it."""
    return [s for s in await suggestion_views.for_source("proposal", proposal_id)
            if s.target_type == "department"]

