"""Who may do what with a collaboration: the one statement of each rule, called by the pages'
flags, the forms, the API and the services.

Coordinators and the parties' members see every collaboration, everyone else only a published
one (others: not found). Coordinators and the parties' members change it (details, agreement,
start, completion); only the parties' members speak for a party (approve the agreement, add
check-ins, evaluate); only coordinators open and publish one.
"""

from __future__ import annotations

from dataclasses import dataclass

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.collaborations.models import Collaboration
from kakehashi.directory import parties
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.errors import DomainError, Forbidden, NotFound


@dataclass(frozen=True)
class Access:
    """A collaboration as one user may act on it: its parties and the ones the user speaks for."""

    collaboration: Collaboration
    owners: list[Owner]
    mine: list[Owner]
    is_coordinator: bool

    @property
    def may_act(self) -> bool:
        """Change it: details, agreement, start, completion."""
        return self.is_coordinator or bool(self.mine)

    @property
    def may_speak(self) -> bool:
        """Speak for a party: approve, check in, evaluate."""
        return bool(self.mine)


async def owners_of_collaboration(collaboration_id: int) -> list[Owner]:
    """Its groups, then its departments, each in id order (two queries)."""
    organisations = await Organisation.filter(collaborations__id=collaboration_id).order_by(
        "id").values_list("id", flat=True)
    departments = await Department.filter(collaborations__id=collaboration_id).order_by(
        "id").values_list("id", flat=True)
    return [Owner("organisation", int(i)) for i in organisations] + [  # type: ignore[call-overload]
        Owner("department", int(i)) for i in departments]  # type: ignore[call-overload]


async def access(user: CurrentUser | None, collaboration_id: int, *,
                 lock: bool = False) -> Access:
    """Coordinators and the parties' members see every collaboration, everyone else only a
    published one (others: 404). ``lock`` re-reads the row for update inside a transaction."""
    query = Collaboration.select_for_update() if lock else Collaboration
    collaboration = await query.get_or_none(id=collaboration_id)
    if collaboration is None:
        raise NotFound("Page not found")
    owners = await owners_of_collaboration(collaboration_id)
    mine = [o for o in owners if user is not None and parties.is_member(user, o)]
    coordinator = bool(user and user.is_coordinator)
    if not (coordinator or mine or collaboration.published_at):
        raise NotFound("Page not found")
    return Access(collaboration, owners, mine, coordinator)


async def acting(user: CurrentUser, collaboration_id: int, *, lock: bool = False) -> Access:
    """For a change: only a coordinator or a member of one of its parties."""
    found = await access(user, collaboration_id, lock=lock)
    if not found.may_act:
        raise Forbidden("You cannot change this collaboration.")
    return found


def speaking_for(found: Access, user: CurrentUser, party_key: str) -> Owner:
    """The party a member acts for: it must be one of the collaboration's parties and one the
    user belongs to (a coordinator does not act for a party)."""
    if not found.may_speak:
        raise Forbidden("Only a member of one of the parties can do this.")
    owner = next((o for o in found.owners if o.key == party_key), None)
    if owner is None:
        if len(found.mine) == 1 and not party_key:
            return found.mine[0]
        raise DomainError("Please choose one of the parties.", "party")
    if not parties.is_member(user, owner):
        raise Forbidden("Only a member of that party can do this.")
    return owner


async def party_member(user: CurrentUser, collaboration_id: int, *,
                       lock: bool = False) -> Access:
    """For what only the parties do: a coordinator does not speak for them (403), an outsider
    does not learn that an unpublished collaboration exists (404)."""
    found = await access(user, collaboration_id, lock=lock)
    if not found.may_speak:
        raise Forbidden("Only a member of one of the parties can do this.")
    return found
