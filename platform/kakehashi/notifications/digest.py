"""The daily summary for users who chose one mail a day instead of a mail per notification."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from kakehashi.accounts.models import MailMode, User
from kakehashi.http.urls import path_for
from kakehashi.notifications import mail_templates, outbox
from kakehashi.notifications.models import Notification, OutboxMail

DIGEST_EVERY = timedelta(hours=24)


def digest_key(user_id: int, now: datetime) -> str:
    return f"digest:{user_id}:{now.date().isoformat()}"


async def send_digests(now: datetime | None = None) -> int:
    """One summary mail per digest user with undigested notifications, at most once a day."""
    now = now or outbox.now()
    users = await User.filter(
        Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - DIGEST_EVERY),
        mail_mode=MailMode.DIGEST, is_active=True, mail_unsubscribed=False,
        email_verified_at__isnull=False,
    ).order_by("id")
    sent = 0
    for user in users:
        notes = await Notification.filter(user_id=user.id, digested_at__isnull=True).order_by(
            "created_at", "id"
        )
        key = digest_key(user.id, now)
        if not notes or await OutboxMail.exists(dedupe_key=key):
            continue
        inbox = path_for("inbox")
        items = [{"title": note.title, "url": outbox.absolute_url(note.link or inbox)}
                 for note in notes]
        mail = mail_templates.render("digest", {"count": len(notes), "items": items}, user,
                                     inbox)
        try:
            async with in_transaction():
                await outbox.enqueue(user, subject=mail.subject, body_text=mail.body,
                                     kind="digest", dedupe_key=key)
                await Notification.filter(id__in=[n.id for n in notes]).update(
                    digested_at=now
                )
                await User.filter(id=user.id).update(last_digest_at=now)
        except IntegrityError:
            continue  # another worker wrote today's summary first
        sent += 1
    return sent
