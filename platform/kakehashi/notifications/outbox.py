"""The durable outbox: mails are rows written with the change they report, sent later.

Also holds the two things every mail needs from the settings (the site's absolute address and
the signing key), read from a context variable the web middleware and the worker set, so
services keep their plain signatures.
"""

from __future__ import annotations

import contextvars
from datetime import datetime, timedelta
from functools import cache
from urllib.parse import urlsplit

from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer
from tortoise import timezone

from kakehashi.accounts.models import User
from kakehashi.http.urls import path_for
from kakehashi.notifications.models import MailStatus, OutboxMail
from kakehashi.settings import Settings

current_settings: contextvars.ContextVar[Settings | None] = contextvars.ContextVar(
    "kakehashi_mail_settings", default=None
)

MAX_ATTEMPTS = 12
"""After this many failed attempts a mail is marked failed (a coordinator may send it again)."""
FIRST_RETRY_SECONDS = 30
LONGEST_RETRY_SECONDS = 3600


@cache
def _settings_from_env() -> Settings:
    return Settings.from_env()


def use_settings(settings: Settings) -> contextvars.Token[Settings | None]:
    """Make ``settings`` the ones mails are written with in this context (request, worker)."""
    return current_settings.set(settings)


def site_settings() -> Settings:
    return current_settings.get() or _settings_from_env()


def absolute_url(path: str) -> str:
    return site_settings().base_url.rstrip("/") + path


def site_host() -> str:
    return urlsplit(site_settings().base_url).hostname or "kakehashi.example"


def now() -> datetime:
    """Now in the database's time zone: SQLite compares stored times as text, so filters must
    use the same offset the rows were written with."""
    return timezone.localtime()


def retry_delay(attempts: int) -> timedelta:
    """30 s after the first failure, doubling each time, never more than an hour."""
    seconds = FIRST_RETRY_SECONDS * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, LONGEST_RETRY_SECONDS))


# Signed tokens --------------------------------------------------------------------------------

def timed_serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(site_settings().secret_key, salt=f"kakehashi-{purpose}")


def unsubscribe_token(user_id: int) -> str:
    """Does not expire: an old mail's link still works (it only ever unsubscribes)."""
    return URLSafeSerializer(site_settings().secret_key, salt="kakehashi-unsubscribe").dumps(
        user_id
    )


def user_of_unsubscribe_token(token: str) -> int | None:
    try:
        value = URLSafeSerializer(
            site_settings().secret_key, salt="kakehashi-unsubscribe"
        ).loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(user_id: int) -> str:
    return absolute_url(path_for("unsubscribe", token=unsubscribe_token(user_id)))


# Writing mails --------------------------------------------------------------------------------

async def enqueue_to(
    address: str, user_id: int | None, *, subject: str, body_text: str, kind: str
) -> OutboxMail:
    """Store a mail to an address that need not belong to an account (invitations)."""
    return await OutboxMail.create(
        user_id=user_id, to_address=address, subject=subject[:300], body_text=body_text,
        kind=kind, status=MailStatus.PENDING, next_attempt_at=now(),
    )


async def enqueue(
    user: User, *, subject: str, body_text: str, kind: str, calendar: str = "",
    dedupe_key: str | None = None,
) -> OutboxMail | None:
    """Store a mail for the worker (in the caller's transaction); ``None`` if already queued."""
    if dedupe_key is not None and await OutboxMail.exists(dedupe_key=dedupe_key):
        return None
    return await OutboxMail.create(
        user=user, to_address=user.email, subject=subject[:300], body_text=body_text,
        calendar=calendar, kind=kind, dedupe_key=dedupe_key, status=MailStatus.PENDING,
        next_attempt_at=now(),
    )
