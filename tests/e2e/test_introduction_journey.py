"""In a real browser, the city as the bridge: a group asks to meet a department, the
coordinator introduces them with times and a room, both accept the same time from their own
pages, the meeting reaches the calendar file, the private feed and the parties' mailboxes (a
real SMTP server, the reminder included), and after the meeting the coordinator records the
outcome, which opens a collaboration draft with both parties."""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import httpx
import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar
from playwright.sync_api import Page, expect

from e2e.conftest import CLI, _free_port, run_sql, screenshot, sign_in
from kakehashi.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

TOKYO = ZoneInfo("Asia/Tokyo")
GROUP = "group@kakehashi.example"
STAFF = "fukushi@kakehashi.example"
COORDINATOR = "coordinator@kakehashi.example"
DEPARTMENT = "福祉課"


class _Mailbox:
    """An SMTP server's handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        raw = envelope.content  # type: ignore[attr-defined]
        self.messages.append(message_from_bytes(raw, policy=policy.default))  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


@pytest.fixture
def mailbox() -> Iterator[tuple[_Mailbox, int]]:
    handler = _Mailbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def _local(moment: datetime) -> str:
    """The value a datetime-local input takes, in Japan time."""
    return moment.astimezone(TOKYO).strftime("%Y-%m-%dT%H:%M")


def _propose(page: Page, first: datetime) -> None:
    page.get_by_label("候補1: 開始").fill(_local(first))
    page.get_by_label("候補1: 終了").fill(_local(first + timedelta(hours=1)))
    second = first + timedelta(days=2)
    page.get_by_label("候補2: 開始").fill(_local(second))
    page.get_by_label("候補2: 終了").fill(_local(second + timedelta(hours=1)))
    room = page.get_by_label("部屋", exact=True)
    room.select_option(index=1)
    page.get_by_label("議題").fill("顔合わせと、見守り活動の進め方について")
    page.get_by_role("button", name="紹介を送る").click()
    page.wait_for_load_state()
    # The demo city is busy, and tomorrow may be early, late or a holiday: confirm what the
    # page asks about (each warning comes after the one before it is confirmed).
    confirmations = page.locator(
        "input[name=confirm_hours], input[name=confirm_overlaps], input[name=override_limit]")
    for _warning in range(3):
        if "/introductions/" in page.url or not confirmations.count():
            break
        for n in range(confirmations.count()):
            confirmations.nth(n).check()
        page.get_by_role("button", name="紹介を送る").click()
        page.wait_for_load_state()
    page.wait_for_url(re.compile(r".*/introductions/\d+$"))


def _accept_first_time(page: Page, address: str, who: str) -> None:
    """Tick only the first time: when both do, it alone suits both and is confirmed."""
    page.goto(address)
    page.locator("input[name=slots]").first.check()
    screenshot(page, f"introduction-3-{who}-answers")
    page.get_by_role("button", name="参加できる日時を回答する").click()
    page.wait_for_url(re.compile(r".*/introductions/\d+$"))


def _run_worker_until(env: dict[str, str], done: Callable[[], bool]) -> None:
    """Run ``kakehashi worker`` (matching, mails, reminders) until ``done`` or 60 s."""
    worker = subprocess.Popen([*CLI, "worker", "--interval", "0.5"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not done() and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=20)


def _let_the_meeting_pass(env: dict[str, str], intro_id: int) -> None:
    """Time passes: the scheduled meeting moves three days into the past."""
    url = env["KAKEHASHI_DATABASE_URL"]
    ((starts, ends),) = run_sql(url, "SELECT starts_at, ends_at FROM introduction WHERE id = ?",
                                intro_id)
    shift = timedelta(days=3)
    if isinstance(starts, str):  # SQLite keeps the ISO text Tortoise wrote
        starts, ends = datetime.fromisoformat(starts), datetime.fromisoformat(ends)
        moved: tuple[object, object] = ((starts - shift).isoformat(sep=" "),
                                        (ends - shift).isoformat(sep=" "))
    else:
        moved = (starts - shift, ends - shift)  # type: ignore[operator]
    run_sql(url, "UPDATE introduction SET starts_at = ?, ends_at = ? WHERE id = ?",
            *moved, intro_id)


def test_group_asks_coordinator_introduces_both_accept_and_the_outcome_opens_a_collaboration(
    page: Page, new_page: Callable[[], Page], live_server: str, server_env: dict[str, str],
    mailbox: tuple[_Mailbox, int],
) -> None:
    # 1. A group officer finds the welfare department and asks to be introduced.
    sign_in(page, GROUP, DEMO_PASSWORD)
    page.goto("/departments")
    page.get_by_role("link", name=DEPARTMENT, exact=True).first.click()
    page.get_by_role("link", name="紹介を依頼する").click()
    page.get_by_label("話したいこと").fill("高齢者の見守りで協力できることを相談したいです。")
    screenshot(page, "introduction-1-group-asks")
    page.get_by_role("button", name="依頼を送る").click()
    expect(page.get_by_text("紹介の依頼を協働推進の窓口に送りました。")).to_be_visible()

    # 2. The coordinator finds the request in the queue and proposes times and a room.
    office = new_page()
    sign_in(office, COORDINATOR, DEMO_PASSWORD)
    office.goto("/coordinator/queue?origin=request")
    item = office.locator("li, article").filter(has_text="高齢者の見守りで協力できること").first
    expect(item).to_be_visible()
    screenshot(office, "introduction-2-queue")
    item.get_by_role("link", name="紹介する").click()
    start = (datetime.now(TOKYO) + timedelta(hours=20)).replace(minute=0, second=0,
                                                                microsecond=0)
    _propose(office, start)
    intro_address = re.sub(r"^https?://[^/]+", "", office.url)
    intro_id = int(intro_address.rsplit("/", 1)[1])
    expect(office.get_by_text("顔合わせと、見守り活動の進め方について")).to_be_visible()

    # 3. Both parties can attend only the first time: the meeting is scheduled by itself.
    _accept_first_time(page, intro_address, "group")
    staff = new_page()
    sign_in(staff, STAFF, DEMO_PASSWORD)
    staff.goto("/introductions")
    expect(staff.locator(f"a[href='{intro_address}']").first).to_be_visible()
    _accept_first_time(staff, intro_address, "department")
    expect(staff.get_by_text("日程確定").first).to_be_visible()
    screenshot(staff, "introduction-4-scheduled")

    # 4. The meeting's calendar file: stable UID, Japan time, first version.
    download = staff.get_by_role("link", name="カレンダーに追加 (.ics)")
    assert download.get_attribute("href") == f"{intro_address}/meeting.ics"
    ics = staff.request.get(f"{intro_address}/meeting.ics")
    assert ics.ok and ics.headers["content-type"].startswith("text/calendar")
    event = Calendar.from_ical(ics.body()).walk("VEVENT")[0]
    uid = str(event["UID"])
    assert uid.startswith(f"introduction-{intro_id}@")
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == start
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"

    # 5. The group's private feed carries the meeting, to anyone holding the secret address.
    page.goto("/me/calendar")
    page.get_by_role("button", name="カレンダーのアドレスを作る").click()
    feed_url = page.get_by_label("あなたのカレンダーのアドレス").input_value()
    screenshot(page, "introduction-5-calendar-feed")
    feed = httpx.get(feed_url.replace("webcal://", "http://"), timeout=10)
    assert feed.status_code == 200
    assert uid in [str(e["UID"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")]

    # 6. The worker sends the mails to a real SMTP server, and tomorrow's reminder.
    handler, port = mailbox
    env = {**server_env, "KAKEHASHI_SMTP_HOST": "127.0.0.1", "KAKEHASHI_SMTP_PORT": str(port)}

    def reminded() -> bool:
        return any("面談のご案内" in str(m["Subject"])
                   and f"/introductions/{intro_id}\n" in m.get_body(("plain",)).get_content()
                   for m in handler.to(STAFF))

    _run_worker_until(env, reminded)
    # Other journeys share the server: keep the mails about this introduction.
    staff_mails = [m for m in handler.to(STAFF)
                   if f"/introductions/{intro_id}\n" in m.get_body(("plain",)).get_content()]
    subjects = [str(m["Subject"]) for m in staff_mails]
    assert reminded(), subjects
    invitations = [part.get_content().replace("\r\n", "\n") for m in staff_mails
                   for part in m.walk() if part.get_content_type() == "text/calendar"]
    ours = [text for text in invitations if f"UID:{uid}" in text]
    assert ours and all("METHOD:REQUEST" in text for text in ours), subjects
    assert any(f"/introductions/{intro_id}\n" in m.get_body(("plain",)).get_content()
               for m in handler.to(GROUP)), "the group's officer got no mail about it"

    # 7. After the meeting the coordinator records the outcome: a collaboration draft opens.
    _let_the_meeting_pass(server_env, intro_id)
    office.goto(intro_address)
    office.get_by_label(re.compile("^結果")).select_option(label="協働に進む")
    office.get_by_label("議事メモ").fill("月1回の見守り訪問を一緒に行う方向で合意。")
    screenshot(office, "introduction-6-outcome")
    office.get_by_role("button", name="結果を記録する").click()
    office.wait_for_url(re.compile(r".*/collaborations/\d+$"))
    expect(office.get_by_text(DEPARTMENT).first).to_be_visible()
    screenshot(office, "introduction-7-collaboration-draft")
    page.goto(office.url.replace(live_server, ""))
    expect(page.get_by_text(DEPARTMENT).first).to_be_visible()  # the group sees it too
