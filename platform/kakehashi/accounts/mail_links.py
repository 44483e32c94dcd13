"""Password reset and e-mail confirmation: signed links sent through the same outbox.

A reset link carries a fingerprint of the current password hash, so it works once: after the
password changes, the fingerprint no longer matches. Links expire (reset after an hour).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from itsdangerous import BadSignature, SignatureExpired
from tortoise.transactions import in_transaction

from kakehashi.accounts import passwords, sessions
from kakehashi.accounts.models import User
from kakehashi.accounts.rules import check_password_rules
from kakehashi.errors import DomainError, InvalidLink
from kakehashi.http.urls import path_for
from kakehashi.notifications import outbox
from kakehashi.notifications.events import notify
from kakehashi.notifications.models import OutboxMail

RESET_MAX_AGE = 3600
VERIFY_MAX_AGE = 7 * 24 * 3600
MAILS_PER_HOUR = 3
"""Reset or confirmation mails one address gets in an hour (no flooding someone's mailbox)."""


async def _too_many(user_id: int, kind: str) -> bool:
    since = outbox.now() - timedelta(hours=1)
    sent = await OutboxMail.filter(user_id=user_id, kind=kind, created_at__gte=since).count()
    return sent >= MAILS_PER_HOUR


def _fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:20]


def _load(purpose: str, token: str, max_age: int) -> dict[str, object]:
    try:
        value = outbox.timed_serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise DomainError("This link has expired. Please ask for a new one.") from error
    except BadSignature as error:
        raise InvalidLink() from error
    if not isinstance(value, dict):
        raise InvalidLink()
    return value


async def request_password_reset(email: str) -> None:
    """Mail a reset link if an active account has this address; say nothing either way."""
    user = await User.get_or_none(email=email.strip().lower(), is_active=True)
    if user is None or await _too_many(user.id, "password_reset"):
        return
    token = outbox.timed_serializer("password-reset").dumps(
        {"u": user.id, "h": _fingerprint(user.password_hash)}
    )
    await notify([user.id], "password_reset", {}, path_for("password_reset", token=token))


async def user_for_reset(token: str) -> User:
    """The account a reset link is for; refused when tampered, expired or already used."""
    data = _load("password-reset", token, RESET_MAX_AGE)
    user = await User.get_or_none(id=data.get("u"), is_active=True)
    if user is None or data.get("h") != _fingerprint(user.password_hash):
        raise InvalidLink()
    return user


async def reset_password(token: str, password: str) -> User:
    """A new password ends every session of the account (whoever knew the old one is out). The
    link works once: the update only applies while the password is still the one it was for,
    so two uses at the same moment cannot both succeed."""
    user = await user_for_reset(token)
    check_password_rules(password)
    new_hash = await passwords.hash(password)
    async with in_transaction():
        changed = await User.filter(id=user.id, password_hash=user.password_hash).update(
            password_hash=new_hash
        )
        if not changed:
            raise InvalidLink()
        await User.filter(id=user.id, email_verified_at__isnull=True).update(
            email_verified_at=outbox.now()  # the link reached this mailbox
        )
        await sessions.end_all(user.id)
    user.password_hash = new_hash
    return user


async def send_verification(user_id: int) -> None:
    """Mail a confirmation link for the user's current address (unless already confirmed)."""
    user = await User.get_or_none(id=user_id, is_active=True)
    if user is None or user.email_verified_at is not None:
        return
    if await _too_many(user.id, "email_verification"):
        return
    token = outbox.timed_serializer("verify-email").dumps({"u": user.id, "e": user.email})
    await notify([user.id], "email_verification", {}, path_for("verify_email", token=token))


async def send_account_exists(user_id: int) -> None:
    """Someone signed up with this account's address: tell the holder to sign in or reset."""
    if await _too_many(user_id, "account_exists"):
        return
    await notify([user_id], "account_exists", {}, path_for("password_forgot"))


async def verify_email(token: str) -> User:
    data = _load("verify-email", token, VERIFY_MAX_AGE)
    user = await User.get_or_none(id=data.get("u"), is_active=True)
    if user is None or data.get("e") != user.email:
        raise InvalidLink()
    if user.email_verified_at is None:
        user.email_verified_at = outbox.now()
        await user.save(update_fields=["email_verified_at"])
    return user


async def mark_verified(user_id: int) -> None:
    """For accounts made by an administrator or the demo data: their address is known good."""
    await User.filter(id=user_id, email_verified_at__isnull=True).update(
        email_verified_at=outbox.now()
    )
