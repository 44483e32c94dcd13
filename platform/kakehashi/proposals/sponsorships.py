"""後援 (the city's nominal sponsorship of an event): a group applies, the collaboration office
checks each of the seven refusal grounds and decides; the group sees the decision and, when
refused, the grounds that applied.

Every ground must be answered "applies" or "does not apply"; approval is impossible while any
ground applies, and a refusal needs at least one ground that applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from tortoise.timezone import localtime, now
from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.directory import parties
from kakehashi.errors import Conflict, DomainError, Forbidden, NotFound
from kakehashi.http.urls import path_for
from kakehashi.notifications.events import notify
from kakehashi.proposals.models import REFUSAL_GROUNDS, SponsorshipApplication, SponsorshipStatus
from kakehashi.proposals.rules import MAX_TEXT, _require_text, require_submitter

ANSWER_DAYS = 14
"""The office decides within this many days of an application, and before the event."""
MAX_FEE = 10_000_000
MAX_ATTENDANCE = 10_000_000
DECISIONS = ("approve", "refuse")


@dataclass(frozen=True)
class SponsorshipInput:
    event_name: str
    purpose: str
    description: str
    starts_on: date | None
    ends_on: date | None
    venue: str
    expected_attendance: int | None
    admission_fee: int | None
    organiser: str = ""
    audience: str = ""
    name_usage: str = ""


def today() -> date:
    """Today in Tokyo, where the events take place."""
    return localtime(now()).date()


def answer_due(applied_on: date, starts_on: date) -> date:
    """Within ``ANSWER_DAYS``, and by the day before the event so the flyer can say 後援."""
    return max(applied_on, min(applied_on + timedelta(days=ANSWER_DAYS),
                               starts_on - timedelta(days=1)))


def _check(data: SponsorshipInput) -> None:
    _require_text(data.event_name, "event_name", 200)
    _require_text(data.purpose, "purpose", MAX_TEXT)
    if len(data.description.strip()) > MAX_TEXT:
        raise DomainError("Please keep this under %(max)s characters (now %(now)s).",
                          "description", max=MAX_TEXT, now=len(data.description.strip()))
    _require_text(data.organiser, "organiser", 200)
    _require_text(data.audience, "audience", MAX_TEXT)
    _require_text(data.venue, "venue", 200)
    _require_text(data.name_usage, "name_usage", MAX_TEXT)
    if data.starts_on is None:
        raise DomainError("Please fill in this field.", "starts_on")
    if data.ends_on is None:
        raise DomainError("Please fill in this field.", "ends_on")
    if data.starts_on < today():
        raise DomainError("The event cannot start in the past.", "starts_on")
    if data.ends_on < data.starts_on:
        raise DomainError("The last day cannot be before the first day.", "ends_on")
    if data.expected_attendance is not None and not (
        0 <= data.expected_attendance <= MAX_ATTENDANCE
    ):
        raise DomainError("Please enter a number from %(min)s to %(max)s.",
                          "expected_attendance", min=0, max=MAX_ATTENDANCE)
    if data.admission_fee is not None and not 0 <= data.admission_fee <= MAX_FEE:
        raise DomainError("Please enter a number from %(min)s to %(max)s.",
                          "admission_fee", min=0, max=MAX_FEE)


async def submit(
    user: CurrentUser, organisation_id: int, data: SponsorshipInput
) -> SponsorshipApplication:
    organisation = await require_submitter(user, organisation_id)
    _check(data)
    async with in_transaction():
        application = await SponsorshipApplication.create(
            organisation=organisation, event_name=data.event_name.strip(),
            purpose=data.purpose.strip(), description=data.description.strip(),
            starts_on=data.starts_on, ends_on=data.ends_on, venue=data.venue.strip(),
            expected_attendance=data.expected_attendance,
            admission_fee=data.admission_fee or 0, submitted_by_id=user.id,
            organiser=data.organiser.strip(), audience=data.audience.strip(),
            name_usage=data.name_usage.strip(),
            answer_due_on=answer_due(today(), data.starts_on or today()),
        )
        await notify(await parties.coordinator_user_ids(), "sponsorship_submitted",
                     {"group": organisation.name, "event": application.event_name},
                     path_for("sponsorship", id=application.id))
    return application


def may_see(user: CurrentUser, application: SponsorshipApplication) -> bool:
    """The applying group, the office, and the department asked for its opinion."""
    return (user.is_coordinator or application.organisation_id in user.organisation_ids
            or application.department_id in user.department_ids)


async def viewable(user: CurrentUser, application_id: int) -> SponsorshipApplication:
    application = await SponsorshipApplication.get_or_none(id=application_id)
    if application is None or not may_see(user, application):
        raise NotFound("Page not found")
    return application


async def undecided_for_update(application_id: int) -> SponsorshipApplication:
    """The application, locked until the transaction ends, while it still waits for a
    decision (inside ``in_transaction``)."""
    application = await SponsorshipApplication.filter(
        id=application_id).select_for_update().first()
    if application is None:
        raise NotFound("Page not found")
    if application.status != SponsorshipStatus.SUBMITTED:
        raise Conflict("This application has already been decided.")
    return application


def check_grounds(
    grounds: Mapping[str, bool | None], decision: str, contributes: bool | None
) -> dict[str, bool]:
    """Every ground answered; approve only when the event furthers the city's policies and
    none of the seven applies, refuse only when one of those fails."""
    if contributes is None:
        raise DomainError("Please answer whether the event furthers the city's policies.",
                          "contributes")
    unanswered = [g for g in REFUSAL_GROUNDS if grounds.get(g) is None]
    if unanswered:
        raise DomainError("Please answer “applies” or “does not apply” for this ground.",
                          f"ground_{unanswered[0]}")
    checked = {g: bool(grounds[g]) for g in REFUSAL_GROUNDS}
    if decision not in DECISIONS:
        raise DomainError("Please choose one of the options.", "decision")
    applying = [g for g in REFUSAL_GROUNDS if checked[g]]
    if decision == "approve" and applying:
        raise DomainError(
            "後援 cannot be approved while a refusal ground applies.", "decision")
    if decision == "approve" and not contributes:
        raise DomainError("後援 cannot be approved for an event that does not further the "
                          "city's policies.", "decision")
    if decision == "refuse" and not applying and contributes:
        raise DomainError(
            "A refusal needs at least one ground that applies.", "decision")
    return checked


async def decide(
    user: CurrentUser, application_id: int, grounds: Mapping[str, bool | None], decision: str,
    note: str, contributes: bool | None,
) -> SponsorshipApplication:
    """The collaboration office records each ground and approves or refuses (once), after
    the department concerned has given its opinion."""
    if not user.is_coordinator:
        raise Forbidden("You cannot open this page")
    note = note.strip()
    if len(note) > MAX_TEXT:
        raise DomainError("Please keep this under %(max)s characters (now %(now)s).",
                          "note", max=MAX_TEXT, now=len(note))
    checked = check_grounds(grounds, decision, contributes)
    async with in_transaction():
        application = await undecided_for_update(application_id)
        if application.opinion_supports is None:
            raise Conflict("Ask the department concerned for its opinion before deciding.",
                           "decision")
        application.grounds = checked
        application.contributes = contributes
        application.status = (
            SponsorshipStatus.APPROVED if decision == "approve" else SponsorshipStatus.REFUSED
        )
        application.decision_note = note
        application.reviewer_id = user.id
        application.decided_at = now()
        await application.save(update_fields=[
            "grounds", "contributes", "status", "decision_note", "reviewer_id", "decided_at",
            "updated_at"])
        group_id = application.organisation_id
        group = await parties.party(Owner("organisation", group_id))
        await notify(await parties.member_user_ids(Owner("organisation", group_id)),
                     "sponsorship_decided",
                     {"group": group.name, "event": application.event_name},
                     path_for("sponsorship", id=application.id))
    return application
