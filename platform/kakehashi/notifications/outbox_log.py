"""The office's record of every mail the site wrote: sent, waiting or given up, newest first.

A coordinator answers "did the department get the mail about this introduction?" from here,
and sends a mail again when someone says it never arrived. Bodies are not shown: some carry
sign-in links meant for their recipient alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from kakehashi.directory.listings import Page
from kakehashi.notifications import outbox
from kakehashi.notifications.models import MailStatus, OutboxMail

PAGE_SIZE = 50
STATUSES = [status.value for status in MailStatus]


@dataclass(frozen=True)
class LoggedMail:
    id: int
    to_address: str
    subject: str
    status: str
    attempts: int
    last_error: str
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime


@dataclass(frozen=True)
class OutboxLog:
    page: Page[LoggedMail]
    counts: dict[str, int]
    """Mails in each status, whatever the filter (the tabs' numbers)."""


async def read_log(status: str | None, query: str, page: int) -> OutboxLog:
    """One page of the mails in ``status`` (all when None) whose address or subject contains
    ``query``."""
    counted = await OutboxMail.annotate(n=Count("id")).group_by("status").values("status", "n")
    counts = dict.fromkeys(STATUSES, 0)
    counts.update({str(getattr(r["status"], "value", r["status"])): r["n"] for r in counted})
    chosen = OutboxMail.all()
    if status in STATUSES:
        chosen = chosen.filter(status=status)
    if query:
        chosen = chosen.filter(Q(to_address__icontains=query) | Q(subject__icontains=query))
    total = await chosen.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = await chosen.order_by("-id").offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    mails = [LoggedMail(m.id, m.to_address, m.subject, str(m.status), m.attempts, m.last_error,
                        m.created_at, m.sent_at, m.next_attempt_at) for m in rows]
    return OutboxLog(Page(mails, total, page, PAGE_SIZE), counts)


async def send_again(mail_id: int) -> bool:
    """A failed or waiting mail becomes due now; a sent one is copied and sent once more (its
    own record stays as it was, so the log shows both)."""
    async with in_transaction():
        mail = await OutboxMail.select_for_update().get_or_none(id=mail_id)
        if mail is None or mail.status == MailStatus.SENDING:
            return False
        if mail.status == MailStatus.SENT:
            await OutboxMail.create(
                user_id=mail.user_id, to_address=mail.to_address, subject=mail.subject,
                body_text=mail.body_text, calendar=mail.calendar, kind=mail.kind,
                next_attempt_at=outbox.now())
            return True
        mail.status, mail.next_attempt_at, mail.attempts = (
            MailStatus.PENDING, outbox.now(), 0)
        await mail.save(update_fields=["status", "next_attempt_at", "attempts"])
        return True
