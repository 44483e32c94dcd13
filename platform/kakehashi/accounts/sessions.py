"""Server-side session records: a signed cookie alone cannot be taken back, a record can.

Signing in stores a random secret in the (signed) session cookie and its SHA-256 in
``user_session``. Every request checks the record: signing out, a new password, "sign out
everywhere" and the coordinator delete records, and a cookie kept from before is then nobody's.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from starlette.requests import Request

from kakehashi.accounts.auth import SESSION_USER_KEY, CurrentUser, current_user_of
from kakehashi.accounts.models import UserSession
from kakehashi.notifications.outbox import now
from kakehashi.prepared import AN_ID, Prepared

SESSION_SECRET_KEY = "session"
LIFETIME = timedelta(days=14)
"""A session unused this long has ended (the cookie's own lifetime is the same)."""
TOUCH_EVERY = timedelta(hours=1)
"""How stale ``last_seen_at`` may get: one write an hour, not one per request."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def start(request: Request, user_id: int) -> None:
    """Sign ``user_id`` in on this browser (a fresh cookie: no value from before survives)."""
    locale = request.session.get("locale")
    request.session.clear()
    secret = secrets.token_urlsafe(32)
    await UserSession.create(user_id=user_id, token_hash=_hash(secret), last_seen_at=now())
    request.session[SESSION_USER_KEY] = user_id
    request.session[SESSION_SECRET_KEY] = secret
    if locale:
        request.session["locale"] = locale


async def end(request: Request) -> None:
    """Sign this browser out: its record goes, so a copy of the cookie is worth nothing."""
    secret = request.session.get(SESSION_SECRET_KEY)
    if isinstance(secret, str):
        await UserSession.filter(token_hash=_hash(secret)).delete()
    locale = request.session.get("locale")
    request.session.clear()
    if locale:
        request.session["locale"] = locale


async def end_all(user_id: int) -> int:
    """Every browser of the user is signed out (new password, "sign out everywhere")."""
    return await UserSession.filter(user_id=user_id).delete()


async def signed_in_user(session: dict[str, Any]) -> int | None:
    """The id of the user this cookie signs in (see :func:`signed_in`)."""
    user = await signed_in(session)
    return user.id if user else None


_SIGNED_IN = Prepared(UserSession, lambda token_hash, user_id: UserSession.filter(
    token_hash=token_hash, user_id=user_id, user__is_active=True
).values(
    "id", "last_seen_at", "user__email", "user__display_name", "user__role",
    organisation_id="user__memberships__organisation_id",
    department_id="user__memberships__department_id",
    is_officer="user__memberships__is_officer",
), ("\0token-hash", AN_ID))
"""The session, its user and their memberships: every signed-in page asks."""


async def signed_in(session: dict[str, Any]) -> CurrentUser | None:
    """Who this cookie signs in, with their memberships, in one query (every signed-in page
    asks): ``None`` when the record is gone or has expired, or the account was deactivated."""
    user_id, secret = session.get(SESSION_USER_KEY), session.get(SESSION_SECRET_KEY)
    if not isinstance(user_id, int) or not isinstance(secret, str):
        return None
    rows = await _SIGNED_IN.rows(_hash(secret), user_id)
    if not rows:
        return None
    record, moment = rows[0], now()
    if record["last_seen_at"] < moment - LIFETIME:
        await UserSession.filter(id=record["id"]).delete()
        return None
    if record["last_seen_at"] < moment - TOUCH_EVERY:
        await UserSession.filter(id=record["id"]).update(last_seen_at=moment)
    return current_user_of(user_id, record["user__email"], record["user__display_name"],
                           record["user__role"], rows)
