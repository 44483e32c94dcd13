"""Who may do what with introductions: the one statement of each rule, called by the forms,
the API, the services and the pages' ``can_*`` flags.

A request comes from an approved group or a department the user belongs to (a group waiting for
approval is not public yet, and coordinators add pairs to the queue themselves); it names a
party, or a call or offer of one, that the public may see (anything else is not found). An
introduction is seen by coordinators and its parties' members (others: not found); only the
parties answer or decline; coordinators confirm a time; coordinators and the parties change or
cancel it; coordinators record the outcome once the meeting has started.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.timezone import localtime

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner, owner_of, parse_owner
from kakehashi.directory import parties
from kakehashi.directory.models.needs import Capability, Need
from kakehashi.directory.models.orgs import Organisation
from kakehashi.directory.visibility import (
    visible_capabilities,
    visible_needs,
    visible_organisations,
)
from kakehashi.errors import Forbidden, NotFound
from kakehashi.introductions.models import Introduction, IntroductionStatus, PartySide
from kakehashi.record_ids import parse_id


@dataclass(frozen=True)
class Target:
    """The party to meet, and the call for partners the request was made from, if any."""

    party: parties.Party
    need_id: int | None = None
    need_title: str = ""


async def askers(user: CurrentUser, target: Owner | None = None) -> list[parties.Party]:
    """The parties the user may ask for (other than ``target``): approved groups and
    departments they belong to; none for a coordinator."""
    if user.is_coordinator:
        return []
    return [p for p in await parties.parties_of(user) if p.owner != target]


async def require_asker(user: CurrentUser, asker: Owner | None = None) -> None:
    """Refuse (403) a user who may not ask at all, or may not ask for ``asker``."""
    if user.is_coordinator:
        raise Forbidden("Coordinators add pairs to the queue themselves.")
    mine = {p.owner for p in await askers(user)}
    if not mine or (asker is not None and asker not in mine):
        raise Forbidden("Please choose one of your groups or departments.", "asker")


async def _owner_of_record(kind: str, record_id: int) -> tuple[Owner, str]:
    """The owner of a public call (``need``) or offer (``capability``), and its title."""
    query = (Need.filter(visible_needs(None), id=record_id) if kind == "need"
             else Capability.filter(visible_capabilities(None), id=record_id))
    row = await query.first().values("organisation_id", "department_id", "title")
    if row is None:
        raise NotFound("Page not found")
    return owner_of(row["organisation_id"], row["department_id"]), str(row["title"])


async def target(text: str) -> Target:
    """``organisation:3``, ``department:5``, ``need:7`` or ``capability:9``: the party to meet
    (a call's or an offer's owner) if the public may see it, else :class:`NotFound`."""
    kind, _, number = text.partition(":")
    need_id, title = None, ""
    if kind in ("need", "capability"):
        record_id = parse_id(number)
        if record_id is None:
            raise NotFound("Page not found")
        owner, title = await _owner_of_record(kind, record_id)
        need_id = record_id if kind == "need" else None
    else:
        owner = parse_owner(text)
    return Target(await public_party(owner), need_id, title if need_id else "")


async def require_public(owner: Owner) -> None:
    """Only a party anyone may see is asked for: a group waiting for approval is not found."""
    if owner.kind == "organisation" and not await Organisation.filter(
            visible_organisations(None), id=owner.id).exists():
        raise NotFound("Page not found")


async def public_party(owner: Owner) -> parties.Party:
    """A party anyone may see and ask to meet (a department, an approved group)."""
    await require_public(owner)
    found = (await parties.parties([owner])).get(owner)
    if found is None:
        raise NotFound("Page not found")
    return found


ANSWERABLE_STATUSES = (IntroductionStatus.PROPOSED, IntroductionStatus.NEEDS_SLOTS)
"""The parties can still mark their availability or decline; a time can be confirmed."""
OPEN_STATUSES = (*ANSWERABLE_STATUSES, IntroductionStatus.SCHEDULED)
"""An introduction can still be rescheduled or cancelled."""


def owners_of(intro: Introduction) -> tuple[Owner, Owner]:
    return (Owner(intro.party_a_kind, intro.party_a_id),
            Owner(intro.party_b_kind, intro.party_b_id))


def sides_of(user: CurrentUser, intro: Introduction) -> list[PartySide]:
    """The sides the user speaks for (usually none or one): they alone answer."""
    a, b = owners_of(intro)
    return [side for side, owner in ((PartySide.A, a), (PartySide.B, b))
            if parties.is_member(user, owner)]


def may_change(user: CurrentUser, intro: Introduction) -> bool:
    """Seeing, rescheduling and cancelling: its coordinators and its parties' members."""
    return user.is_coordinator or bool(sides_of(user, intro))


def can_answer(user: CurrentUser, intro: Introduction) -> bool:
    return intro.status in ANSWERABLE_STATUSES and bool(sides_of(user, intro))


def can_confirm(user: CurrentUser, intro: Introduction) -> bool:
    return user.is_coordinator and intro.status in ANSWERABLE_STATUSES


def can_change(user: CurrentUser, intro: Introduction) -> bool:
    return intro.status in OPEN_STATUSES and may_change(user, intro)


def can_record_outcome(user: CurrentUser, intro: Introduction) -> bool:
    return (user.is_coordinator and intro.status == IntroductionStatus.SCHEDULED
            and intro.starts_at is not None and intro.starts_at <= localtime())


async def viewable(user: CurrentUser, intro_id: int) -> Introduction:
    """The introduction, for its coordinators and the members of either party; else 404."""
    intro = await Introduction.get_or_none(id=intro_id)
    if intro is None or not may_change(user, intro):
        raise NotFound("Page not found")
    return intro


async def answerable(user: CurrentUser, intro_id: int) -> Introduction:
    """For an answer: a party's member (a coordinator introduces, and is refused: 403)."""
    intro = await viewable(user, intro_id)
    if not sides_of(user, intro):
        raise Forbidden("Only the parties of this introduction can answer it.")
    return intro


async def confirmable(user: CurrentUser, intro_id: int) -> Introduction:
    """For confirming the time: a coordinator (403 for the parties, 404 for others)."""
    intro = await viewable(user, intro_id)
    if not user.is_coordinator:
        raise Forbidden("Only the collaboration office confirms the time.")
    return intro


async def outcome_recordable(user: CurrentUser, intro_id: int) -> Introduction:
    """For the outcome: a coordinator (403 for anyone else)."""
    if not user.is_coordinator:
        raise Forbidden("You cannot open this page")
    return await viewable(user, intro_id)
