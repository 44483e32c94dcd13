"""The in-app inbox and each user's mail preferences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.functions import Count

from kakehashi.accounts.models import MailMode, User
from kakehashi.errors import DomainError, InvalidLink, NotFound
from kakehashi.i18n import LOCALES
from kakehashi.notifications import outbox
from kakehashi.notifications.models import Notification
from kakehashi.prepared import AN_ID, Prepared

PAGE_SIZE = 30


@dataclass(frozen=True)
class InboxEntry:
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: datetime
    unread: bool


@dataclass(frozen=True)
class InboxPage:
    entries: list[InboxEntry]
    unread: int
    total: int
    page: int
    pages: int


_UNREAD = Prepared(Notification, lambda user_id: Notification.filter(
    user_id=user_id, read_at__isnull=True).annotate(unread=Count("id")).values("unread"),
    (AN_ID,))
"""The header's badge: every signed-in page asks."""


async def unread_count(user_id: int) -> int:
    rows = await _UNREAD.rows(user_id)
    return int(rows[0]["unread"]) if rows else 0


async def email_verified(user_id: int) -> bool:
    return await User.filter(id=user_id, email_verified_at__isnull=False).exists()


async def inbox_page(user_id: int, page: int = 1) -> InboxPage:
    total = await Notification.filter(user_id=user_id).count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = await Notification.filter(user_id=user_id).order_by("-created_at", "-id").offset(
        (page - 1) * PAGE_SIZE
    ).limit(PAGE_SIZE)
    entries = [
        InboxEntry(n.id, n.kind, n.title, n.body, n.link, n.created_at, n.read_at is None)
        for n in rows
    ]
    return InboxPage(entries, await unread_count(user_id), total, page, pages)


async def open_entry(user_id: int, notification_id: int) -> str:
    """Mark one entry read and return where it points (another user's entry is NotFound)."""
    note = await Notification.get_or_none(id=notification_id, user_id=user_id)
    if note is None:
        raise NotFound("Page not found")
    if note.read_at is None:
        await Notification.filter(id=note.id).update(read_at=outbox.now())
    return note.link


async def mark_all_read(user_id: int) -> int:
    return await Notification.filter(user_id=user_id, read_at__isnull=True).update(
        read_at=outbox.now()
    )


@dataclass(frozen=True)
class MailPreferences:
    email: str
    mail_mode: str
    unsubscribed: bool
    locale: str
    verified: bool


async def preferences(user_id: int) -> MailPreferences:
    user = await User.get(id=user_id)
    return MailPreferences(user.email, str(user.mail_mode), user.mail_unsubscribed,
                           user.locale, user.email_verified_at is not None)


async def save_preferences(user_id: int, *, mail_mode: str, locale: str, subscribed: bool) -> None:
    if mail_mode not in {m.value for m in MailMode}:
        raise DomainError("Please choose one of the options.", "mail_mode")
    if locale not in LOCALES:
        raise DomainError("Please choose one of the options.", "locale")
    await User.filter(id=user_id).update(
        mail_mode=MailMode(mail_mode), locale=locale, mail_unsubscribed=not subscribed
    )


async def unsubscribe(token: str) -> str:
    """Stop notification mails for the token's user; returns the address for the message."""
    user_id = outbox.user_of_unsubscribe_token(token)
    user = await User.get_or_none(id=user_id) if user_id is not None else None
    if user is None:
        raise InvalidLink()
    await User.filter(id=user.id).update(mail_unsubscribed=True)
    return user.email


async def unsubscribe_target(token: str) -> str | None:
    user_id = outbox.user_of_unsubscribe_token(token)
    user = await User.get_or_none(id=user_id) if user_id is not None else None
    return user.email if user else None
