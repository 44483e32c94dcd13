"""Sending the outbox: claim due mails, hand them to the SMTP server, retry with back-off.

Claiming is a conditional UPDATE (only a row still due moves to ``sending``), so two workers
never send one mail twice. A claimed row holds a lease in ``next_attempt_at``: if a worker dies
mid-send, the row becomes due again when the lease runs out. A refused or unreachable server
only postpones the mail; after :data:`~kakehashi.notifications.outbox.MAX_ATTEMPTS` it is marked
failed and stays in the table for a coordinator to send again.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from email.header import Header
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

import aiosmtplib
from tortoise.expressions import Q

from kakehashi.notifications import outbox
from kakehashi.notifications.models import MailStatus, OutboxMail
from kakehashi.settings import Settings

log = logging.getLogger("kakehashi.mail")
_METHOD = re.compile(r"^METHOD:([A-Z]+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class PassReport:
    sent: int = 0
    failed: int = 0


class WholeSubject(str):
    """A non-ASCII subject folded with each space inside an encoded word.

    The standard folder breaks lines at spaces and puts them between encoded words, where
    RFC 2047 says readers drop them: "(金) 23:22" arrived as "(金)23:22" in about half of the
    reminders. The classic :class:`~email.header.Header` encoder splits inside the text instead.
    """

    name = "Subject"

    def fold(self, *, policy: Any) -> str:
        encoded = Header(str(self), "utf-8", header_name=self.name).encode(linesep=policy.linesep)
        return f"{self.name}: {encoded}{policy.linesep}"


def build_message(mail: OutboxMail, settings: Settings) -> EmailMessage:
    """A UTF-8 mail: encoded Japanese subject, plain text, and the invitation when there is one."""
    message = EmailMessage()
    message["Subject"] = mail.subject if mail.subject.isascii() else WholeSubject(mail.subject)
    message["From"] = settings.mail_from
    message["To"] = mail.to_address
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(f"mail{mail.id}", domain=outbox.site_host())
    user_id = mail.user_id
    if user_id is not None:
        message["List-Unsubscribe"] = f"<{outbox.unsubscribe_url(user_id)}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body_text, charset="utf-8")
    if mail.calendar:
        found = _METHOD.search(mail.calendar)
        method = found.group(1) if found else "PUBLISH"
        message.add_alternative(
            mail.calendar, subtype="calendar", charset="utf-8", params={"method": method}
        )
    return message


def lease(settings: Settings) -> timedelta:
    """How long a claimed mail is ours. Sends only start within :data:`START_WINDOW` of the
    claim, and one SMTP conversation takes at most a few timeouts, so a send always ends
    before another worker could claim the row again."""
    return START_WINDOW + timedelta(seconds=settings.smtp_timeout * 8)


START_WINDOW = timedelta(seconds=60)
REFUSED_ONE = (aiosmtplib.SMTPResponseException, aiosmtplib.SMTPRecipientsRefused, ValueError)
"""Errors about one mail; anything else means the server itself is down or silent."""


async def claim_due(settings: Settings, limit: int = 100) -> list[OutboxMail]:
    now = outbox.now()
    due = Q(status=MailStatus.PENDING) | Q(status=MailStatus.SENDING)
    ids = await OutboxMail.filter(due, next_attempt_at__lte=now).order_by(
        "next_attempt_at", "id"
    ).limit(limit).values_list("id", flat=True)
    claimed: list[int] = []
    for mail_id in ids:
        won = await OutboxMail.filter(due, id=mail_id, next_attempt_at__lte=now).update(
            status=MailStatus.SENDING, next_attempt_at=now + lease(settings)
        )
        if won:
            claimed.append(int(mail_id))  # type: ignore[call-overload]
    if not claimed:
        return []
    return await OutboxMail.filter(id__in=claimed).order_by("id")


async def _release(mails: list[OutboxMail]) -> None:
    """Hand back claimed mails not tried in this pass (no attempt counted)."""
    if mails:
        await OutboxMail.filter(id__in=[m.id for m in mails], status=MailStatus.SENDING).update(
            status=MailStatus.PENDING, next_attempt_at=outbox.now()
        )


async def _mark_sent(mail: OutboxMail) -> None:
    await OutboxMail.filter(id=mail.id, status=MailStatus.SENDING).update(
        status=MailStatus.SENT, sent_at=outbox.now(), last_error="",
        attempts=mail.attempts + 1,
    )


async def _mark_failed(mail: OutboxMail, error: BaseException) -> None:
    attempts = mail.attempts + 1
    gave_up = attempts >= outbox.MAX_ATTEMPTS
    text = f"{type(error).__name__}: {error}"[:2000]
    await OutboxMail.filter(id=mail.id, status=MailStatus.SENDING).update(
        status=MailStatus.FAILED if gave_up else MailStatus.PENDING,
        attempts=attempts, last_error=text,
        next_attempt_at=outbox.now() + outbox.retry_delay(attempts),
    )
    log.warning("mail %s to %s not sent (attempt %s): %s", mail.id, mail.to_address,
                attempts, text)


def _client(settings: Settings) -> aiosmtplib.SMTP:
    return aiosmtplib.SMTP(
        hostname=settings.smtp_host, port=settings.smtp_port, timeout=settings.smtp_timeout,
        start_tls=settings.smtp_starttls, use_tls=False,
        username=settings.smtp_username or None, password=settings.smtp_password or None,
    )


async def _send_by_smtp(mails: list[OutboxMail], settings: Settings) -> PassReport:
    sent = failed = 0
    start_by = outbox.now() + START_WINDOW
    client: aiosmtplib.SMTP | None = None
    try:
        for index, mail in enumerate(mails):
            if outbox.now() >= start_by:
                await _release(mails[index:])
                break
            try:
                if client is None:
                    client = _client(settings)
                    await client.connect()
                await client.send_message(build_message(mail, settings))
            except (aiosmtplib.SMTPException, OSError, TimeoutError, ValueError) as error:
                # ValueError: an address or header the mail library refuses (kept, retried,
                # and eventually shown to the coordinator rather than blocking the batch).
                await _mark_failed(mail, error)
                failed += 1
                refused_one = isinstance(error, REFUSED_ONE)
                if refused_one and client is not None and client.is_connected:
                    continue  # the server refused this mail only: keep the connection
                if client is not None:
                    client.close()
                    client = None
                if not refused_one:
                    # The server is down or silent: postpone the rest of the batch alike.
                    for rest in mails[index + 1:]:
                        await _mark_failed(rest, error)
                        failed += 1
                    break
            else:
                await _mark_sent(mail)
                sent += 1
    finally:
        if client is not None and client.is_connected:
            try:
                await client.quit()
            except (aiosmtplib.SMTPException, OSError, TimeoutError):
                client.close()
    return PassReport(sent, failed)


async def _send_to_console(mails: list[OutboxMail], settings: Settings) -> PassReport:
    for mail in mails:
        log.info("mail (console, KAKEHASHI_SMTP_HOST unset) to %s: %s\n%s%s",
                 mail.to_address, mail.subject, mail.body_text,
                 "\n[text/calendar attached]" if mail.calendar else "")
        await _mark_sent(mail)
    return PassReport(len(mails), 0)


async def send_due(settings: Settings | None = None, limit: int = 100) -> PassReport:
    """One pass: claim the mails that are due and send them; never raises for a bad server."""
    settings = settings or outbox.site_settings()
    mails = await claim_due(settings, limit)
    if not mails:
        return PassReport()
    if not settings.smtp_host:
        return await _send_to_console(mails, settings)
    return await _send_by_smtp(mails, settings)
