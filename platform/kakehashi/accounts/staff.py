"""The collaboration office manages department staff and coordinators in the UI: it lists
them, deactivates (ending their sessions) and reactivates them, and moves staff to another
department. New staff come through invitations (:mod:`kakehashi.accounts.invitations`)."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from kakehashi.accounts import invitations, sessions
from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.invitations import PendingInvitation
from kakehashi.accounts.models import Membership, Role, User
from kakehashi.directory.models.orgs import Department
from kakehashi.errors import DomainError, Forbidden, NotFound


@dataclass(frozen=True)
class StaffMember:
    user_id: int
    name: str
    email: str
    role: Role
    department_id: int | None
    department: str
    is_active: bool


@dataclass(frozen=True)
class StaffPage:
    staff: list[StaffMember]
    invitations: list[PendingInvitation]
    departments: list[tuple[str, str]]


def _require_coordinator(user: CurrentUser) -> None:
    if not user.is_coordinator:
        raise Forbidden("Only the collaboration office can do this.")


async def staff_page(user: CurrentUser) -> StaffPage:
    _require_coordinator(user)
    people = await User.filter(role__in=(Role.DEPARTMENT, Role.COORDINATOR)).order_by(
        "role", "display_name", "id"
    ).values("id", "display_name", "email", "role", "is_active")
    memberships = await Membership.filter(
        user_id__in=[p["id"] for p in people], department_id__isnull=False
    ).order_by("id").values("user_id", "department_id", "department__name")
    department_of = {m["user_id"]: (m["department_id"], m["department__name"])
                     for m in memberships}
    departments = await Department.all().order_by("name").values_list("id", "name")
    return StaffPage(
        staff=[StaffMember(p["id"], p["display_name"], p["email"], Role(p["role"]),
                           *department_of.get(p["id"], (None, "")), p["is_active"])
               for p in people],
        invitations=await invitations.pending(staff=True),
        departments=[(str(i), str(n)) for i, n in departments],
    )


async def _staff_user(user: CurrentUser, user_id: int) -> User:
    _require_coordinator(user)
    person = await User.get_or_none(id=user_id, role__in=(Role.DEPARTMENT, Role.COORDINATOR))
    if person is None:
        raise NotFound("Page not found")
    return person


async def deactivate(user: CurrentUser, user_id: int) -> User:
    """The person can no longer sign in, and every session of theirs ends now."""
    person = await _staff_user(user, user_id)
    if person.id == user.id:
        raise DomainError("You cannot deactivate your own account.")
    async with in_transaction():
        await User.filter(id=person.id).update(is_active=False)
        await sessions.end_all(person.id)
    return person


async def reactivate(user: CurrentUser, user_id: int) -> User:
    person = await _staff_user(user, user_id)
    await User.filter(id=person.id).update(is_active=True)
    return person


async def reassign(user: CurrentUser, user_id: int, department_id: int) -> User:
    """Staff move to another department: they leave their department(s) for the new one."""
    person = await _staff_user(user, user_id)
    if person.role != Role.DEPARTMENT:
        raise DomainError("Only department staff belong to a department.", "department")
    if not await Department.exists(id=department_id):
        raise DomainError("Please choose the department.", "department")
    async with in_transaction():
        await Membership.filter(user_id=person.id, department_id__isnull=False).delete()
        await Membership.create(user_id=person.id, department_id=department_id,
                                is_officer=True)
    return person
