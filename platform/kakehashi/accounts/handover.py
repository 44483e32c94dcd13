"""Members of a group and the yearly change of officer (引継ぎ) of 町内会 and other groups.

The officer invites members (see :mod:`kakehashi.accounts.invitations`) and hands the officer
role to one of them; the handover and the change of roles land together, so a group is never
left with two officers or none by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from kakehashi.accounts import permissions
from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.models import Handover, Membership
from kakehashi.directory.models.orgs import Organisation
from kakehashi.errors import DomainError


@dataclass(frozen=True)
class Member:
    user_id: int
    name: str
    email: str
    is_officer: bool
    joined_at: datetime


@dataclass(frozen=True)
class HandoverView:
    from_name: str
    to_name: str
    note: str
    created_at: datetime


@dataclass(frozen=True)
class MembersPage:
    organisation_id: int
    organisation_name: str
    members: list[Member]
    handovers: list[HandoverView]


async def members_page(user: CurrentUser, organisation_id: int) -> MembersPage:
    await permissions.require_organisation(user, organisation_id)
    organisation = await Organisation.get(id=organisation_id)
    rows = await Membership.filter(organisation_id=organisation_id).order_by(
        "-is_officer", "created_at", "id"
    ).values("user_id", "user__display_name", "user__email", "is_officer", "created_at")
    handovers = await Handover.filter(organisation_id=organisation_id).order_by(
        "-created_at", "-id"
    ).values("from_user__display_name", "to_user__display_name", "note", "created_at")
    return MembersPage(
        organisation_id=organisation_id, organisation_name=organisation.name,
        members=[
            Member(r["user_id"], r["user__display_name"], r["user__email"], r["is_officer"],
                   r["created_at"])
            for r in rows
        ],
        handovers=[
            HandoverView(h["from_user__display_name"] or "", h["to_user__display_name"] or "",
                         h["note"], h["created_at"])
            for h in handovers
        ],
    )


async def hand_over(
    user: CurrentUser, organisation_id: int, to_user_id: int, note: str, *,
    leave_group: bool = False,
) -> None:
    """Make ``to_user_id`` the officer; the officer handing over stays a member unless leaving.

    A coordinator may hand over on a group's behalf: then every current officer steps down
    (and stays a member).
    """
    await permissions.require_member_manager(user, organisation_id)
    acting_officer = organisation_id in user.officer_of
    async with in_transaction():
        successor = await Membership.get_or_none(
            organisation_id=organisation_id, user_id=to_user_id
        )
        if successor is None:
            raise DomainError("Please choose a member of the group. Invite the person as a "
                              "member first.", "to_user")
        if to_user_id == user.id:
            raise DomainError("You are already the officer. Please choose another member.",
                              "to_user")
        officers = Membership.filter(organisation_id=organisation_id, is_officer=True).exclude(
            user_id=to_user_id
        )
        if acting_officer:
            officers = officers.filter(user_id=user.id)
        previous = list(await officers.order_by("id").values_list("user_id", flat=True))
        await Membership.filter(
            organisation_id=organisation_id, user_id__in=previous
        ).update(is_officer=False)
        if leave_group and acting_officer:
            await Membership.filter(organisation_id=organisation_id, user_id=user.id).delete()
        successor.is_officer = True
        await successor.save()
        await Handover.create(
            organisation_id=organisation_id, from_user_id=previous[0] if previous else None,
            to_user_id=to_user_id, note=note,
        )
