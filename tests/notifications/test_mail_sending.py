"""The outbox reaches a real SMTP server, survives a refusing or absent one, and never sends
one mail twice."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from mail_support import (
    BASE_URL,
    calendar_of,
    mail_settings,
    scheduled_meeting,
    smtp_server,
    text_of,
    user,
)
from servers import free_port

from kakehashi.i18n import format_when, in_locale
from kakehashi.notifications import digest, outbox, outbox_log
from kakehashi.notifications import sending as mail_sender
from kakehashi.notifications.events import notify
from kakehashi.notifications.models import MailStatus, OutboxMail
from kakehashi.notifications.worker import MailWorker
from kakehashi.settings import Settings


async def test_a_notification_arrives_with_japanese_subject_links_and_invitation(
    db: str, settings: Settings
) -> None:
    meeting = await scheduled_meeting()
    with smtp_server() as (catcher, port):
        configured = mail_settings(settings, port)
        outbox.use_settings(configured)
        await notify([meeting.group_member.id], "meeting_scheduled",
                     {"party_a": "みどりの会", "party_b": "福祉課",
                      "starts_at": meeting.introduction.starts_at.isoformat(),  # type: ignore[union-attr]
                      "place": "会議室A"},
                     f"/introductions/{meeting.introduction.id}",
                     meeting=meeting.introduction.id)
        report = await mail_sender.send_due(configured)
    assert report.sent == 1
    [message] = catcher.messages
    assert message["Subject"] == "面談が決まりました: みどりの会と福祉課"
    assert message["To"] == "midori@example.jp"
    body = text_of(message)
    assert f"{BASE_URL}/introductions/{meeting.introduction.id}" in body
    assert f"{BASE_URL}/unsubscribe/" in body
    invitation = calendar_of(message)
    assert invitation is not None
    assert invitation.get_param("method") == "REQUEST"
    assert "METHOD:REQUEST" in str(invitation.get_content())
    mail = await OutboxMail.get()
    assert mail.status == MailStatus.SENT and mail.sent_at is not None


@pytest.mark.parametrize("shift", range(24))
def test_a_long_japanese_subject_keeps_every_space_wherever_the_line_folds(
    settings: Settings, shift: int
) -> None:
    # The fold moves with the subject's length; a space at the fold once vanished on arrival.
    subject = f"面談のご案内（2026年12月4日(金) 23:22）: {'み' * shift}どりの会 と 福祉課 and staff"
    mail = OutboxMail(id=1, subject=subject, to_address="a@example.jp", body_text="本文")
    wire = mail_sender.build_message(mail, settings).as_bytes(policy=policy.SMTP)
    assert max(len(line) for line in wire.split(b"\r\n")) <= 78
    assert str(message_from_bytes(wire, policy=policy.default)["Subject"]) == subject


async def test_a_refusing_server_postpones_the_mail_and_a_later_pass_delivers_it(
    db: str, settings: Settings
) -> None:
    member = await user("midori@example.jp")
    with smtp_server() as (catcher, port):
        configured = mail_settings(settings, port)
        outbox.use_settings(configured)
        await notify([member.id], "introduction_proposed",
                     {"party_a": "みどりの会", "party_b": "福祉課"}, "/introductions/1")
        catcher.refuse = 1
        before = outbox.now()
        report = await mail_sender.send_due(configured)
        assert report.failed == 1 and not catcher.messages
        mail = await OutboxMail.get()
        assert mail.status == MailStatus.PENDING
        assert mail.attempts == 1
        assert "451" in mail.last_error
        assert mail.next_attempt_at >= before + timedelta(seconds=29)
        # Not due yet: a pass right away sends nothing.
        assert (await mail_sender.send_due(configured)).sent == 0
        await OutboxMail.filter(id=mail.id).update(next_attempt_at=outbox.now())
        assert (await mail_sender.send_due(configured)).sent == 1
    assert len(catcher.messages) == 1
    assert (await OutboxMail.get()).status == MailStatus.SENT


async def test_an_absent_server_is_retried_with_longer_waits_and_then_given_up(
    db: str, settings: Settings
) -> None:
    member = await user("midori@example.jp")
    closed = mail_settings(settings, free_port(), smtp_timeout=1.0)
    outbox.use_settings(closed)
    await notify([member.id], "introduction_proposed", {}, "/introductions/1")
    waits = []
    for _ in range(outbox.MAX_ATTEMPTS):
        start = outbox.now()
        report = await mail_sender.send_due(closed)
        assert report.failed == 1
        mail = await OutboxMail.get()
        waits.append(mail.next_attempt_at - start)
        await OutboxMail.filter(id=mail.id).update(next_attempt_at=outbox.now())
    assert waits[1] > waits[0] and waits[-1] <= timedelta(hours=1, seconds=5)
    mail = await OutboxMail.get()
    assert mail.status == MailStatus.FAILED  # still in the table for "send again"
    assert mail.attempts == outbox.MAX_ATTEMPTS
    assert await outbox_log.send_again(mail.id)
    assert (await OutboxMail.get()).status == MailStatus.PENDING


async def test_two_concurrent_passes_send_each_mail_once(db: str, settings: Settings) -> None:
    users = [await user(f"person{i}@example.jp") for i in range(12)]
    with smtp_server() as (catcher, port):
        configured = mail_settings(settings, port)
        outbox.use_settings(configured)
        await notify([u.id for u in users], "introduction_proposed", {}, "/introductions/1")
        first, second = await asyncio.gather(
            mail_sender.send_due(configured), mail_sender.send_due(configured)
        )
    assert first.sent + second.sent == 12
    recipients = sorted(str(m["To"]) for m in catcher.messages)
    assert recipients == sorted(u.email for u in users)


async def test_a_mail_whose_worker_died_is_sent_after_the_lease(
    db: str, settings: Settings
) -> None:
    member = await user("midori@example.jp")
    with smtp_server() as (catcher, port):
        configured = mail_settings(settings, port)
        outbox.use_settings(configured)
        await notify([member.id], "introduction_proposed", {}, "/introductions/1")
        claimed = await mail_sender.claim_due(configured)  # a worker that then crashed
        assert len(claimed) == 1
        assert (await mail_sender.send_due(configured)).sent == 0
        await OutboxMail.filter(id=claimed[0].id).update(
            next_attempt_at=outbox.now() - timedelta(seconds=1)
        )
        assert (await mail_sender.send_due(configured)).sent == 1
    assert len(catcher.messages) == 1


async def test_without_a_smtp_host_mails_are_logged_and_marked_sent(
    db: str, settings: Settings
) -> None:
    member = await user("midori@example.jp")
    console = replace(settings, smtp_host="")
    outbox.use_settings(console)
    await notify([member.id], "introduction_proposed", {}, "/introductions/1")
    assert (await mail_sender.send_due(console)).sent == 1
    assert (await OutboxMail.get()).status == MailStatus.SENT


async def test_a_silent_server_times_out_and_the_mail_waits(
    db: str, settings: Settings
) -> None:
    done = asyncio.Event()

    async def say_nothing(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await done.wait()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(say_nothing, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    member = await user("midori@example.jp")
    silent = mail_settings(settings, port, smtp_timeout=0.3)
    outbox.use_settings(silent)
    await notify([member.id], "introduction_proposed", {}, "/introductions/1")
    try:
        report = await mail_sender.send_due(silent)
    finally:
        done.set()
        server.close()
        await server.wait_closed()
    assert report.failed == 1
    mail = await OutboxMail.get()
    assert mail.status == MailStatus.PENDING and mail.attempts == 1
    assert "Timeout" in mail.last_error


async def test_one_worker_pass_reminds_and_delivers_even_if_digests_fail(
    db: str, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object) -> int:
        raise RuntimeError("digest step broke")

    monkeypatch.setattr(digest, "send_digests", broken)
    meeting = await scheduled_meeting(timedelta(hours=3))
    with smtp_server() as (catcher, port):
        result = await MailWorker(mail_settings(settings, port)).run_once()
    assert result.reminders == 1 and result.sent == 3
    subjects = sorted(str(m["Subject"]) for m in catcher.messages)
    # Three hours ahead may well be today: the subject names the time, not "tomorrow".
    starts = meeting.introduction.starts_at
    with in_locale("en"):
        english = f"Reminder: meeting on {format_when(starts)}, みどりの会 and 福祉課"
    with in_locale("ja"):
        japanese = f"面談のご案内（{format_when(starts)}）: みどりの会と福祉課"
    assert subjects[0] == english  # the English officer
    assert subjects[1:] == [japanese] * 2
    assert all(calendar_of(m) is not None for m in catcher.messages)
    assert meeting.introduction.id


async def test_one_refused_mail_does_not_hold_up_the_others(
    db: str, settings: Settings
) -> None:
    users = [await user(f"person{i}@example.jp") for i in range(3)]
    with smtp_server() as (catcher, port):
        configured = mail_settings(settings, port)
        outbox.use_settings(configured)
        await notify([u.id for u in users], "introduction_proposed", {}, "/introductions/1")
        catcher.refuse = 1
        report = await mail_sender.send_due(configured)
    assert (report.sent, report.failed) == (2, 1)
    assert await OutboxMail.filter(status=MailStatus.PENDING, attempts=1).count() == 1


async def test_a_down_server_postpones_the_whole_batch_in_one_pass(
    db: str, settings: Settings
) -> None:
    users = [await user(f"person{i}@example.jp") for i in range(5)]
    closed = mail_settings(settings, free_port())
    outbox.use_settings(closed)
    await notify([u.id for u in users], "introduction_proposed", {}, "/introductions/1")
    report = await mail_sender.send_due(closed)
    assert report.failed == 5
    assert await OutboxMail.filter(status=MailStatus.PENDING, attempts=1).count() == 5
    assert await OutboxMail.filter(next_attempt_at__lte=outbox.now()).count() == 0
