"""In a real browser: an officer invites a successor who accepts and takes over (the April
handover of a 町内会), and the coordinator invites a department's new member of staff.

The invitation mails are read from the outbox, as the worker would send them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import run_sql, screenshot, sign_in
from kakehashi.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

COORDINATOR = "coordinator@kakehashi.example"
PASSWORD = "correct-horse-battery"


def _invitation_link(server_env: dict[str, str], address: str) -> str:
    rows = run_sql(server_env["KAKEHASHI_DATABASE_URL"],
                   "SELECT body_text FROM outbox_mail WHERE to_address = ? ORDER BY id DESC",
                   address)
    assert rows, f"no mail to {address}"
    found = re.search(r"https?://\S+/invitations/accept/\S+", str(rows[0][0]))
    assert found, rows[0][0]
    return found.group(0)


def _flash(page: Page) -> object:
    return page.locator("p.flash")


def _accept_with_new_account(page: Page, link: str, name: str, reading: str) -> None:
    page.goto(link)
    page.get_by_label(re.compile("^お名前")).fill(name)
    page.get_by_label(re.compile("^氏名のふりがな")).fill(reading)
    page.get_by_label(re.compile("^パスワード")).fill(PASSWORD)
    page.get_by_role("button", name="アカウントを作成して招待を受ける").click()


def test_officer_invites_a_successor_who_takes_over(
    page: Page, new_page: Callable[[], Page], unique: str, server_env: dict[str, str]
) -> None:
    name = f"本町町内会 {unique}"
    officer_email = f"yamada-{unique}@example.jp"
    successor_email = f"kato-{unique}@example.jp"
    page.goto("/signup")
    page.get_by_label(re.compile(r"^団体名(\s|$)")).fill(name)
    page.get_by_label("団体の種類").select_option(label="町内会・自治会")
    page.get_by_label("お名前").fill("山田 一郎")
    page.get_by_label("メールアドレス").fill(officer_email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="登録する").click()
    page.wait_for_url("**/login")
    sign_in(page, officer_email, PASSWORD)
    page.get_by_role("link", name="メンバーと引継ぎ").click()
    members = page.url
    page.get_by_label(re.compile("^メールアドレス")).fill(successor_email)
    page.get_by_role("button", name="招待を送る").click()
    expect(_flash(page)).to_contain_text("招待を送りました")  # type: ignore[arg-type]
    expect(page.get_by_role("cell", name=successor_email, exact=True)).to_be_visible()
    screenshot(page, "invite-01-officer-invited-successor")

    successor = new_page()
    _accept_with_new_account(successor, _invitation_link(server_env, successor_email),
                             "加藤 三郎", "カトウ サブロウ")
    expect(_flash(successor)).to_contain_text("招待を受けました")  # type: ignore[arg-type]
    screenshot(successor, "invite-02-successor-joined")

    page.goto(members)
    page.get_by_role("combobox", name=re.compile("^新しい代表者")).select_option(label="加藤 三郎")
    page.get_by_label("新しい代表者への引継ぎメモ").fill("帳簿は公民館の棚にあります。")
    page.get_by_role("button", name="引き継ぐ").click()
    expect(_flash(page)).to_contain_text("引き継")  # type: ignore[arg-type]
    page.get_by_role("button", name="団体から退会する").click()
    page.wait_for_url("**/me")
    expect(_flash(page)).to_contain_text("団体から退会しました")  # type: ignore[arg-type]
    expect(page.get_by_text(name)).to_have_count(0)
    screenshot(page, "invite-03-old-officer-left")

    successor.goto(members)
    expect(successor.get_by_role("row", name=re.compile("加藤 三郎.*代表者"))).to_be_visible()
    expect(successor.get_by_text("帳簿は公民館の棚にあります。")).to_be_visible()
    expect(successor.get_by_text("山田 一郎", exact=True)).to_have_count(1)  # the handover only
    screenshot(successor, "invite-04-successor-is-officer")


def test_coordinator_invites_department_staff(
    page: Page, new_page: Callable[[], Page], unique: str, server_env: dict[str, str]
) -> None:
    staff_email = f"kimura-{unique}@city.example"
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto("/me")
    page.get_by_role("link", name="職員のアカウント").click()
    page.wait_for_url("**/coordinator/staff")
    form = page.locator("form").filter(has=page.get_by_role("button", name="招待を送る"))
    form.get_by_label(re.compile("^メールアドレス")).fill(staff_email)
    form.get_by_label(re.compile("^役割")).select_option(label="担当課の職員")
    department = form.get_by_label(re.compile("^担当課"))
    department.select_option(index=1)
    chosen = department.locator("option:checked").inner_text()
    form.get_by_role("button", name="招待を送る").click()
    expect(_flash(page)).to_contain_text("招待を送りました")  # type: ignore[arg-type]
    screenshot(page, "invite-05-coordinator-invited-staff")

    staff = new_page()
    _accept_with_new_account(staff, _invitation_link(server_env, staff_email),
                             "木村 四郎", "きむら しろう")
    staff.wait_for_url("**/me")
    expect(staff.get_by_text(chosen).first).to_be_visible()
    screenshot(staff, "invite-06-staff-joined")

    page.reload()
    row = page.get_by_role("row").filter(has_text=staff_email)
    expect(row).to_contain_text("利用中")
    expect(row).to_contain_text(chosen)
