"""notify(): inbox entries in each user's language, mails only where the user wants them;
day-before reminders once per meeting version; one daily summary for digest users."""

from __future__ import annotations

from datetime import timedelta

import pytest
from mail_support import BASE_URL, mail_settings, scheduled_meeting, user

from kakehashi.accounts.models import MailMode, User
from kakehashi.introductions import reminders
from kakehashi.notifications import digest, outbox
from kakehashi.notifications.events import notify
from kakehashi.notifications.models import Notification, OutboxMail
from kakehashi.settings import Settings

PARAMS = {"party_a": "みどりの会", "party_b": "福祉課", "reason": "日程が合わない"}


@pytest.fixture(autouse=True)
def _site(settings: Settings) -> None:
    outbox.use_settings(mail_settings(settings, 25))


async def test_each_user_reads_the_event_in_their_own_language(db: str) -> None:
    japanese = await user("ja@example.jp")
    english = await user("en@example.jp", locale="en")
    await notify([japanese.id, english.id], "introduction_declined", PARAMS, "/introductions/4")
    ja_note = await Notification.get(user_id=japanese.id)
    en_note = await Notification.get(user_id=english.id)
    assert "不成立" in ja_note.title and "みどりの会" in ja_note.title
    assert "日程が合わない" in ja_note.body
    assert en_note.title == "Introduction declined: みどりの会 and 福祉課"
    assert ja_note.link == "/introductions/4" and ja_note.read_at is None
    en_mail = await OutboxMail.get(to_address="en@example.jp")
    assert en_mail.subject == en_note.title
    assert en_mail.body_text.startswith("Dear en,")
    assert f"{BASE_URL}/introductions/4" in en_mail.body_text
    assert f"{BASE_URL}/unsubscribe/" in en_mail.body_text


async def test_digest_unsubscribed_and_unconfirmed_users_get_no_immediate_mail(db: str) -> None:
    digest_user = await user("digest@example.jp", mail_mode=MailMode.DIGEST)
    stopped = await user("stopped@example.jp", mail_unsubscribed=True)
    unconfirmed = await user("new@example.jp", verified=False)
    inactive = await user("gone@example.jp", is_active=False)
    ids = [digest_user.id, stopped.id, unconfirmed.id, inactive.id]
    await notify(ids, "introduction_proposed", PARAMS, "/introductions/1")
    assert await OutboxMail.all().count() == 0
    assert await Notification.all().count() == 3  # the inactive account gets nothing


async def test_digest_users_still_get_a_meetings_reminder_and_cancellation_at_once(
    db: str,
) -> None:
    reader = await user("digest@example.jp", mail_mode=MailMode.DIGEST)
    stopped = await user("stopped@example.jp", mail_mode=MailMode.DIGEST, mail_unsubscribed=True)
    for event in ("meeting_reminder", "meeting_cancelled", "introduction_proposed"):
        await notify([reader.id, stopped.id], event, PARAMS, "/introductions/1")
    assert sorted(await OutboxMail.all().values_list("kind", flat=True)) == [
        "meeting_cancelled", "meeting_reminder"]
    assert {m.to_address for m in await OutboxMail.all()} == {"digest@example.jp"}


async def test_an_unknown_event_is_a_programming_error(db: str) -> None:
    someone = await user("a@example.jp")
    with pytest.raises(ValueError):
        await notify([someone.id], "introduction_exploded", {}, "/")


async def test_digest_users_get_one_summary_a_day(db: str) -> None:
    reader = await user("digest@example.jp", mail_mode=MailMode.DIGEST)
    await notify([reader.id], "introduction_proposed", PARAMS, "/introductions/1")
    await notify([reader.id], "meeting_cancelled", PARAMS, "/introductions/2")
    assert await digest.send_digests() == 1
    assert await digest.send_digests() == 0  # not again the same day
    [mail] = await OutboxMail.filter(kind="digest")
    assert mail.subject == "【架け橋】本日のお知らせのまとめ（2件）"
    assert "ご紹介: みどりの会と福祉課" in mail.body_text
    assert f"{BASE_URL}/introductions/2" in mail.body_text
    assert await Notification.filter(digested_at__isnull=True).count() == 0
    # A day later, only what came in since then is summarised.
    await notify([reader.id], "outcome_recorded", PARAMS, "/introductions/3")
    later = outbox.now() + timedelta(hours=25)
    assert await digest.send_digests(later) == 1
    newest = await OutboxMail.filter(kind="digest").order_by("-id").first()
    assert newest is not None and "（1件）" in newest.subject
    assert (await User.get(id=reader.id)).last_digest_at is not None


async def test_the_reminder_goes_once_per_meeting_version(db: str) -> None:
    meeting = await scheduled_meeting(timedelta(hours=20))
    assert await reminders.send_reminders() == 1
    assert await reminders.send_reminders() == 0
    reminded = {m.to_address for m in await OutboxMail.filter(kind="meeting_reminder")}
    assert reminded == {"midori@example.jp", "fukushi@example.jp", "office@example.jp"}
    english = await OutboxMail.get(kind="meeting_reminder", to_address="fukushi@example.jp")
    assert english.subject.startswith("Reminder: meeting on ")
    assert "METHOD:REQUEST" in english.calendar
    # Moved to another time within the day: reminded again, for the new version.
    intro = meeting.introduction
    intro.sequence += 1
    intro.starts_at = intro.starts_at + timedelta(hours=2)  # type: ignore[operator]
    await intro.save()
    assert await reminders.send_reminders() == 1
    assert await OutboxMail.filter(kind="meeting_reminder").count() == 6
    assert (await type(intro).get(id=intro.id)).reminded_sequence == intro.sequence


async def test_meetings_more_than_a_day_ahead_are_not_reminded_yet(db: str) -> None:
    await scheduled_meeting(timedelta(hours=30))
    assert await reminders.send_reminders() == 0
    assert await reminders.send_reminders(outbox.now() + timedelta(hours=7)) == 1
