"""Meeting invitations and feeds parse as iCalendar with a stable UID, the meeting's SEQUENCE,
the Asia/Tokyo zone, and METHOD/STATUS matching what happened."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from mail_support import mail_settings, scheduled_meeting, user

from kakehashi.accounts.models import CalendarFeed
from kakehashi.errors import NotFound
from kakehashi.introductions import calendar_feed, calendar_files
from kakehashi.introductions.models import IntroductionStatus
from kakehashi.notifications import outbox
from kakehashi.settings import Settings


@pytest.fixture(autouse=True)
def _site(settings: Settings) -> None:
    outbox.use_settings(mail_settings(settings, 25))


def _event(text: str) -> tuple[icalendar.Calendar, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    [event] = calendar.walk("VEVENT")
    return calendar, event


async def test_an_invitation_carries_uid_sequence_method_and_tokyo_time(db: str) -> None:
    meeting = await scheduled_meeting()
    intro = meeting.introduction
    calendar, event = _event(await calendar_files.invitation(intro.id, "REQUEST"))
    assert calendar["METHOD"] == "REQUEST"
    assert event["UID"] == f"introduction-{intro.id}@kakehashi.example.jp"
    assert event["SEQUENCE"] == 1
    assert event["STATUS"] == "CONFIRMED"
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert event.decoded("DTSTART") == intro.starts_at
    assert event.decoded("DTSTART").tzinfo.key == "Asia/Tokyo"  # type: ignore[union-attr]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    assert str(event["SUMMARY"]) == "紹介: みどりの会 × 福祉課"
    assert "会議室A" in str(event["LOCATION"])
    assert "見守り活動" in str(event["DESCRIPTION"])
    assert str(event["ORGANIZER"]) == "mailto:noreply@kakehashi.example"
    assert event.decoded("DTSTAMP").utcoffset() == timedelta(0)


async def test_a_cancellation_keeps_the_uid_and_raises_the_sequence(db: str) -> None:
    meeting = await scheduled_meeting()
    intro = meeting.introduction
    intro.status = IntroductionStatus.CANCELLED
    intro.sequence = 2
    await intro.save()
    calendar, event = _event(await calendar_files.invitation(intro.id, "CANCEL"))
    assert calendar["METHOD"] == "CANCEL"
    assert event["UID"] == f"introduction-{intro.id}@kakehashi.example.jp"
    assert event["SEQUENCE"] == 2
    assert event["STATUS"] == "CANCELLED"


async def test_a_feed_lists_the_users_meetings_and_dies_with_its_token(db: str) -> None:
    meeting = await scheduled_meeting(timedelta(days=3))
    outsider = await user("other@example.jp")
    token = await calendar_feed.create_feed(meeting.group_member.id)
    calendar, event = _event(await calendar_feed.feed_for_token(token))
    assert calendar["METHOD"] == "PUBLISH"
    assert "midori" in str(calendar["X-WR-CALNAME"])
    assert event["UID"] == f"introduction-{meeting.introduction.id}@kakehashi.example.jp"
    assert event.decoded("DTSTART").astimezone(ZoneInfo("UTC")) == meeting.introduction.starts_at
    other = await calendar_feed.create_feed(outsider.id)
    assert not icalendar.Calendar.from_ical(
        await calendar_feed.feed_for_token(other)
    ).walk("VEVENT")
    meeting.introduction.status = IntroductionStatus.CANCELLED
    meeting.introduction.sequence = 2
    await meeting.introduction.save()
    _, cancelled = _event(await calendar_feed.feed_for_token(token))
    assert (cancelled["STATUS"], cancelled["SEQUENCE"]) == ("CANCELLED", 2)  # calendars drop it
    renewed = await calendar_feed.create_feed(meeting.group_member.id)
    with pytest.raises(NotFound):
        await calendar_feed.feed_for_token(token)
    await calendar_feed.revoke_feed(meeting.group_member.id)
    with pytest.raises(NotFound):
        await calendar_feed.feed_for_token(renewed)
    assert await CalendarFeed.filter(user_id=meeting.group_member.id).count() == 0


async def test_a_moved_meeting_withdraws_its_old_time(db: str) -> None:
    meeting = await scheduled_meeting()
    intro = meeting.introduction
    intro.status = IntroductionStatus.PROPOSED  # new times proposed, none accepted yet
    intro.sequence = 2
    await intro.save()
    calendar, event = _event(await calendar_files.invitation(intro.id, "CANCEL"))
    assert calendar["METHOD"] == "CANCEL"
    assert (event["STATUS"], event["SEQUENCE"]) == ("CANCELLED", 2)
