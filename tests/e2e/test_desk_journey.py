"""In a real browser: the coordinator signs in to the desk, shortens a deadline (a bad number
first), follows a meeting whose outcome is missing, records it, and the row is gone."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import SCREENSHOTS, run_sql, screenshot, sign_in
from kakehashi.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

COORDINATOR = "coordinator@kakehashi.example"
GROUP = "group@kakehashi.example"
DEMO_MEETING = "子育てサロンの共催について"
COLUMNS = ("party_a_kind, party_a_id, party_b_kind, party_b_id, coordinator_id, room_id, "
           "online_url, starts_at, ends_at, sequence, limit_overridden, minutes, "
           "cancel_reason, created_at, updated_at")


def _past_meeting(url: str, agenda: str) -> int:
    """A copy of the demo's scheduled meeting, moved five days into the past (outcome missing)."""
    run_sql(url, f"INSERT INTO introduction (status, agenda, {COLUMNS}) SELECT 'scheduled', ?, "
                 f"{COLUMNS} FROM introduction WHERE agenda = ?", agenda, DEMO_MEETING)
    ((intro_id, starts, ends),) = run_sql(
        url, "SELECT id, starts_at, ends_at FROM introduction WHERE agenda = ?", agenda)
    shift = timedelta(days=5)
    if isinstance(starts, str):  # SQLite keeps the ISO text Tortoise wrote
        moved: tuple[object, object] = (
            (datetime.fromisoformat(starts) - shift).isoformat(sep=" "),
            (datetime.fromisoformat(str(ends)) - shift).isoformat(sep=" "))
    else:
        moved = (starts - shift, ends - shift)  # type: ignore[operator]
    run_sql(url, "UPDATE introduction SET starts_at = ?, ends_at = ? WHERE id = ?",
            *moved, intro_id)
    return int(intro_id)  # type: ignore[call-overload]


def _count(page: Page) -> int:
    match = re.search(r"\((\d+)\)", page.title())
    assert match, page.title()
    return int(match.group(1))


def test_the_coordinator_acts_from_the_desk_and_the_row_is_gone(
        page: Page, new_page: Callable[[], Page], server_env: dict[str, str],
        unique: str) -> None:
    intro_id = _past_meeting(server_env["KAKEHASHI_DATABASE_URL"], f"振り返り {unique}")
    row = page.locator(f'#desk-outcomes a[href="/introductions/{intro_id}#meeting-outcome"]')

    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.wait_for_url("**/coordinator/desk")
    expect(page.get_by_role("heading", level=1)).to_contain_text("今日の仕事")
    page.get_by_role("link", name="日数の設定を変更する").click()
    page.get_by_label(re.compile("^面談後に結果が未記録")).fill("0")
    page.get_by_role("button", name="日数の設定を保存する").click()
    expect(page.locator("#outcome_days-error")).to_contain_text("1から365")
    screenshot(page, "desk-settings-refused")
    page.get_by_label(re.compile("^面談後に結果が未記録")).fill("4")
    page.get_by_role("button", name="日数の設定を保存する").click()
    page.wait_for_url("**/coordinator/desk")
    expect(page.locator("#desk-outcomes h2")).to_contain_text("面談から4日以上")
    expect(row).to_be_visible()
    before = _count(page)
    screenshot(page, "desk")
    assert (SCREENSHOTS / "desk.png").exists()

    row.click()
    page.wait_for_url(f"**/introductions/{intro_id}#meeting-outcome")
    page.get_by_label(re.compile("^結果")).select_option(value="later")
    page.get_by_role("button", name="結果を記録する").click()
    page.wait_for_url(f"**/introductions/{intro_id}")
    page.goto("/coordinator/desk")
    expect(row).to_have_count(0)
    assert _count(page) == before - 1

    group = new_page()  # a group's officer sees its own waiting steps on My page
    sign_in(group, GROUP, DEMO_PASSWORD)
    expect(group.get_by_role("heading", name=re.compile("あなたの対応を待っていること"))
           ).to_be_visible()
    screenshot(group, "desk-my-page")
