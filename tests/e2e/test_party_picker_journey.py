"""In a real browser: the coordinator opens a collaboration by typing a few letters of each
party's name (the picker's script answers as they type) instead of scrolling hundreds."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import screenshot, sign_in
from kakehashi.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def test_the_coordinator_picks_parties_by_typing(page: Page, unique: str) -> None:
    sign_in(page, "coordinator@kakehashi.example", DEMO_PASSWORD)
    page.goto("/collaborations/new")
    expect(page.locator('input[name="parties"]')).to_have_count(0)
    page.get_by_label("件名").fill(f"見守り連携 {unique}")
    page.get_by_label("事業協力").check()
    found, picked = page.locator("#found-parties"), page.locator("#picked-parties")
    welfare = "福祉課 (担当課)"
    page.get_by_label("名前・よみがなで探す").fill("ふくし")
    expect(found.get_by_text(welfare, exact=True)).to_be_visible()  # asked while typing
    found.get_by_text(welfare, exact=True).click()
    expect(picked.get_by_text(welfare, exact=True)).to_be_visible()
    page.get_by_label("種別").select_option("organisation")
    page.get_by_label("名前・よみがなで探す").fill("みまもり")
    expect(found.get_by_text("(担当課)")).to_have_count(0)  # the groups' answer has come
    group = found.locator("label").first
    expect(group).to_be_visible()
    name = group.inner_text().split(" (")[0]
    group.click()
    expect(picked.get_by_text(name)).to_be_visible()
    expect(picked.get_by_text(welfare, exact=True)).to_be_visible()
    screenshot(page, "party-picker")
    page.get_by_role("button", name="協働事業を作成する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"見守り連携 {unique}")
    expect(page.get_by_role("link", name=name)).to_be_visible()
