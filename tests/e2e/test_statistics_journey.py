"""A visitor finds the statistics and the open data from the footer; the collaboration office
and a department read partner concentration. Each page passes axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import axe_violations as _violations
from e2e.conftest import screenshot, sign_in
from kakehashi.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def test_a_visitor_reads_the_statistics_and_finds_the_open_data(checked_page: Page) -> None:
    page = checked_page
    page.goto("/")
    page.get_by_role("link", name="統計").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("統計")
    charts = page.get_by_role("img")
    assert charts.count() == 10  # collaborations 4, introductions 2, proposals 2, 後援 2
    expect(page.locator("caption", has_text="提案への担当課の回答")).to_be_visible()
    expect(page.get_by_role("table").first).to_be_visible()
    expect(page.locator("caption", has_text="分野別の公開済み協働事業")).to_be_visible()
    assert not _violations(page)
    screenshot(page, "statistics")

    page.get_by_role("link", name="オープンデータ").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("オープンデータ")
    expect(page.get_by_text("CC BY 4.0").first).to_be_visible()
    with page.expect_download() as download:
        page.locator('a[href="/open-data/groups.csv"]').click()
    assert download.value.suggested_filename == "kakehashi-groups.csv"
    assert not _violations(page)
    page.goto("/statistics?lang=en")
    assert not _violations(page)


def test_the_office_and_a_department_read_partner_concentration(checked_page: Page) -> None:
    page = checked_page
    sign_in(page, "coordinator@kakehashi.example", DEMO_PASSWORD)
    page.goto("/coordinator/concentration")
    expect(page.get_by_role("heading", level=1)).to_have_text("協働相手の偏り")
    expect(page.get_by_text("注意が表示されるのは？")).to_be_visible()
    assert not _violations(page)
    screenshot(page, "concentration")

    page.context.clear_cookies()
    sign_in(page, "fukushi@kakehashi.example", DEMO_PASSWORD)
    hrefs = page.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    edit = next(h for h in hrefs if h and re.fullmatch(r"/departments/\d+/edit", h))
    page.goto(edit.replace("/edit", "/concentration"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("協働相手の偏り")
    assert not _violations(page)
