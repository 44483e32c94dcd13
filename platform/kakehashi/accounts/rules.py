"""Accounts: creating users, signing in with throttling, and group sign-up."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from tortoise.transactions import in_transaction

from kakehashi.accounts import passwords, throttle
from kakehashi.accounts.auth import hash_password
from kakehashi.accounts.models import Membership, Role, User
from kakehashi.directory import history, profiles
from kakehashi.directory.indexing import organisation_text
from kakehashi.directory.japanese import reading
from kakehashi.directory.models.orgs import (
    ApprovalStatus,
    Criterion,
    Department,
    Organisation,
    PartnerKind,
)
from kakehashi.errors import DomainError
from kakehashi.taxonomy.districts import district_names

MIN_PASSWORD_LENGTH = 10

@cache
def _unknown_user_hash() -> str:
    """A hash to check unknown addresses against, so timing reveals nothing; made on first use
    with the hasher then in force."""
    return hash_password("no such user: compare anyway so timing reveals nothing")


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
            email=email, password_hash=await passwords.hash(password), role=role,
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
    is_coordinator: bool = False
    """Coordinators land on their desk after signing in, everyone else on My page."""


async def authenticate(
    email: str, password: str, client: str, *, attempts_allowed: int, window_seconds: int
) -> SignInResult:
    """Check the password, unless this address or client is over its limit of tries (see
    :mod:`kakehashi.accounts.throttle`); the check runs off the event loop."""
    email = email.strip().lower()
    tries = await throttle.begin(email, client, allowed=attempts_allowed,
                                 window_seconds=window_seconds)
    user = await User.get_or_none(email=email, is_active=True)
    password_ok = await passwords.verify(
        user.password_hash if user else _unknown_user_hash(), password
    )
    if user is None or not password_ok:
        raise DomainError("The e-mail address or password is not correct.")
    await throttle.succeeded(tries)
    return SignInResult(user_id=user.id, is_coordinator=user.role == Role.COORDINATOR)


SIGN_UP_KINDS: tuple[PartnerKind, ...] = tuple(PartnerKind)
"""The kinds a new group may register as: every partner kind the guidelines name."""


def sign_up_kind(value: str) -> PartnerKind:
    """The chosen kind; a citizen group when none was chosen (the form's default)."""
    return PartnerKind(value) if value in {k.value for k in SIGN_UP_KINDS} else (
        PartnerKind.CITIZEN_GROUP)


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
    fields: tuple[str, ...] = ()
    """Codes of the field taxonomy the group works in."""
    criteria: tuple[str, ...] = ()
    """The capable-partner criteria the group declares (the office confirms them later)."""


SIGN_UP_CRITERIA: dict[str, str] = {
    Criterion.VOLUNTARY: "Voluntariness: we act of our own will",
    Criterion.SELF_RELIANT: "Self-reliance: we decide and run our activities ourselves",
    Criterion.PUBLIC_BENEFIT: "Public benefit: our work serves the public, not only our members",
    Criterion.NON_PROFIT: "Non-profit: we do not share profits among our members",
    Criterion.PROPER_ACCOUNTS: "Proper accounting: we keep our accounts properly",
    Criterion.DELIVERY_CAPACITY: "Capacity to carry out projects: we have the people and "
                                 "skills to deliver what we take on",
}
"""The criteria as sign-up asks them, in the words of the guideline (小平市 指針 §2(2))."""


async def sign_up_districts() -> list[str]:
    """The districts sign-up offers (the coordinator's list; none: no district is asked)."""
    return await district_names()


def sign_up_field_rules(data: GroupSignUp) -> list[DomainError]:
    """The sign-up rules that need no database, so the form can show them with the others."""
    problems = []
    for check in (lambda: check_password_rules(data.password), lambda: reading(data.furigana)):
        try:
            check()
        except DomainError as error:
            problems.append(error)
    return problems


class AddressTaken(DomainError):
    """Sign-up with an address that has an account: the page must not say so (issue 18), the
    web layer answers as for a new account and mails the holder instead."""

    def __init__(self, user_id: int) -> None:
        super().__init__("This e-mail address is already registered.", "email")
        self.user_id = user_id


async def sign_up_group(data: GroupSignUp) -> User:
    """A new group and its first officer; the group stays hidden until a coordinator approves.
    An address that has an account raises :class:`AddressTaken` (after the same work)."""
    check_password_rules(data.password)
    data = replace(data, furigana=reading(data.furigana))
    fields = await profiles.fields_for(data.fields)
    password_hash = await passwords.hash(data.password)  # before the transaction: no lock held
    async with in_transaction():
        holder = await User.get_or_none(email=data.email)
        if holder is not None:
            raise AddressTaken(holder.id)
        if await Organisation.exists(name=data.group_name):
            raise DomainError("A group with this name is already registered.", "group_name")
        user = await User.create(
            email=data.email, password_hash=password_hash, role=Role.GROUP,
            display_name=data.display_name,
        )
        organisation = await Organisation.create(
            name=data.group_name, furigana=data.furigana, kind=data.kind, area=data.area,
            description=data.description, status=ApprovalStatus.PENDING,
            criteria_declared=list(data.criteria),
            contact_name=data.display_name, contact_email=data.email,
            search_text=organisation_text(
                data.group_name, data.furigana, data.area, data.description, ""
            ),
        )
        await Membership.create(user=user, organisation=organisation, is_officer=True)
        await profiles.set_fields(organisation, fields)
        await history.record("organisation", organisation.id, "created", user.id, {})
    return user
