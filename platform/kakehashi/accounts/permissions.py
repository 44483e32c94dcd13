"""Who may change what: coordinators everything, members their groups, staff their department.

Pages check before showing a form and services check again before writing, so a forged POST is
refused as surely as a hidden button. Unknown records raise :class:`NotFound`, refusals
:class:`Forbidden`; the web layer turns them into 404 and 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from kakehashi.accounts.auth import CurrentUser
from kakehashi.directory.models.needs import Capability, Need
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.errors import Forbidden, NotFound
from kakehashi.record_ids import parse_id

OWNER_KINDS = ("organisation", "department")


@dataclass(frozen=True)
class Owner:
    """The group or department a need or capability belongs to."""

    kind: str
    id: int

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    def model_fields(self) -> dict[str, int]:
        return {f"{self.kind}_id": self.id}


def parse_owner(text: str) -> Owner:
    """``organisation:3`` or ``department:5``; anything else names no owner."""
    kind, _, number = text.partition(":")
    record_id = parse_id(number)
    if kind not in OWNER_KINDS or record_id is None:
        raise NotFound("Page not found")
    return Owner(kind, record_id)


def owner_of(organisation_id: int | None, department_id: int | None) -> Owner:
    if organisation_id:
        return Owner("organisation", organisation_id)
    if department_id:
        return Owner("department", department_id)
    raise NotFound("Page not found")


def may_edit(user: CurrentUser, owner: Owner) -> bool:
    if owner.kind == "organisation":
        return user.can_edit_organisation(owner.id)
    return user.can_edit_department(owner.id)


def may_manage_members(user: CurrentUser, organisation_id: int) -> bool:
    """Adding members and handing over the officer role: the current officer or a coordinator."""
    return user.is_coordinator or organisation_id in user.officer_of


async def require_owner(user: CurrentUser, owner: Owner) -> Owner:
    model = Organisation if owner.kind == "organisation" else Department
    if not await model.exists(id=owner.id):
        raise NotFound("Page not found")
    return _editor_only(user, owner)


def _editor_only(user: CurrentUser, owner: Owner) -> Owner:
    if not may_edit(user, owner):
        raise Forbidden("You cannot open this page")
    return owner


async def require_organisation(user: CurrentUser, organisation_id: int) -> Owner:
    return await require_owner(user, Owner("organisation", organisation_id))


async def require_department(user: CurrentUser, department_id: int) -> Owner:
    return await require_owner(user, Owner("department", department_id))


async def require_need(user: CurrentUser, need_id: int) -> Owner:
    row = await Need.filter(id=need_id).first().values("organisation_id", "department_id")
    if row is None:
        raise NotFound("Page not found")
    # The owner exists while its record does: the foreign key cascades.
    return _editor_only(user, owner_of(row["organisation_id"], row["department_id"]))


async def require_capability(user: CurrentUser, capability_id: int) -> Owner:
    row = await Capability.filter(id=capability_id).first().values(
        "organisation_id", "department_id"
    )
    if row is None:
        raise NotFound("Page not found")
    # The owner exists while its record does: the foreign key cascades.
    return _editor_only(user, owner_of(row["organisation_id"], row["department_id"]))


async def require_member_manager(user: CurrentUser, organisation_id: int) -> None:
    await require_organisation(user, organisation_id)
    if not may_manage_members(user, organisation_id):
        raise Forbidden("Only the group's officer can do this.")


async def owner_name(owner: Owner) -> str:
    model = Organisation if owner.kind == "organisation" else Department
    row = await model.filter(id=owner.id).first().values("name")
    if row is None:
        raise NotFound("Page not found")
    return str(row["name"])
