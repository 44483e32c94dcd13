"""Who may ask for an introduction, and to meet whom: the one rule the form, the API and the
queue's service all call.

A request comes from an approved group or a department the user belongs to (a group waiting for
approval is not public yet, and coordinators add pairs to the queue themselves); it names a
party, or a call or offer of one, that the public may see (anything else is not found).
"""

from __future__ import annotations

from dataclasses import dataclass

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
from kakehashi.record_ids import parse_id


@dataclass(frozen=True)
class Target:
    """The party to meet, and the call for partners the request was made from, if any."""

    party: parties.Party
    need_id: int | None = None


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


async def _owner_of_record(kind: str, record_id: int) -> Owner:
    """The owner of a public call (``need``) or offer (``capability``)."""
    query = (Need.filter(visible_needs(None), id=record_id) if kind == "need"
             else Capability.filter(visible_capabilities(None), id=record_id))
    row = await query.first().values("organisation_id", "department_id")
    if row is None:
        raise NotFound("Page not found")
    return owner_of(row["organisation_id"], row["department_id"])


async def target(text: str) -> Target:
    """``organisation:3``, ``department:5``, ``need:7`` or ``capability:9``: the party to meet
    (a call's or an offer's owner) if the public may see it, else :class:`NotFound`."""
    kind, _, number = text.partition(":")
    need_id = None
    if kind in ("need", "capability"):
        record_id = parse_id(number)
        if record_id is None:
            raise NotFound("Page not found")
        owner = await _owner_of_record(kind, record_id)
        need_id = record_id if kind == "need" else None
    else:
        owner = parse_owner(text)
        if owner.kind == "organisation" and not await Organisation.filter(
                visible_organisations(None), id=owner.id).exists():
            raise NotFound("Page not found")
    found = (await parties.parties([owner])).get(owner)
    if found is None:
        raise NotFound("Page not found")
    return Target(found, need_id)
