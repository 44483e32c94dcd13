"""In a real browser, 後援 from application to a printed notice: a group applies with the event's
details and attaches its flyer (a disguised file is refused at the field), the office finds it
on the desk and asks 福祉課 for its opinion, 福祉課 answers from its My page, the office checks
the policy ground and the seven grounds and approves, and the group prints the approval notice."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import axe_violations as _violations
from e2e.conftest import screenshot, sign_in
from kakehashi.demo.loader import DEMO_PASSWORD
from kakehashi.proposals.models import REFUSAL_GROUNDS
from kakehashi.timezone import today

pytestmark = pytest.mark.e2e

GROUP = "group@kakehashi.example"
STAFF = "fukushi@kakehashi.example"
COORDINATOR = "coordinator@kakehashi.example"
FLYER = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


def _apply(page: Page, event: str, start: date) -> int:
    page.goto("/sponsorships/new")
    if page.locator("form[method=post] button.primary").count() == 0:
        page.locator("a[href^='/sponsorships/new?group=']").first.click()
    page.locator("#event_name").fill(event)
    page.locator("#organiser").fill("海岸クリーンアップ実行委員会")
    page.locator("#purpose").fill("海岸のごみを減らし、環境への関心を高めます。")
    page.locator("#starts_on").fill(start.isoformat())
    page.locator("#ends_on").fill(start.isoformat())
    page.locator("#venue").fill("東浜海岸")
    page.locator("#audience").fill("市内に住んでいる人・働いている人はどなたでも")
    page.locator("#admission_fee").fill("0")
    page.get_by_role("button", name="申請する").click()
    expect(page.locator("#name_usage-error")).to_be_visible()  # how the name appears: required
    expect(page.locator("#event_name")).to_have_value(event)  # what was typed is kept
    page.locator("#name_usage").fill("チラシとポスターに「後援：架橋市」と記載します。")
    screenshot(page, "sponsorship-1-group-applies")
    page.get_by_role("button", name="申請する").click()
    page.wait_for_url(re.compile(r".*/sponsorships/\d+#attachments$"))
    return int(page.url.split("#")[0].rsplit("/", 1)[1])


def _attach(page: Page, tmp_path: Path) -> None:
    disguised = tmp_path / "チラシ.pdf"
    disguised.write_bytes(b"<html><script>alert(1)</script></html>")
    page.locator("#kind").select_option(label="チラシ")
    page.locator("#file").set_input_files(str(disguised))
    page.get_by_role("button", name="ファイルを添付する").click()
    expect(page.locator("#file-error")).to_contain_text("PDF、PNG、JPEGのいずれか")
    flyer = tmp_path / "flyer.pdf"
    flyer.write_bytes(FLYER)
    page.locator("#kind").select_option(label="チラシ")
    page.locator("#file").set_input_files(str(flyer))
    page.get_by_role("button", name="ファイルを添付する").click()
    expect(page.locator("#attachments")).to_contain_text("flyer.pdf")
    assert not _violations(page)
    screenshot(page, "sponsorship-2-group-attaches-the-flyer")


def test_a_sponsorship_from_application_to_a_printed_notice(
    page: Page, new_page: Callable[[], Page], unique: str, tmp_path: Path
) -> None:
    event = f"海岸クリーンアップ {unique}"
    sign_in(page, GROUP, DEMO_PASSWORD)
    application_id = _apply(page, event, today() + timedelta(days=40))
    _attach(page, tmp_path)

    office = new_page()
    sign_in(office, COORDINATOR, DEMO_PASSWORD)
    office.goto("/coordinator/desk")
    office.locator("#desk-sponsorships").get_by_role("link", name=re.compile(event)).click()
    office.wait_for_url(f"**/coordinator/sponsorships/{application_id}")
    expect(office.get_by_text("担当課の意見が出ると、決定の欄が開きます。")).to_be_visible()
    office.locator("#ask-department").select_option(label="福祉課")
    office.locator("#ask-question").fill("環境美化の施策との関係を教えてください。")
    office.get_by_role("button", name="意見を求める").click()
    expect(office.locator(".flash")).to_contain_text("担当課に意見を求めました")

    staff = new_page()
    sign_in(staff, STAFF, DEMO_PASSWORD)
    staff.goto("/me")
    staff.get_by_role("link", name=event).click()
    expect(staff.locator("#opinion")).to_contain_text("環境美化の施策との関係")
    staff.get_by_label("後援に賛成").check()
    staff.locator("#give-opinion").fill(
        "ゼロごみの日の趣旨に合い、市の環境施策の推進に寄与します。")
    assert not _violations(staff)
    screenshot(staff, "sponsorship-3-department-gives-its-opinion")
    staff.get_by_role("button", name="意見を送る").click()
    expect(staff.locator(".flash")).to_contain_text("意見を協働推進の窓口に送りました")

    office.reload()
    expect(office.locator("#opinion")).to_contain_text("ゼロごみの日")
    office.locator("input[name=contributes][value=yes]").check()
    for ground in REFUSAL_GROUNDS:
        office.locator(f"input[name=ground_{ground}][value=no]").check()
    office.get_by_label("後援を承認する").check()
    office.locator("textarea[name=note]").fill("事業終了後、参加人数をお知らせください。")
    assert not _violations(office)
    screenshot(office, "sponsorship-4-office-decides")
    office.get_by_role("button", name="決定を記録する").click()
    office.wait_for_url(f"**/sponsorships/{application_id}")

    page.goto(f"/sponsorships/{application_id}")
    expect(page.get_by_role("heading", name="後援承認")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("ゼロごみの日")  # the opinion is internal
    page.get_by_role("link", name="通知書を印刷する").click()
    expect(page.get_by_role("heading", name="後援名義使用承認通知書")).to_be_visible()
    expect(page.locator(".notice")).to_contain_text("架橋市長")
    expect(page.locator(".notice")).to_contain_text("参加人数をお知らせください")
    assert not _violations(page)
    page.emulate_media(media="print")
    expect(page.locator("header").first).to_be_hidden()
    screenshot(page, "sponsorship-5-the-approval-notice-printed")
