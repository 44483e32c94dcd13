"""In a real browser (issue 15): a visitor finds 福祉課's call, registers a group from it and
comes back to it, is approved by the office and answers the call; the request shows as waiting
on the call and on My page; the office introduces the parties and the department reads what the
group wrote on the introduction page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import jpholiday
import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import run_sql, screenshot, sign_in
from kakehashi.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

TOKYO = ZoneInfo("Asia/Tokyo")
STAFF = "fukushi@kakehashi.example"
COORDINATOR = "coordinator@kakehashi.example"
PASSWORD = "correct-horse-battery"


def _fukushi_call(env: dict[str, str]) -> tuple[int, str]:
    rows = run_sql(env["KAKEHASHI_DATABASE_URL"],
                   "SELECT n.id, n.title FROM need n JOIN department d ON d.id = n.department_id "
                   "WHERE d.name = ? AND n.status = 'open' ORDER BY n.id", "福祉課")
    assert rows, "the demo city has an open call of 福祉課"
    return int(rows[0][0]), str(rows[0][1])  # type: ignore[call-overload]


def _working_day(after: int) -> str:
    day = datetime.now(TOKYO).date() + timedelta(days=after)
    while jpholiday.is_holiday(day) or day.weekday() >= 5:
        day += timedelta(days=1)
    return day.isoformat()


def test_a_visitor_registers_from_a_call_is_approved_and_answers_it(
    page: Page, new_page: Callable[[], Page], unique: str, server_env: dict[str, str]
) -> None:
    need_id, title = _fukushi_call(server_env)
    group_name = f"あんしん見守りの会 {unique}"
    email = f"mimamori-{unique}@example.jp"
    message = f"夜間の安否確認を3年続けています {unique}"

    # A visitor finds the call and registers a group from it.
    page.goto("/needs")
    page.goto(f"/needs/{need_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_role("link", name="団体登録").last.click()
    page.get_by_label(re.compile(r"^団体名(\s|$)")).fill(group_name)
    page.get_by_label("団体の種類").select_option(label="市民活動団体")
    page.get_by_label("お名前").fill("見守 花子")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="登録する").click()
    page.wait_for_url(re.compile(r".*/login\?next=.*"))
    page.get_by_label("メールアドレス").fill(email)  # on the sign-in page that carries the call
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(re.compile(rf".*/needs/{need_id}$"))  # back on the call
    expect(page.get_by_text("承認されると、ここから応募・相談できます")).to_be_visible()
    screenshot(page, "answer-1-waiting-for-approval")

    # The office approves the group.
    office = new_page()
    sign_in(office, COORDINATOR, DEMO_PASSWORD)
    office.goto("/coordinator/approvals")
    card = office.locator("section, article, li").filter(has_text=group_name).first
    card.get_by_role("button", name="承認して公開する").click()
    office.wait_for_load_state()

    # The group answers the call.
    page.goto(f"/needs/{need_id}")
    page.get_by_role("link", name="この募集に応募・相談する").click()
    expect(page.get_by_role("link", name=title)).to_be_visible()  # the call is already chosen
    page.get_by_label("話したいこと").fill(message)
    page.get_by_role("button", name="依頼を送る").click()
    page.wait_for_url(re.compile(rf".*/needs/{need_id}$"))
    expect(page.get_by_text("依頼済み・回答待ち")).to_be_visible()
    screenshot(page, "answer-2-requested")
    page.goto("/me")
    expect(page.get_by_role("heading", name="紹介の依頼（窓口の対応待ち）")).to_be_visible()

    # The office introduces the parties from the queue; the department reads the message.
    office.goto("/coordinator/queue")
    office.locator("li, article").filter(has_text=message).first.get_by_role(
        "link", name="紹介する").click()
    day = _working_day(10)
    office.get_by_label("候補1: 開始").fill(f"{day}T10:00")
    office.get_by_label("候補1: 終了").fill(f"{day}T11:00")
    office.get_by_label("部屋", exact=True).select_option(index=1)
    office.get_by_role("button", name="紹介を送る").click()
    office.wait_for_load_state()
    for _warning in range(3):  # the demo city is busy: confirm what the page asks about
        if re.search(r"/introductions/\d+$", office.url):
            break
        boxes = office.locator("input[name=confirm_hours], input[name=confirm_overlaps], "
                               "input[name=override_limit]")
        for n in range(boxes.count()):
            boxes.nth(n).check()
        office.get_by_role("button", name="紹介を送る").click()
        office.wait_for_load_state()
    address = re.sub(r"^https?://[^/]+", "", office.url)
    staff = new_page()
    sign_in(staff, STAFF, DEMO_PASSWORD)
    staff.goto(address)
    expect(staff.get_by_text(message)).to_be_visible()
    screenshot(staff, "answer-3-department-reads-the-message")
