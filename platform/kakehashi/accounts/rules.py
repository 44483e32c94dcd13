"""Accounts: creating users, signing in with throttling, and group sign-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortoise.timezone import now
from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import hash_password, verify_password
from kakehashi.accounts.models import LoginAttempt, Membership, Role, User
from kakehashi.directory import history
from kakehashi.directory.indexing import organisation_text
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation, PartnerKind
from kakehashi.errors import DomainError

MIN_PASSWORD_LENGTH = 10
CLIENT_LIMIT_FACTOR = 10
"""A client address (one city hall behind one NAT) may fail this many times more than one
e-mail address before sign-in pauses for it, so one person's typos do not lock out colleagues."""

_UNKNOWN_USER_HASH = hash_password("no such user: compare anyway so timing reveals nothing")


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            "Use at least %(min)s characters for the password.", "password",
            min=MIN_PASSWORD_LENGTH,
        )


async def create_user(
    email: str, password: str, role: Role, *, display_name: str = "",
    affiliation: str | None = None, officer: bool = True,
) -> User:
    """A user, joined to the organisation or department named ``affiliation`` if given."""
    email = email.strip().lower()
    check_password_rules(password)
    async with in_transaction():
        if await User.exists(email=email):
            raise DomainError("This e-mail address is already registered.", "email")
        user = await User.create(
            email=email, password_hash=hash_password(password), role=role,
            display_name=display_name or email.split("@")[0],
        )
        if affiliation:
            await _join(user, role, affiliation, officer)
    return user


async def _join(user: User, role: Role, affiliation: str, officer: bool) -> None:
    if role == Role.DEPARTMENT:
        department = await Department.get_or_none(name=affiliation)
        if department is None:
            raise DomainError("No department is called %(name)s.", "org", name=affiliation)
        await Membership.create(user=user, department=department, is_officer=officer)
    elif role == Role.GROUP:
        organisation = await Organisation.get_or_none(name=affiliation)
        if organisation is None:
            raise DomainError("No group is called %(name)s.", "org", name=affiliation)
        await Membership.create(user=user, organisation=organisation, is_officer=officer)
    else:
        raise DomainError("Coordinators do not belong to a group or department.", "org")


@dataclass(frozen=True)
class SignInResult:
    user_id: int


async def authenticate(
    email: str, password: str, client: str, *, attempts_allowed: int, window_seconds: int
) -> SignInResult:
    """Check the password; after too many failures for this address or client, refuse a while."""
    email = email.strip().lower()
    keys = {f"email:{email}": attempts_allowed,
            f"client:{client}": attempts_allowed * CLIENT_LIMIT_FACTOR}
    since = now() - timedelta(seconds=window_seconds)
    await LoginAttempt.filter(created_at__lt=since).delete()
    for key, allowed in keys.items():
        if await LoginAttempt.filter(key=key, created_at__gte=since).count() >= allowed:
            raise DomainError(
                "Too many failed attempts. Please wait %(minutes)s minutes and try again.",
                minutes=window_seconds // 60,
            )
    user = await User.get_or_none(email=email, is_active=True)
    password_ok = verify_password(
        user.password_hash if user else _UNKNOWN_USER_HASH, password
    )
    if user is None or not password_ok:
        await LoginAttempt.bulk_create([LoginAttempt(key=key) for key in keys])
        raise DomainError("The e-mail address or password is not correct.")
    await LoginAttempt.filter(key=f"email:{email}").delete()
    return SignInResult(user_id=user.id)


@dataclass(frozen=True)
class GroupSignUp:
    email: str
    password: str
    display_name: str
    group_name: str
    furigana: str
    kind: PartnerKind
    area: str
    description: str


async def sign_up_group(data: GroupSignUp) -> User:
    """A new group and its first officer; the group stays hidden until a coordinator approves."""
    check_password_rules(data.password)
    async with in_transaction():
        if await User.exists(email=data.email):
            raise DomainError("This e-mail address is already registered.", "email")
        if await Organisation.exists(name=data.group_name):
            raise DomainError("A group with this name is already registered.", "group_name")
        user = await User.create(
            email=data.email, password_hash=hash_password(data.password), role=Role.GROUP,
            display_name=data.display_name,
        )
        organisation = await Organisation.create(
            name=data.group_name, furigana=data.furigana, kind=data.kind, area=data.area,
            description=data.description, status=ApprovalStatus.PENDING,
            contact_name=data.display_name, contact_email=data.email,
            search_text=organisation_text(
                data.group_name, data.furigana, data.area, data.description, ""
            ),
        )
        await Membership.create(user=user, organisation=organisation, is_officer=True)
        await history.record("organisation", organisation.id, "created", user.id, {})
    return user
