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

from kakehashi.accounts.auth import SESSION_USER_KEY
from kakehashi.accounts.models import UserSession
from kakehashi.notifications.outbox import now

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
    """The user this cookie signs in, if its record still exists and has not expired."""
    user_id, secret = session.get(SESSION_USER_KEY), session.get(SESSION_SECRET_KEY)
    if not isinstance(user_id, int) or not isinstance(secret, str):
        return None
    record = await UserSession.get_or_none(token_hash=_hash(secret), user_id=user_id)
    if record is None:
        return None
    moment = now()
    if record.last_seen_at < moment - LIFETIME:
        await record.delete()
        return None
    if record.last_seen_at < moment - TOUCH_EVERY:
        await UserSession.filter(id=record.id).update(last_seen_at=moment)
    return user_id
