"""The inbox and its header badge, mail settings, unsubscribe links, calendar downloads and
feeds, and the coordinator's list of undelivered mails."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import icalendar
import pytest
from mail_support import scheduled_meeting, user
from support import post_form, rendered, sign_in

from kakehashi.accounts.models import MailMode, Role, User
from kakehashi.notifications import outbox
from kakehashi.notifications.events import notify
from kakehashi.notifications.models import MailStatus, Notification, OutboxMail
from kakehashi.settings import Settings

PARAMS = {"party_a": "みどりの会", "party_b": "福祉課"}


@pytest.fixture(autouse=True)
def _site(settings: Settings) -> None:
    outbox.use_settings(settings)


def _badge(html: str) -> str | None:
    found = re.search(r'class="badge unread">(\d+)', html)
    return found.group(1) if found else None


async def test_the_header_counts_unread_notifications_and_opening_one_reads_it(
    client: httpx.AsyncClient,
) -> None:
    reader = await user("midori@example.jp")
    await notify([reader.id], "introduction_proposed", PARAMS, "/introductions/7")
    await notify([reader.id], "meeting_cancelled", PARAMS, "/introductions/8")
    await sign_in(client, reader)
    home = await client.get("/")
    assert _badge(home.text) == "2"
    inbox = await client.get("/inbox")
    page = rendered(inbox)
    assert page.template == "notifications/inbox.html"
    assert (page.context["page"].unread, page.context["page"].total) == (2, 2)
    assert inbox.text.index("紹介が中止になりました") < inbox.text.index("ご紹介: みどりの会")
    note = await Notification.get(link="/introductions/7")
    assert (await client.get(f"/inbox/{note.id}/open")).status_code == 405  # a GET changes nothing
    opened = await post_form(client, "/inbox", f"/inbox/{note.id}/open", {})
    assert opened.status_code == 303 and opened.headers["location"] == "/introductions/7"
    assert _badge((await client.get("/")).text) == "1"
    await post_form(client, "/inbox", "/inbox/read-all", {})
    assert _badge((await client.get("/")).text) is None


async def test_another_users_notification_cannot_be_opened(client: httpx.AsyncClient) -> None:
    owner = await user("owner@example.jp")
    other = await user("other@example.jp")
    await notify([owner.id], "introduction_proposed", PARAMS, "/introductions/7")
    note = await Notification.get(user_id=owner.id)
    await sign_in(client, other)
    assert (await post_form(client, "/inbox", f"/inbox/{note.id}/open", {})).status_code == 404
    assert (await Notification.get(id=note.id)).read_at is None


async def test_an_inbox_link_never_leaves_the_site(client: httpx.AsyncClient) -> None:
    reader = await user("midori@example.jp")
    await Notification.create(user=reader, kind="introduction_proposed", title="x",
                              link="//evil.example/")
    note = await Notification.get()
    await sign_in(client, reader)
    response = await post_form(client, "/inbox", f"/inbox/{note.id}/open", {})
    assert response.headers["location"] == "/inbox"


async def test_mail_settings_switch_to_a_daily_summary_in_english(
    client: httpx.AsyncClient,
) -> None:
    reader = await user("midori@example.jp")
    await sign_in(client, reader)
    page = await client.get("/me/notifications")
    assert "メールの設定" in page.text
    response = await post_form(client, "/me/notifications", "/me/notifications",
                               {"mail_mode": "digest", "locale": "en", "subscribed": "yes"})
    assert response.status_code == 303
    saved = await User.get(id=reader.id)
    assert saved.mail_mode == MailMode.DIGEST and saved.locale == "en"
    assert not saved.mail_unsubscribed
    bad = await post_form(client, "/me/notifications", "/me/notifications",
                          {"mail_mode": "hourly", "locale": "en"})
    assert bad.status_code == 400 and "field-error" in bad.text


async def test_the_unsubscribe_link_works_without_signing_in(client: httpx.AsyncClient) -> None:
    reader = await user("midori@example.jp")
    await notify([reader.id], "introduction_proposed", PARAMS, "/introductions/1")
    mail = await OutboxMail.get()
    path = re.search(r"http://127\.0\.0\.1:8000(/unsubscribe/\S+)", mail.body_text)
    assert path
    confirm = await client.get(path.group(1))
    assert "midori@example.jp" in confirm.text
    assert not (await User.get(id=reader.id)).mail_unsubscribed  # a GET changes nothing
    done = await post_form(client, path.group(1), path.group(1), {})
    assert done.status_code == 200 and "停止しました" in done.text
    assert (await User.get(id=reader.id)).mail_unsubscribed
    await notify([reader.id], "introduction_proposed", PARAMS, "/introductions/2")
    assert await OutboxMail.all().count() == 1  # no new mail, still in the inbox
    assert await Notification.filter(user_id=reader.id).count() == 2


async def test_a_tampered_unsubscribe_link_says_so(client: httpx.AsyncClient) -> None:
    reader = await user("midori@example.jp")
    token = outbox.unsubscribe_token(reader.id)
    response = await client.get(f"/unsubscribe/{token[:-2]}xx")
    assert response.status_code == 400
    assert "このリンクは正しくありません" in response.text


async def test_meeting_ics_is_for_the_parties_and_coordinators_only(
    client: httpx.AsyncClient,
) -> None:
    meeting = await scheduled_meeting()
    url = f"/introductions/{meeting.introduction.id}/meeting.ics"
    await sign_in(client, meeting.department_member)
    response = await client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.text)
    assert calendar["METHOD"] == "REQUEST"
    await client.post("/logout", data={"csrftoken": ""})
    client.cookies.clear()
    await sign_in(client, await user("outsider@example.jp"))
    assert (await client.get(url)).status_code == 404
    assert (await client.get("/introductions/999/meeting.ics")).status_code == 404


async def test_a_feed_url_can_be_made_copied_and_revoked(client: httpx.AsyncClient) -> None:
    meeting = await scheduled_meeting(timedelta(days=2))
    await sign_in(client, meeting.group_member)
    await post_form(client, "/me/calendar", "/me/calendar", {})
    page = await client.get("/me/calendar")
    found = re.search(r'value="http://127\.0\.0\.1:8000(/calendar/[^"]+\.ics)"', page.text)
    assert found and "Google" in page.text
    client.cookies.clear()  # calendar programs have no session
    feed = await client.get(found.group(1))
    assert feed.status_code == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert len(icalendar.Calendar.from_ical(feed.text).walk("VEVENT")) == 1
    await sign_in(client, meeting.group_member)
    await post_form(client, "/me/calendar", "/me/calendar/revoke", {})
    assert (await client.get(found.group(1))).status_code == 404
    assert (await client.get("/calendar/not-a-token.ics")).status_code == 404


async def test_the_coordinator_sees_undelivered_mails_and_can_send_again(
    client: httpx.AsyncClient,
) -> None:
    reader = await user("midori@example.jp")
    await notify([reader.id], "introduction_proposed", PARAMS, "/introductions/1")
    await OutboxMail.all().update(status=MailStatus.FAILED, attempts=12,
                                  last_error="SMTPConnectError: refused")
    mail = await OutboxMail.get()
    coordinator = await user("office@example.jp", role=Role.COORDINATOR)
    await sign_in(client, coordinator)
    page = await client.get("/coordinator/outbox")
    assert "midori@example.jp" in page.text and "SMTPConnectError" in page.text
    response = await post_form(client, "/coordinator/outbox",
                               f"/coordinator/outbox/{mail.id}/send-again", {})
    assert response.status_code == 303
    assert (await OutboxMail.get()).status == MailStatus.PENDING


async def test_only_coordinators_see_the_outbox(client: httpx.AsyncClient) -> None:
    await sign_in(client, await user("midori@example.jp"))
    assert (await client.get("/coordinator/outbox")).status_code == 403


async def test_the_outbox_lists_every_mail_by_status_and_sends_a_delivered_one_once_more(
    client: httpx.AsyncClient,
) -> None:
    """The office checks whether a mail went out and sends it again when it did not arrive."""
    reader = await user("midori@example.jp")
    await notify([reader.id], "introduction_proposed", PARAMS, "/introductions/7")
    await notify([reader.id], "meeting_cancelled", PARAMS, "/introductions/8")
    delivered, failed = await OutboxMail.all().order_by("id")
    await OutboxMail.filter(id=delivered.id).update(status=MailStatus.SENT,
                                                    sent_at=outbox.now(), attempts=1)
    await OutboxMail.filter(id=failed.id).update(status=MailStatus.FAILED, attempts=8,
                                                 last_error="SMTPRecipientsRefused")
    await sign_in(client, await user("office@example.jp", role=Role.COORDINATOR))
    everything = await client.get("/coordinator/outbox")
    assert "送信済み" in everything.text and "SMTPRecipientsRefused" in everything.text
    assert everything.text.count("midori@example.jp") == 2
    only_sent = await client.get("/coordinator/outbox?status=sent")
    assert "ご紹介: みどりの会" in only_sent.text and "SMTPRecipientsRefused" not in only_sent.text
    searched = await client.get("/coordinator/outbox?q=中止")
    assert "紹介が中止になりました" in searched.text and "ご紹介: みどりの会" not in searched.text
    again = await post_form(client, "/coordinator/outbox?status=sent",
                            f"/coordinator/outbox/{delivered.id}/send-again", {})
    assert again.status_code == 303
    copies = await OutboxMail.filter(subject=delivered.subject).order_by("id")
    assert [m.status for m in copies] == [MailStatus.SENT, MailStatus.PENDING]
