"""Notifications: one call writes the inbox entries and the outbox mails of an event.

Call :func:`notify` inside the transaction of the change it reports, so a change and its
messages are stored together or not at all; the worker sends the mails later.

Who gets a mail: account mails (password reset, address confirmation) always go to the
address. Other events go to every active user's inbox, and by mail only to users who confirmed
their address, did not unsubscribe and chose immediate mails (digest users get the daily
summary instead, except for the reminder and the cancellation of a meeting, which cannot wait).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kakehashi.accounts.models import MailMode, User
from kakehashi.introductions import calendar_files
from kakehashi.introductions.models import Introduction
from kakehashi.notifications import mail_templates, outbox
from kakehashi.notifications.models import Notification

TIME_CRITICAL = frozenset({"meeting_reminder", "meeting_cancelled", "introduction_withdrawn"})
"""Mailed at once to digest users too: tomorrow's summary could arrive after the meeting."""


def wants_mail(user: User, event: str) -> bool:
    if event in mail_templates.ACCOUNT_EVENTS:
        return True
    return (
        user.email_verified_at is not None
        and not user.mail_unsubscribed
        and (user.mail_mode == MailMode.IMMEDIATE or event in TIME_CRITICAL)
    )


async def notify(
    user_ids: Iterable[int],
    event: str,
    params: dict[str, Any],
    link: str,
    *,
    meeting: int | None = None,
    calendar_method: str = "REQUEST",
) -> None:
    """Tell each user about ``event`` (in the user's language), in the inbox and by mail.

    ``params`` fill the event's texts (plain values: names, dates as ISO strings); ``link`` is
    a site path such as ``/introductions/3``; ``meeting`` is an introduction id whose meeting
    goes with the mail as an iCalendar invitation (``calendar_method`` REQUEST or CANCEL).
    Unknown events raise ``ValueError``.
    """
    if event not in mail_templates.EVENTS or event == "digest":
        raise ValueError(f"unknown notification event: {event!r}")
    ids = sorted({int(i) for i in user_ids})
    if not ids:
        return
    users = await User.filter(id__in=ids, is_active=True).order_by("id")
    calendar = ""
    sequence: int | None = None
    if meeting is not None:
        calendar = await calendar_files.invitation(meeting, calendar_method)
        if event == "meeting_reminder":
            sequence = (await Introduction.get(id=meeting)).sequence
    for user in users:
        mail = mail_templates.render(event, params, user, link)
        if event not in mail_templates.ACCOUNT_EVENTS:
            await Notification.create(
                user=user, kind=event, title=mail.subject[:300], body=mail.message,
                link=link[:500],
            )
        if not wants_mail(user, event):
            continue
        dedupe = (
            f"reminder:{meeting}:{sequence}:{user.id}" if sequence is not None else None
        )
        await outbox.enqueue(
            user, subject=mail.subject, body_text=mail.body, kind=event, calendar=calendar,
            dedupe_key=dedupe,
        )


async def mail_address(address: str, event: str, params: dict[str, Any], link: str) -> None:
    """An account mail to an address that may have no account yet (an invitation): to the
    account's holder in their language if there is one, else to the bare address in Japanese.
    Never shown in an inbox, so the inviter learns nothing of who holds the address."""
    if event not in mail_templates.ACCOUNT_EVENTS:
        raise ValueError(f"not an account event: {event!r}")
    holder = await User.get_or_none(email=address, is_active=True)
    recipient = holder or User(email=address, display_name=address, locale="ja")
    mail = mail_templates.render(event, params, recipient, link)
    await outbox.enqueue_to(address, holder.id if holder else None, subject=mail.subject,
                            body_text=mail.body, kind=event)
