"""The mail half of ``kakehashi worker``: send due mails, day-before reminders, daily digests.

Each step is guarded on its own: a refused mail server or a failing step is logged and retried
on the next pass, never stopping the others (or the matching worker beside it).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from kakehashi.introductions import reminders
from kakehashi.notifications import digest, outbox
from kakehashi.notifications import sending as mail_sender
from kakehashi.settings import Settings

log = logging.getLogger("kakehashi.mail")


@dataclass
class PassResult:
    sent: int = 0
    failed: int = 0
    reminders: int = 0
    digests: int = 0


class MailWorker:
    def __init__(self, settings: Settings, batch_size: int = 100) -> None:
        self.settings = settings
        self.batch_size = batch_size

    async def run_once(self) -> PassResult:
        outbox.use_settings(self.settings)
        result = PassResult()
        try:
            result.reminders = await reminders.send_reminders()
        except Exception:
            log.exception("reminder pass failed; retrying on the next pass")
        try:
            result.digests = await digest.send_digests()
        except Exception:
            log.exception("digest pass failed; retrying on the next pass")
        try:
            report = await mail_sender.send_due(self.settings, self.batch_size)
            result.sent, result.failed = report.sent, report.failed
        except Exception:
            log.exception("mail pass failed; retrying on the next pass")
        return result

    async def run_forever(self, interval: float = 2.0) -> None:
        while True:
            result = await self.run_once()
            if result.sent or result.failed or result.reminders or result.digests:
                log.info("mail pass: %s", result)
            if result.sent < self.batch_size:
                await asyncio.sleep(interval)
