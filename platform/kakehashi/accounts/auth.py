"""Sessions, password hashing and role checks.

The session is a signed cookie holding only the user id and locale, so any worker can serve any
request. Handlers call :func:`require_user` / :func:`require_role`; services re-check ownership.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.exceptions import HTTPException
from starlette.requests import Request

from kakehashi.accounts.models import Membership, Role, User

password_hasher = PasswordHasher()
"""argon2id at argon2-cffi's recommended cost. Module-level so the test suite can swap in a cheap
one in one place; each hash records its own cost, so verification follows whichever made it."""
SESSION_USER_KEY = "user_id"


def hash_password(password: str) -> str:
    return password_hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return password_hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class CurrentUser:
    """Who is asking: plain values handed to templates and services."""

    id: int
    email: str
    display_name: str
    role: Role
    organisation_ids: frozenset[int]
    officer_of: frozenset[int]
    department_ids: frozenset[int]

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    def can_edit_organisation(self, organisation_id: int) -> bool:
        return self.is_coordinator or organisation_id in self.organisation_ids

    def can_edit_department(self, department_id: int) -> bool:
        return self.is_coordinator or department_id in self.department_ids


async def load_current_user(user_id: int) -> CurrentUser | None:
    user = await User.get_or_none(id=user_id, is_active=True)
    if user is None:
        return None
    memberships = await Membership.filter(user_id=user.id).values(
        "organisation_id", "department_id", "is_officer"
    )
    return current_user_of(user.id, user.email, user.display_name, user.role, memberships)


def current_user_of(
    user_id: int, email: str, display_name: str, role: str,
    memberships: Iterable[Mapping[str, Any]],
) -> CurrentUser:
    """A user and the groups and departments they belong to (rows with ``organisation_id``,
    ``department_id`` and ``is_officer``; empty ids are skipped)."""
    rows = list(memberships)
    return CurrentUser(
        id=user_id,
        email=email,
        display_name=display_name,
        role=Role(role),
        organisation_ids=frozenset(m["organisation_id"] for m in rows if m["organisation_id"]),
        officer_of=frozenset(
            m["organisation_id"] for m in rows if m["organisation_id"] and m["is_officer"]
        ),
        department_ids=frozenset(m["department_id"] for m in rows if m["department_id"]),
    )


def current_user(request: Request) -> CurrentUser | None:
    return request.scope.get("kakehashi.user")


def require_user(request: Request) -> CurrentUser:
    """The signed-in user, or a redirect to ``/login`` (raised as 303 by the error handler)."""
    user = current_user(request)
    if user is None:
        query = f"?{request.url.query}" if request.url.query else ""
        raise LoginRequired(request.url.path + query)
    return user


def require_role(request: Request, *roles: Role) -> CurrentUser:
    user = require_user(request)
    if user.role not in roles:
        raise HTTPException(403)
    return user


class LoginRequired(Exception):
    """Raised by :func:`require_user`; the app answers with a redirect to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path
