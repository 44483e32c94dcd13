"""Benchmark of the mail outbox: how many mails a minute one sender delivers to an SMTP server.

    python -m benchmarks.mail_bench            # 2,000 mails on SQLite (and PostgreSQL if up)
    python -m benchmarks.mail_bench -n 500 --concurrency 2

The SMTP server is aiosmtpd in this process on loopback, so the figures measure the outbox
(claiming rows, building UTF-8 messages with an invitation, SMTP round trips, marking rows
sent), not a real network. A second run has the server refuse every mail's first attempt
(451) and counts passes, attempts and duplicates until all are delivered.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from tortoise import Tortoise, connections
from tortoise.migrations.api import migrate

from kakehashi.accounts.models import Role, User
from kakehashi.db import tortoise_config
from kakehashi.notifications import outbox
from kakehashi.notifications import sending as mail_sender
from kakehashi.notifications.models import MailStatus, OutboxMail
from kakehashi.settings import Settings

INVITATION = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kakehashi//bench//JA\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:introduction-1@kakehashi.example\r\nSEQUENCE:1\r\n"
    "DTSTART;TZID=Asia/Tokyo:20261201T100000\r\nSUMMARY:紹介: みどりの会 × 福祉課\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


@dataclass
class Catcher:
    received: list[bytes] = field(default_factory=list)
    refuse_first: bool = False
    seen: set[str] = field(default_factory=set)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        to = envelope.rcpt_tos[0]
        if self.refuse_first and to not in self.seen:
            self.seen.add(to)
            return "451 4.3.0 Try again later"
        self.received.append(envelope.content)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def fill(count: int) -> None:
    user = await User.create(email="bench@example.jp", password_hash="x", display_name="bench",
                             role=Role.GROUP)
    now = outbox.now()
    await OutboxMail.bulk_create([
        OutboxMail(user=user, to_address=f"person{i}@example.jp",
                   subject=f"面談が決まりました: みどりの会 と 福祉課 ({i})",
                   body_text="みどりの会 様\n\n面談が決まりました。\n" * 5,
                   calendar=INVITATION if i % 2 else "", kind="meeting_scheduled",
                   next_attempt_at=now)
        for i in range(count)
    ], batch_size=500)


async def empty() -> None:
    await OutboxMail.all().delete()
    await User.all().delete()


async def drain(settings: Settings, concurrency: int, make_due: bool) -> int:
    """Run passes (``concurrency`` senders at once) until nothing is waiting; return passes."""
    passes = 0
    while await OutboxMail.filter(status__in=[MailStatus.PENDING, MailStatus.SENDING]).exists():
        await asyncio.gather(*(mail_sender.send_due(settings, 200) for _ in range(concurrency)))
        passes += 1
        if make_due:  # stand in for the back-off delay passing
            await OutboxMail.filter(status=MailStatus.PENDING).update(next_attempt_at=outbox.now())
    return passes


async def run(label: str, url: str, count: int, concurrency: int) -> None:
    await migrate(config=tortoise_config(url))
    await connections.close_all()
    await Tortoise.init(config=tortoise_config(url))
    catcher = Catcher()
    controller = Controller(catcher, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings = Settings(database_url=url, secret_key="bench" * 10, smtp_host="127.0.0.1",
                            smtp_port=controller.port, smtp_timeout=10.0)
        outbox.use_settings(settings)
        await empty()
        await fill(count)
        start = time.perf_counter()
        await drain(settings, concurrency, make_due=False)
        seconds = time.perf_counter() - start
        print(f"{label}: {count} mails in {seconds:.2f} s = {count / seconds * 60:,.0f} "
              f"mails/minute ({concurrency} concurrent sender(s)); "
              f"received {len(catcher.received)}")

        await empty()
        catcher.received.clear()
        catcher.refuse_first = True
        await fill(count)
        start = time.perf_counter()
        passes = await drain(settings, concurrency, make_due=True)
        seconds = time.perf_counter() - start
        attempts = sum(await OutboxMail.all().values_list("attempts", flat=True))  # type: ignore[arg-type]
        duplicates = len(catcher.received) - len(set(catcher.received))
        print(f"{label}, server refusing each mail's first attempt: all {count} delivered in "
              f"{passes} passes, {seconds:.2f} s ({count / seconds * 60:,.0f} mails/minute), "
              f"{attempts} attempts for {len(catcher.received)} deliveries, "
              f"{duplicates} duplicates")
        await empty()
    finally:
        controller.stop()
        await Tortoise.close_connections()


def postgres_url() -> str | None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from run_all import postgres_server  # type: ignore[import-not-found]

    result: str | None = postgres_server()
    return result


def run_in_child(label: str, url: str, args: argparse.Namespace) -> int:
    """Each database in its own process: Tortoise keeps one configuration per process."""
    return subprocess.call([sys.executable, "-m", "benchmarks.mail_bench", "--label", label,
                            "--url", url, "-n", str(args.mails),
                            "--concurrency", str(args.concurrency)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--mails", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--label", help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.getLogger("kakehashi.mail").setLevel(logging.ERROR)
    if args.url:
        asyncio.run(run(args.label, args.url, args.mails, args.concurrency))
        return 0
    with tempfile.TemporaryDirectory(prefix="kakehashi-mail-bench-") as tmp:
        code = run_in_child("SQLite", f"sqlite://{Path(tmp) / 'bench.sqlite3'}", args)
    server = postgres_url()
    if server is None:
        print("PostgreSQL: no server answered; skipped.")
        return code
    from run_all import _admin, with_database  # type: ignore[import-not-found]

    name = f"kakehashi_bench_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(server, f'CREATE DATABASE "{name}"'))
    try:
        code = run_in_child("PostgreSQL", with_database(server, name), args) or code
    finally:
        asyncio.run(_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return code


if __name__ == "__main__":
    sys.exit(main())
