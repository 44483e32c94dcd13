"""In a real browser, a working week from the desk without typing an address: the coordinator
signs in to 今日の仕事, approves a new group, sends a proposal to its department and decides a
後援 application once 福祉課 (from its own My page) has given its opinion; after each action
the coordinator comes back through the header, the row is gone and the title's count is one
less."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import screenshot, sign_in
from kakehashi.demo.loader import DEMO_PASSWORD
from kakehashi.proposals.models import REFUSAL_GROUNDS

pytestmark = pytest.mark.e2e

COORDINATOR = "coordinator@kakehashi.example"
STAFF = "fukushi@kakehashi.example"
PROPOSAL = "ひとり暮らし高齢者の見守り講座"
FESTIVAL = "ふくしまつり2027"


def _count(page: Page) -> int:
    match = re.search(r"\((\d+)\)", page.title())
    assert match, page.title()
    return int(match.group(1))


def _back_to_the_desk(page: Page) -> int:
    """Through the header's link to the desk, as a person would."""
    page.locator("header").get_by_role("link", name="今日の仕事").click()
    page.wait_for_url("**/coordinator/desk")
    return _count(page)


def test_a_week_from_the_desk(page: Page, new_page: Callable[[], Page]) -> None:
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.wait_for_url("**/coordinator/desk")
    count = _count(page)
    screenshot(page, "desk-week-1-monday")

    # A new group: the row lands on its card in the approvals list.
    row = page.locator("#desk-approvals a").first
    group = row.inner_text()
    row.click()
    card = page.locator("section.approval", has=page.get_by_role("heading", name=group))
    expect(card).to_be_visible()
    card.get_by_role("button", name="承認して公開する").click()
    after = _back_to_the_desk(page)
    expect(page.locator("#desk-approvals")).not_to_contain_text(group)
    assert after == count - 1
    count = after

    # A proposal to route: sent to 福祉課 from the row's page.
    page.locator("#desk-proposals").get_by_role("link", name=re.compile(PROPOSAL)).click()
    page.locator("#department").select_option(label="福祉課")
    page.get_by_role("button", name="この課へ送付する").click()
    after = _back_to_the_desk(page)
    expect(page.locator("#desk-proposals")).not_to_contain_text(PROPOSAL)
    assert after == count - 1
    count = after

    # A 後援 application waiting for 福祉課's opinion: 福祉課 answers from its My page.
    staff = new_page()
    sign_in(staff, STAFF, DEMO_PASSWORD)
    staff.get_by_role("link", name="マイページ").first.click()
    staff.get_by_role("link", name=FESTIVAL).click()
    staff.get_by_label("後援に賛成").check()
    staff.locator("#give-opinion").fill("福祉の担い手づくりの施策に寄与します。")
    staff.get_by_role("button", name="意見を送る").click()
    expect(staff.locator(".flash")).to_contain_text("意見を協働推進の窓口に送りました")

    page.locator("#desk-sponsorships").get_by_role("link", name=re.compile(FESTIVAL)).click()
    expect(page.locator("#opinion")).to_contain_text("福祉の担い手づくり")
    page.locator("input[name=contributes][value=yes]").check()
    for ground in REFUSAL_GROUNDS:
        page.locator(f"input[name=ground_{ground}][value=no]").check()
    page.get_by_label("後援を承認する").check()
    page.get_by_role("button", name="決定を記録する").click()
    expect(page.get_by_role("heading", name="後援承認")).to_be_visible()
    after = _back_to_the_desk(page)
    expect(page.locator("#desk-sponsorships")).not_to_contain_text(FESTIVAL)
    assert after == count - 1
    screenshot(page, "desk-week-2-after")
