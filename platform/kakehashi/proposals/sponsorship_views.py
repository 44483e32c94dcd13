"""後援 applications as pages show them: the seven grounds in plain words, an application with
its decision, a group's own applications and the coordinator's waiting list."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from tortoise.timezone import localtime

from kakehashi.accounts.auth import CurrentUser
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.i18n import gettext as _
from kakehashi.proposals.models import REFUSAL_GROUNDS, SponsorshipApplication
from kakehashi.proposals.sponsorship_attachments import AttachmentRow, listing
from kakehashi.proposals.sponsorships import SponsorshipStatus, viewable


def ground_labels() -> dict[str, str]:
    """The guideline's wording: the event …"""
    return {
        "for_profit": _("is run for profit or private gain"),
        "particular_citizens": _("is only for particular citizens"),
        "unsafe": _("lacks proper safety and public-health measures"),
        "religious_or_political": _("has a religious or political character"),
        "public_order": _("is against public order and morals"),
        "possibly_illegal": _("may break a law or regulation"),
        "public_criticism": _("may draw public criticism"),
    }


def kind_labels() -> dict[str, str]:
    """What an attachment is, in the guideline's words."""
    return {"plan": _("Event plan (企画書)"), "flyer": _("Flyer (チラシ)"),
            "budget": _("Budget (収支予算書)"), "other": _("Other")}


def status_labels() -> dict[str, str]:
    return {
        "submitted": _("Submitted, waiting for a decision"),
        "approved": _("後援 approved"),
        "refused": _("後援 refused"),
    }


@dataclass(frozen=True)
class GroundView:
    code: str
    label: str
    applies: bool | None


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    event_name: str
    group_id: int
    group_name: str
    starts_on: date
    ends_on: date
    status: str
    status_label: str
    created_at: datetime
    decided_at: datetime | None
    answer_due_on: date | None = None


@dataclass(frozen=True)
class OpinionView:
    """The department asked, and its answer once given (shown to the office and to it)."""

    department_id: int
    department: str
    question: str
    requested_at: datetime | None
    supports: bool | None
    text: str
    given_at: datetime | None


@dataclass(frozen=True)
class ApplicationView:
    row: ApplicationRow
    purpose: str
    description: str
    venue: str
    expected_attendance: int | None
    admission_fee: int
    grounds: list[GroundView]
    decision_note: str
    organiser: str = ""
    audience: str = ""
    name_usage: str = ""
    attachments: tuple[AttachmentRow, ...] = ()
    opinion: OpinionView | None = None
    contributes: bool | None = None

    @property
    def applying(self) -> list[GroundView]:
        return [g for g in self.grounds if g.applies]


def _code(value: object) -> str:
    return str(getattr(value, "value", value or ""))


async def _rows(items: list[SponsorshipApplication]) -> list[ApplicationRow]:
    org_ids = {a.organisation_id for a in items}
    names = {o["id"]: o["name"] for o in await Organisation.filter(id__in=org_ids).values(
        "id", "name")}
    labels = status_labels()
    return [ApplicationRow(
        id=a.id, event_name=a.event_name, group_id=a.organisation_id,
        group_name=names.get(a.organisation_id, ""),
        starts_on=a.starts_on, ends_on=a.ends_on, status=_code(a.status),
        status_label=labels.get(_code(a.status), ""), created_at=localtime(a.created_at),
        decided_at=localtime(a.decided_at) if a.decided_at else None,
        answer_due_on=a.answer_due_on,
    ) for a in items]


async def _opinion(user: CurrentUser, a: SponsorshipApplication) -> OpinionView | None:
    """Internal to the city: the applying group sees that the office consults, not what."""
    if a.department_id is None or not (
        user.is_coordinator or a.department_id in user.department_ids
    ):
        return None
    name = await Department.filter(id=a.department_id).values_list("name", flat=True)
    return OpinionView(
        a.department_id, str(name[0]) if name else "", a.opinion_question,
        localtime(a.opinion_requested_at) if a.opinion_requested_at else None,
        a.opinion_supports, a.opinion, localtime(a.opinion_at) if a.opinion_at else None)


async def detail(user: CurrentUser, application_id: int) -> ApplicationView:
    application = await viewable(user, application_id)
    row = (await _rows([application]))[0]
    labels = ground_labels()
    recorded = application.grounds or {}
    kinds = kind_labels()
    return ApplicationView(
        row=row, purpose=application.purpose, description=application.description,
        venue=application.venue, expected_attendance=application.expected_attendance,
        admission_fee=application.admission_fee,
        grounds=[GroundView(g, labels[g], recorded.get(g)) for g in REFUSAL_GROUNDS],
        decision_note=application.decision_note, organiser=application.organiser,
        audience=application.audience, name_usage=application.name_usage,
        attachments=tuple(replace(a, kind_label=kinds.get(a.kind, a.kind))
                          for a in await listing(application.id)),
        opinion=await _opinion(user, application), contributes=application.contributes,
    )


async def of_groups(user: CurrentUser) -> list[ApplicationRow]:
    if not user.organisation_ids:
        return []
    return await _rows(list(await SponsorshipApplication.filter(
        organisation_id__in=user.organisation_ids)))


async def waiting(user: CurrentUser) -> tuple[list[ApplicationRow], list[ApplicationRow]]:
    """For the coordinator: applications to decide (soonest answer date first), and recent
    decisions."""
    if not user.is_coordinator:
        return [], []
    to_decide = await SponsorshipApplication.filter(
        status=SponsorshipStatus.SUBMITTED).order_by("answer_due_on", "starts_on", "id")
    decided = await SponsorshipApplication.exclude(
        status=SponsorshipStatus.SUBMITTED).order_by("-decided_at", "-id").limit(20)
    return await _rows(list(to_decide)), await _rows(list(decided))


async def of_departments(user: CurrentUser) -> list[ApplicationRow]:
    """Applications the user's departments were asked to give an opinion on."""
    if not user.department_ids:
        return []
    return await _rows(list(await SponsorshipApplication.filter(
        department_id__in=user.department_ids).order_by("answer_due_on", "id")))
