"""After the meeting: the coordinator records the outcome, and "collaborate" opens a draft
collaboration (協働事業) with both parties, in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tortoise.timezone import localtime
from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.collaborations.models import Collaboration, CollaborationForm, CollaborationStatus
from kakehashi.collaborations.permissions import acting
from kakehashi.directory import parties
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.directory.visibility import visible_organisations
from kakehashi.errors import DomainError
from kakehashi.introductions.models import Introduction, IntroductionStatus, Outcome
from kakehashi.introductions.permissions import outcome_recordable, owners_of
from kakehashi.introductions.queue import require_coordinator
from kakehashi.introductions.scheduling import _event, _locked, _params
from kakehashi.notifications import events as notifications
from kakehashi.taxonomy.models import Field


async def record_outcome(
    user: CurrentUser, intro_id: int, outcome: str, minutes: str
) -> int | None:
    """Mark a meeting that has started as held; returns the new collaboration's id, if any."""
    await outcome_recordable(user, intro_id)
    if outcome not in {o.value for o in Outcome}:
        raise DomainError("Please choose the outcome.", "outcome")
    async with in_transaction():
        intro = await _locked(intro_id)
        if intro.status != IntroductionStatus.SCHEDULED:
            raise DomainError("The outcome can be recorded once the meeting is scheduled.",
                              "outcome")
        if intro.starts_at is None or intro.starts_at > localtime():
            raise DomainError("The outcome can be recorded once the meeting has started.",
                              "outcome")
        updated = await Introduction.filter(
            id=intro.id, status=IntroductionStatus.SCHEDULED
        ).update(status=IntroductionStatus.HELD, outcome=Outcome(outcome), minutes=minutes)
        if not updated:
            raise DomainError("The outcome has already been recorded.", "outcome")
        await intro.refresh_from_db()
        collaboration_id = None
        if outcome == Outcome.COLLABORATE:
            collaboration_id = await _open_draft(intro)
        await _event(intro, "outcome", user, outcome=outcome,
                     collaboration_id=collaboration_id)
        a, b = owners_of(intro)
        members = await parties.member_user_ids(a) + await parties.member_user_ids(b)
        await notifications.notify(
            sorted(set(members)), "outcome_recorded", await _params(intro),
            f"/collaborations/{collaboration_id}" if collaboration_id
            else f"/introductions/{intro.id}",
        )
    return collaboration_id


async def _open_draft(intro: Introduction) -> int:
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


async def start(user: CurrentUser, collaboration_id: int, today: date | None = None) -> None:
    """agreed → active, by a coordinator or a party's member."""
    await _move(user, collaboration_id, CollaborationStatus.AGREED, CollaborationStatus.ACTIVE,
                "started_on", today or localtime().date(),
                "The work can start once every party has agreed.")


async def complete(user: CurrentUser, collaboration_id: int, today: date | None = None) -> None:
    """active → completed: the parties can then evaluate."""
    await _move(user, collaboration_id, CollaborationStatus.ACTIVE,
                CollaborationStatus.COMPLETED, "completed_on", today or localtime().date(),
                "Only a collaboration under way can be completed.")


async def _move(user: CurrentUser, collaboration_id: int, before: CollaborationStatus,
                after: CollaborationStatus, day_field: str, day: date, refusal: str) -> None:
    async with in_transaction():
        found = await acting(user, collaboration_id, lock=True)
        updated = await Collaboration.filter(id=found.collaboration.id, status=before).update(
            status=after, **{day_field: day})
        if not updated:
            raise DomainError(refusal, "status")
        for owner in found.owners:
            await notifications.notify(
                await parties.member_user_ids(owner), f"collaboration_{after.value}",
                {"title": found.collaboration.title}, f"/collaborations/{collaboration_id}")


async def collaboration_view(user: CurrentUser, collaboration_id: int) -> object:
    """The page's view (kept for callers of the first version of this module)."""
    from kakehashi.collaborations.views import detail  # views import this module

    return await detail(user, collaboration_id)
