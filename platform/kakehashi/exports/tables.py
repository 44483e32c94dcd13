"""What each export holds: its columns and, for every record, a value in two spellings.

A cell is ``(code, label)``: the machine-readable value (an enum code, an ISO date with its
+09:00 offset, ids) and what a person reads in a spreadsheet (the Japanese label, 2026-12-05
09:30). The writer picks one spelling for the whole file.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kakehashi import labels
from kakehashi.collaborations import views as collaboration_views
from kakehashi.collaborations.models import Collaboration
from kakehashi.directory import parties
from kakehashi.directory.models.needs import Need
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.directory.parties import Owner
from kakehashi.i18n import gettext as _
from kakehashi.introductions import timeline
from kakehashi.introductions import views as introduction_views
from kakehashi.introductions.models import Introduction
from kakehashi.proposals import sponsorship_views
from kakehashi.proposals import views as proposal_views
from kakehashi.proposals.models import Proposal, SponsorshipApplication
from kakehashi.timezone import TOKYO

Cell = tuple[Any, str]


@dataclass(frozen=True)
class Table:
    columns: list[tuple[str, str]]
    """(code, translated header) of each column."""
    rows: list[list[Cell]]


def same(value: Any) -> Cell:
    """A value spelt alike for people and machines (names, texts, numbers)."""
    text = "" if value is None else str(value)
    return value if value is not None else "", text


def coded(value: Any, names: dict[str, str]) -> Cell:
    code = getattr(value, "value", value) or ""
    return code, names.get(code, code)


def moment(value: datetime | date | None) -> Cell:
    """A time in Japan time: ISO with offset for machines, 2026-12-05 09:30 for people."""
    if value is None:
        return "", ""
    if isinstance(value, datetime):
        local = value.astimezone(TOKYO)
        return local.isoformat(timespec="seconds"), local.strftime("%Y-%m-%d %H:%M")
    return value.isoformat(), value.isoformat()


def _owner_name(names: dict[Owner, parties.Party], kind: str, record_id: int | None) -> str:
    found = names.get(Owner(kind, record_id)) if record_id else None
    return found.name if found else ""


async def groups() -> Table:
    kinds = {k: _(v) for k, v in labels.PARTNER_KINDS.items()}
    approval = {k: _(v) for k, v in labels.APPROVAL_STATUSES.items()}
    rows = [[same(g.id), same(g.name), same(g.furigana), coded(g.kind, kinds), same(g.area),
             coded(g.status, approval), moment(g.created_at)]
            for g in await Organisation.all().order_by("id")]
    return Table([("id", _("ID")), ("name", _("Registered name")), ("furigana", _("Reading")),
                  ("kind", _("Kind")), ("area", _("Area")),
                  ("approval_status", _("Approval")), ("registered_at", _("Registered"))], rows)


async def departments() -> Table:
    rows = [[same(d.id), same(d.name), same(d.section)]
            for d in await Department.all().order_by("id")]
    return Table([("id", _("ID")), ("name", _("Registered name")), ("section", _("Section"))], rows)


async def needs() -> Table:
    records = await Need.all().order_by("id")
    names = await parties.parties(
        [Owner("department", n.department_id) for n in records if n.department_id]
        + [Owner("organisation", n.organisation_id) for n in records if n.organisation_id])
    statuses = {k: _(v) for k, v in labels.NEED_STATUSES.items()}
    reasons = {k: _(v) for k, v in labels.CLOSE_REASONS.items()}
    rows = [[same(n.id), same(n.title),
             same(_owner_name(names, "department", n.department_id)
                  or _owner_name(names, "organisation", n.organisation_id)),
             coded(n.status, statuses), coded(n.close_reason, reasons), same(n.area),
             moment(n.period_start), moment(n.period_end), moment(n.opened_at)]
            for n in records]
    return Table([("id", _("ID")), ("title", _("Title")), ("owner", _("Posted by")),
                  ("status", _("Status")), ("close_reason", _("Why it closed")),
                  ("area", _("Area")), ("period_start", _("Period from")),
                  ("period_end", _("Period until")),
                  ("opened_at", _("Published"))], rows)


async def introductions() -> Table:
    records = await Introduction.all().order_by("id")
    names = await parties.parties(
        [Owner(i.party_a_kind, i.party_a_id) for i in records]
        + [Owner(i.party_b_kind, i.party_b_id) for i in records])
    statuses, outcomes = introduction_views.status_labels(), timeline.outcome_labels()
    rows = [[same(i.id), same(_owner_name(names, i.party_a_kind, i.party_a_id)),
             same(_owner_name(names, i.party_b_kind, i.party_b_id)), same(i.need_id or ""),
             coded(i.status, statuses), moment(i.starts_at), coded(i.outcome, outcomes),
             same(i.cancel_reason), moment(i.created_at)]
            for i in records]
    return Table([("id", _("ID")), ("party_a", _("Party")), ("party_b", _("Other party")),
                  ("need_id", _("Call for partners (ID)")), ("status", _("Status")),
                  ("meeting_at", _("Meeting")), ("outcome", _("Outcome")),
                  ("reason", _("Reason")), ("created_at", _("Introduced on"))], rows)


async def collaborations() -> Table:
    records = await Collaboration.all().order_by("id").prefetch_related(
        "organisations", "departments")
    forms = {code: name for code, (name, _guide) in collaboration_views.form_labels().items()}
    statuses = collaboration_views.status_labels()
    rows = []
    for c in records:
        party_names = [o.name for o in c.organisations] + [d.name for d in c.departments]
        rows.append([same(c.id), same(c.title), same("・".join(party_names)),
                     (";".join(c.forms), "・".join(forms.get(f, f) for f in c.forms)),
                     coded(c.status, statuses), moment(c.started_on), moment(c.completed_on),
                     moment(c.published_at)])
    return Table([("id", _("ID")), ("title", _("Title")), ("parties", _("Parties")),
                  ("forms", _("Forms of collaboration")), ("status", _("Status")),
                  ("started_on", _("Started")), ("completed_on", _("Completed")),
                  ("published_at", _("Evaluation published"))], rows)


async def proposals() -> Table:
    records = await Proposal.all().order_by("id").prefetch_related("organisation")
    statuses, answers = proposal_views.status_labels(), proposal_views.answer_labels()
    rows = [[same(p.id), same(p.title), same(p.organisation.name), coded(p.status, statuses),
             coded(p.answer, answers), moment(p.created_at), moment(p.answered_at)]
            for p in records]
    return Table([("id", _("ID")), ("title", _("Title")), ("proposer", _("Proposed by")),
                  ("status", _("Status")), ("answer", _("Answer")),
                  ("submitted_at", _("Submitted on")), ("answered_at", _("Answered on"))], rows)


async def sponsorships() -> Table:
    records = await SponsorshipApplication.all().order_by("id").prefetch_related(
        "organisation", "department")
    statuses = sponsorship_views.status_labels()
    rows = [[same(s.id), same(s.event_name), same(s.organisation.name), same(s.organiser),
             moment(s.starts_on), moment(s.ends_on), same(s.venue), same(s.admission_fee),
             same(s.department.name if s.department else ""), coded(s.status, statuses),
             moment(s.created_at), moment(s.answer_due_on), moment(s.decided_at)]
            for s in records]
    return Table([("id", _("ID")), ("event", _("Event name")), ("applicant", _("Applicant")),
                  ("organiser", _("Organiser (主催)")),
                  ("starts_on", _("Period from")), ("ends_on", _("Period until")),
                  ("venue", _("Venue")),
                  ("admission_fee", _("Admission fee (yen)")),
                  ("department", _("Department asked")), ("status", _("Status")),
                  ("submitted_at", _("Submitted on")), ("answer_due_on", _("Decide by")),
                  ("decided_at", _("Decided"))], rows)


TABLES: dict[str, tuple[str, Callable[[], Awaitable[Table]]]] = {
    "groups": ("Groups", groups),
    "departments": ("Departments", departments),
    "needs": ("Calls for partners", needs),
    "introductions": ("Introductions", introductions),
    "collaborations": ("Collaborations", collaborations),
    "proposals": ("Proposals", proposals),
    "sponsorships": ("後援 applications", sponsorships),
}
"""Each export: its name (a message id) and how its table is read."""
