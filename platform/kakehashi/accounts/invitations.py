"""Invitations by mail: to a group (by its officer), to a department or the office (by a
coordinator). The invitee accepts through a signed link that expires and works once.

Nothing the inviter sees depends on whether the address already has an account, or of which
kind (issue 18): the mail goes out either way and only its reader learns more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from kakehashi.accounts import passwords, permissions
from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.models import Invitation, Membership, Role, User
from kakehashi.accounts.rules import check_password_rules
from kakehashi.directory import history
from kakehashi.directory.japanese import reading
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.errors import DomainError, Forbidden, InvalidLink, NotFound
from kakehashi.http.urls import path_for
from kakehashi.notifications import outbox
from kakehashi.notifications.events import mail_address
from kakehashi.notifications.models import OutboxMail

MAX_AGE = 14 * 24 * 3600
"""An invitation link is good for 14 days; resending makes a fresh one."""
MAILS_PER_HOUR = 3
"""Invitation mails one address gets in an hour, however often someone presses "resend"."""


@dataclass(frozen=True)
class PendingInvitation:
    id: int
    email: str
    role: Role
    department: str
    sent_at: datetime
    expired: bool


@dataclass(frozen=True)
class InvitationView:
    """What the invitee sees before accepting."""

    email: str
    role: Role
    group: str
    department: str


@dataclass(frozen=True)
class NewAccount:
    display_name: str
    reading: str
    password: str


def _expired(sent_at: datetime) -> bool:
    return sent_at < outbox.now() - timedelta(seconds=MAX_AGE)


async def _send(invitation: Invitation, inviter: str) -> None:
    """Mail a fresh link (in the caller's transaction)."""
    since = outbox.now() - timedelta(hours=1)
    if await OutboxMail.filter(to_address=invitation.email, created_at__gte=since,
                               kind__in=("invitation", "staff_invitation")).count() >= (
                                   MAILS_PER_HOUR):
        raise DomainError("Too many invitation mails to this address in the last hour. "
                          "Please try again later.", "email")
    token = outbox.timed_serializer("invitation").dumps(
        {"i": invitation.id, "e": invitation.email}
    )
    link = path_for("accept_invitation", token=token)
    if invitation.organisation_id:
        group = await Organisation.get(id=invitation.organisation_id)
        await mail_address(invitation.email, "invitation",
                           {"group": group.name, "party_a": inviter}, link)
        return
    department = (await Department.get(id=invitation.department_id)).name if (
        invitation.department_id) else ""
    await mail_address(invitation.email, "staff_invitation", {"department": department}, link)


async def _create(
    user: CurrentUser, email: str, role: Role, *, organisation_id: int | None = None,
    department_id: int | None = None,
) -> Invitation:
    """A new invitation, or the pending one for the same address and place sent again."""
    async with in_transaction():
        invitation = await Invitation.filter(
            email=email, role=role, organisation_id=organisation_id,
            department_id=department_id, accepted_at__isnull=True, cancelled_at__isnull=True,
        ).first()
        if invitation is None:
            invitation = await Invitation.create(
                email=email, role=role, organisation_id=organisation_id,
                department_id=department_id, invited_by_id=user.id, sent_at=outbox.now(),
            )
        else:
            invitation.sent_at = outbox.now()
            await invitation.save(update_fields=["sent_at"])
        await _send(invitation, user.display_name)
    return invitation


async def invite_member(user: CurrentUser, organisation_id: int, email: str) -> Invitation:
    """The officer invites someone to the group; they join only by accepting."""
    await permissions.require_member_manager(user, organisation_id)
    email = email.strip().lower()
    if await Membership.exists(organisation_id=organisation_id, user__email=email):
        raise DomainError("This person is already a member of the group.", "email")
    return await _create(user, email, Role.GROUP, organisation_id=organisation_id)


async def invite_staff(
    user: CurrentUser, email: str, role: Role, department_id: int | None
) -> Invitation:
    """A coordinator invites department staff (of one department) or another coordinator."""
    if not user.is_coordinator:
        raise Forbidden("Only the collaboration office can do this.")
    if role == Role.DEPARTMENT:
        if department_id is None or not await Department.exists(id=department_id):
            raise DomainError("Please choose the department.", "department")
    elif role == Role.COORDINATOR:
        department_id = None
    else:
        raise DomainError("Please choose the kind of account.", "role")
    return await _create(user, email.strip().lower(), role, department_id=department_id)


async def _manageable(user: CurrentUser, invitation_id: int) -> Invitation:
    invitation = await Invitation.get_or_none(
        id=invitation_id, accepted_at__isnull=True, cancelled_at__isnull=True
    )
    if invitation is None:
        raise NotFound("Page not found")
    if invitation.organisation_id:
        await permissions.require_member_manager(user, invitation.organisation_id)
    elif not user.is_coordinator:
        raise NotFound("Page not found")
    return invitation


async def resend(user: CurrentUser, invitation_id: int) -> Invitation:
    """A fresh link, 14 days from now (the old link keeps working until it expires)."""
    invitation = await _manageable(user, invitation_id)
    async with in_transaction():
        invitation.sent_at = outbox.now()
        await invitation.save(update_fields=["sent_at"])
        await _send(invitation, user.display_name)
    return invitation


async def cancel(user: CurrentUser, invitation_id: int) -> Invitation:
    """The link stops working at once."""
    invitation = await _manageable(user, invitation_id)
    await Invitation.filter(id=invitation.id).update(cancelled_at=outbox.now())
    return invitation


async def pending(
    *, organisation_id: int | None = None, staff: bool = False
) -> list[PendingInvitation]:
    """Invitations not yet accepted nor cancelled: a group's, or the office's (staff=True)."""
    query = Invitation.filter(accepted_at__isnull=True, cancelled_at__isnull=True)
    query = (query.filter(organisation_id__isnull=True) if staff
             else query.filter(organisation_id=organisation_id))
    rows = await query.order_by("-sent_at", "-id").values(
        "id", "email", "role", "department__name", "sent_at"
    )
    return [PendingInvitation(r["id"], r["email"], Role(r["role"]),
                              r["department__name"] or "", r["sent_at"], _expired(r["sent_at"]))
            for r in rows]


async def _open(token: str) -> Invitation:
    try:
        data = outbox.timed_serializer("invitation").loads(token, max_age=MAX_AGE)
    except Exception as error:  # expired or tampered: both are a dead link
        raise InvalidLink() from error
    invitation = await Invitation.get_or_none(
        id=data.get("i") if isinstance(data, dict) else None,
        accepted_at__isnull=True, cancelled_at__isnull=True,
    )
    if invitation is None or invitation.email != data.get("e"):
        raise InvalidLink()
    return invitation


async def view(token: str) -> InvitationView:
    invitation = await _open(token)
    group = await Organisation.get_or_none(id=invitation.organisation_id or 0)
    department = await Department.get_or_none(id=invitation.department_id or 0)
    return InvitationView(invitation.email, invitation.role, group.name if group else "",
                          department.name if department else "")


async def _join(invitation: Invitation, user_id: int) -> None:
    place: dict[str, Any] | None = None
    if invitation.organisation_id:
        place = {"organisation_id": invitation.organisation_id}
    elif invitation.department_id:
        place = {"department_id": invitation.department_id}
    if place and not await Membership.exists(user_id=user_id, **place):
        await Membership.create(user_id=user_id, is_officer=False, **place)
        if invitation.organisation_id:
            name = (await User.get(id=user_id)).display_name
            await history.record("organisation", invitation.organisation_id, "member_added",
                                 user_id, {"member": [None, name]})
    used = await Invitation.filter(
        id=invitation.id, accepted_at__isnull=True, cancelled_at__isnull=True
    ).update(accepted_at=outbox.now())
    if not used:  # accepted twice at the same moment: only one wins
        raise InvalidLink()


async def accept(token: str, user: CurrentUser) -> Invitation:
    """The signed-in invitee joins; the account's kind must be the invited one."""
    invitation = await _open(token)
    if user.role != invitation.role:
        raise DomainError("This invitation is for another kind of account. Please sign out "
                          "and accept it with a new account, or ask for an invitation to "
                          "another address.")
    async with in_transaction():
        await _join(invitation, user.id)
    return invitation


async def accept_with_new_account(token: str, account: NewAccount) -> User:
    """The invitee creates an account with the invited address (confirmed by the link)."""
    invitation = await _open(token)
    problems = []
    try:
        check_password_rules(account.password)
    except DomainError as error:
        problems.append(error)
    try:
        furigana = reading(account.reading)
    except DomainError as error:
        problems.append(DomainError(error.message, "reading", **error.params))
    if problems:
        raise problems[0]
    password_hash = await passwords.hash(account.password)
    async with in_transaction():
        if await User.exists(email=invitation.email):  # only the mailbox's owner reads this
            raise DomainError("An account already uses this address. Please sign in to "
                              "accept the invitation.")
        user = await User.create(
            email=invitation.email, password_hash=password_hash, role=invitation.role,
            display_name=account.display_name, reading=furigana,
            email_verified_at=outbox.now(),
        )
        await _join(invitation, user.id)
    return user


async def leave_group(user: CurrentUser, organisation_id: int) -> None:
    """A member leaves; the last officer must hand over first, so no group is left without."""
    if organisation_id not in user.organisation_ids:
        raise NotFound("Page not found")
    async with in_transaction():
        if organisation_id in user.officer_of and not await Membership.filter(
            organisation_id=organisation_id, is_officer=True
        ).exclude(user_id=user.id).exists():
            raise DomainError("You are the group's only officer. Please hand the role over to "
                              "another member before leaving.")
        await Membership.filter(organisation_id=organisation_id, user_id=user.id).delete()
        await history.record("organisation", organisation_id, "member_left", user.id,
                             {"member": [user.display_name, None]})
