"""Collaborations (協働事業): a draft opened from a held meeting or by hand, its details and
parties, and its moves from agreed to active to completed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tortoise.timezone import localtime
from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.collaborations.models import (
    AgreementVersion,
    Collaboration,
    CollaborationForm,
    CollaborationStatus,
)
from kakehashi.collaborations.permissions import acting
from kakehashi.directory import parties
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.directory.visibility import visible_organisations
from kakehashi.errors import DomainError
from kakehashi.http.urls import path_for
from kakehashi.i18n import format_date
from kakehashi.introductions.models import Introduction
from kakehashi.introductions.permissions import owners_of
from kakehashi.introductions.queue import require_coordinator
from kakehashi.notifications import events as notifications
from kakehashi.taxonomy.models import Field


async def open_draft(intro: Introduction) -> int:
    """A draft collaboration between the two parties of a held meeting (the outcome
    "collaborate"), in the caller's transaction."""
    a, b = owners_of(intro)
    names = await parties.parties([a, b])
    title = " × ".join(names[o].name for o in (a, b) if o in names)
    collaboration = await Collaboration.create(title=title[:200], introduction=intro)
    for owner in (a, b):
        if owner.kind == "organisation":
            await collaboration.organisations.add(await Organisation.get(id=owner.id))
        else:
            await collaboration.departments.add(await Department.get(id=owner.id))
    return collaboration.id


@dataclass(frozen=True)
class Details:
    """What the coordinator or a party may edit while the collaboration is a draft."""

    title: str
    summary: str
    forms: Sequence[str]
    fields: Sequence[str]
    parties: Sequence[Owner] = ()


def _check(details: Details, *, with_parties: bool) -> None:
    if not details.title.strip():
        raise DomainError("Please fill in this field.", "title")
    known = {f.value for f in CollaborationForm}
    if not details.forms or any(code not in known for code in details.forms):
        raise DomainError("Please choose at least one form of collaboration.", "forms")
    if with_parties:
        kinds = {o.kind for o in details.parties}
        if len(set(details.parties)) < 2 or kinds != {"organisation", "department"}:
            raise DomainError("Please choose at least one group and one department.", "parties")


async def _set_relations(collaboration: Collaboration, details: Details,
                         with_parties: bool) -> None:
    fields = await Field.filter(code__in=list(details.fields))
    if len(fields) != len(set(details.fields)):
        raise DomainError("Please choose fields from the list.", "fields")
    await collaboration.fields_.clear()
    if fields:
        await collaboration.fields_.add(*fields)
    if not with_parties:
        return
    org_ids = sorted({o.id for o in details.parties if o.kind == "organisation"})
    dept_ids = sorted({o.id for o in details.parties if o.kind == "department"})
    organisations = await Organisation.filter(visible_organisations(None), id__in=org_ids)
    departments = await Department.filter(id__in=dept_ids)
    if len(organisations) != len(org_ids) or len(departments) != len(dept_ids):
        raise DomainError("Please choose a group or department from the list.", "parties")
    await collaboration.organisations.clear()
    await collaboration.organisations.add(*organisations)
    await collaboration.departments.clear()
    await collaboration.departments.add(*departments)


async def create(user: CurrentUser, details: Details) -> int:
    """A coordinator opens a collaboration directly (without an introduction)."""
    require_coordinator(user)
    _check(details, with_parties=True)
    async with in_transaction():
        collaboration = await Collaboration.create(
            title=details.title.strip()[:200], summary=details.summary,
            forms=list(details.forms))
        await _set_relations(collaboration, details, with_parties=True)
    return collaboration.id


async def update(user: CurrentUser, collaboration_id: int, details: Details) -> None:
    """While a draft: parties' members edit the texts, forms and fields; only a coordinator
    changes who the parties are (``details.parties`` is ignored for others)."""
    with_parties = user.is_coordinator and bool(details.parties)
    _check(details, with_parties=with_parties)
    async with in_transaction():
        found = await acting(user, collaboration_id, lock=True)
        collaboration = found.collaboration
        if collaboration.status != CollaborationStatus.DRAFT:
            raise DomainError("Only a draft can be changed.", "title")
        collaboration.title = details.title.strip()[:200]
        collaboration.summary = details.summary
        collaboration.forms = list(details.forms)
        await collaboration.save(update_fields=["title", "summary", "forms", "updated_at"])
        await _set_relations(collaboration, details, with_parties=with_parties)


async def start(user: CurrentUser, collaboration_id: int, today: date | None = None, *,
                confirmed: bool = True) -> None:
    """agreed → active, by a coordinator or a party's member, from the agreed period's first
    day on; it cannot be undone, so the person confirms it."""
    await _move(user, collaboration_id, CollaborationStatus.AGREED, CollaborationStatus.ACTIVE,
                "started_on", today or localtime().date(),
                "The work can start once every party has agreed.", confirmed)


async def complete(user: CurrentUser, collaboration_id: int, today: date | None = None, *,
                   confirmed: bool = True) -> None:
    """active → completed: the parties can then evaluate. Not before the agreed period began,
    and confirmed, since it cannot be undone."""
    await _move(user, collaboration_id, CollaborationStatus.ACTIVE,
                CollaborationStatus.COMPLETED, "completed_on", today or localtime().date(),
                "Only a collaboration under way can be completed.", confirmed)


async def agreed_period(collaboration: Collaboration) -> tuple[date, date] | None:
    """The period of the version every party approved (None before agreement)."""
    if collaboration.agreed_version is None:
        return None
    version = await AgreementVersion.filter(
        collaboration_id=collaboration.id, number=collaboration.agreed_version).first()
    return (version.period_start, version.period_end) if version else None


async def _move(user: CurrentUser, collaboration_id: int, before: CollaborationStatus,
                after: CollaborationStatus, day_field: str, day: date, refusal: str,
                confirmed: bool) -> None:
    if not confirmed:
        raise DomainError("Please tick the box to confirm: this step cannot be undone.",
                          "confirm")
    async with in_transaction():
        found = await acting(user, collaboration_id, lock=True)
        period = await agreed_period(found.collaboration)
        if period is not None and day < period[0]:
            raise DomainError("The agreed period begins on %(date)s: the work cannot start or "
                              "end before then.", "status", date=format_date(period[0]))
        updated = await Collaboration.filter(id=found.collaboration.id, status=before).update(
            status=after, **{day_field: day})
        if not updated:
            raise DomainError(refusal, "status")
        for owner in found.owners:
            await notifications.notify(
                await parties.member_user_ids(owner), f"collaboration_{after.value}",
                {"title": found.collaboration.title},
                path_for("collaboration", id=collaboration_id))
