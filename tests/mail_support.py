"""Helpers for mail tests: a real SMTP server on loopback (aiosmtpd) and a scheduled meeting."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from factories.accounts import PASSWORD
from servers import free_port

from kakehashi.accounts.auth import hash_password
from kakehashi.accounts.models import Membership, Role, User
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation
from kakehashi.introductions.models import Introduction, IntroductionStatus, Room
from kakehashi.settings import Settings

BASE_URL = "https://kakehashi.example.jp"


@dataclass
class MailCatcher:
    """An aiosmtpd handler that keeps what it receives, or refuses the next ``refuse`` mails."""

    messages: list[EmailMessage] = field(default_factory=list)
    refuse: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Mail server busy, try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[tuple[MailCatcher, int]]:
    catcher = MailCatcher()
    controller = Controller(catcher, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield catcher, controller.port
    finally:
        controller.stop()


def mail_settings(settings: Settings, port: int, **changes: Any) -> Settings:
    from dataclasses import replace

    values: dict[str, Any] = {"smtp_host": "127.0.0.1", "smtp_port": port,
                              "smtp_timeout": 5.0, "base_url": BASE_URL, **changes}
    return replace(settings, **values)


async def user(email_address: str, *, role: Role = Role.GROUP, locale: str = "ja",
               verified: bool = True, **changes: Any) -> User:
    """A person with the mail preferences a test sets; signs in with ``PASSWORD`` like any."""
    return await User.create(
        email=email_address, password_hash=hash_password(PASSWORD),
        display_name=email_address.split("@")[0],
        role=role, locale=locale,
        email_verified_at=datetime.now(UTC) if verified else None, **changes,
    )


@dataclass
class Meeting:
    introduction: Introduction
    group_member: User
    department_member: User
    coordinator: User


async def scheduled_meeting(starts_in: timedelta = timedelta(hours=20)) -> Meeting:
    group = await Organisation.create(name="みどりの会", kind="citizen_group",
                                      status=ApprovalStatus.APPROVED)
    department = await Department.create(name="福祉課")
    member = await user("midori@example.jp")
    officer = await user("fukushi@example.jp", role=Role.DEPARTMENT, locale="en")
    coordinator = await user("office@example.jp", role=Role.COORDINATOR)
    await Membership.create(user=member, organisation=group)
    await Membership.create(user=officer, department=department)
    room = await Room.create(name="会議室A", location="市民活動センター2階", capacity=8)
    starts = datetime.now(UTC).replace(microsecond=0) + starts_in
    intro = await Introduction.create(
        party_a_kind="organisation", party_a_id=group.id, party_b_kind="department",
        party_b_id=department.id, coordinator=coordinator,
        status=IntroductionStatus.SCHEDULED, room=room, agenda="見守り活動の協働について",
        starts_at=starts, ends_at=starts + timedelta(hours=1), sequence=1,
    )
    return Meeting(intro, member, officer, coordinator)


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def calendar_of(message: EmailMessage) -> EmailMessage | None:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            assert isinstance(part, EmailMessage)
            return part
    return None
