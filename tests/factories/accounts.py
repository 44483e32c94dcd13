"""People: accounts made the way the office makes them, each signing in with ``PASSWORD``."""

from __future__ import annotations

from kakehashi.accounts.auth import CurrentUser, load_current_user
from kakehashi.accounts.models import Role, User
from kakehashi.accounts.rules import create_user

PASSWORD = "correct horse battery"


async def account(email: str, role: Role = Role.GROUP, affiliation: str | None = None, *,
                  display_name: str = "", officer: bool = True) -> User:
    """A user joined to the group or department named ``affiliation`` (it must exist)."""
    return await create_user(email, PASSWORD, role, affiliation=affiliation,
                             display_name=display_name, officer=officer)


async def user(email: str, role: Role = Role.GROUP, affiliation: str | None = None, *,
               display_name: str = "", officer: bool = True) -> CurrentUser:
    """As :func:`account`, seen the way services see the person asking."""
    created = await account(email, role, affiliation, display_name=display_name,
                            officer=officer)
    found = await load_current_user(created.id)
    assert found is not None
    return found
